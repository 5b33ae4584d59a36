//! Stacked vertical bars per category, with totals and a legend.

use super::legend::{LegendItem, Swatch, legend, x_labels};
use super::no_data::no_data;
use super::scale::{Scale, ValueAxis, zero_line};
use super::svg::{hover, rect, series_class, svg, text, text_w};
use super::{Chart, PLOT_H, RIGHT_PAD, Series, TOP, W, value};

/// Vertical bars per category with the series stacked (positive values
/// upward, negative values downward from zero), a total above each bar when
/// it fits, and a legend below. Zero and missing cells draw no bar.
pub fn stacked_bars(c: &Chart, categories: &[String], series: &[Series]) -> String {
    let n = categories.len();
    let has_value = series
        .iter()
        .any(|s| (0..n).any(|i| value(&s.values, i).is_some()));
    if n == 0 || !has_value {
        return no_data(c);
    }
    let cell = |s: &Series, i: usize| value(&s.values, i).unwrap_or(0.0);
    let mut pos = vec![0.0; n];
    let mut neg = vec![0.0; n];
    for s in series {
        for i in 0..n {
            let v = cell(s, i);
            if v > 0.0 {
                pos[i] += v;
            } else {
                neg[i] += v;
            }
        }
    }
    let max = pos.iter().copied().fold(0.0, f64::max);
    let min = neg.iter().copied().fold(0.0, f64::min);

    let axis = ValueAxis::new(min, max, c.fmt);
    let left = axis.margin();
    let right = W - RIGHT_PAD;
    let bottom = TOP + PLOT_H;
    let ys = Scale::new(axis.lo(), axis.hi(), bottom, TOP);
    let mut out = String::new();
    axis.draw_left(&mut out, &ys, left, right);

    let band = (right - left) / n as f64;
    let bw = (band * 0.7).min(80.0);
    let mut up = vec![0.0; n];
    let mut down = vec![0.0; n];
    for (si, s) in series.iter().enumerate() {
        for (i, cat) in categories.iter().enumerate() {
            let v = cell(s, i);
            if v == 0.0 {
                continue;
            }
            let acc = if v > 0.0 { &mut up[i] } else { &mut down[i] };
            let from = *acc;
            *acc += v;
            let (y0, y1) = (ys.at(from), ys.at(*acc));
            let x = left + i as f64 * band + (band - bw) / 2.0;
            let title = hover(&[&s.name, cat], &(c.exact)(v));
            rect(
                &mut out,
                &format!("bar {}", series_class(si)),
                (x, y0.min(y1), bw, (y0 - y1).abs()),
                &title,
            );
        }
    }
    zero_line(&mut out, &ys, left, right);

    let totals: Vec<String> = (0..n).map(|i| (c.fmt)(pos[i] + neg[i])).collect();
    if n <= 24 && totals.iter().all(|t| text_w(t) <= band - 2.0) {
        for (i, t) in totals.iter().enumerate() {
            if pos[i] == 0.0 && neg[i] == 0.0 {
                continue;
            }
            let x = left + (i as f64 + 0.5) * band;
            let (y, dy) = if pos[i] + neg[i] >= 0.0 {
                (ys.at(pos[i]) - 6.0, None)
            } else {
                (ys.at(neg[i]) + 6.0, Some("0.71em"))
            };
            text(&mut out, "label total", x, y, "middle", dy, t);
        }
    }

    x_labels(&mut out, categories, left, band, bottom + 18.0);
    let mut height = bottom + 32.0;
    let named = series.len() > 1 || series.iter().any(|s| !s.name.is_empty());
    if named {
        let items: Vec<LegendItem> = series
            .iter()
            .enumerate()
            .map(|(si, s)| LegendItem {
                kind: Swatch::Rect,
                series: si,
                name: s.name.clone(),
            })
            .collect();
        height += legend(&mut out, &items, left, height, right - left);
    }
    svg(c, height, &out)
}
