//! The domain's nouns: values parsed at the edge and the records of the council.

mod chairmanship;
mod document;
mod kind;
mod meeting;
mod membership;
mod named;
mod plan;
mod position;
mod record;
mod values;
mod visibility;

pub use chairmanship::*;
pub use document::*;
pub use kind::*;
pub use meeting::*;
pub use membership::*;
pub use named::*;
pub use plan::*;
pub use position::*;
pub use record::*;
pub use values::*;
pub use visibility::*;
