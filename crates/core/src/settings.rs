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

/// What the screen is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum ScreenMode {
    /// A lobby touchscreen: the rotation, and the touch guide when someone taps.
    #[default]
    Touch,
    /// An electronic board read from 5–20 m (电子宣示屏): only the rotation and the
    /// ticker, laid out large; taps are ignored.
    Board,
}

/// Whether the ticker runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum Show {
    /// On a board, off on a touchscreen: a moving line keeps a computer drawing
    /// frames all day, which a fanless lobby PC pays for in heat, while an outdoor
    /// board is what the line is for.
    #[default]
    Auto,
    On,
    Off,
}

/// The ticker (滚动字幕) along the bottom of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TickerSettings {
    /// Whether the ticker runs at all.
    pub show: Show,
    /// How fast it moves, in characters per second.
    pub characters_per_second: f32,
}

impl Default for TickerSettings {
    fn default() -> Self {
        Self {
            show: Show::Auto,
            characters_per_second: 3.0,
        }
    }
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

impl TickerSettings {
    /// Whether the ticker runs on a screen used as `mode`.
    pub fn runs(&self, mode: ScreenMode) -> bool {
        match self.show {
            Show::On => true,
            Show::Off => false,
            Show::Auto => mode == ScreenMode::Board,
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

/// The rectangle of the window a sending card captures: `(x, y, width, height)`
/// in pixels from the top left. Everything outside it stays black.
pub type Region = (u32, u32, u32, u32);

/// The time zone campaigns are scheduled in when `kiosk.ron` names none.
pub const DEFAULT_TIME_ZONE: &str = "Asia/Shanghai";

fn default_time_zone() -> String {
    DEFAULT_TIME_ZONE.into()
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
    #[serde(default)]
    pub mode: ScreenMode,
    #[serde(default)]
    pub region: Option<Region>,
    #[serde(default)]
    pub ticker: TickerSettings,
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    /// Whether the public is kept in the kiosk (close requests, Esc, right-click
    /// do nothing; the cursor hides). Left out: on for `Fullscreen`, off for
    /// `Windowed`.
    #[serde(default)]
    pub lockdown: Option<bool>,
    #[serde(default)]
    pub staff: StaffFile,
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
    /// Whether a content version needs a legal officer's signed approval to go
    /// live, and whose (issue 23). Left out: not needed.
    #[serde(default)]
    pub approval: ApprovalFile,
    /// Reading aloud (朗读, issue 24): loudness, the lobby's limit, drafts, and
    /// whether the rotation speaks. Left out: only a tap plays, no drafts.
    #[serde(default)]
    pub voice: crate::voice::VoiceSettings,
    /// A folder Syncthing sends back to the office, where the health files (and a
    /// small picture of the screen) are also written. Left out: none.
    #[serde(default)]
    pub fleet: Option<FleetFile>,
}

/// `fleet:` in `kiosk.ron`, as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FleetFile {
    /// The folder shared with the office; this kiosk writes into its own
    /// sub-folder, named after `kiosk_id`.
    pub folder: String,
    /// Minutes between two small pictures of the screen; 0: only when asked.
    #[serde(default = "default_screenshot_minutes")]
    pub screenshot_minutes: u32,
}

fn default_screenshot_minutes() -> u32 {
    5
}

/// Where this kiosk's fleet files go, and how often it pictures its screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Fleet {
    /// `<folder>/<kiosk name>/`.
    pub dir: PathBuf,
    /// 0: only when asked.
    pub screenshot_minutes: u32,
}

/// A kiosk's name as a folder name: letters, digits, `.`, `-` and `_` kept
/// (Chinese too), anything else (a slash, a space) replaced by `_`.
pub fn folder_name(kiosk_id: &str) -> String {
    let name: String = kiosk_id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    match name.as_str() {
        "" | "." | ".." => "kiosk".into(),
        _ => name,
    }
}

/// `approval:` in `kiosk.ron`, as written.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalFile {
    #[serde(default)]
    pub required: bool,
    /// Public keys (`ed25519:…`, as `pufa-kiosk keygen` prints them) whose
    /// approval lets content go live.
    #[serde(default)]
    pub approvers: Vec<String>,
    /// Keys that may sign an urgent notice on its own; empty: the notice is part
    /// of the content and needs the approvers like every other word.
    #[serde(default)]
    pub notice_signers: Vec<String>,
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
    /// Kiosk mode: nothing a visitor does closes or leaves the player.
    pub lockdown: bool,
    pub staff: Staff,
    pub mode: ScreenMode,
    /// The part of the window that is shown, for a sending card that captures it.
    pub region: Option<Region>,
    pub ticker: TickerSettings,
    /// Campaign dates and times are local to this zone.
    pub time_zone: jiff::tz::TimeZone,
    /// Whose approval content needs to go live, if any.
    pub approval: crate::approval::Policy,
    /// How recordings play (朗读).
    pub voice: crate::voice::VoiceSettings,
    /// The folder sent back to the office, if any.
    pub fleet: Option<Fleet>,
}

/// The default zone. The database is bundled (jiff's `tzdb-bundle-always`), so
/// it is always there; UTC is only a guard against a broken build.
fn shanghai() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get(DEFAULT_TIME_ZONE).unwrap_or(jiff::tz::TimeZone::UTC)
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
            mode: ScreenMode::Touch,
            region: None,
            ticker: TickerSettings::default(),
            time_zone: shanghai(),
            lockdown: false,
            staff: Staff::default(),
            data_dir: PathBuf::from("data"),
            kiosk_id: host_name(),
            prometheus_file: None,
            approval: crate::approval::Policy::default(),
            voice: crate::voice::VoiceSettings::default(),
            fleet: None,
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
        // An LED board is measured as the whole wall.
        let largest = if file.mode == ScreenMode::Board {
            1000.0
        } else {
            120.0
        };
        check(
            (7.0..=largest).contains(&file.screen_diagonal_inches),
            "screen_diagonal_inches",
            format!(
                "屏幕对角线 {} 英寸不合理（应为 7–{largest}）",
                file.screen_diagonal_inches
            ),
            format!(
                "screen_diagonal_inches {} is not plausible (7–{largest})",
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
        let speed = file.ticker.characters_per_second;
        check(
            (0.5..=20.0).contains(&speed),
            "ticker",
            format!("滚动字幕速度 {speed} 字/秒超出范围 0.5–20"),
            format!("ticker characters_per_second {speed} is outside 0.5–20"),
            ("常用 2 到 4 字/秒", "2 to 4 characters a second reads well"),
        );
        if let (Some((x, y, w, h)), WindowMode::Windowed { width, height }) =
            (file.region, file.window)
        {
            check(
                w >= 64 && h >= 32 && x.saturating_add(w) <= width && y.saturating_add(h) <= height,
                "region",
                format!("输出区域 ({x}, {y}, {w}, {h}) 不在 {width}×{height} 的窗口内"),
                format!("region ({x}, {y}, {w}, {h}) is not inside the {width}×{height} window"),
                (
                    "填写发送卡截取的矩形：(左, 上, 宽, 高)，单位像素",
                    "give the rectangle the sending card captures: (x, y, width, height) in pixels",
                ),
            );
        } else if let Some((_, _, w, h)) = file.region {
            check(
                w >= 64 && h >= 32 && w <= 16384 && h <= 16384,
                "region",
                format!("输出区域 {w}×{h} 不合理"),
                format!("region {w}×{h} is not plausible"),
                (
                    "填写发送卡截取的矩形：(左, 上, 宽, 高)，单位像素",
                    "give the rectangle the sending card captures: (x, y, width, height) in pixels",
                ),
            );
        }
        let time_zone = jiff::tz::TimeZone::get(&file.time_zone);
        check(
            time_zone.is_ok(),
            "time_zone",
            format!("不认识的时区 “{}”", file.time_zone),
            format!("unknown time zone `{}`", file.time_zone),
            (
                "写 IANA 时区名，如 \"Asia/Shanghai\"",
                "give an IANA time zone name, e.g. \"Asia/Shanghai\"",
            ),
        );
        let v = &file.voice;
        check(
            (0.0..=1.0).contains(&v.volume) && (0.0..=1.0).contains(&v.max_volume),
            "voice",
            format!(
                "朗读音量 {} / 上限 {} 应在 0–1 之间",
                v.volume, v.max_volume
            ),
            format!(
                "voice volume {} and max_volume {} must be within 0–1",
                v.volume, v.max_volume
            ),
            (
                "例如 volume: 0.6, max_volume: 0.8（1 为录音原本的响度）",
                "e.g. volume: 0.6, max_volume: 0.8 (1 is the recording as it is)",
            ),
        );
        let bad_hours: Vec<&String> = v
            .quiet_hours
            .iter()
            .flat_map(|(a, b)| [a, b])
            .filter(|t| crate::voice::minute_of(t).is_none())
            .collect();
        check(
            bad_hours.is_empty(),
            "voice",
            format!("静音时段里的时间写错了：{bad_hours:?}"),
            format!("quiet_hours has times that are not HH:MM: {bad_hours:?}"),
            (
                "写成 [(\"12:00\", \"14:00\")]，24 小时制",
                "write e.g. [(\"12:00\", \"14:00\")], 24-hour clock",
            ),
        );
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
        let mut keys = |list: &[String], field: &str| {
            let mut out = Vec::new();
            for text in list {
                match crate::approval::parse_public_key(text) {
                    Ok(k) => out.push(k),
                    Err((zh, en)) => {
                        let (line, column) = spans.value(field);
                        errors.push(Diagnostic::error(&shown, line, column, zh, en).help(
                            "运行 pufa-kiosk keygen，把它输出的公钥原样填入",
                            "run `pufa-kiosk keygen` and paste the public key it prints",
                        ));
                    }
                }
            }
            out
        };
        let approval = crate::approval::Policy {
            required: file.approval.required,
            approvers: keys(&file.approval.approvers, "approval.approvers"),
            notice_signers: keys(&file.approval.notice_signers, "approval.notice_signers"),
        };
        if approval.required && approval.approvers.is_empty() && errors.is_empty() {
            let (line, column) = spans.field("approval");
            errors.push(
                Diagnostic::error(
                    &shown,
                    line,
                    column,
                    "要求审核，却没有列出审核人的公钥：任何内容都无法上线",
                    "approval is required but no approver's key is listed: no content could go live",
                )
                .help(
                    "在 approvers 中填入法制审核人的公钥，或把 required 改为 false",
                    "list the legal officer's public key in approvers, or set required: false",
                ),
            );
        }
        if let Some(fleet) = &file.fleet
            && fleet.folder.trim().is_empty()
        {
            let (line, column) = spans.value("fleet.folder");
            errors.push(
                Diagnostic::error(
                    &shown,
                    line,
                    column,
                    "fleet 的 folder 是空的",
                    "fleet's folder is empty",
                )
                .help(
                    "填写与办公室同步的文件夹，如 \"/var/lib/pufa-kiosk/fleet\"，或删去 fleet",
                    "give the folder synced with the office, e.g. \"/var/lib/pufa-kiosk/fleet\", or leave fleet out",
                ),
            );
        }
        let (Ok(time_zone), Ok(chord), true) = (time_zone, chord, errors.is_empty()) else {
            return Err(errors);
        };
        let kiosk_id = if file.kiosk_id.trim().is_empty() {
            host_name()
        } else {
            file.kiosk_id.trim().to_owned()
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
            mode: file.mode,
            region: file.region,
            ticker: file.ticker,
            time_zone,
            lockdown: file
                .lockdown
                .unwrap_or(matches!(file.window, WindowMode::Fullscreen { .. })),
            staff: Staff {
                chord,
                pin_hash: file.staff.pin,
            },
            data_dir: base.join(&file.data),
            fleet: file.fleet.map(|f| Fleet {
                dir: base.join(&f.folder).join(folder_name(&kiosk_id)),
                screenshot_minutes: f.screenshot_minutes,
            }),
            kiosk_id,
            prometheus_file: (!file.prometheus_file.is_empty())
                .then(|| base.join(&file.prometheus_file)),
            approval,
            voice: file.voice,
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
    fn the_fleet_folder_is_off_unless_set_and_each_kiosk_writes_in_a_folder_named_after_it() {
        assert_eq!(
            read(SHIPPED).unwrap().fleet,
            None,
            "off in the shipped file"
        );
        let with = SHIPPED.replace(
            "kiosk_id: \"\",",
            "kiosk_id: \"城关 1/大厅\", fleet: Some((folder: \"fleet\", screenshot_minutes: 10)),",
        );
        let fleet = read(&with).unwrap().fleet.unwrap();
        assert!(fleet.dir.ends_with("fleet/城关_1_大厅"), "{:?}", fleet.dir);
        assert_eq!(fleet.screenshot_minutes, 10);
        assert_eq!(folder_name(".."), "kiosk");
        let empty = SHIPPED.replace(
            "kiosk_id: \"\",",
            "kiosk_id: \"\", fleet: Some((folder: \"\")),",
        );
        let errs = read(&empty).unwrap_err();
        assert!(errs[0].en.contains("fleet"), "{errs:?}");
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
