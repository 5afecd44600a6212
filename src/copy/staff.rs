//! The staff workspace: queue, request page, lifecycle actions and staff tools.

pub const QUEUE_TITLE: &str = "کارتابل درخواست‌ها";
pub const QUEUE_EMPTY: &str = "درخواستی با این فیلتر وجود ندارد.";
pub const FILTER: &str = "اعمال فیلتر";
pub const ALL_TYPES: &str = "همه انواع";
pub const STATUS_OPEN: &str = "همه درخواست‌های باز";
pub const STATUS_ALL: &str = "همه وضعیت‌ها";

/// "N working days" with Persian digits.
pub const ADMIN_CALENDAR: &str = "تقویم کاری";
pub const CALENDAR_INTRO: &str = "مهلت‌های توافق‌نامه فقط در ساعت‌های کاری این تقویم شمرده می‌شوند. هر تغییر، موعد درخواست‌های باز را همان لحظه دوباره حساب می‌کند.";
pub const WORKING_HOURS: &str = "ساعت کاری روزهای هفته";
pub const WORKING_HOURS_HELP: &str =
    "ساعت را به شکل ۰۸:۰۰ بنویسید. برای روز تعطیل هر دو خانه را خالی بگذارید.";
pub const HOURS_FROM: &str = "از ساعت";
pub const HOURS_TO: &str = "تا ساعت";
pub const CLOSURES: &str = "تعطیلی‌ها";
pub const OFFICIAL_HOLIDAY: &str = "تعطیل رسمی";
pub const CLOSURE: &str = "تعطیلی موردی";
pub const ADD_CLOSURE: &str = "افزودن روز تعطیل";
pub const CLOSURE_DATE: &str = "تاریخ";
pub const CLOSURE_REASON: &str = "علت";
pub const CLOSURE_GROUP: &str = "برای";
pub const REOPEN_DAY: &str = "حذف تعطیلی";
pub const CALENDAR_LOAD_FAILED: &str = "تقویم کاری بارگیری نشد. صفحه را دوباره باز کنید.";

/// What a calendar change did.
pub fn recomputed(n: usize) -> String {
    if n == 0 {
        return "ذخیره شد. این تغییر موعد هیچ درخواست بازی را جابه‌جا نمی‌کند.".to_string();
    }
    format!(
        "ذخیره شد. موعد {} درخواست باز دوباره محاسبه شد.",
        crate::copy::digits::persian_number(n as i64)
    )
}

/// The warning that a year's official holidays are not entered yet.
pub fn holidays_missing(year: i32) -> String {
    format!(
        "تعطیلات رسمی سال {} هنوز وارد نشده است؛ تا وارد نشود، مهلت‌ها آن روزها را کاری می‌شمارند.",
        crate::copy::digits::to_persian_digits(&year.to_string())
    )
}

pub const ERR_HHMM: &str = "ساعت را به شکل ۰۸:۰۰ بنویسید.";
pub const ERR_HOURS_ORDER: &str = "ساعت پایان باید بعد از ساعت شروع باشد.";
pub const ERR_CLOSURE_REASON: &str = "علت تعطیلی را بنویسید (دست‌کم ۲ و حداکثر ۲۰۰ نویسه).";
pub const ERR_CLOSURE_EXISTS: &str = "این روز پیش‌تر تعطیل اعلام شده است.";
pub const SORT: &str = "ترتیب";
pub const SORT_OLDEST: &str = "قدیمی‌ترین اول";
pub const SORT_NEWEST: &str = "جدیدترین اول";
pub const SORT_DUE: &str = "نزدیک‌ترین موعد اول (فقط مهلت‌های در جریان)";
pub const SLA_LEFT: &str = "مانده تا مهلت";
pub const SLA_OVERDUE: &str = "گذشته از مهلت";
pub const SLA_EXPECTED: &str = "موعد اعلام نتیجهٔ اولیه";
pub const SLA_PAUSED_FOR_YOU: &str = "تا پاسخ شما متوقف است";
pub const SLA_TOOK: &str = "زمان کاری تا نتیجهٔ اولیه";
/// The state of a request's clock (running, at risk, passed), beside its due time.
pub const SLA_INITIAL_CLOCK: &str = "وضعیت مهلت نتیجهٔ اولیه";
pub const SLA_RESOLUTION_CLOCK: &str = "مهلت حل درخواست";

