//! 紧急通知: the urgent notice (`notice.ron`), sent by an admin straight to the
//! screens, and ended early.
//!
//! **Why not the draft.** A notice is urgent ("reception closes at 15:00 today"):
//! it cannot wait for the draft's unrelated edits to be finished, checked and
//! approved, and it must never publish them along with it. So sending builds a
//! copy of the *live* folder beside it with only `notice.ron` added (or removed),
//! checks that copy with the same code as `pufa-kiosk check` (refused on any
//! error), and exchanges it with the live folder in one step (`renameat2`), as a
//! publish does: the player sees the old folder or the new one, never a mix. The
//! same `notice.ron` is written into the draft and the draft's base, so the next
//! publish neither drops it nor reports it as a hand-made live change.

use std::path::Path;

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use jiff::Timestamp;
use maud::{Markup, html};
use pufa_kiosk_core::notice::{self, NoticeFile, Screens};

use crate::auth::Admin;
use crate::checking;
use crate::content::{self, Laws, Pairs, cite_label, problem, ron_cite, ron_string, value};
use crate::draft;
use crate::page::{self, Fail, Staff};
use crate::state::{AppState, Paths};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notice", get(show).post(send))
        .route("/notice/end", post(end))
}

/// How many citation rows the form offers.
const CITE_ROWS: usize = 2;

/// The notice of the folder at `root`, as written, if it has one that reads.
pub fn current(root: &Path) -> Option<Result<NoticeFile, String>> {
    let text = std::fs::read_to_string(root.join(notice::FILE_NAME)).ok()?;
    Some(ron::from_str::<NoticeFile>(&text).map_err(|e| e.to_string()))
}

fn screens_zh(s: Screens) -> &'static str {
    match s {
        Screens::All => "全部屏幕",
        Screens::Boards => "只在户外显示屏",
        Screens::Touchscreens => "只在大厅触摸屏",
    }
}

/// `notice.ron` for a submitted form, or why it cannot be written.
pub fn notice_text(form: &Pairs, primary: &str) -> Result<String, (String, String)> {
    let text = value(form, "text");
    if text.is_empty() {
        return Err((
            "请写通知的内容。".into(),
            "Write the notice's words.".into(),
        ));
    }
    let until = value(form, "until");
    if notice::parse_time(until).is_none() {
        return Err((
            format!("结束时间“{until}”看不懂，请写成 2026-12-05 18:00。"),
            format!("The end time `{until}` cannot be read; write 2026-12-05 18:00."),
        ));
    }
    let from = value(form, "from");
    if !from.is_empty() && notice::parse_time(from).is_none() {
        return Err((
            format!("开始时间“{from}”看不懂，请写成 2026-12-05 14:00，或空着表示立即开始。"),
            format!(
                "The start time `{from}` cannot be read; write 2026-12-05 14:00 or leave it empty."
            ),
        ));
    }
    let screens = match value(form, "screens") {
        "Boards" => "Boards",
        "Touchscreens" => "Touchscreens",
        _ => "All",
    };
    let cites: Vec<String> = (0..CITE_ROWS)
        .filter_map(|k| content::cite_of(form, &format!("c{k}")))
        .map(|c| ron_cite(&c, primary))
        .collect();
    let source = value(form, "source");
    let mut out = String::from(
        "// 紧急通知，由控制台发送 / the urgent notice, sent from the staff console.\n(\n",
    );
    out.push_str(&format!("    text: {},\n", ron_string(text)));
    if !from.is_empty() {
        out.push_str(&format!("    from: Some({}),\n", ron_string(from)));
    }
    out.push_str(&format!("    until: {},\n", ron_string(until)));
    out.push_str(&format!("    screens: {screens},\n"));
    if !cites.is_empty() {
        out.push_str(&format!("    cites: [{}],\n", cites.join(", ")));
    }
    if !source.is_empty() {
        out.push_str(&format!("    source: Some({}),\n", ron_string(source)));
    }
    out.push_str(")\n");
    Ok(out)
}

