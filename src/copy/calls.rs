//! Calls (فراخوان) that open and close a service's intake, and disputes (اعتراض) with their
//! month of negotiation. Dates arrive already written (Jalali, Persian digits).

// Filing refused by the calls.
pub const ERR_CALL_CLOSED: &str = "فراخوان این خدمت اکنون باز نیست و درخواست تازه پذیرفته نمی‌شود.";
pub const ERR_CALL_FULL: &str =
    "ظرفیت فراخوان این خدمت تکمیل شده است و درخواست تازه پذیرفته نمی‌شود.";
pub const ERR_CALL_NOT_FOR_KIND: &str =
    "فراخوان کنونی این خدمت برای گروه شما (دانشجو، دانش‌آموخته یا مؤسسه) نیست.";

/// Refused while closed, with when the next call opens.
pub fn err_call_closed_until(opens: &str) -> String {
    format!("فراخوان این خدمت اکنون باز نیست؛ فراخوان بعدی از {opens} باز می‌شود.")
}

// A type's intake, as applicants see it.
pub const CALL_OPEN_UNTIL: &str = "پذیرش درخواست باز است تا";
pub const CALL_OPENS_AT: &str = "پذیرش درخواست از این زمان باز می‌شود:";
pub const CALL_NONE_PLANNED: &str =
    "این خدمت اکنون فراخوان باز ندارد و زمان فراخوان بعدی هنوز اعلام نشده است.";
pub const CALL_ALWAYS_OPEN: &str = "پذیرش درخواست همیشه باز است.";

/// The countdown in a call's last days.
pub fn call_days_left(days: &str) -> String {
    format!("{days} روز تا پایان فراخوان مانده است.")
}

/// What is left of a call's capacity.
pub fn call_places_left(left: &str) -> String {
    format!("{left} درخواست")
}

pub const CALLS_TITLE: &str = "فراخوان‌ها";
pub const CALLS_INTRO: &str = "هر خدمتی که با فراخوان ارائه می‌شود فقط در بازهٔ فراخوانش درخواست می‌پذیرد. با پایان فراخوان، توافق‌نامهٔ آن خدمت برای درخواست‌های تازه پایان می‌یابد و درخواست‌های ثبت‌شده تا پایان، با همان توافق‌نامه‌ای که با آن ثبت شده‌اند، رسیدگی می‌شوند.";
pub const CALLS_CURRENT: &str = "فراخوان‌های باز";
pub const CALLS_COMING: &str = "فراخوان‌های پیش رو";
pub const CALLS_NONE: &str = "اکنون فراخوان باز یا پیش رویی نیست.";
pub const CALL_FOR_KINDS: &str = "ویژهٔ";
pub const CALL_CAPACITY: &str = "ظرفیت باقی‌مانده";
pub const CALL_SERVICES: &str = "خدمات";
pub const CALL_FROM: &str = "از";
pub const CALL_TO: &str = "تا";

// Being told when a type opens.
pub const WATCH_BUTTON: &str = "وقتی باز شد خبرم کنید";
pub const WATCH_DONE: &str =
    "وقتی پذیرش این خدمت باز شود، یک بار با پیامک یا رایانامه خبرتان می‌کنیم.";
pub const WATCH_ALREADY: &str = "درخواست خبر شما ثبت شده است؛ وقتی پذیرش این خدمت باز شود، یک بار با پیامک یا رایانامه خبرتان می‌کنیم.";
pub const NOTICE_CALL_OPEN_SUBJECT: &str = "پذیرش درخواست باز شد";

/// The notice that a type opened under a call: its title (isolated by the caller) and until when.
pub fn notice_call_open(title: &str, until: &str) -> String {
    format!("پذیرش درخواست برای «{title}» باز شد و تا {until} ادامه دارد.")
}

/// The notice that a type is open again with no end (always open).
pub fn notice_intake_open(title: &str) -> String {
    format!("پذیرش درخواست برای «{title}» باز شد.")
}

pub const ERR_WATCH_NO_CHANNEL: &str =
    "برای خبر گرفتن، در تنظیمات حساب دست‌کم یکی از پیامک یا رایانامه را روشن کنید.";

pub const NOTICE_CALL_EXTENDED_SUBJECT: &str = "فراخوان تمدید شد";
pub const NOTICE_CALL_CLOSED_SUBJECT: &str = "فراخوان بسته شد";

