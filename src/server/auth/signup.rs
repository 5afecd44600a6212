//! Registration in two steps: the form, then a code sent by SMS to the mobile it names. The
//! account exists only once the code comes back, so nobody can take a mobile they do not hold,
//! and the first step answers the same whatever is already registered: when the mobile already
//! has an account its owner is told so by SMS (and no code is sent), and when the identifier is
//! taken only the holder of the mobile learns it, after proving the code. Both steps are limited
//! per address and per mobile, each limit one atomic statement.

use sqlx::Row;

use crate::domain::account::{ApplicantKind, Registration, Role};
use crate::domain::identity::Mobile;
use crate::domain::notify::{otp_from_random, signup_code_sms, signup_taken_sms};
use crate::server::auth::codes::{self, CodeTable};
use crate::server::auth::otp::{SendGate, gate_send};
use crate::server::auth::throttle::{self, Limit};
use crate::server::auth::{SessionUser, hash_password, new_token, token_hash};
use crate::server::platform::state::AppState;
use crate::wire::AppError;

/// Registrations started (and codes sent again) per address within an hour. Generous: a
/// campus or a mobile operator puts many people behind one address, and the code sent to the
/// mobile is what really gates an account.
pub const MAX_SIGNUPS_PER_ADDRESS_HOUR: i64 = 30;
const SIGNUPS_PER_ADDRESS: Limit =
    Limit::new("signup_address", MAX_SIGNUPS_PER_ADDRESS_HOUR, 3_600_000);
use crate::copy;

pub const SIGNUP_COOKIE: &str = "poshtiban_signup";
/// How long a code for a registration is good for.
pub const CODE_TTL_MS: i64 = 10 * 60_000;
pub const MAX_TRIES_PER_CODE: i64 = 5;
const CONFIRMS_PER_ADDRESS: Limit = Limit::new("signup_confirm_address", 30, 15 * 60_000);

fn code_hash(token: &str, code: &str) -> String {
    token_hash(&format!("poshtiban-signup:{token}:{code}"))
}

fn new_code() -> Result<String, AppError> {
    let mut random = [0u8; 32];
    getrandom::fill(&mut random).map_err(|_| AppError::Internal)?;
    otp_from_random(&random).ok_or(AppError::Internal)
}

/// Starts a registration; returns the token for the browser's cookie. The answer, and the work
/// done, are the same whether or not the identifier or the mobile already has an account.
pub async fn start(
    state: &AppState,
    reg: Registration,
    client_addr: &str,
) -> Result<String, AppError> {
    // The limits first, in a transaction of their own: a refused request never costs the
    // password work, which a flood would otherwise pile onto every sign-in.
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    let gate = gate_send(
        &mut w.tx,
        &reg.mobile,
        SIGNUPS_PER_ADDRESS,
        client_addr,
        now,
    )
    .await?;
    w.commit().await?;
    gate.into_result()?;
    let password_hash = hash_password(reg.password.clone()).await?;
    let token = new_token()?;
    let code = new_code()?;
    let mut w = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO pending_signups (token_hash, applicant_kind, id_kind, login_key, full_name, \
         mobile, email, password_hash, code_hash, attempts, expires_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11)",
    )
    .bind(token_hash(&token))
    .bind(reg.kind.as_str())
    .bind(reg.login_id.kind_str())
    .bind(reg.login_id.key())
    .bind(&reg.full_name)
    .bind(reg.mobile.canonical())
    .bind(reg.email.as_deref())
    .bind(&password_hash)
    // When the mobile has an account its holder gets a notice instead of this code, so the
    // registration cannot be confirmed (exactly as with a mistyped code).
    .bind(code_hash(&token, &code))
    .bind(now + CODE_TTL_MS)
    .bind(now)
    .execute(&mut *w.tx)
    .await?;
    send_code(state, &mut w.tx, &reg.mobile, &code).await?;
    w.commit().await?;
    state.notifier.wake.notify_one();
    Ok(token)
}

/// Queues the registration's text message in the caller's transaction: the code, or, when the
/// mobile already has an account, a notice to its holder instead (the registration then cannot
/// be confirmed, exactly as with a mistyped code).
async fn send_code(
    state: &AppState,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    mobile: &Mobile,
    code: &str,
) -> Result<(), AppError> {
    let taken: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM users WHERE mobile = $1 AND active = 1")
            .bind(mobile.canonical())
            .fetch_one(&mut **tx)
            .await?
            .try_get("n")?;
    let sms = if taken > 0 {
        signup_taken_sms(state.config.origin())
    } else {
        signup_code_sms(code, state.config.origin())
    };
    crate::server::notify::enqueue_otp(tx, &state.notifier, mobile.canonical(), &sms).await
}

