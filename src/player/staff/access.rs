//! How staff reach the staff overlay: the key chord of `kiosk.ron`
//! (`staff.chord`, Ctrl+Alt+S unless set), or, once a PIN hash is set
//! (`staff.pin`, from `pufa-kiosk pin`), a hidden gesture followed by the PIN: a
//! finger held still for [`HOLD_SECONDS`] in the top-left corner brings up a PIN
//! pad sized for fingers. A long hold is never a tap, so it presses no button
//! underneath, and a visitor leaning on the glass does not hold one spot that long.
//!
//! The PIN is checked against its Argon2 hash on a thread of its own (it takes
//! tens of milliseconds by design), which wakes the loop when done. Wrong PINs
//! lock the pad for longer each time (`core::staff::PinGate`), and the pad says
//! for how long. The PIN typed is kept only until it is checked, and never logged.

use std::sync::{Mutex, mpsc};

use bevy::picking::pointer::{PointerAction, PointerButton, PointerId, PointerInput};
use bevy::prelude::*;

use super::StaffView;
use crate::core::settings::Settings;
use crate::core::staff::{Chord, PIN_DIGITS, PinGate, verify_pin};
use crate::player::LiveSettings;
use crate::player::fonts::text_font;
use crate::player::metrics::Screen;
use crate::player::theme::Palette;
use crate::player::wake::{Deadline, Waker};
use crate::player::widgets::{Tapped, button};

/// Seconds a finger is held still in the corner to bring up the PIN pad.
pub const HOLD_SECONDS: f32 = 5.0;
/// The pad closes by itself after this long without a tap (a visitor who found it
/// walks away; the next one sees the kiosk, not a PIN pad).
pub const PAD_IDLE_SECONDS: f32 = 30.0;

/// Someone asks for the staff overlay.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskForStaff {
    /// The key chord: the overlay at once.
    Chord,
    /// The hidden gesture: the PIN pad, when a PIN is set.
    Gesture,
    /// The problem mark in the corner: the overlay in a preview window, the PIN
    /// pad in a locked-down kiosk.
    Tapped,
}

/// Where staff access is handled in a frame (before the overlay is drawn).
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct StaffAccessSystems;

/// The PIN pad's state.
#[derive(Resource, Default)]
pub struct PinPad {
    pub open: bool,
    /// Digits typed so far (shown as dots).
    entered: String,
    /// What the pad says under the dots (a wrong PIN, a lockout).
    note: String,
    gate: PinGate,
    /// The check running on its thread.
    checking: Option<Mutex<mpsc::Receiver<bool>>>,
    /// `Time<Real>` seconds of the last tap on the pad.
    last_touch: f32,
}

impl PinPad {
    /// What the pad says under the dots.
    #[cfg(test)]
    pub fn note(&self) -> &str {
        &self.note
    }

    /// Whether a PIN is being checked.
    #[cfg(test)]
    pub fn is_checking(&self) -> bool {
        self.checking.is_some()
    }

    fn type_digit(&mut self, digit: char) {
        if self.entered.len() < *PIN_DIGITS.end() {
            self.entered.push(digit);
        }
    }
}

/// The finger held in the corner: which, and since when.
#[derive(Resource, Default)]
struct CornerHold(Option<(PointerId, f32)>);

/// The pad's root entity.
#[derive(Component)]
struct PadRoot;

/// The pad's buttons, to find them (tests tap them).
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PadKey {
    Digit(char),
    Clear,
    Enter,
    Cancel,
}

