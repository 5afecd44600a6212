use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::auth::Register;
use crate::domain::account::ApplicantKind;
use crate::ui::components::form::{FormAlert, PostForm, TextField, form_error};
use crate::ui::{hard_navigate, text};

#[component]
pub fn RegisterPage() -> impl IntoView {
    let register = ServerAction::<Register>::new();
    let error = form_error(register);
    Effect::new(move |_| {
        if let Some(Ok(to)) = register.value().get() {
            hard_navigate(&to);
        }
    });
    let kind_error = move || {
        error
            .get()
            .filter(|e| e.field() == Some("kind"))
            .map(|e| e.to_string())
    };
    view! {
        <Title text=format!("{} | {}", text::REGISTER_TITLE, text::APP_NAME) />
        <section class="card narrow">
            <h1>{text::REGISTER_TITLE}</h1>
            <PostForm action=register>
                <FormAlert error=error />
                <fieldset class="field choices">
                    <legend>{text::REGISTER_KIND}</legend>
                    {ApplicantKind::ALL.into_iter().enumerate().map(|(i, k)| {
                        let id = format!("kind-{}", k.as_str());
                        let for_id = id.clone();
                        view! {
                            <label class="choice" for=for_id>
                                <input type="radio" id=id name="kind" value=k.as_str() checked=i == 0 required=true />
                                {k.label_fa()}
                            </label>
                        }
                    }).collect_view()}
                    {move || kind_error().map(|m| view! { <p class="field-error">{m}</p> })}
                </fieldset>
                <fieldset class="field choices">
                    <legend>{text::REGISTER_ID_TYPE}</legend>
                    <label class="choice" for="id-national">
                        <input type="radio" id="id-national" name="id_type" value="national_code" checked=true />
                        {text::REGISTER_ID_NATIONAL}
                    </label>
                    <label class="choice" for="id-foreign">
                        <input type="radio" id="id-foreign" name="id_type" value="foreign" />
                        {text::REGISTER_ID_FOREIGN}
                    </label>
                </fieldset>
                <TextField name="identifier" label=text::REGISTER_IDENTIFIER error=error
                    help=text::REGISTER_IDENTIFIER_HELP autocomplete="username" dir="ltr" />
                <TextField name="full_name" label=text::REGISTER_NAME error=error autocomplete="name" maxlength=120 />
                <TextField name="mobile" label=text::REGISTER_MOBILE error=error kind="tel"
                    help=text::REGISTER_MOBILE_HELP autocomplete="tel" inputmode="tel" dir="ltr" />
                <TextField name="email" label=text::REGISTER_EMAIL error=error kind="email"
                    autocomplete="email" dir="ltr" required=false />
                <TextField name="password" label=text::REGISTER_PASSWORD error=error kind="password"
                    help=text::REGISTER_PASSWORD_HELP autocomplete="new-password" dir="ltr" minlength=10 />
                <TextField name="password_confirm" label=text::REGISTER_PASSWORD_CONFIRM error=error
                    kind="password" autocomplete="new-password" dir="ltr" />
                <button type="submit" class="button wide">{text::REGISTER_SUBMIT}</button>
            </PostForm>
            <p class="muted">{text::REGISTER_HAVE_ACCOUNT}" "<a href="/login">{text::NAV_LOGIN}</a></p>
        </section>
    }
}
