//! The content formats staff edit, as plain serde types.
//!
//! Every struct denies unknown fields so a mistyped field name is an error with a
//! line and column instead of being silently ignored.

use serde::Deserialize;

/// A reference to part of a law: the article and, optionally, which paragraphs
/// (款) and items (项) of it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cite {
    /// File stem of the law in `laws/`; may be left out when the folder holds one law.
    #[serde(default)]
    pub law: Option<String>,
    /// Article number (第N条), as an integer.
    pub article: u32,
    /// Paragraphs (款), counted from 1; empty means the whole article.
    #[serde(default)]
    pub paragraphs: Vec<u32>,
    /// Items (项) of the chosen paragraph, counted from 1; empty means all of them.
    #[serde(default)]
    pub items: Vec<u32>,
}

/// How one playlist item gives way to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
pub enum Transition {
    /// Switch at once.
    Cut,
    /// Fade the old item out while the new one fades in.
    #[default]
    Crossfade,
    /// Slide the new item in from the right.
    Slide,
}

/// One regulation panel (`panels/<id>.ron`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanelFile {
    /// Big headline, one idea.
    pub title: String,
    /// Optional line under the headline.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Plain-language text written for the panel.
    #[serde(default)]
    pub body: Option<String>,
    /// Words of the law shown verbatim, taken from the shipped law text.
    #[serde(default)]
    pub quote: Option<Cite>,
    /// Articles the body rests on (the quote's article is cited automatically).
    #[serde(default)]
    pub cites: Vec<Cite>,
    /// Phrases drawn in the accent colour wherever they appear.
    #[serde(default)]
    pub highlights: Vec<String>,
    /// Picture beside the text, relative to the content folder.
    #[serde(default)]
    pub image: Option<String>,
    /// Where non-legal figures come from (e.g. the bureau's report); panels without a
    /// citation must name a source.
    #[serde(default)]
    pub source: Option<String>,
    /// Seconds on screen per page; overrides the playlist and `kiosk.ron`.
    #[serde(default)]
    pub seconds: Option<f32>,
}

/// One entry of `playlist.ron`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum PlaylistEntry {
    /// A panel by file stem.
    Panel {
        id: String,
        #[serde(default)]
        seconds: Option<f32>,
        #[serde(default)]
        transition: Option<Transition>,
    },
    /// A comic by folder name, played scene by scene.
    Comic {
        id: String,
        #[serde(default)]
        seconds: Option<f32>,
        #[serde(default)]
        transition: Option<Transition>,
    },
}

/// `playlist.ron`: what rotates, in order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaylistFile {
    pub items: Vec<PlaylistEntry>,
}

/// Whether a comic scene shows a mistake or the lawful way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Verdict {
    /// 误区: what not to do.
    Mistake,
    /// 正确做法: the lawful way.
    Lawful,
}

/// Speech bubble placed on a frame, in fractions of the image size.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bubble {
    pub text: String,
    /// Left edge, 0.0–1.0 of the image width.
    pub x: f32,
    /// Top edge, 0.0–1.0 of the image height.
    pub y: f32,
}

/// One picture of a scene.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameFile {
    /// Image file, relative to the comic's folder.
    pub image: String,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub bubbles: Vec<Bubble>,
}

/// One scene of a comic.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SceneFile {
    pub title: String,
    pub verdict: Verdict,
    pub frames: Vec<FrameFile>,
    /// Why it is wrong, or what the lawful way is, in one or two sentences.
    pub explanation: String,
    pub cites: Vec<Cite>,
}

/// `comics/<id>/comic.ron`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComicFile {
    pub title: String,
    pub scenes: Vec<SceneFile>,
}

/// A time limit on a roadmap step.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeLimit {
    /// Days the body has for this step.
    pub days: u32,
    /// Extra days the law allows in complex cases.
    #[serde(default)]
    pub extension_days: Option<u32>,
    /// Short label for the timeline, e.g. "办理".
    pub label: String,
}

/// A button leading from one roadmap step to another.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub label: String,
    pub next: String,
}

/// A link shown as a QR code.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub label: String,
    pub url: String,
}

/// One step of the roadmap.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepFile {
    pub id: String,
    pub title: String,
    pub body: String,
    pub cites: Vec<Cite>,
    #[serde(default)]
    pub limit: Option<TimeLimit>,
    #[serde(default)]
    pub links: Vec<Link>,
    #[serde(default)]
    pub choices: Vec<Choice>,
}

/// `roadmap.ron`: the lawful-petition roadmap as a graph of steps.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoadmapFile {
    pub title: String,
    pub start: String,
    pub steps: Vec<StepFile>,
}

/// `online.ron`: online channels shown as QR codes on the 网上信访 tile.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnlineFile {
    pub title: String,
    #[serde(default)]
    pub note: Option<String>,
    pub links: Vec<Link>,
}
