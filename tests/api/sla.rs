//! The SLA clocks through the API: what applicants and staff see as a request waits, pauses and
//! gets its initial result; holidays moving open requests' due times; each warning and breach
//! fired once.

use super::common::*;
use poshtiban::domain::jalali::TehranDateTime;
use poshtiban::domain::sla::ClockState;

async fn reply(app: &TestApp, c: &reqwest::Client, code: &str, form: &[(&str, &str)]) {
    let mut all = vec![("code", code)];
    all.extend_from_slice(form);
    let r: Answer<()> = app.call(c, "reply", &all).await;
    assert!(r.is_ok(), "reply {form:?}: {r:?}");
}

#[tokio::test]
async fn the_clock_counts_pauses_and_stops_at_the_initial_result() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let staff = app.staff().await;
    let code = app.file_request(&applicant, "کد تأیید نمی‌رسد").await;

    // Filed: the applicant sees when the initial result is due; staff also see the resolution.
    let mine = app.detail(&applicant, &code).await.sla.expect("an SLA");
    assert_eq!(mine.initial.state, ClockState::Running);
    assert_eq!(mine.initial.target_min, 360, "one working day of six hours");
    let due = mine.initial.due_at.expect("a due time");
    // Due when the target's working time has passed since filing, and not a minute later: the
    // working calendar counts exactly six hours between the two, and less up to a minute before.
    let filed = app.detail(&applicant, &code).await.created_at;
    let target_ms = mine.initial.target_min * 60_000;
    let calendar = app.state.calendars.get();
    assert_eq!(
        calendar.base.working_ms(filed, due),
        target_ms,
        "filed {filed}, due {due}"
    );
    assert!(calendar.base.working_ms(filed, due - 60_000) < target_ms);
    assert!(
        due >= filed + target_ms,
        "working time never runs faster than the clock"
    );
    assert!(
        mine.resolution.is_none(),
        "applicants see the initial-result clock only"
    );
    let theirs = app.detail(&staff, &code).await.sla.expect("an SLA");
    assert_eq!(theirs.resolution.expect("resolution").target_min, 3 * 360);

    // Waiting for the applicant: paused, no due time.
    reply(
        &app,
        &staff,
        &code,
        &[("body", "شماره همراه خود را بفرستید"), ("mode", "ask")],
    )
    .await;
    let waiting = app.detail(&applicant, &code).await.sla.expect("an SLA");
    assert_eq!(waiting.initial.state, ClockState::Paused);
    assert_eq!(waiting.initial.due_at, None);

    // The applicant answers: counting again, due no earlier than before.
    reply(&app, &applicant, &code, &[("body", "۰۹۱۲۱۲۳۴۵۶۷")]).await;
    let again = app.detail(&applicant, &code).await.sla.expect("an SLA");
    assert_eq!(again.initial.state, ClockState::Running);
    assert!(again.initial.due_at.expect("due") >= due);

    // The initial result stops the first clock within its target; the resolution clock goes on.
    reply(
        &app,
        &staff,
        &code,
        &[
            ("body", "کد دوباره فرستاده شد"),
            ("mode", "answer"),
            ("initial_result", "on"),
        ],
    )
    .await;
    let done = app.detail(&staff, &code).await.sla.expect("an SLA");
    assert_eq!(done.initial.state, ClockState::Met);
    assert_eq!(done.initial.due_at, None);
    assert!(done.initial.elapsed_min <= 360);
    assert!(done.resolution.expect("resolution").state.is_open());
}

