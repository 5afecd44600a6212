//! Paying a request's fee (issue 14, sections 1 and 2), against the gateway simulator on
//! loopback, through real HTTP: the fee kept at filing, the awaiting-payment state, every
//! gateway outcome, callbacks replayed and doubled, forged and tampered, reconciliation, the
//! receipt, and cancelling the unpaid.

use std::sync::Arc;

use poshtiban::domain::jalali::TehranDateTime;
use poshtiban::domain::payment::{GatewayKind, PaymentState};
use poshtiban::domain::request_status::RequestStatus;
use poshtiban::server::platform::config::{GatewaySettings, SIMULATOR_MERCHANT};
use poshtiban::server::platform::secret::Secret;
use poshtiban::wire::{Page, ReceiptDto, RequestDetail, RequestSummary};

use super::common::*;

pub const FEE: i64 = 150_000;

/// An app whose fees are paid through the simulator speaking `kind`'s protocol.
pub async fn app_paying_through(kind: GatewayKind) -> TestApp {
    spawn_app_with(move |c| {
        c.payment_simulator = Some("127.0.0.1:0".parse().expect("an address"));
        c.gateway = Some(GatewaySettings {
            kind,
            merchant: Secret::new(match kind {
                GatewayKind::Zarinpal => SIMULATOR_MERCHANT,
                GatewayKind::Sep => "13000000",
            }),
            base_url: String::new(),
        });
    })
    .await
}

/// A tariff of [`FEE`] rials for students on type 1 from the first day of this fiscal year.
pub async fn charge_students(app: &TestApp) {
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let today = TehranDateTime::from_unix_millis(app.state.db.now_ms()).date;
    let added: Answer<i64> = app
        .call(
            &admin,
            "add_tariff",
            &[
                ("type_id", "1"),
                ("applicant_kind", "student"),
                ("effective_from", &format!("{}/01/01", today.year)),
                ("amount", &FEE.to_string()),
                ("unit", "rials"),
                ("source", "جدول ۱۸ قانون بودجه، ردیف ۱۲۳۴۵۶"),
            ],
        )
        .await;
    added.expect("the tariff is added");
}

