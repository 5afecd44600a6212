//! Crashes and races, each proven harmless on both engines: a calendar edit whose recompute
//! never ran, a crowd at the public SLA page, parallel uploads against a request's file quota,
//! and admins saving a type's SLA policy at the same moment.

use futures::future::join_all;
use poshtiban::domain::jalali::TehranDateTime;
use poshtiban::server::sla::{calendar, recompute, report};
use sqlx::Row;

use super::common::*;

/// What the database holds for a request's initial-result clock: its start and its due time.
async fn stored_clock(app: &TestApp, code: &str) -> (i64, i64) {
    let r = sqlx::query("SELECT clock_start_at, ir_due_at FROM requests WHERE tracking_code = $1")
        .bind(code)
        .fetch_one(&app.state.db.pool)
        .await
        .expect("the request");
    (
        r.try_get("clock_start_at").expect("a clock start"),
        r.try_get("ir_due_at").expect("a due time"),
    )
}

/// The due time the calendar as stored now gives a request filed at `start` that has not paused:
/// one working day of six hours later.
async fn due_by_the_stored_calendar(app: &TestApp, start: i64) -> i64 {
    let calendars = calendar::load_calendars(&app.state.db)
        .await
        .expect("the calendar");
    calendars
        .for_group(None)
        .add_working(start, 360 * 60_000)
        .expect("a due time")
}

fn jalali(at: i64) -> String {
    let d = TehranDateTime::from_unix_millis(at).date;
    format!("{:04}/{:02}/{:02}", d.year, d.month, d.day)
}

/// An instance commits a calendar edit and dies before recomputing: nothing else would ever
/// bring the stored due times to the new calendar. The next start does, and so does the periodic
/// pass (which leaves a fresh edit to the instance that made it).
#[tokio::test]
async fn a_calendar_edit_whose_recompute_never_ran_is_repaired_at_the_next_start() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&applicant, "مشکل ورود").await;
    let (start, due) = stored_clock(&app, &code).await;
    let admin = app.user_id(ADMIN).await;

    // The due day is closed; the process ends between the edit's commit and its recompute.
    calendar::commit_closure(
        &app.state,
        admin,
        &jalali(due),
        "تعطیلی ناگهانی",
        false,
        None,
    )
    .await
    .expect("closed");
    assert_eq!(stored_clock(&app, &code).await.1, due, "not recomputed yet");

    // What a start runs.
    recompute::backfill(&app.state).await.expect("started");
    let repaired = stored_clock(&app, &code).await.1;
    assert!(repaired > due, "{repaired} after {due}");
    assert_eq!(repaired, due_by_the_stored_calendar(&app, start).await);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sla_recompute_jobs").await,
        0
    );

    // The new due day's hours are taken away; the instance stops again before recomputing. The
    // periodic pass leaves the change alone while it is fresh (its instance may be running it),
    // then runs it.
    let weekday = TehranDateTime::from_unix_millis(repaired)
        .date
        .weekday()
        .index();
    calendar::commit_weekday(&app.state, weekday, "", "")
        .await
        .expect("a day off");
    assert_eq!(
        recompute::run_leftover_jobs(&app.state, 60_000)
            .await
            .expect("a pass"),
        0
    );
    assert_eq!(stored_clock(&app, &code).await.1, repaired);
    assert_eq!(
        recompute::run_leftover_jobs(&app.state, 0)
            .await
            .expect("a pass"),
        1
    );
    let later = stored_clock(&app, &code).await.1;
    assert!(later > repaired, "{later} after {repaired}");
    assert_eq!(later, due_by_the_stored_calendar(&app, start).await);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sla_recompute_jobs").await,
        0
    );

    // An edit whose instance keeps running leaves nothing behind.
    let admin_client = app.login(ADMIN, DEMO_PASSWORD).await;
    let hours: Answer<usize> = app
        .call(
            &admin_client,
            "set_weekday_hours",
            &[
                ("weekday", &weekday.to_string()),
                ("start", "08:00"),
                ("end", "14:00"),
            ],
        )
        .await;
    assert_eq!(hours, Ok(1));
    assert_eq!(stored_clock(&app, &code).await.1, repaired);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sla_recompute_jobs").await,
        0
    );
}

