//! The SLA reports through the API: each initial result recorded once for the reports, the
//! dashboard's exact figures per type, agent and group, who may see them, the public figures,
//! spreadsheet exports that cannot carry formulas, and versioned policies.

use super::common::*;
use poshtiban::wire::{SlaDashboard, SlaPublic};
use sqlx::Row;

async fn give_initial_result(app: &TestApp, staff: &reqwest::Client, code: &str) {
    let r: Answer<()> = app
        .call(
            staff,
            "reply",
            &[
                ("code", code),
                ("body", "نتیجه اولیه: درخواست بررسی شد"),
                ("mode", "answer"),
                ("initial_result", "on"),
            ],
        )
        .await;
    assert!(r.is_ok(), "initial result: {r:?}");
}

async fn sql(app: &TestApp, statement: String) {
    sqlx::query(sqlx::AssertSqlSafe(statement.clone()))
        .execute(&app.state.db.pool)
        .await
        .unwrap_or_else(|e| panic!("{statement}: {e}"));
}

async fn request_id(app: &TestApp, code: &str) -> i64 {
    sqlx::query("SELECT id FROM requests WHERE tracking_code = $1")
        .bind(code)
        .fetch_one(&app.state.db.pool)
        .await
        .expect("request")
        .try_get("id")
        .expect("id")
}

#[tokio::test]
async fn the_dashboard_reports_exact_figures_per_type_agent_and_group() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let staff = app.staff().await;
    let supervisor = app.login(SUPERVISOR, DEMO_PASSWORD).await;
    let mut codes = Vec::new();
    for subject in [
        "کد تأیید نمی‌رسد",
        "ورود ممکن نیست",
        "پرداخت ثبت نشد",
        "نمره ثبت نشد",
    ] {
        codes.push(app.file_request(&applicant, subject).await);
    }
    for code in &codes[..3] {
        give_initial_result(&app, &staff, code).await;
    }
    // Each initial result is recorded once for the reports, as the request's clock has it.
    assert_eq!(app.count("SELECT COUNT(*) FROM sla_results").await, 3);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM sla_results s JOIN requests r ON r.id = s.request_id \
             WHERE s.elapsed_min = r.ir_elapsed_min AND s.policy_id = r.sla_policy_id \
             AND s.type_id = r.type_id AND r.initial_result_at IS NOT NULL"
        )
        .await,
        3
    );
    // Known working times: 30, 90 and 600 minutes against a 360-minute target (the last one
    // late); one agent gave the first two, the third has nobody; the fourth request waits past
    // its due time.
    let agent = app.user_id(AGENT).await;
    let ids = [
        request_id(&app, &codes[0]).await,
        request_id(&app, &codes[1]).await,
        request_id(&app, &codes[2]).await,
        request_id(&app, &codes[3]).await,
    ];
    for (id, minutes, late, who) in [
        (ids[0], 30, 0, agent.to_string()),
        (ids[1], 90, 0, agent.to_string()),
        (ids[2], 600, 1, "NULL".to_string()),
    ] {
        sql(
            &app,
            format!(
                "UPDATE sla_results SET elapsed_min = {minutes}, breached = {late}, \
                 agent_id = {who} WHERE request_id = {id}"
            ),
        )
        .await;
    }
    sql(
        &app,
        format!(
            "UPDATE requests SET ir_state = 'breached', ir_due_at = 1000, assignee_id = {agent} \
             WHERE id = {}",
            ids[3]
        ),
    )
    .await;

    let d: SlaDashboard = app
        .call(&supervisor, "sla_dashboard", &[])
        .await
        .expect("the dashboard");
    let this_month = d
        .by_type_month
        .iter()
        .find(|r| r.month == d.month && r.figures.results == 3)
        .unwrap_or_else(|| panic!("this month's row: {:?}", d.by_type_month));
    let f = &this_month.figures;
    assert_eq!(f.results, 3);
    assert_eq!(f.waiting, 1);
    assert_eq!(f.avg_min, Some(240));
    assert_eq!(f.median_min, Some(90), "nearest rank: the 2nd of 3");
    assert_eq!(f.p90_min, Some(600), "nearest rank: the 3rd of 3");
    assert_eq!(f.within, 2);
    assert_eq!(f.within_percent(), Some(67));
    assert_eq!(
        f.breaches, 2,
        "one late result and one request waiting past due"
    );
    assert_eq!(this_month.policy_version, 1);
    assert_eq!(this_month.target_min, 360);

    let by_agent = d
        .agents
        .iter()
        .find(|a| a.id == Some(agent))
        .expect("the agent's row");
    assert_eq!(by_agent.figures.results, 2);
    assert_eq!(by_agent.figures.median_min, Some(30));
    assert_eq!(by_agent.figures.p90_min, Some(90));
    assert_eq!(
        by_agent.now.breached, 1,
        "the waiting request is the agent's"
    );
    let nobody = d
        .agents
        .iter()
        .find(|a| a.id.is_none())
        .expect("unassigned");
    assert_eq!(nobody.figures.results, 1);
    assert_eq!(nobody.figures.breaches, 1);
    assert_eq!(d.total_now.breached, 1);
    assert!(d.total_now.open >= 1);
    let groups_results: i64 = d.groups.iter().map(|g| g.figures.results).sum();
    assert_eq!(groups_results, 3);
    // Charts come drawn: one for the share within target, one per type with data.
    assert!(d.charts.len() >= 2);
    assert!(d.charts.iter().all(|c| c.svg.starts_with("<svg")));

    // The public page says the same, without percentiles and without a login.
    let public: SlaPublic = app
        .call(&app.client(), "sla_public", &[])
        .await
        .expect("public figures");
    let row = public
        .types
        .iter()
        .flat_map(|t| t.months.last())
        .find(|m| m.results == 3)
        .expect("this month's public figures");
    assert_eq!(row.avg_min, Some(240));
    assert_eq!(row.within, 2);
    assert_eq!(row.median_min, None);
    assert!(public.types.iter().all(|t| t.target_min > 0));
}

