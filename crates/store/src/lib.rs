//! Secretariat's Store on sqlx's `Any` driver: SQLite (one file, WAL) by default, PostgreSQL by URL.
//! Each query is written once in portable SQL; migrations live in two folders with the same file names.

mod accounts;
mod audit;
mod counted;
mod documents;
mod error;
mod geography;
mod head;
mod meetings;
mod newsletter;
mod notifications;
mod organisations;
mod outbox;
mod people;
mod plans;
mod publications;
mod records;
mod search;
mod shelf;
mod tx;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use jiff::civil::Date;
use jiff::Timestamp;
use secretariat_core::account::{Account, Actor, ApiToken, Session};
use secretariat_core::domain::{
    Code, Id, Kind, MeetingCount, Record, RegisterPage, RegisterQuery, SearchFound, SearchQuery, Viewer,
};
use secretariat_core::rules::audit::AuditEntry;
use secretariat_core::rules::throttle::Counter;
use secretariat_core::store::*;
use secretariat_core::Result;
use serde::{Deserialize, Serialize};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor, Row};

pub use counted::Statements;
pub use error::db;

use counted::Db;

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
    statements: Statements,
    head: Arc<head::KeptHead>,
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
        let statements = Statements::default();
        // Rows written before the search index existed (or by a version without it) are indexed once, here.
        search::index_missing(&pool, &statements).await?;
        Ok(Self { pool, engine, statements, head: Arc::default() })
    }

    /// The pool, for the testkit and the command line's maintenance commands.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// How many statements this store (and its clones) has run: what tests count a request's queries by.
    pub fn statements(&self) -> &Statements {
        &self.statements
    }

    /// How many statements the polls of the head ([`Store::poll_head`]) have run, apart from [`Self::statements`].
    pub fn polls(&self) -> &Statements {
        &self.head.polls
    }

    /// Closes the pool, waiting for connections to return.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The head row: one autocommit read, which takes no lock a writer waits for on either engine.
