//! The player's `<data>/health/status.json`, read tolerantly: every field the
//! player may or may not write yet has a default, so an older or newer player
//! never leaves the 现在 page blank.

use serde::Deserialize;

/// What the player says about itself.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct PlayerStatus {
    pub up: bool,
    pub kiosk: String,
    pub version: String,
    pub started: String,
    pub updated: String,
    pub time_zone: String,
    pub content_generation: u64,
    /// The content version on disk (`sha256:…`), from the issue 21 player on.
    pub content_version: Option<String>,
    pub errors: u64,
    pub warnings: u64,
    pub diagnostics: u64,
    pub touch_sessions: u64,
    pub on_screen: Option<OnScreen>,
    pub on_air: OnAir,
    pub last_change: Option<LastChange>,
    pub last_reload: Option<Reload>,
}

/// The item on screen.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct OnScreen {
    pub page: String,
    pub kind: String,
    pub id: String,
    pub title: String,
    pub since: String,
}

/// Campaigns on air and the next change.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct OnAir {
    pub campaigns: Vec<Campaign>,
    pub next_change: Option<String>,
}

/// A campaign on air.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Campaign {
    pub id: String,
    pub title: String,
}

/// The last change that went live (or was refused).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LastChange {
    pub generation: u64,
    pub at: String,
    pub ok: bool,
    pub files: Vec<ChangedFile>,
    pub problems: Vec<Problem>,
}

/// One file of a change.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ChangedFile {
    pub path: String,
    pub change: String,
}

/// One problem the reload found.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Problem {
    pub file: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub severity: String,
    pub message: String,
}

/// The last reload, as older players write it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Reload {
    pub ok: bool,
    pub at: String,
}

impl PlayerStatus {
    /// Reads the status text; `None` when it is not JSON at all.
    pub fn parse(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }
}

/// A time the player wrote, shown on the kiosk's clock as `12月5日 15:20:00`; the
/// text as written when it does not read as a time.
pub fn local(text: &str, tz: &jiff::tz::TimeZone) -> String {
    match text.parse::<jiff::Timestamp>() {
        Ok(t) => t
            .to_zoned_datetime(tz.clone())
            .strftime("%m月%d日 %H:%M:%S")
            .to_string(),
        Err(_) => text.to_owned(),
    }
}

/// Seconds from `text` (a time the player wrote) to now, if it reads.
pub fn age_seconds(text: &str) -> Option<i64> {
    let t = text.parse::<jiff::Timestamp>().ok()?;
    Some(jiff::Timestamp::now().as_second() - t.as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the extended player writes (issue 21's fields).
    pub const NEW_PLAYER: &str = r#"{
  "up": true, "kiosk": "lobby", "version": "0.1.0",
  "started": "2026-12-05T08:00:00+08:00", "updated": "2026-12-05T15:20:00+08:00",
  "time_zone": "Asia/Shanghai", "content_generation": 4,
  "errors": 0, "warnings": 3, "diagnostics": 3,
  "on_screen": {"page": "rotation", "kind": "panel", "id": "handling-60",
                "title": "信访程序：60日内办结", "since": "2026-12-05T15:19:50+08:00"},
  "on_air": {"campaigns": [{"id": "1204", "title": "12·4 国家宪法日"}],
             "next_change": "2026-12-06T00:00:00+08:00"},
  "last_change": {"generation": 4, "at": "2026-12-05T15:00:00+08:00", "ok": true,
                  "files": [{"path": "panels/a.ron", "change": "changed"}],
                  "problems": [{"file": "bureau.ron", "line": 3, "column": null,
                                "severity": "warning", "message": "待填写"}]},
  "a_field_from_the_future": 1
}"#;

    #[test]
    fn reads_the_new_fields() {
        let s = PlayerStatus::parse(NEW_PLAYER).unwrap();
        assert_eq!(s.on_screen.as_ref().unwrap().title, "信访程序：60日内办结");
        assert_eq!(s.on_air.campaigns[0].title, "12·4 国家宪法日");
        assert_eq!((s.errors, s.warnings), (0, 3));
        let change = s.last_change.unwrap();
        assert_eq!(change.files[0].change, "changed");
        assert_eq!(change.problems[0].line, Some(3));
        assert_eq!(change.problems[0].column, None);
    }

    #[test]
    fn reads_an_older_player_with_utc_times() {
        let s = PlayerStatus::parse(
            r#"{"up": true, "started": "2026-12-05T00:00:00Z", "updated": "2026-12-05T07:20:00Z",
                "diagnostics": 2, "last_reload": {"ok": false, "at": "2026-12-05T07:00:00Z"}}"#,
        )
        .unwrap();
        assert!(s.on_screen.is_none());
        assert_eq!(s.diagnostics, 2);
        let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
        assert_eq!(local(&s.updated, &tz), "12月05日 15:20:00");
        assert!(PlayerStatus::parse("not json").is_none());
    }
}
