//! Disputes (اعتراض و حل اختلاف): an applicant disputes a request that was answered, resolved or
//! closed; a supervisor of the request's group (never the agent whose answer is disputed)
//! negotiates in the dispute's own thread; the applicant may accept a proposal; once the month
//! of negotiation has passed unsettled, the supervisor writes the provider's final view, which
//! is locked. Every step is in the request's append-only history; the deadline job reminds both
//! sides a week and a day before the month ends, and flags to admins a month passed without a
//! final view, each once across instances.

use sqlx::Row;

use crate::copy;
use crate::domain::account::Role;
use crate::domain::dispute::{DisputeState, Reminder, Step, StepError, Subject, apply};
use crate::domain::history::HistoryKind;
use crate::domain::request_status::RequestStatus;
use crate::server::auth::SessionUser;
use crate::server::notify::live::{Audience, EventHub, EventKind};
use crate::server::notify::{Recipient, message_into};
use crate::server::platform::db::Batch;
use crate::server::platform::state::AppState;
use crate::server::requests::files::{self, AttachTo, Upload};
use crate::server::requests::{Change, RequestRow, find_visible, history_into};
use crate::wire::{AppError, DisputeDto, DisputeMessageDto, DisputePanel, Side};

const MS_PER_DAY: i64 = 86_400_000;

/// A dispute as stored.
struct Stored {
    id: i64,
    disputed_agent_id: Option<i64>,
    handler_id: Option<i64>,
    subject: Subject,
    reasons: String,
    state: DisputeState,
    filed_at: i64,
    negotiation_ends_at: i64,
    proposal_id: Option<i64>,
    settled_at: Option<i64>,
    final_at: Option<i64>,
    final_view: Option<String>,
    overdue_at: Option<i64>,
}

const COLUMNS: &str = "id, disputed_agent_id, handler_id, subject, reasons, state, filed_at, \
     negotiation_ends_at, proposal_id, settled_at, final_at, final_view, overdue_at";

fn stored(r: &sqlx::any::AnyRow) -> Result<Stored, AppError> {
    Ok(Stored {
        id: r.try_get("id")?,
        disputed_agent_id: r.try_get("disputed_agent_id")?,
        handler_id: r.try_get("handler_id")?,
        subject: Subject::parse(&r.try_get::<String, _>("subject")?).ok_or(AppError::Internal)?,
        reasons: r.try_get("reasons")?,
        state: DisputeState::parse(&r.try_get::<String, _>("state")?).ok_or(AppError::Internal)?,
        filed_at: r.try_get("filed_at")?,
        negotiation_ends_at: r.try_get("negotiation_ends_at")?,
        proposal_id: r.try_get("proposal_id")?,
        settled_at: r.try_get("settled_at")?,
        final_at: r.try_get("final_at")?,
        final_view: r.try_get("final_view")?,
        overdue_at: r.try_get("overdue_at")?,
    })
}

async fn load(state: &AppState, request_id: i64) -> Result<Option<Stored>, AppError> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM disputes WHERE request_id = $1"
    )))
    .bind(request_id)
    .fetch_optional(&state.db.pool)
    .await?
    .as_ref()
    .map(stored)
    .transpose()
}

/// The statuses a dispute may be raised on.
fn disputable(status: RequestStatus) -> bool {
    matches!(
        status,
        RequestStatus::Answered | RequestStatus::Resolved | RequestStatus::Closed
    )
}

/// Whether `viewer` handles disputes on this request for the provider: a supervisor of its
/// group (any supervisor when it has none), never the agent whose answer is disputed.
async fn may_handle(
    state: &AppState,
    viewer: &SessionUser,
    req: &RequestRow,
    disputed_agent: Option<i64>,
) -> Result<bool, AppError> {
    if viewer.role != Role::Supervisor || disputed_agent == Some(viewer.id) {
        return Ok(false);
    }
    let Some(group) = req.group_id else {
        return Ok(true);
    };
    let member: Option<i64> = sqlx::query_scalar(
        "SELECT user_id FROM group_members WHERE group_id = $1 AND user_id = $2",
    )
    .bind(group)
    .bind(viewer.id)
    .fetch_optional(&state.db.pool)
    .await?;
    Ok(member.is_some())
}