async fn read_head(pool: &AnyPool, statements: &Statements) -> Result<(i64, String)> {
    let mut conn = pool.acquire().await.map_err(db)?;
    let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&mut Db::new(&mut conn, statements))
        .await
        .map_err(db)?;
    Ok((row.try_get(0).map_err(db)?, row.try_get(1).map_err(db)?))
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
        Ok(Box::new(tx::SqlTx::begin(&self.pool, &self.statements, &self.head, actor, at).await?))
    }

    async fn get(&self, kind: Kind, id: Id, viewer: &Viewer) -> Result<Option<Stored<Record>>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        records::get(&mut Db::new(&mut conn, &self.statements), kind, id, viewer).await
    }

    async fn find(&self, kind: Kind, key: &str, viewer: &Viewer) -> Result<Option<Stored<Record>>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        records::find(&mut Db::new(&mut conn, &self.statements), kind, key, viewer).await
    }

    async fn list(&self, kind: Kind, filter: &Filter) -> Result<Vec<Stored<Record>>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        records::list(&mut Db::new(&mut conn, &self.statements), kind, filter).await
    }

    async fn get_many(&self, kind: Kind, ids: &[Id], viewer: &Viewer) -> Result<Vec<Stored<Record>>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut conn = self.pool.acquire().await.map_err(db)?;
        records::get_many(&mut Db::new(&mut conn, &self.statements), kind, ids, viewer).await
    }

    async fn find_many(&self, kind: Kind, keys: &[String], viewer: &Viewer) -> Result<Vec<Stored<Record>>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut conn = self.pool.acquire().await.map_err(db)?;
        records::find_many(&mut Db::new(&mut conn, &self.statements), kind, keys, viewer).await
    }

    async fn agenda(&self, meeting: Id) -> Result<AgendaState> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        records::agenda(&mut Db::new(&mut conn, &self.statements), meeting).await
    }

    async fn meeting_counts(&self, organisation: &Code, body: Option<&Code>) -> Result<Vec<MeetingCount>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        crate::meetings::counts(&mut Db::new(&mut conn, &self.statements), organisation, body).await
    }

    async fn next_by_body(&self, organisation: &Code, from: Date) -> Result<Vec<Stored<Record>>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        crate::meetings::next_by_body(&mut Db::new(&mut conn, &self.statements), organisation, from).await
    }

    async fn audit_head(&self) -> Result<(i64, String)> {
        read_head(&self.pool, &self.statements).await
    }

    fn kept_head(&self) -> Option<(i64, String)> {
        self.head.get()
    }

    async fn refresh_statistics(&self) -> Result<()> {
        // Both engines take the bare `ANALYZE` for every table of the database.
        let mut conn = self.pool.acquire().await.map_err(db)?;
        sqlx::query("ANALYZE").execute(&mut Db::new(&mut conn, &self.statements)).await.map_err(db)?;
        Ok(())
    }

    async fn poll_head(&self) -> Result<(i64, String)> {
        match read_head(&self.pool, &self.head.polls).await {
            Ok(head) => {
                self.head.polled(head.clone());
                Ok(head)
            }
            Err(e) => {
                self.head.forget();
                Err(e)
            }
        }
    }

    async fn audit_entries(&self, scope: Option<&str>, since_us: Option<i64>) -> Result<Vec<AuditEntry>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        audit::audit_entries(&mut Db::new(&mut conn, &self.statements), scope, since_us).await
    }

    async fn audit_page(&self, after: i64, limit: i64) -> Result<Vec<AuditEntry>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        audit::audit_page(&mut Db::new(&mut conn, &self.statements), after, limit).await
    }

    async fn account_by_name(&self, username: &str) -> Result<Option<Account>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        accounts::by_name(&mut Db::new(&mut conn, &self.statements), username).await
    }

    async fn accounts_by_names(&self, usernames: &[String]) -> Result<Vec<Account>> {
        if usernames.is_empty() {
            return Ok(Vec::new());
        }
        let mut conn = self.pool.acquire().await.map_err(db)?;
        accounts::by_names(&mut Db::new(&mut conn, &self.statements), usernames).await
    }

    async fn session(&self, token_hash: &str, now: Timestamp) -> Result<Option<(Account, Session)>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        accounts::session(&mut Db::new(&mut conn, &self.statements), token_hash, now).await
    }

    async fn create_session(&self, session: &Session, now: Timestamp) -> Result<()> {
        accounts::create_session(&self.pool, &self.statements, session, now).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        accounts::delete_session(&mut Db::new(&mut conn, &self.statements), token_hash).await
    }

    async fn account_by_token(&self, token_hash: &str, now: Timestamp) -> Result<Option<Account>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        accounts::by_token(&mut Db::new(&mut conn, &self.statements), token_hash, now).await
    }

    async fn tokens(&self, account: Option<Id>) -> Result<Vec<ApiToken>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        accounts::tokens(&mut Db::new(&mut conn, &self.statements), account).await
    }

    async fn throttle_counter(&self, key: &str) -> Result<Option<Counter>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        accounts::throttle_counter(&mut Db::new(&mut conn, &self.statements), key).await
    }

    async fn swap_throttle_counter(
        &self,
        key: &str,
        expected: Option<&Counter>,
        new: &Counter,
        forget_before_us: i64,
    ) -> Result<bool> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        accounts::swap_throttle_counter(&mut Db::new(&mut conn, &self.statements), key, expected, new, forget_before_us)
            .await
    }

    async fn delete_throttle_counter(&self, key: &str) -> Result<()> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        accounts::delete_throttle_counter(&mut Db::new(&mut conn, &self.statements), key).await
    }

    async fn document_detail(&self, document: Id) -> Result<DocumentDetail> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        documents::detail(&mut Db::new(&mut conn, &self.statements), document).await
    }

    async fn document_state(&self, document: Id) -> Result<DocumentState> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        documents::state(&mut Db::new(&mut conn, &self.statements), document).await
    }

    async fn document_states(&self, documents: &[Id]) -> Result<Vec<(Id, DocumentState)>> {
        if documents.is_empty() {
            return Ok(Vec::new());
        }
        let mut conn = self.pool.acquire().await.map_err(db)?;
        documents::states(&mut Db::new(&mut conn, &self.statements), documents).await
    }

    async fn document_details(&self, documents: &[Id]) -> Result<Vec<(Id, DocumentDetail)>> {
        if documents.is_empty() {
            return Ok(Vec::new());
        }
        let mut conn = self.pool.acquire().await.map_err(db)?;
        documents::details(&mut Db::new(&mut conn, &self.statements), documents).await
    }

    async fn item_outcome(&self, item: Id) -> Result<Option<RecordedItemOutcome>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        documents::item_outcome(&mut Db::new(&mut conn, &self.statements), item).await
    }

    async fn item_outcomes(&self, meeting: Id) -> Result<Vec<(Id, RecordedItemOutcome)>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        documents::item_outcomes(&mut Db::new(&mut conn, &self.statements), meeting).await
    }

    async fn due_silences(&self, now: Timestamp) -> Result<Vec<Id>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        documents::due_silences(&mut Db::new(&mut conn, &self.statements), now).await
    }

    async fn count_hit(&self, publication: Id) -> Result<()> {
        publications::count_hit(&self.pool, publication).await
    }

    async fn due_publications(&self, now_us: i64) -> Result<Vec<Id>> {
        publications::due(&self.pool, now_us).await
    }

    async fn register(&self, query: &RegisterQuery) -> Result<RegisterPage> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        documents::register(&mut conn, query).await
    }

    async fn search(&self, query: &SearchQuery) -> Result<SearchFound> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        search::search(&mut Db::new(&mut conn, &self.statements), self.engine, query).await
    }
}
