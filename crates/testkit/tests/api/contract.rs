//! The API contract: bodies are refused at every depth when they hold what the types do not name, texts are
//! refused alike on both engines when they hold control characters, and the OpenAPI document names every route.

use std::collections::BTreeSet;

use secretariat_testkit::{on_both_engines, Engine, TestApp};
use serde_json::{json, Value};

use crate::support::{as_change, assert_error, bare};

/// The first record of a collection, as stored.
async fn first(app: &TestApp, collection: &str, token: &str) -> Value {
    let (status, page) = app.get(&format!("/api/v1/{collection}"), Some(token)).await;
    assert_eq!(status, 200, "{collection}: {page}");
    page["items"][0].clone()
}

fn assert_names(reply: &Value, field: &str) {
    let message = reply["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains(field), "the message names `{field}`: {reply}");
}

on_both_engines! {
    async fn an_unknown_field_at_any_depth_is_a_422_unknown_field_that_names_it(app) {
        let token = app.token("officer").await;
        // (collection, a pointer to a nested object of its record, where to add the unknown field)
        for (collection, pointer) in [
            ("people", "/names/0"),
            ("cities", "/names/0"),
            ("organisations", "/chairmanship"),
            ("organisations", "/chairmanship/anchor"),
            ("bodies", ""),
            ("mandates", ""),
            ("memberships", ""),
        ] {
            let stored = first(&app, collection, &token).await;
            assert!(stored.is_object(), "{collection} has a record");
            let mut body = bare(&stored);
            body.pointer_mut(pointer).unwrap().as_object_mut().unwrap().insert("nickname".into(), json!("x"));
            let (status, reply) = app.post(&format!("/api/v1/{collection}"), &body, Some(&token)).await;
            assert_error((status, &reply), 422, "unknown_field");
            assert_names(&reply, "nickname");

            let mut change = as_change(&stored);
            change.pointer_mut(pointer).unwrap().as_object_mut().unwrap().insert("nickname".into(), json!("x"));
            let (status, reply) = app.put(&format!("/api/v1/{collection}/{}", stored["id"]), &change, Some(&token)).await;
            assert_error((status, &reply), 422, "unknown_field");
            assert_names(&reply, "nickname");
        }
        // The use-case inputs too.
        let (_, documents) = app.get("/api/v1/documents", Some(&token)).await;
        let id = documents["items"][0]["id"].as_i64().unwrap();
        let (status, reply) =
            app.post(&format!("/api/v1/documents/{id}/transitions"), &json!({"to": "agreed", "why": 1}), Some(&token)).await;
        assert_error((status, &reply), 422, "unknown_field");
        assert_names(&reply, "why");
        let (_, after) = app.get(&format!("/api/v1/documents/{id}"), Some(&token)).await;
        assert_eq!(after["status"], documents["items"][0]["status"], "nothing was written");
    }
}

on_both_engines! {
    async fn a_control_character_in_any_text_is_a_422_control_character_and_writes_nothing(app) {
        let token = app.token("officer").await;
        let (_, before) = app.get("/api/v1/states?limit=500", Some(&token)).await;
        for body in [
            json!({"code": "UZ", "name": {"en": "Uzbek\u{0}istan"}}),
            json!({"code": "UZ", "name": {"en": "Uzbekistan"}, "official_name": {"ru": "\u{1b}[31m"}}),
            json!({"code": "U\u{0}", "name": {"en": "Uzbekistan"}}),
            json!({"code": "UZ", "name": {"e\u{0}": "Uzbekistan"}}),
        ] {
            let (status, reply) = app.post("/api/v1/states", &body, Some(&token)).await;
            assert_error((status, &reply), 422, "control_character");
        }
        let stored = first(&app, "people", &token).await;
        let mut change = as_change(&stored);
        change["names"][0]["name"] = json!({"en": "Name\u{7}"});
        let (status, reply) = app.put(&format!("/api/v1/people/{}", stored["id"]), &change, Some(&token)).await;
        assert_error((status, &reply), 422, "control_character");
        assert_names(&reply, "names[0].name.en");
        let (_, after) = app.get("/api/v1/states?limit=500", Some(&token)).await;
        assert_eq!(after, before, "nothing was written");

        // Tab, line feed and carriage return are ordinary text.
        let body = json!({"code": "UZ", "name": {"en": "Uzbekistan"}, "official_name": {"en": "Republic\tof\r\nUzbekistan"}});
        let (status, reply) = app.post("/api/v1/states", &body, Some(&token)).await;
        assert_eq!(status, 201, "{reply}");
        assert_eq!(reply["official_name"]["en"], "Republic\tof\r\nUzbekistan");
    }
}

/// Every `/api/v1` route of the route table and its methods.
fn routed() -> BTreeSet<(String, String)> {
    secretariat_web::router::routes()
        .into_iter()
        .filter(|(_, path)| path.starts_with("/api/v1/"))
        .map(|(method, path)| (path, method.as_str().to_lowercase()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_api_route_is_in_the_openapi_document_and_every_write_with_a_body_declares_it() {
    let app = TestApp::spawn(Engine::Sqlite).await.expect("sqlite");
    let (_, doc) = app.get("/api/v1/openapi.json", None).await;
    let routes = routed();
    assert!(routes.len() > 90, "{} routes read from router.rs", routes.len());
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert((path.clone(), method.clone()));
        }
    }
    let missing: Vec<_> = routes.difference(&documented).collect();
    assert!(missing.is_empty(), "routed but not in the document: {missing:?}");
    let extra: Vec<_> = documented.difference(&routes).collect();
    assert!(extra.is_empty(), "in the document but not routed: {extra:?}");

    // Writes without a body: compiling a list acts on the path alone; deletions take `?version=`. Adopting an
    // agenda takes an optional body (when it was adopted).
    let bodiless = ["/api/v1/statements-lists/{key}/compilation"];
    let adoption = &doc["paths"]["/api/v1/meetings/{id}/agenda/adoption"]["post"]["requestBody"];
    assert_ne!(adoption["required"], true, "the adoption's body may be left out: {adoption}");
    for (path, method) in &routes {
        let op = &doc["paths"][path][method];
        if method == "post" || method == "put" {
            let body = &op["requestBody"]["content"]["application/json"]["schema"];
            assert_eq!(body.is_object(), !bodiless.contains(&path.as_str()), "{method} {path}: {op}");
            assert_ne!(body, &json!({"type": "object"}), "{method} {path} has a real schema");
        }
        for (status, response) in op["responses"].as_object().unwrap() {
            // Akoma Ntoso is XML, and says so with its own media type.
            if status.starts_with('2') && path == "/api/v1/documents/{id}/akn" {
                assert!(response["content"]["application/akn+xml"]["schema"].is_object(), "{method} {path}: {op}");
            } else if status.starts_with('2') && status != "204" && path != "/api/v1/openapi.json" {
                let schema = &response["content"]["application/json"]["schema"];
                assert!(schema.is_object() && schema != &json!({"type": "object"}), "{method} {path} {status}: {op}");
            }
            if status.starts_with('4') {
                assert_eq!(response["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ErrorBody");
            }
        }
        for parameter in op["parameters"].as_array().into_iter().flatten() {
            let name = parameter["name"].as_str().unwrap();
            let in_path = path.contains(&format!("{{{name}}}"));
            assert_eq!(parameter["in"], if in_path { "path" } else { "query" }, "{method} {path}: {name}");
        }
    }
}
