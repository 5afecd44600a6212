use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::account::{ResetPassword, SendResetCode};
use crate::api::auth::{Login, RequestOtp, VerifyOtp};
use crate::copy;
use crate::ui::components::form::{
    FormAlert, PostForm, TextField, form_error, server_action, value_before_start,
};
use crate::ui::hard_navigate;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = server_action::<Login>();
    let error = form_error(login);
    let next = use_query_map()
        .with_untracked(|q| q.get("next"))
        .unwrap_or_default();
    Effect::new(move |_| {
        if let Some(Ok(to)) = login.value().get() {
            hard_navigate(&to);
        }
    });
    view! {
        <Title text=format!("{} | {}", copy::LOGIN_TITLE, copy::APP_NAME) />
        <leptos_meta::Meta name="description" content=copy::META_LOGIN />
        <section class="card narrow">
            <h1>{copy::LOGIN_TITLE}</h1>
            <PostForm action=login>
                <FormAlert error=error />
                <input type="hidden" name="next" value=next />
                <TextField name="identifier" label=copy::LOGIN_IDENTIFIER error=error
                    autocomplete="username" dir="ltr" />
                <TextField name="password" label=copy::LOGIN_PASSWORD error=error
                    kind="password" autocomplete="current-password" dir="ltr" />
                <button type="submit" class="button wide">{copy::LOGIN_SUBMIT}</button>
            </PostForm>
            <p><a href="/login/reset">{copy::FORGOT_LINK}</a></p>
            <p><a href="/login/otp">{copy::OTP_LINK}</a></p>
            <p class="muted">{copy::LOGIN_NO_ACCOUNT}" "<a href="/register">{copy::NAV_REGISTER}</a></p>
        </section>
    }
}

/// `/login/otp`: a code by SMS to the account's mobile, then the code.
#[component]
pub fn OtpLoginPage() -> impl IntoView {
    let ask = server_action::<RequestOtp>();
    let verify = server_action::<VerifyOtp>();
    let ask_error = form_error(ask);
    let verify_error = form_error(verify);
    let query = use_query_map();
    let mobile_from_url = query
        .with_untracked(|q| q.get("mobile"))
        .unwrap_or_default();
    let sent_before = query.with_untracked(|q| q.get("sent").is_some());
    // What the field holds when the app takes over (typed while the script loaded), if any.
    let mobile = RwSignal::new(value_before_start("mobile").unwrap_or_else(|| mobile_from_url.clone()));
    // Once a code was sent, the box for it stays: a refused resend (the cool-down) must not
    // take away the place to type the code already received.
    let sent = RwSignal::new(sent_before);
    Effect::new(move |_| {
        if matches!(ask.value().get(), Some(Ok(()))) {
            sent.set(true);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(to)) = verify.value().get() {
            hard_navigate(&to);
        }
    });
    view! {
        <Title text=format!("{} | {}", copy::OTP_TITLE, copy::APP_NAME) />
        <leptos_meta::Meta name="description" content=copy::META_LOGIN />
        <section class="card narrow">
            <h1>{copy::OTP_TITLE}</h1>
            <PostForm action=ask>
                <FormAlert error=ask_error />
                <div class="field">
                    <label for="mobile">{copy::OTP_MOBILE}</label>
                    <input id="mobile" name="mobile" type="tel" inputmode="tel" dir="ltr" required=true
                        autocomplete="tel" maxlength="16" placeholder=copy::MOBILE_PLACEHOLDER
                        value=mobile_from_url.clone()
                        prop:value=move || mobile.get()
                        on:input:target=move |ev| mobile.set(ev.target().value()) />
                </div>
                <button type="submit" class="button secondary wide">
                    {move || if sent.get() { copy::OTP_RESEND } else { copy::OTP_SEND }}
                </button>
            </PostForm>
            {move || sent.get().then(|| view! {
                <p class="alert success" role="status">{copy::OTP_SENT}</p>
                <PostForm action=verify>
                    <FormAlert error=verify_error />
                    // Without JavaScript the page was made with the mobile the code went to.
                    <input type="hidden" name="mobile" value=mobile.get_untracked() prop:value=move || mobile.get() />
                    <div class="field">
                        <label for="code">{copy::OTP_CODE}</label>
                        <input id="code" name="code" type="text" inputmode="numeric" dir="ltr" required=true
                            autocomplete="one-time-code" maxlength="6" minlength="6" />
                    </div>
                    <button type="submit" class="button wide">{copy::OTP_VERIFY}</button>
                </PostForm>
            })}
        </section>
    }
}

