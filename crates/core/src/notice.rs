//! The urgent notice (紧急通知, issue 22): `notice.ron` in the content folder, a
//! short text shown on every screen from its start until its end — reception
//! closing early, a visit point moved, severe weather. It is content like any
//! other: checked (length, citations if it quotes the law), on the proof sheet,
//! approved with the rest. It ends by itself at its end time.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use serde::Deserialize;

use super::citation::{self, Citation};
use super::diagnostics::Diagnostic;
use super::folder::{Folder, Parsed};
use super::law::Cite;
use super::law_library::LawLibrary;
use super::layout::{GLYPH_INK_PER_EM, MIN_BODY_GLYPH_MM, Metrics, text_width_em, wrap};
use super::pages::{BoardLayout, LINE_HEIGHT, Rect, SlideFrame, lines_fitting};
use super::settings::ScreenMode;

/// The file's name in the content folder.
pub const FILE_NAME: &str = "notice.ron";

/// Longest text, in characters: it must read at once on a banner and as a
/// single ticker line on a small board.
pub const MAX_CHARS: usize = 80;

/// Which screens show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum Screens {
    /// Touchscreens and boards.
    #[default]
    All,
    /// Outdoor boards only.
    Boards,
    /// Lobby touchscreens only.
    Touchscreens,
}

/// The file in the data folder that keeps the latest time the kiosk has seen,
/// so a clock set back after a restart does not bring an ended notice back.
pub const LATEST_FILE: &str = "notice-clock";

/// The word on the banner's badge and the whole-screen notice's heading.
pub const HEADING: &str = "紧急通知";

/// Seconds the rotation gives the notice between two items.
pub const SLIDE_SECONDS: f32 = 8.0;

/// How a screen shows a notice that is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A touchscreen: a band along the bottom of whatever page is open (the pages
    /// are laid out above it, so it covers nothing), and a whole slide of the
    /// rotation between two items.
    Banner,
    /// A board with room for slides: the whole screen, until it ends.
    WholeScreen,
    /// A board too small for slides: the first words of its ticker.
    Ticker,
}

/// The form for a screen of `mode` whose slides are laid out as `board` says.
pub fn form(mode: ScreenMode, board: BoardLayout) -> Form {
    match (mode, board) {
        (ScreenMode::Touch, _) => Form::Banner,
        (ScreenMode::Board, BoardLayout::Slides) => Form::WholeScreen,
        (ScreenMode::Board, BoardLayout::TickerOnly) => Form::Ticker,
    }
}

/// The banner, laid out for a screen of metrics `m` (the whole drawing area's):
/// its height, the badge's width, the words' type size and lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Banner {
    pub height: f32,
    pub pad: f32,
    /// The badge (紧急通知) at the left, as wide as it needs.
    pub badge: f32,
    /// The words' type size: the body's, smaller only to keep within
    /// [`BANNER_SHARE`] of the screen, and never below what reads from where the
    /// page is read ([`MIN_BODY_GLYPH_MM`] at
    /// [`READING_DISTANCE_MM`](crate::layout::READING_DISTANCE_MM)).
    pub size: f32,
    pub lines: Vec<String>,
}

/// The most of the screen's height the banner takes, so the page above it keeps
/// room for its buttons (a low screen with 大字 on would otherwise lose most of it).
pub const BANNER_SHARE: f32 = 0.25;

/// The banner for `shown` on a screen of metrics `m`.
pub fn banner(shown: &str, m: &Metrics) -> Banner {
    let readable = (MIN_BODY_GLYPH_MM / GLYPH_INK_PER_EM * m.px_per_mm).ceil();
    let floor = readable.min(m.body);
    let most = (m.height * BANNER_SHARE).floor();
    let at = |size: f32| {
        let pad = (size * 0.4).round();
        let badge = (text_width_em(HEADING) * size + 2.0 * pad).ceil();
        let room = (m.width - 2.0 * m.margin - badge - 2.0 * pad).max(size * 4.0);
        let lines = wrap(shown, room / size);
        let height = (lines.len().max(1) as f32 * size * LINE_HEIGHT + 2.0 * pad).ceil();
        Banner {
            height,
            pad,
            badge,
            size,
            lines,
        }
    };
    let mut size = m.body;
    loop {
        let b = at(size);
        if b.height <= most || size <= floor {
            return b;
        }
        size = (size * 0.9).floor().max(floor);
    }
}

/// The notice as a whole screen (a board, or a slide of the rotation): its
/// heading in the slide's header band, the words in the main area at the
/// largest size from the body up to twice it that fits, smaller only if even the
/// body size does not (never below the small type).
#[derive(Debug, Clone, PartialEq)]
pub struct WholePage {
    pub frame: SlideFrame,
    pub size: f32,
    pub lines: Vec<String>,
}

