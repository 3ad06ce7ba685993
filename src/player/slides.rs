//! Drawing one slide of the rotation: a page of a regulation panel, or a scene of
//! the comic. Every position comes from the core's page layout.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

use super::LiveContent;
use super::images::PendingImage;
use super::messages::{Messages, fill};
use super::screen::Screen;
use super::theme::{Palette, lines, placed, span};
use crate::core::comic::{Bubble, Comic, Verdict};
use crate::core::content::Content;
use crate::core::layout::{Metrics, Shape, text_width_em, wrap};
use crate::core::pages::{
    self, LINE_HEIGHT, PanelPage, Rect, Side, SlideFrame, lines_fitting, quote_inner,
};
use crate::core::panel::Panel;
use crate::core::playlist::ItemKind;
use crate::core::rotation::SlideKey;

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

/// Pages each panel needs on this screen.
pub fn page_count(content: &Content, m: &Metrics, id: &str) -> usize {
    content
        .panels
        .get(id)
        .map_or(1, |p| pages::panel_pages(p, m).len())
}

/// Spawns the slide for `key` as a full-screen node; returns its root.
pub fn spawn(commands: &mut Commands, ctx: &SlideContext, key: &SlideKey) -> Entity {
    let m = ctx.screen.0;
    let root = commands
        .spawn((
            Name::new("slide"),
            SlideRoot(key.clone()),
            placed(Rect {
                x: 0.0,
                y: 0.0,
                w: m.width,
                h: m.height,
            }),
            BackgroundColor(ctx.palette.page),
        ))
        .id();
    let content = &ctx.live.content;
    match &key.item {
        ItemKind::Panel(id) => {
            if let Some(page) = content.panels.get(id).and_then(|p| {
                pages::panel_pages(p, &m)
                    .into_iter()
                    .nth(key.page)
                    .map(|page| (p, page))
            }) {
                panel_page(commands, root, ctx, page.0, &page.1);
            }
        }
        ItemKind::Comic(id) => {
            if let Some(comic) = content.comics.get(id) {
                comic_scene(commands, root, ctx, comic, key.page);
            }
        }
    }
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
    let accent = (m.small * 0.14).max(3.0).round();
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

/// Splits `line` around the highlighted phrases, in order.
fn highlight_runs<'a>(line: &'a str, highlights: &[String]) -> Vec<(&'a str, bool)> {
    let mut runs = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        let next = highlights
            .iter()
            .filter(|h| !h.is_empty())
            .filter_map(|h| rest.find(h.as_str()).map(|at| (at, h.len())))
            .min_by_key(|(at, len)| (*at, usize::MAX - len));
        match next {
            Some((at, len)) => {
                if at > 0 {
                    runs.push((&rest[..at], false));
                }
                runs.push((&rest[at..at + len], true));
                rest = &rest[at + len..];
            }
            None => {
                runs.push((rest, false));
                break;
            }
        }
    }
    runs
}

fn highlighted_text(
    parent: &mut ChildSpawnerCommands,
    rect: Rect,
    text_lines: &[String],
    size: f32,
    color: Color,
    highlight: Color,
    highlights: &[String],
) {
    let joined = text_lines.join("\n");
    parent
        .spawn((placed(rect), lines("", size, false, color)))
        .with_children(|text| {
            for (run, hot) in highlight_runs(&joined, highlights) {
                text.spawn(span(run, size, hot, if hot { highlight } else { color }));
            }
        });
}

fn panel_page(
    commands: &mut Commands,
    root: Entity,
    ctx: &SlideContext,
    panel: &Panel,
    page: &PanelPage,
) {
    let m = ctx.screen.0;
    let p = *ctx.palette;
    let content = &ctx.live.content;
    let law_title = panel
        .citations
        .first()
        .and_then(|c| content.laws.get(&c.law_id))
        .map_or_else(String::new, |l| format!("《{}》", l.title));
    let header = match &panel.subtitle {
        Some(sub) => format!("{law_title}  {sub}"),
        None => law_title,
    };
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
                        super::fonts::text_font(size, false),
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
                    super::fonts::text_font(size, true),
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

/// The words and colour that mark a comic scene: × 误区 in red, ✓ 正确做法 in green.
pub fn verdict_style<'a>(
    verdict: Verdict,
    messages: &'a Messages,
    palette: &Palette,
) -> (&'a String, Color) {
    match verdict {
        Verdict::Mistake => (&messages.mistake, palette.mistake),
        Verdict::Lawful => (&messages.lawful, palette.lawful),
    }
}

