//! The SLA: where a clock stands, the policy form, and spans of working time.

pub const CLOCK_RUNNING: &str = "در مهلت";
pub const CLOCK_AT_RISK: &str = "نزدیک به پایان مهلت";
pub const CLOCK_PAUSED: &str = "متوقف (در انتظار متقاضی)";
pub const CLOCK_BREACHED: &str = "از مهلت گذشته";
/// Stopped within the target.
pub const CLOCK_MET: &str = "در مهلت انجام شد";

pub const ERR_POLICY_UNIT: &str = "واحد را روز کاری یا ساعت کاری انتخاب کنید.";
pub const ERR_POLICY_TARGET: &str = "هدف را عددی درست از ۱ تا ۱۰۰۰ بنویسید.";
/// The resolution target is shorter than the initial-result target.
pub const ERR_POLICY_ORDER: &str = "هدف حل درخواست نمی‌تواند کوتاه‌تر از هدف نتیجهٔ اولیه باشد.";
pub const ERR_POLICY_WARN: &str = "درصد هشدار باید عددی از ۱ تا ۹۹ باشد.";

/// «2 روز و 3 ساعت کاری»: the parts of a span of working time that are not zero (minutes when
/// all are). The digits are ASCII; the caller writes the whole in Persian digits.
pub fn working_span(days: i64, hours: i64, minutes: i64) -> String {
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(format!("{days} روز"));
    }
    if hours > 0 {
        parts.push(format!("{hours} ساعت"));
    }
    if minutes > 0 || parts.is_empty() {
        parts.push(format!("{minutes} دقیقه"));
    }
    format!("{} کاری", parts.join(" و "))
}

pub const SLA_DASHBOARD: &str = "پایش توافق سطح خدمت";
pub const SLA_DASHBOARD_INTRO: &str = "زمان کاری از ثبت درخواست تا اعلام نتیجهٔ اولیه، بر پایهٔ ماه ثبت درخواست. برای خدمت‌های پولی، زمان و ماه از لحظهٔ تأیید پرداخت شمرده می‌شود و درخواست پرداخت‌نشده در گزارش نیست. میانه و صدک ۹۰ فقط از درخواست‌هایی است که نتیجهٔ اولیه گرفته‌اند.";
pub const SLA_MONTH: &str = "ماه";
pub const SLA_SHOW: &str = "نمایش";
pub const SLA_BY_TYPE: &str = "به تفکیک نوع درخواست و ماه";
pub const SLA_BY_AGENT: &str = "به تفکیک کارشناس";
pub const SLA_BY_GROUP: &str = "به تفکیک گروه";
pub const SLA_BACKLOG: &str = "درخواست‌های باز هم‌اکنون";
pub const SLA_CHARTS_TWELVE: &str = "دوازده ماه اخیر";
pub const SLA_BY_TYPE_IN: &str = "به تفکیک نوع درخواست در";
pub const SLA_BY_TYPE_NOTE: &str = "جدول همهٔ دوازده ماه در خروجی CSV و Excel است. اگر سیاست یک نوع در این ماه عوض شده باشد، هر نسخه ردیف جداگانه دارد.";
pub const SLA_TYPE: &str = "نوع درخواست";
pub const SLA_VERSION: &str = "نسخهٔ سیاست";
pub const SLA_TARGET: &str = "هدف";
pub const SLA_RESULTS: &str = "نتیجهٔ اولیه داده‌شده";
pub const SLA_WAITING: &str = "در انتظار نتیجه";
pub const SLA_AVG: &str = "میانگین";
pub const SLA_MEDIAN: &str = "میانه";
pub const SLA_P90: &str = "صدک ۹۰";
pub const SLA_WITHIN: &str = "درون مهلت";
pub const SLA_BREACHES: &str = "نقض مهلت";
pub const SLA_OPEN_NOW: &str = "باز";
pub const SLA_AT_RISK_NOW: &str = "در خطر";
pub const SLA_BREACHED_NOW: &str = "گذشته از مهلت";
/// Said after a table's name, so its scrolling region is not named like its section.
pub const SLA_TABLE_SUFFIX: &str = "(جدول)";
pub const SLA_NAME: &str = "نام";
pub const SLA_NO_AGENT: &str = "بدون کارشناس";
pub const SLA_NO_GROUP: &str = "بدون گروه";
pub const SLA_NO_DATA: &str = "هنوز داده‌ای برای این بازه نیست.";
pub const SLA_TARGET_LINE: &str = "هدف توافق";
pub const SLA_CHART_WITHIN: &str = "سهم نتیجه‌های اولیهٔ درون مهلت (درصد)";
pub const SLA_CHART_WITHIN_DESC: &str =
    "برای هر ماه ثبت، درصد درخواست‌هایی که نتیجهٔ اولیه‌شان درون مهلت توافق اعلام شد.";
pub const SLA_CHART_TYPE_DESC: &str =
    "میانه و صدک ۹۰ زمان کاری تا نتیجهٔ اولیه، به ساعت کاری، برای هر ماه ثبت؛ خط‌چین هدف توافق است.";
