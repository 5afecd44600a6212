//! Administration: request types, groups, calendar, staff accounts.

pub const NAV_ADMIN: &str = "مدیریت";
pub const ADMIN_NAV: &str = "بخش‌های مدیریت";
pub const ADMIN_TYPES: &str = "انواع درخواست و فرم‌ها";
pub const ADMIN_GROUPS: &str = "گروه‌های کارشناسی";
pub const ADMIN_NEW_TYPE: &str = "افزودن نوع درخواست";
pub const ADMIN_NEW_GROUP: &str = "افزودن گروه";
pub const ACTIVE: &str = "فعال";
pub const INACTIVE: &str = "غیرفعال";
pub const TYPE_TITLE: &str = "عنوان";
pub const TYPE_DESCRIPTION: &str = "توضیح";
pub const TYPE_KINDS: &str = "چه متقاضیانی می‌توانند ثبت کنند";
pub const NO_GROUP: &str = "بدون گروه";
pub const TYPE_DAYS: &str = "مهلت نتیجهٔ اولیه (روز کاری)";
pub const TYPE_ACTIVE: &str = "فعال است";
pub const TYPE_PROPERTIES: &str = "مشخصات";
pub const SAVE: &str = "ذخیره";
pub const FORM_FIELDS: &str = "فیلدهای فرم";
pub const FORM_FIELDS_NOTE: &str = "تغییر فیلدها به درخواست‌های ثبت‌شده دست نمی‌زند؛ پاسخ‌ها با همان عنوانی که هنگام ثبت داشتند نگه داشته می‌شوند.";
pub const NO_FIELDS: &str = "این نوع درخواست فیلد اضافه ندارد؛ فقط موضوع و شرح پرسیده می‌شود.";
pub const ADD_FIELD: &str = "افزودن فیلد";
pub const FIELD_LABEL: &str = "عنوان فیلد";
pub const FIELD_KIND: &str = "نوع فیلد";
pub const FIELD_HELP: &str = "راهنمای فیلد (اختیاری)";
pub const FIELD_CHOICES: &str = "گزینه‌ها (برای فیلد گزینه‌ای، هر گزینه در یک سطر)";
pub const FIELD_REQUIRED: &str = "پاسخ الزامی است";
pub const MOVE_UP: &str = "بالاتر";
pub const MOVE_DOWN: &str = "پایین‌تر";
pub const RETIRE_FIELD: &str = "حذف از فرم";
pub const DOCUMENTS: &str = "راهنماها و دستورالعمل‌ها";
pub const STAFF_DOCUMENTS: &str = "دستورالعمل‌های کارشناسان";
pub const NO_DOCUMENTS: &str = "سندی بارگذاری نشده است.";
pub const UPLOAD_DOCUMENT: &str = "بارگذاری سند";
pub const DOCUMENT_AUDIENCE: &str = "برای چه کسانی";
pub const GUIDE_FOR_APPLICANTS: &str = "راهنمای متقاضیان (پیش از فرم نمایش داده می‌شود)";
pub const DOC_FOR_STAFF: &str = "دستورالعمل کارشناسان (کنار درخواست)";
pub const DOCUMENT_TITLE: &str = "عنوان سند (اختیاری)";
pub const DOCUMENT_FILE: &str = "فایل (PDF یا تصویر)";
pub const UPLOAD: &str = "بارگذاری";
pub const REMOVE: &str = "حذف";
pub const MEMBERS: &str = "اعضا";
pub const ADD_MEMBER: &str = "افزودن کارشناس";
pub const ADD: &str = "افزودن";
pub const GROUP_NAME: &str = "نام گروه";
pub const AUTO_ASSIGN: &str = "ارجاع خودکار نوبتی به کارشناسان حاضر";
pub const ERR_CANNED_TITLE: &str = "عنوان پاسخ آماده را (حداکثر ۱۰۰ نویسه) بنویسید.";
pub const ERR_TAG: &str = "برچسب را (حداکثر ۴۰ نویسه) بنویسید.";
pub const ERR_FILTER_NAME: &str = "برای فیلتر نامی (حداکثر ۶۰ نویسه) بنویسید.";
pub const ERR_BULK_NONE: &str = "هیچ درخواستی انتخاب نشده است.";
pub const ERR_BULK_TOO_MANY: &str = "در هر بار حداکثر ۱۰۰ درخواست را می‌توان تغییر داد.";
pub const TAG: &str = "برچسب";
pub const TAGS: &str = "برچسب‌ها";
pub const ADD_TAG: &str = "افزودن برچسب";
pub const SAVED_FILTERS: &str = "فیلترهای ذخیره‌شده";
pub const NO_SAVED_FILTERS: &str = "هنوز فیلتری ذخیره نکرده‌اید.";
pub const SAVE_FILTER_AS: &str = "ذخیرهٔ فیلتر فعلی با نام";
pub const SAVE_FILTER: &str = "ذخیرهٔ فیلتر";
// Keyboard shortcuts (desktop only): the keys as printed on a keyboard, and what they do.
pub const SHORTCUTS_HINT: &str = "برای دیدن کلیدهای میان‌بر، کلید «?» را بزنید.";
pub const SHORTCUTS_TITLE: &str = "کلیدهای میان‌بر";
pub const SHORTCUTS_QUEUE: &[(&str, &str)] = &[
    ("j", "درخواست بعدی"),
    ("k", "درخواست قبلی"),
    ("x", "انتخاب یا لغو انتخاب درخواست"),
    ("Enter", "باز کردن درخواست"),
    ("/", "رفتن به جستجو"),
    ("?", "نمایش این فهرست"),
    ("Esc", "بستن این فهرست"),
];
pub const SHORTCUTS_REQUEST: &[(&str, &str)] = &[
    ("r", "رفتن به کادر پاسخ"),
    ("?", "نمایش این فهرست"),
    ("Esc", "بستن این فهرست"),
];
pub const PICK: &str = "انتخاب";
pub const BULK_TITLE: &str = "اقدام گروهی روی درخواست‌های انتخاب‌شده";
pub const BULK_ACTION: &str = "اقدام";
pub const BULK_APPLY: &str = "اعمال";
pub const CANNED: &str = "پاسخ آماده";
pub const INSERT_CANNED: &str = "درج در متن پاسخ";
pub const CANNED_ADMIN: &str = "پاسخ‌های آماده";
pub const CANNED_VARIABLES: &str = "متغیرها:";
pub const PRESENT_NOW: &str = "هم‌اکنون این درخواست را باز کرده‌اند:";
pub const FOR_ALL_GROUPS: &str = "همه گروه‌ها";

