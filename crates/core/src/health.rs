//! The kiosk's health, written every minute for the bureau's monitoring: a status
//! file (JSON) and a file for node_exporter's textfile collector (Prometheus text
//! format). Both are replaced whole (written aside, then renamed), so a reader
//! never sees half a file. The format is documented in docs/statistics.md.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use crate::approval;
use crate::diagnostics::Diagnostic;

use jiff::ZonedDateTime;
use serde::Serialize;

/// The status file's name inside the data folder's `health/`.
pub const STATUS_FILE: &str = "status.json";
/// The textfile collector's file name (node_exporter reads `*.prom`).
pub const PROMETHEUS_FILE: &str = "pufa-kiosk.prom";
/// The folder inside the data folder.
pub const HEALTH_DIR: &str = "health";

/// The last content reload: whether it went live, and when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reload {
    pub ok: bool,
    #[serde(serialize_with = "local_time")]
    pub at: ZonedDateTime,
}

/// What the screen shows now: the rotation's item, or a page of the touch guide.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OnScreen {
    /// `rotation`, or the guide's page (`home`, `roadmap`, `comic`, …).
    pub page: String,
    /// The item's kind (`panel`, `comic`, `bureau`), or `page`.
    pub kind: String,
    pub id: String,
    /// What staff call it: the panel's or the comic scene's title, the page's name.
    pub title: String,
    #[serde(serialize_with = "local_time")]
    pub since: ZonedDateTime,
}

/// A campaign on air, by its name and its title.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    pub id: String,
    pub title: String,
}

/// What is on air: the campaigns running (none: the playlist), and when that
/// next changes.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct OnAirNote {
    pub campaigns: Vec<Named>,
    #[serde(serialize_with = "local_time_opt")]
    pub next_change: Option<ZonedDateTime>,
}

/// How a file differs from the version before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileChangeKind {
    Added,
    Changed,
    Removed,
}

/// One file of a change, relative to the content folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileChange {
    pub path: String,
    pub change: FileChangeKind,
}

/// One problem the last reload found, as `check` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProblemNote {
    pub file: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// `error` or `warning`.
    pub severity: &'static str,
    pub message: String,
}

/// The last change of the content folder the player followed: which files
/// changed, whether it went live, and what was wrong with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The content generation after it (unchanged when it was refused).
    pub generation: u64,
    #[serde(serialize_with = "local_time")]
    pub at: ZonedDateTime,
    pub ok: bool,
    pub files: Vec<FileChange>,
    pub problems: Vec<ProblemNote>,
}

/// One reading of the player's health. Times are the kiosk's local time with its
/// offset (RFC 3339, e.g. `2026-12-05T15:20:00+08:00`), as the statistics are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Health {
    /// False in the last reading a player writes as it stops.
    pub up: bool,
    pub kiosk: String,
    pub version: String,
    /// The kiosk's time zone (an IANA name), which every time here is in.
    pub time_zone: String,
    #[serde(serialize_with = "local_time")]
    pub started: ZonedDateTime,
    #[serde(serialize_with = "local_time")]
    pub updated: ZonedDateTime,
    /// Seconds since the player started (`updated` − `started`), for the office's
    /// fleet table.
    pub uptime_seconds: u64,
    /// Free space on the data folder's disk, in bytes; none when it cannot be read.
    pub free_bytes: Option<u64>,
    /// Content swaps since start (0: the first content, or none yet).
    pub content_generation: u64,
    /// The content version on disk (`sha256:…`, as `pufa-kiosk version` prints
    /// it), worked out at start and after each change.
    pub content_version: Option<String>,
    /// The last reload of the content folder or kiosk.ron, if any since start.
    pub last_reload: Option<Reload>,
    /// Frames drawn since start.
    pub frames_drawn: u64,
    /// Problems with the files on disk now: errors and warnings together.
    pub diagnostics: u64,
    /// Of those, the errors (a file that is refused) …
    pub errors: u64,
    /// … and the warnings (the content plays).
    pub warnings: u64,
    /// Touch sessions since start.
    pub touch_sessions: u64,
    /// Resident memory in bytes.
    pub resident_bytes: u64,
    /// Whether the statistics files could be written the last time.
    pub stats_writable: bool,
    /// What the screen shows now (rewritten as soon as it changes).
    pub on_screen: Option<OnScreen>,
    /// What is on air, and when it next changes.
    pub on_air: OnAirNote,
    /// The last change of the content folder since start: files, outcome, problems.
    pub last_change: Option<Change>,
}

