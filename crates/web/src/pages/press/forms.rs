//! The press officer's forms: a publication written, previewed (its sanitised rendering, nothing saved), saved as
//! a draft, scheduled at an instant in the publisher's zone, published or withdrawn. Each calls the same use case
//! as the API and answers `303` to the publication; refused, the form comes back as typed with the refusal at its
//! field; stale, with who changed it meanwhile and when, and the stored text beside hers.

use axum::extract::State;
use axum::response::Response;
use secretariat_core::domain::{Key, Lang, Publication, PublicationKind, PublicationStatus, Publisher};
use secretariat_core::Error;

use super::{desk, show, stored, Desk, Meanwhile};
use crate::error::PageError;
use crate::extract::ApiPath;
use crate::i18n::FluentValue;
use crate::pages::form::{done, Submitted};
use crate::AppState;

/// The error codes of the publication form and the fields they concern (`publication_incomplete` goes to the
/// first of title, body and author left blank).
pub const PUBLICATION_FIELDS: &[(&str, &str)] = &[
    ("invalid_key", "key"),
    ("reserved_key", "key"),
    ("duplicate", "key"),
    ("invalid_publication_kind", "kind"),
    ("unknown_category", "category"),
    ("invalid_category", "category"),
    ("invalid_language", "language"),
    ("invalid_translation", "translation_of"),
    ("invalid_meeting", "meetings"),
    ("invalid_document", "documents"),
    ("invalid_scheduled_at", "scheduled_at"),
    ("scheduled_at_required", "scheduled_at"),
    ("scheduled_in_past", "scheduled_at"),
];

/// What the press officer asked the form to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Preview,
    Save(PublicationStatus),
}

fn step(raw: Option<&str>) -> Result<Step, Error> {
    Ok(match raw {
        Some("preview") => Step::Preview,
        Some("draft") | None => Step::Save(PublicationStatus::Draft),
        Some("schedule") => Step::Save(PublicationStatus::Scheduled),
        Some("publish") => Step::Save(PublicationStatus::Published),
        Some("withdraw") => Step::Save(PublicationStatus::Withdrawn),
        Some(other) => return Err(Error::invalid("invalid_action", format!("`{other}` is not a step of the form"))),
    })
}

/// An instant typed in a zone (`2018-06-11T09:00`, as a `datetime-local` field sends it), or with its offset.
pub fn instant_in(raw: &str, zone: &jiff::tz::TimeZone) -> Result<jiff::Timestamp, Error> {
    let invalid = || Error::invalid("invalid_scheduled_at", "give the day and time to publish it");
    if let Ok(t) = raw.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    let local: jiff::civil::DateTime = raw.parse().map_err(|_| invalid())?;
    local.to_zoned(zone.clone()).map(|z| z.timestamp()).map_err(|_| invalid())
}

/// Keys typed one after another, separated by spaces or commas.
fn keys(raw: Option<&str>, code: &'static str) -> Result<Vec<Key>, Error> {
    raw.unwrap_or_default()
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|k| !k.is_empty())
        .map(|k| Key::parse(k).map_err(|_| Error::invalid(code, format!("`{k}` is not a key"))))
        .collect()
}

