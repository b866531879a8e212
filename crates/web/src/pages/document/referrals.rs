//! Referral to a higher body on the document page: the trail of its referrals in words (to which body, which
//! meeting, when, and the receiving body's outcome, when and how it decided); the Secretariat's form that refers an
//! adopted document to a meeting of a higher body; and, on each referral not decided yet, the form that records the
//! higher body's outcome, at the meeting it was referred to or by written procedure on a day. Each form calls the
//! same use case as the API and answers `303` back to the page's referrals.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use secretariat_core::domain::{parse_date, At, Id, ItemOutcome, Key, Procedure};
use secretariat_core::rules::actions::decides_a_referral;
use secretariat_core::service::{DocumentView, ReferralInput, ReferralOutcomeInput};
use secretariat_core::Error;

use super::forms::{answer, resolve};
use super::lines::Places;
use super::{timestamp, Forms};
use crate::auth::Auth;
use crate::error::PageError;
use crate::extract::ApiPath;
use crate::i18n::{FluentValue, UiLang};
use crate::names::Shown;
use crate::pages::form::Submitted;
use crate::AppState;

/// The error codes of the referral form and the fields they concern.
pub const REFERRAL_FIELDS: &[(&str, &str)] = &[
    ("meeting_required", "meeting"),
    ("invalid_key", "meeting"),
    ("unknown_reference", "meeting"),
    ("invalid_referral", "meeting"),
    ("not_a_higher_body", "meeting"),
    ("invalid_date", "at"),
    ("at_in_future", "at"),
    ("at_out_of_order", "at"),
    ("at_not_allowed", "at"),
];

/// The error codes of the outcome form and the fields they concern.
pub const OUTCOME_FIELDS: &[(&str, &str)] = &[
    ("invalid_choice", "outcome"),
    ("invalid_outcome", "outcome"),
    ("invalid_referral", "how"),
    ("invalid_date", "at"),
    ("at_required", "at"),
    ("at_in_future", "at"),
    ("at_out_of_order", "at"),
    ("at_not_allowed", "at"),
];

/// One referral, in words.
pub struct ReferralRow {
    pub id: Id,
    /// The receiving body's name.
    pub body: String,
    /// The meeting referred to ("Astana, 7–8 November 2018") and its page.
    pub meeting: String,
    pub meeting_href: String,
    pub referred: String,
    /// The receiving body's outcome, its day and how it decided; or that it has not decided yet.
    pub outcome: String,
    /// Whether the reader is offered the form that records the outcome.
    pub decide: bool,
}

/// The referrals part of the page.
#[derive(Default)]
pub struct Referrals {
    pub rows: Vec<ReferralRow>,
    /// (key, name) of the meetings she may refer the document to, when she may refer it.
    pub meetings: Option<Vec<(String, String)>>,
    /// (name, label) of the outcomes a higher body's decision may have.
    pub outcomes: Vec<(String, String)>,
}

impl Referrals {
    /// Whether the page has anything to show of referrals.
    pub fn shown(&self) -> bool {
        !self.rows.is_empty() || self.meetings.is_some()
    }
}

/// The referrals of `d` in words, with the outcome form on those `decide` names.
pub(super) fn rows(lang: UiLang, places: &Places, d: &DocumentView, decide: &[Id]) -> Vec<ReferralRow> {
    d.referrals
        .iter()
        .map(|r| {
            let outcome = match (r.outcome, r.decided_at) {
                (Some(o), Some(at)) => {
                    let key = match r.decided_by {
                        Some(Procedure::WrittenProcedure) => "referral-decided-in-writing",
                        _ => "referral-decided-at-meeting",
                    };
                    let args = [("outcome", FluentValue::from(lang.name_of(&o))), ("at", timestamp(lang, &at).into())];
                    lang.t_args(key, &args)
                }
                (Some(o), None) => lang.name_of(&o),
                (None, _) => lang.t("referral-undecided"),
            };
            ReferralRow {
                id: r.id,
                body: places.body(&r.body),
                meeting: places.meeting(&r.meeting),
                meeting_href: format!("/meetings/{}", r.meeting),
                referred: timestamp(lang, &r.referred_at),
                outcome,
                decide: decide.contains(&r.id),
            }
        })
        .collect()
}

