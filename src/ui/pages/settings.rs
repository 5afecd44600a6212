//! `/account`: how the signed-in person hears about their requests, their mobile and e-mail
//! address (each changed with a code sent to the new one), their password and second factor.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::account::{
    ChangePassword, ConfirmEmail, ConfirmMobile, SaveNotificationSettings, SendEmailCode,
    SendMobileCode, my_contact,
};
use crate::api::auth::my_second_factor;
use crate::copy;
use crate::copy::digits::to_persian_digits;
use crate::ui::components::form::{FormAlert, PostForm, TextField, form_error, server_action};
use crate::wire::AccountContact;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let save = server_action::<SaveNotificationSettings>();
    let send_mobile = server_action::<SendMobileCode>();
    let send_email = server_action::<SendEmailCode>();
    let confirm_mobile = server_action::<ConfirmMobile>();
    let confirm_email = server_action::<ConfirmEmail>();
    // Read again after a change that succeeded only: a refused one keeps the forms as typed.
    let changed = RwSignal::new(0u32);
    bump_on_success(save, changed);
    bump_on_success(send_mobile, changed);
    bump_on_success(send_email, changed);
    bump_on_success(confirm_mobile, changed);
    bump_on_success(confirm_email, changed);
    let contact = Resource::new(move || changed.get(), |_| my_contact());
    let second_factor = Resource::new(|| (), |_| my_second_factor());
    let just_enrolled =
        leptos_router::hooks::use_query_map().with_untracked(|q| q.get("second_factor").is_some());
    let actions = ContactActions {
        save,
        send_mobile,
        send_email,
        confirm_mobile,
        confirm_email,
    };
    view! {
        <Title text=format!("{} | {}", copy::SETTINGS_TITLE, copy::APP_NAME) />
        <div class="narrow">
            <h1>{copy::SETTINGS_TITLE}</h1>
            <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
                {move || Suspend::new(async move {
                    contact.await.ok().map(|c| view! { <ContactSections contact=c actions=actions /> })
                })}
            </Transition>
            <PasswordSection />
            <Suspense fallback=|| ()>
                {move || second_factor.get().and_then(|r| r.ok()).flatten().map(|enrolled| view! {
                    <section class="card" aria-labelledby="second-factor-title">
                        <h2 id="second-factor-title">{copy::ACCOUNT_SECOND_FACTOR}</h2>
                        {just_enrolled.then(|| view! { <p class="alert success" role="status">{copy::SETUP_DONE}</p> })}
                        {if enrolled {
                            view! { <p>{copy::ACCOUNT_SECOND_FACTOR_ON}</p> }.into_any()
                        } else {
                            view! {
                                <p>{copy::ACCOUNT_SECOND_FACTOR_OFF}</p>
                                <p><a class="button" href="/account/2fa">{copy::ACCOUNT_SECOND_FACTOR_SETUP}</a></p>
                            }.into_any()
                        }}
                    </section>
                })}
            </Suspense>
        </div>
    }
}

fn bump_on_success<A>(action: ServerAction<A>, changed: RwSignal<u32>)
where
    A: leptos::server_fn::ServerFn<Error = crate::wire::AppError> + Clone + Send + Sync + 'static,
    A::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            changed.update(|n| *n += 1);
        }
    });
}

#[derive(Clone, Copy)]
struct ContactActions {
    save: ServerAction<SaveNotificationSettings>,
    send_mobile: ServerAction<SendMobileCode>,
    send_email: ServerAction<SendEmailCode>,
    confirm_mobile: ServerAction<ConfirmMobile>,
    confirm_email: ServerAction<ConfirmEmail>,
}

/// A mobile or an address, kept left to right inside the Persian sentence.
fn ltr(text: String) -> impl IntoView {
    view! { <bdi dir="ltr">{text}</bdi> }
}

