//! The console's log (记录): every action, who, what, when, and the content
//! version before and after, one JSON object a line, appended and never rewritten.
//! Kept in the statistics folder, beside the player's figures.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// One action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// RFC 3339 with the kiosk's offset.
    pub at: String,
    pub user: String,
    /// What was done, in Chinese, as staff read it.
    pub action: String,
    /// The file or item it concerned, if any.
    #[serde(default)]
    pub target: String,
    /// The version (a hash over the files) of the folder acted on, before and after.
    #[serde(default)]
    pub before: String,
    #[serde(default)]
    pub after: String,
}

/// Appends `entry` as one line, synced to disk.
pub fn append(path: &Path, entry: &Entry) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut line = serde_json::to_string(entry).map_err(std::io::Error::other)?;
    line.push('\n');
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    f.write_all(line.as_bytes())?;
    f.sync_data()
}

/// The last `limit` entries, newest first; lines that do not read are skipped.
pub fn recent(path: &Path, limit: usize) -> Vec<Entry> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .rev()
        .filter_map(|l| serde_json::from_str(l).ok())
        .take(limit)
        .collect()
}

/// Now on the kiosk's clock, as RFC 3339 with its offset.
pub fn now_local(tz: &jiff::tz::TimeZone) -> String {
    let zoned = jiff::Timestamp::now().to_zoned_datetime(tz.clone());
    zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_and_reads_newest_first_skipping_torn_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stats/console-log.jsonl");
        let entry = |action: &str| Entry {
            at: "2026-12-05T15:20:00+08:00".into(),
            user: "wang".into(),
            action: action.into(),
            target: String::new(),
            before: "a".into(),
            after: "b".into(),
        };
        append(&path, &entry("一")).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{\"torn\n")
            .unwrap();
        append(&path, &entry("二")).unwrap();
        let got = recent(&path, 10);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].action, "二");
        assert_eq!(got[1].action, "一");
    }

    #[test]
    fn local_time_carries_the_offset() {
        let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
        assert!(now_local(&tz).ends_with("+08:00"));
    }
}
