//! The plans page and the legal basis register in the browser: the demo's plans with their periods and no items
//! yet; the officer adds an item, changes it and reports progress; nobody else is offered a form, and her post is
//! refused; bad input is refused at its field with everything typed kept and nothing written; a stale change shows
//! the stored values; the register shows the demo's signatures and entry into force, and refuses a ratification
//! before the signature at its field. The page reads as many statements for many plans and items as for few.

use reqwest::{Client, StatusCode};
use secretariat_core::store::Store;
use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::json;

use crate::support::{get_html, hidden_csrf, post_form, signed_in_browser};

const PLANS: &str = "/organisations/CSTO/plans";
const LEGAL: &str = "/organisations/CSTO/legal-basis";

/// A signed-in browser on the plans page, with its CSRF token.
async fn on_plans(app: &TestApp, who: &str) -> (Client, String, String) {
    let b = signed_in_browser(app, who).await;
    let (status, page) = get_html(&b, app, PLANS).await;
    assert_eq!(status, StatusCode::OK);
    let csrf = hidden_csrf(&page);
    (b, csrf, page)
}

async fn id_of(app: &TestApp, key: &str) -> i64 {
    let (status, doc) = app.get(&format!("/api/v1/documents/{key}"), Some(&app.token("officer").await)).await;
    assert_eq!(status, 200, "{doc}");
    doc["id"].as_i64().unwrap()
}

/// The items of a plan, as the officer reads them through the API.
async fn items_of(app: &TestApp, plan: &str) -> Vec<serde_json::Value> {
    let token = app.token("officer").await;
    let (_, list) = app.get("/api/v1/plan-items?limit=500", Some(&token)).await;
    list["items"].as_array().unwrap().iter().filter(|i| i["plan"] == plan).cloned().collect()
}

const ITEM: &[(&str, &str)] = &[
    ("title-en", "Consultations of experts on information security"),
    ("title-ru", "Консультации экспертов по информационной безопасности"),
    ("kind", "consultation"),
    ("from", "2018-09-01"),
    ("to", "2018-12-31"),
    ("responsible", "KZ"),
    ("responsible", "secretariat"),
    ("status", "planned"),
];

on_both_engines! {
    async fn the_plans_page_shows_the_demos_roadmap_and_plan_of_consultations_with_their_periods_and_no_items_yet(app) {
        let (status, en) = app.page(&format!("{PLANS}?lang=en")).await;
        assert_eq!(status, 200);
        assert!(en.contains("Roadmap (Action Plan) of the CSTO Secretariat"), "the roadmap, by its title");
        assert!(en.contains("<dd>2018–2021</dd>") && en.contains("<dd>H2 2018 – H1 2019</dd>"), "periods as people say them");
        assert!(en.contains("CSTO/CFM/2018/PLAN/1") && en.contains("href=\"/documents/cfm-2018-consultations-plan\""));
        assert_eq!(en.matches("No items are recorded for this plan yet.").count(), 2, "neither plan has items");
        assert!(!en.contains("/plan-items\""), "the public is offered no form");
        let (_, ru) = app.page(&format!("{PLANS}?lang=ru")).await;
        assert!(ru.contains("<dd>2018–2021 гг.</dd>") && ru.contains("<dd>II полугодие 2018 г. – I полугодие 2019 г.</dd>"));
        assert!(ru.contains("Пункты этого плана пока не внесены."));
        let (_, home) = app.page("/organisations/CSTO").await;
        assert!(home.contains("href=\"/organisations/CSTO/plans\"") && home.contains("href=\"/organisations/CSTO/legal-basis\""));
        assert_eq!(app.page("/organisations/NOWHERE/plans").await.0, 404);
    }
}

