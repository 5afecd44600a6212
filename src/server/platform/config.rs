//! Typed configuration, read once from the environment (and `.env`) at start-up. A setting that
//! cannot work (an unknown SMS provider, a panel without its key, an unreadable sender address)
//! stops the start with its name, rather than turning into silence later. Secrets are held as
//! [`Secret`], so the configuration can be printed with `{:?}`.

use std::env;

use lettre::message::Mailbox;

use crate::server::platform::secret::Secret;

#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite:…` or `postgres:…` (a secret: a PostgreSQL address carries its password).
    pub database_url: Secret,
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
    /// With `seed_demo`, also the demo's fees (`SEED_DEMO_FEES`, on by default): two services
    /// that cost something, so the demo shows paying.
    pub seed_demo_fees: bool,
    /// With `seed_demo`, also a demo call (`SEED_DEMO_CALLS`, on by default): «انتقال و مهمانی»
    /// opens only within its calls, and one is open for a few more days.
    pub seed_demo_calls: bool,
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
    /// `SMTP_USER` and `SMTP_PASSWORD`, given together or not at all.
    pub smtp_login: Option<SmtpLogin>,
    /// `SMTP_FROM`, e.g. `Desk <desk@example.ir>`.
    pub smtp_from: Mailbox,
    /// Where text messages go (`SMS_PROVIDER`).
    pub sms: SmsSettings,
    pub outbox_max_attempts: i64,
    /// The gateway fees are paid through (`PAYMENT_GATEWAY`: `zarinpal` or `sep`); `None`
    /// (`none`, the default without a simulator): fee-bearing requests wait, and paying says
    /// the gateway is unavailable.
    pub gateway: Option<GatewaySettings>,
    /// `PAYMENT_SIMULATOR`: an address (`127.0.0.1:3099`, port 0 for any) where this process
    /// also serves the gateway simulator; the gateway then defaults to Zarinpal on it.
    pub payment_simulator: Option<std::net::SocketAddr>,
    /// How late the simulator answers a "slow" verification (`PAYMENT_SIMULATOR_SLOW_MS`).
    pub payment_simulator_slow_ms: u64,
    /// Days an unpaid request waits for its fee before it is cancelled (`UNPAID_CANCEL_DAYS`).
    pub unpaid_cancel_days: i64,
    /// Days after a request closes during which its applicant may still dispute it.
    pub dispute_window_days: i64,
    /// Seconds between two passes of the payment reconciliation (`PAYMENT_RECONCILE_SECONDS`).
    pub payment_reconcile_seconds: u64,
}

/// A gateway and the merchant's credentials at it.
#[derive(Debug, Clone)]
pub struct GatewaySettings {
    pub kind: crate::domain::payment::GatewayKind,
    /// Zarinpal's `merchant_id` or SEP's terminal id (`ZARINPAL_MERCHANT_ID`, `SEP_TERMINAL_ID`).
    pub merchant: Secret,
    /// `ZARINPAL_BASE_URL` (default `https://payment.zarinpal.com`) or `SEP_BASE_URL` (default
    /// `https://sep.shaparak.ir`); the simulator's address when it runs here.
    pub base_url: String,
}

/// The merchant id the simulator accepts (a Zarinpal merchant id's shape).
pub const SIMULATOR_MERCHANT: &str = "00000000-0000-4000-8000-000000000000";

#[derive(Debug, Clone)]
pub struct SmtpLogin {
    pub user: String,
    pub password: Secret,
}

/// Where text messages go.
#[derive(Debug, Clone)]
pub enum SmsSettings {
    /// `outbox` (the default): recorded in the outbox and held there; this instance sends
    /// nothing (a relay outside the app may).
    Outbox,
    /// `console`: written to the server's log, where the person trying the demo reads their code.
    Console,
    /// `kavenegar`: a Kavenegar-style HTTP panel.
    Kavenegar(SmsPanel),
}

