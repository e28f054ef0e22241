//! The application tracker: one application per resume with optimistic concurrency and a
//! timeline of status changes, the list (filter, sort, pages), the CSV export (quoting and
//! defused formulas), ownership (404), validation (each bad field named), read tokens, the
//! trash, deletion for good, the account export and the audit log.

use std::io::Read as _;

use reqwest::{Method, StatusCode};
use resume_backend::db::entities::{application_events, applications};
use resume_shared::api::applications::{
    ApplicationFields, ApplicationResponse, ApplicationStatus, CreateApplicationRequest,
    UpdateApplicationRequest,
};
use resume_shared::api::resumes::UpdateResumeRequest;
use resume_shared::api::tokens::{CreateApiTokenRequest, TokenScope};
use resume_shared::api::{ErrorCode, Patch};
use sea_orm::{EntityTrait as _, PaginatorTrait as _};
use serde_json::{Value, json};

use crate::client::{ApiClient, AuditQuery, ListApplications};
use crate::helpers::{TestApp, impersonate};
use crate::resumes::{ONE_ROLE, new_resume, second_user};
use crate::{assert_api_snapshot, db_tests};

db_tests!(
    an_application_is_created_read_updated_with_its_version_and_deleted,
    the_list_filters_sorts_and_pages,
    the_csv_export_quotes_cells_and_defuses_formulas,
    another_users_resume_or_application_is_not_found,
    bad_fields_are_each_named,
    a_read_token_cannot_write_applications,
    the_trash_hides_an_application_and_deleting_for_good_removes_it,
    the_account_export_holds_the_application_and_its_timeline,
    the_timeline_keeps_the_newest_two_hundred_changes,
    impersonated_changes_name_the_administrator_and_are_audited,
);

/// A request with a status and nothing else.
fn with_status(status: ApplicationStatus) -> CreateApplicationRequest {
    CreateApplicationRequest::from(ApplicationFields {
        status,
        ..ApplicationFields::default()
    })
}

/// The replacement of `application`'s fields by `change`, based on its version.
fn replace(
    application: &ApplicationResponse,
    change: impl FnOnce(&mut ApplicationFields),
) -> UpdateApplicationRequest {
    let mut request = UpdateApplicationRequest {
        version: application.version,
        fields: ApplicationFields {
            status: application.status,
            applied_on: application.applied_on.clone(),
            posting_url: application.posting_url.clone(),
            contact: application.contact.clone(),
            next_step: application.next_step.clone(),
            next_step_on: application.next_step_on.clone(),
            notes: application.notes.clone(),
        },
    };
    change(&mut request.fields);
    request
}

