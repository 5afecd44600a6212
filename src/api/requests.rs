//! An applicant's requests, and the conversation on a request (applicant or staff).

use leptos::prelude::*;

use crate::api::dto::{Page, RequestDetail, RequestSummary, RequestTypeDto};
use crate::error::AppError;

/// The active request types (public: the home page lists them with their SLA targets).
#[server(prefix = "/api", endpoint = "request_types")]
pub async fn request_types() -> Result<Vec<RequestTypeDto>, AppError> {
    use crate::api::ctx;
    ctx::respond(async { crate::server::requests::request_types(&ctx::state()?).await }.await)
}

/// Files a request; returns its tracking code.
#[server(prefix = "/api", endpoint = "create_request")]
pub async fn create_request(
    type_id: String,
    subject: String,
    description: String,
) -> Result<String, AppError> {
    use crate::api::ctx;
    use crate::domain::request::NewRequestForm;
    ctx::respond(
        async {
            let state = ctx::state()?;
            let user = ctx::require(crate::domain::account::Access::Applicant)?;
            let new = NewRequestForm {
                type_id,
                subject,
                description,
            }
            .validate()
            .map_err(|e| AppError::validation(e.field, e.message))?;
            let code = crate::server::requests::create(&state, &user, new).await?;
            ctx::redirect_plain_form(&format!("/requests/{code}?new=1"));
            Ok(code)
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "my_requests")]
pub async fn my_requests(before: Option<i64>) -> Result<Page<RequestSummary>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            crate::server::requests::list_own(
                &ctx::state()?,
                &ctx::require(crate::domain::account::Access::Applicant)?,
                before,
            )
            .await
        }
        .await,
    )
}

/// A request with its conversation: the applicant's own, or any for staff.
#[server(prefix = "/api", endpoint = "get_request")]
pub async fn get_request(code: String) -> Result<RequestDetail, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async { crate::server::requests::detail(&ctx::state()?, &ctx::user()?, &code).await }.await,
    )
}

/// A public reply; staff may mark it as the initial result (`initial_result=on`).
#[server(prefix = "/api", endpoint = "reply")]
pub async fn reply(
    code: String,
    body: String,
    initial_result: Option<String>,
) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let flag = matches!(initial_result.as_deref(), Some("on" | "true" | "1"));
            crate::server::requests::reply(&ctx::state()?, &ctx::user()?, &code, &body, flag).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "close_request")]
pub async fn close_request(code: String) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::domain::request_status::RequestEvent;
    ctx::respond(
        async {
            crate::server::requests::change_status(
                &ctx::state()?,
                &ctx::user()?,
                &code,
                RequestEvent::Closed,
            )
            .await
            .map(|_| ())
        }
        .await,
    )
}

impl crate::api::FromFormFields for CreateRequest {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        CreateRequest {
            type_id: f.get("type_id"),
            subject: f.get("subject"),
            description: f.get("description"),
        }
    }
}

impl crate::api::FromFormFields for Reply {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        Reply {
            code: f.get("code"),
            body: f.get("body"),
            initial_result: f.opt("initial_result"),
        }
    }
}

impl crate::api::FromFormFields for CloseRequest {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        CloseRequest {
            code: f.get("code"),
        }
    }
}