/// The key a chord names.
fn key_code(key: &str) -> Option<KeyCode> {
    const LETTERS: [KeyCode; 26] = [
        KeyCode::KeyA,
        KeyCode::KeyB,
        KeyCode::KeyC,
        KeyCode::KeyD,
        KeyCode::KeyE,
        KeyCode::KeyF,
        KeyCode::KeyG,
        KeyCode::KeyH,
        KeyCode::KeyI,
        KeyCode::KeyJ,
        KeyCode::KeyK,
        KeyCode::KeyL,
        KeyCode::KeyM,
        KeyCode::KeyN,
        KeyCode::KeyO,
        KeyCode::KeyP,
        KeyCode::KeyQ,
        KeyCode::KeyR,
        KeyCode::KeyS,
        KeyCode::KeyT,
        KeyCode::KeyU,
        KeyCode::KeyV,
        KeyCode::KeyW,
        KeyCode::KeyX,
        KeyCode::KeyY,
        KeyCode::KeyZ,
    ];
    const DIGITS: [KeyCode; 10] = [
        KeyCode::Digit0,
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
        KeyCode::Digit6,
        KeyCode::Digit7,
        KeyCode::Digit8,
        KeyCode::Digit9,
    ];
    const FUNCTIONS: [KeyCode; 12] = [
        KeyCode::F1,
        KeyCode::F2,
        KeyCode::F3,
        KeyCode::F4,
        KeyCode::F5,
        KeyCode::F6,
        KeyCode::F7,
        KeyCode::F8,
        KeyCode::F9,
        KeyCode::F10,
        KeyCode::F11,
        KeyCode::F12,
    ];
    let mut chars = key.chars();
    match (chars.next(), chars.next()) {
        (Some(c @ 'A'..='Z'), None) => LETTERS.get(usize::from(c as u8 - b'A')).copied(),
        (Some(c @ '0'..='9'), None) => DIGITS.get(usize::from(c as u8 - b'0')).copied(),
        (Some('F'), Some(_)) => {
            let n: usize = key.get(1..)?.parse().ok()?;
            FUNCTIONS.get(n.checked_sub(1)?).copied()
        }
        _ => None,
    }
}

/// Whether `chord` was pressed this frame: its key went down while exactly its
/// modifiers were held.
pub fn chord_pressed(chord: &Chord, keys: &ButtonInput<KeyCode>) -> bool {
    let held = |a, b| keys.pressed(a) || keys.pressed(b);
    key_code(&chord.key).is_some_and(|k| keys.just_pressed(k))
        && held(KeyCode::ControlLeft, KeyCode::ControlRight) == chord.ctrl
        && held(KeyCode::AltLeft, KeyCode::AltRight) == chord.alt
        && held(KeyCode::ShiftLeft, KeyCode::ShiftRight) == chord.shift
        && held(KeyCode::SuperLeft, KeyCode::SuperRight) == chord.super_key
}

fn read_chord(
    keys: Res<ButtonInput<KeyCode>>,
    settings: Res<LiveSettings>,
    mut ask: MessageWriter<AskForStaff>,
) {
    if chord_pressed(&settings.staff.chord, &keys) {
        ask.write(AskForStaff::Chord);
    }
}

/// The hidden gesture: a finger (or the mouse's primary button) held still in the
/// top-left corner for [`HOLD_SECONDS`]. The loop sleeps while it is held, so the
/// moment it is due is a deadline.
fn read_corner_hold(
    mut inputs: MessageReader<PointerInput>,
    screen: Res<Screen>,
    time: Res<Time<Real>>,
    mut hold: ResMut<CornerHold>,
    mut deadline: ResMut<Deadline>,
    mut ask: MessageWriter<AskForStaff>,
) {
    let m = screen.0;
    let corner = m.touch * 1.5;
    let now = time.elapsed_secs();
    for input in inputs.read() {
        let p = input.location.position;
        let in_corner = p.x <= corner && p.y <= corner;
        match input.action {
            PointerAction::Press(PointerButton::Primary) if in_corner => {
                hold.0 = Some((input.pointer_id, now));
            }
            // Moving out of the corner, lifting the finger or losing it ends the hold.
            PointerAction::Move { .. } | PointerAction::Release(_) | PointerAction::Cancel
                if hold.0.is_some_and(|(id, _)| id == input.pointer_id)
                    && (!in_corner || !matches!(input.action, PointerAction::Move { .. })) =>
            {
                hold.0 = None;
            }
            _ => {}
        }
    }
    if let Some((_, since)) = hold.0 {
        let left = HOLD_SECONDS - (now - since);
        if left <= 0.0 {
            hold.0 = None;
            ask.write(AskForStaff::Gesture);
        } else {
            deadline.within(left);
        }
    }
}

