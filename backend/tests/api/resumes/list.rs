//! `GET /resumes`: the filter (every term in name, company or notes), kind, sort, paging, and
//! bad parameters.

use reqwest::{Method, StatusCode};
use resume_shared::api::ErrorCode;
use resume_shared::api::resumes::{ResumeKind, UpdateResumeRequest};

use super::{ONE_ROLE, new_resume};
use crate::client::{ApiClient, ListResumes};
use crate::helpers::TestApp;
use crate::{assert_api_snapshot, db_tests};

db_tests!(
    the_filter_needs_every_term_in_name_company_or_notes,
    sorting_by_each_key_in_both_directions,
    pages_hold_per_page_items_and_the_total_counts_all,
    bad_list_parameters_answer_400_or_422,
);

async fn names(api: &ApiClient, query: ListResumes) -> Vec<String> {
    let list = api.list_resumes(&query).await.unwrap();
    list.items.into_iter().map(|item| item.name).collect()
}

/// Creates resumes with (name, company, notes).
async fn seed(api: &ApiClient, rows: &[(&str, Option<&str>, Option<&str>)]) {
    for (name, company, notes) in rows {
        let created = new_resume(api, name, Some(ONE_ROLE)).await;
        let change = UpdateResumeRequest {
            version: 1,
            company: company.map(str::to_owned).into(),
            notes: notes.map(str::to_owned).into(),
            ..UpdateResumeRequest::default()
        };
        api.update_resume(&created.id, &change).await.unwrap();
    }
}

async fn the_filter_needs_every_term_in_name_company_or_notes(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    seed(
        &api,
        &[
            ("Backend engineer", Some("Globex"), Some("remote, Rust")),
            ("Frontend engineer", Some("Initech"), Some("TypeScript")),
            ("Data engineer", None, Some("100% remote")),
            ("Manager", Some("Globex"), None),
        ],
    )
    .await;

    // Act and assert
    let mut found = names(&api, ListResumes::q("engineer REMOTE")).await;
    found.sort();
    assert_eq!(found, ["Backend engineer", "Data engineer"]);
    assert_eq!(
        names(&api, ListResumes::q("globex manager")).await,
        ["Manager"]
    );
    assert_eq!(
        names(&api, ListResumes::q("typescript")).await,
        ["Frontend engineer"]
    );
    // LIKE wildcards in a term are literal characters.
    assert_eq!(names(&api, ListResumes::q("100%")).await, ["Data engineer"]);
    assert!(names(&api, ListResumes::q("_%_")).await.is_empty());
    assert!(
        names(&api, ListResumes::q("engineer nowhere"))
            .await
            .is_empty()
    );
    assert_eq!(names(&api, ListResumes::q("  ")).await.len(), 4);
    assert_eq!(
        names(&api, ListResumes::kind(ResumeKind::Base)).await.len(),
        4
    );
    assert!(
        names(&api, ListResumes::kind(ResumeKind::Tailored))
            .await
            .is_empty()
    );
    let engineers = ListResumes {
        sort: Some("name".to_owned()),
        ..ListResumes::q("engineer")
    };
    let list = api.list_resumes(&engineers).await.unwrap();
    assert_api_snapshot!("resume_list", list);
}

async fn sorting_by_each_key_in_both_directions(app: TestApp) {
    // Arrange: created in this order, so `created` and `updated` follow it.
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    seed(
        &api,
        &[
            ("bravo", Some("Zeta"), None),
            ("Alpha", None, None),
            ("charlie", Some("alpha corp"), None),
        ],
    )
    .await;

    // Act and assert
    assert_eq!(
        names(&api, ListResumes::sort("name")).await,
        ["Alpha", "bravo", "charlie"]
    );
    assert_eq!(
        names(&api, ListResumes::sort("-name")).await,
        ["charlie", "bravo", "Alpha"]
    );
    // Resumes without a company come last in both directions.
    assert_eq!(
        names(&api, ListResumes::sort("company")).await,
        ["charlie", "bravo", "Alpha"]
    );
    assert_eq!(
        names(&api, ListResumes::sort("-company")).await,
        ["bravo", "charlie", "Alpha"]
    );
    assert_eq!(
        names(&api, ListResumes::sort("created")).await,
        ["bravo", "Alpha", "charlie"]
    );
    assert_eq!(
        names(&api, ListResumes::sort("-created")).await,
        ["charlie", "Alpha", "bravo"]
    );
    assert_eq!(
        names(&api, ListResumes::default()).await,
        ["charlie", "Alpha", "bravo"],
        "default -updated"
    );
}

async fn pages_hold_per_page_items_and_the_total_counts_all(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    for n in 0..23 {
        new_resume(&api, &format!("Resume {n:02}"), Some(ONE_ROLE)).await;
    }

    // Act
    let first = api.list_resumes(&ListResumes::sort("name")).await.unwrap();
    let third = api
        .list_resumes(&ListResumes {
            page: Some(3),
            per_page: Some(10),
            ..ListResumes::sort("name")
        })
        .await
        .unwrap();
    let beyond = api
        .list_resumes(&ListResumes {
            page: Some(9),
            per_page: Some(100),
            ..ListResumes::default()
        })
        .await
        .unwrap();

    // Assert. Items are `ResumeSummary`s, which have no `content` and need every other key:
    // the client fails when an item carries more, or less, than the type says.
    assert_eq!((first.total, first.per_page), (23, 20));
    assert_eq!(first.items.len(), 20);
    let third_names: Vec<&str> = third.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(third_names, ["Resume 20", "Resume 21", "Resume 22"]);
    assert!(beyond.items.is_empty());
}

async fn bad_list_parameters_answer_400_or_422(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    for (query, field) in [
        (
            ListResumes {
                per_page: Some(101),
                ..ListResumes::default()
            },
            "per_page",
        ),
        (
            ListResumes {
                per_page: Some(0),
                ..ListResumes::default()
            },
            "per_page",
        ),
        (
            ListResumes {
                page: Some(0),
                ..ListResumes::default()
            },
            "page",
        ),
        (ListResumes::sort("size"), "sort"),
    ] {
        let error = api.list_resumes(&query).await.unwrap_err().assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
        assert!(error.fields.contains_key(field), "{query:?}: {error:?}");
    }
    // Values the query's types cannot hold, sent raw.
    for query in ["?kind=draft", "?page=two"] {
        api.error(Method::GET, &format!("/resumes{query}"), None)
            .await
            .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidParameter);
    }
}