impl ProblemNote {
    /// A problem as `check` reports it: where, how bad, what is wrong and what to do.
    pub fn of(d: &Diagnostic) -> Self {
        let mut message = format!("{} / {}", d.zh, d.en);
        if let Some((zh, en)) = &d.help {
            message.push_str(&format!("（{zh} / {en}）"));
        }
        Self {
            file: d.file.to_string_lossy().replace('\\', "/"),
            line: (d.line > 0).then(|| u32::try_from(d.line).unwrap_or(u32::MAX)),
            column: (d.column > 0).then(|| u32::try_from(d.column).unwrap_or(u32::MAX)),
            severity: if d.is_error() { "error" } else { "warning" },
            message,
        }
    }
}

/// Every file of a content folder by its path (with `/`), with its size and
/// checksum, to tell which files a change touched.
pub type Digests = BTreeMap<String, (u64, String)>;

/// The digests of the folder at `root` as it is now (empty if it cannot be read),
/// hashing again only the files changed since `cache` saw them: after a reload
/// the statistics thread reads one changed file, not the whole folder, while the
/// frame that shows the change is drawn.
pub fn digests(root: &Path, cache: &mut approval::Digests) -> Digests {
    cache
        .each_file(root)
        .into_iter()
        .map(|(path, len, digest)| (path, (len, approval::hex(&digest))))
        .collect()
}

/// Which files differ between two versions of a folder, by path.
pub fn file_changes(before: &Digests, after: &Digests) -> Vec<FileChange> {
    let mut out = Vec::new();
    for (path, digest) in after {
        match before.get(path) {
            None => out.push(FileChange {
                path: path.clone(),
                change: FileChangeKind::Added,
            }),
            Some(old) if old != digest => out.push(FileChange {
                path: path.clone(),
                change: FileChangeKind::Changed,
            }),
            Some(_) => {}
        }
    }
    out.extend(
        before
            .keys()
            .filter(|p| !after.contains_key(*p))
            .map(|p| FileChange {
                path: p.clone(),
                change: FileChangeKind::Removed,
            }),
    );
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// `2026-12-05T15:20:00+08:00`: the time where the kiosk is, with its offset.
pub fn local_text(at: &ZonedDateTime) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn local_time<S: serde::Serializer>(at: &ZonedDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&local_text(at))
}

fn local_time_opt<S: serde::Serializer>(
    at: &Option<ZonedDateTime>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => s.serialize_str(&local_text(at)),
        None => s.serialize_none(),
    }
}

impl Health {
    /// The status file's text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The textfile collector's text: every metric with HELP and TYPE, labelled
    /// with the kiosk id so many kiosks can share one Prometheus.
    pub fn to_prometheus(&self) -> String {
        let kiosk = escape_label(&self.kiosk);
        let mut out = String::new();
        let mut metric = |name: &str, kind: &str, help: &str, value: String| {
            let _ = writeln!(out, "# HELP pufa_kiosk_{name} {help}");
            let _ = writeln!(out, "# TYPE pufa_kiosk_{name} {kind}");
            let _ = writeln!(out, "pufa_kiosk_{name}{{kiosk=\"{kiosk}\"}} {value}");
        };
        metric(
            "up",
            "gauge",
            "1 while the player runs, 0 once it has stopped.",
            u8::from(self.up).to_string(),
        );
        metric(
            "health_updated_timestamp_seconds",
            "gauge",
            "When this file was written (Unix time); stale means the player stopped.",
            self.updated.timestamp().as_second().to_string(),
        );
        metric(
            "uptime_seconds",
            "gauge",
            "Seconds since the player started.",
            self.uptime_seconds.to_string(),
        );
        if let Some(free) = self.free_bytes {
            metric(
                "data_free_bytes",
                "gauge",
                "Free space on the data folder's disk, in bytes.",
                free.to_string(),
            );
        }
        metric(
            "content_generation",
            "gauge",
            "Content swaps since the player started.",
            self.content_generation.to_string(),
        );
        let (ok, at) = match &self.last_reload {
            Some(r) => (
                u8::from(r.ok).to_string(),
                r.at.timestamp().as_second().to_string(),
            ),
            None => ("1".into(), self.started.timestamp().as_second().to_string()),
        };
        metric(
            "last_reload_ok",
            "gauge",
            "1 if the last reload went live, 0 if it was refused.",
            ok,
        );
        metric(
            "last_reload_timestamp_seconds",
            "gauge",
            "When the last reload happened (Unix time; the start if none since).",
            at,
        );
        metric(
            "frames_drawn_total",
            "counter",
            "Frames drawn since the player started.",
            self.frames_drawn.to_string(),
        );
        metric(
            "diagnostics",
            "gauge",
            "Problems reported in the files on disk now.",
            self.diagnostics.to_string(),
        );
        metric(
            "errors",
            "gauge",
            "Errors in the files on disk now: what they name is refused.",
            self.errors.to_string(),
        );
        metric(
            "warnings",
            "gauge",
            "Warnings in the files on disk now: the content still plays.",
            self.warnings.to_string(),
        );
        metric(
            "touch_sessions_total",
            "counter",
            "Touch sessions since the player started.",
            self.touch_sessions.to_string(),
        );
        metric(
            "resident_memory_bytes",
            "gauge",
            "Resident memory of the player.",
            self.resident_bytes.to_string(),
        );
        metric(
            "stats_writable",
            "gauge",
            "1 if the statistics files could be written the last time.",
            u8::from(self.stats_writable).to_string(),
        );
        out
    }
}

