//! The lifecycle of a support request.
//!
//! Every rule lives in `transition`: an exhaustive match on (status, event), so adding a status or
//! an event makes the compiler point at each place that needs a decision. The string values of
//! `as_str` are stored in the database and must never change. A fee-bearing request starts
//! awaiting its payment and reaches staff only once the money is confirmed; left unpaid, it is
//! cancelled. The disputed states come with the dispute work.

use std::fmt;

use crate::copy;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Filed for a fee that is not paid yet: staff do not see it and its clocks do not run.
    AwaitingPayment,
    /// Submitted; nobody has taken it yet.
    New,
    /// Given to an agent who has not started yet.
    Assigned,
    /// An agent is working on it, or the applicant answered a question.
    InProgress,
    /// Staff asked the applicant for information; the SLA clock pauses here.
    WaitingApplicant,
    /// Staff answered; the applicant may follow up.
    Answered,
    /// Staff consider the problem solved; the applicant may rate, reply or reopen.
    Resolved,
    Closed,
    /// Never paid (or withdrawn before paying): it never reached staff, and nothing reopens it.
    Cancelled,
}

impl RequestStatus {
    /// Every status, in lifecycle order; `parse` and the tests are driven by this list.
    pub const ALL: [RequestStatus; 9] = [
        RequestStatus::AwaitingPayment,
        RequestStatus::New,
        RequestStatus::Assigned,
        RequestStatus::InProgress,
        RequestStatus::WaitingApplicant,
        RequestStatus::Answered,
        RequestStatus::Resolved,
        RequestStatus::Closed,
        RequestStatus::Cancelled,
    ];

    /// The stable database value.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::AwaitingPayment => "awaiting_payment",
            RequestStatus::New => "new",
            RequestStatus::Assigned => "assigned",
            RequestStatus::InProgress => "in_progress",
            RequestStatus::WaitingApplicant => "waiting_applicant",
            RequestStatus::Answered => "answered",
            RequestStatus::Resolved => "resolved",
            RequestStatus::Closed => "closed",
            RequestStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The label staff see.
    pub fn label_fa(self) -> &'static str {
        match self {
            RequestStatus::AwaitingPayment => copy::STATUS_AWAITING_PAYMENT,
            RequestStatus::New => copy::STATUS_NEW,
            RequestStatus::Assigned => copy::STATUS_ASSIGNED,
            RequestStatus::InProgress => copy::STATUS_IN_PROGRESS,
            RequestStatus::WaitingApplicant => copy::STATUS_WAITING_APPLICANT,
            RequestStatus::Answered => copy::STATUS_ANSWERED,
            RequestStatus::Resolved => copy::STATUS_RESOLVED,
            RequestStatus::Closed => copy::STATUS_CLOSED,
            RequestStatus::Cancelled => copy::STATUS_CANCELLED,
        }
    }

    /// The label the applicant sees: the same words, except where the applicant must act.
    pub fn applicant_label_fa(self) -> &'static str {
        match self {
            RequestStatus::WaitingApplicant => copy::STATUS_WAITING_FOR_YOU,
            // Who works on it is staff business; to the applicant it is being looked at.
            RequestStatus::Assigned => copy::STATUS_IN_PROGRESS,
            other => other.label_fa(),
        }
    }

    /// Whether the request is in play for staff (filed and paid, neither resolved nor closed):
    /// the staff queue's default view.
    pub fn is_active(self) -> bool {
        match self {
            RequestStatus::New
            | RequestStatus::Assigned
            | RequestStatus::InProgress
            | RequestStatus::WaitingApplicant
            | RequestStatus::Answered => true,
            RequestStatus::AwaitingPayment
            | RequestStatus::Resolved
            | RequestStatus::Closed
            | RequestStatus::Cancelled => false,
        }
    }

    /// Whether the request still asks something of someone: in play for staff, or waiting for
    /// the applicant's payment (the applicant's "open" list).
    pub fn is_open_for_applicant(self) -> bool {
        self.is_active() || self == RequestStatus::AwaitingPayment
    }

    /// Whether staff work on it at all: a request waiting for its fee, or cancelled unpaid,
    /// never reached them.
    pub fn reached_staff(self) -> bool {
        !matches!(
            self,
            RequestStatus::AwaitingPayment | RequestStatus::Cancelled
        )
    }

    /// Whether it is the staff's turn to act.
    pub fn awaits_staff(self) -> bool {
        match self {
            RequestStatus::New | RequestStatus::Assigned | RequestStatus::InProgress => true,
            RequestStatus::AwaitingPayment
            | RequestStatus::WaitingApplicant
            | RequestStatus::Answered
            | RequestStatus::Resolved
            | RequestStatus::Closed
            | RequestStatus::Cancelled => false,
        }
    }

    /// Whether the applicant may rate the outcome.
    pub fn may_rate(self) -> bool {
        matches!(self, RequestStatus::Resolved | RequestStatus::Closed)
    }
}

