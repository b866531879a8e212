//! `GET /people/{key}`: a person's page — the name in the reader's language and the earlier ones, the posts held
//! with their periods, the meetings chaired and the meetings attended in a delegation.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use secretariat_core::domain::Key;
use secretariat_core::service::PersonProfile;

use super::{period, state_href, Link};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::{FluentValue, UiLang};
use crate::pages::meeting_row::{meeting_row, MeetingRow};
use crate::pages::{render, LangQuery, Layout};
use crate::AppState;

struct PostLine {
    title: String,
    state: Option<Link>,
    period: String,
}

struct MeetingLine {
    meeting: MeetingRow,
    /// "(head of delegation)" or "(member)", after the state.
    role: String,
    state: Link,
    /// "Chaired the meeting (derived from the chairmanship)", when the person chaired it.
    chair: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/person.html")]
struct PersonPage {
    layout: Layout,
    name: String,
    /// The names borne before, each with the day it gave way.
    earlier: Vec<String>,
    posts: Vec<PostLine>,
    chaired: Vec<MeetingRow>,
    attended: Vec<MeetingLine>,
}

fn page(lang: UiLang, p: &PersonProfile, auth: &Auth) -> PersonPage {
    let name = lang.text(&p.name);
    let mut names: Vec<_> = p.names.iter().collect();
    names.sort_by_key(|n| n.from);
    let earlier = names
        .windows(2)
        .filter_map(|w| {
            let (old, next) = (w[0], w[1]);
            let until = next.from?.yesterday().ok()?;
            let text = lang.text(&old.name);
            (text != name).then(|| {
                lang.t_args(
                    "person-name-until",
                    &[("name", FluentValue::from(text)), ("day", FluentValue::from(lang.date(&until)))],
                )
            })
        })
        .collect();
    PersonPage {
        layout: Layout::new(lang, name.clone(), &super::person_href(&p.key), auth),
        earlier,
        posts: p
            .mandates
            .iter()
            .map(|m| PostLine {
                title: match m.acting {
                    true => format!("{} ({})", lang.text(&m.title), lang.t("acting")),
                    false => lang.text(&m.title),
                },
                state: m
                    .state
                    .as_ref()
                    .zip(m.state_name.as_ref())
                    .map(|(code, name)| Link { href: state_href(code), name: lang.text(name) }),
                period: period(lang, &m.period),
            })
            .collect(),
        chaired: p.attended.iter().filter(|a| a.chair.is_some()).map(|a| meeting_row(lang, &a.meeting)).collect(),
        attended: p
            .attended
            .iter()
            .map(|a| MeetingLine {
                meeting: meeting_row(lang, &a.meeting),
                role: lang.t(if a.head { "person-as-head" } else { "person-as-member" }),
                state: Link { href: state_href(&a.state), name: lang.text(&a.state_name) },
                chair: a.chair.map(|how| lang.named("person-chaired", how)),
            })
            .collect(),
        name,
    }
}

/// `GET /people/{key}`: the person of a key; a key the register does not know (or that is no key) is the page for
/// a missing page.
pub async fn get_person(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(key): ApiPath<String>,
    PageQuery(q): PageQuery<LangQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let missing = || PageError { error: secretariat_core::Error::NotFound { what: "person" }, lang };
    let key = Key::parse(&key).map_err(|_| missing())?;
    let today = state.app.today();
    let profile = state.app.person_profile(&auth.viewer(), &key, today).await.map_err(PageError::new(lang))?;
    Ok(render(&page(lang, &profile, &auth), lang, q.lang.is_some()))
}
