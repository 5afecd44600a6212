//! Calls (فراخوان): what opens a service's intake and when, checked inside the filing's own
//! transaction so that a request one second late, or one beyond the capacity, is refused whole.

use sqlx::Row;

use crate::copy;
use crate::domain::account::ApplicantKind;
use crate::domain::call::{Intake, Refusal, Window, admit};
use crate::domain::jalali::TehranDateTime;
use crate::server::platform::state::AppState;
use crate::wire::AppError;

fn window_of(r: &sqlx::any::AnyRow) -> Result<Window, AppError> {
    Ok(Window {
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        kinds: ApplicantKind::parse_list(&r.try_get::<String, _>("applicant_kinds")?),
        capacity: r.try_get("capacity")?,
    })
}

/// The refusal as the applicant reads it (a 4xx naming the type field).
pub fn refusal_error(refusal: Refusal) -> AppError {
    let message = match refusal {
        Refusal::Closed {
            next_opens_at: Some(at),
        } => copy::err_call_closed_until(&TehranDateTime::from_unix_millis(at).format_fa()),
        Refusal::Closed {
            next_opens_at: None,
        } => copy::ERR_CALL_CLOSED.to_string(),
        Refusal::NotForKind => copy::ERR_CALL_NOT_FOR_KIND.to_string(),
        Refusal::Full => copy::ERR_CALL_FULL.to_string(),
    };
    AppError::validation("type_id", message)
}

/// In the filing's transaction, for a type open only within its calls: takes a place in the
/// open call this applicant's request goes under and returns its id, or refuses. The place is
/// taken by one conditional UPDATE that checks the window and the capacity again, so two
/// filings racing for the last place (PostgreSQL's row lock; SQLite's single writer) cannot
/// both have it.
pub async fn take_place(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    type_id: i64,
    kind: Option<ApplicantKind>,
    now: i64,
) -> Result<i64, AppError> {
    let rows = sqlx::query(
        "SELECT c.id, c.starts_at, c.ends_at, c.applicant_kinds, c.capacity, c.taken FROM calls c \
         JOIN call_types ct ON ct.call_id = c.id WHERE ct.type_id = $1 AND c.ends_at > $2 \
         ORDER BY c.starts_at, c.id",
    )
    .bind(type_id)
    .bind(now)
    .fetch_all(&mut **tx)
    .await?;
    let mut calls: Vec<(i64, Window, i64)> = Vec::with_capacity(rows.len());
    for r in &rows {
        calls.push((r.try_get("id")?, window_of(r)?, r.try_get("taken")?));
    }
    loop {
        let windows: Vec<(Window, i64)> = calls.iter().map(|(_, w, t)| (w.clone(), *t)).collect();
        let chosen = admit(&windows, kind, now).map_err(refusal_error)?;
        let id = calls[chosen].0;
        let took = sqlx::query(
            "UPDATE calls SET taken = taken + 1, updated_at = $1 WHERE id = $2 AND starts_at <= $1 \
             AND ends_at > $1 AND (capacity IS NULL OR taken < capacity)",
        )
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        if took.rows_affected() == 1 {
            return Ok(id);
        }
        // Filled (or closed) meanwhile: try the next open call, if any.
        let call = &mut calls[chosen];
        call.2 = call.1.capacity.unwrap_or(i64::MAX);
        if call.1.capacity.is_none() {
            call.1.ends_at = now;
        }
    }
}

/// The intake of a type as stored (`request_types.intake`).
pub fn intake_of(r: &sqlx::any::AnyRow) -> Result<Intake, AppError> {
    Intake::parse(&r.try_get::<String, _>("intake")?).ok_or(AppError::Internal)
}

/// A new call, as an admin enters it.
pub struct NewCall {
    pub title: String,
    pub body: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub kinds: Vec<ApplicantKind>,
    pub capacity: Option<i64>,
    pub type_ids: Vec<i64>,
}

/// Adds a call (and its audit line); its types become open only within their calls.
pub async fn create(state: &AppState, actor: i64, call: NewCall) -> Result<i64, AppError> {
    use crate::domain::call::{CallError, check};
    if call.title.trim().is_empty() {
        return Err(AppError::validation("title", copy::ERR_CALL_TITLE));
    }
    check(call.starts_at, call.ends_at, call.capacity).map_err(|e| match e {
        CallError::EndsBeforeStart => {
            AppError::validation("ends", copy::ERR_CALL_ENDS_BEFORE_START)
        }
        CallError::Capacity => AppError::validation("capacity", copy::ERR_CALL_CAPACITY),
    })?;
    if call.type_ids.is_empty() {
        return Err(AppError::validation("types", copy::ERR_CALL_TYPES));
    }
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO calls (title, body, starts_at, ends_at, applicant_kinds, capacity, created_by, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(call.title.trim())
    .bind(call.body.trim())
    .bind(call.starts_at)
    .bind(call.ends_at)
    .bind(ApplicantKind::list_text(&call.kinds))
    .bind(call.capacity)
    .bind(actor)
    .bind(now)
    .fetch_one(&mut *w.tx)
    .await?;
    for type_id in &call.type_ids {
        let known = sqlx::query("UPDATE request_types SET intake = 'calls' WHERE id = $1")
            .bind(type_id)
            .execute(&mut *w.tx)
            .await?;
        if known.rows_affected() != 1 {
            return Err(AppError::validation("types", copy::ERR_CALL_TYPES));
        }
        sqlx::query("INSERT INTO call_types (call_id, type_id) VALUES ($1, $2)")
            .bind(id)
            .bind(type_id)
            .execute(&mut *w.tx)
            .await?;
    }
    audit(
        &mut w.tx,
        id,
        Some(actor),
        "created",
        None,
        Some(&call.ends_at.to_string()),
        "",
        now,
    )
    .await?;
    w.commit().await?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
async fn audit(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    call_id: i64,
    actor: Option<i64>,
    action: &str,
    from: Option<&str>,
    to: Option<&str>,
    reason: &str,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO call_audit (call_id, actor_id, action, from_value, to_value, reason, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(call_id)
    .bind(actor)
    .bind(action)
    .bind(from)
    .bind(to)
    .bind(reason)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
