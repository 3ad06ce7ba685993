//! The roadmap drawn as a route map, in the manner of a metro map or a government
//! flow chart: steps are stations, choices are lines between them, a step's time
//! limit sits on the line into it. Laid out automatically from `roadmap.ron`
//! (layered, Sugiyama style) so an edit by staff redraws it:
//!
//! 1. each step gets a layer, the longest route from the start to it, so every
//!    line runs one way (down the screen, or across a poster);
//! 2. a line that skips layers passes through a reserved slot in each layer it
//!    crosses, so it never runs through a station;
//! 3. stations in a layer are ordered by the mean place of their neighbours, a few
//!    sweeps down and up, to untangle the lines;
//! 4. [`place`] turns layers and slots into rectangles for a given type size.
//!
//! A line back to an earlier step is not drawn back up the map: as on the wall
//! chart, it is a short stub from its station to a marker, "回到 → 选择反映方式",
//! hung under that station (the lines on from the station leave below it). On a
//! [`RouteMap::compact`] map (the touch guide's), so is every line that would skip
//! a layer ("转到 → 过期或迟迟没有消息"): no line runs past a layer.

// Indices here are positions the layout makes itself (of steps, lines, layers and
// slots, all from one validated Roadmap), never numbers read from a file.
#![allow(clippy::indexing_slicing)]

use super::layout::{text_width_em, wrap};
use super::pages::{LINE_HEIGHT, Rect, widest};
use super::roadmap::Roadmap;

/// What occupies a slot of a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    /// A step, by its position in the roadmap.
    Station(usize),
    /// A line passing through, by its index in [`RouteMap::lines`].
    Through(usize),
}

/// A choice drawn as a line from one station to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub from: usize,
    pub to: usize,
    /// Which choice of `from` it is.
    pub choice: usize,
    /// Leads back to an earlier layer.
    pub back: bool,
    /// Drawn as a stub and a marker instead of a line: every line back, and on a
    /// compact map every line that skips a layer.
    pub jump: bool,
}

/// The route map before it has a size: layers of slots, and the lines.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteMap {
    pub layers: Vec<Vec<Slot>>,
    pub lines: Vec<Line>,
    /// Layer of each step.
    pub layer_of: Vec<usize>,
}

impl RouteMap {
    /// Lays out `roadmap`'s steps in layers and orders each layer; a line that
    /// skips layers passes through a slot of each.
    pub fn new(roadmap: &Roadmap) -> Self {
        Self::build(roadmap, false)
    }

    /// As [`RouteMap::new`], but a line that skips a layer is a jump, drawn as a
    /// marker under its station: lines only join neighbouring layers.
    pub fn compact(roadmap: &Roadmap) -> Self {
        Self::build(roadmap, true)
    }

    fn build(roadmap: &Roadmap, compact: bool) -> Self {
        let n = roadmap.steps.len();
        let mut lines = Vec::new();
        for (from, step) in roadmap.steps.iter().enumerate() {
            for (choice, c) in step.choices.iter().enumerate() {
                if let Some(to) = roadmap.position(&c.next) {
                    lines.push(Line {
                        from,
                        to,
                        choice,
                        back: false,
                        jump: false,
                    });
                }
            }
        }
        mark_back_lines(n, &mut lines);
        let layer_of = longest_route_layers(n, &lines);
        for line in &mut lines {
            line.jump = line.back || (compact && layer_of[line.to] > layer_of[line.from] + 1);
        }
        let depth = layer_of.iter().max().map_or(0, |d| d + 1);
        let mut layers: Vec<Vec<Slot>> = vec![Vec::new(); depth];
        for (step, &layer) in layer_of.iter().enumerate() {
            layers[layer].push(Slot::Station(step));
        }
        for (i, line) in lines.iter().enumerate() {
            if line.jump {
                continue;
            }
            for layer in layers
                .iter_mut()
                .take(layer_of[line.to])
                .skip(layer_of[line.from] + 1)
            {
                layer.push(Slot::Through(i));
            }
        }
        let mut map = RouteMap {
            layers,
            lines,
            layer_of,
        };
        map.untangle();
        map
    }

