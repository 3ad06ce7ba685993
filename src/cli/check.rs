//! Checks a content folder: every problem with its file, line and column, and a
//! summary of what would go live.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::core::settings::Settings;
use crate::core::{approval, content, report};

use super::shared::*;

pub fn check(dir: Option<PathBuf>, config: &Path) -> ExitCode {
    let settings = Settings::load(config);
    let dir = match (dir, &settings) {
        (Some(d), _) => d,
        (None, Ok(s)) => s.content_dir.clone(),
        (None, Err(diagnostics)) => {
            let _ = report::write(diagnostics, Path::new("."), &mut stderr());
            return ExitCode::FAILURE;
        }
    };
    let policy = super::version::policy(settings.as_ref().ok());
    let approved = approval_state(&dir, &policy);
    match content::load(&dir) {
        Ok(_) if !approved => ExitCode::FAILURE,
        Ok(c) => {
            if !c.warnings.is_empty() {
                let _ = report::write(&c.warnings, &dir, &mut stderr());
            }
            let (dir, panels, laws, articles, images) = (
                dir.display(),
                c.library.panels.len(),
                c.laws.len(),
                c.article_count(),
                c.image_count(),
            );
            let scenes: usize = c.library.comics.values().map(|c| c.scenes.len()).sum();
            let steps = c.roadmap.as_ref().map_or(0, |r| r.steps.len());
            let (campaigns, lines) = (c.campaigns.len(), c.ticker.len());
            println!(
                "✓ {dir}：{panels} 个展板，{scenes} 个漫画场景，{laws} 部法规共 {articles} 条法规条文，{images} 张图片，路线图 {steps} 步，{campaigns} 个活动，{lines} 行滚动字幕；可以上线。\n\
                 ✓ {dir}: {panels} panels, {scenes} comic scenes, {laws} laws of {articles} articles, {images} images, {steps} roadmap steps, {campaigns} campaigns, {lines} ticker lines; ready to go live."
            );
            if campaigns > 0 {
                println!(
                    "  活动什么时候播放：pufa-kiosk schedule / when campaigns play: pufa-kiosk schedule"
                );
            }
            let voices = c.voices.len();
            if voices > 0 {
                let drafts = c.voices.values().filter(|v| v.draft).count();
                println!(
                    "  朗读录音 {voices} 段与文字相符（其中 {drafts} 段是语音合成的草稿）；录音稿：pufa-kiosk voice --out 文件夹
                       {voices} recordings match their words ({drafts} drafts by a speech program); the recording script: pufa-kiosk voice --out DIR"
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

/// The content version and, when `kiosk.ron` requires approval, whether it is
/// approved (by whom) or why not; false when it will not go live for want of one.
fn approval_state(dir: &Path, policy: &approval::Policy) -> bool {
    let version = policy.version_of(dir);
    let Ok(version) = version else {
        return !policy.required;
    };
    println!("内容版本 / content version: {version}");
    if !policy.required {
        return true;
    }
    match approval::state(dir, policy) {
        Ok(state) => {
            if let Some(f) = state.findings.approved.last() {
                println!(
                    "✓ 已审核 / approved: {}（{}）{}，{}",
                    f.approval.approver,
                    f.approval.role,
                    f.approval.at,
                    f.file.strip_prefix(dir).unwrap_or(&f.file).display()
                );
            }
            let reasons = state.reasons(Path::new(""));
            if !reasons.is_empty() {
                let _ = report::write(&reasons, dir, &mut stderr());
            }
            state.approved()
        }
        Err(e) => {
            eprintln!("✗ {e}");
            false
        }
    }
}
