//! Notifications: written to the `outbox` table in the transaction of the change they announce,
//! delivered by a worker with retries and back-off, so a mail server or SMS panel that is down
//! loses nothing. E-mail goes over SMTP (lettre); SMS through a provider interface whose default
//! only records the message, with a Kavenegar-style HTTP adapter.
//!
//! A row's `status`: `pending` → `sending` (claimed by a worker) → `sent`, or back to `pending`
//! for a retry, or `failed` once given up; `skipped` when this instance has no SMTP server;
//! `held` for a text message this instance does not deliver (the default provider): it stays in
//! the outbox, unsent, for a relay outside the app, and no worker claims it.

pub mod live;

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use sqlx::{Any, Row, Transaction};

use crate::domain::notify::{Message, Notice, compose};
use crate::server::platform::config::{Config, SmsPanel, SmsSettings};
use crate::server::platform::db::{Batch, Db};
use crate::server::platform::secret::Secret;
use crate::server::platform::state::AppState;
use crate::wire::AppError;

/// A row abandoned in `sending` this long (its instance died) is tried again.
const STALE_CLAIM_MS: i64 = 5 * 60_000;
const BATCH: i64 = 50;

/// Sends e-mail.
pub trait Mailer: Send + Sync {
    /// `None` when e-mail is not configured (messages are then marked skipped).
    fn send<'a>(
        &'a self,
        to: &'a str,
        subject: &'a str,
        body: &'a str,
    ) -> Option<BoxFuture<'a, Result<(), String>>>;

    /// Whether this instance can send e-mail at all.
    fn configured(&self) -> bool {
        true
    }
}

/// Sends text messages.
pub trait SmsProvider: Send + Sync {
    /// `None` when this instance does not deliver text messages (they are then held).
    fn send<'a>(&'a self, to: &'a str, text: &'a str) -> Option<BoxFuture<'a, Result<(), String>>>;

    /// Whether messages leave the outbox at all (the default provider only records them).
    fn delivers(&self) -> bool {
        true
    }
}

/// SMTP through lettre (plain SMTP to the configured relay, with credentials when given).
pub struct SmtpMailer {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl SmtpMailer {
    pub fn new(config: &Config) -> Option<SmtpMailer> {
        let host = config.smtp_host.as_deref()?;
        let mut builder =
            lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous(host)
                .port(config.smtp_port)
                .timeout(Some(Duration::from_secs(10)));
        if let Some(login) = &config.smtp_login {
            builder =
                builder.credentials(lettre::transport::smtp::authentication::Credentials::new(
                    login.user.clone(),
                    login.password.expose().to_string(),
                ));
        }
        Some(SmtpMailer {
            transport: builder.build(),
            from: config.smtp_from.clone(),
        })
    }
}

/// No e-mail configured.
pub struct NoMailer;

impl Mailer for NoMailer {
    fn send<'a>(
        &'a self,
        _: &'a str,
        _: &'a str,
        _: &'a str,
    ) -> Option<BoxFuture<'a, Result<(), String>>> {
        None
    }

    fn configured(&self) -> bool {
        false
    }
}

impl Mailer for SmtpMailer {
    fn send<'a>(
        &'a self,
        to: &'a str,
        subject: &'a str,
        body: &'a str,
    ) -> Option<BoxFuture<'a, Result<(), String>>> {
        Some(Box::pin(async move {
            use lettre::AsyncTransport;
            let to: lettre::message::Mailbox =
                to.parse().map_err(|e| format!("bad address: {e}"))?;
            let email = lettre::Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(subject)
                .header(lettre::message::header::ContentType::TEXT_PLAIN)
                .body(body.to_string())
                .map_err(|e| e.to_string())?;
            self.transport
                .send(email)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        }))
    }
}

/// The default SMS "provider": the message stays in the outbox, held (never marked sent: nothing
/// sent it), for deployments without an SMS panel and for development.
pub struct OutboxOnlySms;

impl SmsProvider for OutboxOnlySms {
    fn send<'a>(&'a self, _: &'a str, _: &'a str) -> Option<BoxFuture<'a, Result<(), String>>> {
        None
    }

    fn delivers(&self) -> bool {
        false
    }
}

/// Development and the demo: each text message is written to the server's log (where the
/// person trying the demo reads their code) and counts as delivered.
pub struct ConsoleSms;

