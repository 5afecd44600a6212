//! The lifecycle of a support request.
//!
//! Every rule lives in `transition`: an exhaustive match on (status, event), so adding a status or
//! an event makes the compiler point at each place that needs a decision. The string values of
//! `as_str` are stored in the database and must never change.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Submitted; no agent has acted yet.
    New,
    /// An agent is working on it, or the applicant replied to an answer.
    InProgress,
    /// Staff answered; the ball is in the applicant's court.
    Answered,
    Closed,
}

impl RequestStatus {
    /// Every status, in lifecycle order; `parse` and the tests are driven by this list.
    pub const ALL: [RequestStatus; 4] = [
        RequestStatus::New,
        RequestStatus::InProgress,
        RequestStatus::Answered,
        RequestStatus::Closed,
    ];

    /// The stable database value.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::New => "new",
            RequestStatus::InProgress => "in_progress",
            RequestStatus::Answered => "answered",
            RequestStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn label_fa(self) -> &'static str {
        match self {
            RequestStatus::New => "جدید",
            RequestStatus::InProgress => "در حال بررسی",
            RequestStatus::Answered => "پاسخ داده شده",
            RequestStatus::Closed => "بسته شده",
        }
    }

    /// Whether the request still needs someone to act (anything but closed).
    pub fn is_open(self) -> bool {
        match self {
            RequestStatus::New | RequestStatus::InProgress | RequestStatus::Answered => true,
            RequestStatus::Closed => false,
        }
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
    /// Scheduled jobs, e.g. closing requests left unanswered by the applicant.
    System,
}

impl Actor {
    pub const ALL: [Actor; 3] = [Actor::Applicant, Actor::Staff, Actor::System];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestEvent {
    /// An agent starts working on the request.
    StaffOpened,
    /// An agent posts a public answer.
    StaffReplied,
    /// The applicant adds a message or information.
    ApplicantReplied,
    Closed,
}

impl RequestEvent {
    pub const ALL: [RequestEvent; 4] = [
        RequestEvent::StaffOpened,
        RequestEvent::StaffReplied,
        RequestEvent::ApplicantReplied,
        RequestEvent::Closed,
    ];

    /// Whether `actor` may cause this event at all, whatever the status. Ownership (an applicant
    /// closing only their own request) is checked by the caller, which knows who owns what.
    pub fn allowed_for(self, actor: Actor) -> bool {
        match self {
            // A system message (an automatic acknowledgement) is not a staff answer, so System
            // cannot stand in for an agent here.
            RequestEvent::StaffOpened | RequestEvent::StaffReplied => actor == Actor::Staff,
            RequestEvent::ApplicantReplied => actor == Actor::Applicant,
            RequestEvent::Closed => true,
        }
    }
}

/// Why a transition was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransitionError {
    /// This actor may never cause this event.
    ActorNotAllowed { event: RequestEvent, actor: Actor },
    /// The request is closed and accepts nothing.
    RequestClosed,
    /// The event makes no sense in this status.
    NotAllowed {
        from: RequestStatus,
        event: RequestEvent,
    },
}

