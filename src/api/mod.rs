//! Server functions: each authenticates, authorises and calls the `server` layer. Who may call
//! what is declared once, in [`ACCESS`]; the access middleware enforces it before any server
//! function runs (deny by default: an endpoint missing from the table is refused), and the
//! functions themselves check ownership.

pub mod account;
pub mod admin;
pub mod auth;
pub mod calls;
pub mod disputes;
pub mod payments;
pub mod requests;
pub mod sla;
pub mod staff;
pub mod upload;

use crate::domain::account::Access;

/// Every server function's URL and who may call it.
pub const ACCESS: &[(&str, Access)] = &[
    ("/api/current_account", Access::Public),
    ("/api/register", Access::Public),
    ("/api/pending_registration", Access::Public),
    ("/api/confirm_registration", Access::Public),
    ("/api/resend_registration_code", Access::Public),
    ("/api/login", Access::Public),
    ("/api/logout", Access::SignedIn),
    ("/api/request_otp", Access::Public),
    ("/api/pending_second_factor", Access::Public),
    ("/api/verify_second_factor", Access::Public),
    ("/api/second_factor_setup", Access::Public),
    ("/api/confirm_second_factor_setup", Access::Public),
    ("/api/my_second_factor", Access::SignedIn),
    ("/api/staff_admin", Access::Admin),
    ("/api/reset_second_factor", Access::Admin),
    ("/api/set_account_active", Access::Admin),
    ("/api/verify_otp", Access::Public),
    ("/api/my_contact", Access::SignedIn),
    ("/api/save_notification_settings", Access::SignedIn),
    ("/api/send_mobile_code", Access::SignedIn),
    ("/api/send_email_code", Access::SignedIn),
    ("/api/confirm_mobile", Access::SignedIn),
    ("/api/confirm_email", Access::SignedIn),
    ("/api/change_password", Access::SignedIn),
    ("/api/send_reset_code", Access::Public),
    ("/api/reset_password", Access::Public),
    ("/api/request_types", Access::Public),
    ("/api/create_request", Access::Applicant),
    ("/api/type_form", Access::SignedIn),
    ("/api/my_requests", Access::Applicant),
    ("/api/news_count", Access::SignedIn),
    ("/api/get_request", Access::SignedIn),
    ("/api/payment_receipt", Access::SignedIn),
    ("/api/refund_payment", Access::Admin),
    ("/api/finance_report", Access::Supervisor),
    ("/api/reply", Access::SignedIn),
    ("/api/close_request", Access::SignedIn),
    ("/api/reopen_request", Access::SignedIn),
    ("/api/rate_request", Access::Applicant),
    ("/api/staff_queue", Access::Staff),
    ("/api/queue_counts", Access::Staff),
    ("/api/update_properties", Access::Staff),
    ("/api/applicant_requests", Access::Staff),
    ("/api/queue_neighbours", Access::Staff),
    ("/api/start_work", Access::Staff),
    ("/api/resolve_request", Access::Staff),
    ("/api/assign_request", Access::Staff),
    ("/api/set_priority", Access::Staff),
    ("/api/transfer_request", Access::Staff),
    ("/api/merge_request", Access::Staff),
    ("/api/staff_directory", Access::Staff),
    ("/api/set_available", Access::Staff),
    ("/api/canned_responses", Access::Staff),
    ("/api/render_canned", Access::Staff),
    ("/api/insert_canned", Access::Staff),
    ("/api/all_canned_responses", Access::Supervisor),
    ("/api/save_canned", Access::Supervisor),
    ("/api/tag_request", Access::Staff),
    ("/api/saved_filters", Access::Staff),
    ("/api/save_filter", Access::Staff),
    ("/api/presence", Access::Staff),
    ("/api/bulk_action", Access::Staff),
    ("/api/admin_types", Access::Admin),
    ("/api/admin_type", Access::Admin),
    ("/api/admin_tariffs", Access::Admin),
    ("/api/add_tariff", Access::Admin),
    ("/api/all_tariffs", Access::Admin),
    ("/api/upload_tariff_import", Access::Admin),
    ("/api/preview_tariff_import", Access::Admin),
    ("/api/confirm_tariff_import", Access::Admin),
    ("/api/save_type", Access::Admin),
    ("/api/save_field", Access::Admin),
    ("/api/field_op", Access::Admin),
    ("/api/upload_document", Access::Admin),
    ("/api/retire_document", Access::Admin),
    ("/api/save_group", Access::Admin),
    ("/api/set_group_member", Access::Admin),
    ("/api/calendar", Access::Admin),
    ("/api/set_weekday_hours", Access::Admin),
    ("/api/add_closure", Access::Admin),
    ("/api/remove_closure", Access::Admin),
    ("/api/save_policy", Access::Admin),
    ("/api/sla_dashboard", Access::Supervisor),
    ("/api/sla_public", Access::Public),
    ("/api/official_holidays", Access::Public),
    ("/api/public_calls", Access::Public),
    ("/api/watch_type", Access::Applicant),
    ("/api/calls_overview", Access::Admin),
    ("/api/create_call", Access::Admin),
    ("/api/extend_call", Access::Admin),
    ("/api/close_call", Access::Admin),
    ("/api/set_intake", Access::Admin),
    ("/api/get_dispute", Access::SignedIn),
    ("/api/raise_dispute", Access::Applicant),
    ("/api/dispute_write", Access::SignedIn),
    ("/api/accept_proposal", Access::Applicant),
    ("/api/final_view", Access::Supervisor),
];