pub const ERR_CROSSED_REPLY: &str = "کارشناس دیگری همین حالا به این درخواست پاسخ داده است. پاسخ او را بخوانید؛ اگر باز هم می‌خواهید پاسخ خود را بفرستید، گزینهٔ «با این حال ارسال شود» را بزنید.";
pub const CONFIRM_CROSSED_REPLY: &str = "با این حال ارسال شود";
pub const ERR_INITIAL_RESULT_MODE: &str =
    "فقط پاسخ به متقاضی می‌تواند نتیجهٔ اولیه باشد، نه پرسش یا یادداشت داخلی.";
pub const ERR_BAD_MODE: &str = "نوع پاسخ نامعتبر است.";
pub const ERR_REOPEN_WINDOW: &str =
    "مهلت بازگشایی این درخواست گذشته است. می‌توانید درخواست تازه‌ای مرتبط با آن ثبت کنید.";
pub const ERR_NOT_RATEABLE: &str = "امتیاز دادن پس از حل شدن درخواست ممکن است.";
pub const ERR_ALREADY_RATED: &str = "شما قبلاً به این درخواست امتیاز داده‌اید.";
pub const ERR_ASSIGNEE_UNKNOWN: &str = "کارشناس انتخاب‌شده در دسترس نیست.";
pub const ERR_GROUP_UNKNOWN: &str = "گروه انتخاب‌شده در دسترس نیست.";
pub const ERR_SAME_GROUP: &str = "درخواست هم‌اکنون در همین گروه است.";
pub const ERR_PRIORITY: &str = "اولویت نامعتبر است.";
pub const ERR_MERGE_TARGET: &str = "درخواست مقصد باید درخواست باز و قدیمی‌تری از همین متقاضی باشد.";
pub const ERR_RELATED_UNKNOWN: &str = "درخواست مرتبط پیدا نشد.";
pub const AUTO_CLOSED_REASON: &str = "بسته شدن خودکار پس از حل شدن، بدون پیگیری متقاضی";
pub const REOPEN: &str = "بازگشایی درخواست";
pub const REOPEN_EXPIRED: &str = "مهلت بازگشایی این درخواست گذشته است.";
pub const NEW_RELATED: &str = "ثبت درخواست تازهٔ مرتبط";
pub const RESOLVE: &str = "اعلام حل شدن";
pub const REASON_OPTIONAL: &str = "توضیح (اختیاری)";
pub const INTERNAL_NOTE_BADGE: &str = "یادداشت داخلی";
pub const REPLY_MODE: &str = "نوع پیام";
pub const TIMELINE: &str = "تاریخچهٔ درخواست";
pub const SYSTEM_ACTOR: &str = "سامانه";
pub const RATE_TITLE: &str = "به نتیجهٔ این درخواست امتیاز دهید";
pub const RATE_STARS: &str = "امتیاز (۱ بسیار ضعیف تا ۵ عالی)";
pub const RATE_COMMENT: &str = "نظر شما (اختیاری)";
pub const RATE_SUBMIT: &str = "ثبت امتیاز";
pub const YOUR_RATING: &str = "امتیاز متقاضی";
pub const MERGED_INTO: &str = "ادغام‌شده در";
pub const RELATED_TO: &str = "در ادامهٔ درخواست";
pub const PRIORITY: &str = "اولویت";
pub const GROUP: &str = "گروه";
pub const ASSIGNEE: &str = "کارشناس مسئول";
pub const NOBODY: &str = "بدون کارشناس";
pub const ASSIGN_TO_ME: &str = "به خودم";
pub const ASSIGN: &str = "ارجاع";
pub const SET_PRIORITY: &str = "تغییر اولویت";
pub const TRANSFER: &str = "انتقال به گروه دیگر";
pub const TRANSFER_SUBMIT: &str = "انتقال";
pub const MERGE: &str = "ادغام در درخواست قبلی همین متقاضی";
pub const MERGE_INTO: &str = "کد رهگیری درخواست قبلی";
pub const MERGE_SUBMIT: &str = "ادغام و بستن این درخواست";
pub const STAFF_TOOLS: &str = "ابزار کارشناس";
pub const LOGIN_ID: &str = "شناسه ورود";
pub const MOBILE: &str = "تلفن همراه";
pub const CHOOSE: &str = "انتخاب کنید…";
pub const AWAY_FLAG: &str = " (غایب)";
pub const ALL_GROUPS: &str = "همه گروه‌ها";
pub const ANYONE: &str = "همه کارشناسان";
pub const MINE: &str = "کارتابل من";
pub const ANY_PRIORITY: &str = "همه اولویت‌ها";
pub const SEARCH: &str = "جستجو";
pub const SEARCH_STAFF_HELP: &str =
    "در موضوع، شرح، پاسخ‌ها، یادداشت‌ها، کد رهگیری، کد ملی و شماره همراه";
