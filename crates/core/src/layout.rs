//! Sizes that follow the screen: how big type must be to read from 1.5 m, which
//! arrangement suits the screen's shape, and how text is broken into lines and pages.
//!
//! The readability rule: body text is set so that a Chinese character's ink is at
//! least [`MIN_BODY_GLYPH_MM`] tall on the physical screen (a visual angle of about
//! 0.6° at 1.5 m, which older readers need), and never smaller than 1/24 of the
//! screen's short side, so a screen also looks composed from across the lobby.

use icu_segmenter::LineSegmenter;
use icu_segmenter::options::LineBreakOptions;

/// Reading distance the rule is made for, in millimetres.
pub const READING_DISTANCE_MM: f32 = 1500.0;
/// Smallest height of a Chinese character's ink in body text, in millimetres.
pub const MIN_BODY_GLYPH_MM: f32 = 16.0;
/// Ink height of a CJK ideograph as a share of the font size (Noto Sans CJK: ≈0.88).
pub const GLYPH_INK_PER_EM: f32 = 0.88;
/// Smallest side of a touch target, in millimetres.
pub const MIN_TOUCH_MM: f32 = 15.0;
/// Smallest height of a character's ink on a display board (`mode: Board`), read
/// from 5–20 m: 40 mm reads at about 10 m (signage's 1:250 rule).
pub const BOARD_MIN_GLYPH_MM: f32 = 40.0;
/// Smallest type an LED board shows legibly, in pixels: below this a Chinese
/// character's strokes run together on an LED grid.
pub const MIN_LED_TEXT_PX: f32 = 16.0;

/// The arrangement chosen for the screen's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Ordinary 16:9 or 16:10 screen.
    Landscape,
    /// Upright totem.
    Portrait,
    /// Wide, low board (e.g. 1920×540), read in passing.
    Board,
}

/// Type sizes and spacing for one screen, in logical pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    pub width: f32,
    pub height: f32,
    pub px_per_mm: f32,
    pub shape: Shape,
    pub margin: f32,
    pub body: f32,
    pub title: f32,
    pub small: f32,
    pub touch: f32,
}

impl Metrics {
    /// Metrics for a `width`×`height` screen whose diagonal is `diagonal_inches`,
    /// with every type size multiplied by `text_scale` (the 大字 toggle).
    pub fn new(width: f32, height: f32, diagonal_inches: f32, text_scale: f32) -> Self {
        Self::build(width, height, diagonal_inches, text_scale, false)
    }

    /// Metrics for a display board (`mode: Board`) read from 5–20 m: characters at
    /// least [`BOARD_MIN_GLYPH_MM`] tall, and at least 1/9 of the short side on a
    /// wide board (1/14 on an ordinary screen used as a board).
    pub fn for_board(width: f32, height: f32, diagonal_inches: f32, text_scale: f32) -> Self {
        Self::build(width, height, diagonal_inches, text_scale, true)
    }

    fn build(width: f32, height: f32, diagonal_inches: f32, text_scale: f32, board: bool) -> Self {
        let diagonal_px = width.hypot(height);
        let px_per_mm = diagonal_px / (diagonal_inches * 25.4);
        let aspect = width / height;
        let shape = if aspect >= 2.4 {
            Shape::Board
        } else if aspect < 0.9 {
            Shape::Portrait
        } else {
            Shape::Landscape
        };
        let short = width.min(height);
        let glyph_mm = if board {
            BOARD_MIN_GLYPH_MM
        } else {
            MIN_BODY_GLYPH_MM
        };
        let by_eye = glyph_mm / GLYPH_INK_PER_EM * px_per_mm;
        let by_shape = match (shape, board) {
            (Shape::Board, _) => short / 9.0,
            (_, true) => short / 14.0,
            (_, false) => short / 24.0,
        };
        let body = by_eye.max(by_shape).round() * text_scale;
        Self {
            width,
            height,
            px_per_mm,
            shape,
            margin: (short * 0.06).round(),
            body: body.round(),
            title: (body * if shape == Shape::Board { 1.35 } else { 1.75 }).round(),
            small: (body * 0.62).max(by_eye * 0.62).round(),
            touch: (MIN_TOUCH_MM * px_per_mm).max(body * 2.0).round(),
        }
    }

    /// Physical height of a body character's ink, in millimetres.
    pub fn body_glyph_mm(&self) -> f32 {
        self.body * GLYPH_INK_PER_EM / self.px_per_mm
    }
}

/// Width of `c` in ems, an upper bound for Noto Sans CJK so measured lines never
/// overflow: ideographs and full-width punctuation are 1 em, Latin at most 0.62.
pub fn char_width_em(c: char) -> f32 {
    if c.is_ascii() {
        if c == ' ' { 0.3 } else { 0.62 }
    } else if ('\u{2000}'..='\u{206f}').contains(&c) {
        0.62
    } else {
        1.0
    }
}

/// Width of `text` in ems.
pub fn text_width_em(text: &str) -> f32 {
    text.chars().map(char_width_em).sum()
}

