//! The Jalali (Solar Hijri) calendar and Tehran local time (domain.md, "Jalali").
//!
//! Leap years follow the 33-year arithmetic rule, which matches the official astronomical calendar
//! for every year 1300–1500; the popular 2820-year rule is wrong for 1403/1404 and others.
//!
//! Dates are converted through a day number: days since 1970-01-01 counted as plain calendar days
//! (no time zone involved). Nowruz of any year is found from one anchor Nowruz plus whole 33-year
//! cycles, so every conversion is O(1).

use std::fmt;
use std::str::FromStr;

use crate::copy;
use crate::copy::digits::{fold_digits, persian_number, to_persian_digits};

/// Tehran is UTC+03:30.
///
/// Iran has had no daylight saving time since 1401 (2022). Earlier instants that fell in a DST period
/// (most summers 1370–1384 and 1387–1401) are shown one hour early; this app has no data from then
/// that would need exact local times.
pub const TEHRAN_OFFSET_MINUTES: i64 = 210;

const MS_PER_SECOND: i64 = 1_000;
pub(crate) const MS_PER_DAY: i64 = 86_400_000;
pub(crate) const TEHRAN_OFFSET_MS: i64 = TEHRAN_OFFSET_MINUTES * 60 * MS_PER_SECOND;

/// The Persian name of month `m` (1–12).
pub fn month_name_fa(m: u8) -> Option<&'static str> {
    copy::MONTH_NAMES
        .get(usize::from(m).checked_sub(1)?)
        .copied()
}

const CYCLE_YEARS: i64 = 33;
const LEAP_YEARS_PER_CYCLE: i64 = 8;
const CYCLE_DAYS: i64 = CYCLE_YEARS * 365 + LEAP_YEARS_PER_CYCLE;
/// `year mod 33` of the leap years.
const LEAP_REMAINDERS: [i64; 8] = [1, 5, 9, 13, 17, 22, 26, 30];

/// 1 Farvardin 1400 = 2021-03-21; any Nowruz works as the anchor because the rule is periodic.
const ANCHOR_YEAR: i64 = 1400;
const ANCHOR_NOWRUZ: i64 = days_from_civil(2021, 3, 21);

/// Day numbers are clamped to about ±10 million years so that every intermediate product fits in an
/// i64 and every year fits in an i32; no real input comes near this.
const DAY_LIMIT: i64 = 3_652_425_000;

/// Leap iff `year mod 33 ∈ {1, 5, 9, 13, 17, 22, 26, 30}` (the 33-year rule, not the 2820-year rule).
pub fn is_leap_year(year: i32) -> bool {
    LEAP_REMAINDERS.contains(&i64::from(year).rem_euclid(CYCLE_YEARS))
}

/// 31 for months 1–6, 30 for 7–11, 29 or 30 for Esfand; 0 for a month outside 1–12.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1..=6 => 31,
        7..=11 => 30,
        12 if is_leap_year(year) => 30,
        12 => 29,
        _ => 0,
    }
}

/// 365, or 366 in a leap year.
pub fn days_in_year(year: i32) -> u16 {
    if is_leap_year(year) { 366 } else { 365 }
}

/// Number of leap years in `[0, year)`, extended to negative years so that
/// `leaps_before(y + 1) - leaps_before(y) == is_leap(y)` holds everywhere.
fn leaps_before(year: i64) -> i64 {
    let r = year.rem_euclid(CYCLE_YEARS);
    let partial = LEAP_REMAINDERS.iter().filter(|&&l| l < r).count() as i64;
    year.div_euclid(CYCLE_YEARS) * LEAP_YEARS_PER_CYCLE + partial
}

/// Day number of 1 Farvardin of `year`.
fn nowruz_day(year: i64) -> i64 {
    ANCHOR_NOWRUZ + 365 * (year - ANCHOR_YEAR) + leaps_before(year) - leaps_before(ANCHOR_YEAR)
}

/// The Jalali year containing day number `day`.
fn year_of_day(day: i64) -> i64 {
    // The mean-year estimate is off by at most one year either way, so each loop runs at most twice.
    let mut year = ANCHOR_YEAR + ((day - ANCHOR_NOWRUZ) * CYCLE_YEARS).div_euclid(CYCLE_DAYS);
    while nowruz_day(year) > day {
        year -= 1;
    }
    while nowruz_day(year + 1) <= day {
        year += 1;
    }
    year
}

