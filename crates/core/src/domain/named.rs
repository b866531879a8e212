//! Names that change over time: a person's surname, a city renamed.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::values::{Lang, Text};
use crate::error::{Error, Result};

/// A grammatical case in which a name or title is written inside a sentence (Russian: "в Алматы", "под
/// председательством Министра").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Case {
    Genitive,
    Dative,
    Accusative,
    Instrumental,
    Prepositional,
}

/// The forms of a name or title in the cases of the languages that decline it: language → case → form. What is not
/// recorded is not guessed: a sentence that would need it is written another way.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(try_from = "BTreeMap<Lang, BTreeMap<Case, String>>", into = "BTreeMap<Lang, BTreeMap<Case, String>>")]
#[schema(value_type = BTreeMap<String, BTreeMap<String, String>>)]
pub struct Forms(BTreeMap<Lang, BTreeMap<Case, String>>);

impl Forms {
    /// The form in `lang` and `case`, if recorded.
    pub fn get(&self, lang: &str, case: Case) -> Option<&str> {
        self.0.iter().find(|(l, _)| l.as_str() == lang).and_then(|(_, cases)| cases.get(&case)).map(String::as_str)
    }

    /// Forms of one language.
    pub fn of(lang: &str, forms: &[(Case, &str)]) -> Self {
        let mut map = BTreeMap::new();
        if let Ok(lang) = Lang::parse(lang) {
            map.insert(lang, forms.iter().map(|(c, f)| (*c, (*f).to_owned())).collect());
        }
        Self(map)
    }
}

impl TryFrom<BTreeMap<Lang, BTreeMap<Case, String>>> for Forms {
    type Error = Error;
    fn try_from(map: BTreeMap<Lang, BTreeMap<Case, String>>) -> Result<Self> {
        let bad = map.values().flat_map(BTreeMap::values).any(|f| f.trim().is_empty() || f.len() > 1_000);
        if bad {
            return Err(Error::invalid("invalid_forms", "a form is a non-blank text of at most 1,000 bytes"));
        }
        Ok(Self(map))
    }
}

impl From<Forms> for BTreeMap<Lang, BTreeMap<Case, String>> {
    fn from(f: Forms) -> Self {
        f.0
    }
}

/// A name that holds from a day on (a person's surname change, a city renamed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Named {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub from: Option<Date>,
    pub name: Text,
    /// The name's forms in the cases of languages that decline it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forms: Option<Forms>,
}

/// The name in force on `day`: the latest one that started on or before it.
pub fn name_on(names: &[Named], day: Date) -> Option<&Text> {
    named_on(names, day).map(|n| &n.name)
}

/// The entry in force on `day`, with its forms: the latest one that started on or before it.
pub fn named_on(names: &[Named], day: Date) -> Option<&Named> {
    names
        .iter()
        .filter(|n| n.from.is_none_or(|f| f <= day))
        .max_by_key(|n| n.from)
        .or_else(|| names.iter().min_by_key(|n| n.from))
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
