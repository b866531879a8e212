//! The documents aggregate: the document's shelf (`record.rs`) and what a document has beyond its record
//! (`detail.rs`).

mod detail;
mod record;

pub(crate) use detail::*;
pub(crate) use record::SHELVES;
