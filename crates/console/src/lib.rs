//! The staff web console (`pufa-kiosk console`): office staff of the bureau see
//! what plays, edit a draft of the content folder, check, preview and publish it,
//! in a browser. Its own process beside the player, sharing the core crate; no
//! Bevy. The pages are in Chinese; messages for IT people in English too.
//!
//! One router per area, merged in [`app`]; imports flow one way:
//! ```text
//! auth now content items playlist publish   the areas (routers); none imports another
//!   review log                               but `content` (its problem and citation
//!                                            markup and preview, used by items,
//!                                            playlist and publish) and `auth` (its
//!                                            role extractors)
//! ronedit                                    edits a RON file at its values' spans
//! page checking draft status journal        the page frame and errors; check on the
//!   accounts tls                             draft; the draft and the swap; the
//!                                            player's status; the log; accounts; TLS
//! state                                      what every router shares; imports no sibling
//! ```
//! notice campaigns fleet                     紧急通知, 活动, 终端 (issue 22): routers of
//!                                            their own; they use `content`'s citation
//!                                            picker and `draft`'s swap

// Diagnostics travel only on error paths, where their size costs nothing.
#![allow(clippy::result_large_err)]

pub mod accounts;
pub mod auth;
pub mod campaigns;
pub mod checking;
pub mod content;
pub mod draft;
pub mod fleet;
pub mod items;
pub mod journal;
pub mod log;
pub mod notice;
pub mod now;
pub mod page;
pub mod playlist;
pub mod publish;
pub mod review;
pub mod ronedit;
pub mod state;
pub mod status;
pub mod tls;

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::routing::get;
use pufa_kiosk_core::settings::{Settings, WindowMode};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::page::Fail;
pub use crate::state::{AppState, Paths, Preview, Role};

/// Every area's router, with the layers every request passes: the body limit
/// (checked against Content-Length before a byte is read), the CSRF check, and
/// headers that keep the pages out of frames and caches.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(auth::router())
        .merge(now::router())
        .merge(content::router())
        .merge(items::router())
        .merge(playlist::router())
        .merge(publish::router())
        .merge(review::router())
        .merge(log::router())
        .merge(notice::router())
        .merge(campaigns::router())
        .merge(fleet::router())
        .route("/assets/htmx.min.js", get(|| async { script(page::HTMX) }))
        .route("/assets/Sortable.min.js", get(|| async { script(page::SORTABLE) }))
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::csrf))
        .layer(DefaultBodyLimit::max(content::UPLOAD_LIMIT))
        .layer(RequestBodyLimitLayer::new(content::UPLOAD_LIMIT + 64 * 1024))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state)
}

fn script(bytes: &'static [u8]) -> impl axum::response::IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=86400"),
        ],
        bytes,
    )
}

/// Writes one line of the log (记录).
pub fn record(state: &AppState, user: &str, action: &str, target: &str, before: &str, after: &str) {
    let entry = journal::Entry {
        at: journal::now_local(&state.tz),
        user: user.to_owned(),
        action: action.to_owned(),
        target: target.to_owned(),
        before: before.to_owned(),
        after: after.to_owned(),
    };
    if let Err(e) = journal::append(&state.paths.log(), &entry) {
        eprintln!("✗ 无法写入控制台记录 / cannot write the console log: {e}");
    }
}

/// Takes a draft from the live folder if there is none yet.
pub fn ensure_draft(state: &AppState) -> Result<(), Fail> {
    draft::ensure(&state.paths, &journal::now_local(&state.tz))
        .map_err(|e| Fail::Internal(format!("无法从 {} 取草稿：{e}", state.paths.live.display())))
}

/// How `pufa-kiosk console` was asked to serve.
#[derive(Debug, Clone)]
pub struct Options {
    pub config: PathBuf,
    pub listen: SocketAddr,
    /// Certificate and key (PEM); required on an address other than loopback.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// The binary that draws previews (`render`).
    pub program: PathBuf,
    /// Where the kiosks' health folders are synced back (`--fleet`), if anywhere.
    pub fleet: Option<PathBuf>,
}

/// The default address: this computer only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// The state `options` describe, from `kiosk.ron`.
pub fn state_for(options: &Options) -> Result<AppState, String> {
    let settings = Settings::load(&options.config).map_err(|d| {
        d.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let size = match settings.window {
        WindowMode::Windowed { width, height } => (width, height),
        WindowMode::Fullscreen { .. } => (1920, 1080),
    };
    let paths = Paths {
        config: options.config.clone(),
        live: settings.content_dir.clone(),
        data: settings.data_dir.clone(),
    };
    let mut state = AppState::new(
        paths,
        Preview {
            program: options.program.clone(),
            size,
        },
        options.tls.is_some(),
        settings.time_zone.clone(),
    );
    state.cover = settings.approval.cover();
    if let Some(dir) = &options.fleet {
        state = state.with_fleet(dir.clone());
    }
    Ok(state)
}

/// Serves the console until interrupted, on one thread: idle, it sleeps in
/// `epoll` and costs nothing.
pub fn serve(options: Options) -> Result<(), String> {
    if !options.listen.ip().is_loopback() && options.tls.is_none() {
        return Err(format!(
            "在本单位网络上（{}）提供控制台必须用 TLS：先运行 pufa-kiosk console --make-cert，再加 --tls-cert 和 --tls-key。\n\
             Serving on {} (not loopback) needs TLS: run `pufa-kiosk console --make-cert`, then give --tls-cert and --tls-key.",
            options.listen, options.listen
        ));
    }
    let state = state_for(&options)?;
    let accounts = accounts::Accounts::load(&state.paths.accounts())?;
    if accounts.users.is_empty() {
        eprintln!(
            "! 还没有账户：先运行 pufa-kiosk console --add-user 名称 --role 管理\n\
             ! No accounts yet: run `pufa-kiosk console --add-user NAME --role 管理` first."
        );
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .max_blocking_threads(2)
        .build()
        .map_err(|e| e.to_string())?;
    let app = app(state).into_make_service();
    runtime.block_on(async move {
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        match &options.tls {
            Some((cert, key)) => {
                // rustls with ring, as chosen (the brief's decision): its only
                // constructor is marked deprecated for lacking post-quantum key
                // exchange, which the office LAN's browsers do not need.
                #[allow(deprecated)]
                let provider = rustls::crypto::ring::default_provider();
                let _ = provider.install_default();
                let fingerprint = tls::fingerprint_pem(cert)?;
                let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key)
                    .await
                    .map_err(|e| format!("{}: {e}", cert.display()))?;
                println!(
                    "控制台 / console: https://{}/  证书指纹 / certificate SHA-256: {fingerprint}",
                    options.listen
                );
                let handle = axum_server::Handle::new();
                let stopper = handle.clone();
                tokio::spawn(async move {
                    shutdown.await;
                    stopper.shutdown();
                });
                axum_server::bind_rustls(options.listen, config)
                    .handle(handle)
                    .serve(app)
                    .await
                    .map_err(|e| e.to_string())
            }
            None => {
                let listener = tokio::net::TcpListener::bind(options.listen)
                    .await
                    .map_err(|e| format!("{}: {e}", options.listen))?;
                println!("控制台 / console: http://{}/", options.listen);
                axum::serve(listener, app)
                    .with_graceful_shutdown(shutdown)
                    .await
                    .map_err(|e| e.to_string())
            }
        }
    })
}
