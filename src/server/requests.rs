//! Support requests: filing, listing, reading and replying. Every function takes the caller and
//! refuses what the caller may not touch; an applicant asking for another's request gets
//! `NotFound`, exactly as for a request that does not exist.

use sqlx::{AssertSqlSafe, Row};

use crate::api::dto::{
    MessageDto, Page, QueueFilter, RequestDetail, RequestSummary, RequestTypeDto, Side,
};
use crate::domain::account::{ApplicantKind, FieldError, Role};
use crate::domain::jalali::TehranDateTime;
use crate::domain::request::{NewRequest, validate_reply};
use crate::domain::request_status::{Actor, RequestEvent, RequestStatus, transition};
use crate::domain::tracking;
use crate::error::AppError;
use crate::server::auth::SessionUser;
use crate::server::db::now_ms;
use crate::server::events::{EventHub, EventKind};
use crate::server::state::AppState;
use crate::ui::text;

pub const PAGE_SIZE: i64 = 30;

fn field(e: FieldError) -> AppError {
    AppError::validation(e.field, e.message)
}

fn parse_kinds(s: &str) -> Vec<ApplicantKind> {
    s.split(',')
        .filter_map(|k| ApplicantKind::parse(k.trim()))
        .collect()
}

fn status_of(s: &str) -> Result<RequestStatus, AppError> {
    RequestStatus::parse(s).ok_or_else(|| {
        tracing::error!(status = s, "unknown status in the database");
        AppError::Internal
    })
}

pub async fn request_types(state: &AppState) -> Result<Vec<RequestTypeDto>, AppError> {
    let rows = sqlx::query(
        "SELECT id, title, description, initial_result_days, applicant_kinds FROM request_types \
         WHERE active = 1 ORDER BY sort_order, id",
    )
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RequestTypeDto {
                id: r.try_get("id")?,
                title: r.try_get("title")?,
                description: r.try_get("description")?,
                initial_result_days: r.try_get("initial_result_days")?,
                applicant_kinds: parse_kinds(&r.try_get::<String, _>("applicant_kinds")?),
            })
        })
        .collect()
}

