//! Signing up, signing in (password, SMS code, second factor) and account settings.

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

// The account page: notices, password, mobile, e-mail.
pub const NOTICES_TITLE: &str = "اطلاع‌رسانی";
pub const NOTICES_HELP: &str =
    "هر پاسخ یا تغییر وضعیت درخواست‌هایتان از این راه‌ها به شما خبر داده می‌شود.";
pub const NOTICES_NO_EMAIL: &str =
    "برای دریافت اطلاعیه با رایانامه، نخست نشانی رایانامهٔ خود را در همین صفحه ثبت و تأیید کنید.";
pub const NOTICES_SAVE: &str = "ذخیرهٔ اطلاع‌رسانی";
pub const PASSWORD_TITLE: &str = "تغییر رمز عبور";
pub const PASSWORD_CURRENT: &str = "رمز عبور کنونی";
pub const PASSWORD_NEW: &str = "رمز عبور تازه";
pub const PASSWORD_NEW_CONFIRM: &str = "تکرار رمز عبور تازه";
pub const PASSWORD_CHANGE_HELP: &str =
    "پس از تغییر رمز، ورود شما در مرورگرها و دستگاه‌های دیگر بسته می‌شود.";
pub const PASSWORD_CHANGE_SUBMIT: &str = "تغییر رمز عبور";
pub const MOBILE_TITLE: &str = "شمارهٔ همراه";
pub const EMAIL_TITLE: &str = "رایانامه";
pub const CONTACT_NOW: &str = "ثبت‌شده:";
pub const CONTACT_NONE: &str = "ثبت نشده است.";
pub const MOBILE_NEW: &str = "شمارهٔ همراه تازه";
pub const EMAIL_NEW: &str = "نشانی رایانامهٔ تازه";
pub const CONTACT_SEND: &str = "فرستادن کد تأیید";
pub const CONTACT_RESEND: &str = "فرستادن دوبارهٔ کد";
pub const MOBILE_CHANGE_HELP: &str =
    "کدی به شمارهٔ تازه پیامک می‌شود؛ شماره پس از واردکردن آن کد عوض می‌شود.";
pub const EMAIL_CHANGE_HELP: &str =
    "کدی به نشانی تازه فرستاده می‌شود؛ نشانی پس از واردکردن آن کد ثبت می‌شود.";
pub const CONTACT_CODE_SENT_BEFORE: &str = "کد تأیید به";
pub const CONTACT_CODE_SENT_AFTER: &str = "فرستاده شد و تا ۱۰ دقیقه معتبر است.";
pub const CONTACT_CODE: &str = "کد تأیید";
pub const CONTACT_CONFIRM: &str = "تأیید";
pub const FORGOT_LINK: &str = "رمز عبور را فراموش کرده‌اید؟";
pub const RESET_TITLE: &str = "بازیابی رمز عبور";
pub const RESET_INTRO: &str = "شمارهٔ همراه ثبت‌شده در حساب خود را وارد کنید تا کد بازیابی برایتان پیامک شود؛ سپس رمز تازه بگذارید.";
pub const RESET_SENT: &str =
    "اگر این شماره در سامانه ثبت شده باشد، کد بازیابی برای آن پیامک شد. کد تا ۲ دقیقه معتبر است.";
pub const RESET_CODE: &str = "کد بازیابی";
pub const RESET_SUBMIT: &str = "ثبت رمز تازه و ورود";
pub const RESET_HELP: &str = "پس از ثبت رمز تازه، ورود شما در همهٔ دستگاه‌های دیگر بسته می‌شود.";
