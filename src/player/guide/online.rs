//! 网上信访: the online channels staff set in `online.ron`, as QR codes a citizen
//! scans with a phone.

use bevy::prelude::*;

use super::{Page, PageSystems, Reading, go_home, guide_page, read_aloud_button};
use crate::core::voice::Target;
use crate::player::LiveContent;
use crate::player::fonts::text_font;
use crate::player::messages::Messages;
use crate::player::metrics::Screen;
use crate::player::qr;
use crate::player::theme::Palette;
use crate::player::widgets::{PageParts, paragraph, qr_code, scrolling_column};

fn draw(
    mut commands: Commands,
    live: Res<LiveContent>,
    screen: Res<Screen>,
    palette: Res<Palette>,
    messages: Res<Messages>,
    mut images: ResMut<Assets<Image>>,
    mut reading: Reading,
) {
    let Some(online) = live.content.online.as_ref() else {
        return;
    };
    let target = Target::Page("online".into());
    let read = reading.offer(target.clone());
    let m = screen.0;
    let PageParts { body, buttons, .. } = guide_page(
        &mut commands,
        Page::Online,
        &screen,
        &palette,
        &messages,
        &online.title,
        go_home,
    );
    if let Some(playing) = read {
        commands.entity(buttons).with_children(|row| {
            row.spawn(read_aloud_button(
                target, playing, &messages, &screen, &palette,
            ));
        });
    }
    let side = (m.width.min(m.height) * 0.32).min(m.touch * 6.0);
    commands.entity(body).with_children(|b| {
        let area = scrolling_column(b, &screen, &palette, m.body * 0.6);
        let mut b = b.commands_mut().entity(area);
        b.with_children(|b| {
            if let Some(note) = &online.note {
                b.spawn(paragraph(note.clone(), m.body, false, palette.text));
            }
            b.spawn(Node {
                flex_wrap: FlexWrap::Wrap,
                column_gap: px(m.margin),
                row_gap: px(m.body),
                justify_content: JustifyContent::Center,
                ..default()
            })
            .with_children(|grid| {
                for link in &online.links {
                    let Some(code) = qr::image(&link.url) else {
                        continue;
                    };
                    let handle = images.add(code);
                    grid.spawn(Node {
                        flex_direction: FlexDirection::Column,
                        align_items: AlignItems::Center,
                        row_gap: px(m.small * 0.5),
                        ..default()
                    })
                    .with_children(|card| {
                        card.spawn(qr_code(handle, side));
                        card.spawn((
                            Text::new(link.label.clone()),
                            text_font(m.body, true),
                            TextColor(palette.title),
                        ));
                    });
                }
            });
        });
    });
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        draw.in_set(PageSystems::Draw)
            .run_if(in_state(Page::Online)),
    );
}
