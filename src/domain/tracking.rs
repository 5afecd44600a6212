//! Tracking codes (کد رهگیری) shown to applicants.
//!
//! Ten digits only, because people read them over the phone and type them on phone keypads:
//!
//! ```text
//! YY SSSSSSS C
//! │  │       └ Damm check digit over the first nine digits
//! │  └ the request's sequence number, permuted so that neighbouring requests look unrelated
//! └ the last two digits of the Jalali year the request was filed in
//! ```
//!
//! The permutation is an affine map modulo 10⁷, so it is a bijection on `0..10⁷` and the sequence
//! number is recovered from a code without a lookup table. It hides request volume from a casual
//! look only: anyone holding two codes and this source can undo it, so the code is not a secret
//! and must not be used as one.
//!
//! The Damm check digit catches every single-digit error and every swap of two adjacent digits,
//! which are the usual mistakes when a code is dictated or retyped.

use std::fmt;

use crate::copy;
use crate::copy::digits::{fold_digits, to_persian_digits};

/// Sequence numbers must be below this to get unique codes within one year.
pub const SEQ_LIMIT: i64 = 10_000_000;
/// Digits in a code.
pub const CODE_LEN: usize = 10;

// Coprime with 10, hence invertible modulo 10^7; large and irregular so that consecutive inputs land
// far apart.
const MULTIPLIER: i64 = 7_368_541;
// Keeps sequence 0 from mapping to 0000000.
const OFFSET: i64 = 4_120_937;
const INVERSE: i64 = mod_inverse(MULTIPLIER, SEQ_LIMIT);
const _: () = assert!(MULTIPLIER * INVERSE % SEQ_LIMIT == 1);

/// Inverse of `a` modulo `m` by the extended Euclidean algorithm (`a` and `m` coprime).
const fn mod_inverse(a: i64, m: i64) -> i64 {
    let (mut old_r, mut r) = (a, m);
    let (mut old_s, mut s) = (1_i64, 0_i64);
    while r != 0 {
        let q = old_r / r;
        (old_r, r) = (r, old_r - q * r);
        (old_s, s) = (s, old_s - q * s);
    }
    old_s.rem_euclid(m)
}

fn scramble(seq: i64) -> i64 {
    (seq.rem_euclid(SEQ_LIMIT) * MULTIPLIER + OFFSET).rem_euclid(SEQ_LIMIT)
}

fn unscramble(scrambled: i64) -> i64 {
    ((scrambled - OFFSET).rem_euclid(SEQ_LIMIT) * INVERSE).rem_euclid(SEQ_LIMIT)
}

/// Damm's totally anti-symmetric quasigroup of order 10.
const DAMM: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/// The Damm interim digit of ASCII digits: the check digit to append, or 0 if the check digit is
/// already included and correct.
fn damm(digits: &[u8]) -> u8 {
    digits.iter().fold(0, |interim, &b| {
        DAMM[usize::from(interim)][usize::from(b.wrapping_sub(b'0') % 10)]
    })
}

/// A well-formed tracking code with a correct check digit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TrackingCode(String);

impl TrackingCode {
    /// The code of sequence number `seq` filed in `jalali_year`. Sequence numbers outside
    /// `0..SEQ_LIMIT` wrap around, so codes are unique only below that limit.
    pub fn new(seq: i64, jalali_year: i32) -> TrackingCode {
        let mut code = format!("{:02}{:07}", jalali_year.rem_euclid(100), scramble(seq));
        let check = damm(code.as_bytes());
        code.push(char::from(b'0' + check));
        TrackingCode(code)
    }

    /// The ten ASCII digits, for storage and lookup.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The sequence number the code was made from.
    pub fn seq(&self) -> i64 {
        unscramble(self.0.get(2..9).and_then(|s| s.parse().ok()).unwrap_or(0))
    }

    /// The last two digits of the Jalali year, e.g. 4 for 1404.
    pub fn year_suffix(&self) -> u8 {
        self.0.get(..2).and_then(|s| s.parse().ok()).unwrap_or(0)
    }

    /// ASCII digits grouped 4-3-3 («0412-345-678») so they can be read out in short chunks.
    pub fn display(&self) -> String {
        // Always ten ASCII digits, so these byte ranges are char boundaries.
        format!("{}-{}-{}", &self.0[..4], &self.0[4..7], &self.0[7..])
    }

    /// Persian digits grouped 4-3-3 («۰۴۱۲-۳۴۵-۶۷۸»). Inside Persian text the groups would be
    /// drawn in reverse order (after Arabic letters the digits count as Arabic numbers, which a
    /// hyphen does not join): pages isolate the code (`dir="ltr"`), plain text wraps it in
    /// `copy::isolate`.
    pub fn display_fa(&self) -> String {
        to_persian_digits(&self.display())
    }
}

impl fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The tracking code of sequence number `seq` filed in `jalali_year`, as ten ASCII digits.
pub fn make(seq: i64, jalali_year: i32) -> String {
    TrackingCode::new(seq, jalali_year).0
}

/// Reads a code as typed: Persian or Arabic digits, spaces and dashes are accepted.
pub fn parse(s: &str) -> Result<TrackingCode, TrackingError> {
    let cleaned: String = fold_digits(s)
        .chars()
        .filter(|c| {
            !(c.is_whitespace()
                || matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{200C}'..='\u{200F}'))
        })
        .collect();
    if cleaned.is_empty() {
        return Err(TrackingError::Empty);
    }
    if cleaned.len() != CODE_LEN || !cleaned.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TrackingError::Format);
    }
    if damm(cleaned.as_bytes()) != 0 {
        return Err(TrackingError::CheckDigit);
    }
    Ok(TrackingCode(cleaned))
}