/// The dispute part of a request's page, for whoever may see the request (others: not found).
pub async fn panel(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
) -> Result<DisputePanel, AppError> {
    let req = find_visible(state, viewer, code).await?;
    let now = state.db.now_ms();
    let d = load(state, req.id).await?;
    let own = viewer.role == Role::Applicant && req.applicant_id == viewer.id;
    let window = state.config.dispute_window_days;
    let closed_at = req
        .closed_at
        .filter(|_| req.status == RequestStatus::Closed);
    let may_raise = own
        && d.is_none()
        && disputable(req.status)
        && crate::domain::dispute::may_raise(closed_at, now, window);
    let may_handle = may_handle(
        state,
        viewer,
        &req,
        d.as_ref().map_or(req.assignee_id, |d| d.disputed_agent_id),
    )
    .await?
        && d.is_some();
    let dispute = match d {
        Some(d) => Some(view(state, &d, viewer.role != Role::Applicant, now).await?),
        None => None,
    };
    Ok(DisputePanel {
        dispute,
        may_raise,
        raise_until: closed_at
            .filter(|_| may_raise)
            .map(|c| c + window * MS_PER_DAY),
        window_days: window,
        may_handle,
    })
}

async fn view(state: &AppState, d: &Stored, staff: bool, now: i64) -> Result<DisputeDto, AppError> {
    let rows = sqlx::query(
        "SELECT m.id, m.author_side, m.body, m.internal, m.proposal, m.created_at, u.full_name \
         FROM dispute_messages m JOIN users u ON u.id = m.author_id \
         WHERE m.dispute_id = $1 ORDER BY m.id",
    )
    .bind(d.id)
    .fetch_all(&state.db.pool)
    .await?;
    // The dispute's files by the thread's entry they came with (none: with the reasons).
    let mut files = std::collections::HashMap::<Option<i64>, Vec<_>>::new();
    for (entry, file) in
        crate::server::requests::files::list_for_dispute(&state.db, d.id, staff).await?
    {
        files.entry(entry).or_default().push(file);
    }
    let mut files_of = |entry: Option<i64>| files.remove(&entry).unwrap_or_default();
    let mut messages = Vec::with_capacity(rows.len());
    for r in &rows {
        let internal = r.try_get::<i64, _>("internal")? == 1;
        if internal && !staff {
            continue;
        }
        let id: i64 = r.try_get("id")?;
        messages.push(DisputeMessageDto {
            id,
            files: files_of(Some(id)),
            side: if r.try_get::<String, _>("author_side")? == "staff" {
                Side::Staff
            } else {
                Side::Applicant
            },
            author_name: r.try_get("full_name")?,
            body: r.try_get("body")?,
            internal,
            proposal: r.try_get::<i64, _>("proposal")? == 1,
            created_at: r.try_get("created_at")?,
        });
    }
    let handler_name: Option<String> = match d.handler_id {
        Some(h) => {
            sqlx::query_scalar("SELECT full_name FROM users WHERE id = $1")
                .bind(h)
                .fetch_optional(&state.db.pool)
                .await?
        }
        None => None,
    };
    Ok(DisputeDto {
        subject: d.subject,
        reasons: d.reasons.clone(),
        files: files_of(None),
        state: d.state,
        filed_at: d.filed_at,
        negotiation_ends_at: d.negotiation_ends_at,
        days_left: crate::domain::dispute::days_left(now, d.negotiation_ends_at),
        month_over: now >= d.negotiation_ends_at,
        handler_name,
        messages,
        proposal_id: d.proposal_id.filter(|_| !d.state.is_closed()),
        accepted_id: d.proposal_id.filter(|_| d.state == DisputeState::Settled),
        settled_at: d.settled_at,
        final_view: d.final_view.clone(),
        final_at: d.final_at,
        overdue: d.overdue_at.is_some() && !d.state.is_closed(),
    })
}

