//! Bad input gets its 4xx and a stable code in `{"error": {"code", "message"}}`, never a 500 and never a partial
//! write (DESIGN §5).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use reqwest::Method;
use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::{json, Value};

use crate::support::{assert_error, raw};

const COLLECTIONS: [&str; 12] = [
    "states",
    "cities",
    "people",
    "posts",
    "mandates",
    "organisations",
    "memberships",
    "bodies",
    "meetings",
    "programme-events",
    "delegations",
    "agenda-items",
];

fn city(state: &str, time_zone: &str) -> Value {
    json!({
        "key": "nur-sultan",
        "state": state,
        "time_zone": time_zone,
        "names": [{"name": {"en": "Nur-Sultan", "ru": "Нур-Султан"}}]
    })
}

/// How many records of each collection the officer sees: unchanged when a request writes nothing.
async fn counts(app: &TestApp, token: &str) -> Vec<(&'static str, usize)> {
    let mut out = Vec::new();
    for collection in COLLECTIONS {
        let (status, list) = app.get(&format!("/api/v1/{collection}?limit=500"), Some(token)).await;
        assert_eq!(status, 200, "{list}");
        out.push((collection, list["items"].as_array().unwrap().len()));
    }
    out
}

on_both_engines! {
    async fn an_unknown_id_code_or_key_is_a_404_not_found(app) {
        let token = app.token("officer").await;
        for path in [
            "/api/v1/meetings/999999",
            "/api/v1/meetings/no-such-meeting",
            "/api/v1/states/ZZ",
            "/api/v1/states/999999",
            "/api/v1/people/nobody",
            "/api/v1/cities/atlantis",
            "/api/v1/agenda-items/999999",
            "/api/v1/organisations/NATO",
            "/api/v1/meetings/999999/agenda/changes",
        ] {
            let (status, body) = app.get(path, Some(&token)).await;
            assert_error((status, &body), 404, "not_found");
            let (status, body) = app.get(path, None).await;
            assert_error((status, &body), 404, "not_found");
        }
        let (status, body) = app.post("/api/v1/meetings/999999/agenda/adoption", &json!({}), Some(&token)).await;
        assert_error((status, &body), 404, "not_found");
        let (status, body) = app.put("/api/v1/states/999999", &json!({"code": "ZZ", "name": {"en": "Z"}, "version": 1}), Some(&token)).await;
        assert_error((status, &body), 404, "not_found");
        let (status, body) = app.delete("/api/v1/people/999999?version=1", Some(&token)).await;
        assert_error((status, &body), 404, "not_found");
    }
}

on_both_engines! {
    async fn a_body_that_is_not_json_is_a_400_malformed_json_or_a_415_unsupported_media_type(app) {
        let token = app.token("officer").await;
        let before = counts(&app, &token).await;
        for body in [&b"{\"code\": "[..], b"{code: 'UZ'}", b"", b"\xff\xfe", b"[1, 2,]"] {
            let (status, _, text) = raw(&app, Method::POST, "/api/v1/states", Some(&token), &[("content-type", "application/json")], Some(body.to_vec())).await;
            let parsed: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            assert_error((status, &parsed), 400, "malformed_json");
        }
        let json_type = [("content-type", "application/json")];
        let truncated = Some(b"{\"version\": 1,".to_vec());
        let (status, _, text) = raw(&app, Method::PUT, "/api/v1/states/1", Some(&token), &json_type, truncated).await;
        let parsed: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert_error((status, &parsed), 400, "malformed_json");
        assert_eq!(counts(&app, &token).await, before, "nothing was written");

        // JSON under another media type.
        let body = br#"{"code": "UZ", "name": {"en": "Uzbekistan"}}"#.to_vec();
        let (status, _, text) = raw(&app, Method::POST, "/api/v1/states", Some(&token), &[("content-type", "text/plain")], Some(body)).await;
        let parsed: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert_error((status, &parsed), 415, "unsupported_media_type");
    }
}

