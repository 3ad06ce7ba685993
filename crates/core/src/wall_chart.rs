//! The 路线图 as a wall chart for printing (`pufa-kiosk poster`): laid out for
//! the sheet, not the touch page's map scaled up. The way government flow charts
//! and metro maps do it:
//!
//! - each step is a **card**: its number, its title, one line of what it asks of
//!   the citizen (`ask` in roadmap.ron) and the articles it rests on;
//! - a time limit is a **badge** on the card, coloured and worded by whose limit
//!   it is (the agency's or the citizen's);
//! - the steps run left to right in columns (the roadmap's layers), and the
//!   columns wrap into **bands** down the sheet like lines of text;
//! - a choice to the next column of the same band is a **line** in the gap
//!   between the columns; any other (one that skips columns, goes back, or leaves
//!   the band) is a **connector** under its card, "转到 → 17 过期或迟迟没有消息",
//!   instead of a long line across the sheet;
//! - a **title block** (title, the bureau when bureau.ron is real) and a
//!   **legend** with the QR codes of online.ron at the foot.
//!
//! Everything is in pixels of the sheet; [`lay_out`] picks the largest type that
//! fits, and the sizes a print shop and a visitor two metres away need are
//! checked here ([`min_station_mm`]).

// Indices here are positions the layout makes itself (of steps, layers, columns
// and bands, all from one validated Roadmap), never numbers read from a file.
#![allow(clippy::indexing_slicing)]

use super::layout::{GLYPH_INK_PER_EM, text_width_em, wrap};
use super::pages::Rect;
use super::roadmap::{Roadmap, Who};
use super::route_map::{RouteMap, Slot};

/// Line height of the chart's text, as a multiple of its size: tighter than a
/// screen's, as on printed signage.
pub const CHART_LINE: f32 = 1.15;

/// What one step's card says, composed by the caller from the roadmap, the law
/// library and the message table (the core keeps citizen-facing words out of
/// code).
#[derive(Debug, Clone, PartialEq)]
pub struct Station {
    pub title: String,
    /// What the step asks of the citizen (may be empty).
    pub ask: String,
    /// The articles, on one line: 《信访工作条例》第三十五条.
    pub cite: String,
    /// The time limit: whose, and its words (机关转送 15日).
    pub limit: Option<(Who, String)>,
}

/// The chart's fixed words, from the message table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Words {
    pub title: String,
    /// Under the title: what the chart rests on.
    pub subtitle: String,
    /// Before a connector to a later step: 转到.
    pub go_to: String,
    /// Before a connector back to an earlier step: 回到.
    pub back_to: String,
    pub legend_title: String,
    pub legend_number: String,
    pub legend_line: String,
    pub legend_connector: String,
    pub legend_agency: String,
    pub legend_citizen: String,
    /// After the title on the second page: （续）.
    pub continued: String,
    /// Heads the bureau's lines: 来访请到.
    pub bureau_title: String,
}

/// Everything the chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Input<'a> {
    pub roadmap: &'a Roadmap,
    /// One per step, in the roadmap's order.
    pub stations: Vec<Station>,
    pub words: Words,
    /// The bureau's lines, only when bureau.ron is real.
    pub bureau: Option<Vec<String>>,
    /// Labels of the QR codes, one per link of online.ron.
    pub qr: Vec<String>,
}

/// The sheet: its size in pixels, its resolution, and how many pages the chart
/// may take (a leaflet may go onto two rather than shrink its type).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sheet {
    pub width: f32,
    pub height: f32,
    pub px_per_mm: f32,
    pub pages: usize,
}

impl Sheet {
    /// A sheet of `width` × `height` pixels at `dpi`.
    pub fn new(width: f32, height: f32, dpi: f32, pages: usize) -> Self {
        Self {
            width,
            height,
            px_per_mm: dpi / 25.4,
            pages: pages.clamp(1, 2),
        }
    }

    fn short(&self) -> f32 {
        self.width.min(self.height)
    }
}

/// The smallest a station's title may be, in millimetres of ink, on `sheet`:
/// 8 mm on A2 (read from two metres on a wall), 4 mm on A4 (a leaflet in the
/// hand), in proportion to the sheet's short side between and beyond.
pub fn min_station_mm(sheet: &Sheet) -> f32 {
    8.0 * (sheet.short() / sheet.px_per_mm) / 420.0
}

/// How a piece of text is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    Title,
    Text,
    Quiet,
    /// On a filled shape (a number disc, a badge).
    OnFill,
}

/// A line of text placed on the sheet: its top-left corner and type size.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub text: String,
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub bold: bool,
    pub ink: Ink,
}

impl Label {
    /// The box the line takes (an upper bound of its width).
    pub fn rect(&self) -> Rect {
        Rect {
            x: self.x,
            y: self.y,
            w: text_width_em(&self.text) * self.size,
            h: self.size * CHART_LINE,
        }
    }
}

/// What a block of the chart is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The title block.
    Heading,
    /// A step's card.
    Card { step: usize },
    /// A time limit over a card.
    Badge { step: usize, who: Who },
    /// A choice drawn as a marked connector under the card it leaves.
    Connector { from: usize, to: usize, back: bool },
    /// A step's number, a disc on its card's left edge, where its lines arrive
    /// (a metro map's station dot).
    Number { step: usize },
    /// The legend's heading.
    LegendTitle,
    /// A legend entry; its marker is the sample.
    Legend(Sample),
    /// The bureau's address, hours and phone.
    Bureau,
    /// A QR code (the marker) with its label under it.
    Qr { link: usize },
}

/// What a legend entry shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sample {
    Number,
    Line,
    Connector,
    Limit(Who),
}

/// A rectangle of the chart with what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: Kind,
    pub rect: Rect,
    /// A shape inside the block: a card's number disc, a legend's sample, a QR
    /// code's square.
    pub marker: Option<Rect>,
    pub labels: Vec<Label>,
}

/// A straight, axis-aligned piece of a line, by its index in [`RouteMap::lines`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece {
    pub line: usize,
    pub rect: Rect,
}

