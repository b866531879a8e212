//! Every path of Secretariat and its handler.

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method};
use axum::routing::{delete, get, post, put, MethodRouter};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::api::records::{self as r, *};
use crate::api::search as api_search;
use crate::api::statements as statements_api;
use crate::api::{self, akn, documents, history, meetings, openapi, organisations, popolo, publications, tokens};
use crate::feeds::{atom, calendar};
use crate::pages::{
    self, account, admin, announcement, assets, calendar_link, document, meeting, newsletter, organisation, plans,
    press, publication, register, search, session, start, statements, who,
};
use crate::AppState;
use crate::{conditional, headers};

/// The largest request body accepted: records are small; whole scenarios are imported from the command line.
pub const BODY_LIMIT: usize = 256 * 1024;

/// The route table as it is built: the axum router and, beside it, every `(method, path)` it serves, so that
/// tests can walk the whole table (the authorization matrix fails on a route without a row).
pub(crate) struct Table {
    router: Router<AppState>,
    routes: Vec<(Method, String)>,
}

impl Table {
    fn new() -> Self {
        Self { router: Router::new(), routes: Vec::new() }
    }

    /// Adds one path with its handlers; `methods` names them in the order `routes!` wrote them.
    fn add(mut self, path: &str, methods: &[Method], handlers: MethodRouter<AppState>) -> Self {
        self.routes.extend(methods.iter().map(|m| (m.clone(), path.to_owned())));
        self.router = self.router.route(path, handlers);
        self
    }
}

/// The HTTP method of an axum routing function's name.
macro_rules! method {
    (get) => {
        Method::GET
    };
    (post) => {
        Method::POST
    };
    (put) => {
        Method::PUT
    };
    (delete) => {
        Method::DELETE
    };
}

/// `routes!(table; "/path" => get(handler).post(other); …)`: each line adds a path and records its methods.
macro_rules! routes {
    ($table:expr; $($path:expr => $first:ident($h:expr) $(.$more:ident($hs:expr))*;)*) => {
        $table
            $(.add(&$path, &[method!($first) $(, method!($more))*], $first($h) $(.$more($hs))*))*
    };
}

/// The five routes of a kind of the standing record: list and create; read, change and delete one.
fn collection_routes<C: Collection>(table: Table) -> Table {
    routes! { table;
        format!("/api/v1/{}", C::PATH) => get(r::list_records::<C>).post(r::create_record::<C>);
        format!("/api/v1/{}/{{id}}", C::PATH) =>
            get(r::get_record::<C>).put(r::change_record::<C>).delete(r::delete_record::<C>);
    }
}

