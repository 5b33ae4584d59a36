//! The chart drawn when there is nothing to plot.

use super::svg::{svg, text};
use super::{Chart, w};

/// The SVG drawn when there is nothing to plot.
pub(super) fn no_data(c: &Chart) -> String {
    let mut out = String::new();
    text(
        &mut out,
        "label no-data",
        w() / 2.0,
        60.0,
        "middle",
        Some("0.35em"),
        "No data",
    );
    svg(c, 120.0, &out)
}
