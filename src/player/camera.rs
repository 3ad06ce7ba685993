//! The camera that draws the kiosk's UI to the window, and the one offscreen
//! rendering (`render`, `proof`, `poster`) aims at an image instead.

use std::path::PathBuf;

use bevy::asset::RenderAssetUsages;
use bevy::camera::RenderTarget;
use bevy::camera::Viewport;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat, TextureUsages};
use bevy::render::view::screenshot::ScreenshotCaptured;
use bevy::ui::IsDefaultUiCamera;

use super::theme::Palette;
use super::{LiveSettings, Mode};
use crate::core::settings::Settings;

/// Spawns a UI camera that draws into a new image `size` pixels, filled with
/// `fill` until drawn; returns the image (offscreen pictures, the poster).
pub fn image_camera(
    commands: &mut Commands,
    images: &mut Assets<Image>,
    size: (u32, u32),
    fill: [u8; 4],
) -> Handle<Image> {
    let mut image = Image::new_fill(
        Extent3d {
            width: size.0,
            height: size.1,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        &fill,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::default(),
    );
    image.texture_descriptor.usage = TextureUsages::TEXTURE_BINDING
        | TextureUsages::COPY_SRC
        | TextureUsages::COPY_DST
        | TextureUsages::RENDER_ATTACHMENT;
    let target = images.add(image);
    commands.spawn((
        Name::new("offscreen camera"),
        Camera2d,
        bevy::render::view::Msaa::Off,
        RenderTarget::Image(target.clone().into()),
        IsDefaultUiCamera,
    ));
    target
}

/// An observer for a screenshot that saves it to `path` as PNG, then calls `done`.
pub fn save_png(
    path: PathBuf,
    done: impl Fn() + Send + Sync + 'static,
) -> impl FnMut(On<ScreenshotCaptured>) {
    move |captured: On<ScreenshotCaptured>| {
        let result = captured
            .image
            .clone()
            .try_into_dynamic()
            .map_err(|e| e.to_string())
            .and_then(|img| img.to_rgb8().save(&path).map_err(|e| e.to_string()));
        if let Err(e) = result {
            error!("cannot save {}: {e}", path.display());
        }
        done();
    }
}

/// The output region of `kiosk.ron` as the camera's viewport: a sending card
/// captures that rectangle, and the rest of the window stays black.
fn region_viewport(settings: &Settings) -> Option<Viewport> {
    settings.region.map(|(x, y, w, h)| Viewport {
        physical_position: UVec2::new(x, y),
        physical_size: UVec2::new(w, h),
        ..default()
    })
}

/// Keeps every UI camera drawing into the region in force, also after an edit of
/// `kiosk.ron`, and clearing to the page colour: the page behind a slide is the
/// clear, not a full-screen node (with software rendering, each full-screen node
/// costs as much as all of a slide's text). Only the region is copied to the
/// window; the rest is the window's own clear, black. A poster is a sheet of its
/// own, never a region.
fn follow_region(
    settings: Res<LiveSettings>,
    palette: Res<Palette>,
    mode: Res<Mode>,
    mut cameras: Query<&mut Camera, With<Camera2d>>,
    added: Query<(), Added<Camera2d>>,
) {
    if matches!(*mode, Mode::Poster { .. })
        || (!settings.is_changed() && !palette.is_changed() && added.is_empty())
    {
        return;
    }
    let viewport = region_viewport(&settings);
    let place = |v: &Option<Viewport>| v.as_ref().map(|v| (v.physical_position, v.physical_size));
    for mut camera in &mut cameras {
        if place(&camera.viewport) != place(&viewport) {
            camera.viewport = viewport.clone();
        }
        if !matches!(camera.clear_color, ClearColorConfig::Custom(c) if c == palette.page) {
            camera.clear_color = ClearColorConfig::Custom(palette.page);
        }
    }
}

fn spawn_camera(mut commands: Commands) {
    // Flat UI needs no multisampling; a 4× MSAA target at 1080p would cost 33 MB.
    commands.spawn((Name::new("camera"), Camera2d, bevy::render::view::Msaa::Off));
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_camera);
}

/// The output region, for every camera: the window's and the offscreen one.
/// What no camera draws on (outside the region) is cleared black: an LED
/// sending card must not pick up a grey frame around what it captures.
pub(super) fn region_plugin(app: &mut App) {
    app.insert_resource(ClearColor(Color::BLACK));
    app.add_systems(PostUpdate, follow_region);
}