async fn an_application_is_created_read_updated_with_its_version_and_deleted(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Backend", Some(ONE_ROLE)).await;
    api.get_application(&resume.id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    let created = api
        .create_application(
            &resume.id,
            &CreateApplicationRequest::from(ApplicationFields {
                status: ApplicationStatus::Applied,
                applied_on: Some("2026-12-01".to_owned()),
                posting_url: Some("  https://jobs.example.com/42?ref=board  ".to_owned()),
                contact: Some("Sam Lee, recruiter".to_owned()),
                next_step: Some("Phone screen".to_owned()),
                next_step_on: Some("2026-12-08".to_owned()),
                notes: Some("   ".to_owned()),
            }),
        )
        .await
        .unwrap();
    assert_api_snapshot!("application", created);
    assert_eq!(created.version, 1);
    assert_eq!(
        created.posting_url.as_deref(),
        Some("https://jobs.example.com/42?ref=board"),
        "trimmed"
    );
    assert_eq!(created.notes, None, "an empty text is absent");
    assert_eq!(created.timeline.len(), 1);
    assert_eq!(created.timeline[0].from, None);
    assert_eq!(created.timeline[0].to, ApplicationStatus::Applied);
    assert_eq!(
        created.timeline[0]
            .actor
            .as_ref()
            .map(|a| a.username.as_str()),
        Some("admin")
    );
    assert_eq!(api.get_application(&resume.id).await.unwrap(), created);
    api.create_application(&resume.id, &with_status(ApplicationStatus::Saved))
        .await
        .unwrap_err()
        .assert_is(StatusCode::CONFLICT, ErrorCode::Conflict);

    // A change of status adds an event; a change of anything else does not.
    let interviewing = api
        .update_application(
            &resume.id,
            &replace(&created, |r| r.status = ApplicationStatus::Interviewing),
        )
        .await
        .unwrap();
    assert_eq!(interviewing.version, 2);
    assert_eq!(interviewing.timeline.len(), 2);
    assert_eq!(
        interviewing.timeline[1].from,
        Some(ApplicationStatus::Applied)
    );
    assert_eq!(interviewing.timeline[1].to, ApplicationStatus::Interviewing);
    let noted = api
        .update_application(
            &resume.id,
            &replace(&interviewing, |r| {
                r.notes = Some("Ask about the team".to_owned());
                r.contact = None;
            }),
        )
        .await
        .unwrap();
    assert_eq!(noted.version, 3);
    assert_eq!(noted.timeline.len(), 2, "no status change, no event");
    assert_eq!(
        noted.contact, None,
        "PUT replaces: an absent field is cleared"
    );
    assert_eq!(noted.notes.as_deref(), Some("Ask about the team"));

    // A stale version writes nothing and names the current one.
    let stale = api
        .update_application(
            &resume.id,
            &replace(&interviewing, |r| r.status = ApplicationStatus::Offer),
        )
        .await
        .unwrap_err()
        .assert_is(StatusCode::CONFLICT, ErrorCode::VersionConflict);
    assert_eq!(stale.current_version, Some(3));
    let stale = api
        .delete_application(&resume.id, 2)
        .await
        .unwrap_err()
        .assert_is(StatusCode::CONFLICT, ErrorCode::VersionConflict);
    assert_eq!(stale.current_version, Some(3));
    assert_eq!(api.get_application(&resume.id).await.unwrap(), noted);

    api.delete_application(&resume.id, 3).await.unwrap();
    api.get_application(&resume.id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    api.delete_application(&resume.id, 3)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    assert_eq!(
        application_events::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        0,
        "the timeline goes with the application"
    );
    // The resume can have a new one.
    let again = api
        .create_application(&resume.id, &CreateApplicationRequest::default())
        .await
        .unwrap();
    assert_eq!(again.status, ApplicationStatus::Saved);
    assert_eq!(again.timeline.len(), 1);
}

/// Creates a resume named `name` (with `company`, when given) and its application.
async fn tracked(
    api: &ApiClient,
    name: &str,
    company: Option<&str>,
    request: CreateApplicationRequest,
) -> String {
    let resume = new_resume(api, name, Some(ONE_ROLE)).await;
    if let Some(company) = company {
        api.update_resume(
            &resume.id,
            &UpdateResumeRequest {
                version: resume.version,
                name: None,
                content: None,
                company: Patch::Set(company.to_owned()),
                notes: Patch::Unchanged,
                introduction: Patch::Unchanged,
                job_description: Patch::Unchanged,
                job_details: Patch::Unchanged,
            },
        )
        .await
        .unwrap();
    }
    api.create_application(&resume.id, &request).await.unwrap();
    resume.id
}

fn query(change: impl FnOnce(&mut ListApplications)) -> ListApplications {
    let mut query = ListApplications::default();
    change(&mut query);
    query
}

async fn the_list_filters_sorts_and_pages(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let step = |status, on: Option<&str>| {
        CreateApplicationRequest::from(ApplicationFields {
            status,
            next_step: on.map(|_| "Call back".to_owned()),
            next_step_on: on.map(str::to_owned),
            ..ApplicationFields::default()
        })
    };
    let a = tracked(
        &api,
        "A",
        Some("Initech"),
        step(ApplicationStatus::Applied, Some("2026-12-20")),
    )
    .await;
    let b = tracked(&api, "B", None, step(ApplicationStatus::Saved, None)).await;
    let c = tracked(
        &api,
        "C",
        None,
        step(ApplicationStatus::Applied, Some("2026-12-10")),
    )
    .await;
    let d = tracked(
        &api,
        "D",
        None,
        step(ApplicationStatus::Interviewing, Some("2027-01-05")),
    )
    .await;
    // A resume without an application is not listed.
    new_resume(&api, "E", Some(ONE_ROLE)).await;

    let all = api
        .list_applications(&ListApplications::default())
        .await
        .unwrap();
    assert_eq!(all.total, 4);
    let ids: Vec<&str> = all.items.iter().map(|i| i.resume_id.as_str()).collect();
    assert_eq!(ids, [&d, &c, &b, &a], "latest change first by default");
    let first = all.items.last().unwrap();
    assert_eq!(first.resume_name, "A");
    assert_eq!(first.company.as_deref(), Some("Initech"));
    assert_eq!(first.next_step_on.as_deref(), Some("2026-12-20"));

    let applied = api
        .list_applications(&query(|q| q.status = Some("applied".to_owned())))
        .await
        .unwrap();
    assert_eq!(applied.total, 2);
    assert!(
        applied
            .items
            .iter()
            .all(|i| i.status == ApplicationStatus::Applied)
    );

    let soonest = api
        .list_applications(&query(|q| q.sort = Some("next_step".to_owned())))
        .await
        .unwrap();
    let ids: Vec<&str> = soonest.items.iter().map(|i| i.resume_id.as_str()).collect();
    assert_eq!(ids, [&c, &a, &d, &b], "soonest first, none last");
    let latest = api
        .list_applications(&query(|q| q.sort = Some("-next_step".to_owned())))
        .await
        .unwrap();
    let ids: Vec<&str> = latest.items.iter().map(|i| i.resume_id.as_str()).collect();
    assert_eq!(ids, [&d, &a, &c, &b], "none last either way");

    let page = api
        .list_applications(&query(|q| {
            q.sort = Some("next_step".to_owned());
            q.page = Some(2);
            q.per_page = Some(3);
        }))
        .await
        .unwrap();
    assert_eq!((page.total, page.page, page.per_page), (4, 2, 3));
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].resume_id, b);

    let found = api
        .list_applications(&query(|q| q.q = Some("initech".to_owned())))
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.items[0].resume_id, a);

    // The same leniency and errors as the resume list.
    api.list_applications(&query(|q| q.sort = Some("size".to_owned())))
        .await
        .unwrap_err()
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
    let paging = api
        .list_applications(&query(|q| q.per_page = Some(1000)))
        .await
        .unwrap_err()
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
    assert!(paging.fields.contains_key("per_page"));
    api.error(Method::GET, "/applications?status=hired", None)
        .await
        .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidParameter);
    api.error(Method::GET, "/applications?page=-1", None)
        .await
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
}

