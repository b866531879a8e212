//! The meeting page: body, venue and local time, chair, programme, delegations, agenda; and, for the Secretariat,
//! the forms that prepare the meeting ([`forms`], [`parts`]), the new-meeting page ([`new`]) and the printable
//! agenda ([`agenda`]).

pub mod agenda;
mod edit;
mod facts;
pub mod forms;
pub mod new;
mod offered;
pub mod parts;

use crate::i18n::FluentValue;
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use secretariat_core::account::AccountRole;
use secretariat_core::domain::{EventKind, Id, Kind, MeetingMode, Visibility};
use secretariat_core::service::{EventView, MeetingView, PersonRef};

use super::venue::Venue;
use super::{render, Layout};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::UiLang;
use crate::AppState;
pub use offered::Forms;

struct EventRow {
    date: String,
    time: Option<String>,
    title: String,
    format: Option<String>,
    /// Shown when delegations do not all meet in person.
    mode: Option<String>,
    admitted: String,
    /// Its form, for the Secretariat.
    edit: Option<offered::PartForm>,
}

struct DelegationRow {
    state: String,
    /// The state's page.
    state_href: String,
    head: String,
    /// The head's page.
    head_href: String,
    post: String,
    /// The members as named on the meeting's first day, with their pages: (name, href).
    members: Vec<(String, String)>,
    edit: Option<offered::PartForm>,
}

/// A document under an item, as the agenda lists it.
struct DocumentRow {
    href: String,
    /// The symbol, or a dash while provisional.
    symbol: String,
    title: String,
    status: String,
    /// The period a plan, roadmap or list covers: "for 2018–2021".
    period: Option<String>,
    /// For a statements list's document: how the list is drawn up, and the list's page (words, its name, href).
    list: Option<(String, String, String)>,
}

struct ItemRow {
    id: Id,
    version: i64,
    number: u16,
    title: String,
    kind: String,
    format: String,
    access: Option<String>,
    outcome: Option<String>,
    /// For an item approved and submitted on: where its documents go, in words, and that meeting's page.
    submitted_to: Option<(String, String)>,
    documents: Vec<DocumentRow>,
    edit: Option<offered::PartForm>,
}

#[derive(Template)]
#[template(path = "pages/meeting.html")]
struct MeetingPage {
    layout: Layout,
    /// The page's own path, by key, where its forms post.
    url: String,
    heading: String,
    subtitle: String,
    date: String,
    venue: String,
    /// How often the body meets: "The CFM meets twice a year".
    cadence: String,
    time_zone: String,
    /// Who chairs, the presiding one first and co-chairs after: (name, their page, post and how it follows).
    chairs: Vec<(String, String, String)>,
    /// The meeting's body and its page.
    body_link: (String, String),
    programme: Vec<EventRow>,
    times_unknown: bool,
    delegations: Vec<DelegationRow>,
    agenda_heading: String,
    items: Vec<ItemRow>,
    agenda_note: Option<String>,
    organisation_href: String,
    organisation: String,
    /// The drafted announcement, offered to the Secretariat and the press.
    announcement_href: Option<String>,
    publications: Vec<super::publication::PublicationLink>,
    /// The forms the Secretariat is offered, filled in; none for anyone else.
    editing: Option<offered::Editing>,
}

fn person(lang: UiLang, p: &PersonRef) -> (String, String) {
    let mut post = p.post.as_ref().map(|t| lang.text(t)).unwrap_or_default();
    if p.acting {
        post = format!("{post} ({})", lang.t("acting"));
    }
    (lang.text(&p.name), post)
}

fn event_row(lang: UiLang, e: &EventView) -> EventRow {
    let kind = match (&e.kind, &e.kind_name) {
        (_, Some(name)) => lang.text(name),
        // A kind its organisation no longer configures has no name but its word.
        (EventKind::Configured(word), None) => word.to_string(),
        (kind, None) => lang.name_of(kind),
    };
    EventRow {
        date: lang.date(&e.on),
        time: e.at.map(|t| t.strftime("%H:%M").to_string()),
        title: e.title.as_ref().map_or(kind, |t| lang.text(t)),
        format: match (&e.kind, e.format) {
            (_, Some(f)) => Some(lang.name_of(&f)),
            (EventKind::Sitting, None) => Some(lang.t("format-unknown")),
            _ => None,
        },
        mode: (e.mode != MeetingMode::InPerson).then(|| lang.name_of(&e.mode)),
        admitted: lang.name_of(&e.admitted),
        edit: None,
    }
}

