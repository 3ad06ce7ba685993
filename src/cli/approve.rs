//! `pufa-kiosk approve --key FILE [FOLDER]`: the legal officer approves the
//! content version in the folder. It shows what changed since the last approved
//! version (the words, section by section, with their citations) and a summary,
//! asks for confirmation and the key's passphrase, and writes a signed approval
//! into `approvals/` beside the words it was given on.

use std::io::BufRead as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::pin::read_secret;
use super::shared::stderr;
use super::version::{folder_and_settings, policy};
use crate::core::approval::{self, Scope};
use crate::core::{content, report, words};

pub struct Request {
    pub key: PathBuf,
    pub dir: Option<PathBuf>,
    pub config: PathBuf,
    pub name: Option<String>,
    pub role: Option<String>,
}

fn ask(prompt: &str) -> String {
    eprint!("{prompt}");
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    line.trim().to_owned()
}

pub fn approve(req: Request) -> ExitCode {
    let (dir, settings) = folder_and_settings(req.dir, &req.config);
    let policy = policy(settings.as_ref());
    let pem = match std::fs::read_to_string(&req.key) {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "✗ 无法读取私钥 / cannot read the key {}: {e}",
                req.key.display()
            );
            return ExitCode::FAILURE;
        }
    };
    // Only a folder that passes `check` can be approved: an approval of content
    // the kiosk refuses would mean nothing.
    let content = match content::load(&dir) {
        Ok(c) => c,
        Err(diagnostics) => {
            let _ = report::write(&diagnostics, &dir, &mut stderr());
            eprintln!(
                "✗ 内容有错误，不能审核；先改正再审核 / the content has errors and cannot be approved; fix them first"
            );
            return ExitCode::FAILURE;
        }
    };
    let version = match policy.version_of(&dir) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("✗ {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    };
    let sections = words::sections(&content);
    let document = words::document(&sections);
    // What changed since the last version approved (by a key kiosk.ron trusts,
    // or, without kiosk.ron's list, by any valid signature).
    let trusted = if policy.approvers.is_empty() {
        approval::signers(&dir)
    } else {
        policy.approvers.clone()
    };
    let findings = approval::find(&dir, version, Scope::Content, &trusted);
    println!("内容版本 / content version: {version}");
    println!("文件夹 / folder: {}", dir.display());
    println!(
        "{} 个展板、{} 个漫画、路线图 {} 步、{} 行滚动字幕、{} 个活动；共 {} 段文字\n\
         {} panels, {} comics, {} roadmap steps, {} ticker lines, {} campaigns; {} sections of words",
        content.library.panels.len(),
        content.library.comics.len(),
        content.roadmap.as_ref().map_or(0, |r| r.steps.len()),
        content.ticker.len(),
        content.campaigns.len(),
        sections.len(),
        content.library.panels.len(),
        content.library.comics.len(),
        content.roadmap.as_ref().map_or(0, |r| r.steps.len()),
        content.ticker.len(),
        content.campaigns.len(),
        sections.len()
    );
    if let Some(f) = findings.approved.last() {
        println!(
            "此版本已由 {}（{}）于 {} 审核 / this version was approved by {} ({}) at {}",
            f.approval.approver,
            f.approval.role,
            f.approval.at,
            f.approval.approver,
            f.approval.role,
            f.approval.at
        );
    }
    match findings.latest().and_then(|f| f.words().map(|w| (f, w))) {
        Some((last, old)) => {
            let changes = words::diff(&words::parse_document(&old), &sections);
            println!(
                "\n自上次审核（{} {}）以来的改动 / changed since the last approval ({} {}): {} 处 / {}",
                last.approval.approver,
                last.approval.at,
                last.approval.approver,
                last.approval.at,
                changes.len(),
                changes.len()
            );
            print!("{}", words::describe(&changes));
        }
        None => println!(
            "\n还没有审核过的版本：请通读全部文字（pufa-kiosk proof 生成审核稿）\nno version approved before: read every word (pufa-kiosk proof makes the sheet)"
        ),
    }
    let name = req
        .name
        .unwrap_or_else(|| ask("审核人姓名 / approver's name: "));
    let role = req
        .role
        .unwrap_or_else(|| ask("职务 / role (e.g. 法制审核员): "));
    if name.is_empty() || role.is_empty() {
        eprintln!("✗ 需要姓名和职务 / a name and a role are needed");
        return ExitCode::FAILURE;
    }
    let answer = ask("确认审核此版本请输入 yes / type yes to approve this version: ");
    if !matches!(answer.as_str(), "yes" | "YES" | "是") {
        eprintln!("未审核 / not approved");
        return ExitCode::FAILURE;
    }
    let passphrase = read_secret("私钥口令 / the key's passphrase: ").unwrap_or_default();
    let key = match approval::open_key(&pem, &passphrase) {
        Ok(k) => k,
        Err((zh, en)) => {
            eprintln!("✗ {zh} / {en}");
            return ExitCode::FAILURE;
        }
    };
    if !policy.approvers.is_empty() && !policy.approvers.contains(&key.verifying_key()) {
        eprintln!(
            "⚠ 此私钥不在 kiosk.ron 的审核人名单中，本机不会认可这份审核 / this key is not in kiosk.ron's approvers; this kiosk will not accept the approval"
        );
    }
    // The folder may have changed while the approver read: approve only what was shown.
    if policy.version_of(&dir).ok() != Some(version) {
        eprintln!(
            "✗ 内容在审核期间被改动，请重新审核 / the content changed during the review; run approve again"
        );
        return ExitCode::FAILURE;
    }
    let zone = settings.map_or_else(jiff::tz::TimeZone::system, |s| s.time_zone);
    let at = crate::core::health::local_text(&jiff::Timestamp::now().to_zoned_datetime(zone));
    let signed = approval::sign(
        &key,
        version,
        Scope::Content,
        &name,
        &role,
        &at,
        &approval::digest(document.as_bytes()),
    );
    match approval::write(&dir, &signed, &document) {
        Ok(path) => {
            println!(
                "✓ 已审核并签名 / approved and signed: {}\n  内容版本 / version {version}",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("✗ 无法写入审核记录 / cannot write the approval: {e}");
            ExitCode::FAILURE
        }
    }
}
