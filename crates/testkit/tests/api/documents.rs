//! From draft to decision through the API: sponsors, circulation, positions, consensus, adoption at a meeting,
//! referral to the heads of state, silence procedures, and who may see a draft.

use secretariat_core::account::{AccountRole, Actor};
use secretariat_core::domain::StateCode;
use secretariat_testkit::{on_both_engines, TestApp, PASSWORD};
use serde_json::{json, Value};

/// A delegate account of each member state (RU and KZ exist in the demo) and their tokens.
async fn delegates(app: &TestApp) -> std::collections::HashMap<&'static str, String> {
    let mut tokens = std::collections::HashMap::new();
    for state in ["AM", "BY", "KG", "TJ"] {
        let name = format!("delegate-{}", state.to_lowercase());
        let code = StateCode::parse(state).unwrap();
        app.app.add_account(&Actor::system(), &name, PASSWORD, AccountRole::Delegate, Some(code), false).await.unwrap();
    }
    for state in ["AM", "BY", "KZ", "KG", "RU", "TJ"] {
        tokens.insert(state, app.token(&format!("delegate-{}", state.to_lowercase())).await);
    }
    tokens
}

fn draft(key: &str, sponsors: &[&str]) -> Value {
    json!({
        "key": key, "organisation": "CSTO", "body": "CFM", "kind": "statement",
        "title": {"en": format!("Statement {key}"), "ru": format!("Заявление {key}")},
        "sponsors": sponsors, "original_language": "ru", "visibility": "sponsors",
        "texts": {"ru": "Министры иностранных дел заявляют", "en": "The foreign ministers state"}
    })
}

async fn item_with(app: &TestApp, officer: &str, number: u16, key: &str, visibility: &str) -> i64 {
    let (status, item) = app
        .post(
            "/api/v1/agenda-items",
            &json!({"meeting": "cfm-2018-06-almaty", "number": number, "title": {"en": format!("Adoption of {key}")},
                    "kind": "decision", "visibility": visibility, "documents": [key]}),
            Some(officer),
        )
        .await;
    assert_eq!(status, 201, "{item}");
    item["id"].as_i64().unwrap()
}

