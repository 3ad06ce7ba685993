//! Hot reload: the core's watcher loads and validates the folder off the main
//! thread; this plugin swaps the result in at once, or keeps the last good content
//! and raises the staff indicator, and wakes the loop so the screen follows. The
//! staff overlay's reload button ([`ReloadNow`]) runs the same load at once.

use std::sync::{Arc, Mutex, mpsc};

use bevy::prelude::*;

use super::wake::Waker;
use super::{LiveContent, LiveSettings, Problems};
use crate::core::diagnostics::Diagnostic;
use crate::core::settings::Settings;
use crate::core::watch::{self, ContentWatcher, Reloaded, Settle};

/// Results from the watcher thread, and the watcher itself (dropping it stops it).
#[derive(Resource)]
struct Inbox {
    results: Mutex<mpsc::Receiver<Reloaded>>,
    /// For loads staff ask for, which arrive like the watcher's.
    sender: mpsc::Sender<Reloaded>,
    waker: Waker,
    _watcher: Option<ContentWatcher>,
}

/// Staff asked to load `kiosk.ron` and the folder again now (the overlay's button).
#[derive(Message, Clone, Copy, Debug, Default)]
pub struct ReloadNow;

/// The outcome of the last load, for the staff overlay.
#[derive(Resource, Default, Clone, Debug)]
pub struct LastReload {
    /// When it arrived; `None` before the first.
    pub at: Option<std::time::SystemTime>,
    /// Whether the content went live (otherwise `Problems` says why not).
    pub ok: bool,
    /// Milliseconds it took to load and validate.
    pub load_ms: f64,
}

/// Problems in `kiosk.ron` and in the content folder, kept apart so fixing one
/// does not hide the other.
#[derive(Resource, Default)]
struct ProblemSources {
    settings: Vec<Diagnostic>,
    content: Vec<Diagnostic>,
}

fn start_watching(settings: &Settings, waker: Waker) -> Inbox {
    let (tx, rx) = mpsc::channel();
    let sender = tx.clone();
    let wake_on_request = waker.clone();
    let watcher = watch::spawn(
        settings.path.clone(),
        settings.clone(),
        Settle::default(),
        true,
        move |reloaded| {
            if tx.send(reloaded).is_ok() {
                waker.wake();
            }
        },
    );
    let watcher = match watcher {
        Ok(w) => Some(w),
        Err(e) => {
            error!("{e}; content changes will need a restart");
            None
        }
    };
    Inbox {
        results: Mutex::new(rx),
        sender,
        waker: wake_on_request,
        _watcher: watcher,
    }
}

/// The overlay's reload: the watcher's load, on a thread of its own so the screen
/// does not stall on a folder of hundreds of photos; the result comes in through
/// the inbox like any other.
fn reload_on_request(
    mut asked: MessageReader<ReloadNow>,
    inbox: Res<Inbox>,
    settings: Res<LiveSettings>,
) {
    if asked.read().count() == 0 {
        return;
    }
    info!("reload asked for from the staff overlay");
    let (tx, waker) = (inbox.sender.clone(), inbox.waker.clone());
    let (config, dir) = (settings.path.clone(), settings.content_dir.clone());
    let policy = settings.approval.clone();
    let spawned = std::thread::Builder::new()
        .name("staff-reload".into())
        .spawn(move || {
            let started = std::time::Instant::now();
            let settings = config.exists().then(|| Settings::load(&config));
            let (content_dir, policy) = match &settings {
                Some(Ok(s)) => (s.content_dir.clone(), s.approval.clone()),
                _ => (dir, policy),
            };
            let content = watch::load_approved(
                &content_dir,
                &policy,
                &mut Default::default(),
                &mut Default::default(),
            );
            let _ = tx.send(Reloaded {
                settings,
                content,
                content_dir,
                changed_at: started,
                load_time: started.elapsed(),
            });
            waker.wake();
        });
    if let Err(e) = spawned {
        error!("cannot start the reload ({e})");
    }
}

fn apply_reloads(
    inbox: Res<Inbox>,
    mut live: ResMut<LiveContent>,
    mut live_settings: ResMut<LiveSettings>,
    mut problems: ResMut<Problems>,
    mut sources: ResMut<ProblemSources>,
    mut last: ResMut<LastReload>,
) {
    let Ok(results) = inbox.results.lock() else {
        return;
    };
    let mut changed = false;
    while let Ok(reloaded) = results.try_recv() {
        changed = true;
        match reloaded.settings {
            Some(Ok(settings)) => {
                info!("kiosk.ron reloaded");
                live_settings.0 = settings;
                sources.settings.clear();
            }
            Some(Err(diagnostics)) => {
                for d in &diagnostics {
                    error!("{d}");
                }
                sources.settings = diagnostics;
            }
            None => {}
        }
        *last = LastReload {
            at: Some(std::time::SystemTime::now()),
            ok: reloaded.content.is_ok(),
            load_ms: reloaded.load_time.as_secs_f64() * 1000.0,
        };
        match reloaded.content {
            Ok(content) => {
                for w in &content.warnings {
                    warn!("{w}");
                }
                sources.content = content.warnings.clone();
                live.content = Arc::new(content);
                live.generation += 1;
                super::code_pages::let_go_soon(live.generation == 1);
                info!(
                    "content reloaded: generation {}, validated in {:.1} ms, {:.1} ms after the change",
                    live.generation,
                    reloaded.load_time.as_secs_f64() * 1000.0,
                    reloaded.changed_at.elapsed().as_secs_f64() * 1000.0
                );
            }
            Err(diagnostics) => {
                let report =
                    crate::core::report::to_plain_text(&diagnostics, &reloaded.content_dir);
                error!(
                    "content folder has problems; still playing the last good content:\n{report}"
                );
                sources.content = diagnostics;
            }
        }
    }
    if changed {
        let all: Vec<Diagnostic> = sources
            .settings
            .iter()
            .chain(&sources.content)
            .cloned()
            .collect();
        *problems = Problems::from(all, &live_settings.content_dir);
    }
}

