//! The Jalali calendar in words: month and weekday names, dates with times, hour spans, and why
//! a typed date was refused.

/// Farvardin first.
pub const MONTH_NAMES: [&str; 12] = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
];

pub const WEEKDAY_SATURDAY: &str = "شنبه";
pub const WEEKDAY_SUNDAY: &str = "یکشنبه";
pub const WEEKDAY_MONDAY: &str = "دوشنبه";
pub const WEEKDAY_TUESDAY: &str = "سه‌شنبه";
pub const WEEKDAY_WEDNESDAY: &str = "چهارشنبه";
pub const WEEKDAY_THURSDAY: &str = "پنجشنبه";
pub const WEEKDAY_FRIDAY: &str = "جمعه";

pub const ERR_DATE_FORMAT: &str = "لطفاً تاریخ را به شکل ۱۴۰۴/۰۱/۲۵ وارد کنید.";
/// Well formed, but the calendar has no such day (e.g. 30 Esfand of a common year).
pub const ERR_NO_SUCH_DAY: &str = "چنین روزی در تقویم وجود ندارد؛ لطفاً تاریخ را بررسی کنید.";

/// «۱۴۰۴/۰۱/۰۱ ساعت ۰۹:۰۵».
pub fn date_at_time(date: &str, time: &str) -> String {
    format!("{date} ساعت {time}")
}

/// «۰۸:۰۰ تا ۱۴:۰۰».
pub fn time_span(from: &str, to: &str) -> String {
    format!("{from} تا {to}")
}