/// The largest rectangle of aspect `aspect` (width / height) centred in `area`.
pub fn fit_aspect(area: Rect, aspect: f32) -> Rect {
    let (w, h) = if area.w / area.h > aspect {
        (area.h * aspect, area.h)
    } else {
        (area.w, area.w / aspect)
    };
    Rect {
        x: area.x + (area.w - w) / 2.0,
        y: area.y + (area.h - h) / 2.0,
        w,
        h,
    }
}

/// Wraps `text` into `rect`, reducing the size (down to `min`) until it fits, and
/// cutting with … only if even that does not.
pub fn fit_text(text: &str, rect: Rect, size: f32, min: f32) -> (Vec<String>, f32) {
    let mut s = size;
    loop {
        let mut out = wrap(text, rect.w / s);
        let fits = lines_fitting(rect.h, s);
        if out.len() <= fits || s <= min {
            if out.len() > fits {
                out.truncate(fits);
                if let Some(last) = out.last_mut() {
                    last.pop();
                    last.push('…');
                }
            }
            return (out, s);
        }
        s = (s * 0.92).max(min);
    }
}

fn comic_scene(
    commands: &mut Commands,
    root: Entity,
    ctx: &SlideContext,
    comic: &Comic,
    index: usize,
) {
    let Some(scene) = comic.scenes.get(index) else {
        return;
    };
    let m = ctx.screen.0;
    let p = *ctx.palette;
    let content = &ctx.live.content;
    let footer = format!(
        "{}：{}",
        ctx.messages.law_prefix,
        content.citation_line(&scene.citations)
    );
    bands(
        commands,
        root,
        ctx,
        &format!("《{}》", comic.title),
        &format!("{} / {}", index + 1, comic.scenes.len()),
        &footer,
    );
    let main = SlideFrame::new(&m).main;
    let gutter = (m.margin * 0.6).round();
    let frame = scene.shown_frame();
    let aspect = scene.aspect();
    let caption_h = if m.shape != Shape::Board && frame.is_some_and(|f| f.caption.is_some()) {
        m.small * LINE_HEIGHT * 2.0
    } else {
        0.0
    };
    let (picture_area, text_area) = match m.shape {
        Shape::Portrait => {
            let h = (main.w / aspect).min(main.h * 0.55);
            (
                Rect { h, ..main },
                Rect {
                    y: main.y + h + caption_h + gutter,
                    h: main.h - h - caption_h - gutter,
                    ..main
                },
            )
        }
        Shape::Board | Shape::Landscape => {
            // A board leaves more room for the words, read in passing.
            let share = if m.shape == Shape::Board { 0.45 } else { 0.6 };
            let w = ((main.h - caption_h) * aspect).min(main.w * share);
            (
                Rect {
                    w,
                    h: main.h - caption_h,
                    ..main
                },
                Rect {
                    x: main.x + w + gutter,
                    w: main.w - w - gutter,
                    ..main
                },
            )
        }
    };
    let picture = fit_aspect(picture_area, aspect);
    let (badge_text, badge_color) = verdict_style(scene.verdict, &ctx.messages, &p);
    commands.entity(root).with_children(|slide| {
        if let Some(frame) = frame {
            slide.spawn((placed(picture), BackgroundColor(p.card)));
            if let Some(image) = &frame.image {
                slide.spawn((
                    placed(picture),
                    PendingImage {
                        path: image.path.clone(),
                    },
                ));
            }
            for bubble in &frame.bubbles {
                speech_bubble(slide, &m, &p, picture, bubble);
            }
            if let Some(caption) = frame.caption.as_ref().filter(|_| caption_h > 0.0) {
                let rect = Rect {
                    y: picture.bottom() + m.small * 0.3,
                    h: caption_h,
                    x: picture.x,
                    w: picture.w,
                };
                let (text, size) = fit_text(caption, rect, m.small, m.small * 0.8);
                slide.spawn((placed(rect), lines(text.join("\n"), size, false, p.muted)));
            }
        }
        let badge_size = m.body;
        let badge = Rect {
            x: text_area.x,
            y: text_area.y,
            w: text_width_em(badge_text) * badge_size + badge_size * 1.2,
            h: badge_size * 1.8,
        };
        slide.spawn((
            BackgroundColor(badge_color),
            Node {
                border_radius: BorderRadius::all(px(badge_size * 0.3)),
                ..placed(badge)
            },
        ));
        slide.spawn((
            placed(Rect {
                x: badge.x + badge_size * 0.6,
                y: badge.y + badge_size * 0.15,
                w: badge.w,
                h: badge_size * LINE_HEIGHT,
            }),
            lines(badge_text.clone(), badge_size, true, p.on_badge),
        ));
        let title_size = if m.shape == Shape::Board {
            m.body * 1.2
        } else {
            m.title * 0.85
        };
        let title_rect = Rect {
            y: badge.bottom() + m.body * 0.5,
            h: title_size * 1.35,
            ..text_area
        };
        let (title, title_size) = fit_text(&scene.title, title_rect, title_size, m.body);
        slide.spawn((
            placed(title_rect),
            lines(
                title.join("\n"),
                title_size,
                true,
                if scene.verdict == Verdict::Mistake {
                    p.mistake
                } else {
                    p.lawful
                },
            ),
        ));
        let explain = Rect {
            y: title_rect.bottom() + m.body * 0.3,
            h: text_area.bottom() - title_rect.bottom() - m.body * 0.3,
            ..text_area
        };
        let (text, size) = fit_text(&scene.explanation, explain, m.body, m.body * 0.8);
        slide.spawn((placed(explain), lines(text.join("\n"), size, false, p.text)));
    });
}

