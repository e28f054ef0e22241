//! `ApiClient`: a typed client of the JSON API for the tests, built on the wire types of
//! `resume_shared::api`. Requests are those types, serialised; answers are read back into them,
//! and each answer must also serialise back to exactly the JSON the server sent, so a field the
//! server adds, drops or renames without the shared type following is a failed test, and a
//! change to a type is a compile error here rather than a silently stale `json!` literal.
//!
//! A call answers `Ok(body)` for the route's success status and `Err(ApiFailure)` (the status
//! and the error envelope) for a 4xx or 5xx; any other status, or an error body that is not the
//! envelope, panics. Tests that deliberately send malformed or mistyped JSON use
//! [`ApiClient::error`] with a raw `serde_json::Value`; a partial object that the wire types
//! cannot write but the server takes goes through [`ApiClient::raw`]. Documents (exports, page
//! images) come back as a [`Download`]. A test that sends a request itself, for its headers or
//! cookies, reads the answer with [`body_of`], [`failure_of`] or [`decoded`], with the same
//! round-trip check.
//!
//! It also owns the JSON snapshots of responses: [`redacted`] and the `assert_api_snapshot!`
//! macro (snapshots in `tests/api/snapshots/`, with ids, timestamps and secrets redacted, so
//! they are the same on SQLite and PostgreSQL).

use std::any::type_name;
use std::marker::PhantomData;

use reqwest::{Method, RequestBuilder, StatusCode};
use resume_shared::api::applications::{
    ApplicationListResponse, ApplicationResponse, CreateApplicationRequest,
    UpdateApplicationRequest,
};
use resume_shared::api::import::{ImportPreviewRequest, ImportPreviewResponse};
use resume_shared::api::resumes::{
    CertificationsRequest, CollectionResponse, CreateResumeRequest, DeleteResumeResponse,
    DiffResponse, EducationRequest, EducationResponse, ExportPreferences, ImportRequest,
    ItemRequest, ItemResponse, PersonalRequest, PersonalResponse, ReorderRequest, RestoreResponse,
    ResumeKind, ResumeListResponse, ResumeResponse, RevisionListResponse, RevisionResponse,
    TrashListResponse, UpdateResumeRequest, ValidateRequest, ValidateResponse, VersionRequest,
};
use resume_shared::api::sessions::SessionList;
use resume_shared::api::shares::{
    CreateShareRequest, ShareListResponse, ShareResponse, UpdateShareRequest,
};
use resume_shared::api::templates::TemplateInfo;
use resume_shared::api::tokens::{
    ApiTokenListResponse, CreateApiTokenRequest, CreatedApiTokenResponse,
};
use resume_shared::api::two_factor::{
    ConfirmEnrolmentRequest, RecoveryCodes, SecondFactorChallenge, SecondFactorRequest,
    StartEnrolmentRequest, TwoFactorEnrolment, TwoFactorProof, TwoFactorStatus,
};
use resume_shared::api::{
    AdminUserResponse, ApiError, AuditListResponse, ChangePasswordRequest, CreateUserRequest,
    ErrorBody, ErrorCode, InstanceSettings, LoginRequest, RegisterRequest, SettingsResponse,
    SetupStatusResponse, TokenResponse, UpdateSettingsRequest, UpdateUserRequest, UserListResponse,
    UserResponse,
};
use resume_shared::resume::{Certification, Degree, Project, Role};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::helpers::{Session, TestApp};

/// What a call answers: the success body, or the failure.
pub type ApiResult<T> = Result<T, ApiFailure>;

/// A 4xx or 5xx answer: its status and the error envelope.
#[derive(Debug, Clone)]
pub struct ApiFailure {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body, read as the shared envelope.
    pub envelope: ApiError,
}

impl ApiFailure {
    /// Asserts the status and the envelope's code (and that it has a message); returns the
    /// inside of the envelope.
    pub fn assert_is(self, status: StatusCode, code: ErrorCode) -> ErrorBody {
        let error = self.envelope.error;
        assert_eq!(self.status, status, "{error:?}");
        assert_eq!(error.code, code.as_str(), "{error:?}");
        assert!(!error.message.is_empty(), "{error:?}");
        error
    }
}

impl TestApp {
    /// A typed client that signs its requests with `session`'s bearer token.
    pub fn api(&self, session: &Session) -> ApiClient {
        ApiClient::new(self, Some(&session.token))
    }

    /// A typed client with no credentials.
    pub fn anonymous_api(&self) -> ApiClient {
        ApiClient::new(self, None)
    }
}

/// The query of `GET /resumes` (the server's own query type lives in the backend and only
/// deserialises).
#[derive(Debug, Clone, Default)]
pub struct ListResumes {
    /// The search terms.
    pub q: Option<String>,
    /// Base or tailored.
    pub kind: Option<ResumeKind>,
    /// `name`, `company`, `created` or `updated`, `-` in front for descending.
    pub sort: Option<String>,
    /// Page number, from 1.
    pub page: Option<u64>,
    /// Page size.
    pub per_page: Option<u64>,
}

