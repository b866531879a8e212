//! Secretariat's Store on sqlx's `Any` driver: SQLite (one file, WAL) by default, PostgreSQL by URL.
//! Each query is written once in portable SQL; migrations live in two folders with the same file names.

mod accounts;
mod audit;
mod connection;
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
use sqlx::{AnyPool, Row};

pub use connection::{Engine, SqlStore, Synchronous};
pub use counted::Statements;
pub use error::db;

use counted::Db;

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
