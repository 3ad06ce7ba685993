//! The layout audit: whether a citizen can see and reach every control on a page,
//! and read every text, once the player has laid the page out. The player measures
//! the rectangles; this module judges them and words the problems for staff, in
//! Chinese and English.
//!
//! A control must be seen whole: inside the screen and inside every box that hides
//! what overflows it. A box that scrolls instead of hiding is allowed when the
//! control fits in it (so scrolling brings all of it into view) and the box shows
//! the citizen that there is more to scroll to.

use super::layout::MIN_TOUCH_MM;

/// An interval along one axis, in logical pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub start: f32,
    pub end: f32,
}

/// Rounding in the layout engine; a box this far over an edge still fits.
const TOLERANCE: f32 = 1.0;

impl Span {
    /// No limit: a box that does not clip along this axis.
    pub const ALL: Span = Span {
        start: f32::NEG_INFINITY,
        end: f32::INFINITY,
    };

    pub fn len(self) -> f32 {
        (self.end - self.start).max(0.0)
    }

    fn intersect(self, other: Span) -> Span {
        Span {
            start: self.start.max(other.start),
            end: self.end.min(other.end),
        }
    }

    fn covers(self, other: Span) -> bool {
        other.start >= self.start - TOLERANCE && other.end <= self.end + TOLERANCE
    }
}

/// A rectangle on the screen, in logical pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub x: Span,
    pub y: Span,
}

impl Area {
    /// The rectangle whose top-left corner is at (`left`, `top`).
    pub fn new(left: f32, top: f32, width: f32, height: f32) -> Self {
        Self {
            x: Span {
                start: left,
                end: left + width,
            },
            y: Span {
                start: top,
                end: top + height,
            },
        }
    }

    fn covers(self, other: Area) -> bool {
        self.x.covers(other.x) && self.y.covers(other.y)
    }

    fn intersect(self, other: Area) -> Area {
        Area {
            x: self.x.intersect(other.x),
            y: self.y.intersect(other.y),
        }
    }

    /// Width and height; nothing when the area is empty.
    pub fn size(self) -> (f32, f32) {
        (self.x.len(), self.y.len())
    }
}

/// An ancestor that hides what lies outside it, or scrolls to show it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clipper {
    /// The part of the screen it shows; [`Span::ALL`] along an axis it leaves open.
    pub area: Area,
    /// Whether it scrolls along x and along y, rather than hiding.
    pub scrolls: (bool, bool),
    /// Whether it shows that there is more to scroll to.
    pub cue: bool,
}

/// What a measured element is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A button or other touch target.
    Control,
    /// Text to read.
    Text,
    /// The text on a control: the control's own check says whether it is seen.
    Label,
}

/// One element as the player laid it out.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub role: Role,
    /// What the citizen reads on it.
    pub label: String,
    pub area: Area,
    /// For text: the box it is set in, which it must not run out of
    /// ([`Span::ALL`] along an axis the box scrolls on).
    pub container: Option<Area>,
    /// The ancestors that clip or scroll, innermost first.
    pub clippers: Vec<Clipper>,
    /// Words that did not fit and were cut short with ….
    pub cut: bool,
}

/// What hides part of an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Culprit {
    Screen,
    /// A box on the page (a card, a column) that hides what overflows it.
    Box,
}

/// What is wrong with one element.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fault {
    /// Only this share (0–1) of it can be seen; `by` hides the rest.
    Hidden { seen: f32, by: Culprit },
    /// Larger than the scrolling area it is in, so it is never seen whole.
    LargerThanScrollArea,
    /// Reached only by scrolling, and nothing shows that the area scrolls.
    NoScrollCue,
    /// A touch target smaller than [`MIN_TOUCH_MM`] on a side (sizes in mm).
    TooSmall { width: f32, height: f32 },
    /// Text running out of the box it is set in.
    OutOfBox,
    /// Words cut short with … because they did not fit.
    Cut,
}

/// A fault found on one element.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub role: Role,
    pub label: String,
    pub fault: Fault,
}

/// The part of `element` the citizen sees now, without scrolling: its rectangle
/// cut by the screen and by every box that clips or scrolls it.
pub fn on_screen(screen: Area, element: &Element) -> Area {
    element
        .clippers
        .iter()
        .fold(screen.intersect(element.area), |seen, c| {
            seen.intersect(c.area)
        })
}

