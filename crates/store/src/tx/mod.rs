//! The write transaction: every change appends a hash-chained audit entry in the same transaction.
//!
//! The first statement of every write transaction updates the single `audit_head` row. On SQLite that takes the
//! write lock at once (waiting under the busy timeout, never failing on a stale read snapshot); on PostgreSQL it
//! locks the row. Writers are thereby serialised on both engines and the chain stays linear.

use std::sync::Arc;

use jiff::Timestamp;
use secretariat_core::account::{Actor, NewAccount};
use secretariat_core::domain::{Id, ItemOutcome, Key, Kind, Procedure, Record, SilenceStatus, VersionStatus, Viewer};
use secretariat_core::rules::silence::Received;
use secretariat_core::store::*;
use secretariat_core::{Error, Result};
use sqlx::{Any, AnyPool, Row, Transaction};

use crate::counted::{Db, Statements};
use crate::head::KeptHead;
mod accounts;

use crate::documents;
use crate::error::db;
use crate::records::{self, json};
use crate::search;

mod append;
mod newsletter;
mod press;
mod writes;

pub(crate) struct SqlTx {
    tx: Transaction<'static, Any>,
    statements: Statements,
    actor: String,
    at_us: i64,
    occurred_us: Option<i64>,
    seq: i64,
    hash: String,
    /// The head this process keeps, moved on by `commit`.
    kept: Arc<KeptHead>,
    /// The searchable rows written, whose index entries `commit` rebuilds.
    touched: search::Touched,
    /// Audit entries appended (hashed, in order) and not yet written to `audit_log`.
    unwritten: Vec<secretariat_core::rules::audit::AuditEntry>,
}

impl SqlTx {
    pub(crate) async fn begin(
        pool: &AnyPool,
        statements: &Statements,
        kept: &Arc<KeptHead>,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<Self> {
        let mut tx = pool.begin().await.map_err(db)?;
        let row = sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
            .fetch_one(&mut Db::new(&mut tx, statements))
            .await
            .map_err(db)?;
        Ok(Self {
            actor: actor.name.clone(),
            at_us: at.as_microsecond(),
            occurred_us: None,
            seq: row.try_get(0).map_err(db)?,
            hash: row.try_get(1).map_err(db)?,
            touched: search::Touched::default(),
            unwritten: Vec::new(),
            kept: kept.clone(),
            tx,
            statements: statements.clone(),
        })
    }

    fn conn(&mut self) -> Db<'_> {
        Db::new(&mut self.tx, &self.statements)
    }
}

#[async_trait::async_trait]
impl Tx for SqlTx {
    fn occurred(&mut self, at: Timestamp) {
        self.occurred_us = Some(at.as_microsecond());
    }

    async fn insert(&mut self, record: &Record) -> Result<Id> {
        self.insert_record(record).await
    }

    async fn update(&mut self, id: Id, version: i64, record: &Record) -> Result<i64> {
        self.update_record(id, version, record).await
    }

    async fn delete(&mut self, kind: Kind, id: Id, version: i64) -> Result<()> {
        self.delete_record(kind, id, version).await
    }

    async fn get(&mut self, kind: Kind, id: Id) -> Result<Option<Stored<Record>>> {
        records::get(&mut self.conn(), kind, id, &Viewer::Secretariat).await
    }

    async fn get_many(&mut self, kind: Kind, ids: &[Id]) -> Result<Vec<Stored<Record>>> {
        records::get_many(&mut self.conn(), kind, ids, &Viewer::Secretariat).await
    }

    async fn find(&mut self, kind: Kind, key: &str) -> Result<Option<Stored<Record>>> {
        records::find(&mut self.conn(), kind, key, &Viewer::Secretariat).await
    }

    async fn find_many(&mut self, kind: Kind, keys: &[String]) -> Result<Vec<Stored<Record>>> {
        records::find_many(&mut self.conn(), kind, keys, &Viewer::Secretariat).await
    }

    async fn get_visible(&mut self, kind: Kind, id: Id, viewer: &Viewer) -> Result<Option<Stored<Record>>> {
        records::get(&mut self.conn(), kind, id, viewer).await
    }

    async fn find_visible(&mut self, kind: Kind, key: &str, viewer: &Viewer) -> Result<Option<Stored<Record>>> {
        records::find(&mut self.conn(), kind, key, viewer).await
    }

    async fn list(&mut self, kind: Kind, filter: &Filter) -> Result<Vec<Stored<Record>>> {
        let mut filter = filter.clone();
        filter.viewer = Viewer::Secretariat;
        records::list(&mut self.conn(), kind, &filter).await
    }

    async fn agenda(&mut self, meeting: Id) -> Result<AgendaState> {
        records::agenda(&mut self.conn(), meeting).await
    }