/// Opens what each request may open.
fn answer_requests(
    mut asks: MessageReader<AskForStaff>,
    settings: Res<LiveSettings>,
    time: Res<Time<Real>>,
    mut view: ResMut<StaffView>,
    mut pad: ResMut<PinPad>,
) {
    for ask in asks.read() {
        let needs_pin = match ask {
            AskForStaff::Chord => false,
            AskForStaff::Gesture => true,
            AskForStaff::Tapped => settings.lockdown,
        };
        if !needs_pin {
            pad.open = false;
            view.overlay_open = true;
        } else if settings.staff.pin_hash.is_some() && !view.overlay_open {
            pad.open = true;
            pad.entered.clear();
            pad.note.clear();
            pad.last_touch = time.elapsed_secs();
        } else if settings.staff.pin_hash.is_none() {
            info!(
                "staff gesture ignored: no PIN is set in kiosk.ron (staff.pin, from `pufa-kiosk pin`)"
            );
        }
    }
}

/// What the pad says while it is locked.
fn locked_note(seconds: f64) -> String {
    // Whole seconds, rounded up, but 30.000001 is still 30.
    let s = (seconds - 1e-3).ceil().max(1.0) as u64;
    format!("PIN 错误次数过多，请 {s} 秒后再试 / too many wrong PINs, try again in {s} s")
}

/// Starts a check when Enter was tapped, takes its answer when it is in, keeps
/// the lockout's countdown current and closes a forgotten pad.
fn check_pin(
    mut pad: ResMut<PinPad>,
    mut view: ResMut<StaffView>,
    time: Res<Time<Real>>,
    mut deadline: ResMut<Deadline>,
) {
    if !pad.open {
        return;
    }
    let now = time.elapsed_secs();
    let clock = time.elapsed_secs_f64();
    let answer = pad
        .checking
        .as_ref()
        .and_then(|c| c.lock().ok().and_then(|rx| rx.try_recv().ok()));
    if let Some(right) = answer {
        pad.checking = None;
        if right {
            info!("staff overlay opened with the PIN");
            pad.gate.succeeded();
            pad.open = false;
            view.overlay_open = true;
            return;
        }
        warn!("a wrong staff PIN was entered");
        pad.note = match pad.gate.failed(clock) {
            Some(lock) => locked_note(lock),
            None => "PIN 错误 / wrong PIN".into(),
        };
        pad.last_touch = now;
    }
    if let Some(left) = pad.gate.locked_for(clock) {
        // The countdown, a second at a time (one frame a second, only while the
        // pad is up and locked).
        let note = locked_note(left);
        if pad.note != note {
            pad.note = note;
        }
        deadline.within((left.fract() as f32).max(0.05));
    } else if pad.note.starts_with("PIN 错误次数过多") {
        pad.note.clear();
    }
    if pad.checking.is_none() && now - pad.last_touch >= PAD_IDLE_SECONDS {
        *pad = PinPad {
            gate: std::mem::take(&mut pad.gate),
            ..default()
        };
        return;
    }
    if pad.checking.is_none() {
        deadline.within(PAD_IDLE_SECONDS - (now - pad.last_touch));
    }
}

/// Enter: the PIN goes to a thread of its own, with the hash, and is dropped there.
fn submit(pad: &mut PinPad, settings: &Settings, waker: Option<Waker>, now: f64) {
    if pad.checking.is_some() {
        return;
    }
    if let Some(left) = pad.gate.locked_for(now) {
        pad.entered.clear();
        pad.note = locked_note(left);
        return;
    }
    let Some(hash) = settings.staff.pin_hash.clone() else {
        return;
    };
    let pin = std::mem::take(&mut pad.entered);
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("staff-pin".into())
        .spawn(move || {
            let _ = tx.send(verify_pin(&hash, &pin));
            if let Some(waker) = waker {
                waker.wake();
            }
        });
    match spawned {
        Ok(_) => {
            pad.checking = Some(Mutex::new(rx));
            pad.note = "正在核对… / checking…".into();
        }
        Err(e) => error!("cannot check the PIN ({e})"),
    }
}