pub fn simulator(app: &TestApp) -> String {
    app.state.gateway.as_ref().expect("a gateway").page_origin()
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Starts a payment as the pay button does; returns the gateway's id for it (the authority, or
/// SEP's token).
pub async fn start_payment(app: &TestApp, client: &reqwest::Client, code: &str) -> String {
    let res = client
        .post(format!("{}/pay/{code}/start", app.base))
        .send()
        .await
        .expect("an answer");
    let status = res.status().as_u16();
    match status {
        303 => {
            let to = location(&res);
            to.rsplit('/')
                .next()
                .filter(|_| to.contains("/pg/StartPay/"))
                .unwrap_or_else(|| panic!("to the gateway: {to}"))
                .to_string()
        }
        200 => {
            let html = res.text().await.expect("a page");
            html.split("name=\"Token\" value=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or_else(|| panic!("a form posting the token: {html}"))
                .to_string()
        }
        other => panic!("starting the payment answered {other}"),
    }
}

/// The payer's choice on the simulator's page; returns the callback as the browser would send
/// it: (method is POST, URL, form fields).
pub async fn pay_at_gateway(
    app: &TestApp,
    authority: &str,
    outcome: &str,
) -> Option<(bool, String, Vec<(String, String)>)> {
    let c = app.client();
    let res = c
        .post(format!("{}/sim/pay/{authority}", simulator(app)))
        .form(&[("outcome", outcome)])
        .send()
        .await
        .expect("the simulator answers");
    if res.status().as_u16() == 303 {
        return Some((false, location(&res), Vec::new()));
    }
    let html = res.text().await.expect("a page");
    let action = html
        .split("action=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())?
        .replace("&amp;", "&");
    let fields = html
        .split("<input type=\"hidden\" name=\"")
        .skip(1)
        .filter_map(|s| {
            let name = s.split('"').next()?;
            let value = s.split("value=\"").nth(1)?.split('"').next()?;
            Some((name.to_string(), value.replace("&amp;", "&")))
        })
        .collect();
    Some((true, action, fields))
}

/// Delivers a callback; returns the status and where it sends the payer.
pub async fn deliver(
    client: &reqwest::Client,
    callback: &(bool, String, Vec<(String, String)>),
) -> (u16, String) {
    let (post, url, fields) = callback;
    let res = if *post {
        client.post(url).form(fields).send().await
    } else {
        client.get(url).send().await
    }
    .expect("the app answers");
    (res.status().as_u16(), location(&res))
}

async fn detail(app: &TestApp, client: &reqwest::Client, code: &str) -> RequestDetail {
    let d: Answer<RequestDetail> = app.call(client, "get_request", &[("code", code)]).await;
    d.expect("the request")
}

async fn sim_session(app: &TestApp, authority: &str) -> serde_json::Value {
    app.client()
        .get(format!("{}/sim/sessions/{authority}", simulator(app)))
        .send()
        .await
        .expect("the simulator answers")
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn a_fee_is_kept_at_filing_and_paid_through_zarinpal_before_staff_see_the_request() {
    let app = app_paying_through(GatewayKind::Zarinpal).await;
    charge_students(&app).await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    // Before filing, the form says what it costs this applicant; a graduate pays nothing.
    let form: Answer<poshtiban::wire::TypeForm> =
        app.call(&student, "type_form", &[("type_id", "1")]).await;
    let fee = form.expect("the form").fee.expect("a fee for students");
    assert_eq!(
        (fee.amount_rials, fee.figure.as_str()),
        (FEE, "۱۵۰٬۰۰۰ ریال")
    );
    assert!(fee.source.contains("ردیف"));
    let graduate = app.login(GRADUATE, DEMO_PASSWORD).await;
    let theirs: Answer<poshtiban::wire::TypeForm> =
        app.call(&graduate, "type_form", &[("type_id", "1")]).await;
    assert!(theirs.expect("the form").fee.is_none());
    let code = app.file_request(&student, "گواهی اشتغال به تحصیل").await;

    let d = detail(&app, &student, &code).await;
    assert_eq!(d.status, RequestStatus::AwaitingPayment);
    let pay = d.payment.expect("a payment box");
    assert_eq!(pay.fee.amount_rials, FEE);
    assert_eq!(pay.fee.words, "یکصد و پنجاه هزار ریال");
    assert_eq!(pay.fee.tomans, "۱۵٬۰۰۰ تومان");
    assert!(pay.may_pay && pay.pay_by.is_some());
    assert!(d.sla.is_none(), "no clock runs before the payment");

    // Staff do not see it in any view of the queue.
    let staff = app.staff().await;
    for status in ["", "open", "all"] {
        let q: Answer<Page<RequestSummary>> =
            app.call(&staff, "staff_queue", &[("status", status)]).await;
        assert!(
            !q.expect("queue")
                .items
                .iter()
                .any(|r| r.tracking_code == code),
            "status={status}"
        );
    }
    // The applicant does, among their open requests.
    let mine: Answer<Page<RequestSummary>> = app
        .call(&student, "my_requests", &[("status", "open")])
        .await;
    assert!(
        mine.expect("mine")
            .items
            .iter()
            .any(|r| r.tracking_code == code)
    );

    // A table changed after filing does not change what this request costs.
    app.exec("UPDATE tariffs SET amount_rials = 990000").await;

    let authority = start_payment(&app, &student, &code).await;
    assert_eq!(sim_session(&app, &authority).await["amount"], FEE);
    let callback = pay_at_gateway(&app, &authority, "paid")
        .await
        .expect("a callback");
    // The callback needs no session: the gateway's redirect may arrive without one.
    let (status, to) = deliver(&app.client(), &callback).await;
    assert_eq!(
        (status, to.as_str()),
        (303, &*format!("/requests/{code}?payment=paid"))
    );

    let d = detail(&app, &student, &code).await;
    assert_eq!(d.status, RequestStatus::New);
    assert!(d.sla.is_some(), "the clock starts at the payment");
    let pay = d.payment.expect("the payment box");
    assert_eq!(pay.attempts.len(), 1);
    assert_eq!(pay.attempts[0].state, PaymentState::Paid);
    assert!(!pay.may_pay);
    let q: Answer<Page<RequestSummary>> = app.call(&staff, "staff_queue", &[]).await;
    assert!(
        q.expect("queue")
            .items
            .iter()
            .any(|r| r.tracking_code == code)
    );

    let receipt: Answer<ReceiptDto> = app
        .call(&student, "payment_receipt", &[("code", &code)])
        .await;
    let receipt = receipt.expect("a receipt");
    assert_eq!(receipt.amount.figure, "۱۵۰٬۰۰۰ ریال");
    assert_eq!(receipt.amount.words, "یکصد و پنجاه هزار ریال");
    assert!(!receipt.reference.is_empty());
    assert_eq!(receipt.card_mask.as_deref(), Some("502229******5995"));
    // Clocks start at the payment: the stored start is the settlement instant.
    let started: Option<i64> =
        sqlx::query_scalar("SELECT clock_start_at FROM requests WHERE tracking_code = $1")
            .bind(&code)
            .fetch_one(&app.state.db.pool)
            .await
            .expect("the request");
    assert_eq!(started, Some(receipt.paid_at));
    // The clocks stored with the payment are those a full recomputation from the request's
    // history gives, and they count from the payment.
    let (id, ir_due, res_due): (i64, Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT id, ir_due_at, res_due_at FROM requests WHERE tracking_code = $1")
            .bind(&code)
            .fetch_one(&app.state.db.pool)
            .await
            .expect("the request");
    let mut w = app.state.db.begin_write().await.expect("a transaction");
    let recomputed =
        poshtiban::server::sla::clocks::refresh(&mut w.tx, &app.state, id, receipt.paid_at)
            .await
            .expect("the clocks")
            .expect("a policy");
    drop(w);
    assert!(ir_due.is_some_and(|d| d > receipt.paid_at));
    assert_eq!(ir_due, recomputed.initial.due_at);
    assert_eq!(res_due, recomputed.resolution.due_at);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'paid'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM payment_ledger WHERE kind = 'paid'")
            .await,
        1
    );
    // Another applicant sees neither the request nor its receipt.
    let other = app.new_applicant(&national_code(31), "09121112233").await;
    let theirs: Answer<ReceiptDto> = app
        .call(&other, "payment_receipt", &[("code", &code)])
        .await;
    assert_eq!(theirs.expect_err("hidden").0, 404);
}

#[tokio::test]
async fn a_free_service_shows_no_payment_at_all() {
    let app = app_paying_through(GatewayKind::Zarinpal).await;
    charge_students(&app).await;
    // The graduate has no tariff: free.
    let graduate = app.login(GRADUATE, DEMO_PASSWORD).await;
    let code = app.file_request(&graduate, "درخواست رایگان").await;
    let d = detail(&app, &graduate, &code).await;
    assert_eq!(d.status, RequestStatus::New);
    assert!(d.payment.is_none());
    let res = graduate
        .post(format!("{}/pay/{code}/start", app.base))
        .send()
        .await
        .expect("an answer");
    assert_eq!(location(&res), format!("/requests/{code}?payment=nothing"));
    assert_eq!(app.count("SELECT COUNT(*) FROM payments").await, 0);
}

#[tokio::test]
async fn a_cancelled_or_failed_payment_can_be_tried_again_and_nothing_is_credited() {
    let app = app_paying_through(GatewayKind::Zarinpal).await;
    charge_students(&app).await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&student, "پرداخت دوباره").await;
    for outcome in ["cancel", "fail", "mismatch"] {
        let authority = start_payment(&app, &student, &code).await;
        let cb = pay_at_gateway(&app, &authority, outcome)
            .await
            .expect("a callback");
        let (_, to) = deliver(&student, &cb).await;
        assert_eq!(to, format!("/requests/{code}?payment=failed"), "{outcome}");
        let d = detail(&app, &student, &code).await;
        assert_eq!(d.status, RequestStatus::AwaitingPayment, "{outcome}");
        let pay = d.payment.expect("the box");
        assert!(pay.may_pay, "{outcome}: may pay again");
        assert_eq!(pay.attempts[0].state, PaymentState::Failed);
        // Zarinpal's NOK means nothing was taken; an amount refused at verification was.
        assert_eq!(pay.attempts[0].money_returns, outcome == "mismatch");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM payment_ledger WHERE kind = 'paid'")
            .await,
        0
    );
    // The mismatch was verified with our amount and refused (−50).
    let authority = start_payment(&app, &student, &code).await;
    let cb = pay_at_gateway(&app, &authority, "verified_before")
        .await
        .expect("a callback");
    let (_, to) = deliver(&student, &cb).await;
    assert_eq!(
        to,
        format!("/requests/{code}?payment=paid"),
        "101 is success"
    );
    let d = detail(&app, &student, &code).await;
    assert_eq!(d.status, RequestStatus::New);
    assert_eq!(d.payment.expect("box").attempts.len(), 4);
}

#[tokio::test]
async fn one_callback_replayed_a_thousand_times_fifty_at_once_credits_once() {
    let app = app_paying_through(GatewayKind::Zarinpal).await;
    charge_students(&app).await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&student, "تکرار بازگشت").await;
    let authority = start_payment(&app, &student, &code).await;
    let cb = Arc::new(
        pay_at_gateway(&app, &authority, "paid")
            .await
            .expect("a callback"),
    );
    let client = app.client();
    let mut answers = Vec::new();
    for _ in 0..20 {
        let wave: Vec<_> = (0..50)
            .map(|_| {
                let (client, cb) = (client.clone(), cb.clone());
                tokio::spawn(async move { deliver(&client, &cb).await })
            })
            .collect();
        for h in wave {
            answers.push(h.await.expect("a task"));
        }
    }
    assert_eq!(answers.len(), 1000);
    assert!(
        answers
            .iter()
            .all(|(s, to)| *s == 303 && to.ends_with("?payment=paid")),
        "every replay shows the payment as paid"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM payment_ledger WHERE kind = 'paid'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM request_history WHERE kind = 'paid'")
            .await,
        1
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM request_history WHERE kind = 'status' AND to_value = 'new'"
        )
        .await,
        1
    );
    // The gateway was asked to verify once: every replay found the payment settled or claimed.
    assert_eq!(sim_session(&app, &authority).await["verifications"], 1);
}

#[tokio::test]
async fn a_doubled_callback_from_the_gateway_credits_once() {
    let app = app_paying_through(GatewayKind::Zarinpal).await;
    charge_students(&app).await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&student, "بازگشت دوباره").await;
    let authority = start_payment(&app, &student, &code).await;
    let cb = pay_at_gateway(&app, &authority, "double")
        .await
        .expect("a callback");
    let (_, to) = deliver(&student, &cb).await;
    assert!(to.ends_with("?payment=paid"), "{to}");
    // Let the simulator's own delivery land.
    for _ in 0..50 {
        if app
            .count("SELECT COUNT(*) FROM payments WHERE state = 'paid'")
            .await
            == 1
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM payment_ledger WHERE kind = 'paid'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_callback_naming_another_requests_payment_is_refused_and_changes_nothing() {
    let app = app_paying_through(GatewayKind::Zarinpal).await;
    charge_students(&app).await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let mine = app.file_request(&student, "درخواست نخست").await;
    let other = app.file_request(&student, "درخواست دوم").await;
    let a = start_payment(&app, &student, &mine).await;
    let _b = start_payment(&app, &student, &other).await;
    let (_, url, _) = pay_at_gateway(&app, &a, "paid").await.expect("a callback");
    // The same parameters on the other request's callback address.
    let forged = url.replace(&format!("/pay/{mine}/"), &format!("/pay/{other}/"));
    let (status, _) = deliver(&app.client(), &(false, forged, Vec::new())).await;
    assert_eq!(status, 422);
    // A made-up authority, and a callback with no parameters at all.
    for query in [
        "?Authority=A000000000000000000000000000000000001&Status=OK",
        "",
    ] {
        let url = format!("{}/pay/{other}/callback{query}", app.base);
        let (status, _) = deliver(&app.client(), &(false, url, Vec::new())).await;
        assert!((400..500).contains(&status), "{query}: {status}");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM payments WHERE state = 'pending'")
            .await,
        2
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM payment_ledger WHERE kind = 'paid'")
            .await,
        0
    );
    // A cross-site post to start a payment is refused like any other.
    let res = student
        .post(format!("{}/pay/{mine}/start", app.base))
        .header("origin", "http://evil.example")
        .send()
        .await
        .expect("an answer");
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn sep_pays_through_a_posted_form_and_its_affected_amount_is_compared() {
    let app = app_paying_through(GatewayKind::Sep).await;
    charge_students(&app).await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&student, "پرداخت با سپ").await;

    // An affected amount that is not ours: refused, never credited.
    let token = start_payment(&app, &student, &code).await;
    let cb = pay_at_gateway(&app, &token, "mismatch")
        .await
        .expect("a callback");
    assert!(cb.0, "SEP posts the payer back");
    let (_, to) = deliver(&app.client(), &cb).await;
    assert!(to.ends_with("?payment=failed"), "{to}");

    // A callback whose amount field was raised by the payer changes nothing: ours is used.
    let token = start_payment(&app, &student, &code).await;
    let mut cb = pay_at_gateway(&app, &token, "paid")
        .await
        .expect("a callback");
    for (k, v) in cb.2.iter_mut() {
        if k == "Amount" {
            *v = "10".into();
        }
    }
    let (_, to) = deliver(&app.client(), &cb).await;
    assert!(to.ends_with("?payment=paid"), "{to}");
    let d = detail(&app, &student, &code).await;
    assert_eq!(d.status, RequestStatus::New);
    let receipt: Answer<ReceiptDto> = app
        .call(&student, "payment_receipt", &[("code", &code)])
        .await;
    let receipt = receipt.expect("a receipt");
    assert_eq!(receipt.amount.amount_rials, FEE);
    assert_eq!(receipt.card_mask.as_deref(), Some("621986******4321"));
    // The cancelled button posts Status 1: failed, nothing verified.
    let other = app.file_request(&student, "انصراف در سپ").await;
    let token = start_payment(&app, &student, &other).await;
    let cb = pay_at_gateway(&app, &token, "cancel")
        .await
        .expect("a callback");
    let (_, to) = deliver(&app.client(), &cb).await;
    assert!(to.ends_with("?payment=failed"), "{to}");
    assert_eq!(sim_session(&app, &token).await["verifications"], 0);
}

#[tokio::test]
async fn a_lost_callback_is_settled_by_reconciliation_once() {
    let app = app_paying_through(GatewayKind::Zarinpal).await;
    charge_students(&app).await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&student, "بازگشت گم‌شده").await;
    let authority = start_payment(&app, &student, &code).await;
    // Paid, but the tab closed: no callback.
    assert!(pay_at_gateway(&app, &authority, "never").await.is_none());
    // Too early: the gateway's session may still be open.
    assert_eq!(
        poshtiban::server::payments::flow::reconcile(&app.state)
            .await
            .expect("a pass"),
        0
    );
    app.state
        .db
        .clock
        .advance(poshtiban::domain::payment::RECONCILE_AFTER_MS + 1);
    let (a, b) = tokio::join!(
        poshtiban::server::payments::flow::reconcile(&app.state),
        poshtiban::server::payments::flow::reconcile(&app.state)
    );
    assert_eq!(a.expect("a pass") + b.expect("a pass"), 1);
    let d = detail(&app, &student, &code).await;
    assert_eq!(d.status, RequestStatus::New);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM payment_ledger WHERE kind = 'paid'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_verification_cut_off_after_the_gateway_answered_is_finished_by_reconciliation() {
    let app = app_paying_through(GatewayKind::Zarinpal).await;
    charge_students(&app).await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&student, "قطع میانه").await;
    let authority = start_payment(&app, &student, &code).await;
    let cb = pay_at_gateway(&app, &authority, "paid")
        .await
        .expect("a callback");
    // The gateway verified it, then our side died before committing: as a crash leaves it.
    let (status, url, _) = &cb;
    let _ = status;
    let gateway = app.state.gateway.clone().expect("a gateway");
    let verdict = gateway
        .verify(&poshtiban::server::payments::gateway::Attempt {
            authority: authority.clone(),
            reference: None,
            amount: poshtiban::domain::money::Rials(FEE),
            created_at: 0,
            now: 0,
        })
        .await
        .expect("verified at the gateway");
    assert!(matches!(
        verdict,
        poshtiban::domain::payment::Verdict::Paid(_)
    ));
    let now = app.state.db.now_ms();
    sqlx::query(
        "UPDATE payments SET state = 'verifying', lease = 'gone', lease_at = $1, updated_at = $1",
    )
    .bind(now)
    .execute(&app.state.db.pool)
    .await
    .expect("the crash's state");
    // The payer's callback finds it being verified and waits, then says so.
    let _ = url;
    app.state
        .db
        .clock
        .advance(poshtiban::domain::payment::VERIFY_LEASE_MS + 1);
    let settled = poshtiban::server::payments::flow::reconcile(&app.state)
        .await
        .expect("a pass");
    assert_eq!(settled, 1);
    let d = detail(&app, &student, &code).await;
    assert_eq!(d.status, RequestStatus::New);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM payment_ledger WHERE kind = 'paid'")
            .await,
        1
    );
    // Verified twice at the gateway (ours, then the reconciliation's 101), credited once.
    assert_eq!(sim_session(&app, &authority).await["verifications"], 2);
    let (_, to) = deliver(&app.client(), &cb).await;
    assert!(to.ends_with("?payment=paid"));
}

