//! Staff tools: canned responses with variables, tags, saved filters, presence and bulk actions.

use super::common::*;
use poshtiban::domain::history::HistoryKind;
use poshtiban::wire::{CannedDto, Page, PresenceDto, RequestSummary, SavedFilterDto};

#[tokio::test]
async fn canned_responses_fill_in_the_request_and_are_for_staff_only() {
    let app = spawn_app().await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let agent = app.staff().await;
    let supervisor = app.login(SUPERVISOR, DEMO_PASSWORD).await;
    let code = app.file_request(&student, "کد تأیید نمی‌رسد").await;

    let saved: Answer<()> = app
        .call(
            &supervisor,
            "save_canned",
            &[
                ("title", "پیگیری"),
                (
                    "body",
                    "{نام متقاضی} گرامی، درخواست {کد رهگیری} در {تاریخ} پیگیری شد.",
                ),
            ],
        )
        .await;
    assert!(saved.is_ok(), "{saved:?}");
    let empty: Answer<()> = app
        .call(&supervisor, "save_canned", &[("title", ""), ("body", "x")])
        .await;
    assert_eq!(empty.expect_err("title").0, 422);
    let by_agent: Answer<()> = app
        .call(&agent, "save_canned", &[("title", "x"), ("body", "y")])
        .await;
    assert_eq!(by_agent.expect_err("supervisors only").0, 403);

    let list: Vec<CannedDto> = app
        .call(&agent, "canned_responses", &[])
        .await
        .expect("list");
    let mine = list
        .iter()
        .find(|c| c.title == "پیگیری")
        .expect("saved one");
    let id = mine.id.to_string();
    let text: String = app
        .call(
            &agent,
            "render_canned",
            &[("code", &code), ("canned_id", &id)],
        )
        .await
        .expect("rendered");
    let shown = poshtiban::domain::tracking::parse(&code)
        .expect("code")
        .display_fa();
    assert!(text.starts_with("زهرا احمدی گرامی، درخواست "), "{text}");
    assert!(text.contains(&shown), "{text}");
    assert!(!text.contains('{'), "{text}");

    let r: Answer<Vec<CannedDto>> = app.call(&student, "canned_responses", &[]).await;
    assert_eq!(r.expect_err("staff only").0, 403);
    let r: Answer<String> = app
        .call(
            &student,
            "render_canned",
            &[("code", &code), ("canned_id", &id)],
        )
        .await;
    assert_eq!(r.expect_err("staff only").0, 403);

    let retired: Answer<()> = app
        .call(
            &supervisor,
            "save_canned",
            &[("canned_id", &id), ("op", "retire")],
        )
        .await;
    assert!(retired.is_ok());
    let list: Vec<CannedDto> = app
        .call(&agent, "canned_responses", &[])
        .await
        .expect("list");
    assert!(list.iter().all(|c| c.title != "پیگیری"));
}

#[tokio::test]
async fn tags_are_one_per_spelling_filter_the_queue_and_stay_internal() {
    let app = spawn_app().await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let agent = app.staff().await;
    let a = app.file_request(&student, "کد تأیید نمی‌رسد").await;
    let b = app.file_request(&student, "پرداخت ثبت نشده").await;
    for (code, tag) in [(&a, "پیامک ایرانسل"), (&b, "پيامك ايرانسل")] {
        let r: Answer<()> = app
            .call(
                &agent,
                "tag_request",
                &[("code", code), ("tag", tag), ("op", "add")],
            )
            .await;
        assert!(r.is_ok(), "{r:?}");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM tags").await,
        1,
        "one tag for both spellings"
    );
    let tagged: Page<RequestSummary> = app
        .call(&agent, "staff_queue", &[("tag", "پیامک ایرانسل")])
        .await
        .expect("queue");
    assert_eq!(tagged.items.len(), 2);
    let d = app.detail(&agent, &a).await;
    assert_eq!(
        d.staff.expect("staff").tags,
        vec!["پیامک ایرانسل".to_string()]
    );
    let mine = app.detail(&student, &a).await;
    assert!(mine.history.iter().all(|h| h.kind != HistoryKind::TagAdded));
    let r: Answer<()> = app
        .call(
            &agent,
            "tag_request",
            &[("code", &a), ("tag", "پيامك ايرانسل"), ("op", "remove")],
        )
        .await;
    assert!(r.is_ok());
    let tagged: Page<RequestSummary> = app
        .call(&agent, "staff_queue", &[("tag", "پیامک ایرانسل")])
        .await
        .expect("queue");
    assert_eq!(tagged.items.len(), 1);
    let r: Answer<()> = app
        .call(
            &student,
            "tag_request",
            &[("code", &a), ("tag", "x"), ("op", "add")],
        )
        .await;
    assert_eq!(r.expect_err("staff only").0, 403);
}

