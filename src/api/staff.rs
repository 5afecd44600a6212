//! The staff side: the queue, taking work, assignment, priority, transfer, merging, canned
//! responses, tags, saved filters, presence and bulk actions.

// Server functions take one argument per form field (the generated code carries the lint).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use leptos::server_fn::codec::{MultipartData, MultipartFormData};

use crate::wire::{CannedDto, Page, PresenceDto, RequestSummary, SavedFilterDto, StaffDirectory};

use crate::wire::AppError;

#[server(prefix = "/api", endpoint = "staff_queue")]
pub async fn staff_queue(
    type_id: Option<i64>,
    status: Option<String>,
    group_id: Option<i64>,
    assignee: Option<String>,
    priority: Option<String>,
    q: Option<String>,
    tag: Option<String>,
    sort: Option<String>,
    sla: Option<String>,
    after: Option<i64>,
) -> Result<Page<RequestSummary>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = ctx::require(crate::domain::account::Access::Staff)?;
            let filter = crate::wire::QueueFilter {
                type_id,
                status,
                group_id,
                assignee,
                priority,
                q,
                tag,
                sort,
                sla,
            };
            crate::server::requests::queue(&ctx::state()?, &user, &filter, after).await
        }
        .await,
    )
}

/// The queue's counts: its views' (mine, unassigned, at risk, breached, waiting for the
/// applicant) and how many requests the filters of `queue` (the queue's query string) find.
#[server(prefix = "/api", endpoint = "queue_counts")]
pub async fn queue_counts(queue: Option<String>) -> Result<crate::wire::QueueCounts, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = ctx::require(crate::domain::account::Access::Staff)?;
            let state = ctx::state()?;
            let filter = crate::server::requests::filter_from_query(queue.as_deref().unwrap_or(""));
            let (views, matching) = futures::try_join!(
                crate::server::requests::queue_views(&state, &user),
                crate::server::requests::queue_count(&state, &user, &filter),
            )?;
            Ok(crate::wire::QueueCounts {
                views,
                matching,
                cap: crate::server::requests::COUNT_CAP,
            })
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
                    AppError::validation("assignee", crate::copy::ERR_ASSIGNEE_UNKNOWN)
                })?),
            };
            crate::server::requests::lifecycle::assign(&ctx::state()?, &user, &code, assignee).await
        }
        .await,
    )
}

/// The request's properties in one form: assignee, priority and group, each applied only when
/// it changed (see `lifecycle::update_properties`).
#[server(prefix = "/api", endpoint = "update_properties")]
pub async fn update_properties(
    code: String,
    assignee: Option<String>,
    priority: Option<String>,
    group_id: Option<String>,
) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::domain::request::Priority;
    ctx::respond(
        async {
            let user = staff()?;
            let assignee = match assignee.as_deref().map(str::trim) {
                None => None,
                Some("" | "none") => Some(None),
                Some("me") => Some(Some(user.id)),
                Some(id) => Some(Some(id.parse::<i64>().map_err(|_| {
                    AppError::validation("assignee", crate::copy::ERR_ASSIGNEE_UNKNOWN)
                })?)),
            };
            let priority =
                match priority.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
                    None => None,
                    Some(p) => Some(Priority::parse(p).ok_or_else(|| {
                        AppError::validation("priority", crate::copy::ERR_PRIORITY)
                    })?),
                };
            let group_id = match group_id.as_deref().map(str::trim).filter(|g| !g.is_empty()) {
                None => None,
                Some(g) => Some(g.parse::<i64>().map_err(|_| {
                    AppError::validation("group_id", crate::copy::ERR_GROUP_UNKNOWN)
                })?),
            };
            crate::server::requests::lifecycle::update_properties(
                &ctx::state()?,
                &user,
                &code,
                assignee,
                priority,
                group_id,
            )
            .await
        }
        .await,
    )
}

/// The requests before and after this one in the queue the staff member came from (`queue`:
/// the queue's query string; empty for the default list).
#[server(prefix = "/api", endpoint = "queue_neighbours")]
pub async fn queue_neighbours(
    code: String,
    queue: Option<String>,
) -> Result<crate::wire::Neighbours, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = staff()?;
            let filter = crate::server::requests::filter_from_query(queue.as_deref().unwrap_or(""));
            crate::server::requests::queue_neighbours(&ctx::state()?, &user, &code, &filter).await
        }
        .await,
    )
}

