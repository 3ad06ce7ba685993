//! The urgent notice over a whole area: a board's screen, or its slide between
//! two items of the rotation. Where each line goes is the core's to say
//! (`notice::whole_page`).

use bevy::prelude::*;

use super::{lines, placed};
use crate::core::layout::Metrics;
use crate::core::notice::{HEADING, whole_page};
use crate::core::pages::{LINE_HEIGHT, Rect, accent_width};
use crate::player::theme::Palette;

/// Draws `shown` as a whole page under `root`, a node covering an area of
/// metrics `m`: the heading 紧急通知 in the slide's header band, the words in
/// its main area.
pub fn whole_notice(
    commands: &mut Commands,
    root: Entity,
    shown: &str,
    m: &Metrics,
    palette: &Palette,
) {
    let page = whole_page(shown, m);
    let frame = page.frame;
    let accent = accent_width(m).round();
    let heading = Rect {
        x: m.margin,
        y: (frame.header.h - m.small * LINE_HEIGHT) / 2.0,
        w: frame.main.w,
        h: m.small * LINE_HEIGHT,
    };
    let h = page.lines.len() as f32 * page.size * LINE_HEIGHT;
    let body = Rect {
        y: (frame.main.y + (frame.main.h - h).max(0.0) / 2.0).round(),
        h,
        ..frame.main
    };
    commands.entity(root).with_children(|p| {
        p.spawn((placed(frame.header), BackgroundColor(palette.band)));
        p.spawn((
            placed(Rect {
                y: frame.header.bottom(),
                h: accent,
                ..frame.header
            }),
            BackgroundColor(palette.accent),
        ));
        p.spawn((
            placed(heading),
            lines(HEADING, m.small, true, palette.band_text),
        ));
        p.spawn((
            Name::new("notice words"),
            placed(body),
            lines(page.lines.join("\n"), page.size, true, palette.title),
        ));
        p.spawn((placed(frame.footer), BackgroundColor(palette.band)));
    });
}
