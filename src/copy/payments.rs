//! Paying a request's fee: the fee before filing, the payment box, the receipt, notices, and
//! the gateway simulator's page.

use super::notify::{LRI, PDI};

// Where an attempt stands.
pub const PAYMENT_STATE_PENDING: &str = "در انتظار تأیید درگاه";
pub const PAYMENT_STATE_PAID: &str = "پرداخت‌شده";
pub const PAYMENT_STATE_FAILED: &str = "ناموفق";
pub const PAYMENT_STATE_REFUNDED: &str = "بازگردانده‌شده";

// Why an attempt failed, as the payer reads it.
pub const PAYMENT_FAILED_CANCELLED: &str =
    "پرداخت انجام نشد: در درگاه لغو شد یا از صفحهٔ درگاه بدون پرداخت بازگشتید.";
pub const PAYMENT_FAILED_DECLINED: &str = "بانک یا درگاه این پرداخت را نپذیرفت.";
pub const PAYMENT_FAILED_MISMATCH: &str =
    "مبلغی که درگاه گزارش کرد با هزینهٔ این درخواست یکسان نبود و پرداخت پذیرفته نشد.";
pub const PAYMENT_FAILED_EXPIRED: &str = "تأیید پرداخت از درگاه در زمان مقرر به دست نیامد.";
pub const PAYMENT_FAILED_REVERSED: &str = "درگاه این پرداخت را برگشت داد.";
pub const PAYMENT_FAILED_NOT_STARTED: &str =
    "درگاه پرداخت باز نشد و مبلغی از حساب شما کسر نشده است. چند دقیقهٔ دیگر دوباره تلاش کنید.";
pub const PAYMENT_MONEY_RETURNS: &str =
    "اگر مبلغی از حساب شما کسر شده باشد، حداکثر تا ۷۲ ساعت بازگردانده می‌شود.";

pub const GATEWAY_ZARINPAL: &str = "زرین‌پال";
pub const GATEWAY_SEP: &str = "سامان (سپ)";

// The fee on the new-request page.
pub const FEE_TITLE: &str = "هزینهٔ خدمت";
pub const FEE_HELP: &str = "پس از ثبت، هزینه را از درگاه بانکی می‌پردازید. درخواست پس از تأیید پرداخت به کارشناسان می‌رسد و زمان پاسخ‌گویی از همان لحظه شمرده می‌شود.";
pub const FEE_IN_WORDS: &str = "به حروف";
pub const FEE_SOURCE: &str = "مأخذ";
pub const FEE_SUBMIT: &str = "ثبت و پرداخت";

// The payment box on the request page.
pub const PAY_TITLE: &str = "پرداخت هزینه";
pub const PAY_BUTTON: &str = "پرداخت آنلاین";
pub const PAY_AGAIN: &str = "پرداخت دوباره";
pub const PAY_GOING: &str = "در حال رفتن به درگاه…";
pub const PAY_NOT_YET: &str = "این درخواست پس از پرداخت هزینه به کارشناسان می‌رسد.";
pub const PAY_CHECKING: &str = "پرداخت شما در حال تأیید است. اگر پرداخت کرده‌اید، چند دقیقهٔ دیگر این صفحه را دوباره باز کنید؛ نتیجه خودکار ثبت می‌شود.";
pub const PAY_PAID: &str = "هزینه پرداخت شد و درخواست به کارشناسان رسید.";
pub const PAY_ATTEMPTS: &str = "پرداخت‌ها";
pub const PAY_RECEIPT: &str = "رسید پرداخت";
pub const PAY_CANCELLED_UNPAID: &str =
    "این درخواست چون هزینه‌اش پرداخت نشد لغو شد. برای پیگیری، درخواست تازه‌ای ثبت کنید.";
pub const PAY_UNAVAILABLE: &str =
    "درگاه پرداخت اکنون در دسترس نیست. چند دقیقهٔ دیگر دوباره تلاش کنید.";
pub const ERR_NOTHING_TO_PAY: &str = "این درخواست پرداختی ندارد یا پیش‌تر پرداخت شده است.";
pub const ERR_PAYMENT_IN_FLIGHT: &str =
    "پرداخت دیگری برای این درخواست در جریان است. نتیجهٔ آن را چند دقیقهٔ دیگر ببینید.";
pub const ERR_PAYMENT_UNKNOWN: &str = "این پرداخت شناخته نشد.";

/// What the gateway shows the payer about the payment (`code` as stored).
pub fn payment_description(code: &str) -> String {
    format!("هزینهٔ درخواست {LRI}{code}{PDI} در پشتیبان سجاد")
}

