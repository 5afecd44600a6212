//! Registration, sign-in and sign-out.

// A server function's arguments are its form's fields, one to one (that is what lets the
// form post without JavaScript); registration simply has eight.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::api::dto::Me;
use crate::error::AppError;

/// The signed-in account, or `None`.
#[server(prefix = "/api", endpoint = "current_account")]
pub async fn current_account() -> Result<Option<Me>, AppError> {
    let viewer = crate::api::ctx::viewer();
    Ok(viewer.user.map(|u| Me {
        id: u.id,
        role: u.role,
        full_name: u.full_name,
        applicant_kind: u.applicant_kind,
    }))
}

/// Where an account lands after signing in.
pub fn home_of(me: &Me) -> &'static str {
    if me.role.is_staff() {
        "/staff"
    } else {
        "/requests"
    }
}

/// Starts a registration: checks the form and sends a code to its mobile. Returns the page where
/// the code is entered; the answer is the same whatever is already registered.
#[server(prefix = "/api", endpoint = "register")]
pub async fn register(
    kind: String,
    id_type: Option<String>,
    identifier: String,
    full_name: String,
    mobile: String,
    email: Option<String>,
    password: String,
    password_confirm: String,
) -> Result<String, AppError> {
    use crate::api::ctx;
    use crate::domain::account::RegistrationForm;
    ctx::respond(
        async {
            let state = ctx::state()?;
            let form = RegistrationForm {
                kind,
                id_type: id_type.unwrap_or_default(),
                identifier,
                full_name,
                mobile,
                email: email.unwrap_or_default(),
                password,
                password_confirm,
            };
            let reg = form
                .validate()
                .map_err(|e| AppError::validation(e.field, e.message))?;
            let token =
                crate::server::signup::start(&state, reg, &ctx::viewer().client_addr).await?;
            ctx::set_cookie(&crate::server::signup::cookie(
                &token,
                state.config.cookie_secure,
            ));
            ctx::redirect_plain_form("/register/verify");
            Ok("/register/verify".to_string())
        }
        .await,
    )
}

/// The mobile this browser's registration waits on, as people write it; `None` when there is
/// none to confirm.
#[server(prefix = "/api", endpoint = "pending_registration")]
pub async fn pending_registration() -> Result<Option<String>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let state = ctx::state()?;
            let Some(token) = ctx::cookie(crate::server::signup::SIGNUP_COOKIE) else {
                return Ok(None);
            };
            Ok(crate::server::signup::pending_mobile(&state, &token)
                .await?
                .map(|m| m.display()))
        }
        .await,
    )
}

/// Confirms this browser's registration with the code sent to its mobile: the account is
/// created and signed in. Returns the page to continue to.
#[server(prefix = "/api", endpoint = "confirm_registration")]
pub async fn confirm_registration(code: String) -> Result<String, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let state = ctx::state()?;
            let viewer = ctx::viewer();
            let token = ctx::cookie(crate::server::signup::SIGNUP_COOKIE)
                .ok_or_else(|| AppError::validation("code", crate::ui::text::ERR_SIGNUP_EXPIRED))?;
            let user =
                crate::server::signup::confirm(&state, &token, &code, &viewer.client_addr).await?;
            ctx::set_cookie(&crate::server::signup::clear_cookie(
                state.config.cookie_secure,
            ));
            sign_in(&state, &viewer, &user, None).await
        }
        .await,
    )
}

/// Sends this browser's registration a new code.
#[server(prefix = "/api", endpoint = "resend_registration_code")]
pub async fn resend_registration_code() -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let state = ctx::state()?;
            let token = ctx::cookie(crate::server::signup::SIGNUP_COOKIE)
                .ok_or_else(|| AppError::validation("code", crate::ui::text::ERR_SIGNUP_EXPIRED))?;
            crate::server::signup::resend(&state, &token, &ctx::viewer().client_addr).await?;
            ctx::redirect_plain_form("/register/verify?sent=1");
            Ok(())
        }
        .await,
    )
}

/// Signs in with a national code, national ID or passport number. Returns the page to continue to.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(
    identifier: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let state = ctx::state()?;
            let viewer = ctx::viewer();
            let user = crate::server::auth::login(
                &state,
                &identifier,
                &password,
                &viewer.client_addr,
                ctx::device_token().as_deref(),
            )
            .await?;
            sign_in(&state, &viewer, &user, next.as_deref()).await
        }
        .await,
    )
}

