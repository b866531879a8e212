//! The `secretariat` binary, run for real against SQLite files in a scratch folder.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use secretariat_core::account::token_hash;
use secretariat_core::scenario::{Scenario, DEMO, FORMAT};
use sqlx::{Connection, Row, SqliteConnection};

/// A scratch folder for one test's databases and files, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Self {
        let mut h = RandomState::new().build_hasher();
        h.write_u32(std::process::id());
        let dir = std::env::temp_dir().join(format!("secretariat-cli-{:016x}", h.finish()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// Runs `secretariat --database DB ARGS…` in the scratch folder, with no settings from the environment.
    fn run(&self, db: &Path, args: &[&str]) -> Output {
        self.run_with(db, args, &[])
    }

    fn run_with(&self, db: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_secretariat"));
        cmd.arg("--database").arg(db).args(args);
        self.isolate(&mut cmd);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    fn isolate(&self, cmd: &mut Command) {
        cmd.current_dir(&self.0).stdin(Stdio::null()).env("RUST_LOG", "warn");
        for var in [
            "SECRETARIAT_DATABASE",
            "SECRETARIAT_ADDR",
            "SECRETARIAT_LOG",
            "SECRETARIAT_SECURE_COOKIES",
            "SECRETARIAT_SQLITE_SYNCHRONOUS",
            "SECRETARIAT_NEW_PASSWORD",
            "SECRETARIAT_TRUSTED_PROXIES",
        ] {
            cmd.env_remove(var);
        }
    }

    /// A database with the demo loaded.
    fn demo_db(&self, name: &str) -> PathBuf {
        let db = self.path(name);
        let out = self.run(&db, &["demo"]);
        assert_success(&out, "demo");
        db
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_success(out: &Output, what: &str) {
    assert!(out.status.success(), "`{what}` failed ({}):\n{}\n{}", out.status, stdout(out), stderr(out));
}

fn assert_failure(out: &Output, what: &str) {
    assert!(!out.status.success(), "`{what}` should fail but succeeded:\n{}", stdout(out));
    assert!(out.status.code().is_some_and(|c| c != 0), "`{what}` exits with a code, not a signal");
}

/// Whether `text` holds `phrase` not followed by another digit (so that "entry 5" is not "entry 50").
fn names(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(i, _)| !text[i + phrase.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

async fn sqlite(db: &Path) -> SqliteConnection {
    SqliteConnection::connect(&format!("sqlite://{}", db.display())).await.unwrap()
}

/// Runs one statement on a database by hand, as an intruder with file access would.
async fn tamper(db: &Path, sql: &str) {
    let mut conn = sqlite(db).await;
    let done = sqlx::query(sql).execute(&mut conn).await.unwrap();
    assert_eq!(done.rows_affected(), 1, "{sql}");
    conn.close().await.unwrap();
}

async fn count(db: &Path, sql: &str) -> i64 {
    let mut conn = sqlite(db).await;
    let n: i64 = sqlx::query(sql).fetch_one(&mut conn).await.unwrap().try_get(0).unwrap();
    conn.close().await.unwrap();
    n
}

fn demo() -> Scenario {
    serde_json::from_str(DEMO).unwrap()
}

/// The number of records in the demo file, as `import` counts them: one per element of every list but the notes
/// and the adopted agendas.
fn demo_records() -> usize {
    let file: serde_json::Value = serde_json::from_str(DEMO).unwrap();
    let lists = file.as_object().unwrap().iter().filter(|(k, _)| *k != "notes" && *k != "adopted_agendas");
    lists.filter_map(|(_, v)| v.as_array()).map(Vec::len).sum()
}

/// The number of adopted agendas in the demo file.
fn demo_adopted_agendas() -> usize {
    let file: serde_json::Value = serde_json::from_str(DEMO).unwrap();
    file["adopted_agendas"].as_array().map_or(0, Vec::len)
}

const DEMO_ACCOUNTS: [&str; 5] = ["admin", "officer", "delegate-ru", "delegate-kz", "press"];

fn is_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[test]
fn demo_loads_the_csto_and_prints_the_demo_accounts_and_an_officer_token() {
    let scratch = Scratch::new();
    let db = scratch.path("demo.db");
    let out = scratch.run(&db, &["demo"]);
    assert_success(&out, "demo");
    let text = stdout(&out);
    assert!(text.contains("Demo accounts"), "{text}");
    for name in DEMO_ACCOUNTS {
        let line = text.lines().find(|l| l.split_whitespace().next() == Some(name));
        let line = line.unwrap_or_else(|| panic!("no line for {name} in:\n{text}"));
        assert!(line.split_whitespace().nth(1).is_some_and(|p| p.len() >= 8), "a password for {name}: {line}");
    }
    assert!(text.contains("delegate of RU, head of delegation"), "{text}");
    let token = text.lines().find_map(|l| l.strip_prefix("API token of the officer: ")).unwrap();
    assert!(is_token(token), "{token}");

    // Run again: the demo is not loaded twice, the accounts are not duplicated, a fresh token is printed.
    let again = scratch.run(&db, &["demo"]);
    assert_success(&again, "demo (again)");
    let token2 = stdout(&again).lines().find_map(|l| l.strip_prefix("API token of the officer: ").map(str::to_owned));
    assert!(token2.as_deref().is_some_and(|t| is_token(t) && t != token));
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        assert_eq!(count(&db, "SELECT COUNT(*) FROM organisation").await, 1);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM account").await, 5);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM api_token").await, 2);
    });
}

#[test]
fn export_prints_the_demo_scenario_and_a_second_database_imports_it_identically() {
    let scratch = Scratch::new();
    let first = scratch.demo_db("first.db");
    let out = scratch.run(&first, &["export"]);
    assert_success(&out, "export");
    let text = stdout(&out);
    let json: serde_json::Value = serde_json::from_str(&text).expect("the export is JSON");
    assert_eq!(json["format"], FORMAT);
    assert_eq!(json["format"], "secretariat-scenario/1");
    let mut exported: Scenario = serde_json::from_value(json).unwrap();
    let file = demo();
    exported.notes.clone_from(&file.notes);
    assert_eq!(exported, file, "the export is the demo file, notes aside");

    let path = scratch.path("scenario.json");
    std::fs::write(&path, &text).unwrap();
    let second = scratch.path("second.db");
    let out = scratch.run(&second, &["import", path.to_str().unwrap()]);
    assert_success(&out, "import");
    assert_eq!(
        stdout(&out).trim(),
        format!("Imported {} records and {} adopted agendas.", demo_records(), demo_adopted_agendas())
    );
    let again = scratch.run(&second, &["export"]);
    assert_success(&again, "export of the second database");
    assert_eq!(stdout(&again), text, "the round trip through the command line is exact");

    // `--output` writes the same text to a file.
    let written = scratch.path("written.json");
    let out = scratch.run(&second, &["export", "--output", written.to_str().unwrap()]);
    assert_success(&out, "export --output");
    assert_eq!(std::fs::read_to_string(&written).unwrap(), text);
}

#[test]
fn an_import_whose_last_record_is_bad_exits_non_zero_and_writes_nothing() {
    let scratch = Scratch::new();
    let mut bad: serde_json::Value = serde_json::from_str(DEMO).unwrap();
    let items = bad["agenda_items"].as_array_mut().unwrap();
    let mut last = items.last().unwrap().clone();
    last["meeting"] = "cfm-2099-01-nowhere".into();
    items.push(last);
    let path = scratch.path("bad.json");
    std::fs::write(&path, serde_json::to_string(&bad).unwrap()).unwrap();
    let db = scratch.path("empty.db");
    let out = scratch.run(&db, &["import", path.to_str().unwrap()]);
    assert_failure(&out, "import of a bad file");
    assert!(stderr(&out).contains("cfm-2099-01-nowhere"), "the error names the bad reference: {}", stderr(&out));
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        for table in ["state", "person", "meeting", "agenda_item", "audit_log"] {
            assert_eq!(count(&db, &format!("SELECT COUNT(*) FROM {table}")).await, 0, "{table}");
        }
    });
    let not_json = scratch.path("not.json");
    std::fs::write(&not_json, "this is not JSON").unwrap();
    let out = scratch.run(&db, &["import", not_json.to_str().unwrap()]);
    assert_failure(&out, "import of a file that is not JSON");
    assert!(stderr(&out).contains("not a scenario"), "{}", stderr(&out));
}

