//! The registers in a browser: the Secretariat keeps the plans through their forms, the legal basis register is
//! read as of a chosen day, and a delegate proposes a joint statement for her own state that the officer then
//! includes in the list. Every page of each walk is checked by axe-core and the Nu HTML Checker, in English and in
//! Russian, and fits a 1280 px screen and a 320 px phone without scrolling sideways.

use fantoccini::{Client, Locator};
use secretariat_testkit::{Engine, TestApp};
use serde_json::json;

use super::documents::sign_out;
use super::support::{browser, chromedriver, sign_in, text, Checks};

const PLANS: &str = "/organisations/CSTO/plans";
const LEGAL: &str = "/organisations/CSTO/legal-basis";
const LISTS: &str = "/organisations/CSTO/statements-lists";

/// The elements that reach past the window's right edge (none when the page does not scroll sideways).
async fn too_wide(client: &Client) -> String {
    client
        .execute(
            "if (document.documentElement.scrollWidth <= window.innerWidth) return '';
             return [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                 .map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 12).join(' ') || 'the page';",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// At each width, the page at `path` does not scroll sideways; each is checked too.
async fn fits_both_widths(client: &Client, app: &TestApp, path: &str, checks: &mut Checks) {
    for width in [1280, 320] {
        client.set_window_size(width, 900).await.unwrap();
        client.goto(&format!("{}{path}", app.address)).await.unwrap();
        let wide = too_wide(client).await;
        assert!(wide.is_empty(), "{path} scrolls sideways at {width} px: {wide}");
        checks.page(client).await;
    }
}

async fn fill(client: &Client, id: &str, value: &str) {
    client.find(Locator::Id(id)).await.unwrap().send_keys(value).await.unwrap();
}

/// A date field is given its value as the form sends it (typing a date depends on the browser's locale).
async fn set_date(client: &Client, id: &str, day: &str) {
    client
        .execute("document.getElementById(arguments[0]).value = arguments[1];", vec![json!(id), json!(day)])
        .await
        .unwrap();
}

/// Opens the folded form that posts to `action`.
async fn unfold(client: &Client, action: &str) {
    let summary = format!("details:has(form[action='{action}']) > summary");
    client.find(Locator::Css(&summary)).await.unwrap().click().await.unwrap();
}

async fn submit(client: &Client, action: &str) {
    let button = format!("form[action='{action}'] button[type=submit]");
    client.find(Locator::Css(&button)).await.unwrap().click().await.unwrap();
}

async fn id_of(app: &TestApp, key: &str) -> i64 {
    let (status, doc) = app.get(&format!("/api/v1/documents/{key}"), Some(&app.token("officer").await)).await;
    assert_eq!(status, 200, "{doc}");
    doc["id"].as_i64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_officer_adds_a_plan_item_in_english_and_reports_its_progress_in_russian_through_the_forms_of_the_plans_page(
) {
    let Some(driver) = chromedriver() else { return };
    let mut checks = Checks::new();
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    let plan = id_of(&app, "cfm-2018-consultations-plan").await;
    let client = browser(&driver).await;
    client.set_window_size(1280, 900).await.unwrap();
    sign_in(&client, &app, "officer", &format!("{PLANS}?lang=en")).await;
    checks.page(&client).await;

    let add = format!("/documents/{plan}/plan-items");
    unfold(&client, &add).await;
    let pre = format!("add-{plan}");
    fill(&client, &format!("{pre}-title-en"), "Consultations of experts on information security").await;
    fill(&client, &format!("{pre}-title-ru"), "Консультации экспертов по информационной безопасности").await;
    client.find(Locator::Id(&format!("{pre}-kind"))).await.unwrap().select_by_value("consultation").await.unwrap();
    set_date(&client, &format!("{pre}-from"), "2018-09-01").await;
    set_date(&client, &format!("{pre}-to"), "2018-12-31").await;
    // Two of the list, as a ctrl-click chooses them.
    for who in ["KZ", "secretariat"] {
        let option = format!("#{pre}-responsible option[value='{who}']");
        client.execute("document.querySelector(arguments[0]).selected = true;", vec![json!(option)]).await.unwrap();
    }
    // Numbered 0 first: refused at the number, everything typed kept.
    fill(&client, &format!("{pre}-number"), "0").await;
    checks.page(&client).await;
    submit(&client, &add).await;
    let error = format!("{pre}-number-error");
    client.wait().for_element(Locator::Id(&error)).await.unwrap();
    assert_eq!(text(&client, &format!("#{error}")).await, "Items are numbered from 1.");
    let kept = client.find(Locator::Id(&format!("{pre}-title-en"))).await.unwrap().prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some("Consultations of experts on information security"), "the title kept");
    assert!(client.find(Locator::Css("tr[id^='item-']")).await.is_err(), "nothing written");
    checks.page(&client).await;
    client.find(Locator::Id(&format!("{pre}-number"))).await.unwrap().clear().await.unwrap();
    submit(&client, &add).await;
    client.wait().for_element(Locator::Css("tr[id^='item-']")).await.unwrap();
    let row_id = client.find(Locator::Css("tr[id^='item-']")).await.unwrap().attr("id").await.unwrap().unwrap();
    let row = text(&client, &format!("#{row_id}")).await;
    for fact in [
        "Consultations of experts on information security",
        "1 September 2018 – 31 December 2018",
        "the Secretariat, Kazakhstan",
        "planned",
    ] {
        assert!(row.contains(fact), "the new item's row says {fact}: {row}");
    }
    checks.page(&client).await;

    // In Russian, on a phone: a progress report.
    client.set_window_size(320, 800).await.unwrap();
    client.goto(&format!("{}{PLANS}?lang=ru", app.address)).await.unwrap();
    let item = row_id.trim_start_matches("item-");
    let progress = format!("/plan-items/{item}/progress");
    unfold(&client, &progress).await;
    let wide = too_wide(&client).await;
    assert!(wide.is_empty(), "the progress form scrolls sideways at 320 px: {wide}");
    checks.page(&client).await;
    set_date(&client, &format!("progress-{item}-on"), "2018-10-15").await;
    fill(&client, &format!("progress-{item}-text-ru"), "Проведены в Москве").await;
    fill(&client, &format!("progress-{item}-text-en"), "Held in Moscow").await;
    submit(&client, &progress).await;
    client
        .wait()
        .for_element(Locator::XPath(&format!("//tr[@id='{row_id}']//li[contains(., 'Проведены в Москве')]")))
        .await
        .unwrap();
    let row = text(&client, &format!("#{row_id}")).await;
    assert!(row.contains("15 октября 2018 г.") && row.contains("Секретариат, Казахстан"), "{row}");
    checks.page(&client).await;
    fits_both_widths(&client, &app, &format!("{PLANS}?lang=ru"), &mut checks).await;
    fits_both_widths(&client, &app, &format!("{PLANS}?lang=en"), &mut checks).await;

    // The plan's title leads to its document, and the document back to the plans.
    client
        .find(Locator::Css("main h2 a[href='/documents/cfm-2018-consultations-plan']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client.wait().for_element(Locator::Css(&format!("main a[href='{PLANS}']"))).await.unwrap();
    checks.page(&client).await;
    client.find(Locator::Css(&format!("main a[href='{PLANS}']"))).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::XPath("//h1[text()='Plans and roadmaps']")).await.unwrap();
    assert!(text(&client, "main").await.contains("Held in Moscow"), "the report in English too");
    client.close().await.unwrap();
    checks.finish();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_legal_basis_register_reads_as_of_a_chosen_day_for_the_public_and_offers_the_officer_its_forms() {
    let Some(driver) = chromedriver() else { return };
    let mut checks = Checks::new();
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    let client = browser(&driver).await;
    client.set_window_size(1280, 900).await.unwrap();

    // The public, from the organisation's page, asks how things stood on 1 June 2021.
    client.goto(&format!("{}/organisations/CSTO?lang=en", app.address)).await.unwrap();
    client.find(Locator::Css(&format!("main a[href='{LEGAL}']"))).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::XPath("//h1[text()='Legal basis']")).await.unwrap();
    checks.page(&client).await;
    assert!(client.find(Locator::Css("form[action$='/signatures']")).await.is_err(), "no form for the public");
    set_date(&client, "on", "2021-06-01").await;
    client.find(Locator::Css("form.day-picker button")).await.unwrap().click().await.unwrap();
    client
        .wait()
        .for_element(Locator::XPath("//p[contains(., '4 of 6 agreements and protocols are in force')]"))
        .await
        .unwrap();
    let main = text(&client, "main").await;
    assert!(main.contains("On 1 June 2021") && main.contains("In force since 19 January 2021"), "{main}");
    checks.page(&client).await;
    fits_both_widths(&client, &app, &format!("{LEGAL}?lang=ru&on=2021-06-01"), &mut checks).await;
    let main = text(&client, "main").await;
    assert!(main.contains("По состоянию на 1 июня 2021 г. в силе 4 из 6 соглашений и протоколов."), "{main}");

    // The officer is offered the forms; folded open at 320 px, they fit.
    sign_in(&client, &app, "officer", &format!("{LEGAL}?lang=en")).await;
    let treaty = id_of(&app, "charter-protocol-2").await;
    for action in [format!("/documents/{treaty}/signatures"), format!("/documents/{treaty}/entry-into-force")] {
        unfold(&client, &action).await;
    }
    let wide = too_wide(&client).await;
    assert!(wide.is_empty(), "the register's forms scroll sideways at 320 px: {wide}");
    checks.page(&client).await;
    client.set_window_size(1280, 900).await.unwrap();
    client.goto(&format!("{}{LEGAL}?lang=ru", app.address)).await.unwrap();
    for action in [format!("/documents/{treaty}/signatures"), format!("/documents/{treaty}/entry-into-force")] {
        unfold(&client, &action).await;
    }
    checks.page(&client).await;

    // A treaty's page leads back to the register.
    client.goto(&format!("{}/documents/charter-protocol-2?lang=en", app.address)).await.unwrap();
    client.find(Locator::Css(&format!("main a[href='{LEGAL}']"))).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::XPath("//h1[text()='Legal basis']")).await.unwrap();
    client.close().await.unwrap();
    checks.finish();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delegate_proposes_a_statement_for_her_own_state_in_russian_and_the_officer_includes_it_in_the_list() {
    let Some(driver) = chromedriver() else { return };
    let mut checks = Checks::new();
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    // A list of 2018 still open: proposals until 10 June, the eve of Almaty (the test's clock says 1 June).
    let list = "statements-2018-second";
    let body = json!({"key": list, "organisation": "CSTO", "body": "CFM", "year": 2018, "cutoff": "2018-06-10"});
    let (status, made) = app.post("/api/v1/statements-lists", &body, Some(&app.token("officer").await)).await;
    assert_eq!(status, 201, "{made}");
    let page = format!("/statements-lists/{list}");
    let client = browser(&driver).await;

    // The public reads the call, and is told the proposals are the members'.
    fits_both_widths(&client, &app, &format!("{page}?lang=en"), &mut checks).await;
    assert!(text(&client, "#proposals").await.contains("shown to the member states"));
    assert!(client.find(Locator::Css(&format!("form[action='{page}/proposals']"))).await.is_err(), "no form for her");

    // Russia's delegate, on her phone, in Russian: from the lists to the open one, and her proposal.
    client.set_window_size(320, 800).await.unwrap();
    sign_in(&client, &app, "delegate-ru", &format!("{LISTS}?lang=en")).await;
    client.goto(&format!("{}{LISTS}?lang=ru", app.address)).await.unwrap();
    assert!(text(&client, "h1").await.contains("Перечни совместных заявлений"));
    checks.page(&client).await;
    client.find(Locator::Css(&format!("main a[href='{page}']"))).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Id("proposals-h")).await.unwrap();
    let proposals = format!("{page}/proposals");
    unfold(&client, &proposals).await;
    let summary = text(&client, "#proposal-form-h").await;
    assert_eq!(summary, "Предложить совместное заявление (Россия)", "for her own state, named");
    assert!(client.find(Locator::Id("proposal-state")).await.is_err(), "no choice of state for a delegate");
    let wide = too_wide(&client).await;
    assert!(wide.is_empty(), "the proposal form scrolls sideways at 320 px: {wide}");
    checks.page(&client).await;
    // Without a topic first: refused at the topic, the draft kept.
    fill(&client, "proposal-draft-ru", "Государства-члены поддерживают Договор.").await;
    submit(&client, &proposals).await;
    client.wait().for_element(Locator::Id("proposal-topic-error")).await.unwrap();
    assert!(text(&client, "#proposal-topic-error").await.contains("Укажите тему"), "said in Russian at the topic");
    let kept = client.find(Locator::Id("proposal-draft-ru")).await.unwrap().prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some("Государства-члены поддерживают Договор."), "the draft kept");
    let wide = too_wide(&client).await;
    assert!(wide.is_empty(), "the refused proposal form scrolls sideways at 320 px: {wide}");
    checks.page(&client).await;
    fill(&client, "proposal-topic-ru", "О Договоре о ракетах средней и меньшей дальности").await;
    fill(&client, "proposal-topic-en", "On the Treaty on Intermediate-Range Nuclear Forces").await;
    client.find(Locator::Id("proposal-forum")).await.unwrap().select_by_value("UNGA").await.unwrap();
    submit(&client, &proposals).await;
    client.wait().for_element(Locator::XPath("//ul[contains(@class, 'proposals')]/li")).await.unwrap();
    let shown = text(&client, "ul.proposals").await;
    assert!(shown.contains("О Договоре о ракетах средней и меньшей дальности") && shown.contains("Россия"), "{shown}");
    assert!(shown.contains("не включено"), "it waits for the Secretariat: {shown}");
    checks.page(&client).await;
    fits_both_widths(&client, &app, &format!("{page}?lang=ru"), &mut checks).await;
    sign_out(&client).await;

    // The officer, at her desk in English, includes it.
    client.set_window_size(1280, 900).await.unwrap();
    sign_in(&client, &app, "officer", &format!("{page}?lang=en")).await;
    let included = format!("{page}/inclusion");
    let tick = client.find(Locator::Css(&format!("form[action='{included}'] input[name=included]"))).await.unwrap();
    assert_eq!(tick.prop("checked").await.unwrap().as_deref(), Some("false"));
    tick.click().await.unwrap();
    checks.page(&client).await;
    client.find(Locator::Css(&format!("form[action='{included}'] button"))).await.unwrap().click().await.unwrap();
    client
        .wait()
        .for_element(Locator::XPath("//ul[contains(@class, 'proposals')]//span[contains(., 'included in the list')]"))
        .await
        .unwrap();
    let shown = text(&client, "ul.proposals").await;
    assert!(
        shown.contains("On the Treaty on Intermediate-Range Nuclear Forces") && shown.contains("UN General Assembly"),
        "{shown}"
    );
    checks.page(&client).await;
    fits_both_widths(&client, &app, &format!("{page}?lang=en"), &mut checks).await;
    fits_both_widths(&client, &app, &format!("{LISTS}?lang=en"), &mut checks).await;
    fits_both_widths(&client, &app, &format!("{LISTS}?lang=ru"), &mut checks).await;
    fits_both_widths(&client, &app, "/statements-lists/statements-2018?lang=ru", &mut checks).await;
    client.close().await.unwrap();
    checks.finish();
}
