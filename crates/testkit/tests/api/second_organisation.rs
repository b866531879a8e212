//! The second organisation, end to end: the OSCE around its Ministerial Council of December 2020, imported from
//! its scenario file next to the CSTO and then worked through the API and the pages — online sittings of unknown
//! format, six equally authentic languages, the Permanent Council preparing the ministers' drafts, the
//! organisation as of a past day, and who chairs.

use secretariat_core::account::Actor;
use secretariat_core::scenario::{Scenario, OSCE_2020};
use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::{json, Value};

use crate::support::{assert_error, codes_of_kind, en, item};

const SIX: [&str; 6] = ["en", "fr", "de", "it", "ru", "es"];

/// The OSCE file imported into the demo's database, next to the CSTO.
async fn with_osce(app: &TestApp) {
    let osce: Scenario = serde_json::from_str(OSCE_2020).unwrap();
    let report = app.app.import(&Actor::system(), &osce).await.unwrap();
    assert!(report.records > 0, "{report:?}");
}

fn event<'a>(meeting: &'a Value, key: &str) -> &'a Value {
    meeting["programme"].as_array().unwrap().iter().find(|e| e["key"] == key).unwrap_or_else(|| panic!("no {key}"))
}

/// The version number of a language version of a document's current revision.
fn version_of(doc: &Value, lang: &str) -> Value {
    let revision = doc["revisions"].as_array().unwrap().last().unwrap();
    revision["versions"].as_array().unwrap().iter().find(|v| v["language"] == lang).unwrap()["version"].clone()
}

on_both_engines! {
    async fn the_tirana_ministerial_council_has_online_sittings_whose_format_no_source_gives(app) {
        with_osce(&app).await;
        let (status, tirana) = app.get("/api/v1/meetings/mc-2020-12-tirana", None).await;
        assert_eq!(status, 200, "{tirana}");
        assert_eq!((&tirana["mode"], &tirana["starts_on"], &tirana["ends_on"]), (&json!("hybrid"), &json!("2020-12-03"), &json!("2020-12-04")));
        for (key, at) in [("opening-session", "10:15:00"), ("first-plenary-session", "11:00:00")] {
            let sitting = event(&tirana, key);
            assert_eq!(sitting["kind"], "sitting", "{sitting}");
            assert_eq!(sitting["mode"], "online", "by video teleconference, though the meeting is hybrid: {sitting}");
            assert!(sitting.get("format").is_none(), "open and closed sessions are neither format: {sitting}");
            assert_eq!(sitting["admitted"], "not_known", "{sitting}");
            assert_eq!((sitting["on"].as_str(), sitting["at"].as_str()), (Some("2020-12-03"), Some(at)));
        }
        let (_, pc) = app.get("/api/v1/meetings/pc-1296-2020-12-17", None).await;
        let plenary = event(&pc, "plenary-meeting");
        assert_eq!(plenary["mode"], "online", "a sitting without a mode of its own has its online meeting's: {plenary}");
        assert!(plenary.get("at").is_none(), "no hour is sourced: {plenary}");

        let id = tirana["id"].as_i64().unwrap();
        let (status, html) = app.page(&format!("/meetings/{id}")).await;
        assert_eq!(status, 200);
        for text in ["Ministerial Council", "Opening session (open)", "First plenary session (closed)", "online", "hybrid", "format not known", "who is admitted is not known"] {
            assert!(html.contains(text), "the Tirana page lacks `{text}`");
        }
        let (_, html) = app.page(&format!("/meetings/{id}?lang=ru")).await;
        for text in ["Открытие (открытое заседание)", "по видеосвязи", "формат не известен"] {
            assert!(html.contains(text), "the Russian Tirana page lacks `{text}`");
        }
    }
}