#[test]
fn audit_verify_exits_zero_and_prints_the_entry_count() {
    let scratch = Scratch::new();
    let db = scratch.demo_db("audit.db");
    let out = scratch.run(&db, &["audit", "verify"]);
    assert_success(&out, "audit verify");
    let rows = tokio::runtime::Runtime::new().unwrap().block_on(count(&db, "SELECT COUNT(*) FROM audit_log"));
    // At least one entry per demo record and adopted agenda, per demo account, and for the officer's token.
    let expected = usize::try_from(rows).unwrap();
    let least = demo_records() + demo_adopted_agendas() + DEMO_ACCOUNTS.len() + 1;
    assert!(expected >= least, "{expected} entries, at least {least} expected");
    assert_eq!(stdout(&out).trim(), format!("The audit log is intact: {expected} entries."));
}

#[tokio::test]
async fn audit_verify_fails_naming_an_entry_edited_by_hand() {
    let scratch = Scratch::new();
    let db = scratch.demo_db("edited.db");
    tamper(&db, "UPDATE audit_log SET actor = 'intruder' WHERE seq = 5").await;
    let out = scratch.run(&db, &["audit", "verify"]);
    assert_failure(&out, "audit verify of an edited log");
    let err = stderr(&out);
    assert!(names(&err, "entry 5"), "stderr names entry 5: {err}");
    assert!(err.contains("edited"), "{err}");
    assert!(!stdout(&out).contains("intact"));
}

