//! What the whole app shares, provided as context by [`App`](crate::App): who is signed in
//! ([`AuthState`]) and the messages of the toast area ([`Toasts`]).
//!
//! The session itself is the HttpOnly cookie the server sets: nothing secret is kept here or in
//! any storage JavaScript can read. [`AuthState`] only remembers what the server said about the
//! session (`GET /api/v1/setup/status` and `GET /api/v1/auth/me`), so that routes can decide what
//! to show. It must not fetch page data; pages do that through [`crate::api`], which reports
//! what failed calls say about the session to [`AuthState::session_event`] (this module uses
//! the client, the client never uses this module).

use std::time::Duration;

use leptos::prelude::*;
use resume_shared::api::UserResponse;

use crate::api::{ApiClient, ApiError, AuthedApi, SessionEvent};

/// What the app knows about the visitor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Session {
    /// Still asking the server.
    Loading,
    /// No user exists yet: only the setup screen is reachable.
    NeedsSetup,
    /// Not signed in.
    Anonymous,
    /// Signed in as this user (who may be flagged for a forced password change or a forced
    /// two-factor enrolment, or be impersonated by an administrator).
    SignedIn(UserResponse),
}

impl Session {
    /// The signed-in user, if any.
    #[must_use]
    pub fn user(&self) -> Option<&UserResponse> {
        match self {
            Self::SignedIn(user) => Some(user),
            _ => None,
        }
    }

    /// Whether the signed-in user is an administrator (and not being impersonated: an
    /// impersonation session has no admin powers).
    #[must_use]
    pub fn is_admin(&self) -> bool {
        self.user().is_some_and(|user| {
            user.impersonator.is_none() && user.roles.iter().any(|role| role == "admin")
        })
    }
}

/// The session as a signal in context. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct AuthState(RwSignal<Session>);

impl Default for AuthState {
    fn default() -> Self {
        Self::new()
    }
}

impl AuthState {
    /// A state that is still loading.
    #[must_use]
    pub fn new() -> Self {
        Self(RwSignal::new(Session::Loading))
    }

    /// The context's state.
    ///
    /// # Panics
    /// Outside [`App`](crate::App), which provides it.
    #[must_use]
    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// The session (tracked).
    #[must_use]
    pub fn get(&self) -> Session {
        self.0.get()
    }

    /// The session, without subscribing to changes.
    #[must_use]
    pub fn get_untracked(&self) -> Session {
        self.0.get_untracked()
    }

    /// The signed-in user (tracked).
    #[must_use]
    pub fn user(&self) -> Option<UserResponse> {
        self.0.with(|session| session.user().cloned())
    }

    /// Whether an administrator is signed in (tracked).
    #[must_use]
    pub fn is_admin(&self) -> bool {
        self.0.with(Session::is_admin)
    }

    /// Someone signed in (login, setup, registration, impersonation start or stop).
    pub fn signed_in(&self, user: UserResponse) {
        self.0.set(Session::SignedIn(user));
    }

    /// The session ended (logout, or the server no longer knows it).
    pub fn signed_out(&self) {
        self.0.set(Session::Anonymous);
    }

    /// The session ended, found out in the middle of a call: signs out once the current turn
    /// is over. Signing out takes the page away, and the call that found out still has to
    /// finish (its action stores its result, the page's views react to it); were the page
    /// gone first, those reactions would read signals already disposed.
    pub fn signed_out_after_this_turn(&self) {
        let this = *self;
        set_timeout(move || this.signed_out(), Duration::ZERO);
    }

    /// Reacts to what a failed call says about the session: a 401 signs out (the routes then
    /// lead to the login page, remembering the page), `password_change_required` and
    /// `two_factor_enrolment_required` flag the user (the routes lead to the password page or
    /// the two-factor setup page), `setup_required` leads to the setup page.
    pub fn session_event(&self, event: SessionEvent) {
        match event {
            SessionEvent::Expired => {
                if matches!(self.0.get_untracked(), Session::SignedIn(_)) {
                    self.signed_out_after_this_turn();
                }
            }
            SessionEvent::PasswordChangeRequired => self.0.update(|session| {
                if let Session::SignedIn(user) = session {
                    user.force_password_change = true;
                }
            }),
            SessionEvent::TwoFactorEnrolmentRequired => self.0.update(|session| {
                if let Session::SignedIn(user) = session {
                    user.two_factor_enrolment_required = true;
                }
            }),
            SessionEvent::SetupRequired => self.0.set(Session::NeedsSetup),
        }
    }

