//! The press officer's pages: a new publication (blank, or started from a meeting's drafted announcement), a
//! publication to change with its `version`, and her drafts and scheduled items. The forms post to the resource
//! they change ([`forms`]); what they offer is the core's rule (`rules::publication::actions`).

pub mod forms;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use secretariat_core::domain::{Key, Kind, Lang, Publication, PublicationStatus, Publisher, Record};
use secretariat_core::rules::publication::{actions, key_from_announcement, PublicationActions};
use secretariat_core::store::Stored;
use secretariat_core::Error;
use serde::Deserialize;

use super::form::{sign_in_to, FormView};
use super::{render, Layout};
use crate::auth::Auth;
use crate::error::PageError;
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::{FluentValue, UiLang};
use crate::AppState;

/// The stored text beside hers, when her form was refused because someone changed the publication meanwhile.
pub struct Meanwhile {
    /// "Changed meanwhile by press at 9 June 2018, 15:36 (UTC+03:00)."
    pub notice: String,
    pub title: String,
    pub lead: String,
    pub body: String,
}

#[derive(Template)]
#[template(path = "pages/publication_form.html")]
struct FormPage {
    layout: Layout,
    heading: String,
    /// Where the form posts: `/publications` for a new one, the publication's own path otherwise.
    action: String,
    /// The key of a publication being changed (not editable); none for a new one.
    key: Option<String>,
    /// (value, name) of the publishers she writes for; a choice only when there are several.
    publishers: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    /// (key, name) of the categories of her publishers.
    categories: Vec<(String, String)>,
    languages: Vec<(String, String)>,
    /// "Moscow time, UTC+3": the zone a scheduled instant is typed in.
    zone: String,
    offered: PublicationActions,
    form: FormView,
    /// The sanitised rendering of the body, when she asked for a preview.
    preview: Option<String>,
    meanwhile: Option<Meanwhile>,
}

const KINDS: [&str; 4] = ["comment", "press_release", "statement", "news"];

/// What a form page needs besides the form: who writes, for which publishers, and the publication if it exists.
pub struct Desk<'a> {
    pub lang: UiLang,
    pub auth: &'a Auth,
    pub publishers: Vec<Publisher>,
    /// The working languages of the publishers' organisations.
    pub languages: Vec<Lang>,
    pub stored: Option<Stored<Publication>>,
    /// The clock, for the zone's offset today.
    pub now: jiff::Timestamp,
}

impl Desk<'_> {
    /// The publisher a publication of this desk is written for: its own, else the one chosen, else the first.
    pub fn publisher(&self, chosen: Option<&str>) -> Option<&Publisher> {
        let key = self.stored.as_ref().map(|s| s.record.publisher.as_str()).or(chosen);
        key.and_then(|k| self.publishers.iter().find(|p| p.key.as_str() == k)).or(self.publishers.first())
    }
}

/// Reads the desk of the signed-in reader: the publishers she writes for (none: forbidden) and their languages.
pub async fn desk<'a>(state: &AppState, auth: &'a Auth, lang: UiLang) -> Result<Desk<'a>, PageError> {
    let viewer = auth.viewer();
    let publishers = state.app.publishers_written_by(&viewer).await.map_err(PageError::new(lang))?;
    if publishers.is_empty() {
        let error = Error::forbidden("only a press office and the Secretariat write publications");
        return Err(PageError { error, lang });
    }
    let mut languages: Vec<Lang> = Vec::new();
    for p in &publishers {
        let org = state.app.organisation(&p.organisation).await.map_err(PageError::new(lang))?;
        for l in org.languages {
            if !languages.contains(&l) {
                languages.push(l);
            }
        }
    }
    Ok(Desk { lang, auth, publishers, languages, stored: None, now: state.app.now() })
}

/// An instant as typed in a publisher's zone: `2018-06-11T09:00`.
pub fn local_input(publisher: Option<&Publisher>, at: &jiff::Timestamp) -> String {
    let zone = publisher.map_or(jiff::tz::TimeZone::UTC, |p| p.time_zone.zone());
    at.to_zoned(zone).strftime("%Y-%m-%dT%H:%M").to_string()
}

