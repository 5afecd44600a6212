//! Limits on tries, sends and sign-ups. Each limit is a counter row per (scope, key) that one
//! atomic statement both checks and advances, so a burst of parallel requests cannot slip past
//! it on either engine: SQLite runs the statement under its single writer, PostgreSQL under the
//! row lock `ON CONFLICT … DO UPDATE` takes.
//!
//! A limit allows `max` hits per `window`. The count is a sliding estimate over two fixed
//! windows (the current one in full, the previous one weighted by how much of it still lies
//! within the last `window`), which avoids the burst of twice the limit that a plain fixed
//! window allows at its edge. Refused hits count too: whoever keeps knocking stays refused.

use sqlx::{Any, Row, Transaction};

/// A limit: at most `max` hits per `window_ms` for each key of `scope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub scope: &'static str,
    pub max: i64,
    pub window_ms: i64,
}

impl Limit {
    pub const fn new(scope: &'static str, max: i64, window_ms: i64) -> Self {
        Limit {
            scope,
            max,
            window_ms,
        }
    }
}

/// The estimated hits within the last window, from the counter row as the hit left it.
fn estimate(hits: i64, prev_hits: i64, window_start: i64, now: i64, window: i64) -> i64 {
    let into_window = (now - window_start).clamp(0, window);
    // Ceiling of the previous window's share, so a fraction of a hit still counts.
    let carried = (prev_hits * (window - into_window) + window - 1) / window;
    hits + carried
}

/// Counts one hit of `key` against `limit` at `now`; true when it is within the limit.
pub async fn hit(
    tx: &mut Transaction<'static, Any>,
    limit: Limit,
    key: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO throttles (scope, key, window_start, hits, prev_hits) VALUES ($1, $2, $3, 1, 0) \
         ON CONFLICT (scope, key) DO UPDATE SET \
           prev_hits = CASE WHEN $3 - throttles.window_start < $4 THEN throttles.prev_hits \
                            WHEN $3 - throttles.window_start < 2 * $4 THEN throttles.hits \
                            ELSE 0 END, \
           hits = CASE WHEN $3 - throttles.window_start < $4 THEN throttles.hits + 1 ELSE 1 END, \
           window_start = CASE WHEN $3 - throttles.window_start < $4 THEN throttles.window_start \
                               WHEN $3 - throttles.window_start < 2 * $4 THEN throttles.window_start + $4 \
                               ELSE $3 END \
         RETURNING hits, prev_hits, window_start",
    )
    .bind(limit.scope)
    .bind(key)
    .bind(now)
    .bind(limit.window_ms)
    .fetch_one(&mut **tx)
    .await?;
    let used = estimate(
        row.try_get("hits")?,
        row.try_get("prev_hits")?,
        row.try_get("window_start")?,
        now,
        limit.window_ms,
    );
    Ok(used <= limit.max)
}

/// Takes one hit of `key` back (a sign-in that succeeded after all).
pub async fn take_back(
    tx: &mut Transaction<'static, Any>,
    limit: Limit,
    key: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE throttles SET hits = hits - 1 WHERE scope = $1 AND key = $2 AND hits > 0")
        .bind(limit.scope)
        .bind(key)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Forgets every hit of `key` (the account proved itself).
pub async fn clear(
    tx: &mut Transaction<'static, Any>,
    limit: Limit,
    key: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM throttles WHERE scope = $1 AND key = $2")
        .bind(limit.scope)
        .bind(key)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// One hit per `window_ms` for each key (a cool-down between two text messages to one mobile):
/// true, and the cool-down starts again, when the last allowed hit is at least a window old.
pub async fn cool_down(
    tx: &mut Transaction<'static, Any>,
    scope: &'static str,
    key: &str,
    now: i64,
    window_ms: i64,
) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO throttles (scope, key, window_start, hits, prev_hits) VALUES ($1, $2, $3, 1, 0) \
         ON CONFLICT (scope, key) DO UPDATE SET window_start = $3, hits = 1 \
         WHERE throttles.window_start <= $3 - $4 \
         RETURNING hits",
    )
    .bind(scope)
    .bind(key)
    .bind(now)
    .bind(window_ms)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.is_some())
}

/// Deletes counters whose windows have all passed (`horizon_ms`: the longest window in use).
pub async fn prune(
    tx: &mut Transaction<'static, Any>,
    now: i64,
    horizon_ms: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM throttles WHERE window_start < $1")
        .bind(now - 2 * horizon_ms)
        .execute(&mut **tx)
        .await?
        .rows_affected())
}

#[cfg(test)]
mod tests {
    use super::estimate;

    #[test]
    fn the_previous_window_fades_out_as_the_current_one_fills() {
        let w = 1000;
        // At the start of a window the previous one counts in full.
        assert_eq!(estimate(1, 5, 0, 0, w), 6);
        // Half-way, half of it (rounded up).
        assert_eq!(estimate(1, 5, 0, 500, w), 4);
        // At its end, none.
        assert_eq!(estimate(3, 5, 0, 1000, w), 3);
        assert_eq!(estimate(3, 0, 0, 10, w), 3);
        // A single earlier hit keeps counting until the window has fully passed.
        assert_eq!(estimate(0, 1, 0, 999, w), 1);
    }
}
