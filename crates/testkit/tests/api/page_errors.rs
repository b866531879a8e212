//! Page errors: only a missing record is a 404; a store failure is a 500 page in the reader's language, logged.

use secretariat_testkit::{logs, Engine, TestApp};

/// The pages whose lookups once turned any error into a 404, and the organisation's home.
const PAGES: &[&str] = &["/meetings/cfm-2018-06-almaty", "/documents/cfm-2018-inf-statement", "/organisations/CSTO"];

const LOGGED: &str = "page failed in storage";

/// Both engines' runs count the same log line: one at a time, so each counts only its own.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn a_store_failure_on_a_page_is_a_logged_500_page_in_the_readers_language(app: TestApp) {
    let logs = logs::capture();
    let _turn = ONE_AT_A_TIME.lock().await;

    for path in ["/meetings/no-such-meeting", "/documents/no-such-document", "/organisations/NOSUCH"] {
        let (status, html) = app.page(&format!("{path}?lang=ru")).await;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains("Такой страницы нет"), "{path}: the 404 page is in Russian");
    }
    for path in PAGES {
        assert_eq!(app.page(path).await.0, 200, "{path} answers while the store does");
    }
    let before = logs.lines_with(LOGGED).len();

    // The store fails under the running application: its pool is closed, every query errs.
    app.store.close().await;
    for (n, path) in PAGES.iter().enumerate() {
        let r = app
            .request(reqwest::Method::GET, path, None)
            .header("accept-language", "ru-RU,ru;q=0.9")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 500, "{path}: a store failure is not a 404");
        assert_eq!(r.headers()["content-language"], "ru", "{path}");
        let html = r.text().await.unwrap();
        assert!(html.contains("Сервер не смог выполнить запрос"), "{path}: the 500 page is in Russian: {html}");
        assert!(!html.contains("closed"), "{path}: the cause is logged, never sent");
        let logged = logs.lines_with(LOGGED);
        assert_eq!(logged.len(), before + n + 1, "{path}: the failure is logged once");
        assert!(logged.last().unwrap().contains("closed"), "the log names the cause: {logged:?}");
    }
}

mod a_store_failure_on_a_page_is_a_logged_500_page_while_a_missing_record_is_a_404 {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_sqlite() {
        let app = TestApp::spawn_demo(Engine::Sqlite).await.expect("sqlite");
        a_store_failure_on_a_page_is_a_logged_500_page_in_the_readers_language(app).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_postgres() {
        if let Some(app) = TestApp::spawn_demo(Engine::Postgres).await {
            a_store_failure_on_a_page_is_a_logged_500_page_in_the_readers_language(app).await;
        }
    }
}
