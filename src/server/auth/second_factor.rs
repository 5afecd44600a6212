//! The second factor for staff: a TOTP authenticator (RFC 6238: SHA-1, six digits, 30-second
//! steps, one step of clock drift either way) and ten one-use recovery codes, shown once and kept
//! hashed. A code is never accepted twice: the last accepted time step is kept per account.
//!
//! A sign-in whose first factor was right but which still needs the second waits as a *pending
//! sign-in* (a random token in a short-lived cookie, its hash in the database): no session
//! exists until the second factor is given, or until an account that must have one has set it up.

use sqlx::Row;
use totp_rs::{Algorithm, Secret, Totp};

use crate::copy;
use crate::domain::account::{FirstFactor, SecondStep, second_step};
use crate::domain::notify::typed_code;
use crate::server::auth::throttle::{self, Limit};
use crate::server::auth::{SessionUser, new_token, token_hash, user_by_id};
use crate::server::platform::state::AppState;
use crate::wire::AppError;

pub const PENDING_COOKIE: &str = "poshtiban_2fa";
/// How long a sign-in waits for its second factor (setting up an authenticator takes a while).
const PENDING_TTL_MS: i64 = 15 * 60_000;
/// Wrong codes per pending sign-in or enrolment.
pub const MAX_TRIES: i64 = 5;
/// Codes per account over all its pending sign-ins: within a quarter of an hour, and a day (so
/// someone who has the password tries at most a few dozen of the million codes a day).
const TRIES_PER_ACCOUNT: Limit = Limit::new("second_factor_account", 10, 15 * 60_000);
const TRIES_PER_ACCOUNT_DAY: Limit = Limit::new("second_factor_account_day", 30, 24 * 3_600_000);
const STEP_SECONDS: u64 = 30;
const RECOVERY_CODES: usize = 10;
const ISSUER: &str = "Poshtiban";

/// The authenticator of a secret (base32).
fn totp(secret_b32: &str, account: &str) -> Result<Totp, AppError> {
    let bytes = Secret::try_from_base32(secret_b32).map_err(|_| AppError::Internal)?;
    totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(STEP_SECONDS)
        .with_secret(bytes)
        .with_issuer(Some(ISSUER))
        .with_account_name(account)
        .build()
        .map_err(|e| {
            tracing::error!(error = %e, "an authenticator could not be built");
            AppError::Internal
        })
}

/// A new secret: 160 random bits, as base32.
fn new_secret() -> Result<String, AppError> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|_| AppError::Internal)?;
    Ok(Secret::from(bytes.to_vec()).to_base32())
}

/// Ten recovery codes of ten letters and digits each (about 50 bits), in two groups of five.
fn new_recovery_codes() -> Result<Vec<String>, AppError> {
    // No look-alikes (0/O, 1/I/L).
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let mut bytes = [0u8; 10];
        getrandom::fill(&mut bytes).map_err(|_| AppError::Internal)?;
        let chars: String = bytes
            .iter()
            .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
            .collect();
        codes.push(format!("{}-{}", &chars[..5], &chars[5..]));
    }
    Ok(codes)
}