impl ListResumes {
    /// A search for `q`.
    pub fn q(q: &str) -> Self {
        Self {
            q: Some(q.to_owned()),
            ..Self::default()
        }
    }

    /// Every resume of one kind.
    pub fn kind(kind: ResumeKind) -> Self {
        Self {
            kind: Some(kind),
            ..Self::default()
        }
    }

    /// Every resume (first page) sorted by `sort`.
    pub fn sort(sort: &str) -> Self {
        Self {
            sort: Some(sort.to_owned()),
            ..Self::default()
        }
    }

    /// The query string, `?…` (empty when nothing is set).
    fn query_string(&self) -> String {
        let pairs: Vec<String> = [
            ("q", self.q.clone()),
            ("kind", self.kind.map(|k| k.as_str().to_owned())),
            ("sort", self.sort.clone()),
            ("page", self.page.map(|p| p.to_string())),
            ("per_page", self.per_page.map(|p| p.to_string())),
        ]
        .into_iter()
        .filter_map(|(key, value)| value.map(|v| format!("{key}={}", percent_encode(&v))))
        .collect();
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// A typed client of one application, signed in or not.
#[derive(Debug, Clone)]
pub struct ApiClient {
    /// `http://…/api/v1`.
    base: String,
    /// The bearer token, if any.
    token: Option<String>,
    /// A client without a cookie store: only the bearer token authenticates.
    http: reqwest::Client,
}

impl ApiClient {
    /// A client of `app` with `token` (a session's or a personal access token's secret).
    pub fn new(app: &TestApp, token: Option<&str>) -> Self {
        Self {
            base: app.url(""),
            token: token.map(str::to_owned),
            http: reqwest::Client::new(),
        }
    }

    /// A request to an API path.
    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let request = self.http.request(method, format!("{}{path}", self.base));
        match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    /// Sends `request`; reads a `T` from an `expected` answer, the envelope from an error.
    async fn call<T: DeserializeOwned + Serialize>(
        &self,
        request: RequestBuilder,
        expected: StatusCode,
    ) -> ApiResult<T> {
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        if status == expected {
            Ok(decode(&text))
        } else {
            Err(failure(status, &text))
        }
    }

    /// Sends `request` to a route that answers `expected` with no body.
    async fn call_empty(&self, request: RequestBuilder, expected: StatusCode) -> ApiResult<()> {
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        if status == expected {
            assert!(text.is_empty(), "{status} with a body: {text}");
            Ok(())
        } else {
            Err(failure(status, &text))
        }
    }

    /// Sends any request (a raw `body`, for input the wire types cannot express) that must
    /// fail; returns the status and the envelope. Panics on a success.
    pub async fn error(&self, method: Method, path: &str, body: Option<&Value>) -> ApiFailure {
        let request = self.request(method.clone(), path);
        let request = match body {
            Some(body) => request.json(body),
            None => request,
        };
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(
            !status.is_success(),
            "{method} {path} succeeded ({status}): {text}"
        );
        failure(status, &text)
    }

    // Resumes.

    /// `GET /resumes`.
    pub async fn list_resumes(&self, query: &ListResumes) -> ApiResult<ResumeListResponse> {
        let path = format!("/resumes{}", query.query_string());
        self.call(self.request(Method::GET, &path), StatusCode::OK)
            .await
    }

    /// `POST /resumes` (201).
    pub async fn create_resume(&self, body: &CreateResumeRequest) -> ApiResult<ResumeResponse> {
        let request = self.request(Method::POST, "/resumes").json(body);
        self.call(request, StatusCode::CREATED).await
    }

    /// `GET /resumes/{id}`.
    pub async fn get_resume(&self, id: &str) -> ApiResult<ResumeResponse> {
        let request = self.request(Method::GET, &format!("/resumes/{id}"));
        self.call(request, StatusCode::OK).await
    }

    /// `PUT /resumes/{id}`.
    pub async fn update_resume(
        &self,
        id: &str,
        body: &UpdateResumeRequest,
    ) -> ApiResult<ResumeResponse> {
        let request = self
            .request(Method::PUT, &format!("/resumes/{id}"))
            .json(body);
        self.call(request, StatusCode::OK).await
    }

    /// `DELETE /resumes/{id}` (to the trash).
    pub async fn delete_resume(&self, id: &str) -> ApiResult<DeleteResumeResponse> {
        let request = self.request(Method::DELETE, &format!("/resumes/{id}"));
        self.call(request, StatusCode::OK).await
    }

    /// `POST /resumes/validate`.
    pub async fn validate(&self, body: &ValidateRequest) -> ApiResult<ValidateResponse> {
        let request = self.request(Method::POST, "/resumes/validate").json(body);
        self.call(request, StatusCode::OK).await
    }

    /// `POST /resumes/import` as JSON (201).
    pub async fn import_resume(&self, body: &ImportRequest) -> ApiResult<ResumeResponse> {
        let request = self.request(Method::POST, "/resumes/import").json(body);
        self.call(request, StatusCode::CREATED).await
    }

    /// `POST /resumes/import` as a form upload (201).
    pub async fn import_upload(&self, form: reqwest::multipart::Form) -> ApiResult<ResumeResponse> {
        let request = self
            .request(Method::POST, "/resumes/import")
            .multipart(form);
        self.call(request, StatusCode::CREATED).await
    }

    /// `POST /resumes/import/preview`.
    pub async fn preview_import(
        &self,
        body: &ImportPreviewRequest,
    ) -> ApiResult<ImportPreviewResponse> {
        let request = self
            .request(Method::POST, "/resumes/import/preview")
            .json(body);
        self.call(request, StatusCode::OK).await
    }

    /// `PUT /resumes/{id}/export-preferences`.
    pub async fn put_export_preferences(
        &self,
        id: &str,
        body: &ExportPreferences,
    ) -> ApiResult<ExportPreferences> {
        let path = format!("/resumes/{id}/export-preferences");
        self.call(self.request(Method::PUT, &path).json(body), StatusCode::OK)
            .await
    }

    // Sections.

    /// `GET /resumes/{id}/personal`.
    pub async fn get_personal(&self, id: &str) -> ApiResult<PersonalResponse> {
        let request = self.request(Method::GET, &format!("/resumes/{id}/personal"));
        self.call(request, StatusCode::OK).await
    }

    /// `PUT /resumes/{id}/personal`.
    pub async fn put_personal(
        &self,
        id: &str,
        body: &PersonalRequest,
    ) -> ApiResult<PersonalResponse> {
        let path = format!("/resumes/{id}/personal");
        self.call(self.request(Method::PUT, &path).json(body), StatusCode::OK)
            .await
    }

    /// `GET /resumes/{id}/education`.
    pub async fn get_education(&self, id: &str) -> ApiResult<EducationResponse> {
        let request = self.request(Method::GET, &format!("/resumes/{id}/education"));
        self.call(request, StatusCode::OK).await
    }

    /// `PUT /resumes/{id}/education`.
    pub async fn put_education(
        &self,
        id: &str,
        body: &EducationRequest,
    ) -> ApiResult<EducationResponse> {
        let path = format!("/resumes/{id}/education");
        self.call(self.request(Method::PUT, &path).json(body), StatusCode::OK)
            .await
    }

    /// `PUT /resumes/{id}/certifications` (the whole list).
    pub async fn put_certifications(
        &self,
        id: &str,
        body: &CertificationsRequest,
    ) -> ApiResult<CollectionResponse<Certification>> {
        let path = format!("/resumes/{id}/certifications");
        self.call(self.request(Method::PUT, &path).json(body), StatusCode::OK)
            .await
    }

    /// One collection of a resume: `client.collection::<Role>(&id).get(0)`.
    pub fn collection<T: CollectionItem>(&self, resume: &str) -> Collection<'_, T> {
        Collection {
            client: self,
            path: format!("/resumes/{resume}/{}", T::SEGMENT),
            _item: PhantomData,
        }
    }

    // Revisions.

    /// `GET /resumes/{id}/revisions`.
    pub async fn list_revisions(&self, id: &str) -> ApiResult<RevisionListResponse> {
        let request = self.request(Method::GET, &format!("/resumes/{id}/revisions"));
        self.call(request, StatusCode::OK).await
    }

    /// `GET /resumes/{id}/revisions/{version}`.
    pub async fn get_revision(&self, id: &str, version: i64) -> ApiResult<RevisionResponse> {
        let path = format!("/resumes/{id}/revisions/{version}");
        self.call(self.request(Method::GET, &path), StatusCode::OK)
            .await
    }

    /// `POST /resumes/{id}/revisions/{version}/restore`, based on `body.version`.
    pub async fn restore_revision(
        &self,
        id: &str,
        version: i64,
        body: &VersionRequest,
    ) -> ApiResult<ResumeResponse> {
        let path = format!("/resumes/{id}/revisions/{version}/restore");
        self.call(self.request(Method::POST, &path).json(body), StatusCode::OK)
            .await
    }

    /// `GET /resumes/{id}/diff?from=…&to=…`.
    pub async fn diff(&self, id: &str, from: i64, to: i64) -> ApiResult<DiffResponse> {
        let path = format!("/resumes/{id}/diff?from={from}&to={to}");
        self.call(self.request(Method::GET, &path), StatusCode::OK)
            .await
    }

    // The trash.

    /// `GET /trash`.
    pub async fn list_trash(&self) -> ApiResult<TrashListResponse> {
        self.call(self.request(Method::GET, "/trash"), StatusCode::OK)
            .await
    }

    /// `POST /trash/{id}/restore`.
    pub async fn restore_from_trash(&self, id: &str) -> ApiResult<RestoreResponse> {
        let request = self.request(Method::POST, &format!("/trash/{id}/restore"));
        self.call(request, StatusCode::OK).await
    }

    /// `DELETE /trash/{id}` (204: deleted for good).
    pub async fn delete_from_trash(&self, id: &str) -> ApiResult<()> {
        let request = self.request(Method::DELETE, &format!("/trash/{id}"));
        self.call_empty(request, StatusCode::NO_CONTENT).await
    }

    // Personal access tokens.

    /// `POST /tokens` (201, with the secret).
    pub async fn create_token(
        &self,
        body: &CreateApiTokenRequest,
    ) -> ApiResult<CreatedApiTokenResponse> {
        let request = self.request(Method::POST, "/tokens").json(body);
        self.call(request, StatusCode::CREATED).await
    }

    /// `GET /tokens`.
    pub async fn list_tokens(&self) -> ApiResult<ApiTokenListResponse> {
        self.call(self.request(Method::GET, "/tokens"), StatusCode::OK)
            .await
    }

    /// `DELETE /tokens/{id}` (204).
    pub async fn revoke_token(&self, id: &str) -> ApiResult<()> {
        let request = self.request(Method::DELETE, &format!("/tokens/{id}"));
        self.call_empty(request, StatusCode::NO_CONTENT).await
    }
}

/// The query of `GET /admin/audit` (the server's own query type lives in the backend and only
/// deserialises).
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Only this action, e.g. `login.failure`.
    pub action: Option<String>,
    /// Only events concerning this user.
    pub target_user_id: Option<String>,
    /// Page number, from 1.
    pub page: Option<u64>,
    /// Page size.
    pub per_page: Option<u64>,
}

