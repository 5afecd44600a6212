//! Passwords, sessions and sign-in throttling. Sessions live in the database so any app instance
//! can serve any request; the cookie carries a random token and the table keeps only its hash.

pub mod accounts;
pub mod codes;
pub mod contact;
pub mod flash;
pub mod otp;
pub mod second_factor;
pub mod signup;
pub mod throttle;

use axum::http::HeaderMap;
use sha2::{Digest, Sha256};
use sqlx::Row;

use self::throttle::Limit;
use crate::copy;
use crate::domain::account::{ApplicantKind, Role, login_lookup_key};
use crate::server::notify::live::{EventHub, SessionEnded};
use crate::server::platform::db::Db;
use crate::server::platform::state::AppState;
use crate::wire::AppError;

pub const SESSION_COOKIE: &str = "poshtiban_session";

/// The signed-in account of a request, resolved once by the middleware.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    pub id: i64,
    pub role: Role,
    pub full_name: String,
    pub applicant_kind: Option<ApplicantKind>,
}

/// What the session middleware found: stored in the request's extensions for every route.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    pub user: Option<SessionUser>,
    pub token_hash: Option<String>,
    pub client_addr: String,
}

impl Viewer {
    pub fn role(&self) -> Option<Role> {
        self.user.as_ref().map(|u| u.role)
    }
}

/// Password work (argon2: ~19 MiB and tens of milliseconds each) runs at most one per core, so
/// a burst of sign-ins queues instead of exhausting memory and starving other requests.
fn password_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    })
}

async fn with_password_slot<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _slot = password_slots()
        .acquire()
        .await
        .map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        tracing::error!(error = %e, "password task failed");
        AppError::Internal
    })
}

pub async fn hash_password(password: String) -> Result<String, AppError> {
    with_password_slot(move || password_auth::generate_hash(password)).await
}

/// Checks a password; without a stored hash it checks a decoy, so an unknown account takes as
/// long to refuse as a wrong password.
pub(crate) async fn verify_password(password: String, hash: Option<String>) -> bool {
    with_password_slot(move || {
        let hash = hash.as_deref().unwrap_or_else(|| decoy_hash());
        password_auth::verify_password(password, hash).is_ok()
    })
    .await
    .unwrap_or(false)
}

/// A hash of a password nobody has, verified against when the account does not exist so that
/// the answer takes as long either way.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| password_auth::generate_hash("poshtiban-decoy-password"))
}

pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub(crate) fn new_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| {
        tracing::error!(error = %e, "no randomness for a session token");
        AppError::Internal
    })?;
    Ok(hex::encode(bytes))
}

/// An account to create (an applicant registering, or staff added from the command line).
pub struct NewAccount<'a> {
    pub role: Role,
    pub applicant_kind: Option<ApplicantKind>,
    pub id_kind: &'a str,
    pub login_key: &'a str,
    pub full_name: &'a str,
    pub mobile: Option<&'a str>,
    pub email: Option<&'a str>,
    /// When it is created.
    pub at: i64,
}

/// Inserts an account with its password hash; returns its id. A uniqueness clash (a staff
/// account added twice, two registrations racing) names what is taken.
pub async fn create_account(
    db: &Db,
    account: &NewAccount<'_>,
    password: &str,
) -> Result<i64, AppError> {
    let hash = hash_password(password.to_string()).await?;
    let mut w = db.begin_write().await?;
    let id = insert_account(&mut w.tx, account, &hash).await?;
    w.commit().await?;
    Ok(id)
}

/// Inserts an account whose password is already hashed, in the caller's transaction.
pub async fn insert_account(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    account: &NewAccount<'_>,
    password_hash: &str,
) -> Result<i64, AppError> {
    let row = sqlx::query(
        "INSERT INTO users (role, applicant_kind, id_kind, login_key, full_name, mobile, email, \
         password_hash, active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9) \
         RETURNING id",
    )
    .bind(account.role.as_str())
    .bind(account.applicant_kind.map(ApplicantKind::as_str))
    .bind(account.id_kind)
    .bind(account.login_key)
    .bind(account.full_name)
    .bind(account.mobile)
    .bind(account.email)
    .bind(password_hash)
    .bind(account.at)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| match e {
        // SQLite says "users.mobile", PostgreSQL "users_mobile_key".
        sqlx::Error::Database(d) if d.is_unique_violation() && d.message().contains("mobile") => {
            AppError::Conflict(copy::ERR_DUPLICATE_MOBILE.into())
        }
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            AppError::Conflict(copy::ERR_DUPLICATE_IDENTIFIER.into())
        }
        other => other.into(),
    })?;
    Ok(row.try_get("id")?)
}

