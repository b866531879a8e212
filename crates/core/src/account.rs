//! Accounts: who signs in, what they may see and do; password and token hashing.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::{Email, Id, Key, Lang, NotificationKind, StateCode, Viewer, ZoneId};
use crate::error::{Error, Result};

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountRole {
    Admin,
    Secretariat,
    Delegate,
    Press,
}

impl AccountRole {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Secretariat => "secretariat",
            Self::Delegate => "delegate",
            Self::Press => "press",
        }
    }

    /// Parses a stored or typed name.
    pub fn parse(raw: &str) -> Result<Self> {
        crate::domain::variant_named(raw).ok_or_else(|| {
            Error::invalid("invalid_role", format!("`{raw}` is not admin, secretariat, delegate or press"))
        })
    }
}

/// A login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: Id,
    pub username: String,
    pub display_name: String,
    pub role: AccountRole,
    /// The state a delegate speaks for.
    pub state: Option<StateCode>,
    /// A head of delegation sees restricted records.
    pub head_of_delegation: bool,
    pub language: Option<Lang>,
    /// The zone every instant is shown to her in, beside the venue's.
    pub time_zone: Option<ZoneId>,
    /// Where notifications are mailed; none, none are mailed.
    pub email: Option<Email>,
    /// What she is told of.
    pub notifications: Vec<NotificationKind>,
    /// A disabled account cannot sign in, and its sessions and tokens answer as unknown.
    pub disabled: bool,
    pub password_hash: String,
    /// The publisher a press account writes for.
    pub publisher: Option<Key>,
    /// Changes are written only over the version they were made from.
    pub version: i64,
}

impl Account {
    /// What this account sees.
    pub fn viewer(&self) -> Viewer {
        match (self.role, &self.state) {
            (AccountRole::Admin | AccountRole::Secretariat, _) => Viewer::Secretariat,
            (AccountRole::Press, _) => Viewer::Press { publisher: self.publisher.clone() },
            (AccountRole::Delegate, Some(state)) => {
                Viewer::Delegate { state: state.clone(), head: self.head_of_delegation }
            }
            (AccountRole::Delegate, None) => Viewer::Public,
        }
    }

    /// Who this account is in the audit log.
    pub fn actor(&self) -> Actor {
        Actor {
            account: Some(self.id),
            name: self.username.clone(),
            role: Some(self.role),
            state: if self.role == AccountRole::Delegate { self.state.clone() } else { None },
            head_of_delegation: self.role == AccountRole::Delegate && self.head_of_delegation,
            publisher: if self.role == AccountRole::Press { self.publisher.clone() } else { None },
        }
    }
}

/// How the public reads the actor of a write: the role in words, never the user name. The system (imports,
/// deadlines) and administrators act for the Secretariat.
pub fn public_actor(account: Option<&Account>) -> String {
    match account.map(|a| (a.role, a.state.as_ref())) {
        Some((AccountRole::Delegate, Some(state))) => format!("the delegation of {}", state.as_str()),
        Some((AccountRole::Press, _)) => "the press service".to_owned(),
        Some((AccountRole::Delegate, None) | (AccountRole::Admin | AccountRole::Secretariat, _)) | None => {
            "the Secretariat".to_owned()
        }
    }
}

/// A new login, its password already hashed.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub role: AccountRole,
    pub state: Option<StateCode>,
    pub head_of_delegation: bool,
    pub email: Option<Email>,
    pub password_hash: String,
}

/// Who does a write: an account, or the system (import, background tasks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub account: Option<Id>,
    pub name: String,
    pub role: Option<AccountRole>,
    /// The state a delegate speaks for.
    pub state: Option<StateCode>,
    /// A head of delegation sees restricted records.
    pub head_of_delegation: bool,
    /// The publisher a press officer writes for.
    pub publisher: Option<Key>,
}

impl Actor {
    /// The system itself: command-line imports and background tasks.
    pub fn system() -> Self {
        Self {
            account: None,
            name: "system".into(),
            role: None,
            state: None,
            head_of_delegation: false,
            publisher: None,
        }
    }

    /// What the actor may see: every use case reads what it acts on through this viewer, so that a record the
    /// actor may not see answers exactly like one that does not exist.
    pub fn viewer(&self) -> Viewer {
        match (self.role, &self.state) {
            (None | Some(AccountRole::Admin | AccountRole::Secretariat), _) => Viewer::Secretariat,
            (Some(AccountRole::Press), _) => Viewer::Press { publisher: self.publisher.clone() },
            (Some(AccountRole::Delegate), Some(state)) => {
                Viewer::Delegate { state: state.clone(), head: self.head_of_delegation }
            }
            (Some(AccountRole::Delegate), None) => Viewer::Public,
        }
    }

    /// Whether the actor may change the standing record: the Secretariat, an administrator or the system.
    pub fn keeps_the_record(&self) -> bool {
        matches!(self.role, None | Some(AccountRole::Admin | AccountRole::Secretariat))
    }
}

/// A signed-in browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub token_hash: String,
    pub account: Id,
    pub csrf: String,
    /// Microseconds, UTC.
    pub expires_us: i64,
}

/// An API token as listed: never the token itself, which is shown once when made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ApiToken {
    pub id: Id,
    /// The account the token signs in as.
    pub username: String,
    /// What the token is for.
    pub name: String,
    /// The account's id.
    #[serde(skip)]
    pub account: Id,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339; the token answers `invalid_token` from then on.
    pub expires_at: String,
    /// RFC 3339, when the token was revoked.
    pub revoked_at: Option<String>,
}

/// A fresh random token, as hex (256 bits).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The stored form of a token: its SHA-256, so that a stolen database holds no usable token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Hashes a password with Argon2id.
pub fn hash_password(password: &str) -> Result<String> {
    if password.chars().count() < 8 {
        return Err(Error::invalid("weak_password", "a password needs at least 8 characters"));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Storage(format!("password hashing failed: {e}")))
}

/// Whether `password` matches the stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong horse", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn a_short_password_is_refused() {
        assert_eq!(hash_password("short").unwrap_err().code(), "weak_password");
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let a = new_token();
        assert_ne!(a, new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }

    #[test]
    fn only_the_secretariat_administrators_and_the_system_keep_the_record() {
        assert!(Actor::system().keeps_the_record());
        let press = Actor {
            account: Some(1),
            name: "p".into(),
            role: Some(AccountRole::Press),
            state: None,
            head_of_delegation: false,
            publisher: None,
        };
        assert!(!press.keeps_the_record());
        assert_eq!(press.viewer(), Viewer::Press { publisher: None });
        assert_eq!(Actor::system().viewer(), Viewer::Secretariat);
    }

    #[test]
    fn an_accounts_actor_sees_what_the_account_sees() {
        let kz = StateCode::parse("KZ").unwrap();
        for (role, state, head) in [
            (AccountRole::Admin, None, false),
            (AccountRole::Secretariat, None, false),
            (AccountRole::Press, None, false),
            (AccountRole::Delegate, Some(kz.clone()), false),
            (AccountRole::Delegate, Some(kz.clone()), true),
        ] {
            let account = Account {
                id: 1,
                username: "u".into(),
                display_name: "u".into(),
                role,
                state,
                head_of_delegation: head,
                language: None,
                time_zone: None,
                email: None,
                notifications: Vec::new(),
                disabled: false,
                password_hash: String::new(),
                publisher: Some(Key::parse("mfa-russia-press").unwrap()),
                version: 1,
            };
            assert_eq!(account.actor().viewer(), account.viewer(), "{role:?} head={head}");
        }
    }
}
