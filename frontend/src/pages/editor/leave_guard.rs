//! Asks before leaving a page with unsaved changes: the browser's own prompt when the tab
//! closes or reloads (`beforeunload`), and a confirmation before following a link inside the
//! app (a click listener in the capture phase, which runs before the router's).

use leptos::prelude::*;
use wasm_bindgen::JsCast as _;
use wasm_bindgen::closure::Closure;

/// The question asked before an in-app link is followed.
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
        if leaves_page(&target)
            && !window()
                .confirm_with_message(LEAVE_QUESTION)
                .unwrap_or(true)
        {
            ev.prevent_default();
            ev.stop_propagation();
        }
    });
    let listener: js_sys::Function = on_click
        .as_ref()
        .unchecked_ref::<js_sys::Function>()
        .clone();
    let _ = window().add_event_listener_with_callback_and_bool("click", &listener, true);
    let keep = send_wrapper::SendWrapper::new((on_click, listener));
    on_cleanup(move || {
        unload.remove();
        let (on_click, listener) = keep.take();
        let _ = window().remove_event_listener_with_callback_and_bool("click", &listener, true);
        drop(on_click);
    });
}
