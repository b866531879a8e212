//! Plans with periods and items, the yearly statements list from proposals to deliveries, and the legal basis.

use secretariat_testkit::on_both_engines;
use serde_json::json;

fn document(key: &str, kind: &str, extra: serde_json::Value) -> serde_json::Value {
    let mut d = json!({
        "key": key, "organisation": "CSTO", "body": "CFM", "kind": kind,
        "title": {"en": format!("Document {key}")}, "sponsors": ["secretariat"], "original_language": "ru",
        "visibility": "members", "texts": {"ru": "Текст"}
    });
    if let (Some(d), Some(extra)) = (d.as_object_mut(), extra.as_object()) {
        d.extend(extra.clone());
    }
    d
}

on_both_engines! {
    async fn a_plan_of_consultations_holds_items_with_periods_and_a_consultation_becomes_a_meeting(app) {
        let officer = app.token("officer").await;
        let (status, plan) = app
            .post("/api/v1/documents", &document("consultations-2018", "plan", json!({"period": {"from": "2018-07-01", "to": "2019-06-30"}})), Some(&officer))
            .await;
        assert_eq!(status, 201, "{plan}");
        assert_eq!(plan["period"], json!({"from": "2018-07-01", "to": "2019-06-30"}));
        let item = json!({
            "plan": "consultations-2018", "number": 1, "title": {"en": "Consultations on UN General Assembly matters"},
            "kind": "consultation", "from": "2018-09-01", "to": "2018-09-30", "responsible": ["RU", "secretariat"],
            "status": "planned"
        });
        let (status, stored) = app.post("/api/v1/plan-items", &item, Some(&officer)).await;
        assert_eq!(status, 201, "{stored}");
        let mut done = item.clone();
        done["status"] = json!("done");
        done["meeting"] = json!("cfm-2018-06-almaty");
        done["progress"] = json!([{"on": "2018-09-06", "text": {"en": "Held in Moscow"}}]);
        done["version"] = stored["version"].clone();
        let (status, changed) = app.put(&format!("/api/v1/plan-items/{}", stored["id"]), &done, Some(&officer)).await;
        assert_eq!(status, 200, "{changed}");
        assert_eq!(changed["meeting"], "cfm-2018-06-almaty");
        let (_, items) = app.get("/api/v1/plan-items?owner=consultations-2018", Some(&officer)).await;
        assert_eq!(items["items"].as_array().unwrap().len(), 1);
        let (_, none) = app.get("/api/v1/plan-items?owner=consultations-2018", None).await;
        assert!(none["items"].as_array().unwrap().is_empty(), "the plan is for members; the public sees no item");
        let mut action = item.clone();
        action["kind"] = json!("action");
        action["number"] = json!(2);
        action["meeting"] = json!("cfm-2018-06-almaty");
        let (status, err) = app.post("/api/v1/plan-items", &action, Some(&officer)).await;
        assert_eq!((status, err["error"]["code"].as_str()), (422, Some("invalid_plan_item")));
        let mut wrong = item.clone();
        wrong["plan"] = json!("nothing-here");
        assert_eq!(app.post("/api/v1/plan-items", &wrong, Some(&officer)).await.0, 422);
    }
}

