//! Typed configuration, read once from the environment (and `.env`) at start-up.

use std::env;

#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite:…` or `postgres:…`.
    pub database_url: String,
    pub db_max_connections: u32,
    /// Mark cookies `Secure` (set when the site is served over TLS).
    pub cookie_secure: bool,
    /// The public origin (`https://support.example.ir`); when unset, a state-changing request's
    /// `Origin` must match its `Host`.
    pub public_origin: Option<String>,
    /// Trust `X-Forwarded-For` for the client address (only behind a reverse proxy you run).
    pub trust_proxy: bool,
    pub session_ttl_hours: i64,
    /// How often a live stream looks whether its session still holds.
    pub live_session_check_seconds: u64,
    /// Insert the demo catalogue and accounts on start when the database is empty.
    pub seed_demo: bool,
    /// Failed logins allowed per account, and per address, within `login_window_minutes`.
    pub login_max_failures_account: i64,
    pub login_max_failures_address: i64,
    pub login_window_minutes: i64,
    /// Days after closing during which an applicant may reopen a request.
    pub reopen_window_days: i64,
    /// Days after which a resolved request the applicant left alone is closed.
    pub auto_close_resolved_days: i64,
    /// Seconds between two passes of the SLA scheduler (warnings and breaches).
    pub sla_tick_seconds: u64,
    /// Largest attachment, and largest total of attachments per request, in megabytes.
    pub max_file_mb: u64,
    pub max_request_files_mb: u64,
    /// SMTP relay for e-mail; unset: e-mail is not sent (messages are marked skipped).
    pub smtp_host: Option<String>,
    pub smtp_port: u16,
    pub smtp_user: Option<String>,
    pub smtp_password: Option<String>,
    pub smtp_from: String,
    /// "outbox" (record only, the default) or "kavenegar".
    pub sms_provider: String,
    pub sms_api_key: Option<String>,
    pub sms_sender: String,
    pub sms_base_url: String,
    pub outbox_max_attempts: i64,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {0}")]
pub struct ConfigError(String);

impl Config {
    pub fn max_file_bytes(&self) -> u64 {
        self.max_file_mb * 1024 * 1024
    }

    pub fn max_request_bytes(&self) -> u64 {
        self.max_request_files_mb * 1024 * 1024
    }

    /// The address of the app in links sent by e-mail.
    pub fn origin(&self) -> &str {
        self.public_origin
            .as_deref()
            .unwrap_or("http://127.0.0.1:3000")
    }

    pub const DEFAULT_DATABASE_URL: &'static str = "sqlite:data/poshtiban.db";

    /// Reads `.env` (if present) and the environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        let _ = dotenvy::dotenv();
        Self::from_lookup(|k| env::var(k).ok())
    }

    /// Builds a configuration from any key lookup (tests pass a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let database_url = get("DATABASE_URL").unwrap_or_else(|| Self::DEFAULT_DATABASE_URL.into());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres:")
            || database_url.starts_with("postgresql:"))
        {
            return Err(ConfigError(
                "DATABASE_URL must start with sqlite: or postgres:".into(),
            ));
        }
        let public_origin = get("PUBLIC_ORIGIN")
            .map(|s| s.trim().trim_end_matches('/').to_string())
            .filter(|s| !s.is_empty());
        Ok(Config {
            database_url,
            db_max_connections: parse(&get, "DATABASE_MAX_CONNECTIONS", 16)?,
            cookie_secure: parse_bool(&get, "COOKIE_SECURE", false)?,
            public_origin,
            trust_proxy: parse_bool(&get, "TRUST_PROXY_HEADERS", false)?,
            session_ttl_hours: parse(&get, "SESSION_TTL_HOURS", 72)?,
            seed_demo: parse_bool(&get, "SEED_DEMO", false)?,
            login_max_failures_account: parse(&get, "LOGIN_MAX_FAILURES_ACCOUNT", 5)?,
            login_max_failures_address: parse(&get, "LOGIN_MAX_FAILURES_ADDRESS", 30)?,
            login_window_minutes: parse(&get, "LOGIN_WINDOW_MINUTES", 15)?,
            live_session_check_seconds: parse(&get, "LIVE_SESSION_CHECK_SECONDS", 30)?,
            reopen_window_days: parse(&get, "REOPEN_WINDOW_DAYS", 7)?,
            auto_close_resolved_days: parse(&get, "AUTO_CLOSE_RESOLVED_DAYS", 7)?,
            sla_tick_seconds: parse(&get, "SLA_TICK_SECONDS", 60)?,
            max_file_mb: parse(&get, "MAX_FILE_MB", 10)?,
            max_request_files_mb: parse(&get, "MAX_REQUEST_FILES_MB", 30)?,
            smtp_host: get("SMTP_HOST").filter(|s| !s.trim().is_empty()),
            smtp_port: parse(&get, "SMTP_PORT", 25)?,
            smtp_user: get("SMTP_USER").filter(|s| !s.is_empty()),
            smtp_password: get("SMTP_PASSWORD").filter(|s| !s.is_empty()),
            smtp_from: get("SMTP_FROM").unwrap_or_else(|| crate::copy::DEFAULT_MAIL_FROM.into()),
            sms_provider: get("SMS_PROVIDER").unwrap_or_else(|| "outbox".into()),
            sms_api_key: get("SMS_API_KEY").filter(|s| !s.is_empty()),
            sms_sender: get("SMS_SENDER").unwrap_or_default(),
            sms_base_url: get("SMS_BASE_URL").unwrap_or_else(|| "https://api.kavenegar.com".into()),
            outbox_max_attempts: parse(&get, "OUTBOX_MAX_ATTEMPTS", 8)?,
        })
    }

    pub fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }
}

fn parse<T: std::str::FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    key: &str,
    default: T,
) -> Result<T, ConfigError> {
    match get(key) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| ConfigError(format!("{key} has an invalid value: {v}"))),
    }
}

fn parse_bool(
    get: &impl Fn(&str) -> Option<String>,
    key: &str,
    default: bool,
) -> Result<bool, ConfigError> {
    match get(key).as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(v) => Err(ConfigError(format!("{key} must be true or false, not {v}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_to_embedded_sqlite() {
        let c = from(&[]).expect("defaults are valid");
        assert_eq!(c.database_url, Config::DEFAULT_DATABASE_URL);
        assert!(!c.is_postgres());
        assert!(!c.cookie_secure);
    }

    #[test]
    fn rejects_unknown_database_and_bad_flags() {
        assert!(from(&[("DATABASE_URL", "mysql://x")]).is_err());
        assert!(from(&[("COOKIE_SECURE", "perhaps")]).is_err());
        assert!(from(&[("SESSION_TTL_HOURS", "many")]).is_err());
        let c = from(&[
            ("DATABASE_URL", "postgres://u@127.0.0.1/db"),
            ("COOKIE_SECURE", "true"),
        ])
        .expect("valid");
        assert!(c.is_postgres() && c.cookie_secure);
    }
}
