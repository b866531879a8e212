//! A document worked on in the browser: circulated by the Secretariat, positions recorded by delegates each in her
//! own session while another session watches the grid fill in without reloading, silence opened and broken, a
//! second procedure run out to adoption; and the same with JavaScript off.

use fantoccini::{Client, Locator};
use secretariat_core::account::{AccountRole, Actor};
use secretariat_core::domain::StateCode;
use secretariat_testkit::{Engine, TestApp, PASSWORD};
use serde_json::json;

use super::support::{browser, browser_without_script, chromedriver, sign_in, text, Checks, Driver};

pub(super) async fn sign_out(client: &Client) {
    client.find(Locator::Css("header .account form button")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("header .account a")).await.unwrap();
}

/// Delegates of the member states the demo has no account for.
async fn more_delegates(app: &TestApp) {
    for state in ["AM", "BY", "KG", "TJ"] {
        let name = format!("delegate-{}", state.to_lowercase());
        let code = StateCode::parse(state).unwrap();
        app.app.add_account(&Actor::system(), &name, PASSWORD, AccountRole::Delegate, Some(code), false).await.unwrap();
    }
}

/// A draft of Russia's, made by Russia's delegate in the browser from the start page, every page checked; then put
/// on the agenda of Almaty (whose time its deadlines are written in) by the Secretariat.
async fn russian_draft(driver: &Driver, app: &TestApp, key: &str, checks: &mut Checks) {
    let client = browser(driver).await;
    sign_in(&client, app, "delegate-ru", "/").await;
    super::drafting::draft_in_the_browser(&client, key, "members", checks).await;
    client.close().await.unwrap();
    let number = if key == "inf-2018" { 13 } else { 14 };
    let item = json!({"meeting": "cfm-2018-06-almaty", "number": number, "title": {"en": "Statement on the INF Treaty"},
                      "kind": "decision", "visibility": "members", "documents": [format!("ru-{key}")]});
    let (status, body) = app.post("/api/v1/agenda-items", &item, Some(&app.token("officer").await)).await;
    assert_eq!(status, 201, "{body}");
}

