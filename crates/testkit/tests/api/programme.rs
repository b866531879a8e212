//! Programme events online and hybrid, kinds built in and configured by the organisation, sittings whose format is
//! not known; organisations with several authentic languages and language versions marked authentic.

use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::{json, Value};

use crate::support::{as_change, assert_error, bare};

/// A hybrid CFM meeting in Astana, planned, with no programme yet.
async fn hybrid_meeting(app: &TestApp, token: &str) -> i64 {
    let meeting = json!({
        "key": "cfm-2018-11-astana", "organisation": "CSTO", "body": "CFM", "kind": "regular", "city": "astana",
        "starts_on": "2018-11-07", "ends_on": "2018-11-07", "mode": "hybrid", "status": "planned"
    });
    let (status, created) = app.post("/api/v1/meetings", &meeting, Some(token)).await;
    assert_eq!(status, 201, "{created}");
    created["id"].as_i64().unwrap()
}

async fn event(app: &TestApp, token: &str, body: &Value) -> Value {
    let (status, created) = app.post("/api/v1/programme-events", body, Some(token)).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(&bare(&created), body, "the event reads back as sent");
    created
}

fn programme_event<'a>(meeting: &'a Value, key: &str) -> &'a Value {
    meeting["programme"].as_array().unwrap().iter().find(|e| e["key"] == key).unwrap_or_else(|| panic!("no {key}"))
}

on_both_engines! {
    async fn an_online_videoconference_and_a_sitting_of_unknown_format_show_their_mode_and_say_who_is_admitted(app) {
        let token = app.token("officer").await;
        let id = hybrid_meeting(&app, &token).await;
        event(&app, &token, &json!({"meeting": "cfm-2018-11-astana", "key": "video", "kind": "videoconference",
            "mode": "online", "on": "2018-11-07", "at": "09:00:00"})).await;
        // No source gives the sitting's format: it is left out, and the sitting still takes agenda items.
        event(&app, &token, &json!({"meeting": "cfm-2018-11-astana", "key": "sitting", "kind": "sitting", "on": "2018-11-07"})).await;
        event(&app, &token, &json!({"meeting": "cfm-2018-11-astana", "key": "bilateral", "kind": "bilateral_meeting",
            "mode": "in_person", "on": "2018-11-07"})).await;
        let item = json!({"meeting": "cfm-2018-11-astana", "number": 1, "title": {"en": "Date and venue of the next meeting"},
            "kind": "decision", "sitting": "sitting", "visibility": "public"});
        let (status, created) = app.post("/api/v1/agenda-items", &item, Some(&token)).await;
        assert_eq!(status, 201, "{created}");

        let (status, m) = app.get(&format!("/api/v1/meetings/{id}"), None).await;
        assert_eq!(status, 200, "{m}");
        let video = programme_event(&m, "video");
        assert_eq!((&video["kind"], &video["mode"], &video["admitted"]), (&json!("videoconference"), &json!("online"), &json!("full_delegations")));
        let sitting = programme_event(&m, "sitting");
        assert!(sitting.get("format").is_none(), "{sitting}");
        assert_eq!(sitting["mode"], "hybrid", "an event without a mode of its own has the meeting's");
        assert_eq!(sitting["admitted"], "not_known");
        let bilateral = programme_event(&m, "bilateral");
        assert_eq!((&bilateral["mode"], &bilateral["admitted"]), (&json!("in_person"), &json!("two_delegations")));
        assert!(m["agenda"]["items"][0]["format"].is_null());

        let (status, html) = app.page(&format!("/meetings/{id}")).await;
        assert_eq!(status, 200);
        for text in ["Videoconference", "online", "hybrid", "format not known", "who is admitted is not known", "Bilateral meeting", "the two delegations"] {
            assert!(html.contains(text), "English meeting page lacks `{text}`");
        }
        let (_, html) = app.page(&format!("/meetings/{id}?lang=ru")).await;
        for text in ["Видеоконференция", "по видеосвязи", "в смешанном формате", "формат не известен", "состав участников не известен", "Двусторонняя встреча"] {
            assert!(html.contains(text), "Russian meeting page lacks `{text}`");
        }
    }
}

