//! The working calendar's administration: hours per weekday, official holidays and ad-hoc
//! closures (for everyone or one group). Every change recomputes the clocks of the open
//! requests at once (only those), and reloads this instance's calendar. The recompute is
//! recorded with the change (`recompute::Job`), so an instance stopping between the two leaves
//! it to be run at the next start or by the scheduler.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use sqlx::Row;

use crate::copy;
use crate::domain::jalali::{JalaliDate, TehranDateTime, Weekday};
use crate::domain::sla::{Calendar, DayHours, hhmm, parse_hhmm};
use crate::server::platform::db::Db;
use crate::server::platform::state::AppState;
use crate::server::sla::recompute::{self, Job};
use crate::wire::AppError;
use crate::wire::{CalendarAdmin, ClosureDto, WeekdayHours};

pub async fn overview(state: &AppState) -> Result<CalendarAdmin, AppError> {
    let db = &state.db;
    let mut weekdays = Vec::with_capacity(7);
    for r in sqlx::query(
        "SELECT weekday, start_minute, end_minute FROM calendar_weekdays ORDER BY weekday",
    )
    .fetch_all(&db.pool)
    .await?
    {
        let day: i64 = r.try_get("weekday")?;
        let start: Option<i64> = r.try_get("start_minute")?;
        let end: Option<i64> = r.try_get("end_minute")?;
        let Some(weekday) = u8::try_from(day).ok().and_then(Weekday::from_index) else {
            continue;
        };
        weekdays.push(WeekdayHours {
            weekday: weekday.index(),
            name: weekday.name_fa().to_string(),
            start: start.map(|m| hhmm(m as u16)).unwrap_or_default(),
            end: end.map(|m| hhmm(m as u16)).unwrap_or_default(),
        });
    }
    let closures = sqlx::query(
        "SELECT c.id, c.jalali, c.reason, c.official, g.name AS group_name FROM calendar_closures c \
         LEFT JOIN staff_groups g ON g.id = c.group_id ORDER BY c.day DESC, c.id",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(ClosureDto {
            id: r.try_get("id")?,
            jalali: r.try_get("jalali")?,
            reason: r.try_get("reason")?,
            official: r.try_get::<i64, _>("official")? == 1,
            group_name: r.try_get("group_name")?,
        })
    })
    .collect::<Result<Vec<_>, AppError>>()?;
    // This year's and next year's official holidays must be entered by hand each year.
    let this_year = TehranDateTime::from_unix_millis(state.db.now_ms())
        .date
        .year;
    let mut years_without_holidays = Vec::new();
    for year in [this_year, this_year + 1] {
        let prefix = format!("{year}/");
        if !closures
            .iter()
            .any(|c| c.official && c.jalali.starts_with(&prefix))
        {
            years_without_holidays.push(year);
        }
    }
    Ok(CalendarAdmin {
        weekdays,
        closures,
        years_without_holidays,
    })
}

/// Sets a weekday's hours; both empty makes it a day off.
pub async fn set_weekday(
    state: &AppState,
    weekday: u8,
    start: &str,
    end: &str,
) -> Result<usize, AppError> {
    let job = commit_weekday(state, weekday, start, end).await?;
    recompute::run_job(state, job).await
}

/// The change of `set_weekday` and the recompute it owes, committed; the caller runs the
/// recompute next (`recompute::run_job`), or, if it stops first, `run_leftover_jobs` will.
pub async fn commit_weekday(
    state: &AppState,
    weekday: u8,
    start: &str,
    end: &str,
) -> Result<Job, AppError> {
    let day = Weekday::from_index(weekday)
        .ok_or_else(|| AppError::validation("weekday", copy::ERR_ITEM_GONE))?;
    let hours = match (start.trim(), end.trim()) {
        ("", "") => None,
        (s, e) => {
            let s = parse_hhmm(s).ok_or_else(|| AppError::validation("start", copy::ERR_HHMM))?;
            let e = parse_hhmm(e).ok_or_else(|| AppError::validation("end", copy::ERR_HHMM))?;
            Some(
                DayHours::new(s, e)
                    .ok_or_else(|| AppError::validation("end", copy::ERR_HOURS_ORDER))?,
            )
        }
    };
    let mut w = state.db.begin_write().await?;
    sqlx::query(
        "UPDATE calendar_weekdays SET start_minute = $1, end_minute = $2 WHERE weekday = $3",
    )
    .bind(hours.map(|h| i64::from(h.start)))
    .bind(hours.map(|h| i64::from(h.end)))
    .bind(i64::from(day.index()))
    .execute(&mut *w.tx)
    .await?;
    let job = recompute::owe_open(&mut w.tx, state.db.now_ms()).await?;
    w.commit().await?;
    Ok(job)
}

