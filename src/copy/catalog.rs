//! Request types as admins define them.

pub const ERR_TYPE_TITLE: &str = "عنوان نوع درخواست را (۳ تا ۱۵۰ نویسه) بنویسید.";
pub const ERR_TYPE_DESCRIPTION_LONG: &str = "توضیح حداکثر ۱٬۰۰۰ نویسه می‌تواند باشد.";
pub const ERR_TYPE_KIND_UNKNOWN: &str = "نوع متقاضی نامعتبر است.";
pub const ERR_TYPE_KINDS_NONE: &str = "دست‌کم یک نوع متقاضی را انتخاب کنید.";
pub const ERR_TYPE_GROUP: &str = "گروه انتخاب‌شده نامعتبر است.";
pub const ERR_TYPE_DAYS: &str = "مهلت نتیجهٔ اولیه را از ۱ تا ۶۰ روز کاری بنویسید.";
