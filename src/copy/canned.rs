//! Canned responses: the Persian spellings of the variables staff can type.

pub const CANNED_VAR_APPLICANT_NAME: &str = "{نام متقاضی}";
pub const CANNED_VAR_TRACKING_CODE: &str = "{کد رهگیری}";
/// Today's date.
pub const CANNED_VAR_DATE: &str = "{تاریخ}";
