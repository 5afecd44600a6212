//! A gateway simulator on loopback that speaks both protocols as the adapters do: Zarinpal v4
//! (`request.json`, `StartPay`, `verify.json`, `inquiry.json`, `reverse.json`) and SEP (token,
//! `OnlinePG`, `VerifyTransaction`, `ReverseTransaction`). The demo pays through it, offline,
//! and the tests drive every outcome a real gateway can produce.
//!
//! Its payment page offers one button per outcome: paid; cancelled; failed; an amount that is
//! not ours (Zarinpal −50, SEP's affected amount off by 50 rials); verified before (101); a slow
//! verification (recorded at once, answered late: a crash in between is the reconciliation's
//! case); the callback delivered twice (the browser's, and one more sent by the simulator); or
//! never (the payer's tab closed after paying). Tests press the same buttons with a plain post to
//! `/sim/pay/{authority}`, and read what the gateway saw at `/sim/sessions/{authority}`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::{Form, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::copy;
use crate::domain::payment::GatewayKind;

/// What the payer does on the simulator's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Paid,
    Cancel,
    Fail,
    Mismatch,
    VerifiedBefore,
    Slow,
    Double,
    Never,
}

impl Outcome {
    pub const ALL: [Outcome; 8] = [
        Outcome::Paid,
        Outcome::Cancel,
        Outcome::Fail,
        Outcome::Mismatch,
        Outcome::VerifiedBefore,
        Outcome::Slow,
        Outcome::Double,
        Outcome::Never,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Paid => "paid",
            Outcome::Cancel => "cancel",
            Outcome::Fail => "fail",
            Outcome::Mismatch => "mismatch",
            Outcome::VerifiedBefore => "verified_before",
            Outcome::Slow => "slow",
            Outcome::Double => "double",
            Outcome::Never => "never",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }

    fn label(self) -> &'static str {
        match self {
            Outcome::Paid => copy::SIM_PAY,
            Outcome::Cancel => copy::SIM_CANCEL,
            Outcome::Fail => copy::SIM_FAIL,
            Outcome::Mismatch => copy::SIM_MISMATCH,
            Outcome::VerifiedBefore => copy::SIM_VERIFIED_BEFORE,
            Outcome::Slow => copy::SIM_SLOW,
            Outcome::Double => copy::SIM_DOUBLE,
            Outcome::Never => copy::SIM_NEVER,
        }
    }

    /// Whether money left the payer's account.
    fn paid(self) -> bool {
        !matches!(self, Outcome::Cancel | Outcome::Fail)
    }
}

struct Session {
    protocol: GatewayKind,
    amount: i64,
    callback_url: String,
    res_num: String,
    outcome: Option<Outcome>,
    /// Successful verifications answered (100/0 the first time, 101/2 after).
    verifications: u32,
    reference: String,
    trace: String,
    reversed: bool,
}

/// The simulator's memory: its sessions by authority (or token), and SEP's references.
pub struct Simulator {
    sessions: Mutex<HashMap<String, Session>>,
    by_reference: Mutex<HashMap<String, String>>,
    next: AtomicU64,
    slow: Duration,
    client: reqwest::Client,
}

impl Simulator {
    fn new(slow: Duration) -> Simulator {
        // Numbers from the start time, so two runs of the demo on one database never reuse an
        // authority (they are unique in the payments table).
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(1);
        Simulator {
            sessions: Mutex::default(),
            by_reference: Mutex::default(),
            next: AtomicU64::new(seed),
            slow,
            client: super::gateway::http_client(),
        }
    }

    fn next_number(&self) -> u64 {
        self.next.fetch_add(1, Ordering::Relaxed)
    }

    /// The SEP token whose payment the body's `RefNum` names (empty when none).
    fn token_of(&self, body: &Value) -> String {
        let reference = super::gateway::lenient_text(super::gateway::field(body, &["RefNum"]))
            .unwrap_or_default();
        self.by_reference
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&reference)
            .cloned()
            .unwrap_or_default()
    }

    fn with<T>(&self, authority: &str, f: impl FnOnce(&mut Session) -> T) -> Option<T> {
        let mut sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        sessions.get_mut(authority).map(f)
    }
}

