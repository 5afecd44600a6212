use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::auth::{
    ConfirmRegistration, Register, ResendRegistrationCode, pending_registration,
};
use crate::copy;
use crate::domain::account::ApplicantKind;
use crate::ui::components::form::{
    FormAlert, PostForm, TextField, form_error, server_action, shows_own_error, typed,
};
use crate::ui::hard_navigate;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let register = server_action::<Register>();
    let error = form_error(register);
    Effect::new(move |_| {
        if let Some(Ok(to)) = register.value().get() {
            hard_navigate(&to);
        }
    });
    view! {
        <Title text=format!("{} | {}", copy::REGISTER_TITLE, copy::APP_NAME) />
        <leptos_meta::Meta name="description" content=copy::META_REGISTER />
        <section class="card narrow">
            <h1>{copy::REGISTER_TITLE}</h1>
            <PostForm action=register>
                <FormAlert error=error />
                <Choices error=error />
                <TextField name="identifier" label=copy::REGISTER_IDENTIFIER error=error
                    help=copy::REGISTER_IDENTIFIER_HELP autocomplete="username" dir="ltr" />
                <TextField name="full_name" label=copy::REGISTER_NAME error=error autocomplete="name" maxlength=120 />
                <TextField name="mobile" label=copy::REGISTER_MOBILE error=error kind="tel"
                    help=copy::REGISTER_MOBILE_HELP autocomplete="tel" inputmode="tel" dir="ltr" />
                <TextField name="email" label=copy::REGISTER_EMAIL error=error kind="email"
                    autocomplete="email" dir="ltr" required=false />
                <TextField name="password" label=copy::REGISTER_PASSWORD error=error kind="password"
                    help=copy::REGISTER_PASSWORD_HELP autocomplete="new-password" dir="ltr" minlength=10 />
                <TextField name="password_confirm" label=copy::REGISTER_PASSWORD_CONFIRM error=error
                    kind="password" autocomplete="new-password" dir="ltr" />
                <button type="submit" class="button wide">{copy::REGISTER_SUBMIT}</button>
            </PostForm>
            <p class="muted">{copy::REGISTER_HAVE_ACCOUNT}" "<a href="/login">{copy::NAV_LOGIN}</a></p>
        </section>
    }
}

/// Who is registering, and with which kind of identifier; as chosen before a failed post.
#[component]
fn Choices(error: crate::ui::components::form::FormError) -> impl IntoView {
    shows_own_error("kind");
    let kind_error = move || {
        error
            .get()
            .filter(|e| e.field() == Some("kind"))
            .map(|e| e.to_string())
    };
    let foreign = typed("id_type").as_deref() == Some("foreign");
    let chosen_kind = typed("kind");
    view! {
        <fieldset class="field choices">
            <legend>{copy::REGISTER_KIND}</legend>
            {ApplicantKind::ALL.into_iter().enumerate().map(|(i, k)| {
                let id = format!("kind-{}", k.as_str());
                let for_id = id.clone();
                let checked = chosen_kind.as_deref().map_or(i == 0, |t| t == k.as_str());
                view! {
                    <label class="choice" for=for_id>
                        <input type="radio" id=id name="kind" value=k.as_str() checked=checked required=true />
                        {k.label_fa()}
                    </label>
                }
            }).collect_view()}
            {move || kind_error().map(|m| view! { <p class="field-error">{m}</p> })}
        </fieldset>
        <fieldset class="field choices">
            <legend>{copy::REGISTER_ID_TYPE}</legend>
            <label class="choice" for="id-national">
                <input type="radio" id="id-national" name="id_type" value="national_code" checked=!foreign />
                {copy::REGISTER_ID_NATIONAL}
            </label>
            <label class="choice" for="id-foreign">
                <input type="radio" id="id-foreign" name="id_type" value="foreign" checked=foreign />
                {copy::REGISTER_ID_FOREIGN}
            </label>
        </fieldset>
    }
}

/// `/register/verify`: the code sent to the registration's mobile, which creates the account.
#[component]
pub fn RegisterVerifyPage() -> impl IntoView {
    let confirm = server_action::<ConfirmRegistration>();
    let resend = server_action::<ResendRegistrationCode>();
    let confirm_error = form_error(confirm);
    let resend_error = form_error(resend);
    let resent_before =
        leptos_router::hooks::use_query_map().with_untracked(|q| q.get("sent").is_some());
    let resent =
        Signal::derive(move || resent_before || matches!(resend.value().get(), Some(Ok(()))));
    let pending = Resource::new(|| (), |_| pending_registration());
    Effect::new(move |_| {
        if let Some(Ok(to)) = confirm.value().get() {
            hard_navigate(&to);
        }
    });
    view! {
        <Title text=format!("{} | {}", copy::REGISTER_VERIFY_TITLE, copy::APP_NAME) />
        <section class="card narrow">
            <h1>{copy::REGISTER_VERIFY_TITLE}</h1>
            <Suspense fallback=|| ()>
                {move || pending.get().map(|p| match p {
                    Ok(Some(mobile)) => view! {
                        <p>
                            {copy::REGISTER_CODE_SENT_BEFORE}" "
                            <bdi dir="ltr">{crate::copy::digits::to_persian_digits(&mobile)}</bdi>" "
                            {copy::REGISTER_CODE_SENT_AFTER}
                        </p>
                        {move || resent.get().then(|| view! {
                            <p class="alert success" role="status">{copy::REGISTER_RESENT}</p>
                        })}
                        <PostForm action=confirm>
                            <FormAlert error=confirm_error />
                            <TextField name="code" label=copy::REGISTER_CODE error=confirm_error
                                inputmode="numeric" autocomplete="one-time-code" dir="ltr"
                                maxlength=6 minlength=6 />
                            <button type="submit" class="button wide">{copy::REGISTER_CONFIRM}</button>
                        </PostForm>
                        <PostForm action=resend>
                            <FormAlert error=resend_error />
                            <button type="submit" class="button secondary wide">{copy::REGISTER_RESEND}</button>
                        </PostForm>
                        <p class="muted">
                            {copy::REGISTER_WRONG_MOBILE}" "<a href="/register">{copy::REGISTER_START_AGAIN}</a>
                        </p>
                    }.into_any(),
                    _ => view! {
                        <p class="alert" role="status">{copy::REGISTER_NO_PENDING}</p>
                        <p><a class="button" href="/register">{copy::REGISTER_START_AGAIN}</a></p>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
