//! The 依法依规信访“路线图”: the whole route as a chart with the citizen's place and
//! path marked, the current step large with its choices as big buttons, and the
//! time limits met along the chosen path. The choices stay in view at every screen
//! size; what does not fit around them scrolls, with a bar that says so.

use std::sync::Arc;

use bevy::prelude::*;

use super::{Page, PageSystems, Reading, Redraw, guide_page, read_aloud_button};
use crate::core::content::Content;
use crate::core::layout::Shape;
use crate::core::roadmap::Walk;
use crate::core::route_map::{Direction, RouteMap, Style};
use crate::core::voice::Target;
use crate::player::LiveContent;
use crate::player::fonts::text_font;
use crate::player::messages::{Messages, fill};
use crate::player::metrics::Screen;
use crate::player::qr;
use crate::player::state::{Shown, Used, Visit};
use crate::player::theme::Palette;
use crate::player::widgets::{
    PageParts, Tapped, bureau_card, button, paragraph, qr_code, route_map, scroll_area,
    scrolling_column,
};

/// The citizen's walk through the roadmap.
#[derive(Resource, Default)]
pub(super) struct RoadmapView {
    pub(super) walk: Walk,
    /// The content the walk's step numbers refer to.
    walked_on: Option<Arc<Content>>,
}

fn limit_text(messages: &Messages, days: u32, extension: Option<u32>) -> String {
    let mut text = fill(&messages.roadmap_days, days, "");
    if let Some(extra) = extension {
        text.push('（');
        text.push_str(&fill(&messages.roadmap_extension, extra, ""));
        text.push('）');
    }
    text
}

fn draw(
    mut commands: Commands,
    live: Res<LiveContent>,
    view: Res<RoadmapView>,
    screen: Res<Screen>,
    palette: Res<Palette>,
    messages: Res<Messages>,
    mut images: ResMut<Assets<Image>>,
    mut reading: Reading,
) {
    let Some(roadmap) = live.content.roadmap.as_ref() else {
        return;
    };
    let m = screen.0;
    let PageParts { body, .. } = guide_page(
        &mut commands,
        Page::Roadmap,
        &screen,
        &palette,
        &messages,
        &roadmap.title,
        back,
    );
    let Some(step) = (roadmap.steps.get(view.walk.current())).or(roadmap.steps.last()) else {
        return;
    };
    // 朗读 beside the choices, where the step's recording may play.
    let read = reading.offer(Target::Step(step.id.clone()));
    let citation = format!(
        "{}：{}",
        messages.law_prefix,
        live.content.citation_line(&step.citations)
    );
    let timeline = view.walk.timeline(roadmap);
    // The bureau's address and hours, on a step that asks for them.
    let bureau = live
        .content
        .library
        .bureau
        .as_ref()
        .filter(|_| step.bureau)
        .and_then(|b| b.lines(&messages.bureau_labels()));
    // A low board has no height for the chart: the step takes the whole width,
    // its choices beside its text.
    let board = m.shape == Shape::Board;
    let portrait = m.shape == Shape::Portrait;
    let p = *palette;
    // The map's column, less its scroll bar: the whole width upright, nearly
    // half of it beside the step.
    let inner = m.width - 2.0 * m.margin;
    let share = 0.45;
    let map_width = if portrait { inner } else { inner * share } - m.small * 1.2;
    commands.entity(body).with_children(|b| {
        b.spawn(Node {
            flex_direction: if portrait {
                FlexDirection::Column
            } else {
                FlexDirection::Row
            },
            column_gap: px(m.margin * 0.6),
            row_gap: px(m.body * 0.6),
            flex_grow: 1.0,
            min_height: px(0.0),
            ..default()
        })
        .with_children(|split| {
            if !board {
                let left = scroll_area(
                    split,
                    &screen,
                    &palette,
                    if portrait {
                        Node {
                            max_height: percent(30),
                            flex_shrink: 0.0,
                            ..default()
                        }
                    } else {
                        Node {
                            width: percent(share * 100.0),
                            flex_shrink: 0.0,
                            ..default()
                        }
                    },
                    Node {
                        flex_direction: FlexDirection::Column,
                        row_gap: px(m.small * 0.5),
                        ..default()
                    },
                );
                split.commands_mut().entity(left).with_children(|left| {
                    // Lines only between neighbouring layers; every other route
                    // is a marker, so the map keeps to its column.
                    let map = RouteMap::compact(roadmap);
                    let style = Style::for_breadth(&map, m.small, map_width, Direction::Down);
                    route_map(
                        left,
                        roadmap,
                        &map,
                        &style,
                        Some(&view.walk),
                        &palette,
                        &messages,
                    );
                    if !timeline.is_empty() {
                        left.spawn((
                            Text::new(messages.roadmap_timeline.clone()),
                            text_font(m.small, true),
                            TextColor(p.title),
                        ));
                        for (s, limit) in &timeline {
                            left.spawn(paragraph(
                                format!(
                                    "{} · {}",
                                    limit.label,
                                    limit_text(&messages, limit.days, limit.extension_days)
                                ),
                                m.small,
                                false,
                                if std::ptr::eq(*s, step) {
                                    p.highlight
                                } else {
                                    p.text
                                },
                            ));
                        }
                    }
                });
            }
            split
                .spawn((
                    Name::new("current step"),
                    Node {
                        flex_grow: 1.0,
                        flex_basis: px(0.0),
                        flex_direction: if board {
                            FlexDirection::Row
                        } else {
                            FlexDirection::Column
                        },
                        column_gap: px(m.body * 0.6),
                        row_gap: px(m.body * 0.5),
                        padding: UiRect::all(px(m.body * if board { 0.3 } else { 0.8 })),
                        border: UiRect::left(px((m.body * 0.2).round())),
                        min_width: px(0.0),
                        min_height: px(0.0),
                        ..default()
                    },
                    BackgroundColor(p.card),
                    BorderColor::all(p.card_edge),
                ))
                .with_children(|card| {
                    // What the step says scrolls if it must; the choices stay in
                    // view below it (beside it on a low board, where they scroll
                    // too if they must), so every route is seen from every step.
                    let text = scrolling_column(card, &screen, &palette, m.body * 0.5);
                    card.commands_mut().entity(text).with_children(|t| {
                        step_text(
                            t,
                            step,
                            &citation,
                            bureau.as_deref(),
                            &messages,
                            &screen,
                            &palette,
                            &mut images,
                        );
                    });
                    let choices = |parent: &mut ChildSpawnerCommands| {
                        if step.is_end() {
                            parent.spawn((
                                Text::new(messages.roadmap_end.clone()),
                                text_font(m.body, true),
                                TextColor(p.lawful),
                            ));
                        }
                        parent
                            .spawn(Node {
                                flex_wrap: FlexWrap::Wrap,
                                column_gap: px(m.body * 0.6),
                                row_gap: px(m.body * 0.5),
                                flex_shrink: 0.0,
                                ..default()
                            })
                            .with_children(|choices| {
                                if let Some(playing) = read {
                                    choices.spawn(read_aloud_button(
                                        Target::Step(step.id.clone()),
                                        playing,
                                        &messages,
                                        &screen,
                                        &palette,
                                    ));
                                }
                                for (i, choice) in step.choices.iter().enumerate() {
                                    choices.spawn(button(
                                        &choice.label,
                                        choose(i),
                                        &screen,
                                        &palette,
                                        true,
                                    ));
                                }
                            });
                    };
                    if board {
                        let side = scroll_area(
                            card,
                            &screen,
                            &palette,
                            Node {
                                width: percent(50),
                                flex_shrink: 0.0,
                                ..default()
                            },
                            Node {
                                flex_direction: FlexDirection::Column,
                                row_gap: px(m.body * 0.5),
                                ..default()
                            },
                        );
                        card.commands_mut().entity(side).with_children(choices);
                    } else {
                        choices(card);
                    }
                });
        });
    });
}

