//! Disputes (issue 15): a dispute's whole life to either ending, who may act on it, what the
//! applicant of another request sees of it (nothing), and the deadline job's reminders and
//! overdue flag, each once.

use poshtiban::domain::account::Role;
use poshtiban::domain::dispute::{DisputeState, negotiation_ends_at};
use poshtiban::domain::history::HistoryKind;
use poshtiban::domain::request_status::RequestStatus;
use poshtiban::wire::{AppError, DisputePanel};

use crate::common::*;

const DAY: i64 = 86_400_000;

async fn act(app: &TestApp, c: &reqwest::Client, name: &str, form: &[(&str, &str)]) -> Answer<()> {
    app.call(c, name, form).await
}

/// A request filed by the student and answered by `staff` after taking it (so their answer is
/// the one disputed).
async fn answered(
    app: &TestApp,
    staff: &reqwest::Client,
    subject: &str,
) -> (reqwest::Client, String) {
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&student, subject).await;
    act(app, staff, "start_work", &[("code", &code)])
        .await
        .expect("taken");
    act(
        app,
        staff,
        "reply",
        &[
            ("code", &code),
            ("body", "درخواست شما بررسی شد و طبق ضوابط پذیرفته نیست."),
            ("mode", "answer"),
        ],
    )
    .await
    .expect("answered");
    assert_eq!(
        app.detail(&student, &code).await.status,
        RequestStatus::Answered
    );
    (student, code)
}

async fn panel(app: &TestApp, c: &reqwest::Client, code: &str) -> Answer<DisputePanel> {
    app.call(c, "get_dispute", &[("code", code)]).await
}

fn refused_with(answer: Answer<()>, message: &str) {
    match answer {
        Err((422, AppError::Validation { message: m, .. })) => assert_eq!(m, message),
        other => panic!("expected «{message}», got {other:?}"),
    }
}

async fn raise(app: &TestApp, student: &reqwest::Client, code: &str) -> Answer<()> {
    act(
        app,
        student,
        "raise_dispute",
        &[
            ("code", code),
            ("subject", "execution"),
            (
                "reasons",
                "پاسخ با بند ۴ توافق‌نامه نمی‌خواند و مدارک من دیده نشده است.",
            ),
        ],
    )
    .await
}

/// A supervisor account (second factor set up at first sign-in), in `group` when given.
async fn supervisor(app: &TestApp, key: &str, mobile: &str, group: Option<i64>) -> reqwest::Client {
    let id = poshtiban::server::auth::create_account(
        &app.state.db,
        &poshtiban::server::auth::NewAccount {
            role: Role::Supervisor,
            applicant_kind: None,
            id_kind: "national_code",
            login_key: key,
            full_name: "سرپرست دیگر",
            mobile: Some(mobile),
            email: Some("other.supervisor@example.ir"),
            at: app.state.db.now_ms(),
        },
        DEMO_PASSWORD,
    )
    .await
    .expect("an account");
    // The demo authenticator's key, so that it can sign in again after the clock moves on.
    sqlx::query("UPDATE users SET totp_secret = $1, totp_enrolled_at = $2 WHERE id = $3")
        .bind(poshtiban::server::platform::seed::DEMO_TOTP_SECRET)
        .bind(app.state.db.now_ms())
        .bind(id)
        .execute(&app.state.db.pool)
        .await
        .expect("a second factor");
    if let Some(g) = group {
        sqlx::query(
            "INSERT INTO group_members (group_id, user_id, last_assigned_at) VALUES ($1, $2, 0)",
        )
        .bind(g)
        .bind(id)
        .execute(&app.state.db.pool)
        .await
        .expect("a member");
    }
    app.login(key, DEMO_PASSWORD).await
}

async fn group_of(app: &TestApp, code: &str) -> i64 {
    sqlx::query_scalar("SELECT group_id FROM requests WHERE tracking_code = $1")
        .bind(code)
        .fetch_one(&app.state.db.pool)
        .await
        .expect("a group")
}

