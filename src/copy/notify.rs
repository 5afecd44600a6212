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
/// The isolate for text that may run either way (what a person typed: a subject).
pub const FSI: char = '\u{2068}';

/// A left-to-right token (a tracking code, a national code, a mobile, an amount, an address)
/// isolated for plain Persian text: «۰۵۱۴-۸۹۴-۷۸۰» keeps its order inside a sentence.
pub fn isolate(token: &str) -> String {
    format!("{LRI}{token}{PDI}")
}

/// Text a person typed, isolated so that its own direction neither reverses nor is reversed by
/// the sentence around it.
pub fn isolate_typed(text: &str) -> String {
    format!("{FSI}{text}{PDI}")
}

/// The last line of a code SMS, which phones read to fill the code in for the site at `host`
/// (the origin-bound one-time code format: `@host #code`).
pub fn sms_origin_line(host: &str, code: &str) -> String {
    format!("@{host} #{code}")
}

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

/// The one-time sign-in code message (not informational: no opt-out line); `origin_line` is
/// [`sms_origin_line`].
pub fn otp_sms(code: &str, origin_line: &str) -> String {
    format!(
        "کد ورود شما به پشتیبان سجاد: {LRI}{code}{PDI}\nاین کد تا ۲ دقیقه معتبر است. آن را به کسی ندهید.\n\n{origin_line}"
    )
}

/// The code that lets a person who forgot their password set a new one.
pub fn reset_code_sms(code: &str, origin_line: &str) -> String {
    format!(
        "کد بازیابی رمز عبور شما در پشتیبان سجاد: {LRI}{code}{PDI}\nاین کد تا ۲ دقیقه معتبر است. آن را به کسی ندهید.\n\n{origin_line}"
    )
}

/// The code that confirms a new mobile for an account.
pub fn mobile_code_sms(code: &str, origin_line: &str) -> String {
    format!(
        "کد تأیید شمارهٔ همراه تازهٔ شما در پشتیبان سجاد: {LRI}{code}{PDI}\nاین کد تا ۱۰ دقیقه معتبر است. آن را به کسی ندهید.\n\n{origin_line}"
    )
}

/// Sent instead of a code to the holder of a mobile someone asked to move to their account.
pub fn mobile_taken_sms(origin: &str) -> String {
    format!(
        "کسی خواست این شمارهٔ همراه را به حساب دیگری در پشتیبان سجاد بیفزاید. این شماره در حساب شما ثبت است و جابه‌جا نشد. اگر این کار شما نبوده است، کاری لازم نیست؛ برای ورود به حساب خود به {LRI}{origin}/login/otp{PDI} بروید."
    )
}

/// Tells the account's mobile that its password was changed (or set again with a code).
pub fn password_changed_sms(origin: &str) -> String {
    format!(
        "رمز عبور حساب شما در پشتیبان سجاد تغییر کرد و همهٔ ورودهای پیشین بسته شد. اگر این کار شما نبوده است، همین حالا از {LRI}{origin}/login/reset{PDI} رمز تازه بگذارید."
    )
}

/// Tells the account's former mobile that the account now has another one.
pub fn mobile_changed_sms(origin: &str) -> String {
    format!(
        "شمارهٔ همراه حساب شما در پشتیبان سجاد تغییر کرد و پیامک‌ها از این پس به شمارهٔ تازه فرستاده می‌شود. اگر این کار شما نبوده است، با پشتیبانی سامانه تماس بگیرید: {LRI}{origin}{PDI}"
    )
}

pub const EMAIL_CODE_SUBJECT: &str = "کد تأیید رایانامه در پشتیبان سجاد";

/// The body of the e-mail that confirms a new address; `code` stays left to right.
pub fn email_code_body(code: &str) -> String {
    format!(
        "کد تأیید نشانی رایانامهٔ شما در پشتیبان سجاد: {LRI}{code}{PDI}\nاین کد تا ۱۰ دقیقه معتبر است. آن را در صفحهٔ «حساب من» وارد کنید.\nاگر شما این نشانی را ثبت نکرده‌اید، این نامه را نادیده بگیرید."
    )
}

/// The code that confirms a registration's mobile.
pub fn signup_code_sms(code: &str, origin_line: &str) -> String {
    format!(
        "کد تأیید ثبت‌نام شما در پشتیبان سجاد: {LRI}{code}{PDI}\nاین کد تا ۱۰ دقیقه معتبر است. آن را به کسی ندهید.\n\n{origin_line}"
    )
}

/// Sent instead of a code to the holder of a mobile someone registers with again; `origin` is
/// the app's address.
pub fn signup_taken_sms(origin: &str) -> String {
    format!(
        "شمارهٔ همراه شما پیش‌تر در پشتیبان سجاد ثبت شده است و حساب دیگری با آن ساخته نمی‌شود. برای ورود با کد پیامکی به {LRI}{origin}/login/otp{PDI} بروید. اگر شما ثبت‌نام نکرده‌اید، این پیام را نادیده بگیرید."
    )
}
