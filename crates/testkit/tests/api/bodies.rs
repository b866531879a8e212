//! Bodies and who chairs them: co-chairs of a chairmanship, a body chaired by an office or by an elected chair,
//! several higher bodies, and a preparatory body whose agreement is recorded on each document it sends on.

use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::{json, Value};

use crate::support::{as_change, assert_error, en};

/// A stored record of a collection found by a field's value.
async fn record(app: &TestApp, collection: &str, field: &str, value: &str, token: &str) -> Value {
    let (status, page) = app.get(&format!("/api/v1/{collection}?limit=500"), Some(token)).await;
    assert_eq!(status, 200, "{page}");
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[field] == value)
        .cloned()
        .unwrap_or_else(|| panic!("no {value}"))
}

/// Adds a CSTO body: its code and name, and what is particular about it.
async fn add_body(app: &TestApp, token: &str, code: &str, extra: Value) -> (u16, Value) {
    let mut body = json!({
        "organisation": "CSTO", "code": code, "name": {"en": format!("Body {code}")},
        "representative_role": "foreign_minister", "chair_rule": "chairing_state", "decision_rule": "consensus",
        "regular_meetings_per_year": 0
    });
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    app.post("/api/v1/bodies", &body, Some(token)).await
}

/// Adds a held meeting of a CSTO body in Almaty on a day.
async fn add_meeting(app: &TestApp, token: &str, key: &str, body: &str, on: &str) {
    let meeting = json!({
        "key": key, "organisation": "CSTO", "body": body, "kind": "regular", "city": "almaty",
        "starts_on": on, "ends_on": on, "mode": "in_person", "status": "held"
    });
    let (status, created) = app.post("/api/v1/meetings", &meeting, Some(token)).await;
    assert_eq!(status, 201, "{created}");
}

/// A public CFM document, circulated; its id.
async fn circulated(app: &TestApp, token: &str, key: &str) -> i64 {
    let draft = json!({
        "key": key, "organisation": "CSTO", "body": "CFM", "kind": "statement",
        "title": {"en": format!("Statement {key}"), "ru": format!("Заявление {key}")},
        "sponsors": ["secretariat"], "original_language": "ru", "visibility": "public",
        "texts": {"ru": "Министры иностранных дел заявляют", "en": "The foreign ministers state"}
    });
    let (status, doc) = app.post("/api/v1/documents", &draft, Some(token)).await;
    assert_eq!(status, 201, "{doc}");
    let id = doc["id"].as_i64().unwrap();
    let (status, doc) =
        app.post(&format!("/api/v1/documents/{id}/transitions"), &json!({"to": "circulated"}), Some(token)).await;
    assert_eq!(status, 200, "{doc}");
    id
}

/// A public agenda item of a meeting carrying one document; its id.
async fn item(app: &TestApp, token: &str, meeting: &str, number: u16, document: &str) -> i64 {
    let item = json!({"meeting": meeting, "number": number, "title": {"en": format!("On {document}")},
                      "kind": "decision", "visibility": "public", "documents": [document]});
    let (status, item) = app.post("/api/v1/agenda-items", &item, Some(token)).await;
    assert_eq!(status, 201, "{item}");
    item["id"].as_i64().unwrap()
}