    async fn set_agenda(&mut self, meeting: Id, agenda: &AgendaState, action: &str) -> Result<()> {
        let before = records::agenda(&mut self.conn(), meeting).await?;
        sqlx::query("DELETE FROM agenda WHERE meeting_id = $1")
            .bind(meeting)
            .execute(&mut self.conn())
            .await
            .map_err(db)?;
        sqlx::query("INSERT INTO agenda (meeting_id, status, adopted_at_us, adopted_by) VALUES ($1, $2, $3, $4)")
            .bind(meeting)
            .bind(match agenda.status {
                secretariat_core::domain::AgendaStatus::Provisional => "provisional",
                secretariat_core::domain::AgendaStatus::Adopted => "adopted",
            })
            .bind(agenda.adopted_at.map(|t| t.as_microsecond()))
            .bind(agenda.adopted_by.clone())
            .execute(&mut self.conn())
            .await
            .map_err(db)?;
        self.append(action, "agenda", meeting, format!("meeting:{meeting}"), Some(json(&before)), Some(json(agenda)))
            .await
    }

    async fn insert_account(&mut self, a: &NewAccount) -> Result<Id> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO account (username, display_name, role, state_code, head_of_delegation, language, \
             password_hash, email) VALUES ($1, $2, $3, $4, $5, NULL, $6, $7) RETURNING id",
        )
        .bind(a.username.clone())
        .bind(a.display_name.clone())
        .bind(a.role.as_str())
        .bind(a.state.as_ref().map(|s| s.as_str().to_owned()))
        .bind(i64::from(a.head_of_delegation))
        .bind(a.password_hash.clone())
        .bind(a.email.as_ref().map(|e| e.as_str().to_owned()))
        .fetch_one(&mut self.conn())
        .await
        .map_err(db)?;
        let after = serde_json::json!({
            "username": a.username,
            "role": a.role.as_str(),
            "state": a.state.as_ref().map(|s| s.as_str()),
            "head_of_delegation": a.head_of_delegation,
        });
        self.append("created", "account", id, format!("account:{id}"), None, Some(after.to_string())).await?;
        Ok(id)
    }

    async fn insert_token(&mut self, account: Id, name: &str, token_hash: &str, expires_us: i64) -> Result<Id> {
        let at_us = self.at_us;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_token (account_id, name, token_hash, created_at_us, expires_at_us) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(account)
        .bind(name.to_owned())
        .bind(token_hash.to_owned())
        .bind(at_us)
        .bind(expires_us)
        .fetch_one(&mut self.conn())
        .await
        .map_err(db)?;
        let after = serde_json::json!({ "account": account, "name": name, "expires_at_us": expires_us });
        self.append("created", "api_token", id, format!("account:{account}"), None, Some(after.to_string())).await?;
        Ok(id)
    }

    async fn revoke_token(&mut self, token: Id) -> Result<()> {
        let at_us = self.at_us;
        let account: Option<i64> = sqlx::query_scalar(
            "UPDATE api_token SET revoked_at_us = COALESCE(revoked_at_us, $1) WHERE id = $2 RETURNING account_id",
        )
        .bind(at_us)
        .bind(token)
        .fetch_optional(&mut self.conn())
        .await
        .map_err(db)?;
        let account = account.ok_or(Error::NotFound { what: "token" })?;
        let after = serde_json::json!({ "revoked_at_us": at_us });
        self.append("revoked", "api_token", token, format!("account:{account}"), None, Some(after.to_string())).await
    }

    async fn document_detail(&mut self, document: Id) -> Result<DocumentDetail> {
        documents::detail(&mut self.conn(), document).await
    }

    async fn set_document_state(&mut self, document: Id, state: &DocumentState, action: &str) -> Result<()> {
        let before = documents::state(&mut self.conn(), document).await?;
        documents::write_state(&mut self.conn(), document, state).await?;
        self.touched.document(document);
        let scope = format!("document:{document}");
        self.append(action, "document_state", document, scope, Some(json(&before)), Some(json(state))).await
    }

    async fn series_numbers(&mut self, series: &str) -> Result<Vec<u32>> {
        documents::series_numbers(&mut self.conn(), series).await
    }

    async fn insert_revision(&mut self, document: Id, revision: &Revision) -> Result<Id> {
        let id = documents::insert_revision(&mut self.conn(), document, revision).await?;
        self.touched.document(document);
        let scope = format!("document:{document}");
        self.append("revised", "document_revision", id, scope, None, Some(json(revision))).await?;
        Ok(id)
    }

    async fn insert_language_version(&mut self, document: Id, revision: Id, version: &LanguageVersion) -> Result<Id> {
        let id = documents::insert_language_version(&mut self.conn(), revision, version).await?;
        self.touched.document(document);
        let scope = format!("document:{document}");
        self.append("translated", "document_text", id, scope, None, Some(json(version))).await?;
        Ok(id)
    }

    async fn update_language_version(
        &mut self,
        document: Id,
        language_version: Id,
        version: i64,
        text: &str,
        status: VersionStatus,
    ) -> Result<i64> {
        let new = documents::update_language_version(&mut self.conn(), language_version, version, text, status).await?;
        self.touched.document(document);
        let after = serde_json::json!({ "text": text, "status": status, "version": new }).to_string();
        let scope = format!("document:{document}");
        self.append("changed", "document_text", language_version, scope, None, Some(after)).await?;
        Ok(new)
    }

    async fn set_position(&mut self, document: Id, revision: Id, position: &RecordedPosition) -> Result<()> {
        documents::set_position(&mut self.conn(), revision, position).await?;
        let scope = format!("document:{document}");
        self.append("position", "position", revision, scope, None, Some(json(position))).await
    }

    async fn insert_positions(&mut self, document: Id, revision: Id, positions: &[RecordedPosition]) -> Result<()> {
        documents::insert_positions(&mut self.conn(), revision, positions).await?;
        let scope = format!("document:{document}");
        for position in positions {
            self.append("position", "position", revision, scope.clone(), None, Some(json(position))).await?;
        }
        Ok(())
    }

    async fn insert_silence(&mut self, silence: &SilenceProcedure) -> Result<Id> {
        let id = documents::insert_silence(&mut self.conn(), silence).await?;
        let scope = format!("document:{}", silence.document);
        self.append("silence_opened", "silence_procedure", id, scope, None, Some(json(silence))).await?;
        Ok(id)
    }

    async fn silence(&mut self, id: Id) -> Result<Option<SilenceProcedure>> {
        documents::silence(&mut self.conn(), id).await
    }

    async fn insert_received(&mut self, silence: Id, document: Id, received: &Received) -> Result<()> {
        documents::insert_received(&mut self.conn(), silence, received).await?;
        let scope = format!("document:{document}");
        self.append("silence_received", "silence_procedure", silence, scope, None, Some(json(received))).await
    }

    async fn close_silence(&mut self, silence: Id, status: SilenceStatus, closed_at: Timestamp) -> Result<bool> {
        // In the document's scope, like the procedure's opening and what it received: one history per document.
        let Some(document) = documents::close_silence(&mut self.conn(), silence, status, closed_at).await? else {
            return Ok(false);
        };
        let after = serde_json::json!({ "status": status, "closed_at": closed_at }).to_string();
        let scope = format!("document:{document}");
        self.append("silence_closed", "silence_procedure", silence, scope, None, Some(after)).await?;
        Ok(true)
    }

    async fn insert_referral(&mut self, referral: &Referral) -> Result<Id> {
        let id = documents::insert_referral(&mut self.conn(), referral).await?;
        let scope = format!("document:{}", referral.document);
        self.append("referred", "referral", id, scope, None, Some(json(referral))).await?;
        Ok(id)
    }

    async fn referral(&mut self, id: Id) -> Result<Option<Referral>> {
        documents::referral(&mut self.conn(), id).await
    }

    async fn set_referral_outcome(&mut self, id: Id, outcome: ItemOutcome, at: Timestamp, by: Procedure) -> Result<()> {
        let document = documents::set_referral_outcome(&mut self.conn(), id, outcome, at, by).await?;
        let after = serde_json::json!({ "outcome": outcome, "decided_at": at, "decided_by": by }).to_string();
        self.append("referral_decided", "referral", id, format!("document:{document}"), None, Some(after)).await
    }

    async fn set_item_outcome(&mut self, item: Id, outcome: &RecordedItemOutcome) -> Result<()> {
        // Looked up first, so that a missing item is `NotFound` (as a missing referral is), not a storage error.
        let meeting: i64 = sqlx::query_scalar("SELECT meeting_id FROM agenda_item WHERE id = $1")
            .bind(item)
            .fetch_optional(&mut self.conn())
            .await
            .map_err(db)?
            .ok_or(Error::NotFound { what: "agenda item" })?;
        let before = documents::item_outcome(&mut self.conn(), item).await?;
        documents::set_item_outcome(&mut self.conn(), item, outcome).await?;
        let before = before.map(|b| json(&b));
        self.append("outcome", "agenda_item_outcome", item, format!("meeting:{meeting}"), before, Some(json(outcome)))
            .await
    }

    async fn item_outcome(&mut self, item: Id) -> Result<Option<RecordedItemOutcome>> {
        documents::item_outcome(&mut self.conn(), item).await
    }

    async fn publish_scheduled(&mut self, publication: Id, now: Timestamp) -> Result<bool> {
        // Its publication instant orders it among the results.
        self.touched.record(Kind::Publication, publication);
        self.publish(publication, now).await
    }

    async fn set_account_publisher(&mut self, username: &str, publisher: Option<&Key>) -> Result<()> {
        self.set_publisher(username, publisher).await
    }

    async fn commit(self: Box<Self>) -> Result<()> {
        self.seal().await
    }
}
