//! Accounts, sign-in, browser sessions and API tokens.

use jiff::{Span, Timestamp};

use super::Secretariat;
use crate::account::*;
use crate::domain::StateCode;
use crate::error::{Error, Result};

/// How long a browser session lives.
pub const SESSION_HOURS: i64 = 12;

impl Secretariat {
    /// Creates an account (administrators, and the command line as the system).
    pub async fn add_account(
        &self,
        actor: &Actor,
        username: &str,
        password: &str,
        role: AccountRole,
        state: Option<StateCode>,
        head_of_delegation: bool,
    ) -> Result<i64> {
        if !matches!(actor.role, None | Some(AccountRole::Admin)) {
            return Err(Error::forbidden("only an administrator creates accounts"));
        }
        let ok_name = (3..=64).contains(&username.len())
            && username.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-@".contains(&b));
        if !ok_name {
            return Err(Error::invalid(
                "invalid_username",
                "a user name has 3 to 64 letters, digits, `.`, `_`, `-` or `@`",
            ));
        }
        if (role == AccountRole::Delegate) != state.is_some() {
            return Err(Error::invalid("invalid_account", "a delegate, and only a delegate, speaks for a state"));
        }
        let account = NewAccount {
            username: username.to_owned(),
            display_name: username.to_owned(),
            role,
            state,
            head_of_delegation,
            password_hash: hash_password_off_workers(password).await?,
        };
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        let id = tx.insert_account(&account).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Checks a user name and password; on success opens a session and returns its token (shown once).
    pub async fn sign_in(&self, username: &str, password: &str) -> Result<(String, Session, Account)> {
        let account = self.store.account_by_name(username).await?;
        // Verify against a fixed hash when the account is unknown, so that timing does not tell which names exist.
        let hash = account.as_ref().map_or(DUMMY_HASH, |a| a.password_hash.as_str()).to_owned();
        let password = password.to_owned();
        let ok = super::offload::heavy(move || verify_password(&password, &hash)).await?;
        let account = account.filter(|_| ok).ok_or(Error::Unauthenticated)?;
        let token = new_token();
        let expires = self.clock.now().checked_add(Span::new().hours(SESSION_HOURS)).unwrap_or(Timestamp::MAX);
        let session = Session {
            token_hash: token_hash(&token),
            account: account.id,
            csrf: new_token(),
            expires_us: expires.as_microsecond(),
        };
        self.store.create_session(&session, self.clock.now()).await?;
        Ok((token, session, account))
    }

    /// The account and session behind a session token, if it is live.
    pub async fn session(&self, token: &str) -> Result<Option<(Account, Session)>> {
        self.store.session(&token_hash(token), self.clock.now()).await
    }

    /// Ends a session.
    pub async fn sign_out(&self, token: &str) -> Result<()> {
        self.store.delete_session(&token_hash(token)).await
    }

    /// Creates an API token for an account; the token is shown once and stored hashed.
    pub async fn create_token(&self, actor: &Actor, username: &str, name: &str) -> Result<String> {
        let account = self.store.account_by_name(username).await?.ok_or(Error::NotFound { what: "account" })?;
        if actor.account.is_some() && actor.account != Some(account.id) && actor.role != Some(AccountRole::Admin) {
            return Err(Error::forbidden("only an administrator creates tokens for others"));
        }
        let token = new_token();
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        tx.insert_token(account.id, name, &token_hash(&token)).await?;
        tx.commit().await?;
        Ok(token)
    }

    /// The account behind an API token.
    pub async fn token_account(&self, token: &str) -> Result<Option<Account>> {
        self.store.account_by_token(&token_hash(token)).await
    }
}

/// Hashes a password on the blocking threads: Argon2 is meant to be slow.
async fn hash_password_off_workers(password: &str) -> Result<String> {
    let password = password.to_owned();
    super::offload::heavy(move || hash_password(&password)).await?
}

/// An Argon2id hash of a random password, checked when the user name is unknown.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1qCzeBdRtOIeEjMBPsbBhfGaszMk0xrBGVQVaZvHNHM";
