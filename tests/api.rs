//! The first path of the mission, through real HTTP, on SQLite (default) or PostgreSQL
//! (`TEST_DATABASE_URL=postgres://…`).

#[path = "api/account.rs"]
mod account;
#[path = "api/activity.rs"]
mod activity;
#[path = "api/attacks.rs"]
mod attacks;
#[path = "api/calls.rs"]
mod calls;
mod common;
#[path = "api/disputes.rs"]
mod disputes;
#[path = "api/forms.rs"]
mod forms;
#[path = "api/lifecycle.rs"]
mod lifecycle;
#[path = "api/notify.rs"]
mod notify;
#[path = "api/operations.rs"]
mod operations;
#[path = "api/payments.rs"]
mod payments;
#[path = "api/races.rs"]
mod races;
#[path = "api/search.rs"]
mod search;
#[path = "api/security.rs"]
mod security;
#[path = "api/sla.rs"]
mod sla;
#[path = "api/sla_reports.rs"]
mod sla_reports;
#[path = "api/staff_tools.rs"]
mod staff_tools;
#[path = "api/tariff_import.rs"]
mod tariff_import;
#[path = "api/tariffs.rs"]
mod tariffs;

use common::*;
use poshtiban::domain::request_status::RequestStatus;
use poshtiban::wire::AppError;
use poshtiban::wire::{Me, Page, RequestDetail, RequestSummary, Side};

fn register_form<'a>(
    identifier: &'a str,
    mobile: &'a str,
    password: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "student"),
        ("id_type", "national_code"),
        ("identifier", identifier),
        ("full_name", "سارا محمدی"),
        ("mobile", mobile),
        ("password", password),
        ("password_confirm", password),
    ]
}

#[tokio::test]
async fn an_applicant_registers_and_is_signed_in() {
    let app = spawn_app().await;
    let c = app.client();
    let code = national_code(1);
    let to: Answer<String> = app
        .call(
            &c,
            "register",
            &register_form(&code, "۰۹۱۲ ۳۴۵ ۶۷۸۹", "a-long-password"),
        )
        .await;
    assert_eq!(to, Ok("/register/verify".to_string()));
    // No account yet: the mobile has to be proven first.
    let me: Answer<Option<Me>> = app.call(&c, "current_account", &[]).await;
    assert_eq!(me, Ok(None));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE mobile = '+989123456789'")
            .await,
        0
    );
    let wrong: Answer<String> = app
        .call(&c, "confirm_registration", &[("code", "12345")])
        .await;
    assert_eq!(wrong.expect_err("not six digits").0, 422);
    let to = app.confirm_registration(&c, "09123456789").await;
    assert_eq!(to, Ok("/requests".to_string()));
    let me: Answer<Option<Me>> = app.call(&c, "current_account", &[]).await;
    let me = me.expect("me").expect("signed in");
    assert_eq!(me.full_name, "سارا محمدی");
    // The mobile is stored canonically.
    let stored: String = sqlx::query_scalar("SELECT mobile FROM users WHERE login_key = $1")
        .bind(&code)
        .fetch_one(&app.state.db.pool)
        .await
        .expect("stored");
    assert_eq!(stored, "+989123456789");
}

#[tokio::test]
async fn registration_failures_get_persian_messages_and_change_nothing() {
    let app = spawn_app().await;
    let c = app.client();
    let before = app.count("SELECT COUNT(*) FROM users").await;
    type Case<'a> = (Vec<(&'a str, &'a str)>, u16, Option<&'a str>);
    let cases: Vec<Case> = vec![
        (
            register_form("0499370898", "09120000001", "a-long-password"),
            422,
            Some("identifier"),
        ),
        (
            register_form("1111111111", "09120000001", "a-long-password"),
            422,
            Some("identifier"),
        ),
        (
            register_form("0084575948", "0812345678", "a-long-password"),
            422,
            Some("mobile"),
        ),
        (
            register_form("0084575948", "09120000001", "short"),
            422,
            Some("password"),
        ),
    ];
    for (form, status, field) in cases {
        let r: Answer<String> = app.call(&c, "register", &form).await;
        let (got_status, err) = r.expect_err("must fail");
        assert_eq!(got_status, status, "{err:?}");
        assert_eq!(err.field(), field);
        assert!(
            err.to_string()
                .chars()
                .any(|ch| ('\u{0600}'..='\u{06FF}').contains(&ch)),
            "Persian message: {err}"
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, before);
}

