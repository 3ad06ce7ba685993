//! 审核: the legal officer reads what changed in the words citizens see since
//! the last approved version (or every word, the first time), for the draft and
//! for the version on screen, and approves the draft with their own key: the
//! core's Ed25519 approval, as `pufa-kiosk approve` writes it, into the draft's
//! `approvals/`, published with it.
//!
//! The private key file and its passphrase come with the one request that signs
//! and are never written anywhere (not to disk, not to the log); the officer
//! chooses the file and types the passphrase each time.

use std::path::Path;

use axum::Router;
use axum::extract::{Multipart, State};
use axum::routing::{get, post};
use maud::{Markup, html};
use pufa_kiosk_core::approval::{self, Policy, Scope, Version};
use pufa_kiosk_core::words::{self, Change, Section};

use crate::auth::Reviewer;
use crate::checking;
use crate::page::{self, Fail, Staff};
use crate::state::{AppState, Role};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/review", get(show))
        .route("/review/approve", post(approve))
}

/// The largest key file taken: a PKCS#8 PEM is well under 1 KB.
const KEY_LIMIT: usize = 16 * 1024;

fn policy(state: &AppState) -> Policy {
    state.approval_policy()
}

/// Whose approvals count: `kiosk.ron`'s list, or without one any valid
/// signature (as `pufa-kiosk approve` reads them).
fn trusted(root: &Path, policy: &Policy) -> Vec<approval::VerifyingKey> {
    if policy.approvers.is_empty() {
        approval::signers(root)
    } else {
        policy.approvers.clone()
    }
}

/// What a folder's approval state is, for staff.
pub struct Standing {
    pub version: Version,
    /// Who approved this version, and when, if anyone did.
    pub approved_by: Option<(String, String, String)>,
    /// The words of the folder, section by section; `None` when it does not load.
    pub sections: Option<Vec<Section>>,
    /// The changes since the last approved version, and who approved that one
    /// and when; `None` when none was approved before.
    pub since: Option<(Vec<Change>, String, String)>,
}

/// The approval standing of the folder at `root`.
pub fn standing(root: &Path, policy: &Policy) -> Result<Standing, Fail> {
    let version = policy
        .version_of(root)
        .map_err(|e| Fail::Internal(format!("{}: {e}", root.display())))?;
    let findings = approval::find(root, version, Scope::Content, &trusted(root, policy));
    let approved_by = findings.approved.last().map(|f| {
        (
            f.approval.approver.clone(),
            f.approval.role.clone(),
            f.approval.at.clone(),
        )
    });
    let sections = pufa_kiosk_core::content::load(root)
        .ok()
        .map(|c| words::sections(&c));
    let since = match (&sections, findings.latest()) {
        (Some(new), Some(last)) => last.words().map(|old| {
            (
                words::diff(&words::parse_document(&old), new),
                last.approval.approver.clone(),
                last.approval.at.clone(),
            )
        }),
        _ => None,
    };
    Ok(Standing {
        version,
        approved_by,
        sections,
        since,
    })
}

fn changes(list: &[Change]) -> Markup {
    html! {
        @if list.is_empty() { p.ok { "文字没有改动（可能只改了图片、顺序或设置）。" } }
        table {
            @for c in list {
                tr {
                    @match c {
                        Change::Added { key, text } => { td { "新增" } td { b { (key) } br; ins { (text) } } }
                        Change::Removed { key, text } => { td { "删除" } td { b { (key) } br; del { (text) } } }
                        Change::Changed { key, old, new } => { td { "改动" } td { b { (key) } br; "原：" del { (old) } br; "新：" ins { (new) } } }
                    }
                }
            }
        }
    }
}

