//! The test kit: `TestApp` (the real application on a free port over a fresh database of either engine),
//! fixtures, and helpers per endpoint. Tests use it from `tests/`.
//!
//! PostgreSQL: `SECRETARIAT_TEST_POSTGRES` names a server database to create test databases from (default
//! `postgres://postgres@127.0.0.1:5432/test`). Under `CI=true` a missing server fails the tests; elsewhere the
//! PostgreSQL half is skipped with a notice.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[cfg(test)]
mod conformance;
pub mod logs;

use std::sync::Arc;

use jiff::Timestamp;
use secretariat_core::account::{AccountRole, Actor};
use secretariat_core::clock::FixedClock;
use secretariat_core::domain::{Key, StateCode};
use secretariat_core::service::Secretariat;
use secretariat_store::SqlStore;
use serde_json::Value;
use sqlx::{Connection, Executor};

/// The database engines under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/test";

fn postgres_admin_url() -> String {
    std::env::var("SECRETARIAT_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_POSTGRES.to_owned())
}

/// Whether PostgreSQL tests run: yes when the server answers; under `CI=true` its absence is a failure.
pub async fn postgres_available() -> bool {
    sqlx::any::install_default_drivers();
    let ok = sqlx::AnyConnection::connect(&postgres_admin_url()).await.is_ok();
    if !ok {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("PostgreSQL is mandatory under CI=true, but {} does not answer", postgres_admin_url());
        }
        eprintln!("notice: PostgreSQL at {} does not answer; its half of this test is skipped", postgres_admin_url());
    }
    ok
}

/// A fresh, empty database of an engine, removed when dropped (SQLite) or swept later (PostgreSQL).
pub struct TestDb {
    pub url: String,
    _dir: Option<TempDir>,
}

/// A temporary folder, removed on drop.
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl TestDb {
    /// A fresh database; `None` when the engine is PostgreSQL and no server answers (outside CI).
    pub async fn new(engine: Engine) -> Option<Self> {
        let tag = format!("{}_{:08x}", Timestamp::now().as_second(), rand::random::<u32>());
        match engine {
            Engine::Sqlite => {
                let dir = std::env::temp_dir().join(format!("secretariat-test-{tag}"));
                std::fs::create_dir_all(&dir).unwrap();
                let url = dir.join("test.db").to_string_lossy().into_owned();
                Some(Self { url, _dir: Some(TempDir(dir)) })
            }
            Engine::Postgres => {
                if !postgres_available().await {
                    return None;
                }
                let admin = postgres_admin_url();
                let mut conn = sqlx::AnyConnection::connect(&admin).await.unwrap();
                sweep_old_databases(&mut conn).await;
                let name = format!("secretariat_t_{tag}");
                conn.execute(format!("CREATE DATABASE {name}").as_str()).await.unwrap();
                let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
                Some(Self { url: format!("{base}/{name}"), _dir: None })
            }
        }
    }
}

impl TestDb {
    /// The same database once more, for a second instance or process over it; the first keeps it (and removes
    /// it when dropped).
    pub fn alias(&self) -> Self {
        Self { url: self.url.clone(), _dir: None }
    }
}

/// Drops test databases older than an hour, left by earlier runs.
async fn sweep_old_databases(conn: &mut sqlx::AnyConnection) {
    let names: Vec<String> = sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'secretariat_t_%'")
        .fetch_all(&mut *conn)
        .await
        .unwrap_or_default();
    let hour_ago = Timestamp::now().as_second() - 3600;
    for name in names {
        let born: i64 = name.split('_').nth(2).and_then(|s| s.parse().ok()).unwrap_or(i64::MAX);
        if born < hour_ago {
            let _ = conn.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await;
        }
    }
}

/// The demo's accounts in tests: user name, role, state, head of delegation.
pub const ACCOUNTS: &[(&str, AccountRole, Option<&str>, bool)] = &[
    ("admin", AccountRole::Admin, None, false),
    ("officer", AccountRole::Secretariat, None, false),
    ("delegate-ru", AccountRole::Delegate, Some("RU"), true),
    ("delegate-kz", AccountRole::Delegate, Some("KZ"), false),
    ("press", AccountRole::Press, None, false),
];

/// The publisher the test account `press` writes for (the demo's Russian MFA press department).
pub const PRESS_PUBLISHER: &str = "mfa-russia-press";

/// The password of every test account.
pub const PASSWORD: &str = "test-password-2018";

/// The real application on a free port over a fresh database, with a clock the test sets.
pub struct TestApp {
    pub engine: Engine,
    pub address: String,
    pub app: Secretariat,
    pub store: SqlStore,
    pub clock: FixedClock,
    pub db: TestDb,
    pub client: reqwest::Client,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
}

impl TestApp {
    /// An empty application; `None` for PostgreSQL when no server answers (outside CI).
    pub async fn spawn(engine: Engine) -> Option<Self> {
        let db = TestDb::new(engine).await?;
        Some(Self::spawn_on(engine, db).await)
    }

