//! Why a typed identifier (national code, legal entity ID, mobile, passport number) was refused.

/// Nothing but spaces or separators was typed.
pub const ERR_FILL_THIS_IN: &str = "لطفاً این بخش را پر کنید.";
pub const ERR_NATIONAL_CODE_LENGTH: &str = "کد ملی باید ۱۰ رقم باشد.";
/// Ten digits, but not a code that can be issued (check digit or sanity rules).
pub const ERR_NATIONAL_CODE_INVALID: &str =
    "کد ملی واردشده معتبر نیست؛ لطفاً آن را دوباره بررسی کنید.";
pub const ERR_LEGAL_ID_LENGTH: &str = "شناسه ملی باید ۱۱ رقم باشد.";
/// Eleven digits whose check digit does not hold.
pub const ERR_LEGAL_ID_INVALID: &str =
    "شناسه ملی واردشده معتبر نیست؛ لطفاً آن را دوباره بررسی کنید.";
pub const ERR_MOBILE_INVALID: &str =
    "شماره تلفن همراه معتبر نیست؛ لطفاً آن را به شکل ۰۹۱۲۳۴۵۶۷۸۹ وارد کنید.";
pub const ERR_FOREIGN_ID_FORMAT: &str =
    "شماره گذرنامه یا شماره اتباع باید ۵ تا ۲۰ نویسه و فقط شامل حروف لاتین و رقم باشد.";