on_both_engines! {
    async fn an_override_with_co_chairs_is_answered_by_the_chair_endpoint_and_chairs_the_meeting_with_them(app) {
        let token = app.token("officer").await;
        let org = record(&app, "organisations", "code", "CSTO", &token).await;
        let mut change = as_change(&org);
        change["chairmanship"]["overrides"] = json!([{"term": 2018, "state": "KZ", "co_chairs": ["RU"]}]);
        let (status, stored) = app.put(&format!("/api/v1/organisations/{}", org["id"]), &change, Some(&token)).await;
        assert_eq!(status, 200, "{stored}");
        assert_eq!(stored["chairmanship"]["overrides"][0]["co_chairs"], json!(["RU"]), "kept, not dropped");

        let (status, chair) = app.get("/api/v1/organisations/CSTO/chairmanship?on=2018-06-11", None).await;
        assert_eq!(status, 200, "{chair}");
        assert_eq!(chair["state"], "KZ");
        assert_eq!(chair["co_chairs"][0]["state"], "RU");
        assert_eq!(en(&chair["co_chairs"][0]["state_name"]), "Russia");
        let (_, earlier) = app.get("/api/v1/organisations/CSTO/chairmanship?on=2017-06-01", None).await;
        assert_eq!(earlier["next"]["co_chairs"], json!(["RU"]), "the next term's co-chairs are named too");
        let (_, later) = app.get("/api/v1/organisations/CSTO/chairmanship?on=2019-06-01", None).await;
        assert!(later.get("co_chairs").is_none(), "the rotation goes on alone: {later}");

        // The CFM in Almaty is chaired by Kazakhstan's foreign minister with Russia's as co-chair.
        let (_, m) = app.get("/api/v1/meetings/cfm-2018-06-almaty", None).await;
        assert_eq!(en(&m["chair"]["person"]["name"]), "Kairat Abdrakhmanov");
        assert_eq!(m["chair"]["state"], "KZ");
        assert_eq!(en(&m["co_chairs"][0]["person"]["name"]), "Sergey Lavrov");
        assert_eq!(m["co_chairs"][0]["state"], "RU");
        assert_eq!(m["co_chairs"][0]["source"], "derived");
        let (status, html) = app.page(&format!("/meetings/{}", m["id"])).await;
        assert_eq!(status, 200);
        assert!(html.contains("Co-chairs") && html.contains("Sergey Lavrov"), "the page shows both chairs");

        // A field an override does not name is refused, never dropped; so is a co-chair named twice.
        let mut unknown = as_change(&stored);
        unknown["chairmanship"]["overrides"][0]["nickname"] = json!("x");
        let (status, reply) = app.put(&format!("/api/v1/organisations/{}", org["id"]), &unknown, Some(&token)).await;
        assert_error((status, &reply), 422, "unknown_field");
        assert!(reply["error"]["message"].as_str().unwrap().contains("chairmanship.overrides[0].nickname"), "{reply}");
        let mut twice = as_change(&stored);
        twice["chairmanship"]["overrides"] = json!([{"term": 2018, "state": "KZ", "co_chairs": ["KZ"]}]);
        let (status, reply) = app.put(&format!("/api/v1/organisations/{}", org["id"]), &twice, Some(&token)).await;
        assert_error((status, &reply), 422, "invalid_co_chairs");
    }
}

on_both_engines! {
    async fn a_body_chaired_by_an_office_is_chaired_by_the_holder_of_the_post_on_the_meetings_day(app) {
        let token = app.token("officer").await;
        let office = json!({"chair_rule": "office", "chair_post": "secretary-general-csto"});
        let (status, body) = add_body(&app, &token, "EXP", office).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["chair_rule"], "office");
        assert_eq!(body["chair_post"], "secretary-general-csto");
        add_meeting(&app, &token, "exp-2018-06-almaty", "EXP", "2018-06-05").await;
        add_meeting(&app, &token, "exp-2018-11-almaty", "EXP", "2018-11-20").await;

        let (_, june) = app.get("/api/v1/meetings/exp-2018-06-almaty", None).await;
        assert_eq!(en(&june["chair"]["person"]["name"]), "Yuri Khachaturov", "{june}");
        assert_eq!(june["chair"]["source"], "derived");
        assert!(june["chair"].get("state").is_none(), "an office of the organisation represents no state");
        assert_eq!(june["chairing_state"], "KZ", "the organisation's chair is still named");
        let (_, november) = app.get("/api/v1/meetings/exp-2018-11-almaty", None).await;
        assert_eq!(en(&november["chair"]["person"]["name"]), "Valery Semerikov");
        assert_eq!(november["chair"]["person"]["acting"], true);

        // The rule and its post go together, and the post must exist.
        let (status, reply) = add_body(&app, &token, "EX2", json!({"chair_rule": "office"})).await;
        assert_error((status, &reply), 422, "invalid_chair_rule");
        let (status, reply) = add_body(&app, &token, "EX3", json!({"chair_post": "secretary-general-csto"})).await;
        assert_error((status, &reply), 422, "invalid_chair_rule");
        let (status, reply) = add_body(&app, &token, "EX4", json!({"chair_rule": "office", "chair_post": "no-such-post"})).await;
        assert_error((status, &reply), 422, "unknown_reference");
    }
}

