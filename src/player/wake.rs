//! Rendering only when something changes. The loop sleeps until the next deadline
//! (the next slide, the idle timeout) unless an animation is running; work finished
//! on other threads wakes it through the event loop proxy, because finished loads
//! and file events do not wake a reactive Bevy loop by themselves.

use std::time::Duration;

use bevy::prelude::*;
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

fn schedule_next_frame(
    mut deadline: ResMut<Deadline>,
    settings: Option<ResMut<WinitSettings>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let Some(mut settings) = settings else {
        *deadline = Deadline::default();
        return;
    };
    if deadline.animating {
        redraw.write(RequestRedraw);
    }
    let wait = deadline
        .seconds
        .unwrap_or(LONGEST_SLEEP)
        .clamp(0.0, LONGEST_SLEEP);
    let mode = UpdateMode::reactive_low_power(Duration::from_secs_f32(wait));
    if settings.focused_mode != mode {
        settings.focused_mode = mode;
        settings.unfocused_mode = mode;
    }
    *deadline = Deadline::default();
}

pub(super) fn plugin(app: &mut App) {
    let proxy = app
        .world()
        .get_resource::<EventLoopProxyWrapper>()
        .map(|p| (**p).clone());
    app.insert_resource(Waker(proxy));
    app.init_resource::<Deadline>();
    if app.world().contains_resource::<EventLoopProxyWrapper>() {
        app.insert_resource(WinitSettings {
            focused_mode: UpdateMode::reactive_low_power(Duration::from_secs(1)),
            unfocused_mode: UpdateMode::reactive_low_power(Duration::from_secs(1)),
        });
    }
    app.add_systems(Last, schedule_next_frame);
}
