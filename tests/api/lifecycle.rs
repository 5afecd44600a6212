//! The whole life of a request: replies and internal notes, waiting for the applicant, resolving,
//! rating, closing and reopening, assignment by hand and by round-robin, priority, transfer,
//! merging, crossing replies, and the append-only history.

use super::common::*;
use poshtiban::domain::history::HistoryKind;
use poshtiban::domain::request::Priority;
use poshtiban::domain::request_status::RequestStatus;
use poshtiban::wire::{Page, RequestSummary};

async fn reply(
    app: &TestApp,
    c: &reqwest::Client,
    code: &str,
    body: &str,
    mode: &str,
) -> Answer<()> {
    app.call(
        c,
        "reply",
        &[("code", code), ("body", body), ("mode", mode)],
    )
    .await
}

#[tokio::test]
async fn internal_notes_never_reach_applicants() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let other = app.new_applicant(&national_code(7), "09123330007").await;
    let staff = app.staff().await;
    let code = app.file_request(&applicant, "کد تأیید نمی‌رسد").await;
    let before = app.detail(&applicant, &code).await.updated_at;

    let note = reply(
        &app,
        &staff,
        &code,
        "شماره او در سامانه پیامک مسدود است.",
        "note",
    )
    .await;
    assert!(note.is_ok(), "{note:?}");

    // Staff see the note, marked internal; the applicant's own view has no trace of it, not
    // even a changed "last update" or a history line.
    let seen_by_staff = app.detail(&staff, &code).await;
    assert_eq!(seen_by_staff.messages.len(), 1);
    assert!(seen_by_staff.messages[0].internal);
    let seen_by_applicant = app.detail(&applicant, &code).await;
    assert!(seen_by_applicant.messages.is_empty());
    assert_eq!(seen_by_applicant.updated_at, before);
    assert_eq!(seen_by_applicant.status, RequestStatus::New);
    assert!(seen_by_applicant.staff.is_none());
    let raw = app
        .raw_call(&applicant, "get_request", &[("code", &code)])
        .await;
    assert!(raw.contains("کد تأیید نمی‌رسد"), "{raw}");
    assert!(!raw.contains("مسدود"), "the note text leaks: {raw}");
    // Nor does the applicant's live stream mention it: replaying from the start gives the
    // filing and the later public answer, skipping the note's event in between.
    assert!(
        reply(&app, &staff, &code, "لطفاً دوباره تلاش کنید.", "answer")
            .await
            .is_ok()
    );
    let mut stream = applicant
        .get(format!("{}/events?since=0", app.base))
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
    let created = next_event(&mut stream, &mut buf).await;
    let answered = next_event(&mut stream, &mut buf).await;
    assert!(created.contains("request_created"), "{created}");
    assert!(answered.contains("request_updated"), "{answered}");
    let staff_only = app
        .count("SELECT COUNT(*) FROM events WHERE staff_only = 1")
        .await;
    assert_eq!(staff_only, 1, "the note's event exists, for staff");
    // Another applicant sees nothing at all.
    let theirs: Answer<poshtiban::wire::RequestDetail> =
        app.call(&other, "get_request", &[("code", &code)]).await;
    assert_eq!(theirs.expect_err("not theirs").0, 404);
    // Applicants cannot write notes.
    let forged = reply(&app, &applicant, &code, "یادداشت جعلی", "note").await;
    assert_eq!(forged.expect_err("staff only").0, 403);
}