impl fmt::Display for RequestStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who causes an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    Applicant,
    /// An agent, supervisor or admin.
    Staff,
    /// Scheduled jobs and automatic rules (round-robin assignment, auto-close).
    System,
}

impl Actor {
    pub const ALL: [Actor; 3] = [Actor::Applicant, Actor::Staff, Actor::System];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestEvent {
    /// Given to an agent (by hand or by round-robin).
    Assigned,
    /// An agent starts working on the request.
    StaffOpened,
    /// An agent posts a public answer.
    StaffReplied,
    /// An agent asks the applicant for information.
    StaffAskedApplicant,
    /// The applicant adds a message or information.
    ApplicantReplied,
    /// An agent marks the problem solved.
    Resolved,
    Closed,
    /// Back into work after resolution or closing (the reopening window is checked by the caller
    /// with [`may_reopen`], because it depends on time).
    Reopened,
    /// The fee was confirmed by the gateway's verification: the request is filed for real.
    PaymentConfirmed,
    /// Left unpaid past its time (or withdrawn by the applicant before paying).
    PaymentLapsed,
}

impl RequestEvent {
    pub const ALL: [RequestEvent; 10] = [
        RequestEvent::Assigned,
        RequestEvent::StaffOpened,
        RequestEvent::StaffReplied,
        RequestEvent::StaffAskedApplicant,
        RequestEvent::ApplicantReplied,
        RequestEvent::Resolved,
        RequestEvent::Closed,
        RequestEvent::Reopened,
        RequestEvent::PaymentConfirmed,
        RequestEvent::PaymentLapsed,
    ];

    /// Whether `actor` may cause this event at all, whatever the status. Ownership (an applicant
    /// closing only their own request) is checked by the caller, which knows who owns what.
    pub fn allowed_for(self, actor: Actor) -> bool {
        match self {
            RequestEvent::Assigned => actor != Actor::Applicant,
            // A system message (an automatic acknowledgement) is not a staff answer, so System
            // cannot stand in for an agent here.
            RequestEvent::StaffOpened
            | RequestEvent::StaffReplied
            | RequestEvent::StaffAskedApplicant
            | RequestEvent::Resolved => actor == Actor::Staff,
            RequestEvent::ApplicantReplied => actor == Actor::Applicant,
            RequestEvent::Closed => true,
            RequestEvent::Reopened => actor != Actor::System,
            // Only the verification of a payment confirms it, never a person's word.
            RequestEvent::PaymentConfirmed => actor == Actor::System,
            RequestEvent::PaymentLapsed => actor != Actor::Staff,
        }
    }
}

/// Why a transition was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransitionError {
    /// This actor may never cause this event.
    ActorNotAllowed { event: RequestEvent, actor: Actor },
    /// The request is closed and accepts nothing but reopening.
    RequestClosed,
    /// The event makes no sense in this status.
    NotAllowed {
        from: RequestStatus,
        event: RequestEvent,
    },
}

impl TransitionError {
    /// What the person is told, from `crate::copy` (`Display` is English, for logs).
    pub fn message(&self) -> &'static str {
        match self {
            TransitionError::ActorNotAllowed { .. } => copy::ERR_NOT_YOURS_TO_DO,
            TransitionError::RequestClosed => copy::ERR_REQUEST_CLOSED,
            TransitionError::NotAllowed { .. } => copy::ERR_NOT_IN_THIS_STATUS,
        }
    }
}

impl fmt::Display for TransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransitionError::ActorNotAllowed { event, actor } => {
                write!(f, "{actor:?} may not cause {event:?}")
            }
            TransitionError::RequestClosed => f.write_str("request is closed"),
            TransitionError::NotAllowed { from, event } => {
                write!(f, "{event:?} is not allowed in status {from}")
            }
        }
    }
}

impl std::error::Error for TransitionError {}

