//! Every route, in process (`tower::ServiceExt::oneshot`), each attack tried as
//! an attacker would: without a session, without the CSRF token, with wrong
//! passwords, oversized and disguised uploads, names that climb out of the folder,
//! and a hand-made change in the live folder that a publish must not overwrite.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use pufa_kiosk_console::accounts::Accounts;
use pufa_kiosk_console::{AppState, Paths, Preview, Role, app};
use tower::ServiceExt;

struct Site {
    _dir: tempfile::TempDir,
    paths: Paths,
    app: Router,
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy(&e.path(), &t);
        } else {
            std::fs::copy(e.path(), t).unwrap();
        }
    }
}

fn site_with(tls: bool) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    copy(&shipped, &dir.path().join("content"));
    let paths = Paths {
        config: dir.path().join("kiosk.ron"),
        live: dir.path().join("content"),
        data: dir.path().join("data"),
    };
    let mut accounts = Accounts::default();
    accounts.set("wang", Role::Admin, "correct horse").unwrap();
    accounts.set("li", Role::Editor, "battery staple").unwrap();
    accounts.save(&paths.accounts()).unwrap();
    let state = AppState::new(
        paths.clone(),
        Preview {
            program: PathBuf::from("/nonexistent/pufa-kiosk"),
            size: (1920, 1080),
        },
        tls,
        jiff::tz::TimeZone::get("Asia/Shanghai").unwrap(),
    );
    Site {
        _dir: dir,
        paths,
        app: app(state),
    }
}

fn site() -> Site {
    site_with(false)
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn send(app: &Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn cookie_value(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap().to_owned())
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {text}"))
        + start.len();
    let rest = &text[from..];
    &rest[..rest.find(end).unwrap()]
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

async fn try_login(app: &Router, user: &str, password: &str) -> Reply {
    let page = send(app, Request::get("/login").body(Body::empty()).unwrap()).await;
    let login_cookie = cookie_value(&page, "pk_login").unwrap();
    let token = between(&page.body, "name=\"csrf\" value=\"", "\"").to_owned();
    send(
        app,
        Request::post("/login")
            .header(header::COOKIE, login_cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&[
                ("csrf", &token),
                ("user", user),
                ("password", password),
            ])))
            .unwrap(),
    )
    .await
}

/// A signed-in member of staff: the session cookie and the CSRF token.
struct Who {
    cookie: String,
    csrf: String,
}

async fn login(app: &Router, user: &str, password: &str) -> Who {
    let reply = try_login(app, user, password).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let cookie = cookie_value(&reply, "pk_session").unwrap();
    let now = get(
        app,
        &Who {
            cookie: cookie.clone(),
            csrf: String::new(),
        },
        "/now",
    )
    .await;
    let csrf = between(&now.body, "X-CSRF-Token&quot;: &quot;", "&quot;").to_owned();
    Who { cookie, csrf }
}

