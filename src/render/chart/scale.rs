//! Value axes: nice tick values, the linear scale from values to pixels,
//! tick labels with their gridlines, and the zero line.

use super::svg::{line, text, text_w};

/// Wanted number of tick intervals on a value axis.
const TICK_TARGET: usize = 5;

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

/// A value axis: its ticks and their labels.
pub(super) struct ValueAxis {
    ticks: Vec<f64>,
    labels: Vec<String>,
}

impl ValueAxis {
    pub(super) fn new(min: f64, max: f64, fmt: fn(f64) -> String) -> Self {
        let ticks = nice_ticks(min, max, TICK_TARGET);
        let labels = ticks.iter().map(|&t| fmt(t)).collect();
        ValueAxis { ticks, labels }
    }

    pub(super) fn lo(&self) -> f64 {
        self.ticks[0]
    }

    pub(super) fn hi(&self) -> f64 {
        self.ticks[self.ticks.len() - 1]
    }

    /// Room needed beside the plot for the tick labels.
    pub(super) fn margin(&self) -> f64 {
        let widest = self.labels.iter().map(|l| text_w(l)).fold(0.0, f64::max);
        (widest + 14.0).clamp(48.0, 160.0)
    }

    /// Gridlines across the plot and tick labels on its left.
    pub(super) fn draw_left(&self, out: &mut String, ys: &Scale, left: f64, right: f64) {
        for (t, l) in self.ticks.iter().zip(&self.labels) {
            let y = ys.at(*t);
            line(out, "grid", (left, y, right, y));
            text(out, "label tick", left - 8.0, y, "end", Some("0.35em"), l);
        }
    }

    /// Tick labels on the right of the plot (no gridlines).
    pub(super) fn draw_right(&self, out: &mut String, ys: &Scale, right: f64) {
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
pub(super) struct Scale {
    lo: f64,
    hi: f64,
    p0: f64,
    p1: f64,
}

impl Scale {
    pub(super) fn new(lo: f64, hi: f64, p0: f64, p1: f64) -> Self {
        Scale { lo, hi, p0, p1 }
    }

    pub(super) fn at(&self, v: f64) -> f64 {
        let span = self.hi - self.lo;
        if span > 0.0 {
            self.p0 + (v - self.lo) / span * (self.p1 - self.p0)
        } else {
            self.p0
        }
    }
}

/// The horizontal zero line, when zero is inside the axis.
pub(super) fn zero_line(out: &mut String, ys: &Scale, left: f64, right: f64) {
    if ys.lo <= 0.0 && ys.hi >= 0.0 {
        let y = ys.at(0.0);
        line(out, "axis", (left, y, right, y));
    }
}

/// The frame of a chart with one value axis, on the left: the plot's x range
/// (`left`, `right`), its `bottom`, the value scale, and the SVG so far, the
/// axis drawn.
pub(super) struct Plot {
    pub(super) left: f64,
    pub(super) right: f64,
    pub(super) bottom: f64,
    pub(super) ys: Scale,
    pub(super) out: String,
}

impl Plot {
    pub(super) fn new(min: f64, max: f64, fmt: fn(f64) -> String) -> Plot {
        use super::{PLOT_H, RIGHT_PAD, TOP, w};
        let axis = ValueAxis::new(min, max, fmt);
        let left = axis.margin();
        let right = w() - RIGHT_PAD;
        let bottom = TOP + PLOT_H;
        let ys = Scale::new(axis.lo(), axis.hi(), bottom, TOP);
        let mut out = String::new();
        axis.draw_left(&mut out, &ys, left, right);
        Plot {
            left,
            right,
            bottom,
            ys,
            out,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::format;
    use super::*;

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
}
