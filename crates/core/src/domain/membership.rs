//! Kinds of membership: what a state's tie to an organisation (or its seat in a body) is called, and whether its
//! states take positions and count in consensus. An organisation configures its own; when it configures none, the
//! four built-in kinds apply (member: takes positions and counts; observer, partner, suspended: neither).

use serde::{Deserialize, Serialize};

use super::record::Organisation;
use super::values::{MembershipKind, Text};
use crate::error::{Error, Result};

/// One kind of membership of an organisation, as the organisation configures it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MembershipKindDefinition {
    /// Its code, which memberships and seats name (`participating`).
    pub kind: MembershipKind,
    /// Whether its states take positions on documents.
    pub takes_positions: bool,
    /// Whether its states count in consensus: their positions are awaited and their objection blocks.
    pub counts_in_consensus: bool,
    /// Its name per language (`participating State`); without one, a built-in kind is named by the interface's
    /// own message and another kind by its code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
}

/// The built-in kinds: code, takes positions, counts in consensus, English name for messages.
const BUILT_IN: [(&str, bool, bool, &str); 4] = [
    ("member", true, true, "member"),
    ("observer", false, false, "observer"),
    ("partner", false, false, "partner"),
    ("suspended", false, false, "suspended member"),
];

impl MembershipKind {
    /// The built-in kind of full members.
    pub fn member() -> Self {
        Self::parse("member").unwrap_or_else(|_| unreachable!("`member` is a kind code"))
    }

    /// The codes of the built-in kinds, which the interface names by messages of its own.
    pub fn built_in() -> impl Iterator<Item = &'static str> {
        BUILT_IN.iter().map(|(code, ..)| *code)
    }

    /// Whether the kind is one of the four built-in kinds.
    pub fn is_built_in(&self) -> bool {
        Self::built_in().any(|c| c == self.as_str())
    }
}

impl MembershipKindDefinition {
    /// The four built-in kinds.
    pub fn built_in() -> Vec<Self> {
        BUILT_IN
            .iter()
            .filter_map(|(code, takes, counts, _)| {
                let kind = MembershipKind::parse(code).ok()?;
                Some(Self { kind, takes_positions: *takes, counts_in_consensus: *counts, name: None })
            })
            .collect()
    }

    /// The kind's name in English, for the API's messages: its configured name, a built-in kind's own word, or
    /// its code with spaces.
    pub fn english_name(&self) -> String {
        if let Some(name) = &self.name {
            return name.get("en").to_owned();
        }
        match BUILT_IN.iter().find(|(code, ..)| *code == self.kind.as_str()) {
            Some((.., english)) => (*english).to_owned(),
            None => self.kind.as_str().replace('_', " "),
        }
    }
}

impl Organisation {
    /// The organisation's kinds of membership: those it configures, or the four built-in ones.
    pub fn membership_kinds_or_built_in(&self) -> Vec<MembershipKindDefinition> {
        if self.membership_kinds.is_empty() {
            MembershipKindDefinition::built_in()
        } else {
            self.membership_kinds.clone()
        }
    }

    /// One of the organisation's kinds of membership, or `422 unknown_membership_kind` naming it.
    pub fn membership_kind(&self, kind: &MembershipKind) -> Result<MembershipKindDefinition> {
        let kinds = self.membership_kinds_or_built_in();
        let codes: Vec<&str> = kinds.iter().map(|k| k.kind.as_str()).collect();
        let known = kinds.iter().find(|k| k.kind == *kind).cloned();
        known.ok_or_else(|| {
            Error::invalid(
                "unknown_membership_kind",
                format!("`{kind}` is not a kind of membership of {}: its kinds are {}", self.code, codes.join(", ")),
            )
        })
    }

    /// Checks the configured kinds: each code once, and a kind that counts in consensus takes positions.
    pub(super) fn check_membership_kinds(&self) -> Result<()> {
        for (i, k) in self.membership_kinds.iter().enumerate() {
            if self.membership_kinds[..i].iter().any(|other| other.kind == k.kind) {
                return Err(Error::invalid(
                    "duplicate_membership_kind",
                    format!("the kind of membership `{}` is configured twice", k.kind),
                ));
            }
            if k.counts_in_consensus && !k.takes_positions {
                return Err(Error::invalid(
                    "invalid_membership_kind",
                    format!("`{}` counts in consensus, so its states must take positions", k.kind),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(code: &str) -> MembershipKind {
        MembershipKind::parse(code).unwrap()
    }

    fn definition(code: &str, takes: bool, counts: bool) -> MembershipKindDefinition {
        MembershipKindDefinition { kind: kind(code), takes_positions: takes, counts_in_consensus: counts, name: None }
    }

    #[test]
    fn a_kind_code_is_snake_case() {
        assert!(MembershipKind::parse("not_taking_part").is_ok());
        assert_eq!(MembershipKind::parse("Observer").unwrap_err().code(), "invalid_membership_kind");
        assert!(MembershipKind::parse("").is_err());
        assert!(MembershipKind::parse("_x").is_err());
    }

    #[test]
    fn only_members_of_the_built_in_kinds_take_positions_and_count() {
        let kinds = MembershipKindDefinition::built_in();
        assert_eq!(kinds.len(), 4);
        for k in &kinds {
            assert_eq!(k.takes_positions, k.kind == MembershipKind::member(), "{}", k.kind);
            assert_eq!(k.counts_in_consensus, k.kind == MembershipKind::member(), "{}", k.kind);
            assert!(k.kind.is_built_in());
        }
        assert!(!kind("participating").is_built_in());
    }

    #[test]
    fn the_english_name_is_the_configured_one_else_the_built_in_word_else_the_code() {
        let named = MembershipKindDefinition {
            name: Some(Text::one("en", "participating State")),
            ..definition("participating", true, true)
        };
        assert_eq!(named.english_name(), "participating State");
        assert_eq!(definition("suspended", false, false).english_name(), "suspended member");
        assert_eq!(definition("not_taking_part", false, false).english_name(), "not taking part");
    }
}
