//! The 依法依规信访“路线图”: the whole route as a chart with the citizen's place and
//! path marked, the current step large with its choices as big buttons, and the
//! time limits met along the chosen path.

use std::sync::Arc;

use bevy::prelude::*;

use super::{Page, PageSystems, Redraw, button, page, paragraph};
use crate::core::content::Content;
use crate::core::layout::Shape;
use crate::core::roadmap::{Roadmap, Walk};
use crate::player::Live;
use crate::player::fonts::text_font;
use crate::player::messages::{Messages, fill};
use crate::player::qr;
use crate::player::screen::Screen;
use crate::player::theme::Palette;
use crate::player::touch::{Action, Activated};

/// The citizen's walk through the roadmap.
#[derive(Resource, Default)]
pub struct RoadmapView {
    pub walk: Walk,
    /// The content the walk's step numbers refer to.
    walked_on: Option<Arc<Content>>,
}

fn chart(
    parent: &mut ChildSpawnerCommands,
    roadmap: &Roadmap,
    walk: &Walk,
    screen: &Screen,
    palette: &Palette,
) {
    let m = screen.0;
    let depths = roadmap.depths();
    let rows = depths
        .iter()
        .filter(|d| **d != usize::MAX)
        .max()
        .map_or(0, |d| d + 1);
    let size = m.small.max(14.0);
    parent
        .spawn((
            Name::new("roadmap chart"),
            Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(size * 0.5),
                flex_shrink: 0.0,
                ..default()
            },
        ))
        .with_children(|c| {
            for row in 0..rows {
                c.spawn(Node {
                    column_gap: px(size * 0.4),
                    flex_wrap: FlexWrap::Wrap,
                    row_gap: px(size * 0.3),
                    ..default()
                })
                .with_children(|r| {
                    for (i, step) in roadmap
                        .steps
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| depths[*i] == row)
                    {
                        let current = walk.current() == i;
                        let visited = walk.path().contains(&i);
                        let (bg, fg) = if current {
                            (palette.band, palette.band_text)
                        } else if visited {
                            (palette.accent, palette.text)
                        } else {
                            (palette.card, palette.muted)
                        };
                        r.spawn((
                            Node {
                                padding: UiRect::axes(px(size * 0.5), px(size * 0.2)),
                                border: UiRect::all(px(2.0)),
                                border_radius: BorderRadius::all(px(size * 0.3)),
                                ..default()
                            },
                            BackgroundColor(bg),
                            BorderColor::all(if visited { palette.band } else { palette.muted }),
                            children![(
                                Text::new(step.title.clone()),
                                text_font(size, current),
                                TextColor(fg)
                            )],
                        ));
                    }
                });
            }
        });
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
    live: Res<Live>,
    view: Res<RoadmapView>,
    screen: Res<Screen>,
    palette: Res<Palette>,
    messages: Res<Messages>,
    mut images: ResMut<Assets<Image>>,
) {
    let Some(roadmap) = live.content.roadmap.as_ref() else {
        return;
    };
    let m = screen.0;
    let (_, body) = page(
        &mut commands,
        Page::Roadmap,
        &screen,
        &palette,
        &messages,
        &roadmap.title,
        true,
    );
    let step = &roadmap.steps[view.walk.current().min(roadmap.steps.len() - 1)];
    let portrait = m.shape == Shape::Portrait;
    let citation = format!(
        "{}：{}",
        messages.law_prefix,
        live.content.citation_line(&step.citations)
    );
    let timeline = view.walk.timeline(roadmap);
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
            split
                .spawn(Node {
                    width: if portrait { percent(100) } else { percent(34) },
                    flex_direction: FlexDirection::Column,
                    row_gap: px(m.small * 0.5),
                    ..default()
                })
                .with_children(|left| {
                    chart(left, roadmap, &view.walk, &screen, &palette);
                    if !timeline.is_empty() {
                        left.spawn((
                            Text::new(messages.roadmap_timeline.clone()),
                            text_font(m.small, true),
                            TextColor(palette.title),
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
                                    palette.highlight
                                } else {
                                    palette.text
                                },
                            ));
                        }
                    }
                });
            split
                .spawn((
                    Name::new("current step"),
                    Node {
                        flex_grow: 1.0,
                        flex_basis: px(0.0),
                        flex_direction: FlexDirection::Column,
                        row_gap: px(m.body * 0.5),
                        padding: UiRect::all(px(m.body * 0.8)),
                        border: UiRect::left(px((m.body * 0.2).round())),
                        min_height: px(0.0),
                        ..default()
                    },
                    BackgroundColor(palette.card),
                    BorderColor::all(palette.card_edge),
                ))
                .with_children(|card| {
                    card.spawn((
                        Text::new(step.title.clone()),
                        text_font(m.title, true),
                        TextColor(palette.title),
                    ));
                    card.spawn(paragraph(step.body.clone(), m.body, false, palette.text));
                    if let Some(limit) = &step.limit {
                        card.spawn((
                            Node {
                                padding: UiRect::axes(px(m.body * 0.5), px(m.body * 0.2)),
                                align_self: AlignSelf::FlexStart,
                                border_radius: BorderRadius::all(px(m.body * 0.3)),
                                ..default()
                            },
                            BackgroundColor(palette.band),
                            children![(
                                Text::new(format!(
                                    "{}：{}",
                                    limit.label,
                                    limit_text(&messages, limit.days, limit.extension_days)
                                )),
                                text_font(m.body, true),
                                TextColor(palette.band_text)
                            )],
                        ));
                    }
                    card.spawn(paragraph(citation.clone(), m.small, false, palette.muted));
                    if !step.links.is_empty() {
                        card.spawn(Node {
                            column_gap: px(m.body),
                            ..default()
                        })
                        .with_children(|row| {
                            for link in &step.links {
                                if let Some(code) = qr::image(&link.url) {
                                    let handle = images.add(code);
                                    row.spawn(Node {
                                        flex_direction: FlexDirection::Column,
                                        align_items: AlignItems::Center,
                                        ..default()
                                    })
                                    .with_children(|q| {
                                        q.spawn((
                                            ImageNode::new(handle),
                                            Node {
                                                width: px(m.touch * 2.2),
                                                height: px(m.touch * 2.2),
                                                ..default()
                                            },
                                        ));
                                        q.spawn((
                                            Text::new(link.label.clone()),
                                            text_font(m.small, false),
                                            TextColor(palette.text),
                                        ));
                                    });
                                }
                            }
                        });
                    }
                    card.spawn(Node {
                        flex_grow: 1.0,
                        ..default()
                    });
                    if step.is_end() {
                        card.spawn((
                            Text::new(messages.roadmap_end.clone()),
                            text_font(m.body, true),
                            TextColor(palette.lawful),
                        ));
                    }
                    card.spawn(Node {
                        flex_wrap: FlexWrap::Wrap,
                        column_gap: px(m.body * 0.6),
                        row_gap: px(m.body * 0.5),
                        ..default()
                    })
                    .with_children(|choices| {
                        for (i, choice) in step.choices.iter().enumerate() {
                            choices.spawn(button(
                                &choice.label,
                                Action::Choose(i),
                                &screen,
                                &palette,
                                true,
                            ));
                        }
                    });
                });
        });
    });
}

