//! iCalendar feeds (RFC 5545): an organisation's and a body's meetings and programme events, in the reader's
//! language, with the venue's zone defined from the zone database over the feed's years.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use jiff::civil::{Date, DateTime};
use secretariat_core::domain::{Code, MeetingStatus, Text, Viewer};
use secretariat_core::rules::time::Observance;
use secretariat_core::service::{Calendar, CalendarEvent, CalendarMeeting};
use serde::Deserialize;

use super::ics::Ics;
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::UiLang;
use crate::AppState;

/// The language of a feed's texts.
#[derive(Debug, Default, Deserialize)]
pub struct FeedQuery {
    pub lang: Option<String>,
}

/// The media type of an iCalendar object.
pub const TEXT_CALENDAR: &str = "text/calendar; charset=utf-8";

fn ics_date(day: Date) -> String {
    day.strftime("%Y%m%d").to_string()
}

fn ics_local(at: DateTime) -> String {
    at.strftime("%Y%m%dT%H%M%S").to_string()
}

fn ics_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    if s.is_multiple_of(60) {
        format!("{sign}{:02}{:02}", s / 3600, s / 60 % 60)
    } else {
        format!("{sign}{:02}{:02}{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}

/// A meeting's UID: its key, which never changes, under its organisation.
fn meeting_uid(m: &CalendarMeeting) -> String {
    format!("meeting.{}.{}@secretariat", m.key, m.organisation.as_str().to_ascii_lowercase())
}

fn event_uid(m: &CalendarMeeting, e: &CalendarEvent) -> String {
    format!("event.{}.{}.{}@secretariat", m.key, e.key, m.organisation.as_str().to_ascii_lowercase())
}

fn status(m: &CalendarMeeting) -> &'static str {
    match m.status {
        MeetingStatus::Cancelled => "CANCELLED",
        MeetingStatus::Planned | MeetingStatus::Postponed => "TENTATIVE",
        MeetingStatus::Convened | MeetingStatus::Held => "CONFIRMED",
    }
}

fn observance(ics: &mut Ics, o: &Observance) {
    let name = if o.dst { "DAYLIGHT" } else { "STANDARD" };
    ics.begin(name)
        .line("DTSTART", &[], &ics_local(o.starts))
        .line("TZOFFSETFROM", &[], &ics_offset(o.from))
        .line("TZOFFSETTO", &[], &ics_offset(o.to))
        .text("TZNAME", &[], &o.name)
        .end(name);
}

/// Writes a calendar in `lang`; `stamp` is the instant it is written (`DTSTAMP`, UTC).
pub fn write(calendar: &Calendar, lang: UiLang, stamp: jiff::Timestamp) -> String {
    let mut ics = Ics::new();
    ics.begin("VCALENDAR")
        .line("VERSION", &[], "2.0")
        .text("PRODID", &[], "-//Secretariat//Calendar//EN")
        .line("CALSCALE", &[], "GREGORIAN")
        .text("X-WR-CALNAME", &[], &lang.text(&calendar.name));
    for zone in &calendar.zones {
        ics.begin("VTIMEZONE").text("TZID", &[], zone.zone.as_str());
        for o in &zone.observances {
            observance(&mut ics, o);
        }
        ics.end("VTIMEZONE");
    }
    let dtstamp = stamp.strftime("%Y%m%dT%H%M%SZ").to_string();
    for m in &calendar.meetings {
        let place = format!("{}, {}", lang.text(&m.city), lang.text(&m.state_name));
        let body = lang.text(&m.body_name);
        let items: Vec<String> = m.items.iter().map(|(n, t)| format!("{n}. {}", lang.text(t))).collect();
        ics.begin("VEVENT")
            .line("UID", &[], &meeting_uid(m))
            .line("DTSTAMP", &[], &dtstamp)
            .line("SEQUENCE", &[], &m.version.to_string())
            .line("DTSTART", &[("VALUE", "DATE")], &ics_date(m.starts_on))
            .line("DTEND", &[("VALUE", "DATE")], &ics_date(m.ends_on.tomorrow().unwrap_or(m.ends_on)))
            .text("SUMMARY", &[], &format!("{body} — {}", lang.name_of(&m.kind)))
            .text("LOCATION", &[], &place)
            .line("STATUS", &[], status(m));
        if !items.is_empty() {
            ics.text("DESCRIPTION", &[], &items.join("\n"));
        }
        ics.end("VEVENT");
        for e in &m.events {
            let what =
                e.title.as_ref().or(e.kind_name.as_ref()).map_or_else(|| lang.name_of(&e.kind), |t| lang.text(t));
            ics.begin("VEVENT")
                .line("UID", &[], &event_uid(m, e))
                .line("DTSTAMP", &[], &dtstamp)
                // Either record's change bumps it: versions only grow.
                .line("SEQUENCE", &[], &(m.version + e.version).to_string());
            match e.at {
                Some(at) => ics.line("DTSTART", &[("TZID", m.time_zone.as_str())], &ics_local(e.on.to_datetime(at))),
                None => ics.line("DTSTART", &[("VALUE", "DATE")], &ics_date(e.on)).line(
                    "DTEND",
                    &[("VALUE", "DATE")],
                    &ics_date(e.on.tomorrow().unwrap_or(e.on)),
                ),
            };
            ics.text("SUMMARY", &[], &format!("{body}: {what}"))
                .text("LOCATION", &[], &place)
                .line("STATUS", &[], status(m))
                .line("RELATED-TO", &[], &meeting_uid(m))
                .end("VEVENT");
        }
    }
    ics.end("VCALENDAR");
    ics.finish()
}

/// The response of a feed: the calendar in the reader's language, cached by who asked (`headers::cache_policy`).
pub fn respond(calendar: &Calendar, lang: UiLang, stamp: jiff::Timestamp) -> Response {
    let mut response = write(calendar, lang, stamp).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(TEXT_CALENDAR));
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.code()));
    headers.insert(header::VARY, HeaderValue::from_static("Cookie, Accept-Language"));
    response
}

