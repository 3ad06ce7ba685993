//! Proof of play, use figures, health files and systemd's watchdog.
//!
//! The systems here only watch: when the page, the roadmap step, the quiz or the
//! slide changes in a frame that was drawn anyway, they hand a small event to a
//! writer thread through a bounded channel (never blocking; a full channel drops
//! the event). The thread counts, appends the statistics files once a minute,
//! rewrites the health files once a minute and at once when what the screen shows,
//! what is on air or the content changes, and pings systemd's watchdog only
//! while this loop has run a frame lately (it wakes at least once a minute, see
//! wake.rs). No file is touched on the frame's thread and no frame is asked for,
//! so a read-only or full disk cannot hold up the screen.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::images::PendingImage;
use super::rotation::Attract;
use super::rotation::slide::SlideRoot;
use super::schedule::OnAirNow;
use super::state::{Page, Used};
use super::{LiveContent, LiveSettings, Problems};
use crate::core::health::{
    self, Change, Digests, Health, Named, OnAirNote, OnScreen, ProblemNote, Reload,
};
use crate::core::item::ItemKey;
use crate::core::settings::Settings;
use crate::core::stats::{DailyFiles, Event, Recorder};

/// A frame within this long keeps the watchdog fed. The loop wakes at least every
/// 60 s even with nothing to draw.
const LOOP_ALIVE: Duration = Duration::from_secs(90);

/// Events waiting for the writer thread at most; more are dropped, never waited for.
const CHANNEL: usize = 4096;

/// Records kept in memory while the disk refuses them (about a week of hours).
const KEEP_UNWRITTEN: usize = 2000;

/// An item on screen longer than this is recorded in pieces, so a one-item
/// playlist still leaves proof of play.
const LONGEST_SHOWN: f64 = 3600.0;

/// What the frame loop and the writer thread share: plain atomics.
#[derive(Debug)]
pub struct Pulse {
    /// Frames drawn (updates run).
    pub frames: AtomicU64,
    /// When the last frame ran, in ms after `base`.
    last_frame_ms: AtomicU64,
    base: Instant,
    generation: AtomicU64,
    diagnostics: AtomicU64,
    errors: AtomicU64,
    /// Whether the last reload went live, and when.
    last_reload: Mutex<Option<(bool, Timestamp)>>,
    /// What the health file says beyond the counters.
    note: Mutex<Note>,
    /// Milliseconds of Unix time set by a manual clock (tests, the soak); i64::MIN
    /// for the system clock.
    manual_ms: AtomicI64,
    stats_writable: AtomicBool,
    /// Dropped events (the writer thread fell behind).
    pub dropped: AtomicU64,
}

impl Default for Pulse {
    fn default() -> Self {
        Self {
            frames: AtomicU64::new(0),
            last_frame_ms: AtomicU64::new(0),
            base: Instant::now(),
            generation: AtomicU64::new(0),
            diagnostics: AtomicU64::new(0),
            errors: AtomicU64::new(0),
            last_reload: Mutex::new(None),
            note: Mutex::new(Note::default()),
            manual_ms: AtomicI64::new(i64::MIN),
            stats_writable: AtomicBool::new(true),
            dropped: AtomicU64::new(0),
        }
    }
}

impl Pulse {
    /// The statistics' clock: the system's, or the manual one.
    pub fn now(&self) -> Timestamp {
        match self.manual_ms.load(Ordering::Relaxed) {
            i64::MIN => Timestamp::now(),
            ms => Timestamp::from_millisecond(ms).unwrap_or_else(|_| Timestamp::now()),
        }
    }

    fn since_last_frame(&self) -> Duration {
        let last = Duration::from_millis(self.last_frame_ms.load(Ordering::Relaxed));
        self.base.elapsed().saturating_sub(last)
    }
}

/// What the screen shows, what is on air and the last reload, as the frame loop
/// saw them, for the writer thread's health file.
#[derive(Debug, Default, Clone, PartialEq)]
struct Note {
    /// page, kind, id, title, since
    on_screen: Option<(String, String, String, String, Timestamp)>,
    campaigns: Vec<Named>,
    next_change: Option<Timestamp>,
    /// The last reload: generation after it, when, whether it went live, its
    /// problems, and the folder it read.
    reload: Option<(u64, Timestamp, bool, Vec<ProblemNote>)>,
    content_dir: PathBuf,
    /// How the content version is taken (the notice apart or not).
    cover: crate::core::approval::Cover,
    /// The approved version playing, when approval is required: it, not the
    /// folder's (which may hold a version waiting for approval), is reported.
    playing: Option<String>,
}

/// What the frame loop hands the writer thread.
enum Msg {
    /// Something a citizen did or saw, to count.
    Event(Timestamp, Event),
    /// The screen or what is on air changed: rewrite the health files soon
    /// (after [`SETTLE`]).
    Refresh,
    /// The content folder was loaded again: find which files changed, then
    /// rewrite the health files (after [`SETTLE`]).
    Reloaded,
}

/// How long the writer lets a change of screen or content settle before it reads
/// the folder and rewrites the health files (with an fdatasync each): the frame
/// that shows the change is being drawn then, and on a two-core kiosk without a
/// GPU it needs both cores. A burst of changes is written once.
const SETTLE: Duration = Duration::from_millis(250);

/// A clock set by hand: the statistics' time is `start` plus the app's elapsed
/// time (`Time::elapsed`), for tests and the simulated week; not in what ships.
#[cfg(any(test, feature = "dev"))]
#[derive(Resource, Clone, Copy, Debug)]
pub struct ManualClock {
    pub start: Timestamp,
}

