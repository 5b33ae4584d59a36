//! The chart palette meets WCAG AA contrast against the page background in
//! both colour schemes: chart text 4.5:1 (1.4.3), marks 3:1 (1.4.11).
//!
//! axe-core checks the contrast of HTML text in the browser; the colours of
//! SVG marks and labels come from the stylesheet's custom properties, so
//! they are checked here, from `templates/assets/style.css` itself.

use std::collections::BTreeMap;
use std::path::Path;

/// The stylesheets, without comments.
fn stylesheets() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/assets");
    let mut css = String::new();
    for name in ["style.css", "pages.css"] {
        let text = std::fs::read_to_string(dir.join(name)).expect("read stylesheet");
        css.push_str(&strip_comments(&text));
        css.push('\n');
    }
    css
}

fn strip_comments(css: &str) -> String {
    let mut out = String::new();
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("*/").expect("unclosed comment") + i + 2;
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The body of the first `{ ... }` block after `at` (balanced braces).
fn block_after<'a>(css: &'a str, at: &str) -> &'a str {
    let start = css
        .find(at)
        .unwrap_or_else(|| panic!("{at:?} not in the stylesheet"));
    let open = start + css[start..].find('{').expect("a block");
    let mut depth = 0;
    for (i, c) in css[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &css[open + 1..open + i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced block after {at:?}")
}

/// `--name: value;` declarations of a block.
fn custom_properties(block: &str) -> BTreeMap<String, String> {
    block
        .split(';')
        .filter_map(|decl| {
            let (name, value) = decl.trim().split_once(':')?;
            let name = name.trim().strip_prefix("--")?;
            Some((name.to_string(), value.trim().to_string()))
        })
        .collect()
}

/// The light palette (`:root`) and the dark one (the `:root` inside
/// `prefers-color-scheme: dark`, over the light values it does not set).
fn palettes() -> [(&'static str, BTreeMap<String, String>); 2] {
    let css = stylesheets();
    let light = custom_properties(block_after(&css, ":root"));
    let dark_media = block_after(&css, "@media (prefers-color-scheme: dark)");
    let mut dark = light.clone();
    dark.extend(custom_properties(block_after(dark_media, ":root")));
    [("light", light), ("dark", dark)]
}

/// Relative luminance of `#rrggbb` (WCAG 2.1).
fn luminance(hex: &str) -> f64 {
    let h = hex
        .strip_prefix('#')
        .filter(|h| h.len() == 6)
        .unwrap_or_else(|| panic!("{hex:?} is not #rrggbb"));
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&h[i..i + 2], 16).expect("hex digits")) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

/// WCAG contrast ratio of two `#rrggbb` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Colours of chart text: labels and ticks (`--muted`), totals and values.
const TEXT: [&str; 2] = ["muted", "fg"];
/// Colours of chart marks: the series, the zero axis and range whiskers.
const MARKS: [&str; 12] = [
    "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "axis", "whisker",
];
/// Colours a chart may use without a contrast floor: gridlines are
/// decoration (the axis labels carry the scale), and `--bg` is the thin
/// separator drawn around bars and points.
const EXEMPT: [&str; 2] = ["grid", "bg"];

#[test]
fn wcag_contrast_matches_known_pairs() {
    assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
    assert!((contrast("#ffffff", "#ffffff") - 1.0).abs() < 1e-9);
    // #767676 on white is the classic 4.54:1 grey.
    assert!((contrast("#767676", "#ffffff") - 4.54).abs() < 0.01);
}

#[test]
fn chart_text_has_aa_contrast_with_the_background_in_both_schemes() {
    for (scheme, p) in palettes() {
        for name in TEXT {
            let ratio = contrast(&p[name], &p["bg"]);
            assert!(
                ratio >= 4.5,
                "{scheme}: --{name} {} on --bg {} is {ratio:.2}:1, below 4.5:1",
                p[name],
                p["bg"]
            );
        }
    }
}

#[test]
fn chart_marks_have_3_to_1_contrast_with_the_background_in_both_schemes() {
    for (scheme, p) in palettes() {
        for name in MARKS {
            let ratio = contrast(&p[name], &p["bg"]);
            assert!(
                ratio >= 3.0,
                "{scheme}: --{name} {} on --bg {} is {ratio:.2}:1, below 3:1",
                p[name],
                p["bg"]
            );
        }
    }
}

#[test]
fn every_colour_a_chart_rule_uses_is_checked() {
    let css = stylesheets();
    let mut used = Vec::new();
    // Every `selector { declarations }` whose selector names a chart.
    for rule in css.split('}') {
        let Some((selector, body)) = rule.rsplit_once('{') else {
            continue;
        };
        if !selector.contains("chart") {
            continue;
        }
        for decl in body.split(';') {
            let Some((prop, value)) = decl.split_once(':') else {
                continue;
            };
            if !matches!(prop.trim(), "fill" | "stroke" | "color") {
                continue;
            }
            let value = value.trim();
            if value == "none" || value == "inherit" || value == "currentColor" {
                continue;
            }
            let var = value
                .strip_prefix("var(--")
                .and_then(|v| v.strip_suffix(')'))
                .unwrap_or_else(|| {
                    panic!(
                        "{}: {prop}: {value} is not a palette colour",
                        selector.trim()
                    )
                });
            used.push(var.to_string());
        }
    }
    assert!(used.len() >= 20, "chart rules not found: {used:?}");
    for var in &used {
        assert!(
            TEXT.contains(&var.as_str())
                || MARKS.contains(&var.as_str())
                || EXEMPT.contains(&var.as_str()),
            "charts use --{var}, which the contrast tests do not check"
        );
    }
}
