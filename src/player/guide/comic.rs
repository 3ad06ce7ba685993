//! 常见误区 on touch: a reader that turns scene by scene (big arrows or a swipe),
//! and a quiz that asks 这样做对吗？ for each scene, reveals the answer with its
//! explanation and article, and gives a score at the end. 朗读 reads a scene
//! aloud where its explanation shows.

use bevy::prelude::*;

use super::{Page, PageSystems, Reading, Redraw, go_home, guide_page, read_aloud_button};
use crate::core::comic::{Comic, Verdict};
use crate::core::layout::{Metrics, Shape};
use crate::core::pages::{PageFrame, Rect};
use crate::core::quiz::{Phase, Quiz};
use crate::core::scene::{bubble, fit_aspect};
use crate::core::voice::Target;
use crate::player::LiveContent;
use crate::player::fonts::text_font;
use crate::player::images::PendingImage;
use crate::player::messages::{Messages, fill};
use crate::player::metrics::Screen;
use crate::player::state::{Shown, Used, Visit};
use crate::player::theme::Palette;
use crate::player::widgets::{
    PageParts, Tapped, button, paragraph, placed, scroll_area, speech_bubble, verdict_style,
};

/// Where the citizen is in the comic.
#[derive(Resource, Default)]
struct ComicView {
    scene: usize,
    /// Some while in quiz mode.
    quiz: Option<Quiz>,
}

/// Where the picture goes: the left part of the page body (the top on a totem).
fn picture_area(m: &Metrics) -> Rect {
    let frame = PageFrame::new(m);
    let top = frame.band + m.margin * 0.5;
    let h = m.height - top - frame.bar - m.margin * 0.5;
    let w = m.width - 2.0 * m.margin;
    match m.shape {
        Shape::Portrait => Rect {
            x: m.margin,
            y: top,
            w,
            h: h * 0.45,
        },
        // The text beside keeps at least 14 characters a line, or large type
        // leaves it a word a line.
        _ => Rect {
            x: m.margin,
            y: top,
            w: (w * 0.55).min(w - m.body * 14.0).max(w * 0.3),
            h,
        },
    }
}

fn badge(verdict: Verdict, messages: &Messages, palette: &Palette, m: &Metrics) -> impl Bundle {
    let (text, color) = verdict_style(verdict, messages, palette);
    (
        Node {
            padding: UiRect::axes(px(m.body * 0.5), px(m.body * 0.15)),
            align_self: AlignSelf::FlexStart,
            border_radius: BorderRadius::all(px(m.body * 0.3)),
            ..default()
        },
        BackgroundColor(color),
        children![(
            Text::new(text),
            text_font(m.body, true),
            TextColor(palette.on_badge)
        )],
    )
}

