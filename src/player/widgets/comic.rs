//! Pieces of a comic scene that the rotation's slide and the guide's comic page
//! both draw: the verdict badge's look, the picture's frame, speech bubbles.

use bevy::prelude::*;

use super::{lines, placed};
use crate::core::comic::Verdict;
use crate::core::scene::{BubbleBox, SetText};
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

/// Draws a speech bubble the core placed: its outline and its words.
pub fn speech_bubble(parent: &mut ChildSpawnerCommands, p: &Palette, bubble: &BubbleBox) {
    let size = bubble.text.size;
    parent.spawn((
        BackgroundColor(p.card),
        BorderColor::all(p.text),
        Node {
            border: UiRect::all(px((size * 0.1).max(2.0))),
            border_radius: BorderRadius::all(px(size * 0.6)),
            ..placed(bubble.outline)
        },
    ));
    parent.spawn(set_text(&bubble.text, true, p.text));
}

/// Text the core set in a box, drawn there.
pub fn set_text(text: &SetText, bold: bool, color: Color) -> impl Bundle {
    (
        placed(text.rect),
        lines(text.lines.join("\n"), text.size, bold, color),
        Cut(text.cut),
    )
}

/// Whether a text's words were cut short with … to fit (the layout audit reports
/// it: legal words are never cut).
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub struct Cut(pub bool);
