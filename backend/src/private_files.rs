//! Files and directories that hold secrets: the data directory (created `0700`), the generated
//! secret files and the SQLite database (created `0600`), and the check that such a file is not
//! open to group or others when it is read back.
//!
//! Why here and not left to the umask: with the usual umask of `022` a new file is readable by
//! every local user, and these hold the session signing key, the key that decrypts users' API
//! keys, password hashes and every resume. Nothing here reads or writes their contents.
//!
//! Permissions are a Unix notion; elsewhere these functions create plainly and check nothing.

use std::fs;
use std::io;
use std::path::Path;

/// Mode of directories created for secrets: the owner only.
pub const PRIVATE_DIR_MODE: u32 = 0o700;
/// Mode of files created for secrets: the owner may read and write.
pub const PRIVATE_FILE_MODE: u32 = 0o600;

/// Creates `path` and any missing parents with mode `0700`; an existing directory is left as
/// it is.
///
/// # Errors
/// When a directory cannot be created.
pub fn create_private_dir(path: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(PRIVATE_DIR_MODE);
    }
    builder.create(path)
}

/// Opens options that create a new file with mode `0600` (and never open an existing one).
#[must_use]
pub fn create_new_private() -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(PRIVATE_FILE_MODE);
    }
    options
}

/// The permission bits of `metadata` when group or others have any access (read, write or
/// execute), else `None`.
#[must_use]
pub fn open_to_others(metadata: &fs::Metadata) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = metadata.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then_some(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        None
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::io::Write as _;
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    /// The permission bits of `path` (0 when it cannot be read, which fails the assertions).
    fn mode(path: &Path) -> u32 {
        fs::metadata(path).map_or(0, |metadata| metadata.permissions().mode() & 0o777)
    }

    #[test]
    fn directories_are_created_for_the_owner_only_and_existing_ones_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a").join("b");
        create_private_dir(&nested).unwrap();
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        assert_eq!(mode(&nested), 0o700);

        let existing = dir.path().join("existing");
        fs::create_dir(&existing).unwrap();
        fs::set_permissions(&existing, fs::Permissions::from_mode(0o755)).unwrap();
        create_private_dir(&existing).unwrap();
        assert_eq!(mode(&existing), 0o755);
    }

    #[test]
    fn files_are_created_0600_and_never_reopened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        create_new_private()
            .open(&path)
            .unwrap()
            .write_all(b"x")
            .unwrap();
        assert_eq!(mode(&path), 0o600);
        let error = create_new_private().open(&path).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
    }

    #[test]
    fn any_access_for_group_or_others_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("file");
        fs::write(&path, "x").unwrap();
        for (bits, reported) in [
            (0o600, None),
            (0o400, None),
            (0o640, Some(0o640)),
            (0o604, Some(0o604)),
            (0o620, Some(0o620)),
            (0o644, Some(0o644)),
        ] {
            fs::set_permissions(&path, fs::Permissions::from_mode(bits)).unwrap();
            assert_eq!(
                open_to_others(&fs::metadata(&path).unwrap()),
                reported,
                "{bits:o}"
            );
        }
    }
}
