//! Drafts kept in the browser: what is typed in a long form (a new request, a reply) is saved in
//! the browser's storage as it is typed, comes back after a reload, a crash or a dropped
//! connection, and is forgotten once the form was sent. Leaving the page with a half-filled form
//! asks first. Passwords, codes, hidden fields and files are never kept.

use leptos::prelude::*;

use crate::copy;

/// What a page needs from a kept draft: whether one came back, to say so.
#[derive(Clone, Copy)]
pub struct KeptDraft {
    pub restored: RwSignal<bool>,
}

/// Keeps the draft of the form `form` under `key` (one key per form and thing: a new request of
/// one type, the reply to one request). `sent` turns true once the form was sent and stored:
/// the draft is then forgotten. Without JavaScript it does nothing (the form's own echo of a
/// failed post is what keeps the text there).
pub fn keep_draft(
    form: NodeRef<leptos::html::Form>,
    key: String,
    sent: Signal<usize>,
) -> KeptDraft {
    let kept = KeptDraft {
        restored: RwSignal::new(false),
    };
    // Drafts are the signed-in person's own: another account on a shared computer never gets
    // them (and signing out forgets them all).
    #[cfg(feature = "hydrate")]
    {
        let me = crate::ui::components::layout::use_me();
        let owner = move || {
            me.get_untracked()
                .and_then(|r| r.ok())
                .flatten()
                .map(|m| m.id)
        };
        browser::keep(form, key, owner, sent, kept);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (form, key, sent);
    kept
}

/// Forgets every kept draft of this browser (at sign-out).
pub fn forget_all_drafts() {
    #[cfg(feature = "hydrate")]
    browser::forget_all();
}

/// The note that a draft came back, with a way to throw it away.
#[component]
pub fn DraftNotice(kept: KeptDraft, form: NodeRef<leptos::html::Form>) -> impl IntoView {
    let discard = move |_| {
        #[cfg(feature = "hydrate")]
        browser::discard(form);
        #[cfg(not(feature = "hydrate"))]
        let _ = form;
        kept.restored.set(false);
    };
    view! {
        {move || kept.restored.get().then(|| view! {
            <p class="alert info draft-note" role="status">
                {copy::DRAFT_RESTORED}" "
                <button type="button" class="link-button" on:click=discard>{copy::DRAFT_DISCARD}</button>
            </p>
        })}
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::RefCell;
    use std::rc::Rc;

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    use super::KeptDraft;

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    /// The fields worth keeping: text typed or chosen by the person.
    fn kept_fields(form: &web_sys::HtmlFormElement) -> Vec<web_sys::Element> {
        let Ok(list) = form.query_selector_all("input, textarea, select") else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
            .filter(|el| {
                let name = el.get_attribute("name").unwrap_or_default();
                let kind = el.get_attribute("type").unwrap_or_default();
                !name.is_empty()
                    && !crate::domain::account::is_secret_field(&name)
                    && !matches!(
                        kind.as_str(),
                        "hidden" | "file" | "password" | "submit" | "button"
                    )
            })
            .collect()
    }

    /// The value of a field as kept: text, the chosen option, or a ticked box or radio.
    fn value_of(el: &web_sys::Element) -> Option<(String, String)> {
        let name = el.get_attribute("name")?;
        if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
            let kind = input.type_();
            if kind == "checkbox" || kind == "radio" {
                return input.checked().then(|| (name, input.value()));
            }
            return Some((name, input.value()));
        }
        if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            return Some((name, area.value()));
        }
        el.dyn_ref::<web_sys::HtmlSelectElement>()
            .map(|s| (name, s.value()))
    }

    /// The form's kept fields as JSON pairs, and whether anything was typed at all.
    fn snapshot(form: &web_sys::HtmlFormElement) -> (String, bool) {
        let fields = kept_fields(form);
        let pairs: Vec<(String, String)> = fields.iter().filter_map(value_of).collect();
        let typed = fields.iter().any(|el| {
            let text_like = el.dyn_ref::<web_sys::HtmlTextAreaElement>().is_some()
                || el
                    .dyn_ref::<web_sys::HtmlInputElement>()
                    .is_some_and(|i| !matches!(i.type_().as_str(), "checkbox" | "radio"));
            text_like && value_of(el).is_some_and(|(_, v)| !v.trim().is_empty())
        });
        (serde_json::to_string(&pairs).unwrap_or_default(), typed)
    }

    /// Puts the kept values back into fields that are still empty (a failed post's echo, or a
    /// value the page started with, wins); says so by an `input` event, so bound signals follow.
    fn restore(form: &web_sys::HtmlFormElement, saved: &str) -> bool {
        let Ok(pairs) = serde_json::from_str::<Vec<(String, String)>>(saved) else {
            return false;
        };
        let mut any = false;
        for el in kept_fields(form) {
            let Some(name) = el.get_attribute("name") else {
                continue;
            };
            let mine: Vec<&str> = pairs
                .iter()
                .filter(|(k, _)| *k == name)
                .map(|(_, v)| v.as_str())
                .collect();
            if mine.is_empty() {
                continue;
            }
            let changed = if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                match input.type_().as_str() {
                    "checkbox" | "radio" => {
                        let on = mine.contains(&input.value().as_str());
                        let was = input.checked();
                        input.set_checked(on);
                        was != on
                    }
                    _ if input.value().is_empty() && !mine[0].is_empty() => {
                        input.set_value(mine[0]);
                        true
                    }
                    _ => false,
                }
            } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                if area.value().trim().is_empty() && !mine[0].trim().is_empty() {
                    area.set_value(mine[0]);
                    true
                } else {
                    false
                }
            } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
                let was = select.value();
                select.set_value(mine[0]);
                was != select.value()
            } else {
                false
            };
            if changed {
                any = true;
                notify_input(&el);
            }
        }
        any
    }

    /// Empties the kept fields (each told by an `input` event, so bound signals follow and the
    /// emptied draft is forgotten).
    pub fn discard(form: NodeRef<leptos::html::Form>) {
        let Some(form) = form.get_untracked() else {
            return;
        };
        for el in kept_fields(&form) {
            if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                if matches!(input.type_().as_str(), "checkbox" | "radio") {
                    continue;
                }
                input.set_value("");
            } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                area.set_value("");
            } else {
                continue;
            }
            notify_input(&el);
        }
    }

    /// Fires a bubbling `input` and `change` at `el`, as typing would.
    fn notify_input(el: &web_sys::Element) {
        for kind in ["input", "change"] {
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            if let Ok(ev) = web_sys::Event::new_with_event_init_dict(kind, &init) {
                let _ = el.dispatch_event(&ev);
            }
        }
    }

    const PREFIX: &str = "poshtiban:draft:";

    pub fn forget_all() {
        let Some(s) = storage() else {
            return;
        };
        let keys: Vec<String> = (0..s.length().unwrap_or(0))
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.starts_with(PREFIX))
            .collect();
        for k in keys {
            let _ = s.remove_item(&k);
        }
    }

    pub fn keep(
        form: NodeRef<leptos::html::Form>,
        key: String,
        owner: impl Fn() -> Option<i64> + 'static,
        sent: Signal<usize>,
        kept: KeptDraft,
    ) {
        // The storage key, known once the form is on the page and the account is known.
        let stored_as: Rc<RefCell<Option<String>>> = Rc::default();
        // Whether the form holds typed text not yet sent: asked about before leaving the page.
        let dirty = Rc::new(RefCell::new(false));
        let started = StoredValue::new(false);
        {
            let stored_as = stored_as.clone();
            let dirty = dirty.clone();
            Effect::new(move |_| {
                let Some(el) = form.get() else {
                    return;
                };
                let Some(owner) = owner() else {
                    return;
                };
                if started.get_value() {
                    return;
                }
                started.set_value(true);
                let el: web_sys::HtmlFormElement = el;
                let full = format!("{PREFIX}{owner}:{key}");
                *stored_as.borrow_mut() = Some(full.clone());
                if let Some(saved) = storage().and_then(|s| s.get_item(&full).ok().flatten())
                    && restore(&el, &saved)
                {
                    kept.restored.set(true);
                    *dirty.borrow_mut() = true;
                }
                // Saved at every keystroke or choice.
                let save = {
                    let dirty = dirty.clone();
                    let form = el.clone();
                    Closure::<dyn Fn()>::new(move || {
                        let (json, typed) = snapshot(&form);
                        *dirty.borrow_mut() = typed;
                        if let Some(s) = storage() {
                            let _ = if typed {
                                s.set_item(&full, &json)
                            } else {
                                s.remove_item(&full)
                            };
                        }
                    })
                };
                let _ = el.add_event_listener_with_callback("input", save.as_ref().unchecked_ref());
                let _ =
                    el.add_event_listener_with_callback("change", save.as_ref().unchecked_ref());
                // The listeners live as long as the form element they are on.
                save.forget();
            });
        }

        // Forgotten once sent.
        {
            let stored_as = stored_as.clone();
            let dirty = dirty.clone();
            Effect::new(move |before: Option<usize>| {
                let now = sent.get();
                if before.is_some_and(|b| b != now) {
                    *dirty.borrow_mut() = false;
                    kept.restored.set(false);
                    if let (Some(s), Some(k)) = (storage(), stored_as.borrow().as_ref()) {
                        let _ = s.remove_item(k);
                    }
                }
                now
            });
        }

        // Leaving the page (closing, reloading, following a plain link) with typed text asks
        // first. A move inside the app keeps the draft in storage instead.
        let Some(window) = web_sys::window() else {
            return;
        };
        let on_leave = Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(
            move |ev: web_sys::BeforeUnloadEvent| {
                if *dirty.borrow() {
                    ev.prevent_default();
                    ev.set_return_value("");
                }
            },
        );
        let _ = window
            .add_event_listener_with_callback("beforeunload", on_leave.as_ref().unchecked_ref());
        let on_leave = StoredValue::new_local(Some(on_leave));
        on_cleanup(move || {
            if let (Some(window), Some(Some(f))) =
                (web_sys::window(), on_leave.try_update_value(Option::take))
            {
                let _ = window.remove_event_listener_with_callback(
                    "beforeunload",
                    f.as_ref().unchecked_ref(),
                );
            }
        });
    }
}