    /// The slots a forward line passes through, from its station to the next.
    fn hops(&self, line: usize) -> Vec<Slot> {
        let Line { from, to, .. } = self.lines[line];
        let mut out = vec![Slot::Station(from)];
        for l in self.layer_of[from] + 1..self.layer_of[to] {
            if self.layers[l].contains(&Slot::Through(line)) {
                out.push(Slot::Through(line));
            }
        }
        out.push(Slot::Station(to));
        out
    }

    /// Neighbours of each slot in the layer above (`up`) or below, as slot pairs.
    fn links(&self) -> Vec<(Slot, Slot)> {
        (0..self.lines.len())
            .filter(|&i| !self.lines[i].jump)
            .flat_map(|i| {
                let hops = self.hops(i);
                hops.windows(2).map(|w| (w[0], w[1])).collect::<Vec<_>>()
            })
            .collect()
    }

    /// Orders each layer by the mean place of its neighbours, sweeping down then up.
    fn untangle(&mut self) {
        let links = self.links();
        for sweep in 0..4 {
            let down = sweep % 2 == 0;
            let order: Vec<usize> = if down {
                (1..self.layers.len()).collect()
            } else {
                (0..self.layers.len().saturating_sub(1)).rev().collect()
            };
            for l in order {
                let neighbour_layer = if down { l - 1 } else { l + 1 };
                let place = |s: Slot| {
                    self.layers[neighbour_layer]
                        .iter()
                        .position(|x| *x == s)
                        .map(|k| k as f32)
                };
                let mut keyed: Vec<(f32, usize, Slot)> = self.layers[l]
                    .iter()
                    .enumerate()
                    .map(|(k, &slot)| {
                        let near: Vec<f32> = links
                            .iter()
                            .filter_map(|&(a, b)| {
                                if down && b == slot {
                                    place(a)
                                } else if !down && a == slot {
                                    place(b)
                                } else {
                                    None
                                }
                            })
                            .collect();
                        let key = if near.is_empty() {
                            k as f32
                        } else {
                            near.iter().sum::<f32>() / near.len() as f32
                        };
                        (key, k, slot)
                    })
                    .collect();
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                self.layers[l] = keyed.into_iter().map(|(_, _, s)| s).collect();
            }
        }
    }

    /// Number of crossings between lines of adjacent layers (for tests and tuning).
    pub fn crossings(&self) -> usize {
        let links = self.links();
        let mut count = 0;
        for pair in self.layers.windows(2) {
            let (upper, lower) = (&pair[0], &pair[1]);
            // A line passing through is the same slot in many layers: place each
            // link by where its ends are in these two.
            let placed: Vec<(usize, usize)> = links
                .iter()
                .filter_map(|(a, b)| {
                    Some((
                        upper.iter().position(|s| s == a)?,
                        lower.iter().position(|s| s == b)?,
                    ))
                })
                .collect();
            for (i, &(a1, b1)) in placed.iter().enumerate() {
                for &(a2, b2) in &placed[i + 1..] {
                    if a1 != a2 && b1 != b2 && (a1 < a2) != (b1 < b2) {
                        count += 1;
                    }
                }
            }
        }
        count
    }
}

/// Marks lines that close a loop (found by a walk from the start) as going back.
fn mark_back_lines(n: usize, lines: &mut [Line]) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; n];
    let mut stack = Vec::new();
    for root in 0..n {
        if mark[root] != Mark::New {
            continue;
        }
        stack.push((root, 0usize));
        mark[root] = Mark::Open;
        while let Some(&mut (at, ref mut next)) = stack.last_mut() {
            let out: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].from == at).collect();
            if let Some(&i) = out.get(*next) {
                *next += 1;
                let to = lines[i].to;
                match mark[to] {
                    Mark::New => {
                        mark[to] = Mark::Open;
                        stack.push((to, 0));
                    }
                    Mark::Open => lines[i].back = true,
                    Mark::Done => {}
                }
            } else {
                mark[at] = Mark::Done;
                stack.pop();
            }
        }
    }
}

