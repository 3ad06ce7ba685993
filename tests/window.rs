//! The player in a real window on a virtual screen (Xvfb with Mesa's software
//! Vulkan): it starts, draws its first complete frame, answers a change to its
//! content folder, and keeps running.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Kill(std::process::Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn starts_in_a_window_draws_and_follows_an_edit() {
    // A display number no other X server holds.
    let n = (77..200)
        .find(|n| !std::path::Path::new(&format!("/tmp/.X{n}-lock")).exists())
        .unwrap();
    let display = format!(":{n}");
    let _xvfb = Kill(
        Command::new("Xvfb")
            .args([
                display.as_str(),
                "-screen",
                "0",
                "1280x720x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb is needed for this test (scripts/test installs it)"),
    );
    std::thread::sleep(Duration::from_millis(500));
    let dir = common::default_copy();
    let config = dir
        .path()
        .parent()
        .unwrap()
        .join(format!("kiosk-{}.ron", std::process::id()));
    let settings = std::fs::read_to_string(common::repo().join("kiosk.ron"))
        .unwrap()
        .replace(
            "content: \"content\"",
            &format!("content: \"{}\"", dir.path().display()),
        )
        .replace(
            "Fullscreen(monitor: 0)",
            "Windowed(width: 1280, height: 720)",
        );
    std::fs::write(&config, settings).unwrap();
    let mut kiosk = Kill(
        Command::new(env!("CARGO_BIN_EXE_pufa-kiosk"))
            .args(["--config", config.to_str().unwrap()])
            .env("DISPLAY", &display)
            .env("PUFA_KIOSK_BENCH", "1")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let (tx, lines) = mpsc::channel();
    let stderr = kiosk.0.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let wait_for = |what: &str, seconds: u64| {
        let end = Instant::now() + Duration::from_secs(seconds);
        while let Some(left) = end.checked_duration_since(Instant::now()) {
            match lines.recv_timeout(left) {
                Ok(line) if line.contains(what) => return line,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        panic!("the kiosk never printed `{what}`");
    };
    wait_for("bench first_frame_ms=", 30);
    let panel = dir.path().join("panels/channels.ron");
    let text = std::fs::read_to_string(&panel).unwrap();
    std::fs::write(&panel, text.replace("怎样反映问题", "怎样反映问题？")).unwrap();
    // Generation 1 is the first load (on the watcher thread); the edit makes 2.
    wait_for("bench generation=2 shown_at_us=", 10);
    assert!(
        kiosk.0.try_wait().unwrap().is_none(),
        "the kiosk is still running"
    );
    let _ = std::fs::remove_file(config);
}
