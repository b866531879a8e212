//! Accounts, browser sessions and API tokens.

use jiff::Timestamp;
use secretariat_core::account::{Account, AccountRole, ApiToken, Session};
use secretariat_core::domain::{Email, Key, Lang, NotificationKind, StateCode, ZoneId};
use secretariat_core::rules::throttle::Counter;
use secretariat_core::{Error, Result};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use crate::counted::{Db, Statements};
use crate::error::db;

pub(crate) const COLUMNS: &str = "a.id, a.username, a.display_name, a.role, a.state_code, a.head_of_delegation, \
     a.language, a.password_hash, a.publisher, a.time_zone, a.email, a.notifications, a.disabled_at_us, a.version";

/// The number of columns in [`COLUMNS`]: a query's own columns follow.
pub(crate) const AFTER_COLUMNS: usize = 14;

pub(crate) fn decode(r: &AnyRow) -> Result<Account> {
    let bad = |e: Error| Error::Storage(format!("stored account: {e}"));
    let kinds: Vec<String> = serde_json::from_str(&r.try_get::<String, _>(11).map_err(db)?)
        .map_err(|e| Error::Storage(format!("stored notification kinds: {e}")))?;
    Ok(Account {
        id: r.try_get(0).map_err(db)?,
        username: r.try_get(1).map_err(db)?,
        display_name: r.try_get(2).map_err(db)?,
        role: AccountRole::parse(&r.try_get::<String, _>(3).map_err(db)?).map_err(bad)?,
        state: r.try_get::<Option<String>, _>(4).map_err(db)?.map(|s| StateCode::parse(&s)).transpose().map_err(bad)?,
        head_of_delegation: r.try_get::<i64, _>(5).map_err(db)? != 0,
        language: r.try_get::<Option<String>, _>(6).map_err(db)?.map(|s| Lang::parse(&s)).transpose().map_err(bad)?,
        password_hash: r.try_get(7).map_err(db)?,
        publisher: r.try_get::<Option<String>, _>(8).map_err(db)?.map(|s| Key::parse(&s)).transpose().map_err(bad)?,
        time_zone: r
            .try_get::<Option<String>, _>(9)
            .map_err(db)?
            .map(|s| ZoneId::parse(&s))
            .transpose()
            .map_err(bad)?,
        email: r.try_get::<Option<String>, _>(10).map_err(db)?.map(|s| Email::parse(&s)).transpose().map_err(bad)?,
        // A kind no longer known is dropped rather than failing every read of the account.
        notifications: kinds.iter().filter_map(|k| NotificationKind::parse(k).ok()).collect(),
        disabled: r.try_get::<Option<i64>, _>(12).map_err(db)?.is_some(),
        version: r.try_get(13).map_err(db)?,
    })
}

pub(crate) async fn by_name(c: &mut Db<'_>, username: &str) -> Result<Option<Account>> {
    let sql = format!("SELECT {COLUMNS} FROM account a WHERE a.username = $1");
    let row = sqlx::query(&sql).bind(username.to_owned()).fetch_optional(&mut *c).await.map_err(db)?;
    row.as_ref().map(decode).transpose()
}

/// Accounts by user name; a statement per 400 names.
pub(crate) async fn by_names(c: &mut Db<'_>, usernames: &[String]) -> Result<Vec<Account>> {
    let mut out = Vec::new();
    for chunk in usernames.chunks(400) {
        let params: Vec<String> = (1..=chunk.len()).map(|n| format!("${n}")).collect();
        let sql = format!("SELECT {COLUMNS} FROM account a WHERE a.username IN ({}) ORDER BY a.id", params.join(", "));
        let mut q = sqlx::query(&sql);
        for name in chunk {
            q = q.bind(name.clone());
        }
        for row in q.fetch_all(&mut *c).await.map_err(db)? {
            out.push(decode(&row)?);
        }
    }
    Ok(out)
}

pub(crate) async fn by_token(c: &mut Db<'_>, token_hash: &str, now: Timestamp) -> Result<Option<Account>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM account a JOIN api_token t ON t.account_id = a.id \
         WHERE t.token_hash = $1 AND t.expires_at_us > $2 AND t.revoked_at_us IS NULL AND a.disabled_at_us IS NULL"
    );
    let row = unexpired(c, &sql, token_hash, now).await?;
    row.as_ref().map(decode).transpose()
}

/// The row a token's hash finds with `$1`, of a secret that has not expired at `$2`.
async fn unexpired(c: &mut Db<'_>, sql: &str, token_hash: &str, now: Timestamp) -> Result<Option<AnyRow>> {
    sqlx::query(sql).bind(token_hash.to_owned()).bind(now.as_microsecond()).fetch_optional(&mut *c).await.map_err(db)
}

/// An instant as RFC 3339; a far-future expiry beyond what a timestamp holds reads as the last one that does.
fn instant(us: i64) -> Result<String> {
    let clamped = us.clamp(Timestamp::MIN.as_second() * 1_000_000, Timestamp::MAX.as_second() * 1_000_000);
    Timestamp::from_microsecond(clamped)
        .map(|t| t.to_string())
        .map_err(|e| Error::Storage(format!("stored instant: {e}")))
}

