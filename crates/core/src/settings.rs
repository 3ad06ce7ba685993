//! `kiosk.ron`: the player's settings, read once at start and again when the file changes.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::diagnostics::Diagnostic;
use super::pacing::{SECONDS_RANGE, Transition};
use super::ron_file;
use super::spans::Spans;
use super::staff::{self, Chord};

/// How the kiosk window is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum WindowMode {
    /// Borderless fullscreen on monitor number `monitor` (0 is the primary one).
    Fullscreen { monitor: usize },
    /// A normal window, for trying content out on a desktop.
    Windowed { width: u32, height: u32 },
}

/// How staff reach the staff overlay, as written in `kiosk.ron`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StaffFile {
    /// The key chord, e.g. `"Ctrl+Alt+S"`.
    pub chord: String,
    /// The PIN's Argon2 hash from `pufa-kiosk pin`; without one the hidden touch
    /// gesture is off and only the chord opens the overlay.
    pub pin: Option<String>,
}

impl Default for StaffFile {
    fn default() -> Self {
        Self {
            chord: staff::DEFAULT_CHORD.into(),
            pin: None,
        }
    }
}

/// Staff access, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Staff {
    pub chord: Chord,
    /// A valid Argon2 PHC string, never the PIN itself.
    pub pin_hash: Option<String>,
}

impl Default for Staff {
    fn default() -> Self {
        Self {
            chord: Chord {
                ctrl: true,
                alt: true,
                shift: false,
                super_key: false,
                key: "S".into(),
            },
            pin_hash: None,
        }
    }
}

/// The fields of `kiosk.ron`, exactly as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsFile {
    pub content: String,
    pub window: WindowMode,
    pub screen_diagonal_inches: f32,
    pub seconds_per_item: f32,
    pub transition: Transition,
    pub transition_seconds: f32,
    pub language: String,
    pub idle_timeout_seconds: f32,
    /// Whether the public is kept in the kiosk (close requests, Esc, right-click
    /// do nothing; the cursor hides). Left out: on for `Fullscreen`, off for
    /// `Windowed`.
    #[serde(default)]
    pub lockdown: Option<bool>,
    #[serde(default)]
    pub staff: StaffFile,
}

/// Settings with paths resolved against the folder of `kiosk.ron`.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The `kiosk.ron` these came from.
    pub path: PathBuf,
    pub content_dir: PathBuf,
    pub window: WindowMode,
    pub screen_diagonal_inches: f32,
    pub seconds_per_item: f32,
    pub transition: Transition,
    pub transition_seconds: f32,
    pub language: String,
    pub idle_timeout_seconds: f32,
    /// Kiosk mode: nothing a visitor does closes or leaves the player.
    pub lockdown: bool,
    pub staff: Staff,
}

/// Languages the citizen-facing interface is written in.
pub const LANGUAGES: &[&str] = &["zh-CN"];

impl Settings {
    /// Settings for rendering and tests when there is no `kiosk.ron`.
    pub fn defaults(content_dir: PathBuf) -> Self {
        Self {
            path: PathBuf::from("kiosk.ron"),
            content_dir,
            window: WindowMode::Windowed {
                width: 1920,
                height: 1080,
            },
            screen_diagonal_inches: 55.0,
            seconds_per_item: 12.0,
            transition: Transition::Crossfade,
            transition_seconds: 0.8,
            language: "zh-CN".into(),
            idle_timeout_seconds: 90.0,
            lockdown: false,
            staff: Staff::default(),
        }
    }

    /// Reads and checks `kiosk.ron`.
    pub fn load(path: &Path) -> Result<Self, Vec<Diagnostic>> {
        let text = ron_file::read_text(path, path).map_err(|d| vec![d])?;
        Self::from_text(path, &text)
    }

