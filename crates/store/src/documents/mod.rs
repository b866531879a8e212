//! The documents aggregate: the document's shelf (`record.rs`) and what a document has beyond its record
//! (`detail.rs`) and the procedures it goes through (`procedures.rs`).

mod detail;
mod procedures;
mod record;
mod register;

pub(crate) use detail::*;
pub(crate) use procedures::*;
pub(crate) use record::SHELVES;
pub(crate) use register::register;
