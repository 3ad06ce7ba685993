//! Where everything on a slide goes, and how a panel's text is split into pages
//! that fit. The player draws exactly these rectangles, so what is tested here is
//! what the screen shows.

use super::layout::{MIN_LED_TEXT_PX, Metrics, Shape, paginate, text_width_em, wrap};
use super::panel::Panel;

/// A rectangle in logical pixels, from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }

    /// Whether `other` lies wholly inside this rectangle.
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x - 0.5
            && other.y >= self.y - 0.5
            && other.right() <= self.right() + 0.5
            && other.bottom() <= self.bottom() + 0.5
    }
}

/// Line height as a multiple of the type size.
pub const LINE_HEIGHT: f32 = 1.5;
/// Quoted law text is set a little smaller than the plain-language body.
pub const QUOTE_SCALE: f32 = 0.86;

/// The regions of a slide.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlideFrame {
    /// Where no text may go outside of.
    pub safe: Rect,
    pub header: Rect,
    pub footer: Rect,
    /// Between header and footer, inside the margins.
    pub main: Rect,
}

impl SlideFrame {
    pub fn new(m: &Metrics) -> Self {
        let band = (m.small * if m.shape == Shape::Board { 1.9 } else { 2.6 }).round();
        let safe = Rect {
            x: m.margin,
            y: 0.0,
            w: m.width - 2.0 * m.margin,
            h: m.height,
        };
        let header = Rect {
            x: 0.0,
            y: 0.0,
            w: m.width,
            h: band,
        };
        let footer = Rect {
            x: 0.0,
            y: m.height - band,
            w: m.width,
            h: band,
        };
        let gap = (m.margin * 0.5).round();
        let main = Rect {
            x: m.margin,
            y: band + gap,
            w: m.width - 2.0 * m.margin,
            h: m.height - 2.0 * band - 2.0 * gap,
        };
        Self {
            safe,
            header,
            footer,
            main,
        }
    }
}

/// Height of the ticker's band along the bottom of a screen of metrics `m` (the
/// whole screen's, before the band is taken off).
pub fn ticker_band(m: &Metrics) -> f32 {
    (m.body * 1.6).round()
}

/// How a display board shows the rotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardLayout {
    /// Slides, as on a screen: the board holds a title and two lines of text, and
    /// its smallest type (the citation line) is still legible on LEDs.
    Slides,
    /// Too small for that (e.g. 384×192): everything runs as one large ticker line,
    /// each panel's words with their citation, so nothing is cut.
    TickerOnly,
}

impl BoardLayout {
    /// The layout for slides of metrics `m` (the area above any ticker).
    pub fn for_slides(m: &Metrics) -> Self {
        let main = SlideFrame::new(m).main;
        let needed = (m.title + 2.0 * m.body) * LINE_HEIGHT;
        if m.small >= MIN_LED_TEXT_PX && main.h >= needed && main.w >= 8.0 * m.body {
            BoardLayout::Slides
        } else {
            BoardLayout::TickerOnly
        }
    }
}

/// Thickness of the accent line under a title band.
pub fn accent_width(m: &Metrics) -> f32 {
    (m.small * 0.14).max(3.0)
}

/// How a page of the touch guide divides the screen: a band with the title at the top, the body, and
/// a bar with the page's buttons (返回, 首页…) at the bottom, where a standing
/// person's hand is. A low board has no height to spare for a second band: there
/// the buttons sit in the title band, to its right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageFrame {
    /// Height of the title band, its accent line included.
    pub band: f32,
    /// Height of the bottom bar (0 when the buttons are in the band).
    pub bar: f32,
}

impl PageFrame {
    pub fn new(m: &Metrics) -> Self {
        let accent = accent_width(m);
        if m.shape == Shape::Board {
            PageFrame {
                band: m.touch + m.body * 0.3 + accent,
                bar: 0.0,
            }
        } else {
            PageFrame {
                band: (m.small * 2.6).round() * 1.3 + accent,
                bar: m.touch + m.body * 0.8,
            }
        }
    }

    /// Whether the page's buttons share the title band.
    pub fn buttons_in_band(&self) -> bool {
        self.bar == 0.0
    }
}

/// What fills the second column of a panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// The law's own words, in a card.
    Quote,
    /// The panel's picture.
    Image,
    /// A key phrase set very large (e.g. 15日).
    Figure(String),
    Nothing,
}

