//! Identifiers of applicants (domain.md, "Identifiers").
//!
//! Each type can only be built through `parse`, so holding one means the value is normalised and
//! valid; the stored string is the canonical form used as a database key.

use std::fmt;

use crate::copy;
use crate::copy::digits::fold_digits;

/// Why a typed identifier was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentityError {
    /// Nothing but whitespace or separators was typed.
    Empty,
    /// Not 8–10 digits.
    NationalCodeFormat,
    /// Ten digits, but the check digit or the sanity rules fail.
    NationalCodeChecksum,
    /// Not 11 digits.
    LegalIdFormat,
    LegalIdChecksum,
    MobileFormat,
    ForeignIdFormat,
}

impl IdentityError {
    /// What the person is told, from `crate::copy` (`Display` is English, for logs).
    pub fn message(&self) -> &'static str {
        match self {
            IdentityError::Empty => copy::ERR_FILL_THIS_IN,
            IdentityError::NationalCodeFormat => copy::ERR_NATIONAL_CODE_LENGTH,
            IdentityError::NationalCodeChecksum => copy::ERR_NATIONAL_CODE_INVALID,
            IdentityError::LegalIdFormat => copy::ERR_LEGAL_ID_LENGTH,
            IdentityError::LegalIdChecksum => copy::ERR_LEGAL_ID_INVALID,
            IdentityError::MobileFormat => copy::ERR_MOBILE_INVALID,
            IdentityError::ForeignIdFormat => copy::ERR_FOREIGN_ID_FORMAT,
        }
    }
}

impl fmt::Display for IdentityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IdentityError::Empty => "identifier is empty",
            IdentityError::NationalCodeFormat => "national code must have 10 digits",
            IdentityError::NationalCodeChecksum => "national code is not valid",
            IdentityError::LegalIdFormat => "legal entity ID must have 11 digits",
            IdentityError::LegalIdChecksum => "legal entity ID is not valid",
            IdentityError::MobileFormat => "not an Iranian mobile number",
            IdentityError::ForeignIdFormat => {
                "passport or foreign-national number must be 5-20 ASCII letters or digits"
            }
        })
    }
}

impl std::error::Error for IdentityError {}

/// Separators people put in numbers when typing or pasting them; they never carry meaning.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{200C}'..='\u{200F}' | '\u{061C}'
        )
}

/// Trims, folds digits and drops separators; `Empty` when nothing is left.
fn clean(s: &str) -> Result<String, IdentityError> {
    let cleaned: String = fold_digits(s.trim())
        .chars()
        .filter(|c| !is_separator(*c))
        .collect();
    if cleaned.is_empty() {
        Err(IdentityError::Empty)
    } else {
        Ok(cleaned)
    }
}

/// The digits of an all-ASCII-digit string of exactly `N` chars.
fn digits<const N: usize>(s: &str) -> Option<[u32; N]> {
    if s.len() != N {
        return None;
    }
    let mut out = [0; N];
    for (slot, b) in out.iter_mut().zip(s.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        *slot = u32::from(b - b'0');
    }
    Some(out)
}

/// کد ملی: the 10-digit national code of a person.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NationalCode(String);

