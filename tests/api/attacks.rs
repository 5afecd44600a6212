//! The attacks that hit other help desks (Zammad, OTRS/Znuny, osTicket, FreeScout, RT, GLPI, Jira
//! Service Management, Zendesk), one test per class, each named after it. Run on SQLite and
//! PostgreSQL.

use super::common::*;
use super::security::{HOSTILE, assert_inert, parsed_page};
use poshtiban::wire::{Me, Page, RequestDetail, RequestSummary};

/// Markup short enough for any length-limited field (titles, names, subjects, tags).
const SHORT: &str = "</title><img id=\"pwned-img\" src=\"x\"><script id=\"pwned-script\">";

fn pairs<'a>(v: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn class_list_and_count_endpoints_leaking_across_applicants_and_roles() {
    let app = spawn_app().await;
    let mine = app.login(STUDENT, DEMO_PASSWORD).await;
    let theirs = app.login(GRADUATE, DEMO_PASSWORD).await;
    let my_code = app.file_request(&mine, "درخواست خودم دربارهٔ کارنامه").await;
    let their_code = app.file_request(&theirs, "درخواست دیگری دربارهٔ وام").await;
    for (q, status) in [
        ("", "all"),
        ("وام", "all"),
        (their_code.as_str(), "all"),
        ("", "open"),
    ] {
        let page: Page<RequestSummary> = app
            .call(&mine, "my_requests", &[("q", q), ("status", status)])
            .await
            .expect("my list");
        assert!(
            page.items.iter().all(|r| r.tracking_code == my_code),
            "{q:?}/{status}: {page:?}"
        );
    }
    // Staff lists, directories and reports are not for applicants, whatever they ask.
    for endpoint in [
        "staff_queue",
        "staff_directory",
        "canned_responses",
        "saved_filters",
        "sla_dashboard",
        "admin_types",
        "staff_admin",
        "all_canned_responses",
    ] {
        let r: Answer<serde_json::Value> = app.call(&mine, endpoint, &[]).await;
        assert_eq!(r.expect_err(endpoint).0, 403, "{endpoint}");
    }
    // The public figures carry no request's words.
    let public = app
        .client()
        .post(format!("{}/api/sla_public", app.base))
        .header("accept", "application/json")
        .send()
        .await
        .expect("answer")
        .text()
        .await
        .expect("body");
    assert!(!public.contains("کارنامه") && !public.contains(&my_code));
}

#[tokio::test]
async fn class_foreign_ids_in_body_and_query_fields_mass_assignment() {
    let app = spawn_app().await;
    let mine = app.login(STUDENT, DEMO_PASSWORD).await;
    let theirs = app.login(GRADUATE, DEMO_PASSWORD).await;
    let their_code = app.file_request(&theirs, "درخواست متقاضی دیگر").await;
    let graduate = app.user_id(GRADUATE).await.to_string();
    let agent = app.user_id(AGENT).await.to_string();
    // Filing with fields that are not the form's: owner, status, group, assignee, priority.
    let fields = vec![
        ("type_id", "1".to_string()),
        ("subject", "درخواست با فیلدهای اضافه".to_string()),
        ("description", "متن درخواست".to_string()),
        ("applicant_id", graduate.clone()),
        ("status", "closed".to_string()),
        ("group_id", "2".to_string()),
        ("assignee_id", agent.clone()),
        ("priority", "3".to_string()),
        ("tracking_code", their_code.clone()),
    ];
    let code: String = app
        .call(&mine, "create_request", &pairs(&fields))
        .await
        .expect("filed");
    let filed = app.detail(&mine, &code).await;
    assert_eq!(
        filed.status,
        poshtiban::domain::request_status::RequestStatus::New
    );
    assert_ne!(code, their_code);
    let owner: i64 =
        sqlx::query_scalar("SELECT applicant_id FROM requests WHERE tracking_code = $1")
            .bind(&code)
            .fetch_one(&app.state.db.pool)
            .await
            .expect("owner");
    assert_eq!(owner, app.user_id(STUDENT).await);
    let assignee: Option<i64> =
        sqlx::query_scalar("SELECT assignee_id FROM requests WHERE tracking_code = $1")
            .bind(&code)
            .fetch_one(&app.state.db.pool)
            .await
            .expect("assignee");
    assert_eq!(assignee, None);
    // Another applicant's request named in any field: "not found", and nothing changes.
    for (endpoint, form) in [
        ("get_request", vec![("code", their_code.as_str())]),
        ("close_request", vec![("code", their_code.as_str())]),
        ("reopen_request", vec![("code", their_code.as_str())]),
        (
            "rate_request",
            vec![("code", their_code.as_str()), ("stars", "1")],
        ),
    ] {
        let r: Answer<serde_json::Value> = app.call(&mine, endpoint, &form).await;
        assert_eq!(r.expect_err(endpoint).0, 404, "{endpoint}");
    }
    let replied: Answer<()> = app
        .call(
            &mine,
            "reply",
            &[("code", &their_code), ("body", "پیام ناخواسته")],
        )
        .await;
    assert_eq!(replied.expect_err("not theirs").0, 404);
    // Settings change the caller's own account, whatever id is sent along.
    let saved: Answer<()> = app
        .call(
            &mine,
            "save_notification_settings",
            &[
                ("email", "me@example.ir"),
                ("user_id", &graduate),
                ("id", &graduate),
            ],
        )
        .await;
    assert!(saved.is_ok());
    let their_email: Option<String> = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(graduate.parse::<i64>().expect("id"))
        .fetch_one(&app.state.db.pool)
        .await
        .expect("email");
    assert_eq!(their_email, None);
    // Staff cannot hand a request to an applicant.
    let staff = app.staff().await;
    let to_applicant: Answer<()> = app
        .call(
            &staff,
            "assign_request",
            &[("code", &their_code), ("assignee", &graduate)],
        )
        .await;
    assert!(to_applicant.is_err());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM messages WHERE body = 'پیام ناخواسته'")
            .await,
        0
    );
}

