//! Kiosk lockdown (`lockdown` in `kiosk.ron`, on for a fullscreen kiosk): a
//! window close request does not close the player, and the pointer hides once the
//! mouse has rested a few seconds. Esc is ignored in `window.rs`, right-click in
//! `touch.rs` (only the primary button makes taps), and no key quits: only the
//! staff overlay's button does. Alt+Tab and Alt+F4 belong to the window manager;
//! Alt+F4 arrives here as a close request, and the sessions in `deploy/` have no
//! task switcher (docs/deploy.md).
//!
//! Hiding the pointer costs no frames: the moment it is due is a `Deadline`, so the
//! sleeping loop wakes once for it rather than polling.

use bevy::prelude::*;
use bevy::window::{
    ClosingWindow, CursorMoved, CursorOptions, PrimaryWindow, WindowCloseRequested,
};

use super::LiveSettings;
use super::wake::Deadline;

/// Seconds the mouse must rest before the pointer hides.
pub const CURSOR_HIDES_AFTER: f32 = 3.0;

/// Close requests: ignored when locked down; otherwise the window closes as
/// Bevy's own `close_when_requested` does it (marked this frame, despawned the
/// next, so the app exits when it is gone).
fn answer_close_requests(
    mut commands: Commands,
    mut requests: MessageReader<WindowCloseRequested>,
    closing: Query<Entity, With<ClosingWindow>>,
    settings: Res<LiveSettings>,
) {
    for window in &closing {
        commands.entity(window).despawn();
    }
    for request in requests.read() {
        if settings.lockdown {
            info!(
                "window close request ignored: the kiosk is locked down (the staff overlay quits)"
            );
        } else {
            commands.entity(request.window).try_insert(ClosingWindow);
        }
    }
}

/// When the mouse last moved (`Time<Real>` seconds). It has not at the start, so
/// a kiosk starts with the pointer hidden (and no wake-up to hide it).
#[derive(Resource)]
struct MouseRest {
    last_moved: f32,
}

impl Default for MouseRest {
    fn default() -> Self {
        Self {
            last_moved: f32::NEG_INFINITY,
        }
    }
}

