//! Money: integer rials, the unit of the budget tables and of the gateways.
//!
//! Pages may show tomans (a tenth) beside the rials; nothing below the page ever holds tomans,
//! so the ×10 slip between the two cannot happen in stored data or in a gateway call.

use serde::{Deserialize, Serialize};

use crate::copy;
use crate::domain::error::FieldError;

/// The largest fee a tariff may hold: ten thousand billion rials, far above any budget table's,
/// and far below where sums over a million payments could overflow.
pub const MAX_RIALS: i64 = 10_000_000_000_000;

/// The smallest amount the Shaparak gateways accept (Zarinpal's minimum, 1,000 tomans).
pub const MIN_PAYABLE_RIALS: i64 = 10_000;

/// An amount of money in rials.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Rials(pub i64);

impl Rials {
    pub const ZERO: Rials = Rials(0);

    /// An amount given in tomans, in rials; `None` past [`MAX_RIALS`] or below zero.
    pub fn from_tomans(tomans: i64) -> Option<Rials> {
        tomans
            .checked_mul(10)
            .filter(|r| (0..=MAX_RIALS).contains(r))
            .map(Rials)
    }

    /// Whether nothing is to be paid.
    pub fn is_free(self) -> bool {
        self.0 == 0
    }

    /// «یکصد و پنجاه هزار ریال».
    pub fn in_words(self) -> String {
        copy::rials_in_words(self.0)
    }

    /// «۱۵۰٬۰۰۰ ریال».
    pub fn figure(self) -> String {
        copy::rials_figure(self.0)
    }

    /// «۱۵٬۰۰۰ تومان».
    pub fn tomans_figure(self) -> String {
        copy::tomans_figure(self.0)
    }
}

/// Which unit a typed amount is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Rials,
    Tomans,
}

/// Reads an amount as people type it: Persian, Arabic or ASCII digits, grouped with «٬», a
/// comma, a dot, a space or a half-space, in the given unit. A fee is zero (free) or at least
/// [`MIN_PAYABLE_RIALS`], and at most [`MAX_RIALS`]; `field` names the form control for the
/// message.
pub fn parse_amount(typed: &str, unit: Unit, field: &'static str) -> Result<Rials, FieldError> {
    let folded = copy::digits::fold_digits(typed.trim());
    let digits: String = folded
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{066C}' | ',' | '.' | ' ' | '\u{200C}' | '\u{00A0}' | '_'
            )
        })
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::new(field, copy::ERR_AMOUNT_INVALID));
    }
    let too_large = || FieldError::new(field, copy::ERR_AMOUNT_TOO_LARGE);
    let n: i64 = digits.parse().map_err(|_| too_large())?;
    let rials = match unit {
        Unit::Rials => Some(Rials(n)).filter(|r| r.0 <= MAX_RIALS),
        Unit::Tomans => Rials::from_tomans(n),
    }
    .ok_or_else(too_large)?;
    if rials.0 != 0 && rials.0 < MIN_PAYABLE_RIALS {
        return Err(FieldError::new(field, copy::ERR_AMOUNT_TOO_SMALL));
    }
    Ok(rials)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tomans_are_ten_rials() {
        assert_eq!(Rials::from_tomans(15_000), Some(Rials(150_000)));
        assert_eq!(Rials::from_tomans(-1), None);
        assert_eq!(Rials::from_tomans(i64::MAX), None);
        assert_eq!(Rials(150_000).tomans_figure(), "۱۵٬۰۰۰ تومان");
        assert_eq!(Rials(150_000).figure(), "۱۵۰٬۰۰۰ ریال");
        assert_eq!(Rials(150_000).in_words(), "یکصد و پنجاه هزار ریال");
    }

    #[test]
    fn typed_amounts_in_any_digits_and_grouping() {
        let rials = |s| parse_amount(s, Unit::Rials, "amount");
        assert_eq!(rials("۱۵۰٬۰۰۰"), Ok(Rials(150_000)));
        assert_eq!(rials("150,000"), Ok(Rials(150_000)));
        assert_eq!(rials(" ١٥٠ ٠٠٠ "), Ok(Rials(150_000)));
        assert_eq!(rials("۰"), Ok(Rials::ZERO));
        assert_eq!(
            parse_amount("۱۵٬۰۰۰", Unit::Tomans, "amount"),
            Ok(Rials(150_000))
        );
        for bad in ["", "abc", "-5000", "۱۲۳۴۵ریال", "1e6"] {
            assert_eq!(
                rials(bad).map_err(|e| e.message),
                Err(copy::ERR_AMOUNT_INVALID.to_string()),
                "{bad}"
            );
        }
        assert_eq!(
            rials("5000").map_err(|e| e.message),
            Err(copy::ERR_AMOUNT_TOO_SMALL.to_string())
        );
        assert_eq!(
            rials("99999999999999999999").map_err(|e| e.message),
            Err(copy::ERR_AMOUNT_TOO_LARGE.to_string())
        );
        assert_eq!(
            parse_amount("1000000000000000", Unit::Tomans, "amount").map_err(|e| e.message),
            Err(copy::ERR_AMOUNT_TOO_LARGE.to_string())
        );
    }
}
