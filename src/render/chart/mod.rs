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
//!
//! This file holds the types callers fill in and the shared geometry; each
//! chart kind has its own file, drawn with the axes of `scale`, the legend
//! and x labels of `legend` and the element writers of `svg`.

mod bars_line_band;
mod legend;
mod lines;
mod no_data;
mod ranked_bars;
mod scale;
mod stacked_bars;
mod svg;
#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;

pub use bars_line_band::bars_line_band;
#[cfg(test)]
pub use lines::lines;
pub use lines::step_lines;
#[cfg(test)]
pub use ranked_bars::ranked_bars;
pub use ranked_bars::ranked_bars_with;
pub use stacked_bars::stacked_bars;

use super::format;

/// Width of every chart's viewBox, in user units.
const WIDE_W: f64 = 720.0;
/// Width of the narrow layout's viewBox: at a 375 px phone the chart is about
/// 343 px wide, so 12-unit text renders at 11.4 px or more.
const NARROW_W: f64 = 360.0;

thread_local! {
    /// Whether the chart being drawn is the narrow (phone) layout.
    static NARROW: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Width of the viewBox of the chart being drawn.
fn w() -> f64 {
    if narrow() { NARROW_W } else { WIDE_W }
}

/// Whether the chart being drawn is the narrow layout.
fn narrow() -> bool {
    NARROW.with(|n| n.get())
}

/// A chart drawn twice, at the full width (`chart-wide`) and at the narrow
/// width (`chart-narrow`, ids suffixed `-n`); the stylesheet shows one of
/// the two, so a phone gets readable text and all of the data without
/// scrolling, and no script is needed.
pub fn responsive(draw: impl Fn() -> String) -> String {
    let wide = draw();
    NARROW.with(|n| n.set(true));
    let narrow = draw();
    NARROW.with(|n| n.set(false));
    wide + &narrow
}
/// Height of the plotting area of the vertical charts.
const PLOT_H: f64 = 240.0;
/// Top of the plotting area (room for the top tick label and bar totals).
const TOP: f64 = 24.0;
/// Gap between the plotting area and the right edge when there is no right axis.
const RIGHT_PAD: f64 = 16.0;

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
/// only when both `low` and `high` are present. A row with a `mark` (a deal
/// that is not binding, docs/figures.md, What binds) is drawn as an outline, and the mark
/// follows its value label.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RangeRow {
    pub label: String,
    pub base: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub mark: Option<String>,
    /// Where the row links (its deal's page), if anywhere.
    pub href: Option<String>,
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
