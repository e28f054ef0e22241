//! Resume Editor: the server, the document exporters and the command line, as a library so
//! tests drive the same code the `resume-editor` binary runs.

/// The HTTP application: state, router, middleware, serving and shutdown.
pub mod app;
/// Authentication: session tokens, passwords, extractors, cookies and CSRF.
pub mod auth;
/// The `resume-editor` command line.
pub mod cli;
/// Reading the wall clock (the current month).
pub mod clock;
/// Server configuration from `RESUME_EDITOR_*` environment variables.
pub mod config;
/// Encryption of user secrets at rest.
pub mod crypto;
/// Database connection, migrations, entities and row conversions.
pub mod db;
/// The API error type and the extractors that answer in its envelope.
pub mod error;
/// Markdown and DOCX exports of a resume.
pub mod export;
/// Language-model calls (OpenAI-compatible client, prompts, fake server) and the
/// deterministic fact guard and keyword coverage.
pub mod llm;
/// The OpenAPI document's frame and security schemes.
pub mod openapi;
/// The API routes, one module per resource.
pub mod routes;
/// Business rules and queries.
pub mod services;
/// Logging setup.
pub mod telemetry;