/// Why a notice did not go out.
#[derive(Debug)]
pub enum NotSent {
    /// The live folder with the notice fails `check`: every problem.
    Problems(Vec<pufa_kiosk_core::diagnostics::Diagnostic>),
    Io(std::io::Error),
}

impl From<std::io::Error> for NotSent {
    fn from(e: std::io::Error) -> Self {
        NotSent::Io(e)
    }
}

/// Puts `text` as `notice.ron` (or removes it, for `None`) into the live folder:
/// a copy of the live folder with only that change, checked as `check` checks,
/// swapped in whole. The draft gets the same file and its base the new hash, so
/// nothing else of the draft goes live and the next publish keeps the notice.
/// Returns the live versions (before, after).
pub fn put_live(
    paths: &Paths,
    text: Option<&str>,
    stamp: &str,
) -> Result<(String, String), NotSent> {
    let before = draft::version_of(&paths.live);
    let name = paths
        .live
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "content".into());
    let parent = paths.live.parent().unwrap_or(Path::new(".")).to_path_buf();
    let new = parent.join(format!(".{name}.notice-{stamp}"));
    let _ = std::fs::remove_dir_all(&new);
    draft::copy_tree(&paths.live, &new)?;
    let file = new.join(notice::FILE_NAME);
    match text {
        Some(t) => std::fs::write(&file, t)?,
        None => {
            let _ = std::fs::remove_file(&file);
        }
    }
    let checked = checking::check(&new);
    if checked.errors() > 0 {
        let _ = std::fs::remove_dir_all(&new);
        return Err(NotSent::Problems(
            checked
                .problems
                .into_iter()
                .filter(|d| d.is_error())
                .collect(),
        ));
    }
    let manifest = new.join(pufa_kiosk_core::manifest::FILE_NAME);
    if manifest.is_file() {
        let _ = std::fs::remove_file(&manifest);
        let m = pufa_kiosk_core::manifest::generate(&new)?;
        std::fs::write(&manifest, pufa_kiosk_core::manifest::to_text(&m))?;
    }
    if let Ok(f) = std::fs::File::open(&new) {
        let _ = f.sync_all();
    }
    draft::exchange(&new, &paths.live)?;
    let history = paths.history();
    std::fs::create_dir_all(&history)?;
    std::fs::rename(&new, history.join(format!("{stamp}-{before}")))?;
    // The draft and its base follow, for notice.ron (and a manifest) only.
    let after_files = draft::files(&paths.live)?;
    if paths.draft().is_dir() {
        for rel in [notice::FILE_NAME, pufa_kiosk_core::manifest::FILE_NAME] {
            let (live, in_draft) = (paths.live.join(rel), paths.draft().join(rel));
            if live.is_file() {
                if rel == notice::FILE_NAME || in_draft.is_file() {
                    std::fs::copy(&live, &in_draft)?;
                }
            } else {
                let _ = std::fs::remove_file(&in_draft);
            }
        }
        let base_path = paths.draft_base();
        let mut base: draft::Base = std::fs::read_to_string(&base_path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        for rel in [notice::FILE_NAME, pufa_kiosk_core::manifest::FILE_NAME] {
            match after_files.get(rel) {
                Some(h) => {
                    base.files.insert(rel.to_owned(), h.clone());
                }
                None => {
                    base.files.remove(rel);
                }
            }
        }
        let json = serde_json::to_string_pretty(&base).map_err(std::io::Error::other)?;
        pufa_kiosk_core::health::write_atomically(&base_path, &json)?;
    }
    Ok((before, draft::version(&after_files)))
}

async fn show(State(state): State<AppState>, staff: Staff) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    Ok(render(&state, &staff, None, &Pairs::new()))
}

