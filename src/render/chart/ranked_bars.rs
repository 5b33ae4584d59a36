//! Horizontal bars ranked in the caller's order, with value labels and
//! low..high whiskers.

use std::fmt::Write as _;

use super::no_data::no_data;
use super::scale::{Scale, nice_ticks};
use super::svg::{esc, hover, line, num, path, rect, shorten, svg, text, text_w};
use super::{Chart, RangeRow, W, extent};

/// Horizontal bars, one per row in the given order, each with its value
/// label and an optional low..high whisker; the value axis is at the bottom.
/// Rows without a base value show "n/a" and no bar.
pub fn ranked_bars(c: &Chart, rows: &[RangeRow]) -> String {
    if rows.is_empty() {
        return no_data(c);
    }
    let fin = |v: Option<f64>| v.filter(|v| v.is_finite());
    let (min, max) = extent(
        rows.iter()
            .flat_map(|r| [fin(r.base), fin(r.low), fin(r.high)].into_iter().flatten()),
    );

    const ROW_H: f64 = 26.0;
    const BAR_H: f64 = 14.0;
    let top = 12.0;
    let labels: Vec<String> = rows.iter().map(|r| shorten(&r.label, 32)).collect();
    let left = (labels.iter().map(|l| text_w(l)).fold(0.0, f64::max) + 16.0).clamp(60.0, 260.0);
    let values: Vec<String> = rows
        .iter()
        .map(|r| fin(r.base).map_or_else(|| "n/a".to_string(), c.fmt))
        .collect();
    let right =
        W - (values.iter().map(|v| text_w(v)).fold(0.0, f64::max) + 16.0).clamp(40.0, 200.0);

    // Fewer ticks when their labels would collide.
    let mut ticks = nice_ticks(min, max, 6);
    for target in (2..6).rev() {
        let widest = ticks
            .iter()
            .map(|&t| text_w(&(c.fmt)(t)))
            .fold(0.0, f64::max);
        if (widest + 12.0) * ticks.len() as f64 <= right - left {
            break;
        }
        ticks = nice_ticks(min, max, target);
    }
    let xs = Scale::new(ticks[0], ticks[ticks.len() - 1], left, right);
    let bottom = top + rows.len() as f64 * ROW_H;
    let mut out = String::new();
    for &t in &ticks {
        let x = xs.at(t);
        line(&mut out, "grid", (x, top, x, bottom));
        text(
            &mut out,
            "label tick",
            x,
            bottom + 16.0,
            "middle",
            None,
            &(c.fmt)(t),
        );
    }
    let x0 = xs.at(0.0);
    for (i, r) in rows.iter().enumerate() {
        let yc = top + (i as f64 + 0.5) * ROW_H;
        if labels[i] == r.label {
            text(
                &mut out,
                "label",
                left - 8.0,
                yc,
                "end",
                Some("0.35em"),
                &labels[i],
            );
        } else {
            let _ = write!(
                out,
                r#"<text class="label" x="{}" y="{}" text-anchor="end" dy="0.35em"><title>{}</title>{}</text>"#,
                num(left - 8.0),
                num(yc),
                esc(&r.label),
                esc(&labels[i])
            );
        }
        let range = fin(r.low).zip(fin(r.high));
        let range_note = range
            .map(|(lo, hi)| format!(" (range {} to {})", (c.exact)(lo), (c.exact)(hi)))
            .unwrap_or_default();
        let mut end = x0;
        if let Some(v) = fin(r.base) {
            let xv = xs.at(v);
            end = end.max(xv);
            if v != 0.0 {
                let title = format!("{}{range_note}", hover(&[&r.label], &(c.exact)(v)));
                rect(
                    &mut out,
                    "bar series-0",
                    (x0.min(xv), yc - BAR_H / 2.0, (xv - x0).abs(), BAR_H),
                    &title,
                );
            }
        }
        if let Some((lo, hi)) = range {
            let (xl, xh) = (xs.at(lo.min(hi)), xs.at(lo.max(hi)));
            end = end.max(xh);
            let d = format!(
                "M{l},{y}H{h}M{l},{a}V{b}M{h},{a}V{b}",
                l = num(xl),
                h = num(xh),
                y = num(yc),
                a = num(yc - 5.0),
                b = num(yc + 5.0)
            );
            let title = format!("{} range: {} to {}", r.label, (c.exact)(lo), (c.exact)(hi));
            path(&mut out, "whisker", &d, Some(&title));
        }
        let class = if fin(r.base).is_some() {
            "label value"
        } else {
            "label na"
        };
        text(
            &mut out,
            class,
            end + 6.0,
            yc,
            "start",
            Some("0.35em"),
            &values[i],
        );
    }
    line(&mut out, "axis", (x0, top, x0, bottom));
    svg(c, bottom + 28.0, &out)
}
