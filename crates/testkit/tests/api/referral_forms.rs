//! Referral to a higher body, and corrigenda and addenda, in the browser's terms (forms posted, pages read): the
//! Secretariat refers an adopted document to a meeting of a higher body and records that body's outcome from the
//! document page, which then reads the referral in words; a delegate is offered neither form and is refused as the
//! API refuses her; a referral of a document the reader may not see is not found, as a missing one; and a
//! corrigendum is drafted from its document's page and listed there.

use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::{json, Value};

use crate::support::{page_as, post_with_token};

const INF: &str = "/documents/cfm-2018-inf-statement";

/// The part of a page from the element with `id` to the end of its section.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let from = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id} in:\n{html}"));
    let rest = &html[from..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

/// A statement of Russia's of `visibility`, adopted at the ministers' meeting in Almaty and referred to the heads of
/// state in Astana, through the API: its view.
async fn referred(app: &TestApp, officer: &str, key: &str, visibility: &str) -> Value {
    let ru = app.token("delegate-ru").await;
    let draft = json!({"key": key, "organisation": "CSTO", "body": "CFM", "kind": "statement",
        "title": {"en": format!("Statement {key}"), "ru": format!("Заявление {key}")}, "sponsors": ["RU"],
        "original_language": "ru", "visibility": visibility, "texts": {"ru": "Министры заявляют", "en": "The ministers state"}});
    let (status, doc) = app.post("/api/v1/documents", &draft, Some(&ru)).await;
    assert_eq!(status, 201, "{doc}");
    let id = doc["id"].as_i64().unwrap();
    let (status, body) =
        app.post(&format!("/api/v1/documents/{id}/transitions"), &json!({"to": "circulated"}), Some(officer)).await;
    assert_eq!(status, 200, "{body}");
    let item = json!({"meeting": "cfm-2018-06-almaty", "number": 13, "title": {"en": format!("Statement {key}")},
        "kind": "decision", "visibility": visibility, "documents": [key]});
    let (status, item) = app.post("/api/v1/agenda-items", &item, Some(officer)).await;
    assert_eq!(status, 201, "{item}");
    let (status, body) = app
        .post(&format!("/api/v1/agenda-items/{}/outcome", item["id"]), &json!({"outcome": "adopted"}), Some(officer))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, doc) = app
        .post(&format!("/api/v1/documents/{id}/referrals"), &json!({"meeting": "csc-2018-11-astana"}), Some(officer))
        .await;
    assert_eq!(status, 201, "{doc}");
    doc
}

