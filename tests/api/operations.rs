//! What the people who run the desk see: secrets stay out of logs, the database and debug
//! output; text messages nothing delivers are held, not called sent; every failure logged while
//! serving a request names the request and its route; a wrong setting stops the start.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::common::*;
use poshtiban::server::platform::config::{SmsPanel, SmsSettings};

#[test]
fn a_wrong_setting_stops_the_server_at_start_naming_it() {
    let dir = tempfile::tempdir().expect("a folder");
    for (setting, value, named) in [
        ("SMS_PROVIDER", "smsir", "SMS_PROVIDER"),
        ("SMS_PROVIDER", "kavenegar", "SMS_API_KEY"),
        ("SMTP_FROM", "desk at example", "SMTP_FROM"),
    ] {
        // An empty folder (no `.env`), only this setting, and a free port in case it starts.
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_poshtiban"))
            .arg("serve")
            .current_dir(dir.path())
            .env_clear()
            .env(setting, value)
            .env("DATABASE_URL", "sqlite:poshtiban.db")
            .env("LEPTOS_OUTPUT_NAME", "poshtiban")
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the server runs");
        let mut waited = 0;
        let status = loop {
            if let Some(status) = child.try_wait().expect("a status") {
                break status;
            }
            if waited > 200 {
                let _ = child.kill();
                panic!("{setting}={value}: the server started");
            }
            waited += 1;
            std::thread::sleep(Duration::from_millis(50));
        };
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
            .expect("stderr");
        assert!(!status.success(), "{setting}={value}: {status}");
        assert!(
            stderr.contains(named),
            "{setting}={value}: the error does not name {named}: {stderr}"
        );
    }
}

const PANEL_KEY: &str = "PANEL-KEY-5f3a9c";
const STUDENT_MOBILE: &str = "09121110001";

/// The log lines written on this test's thread (the test runtime runs the app's tasks on it),
/// at every level, whatever the process-wide subscriber keeps.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    fn capture() -> (Logs, tracing::subscriber::DefaultGuard) {
        let logs = Logs::default();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(logs.clone())
            .finish();
        (logs, tracing::subscriber::set_default(subscriber))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
    }
}

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Logs {
    type Writer = Logs;

    fn make_writer(&'a self) -> Logs {
        self.clone()
    }
}

/// Waits until `check` answers something (the outbox worker runs in the background).
async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    for _ in 0..150 {
        if let Some(v) = check().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not happen within 15 s");
}

/// A loopback listener and its address.
async fn loopback() -> (tokio::net::TcpListener, SocketAddr) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("an address");
    (listener, addr)
}

/// Sends a sign-in code through a panel at `base_url` that fails, and returns what the outbox
/// recorded as the error and what was logged meanwhile.
async fn failed_panel_delivery(base_url: String) -> (String, String, String) {
    let (logs, _guard) = Logs::capture();
    let app = spawn_app_with(|c| {
        c.sms = SmsSettings::Kavenegar(SmsPanel {
            base_url,
            api_key: PANEL_KEY.into(),
            sender: "10004346".into(),
        });
    })
    .await;
    let c = app.client();
    let asked: Answer<()> = app
        .call(&c, "request_otp", &[("mobile", STUDENT_MOBILE)])
        .await;
    assert!(asked.is_ok(), "{asked:?}");
    let last_error = eventually("a failed delivery attempt", || async {
        sqlx::query_scalar::<_, Option<String>>("SELECT last_error FROM outbox WHERE kind = 'otp'")
            .fetch_one(&app.state.db.pool)
            .await
            .expect("the code's message")
    })
    .await;
    let debug = format!("{:?}", app.state.config);
    (last_error, logs.text(), debug)
}

fn assert_no_key(case: &str, (last_error, logs, debug): &(String, String, String)) {
    assert!(!last_error.is_empty(), "{case}: an error is recorded");
    assert!(
        !last_error.contains(PANEL_KEY),
        "{case}: the key is in outbox.last_error: {last_error}"
    );
    assert!(
        logs.contains("notification not delivered"),
        "{case}: the failure is logged"
    );
    let leaked: Vec<&str> = logs.lines().filter(|l| l.contains(PANEL_KEY)).collect();
    assert!(leaked.is_empty(), "{case}: the key is logged: {leaked:#?}");
    assert!(
        !debug.contains(PANEL_KEY),
        "{case}: the key is in the configuration's debug output: {debug}"
    );
}

