//! SVG charts drawn at build time: readable without JavaScript, printable,
//! themed entirely by CSS classes, and accessible (`role="img"` with a title
//! and description, plus a hover `<title>` with the exact value on every bar
//! and point).
//!
//! Every chart function returns one `<svg>` element as a `String`. Output is
//! deterministic: the same input gives byte-identical output. No colours are
//! written inline; the stylesheet themes these classes:
//!
//! | class | element |
//! | --- | --- |
//! | `chart` | the `<svg>` root |
//! | `grid` | horizontal/vertical gridlines at axis ticks |
//! | `axis` | the zero line |
//! | `label` | every `<text>`; also `tick`, `total`, `value`, `na`, `no-data` |
//! | `bar` | a bar `<rect>` |
//! | `line` | a line `<path>` (needs `fill: none`) |
//! | `point` | a `<circle>` on a line, carrying the hover title; also `dense` when points crowd |
//! | `band` | a shaded low..high area `<path>` |
//! | `whisker` | a low..high whisker `<path>` in ranked bars |
//! | `series-0` .. `series-9` | colour slot of a bar, line, point, band or swatch |
//! | `legend`, `swatch` | the legend group and its colour keys |

use std::fmt::Write as _;

use super::format;

/// Width of every chart's viewBox, in user units.
const W: f64 = 720.0;
/// Height of the plotting area of the vertical charts.
const PLOT_H: f64 = 240.0;
/// Top of the plotting area (room for the top tick label and bar totals).
const TOP: f64 = 24.0;
/// Gap between the plotting area and the right edge when there is no right axis.
const RIGHT_PAD: f64 = 16.0;
/// Estimated advance of one character at the charts' 12-unit font size.
const CHAR_W: f64 = 7.0;
/// Most x-axis labels shown under a chart; the others are thinned out.
const MAX_X_LABELS: usize = 12;
/// Wanted number of tick intervals on a value axis.
const TICK_TARGET: usize = 5;
/// Longest category or row label, in characters, before it is shortened.
const MAX_LABEL_CHARS: usize = 16;
/// Height of one legend row.
const LEGEND_ROW_H: f64 = 20.0;
/// Slot width below which line points are marked `dense`.
const DENSE_BAND: f64 = 14.0;
/// Number of distinct series colour classes.
const SERIES_CLASSES: usize = 10;

/// One named series: one value per category (or per x position).
/// Missing or non-finite values are treated as "no value".
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

/// What every chart needs besides its data.
#[derive(Debug, Clone, Copy)]
pub struct Chart<'a> {
    /// Prefix of the ids of the chart's `<title>` (`{id}-title`) and
    /// `<desc>` (`{id}-desc`); must be unique on the page. Characters other
    /// than ASCII letters, digits, `-` and `_` are replaced by `-`.
    pub id: &'a str,
    /// Short accessible name of the chart.
    pub title: &'a str,
    /// Longer accessible description (what is shown, the main takeaway).
    pub desc: &'a str,
    /// Formats axis ticks, bar totals and value labels (e.g. `format::usd`).
    pub fmt: fn(f64) -> String,
    /// Formats the exact value in hover titles (e.g. `format::usd_exact`).
    /// [`Chart::new`] and `Default` use [`format::exact`].
    pub exact: fn(f64) -> String,
    /// Legend names for [`bars_line_band`]: `[bars, line, band]`. Missing or
    /// empty entries get defaults that name the axis each one is read on.
    pub legend: &'a [&'a str],
}

impl Default for Chart<'_> {
    fn default() -> Self {
        Chart {
            id: "chart",
            title: "",
            desc: "",
            fmt: format::exact,
            exact: format::exact,
            legend: &[],
        }
    }
}

impl<'a> Chart<'a> {
    /// A chart whose hover titles use [`format::exact`].
    pub fn new(id: &'a str, title: &'a str, desc: &'a str, fmt: fn(f64) -> String) -> Self {
        Chart {
            id,
            title,
            desc,
            fmt,
            ..Chart::default()
        }
    }