on_both_engines! {
    async fn an_elected_chair_is_never_derived_and_is_recorded_on_the_meeting(app) {
        let token = app.token("officer").await;
        let (status, body) = add_body(&app, &token, "ELC", json!({"chair_rule": "election"})).await;
        assert_eq!(status, 201, "{body}");
        add_meeting(&app, &token, "elc-2018-06-almaty", "ELC", "2018-06-11").await;
        let (_, m) = app.get("/api/v1/meetings/elc-2018-06-almaty", None).await;
        assert!(m["chair"].is_null(), "no chair until one is recorded: {m}");
        let change = json!({
            "key": "elc-2018-06-almaty", "organisation": "CSTO", "body": "ELC", "kind": "regular", "city": "almaty",
            "starts_on": "2018-06-11", "ends_on": "2018-06-11", "mode": "in_person", "status": "held",
            "chair": "sergey-lavrov", "version": m["version"]
        });
        let (status, reply) = app.put(&format!("/api/v1/meetings/{}", m["id"]), &change, Some(&token)).await;
        assert_eq!(status, 200, "{reply}");
        let (_, m) = app.get("/api/v1/meetings/elc-2018-06-almaty", None).await;
        assert_eq!(en(&m["chair"]["person"]["name"]), "Sergey Lavrov");
        assert_eq!(m["chair"]["source"], "set");
    }
}

on_both_engines! {
    async fn a_document_is_referred_to_the_second_of_two_higher_bodies_and_never_to_a_body_that_is_not_one(app) {
        let token = app.token("officer").await;
        let cfm = record(&app, "bodies", "code", "CFM", &token).await;
        assert_eq!(cfm["parents"], json!(["CSC"]), "the demo's `parent` reads as a list of one");
        add_meeting(&app, &token, "pc-2018-09-almaty", "PC", "2018-09-20").await;
        add_meeting(&app, &token, "cdm-2018-09-almaty", "CDM", "2018-09-21").await;
        let inf = record(&app, "documents", "key", "cfm-2018-inf-statement", &token).await;
        let refer = |meeting: &str| json!({"meeting": meeting});
        // After the INF statement's adoption (a referral follows what it refers); tokens last 90 days.
        app.clock.set("2018-09-01T00:00:00Z".parse().unwrap());
        let token = app.token("officer").await;
        let path = format!("/api/v1/documents/{}/referrals", inf["id"]);

        // While the CFM has one higher body, the Permanent Council is not one of them.
        let (status, reply) = app.post(&path, &refer("pc-2018-09-almaty"), Some(&token)).await;
        assert_error((status, &reply), 422, "not_a_higher_body");
        assert!(reply["error"]["message"].as_str().unwrap().contains("CSC"), "names the higher bodies: {reply}");

        let mut change = as_change(&cfm);
        change["parents"] = json!(["CSC", "PC"]);
        let (status, stored) = app.put(&format!("/api/v1/bodies/{}", cfm["id"]), &change, Some(&token)).await;
        assert_eq!(status, 200, "{stored}");
        assert_eq!(stored["parents"], json!(["CSC", "PC"]));
        let (status, reply) = app.post(&path, &refer("cdm-2018-09-almaty"), Some(&token)).await;
        assert_error((status, &reply), 422, "not_a_higher_body");
        let (status, doc) = app.post(&path, &refer("pc-2018-09-almaty"), Some(&token)).await;
        assert_eq!(status, 201, "{doc}");
        assert_eq!(doc["status"], "referred");
        assert_eq!(doc["referrals"][0]["body"], "PC");
        assert_eq!(doc["path"].as_array().unwrap().last().unwrap()["step"], "referred");

        // A higher body named twice, an unknown one, or both `parent` and `parents`, is refused.
        let mut twice = as_change(&stored);
        twice["parents"] = json!(["PC", "PC"]);
        let (status, reply) = app.put(&format!("/api/v1/bodies/{}", cfm["id"]), &twice, Some(&token)).await;
        assert_error((status, &reply), 422, "invalid_parents");
        let mut unknown = as_change(&stored);
        unknown["parents"] = json!(["CSC", "XYZ"]);
        let (status, reply) = app.put(&format!("/api/v1/bodies/{}", cfm["id"]), &unknown, Some(&token)).await;
        assert_error((status, &reply), 422, "unknown_reference");
        let mut both = as_change(&stored);
        both["parent"] = json!("CSC");
        let (status, _) = app.put(&format!("/api/v1/bodies/{}", cfm["id"]), &both, Some(&token)).await;
        assert_eq!(status, 422);
        // A higher body still named in a list is not deleted.
        let pc = record(&app, "bodies", "code", "PC", &token).await;
        let (status, reply) = app.delete(&format!("/api/v1/bodies/{}?version={}", pc["id"], pc["version"]), Some(&token)).await;
        assert_eq!(status, 409, "{reply}");
    }
}

