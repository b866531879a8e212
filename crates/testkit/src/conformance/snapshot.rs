//! "Nothing was written": every row of every table the schema holds, read before and after a write that must fail.
//!
//! The list of tables comes from the database itself (`sqlite_master`, `information_schema.tables`), so a table
//! added by a later migration is covered the day it exists; no list is typed here.

use std::collections::BTreeMap;

use secretariat_core::rules::audit::AuditEntry;
use secretariat_core::store::Store;
use secretariat_store::SqlStore;
use sqlx::any::AnyRow;
use sqlx::{Column, Row};

/// Everything the database holds that a failed write must leave alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Every table of the schema, each with all its rows (rendered, sorted: the comparison ignores row order).
    pub tables: BTreeMap<String, Vec<String>>,
    /// The audit log as the Store reads it.
    pub audit: Vec<AuditEntry>,
    /// The `audit_head` row: the last entry's number and hash.
    pub head: (i64, String),
}

impl Snapshot {
    /// The number of rows of one table.
    pub fn rows(&self, table: &str) -> usize {
        self.tables.get(table).unwrap_or_else(|| panic!("the schema has no table `{table}`")).len()
    }
}

/// The tables of the connected database's schema, sorted; all but sqlx's own record of applied migrations
/// (`_sqlx_migrations`: no write of the Store touches it, and its timestamp column is one the Any driver cannot
/// decode).
pub async fn tables(store: &SqlStore) -> Vec<String> {
    let sql = match store.engine() {
        "sqlite" => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> '_sqlx_migrations' ORDER BY name"
        }
        // `table_name` is an `sql_identifier`, which the Any driver cannot decode: read it as text.
        _ => {
            "SELECT CAST(table_name AS text) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
             AND table_name <> '_sqlx_migrations' ORDER BY 1"
        }
    };
    sqlx::query_scalar(sql).fetch_all(store.pool()).await.unwrap()
}

/// One cell rendered with its type, whatever its portable column type (DESIGN §4: bigint, text, double
/// precision, integer), so that `1` and `'1'` differ.
fn cell(row: &AnyRow, i: usize) -> String {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        format!("int {v:?}")
    } else if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
        format!("float {v:?}")
    } else if let Ok(v) = row.try_get::<Option<String>, _>(i) {
        format!("text {v:?}")
    } else if let Ok(v) = row.try_get::<Option<Vec<u8>>, _>(i) {
        format!("bytes {v:?}")
    } else {
        panic!("column `{}` has a type the snapshot cannot read", row.column(i).name())
    }
}

/// Every row of `table`, each rendered with its column names, sorted.
async fn rows(store: &SqlStore, table: &str) -> Vec<String> {
    let fetched = sqlx::query(&format!("SELECT * FROM {table}")).fetch_all(store.pool()).await.unwrap();
    let mut rendered: Vec<String> = fetched
        .iter()
        .map(|row| {
            let cells: Vec<String> =
                (0..row.len()).map(|i| format!("{}={}", row.column(i).name(), cell(row, i))).collect();
            cells.join(", ")
        })
        .collect();
    rendered.sort();
    rendered
}

/// Reads every row of every table, the audit log and its head.
pub async fn snapshot(store: &SqlStore) -> Snapshot {
    let mut tables = BTreeMap::new();
    for table in self::tables(store).await {
        let content = rows(store, &table).await;
        tables.insert(table, content);
    }
    Snapshot { tables, audit: super::audit(store).await, head: super::head(store).await }
}
