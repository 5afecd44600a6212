use leptos::prelude::*;
use leptos_meta::Title;

use crate::copy;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=format!("{} | {}", copy::NOT_FOUND_TITLE, copy::APP_NAME) />
        <section class="card narrow">
            <h1>{copy::NOT_FOUND_TITLE}</h1>
            <p>{copy::NOT_FOUND_BODY}</p>
            <p><a href="/">{copy::BACK_HOME}</a></p>
        </section>
    }
}
