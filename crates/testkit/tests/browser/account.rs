//! The account page and the administration in the browser: a delegate sets Russian and her time zone, makes an
//! API token that a program then uses, and revokes it; the administrator disables an account, whose open session
//! ends at once and which can no longer sign in.

use fantoccini::{Client, Locator};
use secretariat_testkit::{Engine, TestApp, PASSWORD};

use super::support::{browser, chromedriver, text, Checks};

/// Signs in through the form that `path` sends a signed-out reader to, and comes back to it.
async fn sign_in_at(client: &Client, app: &TestApp, username: &str, path: &str) {
    client.goto(&format!("{}/sign-in?next={path}", app.address)).await.unwrap();
    client.wait().for_element(Locator::Id("username")).await.unwrap();
    client.find(Locator::Id("username")).await.unwrap().send_keys(username).await.unwrap();
    client.find(Locator::Id("password")).await.unwrap().send_keys(PASSWORD).await.unwrap();
    client.find(Locator::Css("form.stack button")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("nav.own")).await.unwrap();
    assert_eq!(client.current_url().await.unwrap().path(), path);
}

async fn fill(client: &Client, id: &str, value: &str) {
    let field = client.find(Locator::Id(id)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
}

/// Whether the page fits 320 px without sideways scrolling.
async fn fits_320(client: &Client) {
    client.set_window_size(320, 800).await.unwrap();
    let widths =
        client.execute("return [document.documentElement.scrollWidth, window.innerWidth];", vec![]).await.unwrap();
    let (scroll, inner) = (widths[0].as_i64().unwrap(), widths[1].as_i64().unwrap());
    assert!(scroll <= inner, "{} scrolls sideways at 320 px: {widths}", client.current_url().await.unwrap());
    client.set_window_size(1200, 900).await.unwrap();
}

async fn api_tokens(app: &TestApp, token: &str) -> u16 {
    let url = format!("{}/api/v1/tokens", app.address);
    reqwest::Client::new().get(url).bearer_auth(token).send().await.unwrap().status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delegate_sets_russian_and_her_zone_makes_a_token_a_program_uses_and_revokes_it_then_is_disabled() {
    let Some(driver) = chromedriver() else { return };
    let mut checks = Checks::new();
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();

    // A signed-out visitor of /account is sent to sign in, and comes back.
    let delegate = browser(&driver).await;
    delegate.goto(&format!("{}/account", app.address)).await.unwrap();
    assert_eq!(delegate.current_url().await.unwrap().path(), "/sign-in");
    sign_in_at(&delegate, &app, "delegate-kz", "/account").await;
    checks.page(&delegate).await;

    // Russian and Almaty time; a zone that does not exist is refused at its field, in the page's language.
    delegate.find(Locator::Css("#account-language option[value=ru]")).await.unwrap().click().await.unwrap();
    fill(&delegate, "account-zone", "Asia/Astana").await;
    delegate.find(Locator::Css("#settings button")).await.unwrap().click().await.unwrap();
    delegate.wait().for_element(Locator::Id("account-zone-error")).await.unwrap();
    assert!(text(&delegate, "#account-zone-error").await.contains("IANA"));
    checks.page(&delegate).await;
    fill(&delegate, "account-zone", "Asia/Almaty").await;
    delegate.find(Locator::Css("#settings button")).await.unwrap().click().await.unwrap();
    delegate.wait().for_element(Locator::XPath("//h1[text()='Ваша учётная запись']")).await.unwrap();
    let zone = delegate.find(Locator::Id("account-zone")).await.unwrap().prop("value").await.unwrap();
    assert_eq!(zone.as_deref(), Some("Asia/Almaty"));
    checks.page(&delegate).await;
    // Every page is now in Russian for her.
    delegate.goto(&format!("{}/", app.address)).await.unwrap();
    assert_eq!(delegate.find(Locator::Css("html")).await.unwrap().attr("lang").await.unwrap().as_deref(), Some("ru"));

    // A token for a script: shown once, used by a program, revoked.
    delegate.goto(&format!("{}/account", app.address)).await.unwrap();
    fill(&delegate, "token-name", "Скрипт МИД").await;
    fill(&delegate, "token-days", "30").await;
    delegate.find(Locator::Css("#tokens form:last-of-type button")).await.unwrap().click().await.unwrap();
    delegate.wait().for_element(Locator::Id("new-token")).await.unwrap();
    let token = text(&delegate, "#new-token").await;
    assert_eq!(token.len(), 64, "{token}");
    assert!(text(&delegate, "#tokens").await.contains("Скрипт МИД"));
    checks.page(&delegate).await;
    fits_320(&delegate).await;
    assert_eq!(api_tokens(&app, &token).await, 200, "the program signs in with the token");
    delegate.find(Locator::Css("#tokens ul form button")).await.unwrap().click().await.unwrap();
    delegate.wait().for_element(Locator::XPath("//*[contains(text(), 'отозван')]")).await.unwrap();
    assert!(delegate.find(Locator::Id("new-token")).await.is_err(), "a token is shown only once");
    checks.page(&delegate).await;
    assert_eq!(api_tokens(&app, &token).await, 401, "a revoked token no longer signs in");

    // The administrator disables her account: her open session ends at once, and she cannot sign in again.
    let admin = browser(&driver).await;
    sign_in_at(&admin, &app, "admin", "/admin").await;
    checks.page(&admin).await;
    fits_320(&admin).await;
    admin.find(Locator::Css("#account-delegate-kz summary")).await.unwrap().click().await.unwrap();
    admin.find(Locator::Css("#account-delegate-kz input[name=disabled]")).await.unwrap().click().await.unwrap();
    admin.find(Locator::Css("#account-delegate-kz form button")).await.unwrap().click().await.unwrap();
    admin
        .wait()
        .for_element(Locator::XPath("//*[@id='account-delegate-kz']//strong[text()='disabled']"))
        .await
        .unwrap();
    checks.page(&admin).await;

    delegate.refresh().await.unwrap();
    assert_eq!(delegate.current_url().await.unwrap().path(), "/sign-in", "her session ended");
    delegate.find(Locator::Id("username")).await.unwrap().send_keys("delegate-kz").await.unwrap();
    delegate.find(Locator::Id("password")).await.unwrap().send_keys(PASSWORD).await.unwrap();
    delegate.find(Locator::Css("form.stack button")).await.unwrap().click().await.unwrap();
    delegate.wait().for_element(Locator::Css("p.error[role=alert]")).await.unwrap();
    assert_eq!(delegate.current_url().await.unwrap().path(), "/sign-in");
    checks.page(&delegate).await;

    delegate.close().await.unwrap();
    admin.close().await.unwrap();
    checks.finish();
}
