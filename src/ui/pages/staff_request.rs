use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::ui::components::request_view::RequestView;
use crate::ui::text;

/// A request as staff see it: with the applicant, start-work and initial-result controls.
#[component]
pub fn StaffRequestPage() -> impl IntoView {
    let params = use_params_map();
    let code = Signal::derive(move || params.with(|p| p.get("code").unwrap_or_default()));
    view! {
        <Title text=format!("{} | {}", text::QUEUE_TITLE, text::APP_NAME) />
        <p><a href="/staff">{text::NAV_QUEUE}</a></p>
        <RequestView code=code staff=true />
    }
}
