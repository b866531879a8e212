//! Conditional GET: pages and API answers carry an `ETag`; the same request with that tag is a `304 Not Modified`
//! while nothing it depends on changed — never after a write, never for another viewer, language or day.

use reqwest::Method;
use secretariat_core::account::Actor;
use secretariat_core::clock::Clock;
use secretariat_core::scenario::Scenario;
use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::json;

use crate::support::raw;

const PAGE: &str = "/meetings/cfm-2018-06-almaty";
const API: &str = "/api/v1/meetings/cfm-2018-06-almaty";

/// The status and tag of a GET sending `tag` (if any) and more headers.
async fn get(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    tag: Option<&str>,
    more: &[(&str, &str)],
) -> (u16, String) {
    let mut headers: Vec<(&str, &str)> = more.to_vec();
    if let Some(tag) = tag {
        headers.push(("if-none-match", tag));
    }
    let (status, h, body) = raw(app, Method::GET, path, token, &headers, None).await;
    if status == 304 {
        assert!(body.is_empty(), "a 304 has no body");
    }
    (status, h.get("etag").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default())
}

on_both_engines! {
    async fn the_same_page_asked_again_with_its_tag_is_not_modified(app) {
        for path in [PAGE, API, "/organisations/CSTO", "/api/v1/documents"] {
            let (status, tag) = get(&app, path, None, None, &[]).await;
            assert_eq!(status, 200, "{path}");
            assert!(tag.starts_with('"') && tag.len() > 10, "{path} carries a strong tag: {tag}");
            assert_eq!(get(&app, path, None, Some(&tag), &[]).await, (304, tag.clone()), "{path}");
            let (status, _) = get(&app, path, None, Some(&format!("\"other\", W/{tag}")), &[]).await;
            assert_eq!(status, 304, "{path}: a tag among others, or weak, still matches");
            assert_eq!(get(&app, path, None, Some("\"other\""), &[]).await.0, 200, "{path}");
        }
    }
}

on_both_engines! {
    async fn a_tag_made_before_a_write_is_answered_in_full(app) {
        let officer = app.token("officer").await;
        let (_, before) = get(&app, PAGE, None, None, &[]).await;
        let (_, api_before) = get(&app, API, Some(&officer), None, &[]).await;
        // A write through the API, on any record: the record's head moves on.
        let (status, _) = app
            .post("/api/v1/people", &json!({"key": "etag-person", "names": [{"name": {"en": "Someone"}}]}), Some(&officer))
            .await;
        assert_eq!(status, 201);
        let (status, after) = get(&app, PAGE, None, Some(&before), &[]).await;
        assert_eq!(status, 200, "never stale after a write");
        assert_ne!(after, before);
        assert_eq!(get(&app, API, Some(&officer), Some(&api_before), &[]).await.0, 200);
        // An import, as the command line makes it, moves the head too.
        let scenario: Scenario = serde_json::from_value(json!({"format": "secretariat-scenario/1",
            "people": [{"key": "imported-person", "names": [{"name": {"en": "Imported"}}]}]}))
        .unwrap();
        app.app.import(&Actor::system(), &scenario).await.unwrap();
        assert_eq!(get(&app, PAGE, None, Some(&after), &[]).await.0, 200, "never stale after an import");
    }
}

on_both_engines! {
    async fn a_tag_answers_only_the_viewer_language_and_day_it_was_made_for(app) {
        let officer = app.token("officer").await;
        let delegate = app.token("delegate-kz").await;
        let (_, officers) = get(&app, API, Some(&officer), None, &[]).await;
        assert_eq!(get(&app, API, Some(&officer), Some(&officers), &[]).await.0, 304);
        // The officer sees the restricted items; nobody else may learn by a 304 that their page is the same.
        assert_eq!(get(&app, API, None, Some(&officers), &[]).await.0, 200, "the public");
        assert_eq!(get(&app, API, Some(&delegate), Some(&officers), &[]).await.0, 200, "a delegate");
        let (_, public) = get(&app, PAGE, None, None, &[]).await;
        assert_eq!(get(&app, PAGE, Some(&officer), Some(&public), &[]).await.0, 200, "signed in");
        let russian = [("accept-language", "ru")];
        assert_eq!(get(&app, PAGE, None, Some(&public), &russian).await.0, 200, "another language");
        let fragment = [("hx-request", "true")];
        assert_eq!(get(&app, PAGE, None, Some(&public), &fragment).await.0, 200, "a fragment");
        app.clock.set(app.clock.now() + jiff::SignedDuration::from_hours(24));
        assert_eq!(get(&app, PAGE, None, Some(&public), &[]).await.0, 200, "another day");
    }
}

on_both_engines! {
    async fn answers_that_are_not_a_page_of_the_record_carry_no_tag(app) {
        let (status, tag) = get(&app, "/meetings/no-such-meeting", None, None, &[]).await;
        assert_eq!((status, tag.as_str()), (404, ""), "an error is never tagged");
        let (status, tag) = get(&app, "/sign-in", None, None, &[]).await;
        assert_eq!(status, 200);
        assert!(tag.is_empty(), "an answer that sets a cookie is never tagged, since a 304 would not set it");
        let (_, tag) = get(&app, "/healthz", None, None, &[]).await;
        assert!(tag.is_empty(), "the health check reads no record");
    }
}
