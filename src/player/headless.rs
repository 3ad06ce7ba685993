//! The player without a window, for tests of a running kiosk: everything `run`
//! has (the attract loop, the guide, the staff report, following the content
//! folder and `kiosk.ron`) except the window, its camera and the GPU, with the
//! clock advanced by hand, one frame per `App::update`.

use std::path::Path;
use std::time::Duration;

use bevy::prelude::*;

use super::{Mode, Shell, build_app, initial_state};

/// Time each frame moves the clock on, unless a test sets `TimeUpdateStrategy` itself.
pub const FRAME: Duration = Duration::from_millis(100);

/// A player started, as `pufa-kiosk run` starts one, with the settings in `config`,
/// ready for `update`: it loads the content folder on the watcher's thread and
/// follows it and `kiosk.ron` from then on.
pub fn headless_player(config: &Path) -> App {
    let (live, problems) = initial_state(config);
    build_app(
        live,
        problems,
        Mode::Window,
        Shell::Headless { frame: FRAME },
    )
}

#[cfg(test)]
mod tests {
    //! A clock that jumps, in a running player: the rotation and the idle return
    //! neither freeze, spin nor replay (the core's own tests cover the arithmetic).

    use std::time::Instant;

    use bevy::picking::pointer::{Location, PointerAction, PointerButton, PointerId, PointerInput};
    use bevy::time::TimeUpdateStrategy;

    use super::*;
    use crate::player::LiveContent;
    use crate::player::rotation::Attract;
    use crate::player::state::Page;

    const DAY: Duration = Duration::from_secs(86_400);
    const YEAR: Duration = Duration::from_secs(365 * 86_400);

    /// A player on the small test folder (two slides: 3 s, then 10 s, so four
    /// changes in 26 s), 30 s to the idle return,
    /// its clock set by hand from `clock`.
    struct Player {
        app: App,
        clock: Instant,
        _dir: tempfile::TempDir,
    }

    impl Player {
        fn new() -> Self {
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            let dir = tempfile::tempdir().unwrap();
            let content = dir.path().join("content");
            for (from, to) in [
                ("content/laws", "laws"),
                ("tests/broken/base/panels", "panels"),
                ("tests/broken/base/images", "images"),
                ("tests/broken/base", ""),
            ] {
                std::fs::create_dir_all(content.join(to)).unwrap();
                for e in std::fs::read_dir(root.join(from)).unwrap().flatten() {
                    if e.path().is_file() {
                        std::fs::copy(e.path(), content.join(to).join(e.file_name())).unwrap();
                    }
                }
            }
            let config = dir.path().join("kiosk.ron");
            std::fs::write(
                &config,
                "(content: \"content\", window: Fullscreen(monitor: 0), \
                 screen_diagonal_inches: 55.0, seconds_per_item: 3.0, transition: Cut, \
                 transition_seconds: 0.0, language: \"zh-CN\", idle_timeout_seconds: 30.0)",
            )
            .unwrap();
            let mut app = headless_player(&config);
            // Far enough from the machine's boot that a year back is still an instant.
            let clock = Instant::now() + 3 * YEAR;
            app.insert_resource(TimeUpdateStrategy::ManualInstant(clock));
            let mut player = Self {
                app,
                clock,
                _dir: dir,
            };
            // The watcher's first load is the player's first content.
            let end = Instant::now() + Duration::from_secs(10);
            while player.app.world().resource::<LiveContent>().generation == 0 {
                assert!(Instant::now() < end, "no content in 10 s");
                player.frame(Duration::ZERO);
                std::thread::sleep(Duration::from_millis(10));
            }
            player.frame(Duration::ZERO);
            assert_eq!(player.slides(), 2, "the test folder has two slides");
            player
        }

        /// One frame, the clock moved on by `step`.
        fn frame(&mut self, step: Duration) {
            self.clock += step;
            self.app
                .insert_resource(TimeUpdateStrategy::ManualInstant(self.clock));
            self.app.update();
        }