#[tokio::test]
async fn class_stored_xss_through_text_file_names_form_answers_and_admin_content() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let group: i64 = sqlx::query_scalar("SELECT group_id FROM request_types WHERE id = 1")
        .fetch_one(&app.state.db.pool)
        .await
        .expect("a group");
    let group = group.to_string();
    // Admin-edited content: a type's title and description, a group's name, a field's label,
    // help and choices.
    let saved: Answer<i64> = app
        .call(
            &admin,
            "save_type",
            &[
                ("type_id", "1"),
                ("group_id", &group),
                ("title", SHORT),
                ("description", HOSTILE),
                ("kind_student", "on"),
                ("initial_result_days", "3"),
                ("active", "on"),
            ],
        )
        .await;
    assert!(saved.is_ok(), "{saved:?}");
    let field: Answer<()> = app
        .call(
            &admin,
            "save_field",
            &[
                ("type_id", "1"),
                ("label", SHORT),
                ("kind", "short_text"),
                ("help", HOSTILE),
            ],
        )
        .await;
    assert!(field.is_ok(), "{field:?}");
    let group: Answer<i64> = app
        .call(
            &admin,
            "save_group",
            &[("name", SHORT), ("description", HOSTILE)],
        )
        .await;
    assert!(group.is_ok(), "{group:?}");
    let field_id: i64 = sqlx::query_scalar("SELECT MAX(id) FROM request_fields")
        .fetch_one(&app.state.db.pool)
        .await
        .expect("field");

    // The applicant's own words: subject, description, the form's answer, a reply and a file name.
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let answer_field = format!("field_{field_id}");
    let code: String = app
        .call_with_files(
            &student,
            "create_request",
            &[
                ("type_id", "1"),
                ("subject", SHORT),
                ("description", HOSTILE),
                (&answer_field, SHORT),
            ],
            &[(
                "files",
                "<img src=x onerror=alert(1) id=\"pwned-img\">.pdf",
                b"%PDF-1.4 x".to_vec(),
            )],
        )
        .await
        .expect("filed");
    let replied: Answer<()> = app
        .call(&student, "reply", &[("code", &code), ("body", HOSTILE)])
        .await;
    assert!(replied.is_ok());
    // Staff words: a reply, an internal note, a tag.
    let staff = app.staff().await;
    let answered: Answer<()> = app
        .call(
            &staff,
            "reply",
            &[("code", &code), ("body", HOSTILE), ("mode", "note")],
        )
        .await;
    assert!(answered.is_ok(), "{answered:?}");
    let _: Answer<()> = app
        .call(
            &staff,
            "tag_request",
            &[("code", &code), ("tag", SHORT), ("op", "add")],
        )
        .await;

    for (who, client, path) in [
        ("applicant", &student, format!("/requests/{code}")),
        ("applicant", &student, "/requests".to_string()),
        ("applicant", &student, "/requests/new".to_string()),
        ("applicant", &student, "/requests/new?type=1".to_string()),
        ("agent", &staff, format!("/staff/requests/{code}")),
        ("agent", &staff, "/staff".to_string()),
        ("agent", &staff, "/staff?q=x".to_string()),
        ("admin", &admin, "/admin/types".to_string()),
        ("admin", &admin, "/admin/types/1".to_string()),
        ("admin", &admin, "/admin/groups".to_string()),
        ("admin", &admin, "/staff/sla".to_string()),
        ("anyone", &app.client(), "/sla".to_string()),
        ("anyone", &app.client(), "/".to_string()),
    ] {
        let doc = parsed_page(&app, client, &path).await;
        assert_inert(&doc, &format!("{who} {path}"));
    }
}

