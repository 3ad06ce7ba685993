//! The screen's metrics: the size of what we draw on, and the type sizes that
//! follow from it (and from 大字).

use bevy::prelude::*;
use bevy::window::PrimaryWindow;

use super::theme::{Accessibility, LARGE_TEXT_SCALE};
use super::{LiveSettings, Mode};
use crate::core::layout::Metrics;
use crate::core::settings::Settings;

/// Metrics for the current screen, recomputed when the window changes size or the
/// 大字 toggle changes.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct Screen(pub Metrics);

/// Multiplier for every type size: 1.0, or larger with 大字.
fn text_scale(access: &Accessibility) -> f32 {
    if access.large_text {
        LARGE_TEXT_SCALE
    } else {
        1.0
    }
}

fn metrics_for(width: f32, height: f32, settings: &Settings, access: &Accessibility) -> Metrics {
    Metrics::new(
        width,
        height,
        settings.screen_diagonal_inches,
        text_scale(access),
    )
}

fn follow_window(
    windows: Query<&Window, (With<PrimaryWindow>, Changed<Window>)>,
    settings: Res<LiveSettings>,
    access: Res<Accessibility>,
    mut screen: ResMut<Screen>,
) {
    let Ok(window) = windows.single() else { return };
    let (w, h) = (window.width(), window.height());
    if w < 1.0 || h < 1.0 {
        return;
    }
    let m = metrics_for(w, h, &settings, &access);
    if screen.0 != m {
        screen.0 = m;
    }
}

/// 大字, or a new `screen_diagonal_inches` in an edited `kiosk.ron`.
fn follow_scale(
    access: Res<Accessibility>,
    settings: Res<LiveSettings>,
    mut screen: ResMut<Screen>,
) {
    let changed = |added: bool, changed: bool| changed && !added;
    if changed(access.is_added(), access.is_changed())
        || changed(settings.is_added(), settings.is_changed())
    {
        let m = metrics_for(screen.0.width, screen.0.height, &settings, &access);
        if screen.0 != m {
            screen.0 = m;
        }
    }
}

/// Metrics for the size the app starts at: the offscreen size, the window's, or
/// a common screen until a fullscreen window reports its own.
fn measure_at_start(mut commands: Commands, mode: Res<Mode>, settings: Res<LiveSettings>) {
    let (w, h) = match *mode {
        Mode::Render { size, .. } | Mode::Poster { size, .. } => (size.0 as f32, size.1 as f32),
        Mode::Window => match settings.window {
            crate::core::settings::WindowMode::Windowed { width, height } => {
                (width as f32, height as f32)
            }
            crate::core::settings::WindowMode::Fullscreen { .. } => (1920.0, 1080.0),
        },
    };
    let m = metrics_for(w, h, &settings, &Accessibility::default());
    commands.insert_resource(Screen(m));
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(PreStartup, measure_at_start);
    app.add_systems(PreUpdate, (follow_window, follow_scale));
}