async fn the_csv_export_quotes_cells_and_defuses_formulas(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "=HYPERLINK(\"x\")", Some(ONE_ROLE)).await;
    api.create_application(
        &resume.id,
        &CreateApplicationRequest::from(ApplicationFields {
            status: ApplicationStatus::Applied,
            contact: Some("Lee, Sam \"the recruiter\"".to_owned()),
            next_step: Some("@mention the team".to_owned()),
            notes: Some("first line\nsecond, line\n-minus".to_owned()),
            ..ApplicationFields::default()
        }),
    )
    .await
    .unwrap();

    let download = api.export_applications().await.unwrap();
    assert_eq!(download.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        download.headers["content-disposition"],
        "attachment; filename=\"applications.csv\""
    );
    let text = download.text();
    let (header, rest) = text.split_once("\r\n").unwrap();
    assert_eq!(
        header,
        "resume_id,resume_name,kind,company,status,applied_on,posting_url,contact,next_step,\
         next_step_on,notes,created_at,updated_at"
    );
    let expected_start = format!(
        "{},\"'=HYPERLINK(\"\"x\"\")\",base,,applied,,,\"Lee, Sam \"\"the recruiter\"\"\",\
         '@mention the team,,\"first line\nsecond, line\n-minus\",",
        resume.id
    );
    assert!(rest.starts_with(&expected_start), "{rest}");
    assert!(rest.ends_with("\r\n"));
    assert_eq!(rest.matches("\r\n").count(), 1, "one row");

    // Another user's export holds only the header.
    let other = second_user(&app, &admin, "bob").await;
    let theirs = app.api(&other).export_applications().await.unwrap();
    assert_eq!(theirs.text().matches("\r\n").count(), 1);
}

