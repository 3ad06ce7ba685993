//! Helpers shared by the integration tests: building content folders to test on.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies `from` into `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary content folder: the shipped law text, the small valid folder in
/// `tests/broken/base`, and the files of `tests/broken/<case>` laid over it.
pub fn broken_folder(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content/laws"), &dir.path().join("laws"));
    copy_dir(&repo().join("tests/broken/base"), dir.path());
    if case != "base" {
        copy_dir(&repo().join("tests/broken").join(case), dir.path());
    }
    dir
}

/// A copy of the shipped default content.
pub fn default_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), dir.path());
    dir
}

/// Runs the binary with `args`; returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pufa-kiosk"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A child process killed and reaped when dropped.
pub struct Kill(pub Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A private X screen of `width`×`height`.
pub fn xvfb(width: u32, height: u32) -> (Kill, String) {
    // Test binaries run in parallel: each takes the first display nobody holds,
    // and the lock file Xvfb writes settles any race with a retry.
    for n in 77..260 {
        if Path::new(&format!("/tmp/.X{n}-lock")).exists() {
            continue;
        }
        let display = format!(":{n}");
        // A server that loses the display is killed and reaped as its guard drops,
        // so none is left behind as a zombie.
        let mut server = Kill(
            Command::new("Xvfb")
                .args([
                    display.as_str(),
                    "-screen",
                    "0",
                    &format!("{width}x{height}x24"),
                    "-nolisten",
                    "tcp",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("Xvfb is needed for this test (scripts/test installs it)"),
        );
        let socket = format!("/tmp/.X11-unix/X{n}");
        let end = Instant::now() + Duration::from_secs(5);
        while Instant::now() < end {
            if server.0.try_wait().unwrap().is_some() {
                break;
            }
            if Path::new(&socket).exists() {
                // The socket may be another server's that won the display.
                std::thread::sleep(Duration::from_millis(200));
                if server.0.try_wait().unwrap().is_none() {
                    return (server, display);
                }
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    panic!("no free X display");
}