#[tokio::test]
async fn waiting_for_the_applicant_resolving_rating_and_closing() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let staff = app.staff().await;
    let code = app.file_request(&applicant, "گواهی صادر نمی‌شود").await;

    assert!(
        reply(&app, &staff, &code, "شماره دانشجویی خود را بفرستید.", "ask")
            .await
            .is_ok()
    );
    let d = app.detail(&applicant, &code).await;
    assert_eq!(d.status, RequestStatus::WaitingApplicant);
    // Rating is for resolved requests only.
    let early: Answer<()> = app
        .call(
            &applicant,
            "rate_request",
            &[("code", &code), ("stars", "5")],
        )
        .await;
    assert_eq!(early.expect_err("not yet").0, 422);

    assert!(reply(&app, &applicant, &code, "۹۸۱۲۳۴۵۶", "").await.is_ok());
    assert_eq!(
        app.detail(&staff, &code).await.status,
        RequestStatus::InProgress
    );

    // An initial result must be an answer, not a question.
    let wrong: Answer<()> = app
        .call(
            &staff,
            "reply",
            &[
                ("code", &code),
                ("body", "؟"),
                ("mode", "ask"),
                ("initial_result", "on"),
            ],
        )
        .await;
    assert_eq!(wrong.expect_err("question").0, 422);
    let done: Answer<()> = app
        .call(
            &staff,
            "reply",
            &[
                ("code", &code),
                ("body", "گواهی صادر شد."),
                ("mode", "resolve"),
                ("initial_result", "on"),
            ],
        )
        .await;
    assert!(done.is_ok(), "{done:?}");
    let d = app.detail(&applicant, &code).await;
    assert_eq!(d.status, RequestStatus::Resolved);
    assert!(d.resolved_at.is_some() && d.initial_result_at.is_some());
    assert!(d.may_reopen, "a resolved request may be reopened");

    // Bad ratings change nothing; a good one is kept once.
    for stars in ["0", "6", "پنج"] {
        let bad: Answer<()> = app
            .call(
                &applicant,
                "rate_request",
                &[("code", &code), ("stars", stars)],
            )
            .await;
        assert_eq!(bad.expect_err("bad stars").0, 422);
    }
    let staff_rates: Answer<()> = app
        .call(&staff, "rate_request", &[("code", &code), ("stars", "5")])
        .await;
    assert_eq!(staff_rates.expect_err("applicants only").0, 403);
    let rated: Answer<()> = app
        .call(
            &applicant,
            "rate_request",
            &[("code", &code), ("stars", "۴"), ("comment", "سریع بود")],
        )
        .await;
    assert!(rated.is_ok(), "{rated:?}");
    let twice: Answer<()> = app
        .call(
            &applicant,
            "rate_request",
            &[("code", &code), ("stars", "1")],
        )
        .await;
    assert_eq!(twice.expect_err("once").0, 422);
    let d = app.detail(&applicant, &code).await;
    assert_eq!(d.rating, Some(4));
    assert_eq!(d.rating_comment.as_deref(), Some("سریع بود"));

    // The applicant's timeline reads in Persian, with their own wording.
    let lines: Vec<&str> = d.history.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(lines[0], "درخواست ثبت شد");
    assert!(
        lines.contains(&"وضعیت از «جدید» به «منتظر پاسخ شما» تغییر کرد"),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l.contains("۴ از ۵")));

    let closed: Answer<()> = app
        .call(&applicant, "close_request", &[("code", &code)])
        .await;
    assert!(closed.is_ok());
    let d = app.detail(&applicant, &code).await;
    assert_eq!(d.status, RequestStatus::Closed);
    assert!(d.closed_at.is_some());
}