/// The deadline line: `date` is a Jalali date and time already written out.
pub fn pay_by(date: &str) -> String {
    format!("اگر تا {date} پرداخت نشود، درخواست لغو می‌شود.")
}

// The receipt.
pub const RECEIPT_TITLE: &str = "رسید پرداخت";
pub const RECEIPT_PAYEE: &str = "پذیرنده";
pub const RECEIPT_PAYEE_NAME: &str = "سازمان امور دانشجویان، سامانهٔ سجاد";
pub const RECEIPT_SERVICE: &str = "خدمت";
pub const RECEIPT_TRACKING: &str = "کد رهگیری درخواست";
pub const RECEIPT_AMOUNT: &str = "مبلغ";
pub const RECEIPT_AMOUNT_WORDS: &str = "مبلغ به حروف";
pub const RECEIPT_WHEN: &str = "تاریخ و ساعت";
pub const RECEIPT_REFERENCE: &str = "شمارهٔ مرجع";
pub const RECEIPT_TRACE: &str = "شمارهٔ پیگیری بانک";
pub const RECEIPT_CARD: &str = "کارت";
pub const RECEIPT_GATEWAY: &str = "درگاه";
pub const RECEIPT_STATE: &str = "وضعیت";
pub const RECEIPT_PRINT: &str = "چاپ رسید";
pub const RECEIPT_BACK: &str = "بازگشت به درخواست";
pub const RECEIPT_NONE: &str = "برای این درخواست پرداخت موفقی ثبت نشده است.";

// History lines (amounts and references already isolated or written out).
pub fn history_paid(amount: &str, reference: &str) -> String {
    format!("هزینه پرداخت شد: {amount}، شمارهٔ مرجع {LRI}{reference}{PDI}")
}

pub fn history_payment_failed(reason: &str) -> String {
    format!("پرداخت ناموفق بود: {reason}")
}

/// `by_gateway`: reversed through the gateway; otherwise recorded for the finance office.
pub fn history_refunded(amount: &str, by_gateway: bool) -> String {
    if by_gateway {
        format!("هزینه از راه درگاه بازگردانده شد: {amount}")
    } else {
        format!("بازپرداخت هزینه برای امور مالی ثبت شد: {amount}")
    }
}

pub const HISTORY_CANCELLED_UNPAID: &str = "درخواست به سبب پرداخت‌نشدن هزینه لغو شد";

// Notices.
pub const NOTICE_AWAITING_PAYMENT_SUBJECT: &str = "درخواست شما در انتظار پرداخت است";
pub const NOTICE_PAID_SUBJECT: &str = "پرداخت شما تأیید شد";
pub const NOTICE_PAYMENT_FAILED_SUBJECT: &str = "پرداخت شما ناموفق بود";
pub const NOTICE_LAPSED_SUBJECT: &str = "درخواست شما لغو شد";

pub fn notice_awaiting_payment(title: &str, code: &str) -> String {
    format!("درخواست «{title}» با کد رهگیری {code} ثبت شد و پس از پرداخت هزینه به کارشناسان می‌رسد.")
}

pub fn notice_paid(title: &str, code: &str, amount: &str) -> String {
    format!(
        "پرداخت {amount} برای درخواست «{title}» (کد رهگیری {code}) تأیید شد. رسید را در سامانه ببینید."
    )
}

pub fn notice_payment_failed(title: &str, code: &str) -> String {
    format!(
        "پرداخت برای درخواست «{title}» (کد رهگیری {code}) ناموفق بود. اگر مبلغی از حساب شما کسر شده باشد، حداکثر تا ۷۲ ساعت بازگردانده می‌شود."
    )
}

pub fn notice_lapsed(title: &str, code: &str) -> String {
    format!("درخواست «{title}» (کد رهگیری {code}) چون هزینه‌اش پرداخت نشد لغو شد.")
}

// The gateway simulator's page (a stand-in bank page for the demo and the tests).
pub const SIM_TITLE: &str = "درگاه پرداخت آزمایشی";
pub const SIM_NOTE: &str = "این صفحه شبیه‌ساز درگاه است و پولی جابه‌جا نمی‌شود.";
pub const SIM_AMOUNT: &str = "مبلغ";
pub const SIM_PAY: &str = "پرداخت موفق";
pub const SIM_CANCEL: &str = "انصراف";
pub const SIM_FAIL: &str = "پرداخت ناموفق";
pub const SIM_MISMATCH: &str = "مبلغ نادرست (کد منفی ۵۰)";
pub const SIM_VERIFIED_BEFORE: &str = "تأییدشده از پیش (کد ۱۰۱)";
pub const SIM_SLOW: &str = "پاسخ کند";
pub const SIM_DOUBLE: &str = "بازگشت دوباره";
pub const SIM_NEVER: &str = "بدون بازگشت";
pub const SIM_DONE: &str = "پرداخت انجام شد. این صفحه به سامانه بازنمی‌گردد.";
pub const SIM_CONTINUE: &str = "بازگشت به سامانه";
pub const SIM_UNKNOWN: &str = "این جلسهٔ پرداخت شناخته نشد.";

