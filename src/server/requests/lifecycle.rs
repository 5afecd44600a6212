//! Changes to a request: replies and internal notes, status changes, reopening, rating,
//! assignment (by hand and round-robin), priority, transfer and merging. Each change is one write
//! transaction that updates the request only if nobody changed it since it was read, appends to
//! the history, and records the live event.

use sqlx::Row;

use super::{Change, RequestRow, field, find_visible, record_history};
use crate::copy;
use crate::domain::history::HistoryKind;
use crate::domain::notify::Notice;
use crate::domain::request::{
    Priority, ReplyMode, validate_rating, validate_reason, validate_reply,
};
use crate::domain::request_status::{
    Actor, RequestEvent, RequestStatus, TransitionError, may_reopen, transition,
};
use crate::server::auth::SessionUser;
use crate::server::notify::live::{Audience, EventHub, EventKind, LiveEvent};
use crate::server::platform::db::WriteTx;
use crate::server::platform::state::AppState;
use crate::wire::AppError;
use crate::wire::{GroupDto, StaffDirectory, StaffMember};

fn actor_of(viewer: &SessionUser) -> Actor {
    if viewer.role.is_staff() {
        Actor::Staff
    } else {
        Actor::Applicant
    }
}

fn refused(field_name: &'static str) -> impl Fn(TransitionError) -> AppError {
    move |e| AppError::validation(field_name, e.message())
}

/// Moves the request to `to` if it is still in `found.status`; keeps the resolution and closing
/// instants in step. Returns false when someone changed it meanwhile.
async fn set_status(
    w: &mut WriteTx,
    found: &RequestRow,
    to: RequestStatus,
    now: i64,
    initial_result: bool,
) -> Result<bool, AppError> {
    let updated = sqlx::query(
        "UPDATE requests SET status = $1, updated_at = $2, \
         initial_result_at = CASE WHEN $3 = 1 AND initial_result_at IS NULL THEN $2 ELSE initial_result_at END, \
         resolved_at = CASE WHEN $1 = 'resolved' THEN $2 WHEN $1 = 'closed' THEN resolved_at ELSE NULL END, \
         closed_at = CASE WHEN $1 = 'closed' THEN $2 ELSE NULL END \
         WHERE id = $4 AND status = $5 AND ($3 = 0 OR initial_result_at IS NULL)",
    )
    .bind(to.as_str())
    .bind(now)
    .bind(i64::from(initial_result))
    .bind(found.id)
    .bind(found.status.as_str())
    .execute(&mut *w.tx)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// How a change ends: who made it, the status it leaves, why, and who hears of it.
struct Outcome<'a> {
    actor_id: Option<i64>,
    to: RequestStatus,
    reason: &'a str,
    audience: Audience,
    now: i64,
    /// What the applicant is told (by e-mail and SMS, as they chose).
    notice: Option<Notice>,
}

/// Records the status change (when there is one) and the live event, then commits; `events` are
/// further events recorded in the same transaction.
async fn finish(
    state: &AppState,
    mut w: WriteTx,
    found: &RequestRow,
    out: Outcome<'_>,
    mut events: Vec<LiveEvent>,
) -> Result<(), AppError> {
    if out.to != found.status {
        record_history(
            &mut w.tx,
            found.id,
            out.actor_id,
            Change::status(Some(found.status), out.to, out.reason),
            out.now,
        )
        .await?;
    }
    if let Some(notice) = out.notice {
        crate::server::notify::enqueue_notice(
            &mut w.tx,
            &state.notifier,
            state.config.origin(),
            found.id,
            notice,
        )
        .await?;
    }
    // Any change may start, pause, stop or move the SLA clocks (status, initial result, group).
    crate::server::sla::clocks::refresh(&mut w.tx, state, found.id, out.now).await?;
    // One's own change is never news to oneself.
    if let Some(actor) = out.actor_id {
        crate::server::requests::views::saw(&mut w.tx, actor, found.id, out.now).await?;
    }
    let backend = state.db.backend;
    events.push(
        EventHub::record(
            &mut w.tx,
            &state.db,
            EventKind::RequestUpdated,
            found.id,
            found.applicant_id,
            out.audience,
        )
        .await?,
    );
    w.commit().await?;
    state.events.after_commit(backend, events);
    if out.notice.is_some() {
        state.notifier.wake.notify_one();
    }
    Ok(())
}

