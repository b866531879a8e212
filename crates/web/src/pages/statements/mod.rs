//! The yearly lists of joint statements: an organisation's lists by year with their stage, and one list's page —
//! the call, the proposals, the compiled list document, the instructions per forum, the deliveries — with the forms
//! the reader may use on it ([`forms`]).

pub mod forms;
mod view;

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use secretariat_core::domain::{Code, Key};
use secretariat_core::rules::statements::Stage;
use secretariat_core::Error;

use super::{render, LangQuery, Layout};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::{FluentValue, UiLang};
use crate::AppState;
pub use view::{show, Forms};

/// A forum by its name in the reader's language (`UNGA`: "UN General Assembly"), else by its code.
pub(crate) fn forum_name(lang: UiLang, code: &str) -> String {
    lang.t_or(&crate::names::message_key("forum", code), code)
}

/// A list's stage in words: "proposals are taken until 10 June 2018", "compiled; the list document is circulated".
pub(crate) fn stage_words(lang: UiLang, stage: &Stage) -> String {
    let day = |d: &jiff::civil::Date| [("day", FluentValue::from(lang.date(d)))];
    match stage {
        Stage::Open { until } => lang.t_args("statements-stage-open", &day(until)),
        Stage::Closed { since } => lang.t_args("statements-stage-closed", &day(since)),
        Stage::Compiled { status } => {
            lang.t_args("statements-stage-compiled", &[("status", FluentValue::from(lang.name_of(status)))])
        }
        Stage::Endorsed => lang.t("statements-stage-endorsed"),
    }
}

struct ListRow {
    href: String,
    title: String,
    body: String,
    stage: String,
}

#[derive(Template)]
#[template(path = "pages/statements_lists.html")]
struct ListsPage {
    layout: Layout,
    name: String,
    organisation_href: String,
    lists: Vec<ListRow>,
}

/// `GET /organisations/{code}/statements-lists`: the organisation's yearly lists of joint statements, latest first,
/// each with its stage as the reader may see it.
pub async fn list_statements_lists(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(code): ApiPath<String>,
    PageQuery(q): PageQuery<LangQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let code = Code::parse(&code).map_err(|_| PageError { error: Error::NotFound { what: "organisation" }, lang })?;
    let org = state.app.organisation(&code).await.map_err(PageError::new(lang))?;
    let viewer = auth.viewer();
    let summaries = state.app.statements_lists(&viewer, &code).await.map_err(PageError::new(lang))?;
    let mut lists = Vec::new();
    for s in summaries {
        let body =
            state.app.find(&viewer, secretariat_core::domain::Kind::Body, &format!("{code}/{}", s.list.body)).await;
        let body = match body.map(|b| b.record) {
            Ok(secretariat_core::domain::Record::Body(b)) => lang.text(&b.name),
            _ => s.list.body.to_string(),
        };
        lists.push(ListRow {
            href: format!("/statements-lists/{}", s.list.key),
            title: lang.t_args("statements-list-title", &[("year", FluentValue::from(s.list.year))]),
            body,
            stage: stage_words(lang, &s.stage),
        });
    }
    let name = lang.text(&org.name);
    let title = format!("{} — {name}", lang.t("statements-lists-title"));
    let page = ListsPage {
        layout: Layout::new(lang, title, &format!("/organisations/{code}/statements-lists"), &auth)
            .for_organisation(&org.languages),
        organisation_href: format!("/organisations/{code}"),
        name,
        lists,
    };
    Ok(render(&page, lang, q.lang.is_some()))
}

/// `GET /statements-lists/{key}`: one list as the reader may see it.
pub async fn get_statements_list(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(key): ApiPath<String>,
    PageQuery(q): PageQuery<LangQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let key = Key::parse(&key).map_err(|_| PageError { error: Error::NotFound { what: "statements list" }, lang })?;
    show(&state, &auth, lang, &key, Forms::default(), q.lang.is_some()).await
}
