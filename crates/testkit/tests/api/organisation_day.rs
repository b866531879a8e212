//! The organisation as of a day: the states tied to it then with their periods, who chaired and how that was
//! decided, and the timeline of memberships — in the API (`/overview?on=`) and on the page (`?on=`).

use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::{json, Value};

use crate::support::{assert_error, codes_of_kind, en};

/// Uzbekistan's ties to the CSTO as this test records them (member, then suspended), and Serbia an observer
/// since 2013.
async fn record_past_ties(app: &TestApp) {
    let token = app.token("officer").await;
    for (code, en, ru) in [("UZ", "Uzbekistan", "Узбекистан"), ("RS", "Serbia", "Сербия")] {
        let state = json!({"code": code, "name": {"en": en, "ru": ru}});
        let (status, body) = app.post("/api/v1/states", &state, Some(&token)).await;
        assert_eq!(status, 201, "{body}");
    }
    for (state, kind, from, to) in [
        ("UZ", "suspended", Some("2012-06-29"), Some("2012-12-20")),
        ("UZ", "member", Some("2006-08-16"), Some("2012-06-28")),
        ("RS", "observer", Some("2013-04-11"), None),
    ] {
        let mut tie = json!({"organisation": "CSTO", "state": state, "kind": kind, "from": from});
        if let Some(to) = to {
            tie["to"] = json!(to);
        }
        let (status, body) = app.post("/api/v1/memberships", &tie, Some(&token)).await;
        assert_eq!(status, 201, "{body}");
    }
}

on_both_engines! {
    async fn a_past_day_shows_the_states_tied_to_the_organisation_then_and_who_chaired(app) {
        record_past_ties(&app).await;
        let (status, day) = app.get("/api/v1/organisations/CSTO/overview?on=2010-01-01", None).await;
        assert_eq!(status, 200, "{day}");
        assert_eq!(day["organisation"], "CSTO");
        assert_eq!(day["on"], "2010-01-01");
        assert_eq!(codes_of_kind(&day, "member"), ["AM", "BY", "KG", "KZ", "RU", "TJ", "UZ"]);
        let uz = day["members"].as_array().unwrap().iter().find(|m| m["state"] == "UZ").unwrap();
        assert_eq!((uz["from"].as_str(), uz["to"].as_str()), (Some("2006-08-16"), Some("2012-06-28")));
        assert_eq!(en(&uz["name"]), "Uzbekistan");
        assert!(day["members"].as_array().unwrap().iter().all(|m| m["state"] != "RS"), "Serbia was not yet an observer");

        let (_, suspended) = app.get("/api/v1/organisations/CSTO/overview?on=2012-07-01", None).await;
        assert_eq!(codes_of_kind(&suspended, "suspended"), ["UZ"]);
        assert!(!codes_of_kind(&suspended, "member").contains(&"UZ"));

        // The chair on a past day: term 2018 until the CSC session of 8 November 2018, derived from the rotation.
        let (_, on_session) = app.get("/api/v1/organisations/CSTO/overview?on=2018-11-08", None).await;
        let chair = &on_session["chair"];
        assert_eq!(chair["state"], "KZ", "{on_session}");
        assert_eq!((chair["term"].as_i64(), chair["from"].as_str(), chair["to"].as_str()), (Some(2018), Some("2017-12-01"), Some("2018-11-08")));
        assert_eq!(chair["source"], "derived");
        assert_eq!(chair["next"]["state"], "KG");
        assert_eq!(chair["previous"]["term"], 2017);
        assert_eq!(chair["previous"]["to"], "2017-11-30");
        assert_eq!(codes_of_kind(&on_session, "observer"), ["RS"]);
        let (_, after) = app.get("/api/v1/organisations/CSTO/overview?on=2018-11-09", None).await;
        assert_eq!(after["chair"]["state"], "KG");

        // Without `on`: today by the clock (2018-06-01), as the chairmanship answer has it.
        let (_, today) = app.get("/api/v1/organisations/CSTO/overview", None).await;
        assert_eq!(today["on"], "2018-06-01");
        assert_eq!(today["chair"]["state"], "KZ");
        assert_eq!(codes_of_kind(&today, "member"), ["AM", "BY", "KG", "KZ", "RU", "TJ"]);
    }
}

on_both_engines! {
    async fn a_state_whose_tie_changed_appears_once_in_the_timeline_with_its_periods_in_order(app) {
        record_past_ties(&app).await;
        let (status, day) = app.get("/api/v1/organisations/CSTO/overview?on=2018-06-11", None).await;
        assert_eq!(status, 200, "{day}");
        let timeline = day["timeline"].as_array().unwrap();
        let uz: Vec<&Value> = timeline.iter().filter(|h| h["state"] == "UZ").collect();
        assert_eq!(uz.len(), 1, "one history per state: {timeline:?}");
        let periods: Vec<(&str, &str, &str)> = uz[0]["periods"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["kind"].as_str().unwrap(), p["from"].as_str().unwrap(), p["to"].as_str().unwrap()))
            .collect();
        assert_eq!(periods, [("member", "2006-08-16", "2012-06-28"), ("suspended", "2012-06-29", "2012-12-20")]);
        let states: Vec<&str> = timeline.iter().map(|h| h["state"].as_str().unwrap()).collect();
        assert_eq!(states, ["AM", "BY", "KG", "KZ", "RU", "TJ", "UZ", "RS"], "undated first, then by first start");
        assert_eq!(en(&timeline[7]["name"]), "Serbia");
        assert!(timeline[7]["periods"][0].get("to").is_none(), "an open period has no end");
    }
}

