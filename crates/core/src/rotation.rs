//! The attract loop's timing: which slide is up, when the next one comes, and
//! keeping the place when the content is swapped underneath.

use super::item::{Item, ItemKey};
use super::layout::Metrics;
use super::pacing::Transition;
use super::playlist::PlaylistItem;

/// Which slide: a page of a panel, a scene of a comic. The same across a reload
/// that changes only words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SlideKey {
    pub item: ItemKey,
    /// Page of a panel, or scene of a comic, from 0.
    pub page: usize,
    /// Part of that page: a comic scene whose explanation goes on to a second
    /// slide has parts 0 and 1.
    pub part: usize,
}

/// One slide of the rotation with its timing.
#[derive(Debug, Clone, PartialEq)]
pub struct Slide {
    pub key: SlideKey,
    /// What it shows.
    pub item: Item,
    pub seconds: f32,
    /// How this slide comes in.
    pub transition: Transition,
}

/// Expands a playlist (what is on air: see `schedule`) into slides for a screen
/// of metrics `m` (a long panel needs more pages on a small screen).
pub fn slides(
    playlist: &[PlaylistItem],
    default_seconds: f32,
    default_transition: Transition,
    m: &Metrics,
) -> Vec<Slide> {
    let mut out = Vec::new();
    for entry in playlist {
        let transition = entry.transition.unwrap_or(default_transition);
        let item = &entry.item;
        let seconds = item
            .own_seconds()
            .or(entry.seconds)
            .unwrap_or(default_seconds);
        let key = item.key();
        for page in 0..item.slide_count(m) {
            out.extend((0..item.parts(page, m)).map(|part| Slide {
                key: SlideKey {
                    item: key.clone(),
                    page,
                    part,
                },
                item: item.clone(),
                seconds,
                transition: if page == 0 && part == 0 {
                    transition
                } else {
                    Transition::Slide
                },
            }));
        }
    }
    out
}

/// A change of slide the display must show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Advance {
    pub from: usize,
    pub to: usize,
    pub transition: Transition,
    /// The interlude (the urgent notice) comes on now, between two items; `to`
    /// is the slide that follows it.
    pub interlude: bool,
}

/// Position in the rotation and time spent on the current slide.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rotation {
    slides: Vec<Slide>,
    current: usize,
    elapsed: f32,
    /// Seconds of an interlude shown between two items (the urgent notice), if any.
    interlude: Option<f32>,
    /// The interlude is on screen; `current` is the slide after it.
    in_interlude: bool,
}

impl Rotation {
    /// Starts at the first slide.
    pub fn new(slides: Vec<Slide>) -> Self {
        Self {
            slides,
            current: 0,
            elapsed: 0.0,
            interlude: None,
            in_interlude: false,
        }
    }

    /// Puts an interlude of `seconds` between every two items (the urgent notice
    /// on a touchscreen's rotation), or none. Returns whether the screen must
    /// change at once: the interlude on screen was taken away.
    pub fn set_interlude(&mut self, seconds: Option<f32>) -> bool {
        self.interlude = seconds;
        if seconds.is_none() && self.in_interlude {
            self.in_interlude = false;
            self.elapsed = 0.0;
            return true;
        }
        false
    }

    /// Whether the interlude is on screen now.
    pub fn in_interlude(&self) -> bool {
        self.in_interlude
    }

    /// All slides in order.
    pub fn slides(&self) -> &[Slide] {
        &self.slides
    }

    /// Index of the slide on screen.
    pub fn index(&self) -> usize {
        self.current
    }

    /// The slide on screen, if there is any.
    pub fn current(&self) -> Option<&Slide> {
        self.slides.get(self.current)
    }

    /// Seconds until the next slide is due.
    pub fn remaining(&self) -> f32 {
        if self.in_interlude {
            return (self.interlude.unwrap_or(0.0) - self.elapsed).max(0.0);
        }
        self.current()
            .map_or(f32::INFINITY, |s| (s.seconds - self.elapsed).max(0.0))
    }

    /// Lets `dt` seconds pass; returns the change when a slide's time is up.
    /// Wraps to the first slide after the last. With an interlude, it comes
    /// between the last slide of one item and the first of the next (a one-item
    /// playlist alternates with it).
    pub fn tick(&mut self, dt: f32) -> Option<Advance> {
        let len = self.slides.len();
        if len < 2 && (self.interlude.is_none() || len == 0) && !self.in_interlude {
            return None;
        }
        // A clock that steps back would otherwise hold the slide up for as long.
        self.elapsed += dt.max(0.0);
        // A millisecond of slack so summed frame times (0.1 × 30 = 2.9999998) are on time.
        if self.elapsed < self.due() - 1e-3 {
            return None;
        }
        self.elapsed = 0.0;
        if self.in_interlude {
            self.in_interlude = false;
            return Some(self.go_to(self.current));
        }
        let next = (self.current + 1) % len.max(1);
        let starts_item = self
            .slides
            .get(next)
            .is_some_and(|s| s.key.page == 0 && s.key.part == 0);
        if self.interlude.is_some() && starts_item {
            let from = self.current;
            self.current = next;
            self.in_interlude = true;
            return Some(Advance {
                from,
                to: next,
                transition: Transition::Crossfade,
                interlude: true,
            });
        }
        Some(self.go_to(next))
    }

    /// Seconds the thing on screen stays up.
    fn due(&self) -> f32 {
        if self.in_interlude {
            self.interlude.unwrap_or(0.0)
        } else {
            self.current().map_or(0.0, |s| s.seconds)
        }
    }

