//! The domain's nouns: values parsed at the edge and the records of the council.

mod document;
mod plan;
mod record;
mod values;

pub use document::*;
pub use plan::*;
pub use record::*;
pub use values::*;
