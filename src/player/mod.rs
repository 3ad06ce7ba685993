//! The Bevy shell: shows what the core decided. Each file is one plugin.
//!
//! ```text
//! rotation/      the attract loop: timing, transitions, prefetch; slide/ draws
//!                one slide, a file per kind of content
//! guide/         the touch guide: a file per page, and the return on idle
//! widgets/       what pages and slides are built from (buttons with their own
//!                action, text, page frame, scrolling, comic bubbles)
//! touch          taps, filtered, sent to the button under the finger
//! staff/         staff at the screen: access (key chord, hidden gesture, PIN pad)
//!                and the overlay (problem mark, state, reload, proof, quit)
//! state          what the plugins share (settings, content, problems, mode, page,
//!                the frame's order, what pages announce); imports no sibling
//! lockdown       close requests, Esc and right-click leave nobody outside the
//!                kiosk; the resting pointer hides
//! reload         following the folder
//! notice         the urgent notice (notice.ron): up or not by the clock, the banner
//!                on a touchscreen, the whole screen on a board
//! screenshot     a picture of the screen when the console asks for one
//! stats          proof of play, use figures, health files, systemd's watchdog
//! offscreen      PNG export, the layout audit and the words on each picture
//!                (`render`, `proof`)
//! metrics, theme, messages, fonts, glyphs, images, qr
//!                the screen's metrics, colours, words, type, pictures
//! logs           journald under systemd, else daily files in the data folder
//! wake, window, camera
//!                the loop that sleeps until due, the window, the UI camera
//! ```

#[cfg(feature = "dev")]
pub mod bench;
mod camera;
mod code_pages;
mod direct_ui;
mod fonts;
mod glyphs;
mod guide;
#[cfg(any(test, feature = "dev"))]
mod headless;
mod images;
mod lockdown;
mod logs;
pub mod messages;
mod metrics;
mod notice;
mod offscreen;
mod poster;
mod qr;
mod reload;
mod rotation;
mod schedule;
mod screenshot;
#[cfg(any(test, feature = "dev"))]
pub mod simulate;
mod staff;
mod state;
pub mod stats;
mod theme;
mod ticker;
mod touch;
mod voice;
mod wake;
mod widgets;
mod window;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use bevy::prelude::*;
use bevy::render::RenderPlugin;
use bevy::render::pipelined_rendering::PipelinedRenderingPlugin;
use bevy::render::settings::{MemoryHints, RenderCreation, WgpuSettings};
use bevy::window::{
    ExitCondition, MonitorSelection, WindowMode as BevyWindowMode, WindowResolution,
};
use bevy::winit::WinitPlugin;

use crate::core::content::{self, Content};
use crate::core::diagnostics::Diagnostic;
use crate::core::settings::{Settings, WindowMode};

#[cfg(any(test, feature = "dev"))]
pub use headless::headless_player;
pub use offscreen::{
    Rendered, ShotKind, Transcribed, proof_offscreen, render_offscreen, render_pages_offscreen,
    render_slides_offscreen,
};
pub use poster::render_poster;
pub use state::{
    AppSystems, Live, LiveContent, LiveSettings, Mode, Page, Problems, StaffAtScreen, Used,
};

/// The root plugin: everything the kiosk shows, in a window or offscreen.
fn app_plugin(app: &mut App) {
    app.init_state::<Page>();
    order_systems(app);
    app.add_plugins((
        messages::plugin,
        fonts::plugin,
        glyphs::plugin,
        theme::plugin,
        metrics::plugin,
        wake::plugin,
        images::plugin,
        schedule::plugin,
        rotation::plugin,
        ticker::plugin,
    ));
    app.add_plugins((
        staff::plugin,
        touch::plugin,
        widgets::plugin,
        guide::plugin,
        camera::region_plugin,
        notice::plugin,
    ));
}

/// Puts each plugin's system sets in the frame's one order ([`AppSystems`]).
fn order_systems(app: &mut App) {
    let [a, b, c, d, e, f] = AppSystems::IN_ORDER;
    app.configure_sets(Update, (a, b, c, d, e, f).chain());
    app.configure_sets(
        Update,
        (
            touch::TouchSystems.in_set(AppSystems::RecordInput),
            guide::PageSystems::Respond.in_set(AppSystems::Respond),
            staff::StaffAccessSystems.in_set(AppSystems::Respond),
            (
                rotation::AttractSystems::Sync,
                rotation::AttractSystems::Tick,
                rotation::AttractSystems::Animate,
            )
                .in_set(AppSystems::Rotate),
            guide::PageSystems::Draw.in_set(AppSystems::Draw),
        ),
    );
}

