//! 终端: every kiosk of the fleet, from the health folders Syncthing brings back
//! to the office (`pufa-kiosk console --fleet DIR`): `DIR/<kiosk>/status.json`
//! (the player's `health/status.json`), `metrics.prom` and a small `screen.png`.
//!
//! The folder is written by machines out in the county and synced over the
//! network, so nothing in it is trusted: a file is opened without following a
//! symbolic link and without blocking (a FIFO), read only if it is a regular file
//! under its size limit, and anything odd (a truncated JSON, a huge file, a
//! symbolic link, a name that is not a plain name) becomes a problem row; the
//! page never fails because of it.

use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use jiff::Timestamp;
use maud::{Markup, html};

use crate::draft;
use crate::page::{self, Fail, Staff};
use crate::state::AppState;
use crate::status::PlayerStatus;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/fleet", get(show))
        .route("/fleet/table", get(table_fragment))
        .route("/fleet/shot/{name}", get(shot))
}

/// A kiosk not heard from for longer than this is flagged (seconds).
pub const SILENT_AFTER: i64 = 3 * 60;
/// A kiosk playing another version than the published one for longer than this
/// after the publish is flagged (seconds).
pub const OLD_AFTER: i64 = 10 * 60;
/// The largest `status.json` or `metrics.prom` read.
pub const TEXT_LIMIT: u64 = 256 * 1024;
/// The largest `screen.png` served.
pub const SHOT_LIMIT: u64 = 4 * 1024 * 1024;
/// At most this many kiosk folders are read; the rest are counted.
pub const MAX_KIOSKS: usize = 5000;

/// What a file of a kiosk's folder gave.
#[derive(Debug)]
pub enum Fetched {
    Missing,
    /// A symbolic link, a folder, a FIFO …: not read.
    NotAFile,
    TooBig(u64),
    Bytes(Vec<u8>),
}

/// Reads `path` only if it is a regular file (not through a symbolic link) of at
/// most `limit` bytes.
pub fn read_bounded(path: &Path, limit: u64) -> Fetched {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path);
    let file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Fetched::Missing,
        Err(_) => return Fetched::NotAFile,
    };
    let Ok(meta) = file.metadata() else {
        return Fetched::NotAFile;
    };
    if !meta.is_file() {
        return Fetched::NotAFile;
    }
    if meta.len() > limit {
        return Fetched::TooBig(meta.len());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    match file.take(limit + 1).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 <= limit => Fetched::Bytes(bytes),
        Ok(_) => Fetched::TooBig(bytes.len() as u64),
        Err(_) => Fetched::NotAFile,
    }
}

/// One row of the table: a kiosk, or something in the folder that is not one.
#[derive(Debug, Clone, Default)]
pub struct Kiosk {
    /// The folder's name (as bytes allow; maud escapes it).
    pub name: String,
    pub status: Option<PlayerStatus>,
    /// When it last wrote its status (its `updated`, else the file's time).
    pub last_seen: Option<Timestamp>,
    pub content_version: Option<String>,
    /// Whether it plays the published version (unknown without a version).
    pub current: Option<bool>,
    pub free_bytes: Option<u64>,
    pub has_shot: bool,
    /// What is wrong, for staff, in Chinese (English after a slash).
    pub problems: Vec<String>,
    /// Not heard from for more than [`SILENT_AFTER`].
    pub silent: bool,
    /// On an old version for more than [`OLD_AFTER`] after the publish.
    pub old: bool,
}

impl Kiosk {
    /// Flagged in red.
    pub fn flagged(&self) -> bool {
        self.silent || self.old || !self.problems.is_empty()
    }
}

/// What the live folder is, to compare each kiosk with.
#[derive(Debug, Clone, Default)]
pub struct Published {
    /// `sha256:…`, as the player reports it.
    pub version: Option<String>,
    /// When it went live (the live folder's time).
    pub at: Option<Timestamp>,
}

/// The live folder's version and when it went live.
pub fn published(live: &Path, cover: pufa_kiosk_core::approval::Cover) -> Published {
    Published {
        version: pufa_kiosk_core::approval::version_of(live, cover)
            .ok()
            .map(|v| v.to_string()),
        at: std::fs::metadata(live)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| Timestamp::try_from(t).ok()),
    }
}

fn mtime(path: &Path) -> Option<Timestamp> {
    std::fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| Timestamp::try_from(t).ok())
}

