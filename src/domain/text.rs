//! The search key for Persian text (domain.md, "Persian text").
//!
//! Text is stored as typed; only the derived key is compared, and the same function must be applied
//! to the indexed text, to queries and to identifiers typed by users so that keyboard and spelling
//! variants meet.
//!
//! Full NFKC needs Unicode tables we do not ship. What is folded by hand here is the part of NFKC that
//! matters for Persian input (see `fold_char`); Arabic presentation forms (U+FB50..U+FEFF) are out of
//! scope because no current keyboard or IME produces them.

use crate::copy::digits::fold_digit;

/// What one input char contributes to the key.
enum Folded {
    Char(char),
    /// A word separator; runs collapse into one space and are trimmed at the ends.
    Space,
    /// Invisible or diacritic marks that must not make two spellings differ.
    Drop,
}

const HEH: char = '\u{0647}';
const HAMZA_ABOVE: char = '\u{0654}';

fn fold_char(c: char) -> Folded {
    match c {
        // Arabic yeh and alef maksura come from Arabic keyboards and old Windows layouts.
        '\u{064A}' | '\u{0649}' => Folded::Char('\u{06CC}'),
        // Arabic kaf, same reason.
        '\u{0643}' => Folded::Char('\u{06A9}'),
        // Heh with yeh above (ezafe) and teh marbuta are spelling variants of a final heh.
        '\u{06C0}' | '\u{0629}' => Folded::Char(HEH),
        // Harakat, superscript alef and tatweel are optional in Persian writing.
        '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}' => Folded::Drop,
        // Writers disagree on ZWNJ vs space inside words («می‌خواهم» / «می خواهم»).
        '\u{200C}' | '\u{200D}' => Folded::Space,
        // Bidi controls and BOM are pasted along with text copied from RTL pages and are invisible,
        // so a key that kept them would fail to match what the user sees. NFKC keeps them; this
        // is a deliberate extra fold.
        '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => Folded::Drop,
        // Fullwidth ASCII is the part of NFKC that CJK IMEs and some phones produce.
        '\u{FF01}'..='\u{FF5E}' => match char::from_u32(u32::from(c) - 0xFEE0) {
            Some(ascii) => Folded::Char(ascii),
            None => Folded::Char(c),
        },
        // Covers NBSP, narrow NBSP, thin space etc., which NFKC maps to a plain space.
        c if c.is_whitespace() => Folded::Space,
        c => Folded::Char(fold_digit(c)),
    }
}

/// The normalised key used for searching and for comparing typed text.
///
/// Folds Arabic letter variants to Persian ones, strips harakat and tatweel, turns digits into
/// ASCII, treats ZWNJ/ZWJ as a space, collapses and trims whitespace, and lowercases.
pub fn search_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // A separator is written only when the next kept char arrives, which both collapses runs and
    // trims the ends without a second pass.
    let mut pending_space = false;
    for c in s.chars() {
        match fold_char(c) {
            Folded::Drop => {}
            Folded::Space => pending_space = !out.is_empty(),
            Folded::Char(c) => {
                // «ۀ» can also arrive decomposed as heh + hamza above; fold it like the composed form.
                if c == HAMZA_ABOVE && !pending_space && out.ends_with(HEH) {
                    continue;
                }
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.extend(c.to_lowercase());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_letters_fold_to_persian() {
        assert_eq!(search_key("كتاب"), search_key("کتاب"));
        assert_eq!(search_key("علي"), "علی");
        assert_eq!(search_key("موسى"), "موسی");
        assert_eq!(search_key("خانۀ"), search_key("خانه"));
        assert_eq!(search_key("خانه\u{0654}"), search_key("خانه"));
        assert_eq!(search_key("مدرسة"), "مدرسه");
    }

    #[test]
    fn digits_become_ascii() {
        assert_eq!(search_key("۱۴۰۳"), "1403");
        assert_eq!(search_key("٢٠٢٥"), "2025");
        assert_eq!(search_key("１２３"), "123");
    }

    #[test]
    fn zwnj_and_space_spellings_meet() {
        assert_eq!(search_key("می‌خواهم"), search_key("می خواهم"));
        assert_eq!(search_key("می‌خواهم"), "می خواهم");
        assert_eq!(search_key("دانش\u{200D}آموخته"), "دانش آموخته");
    }

    #[test]
    fn harakat_and_tatweel_are_stripped() {
        assert_eq!(search_key("کِتاب"), "کتاب");
        assert_eq!(search_key("مُحَمَّد"), "محمد");
        assert_eq!(search_key("کـــتاب"), "کتاب");
        assert_eq!(search_key("رحمٰن"), "رحمن");
        assert_eq!(search_key("قطعاً"), "قطعا");
    }

    #[test]
    fn whitespace_collapses_and_trims() {
        assert_eq!(search_key("  سلام \t\n  دنیا  "), "سلام دنیا");
        assert_eq!(
            search_key("\u{200C}سلام\u{00A0}\u{200C} دنیا\u{200C}"),
            "سلام دنیا"
        );
        assert_eq!(search_key("   "), "");
        assert_eq!(search_key(""), "");
    }

    #[test]
    fn latin_is_lowercased_and_invisible_marks_dropped() {
        assert_eq!(search_key("MSRT Exam"), "msrt exam");
        assert_eq!(search_key("ＡＢＣ"), "abc");
        assert_eq!(search_key("\u{200F}کد\u{200E} ۱۲"), "کد 12");
    }

    #[test]
    fn key_is_idempotent() {
        for s in ["كتابِ  من‌ها ۱۲", "Ｈello  ة", "  \u{200C} "] {
            let k = search_key(s);
            assert_eq!(search_key(&k), k);
        }
    }
}

/// `text` as the contents of an element whose children the renderer writes unescaped (our
/// renderer treats `<textarea>` so): the characters that could end the element or start markup
/// become character references, which the browser reads back as the text itself.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod markup_tests {
    use super::escape_markup;

    #[test]
    fn markup_in_text_becomes_character_references() {
        assert_eq!(
            escape_markup("x</textarea><meta http-equiv=\"refresh\">&amp;"),
            "x&lt;/textarea&gt;&lt;meta http-equiv=\"refresh\"&gt;&amp;amp;"
        );
        assert_eq!(escape_markup("سلام\nخط دوم"), "سلام\nخط دوم");
    }
}
