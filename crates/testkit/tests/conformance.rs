//! The store conformance suite on both engines: every function of `secretariat_testkit::conformance` runs on a
//! fresh SQLite file, and on a fresh PostgreSQL database when a server answers (always under `CI=true`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::future::Future;
use std::time::Duration;

use secretariat_core::store::Store;
use secretariat_store::SqlStore;
use secretariat_testkit::{conformance, Engine, TestDb};

/// Runs one conformance function on a freshly connected store of `engine`; skips PostgreSQL when it is absent
/// (outside CI).
async fn run<F, Fut>(engine: Engine, test: F)
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
    tokio::time::timeout(Duration::from_secs(120), test(store.clone()))
        .await
        .expect("the test finished within two minutes (a lock held by a dropped transaction would hang it)");
    store.close().await;
    drop(db);
}

/// One module per conformance function, holding `on_sqlite` and `on_postgres`.
macro_rules! on_both_engines {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn on_sqlite() {
                run(Engine::Sqlite, conformance::$name).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn on_postgres() {
                run(Engine::Postgres, conformance::$name).await;
            }
        }
    )+};
}

on_both_engines!(
    the_demo_scenario_round_trips_exactly_through_import_and_export,
    a_scenario_with_every_optional_field_round_trips_exactly,
    every_record_reads_back_by_id_by_key_and_in_lists_as_it_was_written,
    an_update_replaces_the_record_and_bumps_its_version,
    the_organisation_filter_returns_exactly_the_rows_of_that_organisation,
    the_body_filter_returns_exactly_the_meetings_of_that_body,
    the_meeting_filter_returns_exactly_the_parts_of_that_meeting,
    the_state_filter_returns_exactly_the_rows_of_that_state,
    the_person_post_and_role_filters_return_exactly_their_rows,
    the_from_and_to_filters_return_exactly_the_meetings_that_overlap_the_days,
    after_and_limit_page_through_every_kind_without_gap_or_repeat,
    agenda_items_are_shown_to_each_viewer_only_at_its_visibility,
    a_stale_version_is_refused_with_the_current_one,
    an_update_or_delete_of_a_missing_id_is_not_found,
    a_duplicate_code_or_key_is_refused_as_duplicate,
    deleting_a_referenced_record_is_refused_as_in_use_and_changes_nothing,
    a_transaction_dropped_without_commit_leaves_nothing,
    an_import_whose_last_record_is_bad_writes_nothing_at_all,
    every_committed_write_appends_one_audit_entry_per_change_and_the_chain_verifies,
    concurrent_writers_all_commit_and_the_chain_stays_whole,
    concurrent_updates_of_one_version_let_exactly_one_win,
    the_agenda_is_provisional_until_adopted_and_its_state_round_trips,
    an_account_reads_back_by_name_and_a_second_of_the_same_name_is_a_duplicate,
    a_session_is_found_until_it_expires_or_is_deleted,
    an_api_token_finds_its_account_by_hash,
    a_throttle_counter_is_replaced_only_while_it_is_the_one_read,
    an_expired_or_revoked_token_finds_no_account_and_stays_listed,
    a_new_session_never_ends_one_that_is_live_by_the_callers_clock,
    deleting_a_record_referred_to_by_key_is_refused_as_in_use,
    renaming_a_record_is_refused_so_that_every_reference_stays_whole,
    the_id_of_a_deleted_record_is_never_given_to_another,
);

/// The names of the `.sql` files of one engine's migration folder, sorted.
fn migration_files(engine: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../store/migrations").join(engine);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_two_migration_folders_hold_the_same_file_names() {
    let sqlite = migration_files("sqlite");
    let postgres = migration_files("postgres");
    assert!(!sqlite.is_empty(), "there are migrations");
    assert!(sqlite.iter().all(|n| n.ends_with(".sql")), "only SQL files: {sqlite:?}");
    assert_eq!(sqlite, postgres);
}
