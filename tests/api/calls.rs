//! Calls that open and close a type's intake (issue 15): filing at the boundaries of a call's
//! window, and a capacity that holds under a burst, on both engines.

use std::sync::Arc;

use poshtiban::domain::call::IntakeStatus;
use poshtiban::domain::request_status::RequestStatus;
use poshtiban::server::calls::{NewCall, create};
use poshtiban::wire::{AppError, CallDto, CallsAdmin, IntakeDto, TypeForm};

use crate::common::*;

const MINUTE: i64 = 60_000;
/// «انتقال و مهمانی» (students).
const TRANSFER: i64 = 9;
/// «شورای بررسی موارد خاص» (students and graduates).
const SPECIAL_CASES: i64 = 8;

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
    let last = file(&app, &student, type_id, "آخرین لحظه")
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
    // The SLA dashboard counts the call's requests, both still waiting for an initial result.
    let sup = app.login(SUPERVISOR, DEMO_PASSWORD).await;
    let dash: poshtiban::wire::SlaDashboard = app
        .call(&sup, "sla_dashboard", &[])
        .await
        .expect("the dashboard");
    assert_eq!(dash.calls.len(), 1);
    assert_eq!(
        (dash.calls[0].requests, dash.calls[0].figures.waiting),
        (2, 2)
    );
    // Both given their initial result, hours apart: the call's times, median and p90 too.
    let agent = app.staff().await;
    for (c, hours) in [(&code, 3), (&last, 30)] {
        clock.advance(hours * 3_600_000);
        let taken: Answer<()> = app.call(&agent, "start_work", &[("code", c)]).await;
        taken.expect("taken");
        let answered: Answer<()> = app
            .call(
                &agent,
                "reply",
                &[
                    ("code", c),
                    ("body", "پاسخ درخواست شما در فراخوان."),
                    ("mode", "answer"),
                    ("initial_result", "on"),
                ],
            )
            .await;
        answered.expect("answered");
    }
    let elapsed: Vec<i64> = sqlx::query_scalar(
        "SELECT s.elapsed_min FROM sla_results s JOIN requests r ON r.id = s.request_id \
         WHERE r.call_id IS NOT NULL ORDER BY s.elapsed_min",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .expect("the results");
    assert_eq!(elapsed.len(), 2);
    let dash: poshtiban::wire::SlaDashboard = app
        .call(&sup, "sla_dashboard", &[])
        .await
        .expect("the dashboard");
    let f = &dash.calls[0].figures;
    assert_eq!((f.results, f.waiting), (2, 0));
    assert_eq!(f.avg_min, Some((elapsed[0] + elapsed[1] + 1) / 2));
    // Nearest rank of two: the median is the first, the p90 the second.
    assert_eq!(
        (f.median_min, f.p90_min),
        (Some(elapsed[0]), Some(elapsed[1]))
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

/// A Jalali date and a Tehran time `HH:MM` for an instant, as an admin types them.
fn typed_instant(ms: i64) -> (String, String) {
    let t = poshtiban::domain::jalali::TehranDateTime::from_unix_millis(ms);
    (t.date.to_string(), format!("{:02}:{:02}", t.hour, t.minute))
}

/// The next whole minute after `ms` (an admin types minutes).
fn whole_minute_after(ms: i64) -> i64 {
    (ms / MINUTE + 1) * MINUTE
}

async fn intake(app: &TestApp, client: &reqwest::Client, type_id: i64) -> IntakeDto {
    let form: Answer<TypeForm> = app
        .call(client, "type_form", &[("type_id", &type_id.to_string())])
        .await;
    form.expect("the type's form").intake
}

#[tokio::test]
async fn admins_open_extend_and_close_a_call_with_reasons_kept_and_those_waiting_told() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let now = app.state.db.now_ms();
    let starts_at = whole_minute_after(now);
    let ends_at = starts_at + 90 * MINUTE;
    let (sd, st) = typed_instant(starts_at);
    let (ed, et) = typed_instant(ends_at);
    let form = |title: &'static str| {
        vec![
            ("title", title.to_string()),
            ("body", "متن فراخوان <b>پررنگ</b>".to_string()),
            ("starts_date", sd.clone()),
            ("starts_time", st.clone()),
            ("ends_date", ed.clone()),
            ("ends_time", et.clone()),
            ("kinds", "student".to_string()),
            ("capacity", "۵۰".to_string()),
            ("types", TRANSFER.to_string()),
        ]
    };
    let pairs = |f: &Vec<(&'static str, String)>| -> Vec<(&'static str, String)> { f.clone() };
    let sent = pairs(&form("فراخوان انتقال ۱۴۰۵"));
    let fields: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // Only admins add calls.
    let by_student: Answer<i64> = app.call(&student, "create_call", &fields).await;
    assert_eq!(by_student.expect_err("refused").0, 403);
    let agent = app.login(AGENT, DEMO_PASSWORD).await;
    let by_agent: Answer<i64> = app.call(&agent, "create_call", &fields).await;
    assert_eq!(by_agent.expect_err("refused").0, 403);
    // A call ending before it starts is refused, naming the field, and nothing is kept.
    let mut backwards = fields.clone();
    backwards.retain(|(k, _)| *k != "ends_date" && *k != "ends_time");
    let (bd, _) = typed_instant(starts_at - 2 * 86_400_000);
    backwards.push(("ends_date", &bd));
    let refused: Answer<i64> = app.call(&admin, "create_call", &backwards).await;
    match refused.expect_err("refused") {
        (422, AppError::Validation { field, .. }) => assert_eq!(field.as_deref(), Some("ends")),
        other => panic!("{other:?}"),
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM calls").await, 0);
    let id: i64 = app
        .call(&admin, "create_call", &fields)
        .await
        .expect("a call");
    // Before it opens, the student sees when; the public list has it as coming, for anyone.
    let before = intake(&app, &student, TRANSFER).await;
    assert_eq!(
        before.status,
        IntakeStatus::Upcoming {
            call: 0,
            opens_at: starts_at
        }
    );
    assert_eq!(before.call_title.as_deref(), Some("فراخوان انتقال ۱۴۰۵"));
    let visitor = app.client();
    let public: Vec<CallDto> = app
        .call(&visitor, "public_calls", &[])
        .await
        .expect("the public list");
    assert_eq!(public.len(), 1);
    assert!(!public[0].open && !public[0].ended);
    assert_eq!(public[0].capacity, Some(50));
    assert_eq!(public[0].types[0].0, TRANSFER);
    // The student asks to be told when it opens.
    let watched: Answer<()> = app
        .call(
            &student,
            "watch_type",
            &[("type_id", &TRANSFER.to_string())],
        )
        .await;
    watched.expect("watching");
    assert!(intake(&app, &student, TRANSFER).await.watching);
    // Open: until its end, with its places.
    app.state
        .db
        .clock
        .advance(starts_at - app.state.db.now_ms());
    let open = intake(&app, &student, TRANSFER).await;
    assert_eq!(
        open.status,
        IntakeStatus::Open {
            call: 0,
            closes_at: ends_at,
            days_left: Some(1),
            places_left: Some(50)
        }
    );
    // Extending needs a reason and a later end.
    let later = ends_at + 86_400_000;
    let (ld, lt) = typed_instant(later);
    let id_text = id.to_string();
    let no_reason: Answer<()> = app
        .call(
            &admin,
            "extend_call",
            &[
                ("id", &id_text),
                ("ends_date", &ld),
                ("ends_time", &lt),
                ("reason", " "),
            ],
        )
        .await;
    assert_eq!(no_reason.expect_err("refused").0, 422);
    let (ed2, et2) = typed_instant(ends_at - MINUTE);
    let earlier: Answer<()> = app
        .call(
            &admin,
            "extend_call",
            &[
                ("id", &id_text),
                ("ends_date", &ed2),
                ("ends_time", &et2),
                ("reason", "اشتباه"),
            ],
        )
        .await;
    assert_eq!(earlier.expect_err("refused").0, 422);
    let extended: Answer<()> = app
        .call(
            &admin,
            "extend_call",
            &[
                ("id", &id_text),
                ("ends_date", &ld),
                ("ends_time", &lt),
                ("reason", "درخواست دانشگاه‌ها برای فرصت بیشتر"),
            ],
        )
        .await;
    extended.expect("extended");
    let told_extended = app
        .count("SELECT COUNT(*) FROM outbox WHERE kind = 'call_changed'")
        .await;
    assert!(told_extended > 0, "the watcher is told of the extension");
    // Closed early: filing is refused from that instant, and the trail keeps the three steps.
    let closed: Answer<()> = app
        .call(
            &admin,
            "close_call",
            &[("id", &id_text), ("reason", "تکمیل ظرفیت دانشگاه مقصد")],
        )
        .await;
    closed.expect("closed");
    let refused = refusal_message(file(&app, &student, TRANSFER, "پس از بستن").await);
    assert_eq!(refused, poshtiban::copy::ERR_CALL_CLOSED);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'call_changed'")
            .await,
        2 * told_extended
    );
    let overview: CallsAdmin = app
        .call(&admin, "calls_overview", &[])
        .await
        .expect("the overview");
    let trail: Vec<(&str, &str)> = overview.calls[0]
        .audit
        .iter()
        .map(|a| (a.action.as_str(), a.reason.as_str()))
        .collect();
    assert_eq!(
        trail,
        vec![
            ("created", ""),
            ("extended", "درخواست دانشگاه‌ها برای فرصت بیشتر"),
            ("closed", "تکمیل ظرفیت دانشگاه مقصد"),
        ]
    );
    assert_eq!(overview.calls[0].audit[1].to_end, Some(later));
    assert!(overview.calls[0].call.ended);
    // Once ended it no longer changes.
    let again: Answer<()> = app
        .call(
            &admin,
            "close_call",
            &[("id", &id_text), ("reason", "دوباره")],
        )
        .await;
    assert_eq!(again.expect_err("refused").0, 422);
    // The trail is append-only in the database too.
    let rewrite = sqlx::query("UPDATE call_audit SET reason = 'x'")
        .execute(&app.state.db.pool)
        .await;
    assert!(rewrite.is_err());
}