fn handle(
    mut activated: MessageReader<Activated>,
    live: Res<Live>,
    mut view: ResMut<RoadmapView>,
    mut next: ResMut<NextState<Page>>,
    mut redraw: ResMut<Redraw>,
) {
    let Some(roadmap) = live.content.roadmap.as_ref() else {
        return;
    };
    for a in activated.read() {
        let changed = match a.0 {
            Action::Choose(i) => view.walk.choose(roadmap, i),
            Action::Back => {
                if !view.walk.back() {
                    next.set(Page::Home);
                }
                true
            }
            _ => false,
        };
        if changed {
            redraw.0 = true;
        }
    }
}

fn reset(mut view: ResMut<RoadmapView>) {
    *view = RoadmapView::default();
}

/// New content may bring a different roadmap: the citizen stays where they are
/// as far as the new roadmap still has their steps.
fn carry_walk_to_new_content(live: Res<Live>, mut view: ResMut<RoadmapView>) {
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

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<RoadmapView>();
    app.add_systems(OnEnter(Page::Attract), reset);
    app.add_systems(
        Update,
        (
            (carry_walk_to_new_content, handle)
                .chain()
                .in_set(PageSystems::Respond),
            draw.in_set(PageSystems::Draw),
        )
            .run_if(in_state(Page::Roadmap)),
    );
}