fn escape_label(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Replaces `path` with `text`: written to a file beside it, then renamed over it.
pub fn write_atomically(path: &Path, text: &str) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A leading dot: node_exporter reads only `*.prom`, and hides nothing else.
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(text.as_bytes())?;
    f.sync_data()?;
    drop(f);
    std::fs::rename(&tmp, path)
}

/// Resident memory of this process in bytes (`VmRSS` in /proc/self/status).
pub fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Open file descriptors of this process.
pub fn open_fds() -> Option<usize> {
    Some(std::fs::read_dir("/proc/self/fd").ok()?.count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> ZonedDateTime {
        s.parse::<jiff::Timestamp>()
            .unwrap()
            .in_tz("Asia/Shanghai")
            .unwrap()
    }

    fn sample() -> Health {
        Health {
            up: true,
            kiosk: "城关\"1\"".into(),
            version: "0.1.0".into(),
            time_zone: "Asia/Shanghai".into(),
            started: at("2026-11-27T00:00:00Z"),
            updated: at("2026-11-27T01:00:00Z"),
            uptime_seconds: 3600,
            free_bytes: Some(20 << 30),
            content_generation: 3,
            content_version: Some("sha256:ab".into()),
            last_reload: Some(Reload {
                ok: false,
                at: at("2026-11-27T00:30:00Z"),
            }),
            frames_drawn: 1234,
            diagnostics: 5,
            errors: 2,
            warnings: 3,
            touch_sessions: 5,
            resident_bytes: 100 << 20,
            stats_writable: true,
            on_screen: Some(OnScreen {
                page: "rotation".into(),
                kind: "panel".into(),
                id: "xinfang-shixiang".into(),
                title: "哪些事项可以信访".into(),
                since: at("2026-11-27T00:59:50Z"),
            }),
            on_air: OnAirNote {
                campaigns: vec![Named {
                    id: "1204".into(),
                    title: "12·4 国家宪法日".into(),
                }],
                next_change: Some(at("2026-11-27T16:00:00Z")),
            },
            last_change: Some(Change {
                generation: 3,
                at: at("2026-11-27T00:30:00Z"),
                ok: false,
                files: vec![FileChange {
                    path: "panels/a.ron".into(),
                    change: FileChangeKind::Changed,
                }],
                problems: vec![ProblemNote {
                    file: "panels/a.ron".into(),
                    line: Some(3),
                    column: Some(5),
                    severity: "error",
                    message: "x".into(),
                }],
            }),
        }
    }

    #[test]
    fn prometheus_text_has_help_type_and_a_labelled_sample_per_metric() {
        let text = sample().to_prometheus();
        let samples: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        // Twelve, the uptime and the free space.
        assert_eq!(samples.len(), 14);
        for s in &samples {
            let (name_labels, value) = s.rsplit_once(' ').unwrap();
            assert!(value.parse::<f64>().is_ok(), "{s}");
            let name = name_labels.split('{').next().unwrap();
            assert!(text.contains(&format!("# TYPE {name} ")), "{name}");
            assert!(text.contains(&format!("# HELP {name} ")), "{name}");
            assert!(name_labels.ends_with(r#"{kiosk="城关\"1\""}"#), "{s}");
        }
        assert!(text.contains("pufa_kiosk_last_reload_ok{kiosk=\"城关\\\"1\\\"\"} 0\n"));
        assert!(text.contains("frames_drawn_total{kiosk=\"城关\\\"1\\\"\"} 1234\n"));
        assert!(text.contains("# TYPE pufa_kiosk_frames_drawn_total counter\n"));
        assert!(text.contains("resident_memory_bytes{kiosk=\"城关\\\"1\\\"\"} 104857600\n"));
    }

    #[test]
    fn status_json_reads_back() {
        let v: serde_json::Value = serde_json::from_str(&sample().to_json()).unwrap();
        assert_eq!(v["kiosk"], "城关\"1\"");
        assert_eq!(v["content_generation"], 3);
        assert_eq!(v["uptime_seconds"], 3600);
        assert_eq!(v["free_bytes"], 20u64 << 30);
        assert_eq!(v["last_reload"]["ok"], false);
        // The kiosk's own time, with its offset, as the statistics give it.
        assert_eq!(v["last_reload"]["at"], "2026-11-27T08:30:00+08:00");
        assert_eq!(v["started"], "2026-11-27T08:00:00+08:00");
        assert_eq!(v["time_zone"], "Asia/Shanghai");
        assert_eq!(v["touch_sessions"], 5);
        // Errors and warnings counted apart.
        assert_eq!(
            (v["errors"].clone(), v["warnings"].clone()),
            (2.into(), 3.into())
        );
        assert_eq!(v["on_screen"]["title"], "哪些事项可以信访");
        assert_eq!(v["on_screen"]["since"], "2026-11-27T08:59:50+08:00");
        assert_eq!(v["on_air"]["campaigns"][0]["title"], "12·4 国家宪法日");
        assert_eq!(v["on_air"]["next_change"], "2026-11-28T00:00:00+08:00");
        assert_eq!(v["last_change"]["files"][0]["change"], "changed");
        assert_eq!(v["last_change"]["problems"][0]["line"], 3);
        assert_eq!(v["last_change"]["problems"][0]["severity"], "error");
    }

    /// The statistics thread looks at the whole folder after every reload, beside
    /// the frame that shows it: with its cache it reads only what changed, and the
    /// version it reports from the same cache reads nothing more.
    #[test]
    fn after_a_reload_only_the_changed_file_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("panels")).unwrap();
        for name in ["panels/a.ron", "panels/b.ron", "ticker.ron"] {
            std::fs::write(dir.path().join(name), name).unwrap();
        }
        // Files younger than the stamp rule's settling time are read every time.
        std::thread::sleep(std::time::Duration::from_millis(300));
        let mut cache = approval::Digests::default();
        let before = digests(dir.path(), &mut cache);
        assert_eq!(cache.files_read(), 3);
        let version = cache
            .version_of(dir.path(), approval::Cover::Whole)
            .unwrap();
        assert_eq!(cache.files_read(), 3, "the version is made from the cache");
        std::fs::write(dir.path().join("panels/b.ron"), "changed").unwrap();
        let after = digests(dir.path(), &mut cache);
        assert_eq!(cache.files_read(), 4, "only the changed file is read");
        let changes: Vec<String> = file_changes(&before, &after)
            .into_iter()
            .map(|c| c.path)
            .collect();
        assert_eq!(changes, ["panels/b.ron"]);
        assert_ne!(
            cache
                .version_of(dir.path(), approval::Cover::Whole)
                .unwrap(),
            version
        );
    }

    #[test]
    fn a_change_names_the_files_added_changed_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("panels")).unwrap();
        std::fs::write(dir.path().join("panels/a.ron"), "a").unwrap();
        std::fs::write(dir.path().join("panels/b.ron"), "b").unwrap();
        std::fs::write(dir.path().join("ticker.ron"), "t").unwrap();
        // One cache for both looks, as the statistics thread keeps: a change
        // straight after the first look is still seen.
        let mut cache = approval::Digests::default();
        let before = digests(dir.path(), &mut cache);
        assert_eq!(before.len(), 3);
        std::fs::write(dir.path().join("panels/a.ron"), "a2").unwrap();
        std::fs::remove_file(dir.path().join("panels/b.ron")).unwrap();
        std::fs::write(dir.path().join("panels/c.ron"), "c").unwrap();
        // Same size, other bytes: still a change.
        std::fs::write(dir.path().join("ticker.ron"), "u").unwrap();
        let after = digests(dir.path(), &mut cache);
        let changes: Vec<(String, FileChangeKind)> = file_changes(&before, &after)
            .into_iter()
            .map(|c| (c.path, c.change))
            .collect();
        assert_eq!(
            changes,
            [
                ("panels/a.ron".into(), FileChangeKind::Changed),
                ("panels/b.ron".into(), FileChangeKind::Removed),
                ("panels/c.ron".into(), FileChangeKind::Added),
                ("ticker.ron".into(), FileChangeKind::Changed),
            ]
        );
        assert!(file_changes(&after, &after).is_empty());
        let d = Diagnostic::error("panels/a.ron", 4, 2, "太长", "too long").help("删短", "shorten");
        let note = ProblemNote::of(&d);
        assert_eq!(
            (note.line, note.column, note.severity),
            (Some(4), Some(2), "error")
        );
        assert_eq!(note.message, "太长 / too long（删短 / shorten）");
        let whole = ProblemNote::of(&Diagnostic::error("x.ron", 0, 0, "a", "b").warning());
        assert_eq!(
            (whole.line, whole.column, whole.severity),
            (None, None, "warning")
        );
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("health/x.prom");
        write_atomically(&p, "a").unwrap();
        write_atomically(&p, "b").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "b");
        assert_eq!(std::fs::read_dir(p.parent().unwrap()).unwrap().count(), 1);
        assert!(resident_bytes().unwrap() > 0);
        assert!(open_fds().unwrap() > 0);
    }
}
