//! The register `/documents`: every document the reader may see, through filters that combine (a GET form), a
//! page at a time, and `/documents.csv` with what the same filters show. The store's query applies the reader's
//! visibility, so neither the rows, nor the count, nor the export tell more.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use secretariat_core::domain::{
    DocumentKind, DocumentStatus, Kind, Record, RegisterFilters, RegisterQuery, RegisterRow, Sponsor, REGISTER_EXPORT,
    REGISTER_PAGE,
};
use secretariat_core::store::Filter;
use secretariat_core::Error;

use super::form::{url_escape, FormView};
use super::{render, Layout};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::PageQuery;
use crate::i18n::UiLang;
use crate::AppState;

/// The names the pages give states, bodies and sponsors, in the reader's language.
pub struct Names {
    lang: UiLang,
    states: HashMap<String, String>,
    bodies: HashMap<String, String>,
    /// (code, name) of every state, by name.
    pub state_list: Vec<(String, String)>,
    /// (code, name) of every body, by name.
    pub body_list: Vec<(String, String)>,
    /// Every working language of the organisations kept here, by code.
    pub languages: Vec<String>,
    /// (code, name) of every organisation.
    pub org_list: Vec<(String, String)>,
}

impl Names {
    /// Reads the states, bodies and working languages once.
    pub async fn load(state: &AppState, auth: &Auth, lang: UiLang) -> Result<Self, Error> {
        let filter = Filter::new(auth.viewer());
        let (states, _) = state.app.list(Kind::State, &filter).await?;
        let (bodies, _) = state.app.list(Kind::Body, &filter).await?;
        let (orgs, _) = state.app.list(Kind::Organisation, &filter).await?;
        let mut names = Self {
            lang,
            states: HashMap::new(),
            bodies: HashMap::new(),
            state_list: Vec::new(),
            body_list: Vec::new(),
            languages: Vec::new(),
            org_list: Vec::new(),
        };
        for s in states {
            if let Record::State(s) = s.record {
                names.states.insert(s.code.to_string(), lang.text(&s.name));
            }
        }
        for b in bodies {
            if let Record::Body(b) = b.record {
                let name = lang.text(b.abbreviation.as_ref().unwrap_or(&b.name));
                names.bodies.entry(b.code.to_string()).or_insert(name);
            }
        }
        for o in orgs {
            if let Record::Organisation(o) = o.record {
                names.languages.extend(o.languages.iter().map(|l| l.to_string()));
                names.org_list.push((o.code.to_string(), lang.text(&o.name)));
            }
        }
        names.languages.sort();
        names.languages.dedup();
        names.state_list = names.states.iter().map(|(c, n)| (c.clone(), n.clone())).collect();
        names.state_list.sort_by(|a, b| a.1.cmp(&b.1));
        names.body_list = names.bodies.iter().map(|(c, n)| (c.clone(), n.clone())).collect();
        names.body_list.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(names)
    }

    /// A state by its name (its code where none is recorded).
    pub fn state(&self, code: &str) -> String {
        self.states.get(code).cloned().unwrap_or_else(|| code.to_owned())
    }

    /// A body by its short name.
    pub fn body(&self, code: &str) -> String {
        self.bodies.get(code).cloned().unwrap_or_else(|| code.to_owned())
    }

    /// A sponsor in words: a state's name, "the Secretariat", a body's name.
    pub fn sponsor(&self, s: &Sponsor) -> String {
        match s {
            Sponsor::State(code) => self.state(code.as_str()),
            Sponsor::Secretariat => self.lang.t("sponsor-secretariat"),
            Sponsor::Body(code) => self.body(code.as_str()),
        }
    }

    /// Every sponsor a form may name: the Secretariat, then the states by name.
    pub fn sponsor_options(&self) -> Vec<(String, String)> {
        let mut out = vec![("secretariat".to_owned(), self.lang.t("sponsor-secretariat"))];
        out.extend(self.state_list.iter().cloned());
        out
    }
}

/// A line of the register in words.
pub struct Line {
    pub href: String,
    pub symbol: String,
    pub title: String,
    pub kind: String,
    pub body: String,
    pub status: String,
    pub sponsors: String,
    pub languages: String,
    pub year: String,
    /// The open silence procedure's deadline, in UTC.
    pub deadline: Option<String>,
}

/// A register row in the reader's words.
pub fn line(lang: UiLang, names: &Names, r: &RegisterRow) -> Line {
    Line {
        href: format!("/documents/{}", r.key),
        symbol: r.symbol.clone().unwrap_or_else(|| lang.t("document-provisional")),
        title: lang.text(&r.document.title),
        kind: lang.name_of(&r.document.kind),
        body: names.body(r.document.body.as_str()),
        status: lang.name_of(&r.status),
        sponsors: r.document.sponsors.iter().map(|s| names.sponsor(s)).collect::<Vec<_>>().join(", "),
        languages: r.languages.iter().map(|l| lang.language_name(l.as_str())).collect::<Vec<_>>().join(", "),
        year: r.tabled_at.map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).year().to_string()).unwrap_or_default(),
        deadline: r.silence_deadline.map(|t| {
            let utc = t.to_zoned(jiff::tz::TimeZone::UTC);
            format!("{}, {} UTC", lang.date(&utc.date()), utc.time().strftime("%H:%M"))
        }),
    }
}

/// The error codes of the register's filters and the fields they concern.
const FILTER_FIELDS: &[(&str, &str)] = &[
    ("invalid_symbol", "symbol"),
    ("invalid_organisation", "organisation"),
    ("invalid_body", "body"),
    ("invalid_document_kind", "kind"),
    ("invalid_year", "year"),
    ("invalid_status", "status"),
    ("invalid_sponsor", "sponsor"),
    ("invalid_state", "sponsor"),
    ("invalid_language", "language"),
];

