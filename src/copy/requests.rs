//! Requests: statuses, priorities, reply modes, the rules of filing and replying, lifecycle
//! refusals, tracking codes, and the lines of a request's history.

// Statuses as staff read them.
pub const STATUS_AWAITING_PAYMENT: &str = "در انتظار پرداخت";
pub const STATUS_NEW: &str = "جدید";
pub const STATUS_ASSIGNED: &str = "ارجاع‌شده";
pub const STATUS_IN_PROGRESS: &str = "در حال بررسی";
pub const STATUS_WAITING_APPLICANT: &str = "در انتظار متقاضی";
pub const STATUS_ANSWERED: &str = "پاسخ‌داده‌شده";
pub const STATUS_RESOLVED: &str = "حل‌شده";
pub const STATUS_CLOSED: &str = "بسته‌شده";
pub const STATUS_CANCELLED: &str = "لغوشده";
/// The applicant's word for "waiting for the applicant": it is their turn.
pub const STATUS_WAITING_FOR_YOU: &str = "منتظر پاسخ شما";

pub const PRIORITY_LOW: &str = "کم";
pub const PRIORITY_NORMAL: &str = "عادی";
pub const PRIORITY_HIGH: &str = "زیاد";
pub const PRIORITY_URGENT: &str = "فوری";

// What a staff member's message does.
pub const REPLY_MODE_ANSWER: &str = "پاسخ به متقاضی";
pub const REPLY_MODE_ASK: &str = "درخواست اطلاعات از متقاضی";
pub const REPLY_MODE_RESOLVE: &str = "پاسخ و اعلام حل شدن";
pub const REPLY_MODE_NOTE: &str = "یادداشت داخلی (فقط کارشناسان)";

// Filing, replying, rating.
pub const ERR_REQUEST_TYPE: &str = "نوع درخواست را انتخاب کنید.";
pub const ERR_SUBJECT_SHORT: &str = "موضوع درخواست را در چند کلمه بنویسید.";
pub const ERR_SUBJECT_LONG: &str = "موضوع درخواست حداکثر ۱۵۰ نویسه می‌تواند باشد.";
pub const ERR_DESCRIPTION_SHORT: &str = "مشکل را کمی بیشتر توضیح دهید تا کارشناس بتواند بررسی کند.";
pub const ERR_DESCRIPTION_LONG: &str = "شرح درخواست حداکثر ۱۰٬۰۰۰ نویسه می‌تواند باشد.";
pub const ERR_REPLY_EMPTY: &str = "متن پاسخ خالی است.";
pub const ERR_REPLY_LONG: &str = "متن پاسخ حداکثر ۱۰٬۰۰۰ نویسه می‌تواند باشد.";
pub const ERR_STARS: &str = "امتیاز را از ۱ تا ۵ انتخاب کنید.";
pub const ERR_RATING_COMMENT_LONG: &str = "توضیح حداکثر ۲٬۰۰۰ نویسه می‌تواند باشد.";
/// The optional reason given with a change is too long.
pub const ERR_REASON_LONG: &str = "توضیح حداکثر ۵۰۰ نویسه می‌تواند باشد.";

// Lifecycle refusals.
/// This kind of person may never do this to a request.
pub const ERR_NOT_YOURS_TO_DO: &str = "شما اجازهٔ انجام این کار را ندارید.";
pub const ERR_REQUEST_CLOSED: &str =
    "این درخواست بسته شده است؛ برای ادامه آن را بازگشایی کنید یا درخواست تازه‌ای ثبت کنید.";
/// The action makes no sense in the request's status (most likely a stale page).
pub const ERR_NOT_IN_THIS_STATUS: &str = "این کار در وضعیت فعلی درخواست امکان‌پذیر نیست.";

// Tracking codes as typed.
pub const ERR_TRACKING_EMPTY: &str = "لطفاً کد رهگیری را وارد کنید.";
pub const ERR_TRACKING_LENGTH: &str = "کد رهگیری باید ۱۰ رقم باشد.";
/// Ten digits, but the check digit shows one was mistyped.
pub const ERR_TRACKING_MISTYPED: &str =
    "کد رهگیری واردشده درست نیست؛ لطفاً ارقام آن را دوباره بررسی کنید.";

// History lines.
pub const HISTORY_FILED: &str = "درخواست ثبت شد";
pub const HISTORY_UNASSIGNED: &str = "از ارجاع خارج شد";

/// `from` and `to` are status labels.
pub fn history_status(from: &str, to: &str) -> String {
    format!("وضعیت از «{from}» به «{to}» تغییر کرد")
}