/// Free bytes a kiosk reports: `free_bytes` (what the player writes) or
/// `disk_free_bytes` in its status, or `pufa_kiosk_data_free_bytes`,
/// `pufa_kiosk_disk_free_bytes` or `node_filesystem_avail_bytes` in metrics.prom.
fn free_bytes(status_json: &[u8], metrics: Option<&str>) -> Option<u64> {
    let v: serde_json::Value = serde_json::from_slice(status_json).ok()?;
    for key in ["free_bytes", "disk_free_bytes"] {
        if let Some(n) = v.get(key).and_then(serde_json::Value::as_u64) {
            return Some(n);
        }
    }
    metrics?.lines().find_map(|l| {
        let l = l.trim();
        (l.starts_with("pufa_kiosk_data_free_bytes")
            || l.starts_with("pufa_kiosk_disk_free_bytes")
            || l.starts_with("node_filesystem_avail_bytes"))
        .then(|| l.rsplit(' ').next()?.parse::<f64>().ok())
        .flatten()
        .map(|f| f as u64)
    })
}

/// One kiosk's folder, read.
pub fn read_kiosk(dir: &Path, name: &str, published: &Published, now: Timestamp) -> Kiosk {
    let mut k = Kiosk {
        name: name.to_owned(),
        ..Kiosk::default()
    };
    let status_path = dir.join(pufa_kiosk_core::health::STATUS_FILE);
    let bytes = match read_bounded(&status_path, TEXT_LIMIT) {
        Fetched::Bytes(b) => Some(b),
        Fetched::Missing => {
            k.problems
                .push("没有 status.json（还没同步过来？） / no status.json yet".into());
            None
        }
        Fetched::NotAFile => {
            k.problems.push("status.json 不是普通文件（符号链接等），不读 / status.json is not a regular file; not read".into());
            None
        }
        Fetched::TooBig(n) => {
            k.problems.push(format!(
                "status.json 太大（{n} 字节），不读 / status.json too big ({n} bytes); not read"
            ));
            None
        }
    };
    let metrics = match read_bounded(&dir.join("metrics.prom"), TEXT_LIMIT) {
        Fetched::Bytes(b) => String::from_utf8(b).ok(),
        _ => None,
    };
    if let Some(bytes) = &bytes {
        match std::str::from_utf8(bytes)
            .ok()
            .and_then(PlayerStatus::parse)
        {
            Some(s) => {
                k.last_seen = s
                    .updated
                    .parse::<Timestamp>()
                    .ok()
                    .or_else(|| mtime(&status_path));
                k.content_version = s.content_version.clone();
                k.free_bytes = free_bytes(bytes, metrics.as_deref());
                if !s.up {
                    k.problems.push("播放器已停止 / the player stopped".into());
                }
                if s.errors > 0 {
                    k.problems.push(format!(
                        "内容有 {} 处错误 / {} content errors",
                        s.errors, s.errors
                    ));
                }
                k.status = Some(s);
            }
            None => {
                k.last_seen = mtime(&status_path);
                k.problems.push("status.json 读不懂（不完整或不是 JSON） / status.json is truncated or not JSON".into());
            }
        }
    }
    match k.last_seen {
        Some(t) => k.silent = now.as_second() - t.as_second() > SILENT_AFTER,
        None => k.silent = true,
    }
    if let (Some(mine), Some(live)) = (&k.content_version, &published.version) {
        let current = mine == live;
        k.current = Some(current);
        k.old = !current
            && published
                .at
                .is_some_and(|at| now.as_second() - at.as_second() > OLD_AFTER);
    }
    k.has_shot = std::fs::symlink_metadata(dir.join("screen.png")).is_ok_and(|m| m.is_file());
    k
}