async fn get(app: &Router, who: &Who, uri: &str) -> Reply {
    send(
        app,
        Request::get(uri)
            .header(header::COOKIE, &who.cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

/// A form posted as htmx posts it: the token in the header.
async fn post(app: &Router, who: &Who, uri: &str, body: String) -> Reply {
    send(
        app,
        Request::post(uri)
            .header(header::COOKIE, &who.cookie)
            .header("x-csrf-token", &who.csrf)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

fn panel_form(who: &Who, body: &str) -> Vec<(String, String)> {
    [
        ("csrf", who.csrf.as_str()),
        ("title", "信访程序：60日内办结"),
        ("subtitle", "出具信访处理意见书的事项"),
        ("body", body),
        ("quote.law", ""),
        ("quote.article", "34"),
        ("cite0.law", ""),
        ("cite0.article", "31"),
        ("cite0.p", "1"),
        ("cite0.i", "6"),
        ("cite1.law", ""),
        ("cite1.article", "45"),
        ("cite1.p", "1"),
        ("cite1.i", "1"),
        ("highlights", "60日\n30日"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn encode(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

const GOOD_BODY: &str = "这个期限适用于按信访程序办理、出具信访处理意见书的申诉求决类事项，从受理之日起算。情况复杂的，最多延长30日，并告诉您理由。未在期限内办结的，由上级机关、单位责令改正。";

#[tokio::test]
async fn every_page_needs_a_session() {
    let s = site();
    for uri in [
        "/now",
        "/content",
        "/content/panel/handling-60",
        "/playlist",
        "/publish",
        "/log",
        "/accounts",
        "/now/screen.png",
        "/law/article?row=x",
        "/content/ticker/0",
        "/content/step/0",
        "/content/comic/zoufang-wuqu/scene/0",
        "/review",
        "/notice",
        "/campaigns",
        "/campaigns/new",
        "/campaigns/edit/527",
        "/fleet",
        "/fleet/table",
        "/fleet/shot/lobby-1",
    ] {
        let r = send(&s.app, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{uri}");
        assert_eq!(r.headers[header::LOCATION], "/login", "{uri}");
    }
    let r = send(
        &s.app,
        Request::get("/assets/htmx.min.js")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "the vendored scripts are served from the binary"
    );
    assert!(r.body.contains("htmx"));
}

#[tokio::test]
async fn session_cookie_is_http_only_strict_and_secure_under_tls() {
    for tls in [false, true] {
        let s = site_with(tls);
        let r = try_login(&s.app, "wang", "correct horse").await;
        let set = r.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
        assert!(set.starts_with("pk_session="), "{set}");
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Max-Age="),
            "{set}"
        );
        assert_eq!(set.contains("Secure"), tls, "{set}");
        let token = between(&set, "pk_session=", ";");
        assert_eq!(token.len(), 64, "32 random bytes");
        let accounts = std::fs::read_to_string(s.paths.accounts()).unwrap();
        assert!(accounts.contains("$argon2id$") && !accounts.contains("correct horse"));
    }
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_even_against_the_right_one() {
    let s = site();
    for i in 1..=4 {
        let r = try_login(&s.app, "wang", "wrong").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains(&format!("再错 {} 次", 5 - i)), "{}", r.body);
    }
    let r = try_login(&s.app, "wang", "wrong").await;
    assert!(r.body.contains("已锁定"), "{}", r.body);
    let r = try_login(&s.app, "wang", "correct horse").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("锁定"), "{}", r.body);
    assert!(cookie_value(&r, "pk_session").is_none());
    // Another account is not affected, and the attempts are in the log.
    login(&s.app, "li", "battery staple").await;
    let log = std::fs::read_to_string(s.paths.log()).unwrap();
    assert!(log.contains("账户锁定"));
}

#[tokio::test]
async fn unknown_names_and_forged_login_forms_are_refused() {
    let s = site();
    assert_eq!(
        try_login(&s.app, "nobody", "correct horse").await.status,
        StatusCode::UNAUTHORIZED
    );
    let r = send(
        &s.app,
        Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("csrf=x&user=wang&password=correct+horse"))
            .unwrap(),
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "a login form not served by the console"
    );
}

#[tokio::test]
async fn a_change_without_the_csrf_token_is_refused() {
    let s = site();
    let who = login(&s.app, "wang", "correct horse").await;
    let before = std::fs::read_to_string(s.paths.live.join("playlist.ron")).unwrap();
    get(&s.app, &who, "/playlist").await;
    let draft_before = std::fs::read_to_string(s.paths.draft().join("playlist.ron")).unwrap();
    let body = form(&[("entry", "Bureau:"), ("seconds", ""), ("transition", "")]);
    for token in [None, Some("wrong")] {
        let mut req = Request::post("/playlist")
            .header(header::COOKIE, &who.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(t) = token {
            req = req.header("x-csrf-token", t);
        }
        let r = send(&s.app, req.body(Body::from(body.clone())).unwrap()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{token:?}");
        assert!(r.body.contains("CSRF"));
    }
    // In the form field instead of the header: accepted.
    let r = send(
        &s.app,
        Request::post("/publish/merge")
            .header(header::COOKIE, &who.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&[("csrf", "nope"), ("live_wins", "1")])))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        std::fs::read_to_string(s.paths.draft().join("playlist.ron")).unwrap(),
        draft_before
    );
    assert_eq!(
        std::fs::read_to_string(s.paths.live.join("playlist.ron")).unwrap(),
        before
    );
}

#[tokio::test]
async fn a_broken_number_rule_shows_beside_the_body_field_and_the_fix_clears_it() {
    let s = site();
    let who = login(&s.app, "li", "battery staple").await;
    let page = get(&s.app, &who, "/content/panel/handling-60").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("信访程序：60日内办结"));
    let bad = GOOD_BODY.replace("最多延长30日", "最多延长90日");
    let r = post(
        &s.app,
        &who,
        "/content/panel/handling-60",
        encode(&panel_form(&who, &bad)),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let body_field = between(&r.body, "<label for=\"body\">", "<label");
    assert!(
        body_field.contains("class=\"problem\""),
        "the problem sits under the body: {body_field}"
    );
    assert!(body_field.contains("90"), "{body_field}");
    let title_field = between(&r.body, "<label for=\"title\">", "<label");
    assert!(!title_field.contains("problem"), "{title_field}");
    assert!(
        std::fs::read_to_string(s.paths.draft().join("panels/handling-60.ron"))
            .unwrap()
            .contains("90日")
    );
    assert!(
        !std::fs::read_to_string(s.paths.live.join("panels/handling-60.ron"))
            .unwrap()
            .contains("90日"),
        "the live folder is untouched"
    );
    let listing = get(&s.app, &who, "/content").await;
    assert!(
        listing.body.contains("处错误"),
        "the list shows the panel's status"
    );
    let r = post(
        &s.app,
        &who,
        "/content/panel/handling-60",
        encode(&panel_form(&who, GOOD_BODY)),
    )
    .await;
    assert!(r.body.contains("检查通过"), "{}", r.body);
}

#[tokio::test]
async fn citations_are_picked_from_the_law_text() {
    let s = site();
    let who = login(&s.app, "li", "battery staple").await;
    get(&s.app, &who, "/content").await;
    let r = get(
        &s.app,
        &who,
        "/law/article?row=cite0&cite0.law=&cite0.article=34&cite0.p=1",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("第三十四条"), "{}", r.body);
    assert!(
        r.body.contains("name=\"cite0.p\" value=\"1\" checked"),
        "{}",
        r.body
    );
    let r = get(
        &s.app,
        &who,
        "/law/article?row=cite0&cite0.law=xianfa-2018&cite0.article=41",
    )
    .await;
    assert!(r.body.contains("第四十一条"), "{}", r.body);
    let r = get(&s.app, &who, "/law/article?row=cite0&cite0.article=9999").await;
    assert!(r.body.contains("没有第 9999 条"), "{}", r.body);
}

fn multipart(dest: &str, name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "XyZboundary";
    let mut body = Vec::new();
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"dest\"\r\n\r\n{dest}\r\n")
            .as_bytes(),
    );
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: image/png\r\n\r\n").as_bytes());
    body.extend(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(s: &Site, who: &Who, dest: &str, name: &str, bytes: &[u8]) -> Reply {
    let (kind, body) = multipart(dest, name, bytes);
    send(
        &s.app,
        Request::post("/content/upload")
            .header(header::COOKIE, &who.cookie)
            .header("x-csrf-token", &who.csrf)
            .header(header::CONTENT_TYPE, kind)
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

fn png() -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(64, 48, image::Rgba([200, 30, 30, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn uploads_are_checked_by_size_content_and_name() {
    let s = site();
    let who = login(&s.app, "li", "battery staple").await;
    get(&s.app, &who, "/content").await;
    let ok = upload(&s, &who, "images", "lobby.png", &png()).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(s.paths.draft().join("images/lobby.png").is_file());

    let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec();
    elf.resize(4096, 0);
    let r = upload(&s, &who, "images", "cat.png", &elf).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("不是 PNG"), "{}", r.body);
    assert!(!s.paths.draft().join("images/cat.png").exists());

    let r = upload(&s, &who, "images", "photo.jpg", &png()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "PNG bytes named .jpg");

    for name in [
        "../escape.png",
        "..%2Fescape.png",
        "/etc/passwd.png",
        ".hidden.png",
        "a/b.png",
    ] {
        let r = upload(&s, &who, "images", name, &png()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{name}: {}", r.body);
    }
    for dest in ["../..", "/tmp", "images/../.."] {
        let r = upload(&s, &who, dest, "x.png", &png()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{dest}");
    }
    assert!(!s.paths.live.parent().unwrap().join("escape.png").exists());
    assert!(
        !s.paths
            .draft()
            .parent()
            .unwrap()
            .join("escape.png")
            .exists()
    );

    // A symlink planted in the draft does not lead out of it.
    std::os::unix::fs::symlink("/tmp", s.paths.draft().join("comics/zoufang-wuqu/link")).unwrap();
    let r = upload(&s, &who, "comics/zoufang-wuqu/link", "x.png", &png()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    // 100 MB announced: refused before the body is read.
    let r = send(
        &s.app,
        Request::post("/content/upload")
            .header(header::COOKIE, &who.cookie)
            .header("x-csrf-token", &who.csrf)
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=b")
            .header(header::CONTENT_LENGTH, 100 * 1024 * 1024)
            .body(Body::from("--b--"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    // 21 MB sent without a length (chunked): cut off at the limit.
    let mut big = png();
    big.resize(21 * 1024 * 1024, 0);
    let (kind, body) = multipart("images", "big.png", &big);
    let stream = futures_stream(body);
    let r = send(
        &s.app,
        Request::post("/content/upload")
            .header(header::COOKIE, &who.cookie)
            .header("x-csrf-token", &who.csrf)
            .header(header::CONTENT_TYPE, kind)
            .body(stream)
            .unwrap(),
    )
    .await;
    assert!(
        r.status == StatusCode::PAYLOAD_TOO_LARGE || r.status == StatusCode::BAD_REQUEST,
        "{}",
        r.status
    );
    assert!(!s.paths.draft().join("images/big.png").exists());
}

fn futures_stream(bytes: Vec<u8>) -> Body {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        bytes.chunks(1 << 20).map(|c| Ok(c.to_vec())).collect();
    Body::from_stream(tokio_stream_iter(chunks))
}

fn tokio_stream_iter(
    items: Vec<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    struct Iter(std::vec::IntoIter<Result<Vec<u8>, std::io::Error>>);
    impl futures_core::Stream for Iter {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    Iter(items.into_iter())
}

#[tokio::test]
async fn names_never_reach_outside_the_folder() {
    let s = site();
    let who = login(&s.app, "wang", "correct horse").await;
    for uri in [
        "/content/panel/..%2F..%2Fdata%2Fconsole%2Faccounts",
        "/content/panel/..",
        "/content/panel/%2Fetc%2Fpasswd",
        "/content/preview/..%2Faccounts.ron",
        "/content/preview/.%2E",
    ] {
        let r = get(&s.app, &who, uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!r.body.contains("argon2"), "{uri}");
    }
}

#[tokio::test]
async fn only_an_admin_publishes_or_manages_accounts() {
    let s = site();
    let editor = login(&s.app, "li", "battery staple").await;
    get(&s.app, &editor, "/publish").await;
    let r = post(&s.app, &editor, "/publish", form(&[("version", "x")])).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        get(&s.app, &editor, "/accounts").await.status,
        StatusCode::FORBIDDEN
    );
    let r = post(
        &s.app,
        &editor,
        "/accounts",
        form(&[
            ("name", "evil"),
            ("role", "管理"),
            ("password", "long enough pw"),
        ]),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let admin = login(&s.app, "wang", "correct horse").await;
    let r = post(
        &s.app,
        &admin,
        "/accounts",
        form(&[
            ("name", "zhao"),
            ("role", "编辑"),
            ("password", "another long one"),
        ]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(get(&s.app, &admin, "/accounts").await.body.contains("zhao"));
    login(&s.app, "zhao", "another long one").await;
}

#[tokio::test]
async fn publish_shows_the_words_that_changed_then_swaps_the_folder() {
    let s = site();
    let who = login(&s.app, "wang", "correct horse").await;
    let changed = GOOD_BODY.replace("并告诉您理由", "并书面告诉您理由");
    post(
        &s.app,
        &who,
        "/content/panel/handling-60",
        encode(&panel_form(&who, &changed)),
    )
    .await;
    let page = get(&s.app, &who, "/publish").await;
    assert!(page.body.contains("通过检查"), "{}", page.body);
    assert!(page.body.contains("展板 信访程序：60日内办结"));
    let words = between(&page.body, "<th style=\"width:6rem\">正文</th>", "</tr>");
    assert!(
        words.contains("<del>") && words.contains("书面告诉您理由"),
        "{words}"
    );
    let version = between(&page.body, "name=\"version\" value=\"", "\"").to_owned();
    // A stale version (the draft changed after staff looked) is not published.
    let r = post(&s.app, &who, "/publish", form(&[("version", "stale")])).await;
    assert!(r.body.contains("又被改过"));
    let r = post(&s.app, &who, "/publish", form(&[("version", &version)])).await;
    assert!(r.body.contains("已发布"), "{}", r.body);
    let live = std::fs::read_to_string(s.paths.live.join("panels/handling-60.ron")).unwrap();
    assert!(live.contains("书面告诉您理由"));
    let history: Vec<_> = std::fs::read_dir(s.paths.history())
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(history.len(), 1);
    let old = std::fs::read_to_string(history[0].path().join("panels/handling-60.ron")).unwrap();
    assert!(!old.contains("书面"));
    let log = get(&s.app, &who, "/log").await;
    assert!(
        log.body.contains("发布") && log.body.contains("修改展板"),
        "{}",
        log.body
    );
    let entries = pufa_kiosk_console::journal::recent(&s.paths.log(), 50);
    let published = entries.iter().find(|e| e.action == "发布").unwrap();
    assert_ne!(published.before, published.after);
    assert_eq!(
        published.after,
        pufa_kiosk_console::draft::version_of(&s.paths.live)
    );
}

#[tokio::test]
async fn a_draft_with_errors_is_not_published() {
    let s = site();
    let who = login(&s.app, "wang", "correct horse").await;
    let bad = GOOD_BODY.replace("最多延长30日", "最多延长90日");
    post(
        &s.app,
        &who,
        "/content/panel/handling-60",
        encode(&panel_form(&who, &bad)),
    )
    .await;
    let page = get(&s.app, &who, "/publish").await;
    assert!(page.body.contains("不能发布"));
    let version = between(&page.body, "name=\"version\" value=\"", "\"").to_owned();
    let r = post(&s.app, &who, "/publish", form(&[("version", &version)])).await;
    assert!(r.body.contains("没有发布"), "{}", r.body);
    assert!(
        !std::fs::read_to_string(s.paths.live.join("panels/handling-60.ron"))
            .unwrap()
            .contains("90日")
    );
}

#[tokio::test]
async fn a_hand_made_live_change_is_shown_and_never_overwritten() {
    let s = site();
    let who = login(&s.app, "wang", "correct horse").await;
    let changed = GOOD_BODY.replace("并告诉您理由", "并书面告诉您理由");
    post(
        &s.app,
        &who,
        "/content/panel/handling-60",
        encode(&panel_form(&who, &changed)),
    )
    .await;
    // Someone copies a file in from a USB stick.
    let usb = s.paths.live.join("panels/handling-60.ron");
    let by_hand = std::fs::read_to_string(&usb)
        .unwrap()
        .replace("60日内办结", "60日内办结！");
    std::fs::write(&usb, &by_hand).unwrap();
    let page = get(&s.app, &who, "/publish").await;
    assert!(page.body.contains("被人直接改过"), "{}", page.body);
    assert!(page.body.contains("panels/handling-60.ron"));
    assert!(page.body.contains("也改了"));
    let version = between(&page.body, "name=\"version\" value=\"", "\"").to_owned();
    let r = post(&s.app, &who, "/publish", form(&[("version", &version)])).await;
    assert!(r.body.contains("没有发布"), "{}", r.body);
    assert_eq!(
        std::fs::read_to_string(&usb).unwrap(),
        by_hand,
        "the hand change survives"
    );
    // Staff take the live change in (the live version wins the conflict)…
    let r = post(&s.app, &who, "/publish/merge", form(&[("live_wins", "1")])).await;
    assert!(r.body.contains("并入草稿"), "{}", r.body);
    assert_eq!(
        std::fs::read_to_string(s.paths.draft().join("panels/handling-60.ron")).unwrap(),
        by_hand
    );
    assert!(!r.body.contains("被人直接改过"));
}

#[tokio::test]
async fn the_playlist_is_saved_in_the_order_sent() {
    let s = site();
    let who = login(&s.app, "li", "battery staple").await;
    let page = get(&s.app, &who, "/playlist").await;
    assert!(page.body.contains("new Sortable"));
    let entries: Vec<&str> = page
        .body
        .split("name=\"entry\" value=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert!(entries.len() > 5);
    let mut pairs = vec![("csrf".to_string(), who.csrf.clone())];
    let mut order: Vec<&str> = entries.clone();
    order.swap(0, 1);
    for e in &order {
        pairs.push(("entry".into(), e.to_string()));
        pairs.push((
            "seconds".into(),
            if *e == order[0] {
                "20".into()
            } else {
                String::new()
            },
        ));
        pairs.push(("transition".into(), String::new()));
    }
    let r = post(&s.app, &who, "/playlist", encode(&pairs)).await;
    assert!(r.body.contains("已保存"), "{}", r.body);
    let text = std::fs::read_to_string(s.paths.draft().join("playlist.ron")).unwrap();
    let file: pufa_kiosk_core::playlist::PlaylistFile = ron::from_str(&text).unwrap();
    let (_, first, seconds, _) = file.items[0].parts();
    assert_eq!(format!("Panel:{first}"), order[0]);
    assert_eq!(seconds, Some(20.0));
    assert!(pufa_kiosk_core::content::load(&s.paths.draft()).is_ok());
}

#[tokio::test]
async fn now_shows_the_item_on_screen_and_asks_for_a_screenshot() {
    let s = site();
    let who = login(&s.app, "li", "battery staple").await;
    let r = get(&s.app, &who, "/now").await;
    assert!(r.body.contains("没有找到播放器的状态文件"));
    std::fs::create_dir_all(s.paths.health()).unwrap();
    let now = jiff::Timestamp::now().to_string();
    let status = format!(
        r#"{{"up": true, "kiosk": "lobby", "started": "{now}", "updated": "{now}", "errors": 1, "warnings": 3, "diagnostics": 4,
            "on_screen": {{"page": "rotation", "kind": "panel", "id": "handling-60", "title": "信访程序：60日内办结", "since": "{now}"}},
            "on_air": {{"campaigns": [{{"id": "1204", "title": "12·4 国家宪法日"}}], "next_change": "2026-12-06T00:00:00+08:00"}},
            "last_change": {{"generation": 2, "at": "{now}", "ok": false, "files": [{{"path": "panels/a.ron", "change": "changed"}}],
                            "problems": [{{"file": "panels/a.ron", "line": 3, "severity": "error", "message": "数字不在条文中"}}]}}}}"#
    );
    std::fs::write(s.paths.health().join("status.json"), status).unwrap();
    let r = get(&s.app, &who, "/now").await;
    assert!(r.body.contains("信访程序：60日内办结"));
    assert!(r.body.contains("12·4 国家宪法日"));
    assert!(
        r.body.contains("12月06日 00:00:00"),
        "the next change on the kiosk's clock"
    );
    assert!(
        r.body.contains("1 处错误") && r.body.contains("3 处提醒"),
        "counted apart"
    );
    assert!(r.body.contains("panels/a.ron:3") && r.body.contains("数字不在条文中"));
    let r = post(&s.app, &who, "/now/screenshot", String::new()).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(s.paths.health().join("screenshot.request").is_file());
    // The player answers: the picture, and the request gone.
    std::fs::write(s.paths.health().join("screen.png"), png()).unwrap();
    std::fs::remove_file(s.paths.health().join("screenshot.request")).unwrap();
    let r = get(&s.app, &who, "/now/screenshot/wait").await;
    assert!(r.body.contains("秒前"), "{}", r.body);
    let shot = get(&s.app, &who, "/now/screen.png").await;
    assert_eq!(shot.headers[header::CONTENT_TYPE], "image/png");
}

#[tokio::test]
async fn the_office_network_needs_tls() {
    let e = pufa_kiosk_console::serve(pufa_kiosk_console::Options {
        config: PathBuf::from("kiosk.ron"),
        listen: "0.0.0.0:18080".parse().unwrap(),
        tls: None,
        program: PathBuf::from("pufa-kiosk"),
        fleet: None,
    })
    .unwrap_err();
    assert!(e.contains("TLS"), "{e}");
    assert_eq!(pufa_kiosk_console::DEFAULT_LISTEN, "127.0.0.1:8080");
}

/// The lines of `a` not in `b`, and of `b` not in `a` (as a multiset is not
/// needed: the files compared have no repeated changed lines).
fn changed_lines(a: &str, b: &str) -> (Vec<String>, Vec<String>) {
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    (
        la.iter()
            .filter(|l| !lb.contains(l))
            .map(|l| l.to_string())
            .collect(),
        lb.iter()
            .filter(|l| !la.contains(l))
            .map(|l| l.to_string())
            .collect(),
    )
}

fn comments(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.trim_start().starts_with("//"))
        .collect()
}

#[tokio::test]
async fn a_ticker_line_is_edited_in_place_with_every_comment_kept() {
    let s = site();
    let who = login(&s.app, "li", "battery staple").await;
    let listing = get(&s.app, &who, "/content").await;
    for link in [
        "/content/ticker/0",
        "/content/step/0",
        "/content/comic/zoufang-wuqu/scene/0",
    ] {
        assert!(listing.body.contains(&format!("href=\"{link}\"")), "{link}");
    }
    let page = get(&s.app, &who, "/content/ticker/1").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("走访请到有权处理"), "{}", page.body);
    assert!(
        page.body.contains("name=\"cite0.article\" value=\"20\""),
        "the picker shows the citation"
    );
    let old = std::fs::read_to_string(s.paths.draft().join("ticker.ron")).unwrap();
    // A number the cited article does not hold: saved to the draft, the problem
    // shown under the words' field.
    let body = form(&[
        ("csrf", &who.csrf),
        (
            "text",
            "走访请在3日内到有权处理的本级或者上一级机关、单位设立或者指定的接待场所提出。",
        ),
        ("cite0.law", ""),
        ("cite0.article", "20"),
        ("cite0.p", "1"),
        ("cite1.law", ""),
        ("cite1.article", ""),
        ("source", ""),
    ]);
    let r = post(&s.app, &who, "/content/ticker/1", body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let field = between(&r.body, "<label for=\"text\">", "<label");
    assert!(
        field.contains("class=\"problem\"") && field.contains('3'),
        "{field}"
    );
    let new = std::fs::read_to_string(s.paths.draft().join("ticker.ron")).unwrap();
    assert_eq!(comments(&old), comments(&new), "every comment stays");
    let (gone, came) = changed_lines(&old, &new);
    assert_eq!(gone.len(), 1, "only the words' line changed: {gone:?}");
    assert_eq!(came.len(), 1, "{came:?}");
    assert!(came[0].contains("3日内"));
    let log = std::fs::read_to_string(s.paths.log()).unwrap();
    assert!(log.contains("修改滚动字幕（草稿）") && log.contains("ticker.ron"));
    assert_eq!(
        get(&s.app, &who, "/content/ticker/999").await.status,
        StatusCode::NOT_FOUND
    );
}

fn step_form(who: &Who, title: &str, choices: &[(&str, &str)]) -> String {
    let mut pairs = vec![
        ("csrf".to_owned(), who.csrf.clone()),
        ("title".to_owned(), title.to_owned()),
        ("body".to_owned(), "已经在法院、检察院、公安机关或者仲裁机构办理的事，以及应当通过诉讼、仲裁解决的事，请按法定程序办。可以通过党员申诉、行政复议等途径解决的，机关会引导您走那条路。其他的事，可以通过信访渠道反映。".to_owned()),
    ];
    // The step's three citations, as the picker sends them.
    for (k, article, p, items) in [
        (0, "20", "2", ""),
        (1, "28", "2", ""),
        (2, "31", "1", "1234"),
    ] {
        pairs.push((format!("cite{k}.law"), String::new()));
        pairs.push((format!("cite{k}.article"), article.to_owned()));
        pairs.push((format!("cite{k}.p"), p.to_owned()));
        for i in items.chars() {
            pairs.push((format!("cite{k}.i"), i.to_string()));
        }
    }
    for (k, (label, next)) in choices.iter().enumerate() {
        pairs.push((format!("choice{k}.label"), label.to_string()));
        pairs.push((format!("choice{k}.next"), next.to_string()));
    }
    encode(&pairs)
}

#[tokio::test]
async fn a_roadmap_step_is_saved_only_while_the_roadmap_stays_whole() {
    let s = site();
    let who = login(&s.app, "li", "battery staple").await;
    get(&s.app, &who, "/content").await;
    let path = s.paths.draft().join("roadmap.ron");
    let old = std::fs::read_to_string(&path).unwrap();
    let file: pufa_kiosk_core::roadmap::RoadmapFile = ron::from_str(&old).unwrap();
    let step = &file.steps[0];
    assert_eq!(step.id, "matter");
    let choices: Vec<(&str, &str)> = step
        .choices
        .iter()
        .map(|c| (c.label.as_str(), c.next.as_str()))
        .collect();
    let page = get(&s.app, &who, "/content/step/0").await;
    assert!(page.body.contains("先看是什么事"), "{}", page.body);
    // A choice to a step that does not exist, and a start step without its
    // choices (every other step unreachable): refused, nothing written.
    let mut broken = choices.clone();
    broken[0].1 = "no-such-step";
    for (what, form) in [
        ("missing step", step_form(&who, "先看是什么事", &broken)),
        ("no choices", step_form(&who, "先看是什么事", &[])),
    ] {
        let r = post(&s.app, &who, "/content/step/0", form).await;
        assert_eq!(r.status, StatusCode::OK, "{what}");
        assert!(r.body.contains("没有保存"), "{what}: {}", r.body);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), old, "{what}");
    }
    let r = post(
        &s.app,
        &who,
        "/content/step/0",
        step_form(&who, "先分清是什么事", &choices),
    )
    .await;
    assert!(r.body.contains("已保存到草稿"), "{}", r.body);
    let new = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        comments(&old),
        comments(&new),
        "every comment stays, the section rules too"
    );
    let (gone, came) = changed_lines(&old, &new);
    assert_eq!((gone.len(), came.len()), (1, 1), "{gone:?} {came:?}");
    assert!(came[0].contains("title: \"先分清是什么事\""), "{came:?}");
    let back: pufa_kiosk_core::roadmap::RoadmapFile = ron::from_str(&new).unwrap();
    assert_eq!(back.steps[0].choices, file.steps[0].choices);
    assert!(pufa_kiosk_core::roadmap::validate(&back).is_empty());
}

#[tokio::test]
async fn a_comic_scene_and_a_commented_panel_keep_their_comments() {
    let s = site();
    let who = login(&s.app, "li", "battery staple").await;
    get(&s.app, &who, "/content").await;
    let path = s.paths.draft().join("comics/zoufang-wuqu/comic.ron");
    let old = std::fs::read_to_string(&path).unwrap();
    let comic: pufa_kiosk_core::comic::ComicFile = ron::from_str(&old).unwrap();
    let scene = &comic.scenes[0];
    let page = get(&s.app, &who, "/content/comic/zoufang-wuqu/scene/0").await;
    assert!(
        page.body.contains("越级走访") && page.body.contains("01-yueji-wuqu.png"),
        "{}",
        page.body
    );
    let mut pairs = vec![
        ("csrf".to_owned(), who.csrf.clone()),
        ("title".to_owned(), scene.title.clone()),
        ("verdict".to_owned(), "Mistake".to_owned()),
        (
            "explanation".to_owned(),
            "越级走访的，上级机关不予受理。".to_owned(),
        ),
    ];
    for (k, c) in scene.cites.iter().enumerate() {
        pairs.push((format!("cite{k}.law"), c.law.clone().unwrap_or_default()));
        pairs.push((format!("cite{k}.article"), c.article.to_string()));
        for p in &c.paragraphs {
            pairs.push((format!("cite{k}.p"), p.to_string()));
        }
        for i in &c.items {
            pairs.push((format!("cite{k}.i"), i.to_string()));
        }
    }
    for (k, f) in scene.frames.iter().enumerate() {
        pairs.push((format!("frame{k}.image"), f.image.clone()));
        pairs.push((format!("frame{k}.caption"), String::new()));
    }
    let r = post(
        &s.app,
        &who,
        "/content/comic/zoufang-wuqu/scene/0",
        encode(&pairs),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let new = std::fs::read_to_string(&path).unwrap();
    assert_eq!(comments(&old), comments(&new));
    let back: pufa_kiosk_core::comic::ComicFile = ron::from_str(&new).unwrap();
    assert_eq!(back.scenes[0].explanation, "越级走访的，上级机关不予受理。");
    assert!(
        back.scenes[0].frames[0].caption.is_none(),
        "an emptied caption is taken out"
    );
    assert_eq!(
        back.scenes[0].frames[0].bubbles, scene.frames[0].bubbles,
        "bubbles are kept"
    );
    assert_eq!(back.scenes[1..], comic.scenes[1..]);
    let log = std::fs::read_to_string(s.paths.log()).unwrap();
    assert!(log.contains("修改漫画场景（草稿）"));
    assert_eq!(
        get(&s.app, &who, "/content/comic/..%2F..%2Fetc/scene/0")
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The example panel, 40 lines of comments for staff, edited through its form.
    let path = s.paths.draft().join("panels/channels.ron");
    let old = std::fs::read_to_string(&path).unwrap();
    let form = [
        ("csrf", who.csrf.as_str()),
        ("title", "怎样反映问题"),
        ("subtitle", "一般采用书面形式"),
        (
            "body",
            "上网、写信、打电话、发传真，或者当面来访，都可以反映。",
        ),
        ("quote.law", ""),
        ("quote.article", "17"),
        ("quote.p", "1"),
        ("cite0.law", ""),
        ("cite0.article", "17"),
        ("cite0.p", "1"),
        ("cite1.law", ""),
        ("cite1.article", "19"),
        ("cite1.p", "1"),
        ("highlights", "信息网络、书信、电话、传真、走访"),
        ("image", ""),
        ("source", ""),
        ("seconds", "20"),
    ];
    let r = post(&s.app, &who, "/content/panel/channels", crate::form(&form)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let new = std::fs::read_to_string(&path).unwrap();
    assert_eq!(comments(&old).len(), 40);
    assert_eq!(comments(&old), comments(&new), "{new}");
    let back: pufa_kiosk_core::panel::PanelFile = ron::from_str(&new).unwrap();
    assert_eq!(back.seconds, Some(20.0));
    assert_eq!(back.cites.len(), 2);
    let (gone, came) = changed_lines(&old, &new);
    assert_eq!(gone.len(), 1, "the body's line: {gone:?}");
    assert_eq!(
        came.len(),
        2,
        "the body's line and the new seconds: {came:?}"
    );
}

fn approve_form(fields: &[(&str, &str)], key: &str) -> (String, Vec<u8>) {
    let boundary = "KeyBoundary7";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"key\"; filename=\"me.pem\"\r\nContent-Type: application/octet-stream\r\n\r\n{key}\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_approval(s: &Site, who: &Who, csrf: Option<&str>, body: (String, Vec<u8>)) -> Reply {
    let mut req = Request::post("/review/approve")
        .header(header::COOKIE, &who.cookie)
        .header(header::CONTENT_TYPE, body.0);
    if let Some(t) = csrf {
        req = req.header("x-csrf-token", t);
    }
    send(&s.app, req.body(Body::from(body.1)).unwrap()).await
}

#[tokio::test]
async fn only_the_reviewer_approves_with_their_key_and_publish_says_what_an_unapproved_version_does()
 {
    use pufa_kiosk_core::approval;
    let s = site();
    let (pem, public) = approval::generate_key("法制口令 long").unwrap();
    // kiosk.ron: the shipped one, with approval required and this key listed.
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../kiosk.ron"))
            .unwrap();
    let kiosk = shipped.replace(
        "approval: (required: false, approvers: [], notice_signers: []),",
        &format!("approval: (required: true, approvers: [\"{public}\"], notice_signers: []),"),
    );
    assert_ne!(kiosk, shipped);
    std::fs::write(&s.paths.config, kiosk).unwrap();
    let mut accounts = Accounts::load(&s.paths.accounts()).unwrap();
    accounts
        .set("zhao", Role::Reviewer, "legal officer pw")
        .unwrap();
    accounts.save(&s.paths.accounts()).unwrap();

    let editor = login(&s.app, "li", "battery staple").await;
    let admin = login(&s.app, "wang", "correct horse").await;
    let reviewer = login(&s.app, "zhao", "legal officer pw").await;
    // An edit, so the draft differs from what is live.
    let r = post(
        &s.app,
        &editor,
        "/content/panel/handling-60",
        encode(&panel_form(&editor, GOOD_BODY)),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let publish = get(&s.app, &admin, "/publish").await;
    assert!(
        publish.body.contains("这个版本还没有审核") && publish.body.contains("播放器不会播放它"),
        "{}",
        publish.body
    );

    // The reviewer reads every page but changes nothing but approvals.
    let review = get(&s.app, &reviewer, "/review").await;
    assert_eq!(review.status, StatusCode::OK);
    assert!(
        review.body.contains("全部文字") && review.body.contains("签名审核"),
        "{}",
        review.body
    );
    let version = between(&review.body, "name=\"version\" value=\"", "\"").to_owned();
    assert!(version.starts_with("sha256:"), "{version}");
    let before = std::fs::read_to_string(s.paths.draft().join("ticker.ron")).unwrap();
    let r = post(
        &s.app,
        &reviewer,
        "/content/ticker/0",
        form(&[("text", "改")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        std::fs::read_to_string(s.paths.draft().join("ticker.ron")).unwrap(),
        before
    );
    assert_eq!(
        post(&s.app, &reviewer, "/publish", form(&[("version", "x")]))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let fields = |pass: &'static str, v: &str| -> Vec<(&'static str, String)> {
        vec![
            ("version", v.to_owned()),
            ("name", "赵敏".into()),
            ("role", "法制审核员".into()),
            ("passphrase", pass.into()),
            ("confirm", "yes".into()),
        ]
    };
    let body = |f: Vec<(&'static str, String)>| {
        let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        approve_form(&pairs, &pem)
    };
    let approvals = s.paths.draft().join("approvals");
    // Not a reviewer; no CSRF token; a wrong passphrase; a version not the one read.
    let r = post_approval(
        &s,
        &editor,
        Some(&editor.csrf),
        body(fields("法制口令 long", &version)),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "an editor");
    let r = post_approval(&s, &reviewer, None, body(fields("法制口令 long", &version))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "without the token");
    let r = post_approval(
        &s,
        &reviewer,
        Some(&reviewer.csrf),
        body(fields("wrong", &version)),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("口令不对"), "{}", r.body);
    let r = post_approval(
        &s,
        &reviewer,
        Some(&reviewer.csrf),
        body(fields("法制口令 long", "sha256:00")),
    )
    .await;
    assert!(r.body.contains("草稿又被改动"), "{}", r.body);
    assert!(!approvals.exists(), "nothing was signed");

    let r = post_approval(
        &s,
        &reviewer,
        Some(&reviewer.csrf),
        body(fields("法制口令 long", &version)),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("已审核并签名") && r.body.contains("赵敏"),
        "{}",
        r.body
    );
    let policy = pufa_kiosk_core::settings::Settings::load(&s.paths.config)
        .unwrap()
        .approval;
    assert!(
        approval::state(&s.paths.draft(), &policy)
            .unwrap()
            .approved(),
        "the core accepts it"
    );
    let written: Vec<String> = std::fs::read_dir(&approvals)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        written
            .iter()
            .all(|t| !t.contains("法制口令") && !t.contains("PRIVATE KEY")),
        "neither the passphrase nor the key is kept"
    );
    let log = std::fs::read_to_string(s.paths.log()).unwrap();
    assert!(log.contains("审核通过（签名）") && !log.contains("法制口令"));
    let publish = get(&s.app, &admin, "/publish").await;
    assert!(
        !publish.body.contains("这个版本还没有审核"),
        "{}",
        publish.body
    );

    // A further edit: the reviewer reads only what changed since.
    let mut changed = panel_form(&editor, GOOD_BODY);
    changed[1].1 = "信访程序：60日办结".into();
    post(
        &s.app,
        &editor,
        "/content/panel/handling-60",
        encode(&changed),
    )
    .await;
    let review = get(&s.app, &reviewer, "/review").await;
    assert!(
        review.body.contains("自上次审核以来的改动") && review.body.contains("信访程序：60日办结"),
        "{}",
        review.body
    );
    assert!(!review.body.contains("全部文字"));
}

// ---- 紧急通知, 活动, 终端 (issue 22) ----

/// A notice ending tomorrow, on the kiosk's clock.
fn tomorrow_evening() -> String {
    let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
    let day = tz
        .to_datetime(jiff::Timestamp::now())
        .date()
        .tomorrow()
        .unwrap();
    format!("{day} 18:00")
}

fn notice_form(who: &Who, text: &str, until: &str) -> String {
    form(&[
        ("csrf", &who.csrf),
        ("text", text),
        ("from", ""),
        ("until", until),
        ("screens", "All"),
        ("source", "本局办公室"),
        ("c0.law", ""),
        ("c0.article", ""),
        ("c1.law", ""),
        ("c1.article", ""),
    ])
}

#[tokio::test]
async fn only_an_admin_sends_a_notice_and_it_goes_live_alone_checked_and_whole() {
    let s = site();
    let notice = s.paths.live.join("notice.ron");
    let text = "今天下午接待大厅提前到15:00关闭，请到二楼窗口办理。";
    // An editor sees the page but cannot send; without the token nobody can.
    let editor = login(&s.app, "li", "battery staple").await;
    let page = get(&s.app, &editor, "/notice").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("需要“管理”角色"));
    let until = tomorrow_evening();
    let r = post(
        &s.app,
        &editor,
        "/notice",
        notice_form(&editor, text, &until),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!notice.exists());
    let admin = login(&s.app, "wang", "correct horse").await;
    let r = send(
        &s.app,
        Request::post("/notice")
            .header(header::COOKIE, &admin.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(notice_form(
                &Who {
                    cookie: admin.cookie.clone(),
                    csrf: "forged".into(),
                },
                text,
                &until,
            )))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!notice.exists());
    // An unrelated draft edit must not go out with the notice.
    let changed = GOOD_BODY.replace("并告诉您理由", "并书面告诉您理由");
    post(
        &s.app,
        &admin,
        "/content/panel/handling-60",
        encode(&panel_form(&admin, &changed)),
    )
    .await;
    let live_before = std::fs::metadata(&s.paths.live).unwrap();
    let r = post(&s.app, &admin, "/notice", notice_form(&admin, text, &until)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("已发送"), "{}", r.body);
    assert!(
        r.body.contains("正在显示") && r.body.contains(&until),
        "{}",
        r.body
    );
    // Live, checked as `check` checks, swapped in whole (a new folder).
    let content = pufa_kiosk_core::content::load(&s.paths.live).expect("live folder passes check");
    let n = content.notice.expect("the notice is loaded");
    assert_eq!(n.text, text);
    assert!(n.shown.contains("来源：本局办公室"));
    use std::os::unix::fs::MetadataExt;
    assert_ne!(
        live_before.ino(),
        std::fs::metadata(&s.paths.live).unwrap().ino()
    );
    let live_panel = std::fs::read_to_string(s.paths.live.join("panels/handling-60.ron")).unwrap();
    assert!(
        !live_panel.contains("书面"),
        "the draft's panel edit went live with the notice"
    );
    // The draft has it too, and publishing does not see a hand-made live change.
    assert_eq!(
        std::fs::read_to_string(s.paths.draft().join("notice.ron")).unwrap(),
        std::fs::read_to_string(&notice).unwrap()
    );
    let publish = get(&s.app, &admin, "/publish").await;
    assert!(!publish.body.contains("直接改过"), "{}", publish.body);
    let entries = pufa_kiosk_console::journal::recent(&s.paths.log(), 50);
    let sent = entries.iter().find(|e| e.action == "发送紧急通知").unwrap();
    assert_eq!(sent.user, "wang");
    assert!(sent.target.contains(text));
    // An editor cannot end it; the admin can.
    let r = post(
        &s.app,
        &editor,
        "/notice/end",
        form(&[("csrf", &editor.csrf)]),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(notice.exists());
    let r = post(
        &s.app,
        &admin,
        "/notice/end",
        form(&[("csrf", &admin.csrf)]),
    )
    .await;
    assert!(r.body.contains("已撤下"), "{}", r.body);
    assert!(!notice.exists());
    assert!(!s.paths.draft().join("notice.ron").exists());
    assert!(
        pufa_kiosk_core::content::load(&s.paths.live)
            .unwrap()
            .notice
            .is_none()
    );
    let entries = pufa_kiosk_console::journal::recent(&s.paths.log(), 50);
    assert!(
        entries
            .iter()
            .any(|e| e.action == "提前结束紧急通知" && e.user == "wang")
    );
}

#[tokio::test]
async fn a_bad_notice_is_refused_with_the_reason_and_the_live_folder_is_untouched() {
    let s = site();
    let admin = login(&s.app, "wang", "correct horse").await;
    get(&s.app, &admin, "/notice").await;
    let before = pufa_kiosk_console::draft::version_of(&s.paths.live);
    let long = "请".repeat(100);
    let until = tomorrow_evening();
    for (text, until, expect) in [
        (long.as_str(), until.as_str(), "最多 80 个"),
        ("接待大厅今天提前关闭。", "明天傍晚", "看不懂"),
        ("接待大厅今天提前关闭。", "2020-01-01 18:00", "已经过了"),
        ("", until.as_str(), "请写通知的内容"),
        ("<script>alert(1)</script>", "2020-01-01 18:00", "已经过了"),
    ] {
        let r = post(&s.app, &admin, "/notice", notice_form(&admin, text, until)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains(expect), "{expect}: {}", r.body);
        assert!(!r.body.contains("<script>alert"), "escaped");
        assert!(!s.paths.live.join("notice.ron").exists(), "{text}");
    }
    // A citation that does not hold: refused by the same checks as `check`.
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(
        notice_form(&admin, "任何组织和个人不得打击报复信访人。", &until).as_bytes(),
    )
    .into_owned()
    .collect();
    for (k, v) in pairs.iter_mut() {
        if k == "c0.article" {
            *v = "999".into();
        }
    }
    let r = post(&s.app, &admin, "/notice", encode(&pairs)).await;
    assert!(r.body.contains("没有发送"), "{}", r.body);
    assert!(!s.paths.live.join("notice.ron").exists());
    assert_eq!(pufa_kiosk_console::draft::version_of(&s.paths.live), before);
}

fn campaign_form(who: &Who, id: &str) -> String {
    form(&[
        ("csrf", &who.csrf),
        ("id", id),
        ("title", "十二月上旬普法周"),
        ("dates", "yearly"),
        ("from", "12-01"),
        ("to", "12-10"),
        ("hours", ""),
        ("priority", "0"),
        ("mode", "Insert"),
        ("items", "Panel:handling-60"),
        ("items", "Panel:protected"),
        ("t0.text", "任何组织和个人不得打击报复信访人。"),
        ("t0.source", ""),
        ("t0c0.law", ""),
        ("t0c0.article", "18"),
        ("t0c0.p", "4"),
        ("t0c1.law", ""),
        ("t0c1.article", "17"),
        ("t0c1.p", "1"),
        ("t1.text", ""),
        ("t1.source", ""),
        ("t1c0.article", ""),
    ])
}

#[tokio::test]
async fn a_campaign_made_in_the_form_shows_on_its_days_and_the_day_it_is_hidden_is_marked() {
    let s = site();
    let editor = login(&s.app, "li", "battery staple").await;
    assert_eq!(
        get(&s.app, &editor, "/campaigns/new").await.status,
        StatusCode::OK
    );
    let r = post(
        &s.app,
        &editor,
        "/campaigns/edit/_new",
        campaign_form(&editor, "dec-week"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("通过检查"), "{}", r.body);
    let file = s.paths.draft().join("campaigns/dec-week/campaign.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    let parsed: pufa_kiosk_core::campaign::CampaignFile = ron::from_str(&text).unwrap();
    assert_eq!(
        (parsed.from.as_str(), parsed.to.as_str()),
        ("12-01", "12-10")
    );
    assert_eq!(parsed.items.len(), 2);
    let cited: Vec<u32> = parsed.ticker[0].cites.iter().map(|c| c.article).collect();
    assert_eq!(cited, [18, 17], "every citation of a line is kept");
    assert!(
        !s.paths.live.join("campaigns/dec-week").exists(),
        "edits go to the draft"
    );
    // The same id twice is refused; a name that climbs out is refused.
    let r = post(
        &s.app,
        &editor,
        "/campaigns/edit/_new",
        campaign_form(&editor, "dec-week"),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    for bad in ["../evil", "a/b", ".x", ""] {
        let r = post(
            &s.app,
            &editor,
            "/campaigns/edit/_new",
            campaign_form(&editor, bad),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let r = post(
        &s.app,
        &editor,
        "/campaigns/edit/..%2Fevil",
        campaign_form(&editor, ""),
    )
    .await;
    assert_ne!(r.status, StatusCode::OK);
    // Without the token: refused.
    let r = send(
        &s.app,
        Request::post("/campaigns/edit/dec-week")
            .header(header::COOKIE, &editor.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(campaign_form(
                &Who {
                    cookie: editor.cookie.clone(),
                    csrf: String::new(),
                },
                "",
            )))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A date that does not read: the form says so and the file stays.
    let bad = campaign_form(&editor, "").replace("from=12-01", "from=12%E6%9C%881");
    let r = post(&s.app, &editor, "/campaigns/edit/dec-week", bad).await;
    assert!(r.body.contains("看不懂"), "{}", r.body);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    // The calendar: its days carry it, and 12-04 (the 12·4 takeover) hides it.
    let cal = get(&s.app, &editor, "/campaigns?month=2026-12").await;
    assert_eq!(cal.status, StatusCode::OK);
    let cell = |date: &str| {
        let start = cal.body.find(&format!("data-date=\"{date}\"")).unwrap();
        let rest = &cal.body[start..];
        rest[..rest.find("</details>").unwrap()].to_owned()
    };
    assert!(cell("2026-12-02").contains("十二月上旬普法周"));
    assert!(!cell("2026-12-11").contains("十二月上旬普法周"));
    let hidden = cell("2026-12-04");
    assert!(
        hidden.contains("被遮住（整天）：十二月上旬普法周"),
        "{hidden}"
    );
    let start = cal.body.find("data-date=\"2026-12-04\"").unwrap();
    assert!(
        cal.body[..start]
            .rsplit("<div")
            .next()
            .unwrap()
            .contains("hidden-day")
    );
    assert!(!cell("2026-12-03").contains("被遮住"));
    // A day's items by title, and its ticker lines with their citation.
    assert!(cell("2026-12-02").contains("信访程序：60日内办结"));
    assert!(cell("2026-12-02").contains("任何组织和个人不得打击报复信访人。"));
    // Editing it again keeps it and lists it.
    let edit = get(&s.app, &editor, "/campaigns/edit/dec-week").await;
    assert!(edit.body.contains("value=\"12-01\""));
    assert_eq!(
        get(&s.app, &editor, "/campaigns/edit/nope").await.status,
        StatusCode::NOT_FOUND
    );
    // A moment that does not read is answered plainly.
    let r = post(
        &s.app,
        &editor,
        "/campaigns/preview",
        form(&[("at", "tomorrow")]),
    )
    .await;
    assert!(r.body.contains("看不懂"));
    let entries = pufa_kiosk_console::journal::recent(&s.paths.log(), 50);
    assert!(
        entries
            .iter()
            .any(|e| e.action == "新建活动" && e.user == "li")
    );
}

/// A kiosk's status as the player writes it, `age` seconds old.
fn kiosk_status(name: &str, age: i64, version: &str) -> String {
    let now = jiff::Timestamp::now();
    let at = |s: i64| jiff::Timestamp::from_second(now.as_second() - s).unwrap();
    format!(
        r#"{{"up": true, "kiosk": "{name}", "version": "0.1.0", "time_zone": "Asia/Shanghai",
  "started": "{}", "updated": "{}", "content_version": "{version}",
  "errors": 0, "warnings": 1, "disk_free_bytes": 5368709120}}"#,
        at(86400 + 3600),
        at(age)
    )
}

#[tokio::test]
async fn the_fleet_table_flags_silent_and_hostile_kiosks_and_never_fails() {
    let s = site();
    let fleet = s._dir.path().join("fleet");
    let published = pufa_kiosk_core::approval::version_of(&s.paths.live, Default::default())
        .unwrap()
        .to_string();
    let put = |name: &str, file: &str, text: &[u8]| {
        std::fs::create_dir_all(fleet.join(name)).unwrap();
        std::fs::write(fleet.join(name).join(file), text).unwrap();
    };
    put(
        "lobby-1",
        "status.json",
        kiosk_status("lobby-1", 20, &published).as_bytes(),
    );
    put("lobby-1", "screen.png", &png());
    put(
        "gate-2",
        "status.json",
        kiosk_status("gate-2", 600, &published).as_bytes(),
    );
    put(
        "truncated",
        "status.json",
        &kiosk_status("t", 5, &published).as_bytes()[..60],
    );
    put("huge", "status.json", &vec![b' '; 1 << 20]);
    put("odd name!", "status.json", b"{}");
    std::fs::create_dir_all(fleet.join("linked-file")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", fleet.join("linked-file/status.json")).unwrap();
    std::os::unix::fs::symlink("/etc", fleet.join("linked-dir")).unwrap();
    std::fs::create_dir_all(fleet.join("fifo")).unwrap();
    let fifo = std::ffi::CString::new(fleet.join("fifo/status.json").to_str().unwrap()).unwrap();
    // SAFETY: a NUL-terminated path that lives across the call.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    std::fs::create_dir_all(fleet.join(".stfolder")).unwrap();
    let state = AppState::new(
        s.paths.clone(),
        Preview {
            program: PathBuf::from("/nonexistent/pufa-kiosk"),
            size: (1920, 1080),
        },
        false,
        jiff::tz::TimeZone::get("Asia/Shanghai").unwrap(),
    )
    .with_fleet(fleet.clone());
    let app = app(state);
    let who = login(&app, "li", "battery staple").await;
    let r = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        get(&app, &who, "/fleet"),
    )
    .await
    .expect("a FIFO does not hang the page");
    assert_eq!(r.status, StatusCode::OK);
    let row = |name: &str| {
        let start = r
            .body
            .find(&format!("data-kiosk=\"{name}\""))
            .unwrap_or_else(|| panic!("{name}: {}", r.body));
        let before = &r.body[..start];
        let open = before.rfind("<tr").unwrap();
        let rest = &r.body[open..];
        rest[..rest.find("</tr>").unwrap()].to_owned()
    };
    let good = row("lobby-1");
    assert!(!good.contains("flagged"), "{good}");
    assert!(
        good.contains("是发布的版本") && good.contains("5.0 GB") && good.contains("1 天"),
        "{good}"
    );
    assert!(good.contains("/fleet/shot/lobby-1"));
    let silent = row("gate-2");
    assert!(
        silent.contains("flagged") && silent.contains("超过 3 分钟没有消息"),
        "{silent}"
    );
    assert!(row("truncated").contains("读不懂"));
    assert!(row("huge").contains("太大"));
    assert!(row("odd name!").contains("名称不正常"));
    assert!(row("linked-file").contains("不是普通文件"));
    assert!(row("linked-dir").contains("符号链接"));
    assert!(row("fifo").contains("不是普通文件"));
    assert!(!r.body.contains(".stfolder"));
    assert!(!r.body.contains("root:x:0"), "nothing read through a link");
    // Flagged rows first.
    assert!(r.body.find("data-kiosk=\"gate-2\"") < r.body.find("data-kiosk=\"lobby-1\""));
    // Screenshots: only a PNG inside a kiosk's own folder.
    let shot = get(&app, &who, "/fleet/shot/lobby-1").await;
    assert_eq!(shot.status, StatusCode::OK);
    assert_eq!(shot.headers[header::CONTENT_TYPE], "image/png");
    for bad in ["linked-dir", "..%2F..%2Fetc", "gate-2", "nope"] {
        assert_eq!(
            get(&app, &who, &format!("/fleet/shot/{bad}")).await.status,
            StatusCode::NOT_FOUND,
            "{bad}"
        );
    }
    // Without a session: the login page.
    let anon = send(&app, Request::get("/fleet").body(Body::empty()).unwrap()).await;
    assert_eq!(anon.status, StatusCode::SEE_OTHER);
    // Without --fleet the page says how to set it.
    let plain = get(
        &s.app,
        &login(&s.app, "li", "battery staple").await,
        "/fleet",
    )
    .await;
    assert!(plain.body.contains("--fleet"));
}
