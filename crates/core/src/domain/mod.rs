//! The domain's nouns: values parsed at the edge and the records of the council.

mod document;
mod kind;
mod meeting;
mod named;
mod plan;
mod record;
mod values;

pub use document::*;
pub use kind::*;
pub use meeting::*;
pub use named::*;
pub use plan::*;
pub use record::*;
pub use values::*;
