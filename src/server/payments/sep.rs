//! Saman Electronic Payment (SEP), REST: a token (`onlinepg/onlinepg`, action `token`) → the
//! payer's browser posts it to `OnlinePG/OnlinePG` → the callback is a form post with `Status`
//! (2 is paid), `RefNum`, `ResNum`, `Token`, `TraceNo` and the masked card → `VerifyTransaction`
//! with the `RefNum`. SEP leaves comparing the affected amount with ours to us, and cannot
//! verify a payment older than 30 minutes (−6: the bank returns it). Field names are spelled
//! inconsistently across versions (`OrginalAmount`), so answers are read leniently.

use serde_json::json;

use super::gateway::{
    Attempt, Callback, GatewayError, GatewayFuture, PaymentGateway, Redirect, StartPayment,
    Started, field, lenient_int, lenient_text, param, post_json,
};
use crate::domain::payment::{Failure, GatewayKind, Settlement, Verdict};
use crate::server::platform::secret::Secret;

/// SEP verifies within this long after the payment; after it, the bank gives the money back.
const VERIFY_WINDOW_MS: i64 = 30 * 60_000;

pub struct Sep {
    base_url: String,
    terminal_id: Secret,
    client: reqwest::Client,
}

impl Sep {
    /// `base_url` is `https://sep.shaparak.ir`.
    pub fn new(base_url: String, terminal_id: Secret) -> Sep {
        Sep {
            base_url: base_url.trim_end_matches('/').to_string(),
            terminal_id,
            client: super::gateway::http_client(),
        }
    }

    async fn verify_reference(
        &self,
        attempt: &Attempt,
        reference: &str,
    ) -> Result<Verdict, GatewayError> {
        let answer = post_json(
            &self.client,
            &format!(
                "{}/verifyTxnRandomSessionkey/ipg/VerifyTransaction",
                self.base_url
            ),
            &json!({
                "RefNum": reference,
                "TerminalNumber": self.terminal_number(),
            }),
        )
        .await?;
        let Some(code) = lenient_int(field(&answer, &["ResultCode"])) else {
            return Err(GatewayError::Unreachable(
                "an answer without a ResultCode".into(),
            ));
        };
        let success = field(&answer, &["Success"])
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
        let detail = field(&answer, &["TransactionDetail"])
            .cloned()
            .unwrap_or_default();
        let affective = lenient_int(field(
            &detail,
            &["AffectiveAmount", "AffectedAmount", "AfectiveAmount"],
        ));
        let settlement = Settlement {
            reference: lenient_text(field(&detail, &["RefNum"]))
                .unwrap_or_else(|| reference.to_string()),
            card_mask: lenient_text(field(&detail, &["MaskedPan"]))
                .and_then(|p| crate::domain::payment::mask_card(&p)),
            trace: lenient_text(field(&detail, &["RRN", "StraceNo"])),
        };
        Ok(crate::domain::payment::sep_verdict(
            code,
            success,
            affective,
            attempt.amount.0,
            settlement,
        ))
    }

    /// The terminal as a number when it is one (SEP's JSON expects a number).
    fn terminal_number(&self) -> serde_json::Value {
        let t = self.terminal_id.expose();
        t.parse::<i64>().map_or_else(|_| json!(t), |n| json!(n))
    }
}

impl PaymentGateway for Sep {
    fn kind(&self) -> GatewayKind {
        GatewayKind::Sep
    }

    fn page_origin(&self) -> String {
        self.base_url.clone()
    }

