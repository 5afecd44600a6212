//! Paying a request's fee through a Shaparak gateway: the states of one attempt, and what the
//! gateways' answers mean.
//!
//! An attempt moves `pending → verifying → paid | failed` and nothing else: `verifying` is held
//! by whoever asked the gateway (a callback or the reconciliation job), so a doubled callback,
//! a replay, or two instances never verify the same attempt into two credits. A paid attempt may
//! later be refunded. Money is integer rials throughout (see [`crate::domain::money`]).

use serde::{Deserialize, Serialize};

use crate::copy;

/// Minutes after which an attempt with no callback is asked about at the gateway: past the
/// gateways' own session time (Zarinpal's authority and SEP's token last about 15–20 minutes).
pub const RECONCILE_AFTER_MS: i64 = 20 * 60_000;

/// How long a verification may hold an attempt before another instance may take it over: far
/// beyond a gateway's answer time, so a slow gateway is not asked twice at once.
pub const VERIFY_LEASE_MS: i64 = 2 * 60_000;

/// After this long without a settled answer, an attempt is given up as failed: the gateways
/// return unverified money to the payer within 72 hours.
pub const GIVE_UP_AFTER_MS: i64 = 72 * 3_600_000;

/// Where one payment attempt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    /// Sent to the gateway; the payer has not come back (or the callback was not handled yet).
    Pending,
    /// Someone is asking the gateway to verify it right now.
    Verifying,
    Paid,
    Failed,
    /// Paid, then given back.
    Refunded,
}

impl PaymentState {
    pub const ALL: [PaymentState; 5] = [
        PaymentState::Pending,
        PaymentState::Verifying,
        PaymentState::Paid,
        PaymentState::Failed,
        PaymentState::Refunded,
    ];

    /// The stable database value.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentState::Pending => "pending",
            PaymentState::Verifying => "verifying",
            PaymentState::Paid => "paid",
            PaymentState::Failed => "failed",
            PaymentState::Refunded => "refunded",
        }
    }

    pub fn parse(s: &str) -> Option<PaymentState> {
        PaymentState::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Whether the attempt may still turn into money: one request never has two at once.
    pub fn in_flight(self) -> bool {
        matches!(self, PaymentState::Pending | PaymentState::Verifying)
    }

    pub fn label_fa(self) -> &'static str {
        match self {
            PaymentState::Pending | PaymentState::Verifying => copy::PAYMENT_STATE_PENDING,
            PaymentState::Paid => copy::PAYMENT_STATE_PAID,
            PaymentState::Failed => copy::PAYMENT_STATE_FAILED,
            PaymentState::Refunded => copy::PAYMENT_STATE_REFUNDED,
        }
    }
}

/// Why an attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// The payer left the gateway's page without paying.
    Cancelled,
    /// The bank or the gateway declined it (wrong card details, no balance, unknown session).
    Declined,
    /// The gateway's amount is not ours: never credited.
    AmountMismatch,
    /// No answer came in time, or the gateway can no longer verify it.
    Expired,
    /// The gateway reversed it before we verified it.
    Reversed,
    /// The gateway never opened it (unreachable, or it refused the request): no payer reached it.
    NotStarted,
}

impl Failure {
    pub const ALL: [Failure; 6] = [
        Failure::Cancelled,
        Failure::Declined,
        Failure::AmountMismatch,
        Failure::Expired,
        Failure::Reversed,
        Failure::NotStarted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Failure::Cancelled => "cancelled",
            Failure::Declined => "declined",
            Failure::AmountMismatch => "amount_mismatch",
            Failure::Expired => "expired",
            Failure::Reversed => "reversed",
            Failure::NotStarted => "not_started",
        }
    }

    pub fn parse(s: &str) -> Option<Failure> {
        Failure::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// What the payer is told.
    pub fn message(self) -> &'static str {
        match self {
            Failure::Cancelled => copy::PAYMENT_FAILED_CANCELLED,
            Failure::Declined => copy::PAYMENT_FAILED_DECLINED,
            Failure::AmountMismatch => copy::PAYMENT_FAILED_MISMATCH,
            Failure::Expired => copy::PAYMENT_FAILED_EXPIRED,
            Failure::Reversed => copy::PAYMENT_FAILED_REVERSED,
            Failure::NotStarted => copy::PAYMENT_FAILED_NOT_STARTED,
        }
    }

    /// Whether money may have left the payer's account (then they are told when it comes back).
    pub fn money_may_have_left(self) -> bool {
        !matches!(self, Failure::Cancelled | Failure::NotStarted)
    }
}

/// Which gateway protocol an attempt went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GatewayKind {
    /// Zarinpal, REST v4.
    Zarinpal,
    /// Saman Electronic Payment (SEP), REST.
    Sep,
}

