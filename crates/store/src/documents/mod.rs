//! The documents aggregate: the document's shelf (`record.rs`) and what a document has beyond its record
//! (`detail.rs`) and the procedures it goes through (`procedures.rs`).

mod detail;
mod procedures;
mod record;
mod register;
mod writes;

pub(crate) use detail::*;
pub(crate) use procedures::*;
pub(crate) use record::SHELVES;
pub(crate) use writes::*;

/// How many documents one batch of statements reads.
const BATCH: usize = 400;
pub(crate) use register::register;
