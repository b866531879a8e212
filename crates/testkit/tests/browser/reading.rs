//! Reading as the public and the Secretariat do: the meeting, the calendar, the organisation as of a day; every
//! page of the walk valid and accessible.

use fantoccini::Locator;
use secretariat_testkit::{Engine, TestApp, PASSWORD};

use super::support::{browser, chromedriver, text, Checks};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_on_a_phone_reads_the_almaty_meeting_switches_to_russian_pages_the_calendar_and_signs_in() {
    let Some(driver) = chromedriver() else { return };
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    let client = browser(&driver).await;

    client.goto(&format!("{}/meetings/cfm-2018-06-almaty", app.address)).await.unwrap();
    assert_eq!(text(&client, "h1").await, "Meeting of the Council of Foreign Ministers");
    let body = text(&client, "main").await;
    for fact in [
        "Kairat Abdrakhmanov",
        "10 June 2018",
        "Working dinner",
        "restricted format",
        "Almaty time, UTC+6",
        "Andrei Dapkiunas",
    ] {
        assert!(body.contains(fact), "{fact}");
    }
    assert!(!body.contains("Item 10"), "the public does not see restricted items");

    // The language switch keeps the page.
    client.find(Locator::LinkText("Русский")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::XPath("//h1[contains(., 'заседание')]")).await.unwrap();
    let body = text(&client, "main").await;
    assert!(body.contains("Кайрат Абдрахманов") && body.contains("Рабочий ужин глав делегаций"));
    assert_eq!(client.find(Locator::Css("html")).await.unwrap().attr("lang").await.unwrap().as_deref(), Some("ru"));

    // The document under item 2 opens from the agenda.
    client.find(Locator::XPath("//a[contains(., 'CSTO/CFM/2018/STM/1')]")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::XPath("//h1[contains(., 'ДРСМД')]")).await.unwrap();

    // The calendar pages by year; htmx swaps the year in place and the address follows.
    client.goto(&format!("{}/organisations/CSTO/calendar?year=2018&lang=en", app.address)).await.unwrap();
    assert_eq!(text(&client, "#calendar h1").await, "Calendar 2018");
    client.find(Locator::XPath("//a[contains(., 'Previous year')]")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::XPath("//h1[text()='Calendar 2017']")).await.unwrap();
    assert!(client.current_url().await.unwrap().as_str().ends_with("year=2017"));
    assert!(text(&client, "#calendar").await.contains("November"), "the Minsk session of 30 November 2017");

    // Signing in through the form.
    client.goto(&format!("{}/sign-in", app.address)).await.unwrap();
    client.find(Locator::Id("username")).await.unwrap().send_keys("officer").await.unwrap();
    client.find(Locator::Id("password")).await.unwrap().send_keys(PASSWORD).await.unwrap();
    client.find(Locator::Css("form.stack button")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::XPath("//*[contains(., 'Signed in as officer')]")).await.unwrap();
    client.goto(&format!("{}/meetings/cfm-2018-06-almaty", app.address)).await.unwrap();
    assert!(text(&client, "main").await.contains("Item 10"), "the Secretariat sees every item");

    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_at_320_px_picks_a_day_and_walks_to_the_next_term_without_scrolling_sideways() {
    let Some(driver) = chromedriver() else { return };
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    let client = browser(&driver).await;
    client.set_window_size(320, 800).await.unwrap();

    client.goto(&format!("{}/organisations/CSTO?lang=en", app.address)).await.unwrap();
    // How a date input takes keys depends on the browser's locale; the form sends what the picker holds.
    client.execute("document.getElementById('on').value = '2018-11-08';", vec![]).await.unwrap();
    client.find(Locator::Css("form.day-picker button")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::XPath("//h2[text()='Chair on 8 November 2018']")).await.unwrap();
    assert!(client.current_url().await.unwrap().as_str().ends_with("on=2018-11-08"));
    assert!(text(&client, "main").await.contains("Kazakhstan"));

    client.find(Locator::Css("a[rel=next]")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::XPath("//h2[text()='Chair on 9 November 2018']")).await.unwrap();
    assert!(text(&client, "#chair-h + p").await.contains("Kyrgyzstan"));

    let widths = client
        .execute("return [document.documentElement.scrollWidth, window.innerWidth, document.querySelectorAll('section.timeline svg.bars rect').length];", vec![])
        .await
        .unwrap();
    let (scroll, inner) = (widths[0].as_u64().unwrap(), widths[1].as_u64().unwrap());
    assert!(scroll <= inner, "the page scrolls sideways at 320 px: {widths}");
    // The demo records no day of joining or leaving: the timeline says so in words rather than drawing six
    // identical bars (2026-12-02, "Pages say what is missing in words").
    assert_eq!(widths[2].as_u64().unwrap(), 0, "no bars without dates: {widths}");
    assert!(text(&client, "section.timeline").await.contains("No day of joining or leaving is recorded"));
    client.close().await.unwrap();
}

const PAGES: [&str; 9] = [
    "/",
    "/organisations/CSTO",
    "/organisations/CSTO?on=2018-11-08&lang=ru",
    "/organisations/CSTO/calendar?year=2018",
    "/meetings/cfm-2018-06-almaty",
    "/meetings/cfm-2018-06-almaty?lang=ru",
    "/documents/cfm-2018-inf-statement",
    "/sign-in",
    "/no-such-page",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_the_public_reads_passes_axe_core_and_the_nu_html_checker_in_english_and_russian() {
    let Some(driver) = chromedriver() else { return };
    let mut checks = Checks::new();
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    let client = browser(&driver).await;
    for page in PAGES {
        client.goto(&format!("{}{page}", app.address)).await.unwrap();
        checks.page(&client).await;
    }
    client.close().await.unwrap();
    checks.finish();
}
