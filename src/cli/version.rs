//! `pufa-kiosk version [FOLDER]`: the content version (its SHA-256) and, when
//! `kiosk.ron` asks for approval, whether it is approved and by whom.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::core::approval::{self, Cover};
use crate::core::settings::Settings;

/// The folder to look at and the approval policy in force: the folder given, or
/// `kiosk.ron`'s; the policy from `kiosk.ron` when it can be read.
pub fn folder_and_policy(dir: Option<PathBuf>, config: &Path) -> (PathBuf, approval::Policy) {
    let settings = Settings::load(config).ok();
    let policy = settings
        .as_ref()
        .map(|s| s.approval.clone())
        .unwrap_or_default();
    let dir = dir
        .or_else(|| settings.map(|s| s.content_dir))
        .unwrap_or_else(|| PathBuf::from("content"));
    (dir, policy)
}

/// The cover a policy hashes with: the notice apart when it names notice signers.
pub fn cover(policy: &approval::Policy) -> Cover {
    if policy.notice_signers.is_empty() {
        Cover::Whole
    } else {
        Cover::NoticeApart
    }
}

pub fn print_version(dir: Option<PathBuf>, config: &Path) -> ExitCode {
    let (dir, policy) = folder_and_policy(dir, config);
    match approval::version_of(&dir, cover(&policy)) {
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
