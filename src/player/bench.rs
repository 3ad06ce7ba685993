//! Figures for `scripts/bench`, printed to stderr when `PUFA_KIOSK_BENCH` is set:
//! the time from process start to the first complete frame, and frame times while
//! a transition runs; with `PUFA_KIOSK_BENCH_PASSES` also set, the time and
//! fragment count of each render pass (Bevy's render diagnostics: GPU timestamps
//! and pipeline statistics, which Mesa's software Vulkan supports; many lines a
//! frame). Nothing is measured otherwise.

use std::time::Instant;

use bevy::prelude::*;

use super::images::PendingImage;
use super::rotation::Fade;
use super::rotation::slide::SlideRoot;

/// When the process started, set by `main` before anything else.
pub static PROCESS_START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

#[derive(Resource, Default)]
struct Progress {
    /// Frames drawn since the first slide became complete.
    complete_frames: u32,
    reported: bool,
}

fn first_complete_frame(
    mut progress: ResMut<Progress>,
    slides: Query<(), With<SlideRoot>>,
    pending: Query<(), With<PendingImage>>,
) {
    if progress.reported || slides.is_empty() || !pending.is_empty() {
        return;
    }
    // The frame built in this update is rendered at its end.
    progress.complete_frames += 1;
    if progress.complete_frames == 1 {
        progress.reported = true;
        let start = PROCESS_START.get().copied().unwrap_or_else(Instant::now);
        eprintln!(
            "bench first_frame_ms={:.1}",
            start.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// Prints when content generation `n` is first drawn, as Unix time in
/// microseconds, so a script that wrote a file can measure the reload latency.
/// The frame that swapped the content in renders it at its end.
fn reload_shown(live: Res<super::LiveContent>, mut seen: Local<Option<u64>>) {
    let generation = live.generation;
    if *seen == Some(generation) {
        return;
    }
    if seen.is_some() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        eprintln!(
            "bench applied_generation={generation} shown_at_us={}",
            now.as_micros()
        );
    }
    *seen = Some(generation);
}

fn transition_frames(
    time: Res<Time<Real>>,
    fades: Query<(), With<Fade>>,
    roots: Query<(), With<SlideRoot>>,
) {
    if !fades.is_empty() || roots.iter().count() > 1 {
        eprintln!(
            "bench transition_frame_ms={:.2}",
            time.delta_secs_f64() * 1000.0
        );
    }
}

/// Prints each render pass's figures as they come back from the GPU (a frame or
/// two late): `bench pass render/<pass>/<figure>=<value>`, where the figures are
/// `elapsed_gpu` (ms) and `fragment_shader_invocations`, among others.
fn pass_figures(
    store: Res<bevy::diagnostic::DiagnosticsStore>,
    mut printed: Local<Option<std::time::Instant>>,
) {
    let mut newest = *printed;
    for diagnostic in store.iter() {
        if !diagnostic.path().as_str().starts_with("render/") {
            continue;
        }
        for m in diagnostic.measurements() {
            if printed.is_none_or(|p| m.time > p) {
                eprintln!("bench pass {}={:.3}", diagnostic.path(), m.value);
                newest = Some(newest.map_or(m.time, |n| n.max(m.time)));
            }
        }
    }
    *printed = newest;
}

/// `scripts/bench-voice`'s visitor: with `PUFA_KIOSK_BENCH_READ=N` the guide goes to
/// roadmap step `N` once the content is there (as a citizen's taps would) and,
/// `PUFA_KIOSK_BENCH_READ_WAIT` seconds later (3 unless set), 朗读 is tapped; the
/// figures are taken from outside (frames, CPU, the sink).
#[derive(Resource)]
struct ReadStep {
    step: usize,
    wait: f32,
    visited: Option<Instant>,
    tapped: bool,
}

fn read_step(
    mut commands: Commands,
    mut read: ResMut<ReadStep>,
    live: Res<super::LiveContent>,
    voice: Res<super::state::VoiceNow>,
    buttons: Query<Entity, With<super::guide::ReadAloudButton>>,
    mut visits: MessageWriter<super::state::Visit>,
    mut deadline: ResMut<super::wake::Deadline>,
) {
    if read.tapped || live.generation == 0 || !voice.available {
        return;
    }
    match read.visited {
        None => {
            visits.write(super::state::Visit::RoadmapStep(read.step));
            read.visited = Some(Instant::now());
            deadline.within(read.wait);
        }
        Some(at) if at.elapsed().as_secs_f32() >= read.wait => {
            if let Some(button) = buttons.iter().next() {
                eprintln!("bench read_aloud_tapped");
                commands.trigger(super::touch::Tapped { entity: button });
                read.tapped = true;
            }
        }
        Some(at) => deadline.within(read.wait - at.elapsed().as_secs_f32()),
    }
}

pub(super) fn plugin(app: &mut App) {
    if std::env::var_os("PUFA_KIOSK_BENCH").is_none() {
        return;
    }
    if let Some(step) = std::env::var("PUFA_KIOSK_BENCH_READ")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        let wait = std::env::var("PUFA_KIOSK_BENCH_READ_WAIT")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(3.0);
        app.insert_resource(ReadStep {
            step,
            wait,
            visited: None,
            tapped: false,
        });
        // As a citizen's taps are recorded: the page answers in the same frame
        // (a tap answered a frame later waits for the next wake-up).
        app.add_systems(Update, read_step.in_set(super::AppSystems::RecordInput));
    }
    app.init_resource::<Progress>();
    app.add_systems(
        Last,
        (first_complete_frame, transition_frames, reload_shown),
    );
    if std::env::var_os("PUFA_KIOSK_BENCH_TIMELINE").is_some() {
        timeline(app);
    }
    if std::env::var_os("PUFA_KIOSK_BENCH_PASSES").is_some() {
        app.add_plugins(bevy::render::diagnostic::RenderDiagnosticsPlugin);
        app.add_systems(Last, pass_figures);
    }
}

/// Prints `bench t <stage> <Unix µs>` at the stages of every frame: the update's
/// start and end, the render world's extraction, its draw (after preparing and
/// queueing) and its end (after present), so a script that wrote a file can split
/// the time to the screen.
fn timeline(app: &mut App) {
    fn stamp(stage: &'static str) -> impl Fn() {
        move || {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default();
            eprintln!("bench t {stage} {}", now.as_micros());
        }
    }
    use bevy::render::{Render, RenderApp, RenderSystems};
    app.add_systems(First, stamp("update"));
    app.add_systems(Last, stamp("updated").after(reload_shown));
    if let Some(render) = app.get_sub_app_mut(RenderApp) {
        render.add_systems(bevy::render::ExtractSchedule, stamp("extract"));
        render.add_systems(
            Render,
            stamp("draw")
                .in_set(RenderSystems::Render)
                .before(bevy::render::renderer::render_system),
        );
        render.add_systems(Render, stamp("presented").in_set(RenderSystems::Cleanup));
    }
}
