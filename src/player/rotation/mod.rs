//! The attract loop: rotates the playlist's slides with crossfades and slides,
//! and keeps its place when new content arrives.

use bevy::platform::collections::HashMap;
use bevy::prelude::*;

pub mod slide;

use super::LiveSettings;
use super::images::{ImageStore, fit_for};
use super::metrics::{NoticeArea, Screen, TickerArea};
use super::schedule::OnAirNow;
use super::state::{AppSystems, Mode};
use super::state::{NoticeUp, Page};
use super::wake::{Deadline, Waker};
use super::widgets::placed;
use crate::core::notice::{self, Form};
use crate::core::pacing::Transition;
use crate::core::pages::Rect;
use crate::core::rotation::{self, Rotation};
use crate::core::settings::Settings;
use slide::{NoticeSlide, SlideContext, SlideRoot};

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

/// The page colour under a slide fading in, over the slide leaving; only for the
/// length of a crossfade, as a standing slide is drawn on the camera's clear.
#[derive(Component)]
pub struct Veil;

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
    mut existing: Query<Entity, Or<(With<SlideRoot>, With<NoticeSlide>)>>,
    placeholder: Query<Entity, With<Placeholder>>,
    settings: Res<LiveSettings>,
    on_air: Res<OnAirNow>,
    ticker: Res<TickerArea>,
    up: Res<NoticeUp>,
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
        Some(slide) => Some(spawn_current(&mut commands, &ctx, &attract, &up, &slide)),
        // A board too small for slides shows only its ticker.
        None if ticker.only => None,
        None => {
            let e = slide::spawn_placeholder(&mut commands, &ctx);
            commands.entity(e).insert(Placeholder);
            None
        }
    };
}

/// The slide on screen: the notice while the rotation is in its interlude,
/// else `slide`.
fn spawn_current(
    commands: &mut Commands,
    ctx: &SlideContext,
    attract: &Attract,
    up: &NoticeUp,
    slide: &rotation::Slide,
) -> Entity {
    match &up.0 {
        Some(n) if attract.rotation.in_interlude() => slide::spawn_notice(commands, ctx, &n.shown),
        _ => slide::spawn(commands, ctx, slide),
    }
}

/// The urgent notice on a touchscreen: a slide of its own between two items
/// while it is up. When it ends during its slide, the slide after it comes at
/// once; new words are drawn at once.
fn follow_notice(
    mut commands: Commands,
    mut attract: ResMut<Attract>,
    ctx: SlideContext,
    up: Res<NoticeUp>,
    area: Res<NoticeArea>,
    notice_slides: Query<Entity, With<NoticeSlide>>,
) {
    if !(up.is_changed() || area.is_changed()) {
        return;
    }
    let seconds = match (&up.0, area.form) {
        (Some(_), Some(Form::Banner)) => Some(notice::SLIDE_SECONDS),
        _ => None,
    };
    let taken_away = attract.rotation.set_interlude(seconds);
    let on_screen = !notice_slides.is_empty();
    if !(taken_away || (on_screen && up.0.is_some())) {
        return;
    }
    if let Some(anim) = attract.anim.take() {
        commands.entity(anim.leaving).despawn();
    }
    if let Some(e) = attract.shown.take() {
        commands.entity(e).despawn();
    }
    for e in &notice_slides {
        commands.entity(e).despawn();
    }
    if let Some(slide) = attract.rotation.current().cloned() {
        let e = spawn_current(&mut commands, &ctx, &attract, &up, &slide);
        attract.shown = Some(e);
    }
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
    up: Res<NoticeUp>,
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
    let entering = match &up.0 {
        Some(n) if advance.interlude => slide::spawn_notice(&mut commands, &ctx, &n.shown),
        _ => slide::spawn(&mut commands, &ctx, &coming),
    };
    let duration = settings.transition_seconds;
    match (attract.shown.replace(entering), advance.transition) {
        (Some(leaving), kind) if kind != Transition::Cut && duration > 0.0 => {
            // A slide starts fully out for a crossfade; a sliding one keeps its
            // drawer's colours (a fade of 1 multiplies by one).
            let start = if kind == Transition::Crossfade {
                0.0
            } else {
                1.0
            };
            commands.entity(entering).insert((ZIndex(1), Fade(start)));
            if kind == Transition::Crossfade {
                // A slide has no page node of its own (the camera clears to the
                // page colour); while it fades in, one under it veils the leaving
                // slide, which so fades out as one picture would.
                let m = ctx.screen.0;
                commands.spawn((
                    Name::new("veil"),
                    Veil,
                    placed(Rect {
                        x: 0.0,
                        y: 0.0,
                        w: m.width,
                        h: m.height,
                    }),
                    BackgroundColor(ctx.palette.page),
                    ZIndex(-1),
                    ChildOf(entering),
                ));
            }
            attract.anim = Some(Anim {
                leaving,
                kind,
                started: time.elapsed_secs(),
                duration,
            });
            deadline.animate();
            return;
        }
        (Some(leaving), _) => {
            commands.entity(leaving).despawn();
        }
        (None, _) => {}
    }
    // A cut (or a zero-length transition) is over at once: the next change is due
    // after the new slide's own time, or the loop would sleep until something else
    // woke it and the rotation would stand still.
    deadline.within(attract.rotation.remaining());
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
    veils: Query<Entity, With<Veil>>,
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
        for veil in &veils {
            commands.entity(veil).despawn();
        }
        attract.anim = None;
        deadline.within(attract.rotation.remaining());
    } else {
        deadline.animate();
    }
}

