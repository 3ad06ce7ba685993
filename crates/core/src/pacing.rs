//! How long a page or scene stays up and how one item gives way to the next, as
//! `kiosk.ron`, the playlist and the panels write it.

use std::path::Path;

use serde::Deserialize;

use super::diagnostics::Diagnostic;

/// Shortest and longest time one page or scene may stay on screen, in seconds.
pub const SECONDS_RANGE: (f32, f32) = (2.0, 600.0);

/// How one playlist item gives way to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
pub enum Transition {
    /// Switch at once.
    Cut,
    /// Fade the old item out while the new one fades in.
    #[default]
    Crossfade,
    /// Slide the new item in from the right.
    Slide,
}

/// The error for `seconds` written in a content file outside [`SECONDS_RANGE`],
/// pointing at `line:column`, where they are written.
pub(crate) fn check_seconds(
    seconds: Option<f32>,
    shown: &Path,
    (line, column): (usize, usize),
) -> Option<Diagnostic> {
    let (low, high) = SECONDS_RANGE;
    let s = seconds.filter(|s| !(low..=high).contains(s))?;
    Some(
        Diagnostic::error(
            shown,
            line,
            column,
            format!("显示秒数 {s} 超出范围 {low}–{high}"),
            format!("seconds {s} is outside {low}–{high}"),
        )
        .help("常用 8 到 20 秒", "8 to 20 seconds suits most panels"),
    )
}
