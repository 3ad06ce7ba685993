//! `pufa-kiosk render`: draws every slide of the rotation offscreen and saves each
//! as a PNG, for staff to approve a campaign and for tests to look at.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bevy::asset::RenderAssetUsages;
use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat, TextureUsages};
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::ui::IsDefaultUiCamera;

use super::attract::Attract;
use super::images::{ImageStore, PendingImage};
use super::slides::{self, SlideContext, SlideRoot};
use super::{Live, Mode, Problems, build_app};
use crate::core::content::ItemKind;

/// Progress through the slides.
#[derive(Resource)]
struct Job {
    target: Handle<Image>,
    out: PathBuf,
    next: usize,
    /// Frames drawn since the current slide was spawned.
    frames: u32,
    capturing: bool,
    saved: Arc<AtomicUsize>,
    files: Vec<PathBuf>,
}

/// Frames to let layout and text settle before a capture.
const SETTLE_FRAMES: u32 = 4;

fn file_name(index: usize, key: &crate::core::rotation::SlideKey) -> String {
    let (kind, id) = match &key.item {
        ItemKind::Panel(id) => ("panel", id),
        ItemKind::Comic(id) => ("comic", id),
    };
    format!("{:03}-{kind}-{id}-{}.png", index + 1, key.page + 1)
}

fn setup(mut commands: Commands, mut images: ResMut<Assets<Image>>, mode: Res<Mode>) {
    let Mode::Render { size, out } = mode.into_inner() else {
        return;
    };
    let mut image = Image::new_fill(
        Extent3d {
            width: size.0,
            height: size.1,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        &[0, 0, 0, 255],
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
        RenderTarget::Image(target.clone().into()),
        IsDefaultUiCamera,
    ));
    commands.insert_resource(Job {
        target,
        out: out.clone(),
        next: 0,
        frames: 0,
        capturing: false,
        saved: Arc::new(AtomicUsize::new(0)),
        files: Vec::new(),
    });
}

fn step(
    mut commands: Commands,
    job: Option<ResMut<Job>>,
    mut attract: ResMut<Attract>,
    ctx: SlideContext,
    roots: Query<Entity, With<SlideRoot>>,
    pending: Query<(), With<PendingImage>>,
    store: Res<ImageStore>,
    mut exit: MessageWriter<AppExit>,
) {
    let Some(mut job) = job else { return };
    let total = attract.rotation.slides().len();
    if job.capturing {
        if job.saved.load(Ordering::SeqCst) == job.files.len() {
            job.capturing = false;
            job.next += 1;
            job.frames = 0;
        } else {
            return;
        }
    }
    if job.next >= total {
        info!(
            "rendered {} slides to {}",
            job.files.len(),
            job.out.display()
        );
        exit.write(AppExit::Success);
        return;
    }
    let current = attract.rotation.index();
    if current != job.next {
        for e in &roots {
            commands.entity(e).despawn();
        }
        attract.rotation.go_to(job.next);
        let key = attract.rotation.slides()[job.next].key.clone();
        slides::spawn(&mut commands, &ctx, &key);
        job.frames = 1;
        return;
    }
    job.frames += 1;
    if job.frames < SETTLE_FRAMES || !pending.is_empty() || store.busy() {
        return;
    }
    let key = attract.rotation.slides()[job.next].key.clone();
    let path = job.out.join(file_name(job.next, &key));
    job.files.push(path.clone());
    job.capturing = true;
    let saved = job.saved.clone();
    commands
        .spawn(Screenshot::image(job.target.clone()))
        .observe(move |captured: On<ScreenshotCaptured>| {
            let result = captured
                .image
                .clone()
                .try_into_dynamic()
                .map_err(|e| e.to_string())
                .and_then(|img| img.to_rgb8().save(&path).map_err(|e| e.to_string()));
            if let Err(e) = result {
                error!("cannot save {}: {e}", path.display());
            }
            saved.fetch_add(1, Ordering::SeqCst);
        });
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, setup);
    app.add_systems(Update, step.after(super::attract::AttractSystems::Sync));
}

/// Renders every slide of `live`'s rotation at `size` into `out`; returns the files.
pub fn render_to_png(live: Live, size: (u32, u32), out: PathBuf) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut app = build_app(
        live,
        Problems::default(),
        Mode::Render {
            size,
            out: out.clone(),
        },
    );
    match app.run() {
        AppExit::Success => {}
        AppExit::Error(code) => return Err(format!("renderer stopped with code {code}")),
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&out)
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    files.sort();
    Ok(files)
}
