use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::copy;
use crate::ui::components::request_view::RequestView;

/// An applicant's request page.
#[component]
pub fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let code = Signal::derive(move || params.with(|p| p.get("code").unwrap_or_default()));
    let just_created = query.with_untracked(|q| q.get("new").is_some());
    view! {
        <Title text=format!("{} | {}", copy::TRACKING_CODE, copy::APP_NAME) />
        <RequestView code=code staff=false just_created=just_created />
    }
}
