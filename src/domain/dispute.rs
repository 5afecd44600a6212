//! Disputes (اعتراض و حل اختلاف): the agreement gives the parties one month of negotiation from
//! a dispute's filing; if they have not settled by then, the provider's view is final.
//!
//! The month is a Jalali calendar month in Tehran: filed on 15 Ordibehesht, the negotiation runs
//! to the end of 15 Khordad; from the 31st of a month into a 30-day month, to the end of its last
//! day (and into Esfand, its 29th or, in a leap year, 30th). The whole last day counts.

use serde::{Deserialize, Serialize};

use super::jalali::{JalaliDate, TehranDateTime, days_in_month};

const MS_PER_DAY: i64 = 86_400_000;

/// What the applicant disagrees with, as the agreement names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Subject {
    /// How the agreement is read (تفسیر).
    Interpretation,
    /// How it was carried out (اجرا).
    Execution,
}

impl Subject {
    pub const ALL: [Subject; 2] = [Subject::Interpretation, Subject::Execution];

    pub fn label_fa(self) -> &'static str {
        match self {
            Subject::Interpretation => crate::copy::DISPUTE_SUBJECT_INTERPRETATION,
            Subject::Execution => crate::copy::DISPUTE_SUBJECT_EXECUTION,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Interpretation => "interpretation",
            Subject::Execution => "execution",
        }
    }

    pub fn parse(s: &str) -> Option<Subject> {
        Subject::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a dispute is: open (filed, no one from the provider has written yet), in negotiation,
/// settled by agreement, or closed by the provider's final view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DisputeState {
    Open,
    Negotiating,
    Settled,
    FinalView,
}

impl DisputeState {
    pub const ALL: [DisputeState; 4] = [
        DisputeState::Open,
        DisputeState::Negotiating,
        DisputeState::Settled,
        DisputeState::FinalView,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DisputeState::Open => "open",
            DisputeState::Negotiating => "negotiating",
            DisputeState::Settled => "settled",
            DisputeState::FinalView => "final_view",
        }
    }

    pub fn parse(s: &str) -> Option<DisputeState> {
        DisputeState::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_fa(self) -> &'static str {
        match self {
            DisputeState::Open => crate::copy::DISPUTE_STATE_OPEN,
            DisputeState::Negotiating => crate::copy::DISPUTE_STATE_NEGOTIATING,
            DisputeState::Settled => crate::copy::DISPUTE_STATE_SETTLED,
            DisputeState::FinalView => crate::copy::DISPUTE_STATE_FINAL,
        }
    }

    /// Settled or closed by the final view: nothing more happens, and no new dispute may be
    /// raised on the request.
    pub fn is_closed(self) -> bool {
        matches!(self, DisputeState::Settled | DisputeState::FinalView)
    }
}

/// A step in a dispute's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The provider (the supervisor handling it) writes in the thread: a message or a proposal.
    ProviderWrites,
    /// The applicant writes in the thread.
    ApplicantWrites,
    /// The provider proposes a settlement (which the applicant may accept).
    Propose,
    /// The applicant accepts the standing proposal.
    Accept,
    /// The provider writes its final view (only once the month has passed unsettled).
    FinalView,
}

/// Why a step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepError {
    /// The dispute is settled or has its final view: it is locked.
    Closed,
    /// There is no proposal to accept.
    NoProposal,
    /// The final view comes only after the month of negotiation.
    MonthNotOver,
}

/// The state after `step`, given whether a proposal stands and whether the month is over.
/// Negotiation goes on after the month until the final view is written (the parties may still
/// settle), but the final view is refused before the month ends.
pub fn apply(
    state: DisputeState,
    step: Step,
    has_proposal: bool,
    month_over: bool,
) -> Result<DisputeState, StepError> {
    if state.is_closed() {
        return Err(StepError::Closed);
    }
    match step {
        Step::ProviderWrites | Step::Propose => Ok(DisputeState::Negotiating),
        Step::ApplicantWrites => Ok(state),
        Step::Accept if has_proposal => Ok(DisputeState::Settled),
        Step::Accept => Err(StepError::NoProposal),
        Step::FinalView if month_over => Ok(DisputeState::FinalView),
        Step::FinalView => Err(StepError::MonthNotOver),
    }
}

/// The same day of the month one Jalali month later, or the last day of that month when it is
/// shorter (31 Shahrivar → 30 Mehr; 30 Bahman → 29 Esfand in a common year, 30 in a leap year).
pub fn one_month_after(date: JalaliDate) -> JalaliDate {
    let (year, month) = if date.month == 12 {
        (date.year + 1, 1)
    } else {
        (date.year, date.month + 1)
    };
    let day = date.day.min(days_in_month(year, month));
    JalaliDate { year, month, day }
}

