//! Payments as applicants, staff and the finance office see them: a paid request's receipt,
//! refunds, the finance report. (What a type costs comes with its form, `type_form`; paying
//! itself is plain HTTP: `web::payments`.)

use leptos::prelude::*;

use crate::wire::{AppError, ReceiptDto};

/// The receipt of a request's paid fee: for its applicant, and staff who may see the request.
#[server(prefix = "/api", endpoint = "payment_receipt")]
pub async fn payment_receipt(code: String) -> Result<ReceiptDto, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            crate::server::payments::flow::receipt(&ctx::state()?, &ctx::user()?, &code).await
        }
        .await,
    )
}

/// An admin gives back a request's paid fee, with a reason; returns what was done, in Persian
/// (reversed through the gateway, or recorded for the finance office).
#[server(prefix = "/api", endpoint = "refund_payment")]
pub async fn refund_payment(code: String, reason: String) -> Result<String, AppError> {
    use crate::api::ctx;
    use crate::server::payments::flow::Refunded;
    ctx::respond(
        async {
            let admin = ctx::require(crate::domain::account::Access::Admin)?;
            let done =
                crate::server::payments::flow::refund(&ctx::state()?, &admin, &code, &reason)
                    .await?;
            Ok(match done {
                Refunded::Reversed => crate::copy::REFUND_DONE_REVERSED,
                Refunded::Recorded => crate::copy::REFUND_DONE_RECORDED,
            }
            .to_string())
        }
        .await,
    )
}

impl crate::api::FromFormFields for RefundPayment {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        RefundPayment {
            code: f.get("code"),
            reason: f.get("reason"),
        }
    }
}

/// The finance report of a Jalali year (this year when none is given): for supervisors and
/// admins.
#[server(prefix = "/api", endpoint = "finance_report")]
pub async fn finance_report(year: Option<String>) -> Result<crate::wire::FinanceReport, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            ctx::require(crate::domain::account::Access::Supervisor)?;
            let state = ctx::state()?;
            let year =
                crate::server::payments::report::year_of(year.as_deref(), state.db.now_ms())?;
            crate::server::payments::report::finance(&state, year).await
        }
        .await,
    )
}