pub(super) fn speech_bubble(
    slide: &mut ChildSpawnerCommands,
    m: &Metrics,
    p: &Palette,
    picture: Rect,
    bubble: &Bubble,
) {
    // Bubbles scale with the picture so they sit where the artist left room for them.
    let size = (picture.h / 17.0).clamp(12.0, m.body);
    let max_w = picture.w * 0.6;
    let text = wrap(&bubble.text, max_w / size);
    let w = pages::widest(&text, size) + size * 1.2;
    let h = text.len() as f32 * size * LINE_HEIGHT + size * 0.7;
    let x = (picture.x + bubble.x * picture.w)
        .min(picture.right() - w)
        .max(picture.x);
    let y = (picture.y + bubble.y * picture.h)
        .min(picture.bottom() - h)
        .max(picture.y);
    let rect = Rect { x, y, w, h };
    let edge = (size * 0.1).max(2.0);
    slide.spawn((
        BackgroundColor(p.card),
        BorderColor::all(p.text),
        Node {
            border: UiRect::all(px(edge)),
            border_radius: BorderRadius::all(px(size * 0.6)),
            ..placed(rect)
        },
    ));
    slide.spawn((
        placed(Rect {
            x: x + size * 0.6,
            y: y + size * 0.35,
            w: w - size * 0.6,
            h: h - size * 0.35,
        }),
        lines(text.join("\n"), size, true, p.text),
    ));
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
            BackgroundColor(p.page),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_runs_cover_the_line_in_order() {
        let runs = highlight_runs("在15日内转送，最多5人", &["15日".into(), "5人".into()]);
        assert_eq!(
            runs,
            vec![
                ("在", false),
                ("15日", true),
                ("内转送，最多", false),
                ("5人", true)
            ]
        );
    }

    #[test]
    fn fit_text_shrinks_before_cutting() {
        let rect = Rect {
            x: 0.0,
            y: 0.0,
            w: 400.0,
            h: 120.0,
        };
        let (lines, size) = fit_text(&"字".repeat(30), rect, 40.0, 20.0);
        assert!(size < 40.0);
        assert!(lines.len() <= lines_fitting(120.0, size));
        assert_eq!(lines.concat().chars().count(), 30);
    }
}