/// To those waiting on a call: it now ends later.
pub fn notice_call_extended(title: &str, until: &str) -> String {
    format!("فراخوان «{title}» تمدید شد و تا {until} درخواست می‌پذیرد.")
}

/// To those waiting on a call: it was closed early, and why.
pub fn notice_call_closed(title: &str, at: &str, reason: &str) -> String {
    format!("فراخوان «{title}» در {at} زودتر از موعد بسته شد. دلیل: {reason}")
}

/// The history line of a request cancelled because its call ended before its fee was paid.
pub const HISTORY_CANCELLED_CALL_ENDED: &str =
    "فراخوان این خدمت پیش از پرداخت هزینه به پایان رسید و درخواست لغو شد.";

// Admins' page.
pub const CALLS_ADMIN_TITLE: &str = "فراخوان‌ها و بازهٔ پذیرش";
pub const CALL_NEW: &str = "فراخوان تازه";
pub const CALL_TITLE_LABEL: &str = "عنوان فراخوان";
pub const CALL_BODY_LABEL: &str = "متن فراخوان";
pub const CALL_STARTS_LABEL: &str = "تاریخ آغاز";
pub const CALL_ENDS_LABEL: &str = "تاریخ پایان";
pub const CALL_KINDS_LABEL: &str = "متقاضیان پذیرفته";
pub const CALL_KINDS_ALL: &str = "همهٔ متقاضیان خدمت";
pub const CALL_CAPACITY_LABEL: &str = "ظرفیت (خالی: بی‌سقف)";
pub const CALL_TYPES_LABEL: &str = "خدماتی که این فراخوان باز می‌کند";
pub const CALL_SAVE: &str = "ثبت فراخوان";
pub const CALL_EXTEND: &str = "تمدید تا تاریخ";
pub const CALL_CLOSE_NOW: &str = "بستن زودهنگام";
pub const CALL_REASON_LABEL: &str = "دلیل (در سابقهٔ فراخوان می‌ماند)";
pub const CALL_AUDIT: &str = "سابقهٔ فراخوان";
pub const CALL_AUDIT_CREATED: &str = "ثبت شد";
pub const CALL_AUDIT_EDITED: &str = "ویرایش شد";
pub const CALL_AUDIT_EXTENDED: &str = "تمدید شد";
pub const CALL_AUDIT_CLOSED: &str = "زودتر از موعد بسته شد";
pub const CALL_EXTEND_SAVE: &str = "تمدید";
pub const CALL_TIME_LABEL: &str = "ساعت (تهران)";
pub const CALL_START_TIME_HELP: &str = "خالی: از آغاز روز";
pub const CALL_END_TIME_HELP: &str = "خالی: تا پایان روز";
pub const CALLS_NONE_YET: &str = "هنوز فراخوانی ثبت نشده است.";
pub const INTAKE_TITLE: &str = "پذیرش درخواست هر خدمت";
pub const INTAKE_HELP: &str =
    "خدمتی که «فقط در فراخوان» است، تنها در بازهٔ فراخوان‌هایش درخواست می‌پذیرد.";
pub const CALL_TAKEN: &str = "درخواست‌های ثبت‌شده";
pub const ERR_CALL_TITLE: &str = "عنوان فراخوان را بنویسید.";
pub const ERR_CALL_ENDS_BEFORE_START: &str = "پایان فراخوان باید پس از آغاز آن باشد.";
pub const ERR_CALL_CAPACITY: &str = "ظرفیت باید عددی بزرگ‌تر از صفر باشد یا خالی بماند.";
pub const ERR_CALL_TYPES: &str = "دست‌کم یک خدمت را برای این فراخوان برگزینید.";
pub const ERR_CALL_CHANGED: &str =
    "این فراخوان هم‌زمان تغییر کرد؛ صفحه را دوباره باز کنید و تغییر را دوباره ثبت کنید.";
pub const ERR_CALL_INSTANT: &str = "تاریخ را به شکل ۱۴۰۵/۰۶/۰۱ و ساعت را به شکل ۰۸:۰۰ بنویسید.";
pub const ERR_CALL_REASON: &str = "دلیل این تغییر را بنویسید.";
pub const ERR_CALL_ENDED: &str = "این فراخوان پایان یافته است و دیگر تغییر نمی‌کند.";
pub const ERR_CALL_EXTEND_EARLIER: &str = "پایان تازه باید پس از پایان کنونی باشد.";
pub const INTAKE_ALWAYS: &str = "همیشه باز";
pub const INTAKE_CALLS: &str = "فقط در فراخوان";

