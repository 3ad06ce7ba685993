//! Draws the roadmap as a wall chart on a sheet (or two) for printing.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::player;

use super::shared::*;

pub fn poster(
    config: &Path,
    content_dir: Option<&Path>,
    size: (u32, u32),
    pages: usize,
    out: PathBuf,
) -> ExitCode {
    let mut live = match state(config, content_dir) {
        Ok(live) => live,
        Err(code) => return code,
    };
    // Type is sized for the sheet as printed: its diagonal at 300 dpi.
    let (w, h) = (size.0 as f32, size.1 as f32);
    live.settings.screen_diagonal_inches = w.hypot(h) / super::POSTER_DPI;
    match player::render_poster(live, size, super::POSTER_DPI, pages, out) {
        Ok(files) => {
            for file in files {
                println!("{}", file.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("✗ {e}");
            ExitCode::FAILURE
        }
    }
}
