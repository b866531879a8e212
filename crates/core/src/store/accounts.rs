//! What the use cases need of storage for accounts and their notifications, beyond signing in.

use async_trait::async_trait;

use crate::account::Account;
use crate::domain::{Id, NewNotification, Notification, Outgoing, Viewer};
use crate::error::Result;

/// Reads of accounts and notifications, and the mail outbox's bookkeeping (no audit entry: sending a mail
/// changes nothing of the record).
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Every account, by user name.
    async fn accounts(&self) -> Result<Vec<Account>>;

    /// An account's latest notifications, newest first, of documents `viewer` (hers) sees.
    async fn notifications(&self, account: Id, viewer: &Viewer, limit: u32) -> Result<Vec<Notification>>;

    /// Claims up to `limit` notifications due to be mailed at `now_us` for this instance until `lease_until_us`:
    /// one claimed here is claimed by no other instance until then.
    async fn claim_mail(&self, now_us: i64, lease_until_us: i64, limit: u32) -> Result<Vec<Outgoing>>;

    /// Marks a claimed notification mailed.
    async fn mail_sent(&self, notification: Id, at_us: i64) -> Result<()>;

    /// Records a failed try: tried again from `next_attempt_us`, or, with `None`, given up.
    async fn mail_failed(&self, notification: Id, next_attempt_us: Option<i64>) -> Result<()>;

    /// When the account's calendar link was made (microseconds, UTC), if she has one.
    async fn calendar_link(&self, account: Id) -> Result<Option<i64>>;

    /// The account whose calendar link has this token hash, unless it is disabled.
    async fn account_by_calendar_link(&self, token_hash: &str) -> Result<Option<Account>>;
}

/// The writes of accounts and notifications, inside an audited transaction.
#[async_trait]
pub trait AccountTx: Send {
    /// An account by user name.
    async fn account_named(&mut self, username: &str) -> Result<Option<Account>>;

    /// Every account (those a notification may go to).
    async fn all_accounts(&mut self) -> Result<Vec<Account>>;

    /// Writes an account's settings, role, state, head of delegation and whether it is disabled, if it is still
    /// at `version`; the new version. Disabling it ends its sessions.
    async fn update_account(&mut self, account: &Account, version: i64) -> Result<i64>;

    /// Replaces an account's password hash (the audit entry says it changed, never the hash) and ends its
    /// sessions but `keep_session` (the token hash of the session that changed it).
    async fn set_password(&mut self, account: Id, password_hash: &str, keep_session: Option<&str>) -> Result<()>;

    /// Writes a notification unless the account was already told of that event; whether it was written.
    async fn insert_notification(&mut self, notification: &NewNotification) -> Result<bool>;

    /// Sets the hash of the account's calendar link, replacing the one she had, or with `None` removes it; an
    /// audit entry says it was created, replaced or removed (never the hash). Removing none changes nothing.
    async fn set_calendar_link(&mut self, account: Id, token_hash: Option<&str>) -> Result<()>;
}