/// When the month of negotiation of a dispute filed at `filed_at` (ms) ends: the end of the
/// Tehran day one month after the filing's day (the instant the next day starts).
pub fn negotiation_ends_at(filed_at: i64) -> i64 {
    let filed = TehranDateTime::from_unix_millis(filed_at).date;
    start_of_day(one_month_after(filed).add_days(1))
}

/// The Tehran day on which the month of negotiation ends (the last day that counts).
pub fn last_day(ends_at: i64) -> JalaliDate {
    TehranDateTime::from_unix_millis(ends_at - 1).date
}

fn start_of_day(date: JalaliDate) -> i64 {
    TehranDateTime {
        date,
        hour: 0,
        minute: 0,
        second: 0,
    }
    .to_unix_millis()
}

/// Whole days left to negotiate at `now`, counting today: 1 on the last day, 0 once it is over.
pub fn days_left(now: i64, ends_at: i64) -> i64 {
    if now >= ends_at {
        return 0;
    }
    let today = TehranDateTime::from_unix_millis(now)
        .date
        .to_days_since_epoch();
    last_day(ends_at).to_days_since_epoch() - today + 1
}

/// The reminders to both parties before the month ends: a week before, and a day before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Reminder {
    WeekBefore,
    DayBefore,
}

impl Reminder {
    pub const ALL: [Reminder; 2] = [Reminder::WeekBefore, Reminder::DayBefore];

    pub fn as_str(self) -> &'static str {
        match self {
            Reminder::WeekBefore => "week_before",
            Reminder::DayBefore => "day_before",
        }
    }

    pub fn parse(s: &str) -> Option<Reminder> {
        Reminder::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The instant it is due: seven days, or one day, before the month ends.
    pub fn due_at(self, ends_at: i64) -> i64 {
        match self {
            Reminder::WeekBefore => ends_at - 7 * MS_PER_DAY,
            Reminder::DayBefore => ends_at - MS_PER_DAY,
        }
    }

    /// The reminder due at `now` that has not been sent (`sent` lists those sent), the later one
    /// first: a dispute filed six days before a deadline gets only the day-before reminder.
    pub fn due(now: i64, ends_at: i64, sent: &[Reminder]) -> Option<Reminder> {
        if now >= ends_at {
            return None;
        }
        [Reminder::DayBefore, Reminder::WeekBefore]
            .into_iter()
            .find(|r| now >= r.due_at(ends_at) && !sent.contains(r))
            .filter(|r| {
                // Once the day-before one is due, the week-before one is stale: skip it.
                *r == Reminder::DayBefore || now < Reminder::DayBefore.due_at(ends_at)
            })
    }
}

