//! Where the log goes: to journald when the player runs under systemd (its
//! priorities and fields kept, and not a second time through standard error), or
//! else to a file a day under the data folder's `logs/`, the last
//! [`KEEP_FILES`] kept, besides standard error. The file is written by a thread of
//! its own, so logging never waits on the disk; a disk that refuses the file
//! leaves standard error only.

use std::path::PathBuf;
use std::sync::OnceLock;

use bevy::log::tracing_subscriber::{self, Layer};
use bevy::log::{BoxedFmtLayer, BoxedLayer, LogPlugin};
use bevy::prelude::*;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};

/// Daily log files kept.
pub const KEEP_FILES: usize = 14;

static LOG_DIR: OnceLock<PathBuf> = OnceLock::new();
/// Keeps the file's writer thread for the life of the process.
static GUARD: OnceLock<WorkerGuard> = OnceLock::new();

/// The folder for log files when not under systemd; set once, before the app.
pub fn set_dir(dir: PathBuf) {
    let _ = LOG_DIR.set(dir);
}

/// systemd connects standard error to the journal and says so in JOURNAL_STREAM.
fn under_journald() -> bool {
    std::env::var_os("JOURNAL_STREAM").is_some()
}

fn extra_layer(_: &mut App) -> Option<BoxedLayer> {
    if under_journald() {
        return match tracing_journald::layer() {
            Ok(layer) => Some(layer.with_syslog_identifier("pufa-kiosk".into()).boxed()),
            Err(e) => {
                eprintln!("pufa-kiosk: 无法连接 journald / cannot reach journald: {e}");
                None
            }
        };
    }
    let dir = LOG_DIR.get()?;
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("pufa-kiosk")
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(dir);
    let appender = match appender {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "pufa-kiosk: 无法写日志文件，只输出到标准错误 / cannot write log files in {}, logging to standard error only: {e}",
                dir.display()
            );
            return None;
        }
    };
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let _ = GUARD.set(guard);
    Some(
        tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(writer)
            .boxed(),
    )
}

fn stderr_layer(_: &mut App) -> Option<BoxedFmtLayer> {
    // Under systemd standard error is the journal too: each line would be there twice.
    under_journald().then(|| tracing_subscriber::layer::Identity::new().boxed())
}

/// The log plugin of the player in a window.
pub fn plugin() -> LogPlugin {
    LogPlugin {
        custom_layer: extra_layer,
        fmt_layer: stderr_layer,
        ..default()
    }
}
