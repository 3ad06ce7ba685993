//! `pufa-kiosk render`: draws every slide of the rotation and every touch page
//! offscreen, for staff to approve a campaign and for tests to look at, and audits
//! each page's layout: every control seen whole, every text in its box.
//!
//! Without an output folder nothing is drawn: Bevy still lays every page out, so
//! the audit runs without a GPU, fast enough for a test to try many screen sizes.
//!
//! Each picture is also transcribed: the words drawn on it, in reading order, and
//! the citations the content gives for it. `render` ignores them; `proof` prints
//! them beside the picture for a legal officer to sign.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::ui::UiGlobalTransform;

use super::camera::{image_camera, save_png};

use super::guide::browser::BrowserView;
use super::guide::comic::ComicView;
use super::guide::roadmap::RoadmapView;
use super::guide::{self, Redraw};
use super::images::{ImageStore, PendingImage};
use super::metrics::TickerArea;
use super::rotation::Attract;
use super::rotation::slide::{self, SlideContext, SlideRoot};
use super::schedule::WallClock;
use super::state::Page;
use super::theme::Accessibility;
use super::ticker::TickerText;
use super::widgets::{Cut, ScrollCue};
use super::{Live, LiveContent, Mode, Problems, Shell, build_app};
use crate::core::audit::{self, Area, Clipper, Element, LayoutProblem, Role, SeenControl, Span};
use crate::core::citation::Citation;
use crate::core::content::Content;
use crate::core::law::Cite;
use crate::core::quiz::{Phase, Quiz};
use crate::core::rotation::Slide;
use crate::core::settings::ScreenMode;

/// What `render` drew and found.
#[derive(Debug)]
pub struct Rendered {
    /// The PNG files, in order.
    pub files: Vec<PathBuf>,
    /// The touch pages audited, by name.
    pub pages: Vec<String>,
    /// Every control on every page, and what of it the citizen sees.
    pub controls: Vec<SeenControl>,
    /// Every layout problem on every page.
    pub problems: Vec<LayoutProblem>,
    /// What each picture shows, in the order drawn.
    pub shots: Vec<Transcribed>,
}

/// Whether a picture is a slide of the rotation or a touch page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShotKind {
    Slide,
    Page,
}

/// One picture and what a citizen reads on it.
#[derive(Debug, Clone)]
pub struct Transcribed {
    pub file: PathBuf,
    pub kind: ShotKind,
    /// The slide (`panel-channels-1`: kind, item, page) or page (`roadmap-visit`).
    pub name: String,
    /// What it shows, for people: the panel's, scene's or roadmap step's title,
    /// the article's number, the page's heading.
    pub title: String,
    /// Every text drawn, its spans joined, in reading order.
    pub words: Vec<String>,
    /// The citations the content gives for what is shown, as the screen cites them.
    pub citations: Vec<Citation>,
}

/// The pictures transcribed so far; shared with the caller like [`Findings`].
#[derive(Resource, Clone, Default)]
struct Transcript(Arc<Mutex<Vec<Transcribed>>>);

/// A picture being captured, to transcribe in the same frame (see `transcribe`).
struct ToTranscribe {
    file: PathBuf,
    kind: ShotKind,
    name: String,
    /// None: the first words on it (the page's heading).
    title: Option<String>,
    citations: Vec<Citation>,
}

/// What the audit found; shared with the caller, since running the app consumes
/// it.
#[derive(Resource, Clone, Default)]
struct Findings(Arc<Mutex<(Vec<SeenControl>, Vec<LayoutProblem>)>>);

/// A touch page set up the way a citizen reaches it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Setup {
    Home,
    /// The roadmap at this step, reached along its shortest route.
    Roadmap(usize),
    ComicReader,
    /// The quiz asking its first question.
    QuizAsking,
    /// The quiz showing the answer to its first question.
    QuizAnswered,
    /// The quiz's score at its end.
    QuizScore,
    Chapters,
    /// The articles of this chapter.
    Chapter(usize),
    Article(u32),
    Online,
}

impl Setup {
    fn page(self) -> Page {
        match self {
            Setup::Home => Page::Home,
            Setup::Roadmap(_) => Page::Roadmap,
            Setup::ComicReader | Setup::QuizAsking | Setup::QuizAnswered | Setup::QuizScore => {
                Page::Comic
            }
            Setup::Chapters | Setup::Chapter(_) | Setup::Article(_) => Page::Browser,
            Setup::Online => Page::Online,
        }
    }
}

/// One touch page to audit (and draw), under the name its picture gets.
#[derive(Debug, Clone)]
struct Shot {
    name: String,
    setup: Setup,
    large_text: bool,
}

