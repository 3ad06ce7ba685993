//! Turning pointer input into actions: every press and release goes through the
//! core's tap filter (no stray presses from a drag, a second finger or a palm, no
//! double activation), and a tap activates the button under the finger.

use bevy::picking::hover::HoverMap;
use bevy::picking::pointer::{PointerAction, PointerId, PointerInput};
use bevy::prelude::*;

use super::screen::Screen;
use crate::core::touch::TapFilter;

/// What a button does.
#[derive(Component, Debug, Clone, PartialEq)]
pub enum Action {
    /// Open a page of the touch guide.
    Open(super::screens::Page),
    /// Follow choice `n` of the current roadmap step.
    Choose(usize),
    /// One step back on the current page.
    Back,
    /// To the home screen.
    Home,
    ToggleLargeText,
    ToggleHighContrast,
    /// Quiz answer: true = 对.
    Answer(bool),
    NextQuestion,
    RestartQuiz,
    /// Comic reader: move by this many scenes.
    Turn(i32),
    /// Comic page: reader (false) or quiz (true).
    QuizMode(bool),
    OpenChapter(usize),
    OpenArticle(u32),
}

/// A tap on a button, for the page that owns it.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct Activated(pub Action);

/// The tap filter, sized for this screen.
#[derive(Resource)]
pub struct Taps {
    filter: TapFilter,
    /// Pointers whose last release was a tap this frame.
    tapped: Vec<PointerId>,
}

/// Wall-clock time for judging taps. `Time<Real>` is stamped when the previous
/// frame finished rendering, which in reactive mode can be seconds before the
/// press that woke the loop: a quick tap would look like a long rest.
#[derive(Resource)]
pub struct TouchClock {
    start: std::time::Instant,
    /// Seconds added by tests that drive time by hand.
    offset: f32,
}

impl TouchClock {
    fn now(&self) -> f32 {
        self.start.elapsed().as_secs_f32() + self.offset
    }

    /// Moves the clock on, for tests.
    #[cfg(test)]
    pub fn advance(&mut self, seconds: f32) {
        self.offset += seconds;
    }
}

/// Any input at all this frame (resets the idle clock).
#[derive(Resource, Default)]
pub struct InputSeen(pub bool);

fn pointer_number(id: PointerId) -> u64 {
    match id {
        PointerId::Mouse => 0,
        PointerId::Touch(n) => n + 1,
        PointerId::Custom(u) => u.as_u64_pair().0,
    }
}

fn read_pointers(
    mut inputs: MessageReader<PointerInput>,
    mut taps: ResMut<Taps>,
    clock: Res<TouchClock>,
    mut seen: ResMut<InputSeen>,
) {
    taps.tapped.clear();
    seen.0 = false;
    let now = clock.now();
    for input in inputs.read() {
        seen.0 = true;
        let id = pointer_number(input.pointer_id);
        let p = input.location.position;
        match input.action {
            PointerAction::Press(_) => taps.filter.press(id, p.x, p.y, now),
            PointerAction::Move { .. } => taps.filter.moved(id, p.x, p.y),
            PointerAction::Release(_) if taps.filter.release(id, p.x, p.y, now) => {
                taps.tapped.push(input.pointer_id);
            }
            PointerAction::Cancel => taps.filter.cancel(id),
            _ => {}
        }
    }
}

/// Whether pointer `id` is dragging (pages that scroll ask this).
pub fn dragging(taps: &Taps, id: PointerId) -> bool {
    taps.filter.dragging(pointer_number(id))
}

/// A tap activates the button under the finger as picking sees it at the moment
/// of release (picking's own click would need the press to have been hovered in an
/// earlier frame, which a finger landing on glass never is).
fn activate(
    taps: Res<Taps>,
    hover: Res<HoverMap>,
    actions: Query<&Action>,
    parents: Query<&ChildOf>,
    mut out: MessageWriter<Activated>,
) {
    for pointer in &taps.tapped {
        let Some(hits) = hover.get(pointer) else {
            continue;
        };
        let mut hits: Vec<_> = hits.iter().collect();
        hits.sort_by(|a, b| a.1.depth.total_cmp(&b.1.depth));
        let action = hits.iter().find_map(|(entity, _)| {
            std::iter::successors(Some(**entity), |e| {
                parents.get(*e).ok().map(ChildOf::parent)
            })
            .find_map(|e| actions.get(e).ok())
        });
        if let Some(action) = action {
            out.write(Activated(action.clone()));
        }
    }
}

fn resize_filter(screen: Res<Screen>, mut taps: ResMut<Taps>) {
    if screen.is_changed() {
        taps.filter = TapFilter::new(screen.0.px_per_mm);
    }
}

/// Ordering of input handling within a frame.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct TouchSystems;

pub(super) fn plugin(app: &mut App) {
    let px_per_mm = app.world().resource::<Screen>().0.px_per_mm;
    app.insert_resource(Taps {
        filter: TapFilter::new(px_per_mm),
        tapped: Vec::new(),
    });
    app.init_resource::<InputSeen>();
    app.insert_resource(TouchClock {
        start: std::time::Instant::now(),
        offset: 0.0,
    });
    app.add_message::<Activated>();
    app.init_resource::<HoverMap>();
    app.add_systems(
        Update,
        (resize_filter, read_pointers, activate)
            .chain()
            .in_set(TouchSystems),
    );
}