pub const SLA_EXPORT_CSV: &str = "دریافت CSV";
pub const SLA_EXPORT_XLSX: &str = "دریافت Excel";
pub const SLA_SHEET_TYPES: &str = "نوع و ماه";
pub const SLA_SHEET_AGENTS: &str = "کارشناسان";
pub const SLA_SHEET_GROUPS: &str = "گروه‌ها";
pub const SLA_EXPORT_TYPE_HEAD: [&str; 4] =
    ["ماه ثبت", "نوع درخواست", "نسخهٔ سیاست", "هدف (دقیقهٔ کاری)"];
pub const SLA_EXPORT_NAME: &str = "نام";
pub const SLA_EXPORT_FIGURES: [&str; 8] = [
    "نتیجهٔ اولیه داده‌شده",
    "در انتظار نتیجه",
    "میانگین (دقیقهٔ کاری)",
    "میانه (دقیقهٔ کاری)",
    "صدک ۹۰ (دقیقهٔ کاری)",
    "درون مهلت",
    "درصد درون مهلت",
    "نقض مهلت",
];
pub const SLA_EXPORT_NOW: [&str; 3] = ["باز هم‌اکنون", "در خطر هم‌اکنون", "گذشته از مهلت هم‌اکنون"];
pub const SLA_LIVE_NOTE: &str = "این صفحه با هر تغییر، خودبه‌خود به‌روز می‌شود.";
pub const SLA_PUBLIC_TITLE: &str = "کارنامهٔ پاسخ‌گویی";
pub const SLA_PUBLIC_INTRO: &str = "سازمان امور دانشجویان در توافق‌نامهٔ سطح خدمت متعهد شده است نتیجهٔ اولیهٔ هر درخواست را در مدت معینی از زمان کاری اعلام کند. این صفحه وعده و آنچه در ماه‌های اخیر انجام شده را نشان می‌دهد.";
pub const SLA_PROMISE: &str = "وعده";
pub const SLA_DELIVERED_AVG: &str = "میانگین زمان";
pub const SLA_PUBLIC_UPDATED: &str = "به‌روز شده در";
pub const SLA_POLICY: &str = "سیاست توافق سطح خدمت";
pub const SLA_POLICY_HELP: &str = "هدف‌ها به زمان کاری است (تقویم کاری و تعطیلات). هر تغییر نسخهٔ تازه‌ای می‌سازد؛ درخواست‌های ثبت‌شده با نسخهٔ خود سنجیده می‌شوند.";
pub const SLA_UNIT: &str = "واحد";
pub const SLA_UNIT_DAYS: &str = "روز کاری";
pub const SLA_UNIT_HOURS: &str = "ساعت کاری";
pub const SLA_INITIAL_TARGET: &str = "هدف نتیجهٔ اولیه";
pub const SLA_RESOLUTION_TARGET: &str = "هدف حل درخواست";
pub const SLA_WARN_PERCENT: &str = "هشدار در چند درصد هدف";
pub const SLA_SAVE_POLICY: &str = "ذخیرهٔ سیاست";
pub const SLA_POLICY_VERSIONS: &str = "نسخه‌ها";
pub const SLA_POLICY_SINCE: &str = "تاریخ ثبت نسخه";
pub const SLA_POLICY_SAVED: &str = "سیاست ذخیره شد؛ درخواست‌های تازه با نسخهٔ جدید سنجیده می‌شوند.";
pub const SAVED_NO_CHANGE: &str = "تغییری نبود؛ نسخهٔ فعلی به قوت خود باقی است.";
pub const NAV_SLA: &str = "پایش مهلت‌ها";
pub const NAV_SLA_PUBLIC: &str = "کارنامهٔ پاسخ‌گویی";

/// «زمان کاری تا نتیجهٔ اولیه: وام دانشجویی».
pub fn sla_chart_type_title(type_title: &str) -> String {
    format!("زمان کاری تا نتیجهٔ اولیه (ساعت): {type_title}")
}

pub fn working_days(n: i64) -> String {
    format!("{} روز کاری", crate::copy::digits::persian_number(n))
}

// The SLA reports' parts about calls and disputes.
pub const SLA_BY_CALL: &str = "درخواست‌های هر فراخوان";
pub const SLA_CALL: &str = "فراخوان";
pub const SLA_NO_CALLS: &str = "در این بازه فراخوانی نبوده است.";
pub const SLA_DISPUTES: &str = "اعتراض‌ها به تفکیک خدمت و ماه";
pub const SLA_DISPUTES_FILED: &str = "ثبت‌شده";
pub const SLA_DISPUTES_OPEN: &str = "اعتراض‌های باز";
pub const SLA_DISPUTES_OVERDUE: &str = "اعتراض‌های بدون نظر قطعی پس از پایان مهلت یک‌ماهه";
pub const SLA_DISPUTES_DAYS: &str = "میانگین روز تا نتیجه";
pub const SLA_NO_DISPUTES: &str = "در این بازه اعتراضی ثبت نشده است.";
pub const SLA_SHEET_CALLS: &str = "فراخوان‌ها";
pub const SLA_SHEET_DISPUTES: &str = "اعتراض‌ها";

/// «۱۲ روز».
pub fn days_count(n: &str) -> String {
    format!("{n} روز")
}

/// The public page's line on a type's disputes in the months shown.
pub fn sla_public_disputes(filed: &str, settled: &str, final_view: &str) -> String {
    format!(
        "اعتراض‌ها در این شش ماه: {filed} ثبت‌شده، {settled} با توافق، {final_view} با نظر قطعی سازمان"
    )
}
