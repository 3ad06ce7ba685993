//! The one camera that draws the kiosk's UI to the window. Offscreen rendering
//! brings its own, aimed at an image.

use bevy::prelude::*;

fn spawn_camera(mut commands: Commands) {
    // Flat UI needs no multisampling; a 4× MSAA target at 1080p would cost 33 MB.
    commands.spawn((Name::new("camera"), Camera2d, bevy::render::view::Msaa::Off));
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_camera);
}