/// Breaks `text` into lines no wider than `max_em` ems; explicit newlines are kept.
/// Lines break only where Unicode's line-breaking rules allow (UAX #14, strict):
/// never before closing punctuation or after opening punctuation (避头尾), never
/// inside a Latin word or a number. Spaces at a break are dropped.
pub fn wrap(text: &str, max_em: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut width = 0.0;
        for unit in break_units(paragraph) {
            // Spaces that end a unit hang past the line's end when it breaks there.
            let ink = text_width_em(unit.trim_end());
            if width + ink > max_em && !line.is_empty() {
                lines.push(line.trim_end().to_owned());
                line.clear();
                width = 0.0;
            }
            width += text_width_em(unit);
            line.push_str(unit);
        }
        lines.push(line);
    }
    lines
}

/// The pieces of `text` between two places a line may break: a Latin word or
/// number with the spaces after it, or one CJK character with the punctuation
/// that must stay on its line.
fn break_units(text: &str) -> Vec<&str> {
    let segmenter = LineSegmenter::new_for_non_complex_scripts(LineBreakOptions::default());
    let mut units = Vec::new();
    let mut start = 0;
    for at in segmenter.segment_str(text) {
        if let Some(unit) = text.get(start..at).filter(|u| !u.is_empty()) {
            units.push(unit);
        }
        start = at;
    }
    units
}

/// Groups lines into pages of at most `per_page` lines, never leaving a single
/// line alone on the last page when it can be avoided.
pub fn paginate(lines: Vec<String>, per_page: usize) -> Vec<Vec<String>> {
    let per_page = per_page.max(1);
    if lines.len() <= per_page {
        return vec![lines];
    }
    let pages = lines.len().div_ceil(per_page);
    let even = lines.len().div_ceil(pages);
    lines.chunks(even).map(<[String]>::to_vec).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_text_meets_the_millimetre_rule_on_common_screens() {
        for (w, h, inches) in [
            (1920.0, 1080.0, 55.0),
            (1080.0, 1920.0, 55.0),
            (3840.0, 2160.0, 65.0),
            (1920.0, 540.0, 40.0),
            (1920.0, 1080.0, 21.5),
        ] {
            let m = Metrics::new(w, h, inches, 1.0);
            assert!(
                m.body_glyph_mm() >= MIN_BODY_GLYPH_MM - 0.5,
                "{w}×{h} {inches}\": {} mm",
                m.body_glyph_mm()
            );
            assert!(m.touch / m.px_per_mm >= MIN_TOUCH_MM);
        }
    }

    #[test]
    fn chooses_the_arrangement_by_shape() {
        assert_eq!(
            Metrics::new(1920.0, 1080.0, 55.0, 1.0).shape,
            Shape::Landscape
        );
        assert_eq!(
            Metrics::new(1080.0, 1920.0, 55.0, 1.0).shape,
            Shape::Portrait
        );
        assert_eq!(Metrics::new(1920.0, 540.0, 40.0, 1.0).shape, Shape::Board);
    }

    #[test]
    fn wraps_without_starting_a_line_with_closing_punctuation() {
        let lines = wrap("信访人提出信访事项，应当客观真实。", 9.0);
        assert!(lines.iter().all(|l| text_width_em(l) <= 10.0));
        assert!(
            lines.iter().skip(1).all(|l| !l.starts_with(['，', '。'])),
            "{lines:?}"
        );
        assert_eq!(lines.concat(), "信访人提出信访事项，应当客观真实。");
    }

    /// Unicode's rules keep a closing quotation mark with the words it closes,
    /// which the hand-kept table before them let start a line.
    #[test]
    fn never_starts_a_line_with_a_closing_quotation_mark_at_any_width() {
        let text = "工作人员说：“请您依法逐级走访。”您可以先到本级接待场所。";
        for tenth in 30..200 {
            let lines = wrap(text, tenth as f32 / 10.0);
            assert_eq!(lines.concat(), text);
            for l in &lines[1..] {
                let first = l.chars().next().unwrap();
                assert!(!"”’，。：".contains(first), "{lines:?}");
            }
            for l in &lines[..lines.len() - 1] {
                assert!(!l.ends_with('“'), "{lines:?}");
            }
        }
    }

    /// Latin words break at their spaces, and a space where a line breaks takes
    /// no room on either line.
    #[test]
    fn breaks_latin_words_at_spaces_and_drops_the_space_at_the_break() {
        let lines = wrap("call 12345678 today", 6.0);
        assert_eq!(lines, ["call", "12345678", "today"]);
        let lines = wrap("拨打 12345 热线", 6.0);
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with(' ') && !l.ends_with(' '))
        );
        assert!(lines.iter().any(|l| l.contains("12345")), "{lines:?}");
    }

    #[test]
    fn keeps_numbers_whole() {
        let lines = wrap("一次性化解率达到97.68%", 10.0);
        assert!(lines.iter().any(|l| l.contains("97.68%")), "{lines:?}");
    }

    #[test]
    fn paginates_evenly() {
        let lines: Vec<String> = (0..7).map(|i| i.to_string()).collect();
        let pages = paginate(lines, 6);
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), vec![4, 3]);
    }
}
