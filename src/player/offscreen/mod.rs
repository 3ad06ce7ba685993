//! `pufa-kiosk render`: draws every slide of the rotation and every touch page
//! offscreen, for staff to approve a campaign and for tests to look at, and audits
//! each page's layout: every control seen whole, every text in its box.
//!
//! Without an output folder nothing is drawn: Bevy still lays every page out, so
//! the audit runs without a GPU, fast enough for a test to try many screen sizes.
//!
//! Each picture is also transcribed: the words drawn on it, in reading order, and
//! the citations the content gives for it. `render` ignores them; `proof` prints
//! them beside the picture for a legal officer to sign.
//!
//! ```text
//! shots       what is drawn: each slide's name, each touch page and how it is reached
//! capture     drawing each into the offscreen camera and saving it
//! audit       every control seen whole, every text in its box
//! transcript  the words and citations on each picture
//! ```

mod audit;
mod capture;
mod shots;
mod transcript;

use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};

use bevy::prelude::*;

use super::guide::PageSystems;
use super::rotation::{Attract, AttractSystems};
use super::schedule::WallClock;
use super::{AppSystems, Live, LiveContent, LiveSettings, Mode, Problems, Shell, build_app};
use crate::core::audit::{LayoutProblem, SeenControl};
use crate::core::citation::Citation;
use crate::core::settings::ScreenMode;
use shots::Shot;
use transcript::{ToTranscribe, Transcript};

/// What `render` drew and found.
#[derive(Debug)]
pub struct Rendered {
    /// The PNG files, in order.
    pub files: Vec<PathBuf>,
    /// The touch pages audited, by name.
    pub pages: Vec<String>,
    /// Every control on every page, and what of it the citizen sees.
    pub controls: Vec<SeenControl>,
    /// Every layout problem on every page.
    pub problems: Vec<LayoutProblem>,
    /// What each picture shows, in the order drawn.
    pub shots: Vec<Transcribed>,
}

/// Whether a picture is a slide of the rotation or a touch page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShotKind {
    Slide,
    Page,
}

/// One picture and what a citizen reads on it.
#[derive(Debug, Clone)]
pub struct Transcribed {
    pub file: PathBuf,
    pub kind: ShotKind,
    /// The slide (`panel-channels-1`: kind, item, page) or page (`roadmap-visit`).
    pub name: String,
    /// What it shows, for people: the panel's, scene's or roadmap step's title,
    /// the article's number, the page's heading.
    pub title: String,
    /// Every text drawn, its spans joined, in reading order.
    pub words: Vec<String>,
    /// The citations the content gives for what is shown, as the screen cites them.
    pub citations: Vec<Citation>,
}

/// What the audit found; shared with the caller, since running the app consumes
/// it.
#[derive(Resource, Clone, Default)]
struct Findings(Arc<Mutex<(Vec<SeenControl>, Vec<LayoutProblem>)>>);

/// Progress through the slides and pages.
#[derive(Resource)]
struct Job {
    target: Handle<Image>,
    size: (u32, u32),
    /// Where the pictures go; none when only auditing.
    out: Option<PathBuf>,
    next: usize,
    /// Frames drawn since the current slide or page was set up.
    frames: u32,
    capturing: bool,
    saved: Arc<AtomicUsize>,
    files: Vec<PathBuf>,
    shots: Vec<Shot>,
    /// Next touch page, once the slides are done.
    shot: usize,
    /// The picture captured this frame, to transcribe.
    transcribe: Option<ToTranscribe>,
    /// The slide captured this frame, to audit like a page.
    audit_slide: Option<String>,
    /// The one picture of a board that is all ticker is saved.
    ticker_drawn: bool,
    /// Touch pages only, no slide (`render --only step:ID`).
    pages_only: bool,
}

/// The touch pages to draw, by their pictures' names, and no slide: `render
/// --only step:ID`, the staff console's preview of one roadmap step.
#[derive(Resource, Clone)]
struct OnlyPages(Vec<String>);

/// Frames to let layout and text settle before a capture.
const SETTLE_FRAMES: u32 = 4;

/// Slides to draw: every one in the rotation, or none when only auditing.
fn slide_count(job: &Job, attract: &Attract) -> usize {
    if job.out.is_some() && !job.pages_only {
        attract.rotation.slides().len()
    } else {
        0
    }
}

