//! What every router shares: where the files are, the accounts, the sessions and
//! the log. A leaf: it imports no sibling module, so the areas never import each
//! other through it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// What a member of staff may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// 编辑: edit the draft, preview it, upload pictures, reorder the playlist.
    Editor,
    /// 管理: all an editor may, and publish, and manage accounts.
    Admin,
    /// 审核 (the legal officer): reads every page and the words changed since the
    /// last approval, previews, and approves a version with their own key; changes
    /// nothing else.
    Reviewer,
}

impl Role {
    /// The role's name as staff read and type it.
    pub fn zh(self) -> &'static str {
        match self {
            Role::Editor => "编辑",
            Role::Admin => "管理",
            Role::Reviewer => "审核",
        }
    }

    /// `编辑`, `管理` or `审核` (or their English names), as typed at set-up.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "编辑" | "editor" | "Editor" => Some(Role::Editor),
            "管理" | "admin" | "Admin" => Some(Role::Admin),
            "审核" | "reviewer" | "Reviewer" => Some(Role::Reviewer),
            _ => None,
        }
    }
}

/// Where the console reads and writes.
#[derive(Debug, Clone)]
pub struct Paths {
    /// `kiosk.ron`, handed to `render` for previews.
    pub config: PathBuf,
    /// The live content folder the player shows.
    pub live: PathBuf,
    /// The player's data folder (health, statistics).
    pub data: PathBuf,
}

impl Paths {
    /// `<data>/console`: accounts, the draft, its base.
    pub fn console(&self) -> PathBuf {
        self.data.join("console")
    }
    /// The draft copy of the content folder staff edit.
    pub fn draft(&self) -> PathBuf {
        self.console().join("draft")
    }
    /// The hashes of the live files when the draft was taken.
    pub fn draft_base(&self) -> PathBuf {
        self.console().join("draft-base.json")
    }
    /// The accounts file.
    pub fn accounts(&self) -> PathBuf {
        self.console().join("accounts.ron")
    }
    /// The player's health folder.
    pub fn health(&self) -> PathBuf {
        self.data.join("health")
    }
    /// The statistics folder, where the console's log is kept too.
    pub fn stats(&self) -> PathBuf {
        self.data.join("stats")
    }
    /// The console's append-only log.
    pub fn log(&self) -> PathBuf {
        self.stats().join("console-log.jsonl")
    }
    /// Old versions of the live folder, kept beside it (the same filesystem, so a
    /// publish moves them with a rename).
    pub fn history(&self) -> PathBuf {
        let name = self
            .live
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "content".into());
        self.live
            .parent()
            .unwrap_or(Path::new("."))
            .join(format!(".{name}.history"))
    }
}

/// How the console draws previews.
#[derive(Debug, Clone)]
pub struct Preview {
    /// The `pufa-kiosk` binary that runs `render` (this one, usually).
    pub program: PathBuf,
    /// The kiosk's screen, in pixels.
    pub size: (u32, u32),
}

/// One signed-in member of staff.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: String,
    pub role: Role,
    /// Sent back with every change (form field or `X-CSRF-Token`).
    pub csrf: String,
    pub expires: Instant,
}

/// How long a session lasts without being used again.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(8 * 3600);
/// Wrong passwords in a row that lock an account.
pub const LOCK_AFTER: u32 = 5;
/// How long a locked account stays locked.
pub const LOCKOUT: Duration = Duration::from_secs(15 * 60);

/// Wrong passwords in a row for one account name, and the lockout they caused.
#[derive(Debug, Clone, Default)]
pub struct Attempts {
    pub failures: u32,
    pub locked_until: Option<Instant>,
}

/// Signed-in sessions and failed logins, in memory: a restart signs everyone out.
#[derive(Debug, Default)]
pub struct Sessions {
    pub by_token: HashMap<String, Session>,
    pub attempts: HashMap<String, Attempts>,
}

/// The console's shared state.
#[derive(Clone)]
pub struct AppState {
    pub paths: Arc<Paths>,
    pub preview: Arc<Preview>,
    /// Cookies get `Secure` when served over TLS.
    pub tls: bool,
    pub sessions: Arc<Mutex<Sessions>>,
    /// One publish (or draft reset) at a time.
    pub publishing: Arc<tokio::sync::Mutex<()>>,
    /// The kiosk's time zone, for every time staff read.
    pub tz: jiff::tz::TimeZone,
    /// What checking the draft learnt about unchanged pictures and laws, so a
    /// page does not decode every picture again.
    pub load_cache: Arc<Mutex<pufa_kiosk_core::folder::LoadCache>>,
    /// Where every kiosk's health folder is synced back (`--fleet`), if set.
    pub fleet: Option<Arc<PathBuf>>,
    /// Which files the content version covers (`kiosk.ron`'s approval policy),
    /// so the version a kiosk reports compares with the live folder's.
    pub cover: pufa_kiosk_core::approval::Cover,
}

impl AppState {
    /// State over `paths`.
    pub fn new(paths: Paths, preview: Preview, tls: bool, tz: jiff::tz::TimeZone) -> Self {
        Self {
            tz,
            paths: Arc::new(paths),
            preview: Arc::new(preview),
            tls,
            sessions: Arc::default(),
            publishing: Arc::default(),
            load_cache: Arc::default(),
            fleet: None,
            cover: pufa_kiosk_core::approval::Cover::default(),
        }
    }

    /// Whose approval `kiosk.ron` asks for (none when it cannot be read: the
    /// player then asks for none either).
    pub fn approval_policy(&self) -> pufa_kiosk_core::approval::Policy {
        pufa_kiosk_core::settings::Settings::load(&self.paths.config)
            .map_or_else(|_| Default::default(), |s| s.approval)
    }

    /// The same state, reading the kiosks' synced health folders under `dir`.
    pub fn with_fleet(mut self, dir: PathBuf) -> Self {
        self.fleet = Some(Arc::new(dir));
        self
    }

    /// The sessions, even if a handler panicked while holding them.
    pub fn sessions(&self) -> MutexGuard<'_, Sessions> {
        self.sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// `bytes` random bytes from the operating system, as hex.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // Without the OS's random source no token can be trusted; an all-zero one
    // would be guessable, so the caller gets a fresh failure instead.
    if getrandom::fill(&mut buf).is_err() {
        return String::new();
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}