on_both_engines! {
    async fn the_officer_adds_an_item_changes_it_and_reports_progress_and_sees_them_on_the_page(app) {
        let (b, csrf, page) = on_plans(&app, "officer").await;
        let plan = id_of(&app, "cfm-2018-consultations-plan").await;
        assert!(page.contains(&format!("action=\"/documents/{plan}/plan-items\"")), "the officer is offered the form");
        let (status, location, _) = post_form(&b, &app, &format!("/documents/{plan}/plan-items"), &csrf, ITEM).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let items = items_of(&app, "cfm-2018-consultations-plan").await;
        assert_eq!(items.len(), 1);
        let item = &items[0];
        assert_eq!(item["number"], 1, "numbered after the last, the first");
        assert_eq!(location, format!("/organisations/CSTO/plans#item-{}", item["id"]));
        let id = item["id"].as_i64().unwrap();

        let progress = [("on", "2018-10-15"), ("text-en", "Held in Moscow"), ("text-ru", "Проведены в Москве")];
        let (status, _, _) = post_form(&b, &app, &format!("/plan-items/{id}/progress"), &csrf, &progress).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let version = items_of(&app, "cfm-2018-consultations-plan").await[0]["version"].to_string();
        let mut changed: Vec<(&str, &str)> = ITEM.iter().filter(|(k, _)| *k != "status").copied().collect();
        changed.extend([("status", "done"), ("version", version.as_str()), ("number", "1")]);
        let (status, _, _) = post_form(&b, &app, &format!("/plan-items/{id}"), &csrf, &changed).await;
        assert_eq!(status, StatusCode::SEE_OTHER);

        let (_, en) = get_html(&b, &app, &format!("{PLANS}?lang=en")).await;
        assert!(en.contains("Consultations of experts on information security"));
        assert!(en.contains("1 September 2018 – 31 December 2018"), "its period");
        assert!(en.contains("Kazakhstan, the Secretariat"), "responsible by name");
        assert!(en.contains("<strong>15 October 2018</strong>: <span class=\"text\">Held in Moscow</span>"), "the report by its day");
        assert!(en.contains(">done</td>"), "the status in words");
        assert_eq!(en.matches("No items are recorded for this plan yet.").count(), 1, "the roadmap still has none");
        let (_, ru) = app.page(&format!("{PLANS}?lang=ru")).await;
        assert!(ru.contains("Казахстан, Секретариат") && ru.contains("Проведены в Москве") && ru.contains(">выполнено</td>"));
    }
}

on_both_engines! {
    async fn a_delegate_is_offered_no_form_and_her_post_is_refused_and_writes_nothing(app) {
        let (b, csrf, page) = on_plans(&app, "delegate-ru").await;
        assert!(!page.contains("/plan-items\"") && !page.contains("/progress\""), "no form for a delegate");
        let plan = id_of(&app, "cfm-2018-consultations-plan").await;
        let treaty = id_of(&app, "charter-protocol-2").await;
        // Read after the lookups, which issue API tokens (and so write).
        let head = app.store.audit_head().await.unwrap();
        let (status, _, html) = post_form(&b, &app, &format!("/documents/{plan}/plan-items"), &csrf, ITEM).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(html.contains("<html"), "a page, not a bare status");
        let sig = [("state", "RU"), ("signed_on", "2018-11-08"), ("ratified_on", "2019-06-01")];
        assert_eq!(post_form(&b, &app, &format!("/documents/{treaty}/signatures"), &csrf, &sig).await.0, StatusCode::FORBIDDEN);
        assert_eq!(app.store.audit_head().await.unwrap(), head, "nothing written");
        let (_, legal) = get_html(&b, &app, LEGAL).await;
        assert!(!legal.contains("/signatures\"") && !legal.contains("/entry-into-force\""), "no form on the register");
    }
}

