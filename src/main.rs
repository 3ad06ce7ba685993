//! The `pufa-kiosk` binary: runs the player, checks a content folder, renders
//! the playlist to PNG files, or writes the proof sheet to sign.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use pufa_kiosk::cli::{self, Command};
use pufa_kiosk::core::audit::LayoutProblem;
use pufa_kiosk::core::settings::Settings;
use pufa_kiosk::core::{content, manifest, report, schedule};
use pufa_kiosk::player;
use pufa_kiosk::proof;

fn main() -> ExitCode {
    #[cfg(feature = "dev")]
    let _ = player::bench::PROCESS_START.set(std::time::Instant::now());
    // Two malloc arenas instead of eight per core: Bevy's many threads otherwise
    // each keep their own, which a 24/7 kiosk pays for in resident memory.
    // A fixed mmap threshold: blocks of 128 KiB and more (pictures, glyph atlas
    // pages, the software renderer's textures) get their own mapping and go back
    // to the system when freed. glibc would otherwise raise the threshold after
    // the first such free and carve later ones from the heap, which then keeps
    // every hole it has ever had.
    // SAFETY: called before any other thread exists; mallopt only tunes the allocator.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
    let command = match cli::parse(std::env::args_os().skip(1)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match command {
        Command::Help => {
            print!("{}", cli::HELP);
            ExitCode::SUCCESS
        }
        Command::Version => {
            println!("pufa-kiosk {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Command::Run { config } => {
            exit_on_panic();
            player::run(&config)
        }
        Command::Check { dir, config } => check(dir, &config),
        Command::Manifest { dir } => write_manifest(&dir),
        Command::Pin => make_pin(),
        Command::Render {
            config,
            content,
            size,
            out,
            at,
        } => render(&config, content.as_deref(), size, out, at.as_deref()),
        Command::Proof {
            config,
            content,
            size,
            out,
            at,
        } => write_proof(&config, content.as_deref(), size, out, at.as_deref()),
        Command::Schedule {
            config,
            content,
            at,
            days,
        } => schedule(&config, content.as_deref(), at.as_deref(), days),
        Command::Poster {
            config,
            content,
            size,
            out,
        } => poster(&config, content.as_deref(), size, out),
        Command::Report {
            dir,
            config,
            from,
            to,
            csv,
            html,
        } => report_usage(dir, &config, from, to, csv, html),
        #[cfg(feature = "dev")]
        Command::SimulateWeek { config, days } => player::simulate::simulate_week(&config, days),
    }
}

/// Exit status of a player that panicked (EX_SOFTWARE): not 0, so systemd's
/// `Restart=on-failure` starts it again.
const PANIC_EXIT: i32 = 70;

/// Makes any panic, in any thread, end the player at once. Bevy catches a
/// system's panic on its worker thread and raises it again on the main thread
/// only when the schedule finishes; a panic in a thread of the player's own (the
/// folder watcher, the wake thread) or in an async task (picture decoding) ends
/// only that thread or task, and the screen then stays as it was: a frozen frame,
/// or content that never reloads. Exiting lets systemd restart a whole player.
fn exit_on_panic() {
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

fn stderr() -> StandardStream {
    StandardStream::stderr(if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    })
}

fn check(dir: Option<PathBuf>, config: &Path) -> ExitCode {
    let dir = match dir {
        Some(d) => d,
        None => match Settings::load(config) {
            Ok(s) => s.content_dir,
            Err(diagnostics) => {
                let _ = report::write(&diagnostics, Path::new("."), &mut stderr());
                return ExitCode::FAILURE;
            }
        },
    };
    match content::load(&dir) {
        Ok(c) => {
            if !c.warnings.is_empty() {
                let _ = report::write(&c.warnings, &dir, &mut stderr());
            }
            let (dir, panels, articles, images) = (
                dir.display(),
                c.library.panels.len(),
                c.article_count(),
                c.image_count(),
            );
            let scenes: usize = c.library.comics.values().map(|c| c.scenes.len()).sum();
            let steps = c.roadmap.as_ref().map_or(0, |r| r.steps.len());
            let (campaigns, lines) = (c.campaigns.len(), c.ticker.len());
            println!(
                "✓ {dir}：{panels} 个展板，{scenes} 个漫画场景，{articles} 条法规条文，{images} 张图片，路线图 {steps} 步，{campaigns} 个活动，{lines} 行滚动字幕；可以上线。\n\
                 ✓ {dir}: {panels} panels, {scenes} comic scenes, {articles} articles, {images} images, {steps} roadmap steps, {campaigns} campaigns, {lines} ticker lines; ready to go live."
            );
            if campaigns > 0 {
                println!(
                    "  活动什么时候播放：pufa-kiosk schedule / when campaigns play: pufa-kiosk schedule"
                );
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            let _ = report::write(&diagnostics, &dir, &mut stderr());
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "✗ {} 处错误，内容不会上线（播放器继续播放上一版）。\n✗ {errors} error(s): this folder will not go live (the player keeps the last good content).",
                errors
            );
            ExitCode::FAILURE
        }
    }
}

/// Reads one line from stdin; on a terminal, without echoing it.
fn read_secret(prompt: &str) -> std::io::Result<String> {
    use std::io::{BufRead, Write};
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    // SAFETY: tcgetattr/tcsetattr on fd 0 with a termios struct that lives across
    // both calls; echo is switched back on below whatever happens in between.
    let saved = terminal.then(|| unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        (libc::tcgetattr(0, &mut t) == 0).then_some(t)
    });
    if let Some(Some(t)) = saved {
        let mut quiet = t;
        quiet.c_lflag &= !libc::ECHO;
        quiet.c_lflag |= libc::ECHONL;
        // SAFETY: as above.
        unsafe { libc::tcsetattr(0, libc::TCSANOW, &quiet) };
    }
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    if let Some(Some(t)) = saved {
        // SAFETY: as above.
        unsafe { libc::tcsetattr(0, libc::TCSANOW, &t) };
    }
    read?;
    Ok(line.trim().to_owned())
}

/// `pufa-kiosk pin`: the PIN twice, then its hash on stdout (the only output
/// there, so it can be piped); the PIN itself goes nowhere.
fn make_pin() -> ExitCode {
    use pufa_kiosk::core::staff;
    let first = match read_secret("工作人员 PIN（4–12 位数字）/ staff PIN (4–12 digits): ")
    {
        Ok(p) => p,
        Err(e) => {
            eprintln!("✗ {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err((zh, en)) = staff::check_pin(&first) {
        eprintln!("✗ {zh} / {en}");
        return ExitCode::FAILURE;
    }
    let second = read_secret("再输入一次 / once more: ").unwrap_or_default();
    if first != second {
        eprintln!("✗ 两次输入不一致 / the two PINs differ");
        return ExitCode::FAILURE;
    }
    match staff::hash_pin(&first) {
        Ok(hash) => {
            println!("{hash}");
            eprintln!(
                "把上面一行填入 kiosk.ron：staff: (pin: Some(\"…\"))\nPut the line above into kiosk.ron as staff: (pin: Some(\"…\"))"
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("✗ {e}");
            ExitCode::FAILURE
        }
    }
}

fn report_usage(
    dir: Option<PathBuf>,
    config: &Path,
    from: Option<jiff::civil::Date>,
    to: Option<jiff::civil::Date>,
    csv: bool,
    html: Option<PathBuf>,
) -> ExitCode {
    use pufa_kiosk::core::stats;
    let dir = dir.unwrap_or_else(|| match Settings::load(config) {
        Ok(s) => s.data_dir,
        Err(_) => config.parent().unwrap_or(Path::new(".")).join("data"),
    });
    let files = match stats::read_folder(&dir, from, to) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("✗ 无法读取 / cannot read {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    };
    if files.is_empty() {
        eprintln!(
            "✗ {} 中没有所选日期的统计文件（KIOSK.YYYY-MM-DD.jsonl）/ no statistics files for these dates in {}",
            dir.display(),
            dir.display()
        );
        return ExitCode::FAILURE;
    }
    let summary = stats::Summary::of(&files);
    if let Some(path) = html {
        let page = match pufa_kiosk::usage::html(&summary) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("✗ 图表 / charts: {e}");
                return ExitCode::FAILURE;
            }
        };
        if let Err(e) = std::fs::write(&path, page) {
            eprintln!("✗ 无法写入 / cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        eprintln!("✓ {}", path.display());
    }
    if csv {
        print!("{}", pufa_kiosk::usage::csv(&files));
    } else {
        print!("{}", pufa_kiosk::usage::text(&summary));
    }
    ExitCode::SUCCESS
}

fn write_manifest(dir: &Path) -> ExitCode {
    match manifest::generate(dir).and_then(|m| {
        std::fs::write(dir.join(manifest::FILE_NAME), manifest::to_text(&m))?;
        Ok(m.files.len())
    }) {
        Ok(n) => {
            println!(
                "✓ {}: {n} 个文件 / files listed",
                dir.join(manifest::FILE_NAME).display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("✗ {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}

/// The settings and content `render`, `proof`, `poster` and `schedule` start
/// from; `Err` after printing what is wrong with them.
fn state(config: &Path, content_dir: Option<&Path>) -> Result<player::Live, ExitCode> {
    player::render_state(config, content_dir).map_err(|(diagnostics, root)| {
        let _ = report::write(&diagnostics, &root, &mut stderr());
        ExitCode::FAILURE
    })
}

/// [`state`] and the moment `--at` names on its clock (`render`, `proof`,
/// `schedule`).
fn state_at(
    config: &Path,
    content_dir: Option<&Path>,
    at: Option<&str>,
) -> Result<(player::Live, jiff::Timestamp), ExitCode> {
    let live = state(config, content_dir)?;
    let at = moment(at, &live.settings)?;
    Ok((live, at))
}

/// The moment `--at` names on the kiosk's clock, or now; `Err` after saying why
/// it could not be read.
fn moment(at: Option<&str>, settings: &Settings) -> Result<jiff::Timestamp, ExitCode> {
    match at {
        None => Ok(jiff::Timestamp::now()),
        Some(text) => schedule::parse_local(text, &settings.time_zone).ok_or_else(|| {
            eprintln!(
                "✗ 看不懂 --at “{text}”：请写成 2026-05-27 或 \"2026-05-27 09:30\"\n\
                 ✗ cannot read --at `{text}`: write 2026-05-27 or \"2026-05-27 09:30\""
            );
            ExitCode::from(2)
        }),
    }
}

/// What plays when over the coming `days` days, from `--at` or now.
fn schedule(config: &Path, content_dir: Option<&Path>, at: Option<&str>, days: u32) -> ExitCode {
    let (live, from) = match state_at(config, content_dir, at) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let until = from
        .checked_add(jiff::SignedDuration::from_hours(24 * i64::from(days)))
        .unwrap_or(jiff::Timestamp::MAX);
    let tz = &live.settings.time_zone;
    println!(
        "时区 / time zone: {}",
        tz.iana_name().unwrap_or("(kiosk.ron)")
    );
    print!("{}", schedule::report(&live.content, from, until, tz));
    ExitCode::SUCCESS
}

fn render(
    config: &Path,
    content_dir: Option<&Path>,
    size: (u32, u32),
    out: PathBuf,
    at: Option<&str>,
) -> ExitCode {
    let (live, at) = match state_at(config, content_dir, at) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let rendered = match player::render_offscreen(live, size, Some(out), at) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("✗ {e}");
            return ExitCode::FAILURE;
        }
    };
    for f in &rendered.files {
        println!("{}", f.display());
    }
    layout_verdict(&rendered.problems, size)
}

fn poster(config: &Path, content_dir: Option<&Path>, size: (u32, u32), out: PathBuf) -> ExitCode {
    let mut live = match state(config, content_dir) {
        Ok(live) => live,
        Err(code) => return code,
    };
    // Type is sized for the sheet as printed: its diagonal at 300 dpi.
    let (w, h) = (size.0 as f32, size.1 as f32);
    live.settings.screen_diagonal_inches = w.hypot(h) / pufa_kiosk::cli::POSTER_DPI;
    match player::render_poster(live, size, out.clone()) {
        Ok(()) => {
            println!("{}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("✗ {e}");
            ExitCode::FAILURE
        }
    }
}

fn write_proof(
    config: &Path,
    content_dir: Option<&Path>,
    size: (u32, u32),
    out: PathBuf,
    at: Option<&str>,
) -> ExitCode {
    let (live, shown_at) = match state_at(config, content_dir, at) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let content = live.content.clone();
    let tz = live.settings.time_zone.clone();
    let rendered = match player::proof_offscreen(live, size, out.clone(), shown_at) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("✗ {e}");
            return ExitCode::FAILURE;
        }
    };
    let shots = proof::transcript(&content, &rendered.shots);
    let on_air = schedule::on_air(&content, shown_at, &tz);
    let generated = format!(
        "{}；画面为 {} 时播放的内容{} / showing what plays at that moment",
        proof::beijing_time(std::time::SystemTime::now()),
        tz.to_datetime(shown_at).strftime("%Y-%m-%d %H:%M"),
        if on_air.campaigns.is_empty() {
            String::new()
        } else {
            format!("（活动 / campaigns: {}）", on_air.campaigns.join(", "))
        }
    );
    // The folder in full, so the signed sheet says which copy was checked.
    let folder = std::fs::canonicalize(&content.root).unwrap_or_else(|_| content.root.clone());
    let sheet = proof::Sheet {
        folder: &folder,
        generated: &generated,
        size,
        problems: &rendered.problems,
    };
    if let Err(e) = proof::write(&out, &sheet, &shots) {
        eprintln!(
            "✗ 无法写入审核稿 / cannot write the proof sheet in {}: {e}",
            out.display()
        );
        return ExitCode::FAILURE;
    }
    println!(
        "✓ {index}：{n} 幅画面的审核稿，请用浏览器打开、核对后签字。\n\
         ✓ {index}: proof sheet of {n} pictures; open it in a browser, check it and sign it.\n\
         {transcript}",
        index = out.join(proof::INDEX).display(),
        transcript = out.join(proof::TRANSCRIPT).display(),
        n = shots.len(),
    );
    layout_verdict(&rendered.problems, size)
}

/// Success, or the layout problems reported and failure.
fn layout_verdict(problems: &[LayoutProblem], size: (u32, u32)) -> ExitCode {
    if problems.is_empty() {
        return ExitCode::SUCCESS;
    }
    let _ = report::write_layout(problems, &mut stderr());
    let n = problems.len();
    eprintln!(
        "✗ {n} 处版面问题：有按钮或文字在 {w}×{h} 的屏幕上看不全（图片已全部生成，可对照查看）。\n\
         ✗ {n} layout problem(s): a button or text cannot be seen whole on a {w}×{h} screen (every picture was still written, to compare).",
        w = size.0,
        h = size.1
    );
    ExitCode::FAILURE
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
        let (code, stderr) = in_child("tests::child_panics_in_a_thread");
        assert_eq!(code, Some(PANIC_EXIT), "{stderr}");
        assert!(stderr.contains("the watcher broke"), "{stderr}");
        assert!(stderr.contains("internal error (src/main.rs:"), "{stderr}");
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
        let (code, stderr) = in_child("tests::child_runs_a_panicking_system");
        assert_eq!(code, Some(PANIC_EXIT), "{stderr}");
        assert!(stderr.contains("a system broke"), "{stderr}");
    }
}
