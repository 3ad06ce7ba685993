//! What the player's plugins share: the settings and content in force, the
//! problems on disk, how the app runs, the page up, the frame's order, and what a
//! page announces. A leaf: it imports no sibling module, so any plugin may use it
//! without closing a circle.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bevy::prelude::*;

use crate::core::citation::Citation;
use crate::core::content::Content;
use crate::core::diagnostics::Diagnostic;
use crate::core::notice::Notice;
use crate::core::report;
use crate::core::settings::Settings;

/// What the player starts with: the settings and the content, handed to
/// `player::build_app`, which keeps them as two resources.
#[derive(Clone)]
pub struct Live {
    pub settings: Settings,
    pub content: Arc<Content>,
    /// Counts swaps, so displays can tell new content from old.
    pub generation: u64,
}

impl Live {
    /// Puts the settings and the content into `world` as their two resources.
    pub fn insert_into(self, world: &mut World) {
        world.insert_resource(LiveSettings(self.settings));
        world.insert_resource(LiveContent {
            content: self.content,
            generation: self.generation,
        });
    }
}

/// The settings in force: the last `kiosk.ron` that validated. A resource of its
/// own, so a content sync does not wake its readers and a settings edit does not
/// wake the content's (a page that redrew or reset on either would throw a
/// citizen back).
#[derive(Resource, Clone, Debug, Deref)]
pub struct LiveSettings(pub Settings);

/// The content on screen now: always a folder that validated.
#[derive(Resource, Clone)]
pub struct LiveContent {
    pub content: Arc<Content>,
    /// Counts swaps, so displays can tell new content from old.
    pub generation: u64,
}

/// The urgent notice up on this screen now (`notice.ron`, from its start until its
/// end, for this kind of screen), kept by the notice plugin; the metrics make room
/// for its banner, the rotation gives it a slide between items, and a board too
/// small for slides puts it first in its ticker.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct NoticeUp(pub Option<Notice>);

/// Problems with the files on disk that kept them from going live.
#[derive(Resource, Default, Clone)]
pub struct Problems {
    pub diagnostics: Vec<Diagnostic>,
    /// The diagnostics as `pufa-kiosk check` prints them.
    pub report: String,
}

impl Problems {
    /// The problems found under `root`, with their report.
    pub fn from(diagnostics: Vec<Diagnostic>, root: &Path) -> Self {
        let report = report::to_plain_text(&diagnostics, root);
        Self {
            diagnostics,
            report,
        }
    }

    /// Whether something stops the files on disk from going live.
    pub fn any(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// How the app runs: in a window for people, or offscreen to audit the layout
/// and, given a folder, draw PNG files into it.
#[derive(Resource, Clone, Debug, PartialEq)]
pub enum Mode {
    Window,
    Render {
        size: (u32, u32),
        out: Option<PathBuf>,
        /// Whether the touch pages are also drawn with 大字 on (`render` does;
        /// the proof sheet leaves them out to stay short).
        large_text: bool,
        /// Whether the touch pages are drawn at all (`render --only` draws one
        /// item's slides, for the console's preview).
        touch_pages: bool,
    },
    /// The roadmap drawn on a sheet for printing, saved to `out`.
    Poster {
        size: (u32, u32),
        /// Pages the chart may take (1 or 2).
        pages: usize,
        /// One file per page: `out`, or `out-1.png`, `out-2.png` for two.
        out: PathBuf,
    },
}

/// The order of each frame's work in `Update`, in one place: what came in, what the
/// pages make of it, the rotation, and drawing. Each plugin's own sets sit inside.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppSystems {
    /// Pages carry their state over to content that just arrived, before any tap
    /// refers to it.
    FollowContent,
    /// Touches, keys and the mouse become taps and actions.
    RecordInput,
    /// The page on screen answers them.
    Respond,
    /// What is on air now: campaigns start and stop.
    Schedule,
    /// The rotation follows new content, the clock and its transitions.
    Rotate,
    /// Pages that asked for it are drawn again.
    Draw,
}

impl AppSystems {
    /// Every set, in the frame's order.
    pub const IN_ORDER: [AppSystems; 6] = [
        AppSystems::FollowContent,
        AppSystems::RecordInput,
        AppSystems::Respond,
        AppSystems::Schedule,
        AppSystems::Rotate,
        AppSystems::Draw,
    ];
}

/// Which page is up.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Page {
    /// The rotation; a touch anywhere opens the home page.
    #[default]
    Attract,
    Home,
    Roadmap,
    Comic,
    Browser,
    /// 按问题找: questions, each with the articles that answer it.
    Topics,
    Online,
}