/// The mobile a pending registration waits on (for its page), while it can still be confirmed.
pub async fn pending_mobile(state: &AppState, token: &str) -> Result<Option<Mobile>, AppError> {
    let row = sqlx::query(
        "SELECT mobile FROM pending_signups WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash(token))
    .bind(state.db.now_ms())
    .fetch_optional(&state.db.pool)
    .await?;
    row.map(|r| {
        let m: String = r.try_get("mobile")?;
        Mobile::parse(&m).map_err(|_| AppError::Internal)
    })
    .transpose()
}

/// Sends a new code for a pending registration (after the cool-down), with fresh tries.
pub async fn resend(state: &AppState, token: &str, client_addr: &str) -> Result<(), AppError> {
    let Some(mobile) = pending_mobile(state, token).await? else {
        return Err(AppError::validation("code", copy::ERR_SIGNUP_EXPIRED));
    };
    let code = new_code()?;
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    let gate = gate_send(&mut w.tx, &mobile, SIGNUPS_PER_ADDRESS, client_addr, now).await?;
    if gate != SendGate::Open {
        w.commit().await?;
        return gate.into_result();
    }
    let updated = sqlx::query(
        "UPDATE pending_signups SET code_hash = $1, attempts = 0, expires_at = $2 \
         WHERE token_hash = $3 AND used_at IS NULL",
    )
    .bind(code_hash(token, &code))
    .bind(now + CODE_TTL_MS)
    .bind(token_hash(token))
    .execute(&mut *w.tx)
    .await?
    .rows_affected();
    if updated != 1 {
        return Err(AppError::validation("code", copy::ERR_SIGNUP_EXPIRED));
    }
    send_code(state, &mut w.tx, &mobile, &code).await?;
    w.commit().await?;
    state.notifier.wake.notify_one();
    Ok(())
}

/// Confirms a pending registration with its code: the account is created and returned. Each
/// try is counted before the comparison, by the statement that refuses a code whose tries are
/// spent.
pub async fn confirm(
    state: &AppState,
    token: &str,
    code: &str,
    client_addr: &str,
) -> Result<SessionUser, AppError> {
    let wrong = || AppError::validation("code", copy::ERR_SIGNUP_CODE);
    let code = crate::domain::notify::typed_code(code).ok_or_else(wrong)?;
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    if !throttle::hit(&mut w.tx, CONFIRMS_PER_ADDRESS, client_addr, now).await? {
        w.commit().await?;
        return Err(AppError::TooManyAttempts(copy::ERR_LOGIN_THROTTLED.into()));
    }
    let row = sqlx::query(
        "UPDATE pending_signups SET attempts = attempts + 1 \
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 AND attempts < $3 \
         RETURNING id, code_hash, applicant_kind, id_kind, login_key, full_name, mobile, email, password_hash",
    )
    .bind(token_hash(token))
    .bind(now)
    .bind(MAX_TRIES_PER_CODE)
    .fetch_optional(&mut *w.tx)
    .await?;
    let matches = |row: &sqlx::any::AnyRow| -> Result<bool, AppError> {
        Ok(row.try_get::<String, _>("code_hash")? == code_hash(token, &code))
    };
    let (mut w, row) = codes::spend(w, CodeTable::Signup, row, matches, now, wrong).await?;
    let login_key: String = row.try_get("login_key")?;
    let mobile: String = row.try_get("mobile")?;
    let taken: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM users WHERE login_key = $1 OR mobile = $2")
            .bind(&login_key)
            .bind(&mobile)
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("n")?;
    if taken > 0 {
        // The code was right, so say so plainly; the registration is used up.
        w.commit().await?;
        return Err(AppError::Conflict(copy::ERR_SIGNUP_TAKEN.into()));
    }
    let kind_str: String = row.try_get("applicant_kind")?;
    let kind = ApplicantKind::parse(&kind_str).ok_or(AppError::Internal)?;
    let full_name: String = row.try_get("full_name")?;
    let email: Option<String> = row.try_get("email")?;
    let account = crate::server::auth::NewAccount {
        role: Role::Applicant,
        applicant_kind: Some(kind),
        id_kind: &row.try_get::<String, _>("id_kind")?,
        login_key: &login_key,
        full_name: &full_name,
        mobile: Some(&mobile),
        email: email.as_deref(),
        at: now,
    };
    let password_hash: String = row.try_get("password_hash")?;
    // A registration of the same identifier confirmed at this very moment makes this insert
    // fail, and the transaction with it: the answer is the same conflict.
    let user_id = crate::server::auth::insert_account(&mut w.tx, &account, &password_hash)
        .await
        .map_err(|e| match e {
            AppError::Conflict(_) => AppError::Conflict(copy::ERR_SIGNUP_TAKEN.into()),
            other => other,
        })?;
    w.commit().await?;
    Ok(SessionUser {
        id: user_id,
        role: Role::Applicant,
        full_name,
        applicant_kind: Some(kind),
    })
}

pub fn cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    let max_age = CODE_TTL_MS / 1000 * 3;
    format!("{SIGNUP_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

pub fn clear_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SIGNUP_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

/// Deletes registrations that can no longer be confirmed.
pub async fn prune(state: &AppState) -> Result<(), AppError> {
    let mut w = state.db.begin_write().await?;
    sqlx::query("DELETE FROM pending_signups WHERE created_at <= $1")
        .bind(state.db.now_ms() - 3 * CODE_TTL_MS - 24 * 3_600_000)
        .execute(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(())
}
