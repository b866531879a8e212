//! Searching as a reader does: the box in the header of any page, at 320 px, in English and Russian; every page of
//! the walk valid and accessible.

use fantoccini::Locator;
use secretariat_testkit::{Engine, TestApp};

use super::support::{browser, chromedriver, text, Checks};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_on_a_phone_searches_from_the_header_in_russian_and_english_and_every_page_passes_the_checkers() {
    let Some(driver) = chromedriver() else { return };
    let mut checks = Checks::new();
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    let client = browser(&driver).await;
    client.set_window_size(320, 800).await.unwrap();

    client.goto(&format!("{}/meetings/cfm-2018-06-almaty?lang=ru", app.address)).await.unwrap();
    checks.page(&client).await;
    client.find(Locator::Css("#site-search-q")).await.unwrap().send_keys("заявления министров").await.unwrap();
    client.find(Locator::Css("form.site-search button")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("ol.results")).await.unwrap();
    assert!(text(&client, "#search-count").await.starts_with("По запросу «заявления министров» найден"));
    assert!(text(&client, "ol.results").await.contains("Заявление министров иностранных дел"));
    checks.page(&client).await;
    let widths =
        client.execute("return [document.documentElement.scrollWidth, window.innerWidth];", vec![]).await.unwrap();
    assert!(widths[0].as_u64().unwrap() <= widths[1].as_u64().unwrap(), "the page scrolls sideways: {widths}");

    for page in ["/search?q=statements&lang=en", "/search?q=the+of", "/search?q=zzzz", "/search"] {
        client.goto(&format!("{}{page}", app.address)).await.unwrap();
        checks.page(&client).await;
    }
    client.goto(&format!("{}/search?q={}", app.address, "a".repeat(300))).await.unwrap();
    assert!(text(&client, "main").await.contains("The search is too long"));
    checks.page(&client).await;
    client.close().await.unwrap();
    checks.finish();
}
