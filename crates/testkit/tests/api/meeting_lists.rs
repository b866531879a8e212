//! The organisation's page and a body's list the meetings around today, not all of them; the calendar, a year at
//! a time and for one body if asked, has the rest.

use std::collections::HashMap;

use secretariat_core::account::Actor;
use secretariat_core::scenario::Scenario;
use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::json;

/// Twenty-five meetings of the ministers in May 2018, just before the tests' today (1 June 2018), and twenty-five
/// in February 2019; and the ids of all the CSTO's meetings by key.
async fn record_many_meetings(app: &TestApp) -> HashMap<String, i64> {
    let meeting = |key: String, day: String| {
        json!({"key": key, "organisation": "CSTO", "body": "CFM", "kind": "informal", "city": "almaty",
            "starts_on": day, "ends_on": day, "mode": "online", "status": "planned"})
    };
    let meetings: Vec<_> = (1..=25)
        .map(|i| meeting(format!("cfm-may-{i}"), format!("2018-05-{i:02}")))
        .chain((1..=25).map(|i| meeting(format!("cfm-feb-{i}"), format!("2019-02-{i:02}"))))
        .collect();
    let scenario: Scenario =
        serde_json::from_value(json!({"format": "secretariat-scenario/1", "meetings": meetings})).unwrap();
    app.app.import(&Actor::system(), &scenario).await.unwrap();
    let (status, list) = app.get("/api/v1/meetings?organisation=CSTO&limit=500", None).await;
    assert_eq!(status, 200, "{list}");
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["key"].as_str().unwrap().to_owned(), m["id"].as_i64().unwrap()))
        .collect()
}

/// Whether the page links the meeting of this key.
fn lists(page: &str, ids: &HashMap<String, i64>, key: &str) -> bool {
    page.contains(&format!("href=\"/meetings/{}\"", ids[key]))
}

on_both_engines! {
    async fn the_organisation_page_lists_twenty_meetings_each_side_of_today_and_the_calendar_has_the_rest(app) {
        let ids = record_many_meetings(&app).await;
        let (status, page) = app.page("/organisations/CSTO").await;
        assert_eq!(status, 200);
        let may: Vec<usize> = (1..=25).filter(|i| lists(&page, &ids, &format!("cfm-may-{i}"))).collect();
        assert_eq!(may, (6..=25).collect::<Vec<_>>(), "the twenty that ended latest before today");
        assert!(lists(&page, &ids, "cfm-2018-06-almaty"), "the next meeting is listed");
        assert!(!lists(&page, &ids, "cfm-feb-25"), "not every upcoming meeting");
        let all = format!("All {} meetings, year by year, in the calendar", ids.len());
        assert!(page.contains(&all), "the page says how many there are and where: {all}");
        assert!(page.contains("href=\"/organisations/CSTO/calendar\""));

        // The body's page: the same twenty, and its own calendar.
        let (status, body) = app.page("/organisations/CSTO/bodies/CFM").await;
        assert_eq!(status, 200);
        let may: Vec<usize> = (1..=25).filter(|i| lists(&body, &ids, &format!("cfm-may-{i}"))).collect();
        assert_eq!(may, (6..=25).collect::<Vec<_>>());
        assert!(body.contains("href=\"/organisations/CSTO/calendar?body=CFM\""), "the body's calendar is linked");
    }
}

on_both_engines! {
    async fn the_calendar_of_one_body_holds_all_its_meetings_of_the_year_and_no_other_body_s(app) {
        let ids = record_many_meetings(&app).await;
        let (status, cfm) = app.page("/organisations/CSTO/calendar?year=2018&body=CFM").await;
        assert_eq!(status, 200);
        assert!((1..=25).all(|i| lists(&cfm, &ids, &format!("cfm-may-{i}"))), "every May meeting");
        assert!(lists(&cfm, &ids, "cfm-2018-06-almaty"));
        assert!(!lists(&cfm, &ids, "cfm-feb-1"), "not another year's");
        assert!(cfm.contains("href=\"/organisations/CSTO/calendar?year=2019&#38;body=CFM\""), "the next year keeps to the body");
        assert!(cfm.contains("/organisations/CSTO/bodies/CFM/calendar.ics"), "the body's own feed");
        let (_, every) = app.page("/organisations/CSTO/calendar?year=2018").await;
        let others: Vec<&String> = ids
            .keys()
            .filter(|k| !k.starts_with("cfm-") && lists(&every, &ids, k))
            .collect();
        assert!(!others.is_empty(), "the organisation's calendar of 2018 holds other bodies' meetings");
        assert!(others.iter().all(|k| !lists(&cfm, &ids, k)), "the body's holds none of them: {others:?}");
        // Without a year: the year of the meeting nearest to today (1 June 2018).
        let (_, nearest) = app.page("/organisations/CSTO/calendar?body=CFM").await;
        assert!(lists(&nearest, &ids, "cfm-may-25"));
        for missing in ["NOPE", "not a code"] {
            let (status, _) = app.page(&format!("/organisations/CSTO/calendar?body={missing}")).await;
            assert_eq!(status, 404, "body={missing}");
        }
    }
}