on_both_engines! {
    async fn a_russian_draft_goes_from_sponsor_to_the_heads_of_state_and_a_blocked_one_and_a_silent_one_end_as_they_should(app) {
        let officer = app.token("officer").await;
        let d = delegates(&app).await;

        // Russia's delegate drafts; only Russia and the Secretariat see it.
        let (status, doc) = app.post("/api/v1/documents", &draft("ru-inf-statement", &["RU"]), Some(&d["RU"])).await;
        assert_eq!(status, 201, "{doc}");
        let id = doc["id"].as_i64().unwrap();
        assert_eq!(doc["status"], "draft");
        assert!(doc["symbol"].is_null());
        assert_eq!(doc["sponsors"], json!(["RU"]));
        assert_eq!(app.get(&format!("/api/v1/documents/{id}"), Some(&d["KZ"])).await.0, 404);

        // The Secretariat circulates it: numbered, and every delegation sees it.
        let (status, doc) = app.post(&format!("/api/v1/documents/{id}/transitions"), &json!({"to": "circulated"}), Some(&officer)).await;
        assert_eq!(status, 200, "{doc}");
        assert_eq!(doc["symbol"], "CSTO/CFM/2018/STM/2", "the demo holds STM/1, the INF statement");
        assert_eq!(doc["visibility"], "members");
        assert_eq!(app.get(&format!("/api/v1/documents/{id}"), Some(&d["KZ"])).await.0, 200);

        // Six positions: one reservation, one non-participation, recorded by delegates and by the Secretariat.
        let positions = [
            ("RU", json!({"position": "support"}), &d["RU"]),
            ("AM", json!({"position": "reservation", "text": "Armenia reads paragraph 3 as …"}), &d["AM"]),
            ("BY", json!({"position": "non_participation"}), &d["BY"]),
            ("KZ", json!({"position": "no_objection"}), &d["KZ"]),
            ("KG", json!({"state": "KG", "position": "support"}), &officer),
            ("TJ", json!({"state": "TJ", "position": "support"}), &officer),
        ];
        let mut last = Value::Null;
        for (state, body, token) in positions {
            let (status, doc) = app.post(&format!("/api/v1/documents/{id}/positions"), &body, Some(token)).await;
            assert_eq!(status, 200, "{state}: {doc}");
            last = doc;
        }
        assert_eq!(last["status"], "under_agreement");
        assert_eq!(last["positions"].as_array().unwrap().len(), 6);
        let am = last["positions"].as_array().unwrap().iter().find(|p| p["state"] == "AM").unwrap().clone();
        assert_eq!(am["position"], "reservation");
        assert_eq!(am["text"], "Armenia reads paragraph 3 as …");
        let kg = last["positions"].as_array().unwrap().iter().find(|p| p["state"] == "KG").unwrap().clone();
        assert_eq!(kg["on_behalf"], true);
        assert_eq!(last["consensus"]["adoptable"], true);
        assert_eq!(last["consensus"]["opted_out"], json!(["BY"]));

        // A delegate cannot speak for another state.
        let (status, err) = app.post(&format!("/api/v1/documents/{id}/positions"), &json!({"state": "AM", "position": "objection", "text": "x"}), Some(&d["KZ"])).await;
        assert_eq!((status, err["error"]["code"].as_str()), (403, Some("forbidden")));

        // Adopted at the CFM under an agenda item.
        let item = item_with(&app, &officer, 13, "ru-inf-statement", "members").await;
        let (status, decided) = app.post(&format!("/api/v1/agenda-items/{item}/outcome"), &json!({"outcome": "adopted"}), Some(&officer)).await;
        assert_eq!(status, 200, "{decided}");
        let (_, doc) = app.get(&format!("/api/v1/documents/{id}"), Some(&officer)).await;
        assert_eq!(doc["status"], "adopted");
        assert_eq!(doc["outcome"]["meeting"], "cfm-2018-06-almaty");
        assert_eq!(doc["outcome"]["procedure"], "meeting");
        assert!(doc["outcome"]["adopted_at"].is_string());

        // Referred to the Collective Security Council in Astana, where it appears on the agenda and is adopted.
        let (status, doc) = app.post(&format!("/api/v1/documents/{id}/referrals"), &json!({"meeting": "csc-2018-11-astana"}), Some(&officer)).await;
        assert_eq!(status, 201, "{doc}");
        assert_eq!(doc["status"], "referred");
        let referral = &doc["referrals"][0];
        assert_eq!(referral["meeting"], "csc-2018-11-astana");
        assert_eq!(referral["body"], "CSC");
        assert!(referral["outcome"].is_null());
        let csc_item = referral["agenda_item"].as_i64().unwrap();
        let (_, csc) = app.get("/api/v1/meetings/csc-2018-11-astana", Some(&officer)).await;
        assert!(csc["agenda"]["items"].as_array().unwrap().iter().any(|i| i["id"] == csc_item));
        let (status, _) = app.post(&format!("/api/v1/agenda-items/{csc_item}/outcome"), &json!({"outcome": "adopted"}), Some(&officer)).await;
        assert_eq!(status, 200);
        let (_, doc) = app.get(&format!("/api/v1/documents/{id}"), Some(&d["TJ"])).await;
        assert_eq!(doc["referrals"][0]["outcome"], "adopted");
        assert!(doc["referrals"][0]["decided_at"].is_string());
        let (_, listed) = app.get(&format!("/api/v1/documents?meeting={}", app.almaty_id().await), Some(&officer)).await;
        assert!(listed["items"].as_array().unwrap().iter().any(|d| d["id"] == id));

        // A second draft is blocked by one objection, and is then recorded as not adopted.
        let (_, second) = app.post("/api/v1/documents", &draft("ru-blocked-statement", &["RU"]), Some(&d["RU"])).await;
        let second = second["id"].as_i64().unwrap();
        app.post(&format!("/api/v1/documents/{second}/transitions"), &json!({"to": "circulated"}), Some(&officer)).await;
        let (status, _) = app.post(&format!("/api/v1/documents/{second}/positions"), &json!({"position": "objection", "text": "Kazakhstan cannot agree"}), Some(&d["KZ"])).await;
        assert_eq!(status, 200);
        let item = item_with(&app, &officer, 14, "ru-blocked-statement", "members").await;
        let (status, err) = app.post(&format!("/api/v1/agenda-items/{item}/outcome"), &json!({"outcome": "adopted"}), Some(&officer)).await;
        assert_eq!(status, 409);
        assert_eq!(err["error"]["code"], "consensus_blocked");
        assert!(err["error"]["message"].as_str().unwrap().contains("KZ"));
        let (status, _) = app.post(&format!("/api/v1/agenda-items/{item}/outcome"), &json!({"outcome": "not_adopted"}), Some(&officer)).await;
        assert_eq!(status, 200);
        let (_, second_doc) = app.get(&format!("/api/v1/documents/{second}"), Some(&officer)).await;
        assert_eq!(second_doc["status"], "not_adopted");
        assert_eq!(second_doc["consensus"]["blocked_by"], json!(["KZ"]));
        assert!(second_doc["outcome"].is_null());

        // A third goes out under silence, provisionally and without a number, and is adopted at the deadline.
        let (_, third) = app.post("/api/v1/documents", &draft("silent-statement", &["secretariat"]), Some(&officer)).await;
        let third = third["id"].as_i64().unwrap();
        let (status, silence) = app.post(&format!("/api/v1/documents/{third}/silence"), &json!({"deadline": "2018-06-05T18:00:00+06:00"}), Some(&officer)).await;
        assert_eq!(status, 201, "{silence}");
        assert_eq!(silence["status"], "open");
        assert_eq!(silence["deadline"], "2018-06-05T12:00:00Z");
        let (_, provisional) = app.get(&format!("/api/v1/documents/{third}"), Some(&officer)).await;
        assert_eq!(provisional["status"], "circulated");
        assert!(provisional["symbol"].is_null());
        app.clock.set("2018-06-05T12:00:01Z".parse().unwrap());
        assert_eq!(app.app.close_due_silences().await.unwrap(), 1);
        let (_, adopted) = app.get(&format!("/api/v1/documents/{third}"), Some(&officer)).await;
        assert_eq!(adopted["status"], "adopted");
        assert_eq!(adopted["outcome"]["procedure"], "silence");
        assert_eq!(adopted["outcome"]["adopted_at"], "2018-06-05T12:00:00Z");
        assert_eq!(adopted["symbol"], "CSTO/CFM/2018/STM/4");
        assert_eq!(adopted["silence"][0]["status"], "adopted");
    }
}

