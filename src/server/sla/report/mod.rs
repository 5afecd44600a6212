//! The SLA reports: the supervisors' dashboard, the public figures and their exports.
//!
//! Results come from `sla_results` (one row per request whose initial-result clock stopped):
//! counts and sums by `GROUP BY` over a covering index, median and p90 by one `OFFSET` into the
//! index order per group, so no report sorts or loads a year of requests. Requests still
//! waiting come from the open requests through their partial index, bucketed into months by
//! comparing their clock start with month boundaries computed here (no calendar math in SQL).

pub mod charts;
mod extra;

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::Row;

use crate::copy;
use crate::copy::digits::to_persian_digits;
use crate::domain::sla::{month_key, month_label_fa, month_start, percentile_offset};
use crate::server::platform::db::Db;
use crate::server::platform::spreadsheet::{Cell, Sheet};
use crate::server::sla::recompute::OPEN_FILTER;
use crate::server::sla::report::charts::{BarChart, Series, bar_chart};
use crate::wire::AppError;
use crate::wire::{
    ChartSvg, SlaBacklogRow, SlaDashboard, SlaFigures, SlaNow, SlaOwnerRow, SlaPublic,
    SlaPublicType, SlaTypeMonth,
};

/// Months on the dashboard, ending at the chosen one.
pub const DASHBOARD_MONTHS: i64 = 12;
/// Months on the public page, ending at the current one.
pub const PUBLIC_MONTHS: i64 = 6;
/// How long the public figures are served from memory: the page needs no login, so a crowd
/// must not turn into a crowd of report queries.
const PUBLIC_CACHE_MS: i64 = 60_000;

/// Counts and sums of results, before the percentiles.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    n: i64,
    total: i64,
    late: i64,
}

impl Sums {
    fn figures(self, waiting: (i64, i64), pct: (Option<i64>, Option<i64>)) -> SlaFigures {
        SlaFigures {
            results: self.n,
            waiting: waiting.0,
            avg_min: (self.n > 0).then(|| (self.total + self.n / 2) / self.n),
            median_min: pct.0,
            p90_min: pct.1,
            within: self.n - self.late,
            breaches: self.late + waiting.1,
        }
    }
}

fn sums_of(r: &sqlx::any::AnyRow) -> Result<Sums, AppError> {
    Ok(Sums {
        n: r.try_get("n")?,
        total: r.try_get::<Option<i64>, _>("total")?.unwrap_or(0),
        late: r.try_get::<Option<i64>, _>("late")?.unwrap_or(0),
    })
}

