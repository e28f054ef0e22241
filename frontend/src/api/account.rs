//! The signed-in user's account as a whole (`/account`).

use gloo_net::http::Method;
use resume_shared::api::account::DeleteAccountRequest;

use super::{ApiError, AuthedApi, json_body};

/// Where the browser downloads the account's zip archive (a plain link: the session cookie
/// goes with it).
pub const ACCOUNT_EXPORT_URL: &str = "/api/v1/account/export";

impl AuthedApi {
    /// `DELETE /account`: deletes the account and all its data.
    ///
    /// # Errors
    /// A wrong password (on `password`), the last administrator, or a network failure.
    pub async fn delete_account(self, password: String) -> Result<(), ApiError> {
        let request = DeleteAccountRequest { password };
        self.write_empty(Method::DELETE, "/account", json_body(&request))
            .await
    }
}
