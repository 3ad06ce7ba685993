//! Turning pointer input into taps: every press and release goes through the
//! core's tap filter (no stray presses from a drag, a second finger or a palm, no
//! double activation), and a tap is sent to the button under the finger, whose
//! own action answers it.

use bevy::picking::hover::HoverMap;
use bevy::picking::pointer::{PointerAction, PointerButton, PointerId, PointerInput};
use bevy::prelude::*;

use bevy::ecs::lifecycle::HookContext;
use bevy::ecs::system::IntoObserverSystem;
use bevy::ecs::world::DeferredWorld;

use super::metrics::Screen;
use crate::core::touch::TapFilter;

/// A tap on a button: the button's own action observes it.
#[derive(EntityEvent, Debug, Clone, Copy)]
pub struct Tapped {
    pub entity: Entity,
}

/// What a button does when tapped: an observer of [`Tapped`] on the button,
/// attached when the button is spawned.
#[derive(Component)]
#[component(on_add = attach_action)]
pub struct OnTap(Option<Observer>);

impl OnTap {
    pub fn new<M>(action: impl IntoObserverSystem<Tapped, (), M>) -> Self {
        Self(Some(Observer::new(action)))
    }
}

fn attach_action(mut world: DeferredWorld, context: HookContext) {
    let observer = world
        .get_mut::<OnTap>(context.entity)
        .and_then(|mut on_tap| on_tap.0.take());
    if let Some(observer) = observer {
        world.commands().spawn(observer.with_entity(context.entity));
    }
}

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
            // Only a finger or the primary button taps: a right-click (or a middle
            // one) does nothing, so it can open no menu and press no button.
            PointerAction::Press(button) | PointerAction::Release(button)
                if button != PointerButton::Primary => {}
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

/// A tap goes to the button under the finger as picking sees it at the moment of
/// release (picking's own click would need the press to have been hovered in an
/// earlier frame, which a finger landing on glass never is).
fn activate(
    mut commands: Commands,
    taps: Res<Taps>,
    hover: Res<HoverMap>,
    buttons: Query<(), With<Button>>,
    parents: Query<&ChildOf>,
) {
    for pointer in &taps.tapped {
        let Some(hits) = hover.get(pointer) else {
            continue;
        };
        let mut hits: Vec<_> = hits.iter().collect();
        hits.sort_by(|a, b| a.1.depth.total_cmp(&b.1.depth));
        let button = hits.iter().find_map(|(entity, _)| {
            std::iter::successors(Some(**entity), |e| {
                parents.get(*e).ok().map(ChildOf::parent)
            })
            .find(|e| buttons.contains(*e))
        });
        if let Some(entity) = button {
            commands.trigger(Tapped { entity });
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

impl Default for Taps {
    /// Sized for a common screen until the first frame sizes it for this one.
    fn default() -> Self {
        Taps {
            filter: TapFilter::new(4.0),
            tapped: Vec::new(),
        }
    }
}

impl Default for TouchClock {
    fn default() -> Self {
        TouchClock {
            start: std::time::Instant::now(),
            offset: 0.0,
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<InputSeen>();
    app.init_resource::<TouchClock>();
    app.init_resource::<HoverMap>();
    app.init_resource::<Taps>();
    app.add_systems(
        Update,
        (resize_filter, read_pointers, activate)
            .chain()
            .in_set(TouchSystems),
    );
}