async fn another_users_resume_or_application_is_not_found(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Mine", Some(ONE_ROLE)).await;
    let created = api
        .create_application(&resume.id, &with_status(ApplicationStatus::Applied))
        .await
        .unwrap();
    let bob = second_user(&app, &admin, "bob").await;
    let theirs = app.api(&bob);
    theirs
        .get_application(&resume.id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    theirs
        .update_application(&resume.id, &replace(&created, |_| {}))
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    theirs
        .delete_application(&resume.id, 1)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    theirs
        .create_application(&resume.id, &CreateApplicationRequest::default())
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let missing = "00000000-0000-4000-8000-000000000000";
    api.create_application(missing, &CreateApplicationRequest::default())
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let listed = theirs
        .list_applications(&ListApplications::default())
        .await
        .unwrap();
    assert_eq!(listed.total, 0);
    assert_eq!(api.get_application(&resume.id).await.unwrap(), created);
}

async fn bad_fields_are_each_named(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Mine", Some(ONE_ROLE)).await;
    let path = format!("/resumes/{}/application", resume.id);
    let refused = api
        .error(
            Method::POST,
            &path,
            Some(&json!({
                "posting_url": "javascript:alert(1)",
                "contact": "x".repeat(201),
                "applied_on": "2026-02-30",
                "next_step_on": "next week",
                "next_step": "call\u{1b}[31m",
                "notes": "a\u{0}b",
            })),
        )
        .await
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
    // The size and character rules answer first, at the extractor.
    let fields: Vec<&str> = refused.fields.keys().map(String::as_str).collect();
    assert_eq!(fields, ["contact", "next_step", "notes"], "{refused:?}");
    let refused = api
        .error(
            Method::POST,
            &path,
            Some(&json!({
                "posting_url": "javascript:alert(1)",
                "applied_on": "2026-02-30",
                "next_step_on": "next week",
            })),
        )
        .await
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
    let fields: Vec<&str> = refused.fields.keys().map(String::as_str).collect();
    assert_eq!(
        fields,
        ["applied_on", "next_step_on", "posting_url"],
        "{refused:?}"
    );
    for url in ["not a url", "ftp://example.com/x", "/jobs/42"] {
        let refused = api
            .error(Method::POST, &path, Some(&json!({ "posting_url": url })))
            .await
            .assert_is(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ValidationFailed,
            );
        assert!(refused.fields.contains_key("posting_url"), "{url}");
    }
    let long_url = format!("https://example.com/{}", "x".repeat(2048));
    api.error(
        Method::POST,
        &path,
        Some(&json!({ "posting_url": long_url })),
    )
    .await
    .assert_is(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    );
    api.error(Method::POST, &path, Some(&json!({ "status": "hired" })))
        .await
        .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidJson);
    api.error(Method::POST, &path, Some(&json!([])))
        .await
        .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidJson);
    api.get_application(&resume.id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    let created = api
        .create_application(&resume.id, &CreateApplicationRequest::default())
        .await
        .unwrap();
    for version in [0, i64::MAX] {
        let refused = api
            .error(Method::PUT, &path, Some(&json!({ "version": version })))
            .await
            .assert_is(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ValidationFailed,
            );
        assert!(refused.fields.contains_key("version"));
    }
    api.error(Method::DELETE, &format!("{path}?version=0"), None)
        .await
        .assert_is(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
        );
    api.error(Method::DELETE, &path, None)
        .await
        .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidParameter);
    api.error(Method::GET, "/resumes/not-a-uuid/application", None)
        .await
        .assert_is(StatusCode::BAD_REQUEST, ErrorCode::InvalidParameter);
    assert_eq!(api.get_application(&resume.id).await.unwrap(), created);
}

