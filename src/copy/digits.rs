//! Digit conversion between the three digit sets users actually type.
//!
//! Persian keyboards produce Extended Arabic-Indic digits (۰–۹, U+06F0..), some Arabic keyboards and
//! copied documents produce Arabic-Indic digits (٠–٩, U+0660..), and everything we store or compare
//! uses ASCII. Display goes the other way, to Persian digits only.

const PERSIAN_DIGITS: [char; 10] = ['۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹'];

/// Maps one Persian or Arabic-Indic digit to its ASCII digit; any other char is returned unchanged.
pub fn fold_digit(c: char) -> char {
    let base = match c {
        '\u{06F0}'..='\u{06F9}' => 0x06F0,
        '\u{0660}'..='\u{0669}' => 0x0660,
        _ => return c,
    };
    // The match above bounds the offset to 0..=9, so the narrowing cannot lose information.
    let offset = (u32::from(c) - base) as u8;
    char::from(b'0' + offset)
}

/// Replaces Persian (۰–۹) and Arabic-Indic (٠–٩) digits with ASCII digits; other chars are kept.
pub fn fold_digits(s: &str) -> String {
    s.chars().map(fold_digit).collect()
}

/// Replaces ASCII digits with Persian digits; other chars are kept.
pub fn to_persian_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => PERSIAN_DIGITS[d as usize],
            _ => c,
        })
        .collect()
}

/// Formats an integer with Persian digits and no thousands grouping (years, counts, codes).
///
/// Negative numbers keep the ASCII hyphen-minus, without bidi marks.
pub fn persian_number(n: i64) -> String {
    to_persian_digits(&n.to_string())
}

/// Formats a count with Persian digits grouped by thousands with the Arabic thousands
/// separator («۱۲٬۳۴۵»), for figures a person reads at a glance.
pub fn persian_grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{066C}');
        }
        out.push(c);
    }
    let sign = if n < 0 { "-" } else { "" };
    to_persian_digits(&format!("{sign}{out}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_counts() {
        assert_eq!(persian_grouped(0), "۰");
        assert_eq!(persian_grouped(999), "۹۹۹");
        assert_eq!(persian_grouped(1000), "۱٬۰۰۰");
        assert_eq!(persian_grouped(1_234_567), "۱٬۲۳۴٬۵۶۷");
        assert_eq!(persian_grouped(-12_345), "-۱۲٬۳۴۵");
    }

    #[test]
    fn folds_both_digit_sets() {
        assert_eq!(fold_digits("۰۱۲۳۴۵۶۷۸۹"), "0123456789");
        assert_eq!(fold_digits("٠١٢٣٤٥٦٧٨٩"), "0123456789");
        assert_eq!(fold_digits("کد ۱۲a٣"), "کد 12a3");
        assert_eq!(fold_digits(""), "");
    }

    #[test]
    fn converts_to_persian_digits() {
        assert_eq!(to_persian_digits("1404/01/01"), "۱۴۰۴/۰۱/۰۱");
        assert_eq!(to_persian_digits("abc ۵ ٥"), "abc ۵ ٥");
        assert_eq!(fold_digits(&to_persian_digits("0123456789")), "0123456789");
    }

    #[test]
    fn formats_numbers() {
        assert_eq!(persian_number(0), "۰");
        assert_eq!(persian_number(1404), "۱۴۰۴");
        assert_eq!(persian_number(1_234_567), "۱۲۳۴۵۶۷");
        assert_eq!(persian_number(-12), "-۱۲");
        assert_eq!(fold_digits(&persian_number(i64::MIN)), i64::MIN.to_string());
    }
}
