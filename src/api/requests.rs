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
    related: Option<String>,
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
            let code =
                crate::server::requests::create(&state, &user, new, related.as_deref()).await?;
            ctx::redirect_plain_form(&format!("/requests/{code}?new=1"));
            Ok(code)
        }
        .await,
    )
}

/// The applicant's own requests; `status` is "open", "all" (default) or one status; `q` searches.
#[server(prefix = "/api", endpoint = "my_requests")]
pub async fn my_requests(
    status: Option<String>,
    q: Option<String>,
    before: Option<i64>,
) -> Result<Page<RequestSummary>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            crate::server::requests::list_own(
                &ctx::state()?,
                &ctx::require(crate::domain::account::Access::Applicant)?,
                status.as_deref(),
                q.as_deref(),
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

#[cfg(feature = "ssr")]
fn ticked(v: &Option<String>) -> bool {
    matches!(v.as_deref(), Some("on" | "true" | "1"))
}

/// A reply. Staff choose `mode` (answer, ask, resolve, note) and may mark an answer as the
/// initial result; `seen` is the newest message id on the author's screen, and `confirm` sends
/// even though another staff member answered since.
#[server(prefix = "/api", endpoint = "reply")]
pub async fn reply(
    code: String,
    body: String,
    mode: Option<String>,
    initial_result: Option<String>,
    seen: Option<String>,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::domain::request::ReplyMode;
    use crate::server::requests::lifecycle::{ReplyInput, reply};
    ctx::respond(
        async {
            let mode = ReplyMode::parse(mode.as_deref().unwrap_or(""))
                .ok_or_else(|| AppError::validation("mode", crate::ui::text::ERR_BAD_MODE))?;
            let input = ReplyInput {
                body: &body,
                mode,
                initial_result: ticked(&initial_result),
                seen: seen.as_deref().and_then(|s| s.trim().parse().ok()),
                confirm: ticked(&confirm),
            };
            reply(&ctx::state()?, &ctx::user()?, &code, input).await
        }
        .await,
    )
}

/// Any status change without a message, by its event name.
#[cfg(feature = "ssr")]
pub(crate) async fn change(
    code: &str,
    event: crate::domain::request_status::RequestEvent,
    reason: Option<&str>,
) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::server::requests::lifecycle::change_status(
        &ctx::state()?,
        &ctx::user()?,
        code,
        event,
        reason.unwrap_or(""),
    )
    .await
    .map(|_| ())
}

#[server(prefix = "/api", endpoint = "close_request")]
pub async fn close_request(code: String, reason: Option<String>) -> Result<(), AppError> {
    use crate::domain::request_status::RequestEvent;
    crate::api::ctx::respond(change(&code, RequestEvent::Closed, reason.as_deref()).await)
}

/// Reopens a resolved or closed request (the applicant: within the reopening window).
#[server(prefix = "/api", endpoint = "reopen_request")]
pub async fn reopen_request(code: String, reason: Option<String>) -> Result<(), AppError> {
    use crate::domain::request_status::RequestEvent;
    crate::api::ctx::respond(change(&code, RequestEvent::Reopened, reason.as_deref()).await)
}

/// The applicant rates the outcome of a resolved request: 1–5 stars and a comment.
#[server(prefix = "/api", endpoint = "rate_request")]
pub async fn rate_request(
    code: String,
    stars: String,
    comment: Option<String>,
) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            crate::server::requests::lifecycle::rate(
                &ctx::state()?,
                &ctx::require(crate::domain::account::Access::Applicant)?,
                &code,
                &stars,
                comment.as_deref().unwrap_or(""),
            )
            .await
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
            related: f.opt("related"),
        }
    }
}

impl crate::api::FromFormFields for Reply {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        Reply {
            code: f.get("code"),
            body: f.get("body"),
            mode: f.opt("mode"),
            initial_result: f.opt("initial_result"),
            seen: f.opt("seen"),
            confirm: f.opt("confirm"),
        }
    }
}

impl crate::api::FromFormFields for CloseRequest {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        CloseRequest {
            code: f.get("code"),
            reason: f.opt("reason"),
        }
    }
}

impl crate::api::FromFormFields for ReopenRequest {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        ReopenRequest {
            code: f.get("code"),
            reason: f.opt("reason"),
        }
    }
}

impl crate::api::FromFormFields for RateRequest {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        RateRequest {
            code: f.get("code"),
            stars: f.get("stars"),
            comment: f.opt("comment"),
        }
    }
}