/// A Kavenegar-style HTTP panel: `SMS_BASE_URL`, `SMS_API_KEY` (required) and `SMS_SENDER`.
#[derive(Debug, Clone)]
pub struct SmsPanel {
    pub base_url: String,
    pub api_key: Secret,
    pub sender: String,
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
            database_url: Secret::new(database_url),
            db_max_connections: parse(&get, "DATABASE_MAX_CONNECTIONS", 16)?,
            cookie_secure: parse_bool(&get, "COOKIE_SECURE", false)?,
            public_origin,
            trust_proxy: parse_bool(&get, "TRUST_PROXY_HEADERS", false)?,
            session_ttl_hours: parse(&get, "SESSION_TTL_HOURS", 72)?,
            seed_demo: parse_bool(&get, "SEED_DEMO", false)?,
            seed_demo_fees: parse_bool(&get, "SEED_DEMO_FEES", true)?,
            seed_demo_calls: parse_bool(&get, "SEED_DEMO_CALLS", true)?,
            login_max_failures_account: parse(&get, "LOGIN_MAX_FAILURES_ACCOUNT", 5)?,
            login_max_failures_address: parse(&get, "LOGIN_MAX_FAILURES_ADDRESS", 30)?,
            login_window_minutes: parse(&get, "LOGIN_WINDOW_MINUTES", 15)?,
            live_session_check_seconds: parse(&get, "LIVE_SESSION_CHECK_SECONDS", 30)?,
            reopen_window_days: parse(&get, "REOPEN_WINDOW_DAYS", 7)?,
            auto_close_resolved_days: parse(&get, "AUTO_CLOSE_RESOLVED_DAYS", 7)?,
            sla_tick_seconds: parse(&get, "SLA_TICK_SECONDS", 60)?,
            max_file_mb: parse(&get, "MAX_FILE_MB", 10)?,
            max_request_files_mb: parse(&get, "MAX_REQUEST_FILES_MB", 30)?,
            smtp_host: set(&get, "SMTP_HOST"),
            smtp_port: parse(&get, "SMTP_PORT", 25)?,
            smtp_login: smtp_login(&get)?,
            smtp_from: smtp_from(&get)?,
            sms: sms(&get)?,
            outbox_max_attempts: parse(&get, "OUTBOX_MAX_ATTEMPTS", 8)?,
            gateway: gateway(&get)?,
            payment_simulator: simulator_addr(&get)?,
            payment_simulator_slow_ms: parse(&get, "PAYMENT_SIMULATOR_SLOW_MS", 3_000)?,
            unpaid_cancel_days: parse(&get, "UNPAID_CANCEL_DAYS", 3)?,
            dispute_window_days: parse(&get, "DISPUTE_WINDOW_DAYS", 30)?,
            payment_reconcile_seconds: parse(&get, "PAYMENT_RECONCILE_SECONDS", 60)?,
        })
    }

    pub fn is_postgres(&self) -> bool {
        self.database_url.expose().starts_with("postgres")
    }
}

