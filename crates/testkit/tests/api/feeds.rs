//! Documents for machines: iCalendar feeds of an organisation and a body, Akoma Ntoso of adopted documents, Popolo
//! of an organisation; what a viewer may not see leaves no trace in any of them. The third-party parsers' checks
//! are in `third_party.rs`.

use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::{json, Value};

use crate::support::assert_error;

/// The text of a path and its content type, as `who` reads it.
pub async fn fetch(app: &TestApp, path: &str, token: Option<&str>) -> (u16, String, String) {
    let r = app.request(reqwest::Method::GET, path, token).send().await.unwrap();
    let status = r.status().as_u16();
    let kind = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, kind, r.text().await.unwrap())
}

/// Unfolds iCalendar content lines.
pub fn unfold(ics: &str) -> String {
    ics.replace("\r\n ", "")
}

/// Gives the demo's restricted sitting in Almaty its time, 10:00 local, as the officer.
pub async fn time_the_almaty_sitting(app: &TestApp, token: &str) {
    let (_, events) = app.get("/api/v1/programme-events?limit=500", Some(token)).await;
    let sitting = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["meeting"] == "cfm-2018-06-almaty" && e["key"] == "restricted")
        .expect("the restricted sitting")
        .clone();
    let mut changed = sitting.clone();
    changed.as_object_mut().unwrap().remove("id");
    changed["at"] = json!("10:00:00");
    let (status, body) = app.put(&format!("/api/v1/programme-events/{}", sitting["id"]), &changed, Some(token)).await;
    assert_eq!(status, 200, "{body}");
}

/// The first adopted public document of the demo that has a Russian text.
pub async fn adopted_public_document(app: &TestApp) -> Value {
    let (_, list) = app.get("/api/v1/documents?organisation=CSTO&limit=500", None).await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["status"] == "adopted"
                && d["revisions"]
                    .as_array()
                    .and_then(|r| r.last())
                    .is_some_and(|r| r["versions"].as_array().unwrap().iter().any(|v| v["language"] == "ru"))
        })
        .expect("an adopted public document with a Russian text")
        .clone()
}

on_both_engines! {
    async fn the_organisation_calendar_gives_the_almaty_sitting_at_ten_in_almaty_time_with_its_zone(app) {
        let token = app.token("officer").await;
        time_the_almaty_sitting(&app, &token).await;
        let (status, kind, ics) = fetch(&app, "/organisations/CSTO/calendar.ics?lang=en", None).await;
        assert_eq!(status, 200, "{ics}");
        assert_eq!(kind, "text/calendar; charset=utf-8");
        let ics = unfold(&ics);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{ics}");
        for line in [
            "UID:event.cfm-2018-06-almaty.restricted.csto@secretariat",
            "DTSTART;TZID=Asia/Almaty:20180611T100000",
            "BEGIN:VTIMEZONE\r\nTZID:Asia/Almaty\r\nBEGIN:STANDARD",
            "TZOFFSETFROM:+0600\r\nTZOFFSETTO:+0600",
            "UID:meeting.cfm-2018-06-almaty.csto@secretariat",
            "DTSTART;VALUE=DATE:20180611",
            "LOCATION:Almaty\\, Kazakhstan",
        ] {
            assert!(ics.contains(line), "no `{line}` in\n{ics}");
        }
        let (_, _, again) = fetch(&app, "/organisations/CSTO/calendar.ics?lang=en", None).await;
        assert_eq!(unfold(&again), ics, "the same record gives the same feed, UIDs and all");
        let (_, _, russian) = fetch(&app, "/organisations/CSTO/calendar.ics?lang=ru", None).await;
        assert!(unfold(&russian).contains("LOCATION:Алматы\\, Казахстан"), "{russian}");
    }
}

