//! The frame of every page: skip link, header with navigation, main, footer.

use leptos::prelude::*;

use crate::ui::components::form::{PostForm, server_action};

use crate::api::auth::{Logout, current_account};
use crate::copy;
use crate::ui::hard_navigate;
use crate::ui::live::use_live;
use crate::wire::AppError;
use crate::wire::Me;

pub type MeResource = Resource<Result<Option<Me>, AppError>>;

pub fn provide_me() -> MeResource {
    let res: MeResource = Resource::new(|| (), |_| current_account());
    provide_context(res);
    res
}

pub fn use_me() -> MeResource {
    use_context::<MeResource>().unwrap_or_else(provide_me)
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    crate::ui::components::form::forget_flash_on_navigation();
    let me = use_me();
    let live = use_live();
    let menu = NodeRef::<leptos::html::Details>::new();
    close_menu_on_navigation(menu);
    // Staff and admin pages use a desktop's width.
    let location = leptos_router::hooks::use_location();
    let wide = move || {
        location
            .pathname
            .with(|p| p.starts_with("/staff") || p.starts_with("/admin"))
    };
    // A link taken in the open menu folds it (the page that follows may not be a new document).
    let fold_after_link = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let on_link = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("a").ok().flatten())
                .is_some();
            if on_link && let Some(menu) = menu.get_untracked() {
                let _ = menu.remove_attribute("open");
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    // Open the live stream once we know someone is signed in (browser only: effects do not
    // run on the server).
    Effect::new(move |_| {
        if let Some(Ok(Some(_))) = me.get() {
            live.start();
        }
    });
    view! {
        <a class="skip-link" href="#main">{copy::SKIP_TO_CONTENT}</a>
        <header class="site-header">
            <div class="bar">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">{copy::BRAND_MARK}</span>
                    <span>{copy::APP_NAME}</span>
                </a>
                <nav aria-label=copy::NAV_LABEL>
                    // On a phone the links fold behind one button (a plain `details`, so it
                    // opens without JavaScript); on a wider screen they are always shown.
                    <details class="menu" node_ref=menu on:click=fold_after_link>
                        <summary class="menu-button">{copy::MENU}</summary>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                match me.await {
                                    Ok(Some(m)) => view! { <SignedInNav me=m /> }.into_any(),
                                    _ => view! { <SignedOutNav /> }.into_any(),
                                }
                            })}
                        </Suspense>
                    </details>
                </nav>
            </div>
        </header>
        <p class="live-lost" role="status" hidden=move || live.connected.get()>
            {copy::LIVE_LOST}
        </p>
        <main id="main" class="page" class:wide-page=wide>
            <crate::ui::components::form::ConfirmationNotice />
            {children()}
        </main>
        <footer class="site-footer">
            <p>{copy::FOOTER}</p>
            <p class="footer-links"><a href="/sla">{copy::NAV_SLA_PUBLIC}</a> <a href="/calls">{copy::CALLS_TITLE}</a></p>
        </footer>
    }
}

#[component]
fn SignedOutNav() -> impl IntoView {
    view! {
        <ul class="nav">
            <li><a href="/login">{copy::NAV_LOGIN}</a></li>
            <li><a class="button small" href="/register">{copy::NAV_REGISTER}</a></li>
        </ul>
    }
}

#[component]
fn SignedInNav(me: Me) -> impl IntoView {
    let logout = server_action::<Logout>();
    Effect::new(move |_| {
        if let Some(Ok(to)) = logout.value().get() {
            crate::ui::components::draft::forget_all_drafts();
            hard_navigate(&to);
        }
    });
    let links = if me.role.is_staff() {
        let admin = me.role == crate::domain::account::Role::Admin;
        let supervisor = admin || me.role == crate::domain::account::Role::Supervisor;
        let news = staff_news_count();
        view! {
            <li><a href="/staff">{copy::NAV_QUEUE}<StaffNewsBadge news=news /></a></li>
            {supervisor.then(|| view! {
                <li><a href="/staff/sla">{copy::NAV_SLA}</a></li>
                <li><a href="/staff/payments">{copy::NAV_FINANCE}</a></li>
                <li><a href="/staff/canned">{copy::CANNED_ADMIN}</a></li>
            })}
            {admin.then(|| view! { <li><a href="/admin/types">{copy::NAV_ADMIN}</a></li> })}
        }
        .into_any()
    } else {
        let news = news_count();
        view! {
            <li><a href="/requests">{copy::NAV_MY_REQUESTS}<NewsBadge news=news /></a></li>
            <li><a href="/requests/new">{copy::NAV_NEW_REQUEST}</a></li>
            <li><a href="/account">{copy::NAV_SETTINGS}</a></li>
        }
        .into_any()
    };
    view! {
        <ul class="nav">
            {links}
            <li class="who">
                <span class="who-name">{me.full_name.clone()}</span>
                <span class="who-role">{me.role.label_fa()}</span>
            </li>
            <li>
                <PostForm action=logout>
                    <button type="submit" class="link-button">{copy::NAV_LOGOUT}</button>
                </PostForm>
            </li>
        </ul>
    }
}