    /// Jumps to slide `to` now.
    pub fn go_to(&mut self, to: usize) -> Advance {
        let from = self.current;
        self.current = to.min(self.slides.len().saturating_sub(1));
        self.elapsed = 0.0;
        Advance {
            from,
            to: self.current,
            transition: self
                .slides
                .get(self.current)
                .map_or(Transition::Cut, |s| s.transition),
            interlude: false,
        }
    }

    /// Swaps in new slides, keeping the place: the same slide if it still exists,
    /// else the first page of the same item, else the slide at the same position.
    pub fn replace(&mut self, slides: Vec<Slide>) {
        let old = self.current().map(|s| s.key.clone());
        let found = old.as_ref().and_then(|key| {
            slides
                .iter()
                .position(|s| &s.key == key)
                .or_else(|| slides.iter().position(|s| s.key.item == key.item))
        });
        match found {
            Some(i) => self.current = i,
            None => {
                self.current = self.current.min(slides.len().saturating_sub(1));
                self.elapsed = 0.0;
            }
        }
        if slides.is_empty() {
            self.in_interlude = false;
        }
        self.slides = slides;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slide(id: &str, page: usize, seconds: f32) -> Slide {
        let panel = crate::panel::Panel {
            id: id.into(),
            title: id.into(),
            subtitle: None,
            body: None,
            quote: None,
            citations: Vec::new(),
            highlights: Vec::new(),
            image: None,
            source: None,
            seconds: None,
        };
        let item = Item::Panel(std::sync::Arc::new(panel));
        Slide {
            key: SlideKey {
                item: item.key(),
                page,
                part: 0,
            },
            item,
            seconds,
            transition: Transition::Crossfade,
        }
    }

    #[test]
    fn advances_when_time_is_up_and_wraps() {
        let mut r = Rotation::new(vec![slide("a", 0, 5.0), slide("b", 0, 3.0)]);
        assert_eq!(r.tick(4.9), None);
        assert_eq!(r.tick(0.2).map(|a| (a.from, a.to)), Some((0, 1)));
        assert_eq!(r.tick(2.9), None);
        assert_eq!(r.tick(0.1).map(|a| (a.from, a.to)), Some((1, 0)));
    }

    #[test]
    fn an_interlude_comes_between_items_never_inside_one_and_goes_when_taken_away() {
        let mut r = Rotation::new(vec![
            slide("a", 0, 5.0),
            slide("b", 0, 3.0),
            slide("b", 1, 3.0),
        ]);
        assert!(!r.set_interlude(Some(8.0)));
        let step = |r: &mut Rotation, dt| r.tick(dt).map(|a| (a.from, a.to, a.interlude));
        assert_eq!(step(&mut r, 5.0), Some((0, 1, true)), "a → notice");
        assert!(r.in_interlude());
        assert_eq!(r.remaining(), 8.0);
        assert_eq!(step(&mut r, 7.9), None);
        assert_eq!(step(&mut r, 0.1), Some((1, 1, false)), "notice → b");
        assert_eq!(
            step(&mut r, 3.0),
            Some((1, 2, false)),
            "b's second page: no notice"
        );
        assert_eq!(step(&mut r, 3.0), Some((2, 0, true)), "b → notice → a");
        // The notice ends while it is on screen: the slide after it comes at once.
        assert!(r.set_interlude(None));
        assert!(!r.in_interlude());
        assert_eq!(r.current().unwrap().key, slide("a", 0, 5.0).key);
        // A playlist of one item alternates with the notice.
        let mut one = Rotation::new(vec![slide("a", 0, 5.0)]);
        assert_eq!(one.tick(10.0), None, "one slide alone stands");
        one.set_interlude(Some(8.0));
        assert_eq!(step(&mut one, 5.0), Some((0, 0, true)));
        assert_eq!(step(&mut one, 8.0), Some((0, 0, false)));
    }

    #[test]
    fn keeps_its_place_when_content_is_replaced() {
        let mut r = Rotation::new(vec![
            slide("a", 0, 5.0),
            slide("b", 0, 5.0),
            slide("b", 1, 5.0),
        ]);
        r.go_to(2);
        r.replace(vec![
            slide("new", 0, 5.0),
            slide("a", 0, 5.0),
            slide("b", 0, 5.0),
            slide("b", 1, 5.0),
        ]);
        assert_eq!(r.current().unwrap().key, slide("b", 1, 5.0).key);
        r.replace(vec![slide("a", 0, 5.0), slide("b", 0, 5.0)]);
        assert_eq!(
            r.current().unwrap().key,
            slide("b", 0, 5.0).key,
            "falls back to the same item's first page"
        );
        r.replace(vec![slide("c", 0, 5.0)]);
        assert_eq!(r.index(), 0);
    }

    #[test]
    fn a_clock_jump_forward_moves_one_slide_and_neither_replays_nor_stalls() {
        // A day, or a year, passing at once (a PC without a battery setting its
        // clock, or waking from sleep) shows the next slide, not a burst of them.
        for jump in [86_400.0, 31_536_000.0, f32::MAX] {
            let mut r = Rotation::new(vec![
                slide("a", 0, 5.0),
                slide("b", 0, 5.0),
                slide("c", 0, 5.0),
            ]);
            assert_eq!(r.tick(jump).map(|a| a.to), Some(1));
            assert_eq!(r.tick(0.0), None, "nothing more is due at once");
            assert!(
                (r.remaining() - 5.0).abs() < 1e-3,
                "the next slide gets its full time"
            );
        }
        // A step back (the player's clock is monotonic, but a caller's may not be)
        // changes nothing: the slide is not held up for a day.
        let mut r = Rotation::new(vec![slide("a", 0, 5.0), slide("b", 0, 5.0)]);
        assert_eq!(r.tick(2.0), None);
        assert_eq!(r.tick(-86_400.0), None);
        assert!((r.remaining() - 3.0).abs() < 1e-3, "{}", r.remaining());
    }
}