#[tokio::test]
async fn saved_filters_belong_to_their_owner() {
    let app = spawn_app().await;
    let agent = app.staff().await;
    let supervisor = app.login(SUPERVISOR, DEMO_PASSWORD).await;
    let r: Answer<()> = app
        .call(
            &agent,
            "save_filter",
            &[
                ("name", "فوری‌های من"),
                ("query", "assignee=me&priority=3&after=99&x=1"),
            ],
        )
        .await;
    assert!(r.is_ok(), "{r:?}");
    let mine: Vec<SavedFilterDto> = app.call(&agent, "saved_filters", &[]).await.expect("list");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].query, "assignee=me&priority=3");
    let theirs: Vec<SavedFilterDto> = app
        .call(&supervisor, "saved_filters", &[])
        .await
        .expect("list");
    assert!(theirs.is_empty());
    let id = mine[0].id.to_string();
    let r: Answer<()> = app
        .call(
            &supervisor,
            "save_filter",
            &[("filter_id", &id), ("op", "delete")],
        )
        .await;
    assert!(r.is_ok());
    let mine: Vec<SavedFilterDto> = app.call(&agent, "saved_filters", &[]).await.expect("list");
    assert_eq!(mine.len(), 1, "another's delete removes nothing");
    let r: Answer<()> = app
        .call(
            &agent,
            "save_filter",
            &[("filter_id", &id), ("op", "delete")],
        )
        .await;
    assert!(r.is_ok());
    let mine: Vec<SavedFilterDto> = app.call(&agent, "saved_filters", &[]).await.expect("list");
    assert!(mine.is_empty());
}

#[tokio::test]
async fn staff_see_who_else_has_a_request_open() {
    let app = spawn_app().await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let agent = app.staff().await;
    let supervisor = app.login(SUPERVISOR, DEMO_PASSWORD).await;
    let code = app.file_request(&student, "کد تأیید نمی‌رسد").await;
    let alone: Vec<PresenceDto> = app
        .call(&agent, "presence", &[("code", &code)])
        .await
        .expect("beat");
    assert!(alone.is_empty());
    let both: Vec<PresenceDto> = app
        .call(&supervisor, "presence", &[("code", &code)])
        .await
        .expect("beat");
    assert_eq!(
        both.iter()
            .map(|p| p.full_name.as_str())
            .collect::<Vec<_>>(),
        vec!["مریم کریمی"]
    );
    let back: Vec<PresenceDto> = app
        .call(&agent, "presence", &[("code", &code)])
        .await
        .expect("beat");
    assert_eq!(
        back.iter()
            .map(|p| p.full_name.as_str())
            .collect::<Vec<_>>(),
        vec!["حسین موسوی"]
    );
    let _: Vec<PresenceDto> = app
        .call(&supervisor, "presence", &[("code", &code), ("leave", "1")])
        .await
        .expect("leave");
    let alone: Vec<PresenceDto> = app
        .call(&agent, "presence", &[("code", &code)])
        .await
        .expect("beat");
    assert!(alone.is_empty());
    let r: Answer<Vec<PresenceDto>> = app.call(&student, "presence", &[("code", &code)]).await;
    assert_eq!(r.expect_err("staff only").0, 403);
}