    /// The client for this session: it reports session failures here. A signed-in session
    /// found expired also clears `toasts`: its messages were about that session, and the next
    /// person at a shared computer should not read them on the sign-in page.
    #[must_use]
    pub fn api(self, toasts: Toasts) -> AuthedApi {
        ApiClient.authed(Callback::new(move |event| {
            if matches!(event, SessionEvent::Expired)
                && matches!(self.0.get_untracked(), Session::SignedIn(_))
            {
                toasts.clear();
            }
            self.session_event(event);
        }))
    }

    /// Asks the server who is signed in: first whether the instance is set up, then
    /// `GET /auth/me`. A server that cannot be reached leaves the visitor signed out, with the
    /// reason in the toast area.
    pub async fn load(self, toasts: Toasts) {
        let session = match ApiClient.setup_status().await {
            Ok(status) if status.needs_setup => Session::NeedsSetup,
            Ok(_) => match ApiClient.me().await {
                Ok(user) => Session::SignedIn(user),
                Err(error) if error.status == 401 => Session::Anonymous,
                Err(error) => {
                    toasts.error(error.message);
                    Session::Anonymous
                }
            },
            Err(error) => {
                toasts.error(error.message);
                Session::Anonymous
            }
        };
        self.0.set(session);
    }
}

/// How a toast looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    /// Something worked.
    Success,
    /// Something failed.
    Error,
}

/// One message of the toast area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    /// Unique within the page's life.
    pub id: u64,
    /// Success or error.
    pub kind: ToastKind,
    /// The sentence shown.
    pub text: String,
}

/// How long a toast stays unless dismissed.
const TOAST_LIFETIME: Duration = Duration::from_secs(8);

/// How many toasts show at once; a new one pushes the oldest out. A burst of saves must not
/// cover the page with messages about the past.
pub const MAX_TOASTS: usize = 3;

/// The toast area's messages, in context. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

impl Default for Toasts {
    fn default() -> Self {
        Self::new()
    }
}

impl Toasts {
    /// No messages.
    #[must_use]
    pub fn new() -> Self {
        Self {
            list: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
        }
    }

    /// The context's toasts.
    ///
    /// # Panics
    /// Outside [`App`](crate::App), which provides them.
    #[must_use]
    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// The current messages (tracked).
    #[must_use]
    pub fn list(&self) -> Signal<Vec<Toast>> {
        self.list.into()
    }

    /// Shows a success message.
    pub fn success(&self, text: impl Into<String>) {
        self.push(ToastKind::Success, text.into());
    }

    /// Shows an error message.
    pub fn error(&self, text: impl Into<String>) {
        self.push(ToastKind::Error, text.into());
    }

    /// Shows a failed call, unless it is about the session (the routes handle those by
    /// leading to the login, password or setup page).
    pub fn api_error(&self, error: &ApiError) {
        if error.session_event().is_none() {
            self.error(error.message.clone());
        }
    }

    /// Removes every message (the session they were about ended or changed hands).
    pub fn clear(&self) {
        let _ = self.list.try_update(Vec::clear);
    }

    /// Removes a message.
    pub fn dismiss(&self, id: u64) {
        let _ = self
            .list
            .try_update(|list| list.retain(|toast| toast.id != id));
    }

    fn push(&self, kind: ToastKind, text: String) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.list.update(|list| {
            list.push(Toast { id, kind, text });
            let over = list.len().saturating_sub(MAX_TOASTS);
            list.drain(..over);
        });
        let this = *self;
        set_timeout(move || this.dismiss(id), TOAST_LIFETIME);
    }
}
