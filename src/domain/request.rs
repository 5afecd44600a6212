//! Rules for what an applicant files and what anyone replies.

use serde::{Deserialize, Serialize};

use crate::domain::account::FieldError;

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

fn err(field: &'static str, message: &'static str) -> FieldError {
    FieldError { field, message }
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
            .ok_or_else(|| err("type_id", "نوع درخواست را انتخاب کنید."))?;
        let subject = self
            .subject
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let n = subject.chars().count();
        if n < SUBJECT_MIN_CHARS {
            return Err(err("subject", "موضوع درخواست را در چند کلمه بنویسید."));
        }
        if n > SUBJECT_MAX_CHARS {
            return Err(err(
                "subject",
                "موضوع درخواست حداکثر ۱۵۰ نویسه می‌تواند باشد.",
            ));
        }
        let description = tidy(&self.description);
        let n = description.chars().count();
        if n < DESCRIPTION_MIN_CHARS {
            return Err(err(
                "description",
                "مشکل را کمی بیشتر توضیح دهید تا کارشناس بتواند بررسی کند.",
            ));
        }
        if n > DESCRIPTION_MAX_CHARS {
            return Err(err(
                "description",
                "شرح درخواست حداکثر ۱۰٬۰۰۰ نویسه می‌تواند باشد.",
            ));
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
        return Err(err("body", "متن پاسخ خالی است."));
    }
    if body.chars().count() > REPLY_MAX_CHARS {
        return Err(err("body", "متن پاسخ حداکثر ۱۰٬۰۰۰ نویسه می‌تواند باشد."));
    }
    Ok(body)
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
    fn empty_replies_are_refused() {
        assert!(validate_reply(" \n ").is_err());
        assert_eq!(validate_reply(" سلام ").as_deref(), Ok("سلام"));
    }
}
