//! Sessions as their user sees them: how each began, on which device (read from the user
//! agent), from where, and when it was last used.

use resume_shared::api::sessions::{SessionEntry, SignInMethod};
use uuid::Uuid;

use crate::db::convert::timestamp;
use crate::db::entities::sessions;

/// One session of the list; `current` is the session of the request.
#[must_use]
pub fn session_entry(session: &sessions::Model, current: Uuid) -> SessionEntry {
    SessionEntry {
        id: session.id.to_string(),
        current: session.id == current,
        // Rows only ever hold the names of the methods; an unknown one reads as the password.
        method: SignInMethod::from_name(&session.method).unwrap_or(SignInMethod::Password),
        device: device(session.user_agent.as_deref()),
        user_agent: session.user_agent.clone(),
        ip: session.ip.clone(),
        created_at: timestamp(session.created_at),
        last_seen_at: timestamp(session.last_seen_at),
        expires_at: timestamp(session.expires_at),
    }
}

/// The browser and system a user agent names, in words (`Firefox on Linux`), or what kind of
/// client it is (`curl`); `Unknown device` when it says nothing recognisable.
#[must_use]
pub fn device(user_agent: Option<&str>) -> String {
    let Some(agent) = user_agent else {
        return "Unknown device".to_owned();
    };
    // Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("HeadlessChrome/", "Headless Chrome"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
        ("python-requests/", "Python requests"),
        ("node", "Node.js"),
    ]
    .into_iter()
    .find(|(marker, _)| agent.contains(marker))
    .map(|(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(marker, _)| agent.contains(marker))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(browser), Some(system)) => format!("{browser} on {system}"),
        (Some(name), None) | (None, Some(name)) => name.to_owned(),
        (None, None) => "Unknown device".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_agents_read_as_browser_and_system() {
        for (agent, expected) in [
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
                "Firefox on Linux",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                "Edge on Windows",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
                "Safari on macOS",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
                "Chrome on Android",
            ),
            ("curl/8.5.0", "curl"),
            ("something else", "Unknown device"),
        ] {
            assert_eq!(device(Some(agent)), expected, "{agent}");
        }
        assert_eq!(device(None), "Unknown device");
    }
}
