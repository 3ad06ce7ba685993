//! The frame every page of the touch guide is drawn in: a title band, a body, and
//! a bar of buttons.

use bevy::prelude::*;

use super::{PageRoot, text_font};
use crate::core::pages::{PageFrame, accent_width};
use crate::player::metrics::Screen;
use crate::player::theme::Palette;

/// The parts of a page that its drawing fills.
pub struct PageParts {
    /// The root, for absolutely placed parts.
    pub root: Entity,
    /// The body, for the flowing layout.
    pub body: Entity,
    /// Where the way back goes (返回, 首页), first in the buttons' bar.
    pub nav: Entity,
    /// Where the page's own buttons go, after 返回 and 首页.
    pub buttons: Entity,
}

/// Spawns an empty page, despawned when `state` is left: the title band, a body
/// to fill, and the buttons' bar (see [`PageFrame`]).
pub fn page<S: States>(
    commands: &mut Commands,
    state: S,
    screen: &Screen,
    palette: &Palette,
    title: &str,
) -> PageParts {
    let m = screen.0;
    let frame = PageFrame::new(&m);
    let accent = accent_width(&m);
    let (mut body, mut nav, mut buttons) = (
        Entity::PLACEHOLDER,
        Entity::PLACEHOLDER,
        Entity::PLACEHOLDER,
    );
    // The way back (返回, 首页) first, then the page's own buttons at the far end.
    let fill_bar = |bar: &mut ChildSpawnerCommands, nav: &mut Entity, buttons: &mut Entity| {
        *nav = bar
            .spawn(Node {
                column_gap: px(m.body * 0.6),
                flex_shrink: 0.0,
                ..default()
            })
            .id();
        *buttons = bar
            .spawn(Node {
                flex_grow: 1.0,
                justify_content: JustifyContent::FlexEnd,
                column_gap: px(m.body * 0.6),
                ..default()
            })
            .id();
    };
    let root = commands
        .spawn((
            Name::new("page"),
            PageRoot,
            DespawnOnExit(state),
            // The drawing area's size, less the urgent notice's banner when one
            // is up: the page is laid out above it and no button lies under it.
            Node {
                position_type: PositionType::Absolute,
                width: px(m.width),
                height: px(m.height),
                flex_direction: FlexDirection::Column,
                ..default()
            },
            BackgroundColor(palette.page),
            GlobalZIndex(10),
        ))
        .with_children(|root| {
            root.spawn((
                Name::new("title band"),
                Node {
                    height: px(frame.band),
                    padding: UiRect::horizontal(px(m.margin)),
                    align_items: AlignItems::Center,
                    column_gap: px(m.body * 0.6),
                    flex_shrink: 0.0,
                    border: UiRect::bottom(px(accent)),
                    ..default()
                },
                BackgroundColor(palette.band),
                BorderColor::all(palette.accent),
            ))
            .with_children(|band| {
                band.spawn((
                    Text::new(title),
                    text_font(m.body, true),
                    TextColor(palette.band_text),
                    Node {
                        flex_shrink: 1.0,
                        ..default()
                    },
                ));
                if frame.buttons_in_band() {
                    band.spawn(Node {
                        flex_grow: 1.0,
                        ..default()
                    });
                    band.spawn(Node {
                        column_gap: px(m.body * 0.6),
                        ..default()
                    })
                    .with_children(|bar| fill_bar(bar, &mut nav, &mut buttons));
                }
            });
            body = root
                .spawn((
                    Name::new("page body"),
                    Node {
                        flex_grow: 1.0,
                        flex_direction: FlexDirection::Column,
                        padding: UiRect::axes(px(m.margin), px(m.margin * 0.5)),
                        row_gap: px(m.body * 0.6),
                        overflow: Overflow::clip(),
                        min_height: px(0.0),
                        ..default()
                    },
                ))
                .id();
            if !frame.buttons_in_band() {
                root.spawn((
                    Name::new("button bar"),
                    Node {
                        height: px(frame.bar),
                        padding: UiRect::horizontal(px(m.margin)),
                        align_items: AlignItems::Center,
                        column_gap: px(m.body * 0.6),
                        flex_shrink: 0.0,
                        ..default()
                    },
                    BackgroundColor(palette.card),
                ))
                .with_children(|bar| fill_bar(bar, &mut nav, &mut buttons));
            }
        })
        .id();
    PageParts {
        root,
        body,
        nav,
        buttons,
    }
}
