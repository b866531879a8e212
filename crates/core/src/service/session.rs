//! Accounts, sign-in, browser sessions and API tokens.

use jiff::{Span, Timestamp};

use super::Secretariat;
use crate::account::*;
use crate::domain::StateCode;
use crate::error::{Error, Result};
use crate::rules::throttle::{Attempt, Policy, PER_ACCOUNT_AND_ADDRESS, PER_ADDRESS};

/// How often one attempt re-reads a throttle counter that others keep changing before it gives up.
const SWAP_ROUNDS: usize = 64;

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
        super::admin::check_role(role, state.as_ref(), head_of_delegation)?;
        let account = NewAccount {
            username: username.to_owned(),
            display_name: username.to_owned(),
            role,
            state,
            head_of_delegation,
            email: None,
            password_hash: hash_password_off_workers(password).await?,
        };
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        let id = tx.insert_account(&account).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Checks a user name and password from a client address; on success opens a session and returns its token
    /// (shown once). Failures slow down further attempts from that address (`Throttled`), never lock anyone out.
    pub async fn sign_in(&self, username: &str, password: &str, client: &str) -> Result<(String, Session, Account)> {
        let by_address = format!("address:{client}");
        let by_account = format!("account:{client}:{username}");
        // The account's counter first: attempts it turns away do not count against the whole address.
        self.count_attempt(&by_account, &PER_ACCOUNT_AND_ADDRESS).await?;
        if let Err(throttled) = self.count_attempt(&by_address, &PER_ADDRESS).await {
            self.refund_attempt(&by_account, &PER_ACCOUNT_AND_ADDRESS).await?;
            return Err(throttled);
        }
        let opened = self.check_password(username, password).await;
        if opened.is_ok() {
            self.store.delete_throttle_counter(&by_account).await?;
            self.refund_attempt(&by_address, &PER_ADDRESS).await?;
        }
        opened
    }

    /// Counts an attempt against one throttle counter, or refuses it while the counter says wait.
    async fn count_attempt(&self, key: &str, policy: &Policy) -> Result<()> {
        // A lost compare-and-set means another attempt counted first: read again. Each round some attempt wins.
        for _ in 0..SWAP_ROUNDS {
            let now_us = self.clock.now().as_microsecond();
            let current = self.store.throttle_counter(key).await?;
            match policy.attempt(current, now_us) {
                Attempt::Throttled { retry_after_s } => return Err(Error::Throttled { retry_after_s }),
                Attempt::Allowed(next) => {
                    let forget = now_us.saturating_sub(policy.forget_after_us);
                    if self.store.swap_throttle_counter(key, current.as_ref(), &next, forget).await? {
                        return Ok(());
                    }
                }
            }
        }
        Err(Error::Throttled { retry_after_s: 1 })
    }

    /// Gives back the failure a successful attempt was counted as.
    async fn refund_attempt(&self, key: &str, policy: &Policy) -> Result<()> {
        for _ in 0..SWAP_ROUNDS {
            let Some(current) = self.store.throttle_counter(key).await? else { return Ok(()) };
            if self.store.swap_throttle_counter(key, Some(&current), &policy.refund(current), 0).await? {
                return Ok(());
            }
        }
        Ok(())
    }

    async fn check_password(&self, username: &str, password: &str) -> Result<(String, Session, Account)> {
        let account = self.store.account_by_name(username).await?;
        // Verify against a fixed hash when the account is unknown, so that timing does not tell which names exist.
        let hash = account.as_ref().map_or(DUMMY_HASH, |a| a.password_hash.as_str()).to_owned();
        let password = password.to_owned();
        let ok = super::offload::heavy(move || verify_password(&password, &hash)).await?;
        // A disabled account is refused exactly like a wrong password.
        let account = account.filter(|a| ok && !a.disabled).ok_or(Error::Unauthenticated)?;
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
        let (hash, now, head) = (token_hash(token), self.clock.now(), self.record_head().await?);
        if let Some((account, Some(session))) = self.credentials.get(&hash, &head, now) {
            return Ok(Some((account, session)));
        }
        let found = self.store.session(&hash, now).await?;
        if let Some((account, session)) = &found {
            self.credentials.keep(hash, account, Some(session), head, now);
        }
        Ok(found)
    }

    /// Ends a session.
    pub async fn sign_out(&self, token: &str) -> Result<()> {
        let hash = token_hash(token);
        self.credentials.forget(&hash);
        self.store.delete_session(&hash).await
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
