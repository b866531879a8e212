//! The OpenAPI document at `/api/v1/openapi.json`: valid, complete enough to call, and stable.

use secretariat_testkit::{on_both_engines, Engine, TestApp};

on_both_engines! {
    async fn the_openapi_document_describes_the_api_and_each_listed_path_answers(app) {
        let r = app.request(reqwest::Method::GET, "/api/v1/openapi.json", None).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
        let doc: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).expect("valid JSON");
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{}", doc["openapi"]);
        assert!(doc["info"]["title"].is_string());
        let paths = doc["paths"].as_object().unwrap();
        for path in [
            "/api/v1/meetings",
            "/api/v1/meetings/{id}",
            "/api/v1/meetings/{id}/agenda/adoption",
            "/api/v1/meetings/{id}/agenda/changes",
            "/api/v1/organisations/{code}/chairmanship",
            "/api/v1/states",
            "/api/v1/states/{id}",
            "/api/v1/agenda-items/{id}",
        ] {
            assert!(paths.contains_key(path), "the document lacks {path}");
        }
        assert!(paths["/api/v1/meetings/{id}"]["get"].is_object());
        assert!(paths["/api/v1/meetings/{id}/agenda/adoption"]["post"].is_object());
        for collection in [
            "states", "cities", "people", "posts", "mandates", "organisations", "memberships", "bodies", "meetings",
            "programme-events", "delegations", "agenda-items",
        ] {
            let list = &paths[&format!("/api/v1/{collection}")];
            let (status, body) = app.get(&format!("/api/v1/{collection}"), None).await;
            assert_eq!(status, 200, "{collection}: {body}");
            assert!(body["items"].is_array(), "{collection}: {body}");
            assert!(list["get"].is_object() && list["post"].is_object(), "{collection}");
            let member = &paths[&format!("/api/v1/{collection}/{{id}}")];
            assert!(member["get"].is_object() && member["put"].is_object() && member["delete"].is_object(), "{collection}");
        }

        let token = app.token("officer").await;
        let mut answered = 0;
        for (path, item) in paths {
            if path.contains('{') || item.get("get").is_none() {
                continue;
            }
            for t in [None, Some(token.as_str())] {
                let (status, body) = app.get(path, t).await;
                assert!(status < 500, "GET {path}: {status} {body}");
                assert!(body.is_object(), "GET {path} answers JSON: {body}");
            }
            answered += 1;
        }
        assert!(answered >= 12, "{answered} parameterless paths");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_matches_its_snapshot() {
    let app = TestApp::spawn(Engine::Sqlite).await.expect("sqlite");
    let (status, doc) = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(status, 200);
    insta::assert_json_snapshot!("openapi", doc);
}
