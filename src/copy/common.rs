//! Small pieces of wording many pages share: separators, percentages, placeholders.

/// Between the items of a list in a sentence («الف، ب، پ»).
pub const LIST_SEPARATOR: &str = "، ";

/// A percentage whose number is already written out («۷۵٪»).
pub fn percent(number: &str) -> String {
    format!("{number}٪")
}

/// A rating out of five whose number is already written out («۴ / ۵»).
pub fn out_of_five(number: &str) -> String {
    format!("{number} / ۵")
}

/// The date picker's column heads, Saturday first.
pub const WEEKDAY_INITIALS: [&str; 7] = ["ش", "ی", "د", "س", "چ", "پ", "ج"];
/// What a Jalali date field shows while empty: an example date in the current Jalali year.
pub fn date_placeholder(year: i32) -> String {
    format!(
        "{}/۰۱/۳۱",
        crate::copy::digits::to_persian_digits(&year.to_string())
    )
}
/// What a mobile field shows while empty.
pub const MOBILE_PLACEHOLDER: &str = "۰۹۱۲۳۴۵۶۷۸۹";
/// The one-letter mark beside the product's name in the header.
pub const BRAND_MARK: &str = "پ";
/// What stays of a sign-in code's text in the outbox once it is delivered or spent.
pub const CODE_WIPED: &str = "[کد یک‌بارمصرف این پیامک پس از ارسال یا پایان اعتبار پاک شد]";
/// A chart bar's tooltip: the series, the month and the value.
pub fn chart_bar_title(series: &str, month: &str, value: &str) -> String {
    format!("{series}، {month}: {value}")
}
pub const CLOSE: &str = "بستن";
pub const DRAFT_RESTORED: &str = "متنی که پیش‌تر نوشته بودید و فرستاده نشده بود، بازگردانده شد.";
pub const DRAFT_DISCARD: &str = "پاک کردن پیش‌نویس";
