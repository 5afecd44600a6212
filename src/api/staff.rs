//! The staff side: the queue and taking a request into work.

use leptos::prelude::*;

use crate::api::dto::{Page, RequestSummary};
use crate::error::AppError;

#[server(prefix = "/api", endpoint = "staff_queue")]
pub async fn staff_queue(
    type_id: Option<i64>,
    status: Option<String>,
    after: Option<i64>,
) -> Result<Page<RequestSummary>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            ctx::require(crate::domain::account::Access::Staff)?;
            let filter = crate::api::dto::QueueFilter { type_id, status };
            crate::server::requests::queue(&ctx::state()?, &filter, after).await
        }
        .await,
    )
}

/// Moves a new request to "in progress".
#[server(prefix = "/api", endpoint = "start_work")]
pub async fn start_work(code: String) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::domain::request_status::RequestEvent;
    ctx::respond(
        async {
            crate::server::requests::change_status(
                &ctx::state()?,
                &ctx::require(crate::domain::account::Access::Staff)?,
                &code,
                RequestEvent::StaffOpened,
            )
            .await
            .map(|_| ())
        }
        .await,
    )
}

impl crate::api::FromFormFields for StartWork {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        StartWork {
            code: f.get("code"),
        }
    }
}
