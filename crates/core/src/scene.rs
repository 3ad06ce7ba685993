//! Where a comic scene's parts go on a slide: the picture, its speech bubbles and
//! caption, the verdict badge, the title and the explanation. Plain geometry, so
//! the rotation's slide and the guide's comic page place bubbles the same way and
//! tests can check that nothing overlaps or leaves the screen.

use super::comic::{Bubble, Scene};
use super::layout::{Metrics, Shape, text_width_em, wrap};
use super::pages::{LINE_HEIGHT, Rect, SlideFrame, lines_fitting, widest};

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

/// Text set in a box: its lines and the type size they fit at.
#[derive(Debug, Clone, PartialEq)]
pub struct SetText {
    pub rect: Rect,
    pub lines: Vec<String>,
    pub size: f32,
    /// The words did not fit even at the smallest size and were cut with ….
    pub cut: bool,
}

/// Wraps `text` into `rect`, reducing the size (down to `min`) until it fits, and
/// cutting with … only if even that does not.
pub fn fit_text(text: &str, rect: Rect, size: f32, min: f32) -> SetText {
    let mut s = size;
    loop {
        let mut out = wrap(text, rect.w / s);
        let fits = lines_fitting(rect.h, s);
        if out.len() <= fits || s <= min {
            let cut = out.len() > fits;
            if cut {
                out.truncate(fits);
                if let Some(last) = out.last_mut() {
                    last.pop();
                    last.push('…');
                }
            }
            return SetText {
                rect,
                lines: out,
                size: s,
                cut,
            };
        }
        s = (s * 0.92).max(min);
    }
}

/// Wraps `text` into `rect` like [`fit_text`], but never cuts: what does not fit at
/// `min` goes on to further pages of the same box, all set at one size.
pub fn page_text(text: &str, rect: Rect, size: f32, min: f32) -> Vec<SetText> {
    let first = fit_text(text, rect, size, min);
    let lines = wrap(text, rect.w / first.size);
    let per_page = lines_fitting(rect.h, first.size).max(1);
    if lines.len() <= per_page {
        return vec![first];
    }
    lines
        .chunks(per_page)
        .map(|chunk| SetText {
            rect,
            lines: chunk.to_vec(),
            size: first.size,
            cut: false,
        })
        .collect()
}

/// A speech bubble placed on a picture.
#[derive(Debug, Clone, PartialEq)]
pub struct BubbleBox {
    /// The bubble's outline.
    pub outline: Rect,
    /// Its words, inside the outline's padding.
    pub text: SetText,
}

/// Places `bubble` on `picture`. Bubbles scale with the picture, so they sit where
/// the artist left room for them, and never leave it.
pub fn bubble(picture: Rect, bubble: &Bubble, m: &Metrics) -> BubbleBox {
    let size = (picture.h / 17.0).clamp(12.0, m.body);
    let lines = wrap(&bubble.text, picture.w * 0.6 / size);
    let w = widest(&lines, size) + size * 1.2;
    let h = lines.len() as f32 * size * LINE_HEIGHT + size * 0.7;
    let x = (picture.x + bubble.x * picture.w)
        .min(picture.right() - w)
        .max(picture.x);
    let y = (picture.y + bubble.y * picture.h)
        .min(picture.bottom() - h)
        .max(picture.y);
    BubbleBox {
        outline: Rect { x, y, w, h },
        text: SetText {
            rect: Rect {
                x: x + size * 0.6,
                y: y + size * 0.35,
                w: w - size * 0.6,
                h: h - size * 0.35,
            },
            lines,
            size,
            cut: false,
        },
    }
}

/// A comic scene laid out on a slide of the rotation.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneSlide {
    /// The picture, at its own aspect (absent when the scene has no frame).
    pub picture: Option<Rect>,
    pub bubbles: Vec<BubbleBox>,
    pub caption: Option<SetText>,
    /// The verdict badge (误区 / 正确做法) and its words.
    pub badge: Rect,
    pub badge_text: SetText,
    pub title: SetText,
    /// The explanation's words on this part of the scene.
    pub explanation: SetText,
    /// How many parts the scene takes: an explanation too long for one slide goes
    /// on to the next, with the same picture and title, instead of being cut.
    pub parts: usize,
}

