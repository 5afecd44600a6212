//! The shell, navigation and the home page.

pub const APP_NAME: &str = "پشتیبان سجاد";
pub const APP_TAGLINE: &str = "سامانه درخواست پشتیبانی سامانه جامع امور دانشجویان";

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

pub const HOME_TITLE: &str = "درخواست پشتیبانی سامانه سجاد";
pub const HOME_INTRO: &str = "اگر در سامانه سجاد با مشکلی روبه‌رو شده‌اید، درخواست پشتیبانی ثبت کنید. کارشناسان سازمان امور دانشجویان درخواست شما را بررسی می‌کنند و پاسخ را همین‌جا می‌بینید.";
pub const HOME_TYPES_TITLE: &str = "انواع درخواست و زمان اعلام نتیجهٔ اولیه";
pub const HOME_TYPES_NOTE: &str =
    "زمان‌ها بر حسب روز کاری و از لحظه ثبت درخواست است (تعهد توافق‌نامه سطح خدمت).";
pub const COL_TYPE: &str = "نوع درخواست";
pub const COL_TARGET: &str = "وعدهٔ اعلام نتیجهٔ اولیه";
/// The button that opens the site menu on a phone.
pub const MENU: &str = "منو";

// What search engines and link previews show of the public pages.
pub const META_HOME: &str = "پشتیبان سجاد: درخواست پشتیبانی دربارهٔ سامانهٔ جامع امور دانشجویان (سجاد) را ثبت و پیگیری کنید و پاسخ کارشناسان را همین‌جا بگیرید.";
pub const META_LOGIN: &str =
    "ورود به پشتیبان سجاد با کد ملی و رمز عبور یا با رمز یک‌بارمصرف پیامکی.";
pub const META_REGISTER: &str = "ثبت‌نام دانشجویان، دانش‌آموختگان و مؤسسه‌ها در پشتیبان سجاد برای ثبت و پیگیری درخواست‌های پشتیبانی.";
pub const META_SLA: &str = "وعدهٔ زمان اعلام نتیجهٔ اولیهٔ هر نوع درخواست در پشتیبان سجاد و آنچه در ماه‌های اخیر انجام شده است.";
