//! [`AppState`]: what every handler, extractor and middleware can reach (the database, the
//! configuration, keys, the LLM client, the job runner and the shared bounds). Its own module,
//! below the routes, the extractors and the router that use it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use sea_orm::DatabaseConnection;
use tokio_util::sync::CancellationToken;

use crate::auth::csrf::CsrfKey;
use crate::auth::jwt::JwtKeys;
use crate::config::Settings;
use crate::crypto::SecretCipher;
use crate::llm::{LlmClient, LlmError, OpenAiClient};
use crate::services::cpu_slots::CpuSlots;
use crate::services::instance;
use crate::services::previews::PreviewCache;
use crate::services::refinements::events::EventBus;
use crate::services::refinements::runner::JobRunner;
use crate::services::refinements::streams::StreamCounter;

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// The configuration.
    pub settings: Arc<Settings>,
    /// Session token keys.
    pub jwt: Arc<JwtKeys>,
    /// The key of the session-bound CSRF values.
    pub csrf: Arc<CsrfKey>,
    /// Encryption of user secrets.
    pub cipher: Arc<SecretCipher>,
    /// The language-model client (one per process: it holds the connection pool).
    pub llm: Arc<dyn LlmClient>,
    /// Runs refinement jobs in the background.
    pub jobs: Arc<JobRunner>,
    /// Cancelled when the server starts shutting down: long-lived responses (event streams)
    /// end on it.
    pub shutdown: CancellationToken,
    /// The open refinement event streams of each user (capped).
    pub streams: Arc<StreamCounter>,
    /// Bounds the CPU-bound jobs (revision comparisons, document renders) running at once.
    pub cpu_slots: Arc<CpuSlots>,
    /// Page images of designed templates, by what they show.
    pub previews: Arc<PreviewCache>,
    /// Set once the instance is known to be set up; it never becomes unset (the last
    /// administrator cannot be deleted), so this instance stops asking the database.
    set_up: Arc<AtomicBool>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("settings", &self.settings)
            .field("jobs", &self.jobs)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// State over an open (and migrated) database.
    ///
    /// # Errors
    /// When the HTTP client of the LLM layer cannot be built.
    pub fn new(db: DatabaseConnection, settings: Settings) -> Result<Self, LlmError> {
        let llm: Arc<dyn LlmClient> = Arc::new(OpenAiClient::new(settings.llm.client_config())?);
        Ok(Self::with_llm(db, settings, llm))
    }

    /// State with a given LLM client.
    #[must_use]
    pub fn with_llm(db: DatabaseConnection, settings: Settings, llm: Arc<dyn LlmClient>) -> Self {
        let cipher = Arc::new(SecretCipher::new(&settings));
        let jobs = Arc::new(JobRunner::new(
            db.clone(),
            Arc::clone(&llm),
            Arc::clone(&cipher),
            settings.llm.clone(),
            Arc::new(EventBus::default()),
        ));
        Self {
            jwt: Arc::new(JwtKeys::new(&settings)),
            csrf: Arc::new(CsrfKey::new(&settings)),
            cipher,
            llm,
            jobs,
            shutdown: CancellationToken::new(),
            streams: Arc::new(StreamCounter::default()),
            cpu_slots: Arc::new(CpuSlots::for_this_machine()),
            previews: Arc::new(PreviewCache::default()),
            settings: Arc::new(settings),
            db,
            set_up: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Whether the instance is set up (cached once true).
    ///
    /// # Errors
    /// Database errors.
    pub async fn is_set_up(&self) -> Result<bool, sea_orm::DbErr> {
        if self.set_up.load(Ordering::Relaxed) {
            return Ok(true);
        }
        let set_up = instance::is_set_up(&self.db).await?;
        if set_up {
            self.set_up.store(true, Ordering::Relaxed);
        }
        Ok(set_up)
    }

    /// Whether cookies get `Secure`.
    #[must_use]
    pub fn cookie_secure(&self) -> bool {
        self.settings.cookie_secure()
    }
}