/// The form filled with a stored publication.
pub fn stored_form(p: &Stored<Publication>, publisher: Option<&Publisher>) -> FormView {
    let r = &p.record;
    let version = p.version.to_string();
    let meetings = r.meetings.iter().map(Key::as_str).collect::<Vec<_>>().join(" ");
    let documents = r.documents.iter().map(Key::as_str).collect::<Vec<_>>().join(" ");
    let scheduled = r.scheduled_at.map(|t| local_input(publisher, &t)).unwrap_or_default();
    let kind = serde_json::to_value(r.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    FormView::with(&[
        ("version", &version),
        ("key", r.key.as_str()),
        ("publisher", r.publisher.as_str()),
        ("kind", &kind),
        ("category", r.category.as_str()),
        ("language", r.language.as_str()),
        ("translation_of", r.translation_of.as_ref().map_or("", Key::as_str)),
        ("title", &r.title),
        ("lead", &r.lead),
        ("body", &r.body),
        ("author", &r.author),
        ("meetings", &meetings),
        ("documents", &documents),
        ("scheduled_at", &scheduled),
    ])
}

/// Renders the form page for the desk, with `form` as typed (or filled), and its status.
pub fn show(desk: &Desk, form: FormView, preview: Option<String>, meanwhile: Option<Meanwhile>) -> Response {
    let lang = desk.lang;
    let publisher = desk.publisher(Some(form.value("publisher")));
    let status = desk.stored.as_ref().map(|s| s.record.status);
    let offered = publisher.map_or_else(PublicationActions::default, |p| actions(&desk.auth.viewer(), &p.key, status));
    let (heading, action, key, path) = match &desk.stored {
        Some(s) => {
            let path = format!("/publications/{}", s.record.key);
            (lang.t("press-edit-heading"), path.clone(), Some(s.record.key.to_string()), format!("{path}/edit"))
        }
        None => (lang.t("press-new-heading"), "/publications".to_owned(), None, "/publications/new".to_owned()),
    };
    let zone = publisher.map_or_else(
        || "UTC".to_owned(),
        |p| {
            let offset = desk.now.to_zoned(p.time_zone.zone()).strftime("%:z").to_string();
            let args = [("zone", FluentValue::from(p.time_zone.to_string())), ("offset", FluentValue::from(offset))];
            lang.t_args("press-zone", &args)
        },
    );
    let mut categories: Vec<(String, String)> = Vec::new();
    for p in &desk.publishers {
        for c in &p.categories {
            if !categories.iter().any(|(k, _)| k == c.key.as_str()) {
                categories.push((c.key.to_string(), lang.text(&c.name)));
            }
        }
    }
    let page = FormPage {
        layout: Layout::new(lang, heading.clone(), &path, desk.auth),
        heading,
        action,
        key,
        publishers: desk.publishers.iter().map(|p| (p.key.to_string(), lang.text(&p.name))).collect(),
        kinds: KINDS.iter().map(|k| ((*k).to_owned(), lang.named("publication-kind", k))).collect(),
        categories,
        languages: desk.languages.iter().map(|l| (l.to_string(), lang.language_name(l.as_str()))).collect(),
        zone,
        offered,
        form,
        preview,
        meanwhile,
    };
    let status = page.form.status;
    let mut response = render(&page, lang, false);
    *response.status_mut() = status;
    response
}

/// Where a reader who is not signed in is sent instead of a press officer's page: to sign in, and back.
fn sign_in_first(auth: &Auth, uri: &Uri) -> Option<Response> {
    let back = uri.path_and_query().map_or_else(|| uri.path(), |p| p.as_str());
    auth.account.is_none().then(|| sign_in_to(back))
}

/// Where a new publication starts: blank, or from a meeting's drafted announcement in a language.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewQuery {
    pub lang: Option<String>,
    /// The meeting (id or key) whose drafted announcement the publication starts from.
    pub meeting: Option<String>,
    pub language: Option<String>,
}

/// `GET /publications/new`: the form of a new publication; from `?meeting=…&language=…`, filled with the
/// meeting's drafted announcement (its title and body, the language, the meeting) for the press officer to edit.
pub async fn new_publication(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    uri: Uri,
    PageQuery(q): PageQuery<NewQuery>,
) -> Result<Response, PageError> {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    if let Some(to) = sign_in_first(&auth, &uri) {
        return Ok(to);
    }
    let desk = desk(&state, &auth, lang).await?;
    let publisher = desk.publisher(None);
    let category = publisher.and_then(|p| p.categories.first()).map(|c| c.key.to_string()).unwrap_or_default();
    let mut values = vec![
        ("publisher".to_owned(), publisher.map(|p| p.key.to_string()).unwrap_or_default()),
        ("kind".to_owned(), "news".to_owned()),
        ("category".to_owned(), category),
        ("language".to_owned(), lang.code().to_owned()),
    ];
    if let Some(reference) = q.meeting.as_deref() {
        let viewer = auth.viewer();
        let id = crate::api::meetings::meeting_id(&state, &auth, reference).await.map_err(PageError::new(lang))?;
        let meeting = state.app.meeting(&viewer, id).await.map_err(PageError::new(lang))?;
        let language = match q.language.as_deref() {
            Some(raw) => Lang::parse(raw).map_err(PageError::new(lang))?,
            None => Lang::parse(lang.code()).map_err(PageError::new(lang))?,
        };
        let draft = state.app.announcement(&viewer, id, &language, None).await.map_err(PageError::new(lang))?;
        let author = publisher.map(|p| p.name.get(language.as_str()).to_owned()).unwrap_or_default();
        values.extend([
            ("key".to_owned(), key_from_announcement(&meeting.key, &language).to_string()),
            ("kind".to_owned(), "comment".to_owned()),
            ("language".to_owned(), language.to_string()),
            ("title".to_owned(), draft.title),
            ("body".to_owned(), draft.body),
            ("author".to_owned(), author),
            ("meetings".to_owned(), meeting.key.to_string()),
        ]);
    }
    let mut form = FormView::default();
    for (k, v) in &values {
        form.set(k, v);
    }
    Ok(show(&desk, form, None, None))
}