impl AuditQuery {
    /// The entries of one action.
    pub fn action(action: &str) -> Self {
        Self {
            action: Some(action.to_owned()),
            ..Self::default()
        }
    }

    /// The query string, `?…` (empty when nothing is set).
    fn query_string(&self) -> String {
        query_string(&[
            ("action", self.action.clone()),
            ("target_user_id", self.target_user_id.clone()),
            ("page", self.page.map(|p| p.to_string())),
            ("per_page", self.per_page.map(|p| p.to_string())),
        ])
    }
}

/// `?key=value&…` of the pairs that have a value, percent-encoded (empty when none has).
fn query_string(pairs: &[(&str, Option<String>)]) -> String {
    let pairs: Vec<String> = pairs
        .iter()
        .filter_map(|(key, value)| {
            value
                .as_ref()
                .map(|v| format!("{key}={}", percent_encode(v)))
        })
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// The answer of a route that sends a document rather than JSON (an export, a page image).
#[derive(Debug, Clone)]
pub struct Download {
    /// The response headers: type, file name, page count, warnings, cache validator.
    pub headers: reqwest::header::HeaderMap,
    /// The body.
    pub bytes: Vec<u8>,
}

impl Download {
    /// The body as text; panics unless it is UTF-8.
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.bytes).unwrap()
    }
}