impl TransitionError {
    pub fn message_fa(&self) -> &'static str {
        match self {
            TransitionError::ActorNotAllowed { .. } => "شما اجازهٔ انجام این کار را ندارید.",
            TransitionError::RequestClosed => {
                "این درخواست بسته شده است؛ اگر هنوز به کمک نیاز دارید، لطفاً درخواست تازه‌ای ثبت کنید."
            }
            TransitionError::NotAllowed { .. } => "این کار در وضعیت فعلی درخواست امکان‌پذیر نیست.",
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
        // Reopening is a separate, later rule; until then a closed request is final.
        (S::Closed, _) => Err(TransitionError::RequestClosed),

        (S::New, E::StaffOpened) => Ok(S::InProgress),
        (S::New | S::InProgress, E::StaffReplied) => Ok(S::Answered),
        // A follow-up answer (a correction, an attachment) does not change who has to act next.
        (S::Answered, E::StaffReplied) => Ok(S::Answered),
        (S::Answered, E::ApplicantReplied) => Ok(S::InProgress),
        // Extra information from the applicant leaves a pending request where it is.
        (S::New | S::InProgress, E::ApplicantReplied) => Ok(from),
        (S::New | S::InProgress | S::Answered, E::Closed) => Ok(S::Closed),

        // Starting work twice, or on an answered request, is most likely a stale page.
        (S::InProgress | S::Answered, E::StaffOpened) => {
            Err(TransitionError::NotAllowed { from, event })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Actor::{Applicant, Staff, System};
    use RequestEvent::*;
    use RequestStatus::*;

    /// Every allowed (from, event, actor) and its result; every triple not listed must be refused.
    const ALLOWED: &[(RequestStatus, RequestEvent, Actor, RequestStatus)] = &[
        (New, StaffOpened, Staff, InProgress),
        (New, StaffReplied, Staff, Answered),
        (New, ApplicantReplied, Applicant, New),
        (New, RequestEvent::Closed, Staff, RequestStatus::Closed),
        (New, RequestEvent::Closed, Applicant, RequestStatus::Closed),
        (New, RequestEvent::Closed, System, RequestStatus::Closed),
        (InProgress, StaffReplied, Staff, Answered),
        (InProgress, ApplicantReplied, Applicant, InProgress),
        (
            InProgress,
            RequestEvent::Closed,
            Staff,
            RequestStatus::Closed,
        ),
        (
            InProgress,
            RequestEvent::Closed,
            Applicant,
            RequestStatus::Closed,
        ),
        (
            InProgress,
            RequestEvent::Closed,
            System,
            RequestStatus::Closed,
        ),
        (Answered, StaffReplied, Staff, Answered),
        (Answered, ApplicantReplied, Applicant, InProgress),
        (Answered, RequestEvent::Closed, Staff, RequestStatus::Closed),
        (
            Answered,
            RequestEvent::Closed,
            Applicant,
            RequestStatus::Closed,
        ),
        (
            Answered,
            RequestEvent::Closed,
            System,
            RequestStatus::Closed,
        ),
    ];

    fn expected(from: RequestStatus, event: RequestEvent, actor: Actor) -> Option<RequestStatus> {
        ALLOWED
            .iter()
            .find(|(f, e, a, _)| (*f, *e, *a) == (from, event, actor))
            .map(|&(_, _, _, to)| to)
    }

    #[test]
    fn every_triple_matches_the_table() {
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
        assert_eq!(checked, 4 * 4 * 3);
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(
            transition(New, StaffReplied, Applicant),
            Err(TransitionError::ActorNotAllowed {
                event: StaffReplied,
                actor: Applicant
            })
        );
        assert_eq!(
            transition(New, StaffOpened, System),
            Err(TransitionError::ActorNotAllowed {
                event: StaffOpened,
                actor: System
            })
        );
        assert_eq!(
            transition(Answered, ApplicantReplied, Staff),
            Err(TransitionError::ActorNotAllowed {
                event: ApplicantReplied,
                actor: Staff
            })
        );
        for event in RequestEvent::ALL {
            for actor in Actor::ALL {
                if event.allowed_for(actor) {
                    assert_eq!(
                        transition(RequestStatus::Closed, event, actor),
                        Err(TransitionError::RequestClosed)
                    );
                }
            }
        }
        assert_eq!(
            transition(InProgress, StaffOpened, Staff),
            Err(TransitionError::NotAllowed {
                from: InProgress,
                event: StaffOpened
            })
        );
    }

    #[test]
    fn statuses_round_trip_through_their_db_values() {
        for st in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(st.as_str()), Some(st));
            assert!(!st.label_fa().is_empty());
            assert_eq!(st.is_open(), st != RequestStatus::Closed);
        }
        assert_eq!(
            RequestStatus::ALL.map(RequestStatus::as_str),
            ["new", "in_progress", "answered", "closed"]
        );
        assert_eq!(RequestStatus::parse("In_Progress"), None);
        assert_eq!(RequestStatus::parse(""), None);
        assert_eq!(InProgress.label_fa(), "در حال بررسی");
    }

    #[test]
    fn error_messages() {
        let errors = [
            TransitionError::ActorNotAllowed {
                event: StaffReplied,
                actor: Applicant,
            },
            TransitionError::RequestClosed,
            TransitionError::NotAllowed {
                from: Answered,
                event: StaffOpened,
            },
        ];
        for e in errors {
            assert!(e.message_fa().ends_with('.'));
            assert!(!e.to_string().is_empty());
        }
    }
}
