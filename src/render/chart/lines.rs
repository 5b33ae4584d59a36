//! Line charts, straight or stepped, one line per series with a hover point
//! on every value.

use std::fmt::Write as _;

use super::legend::{Swatch, legend, series_items, x_labels};
use super::no_data::no_data;
use super::scale::{Plot, zero_line};
use super::svg::{hover, num, path, point, point_class, series_class, svg};
use super::{Chart, Series, extent, runs, value};

/// Straight lines over time, one per series, with a hover point on every
/// value. Non-finite or missing values leave gaps. At most about 12 x labels
/// show; a legend is drawn when there is more than one series. No page
/// draws straight lines today: the tests draw them, beside the steps.
#[cfg(test)]
pub fn lines(c: &Chart, x: &[String], series: &[Series]) -> String {
    line_chart(c, x, series, false)
}

/// Like [`lines`] but drawn as steps (each value holds until the next x),
/// for levels that change at discrete times, such as contracted MW.
pub fn step_lines(c: &Chart, x: &[String], series: &[Series]) -> String {
    line_chart(c, x, series, true)
}

fn line_chart(c: &Chart, x: &[String], series: &[Series], step: bool) -> String {
    let n = x.len();
    let has_value = series
        .iter()
        .any(|s| (0..n).any(|i| value(&s.values, i).is_some()));
    if n == 0 || !has_value {
        return no_data(c);
    }
    let (min, max) = extent(
        series
            .iter()
            .flat_map(|s| (0..n).filter_map(|i| value(&s.values, i))),
    );
    let Plot {
        left,
        right,
        bottom,
        ys,
        mut out,
    } = Plot::new(min, max, c.fmt);
    zero_line(&mut out, &ys, left, right);

    let band = (right - left) / n as f64;
    let cx = |i: usize| left + (i as f64 + 0.5) * band;
    for (si, s) in series.iter().enumerate() {
        let vals: Vec<Option<f64>> = (0..n).map(|i| value(&s.values, i)).collect();
        draw_line(&mut out, &vals, si, step, &|i| cx(i), &|v| ys.at(v));
        let class = point_class(band, si);
        for (i, label) in x.iter().enumerate() {
            if let Some(v) = vals[i] {
                let title = hover(&[&s.name, label], &(c.exact)(v));
                point(&mut out, &class, cx(i), ys.at(v), &title);
            }
        }
    }

    x_labels(&mut out, x, left, band, bottom + 18.0);
    let mut height = bottom + 32.0;
    if series.len() > 1 {
        let items = series_items(series, Swatch::Line);
        height += legend(&mut out, &items, left, height, right - left);
    }
    svg(c, height, &out)
}

/// A line through the present values of one series; gaps split it.
pub(super) fn draw_line(
    out: &mut String,
    vals: &[Option<f64>],
    series: usize,
    step: bool,
    x: &dyn Fn(usize) -> f64,
    y: &dyn Fn(f64) -> f64,
) {
    let class = format!("line {}", series_class(series));
    for run in runs(vals.len(), |i| vals[i].is_some()) {
        if run.len() < 2 {
            continue;
        }
        let mut d = String::new();
        for (k, i) in run.enumerate() {
            let (px, py) = (num(x(i)), num(y(vals[i].unwrap_or_default())));
            if k == 0 {
                let _ = write!(d, "M{px},{py}");
            } else if step {
                let _ = write!(d, "H{px}V{py}");
            } else {
                let _ = write!(d, "L{px},{py}");
            }
        }
        path(out, &class, &d, None);
    }
}

#[cfg(test)]
mod tests {
    use roxmltree::Document;

    use super::super::format;
    use super::super::testing::*;
    use super::*;

    /// The (x, y) each value of a line path reaches: after `M` and `L`, or
    /// after an `H` and its `V` in a step line.
    fn reached(d: &str) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        let mut x = 0.0;
        for (c, n) in commands(d) {
            match c {
                'M' | 'L' => out.push((n[0], n[1])),
                'H' => x = n[0],
                'V' => out.push((x, n[0])),
                _ => panic!("{c} in {d}"),
            }
        }
        out
    }

    /// Each line of `series` passes through that series' points, in order.
    fn assert_lines_meet_points(doc: &Document, series: usize) {
        let class = format!("series-{series}");
        let vertices: Vec<(f64, f64)> = find(doc, "path", &format!("line {class}"))
            .into_iter()
            .flat_map(|p| reached(p.attribute("d").unwrap()))
            .collect();
        let points: Vec<(f64, f64)> = find(doc, "circle", &format!("point {class}"))
            .into_iter()
            .map(|p| (at(p, "cx"), at(p, "cy")))
            .collect();
        assert_eq!(vertices, points);
    }

    #[test]
    fn lines_structure_and_gaps() {
        let x: Vec<String> = (0..40).map(|i| format!("{i}")).collect();
        let a: Vec<f64> = (0..40)
            .map(|i| if i == 20 { f64::NAN } else { i as f64 * 10.0 })
            .collect();
        let b: Vec<f64> = (0..30).map(|i| 100.0 + i as f64).collect();
        let s = vec![series("Site A", &a), series("Site B", &b)];
        let c = Chart::new("mw", "Contracted MW", "By site", format::mw);
        let svg = lines(&c, &x, &s);
        assert_well_formed(&svg, "mw");
        assert_short_numbers(&svg);
        let doc = parse(&svg);

        // Site A's gap at 20 splits its line in two; Site B ends at 29.
        assert_eq!(find(&doc, "path", "line series-0").len(), 2);
        assert_eq!(find(&doc, "path", "line series-1").len(), 1);
        assert_eq!(find(&doc, "circle", "point series-0").len(), 39);
        let want: Vec<String> = (0..30)
            .map(|i| format!("Site B, {i}: {}", 100 + i))
            .collect();
        assert_eq!(titles(&doc, "circle", "point series-1"), want);
        assert_eq!(find(&doc, "circle", "").len(), 39 + 30);
        for (c, _) in commands(find(&doc, "path", "line")[0].attribute("d").unwrap()) {
            assert!("ML".contains(c), "a straight line has no {c}");
        }
        assert_lines_meet_points(&doc, 0);
        assert_lines_meet_points(&doc, 1);
        // Site A's first value is 0: its point is on the zero line.
        let first = find(&doc, "circle", "point series-0")[0];
        assert_eq!(title(first), Some("Site A, 0: 0"));
        assert_eq!(at(first, "cy"), zero_y(&doc));
        assert_eq!(legend_names(&doc), ["Site A", "Site B"]);
        assert_eq!(find(&doc, "line", "line series-1").len(), 1);

        // Steps: each value holds until the next x (an H then a V).
        let st = step_lines(&c, &x, &s);
        assert_well_formed(&st, "mw");
        let doc = parse(&st);
        let d = find(&doc, "path", "line series-1")[0]
            .attribute("d")
            .unwrap();
        let cmds: String = commands(d).iter().map(|(c, _)| *c).collect();
        assert_eq!(cmds, format!("M{}", "HV".repeat(29)));
        assert_lines_meet_points(&doc, 0);
        assert_lines_meet_points(&doc, 1);
    }
}