/// What the applicant hears of a message: staff answers, questions and resolutions.
fn notice_of_reply(actor: Actor, mode: ReplyMode, to: RequestStatus) -> Option<Notice> {
    match (actor, mode) {
        (Actor::Staff, ReplyMode::Answer) => Some(Notice::Answered),
        (Actor::Staff, ReplyMode::Ask) => Some(Notice::WaitingForYou),
        (Actor::Staff, ReplyMode::Resolve) => Some(Notice::Status(to)),
        _ => None,
    }
}

/// Ends a change staff make to how a request is handled (priority, group): an internal history
/// line and a staff-only event; the status stays.
async fn finish_internal(
    state: &AppState,
    mut w: WriteTx,
    found: &RequestRow,
    actor_id: i64,
    change: Change<'_>,
    now: i64,
) -> Result<(), AppError> {
    record_history(&mut w.tx, found.id, Some(actor_id), change, now).await?;
    finish(
        state,
        w,
        found,
        Outcome {
            actor_id: Some(actor_id),
            to: found.status,
            reason: "",
            audience: Audience::Staff,
            now,
            notice: None,
        },
        Vec::new(),
    )
    .await
}

fn changed_meanwhile() -> AppError {
    AppError::Conflict(copy::ERR_CHANGED_MEANWHILE.into())
}

/// What a reply form sends.
pub struct ReplyInput<'a> {
    pub body: &'a str,
    pub mode: ReplyMode,
    pub initial_result: bool,
    /// The newest message id the author had on screen.
    pub seen: Option<i64>,
    /// Send even though another staff member answered since `seen`.
    pub confirm: bool,
    pub files: Vec<crate::server::requests::files::Upload>,
}

/// A reply or an internal note. Staff choose what the message does (`mode`); an applicant's
/// message is always a public reply.
pub async fn reply(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
    input: ReplyInput<'_>,
) -> Result<(), AppError> {
    let body = validate_reply(input.body).map_err(field)?;
    let found = find_visible(state, viewer, code).await?;
    let actor = actor_of(viewer);
    if actor == Actor::Applicant && (input.mode != ReplyMode::Answer || input.initial_result) {
        return Err(AppError::Forbidden);
    }
    if input.initial_result {
        if !matches!(input.mode, ReplyMode::Answer | ReplyMode::Resolve) {
            return Err(AppError::validation(
                "initial_result",
                copy::ERR_INITIAL_RESULT_MODE,
            ));
        }
        if found.initial_result_at.is_some() {
            return Err(AppError::validation(
                "initial_result",
                copy::ERR_INITIAL_RESULT_GIVEN,
            ));
        }
    }
    let to = match (actor, input.mode) {
        (Actor::Applicant, _) => transition(found.status, RequestEvent::ApplicantReplied, actor),
        (_, ReplyMode::Answer) => transition(found.status, RequestEvent::StaffReplied, actor),
        (_, ReplyMode::Ask) => transition(found.status, RequestEvent::StaffAskedApplicant, actor),
        (_, ReplyMode::Resolve) => transition(found.status, RequestEvent::Resolved, actor),
        // A note changes nothing, and may be written even on a closed request.
        (_, ReplyMode::Note) => Ok(found.status),
    }
    .map_err(refused("body"))?;
    let internal = input.mode.is_internal();
    let input_mode = input.mode;
    if actor == Actor::Staff && !internal && !input.confirm {
        warn_if_crossed(state, &found, viewer, input.seen).await?;
    }
    let files =
        crate::server::requests::files::checked_attachments(state, found.id, input.files).await?;
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    crate::server::requests::files::room(state, &mut w.tx, found.id, &files).await?;
    let message_id: i64 = sqlx::query(
        "INSERT INTO messages (request_id, author_id, author_side, body, is_initial_result, internal, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(found.id)
    .bind(viewer.id)
    .bind(if actor == Actor::Staff {
        "staff"
    } else {
        "applicant"
    })
    .bind(&body)
    .bind(i64::from(input.initial_result))
    .bind(i64::from(internal))
    .bind(now)
    .fetch_one(&mut *w.tx)
    .await?
    .try_get("id")?;
    let attach_to = crate::server::requests::files::AttachTo {
        request_id: found.id,
        message_id: Some(message_id),
        field_id: None,
        dispute: None,
        uploader_id: viewer.id,
        internal,
        at: now,
    };
    crate::server::requests::files::attach_all(state, &mut w.tx, &attach_to, &files).await?;
    crate::server::requests::search::refresh(&mut w.tx, &state.db, found.id).await?;
    // An internal note leaves the request as it is, `updated_at` included: the applicant's list
    // must not reveal that staff wrote something.
    if !internal && !set_status(&mut w, &found, to, now, input.initial_result).await? {
        return Err(changed_meanwhile());
    }
    let audience = if internal {
        Audience::Staff
    } else {
        Audience::Everyone
    };
    finish(
        state,
        w,
        &found,
        Outcome {
            actor_id: Some(viewer.id),
            to,
            reason: "",
            audience,
            now,
            notice: notice_of_reply(actor, input_mode, to),
        },
        Vec::new(),
    )
    .await
}

/// Refuses a public staff reply when another staff member answered after the newest message the
/// author had on screen: the author should read it first (or confirm).
async fn warn_if_crossed(
    state: &AppState,
    found: &RequestRow,
    viewer: &SessionUser,
    seen: Option<i64>,
) -> Result<(), AppError> {
    let Some(seen) = seen else {
        return Ok(());
    };
    let crossed: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM messages WHERE request_id = $1 AND id > $2 \
         AND author_side = 'staff' AND internal = 0 AND author_id <> $3",
    )
    .bind(found.id)
    .bind(seen)
    .bind(viewer.id)
    .fetch_one(&state.db.pool)
    .await?
    .try_get("n")?;
    if crossed > 0 {
        Err(AppError::validation("confirm", copy::ERR_CROSSED_REPLY))
    } else {
        Ok(())
    }
}