/// Regions of a panel slide.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PanelRegions {
    pub frame: SlideFrame,
    pub title: Rect,
    /// The subtitle's small line(s) under the title, when the panel has one.
    pub subtitle: Option<Rect>,
    /// Plain-language body (or the quote, on a board without a body).
    pub text: Rect,
    pub side: Option<Rect>,
}

/// One page of a panel as it will be drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelPage {
    pub title: Vec<String>,
    /// The subtitle's lines, set at the body's size under the title.
    pub subtitle: Vec<String>,
    pub body: Vec<String>,
    pub quote: Vec<String>,
    /// Type sizes chosen for this panel: short texts are set larger to fill the space.
    pub body_size: f32,
    pub quote_size: f32,
    pub side: Side,
    pub regions: PanelRegions,
    pub page: usize,
    pub pages: usize,
}

fn side_of(panel: &Panel, shape: Shape) -> Side {
    if shape == Shape::Board {
        return if panel.image.is_some() {
            Side::Image
        } else {
            Side::Nothing
        };
    }
    if panel.quote.is_some() {
        Side::Quote
    } else if panel.image.is_some() {
        Side::Image
    } else if let Some(h) = panel.highlights.first().filter(|h| h.chars().count() <= 6) {
        Side::Figure(h.clone())
    } else {
        Side::Nothing
    }
}

/// Lines that fit in `height` at type size `size`.
pub fn lines_fitting(height: f32, size: f32) -> usize {
    ((height / (size * LINE_HEIGHT)).floor() as usize).max(1)
}

