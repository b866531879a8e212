//! `GET /states/{code}`: a state's page — its ties to each organisation, the terms it chairs, its people in their
//! posts, its delegations at meetings and the documents it sponsors that the reader may see.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use secretariat_core::domain::{MembershipKind, StateCode};
use secretariat_core::service::StateProfile;

use super::{period, person_href, rotation, Link};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::{FluentValue, UiLang};
use crate::pages::meeting_row::{meeting_row, MeetingRow};
use crate::pages::{render, LangQuery, Layout};
use crate::AppState;

/// A tie to an organisation in words.
struct MembershipLine {
    organisation: Link,
    kind: String,
    period: String,
}

/// The terms the state chairs an organisation.
struct ChairLines {
    organisation: Link,
    terms: Vec<rotation::TermLine>,
}

struct PersonLine {
    post: String,
    person: Link,
    period: String,
}

struct DelegationLine {
    meeting: MeetingRow,
    head: Link,
    members: Vec<Link>,
}

struct DocumentLine {
    href: String,
    symbol: String,
    title: String,
    status: String,
}

#[derive(Template)]
#[template(path = "pages/state.html")]
struct StatePage {
    layout: Layout,
    name: String,
    official_name: Option<String>,
    memberships: Vec<MembershipLine>,
    chairmanships: Vec<ChairLines>,
    people: Vec<PersonLine>,
    delegations: Vec<DelegationLine>,
    documents: Vec<DocumentLine>,
    /// "Every document it sponsors in the register (3)", and where.
    register: (String, String),
}

/// A kind of membership in words: the organisation's configured name, else a built-in kind's message, else its
/// code.
fn kind_name(lang: UiLang, kind: &MembershipKind, configured: Option<&secretariat_core::domain::Text>) -> String {
    match configured {
        Some(name) => lang.text(name),
        None if kind.is_built_in() => lang.named(crate::names::MEMBERSHIP, kind.as_str()),
        None => kind.to_string(),
    }
}

fn page(lang: UiLang, p: &StateProfile, auth: &Auth, today: jiff::civil::Date) -> StatePage {
    let name = lang.text(&p.state.name);
    let org_link = |code: &secretariat_core::domain::Code, name: &secretariat_core::domain::Text| Link {
        href: format!("/organisations/{code}"),
        name: lang.text(name),
    };
    let code = &p.state.code;
    StatePage {
        layout: Layout::new(lang, name.clone(), &super::state_href(code), auth),
        official_name: p.state.official_name.as_ref().map(|n| lang.text(n)).filter(|o| *o != name),
        memberships: p
            .memberships
            .iter()
            .map(|m| MembershipLine {
                organisation: org_link(&m.organisation, &m.organisation_name),
                kind: kind_name(lang, &m.kind, m.kind_name.as_ref()),
                period: period(lang, &m.period),
            })
            .collect(),
        chairmanships: p
            .chairmanships
            .iter()
            .map(|c| ChairLines {
                organisation: org_link(&c.organisation, &c.organisation_name),
                terms: c.terms.iter().map(|t| rotation::line(lang, t, today)).collect(),
            })
            .collect(),
        people: p
            .people
            .iter()
            .map(|h| PersonLine {
                post: match h.acting {
                    true => format!("{} ({})", lang.text(&h.title), lang.t("acting")),
                    false => lang.text(&h.title),
                },
                person: Link { href: person_href(&h.person.key), name: lang.text(&h.person.name) },
                period: period(lang, &h.period),
            })
            .collect(),
        delegations: p
            .delegations
            .iter()
            .map(|d| DelegationLine {
                meeting: meeting_row(lang, &d.meeting),
                head: Link { href: person_href(&d.head.key), name: lang.text(&d.head.name) },
                members: d
                    .members
                    .iter()
                    .map(|m| Link { href: person_href(&m.key), name: lang.text(&m.name) })
                    .collect(),
            })
            .collect(),
        documents: p
            .documents
            .iter()
            .map(|r| DocumentLine {
                href: format!("/documents/{}", r.key),
                symbol: r.symbol.clone().unwrap_or_else(|| lang.t("document-provisional")),
                title: lang.text(&r.document.title),
                status: lang.name_of(&r.status),
            })
            .collect(),
        register: (
            format!("/documents?sponsor={code}"),
            lang.t_args("state-documents-all", &[("count", FluentValue::from(p.documents_total))]),
        ),
        name,
    }
}

/// `GET /states/{code}`: the state of an ISO code as the reader may see it; a code the register does not know
/// (or that is no code) is the page for a missing page.
pub async fn get_state(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(code): ApiPath<String>,
    PageQuery(q): PageQuery<LangQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let missing = || PageError { error: secretariat_core::Error::NotFound { what: "state" }, lang };
    let code = StateCode::parse(&code).map_err(|_| missing())?;
    let today = state.app.today();
    let profile = state.app.state_profile(&auth.viewer(), &code, today).await.map_err(PageError::new(lang))?;
    Ok(render(&page(lang, &profile, &auth, today), lang, q.lang.is_some()))
}
