//! Documents: texts with a register symbol, sponsors, language versions, revisions, a visibility and a lifecycle.

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::values::{Code, Key, Lang, StateCode, Text};
use super::Visibility;
use crate::error::{Error, Result};

/// What kind of text a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Decision,
    Statement,
    JointStatement,
    Declaration,
    Plan,
    Roadmap,
    List,
    Regulation,
    Agreement,
    Protocol,
    Report,
    InformationNote,
}

impl DocumentKind {
    /// Every kind.
    pub const ALL: [DocumentKind; 12] = [
        Self::Decision,
        Self::Statement,
        Self::JointStatement,
        Self::Declaration,
        Self::Plan,
        Self::Roadmap,
        Self::List,
        Self::Regulation,
        Self::Agreement,
        Self::Protocol,
        Self::Report,
        Self::InformationNote,
    ];

    /// The code used in register symbols unless the organisation sets its own.
    pub fn default_code(self) -> &'static str {
        match self {
            Self::Decision => "DEC",
            Self::Statement => "STM",
            Self::JointStatement => "JST",
            Self::Declaration => "DECL",
            Self::Plan => "PLAN",
            Self::Roadmap => "RM",
            Self::List => "LIST",
            Self::Regulation => "REG",
            Self::Agreement => "AGR",
            Self::Protocol => "PROT",
            Self::Report => "REP",
            Self::InformationNote => "INF",
        }
    }

    /// Whether states sign and ratify it.
    pub fn is_treaty(self) -> bool {
        matches!(self, Self::Agreement | Self::Protocol)
    }
}

/// A kind of document as an organisation registers it: its symbol code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KindCode {
    pub kind: DocumentKind,
    pub code: Code,
}

/// The placeholders a symbol pattern may use.
pub const PLACEHOLDERS: [&str; 5] = ["{org}", "{body}", "{year}", "{kind}", "{n}"];

/// Checks a pattern: it needs `{n}` and uses no other braces than the placeholders.
pub fn check_pattern(pattern: &str) -> Result<()> {
    if !pattern.contains("{n}") {
        return Err(Error::invalid("invalid_symbol_pattern", "a symbol pattern needs the number `{n}`"));
    }
    let mut rest = pattern.to_owned();
    for p in PLACEHOLDERS {
        rest = rest.replace(p, "");
    }
    if rest.contains('{') || rest.contains('}') {
        return Err(Error::invalid(
            "invalid_symbol_pattern",
            "a symbol pattern may use only {org}, {body}, {year}, {kind} and {n}",
        ));
    }
    Ok(())
}

/// How an organisation numbers its documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Register {
    /// The symbol pattern, with `{org}`, `{body}`, `{year}`, `{kind}` and `{n}`.
    #[serde(default = "default_pattern")]
    pub pattern: String,
    /// The kinds the organisation uses, with their symbol codes; empty means every kind with its default code.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<KindCode>,
}

fn default_pattern() -> String {
    "{org}/{body}/{year}/{kind}/{n}".into()
}

impl Default for Register {
    fn default() -> Self {
        Self { pattern: default_pattern(), kinds: Vec::new() }
    }
}

impl Register {
    /// The symbol code of a kind, or a refusal if the organisation does not use that kind.
    pub fn code_of(&self, kind: DocumentKind) -> Result<String> {
        if self.kinds.is_empty() {
            return Ok(kind.default_code().to_owned());
        }
        self.kinds.iter().find(|k| k.kind == kind).map(|k| k.code.to_string()).ok_or_else(|| {
            Error::invalid("kind_not_used", format!("the organisation does not register documents of kind {kind:?}"))
        })
    }

    /// Checks the pattern and the kinds.
    pub fn check(&self) -> Result<()> {
        check_pattern(&self.pattern)
    }
}

/// Who sponsors a document: a state, the Secretariat, or a body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Sponsor {
    State(StateCode),
    Secretariat,
    Body(Code),
}

impl Sponsor {
    /// Parses `RU`, `secretariat` or `body/CFM`.
    pub fn parse(raw: &str) -> Result<Self> {
        if raw == "secretariat" {
            return Ok(Self::Secretariat);
        }
        if let Some(body) = raw.strip_prefix("body/") {
            return Code::parse(body).map(Self::Body);
        }
        StateCode::parse(raw).map(Self::State).map_err(|_| {
            Error::invalid("invalid_sponsor", format!("`{raw}` is not a state code, `secretariat` or `body/CODE`"))
        })
    }

    /// The sponsoring state, if a state.
    pub fn state(&self) -> Option<&StateCode> {
        match self {
            Self::State(s) => Some(s),
            _ => None,
        }
    }
}

impl fmt::Display for Sponsor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::State(s) => write!(f, "{s}"),
            Self::Secretariat => f.write_str("secretariat"),
            Self::Body(b) => write!(f, "body/{b}"),
        }
    }
}

impl Serialize for Sponsor {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl utoipa::PartialSchema for Sponsor {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("a state code (`RU`), `secretariat`, or `body/CODE`"))
            .pattern(Some("^([A-Z]{2}|secretariat|body/[A-Z0-9_-]{1,32})$"))
            .into()
    }
}

impl utoipa::ToSchema for Sponsor {}

