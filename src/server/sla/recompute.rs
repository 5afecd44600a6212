//! Recomputing the stored clocks of open requests: after a calendar change (a window of days),
//! for requests filed before clocks existed, and in batches. A calendar change records the
//! recompute it owes (a job) in its own transaction, so one never done is done later.

use sqlx::{Any, Row, Transaction};

use super::calendar::{CalendarCache, Calendars};
use crate::domain::clocks::{Clocks, Policy, clocks_from_history, next_at};
use crate::domain::request_status::RequestStatus;
use crate::domain::sla::{Clock, ClockState, MS_PER_MINUTE};
use crate::server::platform::db::{Backend, Db};
use crate::server::platform::state::AppState;
use crate::wire::AppError;

/// Recomputes the clocks of every open request (after a change of working hours). Returns how
/// many.
pub async fn recompute_open(state: &AppState) -> Result<usize, AppError> {
    recompute(&state.db, &state.calendars, Scope::Open(None), None).await
}

/// The recompute a calendar change owes (a row of `sla_recompute_jobs`): written in the
/// change's transaction and deleted in the recompute's, so an instance that stops between the
/// two leaves it for `run_leftover_jobs`. Doing both in one transaction would hold the change
/// (and, on SQLite, the only writer) for the whole recompute, whose windows are read and written
/// outside it: on SQLite on other connections, which must see the change committed; on
/// PostgreSQL in transactions of their own, two at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    id: i64,
    /// The day changed; none when a weekday's hours changed (every open request).
    change: Option<DayChange>,
}

/// Records, in the change's transaction, that every open request must be recomputed.
pub async fn owe_open(tx: &mut Transaction<'static, Any>, now: i64) -> Result<Job, AppError> {
    owe(tx, None, now).await
}

/// Records, in the change's transaction, that the open requests closing or opening day `day`
/// (for everyone, or for one group) can change must be recomputed: those
/// `domain::sla::day_reaches` says it reaches. A holiday a few days ahead leaves alone every
/// clock due before it, and every clock of a request filed after it.
pub async fn owe_day(
    tx: &mut Transaction<'static, Any>,
    day: i64,
    group_id: Option<i64>,
    now: i64,
) -> Result<Job, AppError> {
    owe(tx, Some(DayChange { day, group_id }), now).await
}

async fn owe(
    tx: &mut Transaction<'static, Any>,
    change: Option<DayChange>,
    now: i64,
) -> Result<Job, AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sla_recompute_jobs (day, group_id, created_at) VALUES ($1, $2, $3) \
         RETURNING id",
    )
    .bind(change.map(|c| c.day))
    .bind(change.and_then(|c| c.group_id))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(Job { id, change })
}

/// Runs a job once its change is committed. Returns how many requests were recomputed: none
/// when another instance has run it already.
pub async fn run_job(state: &AppState, job: Job) -> Result<usize, AppError> {
    recompute(
        &state.db,
        &state.calendars,
        Scope::Open(job.change),
        Some(job.id),
    )
    .await
}

/// Runs the jobs left behind by changes whose recompute never finished (the instance stopped, or
/// the recompute failed), oldest first; those younger than `min_age_ms` are left to the instance
/// that made them, which is running them. Each is run once, whichever instances try. Returns how
/// many requests were recomputed.
pub async fn run_leftover_jobs(state: &AppState, min_age_ms: i64) -> Result<usize, AppError> {
    let jobs = sqlx::query(
        "SELECT id, day, group_id FROM sla_recompute_jobs WHERE created_at <= $1 ORDER BY id",
    )
    .bind(state.db.now_ms() - min_age_ms)
    .fetch_all(&state.db.pool)
    .await?;
    let mut n = 0;
    for r in &jobs {
        let change = r
            .try_get::<Option<i64>, _>("day")?
            .map(|day| -> Result<DayChange, AppError> {
                Ok(DayChange {
                    day,
                    group_id: r.try_get("group_id")?,
                })
            })
            .transpose()?;
        let job = Job {
            id: r.try_get("id")?,
            change,
        };
        let done = run_job(state, job).await?;
        tracing::info!(
            ?job,
            requests = done,
            "SLA recompute left by a calendar change run"
        );
        n += done;
    }
    Ok(n)
}