on_both_engines! {
    async fn a_body_calendar_has_only_that_bodys_meetings_and_an_unknown_body_is_not_found(app) {
        let (status, _, cfm) = fetch(&app, "/organisations/CSTO/bodies/CFM/calendar.ics", None).await;
        assert_eq!(status, 200);
        let (_, _, all) = fetch(&app, "/organisations/CSTO/calendar.ics", None).await;
        let events = |ics: &str| ics.matches("BEGIN:VEVENT").count();
        assert!(events(&cfm) > 0 && events(&cfm) < events(&all), "{} of {}", events(&cfm), events(&all));
        assert!(unfold(&cfm).contains("UID:meeting.cfm-2018-06-almaty.csto@secretariat"));
        assert!(!unfold(&cfm).contains("UID:meeting.csc-"), "a CSC meeting in the CFM's calendar");
        for missing in ["/organisations/CSTO/bodies/NOPE/calendar.ics", "/organisations/NOPE/calendar.ics"] {
            let (status, kind, _) = fetch(&app, missing, None).await;
            assert_eq!((status, kind.starts_with("text/html")), (404, true), "{missing}");
        }
    }
}

on_both_engines! {
    async fn a_cancelled_meeting_is_cancelled_in_the_calendar_and_its_sequence_grows_with_each_change(app) {
        let token = app.token("officer").await;
        let id = app.almaty_id().await;
        let sequence = |ics: &str| {
            let ics = unfold(ics);
            let event = ics.split("BEGIN:VEVENT").find(|e| e.contains("UID:meeting.cfm-2018-06-almaty.")).unwrap().to_owned();
            let n: i64 = event.split("SEQUENCE:").nth(1).unwrap().split("\r\n").next().unwrap().parse().unwrap();
            (n, event)
        };
        let (_, _, before) = fetch(&app, "/organisations/CSTO/calendar.ics", None).await;
        let (before, event) = sequence(&before);
        assert!(event.contains("STATUS:CONFIRMED") || event.contains("STATUS:TENTATIVE"), "{event}");
        let (_, meeting) = app.get(&format!("/api/v1/meetings/{id}"), Some(&token)).await;
        let body = json!({"key": "cfm-2018-06-almaty", "organisation": "CSTO", "body": "CFM", "kind": "regular",
            "city": "almaty", "starts_on": "2018-06-11", "ends_on": "2018-06-11", "mode": "in_person",
            "status": "cancelled", "version": meeting["version"]});
        let (status, changed) = app.put(&format!("/api/v1/meetings/{id}"), &body, Some(&token)).await;
        assert_eq!(status, 200, "{changed}");
        let (_, _, after) = fetch(&app, "/organisations/CSTO/calendar.ics", None).await;
        let (after_n, event) = sequence(&after);
        assert!(after_n > before, "SEQUENCE {before} → {after_n}");
        assert!(event.contains("STATUS:CANCELLED"), "{event}");
        let dinner = unfold(&after).split("BEGIN:VEVENT").find(|e| e.contains("working-dinner")).unwrap().to_owned();
        assert!(dinner.contains("STATUS:CANCELLED"), "the eve's dinner of a cancelled meeting: {dinner}");
    }
}

on_both_engines! {
    async fn restricted_agenda_items_leave_no_trace_in_the_public_calendar_and_show_to_the_secretariat(app) {
        let token = app.token("officer").await;
        let id = app.almaty_id().await;
        let (_, meeting) = app.get(&format!("/api/v1/meetings/{id}"), Some(&token)).await;
        let restricted: Vec<String> = meeting["agenda"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["visibility"] == "restricted")
            .map(|i| i["title"]["en"].as_str().unwrap().to_owned())
            .collect();
        assert!(!restricted.is_empty());
        let (_, _, public) = fetch(&app, "/organisations/CSTO/calendar.ics?lang=en", None).await;
        let (_, _, officer) = fetch(&app, "/organisations/CSTO/calendar.ics?lang=en", Some(&token)).await;
        let (public, officer) = (unfold(&public), unfold(&officer));
        for title in &restricted {
            let escaped = secretariat_web::feeds::ics::escape(title);
            assert!(!public.contains(&escaped), "the public calendar names `{title}`");
            assert!(officer.contains(&escaped), "the Secretariat's calendar lacks `{title}`");
        }
    }
}