#[tokio::test]
async fn login_accepts_persian_digits_and_rotates_the_session() {
    let app = spawn_app().await;
    let c = app.client();
    let first = c
        .post(format!("{}/api/login", app.base))
        .header("accept", "application/json")
        .form(&[("identifier", "۰۴۹۹۳۷۰۸۹۹"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .expect("answer");
    assert_eq!(first.status(), 200);
    let cookie = first
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("a session cookie")
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let token = |c: &str| c.split(';').next().unwrap_or_default().to_string();
    let second = c
        .post(format!("{}/api/login", app.base))
        .header("accept", "application/json")
        .form(&[("identifier", STUDENT), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .expect("answer");
    let cookie2 = second
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_ne!(
        token(&cookie),
        token(&cookie2),
        "a new session id at every sign-in"
    );
    // The first session no longer exists.
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
}

#[tokio::test]
async fn failed_logins_are_throttled_the_same_for_unknown_accounts() {
    let app = spawn_app().await;
    let c = app.client();
    for identifier in [STUDENT, "0084575948"] {
        for _ in 0..5 {
            let r: Answer<String> = app
                .call(
                    &c,
                    "login",
                    &[("identifier", identifier), ("password", "wrong-password")],
                )
                .await;
            let (status, err) = r.expect_err("wrong password");
            assert_eq!(status, 422);
            assert_eq!(err.to_string(), poshtiban::copy::ERR_LOGIN_FAILED);
        }
        let r: Answer<String> = app
            .call(
                &c,
                "login",
                &[("identifier", identifier), ("password", DEMO_PASSWORD)],
            )
            .await;
        let (status, err) = r.expect_err("throttled even with the right password");
        assert_eq!(status, 429);
        assert!(matches!(err, AppError::TooManyAttempts(_)));
    }
    // Another account from the same address is not locked by these.
    let ok: Answer<String> = app
        .call(
            &c,
            "login",
            &[("identifier", GRADUATE), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert!(ok.is_ok());
}

#[tokio::test]
async fn failed_logins_are_throttled_per_address() {
    let app = spawn_app_with(|c| c.login_max_failures_address = 3).await;
    let c = app.client();
    for seed in 0..3 {
        let id = national_code(100 + seed);
        let _: Answer<String> = app
            .call(
                &c,
                "login",
                &[("identifier", &id), ("password", "nope-nope-nope")],
            )
            .await;
    }
    let r: Answer<String> = app
        .call(
            &c,
            "login",
            &[("identifier", GRADUATE), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(r.expect_err("address throttled").0, 429);
}

#[tokio::test]
async fn an_applicant_files_a_request_and_staff_answer_with_the_initial_result() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&applicant, "کد پیامکی نمی‌رسد").await;
    assert_eq!(code.len(), 10);
    assert!(poshtiban::domain::tracking::parse(&code).is_ok());

    let mine: Answer<Page<RequestSummary>> = app.call(&applicant, "my_requests", &[]).await;
    let mine = mine.expect("list");
    assert_eq!(mine.items.len(), 1);
    assert_eq!(mine.items[0].status, RequestStatus::New);

    let staff = app.staff().await;
    let queue: Answer<Page<RequestSummary>> = app.call(&staff, "staff_queue", &[]).await;
    let queue = queue.expect("queue");
    assert!(queue.items.iter().any(|r| r.tracking_code == code));
    assert_eq!(queue.items[0].applicant_name.as_deref(), Some("زهرا احمدی"));

    let started: Answer<()> = app.call(&staff, "start_work", &[("code", &code)]).await;
    assert!(started.is_ok());
    let replied: Answer<()> = app
        .call(
            &staff,
            "reply",
            &[
                ("code", &code),
                ("body", "کد جدید برای شما ارسال شد."),
                ("initial_result", "on"),
            ],
        )
        .await;
    assert!(replied.is_ok(), "{replied:?}");

    let detail: Answer<RequestDetail> = app
        .call(&applicant, "get_request", &[("code", &code)])
        .await;
    let detail = detail.expect("detail");
    assert_eq!(detail.status, RequestStatus::Answered);
    assert!(detail.initial_result_at.is_some());
    assert_eq!(detail.messages.len(), 1);
    assert_eq!(detail.messages[0].side, Side::Staff);
    assert!(detail.messages[0].is_initial_result);

    // The initial result is given once.
    let again: Answer<()> = app
        .call(
            &staff,
            "reply",
            &[
                ("code", &code),
                ("body", "پیگیری"),
                ("initial_result", "on"),
            ],
        )
        .await;
    assert_eq!(again.expect_err("once").0, 422);

    // The applicant answers back: the request goes back to staff.
    let back: Answer<()> = app
        .call(
            &applicant,
            "reply",
            &[("code", &code), ("body", "ممنون، ولی هنوز نرسیده.")],
        )
        .await;
    assert!(back.is_ok());
    let detail: Answer<RequestDetail> = app.call(&staff, "get_request", &[("code", &code)]).await;
    assert_eq!(detail.expect("detail").status, RequestStatus::InProgress);

    // An applicant may not mark the initial result, nor start work.
    let forged: Answer<()> = app
        .call(
            &applicant,
            "reply",
            &[("code", &code), ("body", "x"), ("initial_result", "on")],
        )
        .await;
    assert_eq!(forged.expect_err("applicant cannot").0, 403);
    let forged: Answer<()> = app.call(&applicant, "start_work", &[("code", &code)]).await;
    assert_eq!(forged.expect_err("staff only").0, 403);

    // Closing ends the conversation.
    let closed: Answer<()> = app
        .call(&applicant, "close_request", &[("code", &code)])
        .await;
    assert!(closed.is_ok());
    let late: Answer<()> = app
        .call(&staff, "reply", &[("code", &code), ("body", "دیر")])
        .await;
    assert_eq!(late.expect_err("closed").0, 422);
    let history = app
        .count("SELECT COUNT(*) FROM request_history WHERE kind = 'status'")
        .await;
    assert_eq!(
        history, 5,
        "new, in progress, answered, in progress, closed"
    );
}

#[tokio::test]
async fn bad_request_input_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let long = "ا".repeat(10_001);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            vec![
                ("type_id", ""),
                ("subject", "موضوع معتبر"),
                ("description", "شرح کافی برای بررسی"),
            ],
            "type_id",
        ),
        (
            vec![
                ("type_id", "999"),
                ("subject", "موضوع معتبر"),
                ("description", "شرح کافی برای بررسی"),
            ],
            "type_id",
        ),
        (
            vec![
                ("type_id", "1"),
                ("subject", "کم"),
                ("description", "شرح کافی برای بررسی"),
            ],
            "subject",
        ),
        (
            vec![
                ("type_id", "1"),
                ("subject", "موضوع معتبر"),
                ("description", &long),
            ],
            "description",
        ),
    ];
    for (form, field) in cases {
        let r: Answer<String> = app.call(&applicant, "create_request", &form).await;
        let (status, err) = r.expect_err(field);
        assert_eq!((status, err.field()), (422, Some(field)));
    }
    // Graduates may not file an enrolment certificate request (students only).
    let graduate = app.login(GRADUATE, DEMO_PASSWORD).await;
    let r: Answer<String> = app
        .call(
            &graduate,
            "create_request",
            &[
                ("type_id", "7"),
                ("subject", "گواهی اشتغال"),
                ("description", "درخواست صدور گواهی"),
            ],
        )
        .await;
    assert_eq!(r.expect_err("not for graduates").1.field(), Some("type_id"));
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);
}

#[tokio::test]
async fn filing_goes_on_when_another_writer_took_the_next_request_id() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let first = app.file_request(&applicant, "درخواست نخست").await;
    // Another process (an import, a second server on the same file) writes the row that
    // would have been next.
    app.exec(
        "INSERT INTO requests (id, tracking_code, applicant_id, type_id, subject, description, \
         status, created_at, updated_at) \
         SELECT (SELECT MAX(id) + 1 FROM requests), 'imported', u.id, 1, 'وارد شده', \
         'از سامانه دیگر', 'new', 0, 0 FROM users u WHERE u.login_key = '0499370899'",
    )
    .await;
    let second = app.file_request(&applicant, "درخواست دوم").await;
    let third = app.file_request(&applicant, "درخواست سوم").await;
    assert!(first != second && second != third);
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 4);
    for code in [&first, &second, &third] {
        let mine: Answer<RequestDetail> =
            app.call(&applicant, "get_request", &[("code", code)]).await;
        assert!(mine.is_ok(), "{code} is readable");
    }
}

#[tokio::test]
async fn an_applicant_never_reaches_another_applicants_request() {
    let app = spawn_app().await;
    let owner = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&owner, "درخواست خصوصی من").await;
    let other = app.new_applicant(&national_code(7), "09121234567").await;

    let read: Answer<RequestDetail> = app.call(&other, "get_request", &[("code", &code)]).await;
    assert_eq!(read.expect_err("hidden").0, 404);
    let reply: Answer<()> = app
        .call(&other, "reply", &[("code", &code), ("body", "سلام")])
        .await;
    assert_eq!(reply.expect_err("hidden").0, 404);
    let close: Answer<()> = app.call(&other, "close_request", &[("code", &code)]).await;
    assert_eq!(close.expect_err("hidden").0, 404);
    let list: Answer<Page<RequestSummary>> = app.call(&other, "my_requests", &[]).await;
    assert!(list.expect("list").items.is_empty());
    let queue: Answer<Page<RequestSummary>> = app.call(&other, "staff_queue", &[]).await;
    assert_eq!(queue.expect_err("staff only").0, 403);

    // Guessing: every tracking code of the first ids, this year and last, is "not found".
    let year = poshtiban::domain::jalali::TehranDateTime::from_unix_millis(app.state.db.now_ms())
        .date
        .year;
    for id in 1..=20 {
        for y in [year, year - 1] {
            let guess = poshtiban::domain::tracking::make(id, y);
            let r: Answer<RequestDetail> =
                app.call(&other, "get_request", &[("code", &guess)]).await;
            assert_eq!(r.expect_err("guess").0, 404, "{guess}");
        }
    }
    // The page itself shows "not found", never the subject.
    let html = other
        .get(format!("{}/requests/{code}", app.base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(!html.contains("درخواست خصوصی من"));
    assert!(html.contains(poshtiban::copy::ERR_NOT_FOUND));
    // Nothing changed.
    assert_eq!(app.count("SELECT COUNT(*) FROM messages").await, 0);
}

#[tokio::test]
async fn every_server_function_and_page_declares_who_may_use_it() {
    use poshtiban::domain::account::Access;
    let app = spawn_app().await;
    let anonymous = app.client();
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let agent = app.staff().await;

    let registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p.to_string())
        .collect();
    assert!(registered.len() >= poshtiban::api::ACCESS.len());
    for path in &registered {
        let access =
            poshtiban::api::access_of(path).unwrap_or_else(|| panic!("{path} has no access rule"));
        let post = |c: &reqwest::Client| {
            c.post(format!("{}{path}", app.base))
                .header("accept", "application/json")
                .send()
        };
        let status = post(&anonymous).await.expect("answer").status().as_u16();
        if access == Access::Public {
            assert_ne!(status, 401, "{path}");
        } else {
            assert_eq!(status, 401, "anonymous call of {path}");
        }
        match access {
            Access::Applicant => {
                assert_eq!(post(&agent).await.expect("answer").status(), 403, "{path}")
            }
            Access::Staff | Access::Supervisor | Access::Admin => {
                assert_eq!(
                    post(&applicant).await.expect("answer").status(),
                    403,
                    "{path}"
                )
            }
            _ => {}
        }
    }
    // Whoever may call it, a body the function cannot decode gets an answer, never a dropped
    // connection (the multipart decoder panics on anything else, so those endpoints must be
    // declared as multipart and refused before it).
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    for path in &registered {
        admin
            .post(format!("{}{path}", app.base))
            .header("accept", "application/json")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("x=1")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{path} dropped the connection: {e}"));
    }
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    for path in [
        "/api/create_request",
        "/api/rate_request",
        "/api/my_requests",
    ] {
        student
            .post(format!("{}{path}", app.base))
            .header("accept", "application/json")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("x=1")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{path} dropped the connection: {e}"));
    }
    // And every entry of the table is a real server function.
    for (path, _) in poshtiban::api::ACCESS {
        assert!(
            registered.iter().any(|p| p == path),
            "{path} is declared but not registered"
        );
    }

    // Pages: each route has a rule; private pages send strangers to the login page and refuse
    // the wrong role.
    let routes = poshtiban::web::route_list();
    for route in &routes {
        let path = route.path();
        let access = poshtiban::web::middleware::PAGES
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, a)| *a)
            .unwrap_or_else(|| panic!("page {path} has no access rule"));
        let concrete = path.replace("{code}", "0400000011");
        let res = anonymous
            .get(format!("{}{concrete}", app.base))
            .send()
            .await
            .expect("answer");
        if access == Access::Public {
            assert_eq!(res.status(), 200, "{path}");
        } else {
            assert_eq!(res.status(), 303, "{path}");
            let location = res
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            assert!(location.starts_with("/login?next="), "{location}");
        }
        match access {
            Access::Applicant => {
                let res = agent
                    .get(format!("{}{concrete}", app.base))
                    .send()
                    .await
                    .expect("answer");
                assert_eq!(res.status(), 403, "{path}");
            }
            Access::Staff => {
                let res = applicant
                    .get(format!("{}{concrete}", app.base))
                    .send()
                    .await
                    .expect("answer");
                assert_eq!(res.status(), 403, "{path}");
            }
            _ => {}
        }
    }
    let events = anonymous
        .get(format!("{}/events", app.base))
        .send()
        .await
        .expect("answer");
    assert_eq!(events.status(), 401);

    // Other spellings of a page lead to the page itself, and so to its rule.
    for spelling in ["/staff/", "//staff", "/staff//"] {
        let res = applicant
            .get(format!("{}{spelling}", app.base))
            .send()
            .await
            .expect("answer");
        assert_eq!(res.status(), 308, "{spelling}");
        assert_eq!(
            res.headers().get("location").and_then(|v| v.to_str().ok()),
            Some("/staff")
        );
    }
}