impl ApiClient {
    /// Sends a raw JSON `body` that the wire types cannot write although the server takes it
    /// (a partial object whose absent fields take their defaults); reads a `T` from an
    /// `expected` answer, the envelope from an error.
    pub async fn raw<T: DeserializeOwned + Serialize>(
        &self,
        method: Method,
        path: &str,
        body: &Value,
        expected: StatusCode,
    ) -> ApiResult<T> {
        self.call(self.request(method, path).json(body), expected)
            .await
    }

    /// Sends `request` to a route that answers `expected` with a document.
    async fn call_download(
        &self,
        request: RequestBuilder,
        expected: StatusCode,
    ) -> ApiResult<Download> {
        let response = request.send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap().to_vec();
        if status == expected {
            Ok(Download { headers, bytes })
        } else {
            Err(failure(status, &String::from_utf8_lossy(&bytes)))
        }
    }

    // Sessions and the signed-in user.

    /// `GET /setup/status`.
    pub async fn setup_status(&self) -> ApiResult<SetupStatusResponse> {
        self.call(self.request(Method::GET, "/setup/status"), StatusCode::OK)
            .await
    }

    /// `POST /auth/login`.
    pub async fn login(&self, body: &LoginRequest) -> ApiResult<TokenResponse> {
        let request = self.request(Method::POST, "/auth/login").json(body);
        self.call(request, StatusCode::OK).await
    }

    /// `POST /auth/register` (201).
    pub async fn register(&self, body: &RegisterRequest) -> ApiResult<TokenResponse> {
        let request = self.request(Method::POST, "/auth/register").json(body);
        self.call(request, StatusCode::CREATED).await
    }

    /// `GET /auth/me`.
    pub async fn me(&self) -> ApiResult<UserResponse> {
        self.call(self.request(Method::GET, "/auth/me"), StatusCode::OK)
            .await
    }

    /// `POST /auth/logout` (204).
    pub async fn logout(&self) -> ApiResult<()> {
        let request = self.request(Method::POST, "/auth/logout");
        self.call_empty(request, StatusCode::NO_CONTENT).await
    }

