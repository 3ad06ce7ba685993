//! Hot reload: the core's watcher loads and validates the folder off the main
//! thread; this plugin swaps the result in at once, or keeps the last good content
//! and raises the staff indicator, and wakes the loop so the screen follows.

use std::sync::{Arc, Mutex, mpsc};

use bevy::prelude::*;

use super::wake::Waker;
use super::{Live, Problems};
use crate::core::diagnostics::Diagnostic;
use crate::core::watch::{self, ContentWatcher, Reloaded, Settle};

/// Results from the watcher thread, and the watcher itself (dropping it stops it).
#[derive(Resource)]
struct Inbox {
    results: Mutex<mpsc::Receiver<Reloaded>>,
    _watcher: Option<ContentWatcher>,
}

/// Problems in `kiosk.ron` and in the content folder, kept apart so fixing one
/// does not hide the other.
#[derive(Resource, Default)]
struct ProblemSources {
    settings: Vec<Diagnostic>,
    content: Vec<Diagnostic>,
}

fn start_watching(live: &Live, waker: Waker) -> Inbox {
    let (tx, rx) = mpsc::channel();
    let watcher = watch::spawn(
        live.settings.path.clone(),
        live.settings.clone(),
        Settle::default(),
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
        _watcher: watcher,
    }
}

fn apply_reloads(
    inbox: Res<Inbox>,
    mut live: ResMut<Live>,
    mut problems: ResMut<Problems>,
    mut sources: ResMut<ProblemSources>,
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
                live.settings = settings;
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
        match reloaded.content {
            Ok(content) => {
                for w in &content.warnings {
                    warn!("{w}");
                }
                sources.content = content.warnings.clone();
                live.content = Arc::new(content);
                live.generation += 1;
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
        *problems = Problems::from(all, &live.settings.content_dir);
    }
}

pub(super) fn plugin(app: &mut App) {
    let live = app.world().resource::<Live>().clone();
    let waker = app.world().resource::<Waker>().clone();
    let initial = app.world().resource::<Problems>().diagnostics.clone();
    app.insert_resource(start_watching(&live, waker));
    app.insert_resource(ProblemSources {
        settings: Vec::new(),
        content: initial,
    });
    app.add_systems(PreUpdate, apply_reloads);
}