#[tokio::test]
async fn an_applicant_waiting_for_a_type_is_told_once_when_it_opens_even_by_two_passes_at_once() {
    let app = spawn_app().await;
    let now = app.state.db.now_ms();
    let starts_at = now + 30 * MINUTE;
    create(
        &app.state,
        admin_id(&app).await,
        NewCall {
            title: "فراخوان آینده".into(),
            body: String::new(),
            starts_at,
            ends_at: starts_at + 60 * MINUTE,
            kinds: Vec::new(),
            capacity: None,
            type_ids: vec![TRANSFER],
        },
    )
    .await
    .expect("a call");
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let watched: Answer<()> = app
        .call(
            &student,
            "watch_type",
            &[("type_id", &TRANSFER.to_string())],
        )
        .await;
    watched.expect("watching");
    // Staff cannot ask (it is an applicant's).
    let agent = app.login(AGENT, DEMO_PASSWORD).await;
    let by_agent: Answer<()> = app
        .call(&agent, "watch_type", &[("type_id", &TRANSFER.to_string())])
        .await;
    assert_eq!(by_agent.expect_err("refused").0, 403);
    let tell = || poshtiban::server::calls::tell_watchers(&app.state);
    assert_eq!(tell().await.expect("a pass"), 0);
    app.state
        .db
        .clock
        .advance(starts_at - app.state.db.now_ms());
    let (a, b) = tokio::join!(tell(), tell());
    assert_eq!(a.expect("a pass") + b.expect("a pass"), 1);
    assert_eq!(tell().await.expect("a pass"), 0);
    let told = app
        .count("SELECT COUNT(*) FROM outbox WHERE kind = 'call_open'")
        .await;
    assert!(told >= 1, "told by the channels they chose");
    let sms: String =
        sqlx::query_scalar("SELECT body FROM outbox WHERE kind = 'call_open' AND channel = 'sms'")
            .fetch_one(&app.state.db.pool)
            .await
            .expect("the text message");
    // The type's title is isolated inside the sentence.
    assert!(sms.contains("\u{2068}انتقال"), "{sms}");
    assert!(!intake(&app, &student, TRANSFER).await.watching);
}

