//! The domain's nouns: values parsed at the edge and the records of the council.

mod act;
mod chairmanship;
mod document;
mod kind;
mod meeting;
mod membership;
mod named;
mod names;
mod notification;
mod plan;
mod position;
mod programme;
mod publication;
mod record;
mod register;
mod step;
mod values;
mod visibility;

pub use act::*;
pub use chairmanship::*;
pub use document::*;
pub use kind::*;
pub use meeting::*;
pub use membership::*;
pub use named::*;
pub use names::*;
pub use notification::*;
pub use plan::*;
pub use position::*;
pub use programme::*;
pub use publication::*;
pub use record::*;
pub use register::*;
pub use step::*;
pub use values::*;
pub use visibility::*;