/// A guarded update of a dispute changed its one row, or another step came first.
fn moved_once(rows: u64) -> Result<(), AppError> {
    if rows == 1 {
        Ok(())
    } else {
        Err(AppError::Conflict(copy::ERR_DISPUTE_CLOSED.into()))
    }
}

fn step_error(e: StepError) -> AppError {
    match e {
        StepError::Closed => AppError::validation("message", copy::ERR_DISPUTE_CLOSED),
        StepError::NoProposal => AppError::validation("proposal_id", copy::ERR_DISPUTE_NO_PROPOSAL),
        StepError::MonthNotOver => AppError::validation("view", copy::ERR_DISPUTE_MONTH_NOT_OVER),
    }
}

/// Who on the provider's side hears of the applicant's steps: the handler, or until one has
/// written, the supervisors of the group (any supervisor when it has none), never the agent
/// whose answer is disputed. By e-mail.
async fn staff_recipients(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    handler: Option<i64>,
    group: Option<i64>,
    disputed_agent: Option<i64>,
) -> Result<Vec<Recipient>, AppError> {
    let emails: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT u.email FROM users u WHERE u.active = 1 AND u.email IS NOT NULL AND u.email <> '' \
         AND (u.id = $1 OR ($1 IS NULL AND u.role = 'supervisor' AND ($2 IS NULL OR u.id IN \
              (SELECT user_id FROM group_members WHERE group_id = $2)))) \
         AND ($3 IS NULL OR u.id <> $3)",
    )
    .bind(handler)
    .bind(group)
    .bind(disputed_agent)
    .fetch_all(&mut **tx)
    .await?;
    Ok(emails
        .into_iter()
        .map(|email| Recipient {
            email: Some(email),
            mobile: None,
            by_email: true,
            by_sms: false,
        })
        .collect())
}

/// The applicant of a request, as notices reach them.
async fn applicant_recipient(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    applicant: i64,
) -> Result<Recipient, AppError> {
    let r = sqlx::query("SELECT email, mobile, notify_email, notify_sms FROM users WHERE id = $1")
        .bind(applicant)
        .fetch_one(&mut **tx)
        .await?;
    Recipient::from_row(&r)
}

/// What a notice about a dispute says, and its outbox kind.
struct Told<'a> {
    subject: &'a str,
    line: &'a str,
    kind: &'a str,
}

/// A notice about the dispute of request `code` to each of `to`, linking to the staff's page
/// of the request (`staff`) or the applicant's.
fn tell(
    batch: &mut Batch,
    state: &AppState,
    to: &[Recipient],
    code: &str,
    staff: bool,
    Told {
        subject,
        line,
        kind,
    }: Told<'_>,
) {
    let path = if staff {
        "/staff/requests/"
    } else {
        "/requests/"
    };
    let message = crate::domain::notify::message(
        subject,
        line,
        &format!("{}{path}{code}", state.config.origin()),
    );
    for r in to {
        message_into(batch, &state.notifier, r, &message, kind, None);
    }
}

fn shown_code(code: &str) -> String {
    copy::isolate(
        &crate::domain::tracking::parse(code)
            .map(|c| c.display_fa())
            .unwrap_or_else(|_| code.to_string()),
    )
}