#[tokio::test]
async fn an_unpaid_request_is_cancelled_after_its_days_with_a_notice() {
    let app = app_paying_through(GatewayKind::Zarinpal).await;
    charge_students(&app).await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&student, "پرداخت‌نشده").await;
    let lapse = || poshtiban::server::payments::flow::lapse_unpaid(&app.state);
    assert_eq!(lapse().await.expect("a pass"), 0);
    // Due three days (the default setting) after filing.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM requests WHERE pay_by - created_at = 259200000")
            .await,
        1
    );
    app.exec("UPDATE requests SET pay_by = created_at").await;
    // An attempt in flight holds it: its payer may be at the bank.
    let authority = start_payment(&app, &student, &code).await;
    assert_eq!(lapse().await.expect("a pass"), 0);
    let cb = pay_at_gateway(&app, &authority, "cancel")
        .await
        .expect("a callback");
    deliver(&student, &cb).await;
    assert_eq!(lapse().await.expect("a pass"), 1);
    let d = detail(&app, &student, &code).await;
    assert_eq!(d.status, RequestStatus::Cancelled);
    // Told as they were told of the filing (the channels they chose).
    let told = app
        .count("SELECT COUNT(*) FROM outbox WHERE kind = 'awaiting_payment'")
        .await;
    assert!(told > 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'lapsed'")
            .await,
        told
    );
    // Nothing reopens it, and it cannot be paid any more.
    let reopen: Answer<()> = app
        .call(&student, "reopen_request", &[("code", &code)])
        .await;
    assert!(reopen.is_err());
    let res = student
        .post(format!("{}/pay/{code}/start", app.base))
        .send()
        .await
        .expect("an answer");
    assert!(location(&res).ends_with("?payment=nothing"));
}

