//! The Secretariat prepares a meeting in the browser: from the organisation page to a new meeting, its programme,
//! delegations and agenda, and the agenda adopted; a refused form says why at its field, keeps what was typed and
//! writes nothing; the page in English and Russian, at 320 px, and its printable agenda.

use fantoccini::{Client, Locator};
use secretariat_testkit::{Engine, TestApp};

use super::support::{browser, chromedriver, sign_in, text, Checks};

const URL: &str = "/meetings/cfm-2018-11-astana";

/// Sets the fields of a form by their ids, as a person would pick them (a date picker's keys depend on the
/// browser's locale, so values are set rather than typed); a list of values selects those of a multiple select.
pub(super) async fn fill(client: &Client, fields: &[(&str, &[&str])]) {
    for (id, values) in fields {
        let values: Vec<serde_json::Value> = values.iter().map(|v| serde_json::json!(v)).collect();
        client
            .execute(
                "const [id, values] = arguments; const el = document.getElementById(id);
                 if (el.multiple) { for (const o of el.options) o.selected = values.includes(o.value); }
                 else { el.value = values[0]; }",
                vec![serde_json::json!(id), serde_json::json!(values)],
            )
            .await
            .unwrap_or_else(|e| panic!("no field #{id}: {e}"));
    }
}

/// Opens the folded form whose summary says `summary`.
async fn open(client: &Client, summary: &str) {
    client.find(Locator::XPath(&format!("//summary[text()='{summary}']"))).await.unwrap().click().await.unwrap();
}

/// Submits the form posting to `action` with its first button, and waits for `then` on the page that follows.
async fn submit(client: &Client, action: &str, then: &str) {
    let button = format!("//form[@action='{action}']//button[@type='submit']");
    client.find(Locator::XPath(&button)).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::XPath(then)).await.unwrap_or_else(|e| panic!("after {action}: {then}: {e}"));
}