// Disputes.
pub const DISPUTE_TITLE: &str = "اعتراض و حل اختلاف";
pub const DISPUTE_INTRO: &str = "اگر با تفسیر یا اجرای توافق‌نامه در این درخواست موافق نیستید، اعتراض خود را ثبت کنید. یک ماه برای گفت‌وگو و توافق فرصت هست؛ اگر در این مدت توافق نشود، نظر سازمان قطعی است.";
pub const DISPUTE_SUBJECT_LABEL: &str = "موضوع اختلاف";
pub const DISPUTE_SUBJECT_INTERPRETATION: &str = "تفسیر توافق‌نامه";
pub const DISPUTE_SUBJECT_EXECUTION: &str = "اجرای توافق‌نامه";
pub const DISPUTE_REASONS_LABEL: &str = "دلایل شما";
pub const DISPUTE_FILES: &str = "مدارک و پیوست‌ها (اختیاری)";
pub const DISPUTE_RAISE: &str = "ثبت اعتراض";
pub const DISPUTE_STATE_OPEN: &str = "ثبت‌شده، در انتظار رسیدگی";
pub const DISPUTE_STATE_NEGOTIATING: &str = "در حال گفت‌وگو";
pub const DISPUTE_STATE_SETTLED: &str = "با توافق حل شد";
pub const DISPUTE_STATE_FINAL: &str = "نظر قطعی سازمان";
pub const DISPUTE_PROPOSE: &str = "پیشنهاد حل اختلاف";
pub const DISPUTE_ACCEPT: &str = "این پیشنهاد را می‌پذیرم";
pub const DISPUTE_FINAL_LABEL: &str = "نظر قطعی سازمان";
pub const DISPUTE_FINAL_SAVE: &str = "ثبت نظر قطعی";
pub const DISPUTE_FINAL_CONFIRM_PROPOSAL: &str = "همان آخرین پیشنهاد، نظر قطعی است";
pub const DISPUTE_OVERDUE: &str = "مهلت گفت‌وگو گذشته و نظر قطعی هنوز ثبت نشده است.";
pub const ERR_DISPUTE_NOT_YET: &str =
    "فقط برای درخواستی که پاسخ گرفته، حل شده یا بسته شده است می‌توان اعتراض ثبت کرد.";
pub const ERR_DISPUTE_TOO_LATE: &str = "مهلت ثبت اعتراض برای این درخواست گذشته است.";
pub const ERR_DISPUTE_EXISTS: &str =
    "برای این درخواست پیش‌تر اعتراض ثبت شده است و هر درخواست فقط یک اعتراض دارد.";
pub const ERR_DISPUTE_REASONS: &str = "دلایل اعتراض را بنویسید.";
pub const ERR_DISPUTE_CLOSED: &str = "این اعتراض بسته شده است و دیگر تغییر نمی‌کند.";
pub const ERR_DISPUTE_NO_PROPOSAL: &str = "پیشنهادی برای پذیرفتن نیست.";
pub const ERR_DISPUTE_MONTH_NOT_OVER: &str = "نظر قطعی فقط پس از پایان یک ماه گفت‌وگو ثبت می‌شود.";
pub const ERR_DISPUTE_OWN_ANSWER: &str =
    "پاسخ مورد اعتراض از شماست؛ این اعتراض را سرپرست دیگری رسیدگی می‌کند.";

/// Both sides see the deadline and the days left.
pub fn dispute_deadline(last_day: &str, days_left: &str) -> String {
    format!("مهلت گفت‌وگو تا پایان {last_day} است ({days_left} روز مانده).")
}

/// Shown with the final view: when the month ended.
pub fn dispute_month_ended(last_day: &str) -> String {
    format!("یک ماه گفت‌وگو در {last_day} به پایان رسید و این نظر قطعی است.")
}

pub const NOTICE_DISPUTE_REMINDER_SUBJECT: &str = "یادآوری مهلت اعتراض";

/// A reminder before the month ends, to both sides.
pub fn notice_dispute_reminder(code: &str, last_day: &str, days_left: &str) -> String {
    format!(
        "مهلت گفت‌وگو دربارهٔ اعتراض درخواست {code} تا پایان {last_day} است ({days_left} روز مانده)."
    )
}