#[tokio::test]
async fn only_supervisors_and_admins_see_the_dashboard_and_its_exports() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let agent = app.login(AGENT, DEMO_PASSWORD).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let anonymous = app.client();
    for (who, client) in [
        ("anonymous", &anonymous),
        ("applicant", &applicant),
        ("agent", &agent),
    ] {
        let r: Answer<SlaDashboard> = app.call(client, "sla_dashboard", &[]).await;
        let (status, _) = r.expect_err(who);
        assert!(status == 401 || status == 403, "{who}: {status}");
        for file in ["export.csv", "export.xlsx"] {
            let res = client
                .get(format!("{}/staff/sla/{file}", app.base))
                .send()
                .await
                .expect("answer");
            assert!(
                !res.status().is_success(),
                "{who} must not download {file}: {}",
                res.status()
            );
        }
    }
    let d: Answer<SlaDashboard> = app.call(&admin, "sla_dashboard", &[]).await;
    assert!(d.is_ok());
    let res = admin
        .get(format!("{}/staff/sla/export.xlsx", app.base))
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .expect("ascii")
            .starts_with("attachment")
    );
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    // Another file name is not an export.
    let res = admin
        .get(format!("{}/staff/sla/export.html", app.base))
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn exports_never_carry_a_formula() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let supervisor = app.login(SUPERVISOR, DEMO_PASSWORD).await;
    // An admin names a type like a formula (titles are free text).
    sql(
        &app,
        "UPDATE request_types SET title = '=HYPERLINK(\"http://evil.example\",\"x\")' WHERE id = 1"
            .to_string(),
    )
    .await;
    app.file_request(&applicant, "درخواستی برای گزارش").await;
    let csv = supervisor
        .get(format!("{}/staff/sla/export.csv", app.base))
        .send()
        .await
        .expect("csv");
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/csv")
    );
    let body = csv.text().await.expect("text");
    assert!(
        body.starts_with('\u{feff}'),
        "a BOM, so Excel reads Persian"
    );
    assert!(
        body.contains("'=HYPERLINK"),
        "the formula is defused: {body}"
    );
    assert!(!body.contains(",=HYPERLINK") && !body.contains("\"=HYPERLINK"));

    let xlsx = supervisor
        .get(format!("{}/staff/sla/export.xlsx", app.base))
        .send()
        .await
        .expect("xlsx")
        .bytes()
        .await
        .expect("bytes");
    assert!(xlsx.starts_with(b"PK"), "a ZIP package");
    // Read as a spreadsheet program reads it.
    let book = Workbook::read(&xlsx);
    use calamine::Data;
    use poshtiban::copy;
    assert_eq!(
        book.names(),
        [
            copy::SLA_SHEET_TYPES,
            copy::SLA_SHEET_AGENTS,
            copy::SLA_SHEET_GROUPS,
            copy::SLA_SHEET_CALLS,
            copy::SLA_SHEET_DISPUTES
        ]
    );
    assert!(
        book.formulas.is_empty(),
        "no formula cells: {:?}",
        book.formulas
    );
    let header = |cells: Vec<&str>| -> Vec<Data> {
        cells.into_iter().map(|h| Data::String(h.into())).collect()
    };
    let types = book.sheet(copy::SLA_SHEET_TYPES);
    assert_eq!(
        types[0],
        header(
            copy::SLA_EXPORT_TYPE_HEAD
                .into_iter()
                .chain(copy::SLA_EXPORT_FIGURES)
                .collect()
        )
    );
    for sheet in [copy::SLA_SHEET_AGENTS, copy::SLA_SHEET_GROUPS] {
        assert_eq!(
            book.sheet(sheet)[0],
            header(
                [copy::SLA_EXPORT_NAME]
                    .into_iter()
                    .chain(copy::SLA_EXPORT_FIGURES)
                    .chain(copy::SLA_EXPORT_NOW)
                    .collect()
            ),
            "{sheet}"
        );
    }
    // The dashboard's row of the type, cell by cell: the formula-like title is inert text,
    // the Persian month a string, the figures numbers (an absent average an empty cell).
    let d: SlaDashboard = app
        .call(&supervisor, "sla_dashboard", &[])
        .await
        .expect("dashboard");
    let row = d
        .by_type_month
        .iter()
        .find(|r| r.type_id == 1)
        .expect("the type's row");
    let title = "=HYPERLINK(\"http://evil.example\",\"x\")";
    assert_eq!(row.type_title, title);
    assert_eq!(
        row.figures.waiting, 1,
        "the request filed waits for its result"
    );
    let cells = types
        .iter()
        .find(|r| r.get(1) == Some(&Data::String(title.into())))
        .expect("the title, as the text typed");
    let n = |v: i64| Data::Float(v as f64);
    assert_eq!(
        cells[..6],
        [
            Data::String(row.month_label.clone()),
            Data::String(title.into()),
            n(row.policy_version),
            n(row.target_min),
            n(0),
            n(1),
        ]
    );
    assert!(
        row.month_label
            .chars()
            .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
        "a Persian month: {}",
        row.month_label
    );
    assert_eq!(
        cells.get(6).unwrap_or(&Data::Empty),
        &Data::Empty,
        "no average yet"
    );
}

