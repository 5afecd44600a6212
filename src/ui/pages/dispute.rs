//! `/requests/{code}/dispute` (the applicant) and `/staff/requests/{code}/dispute` (staff): a
//! request's dispute on its own page, linked from the request. Who may see it is who may see the
//! request; anyone else gets the not-found page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::disputes::get_dispute;
use crate::copy;
use crate::copy::digits::persian_number;
use crate::ui::components::dispute::{DisputeForms, DisputePart};
use crate::ui::components::tracking_display;
use crate::ui::live::use_live;
use crate::wire::AppError;

#[component]
fn DisputeView(staff: bool) -> impl IntoView {
    let params = use_params_map();
    let code = Signal::derive(move || params.with(|p| p.get("code").unwrap_or_default()));
    let live = use_live();
    let forms = DisputeForms::new();
    let panel = Resource::new(
        move || (code.get(), live.tick.get(), forms.version()),
        |(code, ..)| get_dispute(code),
    );
    let back = move || {
        if staff {
            format!("/staff/requests/{}", code.get())
        } else {
            format!("/requests/{}", code.get())
        }
    };
    view! {
        <Title text=format!("{} | {}", copy::DISPUTE_TITLE, copy::APP_NAME) />
        <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
            {move || Suspend::new(async move {
                let p = panel.await;
                if let Err(e) = &p {
                    return view! {
                        <div class="card">
                            <h1>{if *e == AppError::NotFound { copy::NOT_FOUND_TITLE } else { copy::LOAD_FAILED_TITLE }}</h1>
                            <p role="alert">{e.to_string()}</p>
                        </div>
                    }.into_any();
                }
                // No dispute and none possible now: say so, and to the applicant why.
                let none = match &p {
                    Ok(p) if p.dispute.is_none() && !p.may_raise => Some(p.window_days),
                    _ => None,
                };
                view! {
                    <h1>{copy::DISPUTE_PAGE_TITLE} " "
                        <span dir="ltr" class="code">{tracking_display(&code.get_untracked())}</span></h1>
                    <p class="muted"><a href=back()>{copy::DISPUTE_BACK}</a></p>
                    {none.map(|days| view! {
                        <div class="card">
                            <p>{copy::DISPUTE_NONE}</p>
                            {(!staff).then(|| view! {
                                <p class="muted">{copy::dispute_not_possible(&persian_number(days))}</p>
                            })}
                        </div>
                    })}
                    <DisputePart p=p code=code.get_untracked() staff=staff forms=forms />
                }.into_any()
            })}
        </Transition>
    }
}

/// The applicant's page of their request's dispute.
#[component]
pub fn DisputePage() -> impl IntoView {
    view! { <DisputeView staff=false /> }
}

/// The staff's page of a request's dispute.
#[component]
pub fn StaffDisputePage() -> impl IntoView {
    view! { <DisputeView staff=true /> }
}