    /// A money chart: axes in [`format::usd`] (`$10B`), hover titles in
    /// [`format::usd_exact`] (`$15,000,000,000`).
    pub fn money(id: &'a str, title: &'a str, desc: &'a str) -> Self {
        Chart {
            id,
            title,
            desc,
            fmt: format::usd,
            exact: format::usd_exact,
            legend: &[],
        }
    }
}

/// One row of [`ranked_bars`]: a bar to `base` and a whisker from `low` to
/// `high`. A row without `base` shows "n/a" and no bar; the whisker is drawn
/// only when both `low` and `high` are present.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeRow {
    pub label: String,
    pub base: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// Tick values for an axis covering `min..=max`, stepping by 1, 2, 2.5 or 5
/// times a power of ten, with about `target` intervals. The first and last
/// ticks enclose the data. Always returns at least two distinct, finite,
/// increasing values; a degenerate range is widened to include zero (or to
/// `0..=1` when everything is zero).
pub fn nice_ticks(min: f64, max: f64, target: usize) -> Vec<f64> {
    let min = if min.is_finite() { min } else { 0.0 };
    let max = if max.is_finite() { max } else { 0.0 };
    let (mut lo, mut hi) = if min <= max { (min, max) } else { (max, min) };
    if hi - lo <= f64::EPSILON * hi.abs().max(lo.abs()) {
        if lo > 0.0 {
            lo = 0.0;
        } else if hi < 0.0 {
            hi = 0.0;
        } else {
            (lo, hi) = (0.0, 1.0);
        }
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|&s| s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * mag);
    let first = (lo / step + 1e-9).floor();
    let last = (hi / step - 1e-9).ceil();
    let count = (last - first).round();
    if !(step.is_finite() && step > 0.0 && (1.0..=1e4).contains(&count)) {
        return vec![lo, hi];
    }
    (0..=count as usize)
        .map(|i| {
            let v = (first + i as f64) * step;
            if v.abs() < step * 1e-9 { 0.0 } else { v }
        })
        .collect()
}

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

/// Straight lines over time, one per series, with a hover point on every
/// value. Non-finite or missing values leave gaps. At most about 12 x labels
/// show; a legend is drawn when there is more than one series.
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
    let axis = ValueAxis::new(min, max, c.fmt);
    let left = axis.margin();
    let right = W - RIGHT_PAD;
    let bottom = TOP + PLOT_H;
    let ys = Scale::new(axis.lo(), axis.hi(), bottom, TOP);
    let mut out = String::new();
    axis.draw_left(&mut out, &ys, left, right);
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
        let items: Vec<LegendItem> = series
            .iter()
            .enumerate()
            .map(|(si, s)| LegendItem {
                kind: Swatch::Line,
                series: si,
                name: s.name.clone(),
            })
            .collect();
        height += legend(&mut out, &items, left, height, right - left);
    }
    svg(c, height, &out)
}

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

/// The SVG drawn when there is nothing to plot.
fn no_data(c: &Chart) -> String {
    let mut out = String::new();
    text(
        &mut out,
        "label no-data",
        W / 2.0,
        60.0,
        "middle",
        Some("0.35em"),
        "No data",
    );
    svg(c, 120.0, &out)
}

/// Wraps a chart body in the `<svg>` root with its title and description.
fn svg(c: &Chart, height: f64, body: &str) -> String {
    let id = esc(&safe_id(c.id));
    let mut s = String::with_capacity(body.len() + 400);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMidYMid meet" font-size="12"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        num(W),
        num(height),
        esc(c.title),
        esc(c.desc),
    );
    s.push_str(body);
    s.push_str("</svg>");
    s
}

/// A value axis: its ticks and their labels.
struct ValueAxis {
    ticks: Vec<f64>,
    labels: Vec<String>,
}

impl ValueAxis {
    fn new(min: f64, max: f64, fmt: fn(f64) -> String) -> Self {
        let ticks = nice_ticks(min, max, TICK_TARGET);
        let labels = ticks.iter().map(|&t| fmt(t)).collect();
        ValueAxis { ticks, labels }
    }

    fn lo(&self) -> f64 {
        self.ticks[0]
    }

    fn hi(&self) -> f64 {
        self.ticks[self.ticks.len() - 1]
    }

