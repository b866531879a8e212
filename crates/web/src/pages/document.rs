//! The document page: symbol, status, sponsors, language versions side by side, positions by state, silence
//! deadlines, outcome and referrals.

use crate::i18n::FluentValue;
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use secretariat_core::domain::{Procedure, Sponsor};
use secretariat_core::service::{DocumentView, PathStep};
use std::collections::HashMap;

use super::{render, Layout, PageError, PageResult};
use crate::auth::Auth;
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::UiLang;
use crate::AppState;

struct VersionColumn {
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
#[template(path = "pages/document.html")]
struct DocumentPage {
    layout: Layout,
    symbol: String,
    title: String,
    status: String,
    kind: String,
    sponsors: String,
    period: Option<String>,
    revision: String,
    versions: Vec<VersionColumn>,
    positions: Vec<PositionRow>,
    consensus: String,
    silence: Vec<String>,
    outcome: Option<String>,
    referrals: Vec<String>,
    /// Its way through bodies, one line a step.
    path: Vec<String>,
}

fn timestamp(lang: UiLang, t: &jiff::Timestamp) -> String {
    let utc = t.to_zoned(jiff::tz::TimeZone::UTC);
    format!("{}, {} UTC", lang.date(&utc.date()), utc.time().strftime("%H:%M"))
}

/// One step of the document's way through bodies, in words: "Agreed at … by …", "Approved at … and submitted to …".
fn path_step(lang: UiLang, p: &PathStep) -> String {
    let arg = |v: Option<String>| FluentValue::from(v.unwrap_or_default());
    let args = [
        ("meeting", arg(p.meeting.as_ref().map(ToString::to_string))),
        ("body", FluentValue::from(p.body.to_string())),
        ("to", arg(p.to.as_ref().map(ToString::to_string))),
        ("outcome", arg(p.outcome.map(|o| lang.name_of(&o)))),
    ];
    let key = match (p.step, &p.to, &p.meeting) {
        ("agreed", Some(_), _) => "path-agreed-sent-on",
        ("agreed", None, _) => "path-agreed",
        ("approved", _, _) => "path-approved",
        ("adopted", _, Some(_)) => "path-adopted",
        ("adopted", _, None) => "path-adopted-by-silence",
        ("referred", _, _) => "path-referred",
        _ => "path-decided",
    };
    format!("{}: {}", timestamp(lang, &p.at), lang.t_args(key, &args))
}

/// The languages whose names the interface knows; any other is shown by its code.
const NAMED_LANGUAGES: [&str; 8] = ["ar", "de", "en", "es", "fr", "it", "ru", "zh"];

fn language_name(lang: UiLang, code: &str) -> String {
    if NAMED_LANGUAGES.contains(&code) {
        lang.named("language-name", code)
    } else {
        code.to_owned()
    }
}

/// States by their names in the reader's language (the code where no name is known).
type StateNames = HashMap<String, String>;

fn page(lang: UiLang, d: &DocumentView, auth: &Auth, names: &StateNames) -> DocumentPage {
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
    } else if d.positions.is_empty() && d.outcome.is_some() {
        // Decided with no position on record: "still to say" would be read as a vote not yet over.
        lang.t("positions-none-recorded")
    } else {
        let states: Vec<String> = d.consensus.pending.iter().map(|s| name(s)).collect();
        format!("{} {}", lang.t("consensus-pending"), states.join(", "))
    };
    DocumentPage {
        layout: Layout::new(lang, format!("{symbol} — {title}"), &format!("/documents/{}", d.id), auth),
        kind: lang.name_of(&d.document.kind),
        status: lang.name_of(&d.status),
        sponsors: d.document.sponsors.iter().map(|s| name(s)).collect::<Vec<_>>().join(", "),
        period: d.document.period.map(|p| {
            let day = |x: Option<jiff::civil::Date>| x.map_or_else(|| "…".to_owned(), |x| lang.date(&x));
            format!("{} – {}", day(p.from), day(p.to))
        }),
        revision: current.map_or_else(String::new, |r| r.number.to_string()),
        versions: current
            .map(|r| {
                let mut versions: Vec<_> = r.versions.iter().collect();
                // The original first, the others in the order of their language codes.
                versions.sort_by_key(|v| (v.language != d.document.original_language, v.language.to_string()));
                versions
                    .into_iter()
                    .map(|v| VersionColumn {
                        language: v.language.to_string(),
                        language_name: language_name(lang, v.language.as_str()),
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
        silence: d
            .silence
            .iter()
            .map(|s| {
                format!(
                    "{}: {} ({})",
                    lang.t("silence-deadline"),
                    timestamp(lang, &s.deadline),
                    lang.named("silence", &s.status)
                )
            })
            .collect(),
        outcome: d.outcome.as_ref().map(|o| {
            let how = lang.name_of(&o.procedure);
            match &o.meeting {
                Some(m) => format!("{} — {how} ({m})", timestamp(lang, &o.adopted_at)),
                None => format!("{} — {how}", timestamp(lang, &o.adopted_at)),
            }
        }),
        referrals: d
            .referrals
            .iter()
            .map(|r| {
                let outcome = match (r.outcome, r.decided_at, r.decided_by) {
                    (Some(o), Some(at), Some(Procedure::WrittenProcedure)) => {
                        format!(
                            "{} — {}, {}",
                            lang.name_of(&o),
                            timestamp(lang, &at),
                            lang.name_of(&Procedure::WrittenProcedure)
                        )
                    }
                    (Some(o), Some(at), _) => format!("{} — {}", lang.name_of(&o), timestamp(lang, &at)),
                    (Some(o), None, _) => lang.name_of(&o),
                    (None, _, _) => lang.t("referral-pending"),
                };
                format!("{} ({}), {}: {outcome}", r.body, r.meeting, timestamp(lang, &r.referred_at))
            })
            .collect(),
        path: d.path.iter().map(|p| path_step(lang, p)).collect(),
        title,
        symbol,
    }
}

/// `GET /documents/{id}`: the document as the reader may see it; a draft the reader may not see is a 404.
pub async fn get_document(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(reference): ApiPath<String>,
    PageQuery(q): PageQuery<super::LangQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let id = crate::api::documents::document_id(&state, &auth, &reference).await.map_err(PageError::new(lang))?;
    let view = state.app.document(&auth.viewer(), id).await.map_err(PageError::new(lang))?;
    let sponsors = view.document.sponsors.iter().filter_map(|s| match s {
        Sponsor::State(code) => Some(code),
        _ => None,
    });
    let codes = sponsors.chain(view.positions.iter().map(|p| &p.state));
    let codes: Vec<_> = codes.chain(&view.consensus.blocked_by).chain(&view.consensus.pending).cloned().collect();
    // One read for every state the page names.
    let names: StateNames = state
        .app
        .state_names(&codes)
        .await
        .map_err(PageError::new(lang))?
        .into_iter()
        .map(|(code, name)| (code.to_string(), lang.text(&name)))
        .collect();
    // The language switch offers the organisation's working languages that the interface speaks.
    let org = state.app.organisation(&view.document.organisation).await.map_err(PageError::new(lang))?;
    let p = page(lang, &view, &auth, &names);
    let p = DocumentPage { layout: p.layout.for_organisation(&org.languages), ..p };
    Ok(render(&p, lang, q.lang.is_some()))
}
