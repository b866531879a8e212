//! The rendered-view cache: a page or API answer asked again is answered from memory with no SQL, and is never
//! stale — not after a write on the same instance, not for more than a second after a write by a second instance
//! or another process over the same database — nor ever shown to a viewer who may not see what it shows. With the
//! cache off the application answers the same.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Method;
use secretariat_core::account::Actor;
use secretariat_core::clock::{Clock, FixedClock};
use secretariat_core::scenario::Scenario;
use secretariat_core::service::Secretariat;
use secretariat_store::SqlStore;
use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::json;

use crate::support::{items, raw};

const PAGE: &str = "/meetings/cfm-2018-06-almaty";
const API: &str = "/api/v1/meetings/cfm-2018-06-almaty";

/// The status and body of a GET.
async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (u16, String) {
    let (status, _, body) = raw(app, Method::GET, path, token, &[], None).await;
    (status, body)
}

/// The statements the store ran for a GET asked once more after a first one: the fewest of three, since the
/// counter also counts what the background task (closing due deadlines) runs meanwhile, never less.
async fn statements_asked_again(app: &TestApp, path: &str, token: Option<&str>) -> u64 {
    let (status, first) = get(app, path, token).await;
    assert_eq!(status, 200, "{path}");
    let mut fewest = u64::MAX;
    for _ in 0..3 {
        let before = app.store.statements().get();
        let (status, again) = get(app, path, token).await;
        fewest = fewest.min(app.store.statements().get() - before);
        assert_eq!((status, &again), (200, &first), "{path}: the same answer again");
    }
    fewest
}

