//! 现在: what the screen shows at this moment, from the player's status file, a
//! screenshot on request, and today's figures.

use std::time::{Duration, SystemTime};

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use maud::{Markup, html};

use crate::page::{self, Fail, Staff};
use crate::state::AppState;
use crate::status::{self, PlayerStatus};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { axum::response::Redirect::to("/now") }))
        .route("/now", get(show))
        .route("/now/screenshot", post(ask_screenshot))
        .route("/now/screenshot/wait", get(wait_screenshot))
        .route("/now/screen.png", get(screen_png))
}

const REQUEST: &str = "screenshot.request";
const SCREEN: &str = "screen.png";
/// How long the player has to answer a screenshot request.
const ANSWER_WITHIN: Duration = Duration::from_secs(5);
/// A status file older than this means the player is not running.
const STALE: i64 = 180;

fn kind_zh(kind: &str) -> &str {
    match kind {
        "panel" | "Panel" => "展板",
        "comic" | "Comic" => "漫画",
        "bureau" | "Bureau" => "本局信息",
        "roadmap" => "路线图",
        other => other,
    }
}

fn change_zh(change: &str) -> &str {
    match change {
        "added" => "新增",
        "changed" => "修改",
        "removed" => "删除",
        other => other,
    }
}

async fn show(State(state): State<AppState>, staff: Staff) -> Markup {
    let text = std::fs::read_to_string(
        state
            .paths
            .health()
            .join(pufa_kiosk_core::health::STATUS_FILE),
    );
    let player = text.ok().as_deref().and_then(PlayerStatus::parse);
    let tz = &state.tz;
    let body = html! {
        div.card {
            h2 style="margin-top:0" { "屏幕画面" }
            div #screen { (screen_block(&state)) }
            button hx-post="/now/screenshot" hx-target="#screen" { "现在截图" }
        }
        @match &player {
            None => div.card { p.bad { "没有找到播放器的状态文件（" (state.paths.health().display()) "/status.json）：播放器可能没有运行。" } },
            Some(p) => (player_block(p, tz)),
        }
        div.card { h2 style="margin-top:0" { "今天" } (today(&state)) }
    };
    page::page(&staff, "/now", "现在", body)
}

fn player_block(p: &PlayerStatus, tz: &jiff::tz::TimeZone) -> Markup {
    let age = status::age_seconds(&p.updated);
    let stale = !p.up || age.is_none_or(|a| a > STALE);
    // An older player counts errors and warnings together, as `diagnostics`.
    let apart = p.errors + p.warnings > 0 || p.diagnostics == 0;
    html! {
        div.card {
            h2 style="margin-top:0" { "播放器" }
            @if stale { p.bad { "播放器状态已 " (age.map_or("很久".to_owned(), |a| format!("{} 分钟", a / 60))) " 没有更新：可能没有运行。" } }
            @else { p.ok { "运行中 · " (p.kiosk) " · 状态更新于 " (status::local(&p.updated, tz)) } }
            table {
                tr { th { "正在播放" } td {
                    @match &p.on_screen {
                        Some(s) => { b { (s.title) } " （" (kind_zh(&s.kind)) " " span.muted { (s.id) } "，自 " (status::local(&s.since, tz)) " 起）" }
                        None => span.muted { "播放器没有报告（旧版播放器）" },
                    }
                } }
                tr { th { "正在进行的活动" } td {
                    @if p.on_air.campaigns.is_empty() { "无" }
                    @for c in &p.on_air.campaigns { (c.title) "　" }
                } }
                tr { th { "下一次变化" } td { (p.on_air.next_change.as_deref().map(|t| status::local(t, tz)).unwrap_or_else(|| "—".into())) } }
                tr { th { "内容问题" } td {
                    @if !apart {
                        (p.diagnostics) " 处问题（旧版播放器不分错误和提醒）"
                    } @else if p.errors > 0 {
                        span.bad { (p.errors) " 处错误" } "，" (p.warnings) " 处提醒"
                    } @else {
                        span.ok { "没有错误" } "，" (p.warnings) " 处提醒"
                    }
                } }
                tr { th { "启动于" } td { (status::local(&p.started, tz)) " · 版本 " (p.version) " · 内容第 " (p.content_generation) " 版" } }
            }
            @if let Some(c) = &p.last_change {
                h2 { "最近一次内容更新" }
                p {
                    (status::local(&c.at, tz)) " · 第 " (c.generation) " 版 · "
                    @if c.ok { span.ok { "已上屏" } } @else { span.bad { "未上屏（有错误，继续播放上一版）" } }
                }
                ul { @for f in &c.files { li { (change_zh(&f.change)) "：" (f.path) } } }
                @for pr in &c.problems {
                    div class={"problem" @if pr.severity != "error" { " warning" }} {
                        (pr.file) @if let Some(l) = pr.line { ":" (l) } @if let Some(col) = pr.column { ":" (col) } " — " (pr.message)
                    }
                }
            } @else if let Some(r) = &p.last_reload {
                p { "最近一次重新载入：" (status::local(&r.at, tz)) " · " @if r.ok { span.ok { "成功" } } @else { span.bad { "失败" } } }
            }
        }
    }
}

