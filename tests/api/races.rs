//! Crashes and races, each proven harmless on both engines: a crowd at the public SLA page,
//! parallel uploads against a request's file quota, and admins saving a type's SLA policy at the
//! same moment.

use futures::future::join_all;
use poshtiban::server::sla::report;
use sqlx::Row;

use super::common::*;

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

    let later = poshtiban::server::platform::db::now_ms() + 61_000;
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
