//! Notifications: what an account is told of (a draft circulated to her state, a silence procedure opened,
//! broken or concluded, a deadline a day away), on the start page and by e-mail.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{Id, Key, Lang, StateCode, Text, ZoneId};
use crate::error::{Error, Result};

/// What an account may choose to be told of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// A draft was circulated to her state.
    DraftCirculated,
    /// A silence procedure was opened on a document she sees.
    SilenceOpened,
    /// A silence procedure was broken by an objection or an amendment.
    SilenceBroken,
    /// A silence procedure ended unbroken: the text is deemed adopted.
    SilenceConcluded,
    /// A silence procedure's deadline is less than 24 hours away.
    DeadlineNear,
}

impl NotificationKind {
    /// Every kind, in the order the account page lists them; what a new account is told of.
    pub const ALL: [Self; 5] =
        [Self::DraftCirculated, Self::SilenceOpened, Self::SilenceBroken, Self::SilenceConcluded, Self::DeadlineNear];

    /// The stored and typed name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DraftCirculated => "draft_circulated",
            Self::SilenceOpened => "silence_opened",
            Self::SilenceBroken => "silence_broken",
            Self::SilenceConcluded => "silence_concluded",
            Self::DeadlineNear => "deadline_near",
        }
    }

    /// Parses a stored or typed name.
    pub fn parse(raw: &str) -> Result<Self> {
        super::variant_named(raw)
            .ok_or_else(|| Error::invalid("invalid_notification_kind", format!("`{raw}` is not a notification kind")))
    }
}

/// An e-mail address, checked only for its shape (`name@domain`); the mail server says the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Parses an address: one `@` with something on each side, a dot in the domain, no space or control character,
    /// at most 254 characters.
    pub fn parse(raw: &str) -> Result<Self> {
        let raw = raw.trim();
        let invalid = || Error::invalid("invalid_email", format!("`{raw}` is not an e-mail address"));
        let (local, domain) = raw.split_once('@').ok_or_else(invalid)?;
        let shaped = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && raw.len() <= 254
            && !raw.chars().any(|c| c.is_whitespace() || c.is_control() || "<>,;\"".contains(c));
        if shaped {
            Ok(Self(raw.to_owned()))
        } else {
            Err(invalid())
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One thing an account was told of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Notification {
    pub id: Id,
    pub kind: NotificationKind,
    /// The document it is about.
    #[serde(skip)]
    pub document: Id,
    /// The document's key, for its page.
    pub key: Key,
    pub title: Text,
    /// When it happened.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    /// The silence procedure's deadline, for a silence opened or a deadline near.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub deadline: Option<Timestamp>,
    /// The state whose objection or amendment broke the silence.
    pub by_state: Option<StateCode>,
}

/// A notification to write, for one account, in the transaction of the event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    pub account: Id,
    pub kind: NotificationKind,
    pub document: Id,
    /// What makes it one of a kind: an account is told of each event once (`silence:12:deadline_near`).
    pub event: String,
    pub at: Timestamp,
    pub deadline: Option<Timestamp>,
    pub by_state: Option<StateCode>,
    /// Whether it is to be mailed: the account has an address.
    pub mail: bool,
}

/// A notification waiting to be mailed, with what the message needs of its reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub notification: Notification,
    pub to: Email,
    pub language: Option<Lang>,
    pub time_zone: Option<ZoneId>,
    /// Failed tries so far.
    pub attempts: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(kind.as_str()).unwrap(), kind);
        }
        assert_eq!(NotificationKind::parse("everything").unwrap_err().code(), "invalid_notification_kind");
    }

    #[test]
    fn an_address_needs_a_name_an_at_and_a_domain_with_a_dot() {
        assert_eq!(Email::parse(" aigul@mfa.kz ").unwrap().as_str(), "aigul@mfa.kz");
        for bad in ["", "aigul", "@mfa.kz", "aigul@", "aigul@kz", "a b@mfa.kz", "a@b@mfa.kz", "a@.kz", "a<b>@mfa.kz"] {
            assert_eq!(Email::parse(bad).unwrap_err().code(), "invalid_email", "{bad}");
        }
    }
}
