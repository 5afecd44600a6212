//! Calls (فراخوان): what opens a service's intake and when, checked inside the filing's own
//! transaction so that a request one second late, or one beyond the capacity, is refused whole.

use std::collections::HashMap;

use sqlx::Row;

use crate::copy;
use crate::domain::account::ApplicantKind;
use crate::domain::call::{Intake, IntakeStatus, Refusal, Window, admit};
use crate::domain::jalali::TehranDateTime;
use crate::server::notify::{Recipient, message_into};
use crate::server::platform::db::Batch;
use crate::server::platform::state::AppState;
use crate::wire::{
    AppError, CallAdminDto, CallAuditDto, CallDto, CallsAdmin, IntakeDto, TypeIntakeDto,
};

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
/// open call this applicant's request goes under and returns its id and end, or refuses. The place is
/// taken by one conditional UPDATE that checks the window and the capacity again, so two
/// filings racing for the last place (PostgreSQL's row lock; SQLite's single writer) cannot
/// both have it.
pub async fn take_place(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    type_id: i64,
    kind: Option<ApplicantKind>,
    now: i64,
) -> Result<(i64, i64), AppError> {
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
            return Ok((id, calls[chosen].1.ends_at));
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

/// A call not over yet, under one of its types.
struct Current {
    type_id: i64,
    title: String,
    window: Window,
    taken: i64,
}

/// The calls not over at `now` of one type, or of every type: one read.
async fn current(
    state: &AppState,
    type_id: Option<i64>,
    now: i64,
) -> Result<Vec<Current>, AppError> {
    const COLUMNS: &str = "SELECT ct.type_id, c.title, c.starts_at, c.ends_at, c.applicant_kinds, \
         c.capacity, c.taken FROM calls c JOIN call_types ct ON ct.call_id = c.id WHERE c.ends_at > $1";
    let rows = match type_id {
        Some(t) => {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "{COLUMNS} AND ct.type_id = $2 ORDER BY c.starts_at, c.id"
            )))
            .bind(now)
            .bind(t)
            .fetch_all(&state.db.pool)
            .await?
        }
        None => {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "{COLUMNS} ORDER BY c.starts_at, c.id"
            )))
            .bind(now)
            .fetch_all(&state.db.pool)
            .await?
        }
    };
    rows.iter()
        .map(|r| {
            Ok(Current {
                type_id: r.try_get("type_id")?,
                title: r.try_get("title")?,
                window: window_of(r)?,
                taken: r.try_get("taken")?,
            })
        })
        .collect()
}

/// The intake of each type given (`(id, intake)`), as `kind` sees it now (`None`: a visitor),
/// with whether `watcher` asked to be told when it opens. One read of the calls, one of the
/// watches.
pub async fn intakes(
    state: &AppState,
    types: &[(i64, Intake)],
    kind: Option<ApplicantKind>,
    watcher: Option<i64>,
) -> Result<HashMap<i64, IntakeDto>, AppError> {
    let now = state.db.now_ms();
    let one = match types {
        [(id, _)] => Some(*id),
        _ => None,
    };
    let any_calls = types.iter().any(|(_, i)| *i == Intake::CallsOnly);
    let calls = if any_calls {
        current(state, one, now).await?
    } else {
        Vec::new()
    };
    let watching: Vec<i64> = match watcher.filter(|_| any_calls) {
        Some(user) => {
            sqlx::query_scalar(
                "SELECT type_id FROM call_watchers WHERE user_id = $1 AND notified_at IS NULL",
            )
            .bind(user)
            .fetch_all(&state.db.pool)
            .await?
        }
        None => Vec::new(),
    };
    let mut out = HashMap::with_capacity(types.len());
    for (type_id, intake) in types {
        let mine: Vec<&Current> = calls.iter().filter(|c| c.type_id == *type_id).collect();
        let windows: Vec<(Window, i64)> =
            mine.iter().map(|c| (c.window.clone(), c.taken)).collect();
        let status = crate::domain::call::status(*intake, &windows, kind, now);
        let call_title = match status {
            IntakeStatus::Open { call, .. } | IntakeStatus::Upcoming { call, .. } => {
                mine.get(call).map(|c| c.title.clone())
            }
            _ => None,
        };
        out.insert(
            *type_id,
            IntakeDto {
                status,
                call_title,
                watching: watching.contains(type_id),
            },
        );
    }
    Ok(out)
}

