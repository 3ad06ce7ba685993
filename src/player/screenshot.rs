//! A picture of the screen when staff ask for one from the console's 现在 page,
//! and never otherwise: the console creates `health/screenshot.request` in the
//! data folder; the player, woken by the file system (no polling), grabs the
//! next frame, writes `health/screen.png` (beside, then renamed, so the console
//! never reads half a picture) and removes the request. Until a request comes it
//! costs one sleeping watcher thread.
//!
//! With a fleet folder (`fleet` in kiosk.ron), a small copy (at most
//! [`FLEET_WIDTH`] pixels wide) goes to `<fleet>/<kiosk>/screen.png` with each
//! picture asked for, and once every `screenshot_minutes` on its own.

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

/// Widest picture written to the fleet folder: enough to see what is on screen
/// in the office's table, small enough to sync over a township's line.
pub const FLEET_WIDTH: u32 = 480;

/// The fleet folder's own pictures, every few minutes.
#[derive(Resource, Default)]
struct FleetShots {
    /// When the next is due (`Time<Real>` seconds).
    next: Option<f32>,
    capturing: bool,
}

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
fn answer(
    mut commands: Commands,
    mut requests: ResMut<Requests>,
    settings: Res<LiveSettings>,
    mut deadline: ResMut<Deadline>,
) {
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
        let fleet = settings.fleet.as_ref().map(|f| f.dir.clone());
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
                    let fleet = fleet.clone();
                    // Encoding a full-screen PNG takes longer than a frame: off the loop.
                    let _ = std::thread::Builder::new()
                        .name("pufa-kiosk screenshot".into())
                        .spawn(move || {
                            if let Some(fleet) = &fleet {
                                save_small(fleet, image.clone());
                            }
                            save(&dir, image);
                        });
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

/// A picture for the fleet folder every `screenshot_minutes` (the first a
/// minute after start, when the screen has settled).
fn fleet_timer(
    mut commands: Commands,
    settings: Res<LiveSettings>,
    time: Res<Time<Real>>,
    mut shots: ResMut<FleetShots>,
    mut deadline: ResMut<Deadline>,
) {
    let Some(fleet) = settings.fleet.as_ref().filter(|f| f.screenshot_minutes > 0) else {
        return;
    };
    let now = time.elapsed_secs();
    let next = *shots.next.get_or_insert(now + 60.0);
    if shots.capturing {
        deadline.animate();
        return;
    }
    if now < next {
        deadline.within(next - now);
        return;
    }
    shots.capturing = true;
    shots.next = Some(now + fleet.screenshot_minutes as f32 * 60.0);
    let dir = fleet.dir.clone();
    commands
        .spawn((
            Name::new("screenshot for the fleet folder"),
            Screenshot::primary_window(),
        ))
        .observe(
            move |captured: On<ScreenshotCaptured>, mut shots: ResMut<FleetShots>| {
                shots.capturing = false;
                let image = captured.image.clone();
                let dir = dir.clone();
                let _ = std::thread::Builder::new()
                    .name("pufa-kiosk fleet picture".into())
                    .spawn(move || save_small(&dir, image));
            },
        );
    deadline.animate();
}

/// Writes `image`, scaled down to at most [`FLEET_WIDTH`] wide, as `dir/screen.png`
/// (beside, then renamed).
fn save_small(dir: &Path, image: Image) {
    let path = dir.join(PICTURE_FILE);
    let tmp = dir.join(format!(".{PICTURE_FILE}.tmp"));
    let result = std::fs::create_dir_all(dir)
        .map_err(|e| e.to_string())
        .and_then(|()| image.try_into_dynamic().map_err(|e| e.to_string()))
        .and_then(|img| {
            let img = if img.width() > FLEET_WIDTH {
                let h = (img.height() as u64 * FLEET_WIDTH as u64 / img.width() as u64).max(1);
                img.resize_exact(
                    FLEET_WIDTH,
                    u32::try_from(h).unwrap_or(1),
                    image::imageops::FilterType::Triangle,
                )
            } else {
                img
            };
            img.to_rgb8()
                .save_with_format(&tmp, image::ImageFormat::Png)
                .map_err(|e| e.to_string())
        })
        .and_then(|()| std::fs::rename(&tmp, &path).map_err(|e| e.to_string()));
    if let Err(e) = result {
        warn!(
            "无法把屏幕截图写入同步文件夹 / cannot write the screen picture to the fleet folder: {}: {e}",
            path.display()
        );
        let _ = std::fs::remove_file(&tmp);
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<FleetShots>();
    app.add_systems(Update, fleet_timer.in_set(AppSystems::Draw));
    app.add_systems(Startup, start);
    app.add_systems(
        Update,
        (follow_settings, answer)
            .chain()
            .in_set(AppSystems::Draw)
            .run_if(resource_exists::<Requests>),
    );
}