#[tokio::test]
async fn audit_verify_fails_naming_an_entry_whose_contents_were_changed() {
    let scratch = Scratch::new();
    let db = scratch.demo_db("changed.db");
    tamper(&db, "UPDATE audit_log SET after_json = after_json || ' ' WHERE seq = 3").await;
    let out = scratch.run(&db, &["audit", "verify"]);
    assert_failure(&out, "audit verify of a changed entry");
    assert!(names(&stderr(&out), "entry 3"), "{}", stderr(&out));
}

#[tokio::test]
async fn audit_verify_fails_naming_the_entry_after_a_removed_one() {
    let scratch = Scratch::new();
    let db = scratch.demo_db("removed.db");
    tamper(&db, "DELETE FROM audit_log WHERE seq = 5").await;
    let out = scratch.run(&db, &["audit", "verify"]);
    assert_failure(&out, "audit verify of a log with a gap");
    let err = stderr(&out);
    assert!(names(&err, "entry 6"), "stderr names entry 6, the one after the gap: {err}");
    assert!(err.contains("removed"), "{err}");
}

#[tokio::test]
async fn audit_verify_fails_when_the_last_entry_is_removed() {
    // DESIGN §4: `secretariat audit verify` detects any edit or removal. The last entry's number and hash are kept
    // in `audit_head`, so cutting the chain's tail shows too.
    let scratch = Scratch::new();
    let db = scratch.demo_db("truncated.db");
    tamper(&db, "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)").await;
    let out = scratch.run(&db, &["audit", "verify"]);
    assert_failure(&out, "audit verify of a log whose last entry was removed");
    let last = usize::try_from(count(&db, "SELECT MAX(seq) FROM audit_log").await).unwrap() + 1;
    assert!(names(&stderr(&out), &format!("entry {last}")), "stderr names the removed entry {last}: {}", stderr(&out));
}

