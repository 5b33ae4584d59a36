//! Horizontal bars ranked in the caller's order, with value labels and
//! low..high whiskers.

use std::fmt::Write as _;

use super::no_data::no_data;
use super::scale::{Scale, nice_ticks};
use super::svg::{esc, hover, line, num, path, rect, shorten, svg, text, text_w};
use super::{Chart, RangeRow, extent, narrow, w};

/// Longest row label of the wide layout before it is shortened.
const MAX_LABEL_CHARS: usize = 44;
/// Longest row label drawn beside its bar: a longer one puts every label on
/// its own line above its bar, whole.
const WIDE_LABEL_CHARS: usize = 40;

/// Characters of one label line in the narrow layout (344 units of text).
const NARROW_LINE_CHARS: usize = 48;
/// Height of one more line of a label.
const LINE_H: f64 = 15.0;

/// `s` in lines of at most `max` characters, broken at spaces (a word
/// longer than a line is a line of its own, shortened).
fn wrap(s: &str, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in s.split(' ') {
        match out.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= max => {
                line.push(' ');
                line.push_str(word);
            }
            _ => out.push(shorten(word, max)),
        }
    }
    out
}

/// Horizontal bars, one per row in the given order, each with its value
/// label and an optional low..high whisker; the value axis is at the bottom.
/// Rows without a base value show "n/a" and no bar. (The pages draw through
/// [`ranked_bars_with`]; this is the tests' short form.)
#[cfg(test)]
pub fn ranked_bars(c: &Chart, rows: &[RangeRow]) -> String {
    ranked_bars_with(c, rows, None)
}

