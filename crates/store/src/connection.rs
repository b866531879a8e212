//! Opening a store: which engine an address names, how SQLite commits are made durable, the pool and its
//! per-connection settings, and the migrations run on every start.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use secretariat_core::Result;
use serde::{Deserialize, Serialize};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

use crate::counted::Statements;
use crate::error::db;
use crate::search;

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
    pub(crate) pool: AnyPool,
    pub(crate) engine: Engine,
    pub(crate) statements: Statements,
    pub(crate) head: Arc<crate::head::KeptHead>,
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
