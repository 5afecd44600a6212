//! How the domain says no to a form: a broken rule is a [`FieldError`], naming the form field
//! it concerns and carrying the message for the person.

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
