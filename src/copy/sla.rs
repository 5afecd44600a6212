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
pub const ERR_POLICY_ORDER: &str = "هدف حل درخواست نمی‌تواند کوتاه‌تر از هدف نتیجه اولیه باشد.";
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