    /// Checks `text`, the contents of the `kiosk.ron` at `path`.
    pub fn from_text(path: &Path, text: &str) -> Result<Self, Vec<Diagnostic>> {
        let shown = path.to_path_buf();
        let file: SettingsFile = ron_file::parse(text, &shown).map_err(|d| vec![d])?;
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let spans = Spans::of(text);
        let mut errors = Vec::new();
        let mut check = |ok: bool, field: &str, zh: String, en: String, help: (&str, &str)| {
            if !ok {
                let (line, column) = spans.field(field);
                errors.push(Diagnostic::error(&shown, line, column, zh, en).help(help.0, help.1));
            }
        };
        let (low, high) = SECONDS_RANGE;
        check(
            (low..=high).contains(&file.seconds_per_item),
            "seconds_per_item",
            format!(
                "每项显示秒数 {} 超出范围 {low}–{high}",
                file.seconds_per_item
            ),
            format!(
                "seconds_per_item {} is outside {low}–{high}",
                file.seconds_per_item
            ),
            ("常用 8 到 20 秒", "8 to 20 seconds suits most panels"),
        );
        check(
            (0.0..=3.0).contains(&file.transition_seconds),
            "transition_seconds",
            format!("过渡秒数 {} 超出范围 0–3", file.transition_seconds),
            format!(
                "transition_seconds {} is outside 0–3",
                file.transition_seconds
            ),
            ("常用 0.6 到 1.0 秒", "0.6 to 1.0 seconds looks calm"),
        );
        check(
            (7.0..=120.0).contains(&file.screen_diagonal_inches),
            "screen_diagonal_inches",
            format!(
                "屏幕对角线 {} 英寸不合理（应为 7–120）",
                file.screen_diagonal_inches
            ),
            format!(
                "screen_diagonal_inches {} is not plausible (7–120)",
                file.screen_diagonal_inches
            ),
            (
                "填写屏幕的实际尺寸，如 55",
                "give the screen's real size, e.g. 55",
            ),
        );
        check(
            (10.0..=3600.0).contains(&file.idle_timeout_seconds),
            "idle_timeout_seconds",
            format!(
                "无操作返回秒数 {} 超出范围 10–3600",
                file.idle_timeout_seconds
            ),
            format!(
                "idle_timeout_seconds {} is outside 10–3600",
                file.idle_timeout_seconds
            ),
            ("默认 90 秒", "the default is 90"),
        );
        check(
            LANGUAGES.contains(&file.language.as_str()),
            "language",
            format!("不支持的语言 “{}”", file.language),
            format!("unsupported language `{}`", file.language),
            (
                "目前只支持 \"zh-CN\"",
                "only \"zh-CN\" is supported for now",
            ),
        );
        if let WindowMode::Windowed { width, height } = file.window {
            check(
                (320..=16384).contains(&width) && (240..=16384).contains(&height),
                "window",
                format!("窗口大小 {width}×{height} 不合理"),
                format!("window size {width}×{height} is not plausible"),
                (
                    "例如 Windowed(width: 1920, height: 1080)",
                    "e.g. Windowed(width: 1920, height: 1080)",
                ),
            );
        }
        let chord = Chord::parse(&file.staff.chord);
        if let Err((zh, en)) = &chord {
            let (line, column) = spans.value("staff.chord");
            errors.push(
                Diagnostic::error(&shown, line, column, zh.clone(), en.clone())
                    .help("例如 \"Ctrl+Alt+S\"", "e.g. \"Ctrl+Alt+S\""),
            );
        }
        if let Some(Err((zh, en))) = file.staff.pin.as_deref().map(staff::check_hash) {
            let (line, column) = spans.value("staff.pin");
            errors.push(
                Diagnostic::error(&shown, line, column, zh, en).help(
                    "在终端运行 pufa-kiosk pin，把输出的一行填入 pin: Some(\"…\")；切勿填写 PIN 本身",
                    "run `pufa-kiosk pin` and paste its line into pin: Some(\"…\"); never the PIN itself",
                ),
            );
        }
        let (Ok(chord), true) = (chord, errors.is_empty()) else {
            return Err(errors);
        };
        Ok(Self {
            path: path.to_path_buf(),
            content_dir: base.join(&file.content),
            window: file.window,
            screen_diagonal_inches: file.screen_diagonal_inches,
            seconds_per_item: file.seconds_per_item,
            transition: file.transition,
            transition_seconds: file.transition_seconds,
            language: file.language,
            idle_timeout_seconds: file.idle_timeout_seconds,
            lockdown: file
                .lockdown
                .unwrap_or(matches!(file.window, WindowMode::Fullscreen { .. })),
            staff: Staff {
                chord,
                pin_hash: file.staff.pin,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../../kiosk.ron");

    fn read(text: &str) -> Result<Settings, Vec<Diagnostic>> {
        Settings::from_text(Path::new("kiosk.ron"), text)
    }

    #[test]
    fn a_file_without_the_new_fields_locks_a_fullscreen_kiosk_down() {
        let old = "(content: \"content\", window: Fullscreen(monitor: 0), screen_diagonal_inches: 55.0, \
                   seconds_per_item: 12.0, transition: Cut, transition_seconds: 0.8, language: \"zh-CN\", \
                   idle_timeout_seconds: 90.0)";
        let s = read(old).unwrap();
        assert!(s.lockdown);
        assert_eq!(s.staff, Staff::default());
        assert_eq!(s.staff.chord.to_string(), staff::DEFAULT_CHORD);
        let windowed = read(&old.replace(
            "Fullscreen(monitor: 0)",
            "Windowed(width: 800, height: 600)",
        ))
        .unwrap();
        assert!(!windowed.lockdown, "a preview window keeps Esc-to-quit");
        let forced = read(&old.replace("90.0)", "90.0, lockdown: Some(false))")).unwrap();
        assert!(!forced.lockdown);
    }

    #[test]
    fn the_shipped_file_reads_with_staff_access() {
        let s = read(SHIPPED).unwrap();
        assert!(s.lockdown);
        assert_eq!(s.staff.chord.to_string(), "Ctrl+Alt+S");
    }

    #[test]
    fn a_bad_chord_or_a_clear_pin_is_pointed_at() {
        let text = SHIPPED.replace("chord: \"Ctrl+Alt+S\"", "chord: \"Ctrl+Enter\"");
        let errors = read(&text).unwrap_err();
        let line = text.lines().position(|l| l.contains("Ctrl+Enter")).unwrap() + 1;
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, line);
        assert!(errors[0].en.contains("`ENTER`"), "{errors:?}");

        let text = SHIPPED.replace("pin: None", "pin: Some(\"2468\")");
        let errors = read(&text).unwrap_err();
        let line = text
            .lines()
            .position(|l| l.contains("Some(\"2468\")"))
            .unwrap()
            + 1;
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, line);
        assert!(errors[0].en.contains("pufa-kiosk pin"), "{errors:?}");

        let hash = staff::hash_pin("2468").unwrap();
        let s = read(&SHIPPED.replace("pin: None", &format!("pin: Some(\"{hash}\")"))).unwrap();
        assert_eq!(s.staff.pin_hash.as_deref(), Some(hash.as_str()));
    }
}