async fn a_read_token_cannot_write_applications(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Mine", Some(ONE_ROLE)).await;
    let secret = api
        .create_token(&CreateApiTokenRequest {
            name: "reader".to_owned(),
            scope: TokenScope::Read,
            expires_in_days: None,
        })
        .await
        .unwrap()
        .secret;
    let read = ApiClient::new(&app, Some(secret.as_str()));
    read.create_application(&resume.id, &CreateApplicationRequest::default())
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::InsufficientScope);
    let created = api
        .create_application(&resume.id, &CreateApplicationRequest::default())
        .await
        .unwrap();
    assert_eq!(read.get_application(&resume.id).await.unwrap(), created);
    read.update_application(
        &resume.id,
        &replace(&created, |r| r.status = ApplicationStatus::Applied),
    )
    .await
    .unwrap_err()
    .assert_is(StatusCode::FORBIDDEN, ErrorCode::InsufficientScope);
    read.delete_application(&resume.id, 1)
        .await
        .unwrap_err()
        .assert_is(StatusCode::FORBIDDEN, ErrorCode::InsufficientScope);
    assert_eq!(
        read.list_applications(&ListApplications::default())
            .await
            .unwrap()
            .total,
        1
    );
    read.export_applications().await.unwrap();
    assert_eq!(api.get_application(&resume.id).await.unwrap(), created);
}