// Refunds (admins).
pub const REFUND_TITLE: &str = "بازگرداندن هزینه";
pub const REFUND_HELP: &str = "اگر از پرداخت کمتر از ۳۰ دقیقه گذشته باشد، مبلغ از راه درگاه برگشت داده می‌شود؛ وگرنه بازپرداخت برای امور مالی ثبت می‌شود. این کار یک‌بار انجام می‌شود و بازگشت‌پذیر نیست.";
pub const REFUND_REASON: &str = "دلیل بازگرداندن";
pub const REFUND_SUBMIT: &str = "بازگرداندن هزینه";
pub const REFUND_DONE_REVERSED: &str = "مبلغ از راه درگاه به حساب پرداخت‌کننده برگشت داده شد.";
pub const REFUND_DONE_RECORDED: &str = "بازپرداخت برای امور مالی ثبت شد.";
pub const ERR_REFUND_REASON: &str = "دلیل بازگرداندن هزینه را بنویسید (دست‌کم ۵ نویسه).";
pub const ERR_REFUND_REASON_LONG: &str = "دلیل بازگرداندن هزینه حداکثر ۵۰۰ نویسه است.";
pub const ERR_NOTHING_TO_REFUND: &str =
    "این درخواست پرداخت موفقی ندارد که بازگردانده شود، یا پیش‌تر بازگردانده شده است.";
pub const NOTICE_REFUNDED_SUBJECT: &str = "هزینهٔ درخواست شما بازگردانده شد";

pub fn notice_refunded(title: &str, code: &str, amount: &str) -> String {
    format!("هزینهٔ درخواست «{title}» (کد رهگیری {code}) به مبلغ {amount} بازگردانده شد.")
}

// The finance report (supervisors and admins).
pub const NAV_FINANCE: &str = "گزارش مالی";
pub const FINANCE_TITLE: &str = "گزارش پرداخت‌ها";
pub const FINANCE_HELP: &str = "پرداخت‌های موفق، بازگردانده‌ها و ناموفق‌ها به تفکیک ماه، نوع درخواست و درگاه. زمان‌سنج تعهد خدمت برای خدمت‌های پولی از لحظهٔ تأیید پرداخت شمرده می‌شود.";
pub const FINANCE_YEAR: &str = "سال مالی";
pub const ERR_FINANCE_YEAR: &str = "سال را چهاررقمی بنویسید، مانند ۱۴۰۵.";
pub const FINANCE_SHOW: &str = "نمایش";
pub const FINANCE_EXCEPTIONS: &str = "موارد نیازمند بررسی";
pub const FINANCE_EXCEPTIONS_HELP: &str = "پرداخت‌هایی که ممکن است مبلغ آن‌ها از حساب پرداخت‌کننده کسر شده ولی در سامانه ثبت نشده باشد، و پرداخت‌هایی که پس از تطبیق هنوز قطعی نشده‌اند.";
pub const FINANCE_NO_EXCEPTIONS: &str = "موردی برای بررسی نیست.";
pub const FINANCE_UNSETTLED: &str = "هنوز نتیجهٔ قطعی از درگاه نرسیده است.";
pub const FINANCE_WHAT: &str = "شرح";
pub const FINANCE_AUTHORITY: &str = "شناسهٔ درگاه";
pub const FINANCE_MONTHS: &str = "پرداخت‌ها به تفکیک ماه";
pub const FINANCE_MONTH: &str = "ماه";
pub const FINANCE_PAID: &str = "پرداخت موفق";
pub const FINANCE_PAID_RIALS: &str = "مبلغ پرداخت‌ها (ریال)";
pub const FINANCE_REFUNDED: &str = "بازگردانده";
pub const FINANCE_REFUNDED_RIALS: &str = "مبلغ بازگردانده (ریال)";
pub const FINANCE_NET_RIALS: &str = "خالص (ریال)";
pub const FINANCE_FAILED: &str = "ناموفق";
pub const FINANCE_PENDING: &str = "در انتظار درگاه";
pub const FINANCE_TOTAL: &str = "جمع سال";
pub const FINANCE_NONE: &str = "در این سال پرداختی ثبت نشده است.";
pub const FINANCE_EXPORT_CSV: &str = "دریافت CSV";
pub const FINANCE_EXPORT_XLSX: &str = "دریافت Excel";