#[tokio::test]
async fn a_holiday_added_while_requests_are_open_moves_their_due_times() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let code = app.file_request(&applicant, "مشکل ورود").await;
    let due = app
        .detail(&applicant, &code)
        .await
        .sla
        .expect("sla")
        .initial
        .due_at
        .expect("due");
    let day = TehranDateTime::from_unix_millis(due).date;
    let date = format!("{:04}/{:02}/{:02}", day.year, day.month, day.day);

    // Only admins edit the calendar; a bad date changes nothing.
    let refused: Answer<usize> = app
        .call(
            &applicant,
            "add_closure",
            &[("date", &date), ("reason", "آلودگی هوا")],
        )
        .await;
    assert_eq!(refused.expect_err("applicants may not").0, 403);
    let bad: Answer<usize> = app
        .call(
            &admin,
            "add_closure",
            &[("date", "1404/13/01"), ("reason", "آلودگی هوا")],
        )
        .await;
    assert_eq!(bad.expect_err("no 13th month").1.field(), Some("date"));

    // Closing the due day moves the due time at once, to a later day.
    let recomputed: Answer<usize> = app
        .call(
            &admin,
            "add_closure",
            &[("date", &date), ("reason", "تعطیلی به علت آلودگی هوا")],
        )
        .await;
    assert!(recomputed.expect("closed") >= 1);
    let moved = app
        .detail(&applicant, &code)
        .await
        .sla
        .expect("sla")
        .initial
        .due_at
        .expect("due");
    assert!(
        moved >= due + 86_400_000 - 6 * 3_600_000,
        "{moved} after {due}"
    );
    let again: Answer<usize> = app
        .call(
            &admin,
            "add_closure",
            &[("date", &date), ("reason", "دوباره")],
        )
        .await;
    assert_eq!(again.expect_err("already closed").1.field(), Some("date"));

    // Opening it again brings the due time back.
    let calendar: poshtiban::wire::CalendarAdmin =
        app.call(&admin, "calendar", &[]).await.expect("calendar");
    let closure = calendar
        .closures
        .iter()
        .find(|c| c.jalali == date)
        .expect("listed");
    assert!(!closure.official);
    let reopened: Answer<usize> = app
        .call(&admin, "remove_closure", &[("id", &closure.id.to_string())])
        .await;
    assert!(reopened.is_ok());
    let back = app
        .detail(&applicant, &code)
        .await
        .sla
        .expect("sla")
        .initial
        .due_at
        .expect("due");
    assert_eq!(back, due);

    // Working hours are data too: a longer day brings the due time earlier or keeps it.
    let hours: Answer<usize> = app
        .call(
            &admin,
            "set_weekday_hours",
            &[("weekday", "0"), ("start", "۰۷:۳۰"), ("end", "14:00")],
        )
        .await;
    assert!(hours.is_ok());
    let wrong: Answer<usize> = app
        .call(
            &admin,
            "set_weekday_hours",
            &[("weekday", "0"), ("start", "14:00"), ("end", "08:00")],
        )
        .await;
    assert_eq!(wrong.expect_err("end before start").1.field(), Some("end"));
    let calendar: poshtiban::wire::CalendarAdmin =
        app.call(&admin, "calendar", &[]).await.expect("calendar");
    assert_eq!(calendar.weekdays[0].start, "07:30");
    assert_eq!(calendar.weekdays[5].start, "", "Thursday stays closed");
    assert_eq!(calendar.closures.iter().filter(|c| c.official).count(), 26);
}

async fn initial_due(app: &TestApp, c: &reqwest::Client, code: &str) -> i64 {
    app.detail(c, code)
        .await
        .sla
        .expect("sla")
        .initial
        .due_at
        .expect("due")
}

/// Closes `date` for everyone, or for one group; returns how many open requests it reached.
async fn close_day(
    app: &TestApp,
    admin: &reqwest::Client,
    date: &str,
    group: Option<i64>,
) -> usize {
    let group = group.map_or(String::new(), |g| g.to_string());
    let r: Answer<usize> = app
        .call(
            admin,
            "add_closure",
            &[
                ("date", date),
                ("reason", "تعطیلی ناگهانی"),
                ("group_id", &group),
            ],
        )
        .await;
    r.unwrap_or_else(|e| panic!("closed {date}: {e:?}"))
}