/// Day number of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
const fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Proleptic Gregorian date of a day number (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    // Both narrowings are bounded by the algorithm: day 1..=31, month 1..=12.
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn gregorian_days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// The day of the week; the Iranian week starts on Saturday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    Saturday = 0,
    Sunday = 1,
    Monday = 2,
    Tuesday = 3,
    Wednesday = 4,
    Thursday = 5,
    Friday = 6,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Saturday,
        Weekday::Sunday,
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
    ];

    /// 0 for Saturday … 6 for Friday.
    pub fn index(self) -> u8 {
        self as u8
    }

    pub fn from_index(i: u8) -> Option<Weekday> {
        Weekday::ALL.get(usize::from(i)).copied()
    }

    pub fn name_fa(self) -> &'static str {
        match self {
            Weekday::Saturday => copy::WEEKDAY_SATURDAY,
            Weekday::Sunday => copy::WEEKDAY_SUNDAY,
            Weekday::Monday => copy::WEEKDAY_MONDAY,
            Weekday::Tuesday => copy::WEEKDAY_TUESDAY,
            Weekday::Wednesday => copy::WEEKDAY_WEDNESDAY,
            Weekday::Thursday => copy::WEEKDAY_THURSDAY,
            Weekday::Friday => copy::WEEKDAY_FRIDAY,
        }
    }
}

/// A Jalali calendar date.
///
/// The fields are public for pattern matching; build values through [`JalaliDate::new`] or a
/// conversion so that they are valid. Field order makes the derived ordering chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JalaliDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl JalaliDate {
    /// A date, if it exists in the calendar (e.g. 30 Esfand only in leap years).
    pub fn new(year: i32, month: u8, day: u8) -> Option<JalaliDate> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(JalaliDate { year, month, day })
    }

    /// Same as the module-level [`is_leap_year`].
    pub fn is_leap_year(year: i32) -> bool {
        is_leap_year(year)
    }

    /// Same as the module-level [`days_in_month`].
    pub fn days_in_month(year: i32, month: u8) -> u8 {
        days_in_month(year, month)
    }

    /// The date of day number `days` (days since 1970-01-01 as calendar days, no time zone).
    pub fn from_days_since_epoch(days: i64) -> JalaliDate {
        let days = days.clamp(-DAY_LIMIT, DAY_LIMIT);
        let year = year_of_day(days);
        let day_of_year = days - nowruz_day(year);
        // 0..=365 by construction of `year_of_day`, and the first six months have 31 days.
        let (month, day) = if day_of_year < 186 {
            (day_of_year / 31 + 1, day_of_year % 31 + 1)
        } else {
            let rest = day_of_year - 186;
            (rest / 30 + 7, rest % 30 + 1)
        };
        JalaliDate {
            year: year as i32,
            month: month as u8,
            day: day as u8,
        }
    }

    /// The day number of this date; inverse of [`JalaliDate::from_days_since_epoch`].
    pub fn to_days_since_epoch(&self) -> i64 {
        let month = i64::from(self.month);
        let before_month = if month <= 7 {
            (month - 1) * 31
        } else {
            186 + (month - 7) * 30
        };
        nowruz_day(i64::from(self.year)) + before_month + i64::from(self.day) - 1
    }

    /// Converts a proleptic Gregorian date. A day past the end of its month rolls into the next
    /// month and a month outside 1–12 is clamped; use [`JalaliDate::try_from_gregorian`] for input
    /// that has not been validated.
    pub fn from_gregorian(year: i32, month: u8, day: u8) -> JalaliDate {
        let month = month.clamp(1, 12);
        JalaliDate::from_days_since_epoch(days_from_civil(
            i64::from(year),
            i64::from(month),
            i64::from(day),
        ))
    }

    /// Converts a Gregorian date, or `None` if that date does not exist.
    pub fn try_from_gregorian(year: i32, month: u8, day: u8) -> Option<JalaliDate> {
        (day >= 1 && day <= gregorian_days_in_month(year, month))
            .then(|| JalaliDate::from_gregorian(year, month, day))
    }

    /// The proleptic Gregorian `(year, month, day)` of this date.
    pub fn to_gregorian(&self) -> (i32, u8, u8) {
        let (year, month, day) = civil_from_days(self.to_days_since_epoch());
        (year as i32, month, day)
    }

    /// The date `n` days later (earlier for negative `n`).
    pub fn add_days(&self, n: i64) -> JalaliDate {
        JalaliDate::from_days_since_epoch(self.to_days_since_epoch().saturating_add(n))
    }

    pub fn weekday(&self) -> Weekday {
        // Day 0 (1970-01-01) was a Thursday, index 5 in a Saturday-first week.
        let index = (self.to_days_since_epoch() + 5).rem_euclid(7);
        Weekday::ALL[index as usize]
    }

    pub fn month_name_fa(&self) -> &'static str {
        month_name_fa(self.month).unwrap_or("")
    }

    /// «۱۴۰۴/۰۱/۰۱»: Persian digits, zero padded.
    pub fn format_date_fa(&self) -> String {
        to_persian_digits(&self.to_string())
    }

    /// «۱ فروردین ۱۴۰۴».
    pub fn format_long_fa(&self) -> String {
        format!(
            "{} {} {}",
            persian_number(i64::from(self.day)),
            self.month_name_fa(),
            persian_number(i64::from(self.year))
        )
    }

    /// Parses «1404/01/01», «۱۴۰۴/۱/۱» or «1404-01-01» (a four-digit year, then month and day of one
    /// or two digits, separated by `/`, `-` or `.`).
    pub fn parse(s: &str) -> Result<JalaliDate, JalaliParseError> {
        let folded = fold_digits(s.trim());
        let mut parts = folded.split(['/', '-', '.']);
        let mut field = |max_len: usize, min_len: usize| -> Result<u32, JalaliParseError> {
            let part = parts.next().ok_or(JalaliParseError::Format)?;
            if part.len() < min_len
                || part.len() > max_len
                || !part.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(JalaliParseError::Format);
            }
            part.parse().map_err(|_| JalaliParseError::Format)
        };
        let year = field(4, 4)?;
        let month = field(2, 1)?;
        let day = field(2, 1)?;
        if parts.next().is_some() {
            return Err(JalaliParseError::Format);
        }
        let (Ok(year), Ok(month), Ok(day)) =
            (i32::try_from(year), u8::try_from(month), u8::try_from(day))
        else {
            return Err(JalaliParseError::Format);
        };
        JalaliDate::new(year, month, day).ok_or(JalaliParseError::NoSuchDate)
    }
}