/// The applicant raises a dispute on their request.
pub async fn raise(
    state: &AppState,
    applicant: &SessionUser,
    code: &str,
    subject: &str,
    reasons: &str,
    files: Vec<Upload>,
) -> Result<(), AppError> {
    let req = find_visible(state, applicant, code).await?;
    if req.applicant_id != applicant.id {
        return Err(AppError::NotFound);
    }
    let subject = Subject::parse(subject.trim())
        .ok_or_else(|| AppError::validation("subject", copy::ERR_DISPUTE_SUBJECT))?;
    let reasons = reasons.trim();
    if reasons.chars().count() < 10 {
        return Err(AppError::validation("reasons", copy::ERR_DISPUTE_REASONS));
    }
    if !disputable(req.status) {
        return Err(AppError::validation("reasons", copy::ERR_DISPUTE_NOT_YET));
    }
    let now = state.db.now_ms();
    let closed_at = req
        .closed_at
        .filter(|_| req.status == RequestStatus::Closed);
    if !crate::domain::dispute::may_raise(closed_at, now, state.config.dispute_window_days) {
        return Err(AppError::validation("reasons", copy::ERR_DISPUTE_TOO_LATE));
    }
    // The answer disputed is the last the applicant was given: its author, or whoever the
    // request is assigned to.
    let answered_by: Option<i64> = sqlx::query_scalar(
        "SELECT author_id FROM messages WHERE request_id = $1 AND author_side = 'staff' \
         AND internal = 0 ORDER BY id DESC LIMIT 1",
    )
    .bind(req.id)
    .fetch_optional(&state.db.pool)
    .await?;
    let disputed_agent = answered_by.or(req.assignee_id);
    let files = files::checked_attachments(state, req.id, files).await?;
    let mut w = state.db.begin_write().await?;
    files::room(state, &mut w.tx, req.id, &files).await?;
    // One per request: the unique key decides between two raising at once.
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO disputes (request_id, applicant_id, group_id, disputed_agent_id, subject, reasons, \
         state, filed_at, negotiation_ends_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $7) ON CONFLICT (request_id) DO NOTHING RETURNING id",
    )
    .bind(req.id)
    .bind(applicant.id)
    .bind(req.group_id)
    .bind(disputed_agent)
    .bind(subject.as_str())
    .bind(reasons)
    .bind(now)
    .bind(crate::domain::dispute::negotiation_ends_at(now))
    .fetch_optional(&mut *w.tx)
    .await?;
    let Some(id) = id else {
        return Err(AppError::validation("reasons", copy::ERR_DISPUTE_EXISTS));
    };
    let to = AttachTo {
        request_id: req.id,
        message_id: None,
        field_id: None,
        dispute: Some((id, None)),
        uploader_id: applicant.id,
        internal: false,
        at: now,
    };
    files::attach_all(state, &mut w.tx, &to, &files).await?;
    let mut batch = Batch::new(now);
    step_into(
        &mut batch,
        req.id,
        Some(applicant.id),
        None,
        DisputeState::Open,
        now,
    );
    let staff = staff_recipients(&mut w.tx, None, req.group_id, disputed_agent).await?;
    tell(
        &mut batch,
        state,
        &staff,
        &req.tracking_code,
        true,
        Told {
            subject: copy::NOTICE_DISPUTE_SUBJECT,
            line: &copy::notice_dispute_raised(&shown_code(&req.tracking_code)),
            kind: "dispute",
        },
    );
    finish(state, w, batch, &req, Audience::Everyone).await
}

/// Runs the batch, records the live event, commits and wakes the notifier.
async fn finish(
    state: &AppState,
    mut w: crate::server::platform::db::WriteTx,
    mut batch: Batch,
    req: &RequestRow,
    audience: Audience,
) -> Result<(), AppError> {
    EventHub::record_into(
        &mut batch,
        state.db.backend,
        EventKind::RequestUpdated,
        req.id,
        req.applicant_id,
        audience,
    );
    let rows = batch.run(&mut w.tx).await?;
    w.commit().await?;
    if let Some(event) = rows.first() {
        state.events.after_commit(
            state.db.backend,
            [crate::server::notify::live::LiveEvent {
                id: event.try_get("id")?,
                kind: EventKind::RequestUpdated,
                request_id: req.id,
                applicant_id: req.applicant_id,
                audience,
                group_id: event.try_get("group_id")?,
                assignee_id: event.try_get("assignee_id")?,
            }],
        );
    }
    state.notifier.wake.notify_one();
    Ok(())
}

