//! The page every area shares: the menu, the signed-in member of staff, the
//! scripts (served from the binary), and errors as pages staff can read.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::state::Role;

/// Who is signed in, as the pages need it.
#[derive(Debug, Clone)]
pub struct Staff {
    pub user: String,
    pub role: Role,
    pub csrf: String,
}

impl Staff {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// The areas of the menu: path and name.
const AREAS: &[(&str, &str)] = &[
    ("/now", "现在"),
    ("/content", "内容"),
    ("/playlist", "播放"),
    ("/publish", "发布"),
    ("/review", "审核"),
    ("/log", "记录"),
    ("/notice", "紧急通知"),
    ("/campaigns", "活动"),
    ("/fleet", "终端"),
];

const STYLE: &str = r#"
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:0;color:#1d2733;background:#f4f6f8;font-size:16px;line-height:1.6}
header{background:#8b1a1a;color:#fff;display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem;padding:.4rem 1rem}
header a{color:#fff;text-decoration:none;padding:.35rem .7rem;border-radius:4px;font-size:1.05rem}
header a.on{background:rgba(255,255,255,.25);font-weight:bold}
header .who{margin-left:auto;font-size:.9rem}
header form{display:inline}
main{max-width:1100px;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.4rem 0 1rem}
h2{font-size:1.2rem;margin:1.2rem 0 .5rem}
.card{background:#fff;border:1px solid #d5dbe1;border-radius:6px;padding:1rem;margin-bottom:1rem}
table{border-collapse:collapse;width:100%;background:#fff}
td,th{border-bottom:1px solid #e2e6ea;padding:.4rem .5rem;text-align:left;vertical-align:top}
button,.button{background:#8b1a1a;color:#fff;border:0;border-radius:4px;padding:.5rem 1rem;font-size:1rem;cursor:pointer;text-decoration:none;display:inline-block}
button.plain,.button.plain{background:#e8ecef;color:#1d2733}
input[type=text],input[type=password],input[type=number],textarea,select{font:inherit;padding:.4rem;border:1px solid #b9c2cb;border-radius:4px;width:100%}
textarea{min-height:7rem}
label{display:block;font-weight:bold;margin-top:.8rem}
.ok{color:#1c6b2c}.bad{color:#b00020}.warn{color:#8a5a00}.muted{color:#66717c;font-size:.9rem}
.problem{border-left:4px solid #b00020;background:#fdecee;padding:.4rem .6rem;margin:.3rem 0;font-weight:normal}
.problem.warning{border-color:#c98a00;background:#fff6e0}
.problem .en{color:#66717c;font-size:.85rem}
.field-bad input,.field-bad textarea{border-color:#b00020;border-width:2px}
.article{background:#f7f3e8;border:1px solid #e0d6bd;padding:.5rem;border-radius:4px;font-weight:normal}
.article label{display:inline;font-weight:normal;margin:0}
ul.sortable{list-style:none;padding:0}
ul.sortable li{background:#fff;border:1px solid #d5dbe1;border-radius:6px;margin:.3rem 0;padding:.5rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;touch-action:none}
.handle{cursor:grab;font-size:1.4rem;padding:0 .5rem;user-select:none}
.grow{flex:1;min-width:10rem}
img.shot{max-width:100%;border:1px solid #999}
del{background:#fdecee}ins{background:#e3f6e6;text-decoration:none}
.flash{background:#e3f6e6;border:1px solid #9fd3a8;padding:.6rem;border-radius:4px;margin-bottom:1rem}
@media (max-width:600px){main{padding:.5rem}header a{padding:.3rem .4rem}td,th{padding:.3rem}}
@media (max-width:600px){table.stack tr:first-child{display:none}table.stack tr{display:block;border:1px solid #d5dbe1;border-radius:6px;margin:.5rem 0}table.stack td{display:block;border:0}table.stack td:empty{display:none}table.stack td[data-label]::before{content:attr(data-label) "：";font-weight:bold;color:#66717c}}
"#;

const HTMX_CONFIG: &str =
    r#"{"responseHandling": [{"code": "204", "swap": false}, {"code": "[2345]..", "swap": true}]}"#;

/// A whole page with the menu, `area` highlighted.
pub fn page(staff: &Staff, area: &str, title: &str, body: Markup) -> Markup {
    let headers = format!(r#"{{"X-CSRF-Token": "{}"}}"#, staff.csrf);
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · 普法屏控制台" }
                style { (PreEscaped(STYLE)) }
                // A refusal (4xx) is shown where the answer goes, so staff read why.
                meta name="htmx-config" content=(HTMX_CONFIG);
                script src="/assets/htmx.min.js" {}
                script src="/assets/Sortable.min.js" {}
            }
            body hx-headers=(headers) {
                header {
                    @for (path, name) in AREAS {
                        a href=(path) class=[(*path == area).then_some("on")] { (name) }
                    }
                    @if staff.is_admin() {
                        a href="/accounts" class=[("/accounts" == area).then_some("on")] { "账户" }
                    }
                    span.who {
                        (staff.user) "（" (staff.role.zh()) "） "
                        form method="post" action="/logout" {
                            input type="hidden" name="csrf" value=(staff.csrf);
                            button.plain type="submit" { "退出" }
                        }
                    }
                }
                main { h1 { (title) } (body) }
            }
        }
    }
}

/// A page without the menu (the login page).
pub fn bare(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · 普法屏控制台" }
                style { (PreEscaped(STYLE)) }
            }
            body { main style="max-width:420px" { h1 { (title) } (body) } }
        }
    }
}

/// A problem said to staff in Chinese, with the English for IT beneath.
pub fn say(zh: &str, en: &str) -> Markup {
    html! { (zh) br; span.muted { (en) } }
}

/// What went wrong with a request, as a response staff can read.
#[derive(Debug)]
pub enum Fail {
    /// Not signed in: back to the login page.
    SignIn,
    /// Signed in, but the role does not allow it.
    Forbidden,
    /// Signed in, but the role does not allow it, with why (Chinese, English).
    Role(&'static str, &'static str),
    /// The request itself is wrong (a name, a form): 400 with the reason.
    Bad(String, String),
    /// Not found.
    Missing,
    /// Something on the machine failed (a file could not be written).
    Internal(String),
}

impl From<std::io::Error> for Fail {
    fn from(e: std::io::Error) -> Self {
        Fail::Internal(e.to_string())
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        let (status, zh, en) = match self {
            Fail::SignIn => {
                return (
                    StatusCode::SEE_OTHER,
                    [
                        (header::LOCATION, "/login"),
                        (header::HeaderName::from_static("hx-redirect"), "/login"),
                    ],
                )
                    .into_response();
            }
            Fail::Forbidden => (
                StatusCode::FORBIDDEN,
                "只有“管理”角色可以这样做。".to_owned(),
                "Only the 管理 (admin) role may do this.".to_owned(),
            ),
            Fail::Role(zh, en) => (StatusCode::FORBIDDEN, zh.to_owned(), en.to_owned()),
            Fail::Bad(zh, en) => (StatusCode::BAD_REQUEST, zh, en),
            Fail::Missing => (
                StatusCode::NOT_FOUND,
                "没有这一项。".to_owned(),
                "Not found.".to_owned(),
            ),
            Fail::Internal(e) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("出错了：{e}。请告诉负责电脑的同事。"),
                format!("Internal error: {e}"),
            ),
        };
        let body = html! { div.problem { (say(&zh, &en)) } p { a href="/now" { "返回首页" } } };
        (status, bare("出错了", body)).into_response()
    }
}

/// The vendored scripts, embedded so nothing is fetched at run time.
pub const HTMX: &[u8] = include_bytes!("../assets/vendor/htmx-2.0.11.min.js");
pub const SORTABLE: &[u8] = include_bytes!("../assets/vendor/Sortable-1.15.7.min.js");
