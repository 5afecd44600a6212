//! The SLA clock: working time on the organisation's calendar, in Tehran.
//!
//! The agreement promises an average time from submission to the initial result per request
//! type. A clock counts only working time: the working hours of each weekday, minus official
//! holidays and ad-hoc closures (dated entries, because lunar holidays move every year). It
//! pauses while the request waits for the applicant and stops at the initial result (or at
//! resolution, for the second target).
//!
//! Everything here is arithmetic on UTC instants in milliseconds; Tehran's wall clock is
//! UTC+03:30 (no daylight saving since 1401), so results never depend on the server's zone.
//! Spans of whole weeks are counted at once and closed days are looked up in a sorted set, so
//! nothing walks day by day across a long span.

use std::collections::BTreeSet;

use crate::copy;
use crate::domain::error::FieldError;
use crate::domain::jalali::{MS_PER_DAY, TEHRAN_OFFSET_MS};

pub const MS_PER_MINUTE: i64 = 60_000;
/// Working minutes counted as one working day when a target is set in days (08:00–14:00).
pub const DEFAULT_DAY_MINUTES: i64 = 360;
const MINUTES_PER_DAY: u16 = 1440;

/// Working hours of one weekday, minutes after local midnight, `start < end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DayHours {
    pub start: u16,
    pub end: u16,
}

impl DayHours {
    pub fn new(start: u16, end: u16) -> Option<DayHours> {
        (start < end && end <= MINUTES_PER_DAY).then_some(DayHours { start, end })
    }

    pub fn minutes(&self) -> i64 {
        i64::from(self.end - self.start)
    }

    /// «۰۸:۰۰ تا ۱۴:۰۰».
    pub fn format_fa(&self) -> String {
        use crate::copy::digits::to_persian_digits;
        copy::time_span(
            &to_persian_digits(&hhmm(self.start)),
            &to_persian_digits(&hhmm(self.end)),
        )
    }
}

/// `08:30` for 510.
pub fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Reads `08:30` (Persian digits too) as minutes after midnight; `24:00` is the end of a day.
pub fn parse_hhmm(s: &str) -> Option<u16> {
    let s = crate::copy::digits::fold_digits(s.trim());
    let (h, m) = s.split_once(':')?;
    let (h, m): (u16, u16) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

/// The day number (days since 1970-01-01) of a Tehran calendar date, and the milliseconds since
/// its local midnight, of a UTC instant.
pub fn local_day(ms: i64) -> (i64, i64) {
    let local = ms.saturating_add(TEHRAN_OFFSET_MS);
    (local.div_euclid(MS_PER_DAY), local.rem_euclid(MS_PER_DAY))
}

/// The UTC instant of local midnight starting day `day` in Tehran.
pub fn day_start(day: i64) -> i64 {
    day.saturating_mul(MS_PER_DAY) - TEHRAN_OFFSET_MS
}

/// Saturday-first weekday index (0 = Saturday … 6 = Friday) of a day number.
pub fn weekday_of(day: i64) -> usize {
    // Day 0 (1970-01-01) was a Thursday.
    (day + 5).rem_euclid(7) as usize
}

/// A working calendar: hours per weekday and closed days.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Calendar {
    /// Saturday first; `None` is a day off.
    hours: [Option<DayHours>; 7],
    /// Closed days (holidays, closures) as day numbers.
    closed: BTreeSet<i64>,
    /// Working milliseconds of a full week without closures.
    week_ms: i64,
}

impl Calendar {
    pub fn new(hours: [Option<DayHours>; 7], closed: impl IntoIterator<Item = i64>) -> Calendar {
        let week_ms = hours.iter().flatten().map(|h| h.minutes()).sum::<i64>() * MS_PER_MINUTE;
        Calendar {
            hours,
            closed: closed.into_iter().collect(),
            week_ms,
        }
    }

    /// The same calendar with more closed days (a group's own closures).
    pub fn with_closed(&self, more: impl IntoIterator<Item = i64>) -> Calendar {
        let mut c = self.clone();
        c.closed.extend(more);
        c
    }

    pub fn hours(&self) -> &[Option<DayHours>; 7] {
        &self.hours
    }

    pub fn is_closed(&self, day: i64) -> bool {
        self.closed.contains(&day)
    }