impl SmsProvider for ConsoleSms {
    fn send<'a>(&'a self, to: &'a str, text: &'a str) -> Option<BoxFuture<'a, Result<(), String>>> {
        Some(Box::pin(async move {
            tracing::info!(to, "SMS (console): {text}");
            Ok(())
        }))
    }
}

/// A Kavenegar-style HTTP panel: `POST {base}/v1/{api_key}/sms/send.json` with `receptor`,
/// `sender` and `message`; success is a JSON body whose `return.status` is 200.
pub struct HttpSms {
    client: reqwest::Client,
    base: String,
    api_key: Secret,
    sender: String,
}

impl HttpSms {
    pub fn new(panel: &SmsPanel) -> HttpSms {
        HttpSms {
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                // A panel answers where it was asked; following a redirect would carry the key
                // (in the path) to wherever it points.
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_default(),
            base: panel.base_url.trim_end_matches('/').to_string(),
            api_key: panel.api_key.clone(),
            sender: panel.sender.clone(),
        }
    }
}

impl HttpSms {
    /// A failed request, told without its address: the key is part of the path, and what is
    /// said here goes to the log and to `outbox.last_error`.
    fn describe(&self, e: reqwest::Error) -> String {
        let e = e.without_url();
        let mut text = e.to_string();
        // reqwest's own words are generic ("error sending request"); the cause is in the chain.
        let mut cause = std::error::Error::source(&e);
        while let Some(c) = cause {
            text.push_str(": ");
            text.push_str(&c.to_string());
            cause = c.source();
        }
        // Nothing in the chain should quote the key, but a library's message is not ours to
        // promise.
        self.api_key.scrub(&text)
    }
}

impl SmsProvider for HttpSms {
    fn send<'a>(&'a self, to: &'a str, text: &'a str) -> Option<BoxFuture<'a, Result<(), String>>> {
        Some(Box::pin(async move {
            // Panels want the local form 09…
            let receptor = crate::domain::identity::Mobile::parse(to)
                .map(|m| m.display())
                .unwrap_or_else(|_| to.to_string());
            let res = self
                .client
                .post(format!(
                    "{}/v1/{}/sms/send.json",
                    self.base,
                    self.api_key.expose()
                ))
                .form(&[
                    ("receptor", receptor.as_str()),
                    ("sender", &self.sender),
                    ("message", text),
                ])
                .send()
                .await
                .map_err(|e| self.describe(e))?;
            let status = res.status();
            let body: serde_json::Value = res.json().await.unwrap_or_default();
            let code = body["return"]["status"].as_i64().unwrap_or(0);
            if status.is_success() && code == 200 {
                Ok(())
            } else {
                Err(format!("panel answered {status} / {code}"))
            }
        }))
    }
}

/// The channels and the worker's wake-up bell.
pub struct Notifier {
    /// The app's clock, for the rows it queues.
    pub clock: crate::server::platform::clock::Clock,
    pub mailer: Box<dyn Mailer>,
    pub sms: Box<dyn SmsProvider>,
    pub wake: tokio::sync::Notify,
    pub max_attempts: i64,
}

impl Notifier {
    pub fn from_config(
        config: &Config,
        clock: crate::server::platform::clock::Clock,
    ) -> Arc<Notifier> {
        let mailer: Box<dyn Mailer> = match SmtpMailer::new(config) {
            Some(m) => Box::new(m),
            None => Box::new(NoMailer),
        };
        let sms: Box<dyn SmsProvider> = match &config.sms {
            SmsSettings::Outbox => Box::new(OutboxOnlySms),
            SmsSettings::Console => Box::new(ConsoleSms),
            SmsSettings::Kavenegar(panel) => Box::new(HttpSms::new(panel)),
        };
        Arc::new(Notifier {
            clock,
            mailer,
            sms,
            wake: tokio::sync::Notify::new(),
            max_attempts: config.outbox_max_attempts,
        })
    }
}

