//! The size of what we draw on, and the type sizes that follow from it.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;

use super::{LiveSettings, Mode};
use crate::core::layout::Metrics;
use crate::core::settings::Settings;

/// Metrics for the current screen, recomputed when the window changes size or the
/// 大字 toggle changes.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct Screen(pub Metrics);

/// Multiplier for every type size (1.0, or larger with 大字).
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct TextScale(pub f32);

fn metrics_for(width: f32, height: f32, settings: &Settings, scale: f32) -> Metrics {
    Metrics::new(width, height, settings.screen_diagonal_inches, scale)
}

fn follow_window(
    windows: Query<&Window, (With<PrimaryWindow>, Changed<Window>)>,
    settings: Res<LiveSettings>,
    scale: Res<TextScale>,
    mut screen: ResMut<Screen>,
) {
    let Ok(window) = windows.single() else { return };
    let (w, h) = (window.width(), window.height());
    if w < 1.0 || h < 1.0 {
        return;
    }
    let m = metrics_for(w, h, &settings, scale.0);
    if screen.0 != m {
        screen.0 = m;
    }
}

/// 大字, or a new `screen_diagonal_inches` in an edited `kiosk.ron`.
fn follow_scale(scale: Res<TextScale>, settings: Res<LiveSettings>, mut screen: ResMut<Screen>) {
    let changed = |added: bool, changed: bool| changed && !added;
    if changed(scale.is_added(), scale.is_changed())
        || changed(settings.is_added(), settings.is_changed())
    {
        let m = metrics_for(screen.0.width, screen.0.height, &settings, scale.0);
        if screen.0 != m {
            screen.0 = m;
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    let (w, h) = match app.world().resource::<Mode>() {
        Mode::Render { size, .. } => (size.0 as f32, size.1 as f32),
        Mode::Window => match app.world().resource::<LiveSettings>().window {
            crate::core::settings::WindowMode::Windowed { width, height } => {
                (width as f32, height as f32)
            }
            crate::core::settings::WindowMode::Fullscreen { .. } => (1920.0, 1080.0),
        },
    };
    let settings = app.world().resource::<LiveSettings>().0.clone();
    app.insert_resource(TextScale(1.0));
    app.insert_resource(Screen(metrics_for(w, h, &settings, 1.0)));
    app.add_systems(
        PreUpdate,
        (follow_window, follow_scale).after(super::theme::apply_accessibility),
    );
}
