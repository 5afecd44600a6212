//! Amounts of money as people read them: rials and tomans in Persian digits, and the amount in
//! words as a bank receipt or a cheque writes it («یکصد و پنجاه هزار ریال»).
//!
//! Money is integer rials everywhere below the page (a toman is ten rials: the ×10 slip between
//! the two is the classic bug, so the words always name the unit).

use crate::copy::digits::persian_grouped;

const ONES: [&str; 20] = [
    "",
    "یک",
    "دو",
    "سه",
    "چهار",
    "پنج",
    "شش",
    "هفت",
    "هشت",
    "نه",
    "ده",
    "یازده",
    "دوازده",
    "سیزده",
    "چهارده",
    "پانزده",
    "شانزده",
    "هفده",
    "هجده",
    "نوزده",
];
const TENS: [&str; 10] = [
    "",
    "",
    "بیست",
    "سی",
    "چهل",
    "پنجاه",
    "شصت",
    "هفتاد",
    "هشتاد",
    "نود",
];
// «یکصد», as receipts and cheques write it (not the bare «صد»).
const HUNDREDS: [&str; 10] = [
    "",
    "یکصد",
    "دویست",
    "سیصد",
    "چهارصد",
    "پانصد",
    "ششصد",
    "هفتصد",
    "هشتصد",
    "نهصد",
];
// Each group of three digits, from the lowest: «هزار», «میلیون», «میلیارد», «هزار میلیارد» …
const SCALES: [&str; 7] = [
    "",
    "هزار",
    "میلیون",
    "میلیارد",
    "هزار میلیارد",
    "میلیون میلیارد",
    "میلیارد میلیارد",
];
const AND: &str = " و ";

/// A number below a thousand in words («سیصد و چهل و پنج»); empty for zero.
fn below_thousand(n: u64) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let (h, rest) = ((n / 100) as usize, (n % 100) as usize);
    if h > 0 {
        parts.push(HUNDREDS[h]);
    }
    if rest >= 20 {
        parts.push(TENS[rest / 10]);
        if rest % 10 > 0 {
            parts.push(ONES[rest % 10]);
        }
    } else if rest > 0 {
        parts.push(ONES[rest]);
    }
    parts.join(AND)
}

/// A whole number in words, in the style of Iranian receipts: groups of three joined by «و»,
/// each followed by its scale («یک میلیون و دویست و پنجاه هزار و سی»); «صفر» for zero.
pub fn number_in_words(n: u64) -> String {
    if n == 0 {
        return "صفر".to_string();
    }
    let mut groups = Vec::new();
    let mut rest = n;
    let mut scale = 0;
    while rest > 0 {
        let group = rest % 1000;
        if group > 0 {
            let words = below_thousand(group);
            groups.push(if SCALES[scale].is_empty() {
                words
            } else {
                format!("{words} {}", SCALES[scale])
            });
        }
        rest /= 1000;
        scale += 1;
    }
    groups.reverse();
    groups.join(AND)
}

/// «یکصد و پنجاه هزار ریال»: an amount in rials, in words.
pub fn rials_in_words(rials: i64) -> String {
    format!("{} ریال", number_in_words(rials.unsigned_abs()))
}

/// «۱۵۰٬۰۰۰ ریال»: an amount in rials, in grouped Persian digits.
pub fn rials_figure(rials: i64) -> String {
    format!("{} ریال", persian_grouped(rials))
}

/// «۱۵٬۰۰۰ تومان»: the same amount in tomans (a tenth), as people say prices; a fraction of a
/// toman (an amount not a multiple of ten rials) is shown with its decimal.
pub fn tomans_figure(rials: i64) -> String {
    let whole = persian_grouped(rials / 10);
    match (rials % 10).unsigned_abs() {
        0 => format!("{whole} تومان"),
        d => format!(
            "{whole}٫{} تومان",
            crate::copy::digits::persian_number(d as i64)
        ),
    }
}

/// Free of charge: what the request flow says where no tariff is in force.
pub const FEE_FREE: &str = "رایگان";

pub const ERR_AMOUNT_INVALID: &str =
    "مبلغ را فقط با رقم بنویسید؛ جداکنندهٔ سه‌رقمی مجاز است (مثلاً ۱۵۰٬۰۰۰).";
pub const ERR_AMOUNT_TOO_LARGE: &str = "این مبلغ بیش از حد مجاز است.";
pub const ERR_AMOUNT_TOO_SMALL: &str =
    "مبلغ باید صفر (رایگان) یا دست‌کم ۱۰٬۰۰۰ ریال باشد؛ درگاه‌های پرداخت مبلغ کمتر را نمی‌پذیرند.";
pub const ERR_TARIFF_SOURCE: &str =
    "منبع تعرفه را بنویسید: جدول و ردیف قانون بودجه (مثلاً «جدول ۱۸ قانون بودجه ۱۴۰۴، ردیف ۱۲۳۴۵۶»).";
pub const ERR_TARIFF_SAME_DAY: &str =
    "برای این نوع متقاضی از همین روز تعرفه‌ای ثبت شده است؛ اصلاحیه را از روز دیگری ثبت کنید.";
pub const ERR_TARIFF_KIND: &str = "نوع متقاضی را انتخاب کنید.";
pub const ERR_TARIFF_UNIT: &str = "واحد مبلغ را انتخاب کنید: ریال یا تومان.";

