//! The screen's metrics: the size of what we draw on, and the type sizes that
//! follow from it (and from 大字, the board mode, and the ticker's band).
//!
//! What we draw on is the window, or the output region of it a sending card
//! captures (`region` in kiosk.ron). When the ticker runs, its band is taken off
//! the bottom and pages and slides are laid out above it.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;

use super::schedule::OnAirNow;
use super::state::Page;
use super::theme::{Accessibility, LARGE_TEXT_SCALE};
use super::{LiveSettings, Mode};
use crate::core::layout::Metrics;
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

/// The metrics of the slides and pages, and where the ticker goes, for a drawing
/// area of `area` with the ticker `ticking` or not.
fn layout(
    area: (f32, f32),
    settings: &Settings,
    access: &Accessibility,
    ticking: bool,
) -> (Metrics, TickerArea) {
    let whole = metrics_for(area.0, area.1, settings, access);
    let band = ticker_band(&whole);
    let above = metrics_for(area.0, area.1 - band, settings, access);
    let board = settings.mode == ScreenMode::Board;
    if board && BoardLayout::for_slides(&above) == BoardLayout::TickerOnly {
        let rect = Rect {
            x: 0.0,
            y: 0.0,
            w: area.0,
            h: area.1,
        };
        return (
            whole,
            TickerArea {
                rect: Some(rect),
                whole: Some(whole),
                only: true,
            },
        );
    }
    if !ticking || area.1 - band < 120.0 {
        return (whole, TickerArea::default());
    }
    let rect = Rect {
        x: 0.0,
        y: area.1 - band,
        w: area.0,
        h: band,
    };
    (
        above,
        TickerArea {
            rect: Some(rect),
            whole: Some(whole),
            only: false,
        },
    )
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
    page: Option<Res<State<Page>>>,
    mode: Res<Mode>,
    mut screen: ResMut<Screen>,
    mut ticker: ResMut<TickerArea>,
) {
    let changed = size.is_changed()
        || settings.is_changed()
        || access.is_changed()
        || on_air.is_changed()
        || mode.is_changed()
        || page.as_ref().is_some_and(|p| p.is_changed());
    if !changed {
        return;
    }
    let area = drawing_area((size.0, size.1), &settings);
    let on = ticking(&settings, &on_air, page.as_deref(), &mode);
    let (m, t) = layout(area, &settings, &access, on);
    if screen.0 != m {
        screen.0 = m;
    }
    if *ticker != t {
        *ticker = t;
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
    let (m, _) = layout(area, &settings, &Accessibility::default(), false);
    commands.insert_resource(Screen(m));
    commands.insert_resource(WindowSize(w, h));
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<TickerArea>();
    app.add_systems(PreStartup, measure_at_start);
    app.add_systems(PreUpdate, follow_window);
    app.add_systems(
        Update,
        measure
            .in_set(super::AppSystems::Schedule)
            .after(super::schedule::follow_schedule),
    );
}