fn hide_resting_cursor(
    mut moves: MessageReader<CursorMoved>,
    time: Res<Time<Real>>,
    settings: Res<LiveSettings>,
    mut rest: ResMut<MouseRest>,
    mut deadline: ResMut<Deadline>,
    mut cursors: Query<&mut CursorOptions, With<PrimaryWindow>>,
) {
    let now = time.elapsed_secs();
    // Only a real movement counts: winit also reports where the pointer is when
    // the window appears under it (with no delta), which would show the pointer
    // on every start and cost a frame to hide it again.
    if moves
        .read()
        .any(|m| m.delta.is_some_and(|d| d != Vec2::ZERO))
    {
        rest.last_moved = now;
    }
    let resting_for = now - rest.last_moved;
    let visible = !settings.lockdown || resting_for < CURSOR_HIDES_AFTER;
    for mut cursor in &mut cursors {
        if cursor.visible != visible {
            cursor.visible = visible;
        }
        if visible && settings.lockdown {
            deadline.within(CURSOR_HIDES_AFTER - resting_for);
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<MouseRest>();
    app.add_message::<WindowCloseRequested>()
        .add_message::<CursorMoved>();
    app.add_systems(Last, answer_close_requests);
    app.add_systems(
        Update,
        hide_resting_cursor.in_set(crate::player::AppSystems::RecordInput),
    );
}

#[cfg(test)]
mod tests {

    use std::time::Duration;

    use bevy::camera::NormalizedRenderTarget;
    use bevy::input::ButtonState;
    use bevy::input::keyboard::{Key, KeyboardInput, NativeKey};
    use bevy::picking::pointer::{Location, PointerAction, PointerButton, PointerId, PointerInput};
    use bevy::time::TimeUpdateStrategy;
    use bevy::window::{ExitCondition, WindowPlugin};

    use super::*;

    use crate::core::settings::{Settings, WindowMode};
    use crate::player::staff::{HOLD_SECONDS, PadKey, PinPad, StaffButton, StaffView};
    use crate::player::widgets::Tapped;
    use crate::player::{staff, touch, wake, window};

    /// A headless kiosk with a window entity (no winit, no renderer): lockdown,
    /// the window's keys, staff access and the overlay, time moved by hand 100 ms
    /// a frame.
    fn kiosk(lockdown: bool, pin: Option<&str>) -> App {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = root.join("content");
        let content = crate::core::content::load(&dir).unwrap();
        let mut settings = Settings::defaults(dir);
        settings.window = WindowMode::Fullscreen { monitor: 0 };
        settings.lockdown = lockdown;
        settings.staff.pin_hash = pin.map(|p| crate::core::staff::hash_pin(p).unwrap());
        let mut app = crate::player::bare_app(settings, content, 1, 100);
        app.add_plugins((
            bevy::input::InputPlugin,
            WindowPlugin {
                primary_window: Some(Window::default()),
                close_when_requested: false,
                exit_condition: ExitCondition::OnAllClosed,
                ..default()
            },
        ));
        app.add_plugins((
            wake::plugin,
            touch::plugin,
            plugin,
            window::plugin,
            staff::plugin,
            crate::player::schedule::plugin,
        ));
        app.update();
        app
    }

    fn window(app: &mut App) -> Entity {
        app.world_mut()
            .query_filtered::<Entity, With<PrimaryWindow>>()
            .single(app.world())
            .unwrap()
    }

    fn key(app: &mut App, code: KeyCode, state: ButtonState) {
        let window = window(app);
        app.world_mut().write_message(KeyboardInput {
            key_code: code,
            logical_key: Key::Unidentified(NativeKey::Unidentified),
            state,
            text: None,
            repeat: false,
            window,
        });
    }

    /// Holds `held`, presses `last`, lets go of all, a frame for each step.
    fn chord(app: &mut App, held: &[KeyCode], last: KeyCode) {
        for &k in held {
            key(app, k, ButtonState::Pressed);
        }
        app.update();
        key(app, last, ButtonState::Pressed);
        app.update();
        for &k in held.iter().chain([&last]) {
            key(app, k, ButtonState::Released);
        }
        app.update();
    }

    fn frames(app: &mut App, n: usize) {
        for _ in 0..n {
            app.update();
        }
    }

    fn tap_button<C: Component + PartialEq + std::fmt::Debug>(app: &mut App, which: C) {
        let entity = app
            .world_mut()
            .query::<(Entity, &C)>()
            .iter(app.world())
            .find(|(_, c)| **c == which)
            .map(|(e, _)| e)
            .unwrap_or_else(|| panic!("{which:?} is not on screen"));
        app.world_mut().trigger(Tapped { entity });
        app.update();
    }

    fn overlay_open(app: &App) -> bool {
        app.world().resource::<StaffView>().overlay_open
    }

    #[test]
    fn nothing_a_visitor_does_closes_a_locked_down_kiosk_but_the_staff_quit_does() {
        let mut app = kiosk(true, None);
        let w = window(&mut app);
        app.world_mut()
            .write_message(WindowCloseRequested { window: w });
        frames(&mut app, 3);
        chord(&mut app, &[], KeyCode::Escape);
        chord(&mut app, &[KeyCode::ControlLeft], KeyCode::KeyW);
        chord(&mut app, &[KeyCode::ControlLeft], KeyCode::KeyQ);
        chord(&mut app, &[KeyCode::AltLeft], KeyCode::F4);
        chord(&mut app, &[KeyCode::AltLeft], KeyCode::Tab);
        chord(&mut app, &[], KeyCode::F2);
        // Alt+F4 reaches a program as a close request from the window manager.
        app.world_mut()
            .write_message(WindowCloseRequested { window: w });
        frames(&mut app, 3);
        assert!(app.should_exit().is_none(), "the kiosk kept running");
        assert_eq!(
            app.world_mut().query::<&Window>().iter(app.world()).count(),
            1,
            "its window is still there"
        );
        assert!(!overlay_open(&app), "no bare key opens the staff overlay");
        // A chord with one modifier too many is not the chord.
        chord(
            &mut app,
            &[KeyCode::ControlLeft, KeyCode::AltLeft, KeyCode::ShiftLeft],
            KeyCode::KeyS,
        );
        assert!(!overlay_open(&app));
        chord(
            &mut app,
            &[KeyCode::ControlLeft, KeyCode::AltRight],
            KeyCode::KeyS,
        );
        assert!(overlay_open(&app), "the staff chord opens the overlay");
        assert!(app.should_exit().is_none());
        tap_button(&mut app, StaffButton::Close);
        assert!(!overlay_open(&app));
        chord(
            &mut app,
            &[KeyCode::ControlLeft, KeyCode::AltLeft],
            KeyCode::KeyS,
        );
        tap_button(&mut app, StaffButton::Quit);
        assert_eq!(app.should_exit(), Some(AppExit::Success));
    }

    #[test]
    fn a_preview_window_still_closes_and_quits_on_escape() {
        let mut app = kiosk(false, None);
        chord(&mut app, &[], KeyCode::Escape);
        assert_eq!(app.should_exit(), Some(AppExit::Success));
        let mut app = kiosk(false, None);
        let w = window(&mut app);
        app.world_mut()
            .write_message(WindowCloseRequested { window: w });
        frames(&mut app, 3);
        assert!(app.should_exit().is_some(), "closing the window quits");
    }

    #[test]
    fn the_pointer_hides_after_the_mouse_rests_and_returns_when_it_moves() {
        let mut app = kiosk(true, None);
        let visible = |app: &mut App| {
            app.world_mut()
                .query::<&CursorOptions>()
                .single(app.world())
                .unwrap()
                .visible
        };
        assert!(!visible(&mut app), "hidden from the start");
        let w = window(&mut app);
        app.world_mut().write_message(CursorMoved {
            window: w,
            position: Vec2::new(100.0, 100.0),
            delta: None,
        });
        frames(&mut app, 2);
        assert!(
            !visible(&mut app),
            "where the pointer is when the window appears is no movement"
        );
        app.world_mut().write_message(CursorMoved {
            window: w,
            position: Vec2::new(101.0, 100.0),
            delta: Some(Vec2::new(1.0, 0.0)),
        });
        frames(&mut app, 2);
        assert!(visible(&mut app), "shown when the mouse moves");
        frames(&mut app, (CURSOR_HIDES_AFTER * 10.0) as usize + 2);
        assert!(!visible(&mut app), "hidden after resting");
        app.world_mut().write_message(CursorMoved {
            window: w,
            position: Vec2::new(120.0, 100.0),
            delta: Some(Vec2::new(20.0, 0.0)),
        });
        app.update();
        assert!(visible(&mut app), "back when the mouse moves");
    }

    fn pointer(app: &mut App, action: PointerAction, at: Vec2) {
        app.world_mut().write_message(PointerInput::new(
            PointerId::Touch(7),
            Location {
                target: NormalizedRenderTarget::None {
                    width: 1920,
                    height: 1080,
                },
                position: at,
            },
            action,
        ));
    }

    /// The hidden gesture: a finger held still in the top-left corner.
    fn hold_in_the_corner(app: &mut App) {
        let at = Vec2::new(10.0, 10.0);
        pointer(app, PointerAction::Press(PointerButton::Primary), at);
        frames(app, (HOLD_SECONDS * 10.0) as usize + 1);
        pointer(app, PointerAction::Release(PointerButton::Primary), at);
        app.update();
    }

    fn type_pin(app: &mut App, pin: &str) {
        for d in pin.chars() {
            tap_button(app, PadKey::Digit(d));
        }
        tap_button(app, PadKey::Enter);
        // The check runs on its own thread; the clock stands still while it does,
        // however long a busy machine takes.
        app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::ZERO));
        for _ in 0..500 {
            app.update();
            if !app.world().resource::<PinPad>().is_checking() {
                app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
                    100,
                )));
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the PIN check never answered");
    }

    #[test]
    fn the_hidden_gesture_and_the_right_pin_open_the_overlay_and_wrong_ones_lock_out() {
        let mut app = kiosk(true, Some("2468"));
        // A short press in the corner is not the gesture.
        pointer(
            &mut app,
            PointerAction::Press(PointerButton::Primary),
            Vec2::new(10.0, 10.0),
        );
        frames(&mut app, 10);
        pointer(
            &mut app,
            PointerAction::Release(PointerButton::Primary),
            Vec2::new(10.0, 10.0),
        );
        frames(&mut app, 60);
        assert!(!app.world().resource::<PinPad>().open);
        hold_in_the_corner(&mut app);
        assert!(app.world().resource::<PinPad>().open, "the PIN pad is up");
        type_pin(&mut app, "1111");
        type_pin(&mut app, "2222");
        assert!(!overlay_open(&app));
        assert!(
            app.world()
                .resource::<PinPad>()
                .note()
                .contains("wrong PIN")
        );
        // The third wrong PIN in a row locks the pad for 30 s ...
        type_pin(&mut app, "3333");
        assert!(
            app.world()
                .resource::<PinPad>()
                .note()
                .contains("try again in 30 s"),
            "{}",
            app.world().resource::<PinPad>().note()
        );
        // ... and while it is locked, even the right PIN is not checked.
        type_pin(&mut app, "2468");
        assert!(!overlay_open(&app));
        assert!(
            app.world()
                .resource::<PinPad>()
                .note()
                .contains("try again")
        );
        // The pad closes when left alone; bringing it up again does not lift the lock.
        frames(&mut app, 100);
        hold_in_the_corner(&mut app);
        type_pin(&mut app, "2468");
        assert!(!overlay_open(&app), "still locked");
        frames(&mut app, 300);
        hold_in_the_corner(&mut app);
        // The next wrong one locks it for twice as long.
        type_pin(&mut app, "4444");
        assert!(
            app.world()
                .resource::<PinPad>()
                .note()
                .contains("try again in 60 s"),
            "{}",
            app.world().resource::<PinPad>().note()
        );
        frames(&mut app, 600);
        hold_in_the_corner(&mut app);
        type_pin(&mut app, "2468");
        assert!(overlay_open(&app), "the right PIN opens the overlay");
        assert!(!app.world().resource::<PinPad>().open);
        tap_button(&mut app, StaffButton::Proof);
        assert_eq!(
            app.world().resource::<StaffView>().page,
            crate::player::staff::StaffPage::Proof
        );
        // Left open and alone, the overlay closes by itself.
        frames(&mut app, (staff::OVERLAY_IDLE_SECONDS * 10.0) as usize - 20);
        assert!(overlay_open(&app));
        frames(&mut app, 30);
        assert!(!overlay_open(&app), "closed after two minutes alone");
    }

    #[test]
    fn without_a_pin_the_gesture_opens_nothing_and_a_forgotten_pad_closes() {
        let mut app = kiosk(true, None);
        hold_in_the_corner(&mut app);
        assert!(!app.world().resource::<PinPad>().open);
        assert!(!overlay_open(&app));
        let mut app = kiosk(true, Some("2468"));
        hold_in_the_corner(&mut app);
        assert!(app.world().resource::<PinPad>().open);
        frames(&mut app, (staff::PAD_IDLE_SECONDS * 10.0) as usize + 2);
        assert!(!app.world().resource::<PinPad>().open, "closed by itself");
    }
}