on_both_engines! {
    async fn a_body_that_is_json_but_not_a_valid_record_is_a_422_invalid_body_or_the_rule_code(app) {
        let token = app.token("officer").await;
        let before = counts(&app, &token).await;
        for body in [
            json!([1, 2, 3]),
            json!("KZ"),
            json!(null),
            json!({"code": "UZ"}),
            json!({"code": "UZ", "name": "Uzbekistan"}),
        ] {
            let (status, reply) = app.post("/api/v1/states", &body, Some(&token)).await;
            assert_error((status, &reply), 422, "invalid_body");
        }
        // A field the record does not name has a code of its own: it is refused, never dropped.
        for body in [json!({"hello": 1}), json!({"code": "UZ", "name": {"en": "Uzbekistan"}, "capital": "Tashkent"})] {
            let (status, reply) = app.post("/api/v1/states", &body, Some(&token)).await;
            assert_error((status, &reply), 422, "unknown_field");
        }
        let (status, reply) = app.post("/api/v1/meetings", &json!({"key": "x", "kind": "summit"}), Some(&token)).await;
        assert_error((status, &reply), 422, "invalid_body");

        // Records that parse but break a rule get the rule's code.
        let (status, reply) = app.post("/api/v1/people", &json!({"key": "nobody", "names": []}), Some(&token)).await;
        assert_error((status, &reply), 422, "invalid_names");
        let meeting = json!({
            "key": "cfm-2018-11-astana", "organisation": "CSTO", "body": "CFM", "kind": "regular", "city": "astana",
            "starts_on": "2018-11-08", "ends_on": "2018-11-07", "mode": "in_person", "status": "planned"
        });
        let (status, reply) = app.post("/api/v1/meetings", &meeting, Some(&token)).await;
        assert_error((status, &reply), 422, "invalid_period");
        let dinner = json!({"meeting": "cfm-2018-06-almaty", "key": "dinner-2", "kind": "working_dinner", "format": "restricted", "on": "2018-06-10"});
        let (status, reply) = app.post("/api/v1/programme-events", &dinner, Some(&token)).await;
        assert_error((status, &reply), 422, "invalid_format");
        let item = json!({"meeting": "cfm-2018-06-almaty", "number": 0, "title": {"en": "x"}, "kind": "decision", "visibility": "public"});
        let (status, reply) = app.post("/api/v1/agenda-items", &item, Some(&token)).await;
        assert_error((status, &reply), 422, "invalid_agenda_number");
        assert_eq!(counts(&app, &token).await, before, "nothing was written");
    }
}

on_both_engines! {
    async fn a_malformed_query_or_path_value_is_a_400_with_its_code(app) {
        for path in [
            "/api/v1/meetings?from=2018-13-40",
            "/api/v1/meetings?to=2018-02-30",
            "/api/v1/meetings?from=11.06.2018",
            "/api/v1/meetings?from=2018-6-1",
            "/api/v1/organisations/CSTO/chairmanship?on=2018-13-40",
            "/api/v1/organisations/CSTO/chairmanship?on=yesterday",
        ] {
            let (status, body) = app.get(path, None).await;
            assert_error((status, &body), 400, "invalid_date");
        }
        let (status, body) = app.get("/api/v1/meetings?from=2018-07-01&to=2018-06-01", None).await;
        assert_error((status, &body), 422, "invalid_period");

        // Page sizes run from 1 to 500.
        for path in ["/api/v1/states?limit=0", "/api/v1/people?limit=501", "/api/v1/meetings?limit=0"] {
            let (status, body) = app.get(path, None).await;
            assert_error((status, &body), 400, "invalid_limit");
        }
        let (status, body) = app.get("/api/v1/people?limit=500", None).await;
        assert_eq!(status, 200, "{body}");
        let token = app.token("officer").await;

        // Values of the wrong type, in the query or the path.
        for path in ["/api/v1/states?limit=ten", "/api/v1/states?limit=-1", "/api/v1/agenda-items?meeting=almaty", "/api/v1/people?after=x"] {
            let (status, body) = app.get(path, None).await;
            assert_error((status, &body), 400, "invalid_query");
        }
        let (status, body) = app.delete("/api/v1/states/1", Some(&token)).await;
        assert_error((status, &body), 400, "invalid_query");
        let (status, body) = app.put("/api/v1/states/KZ", &json!({"code": "KZ", "name": {"en": "K"}, "version": 1}), Some(&token)).await;
        assert_error((status, &body), 400, "invalid_path");
        for (path, code) in [("/api/v1/cities?state=kz", "invalid_state_code"), ("/api/v1/meetings?organisation=c$to", "invalid_code")] {
            let (status, body) = app.get(path, None).await;
            assert_eq!(status, 400, "{path}: {body}");
            assert_error((status, &body), 400, code);
        }
    }
}

