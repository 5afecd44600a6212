//! How the domain says no.
//!
//! A form rule that was broken is a [`FieldError`]: the form field it concerns and the message
//! for the person. A typed value that does not parse, or a step the lifecycle refuses, is an enum
//! (`IdentityError`, `JalaliParseError`, `TrackingError`, `FileError`, `TransitionError`) whose
//! `message()` is its text from `crate::copy`; an enum's `Display` is English, for logs.

/// A rule a form broke: the field it concerns and the Persian message (from `crate::copy`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The form control's name, so the page can show the message beside it.
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> FieldError {
        FieldError {
            field,
            message: message.into(),
        }
    }
}