    /// `POST /auth/password` (204).
    pub async fn change_password(&self, body: &ChangePasswordRequest) -> ApiResult<()> {
        let request = self.request(Method::POST, "/auth/password").json(body);
        self.call_empty(request, StatusCode::NO_CONTENT).await
    }

    /// `POST /auth/impersonation/stop`.
    pub async fn stop_impersonation(&self) -> ApiResult<TokenResponse> {
        let request = self.request(Method::POST, "/auth/impersonation/stop");
        self.call(request, StatusCode::OK).await
    }

    // Two-factor authentication and the session list.

    /// `POST /auth/login` of an account with two-factor authentication (202).
    pub async fn login_challenge(&self, body: &LoginRequest) -> ApiResult<SecondFactorChallenge> {
        let request = self.request(Method::POST, "/auth/login").json(body);
        self.call(request, StatusCode::ACCEPTED).await
    }

    /// `POST /auth/login/second-factor`.
    pub async fn second_factor(&self, body: &SecondFactorRequest) -> ApiResult<TokenResponse> {
        let request = self
            .request(Method::POST, "/auth/login/second-factor")
            .json(body);
        self.call(request, StatusCode::OK).await
    }

    /// `GET /auth/two-factor`.
    pub async fn two_factor(&self) -> ApiResult<TwoFactorStatus> {
        self.call(
            self.request(Method::GET, "/auth/two-factor"),
            StatusCode::OK,
        )
        .await
    }

    /// `POST /auth/two-factor/enrolment` (201).
    pub async fn start_enrolment(&self, password: &str) -> ApiResult<TwoFactorEnrolment> {
        let body = StartEnrolmentRequest {
            password: password.to_owned(),
        };
        let request = self
            .request(Method::POST, "/auth/two-factor/enrolment")
            .json(&body);
        self.call(request, StatusCode::CREATED).await
    }

    /// `POST /auth/two-factor/confirmation`.
    pub async fn confirm_enrolment(&self, code: &str) -> ApiResult<RecoveryCodes> {
        let body = ConfirmEnrolmentRequest {
            code: code.to_owned(),
        };
        let request = self
            .request(Method::POST, "/auth/two-factor/confirmation")
            .json(&body);
        self.call(request, StatusCode::OK).await
    }

    /// `POST /auth/two-factor/recovery-codes`.
    pub async fn renew_recovery_codes(&self, body: &TwoFactorProof) -> ApiResult<RecoveryCodes> {
        let request = self
            .request(Method::POST, "/auth/two-factor/recovery-codes")
            .json(body);
        self.call(request, StatusCode::OK).await
    }

    /// `DELETE /auth/two-factor` (204).
    pub async fn disable_two_factor(&self, body: &TwoFactorProof) -> ApiResult<()> {
        let request = self.request(Method::DELETE, "/auth/two-factor").json(body);
        self.call_empty(request, StatusCode::NO_CONTENT).await
    }

    /// `GET /auth/sessions`.
    pub async fn list_sessions(&self) -> ApiResult<SessionList> {
        self.call(self.request(Method::GET, "/auth/sessions"), StatusCode::OK)
            .await
    }

    /// `DELETE /auth/sessions/{id}` (204).
    pub async fn end_session(&self, id: &str) -> ApiResult<()> {
        let request = self.request(Method::DELETE, &format!("/auth/sessions/{id}"));
        self.call_empty(request, StatusCode::NO_CONTENT).await
    }

    /// `DELETE /admin/users/{id}/two-factor` (204).
    pub async fn reset_two_factor(&self, id: &str) -> ApiResult<()> {
        let request = self.request(Method::DELETE, &format!("/admin/users/{id}/two-factor"));
        self.call_empty(request, StatusCode::NO_CONTENT).await
    }

    // Settings.

    /// `GET /settings`.
    pub async fn get_settings(&self) -> ApiResult<SettingsResponse> {
        self.call(self.request(Method::GET, "/settings"), StatusCode::OK)
            .await
    }

    /// `PUT /settings`.
    pub async fn update_settings(
        &self,
        body: &UpdateSettingsRequest,
    ) -> ApiResult<SettingsResponse> {
        let request = self.request(Method::PUT, "/settings").json(body);
        self.call(request, StatusCode::OK).await
    }

    // Documents.

    /// `GET /templates`.
    pub async fn list_templates(&self) -> ApiResult<Vec<TemplateInfo>> {
        self.call(self.request(Method::GET, "/templates"), StatusCode::OK)
            .await
    }

    /// `GET /resumes/{id}/export?{query}` (`query` as written after the `?`, empty for none:
    /// the server's query type lives in the backend, and tests send values it refuses).
    pub async fn export(&self, id: &str, query: &str) -> ApiResult<Download> {
        let path = with_query(&format!("/resumes/{id}/export"), query);
        self.call_download(self.request(Method::GET, &path), StatusCode::OK)
            .await
    }