/// Files a request for `applicant`; returns its tracking code.
pub async fn create(
    state: &AppState,
    applicant: &SessionUser,
    new: NewRequest,
) -> Result<String, AppError> {
    if applicant.role != Role::Applicant {
        return Err(AppError::Forbidden);
    }
    let ty = sqlx::query("SELECT applicant_kinds FROM request_types WHERE id = $1 AND active = 1")
        .bind(new.type_id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or_else(|| AppError::validation("type_id", text::ERR_TYPE_UNKNOWN))?;
    let kinds = parse_kinds(&ty.try_get::<String, _>("applicant_kinds")?);
    if let Some(kind) = applicant.applicant_kind
        && !kinds.contains(&kind)
    {
        return Err(AppError::validation("type_id", text::ERR_TYPE_NOT_FOR_KIND));
    }
    let now = now_ms();
    let year = TehranDateTime::from_unix_millis(now).date.year;
    let db = &state.db;
    let mut w = db.begin_write().await?;
    let row = sqlx::query(
        "INSERT INTO requests (applicant_id, type_id, subject, description, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(applicant.id)
    .bind(new.type_id)
    .bind(&new.subject)
    .bind(&new.description)
    .bind(RequestStatus::New.as_str())
    .bind(now)
    .fetch_one(&mut *w.tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    let code = tracking::make(id, year);
    sqlx::query("UPDATE requests SET tracking_code = $1 WHERE id = $2")
        .bind(&code)
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
    record_status(
        &mut w.tx,
        id,
        Some(applicant.id),
        None,
        RequestStatus::New,
        now,
    )
    .await?;
    let ev = EventHub::record(
        &mut w.tx,
        db.backend,
        EventKind::RequestCreated,
        id,
        applicant.id,
    )
    .await?;
    w.commit().await?;
    state.events.after_commit(db.backend, [ev]);
    Ok(code)
}

async fn record_status(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    request_id: i64,
    actor: Option<i64>,
    from: Option<RequestStatus>,
    to: RequestStatus,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO status_history (request_id, actor_id, from_status, to_status, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(request_id)
    .bind(actor)
    .bind(from.map(|s| s.as_str()))
    .bind(to.as_str())
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn summary(r: &sqlx::any::AnyRow, with_applicant: bool) -> Result<RequestSummary, AppError> {
    Ok(RequestSummary {
        tracking_code: r
            .try_get::<Option<String>, _>("tracking_code")?
            .unwrap_or_default(),
        subject: r.try_get("subject")?,
        type_title: r.try_get("type_title")?,
        status: status_of(&r.try_get::<String, _>("status")?)?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        applicant_name: if with_applicant {
            Some(r.try_get("applicant_name")?)
        } else {
            None
        },
    })
}

/// The applicant's own requests, newest first.
pub async fn list_own(
    state: &AppState,
    applicant: &SessionUser,
    before: Option<i64>,
) -> Result<Page<RequestSummary>, AppError> {
    let rows = sqlx::query(
        "SELECT r.id, r.tracking_code, r.subject, r.status, r.created_at, r.updated_at, t.title AS type_title \
         FROM requests r JOIN request_types t ON t.id = r.type_id \
         WHERE r.applicant_id = $1 AND r.id < $2 ORDER BY r.id DESC LIMIT $3",
    )
    .bind(applicant.id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(PAGE_SIZE + 1)
    .fetch_all(&state.db.pool)
    .await?;
    page(rows, false)
}

fn page(
    rows: Vec<sqlx::any::AnyRow>,
    with_applicant: bool,
) -> Result<Page<RequestSummary>, AppError> {
    let more = rows.len() as i64 > PAGE_SIZE;
    let rows = &rows[..rows.len().min(PAGE_SIZE as usize)];
    let next = if more {
        rows.last().map(|r| r.try_get::<i64, _>("id")).transpose()?
    } else {
        None
    };
    let items = rows
        .iter()
        .map(|r| summary(r, with_applicant))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page { items, next })
}

/// The staff queue: oldest first, so the longest waiting are answered first.
pub async fn queue(
    state: &AppState,
    filter: &QueueFilter,
    after: Option<i64>,
) -> Result<Page<RequestSummary>, AppError> {
    let status_clause = match filter.status.as_deref().unwrap_or("open") {
        "all" => String::new(),
        "open" => {
            let open: Vec<String> = RequestStatus::ALL
                .iter()
                .filter(|s| s.is_open())
                .map(|s| format!("'{}'", s.as_str()))
                .collect();
            format!(" AND r.status IN ({})", open.join(", "))
        }
        other => {
            let s = RequestStatus::parse(other)
                .ok_or_else(|| AppError::validation("status", text::ERR_BAD_FILTER))?;
            // A fixed vocabulary, not user text.
            format!(" AND r.status = '{}'", s.as_str())
        }
    };
    let type_clause = if filter.type_id.unwrap_or(0) > 0 {
        " AND r.type_id = $3"
    } else {
        " AND $3 = $3"
    };
    let sql = format!(
        "SELECT r.id, r.tracking_code, r.subject, r.status, r.created_at, r.updated_at, \
         t.title AS type_title, u.full_name AS applicant_name \
         FROM requests r JOIN request_types t ON t.id = r.type_id JOIN users u ON u.id = r.applicant_id \
         WHERE r.id > $1{status_clause}{type_clause} ORDER BY r.id LIMIT $2"
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(after.unwrap_or(0))
        .bind(PAGE_SIZE + 1)
        .bind(filter.type_id.unwrap_or(0))
        .fetch_all(&state.db.pool)
        .await?;
    page(rows, true)
}

struct RequestRow {
    id: i64,
    applicant_id: i64,
    status: RequestStatus,
    initial_result_at: Option<i64>,
}

/// Finds a request by tracking code, visible to `viewer` (own request, or staff).
async fn find_visible(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
) -> Result<RequestRow, AppError> {
    let code = tracking::parse(code).map_err(|_| AppError::NotFound)?;
    let row = sqlx::query(
        "SELECT id, applicant_id, status, initial_result_at FROM requests WHERE tracking_code = $1",
    )
    .bind(code.as_str())
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    visible_row(&row, viewer)
}

/// The request of a row with `id, applicant_id, status, initial_result_at`, if `viewer` may see
/// it: their own, or any for staff. Otherwise "not found", exactly as for a missing request.
fn visible_row(row: &sqlx::any::AnyRow, viewer: &SessionUser) -> Result<RequestRow, AppError> {
    let found = RequestRow {
        id: row.try_get("id")?,
        applicant_id: row.try_get("applicant_id")?,
        status: status_of(&row.try_get::<String, _>("status")?)?,
        initial_result_at: row.try_get("initial_result_at")?,
    };
    if viewer.role.is_staff() || found.applicant_id == viewer.id {
        Ok(found)
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn detail(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
) -> Result<RequestDetail, AppError> {
    // One query finds the request and everything shown about it; visibility is checked on it.
    let code = tracking::parse(code).map_err(|_| AppError::NotFound)?;
    let r = sqlx::query(
        "SELECT r.id, r.applicant_id, r.tracking_code, r.subject, r.description, r.status, r.created_at, \
         r.updated_at, r.initial_result_at, t.title AS type_title, t.initial_result_days, \
         u.full_name AS applicant_name \
         FROM requests r JOIN request_types t ON t.id = r.type_id JOIN users u ON u.id = r.applicant_id \
         WHERE r.tracking_code = $1",
    )
    .bind(code.as_str())
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let found = visible_row(&r, viewer)?;
    let messages = sqlx::query(
        "SELECT m.id, m.author_side, m.body, m.is_initial_result, m.created_at, u.full_name, u.role \
         FROM messages m JOIN users u ON u.id = m.author_id WHERE m.request_id = $1 ORDER BY m.id",
    )
    .bind(found.id)
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(|m| {
        let side = if m.try_get::<String, _>("author_side")? == "staff" {
            Side::Staff
        } else {
            Side::Applicant
        };
        Ok(MessageDto {
            id: m.try_get("id")?,
            side,
            author_name: m.try_get("full_name")?,
            body: m.try_get("body")?,
            is_initial_result: m.try_get::<i64, _>("is_initial_result")? == 1,
            created_at: m.try_get("created_at")?,
        })
    })
    .collect::<Result<Vec<_>, AppError>>()?;
    Ok(RequestDetail {
        tracking_code: r
            .try_get::<Option<String>, _>("tracking_code")?
            .unwrap_or_default(),
        subject: r.try_get("subject")?,
        description: r.try_get("description")?,
        type_title: r.try_get("type_title")?,
        status: found.status,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        initial_result_at: r.try_get("initial_result_at")?,
        initial_result_days: r.try_get("initial_result_days")?,
        applicant_name: r.try_get("applicant_name")?,
        messages,
    })
}

/// A public reply. Staff may mark it as the initial result (once per request).
pub async fn reply(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
    body: &str,
    initial_result: bool,
) -> Result<(), AppError> {
    let body = validate_reply(body).map_err(field)?;
    let found = find_visible(state, viewer, code).await?;
    let staff = viewer.role.is_staff();
    if initial_result && !staff {
        return Err(AppError::Forbidden);
    }
    if initial_result && found.initial_result_at.is_some() {
        return Err(AppError::validation(
            "initial_result",
            text::ERR_INITIAL_RESULT_GIVEN,
        ));
    }
    let (event, actor) = if staff {
        (RequestEvent::StaffReplied, Actor::Staff)
    } else {
        (RequestEvent::ApplicantReplied, Actor::Applicant)
    };
    let to = transition(found.status, event, actor)
        .map_err(|e| AppError::validation("body", e.message_fa()))?;
    let now = now_ms();
    let db = &state.db;
    let mut w = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO messages (request_id, author_id, author_side, body, is_initial_result, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(found.id)
    .bind(viewer.id)
    .bind(if staff { "staff" } else { "applicant" })
    .bind(&body)
    .bind(i64::from(initial_result))
    .bind(now)
    .execute(&mut *w.tx)
    .await?;
    // Only if nobody changed the request since we read it (a reply may have closed it).
    let updated = sqlx::query(
        "UPDATE requests SET status = $1, updated_at = $2, \
         initial_result_at = CASE WHEN $3 = 1 AND initial_result_at IS NULL THEN $2 ELSE initial_result_at END \
         WHERE id = $4 AND status = $5 AND ($3 = 0 OR initial_result_at IS NULL)",
    )
    .bind(to.as_str())
    .bind(now)
    .bind(i64::from(initial_result))
    .bind(found.id)
    .bind(found.status.as_str())
    .execute(&mut *w.tx)
    .await?;
    finish_change(state, w, &found, viewer, updated.rows_affected(), to, now).await
}

/// Ends a change to a request: refuses it if the guarded UPDATE found the request changed,
/// writes the history and the live event, commits, and tells the browsers.
async fn finish_change(
    state: &AppState,
    mut w: crate::server::db::WriteTx,
    found: &RequestRow,
    viewer: &SessionUser,
    rows_updated: u64,
    to: RequestStatus,
    now: i64,
) -> Result<(), AppError> {
    if rows_updated != 1 {
        return Err(AppError::Conflict(text::ERR_CHANGED_MEANWHILE.into()));
    }
    if to != found.status {
        record_status(
            &mut w.tx,
            found.id,
            Some(viewer.id),
            Some(found.status),
            to,
            now,
        )
        .await?;
    }
    let backend = state.db.backend;
    let ev = EventHub::record(
        &mut w.tx,
        backend,
        EventKind::RequestUpdated,
        found.id,
        found.applicant_id,
    )
    .await?;
    w.commit().await?;
    state.events.after_commit(backend, [ev]);
    Ok(())
}

/// A status change without a message: staff start work, or someone closes the request.
pub async fn change_status(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
    event: RequestEvent,
) -> Result<RequestStatus, AppError> {
    let found = find_visible(state, viewer, code).await?;
    let actor = if viewer.role.is_staff() {
        Actor::Staff
    } else {
        Actor::Applicant
    };
    let to = transition(found.status, event, actor)
        .map_err(|e| AppError::validation("status", e.message_fa()))?;
    let now = now_ms();
    let db = &state.db;
    let mut w = db.begin_write().await?;
    let updated = sqlx::query(
        "UPDATE requests SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
    )
    .bind(to.as_str())
    .bind(now)
    .bind(found.id)
    .bind(found.status.as_str())
    .execute(&mut *w.tx)
    .await?;
    finish_change(state, w, &found, viewer, updated.rows_affected(), to, now).await?;
    Ok(to)
}
