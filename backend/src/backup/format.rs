//! What makes an archive one of ours: its format name and version, and the name of its
//! manifest (below the manifest and the errors, which both speak of them).

/// The `format` value of every archive.
pub const FORMAT: &str = "resume-editor-backup";
/// The archive format this binary writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// The manifest's file name inside the archive.
pub const MANIFEST_FILE: &str = "manifest.json";