/// What only a window has: following the folder, the window itself and its
/// camera, and the benchmark's probes.
fn window_plugin(app: &mut App) {
    app.add_plugins((
        reload::plugin,
        window::plugin,
        lockdown::plugin,
        camera::plugin,
        direct_ui::plugin,
        screenshot::plugin,
        voice::plugin,
    ));
    // scripts/bench-stats compares the player with and without the statistics.
    #[cfg(feature = "dev")]
    let stats = std::env::var_os("PUFA_KIOSK_NO_STATS").is_none();
    #[cfg(not(feature = "dev"))]
    let stats = true;
    if stats {
        app.add_plugins(stats::plugin);
    }
    #[cfg(feature = "dev")]
    app.add_plugins(bench::plugin);
}

/// The settings to start with. The content is loaded by the watcher, off the main
/// thread, so the window opens at once even when a campaign brings hundreds of
/// photos to check; until it arrives the screen says the content is on its way.
/// Problems in `kiosk.ron` are reported, and the player starts on the defaults.
fn initial_state(config: &Path) -> (Live, Problems) {
    let (settings, problems) = match Settings::load(config) {
        Ok(settings) => (settings, Vec::new()),
        Err(diagnostics) => {
            let dir = config.parent().unwrap_or(Path::new(".")).join("content");
            let mut settings = Settings::defaults(dir);
            settings.path = config.to_path_buf();
            (settings, diagnostics)
        }
    };
    let root = settings.content_dir.clone();
    let content = Arc::new(Content::empty(root.clone()));
    (
        Live {
            settings,
            content,
            generation: 0,
        },
        Problems::from(problems, &root),
    )
}

/// One frame in flight: a kiosk that redraws only on change gains nothing from
/// queueing frames, and each queued swapchain image costs memory (8 MB at 1080p).
const FRAME_LATENCY: Option<std::num::NonZeroU32> = std::num::NonZeroU32::new(1);

/// Small blocks of GPU memory. wgpu's default hands out 128–256 MiB blocks and
/// keeps one per memory type even when empty, so every picture that ever passed
/// through leaves its pages resident in it (with software rendering, "GPU" memory
/// is the process's own): the player grew by 50 MiB over the first comic. With
/// blocks of at most 16 MiB, a full-screen picture gets memory of its own, and it
/// goes back to the system with the picture.
const GPU_MEMORY_BLOCKS: MemoryHints = MemoryHints::Manual {
    suballocated_device_memory_block_size: 4 * 1024 * 1024..16 * 1024 * 1024,
};

/// What an app runs in around the kiosk's own plugins.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Shell {
    /// Bevy's engine whole: a window for [`Mode::Window`], the GPU (or only the
    /// layout) offscreen for `render`, `proof` and the poster.
    Engine,
    /// Everything `run` has except the window, its camera, the GPU and the
    /// statistics, the clock moved on `frame` each update: tests of a running
    /// kiosk, which follows its folder and `kiosk.ron` as the real one does.
    #[cfg(any(test, feature = "dev"))]
    Headless { frame: Duration },
    /// Only what the plugins share and the frame's order, on a 55" 1920×1080
    /// screen, the clock moved on `frame` each update: a test, or the simulated
    /// week, adds the plugins it is about.
    #[cfg(any(test, feature = "dev"))]
    Bare { frame: Duration },
}

/// Builds every app the program and its tests run, for `mode` in `shell`,
/// without running it.
pub fn build_app(live: Live, problems: Problems, mode: Mode, shell: Shell) -> App {
    let mut app = App::new();
    match shell {
        Shell::Engine => add_engine(&mut app, &live, &mode),
        #[cfg(any(test, feature = "dev"))]
        Shell::Headless { frame } => {
            app.add_plugins(headless_engine());
            app.insert_resource(bevy::time::TimeUpdateStrategy::ManualDuration(frame));
        }
        #[cfg(any(test, feature = "dev"))]
        Shell::Bare { frame } => add_bare(&mut app, frame),
    }
    live.insert_into(app.world_mut());
    app.insert_resource(problems).insert_resource(mode.clone());
    match shell {
        Shell::Engine => {
            app.add_plugins(app_plugin);
            match mode {
                Mode::Window => app.add_plugins(window_plugin),
                Mode::Render { .. } => app.add_plugins(offscreen::plugin),
                Mode::Poster { .. } => app.add_plugins(poster::plugin),
            };
        }
        #[cfg(any(test, feature = "dev"))]
        Shell::Headless { .. } => {
            app.add_plugins((app_plugin, reload::plugin, voice::plugin));
            while app.plugins_state() == bevy::app::PluginsState::Adding {
                bevy::tasks::tick_global_task_pools_on_main_thread();
            }
            app.finish();
            app.cleanup();
        }
        #[cfg(any(test, feature = "dev"))]
        Shell::Bare { .. } => {
            app.init_state::<Page>();
            order_systems(&mut app);
        }
    }
    app
}

