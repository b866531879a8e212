//! `/account/calendar`: her own calendar link, made (or replaced: the old one stops at once) and shown on the
//! account page this once, or removed. The feed it leads to is `feeds::calendar::get_own_calendar`.

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::IntoResponse;

use super::account::{show, Forms};
use super::form::{done, Submitted};
use crate::error::{PageError, PageResult};
use crate::AppState;

/// The address this site is reached at: the configured public one, else the request's own host.
fn site(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(mail) = &state.mail {
        return mail.public_url.clone();
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = if state.secure_cookies { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// `POST /account/calendar`: makes her calendar link, replacing the one she had, and shows it this once (so
/// this form answers the page itself, never kept by a cache, as the token form does).
pub async fn create_calendar_link(State(state): State<AppState>, headers: HeaderMap, form: Submitted) -> PageResult {
    form.checked().map_err(PageError::new(form.lang))?;
    let token = state.app.make_calendar_link(&form.actor).await.map_err(PageError::new(form.lang))?;
    let link = format!("{}/calendar/{token}.ics", site(&state, &headers));
    show(&state, &form.auth, form.lang, Forms { calendar_link: Some(link), ..Forms::default() }).await
}

/// `POST /account/calendar/removal`: removes her calendar link; from then on it is not found.
pub async fn remove_calendar_link(State(state): State<AppState>, form: Submitted) -> PageResult {
    state.app.remove_calendar_link(&form.actor).await.map_err(PageError::new(form.lang))?;
    Ok(done("/account#calendar").into_response())
}
