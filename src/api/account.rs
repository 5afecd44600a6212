//! What a person keeps up themselves: how they hear about their requests, their password
//! (changed, or set again with a code by SMS), their mobile and their e-mail address.

use leptos::prelude::*;

use crate::wire::{AccountContact, AppError};

/// The signed-in account's mobile, address, notice choices and any change waiting for its code.
#[server(prefix = "/api", endpoint = "my_contact")]
pub async fn my_contact() -> Result<AccountContact, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = ctx::user()?;
            crate::server::auth::contact::contact(&ctx::state()?, user.id).await
        }
        .await,
    )
}

/// Saves how the account hears about its requests (by e-mail only with an address on file).
#[server(prefix = "/api", endpoint = "save_notification_settings")]
pub async fn save_notification_settings(
    notify_email: Option<String>,
    notify_sms: Option<String>,
) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = ctx::user()?;
            crate::server::auth::contact::save_notices(
                &ctx::state()?,
                user.id,
                notify_email.is_some(),
                notify_sms.is_some(),
            )
            .await
        }
        .await,
    )
}

/// Sends a code by SMS to a new mobile for the account.
#[server(prefix = "/api", endpoint = "send_mobile_code")]
pub async fn send_mobile_code(mobile: String) -> Result<(), AppError> {
    send_code(crate::wire::ContactChannel::Mobile, mobile).await
}

/// Sends a code by e-mail to a new address for the account.
#[server(prefix = "/api", endpoint = "send_email_code")]
pub async fn send_email_code(email: String) -> Result<(), AppError> {
    send_code(crate::wire::ContactChannel::Email, email).await
}

#[cfg(feature = "ssr")]
async fn send_code(channel: crate::wire::ContactChannel, address: String) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = ctx::user()?;
            let viewer = ctx::viewer();
            crate::server::auth::contact::send_code(
                &ctx::state()?,
                &user,
                channel,
                &address,
                &viewer.client_addr,
            )
            .await
        }
        .await,
    )
}

/// Takes the new mobile whose code came back.
#[server(prefix = "/api", endpoint = "confirm_mobile")]
pub async fn confirm_mobile(code: String) -> Result<(), AppError> {
    confirm(crate::wire::ContactChannel::Mobile, code).await
}

/// Takes the new e-mail address whose code came back.
#[server(prefix = "/api", endpoint = "confirm_email")]
pub async fn confirm_email(code: String) -> Result<(), AppError> {
    confirm(crate::wire::ContactChannel::Email, code).await
}

#[cfg(feature = "ssr")]
async fn confirm(channel: crate::wire::ContactChannel, code: String) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = ctx::user()?;
            crate::server::auth::contact::confirm_code(&ctx::state()?, &user, channel, &code).await
        }
        .await,
    )
}

/// Changes the password; every other session of the account ends, this browser stays signed
/// in. Returns the page to go to.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    password: String,
    password_confirm: String,
) -> Result<String, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let state = ctx::state()?;
            let viewer = ctx::viewer();
            let user = ctx::user()?;
            crate::server::auth::contact::change_password(
                &state,
                &user,
                &current_password,
                &password,
                &password_confirm,
            )
            .await?;
            crate::api::auth::start_session(&state, &viewer, &user, Some("/account")).await
        }
        .await,
    )
}

/// Sends the code that lets a person who forgot their password set a new one (the same answer
/// whether or not the mobile has an account).
#[server(prefix = "/api", endpoint = "send_reset_code")]
pub async fn send_reset_code(mobile: String) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::server::auth::otp::{CodeFor, request_code};
    ctx::respond(
        async {
            let state = ctx::state()?;
            let viewer = ctx::viewer();
            request_code(&state, &mobile, &viewer.client_addr, CodeFor::PasswordReset).await?;
            let shown = crate::domain::identity::Mobile::parse(&mobile)
                .map(|m| m.display())
                .unwrap_or_default();
            ctx::redirect_plain_form(&format!("/login/reset?mobile={shown}&sent=1"));
            Ok(())
        }
        .await,
    )
}

/// Sets a new password with the code sent to the account's mobile, ends every session of the
/// account and signs this browser in (staff then give their second factor). Returns the page
/// to go to.
#[server(prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(
    mobile: String,
    code: String,
    password: String,
    password_confirm: String,
) -> Result<String, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let state = ctx::state()?;
            let viewer = ctx::viewer();
            let user = crate::server::auth::contact::reset_password(
                &state,
                &mobile,
                &code,
                &password,
                &password_confirm,
                &viewer.client_addr,
            )
            .await?;
            crate::api::auth::sign_in(
                &state,
                &viewer,
                &user,
                None,
                crate::domain::account::FirstFactor::Password,
            )
            .await
        }
        .await,
    )
}

impl crate::api::FromFormFields for SaveNotificationSettings {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        SaveNotificationSettings {
            notify_email: f.opt("notify_email"),
            notify_sms: f.opt("notify_sms"),
        }
    }
}

impl crate::api::FromFormFields for SendMobileCode {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        SendMobileCode {
            mobile: f.get("mobile"),
        }
    }
}

impl crate::api::FromFormFields for SendEmailCode {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        SendEmailCode {
            email: f.get("email"),
        }
    }
}

impl crate::api::FromFormFields for ConfirmMobile {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        ConfirmMobile {
            code: f.get("code"),
        }
    }
}

impl crate::api::FromFormFields for ConfirmEmail {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        ConfirmEmail {
            code: f.get("code"),
        }
    }
}

impl crate::api::FromFormFields for ChangePassword {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        ChangePassword {
            current_password: f.get("current_password"),
            password: f.get("password"),
            password_confirm: f.get("password_confirm"),
        }
    }
}

impl crate::api::FromFormFields for SendResetCode {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        SendResetCode {
            mobile: f.get("mobile"),
        }
    }
}

impl crate::api::FromFormFields for ResetPassword {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        ResetPassword {
            mobile: f.get("mobile"),
            code: f.get("code"),
            password: f.get("password"),
            password_confirm: f.get("password_confirm"),
        }
    }
}
