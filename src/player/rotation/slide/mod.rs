//! Drawing one slide of the rotation: a page of a regulation panel, or a scene of
//! the comic. Every position comes from the core's page layout.

mod bureau;
mod comic;
mod panel;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

use crate::core::item::Item;
use crate::core::layout::text_width_em;
use crate::core::pages::{self, LINE_HEIGHT, Rect, SlideFrame, accent_width};
use crate::core::rotation::{Slide, SlideKey};
use crate::player::LiveContent;
use crate::player::messages::Messages;
use crate::player::metrics::Screen;
use crate::player::theme::Palette;
use crate::player::widgets::{lines, placed, whole_notice};

/// The root of one drawn slide.
#[derive(Component, Debug, Clone, PartialEq, Eq)]
pub struct SlideRoot(pub SlideKey);

/// Everything needed to draw a slide.
#[derive(SystemParam)]
pub struct SlideContext<'w> {
    pub live: Res<'w, LiveContent>,
    pub screen: Res<'w, Screen>,
    pub palette: Res<'w, Palette>,
    pub messages: Res<'w, Messages>,
}

/// Spawns the slide for `key` as a full-screen node; returns its root.
pub fn spawn(commands: &mut Commands, ctx: &SlideContext, slide: &Slide) -> Entity {
    let m = ctx.screen.0;
    let root = commands
        .spawn((
            Name::new("slide"),
            SlideRoot(slide.key.clone()),
            // No page node: the camera clears to the page colour.
            placed(Rect {
                x: 0.0,
                y: 0.0,
                w: m.width,
                h: m.height,
            }),
        ))
        .id();
    // Each kind's drawer: a kind of content added to the core lands here.
    match &slide.item {
        Item::Panel(p) => {
            if let Some(page) = pages::panel_pages(p, &m).get(slide.key.page) {
                panel::draw(commands, root, ctx, p, page);
            }
        }
        Item::Comic(c) => comic::draw(commands, root, ctx, c, slide.key.page, slide.key.part),
        Item::Bureau(b) => bureau::draw(commands, root, ctx, b),
    }
    root
}

/// The root of the urgent notice's slide between two items.
#[derive(Component, Debug)]
pub struct NoticeSlide;

/// Spawns the urgent notice as a slide of the rotation; returns its root.
pub fn spawn_notice(commands: &mut Commands, ctx: &SlideContext, shown: &str) -> Entity {
    let m = ctx.screen.0;
    let root = commands
        .spawn((
            Name::new("notice slide"),
            NoticeSlide,
            placed(Rect {
                x: 0.0,
                y: 0.0,
                w: m.width,
                h: m.height,
            }),
        ))
        .id();
    whole_notice(commands, root, shown, &m, &ctx.palette);
    root
}

/// A one-line text at `size`, shrunk (never below 75 %) to fit `width`.
fn fitted(text: &str, size: f32, width: f32) -> f32 {
    let needed = text_width_em(text) * size;
    if needed <= width {
        size
    } else {
        (size * width / needed).max(size * 0.75)
    }
}

fn bands(
    commands: &mut Commands,
    root: Entity,
    ctx: &SlideContext,
    left: &str,
    right: &str,
    footer: &str,
) {
    let m = ctx.screen.0;
    let p = *ctx.palette;
    let frame = SlideFrame::new(&m);
    let text_y = |band: Rect, size: f32| Rect {
        x: m.margin,
        y: band.y + (band.h - size * LINE_HEIGHT) / 2.0,
        w: m.width - 2.0 * m.margin,
        h: size * LINE_HEIGHT,
    };
    let accent = accent_width(&m).round();
    commands.entity(root).with_children(|slide| {
        slide.spawn((placed(frame.header), BackgroundColor(p.band)));
        slide.spawn((
            placed(Rect {
                y: frame.header.bottom(),
                h: accent,
                ..frame.header
            }),
            BackgroundColor(p.accent),
        ));
        slide.spawn((placed(frame.footer), BackgroundColor(p.band)));
        let size = fitted(left, m.small, frame.main.w * 0.7);
        slide.spawn((
            placed(text_y(frame.header, size)),
            lines(left, size, true, p.band_text),
        ));
        if !right.is_empty() {
            let w = text_width_em(right) * m.small;
            let r = text_y(frame.header, m.small);
            slide.spawn((
                placed(Rect {
                    x: r.right() - w,
                    w,
                    ..r
                }),
                lines(right, m.small, false, p.band_text),
            ));
        }
        let size = fitted(footer, m.small, frame.main.w);
        slide.spawn((
            placed(text_y(frame.footer, size)),
            lines(footer, size, false, p.band_text),
        ));
    });
}

/// Shown when there is no content at all to play.
pub fn spawn_placeholder(commands: &mut Commands, ctx: &SlideContext) -> Entity {
    let m = ctx.screen.0;
    let p = *ctx.palette;
    let text = ctx.messages.updating.clone();
    let w = text_width_em(&text) * m.title;
    commands
        .spawn((
            Name::new("placeholder"),
            placed(Rect {
                x: 0.0,
                y: 0.0,
                w: m.width,
                h: m.height,
            }),
        ))
        .with_children(|s| {
            s.spawn((
                placed(Rect {
                    x: (m.width - w) / 2.0,
                    y: (m.height - m.title * 1.5) / 2.0,
                    w,
                    h: m.title * 1.5,
                }),
                lines(text, m.title, true, p.title),
            ));
        })
        .id()
}