    /// Working interval of a day in ms after its local midnight, if it is a working day.
    fn day_window(&self, day: i64) -> Option<(i64, i64)> {
        if self.closed.contains(&day) {
            return None;
        }
        self.hours[weekday_of(day)].map(|h| {
            (
                i64::from(h.start) * MS_PER_MINUTE,
                i64::from(h.end) * MS_PER_MINUTE,
            )
        })
    }

    fn day_ms(&self, day: i64) -> i64 {
        self.day_window(day).map_or(0, |(s, e)| e - s)
    }

    /// Working ms of day `day` between `from` and `to` ms after its midnight.
    fn within_day(&self, day: i64, from: i64, to: i64) -> i64 {
        match self.day_window(day) {
            Some((s, e)) => (to.min(e) - from.max(s)).max(0),
            None => 0,
        }
    }

    /// Working ms of the whole days `from..to`.
    fn whole_days(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let n = to - from;
        let weeks = n / 7;
        let mut ms = weeks * self.week_ms;
        for day in from + weeks * 7..to {
            ms += self.hours[weekday_of(day)].map_or(0, |h| h.minutes() * MS_PER_MINUTE);
        }
        for &day in self.closed.range(from..to) {
            ms -= self.hours[weekday_of(day)].map_or(0, |h| h.minutes() * MS_PER_MINUTE);
        }
        ms
    }

    /// Working milliseconds in `[a, b)` (0 if `b <= a`).
    pub fn working_ms(&self, a: i64, b: i64) -> i64 {
        if b <= a {
            return 0;
        }
        let (da, ta) = local_day(a);
        let (db, tb) = local_day(b);
        if da == db {
            return self.within_day(da, ta, tb);
        }
        self.within_day(da, ta, MS_PER_DAY)
            + self.whole_days(da + 1, db)
            + self.within_day(db, 0, tb)
    }

    /// The earliest instant by which `n` working milliseconds have passed since `a`; `None` if
    /// the calendar has no working time at all. `n = 0` is `a` itself.
    pub fn add_working(&self, a: i64, n: i64) -> Option<i64> {
        if n <= 0 {
            return Some(a);
        }
        if self.week_ms == 0 {
            return None;
        }
        let (mut day, t) = local_day(a);
        let mut left = n;
        if let Some((s, e)) = self.day_window(day) {
            let from = t.max(s);
            if from < e {
                if left <= e - from {
                    return Some(day_start(day) + from + left);
                }
                left -= e - from;
            }
        }
        day += 1;
        // Skip whole weeks at once: `k` weeks hold at most `k · week` working time, so the
        // answer lies beyond them; closed days inside make the span shorter, and the next round
        // skips on from there (few rounds: closures are few).
        loop {
            let k = (left - 1) / self.week_ms;
            if k == 0 {
                break;
            }
            left -= self.whole_days(day, day + 7 * k);
            day += 7 * k;
        }
        loop {
            let ms = self.day_ms(day);
            if ms > 0 && left <= ms {
                let (s, _) = self.day_window(day)?;
                return Some(day_start(day) + s + left);
            }
            left -= ms;
            day += 1;
        }
    }
}

/// Whether closing day `day`, or opening it again, can change the figures at `now` of a clock
/// that started at `start` and is (under the calendar before the change) due at `due_at`.
///
/// A clock reads the calendar only between its start and the later of `now` and its due time:
/// its elapsed time over its counting spans up to `now` (or its stop), and its warning and due
/// times by counting on from there. So a day that ends before the clock started, or that lies
/// wholly ahead of `now` and begins at or after the due time (or the clock has none: it is
/// paused or stopped), reaches it in neither direction.
pub fn day_reaches(day: i64, now: i64, start: i64, due_at: Option<i64>) -> bool {
    let (from, to) = (day_start(day), day_start(day + 1));
    to > start && (from < now || due_at.is_some_and(|due| due > from))
}

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ClockState {
    /// Counting, below the warning threshold.
    Running,
    /// Counting, past the warning threshold.
    AtRisk,
    /// Waiting for the applicant: not counting.
    Paused,
    /// Past the target (still counting, or stopped late).
    Breached,
    /// Stopped within the target.
    Met,
}