fn render(state: &AppState, staff: &Staff, flash: Option<Markup>, form: &Pairs) -> Markup {
    let laws = Laws::load(&state.paths.live);
    let now = Timestamp::now();
    let civil_now = state.tz.to_datetime(now);
    let shown = current(&state.paths.live);
    let body = html! {
        @if let Some(f) = flash { (f) }
        div.card {
            h2 style="margin-top:0" { "屏幕上现在的紧急通知" }
            @match &shown {
                None => p { "现在没有紧急通知。" }
                Some(Err(e)) => div.problem { (page::say("notice.ron 读不懂，播放器不会显示它。", e)) }
                Some(Ok(n)) => {
                    @let until = notice::parse_time(&n.until);
                    @let from = n.from.as_deref().and_then(notice::parse_time);
                    @let ended = until.is_some_and(|u| u <= civil_now);
                    @let waiting = from.is_some_and(|f| f > civil_now);
                    p style="font-size:1.2rem" { b { (n.text) } }
                    p {
                        @if ended { span.bad { "已经结束" } " · " }
                        @else if waiting { span.warn { "还没开始" } " · " }
                        @else { span.ok { "正在显示" } " · " }
                        @if let Some(f) = &n.from { "从 " (f) " " }
                        "到 " b { (n.until) } " 结束（屏幕的时钟） · " (screens_zh(n.screens))
                    }
                    @if !n.cites.is_empty() {
                        p.muted { "依据：" @for c in &n.cites { (cite_label(&laws, c)) "　" } }
                    }
                    @if let Some(s) = &n.source { p.muted { "来源：" (s) } }
                    @if staff.is_admin() {
                        form method="post" action="/notice/end" {
                            input type="hidden" name="csrf" value=(staff.csrf);
                            button.plain type="submit" onclick="return confirm('现在就撤下这条紧急通知？')" { "提前结束（撤下通知）" }
                        }
                    }
                }
            }
        }
        div.card {
            h2 style="margin-top:0" { "发送紧急通知" }
            p.muted { "通知直接送到屏幕上（不等草稿发布，也不会把草稿里别的改动一起发出去），发送前按 pufa-kiosk check 的规则检查。最多 " (notice::MAX_CHARS) " 个字，一句话。" }
            @if staff.is_admin() {
                form method="post" action="/notice" {
                    input type="hidden" name="csrf" value=(staff.csrf);
                    label for="text" { "通知内容" }
                    input type="text" id="text" name="text" maxlength="200" value=(value(form, "text")) placeholder="例：今天下午接待大厅提前到15:00关闭，请到二楼窗口办理。";
                    div style="display:flex;flex-wrap:wrap;gap:0 1rem" {
                        div.grow {
                            label for="from" { "开始（可空，空着表示立即）" }
                            input type="text" id="from" name="from" value=(value(form, "from")) placeholder="2026-12-05 14:00";
                        }
                        div.grow {
                            label for="until" { "结束（必填）" }
                            input type="text" id="until" name="until" value=(value(form, "until")) placeholder=(format!("{} 18:00", civil_now.date()));
                        }
                        div.grow {
                            label for="screens" { "显示在" }
                            select id="screens" name="screens" {
                                option value="All" { "全部屏幕" }
                                option value="Touchscreens" selected[value(form, "screens") == "Touchscreens"] { "只在大厅触摸屏" }
                                option value="Boards" selected[value(form, "screens") == "Boards"] { "只在户外显示屏" }
                            }
                        }
                    }
                    label for="source" { "来源（不讲法律条文时写，例如 本局办公室；空着写“本局”）" }
                    input type="text" id="source" name="source" value=(value(form, "source"));
                    label { "依据条文（讲法律时选）" }
                    @for k in 0..CITE_ROWS {
                        @let row = format!("c{k}");
                        (content::cite_row(&laws, &row, content::cite_of(form, &row).as_ref()))
                    }
                    p { button type="submit" id="send-notice" { "发送到屏幕" } }
                }
            } @else {
                p.bad { "发送紧急通知需要“管理”角色。" }
            }
        }
    };
    page::page(staff, "/notice", "紧急通知", body)
}

