//! Every path of Secretariat and its handler.

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post, put};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::api::records::{self as r, *};
use crate::api::{self, documents, meetings, openapi, organisations};
use crate::headers;
use crate::pages::{self, assets, document, meeting, organisation, session};
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
        .route("/api/v1/organisations/{code}/chairmanship", get(organisations::get_chairmanship))
        .route("/api/v1/organisations/{code}/legal-basis", get(documents::get_legal_basis))
        .route("/api/v1/documents", get(documents::list_documents).post(documents::create_document))
        .route("/api/v1/documents/{id}", get(documents::get_document).put(documents::change_document))
        .route("/api/v1/documents/{id}/texts/{language}", put(documents::put_text))
        .route("/api/v1/documents/{id}/revisions", post(documents::create_revision))
        .route("/api/v1/documents/{id}/transitions", post(documents::create_transition))
        .route("/api/v1/documents/{id}/positions", post(documents::create_position))
        .route("/api/v1/documents/{id}/silence", post(documents::create_silence))
        .route("/api/v1/documents/{id}/referrals", post(documents::create_referral))
        .route("/api/v1/documents/{id}/diff", get(documents::get_diff))
        .route("/api/v1/silence/{id}/objections", post(documents::create_objection))
        .route("/api/v1/agenda-items/{id}/outcome", post(documents::create_outcome))
        .route("/api/v1/statements-lists/{key}/compilation", post(documents::create_compilation));
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
    let router = collection!(router, PlanItems);
    let router = collection!(router, StatementsLists);
    let router = collection!(router, Proposals);
    let router = collection!(router, Instructions);
    let router = collection!(router, Deliveries);
    let router = collection!(router, Signatures);
    router
        .route("/api/{*rest}", get(api::not_found).post(api::not_found).put(api::not_found).delete(api::not_found))
        .method_not_allowed_fallback(api::method_not_allowed)
}

fn pages() -> Router<AppState> {
    Router::new()
        .route("/", get(organisation::list_organisations))
        .route("/organisations/{code}", get(organisation::get_organisation))
        .route("/organisations/{code}/calendar", get(organisation::get_calendar))
        .route("/meetings/{id}", get(meeting::get_meeting))
        .route("/documents/{id}", get(document::get_document))
        .route("/sign-in", get(session::get_sign_in).post(session::create_session))
        .route("/sign-out", post(session::delete_session))
        .route("/static/{file}", get(assets::get_asset))
        .route("/healthz", get(api::get_health))
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let router = Router::new()
        .merge(api())
        .merge(pages())
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(headers::cache_policy));
    // Secure cookies mean HTTPS: browsers are told to come back over HTTPS only (never over plain HTTP, where
    // HSTS would pin a site that has no certificate).
    let router = if state.secure_cookies {
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(headers::HSTS),
        ))
    } else {
        router
    };
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(headers::CSP),
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