impl ClockState {
    pub fn as_str(self) -> &'static str {
        match self {
            ClockState::Running => "running",
            ClockState::AtRisk => "at_risk",
            ClockState::Paused => "paused",
            ClockState::Breached => "breached",
            ClockState::Met => "met",
        }
    }

    pub fn parse(s: &str) -> Option<ClockState> {
        [
            ClockState::Running,
            ClockState::AtRisk,
            ClockState::Paused,
            ClockState::Breached,
            ClockState::Met,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }

    /// Still counting or waiting to count (not stopped).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ClockState::Running | ClockState::AtRisk | ClockState::Paused
        )
    }

    pub fn label_fa(self) -> &'static str {
        match self {
            ClockState::Running => copy::CLOCK_RUNNING,
            ClockState::AtRisk => copy::CLOCK_AT_RISK,
            ClockState::Paused => copy::CLOCK_PAUSED,
            ClockState::Breached => copy::CLOCK_BREACHED,
            ClockState::Met => copy::CLOCK_MET,
        }
    }
}

/// What a clock needs to know about a request.
#[derive(Debug, Clone, PartialEq)]
pub struct ClockInput {
    /// When the clock starts: submission (for a fee-bearing type, confirmed payment).
    pub start: i64,
    /// Spans in which the clock does not count, in order; the last may be open (`None`).
    pub pauses: Vec<(i64, Option<i64>)>,
    /// When the clock stopped for good, if it did.
    pub stop: Option<i64>,
    /// Target in working milliseconds.
    pub target_ms: i64,
    /// Warning threshold as a percentage of the target (1–100).
    pub warn_percent: u8,
}

/// Working ms after which a clock with this target and warning percent is at risk.
pub fn warn_threshold_ms(target_ms: i64, warn_percent: i64) -> i64 {
    (i128::from(target_ms) * i128::from(warn_percent.clamp(1, 100)) / 100) as i64
}

/// The state of a clock that is counting (neither paused nor stopped) after `elapsed_ms` of
/// working time: the one classification both the clocks and the pages use.
pub fn counting_state(elapsed_ms: i64, target_ms: i64, warn_percent: i64) -> ClockState {
    if elapsed_ms >= target_ms {
        ClockState::Breached
    } else if elapsed_ms >= warn_threshold_ms(target_ms, warn_percent) {
        ClockState::AtRisk
    } else {
        ClockState::Running
    }
}

/// A clock's figures at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub state: ClockState,
    /// Working ms counted up to the stop, or up to `now`.
    pub elapsed_ms: i64,
    /// When the target is (or was) reached if the clock keeps counting; `None` while paused
    /// before the target, or when stopped within it.
    pub due_at: Option<i64>,
    /// When the warning threshold is (or was) reached, likewise.
    pub warn_at: Option<i64>,
}

impl ClockInput {
    /// The counting spans up to `until`, in order.
    fn running_spans(&self, until: i64) -> Vec<(i64, i64)> {
        let mut spans = Vec::new();
        let mut from = self.start;
        for &(p, q) in &self.pauses {
            if p >= until {
                break;
            }
            if p > from {
                spans.push((from, p));
            }
            match q {
                Some(q) => from = from.max(q),
                None => return spans,
            }
        }
        if until > from {
            spans.push((from, until));
        }
        spans
    }

    fn paused_at(&self, t: i64) -> bool {
        self.pauses
            .iter()
            .any(|&(p, q)| p <= t && q.is_none_or(|q| t < q))
    }

    /// The clock at `now`.
    pub fn at(&self, calendar: &Calendar, now: i64) -> Clock {
        let end = self.stop.map_or(now, |s| s.min(now));
        let spans = self.running_spans(end);
        let warn_ms = warn_threshold_ms(self.target_ms, i64::from(self.warn_percent));
        let mut elapsed = 0;
        let mut due_at = None;
        let mut warn_at = None;
        for &(a, b) in &spans {
            let ms = calendar.working_ms(a, b);
            if warn_at.is_none() && elapsed + ms >= warn_ms && warn_ms > 0 {
                warn_at = calendar.add_working(a, warn_ms - elapsed);
            }
            if due_at.is_none() && elapsed + ms >= self.target_ms {
                due_at = calendar.add_working(a, self.target_ms - elapsed);
            }
            elapsed += ms;
        }
        let stopped = self.stop.is_some_and(|s| s <= now);
        let paused = !stopped && self.paused_at(now);
        if !stopped && !paused {
            // Still counting from `now`: the thresholds not reached yet lie ahead.
            if warn_at.is_none() {
                warn_at = calendar.add_working(now, warn_ms - elapsed);
            }
            if due_at.is_none() {
                due_at = calendar.add_working(now, self.target_ms - elapsed);
            }
        }
        let state = if elapsed > self.target_ms || (!stopped && elapsed >= self.target_ms) {
            ClockState::Breached
        } else if stopped {
            ClockState::Met
        } else if paused {
            ClockState::Paused
        } else {
            counting_state(elapsed, self.target_ms, i64::from(self.warn_percent))
        };
        if stopped {
            // A stopped clock is judged by its elapsed time; it falls due no more.
            due_at = None;
            warn_at = None;
        }
        Clock {
            state,
            elapsed_ms: elapsed,
            due_at,
            warn_at,
        }
    }
}

