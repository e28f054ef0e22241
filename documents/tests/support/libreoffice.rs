//! LibreOffice headless, converting DOCX files to PDF with a fresh profile and a timeout. A
//! missing `soffice` is a failure naming the package, never a skip: the acceptance tests must
//! run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one conversion run may take for all its files together.
const TIMEOUT: Duration = Duration::from_secs(300);

/// `tool` on `PATH`, or a failure saying which Debian package brings it.
pub fn on_path(tool: &str, package: &str) -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(tool))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`{tool}` was not found on PATH: install it with `apt-get install {package}` \
                 (scripts/test.sh does)."
            )
        })
}

/// Converts `files` to PDF in `out_dir` with one `soffice` run whose home directory and user
/// profile live in `scratch`, so that no existing profile or running instance interferes.
pub fn convert_to_pdf(files: &[PathBuf], out_dir: &Path, scratch: &Path) {
    let home = scratch.join("home");
    std::fs::create_dir_all(&home).expect("scratch home directory");
    let mut child = Command::new(on_path("soffice", "libreoffice-writer-nogui"))
        .env("HOME", &home)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            scratch.join("profile").display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(out_dir)
        .args(files)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("soffice starts");
    let started = Instant::now();
    while child.try_wait().expect("soffice status").is_none() {
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("soffice did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let output = child.wait_with_output().expect("soffice output");
    assert!(
        output.status.success(),
        "soffice failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
