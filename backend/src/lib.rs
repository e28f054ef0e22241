//! Resume Editor: the server and the command line, as a library so tests drive the same code
//! the `resume-editor` binary runs. The documents (Markdown and Word exports) are the
//! `resume_documents` crate.

pub mod app;
pub mod auth;
pub mod backup;
pub mod cli;
pub mod clock;
pub mod config;
pub mod config_values;
pub mod crypto;
pub mod db;
pub mod error;
pub mod headers;
pub mod job_endpoints;
pub mod llm;
pub mod maintenance;
pub mod openapi;
pub mod private_files;
pub mod routes;
pub mod runtime_settings;
pub mod services;
pub mod serving;
pub mod setup_gate;
pub mod setup_token;
pub mod share_page;
pub mod state;
pub mod strict_json;
pub mod telemetry;
pub mod web;
pub mod wire;
