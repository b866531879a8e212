//! Membership on the day of the act: kinds of membership per organisation, a body's own seats, and refusals that
//! name the real reason, whatever the clock says today.

use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::{json, Value};

use crate::support::{as_change, assert_error};

const MEMBERS: [&str; 6] = ["AM", "BY", "KZ", "KG", "RU", "TJ"];

/// A circulated statement of the CFM, sponsored by the Secretariat, as the officer writes it.
async fn circulated(app: &TestApp, officer: &str, key: &str) -> i64 {
    let draft = json!({
        "key": key, "organisation": "CSTO", "body": "CFM", "kind": "statement",
        "title": {"en": format!("Statement {key}")}, "sponsors": ["secretariat"], "original_language": "ru",
        "visibility": "members", "texts": {"ru": "Министры заявляют", "en": "The ministers state"}
    });
    let (status, doc) = app.post("/api/v1/documents", &draft, Some(officer)).await;
    assert_eq!(status, 201, "{doc}");
    let id = doc["id"].as_i64().unwrap();
    let (status, doc) =
        app.post(&format!("/api/v1/documents/{id}/transitions"), &json!({"to": "circulated"}), Some(officer)).await;
    assert_eq!(status, 200, "{doc}");
    id
}

/// A position recorded by the Secretariat on a state's behalf.
async fn position(app: &TestApp, officer: &str, id: i64, state: &str, position: &str) -> (u16, Value) {
    let body = match position {
        "objection" => json!({"state": state, "position": position, "text": "not ready"}),
        _ => json!({"state": state, "position": position}),
    };
    app.post(&format!("/api/v1/documents/{id}/positions"), &body, Some(officer)).await
}

async fn create(app: &TestApp, officer: &str, collection: &str, body: Value) -> Value {
    let (status, created) = app.post(&format!("/api/v1/{collection}"), &body, Some(officer)).await;
    assert_eq!(status, 201, "{collection}: {created}");
    created
}

on_both_engines! {
    async fn an_observer_on_the_meetings_day_takes_no_position_and_does_not_count_though_a_member_today(app) {
        let officer = app.token("officer").await;
        create(&app, &officer, "states", json!({"code": "RS", "name": {"en": "Serbia", "ru": "Сербия"}})).await;
        create(&app, &officer, "memberships", json!({"organisation": "CSTO", "state": "RS", "kind": "observer", "from": "2013-04-11", "to": "2020-12-31"})).await;
        create(&app, &officer, "memberships", json!({"organisation": "CSTO", "state": "RS", "kind": "member", "from": "2021-01-01"})).await;
        let id = circulated(&app, &officer, "almaty-statement").await;
        let (status, item) = app.post("/api/v1/agenda-items", &json!({"meeting": "cfm-2018-06-almaty", "number": 13,
            "title": {"en": "The statement"}, "kind": "decision", "visibility": "members", "documents": ["almaty-statement"]}), Some(&officer)).await;
        assert_eq!(status, 201, "{item}");
        let item = item["id"].as_i64().unwrap();

        // Years later, Serbia is a member; the session of 11 June 2018 is keyed in now.
        app.clock.set("2030-03-01T09:00:00Z".parse().unwrap());
        let officer = app.token("officer").await;
        let refused = position(&app, &officer, id, "RS", "support").await;
        assert_error((refused.0, &refused.1), 422, "takes_no_position");
        assert_eq!(refused.1["error"]["message"], "Serbia is an observer on 11 June 2018: an observer takes no position");
        for state in MEMBERS {
            let (status, doc) = position(&app, &officer, id, state, "support").await;
            assert_eq!(status, 200, "{state}: {doc}");
        }
        let (_, doc) = app.get(&format!("/api/v1/documents/{id}"), Some(&officer)).await;
        assert_eq!(doc["consensus"]["pending"], json!([]), "Serbia is not awaited: {doc}");
        let (status, doc) = app.post(&format!("/api/v1/documents/{id}/transitions"), &json!({"to": "agreed"}), Some(&officer)).await;
        assert_eq!(status, 200, "agreement does not wait for Serbia: {doc}");
        let (status, decided) = app.post(&format!("/api/v1/agenda-items/{item}/outcome"), &json!({"outcome": "adopted"}), Some(&officer)).await;
        assert_eq!(status, 200, "{decided}");

        // Moving the clock again changes nothing that was decided, nor who could take part in it.
        let (_, before) = app.get(&format!("/api/v1/documents/{id}"), Some(&officer)).await;
        assert_eq!(before["status"], "adopted");
        assert_eq!(before["consensus"]["adoptable"], true);
        app.clock.set("2045-01-01T00:00:00Z".parse().unwrap());
        let officer = app.token("officer").await;
        let (_, after) = app.get(&format!("/api/v1/documents/{id}"), Some(&officer)).await;
        assert_eq!(after, before);
        app.clock.set("2018-06-01T06:00:00Z".parse().unwrap());
        let officer = app.token("officer").await;
        let (_, back) = app.get(&format!("/api/v1/documents/{id}"), Some(&officer)).await;
        assert_eq!(back, before);
    }
}

