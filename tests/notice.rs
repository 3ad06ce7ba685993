//! The urgent notice (`notice.ron`, issue 22) as citizens meet it: drawn by
//! `render` and listed by `proof` at the moment it is up, every page passing the
//! layout audit with its banner at every screen size, a board giving it the whole
//! screen or its ticker; and, from outside the process, a running player showing
//! it within a second of the file's arrival and taking it down at its end, while
//! a citizen on a roadmap step stays on the step.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Kill, xvfb};
use x11rb::connection::Connection;
use x11rb::protocol::xproto::{ConnectionExt, ImageFormat};

/// A moment when no campaign of the default content runs, with the notice up.
const AT: &str = "2026-03-02 10:00";
const WORDS: &str = "今天下午 16:00 起暂停接待，明天上午 8:30 恢复，给您带来不便，敬请谅解。";

fn at() -> jiff::Timestamp {
    let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
    pufa_kiosk::core::schedule::parse_local(AT, &tz).unwrap()
}

fn notice(until: &str) -> String {
    format!("(text: \"{WORDS}\", until: \"{until}\", source: Some(\"县信访局\"))")
}

/// A copy of the shipped content with a notice up from now until 18:00 on the day of [`AT`].
fn with_notice() -> tempfile::TempDir {
    let dir = common::default_copy();
    std::fs::write(dir.path().join("notice.ron"), notice("2026-03-02 18:00")).unwrap();
    dir
}

/// A `kiosk.ron` in `dir` for a display board of `diagonal` inches playing `content`.
fn board_config(dir: &Path, diagonal: f32, content: &Path) -> PathBuf {
    let text = format!(
        r#"(
    content: "{}",
    window: Fullscreen(monitor: 0),
    screen_diagonal_inches: {diagonal:.1},
    seconds_per_item: 12.0,
    transition: Crossfade,
    transition_seconds: 0.8,
    language: "zh-CN",
    idle_timeout_seconds: 90.0,
    mode: Board,
)"#,
        content.display()
    );
    let path = dir.join(format!("board-{diagonal}.ron"));
    std::fs::write(&path, text).unwrap();
    path
}

/// Every touch page (大字 off and on) is laid out and audited with the banner up,
/// at every screen size the lobbies have, and the boards' slides too.
#[test]
fn every_page_passes_the_layout_audit_at_every_size_with_the_banner_up() {
    let content = with_notice();
    let live =
        pufa_kiosk::player::render_state(&common::repo().join("kiosk.ron"), Some(content.path()))
            .unwrap();
    assert!(live.content.notice.is_some(), "the notice is read");
    let mut problems = Vec::new();
    for size in [
        (1920, 1080),
        (1080, 1920),
        (1366, 768),
        (1280, 1024),
        (3840, 2160),
        (1920, 540),
    ] {
        let rendered =
            pufa_kiosk::player::render_offscreen(live.clone(), size, None, at()).unwrap();
        assert!(
            rendered.pages.iter().any(|p| p.ends_with("-large-text")),
            "{size:?}: 大字 pages audited too"
        );
        problems.extend(rendered.problems);
    }
    let dir = tempfile::tempdir().unwrap();
    for (size, diagonal) in [
        ((1920, 540), 235.0),
        ((2880, 480), 460.0),
        ((768, 256), 160.0),
    ] {
        let config = board_config(dir.path(), diagonal, content.path());
        let live = pufa_kiosk::player::render_state(&config, None).unwrap();
        let rendered = pufa_kiosk::player::render_offscreen(live, size, None, at()).unwrap();
        problems.extend(rendered.problems);
    }
    let report: Vec<String> = problems.iter().map(|p| p.en()).collect();
    assert!(report.is_empty(), "{}", report.join("\n"));
}

