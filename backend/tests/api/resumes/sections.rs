//! Structured editing: sections and collections through JSON, written back as canonical text;
//! the text changes exactly where the model did.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{create, id, json_of, send};
use crate::db_tests;
use crate::helpers::{TestApp, assert_error};

db_tests!(
    editing_a_role_changes_that_role_in_the_text_and_nothing_else,
    collections_add_reorder_and_delete_items,
    invalid_items_are_refused_with_field_paths,
    sections_read_and_replace_personal_education_and_certifications,
);

const CANONICAL: &str = resume_shared::sample::PLACEHOLDER;

async fn editing_a_role_changes_that_role_in_the_text_and_nothing_else(app: TestApp) {
    // Arrange: the complete example (canonical), with a second role added in the text.
    let admin = app.setup_admin().await;
    let two_roles = format!(
        "{CANONICAL}\n\n### Role\n\n#### Basics\n\nCompany: Second Co\nTitle: Analyst\nStart date: 01/2010\nEnd date: 06/2016"
    );
    let resume = id(&create(&app, &admin, "Structured", Some(&two_roles)).await);
    let path = format!("/resumes/{resume}");
    let role: Value = json_of(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/roles/1"),
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(role["version"], 1);
    let mut item = role["item"].clone();
    item["basics"]["title"] = json!("Senior Analyst");
    item["basics"]["inclusion"] = json!("omit");
    item["skills"] = json!(["SQL", "  Excel "]);

    // Act
    let updated = json_of(
        &app,
        &admin,
        Method::PUT,
        &format!("{path}/roles/1"),
        Some(json!({ "version": 1, "item": item })),
        StatusCode::OK,
    )
    .await;

    // Assert: the text differs from before exactly in the second role's lines.
    let expected = format!(
        "{CANONICAL}\n\n### Role\n\n#### Basics\n\nCompany: Second Co\nTitle: Senior Analyst\nStart date: 01/2010\nEnd date: 06/2016\nInclusion: Omit\n\n#### Skills\n\n* SQL\n* Excel"
    );
    assert_eq!(updated["content"], expected);
    assert_eq!(updated["version"], 2);
    assert_eq!(
        updated["resume"]["experience"]["roles"][1]["basics"]["inclusion"],
        "omit"
    );
    let revisions = json_of(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/revisions"),
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(revisions["items"][0]["reason"], "structured edit");
    // The omitted role is left out of the export, not of the text.
    let response = send(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/export?format=markdown"),
        None,
    )
    .await;
    let exported = response.text().await.unwrap();
    assert!(!exported.contains("Second Co"), "{exported}");
    assert!(exported.contains("Example Company"));
}

async fn collections_add_reorder_and_delete_items(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let resume = id(&create(&app, &admin, "Collections", None).await);
    let path = format!("/resumes/{resume}");
    let degree = json!({ "school": "Second School", "degree": "M.S.", "start_date": "2016-09", "end_date": "2018-06" });

    // Act: add at the front, then reorder, then delete.
    let added = json_of(
        &app,
        &admin,
        Method::POST,
        &format!("{path}/degrees"),
        Some(json!({ "version": 1, "item": degree, "position": 0 })),
        StatusCode::OK,
    )
    .await;
    let schools = |body: &Value| -> Vec<String> {
        body["resume"]["education"]["degrees"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["school"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(schools(&added), ["Second School", "Example University"]);
    assert!(
        added["content"].as_str().unwrap().contains(
            "School: Second School\nDegree: M.S.\nStart date: 09/2016\nEnd date: 06/2018"
        )
    );
    let reordered = json_of(
        &app,
        &admin,
        Method::POST,
        &format!("{path}/degrees/reorder"),
        Some(json!({ "version": 2, "order": [1, 0] })),
        StatusCode::OK,
    )
    .await;
    assert_eq!(schools(&reordered), ["Example University", "Second School"]);
    let deleted = json_of(
        &app,
        &admin,
        Method::DELETE,
        &format!("{path}/degrees/0?version=3"),
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(schools(&deleted), ["Second School"]);

    // Assert: the collection view agrees, and out-of-range items are 404.
    let list = json_of(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/degrees"),
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["version"], 4);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let response = send(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/degrees/5"),
        None,
    )
    .await;
    let body = assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no degree at index 5")
    );
    for (method, suffix, body) in [
        (
            Method::POST,
            "projects/reorder",
            json!({ "version": 4, "order": [0, 0] }),
        ),
        (
            Method::POST,
            "roles",
            json!({ "version": 4, "item": {"basics": {"company": "C", "title": "T", "start_date": "2020-01"}}, "position": 9 }),
        ),
    ] {
        let response = send(
            &app,
            &admin,
            method,
            &format!("{path}/{suffix}"),
            Some(body),
        )
        .await;
        assert_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
    }
    let response = send(
        &app,
        &admin,
        Method::DELETE,
        &format!("{path}/degrees/0?version=1"),
        None,
    )
    .await;
    let body = assert_error(response, StatusCode::CONFLICT, "version_conflict").await;
    assert_eq!(body["error"]["current_version"], 4);
    let response = send(
        &app,
        &admin,
        Method::DELETE,
        &format!("{path}/degrees/0"),
        None,
    )
    .await;
    assert_error(response, StatusCode::BAD_REQUEST, "invalid_parameter").await;
}

async fn invalid_items_are_refused_with_field_paths(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let resume = id(&create(&app, &admin, "Fields", None).await);
    let path = format!("/resumes/{resume}");
    let role = json!({
        "basics": {"company": " ", "title": "Two\nlines", "start_date": "2021-05", "end_date": "2020-01"},
        "skills": ["Rust", ""]
    });

    // Act
    let response = send(
        &app,
        &admin,
        Method::POST,
        &format!("{path}/roles"),
        Some(json!({ "version": 1, "item": role })),
    )
    .await;

    // Assert
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fields = body["error"]["fields"].as_object().unwrap();
    for path in [
        "experience.roles[1].basics.company",
        "experience.roles[1].basics.title",
        "experience.roles[1].basics.end_date",
    ] {
        assert!(fields.contains_key(path), "{path}: {body}");
    }
    let response = send(
        &app,
        &admin,
        Method::POST,
        &format!("{path}/roles"),
        Some(json!({ "version": 1, "item": {"basics": {"company": "C", "title": "T", "start_date": "2020-13"}} })),
    )
    .await;
    assert_error(response, StatusCode::BAD_REQUEST, "invalid_json").await;
    let read = json_of(&app, &admin, Method::GET, &path, None, StatusCode::OK).await;
    assert_eq!(read["version"], 1, "nothing was written");
}

async fn sections_read_and_replace_personal_education_and_certifications(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let resume = id(&create(&app, &admin, "Sections", None).await);
    let path = format!("/resumes/{resume}");
    let personal = json_of(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/personal"),
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(personal["personal"]["contact"]["name"], "Your Name");

    // Act: a new contact, no education, one certification.
    let mut new_personal = personal["personal"].clone();
    new_personal["contact"] = json!({ "name": "Ada Lovelace", "email": "ada@example.org" });
    json_of(
        &app,
        &admin,
        Method::PUT,
        &format!("{path}/personal"),
        Some(json!({ "version": 1, "personal": new_personal })),
        StatusCode::OK,
    )
    .await;
    json_of(
        &app,
        &admin,
        Method::PUT,
        &format!("{path}/education"),
        Some(json!({ "version": 2, "education": null })),
        StatusCode::OK,
    )
    .await;
    let last = json_of(
        &app,
        &admin,
        Method::PUT,
        &format!("{path}/certifications"),
        Some(json!({ "version": 3, "certifications": [{"name": "CKA", "issued": "2022-03"}] })),
        StatusCode::OK,
    )
    .await;

    // Assert
    let content = last["content"].as_str().unwrap();
    assert!(content.starts_with("# Personal\n\n## Contact Information\n\nName: Ada Lovelace\nEmail: ada@example.org\n\n## Websites"), "{content}");
    assert!(!content.contains("# Education"));
    assert!(content.contains(
        "# Certifications\n\n## Certification\n\nName: CKA\nIssued: 03/2022\n\n# Experience"
    ));
    let education = json_of(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/education"),
        None,
        StatusCode::OK,
    )
    .await;
    assert!(education.get("education").is_none(), "{education}");
    let certifications = json_of(
        &app,
        &admin,
        Method::GET,
        &format!("{path}/certifications"),
        None,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        certifications["items"],
        json!([{"name": "CKA", "issued": "2022-03"}])
    );
    // Removing everything would leave an empty resume: refused, and nothing is written.
    for (method, suffix, body) in [
        (
            Method::PUT,
            "personal",
            Some(json!({ "version": 4, "personal": null })),
        ),
        (
            Method::PUT,
            "certifications",
            Some(json!({ "version": 5, "certifications": [] })),
        ),
        (Method::DELETE, "projects/0?version=6", None),
    ] {
        json_of(
            &app,
            &admin,
            method,
            &format!("{path}/{suffix}"),
            body,
            StatusCode::OK,
        )
        .await;
    }
    let response = send(
        &app,
        &admin,
        Method::DELETE,
        &format!("{path}/roles/0?version=7"),
        None,
    )
    .await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_resume").await;
    let read = json_of(&app, &admin, Method::GET, &path, None, StatusCode::OK).await;
    assert_eq!(read["version"], 7);
    assert!(
        read["content"]
            .as_str()
            .unwrap()
            .starts_with("# Experience\n\n## Roles")
    );
}