impl GatewayKind {
    pub const ALL: [GatewayKind; 2] = [GatewayKind::Zarinpal, GatewayKind::Sep];

    pub fn as_str(self) -> &'static str {
        match self {
            GatewayKind::Zarinpal => "zarinpal",
            GatewayKind::Sep => "sep",
        }
    }

    pub fn parse(s: &str) -> Option<GatewayKind> {
        GatewayKind::ALL.into_iter().find(|g| g.as_str() == s)
    }

    pub fn label_fa(self) -> &'static str {
        match self {
            GatewayKind::Zarinpal => copy::GATEWAY_ZARINPAL,
            GatewayKind::Sep => copy::GATEWAY_SEP,
        }
    }
}

/// What the gateway's reference numbers say about a paid attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    /// The number on the receipt (Zarinpal's `ref_id`, SEP's `RefNum`): unique per gateway.
    pub reference: String,
    /// The card, masked («۶۰۳۷۹۹******۱۲۳۴» once shown).
    pub card_mask: Option<String>,
    /// The bank's trace number (SEP's `TraceNo`/`RRN`), when given.
    pub trace: Option<String>,
}

/// The gateway's answer to "is this attempt paid?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Paid(Settlement),
    Failed(Failure),
    /// No decision yet (the gateway is unreachable, busy, or the payer is still at the bank):
    /// ask again later.
    Undecided,
}

/// Zarinpal's `verify.json` code: 100 (verified now) and 101 (verified before) are both
/// success; −50 is an amount that is not ours; −51 a failed payment; −54 and −53 an authority
/// the gateway does not know for us. Anything else (−9 validation, −10/−11 merchant, −12 too
/// many attempts, a network error) decides nothing.
pub fn zarinpal_verdict(code: i64, ref_id: Option<String>, card: Option<&str>) -> Verdict {
    match (code, ref_id) {
        (100 | 101, Some(reference)) if !reference.trim().is_empty() => Verdict::Paid(Settlement {
            reference: reference.trim().to_string(),
            card_mask: card.and_then(mask_card),
            trace: None,
        }),
        (-50, _) => Verdict::Failed(Failure::AmountMismatch),
        (-51 | -53 | -54, _) => Verdict::Failed(Failure::Declined),
        _ => Verdict::Undecided,
    }
}

/// Zarinpal's `inquiry.json` status: whether to verify (paid, or verified already), wait, or
/// give the attempt up. Inquiry never stands in for verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inquiry {
    Verify,
    Wait,
    Failed(Failure),
}

pub fn zarinpal_inquiry(status: &str) -> Inquiry {
    match status.trim().to_ascii_uppercase().as_str() {
        "PAID" | "VERIFIED" => Inquiry::Verify,
        "FAILED" => Inquiry::Failed(Failure::Declined),
        "REVERSED" => Inquiry::Failed(Failure::Reversed),
        _ => Inquiry::Wait,
    }
}

/// SEP's callback `Status`: 2 is paid; 1 cancelled by the payer; the rest failed or timed out.
pub fn sep_callback_failure(status: i64) -> Option<Failure> {
    match status {
        2 => None,
        1 => Some(Failure::Cancelled),
        4 => Some(Failure::Expired),
        _ => Some(Failure::Declined),
    }
}

/// SEP's `VerifyTransaction` answer. Success is `ResultCode` 0 with `Success` true *and* the
/// affected amount equal to ours, which SEP leaves to the merchant to compare; −2 is an
/// unknown reference, −6 a payment older than 30 minutes that can no longer be verified (the
/// bank returns it).
pub fn sep_verdict(
    result_code: i64,
    success: bool,
    affective_amount: Option<i64>,
    ours: i64,
    settlement: Settlement,
) -> Verdict {
    match result_code {
        0 if success => match affective_amount {
            Some(a) if a == ours => Verdict::Paid(settlement),
            Some(_) => Verdict::Failed(Failure::AmountMismatch),
            None => Verdict::Undecided,
        },
        // Verified before: SEP answers 2 with the same details.
        2 if affective_amount == Some(ours) => Verdict::Paid(settlement),
        2 => Verdict::Failed(Failure::AmountMismatch),
        -2 => Verdict::Failed(Failure::Declined),
        -6 => Verdict::Failed(Failure::Expired),
        _ => Verdict::Undecided,
    }
}

/// A card number as the gateways hand it back (`603799******1234`, `6037-99**-****-1234`,
/// with or without spaces), as six digits, stars and four digits; `None` when it is not a
/// masked card (a full card number is never kept: its middle is starred).
pub fn mask_card(raw: &str) -> Option<String> {
    let kept: Vec<char> = raw
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '*' || *c == 'X' || *c == 'x')
        .map(|c| if c.is_ascii_digit() { c } else { '*' })
        .collect();
    if !(12..=19).contains(&kept.len()) {
        return None;
    }
    let n = kept.len();
    Some(
        kept.iter()
            .enumerate()
            .map(|(i, c)| if i < 6 || i >= n - 4 { *c } else { '*' })
            .collect(),
    )
}