/// How long after `since` the first request of `path` that showed `needle` to `token`'s viewer was sent, asked
/// every 20 ms (the time of making that answer is not the lag measured); `None` if not within 3 s.
async fn shown_after(app: &TestApp, since: Instant, path: &str, token: Option<&str>, needle: &str) -> Option<Duration> {
    while since.elapsed() < Duration::from_secs(3) {
        let sent = since.elapsed();
        if get(app, path, token).await.1.contains(needle) {
            return Some(sent);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    None
}

/// Adds a public item to the end of the Almaty agenda through the API of `app`, titled `title`.
async fn add_item(app: &TestApp, officer: &str, title: &str) {
    let almaty = app.almaty_id().await;
    let next = items(app, almaty, Some(officer)).await.len() + 1;
    let (status, body) = app
        .post(
            "/api/v1/agenda-items",
            &json!({"meeting": "cfm-2018-06-almaty", "number": next, "title": {"en": title},
                "kind": "decision", "visibility": "public"}),
            Some(officer),
        )
        .await;
    assert_eq!(status, 201, "{body}");
}

/// GET the page and its API twin (kept), write, GET again: both show the write at once.
async fn no_stale_read_after_a_write(app: &TestApp) {
    let officer = app.token("officer").await;
    for path in [PAGE, API] {
        assert!(!get(app, path, None).await.1.contains("Kept-page check"), "{path}");
        assert!(!get(app, path, Some(&officer)).await.1.contains("Kept-page check"), "{path}");
    }
    add_item(app, &officer, "Kept-page check").await;
    for path in [PAGE, API] {
        assert!(get(app, path, None).await.1.contains("Kept-page check"), "{path} after the write, for the public");
        assert!(get(app, path, Some(&officer)).await.1.contains("Kept-page check"), "{path}, for the officer");
    }
}

/// Each viewer asks the Almaty page and its API twin in turn, twice, the officer first and then last: only those
/// who may see the restricted items 10 to 12 are shown them.
async fn no_page_for_another_viewer(app: &TestApp) {
    let officer = app.token("officer").await;
    let head_of_delegation = app.token("delegate-ru").await;
    let delegate = app.token("delegate-kz").await;
    let viewers = [
        ("the officer", Some(officer.as_str()), true),
        ("the public", None, false),
        ("a delegate of another state", Some(delegate.as_str()), false),
        ("a head of delegation", Some(head_of_delegation.as_str()), true),
        ("the officer again", Some(officer.as_str()), true),
    ];
    for round in 0..2 {
        for (who, token, sees) in viewers {
            for path in [PAGE, API] {
                let (status, body) = get(app, path, token).await;
                assert_eq!(status, 200, "{who}: {path}");
                assert_eq!(body.contains("Item 10 (title not public)"), sees, "{who}, round {round}: {path}");
            }
        }
    }
}

on_both_engines! {
    async fn a_page_asked_again_is_answered_with_no_sql_and_with_the_cache_off_runs_its_handler(app) {
        for path in [PAGE, API, "/organisations/CSTO", "/documents", "/api/v1/documents"] {
            assert_eq!(statements_asked_again(&app, path, None).await, 0, "{path}: answered from memory");
        }
        let engine = app.engine;
        app.stop().await;
        let off = TestApp::spawn_demo_with_cache(engine, 0).await.unwrap();
        for path in [PAGE, API, "/organisations/CSTO", "/documents", "/api/v1/documents"] {
            assert!(statements_asked_again(&off, path, None).await > 0, "{path}: read anew with the cache off");
        }
    }
}

on_both_engines! {
    async fn a_signed_in_page_asked_again_reads_nothing_and_a_revoked_token_or_ended_session_is_refused_at_once(app) {
        let officer = app.token("officer").await;
        let (status, made) = app.post("/api/v1/tokens", &json!({"name": "phone", "days": 1}), Some(&officer)).await;
        assert_eq!(status, 201, "{made}");
        let phone = made["token"].as_str().unwrap().to_owned();
        for path in [PAGE, API] {
            assert_eq!(statements_asked_again(&app, path, Some(&phone)).await, 0, "{path}: who asks is known already");
        }
        let (status, body) = app.delete(&format!("/api/v1/tokens/{}", made["id"]), Some(&officer)).await;
        assert_eq!(status, 200, "{body}");
        for path in [PAGE, API] {
            assert_eq!(get(&app, path, Some(&phone)).await.0, 401, "{path}: the revoked token at once");
        }

        let browser = crate::support::signed_in_browser(&app, "officer").await;
        let (status, page) = crate::support::get_html(&browser, &app, PAGE).await;
        assert_eq!(status, 200);
        let csrf = crate::support::hidden_csrf(&page);
        assert_eq!(crate::support::get_html(&browser, &app, PAGE).await.1, page, "kept, with who asks");
        let r = browser.post(format!("{}/sign-out", app.address)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let (status, after) = crate::support::get_html(&browser, &app, PAGE).await;
        assert_eq!(status, 200);
        assert!(!after.contains("sign-out") && after != page, "signed out at once: the public's page");
    }
}

on_both_engines! {
    async fn a_write_is_shown_by_the_next_read_of_a_page_and_of_its_api_twin_with_the_cache_on_or_off(app) {
        no_stale_read_after_a_write(&app).await;
        let engine = app.engine;
        app.stop().await;
        no_stale_read_after_a_write(&TestApp::spawn_demo_with_cache(engine, 0).await.unwrap()).await;
    }
}

on_both_engines! {
    async fn a_kept_page_is_never_shown_to_a_viewer_who_may_not_see_it_with_the_cache_on_or_off(app) {
        no_page_for_another_viewer(&app).await;
        let engine = app.engine;
        app.stop().await;
        no_page_for_another_viewer(&TestApp::spawn_demo_with_cache(engine, 0).await.unwrap()).await;
    }
}

on_both_engines! {
    async fn a_second_instance_over_the_same_database_shows_a_write_within_a_second(app) {
        let second = TestApp::spawn_on(app.engine, app.db.alias()).await;
        let officer = app.token("officer").await;
        for path in [PAGE, API] {
            assert_eq!(statements_asked_again(&second, path, None).await, 0, "{path} is kept by the second");
        }
        add_item(&app, &officer, "Written on the first instance").await;
        let written = Instant::now();
        for path in [PAGE, API] {
            let after = shown_after(&second, written, path, None, "Written on the first instance").await;
            assert!(after.is_some_and(|d| d <= Duration::from_secs(1)), "{path} on the second instance: {after:?}");
        }
        second.stop().await;
    }
}

on_both_engines! {
    async fn an_import_by_another_process_is_shown_within_a_second(app) {
        let search = "/search?q=Zanzibar";
        let api = "/api/v1/search?q=Zanzibar";
        for path in [search, api] {
            assert!(!get(&app, path, None).await.1.contains("Statement on Zanzibar"), "{path}");
            assert_eq!(statements_asked_again(&app, path, None).await, 0, "{path} is kept");
        }
        // What `secretariat import` does: its own store over the same database, its own use cases.
        let store = SqlStore::connect(&app.db.url).await.unwrap();
        let other = Secretariat::new(Arc::new(store.clone()), Arc::new(FixedClock::at(app.clock.now())));
        let scenario: Scenario = serde_json::from_value(json!({"format": "secretariat-scenario/1", "documents": [{
            "document": {"key": "imported-zanzibar", "organisation": "CSTO", "body": "CFM", "kind": "statement",
                "title": {"en": "Statement on Zanzibar"}, "sponsors": ["KZ"], "original_language": "en",
                "visibility": "public"},
            "status": "draft",
            "revisions": [{"created_at": "2018-05-01T00:00:00Z",
                "texts": [{"language": "en", "status": "draft", "text": "Zanzibar"}]}]}]}))
        .unwrap();
        other.import(&Actor::system(), &scenario).await.unwrap();
        store.close().await;
        let imported = Instant::now();
        for path in [search, api] {
            let after = shown_after(&app, imported, path, None, "Statement on Zanzibar").await;
            assert!(after.is_some_and(|d| d <= Duration::from_secs(1)), "{path} after the import: {after:?}");
        }
    }
}

on_both_engines! {
    async fn a_countdown_is_not_kept_for_the_day_but_counts_down_by_the_minute(app) {
        let officer = app.token("officer").await;
        let (status, doc) = app
            .post("/api/v1/documents", &json!({"key": "countdown-statement", "organisation": "CSTO", "body": "CFM",
                "kind": "statement", "title": {"en": "Statement under silence"}, "sponsors": ["secretariat"],
                "original_language": "en", "visibility": "members", "texts": {"en": "The ministers state"}}),
                Some(&officer))
            .await;
        assert_eq!(status, 201, "{doc}");
        let id = doc["id"].as_i64().unwrap();
        // Now is 06:00 UTC on 1 June 2018.
        let (status, silence) = app
            .post(&format!("/api/v1/documents/{id}/silence"), &json!({"deadline": "2018-06-01T08:30:00Z"}), Some(&officer))
            .await;
        assert_eq!(status, 201, "{silence}");
        let page = format!("/documents/{id}");
        assert!(get(&app, &page, Some(&officer)).await.1.contains("2 hours 30 minutes left"));
        assert!(get(&app, &page, Some(&officer)).await.1.contains("2 hours 30 minutes left"), "asked again");
        app.clock.set("2018-06-01T06:10:00Z".parse().unwrap());
        let (_, later) = get(&app, &page, Some(&officer)).await;
        assert!(later.contains("2 hours 20 minutes left"), "ten minutes later, the same day");
    }
}
