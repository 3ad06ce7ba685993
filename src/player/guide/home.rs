//! The home page: big tiles for the roadmap, the comic, the laws, the questions
//! (按问题找) and the online channels, and the 大字 / 高对比 switches.

use bevy::prelude::*;

use super::{Page, PageSystems, Reading, Redraw, read_aloud_button};
use crate::core::layout::Shape;
use crate::core::pages::PageFrame;
use crate::core::voice::Target;
use crate::player::LiveContent;
use crate::player::fonts::text_font;
use crate::player::messages::Messages;
use crate::player::metrics::Screen;
use crate::player::theme::{Accessibility, Palette};
use crate::player::widgets::{
    OnTap, PageParts, Tapped, bureau_card, button, page, paragraph, scroll_area,
};

/// A tile's share of the grid's height, in percent: the tiles fill the screen in
/// rows of two (one on a portrait screen), however many the content has.
fn tile_height(tiles: usize, portrait: bool) -> f32 {
    let rows = if portrait { tiles } else { tiles.div_ceil(2) }.max(1);
    94.0 / rows as f32 - 2.0
}

fn tile(
    parent: &mut ChildSpawnerCommands,
    (title, note): (&str, &str),
    target: Page,
    height: f32,
    screen: &Screen,
    palette: &Palette,
) {
    let m = screen.0;
    // A low board has room for the titles only, in body type.
    let board = m.shape == Shape::Board;
    parent
        .spawn((
            Name::new(format!("tile {title}")),
            OnTap::new(move |_: On<Tapped>, mut next: ResMut<NextState<Page>>| next.set(target)),
            Button,
            Node {
                width: if m.shape == Shape::Portrait {
                    percent(100)
                } else {
                    percent(48)
                },
                // Grows with its text where the share is too small for it.
                min_height: percent(height),
                flex_shrink: 0.0,
                flex_direction: FlexDirection::Column,
                justify_content: JustifyContent::Center,
                padding: UiRect::all(px(m.body * if board { 0.4 } else { 0.8 })),
                row_gap: px(m.body * 0.3),
                border: UiRect::left(px((m.body * 0.3).round())),
                border_radius: BorderRadius::all(px(m.body * 0.3)),
                ..default()
            },
            BackgroundColor(palette.card),
            BorderColor::all(palette.band),
        ))
        .with_children(|tile| {
            tile.spawn((
                Text::new(title),
                text_font(if board { m.body } else { m.title }, true),
                TextColor(palette.title),
                Pickable::IGNORE,
            ));
            if !board {
                tile.spawn((
                    paragraph(note, m.body * 0.85, false, palette.muted),
                    Pickable::IGNORE,
                ));
            }
        });
}

fn draw(
    mut commands: Commands,
    live: Res<LiveContent>,
    screen: Res<Screen>,
    palette: Res<Palette>,
    messages: Res<Messages>,
    access: Res<Accessibility>,
    mut reading: Reading,
) {
    let reads = Target::Page("home".into());
    let read = reading.offer(reads.clone());
    let PageParts { body, buttons, .. } = page(
        &mut commands,
        Page::Home,
        &screen,
        &palette,
        &messages.home_title,
    );
    let m = screen.0;
    // A low board has the buttons beside the title, with no room there for a
    // third: its 朗读 follows the tiles.
    let read_in_grid = PageFrame::new(&m).buttons_in_band();
    let content = &live.content;
    let tiles = [
        (
            content.roadmap.is_some(),
            &messages.tile_roadmap,
            &messages.tile_roadmap_note,
            Page::Roadmap,
        ),
        (
            !content.library.comics.is_empty(),
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
            !content.topics.is_empty(),
            &messages.tile_topics,
            &messages.tile_topics_note,
            Page::Topics,
        ),
        (
            content.online.is_some(),
            &messages.tile_online,
            &messages.tile_online_note,
            Page::Online,
        ),
    ];
    commands.entity(body).with_children(|b| {
        let grid = scroll_area(
            b,
            &screen,
            &palette,
            Node {
                flex_grow: 1.0,
                ..default()
            },
            Node {
                flex_direction: FlexDirection::Row,
                flex_wrap: FlexWrap::Wrap,
                justify_content: JustifyContent::SpaceBetween,
                align_content: AlignContent::SpaceBetween,
                row_gap: px(m.body * 0.6),
                ..default()
            },
        );
        let shown: Vec<_> = tiles.into_iter().filter(|t| t.0).collect();
        let height = tile_height(shown.len(), m.shape == Shape::Portrait);
        b.commands_mut().entity(grid).with_children(|grid| {
            for (_, title, note, target) in shown {
                tile(grid, (title, note), target, height, &screen, &palette);
            }
            if let Some(playing) = read.filter(|_| read_in_grid) {
                grid.spawn(read_aloud_button(
                    reads.clone(),
                    playing,
                    &messages,
                    &screen,
                    &palette,
                ));
            }
            // Where and when to come, after the tiles (only once bureau.ron
            // holds the bureau's real details).
            if let Some(lines) = content
                .library
                .bureau
                .as_ref()
                .and_then(|b| b.lines(&messages.bureau_labels()))
            {
                grid.spawn(bureau_card(&lines, &messages, &screen, &palette));
            }
        });
    });
    commands.entity(buttons).with_children(|row| {
        row.spawn(button(
            &messages.large_text,
            toggle_large_text,
            &screen,
            &palette,
            access.large_text,
        ));
        row.spawn(button(
            &messages.high_contrast,
            toggle_high_contrast,
            &screen,
            &palette,
            access.high_contrast,
        ));
        // 朗读 reads the title, the tiles and the bureau's card, where a
        // recording of them matches.
        if let Some(playing) = read.filter(|_| !read_in_grid) {
            row.spawn(read_aloud_button(
                reads, playing, &messages, &screen, &palette,
            ));
        }
    });
}

fn toggle_large_text(_: On<Tapped>, mut access: ResMut<Accessibility>, mut redraw: ResMut<Redraw>) {
    access.large_text = !access.large_text;
    redraw.0 = true;
}

fn toggle_high_contrast(
    _: On<Tapped>,
    mut access: ResMut<Accessibility>,
    mut redraw: ResMut<Redraw>,
) {
    access.high_contrast = !access.high_contrast;
    redraw.0 = true;
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        draw.in_set(PageSystems::Draw).run_if(in_state(Page::Home)),
    );
}