#[tokio::test]
async fn class_attachments_served_inline() {
    let app = spawn_app().await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&student, "پیوست").await;
    let sent: Answer<()> = app
        .call_with_files(
            &student,
            "reply",
            &[("code", &code), ("body", "پیوست")],
            &[("files", "note.pdf", b"%PDF-1.4 test".to_vec())],
        )
        .await;
    assert!(sent.is_ok());
    let id: i64 = sqlx::query_scalar("SELECT MAX(id) FROM attachments")
        .fetch_one(&app.state.db.pool)
        .await
        .expect("a file");
    let res = student
        .get(format!("{}/files/{id}", app.base))
        .send()
        .await
        .expect("file");
    assert_eq!(res.status(), 200);
    let h = res.headers();
    let disposition = h["content-disposition"].to_str().unwrap_or_default();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert_eq!(h["x-content-type-options"], "nosniff");
    let csp = h["content-security-policy"].to_str().unwrap_or_default();
    assert!(
        csp.contains("sandbox") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    let cache = h["cache-control"].to_str().unwrap_or_default();
    assert!(cache.contains("no-store"), "{cache}");
}

#[tokio::test]
async fn class_svg_and_html_uploads() {
    let app = spawn_app().await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&student, "بارگذاری").await;
    for (name, bytes) in [
        (
            "a.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec(),
        ),
        ("a.html", b"<html><script>alert(1)</script></html>".to_vec()),
        // Markup under an allowed name is refused by its content.
        (
            "a.pdf",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(),
        ),
        (
            "a.png",
            b"<!DOCTYPE html><script>alert(1)</script>".to_vec(),
        ),
        ("a.txt", b"<html><body onload=alert(1)>".to_vec()),
    ] {
        let r: Answer<()> = app
            .call_with_files(
                &student,
                "reply",
                &[("code", &code), ("body", "فایل")],
                &[("files", name, bytes)],
            )
            .await;
        assert_eq!(r.expect_err(name).0, 422, "{name}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 0);
}

#[tokio::test]
async fn class_tokens_single_use_expiring_and_bound_to_recipient_and_purpose() {
    let app = spawn_app().await;
    // A sign-in code is bound to its mobile.
    let c = app.client();
    let _: Answer<()> = app
        .call(&c, "request_otp", &[("mobile", "09121110001")])
        .await;
    let code = app.last_sms_code("+989121110001").await;
    let other_mobile: Answer<String> = app
        .call(
            &c,
            "verify_otp",
            &[("mobile", "09121110002"), ("code", &code)],
        )
        .await;
    assert!(other_mobile.is_err(), "a code for one mobile opens another");
    // … and to its purpose: it does not confirm a registration.
    let r = app.client();
    let _: Answer<String> = app
        .call(
            &r,
            "register",
            &[
                ("kind", "student"),
                ("id_type", "national_code"),
                ("identifier", &national_code(41)),
                ("full_name", "سارا محمدی"),
                ("mobile", "09120004141"),
                ("password", "a-long-password"),
                ("password_confirm", "a-long-password"),
            ],
        )
        .await;
    let as_signup: Answer<String> = app
        .call(&r, "confirm_registration", &[("code", &code)])
        .await;
    assert!(as_signup.is_err());
    // A registration's code does not sign anyone in by SMS.
    let signup_code = app.last_sms_code("+989120004141").await;
    let as_sign_in: Answer<String> = app
        .call(
            &app.client(),
            "verify_otp",
            &[("mobile", "09120004141"), ("code", &signup_code)],
        )
        .await;
    assert!(as_sign_in.is_err());
    // Used once.
    let ok: Answer<String> = app
        .call(
            &c,
            "verify_otp",
            &[("mobile", "09121110001"), ("code", &code)],
        )
        .await;
    assert!(ok.is_ok(), "{ok:?}");
    let again: Answer<String> = app
        .call(
            &app.client(),
            "verify_otp",
            &[("mobile", "09121110001"), ("code", &code)],
        )
        .await;
    assert!(again.is_err());
    // Expired codes and registrations do nothing.
    app.exec("UPDATE pending_signups SET expires_at = 0").await;
    let late = app.confirm_registration(&r, "09120004141").await;
    assert!(late.is_err());
    // Session tokens: 256 random bits, stored only as a hash.
    let res = app
        .client()
        .post(format!("{}/api/login", app.base))
        .header("accept", "application/json")
        .form(&[("identifier", GRADUATE), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .expect("answer");
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("poshtiban_session="))
        .expect("a session cookie")
        .to_string();
    let token = cookie["poshtiban_session=".len()..]
        .split(';')
        .next()
        .unwrap_or_default();
    assert_eq!(token.len(), 64);
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE token_hash = $1")
        .bind(token)
        .fetch_one(&app.state.db.pool)
        .await
        .expect("count");
    assert_eq!(stored, 0, "the raw token is not in the database");
    // A pending second-factor token is no session.
    let half = app.client();
    let _: Answer<String> = app
        .call(
            &half,
            "login",
            &[("identifier", ADMIN), ("password", DEMO_PASSWORD)],
        )
        .await;
    let me: Option<Me> = app.call(&half, "current_account", &[]).await.expect("me");
    assert_eq!(me, None);
}

#[tokio::test]
async fn class_a_stored_hash_accepted_as_a_password() {
    let app = spawn_app().await;
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE login_key = $1")
        .bind(STUDENT)
        .fetch_one(&app.state.db.pool)
        .await
        .expect("hash");
    let r: Answer<String> = app
        .call(
            &app.client(),
            "login",
            &[("identifier", STUDENT), ("password", &hash)],
        )
        .await;
    assert_eq!(r.expect_err("a hash is not the password").0, 422);
}

#[tokio::test]
async fn class_a_disabled_authentication_path_still_honoured() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let agent = app.staff().await;
    let agent_id = app.user_id(AGENT).await.to_string();
    // An SMS code alone never signs staff in.
    let c = app.client();
    let _: Answer<()> = app
        .call(&c, "request_otp", &[("mobile", "09121110005")])
        .await;
    let code = app.last_sms_code("+989121110005").await;
    let to: Answer<String> = app
        .call(
            &c,
            "verify_otp",
            &[("mobile", "09121110005"), ("code", &code)],
        )
        .await;
    assert_eq!(to, Ok("/login/2fa".to_string()));
    let me: Option<Me> = app.call(&c, "current_account", &[]).await.expect("me");
    assert_eq!(me, None);
    // A switched-off account: no password, no SMS code, no waiting second factor, no session.
    let waiting = app.client();
    let _: Answer<String> = app
        .call(
            &waiting,
            "login",
            &[("identifier", SUPERVISOR), ("password", DEMO_PASSWORD)],
        )
        .await;
    let supervisor_id = app.user_id(SUPERVISOR).await.to_string();
    for id in [&agent_id, &supervisor_id] {
        let off: Answer<()> = app
            .call(
                &admin,
                "set_account_active",
                &[
                    ("user_id", id),
                    ("active", "0"),
                    ("reason", "آزمایش امنیتی"),
                ],
            )
            .await;
        assert!(off.is_ok(), "{off:?}");
    }
    let me: Option<Me> = app.call(&agent, "current_account", &[]).await.expect("me");
    assert_eq!(me, None, "the session died with the account");
    let by_password: Answer<String> = app
        .call(
            &app.client(),
            "login",
            &[("identifier", AGENT), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert!(by_password.is_err());
    let s = app.client();
    let _: Answer<()> = app
        .call(&s, "request_otp", &[("mobile", "09121110004")])
        .await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE recipient = '+989121110004'")
            .await,
        0,
        "no code is sent to a switched-off account"
    );
    let second = app.second_factor_code(SUPERVISOR).await;
    let finished: Answer<String> = app
        .call(&waiting, "verify_second_factor", &[("code", &second)])
        .await;
    assert!(
        finished.is_err(),
        "a sign-in waiting when the account was switched off"
    );
}

#[tokio::test]
async fn class_every_route_needs_an_explicit_rule() {
    // Every route the router serves (pages, server functions, plain handlers) has a rule, and
    // a path nobody declared is refused rather than served.
    let app = spawn_app().await;
    let routes = poshtiban::web::route_list();
    for route in &routes {
        assert!(
            poshtiban::web::middleware::access_for_path(route.path()).is_some(),
            "{} has no rule",
            route.path()
        );
    }
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        assert!(
            poshtiban::api::access_of(path).is_some(),
            "{path} has no rule"
        );
    }
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    for path in [
        "/api/not_a_function",
        "/api/../admin",
        "/admin/secret",
        "/events/x",
    ] {
        let res = admin
            .post(format!("{}{path}", app.base))
            .header("accept", "application/json")
            .send()
            .await
            .expect("answer");
        assert!(
            matches!(res.status().as_u16(), 403..=405),
            "{path}: {}",
            res.status()
        );
    }
}

#[tokio::test]
async fn class_sql_injection_through_sort_and_filter_parameters() {
    let app = spawn_app().await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&student, "درخواست برای آزمون تزریق").await;
    let staff = app.staff().await;
    let users_before = app.count("SELECT COUNT(*) FROM users").await;
    let payloads = [
        "' OR '1'='1",
        "1; DROP TABLE users; --",
        "id DESC, (SELECT password_hash FROM users)",
        "\") OR 1=1 --",
        "%' UNION SELECT password_hash FROM users --",
    ];
    for p in payloads {
        for field in ["sort", "status", "assignee", "priority", "tag", "q"] {
            let r: Answer<Page<RequestSummary>> =
                app.call(&staff, "staff_queue", &[(field, p)]).await;
            match r {
                Ok(page) => assert!(
                    page.items.len() <= 1,
                    "{field}={p:?} widened the list: {page:?}"
                ),
                Err((status, _)) => {
                    assert!((400..500).contains(&status), "{field}={p:?}: {status}")
                }
            }
        }
        for field in ["status", "q"] {
            let r: Answer<Page<RequestSummary>> =
                app.call(&student, "my_requests", &[(field, p)]).await;
            if let Err((status, _)) = r {
                assert!((400..500).contains(&status), "{field}={p:?}: {status}");
            }
        }
        let r: Answer<RequestDetail> = app.call(&student, "get_request", &[("code", p)]).await;
        assert_eq!(r.expect_err("not a code").0, 404);
    }
    let res = staff
        .get(format!(
            "{}/staff/sla/export.csv?month=1%20OR%201%3D1&table=x'--",
            app.base
        ))
        .send()
        .await
        .expect("answer");
    assert!(res.status().as_u16() < 500);
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, users_before);
    assert!(app.detail(&staff, &code).await.subject.contains("تزریق"));
}