#[tokio::test]
async fn a_dispute_is_settled_when_the_applicant_accepts_a_proposal_and_then_locked() {
    let app = spawn_app().await;
    let agent = app.staff().await;
    let (student, code) = answered(&app, &agent, "نتیجه ارزشیابی مدرک").await;
    let before = panel(&app, &student, &code).await.expect("the panel");
    assert!(before.may_raise && before.dispute.is_none());
    let filed_at = app.state.db.now_ms();
    raise(&app, &student, &code).await.expect("raised");
    // One per request.
    refused_with(
        raise(&app, &student, &code).await,
        poshtiban::copy::ERR_DISPUTE_EXISTS,
    );
    let mine = panel(&app, &student, &code).await.expect("the panel");
    assert!(!mine.may_raise);
    let d = mine.dispute.expect("the dispute");
    assert_eq!(d.state, DisputeState::Open);
    assert_eq!(d.negotiation_ends_at, negotiation_ends_at(filed_at));
    assert!(d.days_left >= 29 && d.days_left <= 32, "{}", d.days_left);
    // The applicant of another request sees nothing of it, not even that it exists.
    let other = app.login(GRADUATE, DEMO_PASSWORD).await;
    assert_eq!(panel(&app, &other, &code).await.expect_err("hidden").0, 404);
    let by_other = act(
        &app,
        &other,
        "dispute_write",
        &[("code", &code), ("message", "سلام")],
    )
    .await;
    assert_eq!(by_other.expect_err("hidden").0, 404);
    // The agent whose answer is disputed does not handle it.
    refused_with(
        act(
            &app,
            &agent,
            "dispute_write",
            &[
                ("code", &code),
                ("message", "پاسخ درست بود."),
                ("kind", "proposal"),
            ],
        )
        .await,
        poshtiban::copy::ERR_DISPUTE_OWN_ANSWER,
    );
    // The group's supervisor negotiates: a message, a staff note, a proposal.
    let sup = app.login(SUPERVISOR, DEMO_PASSWORD).await;
    assert!(
        panel(&app, &sup, &code)
            .await
            .expect("the panel")
            .may_handle
    );
    act(
        &app,
        &sup,
        "dispute_write",
        &[
            ("code", &code),
            ("message", "مدارک شما دوباره بررسی می‌شود."),
            ("kind", "message"),
        ],
    )
    .await
    .expect("a message");
    act(
        &app,
        &sup,
        "dispute_write",
        &[
            ("code", &code),
            ("message", "کارشناس مدرک سوم را ندیده بود."),
            ("kind", "note"),
        ],
    )
    .await
    .expect("a note");
    // An applicant cannot write a proposal or a note.
    assert_eq!(
        act(
            &app,
            &student,
            "dispute_write",
            &[("code", &code), ("message", "x"), ("kind", "note")]
        )
        .await
        .expect_err("refused")
        .0,
        403
    );
    act(
        &app,
        &sup,
        "dispute_write",
        &[
            ("code", &code),
            (
                "message",
                "درخواست شما دوباره به جریان می‌افتد و پاسخ تازه تا یک هفته داده می‌شود.",
            ),
            ("kind", "proposal"),
        ],
    )
    .await
    .expect("a proposal");
    let seen = panel(&app, &student, &code)
        .await
        .expect("the panel")
        .dispute
        .expect("the dispute");
    assert_eq!(seen.state, DisputeState::Negotiating);
    assert!(
        seen.messages.iter().all(|m| !m.internal),
        "a staff note reached the applicant"
    );
    assert_eq!(seen.messages.len(), 2);
    let raw = app
        .raw_call(&student, "get_dispute", &[("code", &code)])
        .await;
    assert!(!raw.contains("مدرک سوم"), "the note leaks: {raw}");
    let staff_seen = panel(&app, &sup, &code)
        .await
        .expect("the panel")
        .dispute
        .expect("the dispute");
    assert_eq!(staff_seen.messages.len(), 3);
    let proposal = seen.proposal_id.expect("a standing proposal");
    // The applicant writes back, then accepts (an earlier id is not the standing proposal).
    act(
        &app,
        &student,
        "dispute_write",
        &[
            ("code", &code),
            ("message", "پیشنهاد را می‌پذیرم اگر یک هفته باشد."),
        ],
    )
    .await
    .expect("a reply");
    refused_with(
        act(
            &app,
            &student,
            "accept_proposal",
            &[
                ("code", &code),
                ("proposal_id", &(proposal - 1).to_string()),
            ],
        )
        .await,
        poshtiban::copy::ERR_DISPUTE_NO_PROPOSAL,
    );
    act(
        &app,
        &student,
        "accept_proposal",
        &[("code", &code), ("proposal_id", &proposal.to_string())],
    )
    .await
    .expect("accepted");
    let settled = panel(&app, &student, &code)
        .await
        .expect("the panel")
        .dispute
        .expect("the dispute");
    assert_eq!(settled.state, DisputeState::Settled);
    assert_eq!(settled.accepted_id, Some(proposal));
    // Locked: no more writing, no final view, no second dispute.
    refused_with(
        act(
            &app,
            &sup,
            "dispute_write",
            &[("code", &code), ("message", "پیگیری")],
        )
        .await,
        poshtiban::copy::ERR_DISPUTE_CLOSED,
    );
    refused_with(
        act(
            &app,
            &student,
            "dispute_write",
            &[("code", &code), ("message", "پیگیری")],
        )
        .await,
        poshtiban::copy::ERR_DISPUTE_CLOSED,
    );
    refused_with(
        raise(&app, &student, &code).await,
        poshtiban::copy::ERR_DISPUTE_EXISTS,
    );
    // Every step is in the request's history: raised, in negotiation, the proposal, settled.
    let steps: Vec<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT from_value, to_value FROM request_history WHERE kind = 'dispute' ORDER BY id",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .expect("history");
    let s = |v: &str| Some(v.to_string());
    assert_eq!(
        steps,
        vec![
            (None, s("open")),
            (s("open"), s("negotiating")),
            (s("negotiating"), s("negotiating")),
            (s("negotiating"), s("settled")),
        ]
    );
    let history = app.detail(&student, &code).await.history;
    assert_eq!(
        history
            .iter()
            .filter(|h| h.kind == HistoryKind::Dispute)
            .count(),
        4
    );
    // Each side was told.
    assert!(
        app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'dispute'")
            .await
            >= 2
    );
    // The reports: per type and month with its outcome on the dashboard and in the export,
    // counted per type on the public page.
    let dash: poshtiban::wire::SlaDashboard = app
        .call(&sup, "sla_dashboard", &[])
        .await
        .expect("the dashboard");
    assert_eq!(dash.disputes.rows.len(), 1);
    let row = &dash.disputes.rows[0];
    assert_eq!(
        (row.type_id, row.counts.filed, row.counts.settled),
        (1, 1, 1)
    );
    assert_eq!(row.avg_days_to_outcome, Some(0));
    assert_eq!(dash.disputes.open_now, 0);
    let xlsx = sup
        .get(format!("{}/staff/sla/export.xlsx", app.base))
        .send()
        .await
        .expect("the export")
        .bytes()
        .await
        .expect("its bytes");
    let book = Workbook::read(&xlsx);
    assert!(
        book.names().contains(&poshtiban::copy::SLA_SHEET_DISPUTES),
        "{:?}",
        book.names()
    );
    let public: poshtiban::wire::SlaPublic = app
        .call(&other, "sla_public", &[])
        .await
        .expect("the public page");
    let counted = public
        .types
        .iter()
        .find(|t| t.type_id == 1)
        .expect("the type")
        .disputes;
    assert_eq!(
        (counted.filed, counted.settled, counted.final_view),
        (1, 1, 0)
    );
}

