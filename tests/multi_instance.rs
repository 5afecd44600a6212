//! Several stateless app processes on one PostgreSQL database: a change made through one
//! reaches the live stream of the other (LISTEN/NOTIFY), each SLA alert is fired and mailed once,
//! and instances started at the same moment on an empty database all come up. SQLite is one
//! process, so these tests are ignored unless asked for (`-- --include-ignored`, which `make
//! test` passes with its PostgreSQL server) and show as skipped on SQLite runs.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

struct Server {
    child: tokio::process::Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

async fn start(database_url: &str) -> Server {
    start_with(database_url, &[]).await
}

async fn start_with(database_url: &str, env: &[(&str, &str)]) -> Server {
    let mut server = spawn(database_url, env);
    // Generous: a first start migrates and hashes six demo passwords in an unoptimised build,
    // while other tests start theirs.
    if let Err(e) = server.ready(Duration::from_secs(60)).await {
        panic!("{e}");
    }
    server
}

/// Starts a server process (demo data seeded) without waiting for it to come up. Its port is
/// chosen at the last moment: a port chosen early may meanwhile be taken by one of the many
/// connections the other instances open to the database.
fn spawn(database_url: &str, env: &[(&str, &str)]) -> Server {
    let port = common::free_port();
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_poshtiban"))
        .envs(env.iter().copied())
        .arg("serve")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("DATABASE_URL", database_url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("SEED_DEMO", "true")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the server starts");
    Server { child, port }
}

impl Server {
    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Waits until the server answers `/healthz`; says why not when it exits first or takes
    /// longer than `patience`.
    async fn ready(&mut self, patience: Duration) -> Result<(), String> {
        let port = self.port;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .expect("client");
        let deadline = Instant::now() + patience;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "server on port {port} exited ({status}) before answering /healthz"
                ));
            }
            if let Ok(r) = client
                .get(format!("http://127.0.0.1:{port}/healthz"))
                .send()
                .await
                && r.status().is_success()
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!(
            "server on port {port} did not come up within {patience:?}"
        ))
    }
}