/// At start: the recomputes calendar changes left undone (an instance stopped before them) are
/// run, and requests filed before SLA policies existed (or of a type that had none) get their
/// type's first policy, a clock started at submission, and their clocks. Cheap when there is
/// nothing to do (one indexed-less scan for rows without a policy).
pub async fn backfill(state: &AppState) -> Result<usize, AppError> {
    let mut n = run_leftover_jobs(state, 0).await?;
    n += recompute(&state.db, &state.calendars, Scope::Unclocked, None).await?;
    // Initial results given before the reports table existed (migration 0009): it is empty
    // while stopped clocks exist. Cheap to ask; done once.
    let missing = sqlx::query(
        "SELECT 1 AS x WHERE NOT EXISTS (SELECT 1 FROM sla_results) AND EXISTS \
         (SELECT 1 FROM requests r WHERE r.ir_due_at IS NULL AND r.ir_state IN ('met', 'breached'))",
    )
    .fetch_optional(&state.db.pool)
    .await?;
    if missing.is_some() {
        n += recompute(&state.db, &state.calendars, Scope::Stopped, None).await?;
    }
    Ok(n)
}

#[cfg(feature = "bench")]
/// For benchmark data written straight into the tables: gives the requests their clocks and
/// records the warnings and breaches they crossed in the past as already sent (so a server
/// started on the data does not spend its first minutes e-mailing about a year of history).
pub async fn settle_seeded(db: &Db) -> Result<usize, AppError> {
    let n = recompute(db, &CalendarCache::default(), Scope::Unclocked, None).await?;
    let now = db.now_ms();
    let mut w = db.begin_write().await?;
    for (clock, prefix) in [("initial", "ir"), ("resolution", "res")] {
        for (level, column, states) in [
            ("warning", "warn_at", "'at_risk', 'breached'"),
            ("breach", "due_at", "'breached'"),
        ] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO sla_alerts (request_id, clock, level, policy_id, fired_at) \
                 SELECT id, '{clock}', '{level}', sla_policy_id, {prefix}_{column} FROM requests \
                 WHERE {prefix}_state IN ({states}) AND {prefix}_{column} <= $1 \
                 ON CONFLICT DO NOTHING"
            )))
            .bind(now)
            .execute(&mut *w.tx)
            .await?;
        }
    }
    sqlx::query("UPDATE requests SET sla_next_at = NULL WHERE sla_next_at <= $1")
        .bind(now)
        .execute(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(n)
}

/// The active requests, in SQL (`r.`): exactly the predicate of the partial index
/// `requests_open` (migration 0010), so every read of open requests can use it.
pub const OPEN_FILTER: &str =
    "r.status IN ('new', 'assigned', 'in_progress', 'waiting_applicant', 'answered')";

/// Names `requests_open` for SQLite, whose planner, without statistics, would rather take the
/// status index and visit every open row; PostgreSQL's planner finds the partial index itself.
pub fn open_index(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => " INDEXED BY requests_open",
        Backend::Postgres => "",
    }
}

/// Which requests `recompute` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Those with a clock still counting or paused; with a day, only those it can reach.
    Open(Option<DayChange>),
    /// Those without clocks yet.
    Unclocked,
    /// Those whose initial-result clock has stopped.
    Stopped,
}

impl Scope {
    fn is_open(self) -> bool {
        matches!(self, Scope::Open(_))
    }
}

/// A day closed or opened again, for everyone or for one group's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DayChange {
    day: i64,
    group_id: Option<i64>,
}

impl DayChange {
    /// The open requests (`r.`) whose clocks the day can reach at `now`: the SQL form of
    /// `domain::sla::day_reaches` for either clock (`requests_open` holds every column it reads).
    fn filter(self, now: i64) -> String {
        let (from, to) = (
            crate::domain::sla::day_start(self.day),
            crate::domain::sla::day_start(self.day + 1),
        );
        let group = self
            .group_id
            .map_or(String::new(), |g| format!(" AND r.group_id = {g}"));
        format!(
            "{OPEN_FILTER}{group} AND r.clock_start_at < {to} AND ({from} < {now} \
             OR r.ir_due_at > {from} OR r.res_due_at > {from})"
        )
    }
}