/// The calls open now or coming, for everyone (the public `/calls` page): soonest first.
pub async fn public(state: &AppState) -> Result<Vec<CallDto>, AppError> {
    let now = state.db.now_ms();
    let rows = sqlx::query(
        "SELECT id, title, body, starts_at, ends_at, applicant_kinds, capacity, taken FROM calls \
         WHERE ends_at > $1 ORDER BY starts_at, id LIMIT 200",
    )
    .bind(now)
    .fetch_all(&state.db.pool)
    .await?;
    with_types(state, &rows).await
}

/// Calls from their rows, with the titles of their types (one more read).
async fn with_types(
    state: &AppState,
    rows: &[sqlx::any::AnyRow],
) -> Result<Vec<CallDto>, AppError> {
    let ids: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
    let (Some(first), Some(last)) = (ids.iter().min(), ids.iter().max()) else {
        return Ok(Vec::new());
    };
    // The calls listed are few and mostly adjacent: one range read (others' rows are skipped).
    let types = sqlx::query(
        "SELECT ct.call_id, t.id, t.title FROM call_types ct JOIN request_types t ON t.id = ct.type_id \
         WHERE ct.call_id BETWEEN $1 AND $2 ORDER BY t.sort_order, t.id",
    )
    .bind(first)
    .bind(last)
    .fetch_all(&state.db.pool)
    .await?;
    let mut by_call: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    for t in &types {
        by_call
            .entry(t.try_get("call_id")?)
            .or_default()
            .push((t.try_get("id")?, t.try_get("title")?));
    }
    let now = state.db.now_ms();
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let w = window_of(r)?;
            let open = w.is_open(now);
            let ends_at = w.ends_at;
            Ok(CallDto {
                id,
                title: r.try_get("title")?,
                body: r.try_get("body")?,
                starts_at: w.starts_at,
                ends_at: w.ends_at,
                kinds: w.kinds,
                capacity: w.capacity,
                taken: r.try_get("taken")?,
                open,
                ended: now >= ends_at,
                types: by_call.remove(&id).unwrap_or_default(),
            })
        })
        .collect()
}

