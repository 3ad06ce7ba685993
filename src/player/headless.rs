//! The player without a window, for tests of a running kiosk: everything `run`
//! has (the attract loop, the guide, the staff report, following the content
//! folder and `kiosk.ron`) except the window, its camera and the GPU, with the
//! clock advanced by hand, one frame per `App::update`.

use std::path::Path;
use std::time::Duration;

use bevy::app::PluginsState;
use bevy::prelude::*;
use bevy::render::RenderPlugin;
use bevy::render::pipelined_rendering::PipelinedRenderingPlugin;
use bevy::render::settings::WgpuSettings;
use bevy::time::TimeUpdateStrategy;
use bevy::window::ExitCondition;
use bevy::winit::WinitPlugin;

use super::{Mode, app_plugin, initial_state, reload};

/// Time each frame moves the clock on, unless a test sets `TimeUpdateStrategy` itself.
pub const FRAME: Duration = Duration::from_millis(100);

/// A player started, as `pufa-kiosk run` starts one, with the settings in `config`,
/// ready for `update`: it loads the content folder on the watcher's thread and
/// follows it and `kiosk.ron` from then on.
pub fn headless_player(config: &Path) -> App {
    let (live, problems) = initial_state(config);
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .build()
            .disable::<PipelinedRenderingPlugin>()
            .disable::<WinitPlugin>()
            // The global logger can be set only once in a process of many tests.
            .disable::<bevy::log::LogPlugin>()
            .set(WindowPlugin {
                primary_window: None,
                exit_condition: ExitCondition::DontExit,
                ..default()
            })
            .set(RenderPlugin {
                render_creation: WgpuSettings {
                    backends: None,
                    ..default()
                }
                .into(),
                ..default()
            }),
    );
    app.insert_resource(TimeUpdateStrategy::ManualDuration(FRAME));
    live.insert_into(app.world_mut());
    app.insert_resource(problems).insert_resource(Mode::Window);
    app.add_plugins((app_plugin, reload::plugin));
    while app.plugins_state() == PluginsState::Adding {
        bevy::tasks::tick_global_task_pools_on_main_thread();
    }
    app.finish();
    app.cleanup();
    app
}
