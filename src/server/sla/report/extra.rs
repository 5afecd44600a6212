//! The parts of the SLA reports about the agreement's other clauses: the requests filed under
//! each call with their initial-result times, and the disputes per request type and month with
//! their outcomes, time to settlement and those overdue now.

use std::collections::BTreeMap;

use sqlx::Row;

use super::{Names, Sums, percentiles, sums_of};
use crate::domain::sla::{month_key, month_label_fa, month_start};
use crate::server::platform::db::Db;
use crate::wire::{
    AppError, DisputeCounts, DisputeMonthRow, DisputeOverdueRow, DisputeReport, SlaCallRow,
};

/// Calls shown on the dashboard: those not over before its first month, newest first.
const CALLS_SHOWN: i64 = 20;
const MS_PER_DAY: i64 = 86_400_000;

/// The SQL bind parameters `$from, $from+1, …` for a list of `n` values (an `IN (…)`).
fn bind_params(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The calls running in or after month `first`: requests filed under each, and the initial
/// results given to them (from `sla_results`, through the requests' call index).
pub(super) async fn calls(db: &Db, first: i64) -> Result<Vec<SlaCallRow>, AppError> {
    let rows = sqlx::query(
        "SELECT id, title, starts_at, ends_at, taken FROM calls WHERE ends_at >= $1 \
         ORDER BY starts_at DESC, id DESC LIMIT $2",
    )
    .bind(month_start(first))
    .bind(CALLS_SHOWN)
    .fetch_all(&db.pool)
    .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
    let list = bind_params(1, ids.len());
    let mut sums_q = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT r.call_id, COUNT(*) AS n, CAST(SUM(s.elapsed_min) AS BIGINT) AS total, \
         CAST(SUM(s.breached) AS BIGINT) AS late FROM requests r JOIN sla_results s ON s.request_id = r.id \
         WHERE r.call_id IN ({list}) GROUP BY r.call_id"
    )));
    let mut waiting_q = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT r.call_id, COUNT(*) AS n, CAST(SUM(CASE WHEN r.ir_state = 'breached' THEN 1 ELSE 0 END) AS BIGINT) AS late \
         FROM requests r WHERE r.call_id IN ({list}) AND r.initial_result_at IS NULL \
         AND r.status IN ('new', 'assigned', 'in_progress', 'waiting_applicant', 'answered') GROUP BY r.call_id"
    )));
    for id in &ids {
        sums_q = sums_q.bind(*id);
        waiting_q = waiting_q.bind(*id);
    }
    let (sums, waiting) =
        futures::try_join!(sums_q.fetch_all(&db.pool), waiting_q.fetch_all(&db.pool))?;
    let mut by_call: BTreeMap<i64, Sums> = BTreeMap::new();
    for r in &sums {
        by_call.insert(r.try_get("call_id")?, sums_of(r)?);
    }
    let mut waits: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for r in &waiting {
        waits.insert(
            r.try_get("call_id")?,
            (
                r.try_get("n")?,
                r.try_get::<Option<i64>, _>("late")?.unwrap_or(0),
            ),
        );
    }
    // The calls' results are their requests' (by the requests' call index): the percentiles of
    // each call probed at once, as for agents and groups.
    let probes = ids.iter().map(|&id| {
        let n = by_call.get(&id).map_or(0, |s| s.n);
        async move {
            percentiles(
                db,
                "request_id IN (SELECT id FROM requests WHERE call_id = $1)",
                &[id],
                n,
            )
            .await
        }
    });
    let pcts = futures::future::try_join_all(probes).await?;
    rows.iter()
        .zip(pcts)
        .map(|(r, pct)| {
            let id: i64 = r.try_get("id")?;
            let sums = by_call.get(&id).copied().unwrap_or_default();
            Ok(SlaCallRow {
                call_id: id,
                title: r.try_get("title")?,
                starts_at: r.try_get("starts_at")?,
                ends_at: r.try_get("ends_at")?,
                requests: r.try_get("taken")?,
                figures: sums.figures(waits.get(&id).copied().unwrap_or((0, 0)), pct),
            })
        })
        .collect()
}