impl Notifier {
    /// How a new outbox row starts: `pending` for the worker, or already in the state the worker
    /// would put it in when this instance has nothing to deliver it with (no SMTP server:
    /// skipped; SMS recorded in the outbox only: held). The worker then has no row to claim and
    /// update twice, which on SQLite would compete with filings for the one writer.
    fn start(&self, channel: &str) -> &'static str {
        match channel {
            "email" if !self.mailer.configured() => "skipped",
            "sms" if !self.sms.delivers() => "held",
            _ => "pending",
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn insert_into(
    batch: &mut Batch,
    notifier: &Notifier,
    channel: &str,
    recipient: &str,
    subject: &str,
    body: &str,
    kind: &str,
    request_id: Option<i64>,
) {
    batch.push(
        "INSERT INTO outbox (channel, recipient, subject, body, kind, request_id, status, \
         next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        vec![
            channel.into(),
            recipient.into(),
            subject.into(),
            body.into(),
            kind.into(),
            request_id.into(),
            notifier.start(channel).into(),
            batch.now.into(),
        ],
    );
}

/// Who hears about a request, and how they chose to.
pub struct Recipient {
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub by_email: bool,
    pub by_sms: bool,
}

impl Recipient {
    /// From a row with `email, mobile, notify_email, notify_sms`.
    pub fn from_row(r: &sqlx::any::AnyRow) -> Result<Recipient, AppError> {
        Ok(Recipient {
            email: r
                .try_get::<Option<String>, _>("email")?
                .filter(|e| !e.is_empty()),
            mobile: r.try_get("mobile")?,
            by_email: r.try_get::<i64, _>("notify_email")? == 1,
            by_sms: r.try_get::<i64, _>("notify_sms")? == 1,
        })
    }
}

/// Queues a notice to `to` about the request `code` (stored form) titled `title`, in the
/// caller's transaction. Call `wake` after commit.
#[allow(clippy::too_many_arguments)]
pub fn notices_into(
    batch: &mut Batch,
    notifier: &Notifier,
    origin: &str,
    to: &Recipient,
    request_id: i64,
    code: &str,
    title: &str,
    notice: Notice,
) {
    let shown = crate::domain::tracking::parse(code)
        .map(|c| c.display_fa())
        .unwrap_or_else(|_| code.to_string());
    let message = compose(
        notice,
        &shown,
        title,
        &format!("{origin}/requests/{code}{}", notice.link_suffix()),
    );
    message_into(
        batch,
        notifier,
        to,
        &message,
        notice.as_str(),
        Some(request_id),
    );
}

/// Queues a message to `to` by each channel they chose, in the caller's transaction.
pub fn message_into(
    batch: &mut Batch,
    notifier: &Notifier,
    to: &Recipient,
    message: &Message,
    kind: &str,
    request_id: Option<i64>,
) {
    if let (true, Some(email)) = (to.by_email, &to.email) {
        insert_into(
            batch,
            notifier,
            "email",
            email,
            &message.subject,
            &message.email_body,
            kind,
            request_id,
        );
    }
    if let (true, Some(mobile)) = (to.by_sms, &to.mobile) {
        insert_into(
            batch,
            notifier,
            "sms",
            mobile,
            "",
            &message.sms,
            kind,
            request_id,
        );
    }
}

/// Queues the applicant's notice about a request, looking up who and how.
pub async fn enqueue_notice(
    tx: &mut Transaction<'static, Any>,
    notifier: &Notifier,
    origin: &str,
    request_id: i64,
    notice: Notice,
) -> Result<(), AppError> {
    let Some(r) = sqlx::query(
        "SELECT r.tracking_code, r.subject, u.email, u.mobile, u.notify_email, u.notify_sms \
         FROM requests r JOIN users u ON u.id = r.applicant_id WHERE r.id = $1",
    )
    .bind(request_id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(());
    };
    let code: String = r
        .try_get::<Option<String>, _>("tracking_code")?
        .unwrap_or_default();
    let title: String = r.try_get("subject")?;
    let mut batch = Batch::new(notifier.clock.now_ms());
    notices_into(
        &mut batch,
        notifier,
        origin,
        &Recipient::from_row(&r)?,
        request_id,
        &code,
        &title,
        notice,
    );
    batch.run(tx).await?;
    Ok(())
}

/// Queues the e-mail about an SLA warning or breach to the assigned agent and the supervisors
/// of the request's group (each once, those with an e-mail address).
#[allow(clippy::too_many_arguments)]
pub async fn enqueue_staff_alert(
    tx: &mut Transaction<'static, Any>,
    notifier: &Notifier,
    origin: &str,
    assignee: Option<i64>,
    group: Option<i64>,
    code: &str,
    title: &str,
    initial: bool,
    breach: bool,
) -> Result<(), AppError> {
    let to: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT u.email FROM users u WHERE u.active = 1 AND u.email IS NOT NULL AND u.email <> '' \
         AND (u.id = $1 OR (u.role = 'supervisor' AND u.id IN \
              (SELECT user_id FROM group_members WHERE group_id = $2)))",
    )
    .bind(assignee)
    .bind(group)
    .fetch_all(&mut **tx)
    .await?;
    let shown = crate::domain::tracking::parse(code)
        .map(|c| c.display_fa())
        .unwrap_or_else(|_| code.to_string());
    let (subject, body) = crate::domain::notify::sla_alert(
        &shown,
        title,
        initial,
        breach,
        &format!("{origin}/staff/requests/{code}"),
    );
    let kind = if breach { "sla_breach" } else { "sla_warning" };
    let mut batch = Batch::new(notifier.clock.now_ms());
    for email in &to {
        insert_into(
            &mut batch, notifier, "email", email, &subject, &body, kind, None,
        );
    }
    batch.run(tx).await?;
    Ok(())
}

