//! Summarises the statistics files: text, CSV, or HTML with charts.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::core::settings::Settings;

pub fn report_usage(
    dir: Option<PathBuf>,
    config: &Path,
    from: Option<jiff::civil::Date>,
    to: Option<jiff::civil::Date>,
    csv: bool,
    html: Option<PathBuf>,
) -> ExitCode {
    use crate::core::stats;
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
        let page = match crate::usage::html(&summary) {
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
        print!("{}", crate::usage::csv(&files));
    } else {
        print!("{}", crate::usage::text(&summary));
    }
    ExitCode::SUCCESS
}
