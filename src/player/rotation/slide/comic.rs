//! A scene of the comic on a slide: the picture with its bubbles, the verdict
//! badge (误区 or 正确做法), the title, the explanation and the article.

use bevy::prelude::*;

use super::{SlideContext, bands};
use crate::core::comic::{Comic, Verdict};
use crate::core::layout::{Shape, text_width_em};
use crate::core::pages::{LINE_HEIGHT, Rect, SlideFrame};
use crate::player::images::PendingImage;
use crate::player::widgets::{fit_aspect, fit_text, lines, placed, speech_bubble, verdict_style};

pub(super) fn draw(
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
