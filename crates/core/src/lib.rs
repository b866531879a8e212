//! Secretariat's core: the domain's types, its rules, the use cases and the Store trait. No HTTP, no SQL.

pub mod account;
pub mod clock;
pub mod domain;
pub mod error;
pub mod rules;
pub mod scenario;
pub mod service;
pub mod store;

pub use error::{Error, Result};