/// The publication the form describes, with the status asked for.
fn publication(
    form: &Submitted,
    key: Key,
    publisher: &Publisher,
    status: PublicationStatus,
) -> Result<Publication, Error> {
    form.checked()?;
    let kind: PublicationKind = serde_json::from_value(serde_json::json!(form.get("kind").unwrap_or_default()))
        .map_err(|_| Error::invalid("invalid_publication_kind", "a comment, a press release, a statement or news"))?;
    let category = Key::parse(form.get("category").unwrap_or_default())
        .map_err(|_| Error::invalid("invalid_category", "choose a category"))?;
    let scheduled_at = match (status, form.get("scheduled_at")) {
        (PublicationStatus::Scheduled, Some(raw)) => Some(instant_in(raw, &publisher.time_zone.zone())?),
        _ => None,
    };
    Ok(Publication {
        key,
        publisher: publisher.key.clone(),
        kind,
        category,
        language: Lang::parse(form.get("language").unwrap_or_default())?,
        translation_of: form
            .get("translation_of")
            .map(Key::parse)
            .transpose()
            .map_err(|_| Error::invalid("invalid_translation", "the key of the original"))?,
        title: form.get("title").unwrap_or_default().to_owned(),
        lead: form.get("lead").unwrap_or_default().to_owned(),
        body: form.get("body").unwrap_or_default().to_owned(),
        author: form.get("author").unwrap_or_default().to_owned(),
        status,
        scheduled_at,
        published_at: None,
        meetings: keys(form.get("meetings"), "invalid_meeting")?,
        documents: keys(form.get("documents"), "invalid_document")?,
        hits: 0,
    })
}

/// The form refused, at the field the refusal concerns.
fn refused(desk: &Desk, form: &Submitted, error: &Error) -> Response {
    let blank = ["title", "body", "author"].into_iter().find(|f| form.get(f).is_none()).unwrap_or("title");
    let mut fields = PUBLICATION_FIELDS.to_vec();
    fields.push(("publication_incomplete", blank));
    show(desk, form.rejected(error, &fields), None, None)
}

/// The form of a stale change: hers as typed, with the version she may now save over, the stored text beside it,
/// and who changed it and when.
async fn stale(
    state: &AppState,
    desk: &mut Desk<'_>,
    form: &Submitted,
    error: &Error,
    key: &str,
) -> Result<Response, PageError> {
    let lang = desk.lang;
    let current = stored(state, desk.auth, lang, key).await?;
    let change = state.app.publication_change(&desk.auth.viewer(), current.id).await.map_err(PageError::new(lang))?;
    let publisher = desk.publishers.iter().find(|p| p.key == current.record.publisher);
    let (by, at) = match change {
        Some(c) => (c.by, crate::pages::publication::local_time(lang, publisher, &c.at)),
        None => (String::new(), String::new()),
    };
    let notice =
        lang.t_args("press-changed-meanwhile", &[("by", FluentValue::from(by)), ("at", FluentValue::from(at))]);
    let mut view = form.rejected(error, &[]);
    view.summary = Some(notice.clone());
    view.set("version", current.version.to_string());
    let meanwhile = Meanwhile {
        notice,
        title: current.record.title.clone(),
        lead: current.record.lead.clone(),
        body: current.record.body.clone(),
    };
    desk.stored = Some(current);
    Ok(show(desk, view, None, Some(meanwhile)))
}

/// `POST /publications`: a new publication from the form — previewed, saved as a draft, scheduled or published.
pub async fn create_publication(State(state): State<AppState>, form: Submitted) -> Result<Response, PageError> {
    let desk = desk(&state, &form.auth, form.lang).await?;
    let Some(publisher) = desk.publisher(form.get("publisher")).cloned() else {
        return Err(PageError { error: Error::forbidden("no publisher"), lang: form.lang });
    };
    if form.get("publisher").is_some_and(|p| p != publisher.key.as_str()) {
        let error = Error::forbidden("only the publisher's press office and the Secretariat write its publications");
        return Err(PageError { error, lang: form.lang });
    }
    let written = async {
        let key = Key::parse(form.get("key").unwrap_or_default())?;
        let asked = step(form.get("action"))?;
        let status = match asked {
            Step::Preview => PublicationStatus::Draft,
            Step::Save(status) => status,
        };
        let p = publication(&form, key, &publisher, status)?;
        if asked == Step::Preview {
            return Ok(None);
        }
        state.app.create_publication(&form.actor, p).await.map(Some)
    };
    match written.await {
        Ok(Some(p)) => Ok(done(&format!("/publications/{}", p.record.key))),
        Ok(None) => {
            Ok(show(&desk, form.view(), Some(crate::markdown::render(form.get("body").unwrap_or_default())), None))
        }
        Err(e) if crate::pages::form::shown_again(&e) => Ok(refused(&desk, &form, &e)),
        Err(error) => Err(PageError { error, lang: form.lang }),
    }
}