/// Lays out `shown` on a whole screen of metrics `m`.
pub fn whole_page(shown: &str, m: &Metrics) -> WholePage {
    let frame = SlideFrame::new(m);
    let area: Rect = frame.main;
    let fits = |s: f32| {
        let lines = wrap(shown, area.w / s);
        (lines.len() <= lines_fitting(area.h, s)).then_some(lines)
    };
    let mut size = (m.body * 2.0).round();
    while size > m.small {
        if let Some(lines) = fits(size) {
            return WholePage { frame, size, lines };
        }
        size = (size * 0.9).floor();
    }
    let size = m.small;
    WholePage {
        frame,
        size,
        lines: wrap(shown, area.w / size),
    }
}

/// Reads the latest time kept in `path`; none when missing or unreadable (a
/// fresh kiosk).
pub fn read_latest(path: &std::path::Path) -> Option<Timestamp> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// Keeps `at` in `path`, replacing the file whole.
pub fn write_latest(path: &std::path::Path, at: Timestamp) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    super::health::write_atomically(path, &format!("{at}\n"))
}

/// `notice.ron` as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeFile {
    pub text: String,
    /// When it starts, on the kiosk's clock (`"2026-12-05 14:00"`); left out: now.
    #[serde(default)]
    pub from: Option<String>,
    /// When it ends, on the kiosk's clock. Required: a notice never stays up by
    /// being forgotten.
    pub until: String,
    #[serde(default)]
    pub screens: Screens,
    /// Articles the words rest on, when it states the law.
    #[serde(default)]
    pub cites: Vec<Cite>,
    /// Who says it, when it states no law; the bureau when left out.
    #[serde(default)]
    pub source: Option<String>,
}

/// A notice ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub from: Option<DateTime>,
    pub until: DateTime,
    pub screens: Screens,
    pub citations: Vec<Citation>,
    /// What the screen writes: the words with their citation or source after them.
    pub shown: String,
}

/// Reads `"2026-12-05 14:00"` (or with a `T`, or with seconds).
pub fn parse_time(text: &str) -> Option<DateTime> {
    let text = text.trim().replacen(' ', "T", 1);
    text.parse::<DateTime>().ok()
}

impl Notice {
    /// When it ends, on the clock of `tz`.
    pub fn ends(&self, tz: &TimeZone) -> Option<Timestamp> {
        tz.to_timestamp(self.until).ok()
    }

    /// When it starts, if later than its arrival.
    pub fn starts(&self, tz: &TimeZone) -> Option<Timestamp> {
        self.from.and_then(|f| tz.to_timestamp(f).ok())
    }

    /// Whether a screen of `mode` shows it at `now`. `latest` is the latest time
    /// the kiosk has seen (a clock set back never brings an ended notice back).
    pub fn showing(
        &self,
        now: Timestamp,
        latest: Timestamp,
        tz: &TimeZone,
        mode: ScreenMode,
    ) -> bool {
        let for_me = match (self.screens, mode) {
            (Screens::All, _) => true,
            (Screens::Boards, m) => m == ScreenMode::Board,
            (Screens::Touchscreens, m) => m == ScreenMode::Touch,
        };
        let started = self.starts(tz).is_none_or(|s| now >= s);
        let ended = self.ends(tz).is_none_or(|e| now >= e || latest >= e);
        for_me && started && !ended
    }

    /// The next moment its showing changes (its start or its end), if any is after `now`.
    pub fn next_change(&self, now: Timestamp, tz: &TimeZone) -> Option<Timestamp> {
        [self.starts(tz), self.ends(tz)]
            .into_iter()
            .flatten()
            .filter(|t| *t > now)
            .min()
    }
}