    /// The application over an existing database (to restart it, or to run two instances on one database).
    pub async fn spawn_on(engine: Engine, db: TestDb) -> Self {
        Self::spawn_on_with_cache(engine, db, secretariat_web::cache::DEFAULT_BYTES).await
    }

    /// The application over an existing database, keeping at most `cache_bytes` of rendered views (0: none).
    pub async fn spawn_on_with_cache(engine: Engine, db: TestDb, cache_bytes: u64) -> Self {
        let store = SqlStore::connect(&db.url).await.unwrap();
        let clock = FixedClock::at("2018-06-01T06:00:00Z".parse().unwrap());
        let app = Secretariat::new(Arc::new(store.clone()), Arc::new(clock.clone()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let mut state = secretariat_web::Shared::new(app.clone(), false);
        state.cache = Arc::new(secretariat_web::cache::ViewCache::new(cache_bytes));
        let state = secretariat_web::AppState::from(state);
        let server = tokio::spawn(async move {
            let _ = secretariat_web::launch_with_tcp_listener(listener, state, async {
                let _ = rx.await;
            })
            .await;
        });
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Self { engine, address, app, store, clock, db, client, shutdown: Some(tx), server: Some(server) }
    }

    /// The application with the demo scenario and one account per role (password [`PASSWORD`]).
    pub async fn spawn_demo(engine: Engine) -> Option<Self> {
        Self::spawn_demo_with_cache(engine, secretariat_web::cache::DEFAULT_BYTES).await
    }

    /// The demo application keeping at most `cache_bytes` of rendered views (0: none).
    pub async fn spawn_demo_with_cache(engine: Engine, cache_bytes: u64) -> Option<Self> {
        let db = TestDb::new(engine).await?;
        let app = Self::spawn_on_with_cache(engine, db, cache_bytes).await;
        app.app.import_demo().await.unwrap();
        for (name, role, state, head) in ACCOUNTS {
            let state = state.map(|s| StateCode::parse(s).unwrap());
            app.app.add_account(&Actor::system(), name, PASSWORD, *role, state, *head).await.unwrap();
            if *role == AccountRole::Press {
                let publisher = Key::parse(PRESS_PUBLISHER).unwrap();
                app.app.set_publisher(&Actor::system(), name, Some(publisher)).await.unwrap();
            }
        }
        Some(app)
    }

    /// Stops the server and gives back the database, for a restart over it.
    pub async fn stop(mut self) -> TestDb {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
        self.store.close().await;
        self.db
    }

    /// A fresh API token of a test account.
    pub async fn token(&self, username: &str) -> String {
        self.app.create_token(&Actor::system(), username, "test").await.unwrap()
    }

    /// A request to a path of the application.
    pub fn request(&self, method: reqwest::Method, path: &str, token: Option<&str>) -> reqwest::RequestBuilder {
        let builder = self.client.request(method, format!("{}{path}", self.address));
        match token {
            Some(t) => builder.bearer_auth(t),
            None => builder,
        }
    }

    /// `GET` a path; returns the status and the body as JSON (or `Value::Null` if it is not JSON).
    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        send(self.request(reqwest::Method::GET, path, token)).await
    }

    /// `POST` JSON to a path.
    pub async fn post(&self, path: &str, body: &Value, token: Option<&str>) -> (u16, Value) {
        send(self.request(reqwest::Method::POST, path, token).json(body)).await
    }

    /// `PUT` JSON to a path.
    pub async fn put(&self, path: &str, body: &Value, token: Option<&str>) -> (u16, Value) {
        send(self.request(reqwest::Method::PUT, path, token).json(body)).await
    }

    /// `DELETE` a path.
    pub async fn delete(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        send(self.request(reqwest::Method::DELETE, path, token)).await
    }

    /// `GET` a page; returns the status and the HTML.
    pub async fn page(&self, path: &str) -> (u16, String) {
        let r = self.request(reqwest::Method::GET, path, None).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// The id of the demo's CFM meeting in Almaty.
    pub async fn almaty_id(&self) -> i64 {
        let (_, m) = self.get("/api/v1/meetings/cfm-2018-06-almaty", None).await;
        m["id"].as_i64().unwrap()
    }
}

async fn send(builder: reqwest::RequestBuilder) -> (u16, Value) {
    let r = builder.send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Runs a test body on SQLite, and on PostgreSQL when a server answers (always under `CI=true`).
#[macro_export]
macro_rules! on_both_engines {
    ($(#[$meta:meta])* async fn $name:ident($app:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($app: $crate::TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_sqlite() {
                run($crate::TestApp::spawn_demo($crate::Engine::Sqlite).await.expect("sqlite")).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_postgres() {
                if let Some(app) = $crate::TestApp::spawn_demo($crate::Engine::Postgres).await {
                    run(app).await;
                }
            }
        }
    };
}