/// The status after `event`, or why it is refused.
pub fn transition(
    from: RequestStatus,
    event: RequestEvent,
    actor: Actor,
) -> Result<RequestStatus, TransitionError> {
    use RequestEvent as E;
    use RequestStatus as S;

    if !event.allowed_for(actor) {
        return Err(TransitionError::ActorNotAllowed { event, actor });
    }
    match (from, event) {
        // Before its fee is paid a request can only be paid or lapse (closing it withdraws it).
        (S::AwaitingPayment, E::PaymentConfirmed) => Ok(S::New),
        (S::AwaitingPayment, E::PaymentLapsed | E::Closed) => Ok(S::Cancelled),
        (S::AwaitingPayment, _) => Err(TransitionError::NotAllowed { from, event }),
        (S::Cancelled, _) => Err(TransitionError::RequestClosed),

        (S::Resolved | S::Closed, E::Reopened) => Ok(S::InProgress),
        (S::Closed, _) => Err(TransitionError::RequestClosed),
        (_, E::PaymentConfirmed | E::PaymentLapsed) => {
            Err(TransitionError::NotAllowed { from, event })
        }

        // Assignment names who works on it; it moves only a new request.
        (S::New | S::Assigned, E::Assigned) => Ok(S::Assigned),
        (S::InProgress | S::WaitingApplicant | S::Answered | S::Resolved, E::Assigned) => Ok(from),

        (S::New | S::Assigned, E::StaffOpened) => Ok(S::InProgress),

        (
            S::New | S::Assigned | S::InProgress | S::WaitingApplicant | S::Answered,
            E::StaffReplied,
        ) => Ok(S::Answered),
        // A follow-up after resolution (a correction, a document) leaves it resolved.
        (S::Resolved, E::StaffReplied) => Ok(S::Resolved),
        (
            S::New | S::Assigned | S::InProgress | S::WaitingApplicant | S::Answered,
            E::StaffAskedApplicant,
        ) => Ok(S::WaitingApplicant),

        // Extra information on a pending request leaves it where it is; an answer to a question,
        // a follow-up to an answer, or disagreeing with a resolution puts it back into work.
        (S::New | S::Assigned | S::InProgress, E::ApplicantReplied) => Ok(from),
        (S::WaitingApplicant | S::Answered | S::Resolved, E::ApplicantReplied) => Ok(S::InProgress),

        (S::New | S::Assigned | S::InProgress | S::WaitingApplicant | S::Answered, E::Resolved) => {
            Ok(S::Resolved)
        }
        (
            S::New | S::Assigned | S::InProgress | S::WaitingApplicant | S::Answered | S::Resolved,
            E::Closed,
        ) => Ok(S::Closed),

        // Most likely a stale page: starting work twice, resolving twice, asking after resolution.
        (S::InProgress | S::WaitingApplicant | S::Answered | S::Resolved, E::StaffOpened)
        | (S::Resolved, E::StaffAskedApplicant | E::Resolved)
        | (S::New | S::Assigned | S::InProgress | S::WaitingApplicant | S::Answered, E::Reopened) => {
            Err(TransitionError::NotAllowed { from, event })
        }
    }
}

