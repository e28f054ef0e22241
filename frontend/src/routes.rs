//! Every screen of the app: the [`Page`] enum that names each route and builds its path, and
//! the access rules that decide, from the [`Session`], whether a route shows or leads elsewhere.
//!
//! The rules, in order: while no user exists every route leads to the setup page; a visitor who
//! is not signed in is led to the login page, which remembers the page asked for
//! (`/login?next=…`) and returns there after signing in; a user flagged for a forced password
//! change reaches nothing but the password page; then a user who must set up two-factor
//! authentication (the administrator requires it) reaches nothing but the two-factor setup
//! page; administration pages are for administrators
//! (an impersonation session is not one). The rules are plain functions of the session so that
//! they can be tested without a browser.
//!
//! This module sits below both [`crate::pages`] and [`crate::components`] (the navigation links
//! to pages by their [`Page`]): it knows no component.

use crate::state::Session;

/// Every screen of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// First-run setup.
    Setup,
    /// Sign in.
    Login,
    /// Self-registration.
    Register,
    /// The forced password change.
    ChangePassword,
    /// The forced two-factor enrolment.
    TwoFactorSetup,
    /// The resume list.
    Dashboard,
    /// Deleted resumes.
    Trash,
    /// The application tracker: a board by status and a list.
    Applications,
    /// The cover letters.
    CoverLetters,
    /// Writing a cover letter, from the resume given (else the user picks one).
    NewCoverLetter(Option<String>),
    /// One cover letter (its editor).
    CoverLetter(String),
    /// One resume (the editor).
    Resume(String),
    /// Tailoring a base resume to a job.
    Refine(String),
    /// The user's settings.
    Settings,
    /// Administration: users.
    AdminUsers,
    /// Administration: the audit log.
    AdminAudit,
    /// Administration: instance settings.
    AdminInstance,
}

impl Page {
    /// The path of the page.
    #[must_use]
    pub fn path(&self) -> String {
        match self {
            Self::Setup => "/setup".to_owned(),
            Self::Login => "/login".to_owned(),
            Self::Register => "/register".to_owned(),
            Self::ChangePassword => "/change-password".to_owned(),
            Self::TwoFactorSetup => "/two-factor-setup".to_owned(),
            Self::Dashboard => "/".to_owned(),
            Self::Trash => "/trash".to_owned(),
            Self::Applications => "/applications".to_owned(),
            Self::CoverLetters => "/cover-letters".to_owned(),
            Self::NewCoverLetter(None) => "/cover-letters/new".to_owned(),
            Self::NewCoverLetter(Some(resume)) => {
                format!("/cover-letters/new?resume={}", encode_component(resume))
            }
            Self::CoverLetter(id) => format!("/cover-letters/{}", encode_component(id)),
            Self::Resume(id) => format!("/resumes/{}", encode_component(id)),
            Self::Refine(id) => format!("/resumes/{}/refine", encode_component(id)),
            Self::Settings => "/settings".to_owned(),
            Self::AdminUsers => "/admin/users".to_owned(),
            Self::AdminAudit => "/admin/audit".to_owned(),
            Self::AdminInstance => "/admin/instance".to_owned(),
        }
    }

    /// Who may see the page.
    #[must_use]
    pub fn access(&self) -> Access {
        match self {
            Self::Setup => Access::Setup,
            Self::Login | Self::Register => Access::Guest,
            Self::ChangePassword => Access::ForcedChange,
            Self::TwoFactorSetup => Access::ForcedEnrolment,
            Self::Dashboard
            | Self::Trash
            | Self::Applications
            | Self::CoverLetters
            | Self::NewCoverLetter(_)
            | Self::CoverLetter(_)
            | Self::Resume(_)
            | Self::Refine(_)
            | Self::Settings => Access::Member,
            Self::AdminUsers | Self::AdminAudit | Self::AdminInstance => Access::Admin,
        }
    }
}

/// Who may see a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Only while the instance needs setup.
    Setup,
    /// Only visitors who are not signed in (login, registration).
    Guest,
    /// Only a user who must change their password.
    ForcedChange,
    /// Only a user who must set up two-factor authentication (and need not change their
    /// password first).
    ForcedEnrolment,
    /// Any signed-in user.
    Member,
    /// Signed-in administrators.
    Admin,
    /// Everyone once the instance is set up (the not-found page).
    Any,
}

/// What to do with a visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The session is still loading.
    Wait,
    /// Show the page.
    Show,
    /// Go to this path instead.
    Redirect(String),
}

/// Decides a visit of `here` (path and query) to a route with `access`.
#[must_use]
pub fn decide(session: &Session, access: Access, here: &str) -> Decision {
    let redirect = |page: Page| Decision::Redirect(page.path());
    match session {
        Session::Loading => Decision::Wait,
        Session::NeedsSetup => match access {
            Access::Setup => Decision::Show,
            _ => redirect(Page::Setup),
        },
        Session::Anonymous => match access {
            Access::Guest | Access::Any => Decision::Show,
            Access::Setup => redirect(Page::Login),
            Access::ForcedChange | Access::ForcedEnrolment | Access::Member | Access::Admin => {
                Decision::Redirect(login_path(here))
            }
        },
        Session::SignedIn(user) if user.force_password_change => match access {
            Access::ForcedChange => Decision::Show,
            _ => redirect(Page::ChangePassword),
        },
        Session::SignedIn(user) if user.two_factor_enrolment_required => match access {
            Access::ForcedEnrolment => Decision::Show,
            _ => redirect(Page::TwoFactorSetup),
        },
        Session::SignedIn(_) => match access {
            Access::Member | Access::Any => Decision::Show,
            Access::Admin if session.is_admin() => Decision::Show,
            Access::Guest => Decision::Redirect(safe_next(query_param(here, "next").as_deref())),
            Access::Admin | Access::Setup | Access::ForcedChange | Access::ForcedEnrolment => {
                redirect(Page::Dashboard)
            }
        },
    }
}

/// The login page that returns to `here` afterwards (plain `/login` for the dashboard and
/// for pages that make no sense to return to).
#[must_use]
pub fn login_path(here: &str) -> String {
    let path = here.split('?').next().unwrap_or(here);
    if here.is_empty() || here == "/" || matches!(path, "/login" | "/register" | "/setup") {
        Page::Login.path()
    } else {
        format!("{}?next={}", Page::Login.path(), encode_component(here))
    }
}

/// Where to go after signing in: `next` when it is a path of this site, else the dashboard.
/// Refuses anything that could leave the site (`//host`, `/\host`, `https:…`).
#[must_use]
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(next)
            if next.starts_with('/')
                && !next.starts_with("//")
                && !next.starts_with("/\\")
                && !next.chars().any(char::is_control) =>
        {
            next.to_owned()
        }
        _ => Page::Dashboard.path(),
    }
}

/// The decoded value of a query parameter of `url` (a path with an optional query).
#[must_use]
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let (_, query) = url.split_once('?')?;
    let query = query.split('#').next().unwrap_or(query);
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (decode_component(key) == name).then(|| decode_component(value))
    })
}

/// Percent-encodes everything but unreserved characters and `/`.
#[must_use]
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` (as a space); malformed escapes stay as they are.
#[must_use]
pub fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
