//! Calls (فراخوان): a call opens a service's intake for a while. The agreement for a service
//! ends when its call ends: a type that takes requests only within its calls is open exactly
//! while one of them is, from its first instant (inclusive) to its end (exclusive), Tehran time.

use serde::{Deserialize, Serialize};

use super::account::ApplicantKind;

const MS_PER_DAY: i64 = 86_400_000;

/// How a request type takes requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Intake {
    /// Always open.
    Always,
    /// Open only within one of its calls.
    CallsOnly,
}

impl Intake {
    pub fn as_str(self) -> &'static str {
        match self {
            Intake::Always => "always",
            Intake::CallsOnly => "calls",
        }
    }

    pub fn parse(s: &str) -> Option<Intake> {
        [Intake::Always, Intake::CallsOnly]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One call's window and terms, as the filing checks them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// The first instant it takes requests (ms).
    pub starts_at: i64,
    /// The instant it stops (ms): a request at this instant or later is refused.
    pub ends_at: i64,
    /// The applicant kinds it admits (none listed: every kind the type admits).
    pub kinds: Vec<ApplicantKind>,
    /// At most this many requests, the first ones filed.
    pub capacity: Option<i64>,
}

/// Where a call stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Opens at this instant.
    Upcoming { opens_at: i64 },
    /// Takes requests until this instant.
    Open { closes_at: i64 },
    /// Over.
    Ended,
}

/// Why a filing is refused by the calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No call is open now; the next opens at this instant, if one is planned.
    Closed { next_opens_at: Option<i64> },
    /// A call is open, but not for this kind of applicant.
    NotForKind,
    /// The open call has taken as many requests as it may.
    Full,
}

impl Window {
    pub fn phase(&self, now: i64) -> Phase {
        if now < self.starts_at {
            Phase::Upcoming {
                opens_at: self.starts_at,
            }
        } else if now < self.ends_at {
            Phase::Open {
                closes_at: self.ends_at,
            }
        } else {
            Phase::Ended
        }
    }

    pub fn is_open(&self, now: i64) -> bool {
        matches!(self.phase(now), Phase::Open { .. })
    }

    pub fn admits(&self, kind: Option<ApplicantKind>) -> bool {
        self.kinds.is_empty() || kind.is_some_and(|k| self.kinds.contains(&k))
    }

    /// Whether one more request fits, `taken` having been filed in it already.
    pub fn has_room(&self, taken: i64) -> bool {
        self.capacity.is_none_or(|c| taken < c)
    }

    /// Days left, counting the current partial day, when the end is within `days` of `now`
    /// (the countdown shown in a call's last days).
    pub fn countdown_days(&self, now: i64, days: i64) -> Option<i64> {
        let left = self.ends_at - now;
        (self.is_open(now) && left <= days * MS_PER_DAY)
            .then(|| (left + MS_PER_DAY - 1) / MS_PER_DAY)
    }
}

/// Checks a filing against a type's calls: `calls` are its calls with the requests each has
/// taken. Returns the index of the call the request is filed under, or why it is refused.
/// A type whose intake is `Always` is not asked.
pub fn admit(
    calls: &[(Window, i64)],
    kind: Option<ApplicantKind>,
    now: i64,
) -> Result<usize, Refusal> {
    let open: Vec<usize> = (0..calls.len())
        .filter(|&i| calls[i].0.is_open(now))
        .collect();
    if open.is_empty() {
        let next_opens_at = calls
            .iter()
            .map(|(w, _)| w.starts_at)
            .filter(|s| *s > now)
            .min();
        return Err(Refusal::Closed { next_opens_at });
    }
    let for_kind: Vec<usize> = open
        .into_iter()
        .filter(|&i| calls[i].0.admits(kind))
        .collect();
    if for_kind.is_empty() {
        return Err(Refusal::NotForKind);
    }
    // Of the open calls for this applicant, the first with room (the one ending soonest).
    let mut with_room: Vec<usize> = for_kind
        .into_iter()
        .filter(|&i| calls[i].0.has_room(calls[i].1))
        .collect();
    with_room.sort_by_key(|&i| (calls[i].0.ends_at, i));
    with_room.first().copied().ok_or(Refusal::Full)
}

