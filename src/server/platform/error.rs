//! How the one error type meets the server's machinery: a database error is logged and
//! becomes the plain `Internal` (never shown), and handlers that are not server functions answer
//! with the error's status and JSON body.

use crate::wire::AppError;

impl AppError {
    /// A plain response with the error's status and JSON body (for handlers that are not server
    /// functions).
    pub fn into_response_status(self) -> axum::response::Response {
        use axum::response::IntoResponse;
        let status = axum::http::StatusCode::from_u16(self.status())
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string(&self).unwrap_or_default();
        (
            status,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    }
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}
