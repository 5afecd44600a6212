//! `/account`: how the signed-in person is told about their requests.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::auth::{SaveNotificationSettings, my_second_factor, notification_settings};
use crate::copy;
use crate::ui::components::form::{FormAlert, PostForm, form_error, server_action};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let save = server_action::<SaveNotificationSettings>();
    let error = form_error(save);
    let settings = Resource::new(move || save.version().get(), |_| notification_settings());
    let saved = move || matches!(save.value().get(), Some(Ok(())));
    let second_factor = Resource::new(|| (), |_| my_second_factor());
    let just_enrolled =
        leptos_router::hooks::use_query_map().with_untracked(|q| q.get("second_factor").is_some());
    view! {
        <Title text=format!("{} | {}", copy::SETTINGS_TITLE, copy::APP_NAME) />
        <section class="card narrow">
            <h1>{copy::SETTINGS_TITLE}</h1>
            {move || saved().then(|| view! { <p class="alert success" role="status">{copy::SETTINGS_SAVED}</p> })}
            <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
                {move || Suspend::new(async move {
                    let (email, by_email, by_sms) = settings.await.unwrap_or((None, true, true));
                    view! {
                        <PostForm action=save>
                            <FormAlert error=error />
                            <div class="field">
                                <label for="email">{copy::EMAIL_ADDRESS}</label>
                                <input id="email" name="email" type="email" dir="ltr" autocomplete="email"
                                    maxlength="200" value=email.unwrap_or_default() />
                            </div>
                            <div class="field checkbox">
                                <input type="checkbox" id="notify_email" name="notify_email" checked=by_email />
                                <label for="notify_email">{copy::NOTIFY_EMAIL}</label>
                            </div>
                            <div class="field checkbox">
                                <input type="checkbox" id="notify_sms" name="notify_sms" checked=by_sms />
                                <label for="notify_sms">{copy::NOTIFY_SMS}</label>
                            </div>
                            <button type="submit" class="button">{copy::SAVE}</button>
                        </PostForm>
                    }
                })}
            </Transition>
        </section>
        <Suspense fallback=|| ()>
            {move || second_factor.get().and_then(|r| r.ok()).flatten().map(|enrolled| view! {
                <section class="card narrow" aria-labelledby="second-factor-title">
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
    }
}
