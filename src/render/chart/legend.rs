//! What is drawn around the plot: the legend of series names with their
//! colour keys, and the category labels under the x axis.

use super::svg::{line, rect, series_class, shorten, text, text_w};
use super::w;

/// Most x-axis labels shown under a chart; the others are thinned out.
const MAX_X_LABELS: usize = 12;
/// Longest category or row label, in characters, before it is shortened.
const MAX_LABEL_CHARS: usize = 16;
/// Height of one legend row.
const LEGEND_ROW_H: f64 = 20.0;

#[derive(Clone, Copy)]
pub(super) enum Swatch {
    Rect,
    Line,
    Band,
}

pub(super) struct LegendItem {
    pub(super) kind: Swatch,
    pub(super) series: usize,
    pub(super) name: String,
}

/// Draws legend items left to right from (`x0`, `y0`), wrapping at `width`;
/// returns the height used.
/// One legend item per series, each drawn with `kind`.
pub(super) fn series_items(series: &[super::Series], kind: Swatch) -> Vec<LegendItem> {
    series
        .iter()
        .enumerate()
        .map(|(si, s)| LegendItem {
            kind,
            series: si,
            name: s.name.clone(),
        })
        .collect()
}

pub(super) fn legend(out: &mut String, items: &[LegendItem], x0: f64, y0: f64, width: f64) -> f64 {
    if items.is_empty() {
        return 0.0;
    }
    out.push_str(r#"<g class="legend">"#);
    let (mut x, mut y) = (x0, y0);
    for item in items {
        let name = shorten(&item.name, 40);
        let w = 18.0 + text_w(&name) + 16.0;
        if x > x0 && x + w > x0 + width {
            x = x0;
            y += LEGEND_ROW_H;
        }
        let class = series_class(item.series);
        match item.kind {
            Swatch::Rect => rect(out, &format!("swatch {class}"), (x, y, 12.0, 12.0), ""),
            Swatch::Band => rect(out, &format!("swatch band {class}"), (x, y, 12.0, 12.0), ""),
            Swatch::Line => line(
                out,
                &format!("line {class}"),
                (x, y + 6.0, x + 12.0, y + 6.0),
            ),
        }
        text(
            out,
            "label",
            x + 18.0,
            y + 6.0,
            "start",
            Some("0.35em"),
            &name,
        );
        x += w;
    }
    out.push_str("</g>");
    y - y0 + LEGEND_ROW_H
}

/// Category labels centred under their slots, thinned so they neither
/// overlap nor exceed about [`MAX_X_LABELS`].
pub(super) fn x_labels(out: &mut String, labels: &[String], left: f64, band: f64, y: f64) {
    let short: Vec<String> = labels.iter().map(|l| shorten(l, MAX_LABEL_CHARS)).collect();
    let widest = short.iter().map(|l| text_w(l)).fold(0.0, f64::max) + 8.0;
    let by_width = (widest / band).ceil() as usize;
    let step = labels.len().div_ceil(MAX_X_LABELS).max(by_width).max(1);
    for (i, l) in short.iter().enumerate().step_by(step) {
        let half = text_w(l) / 2.0;
        let x =
            (left + (i as f64 + 0.5) * band).clamp(half + 2.0, (w() - half - 2.0).max(half + 2.0));
        text(out, "label", x, y, "middle", None, l);
    }
}
