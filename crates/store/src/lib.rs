//! Secretariat's Store on sqlx's `Any` driver: SQLite (one file, WAL) by default, PostgreSQL by URL.
//! Each query is written once in portable SQL; migrations live in two folders with the same file names.

mod accounts;
mod audit;
mod documents;
mod error;
mod geography;
mod meetings;
mod organisations;
mod people;
mod plans;
mod records;
mod shelf;
mod tx;

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;
use secretariat_core::account::{Account, Actor, ApiToken, Session};
use secretariat_core::domain::{RegisterPage, RegisterQuery, Viewer};
use secretariat_core::rules::audit::AuditEntry;
use secretariat_core::rules::throttle::Counter;
use secretariat_core::store::*;
use secretariat_core::Result;
use serde::{Deserialize, Serialize};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor, Row};

pub use error::db;

/// Which engine a database address names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// `postgres://…` and `postgresql://…` are PostgreSQL; anything else is a SQLite file path or `sqlite:` URL.
    pub fn of(address: &str) -> Self {
        if address.starts_with("postgres://") || address.starts_with("postgresql://") {
            Self::Postgres
        } else {
            Self::Sqlite
        }
    }
}

/// How a SQLite commit is made durable (`PRAGMA synchronous`, with the file in WAL mode). PostgreSQL's own
/// `synchronous_commit` governs that engine; Secretariat leaves it as the server has it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Synchronous {
    /// Every commit reaches the disk before it is acknowledged: a power loss or an OS crash loses nothing.
    #[default]
    Full,
    /// The WAL is synced at checkpoints only: faster, but a power loss or an OS crash can drop the last
    /// acknowledged commits (a crash of Secretariat itself loses nothing).
    Normal,
}

impl Synchronous {
    fn pragma(self) -> &'static str {
        match self {
            Self::Full => "PRAGMA synchronous = FULL;",
            Self::Normal => "PRAGMA synchronous = NORMAL;",
        }
    }
}

/// The store over a connection pool of either engine.
#[derive(Debug, Clone)]
pub struct SqlStore {
    pool: AnyPool,
    engine: Engine,
}

static SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

fn sqlite_url(address: &str) -> String {
    if address.starts_with("sqlite:") {
        address.to_owned()
    } else {
        format!("sqlite://{address}?mode=rwc")
    }
}

impl SqlStore {
    /// Connects to `address` (a SQLite file path, or a `postgres://` URL) and runs pending migrations; SQLite
    /// commits with `synchronous = FULL`.
    pub async fn connect(address: &str) -> Result<Self> {
        Self::connect_with(address, Synchronous::default()).await
    }

    /// Connects as [`SqlStore::connect`], with SQLite's commits made durable as `synchronous` says.
    pub async fn connect_with(address: &str, synchronous: Synchronous) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let engine = Engine::of(address);
        let url = match engine {
            Engine::Sqlite => sqlite_url(address),
            Engine::Postgres => address.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url).map_err(db)?;
        let pool = AnyPoolOptions::new()
            .max_connections(match engine {
                Engine::Sqlite => 8,
                Engine::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(30))
            // A connection is checked when it fails, not pinged before every use: a ping per query doubled the work.
            .test_before_acquire(false)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if engine == Engine::Sqlite {
                        conn.execute("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;").await?;
                        // Not kept in the file: each connection is told.
                        conn.execute(synchronous.pragma()).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(db)?;
        if engine == Engine::Sqlite {
            // WAL lets readers go on while one writer writes; the setting is kept in the file.
            pool.execute("PRAGMA journal_mode = WAL;").await.map_err(db)?;
        }
        let migrator = match engine {
            Engine::Sqlite => &SQLITE,
            Engine::Postgres => &POSTGRES,
        };
        migrator.run(&pool).await.map_err(|e| secretariat_core::Error::Storage(format!("migration failed: {e}")))?;
        Ok(Self { pool, engine })
    }

    /// The pool, for the testkit and the command line's maintenance commands.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Closes the pool, waiting for connections to return.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[async_trait]
impl Store for SqlStore {
    fn engine(&self) -> &'static str {
        match self.engine {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }

    async fn begin(&self, actor: &Actor, at: Timestamp) -> Result<Box<dyn Tx>> {
        Ok(Box::new(tx::SqlTx::begin(&self.pool, actor, at).await?))
    }

    async fn get(&self, kind: Kind, id: Id, viewer: &Viewer) -> Result<Option<Stored<Record>>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        records::get(&mut conn, kind, id, viewer).await
    }

    async fn find(&self, kind: Kind, key: &str, viewer: &Viewer) -> Result<Option<Stored<Record>>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        records::find(&mut conn, kind, key, viewer).await
    }

    async fn list(&self, kind: Kind, filter: &Filter) -> Result<Vec<Stored<Record>>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        records::list(&mut conn, kind, filter).await
    }

    async fn agenda(&self, meeting: Id) -> Result<AgendaState> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        records::agenda(&mut conn, meeting).await
    }

    async fn audit_head(&self) -> Result<(i64, String)> {
        let row =
            sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&self.pool).await.map_err(db)?;
        Ok((row.try_get(0).map_err(db)?, row.try_get(1).map_err(db)?))
    }

    async fn audit_entries(&self, scope: Option<&str>, since_us: Option<i64>) -> Result<Vec<AuditEntry>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        audit::audit_entries(&mut conn, scope, since_us).await
    }

    async fn account_by_name(&self, username: &str) -> Result<Option<Account>> {
        accounts::by_name(&self.pool, username).await
    }

    async fn session(&self, token_hash: &str, now: Timestamp) -> Result<Option<(Account, Session)>> {
        accounts::session(&self.pool, token_hash, now).await
    }

    async fn create_session(&self, session: &Session, now: Timestamp) -> Result<()> {
        accounts::create_session(&self.pool, session, now).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        accounts::delete_session(&self.pool, token_hash).await
    }

    async fn account_by_token(&self, token_hash: &str, now: Timestamp) -> Result<Option<Account>> {
        accounts::by_token(&self.pool, token_hash, now).await
    }

    async fn tokens(&self, account: Option<Id>) -> Result<Vec<ApiToken>> {
        accounts::tokens(&self.pool, account).await
    }

    async fn throttle_counter(&self, key: &str) -> Result<Option<Counter>> {
        accounts::throttle_counter(&self.pool, key).await
    }

    async fn swap_throttle_counter(
        &self,
        key: &str,
        expected: Option<&Counter>,
        new: &Counter,
        forget_before_us: i64,
    ) -> Result<bool> {
        accounts::swap_throttle_counter(&self.pool, key, expected, new, forget_before_us).await
    }

    async fn delete_throttle_counter(&self, key: &str) -> Result<()> {
        accounts::delete_throttle_counter(&self.pool, key).await
    }

    async fn document_detail(&self, document: Id) -> Result<DocumentDetail> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        documents::detail(&mut conn, document).await
    }

    async fn document_state(&self, document: Id) -> Result<DocumentState> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        documents::state(&mut conn, document).await
    }

    async fn item_outcome(&self, item: Id) -> Result<Option<ItemOutcomeRow>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        documents::item_outcome(&mut conn, item).await
    }

    async fn item_outcomes(&self, meeting: Id) -> Result<Vec<(Id, ItemOutcomeRow)>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        documents::item_outcomes(&mut conn, meeting).await
    }

    async fn due_silences(&self, now_us: i64) -> Result<Vec<Id>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        documents::due_silences(&mut conn, now_us).await
    }

    async fn register(&self, query: &RegisterQuery) -> Result<RegisterPage> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        documents::register(&mut conn, query).await
    }
}
