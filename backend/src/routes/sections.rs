//! Structured editing of a resume's parsed model: whole sections (`/personal`, `/education`,
//! `/certifications`) and the four collections (`/roles`, `/projects`, `/degrees`,
//! `/certifications`) item by item. Every write takes the `version` it is based on (409 when
//! stale), is validated field by field (422 names paths like
//! `experience.roles[2].basics.title`), is written back as canonical text, and answers with the
//! fragment it changed and the new version (a collection write answers the whole collection,
//! since indices move), never the whole resume: a client that also shows the text fetches it
//! when the version says it is behind.

use axum::Json;
use axum::extract::State;
use chrono::Utc;
use resume_shared::api::ApiError;
use resume_shared::api::input::{CheckInput, Problems, check_version};
use resume_shared::api::resumes::{
    CertificationsRequest, CollectionResponse, EducationRequest, EducationResponse, ItemRequest,
    ItemResponse, PersonalRequest, PersonalResponse, ReorderRequest,
};
use resume_shared::{Certification, Degree, Project, Resume, Role};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::extractor::{ApiUser, Caller};
use crate::error::{AppError, AppJson, AppPath, AppQuery};
use crate::services::ServiceError;
use crate::services::resumes::structured::{self, Item};
use crate::state::AppState;

/// The structured-editing routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_personal, update_personal))
        .routes(routes!(get_education, update_education))
        .routes(routes!(roles::list_roles, roles::add_role))
        .routes(routes!(
            roles::get_role,
            roles::update_role,
            roles::delete_role
        ))
        .routes(routes!(roles::reorder_roles))
        .routes(routes!(projects::list_projects, projects::add_project))
        .routes(routes!(
            projects::get_project,
            projects::update_project,
            projects::delete_project
        ))
        .routes(routes!(projects::reorder_projects))
        .routes(routes!(degrees::list_degrees, degrees::add_degree))
        .routes(routes!(
            degrees::get_degree,
            degrees::update_degree,
            degrees::delete_degree
        ))
        .routes(routes!(degrees::reorder_degrees))
        .routes(routes!(
            certifications::list_certifications,
            certifications::add_certification,
            replace_certifications
        ))
        .routes(routes!(
            certifications::get_certification,
            certifications::update_certification,
            certifications::delete_certification
        ))
        .routes(routes!(certifications::reorder_certifications))
}

/// Runs a structured edit; answers the new version and the resume as it now is, for the
/// handler to cut its fragment from.
async fn edit(
    state: &AppState,
    current: &Caller,
    id: Uuid,
    version: i64,
    change: impl FnOnce(&mut Resume) -> Result<(), ServiceError>,
) -> Result<(i64, Resume), AppError> {
    let (stored, ()) = structured::edit(
        &state.db,
        current.actor(state.settings.quotas),
        id,
        version,
        Utc::now(),
        change,
    )
    .await?;
    Ok((stored.row.version, stored.parsed.resume))
}

/// Runs a structured edit of collection `T`; answers the whole collection after it.
async fn edit_collection<T: Item>(
    state: &AppState,
    current: &Caller,
    id: Uuid,
    version: i64,
    change: impl FnOnce(&mut Resume) -> Result<(), ServiceError>,
) -> Result<Json<CollectionResponse<T>>, AppError> {
    let (version, resume) = edit(state, current, id, version, change).await?;
    Ok(Json(CollectionResponse {
        version,
        items: T::items(&resume).to_vec(),
    }))
}