/// Where the guide is taken, as a citizen's taps would take it: the offscreen
/// pictures, the simulated week and tests send it; the page it names puts itself
/// there and comes on screen. It counts as a touch.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum Visit {
    Home,
    /// The roadmap at this step, reached along its shortest route.
    RoadmapStep(usize),
    /// Choice `n` of the roadmap step on screen (the simulated week's citizen).
    #[cfg(any(test, feature = "dev"))]
    RoadmapChoice(usize),
    /// The guide's comic at its first scene.
    ComicReader,
    /// The guide comic's quiz with these answers given in turn (合法 = true), the
    /// last one revealed; none given, it asks its first question.
    Quiz(Vec<bool>),
    /// The quiz's score, every question answered 合法.
    QuizScore,
    /// 法规查询's list of laws.
    Laws,
    /// The chapters of the law with this id (its file stem in `laws/`).
    Chapters(String),
    /// The articles of chapter `1` (counted from 0) of law `0`.
    Chapter(String, usize),
    /// Article `1` (its number) of law `0`.
    Article(String, u32),
    /// 按问题找's list of questions.
    Topics,
    /// Question `0` (counted from 0) of `topics.ron`, with its articles.
    Topic(usize),
    Online,
}

impl Visit {
    /// The page the visit ends on.
    pub fn page(&self) -> Page {
        match self {
            Visit::Home => Page::Home,
            Visit::RoadmapStep(_) => Page::Roadmap,
            #[cfg(any(test, feature = "dev"))]
            Visit::RoadmapChoice(_) => Page::Roadmap,
            Visit::ComicReader | Visit::Quiz(_) | Visit::QuizScore => Page::Comic,
            Visit::Laws | Visit::Chapters(_) | Visit::Chapter(..) | Visit::Article(..) => {
                Page::Browser
            }
            Visit::Topics | Visit::Topic(_) => Page::Topics,
            Visit::Online => Page::Online,
        }
    }
}

/// What the page on screen tells a citizen about the law, kept by the page each
/// time it draws: its heading (the roadmap step's title, the comic scene's, the
/// article's number; none where the page's own heading says what it is) and the
/// citations it shows. The proof sheet's transcript reads it.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct Shown {
    pub title: Option<String>,
    pub citations: Vec<Citation>,
}

/// Whether staff are at the screen (their overlay or the PIN pad is up): a touch
/// then belongs to them, not to the pages behind. Kept by the staff plugin.
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffAtScreen(pub bool);

/// A run condition: nobody from the staff is using the screen.
pub fn no_staff_at_screen(staff: Option<Res<StaffAtScreen>>) -> bool {
    !staff.is_some_and(|s| s.0)
}

/// Reading aloud (朗读): whether this player can play sound at all (no device, or
/// a broken one: no 朗读 button anywhere), and which recording plays now. Kept by
/// the voice plugin.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct VoiceNow {
    pub available: bool,
    pub playing: Option<crate::core::voice::Target>,
}

/// The recording that reads the touch page on screen aloud (a roadmap step, a comic
/// scene, the home page, 按问题找's list, 网上信访), whether or not it may play:
/// none where the page has nothing to read (the law library and a question's
/// articles, too long for one recording; a quiz question, whose recording would
/// give the answer away).
/// Kept by the page each time it draws; a recording that is not this one stops,
/// so turning a scene or taking a step silences the one before.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct ReadableHere(pub Option<crate::core::voice::Target>);

/// A tap on 朗读: play this recording, or stop it if it is the one playing.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct ReadAloud(pub crate::core::voice::Target);

/// What a citizen did on a page, announced by the page itself. Statistics listen;
/// a page does not know who watches it.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum Used {
    /// The roadmap walk arrived at a step: its id and title.
    StepReached { id: String, title: String },
    /// An article was opened in the browser, as cited, its law named:
    /// 《中华人民共和国宪法》第四十一条.
    ArticleRead(String),
    /// A quiz question was answered: which scene, and whether rightly.
    QuizAnswered { scene: String, right: bool },
    /// A question of 按问题找 was opened: its title.
    TopicOpened(String),
}