/// Two admins closing two days at the same moment: the recomputes run one after the other, the
/// second with both closures, so the request ends with the clocks of the calendar as it stands
/// (the same as closing the days one by one), never those of a calendar with one of them.
#[tokio::test]
async fn calendar_edits_made_at_once_leave_the_clocks_of_the_final_calendar() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let other = app.login(ADMIN, DEMO_PASSWORD).await;
    let code = app.file_request(&applicant, "مشکل ورود").await;
    let due = initial_due(&app, &applicant, &code).await;
    let first = TehranDateTime::from_unix_millis(due).date;
    let dates: Vec<String> = [first, first.add_days(1)]
        .iter()
        .map(|d| format!("{:04}/{:02}/{:02}", d.year, d.month, d.day))
        .collect();
    tokio::join!(
        close_day(&app, &admin, &dates[0], None),
        close_day(&app, &other, &dates[1], None)
    );
    let together = initial_due(&app, &applicant, &code).await;
    assert!(together > due, "{together} after {due}");

    // Open both days again, then close them one by one: the same due time.
    let calendar: poshtiban::wire::CalendarAdmin =
        app.call(&admin, "calendar", &[]).await.expect("calendar");
    for c in calendar
        .closures
        .iter()
        .filter(|c| dates.contains(&c.jalali))
    {
        let r: Answer<usize> = app
            .call(&admin, "remove_closure", &[("id", &c.id.to_string())])
            .await;
        assert!(r.is_ok());
    }
    assert_eq!(initial_due(&app, &applicant, &code).await, due);
    close_day(&app, &admin, &dates[0], None).await;
    close_day(&app, &admin, &dates[1], None).await;
    assert_eq!(initial_due(&app, &applicant, &code).await, together);
}

/// The staff view's working minutes counted so far on the initial-result clock.
async fn initial_elapsed(app: &TestApp, staff: &reqwest::Client, code: &str) -> i64 {
    app.detail(staff, code)
        .await
        .sla
        .expect("sla")
        .initial
        .elapsed_min
}

/// Two working days of the last ten (not today or yesterday) that are not closed already, as
/// Jalali dates with their working minutes.
async fn past_working_days(app: &TestApp, admin: &reqwest::Client) -> Vec<(String, i64)> {
    let calendar: poshtiban::wire::CalendarAdmin =
        app.call(admin, "calendar", &[]).await.expect("calendar");
    let minutes = |hhmm: &str| {
        let (h, m) = hhmm.split_once(':').expect("hh:mm");
        h.parse::<i64>().expect("h") * 60 + m.parse::<i64>().expect("m")
    };
    let today = TehranDateTime::from_unix_millis(app.state.db.now_ms()).date;
    let days: Vec<(String, i64)> = (2..11)
        .map(|k| today.add_days(-k))
        .filter_map(|d| {
            let hours = &calendar.weekdays[usize::from(d.weekday().index())];
            let jalali = format!("{:04}/{:02}/{:02}", d.year, d.month, d.day);
            (!hours.start.is_empty() && !calendar.closures.iter().any(|c| c.jalali == jalali))
                .then(|| (jalali, minutes(&hours.end) - minutes(&hours.start)))
        })
        .take(2)
        .collect();
    assert_eq!(days.len(), 2, "two working days in the last ten");
    days
}

/// A day closed after the fact (a closure for a day already past) takes its working time out of
/// the clocks that counted it, for its group only when it is a group's closure; a closure of
/// another group leaves the request alone and recomputes nothing.
#[tokio::test]
async fn a_past_day_closed_takes_its_hours_out_of_the_clocks_that_counted_it() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let staff = app.staff().await;
    let code = app.file_request(&applicant, "پرداخت ثبت نشد").await;
    // The request has waited twelve days, in the first group.
    app.exec(
        "UPDATE requests SET clock_start_at = clock_start_at - 1036800000, \
         group_id = (SELECT MIN(id) FROM staff_groups)",
    )
    .await;
    let other = app.count("SELECT MAX(id) FROM staff_groups").await;
    assert!(other > app.count("SELECT MIN(id) FROM staff_groups").await);
    poshtiban::server::sla::recompute::recompute_open(&app.state)
        .await
        .expect("recomputed");
    let counted = initial_elapsed(&app, &staff, &code).await;

    let days = past_working_days(&app, &admin).await;
    // Another group's closure: nothing of this request changes, nothing is recomputed.
    assert_eq!(close_day(&app, &admin, &days[0].0, Some(other)).await, 0);
    assert_eq!(initial_elapsed(&app, &staff, &code).await, counted);
    // Its own group's closure, then everyone's: each day's hours come out.
    let first = app.count("SELECT MIN(id) FROM staff_groups").await;
    assert!(close_day(&app, &admin, &days[0].0, Some(first)).await >= 1);
    assert_eq!(
        initial_elapsed(&app, &staff, &code).await,
        counted - days[0].1
    );
    assert!(close_day(&app, &admin, &days[1].0, None).await >= 1);
    assert_eq!(
        initial_elapsed(&app, &staff, &code).await,
        counted - days[0].1 - days[1].1
    );
}