/// How many slides `scene` takes on a screen of metrics `m`.
pub fn scene_parts(scene: &Scene, m: &Metrics) -> usize {
    scene_slide(scene, "", m, 0).parts
}

/// Lays out part `part` of `scene` in the main area of a slide of metrics `m`;
/// `badge` is the verdict's words.
pub fn scene_slide(scene: &Scene, badge: &str, m: &Metrics, part: usize) -> SceneSlide {
    let main = SlideFrame::new(m).main;
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
    let bubbles = frame
        .map(|f| f.bubbles.iter().map(|b| bubble(picture, b, m)).collect())
        .unwrap_or_default();
    let caption = frame
        .and_then(|f| f.caption.as_ref())
        .filter(|_| caption_h > 0.0)
        .map(|caption| {
            let rect = Rect {
                y: picture.bottom() + m.small * 0.3,
                h: caption_h,
                ..picture
            };
            fit_text(caption, rect, m.small, m.small * 0.8)
        });
    let badge_size = m.body;
    let badge_rect = Rect {
        x: text_area.x,
        y: text_area.y,
        w: text_width_em(badge) * badge_size + badge_size * 1.2,
        h: badge_size * 1.8,
    };
    let badge_text = SetText {
        rect: Rect {
            x: badge_rect.x + badge_size * 0.6,
            y: badge_rect.y + badge_size * 0.15,
            w: badge_rect.w - badge_size * 0.6,
            h: badge_size * LINE_HEIGHT,
        },
        lines: vec![badge.to_owned()],
        size: badge_size,
        cut: false,
    };
    let title_size = if m.shape == Shape::Board {
        m.body * 1.2
    } else {
        m.title * 0.85
    };
    // A low board has no height for a title under the badge: it goes beside it,
    // leaving the explanation two or three lines instead of one.
    let title_rect = if m.shape == Shape::Board {
        let x = badge_rect.right() + m.body * 0.5;
        let h = title_size * 1.35;
        Rect {
            x,
            y: badge_rect.y + (badge_rect.h - h) / 2.0,
            w: text_area.right() - x,
            h,
        }
    } else {
        Rect {
            y: badge_rect.bottom() + m.body * 0.5,
            h: title_size * 1.35,
            ..text_area
        }
    };
    let title = fit_text(&scene.title, title_rect, title_size, m.body);
    let above = title_rect.bottom().max(badge_rect.bottom());
    let explain = Rect {
        y: above + m.body * 0.3,
        h: text_area.bottom() - above - m.body * 0.3,
        ..text_area
    };
    let explanation = page_text(&scene.explanation, explain, m.body, m.body * 0.8);
    SceneSlide {
        picture: frame.map(|_| picture),
        bubbles,
        caption,
        badge: badge_rect,
        badge_text,
        title,
        parts: explanation.len(),
        explanation: explanation
            .get(part)
            .or(explanation.last())
            .cloned()
            .unwrap_or(SetText {
                rect: explain,
                lines: Vec::new(),
                size: m.body,
                cut: false,
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comic::{Frame, Verdict};

    fn scene(explanation: &str, bubbles: Vec<Bubble>) -> Scene {
        Scene {
            title: "越级走访".into(),
            verdict: Verdict::Mistake,
            frames: vec![Frame {
                image: None,
                caption: Some("老王要去省城".into()),
                bubbles,
            }],
            explanation: explanation.into(),
            citations: Vec::new(),
        }
    }

    fn overlaps(a: &Rect, b: &Rect) -> bool {
        a.x < b.right() - 0.5
            && b.x < a.right() - 0.5
            && a.y < b.bottom() - 0.5
            && b.y < a.bottom() - 0.5
    }

    const SIZES: [(f32, f32); 5] = [
        (1920.0, 1080.0),
        (1080.0, 1920.0),
        (1366.0, 768.0),
        (1280.0, 1024.0),
        (3840.0, 2160.0),
    ];

    #[test]
    fn picture_words_and_badge_stay_apart_and_on_the_slide_at_every_size() {
        let bubbles = vec![
            Bubble {
                text: "找最大的官才管用！".into(),
                x: 0.4,
                y: 0.05,
            },
            // Placed past the corner: it is pulled back onto the picture.
            Bubble {
                text: "我就要找领导".into(),
                x: 0.95,
                y: 0.98,
            },
        ];
        let s = scene(
            "信访人应当到有权处理的本级或者上一级机关、单位设立或者指定的接待场所提出。",
            bubbles,
        );
        for (w, h) in SIZES {
            let m = Metrics::new(w, h, 55.0, 1.0);
            let main = SlideFrame::new(&m).main;
            let layout = scene_slide(&s, "× 误区", &m, 0);
            let picture = layout.picture.expect("the scene has a frame");
            assert!(main.contains(&picture), "{w}×{h}: picture in the main area");
            for b in &layout.bubbles {
                assert!(
                    picture.contains(&b.outline),
                    "{w}×{h}: bubble on the picture"
                );
                assert!(
                    b.outline.contains(&b.text.rect),
                    "{w}×{h}: words in the bubble"
                );
            }
            for text in [&layout.badge, &layout.title.rect, &layout.explanation.rect] {
                assert!(
                    !overlaps(&picture, text),
                    "{w}×{h}: words beside the picture"
                );
                assert!(main.contains(text), "{w}×{h}: words on the slide");
            }
            assert!(!overlaps(&layout.badge, &layout.title.rect));
            assert!(!overlaps(&layout.title.rect, &layout.explanation.rect));
            let said: String = layout.explanation.lines.concat();
            assert!(
                !said.ends_with('…'),
                "{w}×{h}: a short explanation is whole"
            );
        }
    }

    #[test]
    fn a_board_sets_no_caption_under_the_picture() {
        let m = Metrics::new(1920.0, 540.0, 55.0, 1.0);
        let layout = scene_slide(&scene("说明", Vec::new()), "× 误区", &m, 0);
        assert_eq!(layout.caption, None);
        let m = Metrics::new(1920.0, 1080.0, 55.0, 1.0);
        let layout = scene_slide(&scene("说明", Vec::new()), "× 误区", &m, 0);
        assert!(layout.caption.is_some());
    }

    #[test]
    fn a_long_explanation_goes_on_to_further_parts_instead_of_being_cut() {
        let long =
            "信访人应当到有权处理的本级或者上一级机关、单位设立或者指定的接待场所提出。".repeat(4);
        for (w, h) in [(1920.0, 540.0), (768.0, 256.0), (1920.0, 1080.0)] {
            let m = Metrics::new(w, h, 55.0, 1.0);
            let s = scene(&long, Vec::new());
            let parts = scene_parts(&s, &m);
            let said: String = (0..parts)
                .map(|k| scene_slide(&s, "× 误区", &m, k).explanation.lines.concat())
                .collect();
            assert_eq!(
                said, long,
                "{w}×{h}: every word, in order, over {parts} parts"
            );
            for k in 0..parts {
                let e = scene_slide(&s, "× 误区", &m, k).explanation;
                assert!(
                    e.lines.len() <= lines_fitting(e.rect.h, e.size),
                    "{w}×{h} part {k}"
                );
            }
        }
        let m = Metrics::new(1920.0, 540.0, 55.0, 1.0);
        assert!(scene_parts(&scene(&long, Vec::new()), &m) > 1);
    }

    #[test]
    fn fit_text_shrinks_before_cutting() {
        let rect = Rect {
            x: 0.0,
            y: 0.0,
            w: 400.0,
            h: 120.0,
        };
        let set = fit_text(&"字".repeat(30), rect, 40.0, 20.0);
        assert!(set.size < 40.0);
        assert!(set.lines.len() <= lines_fitting(120.0, set.size));
        assert_eq!(set.lines.concat().chars().count(), 30);
    }
}
