//! The record generator of `bench/` (`bench/generate-record.py`, Python 3 with its standard library): the same seed
//! gives the same file, and the file imports whole with `secretariat import`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use sqlx::{Connection, Row, SqliteConnection};

/// A scratch folder for one test's files, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Self {
        let mut h = RandomState::new().build_hasher();
        h.write_u32(std::process::id());
        let dir = std::env::temp_dir().join(format!("secretariat-generator-{:016x}", h.finish()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/generate-record.py")
}

fn assert_success(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "`{what}` failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs the generator with `args` and gives the file it wrote to standard output.
fn generate(args: &[&str]) -> Vec<u8> {
    let out = Command::new("python3").arg(script()).args(args).stdin(Stdio::null()).output().unwrap();
    assert_success(&out, &format!("generate-record.py {}", args.join(" ")));
    out.stdout
}

const SMALL: [&str; 10] =
    ["--states", "12", "--bodies", "5", "--meetings", "20", "--documents", "60", "--positions", "400"];

#[test]
fn the_generator_writes_the_same_file_byte_for_byte_for_the_same_seed_and_another_for_another_seed() {
    let first = generate(&[&["--seed", "7"], &SMALL[..]].concat());
    let again = generate(&[&["--seed", "7"], &SMALL[..]].concat());
    let other = generate(&[&["--seed", "8"], &SMALL[..]].concat());
    assert!(first.len() > 10_000, "a file of some size: {} bytes", first.len());
    assert!(first == again, "the same seed gives the same bytes");
    assert!(first != other, "another seed gives another record");
    let scratch = Scratch::new();
    let path = scratch.path("to-a-file.json");
    generate(&[&["--seed", "7", "--output", path.to_str().unwrap()], &SMALL[..]].concat());
    assert!(std::fs::read(&path).unwrap() == first, "written to a file, the same bytes as to standard output");
}

#[test]
fn a_generated_file_is_a_scenario_of_the_sizes_asked_in_english_and_russian() {
    let file: serde_json::Value = serde_json::from_slice(&generate(&SMALL)).unwrap();
    assert_eq!(file["format"], secretariat_core::scenario::FORMAT);
    let len = |section: &str| file[section].as_array().map_or(0, Vec::len);
    assert_eq!((len("states"), len("bodies"), len("meetings"), len("documents")), (12, 5, 20, 60));
    let documents = file["documents"].as_array().unwrap();
    let positions: usize = documents.iter().map(|d| d["positions"].as_array().map_or(0, Vec::len)).sum();
    assert_eq!(positions, 400);
    let texts = &documents[0]["revisions"][0]["texts"];
    let languages: Vec<&str> = texts.as_array().unwrap().iter().map(|t| t["language"].as_str().unwrap()).collect();
    assert_eq!(languages, ["en", "ru"]);
    let russian = texts[1]["text"].as_str().unwrap();
    assert!(russian.chars().filter(|c| ('а'..='я').contains(c)).count() > 100, "a Russian text: {russian}");
}

#[tokio::test]
async fn a_generated_file_imports_whole_counted_as_the_generator_counts_and_its_audit_log_verifies() {
    let scratch = Scratch::new();
    let path = scratch.path("small.scenario.json");
    let out = Command::new("python3")
        .arg(script())
        .args(SMALL)
        .args(["--output", path.to_str().unwrap()])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_success(&out, "generate-record.py");
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    let records: usize = said.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap();
    let db = scratch.path("record.db");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_secretariat"))
            .arg("--database")
            .arg(&db)
            .args(args)
            .current_dir(&scratch.0)
            .stdin(Stdio::null())
            .env("RUST_LOG", "warn")
            .env_remove("SECRETARIAT_DATABASE")
            .output()
            .unwrap()
    };
    let out = run(&["import", path.to_str().unwrap()]);
    assert_success(&out, "import");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(printed.trim(), format!("Imported {records} records and 0 adopted agendas."));
    assert!(out.stderr.is_empty(), "no progress bar when standard error is not a terminal: {:?}", out.stderr);
    let mut conn = SqliteConnection::connect(&format!("sqlite://{}", db.display())).await.unwrap();
    for (table, expected) in [("document", 60), ("position", 400), ("meeting", 20), ("document_text", 120)] {
        let n: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&mut conn).await.unwrap().get(0);
        assert_eq!(n, expected, "{table}");
    }
    conn.close().await.unwrap();
    let out = run(&["audit", "verify"]);
    assert_success(&out, "audit verify");
    let again = run(&["import", path.to_str().unwrap()]);
    assert_success(&again, "a second import of the same file");
    assert_eq!(
        String::from_utf8_lossy(&again.stdout).trim(),
        format!("Imported 0 records and 0 adopted agendas; {records} already recorded, kept as they were.")
    );
}
