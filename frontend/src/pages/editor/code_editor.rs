//! A code-style text area: monospace, no wrapping, a line-number gutter that scrolls with the
//! text, and Tab inserting spaces (Escape, then Tab, leaves the field, so the keyboard is never
//! trapped).

use leptos::html;
use leptos::prelude::*;
use web_sys::HtmlTextAreaElement;

/// What Tab inserts.
pub const INDENT: &str = "  ";
/// The height of one line in pixels (`leading-6`); the gutter and scrolling rely on it.
pub const LINE_HEIGHT_PX: i32 = 24;

/// The offset, in UTF-16 code units as the browser counts them, where 1-based `line` starts.
#[must_use]
pub fn line_start_offset(text: &str, line: usize) -> u32 {
    let mut offset = 0usize;
    for (index, content) in text.split('\n').enumerate() {
        if index + 1 >= line {
            break;
        }
        offset += content.encode_utf16().count() + 1;
    }
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// The gutter's text: the numbers 1 to the number of lines, one per line.
#[must_use]
pub fn gutter_text(text: &str) -> String {
    let lines = text.split('\n').count();
    (1..=lines)
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Puts the cursor at the start of `line`, focuses the text and scrolls the line into view.
pub fn jump_to_line(textarea: &HtmlTextAreaElement, line: usize) {
    let offset = line_start_offset(&textarea.value(), line);
    let _ = textarea.focus();
    let _ = textarea.set_selection_range(offset, offset);
    let line_index = i32::try_from(line.saturating_sub(1)).unwrap_or(i32::MAX);
    let visible_lines = textarea.client_height() / LINE_HEIGHT_PX;
    let top = (line_index - visible_lines / 3).max(0) * LINE_HEIGHT_PX;
    textarea.set_scroll_top(top);
}

/// The Markdown editor, bound to `value`. `textarea` lets the page move the cursor.
#[component]
pub fn CodeEditor(
    /// The text, both ways.
    value: RwSignal<String>,
    /// The text area element.
    textarea: NodeRef<html::Textarea>,
    /// The element id (the label points at it) and test id.
    #[prop(into)]
    id: String,
    /// Ids of elements that describe the field.
    #[prop(into, optional)]
    described_by: Option<String>,
) -> impl IntoView {
    let gutter = NodeRef::<html::Div>::new();
    let tab_leaves = StoredValue::new(false);
    let sync_scroll = move || {
        if let (Some(textarea), Some(gutter)) = (textarea.get_untracked(), gutter.get_untracked()) {
            gutter.set_scroll_top(textarea.scroll_top());
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        if key == "Escape" {
            tab_leaves.set_value(true);
            return;
        }
        if key != "Tab" {
            tab_leaves.set_value(false);
            return;
        }
        if ev.shift_key()
            || ev.ctrl_key()
            || ev.alt_key()
            || ev.meta_key()
            || tab_leaves.get_value()
        {
            tab_leaves.set_value(false);
            return;
        }
        let Some(area) = textarea.get_untracked() else {
            return;
        };
        ev.prevent_default();
        let start = area.selection_start().ok().flatten().unwrap_or(0);
        let end = area.selection_end().ok().flatten().unwrap_or(start);
        let _ = area.set_range_text_with_start_and_end_and_mode(INDENT, start, end, "end");
        value.set(area.value());
    };
    view! {
        <div class="flex h-[28rem] overflow-hidden rounded-md border border-slate-300 bg-white font-mono text-sm leading-6 shadow-sm focus-within:outline-2 focus-within:outline-indigo-600 lg:h-[36rem]">
            <div
                node_ref=gutter
                aria-hidden="true"
                data-testid="editor-gutter"
                class="shrink-0 overflow-hidden border-r border-slate-200 bg-slate-50 px-2 py-2 text-right text-slate-500 select-none"
            >
                <pre class="pb-8 font-mono text-sm leading-6">{move || value.with(|text| gutter_text(text))}</pre>
            </div>
            <textarea
                node_ref=textarea
                id=id.clone()
                data-testid=id
                aria-describedby=described_by
                wrap="off"
                spellcheck="false"
                autocapitalize="off"
                autocomplete="off"
                class="min-w-0 flex-1 resize-none overflow-auto bg-white px-3 py-2 font-mono text-sm leading-6 whitespace-pre text-slate-900 outline-none"
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:keydown=on_keydown
                on:scroll=move |_| sync_scroll()
            ></textarea>
        </div>
    }
}
