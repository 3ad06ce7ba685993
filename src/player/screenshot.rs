//! A picture of the screen when staff ask for one from the console's 现在 page,
//! and never otherwise: the console creates `health/screenshot.request` in the
//! data folder; the player, woken by the file system (no polling), grabs the
//! next frame, writes `health/screen.png` (beside, then renamed, so the console
//! never reads half a picture) and removes the request. Until a request comes it
//! costs one sleeping watcher thread.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, mpsc};

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use notify::{RecursiveMode, Watcher};

use super::LiveSettings;
use super::state::AppSystems;
use super::wake::{Deadline, Waker};
use crate::core::health::HEALTH_DIR;

/// The file the console creates to ask for a picture.
pub const REQUEST_FILE: &str = "screenshot.request";
/// The picture, replaced whole each time.
pub const PICTURE_FILE: &str = "screen.png";

/// The watcher on the data folder's `health/`, and what it heard.
#[derive(Resource)]
struct Requests {
    dir: PathBuf,
    heard: Mutex<mpsc::Receiver<()>>,
    _watcher: Option<notify::RecommendedWatcher>,
    /// A screenshot was asked of the renderer and has not come back yet.
    capturing: bool,
}

fn watch(dir: PathBuf, waker: Waker) -> Requests {
    let (tx, rx) = mpsc::channel();
    let _ = std::fs::create_dir_all(&dir);
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let asked = event.is_ok_and(|e| {
            !e.kind.is_remove()
                && e.paths
                    .iter()
                    .any(|p| p.file_name().is_some_and(|n| n == REQUEST_FILE))
        });
        if asked && tx.send(()).is_ok() {
            waker.wake();
        }
    })
    .and_then(|mut w| w.watch(&dir, RecursiveMode::NonRecursive).map(|()| w));
    let watcher = match watcher {
        Ok(w) => Some(w),
        Err(e) => {
            warn!(
                "无法监视截图请求，控制台看不到屏幕画面 / cannot watch for screenshot requests; the console will show no picture: {}: {e}",
                dir.display()
            );
            None
        }
    };
    Requests {
        dir,
        heard: Mutex::new(rx),
        _watcher: watcher,
        capturing: false,
    }
}

fn start(mut commands: Commands, settings: Res<LiveSettings>, waker: Res<Waker>) {
    let requests = watch(settings.data_dir.join(HEALTH_DIR), waker.clone());
    // A request left from before the start is answered too.
    if requests.dir.join(REQUEST_FILE).exists() {
        waker.wake();
    }
    commands.insert_resource(requests);
}

/// Follows a data folder moved in `kiosk.ron`.
fn follow_settings(settings: Res<LiveSettings>, mut requests: ResMut<Requests>, waker: Res<Waker>) {
    let dir = settings.data_dir.join(HEALTH_DIR);
    if settings.is_changed() && requests.dir != dir {
        *requests = watch(dir, waker.clone());
    }
}

/// Answers a request: a screenshot of the next frame, kept drawing until it is back.
fn answer(mut commands: Commands, mut requests: ResMut<Requests>, mut deadline: ResMut<Deadline>) {
    let heard = requests
        .heard
        .lock()
        .map(|rx| rx.try_iter().count() > 0)
        .unwrap_or(false);
    // `start` woke the loop for a request left from before; it is found here.
    if !requests.capturing && (heard || requests.is_added()) {
        if !requests.dir.join(REQUEST_FILE).exists() {
            return;
        }
        requests.capturing = true;
        let dir = requests.dir.clone();
        commands
            .spawn((
                Name::new("screenshot for the console"),
                Screenshot::primary_window(),
            ))
            .observe(
                move |captured: On<ScreenshotCaptured>, mut requests: ResMut<Requests>| {
                    requests.capturing = false;
                    let image = captured.image.clone();
                    let dir = dir.clone();
                    // Encoding a full-screen PNG takes longer than a frame: off the loop.
                    let _ = std::thread::Builder::new()
                        .name("pufa-kiosk screenshot".into())
                        .spawn(move || save(&dir, image));
                },
            );
    }
    if requests.capturing {
        deadline.animate();
    }
}

/// Writes the picture beside, renames it into place, and removes the request.
fn save(dir: &Path, image: Image) {
    let path = dir.join(PICTURE_FILE);
    let tmp = dir.join(format!(".{PICTURE_FILE}.tmp"));
    let result = image
        .try_into_dynamic()
        .map_err(|e| e.to_string())
        .and_then(|img| {
            img.to_rgb8()
                .save_with_format(&tmp, image::ImageFormat::Png)
                .map_err(|e| e.to_string())
        })
        .and_then(|()| std::fs::rename(&tmp, &path).map_err(|e| e.to_string()));
    if let Err(e) = result {
        warn!(
            "无法保存屏幕截图 / cannot save the screenshot: {}: {e}",
            path.display()
        );
        let _ = std::fs::remove_file(&tmp);
    }
    let _ = std::fs::remove_file(dir.join(REQUEST_FILE));
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, start);
    app.add_systems(
        Update,
        (follow_settings, answer)
            .chain()
            .in_set(AppSystems::Draw)
            .run_if(resource_exists::<Requests>),
    );
}
