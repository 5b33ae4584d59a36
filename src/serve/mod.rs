//! `dealbook serve`: the site built into memory and served over HTTP, rebuilt
//! when the data changes, and open pages reloaded through a websocket once
//! the rebuild has finished. A failed rebuild keeps the last good site and
//! shows its errors over the page and on stderr.

mod exports;
pub mod live;
pub mod store;
mod watch;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;

use crate::error::{Error, Result};
use crate::model::Overrides;
use store::Store;

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct Config {
    pub data: PathBuf,
    pub addr: SocketAddr,
    pub overrides: Overrides,
    pub open: bool,
}

/// The last good site, and the errors of the last rebuild if it failed.
#[derive(Debug)]
struct Snapshot {
    /// The pages and every file but the exports.
    files: Arc<Store>,
    /// The exports, rendered after the pages (see [`exports`]).
    exports: exports::Exports,
    errors: Option<String>,
}

impl Default for Snapshot {
    fn default() -> Snapshot {
        Snapshot {
            files: Arc::default(),
            exports: exports::ready(Store::default()),
            errors: None,
        }
    }
}

/// What the HTTP handlers and the watcher share.
#[derive(Debug)]
pub struct Shared {
    config: Config,
    /// The path the site lives under: base_url's path ("/" by default).
    prefix: String,
    site: RwLock<Snapshot>,
    /// The last exports rendered, whose unchanged files are not compressed again.
    last_exports: std::sync::Mutex<Arc<Store>>,
    events: broadcast::Sender<String>,
}

impl Shared {
    /// Builds the site into memory and swaps it in; on failure keeps the last
    /// good one. Either way, open pages hear of it only now, when it is done.
    fn rebuild(&self, first: bool) {
        let what = if first { "build" } else { "rebuild" };
        let started = std::time::Instant::now();
        let previous = Arc::clone(
            &self
                .site
                .read()
                .expect("no panics while holding the lock")
                .files,
        );
        let result = build(&self.config, previous);
        let mut site = self.site.write().expect("no panics while holding the lock");
        match result {
            Ok((files, pending)) => {
                let (done, exports) = tokio::sync::watch::channel(None);
                site.files = Arc::new(files);
                site.exports = exports;
                site.errors = None;
                drop(site);
                eprintln!("{what} done in {:.2} s", started.elapsed().as_secs_f64());
                let _ = self.events.send(live::reload_message());
                // Then the exports: a request for one waits for them.
                let mut last = self.last_exports.lock().unwrap_or_else(|e| e.into_inner());
                let sink = store::Compressing::after(Arc::clone(&last));
                let store = match pending.render(&sink) {
                    Ok(()) => Arc::new(sink.finish()),
                    Err(e) => {
                        eprintln!("{e}\n{what}: the exports failed");
                        Arc::default()
                    }
                };
                *last = Arc::clone(&store);
                let _ = done.send(Some(store));
            }
            Err(e) => {
                let text = e.to_string();
                site.errors = Some(text.clone());
                drop(site);
                eprintln!("{text}\n{what} failed: serving the last good site");
                let _ = self.events.send(live::errors_message(&text));
            }
        }
    }
}

/// The site's pages rendered into a compressed store (see [`store`]), and
/// what its exports need (see [`exports`]).
fn build(config: &Config, previous: Arc<Store>) -> Result<(Store, exports::Pending)> {
    let (model, figures) = crate::pipeline::analyse(&config.data, &config.overrides)?;
    let sink = store::Compressing::after(previous);
    let pending = exports::pages(model, &figures, &sink)?;
    Ok((sink.finish(), pending))
}

/// The path part of a base_url: "/reports/deals/" of itself or of
/// "https://example.com/reports/deals/".
fn prefix_of(base_url: &str) -> String {
    let path = match base_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => base_url,
    };
    let mut p = path.to_string();
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    if !p.ends_with('/') {
        p.push('/');
    }
    p
}