on_both_engines! {
    async fn an_unknown_time_zone_or_reference_is_a_422_and_writes_nothing(app) {
        let token = app.token("officer").await;
        let before = counts(&app, &token).await;
        let (status, body) = app.post("/api/v1/cities", &city("KZ", "Asia/Astana"), Some(&token)).await;
        assert_error((status, &body), 422, "invalid_body");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains("Asia/Astana"), "{message}");
        assert!(message.contains("time zone"), "{message}");

        // References to records that do not exist.
        let (status, body) = app.post("/api/v1/cities", &city("ZZ", "Asia/Almaty"), Some(&token)).await;
        assert_error((status, &body), 422, "unknown_reference");
        let (status, _) = app.get("/api/v1/cities/nur-sultan", Some(&token)).await;
        assert_eq!(status, 404);

        let meeting = json!({
            "key": "cfm-2018-11-atlantis", "organisation": "CSTO", "body": "CFM", "kind": "regular", "city": "atlantis",
            "starts_on": "2018-11-07", "ends_on": "2018-11-07", "mode": "in_person", "status": "planned"
        });
        let (status, body) = app.post("/api/v1/meetings", &meeting, Some(&token)).await;
        assert_error((status, &body), 422, "unknown_reference");
        let delegation = json!({"meeting": "cfm-2018-06-almaty", "state": "UZ", "head": "sergey-lavrov"});
        let (status, body) = app.post("/api/v1/delegations", &delegation, Some(&token)).await;
        assert_error((status, &body), 422, "unknown_reference");
        let item = json!({"meeting": "cfm-2018-06-almaty", "number": 1, "title": {"en": "x"}, "kind": "decision", "sitting": "dinner", "visibility": "public"});
        let (status, body) = app.post("/api/v1/agenda-items", &item, Some(&token)).await;
        assert_error((status, &body), 422, "unknown_reference");
        let item = json!({"meeting": "no-such-meeting", "number": 1, "title": {"en": "x"}, "kind": "decision", "visibility": "public"});
        let (status, body) = app.post("/api/v1/agenda-items", &item, Some(&token)).await;
        assert_error((status, &body), 422, "unknown_reference");

        assert_eq!(counts(&app, &token).await, before, "nothing was written");
        let id = app.almaty_id().await;
        let (_, m) = app.get(&format!("/api/v1/meetings/{id}"), Some(&token)).await;
        let numbers: Vec<i64> = m["agenda"]["items"].as_array().unwrap().iter().map(|i| i["number"].as_i64().unwrap()).collect();
        assert_eq!(numbers, (1..=12).collect::<Vec<_>>(), "a refused item must not renumber the others");
    }
}