#[tokio::test]
async fn bulk_actions_change_each_ticked_request() {
    let app = spawn_app().await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let agent = app.staff().await;
    let a = app.file_request(&student, "درخواست اول").await;
    let b = app.file_request(&student, "درخواست دوم").await;
    let (ka, kb) = (format!("code_{a}"), format!("code_{b}"));
    let n: Answer<usize> = app
        .call(
            &agent,
            "bulk_action",
            &[
                (&ka, "on"),
                (&kb, "on"),
                ("action", "assign"),
                ("assignee", "me"),
            ],
        )
        .await;
    assert_eq!(n.expect("assigned"), 2);
    let mine: Page<RequestSummary> = app
        .call(&agent, "staff_queue", &[("assignee", "me")])
        .await
        .expect("q");
    assert_eq!(mine.items.len(), 2);
    let n: Answer<usize> = app
        .call(&agent, "bulk_action", &[(&ka, "on"), ("action", "close")])
        .await;
    assert_eq!(n.expect("closed"), 1);
    assert_eq!(
        app.detail(&student, &a).await.status,
        poshtiban::domain::request_status::RequestStatus::Closed
    );
    let none: Answer<usize> = app
        .call(&agent, "bulk_action", &[("action", "close")])
        .await;
    assert_eq!(none.expect_err("nothing ticked").0, 422);
    let r: Answer<usize> = app
        .call(&student, "bulk_action", &[(&kb, "on"), ("action", "close")])
        .await;
    assert_eq!(r.expect_err("staff only").0, 403);
}

/// The text of the reply box on a page.
fn reply_box(html: &str) -> String {
    let start = html.find("<textarea id=\"body\"").expect("the reply box");
    let open = start + html[start..].find('>').expect("the box's tag ends") + 1;
    html[open..open + html[open..].find("</textarea>").expect("closed")].to_string()
}

#[tokio::test]
async fn without_javascript_a_canned_response_comes_back_in_the_reply_box_and_only_once() {
    let app = spawn_app().await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let agent = app.staff().await;
    let code = app.file_request(&student, "کد تأیید نمی‌رسد").await;
    let list: Vec<CannedDto> = app
        .call(&agent, "canned_responses", &[])
        .await
        .expect("list");
    // The demo response that names the request's tracking code.
    let id = list
        .iter()
        .find(|c| c.title == "دریافت درخواست و بررسی")
        .expect("the demo canned responses")
        .id;
    // The reply form, posted by its «درج» button as a browser without JavaScript does.
    let form = reqwest::multipart::Form::new()
        .text("code", code.clone())
        .text("seen", "0")
        .text("mode", "ask")
        .text("canned", id.to_string())
        .text("body", "سلام <b>")
        .part(
            "files",
            reqwest::multipart::Part::bytes(Vec::new()).file_name(""),
        );
    let res = agent
        .post(format!("{}/api/insert_canned", app.base))
        .header("accept", "text/html")
        .header("referer", format!("{}/staff/requests/{code}", app.base))
        .multipart(form)
        .send()
        .await
        .expect("answer");
    assert!(res.status().is_redirection(), "{}", res.status());
    let location = res.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_string();
    // The draft is kept server-side, never in the address.
    assert_eq!(location, format!("/staff/requests/{code}"));
    let page = || app.page(&agent, &location);
    let html = page().await;
    let boxed = reply_box(&html);
    assert!(
        boxed.contains("سلام &lt;b&gt;"),
        "what was typed stays, escaped: {boxed}"
    );
    assert!(
        boxed.contains("زهرا احمدی گرامی"),
        "the canned text is filled in: {boxed}"
    );
    // The tracking code inside it is isolated, so it keeps its order in the sentence.
    assert!(
        boxed.contains('\u{2066}') && boxed.contains('\u{2069}'),
        "{boxed}"
    );
    // The reply type chosen before comes back ticked.
    assert!(
        html.contains("value=\"ask\" checked") || html.contains("checked value=\"ask\""),
        "the chosen reply type is ticked"
    );
    // Shown once: the page asked for again starts empty.
    assert_eq!(reply_box(&page().await), "");
}

#[tokio::test]
async fn staff_mark_themselves_away_from_automatic_assignment() {
    let app = spawn_app().await;
    let agent = app.staff().await;
    let away: Answer<()> = app
        .call(&agent, "set_available", &[("available", "0")])
        .await;
    assert!(away.is_ok(), "{away:?}");
    let dir: poshtiban::wire::StaffDirectory = app
        .call(&agent, "staff_directory", &[])
        .await
        .expect("directory");
    let me = dir
        .members
        .iter()
        .find(|m| m.full_name == "مریم کریمی")
        .expect("agent");
    assert!(!me.available);
    let back: Answer<()> = app
        .call(&agent, "set_available", &[("available", "1")])
        .await;
    assert!(back.is_ok());
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let r: Answer<()> = app
        .call(&student, "set_available", &[("available", "0")])
        .await;
    assert_eq!(r.expect_err("staff only").0, 403);
}

