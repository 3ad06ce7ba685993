//! Following the content folder and `kiosk.ron` on disk: file events are collected
//! until the folder has been quiet for a moment (with an upper bound, so a steady
//! trickle still reloads), then the whole folder is loaded and validated on this
//! thread, away from the screen, and handed over in one piece.
//!
//! Replacing the folder whole — renamed over, or a symlink flipped to a new version
//! folder, as fleet sync tools do — is followed by watching the folder's parent too
//! and re-attaching to whatever the path names after each change.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use super::approval;
use super::content::{self, Content};
use super::diagnostics::Diagnostic;
use super::folder::LoadCache;
use super::settings::Settings;
use super::temporary::is_temporary;

/// When a burst of changes counts as finished.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settle {
    /// Time without events after which the folder is loaded.
    pub quiet: Duration,
    /// The same when the burst's last event closed a file written: the writer
    /// is done with that file, and only another file coming straight after it
    /// (a copy of several) is waited for.
    pub quiet_after_close: Duration,
    /// Longest wait after the first event of a burst, however busy the folder.
    pub max: Duration,
}

impl Default for Settle {
    fn default() -> Self {
        Self {
            quiet: Duration::from_millis(20),
            quiet_after_close: Duration::from_millis(2),
            max: Duration::from_millis(500),
        }
    }
}

/// The settling clock for one burst of events.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Burst {
    first: Option<Instant>,
    last: Option<Instant>,
    /// Whether the last event closed a file written.
    closed: bool,
}

impl Burst {
    /// Notes an event at `now`.
    pub fn event(&mut self, now: Instant) {
        self.first.get_or_insert(now);
        self.last = Some(now);
        self.closed = false;
    }

    /// Notes a file written and closed at `now`.
    pub fn closed(&mut self, now: Instant) {
        self.event(now);
        self.closed = true;
    }

    /// When the burst will be due, if one is under way.
    pub fn due_at(&self, settle: Settle) -> Option<Instant> {
        let quiet = if self.closed {
            settle.quiet_after_close
        } else {
            settle.quiet
        };
        Some((self.last? + quiet).min(self.first? + settle.max))
    }

    /// Whether the burst is due at `now`; resets it if so.
    pub fn take_if_due(&mut self, now: Instant, settle: Settle) -> bool {
        match self.due_at(settle) {
            Some(at) if now >= at => {
                *self = Self::default();
                true
            }
            _ => false,
        }
    }
}

/// What one reload found.
#[derive(Debug)]
pub struct Reloaded {
    /// New settings, when `kiosk.ron` changed.
    pub settings: Option<Result<Settings, Vec<Diagnostic>>>,
    /// The content folder, loaded and validated whole.
    pub content: Result<Content, Vec<Diagnostic>>,
    /// The folder that was loaded (settings may have moved it).
    pub content_dir: PathBuf,
    /// When the first change of the burst was seen.
    pub changed_at: Instant,
    /// How long loading and validating took.
    pub load_time: Duration,
}

/// Loads and validates the folder at `dir`; with approval required, it passes
/// only if the version read is approved (the version is taken before and after,
/// so a folder changing under the load is never passed).
pub fn load_approved(
    dir: &Path,
    policy: &approval::Policy,
    cache: &mut LoadCache,
    digests: &mut approval::Digests,
) -> Result<Content, Vec<Diagnostic>> {
    let before = approval::before_load(dir, policy, digests);
    let loaded = content::load_with_cache(dir, cache);
    approval::gate(dir, policy, before, loaded, digests).map(|(mut content, approved)| {
        content.approved = approved;
        content
    })
}

/// How long the folder must be quiet after an approved version went live before
/// the kiosk copies it (see [`approval::keep`]).
const KEEP_AFTER: Duration = Duration::from_secs(2);

/// The version that passed the approval gate, if one did.
fn approved_version(loaded: &Result<Content, Vec<Diagnostic>>) -> Option<approval::Version> {
    loaded
        .as_ref()
        .ok()
        .and_then(|c| c.approved.as_ref().map(|a| a.version))
}

