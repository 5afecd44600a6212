//! `/admin/staff`: staff accounts (switch off and on, reset a lost second factor) and the audit
//! trail of what was done to accounts.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::admin::staff::{ResetSecondFactor, SetAccountActive, staff_admin};
use crate::copy;
use crate::ui::components::form::{FormAlert, PostForm, form_error, server_action};
use crate::ui::components::{JalaliTime, Wide};
use crate::wire::{AuditEntry, StaffAccount};

fn action_label(action: &str) -> &'static str {
    match action {
        "second_factor_reset" => copy::AUDIT_SECOND_FACTOR_RESET,
        "second_factor_enrolled" => copy::AUDIT_SECOND_FACTOR_ENROLLED,
        "deactivated" => copy::AUDIT_DEACTIVATED,
        "activated" => copy::AUDIT_ACTIVATED,
        _ => "—",
    }
}

#[component]
pub fn AdminStaffPage() -> impl IntoView {
    let reset = server_action::<ResetSecondFactor>();
    let active = server_action::<SetAccountActive>();
    let reset_error = form_error(reset);
    let active_error = form_error(active);
    let data = Resource::new(
        move || (reset.version().get(), active.version().get()),
        |_| staff_admin(),
    );
    let done = move || {
        matches!(reset.value().get(), Some(Ok(()))) || matches!(active.value().get(), Some(Ok(())))
    };
    view! {
        <Title text=format!("{} | {}", copy::ADMIN_STAFF, copy::APP_NAME) />
        <super::AdminNav />
        <h1>{copy::ADMIN_STAFF}</h1>
        {move || done().then(|| view! { <p class="alert success" role="status">{copy::STAFF_DONE}</p> })}
        <FormAlert error=reset_error />
        <FormAlert error=active_error />
        <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
            {move || Suspend::new(async move {
                let d = data.await.ok();
                let (accounts, audit) = d.map(|d| (d.accounts, d.audit)).unwrap_or_default();
                view! {
                    <Wide label=copy::ADMIN_STAFF>
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{copy::STAFF_NAME}</th>
                                    <th scope="col">{copy::STAFF_LOGIN}</th>
                                    <th scope="col">{copy::STAFF_ROLE}</th>
                                    <th scope="col">{copy::STAFF_STATUS}</th>
                                    <th scope="col">{copy::STAFF_SECOND_FACTOR}</th>
                                    <th scope="col">{copy::STAFF_ACTIONS}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {accounts.into_iter().map(|a| view! { <StaffRow account=a reset=reset active=active /> }).collect_view()}
                            </tbody>
                        </table>
                    </Wide>
                    <h2>{copy::AUDIT_TITLE}</h2>
                    <Wide label=copy::AUDIT_TITLE>
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{copy::AUDIT_WHEN}</th>
                                    <th scope="col">{copy::AUDIT_WHO}</th>
                                    <th scope="col">{copy::AUDIT_WHAT}</th>
                                    <th scope="col">{copy::AUDIT_WHOM}</th>
                                    <th scope="col">{copy::STAFF_REASON}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {audit.into_iter().map(|e: AuditEntry| view! {
                                    <tr>
                                        <td><JalaliTime ms=e.at /></td>
                                        <td>{e.actor.unwrap_or_default()}</td>
                                        <td>{action_label(&e.action)}</td>
                                        <td>{e.target.unwrap_or_default()}</td>
                                        <td>{e.detail}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </Wide>
                }
            })}
        </Transition>
    }
}

#[component]
fn StaffRow(
    account: StaffAccount,
    reset: ServerAction<ResetSecondFactor>,
    active: ServerAction<SetAccountActive>,
) -> impl IntoView {
    let id = account.id.to_string();
    let reset_id = id.clone();
    let reset_reason = format!("reset-reason-{}", account.id);
    let active_reason = format!("active-reason-{}", account.id);
    view! {
        <tr>
            <th scope="row">{account.full_name.clone()}</th>
            <td><bdi dir="ltr">{crate::copy::digits::to_persian_digits(&account.login_key)}</bdi></td>
            <td>{account.role.label_fa()}</td>
            <td>{if account.active { copy::STAFF_ACTIVE } else { copy::STAFF_INACTIVE }}</td>
            <td>{if account.second_factor { copy::STAFF_ENROLLED } else { copy::STAFF_NOT_ENROLLED }}</td>
            <td class="actions">
                {account.second_factor.then(move || view! {
                    <PostForm action=reset>
                        <input type="hidden" name="user_id" value=reset_id />
                        <label for=reset_reason.clone()>{copy::STAFF_REASON}</label>
                        <input id=reset_reason.clone() name="reason" type="text" required=true minlength="3" maxlength="300" />
                        <button type="submit" class="button small">{copy::STAFF_RESET_SECOND_FACTOR}</button>
                    </PostForm>
                })}
                <PostForm action=active>
                    <input type="hidden" name="user_id" value=id />
                    <input type="hidden" name="active" value=if account.active { "0" } else { "1" } />
                    <label for=active_reason.clone()>{copy::STAFF_REASON}</label>
                    <input id=active_reason.clone() name="reason" type="text" required=true minlength="3" maxlength="300" />
                    <button type="submit" class="button small secondary">
                        {if account.active { copy::STAFF_DEACTIVATE } else { copy::STAFF_ACTIVATE }}
                    </button>
                </PostForm>
            </td>
        </tr>
    }
}