/// The publication a press officer changes, by key or id, read as she may see it (a hidden one is not found)
/// without counting a hit.
pub async fn stored(state: &AppState, auth: &Auth, lang: UiLang, key: &str) -> Result<Stored<Publication>, PageError> {
    let viewer = auth.viewer();
    let found = match key.parse::<i64>() {
        Ok(id) => state.app.get(&viewer, Kind::Publication, id).await,
        Err(_) => state.app.find(&viewer, Kind::Publication, key).await,
    }
    .map_err(PageError::new(lang))?;
    match found {
        Stored { id, version, record: Record::Publication(p) } => Ok(Stored { id, version, record: p }),
        _ => Err(PageError { error: Error::NotFound { what: "publication" }, lang }),
    }
}

/// `GET /publications/{key}/edit`: the form of a publication with its `version`, for its press office and the
/// Secretariat; a withdrawn one is no longer changed.
pub async fn edit_publication(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    uri: Uri,
    ApiPath(key): ApiPath<String>,
    PageQuery(q): PageQuery<super::LangQuery>,
) -> Result<Response, PageError> {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    if let Some(to) = sign_in_first(&auth, &uri) {
        return Ok(to);
    }
    let p = stored(&state, &auth, lang, &key).await?;
    let mut desk = desk(&state, &auth, lang).await?;
    let offered = actions(&auth.viewer(), &p.record.publisher, Some(p.record.status));
    if !desk.publishers.iter().any(|x| x.key == p.record.publisher) {
        return Err(PageError { error: Error::forbidden("not a publication of her press office"), lang });
    }
    if !offered.any() {
        let error = Error::conflict("publication_transition", "a withdrawn publication is no longer changed");
        return Err(PageError { error, lang });
    }
    let form = stored_form(&p, desk.publishers.iter().find(|x| x.key == p.record.publisher));
    desk.stored = Some(p);
    Ok(show(&desk, form, None, None))
}

/// A line of the list of drafts and scheduled items.
struct DraftLine {
    href: String,
    title: String,
    status: String,
    when: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/publication_drafts.html")]
struct DraftsPage {
    layout: Layout,
    lines: Vec<DraftLine>,
}

/// `GET /publications/drafts`: the drafts and scheduled items of her press office (every one, for the
/// Secretariat), each linked to its form.
pub async fn list_drafts(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    uri: Uri,
    PageQuery(q): PageQuery<super::LangQuery>,
) -> Result<Response, PageError> {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    if let Some(to) = sign_in_first(&auth, &uri) {
        return Ok(to);
    }
    let desk = desk(&state, &auth, lang).await?;
    let rows = state.app.unpublished(&auth.viewer()).await.map_err(PageError::new(lang))?;
    let lines = rows
        .iter()
        .map(|row| {
            let p = &row.record;
            let publisher = desk.publishers.iter().find(|x| x.key == p.publisher);
            DraftLine {
                href: format!("/publications/{}/edit", p.key),
                title: p.title.clone(),
                status: lang.name_of(&p.status),
                when: (p.status == PublicationStatus::Scheduled)
                    .then_some(p.scheduled_at)
                    .flatten()
                    .map(|t| super::publication::local_time(lang, publisher, &t)),
            }
        })
        .collect();
    let layout = Layout::new(lang, lang.t("press-drafts"), "/publications/drafts", &auth);
    let mut response = render(&DraftsPage { layout, lines }, lang, q.lang.is_some());
    *response.status_mut() = StatusCode::OK;
    Ok(response)
}