pub fn history_assigned(name: &str) -> String {
    format!("به {name} ارجاع شد")
}

/// `from` and `to` are priority labels.
pub fn history_priority(from: &str, to: &str) -> String {
    format!("اولویت از «{from}» به «{to}» تغییر کرد")
}

/// `from` and `to` are group names.
pub fn history_transferred(from: &str, to: &str) -> String {
    format!("از گروه «{from}» به گروه «{to}» منتقل شد")
}

/// Closed as a duplicate of the request with tracking code `code`.
pub fn history_merged_into(code: &str) -> String {
    format!(
        "به‌عنوان تکراری در درخواست {} ادغام شد",
        super::isolate(code)
    )
}

/// The request with tracking code `code` was merged into this one.
pub fn history_merged_from(code: &str) -> String {
    format!("درخواست {} در این درخواست ادغام شد", super::isolate(code))
}

pub fn history_tag_added(tag: &str) -> String {
    format!("برچسب «{tag}» افزوده شد")
}

pub fn history_tag_removed(tag: &str) -> String {
    format!("برچسب «{tag}» برداشته شد")
}

pub fn history_rated(stars: &str) -> String {
    format!("متقاضی به نتیجه {stars} از ۵ امتیاز داد")
}

pub const MY_REQUESTS_TITLE: &str = "درخواست‌های من";
pub const MY_REQUESTS_EMPTY: &str = "هنوز درخواستی ثبت نکرده‌اید.";
pub const MORE: &str = "موارد بیشتر";
pub const NEW_REQUEST_TITLE: &str = "ثبت درخواست پشتیبانی";
pub const FIELD_TYPE: &str = "نوع درخواست";
pub const FIELD_TYPE_CHOOSE: &str = "انتخاب کنید…";
pub const FIELD_SUBJECT: &str = "موضوع";
pub const FIELD_DESCRIPTION: &str = "شرح مشکل";
pub const FIELD_DESCRIPTION_HELP: &str =
    "هر چه دقیق‌تر بنویسید (چه کاری می‌کردید، چه پیامی دیدید)، پاسخ سریع‌تر است. حداکثر ۱۰٬۰۰۰ نویسه.";
pub const NEW_REQUEST_SUBMIT: &str = "ثبت درخواست";
pub const CREATED_NOTICE: &str = "درخواست شما ثبت شد. کد رهگیری را برای پیگیری نگه دارید.";
pub const CREATED_AWAITING_PAYMENT: &str =
    "درخواست شما ثبت شد. برای اینکه به کارشناسان برسد، هزینهٔ آن را بپردازید.";
pub const TRACKING_CODE: &str = "کد رهگیری";
pub const STATUS: &str = "وضعیت";
pub const SUBMITTED_AT: &str = "تاریخ ثبت";
pub const UPDATED_AT: &str = "آخرین تغییر";
pub const APPLICANT: &str = "متقاضی";
/// The promise for a type (a number of working days), not a request's own deadline.
pub const TARGET: &str = "وعدهٔ اعلام نتیجهٔ اولیه";
pub const INITIAL_RESULT_AT: &str = "اعلام نتیجهٔ اولیه";
pub const CONVERSATION: &str = "گفت‌وگو";
pub const YOUR_DESCRIPTION: &str = "شرح درخواست";
pub const STAFF_SIDE: &str = "کارشناس";
pub const APPLICANT_SIDE: &str = "متقاضی";
pub const INITIAL_RESULT_BADGE: &str = "نتیجهٔ اولیه";
pub const REPLY_TITLE: &str = "ارسال پاسخ";
pub const REPLY_BODY: &str = "متن پاسخ";
pub const REPLY_SUBMIT: &str = "ارسال پاسخ";
pub const REPLY_MARK_INITIAL: &str = "این پاسخ نتیجهٔ اولیه درخواست است";
pub const CLOSE_REQUEST: &str = "بستن درخواست";
/// Beside a request, or a message, that came or changed since the person last looked.
pub const NEW_ACTIVITY: &str = "تازه";
pub const FILED_AT: &str = "ثبت:";
pub const LAST_ACTIVITY: &str = "آخرین تغییر:";
/// A page title with how many requests are new to the person: «(۳) درخواست‌های من | …».
pub fn with_count(title: &str, n: i64) -> String {
    if n > 0 {
        format!("({}) {title}", crate::copy::digits::persian_number(n))
    } else {
        title.to_string()
    }
}

