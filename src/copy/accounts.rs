//! Accounts: roles, applicant kinds and the registration form.

pub const ROLE_APPLICANT: &str = "متقاضی";
pub const ROLE_AGENT: &str = "کارشناس";
pub const ROLE_SUPERVISOR: &str = "سرپرست";
pub const ROLE_ADMIN: &str = "مدیر سامانه";

pub const APPLICANT_KIND_STUDENT: &str = "دانشجو";
pub const APPLICANT_KIND_GRADUATE: &str = "دانش‌آموخته";
pub const APPLICANT_KIND_INSTITUTION: &str = "مؤسسه";

pub const ERR_APPLICANT_KIND: &str = "نوع متقاضی را انتخاب کنید.";
/// A person's name shorter than three letters.
pub const ERR_PERSON_NAME: &str = "نام و نام خانوادگی را کامل وارد کنید.";
/// An institution's name shorter than three letters.
pub const ERR_INSTITUTION_NAME: &str = "نام مؤسسه را کامل وارد کنید.";
pub const ERR_NAME_TOO_LONG: &str = "نام واردشده بیش از اندازه طولانی است.";
pub const ERR_EMAIL_INVALID: &str = "نشانی رایانامه معتبر نیست.";
pub const ERR_PASSWORD_SHORT: &str = "رمز عبور باید دست‌کم ۱۰ نویسه باشد.";
pub const ERR_PASSWORD_LONG: &str = "رمز عبور حداکثر ۱۲۸ نویسه می‌تواند باشد.";
pub const ERR_PASSWORD_MISMATCH: &str = "تکرار رمز عبور با خود رمز یکسان نیست.";
pub const ERR_CONTACT_SAME: &str = "این همان نشانی‌ای است که اکنون در حساب شما ثبت است.";
pub const ERR_MOBILE_TAKEN_MEANWHILE: &str =
    "این شماره در این فاصله در حساب دیگری ثبت شده است و به حساب شما افزوده نشد.";
pub const ERR_CURRENT_PASSWORD: &str = "رمز عبور کنونی درست نیست.";