fn standing_card(title: &str, s: &Standing, required: bool, full: bool) -> Markup {
    html! {
        div.card {
            h2 { (title) }
            p { "内容版本：" code { (s.version.short()) } }
            @match &s.approved_by {
                Some((who, role, at)) => { p.ok { "✓ 已审核：" (who) "（" (role) "）" (at) } }
                None => { p class=(if required { "bad" } else { "warn" }) {
                    "✗ 这个版本还没有审核。"
                    @if required { "kiosk.ron 要求审核：播放器不会播放它，会继续播放上一个审核过的版本。" }
                } }
            }
            @match (&s.since, &s.sections) {
                _ if s.approved_by.is_some() => { p.muted { "这个版本已经审核过，不必再审。改动之后，这里会列出自这次审核以来的改动。" } }
                (Some((list, who, at)), _) => {
                    h2 { "自上次审核以来的改动" }
                    p.muted { "上次审核：" (who) "，" (at) "。共 " (list.len()) " 处。" }
                    (changes(list))
                }
                (None, Some(all)) if full => {
                    h2 { "全部文字（还没有审核过的版本，请通读）" }
                    table { @for sec in all { tr { td { b { (sec.key) } br; (sec.text) } } } }
                }
                (None, Some(_)) => { p.muted { "这个文件夹里还没有审核记录（草稿里的审核记录随发布一起上屏）。" } }
                (None, None) => { p.bad { "这个文件夹的内容有错误，读不出文字；改正后才能审核。" } }
            }
        }
    }
}

async fn show(State(state): State<AppState>, staff: Staff) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    page_for(&state, &staff, None).await
}

async fn page_for(state: &AppState, staff: &Staff, flash: Option<Markup>) -> Result<Markup, Fail> {
    let policy = policy(state);
    let (draft_root, live_root) = (state.paths.draft(), state.paths.live.clone());
    let p = policy.clone();
    let (draft, live) = tokio::task::spawn_blocking(move || {
        Ok::<_, Fail>((standing(&draft_root, &p)?, standing(&live_root, &p)?))
    })
    .await
    .map_err(|e| Fail::Internal(e.to_string()))??;
    let checked = checking::check_draft(state).await;
    let body = html! {
        @if let Some(f) = flash { (f) }
        p.muted {
            @if policy.required { "本机 kiosk.ron 要求审核：只有审核过的版本才会上屏。" }
            @else { "本机 kiosk.ron 没有要求审核（approval.required 为 false）：审核记录照样随内容发布，供其他要求审核的终端使用。" }
        }
        (standing_card("草稿", &draft, policy.required, true))
        @if staff.role == Role::Reviewer {
            @if checked.errors() > 0 {
                div.problem { "草稿还有 " (checked.errors()) " 处错误，改正后才能审核。" }
            } @else if draft.approved_by.is_none() {
                // Sent by htmx, which carries the CSRF header (a multipart body is
                // not read for a token); the answer's <main> replaces this one.
                form.card hx-post="/review/approve" hx-encoding="multipart/form-data" hx-target="main" hx-select="main" hx-swap="outerHTML" {
                    input type="hidden" name="csrf" value=(staff.csrf);
                    input type="hidden" name="version" value=(draft.version.to_string());
                    h2 { "审核并签名" }
                    label for="name" { "审核人姓名" }
                    input #name type="text" name="name" value=(staff.user) required;
                    label for="role" { "职务" }
                    input #role type="text" name="role" value="法制审核员" required;
                    label for="key" { "私钥文件（pufa-kiosk keygen 生成的，只用这一次，不会保存）" }
                    input #key type="file" name="key" required;
                    label for="passphrase" { "私钥口令（不会保存）" }
                    input #passphrase type="password" name="passphrase" autocomplete="off" required;
                    label { input type="checkbox" name="confirm" value="yes" required; " 我已读完上面的改动，确认审核这个版本（" (draft.version.short()) "）" }
                    p { button type="submit" { "签名审核" } }
                }
            }
        } @else {
            p.muted { "只有“审核”角色（法制审核员）可以在这里签名审核。" }
        }
        (standing_card("屏幕上的版本（已发布）", &live, policy.required, false))
    };
    Ok(page::page(staff, "/review", "审核", body))
}