pub const NO_MATCHES: &str = "درخواستی با این مشخصات پیدا نشد.";
pub const ERR_FIELD_KIND_FIXED: &str =
    "نوع فیلد پس از ساخت تغییر نمی‌کند؛ فیلد را بازنشسته کنید و فیلد تازه‌ای بسازید.";
pub const ERR_DOC_TITLE: &str = "عنوان سند حداکثر ۱۵۰ نویسه می‌تواند باشد.";
pub const ERR_FILE_REQUIRED: &str = "بارگذاری این فایل لازم است.";
pub const ERR_UPLOAD_BROKEN: &str = "فرم ارسالی ناقص یا بیش از حد بزرگ است. دوباره تلاش کنید.";
pub const ATTACHMENTS: &str = "پیوست‌ها (اختیاری)";
pub const ATTACHMENTS_HELP: &str =
    "PDF، تصویر، Word، Excel یا متن ساده؛ هر فایل حداکثر ۱۰ مگابایت و روی هم حداکثر ۳۰ مگابایت.";
pub const ATTACHED_FILES: &str = "پیوست‌ها";
pub const SENDING: &str = "در حال ارسال…";
pub const FORM_ANSWERS: &str = "اطلاعات فرم درخواست";
pub const PICK_DATE: &str = "انتخاب از تقویم";
pub const PREV_MONTH: &str = "ماه قبل";
pub const NEXT_MONTH: &str = "ماه بعد";
pub const MONTH: &str = "ماه";
pub const YEAR: &str = "سال";
pub const TODAY: &str = "امروز";
pub const HOLIDAY: &str = "تعطیل";

/// A day of the date picker as a screen reader reads it: its date, and whether it is today or
/// an official holiday.
pub fn calendar_day_label(date: &str, today: bool, holiday: Option<&str>) -> String {
    let mut label = date.to_string();
    if today {
        label.push_str("، امروز");
    }
    if let Some(reason) = holiday {
        label.push_str("، تعطیل رسمی: ");
        label.push_str(reason);
    }
    label
}
pub const GUIDES: &str = "راهنمای این خدمت";
pub const GUIDES_NOTE: &str = "پیش از تکمیل فرم، راهنما را بخوانید.";
pub const TYPE_SEARCH: &str = "جستجو در نوع درخواست‌ها";
pub const TYPE_NONE_FOUND: &str =
    "نوع درخواستی با این عبارت پیدا نشد؛ عبارت کوتاه‌تر یا دیگری بنویسید.";