/// Every kiosk under `fleet`, flagged ones first, then by name; hidden entries
/// (Syncthing's `.stfolder`, `.stversions`) are left out.
pub fn scan(fleet: &Path, published: &Published, now: Timestamp) -> std::io::Result<Vec<Kiosk>> {
    let mut out = Vec::new();
    let mut more = 0usize;
    for entry in std::fs::read_dir(fleet)? {
        let Ok(entry) = entry else { continue };
        let raw = entry.file_name();
        let name = raw.to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if out.len() >= MAX_KIOSKS {
            more += 1;
            continue;
        }
        let kind = entry.file_type().ok();
        let problem = |zh: &str| Kiosk {
            name: name.clone(),
            problems: vec![zh.to_owned()],
            silent: true,
            ..Kiosk::default()
        };
        if draft::safe_name(&name).is_none() || raw.to_str().is_none() {
            out.push(problem(
                "文件夹名称不正常（只能用字母、数字、- 和 _），不读 / odd name; not read",
            ));
        } else if kind.is_some_and(|k| k.is_symlink()) {
            out.push(problem("是符号链接，不读 / a symbolic link; not read"));
        } else if !kind.is_some_and(|k| k.is_dir()) {
            out.push(problem("不是文件夹 / not a folder"));
        } else {
            out.push(read_kiosk(&entry.path(), &name, published, now));
        }
    }
    if more > 0 {
        out.push(Kiosk {
            name: format!("……另有 {more} 个"),
            problems: vec![format!(
                "文件夹太多，只读了前 {MAX_KIOSKS} 个 / only the first {MAX_KIOSKS} read"
            )],
            ..Kiosk::default()
        });
    }
    out.sort_by(|a, b| {
        b.flagged()
            .cmp(&a.flagged())
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(out)
}

fn ago(seconds: i64) -> String {
    match seconds {
        s if s < 0 => "刚才（时钟偏快）".into(),
        s if s < 60 => format!("{s} 秒前"),
        s if s < 3600 => format!("{} 分钟前", s / 60),
        s if s < 86400 => format!("{} 小时前", s / 3600),
        s => format!("{} 天前", s / 86400),
    }
}

fn span(seconds: i64) -> String {
    let (d, h, m) = (seconds / 86400, seconds % 86400 / 3600, seconds % 3600 / 60);
    if d > 0 {
        format!("{d} 天 {h} 小时")
    } else if h > 0 {
        format!("{h} 小时 {m} 分")
    } else {
        format!("{m} 分")
    }
}

fn bytes_label(n: u64) -> String {
    if n >= 1 << 30 {
        format!("{:.1} GB", n as f64 / f64::from(1u32 << 30))
    } else {
        format!("{} MB", n >> 20)
    }
}

/// The table of `kiosks` at `now`.
pub fn table(
    kiosks: &[Kiosk],
    published: &Published,
    now: Timestamp,
    tz: &jiff::tz::TimeZone,
) -> Markup {
    let flagged = kiosks.iter().filter(|k| k.flagged()).count();
    let short = |v: &str| {
        v.trim_start_matches("sha256:")
            .chars()
            .take(12)
            .collect::<String>()
    };
    html! {
        div #fleet hx-get="/fleet/table" hx-trigger="every 15s" hx-swap="outerHTML" {
            p {
                "共 " b { (kiosks.len()) } " 台 · "
                @if flagged > 0 { span.bad { b { (flagged) } " 台需要注意" } } @else { span.ok { "全部正常" } }
                " · 发布的版本 " code { (published.version.as_deref().map(short).unwrap_or_else(|| "-".into())) }
                " · " span.muted { "更新于 " (now.to_zoned_datetime(tz.clone()).strftime("%H:%M:%S")) "，每 15 秒刷新" }
            }
            div style="overflow-x:auto" {
            table #fleet-table.stack {
                tr { th { "终端" } th { "上次联系" } th { "播放的版本" } th { "问题" } th { "已运行" } th { "剩余空间" } th { "画面" } }
                @for k in kiosks {
                    tr class=[k.flagged().then_some("flagged")] data-kiosk=(k.name) style=[k.flagged().then_some("background:#fdecee")] {
                        td { b { (k.name) } }
                        td data-label="上次联系" {
                            @match k.last_seen {
                                Some(t) => {
                                    span class=[k.silent.then_some("bad")] { (ago(now.as_second() - t.as_second())) }
                                    br; span.muted { (t.to_zoned_datetime(tz.clone()).strftime("%m-%d %H:%M")) }
                                    @if k.silent { br; b.bad { "超过 3 分钟没有消息" } }
                                }
                                None => span.bad { "从没联系过" }
                            }
                        }
                        td data-label="播放的版本" {
                            @match (&k.content_version, k.current) {
                                (Some(v), Some(true)) => { code { (short(v)) } br; span.ok { "✓ 是发布的版本" } }
                                (Some(v), _) => {
                                    code { (short(v)) } br;
                                    @if k.old { b.bad { "旧版本，已超过 10 分钟" } } @else { span.warn { "不是发布的版本（正在更新？）" } }
                                }
                                (None, _) => span.muted { "-" }
                            }
                        }
                        td data-label="问题" {
                            @for p in &k.problems { div.bad { (p) } }
                            @if let Some(s) = &k.status { @if s.warnings > 0 { div.warn { (s.warnings) " 处提醒" } } }
                        }
                        td data-label="已运行" { @if let Some(t) = k.status.as_ref().and_then(|s| s.started.parse::<Timestamp>().ok()) { (span(now.as_second() - t.as_second())) } }
                        td data-label="剩余空间" { @if let Some(n) = k.free_bytes { (bytes_label(n)) } @else { span.muted { "-" } } }
                        td data-label="画面" { @if k.has_shot { a href={"/fleet/shot/" (k.name)} target="_blank" { img src={"/fleet/shot/" (k.name)} loading="lazy" alt={"终端 " (k.name) " 的画面"} style="width:120px;height:auto;border:1px solid #999"; } } }
                    }
                }
            }
            }
        }
    }
}

