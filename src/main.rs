//! The `pufa-kiosk` binary: sets up the process, parses the command line and hands
//! the command to its file in `src/cli/`.

use std::process::ExitCode;

use pufa_kiosk::cli::{self, Command};
#[cfg(feature = "dev")]
use pufa_kiosk::player;

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
        Command::Run { config } => cli::play::run(&config),
        Command::Check { dir, config } => cli::check::check(dir, &config),
        Command::Manifest { dir } => cli::manifest::write_manifest(&dir),
        Command::Voice {
            config,
            content,
            out,
            synthesize,
        } => cli::voice::voice(&config, content.as_deref(), &out, synthesize.as_deref()),
        Command::Pin => cli::pin::make_pin(),
        Command::ContentVersion { dir, config } => cli::version::print_version(dir, &config),
        Command::Keygen { out } => cli::keygen::keygen(&out),
        Command::Approve {
            key,
            dir,
            config,
            name,
            role,
        } => cli::approve::approve(cli::approve::Request {
            key,
            dir,
            config,
            name,
            role,
        }),
        Command::Render {
            config,
            content,
            size,
            out,
            at,
            only,
        } => cli::render::render(
            &config,
            content.as_deref(),
            size,
            out,
            at.as_deref(),
            only.as_deref(),
        ),
        Command::Console { config, action } => cli::console::console(&config, action),
        Command::Proof {
            config,
            content,
            size,
            out,
            at,
        } => cli::proof::write_proof(&config, content.as_deref(), size, out, at.as_deref()),
        Command::Schedule {
            config,
            content,
            at,
            days,
        } => cli::schedule::schedule(&config, content.as_deref(), at.as_deref(), days),
        Command::Poster {
            config,
            content,
            size,
            pages,
            out,
        } => cli::poster::poster(&config, content.as_deref(), size, pages, out),
        Command::Report {
            dir,
            config,
            from,
            to,
            csv,
            html,
        } => cli::report::report_usage(dir, &config, from, to, csv, html),
        #[cfg(feature = "dev")]
        Command::SimulateWeek { config, days } => player::simulate::simulate_week(&config, days),
    }
}
