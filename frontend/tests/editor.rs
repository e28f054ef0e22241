//! Logic of the resume editor that needs no page: cursor offsets and the line-number gutter,
//! diff line kinds and the conflict dialog's line diff, the export dialog's choices (queries,
//! restored and locale defaults, option checks, section order), the Personal form's tidying,
//! the details request, the preview's date ranges and emphasis, and the queue that keeps the
//! export options' writes in order.
//!
//! Runs under Node.js with `wasm-bindgen-test-runner`, like `web.rs`.

use resume_frontend::components::unified_diff::diff_line_kind;
use resume_frontend::diff::line_diff;
use resume_frontend::latest_wins::LatestWins;
use resume_frontend::pages::editor::code_editor::{gutter_text, line_start_offset};
use resume_frontend::pages::editor::details::Details;
use resume_frontend::pages::editor::export::choices::{
    default_preferences, document_params, export_params, number_problem, paper_for_locale, problem,
    range_problem, restored, section_order, set_design_value, toggle_section,
};
use resume_frontend::pages::editor::export::page_height;
use resume_frontend::pages::editor::forms::fields::{
    inclusion_from_value, inclusion_value, non_blank,
};
use resume_frontend::pages::editor::forms::personal::tidy;
use resume_frontend::pages::editor::preview::{Styled, date_range, emphasis};
use resume_frontend::pages::editor::refine_path;
use resume_shared::api::Patch;
use resume_shared::api::resumes::ExportPreferences;
use resume_shared::api::templates::{TemplateInfo, TemplateOption, TemplateOptionKind};
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
    let mut preferences = restored(None, "letter");
    assert_eq!(preferences.template.as_deref(), Some("modern"));
    let params = export_params(&preferences, "pdf", true);
    assert!(params.contains(&("format", "pdf".to_owned())));
    assert!(params.contains(&("template", "modern".to_owned())));
    assert!(params.contains(&("paper", "letter".to_owned())));
    assert!(params.contains(&("include_education", "true".to_owned())));
    // No range: both months named and empty, so the remembered range cannot apply.
    assert!(params.contains(&("from", String::new())));
    assert!(params.contains(&("to", String::new())));
    // The design options go only with a design; a page image names no format.
    assert!(
        !export_params(&preferences, "docx", false)
            .iter()
            .any(|(name, _)| *name == "paper")
    );
    assert!(
        !document_params(&preferences, "classic", true)
            .iter()
            .any(|(name, _)| *name == "format")
    );
    assert!(set_design_value(
        &mut preferences.design,
        "accent",
        "#aa0000".to_owned()
    ));
    assert!(!set_design_value(
        &mut preferences.design,
        "shadow",
        "yes".to_owned()
    ));
    assert!(
        document_params(&preferences, "classic", true).contains(&("accent", "#aa0000".to_owned()))
    );
    preferences.from = Some("2021-05".to_owned());
    preferences.to = Some("2020-01".to_owned());
    assert!(
        export_params(&preferences, "markdown", false).contains(&("from", "2021-05".to_owned()))
    );
    assert!(range_problem(&preferences).is_some());
    assert!(problem(&preferences, None).is_some());
    preferences.to = Some("2021-05".to_owned());
    assert!(range_problem(&preferences).is_none());
}

#[wasm_bindgen_test]
fn remembered_choices_are_restored_in_todays_terms() {
    // Older choices name an original layout by format, and have no page size.
    let old = ExportPreferences {
        format: "docx-plain".to_owned(),
        ..default_preferences()
    };
    let old = ExportPreferences {
        template: None,
        ..old
    };
    let restored_old = restored(Some(old), "a4");
    assert_eq!(restored_old.format, "docx");
    assert_eq!(restored_old.template.as_deref(), Some("original-plain"));
    assert_eq!(restored_old.design.paper.as_deref(), Some("a4"));
    // A remembered page size wins over the locale's.
    let mut letter = default_preferences();
    letter.design.paper = Some("letter".to_owned());
    assert_eq!(
        restored(Some(letter), "a4").design.paper.as_deref(),
        Some("letter")
    );
    let markdown = ExportPreferences {
        format: "markdown".to_owned(),
        template: None,
        ..default_preferences()
    };
    assert_eq!(
        restored(Some(markdown), "a4").template.as_deref(),
        Some("original-ats")
    );
}