/// The e-mail an SLA alert sends: (recipient, subject, text), as `mails` lists them.
fn sla_alert_mail(
    app: &TestApp,
    to: &str,
    code: &str,
    title: &str,
    initial: bool,
    breach: bool,
) -> Mail {
    let shown = poshtiban::domain::tracking::parse(code)
        .expect("a tracking code")
        .display_fa();
    let link = format!("{}/staff/requests/{code}", app.state.config.origin());
    let (subject, body) =
        poshtiban::domain::notify::sla_alert(&shown, title, initial, breach, &link);
    Mail {
        to: to.to_string(),
        subject,
        body,
    }
}

#[tokio::test]
async fn warnings_and_breaches_fire_once_each() {
    let smtp = SmtpServer::start(free_port()).await;
    let app = spawn_app_with(|c| {
        c.smtp_host = Some("127.0.0.1".into());
        c.smtp_port = smtp.port;
    })
    .await;
    // Staff give their addresses and ask for e-mail. The assigned agent and the group's
    // supervisor are told; the admin, neither, is not.
    let agent = app.staff().await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let (agent_mail, supervisor_mail) = ("maryam@example.ir", "hossein@example.ir");
    for (who, address) in [
        (AGENT, agent_mail),
        (SUPERVISOR, supervisor_mail),
        (ADMIN, "narges@example.ir"),
    ] {
        app.set_email(who, address).await;
    }
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let title = "پرداخت ثبت نشد";
    let code = app.file_request(&applicant, title).await;
    let assigned: Answer<()> = app
        .call(
            &agent,
            "assign_request",
            &[("code", &code), ("assignee", "me")],
        )
        .await;
    assert!(assigned.is_ok(), "{assigned:?}");
    assert_eq!(
        poshtiban::server::sla::scheduler::tick(&app.state)
            .await
            .expect("tick"),
        0,
        "nothing is due yet"
    );
    // The request has waited a month (its clock started 30 days ago).
    app.exec(
        "UPDATE requests SET clock_start_at = clock_start_at - 2592000000, \
         ir_warn_at = ir_warn_at - 2592000000, ir_due_at = ir_due_at - 2592000000, \
         res_warn_at = res_warn_at - 2592000000, res_due_at = res_due_at - 2592000000, \
         sla_next_at = sla_next_at - 2592000000",
    )
    .await;
    let (a, b) = tokio::join!(
        poshtiban::server::sla::scheduler::tick(&app.state),
        poshtiban::server::sla::scheduler::tick(&app.state)
    );
    // Warning and breach, for the initial result and for the resolution.
    assert_eq!(a.expect("tick") + b.expect("tick"), 4);
    assert_eq!(
        poshtiban::server::sla::scheduler::tick(&app.state)
            .await
            .expect("tick"),
        0
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM sla_alerts").await, 4);
    let d = app.detail(&agent, &code).await.sla.expect("sla");
    assert_eq!(d.initial.state, ClockState::Breached);
    assert!(d.initial.remaining_min.expect("overdue") < 0);

    // Each of the four alerts reaches the agent and the supervisor once, through the SMTP
    // server, and nobody else.
    let mut expected = Vec::new();
    for to in [agent_mail, supervisor_mail] {
        for initial in [true, false] {
            for breach in [false, true] {
                expected.push(sla_alert_mail(&app, to, &code, title, initial, breach));
            }
        }
    }
    expected.sort();
    smtp.wait_for(expected.len()).await;
    for _ in 0..100 {
        let sent = app
            .count("SELECT COUNT(*) FROM outbox WHERE kind LIKE 'sla_%' AND status = 'sent'")
            .await;
        if sent >= expected.len() as i64 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE kind LIKE 'sla_%' AND status <> 'sent'")
            .await,
        0,
        "every alert delivered, none left to send again"
    );
    assert_eq!(smtp.mails(), expected, "no staff member is told twice");

    // A calendar change that recomputes the request afterwards leaves the scheduler nothing to
    // look at again: every threshold it has passed was alerted.
    let day = past_working_days(&app, &admin).await.remove(0).0;
    assert!(close_day(&app, &admin, &day, None).await >= 1);
    let next: Option<i64> =
        sqlx::query_scalar("SELECT sla_next_at FROM requests WHERE tracking_code = $1")
            .bind(&code)
            .fetch_one(&app.state.db.pool)
            .await
            .expect("the request");
    assert_eq!(next, None, "no look at thresholds already alerted");
}

#[tokio::test]
async fn requests_filed_before_the_sla_get_their_clocks_at_start() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&applicant, "درخواست قدیمی").await;
    let filed = app.detail(&applicant, &code).await.sla.expect("sla");
    // As a request from before migration 0008 looks.
    app.exec(
        "UPDATE requests SET sla_policy_id = NULL, clock_start_at = NULL, ir_state = NULL, \
         ir_elapsed_min = NULL, ir_due_at = NULL, ir_warn_at = NULL, res_state = NULL, \
         res_elapsed_min = NULL, res_due_at = NULL, res_warn_at = NULL, sla_next_at = NULL",
    )
    .await;
    assert!(app.detail(&applicant, &code).await.sla.is_none());
    let started = poshtiban::server::sla::recompute::backfill(&app.state)
        .await
        .expect("backfill");
    assert_eq!(started, 1);
    let back = app.detail(&applicant, &code).await.sla.expect("sla again");
    assert_eq!(back.initial.due_at, filed.initial.due_at);
    assert_eq!(back.initial.state, ClockState::Running);
    // Nothing left to do the next time.
    assert_eq!(
        poshtiban::server::sla::recompute::backfill(&app.state)
            .await
            .expect("backfill"),
        0
    );
}