/// A [`Shell::Bare`] app on `settings` and `content`, the clock moved on
/// `frame_ms` each update, no problems on disk: a unit test adds the plugins it
/// is about.
#[cfg(test)]
pub(crate) fn bare_app(
    settings: crate::core::settings::Settings,
    content: Content,
    generation: u64,
    frame_ms: u64,
) -> App {
    build_app(
        Live {
            settings,
            content: Arc::new(content),
            generation,
        },
        Problems::default(),
        Mode::Window,
        Shell::Bare {
            frame: Duration::from_millis(frame_ms),
        },
    )
}

/// Bevy's plugins without pipelined rendering, with `window` as the primary one.
fn engine_plugins(window: Option<Window>, headless: bool) -> bevy::app::PluginGroupBuilder {
    // Each frame is extracted and rendered in the update that built it. Pipelined
    // rendering would extract it only when the next update starts, and a loop that
    // sleeps between changes would leave the new slide undrawn until some later
    // wake-up: one frame of latency in a game, seconds on a kiosk.
    let plugins = DefaultPlugins
        .build()
        .disable::<PipelinedRenderingPlugin>()
        .set(WindowPlugin {
            primary_window: window,
            // Close requests are answered in lockdown.rs: ignored in a locked-down
            // kiosk, honoured in a preview window.
            close_when_requested: false,
            exit_condition: if headless {
                ExitCondition::DontExit
            } else {
                ExitCondition::OnAllClosed
            },
            ..default()
        });
    if headless {
        plugins.disable::<WinitPlugin>()
    } else {
        plugins
    }
}

/// Bevy's engine of [`Shell::Headless`]: no window, no GPU, no global logger (it
/// can be set only once in a process of many tests).
#[cfg(any(test, feature = "dev"))]
fn headless_engine() -> bevy::app::PluginGroupBuilder {
    engine_plugins(None, true)
        .disable::<bevy::log::LogPlugin>()
        .set(layout_only())
}

/// Bevy lays the pages out without a GPU.
fn layout_only() -> RenderPlugin {
    RenderPlugin {
        render_creation: WgpuSettings {
            backends: None,
            ..default()
        }
        .into(),
        ..default()
    }
}

/// Bevy's engine for `mode`: the window, or offscreen rendering.
fn add_engine(app: &mut App, live: &Live, mode: &Mode) {
    let window = match (mode, live.settings.window) {
        (Mode::Render { .. } | Mode::Poster { .. }, _) => None,
        (Mode::Window, WindowMode::Fullscreen { monitor }) => Some(Window {
            title: "pufa-kiosk".into(),
            mode: BevyWindowMode::BorderlessFullscreen(MonitorSelection::Index(monitor)),
            // The size winit gives a fullscreen window on a bare X server (no window
            // manager acts on the request): Bevy must know it, or on a 1280×720
            // monitor (Bevy's default size) it thinks the window already covers the
            // monitor, and the top-left 800×600 of the picture is all that shows.
            // window.rs then asks for the monitor's size.
            resolution: WindowResolution::new(800, 600),
            desired_maximum_frame_latency: FRAME_LATENCY,
            ..default()
        }),
        (Mode::Window, WindowMode::Windowed { width, height }) => Some(Window {
            title: "pufa-kiosk".into(),
            resolution: WindowResolution::new(width, height),
            desired_maximum_frame_latency: FRAME_LATENCY,
            ..default()
        }),
    };
    let headless = window.is_none();
    let plugins = engine_plugins(window, headless);
    let plugins = if let Mode::Render { out: None, .. } = mode {
        // Only the layout is wanted, and the findings are returned rather than
        // logged, so a test may run many of these apps in one process (the global
        // logger can be set only once).
        plugins.set(layout_only()).disable::<bevy::log::LogPlugin>()
    } else {
        plugins.set(RenderPlugin {
            render_creation: RenderCreation::Automatic(Box::new(WgpuSettings {
                memory_hints: GPU_MEMORY_BLOCKS,
                ..default()
            })),
            ..default()
        })
    };
    let plugins = if *mode == Mode::Window {
        plugins.set(logs::plugin())
    } else {
        plugins
    };
    app.add_plugins(plugins);
    if headless {
        app.add_plugins(bevy::app::ScheduleRunnerPlugin::run_loop(
            Duration::from_millis(1),
        ));
    }
}