async fn count(pool: &sqlx::PgPool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Gives each account (by login key) an e-mail address, with notices by e-mail on.
async fn give_addresses(pool: &sqlx::PgPool, addresses: &[(&str, &str)]) {
    for (login_key, address) in addresses {
        sqlx::query("UPDATE users SET email = $1, notify_email = 1 WHERE login_key = $2")
            .bind(address)
            .bind(login_key)
            .execute(pool)
            .await
            .expect("an address");
    }
}

/// A client signed in as `identifier` (demo password) through the instance at `base`.
async fn signed_in(base: &str, identifier: &str) -> reqwest::Client {
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let r = c
        .post(format!("{base}/api/login"))
        .header("accept", "application/json")
        .form(&[
            ("identifier", identifier),
            ("password", common::DEMO_PASSWORD),
        ])
        .send()
        .await
        .expect("login");
    assert!(r.status().is_success());
    c
}

/// Files a request of type 1 through the instance at `base`; its tracking code.
async fn file_request(c: &reqwest::Client, base: &str, subject: &str, description: &str) -> String {
    c.post(format!("{base}/api/create_request"))
        .header("accept", "application/json")
        .multipart(
            reqwest::multipart::Form::new()
                .text("type_id", "1")
                .text("subject", subject.to_string())
                .text("description", description.to_string()),
        )
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("code")
}

#[tokio::test]
#[ignore = "needs PostgreSQL (TEST_DATABASE_URL)"]
async fn a_reply_through_one_instance_reaches_the_stream_of_another() {
    common::require_postgres();
    let (url, _tmp) = common::fresh_database().await;
    // Start one first so the migrations and demo seed run once.
    let (server_a, server_b) = (start(&url).await, start(&url).await);
    let (a, b) = (server_a.base(), server_b.base());

    // Sessions live in the database: the applicant signs in on A and listens on B.
    let applicant = signed_in(&a, common::STUDENT).await;
    let staff = signed_in(&b, common::AGENT).await;
    let mut stream = applicant
        .get(format!("{b}/events"))
        .send()
        .await
        .expect("sse")
        .bytes_stream();
    let mut buf = String::new();
    assert!(
        common::next_event(&mut stream, &mut buf)
            .await
            .contains("ready")
    );

    let code: String = applicant
        .post(format!("{a}/api/create_request"))
        .header("accept", "application/json")
        .multipart(
            reqwest::multipart::Form::new()
                .text("type_id", "1")
                .text("subject", "درخواست چند نمونه‌ای")
                .text("description", "آزمون دو فرایند روی یک پایگاه داده"),
        )
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("code");
    assert!(
        common::next_event(&mut stream, &mut buf)
            .await
            .contains("request_created")
    );

    // Staff on instance B answer; the applicant's stream on B hears it, and so does a stream on A.
    let mut stream_a = applicant
        .get(format!("{a}/events"))
        .send()
        .await
        .expect("sse")
        .bytes_stream();
    let mut buf_a = String::new();
    let r = staff
        .post(format!("{b}/api/reply"))
        .header("accept", "application/json")
        .multipart(
            reqwest::multipart::Form::new()
                .text("code", code.clone())
                .text("body", "پاسخ از نمونه دوم"),
        )
        .send()
        .await
        .expect("reply");
    assert!(r.status().is_success());
    assert!(
        common::next_event(&mut stream, &mut buf)
            .await
            .contains("request_updated")
    );
    // Instance A hears of the reply made on B (its stream starts with "ready").
    assert!(
        common::next_event(&mut stream_a, &mut buf_a)
            .await
            .contains("ready")
    );
    // A's own listener may hear of the filing (made on A) only now: skip it.
    let mut heard = common::next_event(&mut stream_a, &mut buf_a).await;
    if heard.contains("request_created") {
        heard = common::next_event(&mut stream_a, &mut buf_a).await;
    }
    assert!(heard.contains("request_updated"), "{heard}");
}

#[tokio::test]
#[ignore = "needs PostgreSQL (TEST_DATABASE_URL)"]
async fn two_instances_fire_each_sla_warning_and_breach_once() {
    common::require_postgres();
    let smtp = common::SmtpServer::start(common::free_port()).await;
    let (url, _tmp) = common::fresh_database().await;
    // Both schedulers run every second, so they race for the same requests; both outbox
    // workers send through the same SMTP server.
    let smtp_port = smtp.port.to_string();
    let env = [
        ("SLA_TICK_SECONDS", "1"),
        ("SMTP_HOST", "127.0.0.1"),
        ("SMTP_PORT", smtp_port.as_str()),
    ];
    let server_a = start_with(&url, &env).await;
    let _server_b = start_with(&url, &env).await;
    let a = server_a.base();
    let c = signed_in(&a, common::STUDENT).await;
    let mut requests = Vec::new();
    for i in 0..5 {
        let title = format!("درخواست دیرمانده {i}");
        let code = file_request(&c, &a, &title, "آزمون زمان‌بند دو فرایند").await;
        requests.push((code, title));
    }
    let pool = sqlx::PgPool::connect(&url).await.expect("connect");
    // Staff have e-mail addresses; the agent is assigned every request, the supervisor is in
    // every group (the admin is neither, and is not told).
    let (agent_mail, supervisor_mail) = ("maryam@example.ir", "hossein@example.ir");
    give_addresses(
        &pool,
        &[
            (common::AGENT, agent_mail),
            (common::SUPERVISOR, supervisor_mail),
            (common::ADMIN, "narges@example.ir"),
        ],
    )
    .await;
    sqlx::query("UPDATE requests SET assignee_id = (SELECT id FROM users WHERE login_key = $1)")
        .bind(common::AGENT)
        .execute(&pool)
        .await
        .expect("assign");
    // They have all waited a month.
    sqlx::query(
        "UPDATE requests SET clock_start_at = clock_start_at - 2592000000, \
         ir_warn_at = ir_warn_at - 2592000000, ir_due_at = ir_due_at - 2592000000, \
         res_warn_at = res_warn_at - 2592000000, res_due_at = res_due_at - 2592000000, \
         sla_next_at = sla_next_at - 2592000000",
    )
    .execute(&pool)
    .await
    .expect("backdate");
    // Each of the 5 requests: a warning and a breach for each of its two clocks.
    let mut alerts = 0i64;
    for _ in 0..100 {
        alerts = count(&pool, "SELECT COUNT(*) FROM sla_alerts").await;
        if alerts >= 20 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A few more passes of both schedulers change nothing.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let after = count(&pool, "SELECT COUNT(*) FROM sla_alerts").await;
    assert_eq!((alerts, after), (20, 20));
    let breached = count(
        &pool,
        "SELECT COUNT(*) FROM requests WHERE ir_state = 'breached' AND res_state = 'breached'",
    )
    .await;
    assert_eq!(breached, requests.len() as i64);

    // Each alert reaches the agent and the supervisor once, whichever instance fired it and
    // whichever outbox worker sent it.
    let origin = poshtiban::server::platform::config::Config::from_lookup(|_| None)
        .expect("the default configuration")
        .origin()
        .to_string();
    let mut expected = Vec::new();
    for (code, title) in &requests {
        let shown = poshtiban::domain::tracking::parse(code)
            .expect("a tracking code")
            .display_fa();
        let link = format!("{origin}/staff/requests/{code}");
        for to in [agent_mail, supervisor_mail] {
            for initial in [true, false] {
                for breach in [false, true] {
                    let (subject, body) =
                        poshtiban::domain::notify::sla_alert(&shown, title, initial, breach, &link);
                    expected.push(common::Mail {
                        to: to.to_string(),
                        subject,
                        body,
                    });
                }
            }
        }
    }
    expected.sort();
    smtp.wait_for(expected.len()).await;
    for _ in 0..100 {
        let unsent = count(
            &pool,
            "SELECT COUNT(*) FROM outbox WHERE kind LIKE 'sla_%' AND status <> 'sent'",
        )
        .await;
        if unsent == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(smtp.mails(), expected, "no staff member is told twice");
    assert_eq!(
        count(
            &pool,
            "SELECT COUNT(*) FROM outbox WHERE kind LIKE 'sla_%' AND status = 'sent'"
        )
        .await,
        expected.len() as i64,
        "every alert delivered, none left to send again"
    );
}

/// Two instances started at the same moment on an empty database both come up, and the demo
/// data is there once: the migrations, the catalogue with its policies and groups, and the
/// demo accounts are each written by one of them and found by the other.
#[tokio::test]
#[ignore = "needs PostgreSQL (TEST_DATABASE_URL)"]
async fn two_instances_started_at_once_on_an_empty_database_both_come_up() {
    use poshtiban::server::platform::seed;
    common::require_postgres();
    let (url, _tmp) = common::fresh_database().await;
    let mut a = spawn(&url, &[]);
    let mut b = spawn(&url, &[]);
    let patience = Duration::from_secs(60);
    let (ra, rb) = tokio::join!(a.ready(patience), b.ready(patience));
    assert_eq!((ra, rb), (Ok(()), Ok(())), "both instances come up");

    let pool = sqlx::PgPool::connect(&url).await.expect("connect");
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres"))
        .expect("the migrations")
        .count() as i64;
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM _sqlx_migrations WHERE success").await,
        migrations
    );
    let types = seed::REQUEST_TYPES.len() as i64;
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM request_types").await,
        types
    );
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM staff_groups").await,
        seed::GROUPS.len() as i64
    );
    assert_eq!(
        count(
            &pool,
            "SELECT COUNT(*) FROM request_types WHERE group_id IS NULL"
        )
        .await,
        0,
        "every type in its group"
    );
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM sla_policies WHERE version = 1").await,
        types,
        "one policy per type"
    );
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM sla_policies").await,
        types
    );
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM users").await,
        seed::DEMO_ACCOUNTS.len() as i64
    );
    let staff = seed::DEMO_ACCOUNTS
        .iter()
        .filter(|a| a.0.is_staff())
        .count() as i64;
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM group_members").await,
        staff * seed::GROUPS.len() as i64,
        "each demo staff member in each group"
    );
    assert_eq!(
        count(
            &pool,
            "SELECT COUNT(*) FROM users WHERE totp_secret IS NOT NULL"
        )
        .await,
        2,
        "the supervisor's and the admin's authenticators"
    );
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM canned_responses").await,
        seed::DEMO_CANNED.len() as i64
    );
    // And both serve: the demo student signs in on each.
    for server in [&a, &b] {
        let r = reqwest::Client::new()
            .post(format!("{}/api/login", server.base()))
            .header("accept", "application/json")
            .form(&[
                ("identifier", common::STUDENT),
                ("password", common::DEMO_PASSWORD),
            ])
            .send()
            .await
            .expect("login");
        assert!(
            r.status().is_success(),
            "sign-in on {}: {}",
            server.base(),
            r.status()
        );
    }
}