/// Splits a panel into pages for this screen.
pub fn panel_pages(panel: &Panel, m: &Metrics) -> Vec<PanelPage> {
    let frame = SlideFrame::new(m);
    let side = side_of(panel, m.shape);
    let main = frame.main;
    let gutter = (m.margin * 0.6).round();
    let title_size = m.title;
    // The subtitle is the line under the title (the comment in every panel file
    // says so), at the body's size so that it meets the same reading rule.
    let subtitle_size = m.body;
    let subtitle_lines = |w: f32| {
        panel
            .subtitle
            .as_deref()
            .map_or_else(Vec::new, |s| wrap(s, w / subtitle_size))
    };
    let subtitle_height = |lines: usize| (lines as f32 * subtitle_size * LINE_HEIGHT).ceil();
    let (title_area, subtitle_area, rest) = match m.shape {
        Shape::Board => {
            let w = (main.w * 0.36).round();
            let column = Rect {
                x: main.x,
                y: main.y,
                w,
                h: main.h,
            };
            let title_h =
                (wrap(&panel.title, w / title_size).len().max(1) as f32 * title_size * LINE_HEIGHT)
                    .ceil();
            let sub_h = subtitle_height(subtitle_lines(w).len());
            // On a low board the subtitle goes under the title only where the
            // column has room for both.
            let subtitle = (sub_h > 0.0 && title_h + sub_h <= main.h).then_some(Rect {
                x: main.x,
                y: main.y + title_h,
                w,
                h: sub_h,
            });
            (
                if subtitle.is_some() {
                    Rect {
                        h: title_h,
                        ..column
                    }
                } else {
                    column
                },
                subtitle,
                Rect {
                    x: main.x + w + gutter,
                    y: main.y,
                    w: main.w - w - gutter,
                    h: main.h,
                },
            )
        }
        _ => {
            let title_lines = wrap(&panel.title, main.w / title_size).len().max(1);
            let h = (title_lines as f32 * title_size * 1.3).ceil();
            let sub_h = subtitle_height(subtitle_lines(main.w).len());
            let subtitle = (sub_h > 0.0).then_some(Rect {
                x: main.x,
                y: main.y + h,
                w: main.w,
                h: sub_h,
            });
            let top = h + sub_h;
            (
                Rect {
                    x: main.x,
                    y: main.y,
                    w: main.w,
                    h,
                },
                subtitle,
                Rect {
                    x: main.x,
                    y: main.y + top + gutter * 0.6,
                    w: main.w,
                    h: main.h - top - gutter * 0.6,
                },
            )
        }
    };
    let title = wrap(&panel.title, title_area.w / title_size);
    let subtitle = subtitle_area.map_or_else(Vec::new, |r| subtitle_lines(r.w));
    let (mut text, mut side_rect) = match (m.shape, &side) {
        (_, Side::Nothing) => (rest, None),
        (Shape::Portrait, _) => {
            let body_h = if panel.body.is_some() {
                (rest.h * 0.42).round()
            } else {
                0.0
            };
            let text = Rect { h: body_h, ..rest };
            let side_y = rest.y + body_h + if body_h > 0.0 { gutter } else { 0.0 };
            (
                text,
                Some(Rect {
                    y: side_y,
                    h: rest.bottom() - side_y,
                    ..rest
                }),
            )
        }
        _ => {
            let w = if panel.body.is_some() {
                (rest.w * 0.5).round()
            } else {
                0.0
            };
            let text = Rect { w, ..rest };
            let side_x = rest.x + w + if w > 0.0 { gutter } else { 0.0 };
            (
                text,
                Some(Rect {
                    x: side_x,
                    w: rest.right() - side_x,
                    ..rest
                }),
            )
        }
    };
    let body_source = match (&panel.body, &panel.quote) {
        (Some(body), _) => body.clone(),
        (None, Some(q)) if side != Side::Quote => q.lines.join("\n"),
        _ => String::new(),
    };
    let (body_pages, body_size) = set_text(&body_source, text, m.body, BODY_GROWTH);
    // On a totem the picture or quote follows the body directly, however few lines
    // it took, instead of leaving a gap under a short body.
    if let (Shape::Portrait, Some(side_area), [only]) = (m.shape, side_rect, body_pages.as_slice())
        && !only.is_empty()
    {
        let used = (only.len() as f32 * body_size * LINE_HEIGHT)
            .ceil()
            .min(text.h);
        text.h = used;
        let y = text.bottom() + gutter;
        side_rect = Some(Rect {
            y,
            h: side_area.bottom() - y,
            ..side_area
        });
    }
    let regions = PanelRegions {
        frame,
        title: title_area,
        subtitle: subtitle_area,
        text,
        side: side_rect,
    };
    let (quote_pages, quote_size) = match (&side, &panel.quote, side_rect) {
        (Side::Quote, Some(q), Some(r)) => set_text(
            &q.lines.join("\n"),
            quote_inner(r, m),
            m.body * QUOTE_SCALE,
            QUOTE_GROWTH,
        ),
        _ => (vec![Vec::new()], m.body * QUOTE_SCALE),
    };
    let pages = body_pages.len().max(quote_pages.len());
    (0..pages)
        .map(|page| PanelPage {
            title: title.clone(),
            subtitle: subtitle.clone(),
            body: body_pages.get(page).cloned().unwrap_or_default(),
            quote: quote_pages.get(page).cloned().unwrap_or_default(),
            body_size,
            quote_size,
            side: side.clone(),
            regions,
            page,
            pages,
        })
        .collect()
}

/// How much larger than the minimum a short body or quote may be set.
pub const BODY_GROWTH: f32 = 1.5;
pub const QUOTE_GROWTH: f32 = 1.3;

/// A short text grows in steps of this share of the base size. Every distinct
/// type size costs its own glyph atlases (a CJK page fills several), so a few
/// steps keep the player's memory small where a size per panel would not.
pub const GROWTH_STEP: f32 = 0.25;

/// Sets `text` in `area`: the largest size from `size` up to `size * growth`, in
/// steps of [`GROWTH_STEP`], at which it fits on one page, or pages at `size` when
/// even the smallest does not fit.
pub fn set_text(text: &str, area: Rect, size: f32, growth: f32) -> (Vec<Vec<String>>, f32) {
    if text.is_empty() {
        return (vec![Vec::new()], size);
    }
    let mut factor = growth;
    while factor > 1.0 {
        let s = (size * factor).round();
        let lines = wrap(text, area.w / s);
        if lines.len() <= lines_fitting(area.h, s) {
            return (vec![lines], s);
        }
        factor -= GROWTH_STEP;
    }
    (
        paginate(wrap(text, area.w / size), lines_fitting(area.h, size)),
        size,
    )
}

/// The text area inside a quote card: padding all round, and room at the bottom
/// for the citation line.
pub fn quote_inner(card: Rect, m: &Metrics) -> Rect {
    let pad = (m.body * 0.8).round();
    let citation = m.small * 1.6;
    Rect {
        x: card.x + pad * 1.3,
        y: card.y + pad,
        w: card.w - pad * 2.3,
        h: card.h - pad * 2.0 - citation,
    }
}

