//! Bodies and their chairs: co-chairs, a chair by office or by election, several higher bodies, preparatory bodies.

use secretariat_testkit::on_both_engines;
use serde_json::json;

on_both_engines! {
    async fn scratch_override_with_co_chairs(app) {
        let token = app.token("officer").await;
        let (_, org) = app.get("/api/v1/organisations/CSTO", Some(&token)).await;
        println!("ORG {org}");
        let mut change = org.clone();
        change.as_object_mut().unwrap().remove("id");
        change["chairmanship"]["overrides"] = json!([{"term": 2019, "state": "RU", "co_chairs": ["FR"]}]);
        let (status, reply) = app.put(&format!("/api/v1/organisations/{}", org["id"]), &change, Some(&token)).await;
        println!("PUT {status} {reply}");
    }
}