fn draw(
    mut commands: Commands,
    live: Res<LiveContent>,
    view: Res<ComicView>,
    screen: Res<Screen>,
    palette: Res<Palette>,
    messages: Res<Messages>,
    mut reading: Reading,
) {
    let Some(comic) = live.content.guide_comic() else {
        return;
    };
    let m = screen.0;
    let p = *palette;
    let index = view.scene.min(comic.scenes.len().saturating_sub(1));
    let Some(scene) = comic.scenes.get(index) else {
        return;
    };
    let PageParts {
        root,
        body,
        buttons,
        ..
    } = guide_page(
        &mut commands,
        Page::Comic,
        &screen,
        &palette,
        &messages,
        &comic.title,
        go_home,
    );
    let area = picture_area(&m);
    let frame = scene.shown_frame();
    let aspect = scene.aspect();
    let mut picture = fit_aspect(area, aspect);
    // Beside the text, the picture keeps to the left so the text has the rest.
    if m.shape != Shape::Portrait {
        picture.x = area.x;
    }
    let finished = view
        .quiz
        .as_ref()
        .is_some_and(|q| q.phase() == Phase::Finished);
    if let (Some(frame), false) = (frame, finished) {
        commands.entity(root).with_children(|r| {
            r.spawn((placed(picture), BackgroundColor(p.card), Pickable::IGNORE));
            if let Some(image) = &frame.image {
                r.spawn((
                    placed(picture),
                    PendingImage {
                        path: image.path.clone(),
                    },
                    Pickable::IGNORE,
                ));
            }
            for b in &frame.bubbles {
                speech_bubble(r, &p, &bubble(picture, b, &m));
            }
        });
    }
    let (column_left, column_top) = if m.shape == Shape::Portrait {
        (0.0, picture.bottom() - area.y + m.body * 0.5)
    } else {
        (picture.right() - m.margin + m.margin * 0.6, 0.0)
    };
    let citation = format!(
        "{}：{}",
        messages.law_prefix,
        live.content.citation_line(&scene.citations)
    );
    let title_colour = if scene.verdict == Verdict::Mistake {
        p.mistake
    } else {
        p.lawful
    };
    let modes = |row: &mut ChildSpawnerCommands| {
        row.spawn(Node {
            column_gap: px(m.body * 0.5),
            flex_wrap: FlexWrap::Wrap,
            row_gap: px(m.body * 0.3),
            flex_shrink: 0.0,
            ..default()
        })
        .with_children(|modes| {
            modes.spawn(button(
                &messages.reader_mode,
                on_view(|view, _| quiz_mode(view, None)),
                &screen,
                &palette,
                view.quiz.is_none(),
            ));
            modes.spawn(button(
                &messages.quiz_mode,
                on_view(|view, comic| {
                    quiz_mode(view, Some(comic));
                    true
                }),
                &screen,
                &palette,
                view.quiz.is_some(),
            ));
        });
    };
    let text = |col: &mut ChildSpawnerCommands| match view.quiz.as_ref().map(Quiz::phase) {
        None => {
            col.spawn(badge(scene.verdict, &messages, &p, &m));
            col.spawn((
                Text::new(scene.title.clone()),
                text_font(m.title, true),
                TextColor(title_colour),
            ));
            col.spawn(paragraph(scene.explanation.clone(), m.body, false, p.text));
            col.spawn(paragraph(citation.clone(), m.small, false, p.muted));
        }
        Some(Phase::Asking) => {
            col.spawn((
                Text::new(messages.quiz_question.clone()),
                text_font(m.title, true),
                TextColor(p.title),
            ));
            col.spawn(paragraph(scene.title.clone(), m.body, false, p.text));
        }
        Some(Phase::Revealed { correct }) => {
            col.spawn((
                Text::new(if correct {
                    messages.quiz_right.clone()
                } else {
                    messages.quiz_wrong.clone()
                }),
                text_font(m.title, true),
                TextColor(if correct { p.lawful } else { p.mistake }),
            ));
            col.spawn(badge(scene.verdict, &messages, &p, &m));
            col.spawn(paragraph(scene.explanation.clone(), m.body, false, p.text));
            col.spawn(paragraph(citation.clone(), m.small, false, p.muted));
        }
        Some(Phase::Finished) => {
            let score = view.quiz.as_ref().map_or((0, 0), |q| (q.score(), q.len()));
            col.spawn((
                Text::new(fill(&messages.quiz_score, score.0, score.1)),
                text_font(m.title, true),
                TextColor(p.title),
            ));
        }
    };
    // 朗读 where the scene's explanation shows (the reader, a revealed answer):
    // before the answer, its recording would give the answer away.
    let read = match view.quiz.as_ref().map(Quiz::phase) {
        None | Some(Phase::Revealed { .. }) => {
            reading.offer(Target::Scene(comic.id.clone(), index + 1))
        }
        Some(Phase::Asking | Phase::Finished) => None,
    };
    let actions = |col: &mut ChildSpawnerCommands| {
        let mut row = col.spawn(Node {
            column_gap: px(m.body * 0.6),
            row_gap: px(m.body * 0.3),
            align_items: AlignItems::Center,
            flex_wrap: FlexWrap::Wrap,
            flex_shrink: 0.0,
            ..default()
        });
        row.with_children(|row| {
            match view.quiz.as_ref().map(Quiz::phase) {
                None => {
                    row.spawn(button(
                        &messages.previous,
                        turn(-1),
                        &screen,
                        &palette,
                        false,
                    ));
                    row.spawn((
                        Text::new(format!("{} / {}", index + 1, comic.scenes.len())),
                        text_font(m.body, false),
                        TextColor(p.muted),
                    ));
                    row.spawn(button(&messages.next, turn(1), &screen, &palette, true));
                }
                Some(Phase::Asking) => {
                    row.spawn(button(
                        &messages.quiz_yes,
                        answer(true),
                        &screen,
                        &palette,
                        true,
                    ));
                    row.spawn(button(
                        &messages.quiz_no,
                        answer(false),
                        &screen,
                        &palette,
                        true,
                    ));
                }
                Some(Phase::Revealed { .. }) => {
                    row.spawn(button(
                        &messages.quiz_next,
                        on_view(next_question),
                        &screen,
                        &palette,
                        true,
                    ));
                }
                Some(Phase::Finished) => {
                    row.spawn(button(
                        &messages.quiz_again,
                        on_view(restart_quiz),
                        &screen,
                        &palette,
                        true,
                    ));
                }
            }
            // After the way on, so that a narrow row wraps 朗读, not the arrows.
            if let Some(playing) = read {
                row.spawn(read_aloud_button(
                    Target::Scene(comic.id.clone(), index + 1),
                    playing,
                    &messages,
                    &screen,
                    &palette,
                ));
            }
        });
    };
    commands.entity(body).with_children(|b| {
        b.spawn(Node {
            margin: UiRect {
                left: px(column_left),
                top: px(column_top),
                ..default()
            },
            flex_direction: FlexDirection::Column,
            row_gap: px(m.body * 0.5),
            flex_grow: 1.0,
            min_height: px(0.0),
            ..default()
        })
        .with_children(|col| {
            let frame = Node {
                flex_grow: 1.0,
                ..default()
            };
            let content = Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(m.body * 0.5),
                ..default()
            };
            // The modes and the actions stay in view while the text between them
            // scrolls; beside the picture, the modes join 返回 and 首页 in the
            // bar. A low board has no height for that, and scrolls them all
            // together.
            if m.shape == Shape::Board {
                let area = scroll_area(col, &screen, &palette, frame, content);
                col.commands_mut().entity(area).with_children(|area| {
                    modes(area);
                    text(area);
                    actions(area);
                });
            } else {
                if m.shape == Shape::Landscape {
                    col.commands_mut().entity(buttons).with_children(modes);
                } else {
                    modes(col);
                }
                let area = scroll_area(col, &screen, &palette, frame, content);
                col.commands_mut().entity(area).with_children(text);
                actions(col);
            }
        });
    });
}