/// The quote card shrunk to hold `lines` at `size`, so a short quote does not
/// float in an empty box.
pub fn quote_card(side: Rect, m: &Metrics, lines: usize, size: f32) -> Rect {
    let inner = quote_inner(side, m);
    let needed = side.h - inner.h + lines as f32 * size * LINE_HEIGHT;
    Rect {
        h: needed.min(side.h).max(side.h * 0.35).round(),
        ..side
    }
}

/// Width in pixels of the widest of `lines` at type size `size`.
pub fn widest(lines: &[String], size: f32) -> f32 {
    lines
        .iter()
        .map(|l| text_width_em(l) * size)
        .fold(0.0, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_board_shows_slides_unless_it_is_too_small_to_read_them() {
        // Sizes of real LED walls: 1920×540 at 3 mm pixels is 5.8 m × 1.6 m (235").
        let layout = |w: f32, h: f32, inches: f32| {
            let full = Metrics::for_board(w, h, inches, 1.0);
            let above = Metrics::for_board(w, h - ticker_band(&full), inches, 1.0);
            BoardLayout::for_slides(&above)
        };
        assert_eq!(layout(1920.0, 540.0, 235.0), BoardLayout::Slides);
        assert_eq!(layout(2880.0, 480.0, 460.0), BoardLayout::Slides);
        assert_eq!(layout(1920.0, 1080.0, 100.0), BoardLayout::Slides);
        // A door-top LED strip: its citation line would be 14 px, below what LEDs
        // show legibly, so the whole rotation runs as one large line.
        assert_eq!(layout(768.0, 256.0, 160.0), BoardLayout::TickerOnly);
        assert_eq!(layout(384.0, 192.0, 170.0), BoardLayout::TickerOnly);
        // A board given a 55" diagonal needs 40 mm characters: too big for slides.
        assert_eq!(layout(1920.0, 540.0, 55.0), BoardLayout::TickerOnly);
        let board = Metrics::for_board(1920.0, 1080.0, 55.0, 1.0);
        let lobby = Metrics::new(1920.0, 1080.0, 55.0, 1.0);
        assert!(board.body > lobby.body * 1.5, "read from 5–20 m, not 1.5 m");
        assert!(board.body_glyph_mm() >= crate::layout::BOARD_MIN_GLYPH_MM - 0.5);
    }
    use crate::citation::{Citation, Quote};
    use crate::law::Cite;

    fn panel(body: &str, quote_chars: usize) -> Panel {
        let cite = Cite {
            law: None,
            article: 20,
            paragraphs: vec![],
            items: vec![],
        };
        Panel {
            id: "p".into(),
            title: "到有权处理的机关反映".into(),
            subtitle: None,
            body: (!body.is_empty()).then(|| body.into()),
            quote: (quote_chars > 0).then(|| Quote {
                lines: vec!["信访人采用走访形式提出信访事项的，".repeat(quote_chars / 17 + 1)],
                citation: Citation {
                    cite: cite.clone(),
                    law_id: "x".into(),
                    label: "《条例》第二十条".into(),
                },
            }),
            citations: vec![],
            highlights: vec![],
            image: None,
            source: None,
            seconds: None,
        }
    }

    #[test]
    fn every_line_fits_its_region_on_every_screen_shape() {
        for (w, h, d) in [
            (1920.0, 1080.0, 55.0),
            (1080.0, 1920.0, 55.0),
            (3840.0, 2160.0, 65.0),
            (1920.0, 540.0, 40.0),
        ] {
            let m = Metrics::new(w, h, d, 1.0);
            for page in panel_pages(
                &panel(&"依法逐级走访，到有权处理的机关。".repeat(8), 600),
                &m,
            ) {
                let r = page.regions;
                assert!(
                    r.frame.safe.contains(&r.title) && r.frame.safe.contains(&r.text),
                    "{w}×{h}"
                );
                assert!(
                    page.body_size >= m.body && page.quote_size >= m.body * QUOTE_SCALE,
                    "never smaller than the rule"
                );
                assert!(
                    widest(&page.body, page.body_size) <= r.text.w + 0.5,
                    "{w}×{h} body too wide"
                );
                assert!(
                    page.body.len() as f32 * page.body_size * LINE_HEIGHT <= r.text.h + 0.5,
                    "{w}×{h} body too tall"
                );
                if let Some(side) = r.side {
                    let inner = quote_inner(side, &m);
                    assert!(widest(&page.quote, page.quote_size) <= inner.w + 0.5);
                    assert!(
                        page.quote.len() as f32 * page.quote_size * LINE_HEIGHT <= inner.h + 0.5
                    );
                }
            }
        }
    }

    #[test]
    fn the_subtitle_is_the_line_under_the_title_not_in_the_top_bar() {
        for (w, h, d, board) in [
            (1920.0, 1080.0, 55.0, false),
            (1080.0, 1920.0, 55.0, false),
            (1366.0, 768.0, 32.0, false),
            (1920.0, 540.0, 235.0, true),
        ] {
            let m = if board {
                Metrics::for_board(w, h, d, 1.0)
            } else {
                Metrics::new(w, h, d, 1.0)
            };
            let mut with = panel(&"依法逐级走访，到有权处理的机关。".repeat(2), 0);
            with.subtitle = Some("一般采用书面形式".into());
            let page = &panel_pages(&with, &m)[0];
            let r = page.regions;
            let sub = r.subtitle.expect("a subtitle region");
            assert_eq!(page.subtitle, ["一般采用书面形式"], "{w}×{h}");
            assert!(sub.y >= r.title.bottom() - 0.5, "{w}×{h}: under the title");
            assert!(
                sub.y > r.frame.header.bottom(),
                "{w}×{h}: below the top bar"
            );
            assert!(
                r.text.y >= sub.bottom() - 0.5 || r.text.x >= sub.right() - 0.5,
                "{w}×{h}: the body does not run over it"
            );
            assert!(r.frame.safe.contains(&sub), "{w}×{h}");
            assert!(
                widest(&page.subtitle, m.body) <= sub.w + 0.5,
                "{w}×{h}: it fits its width"
            );
            let without = &panel_pages(&panel(&"依法逐级走访。".repeat(2), 0), &m)[0];
            assert!(without.regions.subtitle.is_none() && without.subtitle.is_empty());
        }
    }

    #[test]
    fn long_text_is_split_into_pages_not_shrunk() {
        let m = Metrics::new(1920.0, 1080.0, 55.0, 1.0);
        let short = panel("短。", 30);
        assert_eq!(panel_pages(&short, &m).len(), 1);
        let long = panel("", 1500);
        let pages = panel_pages(&long, &m);
        assert!(pages.len() > 1);
        let total: usize = pages.iter().map(|p| p.quote.concat().chars().count()).sum();
        assert_eq!(
            total,
            long.quote.unwrap().lines.concat().chars().count(),
            "no words are lost between pages"
        );
    }

    #[test]
    fn text_of_any_length_is_set_in_one_of_a_few_sizes() {
        let area = Rect {
            x: 0.0,
            y: 0.0,
            w: 1200.0,
            h: 600.0,
        };
        let base = 60.0;
        let mut sizes: Vec<f32> = (1..200)
            .map(|n| set_text(&"信".repeat(n), area, base, BODY_GROWTH).1)
            .collect();
        sizes.sort_by(f32::total_cmp);
        sizes.dedup();
        assert_eq!(sizes, vec![60.0, 75.0, 90.0]);
    }

    #[test]
    fn a_page_frame_leaves_most_of_the_screen_to_the_body_and_a_bar_a_finger_fits() {
        for (w, h) in [
            (1920.0, 1080.0),
            (1080.0, 1920.0),
            (1366.0, 768.0),
            (1280.0, 1024.0),
            (3840.0, 2160.0),
            (1920.0, 540.0),
        ] {
            for scale in [1.0, 1.3] {
                let m = Metrics::new(w, h, 55.0, scale);
                let f = PageFrame::new(&m);
                assert!(f.band + f.bar < h * 0.4, "{w}×{h}×{scale}: {f:?}");
                let holds_buttons = if f.buttons_in_band() { f.band } else { f.bar };
                assert!(holds_buttons >= m.touch, "{w}×{h}×{scale}: {f:?}");
                assert_eq!(f.buttons_in_band(), m.shape == Shape::Board);
            }
        }
    }
}
