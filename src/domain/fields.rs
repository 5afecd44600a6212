//! The data fields of a request type, defined by admins without code, and the rules an answer
//! must follow. The same rules run in the browser (to help) and on the server (to decide).

use serde::{Deserialize, Serialize};

use crate::copy;
use crate::copy::digits::{fold_digits, to_persian_digits};
use crate::domain::error::FieldError;
use crate::domain::identity::{Mobile, NationalCode};
use crate::domain::jalali::JalaliDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    ShortText,
    LongText,
    Number,
    Choice,
    JalaliDate,
    NationalCode,
    Mobile,
    File,
}

pub const SHORT_TEXT_MAX: usize = 200;
pub const LONG_TEXT_MAX: usize = 5_000;
pub const LABEL_MAX: usize = 120;
pub const HELP_MAX: usize = 500;
pub const MAX_CHOICES: usize = 50;

impl FieldKind {
    pub const ALL: [FieldKind; 8] = [
        FieldKind::ShortText,
        FieldKind::LongText,
        FieldKind::Number,
        FieldKind::Choice,
        FieldKind::JalaliDate,
        FieldKind::NationalCode,
        FieldKind::Mobile,
        FieldKind::File,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::ShortText => "short_text",
            FieldKind::LongText => "long_text",
            FieldKind::Number => "number",
            FieldKind::Choice => "choice",
            FieldKind::JalaliDate => "jalali_date",
            FieldKind::NationalCode => "national_code",
            FieldKind::Mobile => "mobile",
            FieldKind::File => "file",
        }
    }

    pub fn parse(s: &str) -> Option<FieldKind> {
        FieldKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_fa(self) -> &'static str {
        match self {
            FieldKind::ShortText => copy::FIELD_KIND_SHORT_TEXT,
            FieldKind::LongText => copy::FIELD_KIND_LONG_TEXT,
            FieldKind::Number => copy::FIELD_KIND_NUMBER,
            FieldKind::Choice => copy::FIELD_KIND_CHOICE,
            FieldKind::JalaliDate => copy::FIELD_KIND_JALALI_DATE,
            FieldKind::NationalCode => copy::FIELD_KIND_NATIONAL_CODE,
            FieldKind::Mobile => copy::FIELD_KIND_MOBILE,
            FieldKind::File => copy::FIELD_KIND_FILE,
        }
    }
}

/// A field of a request type as the applicant's form shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    pub id: i64,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    pub help: String,
    /// The options of a choice field.
    pub choices: Vec<String>,
}

impl FieldDef {
    /// The form control's name.
    pub fn input_name(&self) -> String {
        format!("field_{}", self.id)
    }
}

/// The field a refused answer names in the domain; the server moves the refusal beside the
/// answer's own input (`input_name`).
pub const ANSWERS_FIELD: &str = "fields";