fn show_pad(
    mut commands: Commands,
    pad: Res<PinPad>,
    screen: Res<Screen>,
    palette: Res<Palette>,
    roots: Query<Entity, With<PadRoot>>,
) {
    if !pad.is_changed() && !screen.is_changed() {
        return;
    }
    for e in &roots {
        commands.entity(e).despawn();
    }
    if !pad.open {
        return;
    }
    let m = screen.0;
    let size = m.body;
    let key = |label: &'static str, which: PadKey| {
        (
            button(
                label,
                move |_: On<Tapped>,
                      mut pad: ResMut<PinPad>,
                      settings: Res<LiveSettings>,
                      waker: Option<Res<Waker>>,
                      time: Res<Time<Real>>| {
                    pad.last_touch = time.elapsed_secs();
                    match which {
                        PadKey::Digit(d) => pad.type_digit(d),
                        PadKey::Clear => pad.entered.clear(),
                        PadKey::Enter => submit(
                            &mut pad,
                            &settings,
                            waker.map(|w| w.clone()),
                            time.elapsed_secs_f64(),
                        ),
                        PadKey::Cancel => pad.open = false,
                    }
                },
                &screen,
                &palette,
                which == PadKey::Enter,
            ),
            which,
        )
    };
    let dots: String = "●".repeat(pad.entered.chars().count());
    commands
        .spawn((
            Name::new("staff PIN pad"),
            PadRoot,
            Node {
                position_type: PositionType::Absolute,
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                justify_content: JustifyContent::Center,
                row_gap: px(size * 0.5),
                ..default()
            },
            BackgroundColor(Color::srgba(0.05, 0.05, 0.08, 0.96)),
            GlobalZIndex(110),
        ))
        .with_children(|p| {
            p.spawn((
                Text::new("工作人员 PIN / Staff PIN"),
                text_font(size * 1.2, true),
                TextColor(Color::WHITE),
            ));
            p.spawn((
                Text::new(if dots.is_empty() { " ".into() } else { dots }),
                text_font(size * 1.2, true),
                TextColor(Color::WHITE),
            ));
            p.spawn((
                Text::new(if pad.note.is_empty() {
                    " ".into()
                } else {
                    pad.note.clone()
                }),
                text_font(size * 0.8, false),
                TextColor(Color::srgb(1.0, 0.8, 0.5)),
            ));
            let rows: [[PadKey; 3]; 4] = [
                [PadKey::Digit('1'), PadKey::Digit('2'), PadKey::Digit('3')],
                [PadKey::Digit('4'), PadKey::Digit('5'), PadKey::Digit('6')],
                [PadKey::Digit('7'), PadKey::Digit('8'), PadKey::Digit('9')],
                [PadKey::Clear, PadKey::Digit('0'), PadKey::Enter],
            ];
            for row in rows {
                p.spawn(Node {
                    column_gap: px(size * 0.5),
                    ..default()
                })
                .with_children(|r| {
                    for k in row {
                        const DIGITS: [&str; 10] =
                            ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
                        let label = match k {
                            PadKey::Digit(d) => d
                                .to_digit(10)
                                .and_then(|n| DIGITS.get(n as usize))
                                .copied()
                                .unwrap_or("?"),
                            PadKey::Clear => "清除 / Clear",
                            PadKey::Enter => "确定 / OK",
                            PadKey::Cancel => "取消 / Cancel",
                        };
                        r.spawn(key(label, k));
                    }
                });
            }
            p.spawn(key("取消 / Cancel", PadKey::Cancel));
        });
}

pub(super) fn plugin(app: &mut App) {
    app.add_message::<AskForStaff>()
        .add_message::<PointerInput>();
    app.init_resource::<PinPad>();
    app.init_resource::<CornerHold>();
    app.add_systems(
        Update,
        (
            read_chord,
            read_corner_hold,
            answer_requests,
            check_pin,
            show_pad,
        )
            .chain()
            .in_set(StaffAccessSystems),
    );
}