/// The requests are read a window at a time with their status history, the arithmetic done in
/// memory, and what changed written back a thousand rows per statement.
///
/// One recompute runs at a time, and it reads the calendar only once it is the one running, so
/// two calendar edits in quick succession can never leave clocks of the older calendar: on
/// SQLite the write transaction holds the writer slot; on PostgreSQL it holds an advisory lock.
/// No change made to a request meanwhile is overwritten with clocks computed from an older
/// history: on SQLite nothing else writes while the slot is held, and on PostgreSQL each window
/// locks its rows (`FOR UPDATE`) before reading them.
///
/// A calendar change's `job` is deleted in this transaction before anything is read: done for
/// good when the recompute commits, back for a later run if it fails or the process stops. An
/// instance running the same job meanwhile waits for the slot or the lock, then finds it gone and
/// recomputes nothing.
async fn recompute(
    db: &Db,
    cache: &CalendarCache,
    scope: Scope,
    job: Option<i64>,
) -> Result<usize, AppError> {
    let mut w = db.begin_write().await?;
    if db.backend == Backend::Postgres {
        sqlx::query("SELECT CAST(pg_advisory_xact_lock($1) AS TEXT) AS locked")
            .bind(RECOMPUTE_LOCK)
            .fetch_one(&mut *w.tx)
            .await?;
    }
    if let Some(id) = job {
        let claimed: Option<i64> =
            sqlx::query_scalar("DELETE FROM sla_recompute_jobs WHERE id = $1 RETURNING id")
                .bind(id)
                .fetch_optional(&mut *w.tx)
                .await?;
        if claimed.is_none() {
            return Ok(0);
        }
    }
    let calendars = cache.reload(db).await?;
    let now = db.now_ms();
    let filter = match scope {
        // Every clock still counting belongs to an active request (both stop, or pause, when it
        // is resolved or closed), and the open-requests index finds those; a breached clock still
        // counts, and a new holiday may bring it back within its target.
        Scope::Open(None) => OPEN_FILTER.to_string(),
        Scope::Open(Some(change)) => change.filter(now),
        Scope::Unclocked => {
            let assigned = sqlx::query(
                "UPDATE requests SET clock_start_at = created_at, sla_policy_id = \
                 (SELECT p.id FROM sla_policies p WHERE p.type_id = requests.type_id \
                  ORDER BY p.version LIMIT 1) WHERE sla_policy_id IS NULL \
                 AND status NOT IN ('awaiting_payment', 'cancelled')",
            )
            .execute(&mut *w.tx)
            .await?;
            if assigned.rows_affected() == 0 {
                return Ok(0);
            }
            "r.ir_state IS NULL".to_string()
        }
        Scope::Stopped => "r.ir_due_at IS NULL AND r.ir_state IN ('met', 'breached')".to_string(),
    };
    let started = std::time::Instant::now();
    // The ids first (through the index the filter uses), then a window of them at a time, so a
    // million requests never sit in memory at once. Newest first: their due times lie ahead and
    // change most, so the windows with most to write start earliest.
    let ids: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT r.id FROM requests r{hint} WHERE {filter} ORDER BY r.id DESC",
        hint = if scope.is_open() {
            open_index(db.backend)
        } else {
            ""
        }
    )))
    .fetch_all(&mut *w.tx)
    .await?;
    let ids_ms = started.elapsed().as_millis() as u64;
    let (mut total, mut changed) = (0, 0);
    // Requests given clocks or results for the first time are written whatever they held.
    let writes = if scope.is_open() {
        Writes::Changed
    } else {
        Writes::All
    };
    let lists: Vec<String> = ids
        .chunks(match db.backend {
            Backend::Sqlite => RECOMPUTE_WINDOW,
            Backend::Postgres => RECOMPUTE_WINDOW_PG,
        })
        .map(|window| {
            window
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    if db.backend == Backend::Sqlite && scope.is_open() {
        // This transaction holds the only writer slot and has written nothing the windows read
        // (at most it deleted its job; the other scopes first give requests a policy), so other
        // pooled connections read exactly what it would: the next windows are read there while
        // this one is computed and written.
        use futures::StreamExt;
        let mut reads = futures::stream::iter(lists)
            .map(|list: String| async move { read_window(db, None, &list).await })
            .buffered(2);
        while let Some(read) = reads.next().await {
            let (n, c) =
                write_window(db.backend, &mut w.tx, &calendars, read?, now, writes).await?;
            total += n;
            changed += c;
        }
    } else if db.backend == Backend::Postgres && scope.is_open() {
        // Each window in a transaction of its own, two at a time on two connections: a window
        // locks its rows, reads them, and writes their clocks. Every window is right on its own
        // (the calendar change is already committed), so one failing leaves no wrong clocks.
        use futures::StreamExt;
        let calendars = &calendars;
        let mut windows = futures::stream::iter(lists)
            .map(|list: String| async move {
                let mut tx = db.pool.begin().await?;
                let read = read_window(db, Some(&mut tx), &list).await?;
                let counts =
                    write_window(db.backend, &mut tx, calendars, read, now, writes).await?;
                tx.commit().await?;
                Ok::<_, AppError>(counts)
            })
            .buffer_unordered(2);
        while let Some(counts) = windows.next().await {
            let (n, c) = counts?;
            total += n;
            changed += c;
        }
    } else {
        // In the transaction: PostgreSQL locks the rows it will write.
        for list in &lists {
            let read = read_window(db, Some(&mut w.tx), list).await?;
            let (n, c) = write_window(db.backend, &mut w.tx, &calendars, read, now, writes).await?;
            total += n;
            changed += c;
        }
    }
    let loop_ms = started.elapsed().as_millis() as u64;
    w.commit().await?;
    tracing::info!(
        ?scope,
        requests = total,
        changed,
        ids_ms,
        loop_ms,
        ms = started.elapsed().as_millis() as u64,
        "SLA clocks recomputed"
    );
    Ok(total)
}

/// One request as `recompute` reads it (a JSON array, in this order): its id, clock start,
/// initial result, group, type, assignee, the eight stored clock values (state, elapsed, due and
/// warning of each clock), its policy (id and three targets), its status history, and which
/// alerts it has had (`ALERTED_BITS`).
/// (Read from the JSON array the database builds, in this field order.)
#[derive(serde::Deserialize)]
struct WindowRequest {
    /// the request
    id: i64,
    clock_start_at: Option<i64>,
    initial_result_at: Option<i64>,
    group_id: Option<i64>,
    type_id: i64,
    assignee_id: Option<i64>,
    /// the stored initial-result clock
    ir_state: Option<String>,
    ir_elapsed_min: Option<i64>,
    ir_due_at: Option<i64>,
    ir_warn_at: Option<i64>,
    /// the stored resolution clock
    res_state: Option<String>,
    res_elapsed_min: Option<i64>,
    res_due_at: Option<i64>,
    res_warn_at: Option<i64>,
    /// its policy version
    policy_id: i64,
    initial_minutes: i64,
    resolution_minutes: i64,
    warn_percent: i64,
    /// `(at, status entered)` in order
    history: Vec<(i64, Option<String>)>,
    /// `ALERTED_BITS`
    alerted_bits: i64,
}

/// The alerts a request has had, as the bits `recompute` reads: the initial-result clock's
/// warning (1) and breach (2), the resolution clock's warning (4) and breach (8).
const ALERTED_BITS: &str = "(SELECT COALESCE(SUM(CASE WHEN a.clock = 'initial' AND a.level = \
    'warning' THEN 1 WHEN a.clock = 'initial' THEN 2 WHEN a.level = 'warning' THEN 4 ELSE 8 END), 0) \
    FROM sla_alerts a WHERE a.request_id = r.id)";

/// Per clock, whether its warning and its breach were alerted, from `ALERTED_BITS`.
fn alerted(bits: i64) -> [(bool, bool); 2] {
    [
        (bits & 1 != 0, bits & 2 != 0),
        (bits & 4 != 0, bits & 8 != 0),
    ]
}

impl WindowRequest {
    /// Whether the stored clocks are already these: the initial-result clock, and the
    /// resolution clock.
    fn stored_are(&self, clocks: &Clocks) -> (bool, bool) {
        let same = |state: &Option<String>, elapsed, due, warn, c: &Clock| {
            state.as_deref() == Some(c.state.as_str())
                && elapsed == Some(c.elapsed_ms / MS_PER_MINUTE)
                && due == c.due_at
                && warn == c.warn_at
        };
        (
            same(
                &self.ir_state,
                self.ir_elapsed_min,
                self.ir_due_at,
                self.ir_warn_at,
                &clocks.initial,
            ),
            same(
                &self.res_state,
                self.res_elapsed_min,
                self.res_due_at,
                self.res_warn_at,
                &clocks.resolution,
            ),
        )
    }
}

/// Reads one window of requests (`ids`: a comma-separated list) with their status history as
/// one JSON document built by the database: one row instead of one per request and one per
/// history line, whose per-row cost in the driver was most of a recompute. In a transaction
/// (`tx`) on PostgreSQL the rows are locked first, then read by a second statement, whose
/// snapshot then holds whatever a change that held a lock meanwhile committed.
async fn read_window(
    db: &Db,
    tx: Option<&mut Transaction<'static, Any>>,
    ids: &str,
) -> Result<Vec<WindowRequest>, AppError> {
    const COLUMNS: &str = "r.id, r.clock_start_at, r.initial_result_at, r.group_id, r.type_id, \
        r.assignee_id, r.ir_state, r.ir_elapsed_min, r.ir_due_at, r.ir_warn_at, r.res_state, \
        r.res_elapsed_min, r.res_due_at, r.res_warn_at, p.id, p.initial_minutes, \
        p.resolution_minutes, p.warn_percent";
    let sql = match db.backend {
        Backend::Sqlite => format!(
            "SELECT json_group_array(json_array({COLUMNS}, json((SELECT \
             json_group_array(json_array(h.at, h.to_value)) FROM (SELECT at, to_value \
             FROM request_history WHERE request_id = r.id AND kind = 'status' ORDER BY id) h)), \
             {ALERTED_BITS})) AS doc FROM requests r JOIN sla_policies p ON p.id = r.sla_policy_id \
             WHERE r.id IN ({ids})"
        ),
        Backend::Postgres => format!(
            "SELECT CAST(COALESCE(json_agg(json_build_array({COLUMNS}, (SELECT \
             COALESCE(json_agg(json_build_array(h.at, h.to_value) ORDER BY h.id), '[]') \
             FROM request_history h WHERE h.request_id = r.id AND h.kind = 'status'), \
             {ALERTED_BITS})), '[]') AS TEXT) AS doc FROM requests r JOIN sla_policies p ON p.id = r.sla_policy_id \
             WHERE r.id IN ({ids})"
        ),
    };
    let started = std::time::Instant::now();
    let doc: String = match tx {
        Some(tx) => {
            if db.backend == Backend::Postgres {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT COUNT(*) AS n FROM (SELECT id FROM requests WHERE id IN ({ids}) \
                     FOR UPDATE) locked"
                )))
                .fetch_one(&mut **tx)
                .await?;
            }
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(&mut **tx)
                .await?
        }
        None => {
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(&db.pool)
                .await?
        }
    };
    tracing::debug!(
        bytes = doc.len(),
        ms = started.elapsed().as_millis() as u64,
        "SLA window read"
    );
    serde_json::from_str(&doc).map_err(|e| {
        tracing::error!(error = %e, "unreadable recompute window");
        AppError::Internal
    })
}

