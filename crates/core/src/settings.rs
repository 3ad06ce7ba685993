//! `kiosk.ron`: the player's settings, read once at start and again when the file changes.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::diagnostics::Diagnostic;
use super::pacing::{SECONDS_RANGE, Transition};
use super::ron_file;
use super::spans::Spans;

/// How the kiosk window is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum WindowMode {
    /// Borderless fullscreen on monitor number `monitor` (0 is the primary one).
    Fullscreen { monitor: usize },
    /// A normal window, for trying content out on a desktop.
    Windowed { width: u32, height: u32 },
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
    /// The data folder: statistics, health files, logs.
    #[serde(default = "default_data")]
    pub data: String,
    /// This kiosk's name in statistics and health files; empty: the host name.
    #[serde(default)]
    pub kiosk_id: String,
    /// Where else to write the Prometheus file (node_exporter's textfile
    /// collector folder); empty: only in the data folder.
    #[serde(default)]
    pub prometheus_file: String,
}

fn default_data() -> String {
    "data".into()
}

/// The machine's host name, or "kiosk".
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_owned())
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "kiosk".into())
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
    /// The data folder (statistics, health, logs).
    pub data_dir: PathBuf,
    /// This kiosk's name in statistics and health files.
    pub kiosk_id: String,
    /// A second place for the Prometheus file, if any.
    pub prometheus_file: Option<PathBuf>,
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
            data_dir: PathBuf::from("data"),
            kiosk_id: host_name(),
            prometheus_file: None,
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
        if !errors.is_empty() {
            return Err(errors);
        }
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
            data_dir: base.join(&file.data),
            kiosk_id: if file.kiosk_id.trim().is_empty() {
                host_name()
            } else {
                file.kiosk_id.trim().to_owned()
            },
            prometheus_file: (!file.prometheus_file.is_empty())
                .then(|| base.join(&file.prometheus_file)),
        })
    }
}
