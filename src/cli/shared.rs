//! What the commands share: the terminal, the state a drawing command starts from
//! and the moment it draws, and the verdict on a layout.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use crate::core::audit::LayoutProblem;
use crate::core::settings::Settings;
use crate::core::{report, schedule};
use crate::player;

pub fn stderr() -> StandardStream {
    StandardStream::stderr(if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    })
}

/// The settings and content `render`, `proof`, `poster` and `schedule` start
/// from; `Err` after printing what is wrong with them.
pub fn state(config: &Path, content_dir: Option<&Path>) -> Result<player::Live, ExitCode> {
    player::render_state(config, content_dir).map_err(|(diagnostics, root)| {
        let _ = report::write(&diagnostics, &root, &mut stderr());
        ExitCode::FAILURE
    })
}

/// [`state`] and the moment `--at` names on its clock (`render`, `proof`,
/// `schedule`).
pub fn state_at(
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
pub fn moment(at: Option<&str>, settings: &Settings) -> Result<jiff::Timestamp, ExitCode> {
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

/// Success, or the layout problems reported and failure.
pub fn layout_verdict(problems: &[LayoutProblem], size: (u32, u32)) -> ExitCode {
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
