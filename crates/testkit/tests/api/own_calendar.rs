//! One's own calendar at a secret link: made on the account page and shown once, read by a calendar app without
//! a session, with what its owner may see and the public may not; replaced (the old link stops at once) or
//! removed; a disabled account's, an unknown or another's link is an unknown page. The third-party parser's check
//! is in `third_party.rs`.

use reqwest::{Client, StatusCode};
use secretariat_core::account::AccountRole;
use secretariat_core::service::AccountChange;
use secretariat_core::store::Store;
use secretariat_testkit::{on_both_engines, TestApp};

use crate::feeds::{fetch, unfold};
use crate::support::{get_html, hidden_csrf, post_form, signed_in_browser};

/// The titles (English) of the Almaty meeting's restricted agenda items, as the Secretariat reads them.
async fn restricted_titles(app: &TestApp) -> Vec<String> {
    let token = app.token("officer").await;
    let (_, meeting) = app.get(&format!("/api/v1/meetings/{}", app.almaty_id().await), Some(&token)).await;
    let titles: Vec<String> = meeting["agenda"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["visibility"] == "restricted")
        .map(|i| secretariat_web::feeds::ics::escape(i["title"]["en"].as_str().unwrap()))
        .collect();
    assert!(!titles.is_empty());
    titles
}

/// Makes (or replaces) the browser's account's calendar link on the account page; the link's path.
async fn make_link(b: &Client, app: &TestApp) -> String {
    let (_, page) = get_html(b, app, "/account?lang=en").await;
    let (status, _, html) = post_form(b, app, "/account/calendar", &hidden_csrf(&page), &[]).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Copy it now: it is shown only this once."), "{html}");
    let at = html.find(r#"id="calendar-link" class="token" type="text" value=""#).expect("the link, shown once");
    let rest = &html[at..];
    let link = &rest[rest.find("value=\"").unwrap() + 7..];
    let link = &link[..link.find('"').unwrap()];
    assert!(link.starts_with(&app.address), "a whole address a calendar app can subscribe to: {link}");
    link[app.address.len()..].to_owned()
}

/// The account page's CSRF token.
async fn csrf(b: &Client, app: &TestApp) -> String {
    hidden_csrf(&get_html(b, app, "/account").await.1)
}

async fn actions(app: &TestApp, username: &str) -> Vec<String> {
    let id = app.store.account_by_name(username).await.unwrap().unwrap().id;
    let entries = app.store.audit_entries(Some(&format!("account:{id}")), None).await.unwrap();
    entries.iter().filter(|e| e.entity == "calendar_link").map(|e| e.action.clone()).collect()
}

on_both_engines! {
    async fn her_calendar_link_shows_what_she_may_see_until_she_replaces_or_removes_it(app) {
        let restricted = restricted_titles(&app).await;
        let b = signed_in_browser(&app, "delegate-ru").await;
        let (_, page) = get_html(&b, &app, "/account?lang=en").await;
        assert!(page.contains("Your calendar") && page.contains("You have no calendar link."), "{page}");
        assert!(page.contains("Whoever has the link sees what you see"), "{page}");
        let (_, russian) = get_html(&b, &app, "/account?lang=ru").await;
        assert!(russian.contains("Ваш календарь") && russian.contains("Создать ссылку на календарь"), "{russian}");

        let first = make_link(&b, &app).await;
        let r = app.request(reqwest::Method::GET, &format!("{first}?lang=en"), None).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "text/calendar; charset=utf-8");
        assert_eq!(r.headers()["cache-control"], "private, no-store", "no shared cache keeps what she sees");
        let own = unfold(&r.text().await.unwrap());
        let (_, _, public) = fetch(&app, "/organisations/CSTO/calendar.ics?lang=en", None).await;
        let public = unfold(&public);
        for title in &restricted {
            assert!(own.contains(title.as_str()), "her calendar lacks `{title}`");
            assert!(!public.contains(title.as_str()), "the public calendar names `{title}`");
        }
        for line in [
            "UID:meeting.cfm-2018-06-almaty.csto@secretariat",
            "BEGIN:VTIMEZONE\r\nTZID:Asia/Almaty",
            "SEQUENCE:",
            "X-WR-CALNAME:Secretariat: ",
        ] {
            assert!(own.contains(line), "no `{line}` in\n{own}");
        }
        let (_, page) = get_html(&b, &app, "/account?lang=en").await;
        assert!(page.contains("You have a calendar link, made "), "{page}");
        assert!(!page.contains(&first), "the link is shown only once");

        let second = make_link(&b, &app).await;
        assert_ne!(first, second);
        assert_eq!(fetch(&app, &first, None).await.0, 404, "the replaced link stops at once");
        assert_eq!(fetch(&app, &second, None).await.0, 200);

        let (status, location, _) = post_form(&b, &app, "/account/calendar/removal", &csrf(&b, &app).await, &[]).await;
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/account#calendar"));
        assert_eq!(fetch(&app, &second, None).await.0, 404, "a removed link is not found");
        let (status, _, _) = post_form(&b, &app, "/account/calendar/removal", &csrf(&b, &app).await, &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "removing no link (a second click) changes nothing");
        assert_eq!(actions(&app, "delegate-ru").await, ["created", "replaced", "removed"]);
    }
}

on_both_engines! {
    async fn another_accounts_link_shows_her_own_view_and_an_unknown_or_disabled_link_is_an_unknown_page(app) {
        let restricted = restricted_titles(&app).await;
        let ru = signed_in_browser(&app, "delegate-ru").await;
        let kz = signed_in_browser(&app, "delegate-kz").await;
        let ru_link = make_link(&ru, &app).await;
        let kz_link = make_link(&kz, &app).await;
        let (_, _, kz_ics) = fetch(&app, &format!("{kz_link}?lang=en"), None).await;
        let kz_ics = unfold(&kz_ics);
        assert!(kz_ics.contains("UID:meeting.cfm-2018-06-almaty.csto@secretariat"), "{kz_ics}");
        for title in &restricted {
            assert!(!kz_ics.contains(title.as_str()), "a delegate who is not a head of delegation sees `{title}`");
        }
        // Kazakhstan's delegate removing her link leaves Russia's alone.
        let (status, _, _) = post_form(&kz, &app, "/account/calendar/removal", &csrf(&kz, &app).await, &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(fetch(&app, &ru_link, None).await.0, 200);

        let (_, _, unknown_page) = fetch(&app, "/no-such-page", None).await;
        let unknown = format!("/calendar/{}.ics", "0".repeat(64));
        let without_ics = ru_link.trim_end_matches(".ics");
        for path in [unknown.as_str(), "/calendar/x.ics", "/calendar/x", without_ics] {
            let (status, kind, body) = fetch(&app, path, None).await;
            assert_eq!((status, kind.starts_with("text/html")), (404, true), "{path}");
            assert_eq!(body, unknown_page, "{path} says no more than any unknown page");
        }

        let admin = app.store.account_by_name("admin").await.unwrap().unwrap().actor();
        let account = app.store.account_by_name("delegate-ru").await.unwrap().unwrap();
        let change = AccountChange {
            role: AccountRole::Delegate, state: account.state.clone(), head_of_delegation: true, disabled: true,
            version: Some(account.version),
        };
        app.app.change_account(&admin, "delegate-ru", change).await.unwrap();
        let (status, _, body) = fetch(&app, &ru_link, None).await;
        assert_eq!((status, body), (404, unknown_page), "a disabled account's link is an unknown page");
    }
}