/// The Personal section (contact, websites, visa status, banner, note).
#[utoipa::path(
    get,
    path = "/resumes/{id}/personal",
    tag = "structured editing",
    params(("id" = Uuid, Path, description = "Resume id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The section and the resume's version", body = PersonalResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such resume", body = ApiError),
    )
)]
pub async fn get_personal(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<PersonalResponse>, AppError> {
    let (row, resume) = structured::read(&state.db, current.user.id, id).await?;
    Ok(Json(PersonalResponse {
        version: row.version,
        personal: resume.personal,
    }))
}

/// Replaces the Personal section (`null` removes it).
#[utoipa::path(
    put,
    path = "/resumes/{id}/personal",
    tag = "structured editing",
    params(("id" = Uuid, Path, description = "Resume id")),
    request_body = PersonalRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The section after the change and the new version", body = PersonalResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such resume", body = ApiError),
        (status = 409, description = "Stale version", body = ApiError),
        (status = 422, description = "Invalid fields", body = ApiError),
    )
)]
pub async fn update_personal(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
    AppJson(input): AppJson<PersonalRequest>,
) -> Result<Json<PersonalResponse>, AppError> {
    let (version, resume) = edit(&state, &current, id, input.version, |resume| {
        resume.personal = input.personal;
        Ok(())
    })
    .await?;
    Ok(Json(PersonalResponse {
        version,
        personal: resume.personal,
    }))
}

/// The Education section.
#[utoipa::path(
    get,
    path = "/resumes/{id}/education",
    tag = "structured editing",
    params(("id" = Uuid, Path, description = "Resume id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The section and the resume's version", body = EducationResponse),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such resume", body = ApiError),
    )
)]
pub async fn get_education(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<EducationResponse>, AppError> {
    let (row, resume) = structured::read(&state.db, current.user.id, id).await?;
    Ok(Json(EducationResponse {
        version: row.version,
        education: resume.education,
    }))
}

/// Replaces the Education section (`null` removes it).
#[utoipa::path(
    put,
    path = "/resumes/{id}/education",
    tag = "structured editing",
    params(("id" = Uuid, Path, description = "Resume id")),
    request_body = EducationRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The section after the change and the new version", body = EducationResponse),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such resume", body = ApiError),
        (status = 409, description = "Stale version", body = ApiError),
        (status = 422, description = "Invalid fields", body = ApiError),
    )
)]
pub async fn update_education(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
    AppJson(input): AppJson<EducationRequest>,
) -> Result<Json<EducationResponse>, AppError> {
    let (version, resume) = edit(&state, &current, id, input.version, |resume| {
        resume.education = input.education;
        Ok(())
    })
    .await?;
    Ok(Json(EducationResponse {
        version,
        education: resume.education,
    }))
}

/// Replaces every certification at once.
#[utoipa::path(
    put,
    path = "/resumes/{id}/certifications",
    tag = "structured editing",
    params(("id" = Uuid, Path, description = "Resume id")),
    request_body = CertificationsRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The certifications after the change and the new version", body = CollectionResponse<Certification>),
        (status = 400, description = "Malformed JSON", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such resume", body = ApiError),
        (status = 409, description = "Stale version", body = ApiError),
        (status = 422, description = "Invalid fields", body = ApiError),
    )
)]
pub async fn replace_certifications(
    State(state): State<AppState>,
    ApiUser(current): ApiUser,
    AppPath(id): AppPath<Uuid>,
    AppJson(input): AppJson<CertificationsRequest>,
) -> Result<Json<CollectionResponse<Certification>>, AppError> {
    edit_collection(&state, &current, id, input.version, |resume| {
        resume.certifications = input.certifications;
        Ok(())
    })
    .await
}

/// Query of the item deletions.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionQuery {
    /// The version this change is based on.
    #[param(minimum = 1, maximum = 9007199254740991_i64)]
    pub version: i64,
}

impl CheckInput for VersionQuery {
    fn check_input(&self, problems: &mut Problems) {
        check_version(problems, "version", self.version);
    }
}

