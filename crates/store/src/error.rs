//! Turning database errors into the core's errors: duplicates and references become conflicts, the rest storage.

use secretariat_core::Error;
use sqlx::error::ErrorKind;

/// Maps a sqlx error: a unique violation is a 409 `duplicate`, a foreign-key violation a 409 `in_use`.
pub fn db(e: sqlx::Error) -> Error {
    if let sqlx::Error::Database(d) = &e {
        match d.kind() {
            ErrorKind::UniqueViolation => {
                return Error::conflict("duplicate", "a record with the same code or key already exists")
            }
            ErrorKind::ForeignKeyViolation => {
                return Error::conflict("in_use", "other records still refer to this one")
            }
            _ => {}
        }
    }
    Error::Storage(e.to_string())
}