    fn start<'a>(&'a self, payment: &'a StartPayment) -> GatewayFuture<'a, Started> {
        Box::pin(async move {
            let mut body = json!({
                "action": "token",
                "TerminalId": self.terminal_id.expose(),
                "Amount": payment.amount.0,
                "ResNum": payment.order_id,
                "RedirectUrl": payment.callback_url,
            });
            if let Some(m) = &payment.mobile {
                body["CellNumber"] = json!(m);
            }
            let answer = post_json(
                &self.client,
                &format!("{}/onlinepg/onlinepg", self.base_url),
                &body,
            )
            .await?;
            let status = lenient_int(field(&answer, &["status"]));
            match (status, lenient_text(field(&answer, &["token"]))) {
                (Some(1), Some(token)) => Ok(Started {
                    redirect: Redirect::Post {
                        url: format!("{}/OnlinePG/OnlinePG", self.base_url),
                        fields: vec![("Token".into(), token.clone())],
                    },
                    authority: token,
                }),
                _ => Err(GatewayError::Refused {
                    code: lenient_int(field(&answer, &["errorCode"])).unwrap_or(-1),
                    message: lenient_text(field(&answer, &["errorDesc"])).unwrap_or_default(),
                }),
            }
        })
    }

    fn callback(&self, params: &[(String, String)]) -> Option<Callback> {
        let authority = param(params, "Token")?.to_string();
        let status = param(params, "Status").and_then(|s| s.parse::<i64>().ok());
        let failure = match status {
            Some(s) => crate::domain::payment::sep_callback_failure(s),
            None => Some(Failure::Declined),
        };
        Some(Callback {
            authority,
            reference: param(params, "RefNum").map(str::to_string),
            failure,
        })
    }

    fn verify<'a>(&'a self, attempt: &'a Attempt) -> GatewayFuture<'a, Verdict> {
        Box::pin(async move {
            match attempt.reference.as_deref() {
                Some(reference) => self.verify_reference(attempt, reference).await,
                // Nothing to verify without the callback's reference.
                None => Ok(Verdict::Undecided),
            }
        })
    }

    fn reconcile<'a>(&'a self, attempt: &'a Attempt) -> GatewayFuture<'a, Verdict> {
        Box::pin(async move {
            match attempt.reference.as_deref() {
                // The callback came (our verification was cut off): verifying again is safe,
                // SEP answers a second verification with the same details.
                Some(reference) => self.verify_reference(attempt, reference).await,
                // No callback, so no reference: after SEP's verification window an unverified
                // payment is returned by the bank; before it, wait.
                None if attempt.now.saturating_sub(attempt.created_at) >= VERIFY_WINDOW_MS => {
                    Ok(Verdict::Failed(Failure::Expired))
                }
                None => Ok(Verdict::Undecided),
            }
        })
    }

    fn reverse<'a>(&'a self, attempt: &'a Attempt) -> GatewayFuture<'a, bool> {
        Box::pin(async move {
            let Some(reference) = attempt.reference.as_deref() else {
                return Ok(false);
            };
            let answer = post_json(
                &self.client,
                &format!(
                    "{}/verifyTxnRandomSessionkey/ipg/ReverseTransaction",
                    self.base_url
                ),
                &json!({ "RefNum": reference, "TerminalNumber": self.terminal_number() }),
            )
            .await?;
            Ok(lenient_int(field(&answer, &["ResultCode"])) == Some(0)
                && field(&answer, &["Success"]).and_then(serde_json::Value::as_bool) == Some(true))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_callback_carries_the_token_and_the_reference() {
        let s = Sep::new("http://gw".into(), Secret::new("13000000"));
        let p = |status: &str| {
            vec![
                ("Token".to_string(), "tok".to_string()),
                ("Status".to_string(), status.to_string()),
                ("RefNum".to_string(), "R9".to_string()),
            ]
        };
        let paid = s.callback(&p("2")).expect("a SEP callback");
        assert_eq!(paid.authority, "tok");
        assert_eq!(paid.reference.as_deref(), Some("R9"));
        assert_eq!(paid.failure, None);
        assert_eq!(
            s.callback(&p("1")).and_then(|c| c.failure),
            Some(Failure::Cancelled)
        );
        assert!(s.callback(&[("Status".into(), "2".into())]).is_none());
    }
}