/// Where the writer thread writes, and how often it looks.
#[derive(Debug, Clone)]
pub struct WriterSetup {
    pub stats_dir: PathBuf,
    pub health_dir: PathBuf,
    pub prometheus_extra: Option<PathBuf>,
    /// This kiosk's folder in the fleet folder Syncthing sends to the office.
    pub fleet_dir: Option<PathBuf>,
    pub kiosk: String,
    pub zone: TimeZone,
    /// How long the thread sleeps between looks when no event comes.
    pub tick: Duration,
}

impl WriterSetup {
    pub fn from_settings(settings: &Settings) -> Self {
        Self {
            stats_dir: settings.data_dir.join(crate::core::stats::STATS_DIR),
            health_dir: settings.data_dir.join(health::HEALTH_DIR),
            prometheus_extra: settings.prometheus_file.clone(),
            fleet_dir: settings.fleet.as_ref().map(|f| f.dir.clone()),
            kiosk: settings.kiosk_id.clone(),
            // The dates and hours of the statistics are the kiosk's.
            zone: settings.time_zone.clone(),
            tick: Duration::from_secs(15),
        }
    }
}

/// The link to the writer thread. Dropping it (the app ends) closes the hour
/// being counted, writes it, and waits a moment for the thread to finish.
#[derive(Resource)]
pub struct StatsLink {
    tx: Option<SyncSender<Msg>>,
    pub pulse: Arc<Pulse>,
    thread: Option<JoinHandle<()>>,
    /// The item on the rotation's screen, since when: recorded when it leaves,
    /// or when the player stops.
    shown: Option<(ItemKey, Timestamp)>,
    /// Today's counts so far, for the staff overlay.
    pub today: Today,
    zone: TimeZone,
}

/// Counts of the local day so far (the staff overlay shows them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Today {
    pub date: Option<jiff::civil::Date>,
    pub sessions: u64,
    pub pages: u64,
    pub shown: u64,
}

impl Today {
    fn count(&mut self, date: jiff::civil::Date, event: &Event) {
        if self.date != Some(date) {
            *self = Today {
                date: Some(date),
                ..Today::default()
            };
        }
        match event {
            Event::Session => self.sessions += 1,
            Event::Page(_) => self.pages += 1,
            Event::Shown { .. } => self.shown += 1,
            _ => {}
        }
    }
}

impl StatsLink {
    /// Starts the writer thread.
    pub fn start(setup: WriterSetup) -> Self {
        let pulse = Arc::new(Pulse::default());
        let zone = setup.zone.clone();
        let (tx, rx) = mpsc::sync_channel(CHANNEL);
        let shared = Arc::clone(&pulse);
        let thread = std::thread::Builder::new()
            .name("pufa-kiosk stats".into())
            .spawn(move || writer(setup, &shared, &rx))
            .ok();
        Self {
            tx: Some(tx),
            pulse,
            thread,
            shown: None,
            today: Today::default(),
            zone,
        }
    }

    /// Records the item on screen as shown until now.
    fn close_shown(&mut self, now: Timestamp) {
        if let Some((key, since)) = self.shown.take() {
            let seconds = now.duration_since(since).as_secs_f64().max(0.0);
            self.send(
                now,
                Event::Shown {
                    item: item_name(&key),
                    start: since,
                    seconds,
                },
            );
        }
    }

    fn send(&mut self, at: Timestamp, event: Event) {
        let date = self.zone.to_datetime(at).date();
        self.today.count(date, &event);
        self.post(Msg::Event(at, event));
    }

