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
        .map(|r| {
            let v = fin(r.base).map_or_else(|| "n/a".to_string(), c.fmt);
            match &r.mark {
                Some(mark) => format!("{v} · {mark}"),
                None => v,
            }
        })
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
                    if r.mark.is_some() {
                        "bar series-0 marked"
                    } else {
                        "bar series-0"
                    },
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

#[cfg(test)]
mod tests {
    use super::super::format;
    use super::super::testing::*;
    use super::*;

    #[test]
    fn ranked_bars_structure() {
        let long = "A very long deal name that will not fit in the label column";
        let rows = vec![
            RangeRow {
                label: "Deal A".into(),
                base: Some(2.1),
                low: Some(1.8),
                high: Some(2.6),
                ..Default::default()
            },
            RangeRow {
                label: "Deal B".into(),
                base: None,
                low: None,
                high: None,
                ..Default::default()
            },
            RangeRow {
                label: long.into(),
                base: Some(1.5),
                low: None,
                high: None,
                ..Default::default()
            },
        ];
        let rate = |x| format::usd_rate(x, "GPU-hr");
        let c = Chart::new("rank", "Price per GPU-hour", "Ranked", rate);
        let svg = ranked_bars(&c, &rows);
        assert_well_formed(&svg, "rank");
        assert_short_numbers(&svg);
        let doc = parse(&svg);

        // Bars for the rows with a base, with the range in the hover text.
        assert_eq!(
            titles(&doc, "rect", "bar series-0"),
            ["Deal A: 2.1 (range 1.8 to 2.6)", &format!("{long}: 1.5")]
        );
        assert_eq!(find(&doc, "rect", "bar").len(), 2);
        assert_eq!(
            titles(&doc, "path", "whisker"),
            ["Deal A range: 1.8 to 2.6"]
        );
        assert_eq!(texts(&doc, "label value"), ["$2.10/GPU-hr", "$1.50/GPU-hr"]);
        assert_eq!(texts(&doc, "label na"), ["n/a"]);

        // Row labels: the long one is shortened to 32 characters, with the
        // full name as its hover text.
        let labels: Vec<_> = find(&doc, "text", "label")
            .into_iter()
            .filter(|n| n.attribute("class") == Some("label"))
            .collect();
        let shown: Vec<String> = labels.iter().map(|n| own_text(*n)).collect();
        assert_eq!(
            shown,
            ["Deal A", "Deal B", "A very long deal name that will…"]
        );
        assert_eq!(shown[2].chars().count(), 32);
        let hover: Vec<Option<&str>> = labels.iter().map(|n| title(*n)).collect();
        assert_eq!(hover, [None, None, Some(long)]);

        // The bars start at the vertical zero axis; the value axis has the
        // nice ticks that fit side by side (0, 2, 4 at this width).
        let axis = find(&doc, "line", "axis");
        assert_eq!(axis.len(), 1);
        assert_eq!(at(axis[0], "x1"), at(axis[0], "x2"));
        for b in find(&doc, "rect", "bar") {
            assert_eq!(at(b, "x"), at(axis[0], "x1"));
        }
        let want: Vec<String> = nice_ticks(0.0, 2.6, 2).into_iter().map(rate).collect();
        assert_eq!(ticks(&doc, "middle"), want);
        assert_eq!(want, ["$0.00/GPU-hr", "$2.00/GPU-hr", "$4.00/GPU-hr"]);
    }
}
