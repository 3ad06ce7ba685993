//! `pufa-kiosk version [FOLDER]`: the content version (its SHA-256) and, when
//! `kiosk.ron` asks for approval, whether it is approved and by whom.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::core::approval;
use crate::core::settings::Settings;

/// The folder to look at, and `kiosk.ron`'s settings when it can be read: the
/// folder given, or the one `kiosk.ron` names.
pub fn folder_and_settings(dir: Option<PathBuf>, config: &Path) -> (PathBuf, Option<Settings>) {
    let settings = Settings::load(config).ok();
    let dir = dir
        .or_else(|| settings.as_ref().map(|s| s.content_dir.clone()))
        .unwrap_or_else(|| PathBuf::from("content"));
    (dir, settings)
}

/// The approval policy of `settings`; none without a readable `kiosk.ron`.
pub fn policy(settings: Option<&Settings>) -> approval::Policy {
    settings.map(|s| s.approval.clone()).unwrap_or_default()
}

pub fn print_version(dir: Option<PathBuf>, config: &Path) -> ExitCode {
    let (dir, settings) = folder_and_settings(dir, config);
    let policy = policy(settings.as_ref());
    match policy.version_of(&dir) {
        Ok(v) => {
            println!("{v}");
            if policy.required {
                match approval::state(&dir, &policy) {
                    Ok(s) if s.approved() => {
                        if let Some(f) = s.findings.approved.last() {
                            eprintln!(
                                "✓ 已审核 / approved: {}（{}）{}",
                                f.approval.approver, f.approval.role, f.approval.at
                            );
                        }
                    }
                    Ok(_) => eprintln!(
                        "✗ 未审核：此版本不会上线 / not approved: this version will not go live"
                    ),
                    Err(e) => eprintln!("✗ {e}"),
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "✗ 无法读取内容文件夹 / cannot read the content folder {}: {e}",
                dir.display()
            );
            ExitCode::FAILURE
        }
    }
}