#[tokio::test]
async fn class_formula_injection_in_every_export() {
    let app = spawn_app().await;
    let supervisor = app.login(SUPERVISOR, DEMO_PASSWORD).await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let graduate = app.login(GRADUATE, DEMO_PASSWORD).await;
    // Free text that reaches the exports: type titles, group names, staff names. Each type gets
    // a request (the sixth is for graduates), so each title is in the report.
    let titles = [
        "=1+1 نوع",
        "+SUM(A1) نوع",
        "-2+3 نوع",
        "@cmd نوع",
        "\t=1 نوع",
        "\r=1 نوع",
        "+1",
        "-1",
    ];
    let group = "=HYPERLINK(\"http://evil.example\")";
    let agent_name = "=cmd|' /C calc'!A0";
    for (i, title) in titles.iter().enumerate() {
        sqlx::query("UPDATE request_types SET title = $1 WHERE id = $2")
            .bind(*title)
            .bind(i64::try_from(i + 1).expect("id"))
            .execute(&app.state.db.pool)
            .await
            .expect("title");
    }
    sqlx::query("UPDATE staff_groups SET name = $1 WHERE id = 1")
        .bind(group)
        .execute(&app.state.db.pool)
        .await
        .expect("group");
    sqlx::query("UPDATE users SET full_name = $1 WHERE login_key = $2")
        .bind(agent_name)
        .bind(AGENT)
        .execute(&app.state.db.pool)
        .await
        .expect("name");
    let mut codes = Vec::new();
    for type_id in 1..=titles.len() {
        let applicant = if type_id == 6 { &graduate } else { &student };
        let type_id = type_id.to_string();
        let code: Answer<String> = app
            .call(
                applicant,
                "create_request",
                &[
                    ("type_id", type_id.as_str()),
                    ("subject", "برای گزارش"),
                    ("description", "درخواستی برای گزارش‌ها"),
                ],
            )
            .await;
        codes.push(code.unwrap_or_else(|e| panic!("type {type_id}: {e:?}")));
    }
    let staff = app.staff().await;
    let _: Answer<()> = app
        .call(
            &staff,
            "assign_request",
            &[("code", &codes[0]), ("assignee", "me")],
        )
        .await;
    let _: Answer<()> = app
        .call(
            &staff,
            "reply",
            &[
                ("code", &codes[0]),
                ("body", "پاسخ"),
                ("initial_result", "on"),
            ],
        )
        .await;
    for table in ["types", "agents", "groups"] {
        let body = supervisor
            .get(format!("{}/staff/sla/export.csv?table={table}", app.base))
            .send()
            .await
            .expect("csv")
            .text()
            .await
            .expect("text");
        assert_formula_safe_csv(table, &body);
    }
    let xlsx = supervisor
        .get(format!("{}/staff/sla/export.xlsx", app.base))
        .send()
        .await
        .expect("xlsx")
        .bytes()
        .await
        .expect("bytes");
    // As a spreadsheet program reads it: no formula anywhere, and every one of these texts is a
    // text cell holding exactly what was typed (no apostrophe: XLSX marks text as text).
    let book = Workbook::read(&xlsx);
    assert!(
        book.formulas.is_empty(),
        "formula cells: {:?}",
        book.formulas
    );
    let texts: Vec<&str> = book.cells().filter_map(text_of).collect();
    for typed in titles.iter().chain([&group, &agent_name]) {
        assert!(
            texts.contains(typed),
            "{typed:?} is not a text cell of the workbook: {texts:?}"
        );
    }
    // The titles column holds text only, "+1" and "-1" included.
    let types = book.sheet(poshtiban::copy::SLA_SHEET_TYPES);
    assert!(types.len() > titles.len(), "a row per type");
    for row in &types[1..] {
        assert!(
            text_of(&row[1]).is_some(),
            "a title that is not text: {row:?}"
        );
    }
}

