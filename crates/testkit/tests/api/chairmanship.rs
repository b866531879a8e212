//! Who chairs the CSTO on a day, and who chairs a meeting by the body's chair rule.

use secretariat_testkit::on_both_engines;
use serde_json::json;

use crate::support::{assert_error, en};

on_both_engines! {
    async fn the_csto_chair_on_a_day_follows_the_rotation_and_the_changeover_at_the_csc_session(app) {
        for (on, state, name) in [
            ("2018-06-11", "KZ", "Kazakhstan"),
            ("2018-11-08", "KZ", "Kazakhstan"),
            ("2018-11-09", "KG", "Kyrgyzstan"),
            ("2019-06-01", "KG", "Kyrgyzstan"),
            ("2020-06-01", "RU", "Russia"),
            ("2022-06-01", "AM", "Armenia"),
        ] {
            let (status, chair) = app.get(&format!("/api/v1/organisations/CSTO/chairmanship?on={on}"), None).await;
            assert_eq!(status, 200, "{on}: {chair}");
            assert_eq!(chair["state"], state, "{on}");
            assert_eq!(en(&chair["state_name"]), name, "{on}");
            assert_eq!(chair["on"], on);
            assert_eq!(chair["organisation"], "CSTO");
        }
        let (_, kz) = app.get("/api/v1/organisations/CSTO/chairmanship?on=2018-06-11", None).await;
        assert_eq!(kz["term"], 2018);
        assert_eq!(kz["from"], "2017-12-01");
        assert_eq!(kz["to"], "2018-11-08");
        assert_eq!(kz["next"]["state"], "KG");
        assert_eq!(kz["next"]["from"], "2018-11-09");

        // The test clock stands at 2018-06-01.
        let (status, chair) = app.get("/api/v1/organisations/CSTO/chairmanship", None).await;
        assert_eq!(status, 200, "{chair}");
        assert_eq!(chair["state"], "KZ");
        assert_eq!(chair["on"], "2018-06-01");
        app.clock.set("2019-06-01T00:00:00Z".parse().unwrap());
        let (_, chair) = app.get("/api/v1/organisations/CSTO/chairmanship", None).await;
        assert_eq!(chair["state"], "KG");
    }
}

on_both_engines! {
    async fn a_malformed_day_is_a_400_and_an_unknown_organisation_a_404(app) {
        for on in ["2018-13-40", "11.06.2018", "2018-06-1", "today"] {
            let (status, body) = app.get(&format!("/api/v1/organisations/CSTO/chairmanship?on={on}"), None).await;
            assert_error((status, &body), 400, "invalid_date");
        }
        for code in ["NATO", "csto", "C$TO"] {
            let (status, body) = app.get(&format!("/api/v1/organisations/{code}/chairmanship?on=2018-06-11"), None).await;
            assert_error((status, &body), 404, "not_found");
        }
    }
}

on_both_engines! {
    async fn a_day_or_a_meeting_at_the_end_of_the_calendar_is_answered_without_a_server_error(app) {
        // jiff's calendar runs from -9999 to 9999; a day near either end is a 200, a 404 or a 400, never a 500.
        let mut server_errors = Vec::new();
        for on in ["9999-12-31", "9999-01-01", "9998-06-01", "9000-06-01", "0000-01-01", "0001-01-01"] {
            let (status, body) = app.get(&format!("/api/v1/organisations/CSTO/chairmanship?on={on}"), None).await;
            if !matches!(status, 200 | 400 | 404) || !body.is_object() {
                server_errors.push(format!("GET chairmanship?on={on}: {status} {body}"));
            }
        }
        // A meeting on the last day of the calendar is refused, or recorded and then readable everywhere.
        let token = app.token("officer").await;
        let meeting = json!({
            "key": "cfm-9999-12-astana", "organisation": "CSTO", "body": "CFM", "kind": "regular", "city": "astana",
            "starts_on": "9999-12-31", "ends_on": "9999-12-31", "mode": "online", "status": "planned"
        });
        let (status, created) = app.post("/api/v1/meetings", &meeting, Some(&token)).await;
        if status == 201 {
            let (status, body) = app.get("/api/v1/meetings/cfm-9999-12-astana", None).await;
            if status != 200 {
                server_errors.push(format!("GET the recorded meeting: {status} {body}"));
            }
            for page in [format!("/meetings/{}", created["id"]), "/organisations/CSTO".to_owned(), "/organisations/CSTO/calendar?year=9999".to_owned()] {
                let (status, _) = app.page(&page).await;
                if status != 200 {
                    server_errors.push(format!("GET {page}: {status}"));
                }
            }
        } else if status != 422 {
            server_errors.push(format!("POST the meeting: {status} {created}"));
        }
        let (status, health) = app.get("/healthz", None).await;
        assert_eq!(status, 200, "{health}");
        assert!(server_errors.is_empty(), "{server_errors:#?}");
    }
}

on_both_engines! {
    async fn the_csc_session_in_astana_is_chaired_by_the_host_head_of_state_unless_a_chair_is_set(app) {
        let (status, m) = app.get("/api/v1/meetings/csc-2018-11-astana", None).await;
        assert_eq!(status, 200, "{m}");
        assert_eq!(m["body"]["code"], "CSC");
        assert_eq!(en(&m["chair"]["person"]["name"]), "Nursultan Nazarbayev");
        assert_eq!(en(&m["chair"]["person"]["post"]), "President of Kazakhstan");
        assert_eq!(m["chair"]["state"], "KZ");
        assert_eq!(m["chair"]["source"], "derived");
        assert_eq!(m["chairing_state"], "KZ");
        assert_eq!(en(&m["venue"]["city"]), "Astana");
        assert_eq!(m["venue"]["city"]["ru"], "Астана");
        assert_eq!(m["venue"]["city_key"], "astana");
        assert_eq!(m["venue"]["time_zone"], "Asia/Almaty");
        let token = app.token("officer").await;

        // A chair set on the meeting overrides the derived one.
        let (_, stored) = app.get("/api/v1/meetings/csc-2018-11-astana", None).await;
        let change = json!({
            "key": "csc-2018-11-astana", "organisation": "CSTO", "body": "CSC", "kind": "regular", "city": "astana",
            "starts_on": "2018-11-08", "ends_on": "2018-11-08", "mode": "in_person", "status": "held",
            "chair": "vladimir-putin", "version": stored["version"]
        });
        let (status, body) = app.put(&format!("/api/v1/meetings/{}", stored["id"]), &change, Some(&token)).await;
        assert_eq!(status, 200, "{body}");
        let (_, m) = app.get("/api/v1/meetings/csc-2018-11-astana", None).await;
        assert_eq!(en(&m["chair"]["person"]["name"]), "Vladimir Putin");
        assert_eq!(m["chair"]["source"], "set");
    }
}