fn api(table: Table) -> Table {
    let table = routes! { table;
        "/api/v1/openapi.json" => get(openapi::get_openapi);
        "/api/v1/meetings" => get(meetings::list_meetings).post(r::create_record::<Meetings>);
        "/api/v1/meetings/{id}" =>
            get(meetings::get_meeting).put(r::change_record::<Meetings>).delete(r::delete_record::<Meetings>);
        "/api/v1/meetings/{id}/agenda/adoption" => post(meetings::adopt_agenda);
        "/api/v1/meetings/{id}/announcement" => get(meetings::get_announcement);
        "/api/v1/meetings/{id}/agenda/numbering" => post(meetings::renumber_agenda);
        "/api/v1/meetings/{id}/agenda/changes" => get(meetings::list_agenda_changes);
        "/api/v1/organisations/{code}/chairmanship" => get(organisations::get_chairmanship);
        "/api/v1/organisations/{code}/overview" => get(organisations::get_overview);
        "/api/v1/organisations/{code}/legal-basis" => get(documents::get_legal_basis);
        "/api/v1/organisations/{code}/popolo" => get(popolo::get_popolo);
        "/api/v1/documents" => get(documents::list_documents).post(documents::create_document);
        "/api/v1/documents/{id}" => get(documents::get_document).put(documents::change_document);
        "/api/v1/documents/{id}/texts/{language}" => put(documents::put_language_version);
        "/api/v1/documents/{id}/revisions" => post(documents::create_revision);
        "/api/v1/documents/{id}/transitions" => post(documents::create_transition);
        "/api/v1/documents/{id}/positions" => post(documents::create_position);
        "/api/v1/documents/{id}/silence" => post(documents::create_silence);
        "/api/v1/documents/{id}/referrals" => post(documents::create_referral);
        "/api/v1/referrals/{id}/outcome" => post(documents::create_referral_outcome);
        "/api/v1/documents/{id}/diff" => get(history::get_diff);
        "/api/v1/documents/{id}/history" => get(history::get_history);
        "/api/v1/documents/{id}/akn" => get(akn::get_akn);
        "/api/v1/silence/{id}/objections" => post(documents::create_objection);
        "/api/v1/agenda-items/{id}/outcome" => post(documents::create_outcome);
        "/api/v1/statements-lists/{key}/compilation" => post(documents::create_compilation);
        "/api/v1/statements-lists/{key}/proposals" => post(statements_api::create_proposal);
        "/api/v1/publications" => get(publications::list_publications).post(publications::create_publication);
        "/api/v1/publications/{id}" =>
            get(publications::get_publication).put(publications::change_publication);
        "/api/v1/tokens" => get(tokens::list_tokens).post(tokens::create_token);
        "/api/v1/tokens/{id}" => delete(tokens::delete_token);
        "/api/v1/search" => get(api_search::search);
    };
    let mut generic = GenericRoutes(table);
    r::visit_collections(&mut generic);
    generic.0
}

/// Gives every record collection without routes of its own the five generic ones.
struct GenericRoutes(Table);

impl r::CollectionVisitor for GenericRoutes {
    fn visit<C: Collection>(&mut self) {
        if !C::OWN_ROUTES {
            let table = std::mem::replace(&mut self.0, Table::new());
            self.0 = collection_routes::<C>(table);
        }
    }
}