fn page(lang: UiLang, m: &MeetingView, auth: &Auth, organisation: Option<String>) -> MeetingPage {
    let venue = Venue { city: lang.text(&m.venue.city), zone: m.venue.time_zone.zone() };
    let first_day = jiff::civil::DateTime::from(m.starts_on).to_zoned(venue.zone.clone()).map(|z| z.timestamp());
    let body = lang.text(&m.body.name);
    let mut heading = lang.t_args("meeting-of", &[("body", FluentValue::from(body.clone()))]);
    if !m.joint_with.is_empty() {
        let others: Vec<String> = m.joint_with.iter().map(|b| lang.text(&b.name)).collect();
        heading = format!("{heading} {} {}", lang.t("joint-with"), others.join(", "));
    }
    let subtitle = format!("{}, {}, {}", lang.name_of(&m.kind), lang.name_of(&m.mode), lang.name_of(&m.status));
    let date = lang.date_range(&m.starts_on, &m.ends_on);
    let chairs = m.chair.iter().chain(&m.co_chairs).map(|c| {
        let (name, post) = person(lang, &c.person);
        let note = match (&c.state, c.source) {
            (Some(state), "derived") => {
                let state = m
                    .delegations
                    .iter()
                    .find(|d| d.state == *state)
                    .map_or_else(|| state.to_string(), |d| lang.text(&d.state_name));
                lang.t_args("chair-derived", &[("state", FluentValue::from(state))])
            }
            (None, "derived") => lang.t("chair-office"),
            _ => lang.t("chair-set"),
        };
        let href = crate::pages::who::person_href(&c.person.key);
        (name, href, if post.is_empty() { note } else { format!("{post}; {note}") })
    });
    let chairs = chairs.collect();
    let hidden = secretariat_core::rules::meeting_actions::hidden_items(m.agenda.total, m.agenda.items.len());
    let title = format!("{heading} — {date}");
    let url = format!("/meetings/{}", m.key);
    MeetingPage {
        layout: Layout::new(lang, title, &url, auth),
        url,
        heading,
        subtitle,
        date,
        venue: format!("{}, {}", lang.text(&m.venue.city), lang.text(&m.venue.state_name)),
        cadence: format!(
            "{} {}",
            m.body.abbreviation.as_ref().map_or_else(|| lang.text(&m.body.name), |a| lang.text(a)),
            lang.t_args("body-meets", &[("count", FluentValue::from(m.regular_meetings_per_year))]),
        ),
        // "Almaty time, UTC+6": the venue's time as people name it, with the zone rules of the meeting's day.
        time_zone: match first_day {
            Ok(at) => lang.t_args(
                "meeting-times-in",
                &[
                    ("venue", FluentValue::from(venue.label(lang, at))),
                    ("zone", FluentValue::from(m.venue.time_zone.to_string())),
                ],
            ),
            Err(_) => m.venue.time_zone.to_string(),
        },
        chairs,
        body_link: (
            m.body.abbreviation.as_ref().map_or_else(|| lang.text(&m.body.name), |a| lang.text(a)),
            crate::pages::who::body_href(&m.organisation, &m.body.code),
        ),
        programme: m.programme.iter().map(|e| event_row(lang, e)).collect(),
        times_unknown: m.programme.iter().any(|e| !e.time_known),
        delegations: m
            .delegations
            .iter()
            .map(|d| {
                let (head, post) = person(lang, &d.head);
                let members =
                    d.members.iter().map(|p| (lang.text(&p.name), crate::pages::who::person_href(&p.key))).collect();
                DelegationRow {
                    state: lang.text(&d.state_name),
                    state_href: crate::pages::who::state_href(&d.state),
                    head,
                    head_href: crate::pages::who::person_href(&d.head.key),
                    post,
                    members,
                    edit: None,
                }
            })
            .collect(),
        agenda_heading: match m.agenda.adopted_at.as_deref().and_then(|t| t.parse::<jiff::Timestamp>().ok()) {
            Some(at) => format!("{} ({})", lang.name_of(&m.agenda.status), local_day(lang, &m.venue.time_zone, at)),
            None => lang.name_of(&m.agenda.status),
        },
        items: m
            .agenda
            .items
            .iter()
            .map(|i| ItemRow {
                id: i.id,
                version: i.version,
                number: i.number,
                title: lang.text(&i.title),
                kind: lang.name_of(&i.kind),
                format: match (i.format, &i.sitting) {
                    (Some(f), _) => lang.name_of(&f),
                    (None, Some(_)) => lang.t("format-unknown"),
                    (None, None) => lang.t("format-none"),
                },
                access: match i.visibility {
                    Visibility::Public => None,
                    v => Some(lang.name_of(&v)),
                },
                outcome: i.outcome.map(|o| match i.outcome_at {
                    Some(at) => format!("{} — {}", lang.name_of(&o), local_day(lang, &m.venue.time_zone, at)),
                    None => lang.name_of(&o),
                }),
                // Filled in by [`facts::fill`], which reads the meeting it goes to.
                submitted_to: None,
                documents: i
                    .documents
                    .iter()
                    .map(|d| {
                        let title = lang.text(&d.title);
                        let period = d.period.as_ref().map(|p| {
                            lang.t_args(
                                "meeting-facts-period",
                                &[("period", FluentValue::from(super::plans::words::period(lang, p)))],
                            )
                        });
                        DocumentRow {
                            href: format!("/documents/{}", d.id),
                            symbol: d.symbol.clone().unwrap_or_else(|| lang.t("format-none")),
                            // A title that already names its period ("… for 2018") is not told it again.
                            period: period.filter(|words| !title.contains(words.as_str())),
                            title,
                            status: lang.name_of(&d.status),
                            list: None,
                        }
                    })
                    .collect(),
                edit: None,
            })
            .collect(),
        agenda_note: hidden.map(|n| {
            let args = [("total", FluentValue::from(m.agenda.total)), ("hidden", FluentValue::from(n))];
            lang.t_args("agenda-count-hidden", &args)
        }),
        organisation_href: format!("/organisations/{}", m.organisation),
        organisation: organisation.unwrap_or_else(|| m.organisation.to_string()),
        announcement_href: auth
            .account
            .as_ref()
            .filter(|a| matches!(a.role, AccountRole::Secretariat | AccountRole::Admin | AccountRole::Press))
            .map(|_| format!("/meetings/{}/announcement", m.id)),
        publications: Vec::new(),
        editing: None,
    }
}