on_both_engines! {
    async fn an_objection_before_the_deadline_breaks_silence_and_one_after_it_is_too_late(app) {
        let officer = app.token("officer").await;
        let kz = app.token("delegate-kz").await;
        let mut ids = Vec::new();
        for key in ["broken-under-silence", "late-objection"] {
            let (_, doc) = app.post("/api/v1/documents", &draft(key, &["secretariat"]), Some(&officer)).await;
            let id = doc["id"].as_i64().unwrap();
            let (_, s) = app.post(&format!("/api/v1/documents/{id}/silence"), &json!({"deadline": "2018-06-02T06:00:00Z"}), Some(&officer)).await;
            ids.push((id, s["id"].as_i64().unwrap()));
        }
        let (status, broken) = app.post(&format!("/api/v1/silence/{}/objections", ids[0].1), &json!({"text": "Kazakhstan objects"}), Some(&kz)).await;
        assert_eq!(status, 201, "{broken}");
        assert_eq!(broken["status"], "broken");
        assert_eq!(broken["received"][0]["state"], "KZ");
        let (_, doc) = app.get(&format!("/api/v1/documents/{}", ids[0].0), Some(&officer)).await;
        assert_eq!(doc["status"], "not_adopted");

        app.clock.set("2018-06-02T06:00:00Z".parse().unwrap());
        let (status, err) = app.post(&format!("/api/v1/silence/{}/objections", ids[1].1), &json!({"text": "too late"}), Some(&kz)).await;
        assert_eq!((status, err["error"]["code"].as_str()), (409, Some("silence_closed")));
        assert_eq!(app.app.close_due_silences().await.unwrap(), 1);
        let (_, doc) = app.get(&format!("/api/v1/documents/{}", ids[1].0), Some(&officer)).await;
        assert_eq!(doc["status"], "adopted");
        let (status, err) = app.post(&format!("/api/v1/documents/{}/silence", ids[1].0), &json!({"deadline": "2018-01-01T00:00:00Z"}), Some(&officer)).await;
        assert_eq!((status, err["error"]["code"].as_str()), (422, Some("deadline_in_past")));
    }
}

