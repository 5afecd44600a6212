//! The kinds of entries in a request's append-only history, and how they read in Persian.

use serde::{Deserialize, Serialize};

use crate::copy;
use crate::copy::digits::to_persian_digits;
use crate::domain::request::Priority;
use crate::domain::request_status::RequestStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryKind {
    /// Status change; values are stored status names.
    Status,
    /// Given to an agent; values are names (empty: nobody).
    Assigned,
    /// Values are `Priority::as_i64` numbers.
    Priority,
    /// Moved to another staff group; values are group names.
    Transferred,
    /// Closed as a duplicate; `to` is the tracking code of the request it was merged into.
    Merged,
    /// Another request was merged into this one; `from` is its tracking code.
    MergedFrom,
    TagAdded,
    TagRemoved,
    /// The applicant rated the outcome; `to` is the number of stars.
    Rated,
    /// The fee was paid: `from` is the amount in rials, `to` the gateway's reference.
    Paid,
    /// A payment attempt failed: `to` is the stored failure reason.
    PaymentFailed,
    /// A paid fee was given back: `from` is the amount in rials.
    Refunded,
    /// A step of the request's dispute: `from` and `to` are dispute states (`from` empty when
    /// raised); a proposal keeps the state and says so in `reason`.
    Dispute,
}

impl HistoryKind {
    pub const ALL: [HistoryKind; 13] = [
        HistoryKind::Status,
        HistoryKind::Assigned,
        HistoryKind::Priority,
        HistoryKind::Transferred,
        HistoryKind::Merged,
        HistoryKind::MergedFrom,
        HistoryKind::TagAdded,
        HistoryKind::TagRemoved,
        HistoryKind::Rated,
        HistoryKind::Paid,
        HistoryKind::PaymentFailed,
        HistoryKind::Refunded,
        HistoryKind::Dispute,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HistoryKind::Status => "status",
            HistoryKind::Assigned => "assigned",
            HistoryKind::Priority => "priority",
            HistoryKind::Transferred => "transferred",
            HistoryKind::Merged => "merged",
            HistoryKind::MergedFrom => "merged_from",
            HistoryKind::TagAdded => "tag_added",
            HistoryKind::TagRemoved => "tag_removed",
            HistoryKind::Rated => "rated",
            HistoryKind::Paid => "paid",
            HistoryKind::PaymentFailed => "payment_failed",
            HistoryKind::Refunded => "refunded",
            HistoryKind::Dispute => "dispute",
        }
    }

    pub fn parse(s: &str) -> Option<HistoryKind> {
        HistoryKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether applicants see entries of this kind at all (the store also marks single entries
    /// internal). Who works on a request and how staff organise it is internal.
    pub fn shown_to_applicant(self) -> bool {
        match self {
            HistoryKind::Status
            | HistoryKind::Merged
            | HistoryKind::MergedFrom
            | HistoryKind::Rated
            | HistoryKind::Paid
            | HistoryKind::PaymentFailed
            | HistoryKind::Refunded
            | HistoryKind::Dispute => true,
            HistoryKind::Assigned
            | HistoryKind::Priority
            | HistoryKind::Transferred
            | HistoryKind::TagAdded
            | HistoryKind::TagRemoved => false,
        }
    }
}

/// One history entry in readable Persian. `for_applicant` chooses the applicant's status words.
pub fn describe_fa(
    kind: HistoryKind,
    from: Option<&str>,
    to: Option<&str>,
    for_applicant: bool,
) -> String {
    let status = |v: Option<&str>| {
        v.and_then(RequestStatus::parse)
            .map(|s| {
                if for_applicant {
                    s.applicant_label_fa()
                } else {
                    s.label_fa()
                }
            })
            .unwrap_or("")
    };
    let priority = |v: Option<&str>| {
        v.and_then(Priority::parse)
            .map(Priority::label_fa)
            .unwrap_or("")
    };
    let (from_text, to_text) = (from.unwrap_or(""), to.unwrap_or(""));
    let amount = |v: Option<&str>| v.and_then(|a| a.parse::<i64>().ok()).unwrap_or(0);
    match kind {
        HistoryKind::Status => match from {
            None => copy::HISTORY_FILED.to_string(),
            Some(_) => copy::history_status(status(from), status(to)),
        },
        HistoryKind::Assigned => match to {
            Some(name) if !name.is_empty() => copy::history_assigned(name),
            _ => copy::HISTORY_UNASSIGNED.to_string(),
        },
        HistoryKind::Priority => copy::history_priority(priority(from), priority(to)),
        HistoryKind::Transferred => copy::history_transferred(from_text, to_text),
        HistoryKind::Merged => copy::history_merged_into(&to_persian_digits(to_text)),
        HistoryKind::MergedFrom => copy::history_merged_from(&to_persian_digits(from_text)),
        HistoryKind::TagAdded => copy::history_tag_added(to_text),
        HistoryKind::TagRemoved => copy::history_tag_removed(from_text),
        HistoryKind::Rated => copy::history_rated(&to_persian_digits(to_text)),
        HistoryKind::Paid => copy::history_paid(&copy::rials_figure(amount(from)), to_text),
        HistoryKind::PaymentFailed => copy::history_payment_failed(
            to.and_then(crate::domain::payment::Failure::parse)
                .map_or("", crate::domain::payment::Failure::message),
        ),
        HistoryKind::Refunded => {
            copy::history_refunded(&copy::rials_figure(amount(from)), to == Some("reversed"))
        }
        HistoryKind::Dispute => {
            let state = |v: Option<&str>| {
                v.and_then(crate::domain::dispute::DisputeState::parse)
                    .map_or("", crate::domain::dispute::DisputeState::label_fa)
            };
            match from.filter(|f| !f.is_empty()) {
                None => copy::HISTORY_DISPUTE_RAISED.to_string(),
                Some(_) if from == to => copy::HISTORY_DISPUTE_PROPOSAL.to_string(),
                Some(_) => copy::history_dispute(state(to)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in HistoryKind::ALL {
            assert_eq!(HistoryKind::parse(k.as_str()), Some(k));
            assert!(!describe_fa(k, Some("1"), Some("2"), false).is_empty());
        }
        assert_eq!(HistoryKind::parse("nope"), None);
    }

    #[test]
    fn readable_persian() {
        assert_eq!(
            describe_fa(HistoryKind::Status, None, Some("new"), true),
            "درخواست ثبت شد"
        );
        assert_eq!(
            describe_fa(
                HistoryKind::Status,
                Some("in_progress"),
                Some("waiting_applicant"),
                true
            ),
            "وضعیت از «در حال بررسی» به «منتظر پاسخ شما» تغییر کرد"
        );
        assert_eq!(
            describe_fa(HistoryKind::Priority, Some("1"), Some("3"), false),
            "اولویت از «عادی» به «فوری» تغییر کرد"
        );
        assert_eq!(
            describe_fa(HistoryKind::Rated, None, Some("4"), true),
            "متقاضی به نتیجه ۴ از ۵ امتیاز داد"
        );
        assert!(!HistoryKind::Assigned.shown_to_applicant());
        assert!(HistoryKind::Status.shown_to_applicant());
    }
}
