//! The letter's live preview: its [`letter_blocks`] as paragraphs and lists, with the terms the
//! fact guard flagged in `<mark>`. Every piece of text is a text node: nothing typed becomes
//! markup.

use leptos::prelude::*;

use super::markdown::{Block, Inline, Line, letter_blocks};

/// One run of text.
fn inline_view(inline: Inline) -> AnyView {
    let class = match (inline.bold, inline.italic) {
        (true, true) => "font-bold italic",
        (true, false) => "font-bold",
        (false, true) => "italic",
        (false, false) => "",
    };
    let text = if inline.flagged {
        view! {
            <mark data-testid="letter-flagged-term" class=format!("rounded bg-amber-200 px-0.5 text-slate-900 {class}")>
                {inline.text}
            </mark>
        }
        .into_any()
    } else {
        view! { <span class=class>{inline.text}</span> }.into_any()
    };
    match inline.link {
        Some(address) => view! {
            <a href=address target="_blank" rel="noopener noreferrer" class="text-indigo-700 underline">{text}</a>
        }
        .into_any(),
        None => text,
    }
}

/// The runs of a line.
fn line_view(line: Line) -> impl IntoView {
    line.into_iter().map(inline_view).collect_view()
}

/// One block.
fn block_view(block: Block) -> AnyView {
    match block {
        Block::Paragraph(lines) => {
            let count = lines.len();
            view! {
                <p class="mt-3 first:mt-0">
                    {lines
                        .into_iter()
                        .enumerate()
                        .map(|(index, line)| view! {
                            {line_view(line)}
                            {(index + 1 < count).then(|| view! { <br /> })}
                        })
                        .collect_view()}
                </p>
            }
            .into_any()
        }
        Block::Bullets(items) => view! {
            <ul class="mt-3 list-disc space-y-0.5 pl-5 first:mt-0">
                {items.into_iter().map(|item| view! { <li>{line_view(item)}</li> }).collect_view()}
            </ul>
        }
        .into_any(),
    }
}

/// The preview of `text` with `terms` marked.
#[component]
pub fn LetterPreview(
    /// The letter's Markdown.
    #[prop(into)]
    text: Signal<String>,
    /// The flagged terms.
    #[prop(into)]
    terms: Signal<Vec<String>>,
) -> impl IntoView {
    view! {
        <section aria-labelledby="letter-preview-title" class="min-w-0">
            <h2 id="letter-preview-title" class="text-sm font-semibold text-slate-800">"Preview"</h2>
            <div
                data-testid="letter-preview"
                class="mt-2 min-h-40 rounded-md border border-slate-200 bg-white p-4 font-serif text-sm leading-relaxed break-words text-slate-900 shadow-sm"
            >
                {move || {
                    let blocks = terms.with(|terms| text.with(|text| letter_blocks(text, terms)));
                    if blocks.is_empty() {
                        view! { <p class="text-slate-500 italic">"The letter is empty."</p> }.into_any()
                    } else {
                        blocks.into_iter().map(block_view).collect_view().into_any()
                    }
                }}
            </div>
        </section>
    }
}
