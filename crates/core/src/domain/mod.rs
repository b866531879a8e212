//! The domain's nouns: values parsed at the edge and the records of the council.

mod record;
mod values;

pub use record::*;
pub use values::*;
