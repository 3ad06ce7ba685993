//! Campaigns on time: what is on air now (the core's `schedule`), looked at again
//! when a campaign is due to start or stop, after every reload and settings edit,
//! and when the wall clock jumps. Between changes the loop is not woken for it:
//! the next change is a deadline like the next slide.

use bevy::prelude::*;
use jiff::{SignedDuration, Timestamp};

use super::wake::Deadline;
use super::{LiveContent, LiveSettings};
use crate::core::schedule::{self, OnAir};

/// Where the schedule reads the time.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Default)]
pub enum WallClock {
    /// The computer's clock (the kiosk).
    #[default]
    System,
    /// A fixed moment (`render --at`, `proof --at`).
    Fixed(Timestamp),
    /// `start`, plus the app's own clock since it started (tests with manual time).
    #[allow(dead_code, reason = "made by tests that run a day in seconds")]
    Following { start: Timestamp },
}

impl WallClock {
    fn now(self, time: &Time<Real>) -> Timestamp {
        match self {
            WallClock::System => Timestamp::now(),
            WallClock::Fixed(at) => at,
            WallClock::Following { start } => {
                let since =
                    SignedDuration::try_from(time.elapsed()).unwrap_or(SignedDuration::ZERO);
                start.checked_add(since).unwrap_or(start)
            }
        }
    }
}

/// What plays now, and until when.
#[derive(Resource, Debug, Default)]
pub struct OnAirNow {
    pub on_air: OnAir,
    /// Bumped each time what is on air changes, so the rotation and the ticker
    /// rebuild only then.
    pub stamp: u64,
    /// When it was last worked out, and when it next changes.
    looked_at: Option<Timestamp>,
    next_change: Option<Timestamp>,
    /// Content generation it was worked out for.
    generation: Option<u64>,
}

pub(super) fn follow_schedule(
    clock: Res<WallClock>,
    time: Res<Time<Real>>,
    live: Res<LiveContent>,
    settings: Res<LiveSettings>,
    mut now_on: ResMut<OnAirNow>,
    mut deadline: ResMut<Deadline>,
) {
    let now = clock.now(&time);
    let tz = &settings.time_zone;
    let due = now_on.next_change.is_none_or(|next| now >= next);
    // A clock set back (a PC without a battery, or NTP correcting it) lands
    // somewhere the last answer does not cover.
    let jumped_back = now_on.looked_at.is_some_and(|then| now < then);
    let reloaded = now_on.generation != Some(live.generation);
    if due || jumped_back || reloaded || settings.is_changed() {
        let on_air = schedule::on_air(&live.content, now, tz);
        if on_air != now_on.on_air || now_on.generation.is_none() {
            if on_air.campaigns != now_on.on_air.campaigns {
                info!(
                    "on air: {}",
                    if on_air.campaigns.is_empty() {
                        "the playlist".to_owned()
                    } else {
                        on_air.campaigns.join(", ")
                    }
                );
            }
            now_on.on_air = on_air;
            now_on.stamp += 1;
        }
        now_on.next_change = Some(schedule::next_change(&live.content, now, tz));
        now_on.generation = Some(live.generation);
    }
    now_on.looked_at = Some(now);
    if let Some(next) = now_on.next_change {
        let wait = now.duration_until(next).as_secs_f32().max(0.0);
        deadline.within(wait);
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<OnAirNow>();
    app.init_resource::<WallClock>();
    app.add_systems(Update, follow_schedule.in_set(super::AppSystems::Schedule));
}
