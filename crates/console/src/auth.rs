//! Signing in and out, sessions in cookies, CSRF tokens on every change, lockout
//! after wrong passwords, and the accounts page (管理 only).

use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::html;

use crate::accounts::{self, Accounts};
use crate::page::{self, Fail, Staff};
use crate::state::{
    AppState, Attempts, LOCK_AFTER, LOCKOUT, Role, SESSION_LIFETIME, Session, random_token,
};

const SESSION_COOKIE: &str = "pk_session";
const LOGIN_COOKIE: &str = "pk_login";
/// The form field and header that carry the CSRF token.
pub const CSRF_FIELD: &str = "csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The largest form read to find a CSRF field (uploads send the header instead).
const FORM_LIMIT: usize = 1 << 20;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/accounts", get(accounts_page).post(set_account))
}

fn cookie(req: &Parts, name: &str) -> Option<String> {
    req.headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

fn set_cookie(state: &AppState, name: &str, value: &str, max_age: u64) -> String {
    let secure = if state.tls { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// The session a request's cookie names, if it is live; renews its expiry.
fn session_of(state: &AppState, parts: &Parts) -> Option<Session> {
    let token = cookie(parts, SESSION_COOKIE)?;
    let mut sessions = state.sessions();
    let now = Instant::now();
    sessions.by_token.retain(|_, s| s.expires > now);
    let s = sessions.by_token.get_mut(&token)?;
    s.expires = now + SESSION_LIFETIME;
    Some(s.clone())
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Fail;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Fail> {
        let s = session_of(state, parts).ok_or(Fail::SignIn)?;
        // A 审核 reads everything and previews, but changes nothing but approvals:
        // every other change is refused here, where every handler's session is.
        if s.role == Role::Reviewer && !reviewer_may(&parts.method, parts.uri.path()) {
            return Err(Fail::Role(
                "“审核”角色只能查看、预览和审核，不能修改内容。",
                "The 审核 (reviewer) role may read, preview and approve, not change content.",
            ));
        }
        Ok(Staff {
            user: s.user,
            role: s.role,
            csrf: s.csrf,
        })
    }
}

/// What a 审核 may request: any page, and of changes only signing out, previews
/// and approvals.
fn reviewer_may(method: &Method, path: &str) -> bool {
    matches!(*method, Method::GET | Method::HEAD)
        || path == "/logout"
        || path.starts_with("/review/")
        || path.ends_with("/preview")
}

/// A signed-in 审核 (legal officer).
pub struct Reviewer(pub Staff);

impl FromRequestParts<AppState> for Reviewer {
    type Rejection = Fail;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Fail> {
        let staff = Staff::from_request_parts(parts, state).await?;
        if staff.role == Role::Reviewer {
            Ok(Reviewer(staff))
        } else {
            Err(Fail::Role(
                "只有“审核”角色（法制审核员）可以审核。",
                "Only the 审核 (reviewer) role may approve.",
            ))
        }
    }
}

/// A signed-in 管理.
pub struct Admin(pub Staff);

impl FromRequestParts<AppState> for Admin {
    type Rejection = Fail;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Fail> {
        let staff = Staff::from_request_parts(parts, state).await?;
        if staff.is_admin() {
            Ok(Admin(staff))
        } else {
            Err(Fail::Forbidden)
        }
    }
}

/// Refuses a change (any method but GET and HEAD) that does not carry the
/// session's CSRF token, in the `X-CSRF-Token` header (htmx sends it on every
/// request) or as the form field `csrf`. The login form carries the token of a
/// cookie set with the form instead, as there is no session yet.
pub async fn csrf(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let expected = if parts.uri.path() == "/login" {
        cookie(&parts, LOGIN_COOKIE)
    } else {
        session_of(&state, &parts).map(|s| s.csrf)
    };
    let Some(expected) = expected.filter(|e| !e.is_empty()) else {
        return refuse_csrf();
    };
    if let Some(sent) = parts.headers.get(CSRF_HEADER) {
        return if sent.as_bytes() == expected.as_bytes() {
            next.run(Request::from_parts(parts, body)).await
        } else {
            refuse_csrf()
        };
    }
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return refuse_csrf();
    }
    let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
        return refuse_csrf();
    };
    let sent = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == CSRF_FIELD)
        .map(|(_, v)| v.into_owned());
    if sent.as_deref() == Some(expected.as_str()) {
        next.run(Request::from_parts(parts, Body::from(bytes)))
            .await
    } else {
        refuse_csrf()
    }
}