/// Starts the session of a verified account and says where to go: `next` when it is one of our
/// pages, else the account's home.
#[cfg(feature = "ssr")]
async fn sign_in(
    state: &crate::server::state::AppState,
    viewer: &crate::server::auth::Viewer,
    user: &crate::server::auth::SessionUser,
    next: Option<&str>,
) -> Result<String, AppError> {
    use crate::api::ctx;
    let token =
        crate::server::auth::start_session(state, user.id, viewer.token_hash.as_deref()).await?;
    ctx::set_cookie(&crate::server::auth::session_cookie(&token, state));
    let device =
        crate::server::auth::remember_device(state, user.id, ctx::device_token().as_deref())
            .await?;
    ctx::set_cookie(&device);
    let home = if user.role.is_staff() {
        "/staff"
    } else {
        "/requests"
    };
    let target = next
        .filter(|n| is_local_page(n))
        .unwrap_or(home)
        .to_string();
    ctx::redirect_plain_form(&target);
    Ok(target)
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<String, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let state = ctx::state()?;
            if let Some(hash) = ctx::viewer().token_hash {
                crate::server::auth::end_session(&state, &hash).await?;
            }
            ctx::set_cookie(&crate::server::auth::clear_session_cookie(&state));
            ctx::redirect_plain_form("/");
            Ok("/".to_string())
        }
        .await,
    )
}

/// Only our own pages are valid places to continue to after signing in (no open redirect).
pub fn is_local_page(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.starts_with("/api/")
        && !path.chars().any(|c| c.is_control())
}

impl crate::api::FromFormFields for Register {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        Register {
            kind: f.get("kind"),
            id_type: f.opt("id_type"),
            identifier: f.get("identifier"),
            full_name: f.get("full_name"),
            mobile: f.get("mobile"),
            email: f.opt("email"),
            password: f.get("password"),
            password_confirm: f.get("password_confirm"),
        }
    }
}

impl crate::api::FromFormFields for Login {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        Login {
            identifier: f.get("identifier"),
            password: f.get("password"),
            next: f.opt("next"),
        }
    }
}

impl crate::api::FromFormFields for ConfirmRegistration {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        ConfirmRegistration {
            code: f.get("code"),
        }
    }
}

impl crate::api::FromFormFields for ResendRegistrationCode {
    fn from_fields(_: &crate::api::FormFields) -> Self {
        ResendRegistrationCode {}
    }
}

impl crate::api::FromFormFields for Logout {
    fn from_fields(_: &crate::api::FormFields) -> Self {
        Logout {}
    }
}

#[cfg(test)]
mod tests {
    use super::is_local_page;

    #[test]
    fn only_local_pages_are_accepted_as_next() {
        assert!(is_local_page("/requests/0412345678"));
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/api/logout",
            "",
            "/a\nb",
        ] {
            assert!(!is_local_page(bad), "{bad}");
        }
    }
}

/// Sends a one-time sign-in code to a mobile (the same answer whether or not it has an account).
#[server(prefix = "/api", endpoint = "request_otp")]
pub async fn request_otp(mobile: String) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let state = ctx::state()?;
            let viewer = ctx::viewer();
            crate::server::otp::request_code(&state, &mobile, &viewer.client_addr).await?;
            let digits = crate::domain::identity::Mobile::parse(&mobile)
                .map(|m| m.display())
                .unwrap_or_default();
            ctx::redirect_plain_form(&format!("/login/otp?mobile={digits}&sent=1"));
            Ok(())
        }
        .await,
    )
}

/// Signs in with a one-time code; returns the page to go to.
#[server(prefix = "/api", endpoint = "verify_otp")]
pub async fn verify_otp(
    mobile: String,
    code: String,
    next: Option<String>,
) -> Result<String, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let state = ctx::state()?;
            let viewer = ctx::viewer();
            let user = crate::server::otp::verify_code(&state, &mobile, &code, &viewer.client_addr)
                .await?;
            sign_in(&state, &viewer, &user, next.as_deref()).await
        }
        .await,
    )
}

/// The signed-in account's notification choices: (e-mail, by e-mail, by SMS).
#[server(prefix = "/api", endpoint = "notification_settings")]
pub async fn notification_settings() -> Result<(Option<String>, bool, bool), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = ctx::user()?;
            crate::server::auth::notification_settings(&ctx::state()?.db, user.id).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "save_notification_settings")]
pub async fn save_notification_settings(
    email: Option<String>,
    notify_email: Option<String>,
    notify_sms: Option<String>,
) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = ctx::user()?;
            let email = email.as_deref().map(str::trim).filter(|e| !e.is_empty());
            if let Some(e) = email
                && !crate::domain::account::looks_like_email(e)
            {
                return Err(AppError::validation("email", crate::ui::text::ERR_EMAIL));
            }
            crate::server::auth::save_notification_settings(
                &ctx::state()?.db,
                user.id,
                email,
                notify_email.is_some(),
                notify_sms.is_some(),
            )
            .await
        }
        .await,
    )
}

impl crate::api::FromFormFields for RequestOtp {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        RequestOtp {
            mobile: f.get("mobile"),
        }
    }
}

impl crate::api::FromFormFields for VerifyOtp {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        VerifyOtp {
            mobile: f.get("mobile"),
            code: f.get("code"),
            next: f.opt("next"),
        }
    }
}

impl crate::api::FromFormFields for SaveNotificationSettings {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        SaveNotificationSettings {
            email: f.opt("email"),
            notify_email: f.opt("notify_email"),
            notify_sms: f.opt("notify_sms"),
        }
    }
}