/// Checks one answer; returns the value to store (tidied, digits folded, identifiers canonical),
/// or `None` for an optional field left empty. File fields are checked with the attachments.
/// A refusal names the field by its label and is shown at [`ANSWERS_FIELD`].
pub fn validate_answer(def: &FieldDef, raw: &str) -> Result<Option<String>, FieldError> {
    let refusal = |message: String| FieldError::new(ANSWERS_FIELD, message);
    let value = raw.replace("\r\n", "\n").trim().to_string();
    if value.is_empty() {
        return if def.required && def.kind != FieldKind::File {
            Err(refusal(copy::err_answer_missing(&def.label)))
        } else {
            Ok(None)
        };
    }
    let too_long = |max: usize| {
        refusal(copy::err_answer_too_long(
            &def.label,
            &to_persian_digits(&max.to_string()),
        ))
    };
    let refused = |reason: &str| refusal(copy::err_answer_refused(&def.label, reason));
    match def.kind {
        FieldKind::ShortText => {
            let one_line = value.split_whitespace().collect::<Vec<_>>().join(" ");
            if one_line.chars().count() > SHORT_TEXT_MAX {
                return Err(too_long(SHORT_TEXT_MAX));
            }
            Ok(Some(one_line))
        }
        FieldKind::LongText => {
            if value.chars().count() > LONG_TEXT_MAX {
                return Err(too_long(LONG_TEXT_MAX));
            }
            Ok(Some(value))
        }
        FieldKind::Number => {
            let folded = fold_digits(&value)
                .replace(['٫', '/'], ".")
                .replace(['٬', ','], "");
            let ok = !folded.is_empty()
                && folded.len() <= 30
                && folded.trim_start_matches('-').split('.').count() <= 2
                && folded
                    .trim_start_matches('-')
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.')
                && folded
                    .trim_start_matches('-')
                    .chars()
                    .any(|c| c.is_ascii_digit());
            if ok {
                Ok(Some(folded))
            } else {
                Err(refusal(copy::err_answer_not_a_number(&def.label)))
            }
        }
        FieldKind::Choice => def
            .choices
            .iter()
            .find(|c| **c == value)
            .map(|c| Some(c.clone()))
            .ok_or_else(|| refusal(copy::err_answer_not_a_choice(&def.label))),
        FieldKind::JalaliDate => JalaliDate::parse(&value)
            .map(|d| Some(d.to_string()))
            .map_err(|e| refused(e.message())),
        FieldKind::NationalCode => NationalCode::parse(&value)
            .map(|c| Some(c.as_str().to_string()))
            .map_err(|e| refused(e.message())),
        FieldKind::Mobile => Mobile::parse(&value)
            .map(|m| Some(m.canonical().to_string()))
            .map_err(|e| refused(e.message())),
        FieldKind::File => Ok(None),
    }
}

/// A stored answer as people read it: Persian digits, mobiles as 09…, dates as written.
pub fn display_answer(kind: FieldKind, stored: &str) -> String {
    match kind {
        FieldKind::Mobile => Mobile::parse(stored)
            .map(|m| to_persian_digits(&m.display()))
            .unwrap_or_else(|_| to_persian_digits(stored)),
        FieldKind::Number | FieldKind::JalaliDate | FieldKind::NationalCode => {
            to_persian_digits(stored)
        }
        // A file field's answer is its file names; the files are listed beside it.
        FieldKind::File => String::new(),
        FieldKind::ShortText | FieldKind::LongText | FieldKind::Choice => stored.to_string(),
    }
}

