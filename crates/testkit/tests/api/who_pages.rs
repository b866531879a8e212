//! Who's who (issue 8): the pages of a state, a body and a person, the chairmanship rotation on the organisation's
//! page, and names linked to those pages wherever they are named. The test clock stands at 1 June 2018.

use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::{json, Value};

/// A page as a signed-in account sees it (through its API token): the status and the HTML.
async fn page_as(app: &TestApp, path: &str, account: &str) -> (u16, String) {
    let token = app.token(account).await;
    let r = app.request(reqwest::Method::GET, path, Some(&token)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The link to a meeting as lists write it (by id).
async fn meeting_href(app: &TestApp, key: &str) -> String {
    let (_, m) = app.get(&format!("/api/v1/meetings/{key}"), None).await;
    format!("href=\"/meetings/{}\"", m["id"])
}

#[track_caller]
fn assert_has(html: &str, texts: &[&str], what: &str) {
    for text in texts {
        assert!(html.contains(text), "{what} lacks `{text}`");
    }
}

/// The position of each text in the page, which must come in this order.
#[track_caller]
fn assert_in_order(html: &str, texts: &[&str]) {
    let at: Vec<usize> = texts.iter().map(|t| html.find(t).unwrap_or_else(|| panic!("the page lacks `{t}`"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "not in order: {texts:?} at {at:?}");
}

on_both_engines! {
    async fn russias_page_shows_its_membership_chairmanship_and_delegations_in_english_and_russian(app) {
        let (almaty, astana) = (meeting_href(&app, "cfm-2018-06-almaty").await, meeting_href(&app, "csc-2018-11-astana").await);
        let (status, en) = app.page("/states/RU").await;
        assert_eq!(status, 200, "{en}");
        assert_has(&en, &[
            "<h1>Russia</h1>", "Collective Security Treaty Organization</a>: member", "no dates recorded",
            // Its next term, beyond the years the organisation's rotation draws today, as the rotation gives it.
            "Term 2020: 1 January 2020 – 31 December 2020", "(derived)",
            "Minister of Foreign Affairs of Russia: <a href=\"/people/sergey-lavrov\">Sergey Lavrov</a>",
            &almaty, &astana, "href=\"/people/vladimir-putin\"", "href=\"/documents?sponsor=RU\"",
        ], "Russia's page");
        // The latest meeting first.
        assert_in_order(&en, &[&astana, &almaty]);

        let (status, ru) = app.page("/states/RU?lang=ru").await;
        assert_eq!(status, 200);
        assert_has(&ru, &[
            "<h1>Россия</h1>", "Организация Договора о коллективной безопасности</a>: член", "Председательство",
            "Срок 2020", "(по порядку ротации)", "Сергей Лавров", "Делегации на заседаниях",
        ], "the Russian page of Russia");
    }
}

on_both_engines! {
    async fn kazakhstans_minister_s_page_shows_his_post_and_the_meeting_he_chaired(app) {
        let almaty = meeting_href(&app, "cfm-2018-06-almaty").await;
        let (status, en) = app.page("/people/kairat-abdrakhmanov").await;
        assert_eq!(status, 200, "{en}");
        assert_has(&en, &[
            "<h1>Kairat Abdrakhmanov</h1>", "Minister of Foreign Affairs of Kazakhstan", "href=\"/states/KZ\"",
            "Meetings chaired", &almaty, "(head of delegation)",
            "Chair of the meeting (derived from the chairmanship",
        ], "Abdrakhmanov's page");
        let (_, ru) = app.page("/people/kairat-abdrakhmanov?lang=ru").await;
        assert_has(&ru, &["<h1>Кайрат Абдрахманов</h1>", "Министр иностранных дел Республики Казахстан", "Председатель заседания"], "his Russian page");

        // Russia's minister headed his delegation at the same meeting, but did not chair it.
        let (_, lavrov) = app.page("/people/sergey-lavrov").await;
        assert_has(&lavrov, &["Minister of Foreign Affairs of Russia", &almaty], "Lavrov's page");
        assert!(!lavrov.contains("Meetings chaired") && !lavrov.contains("Chair of the meeting"), "Lavrov chaired nothing");

        // A name that changed: the one of the day, and the earlier one with the day it gave way.
        let (_, tj) = app.page("/people/sirojiddin-muhriddin").await;
        assert_has(&tj, &["<h1>Sirojiddin Muhriddin</h1>", "Named Sirojiddin Aslov until 19 May 2018"], "Muhriddin's page");
    }
}

on_both_engines! {
    async fn the_cfm_body_page_shows_its_cadence_in_words_who_chairs_and_its_meetings(app) {
        let almaty = meeting_href(&app, "cfm-2018-06-almaty").await;
        let (status, en) = app.page("/organisations/CSTO/bodies/CFM").await;
        assert_eq!(status, 200, "{en}");
        assert_has(&en, &[
            "Council of Foreign Ministers", "meets twice a year", "2018: 1 of 2 regular meetings", "falls short",
            "href=\"/organisations/CSTO/bodies/CSC\"", "href=\"/people/kairat-abdrakhmanov\"",
            "The representative of the chairing state, Kazakhstan: term 2018 (derived)",
            &almaty, "href=\"/documents?organisation=CSTO&#38;body=CFM\"",
        ], "the CFM's page");
        let (_, ru) = app.page("/organisations/CSTO/bodies/CFM?lang=ru").await;
        assert_has(&ru, &["Совет министров иностранных дел", "собирается два раза в год", "1 из 2 очередных заседаний"], "the CFM's Russian page");

        // A body chaired by its host, and one whose cadence needs the Russian plural.
        let (_, csc) = app.page("/organisations/CSTO/bodies/CSC").await;
        assert_has(&csc, &["meets once a year", "the state hosting each meeting"], "the CSC's page");
        let token = app.token("officer").await;
        let (_, body) = app.get("/api/v1/bodies?organisation=CSTO&limit=50", None).await;
        let pc = body["items"].as_array().unwrap().iter().find(|b| b["code"] == "PC").unwrap().clone();
        for (count, en, ru) in [(3, "meets 3 times a year", "собирается 3 раза в год"), (5, "meets 5 times a year", "собирается 5 раз в год")] {
            let (_, now) = app.get(&format!("/api/v1/bodies/{}", pc["id"]), None).await;
            let mut changed: Value = now.clone();
            changed.as_object_mut().unwrap().remove("id");
            changed["regular_meetings_per_year"] = json!(count);
            let (status, answer) = app.put(&format!("/api/v1/bodies/{}", pc["id"]), &changed, Some(&token)).await;
            assert_eq!(status, 200, "{answer}");
            assert!(app.page("/organisations/CSTO/bodies/PC").await.1.contains(en), "{en}");
            assert!(app.page("/organisations/CSTO/bodies/PC?lang=ru").await.1.contains(ru), "{ru}");
        }
    }
}

on_both_engines! {
    async fn the_rotation_picture_lists_the_chairs_in_order_with_the_derived_ones_marked(app) {
        let (status, html) = app.page("/organisations/CSTO").await;
        assert_eq!(status, 200, "{html}");
        assert_has(&html, &["Chairmanship over the years", "class=\"chair-derived\"", "Terms in order"], "the organisation page");
        assert_in_order(&html, &[
            "2017 <a href=\"/states/BY\">Belarus</a> (derived)",
            "2017–2018 <a href=\"/states/KZ\">Kazakhstan</a> (derived) <strong>(now)</strong>",
            "2018–2019 <a href=\"/states/KG\">Kyrgyzstan</a> (derived)",
        ]);
        // States, bodies and the registers are a link away.
        assert_has(&html, &[
            "<a href=\"/states/AM\">Armenia</a>", "href=\"/organisations/CSTO/bodies/CFM\"",
            "href=\"/organisations/CSTO/plans\"", "href=\"/organisations/CSTO/statements-lists\"",
            "href=\"/organisations/CSTO/legal-basis\"", "Next meeting:",
        ], "the organisation page");

        // A term an override sets is marked as set, not derived.
        let token = app.token("officer").await;
        let (_, mut org) = app.get("/api/v1/organisations/CSTO", None).await;
        org["chairmanship"]["overrides"] = json!([{"term": 2019, "state": "TJ"}]);
        let (status, body) = app.put(&format!("/api/v1/organisations/{}", org["id"]), &org, Some(&token)).await;
        assert_eq!(status, 200, "{body}");
        let (_, html) = app.page("/organisations/CSTO").await;
        assert_has(&html, &["2018–2019 <a href=\"/states/TJ\">Tajikistan</a> (set by decision)", "class=\"chair-set\""], "the page after the override");
        let (_, ru) = app.page("/organisations/CSTO?lang=ru").await;
        assert_has(&ru, &["Председательство по годам", "Казахстан</a> (по порядку ротации)", "Таджикистан</a> (по решению)"], "the Russian page");
    }
}

on_both_engines! {
    async fn a_restricted_document_sponsored_by_russia_is_not_on_russias_page_for_the_public(app) {
        let token = app.token("officer").await;
        let title = "A restricted Russian draft on collective security";
        let doc = json!({"key": "ru-restricted-who", "organisation": "CSTO", "body": "CFM", "kind": "statement",
            "title": {"en": title, "ru": title}, "sponsors": ["RU"], "original_language": "ru",
            "visibility": "restricted", "texts": {"ru": "Текст"}});
        let (status, body) = app.post("/api/v1/documents", &doc, Some(&token)).await;
        assert_eq!(status, 201, "{body}");

        let (_, public) = app.page("/states/RU").await;
        assert!(!public.contains(title) && !public.contains("ru-restricted-who"), "the public sees no trace of it");
        assert!(public.contains("Its documents in the register (1)"), "nor counts it");
        let (_, kz) = page_as(&app, "/states/RU", "delegate-kz").await;
        assert!(!kz.contains(title), "nor does Kazakhstan's delegate, who is no head of delegation");
        let (_, officer) = page_as(&app, "/states/RU", "officer").await;
        assert!(officer.contains(title) && officer.contains("Its documents in the register (2)"), "the Secretariat sees it");
        let (_, head) = page_as(&app, "/states/RU", "delegate-ru").await;
        assert!(head.contains(title), "so does Russia's head of delegation");
    }
}

on_both_engines! {
    async fn an_unknown_state_person_or_body_is_the_404_page_in_the_readers_language(app) {
        for path in [
            "/states/XX", "/states/ru", "/states/RUS", "/people/nobody", "/people/Not_A_Key",
            "/organisations/CSTO/bodies/NOPE", "/organisations/NATO/bodies/CFM", "/organisations/csto/bodies/CFM",
        ] {
            let r = app.request(reqwest::Method::GET, path, None).send().await.unwrap();
            assert_eq!(r.status(), 404, "{path}");
            assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "{path}");
            assert!(r.text().await.unwrap().contains("This page does not exist"), "{path}");
        }
        let (status, ru) = app.page("/states/XX?lang=ru").await;
        assert_eq!(status, 404);
        assert!(ru.contains("lang=\"ru\""), "the 404 page in Russian");
    }
}

on_both_engines! {
    async fn names_on_the_meeting_and_document_pages_link_to_their_state_person_and_body_pages(app) {
        let (status, meeting) = app.page("/meetings/cfm-2018-06-almaty").await;
        assert_eq!(status, 200);
        assert_has(&meeting, &[
            "<a href=\"/states/KZ\">Kazakhstan</a>", "<a href=\"/people/kairat-abdrakhmanov\">Kairat Abdrakhmanov</a>",
            "<a href=\"/people/sergey-lavrov\">Sergey Lavrov</a>", "href=\"/organisations/CSTO/bodies/CFM\"",
        ], "the Almaty meeting page");

        let (_, list) = app.get("/api/v1/documents?limit=100", None).await;
        let russian = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["sponsors"].as_array().is_some_and(|s| s.contains(&json!("RU"))))
            .expect("a public document Russia sponsors");
        let (status, doc) = app.page(&format!("/documents/{}", russian["key"].as_str().unwrap())).await;
        assert_eq!(status, 200);
        assert!(doc.contains("<a href=\"/states/RU\">Russia</a>"), "the sponsor is linked to its page");
    }
}
