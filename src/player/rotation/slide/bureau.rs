//! The bureau's profile on a slide: where to come, when, and whom to call, set
//! large enough to copy down from across the lobby.

use bevy::prelude::*;

use super::{SlideContext, bands};
use crate::core::bureau::Bureau;
use crate::core::pages::{LINE_HEIGHT, Rect, SlideFrame};
use crate::core::scene::{fit_aspect, fit_text};
use crate::player::images::PendingImage;
use crate::player::widgets::{placed, set_text};

pub(super) fn draw(commands: &mut Commands, root: Entity, ctx: &SlideContext, bureau: &Bureau) {
    let Some(lines) = bureau.lines(&ctx.messages.bureau_labels()) else {
        return;
    };
    let Some((first, rest)) = lines.split_first() else {
        return;
    };
    let m = ctx.screen.0;
    let p = *ctx.palette;
    bands(
        commands,
        root,
        ctx,
        &ctx.messages.bureau_title,
        "",
        &bureau.name,
    );
    let main = SlideFrame::new(&m).main;
    // A map, when there is one, takes the right part; the words the rest.
    let (words, map) = match &bureau.map {
        Some(map) if m.width > m.height => {
            let w = main.w * 0.4;
            (
                Rect {
                    w: main.w - w - m.margin * 0.6,
                    ..main
                },
                Some((
                    fit_aspect(
                        Rect {
                            x: main.right() - w,
                            w,
                            ..main
                        },
                        map.aspect(),
                    ),
                    map.path.clone(),
                )),
            )
        }
        _ => (main, None),
    };
    let name = Rect {
        h: m.title * LINE_HEIGHT * 1.2,
        ..words
    };
    let details = Rect {
        y: name.bottom() + m.body * 0.5,
        h: words.bottom() - name.bottom() - m.body * 0.5,
        ..words
    };
    let name = fit_text(first, name, m.title, m.body);
    let details = fit_text(&rest.join("\n"), details, m.body * 1.1, m.body * 0.8);
    commands.entity(root).with_children(|slide| {
        slide.spawn(set_text(&name, true, p.title));
        slide.spawn(set_text(&details, false, p.text));
        if let Some((rect, path)) = map {
            slide.spawn((placed(rect), PendingImage { path }));
        }
    });
}