/// The median and p90 of the results matching `filter` (`$1…` bound to `binds`), `n` of them:
/// two index probes at the nearest-rank offsets.
async fn percentiles(
    db: &Db,
    filter: &str,
    binds: &[i64],
    n: i64,
) -> Result<(Option<i64>, Option<i64>), AppError> {
    let (Some(k50), Some(k90)) = (percentile_offset(n, 50), percentile_offset(n, 90)) else {
        return Ok((None, None));
    };
    // Each probe walks the index from the nearer end: the value at rank `k` from the bottom is
    // the one at rank `n - 1 - k` from the top, so p90 walks a tenth of the entries, not nine.
    let from_nearer_end = |k: i64| {
        if k > n / 2 {
            ("DESC", n - 1 - k)
        } else {
            ("", k)
        }
    };
    let ((o50, k50), (o90, k90)) = (from_nearer_end(k50), from_nearer_end(k90));
    let (a, b) = (binds.len() + 1, binds.len() + 2);
    let sql = format!(
        "SELECT (SELECT elapsed_min FROM sla_results WHERE {filter} ORDER BY elapsed_min {o50} \
         LIMIT 1 OFFSET ${a}) AS p50, (SELECT elapsed_min FROM sla_results WHERE {filter} \
         ORDER BY elapsed_min {o90} LIMIT 1 OFFSET ${b}) AS p90"
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for v in binds {
        q = q.bind(*v);
    }
    let r = q.bind(k50).bind(k90).fetch_one(&db.pool).await?;
    Ok((r.try_get("p50")?, r.try_get("p90")?))
}

/// `CASE` that maps a clock start to its month key, for months `first..=last`.
fn month_bucket_sql(first: i64, last: i64) -> String {
    let mut sql = String::from("CASE");
    for m in (first..=last).rev() {
        sql.push_str(&format!(
            " WHEN r.clock_start_at >= {} THEN {m}",
            month_start(m)
        ));
    }
    sql.push_str(" ELSE NULL END");
    sql
}

/// What one pass over the open requests gives: those filed in months `first..=last` still
/// waiting for their initial result, per (month, type, policy), with how many of them are past
/// due; and what is open, at risk and past due now, per type, agent and group.
struct OpenScan {
    waiting: HashMap<(i64, i64, i64), (i64, i64)>,
    now: OpenNow,
}

/// Open requests now, per type, agent and group.
struct OpenNow {
    by_type: HashMap<i64, SlaNow>,
    by_agent: HashMap<Option<i64>, SlaNow>,
    by_group: HashMap<Option<i64>, SlaNow>,
    total: SlaNow,
}

/// One read of the open requests (through their partial index), grouped in SQL into a few hundred
/// rows; the report's two views of them are added up here.
async fn open_scan(db: &Db, first: i64, last: i64) -> Result<OpenScan, AppError> {
    let sql = format!(
        "SELECT r.type_id, r.sla_policy_id AS policy_id, r.assignee_id, r.group_id, \
         CAST({bucket} AS BIGINT) AS month, \
         CAST(CASE WHEN r.ir_due_at IS NOT NULL OR r.ir_state = 'paused' THEN 1 ELSE 0 END AS BIGINT) AS waiting, \
         CAST(CASE WHEN r.ir_state = 'breached' AND r.ir_due_at IS NOT NULL THEN 1 ELSE 0 END AS BIGINT) AS ir_late, \
         CAST(CASE WHEN r.ir_state = 'at_risk' OR r.res_state = 'at_risk' THEN 1 ELSE 0 END AS BIGINT) AS risk, \
         CAST(CASE WHEN (r.ir_state = 'breached' AND r.ir_due_at IS NOT NULL) \
             OR (r.res_state = 'breached' AND r.res_due_at IS NOT NULL) THEN 1 ELSE 0 END AS BIGINT) AS late, \
         COUNT(*) AS n \
         FROM requests r{hint} WHERE {OPEN_FILTER} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9",
        bucket = month_bucket_sql(first, last),
        hint = crate::server::sla::recompute::open_index(db.backend),
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&db.pool)
        .await?;
    let mut out = OpenScan {
        waiting: HashMap::new(),
        now: OpenNow {
            by_type: HashMap::new(),
            by_agent: HashMap::new(),
            by_group: HashMap::new(),
            total: SlaNow::default(),
        },
    };
    let flag = |r: &sqlx::any::AnyRow, c: &str| -> Result<bool, AppError> {
        Ok(r.try_get::<i64, _>(c)? == 1)
    };
    for r in rows {
        let n: i64 = r.try_get("n")?;
        let now = SlaNow {
            open: n,
            at_risk: if flag(&r, "risk")? { n } else { 0 },
            breached: if flag(&r, "late")? { n } else { 0 },
        };
        let add = |to: &mut SlaNow| {
            to.open += now.open;
            to.at_risk += now.at_risk;
            to.breached += now.breached;
        };
        add(out.now.by_type.entry(r.try_get("type_id")?).or_default());
        add(out
            .now
            .by_agent
            .entry(r.try_get("assignee_id")?)
            .or_default());
        add(out.now.by_group.entry(r.try_get("group_id")?).or_default());
        add(&mut out.now.total);
        if let (true, Some(month), Some(policy)) = (
            flag(&r, "waiting")?,
            r.try_get::<Option<i64>, _>("month")?,
            r.try_get::<Option<i64>, _>("policy_id")?,
        ) {
            let w = out
                .waiting
                .entry((month, r.try_get("type_id")?, policy))
                .or_insert((0, 0));
            w.0 += n;
            if flag(&r, "ir_late")? {
                w.1 += n;
            }
        }
    }
    Ok(out)
}

/// Names and policies the reports show.
struct Names {
    types: Vec<(i64, String)>,
    /// id → (type, version, initial minutes, day minutes).
    policies: HashMap<i64, (i64, i64, i64, i64)>,
    staff: HashMap<i64, String>,
    groups: HashMap<i64, String>,
}

impl Names {
    async fn load(db: &Db) -> Result<Names, AppError> {
        let types = sqlx::query("SELECT id, title FROM request_types ORDER BY sort_order, id")
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("title")?)))
            .collect::<Result<Vec<_>, AppError>>()?;
        let mut policies = HashMap::new();
        for r in sqlx::query(
            "SELECT id, type_id, version, initial_minutes, day_minutes FROM sla_policies",
        )
        .fetch_all(&db.pool)
        .await?
        {
            policies.insert(
                r.try_get("id")?,
                (
                    r.try_get("type_id")?,
                    r.try_get("version")?,
                    r.try_get("initial_minutes")?,
                    r.try_get("day_minutes")?,
                ),
            );
        }
        let mut staff = HashMap::new();
        for r in sqlx::query("SELECT id, full_name FROM users WHERE role <> 'applicant'")
            .fetch_all(&db.pool)
            .await?
        {
            staff.insert(r.try_get("id")?, r.try_get("full_name")?);
        }
        let mut groups = HashMap::new();
        for r in sqlx::query("SELECT id, name FROM staff_groups")
            .fetch_all(&db.pool)
            .await?
        {
            groups.insert(r.try_get("id")?, r.try_get("name")?);
        }
        Ok(Names {
            types,
            policies,
            staff,
            groups,
        })
    }

    fn type_title(&self, id: i64) -> String {
        self.types
            .iter()
            .find(|(t, _)| *t == id)
            .map(|(_, s)| s.clone())
            .unwrap_or_default()
    }

    /// The newest policy of a type: (initial minutes, day minutes).
    fn latest_policy(&self, type_id: i64) -> Option<(i64, i64)> {
        self.policies
            .values()
            .filter(|p| p.0 == type_id)
            .max_by_key(|p| p.1)
            .map(|p| (p.2, p.3))
    }
}