#[derive(Template)]
#[template(path = "pages/register.html")]
struct RegisterPage {
    layout: Layout,
    form: FormView,
    lines: Vec<Line>,
    /// "3 documents"
    count: String,
    organisations: Vec<(String, String)>,
    bodies: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    sponsors: Vec<(String, String)>,
    languages: Vec<(String, String)>,
    previous: Option<String>,
    next: Option<String>,
    csv: String,
    /// May the reader draft: the link to a new document.
    may_draft: bool,
}

/// A query string of the filters (and a page), `?` included unless empty.
fn query_of(filters: &RegisterFilters, page: Option<u32>) -> String {
    let mut pairs: Vec<String> = filters.pairs().into_iter().map(|(k, v)| format!("{k}={}", url_escape(&v))).collect();
    if let Some(p) = page.filter(|p| *p > 1) {
        pairs.push(format!("page={p}"));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

fn pick(fields: &[(String, String)], name: &str) -> Option<String> {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

/// `GET /documents`: the register, filtered and paged.
pub async fn list_documents(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    PageQuery(fields): PageQuery<Vec<(String, String)>>,
) -> PageResult {
    let lang = UiLang::negotiate(pick(&fields, "lang").as_deref(), &headers);
    let names = Names::load(&state, &auth, lang).await.map_err(PageError::new(lang))?;
    let mut form = FormView::typed(&fields);
    let page = pick(&fields, "page").and_then(|p| p.parse::<u32>().ok()).filter(|p| *p >= 1).unwrap_or(1);
    let (filters, rows, total) = match RegisterFilters::parse(|k| pick(&fields, k)) {
        Ok(filters) => {
            let mut query = RegisterQuery::new(auth.viewer(), filters.clone());
            query.offset = (page - 1).saturating_mul(REGISTER_PAGE);
            let found = state.app.register(&query).await.map_err(PageError::new(lang))?;
            (filters, found.rows, found.total)
        }
        Err(e @ Error::Invalid { .. }) => {
            form = form.refused(lang, &e, FILTER_FIELDS, None);
            (RegisterFilters::default(), Vec::new(), 0)
        }
        Err(e) => return Err(PageError { error: e, lang }),
    };
    let shown_to = u64::from(page) * u64::from(REGISTER_PAGE);
    let path = format!("/documents{}", query_of(&filters, Some(page)));
    let page_link = |p: u32| format!("/documents{}", query_of(&filters, Some(p)));
    let status = form.status;
    let named = |pairs: Vec<(String, String)>| {
        let mut all = vec![(String::new(), lang.t("register-any"))];
        all.extend(pairs);
        all
    };
    let register = RegisterPage {
        layout: Layout::new(lang, lang.t("register-title"), &path, &auth),
        lines: rows.iter().map(|r| line(lang, &names, r)).collect(),
        count: lang.t_args("register-count", &[("count", crate::i18n::FluentValue::from(total))]),
        organisations: named(names.org_list.clone()),
        bodies: named(names.body_list.clone()),
        kinds: named(
            DocumentKind::ALL.iter().map(|k| (secretariat_core::domain::name_of(k), lang.name_of(k))).collect(),
        ),
        statuses: named(DocumentStatus::ALL.iter().map(|s| (s.as_str().to_owned(), lang.name_of(s))).collect()),
        sponsors: named(names.sponsor_options()),
        languages: named(names.languages.iter().map(|l| (l.clone(), lang.language_name(l))).collect()),
        previous: (page > 1).then(|| page_link(page - 1)),
        next: (shown_to < total).then(|| page_link(page + 1)),
        csv: format!("/documents.csv{}", query_of(&filters, None)),
        may_draft: secretariat_core::rules::actions::drafting(&auth.viewer())
            != secretariat_core::rules::actions::Drafting::Nobody,
        form,
    };
    let mut response = render(&register, lang, pick(&fields, "lang").is_some());
    if status != StatusCode::OK {
        *response.status_mut() = status;
    }
    Ok(response)
}

/// `GET /documents.csv`: what the register's filters show, every page of it, as CSV (UTF-8, a header row; texts
/// of the record in the reader's language).
pub async fn export_documents(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    PageQuery(fields): PageQuery<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = UiLang::negotiate(pick(&fields, "lang").as_deref(), &headers);
    let filters = RegisterFilters::parse(|k| pick(&fields, k)).map_err(PageError::new(lang))?;
    let names = Names::load(&state, &auth, lang).await.map_err(PageError::new(lang))?;
    let mut query = RegisterQuery::new(auth.viewer(), filters);
    query.limit = REGISTER_EXPORT;
    let found = state.app.register(&query).await.map_err(PageError::new(lang))?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let internal = |e: csv::Error| PageError { error: Error::Storage(format!("CSV: {e}")), lang };
    let head = ["register-symbol", "register-key", "register-title-column", "document-kind", "register-body"];
    let tail = ["document-status", "sponsors", "register-languages", "register-year"];
    let header: Vec<String> = head.iter().chain(tail.iter()).map(|k| lang.t(k)).collect();
    out.write_record(&header).map_err(internal)?;
    for r in &found.rows {
        let l = line(lang, &names, r);
        let symbol = r.symbol.clone().unwrap_or_default();
        out.write_record([
            &symbol,
            r.key.as_str(),
            &l.title,
            &l.kind,
            &l.body,
            &l.status,
            &l.sponsors,
            &l.languages,
            &l.year,
        ])
        .map_err(internal)?;
    }
    let body = out.into_inner().map_err(|e| internal(e.into_error().into()))?;
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"documents.csv\""));
    h.insert(header::VARY, HeaderValue::from_static("Cookie, Accept-Language"));
    h.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.code()));
    Ok(response)
}
