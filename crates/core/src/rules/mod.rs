//! The rules of DESIGN.md §3, as pure functions.

pub mod agenda;
pub mod audit;
pub mod cadence;
pub mod chair;
pub mod time;
pub mod visibility;
