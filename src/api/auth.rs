//! Registration, sign-in and sign-out.

// A server function's arguments are its form's fields, one to one (that is what lets the
// form post without JavaScript); registration simply has eight.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::wire::AppError;
use crate::wire::Me;

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
                crate::server::auth::signup::start(&state, reg, &ctx::viewer().client_addr).await?;
            ctx::set_cookie(&crate::server::auth::signup::cookie(
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
            let Some(token) = ctx::cookie(crate::server::auth::signup::SIGNUP_COOKIE) else {
                return Ok(None);
            };
            Ok(crate::server::auth::signup::pending_mobile(&state, &token)
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
            let token = ctx::cookie(crate::server::auth::signup::SIGNUP_COOKIE)
                .ok_or_else(|| AppError::validation("code", crate::copy::ERR_SIGNUP_EXPIRED))?;
            let user =
                crate::server::auth::signup::confirm(&state, &token, &code, &viewer.client_addr)
                    .await?;
            ctx::set_cookie(&crate::server::auth::signup::clear_cookie(
                state.config.cookie_secure,
            ));
            start_session(&state, &viewer, &user, None).await
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
            let token = ctx::cookie(crate::server::auth::signup::SIGNUP_COOKIE)
                .ok_or_else(|| AppError::validation("code", crate::copy::ERR_SIGNUP_EXPIRED))?;
            crate::server::auth::signup::resend(&state, &token, &ctx::viewer().client_addr).await?;
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
            sign_in(
                &state,
                &viewer,
                &user,
                next.as_deref(),
                crate::domain::account::FirstFactor::Password,
            )
            .await
        }
        .await,
    )
}

/// After a right first factor: starts the session and says where to go (`next` when it is one
/// of our pages, else the account's home), or, for staff who need a second factor, starts the
/// wait for it and sends them to give it (or to set it up).
#[cfg(feature = "ssr")]
pub(crate) async fn sign_in(
    state: &crate::server::platform::state::AppState,
    viewer: &crate::server::auth::Viewer,
    user: &crate::server::auth::SessionUser,
    next: Option<&str>,
    first: crate::domain::account::FirstFactor,
) -> Result<String, AppError> {
    use crate::api::ctx;
    use crate::domain::account::SecondStep;
    use crate::server::auth::second_factor;
    let next = next.filter(|n| is_local_page(n));
    let step = second_factor::step_after(state, user, first).await?;
    if step == SecondStep::PasswordNeeded {
        return Err(AppError::validation(
            "code",
            crate::copy::ERR_STAFF_PASSWORD_NEEDED,
        ));
    }
    if step != SecondStep::None {
        let token = second_factor::begin(state, user.id, first, next).await?;
        ctx::set_cookie(&second_factor::cookie(&token, state.config.cookie_secure));
        let target = if step == SecondStep::Verify {
            "/login/2fa"
        } else {
            "/login/2fa/setup"
        };
        ctx::redirect_plain_form(target);
        return Ok(target.to_string());
    }
    start_session(state, viewer, user, next).await
}

/// Starts the session of a fully verified account; returns the page to go to.
#[cfg(feature = "ssr")]
pub(crate) async fn start_session(
    state: &crate::server::platform::state::AppState,
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

/// The sign-in waiting for this browser's second factor: the account's name, and whether its
/// authenticator is set up (else it must be set up first). `None` when none waits.
#[server(prefix = "/api", endpoint = "pending_second_factor")]
pub async fn pending_second_factor() -> Result<Option<(String, bool)>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let state = ctx::state()?;
            let Some(token) = ctx::cookie(crate::server::auth::second_factor::PENDING_COOKIE)
            else {
                return Ok(None);
            };
            Ok(crate::server::auth::second_factor::pending(&state, &token)
                .await?
                .map(|p| (p.user.full_name, p.enrolled)))
        }
        .await,
    )
}

/// Gives the second factor of this browser's waiting sign-in; returns the page to go to.
#[server(prefix = "/api", endpoint = "verify_second_factor")]
pub async fn verify_second_factor(code: String) -> Result<String, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let state = ctx::state()?;
            let token = ctx::cookie(crate::server::auth::second_factor::PENDING_COOKIE)
                .ok_or_else(|| {
                    AppError::validation("code", crate::copy::ERR_SECOND_FACTOR_EXPIRED)
                })?;
            let done = crate::server::auth::second_factor::verify(&state, &token, &code).await?;
            ctx::set_cookie(&crate::server::auth::second_factor::clear_cookie(
                state.config.cookie_secure,
            ));
            start_session(&state, &ctx::viewer(), &done.user, done.next.as_deref()).await
        }
        .await,
    )
}

/// Who is setting up an authenticator, and in which browser: the waiting sign-in of an account
/// that must have one (after its password), or the signed-in staff member on their account page.
#[cfg(feature = "ssr")]
struct Enrollee {
    user: crate::server::auth::SessionUser,
    /// The hash of the waiting sign-in's or the session's token: the setup belongs to it.
    holder: String,
    pending: Option<crate::server::auth::second_factor::Pending>,
}