/// Results per (month, type, policy) in months `first..=last`.
async fn result_sums(
    db: &Db,
    first: i64,
    last: i64,
) -> Result<BTreeMap<(i64, i64, i64), Sums>, AppError> {
    let rows = sqlx::query(
        "SELECT month, type_id, policy_id, COUNT(*) AS n, CAST(SUM(elapsed_min) AS BIGINT) AS total, \
         CAST(SUM(breached) AS BIGINT) AS late FROM sla_results WHERE month >= $1 AND month <= $2 \
         GROUP BY month, type_id, policy_id",
    )
    .bind(first)
    .bind(last)
    .fetch_all(&db.pool)
    .await?;
    let mut sums = BTreeMap::new();
    for r in &rows {
        sums.insert(
            (
                r.try_get("month")?,
                r.try_get("type_id")?,
                r.try_get("policy_id")?,
            ),
            sums_of(r)?,
        );
    }
    Ok(sums)
}

/// Per (month, type, policy), oldest month first, types in catalogue order; with percentiles
/// only when `with_percentiles`.
async fn type_months(
    db: &Db,
    names: &Names,
    mut sums: BTreeMap<(i64, i64, i64), Sums>,
    waiting: &HashMap<(i64, i64, i64), (i64, i64)>,
    with_percentiles: bool,
) -> Result<Vec<SlaTypeMonth>, AppError> {
    for key in waiting.keys() {
        sums.entry(*key).or_default();
    }
    let order: HashMap<i64, usize> = names
        .types
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let mut keys: Vec<(i64, i64, i64)> = sums.keys().copied().collect();
    keys.sort_by_key(|&(m, t, p)| (m, order.get(&t).copied().unwrap_or(usize::MAX), p));
    let probes = keys.iter().map(|&(m, t, p)| {
        let n = sums.get(&(m, t, p)).map_or(0, |s| s.n);
        async move {
            if with_percentiles {
                percentiles(
                    db,
                    "month = $1 AND type_id = $2 AND policy_id = $3",
                    &[m, t, p],
                    n,
                )
                .await
            } else {
                Ok((None, None))
            }
        }
    });
    let pcts = futures::future::try_join_all(probes).await?;
    let mut out = Vec::with_capacity(keys.len());
    for ((m, t, p), pct) in keys.into_iter().zip(pcts) {
        let (_, version, target, day) = names.policies.get(&p).copied().unwrap_or((t, 0, 0, 360));
        out.push(SlaTypeMonth {
            month: m,
            month_label: month_label_fa(m),
            type_id: t,
            type_title: names.type_title(t),
            policy_version: version,
            target_min: target,
            day_minutes: day,
            figures: sums
                .get(&(m, t, p))
                .copied()
                .unwrap_or_default()
                .figures(waiting.get(&(m, t, p)).copied().unwrap_or((0, 0)), pct),
        });
    }
    Ok(out)
}