on_both_engines! {
    async fn a_draft_the_permanent_council_agrees_in_2020_and_the_ministers_adopt_in_tirana_is_keyed_in_today_with_its_2020_instants_and_symbol(app) {
        with_osce(&app).await;
        let (_, osce) = app.get("/api/v1/organisations/OSCE", None).await;
        assert_eq!(osce["authentic_languages"], json!(SIX), "six equally authentic languages");
        let (_, pc) = app.get("/api/v1/bodies/OSCE%2FPC", None).await;
        assert_eq!(pc["prepares_for"], "MC", "{pc}");
        assert!(pc.get("parents").is_none(), "the Permanent Council refers no draft up: {pc}");

        // Today is years after the session; every act says when it happened.
        app.clock.set("2026-12-02T09:00:00Z".parse().unwrap());
        let officer = app.token("officer").await;
        let draft = json!({
            "key": "mc-draft-prepared-by-pc", "organisation": "OSCE", "body": "MC", "kind": "decision",
            "title": {"en": "A draft decision of the Ministerial Council (test)", "fr": "Projet de décision du Conseil ministériel (essai)"},
            "sponsors": ["AL"], "original_language": "en", "visibility": "public",
            "texts": {"en": "The Ministerial Council decides (test text).", "fr": "Le Conseil ministériel décide (texte d'essai)."},
            "at": "2020-10-05"
        });
        let (status, doc) = app.post("/api/v1/documents", &draft, Some(&officer)).await;
        assert_eq!(status, 201, "{doc}");
        let id = doc["id"].as_i64().unwrap();
        for (lang, text) in [("en", "The Ministerial Council decides (test text)."), ("fr", "Le Conseil ministériel décide (texte d'essai).")] {
            let body = json!({"text": text, "status": "authentic", "version": version_of(&doc, lang)});
            let (status, after) = app.put(&format!("/api/v1/documents/{id}/texts/{lang}"), &body, Some(&officer)).await;
            assert_eq!(status, 200, "{lang}: {after}");
        }
        let body = json!({"text": "决定", "status": "authentic"});
        let (status, refused) = app.put(&format!("/api/v1/documents/{id}/texts/zh"), &body, Some(&officer)).await;
        assert_error((status, &refused), 422, "not_authentic_language");
        let circulate = json!({"to": "circulated", "at": "2020-10-06T09:00:00+02:00"});
        let (status, doc) = app.post(&format!("/api/v1/documents/{id}/transitions"), &circulate, Some(&officer)).await;
        assert_eq!(status, 200, "{doc}");

        // The Permanent Council agrees it at its 1284th meeting and sends it on to the Ministerial Council.
        let at_pc = json!({"meeting": "pc-1284-2020-10-08", "number": 4, "title": {"en": "Draft decision for the Ministerial Council (test)"},
            "kind": "decision", "visibility": "public", "documents": ["mc-draft-prepared-by-pc"]});
        let (status, at_pc) = app.post("/api/v1/agenda-items", &at_pc, Some(&officer)).await;
        assert_eq!(status, 201, "{at_pc}");
        let agreed = json!({"outcome": "agreed", "at": "2020-10-08T12:30:00+02:00"});
        let (status, decided) = app.post(&format!("/api/v1/agenda-items/{}/outcome", at_pc["id"]), &agreed, Some(&officer)).await;
        assert_eq!(status, 200, "{decided}");
        let (_, doc) = app.get(&format!("/api/v1/documents/{id}"), None).await;
        assert_eq!(doc["status"], "agreed", "{doc}");
        let step = &doc["path"][0];
        assert_eq!((&step["step"], &step["meeting"], &step["body"], &step["to"]), (&json!("agreed"), &json!("pc-1284-2020-10-08"), &json!("PC"), &json!("MC")), "{doc}");
        assert_eq!(step["at"], "2020-10-08T10:30:00Z", "the instant of the meeting, not of today");

        // The ministers adopt it on the second day in Tirana; it is numbered in the register of 2020.
        let (_, tirana) = app.get("/api/v1/meetings/mc-2020-12-tirana", None).await;
        assert_eq!(item(tirana["agenda"]["items"].as_array().unwrap(), 8)["outcome"], "adopted", "the file's outcome of item 8");
        let at_mc = json!({"meeting": "mc-2020-12-tirana", "number": 9, "title": {"en": "Adoption of the prepared draft (test)"},
            "kind": "decision", "visibility": "public", "documents": ["mc-draft-prepared-by-pc"]});
        let (status, at_mc) = app.post("/api/v1/agenda-items", &at_mc, Some(&officer)).await;
        assert_eq!(status, 201, "{at_mc}");
        let adopted = json!({"outcome": "adopted", "at": "2020-12-04T17:00:00+01:00"});
        let (status, decided) = app.post(&format!("/api/v1/agenda-items/{}/outcome", at_mc["id"]), &adopted, Some(&officer)).await;
        assert_eq!(status, 200, "{decided}");
        let (_, doc) = app.get(&format!("/api/v1/documents/{id}"), None).await;
        assert_eq!(doc["status"], "adopted", "{doc}");
        assert_eq!(doc["symbol"], "MC.DEC/1/2020", "numbered by the year of its adoption, not of today: {doc}");
        assert_eq!(doc["outcome"]["adopted_at"], "2020-12-04T16:00:00Z", "{doc}");
        let steps: Vec<(&str, &str, &str)> = doc["path"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["step"].as_str().unwrap(), s["body"].as_str().unwrap(), s["at"].as_str().unwrap()))
            .collect();
        assert_eq!(steps, [("agreed", "PC", "2020-10-08T10:30:00Z"), ("adopted", "MC", "2020-12-04T16:00:00Z")], "{doc}");
        let versions = doc["versions"].as_array().unwrap();
        assert_eq!(versions.len(), 2);
        for v in versions {
            assert_eq!((&v["status"], &v["authentic_language"]), (&json!("authentic"), &json!(true)), "{v}");
        }

        let (status, html) = app.page(&format!("/documents/{id}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Agreed by the Permanent Council at its meeting (Vienna, 8 October 2020) and sent on to the \
            Ministerial Council"), "the page shows the agreement");
        assert!(html.contains("MC.DEC/1/2020"), "the page shows the 2020 symbol");
        assert!(html.contains("2020") && !html.contains("2 December 2026"), "the page shows the 2020 instants, not today");
        assert_eq!(html.matches("<strong class=\"authentic\">authentic text</strong>").count(), 2, "{html}");
        for text in ["The Ministerial Council decides (test text).", "Le Conseil ministériel décide (texte"] {
            assert!(html.contains(text), "the page shows both authentic texts: `{text}`");
        }
    }
}

