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

/// Runs the binary with `args` (in `cwd` if given), `input` on its stdin; returns
/// (exit code, stdout, stderr). A command that stops early (it refuses) may not
/// read all of its input, so a closed pipe is not an error.
pub fn run_with_input(cwd: Option<&Path>, args: &[&str], input: &str) -> (i32, String, String) {
    use std::io::Write as _;
    let mut command = Command::new(env!("CARGO_BIN_EXE_pufa-kiosk"));
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(cwd) = cwd {
        command.current_dir(cwd);
    }
    let mut child = command.spawn().unwrap();
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A free TCP port on the loopback interface.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
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
