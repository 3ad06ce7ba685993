//! Plays: the player in its window, with any panic ending the whole process so
//! that systemd starts it again.

use std::path::Path;
use std::process::ExitCode;

use crate::player;

/// Exit status of a player that panicked (EX_SOFTWARE): not 0, so systemd's
/// `Restart=on-failure` starts it again.
pub const PANIC_EXIT: i32 = 70;

/// Makes any panic, in any thread, end the player at once. Bevy catches a
/// system's panic on its worker thread and raises it again on the main thread
/// only when the schedule finishes; a panic in a thread of the player's own (the
/// folder watcher, the wake thread) or in an async task (picture decoding) ends
/// only that thread or task, and the screen then stays as it was: a frozen frame,
/// or content that never reloads. Exiting lets systemd restart a whole player.
pub fn exit_on_panic() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // The standard report first: the message, where, and a backtrace if asked for.
        report(info);
        let at = info
            .location()
            .map_or_else(String::new, |l| format!(" ({}:{})", l.file(), l.line()));
        eprintln!(
            "pufa-kiosk: 播放程序内部错误{at}，立即退出（退出码 {PANIC_EXIT}），由 systemd 重新启动。\n\
             pufa-kiosk: internal error{at}: exiting with status {PANIC_EXIT} so that systemd restarts the player."
        );
        // _exit, not exit: the other threads are still running, and the exit
        // handlers of the graphics stack must not run under them (they can hang).
        // SAFETY: _exit ends the process; nothing runs after it.
        unsafe { libc::_exit(PANIC_EXIT) }
    }));
}

/// Runs the player with the settings in `config`.
pub fn run(config: &Path) -> ExitCode {
    exit_on_panic();
    player::run(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the test `name` of this binary in a child process with
    /// `PUFA_KIOSK_PANIC_CHILD` set; returns its exit status and standard error.
    fn in_child(name: &str) -> (Option<i32>, String) {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                name,
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("PUFA_KIOSK_PANIC_CHILD", "1")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn is_child() -> bool {
        std::env::var_os("PUFA_KIOSK_PANIC_CHILD").is_some()
    }

    #[test]
    #[ignore = "run by a_panic_in_any_thread_ends_the_process_for_systemd"]
    fn child_panics_in_a_thread() {
        if !is_child() {
            return;
        }
        exit_on_panic();
        std::thread::spawn(|| panic!("the watcher broke"))
            .join()
            .ok();
        // Without the hook the process would carry on, as a frozen player does.
        std::thread::sleep(std::time::Duration::from_secs(30));
    }

    #[test]
    fn a_panic_in_any_thread_ends_the_process_for_systemd() {
        let (code, stderr) = in_child("cli::play::tests::child_panics_in_a_thread");
        assert_eq!(code, Some(PANIC_EXIT), "{stderr}");
        assert!(stderr.contains("the watcher broke"), "{stderr}");
        assert!(
            stderr.contains("internal error (src/cli/play.rs:"),
            "{stderr}"
        );
        assert!(stderr.contains("systemd 重新启动"), "{stderr}");
    }

    #[test]
    #[ignore = "run by a_bevy_system_panicking_on_a_worker_thread_ends_the_process"]
    fn child_runs_a_panicking_system() {
        use bevy::prelude::*;
        if !is_child() {
            return;
        }
        exit_on_panic();
        let mut app = App::new();
        app.add_plugins(MinimalPlugins)
            .add_systems(Update, (|| {}, || panic!("a system broke")));
        app.update();
        std::thread::sleep(std::time::Duration::from_secs(30));
    }

    #[test]
    fn a_bevy_system_panicking_on_a_worker_thread_ends_the_process() {
        let (code, stderr) = in_child("cli::play::tests::child_runs_a_panicking_system");
        assert_eq!(code, Some(PANIC_EXIT), "{stderr}");
        assert!(stderr.contains("a system broke"), "{stderr}");
    }
}
