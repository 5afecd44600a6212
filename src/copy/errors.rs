//! The refusals and failures every floor may answer with.

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
pub const ERR_DUPLICATE_IDENTIFIER: &str = "حسابی با این شناسه قبلاً ثبت شده است. اگر رمز عبور خود را فراموش کرده‌اید، از «فراموشی رمز عبور» در صفحهٔ ورود رمز تازه بگذارید.";
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
pub const ERR_INITIAL_RESULT_GIVEN: &str = "نتیجهٔ اولیه این درخواست قبلاً اعلام شده است.";
pub const ERR_CHANGED_MEANWHILE: &str =
    "این درخواست هم‌زمان تغییر کرده است. صفحه را تازه کنید و دوباره تلاش کنید.";
