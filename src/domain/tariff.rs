//! Tariffs: what a service costs, as the annual budget tables set it.
//!
//! A tariff is data: a request type, a kind of applicant and a Jalali fiscal year (1 Farvardin to
//! the last day of Esfand), an amount in rials, the table and row of the budget law it comes
//! from, and the day it takes effect; a table amended mid-year is a second entry of the same year
//! from a later day. Where no entry is in force the service is free, and so is an entry of zero.
//! The tariff in force on the day of filing (Tehran time) is the one charged; the request keeps
//! it, whatever the table says later.

use crate::copy;
use crate::domain::account::ApplicantKind;
use crate::domain::error::FieldError;
use crate::domain::jalali::JalaliDate;
use crate::domain::money::{MAX_RIALS, MIN_PAYABLE_RIALS, Rials};

/// The longest budget reference kept («جدول ۱۸ قانون بودجه ۱۴۰۴، ردیف ۱۲۳۴۵۶» is 38 characters).
pub const MAX_SOURCE_CHARS: usize = 200;

/// The fiscal year a day falls in: Iran's fiscal year is the Jalali year.
pub fn fiscal_year(date: JalaliDate) -> i32 {
    date.year
}

/// One line of a budget table, for one request type and one kind of applicant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tariff {
    pub type_id: i64,
    pub applicant_kind: ApplicantKind,
    pub fiscal_year: i32,
    pub amount: Rials,
    /// The budget table and row it comes from.
    pub source: String,
    /// The first day it applies; within its fiscal year.
    pub effective_from: JalaliDate,
}