impl NationalCode {
    /// Accepts Persian/Arabic digits, spaces and dashes, and 8–9 digit codes whose leading zeros
    /// were dropped (spreadsheets do that).
    pub fn parse(s: &str) -> Result<Self, IdentityError> {
        let cleaned = clean(s)?;
        if !(8..=10).contains(&cleaned.len()) {
            return Err(IdentityError::NationalCodeFormat);
        }
        let padded = format!("{cleaned:0>10}");
        let d = digits::<10>(&padded).ok_or(IdentityError::NationalCodeFormat)?;
        if national_code_is_valid(&d) {
            Ok(NationalCode(padded))
        } else {
            Err(IdentityError::NationalCodeChecksum)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn national_code_is_valid(d: &[u32; 10]) -> bool {
    // Repeated digits satisfy the checksum but are never issued; typing them is a way to skip the field.
    if d.iter().all(|&x| x == d[0]) {
        return false;
    }
    if d[3..=8].iter().all(|&x| x == 0) {
        return false;
    }
    let s: u32 = d[..9].iter().zip((2..=10).rev()).map(|(x, w)| x * w).sum();
    let r = s % 11;
    let expected = if r < 2 { r } else { 11 - r };
    d[9] == expected
}

impl fmt::Display for NationalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// شناسه ملی: the 11-digit national ID of a legal entity (an institution).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LegalId(String);

impl LegalId {
    pub fn parse(s: &str) -> Result<Self, IdentityError> {
        let cleaned = clean(s)?;
        let d = digits::<11>(&cleaned).ok_or(IdentityError::LegalIdFormat)?;
        if legal_id_is_valid(&d) {
            Ok(LegalId(cleaned))
        } else {
            Err(IdentityError::LegalIdChecksum)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn legal_id_is_valid(d: &[u32; 11]) -> bool {
    const WEIGHTS: [u32; 5] = [29, 27, 23, 19, 17];
    let k = d[9] + 2;
    let s: u32 = d[..10]
        .iter()
        .zip(WEIGHTS.iter().cycle())
        .map(|(x, w)| (x + k) * w)
        .sum();
    let r = s % 11;
    let expected = if r == 10 { 0 } else { r };
    d[10] == expected
}

impl fmt::Display for LegalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An Iranian mobile number, stored in the international form `+989XXXXXXXXX`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mobile(String);

impl Mobile {
    /// Accepts `09…`, `9…`, `989…`, `+989…` and `00989…`, with any digit set, spaces and dashes.
    pub fn parse(s: &str) -> Result<Self, IdentityError> {
        let cleaned = clean(s)?;
        // Each prefix leaves a different length for the 10-digit subscriber part, so at most one
        // alternative can match: the same result as the regex `^(\+98|0098|98|0)?9\d{9}$`.
        let subscriber = ["+98", "0098", "98", "0", ""]
            .into_iter()
            .filter_map(|prefix| cleaned.strip_prefix(prefix))
            .find(|rest| {
                rest.len() == 10
                    && rest.starts_with('9')
                    && rest.bytes().all(|b| b.is_ascii_digit())
            })
            .ok_or(IdentityError::MobileFormat)?;
        Ok(Mobile(format!("+98{subscriber}")))
    }

    /// `+989XXXXXXXXX`, for storage and SMS gateways.
    pub fn canonical(&self) -> &str {
        &self.0
    }

    /// `09XXXXXXXXX`, the form Iranians write and recognise.
    pub fn display(&self) -> String {
        // The canonical form always starts with "+98"; falling back to the whole string keeps this
        // total without a panic path.
        let subscriber = self.0.strip_prefix("+98").unwrap_or(&self.0);
        format!("0{subscriber}")
    }
}

/// A passport number or foreign-national number, for applicants without a کد ملی.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ForeignId(String);

impl ForeignId {
    /// 5–20 ASCII letters or digits after folding digits and dropping spaces/dashes; stored in
    /// upper case so that the same passport typed in either case is one account.
    pub fn parse(s: &str) -> Result<Self, IdentityError> {
        let cleaned = clean(s)?;
        if (5..=20).contains(&cleaned.len()) && cleaned.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(ForeignId(cleaned.to_ascii_uppercase()))
        } else {
            Err(IdentityError::ForeignIdFormat)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ForeignId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_national_codes() {
        for code in ["0499370899", "0790419904", "0084575948"] {
            assert_eq!(NationalCode::parse(code).map(|c| c.0), Ok(code.to_string()));
        }
        assert_eq!(
            NationalCode::parse("۰۴۹۹۳۷۰۸۹۹").map(|c| c.0),
            Ok("0499370899".to_string())
        );
        assert_eq!(
            NationalCode::parse(" ٠٤٩٩-٣٧٠٨٩٩ ").map(|c| c.0),
            Ok("0499370899".to_string())
        );
        assert_eq!(
            NationalCode::parse("049-937089-9").map(|c| c.0),
            Ok("0499370899".to_string())
        );
    }

    #[test]
    fn short_national_codes_are_left_padded() {
        let c = NationalCode::parse("84575948").expect("8 digits pad to a valid code");
        assert_eq!(c.as_str(), "0084575948");
        let c = NationalCode::parse("499370899").expect("9 digits pad to a valid code");
        assert_eq!(c.as_str(), "0499370899");
        assert_eq!(c.to_string(), "0499370899");
    }

    #[test]
    fn invalid_national_codes() {
        use IdentityError::*;
        let cases = [
            ("0499370898", NationalCodeChecksum),
            ("1111111111", NationalCodeChecksum),
            ("0000000000", NationalCodeChecksum),
            ("00000000", NationalCodeChecksum),
            // Passes the checksum (s = 10, r = 10, check 1) but digits 4–9 are all zero.
            ("1000000001", NationalCodeChecksum),
            ("1234567", NationalCodeFormat),
            ("04993708990", NationalCodeFormat),
            ("04993708a9", NationalCodeFormat),
            ("۰۴۹۹۳۷۰۸۹", NationalCodeChecksum),
            ("", Empty),
            ("  - ", Empty),
        ];
        for (input, expected) in cases {
            assert_eq!(NationalCode::parse(input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn legal_ids() {
        let id = LegalId::parse("10380284790").expect("valid legal id");
        assert_eq!(id.as_str(), "10380284790");
        assert_eq!(LegalId::parse("۱۰۳۸۰۲۸۴۷۹۰").map(|i| i.0), Ok(id.0.clone()));
        assert_eq!(
            LegalId::parse("10380284791"),
            Err(IdentityError::LegalIdChecksum)
        );
        assert_eq!(
            LegalId::parse("1038028479"),
            Err(IdentityError::LegalIdFormat)
        );
        assert_eq!(
            LegalId::parse("1038028479x"),
            Err(IdentityError::LegalIdFormat)
        );
        assert_eq!(LegalId::parse(" "), Err(IdentityError::Empty));
    }

    #[test]
    fn mobile_forms() {
        for input in [
            "09121234567",
            "+989121234567",
            "00989121234567",
            "989121234567",
            "9121234567",
            "۰۹۱۲ ۱۲۳ ۴۵۶۷",
            "0912-123-4567",
            " +98 912 123 4567 ",
        ] {
            let m = Mobile::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(m.canonical(), "+989121234567", "{input:?}");
            assert_eq!(m.display(), "09121234567", "{input:?}");
        }
    }

    #[test]
    fn invalid_mobiles() {
        for input in [
            "0812345678",
            "0912123456",
            "091212345678",
            "02112345678",
            "+9809121234567",
            "+1 9121234567",
            "0912123456a",
            "+",
        ] {
            assert_eq!(
                Mobile::parse(input),
                Err(IdentityError::MobileFormat),
                "{input:?}"
            );
        }
        assert_eq!(Mobile::parse(""), Err(IdentityError::Empty));
    }

    #[test]
    fn foreign_ids() {
        assert_eq!(
            ForeignId::parse(" p1234-5678 ").map(|f| f.0),
            Ok("P12345678".to_string())
        );
        assert_eq!(
            ForeignId::parse("۱۲۳۴۵۶۷۸۹۰۱۲").map(|f| f.0),
            Ok("123456789012".to_string())
        );
        assert_eq!(
            ForeignId::parse("AB12").map(|f| f.0),
            Err(IdentityError::ForeignIdFormat)
        );
        assert_eq!(
            ForeignId::parse(&"A".repeat(21)),
            Err(IdentityError::ForeignIdFormat)
        );
        assert_eq!(
            ForeignId::parse("گذرنامه۱۲۳"),
            Err(IdentityError::ForeignIdFormat)
        );
        assert_eq!(
            ForeignId::parse("AB_12345"),
            Err(IdentityError::ForeignIdFormat)
        );
        assert_eq!(ForeignId::parse("\t"), Err(IdentityError::Empty));
    }

    #[test]
    fn every_error_has_a_persian_and_an_english_message() {
        use IdentityError::*;
        for e in [
            Empty,
            NationalCodeFormat,
            NationalCodeChecksum,
            LegalIdFormat,
            LegalIdChecksum,
            MobileFormat,
            ForeignIdFormat,
        ] {
            assert!(e.message().ends_with('.'));
            assert!(!e.message().chars().any(|c| c.is_ascii_digit()));
            assert!(!e.to_string().is_empty());
        }
    }
}