/// The signed-in account from a row with `id, role, applicant_kind, full_name`.
fn session_user(r: &sqlx::any::AnyRow) -> Result<SessionUser, AppError> {
    let role = Role::parse(&r.try_get::<String, _>("role")?).ok_or(AppError::Internal)?;
    let kind: Option<String> = r.try_get("applicant_kind")?;
    Ok(SessionUser {
        id: r.try_get("id")?,
        role,
        full_name: r.try_get("full_name")?,
        applicant_kind: kind.as_deref().and_then(ApplicantKind::parse),
    })
}

/// An active account by id.
pub async fn user_by_id(db: &Db, id: i64) -> Result<Option<SessionUser>, AppError> {
    sqlx::query(
        "SELECT id, role, applicant_kind, full_name FROM users WHERE id = $1 AND active = 1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .as_ref()
    .map(session_user)
    .transpose()
}

/// The applicant's notification choices: (email, notify by e-mail, notify by SMS).
/// The sign-in limits: failed passwords per address and per account from browsers the account
/// has not signed in from before, and per browser for those it has.
fn login_limits(cfg: &crate::server::platform::config::Config) -> (Limit, Limit, Limit) {
    let window = cfg.login_window_minutes * 60_000;
    (
        Limit::new("login_address", cfg.login_max_failures_address, window),
        Limit::new("login_account", cfg.login_max_failures_account, window),
        Limit::new("login_device", cfg.login_max_failures_account, window),
    )
}

/// Checks the credentials. Every attempt is counted before the password is checked, each limit
/// by one atomic statement, so parallel guesses cannot slip under a limit; a success takes its
/// count back. Attempts from a browser the account signed in from before (`device`, its cookie)
/// count against that browser alone: a stranger guessing at an account can lock out other
/// strangers, never the account's owner at their own browser. The answer and its timing are the
/// same whether or not the account exists.
pub async fn login(
    state: &AppState,
    identifier: &str,
    password: &str,
    client_addr: &str,
    device: Option<&str>,
) -> Result<SessionUser, AppError> {
    let db = &state.db;
    let key = login_lookup_key(identifier);
    if key.is_empty() || password.is_empty() {
        return Err(AppError::validation("identifier", copy::ERR_LOGIN_EMPTY));
    }
    let (per_address, per_account, per_device) = login_limits(&state.config);
    let row = sqlx::query(
        "SELECT u.id, u.role, u.applicant_kind, u.full_name, u.password_hash, \
                (SELECT COUNT(*) FROM trusted_devices d WHERE d.token_hash = $2 AND d.user_id = u.id) AS trusted \
         FROM users u WHERE u.login_key = $1 AND u.active = 1",
    )
    .bind(&key)
    .bind(device.map(token_hash).unwrap_or_default())
    .fetch_optional(&db.pool)
    .await?;
    let trusted_device = match (&row, device) {
        (Some(r), Some(d)) if r.try_get::<i64, _>("trusted")? > 0 => Some(token_hash(d)),
        _ => None,
    };
    let limits = match &trusted_device {
        Some(hash) => vec![(per_device, hash.clone())],
        None => vec![
            (per_address, client_addr.to_string()),
            (per_account, key.clone()),
        ],
    };
    let now = state.db.now_ms();
    let mut w = db.begin_write().await?;
    let mut allowed = true;
    for (limit, k) in &limits {
        allowed &= throttle::hit(&mut w.tx, *limit, k, now).await?;
    }
    w.commit().await?;
    if !allowed {
        return Err(AppError::TooManyAttempts(copy::ERR_LOGIN_THROTTLED.into()));
    }

    let (user, hash) = match row {
        Some(r) => (
            Some(session_user(&r)?),
            Some(r.try_get::<String, _>("password_hash")?),
        ),
        None => (None, None),
    };
    let verified = verify_password(password.to_string(), hash).await;
    match user {
        Some(user) if verified => {
            let mut w = db.begin_write().await?;
            match &trusted_device {
                Some(hash) => throttle::clear(&mut w.tx, per_device, hash).await?,
                None => {
                    throttle::take_back(&mut w.tx, per_address, client_addr).await?;
                    throttle::clear(&mut w.tx, per_account, &key).await?;
                }
            }
            w.commit().await?;
            Ok(user)
        }
        _ => Err(AppError::validation("identifier", copy::ERR_LOGIN_FAILED)),
    }
}

pub const DEVICE_COOKIE: &str = "poshtiban_device";
/// How long a browser stays known to an account after its last sign-in.
const DEVICE_TTL_MS: i64 = 180 * 24 * 3_600_000;

/// Remembers the browser an account just signed in from; returns the cookie to set. A browser
/// that already carries a token for this account keeps it.
pub async fn remember_device(
    state: &AppState,
    user_id: i64,
    current: Option<&str>,
) -> Result<String, AppError> {
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    if let Some(token) = current {
        let kept = sqlx::query(
            "UPDATE trusted_devices SET last_used_at = $1 WHERE token_hash = $2 AND user_id = $3",
        )
        .bind(now)
        .bind(token_hash(token))
        .bind(user_id)
        .execute(&mut *w.tx)
        .await?
        .rows_affected();
        if kept == 1 {
            w.commit().await?;
            return Ok(device_cookie(token, state));
        }
    }
    let token = new_token()?;
    sqlx::query(
        "INSERT INTO trusted_devices (token_hash, user_id, created_at, last_used_at) VALUES ($1, $2, $3, $3)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(now)
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    Ok(device_cookie(&token, state))
}

fn device_cookie(token: &str, state: &AppState) -> String {
    let max_age = DEVICE_TTL_MS / 1000;
    let secure = if state.config.cookie_secure {
        "; Secure"
    } else {
        ""
    };
    // Only the sign-in calls read it.
    format!("{DEVICE_COOKIE}={token}; Path=/api; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// Starts a session and returns the cookie token. Any session the browser already had is
/// ended first, so a session id never survives a sign-in (no fixation).
pub async fn start_session(
    state: &AppState,
    user_id: i64,
    previous_token_hash: Option<&str>,
) -> Result<String, AppError> {
    let token = new_token()?;
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    if let Some(prev) = previous_token_hash {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(prev)
            .execute(&mut *w.tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(now)
    .bind(now + state.config.session_ttl_hours * 3_600_000)
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    Ok(token)
}

/// Ends a session (signing out), or every session of an account (switched off, its second
/// factor reset); their live streams close on every instance.
pub async fn end_sessions(state: &AppState, ended: SessionEnded) -> Result<(), AppError> {
    let delete = match &ended {
        SessionEnded::Token(hash) => {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(hash.clone())
        }
        SessionEnded::Account(id) => {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(*id)
        }
    };
    let mut w = state.db.begin_write().await?;
    delete.execute(&mut *w.tx).await?;
    EventHub::announce_session_end(&mut w.tx, state.db.backend, &ended).await?;
    w.commit().await?;
    state.events.after_session_end(state.db.backend, ended);
    Ok(())
}

/// The account a live session (by its token's hash) belongs to, as it is now.
pub async fn session_holder(db: &Db, token_hash: &str) -> Result<Option<SessionUser>, AppError> {
    let row = sqlx::query(
        "SELECT u.id, u.role, u.applicant_kind, u.full_name FROM sessions s \
         JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1",
    )
    .bind(token_hash)
    .bind(db.now_ms())
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(session_user).transpose()
}

/// The session cookie's token, if the request carries one.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    cookie_token(headers, SESSION_COOKIE)
}

/// The known-browser cookie's token, if the request carries one.
pub fn device_token(headers: &HeaderMap) -> Option<String> {
    cookie_token(headers, DEVICE_COOKIE)
}

/// A cookie holding one of our 64-hex-digit tokens.
pub(crate) fn cookie_token(headers: &HeaderMap, cookie: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == cookie)
        .map(|(_, value)| value.to_string())
        .filter(|v| v.len() == 64 && v.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Resolves a session token to its account; expired sessions and disabled accounts count as none.
pub async fn resolve_session(
    db: &Db,
    token: &str,
) -> Result<Option<(SessionUser, String)>, AppError> {
    let hash = token_hash(token);
    Ok(session_holder(db, &hash).await?.map(|user| (user, hash)))
}

pub fn session_cookie(token: &str, state: &AppState) -> String {
    let max_age = state.config.session_ttl_hours * 3600;
    let secure = if state.config.cookie_secure {
        "; Secure"
    } else {
        ""
    };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

pub fn clear_session_cookie(state: &AppState) -> String {
    let secure = if state.config.cookie_secure {
        "; Secure"
    } else {
        ""
    };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

/// The longest window of any limit; counters older than two of them are pruned.
const THROTTLE_HORIZON_MS: i64 = 24 * 3_600_000;

/// Deletes expired sessions, old limit counters and browsers unused for long.
pub async fn prune(state: &AppState) -> Result<(), AppError> {
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(&mut *w.tx)
        .await?;
    throttle::prune(&mut w.tx, now, THROTTLE_HORIZON_MS).await?;
    sqlx::query("DELETE FROM trusted_devices WHERE last_used_at <= $1")
        .bind(now - DEVICE_TTL_MS)
        .execute(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(())
}