/// One printed page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub blocks: Vec<Block>,
    pub pieces: Vec<Piece>,
    /// Where the map is.
    pub map: Rect,
}

/// The chart laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub pages: Vec<Page>,
    /// Type size of a station's title, in pixels.
    pub size: f32,
    /// Each step's number on the chart (1, 2, …), in reading order.
    pub numbers: Vec<usize>,
    /// The layout's thickness of a line.
    pub line: f32,
    pub map: RouteMap,
}

impl Chart {
    /// Height of a station title's ink in millimetres on `sheet`.
    pub fn station_mm(&self, sheet: &Sheet) -> f32 {
        self.size * GLYPH_INK_PER_EM / sheet.px_per_mm
    }
}

/// The most end steps stacked in one column at the close of the chart. Ends
/// carry no lines, so a wide sheet may stack them (two or three to a column)
/// in the free columns of the last band rather than open another band for
/// them; which is best is tried, like the card width.
const ENDS_PER_COLUMN: usize = 3;

/// Card widths tried, in ems of the title's size (a quarter em apart: a sheet
/// whose width holds five cards of 10 em may not hold five of 10.5).
const CARD_EMS: [f32; 25] = [
    6.0, 6.25, 6.5, 6.75, 7.0, 7.25, 7.5, 7.75, 8.0, 8.25, 8.5, 8.75, 9.0, 9.25, 9.5, 9.75, 10.0,
    10.25, 10.5, 10.75, 11.0, 11.25, 11.5, 11.75, 12.0,
];

/// The chart as large as `sheet` allows: the largest title size (and the card
/// width that allows it) at which everything fits. `None` only when nothing fits
/// even at the smallest type tried (a sheet of a few hundred pixels).
pub fn lay_out(input: &Input, sheet: &Sheet) -> Option<Chart> {
    let map = RouteMap::new(input.roadmap);
    let mut best: Option<Chart> = None;
    for (ends, em) in (1..=ENDS_PER_COLUMN).flat_map(|e| CARD_EMS.map(|em| (e, em))) {
        // From the largest plausible size down, 2 % at a time.
        let mut s = sheet.short() / 12.0;
        let smallest = sheet.short() / 600.0;
        while s > smallest {
            if let Some(mut chart) = at(input, &map, sheet, s, em, ends) {
                // Then up again in finer steps, as far as it still fits.
                let mut up = s * 1.004;
                while up < s / 0.98 {
                    match at(input, &map, sheet, up, em, ends) {
                        Some(bigger) => chart = bigger,
                        None => break,
                    }
                    up *= 1.004;
                }
                if best.as_ref().is_none_or(|b| chart.size > b.size) {
                    best = Some(chart);
                }
                break;
            }
            s *= 0.98;
        }
    }
    best
}

/// `text` wrapped to `em` ems in at most `lines` lines, the last cut with "…".
fn fit_lines(text: &str, em: f32, lines: usize) -> Vec<String> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let mut out = wrap(text, em);
    if out.len() > lines {
        out.truncate(lines);
        if let Some(last) = out.last_mut() {
            while !last.is_empty() && text_width_em(last) + 1.0 > em {
                last.pop();
            }
            last.push('…');
        }
    }
    out
}

/// Sizes of the chart's parts for a title size `s`.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    s: f32,
    pad: f32,
    disc: f32,
    ask: f32,
    cite: f32,
    badge: f32,
    connector: f32,
    card_w: f32,
    track: f32,
    line: f32,
}

impl Sizes {
    fn new(s: f32, card_em: f32) -> Self {
        let pad = 0.2 * s;
        Self {
            s,
            pad,
            disc: 1.0 * s,
            ask: 0.64 * s,
            cite: 0.5 * s,
            badge: 0.62 * s,
            connector: 0.6 * s,
            card_w: card_em * s + 2.0 * pad,
            track: 0.32 * s,
            line: (0.14 * s).max(2.0),
        }
    }

    fn inner(&self) -> f32 {
        self.card_w - 2.0 * self.pad
    }
}

/// A step's slot: badge, card and connectors, placed from (0, 0).
#[derive(Debug, Clone)]
struct Placed {
    blocks: Vec<Block>,
    /// The card's rectangle within the slot.
    card: Rect,
    height: f32,
}

fn shift(blocks: &mut [Block], dx: f32, dy: f32) {
    for b in blocks {
        b.rect.x += dx;
        b.rect.y += dy;
        if let Some(m) = b.marker.as_mut() {
            m.x += dx;
            m.y += dy;
        }
        for l in &mut b.labels {
            l.x += dx;
            l.y += dy;
        }
    }
}

/// A pill of text at `size`, at (x, y), at most `max_w` wide: one line, or up
/// to `lines` lines where one cannot hold it (a time limit's words are never
/// cut: its extension is a condition of the law).
#[allow(clippy::too_many_arguments)]
fn pill(
    kind: Kind,
    text: &str,
    size: f32,
    x: f32,
    y: f32,
    max_w: f32,
    lines: usize,
    ink: Ink,
) -> Block {
    let inset = 0.4 * size;
    let set = fit_lines(text, (max_w - 2.0 * inset) / size, lines.max(1));
    let w =
        (set.iter().map(|t| text_width_em(t)).fold(0.0, f32::max) * size + 2.0 * inset).min(max_w);
    let h = set.len().max(1) as f32 * size * CHART_LINE + 0.2 * size;
    Block {
        kind,
        rect: Rect { x, y, w, h },
        marker: None,
        labels: set
            .into_iter()
            .enumerate()
            .map(|(n, text)| Label {
                text,
                x: x + inset,
                y: y + 0.1 * size + n as f32 * size * CHART_LINE,
                size,
                bold: false,
                ink,
            })
            .collect(),
    }
}