/// Starts the simulator on `addr` (port 0: any free port); returns where it listens. `slow` is
/// how late a slow verification answers.
pub async fn spawn(addr: SocketAddr, slow: Duration) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    let app = router(Arc::new(Simulator::new(slow)));
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "the gateway simulator stopped");
        }
    });
    tracing::info!(%local, "gateway simulator listening");
    Ok(local)
}

fn router(sim: Arc<Simulator>) -> Router {
    Router::new()
        .route("/pg/v4/payment/request.json", post(zp_request))
        .route("/pg/v4/payment/verify.json", post(zp_verify))
        .route("/pg/v4/payment/inquiry.json", post(zp_inquiry))
        .route("/pg/v4/payment/reverse.json", post(zp_reverse))
        .route("/pg/StartPay/{authority}", get(zp_page))
        .route("/onlinepg/onlinepg", post(sep_token))
        .route("/OnlinePG/OnlinePG", post(sep_page).get(sep_page_get))
        .route(
            "/verifyTxnRandomSessionkey/ipg/VerifyTransaction",
            post(sep_verify),
        )
        .route(
            "/verifyTxnRandomSessionkey/ipg/ReverseTransaction",
            post(sep_reverse),
        )
        .route("/sim/pay/{authority}", post(pay))
        .route("/sim/sessions/{authority}", get(session_state))
        .with_state(sim)
}

fn zp_error(code: i64, message: &str) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({ "data": [], "errors": { "code": code, "message": message, "validations": [] } })),
    )
        .into_response()
}

fn zp_ok(data: Value) -> Response {
    Json(json!({ "data": data, "errors": [] })).into_response()
}