pub(crate) async fn tokens(c: &mut Db<'_>, account: Option<i64>) -> Result<Vec<ApiToken>> {
    let rows = sqlx::query(
        "SELECT t.id, a.username, t.name, t.account_id, t.created_at_us, t.expires_at_us, t.revoked_at_us \
         FROM api_token t JOIN account a ON a.id = t.account_id WHERE $1 IS NULL OR t.account_id = $1 ORDER BY t.id",
    )
    .bind(account)
    .fetch_all(&mut *c)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|r| {
            Ok(ApiToken {
                id: r.try_get(0).map_err(db)?,
                username: r.try_get(1).map_err(db)?,
                name: r.try_get(2).map_err(db)?,
                account: r.try_get(3).map_err(db)?,
                created_at: instant(r.try_get(4).map_err(db)?)?,
                expires_at: instant(r.try_get(5).map_err(db)?)?,
                revoked_at: r.try_get::<Option<i64>, _>(6).map_err(db)?.map(instant).transpose()?,
            })
        })
        .collect()
}

pub(crate) async fn throttle_counter(c: &mut Db<'_>, key: &str) -> Result<Option<Counter>> {
    let row =
        sqlx::query("SELECT failures, last_failure_at_us, next_attempt_at_us FROM sign_in_throttle WHERE key = $1")
            .bind(key.to_owned())
            .fetch_optional(&mut *c)
            .await
            .map_err(db)?;
    row.map(|r| {
        Ok(Counter {
            failures: u32::try_from(r.try_get::<i64, _>(0).map_err(db)?).unwrap_or(u32::MAX),
            last_failure_us: r.try_get(1).map_err(db)?,
            next_attempt_us: r.try_get(2).map_err(db)?,
        })
    })
    .transpose()
}

pub(crate) async fn swap_throttle_counter(
    c: &mut Db<'_>,
    key: &str,
    expected: Option<&Counter>,
    new: &Counter,
    forget_before_us: i64,
) -> Result<bool> {
    let done = match expected {
        None => {
            sqlx::query("DELETE FROM sign_in_throttle WHERE last_failure_at_us < $1 AND next_attempt_at_us < $1")
                .bind(forget_before_us)
                .execute(&mut *c)
                .await
                .map_err(db)?;
            sqlx::query(
                "INSERT INTO sign_in_throttle (key, failures, last_failure_at_us, next_attempt_at_us) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING",
            )
            .bind(key.to_owned())
            .bind(i64::from(new.failures))
            .bind(new.last_failure_us)
            .bind(new.next_attempt_us)
            .execute(&mut *c)
            .await
            .map_err(db)?
        }
        // Compare-and-set on the whole row: a writer that read an older counter changes nothing and reads again.
        Some(old) => sqlx::query(
            "UPDATE sign_in_throttle SET failures = $1, last_failure_at_us = $2, next_attempt_at_us = $3 \
             WHERE key = $4 AND failures = $5 AND last_failure_at_us = $6 AND next_attempt_at_us = $7",
        )
        .bind(i64::from(new.failures))
        .bind(new.last_failure_us)
        .bind(new.next_attempt_us)
        .bind(key.to_owned())
        .bind(i64::from(old.failures))
        .bind(old.last_failure_us)
        .bind(old.next_attempt_us)
        .execute(&mut *c)
        .await
        .map_err(db)?,
    };
    Ok(done.rows_affected() == 1)
}

pub(crate) async fn delete_throttle_counter(c: &mut Db<'_>, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM sign_in_throttle WHERE key = $1")
        .bind(key.to_owned())
        .execute(&mut *c)
        .await
        .map_err(db)?;
    Ok(())
}

pub(crate) async fn session(c: &mut Db<'_>, token_hash: &str, now: Timestamp) -> Result<Option<(Account, Session)>> {
    let sql = format!(
        "SELECT {COLUMNS}, s.csrf, s.expires_at_us FROM account a JOIN session s ON s.account_id = a.id \
         WHERE s.token_hash = $1 AND s.expires_at_us > $2 AND a.disabled_at_us IS NULL"
    );
    let Some(row) = unexpired(c, &sql, token_hash, now).await? else { return Ok(None) };
    let account = decode(&row)?;
    let session = Session {
        token_hash: token_hash.to_owned(),
        account: account.id,
        csrf: row.try_get(AFTER_COLUMNS).map_err(db)?,
        expires_us: row.try_get(AFTER_COLUMNS + 1).map_err(db)?,
    };
    Ok(Some((account, session)))
}

pub(crate) async fn create_session(pool: &AnyPool, statements: &Statements, s: &Session, now: Timestamp) -> Result<()> {
    let mut tx = pool.begin().await.map_err(db)?;
    let mut c = Db::new(&mut tx, statements);
    // Expired sessions go when new ones come, so the table stays small without a sweeper.
    sqlx::query("DELETE FROM session WHERE expires_at_us < $1")
        .bind(now.as_microsecond())
        .execute(&mut c)
        .await
        .map_err(db)?;
    sqlx::query("INSERT INTO session (token_hash, account_id, csrf, expires_at_us) VALUES ($1, $2, $3, $4)")
        .bind(s.token_hash.clone())
        .bind(s.account)
        .bind(s.csrf.clone())
        .bind(s.expires_us)
        .execute(&mut c)
        .await
        .map_err(db)?;
    tx.commit().await.map_err(db)
}

pub(crate) async fn delete_session(c: &mut Db<'_>, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM session WHERE token_hash = $1")
        .bind(token_hash.to_owned())
        .execute(&mut *c)
        .await
        .map_err(db)?;
    Ok(())
}
