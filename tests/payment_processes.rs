//! Payments across real server processes (issue 14, section 4), against the gateway simulator
//! running as a process of its own: a server killed with SIGKILL after the gateway verified a
//! payment and before it committed, then started again, settles that payment once; and (on
//! PostgreSQL) two instances reconciling the same pending payments settle each once.
//! Runs on SQLite, or on PostgreSQL with `TEST_DATABASE_URL`.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use poshtiban::server::platform::config::SIMULATOR_MERCHANT;
use poshtiban::server::platform::db::Db;

struct Process {
    child: tokio::process::Child,
    port: u16,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

impl Process {
    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// SIGKILL: no shutdown, no cleanup, nothing flushed.
    async fn kill(mut self) {
        self.child.start_kill().expect("the process is killed");
        let _ = self.child.wait().await;
    }
}

async fn simulator() -> Process {
    let port = common::free_port();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_poshtiban"))
        .args(["payment-simulator", "--addr", &format!("127.0.0.1:{port}")])
        // A slow verification is recorded at the gateway at once and answered after this long.
        .env("PAYMENT_SIMULATOR_SLOW_MS", "8000")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the simulator starts");
    common::wait_for_port("the simulator", port, || {
        matches!(child.try_wait(), Ok(None))
    })
    .await;
    Process { child, port }
}

async fn server(database_url: &str, gateway: &Process) -> Process {
    let port = common::free_port();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_poshtiban"))
        .arg("serve")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("DATABASE_URL", database_url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("SEED_DEMO", "true")
        .env("PAYMENT_GATEWAY", "zarinpal")
        .env("ZARINPAL_MERCHANT_ID", SIMULATOR_MERCHANT)
        .env("ZARINPAL_BASE_URL", gateway.base())
        .env("PAYMENT_RECONCILE_SECONDS", "1")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the server starts");
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        assert!(
            matches!(child.try_wait(), Ok(None)),
            "the server exited before answering"
        );
        if let Ok(r) = client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
            && r.status().is_success()
        {
            break;
        }
        assert!(Instant::now() < deadline, "the server did not come up");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Process { child, port }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

async fn sign_in_student(base: &str) -> reqwest::Client {
    let c = client();
    let res = c
        .post(format!("{base}/api/login"))
        .header("accept", "application/json")
        .form(&[
            ("identifier", common::STUDENT),
            ("password", common::DEMO_PASSWORD),
        ])
        .send()
        .await
        .expect("an answer");
    assert!(res.status().is_success(), "sign-in: {}", res.status());
    c
}

/// Files a request of type 1 (charged by the tariff the test wrote) and starts paying it;
/// returns its tracking code and the gateway's authority.
async fn file_and_start(base: &str, c: &reqwest::Client, subject: &str) -> (String, String) {
    let form = reqwest::multipart::Form::new()
        .text("type_id", "1")
        .text("subject", subject.to_string())
        .text(
            "description",
            "کد تأیید پیامکی برای ورود به سامانه ارسال نمی‌شود.",
        );
    let res = c
        .post(format!("{base}/api/create_request"))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .expect("an answer");
    assert!(res.status().is_success(), "filing: {}", res.status());
    let code: String = res.json().await.expect("a tracking code");
    let res = c
        .post(format!("{base}/pay/{code}/start"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(res.status(), 303);
    let to = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let authority = to
        .rsplit('/')
        .next()
        .filter(|_| to.contains("/pg/StartPay/"))
        .unwrap_or_else(|| panic!("to the gateway: {to}"))
        .to_string();
    (code, authority)
}

/// The payer's choice at the simulator; returns the callback address it sends them back to.
async fn pay(gateway: &Process, authority: &str, outcome: &str) -> Option<String> {
    let res = client()
        .post(format!("{}/sim/pay/{authority}", gateway.base()))
        .form(&[("outcome", outcome)])
        .send()
        .await
        .expect("the simulator answers");
    (res.status() == 303).then(|| {
        res.headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    })
}

async fn verifications(gateway: &Process, authority: &str) -> i64 {
    let v: serde_json::Value = client()
        .get(format!("{}/sim/sessions/{authority}", gateway.base()))
        .send()
        .await
        .expect("the simulator answers")
        .json()
        .await
        .expect("json");
    v["verifications"].as_i64().unwrap_or(-1)
}

async fn count(db: &Db, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A tariff on type 1 for students, written as an admin would (the server seeded the admin).
async fn charge_type_one(db: &Db) {
    let year = poshtiban::domain::jalali::TehranDateTime::from_unix_millis(db.now_ms())
        .date
        .year;
    sqlx::query(
        "INSERT INTO tariffs (type_id, applicant_kind, fiscal_year, effective_day, amount_rials, \
         source, created_by, created_at) \
         SELECT 1, 'student', $1, $2, 150000, 'جدول ۱۸، ردیف ۱', id, 0 FROM users WHERE role = 'admin'",
    )
    .bind(i64::from(year))
    .bind(i64::from(year) * 10_000 + 101)
    .execute(&db.pool)
    .await
    .expect("a tariff");
}

async fn wait_until(db: &Db, sql: &'static str, want: i64, patience: Duration) {
    let deadline = Instant::now() + patience;
    loop {
        let got = count(db, sql).await;
        if got == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{sql}: {got}, not {want}, after {patience:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_server_killed_between_the_gateways_answer_and_its_commit_settles_the_payment_once() {
    let (url, _tmp) = common::fresh_database().await;
    let gateway = simulator().await;
    let first = server(&url, &gateway).await;
    let db = Db::connect_url(&url, 2).await.expect("the database");
    charge_type_one(&db).await;
    let student = sign_in_student(&first.base()).await;
    let (code, authority) = file_and_start(&first.base(), &student, "پرداخت پیش از خرابی").await;
    let callback = pay(&gateway, &authority, "slow")
        .await
        .expect("a callback address");
    // The payer comes back; the server asks the gateway, which records the verification at once
    // and answers late.
    let pending_callback = tokio::spawn({
        let c = client();
        async move { c.get(callback).send().await.map(|r| r.status().as_u16()) }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    while verifications(&gateway, &authority).await < 1 {
        assert!(Instant::now() < deadline, "the gateway was never asked");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Verified at the gateway, not yet committed here: the server dies.
    first.kill().await;
    let _ = pending_callback.await;
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM payments WHERE state = 'verifying'"
        )
        .await,
        1,
        "the crash left the payment in verification"
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM payment_ledger WHERE kind = 'paid'"
        )
        .await,
        0
    );
    // Time passes beyond the verification's lease (two minutes), as it would while the server
    // was down.
    sqlx::query(
        "UPDATE payments SET lease_at = lease_at - 600000, updated_at = updated_at - 600000",
    )
    .execute(&db.pool)
    .await
    .expect("the clock moves on");

    let second = server(&url, &gateway).await;
    wait_until(
        &db,
        "SELECT COUNT(*) FROM payments WHERE state = 'paid'",
        1,
        Duration::from_secs(30),
    )
    .await;
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM payment_ledger WHERE kind = 'paid'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM request_history WHERE kind = 'paid'"
        )
        .await,
        1
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM requests WHERE status = 'new'").await,
        1
    );
    // Asked twice at the gateway (the lost answer, then the reconciliation's 101), credited once.
    assert_eq!(verifications(&gateway, &authority).await, 2);
    // The payer's page says so when they come back.
    let student = sign_in_student(&second.base()).await;
    let detail = student
        .post(format!("{}/api/get_request", second.base()))
        .header("accept", "application/json")
        .form(&[("code", code.as_str())])
        .send()
        .await
        .expect("an answer")
        .text()
        .await
        .expect("a body");
    assert!(detail.contains("\"status\":\"new\""), "{detail}");
}

#[tokio::test]
#[ignore = "needs PostgreSQL (TEST_DATABASE_URL)"]
async fn two_instances_reconciling_the_same_pending_payments_settle_each_once() {
    common::require_postgres();
    let (url, _tmp) = common::fresh_database().await;
    let gateway = simulator().await;
    let a = server(&url, &gateway).await;
    let b = server(&url, &gateway).await;
    let db = Db::connect_url(&url, 2).await.expect("the database");
    charge_type_one(&db).await;
    let student = sign_in_student(&a.base()).await;
    let mut authorities = Vec::new();
    for i in 0..20 {
        let (_, authority) =
            file_and_start(&a.base(), &student, &format!("پرداخت بی‌بازگشت {i}")).await;
        // Paid, the tab closed: no callback ever comes.
        assert!(pay(&gateway, &authority, "never").await.is_none());
        authorities.push(authority);
    }
    // Past the gateways' session time, both instances find all twenty due at once.
    sqlx::query(
        "UPDATE payments SET created_at = created_at - 1800000, updated_at = updated_at - 1800000",
    )
    .execute(&db.pool)
    .await
    .expect("the clock moves on");
    wait_until(
        &db,
        "SELECT COUNT(*) FROM payments WHERE state = 'paid'",
        20,
        Duration::from_secs(60),
    )
    .await;
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM payment_ledger WHERE kind = 'paid'"
        )
        .await,
        20
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM request_history WHERE kind = 'paid'"
        )
        .await,
        20
    );
    for authority in &authorities {
        assert_eq!(
            verifications(&gateway, authority).await,
            1,
            "{authority} verified by one instance only"
        );
    }
    drop((a, b));
}
