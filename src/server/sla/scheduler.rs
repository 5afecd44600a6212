//! The scheduler that fires each warning and breach alert exactly once, on every instance (and,
//! on the same beat, tells applicants waiting for a service that it opened, and runs the
//! disputes' deadlines).

use std::time::Duration;

use sqlx::Row;

use super::clocks::refresh;
use super::recompute::{OPEN_FILTER, open_index, run_leftover_jobs};
use crate::domain::clocks::next_at;
use crate::domain::sla::ClockState;
use crate::server::platform::state::AppState;
use crate::wire::AppError;

/// Which alert a clock crossing asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Warning,
    Breach,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Breach => "breach",
        }
    }
}

/// The alerts due for a clock at its state.
fn levels(state: ClockState) -> &'static [Level] {
    match state {
        ClockState::AtRisk => &[Level::Warning],
        ClockState::Breached => &[Level::Warning, Level::Breach],
        _ => &[],
    }
}

/// One scheduler pass: every request whose warning or due time has passed while its clock was
/// counting is recomputed, and each warning and breach it has reached is recorded once (the
/// unique key decides between instances) with its notices, in the same transaction. Returns the
/// alerts this instance fired.
pub async fn tick(state: &AppState) -> Result<usize, AppError> {
    let db = &state.db;
    let now = state.db.now_ms();
    let mut fired = 0;
    // A page at a time; each request handled moves its `sla_next_at` past `now` (or clears it),
    // so the pages run out.
    loop {
        let due: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT r.id FROM requests r{} WHERE {OPEN_FILTER} AND r.sla_next_at <= $1 \
                 ORDER BY r.sla_next_at LIMIT $2",
            open_index(db.backend)
        )))
        .bind(now)
        .bind(TICK_PAGE)
        .fetch_all(&db.pool)
        .await?;
        let full = due.len() as i64 == TICK_PAGE;
        for id in due {
            fired += fire(state, id, now).await?;
        }
        if !full {
            return Ok(fired);
        }
    }
}

async fn fire(state: &AppState, request_id: i64, now: i64) -> Result<usize, AppError> {
    let db = &state.db;
    let mut w = db.begin_write().await?;
    let clocks = refresh(&mut w.tx, state, request_id, now).await?;
    let r = sqlx::query(
        "SELECT r.ir_state, r.res_state, r.sla_policy_id, r.applicant_id, r.assignee_id, r.group_id, \
         r.tracking_code, r.subject FROM requests r WHERE r.id = $1",
    )
    .bind(request_id)
    .fetch_one(&mut *w.tx)
    .await?;
    let policy: Option<i64> = r.try_get("sla_policy_id")?;
    let mut fired = Vec::new();
    for (clock, column) in [("initial", "ir_state"), ("resolution", "res_state")] {
        let Some(st) = r
            .try_get::<Option<String>, _>(column)?
            .as_deref()
            .and_then(ClockState::parse)
        else {
            continue;
        };
        for level in levels(st) {
            let inserted: Option<i64> = sqlx::query_scalar(
                "INSERT INTO sla_alerts (request_id, clock, level, policy_id, fired_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id",
            )
            .bind(request_id)
            .bind(clock)
            .bind(level.as_str())
            .bind(policy)
            .bind(now)
            .fetch_optional(&mut *w.tx)
            .await?;
            if inserted.is_some() {
                fired.push((clock, *level));
            }
        }
    }
    // Next time: the first threshold not alerted yet.
    let recorded: Vec<(String, String)> =
        sqlx::query("SELECT clock, level FROM sla_alerts WHERE request_id = $1")
            .bind(request_id)
            .fetch_all(&mut *w.tx)
            .await?
            .iter()
            .map(|a| Ok((a.try_get("clock")?, a.try_get("level")?)))
            .collect::<Result<_, AppError>>()?;
    let has = |clock: &str, level: &str| recorded.iter().any(|(c, l)| c == clock && l == level);
    let next = clocks.and_then(|c| {
        next_at(
            &c,
            [
                (has("initial", "warning"), has("initial", "breach")),
                (has("resolution", "warning"), has("resolution", "breach")),
            ],
        )
    });
    sqlx::query("UPDATE requests SET sla_next_at = $1 WHERE id = $2")
        .bind(next)
        .bind(request_id)
        .execute(&mut *w.tx)
        .await?;
    let mut events = Vec::new();
    if !fired.is_empty() {
        let code: String = r
            .try_get::<Option<String>, _>("tracking_code")?
            .unwrap_or_default();
        let subject: String = r.try_get("subject")?;
        for (clock, level) in &fired {
            crate::server::notify::enqueue_staff_alert(
                &mut w.tx,
                &state.notifier,
                state.config.origin(),
                r.try_get("assignee_id")?,
                r.try_get("group_id")?,
                &code,
                &subject,
                clock == &"initial",
                *level == Level::Breach,
            )
            .await?;
        }
        events.push(
            crate::server::notify::live::EventHub::record(
                &mut w.tx,
                db,
                crate::server::notify::live::EventKind::SlaAlert,
                request_id,
                r.try_get("applicant_id")?,
                crate::server::notify::live::Audience::Staff,
            )
            .await?,
        );
    }
    w.commit().await?;
    if !events.is_empty() {
        state.events.after_commit(db.backend, events);
        state.notifier.wake.notify_one();
    }
    Ok(fired.len())
}

/// Runs the scheduler every minute on this instance, and reloads the calendar (edits made on
/// other instances reach this one within a minute; the editing instance recomputes at once, and
/// a recompute it left undone is run here a minute later, by whichever instance comes first).
pub fn spawn_scheduler(state: AppState) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = state.calendars.reload(&state.db).await {
                tracing::warn!(error = %e, "calendar reload failed");
            }
            if let Err(e) = run_leftover_jobs(&state, LEFTOVER_AGE_MS).await {
                tracing::warn!(error = %e, "SLA recompute left by a calendar change failed");
            }
            match tick(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(alerts = n, "SLA warnings and breaches fired"),
                Err(e) => tracing::warn!(error = %e, "SLA scheduler pass failed"),
            }
            match crate::server::calls::tell_watchers(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(told = n, "applicants told a service opened"),
                Err(e) => tracing::warn!(error = %e, "telling applicants a service opened failed"),
            }
            match crate::server::disputes::tick(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(steps = n, "dispute reminders and overdue flags raised"),
                Err(e) => tracing::warn!(error = %e, "the disputes' deadline pass failed"),
            }
            tokio::time::sleep(Duration::from_secs(state.config.sla_tick_seconds.max(1))).await;
        }
    });
}

/// How old a calendar change's recompute must be before the scheduler runs it: younger ones are
/// still being run by the instance that made the change.
const LEFTOVER_AGE_MS: i64 = 60_000;

/// Requests read per page by `tick`.
const TICK_PAGE: i64 = 500;
