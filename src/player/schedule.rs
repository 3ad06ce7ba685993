//! Campaigns on time: what is on air now (the core's `schedule`), looked at again
//! when a campaign is due to start or stop, after every reload and settings edit,
//! and when the wall clock jumps. Between changes the loop is not woken for it:
//! the next change is a deadline like the next slide.

use bevy::prelude::*;
use jiff::Timestamp;

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
    /// `start`, plus the app's own clock since it started (tests with manual time,
    /// the simulated week); not in what ships.
    #[cfg(any(test, feature = "dev"))]
    Following { start: Timestamp },
}

impl WallClock {
    #[cfg_attr(
        not(any(test, feature = "dev")),
        expect(
            unused_variables,
            reason = "only the tests' clock reads the app's time"
        )
    )]
    pub fn now(self, time: &Time<Real>) -> Timestamp {
        match self {
            WallClock::System => Timestamp::now(),
            WallClock::Fixed(at) => at,
            #[cfg(any(test, feature = "dev"))]
            WallClock::Following { start } => {
                let since = jiff::SignedDuration::try_from(time.elapsed()).unwrap_or_default();
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

impl OnAirNow {
    /// When what is on air next changes (or the horizon, when nothing changes
    /// before it).
    pub fn next_change(&self) -> Option<Timestamp> {
        self.next_change
    }
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
    // Looking at the clock is not a change: readers of what is on air are woken
    // only when it changes.
    now_on.bypass_change_detection().looked_at = Some(now);
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

#[cfg(test)]
mod tests {

    use super::*;
    use crate::core::settings::Settings;
    use crate::player::wake;

    fn at(text: &str) -> Timestamp {
        let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
        crate::core::schedule::parse_local(text, &tz).unwrap()
    }

    /// The default content's schedule in a headless app whose wall clock the test sets.
    fn app(now: &str) -> App {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let content = crate::core::content::load(&dir).unwrap();
        let mut app = crate::player::bare_app(Settings::defaults(dir), content, 0, 100);
        app.add_plugins((wake::plugin, plugin));
        app.insert_resource(WallClock::Fixed(at(now)));
        app.init_resource::<wake::Asked>();
        app.add_systems(PostUpdate, wake::record_asked);
        app
    }

    fn on_air(app: &App) -> Vec<String> {
        app.world().resource::<OnAirNow>().on_air.campaigns.clone()
    }

    #[test]
    fn a_clock_that_jumps_a_year_or_a_day_either_way_lands_on_what_is_on_air_there() {
        let mut app = app("2026-12-03 23:00");
        app.update();
        assert!(on_air(&app).is_empty());
        // An hour before 12·4: asleep until midnight, not polling.
        let (wait, animating) = app.world().resource::<wake::Asked>().last();
        assert!(!animating);
        assert!((3599.0..=3601.0).contains(&wait.unwrap()), "{wait:?}");
        for (now, expected) in [
            // A year on, into 12·4 of the next year: it takes over at once.
            ("2027-12-04 09:00", vec!["1204"]),
            // A day back: off again, at once (a jump back is looked at anew).
            ("2027-12-03 09:00", vec![]),
            // Into the 5·27 week, then back a year before it.
            ("2027-05-27 09:00", vec!["527"]),
            ("2026-05-19 09:00", vec![]),
        ] {
            app.insert_resource(WallClock::Fixed(at(now)));
            let stamp = app.world().resource::<OnAirNow>().stamp;
            app.update();
            assert_eq!(on_air(&app), expected, "{now}");
            let after = app.world().resource::<OnAirNow>().stamp;
            assert!(after > stamp, "{now}: the rotation is told at once");
            // Nothing spins: the next look is at a change still ahead.
            let (wait, animating) = app.world().resource::<wake::Asked>().last();
            assert!(
                !animating && wait.is_some_and(|w| w > 1.0),
                "{now}: {wait:?}"
            );
            // And nothing replays: the same moment again changes nothing.
            app.update();
            assert_eq!(app.world().resource::<OnAirNow>().stamp, after, "{now}");
        }
    }
}