async fn click(client: &Client, xpath: &str) {
    client.find(Locator::XPath(xpath)).await.unwrap().click().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_delegates_record_positions_in_their_own_sessions_and_a_sixth_sees_the_grid_fill_in_without_reloading() {
    let Some(driver) = chromedriver() else { return };
    let mut checks = Checks::new();
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    more_delegates(&app).await;
    russian_draft(&driver, &app, "inf-2018", &mut checks).await;
    let page = "/documents/ru-inf-2018";

    // The Secretariat circulates the draft from its page.
    let officer = browser(&driver).await;
    sign_in(&officer, &app, "officer", page).await;
    checks.page(&officer).await;
    click(&officer, "//button[text()='Circulate to the member states']").await;
    officer.wait().for_element(Locator::XPath("//dd[text()='circulated']")).await.unwrap();
    checks.page(&officer).await;

    // Russia's head of delegation watches; a mark on the window tells whether the page was ever reloaded.
    let watcher = browser(&driver).await;
    sign_in(&watcher, &app, "delegate-ru", page).await;
    watcher.execute("window.untouched = true;", vec![]).await.unwrap();

    let delegates = browser(&driver).await;
    let states =
        [("am", "Armenia"), ("by", "Belarus"), ("kg", "Kyrgyzstan"), ("tj", "Tajikistan"), ("kz", "Kazakhstan")];
    for (i, (code, name)) in states.iter().enumerate() {
        sign_in(&delegates, &app, &format!("delegate-{code}"), page).await;
        assert_eq!(text(&delegates, "#position-form-h").await, format!("Position of {name}"));
        if i == 0 {
            // Refused with htmx as without it: the message at the field, the choice kept, nothing recorded.
            delegates.find(Locator::Css("input[value=objection]")).await.unwrap().click().await.unwrap();
            delegates.find(Locator::Css("#position-form-h + form button")).await.unwrap().click().await.unwrap();
            delegates.wait().for_element(Locator::Id("position-text-error")).await.unwrap();
            assert_eq!(text(&delegates, "#position-text-error").await, "A reservation or an objection needs its text.");
            checks.page(&delegates).await;
        }
        let choice = if i == 4 { "no_objection" } else { "support" };
        delegates.find(Locator::Css(&format!("input[value={choice}]"))).await.unwrap().click().await.unwrap();
        delegates.find(Locator::Css("#position-form-h + form button")).await.unwrap().click().await.unwrap();
        let row = format!("//table//th[text()='{name}']");
        delegates.wait().for_element(Locator::XPath(&row)).await.unwrap();
        if i == 0 {
            checks.page(&delegates).await;
        }
        // The sixth session shows it, without a reload.
        watcher.wait().for_element(Locator::XPath(&row)).await.unwrap();
        sign_out(&delegates).await;
    }
    let untouched = watcher.execute("return window.untouched === true;", vec![]).await.unwrap();
    assert_eq!(untouched, json!(true), "the watching page was reloaded");
    assert!(text(&watcher, "#positions").await.contains("still to say: Russia"));

    // The Secretariat opens a silence procedure until a deadline in Almaty time; Belarus breaks it with an
    // amendment, and the page says by whom, when, and with what text.
    officer.refresh().await.unwrap();
    let deadline = officer.find(Locator::Id("silence-deadline")).await.unwrap();
    officer
        .execute("arguments[0].value = '2018-06-20T18:00';", vec![serde_json::to_value(&deadline).unwrap()])
        .await
        .unwrap();
    officer.find(Locator::Css("#silence-form-h + form button")).await.unwrap().click().await.unwrap();
    officer.wait().for_element(Locator::Id("silence")).await.unwrap();
    let silence = text(&officer, "#silence").await;
    assert!(silence.contains("20 June 2018, 18:00 (Almaty time, UTC+6)"), "{silence}");
    assert!(silence.contains("20 June 2018, 12:00 UTC") && silence.contains("left"), "{silence}");
    checks.page(&officer).await;

    sign_in(&delegates, &app, "delegate-by", page).await;
    delegates.find(Locator::Css("input[name=kind][value=amendment]")).await.unwrap().click().await.unwrap();
    let amendment = "Заменить «заявляют» словами «твёрдо заявляют»";
    delegates.find(Locator::Id("objection-text")).await.unwrap().send_keys(amendment).await.unwrap();
    delegates.find(Locator::Css("#objection-form-h + form button")).await.unwrap().click().await.unwrap();
    delegates.wait().for_element(Locator::XPath("//*[@id='silence']//strong[text()='broken']")).await.unwrap();
    let silence = text(&delegates, "#silence").await;
    assert!(silence.contains("Amendment proposed by Belarus") && silence.contains(amendment), "{silence}");
    checks.page(&delegates).await;
    watcher.wait().for_element(Locator::XPath("//*[@id='silence']//strong[text()='broken']")).await.unwrap();

    // Broken, the text is not adopted. A second draft goes straight to silence, which passes its deadline
    // unbroken: the watching page shows it adopted by silence.
    assert!(text(&delegates, "dl.facts").await.contains("not adopted"));
    russian_draft(&driver, &app, "second-2018", &mut checks).await;
    let page = "/documents/ru-second-2018";
    officer.goto(&format!("{}{page}", app.address)).await.unwrap();
    watcher.goto(&format!("{}{page}", app.address)).await.unwrap();
    let deadline = officer.find(Locator::Id("silence-deadline")).await.unwrap();
    // Half an hour (Almaty is UTC+6): the test's clock stands at 06:00 UTC, and sessions outlive the wait.
    officer
        .execute("arguments[0].value = '2018-06-01T12:30';", vec![serde_json::to_value(&deadline).unwrap()])
        .await
        .unwrap();
    officer.find(Locator::Css("#silence-form-h + form button")).await.unwrap().click().await.unwrap();
    officer.wait().for_element(Locator::XPath("//*[@id='silence']//strong[text()='open']")).await.unwrap();
    app.clock.set("2018-06-01T06:30:01Z".parse().unwrap());
    watcher
        .wait()
        .for_element(Locator::XPath("//*[@id='silence']//strong[text()='adopted at the deadline']"))
        .await
        .unwrap();
    watcher.refresh().await.unwrap();
    assert_eq!(text(&watcher, "dl.facts dd:nth-of-type(2)").await, "adopted");
    assert!(!text(&watcher, "main").await.contains("still to say"), "an adopted document never says \"still to say\"");
    checks.page(&watcher).await;

    for c in [officer, watcher, delegates] {
        c.close().await.unwrap();
    }
    checks.finish();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_javascript_off_a_delegate_reads_a_document_and_records_her_position_after_a_refusal_kept_what_she_typed()
{
    let Some(driver) = chromedriver() else { return };
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    let mut checks = Checks::new();
    russian_draft(&driver, &app, "inf-2018", &mut checks).await;
    let officer = app.token("officer").await;
    let (_, doc) = app.get("/api/v1/documents/ru-inf-2018", Some(&officer)).await;
    let id = doc["id"].as_i64().unwrap();
    let (status, _) =
        app.post(&format!("/api/v1/documents/{id}/transitions"), &json!({"to": "circulated"}), Some(&officer)).await;
    assert_eq!(status, 200);

    let client = browser_without_script(&driver).await;
    let page = "/documents/ru-inf-2018?lang=ru";
    // The public finds no such page; signing in from it returns to the document.
    client.goto(&format!("{}{page}", app.address)).await.unwrap();
    assert!(!text(&client, "main").await.contains("ДРСМД"));
    client.find(Locator::Css("header .account a")).await.unwrap().click().await.unwrap();
    client.find(Locator::Id("username")).await.unwrap().send_keys("delegate-kz").await.unwrap();
    client.find(Locator::Id("password")).await.unwrap().send_keys(PASSWORD).await.unwrap();
    client.find(Locator::Css("form.stack button")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Id("position-form-h")).await.unwrap();
    assert!(text(&client, "h1").await.contains("ДРСМД"));
    assert_eq!(text(&client, "#position-form-h").await, "Позиция: Казахстан");

    // An objection without its text is refused at the field; the choice is kept.
    client.find(Locator::Css("input[value=objection]")).await.unwrap().click().await.unwrap();
    client.find(Locator::Css("#position-form-h + form button")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Id("position-text-error")).await.unwrap();
    assert_eq!(text(&client, "#position-text-error").await, "Для оговорки или возражения нужен текст.");
    let kept = client.find(Locator::Css("input[value=objection]")).await.unwrap().prop("checked").await.unwrap();
    assert_eq!(kept.as_deref(), Some("true"));
    assert!(!text(&client, "#positions").await.contains("возражение"), "nothing was recorded");

    let reason = "Казахстан предлагает доработать текст";
    client.find(Locator::Id("position-text")).await.unwrap().send_keys(reason).await.unwrap();
    client.find(Locator::Css("#position-form-h + form button")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::XPath("//table//th[text()='Казахстан']")).await.unwrap();
    let positions = text(&client, "#positions").await;
    assert!(
        positions.contains("Казахстан") && positions.contains("возражение") && positions.contains(reason),
        "{positions}"
    );
    assert!(positions.contains("Возражают:"), "{positions}");
    client.close().await.unwrap();
    checks.finish();
}
