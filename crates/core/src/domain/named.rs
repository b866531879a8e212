//! Names that change over time: a person's surname, a city renamed.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::values::Text;
use crate::error::{Error, Result};

/// A name that holds from a day on (a person's surname change, a city renamed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Named {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub from: Option<Date>,
    pub name: Text,
}

/// The name in force on `day`: the latest one that started on or before it.
pub fn name_on(names: &[Named], day: Date) -> Option<&Text> {
    names
        .iter()
        .filter(|n| n.from.is_none_or(|f| f <= day))
        .max_by_key(|n| n.from)
        .map(|n| &n.name)
        .or_else(|| names.iter().min_by_key(|n| n.from).map(|n| &n.name))
}

/// The latest name, for lists that are not tied to a date.
pub fn current_name(names: &[Named]) -> Option<&Text> {
    names.iter().max_by_key(|n| n.from).map(|n| &n.name)
}

pub(crate) fn check_names(names: &[Named]) -> Result<()> {
    if names.is_empty() {
        return Err(Error::invalid("invalid_names", "at least one name is needed"));
    }
    let mut starts: Vec<_> = names.iter().map(|n| n.from).collect();
    starts.sort();
    starts.dedup();
    if starts.len() != names.len() {
        return Err(Error::invalid("invalid_names", "two names start on the same day"));
    }
    Ok(())
}