/// The colours a slide's drawer gave one entity, kept while a fade scales them.
#[derive(Clone, Copy)]
struct Drawn {
    background: Option<Color>,
    text: Option<Color>,
    image: Option<Color>,
    border: Option<BorderColor>,
}

type Colours<'a> = (
    Option<&'a mut BackgroundColor>,
    Option<&'a mut TextColor>,
    Option<&'a mut ImageNode>,
    Option<&'a mut BorderColor>,
);

/// The same, as the query hands them out.
type ColoursMut<'a> = (
    Option<Mut<'a, BackgroundColor>>,
    Option<Mut<'a, TextColor>>,
    Option<Mut<'a, ImageNode>>,
    Option<Mut<'a, BorderColor>>,
);

fn scaled(colour: Color, fade: f32) -> Color {
    colour.with_alpha(colour.alpha() * fade)
}

/// Applies a slide's fade to every colour in its tree by multiplying each colour's
/// own alpha: a transparent background stays transparent, a colour at 0.9 is at
/// 0.9 × the fade. The drawer's colours are kept from the first frame that sees
/// each entity (a part spawned mid-fade is kept when it appears), and when the fade
/// ends (its component removed, or the slide gone) they are put back exactly.
fn apply_fade(
    fades: Query<(Entity, Ref<Fade>)>,
    children: Query<&Children>,
    mut colours: Query<Colours>,
    mut drawn: Local<HashMap<Entity, HashMap<Entity, Drawn>>>,
) {
    for (root, fade) in &fades {
        let kept = drawn.entry(root).or_default();
        let fresh = fade.is_changed();
        for e in std::iter::once(root).chain(children.iter_descendants(root)) {
            let Ok((background, text, image, border)) = colours.get_mut(e) else {
                continue;
            };
            let new = !kept.contains_key(&e);
            if !fresh && !new {
                continue;
            }
            let d = *kept.entry(e).or_insert_with(|| Drawn {
                background: background.as_ref().map(|c| c.0),
                text: text.as_ref().map(|c| c.0),
                image: image.as_ref().map(|c| c.color),
                border: border.as_deref().copied(),
            });
            put(fade.0, d, (background, text, image, border));
        }
    }
    drawn.retain(|root, kept| {
        if fades.contains(*root) {
            return true;
        }
        for (&e, &d) in kept.iter() {
            if let Ok(parts) = colours.get_mut(e) {
                put(1.0, d, parts);
            }
        }
        false
    });
}

