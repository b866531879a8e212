//! The demo: the CSTO 2018 scenario and one account per role, with passwords printed at start.

use anyhow::Result;
use secretariat_core::account::{AccountRole, Actor};
use secretariat_core::domain::{Key, Kind, StateCode, Viewer};
use secretariat_core::service::Secretariat;

/// A demo account: user name, password, role, state, head of delegation.
pub const ACCOUNTS: &[(&str, &str, AccountRole, Option<&str>, bool)] = &[
    ("admin", "admin-demo-2018", AccountRole::Admin, None, false),
    ("officer", "officer-demo-2018", AccountRole::Secretariat, None, false),
    ("delegate-ru", "delegate-ru-demo-2018", AccountRole::Delegate, Some("RU"), true),
    ("delegate-kz", "delegate-kz-demo-2018", AccountRole::Delegate, Some("KZ"), false),
    ("press", "press-demo-2018", AccountRole::Press, None, false),
];

/// The publisher the demo's press account writes for: the Russian MFA's Information and Press Department.
pub const PRESS_PUBLISHER: &str = "mfa-russia-press";

/// Loads the demo scenario unless the CSTO is already recorded, and creates the demo accounts that are missing.
/// Returns a fresh API token of the demo Secretariat officer.
pub async fn load(app: &Secretariat) -> Result<String> {
    let system = Actor::system();
    if app.find(&Viewer::Secretariat, Kind::Organisation, "CSTO").await.is_err() {
        let report = app.import_demo().await?;
        tracing::info!(records = report.records, "demo scenario loaded");
    }
    for (name, password, role, state, head) in ACCOUNTS {
        if !app.account_exists(name).await? {
            let state = state.map(StateCode::parse).transpose()?;
            app.add_account(&system, name, password, *role, state, *head).await?;
            if *role == AccountRole::Press {
                app.set_publisher(&system, name, Some(Key::parse(PRESS_PUBLISHER)?)).await?;
            }
        }
    }
    Ok(app.create_token(&system, "officer", "demo").await?)
}

/// What `serve --demo` prints.
pub fn print_accounts(token: &str) {
    println!("Demo accounts (user name / password):");
    for (name, password, role, state, head) in ACCOUNTS {
        let mut what = role.as_str().to_owned();
        if let Some(state) = state {
            what.push_str(&format!(" of {state}"));
        }
        if *head {
            what.push_str(", head of delegation");
        }
        println!("  {name:<12} {password:<24} {what}");
    }
    println!("API token of the officer: {token}");
    println!("  e.g. curl -H 'Authorization: Bearer {token}' http://…/api/v1/meetings?from=2018-01-01&to=2018-12-31");
}
