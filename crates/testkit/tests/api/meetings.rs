//! The meeting of 11 June 2018 through the API contract.

use secretariat_testkit::on_both_engines;
use serde_json::Value;

fn en(v: &Value) -> &str {
    v["en"].as_str().unwrap_or_default()
}

on_both_engines! {
    async fn the_almaty_meeting_has_its_body_venue_chair_programme_delegations_and_twelve_items(app) {
        let token = app.token("officer").await;
        let (status, list) = app.get("/api/v1/meetings?from=2018-06-01&to=2018-06-30&body=CFM", None).await;
        assert_eq!(status, 200);
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert!(list["next"].is_null());
        let id = items[0]["id"].as_i64().unwrap();

        let (status, m) = app.get(&format!("/api/v1/meetings/{id}"), Some(&token)).await;
        assert_eq!(status, 200);
        assert_eq!(m["body"]["code"], "CFM");
        assert_eq!(en(&m["body"]["name"]), "Council of Foreign Ministers");
        assert_eq!(m["kind"], "regular");
        assert_eq!(m["status"], "held");
        assert_eq!(en(&m["venue"]["city"]), "Almaty");
        assert_eq!(m["venue"]["state"], "KZ");
        assert_eq!(m["venue"]["time_zone"], "Asia/Almaty");
        assert!(m["starts_at"].as_str().unwrap().starts_with("2018-06-11T"));
        assert!(m["starts_at"].as_str().unwrap().ends_with("+06:00"));
        assert_eq!(en(&m["chair"]["person"]["name"]), "Kairat Abdrakhmanov");
        assert_eq!(m["chair"]["state"], "KZ");
        assert_eq!(m["chair"]["source"], "derived");

        let programme = m["programme"].as_array().unwrap();
        let dinner: Vec<_> = programme.iter().filter(|e| e["kind"] == "working_dinner").collect();
        assert_eq!(dinner.len(), 1);
        assert!(dinner[0]["starts_at"].as_str().unwrap().starts_with("2018-06-10"));
        let formats: Vec<_> = programme.iter().filter(|e| e["kind"] == "sitting").map(|e| e["format"].as_str().unwrap()).collect();
        assert_eq!(formats, ["restricted", "expanded"]);

        let delegations = m["delegations"].as_array().unwrap();
        assert_eq!(delegations.len(), 6);
        let head = |state: &str| delegations.iter().find(|d| d["state"] == state).map(|d| en(&d["head"]["name"]).to_owned());
        assert_eq!(head("BY").unwrap(), "Andrei Dapkiunas");
        assert_eq!(head("KG").unwrap(), "Aibek Omokeev");
        assert_eq!(head("TJ").unwrap(), "Sirojiddin Muhriddin");

        let agenda = &m["agenda"];
        let numbers: Vec<i64> = agenda["items"].as_array().unwrap().iter().map(|i| i["number"].as_i64().unwrap()).collect();
        assert_eq!(numbers, (1..=12).collect::<Vec<_>>());
        for item in agenda["items"].as_array().unwrap() {
            assert!(item["title"].is_object() && item["kind"].is_string() && item.get("format").is_some());
        }
    }
}

on_both_engines! {
    async fn a_meeting_is_found_by_its_key_as_well_as_its_id(app) {
        let id = app.almaty_id().await;
        let (status, m) = app.get(&format!("/api/v1/meetings/{id}"), None).await;
        assert_eq!(status, 200);
        assert_eq!(m["key"], "cfm-2018-06-almaty");
    }
}