/// Which clocks a window writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Writes {
    /// Only clocks that differ from the stored ones (after a calendar change).
    Changed,
    /// Every clock (requests that had none yet).
    All,
}

/// Computes one window's clocks and writes what changed, in the transaction.
async fn write_window(
    backend: Backend,
    tx: &mut Transaction<'static, Any>,
    calendars: &Calendars,
    requests: Vec<WindowRequest>,
    now: i64,
    writes: Writes,
) -> Result<(usize, usize), AppError> {
    let started = std::time::Instant::now();
    let mut rows = Vec::with_capacity(requests.len());
    let mut outcomes = Vec::new();
    for r in &requests {
        let Some(start) = r.clock_start_at else {
            continue;
        };
        let policy = Policy {
            id: r.policy_id,
            initial_minutes: r.initial_minutes,
            resolution_minutes: r.resolution_minutes,
            warn_percent: r.warn_percent,
        };
        let history: Vec<(i64, RequestStatus)> = r
            .history
            .iter()
            .filter_map(|(at, to)| Some((*at, RequestStatus::parse(to.as_deref()?)?)))
            .collect();
        let clocks = clocks_from_history(
            calendars.for_group(r.group_id),
            &policy,
            start,
            &history,
            r.initial_result_at,
            now,
        );
        // Unchanged clocks are not written again (nor is their scheduler look moved), and an
        // initial result is recorded again only if its clock changed.
        let (initial_same, resolution_same) = r.stored_are(&clocks);
        if writes == Writes::Changed && initial_same && resolution_same {
            continue;
        }
        if writes == Writes::All || !initial_same {
            let owners = Owners {
                type_id: r.type_id,
                group_id: r.group_id,
                assignee_id: r.assignee_id,
            };
            outcomes.extend(Outcome::of(r.id, owners, &policy, start, &clocks));
        }
        // The scheduler's next look: the first threshold not alerted yet (a clock long past
        // due and already alerted needs none).
        rows.push((r.id, clocks, next_at(&clocks, alerted(r.alerted_bits))));
    }
    let computed = requests.len();
    let compute_ms = started.elapsed().as_millis() as u64;
    for chunk in rows.chunks(RECOMPUTE_CHUNK) {
        sqlx::query(sqlx::AssertSqlSafe(update_from_values(backend, chunk, now)))
            .execute(&mut **tx)
            .await?;
    }
    for chunk in outcomes.chunks(RECOMPUTE_CHUNK) {
        sqlx::query(sqlx::AssertSqlSafe(upsert_outcomes(chunk)))
            .execute(&mut **tx)
            .await?;
    }
    tracing::debug!(
        computed,
        changed = rows.len(),
        compute_ms,
        ms = started.elapsed().as_millis() as u64,
        "SLA window written"
    );
    Ok((computed, rows.len()))
}