on_both_engines! {
    async fn a_write_without_credentials_is_a_401_unauthenticated_and_with_a_bad_token_a_401_invalid_token(app) {
        let id = app.almaty_id().await;
        let state = json!({"code": "UZ", "name": {"en": "Uzbekistan"}});
        for (method, path, body) in [
            (Method::POST, "/api/v1/states".to_owned(), Some(state.clone())),
            (Method::PUT, "/api/v1/states/1".to_owned(), Some(json!({"code": "AM", "name": {"en": "Armenia"}, "version": 1}))),
            (Method::DELETE, "/api/v1/states/1?version=1".to_owned(), None),
            (Method::POST, format!("/api/v1/meetings/{id}/agenda/adoption"), None),
        ] {
            let mut request = app.request(method.clone(), &path, None);
            if let Some(body) = &body {
                request = request.json(body);
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let challenge = response.headers().get("www-authenticate").map(|v| v.to_str().unwrap().to_owned());
            let body: Value = response.json().await.unwrap();
            assert_error((status, &body), 401, "unauthenticated");
            assert_eq!(challenge.as_deref(), Some("Bearer"), "{method} {path}");
        }
        let (status, _) = app.get("/api/v1/states/UZ", None).await;
        assert_eq!(status, 404);

        // A token that is not known, or not a bearer token at all.
        let state = json!({"code": "UZ", "name": {"en": "Uzbekistan"}});
        let (status, body) = app.post("/api/v1/states", &state, Some("not-a-token")).await;
        assert_error((status, &body), 401, "invalid_token");
        let (status, body) = app.get("/api/v1/states", Some("not-a-token")).await;
        assert_error((status, &body), 401, "invalid_token");
        let basic = [("authorization", "Basic b2ZmaWNlcjp4"), ("content-type", "application/json")];
        let body = Some(state.to_string().into_bytes());
        let (status, headers, text) = raw(&app, Method::POST, "/api/v1/states", None, &basic, body).await;
        assert_error((status, &serde_json::from_str(&text).unwrap()), 401, "invalid_token");
        assert_eq!(headers.get("www-authenticate").unwrap(), "Bearer");
        let (status, _) = app.get("/api/v1/states/UZ", None).await;
        assert_eq!(status, 404);
    }
}

on_both_engines! {
    async fn a_write_by_the_press_or_a_delegate_is_a_403_forbidden(app) {
        let id = app.almaty_id().await;
        let officer = app.token("officer").await;
        let before = counts(&app, &officer).await;
        let (_, kz) = app.get("/api/v1/states/KZ", None).await;
        for account in ["press", "delegate-kz", "delegate-ru"] {
            let token = app.token(account).await;
            let (status, body) = app.post("/api/v1/states", &json!({"code": "UZ", "name": {"en": "Uzbekistan"}}), Some(&token)).await;
            assert_error((status, &body), 403, "forbidden");
            let change = json!({"code": "KZ", "name": {"en": "Qazaqstan"}, "version": kz["version"]});
            let (status, body) = app.put(&format!("/api/v1/states/{}", kz["id"]), &change, Some(&token)).await;
            assert_error((status, &body), 403, "forbidden");
            let (status, body) = app.delete(&format!("/api/v1/states/{}?version={}", kz["id"], kz["version"]), Some(&token)).await;
            assert_error((status, &body), 403, "forbidden");
            let (status, body) = app.post(&format!("/api/v1/meetings/{id}/agenda/adoption"), &json!({}), Some(&token)).await;
            assert_error((status, &body), 403, "forbidden");
        }
        let (_, after) = app.get("/api/v1/states/KZ", Some(&officer)).await;
        assert_eq!(after, kz);
        assert_eq!(counts(&app, &officer).await, before, "nothing was written");
        let (_, m) = app.get(&format!("/api/v1/meetings/{id}"), Some(&officer)).await;
        assert_eq!(m["agenda"]["status"], "provisional");
    }
}

on_both_engines! {
    async fn a_body_over_256_kib_is_a_413_payload_too_large(app) {
        let token = app.token("officer").await;
        let big = json!({"code": "UZ", "name": {"en": "x".repeat(256 * 1024)}});
        let (status, body) = app.post("/api/v1/states", &big, Some(&token)).await;
        assert_error((status, &body), 413, "payload_too_large");
        let (status, _) = app.get("/api/v1/states/UZ", None).await;
        assert_eq!(status, 404);
        // 200 KiB is under the limit: the record itself is read, and refused for its own reason.
        let under = json!({"code": "UZ", "name": {"en": "x".repeat(200 * 1024)}});
        let (status, body) = app.post("/api/v1/states", &under, Some(&token)).await;
        assert_error((status, &body), 422, "invalid_body");
    }
}

on_both_engines! {
    async fn a_change_with_a_stale_version_is_a_409_stale_version_and_without_one_a_422_version_required(app) {
        let token = app.token("officer").await;
        let (_, kz) = app.get("/api/v1/states/KZ", None).await;
        let id = kz["id"].as_i64().unwrap();
        let mut change = kz.clone();
        change["official_name"] = json!({"en": "Republic of Kazakhstan", "ru": "Республика Казахстан", "kk": "Қазақстан Республикасы"});
        let (status, changed) = app.put(&format!("/api/v1/states/{id}"), &change, Some(&token)).await;
        assert_eq!(status, 200, "{changed}");
        assert_eq!(changed["version"], 2);

        change["name"] = json!({"en": "Qazaqstan"});
        let (status, body) = app.put(&format!("/api/v1/states/{id}"), &change, Some(&token)).await;
        assert_error((status, &body), 409, "stale_version");
        assert_eq!(body["error"]["current_version"], 2);
        let (status, body) = app.delete(&format!("/api/v1/states/{id}?version=1"), Some(&token)).await;
        assert_error((status, &body), 409, "stale_version");
        assert_eq!(body["error"]["current_version"], 2);
        let (_, now) = app.get("/api/v1/states/KZ", None).await;
        assert_eq!(now, changed);

        // A change must say which version it is based on.
        let (_, kz) = app.get("/api/v1/states/KZ", None).await;
        let path = format!("/api/v1/states/{}", kz["id"]);
        let mut body = crate::support::bare(&kz);
        body["name"] = json!({"en": "Qazaqstan"});
        let (status, reply) = app.put(&path, &body, Some(&token)).await;
        assert_error((status, &reply), 422, "version_required");
        body["version"] = json!("1");
        let (status, reply) = app.put(&path, &body, Some(&token)).await;
        assert_error((status, &reply), 422, "version_required");
        let (status, reply) = app.put(&path, &json!([1]), Some(&token)).await;
        assert_error((status, &reply), 422, "version_required");
        let (_, after) = app.get("/api/v1/states/KZ", None).await;
        assert_eq!(after, kz);
    }
}

on_both_engines! {
    async fn a_duplicate_code_is_a_409_duplicate_and_deleting_a_record_still_referred_to_a_409_in_use(app) {
        let token = app.token("officer").await;
        let before = counts(&app, &token).await;
        let (status, body) = app.post("/api/v1/states", &json!({"code": "KZ", "name": {"en": "Kazakhstan again"}}), Some(&token)).await;
        assert_error((status, &body), 409, "duplicate");
        let (status, body) = app.post("/api/v1/people", &json!({"key": "sergey-lavrov", "names": [{"name": {"en": "S. Lavrov"}}]}), Some(&token)).await;
        assert_error((status, &body), 409, "duplicate");
        let delegation = json!({"meeting": "cfm-2018-06-almaty", "state": "RU", "head": "sergey-lavrov"});
        let (status, body) = app.post("/api/v1/delegations", &delegation, Some(&token)).await;
        assert_error((status, &body), 409, "duplicate");
        let (_, kz) = app.get("/api/v1/states/KZ", None).await;
        assert_eq!(kz["name"]["en"], "Kazakhstan");
        // Codes never change once recorded, so a change cannot take another record's code either.
        let (_, am) = app.get("/api/v1/states/AM", None).await;
        let mut change = crate::support::as_change(&am);
        change["code"] = json!("RU");
        let (status, body) = app.put(&format!("/api/v1/states/{}", am["id"]), &change, Some(&token)).await;
        assert_error((status, &body), 422, "key_immutable");
        let (_, still) = app.get("/api/v1/states/AM", None).await;
        assert_eq!(still, am);

        // Records still referred to stay.
        for (collection, reference) in [("states", "KZ"), ("people", "sergey-lavrov"), ("cities", "almaty"), ("meetings", "cfm-2018-06-almaty")] {
            let (_, record) = app.get(&format!("/api/v1/{collection}/{reference}"), None).await;
            let (status, body) = app.delete(&format!("/api/v1/{collection}/{}?version={}", record["id"], record["version"]), Some(&token)).await;
            assert_error((status, &body), 409, "in_use");
            let (status, again) = app.get(&format!("/api/v1/{collection}/{reference}"), None).await;
            assert_eq!(status, 200, "{collection} {reference} was deleted");
            assert_eq!(again["id"], record["id"]);
        }
        assert_eq!(counts(&app, &token).await, before, "nothing was written");
    }
}

on_both_engines! {
    async fn an_unknown_api_path_is_a_json_404_and_a_method_a_path_does_not_take_a_json_405(app) {
        let token = app.token("officer").await;
        for (method, path) in [
            (Method::GET, "/api/v1/nothing"),
            (Method::GET, "/api/v2/meetings"),
            (Method::POST, "/api/v1/treaties"),
            (Method::PUT, "/api/v1/nothing/1"),
            (Method::DELETE, "/api/v1/meetings/1/agenda"),
        ] {
            let (status, headers, text) = raw(&app, method.clone(), path, Some(&token), &[], None).await;
            assert!(headers["content-type"].to_str().unwrap().starts_with("application/json"), "{method} {path}");
            assert_error((status, &serde_json::from_str(&text).unwrap()), 404, "not_found");
        }

        // A path that exists with a method it does not take.
        for (method, path) in [
            (Method::PATCH, "/api/v1/states/1"),
            (Method::DELETE, "/api/v1/states"),
            (Method::GET, "/api/v1/meetings/1/agenda/adoption"),
        ] {
            let (status, headers, text) = raw(&app, method.clone(), path, Some(&token), &[], None).await;
            assert_eq!(status, 405, "{method} {path}");
            assert!(headers.contains_key("allow"), "{method} {path}: a 405 names the methods allowed");
            let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            assert!(body["error"]["code"].is_string() && body["error"]["message"].is_string(), "{method} {path}: `{text}` is not an API error");
        }
    }
}

/// A short string from the words records use, or any short text.
fn word() -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        "KZ",
        "RU",
        "ZZ",
        "kz",
        "CSTO",
        "CFM",
        "CSC",
        "almaty",
        "astana",
        "cfm-2018-06-almaty",
        "csc-2018-11-astana",
        "kairat-abdrakhmanov",
        "foreign-minister-kz",
        "foreign_minister",
        "2018-06-11",
        "2018-13-40",
        "9999-12-31",
        "0000-01-01",
        "Asia/Almaty",
        "Asia/Astana",
        "en",
        "ru",
        "xx",
        "public",
        "restricted",
        "members",
        "sponsors",
        "sitting",
        "working_dinner",
        "videoconference",
        "troika_meeting",
        "online",
        "regular",
        "in_person",
        "held",
        "member",
        "chairing_state",
        "host_state",
        "consensus",
        "decision",
        "10:00",
        "25:61",
        "",
        "restricted",
        "on_january_1",
        "at_top_body_session",
    ];
    prop_oneof![3 => prop::sample::select(WORDS).prop_map(str::to_owned), 1 => ".{0,12}"]
}

