//! Window behaviour: Esc quits a preview window (a locked-down kiosk, which a
//! fullscreen one is unless `kiosk.ron` says otherwise, ignores it, so a keyboard
//! left in the lobby cannot close it), and a fullscreen kiosk also asks for
//! the monitor's exact position and size, because a bare X server with no window
//! manager (a minimal kiosk image, Xvfb) does not act on fullscreen requests.

use bevy::prelude::*;
use bevy::window::{Monitor, PrimaryWindow, WindowPosition};

use super::LiveSettings;
use crate::core::settings::WindowMode;

fn quit_on_escape(
    keys: Res<ButtonInput<KeyCode>>,
    settings: Res<LiveSettings>,
    mut exit: MessageWriter<AppExit>,
) {
    if keys.just_pressed(KeyCode::Escape) && !settings.lockdown {
        exit.write(AppExit::Success);
    }
}

fn cover_the_monitor(
    settings: Res<LiveSettings>,
    monitors: Query<&Monitor>,
    mut windows: Query<&mut Window, With<PrimaryWindow>>,
) {
    let WindowMode::Fullscreen { monitor } = settings.window else {
        return;
    };
    let Ok(mut window) = windows.single_mut() else {
        return;
    };
    let mut all: Vec<&Monitor> = monitors.iter().collect();
    all.sort_by_key(|m| (m.physical_position.x, m.physical_position.y));
    let Some(target) = all.get(monitor).or(all.first()) else {
        return;
    };
    let size = UVec2::new(target.physical_width, target.physical_height);
    if window.physical_size() != size {
        window.resolution.set_physical_resolution(size.x, size.y);
        window.position = WindowPosition::At(target.physical_position);
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            quit_on_escape.in_set(crate::player::AppSystems::RecordInput),
            cover_the_monitor.in_set(crate::player::AppSystems::Draw),
        ),
    );
}
