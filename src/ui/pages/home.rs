use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::auth::home_of;
use crate::api::requests::request_types;
use crate::copy;
use crate::ui::components::layout::use_me;

/// The public front page: what the service is, and the SLA promise per request type.
#[component]
pub fn HomePage() -> impl IntoView {
    let me = use_me();
    let types = Resource::new(|| (), |_| request_types());
    view! {
        <Title text=copy::APP_NAME />
        <leptos_meta::Meta name="description" content=copy::META_HOME />
        <section class="hero card">
            <h1>{copy::HOME_TITLE}</h1>
            <p>{copy::HOME_INTRO}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match me.await {
                        Ok(Some(m)) => view! {
                            <p class="actions"><a class="button" href=home_of(&m)>{
                                if m.role.is_staff() { copy::NAV_QUEUE } else { copy::NAV_MY_REQUESTS }
                            }</a></p>
                        }.into_any(),
                        _ => view! {
                            <p class="actions">
                                <a class="button" href="/register">{copy::NAV_REGISTER}</a>
                                <a class="button secondary" href="/login">{copy::NAV_LOGIN}</a>
                            </p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <section class="card" aria-labelledby="types-title">
            <h2 id="types-title">{copy::HOME_TYPES_TITLE}</h2>
            <p class="muted">{copy::HOME_TYPES_NOTE}</p>
            <Suspense fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
                {move || Suspend::new(async move {
                    let rows = types.await.unwrap_or_default();
                    view! {
                        <table class="types">
                            <thead><tr><th scope="col">{copy::COL_TYPE}</th><th scope="col">{copy::COL_TARGET}</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|t| view! {
                                    <tr>
                                        <td><strong>{t.title}</strong><br /><span class="muted">{t.description}</span></td>
                                        <td class="nowrap">{copy::working_days(t.initial_result_days)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                })}
            </Suspense>
        </section>
    }
}
