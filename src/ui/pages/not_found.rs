use leptos::prelude::*;
use leptos_meta::Title;

use crate::ui::text;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=format!("{} | {}", text::NOT_FOUND_TITLE, text::APP_NAME) />
        <section class="card narrow">
            <h1>{text::NOT_FOUND_TITLE}</h1>
            <p>{text::NOT_FOUND_BODY}</p>
            <p><a href="/">{text::BACK_HOME}</a></p>
        </section>
    }
}
