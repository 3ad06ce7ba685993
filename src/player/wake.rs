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
//!
//! An animation draws frame after frame, but never spends more than half of one
//! core: with software rendering a frame costs tens of milliseconds on every core
//! llvmpipe uses, and an unpaced crossfade kept two cores busy for its whole
//! length (13 % of a core over a minute of the rotation, all of it in the
//! transitions). With a GPU a frame costs a few milliseconds and the display's
//! refresh paces the frames long before this does.

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
    /// Asks for one frame soon; does nothing when there is no event loop (offscreen).
    /// The debug log names the caller.
    #[track_caller]
    pub fn wake(&self) {
        if let Some(proxy) = &self.0 {
            debug!("woken by {}", std::panic::Location::caller());
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

/// The most of one core an animation may use: the next frame of an animation
/// waits until the CPU time the last one took is this share of the wall time.
const ANIMATION_CPU_SHARE: f64 = 0.5;

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

/// CPU time the whole process (llvmpipe's threads included) has used.
fn process_cpu() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is handed, which lives
    // across the call.
    let read = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    if read != 0 {
        return None;
    }
    Some(Duration::new(
        u64::try_from(ts.tv_sec).ok()?,
        u32::try_from(ts.tv_nsec).ok()?,
    ))
}

/// How long the next frame of an animation waits, given the wall and CPU time
/// the last one took (from the end of its wait): long enough that the CPU time
/// is at most [`ANIMATION_CPU_SHARE`] of the wall time, wait included.
fn pause(wall: Duration, cpu: Duration) -> Duration {
    cpu.div_f64(ANIMATION_CPU_SHARE).saturating_sub(wall)
}

/// When the last frame of an animation was asked for, by the wall clock and the
/// process's CPU clock, and how long it was told to wait.
#[derive(Resource, Default)]
struct Pace(Option<(Instant, Duration, Duration)>);

fn schedule_next_frame(
    mut deadline: ResMut<Deadline>,
    alarm: Option<ResMut<Alarm>>,
    time: Res<Time<Real>>,
    mut redraw: MessageWriter<RequestRedraw>,
    mut pace: ResMut<Pace>,
    waker: Option<Res<Waker>>,
) {
    if deadline.animating {
        let now = (Instant::now(), process_cpu());
        let wait = match (pace.0, now.1) {
            (Some((wall, cpu, waited)), Some(cpu_now)) => {
                // The frame's own time: the wait before it used no CPU.
                let wall = now.0.duration_since(wall).saturating_sub(waited);
                let cpu = cpu_now.saturating_sub(cpu);
                let wait = pause(wall, cpu);
                debug!(
                    "animation frame: {wall:.1?} wall, {cpu:.1?} CPU; the next waits {wait:.1?}"
                );
                wait
            }
            _ => Duration::ZERO,
        };
        pace.0 = now.1.map(|cpu| (now.0, cpu, wait));
        // Through the waker, not a `RequestRedraw` message: bevy_winit reads
        // those with a fresh cursor after every update, and a message lives two
        // updates, so each one drew two frames (the last frame of an animation,
        // and the frame of a reload, were drawn twice).
        match (alarm, waker) {
            (Some(mut alarm), _) if wait > Duration::from_millis(1) => alarm.set(now.0 + wait),
            (Some(_), Some(waker)) => waker.wake(),
            _ => {
                redraw.write(RequestRedraw);
            }
        }
    } else if let Some(mut alarm) = alarm {
        pace.0 = None;
        let wait = deadline
            .seconds
            .unwrap_or(LONGEST_SLEEP)
            .clamp(0.0, LONGEST_SLEEP);
        // Deadlines are counted from the frame's own clock reading, which the
        // systems that set them measured against.
        let frame = time.last_update().unwrap_or_else(Instant::now);
        debug!("frame built; the next in {wait:.3} s");
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
    app.init_resource::<Pace>();
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
    fn an_animation_frame_waits_until_it_has_used_half_a_core() {
        let ms = Duration::from_millis;
        // llvmpipe: 80 ms of CPU on two cores in a 45 ms frame waits 115 ms more.
        assert_eq!(pause(ms(45), ms(80)), ms(115));
        // A GPU paced by the display: 4 ms of CPU in a 16 ms frame waits not at all.
        assert_eq!(pause(ms(16), ms(4)), Duration::ZERO);
    }

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
