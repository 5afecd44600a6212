//! The admins' tariffs page and the import of a year's table from a spreadsheet the finance
//! office already has: the upload, the preview with each error beside its row and cell, and the
//! confirmation that saves every row or none.
//!
//! Numbers arrive already written in Persian digits (see `copy::digits`).

pub const TARIFFS_PAGE_TITLE: &str = "تعرفه‌های همهٔ خدمات";
pub const TARIFFS_PAGE_HELP: &str = "سطرهای تعرفهٔ همهٔ انواع درخواست، تازه‌ترین سال و تازه‌ترین تاریخ اجرا در بالا. برای افزودن یک سطر یا اصلاحیه به صفحهٔ همان نوع درخواست بروید؛ جدول یک سال را می‌توانید از پرونده وارد کنید.";
pub const TARIFFS_ALL_TABLE: &str = "جدول تعرفه‌های همهٔ انواع درخواست";
pub const TARIFFS_NONE_AT_ALL: &str = "هنوز تعرفه‌ای ثبت نشده است.";
pub const TARIFFS_NONE_IN_YEAR: &str = "برای این سال مالی تعرفه‌ای ثبت نشده است.";
pub const TARIFF_TYPE: &str = "نوع درخواست";
pub const TARIFF_YEARS_ALL: &str = "همهٔ سال‌ها";
pub const TARIFF_FILTER: &str = "نمایش";
pub const TARIFF_FILTER_TITLE: &str = "صافی سال مالی";

pub const IMPORT_TITLE: &str = "ورود جدول تعرفهٔ یک سال از پرونده";
pub const IMPORT_HELP: &str = "پروندهٔ XLSX یا CSV دفتر مالی را بفرستید. سطر نخست عنوان ستون‌هاست، به هر ترتیبی: «نوع درخواست» (عنوانی که در سامانه آمده یا شناسهٔ عددی آن)، «نوع متقاضی» (دانشجو، دانش‌آموخته یا مؤسسه)، «تاریخ اجرا» (خالی یعنی ۱ فروردین همان سال)، «مبلغ»، «واحد» (ریال یا تومان؛ خالی یعنی ریال) و «منبع» (جدول و ردیف قانون بودجه). پیش از ثبت، همهٔ سطرها را با خطاهایشان می‌بینید و تا تأیید نکنید چیزی ذخیره نمی‌شود.";
pub const IMPORT_YEAR: &str = "سال مالی جدول";
pub const IMPORT_YEAR_HELP: &str =
    "تاریخ اجرای هر سطر باید در همین سال باشد (از ۱ فروردین تا پایان اسفند).";
pub const IMPORT_FILE: &str = "پروندهٔ جدول";
// «UTF-8» is a left-to-right token, in its own string.
pub const IMPORT_FILE_HELP: &str = concat!(
    "پروندهٔ XLSX یا CSV با کدگذاری ",
    "UTF-8",
    " (جداکنندهٔ ویرگول، نقطه‌ویرگول یا Tab)، حداکثر ۲ مگابایت و ۵٬۰۰۰ سطر؛ از کتاب کار XLSX فقط نخستین برگه خوانده می‌شود."
);
pub const IMPORT_UPLOAD: &str = "بارگذاری و پیش‌نمایش";

pub const IMPORT_PREVIEW_TITLE: &str = "پیش‌نمایش ورود تعرفه‌ها";
pub const IMPORT_NOTHING_SAVED: &str = "هنوز چیزی ذخیره نشده است. سطرها را بررسی کنید؛ با تأیید، همهٔ سطرها با هم ثبت می‌شوند و اگر حتی یک سطر خطا داشته باشد هیچ‌کدام ثبت نمی‌شود.";
pub const IMPORT_ROWS_TABLE: &str = "سطرهای پرونده";
pub const IMPORT_ROW: &str = "سطر";
pub const IMPORT_STATUS: &str = "وضعیت";
pub const IMPORT_ROW_OK: &str = "درست";
pub const IMPORT_ROW_BAD: &str = "خطا دارد";
pub const IMPORT_BLOCKED: &str =
    "تا همهٔ سطرها درست نشوند چیزی ثبت نمی‌شود. پرونده را درست کنید و دوباره بارگذاری کنید.";