/// "N requests changed", in Persian digits.
pub fn bulk_done(n: usize) -> String {
    format!(
        "{} درخواست تغییر کرد.",
        crate::copy::digits::persian_number(n as i64)
    )
}
pub const NEW_CANNED: &str = "افزودن پاسخ آماده";
pub const ERR_OTP_COOLDOWN: &str = "کد تازه پس از یک دقیقه قابل درخواست است.";
pub const ERR_OTP_WRONG: &str = "کد واردشده درست نیست یا منقضی شده است. کد تازه بگیرید.";
pub const OTP_TITLE: &str = "ورود با رمز یک‌بارمصرف پیامکی";
pub const OTP_MOBILE: &str = "شماره همراه ثبت‌شده در حساب";
pub const OTP_SEND: &str = "دریافت کد";
pub const OTP_SENT: &str =
    "اگر این شماره در سامانه ثبت شده باشد، کد ورود برای آن پیامک شد. کد تا ۲ دقیقه معتبر است.";
pub const OTP_CODE: &str = "کد ۶ رقمی";
pub const OTP_VERIFY: &str = "ورود";
pub const OTP_LINK: &str = "ورود با رمز یک‌بارمصرف پیامکی";
pub const OTP_RESEND: &str = "دریافت دوبارهٔ کد";
pub const SETTINGS_TITLE: &str = "حساب من";
pub const NAV_SETTINGS: &str = "تنظیمات";
pub const NOTIFY_EMAIL: &str = "اطلاع‌رسانی با رایانامه";
pub const NOTIFY_SMS: &str = "اطلاع‌رسانی با پیامک";
pub const EMAIL_ADDRESS: &str = "رایانامه";
pub const SETTINGS_SAVED: &str = "تنظیمات ذخیره شد.";
pub const ERR_EMAIL: &str = "رایانامه را درست بنویسید، مانند name@example.com.";
pub const REASON_PUBLIC_HELP: &str = "متقاضی این توضیح را در تاریخچهٔ درخواست می‌بیند.";
pub const REASON_INTERNAL_HELP: &str = "فقط کارشناسان این توضیح را می‌بینند.";
pub const YOU_ARE_AVAILABLE: &str = "شما برای ارجاع خودکار درخواست‌های تازه در دسترس هستید.";
pub const YOU_ARE_AWAY: &str = "شما غایب ثبت شده‌اید و درخواست تازه‌ای خودکار به شما ارجاع نمی‌شود.";
pub const GO_AWAY: &str = "ثبت غیبت";
pub const COME_BACK: &str = "اعلام حضور";

pub const ADMIN_STAFF: &str = "حساب‌های کارشناسان";
pub const STAFF_NAME: &str = "نام";
pub const STAFF_LOGIN: &str = "کد ملی";
pub const STAFF_ROLE: &str = "نقش";
pub const STAFF_STATUS: &str = "وضعیت";
pub const STAFF_SECOND_FACTOR: &str = "ورود دومرحله‌ای";
pub const STAFF_ACTIONS: &str = "کارها";
pub const STAFF_ACTIVE: &str = "فعال";
pub const STAFF_INACTIVE: &str = "غیرفعال";
pub const STAFF_ENROLLED: &str = "راه‌اندازی‌شده";
pub const STAFF_NOT_ENROLLED: &str = "راه‌اندازی‌نشده";
pub const STAFF_REASON: &str = "دلیل";
pub const STAFF_RESET_SECOND_FACTOR: &str = "بازنشانی ورود دومرحله‌ای";
pub const STAFF_DEACTIVATE: &str = "غیرفعال کردن حساب";
pub const STAFF_ACTIVATE: &str = "فعال کردن حساب";
pub const STAFF_DONE: &str = "انجام شد.";
pub const AUDIT_TITLE: &str = "گزارش کارهای انجام‌شده روی حساب‌ها";
pub const AUDIT_WHEN: &str = "زمان";
pub const AUDIT_WHO: &str = "انجام‌دهنده";
pub const AUDIT_WHAT: &str = "کار";
pub const AUDIT_WHOM: &str = "حساب";
pub const AUDIT_SECOND_FACTOR_RESET: &str = "بازنشانی ورود دومرحله‌ای";
pub const AUDIT_SECOND_FACTOR_ENROLLED: &str = "راه‌اندازی ورود دومرحله‌ای";
pub const AUDIT_DEACTIVATED: &str = "غیرفعال کردن حساب";
pub const AUDIT_ACTIVATED: &str = "فعال کردن حساب";