/// The disputes filed in months `first..=last` per (month, type) (see [`dispute_months`]), those
/// overdue now, and how many are open.
pub(super) async fn disputes(
    db: &Db,
    names: &Names,
    first: i64,
    last: i64,
) -> Result<DisputeReport, AppError> {
    let (rows, overdue, open_now) = futures::try_join!(
        dispute_months(db, names, first, last),
        overdue_disputes(db, names),
        open_disputes(db),
    )?;
    Ok(DisputeReport {
        rows,
        overdue,
        open_now,
    })
}

/// The disputes filed in months `first..=last`, per (month, type): outcomes and days to one.
/// Disputes are few: they are read and bucketed into Jalali months here.
pub(super) async fn dispute_months(
    db: &Db,
    names: &Names,
    first: i64,
    last: i64,
) -> Result<Vec<DisputeMonthRow>, AppError> {
    let rows = sqlx::query(
        "SELECT d.filed_at, d.state, d.settled_at, d.final_at, r.type_id FROM disputes d \
         JOIN requests r ON r.id = d.request_id WHERE d.filed_at >= $1 AND d.filed_at < $2",
    )
    .bind(month_start(first))
    .bind(month_start(last + 1))
    .fetch_all(&db.pool)
    .await?;
    // (month, type) → (filed, settled, final, open, days to an outcome summed, outcomes).
    let mut buckets: BTreeMap<(i64, i64), [i64; 6]> = BTreeMap::new();
    for r in &rows {
        let filed: i64 = r.try_get("filed_at")?;
        let state: String = r.try_get("state")?;
        let ended: Option<i64> = r
            .try_get::<Option<i64>, _>("settled_at")?
            .or(r.try_get::<Option<i64>, _>("final_at")?);
        let b = buckets
            .entry((month_key(filed), r.try_get("type_id")?))
            .or_default();
        b[0] += 1;
        match state.as_str() {
            "settled" => b[1] += 1,
            "final_view" => b[2] += 1,
            _ => b[3] += 1,
        }
        if let Some(end) = ended {
            b[4] += end - filed;
            b[5] += 1;
        }
    }
    let mut out: Vec<DisputeMonthRow> = Vec::with_capacity(buckets.len());
    for ((month, type_id), b) in buckets {
        out.push(DisputeMonthRow {
            month,
            month_label: month_label_fa(month),
            type_id,
            type_title: names.type_title(type_id),
            counts: DisputeCounts {
                filed: b[0],
                settled: b[1],
                final_view: b[2],
                open: b[3],
            },
            avg_days_to_outcome: (b[5] > 0).then(|| (b[4] / b[5] + MS_PER_DAY / 2) / MS_PER_DAY),
        });
    }
    Ok(out)
}

async fn open_disputes(db: &Db) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM disputes WHERE state IN ('open', 'negotiating')")
            .fetch_one(&db.pool)
            .await?,
    )
}

/// The disputes whose month passed without settlement or a final view, oldest first.
async fn overdue_disputes(db: &Db, names: &Names) -> Result<Vec<DisputeOverdueRow>, AppError> {
    sqlx::query(
        "SELECT r.tracking_code, r.type_id, d.negotiation_ends_at FROM disputes d \
         JOIN requests r ON r.id = d.request_id \
         WHERE d.state IN ('open', 'negotiating') AND d.overdue_at IS NOT NULL \
         ORDER BY d.negotiation_ends_at LIMIT 100",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(DisputeOverdueRow {
            tracking_code: r
                .try_get::<Option<String>, _>("tracking_code")?
                .unwrap_or_default(),
            type_title: names.type_title(r.try_get("type_id")?),
            ended_at: r.try_get("negotiation_ends_at")?,
        })
    })
    .collect()
}

/// A type's disputes over the months given, added up (the public page's counts).
pub(super) fn per_type(rows: &[DisputeMonthRow], type_id: i64) -> DisputeCounts {
    rows.iter()
        .filter(|r| r.type_id == type_id)
        .fold(DisputeCounts::default(), |acc, r| DisputeCounts {
            filed: acc.filed + r.counts.filed,
            settled: acc.settled + r.counts.settled,
            final_view: acc.final_view + r.counts.final_view,
            open: acc.open + r.counts.open,
        })
}
