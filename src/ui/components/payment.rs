//! Fees on pages: the fee as a receipt writes it, and a fee-bearing request's payment box (the
//! pay button, what became of each attempt, the receipt link). Paying is a plain form post to
//! `/pay/{code}/start`, so it works before the app's script has loaded, and without it.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::copy;
use crate::domain::payment::PaymentState;
use crate::ui::components::JalaliTime;
use crate::wire::{FeeDto, PaymentView};

/// A fee in rials, in tomans and in words, with its budget reference when known.
#[component]
pub fn FeeFacts(fee: FeeDto) -> impl IntoView {
    view! {
        <dl class="facts fee">
            <div><dt>{copy::RECEIPT_AMOUNT}</dt><dd><strong class="amount">{fee.figure.clone()}</strong>" "<span class="muted">"("{fee.tomans.clone()}")"</span></dd></div>
            <div><dt>{copy::FEE_IN_WORDS}</dt><dd>{fee.words.clone()}</dd></div>
            {(!fee.source.is_empty()).then(|| view! {
                <div><dt>{copy::FEE_SOURCE}</dt><dd>{fee.source.clone()}</dd></div>
            })}
        </dl>
    }
}

/// What the page the payer returned to says first (`?payment=` from the callback or the start).
fn outcome_alert(outcome: &str, view: &PaymentView) -> Option<AnyView> {
    let latest_failure = view
        .attempts
        .first()
        .filter(|p| p.state == PaymentState::Failed);
    Some(match outcome {
        "paid" => view! { <p class="alert success" role="status">{copy::PAY_PAID}</p> }.into_any(),
        "failed" => {
            let reason = latest_failure
                .and_then(|p| p.failure.clone())
                .unwrap_or_else(|| copy::PAYMENT_FAILED_DECLINED.to_string());
            let returns = latest_failure.is_some_and(|p| p.money_returns);
            view! {
                <div class="alert error" role="alert">
                    <p>{reason}</p>
                    {returns.then(|| view! { <p>{copy::PAYMENT_MONEY_RETURNS}</p> })}
                </div>
            }
            .into_any()
        }
        "pending" => view! { <p class="alert" role="status">{copy::PAY_CHECKING}</p> }.into_any(),
        "in_flight" => {
            view! { <p class="alert error" role="alert">{copy::ERR_PAYMENT_IN_FLIGHT}</p> }
                .into_any()
        }
        "unavailable" => {
            view! { <p class="alert error" role="alert">{copy::PAY_UNAVAILABLE}</p> }.into_any()
        }
        "nothing" => {
            view! { <p class="alert" role="status">{copy::ERR_NOTHING_TO_PAY}</p> }.into_any()
        }
        _ => return None,
    })
}

/// A fee-bearing request's payment: the fee kept at filing, the deadline, the pay button for
/// its applicant, the attempts, and the receipt once paid.
#[component]
pub fn PaymentBox(view: PaymentView, code: String) -> impl IntoView {
    let query = use_query_map();
    let outcome = query.with_untracked(|q| q.get("payment").unwrap_or_default());
    let alert = outcome_alert(&outcome, &view);
    let paid = view
        .attempts
        .iter()
        .any(|p| matches!(p.state, PaymentState::Paid | PaymentState::Refunded));
    let checking = view.in_flight && !view.may_pay;
    let label = if view.attempts.is_empty() {
        copy::PAY_BUTTON
    } else {
        copy::PAY_AGAIN
    };
    let attempts = view
        .attempts
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <td data-label=copy::RECEIPT_WHEN><JalaliTime ms=p.settled_at.unwrap_or(p.created_at) /></td>
                    <td data-label=copy::RECEIPT_GATEWAY>{p.gateway_label.clone()}</td>
                    <td data-label=copy::RECEIPT_AMOUNT>{p.amount_figure.clone()}</td>
                    <td data-label=copy::RECEIPT_STATE>
                        <span class=format!("badge payment-{}", p.state.as_str())>{p.state_label.clone()}</span>
                        {p.failure.clone().map(|f| view! { <span class="muted">" "{f}</span> })}
                    </td>
                    <td data-label=copy::RECEIPT_REFERENCE>
                        {p.reference.clone().map(|r| view! { <span dir="ltr" class="code">{crate::copy::digits::to_persian_digits(&r)}</span> })}
                    </td>
                </tr>
            }
            .into_any()
        })
        .collect_view();
    let has_attempts = !view.attempts.is_empty();
    let refund = view
        .may_refund
        .then(|| view! { <RefundForm code=code.clone() /> }.into_any());
    view! {
        {alert}
        <section class="card payment" aria-labelledby="payment-title">
            <h2 id="payment-title">{copy::PAY_TITLE}</h2>
            <FeeFacts fee=view.fee.clone() />
            {view.paid_at.map(|at| view! {
                <p>{copy::PAYMENT_STATE_PAID}": "<JalaliTime ms=at />" "
                    <a href=format!("/requests/{code}/receipt")>{copy::PAY_RECEIPT}</a>
                </p>
            })}
            {(paid && view.paid_at.is_none()).then(|| view! {
                <p><a href=format!("/requests/{code}/receipt")>{copy::PAY_RECEIPT}</a></p>
            })}
            {view.may_pay.then(|| view! {
                <p>{copy::PAY_NOT_YET}</p>
                {view.pay_by.clone().map(|by| view! { <p class="muted">{copy::pay_by(&by)}</p> })}
                <form method="post" action=format!("/pay/{code}/start") class="pay">
                    <button type="submit" class="button primary">{label}</button>
                </form>
            })}
            {checking.then(|| view! { <p class="muted" role="status">{copy::PAY_CHECKING}</p> })}
            {has_attempts.then(|| view! {
                <h3>{copy::PAY_ATTEMPTS}</h3>
                <div class="table-wrap" tabindex="0" role="region" aria-label=copy::PAY_ATTEMPTS>
                    <table class="table stack payments">
                        <thead><tr>
                            <th scope="col">{copy::RECEIPT_WHEN}</th>
                            <th scope="col">{copy::RECEIPT_GATEWAY}</th>
                            <th scope="col">{copy::RECEIPT_AMOUNT}</th>
                            <th scope="col">{copy::RECEIPT_STATE}</th>
                            <th scope="col">{copy::RECEIPT_REFERENCE}</th>
                        </tr></thead>
                        <tbody>{attempts}</tbody>
                    </table>
                </div>
            })}
            {refund}
        </section>
    }
    .into_any()
}

/// An admin gives the paid fee back, with a reason (asked before it is done: it cannot be undone).
#[component]
fn RefundForm(code: String) -> impl IntoView {
    use crate::api::payments::RefundPayment;
    use crate::ui::components::form::{FormAlert, PostForm, TextArea, form_error, server_action};
    let refund = server_action::<RefundPayment>();
    let error = form_error(refund);
    // Done: the page is read again, with the refund in its history and its attempts.
    Effect::new(move |_| {
        if let Some(Ok(_)) = refund.value().get() {
            #[cfg(feature = "hydrate")]
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    });
    view! {
        <details class="refund">
            <summary>{copy::REFUND_TITLE}</summary>
            <p class="muted">{copy::REFUND_HELP}</p>
            <PostForm action=refund>
                <FormAlert error=error />
                <input type="hidden" name="code" value=code />
                <TextArea name="reason" label=copy::REFUND_REASON error=error rows=3 minlength=5 maxlength=500 />
                <button type="submit" class="button danger">{copy::REFUND_SUBMIT}</button>
            </PostForm>
        </details>
    }
    .into_any()
}
