//! A page of a regulation panel on a slide: its title, the quoted article with
//! highlighted phrases, the citation, and a picture where there is room.

use bevy::prelude::*;

use super::{SlideContext, bands, fitted};
use crate::core::layout::text_width_em;
use crate::core::pages::{self, LINE_HEIGHT, PanelPage, Rect, Side, quote_inner};
use crate::core::panel::{Panel, highlight_runs};
use crate::core::scene::fit_aspect;
use crate::player::fonts::text_font;
use crate::player::images::PendingImage;
use crate::player::messages::fill;
use crate::player::widgets::{lines, placed, span};

fn highlighted_text(
    parent: &mut ChildSpawnerCommands,
    rect: Rect,
    text_lines: &[String],
    size: f32,
    color: Color,
    highlight: Color,
    highlights: &[String],
) {
    parent
        .spawn((placed(rect), lines("", size, false, color)))
        .with_children(|text| {
            for (run, hot) in highlight_runs(text_lines, highlights) {
                text.spawn(span(run, size, hot, if hot { highlight } else { color }));
            }
        });
}

pub(super) fn draw(
    commands: &mut Commands,
    root: Entity,
    ctx: &SlideContext,
    panel: &Panel,
    page: &PanelPage,
) {
    let m = ctx.screen.0;
    let p = *ctx.palette;
    let content = &ctx.live.content;
    let header = panel
        .citations
        .first()
        .and_then(|c| content.laws.get(&c.law_id))
        .map_or_else(String::new, |l| format!("《{}》", l.title));
    let pages = if page.pages > 1 {
        fill(&ctx.messages.page, page.page + 1, page.pages)
    } else {
        String::new()
    };
    let footer = match (&panel.source, panel.citations.is_empty()) {
        (Some(source), true) => format!("{}：{source}", ctx.messages.source_prefix),
        _ => format!(
            "{}：{}",
            ctx.messages.law_prefix,
            content.citation_line(&panel.citations)
        ),
    };
    bands(commands, root, ctx, &header, &pages, &footer);
    let r = page.regions;
    commands.entity(root).with_children(|slide| {
        slide.spawn((
            placed(r.title),
            lines(page.title.join("\n"), m.title, true, p.title),
        ));
        if let Some(rect) = r.subtitle {
            slide.spawn((
                placed(rect),
                lines(page.subtitle.join("\n"), m.body, false, p.muted),
            ));
        }
        if !page.body.is_empty() {
            highlighted_text(
                slide,
                r.text,
                &page.body,
                page.body_size,
                p.text,
                p.highlight,
                &panel.highlights,
            );
        }
        let Some(side) = r.side else { return };
        match &page.side {
            Side::Quote => {
                let edge = (m.body * 0.2).round().max(4.0);
                let card = pages::quote_card(side, &m, page.quote.len(), page.quote_size);
                slide.spawn((
                    BackgroundColor(p.card),
                    Node {
                        border: UiRect::left(px(edge)),
                        ..placed(card)
                    },
                    BorderColor::all(p.card_edge),
                ));
                let inner = quote_inner(card, &m);
                highlighted_text(
                    slide,
                    inner,
                    &page.quote,
                    page.quote_size,
                    p.text,
                    p.highlight,
                    &panel.highlights,
                );
                if let Some(q) = &panel.quote {
                    let label = content.citation_line(std::slice::from_ref(&q.citation));
                    let size = fitted(&label, m.small, inner.w);
                    let y = card.bottom() - (m.body * 0.8).round() - size * LINE_HEIGHT;
                    slide.spawn((
                        placed(Rect {
                            x: inner.x,
                            y,
                            w: inner.w,
                            h: size * LINE_HEIGHT,
                        }),
                        Text::new(label),
                        text_font(size, false),
                        TextColor(p.muted),
                        TextLayout::new(Justify::Right, LineBreak::NoWrap),
                    ));
                }
            }
            Side::Figure(figure) => {
                let chars = text_width_em(figure).max(1.0);
                let size = (side.h * 0.45).min(side.w * 0.9 / chars).round();
                let w = chars * size;
                let h = size * 1.25;
                let rect = Rect {
                    x: side.x + (side.w - w) / 2.0,
                    y: side.y + (side.h - h) / 2.0,
                    w,
                    h,
                };
                slide.spawn((
                    placed(rect),
                    Text::new(figure.clone()),
                    text_font(size, true),
                    TextColor(p.highlight),
                    TextLayout::new(Justify::Left, LineBreak::NoWrap),
                    bevy::text::LineHeight::RelativeToFont(1.25),
                ));
                let rule = Rect {
                    x: rect.x,
                    y: rect.bottom() + m.body * 0.2,
                    w,
                    h: (m.body * 0.12).max(3.0),
                };
                slide.spawn((placed(rule), BackgroundColor(p.accent)));
            }
            Side::Image => {
                if let Some(image) = &panel.image {
                    let rect = fit_aspect(side, image.aspect());
                    slide.spawn((
                        placed(rect),
                        PendingImage {
                            path: image.path.clone(),
                        },
                    ));
                }
            }
            Side::Nothing => {}
        }
    });
}