/// Every touch page the content has, with the 大字 switch off and, if
/// `large_text`, on: every roadmap step, each phase of the quiz, the longest
/// chapter's list of articles and the longest article.
fn shots(content: &Content, large_text: bool, board: bool) -> Vec<Shot> {
    // A board has no touch pages.
    if board {
        return Vec::new();
    }
    let mut setups = vec![("home".to_owned(), Setup::Home)];
    if let Some(roadmap) = &content.roadmap {
        for (i, step) in roadmap.steps.iter().enumerate() {
            setups.push((format!("roadmap-{}", step.id), Setup::Roadmap(i)));
        }
    }
    if !content.library.comics.is_empty() {
        setups.extend([
            ("comic-reader".to_owned(), Setup::ComicReader),
            ("comic-quiz".to_owned(), Setup::QuizAsking),
            ("comic-quiz-answer".to_owned(), Setup::QuizAnswered),
            ("comic-quiz-score".to_owned(), Setup::QuizScore),
        ]);
    }
    if let Some(law) = content.main_law() {
        setups.push(("browser-chapters".to_owned(), Setup::Chapters));
        let longest_chapter = law
            .chapters
            .iter()
            .enumerate()
            .max_by_key(|(_, c)| c.last_article.saturating_sub(c.first_article))
            .map(|(i, _)| i);
        if let Some(c) = longest_chapter {
            setups.push(("browser-chapter".to_owned(), Setup::Chapter(c)));
        }
        let longest_article = law.articles.iter().max_by_key(|a| a.text().chars().count());
        if let Some(a) = longest_article {
            setups.push(("browser-article".to_owned(), Setup::Article(a.number)));
        }
    }
    if content.online.is_some() {
        setups.push(("online".to_owned(), Setup::Online));
    }
    [false, true]
        .into_iter()
        .filter(|on| large_text || !on)
        .flat_map(|large_text| {
            setups.iter().map(move |(name, setup)| Shot {
                name: if large_text {
                    format!("{name}-large-text")
                } else {
                    name.clone()
                },
                setup: *setup,
                large_text,
            })
        })
        .collect()
}

/// Progress through the slides and pages.
#[derive(Resource)]
struct Job {
    target: Handle<Image>,
    size: (u32, u32),
    /// Where the pictures go; none when only auditing.
    out: Option<PathBuf>,
    next: usize,
    /// Frames drawn since the current slide or page was set up.
    frames: u32,
    capturing: bool,
    saved: Arc<AtomicUsize>,
    files: Vec<PathBuf>,
    shots: Vec<Shot>,
    /// Next touch page, once the slides are done.
    shot: usize,
    /// The picture captured this frame, to transcribe.
    transcribe: Option<ToTranscribe>,
    /// The slide captured this frame, to audit like a page.
    audit_slide: Option<String>,
    /// The one picture of a board that is all ticker is saved.
    ticker_drawn: bool,
}

/// Frames to let layout and text settle before a capture.
const SETTLE_FRAMES: u32 = 4;

/// Puts the page's state where `shot` needs it, as a citizen's taps would.
fn set_up(world: &mut World, shot: &Shot) {
    let live = world.resource::<LiveContent>().clone();
    let content = &live.content;
    // The walk through every page takes minutes at large sizes: each page counts
    // as a touch, or the idle timeout would send the render back to the rotation.
    world.resource_mut::<guide::idle_return::Idle>().0.touch();
    if world.resource::<Accessibility>().large_text != shot.large_text {
        world.resource_mut::<Accessibility>().large_text = shot.large_text;
    }
    let verdicts = || {
        content
            .library
            .comics
            .values()
            .next()
            .map(|c| c.scenes.iter().map(|s| s.verdict).collect())
            .unwrap_or_default()
    };
    match shot.setup {
        Setup::Roadmap(step) => {
            if let Some(roadmap) = &content.roadmap {
                let mut view = world.resource_mut::<RoadmapView>();
                view.walk.home();
                for choice in roadmap.route_to(step).unwrap_or_default() {
                    view.walk.choose(roadmap, choice);
                }
            }
        }
        Setup::ComicReader => *world.resource_mut::<ComicView>() = ComicView::default(),
        Setup::QuizAsking | Setup::QuizAnswered | Setup::QuizScore => {
            let mut quiz = Quiz::new(verdicts());
            if shot.setup != Setup::QuizAsking {
                quiz.answer(true);
            }
            if shot.setup == Setup::QuizScore {
                while quiz.phase() != crate::core::quiz::Phase::Finished {
                    quiz.next();
                    quiz.answer(true);
                }
            }
            *world.resource_mut::<ComicView>() = ComicView {
                scene: 0,
                quiz: Some(quiz),
            };
        }
        Setup::Chapters => *world.resource_mut::<BrowserView>() = BrowserView::default(),
        Setup::Chapter(c) => {
            *world.resource_mut::<BrowserView>() = BrowserView {
                chapter: Some(c),
                article: None,
            }
        }
        Setup::Article(n) => {
            *world.resource_mut::<BrowserView>() = BrowserView {
                chapter: None,
                article: Some(n),
            }
        }
        Setup::Home | Setup::Online => {}
    }
    world
        .resource_mut::<NextState<Page>>()
        .set(shot.setup.page());
    world.resource_mut::<Redraw>().0 = true;
}

