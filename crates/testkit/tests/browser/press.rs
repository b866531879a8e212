//! The press officer in the browser: the drafted comment of the Almaty meeting made into a publication — started
//! from the draft, previewed, published — in English and in Russian; the public then reads both on
//! `/publications`, each with its hit counter. Every page of the walk valid and accessible.

use fantoccini::{Client, Locator};
use secretariat_testkit::{Engine, TestApp, PASSWORD};

use super::support::{browser, chromedriver, text, Checks};

async fn sign_in(client: &Client, app: &TestApp, username: &str) {
    client.goto(&format!("{}/sign-in?lang=en", app.address)).await.unwrap();
    client.find(Locator::Id("username")).await.unwrap().send_keys(username).await.unwrap();
    client.find(Locator::Id("password")).await.unwrap().send_keys(PASSWORD).await.unwrap();
    client.find(Locator::Css("form.stack button")).await.unwrap().click().await.unwrap();
    let signed_in = format!("//*[contains(., 'Signed in as {username}')]");
    client.wait().for_element(Locator::XPath(&signed_in)).await.unwrap();
}

async fn value(client: &Client, id: &str) -> String {
    client.find(Locator::Id(id)).await.unwrap().prop("value").await.unwrap().unwrap_or_default()
}

/// From the announcement page in `lang`, the draft in `language` is started, previewed and published; answers its
/// title.
async fn publish_the_draft(client: &Client, app: &TestApp, checks: &mut Checks, lang: &str, language: &str) -> String {
    let page = format!("/meetings/cfm-2018-06-almaty/announcement?language={language}&lang={lang}");
    client.goto(&format!("{}{page}", app.address)).await.unwrap();
    checks.page(client).await;
    let drafted = text(client, "article.announcement h2").await;
    client.find(Locator::Css("form[action='/publications/new'] button")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Id("pub-body")).await.unwrap();
    checks.page(client).await;

    // The form holds the draft: its title and body, its language, the meeting, a key of its own.
    assert_eq!(value(client, "pub-title").await, drafted);
    assert!(value(client, "pub-body").await.contains("\n\n"), "the draft's paragraphs");
    assert_eq!(value(client, "pub-language").await, language);
    assert_eq!(value(client, "pub-meetings").await, "cfm-2018-06-almaty");
    assert_eq!(value(client, "pub-key").await, format!("comment-cfm-2018-06-almaty-{language}"));

    // Usable on a phone: at 320 px the form does not scroll sideways.
    client.set_window_size(320, 800).await.unwrap();
    let widths =
        client.execute("return [document.documentElement.scrollWidth, window.innerWidth];", vec![]).await.unwrap();
    assert!(widths[0].as_u64().unwrap() <= widths[1].as_u64().unwrap(), "the form scrolls sideways: {widths}");
    client.set_window_size(412, 915).await.unwrap();

    // Edited, then previewed: the sanitised rendering, nothing saved.
    let lead =
        if language == "ru" { "Анонс заседания СМИД ОДКБ." } else { "The CFM meets in Almaty." };
    client.find(Locator::Id("pub-lead")).await.unwrap().send_keys(lead).await.unwrap();
    client.find(Locator::Css("button[value=preview]")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("section.preview .body p")).await.unwrap();
    assert_eq!(text(client, "section.preview h1").await, drafted);
    assert_eq!(value(client, "pub-lead").await, lead, "the form keeps what was typed");
    checks.page(client).await;
    let (status, _) = app.get(&format!("/api/v1/publications/comment-cfm-2018-06-almaty-{language}"), None).await;
    assert_eq!(status, 404, "a preview writes nothing");

    client.find(Locator::Css("button[value=publish]")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("article.publication dl.facts")).await.unwrap();
    assert_eq!(text(client, "article.publication h1").await, drafted);
    let url = client.current_url().await.unwrap();
    assert!(url.path().ends_with(&format!("comment-cfm-2018-06-almaty-{language}")), "{url}");
    checks.page(client).await;
    drafted
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_press_officer_publishes_the_drafted_comment_of_almaty_in_english_and_russian_and_the_public_reads_it() {
    let Some(driver) = chromedriver() else { return };
    let mut checks = Checks::new();
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();

    let press = browser(&driver).await;
    sign_in(&press, &app, "press").await;
    press.goto(&format!("{}/publications?lang=en", app.address)).await.unwrap();
    assert!(text(&press, "main").await.contains("New publication"), "the press office is offered its forms");
    checks.page(&press).await;
    let english = publish_the_draft(&press, &app, &mut checks, "en", "en").await;
    let russian = publish_the_draft(&press, &app, &mut checks, "ru", "ru").await;
    assert_eq!(text(&press, "h1").await, russian);
    press.close().await.unwrap();

    // The public reads both on /publications, and each view of the item is a hit.
    let public = browser(&driver).await;
    public.goto(&format!("{}/publications?lang=en", app.address)).await.unwrap();
    let list = text(&public, "main").await;
    assert!(list.contains(&english) && list.contains(&russian), "{list}");
    assert!(!list.contains("New publication"), "the public is offered no form");
    checks.page(&public).await;
    public.find(Locator::LinkText(&english)).await.unwrap().click().await.unwrap();
    public.wait().for_element(Locator::Css("article.publication")).await.unwrap();
    let facts = text(&public, "dl.facts").await;
    assert!(facts.contains("Hits\n1") || facts.contains("Hits 1"), "{facts}");
    checks.page(&public).await;
    public.refresh().await.unwrap();
    let facts = text(&public, "dl.facts").await;
    assert!(facts.contains("Hits\n2") || facts.contains("Hits 2"), "{facts}");

    public.goto(&format!("{}/publications/comment-cfm-2018-06-almaty-ru?lang=ru", app.address)).await.unwrap();
    assert_eq!(text(&public, "article.publication h1").await, russian);
    let facts = text(&public, "dl.facts").await;
    assert!(facts.contains("Просмотры\n1") || facts.contains("Просмотры 1"), "{facts}");
    checks.page(&public).await;
    public.goto(&format!("{}/publications?lang=ru", app.address)).await.unwrap();
    checks.page(&public).await;
    public.close().await.unwrap();
    checks.finish();
}
