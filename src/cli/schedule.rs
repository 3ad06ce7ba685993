//! What plays when over the coming days: campaigns starting and stopping.

use std::path::Path;
use std::process::ExitCode;

use crate::core::schedule;

use super::shared::*;

/// What plays when over the coming `days` days, from `--at` or now.
pub fn schedule(
    config: &Path,
    content_dir: Option<&Path>,
    at: Option<&str>,
    days: u32,
) -> ExitCode {
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
