//! The register: the documents a viewer may see, by symbol, kind, body, year, status, sponsor and language, a page
//! at a time. The filters combine; visibility is a condition of the store's query, so counts never tell more.

use jiff::Timestamp;
use serde::Serialize;

use super::document::{Document, DocumentKind, DocumentStatus, Sponsor};
use super::values::{Code, Key, Lang, StateCode};
use super::{variant_named, Id, Viewer};
use crate::error::{Error, Result};

/// The rows of one page of the register.
pub const REGISTER_PAGE: u32 = 50;

/// The most rows an export holds.
pub const REGISTER_EXPORT: u32 = 10_000;

/// The filters of the register as typed into its form: each may be left empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterFilters {
    /// Part of a symbol or key (`CFM/2018`), in any case.
    pub symbol: Option<String>,
    pub organisation: Option<Code>,
    pub body: Option<Code>,
    pub kind: Option<DocumentKind>,
    /// The year the document was tabled (its first revision).
    pub year: Option<i16>,
    pub status: Option<DocumentStatus>,
    pub sponsor: Option<Sponsor>,
    /// A language its current revision has a version in.
    pub language: Option<Lang>,
}

impl RegisterFilters {
    /// Parses the filters from the fields of the register's form (`symbol`, `organisation`, `body`, `kind`, `year`,
    /// `status`, `sponsor`, `language`); an empty field filters nothing. Each refusal names its field by its code.
    pub fn parse(field: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let get = |name: &str| field(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let code = |name: &str, error: &'static str| -> Result<Option<Code>> {
            get(name)
                .map(|v| Code::parse(&v).map_err(|_| Error::invalid(error, format!("`{v}` is no code"))))
                .transpose()
        };
        let year = match get("year") {
            Some(y) => Some(
                y.parse::<i16>()
                    .ok()
                    .filter(|y| (1900..=2999).contains(y))
                    .ok_or_else(|| Error::invalid("invalid_year", format!("`{y}` is not a year")))?,
            ),
            None => None,
        };
        let symbol = get("symbol");
        if symbol.as_ref().is_some_and(|s| s.chars().count() > 80) {
            return Err(Error::invalid("invalid_symbol", "a symbol has at most 80 characters"));
        }
        Ok(Self {
            symbol,
            organisation: code("organisation", "invalid_organisation")?,
            body: code("body", "invalid_body")?,
            kind: get("kind")
                .map(|k| {
                    variant_named(&k)
                        .ok_or_else(|| Error::invalid("invalid_document_kind", format!("`{k}` is no kind of document")))
                })
                .transpose()?,
            year,
            status: get("status").map(|s| DocumentStatus::parse(&s)).transpose()?,
            sponsor: get("sponsor").map(|s| Sponsor::parse(&s)).transpose()?,
            language: get("language").map(|l| Lang::parse(&l)).transpose()?,
        })
    }

    /// The filters as query pairs, for links to other pages and to the export: empty ones left out.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut push = |k, v: Option<String>| {
            if let Some(v) = v {
                out.push((k, v));
            }
        };
        push("symbol", self.symbol.clone());
        push("organisation", self.organisation.as_ref().map(ToString::to_string));
        push("body", self.body.as_ref().map(ToString::to_string));
        push("kind", self.kind.map(|k| super::name_of(&k)));
        push("year", self.year.map(|y| y.to_string()));
        push("status", self.status.map(|s| s.as_str().to_owned()));
        push("sponsor", self.sponsor.as_ref().map(ToString::to_string));
        push("language", self.language.as_ref().map(ToString::to_string));
        out
    }
}

/// What the store lists of the register: the filters, what the start page asks besides them, and a page.
#[derive(Debug, Clone)]
pub struct RegisterQuery {
    pub viewer: Viewer,
    pub filters: RegisterFilters,
    /// Any of these statuses (none: any status); with `filters.status`, both apply.
    pub statuses: Vec<DocumentStatus>,
    /// Documents open for positions whose current revision has no position of this state yet.
    pub awaiting: Option<StateCode>,
    /// Documents under an open silence procedure.
    pub silence_open: bool,
    pub offset: u32,
    pub limit: u32,
}

impl RegisterQuery {
    /// The first page of what `viewer` may see through `filters`.
    pub fn new(viewer: Viewer, filters: RegisterFilters) -> Self {
        Self {
            viewer,
            filters,
            statuses: Vec::new(),
            awaiting: None,
            silence_open: false,
            offset: 0,
            limit: REGISTER_PAGE,
        }
    }
}

/// A line of the register.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RegisterRow {
    pub id: Id,
    pub key: Key,
    pub symbol: Option<String>,
    pub document: Document,
    pub status: DocumentStatus,
    /// The languages of its current revision.
    pub languages: Vec<Lang>,
    /// When it was tabled (its first revision).
    #[schema(value_type = Option<String>, format = DateTime)]
    pub tabled_at: Option<Timestamp>,
    /// The deadline of its open silence procedure, if one is open.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub silence_deadline: Option<Timestamp>,
}

/// A page of the register and how many rows all its pages hold.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RegisterPage {
    pub rows: Vec<RegisterRow>,
    pub total: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<RegisterFilters> {
        RegisterFilters::parse(|k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned()))
    }

    #[test]
    fn empty_fields_filter_nothing_and_typed_ones_parse_into_the_domain_s_words() {
        assert_eq!(parse(&[("kind", ""), ("year", " ")]).unwrap(), RegisterFilters::default());
        let f = parse(&[("kind", "statement"), ("year", "2018"), ("sponsor", "RU"), ("status", "draft")]).unwrap();
        assert_eq!(f.kind, Some(DocumentKind::Statement));
        assert_eq!(f.year, Some(2018));
        assert_eq!(f.sponsor, Some(Sponsor::State(StateCode::parse("RU").unwrap())));
        assert_eq!(f.status, Some(DocumentStatus::Draft));
    }

    #[test]
    fn a_bad_filter_is_refused_with_a_code_that_names_its_field() {
        for (field, value, code) in [
            ("year", "eighteen", "invalid_year"),
            ("year", "20180", "invalid_year"),
            ("kind", "memo", "invalid_document_kind"),
            ("status", "lost", "invalid_status"),
            ("sponsor", "Russia", "invalid_sponsor"),
            ("body", "c f m", "invalid_body"),
        ] {
            assert_eq!(parse(&[(field, value)]).unwrap_err().code(), code, "{field}={value}");
        }
    }

    #[test]
    fn the_filters_go_back_into_the_query_they_came_from() {
        let typed = [("symbol", "CFM/2018"), ("body", "CFM"), ("kind", "joint_statement"), ("language", "ru")];
        let f = parse(&typed).unwrap();
        let pairs = f.pairs();
        let again = RegisterFilters::parse(|k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())).unwrap();
        assert_eq!(again, f);
    }
}