/// The step's title, explanation, time limit, articles and QR codes.
fn step_text(
    parent: &mut ChildSpawnerCommands,
    step: &crate::core::roadmap::Step,
    citation: &str,
    bureau: Option<&[String]>,
    messages: &Messages,
    screen: &Screen,
    palette: &Palette,
    images: &mut Assets<Image>,
) {
    let m = screen.0;
    parent.spawn((
        Text::new(step.title.clone()),
        text_font(m.title, true),
        TextColor(palette.title),
    ));
    // The QR codes stand beside the explanation, where they take no height, unless
    // that would leave it under ten characters a line: then they go below.
    let mut row = parent.spawn(Node {
        column_gap: px(m.body * 0.6),
        row_gap: px(m.body * 0.5),
        flex_wrap: FlexWrap::Wrap,
        ..default()
    });
    row.with_children(|row| {
        row.spawn(Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(m.body * 0.5),
            flex_grow: 1.0,
            flex_basis: px(0.0),
            min_width: px(m.body * 10.0),
            ..default()
        })
        .with_children(|words| {
            words.spawn(paragraph(step.body.clone(), m.body, false, palette.text));
            if let Some(limit) = &step.limit {
                words.spawn((
                    Node {
                        padding: UiRect::axes(px(m.body * 0.5), px(m.body * 0.2)),
                        align_self: AlignSelf::FlexStart,
                        // A narrow card wraps the band instead of hiding its end.
                        max_width: percent(100),
                        border_radius: BorderRadius::all(px(m.body * 0.3)),
                        ..default()
                    },
                    BackgroundColor(palette.band),
                    children![paragraph(
                        format!(
                            "{}：{}",
                            limit.label,
                            limit_text(messages, limit.days, limit.extension_days)
                        ),
                        m.body,
                        true,
                        palette.band_text
                    )],
                ));
            }
            if let Some(lines) = bureau {
                words.spawn(bureau_card(lines, messages, screen, palette));
            }
            words.spawn(paragraph(citation, m.small, false, palette.muted));
        });
        // Large enough to scan from arm's length, small enough to leave room.
        let side = (m.touch * 2.2).min(m.height * 0.22);
        for link in &step.links {
            let Some(code) = qr::image(&link.url) else {
                continue;
            };
            let handle = images.add(code);
            row.spawn(Node {
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                row_gap: px(m.small * 0.3),
                flex_shrink: 0.0,
                max_width: px(side * 1.6),
                ..default()
            })
            .with_children(|q| {
                q.spawn(qr_code(handle, side));
                q.spawn(paragraph(link.label.clone(), m.small, false, palette.text));
            });
        }
    });
}

