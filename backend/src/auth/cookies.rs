//! The cookies of a browser session: their names, reading them from a request (refusing a
//! name sent twice with different values) and the `Set-Cookie` values that start, switch and
//! end a session.
//!
//! Names: when cookies are `Secure`, every name has the `__Host-` prefix, which browsers only
//! accept from a secure origin, with `Path=/` and no `Domain`, so a sibling subdomain cannot
//! plant one ("cookie tossing"). A `__Host-` cookie cannot exist without `Secure`, so a server
//! on plain-HTTP loopback keeps the unprefixed names. The server reads only the names of its
//! own mode.
//!
//! Three cookies:
//! - the session cookie (HttpOnly): the session token;
//! - the CSRF cookie (readable by the page): the session's CSRF value (see [`super::csrf`]);
//! - while an administrator impersonates someone in the browser, the administrator's own
//!   session token (HttpOnly), which `POST /auth/impersonation/stop` needs to return to it: the
//!   impersonation token alone never leads back to an administrator session.
//!
//! This module builds header values only; it does not decide who gets which session.

use axum::http::{HeaderMap, HeaderValue, header};

/// Cookie names of one mode (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookieNames {
    /// The session token (HttpOnly).
    pub session: &'static str,
    /// The CSRF value (readable by the page).
    pub csrf: &'static str,
    /// The impersonating administrator's own session token (HttpOnly).
    pub admin_session: &'static str,
}

/// Names on plain HTTP (cookies without `Secure`).
pub const PLAIN_NAMES: CookieNames = CookieNames {
    session: "resume_editor_session",
    csrf: "resume_editor_csrf",
    admin_session: "resume_editor_admin_session",
};

/// Names when cookies are `Secure`.
pub const SECURE_NAMES: CookieNames = CookieNames {
    session: "__Host-resume_editor_session",
    csrf: "__Host-resume_editor_csrf",
    admin_session: "__Host-resume_editor_admin_session",
};

/// The names used when cookies are (or are not) `Secure`.
#[must_use]
pub const fn names(secure: bool) -> CookieNames {
    if secure { SECURE_NAMES } else { PLAIN_NAMES }
}

/// What a request says about one cookie name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieLookup<'a> {
    /// Not sent, or sent empty.
    Absent,
    /// Sent once, or several times with the same value.
    Value(&'a str),
    /// Sent several times with different values: someone planted one, and picking either
    /// could put the user in a session that is not theirs.
    Conflicting,
}

impl<'a> CookieLookup<'a> {
    /// The value, unless absent or conflicting.
    #[must_use]
    pub const fn value(self) -> Option<&'a str> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Conflicting => None,
        }
    }
}

/// Looks up cookie `name` in the request's `Cookie` headers.
#[must_use]
pub fn find<'a>(headers: &'a HeaderMap, name: &str) -> CookieLookup<'a> {
    let mut found = CookieLookup::Absent;
    let values = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"'))
        .filter(|value| !value.is_empty());
    for value in values {
        match found {
            CookieLookup::Absent => found = CookieLookup::Value(value),
            CookieLookup::Value(first) if first == value => {}
            CookieLookup::Value(_) | CookieLookup::Conflicting => {
                return CookieLookup::Conflicting;
            }
        }
    }
    found
}

/// Builds the `Set-Cookie` values of one mode.
#[derive(Debug, Clone, Copy)]
pub struct CookieJar {
    secure: bool,
}

impl CookieJar {
    /// Cookies with `Secure` (and `__Host-` names) or without.
    #[must_use]
    pub const fn new(secure: bool) -> Self {
        Self { secure }
    }

    /// The names of this mode.
    #[must_use]
    pub const fn names(self) -> CookieNames {
        names(self.secure)
    }

    /// The session and CSRF cookies of a session. Browser-session cookies (no `Max-Age`): the
    /// server decides when the session ends.
    #[must_use]
    pub fn session(self, token: &str, csrf: &str) -> [HeaderValue; 2] {
        let names = self.names();
        [
            self.set(names.session, token, true),
            self.set(names.csrf, csrf, false),
        ]
    }

    /// The cookie that keeps an impersonating administrator's own session token.
    #[must_use]
    pub fn admin_session(self, token: &str) -> HeaderValue {
        self.set(self.names().admin_session, token, true)
    }

    /// Deletes the administrator's session cookie.
    #[must_use]
    pub fn clear_admin_session(self) -> HeaderValue {
        self.expire(self.names().admin_session, true)
    }

    /// Deletes every cookie of this mode.
    #[must_use]
    pub fn clear_all(self) -> [HeaderValue; 3] {
        let names = self.names();
        [
            self.expire(names.session, true),
            self.expire(names.csrf, false),
            self.expire(names.admin_session, true),
        ]
    }

    fn set(self, name: &str, value: &str, http_only: bool) -> HeaderValue {
        header_value(format!(
            "{name}={value}{}; SameSite=Strict; Path=/{}",
            if http_only { "; HttpOnly" } else { "" },
            self.secure_attribute()
        ))
    }

    fn expire(self, name: &str, http_only: bool) -> HeaderValue {
        header_value(format!(
            "{name}={}; SameSite=Strict; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT{}",
            if http_only { "; HttpOnly" } else { "" },
            self.secure_attribute()
        ))
    }

    const fn secure_attribute(self) -> &'static str {
        if self.secure { "; Secure" } else { "" }
    }
}

fn header_value(value: String) -> HeaderValue {
    // Tokens are base64url / JWT characters only, so this never fails; an empty value is the
    // safe fallback.
    HeaderValue::try_from(value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(cookies: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for cookie in cookies {
            headers.append(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
        }
        headers
    }

    #[test]
    fn a_cookie_sent_twice_with_different_values_is_refused() {
        let name = "resume_editor_session";
        assert_eq!(find(&headers(&["a=1; b=2"]), name), CookieLookup::Absent);
        assert_eq!(
            find(&headers(&["resume_editor_session=x; b=2"]), name),
            CookieLookup::Value("x")
        );
        assert_eq!(
            find(
                &headers(&["resume_editor_session=x", "resume_editor_session=x"]),
                name
            ),
            CookieLookup::Value("x"),
            "the same value twice is harmless"
        );
        assert_eq!(
            find(
                &headers(&["resume_editor_session=planted; resume_editor_session=mine"]),
                name
            ),
            CookieLookup::Conflicting
        );
        assert_eq!(
            find(
                &headers(&[
                    "resume_editor_session=mine",
                    "resume_editor_session=planted"
                ]),
                name
            ),
            CookieLookup::Conflicting
        );
        assert_eq!(
            find(&headers(&["resume_editor_session="]), name),
            CookieLookup::Absent
        );
    }

    #[test]
    fn secure_cookies_have_host_prefixed_names_and_plain_ones_do_not() {
        let [session, csrf] = CookieJar::new(true).session("t", "c");
        let session = session.to_str().unwrap();
        assert!(
            session.starts_with("__Host-resume_editor_session=t;"),
            "{session}"
        );
        assert!(session.contains("; Secure") && session.contains("; HttpOnly"));
        assert!(session.contains("Path=/") && !session.contains("Domain"));
        let csrf = csrf.to_str().unwrap();
        assert!(csrf.starts_with("__Host-resume_editor_csrf=c;"), "{csrf}");
        assert!(!csrf.contains("HttpOnly"), "the page reads it");

        let [session, _] = CookieJar::new(false).session("t", "c");
        let session = session.to_str().unwrap();
        assert!(session.starts_with("resume_editor_session=t;"), "{session}");
        assert!(!session.contains("Secure"));
    }
}
