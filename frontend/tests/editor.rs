//! Logic of the resume editor that needs no page: cursor offsets and the line-number gutter,
//! diff line kinds and the conflict dialog's line diff, export queries and ranges, the Personal
//! form's tidying, the details request, the preview's date ranges, and the queue that keeps the
//! export options' writes in order.
//!
//! Runs under Node.js with `wasm-bindgen-test-runner`, like `web.rs`.

use resume_frontend::components::unified_diff::diff_line_kind;
use resume_frontend::diff::line_diff;
use resume_frontend::latest_wins::LatestWins;
use resume_frontend::pages::editor::code_editor::{gutter_text, line_start_offset};
use resume_frontend::pages::editor::details::Details;
use resume_frontend::pages::editor::export::{default_preferences, export_params, range_problem};
use resume_frontend::pages::editor::forms::fields::{
    inclusion_from_value, inclusion_value, non_blank,
};
use resume_frontend::pages::editor::forms::personal::tidy;
use resume_frontend::pages::editor::preview::{date_range, plain};
use resume_frontend::pages::editor::refine_path;
use resume_shared::api::Patch;
use resume_shared::date::YearMonth;
use resume_shared::resume::{Contact, Inclusion, Personal, Websites};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn line_offsets_count_utf16_units_and_newlines() {
    let text = "ab\ncdé\n😀x\nlast";
    assert_eq!(line_start_offset(text, 1), 0);
    assert_eq!(line_start_offset(text, 2), 3);
    assert_eq!(line_start_offset(text, 3), 7);
    // The emoji is two UTF-16 units.
    assert_eq!(line_start_offset(text, 4), 11);
    // Past the end: the end of the text.
    assert_eq!(line_start_offset("a\nb", 9), 4);
}

#[wasm_bindgen_test]
fn the_gutter_has_one_number_per_line() {
    assert_eq!(gutter_text(""), "1");
    assert_eq!(gutter_text("a\nb\n"), "1\n2\n3");
}

#[wasm_bindgen_test]
fn the_line_diff_shows_changes_with_two_lines_of_context() {
    let mine = "a\nb\nc\nd\ne\nf\ng\nh\ni\n";
    let theirs = "a\nb\nc\nd\ne\nF\ng\nh\ni\nj\n";
    assert_eq!(
        line_diff(mine, theirs, "mine", "theirs").as_deref(),
        Some("--- mine\n+++ theirs\n@@ 3 unchanged lines @@\n d\n e\n-f\n+F\n g\n h\n i\n+j\n")
    );
    assert_eq!(line_diff(mine, mine, "mine", "theirs").as_deref(), Some(""));
    assert_eq!(
        line_diff("", "x\n", "mine", "theirs").as_deref(),
        Some("--- mine\n+++ theirs\n+x\n")
    );
    let long = "line\n".repeat(2001);
    assert_eq!(line_diff(&long, "x", "mine", "theirs"), None);
}

#[wasm_bindgen_test]
fn diff_lines_are_classified_by_their_prefix() {
    assert_eq!(diff_line_kind("+++ b"), "header");
    assert_eq!(diff_line_kind("--- a"), "header");
    assert_eq!(diff_line_kind("+Phone: 1"), "added");
    assert_eq!(diff_line_kind("-Phone: 1"), "removed");
    assert_eq!(diff_line_kind("@@ -1,3 +1,4 @@"), "hunk");
    assert_eq!(diff_line_kind(" Name: A"), "context");
}

#[wasm_bindgen_test]
fn export_queries_carry_every_option_and_ranges_are_checked() {
    let mut preferences = default_preferences();
    let params = export_params(&preferences);
    assert!(params.contains(&("format", "docx-ats".to_owned())));
    assert!(params.contains(&("include_education", "true".to_owned())));
    assert!(!params.iter().any(|(name, _)| *name == "from"));
    preferences.from = Some("2021-05".to_owned());
    preferences.to = Some("2020-01".to_owned());
    assert!(export_params(&preferences).contains(&("from", "2021-05".to_owned())));
    assert!(range_problem(&preferences).is_some());
    preferences.to = Some("2021-05".to_owned());
    assert!(range_problem(&preferences).is_none());
}

