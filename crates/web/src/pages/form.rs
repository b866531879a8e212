//! The forms of the pages. A submitted form is read as the list of fields it sent, so that a rejected one is shown
//! again with everything typed; from a browser it carries the session's CSRF token; and the core's refusal is shown at the field
//! it concerns, in the reader's language. A form that succeeds answers `303 See Other` to the page it changed
//! (post/redirect/get), so reloading never sends it twice. Forms work without JavaScript: htmx only boosts them.

use std::collections::BTreeMap;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use secretariat_core::account::Actor;
use secretariat_core::Error;

use crate::auth::Auth;
use crate::error::PageError;
use crate::i18n::UiLang;
use crate::AppState;

/// A form as submitted by a signed-in account whose CSRF token matched.
pub struct Submitted {
    pub fields: Vec<(String, String)>,
    pub auth: Auth,
    pub actor: Actor,
    pub lang: UiLang,
    /// The first field holding a control character the record refuses, if any.
    refused: Option<String>,
}

/// A record changed by someone else since the form was read: who and when, and the stored values beside the
/// ones typed (label, stored, typed), for the fields that differ.
#[derive(Debug, Clone, Default)]
pub struct Conflict {
    pub said: String,
    pub rows: Vec<(String, String, String)>,
}

/// Where a signed-out form sends its reader: the sign-in page, which returns to the page she came from.
pub fn sign_in_to(back: &str) -> Response {
    let back = safe_return(back).unwrap_or("/");
    let query: String = url_escape(back);
    Redirect::to(&format!("/sign-in?next={query}")).into_response()
}

/// A path on this site to return to after signing in: absolute, not `//host`, no scheme.
pub fn safe_return(raw: &str) -> Option<&str> {
    let ok = raw.starts_with('/') && !raw.starts_with("//") && !raw.contains('\\') && !raw.contains("://");
    ok.then_some(raw)
}

/// A text as a URL query value.
pub fn url_escape(raw: &str) -> String {
    url::form_urlencoded::byte_serialize(raw.as_bytes()).collect()
}

/// The page a request came from, by its `Referer` (its path and query only), else `fallback`.
pub fn came_from(headers: &HeaderMap, fallback: &str) -> String {
    headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| url::Url::parse(r).ok())
        .map(|u| match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_owned(),
        })
        .unwrap_or_else(|| fallback.to_owned())
}

fn refused(s: &str) -> bool {
    s.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

impl FromRequest<AppState> for Submitted {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let lang = UiLang::negotiate(None, &parts.headers);
        let auth = Auth::from_request_parts(&mut parts, state).await.map_err(IntoResponse::into_response)?;
        let Some(account) = auth.account.as_ref() else {
            return Err(sign_in_to(&came_from(&parts.headers, parts.uri.path())));
        };
        let actor = account.actor();
        let req = Request::from_parts(parts, body);
        let axum::Form(fields) = axum::Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map_err(|e| PageError { error: Error::invalid("invalid_form", e.body_text()), lang }.into_response())?;
        // A browser session must send its CSRF token; a program with an API token sends none (no cookie to ride).
        let csrf = fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str());
        if auth.session.is_some() && !auth.csrf_matches(csrf) {
            return Err(PageError { error: Error::forbidden("stale form"), lang }.into_response());
        }
        let refused = fields.iter().find(|(_, v)| refused(v)).map(|(k, _)| k.clone());
        Ok(Self { fields, auth, actor, lang, refused })
    }
}

impl Submitted {
    /// A field's value, trimmed; an empty field is `None`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    /// Every value sent under a name (checkboxes, multiple selects), empty ones left out.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.fields.iter().filter(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty()).collect()
    }

    /// The form refused before the core sees it: a text with a control character, named at its field.
    pub fn checked(&self) -> Result<(), Error> {
        match &self.refused {
            Some(field) => Err(Error::invalid("control_character", format!("{field}: a control character"))),
            None => Ok(()),
        }
    }

    /// The form shown again as typed, with the core's refusal at its field: `fields` names, for each error code
    /// the form can meet, the field it concerns; other refusals are said above the form.
    pub fn rejected(&self, error: &Error, fields: &[(&str, &str)]) -> FormView {
        let field = match error.code() {
            "control_character" => self.refused.clone(),
            _ => None,
        };
        self.view().refused(self.lang, error, fields, field.as_deref())
    }

    /// The form as typed, with no error.
    pub fn view(&self) -> FormView {
        FormView::typed(&self.fields)
    }
}

/// A form refused: the core's error, and the field it concerns when the form's reading knows it.
#[derive(Debug)]
pub struct Refused {
    pub error: Error,
    pub field: Option<&'static str>,
}

impl From<Error> for Refused {
    fn from(error: Error) -> Self {
        Self { error, field: None }
    }
}

/// An error at a field.
pub fn at(field: &'static str) -> impl FnOnce(Error) -> Refused {
    move |error| Refused { error, field: Some(field) }
}

/// A field that must be filled in.
pub fn required<'a>(form: &'a Submitted, field: &'static str) -> Result<&'a str, Refused> {
    form.get(field).ok_or_else(|| at(field)(Error::invalid("field_required", format!("{field} is required"))))
}

/// One of a closed list of words (an enum of the domain), read as the API reads it.
pub fn choice<T: serde::de::DeserializeOwned>(form: &Submitted, field: &'static str) -> Result<T, Refused> {
    let raw = required(form, field)?;
    serde_json::from_value(serde_json::Value::String(raw.to_owned()))
        .map_err(|_| at(field)(Error::invalid("invalid_choice", format!("`{raw}` is not one of the choices"))))
}

