//! Telling a deliberate tap from everything else a lobby touchscreen sees: a finger
//! dragging to scroll, a second finger, a palm resting on the glass, an impatient
//! double tap. The shell feeds pointer presses and releases in; only taps come out.

/// How far (in millimetres) a finger may move and still be tapping.
pub const TAP_SLOP_MM: f32 = 4.0;
/// Longest press that still counts as a tap, in seconds.
pub const TAP_MAX_SECONDS: f32 = 1.2;
/// After one activation, further taps are ignored for this long (no double activation).
pub const REPEAT_GUARD_SECONDS: f32 = 0.45;

/// A pointer's id, as the shell numbers them (mouse, each finger).
pub type PointerId = u64;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Press {
    id: PointerId,
    x: f32,
    y: f32,
    at: f32,
    /// Another pointer was down at some point during this press.
    crowded: bool,
    moved_too_far: bool,
}

/// The filter's state.
#[derive(Debug, Clone, PartialEq)]
pub struct TapFilter {
    slop_px: f32,
    pressed: Vec<Press>,
    last_activation: Option<f32>,
}

impl TapFilter {
    /// A filter for a screen with `px_per_mm` pixels to the millimetre.
    pub fn new(px_per_mm: f32) -> Self {
        Self {
            slop_px: TAP_SLOP_MM * px_per_mm,
            pressed: Vec::new(),
            last_activation: None,
        }
    }

    /// A pointer went down at (`x`, `y`) at time `at` seconds.
    pub fn press(&mut self, id: PointerId, x: f32, y: f32, at: f32) {
        let crowded = !self.pressed.is_empty();
        for p in &mut self.pressed {
            p.crowded = true;
        }
        self.pressed.retain(|p| p.id != id);
        self.pressed.push(Press {
            id,
            x,
            y,
            at,
            crowded,
            moved_too_far: false,
        });
    }

    /// A pointer moved while down.
    pub fn moved(&mut self, id: PointerId, x: f32, y: f32) {
        let slop = self.slop_px;
        if let Some(p) = self.pressed.iter_mut().find(|p| p.id == id)
            && (x - p.x).hypot(y - p.y) > slop
        {
            p.moved_too_far = true;
        }
    }

    /// Whether a press is being dragged (so the shell may scroll).
    pub fn dragging(&self, id: PointerId) -> bool {
        self.pressed.iter().any(|p| p.id == id && p.moved_too_far)
    }

    /// A pointer went up at (`x`, `y`) at time `at`; true when this was a tap that
    /// should activate what is under it.
    pub fn release(&mut self, id: PointerId, x: f32, y: f32, at: f32) -> bool {
        let Some(i) = self.pressed.iter().position(|p| p.id == id) else {
            return false;
        };
        self.moved(id, x, y);
        let p = self.pressed.remove(i);
        let tap = !p.crowded
            && !p.moved_too_far
            && at - p.at <= TAP_MAX_SECONDS
            && self.pressed.is_empty();
        let repeated = self
            .last_activation
            .is_some_and(|last| at - last < REPEAT_GUARD_SECONDS);
        if tap && !repeated {
            self.last_activation = Some(at);
            true
        } else {
            false
        }
    }

    /// Forgets a pointer that left the screen or was cancelled.
    pub fn cancel(&mut self, id: PointerId) {
        self.pressed.retain(|p| p.id != id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter() -> TapFilter {
        TapFilter::new(2.0)
    }

    #[test]
    fn a_short_still_press_is_a_tap() {
        let mut f = filter();
        f.press(1, 100.0, 100.0, 0.0);
        assert!(f.release(1, 102.0, 101.0, 0.15));
    }

    #[test]
    fn dragging_to_scroll_does_not_press_buttons() {
        let mut f = filter();
        f.press(1, 100.0, 100.0, 0.0);
        f.moved(1, 100.0, 140.0);
        assert!(f.dragging(1));
        assert!(
            !f.release(1, 100.0, 100.0, 0.3),
            "coming back to the start is still a drag"
        );
    }

    #[test]
    fn a_second_finger_or_a_palm_causes_no_press() {
        let mut f = filter();
        f.press(1, 100.0, 100.0, 0.0);
        f.press(2, 300.0, 300.0, 0.05);
        assert!(!f.release(2, 300.0, 300.0, 0.1));
        assert!(!f.release(1, 100.0, 100.0, 0.2));
        // A palm: many contacts at once.
        for id in 10..15 {
            f.press(id, 500.0 + id as f32, 500.0, 1.0);
        }
        assert!((10..15).all(|id| !f.release(id, 500.0 + id as f32, 500.0, 1.1)));
    }

    #[test]
    fn a_quick_double_tap_activates_once() {
        let mut f = filter();
        f.press(1, 100.0, 100.0, 0.0);
        assert!(f.release(1, 100.0, 100.0, 0.1));
        f.press(1, 100.0, 100.0, 0.2);
        assert!(!f.release(1, 100.0, 100.0, 0.3));
        f.press(1, 100.0, 100.0, 1.0);
        assert!(f.release(1, 100.0, 100.0, 1.1), "a later tap works again");
    }

    #[test]
    fn a_long_rest_is_not_a_tap() {
        let mut f = filter();
        f.press(1, 100.0, 100.0, 0.0);
        assert!(!f.release(1, 100.0, 100.0, 3.0));
    }
}
