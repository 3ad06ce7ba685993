//! A scene of the comic on a slide: the picture with its bubbles, the verdict
//! badge (误区 or 正确做法), the title, the explanation and the article.

use bevy::prelude::*;

use super::{SlideContext, bands};
use crate::core::comic::{Comic, Verdict};
use crate::core::scene::scene_slide;
use crate::player::images::PendingImage;
use crate::player::widgets::{placed, set_text, speech_bubble, verdict_style};

pub(super) fn draw(
    commands: &mut Commands,
    root: Entity,
    ctx: &SlideContext,
    comic: &Comic,
    index: usize,
    part: usize,
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
    let (badge_words, badge_color) = verdict_style(scene.verdict, &ctx.messages, &p);
    let layout = scene_slide(scene, badge_words, &m, part);
    let verdict_color = if scene.verdict == Verdict::Mistake {
        p.mistake
    } else {
        p.lawful
    };
    commands.entity(root).with_children(|slide| {
        if let Some(picture) = layout.picture {
            slide.spawn((placed(picture), BackgroundColor(p.card)));
            if let Some(image) = scene.shown_frame().and_then(|f| f.image.as_ref()) {
                slide.spawn((
                    placed(picture),
                    PendingImage {
                        path: image.path.clone(),
                    },
                ));
            }
        }
        for bubble in &layout.bubbles {
            speech_bubble(slide, &p, bubble);
        }
        if let Some(caption) = &layout.caption {
            slide.spawn(set_text(caption, false, p.muted));
        }
        slide.spawn((
            BackgroundColor(badge_color),
            Node {
                border_radius: BorderRadius::all(px(layout.badge_text.size * 0.3)),
                ..placed(layout.badge)
            },
        ));
        slide.spawn(set_text(&layout.badge_text, true, p.on_badge));
        slide.spawn(set_text(&layout.title, true, verdict_color));
        slide.spawn(set_text(&layout.explanation, false, p.text));
    });
}
