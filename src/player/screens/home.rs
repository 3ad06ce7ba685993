//! The home page: big tiles for the roadmap, the comic, the regulation and the
//! online channels, and the 大字 / 高对比 switches.

use bevy::prelude::*;

use super::{Page, PageSystems, Redraw, button, page, paragraph};
use crate::core::layout::Shape;
use crate::player::Live;
use crate::player::fonts::text_font;
use crate::player::messages::Messages;
use crate::player::screen::Screen;
use crate::player::theme::{Accessibility, Palette};
use crate::player::touch::{Action, Activated};

fn tile(
    title: &str,
    note: &str,
    target: Page,
    screen: &Screen,
    palette: &Palette,
    portrait: bool,
) -> impl Bundle {
    let m = screen.0;
    (
        Name::new(format!("tile {title}")),
        Action::Open(target),
        Button,
        Node {
            width: if portrait { percent(100) } else { percent(48) },
            height: if portrait { percent(22) } else { percent(45) },
            min_height: px(m.touch * 1.5),
            flex_direction: FlexDirection::Column,
            justify_content: JustifyContent::Center,
            padding: UiRect::all(px(m.body * 0.8)),
            row_gap: px(m.body * 0.3),
            border: UiRect::left(px((m.body * 0.3).round())),
            border_radius: BorderRadius::all(px(m.body * 0.3)),
            ..default()
        },
        BackgroundColor(palette.card),
        BorderColor::all(palette.band),
        children![
            (
                Text::new(title),
                text_font(m.title, true),
                TextColor(palette.title),
                Pickable::IGNORE
            ),
            (
                paragraph(note, m.body * 0.85, false, palette.muted),
                Pickable::IGNORE
            ),
        ],
    )
}

fn draw(
    mut commands: Commands,
    live: Res<Live>,
    screen: Res<Screen>,
    palette: Res<Palette>,
    messages: Res<Messages>,
    access: Res<Accessibility>,
) {
    let (_, body) = page(
        &mut commands,
        Page::Home,
        &screen,
        &palette,
        &messages,
        &messages.home_title,
        false,
    );
    let portrait = screen.0.shape == Shape::Portrait;
    let m = screen.0;
    let content = &live.content;
    let tiles = [
        (
            content.roadmap.is_some(),
            &messages.tile_roadmap,
            &messages.tile_roadmap_note,
            Page::Roadmap,
        ),
        (
            !content.comics.is_empty(),
            &messages.tile_comic,
            &messages.tile_comic_note,
            Page::Comic,
        ),
        (
            content.main_law().is_some(),
            &messages.tile_browser,
            &messages.tile_browser_note,
            Page::Browser,
        ),
        (
            content.online.is_some(),
            &messages.tile_online,
            &messages.tile_online_note,
            Page::Online,
        ),
    ];
    commands.entity(body).with_children(|b| {
        b.spawn(Node {
            flex_grow: 1.0,
            flex_wrap: FlexWrap::Wrap,
            justify_content: JustifyContent::SpaceBetween,
            align_content: AlignContent::SpaceBetween,
            row_gap: px(m.body * 0.6),
            ..default()
        })
        .with_children(|grid| {
            for (shown, title, note, target) in tiles {
                if shown {
                    grid.spawn(tile(title, note, target, &screen, &palette, portrait));
                }
            }
        });
        b.spawn(Node {
            column_gap: px(m.body),
            justify_content: JustifyContent::FlexEnd,
            flex_shrink: 0.0,
            ..default()
        })
        .with_children(|row| {
            row.spawn(button(
                &messages.large_text,
                Action::ToggleLargeText,
                &screen,
                &palette,
                access.large_text,
            ));
            row.spawn(button(
                &messages.high_contrast,
                Action::ToggleHighContrast,
                &screen,
                &palette,
                access.high_contrast,
            ));
        });
    });
}

fn handle(
    mut activated: MessageReader<Activated>,
    mut next: ResMut<NextState<Page>>,
    mut access: ResMut<Accessibility>,
    mut redraw: ResMut<Redraw>,
) {
    for a in activated.read() {
        match &a.0 {
            Action::Open(target) => next.set(*target),
            Action::ToggleLargeText => {
                access.large_text = !access.large_text;
                redraw.0 = true;
            }
            Action::ToggleHighContrast => {
                access.high_contrast = !access.high_contrast;
                redraw.0 = true;
            }
            Action::Back => next.set(Page::Attract),
            _ => {}
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            handle.in_set(PageSystems::Respond),
            draw.in_set(PageSystems::Draw),
        )
            .run_if(in_state(Page::Home)),
    );
}