/// The handlers of one collection: list, add, get, update, delete and reorder, all over the
/// generic operations of [`structured`]. Paths are given as tokens so the OpenAPI macro sees
/// plain literals.
macro_rules! collection_routes {
    (
        $module:ident, $item:ty, $tag:tt,
        $list:ident = $list_path:tt, $add:ident,
        $get:ident = $item_path:tt, $update:ident, $delete:ident,
        $reorder:ident = $reorder_path:tt
    ) => {
        /// Handlers of one collection.
        pub mod $module {
            use super::*;

            /// The items, in document order, with the resume's version.
            #[utoipa::path(
                get,
                path = $list_path,
                tag = $tag,
                params(("id" = Uuid, Path, description = "Resume id")),
                security(("bearer" = []), ("cookie" = [])),
                responses(
                    (status = 200, description = "The items", body = CollectionResponse<$item>),
                    (status = 401, description = "Not signed in", body = ApiError),
                    (status = 404, description = "No such resume", body = ApiError),
                )
            )]
            pub async fn $list(
                State(state): State<AppState>,
                ApiUser(current): ApiUser,
                AppPath(id): AppPath<Uuid>,
            ) -> Result<Json<CollectionResponse<$item>>, AppError> {
                let (row, resume) = structured::read(&state.db, current.user.id, id).await?;
                Ok(Json(CollectionResponse {
                    version: row.version,
                    items: <$item as Item>::items(&resume).to_vec(),
                }))
            }

            /// Adds an item at `position` (default: the end).
            #[utoipa::path(
                post,
                path = $list_path,
                tag = $tag,
                params(("id" = Uuid, Path, description = "Resume id")),
                request_body = ItemRequest<$item>,
                security(("bearer" = []), ("cookie" = [])),
                responses(
                    (status = 200, description = "The collection after the change and the new version", body = CollectionResponse<$item>),
                    (status = 400, description = "Malformed JSON", body = ApiError),
                    (status = 401, description = "Not signed in", body = ApiError),
                    (status = 404, description = "No such resume", body = ApiError),
                    (status = 409, description = "Stale version", body = ApiError),
                    (status = 422, description = "Invalid fields or position", body = ApiError),
                )
            )]
            pub async fn $add(
                State(state): State<AppState>,
                ApiUser(current): ApiUser,
                AppPath(id): AppPath<Uuid>,
                AppJson(input): AppJson<ItemRequest<$item>>,
            ) -> Result<Json<CollectionResponse<$item>>, AppError> {
                edit_collection(&state, &current, id, input.version, |resume| {
                    structured::insert(resume, input.item, input.position).map(|_| ())
                })
                .await
            }

            /// One item.
            #[utoipa::path(
                get,
                path = $item_path,
                tag = $tag,
                params(
                    ("id" = Uuid, Path, description = "Resume id"),
                    ("index" = usize, Path, description = "Position, from 0"),
                ),
                security(("bearer" = []), ("cookie" = [])),
                responses(
                    (status = 200, description = "The item", body = ItemResponse<$item>),
                    (status = 401, description = "Not signed in", body = ApiError),
                    (status = 404, description = "No such resume or item", body = ApiError),
                )
            )]
            pub async fn $get(
                State(state): State<AppState>,
                ApiUser(current): ApiUser,
                AppPath((id, index)): AppPath<(Uuid, usize)>,
            ) -> Result<Json<ItemResponse<$item>>, AppError> {
                let (row, resume) = structured::read(&state.db, current.user.id, id).await?;
                Ok(Json(ItemResponse {
                    version: row.version,
                    index,
                    item: structured::get::<$item>(&resume, index)?,
                }))
            }

            /// Replaces one item.
            #[utoipa::path(
                put,
                path = $item_path,
                tag = $tag,
                params(
                    ("id" = Uuid, Path, description = "Resume id"),
                    ("index" = usize, Path, description = "Position, from 0"),
                ),
                request_body = ItemRequest<$item>,
                security(("bearer" = []), ("cookie" = [])),
                responses(
                    (status = 200, description = "The collection after the change and the new version", body = CollectionResponse<$item>),
                    (status = 400, description = "Malformed JSON", body = ApiError),
                    (status = 401, description = "Not signed in", body = ApiError),
                    (status = 404, description = "No such resume or item", body = ApiError),
                    (status = 409, description = "Stale version", body = ApiError),
                    (status = 422, description = "Invalid fields", body = ApiError),
                )
            )]
            pub async fn $update(
                State(state): State<AppState>,
                ApiUser(current): ApiUser,
                AppPath((id, index)): AppPath<(Uuid, usize)>,
                AppJson(input): AppJson<ItemRequest<$item>>,
            ) -> Result<Json<CollectionResponse<$item>>, AppError> {
                edit_collection(&state, &current, id, input.version, |resume| {
                    structured::replace(resume, index, input.item)
                })
                .await
            }

            /// Removes one item.
            #[utoipa::path(
                delete,
                path = $item_path,
                tag = $tag,
                params(
                    ("id" = Uuid, Path, description = "Resume id"),
                    ("index" = usize, Path, description = "Position, from 0"),
                    VersionQuery,
                ),
                security(("bearer" = []), ("cookie" = [])),
                responses(
                    (status = 200, description = "The collection after the change and the new version", body = CollectionResponse<$item>),
                    (status = 400, description = "Missing or bad version", body = ApiError),
                    (status = 401, description = "Not signed in", body = ApiError),
                    (status = 404, description = "No such resume or item", body = ApiError),
                    (status = 409, description = "Stale version", body = ApiError),
                    (status = 422, description = "The resume would be empty, or a version out of range", body = ApiError),
                )
            )]
            pub async fn $delete(
                State(state): State<AppState>,
                ApiUser(current): ApiUser,
                AppPath((id, index)): AppPath<(Uuid, usize)>,
                AppQuery(query): AppQuery<VersionQuery>,
            ) -> Result<Json<CollectionResponse<$item>>, AppError> {
                edit_collection(&state, &current, id, query.version, |resume| {
                    structured::remove::<$item>(resume, index).map(|_| ())
                })
                .await
            }

            /// Puts the items in a new order.
            #[utoipa::path(
                post,
                path = $reorder_path,
                tag = $tag,
                params(("id" = Uuid, Path, description = "Resume id")),
                request_body = ReorderRequest,
                security(("bearer" = []), ("cookie" = [])),
                responses(
                    (status = 200, description = "The collection after the change and the new version", body = CollectionResponse<$item>),
                    (status = 400, description = "Malformed JSON", body = ApiError),
                    (status = 401, description = "Not signed in", body = ApiError),
                    (status = 404, description = "No such resume", body = ApiError),
                    (status = 409, description = "Stale version", body = ApiError),
                    (status = 422, description = "Not a permutation, or a version out of range", body = ApiError),
                )
            )]
            pub async fn $reorder(
                State(state): State<AppState>,
                ApiUser(current): ApiUser,
                AppPath(id): AppPath<Uuid>,
                AppJson(input): AppJson<ReorderRequest>,
            ) -> Result<Json<CollectionResponse<$item>>, AppError> {
                edit_collection(&state, &current, id, input.version, |resume| {
                    structured::reorder::<$item>(resume, &input.order)
                })
                .await
            }
        }
    };
}

collection_routes!(
    roles,
    Role,
    "structured editing",
    list_roles = "/resumes/{id}/roles",
    add_role,
    get_role = "/resumes/{id}/roles/{index}",
    update_role,
    delete_role,
    reorder_roles = "/resumes/{id}/roles/reorder"
);
collection_routes!(
    projects,
    Project,
    "structured editing",
    list_projects = "/resumes/{id}/projects",
    add_project,
    get_project = "/resumes/{id}/projects/{index}",
    update_project,
    delete_project,
    reorder_projects = "/resumes/{id}/projects/reorder"
);
collection_routes!(
    degrees,
    Degree,
    "structured editing",
    list_degrees = "/resumes/{id}/degrees",
    add_degree,
    get_degree = "/resumes/{id}/degrees/{index}",
    update_degree,
    delete_degree,
    reorder_degrees = "/resumes/{id}/degrees/reorder"
);
collection_routes!(
    certifications,
    Certification,
    "structured editing",
    list_certifications = "/resumes/{id}/certifications",
    add_certification,
    get_certification = "/resumes/{id}/certifications/{index}",
    update_certification,
    delete_certification,
    reorder_certifications = "/resumes/{id}/certifications/reorder"
);