/// Judges every element on a `screen` with `px_per_mm` logical pixels per
/// millimetre.
pub fn audit(screen: Area, px_per_mm: f32, elements: &[Element]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for element in elements {
        let mut found = |fault| {
            findings.push(Finding {
                role: element.role,
                label: element.label.clone(),
                fault,
            })
        };
        let hidden = match element.role {
            Role::Label => None,
            Role::Control | Role::Text => reach(screen, element),
        };
        let out_of_box = element.container.is_some_and(|c| !c.covers(element.area));
        // Text cut off is said once: that it cannot be seen, or else that it
        // leaves its box.
        if let Some(fault) = hidden.or(out_of_box.then_some(Fault::OutOfBox)) {
            found(fault);
        }
        if element.cut {
            found(Fault::Cut);
        }
        if element.role == Role::Control {
            let (width, height) = (
                element.area.x.len() / px_per_mm,
                element.area.y.len() / px_per_mm,
            );
            if width < MIN_TOUCH_MM || height < MIN_TOUCH_MM {
                found(Fault::TooSmall { width, height });
            }
        }
    }
    findings
}

/// Whether the element can be seen whole, scrolling where the page scrolls.
fn reach(screen: Area, element: &Element) -> Option<Fault> {
    // Where the element is, or, along an axis it scrolls on, where it can be
    // brought: anywhere in the scrolling area's window.
    let mut at = element.area;
    let mut seen = element.area;
    let mut by = None;
    let mut needs_cue = false;
    for clipper in &element.clippers {
        for (axis, scrolls) in [(Axis::X, clipper.scrolls.0), (Axis::Y, clipper.scrolls.1)] {
            let window = axis.of(clipper.area);
            let here = axis.of(at);
            if scrolls {
                // Text can be read line by line as it scrolls past; a control must
                // fit to be seen whole.
                if element.role == Role::Control && here.len() > window.len() + TOLERANCE {
                    return Some(Fault::LargerThanScrollArea);
                }
                needs_cue |= !window.covers(here);
                *axis.of_mut(&mut at) = window;
                *axis.of_mut(&mut seen) = window;
            } else if !window.covers(here) {
                *axis.of_mut(&mut seen) = axis.of(seen).intersect(window);
                by.get_or_insert(Culprit::Box);
            }
        }
        if needs_cue && !clipper.cue {
            return Some(Fault::NoScrollCue);
        }
        needs_cue = false;
    }
    if !screen.covers(at) {
        seen = Area {
            x: seen.x.intersect(screen.x),
            y: seen.y.intersect(screen.y),
        };
        by.get_or_insert(Culprit::Screen);
    }
    let by = by?;
    let whole = at.x.len() * at.y.len();
    let share = if whole > 0.0 {
        seen.x.len() * seen.y.len() / whole
    } else {
        0.0
    };
    Some(Fault::Hidden {
        seen: share.clamp(0.0, 1.0),
        by,
    })
}

#[derive(Clone, Copy)]
enum Axis {
    X,
    Y,
}

impl Axis {
    fn of(self, area: Area) -> Span {
        match self {
            Axis::X => area.x,
            Axis::Y => area.y,
        }
    }

    fn of_mut(self, area: &mut Area) -> &mut Span {
        match self {
            Axis::X => &mut area.x,
            Axis::Y => &mut area.y,
        }
    }
}

/// A control as `render` found it on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct SeenControl {
    /// The page as its picture is named.
    pub page: String,
    pub label: String,
    /// Where it is laid out.
    pub area: Area,
    /// What of it is on screen without scrolling (see [`on_screen`]).
    pub on_screen: Area,
}

/// A fault on one page at one screen size, as `render` reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutProblem {
    /// The page as its picture is named, e.g. `roadmap-channel`.
    pub page: String,
    pub size: (u32, u32),
    /// Whether the 大字 (large text) switch was on.
    pub large_text: bool,
    pub finding: Finding,
}

/// At most this many characters of a label are quoted.
const QUOTED_CHARS: usize = 24;

fn quoted(label: &str) -> String {
    let one_line = label.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > QUOTED_CHARS {
        let head: String = one_line.chars().take(QUOTED_CHARS).collect();
        format!("{head}…")
    } else {
        one_line
    }
}

impl LayoutProblem {
    /// Where: the size, the text setting and the page.
    pub fn place(&self) -> String {
        let (w, h) = self.size;
        let text = if self.large_text {
            " 大字/large text"
        } else {
            ""
        };
        format!("{w}×{h}{text} {}", self.page)
    }

    /// What is wrong, in Chinese.
    pub fn zh(&self) -> String {
        let f = &self.finding;
        let what = match f.role {
            Role::Control => format!("按钮“{}”", quoted(&f.label)),
            Role::Text | Role::Label => format!("文字“{}”", quoted(&f.label)),
        };
        let problem = match f.fault {
            Fault::Hidden { seen, by } => {
                let by = match by {
                    Culprit::Screen => "屏幕边缘",
                    Culprit::Box => "所在的框",
                };
                if seen <= 0.0 {
                    format!("{what}完全看不见，被{by}挡住了")
                } else {
                    format!("{what}只露出 {:.0}%，其余被{by}挡住了", seen * 100.0)
                }
            }
            Fault::LargerThanScrollArea => format!("{what}比能滑动的区域还大，怎么滑都看不全"),
            Fault::NoScrollCue => format!("{what}要滑动才看得到，但屏幕上没有可以滑动的提示"),
            Fault::TooSmall { width, height } => format!(
                "{what}只有 {width:.0}×{height:.0} 毫米，小于 {MIN_TOUCH_MM:.0} 毫米，手指不好点"
            ),
            Fault::OutOfBox => format!("{what}超出了它的框"),
            Fault::Cut => format!("{what}放不下，被截断了（…）"),
        };
        format!("{}：{problem}", self.place())
    }