#[tokio::test]
async fn a_fee_not_paid_by_the_calls_end_cancels_the_request_with_the_usual_notice() {
    use crate::payments::{app_paying_through, charge_students};
    let app = app_paying_through(poshtiban::domain::payment::GatewayKind::Zarinpal).await;
    charge_students(&app).await;
    let now = app.state.db.now_ms();
    let ends_at = now + 10 * MINUTE;
    create(
        &app.state,
        admin_id(&app).await,
        NewCall {
            title: "فراخوان کوتاه".into(),
            body: String::new(),
            starts_at: now - MINUTE,
            ends_at,
            kinds: Vec::new(),
            capacity: None,
            type_ids: vec![1],
        },
    )
    .await
    .expect("a call");
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&student, "هزینه در فراخوان").await;
    // It waits for its fee until the call's end, not the usual three days.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM requests WHERE call_id IS NOT NULL AND pay_by = (SELECT ends_at FROM calls)")
            .await,
        1
    );
    let lapse = || poshtiban::server::payments::flow::lapse_unpaid(&app.state);
    assert_eq!(lapse().await.expect("a pass"), 0);
    app.state
        .db
        .clock
        .advance(ends_at + 1_000 - app.state.db.now_ms());
    assert_eq!(lapse().await.expect("a pass"), 1);
    let d = app.detail(&student, &code).await;
    assert_eq!(d.status, RequestStatus::Cancelled);
    assert!(
        d.history
            .iter()
            .any(|h| h.reason == poshtiban::copy::HISTORY_CANCELLED_CALL_ENDED),
        "the history says the call ended"
    );
    assert!(
        app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'lapsed'")
            .await
            > 0
    );
}