/// Whether an attempt created at `created_at` and still pending at `now` should be asked about
/// at the gateway (its callback did not come).
pub fn due_for_reconciliation(created_at: i64, now: i64) -> bool {
    now.saturating_sub(created_at) >= RECONCILE_AFTER_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paid(reference: &str) -> Settlement {
        Settlement {
            reference: reference.into(),
            card_mask: None,
            trace: None,
        }
    }

    #[test]
    fn zarinpal_counts_100_and_101_as_paid_and_nothing_else() {
        for code in [100, 101] {
            assert_eq!(
                zarinpal_verdict(code, Some("201".into()), Some("6037-99**-****-1234")),
                Verdict::Paid(Settlement {
                    reference: "201".into(),
                    card_mask: Some("603799******1234".into()),
                    trace: None,
                })
            );
        }
        // A success code without a reference is no receipt.
        assert_eq!(zarinpal_verdict(100, None, None), Verdict::Undecided);
        assert_eq!(
            zarinpal_verdict(-50, None, None),
            Verdict::Failed(Failure::AmountMismatch)
        );
        assert_eq!(
            zarinpal_verdict(-51, None, None),
            Verdict::Failed(Failure::Declined)
        );
        for code in [-9, -10, -11, -12, 0, 102] {
            assert_eq!(zarinpal_verdict(code, None, None), Verdict::Undecided);
        }
    }

    #[test]
    fn zarinpal_inquiry_leads_to_verification_never_to_credit() {
        assert_eq!(zarinpal_inquiry("PAID"), Inquiry::Verify);
        assert_eq!(zarinpal_inquiry("verified"), Inquiry::Verify);
        assert_eq!(zarinpal_inquiry("IN_BANK"), Inquiry::Wait);
        assert_eq!(
            zarinpal_inquiry("REVERSED"),
            Inquiry::Failed(Failure::Reversed)
        );
        assert_eq!(
            zarinpal_inquiry("FAILED"),
            Inquiry::Failed(Failure::Declined)
        );
    }

    #[test]
    fn sep_compares_the_affected_amount_itself() {
        assert_eq!(
            sep_verdict(0, true, Some(150_000), 150_000, paid("R1")),
            Verdict::Paid(paid("R1"))
        );
        assert_eq!(
            sep_verdict(0, true, Some(149_990), 150_000, paid("R1")),
            Verdict::Failed(Failure::AmountMismatch)
        );
        assert_eq!(
            sep_verdict(0, false, Some(150_000), 150_000, paid("R1")),
            Verdict::Undecided
        );
        assert_eq!(
            sep_verdict(-6, false, None, 150_000, paid("R1")),
            Verdict::Failed(Failure::Expired)
        );
        assert_eq!(
            sep_verdict(-2, false, None, 150_000, paid("R1")),
            Verdict::Failed(Failure::Declined)
        );
        assert_eq!(sep_callback_failure(2), None);
        assert_eq!(sep_callback_failure(1), Some(Failure::Cancelled));
        assert_eq!(sep_callback_failure(3), Some(Failure::Declined));
    }

    #[test]
    fn cards_are_kept_masked() {
        assert_eq!(
            mask_card("603799******1234").as_deref(),
            Some("603799******1234")
        );
        assert_eq!(
            mask_card("6037 9912 3456 1234").as_deref(),
            Some("603799******1234")
        );
        assert_eq!(
            mask_card("6037-99XX-XXXX-1234").as_deref(),
            Some("603799******1234")
        );
        assert_eq!(mask_card("1234"), None);
        assert_eq!(mask_card(""), None);
    }

    #[test]
    fn states_and_reasons_round_trip() {
        for s in PaymentState::ALL {
            assert_eq!(PaymentState::parse(s.as_str()), Some(s));
        }
        for f in Failure::ALL {
            assert_eq!(Failure::parse(f.as_str()), Some(f));
        }
        for g in GatewayKind::ALL {
            assert_eq!(GatewayKind::parse(g.as_str()), Some(g));
        }
        assert!(PaymentState::Pending.in_flight() && PaymentState::Verifying.in_flight());
        assert!(!PaymentState::Paid.in_flight() && !PaymentState::Failed.in_flight());
        assert!(!Failure::Cancelled.money_may_have_left());
        assert!(!Failure::NotStarted.money_may_have_left());
        assert!(Failure::Expired.money_may_have_left());
    }

    #[test]
    fn reconciliation_waits_for_the_gateways_session_to_end() {
        assert!(!due_for_reconciliation(0, RECONCILE_AFTER_MS - 1));
        assert!(due_for_reconciliation(0, RECONCILE_AFTER_MS));
    }
}
