//! Rules for what an applicant files and what anyone replies.

use serde::{Deserialize, Serialize};

use crate::copy;
use crate::domain::error::FieldError;

pub const SUBJECT_MIN_CHARS: usize = 5;
pub const SUBJECT_MAX_CHARS: usize = 150;
pub const DESCRIPTION_MIN_CHARS: usize = 10;
pub const DESCRIPTION_MAX_CHARS: usize = 10_000;
pub const REPLY_MAX_CHARS: usize = 10_000;

/// A new request as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NewRequestForm {
    pub type_id: String,
    pub subject: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    pub type_id: i64,
    pub subject: String,
    pub description: String,
}

/// Trims the ends and turns Windows line ends into `\n`; the text is otherwise kept as typed.
fn tidy(s: &str) -> String {
    s.replace("\r\n", "\n").trim().to_string()
}

impl NewRequestForm {
    pub fn validate(&self) -> Result<NewRequest, FieldError> {
        let type_id = self
            .type_id
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .ok_or_else(|| FieldError::new("type_id", copy::ERR_REQUEST_TYPE))?;
        let subject = self
            .subject
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let n = subject.chars().count();
        if n < SUBJECT_MIN_CHARS {
            return Err(FieldError::new("subject", copy::ERR_SUBJECT_SHORT));
        }
        if n > SUBJECT_MAX_CHARS {
            return Err(FieldError::new("subject", copy::ERR_SUBJECT_LONG));
        }
        let description = tidy(&self.description);
        let n = description.chars().count();
        if n < DESCRIPTION_MIN_CHARS {
            return Err(FieldError::new("description", copy::ERR_DESCRIPTION_SHORT));
        }
        if n > DESCRIPTION_MAX_CHARS {
            return Err(FieldError::new("description", copy::ERR_DESCRIPTION_LONG));
        }
        Ok(NewRequest {
            type_id,
            subject,
            description,
        })
    }
}

/// Validates a reply body, returning it tidied.
pub fn validate_reply(body: &str) -> Result<String, FieldError> {
    let body = tidy(body);
    if body.is_empty() {
        return Err(FieldError::new("body", copy::ERR_REPLY_EMPTY));
    }
    if body.chars().count() > REPLY_MAX_CHARS {
        return Err(FieldError::new("body", copy::ERR_REPLY_LONG));
    }
    Ok(body)
}

/// What a staff member's message does (an applicant's message is always a public reply).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyMode {
    /// A public answer.
    Answer,
    /// A public question; the request then waits for the applicant.
    Ask,
    /// A public answer that also marks the problem solved.
    Resolve,
    /// An internal note: staff only, never shown to the applicant.
    Note,
}

impl ReplyMode {
    pub const ALL: [ReplyMode; 4] = [
        ReplyMode::Answer,
        ReplyMode::Ask,
        ReplyMode::Resolve,
        ReplyMode::Note,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReplyMode::Answer => "answer",
            ReplyMode::Ask => "ask",
            ReplyMode::Resolve => "resolve",
            ReplyMode::Note => "note",
        }
    }

    /// An absent or empty mode is a public answer (the applicant's form sends none).
    pub fn parse(s: &str) -> Option<ReplyMode> {
        match s.trim() {
            "" => Some(ReplyMode::Answer),
            s => ReplyMode::ALL.into_iter().find(|m| m.as_str() == s),
        }
    }

    pub fn label_fa(self) -> &'static str {
        match self {
            ReplyMode::Answer => copy::REPLY_MODE_ANSWER,
            ReplyMode::Ask => copy::REPLY_MODE_ASK,
            ReplyMode::Resolve => copy::REPLY_MODE_RESOLVE,
            ReplyMode::Note => copy::REPLY_MODE_NOTE,
        }
    }

    pub fn is_internal(self) -> bool {
        self == ReplyMode::Note
    }
}

/// How urgent a request is; stored as 0–3 so lists sort by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Urgent,
    ];

    pub fn as_i64(self) -> i64 {
        match self {
            Priority::Low => 0,
            Priority::Normal => 1,
            Priority::High => 2,
            Priority::Urgent => 3,
        }
    }

    pub fn from_i64(n: i64) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.as_i64() == n)
    }

    pub fn parse(s: &str) -> Option<Priority> {
        s.trim().parse::<i64>().ok().and_then(Priority::from_i64)
    }

    pub fn label_fa(self) -> &'static str {
        match self {
            Priority::Low => copy::PRIORITY_LOW,
            Priority::Normal => copy::PRIORITY_NORMAL,
            Priority::High => copy::PRIORITY_HIGH,
            Priority::Urgent => copy::PRIORITY_URGENT,
        }
    }
}

pub const RATING_COMMENT_MAX_CHARS: usize = 2_000;

/// A rating of a resolved request: 1–5 stars and an optional comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    pub stars: i64,
    pub comment: String,
}