#[tokio::test]
async fn the_queue_sorts_by_due_time_with_a_keyset_cursor() {
    use poshtiban::wire::{Page, RequestSummary};
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let staff = app.staff().await;
    let longer = app
        .count(
            "SELECT MIN(id) FROM request_types WHERE initial_result_days >= 2 \
             AND applicant_kinds LIKE '%student%'",
        )
        .await
        .to_string();
    let file = |type_id: String, subject: &'static str| {
        let (app, applicant) = (&app, &applicant);
        async move {
            let r: Answer<String> = app
                .call(
                    applicant,
                    "create_request",
                    &[
                        ("type_id", type_id.as_str()),
                        ("subject", subject),
                        ("description", "شرح کافی برای بررسی درخواست"),
                    ],
                )
                .await;
            r.expect("filed")
        }
    };
    let slow = file(longer, "اصلاح سوابق تحصیلی").await;
    let fast = file("1".into(), "کد ورود نمی‌رسد").await;
    let waiting = file("1".into(), "اصلاح شماره همراه").await;
    reply(
        &app,
        &staff,
        &waiting,
        &[("body", "شماره جدید را بفرستید"), ("mode", "ask")],
    )
    .await;

    let page: Page<RequestSummary> = app
        .call(&staff, "staff_queue", &[("sort", "due")])
        .await
        .expect("queue");
    let codes: Vec<&str> = page
        .items
        .iter()
        .map(|r| r.tracking_code.as_str())
        .collect();
    // Soonest due first; a paused clock has no due time and is left out of this order.
    assert_eq!(codes, vec![fast.as_str(), slow.as_str()]);
    let dues: Vec<i64> = page
        .items
        .iter()
        .map(|r| r.sla.expect("clock").due_at.expect("due"))
        .collect();
    assert!(dues[0] <= dues[1]);
    // The cursor continues after a row: here, the first one.
    let first_id = app
        .count("SELECT MIN(id) FROM requests WHERE subject = 'کد ورود نمی‌رسد'")
        .await
        .to_string();
    let rest: Page<RequestSummary> = app
        .call(
            &staff,
            "staff_queue",
            &[("sort", "due"), ("after", &first_id)],
        )
        .await
        .expect("queue");
    assert_eq!(
        rest.items
            .iter()
            .map(|r| r.tracking_code.clone())
            .collect::<Vec<_>>(),
        vec![slow]
    );
    // The default order is unchanged: oldest first, paused ones included.
    let oldest: Page<RequestSummary> = app.call(&staff, "staff_queue", &[]).await.expect("queue");
    assert_eq!(oldest.items.len(), 3);
}
