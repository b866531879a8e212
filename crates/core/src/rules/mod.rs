//! The rules of DESIGN.md §3, as pure functions.

pub mod actions;
pub mod acts;
pub mod agenda;
pub mod announcement;
pub mod audit;
pub mod cadence;
pub mod chair;
pub mod consensus;
pub mod diff;
pub mod history;
pub mod lifecycle;
pub mod meeting_actions;
pub mod membership;
pub mod newsletter;
pub mod notify;
pub mod programme;
pub mod publication;
pub mod rotation;
pub mod search;
pub mod silence;
pub mod statements;
pub mod symbols;
pub mod throttle;
pub mod time;
pub mod visibility;