/// The referrals part: its rows, and, when she may refer the document, the meetings she may refer it to (read only
/// then; none, and no form, when there is no such meeting).
pub(super) async fn part(
    state: &AppState,
    auth: &Auth,
    (lang, places): (UiLang, &Places),
    d: &DocumentView,
    rows: Vec<ReferralRow>,
    refer: bool,
) -> Result<Referrals, PageError> {
    let found = match refer {
        true => state.app.referral_meetings(&auth.viewer(), &d.document).await.map_err(PageError::new(lang))?,
        false => Vec::new(),
    };
    // A body with no higher body, or whose higher bodies have no meeting, is offered no form to fill in in vain.
    let meetings = (!found.is_empty()).then(|| {
        let named = found.into_iter().map(|m| {
            let place = format!("{}, {}", lang.text(&m.city), lang.date_range(&m.starts_on, &m.ends_on));
            (m.key.to_string(), format!("{} — {place}", places.body(&m.body)))
        });
        std::iter::once((String::new(), lang.t("referral-choose-meeting"))).chain(named).collect()
    });
    let outcomes = ItemOutcome::all()
        .into_iter()
        .filter(|o| decides_a_referral(*o))
        .map(|o| (o.name(), lang.name_of(&o)))
        .collect();
    Ok(Referrals { rows, meetings, outcomes })
}

/// The day typed into an `at` field, if any: when the act happened.
fn day(form: &Submitted) -> Result<Option<At>, Error> {
    form.get("at").map(|raw| parse_date(raw).map(At::Day)).transpose()
}

/// `POST /documents/{key}/referrals`: the Secretariat refers the adopted document to a meeting of a higher body.
pub async fn create_referral(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(reference): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let id = resolve(&state, &form, &reference).await?;
    let result = async {
        form.checked()?;
        let meeting = form
            .get("meeting")
            .ok_or_else(|| Error::invalid("meeting_required", "choose the meeting it is referred to"))?;
        let input = ReferralInput { meeting: Key::parse(meeting)?, at: day(&form)? };
        let view = state.app.refer(&form.actor, id, input).await?;
        Ok(format!("/documents/{}#referrals", view.document.key))
    }
    .await;
    answer(&state, &form, &headers, id, result, |f, e| Forms {
        referral: f.rejected(e, REFERRAL_FIELDS),
        ..Forms::default()
    })
    .await
}

/// `POST /referrals/{id}/outcome`: the Secretariat records the higher body's outcome on a referral of the document
/// the form names (`document`): at the meeting it was referred to (`how=meeting`), or by written procedure
/// (`how=written`) on the day typed (`at`). A referral of a document she may not see is not found, as a missing one.
pub async fn create_referral_outcome(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(referral): ApiPath<Id>,
    form: Submitted,
) -> Result<Response, PageError> {
    let lang = form.lang;
    let missing = |error: Error| match error {
        Error::NotFound { .. } => PageError { error: Error::NotFound { what: "referral" }, lang },
        error => PageError { error, lang },
    };
    let reference = form.get("document").ok_or_else(|| missing(Error::NotFound { what: "referral" }))?;
    let id = crate::api::documents::document_id(&state, &form.auth, reference).await.map_err(missing)?;
    let view = state.app.document(&form.auth.viewer(), id).await.map_err(missing)?;
    let meeting = view.referrals.iter().find(|r| r.id == referral).map(|r| r.meeting.clone());
    let meeting = meeting.ok_or_else(|| missing(Error::NotFound { what: "referral" }))?;
    let result = async {
        form.checked()?;
        let outcome = secretariat_core::domain::variant_named(form.get("outcome").unwrap_or_default())
            .filter(|o| decides_a_referral(*o))
            .ok_or_else(|| Error::invalid("invalid_choice", "choose the outcome"))?;
        let meeting = (form.get("how") != Some("written")).then_some(meeting);
        let input = ReferralOutcomeInput { outcome, meeting, at: day(&form)? };
        let view = state.app.decide_referral(&form.actor, referral, input).await?;
        Ok(format!("/documents/{}#referrals", view.document.key))
    }
    .await;
    answer(&state, &form, &headers, id, result, move |f, e| Forms {
        referral_outcome: Some((referral, f.rejected(e, OUTCOME_FIELDS))),
        ..Forms::default()
    })
    .await
}
