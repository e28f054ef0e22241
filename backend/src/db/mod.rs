//! The database: connecting (PostgreSQL or SQLite, chosen by the URL), applying migrations, and
//! the sea-orm entities. Queries live in `crate::services`.

pub mod convert;
#[expect(
    missing_docs,
    reason = "entities mirror the migrations in the generator's shape; the tables are documented there"
)]
pub mod entities;

use std::path::PathBuf;
use std::time::Duration;

use migration::{Migrator, MigratorTrait as _};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr, SqlErr};

use crate::config::{DatabaseUrl, MAX_CONNECTIONS};

/// A pooled connection idle for this long is checked (a ping) before it is used again.
pub const PING_AFTER_IDLE: Duration = Duration::from_secs(1);

/// Opens a connection pool.
///
/// # Errors
/// When the database cannot be reached or the URL is invalid.
pub async fn connect(url: &DatabaseUrl) -> Result<DatabaseConnection, DbErr> {
    connect_with(url, MAX_CONNECTIONS).await
}

/// Opens a connection pool of at most `max_connections`.
///
/// # Errors
/// When the database cannot be reached or the URL is invalid.
pub async fn connect_with(
    url: &DatabaseUrl,
    max_connections: u32,
) -> Result<DatabaseConnection, DbErr> {
    if !url.is_postgres() {
        prepare_sqlite_file(url.expose())?;
    }
    let mut options = ConnectOptions::new(url.expose().to_owned());
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        // A connection in use is known to work; only one idle for a while (the server, a proxy
        // or a firewall may have dropped it) is checked with a round trip before it is handed
        // out. Checking every time would add a round trip to every query.
        .test_before_acquire_if_idle_for(PING_AFTER_IDLE)
        // Statements are not logged: their parameters could hold secrets, and at `info` they
        // would drown the request log.
        .sqlx_logging(false)
        // SQLite: write-ahead logging, so readers and the one writer do not wait for each
        // other. With the default rollback journal a burst of 200 parallel logins (each a few
        // short writes: the rate-limit count, the audit entry) left some requests waiting out
        // the 5 s busy timeout, answered 500 "database is locked". (No effect on PostgreSQL.)
        .map_sqlx_sqlite_opts(|options| {
            options.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
        });
    Database::connect(options).await
}

/// Creates a missing SQLite database file with mode 0600 before SQLite opens it, so it is never
/// readable by other local users (SQLite would create it with the umask, typically 0644). The
/// journal files SQLite creates beside it take the database file's permissions. An existing
/// file open to group or others is left as it is, with a warning.
///
/// Only a URL that allows creating the file (`mode=rwc`) and names a file (not `:memory:` or
/// `mode=memory`) is concerned.
fn prepare_sqlite_file(url: &str) -> Result<(), DbErr> {
    let Some(path) = sqlite_file_to_create(url) else {
        return Ok(());
    };
    match crate::private_files::create_new_private().open(&path) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            if let Ok(metadata) = std::fs::metadata(&path)
                && let Some(mode) = crate::private_files::open_to_others(&metadata)
            {
                tracing::warn!(
                    path = %path.display(),
                    mode = format_args!("{mode:o}"),
                    "the SQLite database file is open to group or others; make it private with chmod 600"
                );
            }
            Ok(())
        }
        Err(error) => Err(DbErr::Custom(format!(
            "creating the SQLite database file {}: {error}",
            path.display()
        ))),
    }
}

/// The file a SQLite URL names when the URL lets it be created, read as sqlx reads it
/// (`sqlite://PATH` or `sqlite:PATH`, `%`-escapes decoded, parameters after `?`).
pub(crate) fn sqlite_file_to_create(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let (database, params) = rest.split_once('?').unwrap_or((rest, ""));
    let mut creates = false;
    for (key, value) in url::form_urlencoded::parse(params.as_bytes()) {
        if key == "mode" {
            creates = value == "rwc";
        }
    }
    if !creates || database.is_empty() || database == ":memory:" {
        return None;
    }
    percent_decode(database).map(PathBuf::from)
}

/// Decodes `%XX` escapes; `None` when the result is not UTF-8 or an escape is malformed.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Applies every pending migration.
///
/// # Errors
/// When a migration fails.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Turns unique-constraint violations into a chosen error.
pub trait DbResultExt<T> {
    /// Maps a unique-constraint violation to `f()`, any other database error to itself.
    ///
    /// # Errors
    /// `f()` on a unique violation; the original error otherwise.
    fn on_unique_violation<E: From<DbErr>>(self, f: impl FnOnce() -> E) -> Result<T, E>;
}

impl<T> DbResultExt<T> for Result<T, DbErr> {
    fn on_unique_violation<E: From<DbErr>>(self, f: impl FnOnce() -> E) -> Result<T, E> {
        self.map_err(|error| match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => f(),
            _ => E::from(error),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_creatable_sqlite_files_are_prepared() {
        assert_eq!(
            sqlite_file_to_create("sqlite://./data/resume-editor.db?mode=rwc"),
            Some(PathBuf::from("./data/resume-editor.db"))
        );
        assert_eq!(
            sqlite_file_to_create("sqlite:/tmp/a%20b.db?cache=shared&mode=rwc"),
            Some(PathBuf::from("/tmp/a b.db"))
        );
        for url in [
            "sqlite://./data/resume-editor.db",
            "sqlite://./data/resume-editor.db?mode=ro",
            "sqlite::memory:",
            "sqlite::memory:?mode=rwc",
            "sqlite://x.db?mode=memory",
            "postgres://localhost/db?mode=rwc",
            "sqlite://bad%zz.db?mode=rwc",
        ] {
            assert_eq!(sqlite_file_to_create(url), None, "{url}");
        }
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn a_new_sqlite_database_is_private_and_an_existing_one_is_kept() {
        use std::os::unix::fs::PermissionsExt as _;

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let url = DatabaseUrl::new(format!("sqlite://{}?mode=rwc", path.display()));
        let db = connect_with(&url, 1).await.unwrap();
        migrate(&db).await.unwrap();
        db.close().await.unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);

        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let db = connect_with(&url, 1).await.unwrap();
        db.close().await.unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o640,
            "an existing file's mode is the operator's choice"
        );
    }
}