/// Which owner a row of results or open requests belongs to.
#[derive(Clone, Copy)]
enum Owner {
    Agent,
    Group,
}

impl Owner {
    fn column(self) -> &'static str {
        match self {
            Owner::Agent => "agent_id",
            Owner::Group => "group_id",
        }
    }
}

/// Results in `month` per agent or group.
async fn owner_sums(
    db: &Db,
    owner: Owner,
    month: i64,
) -> Result<HashMap<Option<i64>, Sums>, AppError> {
    let col = owner.column();
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {col} AS owner, COUNT(*) AS n, CAST(SUM(elapsed_min) AS BIGINT) AS total, \
         CAST(SUM(breached) AS BIGINT) AS late FROM sla_results WHERE month = $1 GROUP BY {col}"
    )))
    .bind(month)
    .fetch_all(&db.pool)
    .await?;
    let mut sums = HashMap::new();
    for r in &rows {
        sums.insert(r.try_get("owner")?, sums_of(r)?);
    }
    Ok(sums)
}

/// Results in `month` per agent or group (with their percentiles), and what each has open now.
async fn owners(
    db: &Db,
    names: &Names,
    owner: Owner,
    month: i64,
    mut sums: HashMap<Option<i64>, Sums>,
    now_by: &HashMap<Option<i64>, SlaNow>,
) -> Result<Vec<SlaOwnerRow>, AppError> {
    let col = owner.column();
    for k in now_by.keys() {
        sums.entry(*k).or_default();
    }
    let keys: Vec<Option<i64>> = sums.keys().copied().collect();
    let probes = keys.iter().map(|&k| {
        let n = sums.get(&k).map_or(0, |s| s.n);
        async move {
            match k {
                Some(id) => {
                    let filter = format!("month = $1 AND {col} = $2");
                    percentiles(db, &filter, &[month, id], n).await
                }
                None => {
                    let filter = format!("month = $1 AND {col} IS NULL");
                    percentiles(db, &filter, &[month], n).await
                }
            }
        }
    });
    let pcts = futures::future::try_join_all(probes).await?;
    let mut out: Vec<SlaOwnerRow> = keys
        .into_iter()
        .zip(pcts)
        .map(|(k, pct)| {
            let name = match (owner, k) {
                (Owner::Agent, Some(id)) => names.staff.get(&id).cloned(),
                (Owner::Group, Some(id)) => names.groups.get(&id).cloned(),
                _ => None,
            };
            SlaOwnerRow {
                id: k,
                name: name.unwrap_or_else(|| match owner {
                    Owner::Agent => copy::SLA_NO_AGENT.to_string(),
                    Owner::Group => copy::SLA_NO_GROUP.to_string(),
                }),
                figures: sums
                    .get(&k)
                    .copied()
                    .unwrap_or_default()
                    .figures((0, 0), pct),
                now: now_by.get(&k).copied().unwrap_or_default(),
            }
        })
        .collect();
    // Named owners by name, "unassigned" last.
    out.sort_by(|a, b| (a.id.is_none(), &a.name).cmp(&(b.id.is_none(), &b.name)));
    Ok(out)
}

/// Working hours, Persian digits, one decimal at most (`۲٫۵`).
fn hours_fa(hours: f64) -> String {
    let tenths = (hours * 10.0).round() as i64;
    let s = if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!(
            "{}{}{}",
            tenths / 10,
            copy::DECIMAL_SEPARATOR,
            (tenths % 10).abs()
        )
    };
    to_persian_digits(&s)
}

fn percent_fa(v: f64) -> String {
    copy::percent(&to_persian_digits(&(v.round() as i64).to_string()))
}

/// The month the dashboard ends at: the one asked for if it is sensible, else this month.
pub fn dashboard_month(asked: Option<i64>, now: i64) -> i64 {
    let current = month_key(now);
    asked
        .filter(|m| *m <= current && *m > current - 12 * 20)
        .unwrap_or(current)
}