/// Reads the meeting and renders its page with `forms` (as typed when one was refused, fresh otherwise); the
/// Secretariat's forms are filled in from the records.
pub async fn show(
    state: &AppState,
    auth: &Auth,
    lang: UiLang,
    id: Id,
    forms: Forms,
    remember_lang: bool,
) -> PageResult {
    let viewer = auth.viewer();
    let view = state.app.meeting(&viewer, id).await.map_err(PageError::new(lang))?;
    let org = state.app.organisation(&view.organisation).await.map_err(PageError::new(lang))?;
    let name = org.abbreviation.as_ref().map(|a| lang.text(a));
    let status = forms.status();
    let mut p = page(lang, &view, auth, name);
    facts::fill(state, auth, lang, &view, &mut p.items).await?;
    if view.actions(&viewer).edit {
        let mut ed = offered::editing(state, auth, lang, &view, &org, forms).await.map_err(PageError::new(lang))?;
        for (row, form) in p.programme.iter_mut().zip(ed.events.drain(..)) {
            row.edit = Some(form);
        }
        for (row, form) in p.delegations.iter_mut().zip(ed.delegations.drain(..)) {
            row.edit = Some(form);
        }
        for (row, form) in p.items.iter_mut().zip(ed.items.drain(..)) {
            row.edit = Some(form);
        }
        p.editing = Some(ed);
    }
    // The language switch offers the organisation's working languages that the interface speaks.
    let publications = super::publication::about(state, auth, lang, Kind::Meeting, &view.key).await?;
    let p = MeetingPage { layout: p.layout.for_organisation(&org.languages), publications, ..p };
    let mut response = render(&p, lang, remember_lang);
    *response.status_mut() = status;
    Ok(super::form::stay(response))
}

/// `GET /meetings/{id}`
pub async fn get_meeting(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(reference): ApiPath<String>,
    PageQuery(q): PageQuery<super::LangQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let id = crate::api::meetings::meeting_id(&state, &auth, &reference).await.map_err(PageError::new(lang))?;
    show(&state, &auth, lang, id, Forms::default(), q.lang.is_some()).await
}

/// The day of an instant at the venue, in the reader's language.
fn local_day(lang: UiLang, zone: &secretariat_core::domain::ZoneId, at: jiff::Timestamp) -> String {
    lang.date(&at.to_zoned(zone.zone()).date())
}
