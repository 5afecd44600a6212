use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::auth::Login;
use crate::ui::components::form::{FormAlert, PostForm, TextField, form_error};
use crate::ui::{hard_navigate, text};

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
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
        <Title text=format!("{} | {}", text::LOGIN_TITLE, text::APP_NAME) />
        <section class="card narrow">
            <h1>{text::LOGIN_TITLE}</h1>
            <PostForm action=login>
                <FormAlert error=error />
                <input type="hidden" name="next" value=next />
                <TextField name="identifier" label=text::LOGIN_IDENTIFIER error=error
                    autocomplete="username" dir="ltr" />
                <TextField name="password" label=text::LOGIN_PASSWORD error=error
                    kind="password" autocomplete="current-password" dir="ltr" />
                <button type="submit" class="button wide">{text::LOGIN_SUBMIT}</button>
            </PostForm>
            <p class="muted">{text::LOGIN_NO_ACCOUNT}" "<a href="/register">{text::NAV_REGISTER}</a></p>
        </section>
    }
}
