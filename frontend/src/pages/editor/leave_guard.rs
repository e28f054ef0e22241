//! Asks before leaving a page with unsaved changes: the browser's own prompt when the tab
//! closes or reloads (`beforeunload`), and a confirmation before following a link inside the
//! app or going back or forward in the tab's history.
//!
//! A link click is caught by a click listener on the window in the capture phase, which runs
//! before the router's; a declined one is stopped there. The Back and Forward buttons move the
//! address before `popstate` is announced on the window, where listeners run in the order they
//! were added whatever their phase; so [`install_history_guard`] adds one before the router
//! exists, and it hands the event to the guard of the page on screen, if any. A declined step
//! is stopped before the router sees it and the page's address is pushed back; an accepted one
//! is announced again for the router.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast as _;
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;

/// The question asked before unsaved changes are left behind.
pub const LEAVE_QUESTION: &str = "You have unsaved changes. Leave this page and lose them?";

/// Whether a click on `target` follows a link to another address.
fn leaves_page(target: &web_sys::EventTarget) -> bool {
    let Some(element) = target.dyn_ref::<web_sys::Element>() else {
        return false;
    };
    let Ok(Some(anchor)) = element.closest("a[href]") else {
        return false;
    };
    let Some(anchor) = anchor.dyn_ref::<web_sys::HtmlAnchorElement>() else {
        return false;
    };
    if anchor.has_attribute("download") {
        return false;
    }
    let here = window().location().href().unwrap_or_default();
    let there = anchor.href();
    let strip_hash = |url: &str| url.split('#').next().unwrap_or_default().to_owned();
    strip_hash(&here) != strip_hash(&there)
}

/// What the page on screen does with a `popstate` event before the router sees it.
type HistoryGuard = Rc<dyn Fn(&web_sys::Event)>;

thread_local! {
    /// The guard of the page on screen, while it has one.
    static HISTORY_GUARD: RefCell<Option<HistoryGuard>> = const { RefCell::new(None) };
}

/// Adds the page-wide `popstate` listener that hands each event to the current page's guard.
/// Call it once, before the router is created, so that it runs before the router's listener.
pub fn install_history_guard() {
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        let guard = HISTORY_GUARD.with(|guard| guard.borrow().clone());
        if let Some(guard) = guard {
            guard(&ev);
        }
    });
    let _ =
        window().add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
    // It lives as long as the page.
    listener.forget();
}

/// Guards navigation while `dirty` is true, for as long as the calling component lives.
pub fn guard_unsaved_changes(dirty: Signal<bool>) {
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if dirty.get_untracked() {
            ev.prevent_default();
            ev.set_return_value("");
        }
    });
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if ev.button() != 0 || !dirty.try_get_untracked().unwrap_or(false) {
            return;
        }
        let Some(target) = ev.target() else {
            return;
        };
        if leaves_page(&target) && !confirm_leaving() {
            ev.prevent_default();
            ev.stop_propagation();
        }
    });
    let listener: js_sys::Function = on_click
        .as_ref()
        .unchecked_ref::<js_sys::Function>()
        .clone();
    let _ = window().add_event_listener_with_callback_and_bool("click", &listener, true);
    let history_guard = history_step_guard(dirty);
    HISTORY_GUARD.with(|guard| *guard.borrow_mut() = Some(Rc::clone(&history_guard)));
    let keep = send_wrapper::SendWrapper::new((on_click, listener, history_guard));
    on_cleanup(move || {
        unload.remove();
        let (on_click, listener, history_guard) = keep.take();
        // Only this page's own guard: the next page may have set its guard already.
        HISTORY_GUARD.with(|guard| {
            let mut guard = guard.borrow_mut();
            if guard
                .as_ref()
                .is_some_and(|current| Rc::ptr_eq(current, &history_guard))
            {
                *guard = None;
            }
        });
        let _ = window().remove_event_listener_with_callback_and_bool("click", &listener, true);
        drop(on_click);
    });
}

/// Asks whether to leave with the changes unsaved; true when the user agrees.
pub fn confirm_leaving() -> bool {
    window()
        .confirm_with_message(LEAVE_QUESTION)
        .unwrap_or(true)
}

/// The history guard: while `dirty`, asks before the router follows a Back or Forward step.
/// Declined, the page's own address goes back on top of the history; accepted, the event is
/// announced again and let through to the router.
fn history_step_guard(dirty: Signal<bool>) -> HistoryGuard {
    let location = use_location();
    let letting_through = Cell::new(false);
    Rc::new(move |ev: &web_sys::Event| {
        if letting_through.replace(false) || !dirty.try_get_untracked().unwrap_or(false) {
            return;
        }
        ev.stop_immediate_propagation();
        if confirm_leaving() {
            letting_through.set(true);
            if let Ok(again) = web_sys::Event::new("popstate") {
                let _ = window().dispatch_event(&again);
            }
            return;
        }
        // The router has not seen the step, so its location is still this page's.
        let search = location.search.get_untracked();
        let page = format!(
            "{}{}{search}{}",
            location.pathname.get_untracked(),
            if search.is_empty() { "" } else { "?" },
            location.hash.get_untracked()
        );
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&page));
        }
    })
}
