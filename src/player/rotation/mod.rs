//! The attract loop: rotates the playlist's slides with crossfades and slides,
//! and keeps its place when new content arrives.

use bevy::prelude::*;

pub mod slide;

use super::LiveSettings;
use super::guide::Page;
use super::images::{ImageStore, fit_for};
use super::metrics::{Screen, TickerArea};
use super::schedule::OnAirNow;
use super::wake::{Deadline, Waker};
use crate::core::pacing::Transition;
use crate::core::rotation::{self, Rotation};
use crate::core::settings::Settings;
use slide::{SlideContext, SlideRoot};

/// The rotation and what is drawn for it.
#[derive(Resource, Default)]
pub struct Attract {
    pub rotation: Rotation,
    /// The slide on screen (or coming in).
    shown: Option<Entity>,
    /// A transition in progress.
    anim: Option<Anim>,
    /// Content generation, what was on air, and screen the slides were built for.
    built_for: Option<(
        u64,
        u64,
        crate::core::layout::Metrics,
        super::theme::Palette,
    )>,
}

struct Anim {
    leaving: Entity,
    kind: Transition,
    /// Clock reading (`Time<Real>::elapsed_secs`) of the frame it began in. The
    /// first frame's delta is the whole sleep before it, so the transition counts
    /// from its own start instead of adding deltas.
    started: f32,
    duration: f32,
}

/// Opacity applied to a slide's whole tree during a crossfade.
#[derive(Component, Clone, Copy, PartialEq)]
pub struct Fade(pub f32);

/// Ordered steps of the attract loop each frame.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum AttractSystems {
    /// Rebuild slides when content or screen changed.
    Sync,
    /// Advance time and start transitions.
    Tick,
    /// Move transitions along.
    Animate,
}

fn build_slides(
    s: &Settings,
    on_air: &OnAirNow,
    screen: &Screen,
    ticker: &TickerArea,
) -> Vec<rotation::Slide> {
    // A board too small for slides runs everything in its ticker instead.
    if ticker.only {
        return Vec::new();
    }
    rotation::slides(
        &on_air.on_air.playlist,
        s.seconds_per_item,
        s.transition,
        &screen.0,
    )
}

/// New timings from an edited `kiosk.ron`: the rotation keeps its place and the
/// slide on screen stays.
fn follow_timing(
    settings: Res<LiveSettings>,
    ctx: SlideContext,
    on_air: Res<OnAirNow>,
    ticker: Res<TickerArea>,
    mut attract: ResMut<Attract>,
) {
    if settings.is_changed() && !settings.is_added() {
        let rebuilt = build_slides(&settings, &on_air, &ctx.screen, &ticker);
        attract.rotation.replace(rebuilt);
    }
}

fn sync_with_content(
    mut commands: Commands,
    mut attract: ResMut<Attract>,
    ctx: SlideContext,
    mut existing: Query<Entity, With<SlideRoot>>,
    placeholder: Query<Entity, With<Placeholder>>,
    settings: Res<LiveSettings>,
    on_air: Res<OnAirNow>,
    ticker: Res<TickerArea>,
) {
    let stamp = (
        ctx.live.generation,
        on_air.stamp,
        ctx.screen.0,
        *ctx.palette,
    );
    if attract.built_for == Some(stamp) {
        return;
    }
    let rebuilt = build_slides(&settings, &on_air, &ctx.screen, &ticker);
    attract.rotation.replace(rebuilt);
    attract.built_for = Some(stamp);
    // Draw the slide anew at once (new words, new size); the old one goes in the same frame.
    if let Some(anim) = attract.anim.take() {
        commands.entity(anim.leaving).despawn();
    }
    for e in existing.iter_mut() {
        commands.entity(e).despawn();
    }
    for e in &placeholder {
        commands.entity(e).despawn();
    }
    attract.shown = match attract.rotation.current().cloned() {
        Some(slide) => Some(slide::spawn(&mut commands, &ctx, &slide)),
        // A board too small for slides shows only its ticker.
        None if ticker.only => None,
        None => {
            let e = slide::spawn_placeholder(&mut commands, &ctx);
            commands.entity(e).insert(Placeholder);
            None
        }
    };
}