on_both_engines! {
    async fn the_osce_as_of_a_past_day_has_the_states_that_took_part_then_and_the_chairmanship_of_that_year(app) {
        with_osce(&app).await;
        let (status, day) = app.get("/api/v1/organisations/OSCE/overview?on=1995-01-01", None).await;
        assert_eq!(status, 200, "{day}");
        let then = codes_of_kind(&day, "participating");
        assert!(then.contains(&"KZ") && then.contains(&"SK") && then.contains(&"AL"), "{then:?}");
        assert!(!then.contains(&"MK"), "North Macedonia took part from 12 October 1995: {then:?}");
        let kz = day["members"].as_array().unwrap().iter().find(|m| m["state"] == "KZ").unwrap();
        assert_eq!(kz["from"], "1992-01-30");

        let (_, tirana) = app.get("/api/v1/organisations/OSCE/overview?on=2020-12-04", None).await;
        assert_eq!(codes_of_kind(&tirana, "participating").len(), 24, "every participating State of the file");
        let chair = &tirana["chair"];
        assert_eq!((&chair["state"], &chair["term"], &chair["from"], &chair["to"]), (&json!("AL"), &json!(2020), &json!("2020-01-01"), &json!("2020-12-31")), "{chair}");
        assert_eq!(en(&chair["state_name"]), "Albania");
        assert_eq!(chair["next"]["state"], "SE", "Sweden from 1 January 2021");
        assert!(chair.get("co_chairs").is_none(), "a Chairmanship is one State: {chair}");
        // The Minsk Group's Co-Chairs are no Chairmanship: the body is chaired by its three states whatever the
        // rotation, and the organisation's terms have no co-chair.
        let (_, mg) = app.get("/api/v1/bodies/OSCE%2FMG", None).await;
        assert_eq!((en(&mg["name"]), &mg["chair_rule"]), ("OSCE Minsk Group", &json!("states")), "{mg}");
        assert_eq!(mg["chair_states"], json!(["FR", "RU", "US"]), "{mg}");
        let (_, osce) = app.get("/api/v1/organisations/OSCE", None).await;
        assert!(osce["chairmanship"].get("overrides").is_none(), "no term is co-chaired: {osce}");
        let (_, stockholm) = app.get("/api/v1/organisations/OSCE/chairmanship?on=2021-12-02", None).await;
        assert_eq!(stockholm["state"], "SE", "{stockholm}");

        let (_, tirana) = app.get("/api/v1/meetings/mc-2020-12-tirana", None).await;
        assert!(tirana.to_string().contains("Edi Rama"), "the Chairperson-in-Office chairs the ministers: {tirana}");

        let (status, html) = app.page("/organisations/OSCE?on=1995-01-01").await;
        assert_eq!(status, 200);
        for text in ["States on 1 January 1995", "Kazakhstan", "since 30 January 1992", "Memberships over time", r#"name="on" value="1995-01-01""#] {
            assert!(html.contains(text), "the OSCE page of 1 January 1995 lacks `{text}`");
        }
        assert!(!html.contains("North Macedonia <span class=\"meta\">(MK) —"), "not yet taking part in 1995");
        let (_, html) = app.page("/organisations/OSCE?on=2020-12-04").await;
        assert!(html.contains("Albania") && html.contains("Term 2020: 1 January 2020 – 31 December 2020"), "{html}");
        // Of six working languages, the switch offers the two the interface speaks.
        assert!(html.contains(r#"hreflang="en""#) && html.contains(r#"hreflang="ru""#), "English and Russian");
        for lang in ["fr", "de", "it", "es"] {
            assert!(!html.contains(&format!(r#"hreflang="{lang}""#)), "no interface in `{lang}` yet");
        }
    }
}

on_both_engines! {
    async fn the_minsk_group_is_composed_of_its_own_seats_and_a_participating_state_outside_it_takes_no_position(app) {
        with_osce(&app).await;
        let (status, seats) = app.get("/api/v1/seats?organisation=OSCE&body=MG&limit=100", None).await;
        assert_eq!(status, 200, "{seats}");
        let mut states: Vec<&str> = seats["items"].as_array().unwrap().iter().map(|s| s["state"].as_str().unwrap()).collect();
        states.sort_unstable();
        assert_eq!(states, ["AL", "AM", "AZ", "BY", "DE", "FI", "FR", "IT", "RU", "SE", "SK", "TR", "US"]);
        assert!(seats["items"].as_array().unwrap().iter().all(|s| s["kind"] == "participating"), "{seats}");
        let (_, osce) = app.get("/api/v1/organisations/OSCE", None).await;
        let kinds: Vec<&str> = osce["membership_kinds"].as_array().unwrap().iter().map(|k| k["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["participating", "partner_for_co_operation"], "beyond the four built-in kinds");

        app.clock.set("2026-12-02T09:00:00Z".parse().unwrap());
        let officer = app.token("officer").await;
        let draft = json!({
            "key": "mg-test-statement", "organisation": "OSCE", "body": "MG", "kind": "statement",
            "title": {"en": "A statement of the Minsk Group (test)"}, "sponsors": ["secretariat"],
            "original_language": "en", "visibility": "public", "texts": {"en": "The Minsk Group states (test text)."},
            "at": "2020-11-02"
        });
        let (status, doc) = app.post("/api/v1/documents", &draft, Some(&officer)).await;
        assert_eq!(status, 201, "{doc}");
        let id = doc["id"].as_i64().unwrap();
        let circulate = json!({"to": "circulated", "at": "2020-11-03"});
        let (status, doc) = app.post(&format!("/api/v1/documents/{id}/transitions"), &circulate, Some(&officer)).await;
        assert_eq!(status, 200, "{doc}");
        let pending = doc["consensus"]["pending"].as_array().unwrap();
        assert!(pending.contains(&json!("FR")) && !pending.contains(&json!("UA")), "only the Group's seats are awaited: {pending:?}");

        let positions = format!("/api/v1/documents/{id}/positions");
        // Ukraine participates in the OSCE but has no seat in the Minsk Group.
        let (status, refused) = app.post(&positions, &json!({"state": "UA", "position": "support", "at": "2020-11-20"}), Some(&officer)).await;
        assert_error((status, &refused), 422, "not_a_member_on_the_day");
        assert!(refused["error"]["message"].as_str().unwrap().contains("Ukraine"), "{refused}");
        // Slovakia sits for 2020 as the previous Chairmanship of the Troika.
        let (status, taken) = app.post(&positions, &json!({"state": "SK", "position": "support", "at": "2020-11-20"}), Some(&officer)).await;
        assert_eq!(status, 200, "{taken}");
        assert_eq!((&taken["positions"][0]["state"], &taken["positions"][0]["at"]), (&json!("SK"), &json!("2020-11-20T00:00:00Z")), "{taken}");
        let (status, late) = app.post(&positions, &json!({"state": "AL", "position": "support", "at": "2021-01-15"}), Some(&officer)).await;
        assert_error((status, &late), 422, "not_a_member_on_the_day");
        assert!(late["error"]["message"].as_str().unwrap().contains("31 December 2020"), "Albania's seat ended with 2020: {late}");

        let (status, html) = app.page("/organisations/OSCE?on=2020-12-04").await;
        assert_eq!(status, 200);
        assert!(html.contains("participating State"), "the page names the OSCE's own kind");
    }
}

on_both_engines! {
    async fn the_minsk_group_is_co_chaired_by_france_russia_and_the_united_states_whatever_the_chairmanship(app) {
        with_osce(&app).await;
        let officer = app.token("officer").await;
        // A meeting of the Group (test): Albania chairs the OSCE in 2020, the three Co-Chairs chair the Group.
        let meeting = json!({"key": "mg-test-2020-11-vienna", "organisation": "OSCE", "body": "MG",
            "kind": "informal", "city": "vienna", "starts_on": "2020-11-20", "ends_on": "2020-11-20",
            "mode": "online", "status": "held"});
        let (status, m) = app.post("/api/v1/meetings", &meeting, Some(&officer)).await;
        assert_eq!(status, 201, "{m}");
        let (_, m) = app.get("/api/v1/meetings/mg-test-2020-11-vienna", None).await;
        assert_eq!((&m["chair"]["state"], en(&m["chair"]["person"]["name"])), (&json!("FR"), "Stéphane Visconti"), "{m}");
        let co: Vec<(String, String)> = m["co_chairs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["state"].as_str().unwrap().to_owned(), en(&c["person"]["name"]).to_owned()))
            .collect();
        assert_eq!(co, [("RU".to_owned(), "Igor Popov".to_owned()), ("US".to_owned(), "Andrew Schofer".to_owned())]);
        let (status, html) = app.page(&format!("/meetings/{}", m["id"])).await;
        assert_eq!(status, 200);
        assert!(html.contains("Co-chairs") && html.contains("Igor Popov") && html.contains("Andrew Schofer"), "{html}");
        // The meeting's language switch, as the organisation's, offers the working languages the interface speaks.
        assert!(html.contains(r#"hreflang="en""#) && html.contains(r#"hreflang="ru""#), "English and Russian");
        assert!(!html.contains(r#"hreflang="fr""#), "no interface in French yet");

        // A body chaired by states names them, each once; no other rule names any.
        let (_, stored) = app.get("/api/v1/bodies/OSCE%2FMG", None).await;
        let path = format!("/api/v1/bodies/{}", stored["id"]);
        let mut change = crate::support::as_change(&stored);
        change["chair_states"] = json!(["FR", "FR"]);
        let (status, err) = app.put(&path, &change, Some(&officer)).await;
        crate::support::assert_error((status, &err), 422, "invalid_chair_rule");
        change["chair_rule"] = json!("election");
        change["chair_states"] = json!(["FR"]);
        let (status, err) = app.put(&path, &change, Some(&officer)).await;
        crate::support::assert_error((status, &err), 422, "invalid_chair_rule");
    }
}
