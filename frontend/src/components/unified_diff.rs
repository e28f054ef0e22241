//! A diff in unified form, shown line by line: added lines green, removed lines red, hunk and
//! header lines set apart.

use leptos::prelude::*;

/// How a line of a unified diff is shown: `added`, `removed`, `hunk`, `header` or `context`.
#[must_use]
pub fn diff_line_kind(line: &str) -> &'static str {
    if line.starts_with("+++") || line.starts_with("---") {
        "header"
    } else if line.starts_with('+') {
        "added"
    } else if line.starts_with('-') {
        "removed"
    } else if line.starts_with("@@") {
        "hunk"
    } else {
        "context"
    }
}

fn diff_line_class(kind: &str) -> &'static str {
    match kind {
        "added" => "block bg-emerald-50 text-emerald-900",
        "removed" => "block bg-red-50 text-red-900",
        "hunk" => "block bg-sky-50 text-sky-900",
        "header" => "block font-semibold text-slate-700",
        _ => "block text-slate-700",
    }
}

/// `diff` (unified form) in a scrolling block with test id `testid`; each line carries the test
/// id `diff-KIND`. An empty diff reads `same_text`.
#[component]
pub fn UnifiedDiff(
    /// The diff text.
    diff: String,
    /// The block's test id.
    testid: &'static str,
    /// What is said when there is no difference.
    same_text: &'static str,
) -> impl IntoView {
    if diff.is_empty() {
        return view! { <p data-testid=format!("{testid}-empty") class="text-sm text-slate-600">{same_text}</p> }.into_any();
    }
    view! {
        <pre data-testid=testid tabindex="0" class="max-h-[32rem] overflow-auto rounded-md border border-slate-200 bg-white p-2 font-mono text-xs leading-5">
            {diff
                .lines()
                .map(|line| {
                    let kind = diff_line_kind(line);
                    view! { <span data-testid=format!("diff-{kind}") class=diff_line_class(kind)>{format!("{line}\n")}</span> }
                })
                .collect_view()}
        </pre>
    }
    .into_any()
}
