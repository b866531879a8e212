//! The drafted announcement of a meeting: the CSTO's of 11 June 2018 against the origin comment, in English and
//! Russian; who sees what in it; the languages it is refused in; and a second organisation's meeting.

use secretariat_core::account::Actor;
use secretariat_core::scenario::{Scenario, OSCE_2020};
use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::Value;

use crate::support::assert_error;

const ALMATY: &str = "/api/v1/meetings/cfm-2018-06-almaty/announcement";

async fn draft(app: &TestApp, path: &str, token: Option<&str>) -> Value {
    let (status, draft) = app.get(path, token).await;
    assert_eq!(status, 200, "{draft}");
    draft
}

fn text(draft: &Value) -> String {
    format!("{}\n\n{}", draft["title"].as_str().unwrap(), draft["body"].as_str().unwrap())
}

on_both_engines! {
    async fn the_almaty_draft_carries_every_fact_of_the_origin_comment_in_english_and_russian(app) {
        let token = app.token("officer").await;
        let en = draft(&app, &format!("{ALMATY}?language=en"), Some(&token)).await;
        assert_eq!(en["language"], "en");
        let body = en["body"].as_str().unwrap();
        assert!(body.contains("\n\n") && !body.contains("\n\n\n"), "paragraphs are separated by one blank line");
        for fact in [
            "A regular meeting of the CSTO Council of Foreign Ministers will take place in Almaty on 11 June 2018",
            "under the chairmanship of the Minister of Foreign Affairs of Kazakhstan, Kairat Abdrakhmanov",
            "such meetings are usually held twice a year",
            "On the eve of the meeting, on 10 June, the heads of the delegations will meet for a working dinner to discuss issues of mutual interest",
            "both in the restricted and expanded formats",
            "The meeting's agenda consists of 12 items.",
            "Foreign policy coordination in the CSTO and current issues of international and regional security",
            "Countering current cross-border challenges and threats, primarily from terrorist organisations",
            "Statement of the Ministers of Foreign Affairs of the CSTO member states on the INF Treaty” (drafted by Russia)",
            "peacekeeping potential in the interests of UN international peacekeeping missions” (from 2018 to 2021; drafted by the CSTO Secretariat)",
            "Status of the work on developing the CSTO legal contractual basis",
            "for the second half of 2018 and the first half of 2019",
            "List of joint foreign-policy statements of the CSTO member states for 2018” (drafted by the CSTO Secretariat)",
            "drafted every year on the basis of the member states' proposals and carried out as collective instructions to their permanent representatives at international organisations",
            "submitted for consideration by the Collective Security Council at its meeting in Astana on 8 November 2018",
            "Declaration of the Collective Security Council",
        ] {
            assert!(body.contains(fact), "the English draft says `{fact}`:\n{body}");
        }
        insta::assert_snapshot!("almaty_en", text(&en));

        let ru = draft(&app, &format!("{ALMATY}?language=ru"), Some(&token)).await;
        let body = ru["body"].as_str().unwrap();
        for fact in [
            "11 июня 2018 года в Алматы под председательством Министра иностранных дел Республики Казахстан Кайрата Абдрахманова состоится очередное заседание СМИД ОДКБ.",
            "проводятся, как правило, 2 раза в год",
            "Накануне заседания, 10 июня, главы делегаций встретятся за рабочим ужином",
            "в узком и расширенном составах",
            "Повестка дня заседания включает 12 вопросов.",
            "(автор проекта — Россия)",
            "(на 2018–2021 годы; автор проекта — Секретариат ОДКБ)",
            "на второе полугодие 2018 года и первое полугодие 2019 года",
            "коллективных поручений их постоянным представителям при международных организациях",
            "будут внесены на рассмотрение СКБ ОДКБ на заседании 8 ноября 2018 года в Астане",
        ] {
            assert!(body.contains(fact), "the Russian draft says `{fact}`:\n{body}");
        }
        insta::assert_snapshot!("almaty_ru", text(&ru));
    }
}

on_both_engines! {
    async fn the_russian_ministry_drafts_on_its_ministers_participation(app) {
        let token = app.token("press").await;
        let en = draft(&app, &format!("{ALMATY}?language=en&publisher=RU"), Some(&token)).await;
        assert_eq!(
            en["title"],
            "Comment on the participation of the Minister of Foreign Affairs of Russia, Sergey Lavrov, in the meeting of the CSTO Council of Foreign Ministers"
        );
        let ru = draft(&app, &format!("{ALMATY}?language=ru&publisher=RU"), Some(&token)).await;
        assert_eq!(
            ru["title"],
            "Комментарий в связи с участием Министра иностранных дел Российской Федерации Сергея Лаврова в заседании СМИД ОДКБ"
        );
        assert!(ru["body"].as_str().unwrap().contains("В заседании примет участие Министр иностранных дел Российской Федерации Сергей Лавров."));
    }
}

