//! Persian wording shown to people, gathered here so it can be reviewed in one place.

pub const APP_NAME: &str = "پشتیبان سجاد";
pub const APP_TAGLINE: &str = "سامانه درخواست پشتیبانی سامانه جامع امور دانشجویان";

// Errors
pub const ERR_UNAUTHENTICATED: &str = "برای ادامه، ابتدا وارد حساب کاربری خود شوید.";
pub const ERR_FORBIDDEN: &str = "شما اجازه دسترسی به این بخش را ندارید.";
pub const ERR_NOT_FOUND: &str = "درخواستی با این مشخصات پیدا نشد.";
pub const ERR_INTERNAL: &str =
    "خطایی در سامانه رخ داد و کار شما انجام نشد. لطفاً چند لحظه بعد دوباره تلاش کنید.";
pub const ERR_TRANSPORT: &str =
    "ارتباط با سامانه برقرار نشد. اتصال اینترنت خود را بررسی و دوباره تلاش کنید.";
pub const ERR_BAD_REQUEST: &str =
    "اطلاعات فرستاده‌شده کامل یا درست نبود. صفحه را تازه کنید و دوباره بفرستید.";
pub const ERR_TOO_LARGE: &str =
    "حجم اطلاعات فرستاده‌شده بیش از حد مجاز است. متن یا پیوست‌ها را کوتاه‌تر کنید و دوباره بفرستید.";
pub const ERR_TOO_MANY_MESSAGES: &str =
    "در این مدت پیامک‌های زیادی درخواست شده است. لطفاً کمی بعد دوباره تلاش کنید.";
pub const ERR_SIGNUP_CODE: &str = "کد تأیید درست نیست یا مهلت آن گذشته است.";
pub const ERR_SIGNUP_EXPIRED: &str =
    "مهلت این ثبت‌نام گذشته است. لطفاً فرم ثبت‌نام را دوباره پر کنید.";
pub const ERR_SIGNUP_TAKEN: &str = "با این شناسه یا شمارهٔ همراه پیش‌تر حسابی ساخته شده است. از صفحهٔ ورود وارد شوید؛ اگر رمز عبور را به یاد ندارید، با کد پیامکی وارد شوید.";
pub const ERR_SECOND_FACTOR_WRONG: &str = "کد واردشده درست نیست. کد تازه‌ای را که برنامهٔ احراز هویت نشان می‌دهد، یا یکی از کدهای بازیابی را وارد کنید.";
pub const ERR_SECOND_FACTOR_EXPIRED: &str =
    "مهلت این ورود گذشته یا تلاش‌های آن تمام شده است. دوباره از صفحهٔ ورود وارد شوید.";
pub const ERR_SECOND_FACTOR_SETUP_EXPIRED: &str =
    "مهلت راه‌اندازی گذشته یا تلاش‌های آن تمام شده است. صفحه را تازه کنید تا کلید تازه‌ای ساخته شود.";
pub const ERR_STAFF_PASSWORD_NEEDED: &str =
    "کارشناسانی که ورود دومرحله‌ای را راه‌اندازی نکرده‌اند، با کد ملی و رمز عبور وارد می‌شوند.";
pub const ERR_REASON_NEEDED: &str = "دلیل را بنویسید (دست‌کم سه نویسه).";
pub const ERR_NOT_YOURSELF: &str = "این کار را نمی‌توانید برای حساب خودتان انجام دهید.";
pub const ERR_DUPLICATE_IDENTIFIER: &str = "حسابی با این شناسه قبلاً ثبت شده است. اگر رمز عبور خود را فراموش کرده‌اید با پشتیبانی تماس بگیرید.";
pub const ERR_DUPLICATE_MOBILE: &str = "این شماره همراه قبلاً برای حساب دیگری ثبت شده است.";
pub const ERR_LOGIN_EMPTY: &str = "شناسه و رمز عبور را وارد کنید.";
pub const ERR_LOGIN_FAILED: &str = "شناسه یا رمز عبور نادرست است.";
pub const ERR_LOGIN_THROTTLED: &str =
    "تلاش‌های ناموفق زیادی برای ورود انجام شده است. لطفاً چند دقیقه دیگر دوباره تلاش کنید.";