/// A node's rectangle in logical pixels.
fn area_of(node: &ComputedNode, transform: &UiGlobalTransform) -> Area {
    let scale = node.inverse_scale_factor();
    let size = node.size() * scale;
    let corner = transform.affine().translation * scale - size / 2.0;
    Area::new(corner.x, corner.y, size.x, size.y)
}

/// The ancestors of `entity` that clip or scroll, innermost first.
fn clippers(world: &World, entity: Entity) -> Vec<Clipper> {
    let mut found = Vec::new();
    let mut at = world.get::<ChildOf>(entity).map(ChildOf::parent);
    while let Some(ancestor) = at {
        if let (Some(node), Some(computed), Some(transform)) = (
            world.get::<Node>(ancestor),
            world.get::<ComputedNode>(ancestor),
            world.get::<UiGlobalTransform>(ancestor),
        ) && !(node.overflow.x.is_visible() && node.overflow.y.is_visible())
        {
            let scale = computed.inverse_scale_factor();
            let rect = computed.resolve_clip_rect(node.overflow, node.overflow_clip_margin);
            let centre = transform.affine().translation;
            let span = |lo: f32, hi: f32, c: f32| {
                if lo.is_finite() {
                    Span {
                        start: (lo + c) * scale,
                        end: (hi + c) * scale,
                    }
                } else {
                    Span::ALL
                }
            };
            let cue = world.get::<ScrollCue>(ancestor).is_some_and(|cue| {
                world
                    .get::<InheritedVisibility>(cue.0)
                    .is_some_and(|v| v.get())
            });
            found.push(Clipper {
                area: Area {
                    x: span(rect.min.x, rect.max.x, centre.x),
                    y: span(rect.min.y, rect.max.y, centre.y),
                },
                scrolls: (
                    node.overflow.x == OverflowAxis::Scroll,
                    node.overflow.y == OverflowAxis::Scroll,
                ),
                cue,
            });
        }
        at = world.get::<ChildOf>(ancestor).map(ChildOf::parent);
    }
    found
}

/// The text on `entity` or, for a button, on its first child that has some.
fn label_of(world: &World, entity: Entity) -> String {
    if let Some(text) = world.get::<Text>(entity) {
        return text.0.clone();
    }
    world
        .get::<Children>(entity)
        .into_iter()
        .flatten()
        .map(|child| label_of(world, *child))
        .find(|l| !l.is_empty())
        .unwrap_or_default()
}

/// Whether `entity` is a control or lies on one.
fn on_control(world: &World, entity: Entity) -> bool {
    world.get::<Button>(entity).is_some()
        || world
            .get::<ChildOf>(entity)
            .is_some_and(|p| on_control(world, p.parent()))
}

/// The box a text is set in: its parent, unbounded along an axis the parent
/// scrolls on (the text may run on there, to be scrolled to).
fn container_of(world: &World, text: Entity) -> Option<Area> {
    let parent = world.get::<ChildOf>(text)?.parent();
    let mut area = area_of(
        world.get::<ComputedNode>(parent)?,
        world.get::<UiGlobalTransform>(parent)?,
    );
    if let Some(node) = world.get::<Node>(parent) {
        if node.overflow.x == OverflowAxis::Scroll {
            area.x = Span::ALL;
        }
        if node.overflow.y == OverflowAxis::Scroll {
            area.y = Span::ALL;
        }
    }
    Some(area)
}

/// Every control and every text on the page, as laid out.
fn measure(world: &mut World) -> Vec<Element> {
    let mut controls = world.query_filtered::<Entity, With<Button>>();
    let mut texts = world.query_filtered::<Entity, With<Text>>();
    let controls: Vec<Entity> = controls.iter(world).collect();
    let texts: Vec<Entity> = texts.iter(world).collect();
    let world = &*world;
    let mut elements = Vec::new();
    for (entity, control) in controls
        .into_iter()
        .map(|e| (e, true))
        .chain(texts.into_iter().map(|e| (e, false)))
    {
        let label = label_of(world, entity);
        let shown = world
            .get::<InheritedVisibility>(entity)
            .is_none_or(|v| v.get());
        let (Some(node), Some(transform)) = (
            world.get::<ComputedNode>(entity),
            world.get::<UiGlobalTransform>(entity),
        ) else {
            continue;
        };
        // The ticker's line is wider than the screen by design: it scrolls.
        if !shown || label.is_empty() || world.get::<TickerText>(entity).is_some() {
            continue;
        }
        let role = if control {
            Role::Control
        } else if on_control(world, entity) {
            Role::Label
        } else {
            Role::Text
        };
        elements.push(Element {
            role,
            label,
            area: area_of(node, transform),
            container: (!control).then(|| container_of(world, entity)).flatten(),
            clippers: clippers(world, entity),
            cut: world.get::<Cut>(entity).is_some_and(|c| c.0),
        });
    }
    elements
}

