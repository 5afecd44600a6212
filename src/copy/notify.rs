//! What applicants and staff are told by e-mail and text message. `title` is a request's
//! subject and `code` its tracking code as people read it.

/// Informational text messages end with the opt-out code, as Iranian SMS rules require.
pub const SMS_OPT_OUT: &str = "لغو ۱۱";
/// The name e-mail comes from when `SMTP_FROM` does not say.
pub const EMAIL_SENDER_NAME: &str = "پشتیبان سجاد";
/// The last line of every e-mail.
pub const EMAIL_SIGNATURE: &str = "سامانه پشتیبان سجاد — سازمان امور دانشجویان";

/// Unicode isolates for a left-to-right token inside Persian text (a link, a code) in plain
/// text such as SMS, so it never reverses or drags its neighbours along.
pub const LRI: char = '\u{2066}';
pub const PDI: char = '\u{2069}';

pub const NOTICE_CREATED_SUBJECT: &str = "درخواست شما ثبت شد";
pub const NOTICE_ANSWERED_SUBJECT: &str = "پاسخ درخواست شما";
pub const NOTICE_WAITING_SUBJECT: &str = "درخواست شما منتظر پاسخ شماست";
pub const NOTICE_STATUS_SUBJECT: &str = "تغییر وضعیت درخواست";

pub fn notice_created(title: &str, code: &str) -> String {
    format!("درخواست «{title}» با کد رهگیری {code} ثبت شد. نتیجه را در سامانه پشتیبان سجاد ببینید.")
}

pub fn notice_answered(title: &str, code: &str) -> String {
    format!("کارشناس به درخواست «{title}» (کد رهگیری {code}) پاسخ داد.")
}

pub fn notice_waiting(title: &str, code: &str) -> String {
    format!(
        "برای ادامهٔ بررسی درخواست «{title}» (کد رهگیری {code}) به اطلاعات بیشتری از شما نیاز است."
    )
}

/// `status` is the status label the applicant reads.
pub fn notice_status(title: &str, code: &str, status: &str) -> String {
    format!("وضعیت درخواست «{title}» (کد رهگیری {code}) به «{status}» تغییر کرد.")
}

// Alerts to staff about an SLA clock; `clock` is one of the two clock names.
pub const ALERT_CLOCK_INITIAL: &str = "اعلام نتیجهٔ اولیه";
pub const ALERT_CLOCK_RESOLUTION: &str = "حل درخواست";
pub const ALERT_BREACH_SUBJECT: &str = "مهلت گذشت";
pub const ALERT_WARNING_SUBJECT: &str = "هشدار مهلت";

pub fn alert_breach(clock: &str, title: &str, code: &str) -> String {
    format!("مهلت {clock} برای درخواست «{title}» (کد رهگیری {code}) به پایان رسید.")
}

pub fn alert_warning(clock: &str, title: &str, code: &str) -> String {
    format!("مهلت {clock} برای درخواست «{title}» (کد رهگیری {code}) رو به پایان است.")
}

/// The one-time sign-in code message (not informational: no opt-out line).
pub fn otp_sms(code: &str) -> String {
    format!("کد ورود شما به پشتیبان سجاد: {code}\nاین کد تا ۲ دقیقه معتبر است. آن را به کسی ندهید.")
}

/// The code that confirms a registration's mobile.
pub fn signup_code_sms(code: &str) -> String {
    format!(
        "کد تأیید ثبت‌نام شما در پشتیبان سجاد: {code}\nاین کد تا ۱۰ دقیقه معتبر است. آن را به کسی ندهید."
    )
}

/// Sent instead of a code to the holder of a mobile someone registers with again; `origin` is
/// the app's address.
pub fn signup_taken_sms(origin: &str) -> String {
    format!(
        "شمارهٔ همراه شما پیش‌تر در پشتیبان سجاد ثبت شده است و حساب دیگری با آن ساخته نمی‌شود. برای ورود با کد پیامکی به {LRI}{origin}/login/otp{PDI} بروید. اگر شما ثبت‌نام نکرده‌اید، این پیام را نادیده بگیرید."
    )
}
