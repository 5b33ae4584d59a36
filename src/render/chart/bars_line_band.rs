//! Bars on a left axis with a line and its shaded low..high band on a right
//! axis: a deal's monthly payments and their cumulative total.

use std::fmt::Write as _;

use super::legend::{LegendItem, Swatch, legend, x_labels};
use super::lines::draw_line;
use super::no_data::no_data;
use super::scale::{Scale, ValueAxis, zero_line};
use super::svg::{hover, num, path, point, point_class, rect, svg};
use super::{Chart, PLOT_H, TOP, W, extent, runs, value};

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
    let right = W - raxis.margin();
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
