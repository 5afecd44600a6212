//! Each request type's SLA policy: versioned, synced with the catalogue, saved by admins.

use sqlx::{Any, Row, Transaction};

use crate::domain::clocks::Policy;
use crate::domain::sla::{DEFAULT_DAY_MINUTES, TargetUnit, ValidPolicy, days_spanned};
use crate::server::platform::db::Db;
use crate::server::platform::state::AppState;
use crate::wire::AppError;

/// A new type's resolution target, as a multiple of its initial-result target.
const RESOLUTION_FACTOR: i64 = 3;

pub const DEFAULT_WARN_PERCENT: i64 = 75;

/// Makes sure the type's newest policy promises `initial_result_days` working days (the
/// catalogue's figure, rounded up from the policy's target): writes a new version in days when
/// it does not, keeping the warning threshold and at least as long a resolution target.
/// Requests filed earlier keep their version.
pub async fn sync_policy(
    tx: &mut Transaction<'static, Any>,
    type_id: i64,
    initial_result_days: i64,
    actor: Option<i64>,
    at: i64,
) -> Result<(), AppError> {
    lock_versions(tx, type_id).await?;
    let latest = latest_policy(tx, type_id).await?;
    let days = initial_result_days.max(1);
    let initial = days * DEFAULT_DAY_MINUTES;
    let policy = match latest {
        Some(p) if days_spanned(p.initial_minutes, p.day_minutes) == days => return Ok(()),
        Some(p) => ValidPolicy {
            unit: TargetUnit::Days,
            initial_minutes: initial,
            resolution_minutes: p.resolution_minutes.max(initial),
            day_minutes: DEFAULT_DAY_MINUTES,
            warn_percent: p.warn_percent,
        },
        None => ValidPolicy {
            unit: TargetUnit::Days,
            initial_minutes: initial,
            resolution_minutes: initial * RESOLUTION_FACTOR,
            day_minutes: DEFAULT_DAY_MINUTES,
            warn_percent: DEFAULT_WARN_PERCENT,
        },
    };
    let version = latest.map_or(1, |p| p.version + 1);
    if !insert_policy(tx, type_id, version, &policy, actor, at).await? {
        // Another instance wrote this version meanwhile (several starting at once): look again.
        return Box::pin(sync_policy(tx, type_id, initial_result_days, actor, at)).await;
    }
    Ok(())
}

/// Makes the caller the only one writing a version of the type's policy until its transaction
/// ends, so the newest version it reads next stays the newest and the next number is free. On
/// SQLite the write transaction already is the only writer; on PostgreSQL the type's row is
/// locked (a save waiting for it then reads the version the other one wrote). Returns whether
/// the type exists.
async fn lock_versions(tx: &mut Transaction<'static, Any>, type_id: i64) -> Result<bool, AppError> {
    let sql = if tx.backend_name().eq_ignore_ascii_case("sqlite") {
        "SELECT id FROM request_types WHERE id = $1"
    } else {
        "SELECT id FROM request_types WHERE id = $1 FOR UPDATE"
    };
    Ok(sqlx::query(sql)
        .bind(type_id)
        .fetch_optional(&mut **tx)
        .await?
        .is_some())
}

async fn latest_policy(
    tx: &mut Transaction<'static, Any>,
    type_id: i64,
) -> Result<Option<StoredPolicy>, AppError> {
    let Some(r) = sqlx::query(
        "SELECT version, unit, initial_minutes, resolution_minutes, day_minutes, warn_percent \
         FROM sla_policies WHERE type_id = $1 ORDER BY version DESC LIMIT 1",
    )
    .bind(type_id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(StoredPolicy {
        version: r.try_get("version")?,
        unit: TargetUnit::parse(&r.try_get::<String, _>("unit")?),
        initial_minutes: r.try_get("initial_minutes")?,
        resolution_minutes: r.try_get("resolution_minutes")?,
        day_minutes: r.try_get("day_minutes")?,
        warn_percent: r.try_get("warn_percent")?,
    }))
}

/// Writes version `version` of a type's policy; `false` when another transaction wrote that
/// version first.
async fn insert_policy(
    tx: &mut Transaction<'static, Any>,
    type_id: i64,
    version: i64,
    p: &ValidPolicy,
    actor: Option<i64>,
    at: i64,
) -> Result<bool, AppError> {
    let written = sqlx::query(
        "INSERT INTO sla_policies (type_id, version, initial_minutes, resolution_minutes, unit, \
         day_minutes, warn_percent, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (type_id, version) DO NOTHING",
    )
    .bind(type_id)
    .bind(version)
    .bind(p.initial_minutes)
    .bind(p.resolution_minutes)
    .bind(p.unit.as_str())
    .bind(p.day_minutes)
    .bind(p.warn_percent)
    .bind(actor)
    .bind(at)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(written == 1)
}

