//! Trust (issue 6): what a state may not see it cannot touch. A document a delegate may not see answers every write
//! exactly as one that does not exist; answers are built for the actor's own eyes; a decided document is corrected by
//! the Secretariat only; small leaks of hidden records through lists and views are closed.

use secretariat_core::account::{AccountRole, Actor};
use secretariat_core::domain::StateCode;
use secretariat_core::store::Store;
use secretariat_testkit::{on_both_engines, TestApp, PASSWORD};
use serde_json::{json, Value};

/// An id that no document has.
const MISSING: i64 = 999_999;

fn document(key: &str, sponsors: &[&str], visibility: &str) -> Value {
    json!({
        "key": key, "organisation": "CSTO", "body": "CFM", "kind": "statement",
        "title": {"en": format!("Title of {key}"), "ru": format!("Заголовок {key}")},
        "sponsors": sponsors, "original_language": "ru", "visibility": visibility,
        "texts": {"ru": format!("Текст {key}"), "en": format!("Text of {key}")}
    })
}

/// Creates a document as `token` and returns its id; circulates it as the officer when asked.
async fn create(app: &TestApp, token: &str, body: &Value, circulate: bool) -> i64 {
    let (status, doc) = app.post("/api/v1/documents", body, Some(token)).await;
    assert_eq!(status, 201, "{doc}");
    let id = doc["id"].as_i64().unwrap();
    if circulate {
        let officer = app.token("officer").await;
        let (status, doc) = app
            .post(&format!("/api/v1/documents/{id}/transitions"), &json!({"to": "circulated"}), Some(&officer))
            .await;
        assert_eq!(status, 200, "{doc}");
    }
    id
}

/// Sends the same write to a hidden target and to a missing one and asserts the two answers are identical.
#[track_caller]
fn assert_same(hidden: (u16, Value), missing: (u16, Value), what: &str) {
    assert_eq!(hidden.0, 404, "{what}: a hidden target answers 404, got {}", hidden.1);
    assert_eq!(hidden, missing, "{what}: a hidden target answers exactly as a missing one");
}

async fn write(app: &TestApp, method: &str, path: &str, body: &Value, token: &str) -> (u16, Value) {
    match method {
        "POST" => app.post(path, body, Some(token)).await,
        "PUT" => app.put(path, body, Some(token)).await,
        _ => unreachable!("{method}"),
    }
}

on_both_engines! {
    async fn a_delegate_who_may_not_see_a_restricted_document_cannot_record_a_position_on_it_nor_read_it_back(app) {
        let officer = app.token("officer").await;
        let kz = app.token("delegate-kz").await;
        let ru = app.token("delegate-ru").await;
        let id = create(&app, &officer, &document("restricted-note", &["secretariat"], "restricted"), true).await;
        assert_eq!(app.get(&format!("/api/v1/documents/{id}"), Some(&kz)).await.0, 404);

        let body = json!({"position": "no_objection"});
        let hidden = app.post(&format!("/api/v1/documents/{id}/positions"), &body, Some(&kz)).await;
        let missing = app.post(&format!("/api/v1/documents/{MISSING}/positions"), &body, Some(&kz)).await;
        assert!(!hidden.1.to_string().contains("restricted-note"), "{}", hidden.1);
        assert_same(hidden, missing, "position");

        // Nothing was recorded for Kazakhstan; a head of delegation, who may see it, records Russia's.
        let (_, doc) = app.get(&format!("/api/v1/documents/{id}"), Some(&officer)).await;
        assert_eq!(doc["positions"], json!([]), "{doc}");
        let (status, doc) = app.post(&format!("/api/v1/documents/{id}/positions"), &json!({"position": "support"}), Some(&ru)).await;
        assert_eq!(status, 200, "{doc}");
        assert_eq!(doc["positions"][0]["state"], "RU");
    }
}

