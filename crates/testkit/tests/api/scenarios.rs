//! Scenario files for many organisations: the CSTO and the OSCE in one database, round trips of what the API
//! records (silence procedures, objections, agenda outcomes) through export and import, and refusals that name
//! the record (a shared state recorded otherwise, a position of a state that was not a member on its day).

use std::collections::BTreeMap;

use secretariat_core::account::Actor;
use secretariat_core::domain::{Kind, Record, SilenceStatus, Viewer};
use secretariat_core::scenario::{Scenario, OSCE_2020};
use secretariat_core::store::{Filter, Store};
use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::{json, Value};

fn osce() -> Scenario {
    serde_json::from_str(OSCE_2020).unwrap()
}

fn osce_with(change: impl FnOnce(&mut Value)) -> Scenario {
    let mut file: Value = serde_json::from_str(OSCE_2020).unwrap();
    change(&mut file);
    serde_json::from_value(file).unwrap()
}

/// A scenario as sections of records in a fixed order, so that two databases that hold the same records under
/// other ids compare equal.
fn normalised(s: &Scenario) -> BTreeMap<String, Vec<String>> {
    let Value::Object(sections) = serde_json::to_value(s).unwrap() else { panic!("a scenario is an object") };
    sections
        .into_iter()
        .filter(|(name, _)| name != "notes" && name != "format")
        .map(|(name, list)| {
            let mut items: Vec<String> = list.as_array().unwrap().iter().map(Value::to_string).collect();
            items.sort();
            (name, items)
        })
        .collect()
}

async fn fresh(app: &TestApp) -> TestApp {
    TestApp::spawn(app.engine).await.expect("a second database of the same engine")
}

async fn almaty_item(app: &TestApp, number: u16) -> i64 {
    let mut filter = Filter::new(Viewer::Secretariat);
    filter.meeting = Some(app.almaty_id().await);
    let items = app.store.list(Kind::AgendaItem, &filter).await.unwrap();
    items.iter().find(|s| matches!(&s.record, Record::AgendaItem(i) if i.number == number)).unwrap().id
}

fn draft(key: &str) -> Value {
    json!({
        "key": key, "organisation": "CSTO", "body": "CFM", "kind": "statement",
        "title": {"en": format!("Statement {key}"), "ru": format!("Заявление {key}")},
        "sponsors": ["secretariat"], "original_language": "ru", "visibility": "public",
        "texts": {"ru": "Министры иностранных дел заявляют", "en": "The foreign ministers state"}
    })
}

on_both_engines! {
    async fn silence_procedures_objections_and_agenda_outcomes_recorded_through_the_api_survive_export_and_import(app) {
        let officer = app.token("officer").await;
        let kz = app.token("delegate-kz").await;
        let mut silences = Vec::new();
        for key in ["broken-by-kazakhstan", "adopted-by-silence"] {
            let (status, doc) = app.post("/api/v1/documents", &draft(key), Some(&officer)).await;
            assert_eq!(status, 201, "{doc}");
            let id = doc["id"].as_i64().unwrap();
            let (status, s) = app.post(&format!("/api/v1/documents/{id}/silence"), &json!({"deadline": "2018-06-02T06:00:00Z"}), Some(&officer)).await;
            assert_eq!(status, 201, "{s}");
            silences.push(s["id"].as_i64().unwrap());
        }
        let (status, broken) = app.post(&format!("/api/v1/silence/{}/objections", silences[0]), &json!({"kind": "amendment", "text": "Kazakhstan proposes a new paragraph"}), Some(&kz)).await;
        assert_eq!((status, broken["status"].as_str()), (201, Some("broken")), "{broken}");
        app.clock.set("2018-06-02T06:00:00Z".parse().unwrap());
        assert_eq!(app.app.close_due_silences().await.unwrap(), 1);
        let item = almaty_item(&app, 1).await;
        let (status, body) = app.post(&format!("/api/v1/agenda-items/{item}/outcome"), &json!({"outcome": "noted"}), Some(&officer)).await;
        assert_eq!(status, 200, "{body}");

        let exported = app.app.export().await.unwrap();
        let numbers: Vec<u16> = exported.agenda_outcomes.iter().map(|o| o.number).collect();
        assert_eq!(numbers, [1, 8], "the outcome of item 1 is in the export, beside the demo's of item 8");
        let documents: Vec<_> = exported.documents.iter().filter(|d| !d.silences.is_empty()).collect();
        assert_eq!(documents.len(), 2);
        assert_eq!(documents[0].silences[0].status, SilenceStatus::Broken);
        assert_eq!(documents[0].silences[0].received.len(), 1);
        assert_eq!(documents[0].silences[0].received[0].text, "Kazakhstan proposes a new paragraph");
        assert_eq!(documents[1].silences[0].status, SilenceStatus::Adopted);

        let second = fresh(&app).await;
        second.app.import(&Actor::system(), &exported).await.unwrap();
        assert_eq!(second.app.export().await.unwrap(), exported, "the export of the import is the export");
        let again = app.app.import(&Actor::system(), &exported).await.unwrap();
        assert_eq!((again.records, again.adopted_agendas), (0, 0), "everything is already recorded: {again:?}");
        assert_eq!(app.app.export().await.unwrap(), exported, "importing what is recorded changes nothing");
        second.stop().await;
    }
}