/// The "please wait" screen shown when there is nothing to play.
#[derive(Component)]
struct Placeholder;

fn tick(
    mut commands: Commands,
    time: Res<Time<Real>>,
    mut attract: ResMut<Attract>,
    ctx: SlideContext,
    settings: Res<LiveSettings>,
    mut deadline: ResMut<Deadline>,
) {
    if attract.anim.is_some() {
        return;
    }
    let Some(advance) = attract.rotation.tick(time.delta_secs()) else {
        deadline.within(attract.rotation.remaining());
        return;
    };
    let Some(coming) = attract.rotation.slides().get(advance.to).cloned() else {
        return;
    };
    let entering = slide::spawn(&mut commands, &ctx, &coming);
    let duration = settings.transition_seconds;
    match (attract.shown.replace(entering), advance.transition) {
        (Some(leaving), kind) if kind != Transition::Cut && duration > 0.0 => {
            commands.entity(entering).insert((
                ZIndex(1),
                if kind == Transition::Crossfade {
                    Fade(0.0)
                } else {
                    Fade(1.0)
                },
            ));
            attract.anim = Some(Anim {
                leaving,
                kind,
                started: time.elapsed_secs(),
                duration,
            });
            deadline.animate();
        }
        (Some(leaving), _) => {
            commands.entity(leaving).despawn();
        }
        (None, _) => {}
    }
}