    /// `GET /resumes/{id}/preview?{query}`: a page image (`query` as for [`Self::export`]).
    pub async fn preview(&self, id: &str, query: &str) -> ApiResult<Download> {
        let path = with_query(&format!("/resumes/{id}/preview"), query);
        self.call_download(self.request(Method::GET, &path), StatusCode::OK)
            .await
    }

    // Administration.

    /// `GET /admin/users`, a page of `per_page` (the server's defaults when `None`).
    pub async fn list_users(
        &self,
        page: Option<u64>,
        per_page: Option<u64>,
    ) -> ApiResult<UserListResponse> {
        let query = query_string(&[
            ("page", page.map(|p| p.to_string())),
            ("per_page", per_page.map(|p| p.to_string())),
        ]);
        let path = format!("/admin/users{query}");
        self.call(self.request(Method::GET, &path), StatusCode::OK)
            .await
    }

    /// `POST /admin/users` (201).
    pub async fn create_user(&self, body: &CreateUserRequest) -> ApiResult<AdminUserResponse> {
        let request = self.request(Method::POST, "/admin/users").json(body);
        self.call(request, StatusCode::CREATED).await
    }

    /// `GET /admin/users/{id}`.
    pub async fn get_user(&self, id: &str) -> ApiResult<AdminUserResponse> {
        let request = self.request(Method::GET, &format!("/admin/users/{id}"));
        self.call(request, StatusCode::OK).await
    }

    /// `PATCH /admin/users/{id}`.
    pub async fn update_user(
        &self,
        id: &str,
        body: &UpdateUserRequest,
    ) -> ApiResult<AdminUserResponse> {
        let path = format!("/admin/users/{id}");
        self.call(
            self.request(Method::PATCH, &path).json(body),
            StatusCode::OK,
        )
        .await
    }

    /// `DELETE /admin/users/{id}` (204).
    pub async fn delete_user(&self, id: &str) -> ApiResult<()> {
        let request = self.request(Method::DELETE, &format!("/admin/users/{id}"));
        self.call_empty(request, StatusCode::NO_CONTENT).await
    }

    /// `POST /admin/users/{id}/roles/{role}`.
    pub async fn add_role(&self, id: &str, role: &str) -> ApiResult<AdminUserResponse> {
        let path = format!("/admin/users/{id}/roles/{role}");
        self.call(self.request(Method::POST, &path), StatusCode::OK)
            .await
    }

    /// `DELETE /admin/users/{id}/roles/{role}`.
    pub async fn remove_role(&self, id: &str, role: &str) -> ApiResult<AdminUserResponse> {
        let path = format!("/admin/users/{id}/roles/{role}");
        self.call(self.request(Method::DELETE, &path), StatusCode::OK)
            .await
    }

    /// `POST /admin/users/{id}/impersonate`: a bearer caller's answer carries the new token.
    pub async fn impersonate(&self, id: &str) -> ApiResult<TokenResponse> {
        let path = format!("/admin/users/{id}/impersonate");
        self.call(self.request(Method::POST, &path), StatusCode::OK)
            .await
    }

    /// `GET /admin/audit`.
    pub async fn audit(&self, query: &AuditQuery) -> ApiResult<AuditListResponse> {
        let path = format!("/admin/audit{}", query.query_string());
        self.call(self.request(Method::GET, &path), StatusCode::OK)
            .await
    }

    /// `GET /admin/instance`.
    pub async fn get_instance(&self) -> ApiResult<InstanceSettings> {
        self.call(self.request(Method::GET, "/admin/instance"), StatusCode::OK)
            .await
    }

    /// `PUT /admin/instance`.
    pub async fn put_instance(&self, body: &InstanceSettings) -> ApiResult<InstanceSettings> {
        let request = self.request(Method::PUT, "/admin/instance").json(body);
        self.call(request, StatusCode::OK).await
    }

    /// `GET /admin/users/{id}/tokens`.
    pub async fn list_user_tokens(&self, id: &str) -> ApiResult<ApiTokenListResponse> {
        let path = format!("/admin/users/{id}/tokens");
        self.call(self.request(Method::GET, &path), StatusCode::OK)
            .await
    }

    /// `DELETE /admin/users/{id}/tokens/{token_id}` (204).
    pub async fn revoke_user_token(&self, id: &str, token_id: &str) -> ApiResult<()> {
        let path = format!("/admin/users/{id}/tokens/{token_id}");
        self.call_empty(self.request(Method::DELETE, &path), StatusCode::NO_CONTENT)
            .await
    }
}

/// `path?query`, or `path` when `query` is empty.
fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// An item type of a resume collection, with its path segment.
pub trait CollectionItem: Serialize + DeserializeOwned {
    /// `roles`, `projects`, `degrees` or `certifications`.
    const SEGMENT: &'static str;
}

impl CollectionItem for Role {
    const SEGMENT: &'static str = "roles";
}

impl CollectionItem for Project {
    const SEGMENT: &'static str = "projects";
}

impl CollectionItem for Degree {
    const SEGMENT: &'static str = "degrees";
}