/// [`ranked_bars`] with a dashed vertical reference line at a value (a
/// market price, say), named by its label at the top of the plot. A row
/// with an `href` is a link: its label, bar and value.
pub fn ranked_bars_with(c: &Chart, rows: &[RangeRow], reference: Option<(f64, &str)>) -> String {
    if rows.is_empty() {
        return no_data(c);
    }
    let fin = |v: Option<f64>| v.filter(|v| v.is_finite());
    let reference = reference.filter(|(v, _)| v.is_finite());
    let (min, max) = extent(
        rows.iter()
            .flat_map(|r| [fin(r.base), fin(r.low), fin(r.high)].into_iter().flatten())
            .chain(reference.map(|(v, _)| v)),
    );

    // The narrow layout puts each label on its own line above its bar, so
    // the bars keep the whole width and the labels are not cut.
    let above = narrow()
        || rows
            .iter()
            .any(|r| r.label.chars().count() > WIDE_LABEL_CHARS);
    let row_h: f64 = if above { 42.0 } else { 26.0 };
    const BAR_H: f64 = 14.0;
    let top = if reference.is_some() { 30.0 } else { 12.0 };
    let max_chars = if narrow() {
        2 * NARROW_LINE_CHARS
    } else if above {
        100
    } else {
        MAX_LABEL_CHARS
    };
    let labels: Vec<String> = rows.iter().map(|r| shorten(&r.label, max_chars)).collect();
    let left = if above {
        // Room for half of the first tick label, centred under the axis.
        (text_w(&(c.fmt)(min.min(0.0))) / 2.0 + 4.0).max(8.0)
    } else {
        (labels.iter().map(|l| text_w(l)).fold(0.0, f64::max) + 16.0).clamp(60.0, 330.0)
    };
    let values: Vec<String> = rows
        .iter()
        .map(|r| {
            let v = fin(r.base).map_or_else(|| "n/a".to_string(), c.fmt);
            match &r.mark {
                // The narrow layout has no room for it: the outline and the
                // label (which names the kind, on the compare page) say it.
                Some(mark) if !narrow() => format!("{v} · {mark}"),
                _ => v,
            }
        })
        .collect();
    let right =
        w() - (values.iter().map(|v| text_w(v)).fold(0.0, f64::max) + 16.0).clamp(40.0, w() * 0.45);

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
    // A label above its bar takes one line, or two in the narrow layout
    // when it is longer than a line; the rows below move down to match.
    let lines: Vec<Vec<String>> = labels
        .iter()
        .map(|l| {
            if narrow() {
                wrap(l, NARROW_LINE_CHARS)
            } else {
                vec![l.clone()]
            }
        })
        .collect();
    let mut row_top = Vec::with_capacity(rows.len());
    let mut y = top;
    for l in &lines {
        row_top.push(y);
        y += row_h + LINE_H * (l.len().max(1) - 1) as f64;
    }
    let bottom = if above {
        y
    } else {
        top + rows.len() as f64 * row_h
    };
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
    if let Some((v, name)) = reference {
        let x = xs.at(v);
        line(&mut out, "reference", (x, top - 6.0, x, bottom));
        // On a phone only the name before its first comma ("H100 market").
        let name = if narrow() {
            name.split(',').next().unwrap_or(name)
        } else {
            name
        };
        let label = format!("{name} {}", (c.fmt)(v));
        // The label is bold: wider than the estimate of plain text.
        let half = text_w(&label) * 0.6 + 2.0;
        let lx = x.clamp(half + 4.0, (w() - half - 4.0).max(half + 4.0));
        text(
            &mut out,
            "label reference",
            lx,
            top - 12.0,
            "middle",
            None,
            &label,
        );
    }
    for (i, r) in rows.iter().enumerate() {
        if let Some(href) = &r.href {
            let _ = write!(out, r#"<a href="{}">"#, esc(href));
        }
        let (yc, lx, ly, anchor) = if above {
            let y0 = row_top[i];
            let extra = LINE_H * (lines[i].len().max(1) - 1) as f64;
            (y0 + 28.0 + extra, 8.0, y0 + 11.0, "start")
        } else {
            let yc = top + (i as f64 + 0.5) * row_h;
            (yc, left - 8.0, yc, "end")
        };
        if lines[i].len() > 1 {
            for (k, l) in lines[i].iter().enumerate() {
                let y = ly + k as f64 * LINE_H;
                text(&mut out, "label", lx, y, anchor, Some("0.35em"), l);
            }
        } else if labels[i] == r.label {
            text(
                &mut out,
                "label",
                lx,
                ly,
                anchor,
                Some("0.35em"),
                &labels[i],
            );
        } else {
            let _ = write!(
                out,
                r#"<text class="label" x="{}" y="{}" text-anchor="{anchor}" dy="0.35em"><title>{}</title>{}</text>"#,
                num(lx),
                num(ly),
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
        if r.href.is_some() {
            out.push_str("</a>");
        }
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

        // Row labels: a long one puts every label above its bar, whole.
        let labels: Vec<_> = find(&doc, "text", "label")
            .into_iter()
            .filter(|n| n.attribute("class") == Some("label"))
            .collect();
        let shown: Vec<String> = labels.iter().map(|n| own_text(*n)).collect();
        assert_eq!(shown, ["Deal A", "Deal B", long]);
        let hover: Vec<Option<&str>> = labels.iter().map(|n| title(*n)).collect();
        assert_eq!(hover, [None, None, None]);

        // The narrow layout (a phone) keeps every label whole above its bar
        // and fits its drawing into 360 units.
        let both = super::super::responsive(|| ranked_bars(&c, &rows));
        let narrow = &both[svg.len()..];
        assert!(narrow.contains(r#"class="chart chart-narrow""#));
        assert!(narrow.contains(r#"viewBox="0 0 360 "#));
        assert!(narrow.contains(r#"id="rank-n-title""#));
        assert!(narrow.contains(">A very long deal name that will not fit in the</text>"));
        assert!(narrow.contains(">label column</text>"));
        assert_eq!(wrap("ab cd ef", 5), ["ab cd", "ef"]);

        // The bars start at the vertical zero axis; the value axis has the
        // nice ticks that fit side by side (0 to 3 at this width, the labels
        // above the bars).
        let axis = find(&doc, "line", "axis");
        assert_eq!(axis.len(), 1);
        assert_eq!(at(axis[0], "x1"), at(axis[0], "x2"));
        for b in find(&doc, "rect", "bar") {
            assert_eq!(at(b, "x"), at(axis[0], "x1"));
        }
        let want: Vec<String> = nice_ticks(0.0, 2.6, 3).into_iter().map(rate).collect();
        assert_eq!(ticks(&doc, "middle"), want);
        assert_eq!(
            want,
            [
                "$0.00/GPU-hr",
                "$1.00/GPU-hr",
                "$2.00/GPU-hr",
                "$3.00/GPU-hr"
            ]
        );
    }
}
