//! The words on each picture, in reading order, with the citations the page or
//! slide gives: what the proof sheet prints beside the picture.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bevy::prelude::*;
use bevy::ui::UiGlobalTransform;

use super::audit::area_of;
use super::{Job, ShotKind, Transcribed};
use crate::core::audit::Area;
use crate::core::citation::Citation;

/// The pictures transcribed so far; shared with the caller like [`Findings`].
#[derive(Resource, Clone, Default)]
pub(super) struct Transcript(pub(super) Arc<Mutex<Vec<Transcribed>>>);

/// A picture being captured, to transcribe in the same frame (see `transcribe`).
pub(super) struct ToTranscribe {
    pub(super) file: PathBuf,
    pub(super) kind: ShotKind,
    pub(super) name: String,
    /// None: the first words on it (the page's heading).
    pub(super) title: Option<String>,
    pub(super) citations: Vec<Citation>,
}

/// Sorts things on screen into reading order: rows from the top, each read from
/// the left. A thing joins the row above when it starts before that row's first
/// is half down, so a small label beside a large title reads on the same line.
fn rows<T>(mut items: Vec<(Area, T)>) -> Vec<T> {
    items.sort_by(|a, b| {
        (a.0.y.start.total_cmp(&b.0.y.start)).then(a.0.x.start.total_cmp(&b.0.x.start))
    });
    let mut rows: Vec<Vec<(Area, T)>> = Vec::new();
    for item in items {
        match rows.last_mut() {
            Some(row)
                if row.first().is_some_and(|first| {
                    item.0.y.start < (first.0.y.start + first.0.y.end) / 2.0
                }) =>
            {
                row.push(item)
            }
            _ => rows.push(vec![item]),
        }
    }
    rows.into_iter()
        .flat_map(|mut row| {
            row.sort_by(|a, b| a.0.x.start.total_cmp(&b.0.x.start));
            row.into_iter().map(|(_, t)| t)
        })
        .collect()
}

/// The text of `entity`'s spans, depth first, appended to `out`.
fn push_spans(world: &World, entity: Entity, out: &mut String) {
    for child in world.get::<Children>(entity).into_iter().flatten() {
        if let Some(span) = world.get::<TextSpan>(*child) {
            out.push_str(&span.0);
            push_spans(world, *child, out);
        }
    }
}

/// The words in `entity` and the boxes inside it, in reading order: a text's own
/// words with its spans; a box's, its inner boxes taken by [`rows`] from where
/// each stands. Reading box by box keeps a chart beside a step, or a list that
/// scrolls below the screen's edge, whole instead of interleaved line by line.
fn words_in(world: &World, entity: Entity) -> Vec<String> {
    if let Some(text) = world.get::<Text>(entity) {
        let mut words = text.0.clone();
        push_spans(world, entity, &mut words);
        return if words.trim().is_empty() {
            Vec::new()
        } else {
            vec![words]
        };
    }
    let (worded, wordless): (Vec<_>, Vec<_>) = world
        .get::<Children>(entity)
        .into_iter()
        .flatten()
        .filter_map(|child| placed_words(world, *child))
        .partition(|(_, words)| !words.is_empty());
    let backdrops = wordless.into_iter().map(|(area, _)| area).collect();
    rows(over_backdrops(worded, backdrops)).concat()
}

/// Reads the texts drawn over a box without words of its own (a picture, a band)
/// with that box, as one block where the box stands: a comic's speech bubbles
/// with their picture, not line by line with the explanation beside it. Of the
/// boxes under a text, the largest: a bubble's outline lies on the picture.
fn over_backdrops(
    items: Vec<(Area, Vec<String>)>,
    backdrops: Vec<Area>,
) -> Vec<(Area, Vec<String>)> {
    let size = |a: &Area| a.x.len() * a.y.len();
    let mut over: Vec<Vec<(Area, Vec<String>)>> = backdrops.iter().map(|_| Vec::new()).collect();
    let mut alone = Vec::new();
    for item in items {
        let (cx, cy) = (
            (item.0.x.start + item.0.x.end) / 2.0,
            (item.0.y.start + item.0.y.end) / 2.0,
        );
        let under = backdrops
            .iter()
            .enumerate()
            .filter(|(_, b)| {
                size(b) > size(&item.0)
                    && (b.x.start..b.x.end).contains(&cx)
                    && (b.y.start..b.y.end).contains(&cy)
            })
            .max_by(|a, b| size(a.1).total_cmp(&size(b.1)))
            .map(|(i, _)| i);
        match under.and_then(|i| over.get_mut(i)) {
            Some(over) => over.push(item),
            None => alone.push(item),
        }
    }
    alone.extend(
        backdrops
            .into_iter()
            .zip(over)
            .filter(|(_, texts)| !texts.is_empty())
            .map(|(area, texts)| (area, rows(texts).concat())),
    );
    alone
}

