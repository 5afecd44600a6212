//! The interface every payment gateway adapter speaks, and the one this deployment uses.
//!
//! An adapter turns our four questions (start a payment, read a callback, verify, settle one
//! whose callback never came) into its gateway's documented wire protocol over HTTP. It never
//! decides what happens to our rows: it answers with a [`Verdict`], and `payments::flow` applies
//! it exactly once.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use crate::domain::money::Rials;
use crate::domain::payment::{GatewayKind, Verdict};
use crate::server::platform::config::GatewaySettings;

pub type GatewayFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, GatewayError>> + Send + 'a>>;

/// A payment to open at the gateway.
#[derive(Debug, Clone)]
pub struct StartPayment {
    /// Our id for it (SEP's `ResNum`, Zarinpal's `order_id`): unique, never reused.
    pub order_id: String,
    pub amount: Rials,
    /// Where the gateway sends the payer back.
    pub callback_url: String,
    pub description: String,
    pub mobile: Option<String>,
    pub email: Option<String>,
}

/// How the payer's browser reaches the gateway's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redirect {
    /// A plain redirect (Zarinpal's StartPay).
    Get(String),
    /// A form posted to the gateway (SEP's token).
    Post {
        url: String,
        fields: Vec<(String, String)>,
    },
}

/// An opened payment: the gateway's id for it and where to send the payer.
#[derive(Debug, Clone)]
pub struct Started {
    /// Zarinpal's authority, SEP's token: unique per gateway in our table.
    pub authority: String,
    pub redirect: Redirect,
}

/// What a callback says, before anything is believed: it names an attempt and claims an
/// outcome that only the gateway's verification can confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    pub authority: String,
    /// The gateway's reference when the callback carries one (SEP's `RefNum`), needed to verify.
    pub reference: Option<String>,
    /// The failure the callback reports (cancelled, declined), which needs no verification: a
    /// payment reported failed is not credited whatever else is true.
    pub failure: Option<crate::domain::payment::Failure>,
}

/// An attempt to ask the gateway about, with our amount (never the callback's).
#[derive(Debug, Clone)]
pub struct Attempt {
    pub authority: String,
    pub reference: Option<String>,
    pub amount: Rials,
    pub created_at: i64,
    pub now: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// No answer, or an answer that is not the protocol's: try again later.
    #[error("gateway unreachable: {0}")]
    Unreachable(String),
    /// The gateway refused the request (its code and words, for the log).
    #[error("gateway refused: {code} {message}")]
    Refused { code: i64, message: String },
}

/// One gateway protocol.
pub trait PaymentGateway: Send + Sync {
    fn kind(&self) -> GatewayKind;

    /// The origin of the gateway's payment page: the pages' `form-action` must allow it.
    fn page_origin(&self) -> String;

    /// Opens a payment for `amount` and says where to send the payer.
    fn start<'a>(&'a self, payment: &'a StartPayment) -> GatewayFuture<'a, Started>;

    /// Reads a callback's parameters (query or form); `None` when they are not this protocol's.
    fn callback(&self, params: &[(String, String)]) -> Option<Callback>;

    /// Verifies the attempt with our amount: the only way money is confirmed.
    fn verify<'a>(&'a self, attempt: &'a Attempt) -> GatewayFuture<'a, Verdict>;

    /// Settles an attempt whose callback never came (or whose verification was cut off):
    /// asks the gateway what became of it, verifying where it was paid.
    fn reconcile<'a>(&'a self, attempt: &'a Attempt) -> GatewayFuture<'a, Verdict>;

    /// Gives back a verified payment where the protocol allows (within its window); `false`
    /// when the gateway declines (then the refund is recorded for the finance office).
    fn reverse<'a>(&'a self, attempt: &'a Attempt) -> GatewayFuture<'a, bool>;
}

/// The HTTP client the adapters share: short timeouts (a payer is waiting), no redirects.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(20))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_default()
}

/// The adapter the configuration names.
pub fn from_settings(settings: &GatewaySettings) -> Arc<dyn PaymentGateway> {
    match settings.kind {
        GatewayKind::Zarinpal => Arc::new(super::zarinpal::Zarinpal::new(
            settings.base_url.clone(),
            settings.merchant.clone(),
        )),
        GatewayKind::Sep => Arc::new(super::sep::Sep::new(
            settings.base_url.clone(),
            settings.merchant.clone(),
        )),
    }
}

/// POSTs `body` as JSON and reads the JSON answer, whatever its HTTP status (gateways answer
/// their errors with 4xx and a JSON body).
pub(super) async fn post_json(
    client: &reqwest::Client,
    url: &str,
    body: &serde_json::Value,
) -> Result<serde_json::Value, GatewayError> {
    let res = client
        .post(url)
        .header(reqwest::header::ACCEPT, "application/json")
        .json(body)
        .send()
        .await
        .map_err(|e| GatewayError::Unreachable(describe(&e)))?;
    let status = res.status();
    let text = res
        .text()
        .await
        .map_err(|e| GatewayError::Unreachable(describe(&e)))?;
    serde_json::from_str(&text)
        .map_err(|_| GatewayError::Unreachable(format!("HTTP {status}: not JSON")))
}

fn describe(e: &reqwest::Error) -> String {
    let mut out = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// A number that gateways send as a number or as text (SEP's fields drift between the two).
pub(super) fn lenient_int(v: Option<&serde_json::Value>) -> Option<i64> {
    match v? {
        serde_json::Value::Number(n) => n.as_i64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A text field sent as text or as a number.
pub(super) fn lenient_text(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The first of several spellings of a field that is present (`OrginalAmount`,
/// `OriginalAmount`, `originalAmount` …), compared without case.
pub(super) fn field<'a>(
    obj: &'a serde_json::Value,
    names: &[&str],
) -> Option<&'a serde_json::Value> {
    let map = obj.as_object()?;
    names.iter().find_map(|name| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// A parameter of a callback, by name without case.
pub(super) fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sep_spellings_are_read_leniently() {
        let v = serde_json::json!({"OrginalAmount": "150000", "affectiveamount": 150000});
        assert_eq!(
            lenient_int(field(&v, &["OriginalAmount", "OrginalAmount"])),
            Some(150_000)
        );
        assert_eq!(
            lenient_int(field(&v, &["AffectiveAmount", "AffectedAmount"])),
            Some(150_000)
        );
        assert_eq!(
            lenient_text(Some(&serde_json::json!(12345))),
            Some("12345".into())
        );
        assert_eq!(lenient_text(Some(&serde_json::json!("  "))), None);
    }
}