/// Whether a refusal is shown on the form's page again, everything typed kept (invalid, conflicting, forbidden, or a
/// failure to store), rather than as an error page (not found, not signed in, throttled).
pub fn shown_again(e: &Error) -> bool {
    matches!(e, Error::Invalid { .. } | Error::Conflict { .. } | Error::Forbidden { .. } | Error::Storage(_))
}

/// A form to show: the values to fill in, and an error per field or for the whole form.
#[derive(Debug, Clone, Default)]
pub struct FormView {
    values: BTreeMap<String, Vec<String>>,
    errors: BTreeMap<String, String>,
    /// A refusal that concerns no one field.
    pub summary: Option<String>,
    /// The status of the page that shows it: 200 for a fresh form, the refusal's otherwise.
    pub status: StatusCode,
}

impl FormView {
    /// A form as typed (a GET form's query, a posted form's fields), with no error.
    pub fn typed(fields: &[(String, String)]) -> Self {
        let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in fields.iter().filter(|(k, _)| k != "csrf") {
            values.entry(k.clone()).or_default().push(v.clone());
        }
        FormView { values, ..FormView::default() }
    }

    /// The form with the core's refusal at its field (`field`, else the one `fields` names for its code), in the
    /// reader's language; a refusal that concerns no one field is said above the form.
    pub fn refused(mut self, lang: UiLang, error: &Error, fields: &[(&str, &str)], field: Option<&str>) -> Self {
        let code = error.code();
        let message = lang.t_or(&crate::names::message_key("error", code), &error.to_string());
        let field = field.or_else(|| fields.iter().find(|(c, _)| *c == code).map(|(_, f)| *f));
        // A browser sends every field of the form (`title` stands for `title-en`, `title-ru`…): a refusal at a
        // field it did not send concerns a field this form does not show, so it is also said above it, never lost.
        let sent =
            |f: &str| self.values.keys().any(|k| k == f || k.strip_prefix(f).is_some_and(|r| r.starts_with('-')));
        match field {
            Some(f) => {
                if !sent(f) {
                    self.summary = Some(message.clone());
                }
                self.errors.insert(f.to_owned(), message);
            }
            None => self.summary = Some(message),
        }
        self.status = match error {
            Error::Storage(cause) => {
                tracing::error!(error.cause = %cause, "form failed in storage");
                StatusCode::INTERNAL_SERVER_ERROR
            }
            e => crate::error::status_of(e),
        };
        self
    }

    /// A fresh form with these values filled in.
    pub fn with(values: &[(&str, &str)]) -> Self {
        let values = values.iter().map(|(k, v)| ((*k).to_owned(), vec![(*v).to_owned()])).collect();
        Self { values, ..Self::default() }
    }

    /// A fresh form with these values filled in, a name repeated for each value of a list (members, documents).
    pub fn of_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in pairs {
            values.entry(k).or_default().push(v);
        }
        Self { values, ..Self::default() }
    }

    /// Every value of a field, in order.
    pub fn values(&self, name: &str) -> &[String] {
        self.values.get(name).map_or(&[], Vec::as_slice)
    }

    /// Replaces a field's value (the version a form carries, once it has met a newer one).
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.values.insert(name.to_owned(), vec![value.into()]);
    }

    /// The value typed into a field (the first, for a repeated one), or "".
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).and_then(|v| v.first()).map_or("", String::as_str)
    }

    /// The title typed in a language (`title-<code>`).
    pub fn title(&self, code: &str) -> &str {
        self.values.get(&format!("title-{code}")).and_then(|v| v.first()).map_or("", String::as_str)
    }

    /// Whether a field (a select or radio) holds `value`.
    pub fn is(&self, name: &str, value: &str) -> bool {
        self.values.get(name).is_some_and(|v| v.iter().any(|x| x == value))
    }

    /// The error at a field.
    pub fn error(&self, name: &str) -> Option<&str> {
        self.errors.get(name).map(String::as_str)
    }

    /// The form without what it must never show again (a password).
    pub fn without(mut self, names: &[&str]) -> Self {
        self.values.retain(|k, _| !names.contains(&k.as_str()));
        self
    }

    /// Whether the form was refused.
    pub fn failed(&self) -> bool {
        self.summary.is_some() || !self.errors.is_empty()
    }
}

/// A page that shows a refused form: htmx keeps the address the form was on rather than the one it posted to,
/// which has no page of its own to reload.
pub fn stay(mut response: Response) -> Response {
    if response.status() != StatusCode::OK {
        response.headers_mut().insert("hx-push-url", HeaderValue::from_static("false"));
    }
    response
}

/// The answer to a form that succeeded: back to the page it changed, at its section.
pub fn done(to: &str) -> Response {
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_path_of_this_site_is_returned_to_after_signing_in() {
        assert_eq!(safe_return("/documents/ru-inf?lang=ru"), Some("/documents/ru-inf?lang=ru"));
        for raw in ["//evil.example", "https://evil.example/", "/\\evil", "documents", ""] {
            assert_eq!(safe_return(raw), None, "{raw}");
        }
    }

    #[test]
    fn a_form_view_gives_back_what_was_typed_and_the_error_at_its_field() {
        let mut view = FormView::with(&[("position", "objection"), ("text", "Не согласны")]);
        view.errors.insert("text".into(), "needs a text".into());
        assert_eq!(view.value("text"), "Не согласны");
        assert!(view.is("position", "objection") && !view.is("position", "support"));
        assert_eq!(view.error("text"), Some("needs a text"));
        assert_eq!(view.error("position"), None);
        assert!(view.failed());
        assert!(!FormView::default().failed());
    }
}
