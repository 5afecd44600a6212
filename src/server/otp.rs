//! Mobile one-time-code sign-in: six digits by SMS, valid two minutes, used once, a cool-down
//! between sends, and limits per mobile and per address. Whether a mobile has an account is
//! never revealed: the answer to a request for a code is the same either way.

use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::domain::identity::Mobile;
use crate::domain::notify::{otp_from_random, otp_sms};
use crate::error::AppError;
use crate::server::auth::SessionUser;
use crate::server::db::now_ms;
use crate::server::state::AppState;
use crate::ui::text;

pub const CODE_TTL_MS: i64 = 2 * 60_000;
pub const RESEND_AFTER_MS: i64 = 60_000;
pub const MAX_SENDS_PER_HOUR: i64 = 5;
pub const MAX_SENDS_PER_ADDRESS_HOUR: i64 = 20;
pub const MAX_TRIES_PER_CODE: i64 = 5;

fn code_hash(user_id: i64, code: &str) -> String {
    hex::encode(Sha256::digest(
        format!("poshtiban-otp:{user_id}:{code}").as_bytes(),
    ))
}

fn mobile_of(raw: &str) -> Result<Mobile, AppError> {
    Mobile::parse(raw).map_err(|e| AppError::validation("mobile", e.message_fa()))
}

/// Sends a code to `mobile` if an active account has it.
pub async fn request_code(
    state: &AppState,
    mobile: &str,
    client_addr: &str,
) -> Result<(), AppError> {
    let mobile = mobile_of(mobile)?;
    let now = now_ms();
    let hour_ago = now - 3_600_000;
    let mut w = state.db.begin_write().await?;
    let counts = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM login_failures WHERE scope = 'otp_mobile' AND key = $1 AND at > $3) AS by_mobile, \
                (SELECT COUNT(*) FROM login_failures WHERE scope = 'otp_address' AND key = $2 AND at > $3) AS by_address, \
                (SELECT COUNT(*) FROM login_failures WHERE scope = 'otp_mobile' AND key = $1 AND at > $4) AS recent",
    )
    .bind(mobile.canonical())
    .bind(client_addr)
    .bind(hour_ago)
    .bind(now - RESEND_AFTER_MS)
    .fetch_one(&mut *w.tx)
    .await?;
    if counts.try_get::<i64, _>("recent")? > 0 {
        return Err(AppError::TooManyAttempts(text::ERR_OTP_COOLDOWN.into()));
    }
    if counts.try_get::<i64, _>("by_mobile")? >= MAX_SENDS_PER_HOUR
        || counts.try_get::<i64, _>("by_address")? >= MAX_SENDS_PER_ADDRESS_HOUR
    {
        return Err(AppError::TooManyAttempts(text::ERR_LOGIN_THROTTLED.into()));
    }
    for (scope, key) in [
        ("otp_mobile", mobile.canonical()),
        ("otp_address", client_addr),
    ] {
        sqlx::query("INSERT INTO login_failures (scope, key, at) VALUES ($1, $2, $3)")
            .bind(scope)
            .bind(key)
            .bind(now)
            .execute(&mut *w.tx)
            .await?;
    }
    let user = sqlx::query("SELECT id FROM users WHERE mobile = $1 AND active = 1")
        .bind(mobile.canonical())
        .fetch_optional(&mut *w.tx)
        .await?;
    if let Some(user) = user {
        let user_id: i64 = user.try_get("id")?;
        let mut random = [0u8; 32];
        getrandom::fill(&mut random).map_err(|_| AppError::Internal)?;
        let code = otp_from_random(&random).ok_or(AppError::Internal)?;
        sqlx::query(
            "INSERT INTO otp_codes (user_id, code_hash, expires_at, attempts, created_at) VALUES ($1, $2, $3, 0, $4)",
        )
        .bind(user_id)
        .bind(code_hash(user_id, &code))
        .bind(now + CODE_TTL_MS)
        .bind(now)
        .execute(&mut *w.tx)
        .await?;
        crate::server::notify::enqueue_otp(
            &mut w.tx,
            &state.notifier,
            mobile.canonical(),
            &otp_sms(&code),
        )
        .await?;
    }
    w.commit().await?;
    state.notifier.wake.notify_one();
    Ok(())
}

/// Checks a code; on success it is used up and the account returned.
pub async fn verify_code(
    state: &AppState,
    mobile: &str,
    code: &str,
) -> Result<SessionUser, AppError> {
    let mobile = mobile_of(mobile)?;
    let code = crate::domain::digits::fold_digits(code.trim());
    let wrong = || AppError::validation("code", text::ERR_OTP_WRONG);
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(wrong());
    }
    let now = now_ms();
    let row = sqlx::query(
        "SELECT o.id, o.code_hash, o.attempts, u.id AS user_id FROM otp_codes o JOIN users u ON u.id = o.user_id \
         WHERE u.mobile = $1 AND u.active = 1 AND o.used_at IS NULL AND o.expires_at > $2 \
         ORDER BY o.id DESC LIMIT 1",
    )
    .bind(mobile.canonical())
    .bind(now)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(wrong)?;
    let id: i64 = row.try_get("id")?;
    let user_id: i64 = row.try_get("user_id")?;
    if row.try_get::<i64, _>("attempts")? >= MAX_TRIES_PER_CODE {
        return Err(wrong());
    }
    let matches = row.try_get::<String, _>("code_hash")? == code_hash(user_id, &code);
    let mut w = state.db.begin_write().await?;
    if !matches {
        sqlx::query("UPDATE otp_codes SET attempts = attempts + 1 WHERE id = $1")
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        w.commit().await?;
        return Err(wrong());
    }
    // Used once: of two simultaneous uses of one code, only one wins this update.
    let used = sqlx::query("UPDATE otp_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
    w.commit().await?;
    if used != 1 {
        return Err(wrong());
    }
    crate::server::auth::user_by_id(&state.db, user_id)
        .await?
        .ok_or_else(wrong)
}