fn today(state: &AppState) -> Markup {
    let date = jiff::Timestamp::now()
        .to_zoned_datetime(state.tz.clone())
        .date();
    let files = pufa_kiosk_core::stats::read_folder(&state.paths.stats(), Some(date), Some(date))
        .unwrap_or_default();
    let s = pufa_kiosk_core::stats::Summary::of(&files);
    html! {
        p { "触摸使用 " b { (s.sessions()) } " 次 · 播放 " b { (format!("{:.1}", s.playback_hours())) } " 小时" }
        @if !s.items.is_empty() {
            p.muted { "播放最久：" @for (item, secs) in s.items.iter().take(5) { (item) "（" (format!("{:.0}", secs / 60.0)) " 分钟）　" } }
        }
        p.muted { "统计每分钟写入一次。" }
    }
}

fn screen_block(state: &AppState) -> Markup {
    let path = state.paths.health().join(SCREEN);
    let age = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok());
    html! {
        @match age {
            Some(age) => {
                img.shot src={"/now/screen.png?" (age.as_millis())} alt="屏幕截图";
                p.muted { "截图于 " (age.as_secs()) " 秒前。" }
            }
            None => p.muted { "还没有截图。" },
        }
    }
}

async fn ask_screenshot(State(state): State<AppState>, staff: Staff) -> Result<Markup, Fail> {
    let health = state.paths.health();
    std::fs::create_dir_all(&health)?;
    std::fs::write(health.join(REQUEST), staff.user.as_bytes())?;
    crate::record(&state, &staff.user, "请求截图", "", "", "");
    Ok(html! {
        div hx-get="/now/screenshot/wait" hx-trigger="load delay:500ms" hx-swap="outerHTML" {
            p.muted { "已请求播放器截图，请稍候…" }
        }
    })
}

async fn wait_screenshot(State(state): State<AppState>, _staff: Staff) -> Markup {
    let health = state.paths.health();
    let asked = std::fs::metadata(health.join(REQUEST))
        .and_then(|m| m.modified())
        .ok();
    match asked {
        // The player removes the request once the picture is written.
        None => screen_block(&state),
        Some(at) if SystemTime::now().duration_since(at).unwrap_or_default() > ANSWER_WITHIN => {
            let _ = std::fs::remove_file(health.join(REQUEST));
            html! {
                p.bad { "播放器 " (ANSWER_WITHIN.as_secs()) " 秒内没有回应截图请求：播放器可能没有运行，或版本太旧不支持截图。" }
                (screen_block(&state))
            }
        }
        Some(_) => html! {
            div hx-get="/now/screenshot/wait" hx-trigger="load delay:500ms" hx-swap="outerHTML" {
                p.muted { "已请求播放器截图，请稍候…" }
            }
        },
    }
}

async fn screen_png(State(state): State<AppState>, _staff: Staff) -> Result<Response, Fail> {
    let bytes = std::fs::read(state.paths.health().join(SCREEN)).map_err(|_| Fail::Missing)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        bytes,
    )
        .into_response())
}
