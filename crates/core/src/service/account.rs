//! What an account sets for herself: language, time zone, where and of what she is told, her password.

use super::Secretariat;
use crate::account::*;
use crate::domain::{Email, Lang, NotificationKind, ZoneId};
use crate::error::{Error, Result};

/// An account's own settings, as she sends them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSettings {
    pub language: Option<Lang>,
    pub time_zone: Option<ZoneId>,
    pub email: Option<Email>,
    pub notifications: Vec<NotificationKind>,
    /// The version of the account the settings were made from; `None`: whatever it is now.
    pub version: Option<i64>,
}

impl Secretariat {
    /// The account of the actor, as stored now.
    pub async fn own_account(&self, actor: &Actor) -> Result<Account> {
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        let name = &actor.name;
        let account = tx.account_named(name).await?.filter(|a| Some(a.id) == actor.account);
        account.ok_or(Error::Unauthenticated)
    }

    /// Saves the actor's own settings; a change made meanwhile elsewhere is a 409 (`stale_version`).
    pub async fn update_settings(&self, actor: &Actor, settings: AccountSettings) -> Result<Account> {
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        let current = tx.account_named(&actor.name).await?.filter(|a| Some(a.id) == actor.account);
        let current = current.ok_or(Error::Unauthenticated)?;
        let mut notifications = settings.notifications;
        notifications.sort();
        notifications.dedup();
        let version = settings.version.unwrap_or(current.version);
        let changed = Account {
            language: settings.language,
            time_zone: settings.time_zone,
            email: settings.email,
            notifications,
            ..current
        };
        let version = tx.update_account(&changed, version).await?;
        tx.commit().await?;
        Ok(Account { version, ..changed })
    }

    /// Changes the actor's own password: the current one must be given. Her other sessions end; the one she
    /// changed it from (`keep_session`, its token hash) stays open.
    pub async fn change_password(
        &self,
        actor: &Actor,
        current: &str,
        new: &str,
        keep_session: Option<&str>,
    ) -> Result<()> {
        let account = self.own_account(actor).await?;
        let (hash, given) = (account.password_hash.clone(), current.to_owned());
        if !super::offload::heavy(move || verify_password(&given, &hash)).await? {
            return Err(Error::invalid("wrong_password", "the current password is not this account's"));
        }
        let new = new.to_owned();
        let hash = super::offload::heavy(move || hash_password(&new)).await??;
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        tx.set_password(account.id, &hash, keep_session).await?;
        tx.commit().await
    }
}
