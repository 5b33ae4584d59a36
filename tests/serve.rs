//! `dealbook serve`: started on a free port, pages fetched over HTTP, a
//! websocket client connected; a deal edited on disk brings a reload message
//! and the new figure; a broken edit keeps the old page and serves the error
//! overlay; fixing it reloads again; Ctrl-C exits 0. The waits are bounds
//! against a hang, not measurements.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::validation::Case;

/// Long enough for a debug build on a busy machine; only a hang reaches it.
const BOUND: Duration = Duration::from_secs(60);

struct Server {
    child: Child,
    addr: String,
    stderr: mpsc::Receiver<String>,
}

impl Server {
    fn start(case: &Case) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dealbook"))
            .args(["serve", "--port", "0", "--data"])
            .arg(case.path())
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start dealbook serve");
        let (tx, rx) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let prefix = format!("serving {} at http://", case.path().display());
        let deadline = Instant::now() + BOUND;
        let addr = loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("serve printed its address");
            if let Some(rest) = line.strip_prefix(&prefix) {
                let addr = rest.split('/').next().unwrap().to_string();
                assert!(addr.starts_with("127.0.0.1:"), "{line}");
                assert!(line.ends_with("/ (Ctrl-C to stop)"), "{line}");
                break addr;
            }
        };
        Server {
            child,
            addr,
            stderr: rx,
        }
    }

    /// (status, body) of GET `path`.
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(BOUND)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, body.to_string())
    }

    fn socket(&self) -> tungstenite::WebSocket<TcpStream> {
        let stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(BOUND)).unwrap();
        let url = format!("ws://{}/__dealbook/livereload", self.addr);
        let (socket, _) = tungstenite::client(url.as_str(), stream).expect("websocket handshake");
        socket
    }

    /// Ctrl-C, then the exit code.
    fn interrupt(mut self) -> Option<i32> {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = Instant::now() + BOUND;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The next message of `kind` ("reload" or "errors"), skipping others.
#[track_caller]
fn next_message(socket: &mut tungstenite::WebSocket<TcpStream>, kind: &str) -> serde_json::Value {
    loop {
        let message = socket.read().expect("a message before the bound");
        if let tungstenite::Message::Text(text) = message {
            let v: serde_json::Value = serde_json::from_str(text.as_str()).unwrap();
            if v["kind"] == kind {
                return v;
            }
        }
    }
}

#[test]
fn serve_rebuilds_on_change_reloads_and_shows_errors_over_the_last_good_site() {
    let case = Case::base();
    let server = Server::start(&case);

    let (status, page) = server.get("/deals/alpha.html");
    assert_eq!(status, 200);
    assert!(page.contains("$23.4M"), "alpha's total before the edit");
    assert!(page.contains("<script src=\"/__dealbook/live.js\"></script></body>"));
    assert!(!page.contains("dealbook-errors"));
    let (status, index) = server.get("/");
    assert_eq!(status, 200);
    assert!(
        index.contains("href=\"/deals/alpha.html\""),
        "served at the root"
    );
    let (status, script) = server.get("/__dealbook/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("/__dealbook/livereload"));
    assert_eq!(server.get("/no-such-page.html").0, 404);

    let mut socket = server.socket();
    let alpha = case.path().join("deals/alpha.yaml");
    let good = std::fs::read_to_string(&alpha).unwrap();

    // alpha's price doubles: 23.36M -> 46.72M.
    let doubled = good.replace("monthly: 1000000", "monthly: 2000000");
    std::fs::write(&alpha, &doubled).unwrap();
    next_message(&mut socket, "reload");
    let (_, page) = server.get("/deals/alpha.html");
    assert!(
        page.contains("$46.7M"),
        "the new figure after the reload message"
    );
    assert!(!page.contains("$23.4M"));

    // A broken edit: the errors come over the socket, the page stays the
    // last good one, with the overlay.
    std::fs::write(
        &alpha,
        doubled.replace("end: 2027-12-31", "end: 2025-12-31"),
    )
    .unwrap();
    let error = "deals/alpha.yaml:7:6: `end`: expected a date on or after `start` (2026-01-01), found 2025-12-31";
    let message = next_message(&mut socket, "errors");
    let text = message["text"].as_str().unwrap();
    assert_eq!(
        text,
        format!(
            "error: {}/{error}\n1 error in the data",
            case.path().display()
        )
    );
    let (status, page) = server.get("/deals/alpha.html");
    assert_eq!(status, 200);
    assert!(page.contains("$46.7M"), "the last good page");
    assert!(page.contains("<div id=\"dealbook-errors\""), "no overlay");
    assert!(page.contains(error), "overlay lacks the error");
    let mut stderr = String::new();
    while let Ok(line) = server.stderr.recv_timeout(Duration::from_millis(500)) {
        stderr.push_str(&line);
        stderr.push('\n');
    }
    assert!(stderr.contains(error), "stderr lacks the error: {stderr}");
    assert!(stderr.contains("rebuild failed: serving the last good site"));

    // Fixed again.
    std::fs::write(&alpha, &good).unwrap();
    next_message(&mut socket, "reload");
    let (_, page) = server.get("/deals/alpha.html");
    assert!(page.contains("$23.4M"));
    assert!(!page.contains("dealbook-errors"));

    drop(socket);
    assert_eq!(server.interrupt(), Some(0), "Ctrl-C exits 0");
}