/// A button that changes where the citizen is in the comic; the page is drawn
/// again when `change` says something changed.
fn on_view(
    change: impl Fn(&mut ComicView, &Comic) -> bool + Send + Sync + 'static,
) -> impl Fn(On<Tapped>, Res<LiveContent>, ResMut<ComicView>, ResMut<Redraw>) {
    move |_, live, mut view, mut redraw| {
        if let Some(comic) = live.content.guide_comic()
            && change(&mut view, comic)
        {
            redraw.0 = true;
        }
    }
}

/// Reader mode (`None`) or a fresh quiz over `comic`'s scenes, from the first.
fn quiz_mode(view: &mut ComicView, comic: Option<&Comic>) -> bool {
    view.quiz = comic.map(|c| Quiz::new(c.scenes.iter().map(|s| s.verdict).collect()));
    view.scene = 0;
    true
}

/// Moves `step` scenes on, round the end.
fn turn_by(view: &mut ComicView, comic: &Comic, step: i64) -> bool {
    let count = comic.scenes.len().max(1) as i64;
    view.scene = (view.scene as i64 + step).rem_euclid(count) as usize;
    true
}

fn turn(step: i64) -> impl Fn(On<Tapped>, Res<LiveContent>, ResMut<ComicView>, ResMut<Redraw>) {
    on_view(move |view, comic| turn_by(view, comic, step))
}

/// 对 (`lawful`) or 不对: the quiz's answer to the scene on screen.
fn answer(
    lawful: bool,
) -> impl Fn(On<Tapped>, Res<LiveContent>, ResMut<ComicView>, ResMut<Redraw>) {
    on_view(move |view, _| view.quiz.as_mut().and_then(|q| q.answer(lawful)).is_some())
}

fn next_question(view: &mut ComicView, comic: &Comic) -> bool {
    let Some(q) = view.quiz.as_mut() else {
        return false;
    };
    q.next();
    view.scene = q.question().min(comic.scenes.len().max(1) - 1);
    true
}

fn restart_quiz(view: &mut ComicView, _: &Comic) -> bool {
    if let Some(q) = view.quiz.as_mut() {
        q.reset();
    }
    view.scene = 0;
    true
}