async fn meeting(app: &TestApp) -> serde_json::Value {
    app.get("/api/v1/meetings/cfm-2018-11-astana", Some(&app.token("officer").await)).await.1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretariat_prepares_a_meeting_with_a_programme_delegations_and_an_agenda_and_adopts_the_agenda() {
    let Some(driver) = chromedriver() else { return };
    let mut checks = Checks::new();
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    let officer = browser(&driver).await;
    sign_in(&officer, &app, "officer", "/organisations/CSTO").await;
    checks.page(&officer).await;

    // From the organisation page to a new meeting; an end day before the start is refused at its field.
    officer.find(Locator::LinkText("New meeting")).await.unwrap().click().await.unwrap();
    officer.wait().for_element(Locator::XPath("//h1[text()='New meeting']")).await.unwrap();
    checks.page(&officer).await;
    officer.find(Locator::Id("meeting-key")).await.unwrap().send_keys("cfm-2018-11-astana").await.unwrap();
    fill(
        &officer,
        &[
            ("meeting-body", &["CFM"]),
            ("meeting-city", &["astana"]),
            ("meeting-starts", &["2018-11-07"]),
            ("meeting-ends", &["2018-11-06"]),
        ],
    )
    .await;
    submit(&officer, "/meetings", "//p[@id='meeting-ends-error']").await;
    assert_eq!(text(&officer, "#meeting-ends-error").await, "The last day cannot come before the first.");
    let kept = officer.find(Locator::Id("meeting-key")).await.unwrap().prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some("cfm-2018-11-astana"), "what was typed is kept");
    assert_eq!(app.get("/api/v1/meetings/cfm-2018-11-astana", None).await.0, 404, "nothing written");
    checks.page(&officer).await;
    fill(&officer, &[("meeting-ends", &["2018-11-08"])]).await;
    submit(&officer, "/meetings", "//h1[contains(., 'Council of Foreign Ministers')]").await;
    assert_eq!(officer.current_url().await.unwrap().path(), URL);
    assert!(text(&officer, "main").await.contains("Astana time, UTC+6"), "times in the venue's time");
    checks.page(&officer).await;

    // The programme: a working dinner on the eve, then the restricted sitting.
    open(&officer, "Add a programme event").await;
    officer.find(Locator::Id("new-event-key")).await.unwrap().send_keys("working-dinner").await.unwrap();
    fill(
        &officer,
        &[("new-event-kind", &["working_dinner"]), ("new-event-on", &["2018-11-07"]), ("new-event-at", &["19:30"])],
    )
    .await;
    submit(&officer, &format!("{URL}/programme"), "//strong[text()='Working dinner']").await;
    open(&officer, "Add a programme event").await;
    officer.find(Locator::Id("new-event-key")).await.unwrap().send_keys("restricted").await.unwrap();
    fill(
        &officer,
        &[
            ("new-event-kind", &["sitting"]),
            ("new-event-format", &["restricted"]),
            ("new-event-on", &["2018-11-08"]),
            ("new-event-at", &["10:00"]),
        ],
    )
    .await;
    submit(&officer, &format!("{URL}/programme"), "//span[contains(., 'restricted format')]").await;
    checks.page(&officer).await;

    // Delegations, by person: Kazakhstan's minister; Russia's with two members.
    open(&officer, "Add a delegation").await;
    fill(&officer, &[("new-delegation-state", &["KZ"]), ("new-delegation-head", &["kairat-abdrakhmanov"])]).await;
    submit(&officer, &format!("{URL}/delegations"), "//th[.='Kazakhstan']").await;
    open(&officer, "Add a delegation").await;
    fill(
        &officer,
        &[
            ("new-delegation-state", &["RU"]),
            ("new-delegation-head", &["sergey-lavrov"]),
            ("new-delegation-members", &["aibek-omokeev", "valery-semerikov"]),
        ],
    )
    .await;
    submit(&officer, &format!("{URL}/delegations"), "//th[.='Russia']").await;
    checks.page(&officer).await;

    // The agenda: a number past the end is refused at its field, with the titles kept; then two items.
    open(&officer, "Add an agenda item").await;
    fill(
        &officer,
        &[
            ("new-item-number", &["3"]),
            ("new-item-title-en", &["Foreign policy coordination"]),
            ("new-item-title-ru", &["О координации внешней политики"]),
            ("new-item-kind", &["discussion"]),
        ],
    )
    .await;
    submit(&officer, &format!("{URL}/agenda"), "//p[@id='new-item-number-error']").await;
    assert_eq!(text(&officer, "#new-item-number-error").await, "Give a number from 1 to one past the last item.");
    let kept = officer.find(Locator::Id("new-item-title-ru")).await.unwrap().prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some("О координации внешней политики"));
    assert!(meeting(&app).await["agenda"]["items"].as_array().unwrap().is_empty(), "nothing written");
    checks.page(&officer).await;
    fill(&officer, &[("new-item-number", &[""])]).await;
    submit(&officer, &format!("{URL}/agenda"), "//td[contains(., 'Foreign policy coordination')]").await;
    open(&officer, "Add an agenda item").await;
    fill(
        &officer,
        &[
            ("new-item-title-en", &["Peacekeeping"]),
            ("new-item-kind", &["decision"]),
            ("new-item-sitting", &["restricted"]),
            ("new-item-number", &["1"]),
        ],
    )
    .await;
    submit(&officer, &format!("{URL}/agenda"), "//td[contains(., 'Peacekeeping')]").await;
    let m = meeting(&app).await;
    assert_eq!(m["agenda"]["items"][0]["title"]["en"], "Peacekeeping", "inserted at its number, the other moved down");
    assert_eq!(m["agenda"]["items"][0]["format"], "restricted");
    checks.page(&officer).await;

    // The agenda adopted.
    submit(&officer, &format!("{URL}/agenda/adoption"), "//h2[starts-with(., 'Adopted agenda')]").await;
    assert_eq!(meeting(&app).await["agenda"]["status"], "adopted");
    checks.page(&officer).await;

    // In Russian; at 320 px without sideways scrolling; and the printable agenda.
    officer.goto(&format!("{}{URL}?lang=ru", app.address)).await.unwrap();
    officer.wait().for_element(Locator::XPath("//h2[starts-with(., 'Утверждённая повестка дня')]")).await.unwrap();
    assert!(text(&officer, "main").await.contains("время г. Астана, UTC+6"), "the venue's time named in Russian");
    checks.page(&officer).await;
    officer.goto(&format!("{}{URL}?lang=en", app.address)).await.unwrap();
    officer.set_window_size(320, 800).await.unwrap();
    officer.wait().for_element(Locator::Id("agenda-h")).await.unwrap();
    let widths =
        officer.execute("return [document.documentElement.scrollWidth, window.innerWidth];", vec![]).await.unwrap();
    assert!(
        widths[0].as_u64().unwrap() <= widths[1].as_u64().unwrap(),
        "the page scrolls sideways at 320 px: {widths}"
    );
    checks.page(&officer).await;
    officer.goto(&format!("{}{URL}/agenda", app.address)).await.unwrap();
    officer.wait().for_element(Locator::Css("ol.agenda-print")).await.unwrap();
    assert!(text(&officer, "ol.agenda-print").await.contains("Peacekeeping"));
    checks.page(&officer).await;
    officer.close().await.unwrap();
    checks.finish();
}
