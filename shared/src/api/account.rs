//! `/account`: what a user does with their own account as a whole (deleting it; the export
//! answers with a zip archive, not JSON).

use serde::{Deserialize, Serialize};

use super::input::{CheckInput, Limit, MAX_PASSWORD_BYTES, Problems, check_secret};

/// `DELETE /account`: the user's current password, to confirm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeleteAccountRequest {
    /// The account's current password.
    #[cfg_attr(feature = "openapi", schema(max_length = 1024))]
    pub password: String,
}

impl CheckInput for DeleteAccountRequest {
    fn check_input(&self, problems: &mut Problems) {
        check_secret(
            problems,
            "password",
            &self.password,
            Limit::Bytes(MAX_PASSWORD_BYTES),
        );
    }
}