    fn post(&mut self, msg: Msg) {
        if let Some(tx) = &self.tx
            && let Err(TrySendError::Full(_)) = tx.try_send(msg)
        {
            self.pulse.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Changes the health file's note and, if that changed it, has the writer
    /// rewrite the health files now.
    fn update_note(&mut self, change: impl FnOnce(&mut Note), msg: Msg) {
        let changed = match self.pulse.note.lock() {
            Ok(mut note) => {
                let before = note.clone();
                change(&mut note);
                *note != before
            }
            Err(_) => false,
        };
        if changed || matches!(msg, Msg::Reloaded) {
            self.post(msg);
        }
    }
}

impl Drop for StatsLink {
    fn drop(&mut self) {
        self.close_shown(self.pulse.now());
        self.tx = None;
        if let Some(thread) = self.thread.take() {
            let end = Instant::now() + Duration::from_secs(3);
            while !thread.is_finished() && Instant::now() < end {
                std::thread::sleep(Duration::from_millis(5));
            }
            if thread.is_finished() {
                let _ = thread.join();
            }
        }
    }
}

/// The writer thread: counts events, appends the day's file and rewrites the
/// health files each minute of the clock, feeds the watchdog, and writes what is
/// left when the player stops.
fn writer(setup: WriterSetup, pulse: &Pulse, rx: &mpsc::Receiver<Msg>) {
    let mut recorder = Recorder::new(setup.zone.clone());
    let mut daily = DailyFiles::new(setup.stats_dir.clone(), &setup.kiosk);
    let started = pulse.now();
    let watchdog = sd_notify::watchdog_enabled();
    // Pings at a third of systemd's period, so one late wake-up is not fatal.
    let tick = watchdog.map_or(setup.tick, |w| setup.tick.min(w / 3));
    let mut last_ping = Instant::now();
    let mut last_minute = i64::MIN;
    let mut health_failed = false;
    // The content folder as the last reload found it, to name the files a change
    // touched; read off the frame's thread.
    let mut files: Option<(PathBuf, Digests)> = None;
    // Each file's length and SHA-256 by its stat stamp: after a reload only the
    // changed files are read again (the whole folder was hashed twice on every
    // reload, on the second core, while the frame showing it was drawn).
    let mut cache = crate::core::approval::Digests::default();
    let mut version: Option<String> = None;
    let mut last_change: Option<Change> = None;
    // A rewrite asked for and when it is due; whether a reload asked for it.
    let mut due: Option<Instant> = None;
    let mut reload_waiting = false;
    loop {
        let mut asked = false;
        let mut take = |msg: Msg| match msg {
            Msg::Event(at, event) => recorder.record(at, event),
            Msg::Refresh => asked = true,
            Msg::Reloaded => {
                asked = true;
                reload_waiting = true;
            }
        };
        let wait = due.map_or(tick, |at| {
            tick.min(at.saturating_duration_since(Instant::now()))
        });
        let closing = match rx.recv_timeout(wait) {
            Ok(msg) => {
                take(msg);
                // Take whatever else is waiting before looking at the clock.
                while let Ok(msg) = rx.try_recv() {
                    take(msg);
                }
                false
            }
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => true,
        };
        if asked {
            due.get_or_insert_with(|| Instant::now() + SETTLE);
        }
        let refresh = closing || due.is_some_and(|at| Instant::now() >= at);
        let reloaded = refresh && std::mem::take(&mut reload_waiting);
        if refresh {
            due = None;
        }
        let note = pulse.note.lock().map(|n| n.clone()).unwrap_or_default();
        if files
            .as_ref()
            .is_none_or(|(dir, _)| *dir != note.content_dir)
            || reloaded
        {
            let now_files = health::digests(&note.content_dir, &mut cache);
            if reloaded && let Some((generation, at, ok, problems)) = note.reload.clone() {
                let before = files.as_ref().map(|f| &f.1);
                last_change = Some(Change {
                    generation,
                    at: at.to_zoned_datetime(setup.zone.clone()),
                    ok,
                    files: before.map_or_else(Vec::new, |b| health::file_changes(b, &now_files)),
                    problems,
                });
            }
            files = Some((note.content_dir.clone(), now_files));
            version = note.playing.clone().or_else(|| {
                cache
                    .version_of(&note.content_dir, note.cover)
                    .ok()
                    .map(|v| v.to_string())
            });
        }
        let now = pulse.now();
        recorder.roll(now);
        if closing {
            recorder.finish();
        }
        let minute = now.as_second().div_euclid(60);
        if minute != last_minute || closing || refresh || reloaded {
            if minute != last_minute || closing {
                write_stats(&mut recorder, &mut daily, pulse);
            }
            last_minute = minute;
            let mut h = reading(&setup, pulse, &recorder, started, now);
            h.on_screen = note
                .on_screen
                .map(|(page, kind, id, title, since)| OnScreen {
                    page,
                    kind,
                    id,
                    title,
                    since: since.to_zoned_datetime(setup.zone.clone()),
                });
            h.on_air = OnAirNote {
                campaigns: note.campaigns,
                next_change: note
                    .next_change
                    .map(|t| t.to_zoned_datetime(setup.zone.clone())),
            };
            h.last_change = last_change.clone();
            h.content_version = version.clone();
            // A player that stopped says so rather than leaving up = 1 behind.
            h.up = !closing;
            write_health(&setup, &h, &mut health_failed);
        }
        if let Some(period) = watchdog
            && last_ping.elapsed() >= tick.min(period / 3)
            && pulse.since_last_frame() < LOOP_ALIVE
        {
            let _ = sd_notify::notify(&[sd_notify::NotifyState::Watchdog]);
            last_ping = Instant::now();
        }
        if closing {
            return;
        }
    }
}

fn write_stats(recorder: &mut Recorder, files: &mut DailyFiles, pulse: &Pulse) {
    let pending = recorder.take_pending();
    if pending.is_empty() {
        return;
    }
    let was = pulse.stats_writable.load(Ordering::Relaxed);
    match files.append(pending) {
        Ok(()) => {
            if !was {
                info!(
                    "统计文件又可写入了 / the statistics files can be written again: {}",
                    files.dir().display()
                );
            }
            pulse.stats_writable.store(true, Ordering::Relaxed);
        }
        Err((e, rest)) => {
            if was {
                warn!(
                    "无法写入统计文件（播放不受影响，稍后重试）/ cannot write the statistics files (playback goes on; will try again): {}: {e}",
                    files.dir().display()
                );
            }
            pulse.stats_writable.store(false, Ordering::Relaxed);
            recorder.put_back(rest, KEEP_UNWRITTEN);
        }
    }
}

fn reading(
    setup: &WriterSetup,
    pulse: &Pulse,
    recorder: &Recorder,
    started: Timestamp,
    now: Timestamp,
) -> Health {
    let local = |t: Timestamp| t.to_zoned_datetime(setup.zone.clone());
    let diagnostics = pulse.diagnostics.load(Ordering::Relaxed);
    let errors = pulse.errors.load(Ordering::Relaxed).min(diagnostics);
    Health {
        up: true,
        kiosk: setup.kiosk.clone(),
        version: env!("CARGO_PKG_VERSION").into(),
        time_zone: setup.zone.iana_name().unwrap_or("UTC").to_owned(),
        started: local(started),
        updated: local(now),
        uptime_seconds: u64::try_from(started.duration_until(now).as_secs()).unwrap_or(0),
        free_bytes: free_bytes(&setup.health_dir),
        content_generation: pulse.generation.load(Ordering::Relaxed),
        content_version: None,
        last_reload: pulse
            .last_reload
            .lock()
            .ok()
            .and_then(|r| *r)
            .map(|(ok, at)| Reload { ok, at: local(at) }),
        frames_drawn: pulse.frames.load(Ordering::Relaxed),
        diagnostics,
        errors,
        warnings: diagnostics - errors,
        touch_sessions: recorder.sessions_total,
        resident_bytes: health::resident_bytes().unwrap_or(0),
        stats_writable: pulse.stats_writable.load(Ordering::Relaxed),
        on_screen: None,
        on_air: OnAirNote::default(),
        last_change: None,
    }
}

/// Free space on the disk holding `dir` (or its nearest existing parent), in bytes.
fn free_bytes(dir: &std::path::Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let existing = dir.ancestors().find(|p| p.exists())?;
    let path = std::ffi::CString::new(existing.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs is plain old data, for which all zeroes is a valid value.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: statvfs only writes the struct it is handed, which lives across
    // the call; `path` is a valid NUL-terminated string.
    let read = unsafe { libc::statvfs(path.as_ptr(), &mut st) };
    (read == 0).then(|| st.f_bavail.saturating_mul(st.f_frsize))
}

/// The fleet folder's names for the two files (`status.json`, `metrics.prom`).
pub const FLEET_METRICS_FILE: &str = "metrics.prom";

fn write_health(setup: &WriterSetup, h: &Health, failed: &mut bool) {
    let prometheus = h.to_prometheus();
    let mut result =
        health::write_atomically(&setup.health_dir.join(health::STATUS_FILE), &h.to_json())
            .and_then(|()| {
                health::write_atomically(
                    &setup.health_dir.join(health::PROMETHEUS_FILE),
                    &prometheus,
                )
            });
    if let Some(extra) = &setup.prometheus_extra {
        result = result.and(health::write_atomically(extra, &prometheus));
    }
    // The copy the office's Syncthing collects: the same two files, each replaced
    // whole, so the office never reads half of one.
    if let Some(fleet) = &setup.fleet_dir {
        result = result.and(
            std::fs::create_dir_all(fleet)
                .and_then(|()| {
                    health::write_atomically(&fleet.join(health::STATUS_FILE), &h.to_json())
                })
                .and_then(|()| {
                    health::write_atomically(&fleet.join(FLEET_METRICS_FILE), &prometheus)
                }),
        );
    }
    match result {
        Ok(()) => *failed = false,
        Err(e) if !*failed => {
            *failed = true;
            warn!(
                "无法写入健康状态文件（播放不受影响）/ cannot write the health files (playback goes on): {}: {e}",
                setup.health_dir.display()
            );
        }
        Err(_) => {}
    }
}

/// The name of a kind of item in the statistics files.
fn item_name(key: &ItemKey) -> String {
    format!("{}:{}", key.kind.name(), key.id)
}

/// A page of the guide as staff know it.
fn page_title(page: &Page) -> &'static str {
    match page {
        Page::Attract => "轮播",
        Page::Home => "触摸导览首页",
        Page::Roadmap => "信访路线图",
        Page::Comic => "漫画《走访中常见的误区》",
        Page::Browser => "法规查询",
        Page::Topics => "按问题找",
        Page::Online => "网上信访",
    }
}

fn page_name(page: &Page) -> &'static str {
    match page {
        Page::Attract => "attract",
        Page::Home => "home",
        Page::Roadmap => "roadmap",
        Page::Comic => "comic",
        Page::Browser => "browser",
        Page::Topics => "topics",
        Page::Online => "online",
    }
}

/// What was seen last frame, to tell what changed.
#[derive(Resource, Default)]
struct Seen {
    page: Option<Page>,
    ready: bool,
}

/// Sets the manual clock from the app's time.
#[cfg(any(test, feature = "dev"))]
fn tick_manual_clock(clock: Res<ManualClock>, time: Res<Time<Virtual>>, link: Res<StatsLink>) {
    let ms = clock.start.as_millisecond() + time.elapsed().as_millis() as i64;
    link.pulse.manual_ms.store(ms, Ordering::Relaxed);
}

/// Counts what the citizen did this frame: the pages opened (read from the page
/// state) and what the pages announced.
fn watch_use(
    mut link: ResMut<StatsLink>,
    mut seen: ResMut<Seen>,
    page: Res<State<Page>>,
    mut used: MessageReader<Used>,
) {
    let now = link.pulse.now();
    let page = page.get();
    if seen.page.as_ref() != Some(page) {
        if seen.page == Some(Page::Attract) && *page != Page::Attract {
            link.send(now, Event::Session);
        }
        if *page != Page::Attract {
            link.send(now, Event::Page(page_name(page).into()));
        }
        seen.page = Some(*page);
    }
    for u in used.read() {
        let event = match u {
            Used::StepReached { id, title } => Event::Step(format!("{id} {title}")),
            Used::ArticleRead(article) => Event::Article(article.clone()),
            Used::QuizAnswered { scene, right } => Event::Quiz {
                scene: scene.clone(),
                right: *right,
            },
            // Counted with the guide's pages, as the page the question opens.
            Used::TopicOpened(title) => Event::Page(format!("topics/{title}")),
        };
        link.send(now, event);
    }
}

/// Proof of play: the item on the rotation's screen, recorded when it leaves
/// (or when the guide covers it, or after an hour on screen).
fn watch_rotation(mut link: ResMut<StatsLink>, page: Res<State<Page>>, attract: Res<Attract>) {
    let now = link.pulse.now();
    let on_screen = (*page.get() == Page::Attract)
        .then(|| attract.rotation.current().map(|s| s.key.item.clone()))
        .flatten();
    let (same, long) = link
        .shown
        .as_ref()
        .map_or((on_screen.is_none(), false), |(k, since)| {
            (
                Some(k) == on_screen.as_ref(),
                now.duration_since(*since).as_secs_f64() >= LONGEST_SHOWN,
            )
        });
    if !same || long {
        link.close_shown(now);
        link.shown = on_screen.map(|k| (k, now));
    }
}

/// What the screen shows now, for the health file: the rotation's slide by its
/// title, or the guide's page. Rewritten at once when it changes.
fn watch_screen(
    mut link: ResMut<StatsLink>,
    mut last: Local<Option<(String, String, String, String)>>,
    page: Res<State<Page>>,
    attract: Res<Attract>,
) {
    let page = page.get();
    let now_showing = if *page == Page::Attract {
        attract.rotation.current().map(|s| {
            (
                "rotation".to_owned(),
                s.key.item.kind.name().to_owned(),
                s.key.item.id.clone(),
                s.item.title(s.key.page),
            )
        })
    } else {
        Some((
            page_name(page).to_owned(),
            "page".to_owned(),
            page_name(page).to_owned(),
            page_title(page).to_owned(),
        ))
    };
    if *last == now_showing {
        return;
    }
    let since = link.pulse.now();
    *last = now_showing.clone();
    link.update_note(
        |note| {
            note.on_screen = now_showing.map(|(p, k, i, t)| (p, k, i, t, since));
        },
        Msg::Refresh,
    );
}

/// The campaigns on air by their titles, and the next change of what plays.
fn watch_on_air(mut link: ResMut<StatsLink>, on_air: Res<OnAirNow>, live: Res<LiveContent>) {
    if !on_air.is_changed() && !live.is_changed() {
        return;
    }
    let campaigns: Vec<Named> = on_air
        .on_air
        .campaigns
        .iter()
        .map(|id| Named {
            id: id.clone(),
            title: crate::core::schedule::title_of(&live.content, id).to_owned(),
        })
        .collect();
    let next_change = on_air.next_change();
    link.update_note(
        |note| {
            note.campaigns = campaigns;
            note.next_change = next_change;
        },
        Msg::Refresh,
    );
}

/// Content generation, reloads and the problems on disk, for the health files.
fn watch_reloads(
    mut link: ResMut<StatsLink>,
    live: Res<LiveContent>,
    problems: Res<Problems>,
    settings: Res<LiveSettings>,
) {
    let pulse = Arc::clone(&link.pulse);
    pulse.generation.store(live.generation, Ordering::Relaxed);
    if problems.is_changed() {
        pulse
            .diagnostics
            .store(problems.diagnostics.len() as u64, Ordering::Relaxed);
        let errors = problems.diagnostics.iter().filter(|d| d.is_error()).count();
        pulse.errors.store(errors as u64, Ordering::Relaxed);
    }
    if settings.is_changed() {
        let dir = settings.content_dir.clone();
        let cover = settings.approval.cover();
        link.update_note(
            |note| {
                note.content_dir = dir;
                note.cover = cover;
            },
            Msg::Refresh,
        );
    }
    let reloaded =
        (live.is_changed() && !live.is_added()) || (problems.is_changed() && !problems.is_added());
    if reloaded {
        let now = pulse.now();
        let ok = !problems.any();
        if let Ok(mut r) = pulse.last_reload.lock() {
            *r = Some((ok, now));
        }
        let notes = problems.diagnostics.iter().map(ProblemNote::of).collect();
        let generation = live.generation;
        let playing = live
            .content
            .approved
            .as_ref()
            .map(|a| a.version.to_string());
        link.update_note(
            |note| {
                note.reload = Some((generation, now, ok, notes));
                note.playing = playing;
            },
            Msg::Reloaded,
        );
    }
}

/// Counts the frame; tells systemd the player is up once the first slide is
/// complete (or, with nothing to show, once a screen saying so is up).
fn count_frame(
    link: Res<StatsLink>,
    mut seen: ResMut<Seen>,
    slides: Query<(), With<SlideRoot>>,
    pending: Query<(), With<PendingImage>>,
    time: Res<Time<Real>>,
) {
    let pulse = &link.pulse;
    pulse.frames.fetch_add(1, Ordering::Relaxed);
    pulse
        .last_frame_ms
        .store(pulse.base.elapsed().as_millis() as u64, Ordering::Relaxed);
    if !seen.ready
        && ((!slides.is_empty() && pending.is_empty()) || time.elapsed() > Duration::from_secs(20))
    {
        seen.ready = true;
        let _ = sd_notify::notify(&[sd_notify::NotifyState::Ready]);
    }
}

fn start(mut commands: Commands, settings: Res<LiveSettings>, link: Option<Res<StatsLink>>) {
    if link.is_none() {
        commands.insert_resource(StatsLink::start(WriterSetup::from_settings(&settings.0)));
    }
}

/// The plugin. A [`StatsLink`] inserted before it (tests, the simulated week)
/// is used as it is; otherwise one is started from the settings.
pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Seen>();
    app.add_message::<Used>();
    app.add_systems(PreStartup, start);
    #[cfg(any(test, feature = "dev"))]
    app.add_systems(
        First,
        tick_manual_clock
            .after(bevy::time::TimeSystems)
            .run_if(resource_exists::<ManualClock>),
    );
    app.add_systems(
        PostUpdate,
        (
            watch_use,
            watch_rotation,
            watch_screen,
            watch_on_air,
            watch_reloads,
            count_frame,
        )
            .chain()
            .run_if(resource_exists::<StatsLink>),
    );
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::core::health;
    use crate::core::stats::{self, Record, Summary};
    use crate::player::Live;
    use crate::player::simulate::{headless, scripted_session};