async fn send(
    State(state): State<AppState>,
    Admin(staff): Admin,
    axum::Form(form): axum::Form<Pairs>,
) -> Result<Markup, Fail> {
    let _one = state.publishing.lock().await;
    crate::ensure_draft(&state)?;
    let laws = Laws::load(&state.paths.live);
    let refuse = |zh: &str, en: &str| Some(html! { div.problem { (page::say(zh, en)) } });
    let text = match notice_text(&form, &laws.primary) {
        Ok(t) => t,
        Err((zh, en)) => return Ok(render(&state, &staff, refuse(&zh, &en), &form)),
    };
    let civil_now = state.tz.to_datetime(Timestamp::now());
    if notice::parse_time(value(&form, "until")).is_some_and(|u| u <= civil_now) {
        return Ok(render(
            &state,
            &staff,
            refuse(
                "结束时间已经过了，这条通知不会显示。请写一个以后的时间。",
                "The end time has passed; the notice would never show.",
            ),
            &form,
        ));
    }
    let paths = state.paths.clone();
    let stamp = stamp(&state);
    let t = text.clone();
    let done = tokio::task::spawn_blocking(move || put_live(&paths, Some(&t), &stamp))
        .await
        .map_err(|e| Fail::Internal(e.to_string()))?;
    match done {
        Ok((before, after)) => {
            crate::record(
                &state,
                &staff.user,
                "发送紧急通知",
                &format!(
                    "{}：{}（到 {}）",
                    notice::FILE_NAME,
                    value(&form, "text"),
                    value(&form, "until")
                ),
                &before,
                &after,
            );
            Ok(render(
                &state,
                &staff,
                Some(
                    html! { div.flash { "已发送：紧急通知已放到屏幕上的内容文件夹，播放器一秒内显示。" } },
                ),
                &Pairs::new(),
            ))
        }
        Err(NotSent::Problems(problems)) => {
            crate::record(
                &state,
                &staff.user,
                "紧急通知被拒绝（检查有错误）",
                value(&form, "text"),
                "",
                "",
            );
            let flash = html! {
                div.problem { (page::say("没有发送：检查发现错误，请改正后再发。", "Not sent: the check found errors.")) }
                @for d in &problems { (problem(d)) }
            };
            Ok(render(&state, &staff, Some(flash), &form))
        }
        Err(NotSent::Io(e)) => Err(Fail::Internal(e.to_string())),
    }
}

async fn end(State(state): State<AppState>, Admin(staff): Admin) -> Result<Markup, Fail> {
    let _one = state.publishing.lock().await;
    crate::ensure_draft(&state)?;
    if !state.paths.live.join(notice::FILE_NAME).exists() {
        return Ok(render(
            &state,
            &staff,
            Some(html! { div.flash { "现在没有紧急通知。" } }),
            &Pairs::new(),
        ));
    }
    let old = std::fs::read_to_string(state.paths.live.join(notice::FILE_NAME)).unwrap_or_default();
    let old_text = ron::from_str::<NoticeFile>(&old)
        .map(|n| n.text)
        .unwrap_or_default();
    let paths = state.paths.clone();
    let stamp = stamp(&state);
    let done = tokio::task::spawn_blocking(move || put_live(&paths, None, &stamp))
        .await
        .map_err(|e| Fail::Internal(e.to_string()))?;
    match done {
        Ok((before, after)) => {
            crate::record(
                &state,
                &staff.user,
                "提前结束紧急通知",
                &old_text,
                &before,
                &after,
            );
            Ok(render(
                &state,
                &staff,
                Some(html! { div.flash { "已撤下紧急通知。" } }),
                &Pairs::new(),
            ))
        }
        Err(NotSent::Problems(problems)) => {
            let flash = html! {
                div.problem { (page::say("没有撤下：去掉通知后内容检查有错误。", "Not removed: the folder without it has errors.")) }
                @for d in &problems { (problem(d)) }
            };
            Ok(render(&state, &staff, Some(flash), &Pairs::new()))
        }
        Err(NotSent::Io(e)) => Err(Fail::Internal(e.to_string())),
    }
}

fn stamp(state: &AppState) -> String {
    format!(
        "{}-{}",
        Timestamp::now()
            .to_zoned_datetime(state.tz.clone())
            .strftime("%Y%m%d-%H%M%S"),
        crate::state::random_token(2)
    )
}