#[wasm_bindgen_test]
fn the_page_size_follows_the_locale() {
    for tag in [
        "en-US",
        "en-CA",
        "fr-CA",
        "es-MX",
        "es-CO",
        "es-CL",
        "es-VE",
        "es-GT",
        "fil-PH",
        "en-PH",
        "en_us",
        "es-419-MX",
    ] {
        assert_eq!(paper_for_locale(tag), "letter", "{tag}");
    }
    for tag in [
        "en-GB",
        "de-DE",
        "fr-FR",
        "es-ES",
        "es-419",
        "en",
        "",
        "zh-Hant-TW",
        "pt-BR",
        "en-AU",
    ] {
        assert_eq!(paper_for_locale(tag), "a4", "{tag}");
    }
    assert_eq!(page_height(240, "a4"), 339);
    assert_eq!(page_height(240, "letter"), 311);
}

fn number_option() -> TemplateOption {
    TemplateOption {
        name: "font_size".to_owned(),
        description: "Body text size in points.".to_owned(),
        kind: TemplateOptionKind::Number,
        values: Vec::new(),
        min: Some(8.0),
        max: Some(14.0),
        step: Some(0.5),
        default: "10".to_owned(),
    }
}

#[wasm_bindgen_test]
fn numbers_are_checked_against_the_range_and_steps() {
    let option = number_option();
    assert_eq!(number_problem(&option, "10.5"), None);
    assert_eq!(number_problem(&option, "8"), None);
    assert_eq!(number_problem(&option, "14"), None);
    assert_eq!(
        number_problem(&option, "10.3").as_deref(),
        Some("Font size (pt): use 8 to 14 in steps of 0.5.")
    );
    assert!(number_problem(&option, "15").is_some());
    assert!(number_problem(&option, "").is_some());
    assert!(number_problem(&option, "10x").is_some());
    let margin = TemplateOption {
        name: "margin".to_owned(),
        min: Some(0.5),
        max: Some(0.75),
        step: Some(0.05),
        ..number_option()
    };
    assert_eq!(number_problem(&margin, "0.65"), None);
    assert_eq!(number_problem(&margin, "0.6"), None);
    assert!(number_problem(&margin, "0.62").is_some());
    let template = TemplateInfo {
        name: "modern".to_owned(),
        description: String::new(),
        formats: vec!["pdf".to_owned(), "docx".to_owned()],
        options: vec![option],
        target_pages: None,
    };
    let mut preferences = default_preferences();
    assert_eq!(problem(&preferences, Some(&template)), None);
    preferences.design.font_size = Some("20".to_owned());
    assert!(problem(&preferences, Some(&template)).is_some());
}

#[wasm_bindgen_test]
fn sections_keep_their_order_when_ticked_and_unticked() {
    let values: Vec<String> = ["summary", "experience", "projects", "education"]
        .map(str::to_owned)
        .to_vec();
    assert_eq!(
        section_order(&values, "summary,experience,projects,education"),
        values
    );
    let order = section_order(&values, "education,summary");
    assert_eq!(order, ["education", "summary", "experience", "projects"]);
    assert_eq!(
        toggle_section(&order, "education,summary", "projects", true),
        "education,summary,projects"
    );
    assert_eq!(
        toggle_section(&order, "education,summary", "education", false),
        "summary"
    );
    assert_eq!(toggle_section(&order, "", "summary", false), "");
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
    assert_eq!(refine_path("abc"), "/resumes/abc/refine");
}

fn piece(text: &str, bold: bool, italic: bool) -> Styled {
    Styled {
        text: text.to_owned(),
        bold,
        italic,
    }
}

#[wasm_bindgen_test]
fn the_preview_shows_bold_and_italic() {
    assert_eq!(
        emphasis("**Bold** and *italic*"),
        [
            piece("Bold", true, false),
            piece(" and ", false, false),
            piece("italic", false, true)
        ]
    );
    assert_eq!(emphasis("***both***"), [piece("both", true, true)]);
    assert_eq!(
        emphasis("*a **b** c*"),
        [
            piece("a ", false, true),
            piece("b", true, true),
            piece(" c", false, true)
        ]
    );
    assert_eq!(
        emphasis("__bold__ _it_"),
        [
            piece("bold", true, false),
            piece(" ", false, false),
            piece("it", false, true)
        ]
    );
    // Markers that close nothing, or sit inside a word (`_`) or before a space, stay as typed.
    for literal in [
        "5 * 3 = 15",
        "snake_case_name",
        "a ** b",
        "**open",
        "*",
        "",
        "x*",
    ] {
        assert_eq!(
            emphasis(literal),
            if literal.is_empty() {
                vec![]
            } else {
                vec![piece(literal, false, false)]
            },
            "{literal}"
        );
    }
    assert_eq!(
        emphasis("Café *crème*"),
        [piece("Café ", false, false), piece("crème", false, true)]
    );
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
    assert_eq!(Tab::Text.step(-1), Tab::Share);
    assert_eq!(Tab::History.step(1), Tab::Share);
    assert_eq!(Tab::Share.step(1), Tab::Text);
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