/// Whether an applicant may still reopen a request closed at `closed_at` (unix ms): within
/// `window_days` days. Staff may always reopen; a resolved (not yet closed) request may always be.
pub fn may_reopen(
    actor: Actor,
    status: RequestStatus,
    closed_at: Option<i64>,
    now: i64,
    window_days: i64,
) -> bool {
    match (actor, status) {
        (Actor::Staff, RequestStatus::Resolved | RequestStatus::Closed) => true,
        (Actor::Applicant, RequestStatus::Resolved) => true,
        (Actor::Applicant, RequestStatus::Closed) => {
            closed_at.is_some_and(|at| now.saturating_sub(at) <= window_days * 86_400_000)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Actor::{Applicant, Staff, System};
    use RequestEvent as E;
    use RequestStatus::*;

    const OPEN: [RequestStatus; 5] = [New, Assigned, InProgress, WaitingApplicant, Answered];

    /// The expected result of every (from, event, actor), written independently of `transition`.
    fn expected(from: RequestStatus, event: RequestEvent, actor: Actor) -> Option<RequestStatus> {
        if !event.allowed_for(actor) {
            return None;
        }
        let open = OPEN.contains(&from);
        if from == AwaitingPayment {
            return match event {
                E::PaymentConfirmed => Some(New),
                E::PaymentLapsed | E::Closed => Some(Cancelled),
                _ => None,
            };
        }
        if from == Cancelled {
            return None;
        }
        match event {
            E::PaymentConfirmed | E::PaymentLapsed => None,
            E::Reopened => matches!(from, Resolved | Closed).then_some(InProgress),
            _ if from == Closed => None,
            E::Assigned => Some(if matches!(from, New | Assigned) {
                Assigned
            } else {
                from
            }),
            E::StaffOpened => matches!(from, New | Assigned).then_some(InProgress),
            E::StaffReplied => Some(if from == Resolved { Resolved } else { Answered }),
            E::StaffAskedApplicant => open.then_some(WaitingApplicant),
            E::ApplicantReplied => Some(if matches!(from, New | Assigned | InProgress) {
                from
            } else {
                InProgress
            }),
            E::Resolved => open.then_some(Resolved),
            E::Closed => Some(RequestStatus::Closed),
        }
    }

    #[test]
    fn every_triple_matches_the_rules() {
        let mut checked = 0;
        for from in RequestStatus::ALL {
            for event in RequestEvent::ALL {
                for actor in Actor::ALL {
                    let got = transition(from, event, actor);
                    match expected(from, event, actor) {
                        Some(to) => assert_eq!(got, Ok(to), "{from:?} {event:?} {actor:?}"),
                        None => assert!(got.is_err(), "{from:?} {event:?} {actor:?} → {got:?}"),
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 9 * 10 * 3);
    }

    #[test]
    fn who_may_do_what() {
        assert!(!E::StaffReplied.allowed_for(Applicant));
        assert!(!E::StaffOpened.allowed_for(System));
        assert!(!E::ApplicantReplied.allowed_for(Staff));
        assert!(E::Assigned.allowed_for(System));
        assert!(!E::Assigned.allowed_for(Applicant));
        assert!(!E::Reopened.allowed_for(System));
        assert!(E::Closed.allowed_for(Applicant));
        assert_eq!(
            transition(New, E::StaffReplied, Applicant),
            Err(TransitionError::ActorNotAllowed {
                event: E::StaffReplied,
                actor: Applicant
            })
        );
        for event in RequestEvent::ALL {
            for actor in Actor::ALL {
                if event.allowed_for(actor) && event != E::Reopened {
                    assert_eq!(
                        transition(Closed, event, actor),
                        Err(TransitionError::RequestClosed)
                    );
                }
            }
        }
        assert_eq!(
            transition(InProgress, E::StaffOpened, Staff),
            Err(TransitionError::NotAllowed {
                from: InProgress,
                event: E::StaffOpened
            })
        );
    }

    #[test]
    fn the_reopening_window() {
        let day = 86_400_000;
        let closed = 1_000 * day;
        assert!(may_reopen(
            Applicant,
            Closed,
            Some(closed),
            closed + 7 * day,
            7
        ));
        assert!(!may_reopen(
            Applicant,
            Closed,
            Some(closed),
            closed + 7 * day + 1,
            7
        ));
        assert!(!may_reopen(Applicant, Closed, None, closed, 7));
        assert!(may_reopen(Applicant, Resolved, None, closed, 0));
        assert!(may_reopen(Staff, Closed, Some(0), closed, 0));
        assert!(!may_reopen(System, Closed, Some(closed), closed, 7));
        for st in OPEN {
            assert!(!may_reopen(Applicant, st, None, 0, 7));
            assert!(!may_reopen(Staff, st, None, 0, 7));
        }
    }

    #[test]
    fn statuses_round_trip_through_their_db_values() {
        for st in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(st.as_str()), Some(st));
            assert!(!st.label_fa().is_empty());
            assert!(!st.applicant_label_fa().is_empty());
            assert_eq!(st.is_active(), OPEN.contains(&st));
            if st.awaits_staff() {
                assert!(st.is_active());
            }
        }
        assert_eq!(
            RequestStatus::ALL.map(RequestStatus::as_str),
            [
                "awaiting_payment",
                "new",
                "assigned",
                "in_progress",
                "waiting_applicant",
                "answered",
                "resolved",
                "closed",
                "cancelled"
            ]
        );
        // Awaiting the fee: open for its applicant, not yet anyone's work.
        assert!(AwaitingPayment.is_open_for_applicant() && !AwaitingPayment.is_active());
        assert!(!AwaitingPayment.reached_staff() && !Cancelled.reached_staff());
        assert!(New.reached_staff() && Closed.reached_staff());
        assert!(!Cancelled.is_open_for_applicant());
        assert_eq!(RequestStatus::parse("In_Progress"), None);
        assert_eq!(RequestStatus::parse(""), None);
        assert_eq!(WaitingApplicant.applicant_label_fa(), "منتظر پاسخ شما");
    }

    #[test]
    fn error_messages() {
        let errors = [
            TransitionError::ActorNotAllowed {
                event: E::StaffReplied,
                actor: Applicant,
            },
            TransitionError::RequestClosed,
            TransitionError::NotAllowed {
                from: Answered,
                event: E::StaffOpened,
            },
        ];
        for e in errors {
            assert!(e.message().ends_with('.'));
            assert!(!e.to_string().is_empty());
        }
    }
}