impl CollectionItem for Certification {
    const SEGMENT: &'static str = "certifications";
}

/// The routes of one collection of one resume.
#[derive(Debug)]
pub struct Collection<'c, T> {
    client: &'c ApiClient,
    /// `/resumes/{id}/{segment}`.
    path: String,
    _item: PhantomData<T>,
}

impl<T: CollectionItem> Collection<'_, T> {
    /// `GET …/{segment}`: the items and the resume's version.
    pub async fn list(&self) -> ApiResult<CollectionResponse<T>> {
        let request = self.client.request(Method::GET, &self.path);
        self.client.call(request, StatusCode::OK).await
    }

    /// `GET …/{segment}/{index}`.
    pub async fn get(&self, index: usize) -> ApiResult<ItemResponse<T>> {
        let path = format!("{}/{index}", self.path);
        let request = self.client.request(Method::GET, &path);
        self.client.call(request, StatusCode::OK).await
    }

    /// `POST …/{segment}`: adds an item (at `body.position`, else at the end).
    pub async fn add(&self, body: &ItemRequest<T>) -> ApiResult<CollectionResponse<T>> {
        let request = self.client.request(Method::POST, &self.path).json(body);
        self.client.call(request, StatusCode::OK).await
    }

    /// `PUT …/{segment}/{index}`: replaces an item.
    pub async fn update(
        &self,
        index: usize,
        body: &ItemRequest<T>,
    ) -> ApiResult<CollectionResponse<T>> {
        let path = format!("{}/{index}", self.path);
        let request = self.client.request(Method::PUT, &path).json(body);
        self.client.call(request, StatusCode::OK).await
    }

    /// `DELETE …/{segment}/{index}?version=…`.
    pub async fn delete(&self, index: usize, version: i64) -> ApiResult<CollectionResponse<T>> {
        let path = format!("{}/{index}?version={version}", self.path);
        let request = self.client.request(Method::DELETE, &path);
        self.client.call(request, StatusCode::OK).await
    }

    /// `POST …/{segment}/reorder`.
    pub async fn reorder(&self, body: &ReorderRequest) -> ApiResult<CollectionResponse<T>> {
        let path = format!("{}/reorder", self.path);
        let request = self.client.request(Method::POST, &path).json(body);
        self.client.call(request, StatusCode::OK).await
    }
}

/// Reads `text` as a `T`, and checks that the `T` says everything the server sent: written
/// back, it must be the same JSON (serde ignores unknown fields, so without this a field the
/// server added would go unnoticed).
fn decode<T: DeserializeOwned + Serialize>(text: &str) -> T {
    let raw: Value =
        serde_json::from_str(text).unwrap_or_else(|error| panic!("not JSON ({error}): {text}"));
    let typed: T = serde_json::from_value(raw.clone())
        .unwrap_or_else(|error| panic!("not a {} ({error}): {text}", type_name::<T>()));
    let again = serde_json::to_value(&typed).unwrap();
    assert_eq!(
        again,
        raw,
        "{} does not round-trip what the server sent",
        type_name::<T>()
    );
    typed
}

/// Reads an error answer; panics unless it is a 4xx or 5xx with the envelope.
fn failure(status: StatusCode, text: &str) -> ApiFailure {
    assert!(
        status.is_client_error() || status.is_server_error(),
        "unexpected {status}: {text}"
    );
    ApiFailure {
        status,
        envelope: decode(text),
    }
}

/// Reads the body of a response a test sent itself (for its headers or cookies) as a `T`,
/// with the same round-trip check as the client's calls.
pub async fn body_of<T: DeserializeOwned + Serialize>(response: reqwest::Response) -> T {
    decode(&response.text().await.unwrap())
}

/// Reads a response a test sent itself (for its headers or cookies) as a failure; panics
/// unless it is a 4xx or 5xx with the envelope.
pub async fn failure_of(response: reqwest::Response) -> ApiFailure {
    let status = response.status();
    failure(status, &response.text().await.unwrap())
}

/// Reads a JSON value already read from a response (a [`Session`]'s body) as a `T`, with the
/// same round-trip check as the client's calls.
pub fn decoded<T: DeserializeOwned + Serialize>(value: &Value) -> T {
    decode(&value.to_string())
}