/// A field name a record may have, or any short text.
fn field() -> impl Strategy<Value = String> {
    const FIELDS: &[&str] = &[
        "code",
        "key",
        "name",
        "names",
        "official_name",
        "state",
        "time_zone",
        "from",
        "to",
        "title",
        "role",
        "organisation",
        "person",
        "post",
        "acting",
        "abbreviation",
        "languages",
        "authentic_language",
        "authentic_languages",
        "event_kinds",
        "admits",
        "chairmanship",
        "kind",
        "parent",
        "representative_role",
        "chair_rule",
        "decision_rule",
        "regular_meetings_per_year",
        "body",
        "joint_with",
        "city",
        "starts_on",
        "ends_on",
        "mode",
        "status",
        "chair",
        "meeting",
        "format",
        "on",
        "at",
        "head",
        "members",
        "number",
        "sitting",
        "visibility",
        "en",
        "ru",
        "rotation",
        "anchor",
        "term",
        "top_body",
        "changeovers",
        "from_term",
        "rule",
        "overrides",
        "version",
        "id",
    ];
    prop_oneof![3 => prop::sample::select(FIELDS).prop_map(str::to_owned), 1 => ".{0,8}"]
}

/// Any JSON value, biased towards the words and shapes of records.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (0u32..70_000).prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        word().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(field(), inner, 0..10).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A valid new record of each collection, to be spoilt one field at a time.
fn templates() -> Vec<(&'static str, Value)> {
    vec![
        ("states", json!({"code": "UZ", "name": {"en": "Uzbekistan", "ru": "Узбекистан"}})),
        (
            "cities",
            json!({"key": "bishkek", "state": "KG", "time_zone": "Asia/Bishkek", "names": [{"name": {"en": "Bishkek"}}]}),
        ),
        (
            "people",
            json!({"key": "stanislav-zas", "names": [{"name": {"en": "Stanislav Zas", "ru": "Станислав Зась"}}]}),
        ),
        (
            "posts",
            json!({"key": "deputy-foreign-minister-kz", "title": {"en": "Deputy Minister of Foreign Affairs of Kazakhstan"},
                "role": "deputy_foreign_minister", "state": "KZ"}),
        ),
        (
            "mandates",
            json!({"person": "kairat-abdrakhmanov", "post": "foreign-minister-kz", "from": "2016-12-28", "to": "2018-12-26"}),
        ),
        (
            "organisations",
            json!({"code": "SCO", "name": {"en": "Shanghai Cooperation Organisation"}, "languages": ["ru", "zh"], "authentic_language": "ru",
            "chairmanship": {"rotation": ["KZ", "RU"], "anchor": {"term": 2018, "state": "KZ"}, "top_body": "CHS",
                "changeovers": [{"from_term": 2001, "rule": "on_january_1"}]}}),
        ),
        ("memberships", json!({"organisation": "CSTO", "state": "KZ", "kind": "observer", "from": "2030-01-01"})),
        (
            "bodies",
            json!({"organisation": "CSTO", "code": "PA", "name": {"en": "Parliamentary Assembly"}, "parent": "CSC", "representative_role": "speaker",
            "chair_rule": "chairing_state", "decision_rule": "consensus", "regular_meetings_per_year": 2}),
        ),
        (
            "meetings",
            json!({"key": "cfm-2018-11-astana", "organisation": "CSTO", "body": "CFM", "kind": "regular", "city": "astana",
            "starts_on": "2018-11-07", "ends_on": "2018-11-07", "mode": "in_person", "status": "held"}),
        ),
        (
            "programme-events",
            json!({"meeting": "csc-2018-11-astana", "key": "dinner", "kind": "working_dinner", "on": "2018-11-07", "at": "19:00:00"}),
        ),
        ("delegations", json!({"meeting": "csc-2017-11-minsk", "state": "KZ", "head": "nursultan-nazarbayev"})),
        (
            "agenda-items",
            json!({"meeting": "csc-2018-11-astana", "number": 1, "title": {"en": "Item"}, "kind": "decision", "sitting": "restricted", "visibility": "public"}),
        ),
    ]
}