/// `1404/01/01`: ASCII digits, zero padded.
impl fmt::Display for JalaliDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}/{:02}/{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for JalaliDate {
    type Err = JalaliParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        JalaliDate::parse(s)
    }
}

/// Why a typed Jalali date was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JalaliParseError {
    /// Not of the form year/month/day.
    Format,
    /// Well formed, but the calendar has no such day (e.g. 1404/12/30 or 1404/07/31).
    NoSuchDate,
}

impl JalaliParseError {
    /// What the person is told, from `crate::copy` (`Display` is English, for logs).
    pub fn message(&self) -> &'static str {
        match self {
            JalaliParseError::Format => copy::ERR_DATE_FORMAT,
            JalaliParseError::NoSuchDate => copy::ERR_NO_SUCH_DAY,
        }
    }
}

impl fmt::Display for JalaliParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JalaliParseError::Format => "expected a Jalali date like 1404/01/25",
            JalaliParseError::NoSuchDate => "no such day in the Jalali calendar",
        })
    }
}

impl std::error::Error for JalaliParseError {}

/// A wall-clock time in Tehran, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TehranDateTime {
    pub date: JalaliDate,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl TehranDateTime {
    pub fn new(date: JalaliDate, hour: u8, minute: u8, second: u8) -> Option<TehranDateTime> {
        (hour < 24 && minute < 60 && second < 60).then_some(TehranDateTime {
            date,
            hour,
            minute,
            second,
        })
    }

    /// The Tehran wall-clock time of a UTC instant; milliseconds are truncated towards the past.
    pub fn from_unix_millis(ms: i64) -> TehranDateTime {
        let local = ms.saturating_add(TEHRAN_OFFSET_MS);
        let date = JalaliDate::from_days_since_epoch(local.div_euclid(MS_PER_DAY));
        let second_of_day = local.rem_euclid(MS_PER_DAY) / MS_PER_SECOND;
        // Bounded by 86 399 seconds, so each component fits in a u8.
        TehranDateTime {
            date,
            hour: (second_of_day / 3600) as u8,
            minute: (second_of_day / 60 % 60) as u8,
            second: (second_of_day % 60) as u8,
        }
    }

    /// The UTC instant of this wall-clock time (saturating for absurd years).
    pub fn to_unix_millis(&self) -> i64 {
        let second_of_day =
            i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second);
        self.date
            .to_days_since_epoch()
            .saturating_mul(MS_PER_DAY)
            .saturating_add(second_of_day * MS_PER_SECOND)
            .saturating_sub(TEHRAN_OFFSET_MS)
    }

    pub fn weekday(&self) -> Weekday {
        self.date.weekday()
    }

    /// «۱۴۰۴/۰۱/۰۱ ساعت ۰۹:۰۵».
    pub fn format_fa(&self) -> String {
        copy::date_at_time(
            &self.date.format_date_fa(),
            &to_persian_digits(&format!("{:02}:{:02}", self.hour, self.minute)),
        )
    }

    /// «1404-01-01T09:05»: the Jalali date and Tehran time with ASCII digits, for logs and exports.
    /// It is not ISO 8601 (which is Gregorian): use [`TehranDateTime::iso_utc`] for `<time datetime>`.
    pub fn format_iso(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            self.date.year, self.date.month, self.date.day, self.hour, self.minute
        )
    }

    /// The Gregorian ISO 8601 UTC form of this instant, `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn iso_utc(&self) -> String {
        unix_millis_to_iso_utc(self.to_unix_millis())
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` (Gregorian, UTC) of a Unix instant, for HTML `<time datetime>`.
pub fn unix_millis_to_iso_utc(ms: i64) -> String {
    let days = ms.div_euclid(MS_PER_DAY);
    let second_of_day = ms.rem_euclid(MS_PER_DAY) / MS_PER_SECOND;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u8, d: u8) -> JalaliDate {
        JalaliDate::new(y, m, d).unwrap_or_else(|| panic!("{y}/{m}/{d} should exist"))
    }

    /// Data rows of a golden file: the first line is a `#` comment, the second a header.
    /// The header is checked so that a reordered file fails loudly instead of comparing wrong columns.
    fn rows(text: &'static str, header: &str) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
        let mut lines = text.lines().enumerate();
        let comment = lines.next().map(|(_, l)| l).unwrap_or("");
        assert!(comment.starts_with('#'), "first line should be a comment");
        assert_eq!(lines.next().map(|(_, l)| l.trim_end()), Some(header));
        lines
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, l.split('\t').collect()))
    }

    fn gregorian(s: &str) -> (i32, u8, u8) {
        let mut it = s.split('-');
        let mut next = || it.next().unwrap_or_else(|| panic!("bad date {s}"));
        (
            next().parse().expect("year"),
            next().parse().expect("month"),
            next().parse().expect("day"),
        )
    }

    #[test]
    fn golden_dates_convert_both_ways() {
        let text = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/jalali-dates.tsv"
        ));
        let mut count = 0;
        for (line, cols) in rows(text, "gregorian\tjalali\tweekday_sat0") {
            assert_eq!(cols.len(), 3, "line {line}");
            let (gy, gm, gd) = gregorian(cols[0]);
            let j = JalaliDate::parse(cols[1])
                .unwrap_or_else(|e| panic!("line {line}: {} {e}", cols[1]));
            let weekday: u8 = cols[2].parse().expect("weekday");
            assert_eq!(
                JalaliDate::from_gregorian(gy, gm, gd),
                j,
                "line {line}: {} → Jalali",
                cols[0]
            );
            assert_eq!(
                JalaliDate::try_from_gregorian(gy, gm, gd),
                Some(j),
                "line {line}"
            );
            assert_eq!(
                j.to_gregorian(),
                (gy, gm, gd),
                "line {line}: {} → Gregorian",
                cols[1]
            );
            assert_eq!(j.weekday().index(), weekday, "line {line}: weekday");
            assert_eq!(j.to_string(), cols[1], "line {line}: display");
            assert_eq!(
                JalaliDate::from_days_since_epoch(j.to_days_since_epoch()),
                j,
                "line {line}"
            );
            count += 1;
        }
        assert!(count >= 2_000, "only {count} rows read");
    }

    #[test]
    fn golden_nowruz_and_year_lengths() {
        let text = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/jalali-nowruz-1300-1500.tsv"
        ));
        let mut years = Vec::new();
        for (line, cols) in rows(text, "jalali_year\tnowruz_gregorian\tdays_in_year") {
            assert_eq!(cols.len(), 3, "line {line}");
            let year: i32 = cols[0].parse().expect("year");
            let (gy, gm, gd) = gregorian(cols[1]);
            let length: u16 = cols[2].parse().expect("days in year");
            let nowruz = date(year, 1, 1);
            assert_eq!(
                nowruz.to_gregorian(),
                (gy, gm, gd),
                "line {line}: Nowruz {year}"
            );
            assert_eq!(
                JalaliDate::from_gregorian(gy, gm, gd),
                nowruz,
                "line {line}"
            );
            assert_eq!(days_in_year(year), length, "line {line}: length of {year}");
            assert_eq!(is_leap_year(year), length == 366, "line {line}");
            let last = date(year, 12, days_in_month(year, 12));
            assert_eq!(last.add_days(1), date(year + 1, 1, 1), "line {line}");
            assert_eq!(
                date(year + 1, 1, 1).to_days_since_epoch() - nowruz.to_days_since_epoch(),
                i64::from(length),
                "line {line}"
            );
            years.push(year);
        }
        assert_eq!(years, (1300..=1500).collect::<Vec<_>>());
    }

    #[test]
    fn leap_years_follow_the_33_year_rule() {
        assert!(is_leap_year(1403));
        assert!(!is_leap_year(1404));
        assert!(!is_leap_year(1405));
        assert!(!is_leap_year(1406));
        assert!(!is_leap_year(1407));
        assert!(is_leap_year(1408));
        assert!(JalaliDate::is_leap_year(1399));
        assert_eq!(date(1403, 12, 30).to_gregorian(), (2025, 3, 20));
        assert_eq!(JalaliDate::new(1404, 12, 30), None);
        assert_eq!(JalaliDate::days_in_month(1404, 12), 29);
        assert_eq!(date(1404, 1, 1).to_gregorian(), (2025, 3, 21));
        assert_eq!(date(1405, 1, 1).to_gregorian(), (2026, 3, 21));
        assert_eq!(date(1406, 1, 1).to_gregorian(), (2027, 3, 21));
        assert_eq!(date(1407, 1, 1).to_gregorian(), (2028, 3, 20));
    }

    #[test]
    fn validation() {
        assert!(JalaliDate::new(1404, 6, 31).is_some());
        assert!(JalaliDate::new(1404, 7, 31).is_none());
        assert!(JalaliDate::new(1403, 2, 31).is_some());
        assert!(JalaliDate::new(1404, 0, 1).is_none());
        assert!(JalaliDate::new(1404, 13, 1).is_none());
        assert!(JalaliDate::new(1404, 1, 0).is_none());
        assert_eq!(days_in_month(1404, 13), 0);
        assert_eq!(JalaliDate::try_from_gregorian(2025, 2, 29), None);
        assert_eq!(
            JalaliDate::try_from_gregorian(2024, 2, 29),
            Some(date(1402, 12, 10))
        );
        assert_eq!(JalaliDate::try_from_gregorian(2025, 13, 1), None);
    }

    #[test]
    fn day_numbers_round_trip_over_a_wide_range() {
        let mut previous = JalaliDate::from_days_since_epoch(-800_000);
        for day in -799_999..800_000 {
            let d = JalaliDate::from_days_since_epoch(day);
            assert_eq!(d.to_days_since_epoch(), day);
            assert!(JalaliDate::new(d.year, d.month, d.day).is_some(), "{d:?}");
            assert!(d > previous);
            let (gy, gm, gd) = d.to_gregorian();
            assert_eq!(JalaliDate::from_gregorian(gy, gm, gd), d);
            previous = d;
        }
        for day in [-DAY_LIMIT, DAY_LIMIT] {
            assert_eq!(
                JalaliDate::from_days_since_epoch(day).to_days_since_epoch(),
                day
            );
        }
        let _ = JalaliDate::from_days_since_epoch(i64::MAX);
        let _ = JalaliDate::from_days_since_epoch(i64::MIN);
    }

    #[test]
    fn weekdays() {
        assert_eq!(date(1404, 1, 1).weekday(), Weekday::Friday);
        assert_eq!(date(1348, 10, 11).weekday(), Weekday::Thursday);
        assert_eq!(Weekday::Friday.name_fa(), "جمعه");
        assert_eq!(Weekday::from_index(0), Some(Weekday::Saturday));
        assert_eq!(Weekday::from_index(7), None);
        assert_eq!(Weekday::Tuesday.name_fa(), "سه‌شنبه");
    }

    #[test]
    fn formatting() {
        let d = date(1404, 1, 1);
        assert_eq!(d.format_date_fa(), "۱۴۰۴/۰۱/۰۱");
        assert_eq!(d.format_long_fa(), "۱ فروردین ۱۴۰۴");
        assert_eq!(date(1403, 12, 30).format_long_fa(), "۳۰ اسفند ۱۴۰۳");
        assert_eq!(d.to_string(), "1404/01/01");
        assert_eq!(month_name_fa(0), None);
        assert_eq!(month_name_fa(12), Some("اسفند"));
        let t = TehranDateTime::new(d, 9, 5, 7).expect("valid time");
        assert_eq!(t.format_fa(), "۱۴۰۴/۰۱/۰۱ ساعت ۰۹:۰۵");
        assert_eq!(t.format_iso(), "1404-01-01T09:05");
        // 09:05:07 in Tehran is 05:35:07 UTC.
        assert_eq!(t.iso_utc(), "2025-03-21T05:35:07Z");
        assert_eq!(TehranDateTime::new(d, 24, 0, 0), None);
    }

    #[test]
    fn parsing() {
        assert_eq!(JalaliDate::parse("1404/01/01"), Ok(date(1404, 1, 1)));
        assert_eq!(JalaliDate::parse(" ۱۴۰۴/۰۱/۰۱ "), Ok(date(1404, 1, 1)));
        assert_eq!(JalaliDate::parse("١٤٠٣/١٢/٣٠"), Ok(date(1403, 12, 30)));
        assert_eq!(JalaliDate::parse("1404-7-9"), Ok(date(1404, 7, 9)));
        assert_eq!("1404.02.31".parse(), Ok(date(1404, 2, 31)));
        for bad in [
            "",
            "1404",
            "1404/01",
            "04/01/01",
            "1404/001/01",
            "1404/01/01/01",
            "1404/+1/01",
            "1404/a/01",
            "۱۴۰۴ ۰۱ ۰۱",
        ] {
            assert_eq!(
                JalaliDate::parse(bad),
                Err(JalaliParseError::Format),
                "{bad:?}"
            );
        }
        for bad in [
            "1404/12/30",
            "1404/07/31",
            "1404/13/01",
            "1404/00/10",
            "1404/01/00",
        ] {
            assert_eq!(
                JalaliDate::parse(bad),
                Err(JalaliParseError::NoSuchDate),
                "{bad:?}"
            );
        }
        assert!(!JalaliParseError::Format.message().is_empty());
    }

    #[test]
    fn tehran_time() {
        let t = TehranDateTime::from_unix_millis(0);
        assert_eq!(t.date, date(1348, 10, 11));
        assert_eq!((t.hour, t.minute, t.second), (3, 30, 0));
        assert_eq!(t.to_unix_millis(), 0);
        // Before midnight UTC on Nowruz eve is already Nowruz in Tehran.
        let t = TehranDateTime::from_unix_millis(1_742_500_800_000); // 2025-03-20T20:00:00Z
        assert_eq!(t.date, date(1403, 12, 30));
        assert_eq!((t.hour, t.minute), (23, 30));
        let t = TehranDateTime::from_unix_millis(1_742_502_600_000); // 20:30Z
        assert_eq!(t.date, date(1404, 1, 1));
        assert_eq!((t.hour, t.minute, t.second), (0, 0, 0));
        // Milliseconds truncate towards the past, also before 1970.
        let t = TehranDateTime::from_unix_millis(-1);
        assert_eq!((t.hour, t.minute, t.second), (3, 29, 59));
        assert_eq!(t.date, date(1348, 10, 11));
    }

    #[test]
    fn tehran_time_round_trips() {
        let mut ms = -2_000_000_000_000_i64;
        while ms < 4_000_000_000_000 {
            let t = TehranDateTime::from_unix_millis(ms);
            assert_eq!(t.to_unix_millis(), ms, "{ms}");
            assert_eq!(TehranDateTime::from_unix_millis(t.to_unix_millis()), t);
            ms += 7_919_000;
        }
        let _ = TehranDateTime::from_unix_millis(i64::MAX).to_unix_millis();
        let _ = TehranDateTime::from_unix_millis(i64::MIN).to_unix_millis();
    }

    #[test]
    fn iso_utc() {
        assert_eq!(unix_millis_to_iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(unix_millis_to_iso_utc(-1), "1969-12-31T23:59:59Z");
        assert_eq!(
            unix_millis_to_iso_utc(1_742_502_600_123),
            "2025-03-20T20:30:00Z"
        );
        assert_eq!(
            unix_millis_to_iso_utc(951_782_400_000),
            "2000-02-29T00:00:00Z"
        );
    }
}
