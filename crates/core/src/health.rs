//! The kiosk's health, written every minute for the bureau's monitoring: a status
//! file (JSON) and a file for node_exporter's textfile collector (Prometheus text
//! format). Both are replaced whole (written aside, then renamed), so a reader
//! never sees half a file. The format is documented in docs/statistics.md.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use jiff::Timestamp;
use serde::Serialize;

/// The status file's name inside the data folder's `health/`.
pub const STATUS_FILE: &str = "status.json";
/// The textfile collector's file name (node_exporter reads `*.prom`).
pub const PROMETHEUS_FILE: &str = "pufa-kiosk.prom";
/// The folder inside the data folder.
pub const HEALTH_DIR: &str = "health";

/// The last content reload: whether it went live, and when.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Reload {
    pub ok: bool,
    pub at: Timestamp,
}

/// One reading of the player's health.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Health {
    /// False in the last reading a player writes as it stops.
    pub up: bool,
    pub kiosk: String,
    pub version: String,
    pub started: Timestamp,
    pub updated: Timestamp,
    /// Content swaps since start (0: the first content, or none yet).
    pub content_generation: u64,
    /// The last reload of the content folder or kiosk.ron, if any since start.
    pub last_reload: Option<Reload>,
    /// Frames drawn since start.
    pub frames_drawn: u64,
    /// Problems with the files on disk now (errors and warnings).
    pub diagnostics: u64,
    /// Touch sessions since start.
    pub touch_sessions: u64,
    /// Resident memory in bytes.
    pub resident_bytes: u64,
    /// Whether the statistics files could be written the last time.
    pub stats_writable: bool,
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
            self.updated.as_second().to_string(),
        );
        metric(
            "content_generation",
            "gauge",
            "Content swaps since the player started.",
            self.content_generation.to_string(),
        );
        let (ok, at) = match self.last_reload {
            Some(r) => (u8::from(r.ok).to_string(), r.at.as_second().to_string()),
            None => ("1".into(), self.started.as_second().to_string()),
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

    fn sample() -> Health {
        Health {
            up: true,
            kiosk: "城关\"1\"".into(),
            version: "0.1.0".into(),
            started: "2026-11-27T00:00:00Z".parse().unwrap(),
            updated: "2026-11-27T01:00:00Z".parse().unwrap(),
            content_generation: 3,
            last_reload: Some(Reload {
                ok: false,
                at: "2026-11-27T00:30:00Z".parse().unwrap(),
            }),
            frames_drawn: 1234,
            diagnostics: 2,
            touch_sessions: 5,
            resident_bytes: 100 << 20,
            stats_writable: true,
        }
    }

    #[test]
    fn prometheus_text_has_help_type_and_a_labelled_sample_per_metric() {
        let text = sample().to_prometheus();
        let samples: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(samples.len(), 10);
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
        assert_eq!(v["last_reload"]["ok"], false);
        assert_eq!(v["last_reload"]["at"], "2026-11-27T00:30:00Z");
        assert_eq!(v["touch_sessions"], 5);
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