/// Runs a property whose cases are HTTP requests against one app, from inside the app's runtime.
fn run_property<S: Strategy>(
    cases: u32,
    strategy: S,
    case: impl Fn(S::Value) -> futures_like::BoxFuture<Result<(), TestCaseError>>,
) {
    let handle = tokio::runtime::Handle::current();
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let result = tokio::task::block_in_place(|| runner.run(&strategy, |value| handle.block_on(case(value))));
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// A boxed future without a dependency on the `futures` crate.
mod futures_like {
    pub type BoxFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send>>;
}

/// After any amount of bad input the application is healthy and every list and meeting still reads.
async fn assert_still_healthy(app: &TestApp, token: &str) {
    let (status, health) = app.get("/healthz", None).await;
    assert_eq!(status, 200, "{health}");
    for collection in COLLECTIONS {
        let (status, list) = app.get(&format!("/api/v1/{collection}?limit=500"), Some(token)).await;
        assert_eq!(status, 200, "{collection}: {list}");
        if collection == "meetings" {
            for m in list["items"].as_array().unwrap() {
                let (status, body) = app.get(&format!("/api/v1/meetings/{}", m["id"]), Some(token)).await;
                assert_eq!(status, 200, "meeting {}: {body}", m["key"]);
            }
        }
    }
    for page in ["/", "/organisations/CSTO", "/organisations/CSTO/calendar"] {
        assert_eq!(app.page(page).await.0, 200, "{page}");
    }
}

on_both_engines! {
    async fn arbitrary_or_spoilt_json_posted_to_any_collection_is_a_4xx_or_a_201_never_a_5xx(app) {
        let app = std::sync::Arc::new(app);
        let token = std::sync::Arc::new(app.token("officer").await);
        let (a, t) = (app.clone(), token.clone());
        // Arbitrary JSON, to every collection.
        run_property(64, any_json(), move |value| {
            let (app, token) = (a.clone(), t.clone());
            Box::pin(async move {
                for collection in COLLECTIONS {
                    let (status, body) = app.post(&format!("/api/v1/{collection}"), &value, Some(&token)).await;
                    prop_assert!(
                        status == 201 || (400..500).contains(&status),
                        "POST /api/v1/{} {} -> {} {}", collection, value, status, body
                    );
                    if status != 201 {
                        prop_assert!(body["error"]["code"].is_string(), "{}", body);
                    }
                }
                Ok(())
            })
        });
        assert_still_healthy(&app, &token).await;

        // Valid records of each collection with one field dropped, or set to an arbitrary value.
        let (a, t) = (app.clone(), token.clone());
        let spoil = (0..templates().len(), any::<prop::sample::Index>(), field(), prop::option::of(any_json()));
        run_property(64, spoil, move |(which, at, new_field, value)| {
            let (app, token) = (a.clone(), t.clone());
            Box::pin(async move {
                let (collection, mut record) = templates().swap_remove(which);
                let fields: Vec<String> = record.as_object().unwrap().keys().cloned().collect();
                let object = record.as_object_mut().unwrap();
                match value {
                    // Drop a field, or set one (old or new) to an arbitrary value.
                    None => {
                        object.remove(&fields[at.index(fields.len())]);
                    }
                    Some(v) if at.index(3) == 0 => {
                        object.insert(new_field, v);
                    }
                    Some(v) => {
                        object.insert(fields[at.index(fields.len())].clone(), v);
                    }
                }
                let (status, body) = app.post(&format!("/api/v1/{collection}"), &record, Some(&token)).await;
                prop_assert!(
                    status == 201 || (400..500).contains(&status),
                    "POST /api/v1/{} {} -> {} {}", collection, record, status, body
                );
                Ok(())
            })
        });
        assert_still_healthy(&app, &token).await;
    }
}