/// The same applicant's other requests (newest first, within the staff member's scope).
#[server(prefix = "/api", endpoint = "applicant_requests")]
pub async fn applicant_requests(code: String) -> Result<Vec<RequestSummary>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = staff()?;
            crate::server::requests::applicant_requests(&ctx::state()?, &user, &code).await
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
                .ok_or_else(|| AppError::validation("priority", crate::copy::ERR_PRIORITY))?;
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
            let group = group_id
                .trim()
                .parse::<i64>()
                .map_err(|_| AppError::validation("group_id", crate::copy::ERR_GROUP_UNKNOWN))?;
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

impl crate::api::FromFormFields for UpdateProperties {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        UpdateProperties {
            code: f.get("code"),
            assignee: f.opt("assignee"),
            priority: f.opt("priority"),
            group_id: f.opt("group_id"),
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

/// The canned responses the viewer may use.
#[server(prefix = "/api", endpoint = "canned_responses")]
pub async fn canned_responses() -> Result<Vec<CannedDto>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = staff()?;
            crate::server::requests::staff_tools::canned_for(&ctx::state()?, &user).await
        }
        .await,
    )
}

/// Every canned response, for supervisors' editor.
#[server(prefix = "/api", endpoint = "all_canned_responses")]
pub async fn all_canned_responses() -> Result<Vec<CannedDto>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            ctx::require(crate::domain::account::Access::Supervisor)?;
            crate::server::requests::staff_tools::canned_all(&ctx::state()?).await
        }
        .await,
    )
}

/// Creates (empty `canned_id`) or changes a canned response; `op=retire` removes it.
#[server(prefix = "/api", endpoint = "save_canned")]
pub async fn save_canned(
    canned_id: Option<String>,
    title: Option<String>,
    body: Option<String>,
    group_id: Option<String>,
    op: Option<String>,
) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = ctx::require(crate::domain::account::Access::Supervisor)?;
            let state = ctx::state()?;
            let id = canned_id
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| s.parse::<i64>().map_err(|_| AppError::NotFound))
                .transpose()?;
            if op.as_deref() == Some("retire") {
                return crate::server::requests::staff_tools::retire_canned(
                    &state,
                    id.ok_or(AppError::NotFound)?,
                )
                .await;
            }
            let group = group_id
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    s.parse::<i64>().map_err(|_| {
                        AppError::validation("group_id", crate::copy::ERR_GROUP_UNKNOWN)
                    })
                })
                .transpose()?;
            crate::server::requests::staff_tools::save_canned(
                &state,
                &user,
                id,
                title.as_deref().unwrap_or(""),
                body.as_deref().unwrap_or(""),
                group,
            )
            .await
            .map(|_| ())
        }
        .await,
    )
}

/// Adds a tag to a request (`op=add`) or removes one (`op=remove`).
#[server(prefix = "/api", endpoint = "tag_request")]
pub async fn tag_request(code: String, tag: String, op: String) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = staff()?;
            crate::server::requests::staff_tools::tag(
                &ctx::state()?,
                &user,
                &code,
                &tag,
                op != "remove",
            )
            .await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "saved_filters")]
pub async fn saved_filters() -> Result<Vec<SavedFilterDto>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = staff()?;
            crate::server::requests::staff_tools::filters_of(&ctx::state()?, &user).await
        }
        .await,
    )
}

/// Saves the queue's current filters under a name (`op=delete` with `filter_id` removes one).
#[server(prefix = "/api", endpoint = "save_filter")]
pub async fn save_filter(
    name: Option<String>,
    query: Option<String>,
    filter_id: Option<String>,
    op: Option<String>,
) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = staff()?;
            let state = ctx::state()?;
            if op.as_deref() == Some("delete") {
                let id = filter_id
                    .as_deref()
                    .and_then(|s| s.trim().parse::<i64>().ok())
                    .ok_or(AppError::NotFound)?;
                return crate::server::requests::staff_tools::delete_filter(&state, &user, id)
                    .await;
            }
            crate::server::requests::staff_tools::save_filter(
                &state,
                &user,
                name.as_deref().unwrap_or(""),
                query.as_deref().unwrap_or(""),
            )
            .await
            .map(|_| ())
        }
        .await,
    )
}

/// "I have this request open": returns the other staff who have it open too.
#[server(prefix = "/api", endpoint = "presence")]
pub async fn presence(code: String, leave: Option<String>) -> Result<Vec<PresenceDto>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = staff()?;
            let state = ctx::state()?;
            if leave.is_some() {
                crate::server::requests::staff_tools::leave(&state, &user, &code).await?;
                return Ok(Vec::new());
            }
            crate::server::requests::staff_tools::heartbeat(&state, &user, &code).await
        }
        .await,
    )
}