#[tokio::test]
async fn user_add_creates_a_delegate_and_token_create_prints_a_64_hex_token() {
    let scratch = Scratch::new();
    let db = scratch.path("users.db");
    let password = [("SECRETARIAT_NEW_PASSWORD", "a-long-enough-password")];
    let out = scratch.run_with(&db, &["user", "add", "natalia", "--role", "delegate", "--state", "RU"], &password);
    assert_success(&out, "user add");
    let said = stdout(&out);
    assert!(said.starts_with("Account natalia (delegate) created with id "), "{said}");

    let mut conn = sqlite(&db).await;
    let row = sqlx::query(
        "SELECT id, role, state_code, head_of_delegation, password_hash FROM account WHERE username = 'natalia'",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    let id: i64 = row.try_get(0).unwrap();
    assert_eq!(said.trim(), format!("Account natalia (delegate) created with id {id}."));
    assert_eq!(row.try_get::<String, _>(1).unwrap(), "delegate");
    assert_eq!(row.try_get::<Option<String>, _>(2).unwrap().as_deref(), Some("RU"));
    assert_eq!(row.try_get::<i64, _>(3).unwrap(), 0);
    let hash: String = row.try_get(4).unwrap();
    assert!(hash.starts_with("$argon2id$") && !hash.contains("a-long-enough-password"), "{hash}");
    conn.close().await.unwrap();

    let out = scratch.run(&db, &["token", "create", "natalia"]);
    assert_success(&out, "token create");
    let token = stdout(&out).trim().to_owned();
    assert!(is_token(&token), "a 64-hex token: {token:?}");
    let again = scratch.run(&db, &["token", "create", "natalia", "--name", "second"]);
    assert_success(&again, "token create (again)");
    assert_ne!(stdout(&again).trim(), token, "every token is fresh");

    let mut conn = sqlite(&db).await;
    let rows = sqlx::query("SELECT account_id, name, token_hash FROM api_token ORDER BY id")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].try_get::<i64, _>(0).unwrap(), id);
    assert_eq!(rows[0].try_get::<String, _>(1).unwrap(), "cli");
    assert_eq!(rows[0].try_get::<String, _>(2).unwrap(), token_hash(&token), "stored hashed, never as given");
    assert_eq!(rows[1].try_get::<String, _>(1).unwrap(), "second");
    conn.close().await.unwrap();

    // A head of delegation.
    let out =
        scratch.run_with(&db, &["user", "add", "head-kz", "--role", "delegate", "--state", "KZ", "--head"], &password);
    assert_success(&out, "user add --head");
    assert_eq!(count(&db, "SELECT head_of_delegation FROM account WHERE username = 'head-kz'").await, 1);
    // The chain covers the accounts and tokens.
    let out = scratch.run(&db, &["audit", "verify"]);
    assert_success(&out, "audit verify");
    assert_eq!(stdout(&out).trim(), "The audit log is intact: 4 entries.");
}

