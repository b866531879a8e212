//! The migration folders of the two engines mirror each other. The store conformance suite itself lives in
//! `src/conformance/`, where each module registers its checks beside their definitions and runs each on both
//! engines: `cargo test -p secretariat-testkit --lib conformance`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

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