on_both_engines! {
    async fn a_preparatory_body_agrees_a_draft_the_ministers_approve_and_submit_it_and_the_page_shows_the_whole_path(app) {
        let token = app.token("officer").await;
        let (status, cnc) = add_body(&app, &token, "CNC", json!({"prepares_for": "CFM", "representative_role": "national_coordinator"})).await;
        assert_eq!(status, 201, "{cnc}");
        assert_eq!(cnc["prepares_for"], "CFM");
        add_meeting(&app, &token, "cnc-2018-06-almaty", "CNC", "2018-06-10").await;
        let id = circulated(&app, &token, "cfm-2018-prepared-statement").await;

        // The national coordinators agree it at their meeting: the document is agreed, by them, there.
        app.clock.set("2018-06-10T08:00:00Z".parse().unwrap());
        let at_cnc = item(&app, &token, "cnc-2018-06-almaty", 1, "cfm-2018-prepared-statement").await;
        let (status, decided) = app.post(&format!("/api/v1/agenda-items/{at_cnc}/outcome"), &json!({"outcome": "agreed"}), Some(&token)).await;
        assert_eq!(status, 200, "{decided}");
        let (_, doc) = app.get(&format!("/api/v1/documents/{id}"), None).await;
        assert_eq!(doc["status"], "agreed", "it now awaits the ministers");
        let agreed = &doc["path"][0];
        assert_eq!(agreed["step"], "agreed");
        assert_eq!(agreed["meeting"], "cnc-2018-06-almaty");
        assert_eq!(agreed["body"], "CNC");
        assert_eq!(agreed["to"], "CFM");
        assert_eq!(agreed["at"], "2018-06-10T08:00:00Z");
        assert!(doc["outcome"].is_null(), "agreement is no adoption");

        // The ministers approve it and submit it to the heads of state, instead of adopting it.
        app.clock.set("2018-06-11T06:00:00Z".parse().unwrap());
        let at_cfm = item(&app, &token, "cfm-2018-06-almaty", 13, "cfm-2018-prepared-statement").await;
        let outcome = format!("/api/v1/agenda-items/{at_cfm}/outcome");
        let (status, reply) = app.post(&outcome, &json!({"outcome": "approved"}), Some(&token)).await;
        assert_error((status, &reply), 422, "submitted_to_required");
        let (status, reply) = app.post(&outcome, &json!({"outcome": "adopted", "submitted_to": "csc-2018-11-astana"}), Some(&token)).await;
        assert_error((status, &reply), 422, "invalid_outcome");
        let (status, decided) = app.post(&outcome, &json!({"outcome": "approved", "submitted_to": "csc-2018-11-astana"}), Some(&token)).await;
        assert_eq!(status, 200, "{decided}");
        let (_, doc) = app.get(&format!("/api/v1/documents/{id}"), None).await;
        assert_eq!(doc["status"], "referred");
        assert!(doc["outcome"].is_null(), "approved, not adopted");
        assert!(doc["symbol"].as_str().unwrap().starts_with("CSTO/CFM/2018/STM/"), "{doc}");
        assert_eq!(doc["referrals"][0]["meeting"], "csc-2018-11-astana");
        let (_, almaty) = app.get("/api/v1/meetings/cfm-2018-06-almaty", None).await;
        let shown = almaty["agenda"]["items"].as_array().unwrap().iter().find(|i| i["id"] == at_cfm).unwrap().clone();
        assert_eq!(shown["outcome"], "approved");
        assert_eq!(shown["submitted_to"], "csc-2018-11-astana");

        // The heads of state adopt it in Astana.
        app.clock.set("2018-11-08T06:00:00Z".parse().unwrap());
        let token = app.token("officer").await;
        let csc_item = doc["referrals"][0]["agenda_item"].as_i64().unwrap();
        let (status, _) = app.post(&format!("/api/v1/agenda-items/{csc_item}/outcome"), &json!({"outcome": "adopted"}), Some(&token)).await;
        assert_eq!(status, 200);
        let (_, doc) = app.get(&format!("/api/v1/documents/{id}"), None).await;
        let steps: Vec<(&str, &str, &str)> = doc["path"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["step"].as_str().unwrap(), s["body"].as_str().unwrap(), s["meeting"].as_str().unwrap()))
            .collect();
        assert_eq!(
            steps,
            [
                ("agreed", "CNC", "cnc-2018-06-almaty"),
                ("approved", "CFM", "cfm-2018-06-almaty"),
                ("referred", "CSC", "csc-2018-11-astana"),
                ("decided", "CSC", "csc-2018-11-astana"),
            ]
        );
        assert_eq!(doc["path"][1]["to"], "CSC");
        assert_eq!(doc["path"][3]["outcome"], "adopted");

        let (status, html) = app.page(&format!("/documents/{id}")).await;
        assert_eq!(status, 200);
        for words in [
            "Agreed by the Body CNC at its meeting (Almaty, 10 June 2018) and sent on to the Council of Foreign Ministers",
            "Approved by the Council of Foreign Ministers at its meeting (Almaty, 11 June 2018) and submitted to the \
             Collective Security Council",
            "Referred to the Collective Security Council (Astana, 8 November 2018)",
            "Decided by the Collective Security Council at its meeting (Astana, 8 November 2018): Adopted",
        ] {
            assert!(html.contains(words), "the page names bodies and meetings, not codes and keys: `{words}`");
        }
        for key in ["cnc-2018-06-almaty", "cfm-2018-06-almaty", "csc-2018-11-astana"] {
            assert!(!html.contains(&format!("({key})")), "no meeting is named by its key: {key}");
        }
        let (status, public) = app.page(&format!("/documents/{id}?lang=ru")).await;
        assert_eq!(status, 200);
        assert!(public.contains("Прохождение через органы"), "the path is shown in Russian too");
        for words in [
            "Одобрено: Совет министров иностранных дел, заседание (Алматы, 11 июня 2018 г.); представлено: Совет \
             коллективной безопасности",
            "Передано: Совет коллективной безопасности (Астана, 8 ноября 2018 г.)",
        ] {
            assert!(public.contains(words), "the Russian page names them too: `{words}`");
        }
    }
}

