//! Pictures decoded off the main thread, scaled to the screen, and kept only while
//! a slide near the one on screen needs them, so a long comic of large photos never
//! holds all of them decoded at once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use bevy::asset::RenderAssetUsages;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use bevy::tasks::{AsyncComputeTaskPool, Task, block_on, futures_lite::future};

use super::screen::Screen;
use super::wake::Waker;
use crate::core::images;

/// A picture's state in the store.
enum Entry {
    Loading(Task<Result<Image, String>>),
    Ready(Handle<Image>),
    Failed,
}

/// Decoded pictures by path.
#[derive(Resource, Default)]
pub struct ImageStore {
    entries: HashMap<PathBuf, Entry>,
    /// Paths asked for since the last sweep; the rest are dropped.
    wanted: Vec<PathBuf>,
}

impl ImageStore {
    /// The picture at `path` if it is ready; starts decoding it otherwise.
    pub fn get(&mut self, path: &Path, fit: (u32, u32), waker: &Waker) -> Option<Handle<Image>> {
        self.want(path, fit, waker);
        match self.entries.get(path) {
            Some(Entry::Ready(handle)) => Some(handle.clone()),
            _ => None,
        }
    }

    /// Starts decoding `path` in the background unless it is known already.
    pub fn want(&mut self, path: &Path, fit: (u32, u32), waker: &Waker) {
        self.wanted.push(path.to_path_buf());
        if self.entries.contains_key(path) {
            return;
        }
        let owned = path.to_path_buf();
        let waker = waker.clone();
        let task = AsyncComputeTaskPool::get().spawn(async move {
            let result = images::decode(&owned, Some(fit))
                .map(to_bevy)
                .map_err(|p| p.en);
            waker.wake();
            result
        });
        self.entries
            .insert(path.to_path_buf(), Entry::Loading(task));
    }

    /// Whether any picture is still being decoded.
    pub fn busy(&self) -> bool {
        self.entries
            .values()
            .any(|e| matches!(e, Entry::Loading(_)))
    }

    /// Drops every picture not asked for since the last call.
    pub fn sweep(&mut self) {
        let wanted = std::mem::take(&mut self.wanted);
        self.entries.retain(|path, _| wanted.contains(path));
    }
}

fn to_bevy(rgba: image::RgbaImage) -> Image {
    let (width, height) = rgba.dimensions();
    Image::new(
        Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        rgba.into_raw(),
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    )
}

/// Largest size worth decoding to on this screen.
pub fn fit_for(screen: &Screen) -> (u32, u32) {
    (screen.0.width.ceil() as u32, screen.0.height.ceil() as u32)
}

/// Marks a UI image node waiting for its picture.
#[derive(Component)]
pub struct PendingImage {
    pub path: PathBuf,
}

fn finish_decoding(mut store: ResMut<ImageStore>, mut assets: ResMut<Assets<Image>>) {
    for (path, entry) in store.entries.iter_mut() {
        if let Entry::Loading(task) = entry
            && let Some(result) = block_on(future::poll_once(task))
        {
            *entry = match result {
                Ok(image) => Entry::Ready(assets.add(image)),
                Err(problem) => {
                    warn!("{}: {problem}", path.display());
                    Entry::Failed
                }
            };
        }
    }
}

fn fill_pending(
    mut commands: Commands,
    mut store: ResMut<ImageStore>,
    pending: Query<(Entity, &PendingImage)>,
    screen: Res<Screen>,
    waker: Res<Waker>,
    mut deadline: ResMut<super::wake::Deadline>,
) {
    for (entity, p) in &pending {
        if let Some(handle) = store.get(&p.path, fit_for(&screen), &waker) {
            commands
                .entity(entity)
                .remove::<PendingImage>()
                .insert(ImageNode::new(handle));
        } else if matches!(store.entries.get(&p.path), Some(Entry::Failed)) {
            commands.entity(entity).remove::<PendingImage>();
        }
    }
    if store.busy() {
        // Decoding threads wake the loop when they finish; this is a backstop.
        deadline.within(0.05);
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ImageStore>();
    app.add_systems(PreUpdate, (finish_decoding, fill_pending).chain());
}
