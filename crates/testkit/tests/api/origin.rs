//! The origin press comment (`origin/press-comment-2018-06-09.txt`), fact by fact, on the page of the meeting it is
//! about: what a reader of the Almaty meeting page learns, in English and in Russian, signed out. Each fact is read
//! from a record: the body's cadence, a document's period, the statements list the list document is, the meeting
//! an approved item's documents are submitted to.

use secretariat_testkit::{on_both_engines, TestApp};

/// The text of a page, tags removed and spaces collapsed, so that a fact split over elements is still found.
async fn words(app: &TestApp, path: &str) -> String {
    let (status, html) = app.page(path).await;
    assert_eq!(status, 200, "{path}");
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text.replace("&#x27;", "'").replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[track_caller]
fn has_all(text: &str, facts: &[(&str, &str)]) {
    let missing: Vec<_> =
        facts.iter().filter(|(_, f)| !text.contains(f)).map(|(what, f)| format!("{what}: «{f}»")).collect();
    assert!(missing.is_empty(), "missing on the page:\n{}\n\n{text}", missing.join("\n"));
}

on_both_engines! {
    async fn the_almaty_meeting_page_holds_every_fact_of_the_origin_comment_in_english(app) {
        let text = words(&app, "/meetings/cfm-2018-06-almaty?lang=en").await;
        has_all(&text, &[
            ("venue", "Almaty"),
            ("date", "11 June 2018"),
            ("chair", "Kairat Abdrakhmanov"),
            ("chair's post", "Minister of Foreign Affairs of Kazakhstan"),
            ("kind", "Regular meeting"),
            ("twice a year", "CFM meets twice a year"),
            ("the eve", "10 June 2018"),
            ("working dinner", "Working dinner of the heads of delegation"),
            ("restricted format", "restricted format"),
            ("expanded format", "expanded format"),
            ("items", "12 items"),
            ("the INF statement", "INF Treaty"),
            ("drafted by Russia", "Russia"),
            ("the roadmap", "Roadmap"),
            ("the roadmap's period", "peacekeeping missions — for 2018–2021"),
            ("legal basis", "legal contractual basis"),
            ("plan of consultations", "Plan of consultations"),
            ("its period", "second half of 2018"),
            ("the plan's period", "first half of 2019 — for H2 2018 – H1 2019"),
            ("statements list", "List of joint foreign-policy statements"),
            ("how the list is drawn up", "Drawn up every year on the basis of the member states' proposals on \
                collective instructions to their permanent representatives at international organisations. \
                List of joint statements for 2018"),
            ("to the heads of state", "Documents to be submitted for consideration by the heads of state"),
            ("in autumn", "to go to the Collective Security Council, Astana, 8 November 2018"),
        ]);
        assert!(text.contains("statements of the CSTO member states for 2018"), "{text}");
        assert!(!text.contains("for 2018 — for 2018"), "a title that names its period is not told it again: {text}");
    }
}

on_both_engines! {
    async fn the_almaty_meeting_page_holds_every_fact_of_the_origin_comment_in_russian(app) {
        let text = words(&app, "/meetings/cfm-2018-06-almaty?lang=ru").await;
        has_all(&text, &[
            ("venue", "Алматы"),
            ("date", "11 июня 2018"),
            ("chair", "Кайрат Абдрахманов"),
            ("chair's post", "Министр иностранных дел Республики Казахстан"),
            ("kind", "Очередное заседание"),
            ("twice a year", "СМИД собирается два раза в год"),
            ("the eve", "10 июня 2018"),
            ("working dinner", "Рабочий ужин глав делегаций"),
            ("restricted format", "узком составе"),
            ("expanded format", "расширенном составе"),
            ("items", "12 вопросов"),
            ("the INF statement", "ДРСМД"),
            ("drafted by Russia", "Россия"),
            ("the roadmap", "Дорожн"),
            ("the roadmap's period", "миротворческих миссий ООН — на 2018–2021 гг."),
            ("legal basis", "договорно-правовой базы"),
            ("plan of consultations", "План консультаций"),
            ("its period", "второе полугодие 2018 года"),
            ("the plan's period", "первое полугодие 2019 года — на II полугодие 2018 г. – I полугодие 2019 г."),
            ("statements list", "Перечень совместных внешнеполитических заявлений"),
            ("how the list is drawn up", "Составляется ежегодно на основе предложений государств-членов по \
                коллективным поручениям их постоянным представителям при международных организациях."),
            ("to the heads of state", "О документах, вносимых на рассмотрение глав государств"),
            ("in autumn", "вносится на рассмотрение: Совет коллективной безопасности, Астана, 8 ноября 2018 г."),
        ]);
        assert!(text.contains("государств — членов ОДКБ на 2018 год"), "{text}");
        assert!(!text.contains("на 2018 год — на 2018 год"), "{text}");
    }
}