    /// What is wrong, in English.
    pub fn en(&self) -> String {
        let f = &self.finding;
        let what = match f.role {
            Role::Control => format!("button “{}”", quoted(&f.label)),
            Role::Text | Role::Label => format!("text “{}”", quoted(&f.label)),
        };
        let problem = match f.fault {
            Fault::Hidden { seen, by } => {
                let by = match by {
                    Culprit::Screen => "the edge of the screen",
                    Culprit::Box => "the box it is in",
                };
                if seen <= 0.0 {
                    format!("{what} cannot be seen at all: {by} hides it")
                } else {
                    format!(
                        "{what} is only {:.0}% visible: {by} hides the rest",
                        seen * 100.0
                    )
                }
            }
            Fault::LargerThanScrollArea => {
                format!("{what} is larger than the area it scrolls in, so it is never seen whole")
            }
            Fault::NoScrollCue => {
                format!(
                    "{what} is reached only by scrolling, and nothing shows that the page scrolls"
                )
            }
            Fault::TooSmall { width, height } => format!(
                "{what} is {width:.0}×{height:.0} mm, under the {MIN_TOUCH_MM:.0} mm a finger needs"
            ),
            Fault::OutOfBox => format!("{what} runs out of its box"),
            Fault::Cut => format!("{what} does not fit and is cut short (…)"),
        };
        format!("{}: {problem}", self.place())
    }

