//! What a person keeps up themselves: their password (changed while signed in, or set again
//! with a code by SMS when forgotten), their mobile and their e-mail address. A new mobile or
//! address is taken only once the code sent to it comes back, so nobody can point an account's
//! notices at a number or a mailbox that is not theirs.

use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::copy;
use crate::domain::account::check_new_password;
use crate::domain::identity::Mobile;
use crate::domain::notify::{otp_from_random, typed_code};
use crate::server::auth::codes::{self, CodeTable};
use crate::server::auth::otp::{self, SENDS_PER_ADDRESS, SendGate, gate_send};
use crate::server::auth::throttle::{self, Limit};
use crate::server::auth::{SessionUser, hash_password, verify_password};
use crate::server::notify::live::SessionEnded;
use crate::server::platform::state::AppState;
use crate::wire::{AccountContact, AppError, ContactChannel};

/// How long a code for a new mobile or address is good for, and its tries.
pub const CONTACT_CODE_TTL_MS: i64 = 10 * 60_000;
pub const MAX_TRIES_PER_CONTACT_CODE: i64 = 5;
const HOUR_MS: i64 = 3_600_000;
/// Codes by e-mail per account and hour, with a minute between two.
pub const MAX_EMAIL_CODES_PER_HOUR: i64 = 5;
const EMAIL_CODES: Limit = Limit::new("email_code_user", MAX_EMAIL_CODES_PER_HOUR, HOUR_MS);
/// Wrong current passwords per account within a quarter of an hour, when changing it.
pub const MAX_PASSWORD_CHANGE_TRIES: i64 = 10;
const PASSWORD_CHANGES: Limit = Limit::new("password_change", MAX_PASSWORD_CHANGE_TRIES, 900_000);

fn code_hash(user_id: i64, channel: ContactChannel, address: &str, code: &str) -> String {
    hex::encode(Sha256::digest(
        format!(
            "poshtiban-contact:{user_id}:{}:{address}:{code}",
            channel.as_str()
        )
        .as_bytes(),
    ))
}

fn random_code() -> Result<String, AppError> {
    let mut random = [0u8; 32];
    getrandom::fill(&mut random).map_err(|_| AppError::Internal)?;
    otp_from_random(&random).ok_or(AppError::Internal)
}

