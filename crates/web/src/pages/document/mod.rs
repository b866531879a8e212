//! The document page: symbol, status, sponsors, language versions side by side, positions by state (live), silence
//! procedures with their deadlines, outcome, referrals, corrigenda and addenda; and the forms of what the reader
//! may do on it now ([`forms`], [`offered`]).

pub mod amendments;
pub mod drafting;
pub mod forms;
mod history;
mod lines;
pub mod new;
mod offered;
pub mod referrals;
pub mod silence;

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use secretariat_core::domain::Sponsor;
use secretariat_core::service::DocumentView;
use std::collections::HashMap;

use super::form::FormView;
use super::{render, Layout};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::UiLang;
use crate::AppState;
pub use forms::{DocumentQuery, Forms};

struct VersionColumn {
    /// The version's own version, sent back with an edit.
    version: i64,
    language: String,
    language_name: String,
    status: String,
    /// The version is an authentic text (its status says so).
    authentic: bool,
    text: String,
}

struct PositionRow {
    state: String,
    position: String,
    text: Option<String>,
    note: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/document.html", blocks = ["live"])]
struct DocumentPage {
    layout: Layout,
    /// The page's own path (by key), where its forms post, and the document's key.
    url: String,
    key: String,
    symbol: String,
    /// The register of its organisation that keeps a document of its kind (plans, legal basis, lists of joint
    /// statements): (href, name).
    register: Option<(String, String)>,
    title: String,
    status: String,
    kind: String,
    /// The sponsors named, each with its page when it has one (a state's, a body's).
    sponsors: Vec<(String, Option<String>)>,
    period: Option<String>,
    revision: String,
    versions: Vec<VersionColumn>,
    positions: Vec<PositionRow>,
    consensus: String,
    silences: Vec<silence::SilenceBlock>,
    outcome: Option<String>,
    referrals: referrals::Referrals,
    /// Its corrigenda and addenda, and the document it is one of.
    amendments: Vec<amendments::AmendmentLink>,
    amended: Option<amendments::Amended>,
    /// Its way through bodies, one line a step.
    path: Vec<String>,
    /// The agenda items it was on: (href, words).
    on_agenda: Vec<(String, String)>,
    /// Whether the positions and silence may still move (the document is not settled): the page then refreshes
    /// them (htmx, every few seconds).
    live: bool,
    /// "Almaty time, UTC+6": the time a silence deadline is typed in.
    deadline_zone: String,
    offered: offered::Offered,
    forms: Forms,
    /// The publications about it.
    publications: Vec<super::publication::PublicationLink>,
    /// The record's version, sent back with a change of its sponsors.
    document_version: i64,
    history: Vec<history::HistoryRow>,
    /// What happened to it, step by step, from its audit entries.
    events: Vec<history::EventRow>,
    /// An agreement's or protocol's signatures, ratifications and entry into force, today.
    treaty: Option<crate::pages::plans::legal::Standing>,
    diff: Option<history::DiffView>,
    /// (number, label) of every revision, and (code, name) of the current revision's languages, to compare.
    revision_numbers: Vec<(String, String)>,
    current_languages: Vec<(String, String)>,
    /// The form asking for a difference, as asked.
    compare_form: FormView,
    /// Each version's edit form, by language.
    text_forms: Vec<(String, FormView)>,
    /// The revision form's languages, the organisation's working ones: (code, name, current text).
    revision_languages: Vec<(String, String, String)>,
}

impl DocumentPage {
    /// The edit form of one language version.
    fn text_form(&self, language: &str) -> FormView {
        self.text_forms.iter().find(|(l, _)| l == language).map(|(_, f)| f.clone()).unwrap_or_default()
    }

    /// The outcome form of one referral: as typed if it was refused, else fresh.
    fn referral_outcome_form(&self, referral: &secretariat_core::domain::Id) -> FormView {
        match &self.forms.referral_outcome {
            Some((id, f)) if id == referral => f.clone(),
            _ => FormView::default(),
        }
    }
}

pub(crate) fn timestamp(lang: UiLang, t: &jiff::Timestamp) -> String {
    let utc = t.to_zoned(jiff::tz::TimeZone::UTC);
    format!("{}, {} UTC", lang.date(&utc.date()), utc.time().strftime("%H:%M"))
}

/// States by their names in the reader's language (the code where no name is known).
type StateNames = HashMap<String, String>;

/// What the page needs besides the document: who reads, the states' names, the venue, the clock, the forms.
pub struct Context<'a> {
    pub lang: UiLang,
    pub auth: &'a Auth,
    pub names: &'a StateNames,
    /// The meetings and bodies the outcome, path and referrals name.
    pub places: &'a lines::Places,
    pub venue: Option<&'a silence::Venue>,
    pub now: jiff::Timestamp,
}

fn place<'a>(c: &Context<'a>) -> silence::Place<'a> {
    silence::Place { venue: c.venue, reader: crate::pages::zone::reader_zone(c.auth) }
}