on_both_engines! {
    async fn the_officer_refers_the_adopted_statement_to_the_heads_of_state_and_records_their_outcome_by_written_procedure(app) {
        // The demo's statement was adopted in Almaty on 11 June 2018; the officer keys in the referral on the 20th.
        app.clock.set("2018-06-20T09:00:00Z".parse().unwrap());
        let officer = app.token("officer").await;
        let (status, page) = page_as(&app, INF, &officer).await;
        assert_eq!(status, 200);
        let form = section(&page, "referrals");
        assert!(form.contains("action=\"/documents/cfm-2018-inf-statement/referrals\""), "{form}");
        assert!(form.contains("Collective Security Council — Astana"), "the meetings are named in words: {form}");
        let (astana, minsk) = (form.find("value=\"csc-2018-11-astana\"").unwrap(), form.find("value=\"csc-2017-11-minsk\"").unwrap());
        assert!(astana < minsk, "the coming meeting is offered before the past one");
        assert!(!form.contains("value=\"cfm-2018-06-almaty\""), "not a meeting of the document's own body");

        let path = "/documents/cfm-2018-inf-statement/referrals";
        let (status, location, body) = post_with_token(&app, path, &officer, &[("meeting", "csc-2018-11-astana"), ("at", "2018-06-15")]).await;
        assert_eq!((status, location.as_str()), (303, "/documents/cfm-2018-inf-statement#referrals"), "{body}");
        let (_, page) = page_as(&app, INF, &officer).await;
        let trail = section(&page, "referrals");
        for shown in ["Collective Security Council", "href=\"/meetings/csc-2018-11-astana\"", "Astana, 8 November 2018", "15 June 2018", "Not decided yet"] {
            assert!(trail.contains(shown), "the referral reads «{shown}»: {trail}");
        }
        assert!(!trail.contains("action=\"/documents/cfm-2018-inf-statement/referrals\""), "a referred document is not referred again");
        let (_, doc) = app.get("/api/v1/documents/cfm-2018-inf-statement", Some(&officer)).await;
        assert_eq!(doc["status"], "referred");
        let referral = doc["referrals"][0]["id"].as_i64().unwrap();
        let outcome = format!("/referrals/{referral}/outcome");
        assert!(trail.contains(&format!("action=\"{outcome}\"")), "{trail}");

        // By written procedure without its day: refused at the day, nothing recorded.
        let fields = [("document", "cfm-2018-inf-statement"), ("outcome", "adopted"), ("how", "written")];
        let (status, _, body) = post_with_token(&app, &outcome, &officer, &fields).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains(&format!("id=\"referral-at-{referral}-error\"")), "{body}");
        assert!(body.contains("A decision by written procedure needs its day."), "{body}");
        let (_, doc) = app.get("/api/v1/documents/cfm-2018-inf-statement", Some(&officer)).await;
        assert!(doc["referrals"][0]["outcome"].is_null());

        let fields = [("document", "cfm-2018-inf-statement"), ("outcome", "adopted"), ("how", "written"), ("at", "2018-06-19")];
        let (status, location, body) = post_with_token(&app, &outcome, &officer, &fields).await;
        assert_eq!((status, location.as_str()), (303, "/documents/cfm-2018-inf-statement#referrals"), "{body}");
        let (_, doc) = app.get("/api/v1/documents/cfm-2018-inf-statement", None).await;
        assert_eq!(doc["referrals"][0]["decided_by"], "written_procedure");
        let (_, page) = page_as(&app, INF, &officer).await;
        let trail = section(&page, "referrals");
        assert!(trail.contains("Adopted by written procedure, 19 June 2018"), "{trail}");
        assert!(!trail.contains(&format!("action=\"{outcome}\"")), "a decided referral offers no outcome form");
        let (_, page) = page_as(&app, &format!("{INF}?lang=ru"), &officer).await;
        let trail = section(&page, "referrals");
        assert!(trail.contains("Совет коллективной безопасности") && trail.contains("в порядке письменной процедуры, 19 июня 2018"), "{trail}");
    }
}

on_both_engines! {
    async fn a_delegate_is_offered_neither_form_and_is_refused_as_the_api_refuses_her(app) {
        app.clock.set("2018-06-20T09:00:00Z".parse().unwrap());
        let officer = app.token("officer").await;
        let ru = app.token("delegate-ru").await;
        let (_, page) = page_as(&app, INF, &ru).await;
        assert!(!page.contains("/referrals\""), "no referral form for a delegate");
        let (_, inf) = app.get("/api/v1/documents/cfm-2018-inf-statement", None).await;
        let (api, err) = app.post(&format!("/api/v1/documents/{}/referrals", inf["id"]), &json!({"meeting": "csc-2018-11-astana"}), Some(&ru)).await;
        let (status, _, body) = post_with_token(&app, "/documents/cfm-2018-inf-statement/referrals", &ru, &[("meeting", "csc-2018-11-astana")]).await;
        assert_eq!((api, err["error"]["code"].as_str()), (403, Some("forbidden")));
        assert_eq!(status, api, "{body}");

        let doc = referred(&app, &officer, "ru-referred-statement", "members").await;
        let referral = doc["referrals"][0]["id"].as_i64().unwrap();
        let (_, page) = page_as(&app, "/documents/ru-referred-statement", &ru).await;
        assert!(section(&page, "referrals").contains("Not decided yet"), "she reads the referral");
        assert!(!page.contains("/outcome\""), "no outcome form for a delegate");
        let (api, _) = app.post(&format!("/api/v1/referrals/{referral}/outcome"), &json!({"outcome": "adopted", "at": "2018-06-19"}), Some(&ru)).await;
        let fields = [("document", "ru-referred-statement"), ("outcome", "adopted"), ("how", "written"), ("at", "2018-06-19")];
        let (status, _, body) = post_with_token(&app, &format!("/referrals/{referral}/outcome"), &ru, &fields).await;
        assert_eq!((status, api), (403, 403), "{body}");
        let (_, doc) = app.get("/api/v1/documents/ru-referred-statement", Some(&officer)).await;
        assert!(doc["referrals"][0]["outcome"].is_null(), "nothing recorded");
    }
}

