//! A document's history, step by step, from its audit entries: the API's `/history` and the page's "History of the
//! document" tell the same steps in order, with when each act happened (an imported act at its own instant, not at
//! the import's), who did it as the reader may learn it (the public reads roles, never user names), and nothing of
//! a document the reader may not see.

use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::{json, Value};

use crate::support::page_as;

/// The `event` names of a history, in order.
fn events(history: &Value) -> Vec<String> {
    history["items"].as_array().unwrap().iter().map(|h| h["event"].as_str().unwrap().to_owned()).collect()
}

/// A public statement of Russia's, drafted by her delegate, circulated, with Kazakhstan's support recorded by its
/// delegate, then under a silence procedure that Armenia breaks with an amendment (sent by the Secretariat): its id.
async fn worked_through(app: &TestApp) -> i64 {
    app.clock.set("2018-06-01T09:00:00Z".parse().unwrap());
    let (ru, kz) = (app.token("delegate-ru").await, app.token("delegate-kz").await);
    let officer = app.token("officer").await;
    let draft = json!({"key": "ru-history-statement", "organisation": "CSTO", "body": "CFM", "kind": "statement",
        "title": {"en": "Statement on history", "ru": "Заявление об истории"}, "sponsors": ["RU"],
        "original_language": "ru", "visibility": "public", "texts": {"ru": "Министры заявляют", "en": "The ministers state"}});
    let (status, doc) = app.post("/api/v1/documents", &draft, Some(&ru)).await;
    assert_eq!(status, 201, "{doc}");
    let id = doc["id"].as_i64().unwrap();
    app.clock.set("2018-06-02T09:00:00Z".parse().unwrap());
    let (status, body) =
        app.post(&format!("/api/v1/documents/{id}/transitions"), &json!({"to": "circulated"}), Some(&officer)).await;
    assert_eq!(status, 200, "{body}");
    app.clock.set("2018-06-03T09:00:00Z".parse().unwrap());
    let (status, body) =
        app.post(&format!("/api/v1/documents/{id}/positions"), &json!({"position": "support"}), Some(&kz)).await;
    assert_eq!(status, 200, "{body}");
    let (status, silence) = app
        .post(&format!("/api/v1/documents/{id}/silence"), &json!({"deadline": "2018-06-05T12:00:00Z"}), Some(&officer))
        .await;
    assert_eq!(status, 201, "{silence}");
    app.clock.set("2018-06-04T09:00:00Z".parse().unwrap());
    // Armenia's amendment, sent by the Secretariat on its behalf.
    let amendment = json!({"state": "AM", "kind": "amendment", "text": "Armenia proposes a new paragraph"});
    let (status, body) =
        app.post(&format!("/api/v1/silence/{}/objections", silence["id"]), &amendment, Some(&officer)).await;
    assert_eq!(status, 201, "{body}");
    id
}

on_both_engines! {
    async fn the_history_tells_every_step_of_a_document_in_order_with_its_state_and_when_it_happened(app) {
        let id = worked_through(&app).await;
        let officer = app.token("officer").await;
        let (status, history) = app.get(&format!("/api/v1/documents/{id}/history"), Some(&officer)).await;
        assert_eq!(status, 200, "{history}");
        let got = events(&history);
        let drafted = got.iter().position(|e| e == "drafted").expect("drafted");
        let circulated = got.iter().position(|e| e == "status").expect("a status step");
        let position = got.iter().position(|e| e == "position_recorded").expect("a position");
        let opened = got.iter().position(|e| e == "silence_opened").expect("silence opened");
        let broken = got.iter().position(|e| e == "silence_broken").expect("silence broken");
        assert!(drafted < circulated && circulated < position && position < opened && opened < broken, "{got:?}");
        let items = history["items"].as_array().unwrap();
        assert_eq!(items[circulated]["status"], "circulated");
        assert_eq!(items[circulated]["at"], "2018-06-02T09:00:00Z");
        assert_eq!((items[position]["state"].as_str(), items[position]["position"]["position"].as_str()), (Some("KZ"), Some("support")));
        assert_eq!(items[position]["by"], "delegate-kz", "the signed-in read who acted");
        assert_eq!((items[broken]["state"].as_str(), items[broken]["amendment"].as_bool()), (Some("AM"), Some(true)));
        let instants: Vec<&str> = items.iter().map(|h| h["at"].as_str().unwrap()).collect();
        let mut sorted = instants.clone();
        sorted.sort();
        assert_eq!(instants, sorted, "oldest first");

        let (status, page) = page_as(&app, "/documents/ru-history-statement?lang=en", &officer).await;
        assert_eq!(status, 200);
        let from = page.find("id=\"events\"").expect("the page's history");
        let part = &page[from..from + page[from..].find("</section>").unwrap()];
        for shown in ["History of the document", "Drafted", "Now circulated", "Position of Kazakhstan recorded: support",
            "Silence procedure opened", "Armenia broke the silence with an amendment", "2 June 2018, 09:00 UTC"] {
            assert!(part.contains(shown), "the history reads «{shown}»: {part}");
        }
        let (_, page) = page_as(&app, "/documents/ru-history-statement?lang=ru", &officer).await;
        assert!(page.contains("История документа") && page.contains("Записана позиция: Казахстан — поддержка"), "in Russian too");
    }
}