/// Whether a dispute may still be raised on a request closed at `closed_at` (ms), `window_days`
/// after closing (the setting, default 30); a request not yet closed (answered or resolved) may
/// always be disputed.
pub fn may_raise(closed_at: Option<i64>, now: i64, window_days: i64) -> bool {
    closed_at.is_none_or(|c| now < c + window_days * MS_PER_DAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> JalaliDate {
        JalaliDate::new(y, m, day).expect("a date")
    }

    fn at(date: JalaliDate, h: u8, min: u8) -> i64 {
        TehranDateTime::new(date, h, min, 0)
            .expect("a time")
            .to_unix_millis()
    }

    #[test]
    fn a_month_is_the_same_day_of_the_next_month() {
        assert_eq!(one_month_after(d(1404, 2, 15)), d(1404, 3, 15));
        assert_eq!(one_month_after(d(1404, 6, 30)), d(1404, 7, 30));
        assert_eq!(one_month_after(d(1404, 11, 1)), d(1404, 12, 1));
    }

    #[test]
    fn from_the_31st_into_a_30_day_month_it_is_the_last_day() {
        assert_eq!(one_month_after(d(1404, 6, 31)), d(1404, 7, 30));
        assert_eq!(one_month_after(d(1404, 5, 31)), d(1404, 6, 31));
    }

    #[test]
    fn into_esfand_of_a_leap_and_a_common_year() {
        // 1403 is a leap year (30 Esfand), 1404 is not (29).
        assert!(JalaliDate::is_leap_year(1403));
        assert!(!JalaliDate::is_leap_year(1404));
        assert_eq!(one_month_after(d(1403, 11, 30)), d(1403, 12, 30));
        assert_eq!(one_month_after(d(1404, 11, 30)), d(1404, 12, 29));
        assert_eq!(one_month_after(d(1404, 11, 29)), d(1404, 12, 29));
    }

    #[test]
    fn across_nowruz_into_the_next_year() {
        assert_eq!(one_month_after(d(1403, 12, 15)), d(1404, 1, 15));
        assert_eq!(one_month_after(d(1403, 12, 30)), d(1404, 1, 30));
        assert_eq!(one_month_after(d(1404, 12, 29)), d(1405, 1, 29));
        // Filed on 1 Farvardin, during the Nowruz holidays: the calendar month still counts.
        assert_eq!(one_month_after(d(1404, 1, 1)), d(1404, 2, 1));
    }

    #[test]
    fn the_whole_last_day_counts_in_tehran_time() {
        let filed = at(d(1404, 2, 15), 10, 30);
        let ends = negotiation_ends_at(filed);
        assert_eq!(ends, at(d(1404, 3, 16), 0, 0));
        assert_eq!(last_day(ends), d(1404, 3, 15));
        // Filed one minute before midnight or just after: the day is Tehran's.
        let late = at(d(1404, 2, 15), 23, 59);
        assert_eq!(last_day(negotiation_ends_at(late)), d(1404, 3, 15));
        let early = at(d(1404, 2, 16), 0, 0);
        assert_eq!(last_day(negotiation_ends_at(early)), d(1404, 3, 16));
        // Over Esfand of a common year into Farvardin.
        let esfand = at(d(1404, 12, 29), 12, 0);
        assert_eq!(last_day(negotiation_ends_at(esfand)), d(1405, 1, 29));
    }

    #[test]
    fn days_left_count_today_and_end_at_zero() {
        let filed = at(d(1404, 2, 15), 10, 0);
        let ends = negotiation_ends_at(filed);
        assert_eq!(days_left(filed, ends), 32); // 15 Ordibehesht to 15 Khordad, both counted
        assert_eq!(days_left(at(d(1404, 3, 15), 0, 0), ends), 1);
        assert_eq!(days_left(at(d(1404, 3, 15), 23, 59), ends), 1);
        assert_eq!(days_left(ends, ends), 0);
        assert_eq!(days_left(ends + 86_400_000, ends), 0);
    }

    #[test]
    fn reminders_a_week_and_a_day_before_each_once() {
        let ends = at(d(1404, 3, 16), 0, 0);
        let week = at(d(1404, 3, 9), 0, 0);
        let day = at(d(1404, 3, 15), 0, 0);
        assert_eq!(Reminder::due(week - 1, ends, &[]), None);
        assert_eq!(Reminder::due(week, ends, &[]), Some(Reminder::WeekBefore));
        assert_eq!(Reminder::due(week + 1, ends, &[Reminder::WeekBefore]), None);
        assert_eq!(
            Reminder::due(day, ends, &[Reminder::WeekBefore]),
            Some(Reminder::DayBefore)
        );
        assert_eq!(
            Reminder::due(day, ends, &[Reminder::WeekBefore, Reminder::DayBefore]),
            None
        );
        // Filed late (or the job was down): only the day-before reminder, never both at once.
        assert_eq!(Reminder::due(day + 5, ends, &[]), Some(Reminder::DayBefore));
        assert_eq!(Reminder::due(day + 5, ends, &[Reminder::DayBefore]), None);
        assert_eq!(Reminder::due(ends, ends, &[]), None);
    }

    #[test]
    fn steps_lock_once_settled_or_final() {
        use DisputeState::*;
        assert_eq!(apply(Open, Step::ApplicantWrites, false, false), Ok(Open));
        assert_eq!(
            apply(Open, Step::ProviderWrites, false, false),
            Ok(Negotiating)
        );
        assert_eq!(apply(Open, Step::Propose, false, false), Ok(Negotiating));
        assert_eq!(
            apply(Negotiating, Step::Accept, false, false),
            Err(StepError::NoProposal)
        );
        assert_eq!(apply(Negotiating, Step::Accept, true, false), Ok(Settled));
        // After the month the parties may still settle, until the final view is written.
        assert_eq!(apply(Negotiating, Step::Accept, true, true), Ok(Settled));
        assert_eq!(
            apply(Negotiating, Step::FinalView, true, false),
            Err(StepError::MonthNotOver)
        );
        assert_eq!(apply(Open, Step::FinalView, false, true), Ok(FinalView));
        for closed in [Settled, FinalView] {
            for step in [
                Step::ProviderWrites,
                Step::ApplicantWrites,
                Step::Propose,
                Step::Accept,
                Step::FinalView,
            ] {
                assert_eq!(apply(closed, step, true, true), Err(StepError::Closed));
            }
        }
    }

    #[test]
    fn a_dispute_may_be_raised_within_the_window_after_closing() {
        let closed = at(d(1404, 2, 1), 12, 0);
        assert!(may_raise(None, closed, 30));
        assert!(may_raise(Some(closed), closed + 29 * MS_PER_DAY, 30));
        assert!(!may_raise(Some(closed), closed + 30 * MS_PER_DAY, 30));
    }

    #[test]
    fn names_round_trip() {
        for s in DisputeState::ALL {
            assert_eq!(DisputeState::parse(s.as_str()), Some(s));
        }
        for s in Subject::ALL {
            assert_eq!(Subject::parse(s.as_str()), Some(s));
        }
        for r in Reminder::ALL {
            assert_eq!(Reminder::parse(r.as_str()), Some(r));
        }
    }
}