        /// One frame, the clock set back by `step`.
        fn frame_back(&mut self, step: Duration) {
            self.clock -= step;
            self.app
                .insert_resource(TimeUpdateStrategy::ManualInstant(self.clock));
            self.app.update();
        }

        fn index(&self) -> usize {
            self.app.world().resource::<Attract>().rotation.index()
        }

        fn slides(&self) -> usize {
            self.app
                .world()
                .resource::<Attract>()
                .rotation
                .slides()
                .len()
        }

        fn page(&self) -> Page {
            *self.app.world().resource::<State<Page>>().get()
        }

        /// Slide changes over `seconds` of 100 ms frames.
        fn changes_over(&mut self, seconds: u32) -> usize {
            let mut changes = 0;
            let mut last = self.index();
            for _ in 0..seconds * 10 {
                self.frame(FRAME);
                if self.index() != last {
                    changes += 1;
                    last = self.index();
                }
            }
            changes
        }

        fn touch(&mut self) {
            let location = Location {
                target: bevy::camera::NormalizedRenderTarget::None {
                    width: 1920,
                    height: 1080,
                },
                position: Vec2::new(500.0, 500.0),
            };
            for action in [
                PointerAction::Press(PointerButton::Primary),
                PointerAction::Release(PointerButton::Primary),
            ] {
                self.app.world_mut().write_message(PointerInput::new(
                    PointerId::Touch(1),
                    location.clone(),
                    action,
                ));
                self.frame(FRAME);
            }
        }
    }

    #[test]
    fn the_rotation_moves_one_slide_when_the_clock_jumps_forward_and_keeps_its_pace() {
        for jump in [DAY, YEAR] {
            let mut p = Player::new();
            p.frame(Duration::from_secs(1));
            let before = p.index();
            p.frame(jump);
            assert_eq!(p.index(), (before + 1) % 2, "one slide on, after {jump:?}");
            // No burst of slides to catch up, and no slide skipped: a change every 3 s.
            p.frame(FRAME);
            assert_eq!(p.index(), (before + 1) % 2, "nothing more at once");
            let changes = p.changes_over(26);
            assert!((3..=5).contains(&changes), "{changes} changes in 26 s");
        }
    }

    #[test]
    fn the_rotation_neither_freezes_nor_replays_when_the_clock_steps_back() {
        for jump in [DAY, YEAR] {
            let mut p = Player::new();
            p.frame(Duration::from_secs(2));
            let before = p.index();
            p.frame_back(jump);
            assert_eq!(p.index(), before, "a step back shows no other slide");
            // The slide on screen has 1 s left; it is not held up for a day.
            for _ in 0..12 {
                p.frame(FRAME);
            }
            assert_ne!(
                p.index(),
                before,
                "the rotation goes on after {jump:?} back"
            );
            let changes = p.changes_over(26);
            assert!((3..=5).contains(&changes), "{changes} changes in 26 s");
        }
    }

    #[test]
    fn a_session_ends_once_when_the_clock_jumps_forward_and_not_late_when_it_steps_back() {
        for jump in [DAY, YEAR] {
            let mut p = Player::new();
            p.touch();
            assert_eq!(p.page(), Page::Home, "a touch opens the guide");
            p.frame(jump);
            p.frame(FRAME);
            assert_eq!(p.page(), Page::Attract, "a day without a touch ends it");
            // The rotation plays on from there at its pace, without a burst.
            let changes = p.changes_over(26);
            assert!((3..=5).contains(&changes), "{changes} changes in 26 s");
            // The next citizen's session is not ended at once by the jump before.
            p.touch();
            assert_eq!(p.page(), Page::Home);
            for _ in 0..100 {
                p.frame(FRAME);
            }
            assert_eq!(p.page(), Page::Home, "10 s into a new session");

            // A step back neither ends the session nor keeps it open past its time.
            p.frame_back(jump);
            assert_eq!(p.page(), Page::Home);
            for _ in 0..250 {
                p.frame(FRAME);
            }
            assert_eq!(
                p.page(),
                Page::Attract,
                "30 s without a touch, the step back not counted"
            );
        }
    }
}