pub const ERR_TYPE_UNKNOWN: &str = "نوع درخواست انتخاب‌شده در دسترس نیست.";
pub const ERR_TYPE_NOT_FOR_KIND: &str = "این نوع درخواست برای حساب شما قابل ثبت نیست.";
pub const ERR_BAD_FILTER: &str = "فیلتر انتخاب‌شده نامعتبر است.";
pub const ERR_BAD_CHOICE: &str =
    "گزینهٔ انتخاب‌شده نامعتبر است. صفحه را تازه کنید و دوباره تلاش کنید.";
pub const ERR_ITEM_GONE: &str = "مورد انتخاب‌شده پیدا نشد؛ شاید حذف شده باشد. صفحه را تازه کنید.";
pub const ERR_INITIAL_RESULT_GIVEN: &str = "نتیجه اولیه این درخواست قبلاً اعلام شده است.";
pub const ERR_CHANGED_MEANWHILE: &str =
    "این درخواست هم‌زمان تغییر کرده است. صفحه را تازه کنید و دوباره تلاش کنید.";

// Navigation and layout
pub const SKIP_TO_CONTENT: &str = "پرش به محتوای اصلی";
pub const NAV_LABEL: &str = "منوی اصلی";
pub const NAV_HOME: &str = "صفحه نخست";
pub const NAV_MY_REQUESTS: &str = "درخواست‌های من";
pub const NAV_NEW_REQUEST: &str = "ثبت درخواست جدید";
pub const NAV_QUEUE: &str = "کارتابل درخواست‌ها";
pub const NAV_LOGIN: &str = "ورود";
pub const NAV_REGISTER: &str = "ثبت‌نام";
pub const NAV_LOGOUT: &str = "خروج";
pub const FORBIDDEN_TITLE: &str = "دسترسی مجاز نیست";
pub const BACK_HOME: &str = "بازگشت به صفحه نخست";
pub const NOT_FOUND_TITLE: &str = "صفحه پیدا نشد";
pub const LOAD_FAILED_TITLE: &str = "نمایش درخواست ممکن نشد";
pub const NOT_FOUND_BODY: &str = "نشانی واردشده در سامانه وجود ندارد.";
pub const LOADING: &str = "در حال بارگذاری…";
pub const LIVE_LOST: &str = "اتصال به‌روزرسانی زنده قطع شده است؛ در حال اتصال دوباره…";
pub const FOOTER: &str = "سازمان امور دانشجویان — سامانه جامع سجاد";

// Home
pub const HOME_TITLE: &str = "درخواست پشتیبانی سامانه سجاد";
pub const HOME_INTRO: &str = "اگر در سامانه سجاد با مشکلی روبه‌رو شده‌اید، درخواست پشتیبانی ثبت کنید. کارشناسان سازمان امور دانشجویان درخواست شما را بررسی می‌کنند و پاسخ را همین‌جا می‌بینید.";
pub const HOME_TYPES_TITLE: &str = "انواع درخواست و زمان اعلام نتیجه اولیه";
pub const HOME_TYPES_NOTE: &str =
    "زمان‌ها بر حسب روز کاری و از لحظه ثبت درخواست است (تعهد توافق‌نامه سطح خدمت).";
pub const COL_TYPE: &str = "نوع درخواست";
pub const COL_TARGET: &str = "مهلت نتیجه اولیه";

// Auth
pub const LOGIN_TITLE: &str = "ورود به حساب";
pub const LOGIN_IDENTIFIER: &str = "کد ملی، شناسه ملی یا شماره گذرنامه";
pub const LOGIN_PASSWORD: &str = "رمز عبور";
pub const LOGIN_SUBMIT: &str = "ورود";
pub const LOGIN_NO_ACCOUNT: &str = "حساب کاربری ندارید؟";
pub const REGISTER_TITLE: &str = "ثبت‌نام متقاضی";
pub const REGISTER_KIND: &str = "نوع متقاضی";
pub const REGISTER_ID_TYPE: &str = "نوع شناسه (برای اشخاص)";
pub const REGISTER_ID_NATIONAL: &str = "کد ملی";
pub const REGISTER_ID_FOREIGN: &str = "شماره گذرنامه یا شناسه اتباع (دانشجویان غیرایرانی)";
pub const REGISTER_IDENTIFIER: &str = "کد ملی / شناسه ملی مؤسسه / شماره گذرنامه";
pub const REGISTER_IDENTIFIER_HELP: &str =
    "اشخاص: کد ملی ۱۰ رقمی (یا شماره گذرنامه برای اتباع). مؤسسه‌ها: شناسه ملی ۱۱ رقمی.";