/// The slot of `step`, with `connectors` (to, back, words) under its card.
fn slot(
    z: &Sizes,
    step: usize,
    number: usize,
    station: &Station,
    connectors: &[(usize, bool, String)],
) -> Placed {
    let s = z.s;
    let mut blocks = Vec::new();
    let mut y = 0.0;
    if let Some((who, text)) = &station.limit {
        let b = pill(
            Kind::Badge { step, who: *who },
            text,
            z.badge,
            0.0,
            0.0,
            z.card_w,
            3,
            Ink::OnFill,
        );
        y = b.rect.h + 0.08 * s;
        blocks.push(b);
    }
    let inner = z.inner();
    // The number's disc sits on the card's left edge, half inside.
    let title_x = z.disc / 2.0 + 0.15 * s;
    // A title is never cut (its scope is part of it, 信访程序：60日内办结), nor
    // the articles; roadmap.ron keeps titles to 12 characters.
    let title = fit_lines(&station.title, (z.card_w - z.pad - title_x) / s, 4);
    let ask = fit_lines(&station.ask, inner / z.ask, 3);
    let cite = fit_lines(&station.cite, inner / z.cite, 6);
    let mut labels = Vec::new();
    let top = y + z.pad;
    let mut ly = top;
    let disc = Rect {
        x: -z.disc / 2.0,
        y: top + s * CHART_LINE / 2.0 - z.disc / 2.0,
        w: z.disc,
        h: z.disc,
    };
    let digits = 0.55 * s;
    let number_label = Label {
        text: number.to_string(),
        x: disc.x + (z.disc - text_width_em(&number.to_string()) * digits) / 2.0,
        y: disc.y + (z.disc - digits * CHART_LINE) / 2.0,
        size: digits,
        bold: true,
        ink: Ink::OnFill,
    };
    for t in &title {
        labels.push(Label {
            text: t.clone(),
            x: title_x,
            y: ly,
            size: s,
            bold: true,
            ink: Ink::Title,
        });
        ly += s * CHART_LINE;
    }
    ly += 0.1 * s;
    for (lines, size, ink) in [(&ask, z.ask, Ink::Text), (&cite, z.cite, Ink::Quiet)] {
        for t in lines {
            labels.push(Label {
                text: t.clone(),
                x: z.pad,
                y: ly,
                size,
                bold: false,
                ink,
            });
            ly += size * CHART_LINE;
        }
    }
    let card = Rect {
        x: 0.0,
        y,
        w: z.card_w,
        h: ly + z.pad - y,
    };
    blocks.push(Block {
        kind: Kind::Card { step },
        rect: card,
        marker: None,
        labels,
    });
    blocks.push(Block {
        kind: Kind::Number { step },
        rect: disc,
        marker: Some(disc),
        labels: vec![number_label],
    });
    y = card.bottom();
    for (to, back, text) in connectors {
        y += 0.08 * s;
        let b = pill(
            Kind::Connector {
                from: step,
                to: *to,
                back: *back,
            },
            text,
            z.connector,
            0.0,
            y,
            z.card_w,
            1,
            Ink::Text,
        );
        y = b.rect.bottom();
        blocks.push(b);
    }
    Placed {
        blocks,
        card,
        height: y,
    }
}

/// The title block at (x, y), `w` wide.
fn heading(input: &Input, z: &Sizes, x: f32, y: f32, w: f32, continued: bool) -> Vec<Block> {
    let big = 1.7 * z.s;
    let small = 0.7 * z.s;
    let mut title = input.words.title.clone();
    if continued {
        title.push_str(&input.words.continued);
    }
    // The bureau, when real, at the right of the first page's title block.
    let bureau_size = 0.6 * z.s;
    // 来访请到　湖滨区信访局, then the address, hours and phone.
    let bureau_lines: Vec<String> = match &input.bureau {
        Some(lines) if !continued => {
            let mut out = vec![input.words.bureau_title.clone()];
            let mut rest = lines.iter();
            if let (Some(first), Some(name)) = (out.first_mut(), rest.next()) {
                first.push('　');
                first.push_str(name);
            }
            out.extend(rest.cloned());
            out
        }
        _ => Vec::new(),
    };
    let bureau_w = match &input.bureau {
        Some(_) if !continued => bureau_lines
            .iter()
            .map(|l| text_width_em(l) * bureau_size)
            .fold(0.0, f32::max)
            .min(w * 0.5),
        _ => 0.0,
    };
    let title_w = if bureau_w > 0.0 {
        w - bureau_w - z.s
    } else {
        w
    };
    let mut labels = Vec::new();
    let mut ly = y;
    for t in fit_lines(&title, title_w / big, 2) {
        labels.push(Label {
            text: t,
            x,
            y: ly,
            size: big,
            bold: true,
            ink: Ink::Title,
        });
        ly += big * CHART_LINE;
    }
    for t in fit_lines(&input.words.subtitle, title_w / small, 3) {
        labels.push(Label {
            text: t,
            x,
            y: ly,
            size: small,
            bold: false,
            ink: Ink::Quiet,
        });
        ly += small * CHART_LINE;
    }
    let mut blocks = vec![Block {
        kind: Kind::Heading,
        rect: Rect {
            x,
            y,
            w: title_w,
            h: ly - y,
        },
        marker: None,
        labels,
    }];
    if let (Some(lines), true) = (&input.bureau, bureau_w > 0.0) {
        let bx = x + w - bureau_w;
        let mut labels = Vec::new();
        let mut by = y;
        let _ = lines;
        for (n, line) in bureau_lines.iter().enumerate() {
            for t in fit_lines(line, bureau_w / bureau_size, 2) {
                labels.push(Label {
                    text: t,
                    x: bx,
                    y: by,
                    size: bureau_size,
                    bold: n == 0,
                    ink: if n == 0 { Ink::Title } else { Ink::Text },
                });
                by += bureau_size * CHART_LINE;
            }
        }
        blocks.push(Block {
            kind: Kind::Bureau,
            rect: Rect {
                x: bx,
                y,
                w: bureau_w,
                h: by - y,
            },
            marker: None,
            labels,
        });
    }
    blocks
}

/// Bottom of `blocks`, less `top`.
fn height(blocks: &[Block], top: f32) -> f32 {
    blocks.iter().map(|b| b.rect.bottom()).fold(top, f32::max) - top
}

/// The foot laid out: its blocks from y = 0, its height, and whether it holds
/// everything uncut (every legend entry whole and every QR code).
struct Foot {
    blocks: Vec<Block>,
    height: f32,
    whole: bool,
}

