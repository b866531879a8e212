//! A new meeting: the Secretariat's form, reached from the organisation page and its calendar, posting to the
//! meetings (`POST /meetings`). Anyone else reads that only the Secretariat prepares meetings.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use secretariat_core::domain::{Code, Kind, MeetingKind, MeetingMode, MeetingStatus, Record};
use secretariat_core::rules::meeting_actions::may_create_meetings;

use super::edit::{self, Refused};
use super::forms::refusal;
use super::offered::choices;
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::UiLang;
use crate::pages::form::{done, FormView, Submitted};
use crate::pages::{render, LangQuery, Layout};
use crate::AppState;

#[derive(Template)]
#[template(path = "pages/new_meeting.html")]
struct NewMeetingPage {
    layout: Layout,
    organisation: String,
    organisation_code: String,
    organisation_href: String,
    /// Whether the reader may create one: the form is offered only then.
    offered: bool,
    form: FormView,
    bodies: Vec<(String, String)>,
    cities: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    modes: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
}

async fn page(state: &AppState, auth: &Auth, lang: UiLang, code: &Code, form: FormView, remember: bool) -> PageResult {
    let fail = PageError::new(lang);
    let org = state.app.organisation(code).await.map_err(fail)?;
    let mut filter = secretariat_core::store::Filter::new(auth.viewer());
    filter.limit = u32::MAX;
    let mut cities = Vec::new();
    for r in state.app.list(Kind::City, &filter).await.map_err(PageError::new(lang))?.0 {
        if let Record::City(c) = r.record {
            let name =
                secretariat_core::domain::current_name(&c.names).map_or_else(|| c.key.to_string(), |t| lang.text(t));
            cities.push((c.key.to_string(), name));
        }
    }
    cities.sort_by(|a, b| a.1.cmp(&b.1));
    filter.organisation = Some(code.clone());
    let mut bodies = Vec::new();
    for r in state.app.list(Kind::Body, &filter).await.map_err(PageError::new(lang))?.0 {
        if let Record::Body(b) = r.record {
            bodies.push((b.code.to_string(), lang.text(&b.name)));
        }
    }
    let name = org.abbreviation.as_ref().map_or_else(|| lang.text(&org.name), |a| lang.text(a));
    let status = form.status;
    let p = NewMeetingPage {
        layout: Layout::new(lang, lang.t("meeting-new"), &format!("/organisations/{code}/meetings/new"), auth)
            .for_organisation(&org.languages),
        organisation: name,
        organisation_code: code.to_string(),
        organisation_href: format!("/organisations/{code}"),
        offered: may_create_meetings(&auth.viewer()),
        form,
        bodies,
        cities,
        kinds: choices::<MeetingKind>(lang),
        modes: choices::<MeetingMode>(lang),
        statuses: choices::<MeetingStatus>(lang),
    };
    let mut response = render(&p, lang, remember);
    *response.status_mut() = status;
    Ok(crate::pages::form::stay(response))
}

fn organisation_code(raw: &str, lang: UiLang) -> Result<Code, PageError> {
    Code::parse(raw).map_err(|_| PageError { error: secretariat_core::Error::NotFound { what: "organisation" }, lang })
}

/// `GET /organisations/{code}/meetings/new`
pub async fn get_new_meeting(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(code): ApiPath<String>,
    PageQuery(q): PageQuery<LangQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let code = organisation_code(&code, lang)?;
    let form = FormView::with(&[("kind", "regular"), ("mode", "in_person"), ("status", "planned")]);
    page(&state, &auth, lang, &code, form, q.lang.is_some()).await
}

/// `POST /meetings`: the Secretariat creates a meeting; it then prepares its programme, delegations and agenda on
/// the meeting's page.
pub async fn create_meeting(State(state): State<AppState>, form: Submitted) -> Result<Response, PageError> {
    let code = organisation_code(form.get("organisation").unwrap_or_default(), form.lang)?;
    let result: Result<String, Refused> = async {
        form.checked()?;
        let meeting = edit::meeting(&form)?;
        let stored = state.app.create(&form.actor, Record::Meeting(meeting)).await?;
        match stored.record {
            Record::Meeting(m) => Ok(format!("/meetings/{}", m.key)),
            _ => Ok("/".to_owned()),
        }
    }
    .await;
    match result {
        Ok(to) => Ok(done(&to)),
        Err(r) => page(&state, &form.auth, form.lang, &code, refusal(&form, &r), false).await,
    }
}