/// A status change without a message: staff start work or resolve; anyone closes.
pub async fn change_status(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
    event: RequestEvent,
    reason: &str,
) -> Result<RequestStatus, AppError> {
    let reason = validate_reason(reason).map_err(field)?;
    let found = find_visible(state, viewer, code).await?;
    let actor = actor_of(viewer);
    if event == RequestEvent::Reopened
        && !may_reopen(
            actor,
            found.status,
            found.closed_at,
            state.db.now_ms(),
            state.config.reopen_window_days,
        )
    {
        return Err(AppError::validation("status", copy::ERR_REOPEN_WINDOW));
    }
    let to = transition(found.status, event, actor).map_err(refused("status"))?;
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    if !set_status(&mut w, &found, to, now, false).await? {
        return Err(changed_meanwhile());
    }
    finish(
        state,
        w,
        &found,
        Outcome {
            actor_id: Some(viewer.id),
            to,
            reason: &reason,
            audience: Audience::Everyone,
            now,
            notice: (actor != Actor::Applicant && to != found.status).then_some(Notice::Status(to)),
        },
        Vec::new(),
    )
    .await?;
    Ok(to)
}

/// The applicant rates a resolved or closed request of theirs, once.
pub async fn rate(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
    stars: &str,
    comment: &str,
) -> Result<(), AppError> {
    let rating = validate_rating(stars, comment).map_err(field)?;
    let found = find_visible(state, viewer, code).await?;
    if found.applicant_id != viewer.id {
        return Err(AppError::Forbidden);
    }
    if !found.status.may_rate() {
        return Err(AppError::validation("stars", copy::ERR_NOT_RATEABLE));
    }
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    let updated = sqlx::query(
        "UPDATE requests SET rating = $1, rating_comment = $2, rated_at = $3 \
         WHERE id = $4 AND rating IS NULL",
    )
    .bind(rating.stars)
    .bind(&rating.comment)
    .bind(now)
    .bind(found.id)
    .execute(&mut *w.tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(AppError::validation("stars", copy::ERR_ALREADY_RATED));
    }
    let stars = rating.stars.to_string();
    record_history(
        &mut w.tx,
        found.id,
        Some(viewer.id),
        Change {
            kind: HistoryKind::Rated,
            from: None,
            to: Some(&stars),
            reason: &rating.comment,
            internal: false,
        },
        now,
    )
    .await?;
    finish(
        state,
        w,
        &found,
        Outcome {
            actor_id: Some(viewer.id),
            to: found.status,
            reason: "",
            audience: Audience::Everyone,
            now,
            notice: None,
        },
        Vec::new(),
    )
    .await
}

