//! Live updates in the browser: one `EventSource` on `/events` per tab. Every event (and every
//! reconnect, which may have missed some) bumps `tick`; resources that read `tick` refetch
//! through their authorised server functions. On the server `tick` stays 0.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Live {
    pub tick: RwSignal<u64>,
    /// False while the stream is down (shown to the person, who then knows to wait).
    pub connected: RwSignal<bool>,
    started: RwSignal<bool>,
}

pub fn provide_live() -> Live {
    let live = Live {
        tick: RwSignal::new(0),
        connected: RwSignal::new(true),
        started: RwSignal::new(false),
    };
    provide_context(live);
    live
}

pub fn use_live() -> Live {
    use_context::<Live>().unwrap_or_else(provide_live)
}

impl Live {
    /// `tick` for a page whose refetch is heavy (the SLA dashboard reads a year of figures): it
    /// follows the first event at once, then at most once per `every_ms`, the last change of a
    /// burst included, so a busy day's stream of events costs one read per interval.
    pub fn throttled(self, every_ms: u32) -> Signal<u64> {
        let slow = RwSignal::new(self.tick.get_untracked());
        #[cfg(feature = "hydrate")]
        {
            let last = StoredValue::new(None::<f64>);
            let pending = StoredValue::new(false);
            Effect::new(move |_| {
                let tick = self.tick.get();
                if tick == slow.get_untracked() || pending.get_value() {
                    return;
                }
                let now = js_sys::Date::now();
                let wait = last
                    .get_value()
                    .map_or(0.0, |at| at + f64::from(every_ms) - now);
                if wait <= 0.0 {
                    last.set_value(Some(now));
                    slow.set(tick);
                    return;
                }
                pending.set_value(true);
                // The page may be gone by then: every access is a `try_`.
                gloo_timers::callback::Timeout::new(wait.ceil() as u32, move || {
                    pending.try_set_value(false);
                    last.try_set_value(Some(js_sys::Date::now()));
                    if let Some(tick) = self.tick.try_get_untracked() {
                        slow.try_set(tick);
                    }
                })
                .forget();
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = every_ms;
        slow.into()
    }

    /// Opens the stream once (browser only).
    pub fn start(self) {
        if self.started.get_untracked() {
            return;
        }
        self.started.set(true);
        #[cfg(feature = "hydrate")]
        client::connect(self, None, 0);
    }
}

#[cfg(feature = "hydrate")]
mod client {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;
    use web_sys::{EventSource, MessageEvent};

    use super::Live;

    /// Opens a stream; when the browser gives up on it, opens a new one after a back-off and
    /// asks the server for everything after the last event seen.
    pub fn connect(live: Live, since: Option<String>, attempt: u32) {
        let url = match &since {
            Some(id) => format!("/events?since={id}"),
            None => "/events".to_string(),
        };
        let Ok(es) = EventSource::new(&url) else {
            retry(live, since, attempt);
            return;
        };
        let last_id = Rc::new(RefCell::new(since.clone()));
        let opened_before = Rc::new(Cell::new(false));
        let first_connection = since.is_none() && attempt == 0;

        let on_message = {
            let last_id = last_id.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                let id = e.last_event_id();
                if !id.is_empty() {
                    *last_id.borrow_mut() = Some(id);
                }
                live.tick.update(|t| *t += 1);
            })
        };
        es.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();

        // The server says "ready" on every (re)connection: after a drop, refetch what is shown.
        let on_ready = {
            let opened_before = opened_before.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |_e: MessageEvent| {
                live.connected.set(true);
                if opened_before.get() || !first_connection {
                    live.tick.update(|t| *t += 1);
                }
                opened_before.set(true);
            })
        };
        let _ = es.add_event_listener_with_callback("ready", on_ready.as_ref().unchecked_ref());
        on_ready.forget();

        let on_resync = Closure::<dyn FnMut(MessageEvent)>::new(move |_e: MessageEvent| {
            live.tick.update(|t| *t += 1);
        });
        let _ = es.add_event_listener_with_callback("resync", on_resync.as_ref().unchecked_ref());
        on_resync.forget();

        let on_error = {
            let es = es.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_e: web_sys::Event| {
                live.connected.set(false);
                // CONNECTING: the browser retries by itself (sending Last-Event-ID).
                if es.ready_state() == EventSource::CLOSED {
                    es.close();
                    retry(live, last_id.borrow().clone(), attempt + 1);
                }
            })
        };
        es.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
    }

    fn retry(live: Live, since: Option<String>, attempt: u32) {
        let delay = 1000u32.saturating_mul(1 << attempt.min(5)).min(30_000);
        gloo_timers::callback::Timeout::new(delay, move || connect(live, since, attempt)).forget();
    }
}
