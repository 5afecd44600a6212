//! The clocks a request carries: computed from its history and stored with it on every change.

use sqlx::{Any, Row, Transaction};

use super::policy::policy_of;
use super::recompute::{Outcome, Owners, upsert_outcomes};
use crate::domain::clocks::{Clocks, clocks_from_history, next_at};
use crate::domain::request_status::RequestStatus;
use crate::domain::sla::{Clock, MS_PER_MINUTE};
use crate::server::platform::state::AppState;
use crate::wire::AppError;

/// The stored values of `clocks`: `ir_state`, `ir_elapsed_min`, `ir_due_at`, `ir_warn_at`, the
/// same four of the resolution clock, and `sla_next_at`.
pub fn clock_values(clocks: &Clocks) -> [crate::server::platform::db::Val; 9] {
    use crate::server::platform::db::Val;
    let c = |clock: &Clock| {
        [
            Val::from(clock.state.as_str()),
            Val::from(clock.elapsed_ms / MS_PER_MINUTE),
            Val::from(clock.due_at),
            Val::from(clock.warn_at),
        ]
    };
    let [a, b, cc, d] = c(&clocks.initial);
    let [e, f, g, h] = c(&clocks.resolution);
    [
        a,
        b,
        cc,
        d,
        e,
        f,
        g,
        h,
        Val::from(next_at(clocks, [(false, false); 2])),
    ]
}

/// Starts a request's clocks at `at`: the hook for fee-bearing types, whose clocks start at the
/// confirmed payment instead of at submission (filing then leaves `clock_start_at` empty, and
/// the request shows no SLA until this runs). Idempotent: a started clock keeps its start.
pub async fn start_clocks(
    tx: &mut Transaction<'static, Any>,
    state: &AppState,
    request_id: i64,
    at: i64,
) -> Result<Option<Clocks>, AppError> {
    sqlx::query("UPDATE requests SET clock_start_at = $1 WHERE id = $2 AND clock_start_at IS NULL")
        .bind(at)
        .bind(request_id)
        .execute(&mut **tx)
        .await?;
    refresh(tx, state, request_id, state.db.now_ms()).await
}

/// Recomputes one request's clocks in the caller's transaction (after any change to it).
pub async fn refresh(
    tx: &mut Transaction<'static, Any>,
    state: &AppState,
    request_id: i64,
    now: i64,
) -> Result<Option<Clocks>, AppError> {
    let Some(r) = sqlx::query(
        "SELECT r.clock_start_at, r.initial_result_at, r.group_id, r.type_id, r.assignee_id, \
         p.id AS policy_id, p.initial_minutes, p.resolution_minutes, p.warn_percent \
         FROM requests r LEFT JOIN sla_policies p ON p.id = r.sla_policy_id WHERE r.id = $1",
    )
    .bind(request_id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(None);
    };
    let (Some(policy), Some(start)) = (
        policy_of(&r)?,
        r.try_get::<Option<i64>, _>("clock_start_at")?,
    ) else {
        return Ok(None);
    };
    let history = status_history(tx, request_id).await?;
    let calendars = state.calendars.get();
    let clocks = clocks_from_history(
        calendars.for_group(r.try_get("group_id")?),
        &policy,
        start,
        &history,
        r.try_get("initial_result_at")?,
        now,
    );
    store(tx, request_id, &clocks, now).await?;
    let owners = Owners {
        type_id: r.try_get("type_id")?,
        group_id: r.try_get("group_id")?,
        assignee_id: r.try_get("assignee_id")?,
    };
    if let Some(result) = Outcome::of(request_id, owners, &policy, start, &clocks) {
        sqlx::query(sqlx::AssertSqlSafe(upsert_outcomes(&[result])))
            .execute(&mut **tx)
            .await?;
    }
    Ok(Some(clocks))
}

async fn status_history(
    tx: &mut Transaction<'static, Any>,
    request_id: i64,
) -> Result<Vec<(i64, RequestStatus)>, AppError> {
    let rows = sqlx::query(
        "SELECT at, to_value FROM request_history WHERE request_id = $1 AND kind = 'status' ORDER BY id",
    )
    .bind(request_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let to: Option<String> = r.try_get("to_value")?;
        if let Some(s) = to.as_deref().and_then(RequestStatus::parse) {
            out.push((r.try_get("at")?, s));
        }
    }
    Ok(out)
}

async fn store(
    tx: &mut Transaction<'static, Any>,
    request_id: i64,
    clocks: &Clocks,
    now: i64,
) -> Result<(), AppError> {
    let mut values = clock_values(clocks).to_vec();
    values.extend([now.into(), request_id.into()]);
    let mut batch = crate::server::platform::db::Batch::new(now);
    batch.push(
        "UPDATE requests SET ir_state = $1, ir_elapsed_min = $2, ir_due_at = $3, ir_warn_at = $4, \
         res_state = $5, res_elapsed_min = $6, res_due_at = $7, res_warn_at = $8, sla_next_at = $9, \
         sla_computed_at = $10 WHERE id = $11",
        values,
    );
    batch.run(tx).await?;
    Ok(())
}