#[tokio::test]
async fn user_add_refuses_a_delegate_without_a_state_and_other_bad_input_with_a_clear_message() {
    let scratch = Scratch::new();
    let db = scratch.path("refused.db");
    let password = [("SECRETARIAT_NEW_PASSWORD", "a-long-enough-password")];
    let out = scratch.run_with(&db, &["user", "add", "stateless", "--role", "delegate"], &password);
    assert_failure(&out, "user add --role delegate without --state");
    let err = stderr(&out);
    assert!(err.contains("delegate") && err.contains("state"), "the message says a delegate needs a state: {err}");

    let out = scratch.run_with(&db, &["user", "add", "pressed", "--role", "press", "--state", "RU"], &password);
    assert_failure(&out, "user add --role press --state RU");
    assert!(stderr(&out).contains("only a delegate"), "{}", stderr(&out));

    let out = scratch.run_with(&db, &["user", "add", "someone", "--role", "king"], &password);
    assert_failure(&out, "user add --role king");
    assert!(stderr(&out).contains("king"), "{}", stderr(&out));

    let out = scratch.run_with(&db, &["user", "add", "someone", "--role", "delegate", "--state", "Russia"], &password);
    assert_failure(&out, "user add --state Russia");
    assert!(stderr(&out).contains("Russia"), "{}", stderr(&out));

    let short = [("SECRETARIAT_NEW_PASSWORD", "short")];
    let out = scratch.run_with(&db, &["user", "add", "someone", "--role", "press"], &short);
    assert_failure(&out, "user add with a short password");
    assert!(stderr(&out).contains("8 characters"), "{}", stderr(&out));

    let out = scratch.run(&db, &["token", "create", "nobody"]);
    assert_failure(&out, "token create for an unknown account");
    assert!(stderr(&out).contains("account not found"), "{}", stderr(&out));

    if db.exists() {
        for table in ["account", "api_token", "audit_log"] {
            assert_eq!(count(&db, &format!("SELECT COUNT(*) FROM {table}")).await, 0, "{table}");
        }
    }
}

#[test]
fn help_is_printed_for_the_binary_and_every_subcommand() {
    let scratch = Scratch::new();
    let commands: [&[&str]; 12] = [
        &[],
        &["serve"],
        &["migrate"],
        &["demo"],
        &["import"],
        &["export"],
        &["user"],
        &["user", "add"],
        &["token"],
        &["token", "create"],
        &["audit"],
        &["audit", "verify"],
    ];
    for command in commands {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_secretariat"));
        cmd.args(command).arg("--help");
        scratch.isolate(&mut cmd);
        let out = cmd.output().unwrap();
        let what = format!("secretariat {} --help", command.join(" "));
        assert_success(&out, &what);
        assert!(stdout(&out).contains("Usage: secretariat"), "{what}: {}", stdout(&out));
    }
    // `secretariat help COMMAND…` says the same as `COMMAND… --help`.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_secretariat"));
    cmd.args(["help", "user", "add"]);
    scratch.isolate(&mut cmd);
    let out = cmd.output().unwrap();
    assert_success(&out, "secretariat help user add");
    assert!(stdout(&out).contains("Usage: secretariat user add"), "{}", stdout(&out));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_secretariat"));
    cmd.arg("--version");
    scratch.isolate(&mut cmd);
    let out = cmd.output().unwrap();
    assert_success(&out, "secretariat --version");
    assert!(stdout(&out).starts_with("secretariat "));
    // A bad subcommand is a usage error, not a panic.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_secretariat"));
    cmd.arg("frobnicate");
    scratch.isolate(&mut cmd);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2), "clap's usage error");
    // Nothing was written in the working folder.
    assert!(!scratch.path("secretariat.db").exists());
}

#[test]
fn migrate_creates_the_tables_of_an_empty_database() {
    let scratch = Scratch::new();
    let db = scratch.path("migrated.db");
    let out = scratch.run(&db, &["migrate"]);
    assert_success(&out, "migrate");
    assert_eq!(stdout(&out).trim(), "The database is up to date.");
    let again = scratch.run(&db, &["migrate"]);
    assert_success(&again, "migrate (again)");
    let out = scratch.run(&db, &["audit", "verify"]);
    assert_success(&out, "audit verify");
    assert_eq!(stdout(&out).trim(), "The audit log is intact: 0 entries.");
    let out = scratch.run(&db, &["export"]);
    assert_success(&out, "export of an empty database");
    let empty: Scenario = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(empty.states.is_empty() && empty.meetings.is_empty() && empty.agenda_items.is_empty());
}