async fn pay_one(app: &TestApp, student: &reqwest::Client, subject: &str, outcome: &str) -> String {
    let code = app.file_request(student, subject).await;
    let authority = start_payment(app, student, &code).await;
    let cb = pay_at_gateway(app, &authority, outcome)
        .await
        .expect("a callback");
    deliver(student, &cb).await;
    code
}

#[tokio::test]
async fn an_admin_gives_a_paid_fee_back_once_reversed_in_its_window_recorded_after() {
    let app = app_paying_through(GatewayKind::Zarinpal).await;
    charge_students(&app).await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let agent = app.staff().await;
    let code = pay_one(&app, &student, "بازپرداخت در مهلت", "paid").await;
    let authority: String =
        sqlx::query_scalar("SELECT authority FROM payments WHERE state = 'paid'")
            .fetch_one(&app.state.db.pool)
            .await
            .expect("a paid attempt");

    let by_agent: Answer<String> = app
        .call(
            &agent,
            "refund_payment",
            &[("code", &code), ("reason", "درخواست متقاضی")],
        )
        .await;
    assert_eq!(by_agent.expect_err("admins only").0, 403);
    let no_reason: Answer<String> = app
        .call(
            &admin,
            "refund_payment",
            &[("code", &code), ("reason", " ")],
        )
        .await;
    let (status, err) = no_reason.expect_err("a reason is needed");
    assert_eq!((status, err.field()), (422, Some("reason")));
    let d = detail(&app, &admin, &code).await;
    assert!(d.payment.expect("the box").may_refund);

    let done: Answer<String> = app
        .call(
            &admin,
            "refund_payment",
            &[
                ("code", &code),
                ("reason", "خدمت به سبب خطای سامانه ارائه نشد"),
            ],
        )
        .await;
    assert_eq!(
        done.expect("refunded"),
        poshtiban::copy::REFUND_DONE_REVERSED
    );
    assert_eq!(sim_session(&app, &authority).await["reversed"], true);
    let again: Answer<String> = app
        .call(
            &admin,
            "refund_payment",
            &[("code", &code), ("reason", "دوباره بازگردان")],
        )
        .await;
    assert_eq!(again.expect_err("once").0, 409);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM payment_ledger WHERE kind = 'reversed' AND amount_rials = -150000"
        )
        .await,
        1
    );
    let d = detail(&app, &student, &code).await;
    assert!(
        d.history
            .iter()
            .any(|h| h.kind == poshtiban::domain::history::HistoryKind::Refunded)
    );
    assert_eq!(
        d.payment.expect("box").attempts[0].state,
        PaymentState::Refunded
    );

    // Past the gateway's 30 minutes: recorded for the finance office, not reversed.
    let later = pay_one(&app, &student, "بازپرداخت دیرهنگام", "paid").await;
    app.state.db.clock.advance(31 * 60_000);
    let done: Answer<String> = app
        .call(
            &admin,
            "refund_payment",
            &[("code", &later), ("reason", "پرداخت تکراری متقاضی")],
        )
        .await;
    assert_eq!(
        done.expect("recorded"),
        poshtiban::copy::REFUND_DONE_RECORDED
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM payment_ledger WHERE kind = 'refunded'")
            .await,
        1
    );
    // The ledger is append-only.
    let rewrite = sqlx::query("UPDATE payment_ledger SET amount_rials = 0")
        .execute(&app.state.db.pool)
        .await;
    assert!(rewrite.is_err(), "the ledger refuses changes");
    let erase = sqlx::query("DELETE FROM payment_ledger")
        .execute(&app.state.db.pool)
        .await;
    assert!(erase.is_err(), "the ledger refuses deletions");
}

