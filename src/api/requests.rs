//! An applicant's requests, and the conversation on a request (applicant or staff).

use leptos::prelude::*;

use leptos::server_fn::codec::{MultipartData, MultipartFormData};

use crate::wire::AppError;
use crate::wire::{Page, RequestDetail, RequestSummary, RequestTypeDto};

/// The active request types (public: the home page lists them with their SLA targets).
#[server(prefix = "/api", endpoint = "request_types")]
pub async fn request_types() -> Result<Vec<RequestTypeDto>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            // As the person asking sees them: an applicant's kind decides which calls admit them.
            let user = ctx::user().ok();
            crate::server::requests::request_types(
                &ctx::state()?,
                user.as_ref().and_then(|u| u.applicant_kind),
                user.as_ref().map(|u| u.id),
            )
            .await
        }
        .await,
    )
}

/// Files a request with its form answers and files (multipart: `type_id`, `subject`,
/// `description`, `related`, `field_<id>` answers and files, and `files`); returns its tracking
/// code.
#[server(prefix = "/api", endpoint = "create_request", input = MultipartFormData)]
pub async fn create_request(data: MultipartData) -> Result<String, AppError> {
    use crate::api::ctx;
    use crate::domain::request::NewRequestForm;
    ctx::respond(
        async {
            let state = ctx::state()?;
            // Who is asking is settled before the body is read.
            let user = ctx::require(crate::domain::account::Access::Applicant)?;
            let form = crate::api::upload::read_for_request(data, &state).await?;
            let f = &form.fields;
            let request = NewRequestForm {
                type_id: f.get("type_id"),
                subject: f.get("subject"),
                description: f.get("description"),
            }
            .validate()
            .map_err(|e| AppError::validation(e.field, e.message))?;
            let answers =
                f.0.iter()
                    .filter_map(|(k, v)| {
                        let id = k.strip_prefix("field_")?.parse::<i64>().ok()?;
                        Some((id, v.clone()))
                    })
                    .collect();
            let filing = crate::server::requests::Filing {
                request,
                related: f.opt("related"),
                answers,
                files: form.files,
            };
            let code = crate::server::requests::create(&state, &user, filing).await?;
            ctx::redirect_plain_form(&format!("/requests/{code}?new=1"));
            Ok(code)
        }
        .await,
    )
}

/// The form of one request type: its fields and guide files (shown before the form).
#[server(prefix = "/api", endpoint = "type_form")]
pub async fn type_form(type_id: i64) -> Result<crate::wire::TypeForm, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let state = ctx::state()?;
            let user = ctx::user().ok();
            let kind = user.as_ref().and_then(|u| u.applicant_kind);
            let mut form = crate::server::requests::catalog::type_form(
                &state,
                type_id,
                kind,
                user.as_ref().map(|u| u.id),
            )
            .await?;
            // With the form, what it costs the applicant asking (one read, one resource).
            form.fee = match kind {
                Some(kind) => crate::server::payments::tariffs::in_force_at(
                    &state,
                    type_id,
                    kind,
                    state.db.now_ms(),
                )
                .await?
                .map(|(_, t)| crate::server::payments::flow::fee_dto(t.amount, &t.source)),
                None => None,
            };
            Ok(form)
        }
        .await,
    )
}

/// How many requests changed since the signed-in person last looked: their own (applicants) or
/// those assigned to them (staff). The header's badge and the tab's title show it.
/// `viewing` is the request on the person's screen (it is not news: they are looking at it).
#[server(prefix = "/api", endpoint = "news_count")]
pub async fn news_count(viewing: Option<String>) -> Result<i64, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = ctx::user()?;
            crate::server::requests::views::news_count(&ctx::state()?, &user, viewing.as_deref())
                .await
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

/// A reply, with files (multipart: `code`, `body`, `mode`, `initial_result`, `seen`, `confirm`,
/// `files`). Staff choose `mode` (answer, ask, resolve, note) and may mark an answer as the
/// initial result; `seen` is the newest message id on the author's screen, and `confirm` sends
/// even though another staff member answered since.
#[server(prefix = "/api", endpoint = "reply", input = MultipartFormData)]
pub async fn reply(data: MultipartData) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::domain::request::ReplyMode;
    use crate::server::requests::lifecycle::{ReplyInput, reply};
    ctx::respond(
        async {
            let state = ctx::state()?;
            let user = ctx::user()?;
            let form = crate::api::upload::read_for_request(data, &state).await?;
            let f = &form.fields;
            let mode = ReplyMode::parse(&f.get("mode"))
                .ok_or_else(|| AppError::validation("mode", crate::copy::ERR_BAD_MODE))?;
            let code = f.get("code");
            let input = ReplyInput {
                body: &f.get("body"),
                mode,
                initial_result: ticked(&f.opt("initial_result")),
                seen: f.opt("seen").and_then(|s| s.trim().parse().ok()),
                confirm: ticked(&f.opt("confirm")),
                files: form.files,
            };
            reply(&state, &user, &code, input).await
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
