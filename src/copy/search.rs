//! Searching requests.

pub const ERR_QUERY_LONG: &str = "عبارت جستجو حداکثر ۱۰۰ نویسه می‌تواند باشد.";
/// Every word typed was shorter than three letters.
pub const ERR_QUERY_SHORT: &str = "برای جستجو دست‌کم یک کلمهٔ سه‌حرفی یا بیشتر بنویسید.";