pub fn validate_rating(stars: &str, comment: &str) -> Result<Rating, FieldError> {
    let stars = crate::copy::digits::fold_digits(stars.trim())
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=5).contains(n))
        .ok_or_else(|| FieldError::new("stars", copy::ERR_STARS))?;
    let comment = tidy(comment);
    if comment.chars().count() > RATING_COMMENT_MAX_CHARS {
        return Err(FieldError::new("comment", copy::ERR_RATING_COMMENT_LONG));
    }
    Ok(Rating { stars, comment })
}

pub const REASON_MAX_CHARS: usize = 500;

/// The optional "why" of a change, tidied.
pub fn validate_reason(reason: &str) -> Result<String, FieldError> {
    let reason = tidy(reason);
    if reason.chars().count() > REASON_MAX_CHARS {
        return Err(FieldError::new("reason", copy::ERR_REASON_LONG));
    }
    Ok(reason)
}

/// Whether a request changed since a person last looked at it (`seen`, when they opened it
/// last): for an applicant, one never opened is new once changed after it was filed; for staff,
/// one never opened is new only when it is assigned to them.
pub fn is_new(
    seen: Option<i64>,
    updated_at: i64,
    created_at: i64,
    staff: bool,
    assigned_to_me: bool,
) -> bool {
    match (seen, staff) {
        (Some(seen), _) => updated_at > seen,
        (None, false) => updated_at > created_at,
        (None, true) => assigned_to_me,
    }
}

#[cfg(test)]
mod news_tests {
    use super::is_new;

    #[test]
    fn a_change_after_the_last_look_is_new() {
        assert!(is_new(Some(100), 150, 10, false, false));
        assert!(!is_new(Some(150), 150, 10, false, false));
        assert!(is_new(Some(100), 150, 10, true, false));
    }

    #[test]
    fn never_opened_is_new_to_its_applicant_once_changed_and_to_its_assignee() {
        assert!(!is_new(None, 10, 10, false, false), "just filed");
        assert!(is_new(None, 20, 10, false, false), "answered since");
        assert!(
            !is_new(None, 20, 10, true, false),
            "someone else's in the queue"
        );
        assert!(is_new(None, 10, 10, true, true), "handed to me");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> NewRequestForm {
        NewRequestForm {
            type_id: "3".into(),
            subject: "  کد پیامکی   نمی‌رسد ".into(),
            description: "هنگام ورود به سامانه کد تأیید برای من ارسال نمی‌شود.\r\n".into(),
        }
    }

    #[test]
    fn a_valid_request_is_tidied_but_kept_as_typed() {
        let r = form().validate().expect("valid");
        assert_eq!(r.type_id, 3);
        assert_eq!(r.subject, "کد پیامکی نمی‌رسد");
        assert!(r.description.ends_with("نمی‌شود."));
    }

    #[test]
    fn limits_are_enforced_per_field() {
        let mut f = form();
        f.type_id = "x".into();
        assert_eq!(f.validate().expect_err("type").field, "type_id");
        let mut f = form();
        f.subject = "کد".into();
        assert_eq!(f.validate().expect_err("short").field, "subject");
        let mut f = form();
        f.description = "ا".repeat(DESCRIPTION_MAX_CHARS + 1);
        assert_eq!(f.validate().expect_err("long").field, "description");
        let mut f = form();
        f.description = "ا".repeat(DESCRIPTION_MAX_CHARS);
        assert!(f.validate().is_ok(), "exactly 10,000 characters is allowed");
    }

    #[test]
    fn reply_modes_priorities_and_ratings() {
        for m in ReplyMode::ALL {
            assert_eq!(ReplyMode::parse(m.as_str()), Some(m));
            assert!(!m.label_fa().is_empty());
        }
        assert_eq!(ReplyMode::parse(""), Some(ReplyMode::Answer));
        assert_eq!(ReplyMode::parse("delete"), None);
        assert!(ReplyMode::Note.is_internal() && !ReplyMode::Ask.is_internal());
        for p in Priority::ALL {
            assert_eq!(Priority::from_i64(p.as_i64()), Some(p));
            assert_eq!(Priority::parse(&p.as_i64().to_string()), Some(p));
        }
        assert!(Priority::Urgent > Priority::Low);
        assert_eq!(Priority::parse("7"), None);
        assert_eq!(
            validate_rating("۵", " عالی ").expect("valid"),
            Rating {
                stars: 5,
                comment: "عالی".into()
            }
        );
        assert_eq!(validate_rating("0", "").expect_err("low").field, "stars");
        assert_eq!(validate_rating("6", "").expect_err("high").field, "stars");
        assert_eq!(validate_rating("x", "").expect_err("nan").field, "stars");
        let long = "ا".repeat(RATING_COMMENT_MAX_CHARS + 1);
        assert_eq!(
            validate_rating("3", &long).expect_err("long").field,
            "comment"
        );
        assert!(validate_reason(&"ب".repeat(REASON_MAX_CHARS + 1)).is_err());
    }

    #[test]
    fn empty_replies_are_refused() {
        assert!(validate_reply(" \n ").is_err());
        assert_eq!(validate_reply(" سلام ").as_deref(), Ok("سلام"));
    }
}