pub const HISTORY_DISPUTE_RAISED: &str = "متقاضی اعتراض ثبت کرد";
pub const HISTORY_DISPUTE_PROPOSAL: &str = "پیشنهاد حل اختلاف داده شد";

/// A dispute's step in the request's history: its new state.
pub fn history_dispute(state: &str) -> String {
    format!("وضعیت اعتراض: {state}")
}

pub const DISPUTE_MESSAGE_LABEL: &str = "پیام شما در گفت‌وگوی اعتراض";
pub const DISPUTE_SEND: &str = "ارسال پیام";
pub const DISPUTE_KIND_LABEL: &str = "نوع نوشته";
pub const DISPUTE_KIND_MESSAGE: &str = "پیام به متقاضی";
pub const DISPUTE_KIND_PROPOSAL: &str = "پیشنهاد حل اختلاف";
pub const DISPUTE_KIND_NOTE: &str = "یادداشت داخلی";
pub const DISPUTE_PROPOSAL_BADGE: &str = "پیشنهاد";
pub const DISPUTE_ACCEPTED_BADGE: &str = "پذیرفته شد";
pub const DISPUTE_FILED: &str = "ثبت اعتراض";
pub const DISPUTE_HANDLER: &str = "رسیدگی‌کننده";
pub const DISPUTE_NO_HANDLER: &str = "هنوز سرپرستی پاسخ نداده است";
pub const DISPUTE_MONTH_OVER: &str =
    "یک ماه گفت‌وگو به پایان رسیده است؛ تا ثبت نظر قطعی سازمان، هنوز می‌توان به توافق رسید.";
pub const DISPUTE_RAISE_UNTIL: &str = "مهلت ثبت اعتراض تا";
pub const DISPUTE_BACK: &str = "بازگشت به درخواست";
pub const DISPUTE_PAGE_TITLE: &str = "اعتراض درخواست";
pub const DISPUTE_NONE: &str = "برای این درخواست اعتراضی ثبت نشده است.";

/// Why the applicant cannot dispute the request now; `days`: the window after closing.
pub fn dispute_not_possible(days: &str) -> String {
    format!(
        "اعتراض را پس از پاسخ به درخواست می‌توانید ثبت کنید؛ اگر درخواست بسته شده باشد، تا {days} روز پس از بسته شدن آن."
    )
}
pub const ERR_DISPUTE_NOT_HANDLER: &str = "رسیدگی به این اعتراض با سرپرست گروه این درخواست است.";
pub const ERR_DISPUTE_MESSAGE: &str = "متن پیام را بنویسید.";
pub const ERR_DISPUTE_FINAL_TEXT: &str =
    "متن نظر قطعی را بنویسید یا آخرین پیشنهاد را نظر قطعی کنید.";
pub const ERR_DISPUTE_SUBJECT: &str = "موضوع اختلاف را برگزینید.";
pub const NOTICE_DISPUTE_SUBJECT: &str = "اعتراض درخواست";

/// To the supervisors of the group: a dispute was raised.
pub fn notice_dispute_raised(code: &str) -> String {
    format!("متقاضی درخواست {code} اعتراض ثبت کرده است. یک ماه برای گفت‌وگو و توافق فرصت هست.")
}

/// To the applicant: the provider wrote in the dispute's thread (or proposed).
pub fn notice_dispute_written(code: &str) -> String {
    format!("دربارهٔ اعتراض درخواست {code} پیام تازه‌ای دارید.")
}

/// To the staff: the applicant wrote, or accepted.
pub fn notice_dispute_applicant(code: &str) -> String {
    format!("متقاضی در گفت‌وگوی اعتراض درخواست {code} پیام تازه‌ای نوشت.")
}

/// To the applicant: the dispute ended (settled, or the final view).
pub fn notice_dispute_closed(code: &str, state: &str) -> String {
    format!("اعتراض درخواست {code} به پایان رسید: {state}.")
}

pub const NOTICE_DISPUTE_OVERDUE_SUBJECT: &str = "اعتراض بی‌نظر قطعی";

/// To admins: the month passed unsettled and no final view is written.
pub fn notice_dispute_overdue(code: &str) -> String {
    format!("یک ماه گفت‌وگوی اعتراض درخواست {code} گذشته و نظر قطعی سازمان هنوز ثبت نشده است.")
}