pub const IMPORT_ANOTHER: &str = "بارگذاری پروندهٔ دیگر";
pub const IMPORT_ALREADY_DONE: &str = "سطرهای این پرونده پیش‌تر ثبت شده‌اند.";
pub const IMPORT_TO_TARIFFS: &str = "بازگشت به تعرفه‌ها";

/// «پروندهٔ tariffs.xlsx برای سال مالی ۱۴۰۴».
pub fn import_file_for_year(file_name: &str, year: &str) -> String {
    format!("پروندهٔ «{file_name}» برای سال مالی {year}")
}

/// «۱۲ سطر: ۱۰ سطر درست، ۲ سطر با خطا».
pub fn import_summary(total: &str, ok: &str, bad: &str) -> String {
    format!("{total} سطر: {ok} سطر درست، {bad} سطر با خطا")
}

/// The confirm button: «ثبت هر ۱۲ سطر».
pub fn import_confirm(total: &str) -> String {
    format!("ثبت هر {total} سطر")
}

/// After a confirmed import: «۱۲ سطر تعرفه ثبت شد.».
pub fn import_done(count: &str) -> String {
    format!("{count} سطر تعرفه ثبت شد.")
}

/// «ستون مبلغ: …», an error of one cell, for screen readers and cards.
pub fn import_cell_error(column: &str, message: &str) -> String {
    format!("{column}: {message}")
}

// Header names the finance office's files use, any one of them per column (compared without
// regard to half-spaces, the ezafe mark or Arabic letters). The first is the column's name.
pub const IMPORT_HEADERS_TYPE: &[&str] = &[
    "نوع درخواست",
    "درخواست",
    "خدمت",
    "عنوان خدمت",
    "شناسهٔ نوع درخواست",
];
pub const IMPORT_HEADERS_KIND: &[&str] = &["نوع متقاضی", "متقاضی"];
pub const IMPORT_HEADERS_FROM: &[&str] = &["تاریخ اجرا", "تاریخ", "از تاریخ"];
pub const IMPORT_HEADERS_AMOUNT: &[&str] = &["مبلغ", "مبلغ تعرفه", "تعرفه"];
pub const IMPORT_HEADERS_UNIT: &[&str] = &["واحد", "واحد مبلغ"];
pub const IMPORT_HEADERS_SOURCE: &[&str] = &[
    "منبع",
    "منبع (جدول و ردیف قانون بودجه)",
    "جدول و ردیف",
    "جدول و ردیف قانون بودجه",
];

pub const ERR_IMPORT_FILE_REQUIRED: &str = "پروندهٔ جدول تعرفه را برگزینید.";
pub const ERR_IMPORT_NOT_SPREADSHEET: &str =
    "این پرونده جدول نیست یا خوانده نمی‌شود. پروندهٔ XLSX یا CSV بفرستید.";
pub const ERR_IMPORT_NOT_UTF8: &str = concat!(
    "پروندهٔ CSV باید با کدگذاری ",
    "UTF-8",
    " ذخیره شده باشد؛ در Excel هنگام ذخیره گزینهٔ ",
    "CSV UTF-8",
    " را برگزینید."
);
pub const ERR_IMPORT_TOO_LARGE: &str =
    "پرونده بزرگ‌تر از ۲ مگابایت است؛ جدول یک سال را جدا بفرستید.";
pub const ERR_IMPORT_TOO_MANY_ROWS: &str =
    "پرونده بیش از ۵٬۰۰۰ سطر دارد؛ جدول یک سال را جدا بفرستید.";