pub const REGISTER_NAME: &str = "نام و نام خانوادگی یا نام مؤسسه";
pub const REGISTER_MOBILE: &str = "شماره تلفن همراه";
pub const REGISTER_MOBILE_HELP: &str = "مانند ۰۹۱۲۳۴۵۶۷۸۹";
pub const REGISTER_EMAIL: &str = "رایانامه (اختیاری)";
pub const REGISTER_PASSWORD: &str = "رمز عبور";
pub const REGISTER_PASSWORD_HELP: &str = "دست‌کم ۱۰ نویسه.";
pub const REGISTER_PASSWORD_CONFIRM: &str = "تکرار رمز عبور";
pub const REGISTER_SUBMIT: &str = "ادامه و دریافت کد تأیید";
pub const REGISTER_VERIFY_TITLE: &str = "تأیید شمارهٔ همراه";
pub const REGISTER_CODE_SENT_BEFORE: &str = "کد شش‌رقمی تأیید به شمارهٔ";
pub const REGISTER_CODE_SENT_AFTER: &str =
    "پیامک شد. آن را وارد کنید تا حساب شما ساخته شود؛ این کد تا ۱۰ دقیقه معتبر است.";
pub const REGISTER_CODE: &str = "کد تأیید";
pub const REGISTER_CONFIRM: &str = "تأیید و ساخت حساب";
pub const REGISTER_RESEND: &str = "فرستادن دوبارهٔ کد";
pub const REGISTER_RESENT: &str = "کد تازه فرستاده شد.";
pub const REGISTER_NO_PENDING: &str = "ثبت‌نامی در انتظار تأیید نیست یا مهلت آن گذشته است.";
pub const REGISTER_START_AGAIN: &str = "ثبت‌نام از نو";
pub const REGISTER_WRONG_MOBILE: &str = "شماره را اشتباه وارد کرده‌اید؟";
pub const REGISTER_HAVE_ACCOUNT: &str = "قبلاً ثبت‌نام کرده‌اید؟";

// Requests
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
pub const TRACKING_CODE: &str = "کد رهگیری";
pub const STATUS: &str = "وضعیت";
pub const SUBMITTED_AT: &str = "تاریخ ثبت";
pub const UPDATED_AT: &str = "آخرین تغییر";
pub const APPLICANT: &str = "متقاضی";
pub const TARGET: &str = "مهلت نتیجه اولیه";
pub const INITIAL_RESULT_AT: &str = "اعلام نتیجه اولیه";
pub const CONVERSATION: &str = "گفت‌وگو";
pub const YOUR_DESCRIPTION: &str = "شرح درخواست";
pub const STAFF_SIDE: &str = "کارشناس";
pub const APPLICANT_SIDE: &str = "متقاضی";
pub const INITIAL_RESULT_BADGE: &str = "نتیجه اولیه";
pub const REPLY_TITLE: &str = "ارسال پاسخ";
pub const REPLY_BODY: &str = "متن پاسخ";
pub const REPLY_SUBMIT: &str = "ارسال پاسخ";
pub const REPLY_MARK_INITIAL: &str = "این پاسخ نتیجه اولیه درخواست است";
pub const CLOSE_REQUEST: &str = "بستن درخواست";
pub const START_WORK: &str = "شروع بررسی";
pub const NO_MESSAGES: &str = "هنوز پاسخی ثبت نشده است. پاسخ کارشناس همین‌جا نمایش داده می‌شود.";
pub const CLOSED_NOTE: &str = "این درخواست بسته شده است.";

// Staff
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
pub const SORT_DUE: &str = "نزدیک‌ترین موعد اول (فقط مهلت‌های در جریان)";
pub const SLA_LEFT: &str = "مانده تا مهلت";
pub const SLA_OVERDUE: &str = "گذشته از مهلت";
pub const SLA_EXPECTED: &str = "موعد اعلام نتیجه اولیه";
pub const SLA_PAUSED_FOR_YOU: &str = "تا پاسخ شما متوقف است";
pub const SLA_TOOK: &str = "زمان کاری تا نتیجه اولیه";
pub const SLA_INITIAL_CLOCK: &str = "مهلت نتیجه اولیه";
pub const SLA_RESOLUTION_CLOCK: &str = "مهلت حل درخواست";

