//! Bars on a left axis with a line and its shaded low..high band on a right
//! axis: a deal's monthly payments and their cumulative total.

use std::fmt::Write as _;

use super::legend::{LegendItem, Swatch, legend, x_labels};
use super::lines::draw_line;
use super::no_data::no_data;
use super::scale::{Scale, ValueAxis, zero_line};
use super::svg::{hover, num, path, point, point_class, rect, svg};
use super::{Chart, PLOT_H, TOP, extent, runs, value, w};

/// Bars (e.g. monthly payments) read on the left axis, plus a line (e.g. the
/// cumulative total) with a shaded `band_low..band_high` area read on a right
/// axis; both axes use `c.fmt`. Slices shorter than `x` are padded with "no
/// value"; non-finite values leave gaps. At most about 12 x labels show.
pub fn bars_line_band(
    c: &Chart,
    x: &[String],
    bars: &[f64],
    line: &[f64],
    band_low: &[f64],
    band_high: &[f64],
) -> String {
    let n = x.len();
    let all = [bars, line, band_low, band_high];
    if n == 0 || !all.iter().any(|v| (0..n).any(|i| value(v, i).is_some())) {
        return no_data(c);
    }
    let (bmin, bmax) = extent((0..n).filter_map(|i| value(bars, i)));
    let (rmin, rmax) = extent((0..n).flat_map(|i| {
        [value(line, i), value(band_low, i), value(band_high, i)]
            .into_iter()
            .flatten()
    }));
    let laxis = ValueAxis::new(bmin, bmax, c.fmt);
    let raxis = ValueAxis::new(rmin, rmax, c.fmt);
    let left = laxis.margin();
    let right = w() - raxis.margin();
    let bottom = TOP + PLOT_H;
    let ys = Scale::new(laxis.lo(), laxis.hi(), bottom, TOP);
    let rs = Scale::new(raxis.lo(), raxis.hi(), bottom, TOP);
    let mut out = String::new();
    laxis.draw_left(&mut out, &ys, left, right);
    raxis.draw_right(&mut out, &rs, right);

    let band = (right - left) / n as f64;
    let bw = (band * 0.7).min(80.0);
    let cx = |i: usize| left + (i as f64 + 0.5) * band;
    let mut any_bar = false;
    for (i, label) in x.iter().enumerate() {
        let Some(v) = value(bars, i).filter(|&v| v != 0.0) else {
            continue;
        };
        any_bar = true;
        let (y0, y1) = (ys.at(0.0), ys.at(v));
        rect(
            &mut out,
            "bar series-0",
            (cx(i) - bw / 2.0, y0.min(y1), bw, (y0 - y1).abs()),
            &hover(&[label], &(c.exact)(v)),
        );
    }

    // Shaded band: one closed path per run of points having both bounds.
    let range = |i: usize| Some((value(band_low, i)?, value(band_high, i)?));
    let mut any_band = false;
    for run in runs(n, |i| range(i).is_some()) {
        any_band = true;
        let half = if run.len() == 1 {
            (bw / 2.0).min(6.0)
        } else {
            0.0
        };
        let mut d = String::new();
        for (k, i) in run.clone().enumerate() {
            let (_, hi) = range(i).unwrap_or_default();
            let cmd = if k == 0 { 'M' } else { 'L' };
            let _ = write!(d, "{cmd}{},{}", num(cx(i) - half), num(rs.at(hi)));
            if run.len() == 1 {
                let _ = write!(d, "L{},{}", num(cx(i) + half), num(rs.at(hi)));
            }
        }
        for i in run.clone().rev() {
            let (lo, _) = range(i).unwrap_or_default();
            if run.len() == 1 {
                let _ = write!(d, "L{},{}", num(cx(i) + half), num(rs.at(lo)));
            }
            let _ = write!(d, "L{},{}", num(cx(i) - half), num(rs.at(lo)));
        }
        d.push('Z');
        path(&mut out, "band series-1", &d, None);
    }
    zero_line(&mut out, &ys, left, right);

    let line_values: Vec<Option<f64>> = (0..n).map(|i| value(line, i)).collect();
    let any_line = line_values.iter().any(Option::is_some);
    draw_line(&mut out, &line_values, 1, false, &|i| cx(i), &|v| rs.at(v));
    for (i, label) in x.iter().enumerate() {
        let Some(v) = line_values[i] else { continue };
        let mut title = hover(&[label], &(c.exact)(v));
        if let Some((lo, hi)) = range(i) {
            let _ = write!(title, " (range {} to {})", (c.exact)(lo), (c.exact)(hi));
        }
        point(&mut out, &point_class(band, 1), cx(i), rs.at(v), &title);
    }

    x_labels(&mut out, x, left, band, bottom + 18.0);
    let mut height = bottom + 32.0;
    let defaults = [
        "Per period (left axis)",
        "Cumulative (right axis)",
        "Range (right axis)",
    ];
    let name = |k: usize| {
        c.legend
            .get(k)
            .copied()
            .filter(|s| !s.is_empty())
            .unwrap_or(defaults[k])
            .to_string()
    };
    let mut items = Vec::new();
    for (k, (present, kind, series)) in [
        (any_bar, Swatch::Rect, 0),
        (any_line, Swatch::Line, 1),
        (any_band, Swatch::Band, 1),
    ]
    .into_iter()
    .enumerate()
    {
        if present {
            items.push(LegendItem {
                kind,
                series,
                name: name(k),
            });
        }
    }
    height += legend(&mut out, &items, left, height, right - left);
    svg(c, height, &out)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn bars_line_band_structure() {
        let x: Vec<String> = (1..=24).map(|m| format!("M{m}")).collect();
        let bars: Vec<f64> = (1..=24).map(|m| if m == 5 { 0.0 } else { 1e8 }).collect();
        let mut line = Vec::new();
        let mut acc = 0.0;
        for b in &bars {
            acc += b;
            line.push(acc);
        }
        let low: Vec<f64> = line.iter().map(|v| v * 0.8).collect();
        let mut high: Vec<f64> = line.iter().map(|v| v * 1.2).collect();
        high[10] = f64::NAN; // splits the band in two
        let c = Chart {
            legend: &["Monthly payments", "", "Low–high"],
            ..Chart::money("pay", "Payments", "Monthly and cumulative")
        };
        let svg = bars_line_band(&c, &x, &bars, &line, &low, &high);
        assert_well_formed(&svg, "pay");
        assert_short_numbers(&svg);
        let doc = parse(&svg);

        // A bar for every month but the zero one, standing on the zero line
        // of the left axis.
        let want: Vec<String> = (1..=24)
            .filter(|&m| m != 5)
            .map(|m| format!("M{m}: $100,000,000"))
            .collect();
        assert_eq!(titles(&doc, "rect", "bar series-0"), want);
        assert_eq!(find(&doc, "rect", "bar").len(), 23);
        let zero = zero_y(&doc);
        for b in find(&doc, "rect", "bar") {
            assert_close(at(b, "y") + at(b, "height"), zero);
        }

        // Left axis: the bars' 0..$100M; right axis: the line and band's
        // 0..$2.76B (M24's high), stepping by $1B.
        assert_eq!(
            ticks(&doc, "end"),
            ["$0", "$20M", "$40M", "$60M", "$80M", "$100M"]
        );
        assert_eq!(ticks(&doc, "start"), ["$0", "$1B", "$2B", "$3B"]);

        // A point on every month, not dense at 24 slots; M11 has no high,
        // so its title has no range.
        let points = titles(&doc, "circle", "point series-1");
        assert_eq!(points.len(), 24);
        assert!(find(&doc, "circle", "dense").is_empty());
        assert_eq!(
            points[0],
            "M1: $100,000,000 (range $80,000,000 to $120,000,000)"
        );
        assert_eq!(points[10], "M11: $1,000,000,000");

        // One line through the 24 points, and the band in two runs
        // (M1..M10 and M12..M24), each a closed path.
        let lines = find(&doc, "path", "line series-1");
        assert_eq!(lines.len(), 1);
        let cmds: String = commands(lines[0].attribute("d").unwrap())
            .iter()
            .map(|(c, _)| *c)
            .collect();
        assert_eq!(cmds, format!("M{}", "L".repeat(23)));
        let bands = find(&doc, "path", "band series-1");
        let sizes: Vec<usize> = bands
            .iter()
            .map(|b| commands(b.attribute("d").unwrap()).len())
            .collect();
        assert_eq!(sizes, [2 * 10 + 1, 2 * 13 + 1]);
        for b in &bands {
            assert!(b.attribute("d").unwrap().ends_with('Z'));
        }

        // The legend: given names, the default for the empty one, and a
        // key of each kind.
        assert_eq!(
            legend_names(&doc),
            ["Monthly payments", "Cumulative (right axis)", "Low–high"]
        );
        assert_eq!(find(&doc, "rect", "swatch series-0").len(), 1);
        assert_eq!(find(&doc, "line", "line series-1").len(), 1);
        assert_eq!(find(&doc, "rect", "swatch band series-1").len(), 1);

        // x labels thinned to every other month: 12 of 24.
        let odd: Vec<String> = (1..=24).step_by(2).map(|m| format!("M{m}")).collect();
        assert_eq!(category_labels(&doc), odd);

        // Many points are marked dense.
        let x60: Vec<String> = (0..60).map(|i| format!("{i}")).collect();
        let v60 = vec![1.0; 60];
        let dense = bars_line_band(&c, &x60, &v60, &v60, &v60, &v60);
        let doc = parse(&dense);
        assert_eq!(find(&doc, "circle", "point").len(), 60);
        assert_eq!(find(&doc, "circle", "point dense series-1").len(), 60);
    }
}
