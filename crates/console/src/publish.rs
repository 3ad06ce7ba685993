//! 发布: what changed between the live folder and the draft, item by item; the
//! check that must pass; a hand-made change in the live folder shown, never
//! overwritten silently; and the swap that puts the draft on screen.

use std::path::Path;

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use maud::{Markup, html};
use pufa_kiosk_core::panel::PanelFile;

use crate::auth::Admin;
use crate::checking;
use crate::content::{Laws, cite_label, problem};
use crate::draft::{self, Change, Refused};
use crate::page::{self, Fail, Staff};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/publish", get(show).post(publish))
        .route("/publish/merge", post(merge))
        .route("/publish/retake", post(retake))
}

/// One difference staff read: what, and the old and new words.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub file: String,
    pub change: Change,
    /// The item's name for staff.
    pub what: String,
    /// (field, old, new) for the fields that changed.
    pub fields: Vec<(String, String, String)>,
}

fn is_picture(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".webp"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// The differences between the folder at `live` and the one at `draft`.
pub fn differences(live: &Path, draft_root: &Path) -> std::io::Result<Vec<Difference>> {
    let (old, new) = (draft::files(live)?, draft::files(draft_root)?);
    let laws = Laws::load(draft_root);
    let mut out = Vec::new();
    for (file, change) in draft::changes(&old, &new) {
        let read = |root: &Path| std::fs::read_to_string(root.join(&file)).unwrap_or_default();
        let (before, after) = (read(live), read(draft_root));
        let mut d = Difference {
            file: file.clone(),
            change,
            what: String::new(),
            fields: Vec::new(),
        };
        if is_picture(&file) {
            d.what = "图片".into();
            let size = |root: &Path| {
                std::fs::metadata(root.join(&file))
                    .map_or(String::new(), |m| format!("{} KB", m.len() / 1024))
            };
            d.fields.push(("图片".into(), size(live), size(draft_root)));
        } else if file.starts_with("panels/") && file.ends_with(".ron") {
            let (a, b) = (
                ron::from_str::<PanelFile>(&before).ok(),
                ron::from_str::<PanelFile>(&after).ok(),
            );
            d.what = format!(
                "展板 {}",
                b.as_ref().or(a.as_ref()).map_or("", |p| p.title.as_str())
            );
            let fields = |p: &Option<PanelFile>| -> Vec<(&str, String)> {
                let Some(p) = p else { return Vec::new() };
                vec![
                    ("标题", p.title.clone()),
                    ("副标题", p.subtitle.clone().unwrap_or_default()),
                    ("正文", p.body.clone().unwrap_or_default()),
                    (
                        "原文引用",
                        p.quote
                            .as_ref()
                            .map(|q| cite_label(&laws, q))
                            .unwrap_or_default(),
                    ),
                    (
                        "依据条文",
                        p.cites
                            .iter()
                            .map(|c| cite_label(&laws, c))
                            .collect::<Vec<_>>()
                            .join("；"),
                    ),
                    ("突出显示", p.highlights.join("、")),
                    ("图片", p.image.clone().unwrap_or_default()),
                    ("来源", p.source.clone().unwrap_or_default()),
                    ("秒数", p.seconds.map(|s| s.to_string()).unwrap_or_default()),
                ]
            };
            let (fa, fb) = (fields(&a), fields(&b));
            let names = if fb.is_empty() { &fa } else { &fb };
            for (i, (name, _)) in names.iter().enumerate() {
                let va = fa.get(i).map(|f| f.1.clone()).unwrap_or_default();
                let vb = fb.get(i).map(|f| f.1.clone()).unwrap_or_default();
                if va != vb {
                    d.fields.push(((*name).to_owned(), va, vb));
                }
            }
        } else {
            d.what = "文件".into();
            let lines_a: Vec<&str> = before.lines().collect();
            let lines_b: Vec<&str> = after.lines().collect();
            let gone: Vec<&str> = lines_a
                .iter()
                .filter(|l| !lines_b.contains(l))
                .copied()
                .take(30)
                .collect();
            let came: Vec<&str> = lines_b
                .iter()
                .filter(|l| !lines_a.contains(l))
                .copied()
                .take(30)
                .collect();
            d.fields
                .push(("内容".into(), gone.join("\n"), came.join("\n")));
        }
        out.push(d);
    }
    Ok(out)
}

async fn show(State(state): State<AppState>, staff: Staff) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    render(&state, &staff, None).await
}