/// Keeps a copy of an approved version that went live (see [`approval::keep`]).
fn keep_version(
    dir: &Path,
    data_dir: &Path,
    version: approval::Version,
    policy: &approval::Policy,
) {
    if let Err(e) = approval::keep(dir, data_dir, version, policy.cover()) {
        eprintln!(
            "pufa-kiosk: 无法保存已审核版本的副本（重启后将无法回退）/ cannot keep a copy of the approved version {} in {}: {e}",
            version.short(),
            data_dir.join(approval::KEPT_DIR).display()
        );
    }
}

/// A running watcher; dropping it stops the thread.
pub struct ContentWatcher {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for ContentWatcher {
    fn drop(&mut self) {
        self.stop.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Paths whose changes matter for a content folder at `dir` and settings at `config`.
/// Whether an event says a file open for writing was closed.
fn written_and_closed(kind: &notify::EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, EventKind};
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
    )
}

fn relevant(path: &Path, dir: &Path, real_dir: &Path, config: &Path) -> bool {
    if path == config || dir.starts_with(path) {
        return true;
    }
    let Some(inside) = path
        .strip_prefix(dir)
        .ok()
        .or_else(|| path.strip_prefix(real_dir).ok())
    else {
        // A sibling in the parent folder: only the folder's own name matters.
        return path.file_name() == dir.file_name();
    };
    !inside
        .components()
        .any(|c| is_temporary(&c.as_os_str().to_string_lossy()))
}

struct Watching {
    watcher: RecommendedWatcher,
    dir: PathBuf,
    /// Where the folder's path led when it was last attached.
    real_dir: PathBuf,
    /// Which folder that was (device, inode): a folder renamed over the old one has
    /// the same path but is another folder.
    identity: Option<(u64, u64)>,
    parents: Vec<PathBuf>,
}

impl Watching {
    fn attach(&mut self, dir: &Path, config: &Path) {
        let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let identity = std::fs::metadata(&real).ok().map(|m| {
            use std::os::unix::fs::MetadataExt;
            (m.dev(), m.ino())
        });
        if real == self.real_dir && dir == self.dir && identity == self.identity {
            return;
        }
        let _ = self.watcher.unwatch(&self.real_dir);
        for p in std::mem::take(&mut self.parents) {
            let _ = self.watcher.unwatch(&p);
        }
        if let Err(e) = self.watcher.watch(&real, RecursiveMode::Recursive) {
            eprintln!("pufa-kiosk: cannot watch {}: {e}", real.display());
        }
        let mut parents: Vec<PathBuf> = [dir.parent(), config.parent()]
            .into_iter()
            .flatten()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    p.to_path_buf()
                }
            })
            .collect();
        parents.dedup();
        for p in &parents {
            let _ = self.watcher.watch(p, RecursiveMode::NonRecursive);
        }
        self.dir = dir.to_path_buf();
        self.real_dir = real;
        self.identity = identity;
        self.parents = parents;
    }
}