/// A request's initial result for the reports (`sla_results`): written when the clock stops,
/// corrected when a calendar change recomputes it. The group and agent are those of the moment
/// it was first written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Outcome {
    request_id: i64,
    month: i64,
    type_id: i64,
    policy_id: i64,
    group_id: Option<i64>,
    agent_id: Option<i64>,
    elapsed_min: i64,
    breached: bool,
    stopped_at: i64,
}

impl Outcome {
    /// The outcome of a request, if its initial-result clock has stopped.
    pub(super) fn of(
        request_id: i64,
        owners: Owners,
        policy: &Policy,
        start: i64,
        clocks: &Clocks,
    ) -> Option<Outcome> {
        let stopped_at = clocks.initial_stop?;
        Some(Outcome {
            request_id,
            month: crate::domain::sla::month_key(start),
            type_id: owners.type_id,
            policy_id: policy.id,
            group_id: owners.group_id,
            agent_id: owners.assignee_id,
            elapsed_min: clocks.initial.elapsed_ms / MS_PER_MINUTE,
            breached: clocks.initial.state == ClockState::Breached,
            stopped_at,
        })
    }
}

/// A request's type, group and assignee, as its outcome records them.
#[derive(Debug, Clone, Copy)]
pub(super) struct Owners {
    pub(super) type_id: i64,
    pub(super) group_id: Option<i64>,
    pub(super) assignee_id: Option<i64>,
}

