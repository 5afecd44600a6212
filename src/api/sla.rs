//! The SLA reports: the supervisors' dashboard and the public figures.

use leptos::prelude::*;

use crate::wire::AppError;
use crate::wire::{SlaDashboard, SlaPublic};

/// The dashboard for the twelve Jalali months ending at `month` (`year * 12 + month - 1`; empty
/// or out of range: this month). Supervisors and admins.
#[server(prefix = "/api", endpoint = "sla_dashboard")]
pub async fn load_sla_dashboard(month: Option<String>) -> Result<SlaDashboard, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            ctx::require(crate::domain::account::Access::Supervisor)?;
            let state = ctx::state()?;
            let asked = month.as_deref().and_then(|m| m.trim().parse::<i64>().ok());
            let month = crate::server::sla::report::dashboard_month(asked, state.db.now_ms());
            crate::server::sla::report::dashboard(&state.db, month).await
        }
        .await,
    )
}

/// The official holidays of a Jalali year, as `(YYYY/MM/DD, reason)`, for date pickers (no
/// login: the calendar is public).
#[server(prefix = "/api", endpoint = "official_holidays")]
pub async fn official_holidays(year: i32) -> Result<Vec<(String, String)>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async { crate::server::sla::calendar::official_holidays(&ctx::state()?.db, year).await }
            .await,
    )
}

/// The public figures per request type: the promise and what was delivered (no login).
#[server(prefix = "/api", endpoint = "sla_public")]
pub async fn load_sla_public() -> Result<SlaPublic, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let state = ctx::state()?;
            crate::server::sla::report::public(&state.db, &state.sla_public).await
        }
        .await,
    )
}