impl<'de> Deserialize<'de> for Sponsor {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A corrigendum or an addendum to another document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Amendment {
    Corrigendum,
    Addendum,
}

/// What a document corrects or adds to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Amends {
    pub document: Key,
    pub kind: Amendment,
}

/// A document as written by its sponsors; its status, symbol and outcome are kept by the use cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub key: Key,
    pub organisation: Code,
    /// The body whose document it is (the CFM for a CFM statement).
    pub body: Code,
    pub kind: DocumentKind,
    pub title: Text,
    pub sponsors: Vec<Sponsor>,
    pub original_language: Lang,
    pub visibility: Visibility,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amends: Option<Amends>,
    /// The span a plan or roadmap covers (2018–2021; H2 2018 – H1 2019).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<super::values::Period>,
    /// When an agreement or protocol entered into force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub in_force_on: Option<jiff::civil::Date>,
}

impl Document {
    /// Checks what a parsed document cannot say by its types.
    pub fn check(&self) -> Result<()> {
        if self.sponsors.is_empty() {
            return Err(Error::invalid("sponsor_required", "a document needs at least one sponsor"));
        }
        let mut seen = self.sponsors.clone();
        seen.sort_by_key(ToString::to_string);
        seen.dedup();
        if seen.len() != self.sponsors.len() {
            return Err(Error::invalid("invalid_sponsor", "a sponsor is named twice"));
        }
        if self.period.is_some()
            && !matches!(self.kind, DocumentKind::Plan | DocumentKind::Roadmap | DocumentKind::List)
        {
            return Err(Error::invalid("invalid_period", "only plans, roadmaps and lists cover a period"));
        }
        if self.in_force_on.is_some() && !self.kind.is_treaty() {
            return Err(Error::invalid("invalid_document", "only agreements and protocols enter into force"));
        }
        if let Some(p) = self.period {
            super::values::Period::new(p.from, p.to)?;
        }
        Ok(())
    }

    /// The states among the sponsors.
    pub fn sponsor_states(&self) -> Vec<StateCode> {
        self.sponsors.iter().filter_map(|s| s.state().cloned()).collect()
    }
}

/// How far a language version has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    Draft,
    Translated,
    Verified,
    Authentic,
}

/// How a document was adopted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    Meeting,
    Silence,
    /// A body's own written procedure, on a date, without a meeting (a referral's outcome).
    WrittenProcedure,
}

/// Where a silence procedure stands: open until its deadline, then adopted, or broken before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SilenceStatus {
    Open,
    Adopted,
    Broken,
}

/// The decision on a document: adopted (or not) at a meeting, or by silence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<Key>,
    pub procedure: Procedure,
}

/// What an agenda item's outcome records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemOutcome {
    Adopted,
    Noted,
    Returned,
    NotAdopted,
    Deferred,
    /// Agreed: at a preparatory body's meeting, each document is agreed and sent on to the body it prepares for.
    Agreed,
    /// Approved and submitted to a higher body (ministers approve a text for the heads of state), not adopted.
    Approved,
}

impl super::Recorded for Document {
    fn identity(&self) -> Option<String> {
        Some(self.key.to_string())
    }
    fn check(&self) -> Result<()> {
        Document::check(self)
    }
    fn example(n: u32) -> serde_json::Value {
        serde_json::json!({"key": format!("example-{n}"), "organisation": "CSTO", "body": "CFM", "kind": "statement",
            "title": {"en": format!("Statement {n}")}, "sponsors": ["RU"], "original_language": "ru",
            "visibility": "public"})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sponsors_read_and_write_as_codes() {
        for raw in ["RU", "secretariat", "body/CFM"] {
            assert_eq!(Sponsor::parse(raw).unwrap().to_string(), raw);
        }
        assert_eq!(Sponsor::parse("Russia").unwrap_err().code(), "invalid_sponsor");
    }

    #[test]
    fn an_organisation_that_lists_its_kinds_registers_only_those() {
        let register = Register {
            pattern: "{org}/{n}".into(),
            kinds: vec![KindCode { kind: DocumentKind::Decision, code: Code::parse("D").unwrap() }],
        };
        assert_eq!(register.code_of(DocumentKind::Decision).unwrap(), "D");
        assert_eq!(register.code_of(DocumentKind::Plan).unwrap_err().code(), "kind_not_used");
        assert_eq!(Register::default().code_of(DocumentKind::Plan).unwrap(), "PLAN");
    }

    #[test]
    fn a_document_without_a_sponsor_or_with_one_twice_is_refused() {
        let mut doc: Document = serde_json::from_value(serde_json::json!({
            "key": "inf", "organisation": "CSTO", "body": "CFM", "kind": "statement",
            "title": {"en": "Statement"}, "sponsors": ["RU"], "original_language": "ru", "visibility": "sponsors"
        }))
        .unwrap();
        assert!(doc.check().is_ok());
        doc.sponsors.push(Sponsor::parse("RU").unwrap());
        assert_eq!(doc.check().unwrap_err().code(), "invalid_sponsor");
        doc.sponsors.clear();
        assert_eq!(doc.check().unwrap_err().code(), "sponsor_required");
    }
}

/// Where a document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    Draft,
    Circulated,
    UnderAgreement,
    Agreed,
    Adopted,
    Returned,
    NotAdopted,
    Withdrawn,
    Referred,
}