/// The supervisors' dashboard for the twelve months ending at `month`.
pub async fn dashboard(db: &Db, month: i64) -> Result<SlaDashboard, AppError> {
    let now = db.now_ms();
    let first = month - DASHBOARD_MONTHS + 1;
    // The independent reads at once, on separate pooled connections.
    let (names, sums, scan, agent_sums, group_sums) = futures::try_join!(
        Names::load(db),
        result_sums(db, first, month),
        open_scan(db, first, month),
        owner_sums(db, Owner::Agent, month),
        owner_sums(db, Owner::Group, month),
    )?;
    let open = scan.now;
    let (by_type_month, agents, groups, calls, disputes) = futures::try_join!(
        type_months(db, &names, sums, &scan.waiting, true),
        owners(db, &names, Owner::Agent, month, agent_sums, &open.by_agent),
        owners(db, &names, Owner::Group, month, group_sums, &open.by_group),
        extra::calls(db, first),
        extra::disputes(db, &names, first, month),
    )?;
    let backlog = names
        .types
        .iter()
        .filter_map(|(id, title)| {
            open.by_type.get(id).map(|n| SlaBacklogRow {
                type_id: *id,
                type_title: title.clone(),
                now: *n,
            })
        })
        .collect();
    let months: Vec<i64> = (first..=month).collect();
    let labels: Vec<String> = months.iter().map(|m| month_label_fa(*m)).collect();
    let mut charts = vec![within_chart("sla-within", &months, &labels, &by_type_month)];
    for (type_id, title) in &names.types {
        let rows: Vec<&SlaTypeMonth> = by_type_month
            .iter()
            .filter(|r| r.type_id == *type_id)
            .collect();
        if rows.is_empty() {
            continue;
        }
        // A month under two policy versions shows the one most results were given under.
        let pick = |m: i64| {
            rows.iter()
                .filter(|r| r.month == m)
                .max_by_key(|r| r.figures.results)
                .map(|r| &r.figures)
        };
        let series = [
            Series {
                label: copy::SLA_MEDIAN.to_string(),
                values: months
                    .iter()
                    .map(|m| pick(*m).and_then(|f| f.median_min).map(|v| v as f64 / 60.0))
                    .collect(),
            },
            Series {
                label: copy::SLA_P90.to_string(),
                values: months
                    .iter()
                    .map(|m| pick(*m).and_then(|f| f.p90_min).map(|v| v as f64 / 60.0))
                    .collect(),
            },
        ];
        let target = names.latest_policy(*type_id).map(|(t, _)| t as f64 / 60.0);
        let chart_title = copy::sla_chart_type_title(title);
        let id = format!("sla-type-{type_id}");
        let svg = bar_chart(&BarChart {
            id: &id,
            title: &chart_title,
            description: copy::SLA_CHART_TYPE_DESC,
            categories: &labels,
            series: &series,
            target: target.map(|t| (t, copy::SLA_TARGET_LINE)),
            max: None,
            format: &hours_fa,
            empty_text: copy::SLA_NO_DATA,
        });
        charts.push(ChartSvg {
            title: chart_title,
            svg,
        });
    }
    let mut choices: Vec<(i64, String)> = (month_key(now) - 23..=month_key(now))
        .rev()
        .map(|m| (m, month_label_fa(m)))
        .collect();
    if !choices.iter().any(|(m, _)| *m == month) {
        choices.push((month, month_label_fa(month)));
    }
    Ok(SlaDashboard {
        month,
        month_label: month_label_fa(month),
        months: choices,
        by_type_month,
        agents,
        groups,
        backlog,
        total_now: open.total,
        charts,
        calls,
        disputes,
        generated_at: now,
    })
}

/// Share of results within target per month, all types together.
fn within_chart(id: &str, months: &[i64], labels: &[String], rows: &[SlaTypeMonth]) -> ChartSvg {
    let values = months
        .iter()
        .map(|m| {
            let (n, w) = rows
                .iter()
                .filter(|r| r.month == *m)
                .fold((0, 0), |(n, w), r| {
                    (n + r.figures.results, w + r.figures.within)
                });
            (n > 0).then(|| w as f64 * 100.0 / n as f64)
        })
        .collect();
    let series = [Series {
        label: copy::SLA_WITHIN.to_string(),
        values,
    }];
    let svg = bar_chart(&BarChart {
        id,
        title: copy::SLA_CHART_WITHIN,
        description: copy::SLA_CHART_WITHIN_DESC,
        categories: labels,
        series: &series,
        target: None,
        max: Some(100.0),
        format: &percent_fa,
        empty_text: copy::SLA_NO_DATA,
    });
    ChartSvg {
        title: copy::SLA_CHART_WITHIN.to_string(),
        svg,
    }
}