#[tokio::test]
async fn cross_site_writes_are_refused_and_pages_carry_security_headers() {
    let app = spawn_app().await;
    let c = app.client();
    let res = c
        .post(format!("{}/api/login", app.base))
        .header("origin", "http://evil.example")
        .form(&[("identifier", STUDENT), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status(), 403);
    let res = c
        .post(format!("{}/api/login", app.base))
        .header("sec-fetch-site", "cross-site")
        .form(&[("identifier", STUDENT), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status(), 403);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);

    let page = c
        .get(format!("{}/login", app.base))
        .send()
        .await
        .expect("page");
    let h = page.headers();
    let csp = h
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("'nonce-"),
        "{csp}"
    );
    assert_eq!(
        h.get("x-content-type-options").map(|v| v.as_bytes()),
        Some(&b"nosniff"[..])
    );
    assert!(h.get("referrer-policy").is_some());
    assert_eq!(
        h.get("cache-control").map(|v| v.as_bytes()),
        Some(&b"no-store"[..])
    );
    // The inline hydration script carries the header's nonce.
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .unwrap_or("x")
        .to_string();
    let html = page.text().await.expect("html");
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the page's scripts use the header's nonce"
    );
}

#[tokio::test]
async fn a_plain_form_post_without_javascript_redirects_with_the_error_or_the_result() {
    let app = spawn_app().await;
    let c = app.client();
    let res = c
        .post(format!("{}/api/login", app.base))
        .header("accept", "text/html")
        .header("referer", format!("{}/login", app.base))
        .form(&[("identifier", STUDENT), ("password", "wrong-password")])
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status(), 302);
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    // Back to the form's page; the error waits on the server, not in the address.
    assert_eq!(location, "/login");
    // The login page rendered at that address shows the Persian message.
    let html = c
        .get(format!("{}{location}", app.base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains(poshtiban::copy::ERR_LOGIN_FAILED));

    let res = c
        .post(format!("{}/api/login", app.base))
        .header("accept", "text/html")
        .header("referer", format!("{}/login", app.base))
        .form(&[("identifier", STUDENT), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status(), 302);
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/requests")
    );
}

