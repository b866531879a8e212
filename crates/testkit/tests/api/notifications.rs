//! Accounts and notifications through the running application: a disabled account is shut out at once; the
//! administration does not exist for anyone else; a circulated draft is told to the delegations that see it and
//! mailed, once, through a real SMTP server on loopback (Python's `aiosmtpd`, from `.ci/venv`; under `CI=true` a
//! missing venv fails the test, elsewhere the mail half says so and is left out), and a failed send is tried again.

use secretariat_core::account::{Account, AccountRole};
use secretariat_core::domain::{Email, NotificationKind, ZoneId};
use secretariat_core::service::{AccountChange, AccountSettings};
use secretariat_core::store::Store;
use secretariat_testkit::{on_both_engines, TestApp, PASSWORD};
use secretariat_web::mail::send_due;

use crate::smtp::{mail_to, SmtpServer};
use serde_json::json;

async fn account(app: &TestApp, name: &str) -> Account {
    app.store.account_by_name(name).await.unwrap().unwrap()
}

/// Gives an account an address, a zone and every notification.
async fn reachable(app: &TestApp, name: &str, email: &str) {
    let a = account(app, name).await;
    let settings = AccountSettings {
        language: None,
        time_zone: Some(ZoneId::parse("Asia/Almaty").unwrap()),
        email: Some(Email::parse(email).unwrap()),
        notifications: NotificationKind::ALL.to_vec(),
        version: Some(a.version),
    };
    app.app.update_settings(&a.actor(), settings).await.unwrap();
}

/// A members-only statement sponsored by Russia, circulated by the officer; its id.
async fn circulated(app: &TestApp, key: &str) -> i64 {
    let officer = app.token("officer").await;
    let (status, doc) = app
        .post(
            "/api/v1/documents",
            &json!({"key": key, "organisation": "CSTO", "body": "CFM", "kind": "statement",
                    "title": {"en": "Statement on Afghanistan", "ru": "Заявление по Афганистану"},
                    "sponsors": ["RU"], "original_language": "ru", "visibility": "members",
                    "texts": {"ru": "Министры заявляют", "en": "The ministers state"}}),
            Some(&officer),
        )
        .await;
    assert_eq!(status, 201, "{doc}");
    let id = doc["id"].as_i64().unwrap();
    let (status, body) =
        app.post(&format!("/api/v1/documents/{id}/transitions"), &json!({"to": "circulated"}), Some(&officer)).await;
    assert_eq!(status, 200, "{body}");
    id
}

on_both_engines! {
    async fn a_disabled_account_cannot_sign_in_and_its_token_stops_working_at_once(app) {
        let token = app.token("delegate-kz").await;
        assert_eq!(app.get("/api/v1/tokens", Some(&token)).await.0, 200);
        let admin = account(&app, "admin").await.actor();
        let kz = account(&app, "delegate-kz").await;
        let change = AccountChange {
            role: AccountRole::Delegate, state: kz.state.clone(), head_of_delegation: false, disabled: true,
            version: Some(kz.version),
        };
        app.app.change_account(&admin, "delegate-kz", change.clone()).await.unwrap();
        let (status, body) = app.get("/api/v1/tokens", Some(&token)).await;
        assert_eq!((status, body["error"]["code"].as_str()), (401, Some("invalid_token")));
        let refused = app.app.sign_in("delegate-kz", PASSWORD, "192.0.2.1").await.unwrap_err();
        assert_eq!(refused.code(), "unauthenticated", "refused like a wrong password");
        // A change from a stale form is refused, not written over the newer one.
        let stale = app.app.change_account(&admin, "delegate-kz", change).await.unwrap_err();
        assert_eq!(stale.code(), "stale_version");
        // An administrator cannot lock herself out.
        let me = account(&app, "admin").await;
        let own = AccountChange {
            role: AccountRole::Admin, state: None, head_of_delegation: false, disabled: true, version: None,
        };
        assert_eq!(app.app.change_account(&me.actor(), "admin", own).await.unwrap_err().code(), "own_account");
        let scope = format!("account:{}", kz.id);
        let entries = app.store.audit_entries(Some(&scope), None).await.unwrap();
        let actions: Vec<_> = entries.iter().map(|e| e.action.as_str()).collect();
        assert!(actions.contains(&"disabled"), "the change is in the audit log: {actions:?}");
    }
}

