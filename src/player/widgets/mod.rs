//! The small pieces every page and slide is built from, as functions that return
//! bundles: buttons that carry their own action, text, pictures, the page frame,
//! scrolling areas and the comic's bubbles. Where things go is the core's to say.

mod comic;
mod notice;
mod page;
mod route_map;
mod scroll;

use bevy::ecs::system::IntoObserverSystem;
use bevy::prelude::*;

pub use comic::{Cut, set_text, speech_bubble, verdict_style};
pub use notice::whole_notice;
pub use page::{PageParts, page};
pub use route_map::route_map;
pub use scroll::{ScrollCue, ScrollIntoView, scroll_area, scrolling_column};

use super::fonts::text_font;
use super::messages::Messages;
use super::metrics::Screen;
use super::theme::Palette;
pub use super::touch::{OnTap, Tapped};

/// The root node of the page on screen.
#[derive(Component)]
pub struct PageRoot;

/// A button at least the minimum touch size, with its label.
pub fn button<M>(
    label: &str,
    action: impl IntoObserverSystem<Tapped, (), M>,
    screen: &Screen,
    palette: &Palette,
    primary: bool,
) -> impl Bundle {
    let m = screen.0;
    // A primary button is ringed in its text colour, so it stands out on the
    // title band too, which has its fill colour.
    let (bg, fg, edge) = if primary {
        (palette.band, palette.band_text, palette.band_text)
    } else {
        (palette.card, palette.title, palette.title)
    };
    (
        Name::new(format!("button {label}")),
        OnTap::new(action),
        Button,
        Node {
            min_width: px(m.touch * 2.0),
            min_height: px(m.touch),
            // Never wider than where it stands: a long label wraps instead. In a
            // list that scrolls, the button keeps the height its label needs.
            max_width: percent(100),
            flex_shrink: 0.0,
            padding: UiRect::axes(px(m.body * 0.8), px(m.body * 0.3)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            border: UiRect::all(px((m.body * 0.08).max(2.0))),
            border_radius: BorderRadius::all(px(m.body * 0.4)),
            ..default()
        },
        BackgroundColor(bg),
        BorderColor::all(edge),
        children![(
            Text::new(label),
            text_font(m.body, true),
            TextColor(fg),
            Pickable::IGNORE
        )],
    )
}

/// The bureau's name, address, hours and phone across the page, under a title.
pub fn bureau_card(
    lines: &[String],
    messages: &Messages,
    screen: &Screen,
    palette: &Palette,
) -> impl Bundle {
    let m = screen.0;
    let (first, rest) = lines
        .split_first()
        .map_or(("", &[][..]), |(first, rest)| (first.as_str(), rest));
    (
        Name::new("bureau"),
        Node {
            width: percent(100),
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(m.body * 0.6)),
            row_gap: px(m.body * 0.2),
            border: UiRect::left(px((m.body * 0.3).round())),
            border_radius: BorderRadius::all(px(m.body * 0.3)),
            flex_shrink: 0.0,
            ..default()
        },
        BackgroundColor(palette.card),
        BorderColor::all(palette.accent),
        children![
            paragraph(
                format!("{}　{}", messages.bureau_title, first),
                m.body,
                true,
                palette.title
            ),
            paragraph(rest.join("　"), m.body * 0.85, false, palette.text),
        ],
    )
}

/// A QR code `side` pixels square (the image is drawn one texel per module and
/// sampled nearest, so it stays sharp at any size).
pub fn qr_code(image: Handle<Image>, side: f32) -> impl Bundle {
    (
        ImageNode::new(image),
        Node {
            width: px(side),
            height: px(side),
            ..default()
        },
    )
}

/// A paragraph of text that wraps inside its parent.
pub fn paragraph(text: impl Into<String>, size: f32, bold: bool, color: Color) -> impl Bundle {
    (
        Text::new(text),
        text_font(size, bold),
        TextColor(color),
        TextLayout::new(Justify::Left, LineBreak::WordOrCharacter),
        bevy::text::LineHeight::RelativeToFont(1.45),
    )
}

/// A UI node placed at an exact rectangle of the screen, in logical pixels.
pub fn placed(rect: crate::core::pages::Rect) -> Node {
    Node {
        position_type: PositionType::Absolute,
        left: px(rect.x),
        top: px(rect.y),
        width: px(rect.w),
        height: px(rect.h),
        ..default()
    }
}

/// A block of text whose lines were already broken by the core's layout.
pub fn lines(text: impl Into<String>, size: f32, bold: bool, color: Color) -> impl Bundle {
    (
        Text::new(text),
        text_font(size, bold),
        TextColor(color),
        TextLayout::new(Justify::Left, LineBreak::NoWrap),
        bevy::text::LineHeight::RelativeToFont(crate::core::pages::LINE_HEIGHT),
    )
}

/// A text span in another colour, for highlighted phrases.
pub fn span(text: impl Into<String>, size: f32, bold: bool, color: Color) -> impl Bundle {
    (TextSpan::new(text), text_font(size, bold), TextColor(color))
}

pub(super) fn plugin(app: &mut App) {
    app.add_plugins(scroll::plugin);
}