on_both_engines! {
    async fn a_chair_set_by_an_override_says_so_and_a_malformed_day_is_a_400(app) {
        let token = app.token("officer").await;
        let (_, mut org) = app.get("/api/v1/organisations/CSTO", None).await;
        org["chairmanship"]["overrides"] = json!([{"term": 2020, "state": "TJ"}]);
        let (status, body) = app.put(&format!("/api/v1/organisations/{}", org["id"]), &org, Some(&token)).await;
        assert_eq!(status, 200, "{body}");
        let (_, day) = app.get("/api/v1/organisations/CSTO/overview?on=2020-06-01", None).await;
        assert_eq!(day["chair"]["state"], "TJ");
        assert_eq!(day["chair"]["source"], "set");
        let (_, day) = app.get("/api/v1/organisations/CSTO/overview?on=2019-06-01", None).await;
        assert_eq!(day["chair"]["source"], "derived");

        for on in ["2018-13-40", "2018-02-30", "11.06.2018", "today", ""] {
            let (status, body) = app.get(&format!("/api/v1/organisations/CSTO/overview?on={on}"), None).await;
            assert_error((status, &body), 400, "invalid_date");
        }
        let (status, body) = app.get("/api/v1/organisations/NATO/overview?on=2018-06-11", None).await;
        assert_error((status, &body), 404, "not_found");
        for on in ["9999-12-31", "0000-01-01"] {
            let (status, body) = app.get(&format!("/api/v1/organisations/CSTO/overview?on={on}"), None).await;
            assert_eq!(status, 200, "{on}: {body}");
        }
    }
}

on_both_engines! {
    async fn the_organisation_page_as_of_a_day_shows_periods_the_chair_then_and_the_terms_around_it(app) {
        record_past_ties(&app).await;
        let (status, html) = app.page("/organisations/CSTO?on=2010-01-01").await;
        assert_eq!(status, 200, "{html}");
        for text in [
            "States on 1 January 2010", "Member states", "Uzbekistan", "16 August 2006 – 28 June 2012",
            "Chair on 1 January 2010", "derived from the rotation order", "Memberships over time",
            "member: 16 August 2006 – 28 June 2012", "suspended: 29 June 2012 – 20 December 2012",
            "observer: since 11 April 2013", r#"type="date""#, r#"name="on" value="2010-01-01""#,
        ] {
            assert!(html.contains(text), "the page of 1 January 2010 lacks `{text}`");
        }
        assert_eq!(html.matches("<span class=\"who\"><a href=\"/states/UZ\">Uzbekistan").count(), 1, "Uzbekistan once in the timeline");
        assert!(!html.contains("Serbia</a> <span class=\"meta\">(RS) —"), "Serbia was no observer in 2010");

        // The terms around 8 November 2018 are a link away.
        let (_, html) = app.page("/organisations/CSTO?on=2018-11-08").await;
        assert!(html.contains("Kazakhstan") && html.contains("Term 2018: 1 December 2017 – 8 November 2018"), "{html}");
        assert!(html.contains(r#"href="/organisations/CSTO?on=2017-11-30""#), "the day before the term");
        assert!(html.contains(r#"href="/organisations/CSTO?on=2018-11-09""#), "the first day of the next term");
        assert!(html.contains("Observers"), "Serbia under the observers");
        let (_, ru) = app.page("/organisations/CSTO?on=2012-07-01&lang=ru").await;
        for text in ["Государства на 1 июля 2012 г.", "Участие приостановлено", "Узбекистан", "по порядку ротации"] {
            assert!(ru.contains(text), "the Russian page of 1 July 2012 lacks `{text}`");
        }

        // Without `on`: today, as before.
        let (_, today) = app.page("/organisations/CSTO").await;
        assert!(today.contains("Chairs now") && today.contains("States on 1 June 2018"), "{today}");
        let (_, empty) = app.page("/organisations/CSTO?on=").await;
        assert!(empty.contains("Chairs now"), "an empty date picker is today");

        for on in ["2018-02-30", "yesterday", "99999-01-01"] {
            let r = app.request(reqwest::Method::GET, &format!("/organisations/CSTO?on={on}"), None).send().await.unwrap();
            assert_eq!(r.status(), 422, "{on}");
            assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "{on}");
        }
    }
}

on_both_engines! {
    async fn the_language_switch_offers_the_working_languages_the_interface_speaks_and_content_in_others_is_shown(app) {
        let (_, csto) = app.page("/organisations/CSTO").await;
        assert!(csto.contains(r#"hreflang="en""#) && csto.contains(r#"hreflang="ru""#), "the CSTO's ru and en");

        // An organisation working in French and English: French has no interface locale, so the switch offers
        // English only, and the French name is shown.
        let token = app.token("officer").await;
        let (_, mut org) = app.get("/api/v1/organisations/CSTO", None).await;
        let org = org.as_object_mut().unwrap();
        for field in ["id", "version", "abbreviation"] {
            org.remove(field);
        }
        let name = "Organisation internationale de la Francophonie";
        org.insert("code".into(), json!("OIF"));
        org.insert("name".into(), json!({"fr": name}));
        org.insert("languages".into(), json!(["fr", "en"]));
        org.insert("authentic_languages".into(), json!(["fr"]));
        let (status, body) = app.post("/api/v1/organisations", &json!(org), Some(&token)).await;
        assert_eq!(status, 201, "{body}");
        let (status, html) = app.page("/organisations/OIF").await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains(name), "the French name is shown");
        assert!(html.contains(r#"hreflang="en""#) && !html.contains(r#"hreflang="ru""#), "no Russian for the OIF");
        let (_, ru) = app.page("/organisations/OIF?lang=ru").await;
        assert!(ru.contains(r#"hreflang="ru""#) && ru.contains(name), "a reader's own language stays in the switch");
    }
}
