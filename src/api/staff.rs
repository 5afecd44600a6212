//! The staff side: the queue, taking work, assignment, priority, transfer, merging.

use leptos::prelude::*;

use crate::api::dto::{Page, RequestSummary, StaffDirectory};

use crate::error::AppError;

#[server(prefix = "/api", endpoint = "staff_queue")]
pub async fn staff_queue(
    type_id: Option<i64>,
    status: Option<String>,
    group_id: Option<i64>,
    assignee: Option<String>,
    priority: Option<String>,
    q: Option<String>,
    after: Option<i64>,
) -> Result<Page<RequestSummary>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = ctx::require(crate::domain::account::Access::Staff)?;
            let filter = crate::api::dto::QueueFilter {
                type_id,
                status,
                group_id,
                assignee,
                priority,
                q,
            };
            crate::server::requests::queue(&ctx::state()?, &user, &filter, after).await
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn staff() -> Result<crate::server::auth::SessionUser, AppError> {
    crate::api::ctx::require(crate::domain::account::Access::Staff)
}

/// Moves a new or assigned request to "in progress".
#[server(prefix = "/api", endpoint = "start_work")]
pub async fn start_work(code: String) -> Result<(), AppError> {
    use crate::domain::request_status::RequestEvent;
    crate::api::ctx::respond(
        async {
            staff()?;
            crate::api::requests::change(&code, RequestEvent::StaffOpened, None).await
        }
        .await,
    )
}

/// Marks the problem solved without a message.
#[server(prefix = "/api", endpoint = "resolve_request")]
pub async fn resolve_request(code: String, reason: Option<String>) -> Result<(), AppError> {
    use crate::domain::request_status::RequestEvent;
    crate::api::ctx::respond(
        async {
            staff()?;
            crate::api::requests::change(&code, RequestEvent::Resolved, reason.as_deref()).await
        }
        .await,
    )
}

/// Gives the request to a staff member: "me", a staff id, or "" for nobody.
#[server(prefix = "/api", endpoint = "assign_request")]
pub async fn assign_request(code: String, assignee: String) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = staff()?;
            let assignee = match assignee.trim() {
                "" | "none" => None,
                "me" => Some(user.id),
                id => Some(id.parse::<i64>().map_err(|_| {
                    AppError::validation("assignee", crate::ui::text::ERR_ASSIGNEE_UNKNOWN)
                })?),
            };
            crate::server::requests::lifecycle::assign(&ctx::state()?, &user, &code, assignee).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "set_priority")]
pub async fn set_priority(code: String, priority: String) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::domain::request::Priority;
    ctx::respond(
        async {
            let user = staff()?;
            let p = Priority::parse(&priority)
                .ok_or_else(|| AppError::validation("priority", crate::ui::text::ERR_PRIORITY))?;
            crate::server::requests::lifecycle::set_priority(&ctx::state()?, &user, &code, p).await
        }
        .await,
    )
}

/// Moves the request to another group's queue.
#[server(prefix = "/api", endpoint = "transfer_request")]
pub async fn transfer_request(
    code: String,
    group_id: String,
    reason: Option<String>,
) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = staff()?;
            let group = group_id.trim().parse::<i64>().map_err(|_| {
                AppError::validation("group_id", crate::ui::text::ERR_GROUP_UNKNOWN)
            })?;
            crate::server::requests::lifecycle::transfer(
                &ctx::state()?,
                &user,
                &code,
                group,
                reason.as_deref().unwrap_or(""),
            )
            .await
        }
        .await,
    )
}

/// Closes a duplicate into an earlier request of the same applicant (`into`: its tracking code).
#[server(prefix = "/api", endpoint = "merge_request")]
pub async fn merge_request(
    code: String,
    into: String,
    reason: Option<String>,
) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = staff()?;
            crate::server::requests::lifecycle::merge(
                &ctx::state()?,
                &user,
                &code,
                &into,
                reason.as_deref().unwrap_or(""),
            )
            .await
        }
        .await,
    )
}

/// Groups and staff members, for the assignment and transfer controls.
#[server(prefix = "/api", endpoint = "staff_directory")]
pub async fn load_staff_directory() -> Result<StaffDirectory, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            staff()?;
            crate::server::requests::lifecycle::directory(&ctx::state()?).await
        }
        .await,
    )
}

/// The staff member marks themself available or away for automatic assignment.
#[server(prefix = "/api", endpoint = "set_available")]
pub async fn set_available(available: String) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = staff()?;
            let on = matches!(available.as_str(), "1" | "true" | "on");
            crate::server::requests::lifecycle::set_available(&ctx::state()?, &user, on).await
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

impl crate::api::FromFormFields for ResolveRequest {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        ResolveRequest {
            code: f.get("code"),
            reason: f.opt("reason"),
        }
    }
}

impl crate::api::FromFormFields for AssignRequest {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        AssignRequest {
            code: f.get("code"),
            assignee: f.get("assignee"),
        }
    }
}

impl crate::api::FromFormFields for SetPriority {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        SetPriority {
            code: f.get("code"),
            priority: f.get("priority"),
        }
    }
}

impl crate::api::FromFormFields for TransferRequest {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        TransferRequest {
            code: f.get("code"),
            group_id: f.get("group_id"),
            reason: f.opt("reason"),
        }
    }
}

impl crate::api::FromFormFields for MergeRequest {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        MergeRequest {
            code: f.get("code"),
            into: f.get("into"),
            reason: f.opt("reason"),
        }
    }
}

impl crate::api::FromFormFields for SetAvailable {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        SetAvailable {
            available: f.get("available"),
        }
    }
}