/// `value` as JSON with what differs from run to run (and between SQLite and PostgreSQL)
/// replaced, at any depth: `id` and `…_id` with `[id]`, `…_at` with `[datetime]`, a token's
/// `secret` and `hint` with `[secret]` and `[hint]`. (insta's own redactions need a crate the
/// workspace does not have.)
pub fn redacted(value: &impl Serialize) -> Value {
    fn walk(value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    let placeholder = match key.as_str() {
                        "secret" => Some("[secret]"),
                        "hint" => Some("[hint]"),
                        key if key == "id" || key.ends_with("_id") => Some("[id]"),
                        key if key.ends_with("_at") => Some("[datetime]"),
                        _ => None,
                    };
                    match placeholder {
                        Some(placeholder) if value.is_string() => {
                            *value = Value::String(placeholder.to_owned());
                        }
                        _ => walk(value),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(value).unwrap();
    walk(&mut value);
    value
}

/// Asserts a JSON snapshot, named `$name`, of a response (anything serialisable), redacted by
/// [`redacted`], in `backend/tests/api/snapshots/`.
#[macro_export]
macro_rules! assert_api_snapshot {
    ($name:expr, $value:expr $(,)?) => {
        insta::with_settings!(
            {
                snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/snapshots"),
                description => concat!("redacted ", stringify!($value)),
                omit_expression => true,
            },
            { insta::assert_json_snapshot!($name, $crate::client::redacted(&$value)) }
        )
    };
}

/// The query of `GET /applications` (the server's own query type lives in the backend and only
/// deserialises).
#[derive(Debug, Clone, Default)]
pub struct ListApplications {
    /// Only this status (`applied`, …).
    pub status: Option<String>,
    /// Search terms.
    pub q: Option<String>,
    /// `updated`, `next_step`, `applied`, `name`, with an optional `-`.
    pub sort: Option<String>,
    /// Page number, from 1.
    pub page: Option<u64>,
    /// Page size.
    pub per_page: Option<u64>,
}

impl ListApplications {
    /// The query string, `?…` (empty when nothing is set).
    fn query_string(&self) -> String {
        query_string(&[
            ("status", self.status.clone()),
            ("q", self.q.clone()),
            ("sort", self.sort.clone()),
            ("page", self.page.map(|p| p.to_string())),
            ("per_page", self.per_page.map(|p| p.to_string())),
        ])
    }
}

impl ApiClient {
    // Applications.

    /// `POST /resumes/{id}/application` (201).
    pub async fn create_application(
        &self,
        id: &str,
        body: &CreateApplicationRequest,
    ) -> ApiResult<ApplicationResponse> {
        let request = self
            .request(Method::POST, &format!("/resumes/{id}/application"))
            .json(body);
        self.call(request, StatusCode::CREATED).await
    }

    /// `GET /resumes/{id}/application`.
    pub async fn get_application(&self, id: &str) -> ApiResult<ApplicationResponse> {
        let request = self.request(Method::GET, &format!("/resumes/{id}/application"));
        self.call(request, StatusCode::OK).await
    }

    /// `PUT /resumes/{id}/application`.
    pub async fn update_application(
        &self,
        id: &str,
        body: &UpdateApplicationRequest,
    ) -> ApiResult<ApplicationResponse> {
        let request = self
            .request(Method::PUT, &format!("/resumes/{id}/application"))
            .json(body);
        self.call(request, StatusCode::OK).await
    }

    /// `DELETE /resumes/{id}/application?version=` (204).
    pub async fn delete_application(&self, id: &str, version: i64) -> ApiResult<()> {
        let path = format!("/resumes/{id}/application?version={version}");
        self.call_empty(self.request(Method::DELETE, &path), StatusCode::NO_CONTENT)
            .await
    }

    /// `GET /applications`.
    pub async fn list_applications(
        &self,
        query: &ListApplications,
    ) -> ApiResult<ApplicationListResponse> {
        let path = format!("/applications{}", query.query_string());
        self.call(self.request(Method::GET, &path), StatusCode::OK)
            .await
    }

    /// `GET /applications/export` (CSV).
    pub async fn export_applications(&self) -> ApiResult<Download> {
        let request = self.request(Method::GET, "/applications/export");
        self.call_download(request, StatusCode::OK).await
    }
}

impl ApiClient {
    // Share links.

    /// `POST /resumes/{id}/shares` (201).
    pub async fn create_share(
        &self,
        id: &str,
        body: &CreateShareRequest,
    ) -> ApiResult<ShareResponse> {
        let request = self
            .request(Method::POST, &format!("/resumes/{id}/shares"))
            .json(body);
        self.call(request, StatusCode::CREATED).await
    }

    /// `GET /resumes/{id}/shares`.
    pub async fn list_shares(&self, id: &str) -> ApiResult<ShareListResponse> {
        let request = self.request(Method::GET, &format!("/resumes/{id}/shares"));
        self.call(request, StatusCode::OK).await
    }

    /// `PATCH /resumes/{id}/shares/{share_id}`.
    pub async fn update_share(
        &self,
        id: &str,
        share_id: &str,
        body: &UpdateShareRequest,
    ) -> ApiResult<ShareResponse> {
        let request = self
            .request(Method::PATCH, &format!("/resumes/{id}/shares/{share_id}"))
            .json(body);
        self.call(request, StatusCode::OK).await
    }

    /// `DELETE /resumes/{id}/shares/{share_id}` (204).
    pub async fn revoke_share(&self, id: &str, share_id: &str) -> ApiResult<()> {
        let path = format!("/resumes/{id}/shares/{share_id}");
        self.call_empty(self.request(Method::DELETE, &path), StatusCode::NO_CONTENT)
            .await
    }
}
