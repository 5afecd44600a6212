//! `/login/2fa`: the second factor of a staff sign-in; `/login/2fa/setup` and `/account/2fa`:
//! setting up the authenticator (during a sign-in that needs it, or from the account page).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::auth::{
    ConfirmSecondFactorSetup, VerifySecondFactor, pending_second_factor, second_factor_setup,
};
use crate::copy;
use crate::ui::components::form::{FormAlert, PostForm, TextField, form_error, server_action};
use crate::ui::hard_navigate;

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let verify = server_action::<VerifySecondFactor>();
    let error = form_error(verify);
    let pending = Resource::new(|| (), |_| pending_second_factor());
    Effect::new(move |_| {
        if let Some(Ok(to)) = verify.value().get() {
            hard_navigate(&to);
        }
    });
    view! {
        <Title text=format!("{} | {}", copy::SECOND_FACTOR_TITLE, copy::APP_NAME) />
        <section class="card narrow">
            <h1>{copy::SECOND_FACTOR_TITLE}</h1>
            <Suspense fallback=|| ()>
                {move || pending.get().map(|p| match p {
                    Ok(Some((name, true))) => view! {
                        <p><strong>{name}</strong></p>
                        <p>{copy::SECOND_FACTOR_PROMPT}</p>
                        <PostForm action=verify>
                            <FormAlert error=error />
                            <TextField name="code" label=copy::SECOND_FACTOR_CODE error=error
                                autocomplete="one-time-code" dir="ltr" maxlength=16 />
                            <button type="submit" class="button wide">{copy::SECOND_FACTOR_SUBMIT}</button>
                        </PostForm>
                    }.into_any(),
                    Ok(Some((_, false))) => view! {
                        <p><a class="button" href="/login/2fa/setup">{copy::SETUP_TITLE}</a></p>
                    }.into_any(),
                    _ => view! {
                        <p class="alert" role="status">{copy::SECOND_FACTOR_NONE}</p>
                        <p><a class="button" href="/login">{copy::SECOND_FACTOR_RESTART}</a></p>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn SecondFactorSetupPage() -> impl IntoView {
    let confirm = server_action::<ConfirmSecondFactorSetup>();
    let error = form_error(confirm);
    let setup = Resource::new(|| (), |_| second_factor_setup());
    Effect::new(move |_| {
        if let Some(Ok(to)) = confirm.value().get() {
            hard_navigate(&to);
        }
    });
    view! {
        <Title text=format!("{} | {}", copy::SETUP_TITLE, copy::APP_NAME) />
        <section class="card narrow">
            <h1>{copy::SETUP_TITLE}</h1>
            <Suspense fallback=|| ()>
                {move || setup.get().map(|s| match s {
                    Ok(Some(s)) => view! {
                        {s.signing_in.then(|| view! { <p>{copy::SETUP_REQUIRED}</p> })}
                        <p>{copy::SETUP_STEP_SCAN}</p>
                        <div class="qr" inner_html=s.qr_svg.clone()></div>
                        <p>
                            {copy::SETUP_SECRET}": "
                            <bdi dir="ltr"><code class="secret">{s.secret.clone()}</code></bdi>
                        </p>
                        <p>{copy::SETUP_STEP_SAVE}</p>
                        <ol class="recovery-codes" aria-label=copy::SETUP_RECOVERY_LABEL dir="ltr">
                            {s.recovery_codes.iter().map(|c| view! { <li><code>{c.clone()}</code></li> }).collect_view()}
                        </ol>
                        <p>{copy::SETUP_STEP_CONFIRM}</p>
                        <PostForm action=confirm>
                            <FormAlert error=error />
                            <TextField name="code" label=copy::SETUP_CODE error=error
                                inputmode="numeric" autocomplete="one-time-code" dir="ltr"
                                maxlength=6 minlength=6 />
                            <button type="submit" class="button wide">{copy::SETUP_SUBMIT}</button>
                        </PostForm>
                    }.into_any(),
                    Ok(None) => view! {
                        <p class="alert" role="status">{copy::SECOND_FACTOR_NONE}</p>
                        <p><a class="button" href="/login">{copy::SECOND_FACTOR_RESTART}</a></p>
                    }.into_any(),
                    Err(e) => view! {
                        <p class="alert" role="status">{e.to_string()}</p>
                        <p><a class="button" href="/login">{copy::SECOND_FACTOR_RESTART}</a></p>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
