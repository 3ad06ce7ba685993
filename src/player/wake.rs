//! Drawing only when something changes. Each frame, systems say when the screen
//! must next change (the next slide, the idle countdown) or that an animation is
//! running; between those moments the loop sleeps and draws nothing.
//!
//! The deadline reaches winit through an alarm thread that wakes the event loop
//! at the due instant, not through `WinitSettings`: bevy_winit treats any change
//! of update mode as a request to redraw at once, so a wait that shrinks frame by
//! frame kept a static slide redrawing continuously. Work finished on other
//! threads (a reload, a decoded picture) wakes the loop through the same proxy,
//! because finished loads and file events do not wake a reactive loop by themselves.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::time::{TimeSystems, TimeUpdateStrategy};
use bevy::window::RequestRedraw;
use bevy::winit::{EventLoopProxyWrapper, UpdateMode, WinitSettings, WinitUserEvent};

/// The soonest moment something on screen must change, gathered each frame.
#[derive(Resource, Debug, Default)]
pub struct Deadline {
    seconds: Option<f32>,
    animating: bool,
}

impl Deadline {
    /// Something must change within `seconds`.
    pub fn within(&mut self, seconds: f32) {
        self.seconds = Some(self.seconds.map_or(seconds, |s| s.min(seconds)));
    }

    /// An animation is running: draw the next frame straight away.
    pub fn animate(&mut self) {
        self.animating = true;
    }

    /// What this frame asked for so far: the soonest change, and whether an
    /// animation wants the next frame at once.
    #[cfg(test)]
    pub fn asked(&self) -> (Option<f32>, bool) {
        (self.seconds, self.animating)
    }
}

/// Wakes the loop from any thread.
#[derive(Resource, Clone)]
pub struct Waker(Option<bevy::winit::EventLoopProxy<WinitUserEvent>>);

impl Waker {
    /// Asks for a frame soon; does nothing when there is no event loop (offscreen).
    pub fn wake(&self) {
        if let Some(proxy) = &self.0 {
            let _ = proxy.send_event(WinitUserEvent::WakeUp);
        }
    }
}

/// Longest sleep even when nothing is due, so a stuck deadline cannot freeze the
/// screen for long.
const LONGEST_SLEEP: f32 = 60.0;

/// Waking a little after the deadline rather than before it: a wake-up that comes
/// a hair early finds nothing due and costs a second frame.
const LATE_BY: Duration = Duration::from_millis(2);

/// Winit's own timeout, kept fixed so the update mode never changes; the alarm
/// thread wakes the loop long before it elapses.
const WINIT_WAIT: Duration = Duration::from_secs(3600);

/// The alarm clock: a thread that sleeps until the instant it was last given and
/// then wakes the event loop. Dropping it ends the thread.
#[derive(Resource)]
struct Alarm {
    set_for: mpsc::Sender<Instant>,
    last: Option<Instant>,
}

impl Alarm {
    fn start(waker: Waker) -> Self {
        let (set_for, due) = mpsc::channel::<Instant>();
        let spawned = std::thread::Builder::new()
            .name("pufa-alarm".into())
            .spawn(move || ring_when_due(&due, || waker.wake()));
        if let Err(e) = spawned {
            error!("cannot start the alarm thread ({e}); slides will change only on input");
        }
        Self {
            set_for,
            last: None,
        }
    }

    fn set(&mut self, at: Instant) {
        if self.last != Some(at) {
            self.last = Some(at);
            let _ = self.set_for.send(at);
        }
    }
}

/// The alarm thread's loop: the newest instant replaces the one before it.
fn ring_when_due(due: &mpsc::Receiver<Instant>, ring: impl Fn()) {
    let mut next: Option<Instant> = None;
    loop {
        let message = match next {
            Some(at) => due.recv_timeout(at.saturating_duration_since(Instant::now())),
            None => due.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match message {
            Ok(at) => next = Some(at),
            Err(RecvTimeoutError::Timeout) => {
                next = None;
                ring();
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

fn schedule_next_frame(
    mut deadline: ResMut<Deadline>,
    alarm: Option<ResMut<Alarm>>,
    time: Res<Time<Real>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    if deadline.animating {
        redraw.write(RequestRedraw);
    } else if let Some(mut alarm) = alarm {
        let wait = deadline
            .seconds
            .unwrap_or(LONGEST_SLEEP)
            .clamp(0.0, LONGEST_SLEEP);
        // Deadlines are counted from the frame's own clock reading, which the
        // systems that set them measured against.
        let frame = time.last_update().unwrap_or_else(Instant::now);
        alarm.set(frame + Duration::from_secs_f32(wait) + LATE_BY);
    }
    *deadline = Deadline::default();
}

/// Reads the wall clock at the start of each frame. Bevy's automatic strategy uses
/// the instant the previous frame finished rendering, which after a 12-second
/// sleep is 12 seconds old: a slide due now would only be noticed a frame later.
fn read_the_clock(mut strategy: ResMut<TimeUpdateStrategy>) {
    *strategy = TimeUpdateStrategy::ManualInstant(Instant::now());
}

/// In a window: a waker for other threads, the alarm, and a loop that sleeps
/// until woken. Without one (offscreen, tests) a waker that does nothing.
fn start(mut commands: Commands, proxy: Option<Res<EventLoopProxyWrapper>>) {
    let waker = Waker(proxy.map(|p| (**p).clone()));
    if waker.0.is_some() {
        commands.insert_resource(Alarm::start(waker.clone()));
        commands.insert_resource(WinitSettings {
            focused_mode: UpdateMode::reactive_low_power(WINIT_WAIT),
            unfocused_mode: UpdateMode::reactive_low_power(WINIT_WAIT),
        });
    }
    commands.insert_resource(waker);
}

/// What each frame asked of the loop before it went to sleep, for tests: add
/// [`record_asked`] in `PostUpdate`.
#[cfg(test)]
#[derive(Resource, Default)]
pub struct Asked(pub Vec<(Option<f32>, bool)>);

#[cfg(test)]
impl Asked {
    /// What the last frame asked for.
    pub fn last(&self) -> (Option<f32>, bool) {
        self.0.last().copied().unwrap_or((None, false))
    }
}

#[cfg(test)]
pub fn record_asked(deadline: Res<Deadline>, mut asked: ResMut<Asked>) {
    asked.0.push(deadline.asked());
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Deadline>();
    app.add_systems(PreStartup, start);
    app.add_systems(
        First,
        read_the_clock
            .before(TimeSystems)
            .run_if(resource_exists::<Alarm>),
    );
    app.add_systems(Last, schedule_next_frame);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alarm_rings_once_at_the_newest_instant() {
        let (tx, rx) = mpsc::channel();
        let (rang_tx, rang_rx) = mpsc::channel::<Instant>();
        let handle = std::thread::spawn(move || {
            ring_when_due(&rx, || {
                let _ = rang_tx.send(Instant::now());
            })
        });
        let start = Instant::now();
        tx.send(start + Duration::from_millis(500)).unwrap();
        tx.send(start + Duration::from_millis(80)).unwrap();
        let rang = rang_rx.recv_timeout(Duration::from_secs(2)).unwrap();
        assert!(rang >= start + Duration::from_millis(80));
        assert!(
            rang < start + Duration::from_millis(400),
            "{:?}",
            rang - start
        );
        assert!(
            rang_rx.recv_timeout(Duration::from_millis(600)).is_err(),
            "a replaced instant must not ring"
        );
        drop(tx);
        handle.join().unwrap();
    }
}
