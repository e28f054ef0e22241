//! Structured editing: sections and collections through JSON, written back as canonical text;
//! the text changes exactly where the model did. A write answers the fragment it changed (a
//! collection: the whole collection) and the new version, not the whole resume.

use reqwest::{Method, StatusCode};
use resume_shared::YearMonth;
use resume_shared::api::ErrorCode;
use resume_shared::api::resumes::{
    CertificationsRequest, CollectionResponse, EducationRequest, ItemRequest, PersonalRequest,
    ReorderRequest,
};
use resume_shared::resume::{Certification, Contact, Degree, Inclusion, Project, Role, RoleBasics};
use serde_json::json;

use super::{new_resume, send};
use crate::helpers::TestApp;
use crate::{assert_api_snapshot, db_tests};

db_tests!(
    editing_a_role_changes_that_role_in_the_text_and_nothing_else,
    collections_add_reorder_and_delete_items,
    invalid_items_are_refused_with_field_paths,
    sections_read_and_replace_personal_education_and_certifications,
);

const CANONICAL: &str = resume_shared::sample::PLACEHOLDER;

/// `YYYY-MM`.
fn month(text: &str) -> YearMonth {
    text.parse().unwrap()
}

/// A role with only its required fields.
fn role(company: &str, title: &str, start: &str) -> Role {
    Role {
        basics: RoleBasics {
            company: company.to_owned(),
            title: title.to_owned(),
            start_date: month(start),
            end_date: None,
            agency: None,
            job_category: None,
            employment_type: None,
            reason_for_change: None,
            location: None,
            inclusion: Inclusion::Include,
        },
        summary: None,
        responsibilities: None,
        skills: Vec::new(),
    }
}

/// An item change based on `version`.
fn item<T>(version: i64, item: T, position: Option<usize>) -> ItemRequest<T> {
    ItemRequest {
        version,
        item,
        position,
    }
}

async fn editing_a_role_changes_that_role_in_the_text_and_nothing_else(app: TestApp) {
    // Arrange: the complete example (canonical), with a second role added in the text.
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let two_roles = format!(
        "{CANONICAL}\n\n### Role\n\n#### Basics\n\nCompany: Second Co\nTitle: Analyst\nStart date: 01/2010\nEnd date: 06/2016"
    );
    let resume = new_resume(&api, "Structured", Some(&two_roles)).await.id;
    let roles = api.collection::<Role>(&resume);
    let role = roles.get(1).await.unwrap();
    assert_eq!(role.version, 1);
    let mut changed = role.item;
    changed.basics.title = "Senior Analyst".to_owned();
    changed.basics.inclusion = Inclusion::Omit;
    changed.skills = vec!["SQL".to_owned(), "  Excel ".to_owned()];

    // Act
    let updated = roles.update(1, &item(1, changed, None)).await.unwrap();

    // Assert: the answer is the collection at the new version, with the skills trimmed as the
    // text stores them; the text differs from before exactly in the second role's lines.
    assert_eq!(updated.version, 2);
    assert_eq!(updated.items.len(), 2);
    assert_eq!(updated.items[1].basics.inclusion, Inclusion::Omit);
    assert_eq!(updated.items[1].skills, ["SQL", "Excel"]);
    assert_eq!(updated.items, roles.list().await.unwrap().items);
    let expected = format!(
        "{CANONICAL}\n\n### Role\n\n#### Basics\n\nCompany: Second Co\nTitle: Senior Analyst\nStart date: 01/2010\nEnd date: 06/2016\nInclusion: Omit\n\n#### Skills\n\n* SQL\n* Excel"
    );
    let stored = api.get_resume(&resume).await.unwrap();
    assert_eq!(stored.content, expected);
    assert_eq!(stored.version, 2);
    let revisions = api.list_revisions(&resume).await.unwrap();
    assert_eq!(revisions.items[0].reason, "structured edit");
    // The omitted role is left out of the export, not of the text.
    let response = send(
        &app,
        &admin,
        Method::GET,
        &format!("/resumes/{resume}/export?format=markdown"),
        None,
    )
    .await;
    let exported = response.text().await.unwrap();
    assert!(!exported.contains("Second Co"), "{exported}");
    assert!(exported.contains("Example Company"));
}

/// The schools of a degree collection, in order.
fn schools(degrees: &CollectionResponse<Degree>) -> Vec<String> {
    degrees.items.iter().map(|d| d.school.clone()).collect()
}