/// One `INSERT … ON CONFLICT` for many outcomes. Every value is an integer or NULL, so they are
/// written into the statement (no user text).
pub(super) fn upsert_outcomes(rows: &[Outcome]) -> String {
    let int = |v: Option<i64>| v.map_or("NULL".to_string(), |v| v.to_string());
    let values: Vec<String> = rows
        .iter()
        .map(|o| {
            format!(
                "({}, {}, {}, {}, {}, {}, {}, {}, {})",
                o.request_id,
                o.month,
                o.type_id,
                o.policy_id,
                int(o.group_id),
                int(o.agent_id),
                o.elapsed_min,
                i64::from(o.breached),
                o.stopped_at
            )
        })
        .collect();
    format!(
        "INSERT INTO sla_results (request_id, month, type_id, policy_id, group_id, agent_id, \
         elapsed_min, breached, stopped_at) VALUES {} ON CONFLICT (request_id) DO UPDATE SET \
         elapsed_min = excluded.elapsed_min, breached = excluded.breached, \
         stopped_at = excluded.stopped_at",
        values.join(", ")
    )
}

/// One `UPDATE … FROM (VALUES …)` for many requests. Every value is an integer, NULL or one of
/// the fixed state names, so they are written into the statement (no user text).
fn update_from_values(backend: Backend, rows: &[(i64, Clocks, Option<i64>)], now: i64) -> String {
    let int = |v: Option<i64>| v.map_or("NULL".to_string(), |v| v.to_string());
    let mut values = String::with_capacity(rows.len() * 96);
    for (i, (id, c, next)) in rows.iter().enumerate() {
        if i > 0 {
            values.push(',');
        }
        let cast = if backend == Backend::Postgres && i == 0 {
            // PostgreSQL types the VALUES columns from the first row; NULLs need a type.
            "::bigint"
        } else {
            ""
        };
        values.push_str(&format!(
            "({id}, '{}', {}, {}{cast}, {}{cast}, '{}', {}, {}{cast}, {}{cast}, {}{cast})",
            c.initial.state.as_str(),
            c.initial.elapsed_ms / MS_PER_MINUTE,
            int(c.initial.due_at),
            int(c.initial.warn_at),
            c.resolution.state.as_str(),
            c.resolution.elapsed_ms / MS_PER_MINUTE,
            int(c.resolution.due_at),
            int(c.resolution.warn_at),
            int(*next),
        ));
    }
    // VALUES columns are named column1… on both engines.
    format!(
        "UPDATE requests SET ir_state = v.column2, ir_elapsed_min = v.column3, ir_due_at = v.column4, \
         ir_warn_at = v.column5, res_state = v.column6, res_elapsed_min = v.column7, \
         res_due_at = v.column8, res_warn_at = v.column9, sla_next_at = v.column10, \
         sla_computed_at = {now} \
         FROM (VALUES {values}) AS v WHERE requests.id = v.column1"
    )
}

