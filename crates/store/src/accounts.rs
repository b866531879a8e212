//! Accounts, browser sessions and API tokens.

use jiff::Timestamp;
use secretariat_core::account::{Account, AccountRole, Session};
use secretariat_core::domain::{Lang, StateCode};
use secretariat_core::{Error, Result};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use crate::error::db;

const COLUMNS: &str =
    "a.id, a.username, a.display_name, a.role, a.state_code, a.head_of_delegation, a.language, a.password_hash";

fn decode(r: &AnyRow) -> Result<Account> {
    let bad = |e: Error| Error::Storage(format!("stored account: {e}"));
    Ok(Account {
        id: r.try_get(0).map_err(db)?,
        username: r.try_get(1).map_err(db)?,
        display_name: r.try_get(2).map_err(db)?,
        role: AccountRole::parse(&r.try_get::<String, _>(3).map_err(db)?).map_err(bad)?,
        state: r.try_get::<Option<String>, _>(4).map_err(db)?.map(|s| StateCode::parse(&s)).transpose().map_err(bad)?,
        head_of_delegation: r.try_get::<i64, _>(5).map_err(db)? != 0,
        language: r.try_get::<Option<String>, _>(6).map_err(db)?.map(|s| Lang::parse(&s)).transpose().map_err(bad)?,
        password_hash: r.try_get(7).map_err(db)?,
    })
}

pub(crate) async fn by_name(pool: &AnyPool, username: &str) -> Result<Option<Account>> {
    let sql = format!("SELECT {COLUMNS} FROM account a WHERE a.username = $1");
    let row = sqlx::query(&sql).bind(username.to_owned()).fetch_optional(pool).await.map_err(db)?;
    row.as_ref().map(decode).transpose()
}

pub(crate) async fn by_token(pool: &AnyPool, token_hash: &str) -> Result<Option<Account>> {
    let sql =
        format!("SELECT {COLUMNS} FROM account a JOIN api_token t ON t.account_id = a.id WHERE t.token_hash = $1");
    let row = sqlx::query(&sql).bind(token_hash.to_owned()).fetch_optional(pool).await.map_err(db)?;
    row.as_ref().map(decode).transpose()
}

pub(crate) async fn session(pool: &AnyPool, token_hash: &str, now: Timestamp) -> Result<Option<(Account, Session)>> {
    let sql = format!(
        "SELECT {COLUMNS}, s.csrf, s.expires_at_us FROM account a JOIN session s ON s.account_id = a.id \
         WHERE s.token_hash = $1 AND s.expires_at_us > $2"
    );
    let row = sqlx::query(&sql)
        .bind(token_hash.to_owned())
        .bind(now.as_microsecond())
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    let Some(row) = row else { return Ok(None) };
    let account = decode(&row)?;
    let session = Session {
        token_hash: token_hash.to_owned(),
        account: account.id,
        csrf: row.try_get(8).map_err(db)?,
        expires_us: row.try_get(9).map_err(db)?,
    };
    Ok(Some((account, session)))
}

pub(crate) async fn create_session(pool: &AnyPool, s: &Session, now: Timestamp) -> Result<()> {
    let mut tx = pool.begin().await.map_err(db)?;
    // Expired sessions go when new ones come, so the table stays small without a sweeper.
    sqlx::query("DELETE FROM session WHERE expires_at_us < $1")
        .bind(now.as_microsecond())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    sqlx::query("INSERT INTO session (token_hash, account_id, csrf, expires_at_us) VALUES ($1, $2, $3, $4)")
        .bind(s.token_hash.clone())
        .bind(s.account)
        .bind(s.csrf.clone())
        .bind(s.expires_us)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    tx.commit().await.map_err(db)
}

pub(crate) async fn delete_session(pool: &AnyPool, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM session WHERE token_hash = $1")
        .bind(token_hash.to_owned())
        .execute(pool)
        .await
        .map_err(db)?;
    Ok(())
}