    fn live(data: &Path) -> Live {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let content = crate::core::content::load(&dir).unwrap();
        let mut settings = Settings::defaults(dir);
        settings.data_dir = data.to_path_buf();
        settings.kiosk_id = "城关镇".into();
        Live {
            settings,
            content: Arc::new(content),
            generation: 0,
        }
    }

    fn link(settings: &Settings) -> StatsLink {
        let mut setup = WriterSetup::from_settings(settings);
        setup.tick = Duration::from_millis(2);
        StatsLink::start(setup)
    }

    /// 09:00 on a Monday in Shanghai.
    fn monday_nine() -> Timestamp {
        "2026-11-23T09:00:00+08:00".parse().unwrap()
    }

    #[test]
    fn a_scripted_session_is_counted_per_hour_with_proof_of_play() {
        let data = tempfile::tempdir().unwrap();
        let live = live(data.path());
        let content = Arc::clone(&live.content);
        let link = link(&live.settings);
        let pulse = Arc::clone(&link.pulse);
        let mut app = headless(live, link, monday_nine(), Duration::from_secs(1));
        // Five citizens over ten minutes, the rotation playing in between.
        for i in 0..5 {
            for _ in 0..120 {
                app.update();
            }
            scripted_session(&mut app, 10 + i);
        }
        for _ in 0..60 {
            app.update();
        }
        let frames = pulse.frames.load(Ordering::Relaxed);
        drop(app);
        // 5 × 120 + 60 rotation updates, and 5 × 10 in the sessions.
        assert_eq!(frames, 5 * 120 + 60 + 5 * 10);
        let files = stats::read_folder(data.path(), None, None).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].kiosk, "城关镇");
        assert_eq!(files[0].date.to_string(), "2026-11-23");
        assert_eq!(files[0].records.skipped, 0);
        let s = Summary::of(&files);
        assert_eq!(s.sessions(), 5);
        assert_eq!(s.sessions_per_hour[9], 5);
        assert_eq!(s.weekday_hour[0][9], 5);
        let page = |name: &str| s.pages.iter().find(|p| p.0 == name).map(|p| p.1);
        for name in ["home", "roadmap", "comic", "browser"] {
            assert_eq!(page(name), Some(5), "{name}: {:?}", s.pages);
        }
        assert_eq!(page("attract"), None);
        // The first step and two chosen after it.
        let roadmap = content.roadmap.as_ref().unwrap();
        assert_eq!(
            s.steps.iter().map(|s| s.1).sum::<u64>(),
            15,
            "{:?}",
            s.steps
        );
        let first = &roadmap.steps[0];
        assert!(
            s.steps
                .contains(&(format!("{} {}", first.id, first.title), 5)),
            "{:?}",
            s.steps
        );
        assert_eq!(s.articles.len(), 5, "{:?}", s.articles);
        let comic = content.guide_comic().unwrap();
        let scene = |i: usize| format!("{} #{} {}", comic.id, i + 1, comic.scenes[i].title);
        assert_eq!(s.quiz[&scene(0)], stats::Answers { right: 5, wrong: 0 });
        assert_eq!(s.quiz[&scene(1)], stats::Answers { right: 0, wrong: 5 });
        // Proof of play: the rotation was up for 660 of the 710 seconds.
        let shown: f64 = files[0]
            .records
            .records
            .iter()
            .filter_map(|r| match r {
                Record::Shown { seconds, .. } => Some(*seconds),
                _ => None,
            })
            .sum();
        assert!((shown - 660.0).abs() < 10.0, "{shown}");
        assert!(s.items.len() > 2, "{:?}", s.items);
        // The health files, as the player left them.
        let status: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(data.path().join("health/status.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(status["up"], false);
        assert_eq!(status["touch_sessions"], 5);
        assert_eq!(status["frames_drawn"], frames);
        assert_eq!(status["kiosk"], "城关镇");
        let prom = std::fs::read_to_string(data.path().join("health/pufa-kiosk.prom")).unwrap();
        assert!(
            prom.contains("pufa_kiosk_touch_sessions_total{kiosk=\"城关镇\"} 5\n"),
            "{prom}"
        );
        assert!(
            prom.contains("pufa_kiosk_up{kiosk=\"城关镇\"} 0\n"),
            "{prom}"
        );
    }

    #[test]
    fn health_is_written_every_minute_while_running() {
        let data = tempfile::tempdir().unwrap();
        let live = live(data.path());
        let link = link(&live.settings);
        let mut app = headless(live, link, monday_nine(), Duration::from_secs(1));
        for _ in 0..130 {
            app.update();
        }
        let path = data.path().join("health").join(health::STATUS_FILE);
        let deadline = Instant::now() + Duration::from_secs(5);
        let status = loop {
            let v: Option<serde_json::Value> = std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok());
            let minute_two: Timestamp = "2026-11-23T01:02:00Z".parse().unwrap();
            let updated = |v: &serde_json::Value| {
                v["updated"]
                    .as_str()
                    .and_then(|t| t.parse::<Timestamp>().ok())
            };
            if let Some(v) = v.filter(|v| updated(v) >= Some(minute_two)) {
                break v;
            }
            assert!(Instant::now() < deadline, "no health update for minute 2");
            std::thread::sleep(Duration::from_millis(10));
        };
        assert_eq!(status["up"], true);
        assert!(status["frames_drawn"].as_u64().unwrap() >= 120);
        assert!(status["resident_bytes"].as_u64().unwrap() > 1 << 20);
        assert_eq!(status["stats_writable"], true);
    }

    /// Reads `status.json` until `want` holds, for up to five seconds.
    fn status_when(
        data: &Path,
        what: &str,
        want: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let path = data.join("health").join(health::STATUS_FILE);
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let v: Option<serde_json::Value> = std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok());
            match v {
                Some(v) if want(&v) => return v,
                v => assert!(Instant::now() < deadline, "{what}: {v:?}"),
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The item on screen now, as the health file should name it.
    fn showing(app: &App) -> (String, String) {
        let attract = app.world().resource::<Attract>();
        let slide = attract.rotation.current().unwrap();
        (slide.key.item.id.clone(), slide.item.title(slide.key.page))
    }

    #[test]
    fn with_a_fleet_folder_the_same_files_go_to_the_kiosks_own_folder_in_it() {
        let data = tempfile::tempdir().unwrap();
        let fleet = tempfile::tempdir().unwrap();
        let mut live = live(data.path());
        live.settings.fleet = Some(crate::core::settings::Fleet {
            dir: fleet.path().join("城关镇"),
            screenshot_minutes: 5,
        });
        let link = link(&live.settings);
        let mut app = headless(live, link, monday_nine(), Duration::from_secs(1));
        for _ in 0..3 {
            app.update();
        }
        let (id, _) = showing(&app);
        status_when(data.path(), "the first slide", |v| {
            v["on_screen"]["id"] == id.as_str()
        });
        let kiosk = fleet.path().join("城关镇");
        let deadline = Instant::now() + Duration::from_secs(5);
        let v: serde_json::Value = loop {
            let v = std::fs::read_to_string(kiosk.join(health::STATUS_FILE))
                .ok()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
            match v {
                Some(v) if v["on_screen"]["id"] == id.as_str() => break v,
                v => assert!(Instant::now() < deadline, "{v:?}"),
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        // What the office's table needs: name, last seen, version, problems,
        // uptime, free space.
        assert_eq!(v["kiosk"], "城关镇");
        assert!(v["updated"].as_str().unwrap().ends_with("+08:00"), "{v}");
        assert!(v["content_version"].is_string() || v["content_version"].is_null());
        assert_eq!(v["errors"], 0);
        assert!(v["uptime_seconds"].is_u64(), "{v}");
        assert!(v["free_bytes"].as_u64().is_some_and(|b| b > 0), "{v}");
        let prom = std::fs::read_to_string(kiosk.join(FLEET_METRICS_FILE)).unwrap();
        assert!(prom.contains("pufa_kiosk_up{kiosk=\"城关镇\"} 1"), "{prom}");
    }

    #[test]
    fn the_health_file_names_what_is_on_screen_as_soon_as_it_changes() {
        let data = tempfile::tempdir().unwrap();
        let live = live(data.path());
        let link = link(&live.settings);
        let mut app = headless(live, link, monday_nine(), Duration::from_secs(1));
        for _ in 0..3 {
            app.update();
        }
        let (id, title) = showing(&app);
        let v = status_when(data.path(), "the first slide", |v| {
            v["on_screen"]["id"] == id.as_str()
        });
        assert_eq!(v["on_screen"]["title"], title.as_str());
        assert_eq!(v["on_screen"]["page"], "rotation");
        assert_eq!(v["time_zone"], "Asia/Shanghai");
        // The kiosk's time, as the statistics give it: 09:00 in Shanghai.
        assert!(
            v["on_screen"]["since"]
                .as_str()
                .unwrap()
                .starts_with("2026-11-23T09:00:0"),
            "{v}"
        );
        assert!(v["updated"].as_str().unwrap().ends_with("+08:00"), "{v}");
        assert_eq!(
            (v["errors"].as_u64(), v["warnings"].as_u64()),
            (Some(0), Some(0))
        );
        // The next item comes after 12 s and a transition, well inside the first
        // minute: the file follows at once, not at the minute's rewrite.
        let mut updates = 3;
        while showing(&app).0 == id {
            app.update();
            updates += 1;
            assert!(updates < 40, "no second item");
        }
        let (next_id, next_title) = showing(&app);
        let v = status_when(data.path(), "the second item", |v| {
            v["on_screen"]["id"] == next_id.as_str()
        });
        assert_eq!(v["on_screen"]["title"], next_title.as_str());
        // A citizen opens the guide.
        app.world_mut()
            .resource_mut::<NextState<Page>>()
            .set(Page::Roadmap);
        app.update();
        let v = status_when(data.path(), "the roadmap page", |v| {
            v["on_screen"]["page"] == "roadmap"
        });
        assert_eq!(v["on_screen"]["title"], "信访路线图");
        // What is on air: the playlist (no campaign on 23 November), and when
        // that next changes, in the kiosk's time.
        assert_eq!(v["on_air"]["campaigns"], serde_json::json!([]));
        assert!(
            v["on_air"]["next_change"]
                .as_str()
                .unwrap()
                .ends_with("+08:00"),
            "{v}"
        );
    }

    #[test]
    fn the_health_file_names_the_files_of_the_last_change_and_its_problems() {
        let data = tempfile::tempdir().unwrap();
        let content = tempfile::tempdir().unwrap();
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let copy = std::process::Command::new("cp")
            .arg("-r")
            .arg(shipped.join("."))
            .arg(content.path())
            .status()
            .unwrap();
        assert!(copy.success());
        let mut live = live(data.path());
        live.settings.content_dir = content.path().to_path_buf();
        let link = link(&live.settings);
        let mut app = headless(live, link, monday_nine(), Duration::from_secs(1));
        for _ in 0..3 {
            app.update();
        }
        // Let the writer read the folder as it is before the change: the version it
        // reports is worked out in the same step as the files it remembers.
        let before =
            crate::core::approval::version_of(content.path(), crate::core::approval::Cover::Whole)
                .unwrap()
                .to_string();
        status_when(data.path(), "the first reading", |v| {
            v["on_screen"].is_object() && v["content_version"] == before.as_str()
        });
        let panels = content.path().join("panels");
        let first = std::fs::read_dir(&panels)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .min()
            .unwrap();
        let name = first.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&first).unwrap();
        std::fs::write(&first, text.replacen("第", "第 ", 1)).unwrap();
        std::fs::write(panels.join("zz-new.ron"), "( broken").unwrap();
        // The player's reload, as the watcher hands it over: refused, with its problems.
        let diagnostics = match crate::core::content::load(content.path()) {
            Ok(_) => panic!("the broken file loads"),
            Err(d) => d,
        };
        *app.world_mut().resource_mut::<Problems>() = Problems::from(diagnostics, content.path());
        app.update();
        let v = status_when(data.path(), "the change", |v| v["last_change"].is_object());
        let change = &v["last_change"];
        assert_eq!(change["ok"], false);
        assert_eq!(
            change["files"],
            serde_json::json!([
                { "path": format!("panels/{name}"), "change": "changed" },
                { "path": "panels/zz-new.ron", "change": "added" },
            ])
        );
        let problems = change["problems"].as_array().unwrap();
        assert!(
            problems
                .iter()
                .any(|p| p["file"] == "panels/zz-new.ron" && p["severity"] == "error"),
            "{problems:?}"
        );
        assert!(v["errors"].as_u64().unwrap() >= 1, "{v}");
        assert!(change["at"].as_str().unwrap().ends_with("+08:00"));
    }

    #[test]
    fn an_unwritable_data_folder_does_not_disturb_playback() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the data folder should be: nothing under it can be created
        // (unlike permissions, this holds for root too).
        let blocked = dir.path().join("data");
        std::fs::write(&blocked, "not a folder").unwrap();
        let slides = |data: &Path| {
            let live = live(data);
            let link = link(&live.settings);
            let pulse = Arc::clone(&link.pulse);
            let mut app = headless(live, link, monday_nine(), Duration::from_secs(1));
            let mut seen = Vec::new();
            for i in 0..600 {
                app.update();
                if i % 90 == 45 {
                    scripted_session(&mut app, 3);
                }
                seen.push(app.world().resource::<Attract>().rotation.index());
            }
            std::thread::sleep(Duration::from_millis(50));
            let writable = pulse.stats_writable.load(Ordering::Relaxed);
            (seen, pulse.frames.load(Ordering::Relaxed), writable)
        };
        let good = tempfile::tempdir().unwrap();
        let (expected, frames, writable) = slides(good.path());
        assert!(writable);
        let (seen, blocked_frames, writable) = slides(&blocked);
        assert!(!writable, "the failure is noticed");
        assert_eq!(
            seen, expected,
            "the rotation plays exactly as with a good disk"
        );
        assert_eq!(blocked_frames, frames);
        assert!(blocked.is_file());
    }

    #[test]
    fn a_full_disk_does_not_disturb_playback_and_the_records_follow_once_it_has_room() {
        // The day's file leads to /dev/full: every write fails as on a full disk.
        let data = tempfile::tempdir().unwrap();
        let stats_dir = data.path().join(stats::STATS_DIR);
        std::fs::create_dir_all(&stats_dir).unwrap();
        let day = stats_dir.join(stats::file_name("城关镇", jiff::civil::date(2026, 11, 23)));
        std::os::unix::fs::symlink("/dev/full", &day).unwrap();
        let live = live(data.path());
        let link = link(&live.settings);
        let pulse = Arc::clone(&link.pulse);
        let mut app = headless(live, link, monday_nine(), Duration::from_secs(1));
        let mut seen = Vec::new();
        for i in 0..300 {
            app.update();
            if i == 45 {
                scripted_session(&mut app, 3);
            }
            seen.push(app.world().resource::<Attract>().rotation.index());
        }
        std::thread::sleep(Duration::from_millis(50));
        assert!(
            !pulse.stats_writable.load(Ordering::Relaxed),
            "the full disk is noticed"
        );
        assert!(
            seen.windows(2).filter(|w| w[0] != w[1]).count() >= 20,
            "the rotation plays on: {seen:?}"
        );
        // Room again: the kept records are written, and writing carries on.
        std::fs::remove_file(&day).unwrap();
        let end = std::time::Instant::now() + Duration::from_secs(10);
        while !pulse.stats_writable.load(Ordering::Relaxed) && std::time::Instant::now() < end {
            app.update();
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(
            pulse.stats_writable.load(Ordering::Relaxed),
            "writing resumes"
        );
        drop(app);
        let text = std::fs::read_to_string(&day).unwrap();
        assert!(
            text.contains("\"shown\""),
            "proof of play kept through the full disk:\n{text}"
        );
    }
}
