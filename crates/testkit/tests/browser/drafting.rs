//! Drafting in the browser, and what the public reads (scenario 4): a Russian delegate drafts a statement from the
//! start page; it is among her state's drafts, and the Secretariat finds it to circulate. The public, signed out,
//! reads the adopted public document and neither a restricted item nor its title, in English and in Russian, on
//! the start page, the register, its CSV and the meeting page.

use fantoccini::{Client, Locator};
use secretariat_testkit::{Engine, TestApp};
use serde_json::Value;

use super::documents::sign_out;
use super::support::sign_in;
use super::support::{browser, chromedriver, text, Checks};

async fn fill(client: &Client, id: &str, value: &str) {
    client.find(Locator::Id(id)).await.unwrap().send_keys(value).await.unwrap();
}

/// Whether the page fits its window's width (no sideways scrolling).
async fn fits(client: &Client) -> bool {
    let widths =
        client.execute("return [document.documentElement.scrollWidth, window.innerWidth];", vec![]).await.unwrap();
    widths[0].as_u64() <= widths[1].as_u64()
}

async fn choose(client: &Client, id: &str, value: &str) {
    client.find(Locator::Id(id)).await.unwrap().select_by_value(value).await.unwrap();
}

/// From the start page, signed in as Russia's delegate: drafts the INF statement under `ru-{key}` and lands on its
/// page. Every page on the way is checked.
pub(super) async fn draft_in_the_browser(client: &Client, key: &str, visibility: &str, checks: &mut Checks) {
    checks.page(client).await;
    client.find(Locator::LinkText("Draft a new document")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Id("draft-body")).await.unwrap();
    checks.page(client).await;
    choose(client, "draft-body", "CSTO/CFM").await;
    client.find(Locator::Css("main form button")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Id("draft-key")).await.unwrap();
    checks.page(client).await;
    assert!(text(client, "#draft-form").await.contains("Russia"), "she drafts for her state");
    fill(client, "draft-key", key).await;
    choose(client, "draft-kind", "statement").await;
    choose(client, "draft-original", "ru").await;
    choose(client, "draft-visibility", visibility).await;
    fill(client, "draft-title-en", "Statement on the INF Treaty").await;
    fill(client, "draft-title-ru", "Заявление о ДРСМД").await;
    fill(client, "draft-text-ru", "Министры иностранных дел заявляют").await;
    fill(client, "draft-text-en", "The foreign ministers state").await;
    client.find(Locator::Css("#draft-form button[type=submit]")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::XPath("//h1[text()='Statement on the INF Treaty']")).await.unwrap();
    let url = client.current_url().await.unwrap();
    assert_eq!(url.path(), format!("/documents/ru-{key}"), "she lands on the document's page");
    checks.page(client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_russian_delegate_drafts_a_statement_from_the_start_page_and_the_secretariat_finds_it_to_circulate() {
    let Some(driver) = chromedriver() else { return };
    let mut checks = Checks::new();
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    let client = browser(&driver).await;
    sign_in(&client, &app, "delegate-ru", "/").await;
    draft_in_the_browser(&client, "inf-2018", "sponsors", &mut checks).await;

    // On a 320 px phone, the drafting form, the document and the register fit the width.
    client.set_window_size(320, 800).await.unwrap();
    for path in ["/documents/new?body=CSTO/CFM", "/documents/ru-inf-2018", "/documents", "/"] {
        client.goto(&format!("{}{path}", app.address)).await.unwrap();
        let wide = client
            .execute("return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 12).join(' ');", vec![])
            .await
            .unwrap();
        assert!(fits(&client).await, "{path} scrolls sideways at 320 px: {wide}");
    }
    client.set_window_size(412, 915).await.unwrap();
    client.find(Locator::Css("a.brand")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Id("own-drafts")).await.unwrap();
    assert!(text(&client, "#own-drafts").await.contains("Statement on the INF Treaty"));
    checks.page(&client).await;
    // The register finds it by its sponsor and status, and so does the same page in Russian.
    client.goto(&format!("{}/documents?sponsor=RU&status=draft&lang=ru", app.address)).await.unwrap();
    let found = text(&client, "main").await;
    assert!(found.contains("Заявление о ДРСМД") && found.contains("1 документ"), "{found}");
    checks.page(&client).await;
    sign_out(&client).await;

    sign_in(&client, &app, "officer", "/?lang=en").await;
    assert!(text(&client, "#to-circulate").await.contains("Statement on the INF Treaty"));
    checks.page(&client).await;
    client.find(Locator::XPath("//*[@id='to-circulate']//a")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::XPath("//button[text()='Circulate to the member states']")).await.unwrap();
    checks.page(&client).await;
    client.close().await.unwrap();
    checks.finish();
}

/// Titles in both languages of what the Secretariat sees and the public may not: every document and agenda item
/// that is not public.
async fn hidden_titles(app: &TestApp) -> (Vec<String>, Value) {
    let officer = app.token("officer").await;
    let mut hidden = Vec::new();
    let (_, docs) = app.get("/api/v1/documents?limit=500", Some(&officer)).await;
    for d in docs["items"].as_array().unwrap() {
        if d["visibility"] != "public" {
            hidden.extend(["en", "ru"].iter().filter_map(|l| d["title"][l].as_str().map(str::to_owned)));
        }
    }
    let (_, meeting) = app.get("/api/v1/meetings/cfm-2018-06-almaty", Some(&officer)).await;
    for item in meeting["agenda"]["items"].as_array().unwrap() {
        if item["visibility"] != "public" {
            hidden.extend(["en", "ru"].iter().filter_map(|l| item["title"][l].as_str().map(str::to_owned)));
        }
    }
    let adopted = docs["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["status"] == "adopted" && d["visibility"] == "public")
        .cloned()
        .expect("the demo has an adopted public document");
    (hidden, adopted)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_reads_the_adopted_public_document_and_no_restricted_item_or_title_in_either_language() {
    let Some(driver) = chromedriver() else { return };
    let mut checks = Checks::new();
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    let (hidden, adopted) = hidden_titles(&app).await;
    assert!(!hidden.is_empty(), "the demo has restricted items");
    let client = browser(&driver).await;
    for lang in ["en", "ru"] {
        let title = adopted["title"][lang].as_str().unwrap();
        for (path, shows_adopted) in [
            (format!("/?lang={lang}"), true),
            (format!("/documents?lang={lang}"), true),
            (format!("/meetings/cfm-2018-06-almaty?lang={lang}"), false),
        ] {
            client.goto(&format!("{}{path}", app.address)).await.unwrap();
            let main = text(&client, "main").await;
            if shows_adopted {
                assert!(main.contains(title), "{path} shows the adopted public document: {main}");
            }
            for h in &hidden {
                assert!(!main.contains(h.as_str()), "{path} shows `{h}`");
            }
            checks.page(&client).await;
        }
        let (status, csv) = app.page(&format!("/documents.csv?lang={lang}")).await;
        assert_eq!(status, 200);
        assert!(csv.contains(title), "{csv}");
        for h in &hidden {
            assert!(!csv.contains(h.as_str()), "the CSV shows `{h}`");
        }
    }
    client.close().await.unwrap();
    checks.finish();
}