/// A Jalali month as one number, `year * 12 + month - 1`, so months sort and subtract as
/// integers in reports (the month a request was submitted in, Tehran time).
pub fn month_key(ms: i64) -> i64 {
    let d = crate::domain::jalali::TehranDateTime::from_unix_millis(ms).date;
    i64::from(d.year) * 12 + i64::from(d.month) - 1
}

/// The Jalali year and month (1–12) of a month key.
pub fn month_of_key(key: i64) -> (i32, u8) {
    (key.div_euclid(12) as i32, (key.rem_euclid(12) + 1) as u8)
}

/// The instant a month starts: midnight of its first day, Tehran time.
pub fn month_start(key: i64) -> i64 {
    let (year, month) = month_of_key(key);
    let first = crate::domain::jalali::JalaliDate {
        year,
        month,
        day: 1,
    };
    day_start(first.to_days_since_epoch())
}

/// «مهر ۱۴۰۴».
pub fn month_label_fa(key: i64) -> String {
    let (year, month) = month_of_key(key);
    format!(
        "{} {}",
        crate::domain::jalali::month_name_fa(month).unwrap_or(""),
        crate::copy::digits::persian_number(i64::from(year))
    )
}

/// The offset (0-based) of the `percent`-th percentile among `n` sorted values, by nearest
/// rank: the smallest value with at least `percent` % of the values at or below it.
pub fn percentile_offset(n: i64, percent: i64) -> Option<i64> {
    if n <= 0 {
        return None;
    }
    let rank = (n * percent.clamp(1, 100) + 99) / 100;
    Some(rank.clamp(1, n) - 1)
}

/// How a policy's targets were entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TargetUnit {
    Hours,
    Days,
}

impl TargetUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetUnit::Hours => "hours",
            TargetUnit::Days => "days",
        }
    }

    pub fn parse(s: &str) -> Option<TargetUnit> {
        match s.trim() {
            "hours" => Some(TargetUnit::Hours),
            "days" => Some(TargetUnit::Days),
            _ => None,
        }
    }

    /// Working minutes in one unit, with `day_minutes` to a working day.
    pub fn minutes(self, day_minutes: i64) -> i64 {
        match self {
            TargetUnit::Hours => 60,
            TargetUnit::Days => day_minutes,
        }
    }
}

/// An SLA policy as an admin types it (digits in any script).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyForm {
    pub unit: String,
    pub initial: String,
    pub resolution: String,
    pub warn_percent: String,
}

/// A policy that passed validation: targets in working minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidPolicy {
    pub unit: TargetUnit,
    pub initial_minutes: i64,
    pub resolution_minutes: i64,
    pub day_minutes: i64,
    pub warn_percent: i64,
}

impl PolicyForm {
    pub fn validate(&self) -> Result<ValidPolicy, FieldError> {
        let number = |s: &str| {
            crate::copy::digits::fold_digits(s.trim())
                .parse::<i64>()
                .ok()
        };
        let unit = TargetUnit::parse(&self.unit)
            .ok_or_else(|| FieldError::new("unit", copy::ERR_POLICY_UNIT))?;
        let target = |field: &'static str, s: &str| {
            number(s)
                .filter(|n| (1..=1000).contains(n))
                .map(|n| n * unit.minutes(DEFAULT_DAY_MINUTES))
                .ok_or_else(|| FieldError::new(field, copy::ERR_POLICY_TARGET))
        };
        let initial_minutes = target("initial", &self.initial)?;
        let resolution_minutes = target("resolution", &self.resolution)?;
        if resolution_minutes < initial_minutes {
            return Err(FieldError::new("resolution", copy::ERR_POLICY_ORDER));
        }
        let warn_percent = number(&self.warn_percent)
            .filter(|n| (1..=99).contains(n))
            .ok_or_else(|| FieldError::new("warn_percent", copy::ERR_POLICY_WARN))?;
        Ok(ValidPolicy {
            unit,
            initial_minutes,
            resolution_minutes,
            day_minutes: DEFAULT_DAY_MINUTES,
            warn_percent,
        })
    }
}