#[tokio::test]
async fn reopening_is_allowed_within_the_window_only() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let staff = app.staff().await;
    let code = app.file_request(&applicant, "پرداخت ثبت نشده").await;
    let closed: Answer<()> = app
        .call(&applicant, "close_request", &[("code", &code)])
        .await;
    assert!(closed.is_ok());
    let reopened: Answer<()> = app
        .call(
            &applicant,
            "reopen_request",
            &[("code", &code), ("reason", "هنوز حل نشده")],
        )
        .await;
    assert!(reopened.is_ok(), "{reopened:?}");
    let d = app.detail(&applicant, &code).await;
    assert_eq!(d.status, RequestStatus::InProgress);
    assert!(d.closed_at.is_none());
    assert!(d.history.iter().any(|h| h.reason == "هنوز حل نشده"));

    // With a zero-day window the applicant is told to file a linked request instead.
    let strict = spawn_app_with(|c| c.reopen_window_days = 0).await;
    let applicant = strict.login(STUDENT, DEMO_PASSWORD).await;
    let staff2 = strict.staff().await;
    let old = strict.file_request(&applicant, "پرداخت ثبت نشده").await;
    let closed: Answer<()> = strict
        .call(&applicant, "close_request", &[("code", &old)])
        .await;
    assert!(closed.is_ok());
    // A moment later, by the app's clock, the zero-day window has passed.
    strict.state.db.clock.advance(1_000);
    assert!(!strict.detail(&applicant, &old).await.may_reopen);
    let late: Answer<()> = strict
        .call(&applicant, "reopen_request", &[("code", &old)])
        .await;
    let (status, err) = late.expect_err("window passed");
    assert_eq!(status, 422);
    assert!(err.to_string().contains("مرتبط"));
    // … which links back to the old one; staff may still reopen.
    let linked: Answer<String> = strict
        .call(
            &applicant,
            "create_request",
            &[
                ("type_id", "1"),
                ("subject", "پیگیری پرداخت"),
                ("description", "درخواست قبلی بسته شد ولی مشکل باقی است."),
                ("related", &old),
            ],
        )
        .await;
    let linked = linked.expect("linked request filed");
    assert_eq!(
        strict.detail(&applicant, &linked).await.related.as_deref(),
        Some(old.as_str())
    );
    let by_staff: Answer<()> = strict
        .call(&staff2, "reopen_request", &[("code", &old)])
        .await;
    assert!(by_staff.is_ok(), "{by_staff:?}");
    // A request of someone else cannot be named as related.
    let other = strict.new_applicant(&national_code(8), "09123330008").await;
    let foreign: Answer<String> = strict
        .call(
            &other,
            "create_request",
            &[
                ("type_id", "1"),
                ("subject", "پیگیری پرداخت"),
                ("description", "درخواست قبلی بسته شد ولی مشکل باقی است."),
                ("related", &old),
            ],
        )
        .await;
    assert_eq!(foreign.expect_err("not theirs").0, 422);
    drop(staff);
}