/// The public figures, computed at most once a minute per instance, and by one caller at a time:
/// the page needs no login, so a crowd arriving as the figures expire must not become a crowd of
/// report queries.
#[derive(Default)]
pub struct PublicCache {
    figures: Mutex<Option<SlaPublic>>,
    /// Held by the one caller computing the figures.
    refresh: tokio::sync::Mutex<()>,
    /// How many times the figures were computed (each runs the report queries).
    computed: AtomicUsize,
}

impl PublicCache {
    /// How many times this cache has computed the figures.
    pub fn computations(&self) -> usize {
        self.computed.load(Ordering::Relaxed)
    }

    /// The figures held, if still fresh at `now`.
    fn fresh(&self, now: i64) -> Option<SlaPublic> {
        self.held()
            .filter(|f| now - f.generated_at < PUBLIC_CACHE_MS)
    }

    fn held(&self) -> Option<SlaPublic> {
        match self.figures.lock() {
            Ok(f) => f.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }
}

pub async fn public(db: &Db, cache: &PublicCache) -> Result<SlaPublic, AppError> {
    public_at(db, cache, db.now_ms()).await
}

/// The public figures as of `now` (tests pass a later instant to find them expired). While one
/// caller computes them, the others are shown the previous figures, or wait for the new ones
/// when there are none yet.
pub async fn public_at(db: &Db, cache: &PublicCache, now: i64) -> Result<SlaPublic, AppError> {
    if let Some(hit) = cache.fresh(now) {
        return Ok(hit);
    }
    let _computing = match (cache.refresh.try_lock(), cache.held()) {
        (Ok(turn), _) => turn,
        (Err(_), Some(previous)) => return Ok(previous),
        (Err(_), None) => cache.refresh.lock().await,
    };
    // Whoever held the turn meanwhile may have computed them.
    if let Some(hit) = cache.fresh(now) {
        return Ok(hit);
    }
    cache.computed.fetch_add(1, Ordering::Relaxed);
    let fresh = public_figures(db, now).await?;
    match cache.figures.lock() {
        Ok(mut f) => *f = Some(fresh.clone()),
        Err(p) => *p.into_inner() = Some(fresh.clone()),
    }
    Ok(fresh)
}

async fn public_figures(db: &Db, now: i64) -> Result<SlaPublic, AppError> {
    let last = month_key(now);
    let first = last - PUBLIC_MONTHS + 1;
    let names = Names::load(db).await?;
    let active: Vec<(i64, String)> =
        sqlx::query("SELECT id, title FROM request_types WHERE active = 1 ORDER BY sort_order, id")
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("title")?)))
            .collect::<Result<_, AppError>>()?;
    let (sums, scan, disputes) = futures::try_join!(
        result_sums(db, first, last),
        open_scan(db, first, last),
        extra::dispute_months(db, &names, first, last),
    )?;
    let rows = type_months(db, &names, sums, &scan.waiting, false).await?;
    let months: Vec<i64> = (first..=last).collect();
    let types = active
        .into_iter()
        .filter_map(|(type_id, title)| {
            let (target_min, day_minutes) = names.latest_policy(type_id)?;
            let per_month = months
                .iter()
                .map(|m| {
                    rows.iter()
                        .filter(|r| r.type_id == type_id && r.month == *m)
                        .fold(SlaFigures::default(), |acc, r| merge(acc, &r.figures))
                })
                .collect();
            Some(SlaPublicType {
                type_id,
                title,
                target_min,
                day_minutes,
                months: per_month,
                disputes: extra::per_type(&disputes, type_id),
            })
        })
        .collect();
    let labels: Vec<String> = months.iter().map(|m| month_label_fa(*m)).collect();
    Ok(SlaPublic {
        types,
        months: months.iter().copied().zip(labels.iter().cloned()).collect(),
        chart: within_chart("sla-public-within", &months, &labels, &rows),
        generated_at: now,
    })
}

/// Two sets of figures added up (no percentiles: they do not add).
fn merge(a: SlaFigures, b: &SlaFigures) -> SlaFigures {
    let results = a.results + b.results;
    let total = a.avg_min.unwrap_or(0) * a.results + b.avg_min.unwrap_or(0) * b.results;
    SlaFigures {
        results,
        waiting: a.waiting + b.waiting,
        avg_min: (results > 0).then(|| (total + results / 2) / results),
        median_min: None,
        p90_min: None,
        within: a.within + b.within,
        breaches: a.breaches + b.breaches,
    }
}

