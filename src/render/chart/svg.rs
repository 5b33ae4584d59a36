//! The SVG writer: the `<svg>` root with its title and description, one
//! function per element (rect, line, path, point, text), and the small
//! helpers every chart shares (hover titles, class names, ids, numbers,
//! escaping, label widths).

use std::fmt::Write as _;

use super::{Chart, narrow, w};

/// Estimated advance of one character at the charts' 12-unit font size.
const CHAR_W: f64 = 7.0;
/// Slot width below which line points are marked `dense`.
const DENSE_BAND: f64 = 14.0;
/// Number of distinct series colour classes.
const SERIES_CLASSES: usize = 10;

/// Wraps a chart body in the `<svg>` root with its title and description.
pub(super) fn svg(c: &Chart, height: f64, body: &str) -> String {
    let (suffix, layout) = if narrow() {
        ("-n", "chart-narrow")
    } else {
        ("", "chart-wide")
    };
    let id = esc(&format!("{}{suffix}", safe_id(c.id)));
    let mut s = String::with_capacity(body.len() + 400);
    // A chart whose marks are links is a group of links, not one image
    // (an image's children are presentational, so its links would be lost).
    let role = if body.contains("<a href=") {
        "group"
    } else {
        "img"
    };
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart {layout}" role="{role}" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMidYMid meet" font-size="12"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        num(w()),
        num(height),
        esc(c.title),
        esc(c.desc),
    );
    s.push_str(body);
    s.push_str("</svg>");
    s
}

pub(super) fn rect(out: &mut String, class: &str, (x, y, w, h): (f64, f64, f64, f64), title: &str) {
    let _ = write!(
        out,
        r#"<rect class="{}" x="{}" y="{}" width="{}" height="{}""#,
        esc(class),
        num(x),
        num(y),
        num(w.max(0.0)),
        num(h.max(0.0))
    );
    // The narrow layout is for touch screens, which have no hover: its marks
    // carry no hover titles (the wide layout and the table have them), which
    // keeps the second drawing small.
    if title.is_empty() || narrow() {
        out.push_str("/>");
    } else {
        let _ = write!(out, "><title>{}</title></rect>", esc(title));
    }
}

pub(super) fn line(out: &mut String, class: &str, (x1, y1, x2, y2): (f64, f64, f64, f64)) {
    let _ = write!(
        out,
        r#"<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
        esc(class),
        num(x1),
        num(y1),
        num(x2),
        num(y2)
    );
}

pub(super) fn path(out: &mut String, class: &str, d: &str, title: Option<&str>) {
    let _ = write!(out, r#"<path class="{}" d="{}""#, esc(class), esc(d));
    match title.filter(|_| !narrow()) {
        Some(t) => {
            let _ = write!(out, "><title>{}</title></path>", esc(t));
        }
        None => out.push_str("/>"),
    }
}

pub(super) fn point(out: &mut String, class: &str, x: f64, y: f64, title: &str) {
    if narrow() {
        let _ = write!(
            out,
            r#"<circle class="{}" cx="{}" cy="{}" r="3"/>"#,
            esc(class),
            num(x),
            num(y)
        );
        return;
    }
    let _ = write!(
        out,
        r#"<circle class="{}" cx="{}" cy="{}" r="3"><title>{}</title></circle>"#,
        esc(class),
        num(x),
        num(y),
        esc(title)
    );
}

pub(super) fn text(
    out: &mut String,
    class: &str,
    x: f64,
    y: f64,
    anchor: &str,
    dy: Option<&str>,
    content: &str,
) {
    let _ = write!(
        out,
        r#"<text class="{}" x="{}" y="{}" text-anchor="{}""#,
        esc(class),
        num(x),
        num(y),
        esc(anchor)
    );
    if let Some(dy) = dy {
        let _ = write!(out, r#" dy="{}""#, esc(dy));
    }
    let _ = write!(out, ">{}</text>", esc(content));
}

/// "a, b: value", skipping empty parts.
pub(super) fn hover(parts: &[&str], value: &str) -> String {
    let named: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    if named.is_empty() {
        value.to_string()
    } else {
        format!("{}: {value}", named.join(", "))
    }
}

/// Class of a hover point; `dense` when points are closer than
/// [`DENSE_BAND`], so the stylesheet can hide them until hovered.
pub(super) fn point_class(band: f64, series: usize) -> String {
    if band < DENSE_BAND {
        format!("point dense {}", series_class(series))
    } else {
        format!("point {}", series_class(series))
    }
}

pub(super) fn series_class(i: usize) -> String {
    format!("series-{}", i % SERIES_CLASSES)
}

/// Estimated rendered width of a label.
pub(super) fn text_w(s: &str) -> f64 {
    s.chars().count() as f64 * CHAR_W
}

/// At most `max` characters, ending in "…" when shortened.
pub(super) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t = t.trim_end().to_string();
        t.push('…');
        t
    }
}

/// An id made only of ASCII letters, digits, `-` and `_`.
pub(super) fn safe_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() { "chart".to_string() } else { s }
}

/// A coordinate with at most 2 decimals, trailing zeros trimmed.
pub(super) fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Escapes text and attribute values for XML; drops characters XML 1.0
/// does not allow.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.005), "1"); // binary 1.00499..
        assert_eq!(num(2.50), "2.5");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(esc("a\u{0}b<"), "ab&lt;");
        assert_eq!(esc(r#"<script>&"'"#), "&lt;script&gt;&amp;&quot;&#39;");
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
        assert_eq!(safe_id(""), "chart");
        assert_eq!(safe_id("ok_id-1"), "ok_id-1");
        assert_eq!(safe_id("a b<"), "a-b-");
        assert_eq!(hover(&["", "x"], "1"), "x: 1");
        assert_eq!(hover(&["a", "b"], "1"), "a, b: 1");
        assert_eq!(hover(&[""], "1"), "1");
        assert_eq!(point_class(13.9, 11), "point dense series-1");
        assert_eq!(point_class(14.0, 0), "point series-0");
    }
}