/// Days before a call's end from which its countdown is shown.
pub const COUNTDOWN_DAYS: i64 = 7;

/// A type's intake as someone sees it at an instant (an applicant of a kind, or a visitor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IntakeStatus {
    /// Always open.
    Always,
    /// Open now, under the call at `call` (an index into the calls given), until `closes_at`.
    Open {
        call: usize,
        closes_at: i64,
        /// The countdown in its last days.
        days_left: Option<i64>,
        /// Places left when it has a capacity.
        places_left: Option<i64>,
    },
    /// Closed now; the next call opens at this instant.
    Upcoming { call: usize, opens_at: i64 },
    /// Closed, and no call is planned.
    NonePlanned,
    /// Open, but not for this applicant's kind.
    NotForKind,
    /// Open, but its places are taken.
    Full,
}

impl IntakeStatus {
    /// Whether a filing would be taken now.
    pub fn is_open(&self) -> bool {
        matches!(self, IntakeStatus::Always | IntakeStatus::Open { .. })
    }
}

/// Where a type's intake stands for an applicant of `kind` (`None`: a visitor, who sees a
/// call open whichever kinds it admits).
pub fn status(
    intake: Intake,
    calls: &[(Window, i64)],
    kind: Option<ApplicantKind>,
    now: i64,
) -> IntakeStatus {
    if intake == Intake::Always {
        return IntakeStatus::Always;
    }
    let as_seen: Vec<(Window, i64)> = calls
        .iter()
        .map(|(w, taken)| {
            let mut w = w.clone();
            if kind.is_none() {
                w.kinds.clear();
            }
            (w, *taken)
        })
        .collect();
    match admit(&as_seen, kind, now) {
        Ok(i) => {
            let (w, taken) = &calls[i];
            IntakeStatus::Open {
                call: i,
                closes_at: w.ends_at,
                days_left: w.countdown_days(now, COUNTDOWN_DAYS),
                places_left: w.capacity.map(|c| (c - taken).max(0)),
            }
        }
        Err(Refusal::Closed {
            next_opens_at: Some(at),
        }) => IntakeStatus::Upcoming {
            call: calls
                .iter()
                .position(|(w, _)| w.starts_at == at)
                .unwrap_or_default(),
            opens_at: at,
        },
        Err(Refusal::Closed {
            next_opens_at: None,
        }) => IntakeStatus::NonePlanned,
        Err(Refusal::NotForKind) => IntakeStatus::NotForKind,
        Err(Refusal::Full) => IntakeStatus::Full,
    }
}

/// An instant as an admin enters it: a Jalali date and a Tehran time `HH:MM` (digits of
/// either script). An empty time is the day's start, or, for an end (`end_of_day`), the next
/// day's start: a call ending on a day takes requests to that day's last second.
pub fn parse_instant(date: &str, time: &str, end_of_day: bool) -> Option<i64> {
    use super::jalali::{JalaliDate, TehranDateTime};
    let date = JalaliDate::parse(date).ok()?;
    let time = time.trim();
    if time.is_empty() {
        let day = if end_of_day { date.add_days(1) } else { date };
        return TehranDateTime::new(day, 0, 0, 0).map(|t| t.to_unix_millis());
    }
    let minutes = super::sla::parse_hhmm(time)?;
    // 24:00 is the next day's start.
    let date = date.add_days(i64::from(minutes / 1440));
    let minutes = minutes % 1440;
    TehranDateTime::new(date, (minutes / 60) as u8, (minutes % 60) as u8, 0)
        .map(|t| t.to_unix_millis())
}

