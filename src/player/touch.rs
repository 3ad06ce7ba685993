//! Turning pointer input into actions: every press and release goes through the
//! core's tap filter (no stray presses from a drag, a second finger or a palm, no
//! double activation), and a tap activates the button under the finger.

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
    time: Res<Time<Real>>,
    mut seen: ResMut<InputSeen>,
) {
    taps.tapped.clear();
    seen.0 = false;
    let now = time.elapsed_secs();
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

fn activate(
    mut clicks: MessageReader<Pointer<Click>>,
    taps: Res<Taps>,
    actions: Query<&Action>,
    parents: Query<&ChildOf>,
    mut out: MessageWriter<Activated>,
) {
    for click in clicks.read() {
        if !taps.tapped.contains(&click.pointer_id) {
            continue;
        }
        let mut entity = click.entity;
        loop {
            if let Ok(action) = actions.get(entity) {
                out.write(Activated(action.clone()));
                break;
            }
            match parents.get(entity) {
                Ok(parent) => entity = parent.parent(),
                Err(_) => break,
            }
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
    app.add_message::<Activated>();
    app.add_systems(
        Update,
        (resize_filter, read_pointers, activate)
            .chain()
            .in_set(TouchSystems),
    );
}