#[tokio::test]
async fn class_anonymous_intake_floods() {
    let app = spawn_app().await;
    // Nobody files without an account, and accounts need a proven mobile (limited per address
    // and per mobile, see security.rs).
    let anonymous = app.client();
    let r: Answer<String> = app
        .call(
            &anonymous,
            "create_request",
            &[("type_id", "1"), ("subject", "سیل"), ("description", "سیل")],
        )
        .await;
    assert_eq!(r.expect_err("anonymous").0, 401);
    let replied: Answer<()> = app
        .call(
            &anonymous,
            "reply",
            &[("code", "0400000011"), ("body", "سیل")],
        )
        .await;
    assert_eq!(replied.expect_err("anonymous").0, 401);
    assert_eq!(app.count("SELECT COUNT(*) FROM requests").await, 0);
    // A registration that is not confirmed creates nothing to file with.
    let c = app.client();
    let _: Answer<String> = app
        .call(
            &c,
            "register",
            &[
                ("kind", "student"),
                ("id_type", "national_code"),
                ("identifier", &national_code(77)),
                ("full_name", "سیل"),
                ("mobile", "09120007777"),
                ("password", "a-long-password"),
                ("password_confirm", "a-long-password"),
            ],
        )
        .await;
    let r: Answer<String> = app
        .call(
            &c,
            "create_request",
            &[("type_id", "1"), ("subject", "سیل"), ("description", "سیل")],
        )
        .await;
    assert_eq!(r.expect_err("not an account yet").0, 401);
}