/// Audits the page on screen as `shot`.
fn audit_page(world: &mut World, shot: &Shot) {
    let m = world.resource::<super::metrics::Screen>().0;
    let screen = Area::new(0.0, 0.0, m.width, m.height);
    let elements = measure(world);
    let size = world.resource::<Job>().size;
    let controls = elements
        .iter()
        .filter(|e| e.role == Role::Control)
        .map(|e| SeenControl {
            page: shot.name.clone(),
            label: e.label.clone(),
            area: e.area,
            on_screen: audit::on_screen(screen, e),
        });
    let problems = audit::audit(screen, m.px_per_mm, &elements)
        .into_iter()
        .map(|finding| LayoutProblem {
            page: shot.name.clone(),
            size,
            large_text: shot.large_text,
            finding,
        });
    let findings = world.resource::<Findings>().clone();
    let mut findings = findings
        .0
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    findings.0.extend(controls);
    findings.1.extend(problems);
}

fn file_name(index: usize, key: &crate::core::rotation::SlideKey) -> String {
    let (kind, id) = (key.item.kind.name(), key.item.id.replace('/', "-"));
    format!("{:03}-{kind}-{id}-{}.png", index + 1, page_number(key))
}

/// The page (or scene) from 1, with the part when it has several: `3`, `3.2`.
fn page_number(key: &crate::core::rotation::SlideKey) -> String {
    if key.part == 0 {
        (key.page + 1).to_string()
    } else {
        format!("{}.{}", key.page + 1, key.part + 1)
    }
}

fn setup(
    mut commands: Commands,
    mut images: ResMut<Assets<Image>>,
    mode: Res<Mode>,
    live: Res<LiveContent>,
    settings: Res<super::LiveSettings>,
) {
    let Mode::Render {
        size,
        out,
        large_text,
    } = mode.into_inner()
    else {
        return;
    };
    let target = image_camera(&mut commands, &mut images, *size, [0, 0, 0, 255]);
    commands.insert_resource(Job {
        target,
        size: *size,
        out: out.clone(),
        next: 0,
        frames: 0,
        capturing: false,
        saved: Arc::new(AtomicUsize::new(0)),
        files: Vec::new(),
        shots: shots(
            &live.content,
            *large_text,
            settings.mode == ScreenMode::Board,
        ),
        shot: 0,
        transcribe: None,
        audit_slide: None,
        ticker_drawn: false,
    });
}

/// A screenshot of the camera's target, and what saves it to `path` once the
/// frame is drawn; counts the picture as awaited.
fn capture(
    job: &mut Job,
    path: PathBuf,
) -> (Screenshot, impl FnMut(On<ScreenshotCaptured>) + use<>) {
    job.files.push(path.clone());
    job.capturing = true;
    let saved = job.saved.clone();
    let save = save_png(path, move || {
        saved.fetch_add(1, Ordering::SeqCst);
    });
    (Screenshot::image(job.target.clone()), save)
}

/// A board too small for slides shows only its ticker: that screen is drawn once,
/// as the board's one picture.
fn step_ticker_only(
    mut commands: Commands,
    job: Option<ResMut<Job>>,
    attract: Res<Attract>,
    ticker: Res<TickerArea>,
) {
    let Some(mut job) = job else { return };
    if !ticker.only || !attract.rotation.slides().is_empty() || job.out.is_none() {
        return;
    }
    if job.capturing {
        if job.saved.load(Ordering::SeqCst) >= job.files.len() {
            job.capturing = false;
            job.ticker_drawn = true;
        }
        return;
    }
    if job.ticker_drawn {
        return;
    }
    job.frames += 1;
    let Some(out) = job.out.clone().filter(|_| job.frames >= SETTLE_FRAMES) else {
        return;
    };
    let path = out.join("001-ticker-only.png");
    job.audit_slide = Some("ticker-only".into());
    job.transcribe = Some(ToTranscribe {
        file: path.clone(),
        kind: ShotKind::Slide,
        name: "ticker-only".into(),
        title: None,
        citations: Vec::new(),
    });
    let (screenshot, save) = capture(&mut job, path);
    commands.spawn(screenshot).observe(save);
}

