//! The two clocks of a request (initial result and resolution) from its status history: pure.

use crate::domain::request_status::RequestStatus;
use crate::domain::sla::{Calendar, Clock, ClockInput, ClockState, MS_PER_MINUTE};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::jalali::{JalaliDate, TehranDateTime};
    use crate::domain::sla::DayHours;

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
    fn one_classification_for_a_counting_clock() {
        use crate::domain::sla::counting_state;
        let t = 100 * MS_PER_MINUTE;
        assert_eq!(
            counting_state(74 * MS_PER_MINUTE, t, 75),
            ClockState::Running
        );
        assert_eq!(
            counting_state(75 * MS_PER_MINUTE, t, 75),
            ClockState::AtRisk
        );
        assert_eq!(counting_state(t, t, 75), ClockState::Breached);
        // A threshold out of range is read as the clocks read it (1 to 100 per cent).
        assert_eq!(counting_state(0, t, 0), ClockState::Running);
        assert_eq!(counting_state(t - 1, t, 250), ClockState::Running);
    }
}