on_both_engines! {
    async fn bad_input_is_refused_at_its_field_with_everything_typed_kept_and_nothing_written(app) {
        let (b, csrf, _) = on_plans(&app, "officer").await;
        let plan = id_of(&app, "cfm-2018-consultations-plan").await;
        let path = format!("/documents/{plan}/plan-items");
        let head = app.store.audit_head().await.unwrap();
        let mut zero = ITEM.to_vec();
        zero.push(("number", "0"));
        let (status, _, html) = post_form(&b, &app, &path, &csrf, &zero).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains(&format!("id=\"add-{plan}-number-error\">Items are numbered from 1.")), "at the number");
        assert!(html.contains("value=\"Consultations of experts on information security\""), "the title kept");
        let backwards: Vec<_> = ITEM.iter().map(|&(k, v)| if k == "to" { (k, "2018-08-01") } else { (k, v) }).collect();
        let (status, _, html) = post_form(&b, &app, &path, &csrf, &backwards).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains(&format!("id=\"add-{plan}-to-error\">")) && html.contains("value=\"2018-08-01\""));
        assert!(html.contains("<option value=\"KZ\" selected>"), "the responsible chosen are still chosen");
        assert_eq!(app.store.audit_head().await.unwrap(), head, "nothing written");

        assert_eq!(post_form(&b, &app, &path, &csrf, ITEM).await.0, StatusCode::SEE_OTHER);
        let id = items_of(&app, "cfm-2018-consultations-plan").await[0]["id"].as_i64().unwrap();
        let head = app.store.audit_head().await.unwrap();
        let empty = [("on", "2018-10-15"), ("text-en", "  ")];
        let (status, _, html) = post_form(&b, &app, &format!("/plan-items/{id}/progress"), &csrf, &empty).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains(&format!("id=\"progress-{id}-text-error\"")) && html.contains("value=\"2018-10-15\""));
        let early = [("on", "2018-06-30"), ("text-en", "Too early")];
        let (status, _, html) = post_form(&b, &app, &format!("/plan-items/{id}/progress"), &csrf, &early).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains(&format!("id=\"progress-{id}-on-error\">A progress report cannot come before the plan begins.")));
        assert!(html.contains(">Too early</textarea>"), "the report kept");
        assert_eq!(app.store.audit_head().await.unwrap(), head, "nothing written");
    }
}

on_both_engines! {
    async fn a_change_to_an_item_changed_meanwhile_is_a_conflict_that_shows_the_stored_values(app) {
        let (b, csrf, _) = on_plans(&app, "officer").await;
        let plan = id_of(&app, "cfm-2018-peacekeeping-roadmap").await;
        assert_eq!(post_form(&b, &app, &format!("/documents/{plan}/plan-items"), &csrf, ITEM).await.0, StatusCode::SEE_OTHER);
        let item = items_of(&app, "cfm-2018-peacekeeping-roadmap").await.remove(0);
        let id = item["id"].as_i64().unwrap();
        let read_at = item["version"].to_string();
        // Someone else marks it in progress meanwhile.
        let mut other = item.clone();
        other.as_object_mut().unwrap().remove("id");
        other["status"] = json!("in_progress");
        let (status, body) = app.put(&format!("/api/v1/plan-items/{id}"), &other, Some(&app.token("officer").await)).await;
        assert_eq!(status, 200, "{body}");
        let head = app.store.audit_head().await.unwrap();
        let mut mine: Vec<(&str, &str)> = ITEM.iter().filter(|(k, _)| *k != "status").copied().collect();
        mine.extend([("status", "cancelled"), ("version", read_at.as_str())]);
        let (status, _, html) = post_form(&b, &app, &format!("/plan-items/{id}"), &csrf, &mine).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(html.contains("class=\"conflict\""), "{html}");
        assert!(html.contains("<td data-label=\"Stored now\">in_progress</td><td data-label=\"What you typed\">cancelled</td>"), "stored beside typed");
        assert!(html.contains("<option value=\"cancelled\" selected>"), "what was typed is kept");
        assert_eq!(app.store.audit_head().await.unwrap(), head, "nothing written");
    }
}

