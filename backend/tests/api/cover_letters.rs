//! Cover letters against the fake OpenAI-compatible server, over real HTTP: a draft streams its
//! progress and saves the letter; planted invented facts are flagged and go when edited away;
//! an unusable answer fails the draft and saves nothing; the job description rules; letters
//! written by hand, edits with versions and revisions; exports in every format; and nobody
//! else's letter or draft is reachable.

use reqwest::{Method, StatusCode};
use resume_backend::llm::PromptKind;
use resume_fake_llm::{FakeScript, Fault, FaultAction};
use serde_json::{Value, json};

use crate::db_tests;
use crate::helpers::{Session, TestApp, assert_error};
use crate::refinements::{JOB, SseEvent, arrange, kinds, read_events, read_events_at, start_ok};
use crate::resumes::second_user;

macro_rules! llm_tests {
    ($($name:ident),+ $(,)?) => {
        $( db_tests!($name; env = [("LLM_ALLOW_PRIVATE", "true"), ("LLM_RETRY_BACKOFF_MS", "10")]); )+
    };
}

llm_tests!(
    a_draft_streams_its_progress_and_saves_the_letter,
    invented_facts_are_flagged_until_edited_away,
    an_unusable_answer_fails_the_draft_and_saves_nothing,
    a_base_resume_needs_a_job_description_and_a_tailored_one_has_its_own,
    letters_are_edited_by_version_and_keep_their_revisions,
    a_letter_exports_as_pdf_word_and_markdown,
    letters_and_drafts_of_other_users_answer_404,
    bad_input_is_refused_naming_the_field,
);

/// `POST /resumes/{resume}/cover-letters`; the draft's id.
async fn draft(app: &TestApp, session: &Session, resume: &str, body: Value) -> String {
    let response = app
        .bearer(
            Method::POST,
            &format!("/resumes/{resume}/cover-letters"),
            &session.token,
        )
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

/// The draft's events to its end.
async fn draft_events(app: &TestApp, session: &Session, draft: &str) -> Vec<SseEvent> {
    read_events_at(
        app,
        session,
        &format!("/cover-letter-drafts/{draft}/events"),
        None,
    )
    .await
}

/// A JSON answer with its status checked.
async fn json_of(response: reqwest::Response, expected: StatusCode) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, expected, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn get(app: &TestApp, session: &Session, path: &str) -> reqwest::Response {
    app.bearer(Method::GET, path, &session.token)
        .send()
        .await
        .unwrap()
}

async fn patch(app: &TestApp, session: &Session, id: &str, body: Value) -> reqwest::Response {
    app.bearer(
        Method::PATCH,
        &format!("/cover-letters/{id}"),
        &session.token,
    )
    .json(&body)
    .send()
    .await
    .unwrap()
}

/// The `letter` event of a draft's events.
fn letter_event(events: &[SseEvent]) -> &Value {
    &events
        .iter()
        .find(|(_, kind, _)| kind == "letter")
        .unwrap_or_else(|| panic!("no letter event: {:?}", kinds(events)))
        .2
}

fn flagged(letter: &Value) -> Vec<String> {
    letter["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|flag| {
            assert_eq!(flag["field"], "letter", "{flag}");
            assert_eq!(flag["kind"], "unverified", "{flag}");
            flag["term"].as_str().unwrap().to_owned()
        })
        .collect()
}

