//! The screen's metrics: the size of what we draw on, and the type sizes that
//! follow from it (and from 大字, the board mode, and the ticker's band).
//!
//! What we draw on is the window, or the output region of it a sending card
//! captures (`region` in kiosk.ron). When the ticker runs, its band is taken off
//! the bottom and pages and slides are laid out above it; an urgent notice's
//! banner on a touchscreen takes its band above the ticker's, so it covers no
//! button.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;

use super::schedule::OnAirNow;
use super::state::{NoticeUp, Page};
use super::theme::{Accessibility, LARGE_TEXT_SCALE};
use super::{LiveSettings, Mode};
use crate::core::layout::Metrics;
use crate::core::notice::{self, Form};
use crate::core::pages::{BoardLayout, Rect, ticker_band};
use crate::core::settings::{ScreenMode, Settings, WindowMode};

/// Metrics for the area pages and slides are drawn in, recomputed when the window
/// changes size, 大字 is switched, the settings change or the ticker comes or goes.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct Screen(pub Metrics);

/// Where the ticker runs, in the drawing area's pixels: a band along the bottom,
/// the whole area on a board too small for slides, or nowhere.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Default)]
pub struct TickerArea {
    pub rect: Option<Rect>,
    /// Metrics of the whole drawing area, which size the ticker's type.
    pub whole: Option<Metrics>,
    /// The board shows no slides: the ticker carries everything.
    pub only: bool,
}

/// Where and how the urgent notice shows, when one is up: its banner's band on a
/// touchscreen, the whole area on a board, or in the ticker of a board too small
/// for slides (no rectangle of its own).
#[derive(Resource, Debug, Clone, PartialEq, Default)]
pub struct NoticeArea {
    pub form: Option<Form>,
    pub rect: Option<Rect>,
    /// Metrics of the whole drawing area, which size the notice's type.
    pub whole: Option<Metrics>,
}

/// Where the metrics are worked out in the frame: whatever changes them (the
/// notice coming up) runs before.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct MeasureSystems;

/// The size of the window (or of the offscreen picture), before any region.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
struct WindowSize(f32, f32);

/// Multiplier for every type size: 1.0, or larger with 大字.
fn text_scale(access: &Accessibility) -> f32 {
    if access.large_text {
        LARGE_TEXT_SCALE
    } else {
        1.0
    }
}

fn metrics_for(width: f32, height: f32, settings: &Settings, access: &Accessibility) -> Metrics {
    let scale = text_scale(access);
    let inches = settings.screen_diagonal_inches;
    match settings.mode {
        ScreenMode::Touch => Metrics::new(width, height, inches, scale),
        ScreenMode::Board => Metrics::for_board(width, height, inches, scale),
    }
}

/// The part of a `window`-sized surface that is drawn on: the output region if
/// it fits, else all of it.
pub fn drawing_area(window: (f32, f32), settings: &Settings) -> (f32, f32) {
    match settings.region {
        Some((x, y, w, h))
            if (x + w) as f32 <= window.0 + 0.5 && (y + h) as f32 <= window.1 + 0.5 =>
        {
            (w as f32, h as f32)
        }
        _ => window,
    }
}

/// The metrics of the slides and pages, where the ticker goes and where the
/// notice goes, for a drawing area of `area` with the ticker `ticking` or not and
/// the words of the notice up, if any.
fn layout(
    area: (f32, f32),
    settings: &Settings,
    access: &Accessibility,
    ticking: bool,
    words: Option<&str>,
) -> (Metrics, TickerArea, NoticeArea) {
    let whole = metrics_for(area.0, area.1, settings, access);
    let band = ticker_band(&whole);
    let above = metrics_for(area.0, area.1 - band, settings, access);
    let full = Rect {
        x: 0.0,
        y: 0.0,
        w: area.0,
        h: area.1,
    };
    let board_layout = BoardLayout::for_slides(&above);
    let form = words.map(|_| notice::form(settings.mode, board_layout));
    let board = settings.mode == ScreenMode::Board;
    if board && board_layout == BoardLayout::TickerOnly {
        return (
            whole,
            TickerArea {
                rect: Some(full),
                whole: Some(whole),
                only: true,
            },
            NoticeArea {
                form,
                rect: None,
                whole: Some(whole),
            },
        );
    }
    let ticker_h = if ticking && area.1 - band >= 120.0 {
        band
    } else {
        0.0
    };
    let (banner_h, notice_area) = match (form, words) {
        (Some(Form::Banner), Some(text)) => {
            let h = notice::banner(text, &whole).height;
            let rect = Rect {
                x: 0.0,
                y: area.1 - ticker_h - h,
                w: area.0,
                h,
            };
            (
                h,
                NoticeArea {
                    form,
                    rect: Some(rect),
                    whole: Some(whole),
                },
            )
        }
        (Some(f), _) => (
            0.0,
            NoticeArea {
                form: Some(f),
                rect: Some(full),
                whole: Some(whole),
            },
        ),
        (None, _) => (0.0, NoticeArea::default()),
    };
    let pages = if ticker_h + banner_h > 0.0 {
        metrics_for(area.0, area.1 - ticker_h - banner_h, settings, access)
    } else {
        whole
    };
    let ticker = if ticker_h > 0.0 {
        TickerArea {
            rect: Some(Rect {
                x: 0.0,
                y: area.1 - band,
                w: area.0,
                h: band,
            }),
            whole: Some(whole),
            only: false,
        }
    } else {
        TickerArea::default()
    };
    (pages, ticker, notice_area)
}