/// A dispute's step in its request's history: the state it left (none when raised) and the one
/// it reached (the same, for a proposal).
fn step_into(
    batch: &mut Batch,
    request_id: i64,
    actor: Option<i64>,
    from: Option<DisputeState>,
    to: DisputeState,
    at: i64,
) {
    history_into(
        batch,
        request_id,
        actor,
        Change {
            kind: HistoryKind::Dispute,
            from: from.map(DisputeState::as_str),
            to: Some(to.as_str()),
            reason: "",
            internal: false,
        },
        at,
    );
}

/// What someone writes in a dispute's thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writing {
    Message,
    /// A staff note, never shown to the applicant.
    Note,
    Proposal,
}

impl Writing {
    pub fn parse(s: &str) -> Option<Writing> {
        match s {
            "message" => Some(Writing::Message),
            "note" => Some(Writing::Note),
            "proposal" => Some(Writing::Proposal),
            _ => None,
        }
    }
}

/// The dispute of a request the viewer may see, with the request, or not found.
async fn dispute_of(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
) -> Result<(RequestRow, Stored), AppError> {
    let req = find_visible(state, viewer, code).await?;
    let d = load(state, req.id).await?.ok_or(AppError::NotFound)?;
    Ok((req, d))
}

/// A message, a staff note or a proposal in the dispute's thread. The applicant writes
/// messages; the provider's side is the supervisor who may handle it.
pub async fn write(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
    body: &str,
    writing: Writing,
    files: Vec<Upload>,
) -> Result<(), AppError> {
    let (req, d) = dispute_of(state, viewer, code).await?;
    let applicant = viewer.role == Role::Applicant;
    if applicant {
        if req.applicant_id != viewer.id || writing != Writing::Message {
            return Err(AppError::Forbidden);
        }
    } else if !may_handle(state, viewer, &req, d.disputed_agent_id).await? {
        return Err(if d.disputed_agent_id == Some(viewer.id) {
            AppError::validation("message", copy::ERR_DISPUTE_OWN_ANSWER)
        } else {
            AppError::validation("message", copy::ERR_DISPUTE_NOT_HANDLER)
        });
    }
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::validation("message", copy::ERR_DISPUTE_MESSAGE));
    }
    let now = state.db.now_ms();
    let step = match writing {
        _ if applicant => Step::ApplicantWrites,
        Writing::Proposal => Step::Propose,
        // A note is the staff's own: it moves nothing, but a closed dispute takes no more.
        Writing::Note => Step::ApplicantWrites,
        Writing::Message => Step::ProviderWrites,
    };
    let next = apply(
        d.state,
        step,
        d.proposal_id.is_some(),
        now >= d.negotiation_ends_at,
    )
    .map_err(step_error)?;
    let files = files::checked_attachments(state, req.id, files).await?;
    let mut w = state.db.begin_write().await?;
    files::room(state, &mut w.tx, req.id, &files).await?;
    let message: i64 = sqlx::query_scalar(
        "INSERT INTO dispute_messages (dispute_id, author_id, author_side, body, internal, proposal, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(d.id)
    .bind(viewer.id)
    .bind(if applicant { "applicant" } else { "staff" })
    .bind(body)
    .bind(i64::from(writing == Writing::Note))
    .bind(i64::from(writing == Writing::Proposal))
    .bind(now)
    .fetch_one(&mut *w.tx)
    .await?;
    let to = AttachTo {
        request_id: req.id,
        message_id: None,
        field_id: None,
        dispute: Some((d.id, Some(message))),
        uploader_id: viewer.id,
        internal: writing == Writing::Note,
        at: now,
    };
    files::attach_all(state, &mut w.tx, &to, &files).await?;
    let handler = (!applicant && writing != Writing::Note).then_some(viewer.id);
    let proposal = (writing == Writing::Proposal).then_some(message);
    // Guarded by the state read: a final view or an acceptance in between refuses this.
    let moved = sqlx::query(
        "UPDATE disputes SET state = $1, handler_id = COALESCE(handler_id, $2), \
         proposal_id = COALESCE($3, proposal_id), updated_at = $4 WHERE id = $5 AND state = $6",
    )
    .bind(next.as_str())
    .bind(handler)
    .bind(proposal)
    .bind(now)
    .bind(d.id)
    .bind(d.state.as_str())
    .execute(&mut *w.tx)
    .await?;
    moved_once(moved.rows_affected())?;
    let mut batch = Batch::new(now);
    if next != d.state || writing == Writing::Proposal {
        step_into(
            &mut batch,
            req.id,
            Some(viewer.id),
            Some(d.state),
            next,
            now,
        );
    }
    let shown = shown_code(&req.tracking_code);
    match writing {
        Writing::Note => {}
        _ if applicant => {
            let to = staff_recipients(&mut w.tx, d.handler_id, req.group_id, d.disputed_agent_id)
                .await?;
            tell(
                &mut batch,
                state,
                &to,
                &req.tracking_code,
                true,
                Told {
                    subject: copy::NOTICE_DISPUTE_SUBJECT,
                    line: &copy::notice_dispute_applicant(&shown),
                    kind: "dispute",
                },
            );
        }
        _ => {
            let to = applicant_recipient(&mut w.tx, req.applicant_id).await?;
            tell(
                &mut batch,
                state,
                &[to],
                &req.tracking_code,
                false,
                Told {
                    subject: copy::NOTICE_DISPUTE_SUBJECT,
                    line: &copy::notice_dispute_written(&shown),
                    kind: "dispute",
                },
            );
        }
    }
    let audience = if writing == Writing::Note {
        Audience::Staff
    } else {
        Audience::Everyone
    };
    finish(state, w, batch, &req, audience).await
}