#[tokio::test]
async fn the_finance_report_counts_each_month_and_lists_the_exceptions_first() {
    let app = app_paying_through(GatewayKind::Zarinpal).await;
    charge_students(&app).await;
    // Admin text reaches the exports: it must never run as a formula there.
    app.exec("UPDATE request_types SET title = '=HYPERLINK(\"http://evil.example\")' WHERE id = 1")
        .await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let supervisor = app.login(SUPERVISOR, DEMO_PASSWORD).await;
    pay_one(&app, &student, "پرداخت یکم", "paid").await;
    let refunded = pay_one(&app, &student, "پرداخت دوم", "paid").await;
    let mismatch = pay_one(&app, &student, "مبلغ نادرست", "mismatch").await;
    let _: Answer<String> = app
        .call(
            &admin,
            "refund_payment",
            &[("code", &refunded), ("reason", "خدمت ارائه نشد")],
        )
        .await;

    let report: Answer<poshtiban::wire::FinanceReport> =
        app.call(&supervisor, "finance_report", &[]).await;
    let report = report.expect("the report");
    assert_eq!(report.total.paid, 2);
    assert_eq!(report.total.paid_rials, 2 * FEE);
    assert_eq!(report.total.refunded, 1);
    assert_eq!(report.total.refunded_rials, FEE);
    assert_eq!(report.total.failed, 1);
    assert_eq!(report.lines.len(), 1, "one month, one type, one gateway");
    assert_eq!(report.lines[0].net_sum, "۱۵۰٬۰۰۰ ریال");
    assert_eq!(report.exceptions.len(), 1);
    assert_eq!(report.exceptions[0].tracking_code, mismatch);
    // Another year has nothing; a year that is not one is refused.
    let other: Answer<poshtiban::wire::FinanceReport> = app
        .call(&supervisor, "finance_report", &[("year", "۱۳۹۹")])
        .await;
    assert!(other.expect("another year").lines.is_empty());
    let bad: Answer<poshtiban::wire::FinanceReport> = app
        .call(&supervisor, "finance_report", &[("year", "next")])
        .await;
    assert_eq!(bad.expect_err("not a year").0, 422);
    let theirs: Answer<poshtiban::wire::FinanceReport> =
        app.call(&student, "finance_report", &[]).await;
    assert_eq!(theirs.expect_err("staff only").0, 403);

    let csv = supervisor
        .get(format!("{}/staff/payments/export.csv", app.base))
        .send()
        .await
        .expect("csv");
    assert_eq!(csv.status(), 200);
    assert_formula_safe_csv("payments", &csv.text().await.expect("text"));
    let xlsx = supervisor
        .get(format!("{}/staff/payments/export.xlsx", app.base))
        .send()
        .await
        .expect("xlsx")
        .bytes()
        .await
        .expect("bytes");
    let book = Workbook::read(&xlsx);
    assert!(book.formulas.is_empty());
    assert_eq!(book.names().len(), 3);
    let denied = student
        .get(format!("{}/staff/payments/export.csv", app.base))
        .send()
        .await
        .expect("answer");
    assert_eq!(denied.status(), 403);
}

#[tokio::test]
async fn a_gateway_that_does_not_open_the_payment_tells_the_payer_nothing_was_taken() {
    // A gateway nobody answers at.
    let app = spawn_app_with(|c| {
        c.gateway = Some(GatewaySettings {
            kind: GatewayKind::Zarinpal,
            merchant: Secret::new(SIMULATOR_MERCHANT),
            base_url: format!("http://127.0.0.1:{}", free_port()),
        });
    })
    .await;
    charge_students(&app).await;
    let student = app.login(STUDENT, DEMO_PASSWORD).await;
    let code = app.file_request(&student, "درگاه در دسترس نیست").await;
    let res = student
        .post(format!("{}/pay/{code}/start", app.base))
        .send()
        .await
        .expect("an answer");
    assert_eq!(
        location(&res),
        format!("/requests/{code}?payment=unavailable")
    );
    let d = detail(&app, &student, &code).await;
    let pay = d.payment.expect("the box");
    assert_eq!(pay.attempts[0].state, PaymentState::Failed);
    assert!(!pay.attempts[0].money_returns, "no money left the account");
    assert!(pay.may_pay, "the payer may try again");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM outbox WHERE kind = 'payment_failed'")
            .await,
        0,
        "nobody is told money will come back"
    );
}