on_both_engines! {
    async fn a_state_that_left_is_refused_with_the_day_it_left_and_an_objection_under_silence_too(app) {
        let officer = app.token("officer").await;
        create(&app, &officer, "states", json!({"code": "GE", "name": {"en": "Georgia", "ru": "Грузия"}})).await;
        create(&app, &officer, "memberships", json!({"organisation": "CSTO", "state": "GE", "kind": "member", "from": "1994-04-20", "to": "1999-04-02"})).await;
        let id = circulated(&app, &officer, "left-statement").await;
        let (status, err) = position(&app, &officer, id, "GE", "support").await;
        assert_error((status, &err), 422, "not_a_member_on_the_day");
        assert_eq!(err["error"]["message"], "Georgia left the CSTO on 2 April 1999; the day of the act is 1 June 2018");

        let (status, silence) = app.post(&format!("/api/v1/documents/{id}/silence"), &json!({"deadline": "2018-06-05T18:00:00+06:00"}), Some(&officer)).await;
        assert_eq!(status, 201, "{silence}");
        let (status, err) = app.post(&format!("/api/v1/silence/{}/objections", silence["id"]), &json!({"state": "GE", "text": "no"}), Some(&officer)).await;
        assert_error((status, &err), 422, "not_a_member_on_the_day");
    }
}

on_both_engines! {
    async fn a_configured_kind_beyond_the_four_takes_positions_and_counts_and_an_unknown_kind_is_refused(app) {
        let officer = app.token("officer").await;
        let (_, csto) = app.get("/api/v1/organisations/CSTO", None).await;
        let participating = json!({"kind": "participating", "takes_positions": true, "counts_in_consensus": true,
            "name": {"en": "participating State", "ru": "государство-участник"}});

        // Kinds that drop `member`, still named by the six memberships, are refused.
        let mut change = as_change(&csto);
        change["membership_kinds"] = json!([participating]);
        let (status, err) = app.put(&format!("/api/v1/organisations/{}", csto["id"]), &change, Some(&officer)).await;
        assert_error((status, &err), 409, "membership_kind_in_use");
        change["membership_kinds"] = json!([{"kind": "member", "takes_positions": true, "counts_in_consensus": true},
            {"kind": "observer", "takes_positions": false, "counts_in_consensus": false}, participating, participating]);
        let (status, err) = app.put(&format!("/api/v1/organisations/{}", csto["id"]), &change, Some(&officer)).await;
        assert_error((status, &err), 422, "duplicate_membership_kind");
        change["membership_kinds"] = json!([{"kind": "member", "takes_positions": true, "counts_in_consensus": true},
            {"kind": "observer", "takes_positions": false, "counts_in_consensus": false}, participating]);
        let (status, changed) = app.put(&format!("/api/v1/organisations/{}", csto["id"]), &change, Some(&officer)).await;
        assert_eq!(status, 200, "{changed}");
        assert_eq!(changed["membership_kinds"][2]["kind"], "participating");

        create(&app, &officer, "states", json!({"code": "AT", "name": {"en": "Austria"}})).await;
        let (status, err) = app.post("/api/v1/memberships", &json!({"organisation": "CSTO", "state": "AT", "kind": "partner", "from": "2018-01-01"}), Some(&officer)).await;
        assert_error((status, &err), 422, "unknown_membership_kind");
        assert!(err["error"]["message"].as_str().unwrap().contains("`partner`"), "{err}");
        create(&app, &officer, "memberships", json!({"organisation": "CSTO", "state": "AT", "kind": "participating", "from": "2018-01-01"})).await;

        let id = circulated(&app, &officer, "participating-statement").await;
        let (status, doc) = position(&app, &officer, id, "AT", "support").await;
        assert_eq!(status, 200, "{doc}");
        assert_eq!(doc["consensus"]["pending"], json!(["AM", "BY", "KZ", "KG", "RU", "TJ"]));
        let (status, doc) = position(&app, &officer, id, "AT", "objection").await;
        assert_eq!(status, 200, "{doc}");
        assert_eq!(doc["consensus"]["blocked_by"], json!(["AT"]), "a participating State counts: {doc}");

        // The organisation page names the configured kind in the reader's language, a built-in one by its message.
        let (status, page) = app.page("/organisations/CSTO?lang=ru").await;
        assert_eq!(status, 200);
        assert!(page.contains("государство-участник"), "{page}");
        assert!(page.contains("член"), "{page}");
        let (_, page) = app.page("/organisations/CSTO?lang=en").await;
        assert!(page.contains("participating State"), "{page}");
    }
}

