//! Writes the proof sheet (审核稿) to sign: index.html and transcript.json.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::core::schedule;
use crate::player;
use crate::proof;

use super::shared::*;

pub fn write_proof(
    config: &Path,
    content_dir: Option<&Path>,
    size: (u32, u32),
    out: PathBuf,
    at: Option<&str>,
) -> ExitCode {
    let (live, shown_at) = match state_at(config, content_dir, at) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let content = live.content.clone();
    let tz = live.settings.time_zone.clone();
    let policy = live.settings.approval.clone();
    let ticker_runs = live.settings.ticker.runs(live.settings.mode);
    let rendered = match player::proof_offscreen(live, size, out.clone(), shown_at) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("✗ {e}");
            return ExitCode::FAILURE;
        }
    };
    let shots = proof::transcript(&content, &rendered.shots);
    let listing = proof::listing(&content, &tz, shown_at, ticker_runs, &shots);
    let on_air = schedule::on_air(&content, shown_at, &tz);
    // Campaigns by their titles, as staff and the officer know them.
    let titles: Vec<String> = on_air
        .campaigns
        .iter()
        .map(|id| format!("「{}」", schedule::title_of(&content, id)))
        .collect();
    let generated = format!(
        "{}；画面为 {} 时播放的内容{} / showing what plays at that moment",
        proof::beijing_time(std::time::SystemTime::now()),
        tz.to_datetime(shown_at).strftime("%Y-%m-%d %H:%M"),
        if titles.is_empty() {
            String::new()
        } else {
            format!("（活动 / campaigns: {}）", titles.concat())
        }
    );
    // The folder in full, so the signed sheet says which copy was checked.
    let folder = std::fs::canonicalize(&content.root).unwrap_or_else(|_| content.root.clone());
    let approval = approval_note(&policy, &content);
    let sheet = proof::Sheet {
        approval: &approval,
        folder: &folder,
        generated: &generated,
        size,
        problems: &rendered.problems,
        listing: &listing,
    };
    if let Err(e) = proof::write(&out, &sheet, &shots) {
        eprintln!(
            "✗ 无法写入审核稿 / cannot write the proof sheet in {}: {e}",
            out.display()
        );
        return ExitCode::FAILURE;
    }
    println!(
        "✓ {index}：{n} 幅画面的审核稿，请用浏览器打开、核对后签字。\n\
         ✓ {index}: proof sheet of {n} pictures; open it in a browser, check it and sign it.\n\
         {transcript}",
        index = out.join(proof::INDEX).display(),
        transcript = out.join(proof::TRANSCRIPT).display(),
        n = shots.len(),
    );
    layout_verdict(&rendered.problems, size)
}

/// The version the sheet shows, whether it is approved, and the words changed
/// since the version approved last (by a key kiosk.ron lists, or by any valid
/// signature when it lists none).
fn approval_note(
    policy: &crate::core::approval::Policy,
    content: &crate::core::content::Content,
) -> proof::ApprovalNote {
    use crate::core::approval::{self, Scope};
    use crate::core::words;
    let Ok(version) = policy.version_of(&content.root) else {
        return proof::ApprovalNote::default();
    };
    let trusted = if policy.approvers.is_empty() {
        approval::signers(&content.root)
    } else {
        policy.approvers.clone()
    };
    let findings = approval::find(&content.root, version, Scope::Content, &trusted);
    let who = |f: &approval::Found| {
        format!(
            "{}（{}）{}",
            f.approval.approver, f.approval.role, f.approval.at
        )
    };
    let since = findings.latest().and_then(|last| {
        let old = last.words()?;
        let changes = words::diff(&words::parse_document(&old), &words::sections(content));
        Some((who(last), changes))
    });
    proof::ApprovalNote {
        version: version.to_string(),
        approved_by: findings.approved.last().map(who),
        since,
    }
}
