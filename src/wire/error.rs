//! The one error type that crosses the wire. Its `Display` is the Persian message a person sees;
//! internal detail (database text, stack traces) is logged on the server and never serialised.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::copy;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No valid session.
    #[error("{}", copy::ERR_UNAUTHENTICATED)]
    Unauthenticated,
    /// Signed in, but this role may not do this.
    #[error("{}", copy::ERR_FORBIDDEN)]
    Forbidden,
    /// Missing, or not the caller's to see (the two are indistinguishable on purpose).
    #[error("{}", copy::ERR_NOT_FOUND)]
    NotFound,
    /// Bad input: `field` names the form field when there is one.
    #[error("{message}")]
    Validation {
        field: Option<String>,
        message: String,
    },
    /// A uniqueness rule (duplicate national code, mobile, …).
    #[error("{0}")]
    Conflict(String),
    /// Throttled.
    #[error("{0}")]
    TooManyAttempts(String),
    /// The request was not one our forms send (a missing or malformed field).
    #[error("{}", copy::ERR_BAD_REQUEST)]
    BadRequest,
    /// The request body is larger than any of our forms sends.
    #[error("{}", copy::ERR_TOO_LARGE)]
    TooLarge,
    /// Something failed on our side; details are in the server log.
    #[error("{}", copy::ERR_INTERNAL)]
    Internal,
    /// The request never reached the server function (network, decoding).
    #[error("{}", copy::ERR_TRANSPORT)]
    Transport(String),
}

impl AppError {
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        AppError::Validation {
            field: Some(field.to_string()),
            message: message.into(),
        }
    }

    /// The HTTP status the error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Validation { .. } => 422,
            AppError::Conflict(_) => 409,
            AppError::TooManyAttempts(_) => 429,
            AppError::BadRequest => 400,
            AppError::TooLarge => 413,
            AppError::Internal => 500,
            AppError::Transport(_) => 400,
        }
    }

    /// The form field the error belongs to, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Validation { field, .. } => field.as_deref(),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // On the server these are requests our forms never send (a field missing or of the
        // wrong kind, a body that is not a form): the caller's fault, answered 400.
        #[cfg(feature = "ssr")]
        if let ServerFnErrorErr::Args(detail)
        | ServerFnErrorErr::MissingArg(detail)
        | ServerFnErrorErr::Deserialization(detail) = &value
        {
            tracing::debug!(detail, "a request the server function cannot read");
            return AppError::BadRequest;
        }
        AppError::Transport(value.to_string())
    }
}
