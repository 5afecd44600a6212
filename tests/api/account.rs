//! What a person keeps up themselves (issue 13, section 4): a forgotten password set again with a
//! code by SMS, a password changed while signed in, a new mobile or e-mail address taken only
//! once its code comes back, and notices by e-mail only with an address on file.

use futures::future::join_all;
use poshtiban::wire::AccountContact;

use super::common::*;

const STUDENT_MOBILE: &str = "+989121110001";
const GRADUATE_MOBILE: &str = "+989121110002";
const NEW_PASSWORD: &str = "a-new-long-password";

/// Whether `identifier` can sign in with `password` (a fresh browser each time).
async fn signs_in(app: &TestApp, identifier: &str, password: &str) -> bool {
    let c = app.client();
    let to: Answer<String> = app
        .call(
            &c,
            "login",
            &[("identifier", identifier), ("password", password)],
        )
        .await;
    to.is_ok()
}

/// Whether the session of `client` is still signed in.
async fn signed_in(app: &TestApp, client: &reqwest::Client) -> bool {
    let me: Answer<AccountContact> = app.call(client, "my_contact", &[]).await;
    match me {
        Ok(_) => true,
        Err((401, _)) => false,
        Err(other) => panic!("my_contact: {other:?}"),
    }
}

/// The newest message's body to `recipient` on `channel`.
async fn last_body(app: &TestApp, channel: &str, recipient: &str) -> Option<String> {
    sqlx::query_scalar(
        "SELECT body FROM outbox WHERE channel = $1 AND recipient = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(channel)
    .bind(recipient)
    .fetch_optional(&app.state.db.pool)
    .await
    .expect("outbox")
}

/// The six-digit code in a message's body.
fn code_in(body: &str) -> String {
    let digits: String = poshtiban::copy::digits::fold_digits(body)
        .chars()
        .filter(|c| c.is_ascii_digit())
        .collect();
    digits[..6].to_string()
}

#[tokio::test]
async fn a_forgotten_password_is_set_again_with_a_code_by_sms() {
    let app = spawn_app().await;
    let old_session = app.login(STUDENT, DEMO_PASSWORD).await;
    let c = app.client();
    let sent: Answer<()> = app
        .call(&c, "send_reset_code", &[("mobile", "۰۹۱۲۱۱۱۰۰۰۱")])
        .await;
    assert!(sent.is_ok(), "{sent:?}");
    let text = last_body(&app, "sms", STUDENT_MOBILE)
        .await
        .expect("a text");
    assert!(text.contains("بازیابی رمز عبور"), "{text}");
    let code = code_in(&text);

    // A password too short is refused before the code is spent.
    let short: Answer<String> = app
        .call(
            &c,
            "reset_password",
            &[
                ("mobile", "09121110001"),
                ("code", &code),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    let (status, err) = short.expect_err("too short");
    assert_eq!(status, 422);
    assert_eq!(err.field(), Some("password"));
    let wrong: Answer<String> = app
        .call(
            &c,
            "reset_password",
            &[
                ("mobile", "09121110001"),
                ("code", if code == "111111" { "222222" } else { "111111" }),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(wrong.expect_err("wrong code").1.field(), Some("code"));
    assert!(
        signs_in(&app, STUDENT, DEMO_PASSWORD).await,
        "nothing changed yet"
    );

    let done: Answer<String> = app
        .call(
            &c,
            "reset_password",
            &[
                ("mobile", "09121110001"),
                ("code", &code),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.expect("reset"), "/requests");
    assert!(signed_in(&app, &c).await, "this browser is signed in");
    assert!(!signed_in(&app, &old_session).await, "other sessions ended");
    assert!(!signs_in(&app, STUDENT, DEMO_PASSWORD).await);
    assert!(signs_in(&app, STUDENT, NEW_PASSWORD).await);
    let notice = last_body(&app, "sms", STUDENT_MOBILE)
        .await
        .expect("a text");
    assert!(notice.contains("رمز عبور حساب شما"), "{notice}");
    // The code was used once.
    let again: Answer<String> = app
        .call(
            &app.client(),
            "reset_password",
            &[
                ("mobile", "09121110001"),
                ("code", &code),
                ("password", "yet-another-password"),
                ("password_confirm", "yet-another-password"),
            ],
        )
        .await;
    assert_eq!(again.expect_err("used").0, 422);

    // A mobile without an account gets the same answer, and no text.
    let nobody: Answer<()> = app
        .call(
            &app.client(),
            "send_reset_code",
            &[("mobile", "09351234567")],
        )
        .await;
    assert!(nobody.is_ok());
    assert_eq!(last_body(&app, "sms", "+989351234567").await, None);
}

#[tokio::test]
async fn a_password_is_changed_with_the_current_one_and_other_sessions_end() {
    let app = spawn_app().await;
    let here = app.login(GRADUATE, DEMO_PASSWORD).await;
    let elsewhere = app.login(GRADUATE, DEMO_PASSWORD).await;
    let wrong: Answer<String> = app
        .call(
            &here,
            "change_password",
            &[
                ("current_password", "not-the-password"),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    let (status, err) = wrong.expect_err("wrong current password");
    assert_eq!(status, 422);
    assert_eq!(err.field(), Some("current_password"));
    let mismatch: Answer<String> = app
        .call(
            &here,
            "change_password",
            &[
                ("current_password", DEMO_PASSWORD),
                ("password", NEW_PASSWORD),
                ("password_confirm", "something-else-entirely"),
            ],
        )
        .await;
    assert_eq!(
        mismatch.expect_err("mismatch").1.field(),
        Some("password_confirm")
    );
    assert!(signed_in(&app, &elsewhere).await, "refusals change nothing");

    let changed: Answer<String> = app
        .call(
            &here,
            "change_password",
            &[
                ("current_password", DEMO_PASSWORD),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(changed.expect("changed"), "/account");
    assert!(signed_in(&app, &here).await, "this browser stays signed in");
    assert!(
        !signed_in(&app, &elsewhere).await,
        "the others are signed out"
    );
    assert!(signs_in(&app, GRADUATE, NEW_PASSWORD).await);
    assert!(!signs_in(&app, GRADUATE, DEMO_PASSWORD).await);
}

#[tokio::test]
async fn guesses_at_the_current_password_are_limited_under_a_burst() {
    let app = spawn_app().await;
    let me = app.login(GRADUATE, DEMO_PASSWORD).await;
    let url = format!("{}/api/change_password", app.base);
    let calls = (0..16).map(|i| {
        let c = me.clone();
        let url = url.clone();
        async move {
            c.post(url)
                .header("accept", "application/json")
                .form(&[
                    ("current_password", format!("guess-number-{i}")),
                    ("password", NEW_PASSWORD.to_string()),
                    ("password_confirm", NEW_PASSWORD.to_string()),
                ])
                .send()
                .await
                .expect("an answer")
                .status()
                .as_u16()
        }
    });
    let statuses = join_all(calls).await;
    let weighed = statuses.iter().filter(|s| **s == 422).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(weighed, 10, "{statuses:?}");
    assert_eq!(refused, 6, "{statuses:?}");
    // The right password is refused too while the limit holds.
    let right: Answer<String> = app
        .call(
            &me,
            "change_password",
            &[
                ("current_password", DEMO_PASSWORD),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(right.expect_err("throttled").0, 429);
}

#[tokio::test]
async fn a_new_mobile_is_taken_only_once_its_code_comes_back() {
    let app = spawn_app().await;
    let me = app.login(STUDENT, DEMO_PASSWORD).await;
    let bad: Answer<()> = app
        .call(&me, "send_mobile_code", &[("mobile", "12345")])
        .await;
    assert_eq!(bad.expect_err("not a mobile").1.field(), Some("mobile"));
    let same: Answer<()> = app
        .call(&me, "send_mobile_code", &[("mobile", "09121110001")])
        .await;
    assert_eq!(same.expect_err("the same").1.field(), Some("mobile"));

    let sent: Answer<()> = app
        .call(&me, "send_mobile_code", &[("mobile", "0935 123 4567")])
        .await;
    assert!(sent.is_ok(), "{sent:?}");
    let contact: AccountContact = app.call(&me, "my_contact", &[]).await.expect("contact");
    assert_eq!(contact.pending_mobile.as_deref(), Some("09351234567"));
    assert_eq!(contact.mobile.as_deref(), Some("09121110001"), "not yet");
    let text = last_body(&app, "sms", "+989351234567")
        .await
        .expect("a code");
    let code = code_in(&text);
    let wrong: Answer<()> = app
        .call(
            &me,
            "confirm_mobile",
            &[("code", if code == "111111" { "222222" } else { "111111" })],
        )
        .await;
    assert_eq!(wrong.expect_err("wrong").1.field(), Some("code"));
    let confirmed: Answer<()> = app.call(&me, "confirm_mobile", &[("code", &code)]).await;
    assert!(confirmed.is_ok(), "{confirmed:?}");
    let contact: AccountContact = app.call(&me, "my_contact", &[]).await.expect("contact");
    assert_eq!(contact.mobile.as_deref(), Some("09351234567"));
    assert_eq!(contact.pending_mobile, None);
    let told = last_body(&app, "sms", STUDENT_MOBILE)
        .await
        .expect("a notice");
    assert!(told.contains("شمارهٔ همراه حساب شما"), "{told}");
    // Sign-in codes now go to the new mobile (once its cool-down after the last text ends).
    let holder: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE login_key = $1 AND mobile = $2")
            .bind(STUDENT)
            .bind("+989351234567")
            .fetch_one(&app.state.db.pool)
            .await
            .expect("holder");
    assert_eq!(holder, 1);
}

#[tokio::test]
async fn a_mobile_of_another_account_gets_a_warning_not_a_code() {
    let app = spawn_app().await;
    let me = app.login(STUDENT, DEMO_PASSWORD).await;
    let sent: Answer<()> = app
        .call(&me, "send_mobile_code", &[("mobile", "09121110002")])
        .await;
    assert!(sent.is_ok(), "the same answer: {sent:?}");
    let contact: AccountContact = app.call(&me, "my_contact", &[]).await.expect("contact");
    assert_eq!(contact.pending_mobile.as_deref(), Some("09121110002"));
    let text = last_body(&app, "sms", GRADUATE_MOBILE)
        .await
        .expect("a text");
    assert!(text.contains("حساب دیگری"), "a warning: {text}");
    // No six digits in it to type, and guesses go nowhere.
    for guess in ["000000", "123456"] {
        let tried: Answer<()> = app.call(&me, "confirm_mobile", &[("code", guess)]).await;
        assert_eq!(tried.expect_err("no code").0, 422);
    }
    let graduate_mobile: Option<String> =
        sqlx::query_scalar("SELECT mobile FROM users WHERE login_key = $1")
            .bind(GRADUATE)
            .fetch_one(&app.state.db.pool)
            .await
            .expect("mobile");
    assert_eq!(graduate_mobile.as_deref(), Some(GRADUATE_MOBILE));
}

#[tokio::test]
async fn e_mail_notices_need_a_confirmed_address() {
    let app = spawn_app().await;
    let me = app.login(GRADUATE, DEMO_PASSWORD).await;
    // Without an address, notices by e-mail cannot be switched on.
    let saved: Answer<()> = app
        .call(
            &me,
            "save_notification_settings",
            &[("notify_email", "on"), ("notify_sms", "on")],
        )
        .await;
    assert!(saved.is_ok());
    let contact: AccountContact = app.call(&me, "my_contact", &[]).await.expect("contact");
    assert_eq!(contact.email, None);
    assert!(!contact.by_email);
    assert!(contact.by_sms);

    let bad: Answer<()> = app
        .call(&me, "send_email_code", &[("email", "not an address")])
        .await;
    assert_eq!(bad.expect_err("bad").1.field(), Some("email"));
    let sent: Answer<()> = app
        .call(&me, "send_email_code", &[("email", "ali@example.ir")])
        .await;
    assert!(sent.is_ok(), "{sent:?}");
    // A second code within the minute waits.
    let soon: Answer<()> = app
        .call(&me, "send_email_code", &[("email", "ali@example.ir")])
        .await;
    assert_eq!(soon.expect_err("cool-down").0, 429);
    let mail = last_body(&app, "email", "ali@example.ir")
        .await
        .expect("a mail");
    let confirmed: Answer<()> = app
        .call(&me, "confirm_email", &[("code", &code_in(&mail))])
        .await;
    assert!(confirmed.is_ok(), "{confirmed:?}");
    let saved: Answer<()> = app
        .call(&me, "save_notification_settings", &[("notify_email", "on")])
        .await;
    assert!(saved.is_ok());
    let contact: AccountContact = app.call(&me, "my_contact", &[]).await.expect("contact");
    assert_eq!(contact.email.as_deref(), Some("ali@example.ir"));
    assert!(contact.by_email);
    assert!(!contact.by_sms);
}

#[tokio::test]
async fn tries_at_a_contact_code_are_limited_under_a_burst() {
    let app = spawn_app().await;
    let me = app.login(STUDENT, DEMO_PASSWORD).await;
    let sent: Answer<()> = app
        .call(&me, "send_mobile_code", &[("mobile", "09351234567")])
        .await;
    assert!(sent.is_ok());
    let code = code_in(&last_body(&app, "sms", "+989351234567").await.expect("code"));
    let url = format!("{}/api/confirm_mobile", app.base);
    let calls = (0..12).map(|i| {
        let c = me.clone();
        let url = url.clone();
        let guess = format!("{:06}", (i * 7919 + 13) % 1_000_000);
        let guess = if guess == code {
            "999999".to_string()
        } else {
            guess
        };
        async move {
            c.post(url)
                .header("accept", "application/json")
                .form(&[("code", guess)])
                .send()
                .await
                .expect("an answer")
                .status()
                .as_u16()
        }
    });
    assert!(join_all(calls).await.iter().all(|s| *s == 422));
    let tries: i64 = sqlx::query_scalar("SELECT attempts FROM contact_codes")
        .fetch_one(&app.state.db.pool)
        .await
        .expect("tries");
    assert_eq!(tries, 5, "five tries in all, however parallel");
    // The right code is no use once the tries are spent.
    let late: Answer<()> = app.call(&me, "confirm_mobile", &[("code", &code)]).await;
    assert_eq!(late.expect_err("spent").0, 422);
}

#[tokio::test]
async fn contact_changes_need_a_session() {
    let app = spawn_app().await;
    let anonymous = app.client();
    for (name, form) in [
        ("my_contact", vec![]),
        ("send_mobile_code", vec![("mobile", "09351234567")]),
        ("send_email_code", vec![("email", "a@example.ir")]),
        ("confirm_mobile", vec![("code", "123456")]),
        ("confirm_email", vec![("code", "123456")]),
        (
            "change_password",
            vec![
                ("current_password", "x"),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        ),
    ] {
        let answer: Answer<serde_json::Value> = app.call(&anonymous, name, &form).await;
        assert_eq!(answer.expect_err(name).0, 401, "{name}");
    }
}