/// How the foot is arranged: stacked (the QR codes under the legend, not at its
/// right), and in how many columns the legend's entries run.
type Arrangement = (bool, usize);

/// The arrangements tried, widest first.
const ARRANGEMENTS: [Arrangement; 3] = [(false, 2), (true, 2), (true, 1)];

/// The foot: legend and QR codes, `w` wide from (x, 0). Side by side (the QR
/// codes at the right), or stacked: the QR codes under the legend, for a
/// narrow place such as the free corner beside the last band.
fn footer(
    input: &Input,
    z: &Sizes,
    x: f32,
    w: f32,
    (stacked, legend_columns): Arrangement,
) -> Foot {
    let s = z.s;
    let size = 0.62 * s;
    let gap = 0.8 * s;
    let mut blocks = Vec::new();
    // The legend: a column of samples and words.
    let sample_w = 2.4 * s;
    let words = &input.words;
    let entries = [
        (Sample::Number, &words.legend_number),
        (Sample::Line, &words.legend_line),
        (Sample::Connector, &words.legend_connector),
        (Sample::Limit(Who::Agency), &words.legend_agency),
        (Sample::Limit(Who::Citizen), &words.legend_citizen),
    ];
    // Two columns of entries, under the heading.
    let column_gap = 0.6 * s;
    let cols = legend_columns.max(1) as f32;
    // The legend as wide as its words; the QR codes take what is left (or the
    // row under it, stacked). A foot that cannot hold it all is not `whole`.
    let column_w = (entries
        .iter()
        .map(|(_, t)| text_width_em(t) * size)
        .fold(0.0, f32::max)
        + sample_w
        // Slack, so that a line as wide as the column is not wrapped by a
        // rounding.
        + 0.05 * size)
        .min((w - (cols - 1.0) * column_gap) / cols);
    let legend_w = (cols * column_w + (cols - 1.0) * column_gap)
        .max(text_width_em(&words.legend_title) * 0.75 * s);
    let legend_w = legend_w.min(w);
    let mut whole = true;
    let title_size = 0.75 * s;
    blocks.push(Block {
        kind: Kind::LegendTitle,
        rect: Rect {
            x,
            y: 0.0,
            w: legend_w,
            h: title_size * CHART_LINE,
        },
        marker: None,
        labels: vec![Label {
            text: fit_lines(&words.legend_title, legend_w / title_size, 1)
                .into_iter()
                .next()
                .unwrap_or_default(),
            x,
            y: 0.0,
            size: title_size,
            bold: true,
            ink: Ink::Title,
        }],
    });
    let top = title_size * CHART_LINE + 0.1 * s;
    let row = (size * CHART_LINE).max(0.9 * s) + 0.15 * s;
    let rows = entries.len().div_ceil(legend_columns.max(1));
    for (k, (sample, text)) in entries.into_iter().enumerate() {
        let entry_text: &String = text;
        let x = x + (k / rows) as f32 * (column_w + column_gap);
        let y = top + (k % rows) as f32 * row;
        let marker = match sample {
            Sample::Number => Rect {
                x,
                y: y + (row - 0.9 * s) / 2.0,
                w: 0.9 * s,
                h: 0.9 * s,
            },
            Sample::Line => Rect {
                x,
                y: y + row / 2.0 - z.line / 2.0,
                w: sample_w - 0.4 * s,
                h: z.line,
            },
            Sample::Connector | Sample::Limit(_) => Rect {
                x,
                y: y + 0.1 * s,
                w: sample_w - 0.4 * s,
                h: row - 0.3 * s,
            },
        };
        let words_w = column_w - sample_w;
        let text = fit_lines(text, words_w / size, 1)
            .into_iter()
            .next()
            .unwrap_or_default();
        whole &= text == *entry_text;
        blocks.push(Block {
            kind: Kind::Legend(sample),
            rect: Rect {
                x,
                y,
                w: column_w,
                h: row,
            },
            marker: Some(marker),
            labels: vec![Label {
                text,
                x: x + sample_w,
                y: y + (row - size * CHART_LINE) / 2.0,
                size,
                bold: false,
                ink: Ink::Text,
            }],
        });
    }
    let y = top + rows as f32 * row;
    let legend_h = y;
    // The QR codes at the right, each with its label beside it; stacked, in a
    // row under the legend.
    let q = 4.2 * s;
    let label = 0.55 * s;
    let label_w = 3.6 * s;
    let (qr_top, qr_left) = if stacked {
        (legend_h + 0.5 * s, x)
    } else {
        (0.0, x + legend_w + gap)
    };
    let mut right = x + w;
    let mut qr_h: f32 = 0.0;
    let mut placed = 0;
    for (link, text) in input.qr.iter().enumerate().rev() {
        let lines = fit_lines(text, label_w / label, (q / (label * CHART_LINE)) as usize);
        let bx = right - q - 0.2 * s - label_w;
        if bx < qr_left {
            break;
        }
        placed += 1;
        let labels = lines
            .into_iter()
            .enumerate()
            .map(|(n, t)| Label {
                x: bx + q + 0.2 * s,
                y: qr_top + n as f32 * label * CHART_LINE,
                size: label,
                bold: false,
                ink: Ink::Text,
                text: t,
            })
            .collect();
        blocks.push(Block {
            kind: Kind::Qr { link },
            rect: Rect {
                x: bx,
                y: qr_top,
                w: q + 0.2 * s + label_w,
                h: q,
            },
            marker: Some(Rect {
                x: bx,
                y: qr_top,
                w: q,
                h: q,
            }),
            labels,
        });
        qr_h = qr_h.max(qr_top + q);
        right = bx - 0.5 * s;
    }
    Foot {
        blocks,
        height: legend_h.max(qr_h),
        whole: whole && placed == input.qr.len(),
    }
}