on_both_engines! {
    async fn a_statements_list_is_compiled_from_included_proposals_and_its_statements_are_delivered(app) {
        let officer = app.token("officer").await;
        let list = json!({"key": "statements-2019", "organisation": "CSTO", "body": "CFM", "year": 2019, "cutoff": "2019-03-01"});
        assert_eq!(app.post("/api/v1/statements-lists", &list, Some(&officer)).await.0, 201);
        for (key, state, forum, included) in [("p-ru", "RU", "UNGA", true), ("p-kg", "KG", "OSCE", true), ("p-am", "AM", "UNGA", false)] {
            let proposal = json!({"list": "statements-2019", "key": key, "state": state, "forum": forum, "included": included,
                                  "topic": {"en": format!("Topic of {state}"), "ru": format!("Тема {state}")}});
            let (status, body) = app.post("/api/v1/proposals", &proposal, Some(&officer)).await;
            assert_eq!(status, 201, "{body}");
        }
        let (status, doc) = app.post("/api/v1/statements-lists/statements-2019/compilation", &json!({}), Some(&officer)).await;
        assert_eq!(status, 201, "{doc}");
        assert_eq!(doc["kind"], "list");
        let text = doc["revisions"][0]["versions"].as_array().unwrap().iter().find(|v| v["language"] == "en").unwrap()["text"].as_str().unwrap().to_owned();
        assert!(text.contains("Topic of RU") && text.contains("Topic of KG") && !text.contains("Topic of AM"), "{text}");
        let (_, stored) = app.get("/api/v1/statements-lists/statements-2019", Some(&officer)).await;
        assert_eq!(stored["document"], "statements-2019-list");
        let (status, err) = app.post("/api/v1/statements-lists/statements-2019/compilation", &json!({}), Some(&officer)).await;
        assert_eq!((status, err["error"]["code"].as_str()), (409, Some("already_compiled")));

        let instruction = json!({"list": "statements-2019", "forum": "UNGA", "text": {"en": "Deliver the joint statements at the First Committee"}});
        assert_eq!(app.post("/api/v1/instructions", &instruction, Some(&officer)).await.0, 201);
        let delivery = json!({"proposal": "p-ru", "on": "2019-10-15", "forum": "UNGA", "state": "BY"});
        assert_eq!(app.post("/api/v1/deliveries", &delivery, Some(&officer)).await.0, 201);
        let (_, deliveries) = app.get("/api/v1/deliveries?owner=p-ru", None).await;
        assert!(deliveries["items"].as_array().unwrap().is_empty(), "deliveries are for members: {deliveries}");
        let (_, deliveries) = app.get("/api/v1/deliveries?owner=p-ru", Some(&app.token("delegate-kz").await)).await;
        assert_eq!(deliveries["items"][0]["state"], "BY");
        let (_, proposals) = app.get("/api/v1/proposals?owner=statements-2019", None).await;
        assert!(proposals["items"].as_array().unwrap().is_empty(), "proposals are for members");
        let kz = app.token("delegate-kz").await;
        let (_, proposals) = app.get("/api/v1/proposals?owner=statements-2019", Some(&kz)).await;
        assert_eq!(proposals["items"].as_array().unwrap().len(), 3);
    }
}

on_both_engines! {
    async fn the_legal_basis_report_counts_treaties_in_force_and_signatures_awaiting_ratification(app) {
        let officer = app.token("officer").await;
        let charter = document("charter", "agreement", json!({"body": "CFM", "visibility": "public", "in_force_on": "2003-09-18"}));
        assert_eq!(app.post("/api/v1/documents", &charter, Some(&officer)).await.0, 201);
        let protocol = document("protocol-2018", "protocol", json!({"visibility": "public"}));
        assert_eq!(app.post("/api/v1/documents", &protocol, Some(&officer)).await.0, 201);
        for (state, ratified) in [("RU", Some("2019-05-01")), ("KZ", None)] {
            let sig = json!({"document": "protocol-2018", "state": state, "signed_on": "2018-11-08", "ratified_on": ratified});
            let (status, body) = app.post("/api/v1/signatures", &sig, Some(&officer)).await;
            assert_eq!(status, 201, "{body}");
        }
        let bad = json!({"document": "protocol-2018", "state": "AM", "ratified_on": "2019-01-01"});
        assert_eq!(app.post("/api/v1/signatures", &bad, Some(&officer)).await.0, 422);
        let not_treaty = json!({"document": "charter-x", "state": "AM", "signed_on": "2018-11-08"});
        assert_eq!(app.post("/api/v1/signatures", &not_treaty, Some(&officer)).await.0, 422);

        let (status, report) = app.get("/api/v1/organisations/CSTO/legal-basis?on=2019-01-01", None).await;
        assert_eq!(status, 200, "{report}");
        let treaties = report["treaties"].as_array().unwrap();
        let protocol = treaties.iter().find(|t| t["key"] == "protocol-2018").unwrap();
        assert_eq!(protocol["awaiting_ratification"], json!(["RU", "KZ"]));
        let in_force = treaties.iter().filter(|t| t["in_force_on"].as_str().is_some_and(|d| d <= "2019-01-01")).count();
        assert!(in_force >= 1, "the charter is in force");
        assert_eq!(report["in_force"], in_force);
        assert_eq!(report["not_yet_in_force"], treaties.len() - in_force);
        let (_, later) = app.get("/api/v1/organisations/CSTO/legal-basis?on=2019-06-01", None).await;
        let protocol = later["treaties"].as_array().unwrap().iter().find(|t| t["key"] == "protocol-2018").unwrap().clone();
        assert_eq!(protocol["awaiting_ratification"], json!(["KZ"]));
        assert_eq!(app.get("/api/v1/organisations/NOPE/legal-basis", None).await.0, 404);
    }
}