/// Each instance gives every type without a policy its first one at start (a database from
/// before the SLA policies). Two doing it at the same moment: one writes each policy, the other
/// finds it, and both start.
#[tokio::test]
#[ignore = "needs PostgreSQL (TEST_DATABASE_URL)"]
async fn policies_synced_by_two_instances_at_once_are_written_once() {
    use poshtiban::server::platform::db::Db;
    use poshtiban::server::platform::seed;
    use poshtiban::server::sla::policy as sla;
    common::require_postgres();
    let (url, _tmp) = common::fresh_database().await;
    let a = Db::connect_url(&url, 4).await.expect("connect");
    a.migrate().await.expect("migrate");
    seed::seed_request_types(&a).await.expect("the catalogue");
    let b = Db::connect_url(&url, 4).await.expect("connect");
    let types = seed::REQUEST_TYPES.len() as i64;
    let pool = sqlx::PgPool::connect(&url).await.expect("connect");
    for round in 0..5 {
        // As before the policies: no type has one.
        sqlx::query("DELETE FROM sla_policies")
            .execute(&pool)
            .await
            .expect("no policies");
        let (ra, rb) = tokio::join!(sla::sync_all_policies(&a), sla::sync_all_policies(&b));
        assert!(ra.is_ok() && rb.is_ok(), "round {round}: {ra:?} {rb:?}");
        assert_eq!(
            count(&pool, "SELECT COUNT(*) FROM sla_policies WHERE version = 1").await,
            types,
            "round {round}: one policy per type"
        );
        assert_eq!(
            count(&pool, "SELECT COUNT(*) FROM sla_policies").await,
            types
        );
    }
}