/// The skeleton of [`Shell::Bare`]: Bevy's minimal loop, assets, the messages
/// pages read, and the screen, theme and words the plugins would set up.
#[cfg(any(test, feature = "dev"))]
fn add_bare(app: &mut App, frame: Duration) {
    use bevy::picking::pointer::PointerInput;
    app.add_plugins((MinimalPlugins, bevy::state::app::StatesPlugin));
    app.insert_resource(bevy::time::TimeUpdateStrategy::ManualDuration(frame));
    // Virtual time would otherwise cap each step at 250 ms.
    app.world_mut()
        .resource_mut::<Time<Virtual>>()
        .set_max_delta(Duration::from_secs(3600));
    // Assets with their handle tracking, so a picture goes when its slide does.
    app.add_plugins(bevy::asset::AssetPlugin::default());
    app.init_asset::<Image>();
    app.add_message::<bevy::window::RequestRedraw>()
        .add_message::<PointerInput>()
        .add_message::<Pointer<Drag>>()
        .add_message::<Pointer<DragEnd>>();
    app.insert_resource(metrics::Screen(crate::core::layout::Metrics::new(
        1920.0, 1080.0, 55.0, 1.0,
    )));
    app.init_resource::<metrics::TickerArea>();
    app.init_resource::<metrics::NoticeArea>();
    app.init_resource::<state::NoticeUp>();
    app.insert_resource(theme::STANDARD)
        .init_resource::<theme::Accessibility>();
    app.insert_resource(messages::Messages::for_language("zh-CN"));
}

/// Runs the player with the settings in `config`.
pub fn run(config: &Path) -> ExitCode {
    let (live, problems) = initial_state(config);
    logs::set_dir(live.settings.data_dir.join("logs"));
    let mut app = build_app(live, problems, Mode::Window, Shell::Engine);
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(_) => ExitCode::FAILURE,
    }
}

/// The state `render` starts from: like the player, but the content folder may be
/// given on the command line.
pub fn render_state(
    config: &Path,
    content_dir: Option<&Path>,
) -> Result<Live, (Vec<Diagnostic>, PathBuf)> {
    let mut settings = match Settings::load(config) {
        Ok(s) => s,
        Err(_) if content_dir.is_some() || !config.exists() => {
            Settings::defaults(PathBuf::from("content"))
        }
        Err(d) => return Err((d, config.parent().unwrap_or(Path::new(".")).to_path_buf())),
    };
    if let Some(dir) = content_dir {
        settings.content_dir = dir.to_path_buf();
    }
    let content =
        content::load(&settings.content_dir).map_err(|d| (d, settings.content_dir.clone()))?;
    Ok(Live {
        settings,
        content: Arc::new(content),
        generation: 0,
    })
}

#[cfg(test)]
mod tests {
    use bevy::ecs::schedule::SystemSet;

    use super::*;

    /// `Update` systems outside the [`AppSystems`] sets, after one frame.
    fn loose_update_systems(app: &mut App) -> usize {
        let world = app.world_mut();
        let mut schedules = world.remove_resource::<Schedules>().unwrap();
        if let Some(update) = schedules.get_mut(Update) {
            update.initialize(world).unwrap();
        }
        world.insert_resource(schedules);
        let Some(schedule) = app.get_schedule(Update) else {
            return 0;
        };
        let graph = schedule.graph();
        let mut placed = std::collections::HashSet::new();
        for set in AppSystems::IN_ORDER {
            if let Ok(systems) = graph.systems_in_set(set.intern()) {
                placed.extend(systems.iter().copied());
            }
        }
        // The sync points Bevy puts between systems that defer commands belong
        // to no set; they are not the kiosk's.
        let sync_point = std::any::TypeId::of::<bevy::ecs::schedule::ApplyDeferred>();
        schedule
            .systems()
            .unwrap()
            .filter(|(key, s)| !placed.contains(key) && s.system_type() != sync_point)
            .count()
    }

    /// Every system of the kiosk's own that runs in `Update` has its place in the
    /// frame's one order: the only ones outside the [`AppSystems`] sets are those
    /// Bevy's engine brings by itself. (Without Bevy's `debug` feature systems
    /// have no names, so the test counts them.)
    #[test]
    fn every_update_system_of_the_kiosk_is_in_an_app_systems_set() {
        let dir = tempfile::tempdir().unwrap();
        let mut kiosk = headless::headless_player(&dir.path().join("kiosk.ron"));
        let mut engine = App::new();
        engine.add_plugins(headless_engine());
        order_systems(&mut engine);
        engine.finish();
        engine.cleanup();
        let all = kiosk.get_schedule(Update).map_or(0, |s| s.systems_len());
        assert!(all > 40, "the kiosk's Update systems: {all}");
        assert_eq!(
            loose_update_systems(&mut kiosk),
            loose_update_systems(&mut engine),
            "a kiosk system in Update outside AppSystems"
        );
    }
}