/// Instances finding the same leftover recompute at once: one runs it, the others find it gone.
#[tokio::test]
async fn a_leftover_recompute_is_run_by_one_instance() {
    let app = spawn_app().await;
    // On SQLite the instances are tasks of one process sharing the database file's writer.
    let other = if is_postgres() {
        Some(spawn_app_on(&app.database_url).await)
    } else {
        None
    };
    let other = other.as_ref().unwrap_or(&app);
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&applicant, "مشکل ورود").await;
    let (start, due) = stored_clock(&app, &code).await;
    let admin = app.user_id(ADMIN).await;
    calendar::commit_closure(
        &app.state,
        admin,
        &jalali(due),
        "تعطیلی ناگهانی",
        false,
        None,
    )
    .await
    .expect("closed");

    let (a, b) = tokio::join!(
        recompute::run_leftover_jobs(&app.state, 0),
        recompute::run_leftover_jobs(&other.state, 0)
    );
    let recomputed = [a.expect("a pass"), b.expect("a pass")];
    assert_eq!(recomputed.iter().sum::<usize>(), 1, "{recomputed:?}");
    let repaired = stored_clock(&app, &code).await.1;
    assert!(repaired > due);
    assert_eq!(repaired, due_by_the_stored_calendar(&app, start).await);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sla_recompute_jobs").await,
        0
    );
}

/// A crowd opening the public page when its figures are missing, then when they have expired:
/// one computation each time; the others wait for it or are shown the previous figures.
#[tokio::test]
async fn a_crowd_at_the_public_sla_page_runs_the_report_queries_once() {
    let app = spawn_app().await;
    let crowd = 12;
    let statuses = join_all((0..crowd).map(|_| {
        let c = app.client();
        let url = format!("{}/api/sla_public", app.base);
        async move {
            c.post(url)
                .header("accept", "application/json")
                .send()
                .await
                .expect("the server answers")
                .status()
                .as_u16()
        }
    }))
    .await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(app.state.sla_public.computations(), 1, "a cold cache");

    let later = app.state.db.now_ms() + 61_000;
    let answers = join_all(
        (0..crowd).map(|_| report::public_at(&app.state.db, &app.state.sla_public, later)),
    )
    .await;
    assert!(answers.iter().all(Result::is_ok), "{answers:?}");
    assert_eq!(app.state.sla_public.computations(), 2, "an expired cache");
}