fn start(
    mut commands: Commands,
    settings: Res<LiveSettings>,
    waker: Res<Waker>,
    problems: Res<Problems>,
) {
    // At start the only problems known are those of kiosk.ron; the content's come
    // with the watcher's first load.
    for d in &problems.diagnostics {
        error!("{d}");
    }
    commands.insert_resource(start_watching(&settings, waker.clone()));
    commands.insert_resource(ProblemSources {
        settings: problems.diagnostics.clone(),
        content: Vec::new(),
    });
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LastReload>();
    app.add_message::<ReloadNow>();
    app.add_systems(Startup, start);
    app.add_systems(
        PreUpdate,
        apply_reloads.run_if(resource_exists::<ProblemSources>),
    );
    // After the staff overlay's buttons have answered (Respond).
    app.add_systems(
        Update,
        reload_on_request
            .run_if(resource_exists::<Inbox>)
            .in_set(crate::player::AppSystems::Schedule),
    );
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    fn app() -> (App, std::path::PathBuf) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap().keep().join("content");
        for (from, to) in [
            ("content/laws", "laws"),
            ("tests/broken/base/panels", "panels"),
            ("tests/broken/base/images", "images"),
            ("tests/broken/base", ""),
        ] {
            std::fs::create_dir_all(dir.join(to)).unwrap();
            for e in std::fs::read_dir(root.join(from))
                .unwrap()
                .flatten()
                .filter(|e| e.path().is_file())
            {
                std::fs::copy(e.path(), dir.join(to).join(e.file_name())).unwrap();
            }
        }
        let content = crate::core::content::load(&dir).unwrap();
        let mut settings = Settings::defaults(dir.clone());
        settings.path = dir.parent().unwrap().join("kiosk.ron");
        let mut app = crate::player::bare_app(settings, content, 0, 100);
        app.add_plugins((crate::player::wake::plugin, plugin));
        // The watcher starts with the first frame.
        app.update();
        std::thread::sleep(Duration::from_millis(300));
        (app, dir)
    }

    /// Runs frames until `done` holds, for at most 5 s.
    fn until(app: &mut App, done: impl Fn(&World) -> bool) {
        let end = Instant::now() + Duration::from_secs(5);
        while Instant::now() < end {
            app.update();
            if done(app.world()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("condition not reached in 5 s");
    }

    fn title(world: &World) -> String {
        world.resource::<LiveContent>().content.library.panels["five"]
            .title
            .clone()
    }

    #[test]
    fn keeps_the_last_good_content_while_files_are_broken() {
        let (mut app, dir) = app();
        let panel = dir.join("panels/five.ron");
        let good = std::fs::read_to_string(&panel).unwrap();
        std::fs::write(&panel, good.replace("推选代表", "新标题")).unwrap();
        until(&mut app, |w| title(w) == "新标题");
        let generation = app.world().resource::<LiveContent>().generation;
        std::fs::write(&panel, "(title: \"半截").unwrap();
        until(&mut app, |w| w.resource::<Problems>().any());
        assert_eq!(
            title(app.world()),
            "新标题",
            "the last good content keeps playing"
        );
        assert_eq!(app.world().resource::<LiveContent>().generation, generation);
        assert!(
            app.world()
                .resource::<Problems>()
                .report
                .contains("panels/five.ron")
        );
        std::fs::write(&panel, good).unwrap();
        until(&mut app, |w| !w.resource::<Problems>().any());
        assert_eq!(title(app.world()), "推选代表");
    }

    #[test]
    fn a_broken_kiosk_ron_is_reported_and_its_fix_applied() {
        let (mut app, dir) = app();
        let config = dir.parent().unwrap().join("kiosk.ron");
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("kiosk.ron"),
        )
        .unwrap();
        std::fs::write(
            &config,
            text.replace("seconds_per_item: 12.0", "seconds_per_item: 12.0,,"),
        )
        .unwrap();
        until(&mut app, |w| {
            w.resource::<Problems>()
                .diagnostics
                .iter()
                .any(|d| d.file.ends_with("kiosk.ron"))
        });
        std::fs::write(
            &config,
            text.replace("seconds_per_item: 12.0", "seconds_per_item: 20.0"),
        )
        .unwrap();
        until(&mut app, |w| {
            w.resource::<LiveSettings>().seconds_per_item == 20.0 && !w.resource::<Problems>().any()
        });
    }

    #[test]
    fn the_staff_reload_loads_the_folder_again_without_a_change() {
        let (mut app, _dir) = app();
        until(&mut app, |w| w.resource::<LastReload>().at.is_some());
        let generation = app.world().resource::<LiveContent>().generation;
        let first = app.world().resource::<LastReload>().at;
        app.world_mut().write_message(ReloadNow);
        until(&mut app, |w| {
            w.resource::<LiveContent>().generation == generation + 1
        });
        let last = app.world().resource::<LastReload>();
        assert!(last.ok);
        assert!(last.at > first);
    }
}