on_both_engines! {
    async fn the_press_draft_says_nothing_of_the_restricted_items_not_even_how_many_there_are(app) {
        let token = app.token("press").await;
        for lang in ["en", "ru"] {
            let all = text(&draft(&app, &format!("{ALMATY}?language={lang}"), Some(&token)).await);
            for hidden in ["title not public", "название не опубликовано", "12", "consists of", "Повестка дня"] {
                assert!(!all.contains(hidden), "the press draft in {lang} does not say `{hidden}`:\n{all}");
            }
            assert!(all.contains("Almaty") || all.contains("Алматы"));
        }
        let public = text(&draft(&app, &format!("{ALMATY}?language=en"), None).await);
        assert_eq!(public, text(&draft(&app, &format!("{ALMATY}?language=en"), Some(&token)).await), "the press sees what the public sees");
    }
}

on_both_engines! {
    async fn a_language_the_organisation_does_not_work_in_or_that_has_no_grammar_is_a_422(app) {
        let reply = app.get(&format!("{ALMATY}?language=fr"), None).await;
        assert_error((reply.0, &reply.1), 422, "not_a_working_language");
        let reply = app.get(&format!("{ALMATY}?language=english"), None).await;
        assert_error((reply.0, &reply.1), 422, "invalid_language");
        let reply = app.get(&format!("{ALMATY}?language=en&publisher=Russia"), None).await;
        assert_error((reply.0, &reply.1), 422, "invalid_state_code");
        let reply = app.get(ALMATY, None).await;
        assert_error((reply.0, &reply.1), 400, "invalid_query");
        let reply = app.get("/api/v1/meetings/no-such-meeting/announcement?language=en", None).await;
        assert_error((reply.0, &reply.1), 404, "not_found");

        let osce: Scenario = serde_json::from_str(OSCE_2020).unwrap();
        app.app.import(&Actor::system(), &osce).await.unwrap();
        let reply = app.get("/api/v1/meetings/mc-2020-12-tirana/announcement?language=fr", None).await;
        assert_error((reply.0, &reply.1), 422, "no_grammar");
    }
}

on_both_engines! {
    async fn the_osce_ministerial_council_in_tirana_gets_a_correct_draft_too(app) {
        let osce: Scenario = serde_json::from_str(OSCE_2020).unwrap();
        app.app.import(&Actor::system(), &osce).await.unwrap();
        let token = app.token("officer").await;
        let en = text(&draft(&app, "/api/v1/meetings/mc-2020-12-tirana/announcement?language=en", Some(&token)).await);
        for fact in ["of the OSCE Ministerial Council will take place in Tirana on 3–4 December 2020", "hybrid format"] {
            assert!(en.contains(fact), "the Tirana draft says `{fact}`:\n{en}");
        }
        for absent in ["CSTO", "twice a year", "restricted", "working dinner", "Kazakhstan"] {
            assert!(!en.contains(absent), "the Tirana draft does not say `{absent}`:\n{en}");
        }
        let ru = text(&draft(&app, "/api/v1/meetings/mc-2020-12-tirana/announcement?language=ru", Some(&token)).await);
        assert!(ru.contains("3–4 декабря 2020 года"), "{ru}");
        assert!(ru.contains("ОБСЕ") && !ru.contains("ОДКБ"), "{ru}");
        insta::assert_snapshot!("tirana_en", en);
        insta::assert_snapshot!("tirana_ru", ru);
    }
}

on_both_engines! {
    async fn the_press_officer_reads_the_same_draft_on_a_page_in_each_language_from_a_link_on_the_meeting_page(app) {
        let token = app.token("press").await;
        let get = |path: String| {
            let request = app.request(reqwest::Method::GET, &path, Some(&token));
            async move {
                let reply = request.send().await.unwrap();
                (reply.status().as_u16(), reply.text().await.unwrap())
            }
        };
        let (status, meeting) = get("/meetings/cfm-2018-06-almaty".into()).await;
        assert_eq!(status, 200);
        assert!(meeting.contains("Draft the announcement"), "the meeting page links the draft for the press");
        let (_, public) = app.page("/meetings/cfm-2018-06-almaty").await;
        assert!(!public.contains("Draft the announcement"), "not for the public");

        let api = draft(&app, &format!("{ALMATY}?language=ru"), Some(&token)).await;
        let (status, html) = get("/meetings/cfm-2018-06-almaty/announcement?language=ru&lang=ru".into()).await;
        assert_eq!(status, 200);
        assert!(html.contains("Проект сообщения") && html.contains("Язык проекта"), "the page speaks Russian");
        assert!(html.contains(api["title"].as_str().unwrap()), "the page shows the API's title");
        for paragraph in api["body"].as_str().unwrap().split("\n\n") {
            let escaped = paragraph.replace('\'', "&#39;").replace('"', "&#34;");
            assert!(html.contains(paragraph) || html.contains(&escaped), "the page shows `{paragraph}`");
        }
        assert!(html.contains("?language=en"), "and links the English draft");
        let (status, html) = get("/meetings/cfm-2018-06-almaty/announcement?language=fr".into()).await;
        assert_eq!(status, 422, "{html}");
    }
}
