//! Pictures decoded off the main thread, scaled to the screen, and kept only while
//! a slide near the one on screen needs them, so a long comic of large photos never
//! holds all of them decoded at once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use bevy::asset::RenderAssetUsages;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use bevy::tasks::AsyncComputeTaskPool;

use super::metrics::Screen;
use super::wake::Waker;
use crate::core::images;

/// A picture's state in the store.
enum Entry {
    Loading(Arc<AtomicU8>),
    Ready(Handle<Image>),
    Failed,
}

/// Whether a decoding thread must wake the loop when it is done: only when a
/// slide on screen waits for the picture. A picture fetched ahead for the next
/// slide arrives silently, so it costs no frame between transitions.
const NOBODY_WAITS: u8 = 0;
const A_SLIDE_WAITS: u8 = 1;
const DECODED: u8 = 2;

/// A decoding thread's result, sent before it wakes the loop so the frame it
/// wakes finds the picture.
type Decoded = (PathBuf, Result<Image, String>);

/// Decoded pictures by path.
#[derive(Resource)]
pub struct ImageStore {
    entries: HashMap<PathBuf, Entry>,
    /// Paths asked for since the last sweep; the rest are dropped.
    wanted: Vec<PathBuf>,
    send: mpsc::Sender<Decoded>,
    decoded: Mutex<mpsc::Receiver<Decoded>>,
    /// A waited-for picture finished before anyone said they waited for it.
    unannounced: bool,
}

impl Default for ImageStore {
    fn default() -> Self {
        let (send, decoded) = mpsc::channel();
        Self {
            entries: HashMap::new(),
            wanted: Vec::new(),
            send,
            decoded: Mutex::new(decoded),
            unannounced: false,
        }
    }
}

impl ImageStore {
    /// The picture at `path` if it is ready; starts decoding it otherwise.
    /// The loop is woken when it is decoded.
    pub fn get(&mut self, path: &Path, fit: (u32, u32), waker: &Waker) -> Option<Handle<Image>> {
        self.want(path, fit, waker);
        match self.entries.get(path) {
            Some(Entry::Ready(handle)) => Some(handle.clone()),
            Some(Entry::Loading(state)) => {
                if state.compare_exchange(
                    NOBODY_WAITS,
                    A_SLIDE_WAITS,
                    Ordering::AcqRel,
                    Ordering::Acquire,
                ) == Err(DECODED)
                {
                    // Done already, unannounced: the result waits in the channel.
                    self.unannounced = true;
                }
                None
            }
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
        let send = self.send.clone();
        let state = Arc::new(AtomicU8::new(NOBODY_WAITS));
        let shared = Arc::clone(&state);
        AsyncComputeTaskPool::get()
            .spawn(async move {
                let result = images::decode(&owned, Some(fit))
                    .map(to_bevy)
                    .map_err(|p| p.en);
                let _ = send.send((owned, result));
                if shared.swap(DECODED, Ordering::AcqRel) == A_SLIDE_WAITS {
                    waker.wake();
                }
            })
            .detach();
        self.entries
            .insert(path.to_path_buf(), Entry::Loading(state));
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
    let finished: Vec<Decoded> = match store.decoded.lock() {
        Ok(decoded) => decoded.try_iter().collect(),
        Err(_) => return,
    };
    for (path, result) in finished {
        // A picture swept while it was decoding is no longer wanted.
        let Some(entry) = store.entries.get_mut(&path) else {
            continue;
        };
        *entry = match result {
            Ok(image) => Entry::Ready(assets.add(image)),
            Err(problem) => {
                warn!("{}: {problem}", path.display());
                Entry::Failed
            }
        };
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
    if std::mem::take(&mut store.unannounced) {
        deadline.within(0.0);
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ImageStore>();
    // After Update, so a slide spawned this frame gets a picture that is ready
    // in the same frame instead of waiting for a wake-up that may not come.
    app.add_systems(
        PostUpdate,
        (finish_decoding, fill_pending)
            .chain()
            .before(bevy::ui::UiSystems::Prepare),
    );
}