/// How many requests changed since the signed-in person last looked, read again at every live
/// update and every move in the app; the tab's title counts them too.
fn news_count() -> Resource<i64> {
    let live = use_live();
    let location = leptos_router::hooks::use_location();
    let news = Resource::new(
        move || (live.tick.get(), location.pathname.get()),
        |(_, path)| async move {
            crate::api::requests::news_count(viewing_code(&path))
                .await
                .unwrap_or(0)
        },
    );
    count_in_title(Signal::derive(move || news.get().unwrap_or(0)));
    news
}

/// The request on screen (its tracking code in the path) is being read: it is not news.
fn viewing_code(path: &str) -> Option<String> {
    path.strip_prefix("/staff/requests/")
        .or_else(|| path.strip_prefix("/requests/"))
        .filter(|c| c.chars().all(|ch| ch.is_ascii_digit()) && !c.is_empty())
        .map(str::to_string)
}

/// Staff: how many of the requests assigned to them changed since they last looked, read in
/// the browser once the page is running and again at every live update and every move.
///
/// Not a resource like the applicant's: on staff pages a resource read in a suspense in the
/// header failed to hydrate and stopped the app (seen twice, with the links that follow it in
/// any form). Without JavaScript the queue marks what is new in its rows.
fn staff_news_count() -> ReadSignal<i64> {
    let (news, set_news) = signal(0_i64);
    #[cfg(feature = "hydrate")]
    {
        let live = use_live();
        let location = leptos_router::hooks::use_location();
        // Only the latest read counts, whichever answer arrives last.
        let asked = StoredValue::new(0_u64);
        Effect::new(move |_| {
            live.tick.track();
            let path = location.pathname.get();
            asked.update_value(|n| *n += 1);
            let this = asked.get_value();
            leptos::task::spawn_local(async move {
                if let Ok(n) = crate::api::requests::news_count(viewing_code(&path)).await
                    && asked.get_value() == this
                {
                    set_news.set(n);
                }
            });
        });
        count_in_title(news.into());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = set_news;
    news
}

/// Puts the count in front of the tab's title, `(۳) …`, after the page set its own.
fn count_in_title(news: Signal<i64>) {
    #[cfg(feature = "hydrate")]
    {
        let location = leptos_router::hooks::use_location();
        Effect::new(move |_| {
            let n = news.get();
            location.pathname.track();
            // After the page's own title is set (on a move in the app, in the same frame).
            request_animation_frame(move || {
                let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
                    return;
                };
                let title = doc.title();
                let bare = crate::copy::without_count(&title);
                doc.set_title(&crate::copy::with_count(bare, n));
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = news;
}

/// The staff's count on the queue's link: always in the page, shown once it is more than zero.
#[component]
fn StaffNewsBadge(news: ReadSignal<i64>) -> impl IntoView {
    view! {
        <span
            class="news-count"
            hidden=move || news.get() == 0
            aria-label=move || copy::news_label(news.get())
        >
            {move || crate::copy::digits::persian_number(news.get())}
        </span>
    }
}

/// The count of requests new to the person, on the link to their list.
#[component]
fn NewsBadge(news: Resource<i64>) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || news.get().filter(|n| *n > 0).map(|n| view! {
                " "<span class="news-count" aria-label=copy::news_label(n)>{crate::copy::digits::persian_number(n)}</span>
            })}
        </Suspense>
    }
}

/// Folds the phone menu again once a link in it took the browser elsewhere (with JavaScript;
/// without, every page arrives with it folded).
fn close_menu_on_navigation(menu: NodeRef<leptos::html::Details>) {
    #[cfg(feature = "hydrate")]
    {
        let location = leptos_router::hooks::use_location();
        Effect::new(move |_| {
            location.pathname.track();
            location.search.track();
            if let Some(menu) = menu.get_untracked() {
                let _ = menu.remove_attribute("open");
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = menu;
}
