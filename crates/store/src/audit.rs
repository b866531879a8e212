//! Reading the audit log back: the entries in order, for change logs and for `secretariat audit verify`. Entries
//! are written by the transaction (`tx.rs`), in the same transaction as the change they record.

use secretariat_core::rules::audit::AuditEntry;
use secretariat_core::Result;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::counted::Db;
use crate::error::db;
use crate::shelf::{bind_all, Val};

const COLUMNS: &str =
    "SELECT seq, at_us, actor, action, entity, entity_id, scope, before_json, after_json, prev_hash, \
     hash, occurred_at_us FROM audit_log";

/// Audit entries in order, optionally of one scope and from an instant on.
pub(crate) async fn audit_entries(
    conn: &mut Db<'_>,
    scope: Option<&str>,
    since_us: Option<i64>,
) -> Result<Vec<AuditEntry>> {
    let mut sql = format!("{COLUMNS} WHERE 1 = 1");
    let mut vals = Vec::new();
    if let Some(scope) = scope {
        vals.push(Val::Text(Some(scope.to_owned())));
        sql.push_str(&format!(" AND scope = ${}", vals.len()));
    }
    if let Some(since) = since_us {
        vals.push(Val::Int(Some(since)));
        sql.push_str(&format!(" AND at_us >= ${}", vals.len()));
    }
    sql.push_str(" ORDER BY seq");
    let rows = bind_all(sqlx::query(&sql), &vals).fetch_all(conn).await.map_err(db)?;
    rows.iter().map(entry).collect()
}

/// At most `limit` audit entries after number `after`, in order: the log walked a page at a time.
pub(crate) async fn audit_page(conn: &mut Db<'_>, after: i64, limit: i64) -> Result<Vec<AuditEntry>> {
    let rows = sqlx::query(&format!("{COLUMNS} WHERE seq > $1 ORDER BY seq LIMIT $2"))
        .bind(after)
        .bind(limit)
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(entry).collect()
}

fn entry(r: &AnyRow) -> Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.try_get(0).map_err(db)?,
        at_us: r.try_get(1).map_err(db)?,
        actor: r.try_get(2).map_err(db)?,
        action: r.try_get(3).map_err(db)?,
        entity: r.try_get(4).map_err(db)?,
        entity_id: r.try_get(5).map_err(db)?,
        scope: r.try_get(6).map_err(db)?,
        before: r.try_get(7).map_err(db)?,
        after: r.try_get(8).map_err(db)?,
        prev_hash: r.try_get(9).map_err(db)?,
        hash: r.try_get(10).map_err(db)?,
        occurred_at_us: r.try_get(11).map_err(db)?,
    })
}