async fn render(state: &AppState, staff: &Staff, flash: Option<Markup>) -> Result<Markup, Fail> {
    let paths = state.paths.clone();
    let checked = checking::check_draft(state).await;
    let (standing, diffs) = tokio::task::spawn_blocking(move || {
        Ok::<_, std::io::Error>((
            draft::standing(&paths)?,
            differences(&paths.live, &paths.draft())?,
        ))
    })
    .await
    .map_err(|e| Fail::Internal(e.to_string()))??;
    let policy = state.approval_policy();
    let draft_root = state.paths.draft();
    // Whether the version that would go live is approved, when kiosk.ron asks.
    let unapproved = policy.required
        && !tokio::task::spawn_blocking(move || {
            pufa_kiosk_core::approval::state(&draft_root, &policy).is_ok_and(|s| s.approved())
        })
        .await
        .unwrap_or(false);
    let conflicts = standing.conflicts();
    let can_publish = checked.errors() == 0 && standing.live.is_empty() && !diffs.is_empty();
    let body = html! {
        @if let Some(f) = flash { (f) }
        div.card {
            "屏幕上的版本 " b { (standing.live_version) } " · 草稿版本 " b { (standing.draft_version) }
            " · 草稿取自 " (crate::status::local(&standing.base.taken_at, &state.tz))
        }
        @if unapproved {
            div.card.unapproved style="border:2px solid #c98a00" {
                h2 style="margin-top:0" class="warn" { "这个版本还没有审核" }
                p { "kiosk.ron 要求审核（approval.required）。未审核的版本发布后，播放器不会播放它：屏幕继续播放上一个审核过的版本，工作人员标记会写明“未审核的内容不会上线”。" }
                p { "请法制审核员在 " a href="/review" { "审核" } " 页读过改动并签名，然后再发布（审核记录随草稿一起发布）。" }
            }
        }
        @if !standing.live.is_empty() {
            div.card style="border:2px solid #b00020" {
                h2 style="margin-top:0" class="bad" { "屏幕上的内容在草稿之后被人直接改过" }
                p { "有人在草稿取出之后直接改了内容文件夹（例如用 U 盘拷贝）。为了不覆盖这些改动，现在不能发布。请先决定如何处理：" }
                table {
                    tr { th { "文件" } th { "现场改动" } th { "草稿也改了吗" } }
                    @for (file, change) in &standing.live {
                        tr { td { (file) } td { (change.zh()) } td { @if conflicts.contains(&file) { span.bad { "也改了（两边不同）" } } @else { "没有" } } }
                    }
                }
                form method="post" action="/publish/merge" style="display:inline" {
                    input type="hidden" name="csrf" value=(staff.csrf);
                    input type="hidden" name="live_wins" value="0";
                    button type="submit" { "把现场改动并入草稿（两边都改的文件保留草稿的）" }
                }
                " "
                form method="post" action="/publish/merge" style="display:inline" {
                    input type="hidden" name="csrf" value=(staff.csrf);
                    input type="hidden" name="live_wins" value="1";
                    button.plain type="submit" { "并入现场改动（两边都改的文件用现场的）" }
                }
            }
        }
        h2 { "检查" }
        @if checked.errors() > 0 {
            p.bad { "草稿有 " (checked.errors()) " 处错误，不能发布。播放器也不会播放有错误的内容。请先改正：" }
        } @else {
            p.ok { "✓ 草稿通过检查（" (checked.warnings()) " 处提醒）。" }
        }
        @for d in &checked.problems { (problem(d)) }
        h2 { "与屏幕上的内容相比，草稿改了什么" }
        @if diffs.is_empty() { p { "草稿与屏幕上的内容相同，没有要发布的。" } }
        @for d in &diffs {
            div.card {
                b { (d.change.zh()) " · " (d.what) } " " span.muted { (d.file) }
                table {
                    @for (name, old, new) in &d.fields {
                        tr { th style="width:6rem" { (name) } td { @if !old.is_empty() { del { (old) } } br; @if !new.is_empty() { ins { (new) } } } }
                    }
                }
            }
        }
        @if staff.is_admin() {
            form method="post" action="/publish" {
                input type="hidden" name="csrf" value=(staff.csrf);
                input type="hidden" name="version" value=(standing.draft_version);
                @if can_publish {
                    button type="submit" onclick="return confirm('确认发布？屏幕将在一秒内换成草稿的内容。')" { "确认发布到屏幕" }
                } @else {
                    button type="submit" disabled { "确认发布到屏幕" }
                }
            }
            form method="post" action="/publish/retake" style="margin-top:1rem" {
                input type="hidden" name="csrf" value=(staff.csrf);
                button.plain type="submit" onclick="return confirm('放弃草稿里的全部改动，重新从屏幕上的内容取一份草稿？')" { "放弃草稿，重新从屏幕上的内容开始" }
            }
        } @else {
            p.muted { "发布需要“管理”角色。" }
        }
    };
    Ok(page::page(staff, "/publish", "发布", body))
}