/// A field definition as an admin submits it.
#[derive(Debug, Clone, Default)]
pub struct FieldForm {
    pub label: String,
    pub kind: String,
    pub required: bool,
    pub help: String,
    /// One option per line.
    pub choices: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidField {
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    pub help: String,
    pub choices: Vec<String>,
}

impl FieldForm {
    pub fn validate(&self) -> Result<ValidField, FieldError> {
        let label = self.label.split_whitespace().collect::<Vec<_>>().join(" ");
        if label.is_empty() || label.chars().count() > LABEL_MAX {
            return Err(FieldError::new("label", copy::ERR_FIELD_LABEL));
        }
        let kind = FieldKind::parse(self.kind.trim())
            .ok_or_else(|| FieldError::new("kind", copy::ERR_FIELD_KIND))?;
        let help = self.help.trim().to_string();
        if help.chars().count() > HELP_MAX {
            return Err(FieldError::new("help", copy::ERR_FIELD_HELP_LONG));
        }
        let mut choices: Vec<String> = Vec::new();
        for line in self.choices.lines() {
            let c = line.split_whitespace().collect::<Vec<_>>().join(" ");
            if !c.is_empty() && !choices.contains(&c) {
                choices.push(c);
            }
        }
        if kind == FieldKind::Choice && (choices.len() < 2 || choices.len() > MAX_CHOICES) {
            return Err(FieldError::new("choices", copy::ERR_FIELD_CHOICES));
        }
        if kind != FieldKind::Choice {
            choices.clear();
        }
        Ok(ValidField {
            label,
            kind,
            required: self.required,
            help,
            choices,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(kind: FieldKind, required: bool) -> FieldDef {
        FieldDef {
            id: 7,
            label: "شماره دانشجویی".into(),
            kind,
            required,
            help: String::new(),
            choices: vec!["کارشناسی".into(), "کارشناسی ارشد".into()],
        }
    }

    #[test]
    fn kinds_round_trip() {
        for k in FieldKind::ALL {
            assert_eq!(FieldKind::parse(k.as_str()), Some(k));
            assert!(!k.label_fa().is_empty());
        }
        assert_eq!(def(FieldKind::Number, true).input_name(), "field_7");
    }

    #[test]
    fn required_and_optional() {
        assert!(validate_answer(&def(FieldKind::ShortText, true), "  ").is_err());
        assert_eq!(
            validate_answer(&def(FieldKind::ShortText, false), " "),
            Ok(None)
        );
        assert_eq!(
            validate_answer(&def(FieldKind::ShortText, true), " الف   ب "),
            Ok(Some("الف ب".into()))
        );
        let long = "ا".repeat(SHORT_TEXT_MAX + 1);
        assert!(validate_answer(&def(FieldKind::ShortText, true), &long).is_err());
        assert!(validate_answer(&def(FieldKind::LongText, true), &long).is_ok());
    }

    #[test]
    fn typed_answers_are_checked_and_canonical() {
        let n = def(FieldKind::Number, true);
        assert_eq!(validate_answer(&n, "۱۲٬۳۴۵"), Ok(Some("12345".into())));
        assert_eq!(validate_answer(&n, "۱۷٫۵"), Ok(Some("17.5".into())));
        assert!(validate_answer(&n, "دوازده").is_err());
        assert!(validate_answer(&n, "1.2.3").is_err());
        assert!(validate_answer(&n, "-").is_err());
        let c = def(FieldKind::Choice, true);
        assert_eq!(
            validate_answer(&c, "کارشناسی ارشد"),
            Ok(Some("کارشناسی ارشد".into()))
        );
        assert!(validate_answer(&c, "دکتری").is_err());
        let d = def(FieldKind::JalaliDate, true);
        assert_eq!(
            validate_answer(&d, "۱۴۰۳/۱۲/۳۰"),
            Ok(Some("1403/12/30".into()))
        );
        assert!(
            validate_answer(&d, "1404/12/30").is_err(),
            "1404 is not leap"
        );
        let code = def(FieldKind::NationalCode, true);
        assert_eq!(
            validate_answer(&code, "۰۴۹۹۳۷۰۸۹۹"),
            Ok(Some("0499370899".into()))
        );
        assert!(validate_answer(&code, "0499370898").is_err());
        let m = def(FieldKind::Mobile, true);
        assert_eq!(
            validate_answer(&m, "۰۹۱۲ ۱۱۱ ۰۰۰۱"),
            Ok(Some("+989121110001".into()))
        );
        assert!(validate_answer(&m, "0212222").is_err());
        assert_eq!(
            display_answer(FieldKind::Mobile, "+989121110001"),
            "۰۹۱۲۱۱۱۰۰۰۱"
        );
        assert_eq!(
            display_answer(FieldKind::JalaliDate, "1403/12/30"),
            "۱۴۰۳/۱۲/۳۰"
        );
    }

    #[test]
    fn admins_define_fields_with_checked_input() {
        let ok = FieldForm {
            label: " مقطع  تحصیلی ".into(),
            kind: "choice".into(),
            required: true,
            help: "".into(),
            choices: "کارشناسی\n\nکارشناسی ارشد\nکارشناسی\n".into(),
        }
        .validate()
        .expect("valid");
        assert_eq!(ok.label, "مقطع تحصیلی");
        assert_eq!(ok.choices, vec!["کارشناسی", "کارشناسی ارشد"]);
        let one_choice = FieldForm {
            label: "x".into(),
            kind: "choice".into(),
            choices: "تنها".into(),
            ..Default::default()
        };
        assert_eq!(one_choice.validate().expect_err("one").field, "choices");
        let bad_kind = FieldForm {
            label: "x".into(),
            kind: "html".into(),
            ..Default::default()
        };
        assert_eq!(bad_kind.validate().expect_err("kind").field, "kind");
        let text = FieldForm {
            label: "x".into(),
            kind: "short_text".into(),
            choices: "a\nb".into(),
            ..Default::default()
        };
        assert!(text.validate().expect("valid").choices.is_empty());
    }
}