on_both_engines! {
    async fn a_delegate_who_may_not_see_a_document_cannot_break_its_silence_procedure(app) {
        let officer = app.token("officer").await;
        let kz = app.token("delegate-kz").await;
        let id = create(&app, &officer, &document("restricted-silence", &["secretariat"], "restricted"), true).await;
        let (status, silence) = app
            .post(&format!("/api/v1/documents/{id}/silence"), &json!({"deadline": "2018-06-05T12:00:00Z"}), Some(&officer))
            .await;
        assert_eq!(status, 201, "{silence}");
        let procedure = silence["id"].as_i64().unwrap();

        let body = json!({"text": "Kazakhstan objects"});
        let hidden = app.post(&format!("/api/v1/silence/{procedure}/objections"), &body, Some(&kz)).await;
        let missing = app.post(&format!("/api/v1/silence/{MISSING}/objections"), &body, Some(&kz)).await;
        assert_same(hidden, missing, "objection");

        let (_, doc) = app.get(&format!("/api/v1/documents/{id}"), Some(&officer)).await;
        assert_eq!(doc["status"], "circulated", "the procedure is not broken: {doc}");
        assert_eq!(doc["silence"][0]["status"], "open");
        assert_eq!(doc["silence"][0]["received"], json!([]));
    }
}

on_both_engines! {
    async fn every_write_on_another_states_sponsors_draft_answers_exactly_as_on_a_missing_document(app) {
        let ru = app.token("delegate-ru").await;
        let kz = app.token("delegate-kz").await;
        let id = create(&app, &ru, &document("ru-hidden-draft", &["RU"], "sponsors"), false).await;
        let (_, doc) = app.get(&format!("/api/v1/documents/{id}"), Some(&ru)).await;
        let mut change = doc.clone();
        for field in ["id", "status", "symbol", "versions", "revisions", "positions", "consensus", "silence", "outcome", "referrals", "path", "agenda_items"] {
            change.as_object_mut().unwrap().remove(field);
        }
        change["sponsors"] = json!(["RU", "KZ"]);
        let writes = [
            ("PUT", "", change),
            ("PUT", "/texts/ru", json!({"text": "Новый текст", "version": 1})),
            ("POST", "/revisions", json!({"texts": {"ru": "Редакция"}})),
            ("POST", "/transitions", json!({"to": "withdrawn"})),
            ("POST", "/transitions", json!({"to": "circulated"})),
            ("POST", "/positions", json!({"position": "objection", "text": "no"})),
            ("POST", "/silence", json!({"deadline": "2018-06-05T12:00:00Z"})),
            ("POST", "/referrals", json!({"meeting": "csc-2018-11-astana"})),
        ];
        for (method, suffix, body) in writes {
            let hidden = write(&app, method, &format!("/api/v1/documents/{id}{suffix}"), &body, &kz).await;
            let missing = write(&app, method, &format!("/api/v1/documents/{MISSING}{suffix}"), &body, &kz).await;
            assert!(!hidden.1.to_string().contains("hidden-draft"), "{method} {suffix}: {}", hidden.1);
            assert_same(hidden, missing, &format!("{method} {suffix}"));
        }

        // Its key cannot be probed: Kazakhstan's drafts have keys of their own, whether or not Russia's exists.
        let probe = app.post("/api/v1/documents", &document("ru-hidden-draft", &["KZ"], "sponsors"), Some(&kz)).await;
        let never = app.post("/api/v1/documents", &document("ru-never-drafted", &["KZ"], "sponsors"), Some(&kz)).await;
        assert_eq!((probe.0, &probe.1["error"]["code"]), (never.0, &never.1["error"]["code"]));
        assert_eq!(probe.1["error"]["code"], "key_of_another_state", "{}", probe.1);
        let unprefixed = app.post("/api/v1/documents", &document("hidden-draft", &["KZ"], "sponsors"), Some(&kz)).await;
        assert_eq!(unprefixed.1["error"]["code"], "key_prefix_required", "{}", unprefixed.1);

        // Nor can it be named as the document a corrigendum amends.
        let mut corrigendum = document("kz-corrigendum", &["KZ"], "sponsors");
        corrigendum["amends"] = json!({"document": "ru-hidden-draft", "kind": "corrigendum"});
        let hidden = app.post("/api/v1/documents", &corrigendum, Some(&kz)).await;
        corrigendum["amends"]["document"] = json!("ru-never-drafted");
        let missing = app.post("/api/v1/documents", &corrigendum, Some(&kz)).await;
        assert_eq!(hidden.0, 422, "{}", hidden.1);
        assert_eq!(hidden.1["error"]["code"], "unknown_reference");
        assert_eq!(hidden.1.to_string().replace("ru-hidden-draft", "ru-never-drafted"), missing.1.to_string());

        // Russia's draft is untouched.
        let (_, after) = app.get(&format!("/api/v1/documents/{id}"), Some(&ru)).await;
        assert_eq!(after["status"], "draft");
        assert_eq!(after["sponsors"], json!(["RU"]));
        assert_eq!(after["revisions"].as_array().unwrap().len(), 1);
    }
}

