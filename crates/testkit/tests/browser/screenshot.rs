//! The README's picture (docs/screenshot.png) is taken here, from the demo, and not by hand: the meeting page of
//! Almaty, 11 June 2018, as the public reads it in English on a 1280 px screen. The walk always takes it and checks
//! that the page is the one the picture shows; with `UPDATE_SCREENSHOT=1` it also writes it over the README's file.

use fantoccini::Locator;
use secretariat_testkit::{Engine, TestApp};

use super::support::{browser, chromedriver, text, Checks};

/// Where the README shows it from.
const PICTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/screenshot.png");
const WIDTH: u32 = 1280;
const HEIGHT: u32 = 1600;

/// The width and height a PNG says it has (its IHDR chunk, right after the signature).
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let word = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_picture_is_the_almaty_meeting_page_of_the_demo_as_the_public_reads_it_at_1280_px() {
    let Some(driver) = chromedriver() else { return };
    let mut checks = Checks::new();
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    let client = browser(&driver).await;
    client.set_window_size(WIDTH, HEIGHT).await.unwrap();
    client.goto(&format!("{}/meetings/cfm-2018-06-almaty?lang=en", app.address)).await.unwrap();
    client
        .wait()
        .for_element(Locator::XPath("//h1[text()='Meeting of the Council of Foreign Ministers']"))
        .await
        .unwrap();
    let main = text(&client, "main").await;
    for fact in
        ["11 June 2018", "Almaty, Kazakhstan", "Kairat Abdrakhmanov", "Programme", "Delegations", "Sergey Lavrov"]
    {
        assert!(main.contains(fact), "the pictured page says {fact}");
    }
    assert!(text(&client, "header").await.contains("Sign in"), "as the public reads it, signed out");
    checks.page(&client).await;

    // The window's scroll bar is the browser's, not the page's: the picture is taken without it.
    client.execute("document.documentElement.style.scrollbarWidth = 'none';", vec![]).await.unwrap();
    let png = client.screenshot().await.unwrap();
    let (width, height) = png_size(&png);
    let inner = client.execute("return [window.innerWidth, window.innerHeight];", vec![]).await.unwrap();
    assert_eq!(width, inner[0].as_u64().unwrap() as u32, "the picture is the window's width");
    assert!(width >= WIDTH - 20 && height >= HEIGHT / 2, "a 1280 px screen's picture, {width}×{height}");
    if std::env::var("UPDATE_SCREENSHOT").is_ok_and(|v| v == "1") {
        std::fs::write(PICTURE, &png).unwrap();
        eprintln!("notice: wrote {PICTURE} ({width}×{height})");
    } else {
        let (w, _) = png_size(&std::fs::read(PICTURE).unwrap());
        assert_eq!(w, width, "the README's picture was taken at this width; UPDATE_SCREENSHOT=1 takes it again");
    }
    client.close().await.unwrap();
    checks.finish();
}
