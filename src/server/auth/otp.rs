//! Mobile one-time-code sign-in: six digits by SMS, valid two minutes, used once, a cool-down
//! between sends, and limits per mobile and per address. Whether a mobile has an account is
//! never revealed: the answer to a request for a code is the same either way.

use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::copy;
use crate::domain::identity::Mobile;
use crate::domain::notify::{otp_from_random, otp_sms, reset_code_sms};
use crate::server::auth::SessionUser;
use crate::server::auth::codes::{self, CodeTable};
use crate::server::auth::throttle::{self, Limit};
use crate::server::platform::state::AppState;
use crate::wire::AppError;

pub const CODE_TTL_MS: i64 = 2 * 60_000;
pub const RESEND_AFTER_MS: i64 = 60_000;
/// Text messages to one mobile asked for from one address, and from all addresses, per hour.
pub const MAX_SENDS_PER_HOUR: i64 = 5;
pub const MAX_SENDS_PER_MOBILE_HOUR: i64 = 15;
pub const MAX_SENDS_PER_ADDRESS_HOUR: i64 = 20;
pub const MAX_TRIES_PER_CODE: i64 = 5;
/// Codes weighed per address within a quarter of an hour. There is no limit per mobile: it
/// would let anyone lock a person out of their own codes; a mobile's codes are bounded by its
/// messages (each with five tries).
pub const MAX_VERIFY_PER_ADDRESS: i64 = 20;

const HOUR_MS: i64 = 3_600_000;
const QUARTER_MS: i64 = 15 * 60_000;
const SENDS_PER_MOBILE_AND_ADDRESS: Limit =
    Limit::new("sms_mobile_address", MAX_SENDS_PER_HOUR, HOUR_MS);
const SENDS_PER_MOBILE: Limit = Limit::new("sms_mobile", MAX_SENDS_PER_MOBILE_HOUR, HOUR_MS);
pub const SENDS_PER_ADDRESS: Limit = Limit::new("sms_address", MAX_SENDS_PER_ADDRESS_HOUR, HOUR_MS);
const VERIFY_PER_ADDRESS: Limit = Limit::new("code_address", MAX_VERIFY_PER_ADDRESS, QUARTER_MS);

fn code_hash(user_id: i64, code: &str) -> String {
    hex::encode(Sha256::digest(
        format!("poshtiban-otp:{user_id}:{code}").as_bytes(),
    ))
}

fn mobile_of(raw: &str) -> Result<Mobile, AppError> {
    Mobile::parse(raw).map_err(|e| AppError::validation("mobile", e.message()))
}

/// What a request for a text message to a mobile may do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendGate {
    Open,
    /// The last message to this mobile is less than a minute old.
    CoolingDown,
    /// Too many messages to this mobile, or from this address, within the hour.
    Throttled,
}

impl SendGate {
    pub fn into_result(self) -> Result<(), AppError> {
        match self {
            SendGate::Open => Ok(()),
            SendGate::CoolingDown => Err(AppError::TooManyAttempts(copy::ERR_OTP_COOLDOWN.into())),
            SendGate::Throttled => Err(AppError::TooManyAttempts(
                copy::ERR_TOO_MANY_MESSAGES.into(),
            )),
        }
    }
}

/// Counts a text message to `mobile` asked for from `client_addr` against the cool-down, the
/// mobile's hourly limit and `per_address`, each one atomic statement in the caller's
/// transaction. The hits of a refused request stay counted once the caller commits.
pub async fn gate_send(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    mobile: &Mobile,
    per_address: Limit,
    client_addr: &str,
    now: i64,
) -> Result<SendGate, AppError> {
    // The address first: a request its address may not make never touches the mobile's counts,
    // and the cool-down and the tighter count are per mobile and address, so nobody can use up
    // or hold back someone else's messages from afar; the loose count per mobile alone bounds
    // how many messages anyone can have sent to a person.
    if !throttle::hit(tx, per_address, client_addr, now).await? {
        return Ok(SendGate::Throttled);
    }
    let pair = format!("{}|{client_addr}", mobile.canonical());
    if !throttle::cool_down(tx, "sms_cooldown", &pair, now, RESEND_AFTER_MS).await? {
        return Ok(SendGate::CoolingDown);
    }
    if !throttle::hit(tx, SENDS_PER_MOBILE_AND_ADDRESS, &pair, now).await?
        || !throttle::hit(tx, SENDS_PER_MOBILE, mobile.canonical(), now).await?
    {
        return Ok(SendGate::Throttled);
    }
    Ok(SendGate::Open)
}

/// What a code by SMS is for; both sign the holder in, and a reset also sets a new password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeFor {
    SignIn,
    PasswordReset,
}

/// Sends a code to `mobile` if an active account has it.
pub async fn request_code(
    state: &AppState,
    mobile: &str,
    client_addr: &str,
    purpose: CodeFor,
) -> Result<(), AppError> {
    let mobile = mobile_of(mobile)?;
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    let gate = gate_send(&mut w.tx, &mobile, SENDS_PER_ADDRESS, client_addr, now).await?;
    if gate != SendGate::Open {
        w.commit().await?;
        return gate.into_result();
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
            &match purpose {
                CodeFor::SignIn => otp_sms(&code, state.config.origin()),
                CodeFor::PasswordReset => reset_code_sms(&code, state.config.origin()),
            },
        )
        .await?;
    }
    w.commit().await?;
    state.notifier.wake.notify_one();
    Ok(())
}

/// Checks a code; on success it is used up and the account returned. Each guess is counted
/// before it is compared, by one statement that also refuses a code whose tries are spent, so
/// parallel guesses get five tries in all; guesses are also limited per address and per mobile.
pub async fn verify_code(
    state: &AppState,
    mobile: &str,
    code: &str,
    client_addr: &str,
) -> Result<SessionUser, AppError> {
    let mobile = mobile_of(mobile)?;
    let wrong = || AppError::validation("code", copy::ERR_OTP_WRONG);
    let code = crate::domain::notify::typed_code(code).ok_or_else(wrong)?;
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    if !throttle::hit(&mut w.tx, VERIFY_PER_ADDRESS, client_addr, now).await? {
        w.commit().await?;
        return Err(AppError::TooManyAttempts(copy::ERR_LOGIN_THROTTLED.into()));
    }
    let row = sqlx::query(
        "UPDATE otp_codes SET attempts = attempts + 1 \
         WHERE id = (SELECT o.id FROM otp_codes o JOIN users u ON u.id = o.user_id \
                     WHERE u.mobile = $1 AND u.active = 1 AND o.used_at IS NULL AND o.expires_at > $2 \
                     ORDER BY o.id DESC LIMIT 1) \
           AND attempts < $3 AND used_at IS NULL \
         RETURNING id, user_id, code_hash",
    )
    .bind(mobile.canonical())
    .bind(now)
    .bind(MAX_TRIES_PER_CODE)
    .fetch_optional(&mut *w.tx)
    .await?;
    let matches = |row: &sqlx::any::AnyRow| -> Result<bool, AppError> {
        let user_id: i64 = row.try_get("user_id")?;
        Ok(row.try_get::<String, _>("code_hash")? == code_hash(user_id, &code))
    };
    let (w, row) = codes::spend(w, CodeTable::Otp, row, matches, now, wrong).await?;
    w.commit().await?;
    let user_id: i64 = row.try_get("user_id")?;
    crate::server::auth::user_by_id(&state.db, user_id)
        .await?
        .ok_or_else(wrong)
}