/// A page title without the count [`with_count`] put before it.
pub fn without_count(title: &str) -> &str {
    title
        .strip_prefix('(')
        .and_then(|rest| rest.split_once(") "))
        .filter(|(n, _)| {
            !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_digit() || ('۰'..='۹').contains(&c))
        })
        .map_or(title, |(_, bare)| bare)
}

/// The header badge's label: how many requests changed since the person last looked.
pub fn news_label(n: i64) -> String {
    format!(
        "{} درخواست با تغییر تازه",
        crate::copy::digits::persian_number(n)
    )
}
/// Asked before a request is closed (see `ui::components::form::AskFirst`).
pub const CLOSE_QUESTION: &str = "پس از بستن، گفت‌وگوی این درخواست پایان می‌یابد و پیام تازه‌ای در آن ثبت نمی‌شود. درخواست بسته شود؟";
pub const CLOSE_YES: &str = "بله، بسته شود";
pub const START_WORK: &str = "شروع بررسی";
pub const NO_MESSAGES: &str = "هنوز پاسخی ثبت نشده است. پاسخ کارشناس همین‌جا نمایش داده می‌شود.";
pub const CLOSED_NOTE: &str = "این درخواست بسته شده است.";

/// What a person is told once an action of theirs succeeded, by the address of its server
/// function; `None` where the page itself shows the outcome.
pub fn confirmation(action_path: &str) -> Option<&'static str> {
    Some(match action_path {
        "/api/start_work" => "کار روی درخواست آغاز شد.",
        "/api/assign_request" => "درخواست ارجاع شد.",
        "/api/set_priority" => "اولویت درخواست تغییر کرد.",
        "/api/update_properties" => "ویژگی‌های درخواست ذخیره شد.",
        "/api/tag_request" => "برچسب‌های درخواست به‌روز شد.",
        "/api/reply" => "پیام شما ثبت شد.",
        "/api/resolve_request" => "درخواست حل‌شده اعلام شد.",
        "/api/close_request" => "درخواست بسته شد.",
        "/api/reopen_request" => "درخواست دوباره باز شد.",
        "/api/rate_request" => "امتیاز شما ثبت شد. از نظرتان سپاسگزاریم.",
        "/api/transfer_request" => "درخواست به گروه دیگر منتقل شد.",
        "/api/merge_request" => "درخواست در درخواست دیگر ادغام شد.",
        "/api/save_filter" => "فیلترهای ذخیره‌شده به‌روز شد.",
        "/api/bulk_action" => "اقدام گروهی انجام شد.",
        "/api/save_notification_settings" => "تنظیمات اطلاع‌رسانی ذخیره شد.",
        "/api/change_password" => "رمز عبور شما تغییر کرد و ورود در دستگاه‌های دیگر بسته شد.",
        "/api/confirm_mobile" => "شمارهٔ همراه تازه تأیید و در حساب شما ثبت شد.",
        "/api/confirm_email" => "رایانامهٔ تازه تأیید و در حساب شما ثبت شد.",
        "/api/reset_password" => "رمز عبور تازه ثبت شد و وارد حساب شدید.",
        "/api/confirm_registration" => "حساب شما ساخته شد. خوش آمدید.",
        "/api/create_call" => "فراخوان ثبت شد.",
        "/api/extend_call" => "فراخوان تمدید شد و به منتظران خبر داده شد.",
        "/api/close_call" => "فراخوان بسته شد و به منتظران خبر داده شد.",
        "/api/set_intake" => "پذیرش درخواست این خدمت به‌روز شد.",
        "/api/raise_dispute" => "اعتراض شما ثبت شد. یک ماه برای گفت‌وگو و توافق فرصت هست.",
        "/api/dispute_write" => "نوشتهٔ شما در گفت‌وگوی اعتراض ثبت شد.",
        "/api/accept_proposal" => "پیشنهاد را پذیرفتید و اعتراض با توافق حل شد.",
        "/api/final_view" => "نظر قطعی سازمان ثبت شد.",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::{with_count, without_count};

    #[test]
    fn a_title_counts_what_is_new_once() {
        let title = "درخواست‌های من | پشتیبان سجاد";
        assert_eq!(with_count(title, 0), title);
        let counted = with_count(title, 3);
        assert_eq!(counted, "(۳) درخواست‌های من | پشتیبان سجاد");
        assert_eq!(without_count(&counted), title);
        assert_eq!(
            with_count(without_count(&counted), 12),
            "(۱۲) درخواست‌های من | پشتیبان سجاد"
        );
        // A title that merely starts with a parenthesis keeps it.
        assert_eq!(without_count("(راهنما) صفحه"), "(راهنما) صفحه");
    }
}
