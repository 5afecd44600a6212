//! Calls that open and close a type's intake (issue 15): filing at the boundaries of a call's
//! window, and a capacity that holds under a burst, on both engines.

use std::sync::Arc;

use poshtiban::domain::request_status::RequestStatus;
use poshtiban::server::calls::{NewCall, create};
use poshtiban::wire::AppError;

use crate::common::*;

const MINUTE: i64 = 60_000;
/// «انتقال و مهمانی» (students).
const TRANSFER: i64 = 5;
/// «شورای بررسی موارد خاص» (students and graduates).
const SPECIAL_CASES: i64 = 4;

async fn file(
    app: &TestApp,
    client: &reqwest::Client,
    type_id: i64,
    subject: &str,
) -> Answer<String> {
    app.call(
        client,
        "create_request",
        &[
            ("type_id", &type_id.to_string()),
            ("subject", subject),
            (
                "description",
                "درخواست انتقال به دانشگاه محل سکونت خانواده در نیم‌سال آینده.",
            ),
        ],
    )
    .await
}

fn refusal_message(answer: Answer<String>) -> String {
    match answer.expect_err("refused") {
        (422 | 400, AppError::Validation { message, .. }) => message,
        other => panic!("not a validation refusal: {other:?}"),
    }
}

async fn admin_id(app: &TestApp) -> i64 {
    app.user_id("0034567895").await
}

#[tokio::test]
async fn a_call_takes_requests_from_its_first_instant_to_its_end_and_not_a_second_after() {
    let app = spawn_app().await;
    // «انتقال و مهمانی»: for students, and in real life open only within its calls.
    let type_id = TRANSFER;
    let now = app.state.db.now_ms();
    let (starts_at, ends_at) = (now + 10 * MINUTE, now + 20 * MINUTE);
    create(
        &app.state,
        admin_id(&app).await,
        NewCall {
            title: "فراخوان آزمایشی".into(),
            body: String::new(),
            starts_at,
            ends_at,
            kinds: Vec::new(),
            capacity: None,
            type_ids: vec![type_id],
        },
    )
    .await
    .expect("a call");
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    // Before it opens: refused, saying when it opens; nothing kept.
    let before = refusal_message(file(&app, &student, type_id, "پیش از فراخوان").await);
    assert!(before.contains("فراخوان بعدی"), "{before}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM requests WHERE subject = 'پیش از فراخوان'")
            .await,
        0
    );
    // From its first instant.
    let clock = &app.state.db.clock;
    clock.advance(starts_at - app.state.db.now_ms());
    let code = file(&app, &student, type_id, "در فراخوان")
        .await
        .expect("filed");
    assert_eq!(app.detail(&student, &code).await.status, RequestStatus::New);
    // The last instant inside, then one second after the end.
    clock.advance(ends_at - 5_000 - app.state.db.now_ms());
    file(&app, &student, type_id, "آخرین لحظه")
        .await
        .expect("filed at the end");
    clock.advance(ends_at + 1_000 - app.state.db.now_ms());
    let after = refusal_message(file(&app, &student, type_id, "یک ثانیه دیر").await);
    assert_eq!(after, poshtiban::copy::ERR_CALL_CLOSED);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM requests WHERE subject = 'یک ثانیه دیر'")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM requests WHERE call_id IS NOT NULL")
            .await,
        2
    );
    // Other types are untouched: still always open.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM request_types WHERE intake = 'calls'")
            .await,
        1
    );
    app.file_request(&student, "نوع دیگر").await;
}

#[tokio::test]
async fn a_call_for_students_refuses_a_graduate() {
    let app = spawn_app().await;
    let now = app.state.db.now_ms();
    create(
        &app.state,
        admin_id(&app).await,
        NewCall {
            title: "ویژهٔ دانشجویان".into(),
            body: String::new(),
            starts_at: now - MINUTE,
            ends_at: now + 60 * MINUTE,
            kinds: vec![poshtiban::domain::account::ApplicantKind::Student],
            capacity: None,
            type_ids: vec![SPECIAL_CASES],
        },
    )
    .await
    .expect("a call");
    let graduate = app.login(GRADUATE, DEMO_PASSWORD).await;
    let refused = refusal_message(file(&app, &graduate, SPECIAL_CASES, "دانش‌آموخته").await);
    assert_eq!(refused, poshtiban::copy::ERR_CALL_NOT_FOR_KIND);
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    file(&app, &student, SPECIAL_CASES, "دانشجو")
        .await
        .expect("filed");
}

#[tokio::test]
async fn a_thousand_filings_at_once_against_a_capacity_of_a_hundred_admit_exactly_a_hundred() {
    let app = Arc::new(spawn_app().await);
    let now = app.state.db.now_ms();
    let call = create(
        &app.state,
        admin_id(&app).await,
        NewCall {
            title: "ظرفیت محدود".into(),
            body: String::new(),
            starts_at: now - MINUTE,
            ends_at: now + 600 * MINUTE,
            kinds: Vec::new(),
            capacity: Some(100),
            type_ids: vec![TRANSFER],
        },
    )
    .await
    .expect("a call");
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let mut tasks = Vec::new();
    for i in 0..1_000 {
        let (app, student) = (app.clone(), student.clone());
        tasks.push(tokio::spawn(async move {
            file(&app, &student, TRANSFER, &format!("هجوم {i}")).await
        }));
    }
    let (mut admitted, mut full) = (0, 0);
    for t in tasks {
        match t.await.expect("a task") {
            Ok(_) => admitted += 1,
            Err((_, AppError::Validation { message, .. }))
                if message == poshtiban::copy::ERR_CALL_FULL =>
            {
                full += 1
            }
            Err(other) => panic!("unexpected answer: {other:?}"),
        }
    }
    assert_eq!((admitted, full), (100, 900));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM requests WHERE subject LIKE 'هجوم %'")
            .await,
        100
    );
    let taken: i64 = sqlx::query_scalar("SELECT taken FROM calls WHERE id = $1")
        .bind(call)
        .fetch_one(&app.state.db.pool)
        .await
        .expect("the call");
    assert_eq!(taken, 100);
}