/// Closes a day (a holiday or an ad-hoc closure), for everyone or one group.
pub async fn add_closure(
    state: &AppState,
    actor: i64,
    date: &str,
    reason: &str,
    official: bool,
    group_id: Option<i64>,
) -> Result<usize, AppError> {
    let job = commit_closure(state, actor, date, reason, official, group_id).await?;
    recompute::run_job(state, job).await
}

/// The change of `add_closure` and the recompute it owes, committed; the caller runs the
/// recompute next (`recompute::run_job`), or, if it stops first, `run_leftover_jobs` will.
pub async fn commit_closure(
    state: &AppState,
    actor: i64,
    date: &str,
    reason: &str,
    official: bool,
    group_id: Option<i64>,
) -> Result<Job, AppError> {
    let date = JalaliDate::parse(date).map_err(|e| AppError::validation("date", e.message()))?;
    let reason = reason.trim();
    if reason.chars().count() < 2 || reason.chars().count() > 200 {
        return Err(AppError::validation("reason", copy::ERR_CLOSURE_REASON));
    }
    if let Some(g) = group_id {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM staff_groups WHERE id = $1")
            .bind(g)
            .fetch_optional(&state.db.pool)
            .await?;
        exists.ok_or_else(|| AppError::validation("group_id", copy::ERR_ITEM_GONE))?;
    }
    let mut w = state.db.begin_write().await?;
    let taken: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM calendar_closures WHERE day = $1 AND \
         ((group_id IS NULL AND $2 IS NULL) OR group_id = $2)",
    )
    .bind(date.to_days_since_epoch())
    .bind(group_id)
    .fetch_optional(&mut *w.tx)
    .await?;
    if taken.is_some() {
        return Err(AppError::validation("date", copy::ERR_CLOSURE_EXISTS));
    }
    sqlx::query(
        "INSERT INTO calendar_closures (day, jalali, reason, official, group_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(date.to_days_since_epoch())
    .bind(format!("{:04}/{:02}/{:02}", date.year, date.month, date.day))
    .bind(reason)
    .bind(i64::from(official))
    .bind(group_id)
    .bind(actor)
    .bind(state.db.now_ms())
    .execute(&mut *w.tx)
    .await?;
    let job = recompute::owe_day(
        &mut w.tx,
        date.to_days_since_epoch(),
        group_id,
        state.db.now_ms(),
    )
    .await?;
    w.commit().await?;
    Ok(job)
}

/// Opens a closed day again.
pub async fn remove_closure(state: &AppState, id: i64) -> Result<usize, AppError> {
    let job = commit_reopening(state, id).await?;
    recompute::run_job(state, job).await
}

/// The change of `remove_closure` and the recompute it owes, committed; the caller runs the
/// recompute next (`recompute::run_job`), or, if it stops first, `run_leftover_jobs` will.
pub async fn commit_reopening(state: &AppState, id: i64) -> Result<Job, AppError> {
    let mut w = state.db.begin_write().await?;
    let Some(removed) =
        sqlx::query("DELETE FROM calendar_closures WHERE id = $1 RETURNING day, group_id")
            .bind(id)
            .fetch_optional(&mut *w.tx)
            .await?
    else {
        return Err(AppError::validation("id", copy::ERR_ITEM_GONE));
    };
    let job = recompute::owe_day(
        &mut w.tx,
        removed.try_get("day")?,
        removed.try_get("group_id")?,
        state.db.now_ms(),
    )
    .await?;
    w.commit().await?;
    Ok(job)
}

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

/// The official holidays (for everyone) of Jalali year `year`: `(YYYY/MM/DD, reason)` in date
/// order. A year outside the calendar's range has none.
pub async fn official_holidays(db: &Db, year: i32) -> Result<Vec<(String, String)>, AppError> {
    let (Some(first), Some(next)) = (
        JalaliDate::new(year, 1, 1),
        JalaliDate::new(year.saturating_add(1), 1, 1),
    ) else {
        return Ok(Vec::new());
    };
    sqlx::query(
        "SELECT jalali, reason FROM calendar_closures \
         WHERE group_id IS NULL AND official = 1 AND day >= $1 AND day < $2 ORDER BY day",
    )
    .bind(first.to_days_since_epoch())
    .bind(next.to_days_since_epoch())
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("jalali")?, r.try_get("reason")?)))
    .collect()
}