/// The applicant accepts the standing proposal: settled, and locked.
pub async fn accept(
    state: &AppState,
    applicant: &SessionUser,
    code: &str,
    proposal_id: i64,
) -> Result<(), AppError> {
    let (req, d) = dispute_of(state, applicant, code).await?;
    if applicant.role != Role::Applicant || req.applicant_id != applicant.id {
        return Err(AppError::Forbidden);
    }
    let now = state.db.now_ms();
    // Only the proposal standing now (not an earlier one the page still showed).
    let standing = d.proposal_id.filter(|p| *p == proposal_id).is_some();
    let next = apply(
        d.state,
        Step::Accept,
        standing,
        now >= d.negotiation_ends_at,
    )
    .map_err(step_error)?;
    let mut w = state.db.begin_write().await?;
    let moved = sqlx::query(
        "UPDATE disputes SET state = $1, settled_at = $2, updated_at = $2 \
         WHERE id = $3 AND state = $4 AND proposal_id = $5",
    )
    .bind(next.as_str())
    .bind(now)
    .bind(d.id)
    .bind(d.state.as_str())
    .bind(proposal_id)
    .execute(&mut *w.tx)
    .await?;
    moved_once(moved.rows_affected())?;
    let mut batch = Batch::new(now);
    step_into(
        &mut batch,
        req.id,
        Some(applicant.id),
        Some(d.state),
        next,
        now,
    );
    let to = staff_recipients(&mut w.tx, d.handler_id, req.group_id, d.disputed_agent_id).await?;
    tell(
        &mut batch,
        state,
        &to,
        &req.tracking_code,
        true,
        Told {
            subject: copy::NOTICE_DISPUTE_SUBJECT,
            line: &copy::notice_dispute_closed(&shown_code(&req.tracking_code), next.label_fa()),
            kind: "dispute",
        },
    );
    finish(state, w, batch, &req, Audience::Everyone).await
}

