//! File handling shared by the commands: reading an input (or standard input), printing
//! diagnostics in compiler style, and writing output files atomically so that a failed write
//! never leaves a half-written file behind.

use std::fs;
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

use resume_shared::{Diagnostic, Parsed, parse};

use super::{EXIT_INVALID, EXIT_USAGE};

/// Reads a resume file, or standard input for `-`.
///
/// # Errors
/// The I/O error, or invalid UTF-8 reported as [`io::ErrorKind::InvalidData`].
pub(crate) fn read_input(path: &Path) -> io::Result<String> {
    if path == Path::new("-") {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text)?;
        return Ok(text);
    }
    let bytes = fs::read(path)?;
    String::from_utf8(bytes).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// How a path is shown in messages (`<stdin>` for `-`).
pub(crate) fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}

/// Prints `FILE:LINE: SEVERITY: MESSAGE` lines.
pub(crate) fn print_diagnostics(
    out: &mut impl io::Write,
    file: &str,
    severity: &str,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    for diagnostic in diagnostics {
        writeln!(
            out,
            "{file}:{}: {severity}: {}",
            diagnostic.line,
            diagnostic.located_message()
        )?;
    }
    Ok(())
}

/// Reads and parses a resume for the commands that need a valid one. Warnings go to standard
/// error; on failure the errors do too and the exit status to return comes back as `Err`.
pub(crate) fn load_resume(path: &Path) -> Result<(String, Parsed), u8> {
    let text = read_input(path).map_err(|error| {
        report_io_error(path, "read", &error);
        EXIT_USAGE
    })?;
    let name = display_name(path);
    let mut stderr = io::stderr().lock();
    match parse(&text) {
        Ok(parsed) => {
            let _ = print_diagnostics(&mut stderr, &name, "warning", &parsed.warnings);
            Ok((text, parsed))
        }
        Err(failure) => {
            let _ = print_diagnostics(&mut stderr, &name, "error", &failure.errors);
            Err(EXIT_INVALID)
        }
    }
}

/// Writes `bytes` to standard output and flushes.
///
/// # Errors
/// Any I/O error (a closed pipe, for instance).
pub(crate) fn write_stdout(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// Prints an I/O problem with a file to standard error.
pub(crate) fn report_io_error(path: &Path, action: &str, error: &io::Error) {
    eprintln!("{}: error: cannot {action}: {error}", display_name(path));
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so
/// readers see the old content or the new one, never a part.
///
/// # Errors
/// Any I/O error; the target is then untouched.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?;
    let temporary = directory.join(format!(
        ".{}.{}.tmp",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if let Ok(metadata) = fs::metadata(path) {
            fs::set_permissions(&temporary, metadata.permissions())?;
        }
        fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}
