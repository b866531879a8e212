//! Every view is read in a number of queries that does not grow with its items: the same page over a record with
//! ten times as many delegation members, agenda items, documents, positions, revisions and meetings runs the same
//! number of SQL statements, counted by the store itself.

use secretariat_core::account::Actor;
use secretariat_core::scenario::Scenario;
use secretariat_testkit::{on_both_engines, Engine, TestApp};
use serde_json::{json, Value};

/// Two-letter codes that no real state of the demo has, one per extra member state.
fn codes(n: usize) -> Vec<String> {
    let letters: Vec<char> = ('A'..='Z').collect();
    letters
        .iter()
        .flat_map(|a| letters.iter().map(move |b| format!("{a}{b}")))
        .filter(|c| c.starts_with('Q') || c.starts_with('X') || c.starts_with('Z') || c.starts_with('O'))
        .take(n)
        .collect()
}

/// A record of `n` of everything a view lists: a meeting whose delegation has `n` members and whose agenda has
/// `n` items, each with a document; a draft with `n` revisions and `n` positions; `n` more meetings.
fn record_of(n: usize) -> Value {
    let states = codes(n);
    let people: Vec<Value> = (0..=n)
        .map(|i| json!({"key": format!("delegate-{i}"), "names": [{"name": {"en": format!("Delegate {i}")}}]}))
        .collect();
    let members: Vec<String> = (1..=n).map(|i| format!("delegate-{i}")).collect();
    let documents: Vec<Value> = (1..=n)
        .map(|i| {
            json!({"document": {"key": format!("load-doc-{i}"), "organisation": "CSTO", "body": "CFM",
                "kind": "statement", "title": {"en": format!("Statement {i}")}, "sponsors": ["KZ"],
                "original_language": "en", "visibility": "public"}, "status": "draft",
                "revisions": [{"created_at": "2018-05-01T00:00:00Z",
                    "texts": [{"language": "en", "status": "draft", "text": format!("Text {i}")}]}]})
        })
        .chain(std::iter::once(json!({
            "document": {"key": "load-draft", "organisation": "CSTO", "body": "CFM", "kind": "statement",
                "title": {"en": "A much discussed draft"}, "sponsors": ["KZ"], "original_language": "en",
                "visibility": "public"},
            "status": "under_agreement", "circulated_at": "2018-05-01T00:00:00Z",
            "revisions": (0..n).map(|r| json!({"created_at": format!("2018-05-{:02}T00:00:00Z", 1 + r % 28),
                "texts": [{"language": "en", "status": "draft", "text": format!("Revision {r}")},
                          {"language": "ru", "status": "draft", "text": format!("Редакция {r}")}]})).collect::<Vec<_>>(),
            "positions": states.iter().map(|s| json!({"revision": n - 1, "state": s, "position": "support",
                "at": "2018-05-30T00:00:00Z"})).collect::<Vec<_>>(),
        })))
        .collect();
    let mut meetings = vec![json!({"key": "cfm-load", "organisation": "CSTO", "body": "CFM", "kind": "regular",
        "city": "almaty", "starts_on": "2018-06-20", "ends_on": "2018-06-20", "mode": "in_person", "status": "planned"})];
    meetings.extend((1..n).map(|i| {
        json!({"key": format!("cfm-load-{i}"), "organisation": "CSTO", "body": "CFM", "kind": "informal",
            "city": "almaty", "starts_on": "2019-01-10", "ends_on": "2019-01-10", "mode": "online", "status": "planned"})
    }));
    json!({
        "format": "secretariat-scenario/1",
        "states": states.iter().map(|s| json!({"code": s, "name": {"en": format!("State {s}")}})).collect::<Vec<_>>(),
        "memberships": states.iter().map(|s| json!({"organisation": "CSTO", "state": s, "kind": "member"})).collect::<Vec<_>>(),
        "people": people,
        "meetings": meetings,
        "delegations": [{"meeting": "cfm-load", "state": "KZ", "head": "delegate-0", "members": members}],
        "documents": documents,
        "agenda_items": (1..=n).map(|i| json!({"meeting": "cfm-load", "number": i, "title": {"en": format!("Item {i}")},
            "kind": "decision", "visibility": "public", "documents": [format!("load-doc-{i}")]})).collect::<Vec<_>>(),
    })
}

/// The statements one GET runs, as the store counts them: the fewest of three runs, since the store's counter also
/// counts what the app's background task (closing due deadlines every few seconds) runs meanwhile, never less.
async fn statements(app: &TestApp, path: &str, token: Option<&str>) -> u64 {
    let mut fewest = u64::MAX;
    for _ in 0..3 {
        let before = app.store.statements().get();
        let status = app.request(reqwest::Method::GET, path, token).send().await.unwrap().status();
        assert_eq!(status, 200, "GET {path}");
        fewest = fewest.min(app.store.statements().get() - before);
    }
    fewest
}

/// Each view's statement count over a demo with a record of `n` added; with no rendered view kept, so that each
/// request runs its handler.
async fn counts(engine: Engine, n: usize) -> Vec<(String, u64)> {
    let app = TestApp::spawn_demo_with_cache(engine, 0).await.unwrap();
    let scenario: Scenario = serde_json::from_value(record_of(n)).unwrap();
    app.app.import(&Actor::system(), &scenario).await.unwrap();
    let officer = app.token("officer").await;
    let (_, doc) = app.get("/api/v1/documents/load-draft", Some(&officer)).await;
    let draft = doc["id"].as_i64().unwrap();
    let (_, meeting) = app.get("/api/v1/meetings/cfm-load", None).await;
    let meeting = meeting["id"].as_i64().unwrap();
    let paths = [
        "/meetings/cfm-load".to_owned(),
        "/api/v1/meetings/cfm-load".to_owned(),
        format!("/documents/{draft}"),
        format!("/api/v1/documents/{draft}"),
        "/organisations/CSTO".to_owned(),
        "/api/v1/organisations/CSTO/overview".to_owned(),
        format!("/api/v1/documents?limit={n}"),
        format!("/api/v1/documents?meeting={meeting}"),
        "/states/KZ".to_owned(),
        "/people/delegate-0".to_owned(),
        "/organisations/CSTO/bodies/CFM".to_owned(),
        "/organisations/CSTO/calendar?year=2019".to_owned(),
        "/organisations/CSTO/calendar?body=CFM".to_owned(),
        "/organisations/CSTO/calendar.ics".to_owned(),
        "/organisations/CSTO/bodies/CFM/calendar.ics".to_owned(),
    ];
    let mut out = Vec::new();
    for path in paths {
        for (who, token) in [("public", None), ("officer", Some(officer.as_str()))] {
            out.push((format!("{who} {path}"), statements(&app, &path, token).await));
        }
    }
    app.stop().await;
    out
}

on_both_engines! {
    async fn a_view_runs_as_many_statements_for_120_items_as_for_12(app) {
        let engine = app.engine;
        app.stop().await;
        let small = counts(engine, 12).await;
        let large = counts(engine, 120).await;
        for ((view, few), (_, many)) in small.iter().zip(&large) {
            assert_eq!(few, many, "{view}: {few} statements over 12 items, {many} over 120");
        }
    }
}