impl Tariff {
    /// The rules an entry keeps before it is saved; every broken one, each beside its field.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let a = self.amount.0;
        if a < 0 {
            errors.push(FieldError::new("amount", copy::ERR_AMOUNT_INVALID));
        } else if a > MAX_RIALS {
            errors.push(FieldError::new("amount", copy::ERR_AMOUNT_TOO_LARGE));
        } else if a != 0 && a < MIN_PAYABLE_RIALS {
            errors.push(FieldError::new("amount", copy::ERR_AMOUNT_TOO_SMALL));
        }
        let source = self.source.trim();
        if source.is_empty() || source.chars().count() > MAX_SOURCE_CHARS {
            errors.push(FieldError::new("source", copy::ERR_TARIFF_SOURCE));
        }
        if fiscal_year(self.effective_from) != self.fiscal_year {
            errors.push(FieldError::new(
                "effective_from",
                copy::ERR_TARIFF_OUTSIDE_YEAR,
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn applies_to(&self, type_id: i64, kind: ApplicantKind) -> bool {
        self.type_id == type_id && self.applicant_kind == kind
    }
}

/// The entry in force on `day` for a type and a kind of applicant: of the entries of that day's
/// fiscal year, the one that took effect last on or before it. `None`: no tariff, the service
/// is free. (A later year's table never reaches back, and last year's ends with Esfand.)
pub fn in_force(
    tariffs: &[Tariff],
    type_id: i64,
    kind: ApplicantKind,
    day: JalaliDate,
) -> Option<&Tariff> {
    tariffs
        .iter()
        .filter(|t| t.applies_to(type_id, kind))
        .filter(|t| t.fiscal_year == fiscal_year(day) && t.effective_from <= day)
        .max_by_key(|t| t.effective_from)
}

/// What filing costs on `day`: the amount in force, or nothing.
pub fn fee_on(tariffs: &[Tariff], type_id: i64, kind: ApplicantKind, day: JalaliDate) -> Rials {
    in_force(tariffs, type_id, kind, day).map_or(Rials::ZERO, |t| t.amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> JalaliDate {
        JalaliDate::new(y, m, day).expect("a real date")
    }

    fn entry(year: i32, from: JalaliDate, rials: i64) -> Tariff {
        Tariff {
            type_id: 7,
            applicant_kind: ApplicantKind::Student,
            fiscal_year: year,
            amount: Rials(rials),
            source: format!("جدول ۱۸ قانون بودجه {year}، ردیف ۱۲۳۴۵۶"),
            effective_from: from,
        }
    }

    #[test]
    fn the_fiscal_year_turns_at_nowruz() {
        let table = vec![
            entry(1403, d(1403, 1, 1), 100_000),
            entry(1404, d(1404, 1, 1), 150_000),
        ];
        let student = ApplicantKind::Student;
        // 1403 is a leap year: its Esfand has a 30th day, still 1403's table.
        assert_eq!(fee_on(&table, 7, student, d(1403, 12, 30)), Rials(100_000));
        assert_eq!(fee_on(&table, 7, student, d(1404, 1, 1)), Rials(150_000));
        // 1404 is not leap: its last day is 29 Esfand; 1405 has no table yet: free.
        assert_eq!(fee_on(&table, 7, student, d(1404, 12, 29)), Rials(150_000));
        assert_eq!(fee_on(&table, 7, student, d(1405, 1, 1)), Rials::ZERO);
        // Last year's table never carries over; a table never reaches back.
        let only_1404 = vec![entry(1404, d(1404, 1, 1), 150_000)];
        assert_eq!(fee_on(&only_1404, 7, student, d(1403, 12, 30)), Rials::ZERO);
    }

    #[test]
    fn an_amendment_applies_from_its_day() {
        let table = vec![
            entry(1404, d(1404, 1, 1), 150_000),
            entry(1404, d(1404, 7, 1), 200_000),
            // A mid-year amendment may also make the service free.
            entry(1404, d(1404, 11, 1), 0),
        ];
        let s = ApplicantKind::Student;
        assert_eq!(fee_on(&table, 7, s, d(1404, 6, 31)), Rials(150_000));
        assert_eq!(fee_on(&table, 7, s, d(1404, 7, 1)), Rials(200_000));
        assert_eq!(fee_on(&table, 7, s, d(1404, 10, 30)), Rials(200_000));
        assert!(fee_on(&table, 7, s, d(1404, 11, 1)).is_free());
        // The order of the entries does not matter.
        let mut reversed = table.clone();
        reversed.reverse();
        assert_eq!(fee_on(&reversed, 7, s, d(1404, 8, 15)), Rials(200_000));
    }

    #[test]
    fn each_type_and_kind_has_its_own_line() {
        let mut graduate = entry(1404, d(1404, 1, 1), 300_000);
        graduate.applicant_kind = ApplicantKind::Graduate;
        let mut other_type = entry(1404, d(1404, 1, 1), 400_000);
        other_type.type_id = 8;
        let table = vec![entry(1404, d(1404, 1, 1), 150_000), graduate, other_type];
        let day = d(1404, 5, 5);
        assert_eq!(
            fee_on(&table, 7, ApplicantKind::Student, day),
            Rials(150_000)
        );
        assert_eq!(
            fee_on(&table, 7, ApplicantKind::Graduate, day),
            Rials(300_000)
        );
        assert_eq!(
            fee_on(&table, 8, ApplicantKind::Student, day),
            Rials(400_000)
        );
        assert!(fee_on(&table, 7, ApplicantKind::Institution, day).is_free());
        assert!(fee_on(&table, 9, ApplicantKind::Student, day).is_free());
    }

    #[test]
    fn an_entry_keeps_its_rules() {
        assert_eq!(entry(1404, d(1404, 1, 1), 150_000).check(), Ok(()));
        assert_eq!(entry(1404, d(1404, 1, 1), 0).check(), Ok(()));
        let fields = |t: Tariff| -> Vec<&'static str> {
            t.check()
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(fields(entry(1404, d(1404, 1, 1), 5_000)), vec!["amount"]);
        assert_eq!(fields(entry(1404, d(1404, 1, 1), -1)), vec!["amount"]);
        assert_eq!(
            fields(entry(1404, d(1403, 12, 30), 150_000)),
            vec!["effective_from"]
        );
        let mut unsourced = entry(1404, d(1404, 1, 1), 150_000);
        unsourced.source = "  ".into();
        assert_eq!(fields(unsourced), vec!["source"]);
    }
}