fn simulator_addr(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<std::net::SocketAddr>, ConfigError> {
    set(get, "PAYMENT_SIMULATOR")
        .map(|v| {
            v.parse().map_err(|_| {
                ConfigError("PAYMENT_SIMULATOR must be an address such as 127.0.0.1:3099".into())
            })
        })
        .transpose()
}

/// The gateway: named by `PAYMENT_GATEWAY`, Zarinpal when only the simulator is set. Without
/// the simulator a real gateway needs its credentials, or the start stops here.
fn gateway(get: &impl Fn(&str) -> Option<String>) -> Result<Option<GatewaySettings>, ConfigError> {
    use crate::domain::payment::GatewayKind;
    let simulator = set(get, "PAYMENT_SIMULATOR").is_some();
    let kind = match set(get, "PAYMENT_GATEWAY").as_deref() {
        None if simulator => GatewayKind::Zarinpal,
        None | Some("none") => return Ok(None),
        Some(name) => GatewayKind::parse(name)
            .ok_or_else(|| ConfigError("PAYMENT_GATEWAY must be zarinpal, sep or none".into()))?,
    };
    let (id_key, url_key, default_url, sim_id) = match kind {
        GatewayKind::Zarinpal => (
            "ZARINPAL_MERCHANT_ID",
            "ZARINPAL_BASE_URL",
            "https://payment.zarinpal.com",
            SIMULATOR_MERCHANT,
        ),
        GatewayKind::Sep => (
            "SEP_TERMINAL_ID",
            "SEP_BASE_URL",
            "https://sep.shaparak.ir",
            "13000000",
        ),
    };
    let merchant = match (set(get, id_key), simulator) {
        (Some(id), _) => id,
        (None, true) => sim_id.to_string(),
        (None, false) => {
            return Err(ConfigError(format!(
                "{id_key} is required for PAYMENT_GATEWAY"
            )));
        }
    };
    Ok(Some(GatewaySettings {
        kind,
        merchant: Secret::new(merchant),
        // With the simulator and no address given, the state points it at the simulator.
        base_url: set(get, url_key)
            .unwrap_or_else(|| {
                if simulator {
                    String::new()
                } else {
                    default_url.to_string()
                }
            })
            .trim_end_matches('/')
            .to_string(),
    }))
}

/// A setting with something in it (blank counts as unset).
fn set(get: &impl Fn(&str) -> Option<String>, key: &str) -> Option<String> {
    get(key)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn smtp_login(get: &impl Fn(&str) -> Option<String>) -> Result<Option<SmtpLogin>, ConfigError> {
    // The password is taken as written: spaces may be part of it.
    let password = get("SMTP_PASSWORD").filter(|p| !p.is_empty());
    match (set(get, "SMTP_USER"), password) {
        (Some(user), Some(password)) => Ok(Some(SmtpLogin {
            user,
            password: Secret::new(password),
        })),
        (None, None) => Ok(None),
        (Some(_), None) => Err(ConfigError(
            "SMTP_USER is set without SMTP_PASSWORD; set both, or neither".into(),
        )),
        (None, Some(_)) => Err(ConfigError(
            "SMTP_PASSWORD is set without SMTP_USER; set both, or neither".into(),
        )),
    }
}

fn smtp_from(get: &impl Fn(&str) -> Option<String>) -> Result<Mailbox, ConfigError> {
    let from = set(get, "SMTP_FROM")
        .unwrap_or_else(|| format!("{} <no-reply@localhost>", crate::copy::EMAIL_SENDER_NAME));
    from.parse().map_err(|e| {
        ConfigError(format!(
            "SMTP_FROM is not an e-mail address such as `Desk <desk@example.ir>`: {from} ({e})"
        ))
    })
}

fn sms(get: &impl Fn(&str) -> Option<String>) -> Result<SmsSettings, ConfigError> {
    let provider = set(get, "SMS_PROVIDER").map(|p| p.to_ascii_lowercase());
    match provider.as_deref().unwrap_or("outbox") {
        "outbox" => Ok(SmsSettings::Outbox),
        "console" => Ok(SmsSettings::Console),
        "kavenegar" => {
            let api_key = get("SMS_API_KEY")
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty())
                .ok_or_else(|| {
                    ConfigError("SMS_PROVIDER=kavenegar needs the panel's SMS_API_KEY".into())
                })?;
            let base_url = set(get, "SMS_BASE_URL")
                .unwrap_or_else(|| "https://api.kavenegar.com".into())
                .trim_end_matches('/')
                .to_string();
            if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
                return Err(ConfigError(format!(
                    "SMS_BASE_URL must be an http:// or https:// address, not {base_url}"
                )));
            }
            Ok(SmsSettings::Kavenegar(SmsPanel {
                base_url,
                api_key: Secret::new(api_key),
                sender: set(get, "SMS_SENDER").unwrap_or_default(),
            }))
        }
        other => Err(ConfigError(format!(
            "SMS_PROVIDER must be outbox, console or kavenegar, not {other}"
        ))),
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
        assert_eq!(c.database_url.expose(), Config::DEFAULT_DATABASE_URL);
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

    #[test]
    fn secrets_do_not_show_in_debug_output() {
        let c = from(&[
            (
                "DATABASE_URL",
                "postgres://poshtiban:db-pass-123@127.0.0.1/poshtiban",
            ),
            ("SMTP_HOST", "mail.example.ir"),
            ("SMTP_USER", "desk"),
            ("SMTP_PASSWORD", "smtp-pass-456"),
            ("SMS_PROVIDER", "kavenegar"),
            ("SMS_API_KEY", "sms-key-789"),
        ])
        .expect("valid");
        let shown = format!("{c:?}");
        for secret in ["db-pass-123", "smtp-pass-456", "sms-key-789"] {
            assert!(!shown.contains(secret), "{secret} shows in {shown}");
        }
    }

    #[test]
    fn an_unknown_sms_provider_is_refused() {
        let e = from(&[("SMS_PROVIDER", "kavengar")]).expect_err("a typo");
        assert!(e.to_string().contains("SMS_PROVIDER"), "{e}");
        for known in ["outbox", "console", " Console "] {
            assert!(from(&[("SMS_PROVIDER", known)]).is_ok(), "{known}");
        }
    }

    #[test]
    fn the_sms_panel_needs_its_key_and_an_http_address() {
        let e = from(&[("SMS_PROVIDER", "kavenegar")]).expect_err("no key");
        assert!(e.to_string().contains("SMS_API_KEY"), "{e}");
        let e = from(&[
            ("SMS_PROVIDER", "kavenegar"),
            ("SMS_API_KEY", "k"),
            ("SMS_BASE_URL", "api.kavenegar.com"),
        ])
        .expect_err("no scheme");
        assert!(e.to_string().contains("SMS_BASE_URL"), "{e}");
        assert!(from(&[("SMS_PROVIDER", "kavenegar"), ("SMS_API_KEY", "k")]).is_ok());
    }

    #[test]
    fn an_unreadable_sender_address_is_refused() {
        let e = from(&[("SMTP_FROM", "no-reply at example")]).expect_err("not an address");
        assert!(e.to_string().contains("SMTP_FROM"), "{e}");
        assert!(from(&[("SMTP_FROM", "Desk <desk@example.ir>")]).is_ok());
    }

    #[test]
    fn smtp_user_and_password_come_together() {
        let e = from(&[("SMTP_HOST", "mail.example.ir"), ("SMTP_USER", "desk")])
            .expect_err("a user without a password");
        assert!(e.to_string().contains("SMTP_PASSWORD"), "{e}");
        assert!(from(&[("SMTP_PASSWORD", "p")]).is_err());
    }
}
