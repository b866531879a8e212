//! `secretariat`: serve the application, and keep its record from the command line.

mod demo;
mod progress;
mod settings;
mod telemetry;

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use secretariat_core::account::{AccountRole, Actor};
use secretariat_core::clock::SystemClock;
use secretariat_core::domain::{Key, StateCode};
use secretariat_core::rules::audit::Break;
use secretariat_core::scenario::Scenario;
use secretariat_core::service::Secretariat;
use secretariat_store::SqlStore;
use settings::{Overrides, Settings};

/// Secretariat runs the work of an intergovernmental council: members and chairs, meetings, programmes, agendas.
#[derive(Debug, Parser)]
#[command(name = "secretariat", version, about)]
struct Cli {
    /// The settings file (default: ./secretariat.toml, if present).
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    /// The database: a SQLite file path or a postgres:// URL [default: ./secretariat.db].
    #[arg(long, global = true, value_name = "PATH|URL", env = "SECRETARIAT_DATABASE")]
    database: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serves the web pages and the API.
    Serve {
        /// The address to listen on [default: 127.0.0.1:8080].
        #[arg(long, value_name = "HOST:PORT")]
        addr: Option<String>,
        /// Loads the CSTO 2018 demo and its accounts (once), and prints them.
        #[arg(long)]
        demo: bool,
    },
    /// Creates or updates the database's tables.
    Migrate,
    /// Loads the CSTO 2018 demo and its accounts without serving.
    Demo,
    /// Imports a scenario file (JSON; `-` reads standard input): all of it, or nothing.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Writes the whole record as a scenario file to standard output or a file.
    Export {
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Manages accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manages API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Checks the audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Adds an account; the password comes from SECRETARIAT_NEW_PASSWORD or the first line of standard input.
    Add {
        username: String,
        /// admin, secretariat, delegate or press.
        #[arg(long)]
        role: String,
        /// The state a delegate speaks for (ISO code).
        #[arg(long)]
        state: Option<String>,
        /// A delegate who heads the delegation sees restricted records.
        #[arg(long)]
        head: bool,
        /// The publisher a press account writes for (its key, e.g. mfa-russia-press).
        #[arg(long)]
        publisher: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Creates an API token for an account and prints it (once).
    Create {
        username: String,
        /// What the token is for.
        #[arg(long, default_value = "cli")]
        name: String,
        /// How many days the token lives (1 to 366).
        #[arg(long, default_value_t = secretariat_core::service::TOKEN_DAYS)]
        days: u32,
    },
    /// Lists API tokens (never the tokens themselves): id, account, name, expiry, revocation.
    List {
        /// Only this account's tokens.
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
    },
    /// Revokes an API token by its id; from then on it answers `invalid_token`.
    Revoke { id: i64 },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Verifies the hash chain of the audit log; names the first entry edited or removed.
    Verify,
}

/// Whether a command may create the database it is given, or reads one that must exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// `migrate`, `demo`, `serve`, `import`, `user add`: a SQLite file is created if missing, in a folder that exists.
    AnyDatabase,
    /// `export`, `token`, `audit`: the database must already exist; a typo must not read as an empty record.
    Existing,
}

/// Refuses a SQLite path that cannot be what the command wants, before anything is created.
fn check_database(address: &str, needs: Needs) -> Result<()> {
    if secretariat_store::Engine::of(address) != secretariat_store::Engine::Sqlite || address.starts_with("sqlite:") {
        return Ok(());
    }
    let path = std::path::Path::new(address);
    if path.is_dir() {
        bail!("{address} is a folder, not a database file");
    }
    if needs == Needs::Existing && !path.exists() {
        bail!(
            "there is no database at {address}: this command reads an existing database (check the path, or \
             create one with `secretariat migrate` or `secretariat import`)"
        );
    }
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    if !folder.is_dir() {
        bail!("cannot create the database {address}: the folder {} does not exist", folder.display());
    }
    Ok(())
}

async fn open(settings: &Settings) -> Result<Secretariat> {
    open_for(settings, Needs::AnyDatabase).await
}

async fn open_existing(settings: &Settings) -> Result<Secretariat> {
    open_for(settings, Needs::Existing).await
}

async fn open_for(settings: &Settings, needs: Needs) -> Result<Secretariat> {
    check_database(&settings.database, needs)?;
    let store = SqlStore::connect_with(&settings.database, settings.sqlite_synchronous)
        .await
        .with_context(|| format!("cannot open the database {}", settings.redacted().database))?;
    Ok(Secretariat::new(Arc::new(store), Arc::new(SystemClock)))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}

fn read_password() -> Result<String> {
    if let Ok(p) = std::env::var("SECRETARIAT_NEW_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

#[tokio::main]
async fn main() -> Result<()> {
    let cli = Cli::parse();
    let addr = match &cli.command {
        Command::Serve { addr, .. } => addr.clone(),
        _ => None,
    };
    let settings = Settings::load(cli.config.clone(), &Overrides { database: cli.database.clone(), addr })
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    telemetry::init(&settings.log);
    match cli.command {
        Command::Serve { demo, .. } => {
            let app = open(&settings).await?;
            let token = if demo { Some(demo::load(&app).await?) } else { None };
            let listener = tokio::net::TcpListener::bind(&settings.addr)
                .await
                .with_context(|| format!("cannot listen on {}", settings.addr))?;
            let local = listener.local_addr()?;
            println!("Secretariat is serving http://{local}/ (database: {})", settings.redacted().database);
            if let Some(token) = token {
                demo::print_accounts(&token);
            }
            let mut state = secretariat_web::Shared::new(app, settings.secure_cookies);
            state.trusted_proxies = settings.trusted_proxies().map_err(|e| anyhow::anyhow!(e))?;
            state.cache = std::sync::Arc::new(secretariat_web::cache::ViewCache::new(settings.cache.bytes()));
            if let Some(smtp) = settings.smtp().map_err(|e| anyhow::anyhow!(e))? {
                let mailer = secretariat_web::mail::Smtp::new(&smtp).map_err(|e| anyhow::anyhow!(e))?;
                let public_url = settings.public_url.trim_end_matches('/').to_owned();
                let every = std::time::Duration::from_secs(10);
                state.mail =
                    Some(secretariat_web::mail::Mail { mailer: std::sync::Arc::new(mailer), public_url, every });
            }
            secretariat_web::launch_with_tcp_listener(listener, state.into(), shutdown_signal()).await?;
        }
        Command::Migrate => {
            open(&settings).await?;
            println!("The database is up to date.");
        }
        Command::Demo => {
            let app = open(&settings).await?;
            let token = demo::load(&app).await?;
            demo::print_accounts(&token);
        }
        Command::Import { file } => {
            let bars = progress::Bars::on_stderr();
            bars.reading();
            let text = if file.as_os_str() == "-" {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                s
            } else {
                std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?
            };
            let scenario: Scenario = serde_json::from_str(&text).context("the file is not a scenario")?;
            // The text is not needed once parsed: a file of gigabytes is not held twice while it is written.
            drop(text);
            let app = open(&settings).await?;
            let report = app.import_telling(&Actor::system(), &scenario, &bars).await;
            bars.finish();
            let report = report?;
            let kept = match report.already_recorded {
                0 => String::new(),
                n => format!("; {n} already recorded, kept as they were"),
            };
            println!("Imported {} records and {} adopted agendas{kept}.", report.records, report.adopted_agendas);
        }
        Command::Export { output } => {
            let app = open_existing(&settings).await?;
            let text = serde_json::to_string_pretty(&app.export().await?)? + "\n";
            match output {
                Some(path) => {
                    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?
                }
                None => print!("{text}"),
            }
        }
        Command::User { command: UserCommand::Add { username, role, state, head, publisher } } => {
            let role = AccountRole::parse(&role)?;
            let state = state.as_deref().map(StateCode::parse).transpose()?;
            let publisher = publisher.as_deref().map(Key::parse).transpose()?;
            let password = read_password()?;
            let app = open(&settings).await?;
            // Checked before the account is made, so that a wrong publisher leaves no account behind.
            if let Some(key) = &publisher {
                app.check_publisher_of(role, key).await?;
            }
            let id = app.add_account(&Actor::system(), &username, &password, role, state, head).await?;
            if publisher.is_some() {
                app.set_publisher(&Actor::system(), &username, publisher).await?;
            }
            println!("Account {username} ({}) created with id {id}.", role.as_str());
        }
        Command::Token { command: TokenCommand::Create { username, name, days } } => {
            let app = open_existing(&settings).await?;
            println!("{}", app.issue_token(&Actor::system(), &username, &name, Some(days)).await?.1);
        }
        Command::Token { command: TokenCommand::List { user } } => {
            let app = open_existing(&settings).await?;
            println!("id\tuser\tname\texpires\trevoked");
            for t in app.tokens(&Actor::system(), user.as_deref()).await? {
                let revoked = t.revoked_at.as_deref().unwrap_or("-");
                println!("{}\t{}\t{}\t{}\t{revoked}", t.id, t.username, t.name, t.expires_at);
            }
        }
        Command::Token { command: TokenCommand::Revoke { id } } => {
            let app = open_existing(&settings).await?;
            let t = app.revoke_token(&Actor::system(), id).await?;
            println!("Token {} ({}, of {}) is revoked.", t.id, t.name, t.username);
        }
        Command::Audit { command: AuditCommand::Verify } => {
            let app = open_existing(&settings).await?;
            match app.verify_audit().await? {
                Ok(n) => println!("The audit log is intact: {n} entries."),
                Err(Break::Edited { seq }) => bail!("the audit log is broken: entry {seq} was edited"),
                Err(Break::Unlinked { seq }) => {
                    bail!("the audit log is broken: entries before entry {seq} were removed or changed")
                }
                Err(Break::Truncated { from, to }) if from == to => {
                    bail!("the audit log is broken: entry {from}, the last, was removed")
                }
                Err(Break::Truncated { from, to }) => {
                    bail!("the audit log is broken: entries {from} to {to}, the last, were removed")
                }
            }
        }
    }
    Ok(())
}
