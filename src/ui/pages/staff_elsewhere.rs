//! What the applicants' bundle shows for a staff or admin address.
//!
//! Applicants and visitors load a WASM bundle without the staff and admin pages
//! (feature `applicant-bundle`, built by `scripts/applicant-bundle.sh`); staff get the full one.
//! The server only serves staff pages to staff, so this view is never hydrated: it is reached
//! by client-side navigation, such as the one after a staff member signs in, and it loads the
//! address afresh so the server hands over the staff bundle.

use leptos::prelude::*;

use crate::copy;

#[component]
pub fn StaffElsewhere() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let location = leptos_router::hooks::use_location();
        Effect::new(move |_| {
            let target = format!("{}{}", location.pathname.get(), location.search.get());
            if let Some(window) = web_sys::window() {
                let _ = window.location().replace(&target);
            }
        });
    }
    view! { <p class="loading" role="status">{copy::LOADING}</p> }
}