pub(super) fn plugin(app: &mut App) {
    // Pictures show the kiosk as one with a loudspeaker would: 朗读 where a
    // recording may play, so the layout audit checks the button too.
    app.insert_resource(super::state::VoiceNow {
        available: true,
        playing: None,
    });
    app.init_resource::<Findings>();
    app.init_resource::<Transcript>();
    app.add_systems(Startup, capture::setup);
    app.add_systems(
        Update,
        (
            (capture::step, capture::step_ticker_only).after(AttractSystems::Sync),
            audit::audit_slide,
            capture::step_pages,
            transcript::transcribe,
        )
            .chain()
            .in_set(AppSystems::Draw)
            .after(PageSystems::Draw),
    );
}

/// Lays out every touch page of `live` at `size`, with the 大字 switch off and
/// on, and audits each; with `out`, also draws every slide and page to PNG files
/// there.
pub fn render_offscreen(
    live: Live,
    size: (u32, u32),
    out: Option<PathBuf>,
    at: jiff::Timestamp,
) -> Result<Rendered, String> {
    offscreen(live, size, out, true, at, true)
}

/// Draws the slides of `live`'s rotation only, no touch page, to PNG files in
/// `out`: `render --only`, the staff console's preview of one item.
pub fn render_slides_offscreen(
    live: Live,
    size: (u32, u32),
    out: PathBuf,
    at: jiff::Timestamp,
) -> Result<Rendered, String> {
    offscreen(live, size, Some(out), false, at, false)
}

/// Draws the touch pages named (`roadmap-ID`, as `render` names its pictures)
/// and no slide, 大字 off, to PNG files in `out`: `render --only step:ID`.
pub fn render_pages_offscreen(
    live: Live,
    size: (u32, u32),
    out: PathBuf,
    at: jiff::Timestamp,
    pages: Vec<String>,
) -> Result<Rendered, String> {
    offscreen_with(live, size, Some(out), false, at, true, Some(pages))
}

/// Draws every slide and every touch page of `live` at `size`, 大字 off only, to
/// PNG files in `out`, and audits each page: what the proof sheet shows.
/// The campaigns on air are those of the moment `at`.
pub fn proof_offscreen(
    live: Live,
    size: (u32, u32),
    out: PathBuf,
    at: jiff::Timestamp,
) -> Result<Rendered, String> {
    offscreen(live, size, Some(out), false, at, true)
}

fn offscreen(
    live: Live,
    size: (u32, u32),
    out: Option<PathBuf>,
    large_text: bool,
    at: jiff::Timestamp,
    touch_pages: bool,
) -> Result<Rendered, String> {
    offscreen_with(live, size, out, large_text, at, touch_pages, None)
}

fn offscreen_with(
    live: Live,
    size: (u32, u32),
    out: Option<PathBuf>,
    large_text: bool,
    at: jiff::Timestamp,
    touch_pages: bool,
    only: Option<Vec<String>>,
) -> Result<Rendered, String> {
    if let Some(out) = &out {
        std::fs::create_dir_all(out)
            .map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    }
    let mut app = build_app(
        live,
        Problems::default(),
        Mode::Render {
            size,
            out: out.clone(),
            large_text,
            touch_pages,
        },
        Shell::Engine,
    );
    app.insert_resource(WallClock::Fixed(at));
    if let Some(pages) = &only {
        app.insert_resource(OnlyPages(pages.clone()));
    }
    let findings = app.world().resource::<Findings>().clone();
    let transcript = app.world().resource::<Transcript>().clone();
    let board = app.world().resource::<LiveSettings>().mode == ScreenMode::Board;
    let pages = if touch_pages {
        shots::shots(
            &app.world().resource::<LiveContent>().content,
            large_text,
            board,
        )
        .into_iter()
        .map(|s| s.name)
        .filter(|n| only.as_ref().is_none_or(|o| o.contains(n)))
        .collect()
    } else {
        Vec::new()
    };
    match app.run() {
        AppExit::Success => {}
        AppExit::Error(code) => return Err(format!("renderer stopped with code {code}")),
    }
    let mut files = Vec::new();
    if let Some(out) = &out {
        files = std::fs::read_dir(out)
            .map_err(|e| e.to_string())?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "png"))
            .collect();
        files.sort();
    }
    let (controls, problems) = std::mem::take(&mut *findings.0.lock().map_err(|e| e.to_string())?);
    let shots = std::mem::take(&mut *transcript.0.lock().map_err(|e| e.to_string())?);
    Ok(Rendered {
        files,
        pages,
        controls,
        problems,
        shots,
    })
}