/// The account's mobile and address as they are, its notice choices, and the new mobile or
/// address waiting for its code, if any.
pub async fn contact(state: &AppState, user_id: i64) -> Result<AccountContact, AppError> {
    let r = sqlx::query("SELECT mobile, email, notify_email, notify_sms FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&state.db.pool)
        .await?;
    let pending = sqlx::query(
        "SELECT channel, address FROM contact_codes \
         WHERE user_id = $1 AND used_at IS NULL AND expires_at > $2 AND attempts < $3 \
         ORDER BY id DESC",
    )
    .bind(user_id)
    .bind(state.db.now_ms())
    .bind(MAX_TRIES_PER_CONTACT_CODE)
    .fetch_all(&state.db.pool)
    .await?;
    let waiting = |channel: ContactChannel| -> Result<Option<String>, AppError> {
        for p in &pending {
            if p.try_get::<String, _>("channel")? == channel.as_str() {
                return Ok(Some(shown(channel, &p.try_get::<String, _>("address")?)));
            }
        }
        Ok(None)
    };
    let email: Option<String> = r
        .try_get::<Option<String>, _>("email")?
        .filter(|e| !e.is_empty());
    Ok(AccountContact {
        mobile: r
            .try_get::<Option<String>, _>("mobile")?
            .map(|m| shown(ContactChannel::Mobile, &m)),
        by_email: email.is_some() && r.try_get::<i64, _>("notify_email")? == 1,
        email,
        by_sms: r.try_get::<i64, _>("notify_sms")? == 1,
        pending_mobile: waiting(ContactChannel::Mobile)?,
        pending_email: waiting(ContactChannel::Email)?,
    })
}

/// A stored mobile as people write it (`۰۹۱۲…`); an address as it is.
fn shown(channel: ContactChannel, stored: &str) -> String {
    match channel {
        ContactChannel::Mobile => Mobile::parse(stored)
            .map(|m| m.display())
            .unwrap_or_else(|_| stored.to_string()),
        ContactChannel::Email => stored.to_string(),
    }
}

/// Saves how the account hears about its requests; notices by e-mail need an address on file.
pub async fn save_notices(
    state: &AppState,
    user_id: i64,
    by_email: bool,
    by_sms: bool,
) -> Result<(), AppError> {
    let mut w = state.db.begin_write().await?;
    sqlx::query(
        "UPDATE users SET notify_email = CASE WHEN email IS NOT NULL AND email <> '' THEN $1 ELSE 0 END, \
         notify_sms = $2 WHERE id = $3",
    )
    .bind(i64::from(by_email))
    .bind(i64::from(by_sms))
    .bind(user_id)
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    Ok(())
}

/// Sends a code to a new mobile or e-mail address for the account. A mobile that belongs to
/// another account gets a warning instead of a code, and the answer is the same, so nobody
/// learns whose a number is.
pub async fn send_code(
    state: &AppState,
    user: &SessionUser,
    channel: ContactChannel,
    typed: &str,
    client_addr: &str,
) -> Result<(), AppError> {
    let now = state.db.now_ms();
    let address = match channel {
        ContactChannel::Mobile => Mobile::parse(typed)
            .map_err(|e| AppError::validation("mobile", e.message()))?
            .canonical()
            .to_string(),
        ContactChannel::Email => {
            let e = typed.trim();
            if !crate::domain::account::looks_like_email(e) {
                return Err(AppError::validation("email", copy::ERR_EMAIL));
            }
            e.to_string()
        }
    };
    let current: Option<String> = sqlx::query_scalar(select_contact(channel))
        .bind(user.id)
        .fetch_one(&state.db.pool)
        .await?;
    if current.as_deref() == Some(address.as_str()) {
        return Err(AppError::validation(
            channel.as_str(),
            copy::ERR_CONTACT_SAME,
        ));
    }
    let mut w = state.db.begin_write().await?;
    let gate = match channel {
        ContactChannel::Mobile => {
            let mobile = Mobile::parse(&address).map_err(|_| AppError::Internal)?;
            gate_send(&mut w.tx, &mobile, SENDS_PER_ADDRESS, client_addr, now).await?
        }
        ContactChannel::Email => {
            let key = user.id.to_string();
            if !throttle::cool_down(
                &mut w.tx,
                "email_code_cooldown",
                &key,
                now,
                otp::RESEND_AFTER_MS,
            )
            .await?
            {
                SendGate::CoolingDown
            } else if !throttle::hit(&mut w.tx, EMAIL_CODES, &key, now).await? {
                SendGate::Throttled
            } else {
                SendGate::Open
            }
        }
    };
    if gate != SendGate::Open {
        w.commit().await?;
        return gate.into_result();
    }
    let taken_by_another = channel == ContactChannel::Mobile
        && sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM users WHERE mobile = $1 AND id <> $2",
        )
        .bind(&address)
        .bind(user.id)
        .fetch_one(&mut *w.tx)
        .await?
            > 0;
    let code = random_code()?;
    // A taken mobile's row holds a code nobody was sent: the page waits for it all the same.
    let stored = if taken_by_another {
        random_code()? + "-never-sent"
    } else {
        code.clone()
    };
    sqlx::query(
        "INSERT INTO contact_codes (user_id, channel, address, code_hash, attempts, expires_at, created_at) \
         VALUES ($1, $2, $3, $4, 0, $5, $6)",
    )
    .bind(user.id)
    .bind(channel.as_str())
    .bind(&address)
    .bind(code_hash(user.id, channel, &address, &stored))
    .bind(now + CONTACT_CODE_TTL_MS)
    .bind(now)
    .execute(&mut *w.tx)
    .await?;
    let origin = state.config.origin();
    let notifier = &state.notifier;
    match (channel, taken_by_another) {
        (ContactChannel::Mobile, true) => {
            crate::server::notify::enqueue_sms(
                &mut w.tx,
                notifier,
                &address,
                &copy::mobile_taken_sms(origin),
                "account",
            )
            .await?
        }
        (ContactChannel::Mobile, false) => {
            let text = crate::domain::notify::mobile_code_sms(&code, origin);
            crate::server::notify::enqueue_sms(&mut w.tx, notifier, &address, &text, "otp").await?
        }
        (ContactChannel::Email, _) => {
            crate::server::notify::enqueue_email_code(
                &mut w.tx,
                notifier,
                &address,
                copy::EMAIL_CODE_SUBJECT,
                &copy::email_code_body(&code),
            )
            .await?
        }
    }
    w.commit().await?;
    state.notifier.wake.notify_one();
    Ok(())
}