#[tokio::test]
async fn token_list_shows_each_tokens_expiry_and_token_revoke_marks_one_revoked() {
    let scratch = Scratch::new();
    let db = scratch.demo_db("tokens.db");
    let out = scratch.run(&db, &["token", "create", "officer", "--name", "laptop", "--days", "7"]);
    assert_success(&out, "token create --days 7");
    let laptop = stdout(&out).trim().to_owned();
    assert!(is_token(&laptop), "{laptop}");
    assert_failure(&scratch.run(&db, &["token", "create", "officer", "--days", "0"]), "token create --days 0");

    let out = scratch.run(&db, &["token", "list", "--user", "officer"]);
    assert_success(&out, "token list --user officer");
    let listed = stdout(&out);
    assert!(!listed.contains(&laptop), "never the token itself: {listed}");
    let rows: Vec<Vec<&str>> = listed.lines().skip(1).map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 2, "the demo's token and the laptop's: {listed}");
    assert!(rows.iter().all(|r| r[1] == "officer" && r[4] == "-"), "{listed}");
    let laptop_row = rows.iter().find(|r| r[2] == "laptop").unwrap();
    let expires: jiff::Timestamp = laptop_row[3].parse().unwrap();
    let days = expires.duration_since(jiff::Timestamp::now()).as_hours() as f64 / 24.0;
    assert!((6.9..=7.0).contains(&days), "expires in {days} days");
    assert_eq!(stdout(&scratch.run(&db, &["token", "list"])).lines().count(), 3, "everyone's: a header and two tokens");
    assert_eq!(stdout(&scratch.run(&db, &["token", "list", "--user", "press"])).lines().count(), 1);

    let id = laptop_row[0].to_owned();
    let out = scratch.run(&db, &["token", "revoke", &id]);
    assert_success(&out, "token revoke");
    assert_eq!(stdout(&out).trim(), format!("Token {id} (laptop, of officer) is revoked."));
    let relisted = stdout(&scratch.run(&db, &["token", "list", "--user", "officer"]));
    let row = relisted.lines().find(|l| l.split('\t').nth(2) == Some("laptop")).unwrap();
    assert_ne!(row.split('\t').nth(4), Some("-"), "{relisted}");
    let sql = format!(
        "SELECT COUNT(*) FROM api_token WHERE revoked_at_us IS NOT NULL AND token_hash = '{}'",
        token_hash(&laptop)
    );
    assert_eq!(count(&db, &sql).await, 1);
    assert_failure(&scratch.run(&db, &["token", "revoke", "999999"]), "token revoke of an unknown id");
}

