//! `/requests/{code}/receipt`: a paid fee's receipt, as an Iranian bank receipt reads (the
//! amount in figures and in words, the Jalali date and time, the gateway's reference, the
//! masked card, the payee and the tracking code), laid out to print on one page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::payments::payment_receipt;
use crate::copy;
use crate::copy::digits::to_persian_digits;
use crate::domain::jalali::TehranDateTime;
use crate::ui::components::tracking_display;
use crate::wire::ReceiptDto;

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let receipt = Resource::new(code, payment_receipt);
    view! {
        <Title text=format!("{} | {}", copy::RECEIPT_TITLE, copy::APP_NAME) />
        <Suspense fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
            {move || Suspend::new(async move {
                match receipt.await {
                    Ok(r) => view! { <Receipt r=r /> }.into_any(),
                    Err(_) => view! {
                        <section class="card narrow">
                            <h1>{copy::RECEIPT_TITLE}</h1>
                            <p role="alert">{copy::RECEIPT_NONE}</p>
                            <p><a href=format!("/requests/{}", code())>{copy::RECEIPT_BACK}</a></p>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Receipt(r: ReceiptDto) -> impl IntoView {
    let when = TehranDateTime::from_unix_millis(r.paid_at).format_fa();
    let back = format!("/requests/{}", r.tracking_code);
    view! {
        <article class="card narrow receipt" aria-labelledby="receipt-title">
            <h1 id="receipt-title">{copy::RECEIPT_TITLE}</h1>
            <dl class="facts">
                <div><dt>{copy::RECEIPT_PAYEE}</dt><dd>{copy::RECEIPT_PAYEE_NAME}</dd></div>
                <div><dt>{copy::RECEIPT_SERVICE}</dt><dd>{r.type_title}</dd></div>
                <div><dt>{copy::APPLICANT}</dt><dd>{r.applicant_name}</dd></div>
                <div><dt>{copy::RECEIPT_TRACKING}</dt><dd dir="ltr" class="code">{tracking_display(&r.tracking_code)}</dd></div>
                <div><dt>{copy::RECEIPT_AMOUNT}</dt><dd><strong class="amount">{r.amount.figure}</strong>" "<span class="muted">"("{r.amount.tomans}")"</span></dd></div>
                <div><dt>{copy::RECEIPT_AMOUNT_WORDS}</dt><dd>{r.amount.words}</dd></div>
                <div><dt>{copy::RECEIPT_WHEN}</dt><dd>{when}</dd></div>
                <div><dt>{copy::RECEIPT_GATEWAY}</dt><dd>{r.gateway_label}</dd></div>
                <div><dt>{copy::RECEIPT_REFERENCE}</dt><dd dir="ltr" class="code">{to_persian_digits(&r.reference)}</dd></div>
                {r.trace.map(|t| view! {
                    <div><dt>{copy::RECEIPT_TRACE}</dt><dd dir="ltr" class="code">{to_persian_digits(&t)}</dd></div>
                })}
                {r.card_mask.map(|c| view! {
                    <div><dt>{copy::RECEIPT_CARD}</dt><dd dir="ltr" class="code">{to_persian_digits(&c)}</dd></div>
                })}
                <div><dt>{copy::RECEIPT_STATE}</dt><dd>{r.state_label}</dd></div>
            </dl>
            <p class="actions no-print">
                <PrintButton />
                <a href=back>{copy::RECEIPT_BACK}</a>
            </p>
        </article>
    }
}

/// Prints the page (with the app running; without it, the browser's own print does the same).
#[component]
fn PrintButton() -> impl IntoView {
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! { <button type="button" class="button" on:click=print>{copy::RECEIPT_PRINT}</button> }
}