/// Queues a one-time sign-in code.
pub async fn enqueue_otp(
    tx: &mut Transaction<'static, Any>,
    notifier: &Notifier,
    mobile: &str,
    text: &str,
) -> Result<(), AppError> {
    enqueue_sms(tx, notifier, mobile, text, "otp").await
}

/// Queues a text message about the account itself (`kind`: `otp` for codes, which are wiped
/// once no longer good, `account` for notices of changes).
pub async fn enqueue_sms(
    tx: &mut Transaction<'static, Any>,
    notifier: &Notifier,
    mobile: &str,
    text: &str,
    kind: &str,
) -> Result<(), AppError> {
    let mut batch = Batch::new(notifier.clock.now_ms());
    insert_into(&mut batch, notifier, "sms", mobile, "", text, kind, None);
    batch.run(tx).await?;
    Ok(())
}

/// Queues the e-mail carrying the code that confirms a new address (wiped like other codes).
pub async fn enqueue_email_code(
    tx: &mut Transaction<'static, Any>,
    notifier: &Notifier,
    address: &str,
    subject: &str,
    body: &str,
) -> Result<(), AppError> {
    let mut batch = Batch::new(notifier.clock.now_ms());
    insert_into(
        &mut batch, notifier, "email", address, subject, body, "otp", None,
    );
    batch.run(tx).await?;
    Ok(())
}

/// Back-off before attempt `n + 1`: 15 s, 30 s, 1 min … at most an hour.
pub fn backoff_ms(attempts: i64) -> i64 {
    let step = 15_000i64.saturating_mul(1i64 << attempts.clamp(0, 20));
    step.min(3_600_000)
}

/// What became of a claimed message.
enum Outcome {
    Sent,
    /// Not tried: this instance cannot deliver on the message's channel (`skipped`, `held`).
    Parked(&'static str),
    Failed(String),
}

impl From<Result<(), String>> for Outcome {
    fn from(result: Result<(), String>) -> Outcome {
        match result {
            Ok(()) => Outcome::Sent,
            Err(e) => Outcome::Failed(e),
        }
    }
}

/// Delivers what is due; returns how many were sent. Safe on several instances: a batch is
/// claimed with one guarded update (a row another instance claimed meanwhile is skipped), and
/// the outcomes are written in one transaction.
pub async fn deliver_due(db: &Db, notifier: &Notifier) -> Result<usize, AppError> {
    let now = db.now_ms();
    let stale = now - STALE_CLAIM_MS;
    let mut w = db.begin_write().await?;
    let claimed = sqlx::query(
        "UPDATE outbox SET status = 'sending', claimed_at = $1 \
         WHERE id IN (SELECT id FROM outbox WHERE (status = 'pending' AND next_attempt_at <= $1) \
                      OR (status = 'sending' AND claimed_at < $2) ORDER BY id LIMIT $3) \
           AND ((status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND claimed_at < $2)) \
         RETURNING id, channel, recipient, subject, body, attempts",
    )
    .bind(now)
    .bind(stale)
    .bind(BATCH)
    .fetch_all(&mut *w.tx)
    .await?;
    w.commit().await?;
    if claimed.is_empty() {
        return Ok(0);
    }
    let mut outcomes = Vec::with_capacity(claimed.len());
    for row in &claimed {
        let id: i64 = row.try_get("id")?;
        let attempts: i64 = row.try_get("attempts")?;
        let channel: String = row.try_get("channel")?;
        let recipient: String = row.try_get("recipient")?;
        let subject: String = row.try_get("subject")?;
        let body: String = row.try_get("body")?;
        // A channel this instance cannot deliver on: e-mail is skipped, a text message held.
        let outcome = match channel.as_str() {
            "email" => match notifier.mailer.send(&recipient, &subject, &body) {
                Some(f) => Outcome::from(f.await),
                None => Outcome::Parked("skipped"),
            },
            _ => match notifier.sms.send(&recipient, &body) {
                Some(f) => Outcome::from(f.await),
                None => Outcome::Parked("held"),
            },
        };
        if let Outcome::Failed(e) = &outcome {
            tracing::warn!(id, channel, error = %e, "notification not delivered; will retry");
        }
        outcomes.push((id, attempts, outcome));
    }
    let mut sent = Vec::new();
    let mut parked = Vec::new();
    let mut w = db.begin_write().await?;
    for (id, attempts, outcome) in outcomes {
        match outcome {
            Outcome::Sent => sent.push(id),
            Outcome::Parked(status) => parked.push((status, id)),
            Outcome::Failed(e) => {
                let tried = attempts + 1;
                let (status, next) = if tried >= notifier.max_attempts {
                    ("failed", db.now_ms())
                } else {
                    ("pending", db.now_ms() + backoff_ms(attempts))
                };
                sqlx::query(
                    "UPDATE outbox SET status = $1, attempts = $2, next_attempt_at = $3, last_error = $4 WHERE id = $5",
                )
                .bind(status)
                .bind(tried)
                .bind(next)
                .bind(e.chars().take(500).collect::<String>())
                .bind(id)
                .execute(&mut *w.tx)
                .await?;
            }
        }
    }
    // Successes, skips and holds are written with one statement each (ids are integers, inlined).
    let list = |ids: &[i64]| ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    if !sent.is_empty() {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1, \
             body = CASE WHEN kind = 'otp' THEN $2 ELSE body END WHERE id IN ({})",
            list(&sent)
        )))
        .bind(db.now_ms())
        .bind(CODE_WIPED)
        .execute(&mut *w.tx)
        .await?;
    }
    for status in ["skipped", "held"] {
        let ids: Vec<i64> = parked
            .iter()
            .filter(|(s, _)| *s == status)
            .map(|(_, id)| *id)
            .collect();
        if !ids.is_empty() {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE outbox SET status = $1 WHERE id IN ({})",
                list(&ids)
            )))
            .bind(status)
            .execute(&mut *w.tx)
            .await?;
        }
    }
    w.commit().await?;
    Ok(sent.len())
}