fn organisation_code(raw: &str, lang: UiLang) -> Result<Code, PageError> {
    Code::parse(raw).map_err(|_| PageError { error: secretariat_core::Error::NotFound { what: "organisation" }, lang })
}

/// Answers the calendar of an organisation or of one of its bodies for a viewer.
async fn feed(state: &AppState, viewer: &Viewer, org: &str, body: Option<&str>, lang: UiLang) -> PageResult {
    let code = organisation_code(org, lang)?;
    let body = body.map(|b| organisation_code(b, lang)).transpose()?;
    let calendar = state.app.calendar(viewer, &code, body.as_ref()).await.map_err(PageError::new(lang))?;
    Ok(respond(&calendar, lang, state.app.now()))
}

/// `GET /organisations/{code}/calendar.ics`: the organisation's meetings and programme events.
pub async fn get_organisation_calendar(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(code): ApiPath<String>,
    PageQuery(q): PageQuery<FeedQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    feed(&state, &auth.viewer(), &code, None, lang).await
}

/// `GET /organisations/{code}/bodies/{body}/calendar.ics`: one body's meetings, its joint meetings included.
pub async fn get_body_calendar(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath((code, body)): ApiPath<(String, String)>,
    PageQuery(q): PageQuery<FeedQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    feed(&state, &auth.viewer(), &code, Some(&body), lang).await
}

/// `GET /calendar/{token}.ics`: her own calendar, every meeting and event she may see, for a calendar app that
/// has no session; in her account's language unless `lang=` says another. An unknown, replaced or removed link,
/// or a disabled account's, is the same 404 as any unknown page.
pub async fn get_own_calendar(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(file): ApiPath<String>,
    PageQuery(q): PageQuery<FeedQuery>,
) -> PageResult {
    let negotiated = UiLang::negotiate(q.lang.as_deref(), &headers);
    let unknown = PageError { error: secretariat_core::Error::NotFound { what: "page" }, lang: negotiated };
    let Some(token) = file.strip_suffix(".ics") else { return Err(unknown) };
    let (account, mut calendar) = match state.app.own_calendar(token).await {
        Ok(found) => found,
        Err(secretariat_core::Error::NotFound { .. }) => return Err(unknown),
        Err(e) => return Err(PageError::new(negotiated)(e)),
    };
    let lang = match (&q.lang, account.language.as_ref().and_then(|l| UiLang::of(l.as_str()))) {
        (None, Some(hers)) => hers,
        _ => negotiated,
    };
    let name = lang.t_args("own-calendar-name", &[("name", account.display_name.clone().into())]);
    calendar.name = Text::one(lang.code(), &name);
    let mut response = respond(&calendar, lang, state.app.now());
    // What she may see is hers: no shared cache keeps it.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}