pub const ERR_IMPORT_EMPTY: &str =
    "پرونده خالی است؛ سطر عنوان ستون‌ها و دست‌کم یک سطر تعرفه لازم است.";
pub const ERR_IMPORT_NO_ROWS: &str = "پرونده جز سطر عنوان ستون‌ها سطری ندارد.";
pub const ERR_IMPORT_YEAR: &str = "سال مالی را با چهار رقم بنویسید (مثلاً ۱۴۰۴).";

/// A quoted CSV field left open: «نقل‌قولی که در سطر ۷ باز شده بسته نشده است.».
pub fn err_import_open_quote(line: &str) -> String {
    format!("پروندهٔ CSV خراب است: نقل‌قولی که در سطر {line} باز شده بسته نشده است.")
}

/// «ستون‌های «مبلغ»، «منبع» در سطر عنوان‌ها پیدا نشد.».
pub fn err_import_missing_columns(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("«{n}»")).collect();
    format!(
        "ستون {} در سطر نخست (عنوان ستون‌ها) پیدا نشد. عنوان‌های شناخته: نوع درخواست، نوع متقاضی، تاریخ اجرا، مبلغ، واحد و منبع.",
        quoted.join("، ")
    )
}

/// «ستون «مبلغ» دو بار آمده است.».
pub fn err_import_repeated_column(name: &str) -> String {
    format!("ستون «{name}» دو بار آمده است؛ هر ستون یک بار.")
}

pub const ERR_IMPORT_TYPE_MISSING: &str = "نوع درخواست را بنویسید: عنوان آن یا شناسهٔ عددی آن.";
pub const ERR_IMPORT_TYPE_UNKNOWN: &str = "نوع درخواستی با این عنوان یا شناسه پیدا نشد.";
pub const ERR_IMPORT_TYPE_AMBIGUOUS: &str =
    "چند نوع درخواست همین عنوان را دارند؛ شناسهٔ عددی را بنویسید.";
pub const ERR_IMPORT_KIND: &str = "نوع متقاضی باید «دانشجو»، «دانش‌آموخته» یا «مؤسسه» باشد.";
pub const ERR_IMPORT_UNIT: &str = "واحد باید «ریال» یا «تومان» باشد؛ خالی یعنی ریال.";
pub const ERR_IMPORT_SAME_DAY_STORED: &str =
    "برای این نوع درخواست و نوع متقاضی از همین روز تعرفه‌ای پیش‌تر ثبت شده است.";

/// A date outside the year chosen for the import.
pub fn err_import_outside_year(year: &str) -> String {
    format!("تاریخ اجرا باید در سال مالی {year} باشد (از ۱ فروردین تا پایان اسفند).")
}

/// A row that repeats an earlier one: «همان نوع درخواست، نوع متقاضی و تاریخ اجرای سطر ۵».
pub fn err_import_duplicate_row(line: &str) -> String {
    format!("تکرار سطر {line} است: همان نوع درخواست، نوع متقاضی و تاریخ اجرا.")
}

/// Confirmation refused because rows have errors.
pub fn err_import_rows_have_errors(bad: &str) -> String {
    format!("هیچ سطری ثبت نشد: {bad} سطر خطا دارد. خطا کنار هر سطر نوشته شده است.")
}

pub const ERR_IMPORT_CONFLICT_MEANWHILE: &str = "هیچ سطری ثبت نشد: در این فاصله تعرفه‌ای از همان روز ثبت شده است. سطرهای تکراری در پیش‌نمایش نشان داده شده‌اند.";
pub const ERR_IMPORT_ALREADY_CONFIRMED: &str =
    "سطرهای این پرونده پیش‌تر ثبت شده‌اند و دوباره ثبت نمی‌شوند.";
pub const ERR_IMPORT_GONE: &str =
    "این پیش‌نمایش پیدا نشد یا بیش از یک روز از آن گذشته است؛ پرونده را دوباره بارگذاری کنید.";
