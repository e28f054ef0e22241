//! `GET /resumes`: the filter (every term in name, company or notes), kind, sort, paging, and
//! bad parameters.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{ONE_ROLE, create, id, json_of, send};
use crate::db_tests;
use crate::helpers::{Session, TestApp, assert_error};

db_tests!(
    the_filter_needs_every_term_in_name_company_or_notes,
    sorting_by_each_key_in_both_directions,
    pages_hold_per_page_items_and_the_total_counts_all,
    bad_list_parameters_answer_400_or_422,
);

async fn names(app: &TestApp, session: &Session, query: &str) -> Vec<String> {
    let list = json_of(
        app,
        session,
        Method::GET,
        &format!("/resumes{query}"),
        None,
        StatusCode::OK,
    )
    .await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["name"].as_str().unwrap().to_owned())
        .collect()
}

/// Creates resumes with (name, company, notes).
async fn seed(app: &TestApp, session: &Session, rows: &[(&str, Option<&str>, Option<&str>)]) {
    for (name, company, notes) in rows {
        let created = create(app, session, name, Some(ONE_ROLE)).await;
        let mut body = json!({ "version": 1 });
        if let Some(company) = company {
            body["company"] = json!(company);
        }
        if let Some(notes) = notes {
            body["notes"] = json!(notes);
        }
        json_of(
            app,
            session,
            Method::PUT,
            &format!("/resumes/{}", id(&created)),
            Some(body),
            StatusCode::OK,
        )
        .await;
    }
}

async fn the_filter_needs_every_term_in_name_company_or_notes(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    seed(
        &app,
        &admin,
        &[
            ("Backend engineer", Some("Globex"), Some("remote, Rust")),
            ("Frontend engineer", Some("Initech"), Some("TypeScript")),
            ("Data engineer", None, Some("100% remote")),
            ("Manager", Some("Globex"), None),
        ],
    )
    .await;

    // Act and assert
    let mut found = names(&app, &admin, "?q=engineer%20REMOTE").await;
    found.sort();
    assert_eq!(found, ["Backend engineer", "Data engineer"]);
    assert_eq!(
        names(&app, &admin, "?q=globex%20manager").await,
        ["Manager"]
    );
    assert_eq!(
        names(&app, &admin, "?q=typescript").await,
        ["Frontend engineer"]
    );
    // LIKE wildcards in a term are literal characters.
    assert_eq!(names(&app, &admin, "?q=100%25").await, ["Data engineer"]);
    assert!(names(&app, &admin, "?q=_%25_").await.is_empty());
    assert!(
        names(&app, &admin, "?q=engineer%20nowhere")
            .await
            .is_empty()
    );
    assert_eq!(names(&app, &admin, "?q=%20%20").await.len(), 4);
    assert_eq!(names(&app, &admin, "?kind=base").await.len(), 4);
    assert!(names(&app, &admin, "?kind=tailored").await.is_empty());
}

async fn sorting_by_each_key_in_both_directions(app: TestApp) {
    // Arrange: created in this order, so `created` and `updated` follow it.
    let admin = app.setup_admin().await;
    seed(
        &app,
        &admin,
        &[
            ("bravo", Some("Zeta"), None),
            ("Alpha", None, None),
            ("charlie", Some("alpha corp"), None),
        ],
    )
    .await;

    // Act and assert
    assert_eq!(
        names(&app, &admin, "?sort=name").await,
        ["Alpha", "bravo", "charlie"]
    );
    assert_eq!(
        names(&app, &admin, "?sort=-name").await,
        ["charlie", "bravo", "Alpha"]
    );
    // Resumes without a company come last in both directions.
    assert_eq!(
        names(&app, &admin, "?sort=company").await,
        ["charlie", "bravo", "Alpha"]
    );
    assert_eq!(
        names(&app, &admin, "?sort=-company").await,
        ["bravo", "charlie", "Alpha"]
    );
    assert_eq!(
        names(&app, &admin, "?sort=created").await,
        ["bravo", "Alpha", "charlie"]
    );
    assert_eq!(
        names(&app, &admin, "?sort=-created").await,
        ["charlie", "Alpha", "bravo"]
    );
    assert_eq!(
        names(&app, &admin, "").await,
        ["charlie", "Alpha", "bravo"],
        "default -updated"
    );
}

async fn pages_hold_per_page_items_and_the_total_counts_all(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    for n in 0..23 {
        create(&app, &admin, &format!("Resume {n:02}"), Some(ONE_ROLE)).await;
    }

    // Act
    let first = json_of(
        &app,
        &admin,
        Method::GET,
        "/resumes?sort=name",
        None,
        StatusCode::OK,
    )
    .await;
    let third = json_of(
        &app,
        &admin,
        Method::GET,
        "/resumes?sort=name&page=3&per_page=10",
        None,
        StatusCode::OK,
    )
    .await;
    let beyond = json_of(
        &app,
        &admin,
        Method::GET,
        "/resumes?page=9&per_page=100",
        None,
        StatusCode::OK,
    )
    .await;

    // Assert
    assert_eq!(
        (first["total"].as_u64(), first["per_page"].as_u64()),
        (Some(23), Some(20))
    );
    assert_eq!(first["items"].as_array().unwrap().len(), 20);
    let third_names: Vec<&str> = third["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(third_names, ["Resume 20", "Resume 21", "Resume 22"]);
    assert_eq!(beyond["items"], json!([]));
    let item = &first["items"][0];
    assert!(
        item.get("content").is_none(),
        "lists carry no content: {item}"
    );
    for key in ["id", "name", "kind", "version", "created_at", "updated_at"] {
        assert!(item.get(key).is_some(), "{key} missing: {item}");
    }
}

async fn bad_list_parameters_answer_400_or_422(app: TestApp) {
    let admin = app.setup_admin().await;
    for (query, status, code, field) in [
        (
            "?per_page=101",
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("per_page"),
        ),
        (
            "?per_page=0",
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("per_page"),
        ),
        (
            "?page=0",
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("page"),
        ),
        (
            "?sort=size",
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            Some("sort"),
        ),
        (
            "?kind=draft",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            None,
        ),
        (
            "?page=two",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            None,
        ),
    ] {
        let response = send(&app, &admin, Method::GET, &format!("/resumes{query}"), None).await;
        let body: Value = assert_error(response, status, code).await;
        if let Some(field) = field {
            assert!(
                body["error"]["fields"].get(field).is_some(),
                "{query}: {body}"
            );
        }
    }
}