/// A choice's button: follow choice `i` of the step on screen.
fn choose(i: usize) -> impl Fn(On<Tapped>, Res<LiveContent>, ResMut<RoadmapView>, ResMut<Redraw>) {
    move |_, live, mut view, mut redraw| {
        if let Some(roadmap) = live.content.roadmap.as_ref()
            && view.walk.choose(roadmap, i)
        {
            redraw.0 = true;
        }
    }
}

/// 返回: one step back along the path taken, or home from the first step.
fn back(
    _: On<Tapped>,
    mut view: ResMut<RoadmapView>,
    mut next: ResMut<NextState<Page>>,
    mut redraw: ResMut<Redraw>,
) {
    if !view.walk.back() {
        next.set(Page::Home);
    }
    redraw.0 = true;
}

fn reset(mut view: ResMut<RoadmapView>) {
    *view = RoadmapView::default();
}

/// New content may bring a different roadmap: the citizen stays where they are
/// as far as the new roadmap still has their steps.
fn carry_walk_to_new_content(live: Res<LiveContent>, mut view: ResMut<RoadmapView>) {
    let now = &live.content;
    let walk = match (&view.walked_on, now.roadmap.as_ref()) {
        (Some(before), _) if Arc::ptr_eq(before, now) => return,
        (Some(before), Some(new)) => before
            .roadmap
            .as_ref()
            .map_or_else(Walk::default, |old| view.walk.carried_over(old, new)),
        _ => Walk::default(),
    };
    view.walk = walk;
    view.walked_on = Some(Arc::clone(now));
}

/// Takes the walk where a visit says.
fn visit(mut visits: MessageReader<Visit>, live: Res<LiveContent>, mut view: ResMut<RoadmapView>) {
    let Some(roadmap) = live.content.roadmap.as_ref() else {
        return;
    };
    for v in visits.read() {
        match *v {
            Visit::RoadmapStep(step) => {
                view.walk.home();
                for choice in roadmap.route_to(step).unwrap_or_default() {
                    view.walk.choose(roadmap, choice);
                }
                // Walked on this content: entering the page must not take the
                // walk for one made on other content and start it again
                // (`render --only step:ID`, the console's preview of a step,
                // showed the first step for every step).
                view.walked_on = Some(Arc::clone(&live.content));
            }
            #[cfg(any(test, feature = "dev"))]
            Visit::RoadmapChoice(i) => {
                view.walk.choose(roadmap, i);
            }
            _ => {}
        }
    }
}

/// The step on screen: its title and citations.
fn tell_shown(live: Res<LiveContent>, view: Res<RoadmapView>, mut shown: ResMut<Shown>) {
    let step = live.content.roadmap.as_ref().and_then(|r| {
        r.steps
            .get(view.walk.current().min(r.steps.len().saturating_sub(1)))
    });
    shown.set_if_neq(Shown {
        title: step.map(|s| s.title.clone()),
        citations: step.map(|s| s.citations.clone()).unwrap_or_default(),
    });
}

/// Tells the app each step the walk arrives at, the first one included (a new
/// content version carrying the walk to the same step is not a new arrival).
fn announce_steps(
    page: Res<State<Page>>,
    view: Res<RoadmapView>,
    live: Res<LiveContent>,
    mut last: Local<Option<(usize, u64)>>,
    mut used: MessageWriter<Used>,
) {
    let step = (*page.get() == Page::Roadmap).then(|| (view.walk.current(), live.generation));
    if step == *last {
        return;
    }
    if let Some((i, _)) = step
        && last.is_none_or(|(j, _)| j != i)
        && let Some(s) = live.content.roadmap.as_ref().and_then(|r| r.steps.get(i))
    {
        used.write(Used::StepReached {
            id: s.id.clone(),
            title: s.title.clone(),
        });
    }
    *last = step;
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<RoadmapView>();
    app.add_systems(
        Update,
        announce_steps
            .in_set(crate::player::AppSystems::Draw)
            .after(PageSystems::Draw),
    );
    app.add_systems(OnEnter(Page::Attract), reset);
    app.add_systems(
        Update,
        visit
            .in_set(PageSystems::Respond)
            .after(carry_walk_to_new_content),
    );
    app.add_systems(
        Update,
        (
            // Before any tap is answered: a choice refers to the content on screen.
            carry_walk_to_new_content.in_set(crate::player::AppSystems::FollowContent),
            (draw, tell_shown).in_set(PageSystems::Draw),
        )
            .run_if(in_state(Page::Roadmap)),
    );
}
