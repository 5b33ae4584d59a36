//! The analyst's loop, timed: starts `dealbook serve` on a data directory,
//! connects to its live-reload socket as the serve test's client does, then
//! edits one deal file (its monthly price, and a marker in its notes), saved
//! as editors save (a new file renamed over the old), and times from the save
//! to the served page showing the marker, having waited on the reload
//! message. Prints each edit's time and the best; puts the file back.
//! Run through scripts/bench.sh.
//!
//! cargo run --release --example serve_loop -- <dealbook> <data-dir> <deal-file> [edits]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BOUND: Duration = Duration::from_secs(120);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [bin, data, deal, rest @ ..] = args.as_slice() else {
        eprintln!("usage: serve_loop <dealbook> <data-dir> <deal-file> [edits]");
        std::process::exit(2);
    };
    let edits: usize = rest
        .first()
        .map_or(3, |n| n.parse().expect("a number of edits"));
    let deal_path = Path::new(data).join(deal);
    let original = std::fs::read_to_string(&deal_path).expect("the deal file");
    let id = original
        .lines()
        .find_map(|l| l.strip_prefix("id: "))
        .expect("an id line")
        .trim()
        .to_string();

    let mut child = Command::new(bin)
        .args(["serve", "--port", "0", "--data", data])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dealbook serve");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some((_, rest)) = line.split_once(" at http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    // The rest of serve's stderr, passed on (its "rebuild done in" lines).
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            eprintln!("  serve: {line}");
        }
    });

    let stream = TcpStream::connect(&addr).unwrap();
    stream.set_read_timeout(Some(BOUND)).unwrap();
    let url = format!("ws://{addr}/__dealbook/livereload");
    let (mut socket, _) = tungstenite::client(url.as_str(), stream).expect("websocket handshake");

    let page = format!("/deals/{id}.html");
    let mut times = Vec::new();
    for i in 0..edits {
        let marker = format!("serve-loop-edit-{i}-{}", std::process::id());
        let text = edited(&original, i, &marker);
        let tmp = deal_path.with_extension("yaml.saving");
        std::fs::write(&tmp, &text).unwrap();
        let saved = Instant::now();
        std::fs::rename(&tmp, &deal_path).unwrap();
        loop {
            let message = socket.read().expect("a message before the bound");
            if let tungstenite::Message::Text(text) = message
                && text.contains("\"reload\"")
            {
                break;
            }
        }
        let body = get(&addr, &page);
        let took = saved.elapsed().as_secs_f64();
        assert!(
            body.contains(&marker),
            "the page after the reload lacks the edit"
        );
        println!("edit {i}: {took:.3} s");
        times.push(took);
        // Settle before the next edit, so that each is timed alone.
        std::thread::sleep(Duration::from_millis(500));
    }
    std::fs::write(&deal_path, &original).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let best = times.iter().copied().fold(f64::INFINITY, f64::min);
    println!("best: {best:.3} s");
}

/// The deal with its monthly price changed and `marker` in its notes.
fn edited(original: &str, i: usize, marker: &str) -> String {
    let mut out = String::new();
    for line in original.lines() {
        if let Some(n) = line.strip_prefix("  monthly: ")
            && let Ok(n) = n.trim().parse::<u64>()
        {
            out.push_str(&format!("  monthly: {}\n", n + 1_000 * (i as u64 + 1)));
        } else if !line.starts_with("notes:") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str(&format!("notes: {marker}\n"));
    out
}

fn get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(BOUND)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}