on_both_engines! {
    async fn an_export_of_the_csto_and_the_osce_imports_into_a_fresh_database_and_into_one_holding_either(app) {
        let report = app.app.import(&Actor::system(), &osce()).await.unwrap();
        assert_eq!(report.already_recorded, 16, "the six shared states, three people, three posts, three mandates and Kairat Abdrakhmanov's record: {report:?}");
        let both = app.app.export().await.unwrap();
        assert_eq!(both.organisations.len(), 2);
        assert_eq!(both.states.iter().filter(|s| s.code.as_str() == "RU").count(), 1, "a shared state is recorded once");

        let empty = fresh(&app).await;
        empty.app.import(&Actor::system(), &both).await.unwrap();
        assert_eq!(empty.app.export().await.unwrap(), both, "into a fresh database: exactly equal");
        empty.stop().await;

        let holding_osce = fresh(&app).await;
        holding_osce.app.import(&Actor::system(), &osce()).await.unwrap();
        let report = holding_osce.app.import(&Actor::system(), &both).await.unwrap();
        assert!(report.records > 0 && report.already_recorded > 0, "{report:?}");
        assert_eq!(normalised(&holding_osce.app.export().await.unwrap()), normalised(&both), "into one holding the OSCE: the same records");
        holding_osce.stop().await;

        let report = app.app.import(&Actor::system(), &both).await.unwrap();
        assert_eq!((report.records, report.adopted_agendas), (0, 0), "into one holding both: nothing new");
    }
}

on_both_engines! {
    async fn a_file_whose_shared_state_is_recorded_otherwise_is_refused_naming_the_record_and_the_field(app) {
        let before = app.app.export().await.unwrap();
        let file = osce_with(|f| {
            let ru = f["states"].as_array_mut().unwrap().iter_mut().find(|s| s["code"] == "RU").unwrap();
            ru["name"]["en"] = "Russian Federation".into();
        });
        let err = app.app.import(&Actor::system(), &file).await.unwrap_err();
        assert_eq!(err.code(), "scenario_conflict");
        assert_eq!(err.to_string(), r#"state RU: name.en differs: "Russia" in the database, "Russian Federation" in the file"#);
        assert_eq!(app.app.export().await.unwrap(), before, "nothing of the OSCE was written");

        let file = osce_with(|f| {
            let m = f["mandates"].as_array_mut().unwrap().iter_mut().find(|m| m["person"] == "vladimir-makei").unwrap();
            m["to"] = "2022-11-25".into();
        });
        let err = app.app.import(&Actor::system(), &file).await.unwrap_err();
        assert_eq!(err.code(), "scenario_conflict");
        assert_eq!(err.to_string(), r#"mandate vladimir-makei/foreign-minister-by/2012-08-20: to differs: "2022-11-26" in the database, "2022-11-25" in the file"#);
        assert_eq!(app.app.export().await.unwrap(), before);
    }
}

on_both_engines! {
    async fn an_imported_position_or_objection_of_a_state_that_was_not_a_member_on_its_day_is_refused(app) {
        let before = app.app.export().await.unwrap();
        let late_member = |f: &mut Value| {
            let al = f["memberships"].as_array_mut().unwrap().iter_mut().find(|m| m["state"] == "AL").unwrap();
            al["from"] = "2021-01-01".into();
        };
        let file = osce_with(|f| {
            late_member(f);
            f["documents"][1]["positions"] = json!([{"revision": 0, "state": "AL", "position": "support", "at": "2020-12-04T16:00:00Z"}]);
        });
        let err = app.app.import(&Actor::system(), &file).await.unwrap_err();
        assert_eq!(err.code(), "not_a_member_on_the_day");
        assert!(err.to_string().contains("Albania joins the OSCE only on 1 January 2021; the day of the act is 4 December 2020"), "{err}");
        assert!(err.to_string().contains("mc-dec-1-20"), "{err}");

        let file = osce_with(|f| {
            late_member(f);
            f["documents"][1]["silences"] = json!([{
                "revision": 0, "opened_at": "2020-11-30T12:00:00Z", "deadline": "2020-12-02T12:00:00Z",
                "status": "broken", "closed_at": "2020-12-01T09:00:00Z",
                "received": [{"state": "AL", "kind": "objection", "text": "Albania objects", "at": "2020-12-01T09:00:00Z"}]
            }]);
        });
        let err = app.app.import(&Actor::system(), &file).await.unwrap_err();
        assert_eq!(err.code(), "not_a_member_on_the_day", "{err}");

        let file = osce_with(|f| {
            f["documents"][1]["silences"] = json!([{
                "revision": 0, "opened_at": "2020-11-30T12:00:00Z", "deadline": "2020-12-02T12:00:00Z",
                "status": "adopted", "closed_at": "2020-12-02T12:00:00Z",
                "received": [{"state": "AL", "kind": "objection", "text": "Albania objects", "at": "2020-12-01T09:00:00Z"}]
            }]);
        });
        let err = app.app.import(&Actor::system(), &file).await.unwrap_err();
        assert_eq!(err.code(), "invalid_scenario");
        assert!(err.to_string().contains("its rule says `broken`"), "an objection before the deadline broke silence: {err}");
        assert_eq!(app.app.export().await.unwrap(), before, "nothing was written");
    }
}