#[tokio::test]
async fn after_the_month_the_groups_other_supervisor_writes_the_final_view_once_reminded_and_flagged()
 {
    let app = spawn_app().await;
    // The demo supervisor answered the request: their answer is the one disputed.
    let sup = app.login(SUPERVISOR, DEMO_PASSWORD).await;
    let (student, code) = answered(&app, &sup, "رد درخواست انتقال").await;
    raise(&app, &student, &code).await.expect("raised");
    let group = group_of(&app, &code).await;
    let outsider = supervisor(&app, "0061234566", "09125550001", None).await;
    let peer = supervisor(&app, "0071234563", "09125550002", Some(group)).await;
    // Not the supervisor who gave the disputed answer, not one outside the group.
    assert!(
        !panel(&app, &sup, &code)
            .await
            .expect("the panel")
            .may_handle
    );
    refused_with(
        act(
            &app,
            &sup,
            "dispute_write",
            &[("code", &code), ("message", "پاسخ درست بود.")],
        )
        .await,
        poshtiban::copy::ERR_DISPUTE_OWN_ANSWER,
    );
    assert_eq!(
        panel(&app, &outsider, &code).await.expect_err("outside").0,
        404
    );
    assert!(
        act(
            &app,
            &outsider,
            "final_view",
            &[("code", &code), ("view", "قطعی")]
        )
        .await
        .is_err()
    );
    assert!(
        panel(&app, &peer, &code)
            .await
            .expect("the panel")
            .may_handle
    );
    // Before the month ends there is no final view.
    refused_with(
        act(
            &app,
            &peer,
            "final_view",
            &[("code", &code), ("view", "نظر قطعی زودهنگام")],
        )
        .await,
        poshtiban::copy::ERR_DISPUTE_MONTH_NOT_OVER,
    );
    act(
        &app,
        &peer,
        "dispute_write",
        &[("code", &code), ("message", "پرونده در دست بررسی است.")],
    )
    .await
    .expect("a message");
    let ends: i64 = sqlx::query_scalar("SELECT negotiation_ends_at FROM disputes")
        .fetch_one(&app.state.db.pool)
        .await
        .expect("the deadline");
    let tick = || poshtiban::server::disputes::tick(&app.state);
    let clock = &app.state.db.clock;
    assert_eq!(tick().await.expect("a pass"), 0);
    // A week before: one reminder, to both sides, whichever passes run at once.
    clock.advance(ends - 7 * DAY + 1_000 - app.state.db.now_ms());
    let (a, b) = tokio::join!(tick(), tick());
    assert_eq!(a.expect("a pass") + b.expect("a pass"), 1);
    assert_eq!(tick().await.expect("a pass"), 0);
    let week = app
        .count("SELECT COUNT(*) FROM outbox WHERE kind = 'dispute_reminder'")
        .await;
    assert!(week >= 2, "both sides are reminded ({week})");
    // A day before: the second.
    clock.advance(ends - DAY + 1_000 - app.state.db.now_ms());
    let (a, b) = tokio::join!(tick(), tick());
    assert_eq!(a.expect("a pass") + b.expect("a pass"), 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'dispute_reminder'")
            .await,
        2 * week
    );
    let reminder: String = sqlx::query_scalar(
        "SELECT body FROM outbox WHERE kind = 'dispute_reminder' AND channel = 'sms' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .expect("a text message");
    assert!(reminder.contains("۱ روز مانده"), "{reminder}");
    // The month passes unsettled: flagged overdue once, admins told.
    clock.advance(ends + 1_000 - app.state.db.now_ms());
    let (a, b) = tokio::join!(tick(), tick());
    assert_eq!(a.expect("a pass") + b.expect("a pass"), 1);
    assert_eq!(tick().await.expect("a pass"), 0);
    // (The sessions ended while the clock moved on a month.)
    let peer = app.login("0071234563", DEMO_PASSWORD).await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let d = panel(&app, &peer, &code)
        .await
        .expect("the panel")
        .dispute
        .expect("the dispute");
    assert!(d.overdue && d.month_over);
    // Flagged to supervisors and admins on the dashboard.
    let dash: poshtiban::wire::SlaDashboard = app
        .call(&peer, "sla_dashboard", &[])
        .await
        .expect("the dashboard");
    assert_eq!(dash.disputes.overdue.len(), 1);
    assert_eq!(dash.disputes.overdue[0].tracking_code, code);
    assert_eq!(dash.disputes.open_now, 1);
    assert_eq!(d.days_left, 0);
    // No proposal to confirm; then the view written.
    refused_with(
        act(
            &app,
            &peer,
            "final_view",
            &[("code", &code), ("view", ""), ("confirm_proposal", "on")],
        )
        .await,
        poshtiban::copy::ERR_DISPUTE_NO_PROPOSAL,
    );
    act(
        &app,
        &peer,
        "final_view",
        &[
            ("code", &code),
            (
                "view",
                "بنا بر بند ۴ توافق‌نامه، پاسخ داده‌شده درست است و نظر سازمان همین است.",
            ),
        ],
    )
    .await
    .expect("the final view");
    let seen = panel(&app, &student, &code)
        .await
        .expect("the panel")
        .dispute
        .expect("the dispute");
    assert_eq!(seen.state, DisputeState::FinalView);
    assert!(!seen.overdue);
    assert!(
        seen.final_view
            .as_deref()
            .is_some_and(|v| v.contains("بند ۴"))
    );
    // Locked.
    refused_with(
        act(
            &app,
            &peer,
            "final_view",
            &[("code", &code), ("view", "دوباره")],
        )
        .await,
        poshtiban::copy::ERR_DISPUTE_CLOSED,
    );
    refused_with(
        act(
            &app,
            &student,
            "dispute_write",
            &[("code", &code), ("message", "نمی‌پذیرم")],
        )
        .await,
        poshtiban::copy::ERR_DISPUTE_CLOSED,
    );
    refused_with(
        raise(&app, &student, &code).await,
        poshtiban::copy::ERR_DISPUTE_EXISTS,
    );
    assert_eq!(tick().await.expect("a pass"), 0);
}

#[tokio::test]
async fn a_dispute_is_raised_only_on_an_answered_resolved_or_recently_closed_request() {
    let app = spawn_app().await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let fresh = app.file_request(&student, "هنوز پاسخی نیامده").await;
    refused_with(
        raise(&app, &student, &fresh).await,
        poshtiban::copy::ERR_DISPUTE_NOT_YET,
    );
    assert!(
        !panel(&app, &student, &fresh)
            .await
            .expect("the panel")
            .may_raise
    );
    // Staff cannot raise one.
    let agent = app.staff().await;
    assert_eq!(
        raise(&app, &agent, &fresh).await.expect_err("refused").0,
        403
    );
    // Closed: within the window (30 days by default) and not after.
    let (student, code) = answered(&app, &agent, "بسته‌شده").await;
    act(&app, &student, "close_request", &[("code", &code)])
        .await
        .expect("closed");
    let open = panel(&app, &student, &code).await.expect("the panel");
    assert!(open.may_raise);
    assert!(open.raise_until.is_some());
    app.state.db.clock.advance(31 * DAY);
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    assert!(
        !panel(&app, &student, &code)
            .await
            .expect("the panel")
            .may_raise
    );
    refused_with(
        raise(&app, &student, &code).await,
        poshtiban::copy::ERR_DISPUTE_TOO_LATE,
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM disputes").await, 0);
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n";

async fn download(app: &TestApp, c: &reqwest::Client, id: i64) -> u16 {
    c.get(format!("{}/files/{id}", app.base))
        .send()
        .await
        .expect("answered")
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_disputes_files_reach_whom_its_thread_reaches_and_stay_out_of_the_request() {
    let app = spawn_app().await;
    let agent = app.staff().await;
    let (student, code) = answered(&app, &agent, "مدارک اعتراض").await;
    let reasons = "پاسخ با مدارکی که پیوست کرده‌ام نمی‌خواند؛ لطفاً دوباره ببینید.";
    let form = [
        ("code", code.as_str()),
        ("subject", "interpretation"),
        ("reasons", reasons),
    ];
    // A file that is not what its name says refuses the whole raise: nothing is kept.
    let refused: Answer<()> = app
        .call_with_files(
            &student,
            "raise_dispute",
            &form,
            &[("files", "مدرک.pdf", b"MZ\x90\x00not a pdf".to_vec())],
        )
        .await;
    match refused {
        Err((422, AppError::Validation { field, .. })) => {
            assert_eq!(field.as_deref(), Some("files"))
        }
        other => panic!("a refused file, got {other:?}"),
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM disputes").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 0);
    // With a good file the dispute is raised with it.
    let raised: Answer<()> = app
        .call_with_files(
            &student,
            "raise_dispute",
            &form,
            &[("files", "کارنامه.pdf", PDF.to_vec())],
        )
        .await;
    raised.expect("raised");
    let sup = app.login(SUPERVISOR, DEMO_PASSWORD).await;
    let written: Answer<()> = app
        .call_with_files(
            &sup,
            "dispute_write",
            &[
                ("code", &code),
                ("message", "نامهٔ دانشگاه پیوست است."),
                ("kind", "message"),
            ],
            &[("files", "نامه.pdf", PDF.to_vec())],
        )
        .await;
    written.expect("a message with a file");
    let noted: Answer<()> = app
        .call_with_files(
            &sup,
            "dispute_write",
            &[
                ("code", &code),
                ("message", "یادداشت داخلی با پیوست."),
                ("kind", "note"),
            ],
            &[("files", "داخلی.pdf", PDF.to_vec())],
        )
        .await;
    noted.expect("a note with a file");

    let mine = panel(&app, &student, &code)
        .await
        .expect("the panel")
        .dispute
        .expect("the dispute");
    assert_eq!(
        mine.files
            .iter()
            .map(|f| f.file_name.as_str())
            .collect::<Vec<_>>(),
        ["کارنامه.pdf"]
    );
    assert_eq!(mine.messages.len(), 1, "the note is not the applicant's");
    assert_eq!(
        mine.messages[0]
            .files
            .iter()
            .map(|f| f.file_name.as_str())
            .collect::<Vec<_>>(),
        ["نامه.pdf"]
    );
    let theirs = panel(&app, &sup, &code)
        .await
        .expect("the panel")
        .dispute
        .expect("the dispute");
    assert_eq!(theirs.files, mine.files);
    let note = theirs
        .messages
        .iter()
        .find(|m| m.internal)
        .expect("the note");
    assert_eq!(note.files.len(), 1);
    let note_file = note.files[0].id;
    assert!(note.files[0].internal);
    // Downloads: both sides the applicant's and the message's, only staff the note's, and the
    // applicant of another request none.
    let raise_file = mine.files[0].id;
    let message_file = mine.messages[0].files[0].id;
    for id in [raise_file, message_file] {
        assert_eq!(download(&app, &student, id).await, 200);
        assert_eq!(download(&app, &sup, id).await, 200);
    }
    assert_eq!(download(&app, &sup, note_file).await, 200);
    assert_eq!(download(&app, &student, note_file).await, 404);
    let other = app.login(GRADUATE, DEMO_PASSWORD).await;
    for id in [raise_file, message_file, note_file] {
        assert_eq!(download(&app, &other, id).await, 404);
    }
    let raw = app
        .raw_call(&student, "get_dispute", &[("code", &code)])
        .await;
    assert!(!raw.contains("داخلی.pdf"), "the note's file leaks: {raw}");
    // The request's own files are its own: the dispute's are not listed with them.
    for c in [&student, &sup] {
        assert!(app.detail(c, &code).await.attachments.is_empty());
    }
}