on_both_engines! {
    async fn a_kind_the_organisation_configures_is_taken_and_named_and_an_unknown_kind_is_a_422_unknown_event_kind(app) {
        let token = app.token("officer").await;
        let id = hybrid_meeting(&app, &token).await;
        let troika = json!({"meeting": "cfm-2018-11-astana", "key": "troika", "kind": "troika_meeting", "on": "2018-11-07"});
        let (status, refused) = app.post("/api/v1/programme-events", &troika, Some(&token)).await;
        assert_error((status, &refused), 422, "unknown_event_kind");
        let malformed = json!({"meeting": "cfm-2018-11-astana", "key": "troika", "kind": "Troika meeting", "on": "2018-11-07"});
        let (status, refused) = app.post("/api/v1/programme-events", &malformed, Some(&token)).await;
        assert_error((status, &refused), 422, "invalid_body");
        let (_, m) = app.get(&format!("/api/v1/meetings/{id}"), None).await;
        assert!(m["programme"].as_array().unwrap().is_empty(), "nothing was written");

        let (_, csto) = app.get("/api/v1/organisations/CSTO", None).await;
        let mut change = as_change(&csto);
        change["event_kinds"] = json!([{"kind": "briefing", "names": {"en": "Briefing"}, "admits": "full_delegations"}]);
        let (status, refused) = app.put(&format!("/api/v1/organisations/{}", csto["id"]), &change, Some(&token)).await;
        assert_error((status, &refused), 422, "invalid_event_kinds");
        change["event_kinds"] = json!([{"kind": "troika_meeting", "names": {"en": "Troika meeting", "ru": "Встреча «тройки»"},
            "admits": "heads_of_delegation"}]);
        let (status, changed) = app.put(&format!("/api/v1/organisations/{}", csto["id"]), &change, Some(&token)).await;
        assert_eq!(status, 200, "{changed}");
        assert_eq!(changed["event_kinds"], change["event_kinds"]);

        event(&app, &token, &troika).await;
        let (_, m) = app.get(&format!("/api/v1/meetings/{id}"), None).await;
        let e = programme_event(&m, "troika");
        assert_eq!((&e["kind"], &e["admitted"], &e["mode"]), (&json!("troika_meeting"), &json!("heads_of_delegation"), &json!("hybrid")));
        assert_eq!(e["kind_name"]["ru"], "Встреча «тройки»");
        let (_, html) = app.page(&format!("/meetings/{id}")).await;
        assert!(html.contains("Troika meeting") && html.contains("heads of delegation"), "{html}");
        let (_, html) = app.page(&format!("/meetings/{id}?lang=ru")).await;
        assert!(html.contains("Встреча «тройки»") && html.contains("главы делегаций"), "{html}");
    }
}

/// The six official languages of the United Nations, and German, a working language of no authentic text.
const SIX: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

async fn united_nations(app: &TestApp, token: &str) {
    let mut languages: Vec<&str> = SIX.to_vec();
    languages.push("de");
    let un = json!({"code": "UN", "name": {"en": "United Nations", "ru": "Организация Объединённых Наций"},
        "languages": languages, "authentic_languages": SIX,
        "chairmanship": {"rotation": ["KZ", "RU"], "anchor": {"term": 2018, "state": "KZ"}, "top_body": "GA",
            "changeovers": [{"from_term": 2001, "rule": "on_january_1"}]}});
    let (status, created) = app.post("/api/v1/organisations", &un, Some(token)).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["authentic_languages"], json!(SIX));
    let ga = json!({"organisation": "UN", "code": "GA", "name": {"en": "General Assembly"},
        "representative_role": "permanent_representative", "chair_rule": "chairing_state", "decision_rule": "consensus",
        "regular_meetings_per_year": 1});
    let (status, created) = app.post("/api/v1/bodies", &ga, Some(token)).await;
    assert_eq!(status, 201, "{created}");
}

