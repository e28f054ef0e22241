//! Logic of the refine page that needs no page: the word diff, the job state built from its
//! events (including the replay of a resumed job), the start form's checks and the apply
//! request.
//!
//! Runs like `web.rs`, under Node.js with `wasm-bindgen-test-runner`.

#![expect(
    clippy::unwrap_used,
    reason = "wasm-bindgen tests are not `#[test]`s: a panic is the failure"
)]

use resume_frontend::diff::{Change, is_flagged, word_diff};
use resume_frontend::pages::refine::decision::{apply_request, default_name, replace_consequence};
use resume_frontend::pages::refine::form::start_request;
use resume_frontend::pages::refine::run::{
    ActivityLine, RoleOutcome, RunView, StageState, activity,
};
use resume_shared::api::refinements::{
    ApplyMode, EventKind, ProgressEvent, RefinementStatus, Stage,
};
use wasm_bindgen_test::wasm_bindgen_test;

fn changes(pieces: &[resume_frontend::diff::Piece]) -> Vec<(&str, Change)> {
    pieces.iter().map(|p| (p.text.as_str(), p.change)).collect()
}

#[wasm_bindgen_test]
fn the_word_diff_marks_removed_and_added_words() {
    let (left, right) = word_diff(
        "Built billing services\nRan upgrades",
        "Built reliable billing services\nRan upgrades",
    );
    assert_eq!(
        changes(&left),
        vec![
            ("Built", Change::Same),
            ("billing", Change::Same),
            ("services", Change::Same),
            ("\n", Change::LineBreak),
            ("Ran", Change::Same),
            ("upgrades", Change::Same),
        ]
    );
    assert_eq!(changes(&right)[1], ("reliable", Change::Added));
    let (left, right) = word_diff("old words", "");
    assert!(left.iter().all(|p| p.change == Change::Removed));
    assert!(right.is_empty());
    assert!(is_flagged("45%,", &["45%".to_owned()]));
    assert!(is_flagged(
        "Corporation",
        &["Globex Corporation".to_owned()]
    ));
    assert!(!is_flagged("45", &["45%".to_owned()]));
}

const ROLE: &str = r#"{"index":1,"original":{"basics":{"company":"C","title":"T","start_date":"2020-01"},"summary":"a","skills":[]},"refined":{"basics":{"company":"C","title":"T","start_date":"2020-01"},"summary":"b","skills":[]},"flags":[]}"#;

#[wasm_bindgen_test]
fn the_job_state_follows_its_events_across_a_resumed_run() {
    let mut run = RunView::default();
    run.apply(
        EventKind::Progress,
        1,
        r#"{"stage":"parse","message":"reading"}"#,
    )
    .unwrap();
    run.apply(
        EventKind::Progress,
        2,
        r#"{"stage":"roles","message":"refining"}"#,
    )
    .unwrap();
    assert_eq!(run.stage_state(Stage::Parse), StageState::Done);
    assert_eq!(run.stage_state(Stage::Roles), StageState::Active);
    assert_eq!(run.stage_state(Stage::Coverage), StageState::Waiting);
    run.apply(
        EventKind::Error,
        3,
        r#"{"message":"role 2 failed","retryable":true,"role_index":1,"role_title":"Engineer at Initech"}"#,
    )
    .unwrap();
    run.apply(EventKind::Done, 4, r#"{"status":"failed"}"#)
        .unwrap();
    assert_eq!(run.ended, Some(RefinementStatus::Failed));
    assert_eq!(run.stage_state(Stage::Roles), StageState::Stopped);
    assert_eq!(
        run.roles.get(&1),
        Some(&RoleOutcome::Failed {
            title: Some("Engineer at Initech".to_owned()),
            message: "role 2 failed".to_owned(),
        })
    );
    assert!(run.refined_indices().is_empty());

    // The resumed run.
    run.apply(
        EventKind::Progress,
        5,
        r#"{"stage":"roles","message":"again"}"#,
    )
    .unwrap();
    assert!(run.is_running());
    assert!(run.error.is_none());
    run.apply(EventKind::Role, 6, ROLE).unwrap();
    run.apply(EventKind::Done, 7, r#"{"status":"succeeded"}"#)
        .unwrap();
    assert_eq!(run.refined_indices(), vec![1]);
    assert_eq!(run.stage_state(Stage::Coverage), StageState::Done);
    assert_eq!(run.last_event_id, 7);
    assert!(run.apply(EventKind::Role, 8, "not json").is_err());
}

#[wasm_bindgen_test]
fn the_start_form_needs_a_description_and_a_sensible_years_limit() {
    let problems = start_request("  ", "", "", "0").unwrap_err();
    assert!(problems.job_description.is_some());
    assert!(problems.years_limit.is_some());
    let request = start_request(" Do things ", " Hooli ", "", "5").unwrap();
    assert_eq!(request.job_description, "Do things");
    assert_eq!(request.company.as_deref(), Some("Hooli"));
    assert_eq!(request.notes, None);
    assert_eq!(request.years_limit, Some(5));
}

#[wasm_bindgen_test]
fn the_apply_request_names_a_new_resume_only_when_saving_as_new() {
    assert_eq!(default_name("Base", Some("Hooli")), "Base – Hooli");
    assert_eq!(default_name("Base", Some(" ")), "Base (tailored)");
    let overwrite = apply_request(ApplyMode::Overwrite, vec![0, 2], true, "x", "y", "z");
    assert_eq!(overwrite.name, None);
    assert_eq!(overwrite.accepted_roles, vec![0, 2]);
    let new = apply_request(ApplyMode::New, vec![], false, " Name ", "", "n");
    assert_eq!(new.name.as_deref(), Some("Name"));
    assert_eq!(new.company, None);
    assert_eq!(new.use_introduction, Some(false));
}

#[wasm_bindgen_test]
fn the_replace_confirmation_says_what_is_replaced() {
    assert_eq!(
        replace_consequence("Base", 1, false),
        "“Base” gets the refined text of the 1 role you accepted as a new version. \
         Every other role keeps its text; the current text stays in the history."
    );
    assert!(
        replace_consequence("Base", 2, true)
            .contains("the 2 roles you accepted, and the introduction as its banner,")
    );
}

#[wasm_bindgen_test]
fn the_activity_log_folds_a_message_repeated_right_after_itself() {
    let event = |stage, message: &str| ProgressEvent {
        stage,
        message: message.to_owned(),
    };
    let line = |stage, message: &str, times| ActivityLine {
        stage,
        message: message.to_owned(),
        times,
    };
    let wait = "waiting for a free request slot on the endpoint (1 at a time)";
    let progress = [
        event(Stage::Roles, "refining 3 roles, 1 at a time"),
        event(Stage::Roles, wait),
        event(Stage::Roles, wait),
        event(Stage::Roles, wait),
        event(Stage::Introduction, wait),
        event(Stage::Roles, wait),
    ];
    assert_eq!(
        activity(&progress),
        vec![
            line(Stage::Roles, "refining 3 roles, 1 at a time", 1),
            line(Stage::Roles, wait, 3),
            // Another stage, or the same words after something else: a line of its own.
            line(Stage::Introduction, wait, 1),
            line(Stage::Roles, wait, 1),
        ]
    );
    assert_eq!(activity(&[]), vec![]);
}
