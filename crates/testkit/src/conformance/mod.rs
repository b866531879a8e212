//! The store conformance suite: one async function per behaviour of the Store contract (`secretariat_core::store`),
//! each given a freshly connected, empty [`SqlStore`] and asserting through the `Store` and `Tx` traits only (plus
//! raw reads of every table, to prove that nothing was written). One module per aggregate of the store; each
//! module names its checks once, in a `checks!` list beside their definitions, and that list makes each check's
//! `on_sqlite` and `on_postgres` tests (PostgreSQL runs when a server answers, always under `CI=true`).
//!
//! A check left out of its module's list is never called: `dead_code` is denied here, so it fails the build;
//! a file left out of the modules below fails `every_file_of_the_suite_is_one_of_its_modules`.
//! Expected rows are derived from the scenario files, never from the store under test.
#![deny(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Debug;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use secretariat_core::account::{token_hash, Account, AccountRole, Actor, NewAccount, Session};
use secretariat_core::clock::FixedClock;
use secretariat_core::domain::*;
use secretariat_core::rules::audit::{verify, AuditEntry, GENESIS};
use secretariat_core::scenario::{Scenario, DEMO};
use secretariat_core::service::Secretariat;
use secretariat_core::store::{AgendaState, Filter, Store, Stored};
use secretariat_core::Error;
use secretariat_store::SqlStore;
use sqlx::Row;

use crate::{Engine, TestDb};

/// Registers a module's checks: for each, a module of the same name holding its `on_sqlite` and `on_postgres`
/// tests. Written once per module, right below the checks it names.
macro_rules! checks {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            use crate::Engine;

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn on_sqlite() {
                crate::conformance::run(Engine::Sqlite, super::$name).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn on_postgres() {
                crate::conformance::run(Engine::Postgres, super::$name).await;
            }
        }
    )+};
}

mod accounts;
mod agenda;
mod audit;
mod documents;
mod filters;
mod fixtures;
mod meetings;
mod records;
mod scenarios;
mod search;
mod silence;
mod snapshot;
mod visibility;

pub use fixtures::*;
use snapshot::snapshot;

/// A file of this folder that `mod.rs` does not declare would not even be compiled, so `dead_code` could not see
/// its checks: every file must be one of the modules above.
#[test]
fn every_file_of_the_suite_is_one_of_its_modules() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/conformance");
    let declared = include_str!("mod.rs");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".rs") else { continue };
        if stem != "mod" {
            files += 1;
            assert!(declared.contains(&format!("\nmod {stem};\n")), "`{name}` is not declared in mod.rs");
        }
    }
    assert!(files >= 10, "the suite's modules were found in {}", dir.display());
}

/// Runs one check on a freshly connected store of `engine`; skips PostgreSQL when it is absent (outside CI).
async fn run<F, Fut>(engine: Engine, check: F)
where
    F: FnOnce(SqlStore) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(db) = TestDb::new(engine).await else { return };
    let store = SqlStore::connect(&db.url).await.expect("the store connects and migrates");
    let name = match engine {
        Engine::Sqlite => "sqlite",
        Engine::Postgres => "postgres",
    };
    assert_eq!(store.engine(), name);
    tokio::time::timeout(Duration::from_secs(120), check(store.clone()))
        .await
        .expect("the check finished within two minutes (a lock held by a dropped transaction would hang it)");
    store.close().await;
    drop(db);
}

fn person(key: &str, name: &str) -> Record {
    Record::Person(Person {
        key: Key::parse(key).unwrap(),
        names: vec![Named { from: None, name: Text::one("en", name), forms: None }],
    })
}

fn state(code: &str, name: &str) -> Record {
    Record::State(State { code: StateCode::parse(code).unwrap(), name: Text::one("en", name), official_name: None })
}

fn item(meeting: &str, number: u16, visibility: Visibility) -> AgendaItem {
    AgendaItem {
        meeting: Key::parse(meeting).unwrap(),
        number,
        title: Text::one("en", &format!("Item {number} ({})", visibility.as_str())),
        kind: ItemKind::Information,
        sitting: None,
        visibility,
        documents: vec![],
    }
}

fn delegate(state: &str, head: bool) -> Viewer {
    Viewer::Delegate { state: StateCode::parse(state).unwrap(), head }
}

fn officer() -> Actor {
    Actor {
        account: None,
        name: "officer".into(),
        role: Some(AccountRole::Secretariat),
        state: None,
        head_of_delegation: false,
        publisher: None,
    }
}

fn everything(viewer: Viewer) -> Filter {
    let mut f = Filter::new(viewer);
    f.limit = u32::MAX;
    f
}

/// Every record of a kind, as the Secretariat sees them.
async fn all(store: &SqlStore, kind: Kind) -> Vec<Stored<Record>> {
    store.list(kind, &everything(Viewer::Secretariat)).await.unwrap()
}

async fn find(store: &SqlStore, kind: Kind, key: &str) -> Stored<Record> {
    store.find(kind, key, &Viewer::Secretariat).await.unwrap().unwrap_or_else(|| panic!("no {kind:?} `{key}`"))
}

async fn audit(store: &SqlStore) -> Vec<AuditEntry> {
    store.audit_entries(None, None).await.unwrap()
}

/// The single `audit_head` row: the last entry's number and hash.
async fn head(store: &SqlStore) -> (i64, String) {
    let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(store.pool()).await.unwrap();
    (row.try_get(0).unwrap(), row.try_get(1).unwrap())
}

fn conflict<T: Debug>(result: secretariat_core::Result<T>) -> (&'static str, Option<i64>) {
    match result {
        Err(Error::Conflict { code, current_version, .. }) => (code, current_version),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

/// Lists `kind` with `filter` and checks the rows are exactly those of `everything` the predicate keeps, in order.
/// Returns how many rows matched.
async fn check_filter(store: &SqlStore, kind: Kind, filter: &Filter, keep: impl Fn(&Record) -> bool) -> usize {
    let expected: Vec<Stored<Record>> = all(store, kind).await.into_iter().filter(|s| keep(&s.record)).collect();
    let actual = store.list(kind, filter).await.unwrap();
    assert_eq!(actual, expected, "{kind:?} listed with {filter:?}");
    expected.len()
}

fn new_account(username: &str, role: AccountRole, state: Option<&str>) -> NewAccount {
    NewAccount {
        username: username.to_owned(),
        display_name: format!("{username} (display)"),
        role,
        state: state.map(|s| StateCode::parse(s).unwrap()),
        head_of_delegation: role == AccountRole::Delegate,
        email: None,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo".to_owned(),
    }
}