/// A horizontal swipe across the page turns the comic in reader mode.
fn swipe(
    mut drags: MessageReader<Pointer<DragEnd>>,
    live: Res<LiveContent>,
    mut view: ResMut<ComicView>,
    screen: Res<Screen>,
    mut redraw: ResMut<Redraw>,
) {
    let Some(comic) = live.content.guide_comic() else {
        return;
    };
    // A right-button drag is no swipe (lockdown: only the primary button acts).
    for drag in drags
        .read()
        .filter(|d| d.event.button == bevy::picking::pointer::PointerButton::Primary)
    {
        let d = drag.event.distance;
        if view.quiz.is_none()
            && d.x.abs() > screen.0.px_per_mm * 25.0
            && d.x.abs() > d.y.abs() * 2.0
        {
            redraw.0 |= turn_by(&mut view, comic, if d.x < 0.0 { 1 } else { -1 });
        }
    }
}

fn reset(mut view: ResMut<ComicView>) {
    *view = ComicView::default();
}

/// Opens the reader or the quiz where a visit says.
fn visit(mut visits: MessageReader<Visit>, live: Res<LiveContent>, mut view: ResMut<ComicView>) {
    let verdicts = || -> Vec<Verdict> {
        live.content
            .guide_comic()
            .map(|c| c.scenes.iter().map(|s| s.verdict).collect())
            .unwrap_or_default()
    };
    for v in visits.read() {
        *view = match v {
            Visit::ComicReader => ComicView::default(),
            Visit::Quiz(answers) => {
                let mut quiz = Quiz::new(verdicts());
                for (i, lawful) in answers.iter().enumerate() {
                    if i > 0 {
                        quiz.next();
                    }
                    quiz.answer(*lawful);
                }
                ComicView {
                    scene: 0,
                    quiz: Some(quiz),
                }
            }
            Visit::QuizScore => {
                let mut quiz = Quiz::new(verdicts());
                quiz.answer(true);
                while quiz.phase() != Phase::Finished {
                    quiz.next();
                    quiz.answer(true);
                }
                ComicView {
                    scene: 0,
                    quiz: Some(quiz),
                }
            }
            _ => continue,
        };
    }
}

/// The scene on screen: its title, and its citations where its explanation shows
/// (the reader, a revealed answer); the score has neither.
fn tell_shown(live: Res<LiveContent>, view: Res<ComicView>, mut shown: ResMut<Shown>) {
    let phase = view.quiz.as_ref().map(Quiz::phase);
    let scene = live
        .content
        .guide_comic()
        .and_then(|c| {
            c.scenes
                .get(view.scene.min(c.scenes.len().saturating_sub(1)))
        })
        .filter(|_| phase != Some(Phase::Finished));
    let explained = phase.is_none_or(|p| matches!(p, Phase::Revealed { .. }));
    shown.set_if_neq(Shown {
        title: scene.map(|s| s.title.clone()),
        citations: scene
            .filter(|_| explained)
            .map(|s| s.citations.clone())
            .unwrap_or_default(),
    });
}

/// Tells the app each quiz answer revealed: the scene and whether it was right.
fn announce_answers(
    page: Res<State<Page>>,
    view: Res<ComicView>,
    live: Res<LiveContent>,
    mut last: Local<Option<(usize, Phase)>>,
    mut used: MessageWriter<Used>,
) {
    let quiz = view
        .quiz
        .as_ref()
        .filter(|_| *page.get() == Page::Comic)
        .map(|q| (q.question(), q.phase()));
    if quiz == *last {
        return;
    }
    if let Some((q, Phase::Revealed { correct })) = quiz
        && let Some(c) = live.content.guide_comic()
    {
        let title = c.scenes.get(q).map_or("", |s| s.title.as_str());
        used.write(Used::QuizAnswered {
            scene: format!("{} #{} {title}", c.id, q + 1),
            right: correct,
        });
    }
    *last = quiz;
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ComicView>();
    app.add_systems(
        Update,
        announce_answers
            .in_set(crate::player::AppSystems::Draw)
            .after(PageSystems::Draw),
    );
    app.add_systems(OnEnter(Page::Attract), reset);
    app.add_systems(Update, visit.in_set(PageSystems::Respond));
    app.add_systems(
        Update,
        (
            swipe.in_set(PageSystems::Respond),
            (draw, tell_shown).in_set(PageSystems::Draw),
        )
            .run_if(in_state(Page::Comic)),
    );
}
