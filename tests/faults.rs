//! Faults injected into a running player (headless, its clock moved by hand):
//! the content folder deleted, renamed, made unreadable, filled with garbage, and
//! `kiosk.ron` deleted. Each time the last good content keeps playing, the staff
//! report names the problem, and once the fault is gone the files on disk go live.
//! (A clock that jumps is tried in a running player in `src/player/headless.rs`.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use pufa_kiosk::player::{LiveContent, LiveSettings, Problems, headless_player};

/// A player following a copy of the small test folder, with a `kiosk.ron` beside it.
struct Player {
    app: App,
    parent: tempfile::TempDir,
}

const KIOSK_RON: &str = "(content: \"content\", window: Fullscreen(monitor: 0), \
    screen_diagonal_inches: 55.0, seconds_per_item: 7.0, transition: Crossfade, \
    transition_seconds: 0.8, language: \"zh-CN\", idle_timeout_seconds: 90.0)";

impl Player {
    fn new() -> Self {
        let parent = tempfile::tempdir().unwrap();
        let base = common::broken_folder("base");
        common::copy_dir(base.path(), &parent.path().join("content"));
        Self::start(parent)
    }

    fn start(parent: tempfile::TempDir) -> Self {
        let config = parent.path().join("kiosk.ron");
        std::fs::write(&config, KIOSK_RON).unwrap();
        let app = headless_player(&config);
        let mut player = Self { app, parent };
        player.until("the first content", |w| {
            w.resource::<LiveContent>().generation > 0
        });
        assert!(!player.problems().any(), "{}", player.problems().report);
        assert_eq!(player.title(), "推选代表");
        // Let the watcher settle before the test changes anything.
        std::thread::sleep(Duration::from_millis(200));
        player.app.update();
        player
    }

    fn dir(&self) -> PathBuf {
        self.parent.path().join("content")
    }

    fn config(&self) -> PathBuf {
        self.parent.path().join("kiosk.ron")
    }

