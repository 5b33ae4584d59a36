//! What `serve` adds to each page: the live-reload script, and while the last
//! rebuild failed, an overlay with its errors (file:line:col).

/// The path of the live-reload websocket (outside any base_url).
pub const SOCKET_PATH: &str = "/__dealbook/livereload";
/// The path of the script that connects to it.
pub const SCRIPT_PATH: &str = "/__dealbook/live.js";

/// Reloads the page when a rebuild finished; shows or replaces the error
/// overlay when one failed; reconnects (and reloads) after a restart.
pub const SCRIPT: &str = r#"(() => {
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__dealbook/livereload";
  let lost = false;
  function overlay(text) {
    let box = document.getElementById("dealbook-errors");
    if (!box) {
      box = document.createElement("div");
      box.id = "dealbook-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#fff4f4;color:#600;border-top:3px solid #c00;padding:1em;font:14px/1.4 monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "dealbook: the last rebuild failed; showing the last good site.\n\n" + text;
  }
  function connect() {
    const socket = new WebSocket(url);
    socket.onopen = () => { if (lost) location.reload(); };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.kind === "reload") location.reload();
      else if (message.kind === "errors") overlay(message.text);
    };
    socket.onclose = () => { lost = true; setTimeout(connect, 1000); };
  }
  connect();
})();
"#;

/// The page with the script (and the overlay, when `errors` is set) before
/// its `</body>`, or at its end when it has none.
pub fn inject(html: &[u8], errors: Option<&str>) -> Vec<u8> {
    let mut extra = format!("<script src=\"{SCRIPT_PATH}\"></script>");
    if let Some(errors) = errors {
        extra.push_str(&overlay(errors));
    }
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The overlay as the page is served, the same box the script draws.
pub fn overlay(errors: &str) -> String {
    format!(
        "<div id=\"dealbook-errors\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#fff4f4;color:#600;border-top:3px solid #c00;padding:1em;font:14px/1.4 monospace;white-space:pre-wrap\">dealbook: the last rebuild failed; showing the last good site.\n\n{}</div>",
        escape(errors)
    )
}

/// A page for when no build has succeeded yet: only the errors.
pub fn error_page(errors: &str) -> Vec<u8> {
    inject(
        b"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>dealbook: build failed</title><body></body></html>\n",
        Some(errors),
    )
}

/// The websocket messages: `{"kind": "reload"}` and `{"kind": "errors", "text": ...}`.
pub fn reload_message() -> String {
    serde_json::json!({"kind": "reload"}).to_string()
}

pub fn errors_message(text: &str) -> String {
    serde_json::json!({"kind": "errors", "text": text}).to_string()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_body_ends_and_errors_are_escaped() {
        let page = inject(
            b"<html><body><p>x</p></body></html>",
            Some("a.yaml:1:2: <b>"),
        );
        let page = String::from_utf8(page).unwrap();
        assert!(page.starts_with(
            "<html><body><p>x</p><script src=\"/__dealbook/live.js\"></script><div id=\"dealbook-errors\""
        ));
        assert!(page.contains("a.yaml:1:2: &lt;b&gt;</div></body></html>"));
        assert_eq!(
            String::from_utf8(inject(b"<p>no body", None)).unwrap(),
            "<p>no body<script src=\"/__dealbook/live.js\"></script>"
        );
    }
}