/// Layer of each step: the longest route to it from any step no line leads to.
fn longest_route_layers(n: usize, lines: &[Line]) -> Vec<usize> {
    let mut layer = vec![0; n];
    // Relaxing n times settles every longest route of an acyclic graph.
    for _ in 0..n {
        let mut changed = false;
        for line in lines.iter().filter(|l| !l.back) {
            if layer[line.to] < layer[line.from] + 1 {
                layer[line.to] = layer[line.from] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    layer
}

/// How the layers run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Layers are rows, the route runs down (a page beside the step, a totem).
    Down,
    /// Layers are columns, the route runs left to right (a poster, a wide screen).
    Across,
}

/// Type and spacing of a drawn map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Type size of station names.
    pub size: f32,
    /// Widest a station name may be before it wraps, in em.
    pub name_em: f32,
    /// Thickness of a line.
    pub line: f32,
    pub direction: Direction,
}

impl Style {
    /// A map of type size `size` running `direction`, whose station names wrap
    /// to fit `breadth` pixels across the layers (never under four characters a
    /// line; a line passing through takes little room).
    pub fn for_breadth(map: &RouteMap, size: f32, breadth: f32, direction: Direction) -> Style {
        let slots = map
            .layers
            .iter()
            .map(|layer| {
                layer
                    .iter()
                    .map(|s| match s {
                        Slot::Station(_) => 1.0,
                        Slot::Through(_) => 0.15,
                    })
                    .sum::<f32>()
            })
            .fold(1.0, f32::max);
        Style {
            size,
            name_em: ((breadth / slots - size * 1.6) / size).max(4.0),
            line: (size * 0.18).max(3.0).round(),
            direction,
        }
    }
}

/// `style` scaled so that the map, placed, fills `bounds` (width, height) as
/// far as it can without leaving them: a poster's map as large as the sheet
/// allows.
pub fn fit(
    map: &RouteMap,
    roadmap: &Roadmap,
    style: &Style,
    bounds: (f32, f32),
    limit_text: impl Fn(usize) -> Option<String>,
    words: (&str, &str),
) -> Style {
    let mut style = *style;
    if bounds.0 <= 0.0 || bounds.1 <= 0.0 {
        return style;
    }
    // Wrapping and rounding make size and extent not quite proportional: a few
    // rounds settle it, and the last ones only ever shrink it.
    for round in 0..20 {
        let placed = place(map, roadmap, &style, &limit_text, words);
        let k = (bounds.0 / placed.width.max(1.0)).min(bounds.1 / placed.height.max(1.0));
        if (0.97..=1.0).contains(&k) || (round >= 10 && k >= 0.97) {
            break;
        }
        let k = if k > 1.0 && round < 10 {
            k * 0.995
        } else {
            k.min(0.99)
        };
        style.size *= k;
        style.line = (style.line * k).max(2.0);
    }
    style
}

/// A station placed: its box and its name set in lines.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedStation {
    pub step: usize,
    pub rect: Rect,
    pub name: Vec<String>,
}

/// A time limit on the line into a step.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLimit {
    pub step: usize,
    pub rect: Rect,
    pub text: String,
}

/// A jump (a line back, or on a compact map one that skips a layer), drawn as
/// a marker under the station it leaves: "回到 → 选择反映方式".
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedReturn {
    /// The line's index in [`RouteMap::lines`].
    pub line: usize,
    pub back: bool,
    /// The step it leads back to.
    pub to: usize,
    pub rect: Rect,
    /// Its words set in lines, at [`RETURN_SIZE`] times the station's size.
    pub text: Vec<String>,
}

/// A return marker's type size, as a share of the stations'.
pub const RETURN_SIZE: f32 = 0.85;

/// The map with a size: stations, lines as straight pieces, time limits and the
/// markers of the lines back.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedMap {
    pub stations: Vec<PlacedStation>,
    /// Straight, axis-aligned pieces of line, each tagged with its line's index.
    pub pieces: Vec<(usize, Rect)>,
    pub limits: Vec<PlacedLimit>,
    pub returns: Vec<PlacedReturn>,
    pub width: f32,
    pub height: f32,
}

/// Most lines a station's name takes on the map: a longer title (`check` warns
/// about it) ends in "…" rather than growing its station into a column that
/// squeezes the rest of the map. The step's own page shows it whole.
pub const STATION_LINES: usize = 3;

/// A step's title set as its station's name: wrapped to `name_em` and cut to
/// [`STATION_LINES`] lines.
pub fn station_name(title: &str, name_em: f32) -> Vec<String> {
    let mut lines = wrap(title, name_em);
    if lines.len() > STATION_LINES {
        lines.truncate(STATION_LINES);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && text_width_em(last) + 1.0 > name_em {
                last.pop();
            }
            last.push('…');
        }
    }
    lines
}