#[tokio::test]
async fn class_timing_differences_in_sign_in_and_registration() {
    // An unknown account is refused after the same password work as a known one, so the time
    // of the answer does not tell which identifiers exist. Medians of interleaved tries, with a
    // wide margin: the check is that both sides do the slow hash, not a benchmark.
    let app = spawn_app_with(|c| {
        c.login_max_failures_account = 1000;
        c.login_max_failures_address = 1000;
    })
    .await;
    let c = app.client();
    let time = |identifier: String| {
        let c = c.clone();
        let app = &app;
        async move {
            let started = std::time::Instant::now();
            let _: Answer<String> = app
                .call(
                    &c,
                    "login",
                    &[
                        ("identifier", &identifier),
                        ("password", "wrong-password-x"),
                    ],
                )
                .await;
            started.elapsed().as_secs_f64()
        }
    };
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for i in 0..9 {
        known.push(time(STUDENT.to_string()).await);
        unknown.push(time(national_code(300 + i)).await);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (k, u) = (median(&mut known), median(&mut unknown));
    assert!(
        u > k / 3.0 && u < k * 3.0,
        "known {k:.4} s, unknown {u:.4} s"
    );

    // Registration: the same work whether the identifier is free or taken.
    let reg = |identifier: String, mobile: String| {
        let app = &app;
        async move {
            let started = std::time::Instant::now();
            let r: Answer<String> = app
                .call(
                    &app.client(),
                    "register",
                    &[
                        ("kind", "student"),
                        ("id_type", "national_code"),
                        ("identifier", &identifier),
                        ("full_name", "سارا محمدی"),
                        ("mobile", &mobile),
                        ("password", "a-long-password"),
                        ("password_confirm", "a-long-password"),
                    ],
                )
                .await;
            assert!(r.is_ok(), "{r:?}");
            started.elapsed().as_secs_f64()
        }
    };
    let mut taken = Vec::new();
    let mut free = Vec::new();
    for i in 0..7u32 {
        taken.push(reg(STUDENT.to_string(), format!("0912001{:04}", i)).await);
        free.push(reg(national_code(400 + i), format!("0912002{:04}", i)).await);
    }
    let (t, f) = (median(&mut taken), median(&mut free));
    assert!(t > f / 3.0 && t < f * 3.0, "taken {t:.4} s, free {f:.4} s");
}

#[tokio::test]
async fn class_private_pages_cached_by_browsers_or_proxies() {
    let app = spawn_app().await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&student, "صفحهٔ خصوصی").await;
    for path in [
        format!("/requests/{code}"),
        "/requests".to_string(),
        "/account".to_string(),
        "/".to_string(),
    ] {
        let res = student
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .expect("page");
        assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
    }
    let res = student
        .post(format!("{}/api/my_requests", app.base))
        .header("accept", "application/json")
        .send()
        .await
        .expect("answer");
    assert_eq!(res.headers()["cache-control"], "no-store");
    let res = student
        .get(format!("{}/events", app.base))
        .send()
        .await
        .expect("stream");
    assert_eq!(res.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn class_sessions_alive_after_an_account_is_disabled() {
    let app = spawn_app().await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&student, "پیش از غیرفعال شدن").await;
    // However the account is switched off (here straight in the database, as another tool
    // might), its session opens nothing from the next request on.
    app.exec("UPDATE users SET active = 0 WHERE login_key = '0499370899'")
        .await;
    let me: Option<Me> = app
        .call(&student, "current_account", &[])
        .await
        .expect("me");
    assert_eq!(me, None);
    let r: Answer<RequestDetail> = app.call(&student, "get_request", &[("code", &code)]).await;
    assert_eq!(r.expect_err("signed out").0, 401);
    let page = student
        .get(format!("{}/requests/{code}", app.base))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 303);
}