#[tokio::test]
async fn assignment_priority_and_transfer_are_staff_history() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let staff = app.staff().await;
    let supervisor_id = app.user_id(SUPERVISOR).await;
    let code = app.file_request(&applicant, "ورود ممکن نیست").await;

    let to_me: Answer<()> = app
        .call(
            &staff,
            "assign_request",
            &[("code", &code), ("assignee", "me")],
        )
        .await;
    assert!(to_me.is_ok(), "{to_me:?}");
    let d = app.detail(&staff, &code).await;
    assert_eq!(d.status, RequestStatus::Assigned);
    assert_eq!(
        d.staff.as_ref().and_then(|s| s.assignee_name.as_deref()),
        Some("مریم کریمی")
    );

    let sup = supervisor_id.to_string();
    let to_sup: Answer<()> = app
        .call(
            &staff,
            "assign_request",
            &[("code", &code), ("assignee", &sup)],
        )
        .await;
    assert!(to_sup.is_ok());
    // An applicant is not a staff member.
    let applicant_id = app.user_id(STUDENT).await.to_string();
    let bad: Answer<()> = app
        .call(
            &staff,
            "assign_request",
            &[("code", &code), ("assignee", &applicant_id)],
        )
        .await;
    assert_eq!(bad.expect_err("not staff").0, 422);

    let urgent: Answer<()> = app
        .call(
            &staff,
            "set_priority",
            &[("code", &code), ("priority", "3")],
        )
        .await;
    assert!(urgent.is_ok());
    let nonsense: Answer<()> = app
        .call(
            &staff,
            "set_priority",
            &[("code", &code), ("priority", "9")],
        )
        .await;
    assert_eq!(nonsense.expect_err("bad priority").0, 422);

    let dir: poshtiban::wire::StaffDirectory = app
        .call(&staff, "staff_directory", &[])
        .await
        .expect("directory");
    let finance = dir
        .groups
        .iter()
        .find(|g| g.name == "امور مالی")
        .expect("group")
        .id;
    let moved: Answer<()> = app
        .call(
            &staff,
            "transfer_request",
            &[
                ("code", &code),
                ("group_id", &finance.to_string()),
                ("reason", "موضوع پرداخت است"),
            ],
        )
        .await;
    assert!(moved.is_ok(), "{moved:?}");
    let d = app.detail(&staff, &code).await;
    let s = d.staff.expect("staff view");
    assert_eq!(s.priority, Priority::Urgent);
    assert_eq!(s.group_name.as_deref(), Some("امور مالی"));
    // The supervisor belongs to every demo group, so stays assigned.
    assert_eq!(s.assignee_id, Some(supervisor_id));
    let kinds: Vec<HistoryKind> = d.history.iter().map(|h| h.kind).collect();
    for k in [
        HistoryKind::Assigned,
        HistoryKind::Priority,
        HistoryKind::Transferred,
    ] {
        assert!(kinds.contains(&k), "{k:?} in {kinds:?}");
    }

    // The applicant sees that the request is being handled, not by whom or how.
    let mine = app.detail(&applicant, &code).await;
    assert!(mine.history.iter().all(|h| !h.internal));
    assert!(
        mine.history.iter().all(|h| matches!(
            h.kind,
            HistoryKind::Status
                | HistoryKind::Rated
                | HistoryKind::Merged
                | HistoryKind::MergedFrom
        )),
        "{:?}",
        mine.history
    );
    let raw = app
        .raw_call(&applicant, "get_request", &[("code", &code)])
        .await;
    assert!(raw.contains("ورود ممکن نیست"), "{raw}");
    assert!(
        !raw.contains("موضوع پرداخت است") && !raw.contains("حسین موسوی"),
        "{raw}"
    );

    // The queue filters by assignee and priority.
    let mine: Page<RequestSummary> = app
        .call(
            &staff,
            "staff_queue",
            &[("assignee", &sup), ("priority", "3")],
        )
        .await
        .expect("queue");
    assert_eq!(mine.items.len(), 1);
    let none: Page<RequestSummary> = app
        .call(&staff, "staff_queue", &[("assignee", "none")])
        .await
        .expect("queue");
    assert!(none.items.is_empty());

    // Applicants may do none of this.
    for (name, form) in [
        (
            "assign_request",
            vec![("code", code.as_str()), ("assignee", "me")],
        ),
        (
            "set_priority",
            vec![("code", code.as_str()), ("priority", "0")],
        ),
        (
            "transfer_request",
            vec![("code", code.as_str()), ("group_id", "1")],
        ),
        ("resolve_request", vec![("code", code.as_str())]),
    ] {
        let r: Answer<()> = app.call(&applicant, name, &form).await;
        assert_eq!(r.expect_err(name).0, 403, "{name}");
    }
}

#[tokio::test]
async fn round_robin_takes_turns_among_available_members() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    // Type 1 (login) belongs to the technical group; its demo members are the agent,
    // the supervisor and the admin. The admin is away.
    app.exec("UPDATE staff_groups SET auto_assign = 1").await;
    app.exec("UPDATE users SET available = 0 WHERE login_key = '0034567895'")
        .await;
    let mut names = Vec::new();
    let staff = app.staff().await;
    for i in 0..4 {
        let code = app
            .file_request(&applicant, &format!("درخواست شماره {i}"))
            .await;
        let d = app.detail(&staff, &code).await;
        assert_eq!(d.status, RequestStatus::Assigned);
        names.push(d.staff.and_then(|s| s.assignee_name).expect("assigned"));
        // The applicant sees "in review", with no name.
        let mine = app.detail(&applicant, &code).await;
        assert!(mine.staff.is_none());
    }
    assert_eq!(names[0], names[2]);
    assert_eq!(names[1], names[3]);
    assert_ne!(names[0], names[1]);
    assert!(
        !names.contains(&"نرگس صادقی".to_string()),
        "the away admin got work"
    );
}