/// One side of a box (width, height): along a layer or across layers.
type Measure = fn((f32, f32)) -> f32;

/// How long the stub of a line back is, from its station to its marker, at
/// type size `size`.
pub fn stub(size: f32) -> f32 {
    size * 0.5
}

/// Places `map` for `roadmap` at `style`, from (0, 0); `limit_text` says how a
/// step's time limit reads on the line into it, `words` the words before a
/// marker's step: on (转到) and back (回到).
pub fn place(
    map: &RouteMap,
    roadmap: &Roadmap,
    style: &Style,
    limit_text: &impl Fn(usize) -> Option<String>,
    words: (&str, &str),
) -> PlacedMap {
    let s = style.size;
    let names: Vec<Vec<String>> = roadmap
        .steps
        .iter()
        .map(|step| station_name(&step.title, style.name_em))
        .collect();
    let pad = s * 0.4;
    let box_of = |step: usize| {
        let lines = &names[step];
        (
            widest(lines, s) + 2.0 * pad,
            lines.len() as f32 * s * LINE_HEIGHT + 2.0 * pad,
        )
    };
    // Each station's markers of lines back, in the order of its choices.
    let rs = s * RETURN_SIZE;
    let rpad = rs * 0.3;
    let returns_of: Vec<Vec<(usize, Vec<String>)>> = (0..roadmap.steps.len())
        .map(|step| {
            map.lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.jump && l.from == step)
                .map(|(i, l)| {
                    let title = roadmap.steps.get(l.to).map_or("", |t| t.title.as_str());
                    let word = if l.back { words.1 } else { words.0 };
                    let words = format!("{word} → {title}");
                    (i, station_name(&words, style.name_em / RETURN_SIZE))
                })
                .collect()
        })
        .collect();
    let return_box = |lines: &[String]| {
        (
            widest(lines, rs) + 2.0 * rpad,
            lines.len() as f32 * rs * LINE_HEIGHT + 2.0 * rpad,
        )
    };
    let limit_size = s * 0.85;
    let limit_box = |text: &str| {
        (
            text_width_em(text) * limit_size + limit_size * 0.8,
            limit_size * LINE_HEIGHT + limit_size * 0.3,
        )
    };
    // Along a layer every slot is as wide as the widest station; across layers,
    // each layer is as deep as its deepest station, and the gap after it holds a
    // track for each station that leads on, then room for the time limits.
    let (along, deep): (Measure, Measure) = match style.direction {
        Direction::Down => (|b| b.0, |b| b.1),
        Direction::Across => (|b| b.1, |b| b.0),
    };
    let slot = (0..roadmap.steps.len())
        .map(|i| along(box_of(i)))
        .chain(
            returns_of
                .iter()
                .flatten()
                .map(|(_, t)| along(return_box(t))),
        )
        .fold(0.0, f32::max)
        + s * 0.8;
    // A station with its markers hung after it, across layers.
    let hung = |i: usize| {
        returns_of[i]
            .iter()
            .map(|(_, t)| stub(s) + deep(return_box(t)))
            .sum::<f32>()
    };
    let deep_of = |i: usize| deep(box_of(i)) + hung(i);
    let track = style.line * 3.0;
    let limit_deep = (0..roadmap.steps.len())
        .filter_map(|i| limit_text(i).map(|t| deep(limit_box(&t))))
        .fold(0.0, f32::max);
    // Depth of each layer: its deepest station (every layer has one, as each
    // step's layer is one more than a step before it).
    let depths: Vec<f32> = map
        .layers
        .iter()
        .map(|layer| {
            layer
                .iter()
                .filter_map(|slot| match slot {
                    Slot::Station(i) => Some(deep_of(*i)),
                    Slot::Through(_) => None,
                })
                .fold(0.0, f32::max)
        })
        .collect();
    let links = map.links();
    // Layer starts, and the tracks in the gap after each: one for each station
    // that leads on and each line passing through.
    let mut start = Vec::new();
    let mut at = 0.0;
    let mut tracks_after = Vec::new();
    for (layer, depth) in map.layers.iter().zip(&depths) {
        start.push(at);
        let sources: Vec<Slot> = layer
            .iter()
            .copied()
            .filter(|slot| match slot {
                Slot::Station(_) => links.iter().any(|(a, _)| a == slot),
                Slot::Through(_) => true,
            })
            .collect();
        let gap = s * 0.6 + sources.len() as f32 * track + limit_deep + s * 0.4;
        tracks_after.push(sources);
        at += depth + gap;
    }
    // Where the gap after layer `l` begins.
    let gap_start = |l: usize| start[l] + depths[l];
    let total_deep = at;
    // A station's slot is as wide as the widest station; a line passing through
    // needs only room for itself.
    let width_of = |slot_kind: &Slot| match slot_kind {
        Slot::Station(_) => slot,
        Slot::Through(_) => track * 2.0,
    };
    let layer_width = |l: usize| map.layers[l].iter().map(width_of).sum::<f32>();
    let total_along = (0..map.layers.len()).map(layer_width).fold(0.0, f32::max);
    // Centre of slot `k` of layer `l` along the layer; each layer is centred.
    let centre = |l: usize, k: usize| {
        let before: f32 = map.layers[l].iter().take(k).map(width_of).sum();
        (total_along - layer_width(l)) / 2.0 + before + width_of(&map.layers[l][k]) / 2.0
    };
    let rect = |along0: f32, deep0: f32, along_len: f32, deep_len: f32| match style.direction {
        Direction::Down => Rect {
            x: along0,
            y: deep0,
            w: along_len,
            h: deep_len,
        },
        Direction::Across => Rect {
            x: deep0,
            y: along0,
            w: deep_len,
            h: along_len,
        },
    };
    let mut stations = Vec::new();
    let mut returns = Vec::new();
    let half = style.line / 2.0;
    let mut pieces = Vec::new();
    // Where each slot is: centre along, and its near and far edge across layers.
    let mut where_is = std::collections::HashMap::new();
    for (l, layer) in map.layers.iter().enumerate() {
        for (k, slot) in layer.iter().enumerate() {
            let c = centre(l, k);
            match *slot {
                Slot::Station(i) => {
                    let b = box_of(i);
                    let r = rect(c - along(b) / 2.0, start[l], along(b), deep(b));
                    stations.push(PlacedStation {
                        step: i,
                        rect: r,
                        name: names[i].clone(),
                    });
                    // Its lines back: a stub, then the marker, one after another.
                    let mut end = start[l] + deep(b);
                    for (line, text) in &returns_of[i] {
                        let rb = return_box(text);
                        pieces.push((*line, rect(c - half, end, style.line, stub(s))));
                        end += stub(s);
                        returns.push(PlacedReturn {
                            line: *line,
                            back: map.lines[*line].back,
                            to: map.lines[*line].to,
                            rect: rect(c - along(rb) / 2.0, end, along(rb), deep(rb)),
                            text: text.clone(),
                        });
                        end += deep(rb);
                    }
                    where_is.insert((l, *slot), (c, start[l], end, l));
                }
                Slot::Through(_) => {
                    where_is.insert((l, *slot), (c, start[l], gap_start(l), l));
                }
            }
        }
    }
    let mut limits = Vec::new();
    for (i, line) in map.lines.iter().enumerate() {
        if line.jump {
            continue;
        }
        let hops = map.hops(i);
        let layers_of_hops = map.layer_of[line.from]..;
        for (n, pair) in hops.windows(2).enumerate() {
            let here = layers_of_hops.start + n;
            let (Some(&(a, _, a_end, la)), Some(&(b, b_start, b_end, _))) = (
                where_is.get(&(here, pair[0])),
                where_is.get(&(here + 1, pair[1])),
            ) else {
                continue;
            };
            let track_no = tracks_after[la]
                .iter()
                .position(|s| *s == pair[0])
                .unwrap_or(0) as f32;
            let bus = gap_start(la) + s * 0.3 + track_no * track;
            // Down from the station, along its track, down into the next.
            pieces.push((i, rect(a - half, a_end, style.line, bus - a_end + half)));
            pieces.push((
                i,
                rect(
                    a.min(b) - half,
                    bus - half,
                    (a - b).abs() + style.line,
                    style.line,
                ),
            ));
            pieces.push((i, rect(b - half, bus, style.line, b_start - bus)));
            if let Slot::Through(_) = pair[1] {
                pieces.push((i, rect(b - half, b_start, style.line, b_end - b_start)));
            }
            if let (Slot::Station(to), Some(text)) = (pair[1], limit_text(line.to))
                && !limits
                    .iter()
                    .any(|l: &PlacedLimit| l.step == to && l.text == text)
            {
                let bx = limit_box(&text);
                limits.push(PlacedLimit {
                    step: to,
                    rect: rect(
                        b + style.line * 1.5,
                        b_start - deep(bx) - s * 0.2,
                        along(bx),
                        deep(bx),
                    ),
                    text,
                });
            }
        }
    }
    let (width, height) = match style.direction {
        Direction::Down => (total_along, total_deep),
        Direction::Across => (total_deep, total_along),
    };
    PlacedMap {
        stations,
        pieces,
        limits,
        returns,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roadmap::{Choice, RoadmapFile, StepFile};

    /// The words before a marker's step.
    const W: (&str, &str) = ("转到", "回到");

    fn overlaps(a: &Rect, b: &Rect) -> bool {
        a.x < b.right() - 0.5
            && b.x < a.right() - 0.5
            && a.y < b.bottom() - 0.5
            && b.y < a.bottom() - 0.5
    }

    fn shipped() -> Roadmap {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        crate::content::load(&root)
            .expect("the default content loads")
            .roadmap
            .expect("the default content has a roadmap")
    }

    fn style(direction: Direction) -> Style {
        Style {
            size: 28.0,
            name_em: 8.0,
            line: 5.0,
            direction,
        }
    }

    #[test]
    fn every_step_has_a_station_and_every_choice_a_line() {
        let roadmap = shipped();
        let map = RouteMap::new(&roadmap);
        for direction in [Direction::Down, Direction::Across] {
            let placed = place(&map, &roadmap, &style(direction), &|_| None, W);
            let mut steps: Vec<usize> = placed.stations.iter().map(|s| s.step).collect();
            steps.sort_unstable();
            assert_eq!(steps, (0..roadmap.steps.len()).collect::<Vec<_>>());
            for (from, step) in roadmap.steps.iter().enumerate() {
                for (choice, _) in step.choices.iter().enumerate() {
                    let line = map
                        .lines
                        .iter()
                        .position(|l| l.from == from && l.choice == choice)
                        .expect("a line for every choice");
                    assert!(
                        placed.pieces.iter().any(|(i, _)| *i == line),
                        "choice {choice} of {} is drawn",
                        step.id
                    );
                }
            }
        }
    }

    #[test]
    fn lines_run_one_way_and_stations_never_overlap() {
        let roadmap = shipped();
        for (map, direction) in [
            (RouteMap::new(&roadmap), Direction::Down),
            (RouteMap::new(&roadmap), Direction::Across),
            (RouteMap::compact(&roadmap), Direction::Down),
            (RouteMap::compact(&roadmap), Direction::Across),
        ] {
            for line in map.lines.iter().filter(|l| !l.back) {
                assert!(map.layer_of[line.to] > map.layer_of[line.from]);
            }
            let placed = place(
                &map,
                &roadmap,
                &style(direction),
                &|i: usize| {
                    roadmap.steps[i]
                        .limit
                        .as_ref()
                        .map(|l| format!("{}日", l.days))
                },
                W,
            );
            let boxes: Vec<Rect> = placed
                .stations
                .iter()
                .map(|s| s.rect)
                .chain(placed.limits.iter().map(|l| l.rect))
                .chain(placed.returns.iter().map(|r| r.rect))
                .collect();
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    assert!(!overlaps(a, b), "{direction:?}: {a:?} and {b:?} overlap");
                }
                assert!(a.x >= -0.5 && a.right() <= placed.width + 0.5);
                assert!(a.y >= -0.5 && a.bottom() <= placed.height + 0.5);
            }
            // No line runs through a station it does not start or end at.
            for (i, piece) in &placed.pieces {
                let line = &map.lines[*i];
                for s in &placed.stations {
                    if s.step != line.from && s.step != line.to {
                        assert!(
                            !overlaps(piece, &s.rect),
                            "{direction:?}: a line of {} to {} crosses {}: {piece:?} {:?} back={}",
                            roadmap.steps[line.from].id,
                            roadmap.steps[line.to].id,
                            roadmap.steps[s.step].id,
                            s.rect,
                            line.back
                        );
                    }
                }
                // Nor through another line's marker.
                for r in placed.returns.iter().filter(|r| r.line != *i) {
                    assert!(
                        !overlaps(piece, &r.rect),
                        "{direction:?}: a line of {} to {} crosses the marker of line {}",
                        roadmap.steps[line.from].id,
                        roadmap.steps[line.to].id,
                        r.line
                    );
                }
            }
        }
    }

    /// The length of a straight, axis-aligned piece of line of thickness `line`.
    fn length(piece: &Rect, line: f32) -> f32 {
        piece.w.max(piece.h).max(line)
    }

    #[test]
    fn every_jump_of_the_compact_map_is_a_stub_and_a_marker_under_its_station() {
        let roadmap = shipped();
        let map = RouteMap::compact(&roadmap);
        let backs: Vec<usize> = (0..map.lines.len())
            .filter(|&i| map.lines[i].jump)
            .collect();
        assert!(
            backs.len() >= 3,
            "the shipped roadmap has jumps: {}",
            backs.len()
        );
        // Every other line joins neighbouring layers, and no slot is kept for a
        // line passing through.
        for line in map.lines.iter().filter(|l| !l.jump) {
            assert_eq!(map.layer_of[line.to], map.layer_of[line.from] + 1);
        }
        assert!(
            map.layers
                .iter()
                .flatten()
                .all(|s| matches!(s, Slot::Station(_)))
        );
        for direction in [Direction::Down, Direction::Across] {
            let st = style(direction);
            let placed = place(&map, &roadmap, &st, &|_| None, W);
            for &i in &backs {
                let line = &map.lines[i];
                let pieces: Vec<&Rect> = placed
                    .pieces
                    .iter()
                    .filter(|(l, _)| *l == i)
                    .map(|(_, r)| r)
                    .collect();
                // One piece, no longer than a stub, from its own station, and no
                // other line's piece runs through its marker (checked with the
                // stations below).
                assert_eq!(pieces.len(), 1, "{direction:?}: line {i}");
                let piece = pieces[0];
                assert!(
                    length(piece, st.line) <= stub(st.size) + 0.5,
                    "{direction:?}: the line back from {} runs {} > a stub {}",
                    roadmap.steps[line.from].id,
                    length(piece, st.line),
                    stub(st.size)
                );
                let from = placed
                    .stations
                    .iter()
                    .find(|s| s.step == line.from)
                    .unwrap();
                let marker = placed.returns.iter().find(|r| r.line == i).unwrap();
                assert_eq!(marker.to, line.to);
                // It names the step it leads back to.
                let words = marker.text.concat();
                let title: String = roadmap.steps[line.to].title.chars().take(4).collect();
                assert!(
                    words.starts_with(if line.back {
                        "回到 → "
                    } else {
                        "转到 → "
                    }) && words.contains(&title),
                    "{words}"
                );
                // The marker is hung after its station, within a stub or two of it
                // (after the station's other markers).
                match direction {
                    Direction::Down => {
                        assert!(marker.rect.y >= from.rect.bottom() - 0.5);
                        assert!(piece.y >= from.rect.bottom() - 0.5);
                        assert!(piece.bottom() <= marker.rect.y + 0.5);
                    }
                    Direction::Across => {
                        assert!(marker.rect.x >= from.rect.right() - 0.5);
                        assert!(piece.x >= from.rect.right() - 0.5);
                        assert!(piece.right() <= marker.rect.x + 0.5);
                    }
                }
            }
            assert_eq!(placed.returns.len(), backs.len());
        }
    }

    fn step(id: &str, next: &[&str]) -> StepFile {
        StepFile {
            id: id.into(),
            title: id.into(),
            body: String::new(),
            ask: String::new(),
            cites: Vec::new(),
            limit: None,
            links: Vec::new(),
            bureau: false,
            choices: next
                .iter()
                .map(|n| Choice {
                    label: format!("to {n}"),
                    next: (*n).into(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_very_long_step_title_does_not_take_the_map() {
        let mut roadmap = shipped();
        let map = RouteMap::new(&roadmap);
        let before = place(&map, &roadmap, &style(Direction::Down), &|_| None, W);
        roadmap.steps[1].title = "信访".repeat(150);
        let st = style(Direction::Down);
        let after = place(&map, &roadmap, &st, &|_| None, W);
        let long = after.stations.iter().find(|s| s.step == 1).unwrap();
        assert_eq!(long.name.len(), STATION_LINES, "{:?}", long.name);
        assert!(long.name.last().unwrap().ends_with('…'));
        assert!(
            long.name
                .iter()
                .all(|l| text_width_em(l) <= st.name_em + 1e-3),
            "{:?}",
            long.name
        );
        // The map grows by at most the two extra lines of one station.
        assert!(
            after.height <= before.height + 3.0 * st.size * LINE_HEIGHT,
            "{} → {}",
            before.height,
            after.height
        );
    }

    #[test]
    fn a_fitted_map_fills_its_bounds_without_leaving_them() {
        let roadmap = shipped();
        let map = RouteMap::new(&roadmap);
        // An A2 sheet's map area at 300 dpi, and a small A4 one.
        for bounds in [(4700.0, 4000.0), (2200.0, 1900.0)] {
            let style = Style::for_breadth(&map, 40.0, bounds.0, Direction::Down);
            let fitted = fit(&map, &roadmap, &style, bounds, |_| None, W);
            let placed = place(&map, &roadmap, &fitted, &|_| None, W);
            assert!(
                placed.width <= bounds.0 + 1.0 && placed.height <= bounds.1 + 1.0,
                "{bounds:?}: {} × {} at {:?}",
                placed.width,
                placed.height,
                fitted
            );
            assert!(
                placed.width >= bounds.0 * 0.9 || placed.height >= bounds.1 * 0.9,
                "{bounds:?}: {} × {}",
                placed.width,
                placed.height
            );
        }
    }

    #[test]
    fn ordering_untangles_crossed_lines() {
        // a → (b, c); b → d2; c → d1: drawn in file order, b's and c's lines cross.
        let file = RoadmapFile {
            title: "t".into(),
            start: "a".into(),
            steps: vec![
                step("a", &["b", "c"]),
                step("b", &["d2"]),
                step("c", &["d1"]),
                step("d1", &[]),
                step("d2", &[]),
            ],
        };
        let roadmap = Roadmap::new(file, Default::default());
        assert_eq!(RouteMap::new(&roadmap).crossings(), 0);
    }

    #[test]
    fn a_line_back_to_an_earlier_step_is_a_marker_not_a_line_up_the_map() {
        let file = RoadmapFile {
            title: "t".into(),
            start: "a".into(),
            steps: vec![step("a", &["b"]), step("b", &["a", "c"]), step("c", &[])],
        };
        let roadmap = Roadmap::new(file, Default::default());
        let map = RouteMap::new(&roadmap);
        assert_eq!(map.lines.iter().filter(|l| l.back).count(), 1);
        let st = style(Direction::Down);
        let placed = place(&map, &roadmap, &st, &|_| None, W);
        let back = map.lines.iter().position(|l| l.back).unwrap();
        let pieces: Vec<&Rect> = placed
            .pieces
            .iter()
            .filter(|(i, _)| *i == back)
            .map(|(_, r)| r)
            .collect();
        assert_eq!(pieces.len(), 1);
        let a = placed.stations.iter().find(|s| s.step == 0).unwrap();
        let b = placed.stations.iter().find(|s| s.step == 1).unwrap();
        // The stub never reaches up to a, the step it leads back to.
        assert!(pieces[0].y >= b.rect.bottom() - 0.5 && pieces[0].y > a.rect.bottom());
        assert_eq!(placed.returns.len(), 1);
        assert_eq!(placed.returns[0].text, vec!["回到 → a".to_owned()]);
        // b's line on to c leaves below the marker.
        let on = map
            .lines
            .iter()
            .position(|l| l.from == 1 && l.to == 2)
            .unwrap();
        let top = placed
            .pieces
            .iter()
            .filter(|(i, _)| *i == on)
            .map(|(_, r)| r.y)
            .fold(f32::MAX, f32::min);
        assert!(top >= placed.returns[0].rect.bottom() - 0.5);
        // No room is kept along the side any more.
        let right = placed
            .stations
            .iter()
            .map(|s| s.rect.right())
            .chain(placed.returns.iter().map(|r| r.rect.right()))
            .fold(0.0, f32::max);
        assert!(placed.width <= right + st.size);
    }
}