/// The columns of cards, left to right: the roadmap's layers without their end
/// steps, each in the order that untangles its lines; then the end steps,
/// `ends` to a column (at least one), in the order of their layers. An end step
/// leads nowhere, so it needs no place in the flow: the ends sit together at the
/// close of the chart (as a flow chart's outcomes do), reached by connectors,
/// and no layer grows a tall stack of them.
fn columns(map: &RouteMap, roadmap: &Roadmap, ends: usize) -> Vec<Vec<usize>> {
    let is_end = |i: usize| roadmap.steps[i].is_end();
    let stations = |layer: &Vec<Slot>| -> Vec<usize> {
        layer
            .iter()
            .filter_map(|slot| match slot {
                Slot::Station(i) => Some(*i),
                Slot::Through(_) => None,
            })
            .collect()
    };
    let mut columns: Vec<Vec<usize>> = map
        .layers
        .iter()
        .map(|layer| {
            stations(layer)
                .into_iter()
                .filter(|&i| !is_end(i))
                .collect()
        })
        .filter(|c: &Vec<usize>| !c.is_empty())
        .collect();
    let end_steps: Vec<usize> = map
        .layers
        .iter()
        .flat_map(stations)
        .filter(|&i| is_end(i))
        .collect();
    columns.extend(end_steps.chunks(ends.max(1)).map(<[usize]>::to_vec));
    columns
}

