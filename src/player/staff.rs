//! For staff only: a small, calm mark in a corner when the files on disk have
//! problems (the last good content keeps playing), which opens the full report.

use bevy::prelude::*;

use super::fonts::text_font;
use super::messages::Messages;
use super::metrics::Screen;
use super::theme::Palette;
use super::widgets::placed;
use super::{LiveSettings, Problems};
use crate::core::layout::text_width_em;
use crate::core::pages::Rect;

/// The corner mark.
#[derive(Component)]
struct Indicator;

/// The full report.
#[derive(Component)]
struct Overlay;

/// Which of the two is up.
#[derive(Resource, Default, PartialEq, Eq)]
pub struct StaffView {
    pub overlay_open: bool,
}

fn show_indicator(
    mut commands: Commands,
    problems: Res<Problems>,
    screen: Res<Screen>,
    messages: Res<Messages>,
    palette: Res<Palette>,
    indicators: Query<Entity, With<Indicator>>,
) {
    if !problems.is_changed() && !screen.is_changed() {
        return;
    }
    for e in &indicators {
        commands.entity(e).despawn();
    }
    if !problems.any() {
        return;
    }
    let m = screen.0;
    let size = (m.small * 0.7).round();
    let text = &messages.staff_problems;
    let w = text_width_em(text) * size + size * 2.2;
    let h = size * 1.8;
    // Bottom-right, over the footer band, where it does not cover any words.
    let rect = Rect {
        x: m.width - w - size * 0.5,
        y: m.height - h - size * 0.4,
        w,
        h,
    };
    commands
        .spawn((
            Name::new("staff indicator"),
            Indicator,
            Node {
                border_radius: BorderRadius::all(px(h / 2.0)),
                padding: UiRect::horizontal(px(size * 0.6)),
                align_items: AlignItems::Center,
                column_gap: px(size * 0.4),
                ..placed(rect)
            },
            BackgroundColor(Color::srgba(0.0, 0.0, 0.0, 0.55)),
            GlobalZIndex(50),
        ))
        .with_children(|mark| {
            mark.spawn((
                Node {
                    width: px(size * 0.6),
                    height: px(size * 0.6),
                    border_radius: BorderRadius::all(px(size)),
                    ..default()
                },
                BackgroundColor(palette.accent),
            ));
            mark.spawn((
                Text::new(text.clone()),
                text_font(size, false),
                TextColor(Color::WHITE),
            ));
        })
        .observe(|_: On<Pointer<Click>>, mut view: ResMut<StaffView>| view.overlay_open = true);
}

fn toggle_with_keyboard(
    keys: Res<ButtonInput<KeyCode>>,
    mut view: ResMut<StaffView>,
    problems: Res<Problems>,
) {
    if keys.just_pressed(KeyCode::F2) && (problems.any() || view.overlay_open) {
        view.overlay_open = !view.overlay_open;
    }
}

fn show_overlay(
    mut commands: Commands,
    view: Res<StaffView>,
    problems: Res<Problems>,
    settings: Res<LiveSettings>,
    screen: Res<Screen>,
    messages: Res<Messages>,
    overlays: Query<Entity, With<Overlay>>,
) {
    if !view.is_changed() && !problems.is_changed() {
        return;
    }
    for e in &overlays {
        commands.entity(e).despawn();
    }
    if !view.overlay_open || !problems.any() {
        return;
    }
    let m = screen.0;
    let size = (m.small * 0.55).max(14.0).round();
    let report = if problems.report.is_empty() {
        problems
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        problems.report.clone()
    };
    commands
        .spawn((
            Name::new("staff overlay"),
            Overlay,
            Node {
                position_type: PositionType::Absolute,
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(m.margin * 0.5)),
                row_gap: px(size),
                overflow: Overflow::clip(),
                ..default()
            },
            BackgroundColor(Color::srgba(0.05, 0.05, 0.08, 0.94)),
            GlobalZIndex(100),
        ))
        .with_children(|o| {
            o.spawn((
                Text::new(format!(
                    "{} — {}",
                    messages.staff_title,
                    settings.content_dir.display()
                )),
                text_font(size * 1.3, true),
                TextColor(Color::WHITE),
            ));
            o.spawn((
                Text::new(report),
                text_font(size, false),
                TextColor(Color::srgb(0.92, 0.92, 0.92)),
            ));
            o.spawn((
                Node {
                    padding: UiRect::axes(px(size), px(size * 0.5)),
                    align_self: AlignSelf::FlexStart,
                    ..default()
                },
                BackgroundColor(Color::srgb(0.3, 0.3, 0.35)),
                children![(
                    Text::new(messages.staff_close.clone()),
                    text_font(size * 1.2, true),
                    TextColor(Color::WHITE)
                )],
            ))
            .observe(|_: On<Pointer<Click>>, mut view: ResMut<StaffView>| {
                view.overlay_open = false
            });
        });
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<StaffView>();
    app.add_systems(
        Update,
        (toggle_with_keyboard, show_indicator, show_overlay).chain(),
    );
}