on_both_engines! {
    async fn the_legal_basis_shows_the_demos_signatures_and_entry_into_force_in_both_languages(app) {
        let (status, en) = app.page(&format!("{LEGAL}?on=2021-06-01&lang=en")).await;
        assert_eq!(status, 200);
        assert!(en.contains("On 1 June 2021, 4 of 6 agreements and protocols are in force."), "the count as of the day");
        assert!(en.contains("In force since 19 January 2021") && en.contains("In force since 18 September 2003"));
        assert!(en.contains("<caption>Signature and ratification: Protocol No. 2"), "a table with its caption");
        assert!(en.contains("<th scope=\"row\">Kazakhstan</th><td data-label=\"Signed on\">8 November 2018</td>"));
        let (_, before) = app.page(&format!("{LEGAL}?on=2018-06-11&lang=en")).await;
        assert!(before.contains("On 11 June 2018, 2 of 6 agreements and protocols are in force."));
        assert!(before.contains("Not yet in force: enters into force on 19 January 2021"));
        assert!(before.contains("<td data-label=\"Signed on\">—</td>"), "not yet signed on the day");
        let (_, ru) = app.page(&format!("{LEGAL}?on=2021-06-01&lang=ru")).await;
        assert!(ru.contains("По состоянию на 1 июня 2021 г. в силе 4 из 6 соглашений и протоколов."));
        assert!(ru.contains("<th scope=\"row\">Казахстан</th><td data-label=\"Дата подписания\">8 ноября 2018 г.</td>"));
        assert_eq!(app.page(&format!("{LEGAL}?on=yesterday")).await.0, 422);
    }
}

on_both_engines! {
    async fn the_officer_records_a_ratification_and_an_entry_into_force_and_one_before_the_signature_is_refused(app) {
        let b = signed_in_browser(&app, "officer").await;
        let (_, page) = get_html(&b, &app, &format!("{LEGAL}?on=2021-06-01")).await;
        let csrf = hidden_csrf(&page);
        let treaty = id_of(&app, "legal-status-protocol-2018").await;
        let path = format!("/documents/{treaty}/signatures");
        let head = app.store.audit_head().await.unwrap();
        let early = [("on", "2021-06-01"), ("state", "KZ"), ("signed_on", "2018-11-08"), ("ratified_on", "2018-11-07")];
        let (status, _, html) = post_form(&b, &app, &path, &csrf, &early).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains(&format!("id=\"sig-{treaty}-ratified-error\">A ratification needs a signature")), "at the ratification");
        assert!(html.contains("value=\"2018-11-07\"") && html.contains("<option value=\"KZ\" selected>"), "kept as typed");
        let unsigned = [("state", "KZ"), ("ratified_on", "2019-02-01")];
        assert_eq!(post_form(&b, &app, &path, &csrf, &unsigned).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.store.audit_head().await.unwrap(), head, "nothing written");

        let good = [("on", "2021-06-01"), ("state", "KZ"), ("signed_on", "2018-11-08"), ("ratified_on", "2019-02-01")];
        let (status, location, _) = post_form(&b, &app, &path, &csrf, &good).await;
        assert_eq!((status, location), (StatusCode::SEE_OTHER, format!("{LEGAL}?on=2021-06-01#treaty-{treaty}")));
        // Sent again without the version of the signature now recorded: recorded meanwhile, a conflict.
        let (status, _, html) = post_form(&b, &app, &path, &csrf, &good).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(html.contains("class=\"conflict\""));
        let (_, doc) = app.get(&format!("/api/v1/documents/{treaty}"), None).await;
        let version = doc["version"].to_string();
        let force = [("in_force_on", "2021-01-19"), ("version", version.as_str())];
        let (status, _, _) = post_form(&b, &app, &format!("/documents/{treaty}/entry-into-force"), &csrf, &force).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, en) = get_html(&b, &app, &format!("{LEGAL}?on=2021-06-01&lang=en")).await;
        assert!(en.contains("5 of 6 agreements and protocols are in force"));
        assert!(en.contains("Ratified by 1 of 1 signatory states"));
        // A statement never enters into force: refused with a message, nothing written.
        let statement = id_of(&app, "cfm-2018-inf-statement").await;
        let (_, doc) = app.get(&format!("/api/v1/documents/{statement}"), None).await;
        let version = doc["version"].to_string();
        let head = app.store.audit_head().await.unwrap();
        let force = [("in_force_on", "2021-01-19"), ("version", version.as_str())];
        let (status, _, html) = post_form(&b, &app, &format!("/documents/{statement}/entry-into-force"), &csrf, &force).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("class=\"error\" role=\"alert\""), "said above the register");
        assert_eq!(app.store.audit_head().await.unwrap(), head, "nothing written");

        // The treaty's own page says where it stands today, and its history tells both acts.
        // (Read by the public: the officer's session would not outlive the years the clock moves on.)
        app.clock.set("2021-06-01T09:00:00Z".parse().unwrap());
        let (_, own) = app.page("/documents/legal-status-protocol-2018?lang=en").await;
        let standing = &own[own.find("id=\"treaty\"").expect("the treaty's standing")..];
        let standing = &standing[..standing.find("</section>").unwrap()];
        assert!(standing.contains("In force since 19 January 2021"), "{standing}");
        assert!(standing.contains("<th scope=\"row\">Kazakhstan</th><td data-label=\"Signed on\">8 November 2018</td><td data-label=\"Ratified on\">1 February 2019</td>"), "{standing}");
        assert!(standing.contains("href=\"/organisations/CSTO/legal-basis\""), "the register, where it is recorded: {standing}");
        let history = &own[own.find("id=\"events\"").expect("the treaty's history")..];
        for step in ["Kazakhstan ratified it (signed on 8 November 2018)", "Entry into force recorded: in force from 19 January 2021"] {
            assert!(history.contains(step), "the history reads «{step}»: {history}");
        }
    }
}