#[tokio::test]
async fn duplicates_merge_into_an_earlier_request_of_the_same_applicant() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let other = app.new_applicant(&national_code(9), "09123330009").await;
    let staff = app.staff().await;
    let first = app.file_request(&applicant, "کد تأیید نمی‌رسد").await;
    let dup = app.file_request(&applicant, "باز هم کد نمی‌رسد").await;
    let foreign = app.file_request(&other, "کد تأیید نمی‌رسد").await;

    for (code, into) in [(&dup, &foreign), (&first, &dup), (&dup, &dup)] {
        let r: Answer<()> = app
            .call(&staff, "merge_request", &[("code", code), ("into", into)])
            .await;
        assert_eq!(r.expect_err("not a valid target").0, 422);
    }
    let merged: Answer<()> = app
        .call(
            &staff,
            "merge_request",
            &[("code", &dup), ("into", &first), ("reason", "تکراری")],
        )
        .await;
    assert!(merged.is_ok(), "{merged:?}");
    let d = app.detail(&applicant, &dup).await;
    assert_eq!(d.status, RequestStatus::Closed);
    assert_eq!(d.merged_into.as_deref(), Some(first.as_str()));
    let target = app.detail(&applicant, &first).await;
    assert!(
        target
            .history
            .iter()
            .any(|h| h.kind == HistoryKind::MergedFrom)
    );
    let again: Answer<()> = app
        .call(
            &applicant,
            "merge_request",
            &[("code", &dup), ("into", &first)],
        )
        .await;
    assert_eq!(again.expect_err("staff only").0, 403);
}

#[tokio::test]
async fn a_reply_that_crosses_another_staff_reply_warns_first() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let agent = app.staff().await;
    let supervisor = app.login(SUPERVISOR, DEMO_PASSWORD).await;
    let code = app.file_request(&applicant, "کد تأیید نمی‌رسد").await;
    // Both open the request with no messages on screen; the supervisor answers first.
    let seen = app
        .detail(&agent, &code)
        .await
        .last_message_id()
        .to_string();
    let first: Answer<()> = app
        .call(
            &supervisor,
            "reply",
            &[("code", &code), ("body", "پاسخ اول"), ("seen", &seen)],
        )
        .await;
    assert!(first.is_ok());
    let crossing: Answer<()> = app
        .call(
            &agent,
            "reply",
            &[("code", &code), ("body", "پاسخ دوم"), ("seen", &seen)],
        )
        .await;
    let (status, err) = crossing.expect_err("warned");
    assert_eq!((status, err.field()), (422, Some("confirm")));
    assert_eq!(
        app.detail(&agent, &code).await.messages.len(),
        1,
        "nothing stored"
    );
    // Notes never warn; a confirmed reply goes through.
    assert!(reply(&app, &agent, &code, "یادداشت", "note").await.is_ok());
    let confirmed: Answer<()> = app
        .call(
            &agent,
            "reply",
            &[
                ("code", &code),
                ("body", "پاسخ دوم"),
                ("seen", &seen),
                ("confirm", "on"),
            ],
        )
        .await;
    assert!(confirmed.is_ok(), "{confirmed:?}");
}

#[tokio::test]
async fn history_is_append_only_and_resolved_requests_close_by_themselves() {
    let app = spawn_app_with(|c| c.auto_close_resolved_days = 0).await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let staff = app.staff().await;
    let code = app.file_request(&applicant, "کد تأیید نمی‌رسد").await;
    let resolved: Answer<()> = app
        .call(
            &staff,
            "resolve_request",
            &[("code", &code), ("reason", "کد دوباره ارسال شد")],
        )
        .await;
    assert!(resolved.is_ok(), "{resolved:?}");
    app.state.db.clock.advance(1_000);
    let n = poshtiban::server::requests::lifecycle::auto_close_resolved(&app.state)
        .await
        .expect("auto-close");
    assert_eq!(n, 1);
    let d = app.detail(&applicant, &code).await;
    assert_eq!(d.status, RequestStatus::Closed);
    let last = d.history.last().expect("history");
    assert_eq!(last.actor_name, None, "closed by the system");
    // Running again finds nothing.
    let n = poshtiban::server::requests::lifecycle::auto_close_resolved(&app.state)
        .await
        .expect("auto-close");
    assert_eq!(n, 0);

    for sql in [
        "UPDATE request_history SET reason = 'x'",
        "DELETE FROM request_history",
    ] {
        let r = sqlx::query(sql).execute(&app.state.db.pool).await;
        assert!(r.is_err(), "{sql} must fail");
    }
    assert!(app.count("SELECT COUNT(*) FROM request_history").await >= 3);
}