/// Waits until `sql` counts at least `at_least` (or gives up after ten seconds), then lets both
/// schedulers pass a few more times and counts again.
async fn settled_count(pool: &sqlx::PgPool, sql: &'static str, at_least: i64) -> (i64, i64) {
    let mut first = 0;
    for _ in 0..100 {
        first = count(pool, sql).await;
        if first >= at_least {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(2500)).await;
    (first, count(pool, sql).await)
}

/// The dispute deadline job runs in every instance's scheduler: the week-before and day-before
/// reminders and the overdue flag (with its e-mail to admins) are each raised once.
#[tokio::test]
#[ignore = "needs PostgreSQL (TEST_DATABASE_URL)"]
async fn two_instances_remind_and_flag_a_dispute_once() {
    common::require_postgres();
    let (url, _tmp) = common::fresh_database().await;
    let env = [("SLA_TICK_SECONDS", "1")];
    let server_a = start_with(&url, &env).await;
    let server_b = start_with(&url, &env).await;
    let (a, b) = (server_a.base(), server_b.base());
    let c = signed_in(&a, common::STUDENT).await;
    let code = file_request(&c, &a, "پاسخی که قبول ندارم", "آزمون اعتراض در دو فرایند").await;
    let pool = sqlx::PgPool::connect(&url).await.expect("connect");
    // Answered (as staff would have), and the admin has an address to be told at.
    sqlx::query("UPDATE requests SET status = 'answered' WHERE tracking_code = $1")
        .bind(&code)
        .execute(&pool)
        .await
        .expect("answered");
    // Staff are told by e-mail: the supervisor (in every group) and the admin have addresses.
    give_addresses(
        &pool,
        &[
            (common::SUPERVISOR, "hossein@example.ir"),
            (common::ADMIN, "narges@example.ir"),
        ],
    )
    .await;
    // Raised through the other instance (sessions live in the database).
    let r = c
        .post(format!("{b}/api/raise_dispute"))
        .header("accept", "application/json")
        .multipart(
            reqwest::multipart::Form::new()
                .text("code", code.clone())
                .text("subject", "execution")
                .text("reasons", "پاسخ با بند ۴ توافق‌نامه نمی‌خواند."),
        )
        .send()
        .await
        .expect("raise");
    assert!(r.status().is_success(), "{:?}", r.text().await);
    const REMINDERS: &str = "SELECT COUNT(*) FROM outbox WHERE kind = 'dispute_reminder'";
    const REMINDERS_DISTINCT: &str = "SELECT COUNT(*) FROM (SELECT DISTINCT channel, recipient, \
         body FROM outbox WHERE kind = 'dispute_reminder') t";
    assert_eq!(
        count(&pool, REMINDERS).await,
        0,
        "a month to go: no reminder"
    );
    // A week (less a minute) before the month ends: the week-before reminder, to both sides.
    sqlx::query(
        "UPDATE disputes SET negotiation_ends_at = \
         CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT) + 7 * 86400000 - 60000",
    )
    .execute(&pool)
    .await
    .expect("a week left");
    let (first, after) = settled_count(&pool, REMINDERS, 2).await;
    assert!(first >= 2, "the applicant and the supervisor: {first}");
    assert_eq!(after, first, "a later pass sends nothing more");
    assert_eq!(
        count(&pool, REMINDERS_DISTINCT).await,
        first,
        "nobody twice"
    );
    let applicant_told: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox o JOIN users u ON u.login_key = $1 \
         WHERE o.kind = 'dispute_reminder' AND o.recipient IN (u.mobile, u.email)",
    )
    .bind(common::STUDENT)
    .fetch_one(&pool)
    .await
    .expect("counted");
    assert!(applicant_told >= 1, "the applicant is reminded");
    assert_eq!(
        count(
            &pool,
            "SELECT COUNT(*) FROM outbox WHERE kind = 'dispute_reminder' AND recipient = 'hossein@example.ir'"
        )
        .await,
        1,
        "the supervisor is reminded once"
    );
    // A day (less a minute) before: the day-before reminder, once.
    sqlx::query(
        "UPDATE disputes SET negotiation_ends_at = \
         CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT) + 86400000 - 60000",
    )
    .execute(&pool)
    .await
    .expect("a day left");
    let (second, after) = settled_count(&pool, REMINDERS, 2 * first).await;
    assert_eq!((second, after), (2 * first, 2 * first));
    assert_eq!(count(&pool, REMINDERS_DISTINCT).await, 2 * first);
    // The month is over without settlement: flagged once, the admin told once.
    sqlx::query(
        "UPDATE disputes SET negotiation_ends_at = CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT) - 1000",
    )
    .execute(&pool)
    .await
    .expect("the month over");
    const OVERDUE: &str = "SELECT COUNT(*) FROM outbox WHERE kind = 'dispute_overdue'";
    assert_eq!(settled_count(&pool, OVERDUE, 1).await, (1, 1));
    assert_eq!(
        count(
            &pool,
            "SELECT COUNT(*) FROM disputes WHERE overdue_at IS NOT NULL"
        )
        .await,
        1
    );
    assert_eq!(
        count(&pool, REMINDERS).await,
        2 * first,
        "no reminder after the month"
    );
}
