//! The one way from a variant to its snake_case name and back: serde's, the name the API sends. The store writes
//! it in its columns, the interface builds its message keys from it, and the `as_str` of an enum whose name must be
//! a `&'static str` (a visibility written into SQL, a kind as a table) is checked against it by a test
//! (`tests/names.rs`, which names enums of every shelf of the core).

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The name of a unit variant, as serde writes it; empty for a value that is not a plain name.
pub fn name_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// The variant of that name, if there is one.
pub fn variant_named<T: DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}