/// Saves an admin's policy for a type: a new version when anything differs from the newest
/// (requests filed earlier keep theirs; new requests get it), and the catalogue's "initial
/// result in N working days" follows it. Returns whether a version was written (not when another
/// admin's save of the type got in first).
pub async fn save_policy(
    state: &AppState,
    type_id: i64,
    policy: ValidPolicy,
    actor: i64,
) -> Result<bool, AppError> {
    let mut w = state.db.begin_write().await?;
    if !lock_versions(&mut w.tx, type_id).await? {
        return Err(AppError::NotFound);
    }
    let latest = latest_policy(&mut w.tx, type_id).await?;
    let same = latest.is_some_and(|p| {
        p.unit == Some(policy.unit)
            && p.initial_minutes == policy.initial_minutes
            && p.resolution_minutes == policy.resolution_minutes
            && p.day_minutes == policy.day_minutes
            && p.warn_percent == policy.warn_percent
    });
    if same {
        return Ok(false);
    }
    let version = latest.map_or(1, |p| p.version + 1);
    if !insert_policy(
        &mut w.tx,
        type_id,
        version,
        &policy,
        Some(actor),
        state.db.now_ms(),
    )
    .await?
    {
        return Ok(false);
    }
    sqlx::query("UPDATE request_types SET initial_result_days = $1, updated_at = $2 WHERE id = $3")
        .bind(days_spanned(policy.initial_minutes, policy.day_minutes))
        .bind(state.db.now_ms())
        .bind(type_id)
        .execute(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(true)
}

/// Every version of a type's policy, newest first.
pub async fn policies(db: &Db, type_id: i64) -> Result<Vec<crate::wire::PolicyDto>, AppError> {
    let rows = sqlx::query(
        "SELECT p.version, p.unit, p.initial_minutes, p.resolution_minutes, p.day_minutes, \
         p.warn_percent, p.created_at \
         FROM sla_policies p WHERE p.type_id = $1 ORDER BY p.version DESC",
    )
    .bind(type_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(crate::wire::PolicyDto {
                version: r.try_get("version")?,
                unit: r.try_get("unit")?,
                initial_minutes: r.try_get("initial_minutes")?,
                resolution_minutes: r.try_get("resolution_minutes")?,
                day_minutes: r.try_get("day_minutes")?,
                warn_percent: r.try_get("warn_percent")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// Gives every type without a policy its first one (at start; cheap when all have one).
pub async fn sync_all_policies(db: &Db) -> Result<(), AppError> {
    let missing = sqlx::query(
        "SELECT id, initial_result_days FROM request_types t \
         WHERE NOT EXISTS (SELECT 1 FROM sla_policies p WHERE p.type_id = t.id)",
    )
    .fetch_all(&db.pool)
    .await?;
    if missing.is_empty() {
        return Ok(());
    }
    let mut w = db.begin_write().await?;
    for r in &missing {
        sync_policy(
            &mut w.tx,
            r.try_get("id")?,
            r.try_get("initial_result_days")?,
            None,
            db.now_ms(),
        )
        .await?;
    }
    w.commit().await?;
    Ok(())
}

/// SQL that reads a type's newest policy next to the type (`p.`), for the filing query.
pub const LATEST_POLICY_JOIN: &str = "LEFT JOIN sla_policies p ON p.type_id = t.id AND p.version = \
     (SELECT MAX(version) FROM sla_policies WHERE type_id = t.id)";

pub fn policy_of(r: &sqlx::any::AnyRow) -> Result<Option<Policy>, AppError> {
    let Some(id) = r.try_get::<Option<i64>, _>("policy_id")? else {
        return Ok(None);
    };
    Ok(Some(Policy {
        id,
        initial_minutes: r.try_get("initial_minutes")?,
        resolution_minutes: r.try_get("resolution_minutes")?,
        warn_percent: r.try_get("warn_percent")?,
    }))
}

/// The newest version of a type's policy, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct StoredPolicy {
    version: i64,
    unit: Option<TargetUnit>,
    initial_minutes: i64,
    resolution_minutes: i64,
    day_minutes: i64,
    warn_percent: i64,
}