/// The chart at title size `s` with cards `card_em` wide and `ends` end steps
/// to a column, or `None` if it does not fit `sheet`.
fn at(
    input: &Input,
    map: &RouteMap,
    sheet: &Sheet,
    s: f32,
    card_em: f32,
    ends: usize,
) -> Option<Chart> {
    let z = Sizes::new(s, card_em);
    let roadmap = input.roadmap;
    let n = roadmap.steps.len();
    if input.stations.len() != n || n == 0 {
        return None;
    }
    // A fiftieth of the short side, and never under the 5 mm a printer leaves.
    let margin = (0.02 * sheet.short()).max(5.0 * sheet.px_per_mm);
    let inner_w = sheet.width - 2.0 * margin;
    // Columns: the layers, each in the order that untangles its lines.
    let columns = columns(map, roadmap, ends);
    let mut col_of = vec![0; n];
    let mut numbers = vec![0; n];
    for (c, column) in columns.iter().enumerate() {
        for &step in column {
            col_of[step] = c;
        }
    }
    for (k, &step) in columns.iter().flatten().enumerate() {
        numbers[step] = k + 1;
    }
    // A line joins neighbouring columns; the most lines in one gap set its width.
    let next_column = |i: usize| {
        let l = &map.lines[i];
        !l.back && col_of[l.to] == col_of[l.from] + 1
    };
    let most_tracks = (0..columns.len())
        .map(|c| {
            (0..map.lines.len())
                .filter(|&i| next_column(i) && col_of[map.lines[i].from] == c)
                .count()
        })
        .max()
        .unwrap_or(0) as f32;
    let gap_min = 0.8 * s + most_tracks * z.track;
    let per_band = (((inner_w + gap_min) / (z.card_w + gap_min)).floor() as usize).max(1);
    let per_band = per_band.min(columns.len().max(1));
    let gap = if per_band > 1 {
        (inner_w - per_band as f32 * z.card_w) / (per_band - 1) as f32
    } else {
        0.0
    };
    if gap < gap_min && per_band > 1 || z.card_w > inner_w {
        return None;
    }
    let band_of = |column: usize| column / per_band;
    let drawn = |i: usize| {
        let l = &map.lines[i];
        next_column(i) && band_of(col_of[l.from]) == band_of(col_of[l.to])
    };
    // Each card's slot, with a connector for every choice not drawn as a line.
    let slots: Vec<Placed> = (0..n)
        .map(|step| {
            let connectors: Vec<(usize, bool, String)> = (0..map.lines.len())
                .filter(|&i| map.lines[i].from == step && !drawn(i))
                .map(|i| {
                    let l = &map.lines[i];
                    let word = if l.back {
                        &input.words.back_to
                    } else {
                        &input.words.go_to
                    };
                    let to = l.to;
                    (
                        to,
                        l.back,
                        format!("{word} → {} {}", numbers[to], input.stations[to].title),
                    )
                })
                .collect();
            slot(&z, step, numbers[step], &input.stations[step], &connectors)
        })
        .collect();
    let slot_gap = 0.25 * s;
    let column_h = |c: usize| {
        columns[c].iter().map(|&i| slots[i].height).sum::<f32>()
            + columns[c].len().saturating_sub(1) as f32 * slot_gap
    };
    let bands: Vec<Vec<usize>> = (0..columns.len())
        .collect::<Vec<_>>()
        .chunks(per_band)
        .map(<[usize]>::to_vec)
        .collect();
    let mut band_h: Vec<f32> = bands
        .iter()
        .map(|b| b.iter().map(|&c| column_h(c)).fold(0.0, f32::max))
        .collect();
    let band_gap = 0.6 * s;
    // Title block, foot and the map's room on each page.
    let head = heading(input, &z, margin, margin, inner_w, false);
    let head_h = height(&head, margin).max(height(
        &heading(input, &z, margin, margin, inner_w, true),
        margin,
    ));
    // The foot goes into the free columns beside the last band when it fits
    // there whole (side by side, or the QR codes under the legend): a corner a
    // flow chart would leave empty. Otherwise it runs across the sheet's foot.
    let used = bands.last().map_or(0, Vec::len);
    let corner = (used < per_band)
        .then(|| {
            let cx = margin + used as f32 * (z.card_w + gap);
            let cw = margin + inner_w - cx;
            ARRANGEMENTS
                .into_iter()
                .map(|a| footer(input, &z, cx, cw, a))
                .find(|f| f.whole)
        })
        .flatten();
    let (foot, foot_h) = match &corner {
        Some(f) => {
            if let Some(h) = band_h.last_mut() {
                *h = h.max(f.height);
            }
            (Vec::new(), 0.0)
        }
        None => {
            // Across the sheet's foot: every QR code and every legend entry
            // whole, or this size does not fit.
            let f = ARRANGEMENTS
                .into_iter()
                .map(|a| footer(input, &z, margin, inner_w, a))
                .find(|f| f.whole)?;
            (f.blocks, f.height)
        }
    };
    let section_gap = 0.5 * s;
    let room = |last: bool| {
        sheet.height
            - 2.0 * margin
            - head_h
            - section_gap
            - if last && corner.is_none() {
                foot_h + section_gap
            } else {
                0.0
            }
    };
    let stack = |bs: &[f32]| bs.iter().sum::<f32>() + bs.len().saturating_sub(1) as f32 * band_gap;
    // Which bands go on which page.
    let split: Vec<std::ops::Range<usize>> = if sheet.pages == 1 {
        if stack(&band_h) > room(true) {
            return None;
        }
        let all = 0..bands.len();
        vec![all]
    } else {
        // As many bands on the first page as fit; the rest and the foot on the second.
        let mut m = 0;
        while m < bands.len() && stack(&band_h[..=m]) <= room(false) {
            m += 1;
        }
        if m == 0 || stack(&band_h[m..]) > room(true) {
            return None;
        }
        vec![0..m, m..bands.len()]
    };
    let pages_n = split.len();
    let mut pages = Vec::new();
    for (p, range) in split.into_iter().enumerate() {
        let last = p + 1 == pages_n;
        let mut blocks = if p == 0 {
            head.clone()
        } else {
            heading(input, &z, margin, margin, inner_w, true)
        };
        let map_top = margin + head_h + section_gap;
        let map_room = room(last);
        let hs = &band_h[range.clone()];
        // Spare height spreads between the bands, a little at most.
        let spare = (map_room - stack(hs)).max(0.0);
        let extra = if hs.len() > 1 {
            (spare / (hs.len() - 1) as f32).min(2.0 * s)
        } else {
            0.0
        };
        let mut y = map_top;
        let mut cards = vec![None; n];
        for (b, h) in range.clone().zip(hs) {
            if let (Some(f), true) = (&corner, b + 1 == bands.len()) {
                let mut f = f.blocks.clone();
                shift(&mut f, 0.0, y);
                blocks.extend(f);
            }
            for (j, &c) in bands[b].iter().enumerate() {
                let x = margin + j as f32 * (z.card_w + gap);
                let mut sy = y;
                for &step in &columns[c] {
                    let mut sl = slots[step].clone();
                    shift(&mut sl.blocks, x, sy);
                    cards[step] = Some(Rect {
                        x: sl.card.x + x,
                        y: sl.card.y + sy,
                        ..sl.card
                    });
                    blocks.extend(sl.blocks);
                    sy += sl.height + slot_gap;
                }
            }
            y += h + band_gap + extra;
        }
        let map_rect = Rect {
            x: margin,
            y: map_top,
            w: inner_w,
            h: y - band_gap - extra - map_top,
        };
        // The lines of this page, by the gap they run in.
        let mut pieces = Vec::new();
        let entry = |r: &Rect| r.y + z.pad + s * CHART_LINE / 2.0;
        for c in range.clone().flat_map(|b| bands[b].clone()) {
            let mut here: Vec<(usize, f32, f32)> = (0..map.lines.len())
                .filter(|&i| drawn(i) && col_of[map.lines[i].from] == c)
                .filter_map(|i| {
                    let l = &map.lines[i];
                    Some((i, entry(&cards[l.from]?), entry(&cards[l.to]?)))
                })
                .collect();
            here.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.2.total_cmp(&b.2)));
            let count = here.len() as f32;
            for (t, &(i, ys, yt)) in here.iter().enumerate() {
                let l = &map.lines[i];
                let (Some(from), Some(to)) = (cards[l.from], cards[l.to]) else {
                    continue;
                };
                let half = z.line / 2.0;
                let mid = (from.right() + to.x) / 2.0;
                let tx = mid + (t as f32 - (count - 1.0) / 2.0) * z.track;
                pieces.push(Piece {
                    line: i,
                    rect: Rect {
                        x: from.right(),
                        y: ys - half,
                        w: tx - from.right() + half,
                        h: z.line,
                    },
                });
                pieces.push(Piece {
                    line: i,
                    rect: Rect {
                        x: tx - half,
                        y: ys.min(yt) - half,
                        w: z.line,
                        h: (ys - yt).abs() + z.line,
                    },
                });
                pieces.push(Piece {
                    line: i,
                    rect: Rect {
                        x: tx - half,
                        y: yt - half,
                        w: to.x - tx + half,
                        h: z.line,
                    },
                });
            }
        }
        if last && corner.is_none() {
            let mut f = foot.clone();
            let top = sheet.height - margin - foot_h;
            shift(&mut f, 0.0, top);
            blocks.extend(f);
        }
        pages.push(Page {
            blocks,
            pieces,
            map: map_rect,
        });
    }
    Some(Chart {
        pages,
        size: s,
        numbers,
        line: z.line,
        map: map.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> crate::content::Content {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        crate::content::load(&root).expect("the default content loads")
    }

    /// The words of assets/messages/zh-CN.ron.
    fn words() -> Words {
        Words {
            title: "依法依规信访“路线图”".into(),
            subtitle: "条文出自《信访工作条例》。跟着线走；看到“转到”，就找那个号。".into(),
            go_to: "转到".into(),
            back_to: "回到".into(),
            legend_title: "图例".into(),
            legend_number: "站号：每一步的编号".into(),
            legend_line: "线：接着走的下一步".into(),
            legend_connector: "转到：去那个号的一步".into(),
            legend_agency: "机关的期限：机关要在这些天内办".into(),
            legend_citizen: "您的期限：您要在这些天内提出".into(),
            continued: "（续）".into(),
            bureau_title: "来访请到".into(),
        }
    }

    fn input(content: &crate::content::Content, bureau: bool) -> Input<'_> {
        let roadmap = content.roadmap.as_ref().expect("a roadmap");
        Input {
            roadmap,
            stations: roadmap
                .steps
                .iter()
                .map(|step| Station {
                    title: step.title.clone(),
                    ask: step.ask.clone(),
                    cite: content.citation_line(&step.citations),
                    limit: step
                        .limit
                        .as_ref()
                        .map(|l| (l.who, format!("{} {}日", l.label, l.days))),
                })
                .collect(),
            words: words(),
            bureau: bureau.then(|| {
                vec![
                    "湖滨区信访局".into(),
                    "地址：湖滨区人民路100号 区信访接待服务中心一楼".into(),
                    "接待时间：周一至周五 8:30—12:00、14:30—17:30".into(),
                    "电话：0571-12345678".into(),
                ]
            }),
            qr: vec!["国家信访局网上信访".into(), "国家信访局网站".into()],
        }
    }

    const MM: f32 = 300.0 / 25.4;

    /// A paper size in pixels at 300 dpi, portrait or landscape.
    fn paper(name: &str, landscape: bool) -> (f32, f32) {
        let (w, h) = match name {
            "A1" => (594.0, 841.0),
            "A2" => (420.0, 594.0),
            "A3" => (297.0, 420.0),
            _ => (210.0, 297.0),
        };
        let (w, h) = ((w * MM).round(), (h * MM).round());
        if landscape { (h, w) } else { (w, h) }
    }

    fn overlaps(a: &Rect, b: &Rect) -> bool {
        a.x < b.right() - 0.5
            && b.x < a.right() - 0.5
            && a.y < b.bottom() - 0.5
            && b.y < a.bottom() - 0.5
    }

    /// Every rule the chart keeps, on every page.
    fn check(chart: &Chart, sheet: &Sheet, what: &str) {
        let sheet_rect = Rect {
            x: 0.0,
            y: 0.0,
            w: sheet.width,
            h: sheet.height,
        };
        assert!(
            chart.pages.len() <= sheet.pages,
            "{what}: {} pages",
            chart.pages.len()
        );
        for (p, page) in chart.pages.iter().enumerate() {
            assert!(
                page.map.w >= 0.8 * sheet.width,
                "{what} p{p}: the map is {} of {} wide",
                page.map.w,
                sheet.width
            );
            for (i, a) in page.blocks.iter().enumerate() {
                assert!(
                    sheet_rect.contains(&a.rect),
                    "{what}: {a:?} leaves the sheet"
                );
                for l in &a.labels {
                    assert!(
                        a.rect.contains(&l.rect()),
                        "{what}: {:?} leaves its block {:?}",
                        l,
                        a.kind
                    );
                    if let Some(m) = a.marker.filter(|_| !matches!(a.kind, Kind::Number { .. })) {
                        assert!(!overlaps(&m, &l.rect()), "{what}: {l:?} on its marker");
                    }
                }
                if let Some(m) = &a.marker {
                    assert!(a.rect.contains(m), "{what}: marker of {:?} outside", a.kind);
                }
                for b in &page.blocks[i + 1..] {
                    // A number's disc sits on its own card's edge.
                    if let (Kind::Card { step: x }, Kind::Number { step: y })
                    | (Kind::Number { step: y }, Kind::Card { step: x }) = (a.kind, b.kind)
                        && x == y
                    {
                        continue;
                    }
                    assert!(
                        !overlaps(&a.rect, &b.rect),
                        "{what}: {:?} {:?} and {:?} {:?} overlap",
                        a.kind,
                        a.rect,
                        b.kind,
                        b.rect
                    );
                }
            }
            for piece in &page.pieces {
                assert!(sheet_rect.contains(&piece.rect), "{what}: {piece:?} leaves");
                let line = &chart.map.lines[piece.line];
                for b in &page.blocks {
                    let serves = match b.kind {
                        Kind::Card { step } | Kind::Number { step } => {
                            step == line.from || step == line.to
                        }
                        _ => false,
                    };
                    if !serves {
                        assert!(
                            !overlaps(&piece.rect, &b.rect),
                            "{what}: line {} → {} crosses {:?}",
                            line.from,
                            line.to,
                            b.kind
                        );
                    }
                }
            }
        }
        // Every step is a card once, and every choice a line or a connector.
        let cards: Vec<usize> = chart
            .pages
            .iter()
            .flat_map(|p| &p.blocks)
            .filter_map(|b| match b.kind {
                Kind::Card { step } => Some(step),
                _ => None,
            })
            .collect();
        let mut sorted = cards.clone();
        sorted.sort_unstable();
        assert_eq!(
            sorted,
            (0..chart.numbers.len()).collect::<Vec<_>>(),
            "{what}"
        );
        for (i, line) in chart.map.lines.iter().enumerate() {
            let as_line = chart
                .pages
                .iter()
                .any(|p| p.pieces.iter().any(|x| x.line == i));
            let as_connector = chart.pages.iter().flat_map(|p| &p.blocks).any(|b| {
                b.kind
                    == Kind::Connector {
                        from: line.from,
                        to: line.to,
                        back: line.back,
                    }
            });
            assert!(as_line != as_connector, "{what}: choice {i} shown once");
        }
    }

    #[test]
    fn every_a_size_either_way_round_is_legible_and_tidy() {
        let content = shipped();
        for bureau in [false, true] {
            let input = input(&content, bureau);
            for name in ["A1", "A2", "A3", "A4"] {
                for landscape in [false, true] {
                    let (w, h) = paper(name, landscape);
                    let what = format!("{name} landscape={landscape} bureau={bureau}");
                    let sheet = Sheet::new(w, h, 300.0, 1);
                    let chart = lay_out(&input, &sheet).unwrap_or_else(|| panic!("{what}"));
                    println!(
                        "{what}: station {:.2} mm of ink (min {:.2}), {} page(s)",
                        chart.station_mm(&sheet),
                        min_station_mm(&sheet),
                        chart.pages.len()
                    );
                    // Upright and turned, every A size reads from its distance
                    // on one page.
                    assert!(
                        chart.station_mm(&sheet) >= min_station_mm(&sheet),
                        "{what}: {} mm",
                        chart.station_mm(&sheet)
                    );
                    assert_eq!(chart.pages.len(), 1, "{what}");
                    // The legend's five entries and every QR code are there.
                    let blocks = &chart.pages[0].blocks;
                    let count = |f: fn(&Kind) -> bool| blocks.iter().filter(|b| f(&b.kind)).count();
                    assert_eq!(count(|k| matches!(k, Kind::Legend(_))), 5, "{what}");
                    for b in blocks {
                        if matches!(b.kind, Kind::Legend(_) | Kind::LegendTitle) {
                            assert!(
                                b.labels.iter().all(|l| !l.text.ends_with('…')),
                                "{what}: a legend entry cut: {:?}",
                                b.labels
                            );
                        }
                    }
                    assert_eq!(
                        count(|k| matches!(k, Kind::Qr { .. })),
                        input.qr.len(),
                        "{what}"
                    );
                    assert_eq!(count(|k| *k == Kind::Bureau), usize::from(bureau), "{what}");
                    check(&chart, &sheet, &what);
                }
            }
        }
    }

    #[test]
    fn the_sizes_the_issue_asks_for() {
        let sheet = |name, pages| {
            let (w, h) = paper(name, false);
            Sheet::new(w, h, 300.0, pages)
        };
        assert!((min_station_mm(&sheet("A2", 1)) - 8.0).abs() < 0.05);
        assert!((min_station_mm(&sheet("A4", 1)) - 4.0).abs() < 0.05);
        let content = shipped();
        let input = input(&content, true);
        let a2 = sheet("A2", 1);
        let chart = lay_out(&input, &a2).unwrap();
        assert!(chart.station_mm(&a2) >= 8.0, "{}", chart.station_mm(&a2));
        // A station's title in pixels, at 300 dpi: 1 mm = 11.81 px.
        assert!(chart.size * GLYPH_INK_PER_EM >= 8.0 * 11.81);
        let a4 = sheet("A4", 1);
        let chart = lay_out(&input, &a4).unwrap();
        assert!(chart.station_mm(&a4) >= 4.0, "{}", chart.station_mm(&a4));
        assert!(chart.size * GLYPH_INK_PER_EM >= 4.0 * 11.81);
    }

    #[test]
    fn a_leaflet_on_two_pages_has_larger_type_and_keeps_every_rule() {
        let content = shipped();
        let input = input(&content, true);
        for landscape in [false, true] {
            let (w, h) = paper("A4", landscape);
            let one = Sheet::new(w, h, 300.0, 1);
            let two = Sheet::new(w, h, 300.0, 2);
            let (a, b) = (
                lay_out(&input, &one).unwrap(),
                lay_out(&input, &two).unwrap(),
            );
            assert_eq!(b.pages.len(), 2);
            assert!(b.size > a.size * 1.15, "{} → {}", a.size, b.size);
            assert!(b.station_mm(&two) >= 4.0, "{}", b.station_mm(&two));
            check(&b, &two, &format!("A4 two pages landscape={landscape}"));
            // The legend and QR codes are on the last page; the title on both.
            assert!(
                b.pages[1]
                    .blocks
                    .iter()
                    .any(|x| matches!(x.kind, Kind::Qr { .. }))
            );
            assert!(
                !b.pages[0]
                    .blocks
                    .iter()
                    .any(|x| matches!(x.kind, Kind::Qr { .. }))
            );
            for page in &b.pages {
                assert!(page.blocks.iter().any(|x| x.kind == Kind::Heading));
            }
        }
    }

    #[test]
    fn a_custom_size_fits_too() {
        let content = shipped();
        let input = input(&content, false);
        for (w, h) in [(1240.0, 1754.0), (3000.0, 2000.0), (2000.0, 6000.0)] {
            let sheet = Sheet::new(w, h, 300.0, 1);
            let chart = lay_out(&input, &sheet).expect("fits");
            check(&chart, &sheet, &format!("{w}x{h}"));
        }
    }

    #[test]
    fn long_jumps_and_band_breaks_become_connectors_naming_the_number() {
        let content = shipped();
        let input = input(&content, false);
        let (w, h) = paper("A2", false);
        let sheet = Sheet::new(w, h, 300.0, 1);
        let chart = lay_out(&input, &sheet).unwrap();
        let roadmap = content.roadmap.as_ref().unwrap();
        let overdue = roadmap.position("overdue").unwrap();
        let connectors: Vec<&Block> = chart.pages[0]
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, Kind::Connector { to, .. } if to == overdue))
            .collect();
        // Six steps lead to 过期或迟迟没有消息, from all over the chart: none by a
        // long line.
        assert!(connectors.len() >= 5, "{}", connectors.len());
        let number = chart.numbers[overdue].to_string();
        for c in connectors {
            let text = &c.labels[0].text;
            assert!(text.starts_with("转到 → "), "{text}");
            assert!(text.contains(&format!(" {number} ")), "{text}");
        }
        // Every line drawn joins neighbouring columns: none is long.
        for piece in &chart.pages[0].pieces {
            let l = &chart.map.lines[piece.line];
            assert_eq!(chart.map.layer_of[l.to], chart.map.layer_of[l.from] + 1);
        }
    }

    #[test]
    fn each_card_says_what_the_step_asks_and_its_limit_whose_it_is() {
        let content = shipped();
        let input = input(&content, false);
        let (w, h) = paper("A2", false);
        let chart = lay_out(&input, &Sheet::new(w, h, 300.0, 1)).unwrap();
        let roadmap = content.roadmap.as_ref().unwrap();
        let review = roadmap.position("review").unwrap();
        let blocks = &chart.pages[0].blocks;
        let card = blocks
            .iter()
            .find(|b| b.kind == Kind::Card { step: review })
            .unwrap();
        let text: String = card.labels.iter().map(|l| l.text.as_str()).collect();
        assert!(text.contains("复查"), "{text}");
        assert!(text.contains("30日内请上一级复查"), "{text}");
        assert!(text.contains("第三十五条"), "{text}");
        let badge = blocks
            .iter()
            .find(|b| matches!(b.kind, Kind::Badge { step, .. } if step == review))
            .unwrap();
        assert_eq!(
            badge.kind,
            Kind::Badge {
                step: review,
                who: Who::Citizen
            }
        );
        assert!(badge.labels[0].text.starts_with("您"), "{:?}", badge.labels);
        // The badge sits on its card's slot, just above it.
        assert!(
            badge.rect.bottom() <= card.rect.y && card.rect.y - badge.rect.bottom() < chart.size
        );
    }
}