/// `/login/reset`: a forgotten password, set again with a code sent by SMS to the account's
/// mobile; the person is then signed in (staff give their second factor first).
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let ask = server_action::<SendResetCode>();
    let reset = server_action::<ResetPassword>();
    let ask_error = form_error(ask);
    let reset_error = form_error(reset);
    let query = use_query_map();
    let mobile_from_url = query
        .with_untracked(|q| q.get("mobile"))
        .unwrap_or_default();
    // What the field holds when the app takes over (typed while the script loaded), if any.
    let mobile = RwSignal::new(value_before_start("mobile").unwrap_or_else(|| mobile_from_url.clone()));
    // As on the SMS sign-in page: once a code was sent, the form for it stays.
    let sent = RwSignal::new(query.with_untracked(|q| q.get("sent").is_some()));
    Effect::new(move |_| {
        if matches!(ask.value().get(), Some(Ok(()))) {
            sent.set(true);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(to)) = reset.value().get() {
            hard_navigate(&to);
        }
    });
    view! {
        <Title text=format!("{} | {}", copy::RESET_TITLE, copy::APP_NAME) />
        <leptos_meta::Meta name="description" content=copy::RESET_INTRO />
        <section class="card narrow">
            <h1>{copy::RESET_TITLE}</h1>
            <p class="muted">{copy::RESET_INTRO}</p>
            <PostForm action=ask>
                <FormAlert error=ask_error />
                <div class="field">
                    <label for="mobile">{copy::OTP_MOBILE}</label>
                    <input id="mobile" name="mobile" type="tel" inputmode="tel" dir="ltr" required=true
                        autocomplete="tel" maxlength="16" placeholder=copy::MOBILE_PLACEHOLDER
                        value=mobile_from_url.clone()
                        prop:value=move || mobile.get()
                        on:input:target=move |ev| mobile.set(ev.target().value()) />
                </div>
                <button type="submit" class="button secondary wide">
                    {move || if sent.get() { copy::OTP_RESEND } else { copy::OTP_SEND }}
                </button>
            </PostForm>
            {move || sent.get().then(|| view! {
                <p class="alert success" role="status">{copy::RESET_SENT}</p>
                <PostForm action=reset>
                    <FormAlert error=reset_error />
                    <input type="hidden" name="mobile" value=mobile.get_untracked() prop:value=move || mobile.get() />
                    <TextField name="code" id="reset-code" label=copy::RESET_CODE error=reset_error
                        inputmode="numeric" dir="ltr" autocomplete="one-time-code" maxlength=6 minlength=6 />
                    <TextField name="password" label=copy::PASSWORD_NEW error=reset_error
                        kind="password" autocomplete="new-password" dir="ltr" minlength=10 maxlength=128
                        help=copy::REGISTER_PASSWORD_HELP />
                    <TextField name="password_confirm" label=copy::PASSWORD_NEW_CONFIRM error=reset_error
                        kind="password" autocomplete="new-password" dir="ltr" minlength=10 maxlength=128 />
                    <p class="help">{copy::RESET_HELP}</p>
                    <button type="submit" class="button wide">{copy::RESET_SUBMIT}</button>
                </PostForm>
            })}
        </section>
    }
}
