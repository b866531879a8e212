//! Referral in the browser: the Secretariat refers the demo's adopted statement of the ministers to the heads of
//! state's session from its page, then records that they adopted it by written procedure; the page then reads the
//! referral in words, in English and in Russian. Every page on the way is checked.

use fantoccini::{Client, Locator};
use secretariat_testkit::{Engine, TestApp};

use super::meetings::fill;
use super::support::{browser, chromedriver, sign_in, text, Checks};

async fn open(client: &Client, summary: &str) {
    let xpath = format!("//section[@id='referrals']//summary[text()=\"{summary}\"]");
    client.find(Locator::XPath(&xpath)).await.unwrap().click().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretariat_refers_an_adopted_statement_to_the_heads_of_state_and_records_their_outcome() {
    let Some(driver) = chromedriver() else { return };
    let mut checks = Checks::new();
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    // Keyed in after the ministers adopted it in Almaty on 11 June 2018.
    app.clock.set("2018-06-20T09:00:00Z".parse().unwrap());
    let page = "/documents/cfm-2018-inf-statement";
    let client = browser(&driver).await;
    sign_in(&client, &app, "officer", page).await;
    checks.page(&client).await;

    open(&client, "Refer to a higher body").await;
    fill(&client, &[("referral-meeting", &["csc-2018-11-astana"]), ("referral-at", &["2018-06-15"])]).await;
    client.find(Locator::XPath("//button[text()='Refer']")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::XPath("//dd[text()='Not decided yet']")).await.unwrap();
    let trail = text(&client, "#referrals").await;
    assert!(trail.contains("Collective Security Council") && trail.contains("Astana, 8 November 2018"), "{trail}");
    assert!(trail.contains("15 June 2018"), "{trail}");
    checks.page(&client).await;

    let (_, doc) = app.get(&format!("/api/v1{page}"), None).await;
    let referral = doc["referrals"][0]["id"].as_i64().unwrap();
    open(&client, "Record the higher body's outcome").await;
    fill(&client, &[(&format!("referral-outcome-{referral}"), &["adopted"])]).await;
    client.find(Locator::Css("#referrals input[value=written]")).await.unwrap().click().await.unwrap();
    // Without its day, the written procedure is refused at the day, and the choice is kept.
    client.find(Locator::XPath("//button[text()='Record the outcome']")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("#referrals .field-error")).await.unwrap();
    assert_eq!(text(&client, "#referrals .field-error").await, "A decision by written procedure needs its day.");
    assert!(client.find(Locator::Css("#referrals input[value=written]")).await.unwrap().is_selected().await.unwrap());
    checks.page(&client).await;
    fill(&client, &[(&format!("referral-at-{referral}"), &["2018-06-19"])]).await;
    client.find(Locator::XPath("//button[text()='Record the outcome']")).await.unwrap().click().await.unwrap();
    let decided = "//dd[starts-with(text(), 'Adopted by written procedure, 19 June 2018')]";
    client.wait().for_element(Locator::XPath(decided)).await.unwrap();
    checks.page(&client).await;

    client.goto(&format!("{}{page}?lang=ru", app.address)).await.unwrap();
    let trail = text(&client, "#referrals").await;
    assert!(trail.contains("Принято в порядке письменной процедуры, 19 июня 2018"), "{trail}");
    checks.page(&client).await;
    client.find(Locator::XPath("//section[@id='referrals']//a")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("h1")).await.unwrap();
    assert_eq!(client.current_url().await.unwrap().path(), "/meetings/csc-2018-11-astana", "the meeting is linked");
    checks.page(&client).await;
    client.close().await.unwrap();
    checks.finish();
}
