//! The holes an outside probe found, each proven shut on both engines: every limit holds under a
//! burst of parallel requests.

use futures::future::join_all;

use super::common::*;

/// The admin's mobile as people type it.
const ADMIN_MOBILE: &str = "09121110006";

/// Sends `n` copies of a server-function call at the same instant and returns their statuses.
async fn burst(
    app: &TestApp,
    n: usize,
    name: &str,
    form: impl Fn(usize) -> Vec<(String, String)>,
    client: impl Fn(usize) -> reqwest::Client,
) -> Vec<u16> {
    let calls = (0..n).map(|i| {
        let c = client(i);
        let fields = form(i);
        let url = format!("{}/api/{name}", app.base);
        async move {
            c.post(url)
                .header("accept", "application/json")
                .form(&fields)
                .send()
                .await
                .expect("the server answers")
                .status()
                .as_u16()
        }
    });
    join_all(calls).await
}

/// The `i`-th of a run of six-digit guesses from `from` on, never the `right` code.
fn wrong_guess(from: usize, i: usize, right: &str) -> String {
    let guess = format!("{:06}", (from + i) % 1_000_000);
    if guess == right {
        "999999".to_string()
    } else {
        guess
    }
}

fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

#[tokio::test]
async fn parallel_guesses_of_a_sign_in_code_get_five_tries_in_all() {
    let app = spawn_app_with(|c| c.db_max_connections = 16).await;
    let c = app.client();
    let asked: Answer<()> = app
        .call(&c, "request_otp", &[("mobile", ADMIN_MOBILE)])
        .await;
    assert!(asked.is_ok(), "{asked:?}");
    let code = app.last_sms_code("+989121110006").await;
    // 199 wrong guesses and the right code, all at once, each from its own client.
    let statuses = burst(
        &app,
        200,
        "verify_otp",
        |i| {
            let guess = if i == 150 {
                code.clone()
            } else {
                wrong_guess(0, i * 7919, &code)
            };
            vec![
                ("mobile".into(), ADMIN_MOBILE.into()),
                ("code".into(), guess),
            ]
        },
        |_| app.client(),
    )
    .await;
    // Five guesses in all were weighed against the code, whatever their order.
    let tries: i64 = app.count("SELECT MAX(attempts) FROM otp_codes").await;
    assert_eq!(tries, 5, "statuses: {statuses:?}");
    let signed_in = count(&statuses, 200);
    assert!(signed_in <= 1);
    assert_eq!(
        count(&statuses, 422) + count(&statuses, 429) + signed_in,
        200,
        "{statuses:?}"
    );
    // Whether or not the right code was among the five, it no longer opens anything.
    let late: Answer<String> = app
        .call(
            &app.client(),
            "verify_otp",
            &[("mobile", ADMIN_MOBILE), ("code", &code)],
        )
        .await;
    assert!(late.is_err());
}

#[tokio::test]
async fn code_guesses_are_limited_per_address_across_mobiles() {
    let app = spawn_app().await;
    let c = app.client();
    // Codes for every demo account's mobile, then wrong guesses for each from one address.
    let mut mobiles = Vec::new();
    for n in 1..=6 {
        let m = format!("0912111000{n}");
        let asked: Answer<()> = app.call(&c, "request_otp", &[("mobile", &m)]).await;
        assert!(asked.is_ok(), "{asked:?}");
        mobiles.push(m);
    }
    let statuses = burst(
        &app,
        24,
        "verify_otp",
        |i| {
            vec![
                ("mobile".into(), mobiles[i % 6].clone()),
                ("code".into(), "000000".into()),
            ]
        },
        |_| app.client(),
    )
    .await;
    let weighed: i64 = app
        .count("SELECT CAST(COALESCE(SUM(attempts), 0) AS BIGINT) FROM otp_codes")
        .await;
    assert!(
        weighed <= poshtiban::server::auth::otp::MAX_VERIFY_PER_ADDRESS,
        "{weighed} guesses weighed from one address: {statuses:?}"
    );
    assert!(count(&statuses, 429) > 0, "{statuses:?}");
}

#[tokio::test]
async fn parallel_wrong_passwords_count_against_the_limit_one_by_one() {
    let app = spawn_app_with(|c| c.db_max_connections = 16).await;
    let statuses = burst(
        &app,
        60,
        "login",
        |i| {
            vec![
                ("identifier".into(), STUDENT.into()),
                ("password".into(), format!("wrong-password-{i}")),
            ]
        },
        |_| app.client(),
    )
    .await;
    // Only as many passwords as the limit allows were even checked.
    assert!(
        count(&statuses, 422) <= 5,
        "{} wrong passwords checked: {statuses:?}",
        count(&statuses, 422)
    );
    assert_eq!(count(&statuses, 422) + count(&statuses, 429), 60);
}

#[tokio::test]
async fn parallel_requests_for_a_code_send_one_message() {
    let app = spawn_app_with(|c| c.db_max_connections = 16).await;
    let statuses = burst(
        &app,
        40,
        "request_otp",
        |_| vec![("mobile".into(), ADMIN_MOBILE.into())],
        |_| app.client(),
    )
    .await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'otp'")
            .await,
        1,
        "{statuses:?}"
    );
    assert_eq!(count(&statuses, 200), 1, "{statuses:?}");
    assert_eq!(count(&statuses, 429), 39, "{statuses:?}");
}