/// The fields of a submitted form, by name.
pub struct FormFields(pub Vec<(String, String)>);

impl FormFields {
    /// The field's value, or empty when the form has no such field.
    pub fn get(&self, name: &str) -> String {
        self.opt(name).unwrap_or_default()
    }

    /// The field's value when the form sent it (an unticked checkbox sends nothing).
    pub fn opt(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

/// A server function's arguments, built from the fields of the form that calls it (field names
/// are argument names, exactly as in the plain form post the server decodes without JavaScript).
pub trait FromFormFields {
    fn from_fields(fields: &FormFields) -> Self;
}

/// The declared access of a server function URL; `None` means refuse.
pub fn access_of(path: &str) -> Option<Access> {
    ACCESS.iter().find(|(p, _)| *p == path).map(|(_, a)| *a)
}

#[cfg(feature = "ssr")]
pub(crate) mod ctx {
    //! What a server function needs from the request it serves.

    use axum::http::request::Parts;
    use axum::http::{HeaderValue, StatusCode, header};
    use leptos::prelude::use_context;
    use leptos_axum::ResponseOptions;

    use crate::domain::account::{Access, Denied};
    use crate::server::auth::{SessionUser, Viewer};
    use crate::server::platform::state::AppState;
    use crate::wire::AppError;

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the server function context");
            AppError::Internal
        })
    }

    pub fn viewer() -> Viewer {
        use_context::<Parts>()
            .and_then(|p| p.extensions.get::<Viewer>().cloned())
            .unwrap_or_default()
    }

    /// The known-browser token the request carries, if any.
    pub fn device_token() -> Option<String> {
        cookie(crate::server::auth::DEVICE_COOKIE)
    }

    /// One of our token cookies, if the request carries it.
    pub fn cookie(name: &str) -> Option<String> {
        use_context::<Parts>().and_then(|p| crate::server::auth::cookie_token(&p.headers, name))
    }

    pub fn user() -> Result<SessionUser, AppError> {
        viewer().user.ok_or(AppError::Unauthenticated)
    }

    /// The caller, if `access` admits them. Server functions check this themselves as well as
    /// the middleware: pages rendered on the server call them directly, past the middleware.
    pub fn require(access: Access) -> Result<SessionUser, AppError> {
        let viewer = viewer();
        match access.check(viewer.role()) {
            Ok(()) => viewer.user.ok_or(AppError::Unauthenticated),
            Err(Denied::Unauthenticated) => Err(AppError::Unauthenticated),
            Err(Denied::Forbidden) => Err(AppError::Forbidden),
        }
    }

    /// True when the call is a plain HTML form post (no JavaScript): it then expects a redirect.
    pub fn is_plain_form() -> bool {
        use_context::<Parts>()
            .and_then(|p| {
                p.headers
                    .get(header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .map(|v| v.contains("text/html"))
            })
            .unwrap_or(false)
    }

    /// After success, a plain form post is sent to `path`; script callers navigate themselves.
    pub fn redirect_plain_form(path: &str) {
        if is_plain_form() {
            leptos_axum::redirect(path);
        }
    }

    pub fn set_cookie(value: &str) {
        if let (Some(res), Ok(v)) = (
            use_context::<ResponseOptions>(),
            HeaderValue::from_str(value),
        ) {
            res.append_header(header::SET_COOKIE, v);
        }
    }

    /// Answers errors with their HTTP status. A plain form post keeps the redirect back to its
    /// page (carrying the error in the URL) instead, so the page can show the message.
    pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if is_plain_form() {
            return result;
        }
        if let Err(e) = &result
            && let (Some(res), Ok(code)) = (
                use_context::<ResponseOptions>(),
                StatusCode::from_u16(e.status()),
            )
        {
            res.set_status(code);
        }
        result
    }
}
