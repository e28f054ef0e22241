//! Logic of the cover letter screens that needs no page: the drafting job's state built from
//! its events (including a resumed run), the progress stages of any job, the write form's
//! request and resume order, the letter's Markdown as the preview reads it (flagged terms
//! marked, markup kept as text, unsafe links dropped), the save request, the fact guard's
//! wording and the addresses of the API and of the write page.
//!
//! Runs like `web.rs`, under Node.js with `wasm-bindgen-test-runner`.

#![expect(
    clippy::unwrap_used,
    reason = "wasm-bindgen tests are not `#[test]`s: a panic is the failure"
)]

use resume_frontend::api::cover_letters::{draft_events_url, letter_export_url};
use resume_frontend::fact_flags::flag_text;
use resume_frontend::jobs::stages::{StageState, stage_message, stage_state};
use resume_frontend::pages::cover_letters::draft::{DraftRun, LETTER_STAGES};
use resume_frontend::pages::cover_letters::markdown::{
    Block, Inline, inlines, letter_blocks, mark_terms, safe_address,
};
use resume_frontend::pages::cover_letters::new_letter::write_page_href;
use resume_frontend::pages::cover_letters::revisions::reason_label;
use resume_frontend::pages::cover_letters::state::{LetterFields, update_request};
use resume_frontend::pages::cover_letters::write_form::{
    initial_resume, job_description_hint, resume_choices, start_request,
};
use resume_shared::api::cover_letters::{
    CoverLetterResponse, LetterFormat, LetterLength, LetterTone,
};
use resume_shared::api::refinements::{
    EventKind, FactFlag, FlagField, FlagKind, ProgressEvent, RefinementStatus, Stage,
};
use resume_shared::api::resumes::{ResumeKind, ResumeSummary};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn the_drafting_state_follows_its_events_across_a_resumed_run() {
    let mut run = DraftRun::default();
    assert_eq!(run.status_text().1, "queued");
    run.apply(
        EventKind::Progress,
        1,
        r#"{"stage":"parse","message":"Reading the resume"}"#,
    )
    .unwrap();
    run.apply(
        EventKind::Analysis,
        2,
        r#"{"key_skills":[],"primary_duties":[],"themes":[],"inferred_themes":[],"job_details":{}}"#,
    )
    .unwrap();
    run.apply(
        EventKind::Progress,
        3,
        r#"{"stage":"letter","message":"Writing"}"#,
    )
    .unwrap();
    assert_eq!(run.status_text().1, "running");
    run.apply(
        EventKind::Error,
        4,
        r#"{"message":"The model did not answer","retryable":true}"#,
    )
    .unwrap();
    run.apply(EventKind::Done, 5, r#"{"status":"failed"}"#)
        .unwrap();
    assert!(!run.is_running());
    assert!(run.can_retry());
    assert_eq!(
        run.stop_reason().as_deref(),
        Some("The model did not answer")
    );
    assert_eq!(run.letter_id(), None);

    // The resumed run clears the error with its first event.
    run.apply(
        EventKind::Progress,
        6,
        r#"{"stage":"letter","message":"Writing again"}"#,
    )
    .unwrap();
    assert!(run.is_running());
    assert_eq!(run.error, None);
    assert_eq!(run.stop_reason(), None);
    run.apply(
        EventKind::Letter,
        7,
        r#"{"letter_id":"l-1","text":"Dear Sam","flags":[{"kind":"unverified","term":"40%","field":"letter"}]}"#,
    )
    .unwrap();
    run.apply(EventKind::Done, 8, r#"{"status":"succeeded"}"#)
        .unwrap();
    assert_eq!(run.letter_id().as_deref(), Some("l-1"));
    assert_eq!(run.status_text().1, "succeeded");
    assert!(!run.can_retry());
    assert_eq!(run.last_event_id, 8);
    assert!(run.apply(EventKind::Letter, 9, "not json").is_err());
    assert_eq!(run.last_event_id, 8);
}

#[wasm_bindgen_test]
fn a_failure_that_says_retrying_will_not_help_offers_no_retry() {
    let mut run = DraftRun::default();
    run.apply(
        EventKind::Error,
        1,
        r#"{"message":"The resume has no roles","retryable":false}"#,
    )
    .unwrap();
    run.apply(EventKind::Done, 2, r#"{"status":"failed"}"#)
        .unwrap();
    assert!(!run.can_retry());
    let mut cancelled = DraftRun::default();
    cancelled
        .apply(EventKind::Done, 1, r#"{"status":"cancelled"}"#)
        .unwrap();
    assert!(cancelled.can_retry());
    assert_eq!(cancelled.stop_reason().as_deref(), Some("Cancelled."));
}

fn progress(stage: Stage, message: &str) -> ProgressEvent {
    ProgressEvent {
        stage,
        message: message.to_owned(),
    }
}

#[wasm_bindgen_test]
fn the_letter_stages_are_placed_by_the_latest_progress() {
    let events = vec![
        progress(Stage::Parse, "Reading"),
        progress(Stage::Analysis, "Analysing"),
    ];
    let state = |stage, ended| stage_state(&LETTER_STAGES, &events, ended, stage);
    assert_eq!(state(Stage::Parse, None), StageState::Done);
    assert_eq!(state(Stage::Analysis, None), StageState::Active);
    assert_eq!(state(Stage::Letter, None), StageState::Waiting);
    assert_eq!(
        state(Stage::Analysis, Some(RefinementStatus::Cancelled)),
        StageState::Stopped
    );
    assert_eq!(
        state(Stage::Letter, Some(RefinementStatus::Succeeded)),
        StageState::Done
    );
    // A stage the job does not have is never reached.
    assert_eq!(state(Stage::Roles, None), StageState::Waiting);
    assert_eq!(
        stage_message(&events, Stage::Parse).as_deref(),
        Some("Reading")
    );
    assert_eq!(stage_message(&events, Stage::Letter), None);
}

fn resume(id: &str, kind: ResumeKind) -> ResumeSummary {
    ResumeSummary {
        id: id.to_owned(),
        name: id.to_owned(),
        kind,
        parent: None,
        company: None,
        notes: None,
        version: 1,
        created_at: String::new(),
        updated_at: String::new(),
    }
}

#[wasm_bindgen_test]
fn the_form_offers_tailored_resumes_first_and_sends_only_what_is_filled() {
    let ordered = resume_choices(vec![
        resume("b1", ResumeKind::Base),
        resume("t1", ResumeKind::Tailored),
        resume("b2", ResumeKind::Base),
        resume("t2", ResumeKind::Tailored),
    ]);
    let ids: Vec<&str> = ordered.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["t1", "t2", "b1", "b2"]);
    assert_eq!(initial_resume(&ordered, Some("b2")).as_deref(), Some("b2"));
    assert_eq!(
        initial_resume(&ordered, Some("gone")).as_deref(),
        Some("t1")
    );
    assert_eq!(initial_resume(&ordered, None).as_deref(), Some("t1"));
    assert_eq!(initial_resume(&[], Some("b2")), None);
    assert!(job_description_hint(Some(ResumeKind::Tailored)).starts_with("Optional"));
    assert!(job_description_hint(Some(ResumeKind::Base)).starts_with("Required"));

    let request = start_request(
        "  ",
        " Initech ",
        "",
        LetterTone::Warm,
        LetterLength::HalfPage,
    );
    assert_eq!(request.job_description, None);
    assert_eq!(request.company.as_deref(), Some("Initech"));
    assert_eq!(request.contact, None);
    let json = serde_json::to_string(&request).unwrap();
    assert_eq!(
        json,
        r#"{"company":"Initech","tone":"warm","length":"half_page"}"#
    );
}

fn plain(text: &str) -> Inline {
    Inline {
        text: text.to_owned(),
        ..Inline::default()
    }
}

#[wasm_bindgen_test]
fn the_letter_reads_as_paragraphs_lines_and_bullets() {
    let blocks = letter_blocks(
        "Dear Sam,\n\nI led **billing** work:\n- cut costs\n- shipped *fast*\n  and well\n\nKind regards,\nJane",
        &[],
    );
    assert_eq!(blocks.len(), 4);
    assert_eq!(blocks[0], Block::Paragraph(vec![vec![plain("Dear Sam,")]]));
    let Block::Paragraph(lines) = &blocks[1] else {
        panic!("a paragraph");
    };
    assert_eq!(lines[0][1].text, "billing");
    assert!(lines[0][1].bold);
    let Block::Bullets(items) = &blocks[2] else {
        panic!("a list");
    };
    assert_eq!(items.len(), 2);
    assert_eq!(items[0], vec![plain("cut costs")]);
    assert_eq!(items[1][1].text, "fast");
    assert!(items[1][1].italic);
    assert_eq!(items[1][2].text, " and well");
    assert_eq!(
        blocks[3],
        Block::Paragraph(vec![vec![plain("Kind regards,")], vec![plain("Jane")]])
    );
    assert!(letter_blocks("\n \n", &[]).is_empty());
}

#[wasm_bindgen_test]
fn markup_stays_text_and_only_safe_links_link() {
    let line = inlines(
        "<script>alert(1)</script> & [site](https://example.com/a?b=1) [x](javascript:alert(1))",
        &[],
    );
    assert_eq!(line[0].text, "<script>alert(1)</script> & ");
    assert_eq!(line[0].link, None);
    assert_eq!(line[1].text, "site");
    assert_eq!(line[1].link.as_deref(), Some("https://example.com/a?b=1"));
    let unsafe_link = line
        .iter()
        .find(|inline| inline.text.starts_with('x'))
        .unwrap();
    assert_eq!(unsafe_link.link, None);
    assert!(safe_address("mailto:sam@initech.example"));
    assert!(safe_address("HTTPS://EXAMPLE.COM"));
    assert!(!safe_address("javascript:alert(1)"));
    assert!(!safe_address("data:text/html,<b>"));
    // Brackets that are not a link are text.
    assert_eq!(inlines("[draft] (2)", &[]), vec![plain("[draft] (2)")]);
}

#[wasm_bindgen_test]
fn flagged_terms_are_marked_wherever_they_occur() {
    let terms = vec![
        "40%".to_owned(),
        "Globex".to_owned(),
        "Globex Corp".to_owned(),
    ];
    assert_eq!(
        mark_terms("Cut costs by 40% at Globex Corp, then Globex.", &terms),
        vec![
            ("Cut costs by ".to_owned(), false),
            ("40%".to_owned(), true),
            (" at ".to_owned(), false),
            ("Globex Corp".to_owned(), true),
            (", then ".to_owned(), false),
            ("Globex".to_owned(), true),
            (".".to_owned(), false),
        ]
    );
    assert_eq!(
        mark_terms("<b>40%</b>", &["40%".to_owned(), " ".to_owned()]),
        vec![
            ("<b>".to_owned(), false),
            ("40%".to_owned(), true),
            ("</b>".to_owned(), false),
        ]
    );
    let line = inlines("**Saved 40%** of <i>costs</i>", &terms);
    let marked: Vec<&Inline> = line.iter().filter(|inline| inline.flagged).collect();
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0].text, "40%");
    assert!(marked[0].bold);
    assert!(
        line.iter()
            .any(|inline| inline.text.contains("<i>costs</i>"))
    );
}

fn letter() -> CoverLetterResponse {
    CoverLetterResponse {
        id: "l-1".to_owned(),
        resume_id: "r-1".to_owned(),
        resume_name: "Jane".to_owned(),
        name: "Cover letter – Initech".to_owned(),
        company: Some("Initech".to_owned()),
        contact: None,
        job_title: None,
        tone: Some(LetterTone::Formal),
        length: Some(LetterLength::OnePage),
        content: "Dear Sam,".to_owned(),
        version: 3,
        flags: vec![],
        draft_id: None,
        created_at: String::new(),
        updated_at: String::new(),
    }
}

#[wasm_bindgen_test]
fn the_save_request_holds_only_the_changes_and_the_version() {
    let saved = letter();
    let unchanged = LetterFields::of(&saved);
    assert_eq!(update_request(&saved, &unchanged), None);
    let padded = LetterFields {
        name: format!(" {} ", saved.name),
        ..unchanged.clone()
    };
    assert_eq!(
        update_request(&saved, &padded),
        None,
        "spaces around a name are no change"
    );
    let edited = LetterFields {
        company: String::new(),
        contact: " Sam Lee ".to_owned(),
        content: "Dear Sam Lee,".to_owned(),
        ..unchanged
    };
    let request = update_request(&saved, &edited).unwrap();
    assert_eq!(request.version, 3);
    assert_eq!(request.name, None);
    assert_eq!(
        request.company.as_deref(),
        Some(""),
        "a blank company clears it"
    );
    assert_eq!(request.contact.as_deref(), Some("Sam Lee"));
    assert_eq!(request.content.as_deref(), Some("Dear Sam Lee,"));
}

#[wasm_bindgen_test]
fn a_letter_flag_says_the_resume_lacks_the_term() {
    let flag = FactFlag {
        kind: FlagKind::Unverified,
        term: "40%".to_owned(),
        field: FlagField::Letter,
    };
    assert_eq!(flag_text(&flag), "“40%” is not in the resume: check it");
    assert_eq!(reason_label("drafted"), "Written by the assistant");
    assert_eq!(reason_label("imported"), "imported");
}

#[wasm_bindgen_test]
fn the_addresses_of_drafts_downloads_and_the_write_page() {
    assert_eq!(
        draft_events_url("d-1", None),
        "/api/v1/cover-letter-drafts/d-1/events"
    );
    assert_eq!(
        draft_events_url("d-1", Some(0)),
        "/api/v1/cover-letter-drafts/d-1/events"
    );
    assert_eq!(
        draft_events_url("d-1", Some(7)),
        "/api/v1/cover-letter-drafts/d-1/events?last_event_id=7"
    );
    assert_eq!(
        letter_export_url("l-1", LetterFormat::Pdf, "modern"),
        "/api/v1/cover-letters/l-1/export?format=pdf&template=modern"
    );
    assert_eq!(
        letter_export_url("l-1", LetterFormat::Docx, "classic"),
        "/api/v1/cover-letters/l-1/export?format=docx&template=classic"
    );
    assert_eq!(
        letter_export_url("l-1", LetterFormat::Markdown, "compact"),
        "/api/v1/cover-letters/l-1/export?format=markdown"
    );
    assert_eq!(write_page_href(None, None), "/cover-letters/new");
    assert_eq!(
        write_page_href(Some("r-1"), Some("d 1")),
        "/cover-letters/new?resume=r-1&draft=d%201"
    );
    assert_eq!(
        write_page_href(None, Some("d-1")),
        "/cover-letters/new?draft=d-1"
    );
}
