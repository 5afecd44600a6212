//! Several stateless app processes on one PostgreSQL database: a change made through one
//! reaches the live stream of the other (LISTEN/NOTIFY). Skipped on SQLite, which is one process.

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
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_poshtiban"))
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
async fn a_reply_through_one_instance_reaches_the_stream_of_another() {
    if !common::is_postgres() {
        eprintln!("skipped: needs TEST_DATABASE_URL=postgres://…");
        return;
    }
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
    assert!(
        common::next_event(&mut stream_a, &mut buf_a)
            .await
            .contains("request_updated")
    );
}