/// The admins' page: the latest calls with their trails, and every type's intake.
pub async fn admin_overview(state: &AppState) -> Result<CallsAdmin, AppError> {
    let rows = sqlx::query(
        "SELECT id, title, body, starts_at, ends_at, applicant_kinds, capacity, taken FROM calls \
         ORDER BY id DESC LIMIT 100",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let calls = with_types(state, &rows).await?;
    let audit =
        match (calls.last(), calls.first()) {
            (Some(oldest), Some(newest)) => sqlx::query(
                "SELECT a.call_id, a.action, a.from_value, a.to_value, a.reason, a.at, u.full_name \
                 FROM call_audit a LEFT JOIN users u ON u.id = a.actor_id \
                 WHERE a.call_id BETWEEN $1 AND $2 ORDER BY a.id",
            )
            .bind(oldest.id)
            .bind(newest.id)
            .fetch_all(&state.db.pool)
            .await?,
            _ => Vec::new(),
        };
    let mut trails: HashMap<i64, Vec<CallAuditDto>> = HashMap::new();
    for a in &audit {
        let end = |col: &str| -> Result<Option<i64>, AppError> {
            Ok(a.try_get::<Option<String>, _>(col)?
                .and_then(|v| v.parse::<i64>().ok()))
        };
        trails
            .entry(a.try_get("call_id")?)
            .or_default()
            .push(CallAuditDto {
                action: a.try_get("action")?,
                from_end: end("from_value")?,
                to_end: end("to_value")?,
                reason: a.try_get("reason")?,
                actor_name: a.try_get("full_name")?,
                at: a.try_get("at")?,
            });
    }
    let types = sqlx::query("SELECT id, title, intake FROM request_types ORDER BY sort_order, id")
        .fetch_all(&state.db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(TypeIntakeDto {
                id: r.try_get("id")?,
                title: r.try_get("title")?,
                intake: intake_of(r)?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(CallsAdmin {
        calls: calls
            .into_iter()
            .map(|call| CallAdminDto {
                audit: trails.remove(&call.id).unwrap_or_default(),
                call,
            })
            .collect(),
        types,
    })
}

fn reason_of(reason: &str) -> Result<&str, AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::validation("reason", copy::ERR_CALL_REASON));
    }
    Ok(reason)
}

/// A change to a call's end: later (`Some`), or now (`None`: closed early).
pub async fn change_end(
    state: &AppState,
    actor: i64,
    call_id: i64,
    new_end: Option<i64>,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason_of(reason)?;
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    let call = sqlx::query("SELECT title, starts_at, ends_at FROM calls WHERE id = $1")
        .bind(call_id)
        .fetch_optional(&mut *w.tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let (title, starts_at, ends_at): (String, i64, i64) = (
        call.try_get("title")?,
        call.try_get("starts_at")?,
        call.try_get("ends_at")?,
    );
    if ends_at <= now {
        return Err(AppError::validation("reason", copy::ERR_CALL_ENDED));
    }
    let (action, end, starts) = match new_end {
        Some(end) if end <= ends_at => {
            return Err(AppError::validation("ends", copy::ERR_CALL_EXTEND_EARLIER));
        }
        Some(end) => ("extended", end, starts_at),
        // A call closed before it opened keeps a window of one second before now.
        None => ("closed", now, starts_at.min(now - 1_000)),
    };
    let changed = sqlx::query(
        "UPDATE calls SET ends_at = $1, starts_at = $2, updated_at = $3 WHERE id = $4 AND ends_at = $5",
    )
    .bind(end)
    .bind(starts)
    .bind(now)
    .bind(call_id)
    .bind(ends_at)
    .execute(&mut *w.tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::Conflict(copy::ERR_CALL_CHANGED.into()));
    }
    // Fees not paid by the end are not paid at all: the requests filed under it wait for
    // their fee until the earlier of their own deadline and the call's end (the unpaid job
    // cancels them then, with the usual notice).
    sqlx::query(
        "UPDATE requests SET pay_by = CASE WHEN created_at + $1 < $2 THEN created_at + $1 ELSE $2 END \
         WHERE call_id = $3 AND status = 'awaiting_payment'",
    )
    .bind(state.config.unpaid_cancel_days * 86_400_000)
    .bind(end)
    .bind(call_id)
    .execute(&mut *w.tx)
    .await?;
    audit(
        &mut w.tx,
        call_id,
        Some(actor),
        action,
        Some(&ends_at.to_string()),
        Some(&end.to_string()),
        reason,
        now,
    )
    .await?;
    // Those waiting on it: who asked to be told about its services, and who filed under it
    // and has a fee still to pay.
    let waiting = sqlx::query(
        "SELECT u.email, u.mobile, u.notify_email, u.notify_sms FROM users u WHERE u.active = 1 AND u.id IN \
         (SELECT w.user_id FROM call_watchers w JOIN call_types ct ON ct.type_id = w.type_id \
          WHERE ct.call_id = $1 \
          UNION SELECT r.applicant_id FROM requests r WHERE r.call_id = $1 AND r.status = 'awaiting_payment')",
    )
    .bind(call_id)
    .fetch_all(&mut *w.tx)
    .await?;
    let when = TehranDateTime::from_unix_millis(end).format_fa();
    let title = copy::isolate_typed(&title);
    let message = if new_end.is_some() {
        crate::domain::notify::message(
            copy::NOTICE_CALL_EXTENDED_SUBJECT,
            &copy::notice_call_extended(&title, &when),
            &format!("{}/calls", state.config.origin()),
        )
    } else {
        crate::domain::notify::message(
            copy::NOTICE_CALL_CLOSED_SUBJECT,
            &copy::notice_call_closed(&title, &when, &copy::isolate_typed(reason)),
            &format!("{}/calls", state.config.origin()),
        )
    };
    let mut batch = Batch::new(now);
    for r in &waiting {
        message_into(
            &mut batch,
            &state.notifier,
            &Recipient::from_row(r)?,
            &message,
            "call_changed",
            None,
        );
    }
    batch.run(&mut w.tx).await?;
    w.commit().await?;
    state.notifier.wake.notify_one();
    Ok(())
}

/// Sets whether a type is always open or open only within its calls.
pub async fn set_intake(state: &AppState, type_id: i64, intake: Intake) -> Result<(), AppError> {
    let done = sqlx::query("UPDATE request_types SET intake = $1 WHERE id = $2")
        .bind(intake.as_str())
        .bind(type_id)
        .execute(&state.db.pool)
        .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The applicant asks to be told (once) when a type opens. Asking again after being told
/// asks again.
pub async fn watch(state: &AppState, user: i64, type_id: i64) -> Result<(), AppError> {
    let contact =
        sqlx::query("SELECT email, mobile, notify_email, notify_sms FROM users WHERE id = $1")
            .bind(user)
            .fetch_one(&state.db.pool)
            .await?;
    let to = Recipient::from_row(&contact)?;
    if !((to.by_email && to.email.is_some()) || (to.by_sms && to.mobile.is_some())) {
        return Err(AppError::validation("type_id", copy::ERR_WATCH_NO_CHANNEL));
    }
    let known: Option<String> =
        sqlx::query_scalar("SELECT intake FROM request_types WHERE id = $1 AND active = 1")
            .bind(type_id)
            .fetch_optional(&state.db.pool)
            .await?;
    if known.is_none() {
        return Err(AppError::NotFound);
    }
    let now = state.db.now_ms();
    sqlx::query(
        "INSERT INTO call_watchers (user_id, type_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, type_id) DO UPDATE SET notified_at = NULL, created_at = $3",
    )
    .bind(user)
    .bind(type_id)
    .bind(now)
    .execute(&state.db.pool)
    .await?;
    Ok(())
}

/// Watchers read per page by [`tell_watchers`].
const WATCH_PAGE: i64 = 500;

/// Tells each applicant waiting for a type that it is open for them now, once: the claim is a
/// conditional update, so two instances never both tell. Returns how many were told.
pub async fn tell_watchers(state: &AppState) -> Result<usize, AppError> {
    let now = state.db.now_ms();
    let mut told = 0;
    let mut after: (i64, i64) = (0, 0);
    let mut calls: Option<Vec<Current>> = None;
    loop {
        let rows = sqlx::query(
            "SELECT w.type_id, w.user_id, u.applicant_kind, u.email, u.mobile, u.notify_email, \
             u.notify_sms, t.title, t.intake FROM call_watchers w \
             JOIN users u ON u.id = w.user_id JOIN request_types t ON t.id = w.type_id \
             WHERE w.notified_at IS NULL AND t.active = 1 AND (w.type_id, w.user_id) > ($1, $2) \
             AND (t.intake = 'always' OR EXISTS (SELECT 1 FROM call_types ct JOIN calls c ON c.id = ct.call_id \
                  WHERE ct.type_id = w.type_id AND c.starts_at <= $3 AND c.ends_at > $3)) \
             ORDER BY w.type_id, w.user_id LIMIT $4",
        )
        .bind(after.0)
        .bind(after.1)
        .bind(now)
        .bind(WATCH_PAGE)
        .fetch_all(&state.db.pool)
        .await?;
        let Some(last) = rows.last() else {
            break;
        };
        after = (last.try_get("type_id")?, last.try_get("user_id")?);
        let full = rows.len() as i64 == WATCH_PAGE;
        if calls.is_none() {
            calls = Some(current(state, None, now).await?);
        }
        let calls = calls.as_deref().unwrap_or_default();
        let mut w = state.db.begin_write().await?;
        let mut batch = Batch::new(now);
        let mut any = false;
        for r in &rows {
            let type_id: i64 = r.try_get("type_id")?;
            let kind = r
                .try_get::<Option<String>, _>("applicant_kind")?
                .and_then(|k| ApplicantKind::parse(&k));
            let windows: Vec<(Window, i64)> = calls
                .iter()
                .filter(|c| c.type_id == type_id)
                .map(|c| (c.window.clone(), c.taken))
                .collect();
            let status = crate::domain::call::status(intake_of(r)?, &windows, kind, now);
            if !status.is_open() {
                continue;
            }
            let claimed = sqlx::query(
                "UPDATE call_watchers SET notified_at = $1 WHERE user_id = $2 AND type_id = $3 \
                 AND notified_at IS NULL",
            )
            .bind(now)
            .bind(r.try_get::<i64, _>("user_id")?)
            .bind(type_id)
            .execute(&mut *w.tx)
            .await?;
            if claimed.rows_affected() != 1 {
                continue;
            }
            let title = copy::isolate_typed(&r.try_get::<String, _>("title")?);
            let link = format!("{}/requests/new?type={type_id}", state.config.origin());
            let line = match status {
                IntakeStatus::Open { closes_at, .. } => copy::notice_call_open(
                    &title,
                    &TehranDateTime::from_unix_millis(closes_at).format_fa(),
                ),
                _ => copy::notice_intake_open(&title),
            };
            let message =
                crate::domain::notify::message(copy::NOTICE_CALL_OPEN_SUBJECT, &line, &link);
            message_into(
                &mut batch,
                &state.notifier,
                &Recipient::from_row(r)?,
                &message,
                "call_open",
                None,
            );
            told += 1;
            any = true;
        }
        if any {
            batch.run(&mut w.tx).await?;
            w.commit().await?;
            state.notifier.wake.notify_one();
        }
        if !full {
            break;
        }
    }
    Ok(told)
}
