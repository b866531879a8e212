//! Recorded acts on their own day: a session of 2020 keyed in years later keeps its 2020 instants and symbols in
//! the API, on the pages and in the export; an act in the future, before what it follows, or dated by a delegate
//! is refused.

use secretariat_core::account::{AccountRole, Actor};
use secretariat_core::domain::StateCode;
use secretariat_core::store::Store;
use secretariat_testkit::{on_both_engines, TestApp, PASSWORD};
use serde_json::{json, Value};

use crate::support::assert_error;

const MEMBERS: [&str; 6] = ["AM", "BY", "KZ", "KG", "RU", "TJ"];

/// Moscow, and the CFM of 1 December 2020 and the Collective Security Council of 2 December 2020 held there by
/// videoconference (CSTO press releases of those days).
async fn moscow_2020(app: &TestApp, officer: &str) -> (i64, i64) {
    let city = json!({"key": "moscow", "state": "RU", "time_zone": "Europe/Moscow",
        "names": [{"name": {"en": "Moscow", "ru": "Москва"}}]});
    let (status, body) = app.post("/api/v1/cities", &city, Some(officer)).await;
    assert_eq!(status, 201, "{body}");
    let mut ids = Vec::new();
    for (key, body, day) in [("cfm-2020-12-moscow", "CFM", "2020-12-01"), ("csc-2020-12-moscow", "CSC", "2020-12-02")] {
        let meeting = json!({"key": key, "organisation": "CSTO", "body": body, "kind": "regular", "city": "moscow",
            "starts_on": day, "ends_on": day, "mode": "online", "status": "held"});
        let (status, m) = app.post("/api/v1/meetings", &meeting, Some(officer)).await;
        assert_eq!(status, 201, "{m}");
        ids.push(m["id"].as_i64().unwrap());
    }
    (ids[0], ids[1])
}

fn statement(key: &str, at: &str) -> Value {
    json!({"key": key, "organisation": "CSTO", "body": "CFM", "kind": "statement",
        "title": {"en": format!("Statement {key}"), "ru": format!("Заявление {key}")},
        "sponsors": ["secretariat"], "original_language": "ru", "visibility": "public",
        "texts": {"ru": "Министры иностранных дел заявляют", "en": "The foreign ministers state"}, "at": at})
}

async fn ok(app: &TestApp, path: &str, body: Value, token: &str) -> Value {
    let (status, answer) = app.post(path, &body, Some(token)).await;
    assert!(status == 200 || status == 201, "{path}: {status} {answer}");
    answer
}

/// A statement tabled, circulated, agreed by every member in November 2020 and adopted at the CFM of 1 December.
async fn adopted_in_2020(app: &TestApp, officer: &str, key: &str, number: u16) -> Value {
    let doc = ok(app, "/api/v1/documents", statement(key, "2020-11-10"), officer).await;
    let id = doc["id"].as_i64().unwrap();
    ok(
        app,
        &format!("/api/v1/documents/{id}/transitions"),
        json!({"to": "circulated", "at": "2020-11-12T10:00:00+03:00"}),
        officer,
    )
    .await;
    for state in MEMBERS {
        let body = json!({"state": state, "position": "support", "at": "2020-11-20"});
        ok(app, &format!("/api/v1/documents/{id}/positions"), body, officer).await;
    }
    ok(app, &format!("/api/v1/documents/{id}/transitions"), json!({"to": "agreed", "at": "2020-11-25"}), officer).await;
    let item = json!({"meeting": "cfm-2020-12-moscow", "number": number, "title": {"en": format!("Adoption of {key}")},
        "kind": "decision", "visibility": "public", "documents": [key]});
    let item = ok(app, "/api/v1/agenda-items", item, officer).await;
    let outcome = json!({"outcome": "adopted", "at": "2020-12-01T12:00:00+03:00"});
    ok(app, &format!("/api/v1/agenda-items/{}/outcome", item["id"]), outcome, officer).await;
    app.get(&format!("/api/v1/documents/{id}"), Some(officer)).await.1
}