on_both_engines! {
    async fn an_adopted_public_document_is_akoma_ntoso_in_each_language_and_a_draft_is_not_found(app) {
        let doc = adopted_public_document(&app).await;
        let path = format!("/api/v1/documents/{}/akn?language=ru", doc["id"]);
        let (status, kind, xml) = fetch(&app, &path, None).await;
        assert_eq!((status, kind.as_str()), (200, "application/akn+xml"), "{xml}");
        assert!(xml.contains("<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">"), "{xml}");
        assert!(xml.contains("<FRBRcountry value=\"csto\"/>"), "{xml}");
        assert!(xml.contains("<FRBRlanguage language=\"rus\"/>"), "{xml}");
        let element = if ["statement", "joint_statement", "declaration"].contains(&doc["kind"].as_str().unwrap()) { "statement" } else { "doc" };
        assert!(xml.contains(&format!("<{element} name=\"{}\">", doc["kind"].as_str().unwrap())), "{xml}");
        let title = doc["title"]["ru"].as_str().unwrap();
        assert!(xml.contains(title), "the Russian title in {xml}");

        let (status, body) = app.get(&format!("/api/v1/documents/{}/akn?language=zz", doc["id"]), None).await;
        assert_error((status, &body), 404, "not_found");
        let (status, body) = app.get(&format!("/api/v1/documents/{}/akn?language=RU!", doc["id"]), None).await;
        assert_eq!(status, 400, "{body}");

        let (_, list) = app.get("/api/v1/documents?organisation=CSTO&limit=500", None).await;
        let circulated = list["items"].as_array().unwrap().iter().find(|d| d["status"] == "circulated").unwrap();
        let (status, body) = app.get(&format!("/api/v1/documents/{}/akn", circulated["id"]), None).await;
        assert_error((status, &body), 404, "not_found");
    }
}

on_both_engines! {
    async fn the_popolo_document_has_the_organisation_its_bodies_states_posts_and_people(app) {
        let (status, popolo) = app.get("/api/v1/organisations/CSTO/popolo", None).await;
        assert_eq!(status, 200, "{popolo}");
        let ids = |list: &str| -> Vec<String> {
            popolo[list].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap().to_owned()).collect()
        };
        let organizations = ids("organizations");
        for id in ["CSTO", "CSTO/CFM", "state/KZ", "state/RU"] {
            assert!(organizations.contains(&id.to_owned()), "no organization {id}: {organizations:?}");
        }
        let kz = popolo["memberships"].as_array().unwrap().iter().find(|m| m["member"]["id"] == "state/KZ").unwrap();
        assert_eq!(kz["organization_id"], "CSTO");
        let mandates: Vec<&Value> = popolo["memberships"].as_array().unwrap().iter().filter(|m| m.get("person_id").is_some()).collect();
        assert!(!mandates.is_empty());
        let persons = ids("persons");
        for m in &mandates {
            assert!(persons.contains(&m["person_id"].as_str().unwrap().to_owned()), "{m}");
            assert!(ids("posts").contains(&m["post_id"].as_str().unwrap().to_owned()), "{m}");
        }
        assert!(persons.contains(&"kairat-abdrakhmanov".to_owned()), "{persons:?}");
        let (status, body) = app.get("/api/v1/organisations/NOPE/popolo", None).await;
        assert_error((status, &body), 404, "not_found");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_calendar_page_links_its_feed_for_readers_and_for_calendar_programs_in_english_and_russian() {
    let app = TestApp::spawn_demo(secretariat_testkit::Engine::Sqlite).await.unwrap();
    for (lang, subscribe) in [("en", "Subscribe (iCalendar)"), ("ru", "Подписаться (iCalendar)")] {
        let (status, html) = app.page(&format!("/organisations/CSTO/calendar?year=2018&lang={lang}")).await;
        assert_eq!(status, 200);
        let feed = format!("/organisations/CSTO/calendar.ics?lang={lang}");
        assert!(html.contains(&format!("<link rel=\"alternate\" type=\"text/calendar\" href=\"{feed}\"")), "{html}");
        assert!(html.contains(&format!("<a href=\"{feed}\" type=\"text/calendar\">{subscribe}</a>")), "{html}");
        let (status, kind, _) = fetch(&app, &feed, None).await;
        assert_eq!((status, kind.as_str()), (200, "text/calendar; charset=utf-8"));
    }
}