on_both_engines! {
    async fn two_concurrent_edits_of_one_text_give_one_success_and_one_conflict_and_lose_nothing(app) {
        let ru = app.token("delegate-ru").await;
        let (_, doc) = app.post("/api/v1/documents", &draft("ru-contested", &["RU"]), Some(&ru)).await;
        let id = doc["id"].as_i64().unwrap();
        let version = doc["revisions"][0]["versions"].as_array().unwrap().iter().find(|v| v["language"] == "ru").unwrap()["version"].as_i64().unwrap();
        let path = format!("/api/v1/documents/{id}/texts/ru");
        let a = json!({"text": "Редакция А", "version": version});
        let b = json!({"text": "Редакция Б", "version": version});
        let (ra, rb) = tokio::join!(app.put(&path, &a, Some(&ru)), app.put(&path, &b, Some(&ru)));
        let mut statuses = [ra.0, rb.0];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409]);
        let loser = if ra.0 == 409 { &ra.1 } else { &rb.1 };
        assert_eq!(loser["error"]["code"], "stale_version");
        assert_eq!(loser["error"]["current_version"], version + 1);
        let winner = if ra.0 == 200 { "Редакция А" } else { "Редакция Б" };
        let (_, doc) = app.get(&format!("/api/v1/documents/{id}"), Some(&ru)).await;
        let text = doc["revisions"][0]["versions"].as_array().unwrap().iter().find(|v| v["language"] == "ru").unwrap().clone();
        assert_eq!(text["text"], winner);
        assert_eq!(text["version"], version + 1);
        let (status, diff) = app.get(&format!("/api/v1/documents/{id}/diff?from=0&to=0&language=ru"), Some(&ru)).await;
        assert_eq!(status, 200);
        assert!(diff.as_array().unwrap().iter().all(|p| p["op"] == "equal"));
    }
}

on_both_engines! {
    async fn a_delegate_of_another_state_cannot_see_list_or_learn_the_title_of_a_sponsors_draft(app) {
        let ru = app.token("delegate-ru").await;
        let kz = app.token("delegate-kz").await;
        let officer = app.token("officer").await;
        let (_, doc) = app.post("/api/v1/documents", &draft("ru-secret-draft", &["RU"]), Some(&ru)).await;
        let id = doc["id"].as_i64().unwrap();
        for token in [Some(kz.as_str()), None] {
            for path in [format!("/api/v1/documents/{id}"), "/api/v1/documents/ru-secret-draft".into(), format!("/api/v1/documents/{id}/diff?from=0&to=0&language=ru")] {
                let (status, body) = app.get(&path, token).await;
                assert_eq!(status, 404, "{path}");
                assert!(!body.to_string().contains("secret-draft") || path.ends_with("ru-secret-draft"), "{body}");
                assert!(!body.to_string().contains("Statement secret"), "{body}");
            }
            let (_, list) = app.get("/api/v1/documents?organisation=CSTO", token).await;
            assert!(!list.to_string().contains("secret-draft"), "{list}");
            assert!(!list.to_string().contains("Statement secret"));
            let (status, _) = app.post(&format!("/api/v1/documents/{id}/positions"), &json!({"position": "support"}), token).await;
            assert!(status == 404 || status == 401 || status == 409 || status == 403, "{status}");
        }
        // Nor may anyone put it on an agenda that others see before it is circulated.
        let (status, err) = app.post(
            "/api/v1/agenda-items",
            &json!({"meeting": "cfm-2018-06-almaty", "number": 13, "title": {"en": "x"}, "kind": "decision", "visibility": "restricted", "documents": ["ru-secret-draft"]}),
            Some(&officer),
        ).await;
        assert_eq!((status, err["error"]["code"].as_str()), (422, Some("document_less_visible")));
        assert_eq!(app.get(&format!("/api/v1/documents/{id}"), Some(&ru)).await.0, 200);
        let (_, list) = app.get("/api/v1/documents?organisation=CSTO", Some(&ru)).await;
        assert!(list.to_string().contains("secret-draft"));
    }
}

