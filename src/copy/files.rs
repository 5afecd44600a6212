//! Uploaded files: why one was refused, and sizes in words.

pub const ERR_FILE_EMPTY: &str = "فایل خالی است.";
/// The content is not one of the allowed kinds.
pub const ERR_FILE_KIND: &str = "این نوع فایل پذیرفته نمی‌شود. فایل‌های مجاز: PDF، تصویر (PNG، JPG، WebP، GIF)، Word، Excel و متن ساده.";
/// The name's extension says one kind, the content another.
pub const ERR_FILE_NAME_MISMATCH: &str =
    "پسوند نام فایل با محتوای آن یکی نیست. فایل اصلی را با نام درست بارگذاری کنید.";
pub const ERR_TOO_MANY_FILES: &str = "تعداد فایل‌ها بیش از حد مجاز است.";

/// `megabytes`: the per-file limit.
pub fn err_file_too_large(megabytes: &str) -> String {
    format!("حجم هر فایل حداکثر {megabytes} مگابایت می‌تواند باشد.")
}

/// `megabytes`: the limit on all of one request's attachments together.
pub fn err_attachments_too_large(megabytes: &str) -> String {
    format!("حجم همهٔ پیوست‌های یک درخواست حداکثر {megabytes} مگابایت می‌تواند باشد.")
}

/// Between the whole part and the tenths: «۲٫۵».
pub const DECIMAL_SEPARATOR: &str = "٫";

/// «۲٫۵ مگابایت».
pub fn megabytes(n: &str) -> String {
    format!("{n} مگابایت")
}

/// «۳۴۰ کیلوبایت».
pub fn kilobytes(n: &str) -> String {
    format!("{n} کیلوبایت")
}
/// Above the names of the files a failed form post carried (without JavaScript a browser
/// cannot be given a chosen file back).
pub const CHOOSE_FILES_AGAIN: &str =
    "فایل‌هایی که انتخاب کرده بودید فرستاده نشدند؛ لطفاً این فایل‌ها را دوباره انتخاب کنید:";