#[tokio::test]
async fn the_sms_panel_key_stays_out_of_errors_and_logs_when_the_panel_fails() {
    // A panel that answers with a server error.
    let (listener, addr) = loopback().await;
    let panel = axum::Router::new()
        .fallback(|| async { (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "down") });
    tokio::spawn(async move {
        let _ = axum::serve(listener, panel).await;
    });
    let seen = failed_panel_delivery(format!("http://{addr}")).await;
    assert_no_key("a panel answering 500", &seen);

    // A panel that hangs up without answering.
    let (listener, addr) = loopback().await;
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            drop(socket);
        }
    });
    let seen = failed_panel_delivery(format!("http://{addr}")).await;
    assert_no_key("a panel hanging up", &seen);
}

#[tokio::test]
async fn the_sms_panel_key_stays_out_of_errors_and_logs_when_the_panel_is_unreachable() {
    let (listener, addr) = loopback().await;
    drop(listener);
    let seen = failed_panel_delivery(format!("http://{addr}")).await;
    assert_no_key("an unreachable panel", &seen);
}

async fn sms_rows(app: &TestApp) -> Vec<(String, i64, Option<i64>)> {
    sqlx::query_as("SELECT status, attempts, sent_at FROM outbox WHERE channel = 'sms' ORDER BY id")
        .fetch_all(&app.state.db.pool)
        .await
        .expect("the outbox")
}

#[tokio::test]
async fn text_messages_nothing_delivers_are_held_not_marked_sent() {
    // The default provider only records text messages: nothing in this instance sends them.
    let app = spawn_app().await;
    let c = app.client();
    let asked: Answer<()> = app
        .call(&c, "request_otp", &[("mobile", STUDENT_MOBILE)])
        .await;
    assert!(asked.is_ok(), "{asked:?}");
    assert_eq!(sms_rows(&app).await, [("held".to_string(), 0, None)]);

    // A message left pending by an instance that had a panel is held too, not sent, and the
    // worker finds nothing more to claim on the next rounds.
    app.exec(
        "INSERT INTO outbox (channel, recipient, body, kind, status, next_attempt_at, created_at) \
         VALUES ('sms', '+989121110001', 'left pending', 'status', 'pending', 0, 0)",
    )
    .await;
    app.state.notifier.wake.notify_one();
    eventually("the pending message is held", || async {
        let rows = sms_rows(&app).await;
        rows.iter().all(|(s, _, _)| s == "held").then_some(())
    })
    .await;
    for _ in 0..3 {
        let sent = poshtiban::server::notify::deliver_due(&app.state.db, &app.state.notifier)
            .await
            .expect("a delivery round");
        assert_eq!(sent, 0);
    }
    assert_eq!(
        sms_rows(&app).await,
        [("held".to_string(), 0, None), ("held".to_string(), 0, None)]
    );
}

#[tokio::test]
async fn a_failure_logged_while_serving_names_the_request_and_its_route() {
    let (logs, _guard) = Logs::capture();
    let app = spawn_app().await;
    let supervisor = app.login(SUPERVISOR, DEMO_PASSWORD).await;
    app.exec("ALTER TABLE canned_responses RENAME TO canned_gone")
        .await;

    // A server function called by the browser.
    let listed: Answer<serde_json::Value> = app.call(&supervisor, "canned_responses", &[]).await;
    assert_eq!(listed.expect_err("the table is gone").0, 500);
    // A page whose data the server loads while rendering it.
    let page = supervisor
        .get(format!("{}/staff/canned", app.base))
        .send()
        .await
        .expect("the page answers");
    let _ = page.text().await;

    let text = logs.text();
    let failures: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("ERROR") && l.contains("database error"))
        .collect();
    for route in ["/api/canned_responses", "/staff/canned"] {
        let line = failures
            .iter()
            .find(|l| l.contains(&format!("route={route}")))
            .unwrap_or_else(|| panic!("no failure logged with route={route}: {failures:#?}"));
        assert!(line.contains("request_id="), "{line}");
        assert!(line.contains("method="), "{line}");
    }
}

/// A second router in the same process (a test's app, or a second instance beside the first)
/// must not stall the pages the first is rendering. Leptos marks the whole process while it
/// walks the app for its route list, and a resource that first loads inside that window waits
/// forever (leptos#4773): the page's answer stops mid-body.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_finish_while_another_router_is_built() {
    let app = spawn_app().await;
    let state = app.state.clone();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let building = {
        let stop = stop.clone();
        let runtime = tokio::runtime::Handle::current();
        std::thread::spawn(move || {
            let _inside = runtime.enter();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                drop(poshtiban::web::router(state.clone()));
            }
        })
    };
    let c = app.client();
    let mut stalled = 0;
    for _ in 0..40 {
        match tokio::time::timeout(Duration::from_secs(10), app.page(&c, "/sla")).await {
            Ok(html) => assert!(html.contains("</html>"), "{html}"),
            Err(_) => stalled += 1,
        }
        if stalled > 0 {
            break;
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    building.join().expect("the router thread");
    assert_eq!(
        stalled, 0,
        "a page stopped mid-body while a router was built"
    );
}