    /// Room needed beside the plot for the tick labels.
    fn margin(&self) -> f64 {
        let widest = self.labels.iter().map(|l| text_w(l)).fold(0.0, f64::max);
        (widest + 14.0).clamp(48.0, 160.0)
    }

    /// Gridlines across the plot and tick labels on its left.
    fn draw_left(&self, out: &mut String, ys: &Scale, left: f64, right: f64) {
        for (t, l) in self.ticks.iter().zip(&self.labels) {
            let y = ys.at(*t);
            line(out, "grid", (left, y, right, y));
            text(out, "label tick", left - 8.0, y, "end", Some("0.35em"), l);
        }
    }

    /// Tick labels on the right of the plot (no gridlines).
    fn draw_right(&self, out: &mut String, ys: &Scale, right: f64) {
        for (t, l) in self.ticks.iter().zip(&self.labels) {
            text(
                out,
                "label tick",
                right + 8.0,
                ys.at(*t),
                "start",
                Some("0.35em"),
                l,
            );
        }
    }
}

/// Linear map from the value range `lo..hi` to the pixel range `p0..p1`.
struct Scale {
    lo: f64,
    hi: f64,
    p0: f64,
    p1: f64,
}

impl Scale {
    fn new(lo: f64, hi: f64, p0: f64, p1: f64) -> Self {
        Scale { lo, hi, p0, p1 }
    }

    fn at(&self, v: f64) -> f64 {
        let span = self.hi - self.lo;
        if span > 0.0 {
            self.p0 + (v - self.lo) / span * (self.p1 - self.p0)
        } else {
            self.p0
        }
    }
}

#[derive(Clone, Copy)]
enum Swatch {
    Rect,
    Line,
    Band,
}

struct LegendItem {
    kind: Swatch,
    series: usize,
    name: String,
}