pub const TARIFFS: &str = "تعرفه‌ها";
pub const TARIFFS_HELP: &str = "هزینهٔ این خدمت را جداول بودجهٔ سالانه تعیین می‌کنند. سال مالی از ۱ فروردین تا پایان اسفند است؛ هر اصلاحیه سطری تازه از روز اجرای خود است و سطرها هرگز پاک نمی‌شوند. بدون تعرفهٔ جاری، خدمت رایگان است.";
pub const TARIFFS_TABLE: &str = "جدول تعرفه‌های این نوع درخواست";
pub const TARIFFS_NONE: &str = "هنوز تعرفه‌ای ثبت نشده است؛ این خدمت رایگان است.";
pub const TARIFF_ADD: &str = "افزودن تعرفه یا اصلاحیه";
pub const TARIFF_KIND: &str = "نوع متقاضی";
pub const TARIFF_YEAR: &str = "سال مالی";
pub const TARIFF_FROM: &str = "تاریخ اجرا";
pub const TARIFF_FROM_HELP: &str = "تعرفه از این روز اجرا می‌شود و سال مالی آن، سال همین تاریخ است. برای تعرفهٔ تازهٔ سال، ۱ فروردین را بنویسید.";
pub const TARIFF_AMOUNT: &str = "مبلغ";
pub const TARIFF_AMOUNT_HELP: &str = "صفر یعنی رایگان از این تاریخ.";
pub const TARIFF_UNIT: &str = "واحد";
pub const UNIT_RIALS: &str = "ریال";
pub const UNIT_TOMANS: &str = "تومان";
pub const TARIFF_SOURCE: &str = "منبع (جدول و ردیف قانون بودجه)";
pub const TARIFF_IN_FORCE: &str = "جاری";
pub const TARIFF_SAVE: &str = "ثبت تعرفه";

pub const ERR_TARIFF_OUTSIDE_YEAR: &str =
    "تاریخ اجرای تعرفه باید در همان سال مالی باشد (از ۱ فروردین تا پایان اسفند).";

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Spellings checked by hand against receipts and the Academy's style (one written style:
    /// «یکصد», «هجده», groups joined by «و»).
    const KNOWN: &[(u64, &str)] = &[
        (0, "صفر"),
        (1, "یک"),
        (9, "نه"),
        (10, "ده"),
        (11, "یازده"),
        (15, "پانزده"),
        (18, "هجده"),
        (19, "نوزده"),
        (20, "بیست"),
        (21, "بیست و یک"),
        (99, "نود و نه"),
        (100, "یکصد"),
        (101, "یکصد و یک"),
        (110, "یکصد و ده"),
        (120, "یکصد و بیست"),
        (205, "دویست و پنج"),
        (345, "سیصد و چهل و پنج"),
        (500, "پانصد"),
        (999, "نهصد و نود و نه"),
        (1000, "یک هزار"),
        (1001, "یک هزار و یک"),
        (2500, "دو هزار و پانصد"),
        (10_000, "ده هزار"),
        (12_000, "دوازده هزار"),
        (100_000, "یکصد هزار"),
        (150_000, "یکصد و پنجاه هزار"),
        (250_000, "دویست و پنجاه هزار"),
        (1_000_000, "یک میلیون"),
        (1_250_000, "یک میلیون و دویست و پنجاه هزار"),
        (2_000_030, "دو میلیون و سی"),
        (
            12_345_678,
            "دوازده میلیون و سیصد و چهل و پنج هزار و ششصد و هفتاد و هشت",
        ),
        (1_000_000_000, "یک میلیارد"),
        (3_000_000_001, "سه میلیارد و یک"),
        (1_000_000_000_000, "یک هزار میلیارد"),
    ];

    #[test]
    fn known_spellings() {
        for (n, words) in KNOWN {
            assert_eq!(number_in_words(*n), *words, "{n}");
        }
        assert_eq!(rials_in_words(150_000), "یکصد و پنجاه هزار ریال");
    }

    #[test]
    fn figures_in_rials_and_tomans() {
        assert_eq!(rials_figure(1_500_000), "۱٬۵۰۰٬۰۰۰ ریال");
        assert_eq!(tomans_figure(1_500_000), "۱۵۰٬۰۰۰ تومان");
        assert_eq!(tomans_figure(1_505), "۱۵۰٫۵ تومان");
        assert_eq!(tomans_figure(0), "۰ تومان");
    }

    /// Reads words back into a number (the test's own parser, from the tables above).
    fn parse(words: &str) -> u64 {
        if words == "صفر" {
            return 0;
        }
        let value_of = |w: &str| -> u64 {
            if let Some(i) = ONES.iter().position(|x| *x == w) {
                return i as u64;
            }
            if let Some(i) = TENS.iter().position(|x| *x == w) {
                return i as u64 * 10;
            }
            if let Some(i) = HUNDREDS.iter().position(|x| *x == w) {
                return i as u64 * 100;
            }
            panic!("not a number word: {w}");
        };
        // The parts of a group of three digits add up until one carries the group's scale.
        let (mut total, mut group) = (0, 0);
        for part in words.split(AND) {
            let (num, scale) = part.split_once(' ').unwrap_or((part, ""));
            group += value_of(num);
            if !scale.is_empty() {
                let power = SCALES
                    .iter()
                    .position(|s| *s == scale)
                    .unwrap_or_else(|| panic!("not a scale: {scale}"));
                total += group * 1000u64.pow(power as u32);
                group = 0;
            }
        }
        total + group
    }

    proptest! {
        /// Every amount reads back as itself: no number word is dropped, doubled or misplaced.
        #[test]
        fn words_read_back_as_the_number(n in 0u64..1_000_000_000_000_000) {
            prop_assert_eq!(parse(&number_in_words(n)), n);
        }

        /// A thousand times a number is its words followed by «هزار» (below a million).
        #[test]
        fn thousands_are_the_words_then_thousand(n in 1u64..1000) {
            prop_assert_eq!(number_in_words(n * 1000), format!("{} هزار", number_in_words(n)));
        }
    }
}