// SLA reports and policies
pub const SLA_DASHBOARD: &str = "پایش توافق سطح خدمت";
pub const SLA_DASHBOARD_INTRO: &str = "زمان کاری از ثبت درخواست تا اعلام نتیجه اولیه، بر پایهٔ ماه ثبت درخواست. میانه و صدک ۹۰ فقط از درخواست‌هایی است که نتیجه اولیه گرفته‌اند.";
pub const SLA_MONTH: &str = "ماه";
pub const SLA_SHOW: &str = "نمایش";
pub const SLA_BY_TYPE: &str = "به تفکیک نوع درخواست و ماه";
pub const SLA_BY_AGENT: &str = "به تفکیک کارشناس";
pub const SLA_BY_GROUP: &str = "به تفکیک گروه";
pub const SLA_BACKLOG: &str = "درخواست‌های باز هم‌اکنون";
pub const SLA_CHARTS_TWELVE: &str = "دوازده ماه اخیر";
pub const SLA_BY_TYPE_IN: &str = "به تفکیک نوع درخواست در";
pub const SLA_BY_TYPE_NOTE: &str = "جدول همهٔ دوازده ماه در خروجی CSV و Excel است. اگر سیاست یک نوع در این ماه عوض شده باشد، هر نسخه ردیف جداگانه دارد.";
pub const SLA_TYPE: &str = "نوع درخواست";
pub const SLA_VERSION: &str = "نسخهٔ سیاست";
pub const SLA_TARGET: &str = "هدف";
pub const SLA_RESULTS: &str = "نتیجه اولیه داده‌شده";
pub const SLA_WAITING: &str = "در انتظار نتیجه";
pub const SLA_AVG: &str = "میانگین";
pub const SLA_MEDIAN: &str = "میانه";
pub const SLA_P90: &str = "صدک ۹۰";
pub const SLA_WITHIN: &str = "درون مهلت";
pub const SLA_BREACHES: &str = "نقض مهلت";
pub const SLA_OPEN_NOW: &str = "باز";
pub const SLA_AT_RISK_NOW: &str = "در خطر";
pub const SLA_BREACHED_NOW: &str = "گذشته از مهلت";
/// Said after a table's name, so its scrolling region is not named like its section.
pub const SLA_TABLE_SUFFIX: &str = "(جدول)";
pub const SLA_NAME: &str = "نام";
pub const SLA_NO_AGENT: &str = "بدون کارشناس";
pub const SLA_NO_GROUP: &str = "بدون گروه";
pub const SLA_NO_DATA: &str = "هنوز داده‌ای برای این بازه نیست.";
pub const SLA_TARGET_LINE: &str = "هدف توافق";
pub const SLA_CHART_WITHIN: &str = "سهم نتیجه‌های اولیهٔ درون مهلت (درصد)";
pub const SLA_CHART_WITHIN_DESC: &str =
    "برای هر ماه ثبت، درصد درخواست‌هایی که نتیجه اولیه‌شان درون مهلت توافق اعلام شد.";
pub const SLA_CHART_TYPE_DESC: &str =
    "میانه و صدک ۹۰ زمان کاری تا نتیجه اولیه، به ساعت کاری، برای هر ماه ثبت؛ خط چین هدف توافق است.";
pub const SLA_EXPORT_CSV: &str = "دریافت CSV";
pub const SLA_EXPORT_XLSX: &str = "دریافت Excel";
pub const SLA_SHEET_TYPES: &str = "نوع و ماه";
pub const SLA_SHEET_AGENTS: &str = "کارشناسان";
pub const SLA_SHEET_GROUPS: &str = "گروه‌ها";
pub const SLA_EXPORT_TYPE_HEAD: [&str; 4] =
    ["ماه ثبت", "نوع درخواست", "نسخهٔ سیاست", "هدف (دقیقهٔ کاری)"];
