//! In a real Chromium: the pages a tired diplomat uses, clicked through as a person would. ChromeDriver is
//! required under `CI=true`; elsewhere, without it, this suite says so and stops.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use secretariat_testkit::{Engine, TestApp, PASSWORD};

struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn chromedriver() -> Option<Driver> {
    let path = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let port = std::net::TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
    match Command::new(&path).arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn() {
        Ok(child) => Some(Driver { child, url: format!("http://127.0.0.1:{port}") }),
        Err(e) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("ChromeDriver is mandatory under CI=true, but {path} does not start: {e}");
            }
            eprintln!("notice: ChromeDriver ({path}) does not start ({e}); the browser suite is skipped");
            None
        }
    }
}

async fn browser(driver: &Driver) -> Client {
    let mut caps = serde_json::Map::new();
    let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": binary,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--window-size=412,915", "--lang=en-GB"]
        }),
    );
    for _ in 0..50 {
        if let Ok(client) = ClientBuilder::rustls().expect("tls").capabilities(caps.clone()).connect(&driver.url).await
        {
            return client;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("ChromeDriver at {} did not answer", driver.url);
}

async fn text(client: &Client, css: &str) -> String {
    client.find(Locator::Css(css)).await.unwrap().text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_on_a_phone_reads_the_almaty_meeting_switches_to_russian_pages_the_calendar_and_signs_in() {
    let Some(driver) = chromedriver() else { return };
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    let client = browser(&driver).await;

    client.goto(&format!("{}/meetings/cfm-2018-06-almaty", app.address)).await.unwrap();
    assert_eq!(text(&client, "h1").await, "Meeting of the Council of Foreign Ministers");
    let body = text(&client, "main").await;
    for fact in
        ["Kairat Abdrakhmanov", "10 June 2018", "Working dinner", "restricted format", "UTC+06:00", "Andrei Dapkiunas"]
    {
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
        .execute("return [document.documentElement.scrollWidth, window.innerWidth, document.querySelectorAll('svg.bars rect').length];", vec![])
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

/// A path from an environment variable that CI must provide, or `None` (with a notice) elsewhere.
fn tool(var: &str, what: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(path) if std::path::Path::new(&path).exists() => Some(path),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => panic!("{what} is mandatory under CI=true: set {var}"),
        _ => {
            eprintln!("notice: {var} is not set; the {what} check is skipped (`.ci/run` installs it from npm)");
            None
        }
    }
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
async fn every_page_is_valid_html_for_the_nu_html_checker() {
    let Some(vnu) = tool("VNU_JAR", "Nu HTML Checker") else { return };
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    let dir = std::env::temp_dir().join(format!("secretariat-vnu-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for (i, page) in PAGES.iter().enumerate() {
        let (_, html) = app.page(page).await;
        let file = dir.join(format!("page-{i}.html"));
        std::fs::write(&file, html).unwrap();
        files.push(file);
    }
    let out = Command::new("java").arg("-jar").arg(&vnu).arg("--errors-only").args(&files).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && report.trim().is_empty(), "the Nu HTML Checker found errors:\n{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_axe_core_accessibility_checks_in_english_and_russian() {
    let Some(axe) = tool("AXE_CORE_JS", "axe-core") else { return };
    let Some(driver) = chromedriver() else { return };
    let axe = std::fs::read_to_string(axe).unwrap();
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    let client = browser(&driver).await;
    let mut failures = Vec::new();
    for page in PAGES {
        client.goto(&format!("{}{page}", app.address)).await.unwrap();
        client.execute(&axe, vec![]).await.unwrap();
        let found = client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] })
                    .then(r => done({ passes: r.passes.length,
                                      violations: r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', ')) }));",
                vec![],
            )
            .await
            .unwrap();
        assert!(found["passes"].as_u64().unwrap_or(0) > 10, "axe-core ran its rules on {page}: {found}");
        for violation in found["violations"].as_array().cloned().unwrap_or_default() {
            failures.push(format!("{page}: {}", violation.as_str().unwrap_or_default()));
        }
    }
    client.close().await.unwrap();
    assert!(failures.is_empty(), "axe-core found:\n{}", failures.join("\n"));
}