/// One action on the requests ticked in the queue (multipart: `code_<tracking code>` for each
/// ticked request, `action` = "assign" or "close", `assignee` = "me", a staff id or "").
#[server(prefix = "/api", endpoint = "bulk_action", input = MultipartFormData)]
pub async fn bulk_action(data: MultipartData) -> Result<usize, AppError> {
    use crate::api::ctx;
    use crate::server::requests::staff_tools::Bulk;
    ctx::respond(
        async {
            let user = staff()?;
            let state = ctx::state()?;
            let form = crate::api::upload::read(data, 0, 256 * 1024).await?;
            let f = &form.fields;
            let codes: Vec<String> =
                f.0.iter()
                    .filter_map(|(k, _)| k.strip_prefix("code_").map(str::to_string))
                    .collect();
            let action = match f.get("action").as_str() {
                "close" => Bulk::Close,
                "assign" => Bulk::Assign(match f.get("assignee").trim() {
                    "" | "none" => None,
                    "me" => Some(user.id),
                    id => Some(id.parse::<i64>().map_err(|_| {
                        AppError::validation("assignee", crate::copy::ERR_ASSIGNEE_UNKNOWN)
                    })?),
                }),
                _ => {
                    return Err(AppError::validation("action", crate::copy::ERR_BAD_CHOICE));
                }
            };
            crate::server::requests::staff_tools::bulk(&state, &user, &codes, action).await
        }
        .await,
    )
}

impl crate::api::FromFormFields for SaveCanned {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        SaveCanned {
            canned_id: f.opt("canned_id"),
            title: f.opt("title"),
            body: f.opt("body"),
            group_id: f.opt("group_id"),
            op: f.opt("op"),
        }
    }
}

impl crate::api::FromFormFields for TagRequest {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        TagRequest {
            code: f.get("code"),
            tag: f.get("tag"),
            op: f.get("op"),
        }
    }
}

impl crate::api::FromFormFields for SaveFilter {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        SaveFilter {
            name: f.opt("name"),
            query: f.opt("query"),
            filter_id: f.opt("filter_id"),
            op: f.opt("op"),
        }
    }
}

/// A canned response with its variables filled in for one request.
#[server(prefix = "/api", endpoint = "render_canned")]
pub async fn render_canned(code: String, canned_id: i64) -> Result<String, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = staff()?;
            crate::server::requests::staff_tools::render_canned(
                &ctx::state()?,
                &user,
                &code,
                canned_id,
            )
            .await
        }
        .await,
    )
}

/// Inserts a canned response into the reply being written, without JavaScript: the reply form
/// posts here (its «درج» button), and the page comes back with the same form, the response
/// added to the text typed so far. The draft is carried server-side, never in the page's
/// address, so it cannot come back after the reply is sent. (With JavaScript the page fetches
/// [`render_canned`] and never calls this.)
#[server(prefix = "/api", endpoint = "insert_canned", input = MultipartFormData)]
pub async fn insert_canned(data: MultipartData) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::server::auth::flash;
    ctx::respond(
        async {
            let state = ctx::state()?;
            let user = staff()?;
            let form = crate::api::upload::read_for_request(data, &state).await?;
            let f = &form.fields;
            let code =
                crate::domain::tracking::parse(&f.get("code")).map_err(|_| AppError::NotFound)?;
            let canned_id = f
                .get("canned")
                .trim()
                .parse::<i64>()
                .map_err(|_| AppError::validation("canned", crate::copy::ERR_BAD_REQUEST))?;
            let text = crate::server::requests::staff_tools::render_canned(
                &state,
                &user,
                code.as_str(),
                canned_id,
            )
            .await?;
            let typed = f.get("body");
            let body = if typed.trim().is_empty() {
                text
            } else {
                format!("{}\n{text}", typed.trim_end())
            };
            let mut echo = crate::wire::FormEcho {
                fields: f
                    .0
                    .iter()
                    .filter(|(k, _)| k != "body" && !flash::is_secret(k))
                    .cloned()
                    .collect(),
                files: form
                    .files
                    .iter()
                    .filter(|u| !u.name.is_empty())
                    .map(|u| u.name.clone())
                    .collect(),
            };
            echo.fields.push(("body".into(), body));
            let page = format!("/staff/requests/{}", code.as_str());
            let token = flash::store(
                &state.db,
                &page,
                <crate::api::requests::Reply as leptos::server_fn::ServerFn>::PATH,
                "",
                &echo,
            )
            .await?;
            ctx::set_cookie(&flash::cookie(&token, state.config.cookie_secure));
            ctx::redirect_plain_form(&page);
            Ok(())
        }
        .await,
    )
}
