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
    let (mobile, sent) = code_request(move || matches!(ask.value().get(), Some(Ok(()))));
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
                <MobileForCode mobile sent />
            </PostForm>
            {move || sent.get().then(|| view! {
                <p class="alert success" role="status">{copy::OTP_SENT}</p>
                <PostForm action=verify>
                    <FormAlert error=verify_error />
                    <CodeGoesWith mobile />
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
    let (mobile, sent) = code_request(move || matches!(ask.value().get(), Some(Ok(()))));
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
                <MobileForCode mobile sent />
            </PostForm>
            {move || sent.get().then(|| view! {
                <p class="alert success" role="status">{copy::RESET_SENT}</p>
                <PostForm action=reset>
                    <FormAlert error=reset_error />
                    <CodeGoesWith mobile />
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

/// The state of a page that sends a code by SMS and then takes it (the SMS sign-in, a forgotten
/// password): the mobile, and whether a code was sent. The mobile comes from the address after a
/// plain post (or from the field, typed while the script loaded); `sent_now` says a send just
/// succeeded. Once a code was sent, the form for it stays: a refused resend (the cool-down) must
/// not take away the place to type the code already received.
fn code_request(
    sent_now: impl Fn() -> bool + Send + Sync + 'static,
) -> (RwSignal<String>, RwSignal<bool>) {
    let query = use_query_map();
    let from_url = query
        .with_untracked(|q| q.get("mobile"))
        .unwrap_or_default();
    let mobile = RwSignal::new(value_before_start("mobile").unwrap_or(from_url));
    let sent = RwSignal::new(query.with_untracked(|q| q.get("sent").is_some()));
    Effect::new(move |_| {
        if sent_now() {
            sent.set(true);
        }
    });
    (mobile, sent)
}

/// The mobile box and the button that sends a code to it (again, once one was sent).
#[component]
fn MobileForCode(mobile: RwSignal<String>, sent: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="field">
            <label for="mobile">{copy::OTP_MOBILE}</label>
            <input id="mobile" name="mobile" type="tel" inputmode="tel" dir="ltr" required=true
                autocomplete="tel" maxlength="16" placeholder=copy::MOBILE_PLACEHOLDER
                value=mobile.get_untracked()
                prop:value=move || mobile.get()
                on:input:target=move |ev| mobile.set(ev.target().value()) />
        </div>
        <button type="submit" class="button secondary wide">
            {move || if sent.get() { copy::OTP_RESEND } else { copy::OTP_SEND }}
        </button>
    }
}

/// The mobile the code went to, sent with the code. Without JavaScript the page was made with it.
#[component]
fn CodeGoesWith(mobile: RwSignal<String>) -> impl IntoView {
    view! { <input type="hidden" name="mobile" value=mobile.get_untracked() prop:value=move || mobile.get() /> }
}
