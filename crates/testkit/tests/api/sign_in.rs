//! Issue 6, points 5 and 6: bounded work per request, sign-in throttling that cannot lock an owner out, and API tokens
//! that expire and can be revoked.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use secretariat_testkit::{on_both_engines, TestApp, PASSWORD};
use serde_json::{json, Value};

use crate::support::assert_error;

/// A client whose connections come from `source` (any 127.x.y.z reaches the server on Linux's loopback).
fn client_from(source: &str) -> Client {
    let ip: IpAddr = source.parse().unwrap();
    Client::builder().local_address(ip).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// Posts the sign-in form with a matching double-submit token; returns the status and `Retry-After`.
async fn sign_in_from(client: &Client, app: &TestApp, username: &str, password: &str) -> (StatusCode, Option<u64>) {
    sign_in_at(client, &app.address, username, password).await
}

async fn sign_in_at(client: &Client, address: &str, username: &str, password: &str) -> (StatusCode, Option<u64>) {
    let r = client
        .post(format!("{address}/sign-in"))
        .header("cookie", "secretariat_signin=flood")
        .form(&[("username", username), ("password", password), ("csrf", "flood")])
        .send()
        .await
        .unwrap();
    let retry = r.headers().get("retry-after").map(|v| v.to_str().unwrap().parse().unwrap());
    (r.status(), retry)
}

/// A text just under the 200,000-byte limit whose every word differs from the other's, one word a line when
/// `lines` (the worst case of the line diff) or spaced (the worst case of the word diff, at its word bound).
fn worst_text(prefix: &str, lines: bool, max_words: usize) -> String {
    let mut text = String::new();
    for i in 0.. {
        let word = if lines { format!("{prefix}{i}\n") } else { format!("{prefix}{i} ") };
        if text.len() + word.len() > 199_000 || i >= max_words {
            break;
        }
        text.push_str(&word);
    }
    text
}

async fn document_with_revision(app: &TestApp, officer: &str, key: &str, old: &str, new: &str) -> i64 {
    let body = json!({
        "key": key, "organisation": "CSTO", "body": "CFM", "kind": "statement",
        "title": {"en": format!("Statement {key}"), "ru": format!("Заявление {key}")},
        "sponsors": ["secretariat"], "original_language": "ru", "visibility": "sponsors",
        "texts": {"ru": "Министры заявляют", "en": old}
    });
    let (status, doc) = app.post("/api/v1/documents", &body, Some(officer)).await;
    assert_eq!(status, 201, "{doc}");
    let id = doc["id"].as_i64().unwrap();
    let (status, doc) =
        app.post(&format!("/api/v1/documents/{id}/transitions"), &json!({"to": "circulated"}), Some(officer)).await;
    assert_eq!(status, 200, "{doc}");
    let revision = json!({"texts": {"ru": "Министры твёрдо заявляют", "en": new}});
    let (status, doc) = app.post(&format!("/api/v1/documents/{id}/revisions"), &revision, Some(officer)).await;
    assert_eq!(status, 201, "{doc}");
    id
}

on_both_engines! {
    async fn healthz_answers_within_50_ms_while_two_worst_case_diffs_and_a_sign_in_flood_run(app) {
        let officer = app.token("officer").await;
        let by_line = document_with_revision(&app, &officer, "long-lines", &worst_text("a", true, usize::MAX), &worst_text("b", true, usize::MAX)).await;
        let by_word = document_with_revision(&app, &officer, "long-words", &worst_text("a", false, 20_000), &worst_text("b", false, 20_000)).await;
        let mut load = Vec::new();
        for (id, granularity) in [(by_line, "line"), (by_word, "word")] {
            let request = app.request(reqwest::Method::GET, &format!("/api/v1/documents/{id}/diff?from=0&to=1&language=en"), Some(&officer));
            load.push(tokio::spawn(async move {
                let started = Instant::now();
                let r = request.send().await.unwrap();
                assert_eq!(r.status(), 200);
                assert_eq!(r.headers()["diff-granularity"], granularity);
                let parts: Vec<Value> = r.json().await.unwrap();
                assert!(parts.iter().any(|p| p["op"] == "insert"));
                started.elapsed()
            }));
        }
        for i in 0..30 {
            let (client, address) = (client_from("127.0.0.1"), app.address.clone());
            load.push(tokio::spawn(async move {
                let started = Instant::now();
                let (status, _) = sign_in_at(&client, &address, &format!("user-{i}"), "wrong-password").await;
                assert!([StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(&status));
                started.elapsed()
            }));
        }
        let mut samples = Vec::new();
        while samples.len() < 5 || load.iter().any(|h| !h.is_finished()) {
            let started = Instant::now();
            let (status, _) = app.get("/healthz", None).await;
            assert_eq!(status, 200);
            samples.push(started.elapsed());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let mut slowest_load = Duration::ZERO;
        for h in load {
            slowest_load = slowest_load.max(h.await.unwrap());
        }
        samples.sort();
        let (p50, max) = (samples[samples.len() / 2], samples[samples.len() - 1]);
        println!("healthz under load: {} samples, p50 {p50:?}, max {max:?}; slowest loaded request {slowest_load:?}", samples.len());
        assert!(p50 < Duration::from_millis(50), "healthz p50 {p50:?} (max {max:?})");
        assert!(slowest_load < Duration::from_secs(20), "a bounded diff or sign-in took {slowest_load:?}");
    }
}

on_both_engines! {
    async fn thirty_concurrent_wrong_sign_ins_for_one_account_get_five_tries_and_the_rest_wait_with_retry_after(app) {
        let client = client_from("127.0.0.1");
        let attempts: Vec<_> = (0..30)
            .map(|_| {
                let (client, address) = (client.clone(), app.address.clone());
                tokio::spawn(async move { sign_in_at(&client, &address, "officer", "wrong-password").await })
            })
            .collect();
        let mut results = Vec::new();
        for a in attempts {
            results.push(a.await.unwrap());
        }
        let tried = results.iter().filter(|(s, _)| *s == StatusCode::UNAUTHORIZED).count();
        let waited: Vec<_> = results.iter().filter(|(s, _)| *s == StatusCode::TOO_MANY_REQUESTS).collect();
        assert_eq!((tried, waited.len()), (5, 25), "{results:?}");
        assert!(waited.iter().all(|(_, retry)| retry.is_some_and(|s| s >= 1)), "{results:?}");
        // Even the right password waits until the delay has passed; then it signs in and clears the count.
        assert_eq!(sign_in_from(&client, &app, "officer", PASSWORD).await, (StatusCode::TOO_MANY_REQUESTS, Some(1)));
        app.clock.set(secretariat_core::clock::Clock::now(&app.clock).checked_add(jiff::SignedDuration::from_secs(1)).unwrap());
        assert_eq!(sign_in_from(&client, &app, "officer", PASSWORD).await.0, StatusCode::SEE_OTHER);
        assert_eq!(sign_in_from(&client, &app, "officer", "wrong-password").await.0, StatusCode::UNAUTHORIZED);
    }
}

on_both_engines! {
    async fn failures_from_one_address_never_keep_the_owner_out_from_another(app) {
        let attacker = client_from("127.0.0.2");
        for _ in 0..8 {
            sign_in_from(&attacker, &app, "admin", "wrong-password").await;
        }
        assert_eq!(sign_in_from(&attacker, &app, "admin", PASSWORD).await.0, StatusCode::TOO_MANY_REQUESTS);
        let owner = client_from("127.0.0.3");
        assert_eq!(sign_in_from(&owner, &app, "admin", PASSWORD).await.0, StatusCode::SEE_OTHER);
    }
}

on_both_engines! {
    async fn a_spray_of_many_user_names_from_one_address_is_throttled_too(app) {
        let sprayer = client_from("127.0.0.4");
        for i in 0..20 {
            assert_eq!(sign_in_from(&sprayer, &app, &format!("guess-{i}"), "wrong-password").await.0, StatusCode::UNAUTHORIZED, "name {i}");
        }
        assert_eq!(sign_in_from(&sprayer, &app, "guess-20", "wrong-password").await, (StatusCode::TOO_MANY_REQUESTS, Some(1)));
        assert_eq!(sign_in_from(&sprayer, &app, "officer", PASSWORD).await.0, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(sign_in_from(&client_from("127.0.0.5"), &app, "officer", PASSWORD).await.0, StatusCode::SEE_OTHER);
    }
}

on_both_engines! {
    async fn tokens_are_listed_revoked_and_expire_and_another_accounts_token_is_like_a_missing_one(app) {
        let officer = app.token("officer").await;
        let delegate = app.token("delegate-kz").await;
        let admin = app.token("admin").await;
        let (status, made) = app.post("/api/v1/tokens", &json!({"name": "laptop", "days": 1}), Some(&officer)).await;
        assert_eq!(status, 201, "{made}");
        let (id, laptop) = (made["id"].as_i64().unwrap(), made["token"].as_str().unwrap().to_owned());
        assert_eq!(made["username"], "officer");
        assert_eq!(made["expires_at"], "2018-06-02T06:00:00Z");
        assert_eq!(app.get("/api/v1/tokens", Some(&laptop)).await.0, 200, "the new token works");

        let (_, mine) = app.get("/api/v1/tokens", Some(&officer)).await;
        let names: Vec<&str> = mine["items"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["test", "laptop"]);
        assert!(mine["items"].as_array().unwrap().iter().all(|t| t.get("token").is_none() && t["username"] == "officer"));
        let (_, all) = app.get("/api/v1/tokens", Some(&admin)).await;
        assert_eq!(all["items"].as_array().unwrap().len(), 4, "an administrator sees every account's tokens");

        let (status, body) = app.delete(&format!("/api/v1/tokens/{id}"), Some(&delegate)).await;
        assert_error((status, &body), 404, "not_found");
        let (status, body) = app.delete("/api/v1/tokens/999999", Some(&delegate)).await;
        assert_error((status, &body), 404, "not_found");
        assert_eq!(app.get("/api/v1/tokens", Some(&laptop)).await.0, 200, "a failed revocation changes nothing");

        let (status, body) = app.post("/api/v1/tokens", &json!({"name": "forever", "days": 0}), Some(&officer)).await;
        assert_error((status, &body), 422, "invalid_token_term");

        // Expiry: a day later the one-day token is refused; the 90-day one is not.
        app.clock.set("2018-06-02T06:00:00Z".parse().unwrap());
        let (status, body) = app.get("/api/v1/tokens", Some(&laptop)).await;
        assert_error((status, &body), 401, "invalid_token");
        assert_eq!(app.get("/api/v1/tokens", Some(&officer)).await.0, 200);

        // Revocation: one's own, and an administrator's of anyone's.
        let officer_id = mine["items"][0]["id"].as_i64().unwrap();
        let (status, revoked) = app.delete(&format!("/api/v1/tokens/{officer_id}"), Some(&officer)).await;
        assert_eq!(status, 200, "{revoked}");
        assert!(revoked["revoked_at"].is_string());
        let (status, body) = app.get("/api/v1/tokens", Some(&officer)).await;
        assert_error((status, &body), 401, "invalid_token");
        let delegate_id = all["items"].as_array().unwrap().iter().find(|t| t["username"] == "delegate-kz").unwrap()["id"].as_i64().unwrap();
        assert_eq!(app.delete(&format!("/api/v1/tokens/{delegate_id}"), Some(&admin)).await.0, 200);
        let (status, body) = app.get("/api/v1/tokens", Some(&delegate)).await;
        assert_error((status, &body), 401, "invalid_token");
    }
}

on_both_engines! {
    async fn the_public_reads_who_acted_as_a_role_and_never_as_a_user_name(app) {
        let officer = app.token("officer").await;
        let kz = app.token("delegate-kz").await;
        let body = json!({
            "key": "open-statement", "organisation": "CSTO", "body": "CFM", "kind": "statement",
            "title": {"en": "An open statement", "ru": "Открытое заявление"},
            "sponsors": ["secretariat"], "original_language": "ru", "visibility": "public",
            "texts": {"ru": "Министры заявляют", "en": "The ministers state"}
        });
        let (status, doc) = app.post("/api/v1/documents", &body, Some(&officer)).await;
        assert_eq!(status, 201, "{doc}");
        let id = doc["id"].as_i64().unwrap();
        let (status, doc) = app.post(&format!("/api/v1/documents/{id}/transitions"), &json!({"to": "circulated"}), Some(&officer)).await;
        assert_eq!(status, 200, "{doc}");
        let (status, doc) = app.post(&format!("/api/v1/documents/{id}/positions"), &json!({"position": "support"}), Some(&kz)).await;
        assert_eq!(status, 200, "{doc}");
        assert_eq!(doc["revisions"][0]["created_by"], "officer", "a signed-in reader sees the user name");
        assert_eq!(doc["positions"][0]["recorded_by"], "delegate-kz");

        let (status, public) = app.get(&format!("/api/v1/documents/{id}"), None).await;
        assert_eq!(status, 200, "{public}");
        assert_eq!(public["revisions"][0]["created_by"], "the Secretariat");
        assert_eq!(public["positions"][0]["recorded_by"], "the delegation of KZ");
        let (_, listed) = app.get("/api/v1/documents?organisation=CSTO", None).await;
        assert!(listed["items"].as_array().is_some_and(|items| items.iter().any(|d| d["id"] == id)), "{listed}");
        let text = listed.to_string();
        for name in ["\"officer\"", "\"delegate-kz\"", "\"system\""] {
            assert!(!text.contains(name), "{name} in the public list: {text}");
        }

        // The agenda's change log, after adoption.
        let meeting = app.almaty_id().await;
        let (status, _) = app.post(&format!("/api/v1/meetings/{meeting}/agenda/adoption"), &json!({}), Some(&officer)).await;
        assert_eq!(status, 200);
        let item = json!({"meeting": "cfm-2018-06-almaty", "number": 13, "title": {"en": "Any other business", "ru": "Разное"}, "kind": "information", "visibility": "public"});
        assert_eq!(app.post("/api/v1/agenda-items", &item, Some(&officer)).await.0, 201);
        let (_, log) = app.get(&format!("/api/v1/meetings/{meeting}/agenda/changes"), None).await;
        assert_eq!(log["items"][0]["actor"], "the Secretariat", "{log}");
        let (_, log) = app.get(&format!("/api/v1/meetings/{meeting}/agenda/changes"), Some(&officer)).await;
        assert_eq!(log["items"][0]["actor"], "officer", "{log}");
    }
}
