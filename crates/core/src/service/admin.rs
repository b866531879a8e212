//! Administration of accounts: listed, changed, disabled, their passwords reset. Only administrators (and the
//! command line as the system) may; to anyone else the accounts are not there (404), as DESIGN §5 asks of what
//! a viewer may not see.

use super::Secretariat;
use crate::account::*;
use crate::domain::StateCode;
use crate::error::{Error, Result};

/// What an administrator changes of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountChange {
    pub role: AccountRole,
    pub state: Option<StateCode>,
    pub head_of_delegation: bool,
    pub disabled: bool,
    /// The version of the account the change was made from; `None`: whatever it is now.
    pub version: Option<i64>,
}

/// Whether the actor administers accounts.
pub fn administers(actor: &Actor) -> bool {
    matches!(actor.role, None | Some(AccountRole::Admin))
}

fn administrator(actor: &Actor) -> Result<()> {
    if administers(actor) {
        Ok(())
    } else {
        Err(Error::NotFound { what: "page" })
    }
}

/// A delegate, and only a delegate, speaks for a state; only a delegate heads a delegation.
pub(super) fn check_role(role: AccountRole, state: Option<&StateCode>, head: bool) -> Result<()> {
    if (role == AccountRole::Delegate) != state.is_some() {
        return Err(Error::invalid("invalid_account", "a delegate, and only a delegate, speaks for a state"));
    }
    if head && role != AccountRole::Delegate {
        return Err(Error::invalid("invalid_account", "only a delegate heads a delegation"));
    }
    Ok(())
}

impl Secretariat {
    /// Every account, by user name, for an administrator.
    pub async fn accounts(&self, actor: &Actor) -> Result<Vec<Account>> {
        administrator(actor)?;
        self.store.accounts().await
    }

    /// Changes an account's role, state, head of delegation and whether it is disabled. A disabled account
    /// cannot sign in, and its sessions and tokens stop working at once. An administrator cannot disable, or
    /// take the administrator's role from, her own account (someone must be left to undo it).
    pub async fn change_account(&self, actor: &Actor, username: &str, change: AccountChange) -> Result<Account> {
        administrator(actor)?;
        check_role(change.role, change.state.as_ref(), change.head_of_delegation)?;
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        let current = tx.account_named(username).await?.ok_or(Error::NotFound { what: "account" })?;
        if Some(current.id) == actor.account && (change.disabled || change.role != AccountRole::Admin) {
            return Err(Error::conflict("own_account", "an administrator cannot disable or demote her own account"));
        }
        let version = change.version.unwrap_or(current.version);
        let changed = Account {
            role: change.role,
            state: change.state,
            head_of_delegation: change.head_of_delegation,
            disabled: change.disabled,
            ..current
        };
        let version = tx.update_account(&changed, version).await?;
        tx.commit().await?;
        Ok(Account { version, ..changed })
    }

    /// Sets a new password on an account and ends all its sessions.
    pub async fn reset_password(&self, actor: &Actor, username: &str, password: &str) -> Result<()> {
        administrator(actor)?;
        let password = password.to_owned();
        let hash = super::offload::heavy(move || hash_password(&password)).await??;
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        let account = tx.account_named(username).await?.ok_or(Error::NotFound { what: "account" })?;
        tx.set_password(account.id, &hash, None).await?;
        tx.commit().await
    }
}
