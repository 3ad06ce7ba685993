//! Draws every page to PNG for approval and audits the layout.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::player;

use super::shared::*;

pub fn render(
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