    /// Runs frames until `done` holds, for at most 10 s (the watcher settles in
    /// 20 ms; the rest is slack for a busy machine).
    fn until(&mut self, what: &str, done: impl Fn(&World) -> bool) {
        let end = Instant::now() + Duration::from_secs(10);
        while Instant::now() < end {
            self.app.update();
            if done(self.app.world()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!(
            "not reached in 10 s: {what}; problems:\n{}",
            self.problems().report
        );
    }

    /// Runs frames for `ms` of real time, for reloads that must not come.
    fn run_for(&mut self, ms: u64) {
        let end = Instant::now() + Duration::from_millis(ms);
        while Instant::now() < end {
            self.app.update();
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn live(&self) -> &LiveContent {
        self.app.world().resource::<LiveContent>()
    }

    fn generation(&self) -> u64 {
        self.live().generation
    }

    fn title(&self) -> String {
        self.live().content.library.panels["five"].title.clone()
    }

    fn problems(&self) -> &Problems {
        self.app.world().resource::<Problems>()
    }

    /// Waits for the report of a fault, then checks the last good content is still
    /// the one playing, and stays so.
    fn expect_fault(&mut self, what: &str, diagnostic: impl Fn(&Problems) -> bool) {
        let generation = self.generation();
        let title = self.title();
        self.until(what, |w| diagnostic(w.resource::<Problems>()));
        assert!(self.problems().any(), "{what} is an error");
        self.run_for(300);
        assert_eq!(
            self.generation(),
            generation,
            "{what}: the last good content keeps playing"
        );
        assert_eq!(self.title(), title);
        assert!(diagnostic(self.problems()), "{what}: still reported");
    }

    /// Waits until the folder, with `title` on its panel, is live and the report clear.
    fn expect_live(&mut self, what: &str, title: &str) {
        let generation = self.generation();
        self.until(what, |w| {
            let live = w.resource::<LiveContent>();
            live.generation > generation
                && live.content.library.panels["five"].title == title
                && !w.resource::<Problems>().any()
        });
        assert!(
            self.problems().report.is_empty(),
            "{}",
            self.problems().report
        );
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

/// Every file under `dir`.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                all.push(e.path());
            }
        }
    }
    all.sort();
    all
}

fn names_the_folder(p: &Problems) -> bool {
    p.diagnostics
        .iter()
        .any(|d| d.is_error() && d.en.contains("content folder does not exist"))
}

#[test]
fn a_deleted_content_folder_is_reported_and_a_copy_put_back_goes_live() {
    let mut p = Player::new();
    let backup = p.parent.path().join("usb-stick");
    common::copy_dir(&p.dir(), &backup);
    std::fs::remove_dir_all(p.dir()).unwrap();
    p.expect_fault("the folder deleted", names_the_folder);
    // Staff copy the folder back from a stick, with an edit made meanwhile.
    edit(&backup.join("panels/five.ron"), "推选代表", "请推选代表");
    common::copy_dir(&backup, &p.dir());
    p.expect_live("the folder copied back", "请推选代表");
}

#[test]
fn a_renamed_content_folder_is_reported_and_renaming_it_back_goes_live() {
    let mut p = Player::new();
    let aside = p.parent.path().join("content.old");
    std::fs::rename(p.dir(), &aside).unwrap();
    p.expect_fault("the folder renamed", names_the_folder);
    // Edited under its other name: nothing changes on screen.
    edit(&aside.join("panels/five.ron"), "推选代表", "改名期间的修改");
    p.run_for(300);
    assert_eq!(p.title(), "推选代表");
    std::fs::rename(&aside, p.dir()).unwrap();
    p.expect_live("the folder renamed back", "改名期间的修改");
    // And followed from then on.
    edit(&p.dir().join("panels/five.ron"), "改名期间的修改", "再改");
    p.expect_live("an edit after the rename", "再改");
}

/// A small random generator (xorshift64*), so the garbage is the same every run.
struct Garbage(u64);

impl Garbage {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

#[test]
fn a_folder_of_garbage_is_reported_and_the_good_files_copied_back_go_live() {
    let mut p = Player::new();
    let backup = p.parent.path().join("backup");
    common::copy_dir(&p.dir(), &backup);
    let all = files(&p.dir());
    assert!(all.len() >= 4, "{all:?}");
    let mut garbage = Garbage(0x9e37_79b9_7f4a_7c15);
    for f in &all {
        let len = 1 + (garbage.next() % 8192) as usize;
        std::fs::write(f, garbage.bytes(len)).unwrap();
    }
    p.expect_fault("every file garbage", |problems| {
        problems.diagnostics.iter().any(|d| {
            d.is_error() && (d.file.ends_with("playlist.ron") || d.file.ends_with("five.ron"))
        })
    });
    assert!(
        p.problems().report.contains("playlist.ron") || p.problems().report.contains("five.ron"),
        "{}",
        p.problems().report
    );
    edit(&backup.join("panels/five.ron"), "推选代表", "修复后");
    common::copy_dir(&backup, &p.dir());
    p.expect_live("the good files copied back", "修复后");
}

/// The unreadable folder, from a player that cannot read through permissions.
fn unreadable_folder(p: &mut Player) {
    use std::os::unix::fs::PermissionsExt;
    let dir = p.dir();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o000)).unwrap();
    p.expect_fault("the folder unreadable", |problems| {
        let unreadable = |file: &str| {
            problems.diagnostics.iter().any(|d| {
                d.is_error() && d.file.ends_with(file) && d.en.contains("Permission denied")
            })
        };
        // The playlist is there, only unreadable: not reported as missing.
        unreadable("panels") && unreadable("playlist.ron")
    });
    assert!(
        !p.problems().report.contains("missing"),
        "{}",
        p.problems().report
    );
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    edit(&dir.join("panels/five.ron"), "推选代表", "权限修好了");
    p.expect_live("the permissions restored", "权限修好了");
}

/// Set in the copy of this test that gives up root (see below).
const AS_NOBODY: &str = "PUFA_KIOSK_FAULTS_AS_NOBODY";
const NOBODY: u32 = 65534;

#[test]
fn an_unreadable_content_folder_is_reported_and_restored_permissions_go_live() {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if !root {
        let mut p = Player::new();
        return unreadable_folder(&mut p);
    }
    if std::env::var_os(AS_NOBODY).is_none() {
        // Root reads through any permission (CI runs as root): run this test again
        // in a process of its own that has given up root.
        eprintln!("running as root: the unreadable-folder case runs again as user nobody");
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "an_unreadable_content_folder_is_reported_and_restored_permissions_go_live",
                "--exact",
                "--test-threads=1",
                "--nocapture",
            ])
            .env(AS_NOBODY, "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "the test as nobody failed:\n{stdout}\n{stderr}"
        );
        return;
    }
    // The copy, still root: the folder is made, then handed to nobody, then root
    // is given up for good (glibc applies it to every thread).
    let parent = tempfile::tempdir().unwrap();
    let base = common::broken_folder("base");
    common::copy_dir(base.path(), &parent.path().join("content"));
    std::os::unix::fs::chown(parent.path(), Some(NOBODY), Some(NOBODY)).unwrap();
    for f in files(parent.path()) {
        std::os::unix::fs::chown(&f, Some(NOBODY), Some(NOBODY)).unwrap();
    }
    let mut stack = vec![parent.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        std::os::unix::fs::chown(&d, Some(NOBODY), Some(NOBODY)).unwrap();
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            }
        }
    }
    // SAFETY: plain system calls; setgroups gets no list.
    unsafe {
        assert_eq!(libc::setgroups(0, std::ptr::null()), 0, "setgroups");
        assert_eq!(libc::setgid(NOBODY), 0, "setgid");
        assert_eq!(libc::setuid(NOBODY), 0, "setuid");
        assert_eq!(libc::geteuid(), NOBODY, "root given up");
    }
    let mut p = Player::start(parent);
    unreadable_folder(&mut p);
}

#[test]
fn a_deleted_kiosk_ron_keeps_the_settings_in_force_and_its_return_applies() {
    let mut p = Player::new();
    let seconds = |p: &Player| p.app.world().resource::<LiveSettings>().seconds_per_item;
    assert_eq!(seconds(&p), 7.0);
    let title = p.title();
    std::fs::remove_file(p.config()).unwrap();
    p.until("kiosk.ron reported missing", |w| {
        w.resource::<Problems>()
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.file.ends_with("kiosk.ron") && d.zh.contains("找不到"))
    });
    p.run_for(300);
    assert_eq!(seconds(&p), 7.0, "the settings in force stay");
    assert_eq!(
        p.app.world().resource::<LiveSettings>().content_dir,
        p.dir(),
        "and so does the folder they name"
    );
    assert_eq!(p.title(), title, "the content keeps playing");
    assert!(p.problems().any());
    std::fs::write(
        p.config(),
        KIOSK_RON.replace("seconds_per_item: 7.0", "seconds_per_item: 9.0"),
    )
    .unwrap();
    p.until("kiosk.ron put back", |w| {
        w.resource::<LiveSettings>().seconds_per_item == 9.0 && !w.resource::<Problems>().any()
    });
    assert_eq!(p.title(), title);
}