fn bad(zh: &str, en: &str) -> Fail {
    Fail::Bad(zh.to_owned(), en.to_owned())
}

async fn approve(
    State(state): State<AppState>,
    Reviewer(staff): Reviewer,
    mut multipart: Multipart,
) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    let (mut version, mut name, mut role, mut pem, mut passphrase, mut confirm) = (
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        false,
    );
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| bad("表单没有传完。", "The form did not arrive whole."))?
    {
        let key = field.name().unwrap_or_default().to_owned();
        let bytes = field
            .bytes()
            .await
            .map_err(|_| bad("表单没有传完。", "The form did not arrive whole."))?;
        if bytes.len() > KEY_LIMIT {
            return Err(bad("文件太大，不是私钥文件。", "Too large for a key file."));
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        match key.as_str() {
            "version" => version = text,
            "name" => name = text.trim().to_owned(),
            "role" => role = text.trim().to_owned(),
            "key" => pem = text,
            "passphrase" => passphrase = text,
            "confirm" => confirm = text == "yes",
            _ => {}
        }
    }
    if !confirm || name.is_empty() || role.is_empty() {
        return Err(bad(
            "需要姓名、职务，并勾选“确认审核”。",
            "A name, a role and the confirmation are needed.",
        ));
    }
    let root = state.paths.draft();
    let policy = policy(&state);
    let zone = state.tz.clone();
    let signer = staff.user.clone();
    let written = tokio::task::spawn_blocking(move || -> Result<(String, Version), Fail> {
        // Only a folder that passes `check` can be approved.
        let content = pufa_kiosk_core::content::load(&root).map_err(|d| {
            Fail::Bad(
                format!("草稿有 {} 处问题，改正后才能审核。", d.len()),
                "The draft has errors; fix them before approving.".into(),
            )
        })?;
        let now = policy
            .version_of(&root)
            .map_err(|e| Fail::Internal(e.to_string()))?;
        // Approve only what was shown: a draft changed since is read again.
        if now.to_string() != version.trim() {
            return Err(bad(
                "您审阅期间草稿又被改动了，没有审核。请重新打开“审核”页，读过新的改动再审核。",
                "The draft changed while you read it; nothing was approved. Read it again.",
            ));
        }
        let key = approval::open_key(&pem, &passphrase).map_err(|(zh, en)| Fail::Bad(zh, en))?;
        if !policy.approvers.is_empty() && !policy.approvers.contains(&key.verifying_key()) {
            return Err(bad(
                "这个私钥不在 kiosk.ron 的审核人名单（approval.approvers）里，终端不会认可它的审核，所以没有写入。",
                "This key is not in kiosk.ron's approvers; kiosks would refuse its approval, so none was written.",
            ));
        }
        let document = words::document(&words::sections(&content));
        let at = pufa_kiosk_core::health::local_text(&jiff::Timestamp::now().to_zoned_datetime(zone));
        let signed = approval::sign(
            &key,
            now,
            Scope::Content,
            &name,
            &role,
            &at,
            &approval::digest(document.as_bytes()),
        );
        let path = approval::write(&root, &signed, &document)
            .map_err(|e| Fail::Internal(format!("无法写入审核记录：{e}")))?;
        let file = path
            .strip_prefix(&root)
            .map_or_else(|_| path.display().to_string(), |p| p.display().to_string());
        Ok((file, now))
    })
    .await
    .map_err(|e| Fail::Internal(e.to_string()))??;
    let (file, approved) = written;
    crate::record(
        &state,
        &signer,
        "审核通过（签名）",
        &file,
        &approved.to_string(),
        &approved.to_string(),
    );
    let flash = html! {
        div.flash {
            "已审核并签名：内容版本 " (approved.short()) "（" (file) "）。"
            "审核记录在草稿里，随下一次发布一起上屏。"
        }
    };
    page_for(&state, &staff, Some(flash)).await
}