/// The record of a document as it is sent back in a change, with its `version`.
async fn record_of(app: &TestApp, key: &str, token: &str) -> (i64, Value) {
    let (status, doc) = app.get(&format!("/api/v1/documents/{key}"), Some(token)).await;
    assert_eq!(status, 200, "{doc}");
    let id = doc["id"].as_i64().unwrap();
    let mut record = doc.clone();
    for field in [
        "id",
        "status",
        "symbol",
        "versions",
        "revisions",
        "positions",
        "consensus",
        "silence",
        "outcome",
        "referrals",
        "path",
        "agenda_items",
    ] {
        record.as_object_mut().unwrap().remove(field);
    }
    (id, record)
}

on_both_engines! {
    async fn a_sponsoring_delegate_cannot_rewrite_an_adopted_document_and_the_secretariat_corrects_it_on_the_record(app) {
        app.app
            .add_account(&Actor::system(), "delegate-by", PASSWORD, AccountRole::Delegate, Some(StateCode::parse("BY").unwrap()), false)
            .await
            .unwrap();
        let ru = app.token("delegate-ru").await;
        let by = app.token("delegate-by").await;
        let officer = app.token("officer").await;

        // Russia's adopted INF statement: neither its kind nor its sponsors change at a delegate's hand.
        let (id, record) = record_of(&app, "cfm-2018-inf-statement", &ru).await;
        let mut kind = record.clone();
        kind["kind"] = json!("declaration");
        let mut cosponsor = record.clone();
        cosponsor["sponsors"] = json!(["RU", "KZ"]);
        for body in [kind, cosponsor] {
            let (status, err) = app.put(&format!("/api/v1/documents/{id}"), &body, Some(&ru)).await;
            assert_eq!((status, err["error"]["code"].as_str()), (409, Some("document_decided")), "{err}");
        }

        // Belarus's adopted protocol keeps its entry into force, and the legal basis still counts 4 in force.
        let (_, before) = app.get("/api/v1/organisations/CSTO/legal-basis?on=2022-01-01", None).await;
        let (protocol, mut record) = record_of(&app, "charter-protocol-2", &by).await;
        record["in_force_on"] = json!("2031-01-01");
        let (status, err) = app.put(&format!("/api/v1/documents/{protocol}"), &record, Some(&by)).await;
        assert_eq!((status, err["error"]["code"].as_str()), (409, Some("document_decided")), "{err}");
        let (_, after) = app.get("/api/v1/organisations/CSTO/legal-basis?on=2022-01-01", None).await;
        assert_eq!(after["in_force"], before["in_force"]);

        // The Secretariat corrects it, and the correction is in the audit log like every write.
        let (status, corrected) = app.put(&format!("/api/v1/documents/{protocol}"), &record, Some(&officer)).await;
        assert_eq!(status, 200, "{corrected}");
        assert_eq!(corrected["in_force_on"], "2031-01-01");
        let entries = app.store.audit_entries(None, None).await.unwrap();
        let correction = entries
            .iter()
            .find(|e| e.actor == "officer" && e.entity == "document" && e.entity_id == protocol)
            .expect("an audit entry of the correction");
        assert_eq!(correction.action, "changed");
        assert!(correction.before.as_deref().unwrap_or_default().contains("2021-01-19"));
        assert!(correction.after.as_deref().unwrap_or_default().contains("2031-01-01"));
    }
}

on_both_engines! {
    async fn a_delegate_drafts_for_her_own_state_alone_and_a_co_sponsor_joins_by_her_own_delegate(app) {
        let ru = app.token("delegate-ru").await;
        let kz = app.token("delegate-kz").await;
        let (status, err) = app.post("/api/v1/documents", &document("ru-joint", &["RU", "KZ"], "sponsors"), Some(&ru)).await;
        assert_eq!((status, err["error"]["code"].as_str()), (403, Some("forbidden")), "{err}");

        let id = create(&app, &ru, &document("ru-joint", &["RU"], "sponsors"), true).await;
        let (_, mut record) = record_of(&app, "ru-joint", &ru).await;
        record["sponsors"] = json!(["RU", "KZ"]);
        let (status, err) = app.put(&format!("/api/v1/documents/{id}"), &record, Some(&ru)).await;
        assert_eq!((status, err["error"]["code"].as_str()), (403, Some("forbidden")), "Russia cannot sign Kazakhstan up: {err}");

        // Once circulated, Kazakhstan's delegate adds Kazakhstan herself.
        let (_, mut record) = record_of(&app, "ru-joint", &kz).await;
        record["sponsors"] = json!(["RU", "KZ"]);
        let (status, doc) = app.put(&format!("/api/v1/documents/{id}"), &record, Some(&kz)).await;
        assert_eq!(status, 200, "{doc}");
        assert_eq!(doc["sponsors"], json!(["RU", "KZ"]));
    }
}