async fn a_draft_streams_its_progress_and_saves_the_letter(app: TestApp) {
    // Arrange
    let (admin, fake, resume) = arrange(&app, 3).await;

    // Act
    let id = draft(
        &app,
        &admin,
        &resume,
        json!({ "job_description": JOB, "company": "Initech", "contact": "Sam Lee", "tone": "warm", "length": "half_page" }),
    )
    .await;
    let events = draft_events(&app, &admin, &id).await;

    // Assert: the stages in order, then the letter, then done
    assert_eq!(
        kinds(&events),
        [
            "progress", "progress", "analysis", "progress", "letter", "done"
        ]
    );
    let stages: Vec<&str> = events
        .iter()
        .filter(|(_, kind, _)| kind == "progress")
        .map(|(_, _, payload)| payload["stage"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["parse", "analysis", "letter"]);
    assert_eq!(events.last().unwrap().2["status"], "succeeded");
    let event = letter_event(&events);
    let text = event["text"].as_str().unwrap();
    assert!(text.starts_with("Dear Sam Lee,"), "{text}");
    assert!(text.contains("at Initech"), "{text}");
    assert!(
        text.ends_with("Kind regards,\nJordan Rivera"),
        "signed with the resume's name: {text}"
    );
    assert_eq!(flagged(event), Vec::<String>::new(), "nothing invented");
    assert_eq!(fake.calls().of_kind(PromptKind::CoverLetter), 1);

    let state = json_of(
        get(&app, &admin, &format!("/cover-letter-drafts/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(state["status"], "succeeded");
    assert_eq!(state["tone"], "warm");
    assert_eq!(state["contact"], "Sam Lee");
    let letter_id = state["letter_id"].as_str().unwrap();
    assert_eq!(event["letter_id"], letter_id);

    let letter = json_of(
        get(&app, &admin, &format!("/cover-letters/{letter_id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(letter["content"], text);
    assert_eq!(letter["name"], "Cover letter – Initech");
    assert_eq!(letter["company"], "Initech");
    assert_eq!(letter["contact"], "Sam Lee");
    assert_eq!(letter["tone"], "warm");
    assert_eq!(letter["length"], "half_page");
    assert_eq!(letter["version"], 1);
    assert_eq!(letter["draft_id"], id.as_str());
    assert_eq!(letter["resume_name"], "Base");
    let list = json_of(
        get(&app, &admin, &format!("/cover-letters?resume_id={resume}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["id"], letter_id);

    // A draft is not a refinement, and the resume's refinements do not list it.
    let response = get(&app, &admin, &format!("/refinements/{id}")).await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    let refinements = json_of(
        get(&app, &admin, &format!("/resumes/{resume}/refinements")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(refinements["items"], json!([]));
}

async fn invented_facts_are_flagged_until_edited_away(app: TestApp) {
    // Arrange: the fake plants an employer, a year and a percentage
    let (admin, fake, resume) = arrange(&app, 2).await;
    fake.set_script(FakeScript {
        plant_invented_facts: true,
        ..FakeScript::default()
    });

    // Act
    let id = draft(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    let events = draft_events(&app, &admin, &id).await;

    // Assert: flagged in the event and in the stored letter, and kept for the user to judge
    let event = letter_event(&events);
    assert_eq!(flagged(event), ["45%", "Globex Corporation", "2017"]);
    let text = event["text"].as_str().unwrap().to_owned();
    assert!(text.contains("Globex Corporation"), "{text}");
    let letter_id = event["letter_id"].as_str().unwrap();
    let letter = json_of(
        get(&app, &admin, &format!("/cover-letters/{letter_id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(flagged(&letter), ["45%", "Globex Corporation", "2017"]);

    // Editing the invented sentence away clears the flags.
    let planted = " I grew revenue by 45% at Globex Corporation in 2017.";
    assert!(text.contains(planted), "{text}");
    let edited = json_of(
        patch(
            &app,
            &admin,
            letter_id,
            json!({ "version": 1, "content": text.replace(planted, "") }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(flagged(&edited), Vec::<String>::new());
    assert_eq!(edited["version"], 2);
}

async fn an_unusable_answer_fails_the_draft_and_saves_nothing(app: TestApp) {
    // Arrange: every letter answer is empty
    let (admin, fake, resume) = arrange(&app, 1).await;
    fake.set_script(FakeScript {
        faults: vec![Fault::always(FaultAction::Empty).for_kind(PromptKind::CoverLetter)],
        ..FakeScript::default()
    });

    // Act
    let id = draft(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    let events = draft_events(&app, &admin, &id).await;

    // Assert: an error, a failed draft, no letter
    let seen = kinds(&events);
    assert!(!seen.contains(&"letter"), "{seen:?}");
    assert_eq!(seen[seen.len() - 2..], ["error", "done"], "{seen:?}");
    assert_eq!(events.last().unwrap().2["status"], "failed");
    let state = json_of(
        get(&app, &admin, &format!("/cover-letter-drafts/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(state["status"], "failed");
    assert!(state.get("letter_id").is_none(), "{state}");
    assert!(!state["error"].as_str().unwrap().is_empty());
    let list = json_of(get(&app, &admin, "/cover-letters").await, StatusCode::OK).await;
    assert_eq!(list["items"], json!([]));

    // Resumed with a working model, the draft writes its letter; the analysis is not redone.
    fake.set_script(FakeScript::default());
    let analyses = fake.calls().of_kind(PromptKind::JobAnalysis);
    let response = app
        .bearer(
            Method::POST,
            &format!("/cover-letter-drafts/{id}/resume"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let events = read_events_at(
        &app,
        &admin,
        &format!("/cover-letter-drafts/{id}/events"),
        Some(events.last().unwrap().0),
    )
    .await;
    assert!(kinds(&events).contains(&"letter"), "{:?}", kinds(&events));
    assert_eq!(events.last().unwrap().2["status"], "succeeded");
    assert_eq!(fake.calls().of_kind(PromptKind::JobAnalysis), analyses);
}

async fn a_base_resume_needs_a_job_description_and_a_tailored_one_has_its_own(app: TestApp) {
    // Arrange
    let (admin, _fake, resume) = arrange(&app, 1).await;

    // Act: a base resume without a job description
    let response = app
        .bearer(
            Method::POST,
            &format!("/resumes/{resume}/cover-letters"),
            &admin.token,
        )
        .json(&json!({ "tone": "concise" }))
        .send()
        .await
        .unwrap();

    // Assert
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(
        body["error"]["fields"]["job_description"]
            .as_str()
            .unwrap()
            .contains("required for a base resume"),
        "{body}"
    );

    // A tailored resume (from a refinement) brings its job description and company.
    let job = start_ok(
        &app,
        &admin,
        &resume,
        json!({ "job_description": JOB, "company": "Initech" }),
    )
    .await;
    read_events(&app, &admin, &job, None).await;
    let tailored = json_of(
        app.bearer(
            Method::POST,
            &format!("/refinements/{job}/apply"),
            &admin.token,
        )
        .json(&json!({ "mode": "new", "accepted_roles": [0] }))
        .send()
        .await
        .unwrap(),
        StatusCode::OK,
    )
    .await;
    let tailored_id = tailored["id"].as_str().unwrap();
    let id = draft(&app, &admin, tailored_id, json!({ "tone": "concise" })).await;
    let events = draft_events(&app, &admin, &id).await;
    let event = letter_event(&events);
    let text = event["text"].as_str().unwrap();
    assert!(text.contains("at Initech"), "{text}");
    assert_eq!(flagged(event), Vec::<String>::new(), "{text}");
}

async fn letters_are_edited_by_version_and_keep_their_revisions(app: TestApp) {
    // Arrange: a letter written by hand
    let (admin, _fake, resume) = arrange(&app, 1).await;
    let created = json_of(
        app.bearer(Method::POST, "/cover-letters", &admin.token)
            .json(&json!({ "resume_id": resume, "company": "Initech", "content": "Dear Team,\n\nHello." }))
            .send()
            .await
            .unwrap(),
        StatusCode::CREATED,
    )
    .await;
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["name"], "Cover letter – Initech");
    assert_eq!(created["version"], 1);
    assert!(created.get("tone").is_none(), "{created}");

    // Act: an edit, then a stale edit
    let edited = json_of(
        patch(
            &app,
            &admin,
            id,
            json!({ "version": 1, "content": "Dear Team,\n\nHello again.", "contact": "Sam Lee" }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let stale = patch(&app, &admin, id, json!({ "version": 1, "content": "lost" })).await;

    // Assert
    assert_eq!(edited["version"], 2);
    assert_eq!(edited["contact"], "Sam Lee");
    let body = assert_error(stale, StatusCode::CONFLICT, "version_conflict").await;
    assert!(
        body["error"]["message"].as_str().unwrap().contains('2'),
        "{body}"
    );
    let revisions = json_of(
        get(&app, &admin, &format!("/cover-letters/{id}/revisions")).await,
        StatusCode::OK,
    )
    .await;
    let items = revisions["items"].as_array().unwrap();
    let summary: Vec<(i64, &str, &str)> = items
        .iter()
        .map(|r| {
            (
                r["version"].as_i64().unwrap(),
                r["reason"].as_str().unwrap(),
                r["content"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (2, "edited", "Dear Team,\n\nHello again."),
            (1, "created", "Dear Team,\n\nHello.")
        ]
    );
    // A change of the contact alone is a new version, not a new revision of the body.
    let renamed = json_of(
        patch(
            &app,
            &admin,
            id,
            json!({ "version": 2, "name": "For Initech", "company": "" }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(renamed["version"], 3);
    assert_eq!(renamed["name"], "For Initech");
    assert!(
        renamed.get("company").is_none(),
        "an empty company clears it: {renamed}"
    );
    let revisions = json_of(
        get(&app, &admin, &format!("/cover-letters/{id}/revisions")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(revisions["items"].as_array().unwrap().len(), 2);

    // The account's export holds the letter, its metadata and each saved body.
    let files = crate::account::export(&app, &admin, "admin").await;
    assert_eq!(
        files[&format!("cover-letters/{id}/letter.md")],
        b"Dear Team,\n\nHello again."
    );
    assert_eq!(
        files[&format!("cover-letters/{id}/revisions/000001.md")],
        b"Dear Team,\n\nHello."
    );
    let record: Value =
        serde_json::from_slice(&files[&format!("cover-letters/{id}/letter.json")]).unwrap();
    assert_eq!(record["name"], "For Initech");
    assert_eq!(record["contact"], "Sam Lee");
    assert_eq!(record["version"], 3);
    assert_eq!(record["revisions"][1]["reason"], "edited");
    assert_eq!(record["revisions"][1]["file"], "000002.md");

    // Deleted, it is gone with its revisions.
    let response = app
        .bearer(
            Method::DELETE,
            &format!("/cover-letters/{id}"),
            &admin.token,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = get(&app, &admin, &format!("/cover-letters/{id}/revisions")).await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
}

async fn a_letter_exports_as_pdf_word_and_markdown(app: TestApp) {
    // Arrange
    let (admin, _fake, resume) = arrange(&app, 1).await;
    let body = "Dear Sam Lee,\n\nI would like to apply for the **Platform Engineer** role.\n\nKind regards,\nJordan Rivera";
    let created = json_of(
        app.bearer(Method::POST, "/cover-letters", &admin.token)
            .json(&json!({ "resume_id": resume, "company": "Initech", "contact": "Sam Lee", "content": body }))
            .send()
            .await
            .unwrap(),
        StatusCode::CREATED,
    )
    .await;
    let id = created["id"].as_str().unwrap();
    let export = |query: &str| {
        app.bearer(
            Method::GET,
            &format!("/cover-letters/{id}/export?{query}"),
            &admin.token,
        )
        .send()
    };

    // Act + Assert: a PDF with the header and the body
    let pdf = export("format=pdf&template=modern").await.unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert_eq!(pdf.headers()["x-page-count"], "1");
    let disposition = pdf.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(disposition.contains(".pdf"), "{disposition}");
    let bytes = pdf.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF"));

    let docx = export("format=docx&template=classic").await.unwrap();
    assert_eq!(docx.status(), StatusCode::OK);
    assert!(docx.bytes().await.unwrap().starts_with(b"PK"));

    let markdown = export("format=markdown").await.unwrap();
    assert_eq!(markdown.status(), StatusCode::OK);
    let text = markdown.text().await.unwrap();
    assert!(text.starts_with("# Jordan Rivera\n"), "{text}");
    assert!(text.contains("jordan@example.org"), "{text}");
    assert!(text.contains("Initech"), "{text}");
    assert!(
        text.ends_with(body) || text.ends_with(&format!("{body}\n")),
        "{text}"
    );

    // The original Word layouts are resume layouts: refused, naming what is offered.
    let refused = export("format=docx&template=original-ats").await.unwrap();
    let error = assert_error(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let message = error.to_string();
    assert!(message.contains("classic"), "{message}");
    let refused = export("format=json-resume").await.unwrap();
    assert!(refused.status().is_client_error());
    let refused = export("format=pdf&colour=red").await.unwrap();
    assert_error(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

async fn letters_and_drafts_of_other_users_answer_404(app: TestApp) {
    // Arrange: the admin's letter and draft
    let (admin, _fake, resume) = arrange(&app, 1).await;
    let id = draft(&app, &admin, &resume, json!({ "job_description": JOB })).await;
    let events = draft_events(&app, &admin, &id).await;
    let letter = letter_event(&events)["letter_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = second_user(&app, &admin, "mallory").await;

    // Act + Assert: every route answers 404, and the list is empty
    for (method, path) in [
        (Method::GET, format!("/cover-letters/{letter}")),
        (Method::PATCH, format!("/cover-letters/{letter}")),
        (Method::DELETE, format!("/cover-letters/{letter}")),
        (Method::GET, format!("/cover-letters/{letter}/revisions")),
        (
            Method::GET,
            format!("/cover-letters/{letter}/export?format=pdf"),
        ),
        (Method::GET, format!("/cover-letter-drafts/{id}")),
        (Method::GET, format!("/cover-letter-drafts/{id}/events")),
        (Method::POST, format!("/cover-letter-drafts/{id}/cancel")),
        (Method::POST, format!("/cover-letter-drafts/{id}/resume")),
        (Method::POST, format!("/resumes/{resume}/cover-letters")),
        (Method::GET, format!("/cover-letters?resume_id={resume}")),
    ] {
        let mut request = app.bearer(method.clone(), &path, &other.token);
        if matches!(method, Method::PATCH | Method::POST) {
            request = request.json(&json!({ "version": 1, "job_description": JOB }));
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method} {path}");
    }
    let list = json_of(get(&app, &other, "/cover-letters").await, StatusCode::OK).await;
    assert_eq!(list["items"], json!([]));
    // The letter is still there for its owner.
    let response = get(&app, &admin, &format!("/cover-letters/{letter}")).await;
    assert_eq!(response.status(), StatusCode::OK);

    // A letter whose resume is in the trash is not found either, until the resume comes back.
    let response = app
        .bearer(Method::DELETE, &format!("/resumes/{resume}"), &admin.token)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let response = get(&app, &admin, &format!("/cover-letters/{letter}")).await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
}

async fn bad_input_is_refused_naming_the_field(app: TestApp) {
    // Arrange
    let (admin, _fake, resume) = arrange(&app, 1).await;
    let post = |path: String, body: Value| {
        app.bearer(Method::POST, &path, &admin.token)
            .json(&body)
            .send()
    };

    // Act + Assert
    for (path, body, field) in [
        (
            "/cover-letters".to_owned(),
            json!({ "resume_id": "not-a-uuid", "content": "x" }),
            "resume_id",
        ),
        (
            "/cover-letters".to_owned(),
            json!({ "resume_id": resume, "content": "x".repeat(51_201) }),
            "content",
        ),
        (
            "/cover-letters".to_owned(),
            json!({ "resume_id": resume, "company": "two\nlines" }),
            "company",
        ),
        (
            format!("/resumes/{resume}/cover-letters"),
            json!({ "job_description": "x".repeat(102_401) }),
            "job_description",
        ),
    ] {
        let response = post(path.clone(), body).await.unwrap();
        let error = assert_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(
            error["error"]["fields"].get(field).is_some(),
            "{path}: {error}"
        );
    }
    let response = post(
        format!("/resumes/{resume}/cover-letters"),
        json!({ "job_description": JOB, "tone": "sarcastic" }),
    )
    .await
    .unwrap();
    assert!(response.status().is_client_error(), "{}", response.status());
    let list = json_of(get(&app, &admin, "/cover-letters").await, StatusCode::OK).await;
    assert_eq!(list["items"], json!([]), "nothing was stored");
}