    /// What to do about it, in Chinese and English.
    pub fn help(&self) -> (String, String) {
        (
            "缩短这段文字（路线图按钮不超过 10 个字）；如果文字并不长，这是播放器的版面缺陷，请告诉维护人员".into(),
            "shorten this text (roadmap buttons: at most 10 characters); if it is not long, this is a layout bug in the player: tell the maintainers".into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCREEN: Area = Area {
        x: Span {
            start: 0.0,
            end: 1366.0,
        },
        y: Span {
            start: 0.0,
            end: 768.0,
        },
    };

    fn control(label: &str, area: Area, clippers: Vec<Clipper>) -> Element {
        Element {
            role: Role::Control,
            label: label.into(),
            area,
            container: None,
            clippers,
            cut: false,
        }
    }

    fn clip(area: Area) -> Clipper {
        Clipper {
            area,
            scrolls: (false, false),
            cue: false,
        }
    }

    fn scroll_y(area: Area, cue: bool) -> Clipper {
        Clipper {
            area: Area {
                x: Span::ALL,
                ..area
            },
            scrolls: (false, true),
            cue,
        }
    }

    fn faults(elements: &[Element]) -> Vec<Fault> {
        audit(SCREEN, 1.0, elements)
            .into_iter()
            .map(|f| f.fault)
            .collect()
    }

    #[test]
    fn a_control_inside_the_screen_and_its_boxes_passes() {
        let card = Area::new(500.0, 100.0, 800.0, 560.0);
        let button = Area::new(540.0, 580.0, 300.0, 60.0);
        assert_eq!(faults(&[control("好", button, vec![clip(card)])]), vec![]);
    }

    #[test]
    fn what_is_on_screen_is_cut_by_the_screen_and_every_clipping_box() {
        let card = Area::new(500.0, 100.0, 800.0, 560.0);
        let list = Area::new(520.0, 120.0, 760.0, 400.0);
        let button = Area::new(1200.0, 480.0, 300.0, 60.0);
        let seen = on_screen(
            SCREEN,
            &control("好", button, vec![scroll_y(list, true), clip(card)]),
        );
        assert_eq!(seen, Area::new(1200.0, 480.0, 100.0, 40.0));
        let below = Area::new(540.0, 700.0, 300.0, 60.0);
        assert_eq!(
            on_screen(SCREEN, &control("好", below, vec![clip(card)])).size(),
            (300.0, 0.0)
        );
    }

    #[test]
    fn a_control_below_its_card_is_hidden_by_the_card() {
        let body = Area::new(0.0, 70.0, 1366.0, 610.0);
        let button = Area::new(540.0, 680.0, 300.0, 60.0);
        let found = faults(&[control("已经在法院打官司", button, vec![clip(body)])]);
        assert_eq!(
            found,
            vec![Fault::Hidden {
                seen: 0.0,
                by: Culprit::Box
            }]
        );
    }

    #[test]
    fn a_control_half_off_the_screen_says_how_much_is_seen() {
        let button = Area::new(1266.0, 100.0, 200.0, 60.0);
        assert_eq!(
            faults(&[control("下一步", button, vec![])]),
            vec![Fault::Hidden {
                seen: 0.5,
                by: Culprit::Screen
            }]
        );
    }

    #[test]
    fn a_box_that_clips_only_across_leaves_the_other_axis_open() {
        let column = Clipper {
            area: Area {
                x: Span {
                    start: 0.0,
                    end: 600.0,
                },
                y: Span::ALL,
            },
            scrolls: (false, false),
            cue: false,
        };
        let button = Area::new(100.0, 400.0, 300.0, 60.0);
        assert_eq!(faults(&[control("好", button, vec![column])]), vec![]);
    }

    #[test]
    fn a_control_below_a_scrolling_list_passes_only_with_a_cue() {
        let list = Area::new(60.0, 150.0, 1200.0, 450.0);
        let below = Area::new(60.0, 900.0, 1200.0, 64.0);
        let page = clip(Area::new(0.0, 70.0, 1366.0, 610.0));
        assert_eq!(
            faults(&[control("第六章", below, vec![scroll_y(list, true), page])]),
            vec![]
        );
        assert_eq!(
            faults(&[control("第六章", below, vec![scroll_y(list, false), page])]),
            vec![Fault::NoScrollCue]
        );
    }

    #[test]
    fn a_control_taller_than_its_scrolling_list_is_never_seen_whole() {
        let list = Area::new(60.0, 150.0, 1200.0, 200.0);
        let tall = Area::new(60.0, 150.0, 1200.0, 300.0);
        assert_eq!(
            faults(&[control("很长", tall, vec![scroll_y(list, true)])]),
            vec![Fault::LargerThanScrollArea]
        );
    }

    #[test]
    fn a_scrolling_list_itself_cut_off_hides_what_it_holds() {
        let list = Area::new(60.0, 600.0, 1200.0, 400.0);
        let item = Area::new(60.0, 620.0, 1200.0, 64.0);
        let found = faults(&[control("第一章", item, vec![scroll_y(list, true)])]);
        assert!(
            matches!(
                found[..],
                [Fault::Hidden {
                    by: Culprit::Screen,
                    ..
                }]
            ),
            "{found:?}"
        );
    }

    #[test]
    fn long_text_in_a_scrolling_area_may_be_read_by_scrolling() {
        let list = Area::new(60.0, 150.0, 1200.0, 450.0);
        let text = Element {
            role: Role::Text,
            label: "第二十条".into(),
            area: Area::new(60.0, 150.0, 1200.0, 1400.0),
            container: Some(Area::new(60.0, 150.0, 1200.0, 1400.0)),
            clippers: vec![scroll_y(list, true)],
            cut: false,
        };
        assert_eq!(faults(&[text]), vec![]);
    }

    #[test]
    fn words_cut_short_are_found() {
        let text = Element {
            role: Role::Text,
            label: "信访人应当…".into(),
            area: Area::new(100.0, 100.0, 300.0, 40.0),
            container: Some(Area::new(100.0, 100.0, 300.0, 40.0)),
            clippers: vec![],
            cut: true,
        };
        assert_eq!(faults(&[text]), vec![Fault::Cut]);
    }

    #[test]
    fn a_small_control_and_text_out_of_its_box_are_found() {
        let text = Element {
            role: Role::Text,
            label: "说明".into(),
            area: Area::new(100.0, 100.0, 500.0, 40.0),
            container: Some(Area::new(100.0, 100.0, 300.0, 40.0)),
            clippers: vec![],
            cut: false,
        };
        let small = control("小", Area::new(10.0, 10.0, 40.0, 10.0), vec![]);
        assert_eq!(
            faults(&[text, small]),
            vec![
                Fault::OutOfBox,
                Fault::TooSmall {
                    width: 40.0,
                    height: 10.0
                }
            ]
        );
    }

    #[test]
    fn a_problem_names_the_page_the_size_and_the_label_in_both_languages() {
        let problem = LayoutProblem {
            page: "roadmap-channel".into(),
            size: (1366, 768),
            large_text: true,
            finding: Finding {
                role: Role::Control,
                label: "已经在法院打官司".into(),
                fault: Fault::Hidden {
                    seen: 0.0,
                    by: Culprit::Box,
                },
            },
        };
        assert_eq!(
            problem.zh(),
            "1366×768 大字/large text roadmap-channel：按钮“已经在法院打官司”完全看不见，被所在的框挡住了"
        );
        assert_eq!(
            problem.en(),
            "1366×768 大字/large text roadmap-channel: button “已经在法院打官司” cannot be seen at all: the box it is in hides it"
        );
    }
}