/// Whole working days a target of `minutes` spans, rounded up (what the catalogue shows).
pub fn days_spanned(minutes: i64, day_minutes: i64) -> i64 {
    let day = day_minutes.max(1);
    ((minutes + day - 1) / day).max(1)
}

/// «۲ روز و ۳ ساعت کاری» for a span of working minutes, with `day_minutes` to a working day.
pub fn format_working_minutes_fa(minutes: i64, day_minutes: i64) -> String {
    use crate::copy::digits::to_persian_digits;
    let m = minutes.abs();
    let day = day_minutes.max(1);
    to_persian_digits(&copy::working_span(m / day, (m % day) / 60, m % 60))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::jalali::{JalaliDate, TehranDateTime};
    use proptest::prelude::*;

    const MIN: i64 = MS_PER_MINUTE;

    #[test]
    fn policy_forms_are_checked_and_turned_into_minutes() {
        let form = |unit: &str, i: &str, r: &str, w: &str| PolicyForm {
            unit: unit.into(),
            initial: i.into(),
            resolution: r.into(),
            warn_percent: w.into(),
        };
        let p = form("hours", "۴", "24", "۷۵").validate().unwrap();
        assert_eq!(
            (p.initial_minutes, p.resolution_minutes, p.warn_percent),
            (240, 1440, 75)
        );
        let p = form("days", "2", "6", "80").validate().unwrap();
        assert_eq!((p.initial_minutes, p.resolution_minutes), (720, 2160));
        assert_eq!(
            form("weeks", "2", "6", "80").validate().unwrap_err().field,
            "unit"
        );
        assert_eq!(
            form("days", "0", "6", "80").validate().unwrap_err().field,
            "initial"
        );
        assert_eq!(
            form("days", "x", "6", "80").validate().unwrap_err().field,
            "initial"
        );
        assert_eq!(
            form("days", "3", "2", "80").validate().unwrap_err().field,
            "resolution"
        );
        assert_eq!(
            form("days", "3", "3", "100").validate().unwrap_err().field,
            "warn_percent"
        );
        assert_eq!(days_spanned(240, 360), 1);
        assert_eq!(days_spanned(720, 360), 2);
        assert_eq!(days_spanned(721, 360), 3);
    }

    #[test]
    fn month_keys_follow_the_jalali_calendar_in_tehran() {
        // 1404/07/01 00:00 Tehran is 2025-09-22 20:30 UTC (the evening before, in UTC).
        let start = TehranDateTime::new(JalaliDate::new(1404, 7, 1).unwrap(), 0, 0, 0)
            .unwrap()
            .to_unix_millis();
        let key = month_key(start);
        assert_eq!(month_of_key(key), (1404, 7));
        assert_eq!(month_key(start - 1), key - 1);
        assert_eq!(month_start(key), start);
        assert_eq!(month_label_fa(key), "مهر ۱۴۰۴");
        // Esfand to Farvardin crosses the year.
        let nowruz = month_start(1404 * 12);
        assert_eq!(month_of_key(month_key(nowruz - 1)), (1403, 12));
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        assert_eq!(percentile_offset(0, 50), None);
        assert_eq!(percentile_offset(1, 50), Some(0));
        assert_eq!(percentile_offset(1, 90), Some(0));
        // Ten values: the median is the 5th, p90 the 9th.
        assert_eq!(percentile_offset(10, 50), Some(4));
        assert_eq!(percentile_offset(10, 90), Some(8));
        // Eleven values: the median is the 6th, p90 the 10th.
        assert_eq!(percentile_offset(11, 50), Some(5));
        assert_eq!(percentile_offset(11, 90), Some(9));
    }

    /// Saturday–Wednesday 08:00–14:00, Thursday and Friday off.
    fn office(closed: &[JalaliDate]) -> Calendar {
        let day = Some(DayHours {
            start: 480,
            end: 840,
        });
        Calendar::new(
            [day, day, day, day, day, None, None],
            closed.iter().map(|d| d.to_days_since_epoch()),
        )
    }

    fn at(y: i32, m: u8, d: u8, hh: u8, mm: u8) -> i64 {
        TehranDateTime::new(JalaliDate::new(y, m, d).unwrap(), hh, mm, 0)
            .unwrap()
            .to_unix_millis()
    }

    fn jd(y: i32, m: u8, d: u8) -> JalaliDate {
        JalaliDate::new(y, m, d).unwrap()
    }

    #[test]
    fn local_days_follow_tehran_midnight() {
        // 1404/01/01 00:00 Tehran is 2025-03-20 20:30 UTC.
        let nowruz = at(1404, 1, 1, 0, 0);
        assert_eq!(local_day(nowruz), (jd(1404, 1, 1).to_days_since_epoch(), 0));
        assert_eq!(
            local_day(nowruz - 1).0,
            jd(1403, 12, 30).to_days_since_epoch()
        );
        assert_eq!(day_start(jd(1404, 1, 1).to_days_since_epoch()), nowruz);
        assert_eq!(weekday_of(jd(1404, 1, 1).to_days_since_epoch()), 6); // a Friday
    }

    #[test]
    fn one_working_day_from_wednesday_afternoon_is_due_on_saturday() {
        // 1404/07/09 is a Wednesday; Thursday closed, Friday off.
        let cal = office(&[]);
        let filed = at(1404, 7, 9, 13, 50);
        assert_eq!(
            weekday_of(local_day(filed).0),
            4,
            "the scenario starts on a Wednesday"
        );
        let due = cal.add_working(filed, 360 * MIN).unwrap();
        assert_eq!(due, at(1404, 7, 12, 13, 50));
        assert_eq!(cal.working_ms(filed, due), 360 * MIN);
    }

    #[test]
    fn a_request_filed_on_28_esfand_1403_crosses_nowruz_and_its_holidays() {
        let holidays = [
            jd(1403, 12, 29),
            jd(1404, 1, 1),
            jd(1404, 1, 2),
            jd(1404, 1, 3),
            jd(1404, 1, 4),
            jd(1404, 1, 11),
            jd(1404, 1, 12),
            jd(1404, 1, 13),
        ];
        let cal = office(&holidays);
        // Tuesday 1403/12/28 at 10:00, three working days (18 h).
        let filed = at(1403, 12, 28, 10, 0);
        let due = cal.add_working(filed, 3 * 360 * MIN).unwrap();
        // 28 Esfand: 4 h. 29 Esfand holiday; 30 Esfand Thursday; 1–4 Farvardin holidays;
        // 5 Farvardin (Tuesday) 6 h, 6 Farvardin (Wednesday) 6 h, 7–8 Thursday/Friday,
        // 9 Farvardin (Saturday) the last 2 h: due at 10:00.
        assert_eq!(due, at(1404, 1, 9, 10, 0));
        assert_eq!(cal.working_ms(filed, due), 3 * 360 * MIN);
        // Without the holidays it would have been due on 1404/01/02.
        assert!(office(&[]).add_working(filed, 3 * 360 * MIN).unwrap() < due);
    }

    #[test]
    fn three_days_waiting_for_the_applicant_are_not_counted() {
        let cal = office(&[]);
        let filed = at(1404, 7, 5, 9, 0); // Saturday
        let input = ClockInput {
            start: filed,
            pauses: vec![(at(1404, 7, 5, 10, 0), Some(at(1404, 7, 8, 10, 0)))],
            stop: None,
            target_ms: 2 * 360 * MIN,
            warn_percent: 75,
        };
        // One hour before the pause; the pause covers Saturday 10:00 to Tuesday 10:00.
        let now = at(1404, 7, 8, 12, 0);
        let clock = input.at(&cal, now);
        assert_eq!(clock.elapsed_ms, 3 * 60 * MIN);
        assert_eq!(clock.state, ClockState::Running);
        // 12 h target, 3 h used: 9 h left from Tuesday 12:00 → Wednesday 14:00 (2 + 6) and
        // Saturday 09:00.
        assert_eq!(clock.due_at, Some(at(1404, 7, 12, 9, 0)));
        // While paused, no due time; the elapsed time holds still.
        let waiting = ClockInput {
            pauses: vec![(at(1404, 7, 5, 10, 0), None)],
            ..input.clone()
        };
        let paused = waiting.at(&cal, at(1404, 7, 8, 12, 0));
        assert_eq!(paused.state, ClockState::Paused);
        assert_eq!(paused.elapsed_ms, 60 * MIN);
        assert_eq!(paused.due_at, None);
    }

    #[test]
    fn a_holiday_added_while_a_request_is_open_moves_its_due_time() {
        let filed = at(1404, 7, 5, 9, 0); // Saturday
        let input = ClockInput {
            start: filed,
            pauses: vec![],
            stop: None,
            target_ms: 2 * 360 * MIN,
            warn_percent: 75,
        };
        let now = at(1404, 7, 5, 11, 0);
        let before = input.at(&office(&[]), now).due_at.unwrap();
        assert_eq!(before, at(1404, 7, 7, 9, 0));
        let after = input.at(&office(&[jd(1404, 7, 6)]), now).due_at.unwrap();
        assert_eq!(after, at(1404, 7, 8, 9, 0));
    }

    #[test]
    fn states_follow_the_thresholds_and_the_stop() {
        let cal = office(&[]);
        let filed = at(1404, 7, 5, 8, 0);
        let input = ClockInput {
            start: filed,
            pauses: vec![],
            stop: None,
            target_ms: 4 * 60 * MIN,
            warn_percent: 75,
        };
        assert_eq!(
            input.at(&cal, at(1404, 7, 5, 9, 0)).state,
            ClockState::Running
        );
        let risk = input.at(&cal, at(1404, 7, 5, 11, 0));
        assert_eq!(risk.state, ClockState::AtRisk);
        assert_eq!(risk.warn_at, Some(at(1404, 7, 5, 11, 0)));
        let late = input.at(&cal, at(1404, 7, 5, 13, 0));
        assert_eq!(late.state, ClockState::Breached);
        assert_eq!(late.due_at, Some(at(1404, 7, 5, 12, 0)));
        let met = ClockInput {
            stop: Some(at(1404, 7, 5, 10, 0)),
            ..input.clone()
        }
        .at(&cal, at(1404, 7, 6, 10, 0));
        assert_eq!((met.state, met.elapsed_ms), (ClockState::Met, 2 * 60 * MIN));
        let stopped_late = ClockInput {
            stop: Some(at(1404, 7, 6, 9, 0)),
            ..input
        }
        .at(&cal, at(1404, 7, 9, 10, 0));
        assert_eq!(stopped_late.state, ClockState::Breached);
        assert_eq!(stopped_late.elapsed_ms, 7 * 60 * MIN);
    }

    #[test]
    fn filed_out_of_hours_starts_at_the_next_working_minute() {
        let cal = office(&[]);
        let friday_night = at(1404, 7, 11, 22, 0);
        assert_eq!(
            cal.add_working(friday_night, 30 * MIN),
            Some(at(1404, 7, 12, 8, 30))
        );
        assert_eq!(cal.add_working(friday_night, 0), Some(friday_night));
    }

    #[test]
    fn a_calendar_without_working_hours_never_comes_due() {
        let cal = Calendar::new([None; 7], []);
        assert_eq!(cal.add_working(0, MIN), None);
        assert_eq!(cal.working_ms(0, 10 * MS_PER_DAY), 0);
    }

    #[test]
    fn hours_read_and_print() {
        assert_eq!(parse_hhmm("08:30"), Some(510));
        assert_eq!(parse_hhmm("۱۴:۰۰"), Some(840));
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        assert_eq!(parse_hhmm("24:30"), None);
        assert_eq!(parse_hhmm("8"), None);
        assert_eq!(
            DayHours::new(480, 840).unwrap().format_fa(),
            "۰۸:۰۰ تا ۱۴:۰۰"
        );
        assert_eq!(DayHours::new(840, 480), None);
        assert_eq!(
            format_working_minutes_fa(360 + 90, 360),
            "۱ روز و ۱ ساعت و ۳۰ دقیقه کاری"
        );
        assert_eq!(format_working_minutes_fa(0, 360), "۰ دقیقه کاری");
    }

    fn calendar_strategy() -> impl Strategy<Value = Calendar> {
        let day = prop_oneof![
            1 => Just(None),
            3 => (0u16..1380, 1u16..600).prop_map(|(s, len)| DayHours::new(s, (s + len).min(1440))),
        ];
        (
            proptest::array::uniform7(day),
            proptest::collection::vec(20_000i64..20_400, 0..40),
        )
            .prop_map(|(hours, closed)| Calendar::new(hours, closed))
    }

    // Instants from 2024-10 to 2025-11, to the millisecond.
    fn instant() -> impl Strategy<Value = i64> {
        1_728_000_000_000i64..1_762_000_000_000
    }

    proptest! {
        #[test]
        fn adding_n_working_minutes_then_measuring_gives_n(
            cal in calendar_strategy(),
            a in instant(),
            n in 0i64..(40 * 24 * 60),
        ) {
            if let Some(b) = cal.add_working(a, n * MIN) {
                prop_assert!(b >= a);
                prop_assert_eq!(cal.working_ms(a, b), n * MIN);
                // It is the earliest such instant: a minute less has not reached n.
                if n > 0 {
                    prop_assert!(cal.working_ms(a, b - MIN) < n * MIN);
                }
            } else {
                prop_assert_eq!(cal.hours().iter().flatten().count(), 0);
            }
        }

        #[test]
        fn working_time_is_additive(
            cal in calendar_strategy(),
            a in instant(),
            d1 in 0i64..(30 * MS_PER_DAY),
            d2 in 0i64..(30 * MS_PER_DAY),
        ) {
            let (b, c) = (a + d1, a + d1 + d2);
            prop_assert_eq!(cal.working_ms(a, c), cal.working_ms(a, b) + cal.working_ms(b, c));
            prop_assert!(cal.working_ms(a, c) <= c - a);
        }

        #[test]
        fn closed_days_are_never_counted(
            cal in calendar_strategy(),
            a in instant(),
            d in 0i64..(60 * MS_PER_DAY),
        ) {
            let b = a + d;
            let (first, _) = local_day(a);
            let (last, _) = local_day(b);
            for day in first..=last {
                if cal.is_closed(day) {
                    let (s, e) = (day_start(day), day_start(day + 1));
                    prop_assert_eq!(cal.working_ms(a.max(s), b.min(e).max(a.max(s))), 0);
                }
            }
        }

        #[test]
        fn pauses_are_never_counted(
            cal in calendar_strategy(),
            start in instant(),
            gaps in proptest::collection::vec((0i64..(5 * MS_PER_DAY), 0i64..(5 * MS_PER_DAY)), 0..5),
            tail in 0i64..(5 * MS_PER_DAY),
        ) {
            let mut pauses = Vec::new();
            let mut t = start;
            let mut counted = 0;
            for (run, pause) in gaps {
                counted += cal.working_ms(t, t + run);
                pauses.push((t + run, Some(t + run + pause)));
                t += run + pause;
            }
            counted += cal.working_ms(t, t + tail);
            let input = ClockInput { start, pauses, stop: None, target_ms: 1_000_000 * MS_PER_DAY, warn_percent: 75 };
            prop_assert_eq!(input.at(&cal, t + tail).elapsed_ms, counted);
        }

        #[test]
        fn a_day_out_of_reach_changes_no_clock_when_closed_or_opened(
            cal in calendar_strategy(),
            start in instant(),
            gaps in proptest::collection::vec((0i64..(3 * MS_PER_DAY), 0i64..(3 * MS_PER_DAY)), 0..3),
            stop_after in proptest::option::of(0i64..(20 * MS_PER_DAY)),
            target_min in 1i64..(10 * 24 * 60),
            later in 0i64..(6 * MS_PER_DAY),
            offset in -4i64..12,
        ) {
            let mut pauses = Vec::new();
            let mut t = start;
            for (run, pause) in gaps {
                pauses.push((t + run, Some(t + run + pause)));
                t += run + pause;
            }
            let input = ClockInput {
                start,
                pauses,
                stop: stop_after.map(|d| start + d),
                target_ms: target_min * MIN,
                warn_percent: 75,
            };
            let now = start + later;
            // A day around `now`, where the clock's counting and its due time lie.
            let day = local_day(now).0 + offset;
            let mut open = cal.clone();
            open.closed.remove(&day);
            let closed = open.with_closed([day]);
            // Closing the day, then opening it again.
            for (before, after) in [(&open, &closed), (&closed, &open)] {
                let clock = input.at(before, now);
                if !day_reaches(day, now, start, clock.due_at) {
                    prop_assert_eq!(input.at(after, now), clock);
                }
            }
        }

        #[test]
        fn a_due_time_is_reached_exactly_at_the_target(
            cal in calendar_strategy(),
            start in instant(),
            target_min in 1i64..(10 * 24 * 60),
            later in 0i64..(3 * MS_PER_DAY),
        ) {
            let input = ClockInput { start, pauses: vec![], stop: None, target_ms: target_min * MIN, warn_percent: 75 };
            let now = start + later;
            let clock = input.at(&cal, now);
            if let Some(due) = clock.due_at {
                prop_assert_eq!(cal.working_ms(start, due), target_min * MIN);
                prop_assert_eq!(clock.state == ClockState::Breached, due <= now);
            }
        }
    }
}
