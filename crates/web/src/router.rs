//! Every path of Secretariat and its handler.

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::api::records::{self as r, *};
use crate::api::{self, meetings, openapi, organisations};
use crate::pages::{self, assets, meeting, organisation, session};
use crate::AppState;

/// The largest request body accepted: records are small; whole scenarios are imported from the command line.
pub const BODY_LIMIT: usize = 256 * 1024;

macro_rules! collection {
    ($router:expr, $c:ty) => {
        $router
            .route(&format!("/api/v1/{}", <$c>::PATH), get(r::list_records::<$c>).post(r::create_record::<$c>))
            .route(
                &format!("/api/v1/{}/{{id}}", <$c>::PATH),
                get(r::get_record::<$c>).put(r::change_record::<$c>).delete(r::delete_record::<$c>),
            )
    };
}

fn api() -> Router<AppState> {
    let router = Router::new()
        .route("/api/v1/openapi.json", get(openapi::get_openapi))
        .route("/api/v1/meetings", get(meetings::list_meetings).post(r::create_record::<Meetings>))
        .route(
            "/api/v1/meetings/{id}",
            get(meetings::get_meeting).put(r::change_record::<Meetings>).delete(r::delete_record::<Meetings>),
        )
        .route("/api/v1/meetings/{id}/agenda/adoption", post(meetings::adopt_agenda))
        .route("/api/v1/meetings/{id}/agenda/changes", get(meetings::list_agenda_changes))
        .route("/api/v1/organisations/{code}/chairmanship", get(organisations::get_chairmanship));
    let router = collection!(router, States);
    let router = collection!(router, Cities);
    let router = collection!(router, People);
    let router = collection!(router, Posts);
    let router = collection!(router, Mandates);
    let router = collection!(router, Organisations);
    let router = collection!(router, Memberships);
    let router = collection!(router, Bodies);
    let router = collection!(router, ProgrammeEvents);
    let router = collection!(router, Delegations);
    let router = collection!(router, AgendaItems);
    router.route("/api/{*rest}", get(api::not_found).post(api::not_found).put(api::not_found).delete(api::not_found))
}

fn pages() -> Router<AppState> {
    Router::new()
        .route("/", get(organisation::list_organisations))
        .route("/organisations/{code}", get(organisation::get_organisation))
        .route("/organisations/{code}/calendar", get(organisation::get_calendar))
        .route("/meetings/{id}", get(meeting::get_meeting))
        .route("/sign-in", get(session::get_sign_in).post(session::create_session))
        .route("/sign-out", post(session::delete_session))
        .route("/static/{file}", get(assets::get_asset))
        .route("/healthz", get(api::get_health))
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api())
        .merge(pages())
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'; form-action 'self'"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let route = req
                .extensions()
                .get::<axum::extract::MatchedPath>()
                .map_or_else(|| req.uri().path().to_owned(), |p| p.as_str().to_owned());
            tracing::info_span!("request", method = %req.method(), route)
        }))
        .layer(CatchPanicLayer::new())
        .with_state(state)
}