/// Takes the new mobile or address whose code came back. Each try is counted before the code
/// is compared, in one statement that refuses a code whose tries are spent.
pub async fn confirm_code(
    state: &AppState,
    user: &SessionUser,
    channel: ContactChannel,
    typed: &str,
) -> Result<(), AppError> {
    let wrong = || AppError::validation("code", copy::ERR_OTP_WRONG);
    let code = typed_code(typed).ok_or_else(wrong)?;
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    let row = sqlx::query(
        "UPDATE contact_codes SET attempts = attempts + 1 \
         WHERE id = (SELECT id FROM contact_codes WHERE user_id = $1 AND channel = $2 \
                     AND used_at IS NULL AND expires_at > $3 ORDER BY id DESC LIMIT 1) \
           AND attempts < $4 AND used_at IS NULL \
         RETURNING id, address, code_hash",
    )
    .bind(user.id)
    .bind(channel.as_str())
    .bind(now)
    .bind(MAX_TRIES_PER_CONTACT_CODE)
    .fetch_optional(&mut *w.tx)
    .await?;
    let matches = |row: &sqlx::any::AnyRow| -> Result<bool, AppError> {
        let address: String = row.try_get("address")?;
        Ok(row.try_get::<String, _>("code_hash")? == code_hash(user.id, channel, &address, &code))
    };
    let (mut w, row) = codes::spend(w, CodeTable::Contact, row, matches, now, wrong).await?;
    let address: String = row.try_get("address")?;
    let former: Option<String> = sqlx::query_scalar(select_contact(channel))
        .bind(user.id)
        .fetch_one(&mut *w.tx)
        .await?;
    // A mobile taken by another account since the code was sent stays theirs (the column is
    // unique: the update fails and changes nothing).
    let update = match channel {
        ContactChannel::Mobile => "UPDATE users SET mobile = $1 WHERE id = $2",
        ContactChannel::Email => "UPDATE users SET email = $1 WHERE id = $2",
    };
    let updated = sqlx::query(update)
        .bind(&address)
        .bind(user.id)
        .execute(&mut *w.tx)
        .await;
    if let Err(e) = updated {
        if is_unique_violation(&e) {
            return Err(AppError::validation(
                "code",
                copy::ERR_MOBILE_TAKEN_MEANWHILE,
            ));
        }
        return Err(e.into());
    }
    if let (ContactChannel::Mobile, Some(former)) = (channel, former) {
        crate::server::notify::enqueue_sms(
            &mut w.tx,
            &state.notifier,
            &former,
            &copy::mobile_changed_sms(state.config.origin()),
            "account",
        )
        .await?;
    }
    w.commit().await?;
    state.notifier.wake.notify_one();
    Ok(())
}

fn select_contact(channel: ContactChannel) -> &'static str {
    match channel {
        ContactChannel::Mobile => "SELECT mobile FROM users WHERE id = $1",
        ContactChannel::Email => "SELECT email FROM users WHERE id = $1",
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Changes the signed-in account's password once its current one is given; every session of
/// the account ends (the caller starts a new one for this browser). Wrong current passwords
/// are limited per account, counted before the check.
pub async fn change_password(
    state: &AppState,
    user: &SessionUser,
    current: &str,
    password: &str,
    confirm: &str,
) -> Result<(), AppError> {
    check_new_password(password, confirm).map_err(|e| AppError::validation(e.field, e.message))?;
    let key = user.id.to_string();
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    let allowed = throttle::hit(&mut w.tx, PASSWORD_CHANGES, &key, now).await?;
    w.commit().await?;
    if !allowed {
        return Err(AppError::TooManyAttempts(copy::ERR_LOGIN_THROTTLED.into()));
    }
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user.id)
        .fetch_one(&state.db.pool)
        .await?;
    if !verify_password(current.to_string(), Some(hash)).await {
        return Err(AppError::validation(
            "current_password",
            copy::ERR_CURRENT_PASSWORD,
        ));
    }
    let mut w = state.db.begin_write().await?;
    throttle::take_back(&mut w.tx, PASSWORD_CHANGES, &key).await?;
    w.commit().await?;
    set_password(state, user.id, password).await
}

/// Sets a new password for whoever holds the code sent to the account's mobile; returns the
/// account, whose every session has ended. The new password is checked before the code is
/// spent, so a too-short one does not cost the code.
pub async fn reset_password(
    state: &AppState,
    mobile: &str,
    code: &str,
    password: &str,
    confirm: &str,
    client_addr: &str,
) -> Result<SessionUser, AppError> {
    check_new_password(password, confirm).map_err(|e| AppError::validation(e.field, e.message))?;
    let user = otp::verify_code(state, mobile, code, client_addr).await?;
    set_password(state, user.id, password).await?;
    Ok(user)
}

/// Stores a new password, ends every session of the account and tells its mobile.
async fn set_password(state: &AppState, user_id: i64, password: &str) -> Result<(), AppError> {
    let hash = hash_password(password.to_string()).await?;
    let mut w = state.db.begin_write().await?;
    let mobile: Option<String> =
        sqlx::query_scalar("UPDATE users SET password_hash = $1 WHERE id = $2 RETURNING mobile")
            .bind(&hash)
            .bind(user_id)
            .fetch_one(&mut *w.tx)
            .await?;
    // Browsers remembered for the sign-in limits are forgotten with the old password.
    sqlx::query("DELETE FROM trusted_devices WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *w.tx)
        .await?;
    if let Some(mobile) = mobile {
        crate::server::notify::enqueue_sms(
            &mut w.tx,
            &state.notifier,
            &mobile,
            &copy::password_changed_sms(state.config.origin()),
            "account",
        )
        .await?;
    }
    w.commit().await?;
    state.notifier.wake.notify_one();
    crate::server::auth::end_sessions(state, SessionEnded::Account(user_id)).await
}
