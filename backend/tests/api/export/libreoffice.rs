//! Running LibreOffice headless to convert DOCX files to PDF, with a fresh profile and a
//! timeout. A missing `soffice` is an error, never a skip: the acceptance test must run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one conversion run may take for all files together.
const TIMEOUT: Duration = Duration::from_secs(300);

/// The `soffice` executable on `PATH`.
fn soffice() -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join("soffice"))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`soffice` was not found on PATH. The DOCX acceptance test needs LibreOffice \
                 Writer: install it with `apt-get install libreoffice-writer-nogui`."
            )
        })
}

/// Converts `files` to PDF in `out_dir` with one `soffice` invocation whose home directory and
/// user profile live in `scratch` (so no existing profile or running instance interferes).
pub fn convert_to_pdf(files: &[PathBuf], out_dir: &Path, scratch: &Path) {
    let home = scratch.join("home");
    let profile = scratch.join("profile");
    std::fs::create_dir_all(&home).expect("scratch home directory");
    let mut child = Command::new(soffice())
        .env("HOME", &home)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
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
    loop {
        if child.try_wait().expect("soffice status").is_some() {
            break;
        }
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
