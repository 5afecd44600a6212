//! Request types as admins define them.

use crate::copy;
use crate::domain::account::ApplicantKind;
use crate::domain::error::FieldError;

/// A request type as an admin submits it.
#[derive(Debug, Clone, Default)]
pub struct TypeForm {
    pub title: String,
    pub description: String,
    /// The applicant kinds that may file it (stored names).
    pub kinds: Vec<String>,
    /// Empty: no group.
    pub group_id: String,
    pub initial_result_days: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidType {
    pub title: String,
    pub description: String,
    pub kinds: Vec<ApplicantKind>,
    pub group_id: Option<i64>,
    pub initial_result_days: i64,
    pub active: bool,
}

impl ValidType {
    /// The stored form of `kinds`.
    pub fn kinds_csv(&self) -> String {
        self.kinds
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

impl TypeForm {
    pub fn validate(&self) -> Result<ValidType, FieldError> {
        let title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        let n = title.chars().count();
        if !(3..=150).contains(&n) {
            return Err(FieldError::new("title", copy::ERR_TYPE_TITLE));
        }
        let description = self.description.trim().to_string();
        if description.chars().count() > 1_000 {
            return Err(FieldError::new(
                "description",
                copy::ERR_TYPE_DESCRIPTION_LONG,
            ));
        }
        let mut kinds = Vec::new();
        for k in &self.kinds {
            let kind = ApplicantKind::parse(k.trim())
                .ok_or_else(|| FieldError::new("kinds", copy::ERR_TYPE_KIND_UNKNOWN))?;
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        if kinds.is_empty() {
            return Err(FieldError::new("kinds", copy::ERR_TYPE_KINDS_NONE));
        }
        let group_id = match self.group_id.trim() {
            "" => None,
            g => Some(
                g.parse::<i64>()
                    .ok()
                    .filter(|g| *g > 0)
                    .ok_or_else(|| FieldError::new("group_id", copy::ERR_TYPE_GROUP))?,
            ),
        };
        let initial_result_days = crate::copy::digits::fold_digits(self.initial_result_days.trim())
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=60).contains(d))
            .ok_or_else(|| FieldError::new("initial_result_days", copy::ERR_TYPE_DAYS))?;
        Ok(ValidType {
            title,
            description,
            kinds,
            group_id,
            initial_result_days,
            active: self.active,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> TypeForm {
        TypeForm {
            title: " گواهی  اشتغال ".into(),
            description: "صدور گواهی".into(),
            kinds: vec!["student".into(), "graduate".into(), "student".into()],
            group_id: "2".into(),
            initial_result_days: "۳".into(),
            active: true,
        }
    }

    #[test]
    fn a_valid_type_is_tidied() {
        let t = form().validate().expect("valid");
        assert_eq!(t.title, "گواهی اشتغال");
        assert_eq!(t.kinds_csv(), "student,graduate");
        assert_eq!(t.group_id, Some(2));
        assert_eq!(t.initial_result_days, 3);
    }

    #[test]
    fn each_rule_names_its_field() {
        type Case = (fn(&mut TypeForm), &'static str);
        let cases: Vec<Case> = vec![
            (|f| f.title = "اب".into(), "title"),
            (|f| f.description = "ا".repeat(1_001), "description"),
            (|f| f.kinds.clear(), "kinds"),
            (|f| f.kinds = vec!["alien".into()], "kinds"),
            (|f| f.group_id = "x".into(), "group_id"),
            (
                |f| f.initial_result_days = "0".into(),
                "initial_result_days",
            ),
            (
                |f| f.initial_result_days = "61".into(),
                "initial_result_days",
            ),
        ];
        for (change, field) in cases {
            let mut f = form();
            change(&mut f);
            assert_eq!(f.validate().expect_err(field).field, field);
        }
        let mut f = form();
        f.group_id = String::new();
        assert_eq!(f.validate().expect("no group").group_id, None);
    }
}
