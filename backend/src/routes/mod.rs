//! The API routes, one module per resource, each an `OpenApiRouter<AppState>` of handlers
//! annotated with `#[utoipa::path]` (the handler's name is its operationId). [`api_router`]
//! nests them under `/api/v1`; only `.routes(routes!(...))` is used to add routes, so every
//! route is in the OpenAPI document (a test checks this).

pub mod account;
pub mod admin;
pub mod applications;
pub mod auth;
pub mod cover_letters;
pub mod documents;
pub mod health;
pub mod refinements;
pub mod resumes;
pub mod revisions;
pub mod sections;
pub mod sessions;
pub mod settings;
pub mod setup;
pub mod shares;
pub mod tokens;
pub mod trash;
pub mod two_factor;

use utoipa::{Modify as _, OpenApi as _};
use utoipa_axum::router::OpenApiRouter;

use crate::openapi::{ApiDoc, BinaryResponses, ClosedSets, IntegerRanges, StandardResponses};
use crate::state::AppState;

/// Prefix of every API route.
pub const API_PREFIX: &str = "/api/v1";

/// Every API route under `/api/v1`, with the OpenAPI document they make up (completed by
/// [`StandardResponses`], [`IntegerRanges`], [`ClosedSets`] and [`BinaryResponses`]).
pub fn api_router() -> OpenApiRouter<AppState> {
    let v1 = OpenApiRouter::new()
        .merge(health::router())
        .merge(setup::router())
        .merge(auth::router())
        .merge(two_factor::router())
        .merge(sessions::router())
        .merge(settings::router())
        .merge(tokens::router())
        .merge(account::router())
        .merge(admin::router())
        .merge(refinements::router())
        .merge(resumes::router())
        .merge(documents::router())
        .merge(revisions::router())
        .merge(sections::router())
        .merge(trash::router())
        .merge(applications::router())
        .merge(shares::router())
        .merge(cover_letters::router());
    let mut router = OpenApiRouter::with_openapi(ApiDoc::openapi()).nest(API_PREFIX, v1);
    StandardResponses.modify(router.get_openapi_mut());
    IntegerRanges.modify(router.get_openapi_mut());
    ClosedSets.modify(router.get_openapi_mut());
    BinaryResponses.modify(router.get_openapi_mut());
    router
}