/// The dashboard as spreadsheet sheets (numbers as numbers, minutes as working minutes).
pub fn sheets(d: &SlaDashboard) -> Vec<Sheet> {
    let opt = |v: Option<i64>| v.map_or(Cell::Empty, Cell::Int);
    let figures = |f: &SlaFigures| {
        vec![
            Cell::Int(f.results),
            Cell::Int(f.waiting),
            opt(f.avg_min),
            opt(f.median_min),
            opt(f.p90_min),
            Cell::Int(f.within),
            opt(f.within_percent()),
            Cell::Int(f.breaches),
        ]
    };
    let figure_headers = copy::SLA_EXPORT_FIGURES.iter().map(|s| s.to_string());
    let by_type = Sheet {
        name: copy::SLA_SHEET_TYPES.to_string(),
        headers: copy::SLA_EXPORT_TYPE_HEAD
            .iter()
            .map(|s| s.to_string())
            .chain(figure_headers.clone())
            .collect(),
        rows: d
            .by_type_month
            .iter()
            .map(|r| {
                let mut row = vec![
                    Cell::Text(r.month_label.clone()),
                    Cell::Text(r.type_title.clone()),
                    Cell::Int(r.policy_version),
                    Cell::Int(r.target_min),
                ];
                row.extend(figures(&r.figures));
                row
            })
            .collect(),
    };
    let owner_sheet = |name: &str, rows: &[SlaOwnerRow]| Sheet {
        name: name.to_string(),
        headers: std::iter::once(copy::SLA_EXPORT_NAME.to_string())
            .chain(figure_headers.clone())
            .chain(copy::SLA_EXPORT_NOW.iter().map(|s| s.to_string()))
            .collect(),
        rows: rows
            .iter()
            .map(|r| {
                let mut row = vec![Cell::Text(r.name.clone())];
                row.extend(figures(&r.figures));
                row.extend([
                    Cell::Int(r.now.open),
                    Cell::Int(r.now.at_risk),
                    Cell::Int(r.now.breached),
                ]);
                row
            })
            .collect(),
    };
    let calls = Sheet {
        name: copy::SLA_SHEET_CALLS.to_string(),
        headers: [
            copy::SLA_CALL,
            copy::CALL_FROM,
            copy::CALL_TO,
            copy::CALL_TAKEN,
        ]
        .iter()
        .map(|s| s.to_string())
        .chain(figure_headers.clone())
        .collect(),
        rows: d
            .calls
            .iter()
            .map(|c| {
                let mut row = vec![
                    Cell::Text(c.title.clone()),
                    Cell::Text(
                        crate::domain::jalali::TehranDateTime::from_unix_millis(c.starts_at)
                            .format_iso(),
                    ),
                    Cell::Text(
                        crate::domain::jalali::TehranDateTime::from_unix_millis(c.ends_at)
                            .format_iso(),
                    ),
                    Cell::Int(c.requests),
                ];
                row.extend(figures(&c.figures));
                row
            })
            .collect(),
    };
    let disputes = Sheet {
        name: copy::SLA_SHEET_DISPUTES.to_string(),
        headers: [
            copy::SLA_MONTH,
            copy::SLA_TYPE,
            copy::SLA_DISPUTES_FILED,
            copy::DISPUTE_STATE_SETTLED,
            copy::DISPUTE_STATE_FINAL,
            copy::SLA_DISPUTES_OPEN,
            copy::SLA_DISPUTES_DAYS,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        rows: d
            .disputes
            .rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(r.month_label.clone()),
                    Cell::Text(r.type_title.clone()),
                    Cell::Int(r.counts.filed),
                    Cell::Int(r.counts.settled),
                    Cell::Int(r.counts.final_view),
                    Cell::Int(r.counts.open),
                    opt(r.avg_days_to_outcome),
                ]
            })
            .collect(),
    };
    vec![
        by_type,
        owner_sheet(copy::SLA_SHEET_AGENTS, &d.agents),
        owner_sheet(copy::SLA_SHEET_GROUPS, &d.groups),
        calls,
        disputes,
    ]
}
