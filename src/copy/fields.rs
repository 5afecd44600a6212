//! The data fields of a request type: their kinds, why an answer was refused, and why an admin's
//! field definition was. `label` is the field's title as the admin wrote it.

pub const FIELD_KIND_SHORT_TEXT: &str = "متن کوتاه";
pub const FIELD_KIND_LONG_TEXT: &str = "متن بلند";
pub const FIELD_KIND_NUMBER: &str = "عدد";
pub const FIELD_KIND_CHOICE: &str = "گزینه‌ای";
pub const FIELD_KIND_JALALI_DATE: &str = "تاریخ (شمسی)";
pub const FIELD_KIND_NATIONAL_CODE: &str = "کد ملی";
pub const FIELD_KIND_MOBILE: &str = "شماره همراه";
pub const FIELD_KIND_FILE: &str = "فایل";

pub fn err_answer_missing(label: &str) -> String {
    format!("«{label}» را پر کنید.")
}

/// `max` is the number of characters allowed.
pub fn err_answer_too_long(label: &str, max: &str) -> String {
    format!("«{label}» حداکثر {max} نویسه می‌تواند باشد.")
}

pub fn err_answer_not_a_number(label: &str) -> String {
    format!("«{label}» باید عدد باشد.")
}

pub fn err_answer_not_a_choice(label: &str) -> String {
    format!("برای «{label}» یکی از گزینه‌ها را انتخاب کنید.")
}

/// A typed value (a date, a national code, a mobile) refused for `reason`.
pub fn err_answer_refused(label: &str, reason: &str) -> String {
    format!("«{label}»: {reason}")
}

pub const ERR_FIELD_LABEL: &str = "عنوان فیلد را (حداکثر ۱۲۰ نویسه) بنویسید.";
pub const ERR_FIELD_KIND: &str = "نوع فیلد را انتخاب کنید.";
pub const ERR_FIELD_HELP_LONG: &str = "راهنمای فیلد حداکثر ۵۰۰ نویسه می‌تواند باشد.";
pub const ERR_FIELD_CHOICES: &str =
    "برای فیلد گزینه‌ای دست‌کم دو گزینه (هر گزینه در یک سطر) بنویسید.";