/// Staff attach files to one request at once, each small enough alone but not all together: the
/// request never holds more than its quota, and those refused are told why in Persian.
#[tokio::test]
async fn parallel_uploads_never_pass_a_requests_file_quota() {
    let app = spawn_app_with(|c| {
        c.max_file_mb = 1;
        c.max_request_files_mb = 2;
    })
    .await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let staff = app.staff().await;
    let code = app.file_request(&student, "پیوست‌های بسیار").await;
    // 700 KB each: two fit in 2 MB, a third does not.
    let scan = [b"%PDF-1.4\n".as_slice(), &vec![b'x'; 700 * 1024]].concat();
    let note = [
        ("code", code.as_str()),
        ("body", "پیوست پرونده"),
        ("mode", "note"),
    ];
    let files = [("files", "scan.pdf", scan)];
    let answers: Vec<Answer<()>> =
        join_all((0..6).map(|_| app.call_with_files(&staff, "reply", &note, &files))).await;
    let stored = app
        .count(
            "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM attachments a \
             JOIN requests r ON r.id = a.request_id WHERE r.subject = 'پیوست‌های بسیار'",
        )
        .await;
    assert!(stored <= 2 * 1024 * 1024, "{stored} bytes stored");
    assert_eq!(
        answers.iter().filter(|a| a.is_ok()).count(),
        2,
        "{answers:?}"
    );
    for (status, err) in answers.into_iter().filter_map(Result::err) {
        assert_eq!(status, 422, "{err:?}");
        assert_eq!(err.field(), Some("files"));
        assert!(
            err.to_string()
                .chars()
                .any(|ch| ('\u{0600}'..='\u{06FF}').contains(&ch)),
            "Persian message: {err}"
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM messages WHERE body = 'پیوست پرونده'")
            .await,
        2,
        "a refused note is not written without its file"
    );
}

/// Admins saving a type's policy at the same moment: every save is a version of its own, the
/// versions follow one another, and the catalogue shows the newest.
#[tokio::test]
async fn admins_saving_a_policy_at_once_make_consecutive_versions() {
    let app = spawn_app().await;
    let admins = [
        app.login(ADMIN, DEMO_PASSWORD).await,
        app.login(ADMIN, DEMO_PASSWORD).await,
    ];
    let v0 = app
        .count("SELECT MAX(version) FROM sla_policies WHERE type_id = 1")
        .await;
    let hours: Vec<String> = (2..10).map(|h| h.to_string()).collect();
    let forms: Vec<[(&str, &str); 5]> = hours
        .iter()
        .map(|h| {
            [
                ("type_id", "1"),
                ("unit", "hours"),
                ("initial", h.as_str()),
                ("resolution", "48"),
                ("warn_percent", "80"),
            ]
        })
        .collect();
    let answers: Vec<Answer<bool>> = join_all(
        forms
            .iter()
            .enumerate()
            .map(|(i, form)| app.call(&admins[i % 2], "save_policy", form)),
    )
    .await;
    assert!(answers.iter().all(|a| a == &Ok(true)), "{answers:?}");
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM sla_policies WHERE type_id = 1 ORDER BY version")
            .fetch_all(&app.state.db.pool)
            .await
            .expect("versions");
    let expected: Vec<i64> = (1..=v0 + hours.len() as i64).collect();
    assert_eq!(versions, expected);
    let newest = sqlx::query(
        "SELECT initial_minutes, day_minutes FROM sla_policies WHERE type_id = 1 \
         ORDER BY version DESC LIMIT 1",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .expect("the newest");
    let days = poshtiban::domain::sla::days_spanned(
        newest.try_get("initial_minutes").expect("minutes"),
        newest.try_get("day_minutes").expect("day"),
    );
    assert_eq!(
        app.count("SELECT initial_result_days FROM request_types WHERE id = 1")
            .await,
        days
    );
}

/// A batch's guarded statement (one that must change exactly one row) stops the batch when it
/// changes none, and nothing of the batch stays: on SQLite, where the batch is one command, and
/// on PostgreSQL, where it runs statement by statement.
#[tokio::test]
async fn a_batch_whose_guarded_update_changes_nothing_leaves_nothing() {
    use poshtiban::server::platform::db::{Batch, is_expectation_unmet};
    let app = spawn_app().await;
    let db = &app.state.db;
    let batch = |title: &'static str, guard_id: i64| {
        let mut b = Batch::new(db.now_ms());
        b.push(
            "INSERT INTO calls (title, starts_at, ends_at, created_at, updated_at) VALUES ($1, 1, 2, 0, 0)",
            vec![title.into()],
        );
        b.push_expect_one(
            "UPDATE calls SET body = 'checked' WHERE id = $1",
            vec![guard_id.into()],
        );
        b.push(
            "INSERT INTO calls (title, starts_at, ends_at, created_at, updated_at) VALUES ($1, 1, 2, 0, 0)",
            vec![format!("{title} (after)").into()],
        );
        b
    };
    let refused = db.write_batch(batch("نگهبان ناکام", 999_999)).await;
    assert!(refused.as_ref().is_err_and(is_expectation_unmet));
    assert_eq!(app.count("SELECT COUNT(*) FROM calls").await, 0);
    // The same in a transaction the caller holds.
    let mut w = db.begin_write().await.expect("a transaction");
    let refused = batch("نگهبان ناکام", 999_999).run(&mut w.tx).await;
    assert!(refused.as_ref().is_err_and(is_expectation_unmet));
    drop(w);
    assert_eq!(app.count("SELECT COUNT(*) FROM calls").await, 0);
    // A guard that holds lets the whole batch through.
    let first = db
        .write_batch({
            let mut b = Batch::new(db.now_ms());
            b.push_returning(
                "INSERT INTO calls (title, starts_at, ends_at, created_at, updated_at) VALUES ('نخست', 1, 2, 0, 0) RETURNING id",
                vec![],
            );
            b
        })
        .await
        .expect("a call");
    let id: i64 = first[0].try_get("id").expect("an id");
    db.write_batch(batch("نگهبان کامیاب", id))
        .await
        .expect("the batch");
    assert_eq!(app.count("SELECT COUNT(*) FROM calls").await, 3);
}
