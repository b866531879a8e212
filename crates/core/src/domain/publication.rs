//! What a press department publishes, and who publishes it (DESIGN §2, Publication).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::kind::Recorded;
use super::values::{Code, Key, Lang, StateCode, Text, ZoneId};
use crate::error::{Error, Result};

/// A press department: the organisation's own press service, or a member state's ministry (the Russian MFA's
/// Information and Press Department). Press accounts belong to one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    pub key: Key,
    pub name: Text,
    /// The organisation whose work it writes about.
    pub organisation: Code,
    /// The state whose ministry it is; none for the organisation's own press service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<StateCode>,
    /// The zone its dates and times are shown in.
    pub time_zone: ZoneId,
    /// Its own categories ("Press Release (Newsletter)").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
}

/// A publisher's category of publications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub key: Key,
    pub name: Text,
}

impl Publisher {
    /// The category of this publisher with this key.
    pub fn category(&self, key: &Key) -> Option<&Category> {
        self.categories.iter().find(|c| &c.key == key)
    }
}

impl Recorded for Publisher {
    fn identity(&self) -> Option<String> {
        Some(self.key.to_string())
    }
    fn check(&self) -> Result<()> {
        let keys = &self.categories;
        if keys.iter().enumerate().any(|(i, c)| keys[..i].iter().any(|d| d.key == c.key)) {
            return Err(Error::invalid("duplicate_category", "a publisher names each category once"));
        }
        Ok(())
    }
    fn example(n: u32) -> Value {
        json!({"key": format!("example-{n}"), "name": {"en": format!("Press service {n}")}, "organisation": "CSTO",
            "time_zone": "Europe/Moscow", "categories": [{"key": "news", "name": {"en": "News"}}]})
    }
}

/// What kind of text a publication is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PublicationKind {
    Comment,
    PressRelease,
    Statement,
    News,
}

/// Where a publication stands: the public sees it only once published (and, with a notice, once withdrawn).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PublicationStatus {
    Draft,
    Scheduled,
    Published,
    Withdrawn,
}

impl PublicationStatus {
    /// Whether the public sees a publication in this status.
    pub fn is_public(self) -> bool {
        matches!(self, Self::Published | Self::Withdrawn)
    }
}

/// One publication in one language; its translations name the same original (`translation_of`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    pub key: Key,
    pub publisher: Key,
    pub kind: PublicationKind,
    /// One of the publisher's categories, by key.
    pub category: Key,
    pub language: Lang,
    /// The publication this one translates; the original names none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation_of: Option<Key>,
    pub title: String,
    #[serde(default)]
    pub lead: String,
    /// Markdown; shown sanitised, never as raw HTML.
    pub body: String,
    /// A person or a department.
    pub author: String,
    pub status: PublicationStatus,
    /// When the background task publishes it (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub scheduled_at: Option<Timestamp>,
    /// When it was published (RFC 3339); set by the lifecycle, never by the press.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub published_at: Option<Timestamp>,
    /// The meetings it is about, by key.
    #[serde(default)]
    pub meetings: Vec<Key>,
    /// The documents it is about, by key: public ones only.
    #[serde(default)]
    pub documents: Vec<Key>,
    /// Public views counted so far; a scenario file may carry the count from elsewhere.
    #[serde(default)]
    pub hits: u64,
}

/// Keys a publication may not take: the paths of the press officer's pages under `/publications/`.
pub const RESERVED_KEYS: [&str; 2] = ["new", "drafts"];

impl Publication {
    /// What a publication must say of itself whoever writes it (the press, or a scenario file).
    pub fn check(&self) -> Result<()> {
        let p = self;
        let blank = |s: &str| s.trim().is_empty();
        if blank(&p.title) || blank(&p.body) || blank(&p.author) {
            return Err(Error::invalid("publication_incomplete", "a publication needs a title, a body and an author"));
        }
        if RESERVED_KEYS.contains(&p.key.as_str()) {
            return Err(Error::invalid("reserved_key", format!("`{}` names a page of the press office", p.key)));
        }
        if p.translation_of.as_ref() == Some(&p.key) {
            return Err(Error::invalid("invalid_translation", "a publication cannot translate itself"));
        }
        let consistent = match p.status {
            PublicationStatus::Draft => p.published_at.is_none(),
            PublicationStatus::Scheduled => p.scheduled_at.is_some() && p.published_at.is_none(),
            PublicationStatus::Published | PublicationStatus::Withdrawn => p.published_at.is_some(),
        };
        if !consistent {
            return Err(Error::invalid(
                "invalid_publication_stage",
                "a scheduled publication has `scheduled_at`, a published or withdrawn one `published_at`, a draft neither",
            ));
        }
        Ok(())
    }
}

impl Recorded for Publication {
    fn identity(&self) -> Option<String> {
        Some(self.key.to_string())
    }
    fn check(&self) -> Result<()> {
        Publication::check(self)
    }
    fn example(n: u32) -> Value {
        json!({"key": format!("example-{n}"), "publisher": "mfa-russia-press", "kind": "news",
            "category": "press-release-newsletter", "language": "en", "title": format!("Publication {n}"),
            "body": "Text.", "author": "Press service", "status": "draft", "meetings": ["cfm-2018-06-almaty"]})
    }
}