/// How many request types the search shows: «۴ نوع درخواست».
pub fn types_found(n: usize) -> String {
    format!(
        "{} نوع درخواست",
        crate::copy::digits::persian_number(n as i64)
    )
}
pub const CHOOSE_TYPE_TITLE: &str = "نوع درخواست را انتخاب کنید";
pub const CHOOSE_THIS_TYPE: &str = "ثبت درخواست از این نوع";
pub const CHANGE_TYPE: &str = "تغییر نوع درخواست";
pub const REQUIRED_MARK: &str = " (الزامی)";
pub const ERR_GROUP_NAME: &str = "نام گروه را (حداکثر ۱۰۰ نویسه) بنویسید.";
pub const ERR_GROUP_NAME_TAKEN: &str = "گروهی با این نام وجود دارد.";
pub const ERR_GROUP_DESCRIPTION: &str = "توضیح گروه حداکثر ۵۰۰ نویسه می‌تواند باشد.";
/// The button that unfolds the queue's filters on a phone, with how many are in use.
pub fn more_filters(active: usize) -> String {
    if active == 0 {
        "فیلترها".to_string()
    } else {
        format!(
            "فیلترها ({} فعال)",
            crate::copy::digits::persian_number(active as i64)
        )
    }
}
pub const CHOSEN_FILES: &str = "فایل‌های انتخاب‌شده";
pub const REMOVE_FILE: &str = "برداشتن";
pub const UPLOADING: &str = "پیشرفت ارسال";

/// The label of the button that takes one chosen file out.
pub fn remove_file(name: &str) -> String {
    format!("برداشتن فایل «{name}»")
}

/// How much of a post with files has gone: «۴۵٪ ارسال شد».
pub fn uploaded_percent(percent: &str) -> String {
    format!("{percent}٪ ارسال شد")
}

/// The queue's views, in its side column.
pub const QUEUE_VIEWS: &str = "نماها";
pub const VIEW_OPEN: &str = "همهٔ درخواست‌های باز";
/// How many requests the queue's filters find.
pub fn queue_found(n: i64, cap: i64) -> String {
    if n > cap {
        format!(
            "بیش از {} درخواست",
            crate::copy::digits::persian_grouped(cap)
        )
    } else {
        format!("{} درخواست", crate::copy::digits::persian_grouped(n))
    }
}
/// After a view's count, for a screen reader («۱۲ درخواست»).
pub const REQUESTS_UNIT: &str = " درخواست";
pub const SELECT_ALL: &str = "انتخاب همهٔ درخواست‌های این صفحه";
/// The queue table's columns (the others reuse the labels of the same facts elsewhere).
pub const COL_SLA: &str = "مهلت";
pub const COL_FILED: &str = "ثبت";
pub const COL_UPDATED: &str = "آخرین تغییر";
/// A sortable column's link: what clicking it does.
pub fn sort_column(column: &str, order: &str) -> String {
    format!("مرتب‌سازی «{column}»: {order}")
}

/// The request page's side panel: its properties in one form.
pub const PROPERTIES: &str = "ویژگی‌های درخواست";
pub const SAVE_PROPERTIES: &str = "ذخیرهٔ ویژگی‌ها";
pub const SAVES_ON_CHANGE: &str = "هر تغییر همان لحظه ذخیره می‌شود.";
pub const OTHER_REQUESTS: &str = "درخواست‌های دیگر این متقاضی";
pub const NO_OTHER_REQUESTS: &str = "درخواست دیگری ندارد.";
pub const QUEUE_STEPS: &str = "جابه‌جایی در کارتابل";
pub const BACK_TO_QUEUE: &str = "بازگشت به کارتابل";
pub const PREVIOUS_REQUEST: &str = "درخواست قبلی";
pub const NEXT_REQUEST: &str = "درخواست بعدی";
