//! The grant of a password-protected share link: after the right password, a cookie that lets
//! the browser see that link's page and PDF for [`GRANT_HOURS`] hours.
//!
//! The value is `{issued}.{mac}`: the Unix second it was issued and an HMAC-SHA256, under the
//! server's secret key, of a fixed label, the link's id, its password hash and that second.
//! Nothing is stored. A grant stops working when the link is revoked or expires (the link no
//! longer answers), when its password changes (the hash, salted anew, no longer matches), when
//! the secret key changes, and after [`GRANT_HOURS`]. The cookie is HttpOnly, SameSite=Strict,
//! `Secure` when the instance's cookies are, and scoped to the link's own path, so one link's
//! grant is never sent to another.

use aws_lc_rs::hmac;
use axum::http::HeaderValue;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret as _, SecretString};

use crate::db::entities::resume_shares;

/// How long a grant lasts.
pub const GRANT_HOURS: i64 = 12;
/// The cookie's name on plain HTTP.
pub const PLAIN_NAME: &str = "resume_editor_share";
/// The cookie's name when cookies are `Secure` (browsers accept `__Secure-` only then).
pub const SECURE_NAME: &str = "__Secure-resume_editor_share";
/// Separates this use of the secret key from its others.
const LABEL: &[u8] = b"resume-editor share grant v1\0";

/// The cookie name of one mode.
#[must_use]
pub const fn name(secure: bool) -> &'static str {
    if secure { SECURE_NAME } else { PLAIN_NAME }
}

fn tag(secret: &SecretString, share: &resume_shares::Model, issued: i64) -> hmac::Tag {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.expose_secret().as_bytes());
    let mut context = hmac::Context::with_key(&key);
    context.update(LABEL);
    context.update(share.id.as_bytes());
    context.update(share.password_hash.as_deref().unwrap_or("").as_bytes());
    context.update(b"\0");
    context.update(issued.to_string().as_bytes());
    context.sign()
}

/// A grant for `share`, issued at `now`.
#[must_use]
pub fn issue(secret: &SecretString, share: &resume_shares::Model, now: DateTime<Utc>) -> String {
    let issued = now.timestamp();
    let mac = URL_SAFE_NO_PAD.encode(tag(secret, share, issued));
    format!("{issued}.{mac}")
}

/// Whether `value` is a grant for `share` that still holds at `now`.
#[must_use]
pub fn verify(
    secret: &SecretString,
    share: &resume_shares::Model,
    value: &str,
    now: DateTime<Utc>,
) -> bool {
    let Some((issued, mac)) = value.split_once('.') else {
        return false;
    };
    let Ok(issued) = issued.parse::<i64>() else {
        return false;
    };
    let age = now.timestamp() - issued;
    // A minute of clock difference between instances is tolerated.
    if !(-60..=GRANT_HOURS * 3600).contains(&age) {
        return false;
    }
    let Ok(mac) = URL_SAFE_NO_PAD.decode(mac) else {
        return false;
    };
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.expose_secret().as_bytes());
    let mut message = LABEL.to_vec();
    message.extend_from_slice(share.id.as_bytes());
    message.extend_from_slice(share.password_hash.as_deref().unwrap_or("").as_bytes());
    message.push(0);
    message.extend_from_slice(issued.to_string().as_bytes());
    hmac::verify(&key, &message, &mac).is_ok()
}

/// The `Set-Cookie` value of a grant for the link at `path` (`/s/{token}`).
#[must_use]
pub fn set_cookie(value: &str, path: &str, secure: bool) -> Option<HeaderValue> {
    let secure_attr = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={value}; Path={path}; Max-Age={}; HttpOnly; SameSite=Strict{secure_attr}",
        name(secure),
        GRANT_HOURS * 3600,
    ))
    .ok()
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use uuid::Uuid;

    use super::*;

    fn share(hash: &str) -> resume_shares::Model {
        let now = Utc::now();
        resume_shares::Model {
            id: Uuid::new_v4(),
            resume_id: Uuid::new_v4(),
            token: "t".repeat(43),
            mode: "latest".into(),
            template: "modern".into(),
            content: None,
            expires_at: None,
            password_hash: Some(hash.into()),
            indexable: false,
            view_count: 0,
            last_viewed_at: None,
            created_at: now,
            revoked_at: None,
        }
    }

    #[test]
    fn a_grant_holds_for_its_link_and_password_only_and_not_for_ever() {
        let secret = SecretString::from("k".repeat(40));
        let now = Utc::now();
        let link = share("$argon2id$one");
        let grant = issue(&secret, &link, now);
        assert!(verify(&secret, &link, &grant, now));
        assert!(verify(
            &secret,
            &link,
            &grant,
            now + Duration::hours(GRANT_HOURS)
        ));
        assert!(!verify(
            &secret,
            &link,
            &grant,
            now + Duration::hours(GRANT_HOURS + 1)
        ));
        let mut changed = link.clone();
        changed.password_hash = Some("$argon2id$two".into());
        assert!(!verify(&secret, &changed, &grant, now));
        assert!(!verify(&secret, &share("$argon2id$one"), &grant, now));
        assert!(!verify(
            &SecretString::from("o".repeat(40)),
            &link,
            &grant,
            now
        ));
        assert!(!verify(&secret, &link, "garbage", now));
        assert!(!verify(&secret, &link, "1.", now));
        let (issued, mac) = grant.split_once('.').unwrap();
        let later = format!("{}.{mac}", issued.parse::<i64>().unwrap() + 5);
        assert!(!verify(&secret, &link, &later, now));
    }
}
