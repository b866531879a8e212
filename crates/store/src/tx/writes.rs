//! The generic writes of the standing record's kinds: insert, update and delete over the kind table, each with the
//! rows that follow from the record and its audit entry.

use secretariat_core::domain::{Id, Kind, Record, Viewer};
use secretariat_core::store::Stored;
use secretariat_core::{Error, Result};
use sqlx::Row;

use super::SqlTx;
use crate::error::db;
use crate::meetings;
use crate::records::{self, bind_all, Val};

impl SqlTx {
    /// The record as stored, if it is still at `version`.
    async fn current(&mut self, kind: Kind, id: Id, version: i64) -> Result<Stored<Record>> {
        let stored = records::get(&mut self.conn(), kind, id, &Viewer::Secretariat)
            .await?
            .ok_or(Error::NotFound { what: kind.as_str() })?;
        if stored.version != version {
            return Err(Error::stale(stored.version));
        }
        Ok(stored)
    }

    /// The rows kept beside a record that follow from it, once it is written: an agenda item's documents, indexed
    /// by key; a meeting counted in its body's tally.
    async fn derived_rows(&mut self, record: &Record, id: Id) -> Result<()> {
        match record {
            Record::AgendaItem(item) => meetings::index_item_documents(&mut self.conn(), id, &item.documents).await,
            Record::Meeting(_) => meetings::tally(&mut self.conn(), id, 1).await,
            _ => Ok(()),
        }
    }

    /// What follows from a record's row as it stands, undone before the row changes or goes: a meeting counted out
    /// of its body's tally.
    async fn underived_rows(&mut self, kind: Kind, id: Id) -> Result<()> {
        match kind {
            Kind::Meeting => meetings::tally(&mut self.conn(), id, -1).await,
            _ => Ok(()),
        }
    }

    /// Writes a new record at version 1, with the rows that follow from it and its audit entry.
    pub(super) async fn insert_record(&mut self, record: &Record) -> Result<Id> {
        let cols = records::columns(&mut self.conn(), record).await?;
        let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
        let params: Vec<String> = (1..=cols.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "INSERT INTO {} (version, {}) VALUES (1, {}) RETURNING id",
            records::table(record.kind()),
            names.join(", "),
            params.join(", ")
        );
        let vals: Vec<Val> = cols.into_iter().map(|(_, v)| v).collect();
        let id: i64 =
            bind_all(sqlx::query(&sql), &vals).fetch_one(&mut self.conn()).await.map_err(db)?.try_get(0).map_err(db)?;
        self.derived_rows(record, id).await?;
        let scope = records::scope(&mut self.conn(), record, id).await?;
        self.append("created", record.kind().as_str(), id, scope, None, Some(record.to_json())).await?;
        self.touched.record(record.kind(), id);
        Ok(id)
    }

    /// Replaces a record written at `version` (never its identity), with the rows that follow from it.
    pub(super) async fn update_record(&mut self, id: Id, version: i64, record: &Record) -> Result<i64> {
        let kind = record.kind();
        let before = self.current(kind, id, version).await?;
        if before.record.identity() != record.identity() {
            return Err(Error::invalid(
                "key_immutable",
                "codes and keys never change once recorded; names change over time instead",
            ));
        }
        self.underived_rows(kind, id).await?;
        let cols = records::changed_columns(&mut self.conn(), record).await?;
        let sets: Vec<String> = cols.iter().enumerate().map(|(i, (n, _))| format!("{n} = ${}", i + 1)).collect();
        let sql = format!(
            "UPDATE {} SET {}, version = version + 1 WHERE id = ${} AND version = ${}",
            records::table(kind),
            sets.join(", "),
            cols.len() + 1,
            cols.len() + 2
        );
        let mut vals: Vec<Val> = cols.into_iter().map(|(_, v)| v).collect();
        vals.push(Val::Int(Some(id)));
        vals.push(Val::Int(Some(version)));
        let done = bind_all(sqlx::query(&sql), &vals).execute(&mut self.conn()).await.map_err(db)?;
        if done.rows_affected() != 1 {
            return Err(Error::stale(before.version));
        }
        self.derived_rows(record, id).await?;
        let scope = records::scope(&mut self.conn(), record, id).await?;
        self.append("changed", kind.as_str(), id, scope, Some(before.record.to_json()), Some(record.to_json())).await?;
        self.touched.record(kind, id);
        Ok(version + 1)
    }

    /// Deletes a record written at `version` that nothing else names.
    pub(super) async fn delete_record(&mut self, kind: Kind, id: Id, version: i64) -> Result<()> {
        let before = self.current(kind, id, version).await?;
        if records::named_elsewhere(&mut self.conn(), &before.record, id).await? {
            return Err(Error::conflict("in_use", "other records still refer to this one"));
        }
        let scope = records::scope(&mut self.conn(), &before.record, id).await?;
        self.underived_rows(kind, id).await?;
        let sql = format!("DELETE FROM {} WHERE id = $1 AND version = $2", records::table(kind));
        sqlx::query(&sql).bind(id).bind(version).execute(&mut self.conn()).await.map_err(db)?;
        self.touched.record(kind, id);
        self.append("deleted", kind.as_str(), id, scope, Some(before.record.to_json()), None).await
    }
}