/// Opens three silence procedures on drafts, all due at 12:00 UTC on 5 June 2018.
async fn three_due_procedures(app: &TestApp) -> Vec<i64> {
    let officer = app.token("officer").await;
    let mut ids = Vec::new();
    for key in ["silence-a", "silence-b", "silence-c"] {
        let (_, doc) = app.post("/api/v1/documents", &draft(key, &["secretariat"]), Some(&officer)).await;
        let id = doc["id"].as_i64().unwrap();
        let (status, _) = app
            .post(
                &format!("/api/v1/documents/{id}/silence"),
                &json!({"deadline": "2018-06-05T12:00:00Z"}),
                Some(&officer),
            )
            .await;
        assert_eq!(status, 201);
        ids.push(id);
    }
    ids
}

async fn restart_kills_and_twins(engine: secretariat_testkit::Engine) {
    let Some(app) = TestApp::spawn_demo(engine).await else { return };
    let ids = three_due_procedures(&app).await;
    // The deadlines pass; a closing write is under way when the server dies: its transaction never commits.
    app.clock.set("2018-06-05T12:00:01Z".parse().unwrap());
    {
        use secretariat_core::domain::SilenceStatus;
        use secretariat_core::store::Store;
        let due = app.store.due_silences("2018-06-05T12:00:01Z".parse().unwrap()).await.unwrap();
        assert_eq!(due.len(), 3);
        let mut tx = app.store.begin(&Actor::system(), "2018-06-05T12:00:01Z".parse().unwrap()).await.unwrap();
        assert!(tx.close_silence(due[0], SilenceStatus::Adopted, jiff::Timestamp::UNIX_EPOCH).await.unwrap());
        drop(tx);
    }
    let db = app.stop().await;

    // Two instances start on the same database and both run the deadline task at once.
    let first = TestApp::spawn_on(engine, db).await;
    let second_store = secretariat_store::SqlStore::connect(&first.db.url).await.unwrap();
    let clock = secretariat_core::clock::FixedClock::at("2018-06-05T12:00:02Z".parse().unwrap());
    first.clock.set("2018-06-05T12:00:02Z".parse().unwrap());
    let second =
        secretariat_core::service::Secretariat::new(std::sync::Arc::new(second_store), std::sync::Arc::new(clock));
    let (a, b) = tokio::join!(first.app.close_due_silences(), second.close_due_silences());
    // The first instance's own deadline task ticks as it starts and may close some of them too (seen more often since
    // SQLite syncs every commit: the window is wider); that each closes exactly once is checked in the audit log.
    let closed = a.unwrap() + b.unwrap();
    assert!(closed <= 3, "each procedure closes at most once across the instances: {closed}");
    assert_eq!(first.app.close_due_silences().await.unwrap(), 0, "running again closes nothing");

    let officer = first.token("officer").await;
    for id in &ids {
        let (_, doc) = first.get(&format!("/api/v1/documents/{id}"), Some(&officer)).await;
        assert_eq!(doc["status"], "adopted");
        assert_eq!(doc["outcome"]["procedure"], "silence");
        assert_eq!(doc["outcome"]["adopted_at"], "2018-06-05T12:00:00Z");
    }
    use secretariat_core::store::Store;
    let entries = first.store.audit_entries(None, None).await.unwrap();
    for id in &ids {
        let adoptions = entries.iter().filter(|e| e.action == "adopted_by_silence" && e.entity_id == *id).count();
        assert_eq!(adoptions, 1, "document {id} adopted once");
    }
    assert!(secretariat_core::rules::audit::verify(&entries).is_ok());
    let symbols: std::collections::HashSet<String> = {
        let mut s = std::collections::HashSet::new();
        for id in &ids {
            let (_, doc) = first.get(&format!("/api/v1/documents/{id}"), Some(&officer)).await;
            s.insert(doc["symbol"].as_str().unwrap().to_owned());
        }
        s
    };
    assert_eq!(symbols.len(), 3, "each adopted text gets its own number");
}

