//! Notifications and the one-time-code sign-in: the durable outbox, a real SMTP server on
//! loopback (Python's aiosmtpd) that is down and then comes back, a fake SMS panel, and the
//! rules of the codes.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::common::*;
use poshtiban::server::platform::config::{SmsPanel, SmsSettings};
use poshtiban::wire::Me;

/// The demo student's mobile, as typed by people.
const STUDENT_MOBILE: &str = "۰۹۱۲ ۱۱۱ ۰۰۰۱";

async fn outbox(app: &TestApp, sql: &'static str) -> Vec<(String, String, String)> {
    use sqlx::Row;
    sqlx::query(sql)
        .fetch_all(&app.state.db.pool)
        .await
        .expect("outbox")
        .iter()
        .map(|r| {
            (
                r.try_get::<String, _>("channel").expect("channel"),
                r.try_get::<String, _>("body").expect("body"),
                r.try_get::<String, _>("status").expect("status"),
            )
        })
        .collect()
}

fn six_digits(text: &str) -> String {
    let digits: String = poshtiban::copy::digits::fold_digits(text)
        .chars()
        .filter(|c| c.is_ascii_digit())
        .collect();
    digits[..6].to_string()
}

/// Waits until `check` holds (the outbox worker runs in the background).
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..100 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not happen within 10 s");
}

#[tokio::test]
async fn a_one_time_code_signs_in_once_within_two_minutes() {
    let app = spawn_app().await;
    let c = app.client();
    let asked: Answer<()> = app
        .call(&c, "request_otp", &[("mobile", STUDENT_MOBILE)])
        .await;
    assert!(asked.is_ok(), "{asked:?}");
    let sent = outbox(
        &app,
        "SELECT channel, body, status FROM outbox WHERE kind = 'otp'",
    )
    .await;
    assert_eq!(sent.len(), 1);
    let code = six_digits(&sent[0].1);

    // Asking again at once is refused (cool-down); an unknown mobile gets the same answer as a
    // known one and nothing is sent.
    let again: Answer<()> = app
        .call(&c, "request_otp", &[("mobile", STUDENT_MOBILE)])
        .await;
    assert_eq!(again.expect_err("cool-down").0, 429);
    let stranger: Answer<()> = app
        .call(&c, "request_otp", &[("mobile", "09350000000")])
        .await;
    assert!(stranger.is_ok());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'otp'")
            .await,
        1
    );
    let bad: Answer<()> = app.call(&c, "request_otp", &[("mobile", "0212")]).await;
    assert_eq!(bad.expect_err("not a mobile").0, 422);

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r: Answer<String> = app
        .call(
            &c,
            "verify_otp",
            &[("mobile", STUDENT_MOBILE), ("code", wrong)],
        )
        .await;
    assert_eq!(r.expect_err("wrong code").0, 422);
    let persian = poshtiban::copy::digits::to_persian_digits(&code);
    let to: String = app
        .call(
            &c,
            "verify_otp",
            &[("mobile", "09121110001"), ("code", &persian)],
        )
        .await
        .expect("signed in");
    assert_eq!(to, "/requests");
    let me: Option<Me> = app.call(&c, "current_account", &[]).await.expect("me");
    assert_eq!(me.expect("signed in").full_name, "زهرا احمدی");

    // Used once.
    let other = app.client();
    let reuse: Answer<String> = app
        .call(
            &other,
            "verify_otp",
            &[("mobile", STUDENT_MOBILE), ("code", &code)],
        )
        .await;
    assert_eq!(reuse.expect_err("used").0, 422);
}

