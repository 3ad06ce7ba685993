//! Pieces of a comic scene that the rotation's slide and the guide's comic page
//! both draw: the verdict badge's look, the picture's frame, speech bubbles.

use bevy::prelude::*;

use super::{lines, placed};
use crate::core::comic::{Bubble, Verdict};
use crate::core::layout::{Metrics, wrap};
use crate::core::pages::{self, LINE_HEIGHT, Rect, lines_fitting};
use crate::player::messages::Messages;
use crate::player::theme::Palette;

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

pub fn speech_bubble(
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

#[cfg(test)]
mod tests {
    use super::*;

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