#[tokio::test]
async fn the_queue_views_count_what_they_hold_and_the_filters_what_they_find() {
    use poshtiban::wire::QueueCounts;
    let app = spawn_app().await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let agent = app.staff().await;
    let counts = |queue: &'static str| {
        let (app, agent) = (&app, &agent);
        async move {
            let c: QueueCounts = app
                .call(agent, "queue_counts", &[("queue", queue)])
                .await
                .expect("counts");
            c
        }
    };
    let before = counts("").await;

    let first = app.file_request(&student, "نمای صف یک").await;
    let second = app.file_request(&student, "نمای صف دو").await;
    let third = app.file_request(&student, "نمای صف سه").await;
    let taken: Answer<()> = app
        .call(
            &agent,
            "assign_request",
            &[("code", &first), ("assignee", "me")],
        )
        .await;
    assert!(taken.is_ok(), "{taken:?}");
    app.exec("UPDATE requests SET ir_state = 'breached' WHERE subject = 'نمای صف سه'")
        .await;
    app.exec("UPDATE requests SET res_state = 'at_risk' WHERE subject = 'نمای صف دو'")
        .await;

    let after = counts("").await;
    let v = (after.views, before.views);
    assert_eq!(v.0.open, v.1.open + 3);
    assert_eq!(v.0.mine, v.1.mine + 1);
    assert_eq!(v.0.unassigned, v.1.unassigned + 2);
    assert_eq!(v.0.breached, v.1.breached + 1);
    assert_eq!(v.0.at_risk, v.1.at_risk + 1);
    assert_eq!(v.0.waiting, v.1.waiting);
    // With no filter the result count is every open request.
    assert_eq!(after.matching, after.views.open);
    assert_eq!(after.cap, 10_000);

    // Each view is a filter of the list, and its count is what the list holds.
    let breached = counts("sla=breached").await;
    assert_eq!(breached.matching, after.views.breached);
    let list: Page<RequestSummary> = app
        .call(&agent, "staff_queue", &[("sla", "breached")])
        .await
        .expect("the breached view");
    assert!(list.items.iter().any(|r| r.tracking_code == third));
    assert_eq!(
        list.items.len() as i64,
        breached
            .matching
            .min(poshtiban::server::requests::PAGE_SIZE)
    );
    let mine = counts("assignee=me").await;
    assert_eq!(mine.matching, after.views.mine);

    // Newest first: the last filed leads.
    let newest: Page<RequestSummary> = app
        .call(&agent, "staff_queue", &[("sort", "newest")])
        .await
        .expect("newest first");
    assert_eq!(
        newest.items.first().map(|r| r.tracking_code.as_str()),
        Some(third.as_str())
    );
    let oldest: Page<RequestSummary> = app
        .call(&agent, "staff_queue", &[])
        .await
        .expect("oldest first");
    assert_ne!(
        oldest.items.first().map(|r| r.tracking_code.as_str()),
        Some(third.as_str())
    );

    // The request page steps through the list it came from, in its order.
    let steps = |queue: &'static str| {
        let (app, agent, second) = (&app, &agent, second.clone());
        async move {
            let n: poshtiban::wire::Neighbours = app
                .call(
                    agent,
                    "queue_neighbours",
                    &[("code", second.as_str()), ("queue", queue)],
                )
                .await
                .expect("neighbours");
            (n.previous, n.next)
        }
    };
    assert_eq!(steps("").await, (Some(first.clone()), Some(third.clone())));
    assert_eq!(
        steps("sort=newest").await,
        (Some(third.clone()), Some(first.clone()))
    );
    assert_eq!(
        steps("q=%D9%86%D9%85%D8%A7%DB%8C+%D8%B5%D9%81").await,
        (Some(third.clone()), Some(first.clone())),
        "a search lists newest first"
    );
    let theirs: Answer<poshtiban::wire::Neighbours> = app
        .call(&student, "queue_neighbours", &[("code", second.as_str())])
        .await;
    assert_eq!(theirs.expect_err("staff only").0, 403);

    // A view that does not exist is refused, and applicants count nothing.
    let bad: Answer<QueueCounts> = app
        .call(&agent, "queue_counts", &[("queue", "sla=soon")])
        .await;
    assert_eq!(bad.expect_err("no such view").0, 422);
    let bad: Answer<Page<RequestSummary>> =
        app.call(&agent, "staff_queue", &[("sla", "soon")]).await;
    assert_eq!(bad.expect_err("no such view").0, 422);
    let theirs: Answer<QueueCounts> = app.call(&student, "queue_counts", &[]).await;
    assert_eq!(theirs.expect_err("staff only").0, 403);
}