#[component]
fn ContactSections(contact: AccountContact, actions: ContactActions) -> impl IntoView {
    let save_error = form_error(actions.save);
    let send_mobile_error = form_error(actions.send_mobile);
    let send_email_error = form_error(actions.send_email);
    let confirm_mobile_error = form_error(actions.confirm_mobile);
    let confirm_email_error = form_error(actions.confirm_email);
    let AccountContact {
        mobile,
        email,
        by_email,
        by_sms,
        pending_mobile,
        pending_email,
    } = contact;
    let has_email = email.is_some();
    let mobile_waits = pending_mobile.is_some();
    let email_waits = pending_email.is_some();
    view! {
        <section class="card" aria-labelledby="notices-title">
            <h2 id="notices-title">{copy::NOTICES_TITLE}</h2>
            <p class="muted">{copy::NOTICES_HELP}</p>
            <PostForm action=actions.save>
                <FormAlert error=save_error />
                <div class="field checkbox">
                    <input type="checkbox" id="notify_sms" name="notify_sms" checked=by_sms />
                    <label for="notify_sms">{copy::NOTIFY_SMS}</label>
                </div>
                {if has_email {
                    view! {
                        <div class="field checkbox">
                            <input type="checkbox" id="notify_email" name="notify_email" checked=by_email />
                            <label for="notify_email">{copy::NOTIFY_EMAIL}</label>
                        </div>
                    }.into_any()
                } else {
                    view! { <p class="help">{copy::NOTICES_NO_EMAIL}</p> }.into_any()
                }}
                <button type="submit" class="button">{copy::NOTICES_SAVE}</button>
            </PostForm>
        </section>

        <section class="card" aria-labelledby="mobile-title">
            <h2 id="mobile-title">{copy::MOBILE_TITLE}</h2>
            <p>
                {match mobile {
                    Some(m) => view! { {copy::CONTACT_NOW}" "{ltr(to_persian_digits(&m))} }.into_any(),
                    None => view! { {copy::CONTACT_NONE} }.into_any(),
                }}
            </p>
            <PostForm action=actions.send_mobile>
                <FormAlert error=send_mobile_error />
                <TextField name="mobile" id="new-mobile" label=copy::MOBILE_NEW error=send_mobile_error
                    kind="tel" inputmode="tel" dir="ltr" autocomplete="tel" maxlength=16
                    help=copy::MOBILE_CHANGE_HELP />
                <button type="submit" class="button secondary">
                    {if mobile_waits { copy::CONTACT_RESEND } else { copy::CONTACT_SEND }}
                </button>
            </PostForm>
            {pending_mobile.map(|to| view! {
                <p class="alert success" role="status">
                    {copy::CONTACT_CODE_SENT_BEFORE}" "{ltr(to_persian_digits(&to))}" "{copy::CONTACT_CODE_SENT_AFTER}
                </p>
                <PostForm action=actions.confirm_mobile>
                    <FormAlert error=confirm_mobile_error />
                    <TextField name="code" id="mobile-code" label=copy::CONTACT_CODE error=confirm_mobile_error
                        inputmode="numeric" dir="ltr" autocomplete="one-time-code" maxlength=6 />
                    <button type="submit" class="button">{copy::CONTACT_CONFIRM}</button>
                </PostForm>
            })}
        </section>

        <section class="card" aria-labelledby="email-title">
            <h2 id="email-title">{copy::EMAIL_TITLE}</h2>
            <p>
                {match email {
                    Some(e) => view! { {copy::CONTACT_NOW}" "{ltr(e)} }.into_any(),
                    None => view! { {copy::CONTACT_NONE} }.into_any(),
                }}
            </p>
            <PostForm action=actions.send_email>
                <FormAlert error=send_email_error />
                <TextField name="email" id="new-email" label=copy::EMAIL_NEW error=send_email_error
                    kind="email" dir="ltr" autocomplete="email" maxlength=200
                    help=copy::EMAIL_CHANGE_HELP />
                <button type="submit" class="button secondary">
                    {if email_waits { copy::CONTACT_RESEND } else { copy::CONTACT_SEND }}
                </button>
            </PostForm>
            {pending_email.map(|to| view! {
                <p class="alert success" role="status">
                    {copy::CONTACT_CODE_SENT_BEFORE}" "{ltr(to)}" "{copy::CONTACT_CODE_SENT_AFTER}
                </p>
                <PostForm action=actions.confirm_email>
                    <FormAlert error=confirm_email_error />
                    <TextField name="code" id="email-code" label=copy::CONTACT_CODE error=confirm_email_error
                        inputmode="numeric" dir="ltr" autocomplete="one-time-code" maxlength=6 />
                    <button type="submit" class="button">{copy::CONTACT_CONFIRM}</button>
                </PostForm>
            })}
        </section>
    }
}

/// The password, changed with the current one; the other sessions of the account end.
#[component]
fn PasswordSection() -> impl IntoView {
    let change = server_action::<ChangePassword>();
    let error = form_error(change);
    view! {
        <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">{copy::PASSWORD_TITLE}</h2>
            <PostForm action=change reset_on_success=true>
                <FormAlert error=error />
                <TextField name="current_password" label=copy::PASSWORD_CURRENT error=error
                    kind="password" autocomplete="current-password" dir="ltr" />
                <TextField name="password" label=copy::PASSWORD_NEW error=error
                    kind="password" autocomplete="new-password" dir="ltr" minlength=10 maxlength=128
                    help=copy::REGISTER_PASSWORD_HELP />
                <TextField name="password_confirm" label=copy::PASSWORD_NEW_CONFIRM error=error
                    kind="password" autocomplete="new-password" dir="ltr" minlength=10 maxlength=128 />
                <p class="help">{copy::PASSWORD_CHANGE_HELP}</p>
                <button type="submit" class="button">{copy::PASSWORD_CHANGE_SUBMIT}</button>
            </PostForm>
        </section>
    }
}