#[cfg(feature = "ssr")]
async fn enrollee(state: &crate::server::platform::state::AppState) -> Result<Enrollee, AppError> {
    use crate::api::ctx;
    if let Some(token) = ctx::cookie(crate::server::auth::second_factor::PENDING_COOKIE)
        && let Some(p) = crate::server::auth::second_factor::pending(state, &token).await?
        && !p.enrolled
    {
        return Ok(Enrollee {
            user: p.user.clone(),
            holder: crate::server::auth::token_hash(&token),
            pending: Some(p),
        });
    }
    let user = ctx::require(crate::domain::account::Access::Staff)?;
    let holder = ctx::viewer().token_hash.ok_or(AppError::Unauthenticated)?;
    Ok(Enrollee {
        user,
        holder,
        pending: None,
    })
}

/// The authenticator being set up (its QR code, key and recovery codes).
#[server(prefix = "/api", endpoint = "second_factor_setup")]
pub async fn second_factor_setup() -> Result<Option<crate::wire::SecondFactorSetup>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let state = ctx::state()?;
            let Enrollee {
                user,
                holder,
                pending,
            } = match enrollee(&state).await {
                Ok(found) => found,
                // Neither a sign-in waiting for its authenticator nor a session: the wait is over.
                Err(AppError::Unauthenticated) => return Ok(None),
                Err(e) => return Err(e),
            };
            if pending.is_none()
                && crate::server::auth::second_factor::is_enrolled(&state, user.id).await?
            {
                return Err(AppError::Conflict(crate::copy::SETUP_DONE.into()));
            }
            let e = crate::server::auth::second_factor::enrolment(&state, user.id, &holder).await?;
            let grouped = e
                .secret
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join(" ");
            Ok(Some(crate::wire::SecondFactorSetup {
                qr_svg: crate::server::auth::second_factor::qr_svg(
                    &e.uri,
                    crate::copy::SETUP_QR_LABEL,
                )?,
                secret: grouped,
                recovery_codes: e.recovery_codes,
                signing_in: pending.is_some(),
            }))
        }
        .await,
    )
}

/// Confirms the authenticator being set up with a first code from it. During a sign-in the
/// session then starts; returns the page to go to.
#[server(prefix = "/api", endpoint = "confirm_second_factor_setup")]
pub async fn confirm_second_factor_setup(code: String) -> Result<String, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let state = ctx::state()?;
            let Enrollee {
                user,
                holder,
                pending,
            } = enrollee(&state).await?;
            crate::server::auth::second_factor::confirm_enrolment(&state, user.id, &holder, &code)
                .await?;
            match pending {
                Some(p) => {
                    if let Some(token) =
                        ctx::cookie(crate::server::auth::second_factor::PENDING_COOKIE)
                    {
                        crate::server::auth::second_factor::drop_pending(&state, &token).await?;
                    }
                    ctx::set_cookie(&crate::server::auth::second_factor::clear_cookie(
                        state.config.cookie_secure,
                    ));
                    start_session(&state, &ctx::viewer(), &p.user, p.next.as_deref()).await
                }
                None => {
                    ctx::redirect_plain_form("/account?second_factor=1");
                    Ok("/account?second_factor=1".to_string())
                }
            }
        }
        .await,
    )
}

/// Whether the signed-in staff member has a second factor (`None` for applicants).
#[server(prefix = "/api", endpoint = "my_second_factor")]
pub async fn my_second_factor() -> Result<Option<bool>, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let user = ctx::user()?;
            if !user.role.is_staff() {
                return Ok(None);
            }
            Ok(Some(
                crate::server::auth::second_factor::is_enrolled(&ctx::state()?, user.id).await?,
            ))
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<String, AppError> {
    use crate::api::ctx;
    ctx::respond(
        async {
            let state = ctx::state()?;
            if let Some(hash) = ctx::viewer().token_hash {
                crate::server::auth::end_sessions(
                    &state,
                    crate::server::notify::live::SessionEnded::Token(hash),
                )
                .await?;
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

impl crate::api::FromFormFields for VerifySecondFactor {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        VerifySecondFactor {
            code: f.get("code"),
        }
    }
}

impl crate::api::FromFormFields for ConfirmSecondFactorSetup {
    fn from_fields(f: &crate::api::FormFields) -> Self {
        ConfirmSecondFactorSetup {
            code: f.get("code"),
        }
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
            crate::server::auth::otp::request_code(
                &state,
                &mobile,
                &viewer.client_addr,
                crate::server::auth::otp::CodeFor::SignIn,
            )
            .await?;
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
            let user =
                crate::server::auth::otp::verify_code(&state, &mobile, &code, &viewer.client_addr)
                    .await?;
            sign_in(
                &state,
                &viewer,
                &user,
                next.as_deref(),
                crate::domain::account::FirstFactor::SmsCode,
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