/// Requests recomputed per statement by `recompute_open`.
const RECOMPUTE_CHUNK: usize = 1000;

/// Requests per window of `recompute`.
const RECOMPUTE_WINDOW: usize = 20_000;

/// Requests per window of `recompute` on PostgreSQL, where windows run two at a time: small
/// enough that a holiday's few thousand requests still make several.
const RECOMPUTE_WINDOW_PG: usize = 5_000;

/// The PostgreSQL advisory lock that lets one recompute run at a time (any fixed number; this
/// one spells "SLA").
const RECOMPUTE_LOCK: i64 = 0x534c41;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::clocks::new_request_clocks;
    use crate::domain::jalali::{JalaliDate, TehranDateTime};
    use crate::domain::sla::{Calendar, DayHours};

    fn at(y: i32, m: u8, d: u8, hh: u8, mm: u8) -> i64 {
        TehranDateTime::new(JalaliDate::new(y, m, d).unwrap(), hh, mm, 0)
            .unwrap()
            .to_unix_millis()
    }

    fn office() -> Calendar {
        let day = DayHours::new(480, 840);
        Calendar::new([day, day, day, day, day, None, None], [])
    }

    const POLICY: Policy = Policy {
        id: 1,
        initial_minutes: 360,
        resolution_minutes: 1080,
        warn_percent: 75,
    };

    #[test]
    fn alerted_bits_say_which_thresholds_fired() {
        assert_eq!(alerted(0), [(false, false); 2]);
        assert_eq!(alerted(1 | 2), [(true, true), (false, false)]);
        assert_eq!(alerted(4), [(false, false), (true, false)]);
        assert_eq!(alerted(2 | 8), [(false, true), (false, true)]);
    }

    #[test]
    fn many_rows_update_in_one_statement() {
        let c = new_request_clocks(&office(), &POLICY, at(1404, 7, 5, 8, 0));
        let sql = update_from_values(Backend::Postgres, &[(7, c, Some(9)), (8, c, None)], 5);
        assert!(sql.contains("(7, 'running', 0, "));
        assert!(sql.contains("::bigint"));
        assert!(sql.contains(", 9::bigint)"), "{sql}");
        assert!(sql.contains(", NULL)"), "{sql}");
        assert!(sql.contains("sla_computed_at = 5"));
        assert!(!update_from_values(Backend::Sqlite, &[(7, c, None)], 5).contains("::"));
    }
}
