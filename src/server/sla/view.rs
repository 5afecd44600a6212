//! A stored clock brought up to now for display, without a query.

use sqlx::Row;

use super::calendar::Calendars;
use super::policy::DEFAULT_WARN_PERCENT;
use crate::domain::sla::{ClockState, DEFAULT_DAY_MINUTES, MS_PER_MINUTE, counting_state};
use crate::wire::AppError;

/// The columns `clock_view` reads, with `SLA_JOIN` in the query.
pub const SLA_COLUMNS: &str = "r.ir_state, r.ir_elapsed_min, r.ir_due_at, r.res_state, \
     r.res_elapsed_min, r.res_due_at, r.sla_computed_at, r.group_id AS sla_group, \
     sp.initial_minutes AS sla_ir_target, sp.resolution_minutes AS sla_res_target, \
     sp.warn_percent AS sla_warn_percent, sp.day_minutes AS sla_day_minutes";

pub const SLA_JOIN: &str = "LEFT JOIN sla_policies sp ON sp.id = r.sla_policy_id";

/// Which clock to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Initial,
    Resolution,
}

/// A stored clock brought up to `now`: a counting clock has counted the working time since it
/// was stored (arithmetic in memory, no query), and may have crossed its thresholds meanwhile.
pub fn clock_view(
    r: &sqlx::any::AnyRow,
    which: Which,
    calendars: &Calendars,
    now: i64,
) -> Result<Option<crate::wire::ClockView>, AppError> {
    let (state, elapsed, due, target) = match which {
        Which::Initial => ("ir_state", "ir_elapsed_min", "ir_due_at", "sla_ir_target"),
        Which::Resolution => (
            "res_state",
            "res_elapsed_min",
            "res_due_at",
            "sla_res_target",
        ),
    };
    let (Some(state), Some(target)) = (
        r.try_get::<Option<String>, _>(state)?
            .as_deref()
            .and_then(ClockState::parse),
        r.try_get::<Option<i64>, _>(target)?,
    ) else {
        return Ok(None);
    };
    let stored: i64 = r.try_get::<Option<i64>, _>(elapsed)?.unwrap_or(0);
    let due_at: Option<i64> = r.try_get(due)?;
    let day_minutes: i64 = r
        .try_get::<Option<i64>, _>("sla_day_minutes")?
        .unwrap_or(DEFAULT_DAY_MINUTES);
    let warn_percent: i64 = r
        .try_get::<Option<i64>, _>("sla_warn_percent")?
        .unwrap_or(DEFAULT_WARN_PERCENT);
    let counting = matches!(
        state,
        ClockState::Running | ClockState::AtRisk | ClockState::Breached
    ) && due_at.is_some();
    let (elapsed_min, state) = if counting {
        let since: i64 = r
            .try_get::<Option<i64>, _>("sla_computed_at")?
            .unwrap_or(now);
        let calendar = calendars.for_group(r.try_get("sla_group")?);
        let live_ms = stored * MS_PER_MINUTE + calendar.working_ms(since, now);
        let state = counting_state(live_ms, target * MS_PER_MINUTE, warn_percent);
        (live_ms / MS_PER_MINUTE, state)
    } else {
        (stored, state)
    };
    Ok(Some(crate::wire::ClockView {
        state,
        elapsed_min,
        target_min: target,
        due_at: if state == ClockState::Met {
            None
        } else {
            due_at
        },
        // Left while the clock can still count; overdue while it counts past the target.
        remaining_min: (state.is_open() || (state == ClockState::Breached && counting))
            .then_some(target - elapsed_min),
        day_minutes,
    }))
}