fn refuse_csrf() -> Response {
    let body = page::bare(
        "请求被拒绝",
        html! {
            div.problem { (page::say(
                "这个请求缺少安全令牌（CSRF），已被拒绝。请刷新页面后重试。",
                "Refused: the request lacks its CSRF token. Reload the page and try again.",
            )) }
            p { a href="/now" { "返回" } }
        },
    );
    (StatusCode::FORBIDDEN, body).into_response()
}

async fn login_page(State(state): State<AppState>) -> Response {
    let token = random_token(16);
    let body = html! {
        form.card method="post" action="/login" {
            input type="hidden" name="csrf" value=(token);
            label for="user" { "账户名" }
            input #user type="text" name="user" autocomplete="username" required autofocus;
            label for="password" { "密码" }
            input #password type="password" name="password" autocomplete="current-password" required;
            p { button type="submit" { "登录" } }
        }
        p.muted { "普法宣传屏控制台 · 只在本机或本单位网络内使用" }
    };
    (
        [(
            header::SET_COOKIE,
            set_cookie(&state, LOGIN_COOKIE, &token, 3600),
        )],
        page::bare("登录", body),
    )
        .into_response()
}

#[derive(serde::Deserialize)]
struct LoginForm {
    user: String,
    password: String,
}

async fn login(State(state): State<AppState>, axum::Form(form): axum::Form<LoginForm>) -> Response {
    let name = form.user.trim().to_owned();
    let refuse = |zh: &str, en: &str| {
        let body = html! {
            div.problem { (page::say(zh, en)) }
            p { a.button href="/login" { "重新登录" } }
        };
        (StatusCode::UNAUTHORIZED, page::bare("登录", body)).into_response()
    };
    let locked = {
        let sessions = state.sessions();
        sessions
            .attempts
            .get(&name)
            .and_then(|a| a.locked_until)
            .filter(|until| *until > Instant::now())
    };
    if let Some(until) = locked {
        let minutes = until.saturating_duration_since(Instant::now()).as_secs() / 60 + 1;
        return refuse(
            &format!(
                "这个账户因连续 {LOCK_AFTER} 次密码错误已被锁定，请 {minutes} 分钟后再试，或请管理员重设密码。"
            ),
            &format!(
                "This account is locked after {LOCK_AFTER} wrong passwords; try again in {minutes} min."
            ),
        );
    }
    let accounts = Accounts::load(&state.paths.accounts()).unwrap_or_default();
    let account = accounts.get(&name).cloned();
    let hash = account
        .as_ref()
        .map_or_else(|| accounts::decoy_hash().to_owned(), |a| a.hash.clone());
    let password = form.password;
    let right = tokio::task::spawn_blocking(move || accounts::verify(&hash, &password))
        .await
        .unwrap_or(false);
    let Some(account) = account.filter(|_| right) else {
        let mut sessions = state.sessions();
        let a = sessions
            .attempts
            .entry(name.clone())
            .or_insert_with(Attempts::default);
        a.failures += 1;
        if a.failures >= LOCK_AFTER {
            a.locked_until = Some(Instant::now() + LOCKOUT);
            a.failures = 0;
            drop(sessions);
            log(&state, &name, "登录失败，账户锁定", "");
            return refuse(
                &format!(
                    "密码连续错误 {LOCK_AFTER} 次，账户已锁定 {} 分钟。",
                    LOCKOUT.as_secs() / 60
                ),
                &format!(
                    "{LOCK_AFTER} wrong passwords: the account is locked for {} min.",
                    LOCKOUT.as_secs() / 60
                ),
            );
        }
        let left = LOCK_AFTER - a.failures;
        drop(sessions);
        log(&state, &name, "登录失败", "");
        return refuse(
            &format!("账户名或密码不对。再错 {left} 次，账户将被锁定。"),
            &format!("Wrong name or password; {left} more and the account locks."),
        );
    };
    let token = random_token(32);
    let csrf = random_token(32);
    if token.is_empty() || csrf.is_empty() {
        return Fail::Internal("no random source".into()).into_response();
    }
    {
        let mut sessions = state.sessions();
        sessions.attempts.remove(&name);
        sessions.by_token.insert(
            token.clone(),
            Session {
                user: account.name.clone(),
                role: account.role,
                csrf,
                expires: Instant::now() + SESSION_LIFETIME,
            },
        );
    }
    log(&state, &account.name, "登录", "");
    (
        StatusCode::SEE_OTHER,
        [
            (
                header::SET_COOKIE,
                set_cookie(&state, SESSION_COOKIE, &token, SESSION_LIFETIME.as_secs()),
            ),
            (header::LOCATION, "/now".to_owned()),
        ],
    )
        .into_response()
}