/// The provider's final view, once the month has passed unsettled: the text written, or the
/// standing proposal confirmed as final. Locked from then on.
pub async fn final_view(
    state: &AppState,
    viewer: &SessionUser,
    code: &str,
    text: &str,
    confirm_proposal: bool,
) -> Result<(), AppError> {
    let (req, d) = dispute_of(state, viewer, code).await?;
    if !may_handle(state, viewer, &req, d.disputed_agent_id).await? {
        return Err(if d.disputed_agent_id == Some(viewer.id) {
            AppError::validation("view", copy::ERR_DISPUTE_OWN_ANSWER)
        } else {
            AppError::Forbidden
        });
    }
    let now = state.db.now_ms();
    let next = apply(
        d.state,
        Step::FinalView,
        d.proposal_id.is_some(),
        now >= d.negotiation_ends_at,
    )
    .map_err(step_error)?;
    let text = match (confirm_proposal, d.proposal_id) {
        (true, Some(p)) => {
            sqlx::query_scalar::<_, String>("SELECT body FROM dispute_messages WHERE id = $1")
                .bind(p)
                .fetch_one(&state.db.pool)
                .await?
        }
        (true, None) => {
            return Err(AppError::validation("view", copy::ERR_DISPUTE_NO_PROPOSAL));
        }
        (false, _) => text.trim().to_string(),
    };
    if text.is_empty() {
        return Err(AppError::validation("view", copy::ERR_DISPUTE_FINAL_TEXT));
    }
    let mut w = state.db.begin_write().await?;
    let moved = sqlx::query(
        "UPDATE disputes SET state = $1, final_view = $2, final_at = $3, updated_at = $3, \
         handler_id = COALESCE(handler_id, $4) WHERE id = $5 AND state = $6",
    )
    .bind(next.as_str())
    .bind(&text)
    .bind(now)
    .bind(viewer.id)
    .bind(d.id)
    .bind(d.state.as_str())
    .execute(&mut *w.tx)
    .await?;
    moved_once(moved.rows_affected())?;
    let mut batch = Batch::new(now);
    step_into(
        &mut batch,
        req.id,
        Some(viewer.id),
        Some(d.state),
        next,
        now,
    );
    let to = applicant_recipient(&mut w.tx, req.applicant_id).await?;
    tell(
        &mut batch,
        state,
        &[to],
        &req.tracking_code,
        false,
        Told {
            subject: copy::NOTICE_DISPUTE_SUBJECT,
            line: &copy::notice_dispute_closed(&shown_code(&req.tracking_code), next.label_fa()),
            kind: "dispute",
        },
    );
    finish(state, w, batch, &req, Audience::Everyone).await
}