/// Draws legend items left to right from (`x0`, `y0`), wrapping at `width`;
/// returns the height used.
fn legend(out: &mut String, items: &[LegendItem], x0: f64, y0: f64, width: f64) -> f64 {
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
fn x_labels(out: &mut String, labels: &[String], left: f64, band: f64, y: f64) {
    let short: Vec<String> = labels.iter().map(|l| shorten(l, MAX_LABEL_CHARS)).collect();
    let widest = short.iter().map(|l| text_w(l)).fold(0.0, f64::max) + 8.0;
    let by_width = (widest / band).ceil() as usize;
    let step = labels.len().div_ceil(MAX_X_LABELS).max(by_width).max(1);
    for (i, l) in short.iter().enumerate().step_by(step) {
        let half = text_w(l) / 2.0;
        let x =
            (left + (i as f64 + 0.5) * band).clamp(half + 2.0, (W - half - 2.0).max(half + 2.0));
        text(out, "label", x, y, "middle", None, l);
    }
}

/// A line through the present values of one series; gaps split it.
fn draw_line(
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

/// The maximal runs of consecutive indices in `0..n` where `keep` holds.
fn runs(n: usize, keep: impl Fn(usize) -> bool) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for i in 0..=n {
        match (start, i < n && keep(i)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The horizontal zero line, when zero is inside the axis.
fn zero_line(out: &mut String, ys: &Scale, left: f64, right: f64) {
    if ys.lo <= 0.0 && ys.hi >= 0.0 {
        let y = ys.at(0.0);
        line(out, "axis", (left, y, right, y));
    }
}

fn rect(out: &mut String, class: &str, (x, y, w, h): (f64, f64, f64, f64), title: &str) {
    let _ = write!(
        out,
        r#"<rect class="{}" x="{}" y="{}" width="{}" height="{}""#,
        esc(class),
        num(x),
        num(y),
        num(w.max(0.0)),
        num(h.max(0.0))
    );
    if title.is_empty() {
        out.push_str("/>");
    } else {
        let _ = write!(out, "><title>{}</title></rect>", esc(title));
    }
}

fn line(out: &mut String, class: &str, (x1, y1, x2, y2): (f64, f64, f64, f64)) {
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

fn path(out: &mut String, class: &str, d: &str, title: Option<&str>) {
    let _ = write!(out, r#"<path class="{}" d="{}""#, esc(class), esc(d));
    match title {
        Some(t) => {
            let _ = write!(out, "><title>{}</title></path>", esc(t));
        }
        None => out.push_str("/>"),
    }
}

fn point(out: &mut String, class: &str, x: f64, y: f64, title: &str) {
    let _ = write!(
        out,
        r#"<circle class="{}" cx="{}" cy="{}" r="3"><title>{}</title></circle>"#,
        esc(class),
        num(x),
        num(y),
        esc(title)
    );
}

fn text(
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
fn hover(parts: &[&str], value: &str) -> String {
    let named: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    if named.is_empty() {
        value.to_string()
    } else {
        format!("{}: {value}", named.join(", "))
    }
}

/// Class of a hover point; `dense` when points are closer than
/// [`DENSE_BAND`], so the stylesheet can hide them until hovered.
fn point_class(band: f64, series: usize) -> String {
    if band < DENSE_BAND {
        format!("point dense {}", series_class(series))
    } else {
        format!("point {}", series_class(series))
    }
}

fn series_class(i: usize) -> String {
    format!("series-{}", i % SERIES_CLASSES)
}

/// The finite value at `i`, if any.
fn value(v: &[f64], i: usize) -> Option<f64> {
    v.get(i).copied().filter(|x| x.is_finite())
}

/// (min, max) of the values together with zero.
fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values
        .filter(|v| v.is_finite())
        .fold((0.0, 0.0), |(lo, hi), v| (f64::min(lo, v), f64::max(hi, v)))
}

/// Estimated rendered width of a label.
fn text_w(s: &str) -> f64 {
    s.chars().count() as f64 * CHAR_W
}

/// At most `max` characters, ending in "…" when shortened.
fn shorten(s: &str, max: usize) -> String {
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
fn safe_id(id: &str) -> String {
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
fn num(v: f64) -> String {
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
fn esc(s: &str) -> String {
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

    fn plain(x: f64) -> String {
        format!("{x}")
    }

    fn chart(id: &str) -> Chart<'_> {
        Chart::new(id, "Title", "Description", plain)
    }

    fn cats(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn series(name: &str, values: &[f64]) -> Series {
        Series {
            name: name.to_string(),
            values: values.to_vec(),
        }
    }

    fn all_charts(c: &Chart, x: &[String], s: &[Series], rows: &[RangeRow]) -> Vec<String> {
        let v = s.first().map(|s| s.values.clone()).unwrap_or_default();
        vec![
            stacked_bars(c, x, s),
            bars_line_band(c, x, &v, &v, &v, &v),
            lines(c, x, s),
            step_lines(c, x, s),
            ranked_bars(c, rows),
        ]
    }

    fn assert_well_formed(svg: &str, id: &str) {
        let head = format!(r#"aria-labelledby="{id}-title {id}-desc""#);
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(&head), "{svg}");
        assert!(svg.contains(r#"width="100%""#));
        assert!(svg.contains("preserveAspectRatio="));
        assert!(svg.contains(r#"viewBox="0 0 720 "#));
        // title and desc are the first children, in that order
        let after_open = &svg[svg.find('>').unwrap() + 1..];
        assert!(
            after_open.starts_with(&format!(r#"<title id="{id}-title">"#)),
            "{after_open}"
        );
        let after_title = &after_open[after_open.find("</title>").unwrap() + 8..];
        assert!(after_title.starts_with(&format!(r#"<desc id="{id}-desc">"#)));
        for bad in ["NaN", "inf", "style=", "fill=", "stroke=", "#"] {
            assert!(!svg.contains(bad), "found {bad:?} in {svg}");
        }
        assert_eq!(svg.matches("<svg").count(), 1);
        // Every element opened is closed (self-closing or paired).
        for tag in ["title", "desc", "text", "rect", "circle", "path", "g"] {
            let opened =
                svg.matches(&format!("<{tag} ")).count() + svg.matches(&format!("<{tag}>")).count();
            let closed = svg.matches(&format!("</{tag}>")).count();
            let selfclosed = svg
                .match_indices(&format!("<{tag} "))
                .filter(|(i, _)| {
                    let rest = &svg[*i..];
                    let end = rest.find('>').unwrap();
                    rest[..end].ends_with('/')
                })
                .count();
            assert_eq!(opened, closed + selfclosed, "unbalanced <{tag}> in {svg}");
        }
    }

    /// Every number in a coordinate attribute has at most two decimals.
    fn assert_short_numbers(svg: &str) {
        let svg = &svg[svg.find('>').unwrap()..];
        for attr in [
            "x", "y", "width", "height", "x1", "y1", "x2", "y2", "cx", "cy",
        ] {
            let pat = format!(r#" {attr}=""#);
            for (i, _) in svg.match_indices(&pat) {
                let rest = &svg[i + pat.len()..];
                let v = &rest[..rest.find('"').unwrap()];
                let decimals = v.split_once('.').map_or(0, |(_, f)| f.len());
                assert!(
                    decimals <= 2 && !v.ends_with('0') || !v.contains('.'),
                    "{attr}={v}"
                );
                assert!(v.parse::<f64>().is_ok(), "{attr}={v}");
            }
        }
    }

    #[test]
    fn nice_ticks_steps() {
        assert_eq!(nice_ticks(0.0, 2.0, 5), vec![0.0, 0.5, 1.0, 1.5, 2.0]);
        assert_eq!(
            nice_ticks(0.0, 10.0, 5),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        assert_eq!(
            nice_ticks(0.0, 46.3e9, 5),
            vec![0.0, 10e9, 20e9, 30e9, 40e9, 50e9]
        );
        assert_eq!(
            nice_ticks(0.0, 11.0, 5),
            vec![0.0, 2.5, 5.0, 7.5, 10.0, 12.5]
        );
        assert_eq!(
            nice_ticks(-3.0, 7.0, 5),
            vec![-4.0, -2.0, 0.0, 2.0, 4.0, 6.0, 8.0]
        );
        assert_eq!(
            nice_ticks(0.0, 0.0, 5),
            vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(nice_ticks(5.0, 5.0, 5), vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(
            nice_ticks(-5.0, -5.0, 5),
            vec![-5.0, -4.0, -3.0, -2.0, -1.0, 0.0]
        );
        assert_eq!(
            nice_ticks(f64::NAN, f64::INFINITY, 5),
            vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(nice_ticks(10.0, 0.0, 0).len(), 2);
        for (lo, hi) in [
            (0.0, 1e-300),
            (0.0, 1e300),
            (-1e-9, 3e-9),
            (0.0, 7.0),
            (0.0, 999.0),
        ] {
            let t = nice_ticks(lo, hi, 5);
            assert!(
                t.len() >= 2 && t.iter().all(|v| v.is_finite()),
                "{lo}..{hi}: {t:?}"
            );
            assert!(t[0] <= lo && t[t.len() - 1] >= hi, "{lo}..{hi}: {t:?}");
            assert!(t.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn money_tick_labels() {
        let labels: Vec<String> = nice_ticks(0.0, 46.3e9, 5)
            .into_iter()
            .map(format::usd)
            .collect();
        assert_eq!(labels, ["$0", "$10B", "$20B", "$30B", "$40B", "$50B"]);
    }

    #[test]
    fn stacked_bars_structure() {
        let x = cats(&["2026", "2027", "2028"]);
        let s = vec![
            series("Anthropic", &[1e9, 15e9, 0.0]),
            series("OpenAI", &[0.0, 2e9, 3e9]),
        ];
        let c = Chart::money("commit", "Commitments by year", "Stacked by buyer");
        let svg = stacked_bars(&c, &x, &s);
        assert_well_formed(&svg, "commit");
        assert_short_numbers(&svg);
        // one rect per non-zero cell
        assert_eq!(svg.matches(r#"<rect class="bar "#).count(), 4);
        assert_eq!(svg.matches(r#"class="bar series-0""#).count(), 2);
        assert_eq!(svg.matches(r#"class="bar series-1""#).count(), 2);
        assert!(
            svg.contains("<title>Anthropic, 2027: $15,000,000,000</title>"),
            "{svg}"
        );
        // legend with both names, tick labels in money
        assert!(svg.contains(r#"<g class="legend">"#));
        assert!(svg.contains(">Anthropic</text>") && svg.contains(">OpenAI</text>"));
        assert!(svg.contains(">$15B</text>") || svg.contains(">$20B</text>"));
        assert!(svg.contains(r#"class="label total""#));
    }

    #[test]
    fn two_bar_known_coordinates() {
        // Ticks 0, 0.5, .., 2 → left margin 48; plot 48..704 split in two
        // slots of 328; bars 80 wide centred: x = 48 + (328 - 80) / 2 = 172.
        // Plot top 24, bottom 264: value 2 reaches y 24, value 1 is 120 tall.
        let svg = stacked_bars(
            &chart("two"),
            &cats(&["A", "B"]),
            &[series("", &[1.0, 2.0])],
        );
        assert!(
            svg.contains(r#"<rect class="bar series-0" x="172" y="144" width="80" height="120"><title>A: 1</title></rect>"#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"<rect class="bar series-0" x="500" y="24" width="80" height="240"><title>B: 2</title></rect>"#),
            "{svg}"
        );
        // unnamed single series: no legend
        assert!(!svg.contains("legend"));
        assert!(svg.contains(r#"viewBox="0 0 720 296""#), "{svg}");
    }

    #[test]
    fn escaping_of_hostile_labels() {
        let evil = r#"<script>&"'"#;
        let c = Chart::new(evil, evil, evil, plain);
        let rows = vec![RangeRow {
            label: evil.to_string(),
            base: Some(1.0),
            low: Some(0.5),
            high: Some(2.0),
        }];
        let x = vec![evil.to_string()];
        let s = vec![series(evil, &[1.0]), series("b", &[2.0])];
        for svg in all_charts(&c, &x, &s, &rows) {
            assert!(!svg.contains("<script"), "{svg}");
            assert!(!svg.contains(r#"&""#), "{svg}");
            assert!(svg.contains("&lt;script&gt;&amp;&quot;&#39;"), "{svg}");
            // ids are sanitised
            assert!(svg.contains(r#"<title id="-script-----title">"#), "{svg}");
        }
    }

    #[test]
    fn empty_input_says_no_data() {
        let c = chart("empty");
        for svg in all_charts(&c, &[], &[], &[]) {
            assert_well_formed(&svg, "empty");
            assert!(svg.contains(">No data</text>"), "{svg}");
        }
        // categories but no series, or only non-finite values
        let x = cats(&["a", "b"]);
        assert!(stacked_bars(&c, &x, &[]).contains("No data"));
        let nan = vec![series("s", &[f64::NAN, f64::INFINITY])];
        for svg in all_charts(&c, &x, &nan, &[]) {
            assert!(svg.contains("No data"), "{svg}");
            assert_well_formed(&svg, "empty");
        }
    }

    #[test]
    fn all_zero_and_single_point_have_no_nan() {
        let c = chart("z");
        let rows_zero = vec![RangeRow {
            label: "zero".into(),
            base: Some(0.0),
            low: Some(0.0),
            high: Some(0.0),
        }];
        let x1 = cats(&["only"]);
        for (x, s) in [
            (cats(&["a", "b", "c"]), vec![series("s", &[0.0, 0.0, 0.0])]),
            (x1.clone(), vec![series("s", &[5.0])]),
            (x1.clone(), vec![series("s", &[-5.0])]),
            (x1, vec![series("s", &[1e-300])]),
        ] {
            for svg in all_charts(&c, &x, &s, &rows_zero) {
                assert_well_formed(&svg, "z");
                assert_short_numbers(&svg);
                assert!(!svg.contains("No data"), "{svg}");
            }
        }
        let zero = stacked_bars(&c, &cats(&["a"]), &[series("s", &[0.0])]);
        assert_eq!(zero.matches(r#"class="bar "#).count(), 0);
    }

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
        assert_eq!(svg.matches(r#"<rect class="bar "#).count(), 23);
        assert_eq!(svg.matches(r#"<circle class="point series-1""#).count(), 24);
        // many points are marked dense
        let x60: Vec<String> = (0..60).map(|i| format!("{i}")).collect();
        let v60 = vec![1.0; 60];
        let dense = bars_line_band(&c, &x60, &v60, &v60, &v60, &v60);
        assert_eq!(
            dense
                .matches(r#"<circle class="point dense series-1""#)
                .count(),
            60
        );
        assert_eq!(svg.matches(r#"<path class="band series-1""#).count(), 2);
        assert_eq!(svg.matches(r#"<path class="line series-1""#).count(), 1);
        assert!(
            svg.contains("<title>M1: $100,000,000 (range $80,000,000 to $120,000,000)</title>"),
            "{svg}"
        );
        assert!(svg.contains(">Monthly payments</text>"));
        assert!(svg.contains(">Cumulative (right axis)</text>"));
        assert!(svg.contains(">Low–high</text>"));
        // x labels thinned to at most 12
        let x_label_count = x
            .iter()
            .filter(|l| svg.contains(&format!(">{l}</text>")))
            .count();
        assert!((6..=12).contains(&x_label_count), "{x_label_count}");
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
        assert_eq!(svg.matches(r#"<path class="line series-0""#).count(), 2);
        assert_eq!(svg.matches(r#"<path class="line series-1""#).count(), 1);
        assert_eq!(svg.matches("<circle ").count(), 39 + 30);
        assert!(svg.contains("<title>Site B, 3: 103</title>"));
        assert!(svg.contains(">Site A</text>"));
        let st = step_lines(&c, &x, &s);
        assert!(st.contains('H') && st.contains('V'));
        assert_well_formed(&st, "mw");
    }

    #[test]
    fn ranked_bars_structure() {
        let rows = vec![
            RangeRow {
                label: "Deal A".into(),
                base: Some(2.1),
                low: Some(1.8),
                high: Some(2.6),
            },
            RangeRow {
                label: "Deal B".into(),
                base: None,
                low: None,
                high: None,
            },
            RangeRow {
                label: "A very long deal name that will not fit in the label column".into(),
                base: Some(1.5),
                low: None,
                high: None,
            },
        ];
        let c = Chart::new("rank", "Price per GPU-hour", "Ranked", |x| {
            format::usd_rate(x, "GPU-hr")
        });
        let svg = ranked_bars(&c, &rows);
        assert_well_formed(&svg, "rank");
        assert_short_numbers(&svg);
        assert_eq!(svg.matches(r#"<rect class="bar "#).count(), 2);
        assert_eq!(svg.matches(r#"<path class="whisker""#).count(), 1);
        assert!(svg.contains(r#"class="label na""#) && svg.contains(">n/a</text>"));
        assert!(svg.contains(">$2.10/GPU-hr</text>"));
        assert!(
            svg.contains("<title>Deal A: 2.1 (range 1.8 to 2.6)</title>"),
            "{svg}"
        );
        assert!(svg.contains("…</text>"));
        assert!(svg.contains(
            "<title>A very long deal name that will not fit in the label column</title>"
        ));
    }

    #[test]
    fn deterministic_output() {
        let x = cats(&["a", "b"]);
        let s = vec![series("s", &[1.0, 2.0]), series("t", &[3.0, 4.0])];
        let rows = vec![RangeRow {
            label: "r".into(),
            base: Some(1.0),
            low: None,
            high: None,
        }];
        let c = chart("d");
        assert_eq!(all_charts(&c, &x, &s, &rows), all_charts(&c, &x, &s, &rows));
    }

    #[test]
    fn many_series_cycle_ten_classes() {
        let x = cats(&["a"]);
        let s: Vec<Series> = (0..12).map(|i| series(&format!("s{i}"), &[1.0])).collect();
        let svg = stacked_bars(&chart("m"), &x, &s);
        assert_eq!(svg.matches(r#"class="bar series-0""#).count(), 2);
        assert_eq!(svg.matches(r#"class="bar series-1""#).count(), 2);
        assert!(!svg.contains("series-10"));
        assert!(svg.contains(">s11</text>"));
    }

    #[test]
    fn helpers() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.005), "1"); // binary 1.00499..
        assert_eq!(num(2.50), "2.5");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(esc("a\u{0}b<"), "ab&lt;");
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
        assert_eq!(safe_id(""), "chart");
        assert_eq!(safe_id("ok_id-1"), "ok_id-1");
        assert_eq!(runs(5, |i| i != 2), vec![0..2, 3..5]);
    }
}