async fn logout(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    if let Some(token) = cookie(&parts, SESSION_COOKIE) {
        let gone = state.sessions().by_token.remove(&token);
        if let Some(s) = gone {
            log(&state, &s.user, "退出", "");
        }
    }
    (
        [(
            header::SET_COOKIE,
            set_cookie(&state, SESSION_COOKIE, "", 0),
        )],
        Redirect::to("/login"),
    )
        .into_response()
}

fn log(state: &AppState, user: &str, action: &str, target: &str) {
    crate::record(state, user, action, target, "", "");
}

async fn accounts_page(
    State(state): State<AppState>,
    Admin(staff): Admin,
) -> Result<maud::Markup, Fail> {
    let accounts = Accounts::load(&state.paths.accounts()).map_err(Fail::Internal)?;
    let locked: Vec<String> = {
        let now = Instant::now();
        state
            .sessions()
            .attempts
            .iter()
            .filter(|(_, a)| a.locked_until.is_some_and(|u| u > now))
            .map(|(n, _)| n.clone())
            .collect()
    };
    let body = html! {
        table {
            tr { th { "账户" } th { "角色" } th { "状态" } }
            @for u in &accounts.users {
                tr { td { (u.name) } td { (u.role.zh()) }
                     td { @if locked.contains(&u.name) { span.bad { "已锁定（重设密码即解锁）" } } @else { "正常" } } }
            }
        }
        h2 { "添加账户或重设密码" }
        form.card method="post" action="/accounts" {
            input type="hidden" name="csrf" value=(staff.csrf);
            label for="name" { "账户名" } input #name type="text" name="name" required;
            label for="role" { "角色" }
            select #role name="role" { option value="编辑" { "编辑（修改、预览）" } option value="管理" { "管理（发布、账户）" } option value="审核" { "审核（法制审核员：查看改动、签名审核）" } }
            label for="pw" { "密码（至少 8 个字符）" } input #pw type="password" name="password" autocomplete="new-password" required;
            p { button type="submit" { "保存" } }
        }
    };
    Ok(page::page(&staff, "/accounts", "账户", body))
}

#[derive(serde::Deserialize)]
struct AccountForm {
    name: String,
    role: String,
    password: String,
}

async fn set_account(
    State(state): State<AppState>,
    Admin(staff): Admin,
    axum::Form(form): axum::Form<AccountForm>,
) -> Result<Response, Fail> {
    let role = Role::parse(&form.role).ok_or_else(|| {
        Fail::Bad(
            "角色只能是 编辑 或 管理".into(),
            "role must be 编辑, 管理 or 审核".into(),
        )
    })?;
    let path = state.paths.accounts();
    let name = form.name.trim().to_owned();
    let password = form.password;
    let saved = tokio::task::spawn_blocking(move || {
        let mut accounts = Accounts::load(&path)?;
        accounts.set(&name, role, &password)?;
        accounts.save(&path)
    })
    .await
    .map_err(|e| Fail::Internal(e.to_string()))?;
    saved.map_err(|e| Fail::Bad(e.clone(), e))?;
    state.sessions().attempts.remove(form.name.trim());
    log(&state, &staff.user, "设置账户", form.name.trim());
    Ok(Redirect::to("/accounts").into_response())
}