fn pages(table: Table) -> Table {
    routes! { table;
        "/" => get(start::get_start);
        "/organisations/{code}" => get(organisation::get_organisation);
        "/organisations/{code}/calendar" => get(organisation::get_calendar);
        "/organisations/{code}/calendar.ics" => get(calendar::get_organisation_calendar);
        "/organisations/{code}/bodies/{body}/calendar.ics" => get(calendar::get_body_calendar);
        "/calendar/{file}" => get(calendar::get_own_calendar);
        "/organisations/{code}/bodies/{body}" => get(who::body::get_body);
        "/states/{code}" => get(who::state::get_state);
        "/people/{key}" => get(who::person::get_person);
        "/organisations/{code}/meetings/new" => get(meeting::new::get_new_meeting);
        "/organisations/{code}/statements-lists" => get(statements::list_statements_lists);
        "/statements-lists/{key}" => get(statements::get_statements_list);
        "/statements-lists/{key}/proposals" => post(statements::forms::create_proposal);
        "/statements-lists/{key}/inclusion" => post(statements::forms::select_proposals);
        "/statements-lists/{key}/compilation" => post(statements::forms::create_compilation);
        "/statements-lists/{key}/instructions" => post(statements::forms::create_instruction);
        "/statements-lists/{key}/deliveries" => post(statements::forms::create_delivery);
        "/organisations/{code}/plans" => get(plans::get_plans);
        "/organisations/{code}/legal-basis" => get(plans::legal::get_legal_basis);
        "/documents/{id}/plan-items" => post(plans::forms::create_plan_item);
        "/plan-items/{id}" => post(plans::forms::change_plan_item);
        "/plan-items/{id}/progress" => post(plans::forms::create_progress);
        "/documents/{id}/signatures" => post(plans::legal::record_signature);
        "/documents/{id}/entry-into-force" => post(plans::legal::record_entry_into_force);
        "/meetings" => post(meeting::new::create_meeting);
        "/meetings/{id}" => get(meeting::get_meeting).post(meeting::forms::change_meeting);
        "/meetings/{id}/announcement" => get(announcement::get_announcement);
        "/meetings/{id}/programme" => post(meeting::forms::create_event);
        "/meetings/{id}/delegations" => post(meeting::forms::create_delegation);
        "/meetings/{id}/agenda" => get(meeting::agenda::get_agenda).post(meeting::forms::create_item);
        "/meetings/{id}/agenda/numbering" => post(meeting::forms::renumber_agenda);
        "/meetings/{id}/agenda/adoption" => post(meeting::forms::adopt_agenda);
        "/programme-events/{id}" => post(meeting::parts::change_event);
        "/delegations/{id}" => post(meeting::parts::change_delegation);
        "/agenda-items/{id}" => post(meeting::parts::change_item);
        "/agenda-items/{id}/outcome" => post(meeting::parts::create_outcome);
        "/documents" => get(register::list_documents).post(document::new::create_document);
        "/documents/new" => get(document::new::new_document);
        "/documents.csv" => get(register::export_documents);
        "/search" => get(search::search);
        "/documents/{id}" => get(document::get_document);
        "/documents/{id}/positions" => post(document::forms::create_position);
        "/documents/{id}/silence" => post(document::forms::create_silence);
        "/documents/{id}/objections" => post(document::forms::create_objection);
        "/documents/{id}/transitions" => post(document::forms::create_transition);
        "/documents/{id}/referrals" => post(document::referrals::create_referral);
        "/referrals/{id}/outcome" => post(document::referrals::create_referral_outcome);
        "/feeds/publications.atom" => get(atom::get_publications_feed);
        "/publications" => get(publication::list_publications).post(press::forms::create_publication);
        "/publications/new" => get(press::new_publication);
        "/publications/drafts" => get(press::list_drafts);
        "/publications/{key}" => get(publication::get_publication).post(press::forms::change_publication);
        "/publications/{key}/edit" => get(press::edit_publication);
        "/publishers/{key}/newsletter" => get(newsletter::get_newsletter);
        "/publishers/{key}/newsletter/subscribers" => post(newsletter::create_subscriber);
        "/publishers/{key}/newsletter/issues" => post(newsletter::create_issue);
        "/subscriptions/{token}" => get(newsletter::get_subscription);
        "/subscriptions/{token}/confirmation" => post(newsletter::create_confirmation);
        "/subscriptions/{token}/unsubscription" => post(newsletter::create_unsubscription);
        "/account" => get(account::get_account).post(account::update_account);
        "/account/password" => post(account::change_password);
        "/account/tokens" => post(account::create_token);
        "/account/tokens/{id}/revocation" => post(account::revoke_token);
        "/account/calendar" => post(calendar_link::create_calendar_link);
        "/account/calendar/removal" => post(calendar_link::remove_calendar_link);
        "/admin" => get(admin::get_admin);
        "/admin/accounts" => post(admin::create_account);
        "/admin/accounts/{name}" => post(admin::change_account);
        "/admin/accounts/{name}/password" => post(admin::reset_password);
        "/documents/{id}/texts/{language}" => post(document::drafting::edit_language_version);
        "/documents/{id}/revisions" => post(document::drafting::create_revision);
        "/documents/{id}/sponsors" => post(document::drafting::change_sponsors);
        "/sign-in" => get(session::get_sign_in).post(session::create_session);
        "/sign-out" => post(session::delete_session);
        "/static/{file}" => get(assets::get_asset);
        "/healthz" => get(api::get_health);
    }
}

/// Every `(method, path)` the application routes, in the order of this file; the fallbacks (`/api/{*rest}` and
/// the page for an unknown path) are not routes of their own.
pub fn routes() -> Vec<(Method, String)> {
    let mut routes = api(Table::new()).routes;
    routes.extend(pages(Table::new()).routes);
    routes
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    // Unknown API paths and methods answer in JSON; they are fallbacks, not routes of the table.
    let api = api(Table::new())
        .router
        .route("/api/{*rest}", get(api::not_found).post(api::not_found).put(api::not_found).delete(api::not_found))
        .method_not_allowed_fallback(api::method_not_allowed);
    let router = Router::new()
        .merge(api)
        .merge(pages(Table::new()).router)
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(state.clone(), conditional::conditional_get))
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