/// One pass of the deadline job: each reminder due (a week and a day before the month ends) to
/// both sides, and the overdue flag with its e-mail to admins once the month has passed
/// unsettled. Each is claimed by a conditional update, so two instances never both send.
/// Returns the reminders and flags this pass raised.
pub async fn tick(state: &AppState) -> Result<usize, AppError> {
    let now = state.db.now_ms();
    let rows = sqlx::query(
        "SELECT d.id, d.request_id, d.applicant_id, d.group_id, d.handler_id, d.disputed_agent_id, \
         d.negotiation_ends_at, d.reminded_week_at, d.reminded_day_at, r.tracking_code \
         FROM disputes d JOIN requests r ON r.id = d.request_id \
         WHERE d.state IN ('open', 'negotiating') AND d.overdue_at IS NULL \
         AND d.negotiation_ends_at <= $1 ORDER BY d.negotiation_ends_at LIMIT 500",
    )
    .bind(now + 7 * MS_PER_DAY)
    .fetch_all(&state.db.pool)
    .await?;
    let mut raised = 0;
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let ends: i64 = r.try_get("negotiation_ends_at")?;
        let code: String = r
            .try_get::<Option<String>, _>("tracking_code")?
            .unwrap_or_default();
        let shown = shown_code(&code);
        let mut w = state.db.begin_write().await?;
        let mut batch = Batch::new(now);
        if now >= ends {
            let flagged = sqlx::query(
                "UPDATE disputes SET overdue_at = $1 WHERE id = $2 AND overdue_at IS NULL \
                 AND state IN ('open', 'negotiating')",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
            if flagged.rows_affected() != 1 {
                continue;
            }
            let admins: Vec<String> = sqlx::query_scalar(
                "SELECT email FROM users WHERE role = 'admin' AND active = 1 AND email IS NOT NULL AND email <> ''",
            )
            .fetch_all(&mut *w.tx)
            .await?;
            let to: Vec<Recipient> = admins
                .into_iter()
                .map(|email| Recipient {
                    email: Some(email),
                    mobile: None,
                    by_email: true,
                    by_sms: false,
                })
                .collect();
            tell(
                &mut batch,
                state,
                &to,
                &code,
                true,
                Told {
                    subject: copy::NOTICE_DISPUTE_OVERDUE_SUBJECT,
                    line: &copy::notice_dispute_overdue(&shown),
                    kind: "dispute_overdue",
                },
            );
        } else {
            let mut sent = Vec::new();
            if r.try_get::<Option<i64>, _>("reminded_week_at")?.is_some() {
                sent.push(Reminder::WeekBefore);
            }
            if r.try_get::<Option<i64>, _>("reminded_day_at")?.is_some() {
                sent.push(Reminder::DayBefore);
            }
            let Some(reminder) = Reminder::due(now, ends, &sent) else {
                continue;
            };
            // The day-before reminder also retires a week-before one never sent.
            let claim = match reminder {
                Reminder::WeekBefore => {
                    "UPDATE disputes SET reminded_week_at = $1 WHERE id = $2 AND reminded_week_at IS NULL"
                }
                Reminder::DayBefore => {
                    "UPDATE disputes SET reminded_day_at = $1, reminded_week_at = COALESCE(reminded_week_at, $1) \
                     WHERE id = $2 AND reminded_day_at IS NULL"
                }
            };
            let claimed = sqlx::query(claim)
                .bind(now)
                .bind(id)
                .execute(&mut *w.tx)
                .await?;
            if claimed.rows_affected() != 1 {
                continue;
            }
            let last = crate::domain::dispute::last_day(ends).format_long_fa();
            let left =
                crate::copy::digits::persian_number(crate::domain::dispute::days_left(now, ends));
            let line = copy::notice_dispute_reminder(&shown, &last, &left);
            let applicant = applicant_recipient(&mut w.tx, r.try_get("applicant_id")?).await?;
            tell(
                &mut batch,
                state,
                &[applicant],
                &code,
                false,
                Told {
                    subject: copy::NOTICE_DISPUTE_REMINDER_SUBJECT,
                    line: &line,
                    kind: "dispute_reminder",
                },
            );
            let staff = staff_recipients(
                &mut w.tx,
                r.try_get("handler_id")?,
                r.try_get("group_id")?,
                r.try_get("disputed_agent_id")?,
            )
            .await?;
            tell(
                &mut batch,
                state,
                &staff,
                &code,
                true,
                Told {
                    subject: copy::NOTICE_DISPUTE_REMINDER_SUBJECT,
                    line: &line,
                    kind: "dispute_reminder",
                },
            );
        }
        batch.run(&mut w.tx).await?;
        w.commit().await?;
        raised += 1;
    }
    if raised > 0 {
        state.notifier.wake.notify_one();
    }
    Ok(raised)
}
