//! Whole records through a scenario file: the demo and a scenario with every optional field round trip exactly
//! through import and export, and an import leaves the query planner the statistics of what it wrote.

use super::*;

/// The demo imported and exported again is the demo file (but for its notes, which are not imported).
async fn the_demo_scenario_round_trips_exactly_through_import_and_export(store: SqlStore) {
    let app = app(&store);
    let report = app.import_demo().await.unwrap();
    let file = demo();
    // Its records, and the agenda outcomes it records (item 8 of Almaty, approved and submitted to Astana).
    let total: usize =
        Kind::ALL.iter().map(|k| records_of(&file, *k).len()).sum::<usize>() + file.agenda_outcomes.len();
    assert_eq!(report.records, total);
    let mut exported = app.export().await.unwrap();
    assert!(exported.notes.is_empty(), "notes are not imported, so they are not exported");
    exported.notes.clone_from(&file.notes);
    assert_eq!(exported, file);
}

/// Every optional field (changing names, joint meetings, set chairs, times of day, delegation members, sittings,
/// overrides, adopted agendas) survives the round trip as well.
async fn a_scenario_with_every_optional_field_round_trips_exactly(store: SqlStore) {
    let app = seed(&store).await;
    let expected = merged(demo(), extra());
    let mut exported = app.export().await.unwrap();
    exported.notes.clone_from(&expected.notes);
    assert_eq!(exported, expected);
    assert_eq!(exported.adopted_agendas.len(), 1);
}

/// After an import the query planner knows the tables' sizes: SQLite's `sqlite_stat1` holds rows, PostgreSQL's
/// `pg_class.reltuples` is no longer the -1 of a table never analysed.
async fn an_import_leaves_the_query_planner_statistics_of_what_it_wrote(store: SqlStore) {
    let sql = match store.engine() {
        "sqlite" => "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'document'",
        _ => "SELECT COUNT(*) FROM pg_class WHERE relname = 'document' AND reltuples >= 0",
    };
    let analysed = || async { sqlx::query_scalar::<_, i64>(sql).fetch_one(store.pool()).await.unwrap_or(0) };
    assert_eq!(analysed().await, 0, "a fresh database has no statistics of its documents");
    app(&store).import_demo().await.unwrap();
    assert!(analysed().await > 0, "the import refreshed them");
}

checks!(
    the_demo_scenario_round_trips_exactly_through_import_and_export,
    a_scenario_with_every_optional_field_round_trips_exactly,
    an_import_leaves_the_query_planner_statistics_of_what_it_wrote,
);