#[tokio::test]
async fn parallel_code_requests_from_one_address_stop_at_its_limit() {
    let app = spawn_app_with(|c| c.db_max_connections = 16).await;
    // Forty different mobiles, none with an account: the answer is the same, and the address
    // limit still counts each.
    let statuses = burst(
        &app,
        40,
        "request_otp",
        |i| vec![("mobile".into(), format!("0935{:07}", 1000 + i))],
        |_| app.client(),
    )
    .await;
    assert_eq!(
        count(&statuses, 200) as i64,
        poshtiban::server::auth::otp::MAX_SENDS_PER_ADDRESS_HOUR,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn a_strangers_wrong_passwords_never_lock_the_owner_out_at_their_own_browser() {
    let app = spawn_app().await;
    // The admin has signed in from this browser before, and signed out.
    let own = app.login(ADMIN, DEMO_PASSWORD).await;
    let out: Answer<String> = app.call(&own, "logout", &[]).await;
    assert!(out.is_ok(), "{out:?}");
    // A stranger (from the same address, even) tries forty passwords.
    let stranger = app.client();
    for i in 0..40 {
        let _: Answer<String> = app
            .call(
                &stranger,
                "login",
                &[("identifier", ADMIN), ("password", &format!("guess-{i}"))],
            )
            .await;
    }
    let refused: Answer<String> = app
        .call(
            &stranger,
            "login",
            &[("identifier", ADMIN), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(refused.expect_err("the stranger is throttled").0, 429);
    // The owner, at the browser the account knows, still signs in.
    let back: Answer<String> = app
        .call(
            &own,
            "login",
            &[("identifier", ADMIN), ("password", DEMO_PASSWORD)],
        )
        .await;
    // The password is taken (the second factor comes next).
    assert_eq!(back, Ok("/login/2fa".to_string()));
    // That browser has limits of its own: five wrong passwords from it, then it waits too.
    for i in 0..5 {
        let r: Answer<String> = app
            .call(
                &own,
                "login",
                &[("identifier", ADMIN), ("password", &format!("typo-{i}"))],
            )
            .await;
        assert_eq!(r.expect_err("wrong").0, 422);
    }
    let r: Answer<String> = app
        .call(
            &own,
            "login",
            &[("identifier", ADMIN), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(r.expect_err("this browser waits").0, 429);
}

/// Text that ends every raw-text element and adds markup that would act if it were parsed as
/// such: a redirect, an image and a script, each marked so a test can look for it.
pub const HOSTILE: &str = "x</textarea></title></style></script></noscript>\
<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">\
<img id=\"pwned-img\" src=\"x\"><script id=\"pwned-script\">alert(1)</script><textarea>";

/// A page as the browser gets it, parsed as the browser parses it.
pub async fn parsed_page(app: &TestApp, client: &reqwest::Client, path: &str) -> scraper::Html {
    let res = client
        .get(format!("{}{path}", app.base))
        .header("accept", "text/html")
        .send()
        .await
        .expect("the page answers");
    assert_eq!(res.status().as_u16(), 200, "{path}");
    scraper::Html::parse_document(&res.text().await.expect("a body"))
}

/// Nothing of `HOSTILE` became markup on the page.
pub fn assert_inert(doc: &scraper::Html, path: &str) {
    for selector in [
        "meta[http-equiv]",
        "#pwned-img",
        "#pwned-script",
        "base",
        "iframe",
        "object",
        "embed",
    ] {
        let s = scraper::Selector::parse(selector).expect("a selector");
        assert!(
            doc.select(&s).next().is_none(),
            "{path}: stored text became a {selector} element"
        );
    }
}

/// The text a textarea holds when the page loads.
pub fn textarea_text(doc: &scraper::Html, css: &str) -> Vec<String> {
    let s = scraper::Selector::parse(css).expect("a selector");
    doc.select(&s).map(|e| e.text().collect()).collect()
}

#[tokio::test]
async fn stored_text_in_prefilled_textareas_stays_text() {
    let app = spawn_app().await;
    let supervisor = app.login(SUPERVISOR, DEMO_PASSWORD).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let saved: Answer<()> = app
        .call(
            &supervisor,
            "save_canned",
            &[("title", "پاسخ آماده"), ("body", HOSTILE)],
        )
        .await;
    assert!(saved.is_ok(), "{saved:?}");
    let typed: Answer<i64> = app
        .call(
            &admin,
            "save_type",
            &[
                ("type_id", "1"),
                ("title", "بازیابی گذرواژه"),
                ("description", HOSTILE),
                ("kind_student", "on"),
                ("initial_result_days", "3"),
                ("active", "on"),
            ],
        )
        .await;
    assert!(typed.is_ok(), "{typed:?}");
    let field: Answer<()> = app
        .call(
            &admin,
            "save_field",
            &[
                ("type_id", "1"),
                ("label", "دانشگاه"),
                ("kind", "choice"),
                ("choices", &format!("تهران\n{HOSTILE}")),
            ],
        )
        .await;
    assert!(field.is_ok(), "{field:?}");

    for (who, client) in [("supervisor", &supervisor), ("admin", &admin)] {
        let doc = parsed_page(&app, client, "/staff/canned").await;
        assert_inert(&doc, "/staff/canned");
        let bodies = textarea_text(&doc, "textarea[name=body]");
        assert!(
            bodies.iter().any(|b| b == HOSTILE),
            "{who}: the canned response's text is shown as typed: {bodies:?}"
        );
    }
    let doc = parsed_page(&app, &admin, "/admin/types/1").await;
    assert_inert(&doc, "/admin/types/1");
    assert_eq!(
        textarea_text(&doc, "textarea#description"),
        vec![HOSTILE.to_string()]
    );
    let choices = textarea_text(&doc, "textarea[name=choices]");
    assert!(
        choices.iter().any(|c| c.contains(HOSTILE)),
        "the choices are shown as typed: {choices:?}"
    );
    // The applicant's form shows the same description and choices as text, too.
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let doc = parsed_page(&app, &student, "/requests/new?type=1").await;
    assert_inert(&doc, "/requests/new");
}

/// Sends `request_line` as it is (no client library tidies the path) and returns the answer's
/// head.
async fn raw_head(app: &TestApp, request_line: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    s.write_all(format!("{request_line}\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes())
        .await
        .expect("send");
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out).await;
    let text = String::from_utf8_lossy(&out).to_string();
    text.split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn tidying_an_address_never_redirects_to_another_site() {
    let app = spawn_app().await;
    for path in [
        "/\\evil.example/",
        "/\\/evil.example/",
        "//evil.example/",
        "///evil.example//",
        "/%5Cevil.example/",
        "/staff/\\evil.example/",
    ] {
        let head = raw_head(&app, &format!("GET {path} HTTP/1.1")).await;
        let location = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .starts_with("location:")
                    .then(|| l[9..].trim().to_string())
            })
            .unwrap_or_default();
        assert!(
            location.is_empty()
                || (location.starts_with('/')
                    && !location.starts_with("//")
                    && !location.contains('\\')),
            "{path} answered {head}"
        );
    }
    // The tidying itself still works.
    let head = raw_head(&app, "GET /sla/ HTTP/1.1").await;
    let head = head.to_ascii_lowercase();
    assert!(
        head.contains(" 308 ") && head.lines().any(|l| l.trim() == "location: /sla"),
        "{head}"
    );
}

#[tokio::test]
async fn strict_transport_security_is_sent_when_served_over_tls() {
    let plain = spawn_app().await;
    let res = plain
        .client()
        .get(format!("{}/", plain.base))
        .send()
        .await
        .expect("page");
    assert!(res.headers().get("strict-transport-security").is_none());
    let tls = spawn_app_with(|c| {
        c.cookie_secure = true;
        c.public_origin = Some("https://poshtiban.example.ir".into());
    })
    .await;
    for path in ["/", "/api/current_account", "/pkg/poshtiban.css"] {
        let req = tls.client().get(format!("{}{path}", tls.base));
        let res = if path.starts_with("/api/") {
            tls.client()
                .post(format!("{}{path}", tls.base))
                .header("accept", "application/json")
                .send()
                .await
        } else {
            req.send().await
        }
        .expect("answer");
        let hsts = res
            .headers()
            .get("strict-transport-security")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        assert!(hsts.contains("max-age=31536000"), "{path}: {hsts:?}");
    }
}

/// An error as the framework writes it into an address.
fn url_error(err: &poshtiban::wire::AppError) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE.encode(serde_json::to_string(err).expect("json"))
}

#[tokio::test]
async fn nobody_can_write_the_sign_in_pages_error_box_with_a_link() {
    let app = spawn_app().await;
    let forged = poshtiban::wire::AppError::Conflict(
        "حساب شما مسدود شد؛ برای رفع آن به evil.example بروید".into(),
    );
    let follow = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    for path in ["/login", "/register", "/login/otp"] {
        let link = format!(
            "{}{path}?__path=%2Fapi%2Flogin&__err={}",
            app.base,
            url_error(&forged)
        );
        let res = follow.get(&link).send().await.expect("page");
        let landed = res.url().to_string();
        let html = res.text().await.expect("html");
        assert!(
            !html.contains("evil.example"),
            "{path}: the forged message is on the page"
        );
        assert!(!landed.contains("__err"), "{landed}");
    }
    // A real failed post (no JavaScript) still shows its error on the page it returns to, once.
    let c = app.client();
    let res = c
        .post(format!("{}/api/login", app.base))
        .header("accept", "text/html")
        .header("referer", format!("{}/login?next=%2Frequests", app.base))
        .form(&[("identifier", STUDENT), ("password", "wrong-password")])
        .send()
        .await
        .expect("answer");
    assert!(res.status().is_redirection());
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_eq!(location, "/login?next=%2Frequests");
    let html = app.page(&c, &location).await;
    assert!(html.contains(poshtiban::copy::ERR_LOGIN_FAILED));
    let again = app.page(&c, &location).await;
    assert!(!again.contains(poshtiban::copy::ERR_LOGIN_FAILED));
}

#[tokio::test]
async fn malformed_and_oversized_requests_get_a_clear_answer_not_a_server_fault() {
    let app = spawn_app().await;
    let c = app.client();
    let post = |path: &str| {
        c.post(format!("{}{path}", app.base))
            .header("accept", "application/json")
    };
    let answer = |res: reqwest::Response| async move {
        let status = res.status().as_u16();
        let body = res.text().await.expect("a body");
        let err = serde_json::from_str::<poshtiban::wire::AppError>(&body)
            .unwrap_or_else(|_| panic!("not an error of ours: {status} {body}"));
        (status, err)
    };
    // A field missing.
    let (status, err) = answer(
        post("/api/login")
            .form(&[("identifier", STUDENT)])
            .send()
            .await
            .expect("answer"),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(err, poshtiban::wire::AppError::BadRequest);
    assert!(err.to_string().contains("دوباره"), "{err}");
    // Not a form at all.
    let (status, _) = answer(
        post("/api/login")
            .header("content-type", "application/json")
            .body("{\"identifier\": 1}")
            .send()
            .await
            .expect("answer"),
    )
    .await;
    assert_eq!(status, 400);
    // A field of the wrong kind (a position in the list that is not a number).
    let staff = app.staff().await;
    let res = staff
        .post(format!("{}/api/staff_queue", app.base))
        .header("accept", "application/json")
        .form(&[("after", "many")])
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status().as_u16(), 400);
    // A 3 MB form.
    let big = "ا".repeat(1_500_000);
    let (status, err) = answer(
        post("/api/login")
            .form(&[("identifier", big.as_str()), ("password", "x")])
            .send()
            .await
            .expect("answer"),
    )
    .await;
    assert_eq!(status, 413);
    assert_eq!(err, poshtiban::wire::AppError::TooLarge);
    // Nothing was signed in or stored by any of them.
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
}

/// Opens the signed-in client's live stream and reads its greeting.
async fn open_stream(
    app: &TestApp,
    client: &reqwest::Client,
) -> (
    impl futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin,
    String,
) {
    let mut stream = client
        .get(format!("{}/events", app.base))
        .send()
        .await
        .expect("sse")
        .bytes_stream();
    let mut buf = String::new();
    assert!(
        next_event(&mut stream, &mut buf)
            .await
            .contains("event: ready")
    );
    (stream, buf)
}

/// Waits (at most `secs`) for the stream to end; events meanwhile are read and returned.
async fn stream_ends_within(
    stream: &mut (impl futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin),
    secs: u64,
) -> Result<String, String> {
    use futures::StreamExt;
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        match tokio::time::timeout_at(deadline, stream.next()).await {
            Ok(None) | Ok(Some(Err(_))) => return Ok(seen),
            Ok(Some(Ok(chunk))) => seen.push_str(&String::from_utf8_lossy(&chunk)),
            Err(_) => return Err(seen),
        }
    }
}

#[tokio::test]
async fn a_live_stream_ends_with_its_session() {
    let app = spawn_app_with(|c| c.live_session_check_seconds = 1).await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let (mut stream, _) = open_stream(&app, &applicant).await;
    // Signing out closes the stream at once (not at its next look).
    let out: Answer<String> = app.call(&applicant, "logout", &[]).await;
    assert!(out.is_ok());
    let seen = stream_ends_within(&mut stream, 3)
        .await
        .unwrap_or_else(|seen| panic!("the stream outlived its session: {seen}"));
    assert!(!seen.contains("request_"), "{seen}");

    // A disabled account's stream ends by the next look, with nothing delivered after it.
    let staff = app.staff().await;
    let (mut staff_stream, _) = open_stream(&app, &staff).await;
    let agent = app.user_id(AGENT).await;
    sqlx::query("UPDATE users SET active = 0 WHERE id = $1")
        .bind(agent)
        .execute(&app.state.db.pool)
        .await
        .expect("disable");
    stream_ends_within(&mut staff_stream, 5)
        .await
        .unwrap_or_else(|seen| panic!("a disabled account's stream went on: {seen}"));
    let again = staff
        .get(format!("{}/events", app.base))
        .send()
        .await
        .expect("answer");
    assert_eq!(again.status(), 401);
}

#[tokio::test]
#[ignore = "needs PostgreSQL (TEST_DATABASE_URL)"]
async fn a_session_ended_on_one_instance_closes_its_streams_on_another() {
    require_postgres();
    let a = spawn_app().await;
    let b = spawn_app_on(&a.database_url).await;
    let student = a.login(STUDENT, DEMO_PASSWORD).await;
    // The same browser session, its stream served by the other instance.
    let (mut stream, _) = open_stream(&b, &student).await;
    let out: Answer<String> = a.call(&student, "logout", &[]).await;
    assert!(out.is_ok());
    stream_ends_within(&mut stream, 3)
        .await
        .unwrap_or_else(|seen| panic!("the other instance kept the stream: {seen}"));
}

fn signup_form(identifier: &str, mobile: &str) -> Vec<(String, String)> {
    [
        ("kind", "student"),
        ("id_type", "national_code"),
        ("identifier", identifier),
        ("full_name", "سارا محمدی"),
        ("mobile", mobile),
        ("password", "a-long-password"),
        ("password_confirm", "a-long-password"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// The raw answer to a registration: status and body.
async fn register_raw(app: &TestApp, identifier: &str, mobile: &str) -> (u16, String) {
    let res = app
        .client()
        .post(format!("{}/api/register", app.base))
        .header("accept", "application/json")
        .form(&signup_form(identifier, mobile))
        .send()
        .await
        .expect("answer");
    (res.status().as_u16(), res.text().await.expect("a body"))
}

#[tokio::test]
async fn registration_does_not_tell_which_identifiers_or_mobiles_have_accounts() {
    let app = spawn_app().await;
    let fresh = register_raw(&app, &national_code(501), "09120000501").await;
    let taken_identifier = register_raw(&app, STUDENT, "09120000502").await;
    let taken_mobile = register_raw(&app, &national_code(503), "09121110002").await;
    assert_eq!(fresh, (200, "\"/register/verify\"".to_string()));
    assert_eq!(taken_identifier, fresh);
    assert_eq!(taken_mobile, fresh);
    // Each mobile got one text message; the one that has an account was told so, with no code.
    let bodies: Vec<(String, String)> =
        sqlx::query_as("SELECT recipient, body FROM outbox WHERE kind = 'otp' ORDER BY id")
            .fetch_all(&app.state.db.pool)
            .await
            .expect("outbox");
    assert_eq!(bodies.len(), 3);
    let has_code = |s: &str| {
        poshtiban::copy::digits::fold_digits(s)
            .split(|c: char| !c.is_ascii_digit())
            .any(|run| run.len() == 6)
    };
    assert!(has_code(&bodies[0].1));
    assert!(has_code(&bodies[1].1));
    assert_eq!(bodies[2].0, "+989121110002");
    assert!(!has_code(&bodies[2].1), "{}", bodies[2].1);
    // Nobody gets an account for a mobile they could not prove.
    let accounts: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE login_key = $1 OR mobile = $2")
            .bind(national_code(503))
            .bind("+989121110002")
            .fetch_one(&app.state.db.pool)
            .await
            .expect("count");
    assert_eq!(accounts, 1, "only the graduate who had the mobile");
    // The holder of a mobile learns that an identifier is taken only with the right code.
    let c = app.client();
    let _: Answer<String> = app
        .call(
            &c,
            "register",
            &signup_form(STUDENT, "09120000504")
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    let wrong: Answer<String> = app
        .call(&c, "confirm_registration", &[("code", "000000")])
        .await;
    let taken = app.confirm_registration(&c, "09120000504").await;
    assert_eq!(taken.expect_err("taken").0, 409);
    assert!(wrong.is_err());
}

#[tokio::test]
async fn registrations_are_limited_per_address_and_per_mobile() {
    let app = spawn_app_with(|c| c.db_max_connections = 16).await;
    let n = poshtiban::server::auth::signup::MAX_SIGNUPS_PER_ADDRESS_HOUR as usize + 10;
    let statuses = burst(
        &app,
        n,
        "register",
        |i| {
            signup_form(
                &national_code(600 + i as u32),
                &format!("0912000{:04}", 600 + i),
            )
        },
        |_| app.client(),
    )
    .await;
    assert_eq!(
        count(&statuses, 200) as i64,
        poshtiban::server::auth::signup::MAX_SIGNUPS_PER_ADDRESS_HOUR,
        "{statuses:?}"
    );
    assert_eq!(count(&statuses, 429), 10, "{statuses:?}");

    // One mobile: one message, however many ask at once (from another address's worth of
    // requests: the per-mobile cool-down holds by itself).
    let other = spawn_app_with(|c| c.db_max_connections = 16).await;
    let statuses = burst(
        &other,
        20,
        "register",
        |i| signup_form(&national_code(700 + i as u32), "09120000700"),
        |_| other.client(),
    )
    .await;
    assert_eq!(count(&statuses, 200), 1, "{statuses:?}");
    assert_eq!(
        other
            .count("SELECT COUNT(*) FROM outbox WHERE recipient = '+989120000700'")
            .await,
        1
    );
}

#[tokio::test]
async fn parallel_guesses_of_a_registration_code_get_five_tries_in_all() {
    let app = spawn_app_with(|c| c.db_max_connections = 16).await;
    let c = app.client();
    let started: Answer<String> = app
        .call(
            &c,
            "register",
            &signup_form(&national_code(801), "09120000801")
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert!(started.is_ok(), "{started:?}");
    let right = app.last_sms_code("+989120000801").await;
    let statuses = burst(
        &app,
        50,
        "confirm_registration",
        |i| vec![("code".into(), wrong_guess(100_000, i, &right))],
        |_| c.clone(),
    )
    .await;
    let tries: i64 = app.count("SELECT MAX(attempts) FROM pending_signups").await;
    assert_eq!(tries, 5, "{statuses:?}");
    // The right code no longer creates the account.
    let late = app.confirm_registration(&c, "09120000801").await;
    assert!(late.is_err());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE mobile = '+989120000801'")
            .await,
        0
    );
}

/// A staff account (password: the demo one) working in `groups`; returns its signed-in client.
async fn staff_in_groups(
    app: &TestApp,
    role: poshtiban::domain::account::Role,
    seed: u32,
    groups: &[i64],
) -> reqwest::Client {
    let key = national_code(900 + seed);
    let mobile = format!("+98912900{:04}", seed);
    let id = poshtiban::server::auth::create_account(
        &app.state.db,
        &poshtiban::server::auth::NewAccount {
            role,
            applicant_kind: None,
            id_kind: "national_code",
            login_key: &key,
            full_name: "کارشناس گروه دیگر",
            mobile: Some(&mobile),
            email: None,
            at: app.state.db.now_ms(),
        },
        DEMO_PASSWORD,
    )
    .await
    .expect("a staff account");
    for g in groups {
        sqlx::query(
            "INSERT INTO group_members (group_id, user_id, last_assigned_at) VALUES ($1, $2, 0)",
        )
        .bind(*g)
        .bind(id)
        .execute(&app.state.db.pool)
        .await
        .expect("membership");
    }
    app.login(&key, DEMO_PASSWORD).await
}

async fn queue_codes(app: &TestApp, c: &reqwest::Client, q: &str) -> Vec<String> {
    let page: poshtiban::wire::Page<poshtiban::wire::RequestSummary> = app
        .call(c, "staff_queue", &[("q", q), ("status", "all")])
        .await
        .expect("the queue");
    page.items.into_iter().map(|r| r.tracking_code).collect()
}

#[tokio::test]
async fn staff_reach_only_their_groups_requests() {
    use poshtiban::domain::account::Role;
    let app = spawn_app().await;
    let group_of_type_1: i64 =
        sqlx::query_scalar("SELECT group_id FROM request_types WHERE id = 1")
            .fetch_one(&app.state.db.pool)
            .await
            .expect("type 1 has a group");
    let other_group: i64 = sqlx::query_scalar("SELECT MIN(id) FROM staff_groups WHERE id <> $1")
        .bind(group_of_type_1)
        .fetch_one(&app.state.db.pool)
        .await
        .expect("another group");
    let outsider = staff_in_groups(&app, Role::Agent, 1, &[other_group]).await;
    let outside_supervisor = staff_in_groups(&app, Role::Supervisor, 2, &[other_group]).await;
    let insider = staff_in_groups(&app, Role::Agent, 3, &[group_of_type_1]).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;

    let (mut outsider_stream, mut obuf) = open_stream(&app, &outsider).await;
    let (mut insider_stream, mut ibuf) = open_stream(&app, &insider).await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&student, "گروه‌بندی کارتابل").await;
    let attached: Answer<()> = app
        .call_with_files(
            &student,
            "reply",
            &[("code", &code), ("body", "پیوست")],
            &[("files", "note.pdf", b"%PDF-1.4 test".to_vec())],
        )
        .await;
    assert!(attached.is_ok(), "{attached:?}");
    let file_id: i64 = sqlx::query_scalar("SELECT MAX(id) FROM attachments")
        .fetch_one(&app.state.db.pool)
        .await
        .expect("a file");

    // The group's agent hears of it live; the other group's does not.
    let heard = next_event(&mut insider_stream, &mut ibuf).await;
    assert!(heard.contains("request_created"), "{heard}");
    let silence = tokio::time::timeout(
        std::time::Duration::from_millis(1500),
        next_event(&mut outsider_stream, &mut obuf),
    )
    .await;
    assert!(silence.is_err(), "the other group heard: {silence:?}");

    for (who, c) in [("agent", &outsider), ("supervisor", &outside_supervisor)] {
        assert!(queue_codes(&app, c, "").await.is_empty(), "{who}: queue");
        assert!(
            queue_codes(&app, c, "گروه‌بندی").await.is_empty(),
            "{who}: search"
        );
        assert!(
            queue_codes(&app, c, &code).await.is_empty(),
            "{who}: by code"
        );
        let opened: Answer<poshtiban::wire::RequestDetail> =
            app.call(c, "get_request", &[("code", &code)]).await;
        assert_eq!(opened.expect_err("not theirs").0, 404, "{who}");
        let replied: Answer<()> = app
            .call(c, "reply", &[("code", &code), ("body", "پاسخ")])
            .await;
        assert_eq!(replied.expect_err("not theirs").0, 404, "{who}");
        let file = c
            .get(format!("{}/files/{file_id}", app.base))
            .send()
            .await
            .expect("answer");
        assert_eq!(file.status(), 404, "{who}: file");
    }
    for (who, c) in [("group agent", &insider), ("admin", &admin)] {
        assert_eq!(queue_codes(&app, c, "").await, vec![code.clone()], "{who}");
        let opened: Answer<poshtiban::wire::RequestDetail> =
            app.call(c, "get_request", &[("code", &code)]).await;
        assert!(opened.is_ok(), "{who}");
        let file = c
            .get(format!("{}/files/{file_id}", app.base))
            .send()
            .await
            .expect("answer");
        assert_eq!(file.status(), 200, "{who}: file");
    }
    // Assigned to them by an admin, it is theirs to work on whatever its group.
    let outsider_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE login_key = $1")
        .bind(national_code(901))
        .fetch_one(&app.state.db.pool)
        .await
        .expect("id");
    let assigned: Answer<()> = app
        .call(
            &admin,
            "assign_request",
            &[("code", &code), ("assignee", &outsider_id.to_string())],
        )
        .await;
    assert!(assigned.is_ok(), "{assigned:?}");
    let opened: Answer<poshtiban::wire::RequestDetail> =
        app.call(&outsider, "get_request", &[("code", &code)]).await;
    assert!(opened.is_ok());
}

/// Asks for a sign-in code by SMS and gives it back: the client and where it leads.
async fn sms_sign_in(
    app: &TestApp,
    mobile: &str,
    canonical: &str,
) -> (reqwest::Client, Answer<String>) {
    let c = app.client();
    let asked: Answer<()> = app.call(&c, "request_otp", &[("mobile", mobile)]).await;
    assert!(asked.is_ok(), "{asked:?}");
    let code = app.last_sms_code(canonical).await;
    let to: Answer<String> = app
        .call(&c, "verify_otp", &[("mobile", mobile), ("code", &code)])
        .await;
    (c, to)
}

/// The code an authenticator with `secret` (base32) shows now.
fn authenticator_code(secret: &str) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret.replace(' ', "")).expect("base32");
    let totp = totp_rs::Builder::new()
        .with_secret(secret)
        .with_account_name("x")
        .build()
        .expect("an authenticator");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("time")
        .as_secs();
    totp.generate(now).to_string()
}

async fn signed_in(app: &TestApp, c: &reqwest::Client) -> Option<poshtiban::wire::Me> {
    app.call::<Option<poshtiban::wire::Me>>(c, "current_account", &[])
        .await
        .expect("current account")
}

#[tokio::test]
async fn supervisors_and_admins_need_a_second_factor_and_each_code_works_once() {
    let app = spawn_app().await;
    let c = app.client();
    let to: Answer<String> = app
        .call(
            &c,
            "login",
            &[("identifier", ADMIN), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(to, Ok("/login/2fa".to_string()));
    // The password alone opens nothing.
    assert_eq!(signed_in(&app, &c).await, None);
    let staff_only: Answer<poshtiban::wire::StaffAdmin> = app.call(&c, "staff_admin", &[]).await;
    assert_eq!(staff_only.expect_err("no session").0, 401);
    let wrong: Answer<String> = app
        .call(&c, "verify_second_factor", &[("code", "000000")])
        .await;
    assert_eq!(wrong.expect_err("wrong").0, 422);
    let code = app.second_factor_code(ADMIN).await;
    let ok: Answer<String> = app
        .call(&c, "verify_second_factor", &[("code", &code)])
        .await;
    assert_eq!(ok, Ok("/staff".to_string()));
    assert!(signed_in(&app, &c).await.is_some());
    // The same code, in another sign-in with the right password, is refused.
    let other = app.client();
    let _: Answer<String> = app
        .call(
            &other,
            "login",
            &[("identifier", ADMIN), ("password", DEMO_PASSWORD)],
        )
        .await;
    let replay: Answer<String> = app
        .call(&other, "verify_second_factor", &[("code", &code)])
        .await;
    assert_eq!(replay.expect_err("used").0, 422);
    assert_eq!(signed_in(&app, &other).await, None);
}

#[tokio::test]
async fn parallel_guesses_of_a_second_factor_get_five_tries() {
    let app = spawn_app_with(|c| c.db_max_connections = 16).await;
    let c = app.client();
    let _: Answer<String> = app
        .call(
            &c,
            "login",
            &[("identifier", SUPERVISOR), ("password", DEMO_PASSWORD)],
        )
        .await;
    let right = app.second_factor_code(SUPERVISOR).await;
    let statuses = burst(
        &app,
        40,
        "verify_second_factor",
        |i| vec![("code".into(), wrong_guess(200_000, i, &right))],
        |_| c.clone(),
    )
    .await;
    let tries: i64 = app
        .count("SELECT MAX(attempts) FROM pending_sign_ins")
        .await;
    assert_eq!(tries, 5, "{statuses:?}");
    let late: Answer<String> = app
        .call(&c, "verify_second_factor", &[("code", &right)])
        .await;
    assert!(late.is_err(), "the sign-in's tries are spent");
    assert_eq!(signed_in(&app, &c).await, None);
}

#[tokio::test]
async fn an_sms_code_alone_does_not_sign_staff_in() {
    let app = spawn_app().await;
    // The agent has no authenticator: an SMS code alone is refused (setting one up after only
    // a code would let whoever read the message make it theirs); the password is needed.
    let (c, to) = sms_sign_in(&app, "09121110004", "+989121110004").await;
    let (status, err) = to.expect_err("SMS alone");
    assert_eq!(status, 422);
    assert_eq!(err.to_string(), poshtiban::copy::ERR_STAFF_PASSWORD_NEEDED);
    assert_eq!(signed_in(&app, &c).await, None);
    let nothing: Option<poshtiban::wire::SecondFactorSetup> = app
        .call(&c, "second_factor_setup", &[])
        .await
        .expect("an answer");
    assert_eq!(nothing, None, "no setup without a password or a session");

    // Signed in with the password, the agent sets one up from the account page.
    let c = app.staff().await;
    let setup: poshtiban::wire::SecondFactorSetup = app
        .call::<Option<_>>(&c, "second_factor_setup", &[])
        .await
        .expect("the setup")
        .expect("the signed-in agent's setup");
    assert!(!setup.signing_in);
    assert_eq!(setup.recovery_codes.len(), 10);
    assert!(setup.qr_svg.starts_with("<svg"));
    // A reload shows the same key; another browser of the same account gets a key of its own.
    let again: poshtiban::wire::SecondFactorSetup = app
        .call::<Option<_>>(&c, "second_factor_setup", &[])
        .await
        .expect("the setup")
        .expect("the setup");
    assert_eq!(again.secret, setup.secret);
    let other_browser = app.staff().await;
    let elsewhere: poshtiban::wire::SecondFactorSetup = app
        .call::<Option<_>>(&other_browser, "second_factor_setup", &[])
        .await
        .expect("the setup")
        .expect("the setup");
    assert_ne!(elsewhere.secret, setup.secret);
    let wrong: Answer<String> = app
        .call(&c, "confirm_second_factor_setup", &[("code", "000000")])
        .await;
    assert_eq!(wrong.expect_err("wrong").0, 422);
    let done: Answer<String> = app
        .call(
            &c,
            "confirm_second_factor_setup",
            &[("code", &authenticator_code(&setup.secret))],
        )
        .await;
    assert_eq!(done, Ok("/account?second_factor=1".to_string()));
    // Once set up, it cannot be replaced from another browser's setup.
    let replaced: Answer<String> = app
        .call(
            &other_browser,
            "confirm_second_factor_setup",
            &[("code", &authenticator_code(&elsewhere.secret))],
        )
        .await;
    assert!(replaced.is_err(), "{replaced:?}");
    // Now an SMS code leads to the authenticator's code (a minute later: the cool-down).
    app.exec("DELETE FROM throttles").await;
    let (c, to) = sms_sign_in(&app, "09121110004", "+989121110004").await;
    assert_eq!(to, Ok("/login/2fa".to_string()));
    assert_eq!(signed_in(&app, &c).await, None);
    // Recovery codes are kept hashed, never as shown.
    let plain: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE code_hash = $1")
        .bind(&setup.recovery_codes[0])
        .fetch_one(&app.state.db.pool)
        .await
        .expect("count");
    assert_eq!(plain, 0);

    // From now on the agent's password needs the second factor too; a recovery code does,
    // once.
    for round in 0..2 {
        let b = app.client();
        let to: Answer<String> = app
            .call(
                &b,
                "login",
                &[("identifier", AGENT), ("password", DEMO_PASSWORD)],
            )
            .await;
        assert_eq!(to, Ok("/login/2fa".to_string()));
        let typed = setup.recovery_codes[0].to_lowercase();
        let r: Answer<String> = app
            .call(&b, "verify_second_factor", &[("code", &typed)])
            .await;
        if round == 0 {
            assert_eq!(r, Ok("/staff".to_string()));
        } else {
            assert_eq!(r.expect_err("used").0, 422);
        }
    }
}

#[tokio::test]
async fn admins_reset_a_lost_second_factor_and_switch_accounts_off_on_the_record() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let supervisor = app.login(SUPERVISOR, DEMO_PASSWORD).await;
    let agent = app.staff().await;
    let supervisor_id = app.user_id(SUPERVISOR).await.to_string();
    let agent_id = app.user_id(AGENT).await.to_string();

    let by_agent: Answer<()> = app
        .call(
            &agent,
            "reset_second_factor",
            &[("user_id", &supervisor_id), ("reason", "گوشی گم شده")],
        )
        .await;
    assert_eq!(by_agent.expect_err("admins only").0, 403);
    let no_reason: Answer<()> = app
        .call(
            &admin,
            "reset_second_factor",
            &[("user_id", &supervisor_id), ("reason", "")],
        )
        .await;
    assert_eq!(no_reason.expect_err("a reason").0, 422);
    let reset: Answer<()> = app
        .call(
            &admin,
            "reset_second_factor",
            &[("user_id", &supervisor_id), ("reason", "گوشی گم شده")],
        )
        .await;
    assert!(reset.is_ok(), "{reset:?}");
    // The supervisor's sessions ended; the next sign-in sets up a new authenticator.
    assert_eq!(signed_in(&app, &supervisor).await, None);
    let c = app.client();
    let to: Answer<String> = app
        .call(
            &c,
            "login",
            &[("identifier", SUPERVISOR), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(to, Ok("/login/2fa/setup".to_string()));

    let off: Answer<()> = app
        .call(
            &admin,
            "set_account_active",
            &[
                ("user_id", &agent_id),
                ("active", "0"),
                ("reason", "پایان همکاری"),
            ],
        )
        .await;
    assert!(off.is_ok(), "{off:?}");
    assert_eq!(signed_in(&app, &agent).await, None);
    let refused: Answer<String> = app
        .call(
            &app.client(),
            "login",
            &[("identifier", AGENT), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(refused.expect_err("switched off").0, 422);
    let myself: Answer<()> = app
        .call(
            &admin,
            "set_account_active",
            &[
                ("user_id", &app.user_id(ADMIN).await.to_string()),
                ("active", "0"),
                ("reason", "آزمایش"),
            ],
        )
        .await;
    assert_eq!(myself.expect_err("not oneself").0, 422);

    let page: poshtiban::wire::StaffAdmin = app
        .call(&admin, "staff_admin", &[])
        .await
        .expect("the staff page");
    let actions: Vec<&str> = page.audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["deactivated", "second_factor_reset"]);
    assert_eq!(page.audit[1].detail, "گوشی گم شده");
    assert_eq!(page.audit[1].actor.as_deref(), Some("نرگس صادقی"));
    let supervisor_row = page
        .accounts
        .iter()
        .find(|a| a.id.to_string() == supervisor_id)
        .expect("listed");
    assert!(!supervisor_row.second_factor);
    assert!(page.accounts.iter().all(|a| a.role.is_staff()));
}

#[tokio::test]
async fn nobody_can_hold_back_or_use_up_someone_elses_text_messages_from_afar() {
    // Behind a proxy the client's address comes from X-Forwarded-For: each "address" below is
    // another client.
    let app = spawn_app_with(|c| c.trust_proxy = true).await;
    let ask = |from: String| {
        let app = &app;
        async move {
            app.client()
                .post(format!("{}/api/request_otp", app.base))
                .header("accept", "application/json")
                .header("x-forwarded-for", from)
                .form(&[("mobile", "09121110001")])
                .send()
                .await
                .expect("answer")
                .status()
                .as_u16()
        }
    };
    // Someone keeps asking for the student's codes from one address…
    assert_eq!(ask("10.0.0.1".into()).await, 200);
    for _ in 0..5 {
        assert_eq!(ask("10.0.0.1".into()).await, 429);
    }
    // …and the student, elsewhere, still gets one at once.
    assert_eq!(ask("10.0.0.2".into()).await, 200);
    // From many addresses, at most a bounded number of messages reaches the person per hour.
    let mut sent = 2;
    for n in 3..40 {
        if ask(format!("10.0.1.{n}")).await == 200 {
            sent += 1;
        }
    }
    assert_eq!(
        sent,
        poshtiban::server::auth::otp::MAX_SENDS_PER_MOBILE_HOUR
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE recipient = '+989121110001'")
            .await,
        poshtiban::server::auth::otp::MAX_SENDS_PER_MOBILE_HOUR
    );
}

/// Only wrong second-factor codes count against the account's limit: a supervisor who signs in
/// a dozen times in a quarter of an hour (new tabs, a shared desk) is not locked out.
#[tokio::test]
async fn right_second_factor_codes_do_not_use_up_the_limit() {
    let app = spawn_app().await;
    for _ in 0..12 {
        // Each sign-in gives the next code of the authenticator; `login` asserts it is accepted.
        app.login(ADMIN, DEMO_PASSWORD).await;
    }
}