#[wasm_bindgen_test]
fn inclusion_values_round_trip() {
    for inclusion in [Inclusion::Include, Inclusion::NotRelevant, Inclusion::Omit] {
        assert_eq!(inclusion_from_value(inclusion_value(inclusion)), inclusion);
    }
    assert_eq!(non_blank("  ".to_owned()), None);
    assert_eq!(non_blank(" a ".to_owned()), Some("a".to_owned()));
}

#[wasm_bindgen_test]
fn the_personal_form_drops_empty_groups() {
    assert_eq!(tidy(Personal::default()), None);
    let personal = Personal {
        contact: Some(Contact {
            name: "Riley".to_owned(),
            ..Contact::default()
        }),
        websites: Some(Websites::default()),
        ..Personal::default()
    };
    let tidied = tidy(personal).expect("a contact remains");
    assert_eq!(tidied.websites, None);
    assert_eq!(tidied.contact.map(|c| c.name), Some("Riley".to_owned()));
}

#[wasm_bindgen_test]
fn details_clear_what_is_empty_and_touch_job_fields_only_when_tailored() {
    let details = Details {
        company: Some("Globex".to_owned()),
        ..Details::default()
    };
    let base = details.request(4, false);
    assert_eq!(base.version, 4);
    assert_eq!(base.company, Patch::Set("Globex".to_owned()));
    assert_eq!(base.notes, Patch::Clear);
    assert_eq!(base.job_description, Patch::Unchanged);
    let tailored = details.request(4, true);
    assert_eq!(tailored.job_description, Patch::Clear);
    assert_eq!(tailored.job_details, Patch::Clear);
    assert_eq!(base.content, None);
}

#[wasm_bindgen_test]
fn preview_dates_and_emphasis() {
    let start = YearMonth::new(2020, 3).ok();
    let end = YearMonth::new(2022, 1).ok();
    assert_eq!(date_range(start, None, "Present"), "March 2020 – Present");
    assert_eq!(
        date_range(start, end, "Present"),
        "March 2020 – January 2022"
    );
    assert_eq!(date_range(None, None, "Present"), "");
    assert_eq!(plain("**Bold** and *italic*"), "Bold and italic");
    assert_eq!(refine_path("abc"), "/resumes/abc/refine");
}

#[wasm_bindgen_test]
fn moving_an_item_shifts_the_ones_between() {
    use resume_frontend::pages::editor::forms::collection::moved_order;
    assert_eq!(moved_order(4, 0, 2), vec![1, 2, 0, 3]);
    assert_eq!(moved_order(4, 3, 0), vec![3, 0, 1, 2]);
    assert_eq!(moved_order(2, 1, 0), vec![1, 0]);
    assert_eq!(moved_order(2, 5, 0), vec![0, 1]);
}

#[wasm_bindgen_test]
fn arrow_keys_move_between_the_panes_and_wrap() {
    use resume_frontend::pages::editor::Tab;
    assert_eq!(Tab::Text.step(1), Tab::Sections);
    assert_eq!(Tab::Text.step(-1), Tab::History);
    assert_eq!(Tab::History.step(1), Tab::Text);
}

#[wasm_bindgen_test]
fn latest_wins_sends_one_at_a_time_and_only_the_newest_waiting_value() {
    let mut queue = LatestWins::default();
    // Nothing on its way: sent at once.
    assert_eq!(queue.offer("docx-ats"), Some("docx-ats"));
    // On its way: the next values wait, and a newer one replaces an older one.
    assert_eq!(queue.offer("markdown"), None);
    assert_eq!(queue.offer("docx-plain"), None);
    // The first answered: the newest waiting value goes next, then nothing is left.
    assert_eq!(queue.finished(), Some("docx-plain"));
    assert_eq!(queue.finished(), None);
    // Idle again: the next value is sent at once.
    assert_eq!(queue.offer("markdown"), Some("markdown"));
    assert_eq!(queue.finished(), None);
}