on_both_engines! {
    async fn a_public_document_does_not_name_the_restricted_agenda_item_it_is_under(app) {
        let officer = app.token("officer").await;
        let id = create(&app, &officer, &document("public-under-restricted", &["secretariat"], "public"), true).await;
        let (status, item) = app
            .post(
                "/api/v1/agenda-items",
                &json!({"meeting": "cfm-2018-06-almaty", "number": 13, "title": {"en": "Closed item"}, "kind": "decision",
                        "visibility": "restricted", "documents": ["public-under-restricted"]}),
                Some(&officer),
            )
            .await;
        assert_eq!(status, 201, "{item}");
        let (_, seen) = app.get(&format!("/api/v1/documents/{id}"), Some(&officer)).await;
        assert_eq!(seen["agenda_items"], json!([["cfm-2018-06-almaty", 13]]));
        for token in [None, Some(app.token("delegate-kz").await), Some(app.token("press").await)] {
            let (status, doc) = app.get(&format!("/api/v1/documents/{id}"), token.as_deref()).await;
            assert_eq!(status, 200);
            assert_eq!(doc["agenda_items"], json!([]), "{doc}");
        }
    }
}

on_both_engines! {
    async fn a_statements_list_names_its_list_document_only_to_those_who_may_see_it(app) {
        let officer = app.token("officer").await;
        let list = json!({"key": "statements-2019", "organisation": "CSTO", "body": "CFM", "year": 2019, "cutoff": "2019-03-01"});
        assert_eq!(app.post("/api/v1/statements-lists", &list, Some(&officer)).await.0, 201);
        let proposal = json!({"list": "statements-2019", "key": "p-ru", "state": "RU", "forum": "UNGA", "included": true,
                              "topic": {"en": "Topic", "ru": "Тема"}});
        assert_eq!(app.post("/api/v1/proposals", &proposal, Some(&officer)).await.0, 201);
        let (status, doc) = app.post("/api/v1/statements-lists/statements-2019/compilation", &json!({}), Some(&officer)).await;
        assert_eq!(status, 201, "{doc}");
        assert_eq!(doc["visibility"], "members");

        let (_, public) = app.get("/api/v1/statements-lists/statements-2019", None).await;
        assert!(public["document"].is_null(), "{public}");
        let (_, listed) = app.get("/api/v1/statements-lists?organisation=CSTO", None).await;
        assert!(!listed.to_string().contains("statements-2019-list"), "{listed}");
        let (_, member) = app.get("/api/v1/statements-lists/statements-2019", Some(&app.token("delegate-kz").await)).await;
        assert_eq!(member["document"], "statements-2019-list");
    }
}

on_both_engines! {
    async fn a_revision_keeps_to_the_text_limit_and_the_working_languages_and_their_number_is_bounded(app) {
        let officer = app.token("officer").await;
        let id = create(&app, &officer, &document("long-revisions", &["secretariat"], "members"), false).await;
        let path = format!("/api/v1/documents/{id}/revisions");
        let too_long = "x".repeat(200_001);
        for texts in [json!({"ru": too_long}), json!({"ru": "Текст", "de": "Text"}), json!({"ru": "   "})] {
            let (status, err) = app.post(&path, &json!({"texts": texts}), Some(&officer)).await;
            assert_eq!(status, 422, "{err}");
        }
        let (_, doc) = app.get(&format!("/api/v1/documents/{id}"), Some(&officer)).await;
        assert_eq!(doc["revisions"].as_array().unwrap().len(), 1, "nothing was written");
        for n in 1..100 {
            let (status, doc) = app.post(&path, &json!({"texts": {"ru": format!("Редакция {n}")}}), Some(&officer)).await;
            assert_eq!(status, 201, "{doc}");
        }
        let (status, err) = app.post(&path, &json!({"texts": {"ru": "Редакция 100"}}), Some(&officer)).await;
        assert_eq!((status, err["error"]["code"].as_str()), (409, Some("too_many_revisions")), "{err}");
    }
}