#[tokio::test]
async fn live_events_reach_the_applicant_and_staff_and_replay_after_a_reconnect() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let staff = app.staff().await;
    let mut staff_stream = staff
        .get(format!("{}/events", app.base))
        .send()
        .await
        .expect("sse")
        .bytes_stream();
    let mut sbuf = String::new();
    assert!(
        next_event(&mut staff_stream, &mut sbuf)
            .await
            .contains("event: ready")
    );

    let code = app.file_request(&applicant, "درخواست زنده").await;
    let created = next_event(&mut staff_stream, &mut sbuf).await;
    assert!(created.contains("request_created"), "{created}");

    let mut app_stream = applicant
        .get(format!("{}/events", app.base))
        .send()
        .await
        .expect("sse")
        .bytes_stream();
    let mut abuf = String::new();
    assert!(
        next_event(&mut app_stream, &mut abuf)
            .await
            .contains("event: ready")
    );
    let _: Answer<()> = app
        .call(
            &staff,
            "reply",
            &[("code", &code), ("body", "پاسخ کارشناس")],
        )
        .await;
    let started = std::time::Instant::now();
    let updated = next_event(&mut app_stream, &mut abuf).await;
    assert!(updated.contains("request_updated"), "{updated}");
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    let last_id: String = updated
        .lines()
        .find_map(|l| l.strip_prefix("id: ").or_else(|| l.strip_prefix("id:")))
        .expect("an event id")
        .trim()
        .to_string();
    drop(app_stream);

    // Missed while disconnected, replayed on reconnect with Last-Event-ID.
    let _: Answer<()> = app
        .call(&staff, "reply", &[("code", &code), ("body", "پاسخ دوم")])
        .await;
    let mut again = applicant
        .get(format!("{}/events", app.base))
        .header("last-event-id", &last_id)
        .send()
        .await
        .expect("sse")
        .bytes_stream();
    let mut buf = String::new();
    assert!(
        next_event(&mut again, &mut buf)
            .await
            .contains("event: ready")
    );
    assert!(
        next_event(&mut again, &mut buf)
            .await
            .contains("request_updated")
    );

    // Another applicant hears nothing of it.
    let other = app.new_applicant(&national_code(9), "09127654321").await;
    let mut other_stream = other
        .get(format!("{}/events", app.base))
        .header("last-event-id", "0")
        .send()
        .await
        .expect("sse")
        .bytes_stream();
    let mut obuf = String::new();
    assert!(
        next_event(&mut other_stream, &mut obuf)
            .await
            .contains("event: ready")
    );
    let _: Answer<()> = app
        .call(&staff, "reply", &[("code", &code), ("body", "پاسخ سوم")])
        .await;
    let nothing = tokio::time::timeout(
        std::time::Duration::from_millis(700),
        next_event(&mut other_stream, &mut obuf),
    )
    .await;
    assert!(nothing.is_err(), "another applicant's stream stays silent");
}