/// Starts watching. `on_reload` runs on the watcher's thread after every settled
/// burst of changes, and once at the start with the folder as it is when
/// `announce_first` is set.
pub fn spawn(
    config: PathBuf,
    settings: Settings,
    settle: Settle,
    announce_first: bool,
    on_reload: impl Fn(Reloaded) + Send + 'static,
) -> Result<ContentWatcher, String> {
    let (events_tx, events) = mpsc::channel::<notify::Result<notify::Event>>();
    let watcher = notify::recommended_watcher(move |e| {
        let _ = events_tx.send(e);
    })
    .map_err(|e| format!("cannot start the file watcher: {e}"))?;
    let (stop_tx, stop) = mpsc::channel::<()>();
    let config = std::path::absolute(&config).unwrap_or(config);
    let thread = std::thread::Builder::new()
        .name("content-watcher".into())
        .spawn(move || {
            let mut dir =
                std::path::absolute(&settings.content_dir).unwrap_or(settings.content_dir.clone());
            let mut watching = Watching {
                watcher,
                dir: PathBuf::new(),
                real_dir: PathBuf::new(),
                identity: None,
                parents: Vec::new(),
            };
            watching.attach(&dir, &config);
            // Load the folder as it is: the player's first content (when announced),
            // and a warm cache either way, so the first edit is fast.
            let mut cache = LoadCache::default();
            let mut digests = approval::Digests::default();
            let started = Instant::now();
            // With approval required, only an approved version passes (issue 23).
            let mut policy = settings.approval.clone();
            let mut data_dir = settings.data_dir.clone();
            let first = load_approved(&dir, &policy, &mut cache, &mut digests);
            let keep = approved_version(&first);
            if announce_first {
                // Started on a folder whose version is not approved: the copy of
                // the last approved version plays, and the folder's reasons show.
                let fallback = match &first {
                    Err(_) if policy.required => approval::kept(&data_dir).and_then(|kept| {
                        load_approved(
                            &kept,
                            &policy,
                            &mut LoadCache::default(),
                            &mut approval::Digests::default(),
                        )
                        .ok()
                    }),
                    _ => None,
                };
                if let Some(kept) = fallback {
                    on_reload(Reloaded {
                        settings: None,
                        content: Ok(kept),
                        content_dir: dir.clone(),
                        changed_at: started,
                        load_time: started.elapsed(),
                    });
                }
                on_reload(Reloaded {
                    settings: None,
                    content: first,
                    content_dir: dir.clone(),
                    changed_at: started,
                    load_time: started.elapsed(),
                });
            }
            // After the first screen has it.
            if let Some(version) = keep {
                keep_version(&dir, &data_dir, version, &policy);
            }
            // An approved version that went live is copied once the folder has
            // been quiet for KEEP_AFTER, so the copy never competes with the
            // frame that shows the reload (issue 23's cost).
            let mut pending_keep: Option<(approval::Version, Instant)> = None;
            let mut burst = Burst::default();
            let mut config_changed = false;
            loop {
                if matches!(stop.try_recv(), Err(mpsc::TryRecvError::Disconnected)) {
                    return;
                }
                let wake_at = [burst.due_at(settle), pending_keep.map(|(_, at)| at)]
                    .into_iter()
                    .flatten()
                    .min();
                let timeout = wake_at.map_or(Duration::from_millis(250), |at| {
                    at.saturating_duration_since(Instant::now())
                });
                match events.recv_timeout(timeout) {
                    // A file written and closed: its writer is done with it.
                    Ok(Ok(event)) if written_and_closed(&event.kind) => {
                        let now = Instant::now();
                        for path in &event.paths {
                            if relevant(path, &dir, &watching.real_dir, &config) {
                                config_changed |= path == &config;
                                burst.closed(now);
                            }
                        }
                    }
                    // Reads (our own loading included) are reported as access events: skip them.
                    Ok(Ok(event)) if event.kind.is_access() => {}
                    Ok(Ok(event)) => {
                        let now = Instant::now();
                        for path in &event.paths {
                            if relevant(path, &dir, &watching.real_dir, &config) {
                                config_changed |= path == &config;
                                burst.event(now);
                            }
                        }
                    }
                    Ok(Err(e)) => eprintln!("pufa-kiosk: file watcher: {e}"),
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return,
                }
                let changed_at = burst.first.unwrap_or_else(Instant::now);
                if burst.due_at(settle).is_none()
                    && let Some((version, at)) = pending_keep
                    && Instant::now() >= at
                {
                    pending_keep = None;
                    keep_version(&dir, &data_dir, version, &policy);
                }
                if !burst.take_if_due(Instant::now(), settle) {
                    continue;
                }
                let started = Instant::now();
                let settings_result = config_changed.then(|| Settings::load(&config));
                config_changed = false;
                if let Some(Ok(s)) = &settings_result {
                    dir = std::path::absolute(&s.content_dir).unwrap_or(s.content_dir.clone());
                    policy = s.approval.clone();
                    data_dir = s.data_dir.clone();
                }
                watching.attach(&dir, &config);
                let loaded = load_approved(&dir, &policy, &mut cache, &mut digests);
                let keep = approved_version(&loaded);
                on_reload(Reloaded {
                    settings: settings_result,
                    content: loaded,
                    content_dir: dir.clone(),
                    changed_at,
                    load_time: started.elapsed(),
                });
                // After the screen has it and the folder is quiet: the copy
                // costs the reload nothing. A version that failed keeps the
                // earlier one pending (it is playing; `keep` copies it only if
                // the folder still holds it).
                if let Some(version) = keep {
                    pending_keep = Some((version, Instant::now() + KEEP_AFTER));
                }
            }
        })
        .map_err(|e| format!("cannot start the watcher thread: {e}"))?;
    Ok(ContentWatcher {
        stop: Some(stop_tx),
        thread: Some(thread),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_due_after_quiet_time_or_at_the_upper_bound() {
        let settle = Settle {
            quiet: Duration::from_millis(30),
            quiet_after_close: Duration::from_millis(5),
            max: Duration::from_millis(100),
        };
        let t0 = Instant::now();
        let mut burst = Burst::default();
        assert!(!burst.take_if_due(t0, settle), "nothing happened yet");
        burst.event(t0);
        assert!(!burst.take_if_due(t0 + Duration::from_millis(20), settle));
        assert!(burst.take_if_due(t0 + Duration::from_millis(30), settle));
        // A steady trickle, one event every 20 ms, still reloads at the bound.
        let mut burst = Burst::default();
        let mut due = None;
        for i in 0..20 {
            let now = t0 + Duration::from_millis(20 * i);
            burst.event(now);
            if burst.take_if_due(now, settle) {
                due = Some(i);
                break;
            }
        }
        assert_eq!(due, Some(5));
    }

    #[test]
    fn a_file_closed_after_writing_ends_the_burst_sooner_unless_another_follows() {
        let settle = Settle::default();
        let ms = Duration::from_millis;
        let t0 = Instant::now();
        // An editor saves in place: modified, then closed.
        let after_close = settle.quiet_after_close;
        assert!(after_close < settle.quiet);
        let mut burst = Burst::default();
        burst.event(t0);
        burst.closed(t0 + ms(1));
        assert!(!burst.take_if_due(
            t0 + ms(1) + after_close - Duration::from_micros(100),
            settle
        ));
        assert!(burst.take_if_due(t0 + ms(1) + after_close, settle));
        // A copy of two files: the second is created right after the first is
        // closed, and the burst waits the whole quiet time again.
        let mut burst = Burst::default();
        burst.closed(t0);
        burst.event(t0 + ms(1));
        assert!(!burst.take_if_due(t0 + ms(10), settle));
        assert!(burst.take_if_due(t0 + ms(22), settle));
    }

    #[test]
    fn ignores_temporary_files_of_editors_and_sync_tools() {
        let dir = Path::new("/srv/content");
        let config = Path::new("/srv/kiosk.ron");
        assert!(relevant(
            Path::new("/srv/content/panels/a.ron"),
            dir,
            dir,
            config
        ));
        assert!(relevant(config, dir, dir, config));
        assert!(relevant(Path::new("/srv/content"), dir, dir, config));
        for tmp in [
            ".a.ron.swp",
            "a.ron~",
            ".#a.ron",
            ".a.ron.Xy12ab",
            ".syncthing.a.ron.tmp",
            "~syncthing~a.ron.tmp",
            ".DS_Store",
            "Thumbs.db",
        ] {
            assert!(
                !relevant(&dir.join("panels").join(tmp), dir, dir, config),
                "{tmp}"
            );
        }
        assert!(!relevant(Path::new("/srv/other.txt"), dir, dir, config));
    }
}