/// What is left of a message carrying a one-time code once it is delivered or past its use.
pub const CODE_WIPED: &str = crate::copy::CODE_WIPED;

/// How long a message carrying a code is kept readable when it cannot be delivered by this
/// instance (held) or waits for a panel that is down: the longest a code is good for.
const CODE_READABLE_MS: i64 = crate::server::auth::signup::CODE_TTL_MS;

/// Wipes the codes of messages older than any code's lifetime (held messages, and those still
/// waiting for a panel, which are given up: a late code is of no use, and a relay must not send
/// the wiped text). Returns how many were wiped.
pub async fn wipe_expired_codes(db: &Db) -> Result<u64, AppError> {
    let mut w = db.begin_write().await?;
    let n = sqlx::query(
        "UPDATE outbox SET body = $1, \
           status = CASE WHEN status IN ('pending', 'sending', 'held') THEN 'failed' ELSE status END \
         WHERE kind = 'otp' AND created_at < $2 AND created_at > $3 AND body <> $1",
    )
    .bind(CODE_WIPED)
    .bind(db.now_ms() - CODE_READABLE_MS)
    // Older ones were wiped by earlier runs (every few minutes); the window keeps the look short.
    .bind(db.now_ms() - 24 * 3_600_000)
    .execute(&mut *w.tx)
    .await?
    .rows_affected();
    w.commit().await?;
    Ok(n)
}

/// Runs the delivery loop: woken after each change that queued something, and every few
/// seconds for retries.
pub fn spawn_worker(state: AppState) {
    tokio::spawn(async move {
        loop {
            // Drain what is due, a batch at a time.
            loop {
                match deliver_due(&state.db, &state.notifier).await {
                    Ok(n) if n as i64 >= BATCH => continue,
                    Ok(_) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "outbox delivery failed");
                        break;
                    }
                }
            }
            tokio::select! {
                _ = state.notifier.wake.notified() => {
                    // Let a burst of changes queue up, then send them in one batch.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                _ = tokio::time::sleep(Duration::from_secs(5)) => {}
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::backoff_ms;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff_ms(0), 15_000);
        assert_eq!(backoff_ms(1), 30_000);
        assert_eq!(backoff_ms(3), 120_000);
        assert_eq!(backoff_ms(30), 3_600_000);
    }
}