fn step(
    mut commands: Commands,
    job: Option<ResMut<Job>>,
    mut attract: ResMut<Attract>,
    ctx: SlideContext,
    roots: Query<Entity, With<SlideRoot>>,
    pending: Query<(), With<PendingImage>>,
    store: Res<ImageStore>,
) {
    let Some(mut job) = job else { return };
    // The touch pages come next (see `step_pages`).
    if job.next >= slide_count(&job, &attract) {
        return;
    }
    if job.capturing {
        if job.saved.load(Ordering::SeqCst) < job.files.len() {
            return;
        }
        job.capturing = false;
        job.next += 1;
        job.frames = 0;
    }
    let Some(out) = job
        .out
        .clone()
        .filter(|_| job.next < slide_count(&job, &attract))
    else {
        return;
    };
    if attract.rotation.index() != job.next {
        for e in &roots {
            commands.entity(e).despawn();
        }
        attract.rotation.go_to(job.next);
        if let Some(coming) = attract.rotation.slides().get(job.next).cloned() {
            slide::spawn(&mut commands, &ctx, &coming);
        }
        job.frames = 1;
        return;
    }
    job.frames += 1;
    if job.frames < SETTLE_FRAMES || !pending.is_empty() || store.busy() {
        return;
    }
    let Some(slide) = attract.rotation.slides().get(job.next) else {
        return;
    };
    let path = out.join(file_name(job.next, &slide.key));
    job.audit_slide = Some(format!("slide-{}", slide_name(slide)));
    job.transcribe = Some(ToTranscribe {
        file: path.clone(),
        kind: ShotKind::Slide,
        name: slide_name(slide),
        title: Some(slide.item.title(slide.key.page)),
        citations: slide.item.citations(slide.key.page),
    });
    let (screenshot, save) = capture(&mut job, path);
    commands.spawn(screenshot).observe(save);
}

/// A slide by kind, item and page: `panel-channels-1`, `comic-zoufang-wuqu-3`.
fn slide_name(slide: &Slide) -> String {
    let key = &slide.key;
    format!(
        "{}-{}-{}",
        key.item.kind.name(),
        key.item.id,
        page_number(key)
    )
}

/// The roadmap step's title, the comic scene's, the article's number; none for a
/// page whose heading says what it is.
fn page_title(world: &World, page: Page) -> Option<String> {
    let content = &world.resource::<LiveContent>().content;
    match page {
        Page::Roadmap => content.roadmap.as_ref().and_then(|r| {
            let at = world.resource::<RoadmapView>().walk.current();
            r.steps
                .get(at.min(r.steps.len().saturating_sub(1)))
                .map(|s| s.title.clone())
        }),
        Page::Comic => {
            let view = world.resource::<ComicView>();
            let comic = content.guide_comic()?;
            if view
                .quiz
                .as_ref()
                .is_some_and(|q| q.phase() == Phase::Finished)
            {
                return None;
            }
            comic
                .scenes
                .get(view.scene.min(comic.scenes.len().saturating_sub(1)))
                .map(|s| s.title.clone())
        }
        Page::Browser => {
            let view = world.resource::<BrowserView>();
            let law = content.main_law()?;
            match (view.chapter, view.article) {
                (_, Some(n)) => law.article(n).map(|a| a.label()),
                (Some(c), None) => law.chapters.get(c).map(|c| c.title.clone()),
                (None, None) => None,
            }
        }
        Page::Attract | Page::Home | Page::Online => None,
    }
}

/// The citations the page on screen shows, from the state it was drawn from: the
/// roadmap step's, the comic scene's where its explanation shows (the reader, a
/// revealed answer), the article's own in the regulation browser.
fn page_citations(world: &World, page: Page) -> Vec<Citation> {
    let content = &world.resource::<LiveContent>().content;
    match page {
        Page::Roadmap => content
            .roadmap
            .as_ref()
            .and_then(|r| {
                let at = world.resource::<RoadmapView>().walk.current();
                r.steps.get(at.min(r.steps.len().saturating_sub(1)))
            })
            .map(|s| s.citations.clone())
            .unwrap_or_default(),
        Page::Comic => {
            let view = world.resource::<ComicView>();
            let explained = view
                .quiz
                .as_ref()
                .is_none_or(|q| matches!(q.phase(), Phase::Revealed { .. }));
            content
                .library
                .comics
                .values()
                .next()
                .and_then(|c| {
                    c.scenes
                        .get(view.scene.min(c.scenes.len().saturating_sub(1)))
                })
                .filter(|_| explained)
                .map(|s| s.citations.clone())
                .unwrap_or_default()
        }
        Page::Browser => {
            let view = world.resource::<BrowserView>();
            let (Some(law), Some(n)) = (content.main_law(), view.article) else {
                return Vec::new();
            };
            let cite = Cite {
                law: Some(law.id.clone()),
                article: n,
                paragraphs: Vec::new(),
                items: Vec::new(),
            };
            vec![Citation {
                label: crate::core::citation::label(law, &cite),
                law_id: law.id.clone(),
                cite,
            }]
        }
        Page::Attract | Page::Home | Page::Online => Vec::new(),
    }
}