fn require_staff(viewer: &SessionUser) -> Result<(), AppError> {
    if viewer.role.is_staff() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn staff_name(state: &AppState, id: i64) -> Result<String, AppError> {
    sqlx::query("SELECT full_name FROM users WHERE id = $1 AND active = 1 AND role <> 'applicant'")
        .bind(id)
        .fetch_optional(&state.db.pool)
        .await?
        .map(|r| r.try_get::<String, _>("full_name"))
        .transpose()?
        .ok_or_else(|| AppError::validation("assignee", copy::ERR_ASSIGNEE_UNKNOWN))
}

/// Gives the request to a staff member (`None`: nobody).
pub async fn assign(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
    assignee: Option<i64>,
) -> Result<(), AppError> {
    require_staff(viewer)?;
    let found = find_visible(state, viewer, code).await?;
    let new_name = match assignee {
        Some(id) => Some(staff_name(state, id).await?),
        None => None,
    };
    let old_name = match found.assignee_id {
        Some(id) => staff_name(state, id).await.ok(),
        None => None,
    };
    if assignee == found.assignee_id {
        return Ok(());
    }
    // Unassigning leaves the status alone; assigning moves a new request to "assigned".
    let to = match assignee {
        Some(_) => transition(found.status, RequestEvent::Assigned, Actor::Staff)
            .map_err(refused("assignee"))?,
        None => found.status,
    };
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    let updated = sqlx::query(
        "UPDATE requests SET assignee_id = $1, status = $2, updated_at = $3 WHERE id = $4 AND status = $5",
    )
    .bind(assignee)
    .bind(to.as_str())
    .bind(now)
    .bind(found.id)
    .bind(found.status.as_str())
    .execute(&mut *w.tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(changed_meanwhile());
    }
    record_history(
        &mut w.tx,
        found.id,
        Some(viewer.id),
        Change {
            kind: HistoryKind::Assigned,
            from: old_name.as_deref(),
            to: new_name.as_deref(),
            reason: "",
            internal: true,
        },
        now,
    )
    .await?;
    // The status change (new → assigned) is public: the applicant sees it as "in review".
    finish(
        state,
        w,
        &found,
        Outcome {
            actor_id: Some(viewer.id),
            to,
            reason: "",
            audience: Audience::Everyone,
            now,
            notice: None,
        },
        Vec::new(),
    )
    .await
}

/// Round-robin: gives a new request to the group's available member who got work longest ago.
/// Runs inside the transaction that files the request.
pub(crate) async fn round_robin(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    request_id: i64,
    group_id: i64,
    now: i64,
) -> Result<(), AppError> {
    let picked = sqlx::query(
        "UPDATE group_members SET last_assigned_at = $1 WHERE group_id = $2 AND user_id = ( \
           SELECT gm.user_id FROM group_members gm JOIN users u ON u.id = gm.user_id \
           WHERE gm.group_id = $2 AND u.active = 1 AND u.available = 1 AND u.role <> 'applicant' \
           ORDER BY gm.last_assigned_at, gm.user_id LIMIT 1) \
         RETURNING user_id",
    )
    .bind(now)
    .bind(group_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = picked else {
        // Nobody available: the request waits in the group's queue.
        return Ok(());
    };
    let user_id: i64 = row.try_get("user_id")?;
    let name: String = sqlx::query("SELECT full_name FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get("full_name")?;
    sqlx::query("UPDATE requests SET assignee_id = $1, status = $2 WHERE id = $3")
        .bind(user_id)
        .bind(RequestStatus::Assigned.as_str())
        .bind(request_id)
        .execute(&mut **tx)
        .await?;
    record_history(
        tx,
        request_id,
        None,
        Change {
            kind: HistoryKind::Assigned,
            from: None,
            to: Some(&name),
            reason: "",
            internal: true,
        },
        now,
    )
    .await?;
    record_history(
        tx,
        request_id,
        None,
        Change::status(Some(RequestStatus::New), RequestStatus::Assigned, ""),
        now,
    )
    .await
}

/// Several properties at once: the staff page's one form (a select changed with JavaScript, or
/// all of them posted together without). Every value is checked before anything changes; then
/// each changed one is applied as its own change on the record: the group first (which may
/// leave the request unassigned), then the assignee, then the priority.
pub async fn update_properties(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
    assignee: Option<Option<i64>>,
    priority: Option<Priority>,
    group_id: Option<i64>,
) -> Result<(), AppError> {
    require_staff(viewer)?;
    let found = find_visible(state, viewer, code).await?;
    let group = group_id.filter(|g| found.group_id != Some(*g));
    if let Some(g) = group {
        if found.status == RequestStatus::Closed {
            return Err(AppError::validation(
                "group_id",
                TransitionError::RequestClosed.message(),
            ));
        }
        group_name(state, g)
            .await?
            .ok_or_else(|| AppError::validation("group_id", copy::ERR_GROUP_UNKNOWN))?;
    }
    let assignee = assignee.filter(|a| *a != found.assignee_id || group.is_some());
    if let Some(a) = assignee {
        if let Some(id) = a {
            staff_name(state, id).await?;
        }
        if a.is_some() && found.status == RequestStatus::Closed {
            return Err(AppError::validation(
                "assignee",
                TransitionError::RequestClosed.message(),
            ));
        }
    }
    if let Some(g) = group {
        transfer(state, viewer, code, g, "").await?;
    }
    if let Some(a) = assignee {
        assign(state, viewer, code, a).await?;
    }
    if let Some(p) = priority {
        set_priority(state, viewer, code, p).await?;
    }
    Ok(())
}

pub async fn set_priority(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
    priority: Priority,
) -> Result<(), AppError> {
    require_staff(viewer)?;
    let found = find_visible(state, viewer, code).await?;
    if priority == found.priority {
        return Ok(());
    }
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    sqlx::query("UPDATE requests SET priority = $1 WHERE id = $2")
        .bind(priority.as_i64())
        .bind(found.id)
        .execute(&mut *w.tx)
        .await?;
    let (from, to) = (
        found.priority.as_i64().to_string(),
        priority.as_i64().to_string(),
    );
    let change = Change {
        kind: HistoryKind::Priority,
        from: Some(&from),
        to: Some(&to),
        reason: "",
        internal: true,
    };
    finish_internal(state, w, &found, viewer.id, change, now).await
}

async fn group_name(state: &AppState, id: i64) -> Result<Option<String>, AppError> {
    Ok(
        sqlx::query("SELECT name FROM staff_groups WHERE id = $1 AND active = 1")
            .bind(id)
            .fetch_optional(&state.db.pool)
            .await?
            .map(|r| r.try_get::<String, _>("name"))
            .transpose()?,
    )
}

/// Moves the request to another group's queue. The assignee stays only if they belong to it.
pub async fn transfer(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
    group_id: i64,
    reason: &str,
) -> Result<(), AppError> {
    require_staff(viewer)?;
    let reason = validate_reason(reason).map_err(field)?;
    let found = find_visible(state, viewer, code).await?;
    if found.status == RequestStatus::Closed {
        return Err(AppError::validation(
            "group_id",
            TransitionError::RequestClosed.message(),
        ));
    }
    if found.group_id == Some(group_id) {
        return Err(AppError::validation("group_id", copy::ERR_SAME_GROUP));
    }
    let to_name = group_name(state, group_id)
        .await?
        .ok_or_else(|| AppError::validation("group_id", copy::ERR_GROUP_UNKNOWN))?;
    let from_name = match found.group_id {
        Some(g) => group_name(state, g).await?,
        None => None,
    };
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    sqlx::query(
        "UPDATE requests SET group_id = $1, assignee_id = CASE WHEN EXISTS ( \
           SELECT 1 FROM group_members WHERE group_id = $1 AND user_id = requests.assignee_id) \
         THEN assignee_id ELSE NULL END WHERE id = $2",
    )
    .bind(group_id)
    .bind(found.id)
    .execute(&mut *w.tx)
    .await?;
    let change = Change {
        kind: HistoryKind::Transferred,
        from: from_name.as_deref(),
        to: Some(&to_name),
        reason: &reason,
        internal: true,
    };
    finish_internal(state, w, &found, viewer.id, change, now).await
}

/// Closes a duplicate, pointing it at an earlier, still-open request of the same applicant.
pub async fn merge(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
    into_code: &str,
    reason: &str,
) -> Result<(), AppError> {
    require_staff(viewer)?;
    let reason = validate_reason(reason).map_err(field)?;
    let found = find_visible(state, viewer, code).await?;
    let target = find_visible(state, viewer, into_code)
        .await
        .map_err(|_| AppError::validation("into", copy::ERR_MERGE_TARGET))?;
    if target.applicant_id != found.applicant_id
        || target.id >= found.id
        || target.status == RequestStatus::Closed
    {
        return Err(AppError::validation("into", copy::ERR_MERGE_TARGET));
    }
    let to =
        transition(found.status, RequestEvent::Closed, Actor::Staff).map_err(refused("into"))?;
    let now = state.db.now_ms();
    let mut w = state.db.begin_write().await?;
    if !set_status(&mut w, &found, to, now, false).await? {
        return Err(changed_meanwhile());
    }
    sqlx::query("UPDATE requests SET merged_into_id = $1 WHERE id = $2")
        .bind(target.id)
        .bind(found.id)
        .execute(&mut *w.tx)
        .await?;
    record_history(
        &mut w.tx,
        found.id,
        Some(viewer.id),
        Change {
            kind: HistoryKind::Merged,
            from: None,
            to: Some(&target.tracking_code),
            reason: &reason,
            internal: false,
        },
        now,
    )
    .await?;
    record_history(
        &mut w.tx,
        target.id,
        Some(viewer.id),
        Change {
            kind: HistoryKind::MergedFrom,
            from: Some(&found.tracking_code),
            to: None,
            reason: &reason,
            internal: false,
        },
        now,
    )
    .await?;
    let ev = EventHub::record(
        &mut w.tx,
        &state.db,
        EventKind::RequestUpdated,
        target.id,
        target.applicant_id,
        Audience::Everyone,
    )
    .await?;
    finish(
        state,
        w,
        &found,
        Outcome {
            actor_id: Some(viewer.id),
            to,
            reason: &reason,
            audience: Audience::Everyone,
            now,
            notice: Some(Notice::Status(RequestStatus::Closed)),
        },
        vec![ev],
    )
    .await
}

/// Closes resolved requests the applicant left alone for `auto_close_resolved_days`. Returns
/// how many were closed. Idempotent and safe on several instances (each close is guarded).
pub async fn auto_close_resolved(state: &AppState) -> Result<usize, AppError> {
    let cutoff = state.db.now_ms() - state.config.auto_close_resolved_days * 86_400_000;
    let rows = sqlx::query(
        "SELECT id, tracking_code, applicant_id, status, initial_result_at, closed_at, group_id, \
         assignee_id, priority FROM requests WHERE status = 'resolved' AND resolved_at < $1 \
         ORDER BY id LIMIT 500",
    )
    .bind(cutoff)
    .fetch_all(&state.db.pool)
    .await?;
    let mut closed = 0;
    for row in &rows {
        let found = super::row_of(row)?;
        let to = transition(found.status, RequestEvent::Closed, Actor::System)
            .map_err(|_| AppError::Internal)?;
        let now = state.db.now_ms();
        let mut w = state.db.begin_write().await?;
        if set_status(&mut w, &found, to, now, false).await? {
            finish(
                state,
                w,
                &found,
                Outcome {
                    actor_id: None,
                    to,
                    reason: copy::AUTO_CLOSED_REASON,
                    audience: Audience::Everyone,
                    now,
                    notice: Some(Notice::Status(RequestStatus::Closed)),
                },
                Vec::new(),
            )
            .await?;
            closed += 1;
        }
    }
    Ok(closed)
}

/// Groups and staff, for assignment and transfer.
pub async fn directory(state: &AppState) -> Result<StaffDirectory, AppError> {
    let groups = sqlx::query(
        "SELECT id, name, description, active, auto_assign FROM staff_groups ORDER BY name",
    )
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(|g| {
        Ok(GroupDto {
            id: g.try_get("id")?,
            name: g.try_get("name")?,
            description: g.try_get("description")?,
            active: g.try_get::<i64, _>("active")? == 1,
            auto_assign: g.try_get::<i64, _>("auto_assign")? == 1,
        })
    })
    .collect::<Result<Vec<_>, AppError>>()?;
    let memberships = sqlx::query("SELECT group_id, user_id FROM group_members")
        .fetch_all(&state.db.pool)
        .await?;
    let members = sqlx::query(
        "SELECT id, full_name, available FROM users WHERE role <> 'applicant' AND active = 1 \
         ORDER BY full_name",
    )
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(|u| {
        let id: i64 = u.try_get("id")?;
        let group_ids = memberships
            .iter()
            .filter(|m| m.try_get::<i64, _>("user_id").ok() == Some(id))
            .filter_map(|m| m.try_get::<i64, _>("group_id").ok())
            .collect();
        Ok(StaffMember {
            id,
            full_name: u.try_get("full_name")?,
            available: u.try_get::<i64, _>("available")? == 1,
            group_ids,
        })
    })
    .collect::<Result<Vec<_>, AppError>>()?;
    Ok(StaffDirectory { groups, members })
}

/// A staff member marks themself available (or away) for round-robin assignment.
pub async fn set_available(
    state: &AppState,
    viewer: &SessionUser,
    available: bool,
) -> Result<(), AppError> {
    require_staff(viewer)?;
    let mut w = state.db.begin_write().await?;
    sqlx::query("UPDATE users SET available = $1 WHERE id = $2")
        .bind(i64::from(available))
        .bind(viewer.id)
        .execute(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(())
}