mod a_server_killed_while_silence_procedures_come_due_records_each_outcome_exactly_once_after_restart {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_sqlite() {
        super::restart_kills_and_twins(secretariat_testkit::Engine::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_postgres() {
        super::restart_kills_and_twins(secretariat_testkit::Engine::Postgres).await;
    }
}

on_both_engines! {
    async fn the_document_page_shows_the_adopted_inf_statement_and_hides_a_draft_from_the_public(app) {
        let (status, html) = app.page("/documents/cfm-2018-inf-statement").await;
        assert_eq!(status, 200);
        for text in ["CSTO/CFM/2018/STM/1", "INF Treaty", "adopted at a meeting", "No member objects"] {
            assert!(html.contains(text), "{text}");
        }
        let (status, html) = app.page("/documents/cfm-2018-inf-statement?lang=ru").await;
        assert_eq!(status, 200);
        assert!(html.contains("принят на заседании") && html.contains("ДРСМД"));
        let ru = app.token("delegate-ru").await;
        let (_, doc) = app.post("/api/v1/documents", &draft("ru-page-draft", &["RU"]), Some(&ru)).await;
        let (status, html) = app.page(&format!("/documents/{}", doc["id"])).await;
        assert_eq!(status, 404);
        assert!(!html.contains("Statement ru-page-draft"));
        let (_, meeting) = app.page("/meetings/cfm-2018-06-almaty").await;
        assert!(meeting.contains("/documents/") && meeting.contains("CSTO/CFM/2018/STM/1"));
    }
}

on_both_engines! {
    async fn a_revision_is_numbered_rev_1_diffs_word_by_word_and_a_corrigendum_is_numbered_corr_1(app) {
        let officer = app.token("officer").await;
        let (_, doc) = app.post("/api/v1/documents", &draft("revised-statement", &["secretariat"]), Some(&officer)).await;
        let id = doc["id"].as_i64().unwrap();
        let (_, doc) = app.post(&format!("/api/v1/documents/{id}/transitions"), &json!({"to": "circulated"}), Some(&officer)).await;
        let base = doc["symbol"].as_str().unwrap().to_owned();
        let (status, doc) = app
            .post(
                &format!("/api/v1/documents/{id}/revisions"),
                &json!({"texts": {"ru": "Министры иностранных дел твёрдо заявляют", "en": "The foreign ministers firmly state"}}),
                Some(&officer),
            )
            .await;
        assert_eq!(status, 201, "{doc}");
        assert_eq!(doc["symbol"], format!("{base}/Rev.1"));
        assert_eq!(doc["revisions"][0]["symbol"], base);
        let (status, _) = app.get(&format!("/api/v1/documents/{id}/diff?from=0&to=1&language=en"), None).await;
        assert_eq!(status, 404, "a members' document is not diffed for the public");
        let (_, diff) = app.get(&format!("/api/v1/documents/{id}/diff?from=0&to=1&language=en"), Some(&officer)).await;
        let inserted: Vec<&str> = diff.as_array().unwrap().iter().filter(|p| p["op"] == "insert").map(|p| p["text"].as_str().unwrap()).collect();
        assert_eq!(inserted.concat().trim(), "firmly");
        assert_eq!(app.get(&format!("/api/v1/documents/{id}/diff?from=0&to=7&language=en"), Some(&officer)).await.0, 404);
        assert_eq!(app.get(&format!("/api/v1/documents/{id}/diff?from=0&to=1&language=english"), Some(&officer)).await.0, 400);

        let mut corrigendum = draft("revised-statement-corr", &["secretariat"]);
        corrigendum["amends"] = json!({"document": "revised-statement", "kind": "corrigendum"});
        let (_, corr) = app.post("/api/v1/documents", &corrigendum, Some(&officer)).await;
        let corr_id = corr["id"].as_i64().unwrap();
        let (_, corr) = app.post(&format!("/api/v1/documents/{corr_id}/transitions"), &json!({"to": "circulated"}), Some(&officer)).await;
        assert_eq!(corr["symbol"], format!("{base}/Corr.1"));
    }
}