/// Sorts things on screen into reading order: rows from the top, each read from
/// the left. A thing joins the row above when it starts before that row's first
/// is half down, so a small label beside a large title reads on the same line.
fn rows<T>(mut items: Vec<(Area, T)>) -> Vec<T> {
    items.sort_by(|a, b| {
        (a.0.y.start.total_cmp(&b.0.y.start)).then(a.0.x.start.total_cmp(&b.0.x.start))
    });
    let mut rows: Vec<Vec<(Area, T)>> = Vec::new();
    for item in items {
        match rows.last_mut() {
            Some(row)
                if row.first().is_some_and(|first| {
                    item.0.y.start < (first.0.y.start + first.0.y.end) / 2.0
                }) =>
            {
                row.push(item)
            }
            _ => rows.push(vec![item]),
        }
    }
    rows.into_iter()
        .flat_map(|mut row| {
            row.sort_by(|a, b| a.0.x.start.total_cmp(&b.0.x.start));
            row.into_iter().map(|(_, t)| t)
        })
        .collect()
}

/// The text of `entity`'s spans, depth first, appended to `out`.
fn push_spans(world: &World, entity: Entity, out: &mut String) {
    for child in world.get::<Children>(entity).into_iter().flatten() {
        if let Some(span) = world.get::<TextSpan>(*child) {
            out.push_str(&span.0);
            push_spans(world, *child, out);
        }
    }
}

/// The words in `entity` and the boxes inside it, in reading order: a text's own
/// words with its spans; a box's, its inner boxes taken by [`rows`] from where
/// each stands. Reading box by box keeps a chart beside a step, or a list that
/// scrolls below the screen's edge, whole instead of interleaved line by line.
fn words_in(world: &World, entity: Entity) -> Vec<String> {
    if let Some(text) = world.get::<Text>(entity) {
        let mut words = text.0.clone();
        push_spans(world, entity, &mut words);
        return if words.trim().is_empty() {
            Vec::new()
        } else {
            vec![words]
        };
    }
    let (worded, wordless): (Vec<_>, Vec<_>) = world
        .get::<Children>(entity)
        .into_iter()
        .flatten()
        .filter_map(|child| placed_words(world, *child))
        .partition(|(_, words)| !words.is_empty());
    let backdrops = wordless.into_iter().map(|(area, _)| area).collect();
    rows(over_backdrops(worded, backdrops)).concat()
}

/// Reads the texts drawn over a box without words of its own (a picture, a band)
/// with that box, as one block where the box stands: a comic's speech bubbles
/// with their picture, not line by line with the explanation beside it. Of the
/// boxes under a text, the largest: a bubble's outline lies on the picture.
fn over_backdrops(
    items: Vec<(Area, Vec<String>)>,
    backdrops: Vec<Area>,
) -> Vec<(Area, Vec<String>)> {
    let size = |a: &Area| a.x.len() * a.y.len();
    let mut over: Vec<Vec<(Area, Vec<String>)>> = backdrops.iter().map(|_| Vec::new()).collect();
    let mut alone = Vec::new();
    for item in items {
        let (cx, cy) = (
            (item.0.x.start + item.0.x.end) / 2.0,
            (item.0.y.start + item.0.y.end) / 2.0,
        );
        let under = backdrops
            .iter()
            .enumerate()
            .filter(|(_, b)| {
                size(b) > size(&item.0)
                    && (b.x.start..b.x.end).contains(&cx)
                    && (b.y.start..b.y.end).contains(&cy)
            })
            .max_by(|a, b| size(a.1).total_cmp(&size(b.1)))
            .map(|(i, _)| i);
        match under.and_then(|i| over.get_mut(i)) {
            Some(over) => over.push(item),
            None => alone.push(item),
        }
    }
    alone.extend(
        backdrops
            .into_iter()
            .zip(over)
            .filter(|(_, texts)| !texts.is_empty())
            .map(|(area, texts)| (area, rows(texts).concat())),
    );
    alone
}

/// Where the box `entity` stands and the words in it (none for a box that is
/// hidden), if it is laid out.
fn placed_words(world: &World, entity: Entity) -> Option<(Area, Vec<String>)> {
    if world
        .get::<InheritedVisibility>(entity)
        .is_some_and(|v| !v.get())
    {
        return None;
    }
    let area = area_of(
        world.get::<ComputedNode>(entity)?,
        world.get::<UiGlobalTransform>(entity)?,
    );
    Some((area, words_in(world, entity)))
}