on_both_engines! {
    async fn an_objection_blocks_agreement_at_a_preparatory_meeting_and_approval_goes_only_to_a_higher_body(app) {
        let token = app.token("officer").await;
        let (status, _) = add_body(&app, &token, "CNC", json!({"prepares_for": "CFM"})).await;
        assert_eq!(status, 201);
        add_meeting(&app, &token, "cnc-2018-06-almaty", "CNC", "2018-06-10").await;
        add_meeting(&app, &token, "pc-2018-09-almaty", "PC", "2018-09-20").await;
        let id = circulated(&app, &token, "cfm-2018-objected-statement").await;
        let (status, doc) = app
            .post(&format!("/api/v1/documents/{id}/positions"), &json!({"state": "AM", "position": "objection", "text": "No."}), Some(&token))
            .await;
        assert_eq!(status, 200, "{doc}");
        let at_cnc = item(&app, &token, "cnc-2018-06-almaty", 1, "cfm-2018-objected-statement").await;
        let (status, reply) = app.post(&format!("/api/v1/agenda-items/{at_cnc}/outcome"), &json!({"outcome": "agreed"}), Some(&token)).await;
        assert_error((status, &reply), 409, "consensus_blocked");
        assert!(reply["error"]["message"].as_str().unwrap().contains("AM"), "{reply}");
        let (_, doc) = app.get(&format!("/api/v1/documents/{id}"), None).await;
        assert_eq!(doc["path"], json!([]), "nothing was recorded");

        let id = circulated(&app, &token, "cfm-2018-approved-statement").await;
        let at_cfm = item(&app, &token, "cfm-2018-06-almaty", 13, "cfm-2018-approved-statement").await;
        let (status, reply) = app
            .post(&format!("/api/v1/agenda-items/{at_cfm}/outcome"), &json!({"outcome": "approved", "submitted_to": "pc-2018-09-almaty"}), Some(&token))
            .await;
        assert_error((status, &reply), 422, "not_a_higher_body");
        let (_, doc) = app.get(&format!("/api/v1/documents/{id}"), None).await;
        assert_eq!(doc["status"], "circulated", "nothing was written");
        assert_eq!(doc["referrals"], json!([]));
    }
}