#[tokio::test]
async fn codes_expire_and_wrong_guesses_are_limited() {
    let app = spawn_app().await;
    let c = app.client();
    let asked: Answer<()> = app
        .call(&c, "request_otp", &[("mobile", STUDENT_MOBILE)])
        .await;
    assert!(asked.is_ok());
    let code = six_digits(
        &outbox(
            &app,
            "SELECT channel, body, status FROM outbox WHERE kind = 'otp'",
        )
        .await[0]
            .1,
    );
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let r: Answer<String> = app
            .call(
                &c,
                "verify_otp",
                &[("mobile", STUDENT_MOBILE), ("code", wrong)],
            )
            .await;
        assert_eq!(r.expect_err("wrong").0, 422);
    }
    let late: Answer<String> = app
        .call(
            &c,
            "verify_otp",
            &[("mobile", STUDENT_MOBILE), ("code", &code)],
        )
        .await;
    assert_eq!(late.expect_err("locked after five guesses").0, 422);

    // A fresh code (after the cool-down) that has expired does not work either.
    app.exec("DELETE FROM throttles").await;
    let asked: Answer<()> = app
        .call(&c, "request_otp", &[("mobile", STUDENT_MOBILE)])
        .await;
    assert!(asked.is_ok());
    let all = outbox(
        &app,
        "SELECT channel, body, status FROM outbox WHERE kind = 'otp' ORDER BY id",
    )
    .await;
    let fresh = six_digits(&all[1].1);
    app.exec("UPDATE otp_codes SET expires_at = 0").await;
    let expired: Answer<String> = app
        .call(
            &c,
            "verify_otp",
            &[("mobile", STUDENT_MOBILE), ("code", &fresh)],
        )
        .await;
    assert_eq!(expired.expect_err("expired").0, 422);
}

#[tokio::test]
async fn e_mail_waits_in_the_outbox_until_the_smtp_server_comes_back() {
    let port = free_port();
    let app = spawn_app_with(|c| {
        c.smtp_host = Some("127.0.0.1".into());
        c.smtp_port = port;
    })
    .await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    app.set_email(STUDENT, "zahra@example.ir").await;
    let staff = app.staff().await;
    let code = app.file_request(&student, "کد تأیید نمی‌رسد").await;
    let answered: Answer<()> = app
        .call(
            &staff,
            "reply",
            &[("code", &code), ("body", "کد دوباره ارسال شد.")],
        )
        .await;
    assert!(answered.is_ok());

    // The server is down: the messages stay queued, with the error and a later retry.
    eventually("a failed delivery attempt", || async {
        app.count("SELECT COUNT(*) FROM outbox WHERE channel = 'email' AND attempts >= 1 AND status = 'pending'")
            .await
            >= 2
    })
    .await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE channel = 'email' AND status = 'sent'")
            .await,
        0
    );
    // SMS (the default provider holds them in the outbox) were recorded meanwhile; they do not
    // need the mail server.
    eventually("SMS recorded", || async {
        app.count("SELECT COUNT(*) FROM outbox WHERE channel = 'sms' AND status = 'held'")
            .await
            >= 2
    })
    .await;

    // The server comes back; the retries deliver everything, once.
    let server = SmtpServer::start(port).await;
    app.exec("UPDATE outbox SET next_attempt_at = 0 WHERE status = 'pending'")
        .await;
    app.state.notifier.wake.notify_one();
    eventually("delivery after the server came back", || async {
        app.count("SELECT COUNT(*) FROM outbox WHERE channel = 'email' AND status = 'sent'")
            .await
            == 2
    })
    .await;
    let mails = server.mails();
    assert_eq!(mails.len(), 2, "each message once: {mails:#?}");
    assert!(
        mails.iter().all(|m| m.to == "zahra@example.ir"),
        "{mails:#?}"
    );
    assert_ne!(mails[0].subject, mails[1].subject, "{mails:#?}");
}