pub const SLA_EXPORT_NAME: &str = "نام";
pub const SLA_EXPORT_FIGURES: [&str; 8] = [
    "نتیجه اولیه داده‌شده",
    "در انتظار نتیجه",
    "میانگین (دقیقهٔ کاری)",
    "میانه (دقیقهٔ کاری)",
    "صدک ۹۰ (دقیقهٔ کاری)",
    "درون مهلت",
    "درصد درون مهلت",
    "نقض مهلت",
];
pub const SLA_EXPORT_NOW: [&str; 3] = ["باز هم‌اکنون", "در خطر هم‌اکنون", "گذشته از مهلت هم‌اکنون"];
pub const SLA_LIVE_NOTE: &str = "این صفحه با هر تغییر، خودبه‌خود به‌روز می‌شود.";
pub const SLA_PUBLIC_TITLE: &str = "کارنامهٔ پاسخ‌گویی";
pub const SLA_PUBLIC_INTRO: &str = "سازمان امور دانشجویان در توافق‌نامهٔ سطح خدمت متعهد شده است نتیجه اولیهٔ هر درخواست را در مدت معینی از زمان کاری اعلام کند. این صفحه وعده و آنچه در ماه‌های اخیر انجام شده را نشان می‌دهد.";
pub const SLA_PROMISE: &str = "وعده";
pub const SLA_DELIVERED_AVG: &str = "میانگین زمان";
pub const SLA_PUBLIC_UPDATED: &str = "به‌روز شده در";
pub const SLA_POLICY: &str = "سیاست توافق سطح خدمت";
pub const SLA_POLICY_HELP: &str = "هدف‌ها به زمان کاری است (تقویم کاری و تعطیلات). هر تغییر نسخهٔ تازه‌ای می‌سازد؛ درخواست‌های ثبت‌شده با نسخهٔ خود سنجیده می‌شوند.";
pub const SLA_UNIT: &str = "واحد";
pub const SLA_UNIT_DAYS: &str = "روز کاری";
pub const SLA_UNIT_HOURS: &str = "ساعت کاری";
pub const SLA_INITIAL_TARGET: &str = "هدف نتیجه اولیه";
pub const SLA_RESOLUTION_TARGET: &str = "هدف حل درخواست";
pub const SLA_WARN_PERCENT: &str = "هشدار در چند درصد هدف";
pub const SLA_SAVE_POLICY: &str = "ذخیرهٔ سیاست";
pub const SLA_POLICY_VERSIONS: &str = "نسخه‌ها";
pub const SLA_POLICY_SINCE: &str = "تاریخ ثبت نسخه";
pub const SLA_POLICY_SAVED: &str = "سیاست ذخیره شد؛ درخواست‌های تازه با نسخهٔ جدید سنجیده می‌شوند.";
pub const SAVED_NO_CHANGE: &str = "تغییری نبود؛ نسخهٔ فعلی به قوت خود باقی است.";
pub const NAV_SLA: &str = "پایش مهلت‌ها";
pub const NAV_SLA_PUBLIC: &str = "کارنامهٔ پاسخ‌گویی";

/// «زمان کاری تا نتیجه اولیه: وام دانشجویی».
pub fn sla_chart_type_title(type_title: &str) -> String {
    format!("زمان کاری تا نتیجه اولیه (ساعت): {type_title}")
}

pub fn working_days(n: i64) -> String {
    format!("{} روز کاری", crate::copy::digits::persian_number(n))
}

// Lifecycle and staff tools
pub const ERR_CROSSED_REPLY: &str = "کارشناس دیگری همین حالا به این درخواست پاسخ داده است. پاسخ او را بخوانید؛ اگر باز هم می‌خواهید پاسخ خود را بفرستید، گزینهٔ «با این حال ارسال شود» را بزنید.";
pub const CONFIRM_CROSSED_REPLY: &str = "با این حال ارسال شود";
pub const ERR_INITIAL_RESULT_MODE: &str =
    "فقط پاسخ به متقاضی می‌تواند نتیجه اولیه باشد، نه پرسش یا یادداشت داخلی.";
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
pub const GUIDES: &str = "راهنمای این خدمت";
pub const GUIDES_NOTE: &str = "پیش از تکمیل فرم، راهنما را بخوانید.";
pub const CHOOSE_TYPE_TITLE: &str = "نوع درخواست را انتخاب کنید";
pub const CHOOSE_THIS_TYPE: &str = "ثبت درخواست از این نوع";
pub const CHANGE_TYPE: &str = "تغییر نوع درخواست";
pub const REQUIRED_MARK: &str = " (الزامی)";
pub const ERR_GROUP_NAME: &str = "نام گروه را (حداکثر ۱۰۰ نویسه) بنویسید.";
pub const ERR_GROUP_NAME_TAKEN: &str = "گروهی با این نام وجود دارد.";
pub const ERR_GROUP_DESCRIPTION: &str = "توضیح گروه حداکثر ۵۰۰ نویسه می‌تواند باشد.";