fn ease(t: f32) -> f32 {
    let t = t.clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

fn animate(
    mut commands: Commands,
    time: Res<Time<Real>>,
    mut attract: ResMut<Attract>,
    mut nodes: Query<&mut Node>,
    mut fades: Query<&mut Fade>,
    screen: Res<Screen>,
    mut deadline: ResMut<Deadline>,
) {
    let shown = attract.shown;
    let Some(anim) = attract.anim.as_mut() else {
        return;
    };
    let elapsed = time.elapsed_secs() - anim.started;
    let t = ease(elapsed / anim.duration);
    let Some(entering) = shown else { return };
    match anim.kind {
        Transition::Crossfade => {
            if let Ok(mut fade) = fades.get_mut(entering) {
                fade.0 = t;
            }
        }
        Transition::Slide => {
            let w = screen.0.width;
            if let Ok(mut node) = nodes.get_mut(entering) {
                node.left = px((1.0 - t) * w);
            }
            if let Ok(mut node) = nodes.get_mut(anim.leaving) {
                node.left = px(-t * w);
            }
        }
        Transition::Cut => {}
    }
    if elapsed >= anim.duration {
        commands.entity(anim.leaving).despawn();
        commands.entity(entering).remove::<(Fade, ZIndex)>();
        attract.anim = None;
        deadline.within(attract.rotation.remaining());
    } else {
        deadline.animate();
    }
}

/// Applies a slide's fade to every colour in its tree.
fn apply_fade(
    fades: Query<(Entity, &Fade), Changed<Fade>>,
    children: Query<&Children>,
    mut backgrounds: Query<&mut BackgroundColor>,
    mut texts: Query<&mut TextColor>,
    mut images: Query<&mut ImageNode>,
    mut borders: Query<&mut BorderColor>,
) {
    for (root, fade) in &fades {
        for e in std::iter::once(root).chain(children.iter_descendants(root)) {
            if let Ok(mut c) = backgrounds.get_mut(e) {
                c.0.set_alpha(fade.0);
            }
            if let Ok(mut c) = texts.get_mut(e) {
                c.0.set_alpha(fade.0);
            }
            if let Ok(mut c) = images.get_mut(e) {
                c.color.set_alpha(fade.0);
            }
            if let Ok(mut c) = borders.get_mut(e) {
                let faded = c.top.with_alpha(fade.0);
                c.set_all(faded);
            }
        }
    }
}

/// Decodes the pictures of the slide on screen and the next one ahead of time, and
/// lets go of the rest.
fn prefetch_pictures(
    attract: Res<Attract>,
    screen: Res<Screen>,
    mut store: ResMut<ImageStore>,
    waker: Res<Waker>,
) {
    if !attract.is_changed() {
        return;
    }
    let slides = attract.rotation.slides();
    let index = attract.rotation.index();
    for offset in [0, 1] {
        let Some(slide) = slides.get((index + offset) % slides.len().max(1)) else {
            return;
        };
        for path in slide.item.pictures(slide.key.page) {
            store.want(&path, fit_for(&screen), &waker);
        }
    }
    store.sweep();
}

/// The guide covers the screen: drop the slides and draw afresh on return.
fn leave(
    mut commands: Commands,
    mut attract: ResMut<Attract>,
    roots: Query<Entity, Or<(With<SlideRoot>, With<Placeholder>)>>,
) {
    for e in &roots {
        commands.entity(e).despawn();
    }
    attract.anim = None;
    attract.shown = None;
    attract.built_for = None;
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Attract>();
    // The rotation runs only while no one is using the guide.
    app.configure_sets(
        Update,
        (
            AttractSystems::Sync,
            AttractSystems::Tick,
            AttractSystems::Animate,
        )
            .chain()
            .run_if(in_state(Page::Attract)),
    );
    app.add_systems(
        Update,
        (
            (follow_timing, sync_with_content)
                .chain()
                .in_set(AttractSystems::Sync),
            prefetch_pictures
                .after(AttractSystems::Tick)
                .run_if(in_state(Page::Attract)),
        ),
    );
    app.add_systems(OnExit(Page::Attract), leave);
    app.add_systems(
        Update,
        (
            tick.in_set(AttractSystems::Tick),
            (animate, apply_fade)
                .chain()
                .in_set(AttractSystems::Animate),
        ),
    );
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use bevy::time::TimeUpdateStrategy;

    use super::*;
    use crate::core::layout::Metrics;
    use crate::core::settings::Settings;
    use crate::player::{
        Live, Mode, Problems, images,
        messages::Messages,
        metrics::{Screen, TickerArea},
        theme, wake,
    };

    /// A headless app (no window, no renderer) running the attract loop on the small
    /// test folder, with time advanced by hand 100 ms a frame.
    fn app(transition: Transition) -> App {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap().keep();
        let copy = |from: &std::path::Path, to: &std::path::Path| {
            std::fs::create_dir_all(to).unwrap();
            for e in std::fs::read_dir(from).unwrap().flatten() {
                if e.path().is_file() {
                    std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
                }
            }
        };
        copy(&root.join("content/laws"), &dir.join("laws"));
        copy(&root.join("tests/broken/base/panels"), &dir.join("panels"));
        copy(&root.join("tests/broken/base"), &dir);
        let content = crate::core::content::load(&dir).unwrap();
        let mut settings = Settings::defaults(dir);
        settings.seconds_per_item = 3.0;
        settings.transition = transition;
        settings.transition_seconds = 0.5;
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, bevy::state::app::StatesPlugin));
        app.init_state::<Page>();
        app.init_resource::<Assets<Image>>()
            .add_message::<bevy::window::RequestRedraw>();
        app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
            100,
        )));
        Live {
            settings,
            content: Arc::new(content),
            generation: 0,
        }
        .insert_into(app.world_mut());
        app.insert_resource(Problems::default());
        app.insert_resource(Mode::Window);
        app.insert_resource(Screen(Metrics::new(1920.0, 1080.0, 55.0, 1.0)));
        app.insert_resource(theme::STANDARD);
        app.insert_resource(Messages::for_language("zh-CN"));
        app.init_resource::<TickerArea>();
        app.add_plugins((
            wake::plugin,
            images::plugin,
            crate::player::schedule::plugin,
            plugin,
        ));
        app
    }

    /// The wall clock as it reads on the kiosk in Shanghai.
    fn shanghai(at: jiff::civil::DateTime) -> jiff::Timestamp {
        jiff::tz::TimeZone::get("Asia/Shanghai")
            .unwrap()
            .to_timestamp(at)
            .unwrap()
    }

    #[test]
    fn a_campaign_takes_over_at_midnight_and_the_loop_sleeps_until_then() {
        let mut app = app(Transition::Cut);
        let dir = app.world().resource::<LiveSettings>().content_dir.clone();
        let campaign = dir.join("campaigns/night");
        std::fs::create_dir_all(campaign.join("panels")).unwrap();
        std::fs::copy(dir.join("panels/five.ron"), campaign.join("panels/own.ron")).unwrap();
        std::fs::write(
            campaign.join("campaign.ron"),
            r#"(title: "夜", from: "2026-05-20", to: "2026-05-20", mode: Takeover, items: [Panel(id: "own")])"#,
        )
        .unwrap();
        let content = crate::core::content::load(&dir).unwrap();
        app.world_mut()
            .resource_mut::<crate::player::LiveContent>()
            .content = Arc::new(content);
        // Slides long enough that only the campaign is due within the test.
        app.world_mut()
            .resource_mut::<LiveSettings>()
            .0
            .seconds_per_item = 600.0;
        let start = shanghai(jiff::civil::date(2026, 5, 19).at(23, 59, 30, 0));
        app.insert_resource(crate::player::schedule::WallClock::Following { start });
        app.init_resource::<wake::Asked>();
        app.add_systems(PostUpdate, wake::record_asked);
        let ids = |app: &App| -> Vec<String> {
            let attract = app.world().resource::<Attract>();
            attract
                .rotation
                .slides()
                .iter()
                .map(|s| s.key.item.id.clone())
                .collect()
        };
        let mut switched = None;
        for frame in 0..400 {
            app.update();
            if switched.is_none() && ids(&app) == ["night/own"] {
                switched = Some(frame);
            }
        }
        // 100 ms a frame, the first without a delta: midnight is frame 301.
        assert_eq!(switched, Some(301), "the takeover starts at midnight");
        let asked = &app.world().resource::<wake::Asked>().0;
        // Half a minute before midnight the loop is told to sleep until then, not
        // woken every second to look at the clock.
        let (wait, animating) = asked[11];
        assert!(!animating);
        let wait = wait.unwrap();
        assert!(
            (28.8..=29.1).contains(&wait),
            "asleep until the boundary: {wait}"
        );
    }

    /// Index of the slide on screen after each of `frames` frames.
    fn indices(app: &mut App, frames: usize) -> Vec<usize> {
        (0..frames)
            .map(|_| {
                app.update();
                app.world().resource::<Attract>().rotation.index()
            })
            .collect()
    }

    #[test]
    fn rotation_advances_on_schedule_and_wraps() {
        let mut app = app(Transition::Cut);
        let seen = indices(&mut app, 300);
        let changes: Vec<(usize, usize)> = seen
            .windows(2)
            .enumerate()
            .filter(|(_, w)| w[0] != w[1])
            .map(|(i, w)| (i + 1, w[1]))
            .collect();
        // "where" shows for the default 3 s, "five" for the 10 s its playlist entry
        // gives, then the rotation wraps to the start. (The first frame has no delta.)
        assert_eq!(
            changes.iter().map(|c| c.1).collect::<Vec<_>>(),
            vec![1, 0, 1, 0, 1]
        );
        let gaps: Vec<usize> = changes.windows(2).map(|w| w[1].0 - w[0].0).collect();
        assert_eq!(gaps, vec![100, 30, 100, 30]);
        assert_eq!(
            app.world_mut()
                .query::<&SlideRoot>()
                .iter(app.world())
                .count(),
            1,
            "a cut leaves one slide"
        );
    }

    #[test]
    fn crossfade_keeps_both_slides_until_it_ends() {
        let mut app = app(Transition::Crossfade);
        let mut counts = Vec::new();
        for _ in 0..45 {
            app.update();
            counts.push(
                app.world_mut()
                    .query::<&SlideRoot>()
                    .iter(app.world())
                    .count(),
            );
        }
        let first_two = counts
            .iter()
            .position(|&c| c == 2)
            .expect("a crossfade shows both slides");
        let back_to_one = counts[first_two..].iter().position(|&c| c == 1).unwrap();
        assert!(
            (4..=6).contains(&back_to_one),
            "0.5 s at 100 ms a frame: {back_to_one}"
        );
        let fades: Vec<f32> = app
            .world_mut()
            .query::<&Fade>()
            .iter(app.world())
            .map(|f| f.0)
            .collect();
        assert!(fades.is_empty(), "no fade is left behind");
    }
}
