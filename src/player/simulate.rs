//! The player without a window on a manual clock, for the statistics tests and
//! the simulated week of `scripts/bench-stats`: the rotation, the guide and the
//! statistics plugin, with time advanced by hand and citizens scripted.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use jiff::Timestamp;

use super::state::{Page, Visit};
use super::stats::{ManualClock, StatsLink, WriterSetup};
use super::{
    Live, LiveContent, Mode, Problems, Shell, build_app, guide, images, rotation, touch, wake,
    widgets,
};
use crate::core::comic::Verdict;
use crate::core::health;

/// The attract loop, the guide and the statistics on `live`, headless, each
/// update `step` of manual time after the last, the statistics' clock starting
/// at `start`.
pub fn headless(live: Live, link: StatsLink, start: Timestamp, step: Duration) -> App {
    let mut app = build_app(
        live,
        Problems::default(),
        Mode::Window,
        Shell::Bare { frame: step },
    );
    app.insert_resource(link)
        .insert_resource(ManualClock { start });
    // Campaigns follow the simulated days too.
    app.insert_resource(super::schedule::WallClock::Following { start });
    app.init_resource::<super::metrics::TickerArea>();
    app.add_plugins((
        wake::plugin,
        images::plugin,
        super::schedule::plugin,
        rotation::plugin,
        touch::plugin,
        widgets::plugin,
        guide::plugin,
        super::stats::plugin,
    ));
    app
}

fn go(app: &mut App, page: Page) {
    app.world_mut().resource_mut::<NextState<Page>>().set(page);
    app.update();
}

fn visit(app: &mut App, visit: Visit) {
    app.world_mut().write_message(visit);
    app.update();
}

/// One citizen: the guide's home page, two choices down the roadmap, two quiz
/// answers (the first right, the second wrong), article `article` of the
/// regulation, then back to the rotation. Ten updates.
pub fn scripted_session(app: &mut App, article: u32) {
    go(app, Page::Home);
    go(app, Page::Roadmap);
    let content = Arc::clone(&app.world().resource::<LiveContent>().content);
    if content.roadmap.is_some() {
        for _ in 0..2 {
            visit(app, Visit::RoadmapChoice(0));
        }
    }
    go(app, Page::Comic);
    if let Some(comic) = content.guide_comic() {
        let lawful = |i: usize| comic.scenes.get(i).map(|s| s.verdict) == Some(Verdict::Lawful);
        // Right, then wrong.
        let (right, wrong) = (lawful(0), !lawful(1));
        visit(app, Visit::Quiz(vec![right]));
        visit(app, Visit::Quiz(vec![right, wrong]));
    }
    go(app, Page::Browser);
    if let Some(law) = content.main_law() {
        visit(app, Visit::Article(law.id.clone(), article));
    }
    go(app, Page::Attract);
}

/// `pufa-kiosk simulate-week`: `days` of manual time on the content of
/// `config`, one update a second: the content reloaded every 10 minutes, a
/// touch session every minute, the statistics written as the player writes them.
/// Prints resident memory and open files per simulated day (and after the first
/// hour); fails if memory at the end is more than 2 MiB above the first hour's.
pub fn simulate_week(config: &Path, days: u32) -> ExitCode {
    let (live, _) = super::initial_state(config);
    let dir = live.settings.content_dir.clone();
    let Ok(content) = crate::core::content::load(&dir) else {
        eprintln!("✗ {}: the content does not load", dir.display());
        return ExitCode::FAILURE;
    };
    let data = std::env::temp_dir().join(format!("pufa-kiosk-week-{}", std::process::id()));
    let mut settings = live.settings.clone();
    settings.data_dir = data.clone();
    let mut setup = WriterSetup::from_settings(&settings);
    setup.tick = Duration::from_millis(2);
    let link = StatsLink::start(setup);
    let pulse = Arc::clone(&link.pulse);
    let start: Timestamp = "2026-01-05T00:00:00+08:00"
        .parse()
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let live = Live {
        settings,
        content: Arc::new(content),
        generation: 0,
    };
    let mut app = headless(live, link, start, Duration::from_secs(1));
    let rss = || health::resident_bytes().unwrap_or(0) as f64 / 1048576.0;
    let fds = || health::open_fds().unwrap_or(0);
    let began = Instant::now();
    println!(
        "simulated-week: {days} days, 1 update per simulated second, reload every 10 min, a touch session every minute"
    );
    println!("day  hour  rss_mib  fds  frames  sessions  reloads  wall_s");
    let mut first_hour = None;
    let mut reloads = 0u64;
    let mut article = 1;
    let mut sessions = 0u64;
    for second in 1..=u64::from(days) * 86400 {
        app.update();
        if second % 600 == 0 && std::env::var_os("PUFA_SIM_NO_RELOAD").is_none() {
            match crate::core::content::load(&dir) {
                Ok(c) => {
                    let mut live = app.world_mut().resource_mut::<LiveContent>();
                    live.content = Arc::new(c);
                    live.generation += 1;
                    reloads += 1;
                }
                Err(_) => eprintln!("a reload failed"),
            }
        }
        if second % 60 == 30 && std::env::var_os("PUFA_SIM_NO_SESSIONS").is_none() {
            scripted_session(&mut app, article);
            article = article % 40 + 1;
            sessions += 1;
        }
        let report = second == 3600
            || second % 86400 == 0
            || (std::env::var_os("PUFA_SIM_VERBOSE").is_some() && second % 600 == 0);
        if report {
            // Let the writer catch up with the clock before reading.
            std::thread::sleep(Duration::from_millis(50));
            let frames = pulse.frames.load(std::sync::atomic::Ordering::Relaxed);
            let (day, hour) = (second / 86400, second % 86400 / 3600);
            let (r, f) = (rss(), fds());
            println!(
                "{day:>3}  {hour:>4}  {r:>7.1}  {f:>3}  {frames:>6}  {sessions:>8}  {reloads:>7}  {:>6.1}",
                began.elapsed().as_secs_f64()
            );
            if second == 3600 {
                first_hour = Some((r, f));
            }
        }
    }
    let (r, f) = (rss(), fds());
    drop(app);
    let files = crate::core::stats::read_folder(&data, None, None).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&data);
    let summary = crate::core::stats::Summary::of(&files);
    println!(
        "files: {} statistics files, {} sessions, {:.1} playback hours, {} unreadable lines",
        summary.files,
        summary.sessions(),
        summary.playback_hours(),
        summary.skipped_lines
    );
    let Some((r1, f1)) = first_hour else {
        return ExitCode::SUCCESS;
    };
    let growth = r - r1;
    println!(
        "growth after the first hour: rss {growth:+.1} MiB, fds {:+}",
        f as i64 - f1 as i64
    );
    if growth > 2.0 || f > f1 {
        println!("FAIL: memory or open files grew");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