async fn collections_add_reorder_and_delete_items(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Collections", None).await.id;
    let degrees = api.collection::<Degree>(&resume);
    let degree = Degree {
        school: "Second School".to_owned(),
        degree: Some("M.S.".to_owned()),
        start_date: Some(month("2016-09")),
        end_date: Some(month("2018-06")),
        ..Degree::default()
    };

    // Act: add at the front, then reorder, then delete.
    let added = degrees.add(&item(1, degree, Some(0))).await.unwrap();
    assert_eq!(schools(&added), ["Second School", "Example University"]);
    assert_eq!(added.version, 2);
    let content = api.get_resume(&resume).await.unwrap().content;
    assert!(
        content.contains(
            "School: Second School\nDegree: M.S.\nStart date: 09/2016\nEnd date: 06/2018"
        ),
        "{content}"
    );
    let reordered = degrees
        .reorder(&ReorderRequest {
            version: 2,
            order: vec![1, 0],
        })
        .await
        .unwrap();
    assert_eq!(schools(&reordered), ["Example University", "Second School"]);
    assert_eq!(reordered.version, 3);
    let deleted = degrees.delete(0, 3).await.unwrap();
    assert_eq!(schools(&deleted), ["Second School"]);
    assert_eq!(deleted.version, 4);

    // Assert: the collection view agrees, and out-of-range items are 404.
    let list = degrees.list().await.unwrap();
    assert_api_snapshot!("degree_collection", list);
    assert_eq!(list.version, 4);
    assert_eq!(list.items.len(), 1);
    let error = degrees
        .get(5)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    assert!(error.message.contains("no degree at index 5"), "{error:?}");
    let duplicate = ReorderRequest {
        version: 4,
        order: vec![0, 0],
    };
    let failures = [
        api.collection::<Project>(&resume)
            .reorder(&duplicate)
            .await
            .unwrap_err(),
        api.collection::<Role>(&resume)
            .add(&item(4, role("C", "T", "2020-01"), Some(9)))
            .await
            .unwrap_err(),
    ];
    for failure in failures {
        failure.assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
    }
    let error = degrees
        .delete(0, 1)
        .await
        .unwrap_err()
        .assert_is(StatusCode::CONFLICT, ErrorCode::VersionConflict);
    assert_eq!(error.current_version, Some(4));
    // Without the version the route needs: sent raw.
    api.error(
        Method::DELETE,
        &format!("/resumes/{resume}/degrees/0"),
        None,
    )
    .await
    .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidParameter);
}

async fn invalid_items_are_refused_with_field_paths(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Fields", None).await.id;
    let roles = api.collection::<Role>(&resume);
    let mut invalid = role(" ", "Two\nlines", "2021-05");
    invalid.basics.end_date = Some(month("2020-01"));
    invalid.skills = vec!["Rust".to_owned(), String::new()];

    // Act
    let failure = roles.add(&item(1, invalid, None)).await.unwrap_err();

    // Assert
    let error = failure.assert_is(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    );
    for path in [
        "experience.roles[1].basics.company",
        "experience.roles[1].basics.title",
        "experience.roles[1].basics.end_date",
    ] {
        assert!(error.fields.contains_key(path), "{path}: {error:?}");
    }
    // A month 13 is no `YearMonth`: sent raw.
    api.error(
        Method::POST,
        &format!("/resumes/{resume}/roles"),
        Some(&json!({ "version": 1, "item": {"basics": {"company": "C", "title": "T", "start_date": "2020-13"}} })),
    )
    .await
    .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidJson);
    let read = api.get_resume(&resume).await.unwrap();
    assert_eq!(read.version, 1, "nothing was written");
}

async fn sections_read_and_replace_personal_education_and_certifications(app: TestApp) {
    // Arrange
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Sections", None).await.id;
    let personal = api.get_personal(&resume).await.unwrap();
    assert_api_snapshot!("personal_section", personal);
    let mut new_personal = personal.personal.unwrap();
    assert_eq!(new_personal.contact.as_ref().unwrap().name, "Your Name");

    // Act: a new contact, no education, one certification.
    new_personal.contact = Some(Contact {
        name: "Ada Lovelace".to_owned(),
        email: Some("ada@example.org".to_owned()),
        ..Contact::default()
    });
    let written = api
        .put_personal(
            &resume,
            &PersonalRequest {
                version: 1,
                personal: Some(new_personal.clone()),
            },
        )
        .await
        .unwrap();
    assert_api_snapshot!("personal_written", written);
    assert_eq!(written.version, 2);
    assert_eq!(written.personal, Some(new_personal));
    let education = api
        .put_education(
            &resume,
            &EducationRequest {
                version: 2,
                education: None,
            },
        )
        .await
        .unwrap();
    assert_eq!((education.version, education.education), (3, None));
    let cka = Certification {
        name: "CKA".to_owned(),
        issued: Some(month("2022-03")),
        ..Certification::default()
    };
    let last = api
        .put_certifications(
            &resume,
            &CertificationsRequest {
                version: 3,
                certifications: vec![cka.clone()],
            },
        )
        .await
        .unwrap();

    // Assert
    assert_eq!(last.version, 4);
    assert_eq!(last.items, std::slice::from_ref(&cka));
    let content = &api.get_resume(&resume).await.unwrap().content;
    assert!(content.starts_with("# Personal\n\n## Contact Information\n\nName: Ada Lovelace\nEmail: ada@example.org\n\n## Websites"), "{content}");
    assert!(!content.contains("# Education"));
    assert!(content.contains(
        "# Certifications\n\n## Certification\n\nName: CKA\nIssued: 03/2022\n\n# Experience"
    ));
    let education = api.get_education(&resume).await.unwrap();
    assert!(education.education.is_none(), "{education:?}");
    let certifications = api
        .collection::<Certification>(&resume)
        .list()
        .await
        .unwrap();
    assert_eq!(certifications.items, [cka]);
    // Removing everything would leave an empty resume: refused, and nothing is written.
    api.put_personal(
        &resume,
        &PersonalRequest {
            version: 4,
            personal: None,
        },
    )
    .await
    .unwrap();
    api.put_certifications(
        &resume,
        &CertificationsRequest {
            version: 5,
            certifications: Vec::new(),
        },
    )
    .await
    .unwrap();
    api.collection::<Project>(&resume)
        .delete(0, 6)
        .await
        .unwrap();
    api.collection::<Role>(&resume)
        .delete(0, 7)
        .await
        .unwrap_err()
        .assert_is(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidResume);
    let read = api.get_resume(&resume).await.unwrap();
    assert_eq!(read.version, 7);
    assert!(read.content.starts_with("# Experience\n\n## Roles"));
}
