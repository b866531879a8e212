//! Who's who in a browser: a reader on a phone walks from the organisation's rotation to a state, a person and a
//! body by their links, and every page of the walk fits 320 px and passes both checkers, in English and Russian.

use fantoccini::{Client, Locator};
use secretariat_testkit::{Engine, TestApp};

use super::support::{browser, chromedriver, text, Checks};

/// Whether the page the browser shows scrolls sideways.
async fn scrolls_sideways(client: &Client) -> bool {
    let widths =
        client.execute("return [document.documentElement.scrollWidth, window.innerWidth];", vec![]).await.unwrap();
    widths[0].as_u64().unwrap() > widths[1].as_u64().unwrap()
}

/// Clicks the link to `href` in the page and waits for the page whose heading holds `heading`.
async fn follow(client: &Client, href: &str, heading: &str) {
    client.find(Locator::Css(&format!("main a[href='{href}']"))).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::XPath(&format!("//h1[contains(., '{heading}')]"))).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_at_320_px_walks_from_the_rotation_to_a_state_a_person_and_a_body_on_valid_accessible_pages() {
    let Some(driver) = chromedriver() else { return };
    let mut checks = Checks::new();
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    let client = browser(&driver).await;
    client.set_window_size(320, 800).await.unwrap();

    client.goto(&format!("{}/organisations/CSTO?lang=en", app.address)).await.unwrap();
    assert!(text(&client, "section.rotation").await.contains("Kazakhstan (derived)"));
    checks.page(&client).await;
    follow(&client, "/states/KZ", "Kazakhstan").await;
    checks.page(&client).await;
    follow(&client, "/people/kairat-abdrakhmanov", "Kairat Abdrakhmanov").await;
    assert!(text(&client, "main").await.contains("Meetings chaired"));
    checks.page(&client).await;
    client.goto(&format!("{}/organisations/CSTO/bodies/CFM", app.address)).await.unwrap();
    assert!(text(&client, "main").await.contains("meets twice a year"));
    checks.page(&client).await;
    for path in [
        "/states/RU?lang=ru",
        "/people/sirojiddin-muhriddin?lang=ru",
        "/organisations/CSTO/bodies/CSC?lang=ru",
        "/organisations/CSTO?lang=ru",
    ] {
        client.goto(&format!("{}{path}", app.address)).await.unwrap();
        checks.page(&client).await;
        assert!(!scrolls_sideways(&client).await, "{path} scrolls sideways at 320 px");
    }
    for path in ["/states/KZ", "/people/kairat-abdrakhmanov", "/organisations/CSTO/bodies/CFM", "/organisations/CSTO"] {
        client.goto(&format!("{}{path}?lang=en", app.address)).await.unwrap();
        assert!(!scrolls_sideways(&client).await, "{path} scrolls sideways at 320 px");
    }
    client.close().await.unwrap();
    checks.finish();
}