#[tokio::test]
async fn a_policy_change_is_a_new_version_and_filed_requests_keep_theirs() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let staff = app.staff().await;
    let before = app.file_request(&applicant, "پیش از تغییر").await;
    let versions = || app.count("SELECT COUNT(*) FROM sla_policies WHERE type_id = 1");
    let v0 = versions().await;

    // Four working hours for the initial result, 24 for resolution, warning at 80 %.
    let policy = [
        ("type_id", "1"),
        ("unit", "hours"),
        ("initial", "۴"),
        ("resolution", "24"),
        ("warn_percent", "80"),
    ];
    let made: Answer<bool> = app.call(&admin, "save_policy", &policy).await;
    assert!(made.expect("saved"), "a new version");
    assert_eq!(versions().await, v0 + 1);
    // The same again changes nothing.
    let again: Answer<bool> = app.call(&admin, "save_policy", &policy).await;
    assert!(!again.expect("saved"), "nothing to change");
    assert_eq!(versions().await, v0 + 1);
    // Bad input is refused in Persian and changes nothing.
    let bad: Answer<bool> = app
        .call(
            &admin,
            "save_policy",
            &[
                ("type_id", "1"),
                ("unit", "hours"),
                ("initial", "10"),
                ("resolution", "2"),
                ("warn_percent", "80"),
            ],
        )
        .await;
    let (status, err) = bad.expect_err("resolution shorter than initial");
    assert_eq!(status, 422);
    assert!(err.to_string().contains("هدف"), "{err}");
    assert_eq!(versions().await, v0 + 1);
    // Agents may not change policies.
    let denied: Answer<bool> = app.call(&staff, "save_policy", &policy).await;
    assert!(denied.is_err());

    let after = app.file_request(&applicant, "پس از تغییر").await;
    let old = app.detail(&staff, &before).await.sla.expect("sla");
    let new = app.detail(&staff, &after).await.sla.expect("sla");
    assert_eq!(old.initial.target_min, 360, "filed under version 1");
    assert_eq!(new.initial.target_min, 240);
    assert_eq!(new.resolution.expect("resolution").target_min, 1440);
    // The catalogue's "initial result in N working days" follows the policy.
    assert_eq!(
        app.count("SELECT initial_result_days FROM request_types WHERE id = 1")
            .await,
        1
    );
    let t: poshtiban::wire::TypeAdmin = app
        .call(&admin, "admin_type", &[("type_id", "1")])
        .await
        .expect("type");
    assert_eq!(t.policies.len() as i64, v0 + 1);
    assert_eq!(t.policies[0].unit, "hours");
    assert_eq!(t.policies[0].warn_percent, 80);
}