/// A recovery code as typed: letters upper-cased, digits folded, separators dropped.
fn recovery_key(code: &str) -> String {
    crate::copy::digits::fold_digits(code)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn recovery_hash(user_id: i64, code: &str) -> String {
    token_hash(&format!(
        "poshtiban-recovery:{user_id}:{}",
        recovery_key(code)
    ))
}

/// The QR code of `text` as an SVG drawn on the server (dark modules as one path).
pub fn qr_svg(text: &str, label: &str) -> Result<String, AppError> {
    let qr = qrcodegen::QrCode::encode_text(text, qrcodegen::QrCodeEcc::Medium)
        .map_err(|_| AppError::Internal)?;
    let border = 4;
    let size = qr.size() + 2 * border;
    let mut path = String::new();
    for y in 0..qr.size() {
        for x in 0..qr.size() {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" \
         aria-label=\"{label}\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" \
         fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>",
        label = crate::domain::text::escape_markup(label).replace('"', "&quot;"),
    ))
}

/// Whether the account has an authenticator.
pub async fn is_enrolled(state: &AppState, user_id: i64) -> Result<bool, AppError> {
    let row = sqlx::query("SELECT totp_secret FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&state.db.pool)
        .await?;
    Ok(row
        .map(|r| r.try_get::<Option<String>, _>("totp_secret"))
        .transpose()?
        .flatten()
        .is_some())
}

/// What the sign-in of `user` needs after `first`.
pub async fn step_after(
    state: &AppState,
    user: &SessionUser,
    first: FirstFactor,
) -> Result<SecondStep, AppError> {
    if !user.role.is_staff() {
        return Ok(SecondStep::None);
    }
    Ok(second_step(
        user.role,
        is_enrolled(state, user.id).await?,
        first,
    ))
}

/// Starts a pending sign-in after a right first factor; returns the cookie's token.
pub async fn begin(
    state: &AppState,
    user_id: i64,
    first: FirstFactor,
    next: Option<&str>,
) -> Result<String, AppError> {
    let token = new_token()?;
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO pending_sign_ins (token_hash, user_id, first_factor, next_page, attempts, \
         expires_at, created_at) VALUES ($1, $2, $3, $4, 0, $5, $6)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(first.as_str())
    .bind(next)
    .bind(now + PENDING_TTL_MS)
    .bind(now)
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    Ok(token)
}

/// A sign-in waiting for its second factor.
#[derive(Debug, Clone)]
pub struct Pending {
    pub user: SessionUser,
    pub next: Option<String>,
    pub enrolled: bool,
}

/// The pending sign-in of a token, while it is good.
pub async fn pending(state: &AppState, token: &str) -> Result<Option<Pending>, AppError> {
    let row = sqlx::query(
        "SELECT p.user_id, p.next_page, u.totp_secret FROM pending_sign_ins p \
         JOIN users u ON u.id = p.user_id \
         WHERE p.token_hash = $1 AND p.expires_at > $2 AND u.active = 1",
    )
    .bind(token_hash(token))
    .bind(state.db.now_ms())
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let Some(user) = user_by_id(&state.db, row.try_get("user_id")?).await? else {
        return Ok(None);
    };
    Ok(Some(Pending {
        user,
        next: row.try_get("next_page")?,
        enrolled: row.try_get::<Option<String>, _>("totp_secret")?.is_some(),
    }))
}

/// Ends a pending sign-in (its second factor was given, or its authenticator set up).
pub async fn drop_pending(state: &AppState, token: &str) -> Result<(), AppError> {
    finish(state, token).await
}

/// Ends a pending sign-in (its second factor was given).
async fn finish(state: &AppState, token: &str) -> Result<(), AppError> {
    let mut w = state.db.begin_write().await?;
    sqlx::query("DELETE FROM pending_sign_ins WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(())
}

/// Checks the second factor of a pending sign-in: a code from the authenticator, or a recovery
/// code (used up). Each try is counted before the comparison: five per pending sign-in, ten per
/// account within a quarter of an hour. On success the pending sign-in ends.
pub async fn verify(state: &AppState, token: &str, code: &str) -> Result<Pending, AppError> {
    let wrong = || AppError::validation("code", copy::ERR_SECOND_FACTOR_WRONG);
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    let row = sqlx::query(
        "UPDATE pending_sign_ins SET attempts = attempts + 1 \
         WHERE token_hash = $1 AND expires_at > $2 AND attempts < $3 RETURNING user_id",
    )
    .bind(token_hash(token))
    .bind(now)
    .bind(MAX_TRIES)
    .fetch_optional(&mut *w.tx)
    .await?;
    let Some(row) = row else {
        w.commit().await?;
        return Err(AppError::validation(
            "code",
            copy::ERR_SECOND_FACTOR_EXPIRED,
        ));
    };
    let user_id: i64 = row.try_get("user_id")?;
    let key = user_id.to_string();
    let within_quarter = throttle::hit(&mut w.tx, TRIES_PER_ACCOUNT, &key, now).await?;
    if !within_quarter || !throttle::hit(&mut w.tx, TRIES_PER_ACCOUNT_DAY, &key, now).await? {
        w.commit().await?;
        return Err(AppError::TooManyAttempts(copy::ERR_LOGIN_THROTTLED.into()));
    }
    let account = sqlx::query(
        "SELECT login_key, totp_secret, totp_last_step FROM users WHERE id = $1 AND active = 1",
    )
    .bind(user_id)
    .fetch_optional(&mut *w.tx)
    .await?;
    let Some(account) = account else {
        w.commit().await?;
        return Err(wrong());
    };
    let Some(secret) = account.try_get::<Option<String>, _>("totp_secret")? else {
        w.commit().await?;
        return Err(wrong());
    };
    let accepted = if let Some(digits) = typed_code(code) {
        let last: i64 = account.try_get("totp_last_step")?;
        let login_key: String = account.try_get("login_key")?;
        let now_s = u64::try_from(now / 1000).unwrap_or(0);
        match totp(&secret, &login_key)?.check(&digits, now_s) {
            // Accepted once: the step must be later than the last one accepted, and the update
            // that records it is the one that wins when two arrive together.
            Some(step) => {
                let step = i64::try_from(step).unwrap_or(i64::MAX);
                step > last
                    && sqlx::query(
                        "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1",
                    )
                    .bind(step)
                    .bind(user_id)
                    .execute(&mut *w.tx)
                    .await?
                    .rows_affected()
                        == 1
            }
            None => false,
        }
    } else {
        sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 \
             WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .bind(recovery_hash(user_id, code))
        .execute(&mut *w.tx)
        .await?
        .rows_affected()
            == 1
    };
    // Every code counts before it is compared (so parallel guesses cannot slip past the limit);
    // a right one is given back, so the limit weighs only wrong codes.
    if accepted {
        throttle::take_back(&mut w.tx, TRIES_PER_ACCOUNT, &key).await?;
        throttle::take_back(&mut w.tx, TRIES_PER_ACCOUNT_DAY, &key).await?;
    }
    w.commit().await?;
    if !accepted {
        return Err(wrong());
    }
    let found = pending(state, token).await?.ok_or_else(wrong)?;
    finish(state, token).await?;
    Ok(found)
}

/// An authenticator being set up: what the setup page shows.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub secret: String,
    pub uri: String,
    pub recovery_codes: Vec<String>,
}

/// The authenticator `user_id` is setting up in the browser `holder` (the hash of its waiting
/// sign-in's or its session's token): started now if none is, the same one on every look until
/// it is confirmed (so a reload shows the same QR code and recovery codes). Another browser gets
/// a setup of its own, so nobody can slip their own key into someone else's setup.
pub async fn enrolment(
    state: &AppState,
    user_id: i64,
    holder: &str,
) -> Result<Enrolment, AppError> {
    let account = sqlx::query("SELECT login_key FROM users WHERE id = $1 AND active = 1")
        .bind(user_id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let login_key: String = account.try_get("login_key")?;
    let secret = new_secret()?;
    let codes = new_recovery_codes()?.join("\n");
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    // Kept if one is under way (and not stale), started otherwise.
    sqlx::query(
        "INSERT INTO totp_enrolments (holder_hash, user_id, secret, recovery_codes, attempts, \
         created_at) VALUES ($1, $2, $3, $4, 0, $5) \
         ON CONFLICT (holder_hash) DO UPDATE SET secret = $3, recovery_codes = $4, attempts = 0, \
         created_at = $5 WHERE totp_enrolments.created_at < $6",
    )
    .bind(holder)
    .bind(user_id)
    .bind(&secret)
    .bind(&codes)
    .bind(now)
    .bind(now - PENDING_TTL_MS)
    .execute(&mut *w.tx)
    .await?;
    let row = sqlx::query(
        "SELECT secret, recovery_codes FROM totp_enrolments WHERE holder_hash = $1 AND user_id = $2",
    )
    .bind(holder)
    .bind(user_id)
    .fetch_optional(&mut *w.tx)
    .await?
    .ok_or(AppError::NotFound)?;
    w.commit().await?;
    let secret: String = row.try_get("secret")?;
    let uri = totp(&secret, &login_key)?
        .to_url()
        .map_err(|_| AppError::Internal)?;
    Ok(Enrolment {
        uri,
        secret,
        recovery_codes: row
            .try_get::<String, _>("recovery_codes")?
            .lines()
            .map(str::to_string)
            .collect(),
    })
}

/// Confirms the authenticator being set up in the browser `holder` with a first code from it:
/// the account now has a second factor, and the recovery codes shown with it are kept (hashed).
/// An account that has one keeps it: only an admin's reset removes it.
pub async fn confirm_enrolment(
    state: &AppState,
    user_id: i64,
    holder: &str,
    code: &str,
) -> Result<(), AppError> {
    let wrong = || AppError::validation("code", copy::ERR_SECOND_FACTOR_WRONG);
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    let row = sqlx::query(
        "UPDATE totp_enrolments SET attempts = attempts + 1 \
         WHERE holder_hash = $1 AND user_id = $2 AND attempts < $3 AND created_at > $4 \
         RETURNING secret, recovery_codes",
    )
    .bind(holder)
    .bind(user_id)
    .bind(MAX_TRIES)
    .bind(now - PENDING_TTL_MS)
    .fetch_optional(&mut *w.tx)
    .await?;
    let Some(row) = row else {
        w.commit().await?;
        return Err(AppError::validation(
            "code",
            copy::ERR_SECOND_FACTOR_SETUP_EXPIRED,
        ));
    };
    let secret: String = row.try_get("secret")?;
    let login_key: String = sqlx::query_scalar("SELECT login_key FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&mut *w.tx)
        .await?;
    let now_s = u64::try_from(now / 1000).unwrap_or(0);
    let step = typed_code(code).and_then(|digits| {
        totp(&secret, &login_key)
            .ok()
            .and_then(|t| t.check(&digits, now_s))
    });
    let Some(step) = step else {
        w.commit().await?;
        return Err(wrong());
    };
    let set = sqlx::query(
        "UPDATE users SET totp_secret = $1, totp_enrolled_at = $2, totp_last_step = $3 \
         WHERE id = $4 AND totp_secret IS NULL",
    )
    .bind(&secret)
    .bind(now)
    .bind(i64::try_from(step).unwrap_or(i64::MAX))
    .bind(user_id)
    .execute(&mut *w.tx)
    .await?
    .rows_affected();
    if set != 1 {
        return Err(AppError::Conflict(copy::SETUP_DONE.into()));
    }
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *w.tx)
        .await?;
    for code in row.try_get::<String, _>("recovery_codes")?.lines() {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user_id)
            .bind(recovery_hash(user_id, code))
            .execute(&mut *w.tx)
            .await?;
    }
    sqlx::query("DELETE FROM totp_enrolments WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *w.tx)
        .await?;
    audit_into(
        &mut w.tx,
        Some(user_id),
        "second_factor_enrolled",
        Some(user_id),
        "",
        state.db.now_ms(),
    )
    .await?;
    w.commit().await?;
    Ok(())
}

/// Removes an account's second factor (an admin's reset, for a lost phone): the account sets up a
/// new authenticator at its next sign-in, its sessions end, and the reset is in the audit trail.
pub async fn reset(
    state: &AppState,
    admin: &SessionUser,
    target: i64,
    reason: &str,
) -> Result<(), AppError> {
    let reason = audit_reason(reason)?;
    let mut w = state.db.begin_write().await?;
    let changed = sqlx::query(
        "UPDATE users SET totp_secret = NULL, totp_enrolled_at = NULL \
         WHERE id = $1 AND role <> 'applicant'",
    )
    .bind(target)
    .execute(&mut *w.tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(AppError::NotFound);
    }
    for sql in [
        "DELETE FROM recovery_codes WHERE user_id = $1",
        "DELETE FROM totp_enrolments WHERE user_id = $1",
        "DELETE FROM pending_sign_ins WHERE user_id = $1",
    ] {
        sqlx::query(sql).bind(target).execute(&mut *w.tx).await?;
    }
    audit_into(
        &mut w.tx,
        Some(admin.id),
        "second_factor_reset",
        Some(target),
        reason,
        state.db.now_ms(),
    )
    .await?;
    w.commit().await?;
    crate::server::auth::end_sessions(
        state,
        crate::server::notify::live::SessionEnded::Account(target),
    )
    .await
}

/// The reason an admin gives for what they do to an account, as the audit trail keeps it.
pub fn audit_reason(reason: &str) -> Result<&str, AppError> {
    let reason = reason.trim();
    if reason.chars().count() < 3 {
        return Err(AppError::validation("reason", copy::ERR_REASON_NEEDED));
    }
    Ok(reason)
}

/// Appends to the audit trail in the caller's transaction.
pub async fn audit_into(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    actor: Option<i64>,
    action: &str,
    target: Option<i64>,
    detail: &str,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, action, target_user_id, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(at)
    .bind(actor)
    .bind(action)
    .bind(target)
    .bind(detail)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub fn cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    let max_age = PENDING_TTL_MS / 1000;
    format!("{PENDING_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

pub fn clear_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{PENDING_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

/// Deletes pending sign-ins and enrolments past their time.
pub async fn prune(state: &AppState) -> Result<(), AppError> {
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    sqlx::query("DELETE FROM pending_sign_ins WHERE expires_at <= $1")
        .bind(now)
        .execute(&mut *w.tx)
        .await?;
    sqlx::query("DELETE FROM totp_enrolments WHERE created_at <= $1")
        .bind(now - PENDING_TTL_MS)
        .execute(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_read_as_typed() {
        assert_eq!(recovery_key("ab2cd-EF3GH"), "AB2CDEF3GH");
        assert_eq!(recovery_key(" ab2cd ef3gh "), "AB2CDEF3GH");
        assert_eq!(recovery_key("۲۳۴۵۶-ABCDE"), "23456ABCDE");
        let codes = new_recovery_codes().expect("codes");
        assert_eq!(codes.len(), 10);
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 11 && c.as_bytes()[5] == b'-')
        );
    }

    #[test]
    fn a_code_of_the_rfc_6238_test_vector_is_accepted() {
        // RFC 6238 appendix B, SHA-1: the secret "12345678901234567890" at 59 s gives 287082 (the
        // last six digits of 94287082).
        let secret = Secret::from(b"12345678901234567890".to_vec()).to_base32();
        let t = totp(&secret, "0034567895").expect("totp");
        assert_eq!(t.generate(59).to_string(), "287082");
        assert_eq!(t.check("287082", 59), Some(1));
        assert_eq!(t.check("287082", 59 + 95), None);
    }

    #[test]
    fn the_qr_code_is_an_svg_of_squares() {
        let svg = qr_svg("otpauth://totp/Poshtiban:x?secret=ABC", "کد <QR>").expect("svg");
        assert!(svg.starts_with("<svg") && svg.contains("h1v1h-1z"));
        assert!(!svg.contains("<QR>"));
    }
}