/// The folder's `notice.ron`, if it has one. A notice that breaks a rule is
/// reported and keeps the folder from going live, like any other file.
pub(crate) fn load(folder: &mut Folder, laws: &LawLibrary) -> Option<Notice> {
    let Parsed {
        value: file,
        spans,
        shown,
    } = folder.read_if_present::<NoticeFile>(FILE_NAME)?;
    let mut ok = true;
    let mut error =
        |field: &str, zh: String, en: String, help: (&str, &str), folder: &mut Folder| {
            let (l, c) = spans.value(field);
            folder.push(Diagnostic::error(&shown, l, c, zh, en).help(help.0, help.1));
            ok = false;
        };
    let text = file.text.trim().to_owned();
    let chars = text.chars().count();
    if text.is_empty() || text.contains('\n') {
        error(
            "text",
            "紧急通知是空的，或含有换行".into(),
            "the urgent notice is empty or has a line break".into(),
            (
                "写一句话，不要换行",
                "write one sentence, without line breaks",
            ),
            folder,
        );
    } else if chars > MAX_CHARS {
        error(
            "text",
            format!("紧急通知有 {chars} 个字，最多 {MAX_CHARS} 个"),
            format!("the urgent notice has {chars} characters; at most {MAX_CHARS}"),
            (
                "只写最要紧的一句：什么事、什么时候、去哪里",
                "keep the one thing that matters: what, when, where",
            ),
            folder,
        );
    }
    let until = parse_time(&file.until);
    if until.is_none() {
        error(
            "until",
            format!("结束时间 “{}” 看不懂", file.until),
            format!("the end time `{}` cannot be read", file.until),
            (
                "写成 \"2026-12-05 18:00\"",
                "write it as \"2026-12-05 18:00\"",
            ),
            folder,
        );
    }
    let from = match &file.from {
        None => None,
        Some(text) => {
            let parsed = parse_time(text);
            if parsed.is_none() {
                error(
                    "from",
                    format!("开始时间 “{text}” 看不懂"),
                    format!("the start time `{text}` cannot be read"),
                    (
                        "写成 \"2026-12-05 14:00\"，或删去 from 表示立即开始",
                        "write it as \"2026-12-05 14:00\", or leave from out to start at once",
                    ),
                    folder,
                );
            }
            parsed
        }
    };
    if let (Some(f), Some(u)) = (from, until)
        && f >= u
    {
        error(
            "until",
            "结束时间不晚于开始时间：这条通知永远不会显示".into(),
            "the end is not after the start: this notice would never show".into(),
            ("把 until 改到 from 之后", "set until after from"),
            folder,
        );
    }
    let mut resolved = Vec::new();
    for (k, cite) in file.cites.iter().enumerate() {
        if let Some(r) = citation::resolve(
            laws,
            cite,
            &shown,
            spans.field(&format!("cites[{k}].article")),
            &mut folder.diagnostics,
        ) {
            resolved.push(r);
        }
    }
    if !resolved.is_empty() {
        let place = spans.value("text");
        citation::check_numbers(&resolved, &text, &shown, place, &mut folder.diagnostics);
        citation::check_scope(
            &resolved,
            &text,
            None,
            &shown,
            place,
            &mut folder.diagnostics,
        );
    }
    let citations: Vec<Citation> = resolved.into_iter().map(|(c, _)| c).collect();
    let until = until?;
    if !ok {
        return None;
    }
    let after = if citations.is_empty() {
        format!("来源：{}", file.source.as_deref().unwrap_or("本局"))
    } else {
        citation::line(laws, &citations)
    };
    Some(Notice {
        shown: format!("{text}（{after}）"),
        text,
        from,
        until,
        screens: file.screens,
        citations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }

    fn load_with(notice: &str) -> Result<crate::content::Content, Vec<Diagnostic>> {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let dir = tempfile::tempdir().unwrap();
        copy(&repo.join("tests/broken/base"), dir.path());
        copy(&repo.join("content/laws"), &dir.path().join("laws"));
        std::fs::write(dir.path().join(FILE_NAME), notice).unwrap();
        crate::content::load(dir.path())
    }

    fn shanghai() -> TimeZone {
        TimeZone::get("Asia/Shanghai").unwrap()
    }

    fn at(s: &str) -> Timestamp {
        shanghai().to_timestamp(parse_time(s).unwrap()).unwrap()
    }

    #[test]
    fn a_notice_shows_from_its_start_until_its_end_on_the_screens_it_names() {
        let c = load_with(
            r#"(text: "今天 16:00 起暂停接待，明天 8:30 恢复。", from: Some("2026-12-05 14:00"), until: "2026-12-05 18:00", screens: Touchscreens)"#,
        )
        .unwrap();
        let n = c.notice.unwrap();
        assert_eq!(
            n.shown,
            "今天 16:00 起暂停接待，明天 8:30 恢复。（来源：本局）"
        );
        let tz = shanghai();
        let show = |now: &str, latest: &str, mode| n.showing(at(now), at(latest), &tz, mode);
        assert!(!show(
            "2026-12-05 13:59",
            "2026-12-05 13:59",
            ScreenMode::Touch
        ));
        assert!(show(
            "2026-12-05 14:00",
            "2026-12-05 14:00",
            ScreenMode::Touch
        ));
        assert!(!show(
            "2026-12-05 15:00",
            "2026-12-05 15:00",
            ScreenMode::Board
        ));
        assert!(!show(
            "2026-12-05 18:00",
            "2026-12-05 18:00",
            ScreenMode::Touch
        ));
        // The clock set back after the end: the notice stays ended.
        assert!(!show(
            "2026-12-05 15:00",
            "2026-12-05 18:30",
            ScreenMode::Touch
        ));
        assert_eq!(
            n.next_change(at("2026-12-05 12:00"), &tz),
            Some(at("2026-12-05 14:00"))
        );
        assert_eq!(
            n.next_change(at("2026-12-05 15:00"), &tz),
            Some(at("2026-12-05 18:00"))
        );
        assert_eq!(n.next_change(at("2026-12-05 19:00"), &tz), None);
    }

    #[test]
    fn each_screen_gets_its_form_and_the_words_fit_at_a_readable_size() {
        use crate::settings::ScreenMode::{Board, Touch};
        assert_eq!(form(Touch, BoardLayout::Slides), Form::Banner);
        assert_eq!(form(Touch, BoardLayout::TickerOnly), Form::Banner);
        assert_eq!(form(Board, BoardLayout::Slides), Form::WholeScreen);
        assert_eq!(form(Board, BoardLayout::TickerOnly), Form::Ticker);
        let text = format!("{}（来源：本局）", "今天下午四点起暂停接待".repeat(7));
        for (w, h, scale) in [
            (1920.0, 1080.0, 1.0),
            (1080.0, 1920.0, 1.0),
            (1366.0, 768.0, 1.0),
            (1920.0, 540.0, 1.3),
        ] {
            let m = Metrics::new(w, h, 55.0, scale);
            let b = banner(&text, &m);
            if scale == 1.0 && h >= 1080.0 {
                assert_eq!(b.size, m.body, "{w}×{h}: the body's size, no smaller");
            }
            // Read from where the page is read, as the body is.
            let glyph_mm = b.size * GLYPH_INK_PER_EM / m.px_per_mm;
            assert!(
                glyph_mm >= MIN_BODY_GLYPH_MM - 0.01,
                "{w}×{h}: {glyph_mm} mm"
            );
            assert_eq!(b.lines.concat(), text, "{w}×{h}: every word");
            for line in &b.lines {
                assert!(
                    text_width_em(line) * b.size <= m.width - 2.0 * m.margin - b.badge,
                    "{w}×{h}: {line}"
                );
            }
            assert!(b.height <= h * BANNER_SHARE, "{w}×{h}: {}", b.height);
        }
        let m = Metrics::for_board(1920.0, 540.0, 60.0, 1.0);
        let p = whole_page(&text, &m);
        assert!(p.size >= m.body, "{}", p.size);
        assert_eq!(p.lines.concat(), text);
        assert!(p.lines.len() <= lines_fitting(p.frame.main.h, p.size));
    }

    #[test]
    fn the_latest_time_survives_a_restart_and_a_broken_file_is_no_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data").join(LATEST_FILE);
        assert_eq!(read_latest(&path), None);
        let t = at("2026-12-05 18:30");
        write_latest(&path, t).unwrap();
        assert_eq!(read_latest(&path), Some(t));
        std::fs::write(&path, "yesterday").unwrap();
        assert_eq!(read_latest(&path), None);
    }

    #[test]
    fn a_notice_without_an_end_too_long_or_ending_before_it_starts_is_refused_at_its_line() {
        let errs = load_with(r#"(text: "暂停接待", from: None)"#).unwrap_err();
        assert!(errs.iter().any(|d| d.file.ends_with(FILE_NAME)), "{errs:?}");
        let long = "很".repeat(MAX_CHARS + 1);
        let errs = load_with(&format!(
            "(\n  text: \"{long}\",\n  until: \"2026-12-05 18:00\",\n)"
        ))
        .unwrap_err();
        let d = errs.iter().find(|d| d.en.contains("characters")).unwrap();
        assert_eq!((d.line, d.column), (2, 9));
        let errs = load_with(
            "(\n  text: \"暂停接待\",\n  from: Some(\"2026-12-05 18:00\"),\n  until: \"2026-12-05 14:00\",\n)",
        )
        .unwrap_err();
        let d = errs.iter().find(|d| d.en.contains("never show")).unwrap();
        assert_eq!(d.line, 4);
        let errs = load_with("(text: \"暂停接待\", until: \"明天下午\")").unwrap_err();
        assert!(
            errs.iter().any(|d| d.en.contains("cannot be read")),
            "{errs:?}"
        );
    }

    #[test]
    fn a_notice_that_quotes_the_law_cites_it_and_its_numbers_are_checked() {
        let c = load_with(
            r#"(text: "多人走访请推选代表，代表不超过5人。", until: "2026-12-05 18:00", cites: [(article: 20, paragraphs: [3])])"#,
        )
        .unwrap();
        assert!(
            c.notice
                .unwrap()
                .shown
                .ends_with("（《信访工作条例》第二十条第三款）")
        );
        let errs = load_with(
            r#"(text: "多人走访请推选代表，代表不超过8人。", until: "2026-12-05 18:00", cites: [(article: 20, paragraphs: [3])])"#,
        )
        .unwrap_err();
        assert!(errs.iter().any(|d| d.en.contains('8')), "{errs:?}");
    }
}