/// Adds `plans` plans of `items` items each to the demo, through the API.
async fn add_plans(app: &TestApp, plans: usize, items: usize, offset: usize) {
    let token = app.token("officer").await;
    for p in 0..plans {
        let key = format!("load-plan-{}", p + offset);
        let body = json!({"key": key, "organisation": "CSTO", "body": "CFM", "kind": "plan",
            "title": {"en": format!("Plan {p}")}, "sponsors": ["secretariat"], "original_language": "ru",
            "visibility": "public", "period": {"from": "2019-01-01", "to": "2019-12-31"},
            "texts": {"ru": "Текст"}});
        let (status, doc) = app.post("/api/v1/documents", &body, Some(&token)).await;
        assert_eq!(status, 201, "{doc}");
        for i in 1..=items {
            let item = json!({"plan": key, "number": i, "title": {"en": format!("Item {i}")}, "kind": "consultation",
                "to": "2019-12-31", "responsible": ["secretariat"], "status": "planned", "meeting": "cfm-2018-06-almaty",
                "progress": [{"on": "2019-02-01", "text": {"en": "Begun"}}]});
            let (status, body) = app.post("/api/v1/plan-items", &item, Some(&token)).await;
            assert_eq!(status, 201, "{body}");
        }
    }
}

async fn statements(app: &TestApp, path: &str, token: Option<&str>) -> u64 {
    let mut fewest = u64::MAX;
    for _ in 0..3 {
        let before = app.store.statements().get();
        assert_eq!(app.request(reqwest::Method::GET, path, token).send().await.unwrap().status(), 200);
        fewest = fewest.min(app.store.statements().get() - before);
    }
    fewest
}

on_both_engines! {
    async fn the_plans_page_reads_as_many_statements_for_many_plans_and_items_as_for_few(app) {
        // With no rendered view kept, so that each request runs its handler.
        let engine = app.engine;
        app.stop().await;
        let app = TestApp::spawn_demo_with_cache(engine, 0).await.unwrap();
        let officer = app.token("officer").await;
        add_plans(&app, 1, 2, 0).await;
        let few = (statements(&app, PLANS, None).await, statements(&app, PLANS, Some(&officer)).await);
        add_plans(&app, 4, 6, 1).await;
        let many = (statements(&app, PLANS, None).await, statements(&app, PLANS, Some(&officer)).await);
        assert_eq!(few, many, "statements for 3 plans and 2 items, and for 7 plans and 26 items");
    }
}