/// Pictures of a board at the moment the notice is up: a wide board shows it over
/// the whole screen on every picture, a small one first in its ticker line; an
/// hour after its end, neither does.
#[test]
fn a_board_shows_it_on_the_whole_screen_or_in_its_ticker_and_not_after_its_end() {
    let content = with_notice();
    let dir = tempfile::tempdir().unwrap();
    let mut pictures = Vec::new();
    for (size, diagonal) in [((1920, 540), 235.0), ((768, 256), 160.0)] {
        let config = board_config(dir.path(), diagonal, content.path());
        for (when, up) in [(AT, true), ("2026-03-02 19:00", false)] {
            let out = dir.path().join(format!("{}x{}-{}", size.0, size.1, up));
            let (code, stdout, stderr) = common::run(&[
                "render",
                "--config",
                config.to_str().unwrap(),
                "--size",
                &format!("{}x{}", size.0, size.1),
                "--at",
                when,
                "--out",
                out.to_str().unwrap(),
            ]);
            assert_eq!(code, 0, "{size:?} at {when}:\n{stderr}");
            let files: Vec<&str> = stdout.lines().collect();
            assert!(!files.is_empty());
            pictures.push((
                size,
                up,
                files
                    .iter()
                    .map(|f| image::open(f).unwrap().to_rgb8())
                    .collect::<Vec<_>>(),
            ));
        }
    }
    let of = |size: (u32, u32), up: bool| {
        &pictures
            .iter()
            .find(|(s, u, _)| *s == size && *u == up)
            .unwrap()
            .2
    };
    // The wide board: while it is up, every picture is the notice, the same one;
    // after its end, the slides again, each its own and none of them the notice.
    let (on, off) = (of((1920, 540), true), of((1920, 540), false));
    assert!(on.len() > 2 && off.len() > 2);
    assert!(
        on.iter().all(|p| p == &on[0]),
        "the notice covers every slide"
    );
    assert!(off.iter().all(|p| p != &on[0]), "gone after its end");
    assert_ne!(off[0], off[1], "the slides play again");
    // The small board: one picture, its ticker line, which starts with the notice.
    let (on, off) = (of((768, 256), true), of((768, 256), false));
    assert_eq!((on.len(), off.len()), (1, 1));
    assert_ne!(on[0], off[0], "the ticker line begins with the notice");
    // The proof sheet of the wide board at that moment lists the notice.
    let config = board_config(dir.path(), 235.0, content.path());
    let out = dir.path().join("proof");
    let (code, _, stderr) = common::run(&[
        "proof",
        "--config",
        config.to_str().unwrap(),
        "--size",
        "1920x540",
        "--at",
        AT,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        html.contains("紧急通知"),
        "the sheet has the notice's section"
    );
    assert!(
        html.contains(&format!("{WORDS}（来源：县信访局）")),
        "with its words as shown"
    );
    assert!(
        html.contains("此刻显示中"),
        "and says it is up at the moment"
    );
}

/// What the X server shows, grabbed from outside the process.
struct Grabber {
    conn: x11rb::rust_connection::RustConnection,
    root: u32,
    width: u16,
    height: u16,
}

impl Grabber {
    fn new(display: &str) -> Self {
        let (conn, n) = x11rb::connect(Some(display)).unwrap();
        let screen = &conn.setup().roots[n];
        Self {
            root: screen.root,
            width: screen.width_in_pixels,
            height: screen.height_in_pixels,
            conn,
        }
    }

    fn grab(&self) -> Vec<u8> {
        self.conn
            .get_image(
                ImageFormat::Z_PIXMAP,
                self.root,
                0,
                0,
                self.width,
                self.height,
                !0,
            )
            .unwrap()
            .reply()
            .unwrap()
            .data
    }
}

/// Share of the pixels of two grabs that differ by more than 8 in a channel.
fn differ(a: &[u8], b: &[u8]) -> f64 {
    let n = a.len().min(b.len()) / 4;
    let changed = a
        .chunks_exact(4)
        .zip(b.chunks_exact(4))
        .filter(|(p, q)| {
            p.iter()
                .zip(q.iter())
                .take(3)
                .any(|(x, y)| x.abs_diff(*y) > 8)
        })
        .count();
    changed as f64 / n.max(1) as f64
}

/// The kiosk's wall clock `seconds` from now, as notice.ron writes it.
fn local_in(seconds: i64) -> String {
    let now = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_secs(seconds))
        .unwrap();
    now.in_tz("Asia/Shanghai")
        .unwrap()
        .strftime("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// A tap at (`x`, `y`) through XTEST, as a touchscreen driven as a pointer sends it.
fn tap(display: &str, x: f32, y: f32) {
    let status = Command::new("/usr/bin/python3")
        .args([
            "-c",
            "import sys\nfrom Xlib import X, display\nfrom Xlib.ext import xtest\n\
             d = display.Display(sys.argv[1])\n\
             xtest.fake_input(d, X.MotionNotify, x=int(float(sys.argv[2])), y=int(float(sys.argv[3])))\n\
             xtest.fake_input(d, X.ButtonPress, 1)\n\
             xtest.fake_input(d, X.ButtonRelease, 1)\n\
             d.sync()",
            display,
            &x.to_string(),
            &y.to_string(),
        ])
        .status()
        .expect("python3 with python3-xlib taps the screen (scripts/test installs it)");
    assert!(status.success());
}

/// Waits until `done` holds of a grab, at most `limit`; returns how long it took.
fn until(g: &Grabber, limit: Duration, mut done: impl FnMut(&[u8]) -> bool) -> Option<Duration> {
    let t0 = Instant::now();
    while t0.elapsed() < limit {
        if done(&g.grab()) {
            return Some(t0.elapsed());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

/// The health file's `on_screen`: page and since.
fn on_screen(data: &Path) -> Option<(String, String)> {
    let text = std::fs::read_to_string(data.join("health/status.json")).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some((
        v["on_screen"]["page"].as_str()?.to_owned(),
        v["on_screen"]["since"].as_str()?.to_owned(),
    ))
}

#[test]
fn a_running_player_shows_a_new_notice_within_a_second_ends_it_on_time_and_keeps_a_citizen_on_their_step()
 {
    let (width, height) = (1280u32, 720u32);
    let (_xvfb, display) = xvfb(width, height);
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::repo().join("content"), &dir.path().join("content"));
    let config = dir.path().join("kiosk.ron");
    let shipped = std::fs::read_to_string(common::repo().join("kiosk.ron")).unwrap();
    // One slide stands all through, so only the notice changes the screen.
    assert!(shipped.contains("seconds_per_item: 12.0,"));
    std::fs::write(
        &config,
        shipped.replacen("seconds_per_item: 12.0,", "seconds_per_item: 600.0,", 1),
    )
    .unwrap();
    let file = dir.path().join("content/notice.ron");
    let data = dir.path().join("data");
    // Where the roadmap's buttons are on this screen, as render lays them out.
    let live = pufa_kiosk::player::render_state(&config, None).unwrap();
    let roadmap = live.content.roadmap.clone().unwrap();
    let laid_out =
        pufa_kiosk::player::render_offscreen(live, (width, height), None, jiff::Timestamp::now())
            .unwrap();
    let centre = |page: &str, label: &str| {
        let c = laid_out
            .controls
            .iter()
            .find(|c| c.page == page && c.label.contains(label))
            .unwrap_or_else(|| panic!("no “{label}” on {page}"));
        let a = c.on_screen;
        ((a.x.start + a.x.end) / 2.0, (a.y.start + a.y.end) / 2.0)
    };
    let _kiosk = Kill(
        Command::new(env!("CARGO_BIN_EXE_pufa-kiosk"))
            .args(["--config", config.to_str().unwrap()])
            .env("DISPLAY", &display)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let g = Grabber::new(&display);
    // The first slide, settled: two grabs a second apart agree.
    let mut previous = g.grab();
    let settled = until(&g, Duration::from_secs(60), |now| {
        std::thread::sleep(Duration::from_millis(1000));
        let same = differ(now, &previous) == 0.0 && now.iter().any(|&b| b > 0);
        previous = now.to_vec();
        same
    });
    assert!(settled.is_some(), "the first slide never settled");
    let before = g.grab();

    // 1. The file arrives: on screen within a second; it ends at its end.
    std::fs::write(&file, notice(&local_in(6))).unwrap();
    let shown = until(&g, Duration::from_secs(5), |now| {
        differ(now, &before) > 0.01
    })
    .expect("the notice never came on screen");
    eprintln!("notice.ron written → on screen: {} ms", shown.as_millis());
    assert!(shown <= Duration::from_secs(1), "{shown:?}");
    let gone = until(&g, Duration::from_secs(15), |now| {
        differ(now, &before) < 0.001
    })
    .expect("the notice never ended");
    // Written at t, ending at t + 6 s (whole seconds on the kiosk's clock): it
    // comes down between 5 and 7.5 s after the write.
    let total = shown + gone;
    assert!(
        total >= Duration::from_millis(4900) && total <= Duration::from_millis(7500),
        "ended {total:?} after it was written"
    );
    std::fs::remove_file(&file).unwrap();

    // 2. A citizen walks to a roadmap step; the notice arrives under it.
    tap(&display, width as f32 / 2.0, height as f32 / 2.0);
    std::thread::sleep(Duration::from_millis(1500));
    let tile = pufa_kiosk::player::messages::Messages::for_language("zh-CN").tile_roadmap;
    let (x, y) = centre("home", &tile);
    tap(&display, x, y);
    std::thread::sleep(Duration::from_millis(1500));
    let first = &roadmap.steps[0];
    let (x, y) = centre(&format!("roadmap-{}", first.id), &first.choices[0].label);
    tap(&display, x, y);
    std::thread::sleep(Duration::from_millis(1500));
    let walking = on_screen(&data).expect("the health file says what is on screen");
    assert_eq!(walking.0, "roadmap", "{walking:?}");
    let step = g.grab();
    std::fs::write(&file, notice(&local_in(3600))).unwrap();
    let shown = until(&g, Duration::from_secs(5), |now| differ(now, &step) > 0.01)
        .expect("the banner never came over the step");
    assert!(shown <= Duration::from_secs(1), "{shown:?}");
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        on_screen(&data).unwrap(),
        walking,
        "the citizen is still on the same page, not sent back"
    );
}