on_both_engines! {
    async fn a_body_whose_composition_differs_from_the_organisations_counts_only_its_own_seats(app) {
        let officer = app.token("officer").await;
        for state in ["RU", "KZ", "BY"] {
            create(&app, &officer, "seats", json!({"organisation": "CSTO", "body": "CFM", "state": state, "kind": "member", "from": "2002-10-07"})).await;
        }
        let (status, err) = app.post("/api/v1/seats", &json!({"organisation": "CSTO", "body": "CFM", "state": "AM", "kind": "associate"}), Some(&officer)).await;
        assert_error((status, &err), 422, "unknown_membership_kind");
        let (status, err) = app.post("/api/v1/seats", &json!({"organisation": "CSTO", "body": "NOPE", "state": "AM", "kind": "member"}), Some(&officer)).await;
        assert_error((status, &err), 422, "unknown_reference");
        let (status, seats) = app.get("/api/v1/seats?body=CFM", None).await;
        assert_eq!(status, 200);
        assert_eq!(seats["items"].as_array().unwrap().len(), 3, "{seats}");

        let id = circulated(&app, &officer, "seated-statement").await;
        let (status, err) = position(&app, &officer, id, "AM", "objection").await;
        assert_error((status, &err), 422, "not_a_member_on_the_day");
        assert_eq!(err["error"]["message"], "Armenia is not part of the CFM on 1 June 2018");
        for state in ["RU", "KZ", "BY"] {
            let (status, doc) = position(&app, &officer, id, state, "support").await;
            assert_eq!(status, 200, "{state}: {doc}");
        }
        let (status, doc) = app.post(&format!("/api/v1/documents/{id}/transitions"), &json!({"to": "agreed"}), Some(&officer)).await;
        assert_eq!(status, 200, "the CFM's three seats agreed: {doc}");
        assert_eq!(doc["consensus"]["pending"], json!([]));
    }
}

on_both_engines! {
    async fn a_delegate_s_start_page_awaits_her_position_only_where_her_state_takes_part_in_the_body(app) {
        let officer = app.token("officer").await;
        // The CFM seats Russia and Belarus alone: Kazakhstan takes no position on its documents.
        for state in ["RU", "BY"] {
            create(&app, &officer, "seats", json!({"organisation": "CSTO", "body": "CFM", "state": state, "kind": "member", "from": "2002-10-07"})).await;
        }
        circulated(&app, &officer, "seated-for-two").await;
        let awaiting = |html: &str| {
            let from = html.find("id=\"awaiting\"").map_or(html.len(), |i| i);
            let to = html[from..].find("</section>").map_or(html.len(), |i| from + i);
            html[from..to].to_owned()
        };
        let (ru, kz) = (app.token("delegate-ru").await, app.token("delegate-kz").await);
        let (status, start) = crate::support::page_as(&app, "/?lang=en", &ru).await;
        assert_eq!(status, 200);
        assert!(awaiting(&start).contains("Statement seated-for-two"), "Russia's position is awaited: {start}");
        let (status, start) = crate::support::page_as(&app, "/?lang=en", &kz).await;
        assert_eq!(status, 200);
        assert!(!awaiting(&start).contains("Statement seated-for-two"), "Kazakhstan's is not: {}", awaiting(&start));
        let (_, doc) = app.get("/api/v1/documents/seated-for-two", Some(&kz)).await;
        assert_eq!(doc["consensus"]["pending"], json!(["RU", "BY"]), "as the consensus rule judges it: {doc}");
    }
}
