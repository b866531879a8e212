//! The one error type of the core: every failure of a rule or a use case, with a stable code.

use thiserror::Error;

/// What went wrong, in the domain's words. `code()` is stable: the API and the UI translate it.
#[derive(Debug, Error)]
pub enum Error {
    /// Input that cannot be parsed into a domain value (bad date, unknown language, malformed code).
    #[error("{message}")]
    Invalid { code: &'static str, message: String },
    /// The thing asked for does not exist, or the viewer may not know that it exists.
    #[error("{what} not found")]
    NotFound { what: &'static str },
    /// The request conflicts with the current record (stale version, duplicate key, wrong state).
    #[error("{message}")]
    Conflict { code: &'static str, message: String, current_version: Option<i64> },
    /// No account, or the credentials are wrong.
    #[error("sign-in required")]
    Unauthenticated,
    /// The account may not do this.
    #[error("{message}")]
    Forbidden { message: String },
    /// Too many failed sign-ins from this client address: the next attempt must wait.
    #[error("too many failed sign-ins; try again in {retry_after_s} s")]
    Throttled { retry_after_s: u64 },
    /// The store failed (connection lost, disk full). Logged where handled; never shown as such.
    #[error("storage failure: {0}")]
    Storage(String),
}

impl Error {
    /// Input that does not parse.
    pub fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid { code, message: message.into() }
    }

    /// A write that conflicts with the record as it is.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::Conflict { code, message: message.into(), current_version: None }
    }

    /// A write based on an old version of the record.
    pub fn stale(current_version: i64) -> Self {
        Self::Conflict {
            code: "stale_version",
            message: format!("the record has changed; its current version is {current_version}"),
            current_version: Some(current_version),
        }
    }

    /// The account may not do this.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden { message: message.into() }
    }

    /// The stable snake_case code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid { code, .. } | Self::Conflict { code, .. } => code,
            Self::NotFound { .. } => "not_found",
            Self::Unauthenticated => "unauthenticated",
            Self::Forbidden { .. } => "forbidden",
            Self::Throttled { .. } => "sign_in_throttled",
            Self::Storage(_) => "internal",
        }
    }
}

/// Results of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;
