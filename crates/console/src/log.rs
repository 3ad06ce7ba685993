//! 记录: the console's log, newest first.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use maud::{Markup, html};

use crate::journal;
use crate::page::{self, Staff};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/log", get(show))
}

/// Entries shown on the page.
const SHOWN: usize = 500;

async fn show(State(state): State<AppState>, staff: Staff) -> Markup {
    let entries = journal::recent(&state.paths.log(), SHOWN);
    let body = html! {
        p.muted { "每一次登录、修改、预览、发布都记在这里（只追加，不修改），文件在统计文件夹："
            (state.paths.log().display()) "。版本是内容文件夹全部文件的校验值。" }
        table {
            tr { th { "时间" } th { "人员" } th { "操作" } th { "对象" } th { "版本（前 → 后）" } }
            @for e in &entries {
                tr {
                    td { (crate::status::local(&e.at, &state.tz)) }
                    td { (e.user) }
                    td { (e.action) }
                    td.muted { (e.target) }
                    td.muted { @if !e.before.is_empty() || !e.after.is_empty() { (e.before) " → " (e.after) } }
                }
            }
        }
        @if entries.is_empty() { p { "还没有记录。" } }
    };
    page::page(&staff, "/log", "记录", body)
}