#[tokio::test]
async fn text_messages_go_through_the_sms_panel() {
    // A fake Kavenegar-style panel on loopback that records what it is asked to send.
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let recorded = seen.clone();
    let panel = axum::Router::new().route(
        "/v1/{key}/sms/send.json",
        axum::routing::post(
            move |axum::extract::Path(key): axum::extract::Path<String>, body: String| {
                let recorded = recorded.clone();
                async move {
                    recorded.lock().expect("lock").push(format!("{key} {body}"));
                    axum::Json(serde_json::json!({"return": {"status": 200, "message": "ok"}}))
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let addr: SocketAddr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, panel).await;
    });
    let app = spawn_app_with(|c| {
        c.sms = SmsSettings::Kavenegar(SmsPanel {
            base_url: format!("http://{addr}"),
            api_key: "TESTKEY".into(),
            sender: "10004346".into(),
        });
    })
    .await;
    let c = app.client();
    let asked: Answer<()> = app
        .call(&c, "request_otp", &[("mobile", STUDENT_MOBILE)])
        .await;
    assert!(asked.is_ok());
    eventually("the panel got the code", || async {
        !seen.lock().expect("lock").is_empty()
    })
    .await;
    let got = seen.lock().expect("lock")[0].clone();
    assert!(got.starts_with("TESTKEY "), "{got}");
    assert!(got.contains("receptor=09121110001"), "{got}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'otp' AND status = 'sent'")
            .await,
        1
    );
}

#[tokio::test]
async fn without_a_mail_server_or_sms_panel_notices_are_recorded_final_at_once() {
    // Default settings: no SMTP server, SMS recorded in the outbox only. Nothing is left for the
    // worker to claim, so no second write follows a filing.
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    app.file_request(&applicant, "بدون سرور ایمیل").await;
    assert!(
        app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'created'")
            .await
            >= 1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")
            .await,
        0
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM outbox WHERE NOT ((channel = 'email' AND status = 'skipped') \
             OR (channel = 'sms' AND status = 'held' AND sent_at IS NULL))"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn sign_in_codes_do_not_stay_readable_in_the_outbox() {
    // Delivered through a panel: the code leaves the outbox with the delivery.
    let panel = axum::Router::new().route(
        "/v1/{key}/sms/send.json",
        axum::routing::post(|| async {
            axum::Json(serde_json::json!({"return": {"status": 200, "message": "ok"}}))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let addr: SocketAddr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, panel).await;
    });
    let app = spawn_app_with(|c| {
        c.sms = SmsSettings::Kavenegar(SmsPanel {
            base_url: format!("http://{addr}"),
            api_key: "TESTKEY".into(),
            sender: String::new(),
        });
    })
    .await;
    let c = app.client();
    let asked: Answer<()> = app
        .call(&c, "request_otp", &[("mobile", STUDENT_MOBILE)])
        .await;
    assert!(asked.is_ok());
    eventually("the code is delivered", || async {
        app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'otp' AND status = 'sent'")
            .await
            == 1
    })
    .await;
    let kept = outbox(
        &app,
        "SELECT channel, body, status FROM outbox WHERE kind = 'otp'",
    )
    .await;
    assert!(!has_six_digit_run(&kept[0].1), "{}", kept[0].1);

    // Recorded only (no panel): the code is readable for its two minutes, then wiped.
    let app = spawn_app().await;
    let c = app.client();
    let asked: Answer<()> = app
        .call(&c, "request_otp", &[("mobile", STUDENT_MOBILE)])
        .await;
    assert!(asked.is_ok());
    let kept = outbox(
        &app,
        "SELECT channel, body, status FROM outbox WHERE kind = 'otp'",
    )
    .await;
    assert!(has_six_digit_run(&kept[0].1));
    app.exec("UPDATE outbox SET created_at = created_at - 900000 WHERE kind = 'otp'")
        .await;
    // The maintenance job wipes them too (its first pass may run at this moment): whichever
    // pass comes first wipes the code, once.
    let wiped = poshtiban::server::notify::wipe_expired_codes(&app.state.db)
        .await
        .expect("wipe");
    assert!(wiped <= 1);
    let again = poshtiban::server::notify::wipe_expired_codes(&app.state.db)
        .await
        .expect("wipe");
    assert_eq!(again, 0);
    let kept = outbox(
        &app,
        "SELECT channel, body, status FROM outbox WHERE kind = 'otp'",
    )
    .await;
    assert!(!has_six_digit_run(&kept[0].1), "{}", kept[0].1);
}

fn has_six_digit_run(text: &str) -> bool {
    poshtiban::copy::digits::fold_digits(text)
        .split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() == 6)
}