/// Sets an entity's colours to its drawer's, scaled by `fade`; at 1 they are the
/// drawer's exactly.
fn put(fade: f32, d: Drawn, (background, text, image, border): ColoursMut) {
    let pick = |c: Color| scaled(c, fade);
    if let (Some(mut now), Some(c)) = (background, d.background) {
        now.set_if_neq(BackgroundColor(pick(c)));
    }
    if let (Some(mut now), Some(c)) = (text, d.text) {
        now.set_if_neq(TextColor(pick(c)));
    }
    if let (Some(mut now), Some(c)) = (image, d.image)
        && now.color != pick(c)
    {
        now.color = pick(c);
    }
    if let (Some(mut now), Some(c)) = (border, d.border) {
        let want = BorderColor {
            top: pick(c.top),
            right: pick(c.right),
            bottom: pick(c.bottom),
            left: pick(c.left),
        };
        now.set_if_neq(want);
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
    roots: Query<Entity, Or<(With<SlideRoot>, With<Placeholder>, With<NoticeSlide>)>>,
) {
    for e in &roots {
        commands.entity(e).despawn();
    }
    attract.anim = None;
    attract.shown = None;
    attract.built_for = None;
}

/// Whether the rotation's slides are drawn: not on a poster, whose sheet is the
/// whole picture.
fn draws_slides(mode: Option<Res<Mode>>) -> bool {
    !matches!(mode.as_deref(), Some(Mode::Poster { .. }))
}

/// Whether the rotation plays on time: only on a screen. Offscreen rendering steps
/// through the slides itself.
fn plays(mode: Option<Res<Mode>>) -> bool {
    mode.is_none_or(|m| *m == Mode::Window)
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Attract>();
    app.configure_sets(
        Update,
        (
            AttractSystems::Sync.run_if(draws_slides),
            (AttractSystems::Tick, AttractSystems::Animate).run_if(plays),
        ),
    );
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
            (follow_timing, sync_with_content, follow_notice)
                .chain()
                .in_set(AttractSystems::Sync),
            prefetch_pictures
                .after(AttractSystems::Tick)
                .in_set(AppSystems::Rotate)
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

    use super::*;

    use crate::core::settings::Settings;
    use crate::player::{images, wake};

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
        let mut app = crate::player::bare_app(settings, content, 0, 100);
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
        // 100 ms a frame, the first without a delta: midnight is frame 300. The
        // schedule runs before the rotation in the frame's order, so the rotation
        // follows it in the same frame (built by hand without that order, the
        // test saw the switch one frame late).
        assert_eq!(switched, Some(300), "the takeover starts at midnight");
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

    /// Every colour in the tree of the slide on screen (or coming in), in tree
    /// order: the background, text, picture and border colours of each entity.
    fn colours(app: &mut App) -> Vec<[Option<Color>; 4]> {
        let root = app.world().resource::<Attract>().shown.expect("a slide");
        let world = app.world_mut();
        let mut children = world.query::<&Children>();
        let mut veils = world.query_filtered::<(), With<Veil>>();
        let tree: Vec<Entity> = std::iter::once(root)
            .chain(children.query(world).iter_descendants(root))
            .filter(|e| !veils.query(world).contains(*e))
            .collect();
        tree.into_iter()
            .map(|e| {
                let r = world.entity(e);
                [
                    r.get::<BackgroundColor>().map(|c| c.0),
                    r.get::<TextColor>().map(|c| c.0),
                    r.get::<ImageNode>().map(|c| c.color),
                    r.get::<BorderColor>().map(|c| c.top),
                ]
            })
            .collect()
    }

    /// Runs until the second slide has stood for a second after its transition.
    fn second_slide_standing(app: &mut App) {
        // 3 s for the first slide, 0.5 s of transition, then a second more.
        for _ in 0..46 {
            app.update();
        }
        assert_eq!(app.world().resource::<Attract>().rotation.index(), 1);
        assert!(app.world().resource::<Attract>().anim.is_none());
    }

    #[test]
    fn after_a_crossfade_or_a_slide_every_colour_is_what_the_drawer_set() {
        let mut cut = app(Transition::Cut);
        second_slide_standing(&mut cut);
        let drawn = colours(&mut cut);
        assert!(
            drawn.iter().any(|c| c[0].is_some_and(|b| b.alpha() == 0.0)),
            "the slide has transparent backgrounds, the case a fade must keep"
        );
        for kind in [Transition::Crossfade, Transition::Slide] {
            let mut faded = app(kind);
            second_slide_standing(&mut faded);
            assert_eq!(
                colours(&mut faded),
                drawn,
                "{kind:?}: the colours after the transition differ from the slide drawn with a cut"
            );
        }
    }

    #[test]
    fn a_crossfade_multiplies_each_colours_own_alpha() {
        let mut cut = app(Transition::Cut);
        second_slide_standing(&mut cut);
        let drawn = colours(&mut cut);
        let mut fading = app(Transition::Crossfade);
        // Into the transition: the first slide lasts 3 s (30 frames after the
        // first, which has no delta); two frames in, the fade is partway.
        for _ in 0..33 {
            fading.update();
        }
        let world = fading.world_mut();
        let fade = world
            .query::<&Fade>()
            .iter(world)
            .next()
            .expect("a crossfade under way")
            .0;
        assert!(fade > 0.0 && fade < 1.0, "partway: {fade}");
        // The entering slide's colours are the drawn ones scaled by the fade, a
        // transparent one staying transparent.
        let entering = colours(&mut fading);
        assert_eq!(entering.len(), drawn.len());
        for (was, is) in drawn.iter().zip(&entering) {
            for (a, b) in was.iter().zip(is) {
                if let (Some(a), Some(b)) = (a, b) {
                    assert!(
                        (b.alpha() - a.alpha() * fade).abs() < 1e-4,
                        "alpha {} drawn, {} at fade {fade}",
                        a.alpha(),
                        b.alpha()
                    );
                }
            }
        }
    }

    /// Nodes that fill the whole screen with a colour: with software rendering
    /// each costs as much as all of a slide's text and bands together.
    fn full_screen_fills(app: &mut App) -> usize {
        let m = app.world().resource::<Screen>().0;
        let world = app.world_mut();
        world
            .query::<(&Node, &BackgroundColor)>()
            .iter(world)
            .filter(|(n, c)| {
                c.0.alpha() > 0.0 && n.width == px(m.width) && n.height == px(m.height)
            })
            .count()
    }

    #[test]
    fn a_slide_stands_on_the_clear_and_only_a_crossfade_adds_one_full_screen_fill() {
        for kind in [Transition::Crossfade, Transition::Slide, Transition::Cut] {
            let mut app = app(kind);
            let mut fading = 0;
            for frame in 0..50 {
                app.update();
                let fills = full_screen_fills(&mut app);
                let world = app.world_mut();
                let fade = world.query::<&Fade>().iter(world).count();
                // A fill at alpha 0 (a crossfade's first frame) is not drawn.
                let showing = world.query::<&Fade>().iter(world).any(|f| f.0 > 0.0);
                let want = usize::from(kind == Transition::Crossfade && showing);
                assert_eq!(
                    fills, want,
                    "{kind:?}, frame {frame}: {fills} full-screen fills, {fade} slides fading"
                );
                fading += fade;
            }
            assert_eq!(
                fading > 0,
                kind != Transition::Cut,
                "{kind:?}: a transition ran"
            );
        }
    }

    #[test]
    fn every_transition_kind_sets_the_next_change() {
        for (kind, seconds) in [
            (Transition::Cut, 0.5),
            (Transition::Crossfade, 0.5),
            (Transition::Slide, 0.5),
            (Transition::Crossfade, 0.0),
        ] {
            let mut app = app(kind);
            app.world_mut()
                .resource_mut::<LiveSettings>()
                .0
                .transition_seconds = seconds;
            app.init_resource::<wake::Asked>();
            app.add_systems(PostUpdate, wake::record_asked);
            let seen = indices(&mut app, 300);
            let asked = &app.world().resource::<wake::Asked>().0;
            for (frame, &(wait, animating)) in asked.iter().enumerate().skip(1) {
                // A slide stands for at most 10 s ("five"); a frame that is not
                // animating must ask to be woken within that, or the loop sleeps
                // past the change.
                assert!(
                    animating || wait.is_some_and(|w| w <= 10.0 + 1e-3),
                    "{kind:?} ({seconds} s): frame {frame} (slide {}) asked for {wait:?}",
                    seen[frame]
                );
            }
        }
    }
}