/// Whether the ticker runs now: it is on, there are lines on air, and the screen
/// is a board or shows the rotation (a citizen reading a touch page is not
/// distracted by moving text).
fn ticking(
    settings: &Settings,
    on_air: &OnAirNow,
    page: Option<&State<Page>>,
    mode: &Mode,
) -> bool {
    !matches!(mode, Mode::Poster { .. })
        && settings.ticker.runs(settings.mode)
        && !on_air.on_air.ticker.is_empty()
        && (settings.mode == ScreenMode::Board || page.is_none_or(|p| *p.get() == Page::Attract))
}

fn follow_window(
    windows: Query<&Window, (With<PrimaryWindow>, Changed<Window>)>,
    mut size: ResMut<WindowSize>,
) {
    let Ok(window) = windows.single() else { return };
    let (w, h) = (window.width(), window.height());
    if w < 1.0 || h < 1.0 {
        return;
    }
    if *size != WindowSize(w, h) {
        *size = WindowSize(w, h);
    }
}

/// Everything the layout depends on, looked at before the rotation and the pages
/// draw in any frame where one of them changed, so they never draw once with stale
/// metrics.
fn measure(
    size: Res<WindowSize>,
    settings: Res<LiveSettings>,
    access: Res<Accessibility>,
    on_air: Res<OnAirNow>,
    notice: Res<NoticeUp>,
    page: Option<Res<State<Page>>>,
    mode: Res<Mode>,
    mut screen: ResMut<Screen>,
    mut ticker: ResMut<TickerArea>,
    mut notice_area: ResMut<NoticeArea>,
) {
    let changed = size.is_changed()
        || settings.is_changed()
        || notice.is_changed()
        || access.is_changed()
        || on_air.is_changed()
        || mode.is_changed()
        || page.as_ref().is_some_and(|p| p.is_changed());
    if !changed {
        return;
    }
    let area = drawing_area((size.0, size.1), &settings);
    let on = ticking(&settings, &on_air, page.as_deref(), &mode);
    let words = notice.0.as_ref().map(|n| n.shown.as_str());
    let (m, t, n) = layout(area, &settings, &access, on, words);
    if screen.0 != m {
        screen.0 = m;
    }
    if *ticker != t {
        *ticker = t;
    }
    if *notice_area != n {
        *notice_area = n;
    }
}

/// Metrics for the size the app starts at: the offscreen size, the window's, or
/// a common screen until a fullscreen window reports its own.
fn measure_at_start(mut commands: Commands, mode: Res<Mode>, settings: Res<LiveSettings>) {
    let (w, h) = match *mode {
        Mode::Render { size, .. } | Mode::Poster { size, .. } => (size.0 as f32, size.1 as f32),
        Mode::Window => match settings.window {
            WindowMode::Windowed { width, height } => (width as f32, height as f32),
            WindowMode::Fullscreen { .. } => (1920.0, 1080.0),
        },
    };
    let area = drawing_area((w, h), &settings);
    let (m, _, _) = layout(area, &settings, &Accessibility::default(), false, None);
    commands.insert_resource(Screen(m));
    commands.insert_resource(WindowSize(w, h));
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<TickerArea>();
    app.init_resource::<NoticeArea>();
    app.init_resource::<NoticeUp>();
    app.add_systems(PreStartup, measure_at_start);
    app.add_systems(PreUpdate, follow_window);
    app.add_systems(
        Update,
        measure
            .in_set(MeasureSystems)
            .in_set(super::AppSystems::Schedule)
            .after(super::schedule::follow_schedule),
    );
}
