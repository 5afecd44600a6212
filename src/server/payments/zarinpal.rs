//! Zarinpal, REST v4: `request.json` → redirect to `StartPay/{authority}` → callback
//! `?Authority=…&Status=OK|NOK` → `verify.json` with our amount (100 verified now, 101 verified
//! before: both success). `inquiry.json` says what became of an attempt whose callback never
//! came (it leads to verification, never replaces it); `reverse.json` gives a payment back
//! within 30 minutes. Amounts are rials (`currency` IRR, stated, so toman is never assumed).

use serde_json::{Value, json};

use super::gateway::{
    Attempt, Callback, GatewayError, GatewayFuture, PaymentGateway, Redirect, StartPayment,
    Started, field, lenient_int, lenient_text, param, post_json,
};
use crate::domain::payment::{Failure, GatewayKind, Inquiry, Verdict};
use crate::server::platform::secret::Secret;

pub struct Zarinpal {
    base_url: String,
    merchant_id: Secret,
    client: reqwest::Client,
}

impl Zarinpal {
    /// `base_url` is `https://payment.zarinpal.com` (the sandbox mirrors the paths).
    pub fn new(base_url: String, merchant_id: Secret) -> Zarinpal {
        Zarinpal {
            base_url: base_url.trim_end_matches('/').to_string(),
            merchant_id,
            client: super::gateway::http_client(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/pg/v4/payment/{path}", self.base_url)
    }

    async fn call(&self, path: &str, body: Value) -> Result<(i64, Value), GatewayError> {
        let answer = post_json(&self.client, &self.url(path), &body).await?;
        answer_code(&answer)
    }

    async fn verify_now(&self, attempt: &Attempt) -> Result<Verdict, GatewayError> {
        let (code, data) = self
            .call(
                "verify.json",
                json!({
                    "merchant_id": self.merchant_id.expose(),
                    "authority": attempt.authority,
                    "amount": attempt.amount.0,
                }),
            )
            .await?;
        let reference = lenient_text(field(&data, &["ref_id"]));
        let card = lenient_text(field(&data, &["card_pan"]));
        Ok(crate::domain::payment::zarinpal_verdict(
            code,
            reference,
            card.as_deref(),
        ))
    }
}

/// The code of an answer, from `data.code` on success or `errors.code` on failure.
fn answer_code(answer: &Value) -> Result<(i64, Value), GatewayError> {
    let data = answer.get("data").cloned().unwrap_or(Value::Null);
    if let Some(code) = lenient_int(field(&data, &["code"])) {
        return Ok((code, data));
    }
    let errors = answer.get("errors").cloned().unwrap_or(Value::Null);
    match lenient_int(field(&errors, &["code"])) {
        Some(code) => Ok((code, errors)),
        None => Err(GatewayError::Unreachable(
            "an answer without a code".to_string(),
        )),
    }
}

impl PaymentGateway for Zarinpal {
    fn kind(&self) -> GatewayKind {
        GatewayKind::Zarinpal
    }

    fn page_origin(&self) -> String {
        self.base_url.clone()
    }

    fn start<'a>(&'a self, payment: &'a StartPayment) -> GatewayFuture<'a, Started> {
        Box::pin(async move {
            let mut metadata = json!({ "order_id": payment.order_id });
            if let Some(m) = &payment.mobile {
                metadata["mobile"] = json!(m);
            }
            if let Some(e) = &payment.email {
                metadata["email"] = json!(e);
            }
            let (code, data) = self
                .call(
                    "request.json",
                    json!({
                        "merchant_id": self.merchant_id.expose(),
                        "amount": payment.amount.0,
                        "currency": "IRR",
                        "callback_url": payment.callback_url,
                        "description": payment.description,
                        "metadata": metadata,
                    }),
                )
                .await?;
            let authority = lenient_text(field(&data, &["authority"]));
            match (code, authority) {
                (100, Some(authority)) => Ok(Started {
                    redirect: Redirect::Get(format!("{}/pg/StartPay/{authority}", self.base_url)),
                    authority,
                }),
                (code, _) => Err(GatewayError::Refused {
                    code,
                    message: lenient_text(field(&data, &["message"])).unwrap_or_default(),
                }),
            }
        })
    }

    fn callback(&self, params: &[(String, String)]) -> Option<Callback> {
        let authority = param(params, "Authority")?.to_string();
        let failure = match param(params, "Status") {
            Some(s) if s.eq_ignore_ascii_case("OK") => None,
            // NOK: the payer cancelled or the bank declined; Zarinpal does not say which.
            _ => Some(Failure::Cancelled),
        };
        Some(Callback {
            authority,
            reference: None,
            failure,
        })
    }

    fn verify<'a>(&'a self, attempt: &'a Attempt) -> GatewayFuture<'a, Verdict> {
        Box::pin(self.verify_now(attempt))
    }

    fn reconcile<'a>(&'a self, attempt: &'a Attempt) -> GatewayFuture<'a, Verdict> {
        Box::pin(async move {
            let (code, data) = self
                .call(
                    "inquiry.json",
                    json!({
                        "merchant_id": self.merchant_id.expose(),
                        "authority": attempt.authority,
                    }),
                )
                .await?;
            if code == -54 || code == -53 {
                return Ok(Verdict::Failed(Failure::Declined));
            }
            let status = lenient_text(field(&data, &["status"])).unwrap_or_default();
            Ok(match crate::domain::payment::zarinpal_inquiry(&status) {
                Inquiry::Verify => self.verify_now(attempt).await?,
                Inquiry::Failed(f) => Verdict::Failed(f),
                Inquiry::Wait => Verdict::Undecided,
            })
        })
    }

    fn reverse<'a>(&'a self, attempt: &'a Attempt) -> GatewayFuture<'a, bool> {
        Box::pin(async move {
            let (code, _) = self
                .call(
                    "reverse.json",
                    json!({
                        "merchant_id": self.merchant_id.expose(),
                        "authority": attempt.authority,
                    }),
                )
                .await?;
            Ok(code == 100)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_come_from_data_or_errors() {
        let ok = json!({"data": {"code": 100, "authority": "A0001"}, "errors": []});
        assert_eq!(answer_code(&ok).map(|(c, _)| c).ok(), Some(100));
        let err = json!({"data": [], "errors": {"code": -50, "message": "amount"}});
        assert_eq!(answer_code(&err).map(|(c, _)| c).ok(), Some(-50));
        assert!(answer_code(&json!({"hello": 1})).is_err());
    }

    #[test]
    fn a_callback_is_read_not_believed() {
        let z = Zarinpal::new("http://gw".into(), Secret::new("m"));
        let p = |s: &str| {
            vec![
                ("Authority".to_string(), "A1".to_string()),
                ("Status".to_string(), s.to_string()),
            ]
        };
        assert_eq!(z.callback(&p("OK")).and_then(|c| c.failure), None);
        assert_eq!(
            z.callback(&p("NOK")).and_then(|c| c.failure),
            Some(Failure::Cancelled)
        );
        assert!(z.callback(&[("Status".into(), "OK".into())]).is_none());
    }
}
