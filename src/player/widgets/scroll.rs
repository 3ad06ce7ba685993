//! Areas that scroll when a finger drags them, with a bar that shows there is more.

use bevy::prelude::*;

use crate::player::metrics::Screen;
use crate::player::theme::Palette;

/// On an area that scrolls: the mark that shows a citizen there is more to see by
/// dragging, visible only while the content overflows.
#[derive(Component)]
pub struct ScrollCue(pub Entity);

/// A list or text that scrolls when dragged.
#[derive(Component)]
pub struct Scrolls;

/// The moving part of a scroll cue: where the window is in the whole.
#[derive(Component)]
struct Thumb;

/// A [`scroll_area`] that fills the rest of its parent and stacks its children in
/// a column `gap` pixels apart: the usual body of a page.
pub fn scrolling_column(
    parent: &mut ChildSpawnerCommands,
    screen: &Screen,
    palette: &Palette,
    gap: f32,
) -> Entity {
    scroll_area(
        parent,
        screen,
        palette,
        Node {
            flex_grow: 1.0,
            ..default()
        },
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(gap),
            ..default()
        },
    )
}

/// Spawns, under `parent`, an area laid out as `frame` (its size and place in the
/// page) whose content, laid out as `content`, scrolls up and down when it does not
/// fit. Beside it a bar shows, while the content overflows, that there is more
/// and where the window is. Returns the area to fill.
pub fn scroll_area(
    parent: &mut ChildSpawnerCommands,
    screen: &Screen,
    palette: &Palette,
    frame: Node,
    content: Node,
) -> Entity {
    let m = screen.0;
    let width = (m.small * 0.45).max(2.0 * m.px_per_mm).round();
    let mut area = Entity::PLACEHOLDER;
    parent
        .spawn(Node {
            flex_direction: FlexDirection::Row,
            column_gap: px(width * 0.8),
            min_height: px(0.0),
            ..frame
        })
        .with_children(|frame| {
            area = frame
                .spawn((
                    Scrolls,
                    Node {
                        overflow: Overflow::scroll_y(),
                        flex_grow: 1.0,
                        flex_basis: px(0.0),
                        min_width: px(0.0),
                        min_height: px(0.0),
                        ..content
                    },
                    ScrollPosition::default(),
                ))
                .id();
            // The bar goes on the right, the side a right hand scrolls on.
            let track = frame
                .spawn((
                    Node {
                        width: px(width),
                        flex_shrink: 0.0,
                        border_radius: BorderRadius::all(px(width / 2.0)),
                        ..default()
                    },
                    BackgroundColor(palette.card_edge.with_alpha(0.35)),
                    Visibility::Hidden,
                    Pickable::IGNORE,
                    children![(
                        Thumb,
                        Node {
                            position_type: PositionType::Absolute,
                            width: percent(100),
                            border_radius: BorderRadius::all(px(width / 2.0)),
                            ..default()
                        },
                        // The title colour stands out on the card and the page in
                        // both palettes (the band's is black on black in 高对比).
                        BackgroundColor(palette.title),
                    )],
                ))
                .id();
            frame.commands().entity(area).insert(ScrollCue(track));
        });
    area
}

/// Marks what must be in view when its page is drawn: the area it scrolls in is
/// scrolled to it once laid out.
#[derive(Component)]
pub struct ScrollIntoView;

fn scroll_into_view(
    mut commands: Commands,
    marked: Query<(Entity, &ComputedNode, &UiGlobalTransform), With<ScrollIntoView>>,
    parents: Query<&ChildOf>,
    mut areas: Query<(&ComputedNode, &UiGlobalTransform, &mut ScrollPosition), With<Scrolls>>,
    mut deadline: ResMut<crate::player::wake::Deadline>,
) {
    for (entity, node, transform) in &marked {
        let mut at = entity;
        while let Ok(parent) = parents.get(at) {
            at = parent.parent();
            let Ok((area, area_transform, mut scroll)) = areas.get_mut(at) else {
                continue;
            };
            let (top, bottom) = (
                transform.translation.y - node.size().y / 2.0,
                transform.translation.y + node.size().y / 2.0,
            );
            let (window_top, window_bottom) = (
                area_transform.translation.y - area.size().y / 2.0,
                area_transform.translation.y + area.size().y / 2.0,
            );
            // Centre it when it is out of the window; leave it where it is seen.
            if top < window_top || bottom > window_bottom {
                let by = (top + bottom - window_top - window_bottom) / 2.0;
                scroll.y = (scroll.y + by * area.inverse_scale_factor()).max(0.0);
                deadline.animate();
            }
            break;
        }
        commands.entity(entity).remove::<ScrollIntoView>();
    }
}

/// Shows each scroll cue while its area's content overflows, its thumb sized and
/// placed as the window is in the whole.
fn show_scroll_cues(
    areas: Query<(&ComputedNode, &ScrollCue)>,
    mut tracks: Query<(&mut Visibility, &Children)>,
    mut thumbs: Query<&mut Node, With<Thumb>>,
    mut deadline: ResMut<crate::player::wake::Deadline>,
) {
    for (area, cue) in &areas {
        let Ok((mut visibility, children)) = tracks.get_mut(cue.0) else {
            continue;
        };
        let (window, whole) = (area.size().y, area.content_size().y);
        let overflows = whole > window + 0.5;
        let wanted = if overflows {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        let mut changed = visibility.set_if_neq(wanted);
        if overflows {
            let (top, height) = (
                percent(area.scroll_position.y / whole * 100.0),
                percent(window / whole * 100.0),
            );
            for child in children {
                if let Ok(mut thumb) = thumbs.get_mut(*child)
                    && (thumb.top != top || thumb.height != height)
                {
                    thumb.top = top;
                    thumb.height = height;
                    changed = true;
                }
            }
        }
        // A cue changes after layout: draw once more to show it.
        if changed {
            deadline.animate();
        }
    }
}

/// Dragging a finger scrolls the list or text under it.
fn drag_to_scroll(
    mut drags: MessageReader<Pointer<Drag>>,
    taps: Res<crate::player::touch::Taps>,
    parents: Query<&ChildOf>,
    mut areas: Query<(&mut ScrollPosition, &ComputedNode), With<Scrolls>>,
) {
    for drag in drags.read() {
        if !crate::player::touch::dragging(&taps, drag.pointer_id) {
            continue;
        }
        let mut entity = drag.entity;
        loop {
            if let Ok((mut scroll, area)) = areas.get_mut(entity) {
                // Held at the ends, so dragging back moves at once.
                let end =
                    (area.content_size().y - area.size().y).max(0.0) * area.inverse_scale_factor();
                scroll.y = (scroll.y - drag.event.delta.y).clamp(0.0, end);
                break;
            }
            match parents.get(entity) {
                Ok(parent) => entity = parent.parent(),
                Err(_) => break,
            }
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        PostUpdate,
        (scroll_into_view, show_scroll_cues).after(bevy::ui::UiSystems::Layout),
    );
    app.add_systems(
        Update,
        drag_to_scroll.in_set(crate::player::AppSystems::Respond),
    );
}
