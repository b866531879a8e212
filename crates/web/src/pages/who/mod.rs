//! Who's who: the pages of a state ([`state`]), a body ([`body`]) and a person ([`person`]), the one way every
//! page links a name to them, and the picture of an organisation's chairmanship rotation ([`rotation`]).

pub mod body;
pub mod person;
pub mod rotation;
pub mod state;

use secretariat_core::domain::{Code, Key, Period, StateCode};

use super::periods::period_text;
use crate::i18n::UiLang;

/// The page of a state.
pub fn state_href(code: &StateCode) -> String {
    format!("/states/{code}")
}

/// The page of a person.
pub fn person_href(key: &Key) -> String {
    format!("/people/{key}")
}

/// The page of a body of an organisation.
pub fn body_href(organisation: &Code, body: &Code) -> String {
    format!("/organisations/{organisation}/bodies/{body}")
}

/// A name and the page it links to.
pub struct Link {
    pub href: String,
    pub name: String,
}

/// A period in words, or that none is recorded.
fn period(lang: UiLang, p: &Period) -> String {
    period_text(lang, p)
}
