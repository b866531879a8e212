//! An organisation's home and its calendar.

use crate::i18n::FluentValue;
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use secretariat_core::domain::{parse_date, Code};
use serde::Deserialize;

use super::meeting_row::{meeting_row, MeetingRow};
use super::{day, is_htmx, render, Layout};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::UiLang;
use crate::AppState;

struct BodyRow {
    name: String,
    /// The body's page.
    href: String,
    cadence: String,
    shortfalls: Vec<String>,
    /// Its next meeting the reader may see, from today on.
    next: Option<MeetingRow>,
}

/// The page's day and the language, both from the query.
#[derive(Debug, Default, Deserialize)]
pub struct OnQuery {
    pub on: Option<String>,
    pub lang: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/organisation.html")]
struct OrganisationPage {
    layout: Layout,
    name: String,
    calendar_href: String,
    /// The new-meeting page, for whoever may create meetings.
    new_meeting_href: Option<String>,
    /// The register, filtered to the organisation's documents.
    register_href: String,
    /// The registers of the organisation: (href, label).
    registers: Vec<(String, String)>,
    /// The chairmanship over the years, drawn and in words.
    rotation: Option<super::who::rotation::Rotation>,
    day: day::DayPanel,
    bodies: Vec<BodyRow>,
    upcoming_heading: String,
    past_heading: String,
    upcoming: Vec<MeetingRow>,
    past: Vec<MeetingRow>,
    /// "All 2,143 meetings, year by year, in the calendar", when the lists hold fewer than all.
    all_meetings: Option<String>,
}

/// `GET /organisations/{code}?on=YYYY-MM-DD`: the states tied to the organisation on the day (today without
/// `on`) with their periods, who chaired, the timeline of memberships, bodies and meetings.
pub async fn get_organisation(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(code): ApiPath<String>,
    PageQuery(q): PageQuery<OnQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let fail = PageError::new(lang);
    let code = Code::parse(&code)
        .map_err(|_| PageError { error: secretariat_core::Error::NotFound { what: "organisation" }, lang })?;
    let today = state.app.today();
    let on = match q.on.as_deref().filter(|d| !d.is_empty()) {
        Some(raw) => Some(parse_date(raw).map_err(PageError::new(lang))?),
        None => None,
    };
    let view = state.app.organisation_view(&auth.viewer(), &code, today, on.unwrap_or(today)).await.map_err(fail)?;
    let next_name = match view.day.chair.as_ref().and_then(|c| c.chairmanship.next.as_ref()) {
        Some(n) => Some(state.app.state_name(&n.state).await.map_err(PageError::new(lang))?),
        None => None,
    };
    let path = format!("/organisations/{code}");
    let day = day::panel(lang, &view.organisation, &view.day, on.is_some(), today, next_name.as_ref(), &path);
    let bodies = view
        .bodies
        .iter()
        .map(|b| BodyRow {
            name: match &b.body.abbreviation {
                Some(a) => format!("{} ({})", lang.text(&b.body.name), lang.text(a)),
                None => lang.text(&b.body.name),
            },
            href: super::who::body_href(&code, &b.body.code),
            next: b.next.as_ref().map(|m| meeting_row(lang, m)),
            cadence: lang.t_args("body-meets", &[("count", FluentValue::from(b.body.regular_meetings_per_year))]),
            shortfalls: b
                .shortfalls
                .iter()
                .map(|s| {
                    lang.t_args(
                        "cadence-shortfall",
                        &[
                            ("year", FluentValue::from(s.year)),
                            ("count", FluentValue::from(s.held_or_planned)),
                            ("required", FluentValue::from(s.required)),
                        ],
                    )
                })
                .collect(),
        })
        .collect();
    let name = lang.text(&view.organisation.name);
    let here = match on {
        Some(day) => format!("{path}?on={day}"),
        None => path.clone(),
    };
    // On a day the reader asked for, the meetings fall before or from that day, not before or after today.
    let (upcoming_heading, past_heading) = match on {
        Some(day) => {
            let day = || [("day", FluentValue::from(lang.date(&day)))];
            (lang.t_args("meetings-from", &day()), lang.t_args("meetings-before", &day()))
        }
        None => (lang.t("upcoming-meetings"), lang.t("past-meetings")),
    };
    // Where the lists hold fewer than all, the calendar has the rest.
    let shown = view.upcoming.len() + view.past.len();
    let all_meetings = (usize::try_from(view.meetings).unwrap_or(usize::MAX) > shown)
        .then(|| lang.t_args("meetings-more", &[("count", FluentValue::from(view.meetings))]));
    let page = OrganisationPage {
        layout: Layout::new(lang, name.clone(), &here, &auth).for_organisation(&view.organisation.languages),
        calendar_href: format!("/organisations/{code}/calendar"),
        new_meeting_href: new_meeting_href(&auth, &code),
        register_href: format!("/documents?organisation={code}"),
        registers: [
            (format!("/documents?organisation={code}"), "registers-documents"),
            (format!("/organisations/{code}/plans"), "registers-plans"),
            (format!("/organisations/{code}/statements-lists"), "registers-statements-lists"),
            (format!("/organisations/{code}/legal-basis"), "registers-legal-basis"),
        ]
        .into_iter()
        .map(|(href, key)| (href, lang.t(key)))
        .collect(),
        rotation: super::who::rotation::picture(lang, &view.rotation, today),
        name,
        day,
        bodies,
        upcoming_heading,
        past_heading,
        upcoming: view.upcoming.iter().map(|m| meeting_row(lang, m)).collect(),
        past: view.past.iter().map(|m| meeting_row(lang, m)).collect(),
        all_meetings,
    };
    Ok(render(&page, lang, q.lang.is_some()))
}

/// The year a calendar shows, and the body whose meetings only it shows.
#[derive(Debug, Deserialize)]
pub struct CalendarQuery {
    pub year: Option<i16>,
    pub body: Option<String>,
    pub lang: Option<String>,
}

struct MonthRow {
    name: String,
    meetings: Vec<MeetingRow>,
}

#[derive(Template)]
#[template(path = "pages/calendar.html")]
struct CalendarPage {
    layout: Layout,
    name: String,
    new_meeting_href: Option<String>,
    /// The organisation's iCalendar feed, in the reader's language.
    feed_href: String,
    subscribe: String,
    body: CalendarBody,
}

#[derive(Template)]
#[template(path = "partials/calendar.html")]
struct CalendarBody {
    heading: String,
    previous_label: String,
    previous_href: String,
    next_label: String,
    next_href: String,
    months: Vec<MonthRow>,
    empty: String,
}

/// `GET /organisations/{code}/calendar?year=YYYY&body=CODE`: the year's meetings by month, of every body or of
/// one; htmx swaps just the year.
pub async fn get_calendar(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(code): ApiPath<String>,
    PageQuery(q): PageQuery<CalendarQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let fail = PageError::new(lang);
    let code = Code::parse(&code)
        .map_err(|_| PageError { error: secretariat_core::Error::NotFound { what: "organisation" }, lang })?;
    let org = state.app.organisation(&code).await.map_err(fail)?;
    let body = match q.body.as_deref().filter(|b| !b.is_empty()) {
        Some(raw) => {
            let missing = || PageError { error: secretariat_core::Error::NotFound { what: "body" }, lang };
            let b = Code::parse(raw).map_err(|_| missing())?;
            Some(state.app.body(&code, &b).await.map_err(PageError::new(lang))?)
        }
        None => None,
    };
    let asked = q.year.filter(|y| (1900..=2200).contains(y));
    let of = (&code, body.as_ref().map(|b| &b.code));
    let today = state.app.today();
    let (year, all) =
        state.app.meetings_of_year(&auth.viewer(), of, asked, today).await.map_err(PageError::new(lang))?;
    let months = (1..=12i8)
        .filter_map(|month| {
            let meetings: Vec<MeetingRow> =
                all.iter().filter(|m| m.starts_on.month() == month).map(|m| meeting_row(lang, m)).collect();
            (!meetings.is_empty()).then(|| MonthRow { name: lang.named("month-name", &month.to_string()), meetings })
        })
        .collect();
    let base = format!("/organisations/{code}/calendar");
    // A body's calendar keeps to the body from year to year.
    let of_body = body.as_ref().map(|b| format!("&body={}", b.code)).unwrap_or_default();
    let calendar = CalendarBody {
        heading: lang.t_args("calendar-title", &[("year", FluentValue::from(year))]),
        previous_label: lang.t("previous-year"),
        previous_href: format!("{base}?year={}{of_body}", year - 1),
        next_label: lang.t("next-year"),
        next_href: format!("{base}?year={}{of_body}", year + 1),
        months,
        empty: lang.t("no-meetings"),
    };
    if is_htmx(&headers) {
        return Ok(render(&calendar, lang, false));
    }
    let (name, feed_href) = match &body {
        Some(b) => (
            format!("{} · {}", lang.text(&org.name), lang.text(b.abbreviation.as_ref().unwrap_or(&b.name))),
            format!("/organisations/{code}/bodies/{}/calendar.ics?lang={}", b.code, lang.code()),
        ),
        None => (lang.text(&org.name), format!("/organisations/{code}/calendar.ics?lang={}", lang.code())),
    };
    let here = format!("{base}?year={year}{of_body}");
    let mut layout =
        Layout::new(lang, format!("{} — {name}", calendar.heading), &here, &auth).for_organisation(&org.languages);
    layout.calendar_feed =
        Some((feed_href.clone(), lang.t_args("calendar-feed", &[("name", FluentValue::from(name.clone()))])));
    let new_meeting_href = new_meeting_href(&auth, &code);
    let subscribe = lang.t("calendar-subscribe");
    let page = CalendarPage { layout, name, new_meeting_href, feed_href, subscribe, body: calendar };
    Ok(render(&page, lang, q.lang.is_some()))
}

/// Where the Secretariat creates a meeting of the organisation; nobody else is offered it.
fn new_meeting_href(auth: &Auth, code: &Code) -> Option<String> {
    secretariat_core::rules::meeting_actions::may_create_meetings(&auth.viewer())
        .then(|| format!("/organisations/{code}/meetings/new"))
}