#[tokio::test]
async fn clocks_of_a_request_awaiting_payment_start_at_the_payment() {
    let app = spawn_app().await;
    let applicant = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&applicant, "درخواست با هزینه").await;
    let filed = app.detail(&applicant, &code).await.sla.expect("sla");
    let id = request_id(&app, &code).await;
    // As a fee-bearing request looks before its payment is confirmed.
    sql(
        &app,
        format!(
            "UPDATE requests SET clock_start_at = NULL, ir_state = NULL, ir_due_at = NULL, \
             res_state = NULL, res_due_at = NULL WHERE id = {id}"
        ),
    )
    .await;
    assert!(app.detail(&applicant, &code).await.sla.is_none());
    // The payment was confirmed two days ago: the clock counts from then.
    let paid = app.state.db.now_ms() - 2 * 86_400_000;
    let mut w = app.state.db.begin_write().await.expect("tx");
    let clocks = poshtiban::server::sla::clocks::start_clocks(&mut w.tx, &app.state, id, paid)
        .await
        .expect("start")
        .expect("clocks");
    w.commit().await.expect("commit");
    let expected = app
        .state
        .calendars
        .get()
        .for_group(None)
        .add_working(paid, filed.initial.target_min * 60_000);
    let due = clocks.initial.due_at.expect("due");
    assert_eq!(Some(due), expected, "one working day after the payment");
    let shown = app
        .detail(&applicant, &code)
        .await
        .sla
        .expect("sla after payment");
    assert_eq!(shown.initial.due_at, Some(due));
}