fn year_of(v: &Value) -> &str {
    &v.as_str().unwrap_or_else(|| panic!("not an instant: {v}"))[..4]
}

on_both_engines! {
    async fn a_2020_session_entered_today_shows_its_2020_dates_and_symbols(app) {
        app.clock.set("2026-12-02T09:00:00Z".parse().unwrap());
        let officer = app.token("officer").await;
        let (cfm, _) = moscow_2020(&app, &officer).await;
        let doc = adopted_in_2020(&app, &officer, "cfm-2020-statement", 1).await;
        let agenda = json!({"at": "2020-12-01T10:00:00+03:00"});
        let agenda = ok(&app, &format!("/api/v1/meetings/{cfm}/agenda/adoption"), agenda, &officer).await;
        assert_eq!(agenda["adopted_at"], "2020-12-01T07:00:00Z");
        let id = doc["id"].as_i64().unwrap();
        assert_eq!(doc["symbol"], "CSTO/CFM/2020/STM/1", "numbered in the year it was circulated");
        assert_eq!(doc["revisions"][0]["created_at"], "2020-11-10T00:00:00Z", "a bare day elsewhere than at a meeting is its start in UTC");
        assert_eq!(doc["outcome"]["adopted_at"], "2020-12-01T09:00:00Z");
        assert_eq!(doc["outcome"]["meeting"], "cfm-2020-12-moscow");
        assert!(doc["positions"].as_array().unwrap().iter().all(|p| p["at"] == "2020-11-20T00:00:00Z"), "{}", doc["positions"]);

        // Referred the same day to the heads of state, who decided by written procedure ten days later.
        let doc = ok(&app, &format!("/api/v1/documents/{id}/referrals"), json!({"meeting": "csc-2020-12-moscow", "at": "2020-12-01T15:00:00+03:00"}), &officer).await;
        let referral = doc["referrals"][0]["id"].as_i64().unwrap();
        assert_eq!(doc["referrals"][0]["referred_at"], "2020-12-01T12:00:00Z");
        let (status, err) = app.post(&format!("/api/v1/referrals/{referral}/outcome"), &json!({"outcome": "adopted"}), Some(&officer)).await;
        assert_error((status, &err), 422, "at_required");
        let doc = ok(&app, &format!("/api/v1/referrals/{referral}/outcome"), json!({"outcome": "adopted", "at": "2020-12-10"}), &officer).await;
        assert_eq!(doc["status"], "referred");
        assert_eq!(doc["referrals"][0]["outcome"], "adopted");
        assert_eq!(doc["referrals"][0]["decided_at"], "2020-12-10T00:00:00Z");
        assert_eq!(doc["referrals"][0]["decided_by"], "written_procedure");

        // A second statement is decided at the Council's own meeting, on its day in Moscow.
        let second = adopted_in_2020(&app, &officer, "cfm-2020-second", 2).await;
        assert_eq!(second["symbol"], "CSTO/CFM/2020/STM/2");
        let second_id = second["id"].as_i64().unwrap();
        let second = ok(&app, &format!("/api/v1/documents/{second_id}/referrals"), json!({"meeting": "csc-2020-12-moscow", "at": "2020-12-01"}), &officer).await;
        assert_eq!(second["referrals"][0]["referred_at"], "2020-12-01T09:00:00Z", "a bare day comes after the adoption it follows that day");
        let csc_item = second["referrals"][0]["agenda_item"].as_i64().unwrap();
        ok(&app, &format!("/api/v1/agenda-items/{csc_item}/outcome"), json!({"outcome": "adopted", "at": "2020-12-02"}), &officer).await;
        let (_, second) = app.get(&format!("/api/v1/documents/{second_id}"), None).await;
        assert_eq!(second["referrals"][0]["decided_at"], "2020-12-01T21:00:00Z", "the start of 2 December in Moscow");
        assert_eq!(second["referrals"][0]["decided_by"], "meeting");

        // The meeting in the API: its items' outcomes on the meeting's day.
        let (_, meeting) = app.get(&format!("/api/v1/meetings/{cfm}"), None).await;
        assert_eq!(meeting["agenda"]["adopted_at"], "2020-12-01T07:00:00Z");
        for item in meeting["agenda"]["items"].as_array().unwrap() {
            assert_eq!(item["outcome_at"], "2020-12-01T09:00:00Z", "{item}");
        }

        // The pages: 2020 dates and symbols, and nothing of the day they were entered.
        let (status, page) = app.page(&format!("/documents/{id}")).await;
        assert_eq!(status, 200);
        for shown in ["CSTO/CFM/2020/STM/1", "1 December 2020", "10 December 2020", "20 November 2020", "written procedure"] {
            assert!(page.contains(shown), "the document page shows {shown}");
        }
        assert!(!page.contains("2026"), "the document page shows no date of entry");
        let (status, page) = app.page(&format!("/meetings/{cfm}")).await;
        assert_eq!(status, 200);
        assert!(page.contains("1 December 2020"), "the meeting page shows the outcomes' day");
        assert!(page.contains("CSTO/CFM/2020/STM/2"));

        // The export keeps the instants the acts happened.
        let export = serde_json::to_value(app.app.export().await.unwrap()).unwrap();
        let exported = export["documents"].as_array().unwrap().iter().find(|d| d["document"]["key"] == "cfm-2020-statement").unwrap();
        assert_eq!(exported["symbol"], "CSTO/CFM/2020/STM/1");
        assert_eq!(year_of(&exported["outcome"]["at"]), "2020");
        assert_eq!(year_of(&exported["revisions"][0]["created_at"]), "2020");
        assert!(exported["positions"].as_array().unwrap().iter().all(|p| year_of(&p["at"]) == "2020"));
        assert_eq!(year_of(&exported["referrals"][0]["referred_at"]), "2020");
        assert_eq!(year_of(&exported["referrals"][0]["decided_at"]), "2020");
        assert_eq!(exported["referrals"][0]["decided_by"], "written_procedure");

        // The audit entry keeps both instants, and the chain still verifies.
        let entries = app.store.audit_entries(Some(&format!("document:{id}")), None).await.unwrap();
        let referred = entries.iter().find(|e| e.action == "referral_decided").unwrap();
        assert_eq!(referred.at_us, "2026-12-02T09:00:00Z".parse::<jiff::Timestamp>().unwrap().as_microsecond());
        assert_eq!(referred.occurred_at_us, Some("2020-12-10T00:00:00Z".parse::<jiff::Timestamp>().unwrap().as_microsecond()));
        assert!(matches!(app.app.verify_audit().await, Ok(Ok(_))), "the chain covers the instants acts occurred");
        assert_eq!(year_of(&export["adopted_agendas"].as_array().unwrap().iter().find(|a| a["meeting"] == "cfm-2020-12-moscow").unwrap()["adopted_at"]), "2020");
    }
}