#[derive(serde::Deserialize)]
struct PublishForm {
    /// The draft version staff saw: a draft changed since is not published unseen.
    #[serde(default)]
    version: String,
}

async fn publish(
    State(state): State<AppState>,
    Admin(staff): Admin,
    axum::Form(form): axum::Form<PublishForm>,
) -> Result<Markup, Fail> {
    let _one = state.publishing.lock().await;
    let root = state.paths.draft();
    let checked = checking::check_draft(&state).await;
    let refuse = |zh: String| html! { div.problem { (zh) } };
    if checked.errors() > 0 {
        let why = format!("没有发布：草稿有 {} 处错误，见下方。", checked.errors());
        crate::record(&state, &staff.user, "发布被拒绝（有错误）", "", "", "");
        return render(&state, &staff, Some(refuse(why))).await;
    }
    if draft::version_of(&root) != form.version {
        return render(
            &state,
            &staff,
            Some(refuse(
                "没有发布：草稿在您查看之后又被改过，请再看一遍改动后确认。".into(),
            )),
        )
        .await;
    }
    let paths = state.paths.clone();
    let stamp = jiff::Timestamp::now()
        .to_zoned_datetime(state.tz.clone())
        .strftime("%Y%m%d-%H%M%S")
        .to_string();
    let done = tokio::task::spawn_blocking(move || draft::publish(&paths, &stamp))
        .await
        .map_err(|e| Fail::Internal(e.to_string()))?;
    match done {
        Ok((before, after)) => {
            crate::record(&state, &staff.user, "发布", "", &before, &after);
            render(&state, &staff, Some(html! { div.flash { "已发布：屏幕上的内容从 " (before) " 换成了 " (after) "，播放器一秒内显示。旧版本保存在 " (state.paths.history().display()) "。" } })).await
        }
        Err(Refused::LiveChanged(files)) => {
            crate::record(
                &state,
                &staff.user,
                "发布被拒绝（现场有改动）",
                &files.join(" "),
                "",
                "",
            );
            render(
                &state,
                &staff,
                Some(refuse(
                    "没有发布：屏幕上的内容被人直接改过，见下方。".into(),
                )),
            )
            .await
        }
        Err(Refused::Io(e)) => Err(Fail::Internal(e.to_string())),
    }
}

#[derive(serde::Deserialize)]
struct MergeForm {
    #[serde(default)]
    live_wins: String,
}

async fn merge(
    State(state): State<AppState>,
    staff: Staff,
    axum::Form(form): axum::Form<MergeForm>,
) -> Result<Markup, Fail> {
    let _one = state.publishing.lock().await;
    let live_wins = form.live_wins == "1";
    let paths = state.paths.clone();
    let now = crate::journal::now_local(&state.tz);
    let before = draft::version_of(&paths.draft());
    let taken = tokio::task::spawn_blocking(move || draft::merge_live(&paths, live_wins, &now))
        .await
        .map_err(|e| Fail::Internal(e.to_string()))??;
    let after = draft::version_of(&state.paths.draft());
    let action = if live_wins {
        "并入现场改动（冲突用现场的）"
    } else {
        "并入现场改动（冲突保留草稿的）"
    };
    crate::record(
        &state,
        &staff.user,
        action,
        &taken.join(" "),
        &before,
        &after,
    );
    render(&state, &staff, Some(html! { div.flash { "已把 " (taken.len()) " 个现场改动的文件并入草稿。请再看一遍改动。" } })).await
}

async fn retake(State(state): State<AppState>, Admin(staff): Admin) -> Result<Markup, Fail> {
    let _one = state.publishing.lock().await;
    let before = draft::version_of(&state.paths.draft());
    let paths = state.paths.clone();
    let now = crate::journal::now_local(&state.tz);
    tokio::task::spawn_blocking(move || draft::retake(&paths, &now))
        .await
        .map_err(|e| Fail::Internal(e.to_string()))??;
    let after = draft::version_of(&state.paths.draft());
    crate::record(
        &state,
        &staff.user,
        "放弃草稿，重新取草稿",
        "",
        &before,
        &after,
    );
    render(
        &state,
        &staff,
        Some(html! { div.flash { "已重新从屏幕上的内容取了草稿。" } }),
    )
    .await
}
