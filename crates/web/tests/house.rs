//! House rules of the web crate that no compiler checks: every message the interface builds from a variant exists
//! in every locale, and no handler reaches past the use cases into the store.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The message identifiers a Fluent file defines: a line that starts a message is `id = …` at the margin.
fn message_ids(ftl: &str) -> BTreeSet<String> {
    ftl.lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_owned()))
        .collect()
}

fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_under(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            found.push(path);
        }
    }
    found
}

#[test]
fn every_variant_the_interface_shows_has_its_message_in_every_locale() {
    let locales = crate_dir().join("locales");
    let folders: Vec<PathBuf> =
        std::fs::read_dir(&locales).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    assert!(folders.len() >= 2, "English and Russian at least: {folders:?}");
    let keys = secretariat_web::names::every_key();
    assert!(keys.contains(&"document-status-under_agreement".to_owned()), "the keys are the wire names: {keys:?}");
    assert!(keys.contains(&"position-non_participation".to_owned()));
    for built_elsewhere in [
        "mail-subject-silence_broken",
        "notification-deadline_near",
        "search-kind-agenda_item",
        "subscription-unsubscribed",
        "role-secretariat",
        "language-name-ru",
        "rotation-source-set",
        "person-chaired-derived",
    ] {
        assert!(keys.contains(&built_elsewhere.to_owned()), "every family of keys is walked: {built_elsewhere}");
    }
    for folder in folders {
        let defined: BTreeSet<String> = files_under(&folder, "ftl")
            .iter()
            .flat_map(|f| message_ids(&std::fs::read_to_string(f).unwrap()))
            .collect();
        let missing: Vec<&String> = keys.iter().filter(|k| !defined.contains(*k)).collect();
        assert!(missing.is_empty(), "{} lacks messages: {missing:?}", folder.display());
    }
}

#[test]
fn no_handler_of_the_web_reaches_the_store_past_the_use_cases() {
    for file in files_under(&crate_dir().join("src"), "rs") {
        let source = std::fs::read_to_string(&file).unwrap();
        for (n, line) in source.lines().enumerate() {
            assert!(
                !line.contains("app.store") && !line.contains(".store.") && !line.contains("sqlx"),
                "{}:{}: the web calls the core's use cases, never the store: {line}",
                file.display(),
                n + 1
            );
        }
    }
}