/// Where the box `entity` stands and the words in it (none for a box that is
/// hidden), if it is laid out.
fn placed_words(world: &World, entity: Entity) -> Option<(Area, Vec<String>)> {
    if world
        .get::<InheritedVisibility>(entity)
        .is_some_and(|v| !v.get())
    {
        return None;
    }
    let area = area_of(
        world.get::<ComputedNode>(entity)?,
        world.get::<UiGlobalTransform>(entity)?,
    );
    Some((area, words_in(world, entity)))
}

/// Every text drawn and visible, its spans joined, in reading order.
fn words_on_screen(world: &mut World) -> Vec<String> {
    let mut roots = world.query_filtered::<Entity, (With<Node>, Without<ChildOf>)>();
    let roots: Vec<Entity> = roots.iter(world).collect();
    let world = &*world;
    rows(
        roots
            .into_iter()
            .filter_map(|root| placed_words(world, root))
            .filter(|(_, words)| !words.is_empty())
            .collect(),
    )
    .concat()
}

/// Records the words and citations of the picture captured this frame.
pub(super) fn transcribe(world: &mut World) {
    let Some(shot) = world
        .get_resource_mut::<Job>()
        .and_then(|mut job| job.transcribe.take())
    else {
        return;
    };
    let words = words_on_screen(world);
    let title = shot
        .title
        .or_else(|| words.first().cloned())
        .unwrap_or_default();
    let transcript = world.resource::<Transcript>().clone();
    transcript
        .0
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(Transcribed {
            file: shot.file,
            kind: shot.kind,
            name: shot.name,
            title,
            words,
            citations: shot.citations,
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(x: f32, y: f32, w: f32, h: f32, words: &str) -> (Area, String) {
        (Area::new(x, y, w, h), words.to_owned())
    }

    #[test]
    fn reads_rows_from_the_top_each_from_the_left() {
        let texts = vec![
            text(40.0, 300.0, 800.0, 200.0, "body"),
            // The page number in the header band, a little higher than the title
            // beside it (set smaller, centred in the band).
            text(1700.0, 22.0, 100.0, 30.0, "1 / 2"),
            text(40.0, 20.0, 900.0, 40.0, "header"),
            text(40.0, 100.0, 900.0, 80.0, "title"),
            text(1000.0, 310.0, 800.0, 200.0, "quote beside the body"),
            text(40.0, 1000.0, 1800.0, 30.0, "footer"),
        ];
        assert_eq!(
            rows(texts),
            [
                "header",
                "1 / 2",
                "title",
                "body",
                "quote beside the body",
                "footer"
            ]
        );
    }

    #[test]
    fn reads_the_bubbles_over_a_picture_with_the_picture() {
        let words = |w: &str| vec![w.to_owned()];
        let texts = vec![
            (Area::new(40.0, 10.0, 1800.0, 40.0), words("header")),
            (Area::new(100.0, 150.0, 300.0, 60.0), words("bubble 1")),
            (Area::new(450.0, 250.0, 300.0, 60.0), words("bubble 2")),
            (Area::new(900.0, 100.0, 300.0, 60.0), words("badge")),
            (Area::new(900.0, 180.0, 800.0, 60.0), words("title")),
            (Area::new(900.0, 260.0, 800.0, 200.0), words("explanation")),
        ];
        let picture = Area::new(50.0, 100.0, 800.0, 600.0);
        let outline = Area::new(90.0, 140.0, 320.0, 80.0);
        let band = Area::new(0.0, 0.0, 1920.0, 70.0);
        assert_eq!(
            rows(over_backdrops(texts, vec![band, outline, picture])).concat(),
            [
                "header",
                "bubble 1",
                "bubble 2",
                "badge",
                "title",
                "explanation"
            ]
        );
    }

    #[test]
    fn a_text_lower_than_half_a_row_starts_the_next() {
        let texts = vec![
            text(500.0, 70.0, 100.0, 40.0, "below, right"),
            text(40.0, 20.0, 100.0, 100.0, "left"),
            text(500.0, 20.0, 100.0, 40.0, "right"),
        ];
        assert_eq!(rows(texts), ["left", "right", "below, right"]);
    }
}
