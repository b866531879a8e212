//! API tokens: made for oneself (or by an administrator for anyone), listed, revoked, and expiring.

use jiff::{SignedDuration, Timestamp};

use super::Secretariat;
use crate::account::*;
use crate::domain::Id;
use crate::error::{Error, Result};

/// How long a token lives when its maker names no other term.
pub const TOKEN_DAYS: u32 = 90;

/// The longest term a token may be given: a token that never expires is a key that is never changed.
pub const MAX_TOKEN_DAYS: u32 = 366;

/// Whether the actor may manage every account's tokens: an administrator, or the command line as the system.
fn manages_all(actor: &Actor) -> bool {
    matches!(actor.role, None | Some(AccountRole::Admin))
}

impl Secretariat {
    /// Creates an API token for an account, valid for `days` (default [`TOKEN_DAYS`]); the token is shown once and
    /// stored hashed.
    pub async fn issue_token(
        &self,
        actor: &Actor,
        username: &str,
        name: &str,
        days: Option<u32>,
    ) -> Result<(ApiToken, String)> {
        let days = days.unwrap_or(TOKEN_DAYS);
        if !(1..=MAX_TOKEN_DAYS).contains(&days) {
            return Err(Error::invalid("invalid_token_term", format!("a token lives 1 to {MAX_TOKEN_DAYS} days")));
        }
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(Error::invalid("invalid_token_name", "a token's name has 1 to 100 characters"));
        }
        let account = self.store.account_by_name(username).await?.ok_or(Error::NotFound { what: "account" })?;
        if actor.account != Some(account.id) && !manages_all(actor) {
            // Another account's name is not confirmed to someone who may not act for it.
            return Err(Error::NotFound { what: "account" });
        }
        let now = self.clock.now();
        let expires = now.checked_add(SignedDuration::from_hours(24 * i64::from(days))).unwrap_or(Timestamp::MAX);
        let token = new_token();
        let mut tx = self.store.begin(actor, now).await?;
        let id = tx.insert_token(account.id, name, &token_hash(&token), expires.as_microsecond()).await?;
        tx.commit().await?;
        let made = ApiToken {
            id,
            username: account.username,
            name: name.to_owned(),
            account: account.id,
            created_at: now.to_string(),
            expires_at: expires.to_string(),
            revoked_at: None,
        };
        Ok((made, token))
    }

    /// Creates an API token for an account with the default term, and returns it (shown once).
    pub async fn create_token(&self, actor: &Actor, username: &str, name: &str) -> Result<String> {
        Ok(self.issue_token(actor, username, name, None).await?.1)
    }

    /// The account behind an API token that has neither expired nor been revoked.
    pub async fn token_account(&self, token: &str) -> Result<Option<Account>> {
        let (hash, now, head) = (token_hash(token), self.clock.now(), self.record_head().await?);
        if let Some((account, _)) = self.credentials.get(&hash, &head, now) {
            return Ok(Some(account));
        }
        let account = self.store.account_by_token(&hash, now).await?;
        if let Some(account) = &account {
            self.credentials.keep(hash, account, None, head, now);
        }
        Ok(account)
    }

    /// Tokens the actor may see: its own, or, for an administrator, everyone's (or one account's, by name).
    pub async fn tokens(&self, actor: &Actor, username: Option<&str>) -> Result<Vec<ApiToken>> {
        let all = self.store.tokens(None).await?;
        Ok(all
            .into_iter()
            .filter(|t| manages_all(actor) || actor.account == Some(t.account))
            .filter(|t| username.is_none_or(|u| t.username == u))
            .collect())
    }

    /// Revokes a token: one's own, or any for an administrator. Another account's token is, for anyone else, not
    /// found, so that its existence is not confirmed.
    pub async fn revoke_token(&self, actor: &Actor, id: Id) -> Result<ApiToken> {
        let token = self.store.tokens(None).await?.into_iter().find(|t| t.id == id);
        let token = token
            .filter(|t| manages_all(actor) || actor.account == Some(t.account))
            .ok_or(Error::NotFound { what: "token" })?;
        let now = self.clock.now();
        let mut tx = self.store.begin(actor, now).await?;
        tx.revoke_token(id).await?;
        tx.commit().await?;
        let revoked_at = token.revoked_at.clone().or_else(|| Some(now.to_string()));
        Ok(ApiToken { revoked_at, ..token })
    }
}
