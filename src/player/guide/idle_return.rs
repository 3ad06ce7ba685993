//! Moving between the attract loop and the guide: a touch on the rotation opens
//! the home page; no touch for the configured time brings the rotation back, with a
//! countdown for the last ten seconds, and every page's state starts afresh.

use bevy::picking::pointer::{PointerAction, PointerInput};
use bevy::prelude::*;

use super::Page;
use crate::core::idle::{IdleClock, IdleState};
use crate::core::settings::ScreenMode;
use crate::player::LiveSettings;
use crate::player::fonts::text_font;
use crate::player::messages::{Messages, fill};
use crate::player::metrics::Screen;
use crate::player::state::{AppSystems, Visit, no_staff_at_screen};
use crate::player::theme::{Accessibility, Palette};
use crate::player::touch::{InputSeen, TouchSystems};
use crate::player::wake::Deadline;

/// Seconds since the last touch.
#[derive(Resource)]
pub struct Idle(pub IdleClock);

/// The 即将返回首页 banner.
#[derive(Component)]
struct Countdown(u32);

fn open_guide_on_touch(mut inputs: MessageReader<PointerInput>, mut next: ResMut<NextState<Page>>) {
    // A finger or the primary button: a right-click does nothing (lockdown.rs).
    if inputs.read().any(|i| {
        matches!(
            i.action,
            PointerAction::Press(bevy::picking::pointer::PointerButton::Primary)
        )
    }) {
        next.set(Page::Home);
    }
}

/// Whether the screen takes touches: a board (`mode: Board`) does not.
fn touch_screen(settings: Res<LiveSettings>) -> bool {
    settings.mode == ScreenMode::Touch
}

/// A screen switched to board mode while a page was open goes back to the
/// rotation: a board has no touch pages.
fn back_to_the_rotation_on_a_board(settings: Res<LiveSettings>, mut next: ResMut<NextState<Page>>) {
    if settings.mode == ScreenMode::Board {
        next.set(Page::Attract);
    }
}

fn count_idle_time(
    mut commands: Commands,
    time: Res<Time<Real>>,
    seen: Res<InputSeen>,
    mut visits: MessageReader<Visit>,
    mut idle: ResMut<Idle>,
    mut next: ResMut<NextState<Page>>,
    mut deadline: ResMut<Deadline>,
    banners: Query<(Entity, &Countdown)>,
    screen: Res<Screen>,
    palette: Res<Palette>,
    messages: Res<Messages>,
) {
    // A visit stands for the taps it replaces.
    if seen.0 || visits.read().count() > 0 {
        idle.0.touch();
    }
    let state = idle.0.tick(time.delta_secs());
    let shown = banners.iter().next().map(|(_, c)| c.0);
    let wanted = match state {
        IdleState::Countdown(n) => Some(n),
        _ => None,
    };
    if shown != wanted {
        for (e, _) in &banners {
            commands.entity(e).despawn();
        }
        if let Some(n) = wanted {
            let m = screen.0;
            commands.spawn((
                Name::new("idle countdown"),
                Countdown(n),
                DespawnOnEnter(Page::Attract),
                Node {
                    position_type: PositionType::Absolute,
                    top: px(m.height * 0.4),
                    left: px(m.margin),
                    right: px(m.margin),
                    padding: UiRect::all(px(m.body)),
                    justify_content: JustifyContent::Center,
                    border_radius: BorderRadius::all(px(m.body * 0.5)),
                    ..default()
                },
                BackgroundColor(palette.band.with_alpha(0.94)),
                GlobalZIndex(90),
                Pickable::IGNORE,
                children![(
                    Text::new(fill(&messages.idle_countdown, n, "")),
                    text_font(m.title, true),
                    TextColor(palette.band_text),
                    Pickable::IGNORE
                )],
            ));
        }
    }
    if state == IdleState::Expired {
        next.set(Page::Attract);
    } else {
        deadline.within(idle.0.next_change());
    }
}

fn restart_clock(mut idle: ResMut<Idle>) {
    idle.0.touch();
}

/// An edited timeout in `kiosk.ron` applies to the session under way without
/// restarting its count.
fn follow_settings(settings: Res<LiveSettings>, mut idle: ResMut<Idle>) {
    let timeout = settings.idle_timeout_seconds;
    if settings.is_changed() && idle.0.timeout() != timeout {
        idle.0.set_timeout(timeout);
    }
}

/// Back in the rotation: the next citizen starts with the standard look.
fn reset_accessibility(mut access: ResMut<Accessibility>) {
    if *access != Accessibility::default() {
        *access = Accessibility::default();
    }
}

impl Default for Idle {
    /// Until the settings are read on the first frame (see `follow_settings`).
    fn default() -> Self {
        let defaults = crate::core::settings::Settings::defaults(Default::default());
        Idle(IdleClock::new(defaults.idle_timeout_seconds))
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Idle>();
    app.add_systems(
        Update,
        (
            open_guide_on_touch
                .run_if(in_state(Page::Attract).and_then(touch_screen))
                // Staff working in their overlay or PIN pad do not open the guide
                // behind it; their plugin says so while responding to input, so
                // this runs after every response, with the frame's scheduling.
                .run_if(no_staff_at_screen)
                .in_set(AppSystems::Schedule),
            back_to_the_rotation_on_a_board
                .run_if(not(in_state(Page::Attract)))
                .in_set(AppSystems::Respond),
        ),
    );
    app.add_systems(
        Update,
        count_idle_time
            .after(TouchSystems)
            .in_set(AppSystems::Respond)
            .run_if(not(in_state(Page::Attract))),
    );
    app.add_systems(OnExit(Page::Attract), restart_clock);
    app.add_systems(PreUpdate, follow_settings);
    app.add_systems(OnEnter(Page::Attract), reset_accessibility);
}
