//! The SLA engine on the server: the working calendar (cached, reloaded on change and every
//! minute), each type's current policy, each request's clocks computed from its history and
//! stored on every change, recomputing the open requests when the calendar changes, and the
//! scheduler that fires each warning and breach exactly once.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use sqlx::{Any, Row, Transaction};

use crate::domain::request_status::RequestStatus;
use crate::domain::sla::{
    Calendar, Clock, ClockInput, ClockState, DEFAULT_DAY_MINUTES, DayHours, MS_PER_MINUTE,
    TargetUnit, ValidPolicy, days_spanned,
};
use crate::error::AppError;
use crate::server::db::{Backend, Db, now_ms};
use crate::server::state::AppState;

/// A new type's resolution target, as a multiple of its initial-result target.
const RESOLUTION_FACTOR: i64 = 3;
pub const DEFAULT_WARN_PERCENT: i64 = 75;

/// The working calendars: everyone's, and each group's with its own closures added.
#[derive(Debug, Clone, Default)]
pub struct Calendars {
    pub base: Calendar,
    by_group: HashMap<i64, Calendar>,
}

impl Calendars {
    pub fn for_group(&self, group: Option<i64>) -> &Calendar {
        group
            .and_then(|g| self.by_group.get(&g))
            .unwrap_or(&self.base)
    }
}

/// The calendars as last loaded; shared by every request of this instance.
#[derive(Default)]
pub struct CalendarCache {
    current: RwLock<Arc<Calendars>>,
}

