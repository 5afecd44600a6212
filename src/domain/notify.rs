//! What applicants are told, and how: which message each event sends, in which channels (the
//! wording itself is in `crate::copy`).

use crate::copy;
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
    /// Filed for a fee not yet paid.
    AwaitingPayment,
    /// The fee was paid (its amount in rials): the link leads to the receipt.
    Paid(i64),
    /// An attempt failed after money may have left the payer's account.
    PaymentFailed,
    /// Cancelled because the fee was never paid.
    Lapsed,
    /// The paid fee (rials) was given back.
    Refunded(i64),
}

impl Notice {
    pub fn as_str(self) -> &'static str {
        match self {
            Notice::Created => "created",
            Notice::Answered => "answered",
            Notice::WaitingForYou => "waiting",
            Notice::Status(_) => "status",
            Notice::AwaitingPayment => "awaiting_payment",
            Notice::Paid(_) => "paid",
            Notice::PaymentFailed => "payment_failed",
            Notice::Lapsed => "lapsed",
            Notice::Refunded(_) => "refunded",
        }
    }

    /// Where the message's link leads, after the request's own address.
    pub fn link_suffix(self) -> &'static str {
        match self {
            Notice::Paid(_) => "/receipt",
            _ => "",
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

/// The message for `notice` about the request `code` (as shown to people) titled `title`;
/// `link` is the request's address in the app.
///
/// The code and the link are isolated as left-to-right tokens and the title as typed text, in
/// the subject, the e-mail and the SMS alike, so none of them reverses inside Persian.
pub fn compose(notice: Notice, code: &str, title: &str, link: &str) -> Message {
    let code = &copy::isolate(code);
    let title = &copy::isolate_typed(title);
    let (headline, line) = match notice {
        Notice::Created => (
            copy::NOTICE_CREATED_SUBJECT,
            copy::notice_created(title, code),
        ),
        Notice::Answered => (
            copy::NOTICE_ANSWERED_SUBJECT,
            copy::notice_answered(title, code),
        ),
        Notice::WaitingForYou => (
            copy::NOTICE_WAITING_SUBJECT,
            copy::notice_waiting(title, code),
        ),
        Notice::Status(s) => (
            copy::NOTICE_STATUS_SUBJECT,
            copy::notice_status(title, code, s.applicant_label_fa()),
        ),
        Notice::AwaitingPayment => (
            copy::NOTICE_AWAITING_PAYMENT_SUBJECT,
            copy::notice_awaiting_payment(title, code),
        ),
        Notice::Paid(rials) => (
            copy::NOTICE_PAID_SUBJECT,
            copy::notice_paid(title, code, &copy::isolate(&copy::rials_figure(rials))),
        ),
        Notice::PaymentFailed => (
            copy::NOTICE_PAYMENT_FAILED_SUBJECT,
            copy::notice_payment_failed(title, code),
        ),
        Notice::Lapsed => (
            copy::NOTICE_LAPSED_SUBJECT,
            copy::notice_lapsed(title, code),
        ),
        Notice::Refunded(rials) => (
            copy::NOTICE_REFUNDED_SUBJECT,
            copy::notice_refunded(title, code, &copy::isolate(&copy::rials_figure(rials))),
        ),
    };
    let mut m = message(headline, &line, link);
    m.subject = format!("{headline} — {code}");
    m
}

/// An informational message not about one request (a call opening, a call changed): the
/// line's tokens already isolated by the caller; the SMS carries the opt-out line.
pub fn message(headline: &str, line: &str, link: &str) -> Message {
    Message {
        subject: headline.to_string(),
        email_body: email_body(line, link),
        sms: format!("{line}\n{}", copy::SMS_OPT_OUT),
    }
}

/// An e-mail's body: the message, the link to act on it, and the signature.
fn email_body(line: &str, link: &str) -> String {
    format!(
        "{line}\n\n{}\n\n{}",
        copy::isolate(link),
        copy::EMAIL_SIGNATURE
    )
}

/// The e-mail to staff when a request's SLA clock reaches its warning threshold or its target.
pub fn sla_alert(
    code: &str,
    title: &str,
    initial: bool,
    breach: bool,
    link: &str,
) -> (String, String) {
    let code = &copy::isolate(code);
    let title = &copy::isolate_typed(title);
    let clock = if initial {
        copy::ALERT_CLOCK_INITIAL
    } else {
        copy::ALERT_CLOCK_RESOLUTION
    };
    let (headline, line) = if breach {
        (
            copy::ALERT_BREACH_SUBJECT,
            copy::alert_breach(clock, title, code),
        )
    } else {
        (
            copy::ALERT_WARNING_SUBJECT,
            copy::alert_warning(clock, title, code),
        )
    };
    (format!("{headline} — {code}"), email_body(&line, link))
}

/// The one-time sign-in code message (not informational: no opt-out line).
/// `origin` is the app's public address: the SMS ends with the line phones read to offer the
/// code to that site (`@host #code`).
pub fn otp_sms(code: &str, origin: &str) -> String {
    copy::otp_sms(code, &copy::sms_origin_line(host_of(origin), code))
}

/// The code that sets a forgotten password again (ending like [`otp_sms`]).
pub fn reset_code_sms(code: &str, origin: &str) -> String {
    copy::reset_code_sms(code, &copy::sms_origin_line(host_of(origin), code))
}

/// The code that confirms an account's new mobile (ending like [`otp_sms`]).
pub fn mobile_code_sms(code: &str, origin: &str) -> String {
    copy::mobile_code_sms(code, &copy::sms_origin_line(host_of(origin), code))
}

/// The code that confirms a registration's mobile (ending like [`otp_sms`]).
pub fn signup_code_sms(code: &str, origin: &str) -> String {
    copy::signup_code_sms(code, &copy::sms_origin_line(host_of(origin), code))
}

/// The host of an origin (`https://host:port` → `host`), as the code line names it.
pub fn host_of(origin: &str) -> &str {
    let rest = origin.split_once("://").map_or(origin, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    if host.starts_with('[') {
        // An IPv6 literal keeps its brackets; only a port after them goes.
        return host
            .split_once("]:")
            .map_or(host, |(h, _)| &host[..h.len() + 1]);
    }
    host.split(':').next().unwrap_or(host)
}

/// Sent instead of a code when someone registers with a mobile that already has an account:
/// its holder learns of it, the person registering learns nothing.
pub fn signup_taken_sms(origin: &str) -> String {
    copy::signup_taken_sms(origin)
}

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
        assert!(m.sms.ends_with(copy::SMS_OPT_OUT));
        let s = compose(Notice::Status(RequestStatus::Resolved), "c", "t", "l");
        assert!(s.email_body.contains("حل‌شده"));
        assert!(!otp_sms("123456", "https://x").contains(copy::SMS_OPT_OUT));
    }

    #[test]
    fn left_to_right_tokens_are_isolated_in_every_channel() {
        let code = "۰۵۱۴-۸۹۴-۷۸۰";
        let link = "https://sajad.example/requests/0514894780";
        let m = compose(Notice::Answered, code, "Moodle login", link);
        let lri = format!("{}{code}{}", copy::LRI, copy::PDI);
        let typed = format!("{}Moodle login{}", copy::FSI, copy::PDI);
        for text in [&m.subject, &m.email_body, &m.sms] {
            assert!(text.contains(&lri), "{text:?}");
        }
        assert!(
            m.email_body
                .contains(&format!("{}{link}{}", copy::LRI, copy::PDI))
        );
        assert!(m.sms.contains(&typed) && m.email_body.contains(&typed));
        let (subject, body) = sla_alert(code, "t", true, true, link);
        assert!(subject.contains(&lri) && body.contains(&lri));
    }

    #[test]
    fn code_messages_end_with_the_line_phones_fill_the_code_from() {
        for sms in [
            otp_sms("123456", "https://sajad.example"),
            signup_code_sms("123456", "https://sajad.example:8443/"),
        ] {
            assert_eq!(sms.lines().last(), Some("@sajad.example #123456"), "{sms}");
            // The code line stands alone, after an empty line.
            assert!(sms.contains("\n\n@sajad.example"));
        }
        assert_eq!(host_of("http://127.0.0.1:3000"), "127.0.0.1");
        assert_eq!(host_of("sajad.example"), "sajad.example");
        assert_eq!(host_of("https://[::1]:3000/x"), "[::1]");
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