/// Every text drawn and visible, its spans joined, in reading order.
fn words_on_screen(world: &mut World) -> Vec<String> {
    let mut roots = world.query_filtered::<Entity, (With<Node>, Without<ChildOf>)>();
    let roots: Vec<Entity> = roots.iter(world).collect();
    let world = &*world;
    rows(
        roots
            .into_iter()
            .filter_map(|root| placed_words(world, root))
            .filter(|(_, words)| !words.is_empty())
            .collect(),
    )
    .concat()
}

/// Records the words and citations of the picture captured this frame.
fn transcribe(world: &mut World) {
    let Some(shot) = world
        .get_resource_mut::<Job>()
        .and_then(|mut job| job.transcribe.take())
    else {
        return;
    };
    let words = words_on_screen(world);
    let title = shot
        .title
        .or_else(|| words.first().cloned())
        .unwrap_or_default();
    let transcript = world.resource::<Transcript>().clone();
    transcript
        .0
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(Transcribed {
            file: shot.file,
            kind: shot.kind,
            name: shot.name,
            title,
            words,
            citations: shot.citations,
        });
}

/// Slides to draw: every one in the rotation, or none when only auditing.
fn slide_count(job: &Job, attract: &Attract) -> usize {
    if job.out.is_some() {
        attract.rotation.slides().len()
    } else {
        0
    }
}

/// Audits the slide being captured, as a page is: a slide's words stay in their
/// boxes and are never cut short either.
fn audit_slide(world: &mut World) {
    let Some(name) = world
        .get_resource_mut::<Job>()
        .and_then(|mut job| job.audit_slide.take())
    else {
        return;
    };
    let shot = Shot {
        name,
        setup: Setup::Home,
        large_text: false,
    };
    audit_page(world, &shot);
}

/// After the slides: each touch page, set up, audited and captured.
fn step_pages(world: &mut World) {
    let Some(job) = world.get_resource::<Job>() else {
        return;
    };
    let slides = slide_count(job, world.resource::<Attract>());
    if job.next < slides {
        return;
    }
    let ticker_only = world.resource::<TickerArea>().only
        && world.resource::<Attract>().rotation.slides().is_empty()
        && job.out.is_some();
    if ticker_only && !job.ticker_drawn {
        return;
    }
    if job.capturing {
        if job.saved.load(Ordering::SeqCst) < job.files.len() {
            return;
        }
        let mut job = world.resource_mut::<Job>();
        job.capturing = false;
        job.shot += 1;
        job.frames = 0;
    }
    let job = world.resource::<Job>();
    let (frames, number) = (job.frames, slides + job.shot + 1);
    let Some(shot) = job.shots.get(job.shot).cloned() else {
        if let Some(out) = &job.out {
            info!("rendered {} pictures to {}", job.files.len(), out.display());
        }
        world.write_message(AppExit::Success);
        return;
    };
    if frames == 0 {
        set_up(world, &shot);
        world.resource_mut::<Job>().frames = 1;
        return;
    }
    world.resource_mut::<Job>().frames += 1;
    let waiting = world
        .query_filtered::<(), With<PendingImage>>()
        .iter(world)
        .next()
        .is_some()
        || world.resource::<ImageStore>().busy();
    if frames < SETTLE_FRAMES || waiting {
        return;
    }
    audit_page(world, &shot);
    let Some(out) = world.resource::<Job>().out.clone() else {
        let mut job = world.resource_mut::<Job>();
        job.shot += 1;
        job.frames = 0;
        return;
    };
    let path = out.join(format!("{number:03}-page-{}.png", shot.name));
    let citations = page_citations(world, shot.setup.page());
    let title = page_title(world, shot.setup.page());
    world.resource_mut::<Job>().transcribe = Some(ToTranscribe {
        file: path.clone(),
        kind: ShotKind::Page,
        name: shot.name.clone(),
        title,
        citations,
    });
    let (screenshot, save) = capture(&mut world.resource_mut::<Job>(), path);
    world.spawn(screenshot).observe(save);
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Findings>();
    app.init_resource::<Transcript>();
    app.add_systems(Startup, setup);
    app.add_systems(
        Update,
        (
            (step, step_ticker_only).after(super::rotation::AttractSystems::Sync),
            audit_slide,
            step_pages,
            transcribe,
        )
            .chain(),
    );
}

