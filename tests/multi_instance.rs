//! Several stateless app processes on one PostgreSQL database: a change made through one
//! reaches the live stream of the other (LISTEN/NOTIFY). SQLite is one process, so these tests
//! are ignored unless asked for (`-- --include-ignored`, which `make test` passes with its
//! PostgreSQL server) and show as skipped on SQLite runs.

mod common;

use std::process::Stdio;
use std::time::Duration;

struct Server(tokio::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.start_kill();
    }
}

async fn start(database_url: &str, port: u16) -> Server {
    start_with(database_url, port, &[]).await
}

async fn start_with(database_url: &str, port: u16, env: &[(&str, &str)]) -> Server {
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
    let client = reqwest::Client::new();
    for _ in 0..100 {
        if let Ok(r) = client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
            && r.status().is_success()
        {
            return Server(child);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("server on port {port} did not come up");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr")
        .port()
}

#[tokio::test]
#[ignore = "needs PostgreSQL (TEST_DATABASE_URL)"]
async fn a_reply_through_one_instance_reaches_the_stream_of_another() {
    common::require_postgres();
    let (url, _tmp) = common::fresh_database().await;
    let (pa, pb) = (free_port(), free_port());
    // Start one first so the migrations and demo seed run once.
    let _a = start(&url, pa).await;
    let _b = start(&url, pb).await;
    let a = format!("http://127.0.0.1:{pa}");
    let b = format!("http://127.0.0.1:{pb}");

    let login = |base: String, id: &'static str| async move {
        let c = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        let r = c
            .post(format!("{base}/api/login"))
            .header("accept", "application/json")
            .form(&[("identifier", id), ("password", common::DEMO_PASSWORD)])
            .send()
            .await
            .expect("login");
        assert!(r.status().is_success());
        c
    };
    // Sessions live in the database: the applicant signs in on A and listens on B.
    let applicant = login(a.clone(), common::STUDENT).await;
    let staff = login(b.clone(), common::AGENT).await;
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
    let (url, _tmp) = common::fresh_database().await;
    let (pa, pb) = (free_port(), free_port());
    // Both schedulers run every second, so they race for the same requests.
    let fast = [("SLA_TICK_SECONDS", "1")];
    let _a = start_with(&url, pa, &fast).await;
    let _b = start_with(&url, pb, &fast).await;
    let a = format!("http://127.0.0.1:{pa}");
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let r = c
        .post(format!("{a}/api/login"))
        .header("accept", "application/json")
        .form(&[
            ("identifier", common::STUDENT),
            ("password", common::DEMO_PASSWORD),
        ])
        .send()
        .await
        .expect("login");
    assert!(r.status().is_success());
    let mut codes = Vec::new();
    for i in 0..5 {
        let code: String = c
            .post(format!("{a}/api/create_request"))
            .header("accept", "application/json")
            .multipart(
                reqwest::multipart::Form::new()
                    .text("type_id", "1")
                    .text("subject", format!("درخواست دیرمانده {i}"))
                    .text("description", "آزمون زمان‌بند دو فرایند"),
            )
            .send()
            .await
            .expect("create")
            .json()
            .await
            .expect("code");
        codes.push(code);
    }
    // They have all waited a month.
    let pool = sqlx::PgPool::connect(&url).await.expect("connect");
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
        alerts = sqlx::query_scalar("SELECT COUNT(*) FROM sla_alerts")
            .fetch_one(&pool)
            .await
            .expect("count");
        if alerts >= 20 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A few more passes of both schedulers change nothing.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sla_alerts")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!((alerts, after), (20, 20));
    let doubled: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT recipient, kind, subject FROM outbox WHERE kind LIKE 'sla_%' \
         GROUP BY recipient, kind, subject HAVING COUNT(*) > 1) d",
    )
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(doubled, 0, "no staff member is told twice");
    let breached: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM requests WHERE ir_state = 'breached' AND res_state = 'breached'",
    )
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(breached, codes.len() as i64);
}
