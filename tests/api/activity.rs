//! What changed since a person last looked (issue 13, section 4): marked in their lists, counted
//! for their header, and dated for the request's page; internal work never shows to applicants.

use poshtiban::wire::{Page, RequestDetail, RequestSummary};

use super::common::*;

async fn news(app: &TestApp, c: &reqwest::Client) -> i64 {
    app.call(c, "news_count", &[]).await.expect("a count")
}

async fn news_beside(app: &TestApp, c: &reqwest::Client, viewing: &str) -> i64 {
    app.call(c, "news_count", &[("viewing", viewing)])
        .await
        .expect("a count")
}

async fn mine_is_new(app: &TestApp, c: &reqwest::Client, code: &str) -> bool {
    let page: Page<RequestSummary> = app.call(c, "my_requests", &[]).await.expect("list");
    page.items
        .iter()
        .find(|r| r.tracking_code == code)
        .expect("listed")
        .new_activity
}

async fn queued_is_new(app: &TestApp, c: &reqwest::Client, code: &str) -> bool {
    let page: Page<RequestSummary> = app
        .call(c, "staff_queue", &[("status", "all")])
        .await
        .expect("queue");
    page.items
        .iter()
        .find(|r| r.tracking_code == code)
        .expect("queued")
        .new_activity
}

async fn say(app: &TestApp, c: &reqwest::Client, code: &str, body: &str, mode: &str) {
    let done: Answer<()> = app
        .call(
            c,
            "reply",
            &[("code", code), ("body", body), ("mode", mode)],
        )
        .await;
    assert!(done.is_ok(), "{done:?}");
}

#[tokio::test]
async fn what_changed_since_the_last_look_is_marked_and_counted() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let agent = app.staff().await;
    let code = app
        .file_request(&applicant, "کارت ورود به جلسه دیده نمی‌شود")
        .await;
    assert!(!mine_is_new(&app, &applicant, &code).await, "just filed");
    assert_eq!(news(&app, &applicant).await, 0);
    let first: RequestDetail = app.detail(&applicant, &code).await;

    // An internal note leaves the applicant's view as it was.
    say(
        &app,
        &agent,
        &code,
        "پیش از پاسخ، شماره داوطلبی بررسی شود.",
        "note",
    )
    .await;
    assert!(!mine_is_new(&app, &applicant, &code).await);
    assert_eq!(news(&app, &applicant).await, 0);

    // An answer is new to the applicant until they open the request.
    say(&app, &agent, &code, "کارت شما دوباره صادر شد.", "answer").await;
    assert!(mine_is_new(&app, &applicant, &code).await);
    assert_eq!(news(&app, &applicant).await, 1);
    assert_eq!(
        news_beside(&app, &applicant, &code).await,
        0,
        "the request on screen is not counted"
    );
    let opened: RequestDetail = app.detail(&applicant, &code).await;
    assert!(
        opened.seen_before.is_some_and(|at| at >= first.updated_at),
        "the page knows when they looked before: {:?}",
        opened.seen_before
    );
    assert!(
        opened
            .messages
            .iter()
            .filter(|m| m.created_at > opened.seen_before.unwrap_or(0))
            .count()
            >= 1
    );
    assert!(!mine_is_new(&app, &applicant, &code).await);
    assert_eq!(news(&app, &applicant).await, 0);
    // Reading it again writes nothing and changes nothing.
    let again: RequestDetail = app.detail(&applicant, &code).await;
    assert!(again.seen_before >= opened.seen_before);

    // Staff: an unassigned request opened by nobody is not news to everyone; the applicant's
    // answer is, to the agent who looked before.
    let supervisor = app.login(SUPERVISOR, DEMO_PASSWORD).await;
    assert!(!queued_is_new(&app, &supervisor, &code).await);
    let _ = app.detail(&agent, &code).await;
    assert!(!queued_is_new(&app, &agent, &code).await);
    say(
        &app,
        &applicant,
        &code,
        "کارت را دریافت کردم، ممنون.",
        "answer",
    )
    .await;
    assert!(queued_is_new(&app, &agent, &code).await);
    assert!(
        !mine_is_new(&app, &applicant, &code).await,
        "their own reply"
    );

    // Handed to the agent by their supervisor: counted for the agent's header until they open
    // it (and not for the supervisor, whose own change it is).
    let agent_id = app.user_id(AGENT).await.to_string();
    let assigned: Answer<()> = app
        .call(
            &supervisor,
            "assign_request",
            &[("code", &code), ("assignee", &agent_id)],
        )
        .await;
    assert!(assigned.is_ok(), "{assigned:?}");
    assert_eq!(news(&app, &agent).await, 1);
    let _ = app.detail(&agent, &code).await;
    assert_eq!(news(&app, &agent).await, 0);
    assert_eq!(news(&app, &supervisor).await, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM request_views").await,
        3,
        "one row per person and request"
    );
}

#[tokio::test]
async fn the_count_needs_a_session() {
    let app = spawn_app().await;
    let answer: Answer<i64> = app.call(&app.client(), "news_count", &[]).await;
    assert_eq!(answer.expect_err("no session").0, 401);
}