/// Lays out every touch page of `live` at `size`, with the 大字 switch off and
/// on, and audits each; with `out`, also draws every slide and page to PNG files
/// there.
pub fn render_offscreen(
    live: Live,
    size: (u32, u32),
    out: Option<PathBuf>,
    at: jiff::Timestamp,
) -> Result<Rendered, String> {
    offscreen(live, size, out, true, at)
}

/// Draws every slide and every touch page of `live` at `size`, 大字 off only, to
/// PNG files in `out`, and audits each page: what the proof sheet shows.
/// The campaigns on air are those of the moment `at`.
pub fn proof_offscreen(
    live: Live,
    size: (u32, u32),
    out: PathBuf,
    at: jiff::Timestamp,
) -> Result<Rendered, String> {
    offscreen(live, size, Some(out), false, at)
}

fn offscreen(
    live: Live,
    size: (u32, u32),
    out: Option<PathBuf>,
    large_text: bool,
    at: jiff::Timestamp,
) -> Result<Rendered, String> {
    if let Some(out) = &out {
        std::fs::create_dir_all(out)
            .map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    }
    let mut app = build_app(
        live,
        Problems::default(),
        Mode::Render {
            size,
            out: out.clone(),
            large_text,
        },
        Shell::Engine,
    );
    app.insert_resource(WallClock::Fixed(at));
    let findings = app.world().resource::<Findings>().clone();
    let transcript = app.world().resource::<Transcript>().clone();
    let board = app.world().resource::<super::LiveSettings>().mode == ScreenMode::Board;
    let pages = shots(
        &app.world().resource::<LiveContent>().content,
        large_text,
        board,
    )
    .into_iter()
    .map(|s| s.name)
    .collect();
    match app.run() {
        AppExit::Success => {}
        AppExit::Error(code) => return Err(format!("renderer stopped with code {code}")),
    }
    let mut files = Vec::new();
    if let Some(out) = &out {
        files = std::fs::read_dir(out)
            .map_err(|e| e.to_string())?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "png"))
            .collect();
        files.sort();
    }
    let (controls, problems) = std::mem::take(&mut *findings.0.lock().map_err(|e| e.to_string())?);
    let shots = std::mem::take(&mut *transcript.0.lock().map_err(|e| e.to_string())?);
    Ok(Rendered {
        files,
        pages,
        controls,
        problems,
        shots,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(x: f32, y: f32, w: f32, h: f32, words: &str) -> (Area, String) {
        (Area::new(x, y, w, h), words.to_owned())
    }

    #[test]
    fn reads_rows_from_the_top_each_from_the_left() {
        let texts = vec![
            text(40.0, 300.0, 800.0, 200.0, "body"),
            // The page number in the header band, a little higher than the title
            // beside it (set smaller, centred in the band).
            text(1700.0, 22.0, 100.0, 30.0, "1 / 2"),
            text(40.0, 20.0, 900.0, 40.0, "header"),
            text(40.0, 100.0, 900.0, 80.0, "title"),
            text(1000.0, 310.0, 800.0, 200.0, "quote beside the body"),
            text(40.0, 1000.0, 1800.0, 30.0, "footer"),
        ];
        assert_eq!(
            rows(texts),
            [
                "header",
                "1 / 2",
                "title",
                "body",
                "quote beside the body",
                "footer"
            ]
        );
    }

    #[test]
    fn reads_the_bubbles_over_a_picture_with_the_picture() {
        let words = |w: &str| vec![w.to_owned()];
        let texts = vec![
            (Area::new(40.0, 10.0, 1800.0, 40.0), words("header")),
            (Area::new(100.0, 150.0, 300.0, 60.0), words("bubble 1")),
            (Area::new(450.0, 250.0, 300.0, 60.0), words("bubble 2")),
            (Area::new(900.0, 100.0, 300.0, 60.0), words("badge")),
            (Area::new(900.0, 180.0, 800.0, 60.0), words("title")),
            (Area::new(900.0, 260.0, 800.0, 200.0), words("explanation")),
        ];
        let picture = Area::new(50.0, 100.0, 800.0, 600.0);
        let outline = Area::new(90.0, 140.0, 320.0, 80.0);
        let band = Area::new(0.0, 0.0, 1920.0, 70.0);
        assert_eq!(
            rows(over_backdrops(texts, vec![band, outline, picture])).concat(),
            [
                "header",
                "bubble 1",
                "bubble 2",
                "badge",
                "title",
                "explanation"
            ]
        );
    }

    #[test]
    fn a_text_lower_than_half_a_row_starts_the_next() {
        let texts = vec![
            text(500.0, 70.0, 100.0, 40.0, "below, right"),
            text(40.0, 20.0, 100.0, 100.0, "left"),
            text(500.0, 20.0, 100.0, 40.0, "right"),
        ];
        assert_eq!(rows(texts), ["left", "right", "below, right"]);
    }
}