on_both_engines! {
    async fn an_organisation_with_six_authentic_languages_marks_each_version_authentic_and_no_other(app) {
        let token = app.token("officer").await;
        united_nations(&app, &token).await;
        let texts: serde_json::Map<String, Value> =
            SIX.iter().chain(["de"].iter()).map(|l| ((*l).to_owned(), json!(format!("Resolution text ({l})")))).collect();
        let draft = json!({"key": "un-resolution", "organisation": "UN", "body": "GA", "kind": "decision",
            "title": {"en": "Resolution"}, "sponsors": ["secretariat"], "original_language": "en", "visibility": "public",
            "texts": texts});
        let (status, doc) = app.post("/api/v1/documents", &draft, Some(&token)).await;
        assert_eq!(status, 201, "{doc}");
        let id = doc["id"].as_i64().unwrap();
        let version_of = |doc: &Value, lang: &str| {
            doc["revisions"][0]["versions"].as_array().unwrap().iter().find(|v| v["language"] == lang).unwrap()["version"].clone()
        };
        for lang in SIX {
            let body = json!({"text": format!("Resolution text ({lang})"), "status": "authentic", "version": version_of(&doc, lang)});
            let (status, after) = app.put(&format!("/api/v1/documents/{id}/texts/{lang}"), &body, Some(&token)).await;
            assert_eq!(status, 200, "{lang}: {after}");
        }
        let body = json!({"text": "Resolutionstext", "status": "authentic", "version": version_of(&doc, "de")});
        let (status, refused) = app.put(&format!("/api/v1/documents/{id}/texts/de"), &body, Some(&token)).await;
        assert_error((status, &refused), 422, "not_authentic_language");

        let (_, doc) = app.get(&format!("/api/v1/documents/{id}"), None).await;
        let versions = doc["versions"].as_array().unwrap();
        assert_eq!(versions.len(), 7);
        for v in versions {
            let authentic = v["language"] != "de";
            assert_eq!(v["authentic_language"], authentic, "{v}");
            assert_eq!(v["status"], if authentic { "authentic" } else { "draft" }, "{v}");
        }
        let (_, html) = app.page(&format!("/documents/{id}")).await;
        assert_eq!(html.matches("<strong class=\"authentic\">authentic text</strong>").count(), 6, "{html}");
        let (_, html) = app.page(&format!("/documents/{id}?lang=ru")).await;
        assert_eq!(html.matches("<strong class=\"authentic\">аутентичный текст</strong>").count(), 6, "{html}");
    }
}

on_both_engines! {
    async fn an_organisation_sent_with_the_single_authentic_language_of_before_reads_back_with_a_set_of_one(app) {
        let token = app.token("officer").await;
        let sco = json!({"code": "SCO", "name": {"en": "Shanghai Cooperation Organisation"}, "languages": ["ru", "zh"],
            "authentic_language": "zh",
            "chairmanship": {"rotation": ["KZ", "RU"], "anchor": {"term": 2018, "state": "KZ"}, "top_body": "CHS",
                "changeovers": [{"from_term": 2001, "rule": "on_january_1"}]}});
        let (status, created) = app.post("/api/v1/organisations", &sco, Some(&token)).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["authentic_languages"], json!(["zh"]));
        assert!(created.get("authentic_language").is_none());
        let (_, csto) = app.get("/api/v1/organisations/CSTO", None).await;
        assert_eq!(csto["authentic_languages"], json!(["ru"]), "the demo's single language is read as a set of one");
        let mut bad = sco.clone();
        bad["code"] = json!("SCO2");
        bad["authentic_language"] = json!(["ru", "en"]);
        let (status, refused) = app.post("/api/v1/organisations", &bad, Some(&token)).await;
        assert_error((status, &refused), 422, "invalid_languages");
    }
}