/// Validates a call's terms as an admin enters them.
pub fn check(starts_at: i64, ends_at: i64, capacity: Option<i64>) -> Result<(), CallError> {
    if ends_at <= starts_at {
        return Err(CallError::EndsBeforeStart);
    }
    if capacity.is_some_and(|c| c < 1) {
        return Err(CallError::Capacity);
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallError {
    EndsBeforeStart,
    Capacity,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::jalali::{JalaliDate, TehranDateTime};

    fn at(y: i32, m: u8, d: u8, h: u8, min: u8, s: u8) -> i64 {
        TehranDateTime::new(JalaliDate::new(y, m, d).expect("a date"), h, min, s)
            .expect("a time")
            .to_unix_millis()
    }

    fn window(kinds: Vec<ApplicantKind>, capacity: Option<i64>) -> Window {
        Window {
            starts_at: at(1405, 6, 1, 8, 0, 0),
            ends_at: at(1405, 6, 31, 23, 59, 59) + 1_000,
            kinds,
            capacity,
        }
    }

    #[test]
    fn open_from_its_first_instant_to_its_end_exclusive_in_tehran_time() {
        let w = window(vec![], None);
        assert_eq!(
            w.phase(at(1405, 6, 1, 7, 59, 59)),
            Phase::Upcoming {
                opens_at: w.starts_at
            }
        );
        assert!(w.is_open(at(1405, 6, 1, 8, 0, 0)));
        assert!(w.is_open(at(1405, 6, 31, 23, 59, 59)));
        // One second after the end (00:00:00 of 1 Mehr, Tehran): over.
        assert_eq!(w.phase(at(1405, 7, 1, 0, 0, 0)), Phase::Ended);
        assert!(!w.is_open(w.ends_at));
        assert!(w.is_open(w.ends_at - 1));
        // Tehran is UTC+3:30: the end is 20:30:00 UTC (on 22 September 2026).
        assert_eq!(
            crate::domain::jalali::unix_millis_to_iso_utc(w.ends_at),
            "2026-09-22T20:30:00Z"
        );
    }

    #[test]
    fn kinds_and_capacity() {
        let w = window(vec![ApplicantKind::Student], Some(100));
        assert!(w.admits(Some(ApplicantKind::Student)));
        assert!(!w.admits(Some(ApplicantKind::Graduate)));
        assert!(!w.admits(None));
        assert!(window(vec![], None).admits(Some(ApplicantKind::Institution)));
        assert!(w.has_room(99));
        assert!(!w.has_room(100));
        assert!(window(vec![], None).has_room(i64::MAX - 1));
    }

    #[test]
    fn admit_says_why_not() {
        let now = at(1405, 6, 10, 12, 0, 0);
        let open = window(vec![ApplicantKind::Student], Some(2));
        let mut later = window(vec![], None);
        later.starts_at = at(1405, 8, 1, 8, 0, 0);
        later.ends_at = at(1405, 8, 15, 0, 0, 0);
        let calls = vec![(open.clone(), 0), (later.clone(), 0)];
        assert_eq!(admit(&calls, Some(ApplicantKind::Student), now), Ok(0));
        assert_eq!(
            admit(&calls, Some(ApplicantKind::Graduate), now),
            Err(Refusal::NotForKind)
        );
        let full = vec![(open.clone(), 2), (later.clone(), 0)];
        assert_eq!(
            admit(&full, Some(ApplicantKind::Student), now),
            Err(Refusal::Full)
        );
        let after = at(1405, 7, 5, 0, 0, 0);
        assert_eq!(
            admit(&calls, Some(ApplicantKind::Student), after),
            Err(Refusal::Closed {
                next_opens_at: Some(later.starts_at)
            })
        );
        assert_eq!(
            admit(&calls, None, at(1405, 9, 1, 0, 0, 0)),
            Err(Refusal::Closed {
                next_opens_at: None
            })
        );
    }

    #[test]
    fn of_two_open_calls_the_one_ending_first_with_room() {
        let now = at(1405, 6, 10, 12, 0, 0);
        let mut long = window(vec![], None);
        long.ends_at = at(1405, 9, 1, 0, 0, 0);
        let short = window(vec![], Some(1));
        assert_eq!(
            admit(&[(long.clone(), 0), (short.clone(), 0)], None, now),
            Ok(1)
        );
        assert_eq!(admit(&[(long, 0), (short, 1)], None, now), Ok(0));
    }

    #[test]
    fn countdown_in_the_last_days() {
        let w = window(vec![], None);
        assert_eq!(w.countdown_days(at(1405, 6, 20, 0, 0, 0), 7), None);
        assert_eq!(w.countdown_days(at(1405, 6, 25, 0, 0, 0), 7), Some(7));
        assert_eq!(w.countdown_days(at(1405, 6, 31, 12, 0, 0), 7), Some(1));
        assert_eq!(w.countdown_days(w.ends_at, 7), None);
    }

    #[test]
    fn terms_are_checked() {
        assert_eq!(check(10, 10, None), Err(CallError::EndsBeforeStart));
        assert_eq!(check(10, 20, Some(0)), Err(CallError::Capacity));
        assert_eq!(check(10, 20, Some(1)), Ok(()));
        assert_eq!(Intake::parse("calls"), Some(Intake::CallsOnly));
        assert_eq!(Intake::parse(Intake::Always.as_str()), Some(Intake::Always));
    }

    #[test]
    fn intake_as_applicants_and_visitors_see_it() {
        let now = at(1405, 6, 25, 12, 0, 0);
        let open = window(vec![ApplicantKind::Student], Some(10));
        let mut later = window(vec![], None);
        later.starts_at = at(1405, 8, 1, 8, 0, 0);
        later.ends_at = at(1405, 8, 15, 0, 0, 0);
        let calls = vec![(open.clone(), 4), (later.clone(), 0)];
        assert_eq!(
            status(Intake::Always, &calls, None, now),
            IntakeStatus::Always
        );
        let shown = IntakeStatus::Open {
            call: 0,
            closes_at: open.ends_at,
            days_left: Some(7),
            places_left: Some(6),
        };
        assert_eq!(
            status(Intake::CallsOnly, &calls, Some(ApplicantKind::Student), now),
            shown
        );
        // A visitor sees it open; a graduate sees it is not for them.
        assert_eq!(status(Intake::CallsOnly, &calls, None, now), shown);
        assert_eq!(
            status(
                Intake::CallsOnly,
                &calls,
                Some(ApplicantKind::Graduate),
                now
            ),
            IntakeStatus::NotForKind
        );
        assert_eq!(
            status(Intake::CallsOnly, &[(open, 10)], None, now),
            IntakeStatus::Full
        );
        assert_eq!(
            status(Intake::CallsOnly, &calls, None, at(1405, 7, 2, 0, 0, 0)),
            IntakeStatus::Upcoming {
                call: 1,
                opens_at: later.starts_at
            }
        );
        assert_eq!(
            status(Intake::CallsOnly, &[], None, now),
            IntakeStatus::NonePlanned
        );
        assert!(!IntakeStatus::NonePlanned.is_open());
    }

    #[test]
    fn instants_as_admins_enter_them() {
        assert_eq!(
            parse_instant("۱۴۰۵/۰۶/۰۱", "۰۸:۰۰", false),
            Some(at(1405, 6, 1, 8, 0, 0))
        );
        assert_eq!(
            parse_instant("1405/06/01", "", false),
            Some(at(1405, 6, 1, 0, 0, 0))
        );
        // An end day without a time takes requests to its last second.
        assert_eq!(
            parse_instant("1405/06/31", "", true),
            Some(at(1405, 6, 31, 23, 59, 59) + 1_000)
        );
        assert_eq!(
            parse_instant("1405/06/31", "24:00", true),
            parse_instant("1405/06/31", "", true)
        );
        assert_eq!(parse_instant("1405/06/32", "", true), None);
        assert_eq!(parse_instant("1405/06/01", "25:00", false), None);
    }
}