on_both_engines! {
    async fn a_referral_of_a_document_the_reader_may_not_see_is_not_found_as_a_missing_one(app) {
        let officer = app.token("officer").await;
        let press = app.token("press").await;
        let doc = referred(&app, &officer, "ru-members-statement", "members").await;
        let referral = doc["referrals"][0]["id"].as_i64().unwrap();
        let fields = [("document", "ru-members-statement"), ("outcome", "adopted"), ("how", "written"), ("at", "2018-06-01")];
        let (hidden, _, hidden_body) = post_with_token(&app, &format!("/referrals/{referral}/outcome"), &press, &fields).await;
        let (missing, _, missing_body) = post_with_token(&app, "/referrals/999999/outcome", &press, &fields).await;
        let (api, _) = app.post(&format!("/api/v1/referrals/{referral}/outcome"), &json!({"outcome": "adopted", "at": "2018-06-01"}), Some(&press)).await;
        assert_eq!((hidden, missing, api), (404, 404, 404));
        assert_eq!(hidden_body, missing_body, "the answer says nothing of the hidden document");
        // A referral named with another document than its own is not found either, even for the Secretariat.
        let inf = [("document", "cfm-2018-inf-statement"), ("outcome", "adopted"), ("how", "written"), ("at", "2018-06-01")];
        let (status, _, _) = post_with_token(&app, &format!("/referrals/{referral}/outcome"), &officer, &inf).await;
        assert_eq!(status, 404);
        let (_, doc) = app.get("/api/v1/documents/ru-members-statement", Some(&officer)).await;
        assert!(doc["referrals"][0]["outcome"].is_null(), "nothing recorded");
    }
}

on_both_engines! {
    async fn the_officer_drafts_a_corrigendum_from_the_document_page_and_the_page_lists_it(app) {
        let officer = app.token("officer").await;
        let ru = app.token("delegate-ru").await;
        let (_, page) = page_as(&app, INF, &officer).await;
        let part = section(&page, "amendments");
        assert!(part.contains("action=\"/documents/new\"") && part.contains("name=\"amends\" value=\"cfm-2018-inf-statement\""), "{part}");
        let (_, page) = page_as(&app, INF, &ru).await;
        assert!(!page.contains("id=\"amendments\""), "a delegate starts no corrigendum, and there is none to list");

        let (status, form) = page_as(&app, "/documents/new?amends=cfm-2018-inf-statement&amendment=corrigendum", &officer).await;
        assert_eq!(status, 200);
        assert!(form.contains("Corrigendum to CSTO/CFM/2018/STM/1"), "{form}");
        assert!(form.contains("value=\"cfm-2018-inf-statement-corr\""), "the key is suggested: {form}");
        let (status, _) = page_as(&app, "/documents/new?amends=no-such-document", &officer).await;
        assert_eq!(status, 404);

        let (_, parent) = app.get("/api/v1/documents/cfm-2018-inf-statement", Some(&officer)).await;
        let title_en = parent["title"]["en"].as_str().unwrap().to_owned();
        let fields = [("body", "CSTO/CFM"), ("amends", "cfm-2018-inf-statement"), ("amendment", "corrigendum"),
            ("key", "cfm-2018-inf-statement-corr"), ("sponsor", "RU"), ("kind", "statement"), ("original_language", "ru"),
            ("visibility", "public"), ("title-en", title_en.as_str()), ("text-ru", "В пункте 2 вместо «2018» читать «2019»")];
        let (status, location, body) = post_with_token(&app, "/documents", &officer, &fields).await;
        assert_eq!((status, location.as_str()), (303, "/documents/cfm-2018-inf-statement-corr"), "{body}");
        let (_, corrigendum) = app.get("/api/v1/documents/cfm-2018-inf-statement-corr", Some(&officer)).await;
        assert_eq!(corrigendum["amends"], json!({"document": "cfm-2018-inf-statement", "kind": "corrigendum"}));
        let id = corrigendum["id"].as_i64().unwrap();
        let (status, circulated) = app.post(&format!("/api/v1/documents/{id}/transitions"), &json!({"to": "circulated"}), Some(&officer)).await;
        assert_eq!((status, circulated["symbol"].as_str()), (200, Some("CSTO/CFM/2018/STM/1/Corr.1")), "{circulated}");

        let (_, page) = page_as(&app, INF, &ru).await;
        let part = section(&page, "amendments");
        assert!(part.contains("href=\"/documents/cfm-2018-inf-statement-corr\"") && part.contains("CSTO/CFM/2018/STM/1/Corr.1"), "{part}");
        let (_, page) = page_as(&app, "/documents/cfm-2018-inf-statement-corr", &ru).await;
        assert!(page.contains("Corrigendum to") && page.contains("href=\"/documents/cfm-2018-inf-statement\""), "{page}");
    }
}