#[test]
fn export_of_a_database_path_that_does_not_exist_fails_with_a_clear_message_and_creates_nothing() {
    let scratch = Scratch::new();
    let typo = scratch.path("typo.db");
    let out = scratch.run(&typo, &["export"]);
    assert_failure(&out, "export of a database that does not exist");
    assert!(stdout(&out).is_empty(), "no empty record is printed: {}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("there is no database at") && err.contains("typo.db"), "{err}");
    assert!(!typo.exists(), "the typo did not become an empty database");
    for args in [&["audit", "verify"][..], &["token", "list"][..]] {
        assert_failure(&scratch.run(&typo, args), &args.join(" "));
        assert!(!typo.exists());
    }

    let nowhere = scratch.path("no-such-folder").join("record.db");
    let scenario = scratch.path("demo.json");
    std::fs::write(&scenario, DEMO).unwrap();
    let out = scratch.run(&nowhere, &["import", scenario.to_str().unwrap()]);
    assert_failure(&out, "import into a folder that does not exist");
    assert!(stderr(&out).contains("the folder") && stderr(&out).contains("does not exist"), "{}", stderr(&out));

    let folder = scratch.path("a-folder");
    std::fs::create_dir_all(&folder).unwrap();
    let out = scratch.run(&folder, &["export"]);
    assert_failure(&out, "export of a folder");
    assert!(stderr(&out).contains("is a folder"), "{}", stderr(&out));

    let not_a_database = scratch.path("notes.txt");
    std::fs::write(&not_a_database, "these are notes, not a database").unwrap();
    let out = scratch.run(&not_a_database, &["export"]);
    assert_failure(&out, "export of a file that is not a database");
    assert!(stderr(&out).contains("cannot open the database"), "{}", stderr(&out));
}

#[test]
fn the_osce_file_imports_alone_and_next_to_the_csto_file_in_either_order_and_exports_alike() {
    let scratch = Scratch::new();
    let csto = scratch.path("csto.json");
    std::fs::write(&csto, DEMO).unwrap();
    let osce = scratch.path("osce.json");
    std::fs::write(&osce, secretariat_core::scenario::OSCE_2020).unwrap();
    let alone = scratch.path("alone.db");
    assert_success(&scratch.run(&alone, &["import", osce.to_str().unwrap()]), "import of the OSCE alone");

    let mut exports = Vec::new();
    for (name, first, second) in [("csto-first.db", &csto, &osce), ("osce-first.db", &osce, &csto)] {
        let db = scratch.path(name);
        assert_success(&scratch.run(&db, &["import", first.to_str().unwrap()]), "first import");
        let out = scratch.run(&db, &["import", second.to_str().unwrap()]);
        assert_success(&out, "second import");
        assert!(stdout(&out).contains("; 16 already recorded, kept as they were."), "{}", stdout(&out));
        let out = scratch.run(&db, &["export"]);
        assert_success(&out, "export");
        exports.push(stdout(&out));
    }
    let sorted = |text: &str| {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        let mut sections: Vec<(String, Vec<String>)> = v
            .as_object()
            .unwrap()
            .iter()
            .filter_map(|(k, v)| v.as_array().map(|a| (k.clone(), a.iter().map(|i| i.to_string()).collect())))
            .collect();
        sections.iter_mut().for_each(|(_, items)| items.sort());
        sections
    };
    assert_eq!(sorted(&exports[0]), sorted(&exports[1]), "either order holds the same records");

    // The export of both imports exactly into a fresh database, and into one holding only the OSCE.
    let both = scratch.path("both.json");
    std::fs::write(&both, &exports[0]).unwrap();
    let fresh = scratch.path("fresh.db");
    assert_success(&scratch.run(&fresh, &["import", both.to_str().unwrap()]), "import of both into a fresh database");
    assert_eq!(stdout(&scratch.run(&fresh, &["export"])), exports[0], "the round trip is exact");
    let out = scratch.run(&alone, &["import", both.to_str().unwrap()]);
    assert_success(&out, "import of both into the OSCE database");
    assert_eq!(sorted(&stdout(&scratch.run(&alone, &["export"]))), sorted(&exports[0]));
}

#[tokio::test]
async fn a_file_that_records_a_shared_state_otherwise_exits_non_zero_naming_it_and_writes_nothing() {
    let scratch = Scratch::new();
    let db = scratch.demo_db("conflict.db");
    let entries = count(&db, "SELECT COUNT(*) FROM audit_log").await;
    let mut file: serde_json::Value = serde_json::from_str(secretariat_core::scenario::OSCE_2020).unwrap();
    let ru = file["states"].as_array_mut().unwrap().iter_mut().find(|s| s["code"] == "RU").unwrap();
    ru["name"]["en"] = "Russian Federation".into();
    let path = scratch.path("conflict.json");
    std::fs::write(&path, serde_json::to_string(&file).unwrap()).unwrap();
    let out = scratch.run(&db, &["import", path.to_str().unwrap()]);
    assert_failure(&out, "import of a conflicting file");
    let err = stderr(&out);
    assert!(
        err.contains(r#"state RU: name.en differs: "Russia" in the database, "Russian Federation" in the file"#),
        "{err}"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM organisation").await, 1, "the OSCE was not written");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM audit_log").await, entries, "not one audit entry");
}