on_both_engines! {
    async fn the_administration_answers_anyone_but_an_administrator_like_a_page_that_does_not_exist(app) {
        let kz = app.token("delegate-kz").await;
        let unknown = app.request(reqwest::Method::GET, "/no-such-page", Some(&kz)).send().await.unwrap();
        let admin_page = app.request(reqwest::Method::GET, "/admin", Some(&kz)).send().await.unwrap();
        assert_eq!(admin_page.status(), 404);
        assert_eq!(unknown.status(), 404);
        assert_eq!(admin_page.text().await.unwrap(), unknown.text().await.unwrap());
        let admin = app.token("admin").await;
        let (status, page) = {
            let r = app.request(reqwest::Method::GET, "/admin", Some(&admin)).send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        };
        assert_eq!(status, 200);
        assert!(page.contains("delegate-kz") && page.contains("Kazakhstan"), "accounts with their states' names");
    }
}

on_both_engines! {
    async fn a_circulated_draft_is_told_to_the_delegations_that_see_it_but_not_to_the_secretariat(app) {
        let doc = circulated(&app, "notified-statement").await;
        for (name, told) in [("delegate-kz", true), ("delegate-ru", true), ("officer", false), ("press", false)] {
            let notes = app.app.notifications_of(&account(&app, name).await).await.unwrap();
            let kinds: Vec<_> = notes.iter().map(|n| n.kind).collect();
            assert_eq!(kinds == [NotificationKind::DraftCirculated], told, "{name}: {kinds:?}");
        }
        // The start page says it too, linked to the document, in her language.
        let kz = app.token("delegate-kz").await;
        let (status, html) = crate::support::page_as(&app, "/", &kz).await;
        assert_eq!(status, 200);
        assert!(html.contains("What you were told of") && html.contains("Draft circulated: "), "{html}");
        assert!(html.contains(&format!("href=\"/documents/{doc}\"")) || html.contains("href=\"/documents/notified-statement\""), "{html}");
        let (_, html) = crate::support::page_as(&app, "/?lang=ru", &kz).await;
        assert!(html.contains("Уведомления") && html.contains("Разослан проект: "), "{html}");
        let (_, public) = app.page("/").await;
        assert!(!public.contains("What you were told of"), "the public is told of nothing");
        // Opening silence tells them again, with the deadline.
        let officer = app.token("officer").await;
        let id = account(&app, "delegate-kz").await;
        let (status, body) = app
            .post(&format!("/api/v1/documents/{doc}/silence"), &json!({"deadline": "2018-06-01T20:00:00Z"}), Some(&officer))
            .await;
        assert_eq!(status, 201, "{body}");
        let notes = app.app.notifications_of(&id).await.unwrap();
        assert_eq!(notes[0].kind, NotificationKind::SilenceOpened);
        assert_eq!(notes[0].deadline.map(|d| d.to_string()).as_deref(), Some("2018-06-01T20:00:00Z"));
        // The deadline is 14 hours away: every instance may remind, and each delegation is reminded once.
        assert_eq!(app.app.remind_near_deadlines().await.unwrap(), 1);
        app.app.remind_near_deadlines().await.unwrap();
        let near = app.app.notifications_of(&id).await.unwrap();
        assert_eq!(near.iter().filter(|n| n.kind == NotificationKind::DeadlineNear).count(), 1);
    }
}

on_both_engines! {
    async fn a_notification_is_mailed_once_through_a_real_smtp_server_and_a_failed_send_is_tried_again(app) {
        reachable(&app, "delegate-kz", "aigul@mfa.example.kz").await;
        let Some(server) = SmtpServer::start() else { return };
        // No server on this port yet: the send fails and is put off, not lost.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        circulated(&app, "mailed-statement").await;
        assert_eq!(send_due(&app.app, &mail_to(closed)).await.unwrap(), 0);
        assert_eq!(send_due(&app.app, &mail_to(server.port)).await.unwrap(), 0, "put off for a minute");
        app.clock.set("2018-06-01T06:02:00Z".parse().unwrap());
        assert_eq!(send_due(&app.app, &mail_to(server.port)).await.unwrap(), 1);
        assert_eq!(send_due(&app.app, &mail_to(server.port)).await.unwrap(), 0, "never twice");
        let mut received = String::new();
        for _ in 0..50 {
            received = server.received();
            if received.contains("mailed-statement") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(received.contains("To: aigul@mfa.example.kz"), "{received}");
        assert!(received.contains("Subject: Draft circulated: Statement on Afghanistan"), "{received}");
        assert!(received.contains("https://secretariat.example.org/documents/mailed-statement"), "{received}");
        assert_eq!(received.matches("X-Peer").count(), 1, "one message: {received}");
    }
}