/// Why a typed tracking code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrackingError {
    Empty,
    /// Not ten digits.
    Format,
    /// Ten digits, but at least one was mistyped.
    CheckDigit,
}

impl TrackingError {
    /// What the person is told, from `crate::copy` (`Display` is English, for logs).
    pub fn message(&self) -> &'static str {
        match self {
            TrackingError::Empty => copy::ERR_TRACKING_EMPTY,
            TrackingError::Format => copy::ERR_TRACKING_LENGTH,
            TrackingError::CheckDigit => copy::ERR_TRACKING_MISTYPED,
        }
    }
}

impl fmt::Display for TrackingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TrackingError::Empty => "tracking code is empty",
            TrackingError::Format => "tracking code must have 10 digits",
            TrackingError::CheckDigit => "tracking code check digit does not match",
        })
    }
}

impl std::error::Error for TrackingError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_codes() -> Vec<String> {
        let mut codes = Vec::new();
        for seq in (0..SEQ_LIMIT)
            .step_by(99_991)
            .chain([1, 2, 3, SEQ_LIMIT - 1])
        {
            for year in [1403, 1404, 1499] {
                codes.push(make(seq, year));
            }
        }
        codes
    }

    #[test]
    fn round_trip() {
        for seq in [0, 1, 2, 42, 999_999, SEQ_LIMIT - 1] {
            let code = make(seq, 1404);
            assert_eq!(code.len(), CODE_LEN);
            assert!(code.starts_with("04"), "{code}");
            let parsed = parse(&code).expect("own code parses");
            assert_eq!(parsed.seq(), seq);
            assert_eq!(parsed.year_suffix(), 4);
            assert_eq!(parsed.as_str(), code);
            assert_eq!(parse(&parsed.display_fa()), Ok(parsed.clone()));
            assert_eq!(parse(&parsed.display()), Ok(parsed.clone()));
            assert_eq!(
                parse(&format!(" {} ", parsed.display().replace('-', " "))),
                Ok(parsed)
            );
        }
        assert!(make(1, 1399).starts_with("99"));
        assert!(make(1, 1400).starts_with("00"));
    }

    #[test]
    fn consecutive_requests_look_unrelated() {
        let a = TrackingCode::new(1000, 1404);
        let b = TrackingCode::new(1001, 1404);
        assert_ne!(&a.as_str()[2..6], &b.as_str()[2..6]);
    }

    #[test]
    fn display_groups() {
        let code = TrackingCode::new(5, 1404);
        let digits = code.as_str();
        assert_eq!(
            code.display(),
            format!("{}-{}-{}", &digits[..4], &digits[4..7], &digits[7..])
        );
        let shown = code.display_fa();
        assert_eq!(fold_digits(&shown), code.display());
        assert!(shown.chars().all(|c| c == '-' || ('۰'..='۹').contains(&c)));
        assert_eq!(code.to_string(), digits);
    }

    #[test]
    fn every_single_digit_error_is_detected() {
        for code in sample_codes() {
            let bytes = code.as_bytes();
            for i in 0..CODE_LEN {
                for d in b'0'..=b'9' {
                    if d == bytes[i] {
                        continue;
                    }
                    let mut wrong = bytes.to_vec();
                    wrong[i] = d;
                    let wrong = String::from_utf8(wrong).expect("ascii");
                    assert_eq!(
                        parse(&wrong),
                        Err(TrackingError::CheckDigit),
                        "{code} → {wrong}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_adjacent_transposition_is_detected() {
        for code in sample_codes() {
            for i in 0..CODE_LEN - 1 {
                let mut swapped = code.as_bytes().to_vec();
                if swapped[i] == swapped[i + 1] {
                    continue;
                }
                swapped.swap(i, i + 1);
                let swapped = String::from_utf8(swapped).expect("ascii");
                assert_eq!(
                    parse(&swapped),
                    Err(TrackingError::CheckDigit),
                    "{code} → {swapped}"
                );
            }
        }
    }

    #[test]
    fn scrambling_is_a_bijection() {
        let mut seen = vec![0_u64; (SEQ_LIMIT as usize).div_ceil(64)];
        for seq in 0..SEQ_LIMIT {
            let s = scramble(seq);
            assert!((0..SEQ_LIMIT).contains(&s));
            let (word, bit) = ((s / 64) as usize, s % 64);
            assert_eq!(seen[word] & (1 << bit), 0, "{seq} collides");
            seen[word] |= 1 << bit;
            assert_eq!(unscramble(s), seq);
        }
    }

    #[test]
    fn malformed_input() {
        assert_eq!(parse(""), Err(TrackingError::Empty));
        assert_eq!(parse(" - "), Err(TrackingError::Empty));
        assert_eq!(parse("123456789"), Err(TrackingError::Format));
        assert_eq!(parse("12345678901"), Err(TrackingError::Format));
        assert_eq!(parse("12345a7890"), Err(TrackingError::Format));
        assert_eq!(parse("١٢٣٤٥٦٧٨٩"), Err(TrackingError::Format));
        for e in [
            TrackingError::Empty,
            TrackingError::Format,
            TrackingError::CheckDigit,
        ] {
            assert!(e.message().ends_with('.'));
        }
    }
}