async fn the_trash_hides_an_application_and_deleting_for_good_removes_it(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Mine", Some(ONE_ROLE)).await;
    let created = api
        .create_application(&resume.id, &with_status(ApplicationStatus::Applied))
        .await
        .unwrap();
    api.delete_resume(&resume.id).await.unwrap();
    let listed = api
        .list_applications(&ListApplications::default())
        .await
        .unwrap();
    assert_eq!(listed.total, 0, "in the trash: not listed");
    let csv = api.export_applications().await.unwrap();
    assert_eq!(csv.text().matches("\r\n").count(), 1, "nor exported");
    api.get_application(&resume.id)
        .await
        .unwrap_err()
        .assert_is(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    api.restore_from_trash(&resume.id).await.unwrap();
    assert_eq!(api.get_application(&resume.id).await.unwrap(), created);
    assert_eq!(
        api.list_applications(&ListApplications::default())
            .await
            .unwrap()
            .total,
        1
    );

    api.delete_resume(&resume.id).await.unwrap();
    api.delete_from_trash(&resume.id).await.unwrap();
    assert_eq!(
        applications::Entity::find().count(&app.db).await.unwrap(),
        0
    );
    assert_eq!(
        application_events::Entity::find()
            .count(&app.db)
            .await
            .unwrap(),
        0
    );
}

async fn the_account_export_holds_the_application_and_its_timeline(app: TestApp) {
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Mine", Some(ONE_ROLE)).await;
    let created = api
        .create_application(
            &resume.id,
            &CreateApplicationRequest::from(ApplicationFields {
                status: ApplicationStatus::Applied,
                next_step: Some("Phone screen".to_owned()),
                ..ApplicationFields::default()
            }),
        )
        .await
        .unwrap();
    api.update_application(
        &resume.id,
        &replace(&created, |r| r.status = ApplicationStatus::Offer),
    )
    .await
    .unwrap();
    let untracked = new_resume(&api, "Untracked", Some(ONE_ROLE)).await;

    let response = app
        .bearer(Method::GET, "/account/export", &admin.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive
        .by_name(&format!("resumes/{}/application.json", resume.id))
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let record: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(record["status"], "offer");
    assert_eq!(record["next_step"], "Phone screen");
    assert_eq!(record["version"], 2);
    let timeline = record["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), 2);
    assert_eq!(timeline[0]["from"], Value::Null);
    assert_eq!(timeline[1]["from"], "applied");
    assert_eq!(timeline[1]["to"], "offer");
    assert_eq!(timeline[1]["by_administrator"], false);
    assert!(
        archive
            .by_name(&format!("resumes/{}/application.json", untracked.id))
            .is_err()
    );
    let mut readme = String::new();
    archive
        .by_name("README.md")
        .unwrap()
        .read_to_string(&mut readme)
        .unwrap();
    assert!(readme.contains("resumes/<id>/application.json"));
}

async fn impersonated_changes_name_the_administrator_and_are_audited(app: TestApp) {
    let admin = app.setup_admin().await;
    let bob = second_user(&app, &admin, "bob").await;
    let resume = new_resume(&app.api(&bob), "Bob's", Some(ONE_ROLE)).await;
    let created = app
        .api(&bob)
        .create_application(&resume.id, &CreateApplicationRequest::default())
        .await
        .unwrap();
    let acting = impersonate(&app, &admin, &bob.user_id).await;
    let changed = app
        .api(&acting)
        .update_application(
            &resume.id,
            &replace(&created, |r| r.status = ApplicationStatus::Withdrawn),
        )
        .await
        .unwrap();
    let event = &changed.timeline[1];
    assert_eq!(
        event.actor.as_ref().map(|a| a.username.as_str()),
        Some("bob")
    );
    assert_eq!(
        event.impersonator.as_ref().map(|a| a.username.as_str()),
        Some("admin")
    );
    assert!(changed.timeline[0].impersonator.is_none());

    let audit = app.api(&admin);
    let entries = audit
        .audit(&AuditQuery::action("application.status"))
        .await
        .unwrap()
        .items;
    assert_eq!(entries.len(), 1);
    assert_eq!(
        entries[0].actor_user_id.as_deref(),
        Some(bob.user_id.as_str())
    );
    assert_eq!(
        entries[0].impersonator_user_id.as_deref(),
        Some(admin.user_id.as_str())
    );
    assert_eq!(entries[0].details["from"], "saved");
    assert_eq!(entries[0].details["to"], "withdrawn");
    let created_entries = audit
        .audit(&AuditQuery::action("application.create"))
        .await
        .unwrap()
        .items;
    assert_eq!(created_entries.len(), 1);
    app.api(&bob)
        .delete_application(&resume.id, changed.version)
        .await
        .unwrap();
    let deleted = audit
        .audit(&AuditQuery::action("application.delete"))
        .await
        .unwrap()
        .items;
    assert_eq!(deleted.len(), 1);
}

async fn the_timeline_keeps_the_newest_two_hundred_changes(app: TestApp) {
    // Arrange: an application created as `saved`, then 200 changes between `applied` and
    // `interviewing` (201 events written in all).
    let admin = app.setup_admin().await;
    let api = app.api(&admin);
    let resume = new_resume(&api, "Busy", Some(ONE_ROLE)).await;
    let mut application = api
        .create_application(&resume.id, &with_status(ApplicationStatus::Saved))
        .await
        .unwrap();

    // Act
    for step in 0..200 {
        let status = if step % 2 == 0 {
            ApplicationStatus::Applied
        } else {
            ApplicationStatus::Interviewing
        };
        application = api
            .update_application(&resume.id, &replace(&application, |r| r.status = status))
            .await
            .unwrap();
    }

    // Assert: the newest 200 are kept, in order; the creation event (from nothing to
    // `saved`) is the one that went.
    let timeline = &application.timeline;
    assert_eq!(application.version, 201);
    assert_eq!(timeline.len(), 200);
    assert_eq!(timeline[0].from, Some(ApplicationStatus::Saved));
    assert_eq!(timeline[0].to, ApplicationStatus::Applied);
    assert_eq!(timeline[199].from, Some(ApplicationStatus::Applied));
    assert_eq!(timeline[199].to, ApplicationStatus::Interviewing);
    assert!(timeline.iter().all(|event| event.from.is_some()));
    assert_eq!(api.get_application(&resume.id).await.unwrap(), application);
}