on_both_engines! {
    async fn the_public_reads_a_public_document_s_history_with_roles_not_user_names(app) {
        let id = worked_through(&app).await;
        let (status, history) = app.get(&format!("/api/v1/documents/{id}/history"), None).await;
        assert_eq!(status, 200, "{history}");
        let text = history.to_string();
        for name in ["delegate-ru", "delegate-kz", "officer"] {
            assert!(!text.contains(name), "no user name ({name}) for the public: {text}");
        }
        let by: Vec<&str> = history["items"].as_array().unwrap().iter().map(|h| h["by"].as_str().unwrap()).collect();
        assert!(by.contains(&"the delegation of KZ"), "{by:?}");
        let (status, page) = app.page("/documents/ru-history-statement?lang=en").await;
        assert_eq!(status, 200);
        assert!(page.contains("the delegation of Kazakhstan") && !page.contains("delegate-kz"), "roles in words on the page");
    }
}

on_both_engines! {
    async fn a_document_the_reader_may_not_see_has_no_history_for_her(app) {
        let officer = app.token("officer").await;
        let draft = json!({"key": "hidden-history", "organisation": "CSTO", "body": "CFM", "kind": "statement",
            "title": {"en": "Hidden"}, "sponsors": ["secretariat"], "original_language": "en", "visibility": "restricted",
            "texts": {"en": "Hidden text"}});
        let (status, doc) = app.post("/api/v1/documents", &draft, Some(&officer)).await;
        assert_eq!(status, 201, "{doc}");
        let (hidden, missing) = (
            app.get(&format!("/api/v1/documents/{}/history", doc["id"]), None).await,
            app.get("/api/v1/documents/999999/history", None).await,
        );
        assert_eq!(hidden.0, 404);
        assert_eq!(hidden, missing, "as a document that does not exist");
        assert_eq!(app.get(&format!("/api/v1/documents/{}/history", doc["id"]), Some(&officer)).await.0, 200);
    }
}

on_both_engines! {
    async fn an_imported_document_s_steps_are_dated_when_they_happened_not_when_they_were_imported(app) {
        // The demo was imported "now"; its INF statement was drafted on 9 June 2018 and adopted on the 11th.
        app.clock.set("2026-12-01T09:00:00Z".parse().unwrap());
        let (status, history) = app.get("/api/v1/documents/cfm-2018-inf-statement/history", None).await;
        assert_eq!(status, 200, "{history}");
        let items = history["items"].as_array().unwrap();
        assert_eq!(items[0]["event"], "drafted");
        assert!(items.iter().all(|h| h["at"].as_str().unwrap().starts_with("2018-06")), "{history}");
        let adopted = items.iter().find(|h| h["event"] == "status" && h["status"] == "adopted").expect("adopted");
        assert_eq!(adopted["at"], "2018-06-11T06:00:00Z");
    }
}

on_both_engines! {
    async fn a_document_s_page_links_the_agenda_items_it_was_on_and_none_the_reader_may_not_see(app) {
        let officer = app.token("officer").await;
        let item = json!({"meeting": "cfm-2018-06-almaty", "number": 13, "title": {"en": "Closed talk"},
            "kind": "decision", "visibility": "restricted", "documents": ["cfm-2018-inf-statement"]});
        let (status, body) = app.post("/api/v1/agenda-items", &item, Some(&officer)).await;
        assert_eq!(status, 201, "{body}");
        let on_agenda = |html: &str| {
            let from = html.find("id=\"on-agenda\"").expect("the items it was on");
            html[from..from + html[from..].find("</section>").unwrap()].to_owned()
        };
        let (_, public) = app.page("/documents/cfm-2018-inf-statement?lang=en").await;
        let part = on_agenda(&public);
        assert!(part.contains("href=\"/meetings/cfm-2018-06-almaty#agenda-h\">Almaty, 11 June 2018: item 2</a>"), "{part}");
        assert!(!part.contains("item 13"), "a restricted item does not exist for the public: {part}");
        let (_, ru) = app.page("/documents/cfm-2018-inf-statement?lang=ru").await;
        assert!(on_agenda(&ru).contains("Алматы, 11 июня 2018 г.: пункт 2"), "in Russian too");
        let (_, own) = page_as(&app, "/documents/cfm-2018-inf-statement?lang=en", &officer).await;
        assert!(on_agenda(&own).contains("Almaty, 11 June 2018: item 13"), "the Secretariat sees both");
    }
}