impl CalendarCache {
    pub fn get(&self) -> Arc<Calendars> {
        self.current
            .read()
            .map(|c| c.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    pub async fn reload(&self, db: &Db) -> Result<Arc<Calendars>, AppError> {
        let loaded = Arc::new(load_calendars(db).await?);
        match self.current.write() {
            Ok(mut c) => *c = loaded.clone(),
            Err(p) => *p.into_inner() = loaded.clone(),
        }
        Ok(loaded)
    }
}

pub async fn load_calendars(db: &Db) -> Result<Calendars, AppError> {
    let mut hours: [Option<DayHours>; 7] = [None; 7];
    for r in sqlx::query("SELECT weekday, start_minute, end_minute FROM calendar_weekdays")
        .fetch_all(&db.pool)
        .await?
    {
        let day: i64 = r.try_get("weekday")?;
        let start: Option<i64> = r.try_get("start_minute")?;
        let end: Option<i64> = r.try_get("end_minute")?;
        if let (Ok(i), Some(s), Some(e)) = (usize::try_from(day), start, end)
            && i < 7
        {
            hours[i] = DayHours::new(s as u16, e as u16);
        }
    }
    let mut everyone = Vec::new();
    let mut groups: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in sqlx::query("SELECT day, group_id FROM calendar_closures")
        .fetch_all(&db.pool)
        .await?
    {
        let day: i64 = r.try_get("day")?;
        match r.try_get::<Option<i64>, _>("group_id")? {
            None => everyone.push(day),
            Some(g) => groups.entry(g).or_default().push(day),
        }
    }
    let base = Calendar::new(hours, everyone);
    let by_group = groups
        .into_iter()
        .map(|(g, days)| (g, base.with_closed(days)))
        .collect();
    Ok(Calendars { base, by_group })
}

/// A policy version's targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub id: i64,
    pub initial_minutes: i64,
    pub resolution_minutes: i64,
    pub warn_percent: i64,
}

impl Policy {
    fn input(&self, minutes: i64, start: i64) -> ClockInput {
        ClockInput {
            start,
            pauses: Vec::new(),
            stop: None,
            target_ms: minutes * MS_PER_MINUTE,
            warn_percent: self.warn_percent.clamp(1, 100) as u8,
        }
    }
}

/// Makes sure the type's newest policy promises `initial_result_days` working days (the
/// catalogue's figure, rounded up from the policy's target): writes a new version in days when
/// it does not, keeping the warning threshold and at least as long a resolution target.
/// Requests filed earlier keep their version.
pub async fn sync_policy(
    tx: &mut Transaction<'static, Any>,
    type_id: i64,
    initial_result_days: i64,
    actor: Option<i64>,
) -> Result<(), AppError> {
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
    if !insert_policy(tx, type_id, version, &policy, actor).await? {
        // Another instance wrote this version meanwhile (several starting at once): look again.
        return Box::pin(sync_policy(tx, type_id, initial_result_days, actor)).await;
    }
    Ok(())
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
    .bind(now_ms())
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
    let exists = sqlx::query("SELECT id FROM request_types WHERE id = $1")
        .bind(type_id)
        .fetch_optional(&mut *w.tx)
        .await?;
    if exists.is_none() {
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
    if !insert_policy(&mut w.tx, type_id, version, &policy, Some(actor)).await? {
        return Ok(false);
    }
    sqlx::query("UPDATE request_types SET initial_result_days = $1, updated_at = $2 WHERE id = $3")
        .bind(days_spanned(policy.initial_minutes, policy.day_minutes))
        .bind(now_ms())
        .bind(type_id)
        .execute(&mut *w.tx)
        .await?;
    w.commit().await?;
    Ok(true)
}

/// Every version of a type's policy, newest first.
pub async fn policies(db: &Db, type_id: i64) -> Result<Vec<crate::api::dto::PolicyDto>, AppError> {
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
            Ok(crate::api::dto::PolicyDto {
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

/// The two clocks of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clocks {
    pub initial: Clock,
    pub resolution: Clock,
    /// When the initial-result clock stopped, if it has.
    pub initial_stop: Option<i64>,
}

/// The clocks of a request just filed (nothing has happened to it yet).
pub fn new_request_clocks(calendar: &Calendar, policy: &Policy, now: i64) -> Clocks {
    Clocks {
        initial: policy.input(policy.initial_minutes, now).at(calendar, now),
        resolution: policy
            .input(policy.resolution_minutes, now)
            .at(calendar, now),
        initial_stop: None,
    }
}

/// The clocks of a request from its status history (`(at, status entered)` in order).
///
/// Both clocks pause while the request waits for the applicant. The initial-result clock stops
/// at the initial result, or when the request is first resolved or closed without one. The
/// resolution clock also does not count while the request is resolved or closed, and stops
/// if it still is.
pub fn clocks_from_history(
    calendar: &Calendar,
    policy: &Policy,
    start: i64,
    history: &[(i64, RequestStatus)],
    initial_result_at: Option<i64>,
    now: i64,
) -> Clocks {
    let mut initial = policy.input(policy.initial_minutes, start);
    let mut resolution = policy.input(policy.resolution_minutes, start);
    let done = |s: RequestStatus| matches!(s, RequestStatus::Resolved | RequestStatus::Closed);
    let mut first_done = None;
    for (i, &(at, status)) in history.iter().enumerate() {
        let next = history.get(i + 1).map(|&(t, _)| t);
        if status == RequestStatus::WaitingApplicant {
            initial.pauses.push((at, next));
            resolution.pauses.push((at, next));
        }
        if done(status) {
            first_done.get_or_insert(at);
            match next {
                Some(_) => resolution.pauses.push((at, next)),
                None => resolution.stop = Some(at),
            }
        }
    }
    initial.stop = match (initial_result_at, first_done) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    Clocks {
        initial: initial.at(calendar, now),
        resolution: resolution.at(calendar, now),
        initial_stop: initial.stop,
    }
}

/// When the scheduler must next look at a request with these clocks: the first warning or due
/// time not alerted yet (`alerted` says, per clock, which levels already fired) of a clock that
/// counts.
pub fn next_at(clocks: &Clocks, alerted: [(bool, bool); 2]) -> Option<i64> {
    [clocks.initial, clocks.resolution]
        .iter()
        .zip(alerted)
        .filter_map(|(c, (warned, breached))| {
            let counting = matches!(
                c.state,
                ClockState::Running | ClockState::AtRisk | ClockState::Breached
            );
            match (counting, warned, breached) {
                (false, _, _) | (_, true, true) => None,
                (true, false, _) => c.warn_at.or(c.due_at),
                (true, true, false) => c.due_at,
            }
        })
        .min()
}

/// The stored values of `clocks`: `ir_state`, `ir_elapsed_min`, `ir_due_at`, `ir_warn_at`, the
/// same four of the resolution clock, and `sla_next_at`.
pub fn clock_values(clocks: &Clocks) -> [crate::server::db::Val; 9] {
    use crate::server::db::Val;
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
    refresh(tx, state, request_id, now_ms()).await
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
    let mut batch = crate::server::db::Batch::new();
    batch.push(
        "UPDATE requests SET ir_state = $1, ir_elapsed_min = $2, ir_due_at = $3, ir_warn_at = $4, \
         res_state = $5, res_elapsed_min = $6, res_due_at = $7, res_warn_at = $8, sla_next_at = $9, \
         sla_computed_at = $10 WHERE id = $11",
        values,
    );
    batch.run(tx).await?;
    Ok(())
}

/// Requests recomputed per statement by `recompute_open`.
const RECOMPUTE_CHUNK: usize = 1000;

/// Recomputes the clocks of every open request (after a change of working hours). Returns how
/// many.
pub async fn recompute_open(state: &AppState) -> Result<usize, AppError> {
    recompute(&state.db, &state.calendars, Scope::Open(None)).await
}

/// Recomputes the clocks of the open requests that closing or opening day `day` (for everyone,
/// or for one group) can change: those `domain::sla::day_reaches` says it reaches. A holiday
/// a few days ahead leaves alone every clock due before it, and every clock of a request filed
/// after it. Returns how many were recomputed.
pub async fn recompute_day(
    state: &AppState,
    day: i64,
    group_id: Option<i64>,
) -> Result<usize, AppError> {
    recompute(
        &state.db,
        &state.calendars,
        Scope::Open(Some(DayChange { day, group_id })),
    )
    .await
}

/// At start: requests filed before SLA policies existed (or of a type that had none) get their
/// type's first policy, a clock started at submission, and their clocks. Cheap when there is
/// nothing to do (one indexed-less scan for rows without a policy).
pub async fn backfill(state: &AppState) -> Result<usize, AppError> {
    let mut n = recompute(&state.db, &state.calendars, Scope::Unclocked).await?;
    // Initial results given before the reports table existed (migration 0009): it is empty
    // while stopped clocks exist. Cheap to ask; done once.
    let missing = sqlx::query(
        "SELECT 1 AS x WHERE NOT EXISTS (SELECT 1 FROM sla_results) AND EXISTS \
         (SELECT 1 FROM requests r WHERE r.ir_due_at IS NULL AND r.ir_state IN ('met', 'breached'))",
    )
    .fetch_optional(&state.db.pool)
    .await?;
    if missing.is_some() {
        n += recompute(&state.db, &state.calendars, Scope::Stopped).await?;
    }
    Ok(n)
}

/// For benchmark data written straight into the tables: gives the requests their clocks and
/// records the warnings and breaches they crossed in the past as already sent (so a server
/// started on the data does not spend its first minutes e-mailing about a year of history).
pub async fn settle_seeded(db: &Db) -> Result<usize, AppError> {
    let n = recompute(db, &CalendarCache::default(), Scope::Unclocked).await?;
    let now = now_ms();
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
async fn recompute(db: &Db, cache: &CalendarCache, scope: Scope) -> Result<usize, AppError> {
    let mut w = db.begin_write().await?;
    if db.backend == Backend::Postgres {
        sqlx::query("SELECT CAST(pg_advisory_xact_lock($1) AS TEXT) AS locked")
            .bind(RECOMPUTE_LOCK)
            .fetch_one(&mut *w.tx)
            .await?;
    }
    let calendars = cache.reload(db).await?;
    let now = now_ms();
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
                  ORDER BY p.version LIMIT 1) WHERE sla_policy_id IS NULL",
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
    let always_write = !scope.is_open();
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
        // This transaction holds the only writer slot and has written nothing yet (the other
        // scopes first give requests a policy), so other pooled connections read exactly what
        // it would: the next windows are read there while this one is computed and written.
        use futures::StreamExt;
        let mut reads = futures::stream::iter(lists)
            .map(|list: String| async move { read_window(db, None, &list).await })
            .buffered(2);
        while let Some(read) = reads.next().await {
            let (n, c) =
                write_window(db.backend, &mut w.tx, &calendars, read?, now, always_write).await?;
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
                    write_window(db.backend, &mut tx, calendars, read, now, always_write).await?;
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
            let (n, c) =
                write_window(db.backend, &mut w.tx, &calendars, read, now, always_write).await?;
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

/// Requests per window of `recompute`.
const RECOMPUTE_WINDOW: usize = 20_000;

/// Requests per window of `recompute` on PostgreSQL, where windows run two at a time: small
/// enough that a holiday's few thousand requests still make several.
const RECOMPUTE_WINDOW_PG: usize = 5_000;

/// The PostgreSQL advisory lock that lets one recompute run at a time (any fixed number; this
/// one spells "SLA").
const RECOMPUTE_LOCK: i64 = 0x534c41;

/// One request as `recompute` reads it (a JSON array, in this order): its id, clock start,
/// initial result, group, type, assignee, the eight stored clock values (state, elapsed, due and
/// warning of each clock), its policy (id and three targets), its status history, and which
/// alerts it has had (`ALERTED_BITS`).
#[derive(serde::Deserialize)]
struct WindowRequest(
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    i64,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    i64,
    i64,
    i64,
    i64,
    Vec<(i64, Option<String>)>,
    i64,
);

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
            same(&self.6, self.7, self.8, self.9, &clocks.initial),
            same(&self.10, self.11, self.12, self.13, &clocks.resolution),
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

/// Computes one window's clocks and writes what changed, in the transaction.
async fn write_window(
    backend: Backend,
    tx: &mut Transaction<'static, Any>,
    calendars: &Calendars,
    requests: Vec<WindowRequest>,
    now: i64,
    always_write: bool,
) -> Result<(usize, usize), AppError> {
    let started = std::time::Instant::now();
    let mut rows = Vec::with_capacity(requests.len());
    let mut outcomes = Vec::new();
    for r in &requests {
        let Some(start) = r.1 else {
            continue;
        };
        let policy = Policy {
            id: r.14,
            initial_minutes: r.15,
            resolution_minutes: r.16,
            warn_percent: r.17,
        };
        let history: Vec<(i64, RequestStatus)> =
            r.18.iter()
                .filter_map(|(at, to)| Some((*at, RequestStatus::parse(to.as_deref()?)?)))
                .collect();
        let clocks =
            clocks_from_history(calendars.for_group(r.3), &policy, start, &history, r.2, now);
        // Unchanged clocks are not written again (nor is their scheduler look moved), and an
        // initial result is recorded again only if its clock changed.
        let (initial_same, resolution_same) = r.stored_are(&clocks);
        if !always_write && initial_same && resolution_same {
            continue;
        }
        if always_write || !initial_same {
            let owners = Owners {
                type_id: r.4,
                group_id: r.3,
                assignee_id: r.5,
            };
            outcomes.extend(Outcome::of(r.0, owners, &policy, start, &clocks));
        }
        // The scheduler's next look: the first threshold not alerted yet (a clock long past
        // due and already alerted needs none).
        rows.push((r.0, clocks, next_at(&clocks, alerted(r.19))));
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
struct Outcome {
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
    fn of(
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
struct Owners {
    type_id: i64,
    group_id: Option<i64>,
    assignee_id: Option<i64>,
}

/// One `INSERT … ON CONFLICT` for many outcomes. Every value is an integer or NULL, so they are
/// written into the statement (no user text).
fn upsert_outcomes(rows: &[Outcome]) -> String {
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
    let now = now_ms();
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

/// Requests read per page by `tick`.
const TICK_PAGE: i64 = 500;

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
            crate::server::events::EventHub::record(
                &mut w.tx,
                db.backend,
                crate::server::events::EventKind::SlaAlert,
                request_id,
                r.try_get("applicant_id")?,
                crate::server::events::Audience::Staff,
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
/// other instances reach this one within a minute; the editing instance recomputes at once).
pub fn spawn_scheduler(state: AppState) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = state.calendars.reload(&state.db).await {
                tracing::warn!(error = %e, "calendar reload failed");
            }
            match tick(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(alerts = n, "SLA warnings and breaches fired"),
                Err(e) => tracing::warn!(error = %e, "SLA scheduler pass failed"),
            }
            tokio::time::sleep(Duration::from_secs(state.config.sla_tick_seconds.max(1))).await;
        }
    });
}

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
) -> Result<Option<crate::api::dto::ClockView>, AppError> {
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
        let live = stored + calendar.working_ms(since, now) / MS_PER_MINUTE;
        let state = if live >= target {
            ClockState::Breached
        } else if live * 100 >= target * warn_percent {
            ClockState::AtRisk
        } else {
            ClockState::Running
        };
        (live, state)
    } else {
        (stored, state)
    };
    Ok(Some(crate::api::dto::ClockView {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::jalali::{JalaliDate, TehranDateTime};

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
    fn waiting_pauses_both_clocks_and_the_initial_result_stops_the_first() {
        use RequestStatus::*;
        let start = at(1404, 7, 5, 8, 0); // Saturday
        let history = [
            (start, New),
            (at(1404, 7, 5, 9, 0), WaitingApplicant),
            (at(1404, 7, 6, 9, 0), InProgress),
            (at(1404, 7, 6, 10, 0), Answered),
        ];
        let c = clocks_from_history(
            &office(),
            &POLICY,
            start,
            &history,
            Some(at(1404, 7, 6, 10, 0)),
            at(1404, 7, 6, 12, 0),
        );
        assert_eq!(c.initial.state, ClockState::Met);
        assert_eq!(c.initial.elapsed_ms, 2 * 60 * MS_PER_MINUTE);
        assert_eq!(c.resolution.state, ClockState::Running);
        assert_eq!(c.resolution.elapsed_ms, 4 * 60 * MS_PER_MINUTE);
    }

    #[test]
    fn resolution_stops_when_resolved_and_resumes_on_reopening() {
        use RequestStatus::*;
        let start = at(1404, 7, 5, 8, 0);
        let resolved = [(start, New), (at(1404, 7, 5, 10, 0), Resolved)];
        let c = clocks_from_history(
            &office(),
            &POLICY,
            start,
            &resolved,
            None,
            at(1404, 7, 9, 8, 0),
        );
        assert_eq!(c.resolution.state, ClockState::Met);
        assert_eq!(c.resolution.elapsed_ms, 120 * MS_PER_MINUTE);
        // Resolved without a marked initial result: that was the result.
        assert_eq!(c.initial.state, ClockState::Met);
        let reopened = [
            (start, New),
            (at(1404, 7, 5, 10, 0), Resolved),
            (at(1404, 7, 7, 8, 0), InProgress),
        ];
        let c = clocks_from_history(
            &office(),
            &POLICY,
            start,
            &reopened,
            None,
            at(1404, 7, 7, 9, 0),
        );
        assert_eq!(c.resolution.state, ClockState::Running);
        assert_eq!(c.resolution.elapsed_ms, 180 * MS_PER_MINUTE);
    }

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