on_both_engines! {
    async fn an_act_in_the_future_before_what_it_follows_or_dated_by_a_delegate_is_refused(app) {
        app.clock.set("2026-12-02T09:00:00Z".parse().unwrap());
        let officer = app.token("officer").await;
        app.app.add_account(&Actor::system(), "delegate-am", PASSWORD, AccountRole::Delegate, Some(StateCode::parse("AM").unwrap()), false).await.unwrap();
        let armenia = app.token("delegate-am").await;
        let (cfm, _) = moscow_2020(&app, &officer).await;
        let doc = ok(&app, "/api/v1/documents", statement("cfm-2020-refused", "2020-11-10"), &officer).await;
        let id = doc["id"].as_i64().unwrap();
        let transitions = format!("/api/v1/documents/{id}/transitions");

        let (status, err) = app.post(&transitions, &json!({"to": "circulated", "at": "2026-12-03"}), Some(&officer)).await;
        assert_error((status, &err), 422, "at_in_future");
        let (status, err) = app.post(&transitions, &json!({"to": "circulated", "at": "2020-11-09T23:59:59Z"}), Some(&officer)).await;
        assert_error((status, &err), 422, "at_out_of_order");
        assert!(err["error"]["message"].as_str().unwrap().contains("revision"), "{err}");
        let (status, err) = app.post(&transitions, &json!({"to": "circulated", "at": "12 November 2020"}), Some(&officer)).await;
        assert_error((status, &err), 422, "invalid_body");
        ok(&app, &transitions, json!({"to": "circulated", "at": "2020-11-12"}), &officer).await;

        let positions = format!("/api/v1/documents/{id}/positions");
        let (status, err) = app.post(&positions, &json!({"position": "support", "at": "2020-11-20"}), Some(&armenia)).await;
        assert_error((status, &err), 422, "at_not_allowed");
        let (status, err) = app.post(&positions, &json!({"state": "AM", "position": "support", "at": "2020-11-11"}), Some(&officer)).await;
        assert_error((status, &err), 422, "at_out_of_order");
        for state in MEMBERS {
            ok(&app, &positions, json!({"state": state, "position": "support", "at": "2020-11-20"}), &officer).await;
        }
        let (status, err) = app.post(&transitions, &json!({"to": "agreed", "at": "2020-11-19"}), Some(&officer)).await;
        assert_error((status, &err), 422, "at_out_of_order");

        let item = json!({"meeting": "cfm-2020-12-moscow", "number": 1, "title": {"en": "Adoption"},
            "kind": "decision", "visibility": "public", "documents": ["cfm-2020-refused"]});
        let item = ok(&app, "/api/v1/agenda-items", item, &officer).await;
        let outcome = format!("/api/v1/agenda-items/{}/outcome", item["id"]);
        let (status, err) = app.post(&outcome, &json!({"outcome": "adopted", "at": "2020-11-30T20:00:00Z"}), Some(&officer)).await;
        assert_error((status, &err), 422, "at_out_of_order");
        assert!(err["error"]["message"].as_str().unwrap().contains("opening of the meeting"), "{err}");
        let (status, err) = app.post(&format!("/api/v1/meetings/{cfm}/agenda/adoption"), &json!({"at": "2020-11-30"}), Some(&officer)).await;
        assert_error((status, &err), 422, "at_out_of_order");
        ok(&app, &outcome, json!({"outcome": "adopted", "at": "2020-12-01T12:00:00+03:00"}), &officer).await;

        let referrals = format!("/api/v1/documents/{id}/referrals");
        let (status, err) = app.post(&referrals, &json!({"meeting": "csc-2020-12-moscow", "at": "2020-12-01T08:59:59Z"}), Some(&officer)).await;
        assert_error((status, &err), 422, "at_out_of_order");
        assert!(err["error"]["message"].as_str().unwrap().contains("adoption"), "{err}");
        let doc = ok(&app, &referrals, json!({"meeting": "csc-2020-12-moscow", "at": "2020-12-01T15:00:00+03:00"}), &officer).await;
        let referral = doc["referrals"][0]["id"].as_i64().unwrap();
        let decide = format!("/api/v1/referrals/{referral}/outcome");
        let (status, err) = app.post(&decide, &json!({"outcome": "adopted", "at": "2020-11-30"}), Some(&officer)).await;
        assert_error((status, &err), 422, "at_out_of_order");
        let (status, err) = app.post(&decide, &json!({"outcome": "adopted", "meeting": "cfm-2020-12-moscow", "at": "2020-12-02"}), Some(&officer)).await;
        assert_error((status, &err), 422, "invalid_referral");
        let (status, err) = app.post(&decide, &json!({"outcome": "adopted", "at": "2020-12-02"}), Some(&armenia)).await;
        assert_error((status, &err), 403, "forbidden");
        ok(&app, &decide, json!({"outcome": "adopted", "meeting": "csc-2020-12-moscow", "at": "2020-12-02T11:00:00+03:00"}), &officer).await;
        let (status, err) = app.post(&decide, &json!({"outcome": "adopted", "at": "2020-12-03"}), Some(&officer)).await;
        assert_error((status, &err), 409, "referral_decided");
    }
}