/// `POST /publications/{key}`: a publication changed from its form with the `version` it was read at —
/// previewed, saved, scheduled, published or withdrawn.
pub async fn change_publication(
    State(state): State<AppState>,
    ApiPath(key): ApiPath<String>,
    form: Submitted,
) -> Result<Response, PageError> {
    let lang = form.lang;
    let current = stored(&state, &form.auth, lang, &key).await?;
    let mut desk = desk(&state, &form.auth, lang).await?;
    let Some(publisher) = desk.publishers.iter().find(|p| p.key == current.record.publisher).cloned() else {
        let error = Error::forbidden("only the publisher's press office and the Secretariat write its publications");
        return Err(PageError { error, lang });
    };
    let id = current.id;
    desk.stored = Some(current.clone());
    let written = async {
        let version = form
            .get("version")
            .and_then(|v| v.parse::<i64>().ok())
            .ok_or_else(|| Error::invalid("version_required", "the form lacks the version it was read at"))?;
        let asked = step(form.get("action"))?;
        let status = match asked {
            Step::Preview => current.record.status,
            Step::Save(status) => status,
        };
        let mut p = publication(&form, current.record.key.clone(), &publisher, status)?;
        if status == PublicationStatus::Withdrawn {
            // Withdrawing keeps the text as it was published: the notice is what changes.
            p = Publication { status, ..current.record.clone() };
        }
        if asked == Step::Preview {
            return Ok(None);
        }
        state.app.change_publication(&form.actor, id, version, p).await.map(Some)
    };
    match written.await {
        Ok(Some(p)) => Ok(done(&format!("/publications/{}", p.record.key))),
        Ok(None) => {
            let preview = crate::markdown::render(form.get("body").unwrap_or_default());
            Ok(show(&desk, form.view(), Some(preview), None))
        }
        Err(e @ Error::Conflict { .. }) if e.code() == "stale_version" => {
            stale(&state, &mut desk, &form, &e, &key).await
        }
        Err(e) if crate::pages::form::shown_again(&e) => Ok(refused(&desk, &form, &e)),
        Err(error) => Err(PageError { error, lang }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scheduled_instant_is_typed_in_the_publisher_s_zone_or_with_its_offset() {
        let moscow = jiff::tz::TimeZone::get("Europe/Moscow").unwrap();
        assert_eq!(instant_in("2018-06-11T09:00", &moscow).unwrap().to_string(), "2018-06-11T06:00:00Z");
        assert_eq!(instant_in("2018-06-11T09:00:00+06:00", &moscow).unwrap().to_string(), "2018-06-11T03:00:00Z");
        for bad in ["tomorrow", "2018-13-01T10:00", ""] {
            assert_eq!(instant_in(bad, &moscow).unwrap_err().code(), "invalid_scheduled_at");
        }
    }

    #[test]
    fn the_form_s_step_is_one_of_its_buttons() {
        assert_eq!(step(Some("preview")).unwrap(), Step::Preview);
        assert_eq!(step(None).unwrap(), Step::Save(PublicationStatus::Draft));
        assert_eq!(step(Some("withdraw")).unwrap(), Step::Save(PublicationStatus::Withdrawn));
        assert_eq!(step(Some("delete")).unwrap_err().code(), "invalid_action");
    }

    #[test]
    fn related_keys_are_typed_apart_by_spaces_or_commas() {
        let got = keys(Some("cfm-2018-06-almaty, cst-2018-11-astana"), "invalid_meeting").unwrap();
        assert_eq!(got.iter().map(Key::as_str).collect::<Vec<_>>(), ["cfm-2018-06-almaty", "cst-2018-11-astana"]);
        assert_eq!(keys(Some("Not A Key"), "invalid_meeting").unwrap_err().code(), "invalid_meeting");
        assert!(keys(None, "invalid_meeting").unwrap().is_empty());
    }
}
