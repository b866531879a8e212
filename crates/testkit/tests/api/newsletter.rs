//! The newsletter through the running application and a real SMTP server on loopback: an address is subscribed
//! without an account and confirmed from the mail sent to it (double opt-in); the press office sends a month's
//! newsletter as multipart text and HTML with `List-Unsubscribe`, once, a failed send tried again; what the press
//! typed is escaped in the mail; one click ends the subscription and nothing more is sent to it.

use secretariat_core::store::Store;
use secretariat_testkit::{on_both_engines, TestApp};
use secretariat_web::mail::send_due_newsletters;
use serde_json::json;

use crate::smtp::{mail_to, SmtpServer};
use crate::support::{page_as, post_encoded, post_with_token};

const PAGE: &str = "/publishers/mfa-russia-press/newsletter";

/// Posts a form as a browser that is not signed in: the status, `Location` and the page.
async fn post_public(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
    post_encoded(app, path, None, fields).await
}

/// A quoted-printable text as its reader sees it (soft line breaks joined, `=3D` as `=`), enough for links.
fn unfolded(text: &str) -> String {
    text.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=")
}

/// Waits for the server to have printed `count` messages; all it printed, quoted-printable undone.
async fn received(server: &SmtpServer, count: usize) -> String {
    let mut got = String::new();
    for _ in 0..50 {
        got = server.received();
        if got.matches("X-Peer").count() >= count {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    unfolded(&got)
}

/// The token of the first subscription link in a mail.
fn token_in(mail: &str) -> String {
    let at = mail.find("/subscriptions/").expect("a subscription link") + "/subscriptions/".len();
    mail[at..].chars().take_while(char::is_ascii_hexdigit).collect()
}

on_both_engines! {
    async fn an_address_confirmed_from_its_mail_gets_the_months_newsletter_once_and_one_click_ends_it(app) {
        app.clock.set("2018-07-01T09:00:00Z".parse().unwrap());
        let Some(server) = SmtpServer::start() else { return };
        let mail = mail_to(server.port);

        // The list of publications and each publication lead to the publisher's newsletter.
        assert!(app.page("/publications").await.1.contains(&format!("href=\"{PAGE}\"")));
        assert!(app.page("/publications/comment-lavrov-cfm-2018-06-almaty").await.1.contains(&format!("href=\"{PAGE}\"")));

        // The public page: June's newsletter holds the origin comment, and the form to subscribe.
        let (status, html) = app.page(&format!("{PAGE}?month=2018-06")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Comment by the Information and Press Department"), "{html}");
        assert!(html.contains("name=\"email\""));
        let (status, html) = app.page(&format!("{PAGE}?month=2018-06&lang=ru")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Рассылка: Департамент информации и печати МИД России, Июнь 2018 г."), "{html}");

        // A malformed address is refused at its field, what was typed kept, nothing queued.
        let (status, _, html) = post_public(&app, &format!("{PAGE}/subscribers"), &[("email", "not an address"), ("language", "ru")]).await;
        assert_eq!(status, 422, "{html}");
        assert!(html.contains("This is not an e-mail address."), "{html}");
        assert!(html.contains("value=\"not an address\""), "typed kept");
        assert_eq!(send_due_newsletters(&app.app, &mail).await.unwrap(), 0, "nothing written, nothing mailed");

        // Subscribed without an account: a confirmation, and nothing else until confirmed.
        let (status, location, _) =
            post_public(&app, &format!("{PAGE}/subscribers"), &[("email", "reader@example.org"), ("language", "en")]).await;
        assert_eq!((status, location.as_str()), (303, "/publishers/mfa-russia-press/newsletter?done=subscribed"));
        let (_, thanks) = app.page(&location).await;
        assert!(thanks.contains("a mail with a link to confirm it is on its way"));
        assert_eq!(send_due_newsletters(&app.app, &mail).await.unwrap(), 1);
        let confirmation = received(&server, 1).await;
        assert!(confirmation.contains("Subject: Confirm your subscription"), "{confirmation}");
        let token = token_in(&confirmation);
        assert_eq!(token.len(), 64, "{confirmation}");
        let subscription = format!("/subscriptions/{token}");
        let (status, html) = app.page(&subscription).await;
        assert_eq!(status, 200);
        assert!(html.contains("waits for your confirmation"), "{html}");

        // The press office writes a publication whose texts carry markup: it reaches the mail escaped.
        let press = app.token("press").await;
        let (status, body) = app
            .post(
                "/api/v1/publications",
                &json!({"key": "news-almaty-follow-up", "publisher": "mfa-russia-press", "kind": "news",
                        "category": "press-release-newsletter", "language": "en",
                        "title": "<script>alert(1)</script> After Almaty",
                        "lead": "<img src=x onerror=alert(2)> The ministers met.",
                        "body": "Text.", "author": "Information and Press Department", "status": "published"}),
                Some(&press),
            )
            .await;
        assert_eq!(status, 201, "{body}");

        // Sent before the address is confirmed, June's newsletter goes to nobody; so the confirmation comes first.
        let (status, location, _) = post_public(&app, &format!("{subscription}/confirmation"), &[]).await;
        assert_eq!((status, location.as_str()), (303, subscription.as_str()));
        assert!(app.page(&subscription).await.1.contains("You receive the newsletter of"));

        // Only its press office sends it.
        let delegate = app.token("delegate-ru").await;
        let (status, _, _) = post_with_token(&app, &format!("{PAGE}/issues"), &delegate, &[("month", "2018-07")]).await;
        assert_eq!(status, 403);
        let (status, _, html) = post_with_token(&app, &format!("{PAGE}/issues"), &press, &[("month", "2018-08")]).await;
        assert_eq!(status, 422, "a month to come");
        assert!(html.contains("This month has not begun"), "{html}");
        let (_, html) = page_as(&app, &format!("{PAGE}?month=2018-07"), &press).await;
        assert!(html.contains("It will go to one confirmed subscriber."), "{html}");
        let (status, location, _) = post_with_token(&app, &format!("{PAGE}/issues"), &press, &[("month", "2018-07")]).await;
        assert_eq!((status, location.as_str()), (303, "/publishers/mfa-russia-press/newsletter?month=2018-07&done=sent"));
        let (status, _, html) = post_with_token(&app, &format!("{PAGE}/issues"), &press, &[("month", "2018-07")]).await;
        assert_eq!(status, 409, "each month's newsletter goes once");
        assert!(html.contains("newsletter was already sent."), "{html}");

        // No server on this port: the send fails and is put off, not lost; then sent once, never twice.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        assert_eq!(send_due_newsletters(&app.app, &mail_to(closed)).await.unwrap(), 0);
        assert_eq!(send_due_newsletters(&app.app, &mail).await.unwrap(), 0, "put off for a minute");
        app.clock.set("2018-07-01T09:02:00Z".parse().unwrap());
        assert_eq!(send_due_newsletters(&app.app, &mail).await.unwrap(), 1);
        assert_eq!(send_due_newsletters(&app.app, &mail).await.unwrap(), 0, "never twice");
        let all = received(&server, 2).await;
        assert_eq!(all.matches("X-Peer").count(), 2, "the confirmation and one newsletter: {all}");
        let newsletter = all.rsplit("MESSAGE FOLLOWS").next().unwrap();
        assert!(newsletter.contains("multipart/alternative"), "{newsletter}");
        assert!(newsletter.contains("text/plain") && newsletter.contains("text/html"), "{newsletter}");
        let unsubscribe = format!("<https://secretariat.example.org{subscription}/unsubscription>");
        assert!(newsletter.contains(&format!("List-Unsubscribe: {unsubscribe}")), "{newsletter}");
        assert!(newsletter.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{newsletter}");
        assert!(newsletter.contains("Message-ID: <newsletter-"), "{newsletter}");
        assert!(newsletter.contains("After Almaty"), "{newsletter}");
        // The plain-text part says what was typed, as text; the HTML part never carries it as markup.
        let html = newsletter.split("Content-Type: text/html").nth(1).expect("an HTML part");
        assert!(!html.contains("<script") && !html.contains("<img"), "markup escaped: {html}");
        assert!(html.contains("&#60;script&#62;alert(1)"), "escaped, not dropped: {html}");

        // One click from the mail program (no cookie, no CSRF token) ends it; nothing more is sent to it.
        let (status, _, _) =
            post_public(&app, &format!("{subscription}/unsubscription"), &[("List-Unsubscribe", "One-Click")]).await;
        assert_eq!(status, 303);
        assert!(app.page(&subscription).await.1.contains("You no longer receive the newsletter of"));
        let (status, _, _) = post_with_token(&app, &format!("{PAGE}/issues"), &press, &[("month", "2018-06")]).await;
        assert_eq!(status, 303);
        assert_eq!(send_due_newsletters(&app.app, &mail).await.unwrap(), 0, "nobody left to send to");
        let (status, _, _) = post_public(&app, &format!("{subscription}/confirmation"), &[]).await;
        assert_eq!(status, 303, "an ended subscription is not confirmed again by its old link");
        assert!(app.page(&subscription).await.1.contains("You no longer receive"));

        // A token nobody holds is a page that does not exist.
        assert_eq!(app.page(&format!("/subscriptions/{}", "0".repeat(64))).await.0, 404);
        assert_eq!(post_public(&app, &format!("/subscriptions/{}/unsubscription", "0".repeat(64)), &[]).await.0, 404);
    }
}

on_both_engines! {
    async fn asking_twice_for_one_address_says_the_same_and_sends_a_second_confirmation_only_while_unconfirmed(app) {
        let fields = [("email", "twice@example.org"), ("language", "ru")];
        let first = post_public(&app, &format!("{PAGE}/subscribers"), &fields).await;
        let second = post_public(&app, &format!("{PAGE}/subscribers"), &fields).await;
        assert_eq!((first.0, &first.1), (second.0, &second.1), "nobody learns who subscribed");
        let audit = app.store.audit_entries(Some("publisher:mfa-russia-press"), None).await.unwrap();
        assert!(audit.iter().any(|e| e.entity == "subscriber"), "the subscription is in the audit log");
        assert!(audit.iter().all(|e| !e.after.as_deref().unwrap_or_default().contains("twice@example.org")), "never its address");
        let (status, _) = app.page("/publishers/nobody/newsletter").await;
        assert_eq!(status, 404);
        let (status, _, _) = post_public(&app, "/publishers/nobody/newsletter/subscribers", &fields).await;
        assert_eq!(status, 404);
        let (status, html) = app.page(&format!("{PAGE}?month=2018-13")).await;
        assert_eq!(status, 422, "a month that is none is refused, not guessed");
        assert!(html.contains("<html"), "as a page");
    }
}

on_both_engines! {
    async fn asking_again_and_again_for_one_unconfirmed_address_mails_it_at_most_once_an_hour(app) {
        app.clock.set("2018-07-01T09:00:00Z".parse().unwrap());
        let Some(server) = SmtpServer::start() else { return };
        let mail = mail_to(server.port);
        let fields = [("email", "flooded@example.org"), ("language", "en")];
        let path = format!("{PAGE}/subscribers");
        let ask = || post_public(&app, &path, &fields);
        assert_eq!(ask().await.0, 303);
        assert_eq!(ask().await.0, 303, "asked again before the first was mailed: still one waiting");
        assert_eq!(send_due_newsletters(&app.app, &mail).await.unwrap(), 1);
        for _ in 0..5 {
            assert_eq!(ask().await.0, 303, "each ask is answered alike");
        }
        assert_eq!(send_due_newsletters(&app.app, &mail).await.unwrap(), 0, "mailed once this hour, not six times");
        app.clock.set("2018-07-01T10:00:01Z".parse().unwrap());
        assert_eq!(ask().await.0, 303);
        assert_eq!(send_due_newsletters(&app.app, &mail).await.unwrap(), 1, "an hour on, she may be mailed again");
        let got = received(&server, 2).await;
        assert_eq!(got.matches("Subject: Confirm your subscription").count(), 2, "{got}");
    }
}