async fn zp_request(State(sim): State<Arc<Simulator>>, Json(body): Json<Value>) -> Response {
    let amount = body.get("amount").and_then(Value::as_i64).unwrap_or(0);
    let callback = body
        .get("callback_url")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let merchant = body
        .get("merchant_id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if merchant.len() != 36 {
        return zp_error(-10, "merchant_id is invalid");
    }
    if amount < crate::domain::money::MIN_PAYABLE_RIALS || !callback.starts_with("http") {
        return zp_error(-9, "validation error");
    }
    let authority = format!("A{:035}", sim.next_number());
    let order = body
        .pointer("/metadata/order_id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    sim.sessions
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(
            authority.clone(),
            Session {
                protocol: GatewayKind::Zarinpal,
                amount,
                callback_url: callback.to_string(),
                res_num: order.to_string(),
                outcome: None,
                verifications: 0,
                reference: String::new(),
                trace: String::new(),
                reversed: false,
            },
        );
    zp_ok(
        json!({ "code": 100, "message": "Success", "authority": authority, "fee_type": "Merchant", "fee": 0 }),
    )
}

async fn zp_verify(State(sim): State<Arc<Simulator>>, Json(body): Json<Value>) -> Response {
    let authority = body
        .get("authority")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let amount = body.get("amount").and_then(Value::as_i64).unwrap_or(0);
    let next = sim.next_number();
    let answer = sim.with(authority, |s| {
        let outcome = s.outcome?;
        if !outcome.paid() || s.reversed {
            return Some(Err(-51));
        }
        if outcome == Outcome::Mismatch || s.amount != amount {
            return Some(Err(-50));
        }
        if s.reference.is_empty() {
            s.reference = format!("{}", 100_000_000 + next % 900_000_000);
        }
        let first = s.verifications == 0 && outcome != Outcome::VerifiedBefore;
        s.verifications += 1;
        Some(Ok((first, s.reference.clone(), outcome == Outcome::Slow)))
    });
    match answer {
        None => zp_error(-54, "invalid authority"),
        Some(None) => zp_error(-51, "session is not paid"),
        Some(Some(Err(code))) => zp_error(code, "not verified"),
        Some(Some(Ok((first, reference, slow)))) => {
            if slow {
                tokio::time::sleep(sim.slow).await;
            }
            zp_ok(json!({
                "code": if first { 100 } else { 101 },
                "message": if first { "Paid" } else { "Verified" },
                "ref_id": reference.parse::<i64>().unwrap_or_default(),
                "card_pan": "502229******5995",
                "card_hash": "1EBE3EBEBE35C7EC0F8D6EE4F2F859107A87822CA179BC9528767EA7B5489B69",
                "fee_type": "Merchant",
                "fee": 0,
            }))
        }
    }
}

async fn zp_inquiry(State(sim): State<Arc<Simulator>>, Json(body): Json<Value>) -> Response {
    let authority = body
        .get("authority")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let status = sim.with(authority, |s| match s.outcome {
        _ if s.reversed => "REVERSED",
        None => "IN_BANK",
        Some(o) if !o.paid() => "FAILED",
        Some(_) if s.verifications > 0 => "VERIFIED",
        Some(_) => "PAID",
    });
    match status {
        None => zp_error(-54, "invalid authority"),
        Some(status) => zp_ok(json!({ "code": 100, "message": "Success", "status": status })),
    }
}

async fn zp_reverse(State(sim): State<Arc<Simulator>>, Json(body): Json<Value>) -> Response {
    let authority = body
        .get("authority")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let done = sim.with(authority, |s| {
        let ok = s.verifications > 0 && !s.reversed;
        s.reversed |= ok;
        ok
    });
    match done {
        Some(true) => zp_ok(json!({ "code": 100, "message": "Reversed" })),
        Some(false) => zp_error(-63, "cannot reverse"),
        None => zp_error(-54, "invalid authority"),
    }
}

async fn zp_page(State(sim): State<Arc<Simulator>>, Path(authority): Path<String>) -> Response {
    page(&sim, &authority)
}

#[derive(Deserialize)]
struct SepToken {
    #[serde(rename = "Token", alias = "token")]
    token: String,
}

async fn sep_token(State(sim): State<Arc<Simulator>>, Json(body): Json<Value>) -> Response {
    let get = |k: &str| super::gateway::field(&body, &[k]);
    let amount = super::gateway::lenient_int(get("Amount")).unwrap_or(0);
    let redirect = super::gateway::lenient_text(get("RedirectUrl")).unwrap_or_default();
    let res_num = super::gateway::lenient_text(get("ResNum")).unwrap_or_default();
    let action_ok = super::gateway::lenient_text(get("action")).as_deref() == Some("token");
    if !action_ok || super::gateway::lenient_text(get("TerminalId")).is_none() {
        return Json(json!({ "status": -1, "errorCode": 5, "errorDesc": "invalid terminal" }))
            .into_response();
    }
    if amount < crate::domain::money::MIN_PAYABLE_RIALS
        || !redirect.starts_with("http")
        || res_num.is_empty()
    {
        return Json(json!({ "status": -1, "errorCode": 2, "errorDesc": "invalid request" }))
            .into_response();
    }
    let token = format!(
        "{:032x}",
        u128::from(sim.next_number()) * 0x9E37_79B9_7F4A_7C15
    );
    sim.sessions
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(
            token.clone(),
            Session {
                protocol: GatewayKind::Sep,
                amount,
                callback_url: redirect,
                res_num,
                outcome: None,
                verifications: 0,
                reference: String::new(),
                trace: String::new(),
                reversed: false,
            },
        );
    Json(json!({ "status": 1, "token": token })).into_response()
}

async fn sep_page(State(sim): State<Arc<Simulator>>, Form(f): Form<SepToken>) -> Response {
    page(&sim, &f.token)
}

async fn sep_page_get(State(sim): State<Arc<Simulator>>, Query(f): Query<SepToken>) -> Response {
    page(&sim, &f.token)
}

fn sep_result(code: i64, success: bool, detail: Value) -> Response {
    Json(json!({
        "TransactionDetail": detail,
        "ResultCode": code,
        "ResultDescription": if success { "Success" } else { "Transaction not found" },
        "Success": success,
    }))
    .into_response()
}

async fn sep_verify(State(sim): State<Arc<Simulator>>, Json(body): Json<Value>) -> Response {
    let token = sim.token_of(&body);
    let answer = sim.with(&token, |s| {
        let outcome = s.outcome.filter(|o| o.paid() && !s.reversed)?;
        let first = s.verifications == 0 && outcome != Outcome::VerifiedBefore;
        s.verifications += 1;
        let affective = if outcome == Outcome::Mismatch {
            s.amount - 50
        } else {
            s.amount
        };
        Some((
            first,
            outcome == Outcome::Slow,
            json!({
                "RRN": s.trace,
                "RefNum": s.reference,
                "MaskedPan": "621986******4321",
                "HashedPan": "",
                "TerminalNumber": 13_000_000,
                "OrginalAmount": s.amount,
                "AffectiveAmount": affective,
                "StraceDate": "2026-12-03 10:00:00",
                "StraceNo": s.trace,
            }),
        ))
    });
    match answer.flatten() {
        None => sep_result(-2, false, Value::Null),
        Some((first, slow, detail)) => {
            if slow {
                tokio::time::sleep(sim.slow).await;
            }
            sep_result(if first { 0 } else { 2 }, true, detail)
        }
    }
}

async fn sep_reverse(State(sim): State<Arc<Simulator>>, Json(body): Json<Value>) -> Response {
    let token = sim.token_of(&body);
    let done = sim.with(&token, |s| {
        let ok = s.verifications > 0 && !s.reversed;
        s.reversed |= ok;
        ok
    });
    match done {
        Some(true) => sep_result(0, true, Value::Null),
        _ => sep_result(-2, false, Value::Null),
    }
}

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn html_page(body: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>\
         body{{font-family:sans-serif;margin:0;padding:1rem;background:#f4f6f8;color:#1b1f24}}\
         main{{max-width:28rem;margin:0 auto;background:#fff;border-radius:.5rem;padding:1rem}}\
         button{{display:block;width:100%;min-height:44px;margin:.5rem 0;font-size:1rem;\
         border:1px solid #1f5f99;border-radius:.4rem;background:#fff;color:#1f5f99}}\
         button.primary{{background:#1f5f99;color:#fff}}</style></head>\
         <body><main>{body}</main></body></html>",
        title = copy::SIM_TITLE,
    );
    Html(html).into_response()
}

/// The payment page: the amount and one button per outcome.
fn page(sim: &Simulator, authority: &str) -> Response {
    let Some(amount) = sim.with(authority, |s| s.amount) else {
        return (
            StatusCode::NOT_FOUND,
            html_page(&format!("<p>{}</p>", copy::SIM_UNKNOWN)),
        )
            .into_response();
    };
    let buttons: String = Outcome::ALL
        .iter()
        .map(|o| {
            format!(
                "<button type=\"submit\" name=\"outcome\" value=\"{}\"{}>{}</button>",
                o.as_str(),
                if *o == Outcome::Paid {
                    " class=\"primary\""
                } else {
                    ""
                },
                o.label()
            )
        })
        .collect();
    html_page(&format!(
        "<h1>{title}</h1><p>{note}</p><p>{label}: <strong>{amount}</strong></p>\
         <form method=\"post\" action=\"/sim/pay/{authority}\">{buttons}</form>",
        title = copy::SIM_TITLE,
        note = copy::SIM_NOTE,
        label = copy::SIM_AMOUNT,
        amount = copy::isolate(&copy::rials_figure(amount)),
        authority = esc(authority),
    ))
}

#[derive(Deserialize)]
struct PayForm {
    outcome: String,
}

/// The payer's choice: back to the merchant as the protocol returns (a redirect for Zarinpal,
/// a posted form for SEP), twice, or not at all.
async fn pay(
    State(sim): State<Arc<Simulator>>,
    Path(authority): Path<String>,
    Form(f): Form<PayForm>,
) -> Response {
    let Some(outcome) = Outcome::parse(&f.outcome) else {
        return (StatusCode::BAD_REQUEST, "unknown outcome").into_response();
    };
    let next = sim.next_number();
    let Some((protocol, callback, fields)) = sim.with(&authority, |s| {
        s.outcome = Some(outcome);
        if outcome.paid() && s.reference.is_empty() {
            s.trace = format!("{}", 100_000 + next % 900_000);
            s.reference = match s.protocol {
                GatewayKind::Zarinpal => String::new(),
                GatewayKind::Sep => format!("GmshtyjwKSu{next}"),
            };
        }
        let sep_status = if outcome.paid() {
            "2"
        } else if outcome == Outcome::Cancel {
            "1"
        } else {
            "3"
        };
        let fields: Vec<(String, String)> = match s.protocol {
            GatewayKind::Zarinpal => vec![
                ("Authority".into(), authority.clone()),
                (
                    "Status".into(),
                    if outcome.paid() { "OK" } else { "NOK" }.into(),
                ),
            ],
            GatewayKind::Sep => vec![
                (
                    "State".into(),
                    if outcome.paid() {
                        "OK"
                    } else {
                        "CanceledByUser"
                    }
                    .into(),
                ),
                ("Status".into(), sep_status.into()),
                ("RefNum".into(), s.reference.clone()),
                ("ResNum".into(), s.res_num.clone()),
                ("TerminalId".into(), "13000000".into()),
                ("TraceNo".into(), s.trace.clone()),
                ("Amount".into(), s.amount.to_string()),
                ("Rrn".into(), s.trace.clone()),
                ("SecurePan".into(), "621986******4321".into()),
                ("Token".into(), authority.clone()),
            ],
        };
        (s.protocol, s.callback_url.clone(), fields)
    }) else {
        return (
            StatusCode::NOT_FOUND,
            html_page(&format!("<p>{}</p>", copy::SIM_UNKNOWN)),
        )
            .into_response();
    };
    if protocol == GatewayKind::Sep && outcome.paid() {
        let reference = sim
            .with(&authority, |s| s.reference.clone())
            .unwrap_or_default();
        sim.by_reference
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(reference, authority.clone());
    }
    if outcome == Outcome::Never {
        return html_page(&format!(
            "<h1>{}</h1><p>{}</p>",
            copy::SIM_TITLE,
            copy::SIM_DONE
        ));
    }
    if outcome == Outcome::Double {
        // The extra delivery, as a gateway's retry or a proxy's replay would send it.
        let client = sim.client.clone();
        let (url, form) = (callback.clone(), fields.clone());
        tokio::spawn(async move {
            let sent = match protocol {
                GatewayKind::Zarinpal => client.get(&url).query(&form).send().await,
                GatewayKind::Sep => client.post(&url).form(&form).send().await,
            };
            if let Err(e) = sent {
                tracing::warn!(error = %e, "the simulator's second callback was not delivered");
            }
        });
    }
    match protocol {
        GatewayKind::Zarinpal => {
            let query = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&fields)
                .finish();
            let sep = if callback.contains('?') { '&' } else { '?' };
            Redirect::to(&format!("{callback}{sep}{query}")).into_response()
        }
        GatewayKind::Sep => {
            let inputs: String = fields
                .iter()
                .map(|(k, v)| {
                    format!(
                        "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                        esc(k),
                        esc(v)
                    )
                })
                .collect();
            let mut res = html_page(&format!(
                "<form id=\"back\" method=\"post\" action=\"{action}\">{inputs}\
                 <button type=\"submit\" class=\"primary\">{label}</button></form>\
                 <script>document.getElementById('back').submit()</script>",
                action = esc(&callback),
                label = copy::SIM_CONTINUE,
            ));
            res.headers_mut()
                .insert(header::CACHE_CONTROL, "no-store".parse().expect("a header"));
            res
        }
    }
}

/// What the gateway saw of one session, for tests.
async fn session_state(
    State(sim): State<Arc<Simulator>>,
    Path(authority): Path<String>,
) -> Response {
    match sim.with(&authority, |s| {
        json!({
            "amount": s.amount,
            "outcome": s.outcome.map(Outcome::as_str),
            "verifications": s.verifications,
            "reference": s.reference,
            "reversed": s.reversed,
        })
    }) {
        Some(v) => Json(v).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
