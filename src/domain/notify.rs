//! What applicants are told, and how: the wording of e-mails and text messages per event.

use crate::domain::request_status::RequestStatus;

/// Something an applicant hears about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The request was filed.
    Created,
    /// Staff answered publicly.
    Answered,
    /// Staff need information from the applicant.
    WaitingForYou,
    /// Any other status change.
    Status(RequestStatus),
}

impl Notice {
    pub fn as_str(self) -> &'static str {
        match self {
            Notice::Created => "created",
            Notice::Answered => "answered",
            Notice::WaitingForYou => "waiting",
            Notice::Status(_) => "status",
        }
    }
}

/// One message in its channels' forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub email_body: String,
    pub sms: String,
}

/// Informational text messages end with the opt-out code, as Iranian SMS rules require.
pub const SMS_OPT_OUT: &str = "لغو ۱۱";

/// The message for `notice` about the request `code` (as shown to people) titled `title`;
/// `link` is the request's address in the app.
pub fn compose(notice: Notice, code: &str, title: &str, link: &str) -> Message {
    let (headline, line) = match notice {
        Notice::Created => (
            "درخواست شما ثبت شد",
            format!(
                "درخواست «{title}» با کد رهگیری {code} ثبت شد. نتیجه را در سامانه پشتیبان سجاد ببینید."
            ),
        ),
        Notice::Answered => (
            "پاسخ درخواست شما",
            format!("کارشناس به درخواست «{title}» (کد رهگیری {code}) پاسخ داد."),
        ),
        Notice::WaitingForYou => (
            "درخواست شما منتظر پاسخ شماست",
            format!(
                "برای ادامهٔ بررسی درخواست «{title}» (کد رهگیری {code}) به اطلاعات بیشتری از شما نیاز است."
            ),
        ),
        Notice::Status(s) => (
            "تغییر وضعیت درخواست",
            format!(
                "وضعیت درخواست «{title}» (کد رهگیری {code}) به «{}» تغییر کرد.",
                s.applicant_label_fa()
            ),
        ),
    };
    Message {
        subject: format!("{headline} — {code}"),
        email_body: format!("{line}\n\n{link}\n\nسامانه پشتیبان سجاد — سازمان امور دانشجویان"),
        sms: format!("{line}\n{SMS_OPT_OUT}"),
    }
}

/// The e-mail to staff when a request's SLA clock reaches its warning threshold or its target.
pub fn sla_alert(
    code: &str,
    title: &str,
    initial: bool,
    breach: bool,
    link: &str,
) -> (String, String) {
    let clock = if initial {
        "اعلام نتیجهٔ اولیه"
    } else {
        "حل درخواست"
    };
    let (headline, line) = if breach {
        (
            "مهلت گذشت",
            format!("مهلت {clock} برای درخواست «{title}» (کد رهگیری {code}) به پایان رسید."),
        )
    } else {
        (
            "هشدار مهلت",
            format!("مهلت {clock} برای درخواست «{title}» (کد رهگیری {code}) رو به پایان است."),
        )
    };
    (
        format!("{headline} — {code}"),
        format!("{line}\n\n{link}\n\nسامانه پشتیبان سجاد — سازمان امور دانشجویان"),
    )
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

/// Sent instead of a code when someone registers with a mobile that already has an account:
/// its holder learns of it, the person registering learns nothing.
pub fn signup_taken_sms(origin: &str) -> String {
    format!(
        "شمارهٔ همراه شما پیش‌تر در پشتیبان سجاد ثبت شده است و حساب دیگری با آن ساخته نمی‌شود. برای ورود با کد پیامکی به {LRI}{origin}/login/otp{PDI} بروید. اگر شما ثبت‌نام نکرده‌اید، این پیام را نادیده بگیرید."
    )
}

/// Unicode isolates for a left-to-right token inside Persian text (a link, a code) in plain
/// text such as SMS, so it never reverses or drags its neighbours along.
pub const LRI: char = '\u{2066}';
pub const PDI: char = '\u{2069}';

/// A six-digit code as a person types it: Persian or Arabic digits read as digits, spaces
/// dropped; `None` when what is left is not six digits.
pub fn typed_code(typed: &str) -> Option<String> {
    let code: String = crate::copy::digits::fold_digits(typed)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    (code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

#[cfg(test)]
mod typed_code_tests {
    use super::typed_code;

    #[test]
    fn codes_are_read_as_people_type_them() {
        assert_eq!(typed_code(" ۱۲۳ ۴۵۶ ").as_deref(), Some("123456"));
        assert_eq!(typed_code("١٢٣٤٥٦").as_deref(), Some("123456"));
        assert_eq!(typed_code("12345"), None);
        assert_eq!(typed_code("1234567"), None);
        assert_eq!(typed_code("12a456"), None);
    }
}

/// A six-digit one-time code from random bytes (rejection sampling keeps it uniform).
pub fn otp_from_random(bytes: &[u8]) -> Option<String> {
    for chunk in bytes.chunks_exact(4) {
        let n = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        // 4_294_000_000 is the largest multiple of 1_000_000 below 2^32.
        if n < 4_294_000_000 {
            return Some(format!("{:06}", n % 1_000_000));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_request_and_sms_can_be_stopped() {
        let m = compose(
            Notice::WaitingForYou,
            "۱۴۰۵-۱۲۳-۴۵۶",
            "کد پیامکی",
            "https://x/requests/1",
        );
        assert!(m.subject.contains("۱۴۰۵-۱۲۳-۴۵۶"));
        assert!(m.email_body.contains("https://x/requests/1"));
        assert!(m.sms.ends_with(SMS_OPT_OUT));
        let s = compose(Notice::Status(RequestStatus::Resolved), "c", "t", "l");
        assert!(s.email_body.contains("حل‌شده"));
        assert!(!otp_sms("123456").contains(SMS_OPT_OUT));
    }

    #[test]
    fn otp_codes_are_six_digits() {
        assert_eq!(otp_from_random(&[1, 0, 0, 0]).as_deref(), Some("000001"));
        assert_eq!(
            otp_from_random(&[0xFF, 0xFF, 0xFF, 0xFF, 7, 0, 0, 0]).as_deref(),
            Some("000007")
        );
        assert_eq!(otp_from_random(&[0xFF, 0xFF, 0xFF, 0xFF]), None);
    }
}