// Administration
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
pub const TYPE_DAYS: &str = "مهلت نتیجه اولیه (روز کاری)";
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
pub const QUEUE_KEYS: &str =
    "میان‌بُرها: j و k برای رفتن به درخواست بعدی و قبلی، x برای انتخاب، Enter برای باز کردن.";
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
pub const OTP_TITLE: &str = "ورود با رمز یکبارمصرف پیامکی";
pub const OTP_MOBILE: &str = "شماره همراه ثبت‌شده در حساب";
pub const OTP_SEND: &str = "دریافت کد";
pub const OTP_SENT: &str =
    "اگر این شماره در سامانه ثبت شده باشد، کد ورود برای آن پیامک شد. کد تا ۲ دقیقه معتبر است.";
pub const OTP_CODE: &str = "کد ۶ رقمی";
pub const OTP_VERIFY: &str = "ورود";
pub const OTP_LINK: &str = "ورود با رمز یکبارمصرف پیامکی";
pub const OTP_RESEND: &str = "دریافت دوبارهٔ کد";
pub const SETTINGS_TITLE: &str = "تنظیمات اطلاع‌رسانی";
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

// Second factor (staff)
pub const SECOND_FACTOR_TITLE: &str = "ورود دومرحله‌ای";
pub const SECOND_FACTOR_PROMPT: &str = "کد شش‌رقمی برنامهٔ احراز هویت گوشی خود را وارد کنید. اگر گوشی در دسترس نیست، یکی از کدهای بازیابی را وارد کنید.";
pub const SECOND_FACTOR_CODE: &str = "کد برنامه یا کد بازیابی";
pub const SECOND_FACTOR_SUBMIT: &str = "ادامهٔ ورود";
pub const SECOND_FACTOR_NONE: &str = "ورودی در انتظار مرحلهٔ دوم نیست یا مهلت آن گذشته است.";
pub const SECOND_FACTOR_RESTART: &str = "ورود از نو";
pub const SETUP_TITLE: &str = "راه‌اندازی ورود دومرحله‌ای";
pub const SETUP_REQUIRED: &str = "برای حساب کارشناسان، ورود دومرحله‌ای لازم است. راه‌اندازی آن یک بار انجام می‌شود و چند دقیقه بیشتر طول نمی‌کشد.";
pub const SETUP_STEP_SCAN: &str = "۱. برنامهٔ احراز هویت گوشی خود را باز کنید و این کد تصویری را با آن بخوانید، یا کلید زیر را در آن وارد کنید.";
pub const SETUP_QR_LABEL: &str = "کد تصویری برای افزودن حساب به برنامهٔ احراز هویت";
pub const SETUP_SECRET: &str = "کلید";
pub const SETUP_STEP_SAVE: &str = "۲. کدهای بازیابی زیر را بنویسید و در جای امنی نگه دارید. هر کدام یک بار به کار می‌آید و فقط همین‌جا نشان داده می‌شود.";
pub const SETUP_RECOVERY_LABEL: &str = "کدهای بازیابی";
pub const SETUP_STEP_CONFIRM: &str = "۳. کد شش‌رقمی‌ای را که برنامه اکنون نشان می‌دهد وارد کنید.";
pub const SETUP_CODE: &str = "کد شش‌رقمی برنامه";
pub const SETUP_SUBMIT: &str = "تأیید و فعال‌سازی";
pub const SETUP_DONE: &str = "ورود دومرحله‌ای برای حساب شما فعال شد.";
pub const ACCOUNT_SECOND_FACTOR: &str = "ورود دومرحله‌ای";
pub const ACCOUNT_SECOND_FACTOR_ON: &str =
    "فعال است: هنگام ورود، کد برنامهٔ احراز هویت هم خواسته می‌شود.";
pub const ACCOUNT_SECOND_FACTOR_OFF: &str =
    "فعال نیست. با فعال کردن آن، حساب شما حتی اگر رمز عبورش فاش شود در امان می‌ماند.";
pub const ACCOUNT_SECOND_FACTOR_SETUP: &str = "راه‌اندازی ورود دومرحله‌ای";

// Staff accounts (admins)
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