#[tokio::test]
async fn the_properties_form_saves_what_changed_and_a_refused_value_changes_nothing() {
    let app = spawn_app().await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let agent = app.staff().await;
    let code = app.file_request(&student, "ویژگی‌ها در یک فرم").await;
    let other = app.file_request(&student, "درخواست دیگر همان متقاضی").await;
    let agent_id = app.user_id(AGENT).await.to_string();
    let groups: poshtiban::wire::StaffDirectory = app
        .call(&agent, "staff_directory", &[])
        .await
        .expect("directory");
    let group = groups
        .groups
        .iter()
        .find(|g| g.active)
        .expect("a demo group")
        .id
        .to_string();

    // Without JavaScript all three come at once; each changed one is applied and recorded.
    let saved: Answer<()> = app
        .call(
            &agent,
            "update_properties",
            &[
                ("code", &code),
                ("assignee", "me"),
                ("priority", "2"),
                ("group_id", &group),
            ],
        )
        .await;
    assert!(saved.is_ok(), "{saved:?}");
    let d = app.detail(&agent, &code).await;
    let s = d.staff.as_ref().expect("the staff view");
    assert_eq!(s.assignee_id.map(|i| i.to_string()), Some(agent_id.clone()));
    assert_eq!(s.priority.as_i64(), 2);
    assert_eq!(s.group_id.map(|g| g.to_string()), Some(group.clone()));
    let recorded = d
        .history
        .iter()
        .filter(|h| {
            matches!(
                h.kind,
                HistoryKind::Assigned | HistoryKind::Priority | HistoryKind::Transferred
            )
        })
        .count();
    assert_eq!(recorded, 3, "{:?}", d.history);

    // The same form again, nothing changed: nothing recorded.
    let again: Answer<()> = app
        .call(
            &agent,
            "update_properties",
            &[
                ("code", &code),
                ("assignee", &agent_id),
                ("priority", "2"),
                ("group_id", &group),
            ],
        )
        .await;
    assert!(again.is_ok(), "{again:?}");
    assert_eq!(
        app.detail(&agent, &code).await.history.len(),
        d.history.len()
    );

    // A bad value anywhere refuses the whole form before anything changes.
    for (field, bad) in [
        ("priority", "9"),
        ("group_id", "999999"),
        ("assignee", "999999"),
    ] {
        let mut form = vec![("code", code.as_str()), ("priority", "0"), ("assignee", "")];
        form.retain(|(k, _)| *k != field);
        form.push((field, bad));
        let refused: Answer<()> = app.call(&agent, "update_properties", &form).await;
        assert_eq!(refused.expect_err(field).0, 422, "{field}");
        let now = app.detail(&agent, &code).await;
        let s = now.staff.as_ref().expect("the staff view");
        assert_eq!(s.priority.as_i64(), 2, "{field}: the priority stays");
        assert_eq!(
            s.assignee_id.map(|i| i.to_string()),
            Some(agent_id.clone()),
            "{field}"
        );
    }

    // Applicants may not use it; staff see the applicant's other requests beside this one.
    let theirs: Answer<()> = app
        .call(
            &student,
            "update_properties",
            &[("code", &code), ("priority", "0")],
        )
        .await;
    assert_eq!(theirs.expect_err("staff only").0, 403);
    let others: Vec<RequestSummary> = app
        .call(&agent, "applicant_requests", &[("code", &code)])
        .await
        .expect("the other requests");
    assert!(others.iter().any(|r| r.tracking_code == other));
    assert!(others.iter().all(|r| r.tracking_code != code));
    let theirs: Answer<Vec<RequestSummary>> = app
        .call(&student, "applicant_requests", &[("code", &code)])
        .await;
    assert_eq!(theirs.expect_err("staff only").0, 403);
}