/// Serves until Ctrl-C. The first build's errors are shown like a failed
/// rebuild's, so that `serve` can be started on data that is being fixed.
pub async fn serve(config: Config) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| Error::Usage(format!("cannot listen on {}: {e}", config.addr)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("cannot listen on {}: {e}", config.addr)))?;
    let prefix = prefix_of(config.overrides.base_url.as_deref().unwrap_or("/"));
    let (events, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        config,
        prefix,
        site: RwLock::default(),
        last_exports: std::sync::Mutex::default(),
        events,
    });
    crate::cache::usage::in_memory();
    shared.rebuild(true);
    let _watcher = watch::start(Arc::clone(&shared))?;
    let url = format!("http://{addr}{}", shared.prefix);
    eprintln!(
        "serving {} at {url} (Ctrl-C to stop)",
        shared.config.data.display()
    );
    if shared.config.open
        && let Err(e) = opener::open_browser(&url)
    {
        eprintln!("cannot open a browser: {e}");
    }
    let app = Router::new()
        .route(live::SOCKET_PATH, get(socket))
        .route(live::SCRIPT_PATH, get(script))
        .fallback(get(page))
        .with_state(shared);
    tokio::select! {
        served = axum::serve(listener, app) => {
            served.map_err(|e| Error::Usage(format!("the server stopped: {e}")))
        }
        _ = tokio::signal::ctrl_c() => {
            eprintln!("stopped");
            Ok(())
        }
    }
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        live::SCRIPT,
    )
        .into_response()
}

async fn socket(State(shared): State<Arc<Shared>>, upgrade: WebSocketUpgrade) -> Response {
    let events = shared.events.subscribe();
    upgrade.on_upgrade(move |socket| forward(socket, events))
}

/// Passes each rebuild's message to one open page until it goes away.
async fn forward(mut socket: WebSocket, mut events: broadcast::Receiver<String>) {
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(text) => {
                    if socket.send(Message::Text(text.into())).await.is_err() {
                        return;
                    }
                }
                // Missed messages: a reload is what the page needs anyway.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    if socket.send(Message::Text(live::reload_message().into())).await.is_err() {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(_)) => {}
                _ => return,
            },
        }
    }
}

async fn page(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let (files, exports, errors) = {
        let site = shared
            .site
            .read()
            .expect("no panics while holding the lock");
        (
            Arc::clone(&site.files),
            site.exports.clone(),
            site.errors.clone(),
        )
    };
    if files.is_empty() {
        let body = live::error_page(errors.as_deref().unwrap_or("no site yet"));
        return (StatusCode::INTERNAL_SERVER_ERROR, html(body)).into_response();
    }
    let path = uri.path();
    let Some(rel) = path
        .strip_prefix(shared.prefix.as_str())
        .or_else(|| (format!("{path}/") == shared.prefix).then_some(""))
    else {
        return not_found(&files, errors.as_deref());
    };
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    let bytes = match files.get(&rel) {
        Some(bytes) => Some(bytes),
        None => exports::get(exports, &rel).await,
    };
    match bytes {
        Some(bytes) => respond(&rel, bytes, errors.as_deref(), StatusCode::OK),
        None => not_found(&files, errors.as_deref()),
    }
}

fn not_found(files: &Store, errors: Option<&str>) -> Response {
    match files.get("404.html") {
        Some(bytes) => respond("404.html", bytes, errors, StatusCode::NOT_FOUND),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn respond(rel: &str, bytes: Vec<u8>, errors: Option<&str>, status: StatusCode) -> Response {
    if rel.ends_with(".html") {
        return (status, html(live::inject(&bytes, errors))).into_response();
    }
    let content_type = match rel.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    };
    (
        status,
        [(header::CONTENT_TYPE, content_type)],
        Body::from(bytes),
    )
        .into_response()
}

fn html(body: Vec<u8>) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_prefix_is_base_urls_path() {
        assert_eq!(super::prefix_of("/"), "/");
        assert_eq!(super::prefix_of("/reports/deals/"), "/reports/deals/");
        assert_eq!(super::prefix_of("/reports/deals"), "/reports/deals/");
        assert_eq!(
            super::prefix_of("https://example.com/reports/"),
            "/reports/"
        );
        assert_eq!(super::prefix_of("https://example.com"), "/");
    }
}