async fn load(state: &AppState) -> Result<(Vec<Kiosk>, Published, Timestamp), String> {
    let Some(dir) = state.fleet.clone() else {
        return Err(String::new());
    };
    let live = state.paths.live.clone();
    let cover = state.cover;
    tokio::task::spawn_blocking(move || {
        let now = Timestamp::now();
        let published = published(&live, cover);
        scan(&dir, &published, now)
            .map(|k| (k, published, now))
            .map_err(|e| format!("{}: {e}", dir.display()))
    })
    .await
    .map_err(|e| e.to_string())?
}

fn body(state: &AppState, loaded: Result<(Vec<Kiosk>, Published, Timestamp), String>) -> Markup {
    match loaded {
        Ok((kiosks, published, now)) => table(&kiosks, &published, now, &state.tz),
        Err(e) if e.is_empty() => html! {
            div.card {
                p { "没有设置终端文件夹。请用 " code { "pufa-kiosk console --fleet 文件夹" } " 启动控制台：每台终端的健康文件由 Syncthing 同步到这个文件夹里，每台一个子文件夹。" }
                p.muted { "No fleet folder: start the console with --fleet DIR (see docs/console.md)." }
            }
        },
        Err(e) => html! { div.problem { (page::say("读不了终端文件夹。", &e)) } },
    }
}

async fn show(State(state): State<AppState>, staff: Staff) -> Markup {
    let loaded = load(&state).await;
    let body = html! {
        p.muted { "每台终端把健康文件同步回办公室。超过 3 分钟没有消息、或发布 10 分钟后还在放旧版本的终端标成红色，排在最前。" }
        (body(&state, loaded))
    };
    page::page(&staff, "/fleet", "终端", body)
}

async fn table_fragment(State(state): State<AppState>, _staff: Staff) -> Markup {
    let loaded = load(&state).await;
    body(&state, loaded)
}

async fn shot(
    State(state): State<AppState>,
    _staff: Staff,
    UrlPath(name): UrlPath<String>,
) -> Result<Response, Fail> {
    let dir = state.fleet.clone().ok_or(Fail::Missing)?;
    let name = draft::safe_name(&name)
        .filter(|n| !n.contains('.'))
        .ok_or(Fail::Missing)?;
    let folder = dir.join(name);
    if !std::fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir()) {
        return Err(Fail::Missing);
    }
    match read_bounded(&folder.join("screen.png"), SHOT_LIMIT) {
        Fetched::Bytes(b) if b.starts_with(b"\x89PNG\r\n\x1a\n") => {
            Ok(([(header::CONTENT_TYPE, "image/png")], b).into_response())
        }
        _ => Err(Fail::Missing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kiosk(dir: &Path, updated: Timestamp, version: &str) -> std::path::PathBuf {
        let k = dir.join("k");
        std::fs::create_dir_all(&k).unwrap();
        std::fs::write(
            k.join("status.json"),
            format!(r#"{{"up": true, "updated": "{updated}", "content_version": "{version}"}}"#),
        )
        .unwrap();
        k
    }

    #[test]
    fn an_old_version_is_flagged_ten_minutes_after_the_publish_and_silence_after_three() {
        let dir = tempfile::tempdir().unwrap();
        let now = Timestamp::now();
        let ago = |s: i64| Timestamp::from_second(now.as_second() - s).unwrap();
        let k = kiosk(dir.path(), ago(30), "sha256:old");
        let published = |at: i64| Published {
            version: Some("sha256:new".into()),
            at: Some(ago(at)),
        };
        let fresh = read_kiosk(&k, "k", &published(5 * 60), now);
        assert_eq!(fresh.current, Some(false));
        assert!(!fresh.old && !fresh.silent && !fresh.flagged(), "{fresh:?}");
        let late = read_kiosk(&k, "k", &published(OLD_AFTER + 1), now);
        assert!(late.old && late.flagged());
        let k = kiosk(dir.path(), ago(SILENT_AFTER - 5), "sha256:new");
        let ok = read_kiosk(&k, "k", &published(3600), now);
        assert!(ok.current == Some(true) && !ok.flagged(), "{ok:?}");
        let k = kiosk(dir.path(), ago(SILENT_AFTER + 1), "sha256:new");
        assert!(read_kiosk(&k, "k", &published(3600), now).silent);
    }

    #[test]
    fn reads_only_regular_files_under_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a");
        std::fs::write(&f, b"12345").unwrap();
        assert!(matches!(read_bounded(&f, 5), Fetched::Bytes(b) if b == b"12345"));
        assert!(matches!(read_bounded(&f, 4), Fetched::TooBig(5)));
        std::os::unix::fs::symlink(&f, dir.path().join("l")).unwrap();
        assert!(matches!(
            read_bounded(&dir.path().join("l"), 5),
            Fetched::NotAFile
        ));
        assert!(matches!(read_bounded(dir.path(), 5), Fetched::NotAFile));
        assert!(matches!(
            read_bounded(&dir.path().join("none"), 5),
            Fetched::Missing
        ));
    }
}