fn page(c: &Context, d: &DocumentView, forms: Forms) -> DocumentPage {
    let (lang, names) = (c.lang, c.names);
    let name = |code: &dyn ToString| {
        let code = code.to_string();
        names.get(&code).cloned().unwrap_or(code)
    };
    let current = d.revisions.last();
    let title = lang.text(&d.document.title);
    let symbol = d.symbol.clone().unwrap_or_else(|| lang.t("document-provisional"));
    let consensus = if !d.consensus.blocked_by.is_empty() {
        let states: Vec<String> = d.consensus.blocked_by.iter().map(|s| name(s)).collect();
        format!("{} {}", lang.t("consensus-blocked"), states.join(", "))
    } else if d.consensus.pending.is_empty() {
        lang.t("consensus-reached")
    } else if d.outcome.is_some() || d.status.settled() {
        // Decided: "still to say" would be read as a vote not yet over.
        lang.t("positions-none-recorded")
    } else {
        let states: Vec<String> = d.consensus.pending.iter().map(|s| name(s)).collect();
        format!("{} {}", lang.t("consensus-pending"), states.join(", "))
    };
    let url = format!("/documents/{}", d.document.key);
    let silences: Vec<silence::SilenceBlock> =
        d.silence.iter().map(|s| silence::block(lang, s, place(c), c.now, names)).collect();
    let offered = offered::offered(c, d);
    DocumentPage {
        layout: Layout::new(lang, format!("{symbol} — {title}"), &url, c.auth),
        live: !d.status.settled(),
        deadline_zone: c.venue.map_or_else(|| "UTC".to_owned(), |v| v.label(lang, c.now)),
        key: d.document.key.to_string(),
        url,
        register: lines::register_of(lang, &d.document.organisation, d.document.kind),
        kind: lang.name_of(&d.document.kind),
        status: lang.name_of(&d.status),
        sponsors: d
            .document
            .sponsors
            .iter()
            .map(|s| {
                let href = match s {
                    Sponsor::State(code) => Some(crate::pages::who::state_href(code)),
                    Sponsor::Body(body) => Some(crate::pages::who::body_href(&d.document.organisation, body)),
                    Sponsor::Secretariat => None,
                };
                (name(s), href)
            })
            .collect(),
        period: d.document.period.map(|p| {
            let day = |x: Option<jiff::civil::Date>| x.map_or_else(|| "…".to_owned(), |x| lang.date(&x));
            format!("{} – {}", day(p.from), day(p.to))
        }),
        revision: match current.map(|r| r.number) {
            None | Some(0) => lang.t("revision-original"),
            Some(n) => format!("{} {n}", lang.t("revision")),
        },
        versions: current
            .map(|r| {
                let mut versions: Vec<_> = r.versions.iter().collect();
                // The original first, the others in the order of their language codes.
                versions.sort_by_key(|v| (v.language != d.document.original_language, v.language.to_string()));
                versions
                    .into_iter()
                    .map(|v| VersionColumn {
                        version: v.version,
                        language: v.language.to_string(),
                        language_name: lang.language_name(v.language.as_str()),
                        status: lang.name_of(&v.status),
                        authentic: v.status == secretariat_core::domain::VersionStatus::Authentic,
                        text: v.text.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        positions: d
            .positions
            .iter()
            .map(|p| PositionRow {
                state: name(&p.state),
                position: lang.named("position", p.position),
                text: p.text.clone(),
                note: Some(match p.on_behalf {
                    true => format!("{}; {}", timestamp(lang, &p.at), lang.t("recorded-on-behalf")),
                    false => timestamp(lang, &p.at),
                }),
            })
            .collect(),
        consensus,
        silences,
        outcome: d.outcome.as_ref().map(|o| {
            let how = lang.name_of(&o.procedure);
            match &o.meeting {
                Some(m) => {
                    let (body, place) = (c.places.body(&d.document.body), c.places.meeting(m));
                    format!("{} — {how} ({body}, {place})", timestamp(lang, &o.adopted_at))
                }
                None => format!("{} — {how}", timestamp(lang, &o.adopted_at)),
            }
        }),
        referrals: referrals::Referrals {
            rows: referrals::rows(lang, c.places, d, &offered.decide_referrals),
            ..Default::default()
        },
        amendments: Vec::new(),
        amended: None,
        path: d.path.iter().map(|p| lines::path_step(lang, c.places, p)).collect(),
        on_agenda: lines::on_agenda(lang, c.places, d),
        document_version: d.version,
        history: history::history(lang, d, names),
        events: Vec::new(),
        treaty: None,
        diff: None,
        revision_numbers: d.revisions.iter().map(|r| (r.number.to_string(), r.number.to_string())).collect(),
        current_languages: current
            .map(|r| {
                r.versions.iter().map(|v| (v.language.to_string(), lang.language_name(v.language.as_str()))).collect()
            })
            .unwrap_or_default(),
        compare_form: history::compare_form(&forms, d),
        text_forms: history::text_forms(&forms, d),
        revision_languages: Vec::new(),
        title,
        symbol,
        offered,
        forms,
        publications: Vec::new(),
    }
}

/// Reads what the page shows of a document (the states' names, the venue) and renders it with `forms`; asked by
/// htmx for its live part (`HX-Target: live`), renders that part alone.
pub async fn show(
    state: &AppState,
    auth: &Auth,
    lang: UiLang,
    headers: &HeaderMap,
    id: secretariat_core::domain::Id,
    forms: Forms,
    remember_lang: bool,
) -> PageResult {
    let viewer = auth.viewer();
    let view = state.app.document(&viewer, id).await.map_err(PageError::new(lang))?;
    // The live part shows no history: its refresh reads none.
    let steps = match super::fragment(headers) {
        Some("live") => Vec::new(),
        _ => state.app.document_history(&viewer, id).await.map_err(PageError::new(lang))?,
    };
    let treaty = match super::fragment(headers) {
        Some("live") => None,
        _ => state.app.treaty(&viewer, &view, state.app.today()).await.map_err(PageError::new(lang))?,
    };
    let sponsors = view.document.sponsors.iter().filter_map(|s| match s {
        Sponsor::State(code) => Some(code),
        _ => None,
    });
    let received = view.silence.iter().flat_map(|s| s.received.iter().map(|r| r.state.clone()));
    let codes = sponsors.chain(view.positions.iter().map(|p| &p.state)).cloned().chain(received);
    let codes = codes.chain(view.consensus.blocked_by.iter().cloned()).chain(view.consensus.pending.iter().cloned());
    let signatories = treaty.iter().flat_map(|t| t.signatures.iter().map(|s| s.state.clone()));
    let codes: Vec<_> = codes.chain(history::states_named(&steps)).chain(signatories).collect();
    // One read for every state the page names.
    let names: StateNames = state
        .app
        .state_names(&codes)
        .await
        .map_err(PageError::new(lang))?
        .into_iter()
        .map(|(code, name)| (code.to_string(), lang.text(&name)))
        .collect();
    let venue = state.app.venue_of(&viewer, &view).await.map_err(PageError::new(lang))?.map(|city| silence::Venue {
        city: secretariat_core::domain::current_name(&city.names)
            .map_or_else(|| city.key.to_string(), |t| lang.text(t)),
        zone: city.time_zone.zone(),
    });
    // The language switch offers the organisation's working languages that the interface speaks.
    let org = state.app.organisation(&view.document.organisation).await.map_err(PageError::new(lang))?;
    let status = forms.status();
    let diff = history::diff(state, &viewer, lang, id, forms.compare.as_ref()).await.map_err(PageError::new(lang))?;
    let places = lines::Places::of(state, auth, lang, &view).await?;
    let context = Context { lang, auth, names: &names, places: &places, venue: venue.as_ref(), now: state.app.now() };
    let p = page(&context, &view, forms);
    let current = view.revisions.last();
    let revision_languages = org
        .languages
        .iter()
        .map(|l| {
            let text = current.and_then(|r| r.versions.iter().find(|v| v.language == *l)).map(|v| v.text.clone());
            (l.to_string(), lang.language_name(l.as_str()), text.unwrap_or_default())
        })
        .collect();
    let key = &view.document.key;
    let publications =
        super::publication::about(state, auth, lang, secretariat_core::domain::Kind::Document, key).await?;
    let referrals = referrals::part(state, auth, (lang, &places), &view, p.referrals.rows, p.offered.refer).await?;
    let (amendments, amended) = amendments::of(state, auth, lang, &view).await?;
    let layout = p.layout.for_organisation(&org.languages);
    let events = history::events(lang, &steps, &names, &places);
    let treaty = treaty.map(|t| {
        let name = |code: &str| names.get(code).cloned().unwrap_or_else(|| code.to_owned());
        crate::pages::plans::legal::standing(lang, &t, state.app.today(), name)
    });
    let p = DocumentPage {
        layout,
        diff,
        revision_languages,
        publications,
        referrals,
        amendments,
        amended,
        events,
        treaty,
        ..p
    };
    let mut response = if super::fragment(headers) == Some("live") {
        super::render(&p.as_live(), lang, false)
    } else {
        render(&p, lang, remember_lang)
    };
    *response.status_mut() = status;
    Ok(super::form::stay(response))
}

/// `GET /documents/{key}`: the document as the reader may see it; a draft the reader may not see is a 404.
pub async fn get_document(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(reference): ApiPath<String>,
    PageQuery(q): PageQuery<DocumentQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let compare = match (q.from, q.to, q.language.as_deref().map(secretariat_core::domain::Lang::parse)) {
        (Some(from), Some(to), Some(Ok(language))) => Some(history::Compare { from, to, language }),
        _ => None,
    };
    let shown = async {
        let id = crate::api::documents::document_id(&state, &auth, &reference).await.map_err(PageError::new(lang))?;
        let forms = Forms { compare, ..Forms::default() };
        show(&state, &auth, lang, &headers, id, forms, q.lang.is_some()).await
    };
    match shown.await {
        // The live part that can no longer be shown (the session ended, the document went away) stops its
        // refreshing rather than putting an error page in its place.
        Err(_) if super::fragment(&headers) == Some("live") => Ok(super::stop_polling()),
        shown => shown,
    }
}
