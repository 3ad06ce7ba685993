//! The roadmap drawn as a route map, where the core's `route_map` placed it:
//! the guide's roadmap page marks the citizen's path and station. A jump (a line
//! back, or one that would skip a layer) is a short stub and a marker under its
//! station, "回到 → 选择反映方式", as on the printed wall chart.

use bevy::prelude::*;

use super::{ScrollIntoView, placed};
use crate::core::pages::LINE_HEIGHT;
use crate::core::roadmap::{Roadmap, Walk};
use crate::core::route_map::{Line, RETURN_SIZE, RouteMap, Style, place};
use crate::player::fonts::text_font;
use crate::player::messages::{Messages, fill};
use crate::player::theme::Palette;

/// How a step's time limit reads on the line into it: 15日.
pub fn limit_words(roadmap: &Roadmap, messages: &Messages) -> impl Fn(usize) -> Option<String> {
    move |i| {
        roadmap
            .steps
            .get(i)?
            .limit
            .as_ref()
            .map(|l| fill(&messages.roadmap_days, l.days, ""))
    }
}

/// Spawns `map` of `roadmap` at `style` under `parent`; with `walk`, the path
/// taken is drawn in the band colour and the current station scrolled into view.
pub fn route_map(
    parent: &mut ChildSpawnerCommands,
    roadmap: &Roadmap,
    map: &RouteMap,
    style: &Style,
    walk: Option<&Walk>,
    palette: &Palette,
    messages: &Messages,
) {
    let laid = place(
        map,
        roadmap,
        style,
        &limit_words(roadmap, messages),
        (&messages.poster_go_to, &messages.poster_back_to),
    );
    let size = style.size;
    let path = walk.map_or(&[][..], Walk::path);
    let walked = |line: &Line| path.windows(2).any(|w| w == [line.from, line.to]);
    let edge = (size * 0.07).max(2.0);
    parent
        .spawn((
            Name::new("route map"),
            Node {
                width: px(laid.width),
                height: px(laid.height),
                flex_shrink: 0.0,
                ..default()
            },
        ))
        .with_children(|c| {
            for (line, rect) in &laid.pieces {
                let walked = map.lines.get(*line).is_some_and(walked);
                let colour = if walked {
                    palette.band
                } else {
                    palette.muted.with_alpha(0.6)
                };
                c.spawn((placed(*rect), BackgroundColor(colour), Pickable::IGNORE));
            }
            for station in &laid.stations {
                let i = station.step;
                let current = walk.is_some_and(|w| w.current() == i);
                let visited = path.contains(&i);
                let (bg, fg) = if current {
                    (palette.band, palette.band_text)
                } else if visited {
                    (palette.accent, palette.text)
                } else {
                    (palette.card, palette.text)
                };
                let mut node = c.spawn((
                    Node {
                        padding: UiRect::all(px(size * 0.4 - edge)),
                        border: UiRect::all(px(edge)),
                        border_radius: BorderRadius::all(px(size * 0.3)),
                        ..placed(station.rect)
                    },
                    BackgroundColor(bg),
                    BorderColor::all(if visited { palette.band } else { palette.muted }),
                    children![(
                        Text::new(station.name.join("\n")),
                        text_font(size, current),
                        TextColor(fg),
                        TextLayout::new(Justify::Left, LineBreak::NoWrap),
                        bevy::text::LineHeight::RelativeToFont(LINE_HEIGHT),
                    )],
                ));
                // Where the citizen is must be seen, however long the map.
                if current {
                    node.insert(ScrollIntoView);
                }
            }
            // Each jump's marker: a pill with the step it leads to, outlined in
            // the path's colour when the citizen came that way.
            let marker_size = size * RETURN_SIZE;
            for marker in &laid.returns {
                let walked = map.lines.get(marker.line).is_some_and(walked);
                c.spawn((
                    Name::new("route map jump"),
                    Node {
                        padding: UiRect::all(px(marker_size * 0.3 - edge)),
                        border: UiRect::all(px(edge)),
                        border_radius: BorderRadius::all(px(marker_size * 0.6)),
                        ..placed(marker.rect)
                    },
                    BackgroundColor(palette.page),
                    BorderColor::all(if walked { palette.band } else { palette.muted }),
                    Pickable::IGNORE,
                    children![(
                        Text::new(marker.text.join("\n")),
                        text_font(marker_size, false),
                        TextColor(palette.text),
                        TextLayout::new(Justify::Left, LineBreak::NoWrap),
                        bevy::text::LineHeight::RelativeToFont(LINE_HEIGHT),
                        Pickable::IGNORE,
                    )],
                ));
            }
            for limit in &laid.limits {
                c.spawn((
                    placed(limit.rect),
                    Text::new(limit.text.clone()),
                    text_font(size * 0.85, true),
                    TextColor(palette.title),
                    TextLayout::new(Justify::Left, LineBreak::NoWrap),
                ));
            }
        });
}
