//! The diff for people: a markdown report fit for a pull-request comment that
//! a reviewer reads in ten seconds, numbers formatted as on the site, the
//! largest moves first.

use std::fmt::Write as _;

use super::{DealChanges, Diff, Entry, Figure, YearTotal};
use crate::count::count;
use crate::render::format as fmt;
use crate::render::pages::view::Unit;
use crate::render::table::Cell;

/// How a deals.csv column reads on the site: by the unit the figure
/// registry declares for it (a `_low`/`_high` band reads as its figure);
/// None for text, dates and ranks.
pub fn unit_of(column: &str) -> Option<Unit> {
    Unit::of_column(column)
}

/// The most figures shown per deal; the JSON lists every column.
const SHOWN_FIGURES: usize = 5;

/// The most changed keys of a record shown per deal.
const SHOWN_INPUTS: usize = 5;

/// The report: a line of totals (with the binding commitments by year that
/// changed), the deals added and removed, then each changed deal, the
/// largest move first: the inputs that changed (key path, old -> new), the
/// figures that moved, each with its band folded into one cell, and the
/// years whose payments changed. One price change reads in 15 lines.
pub fn text(diff: &Diff) -> String {
    let mut out = String::new();
    let as_of = diff.as_of.format("%Y-%m-%d");
    writeln!(out, "## dealbook diff").ok();
    if !diff.differs() {
        writeln!(out, "\nNo changes in the figures (as of {as_of}).").ok();
        return out;
    }
    let years: Vec<_> = diff.by_year.iter().filter(|y| y.differs()).collect();
    let commitments = if years.is_empty() {
        "binding commitments by year unchanged".to_string()
    } else {
        format!(
            "binding commitments changed in {}: {}",
            count(years.len() as u64, "year"),
            year_moves(&years)
        )
    };
    writeln!(
        out,
        "As of {as_of}: {} added, {} removed, {} changed; {commitments}.",
        deals(diff.added.len()),
        deals(diff.removed.len()),
        deals(diff.changed.len()),
    )
    .ok();
    for (heading, entries) in [("Added", &diff.added), ("Removed", &diff.removed)] {
        if entries.is_empty() {
            continue;
        }
        let mut entries: Vec<&Entry> = entries.iter().collect();
        entries.sort_by(|a, b| total(b).total_cmp(&total(a)));
        writeln!(out, "### {heading}\n").ok();
        writeln!(out, "| Deal | Title | Total |\n| --- | --- | ---: |").ok();
        for e in entries {
            writeln!(
                out,
                "| `{}` | {} | {} |",
                e.id,
                escape(&e.title),
                e.total_usd.map_or(fmt::DASH.to_string(), fmt::usd)
            )
            .ok();
        }
        writeln!(out).ok();
    }
    let mut changed: Vec<_> = diff.changed.iter().collect();
    changed.sort_by(|a, b| b.total_move().total_cmp(&a.total_move()));
    for d in changed {
        deal(&mut out, d);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// One changed deal: inputs, figures, years.
fn deal(out: &mut String, d: &DealChanges) {
    writeln!(out, "### `{}` {}", d.deal, escape(&d.title)).ok();
    for i in d.inputs.iter().take(SHOWN_INPUTS) {
        let side = |v: &Option<String>| v.as_deref().map_or("(none)".to_string(), escape);
        writeln!(out, "- `{}`: {} → {}", i.path, side(&i.old), side(&i.new)).ok();
    }
    if d.inputs.len() > SHOWN_INPUTS {
        writeln!(out, "- and {} more keys", d.inputs.len() - SHOWN_INPUTS).ok();
    }
    // Text columns that are the record's own keys (title, dates) read above.
    let figures: Vec<&Figure> = d
        .figures
        .iter()
        .filter(|f| unit_of(&f.column).is_some() || !d.inputs.iter().any(|i| i.path == f.column))
        .collect();
    if !figures.is_empty() {
        writeln!(
            out,
            "\n| Figure | Old → New | Change |\n| --- | --- | ---: |"
        )
        .ok();
        for f in figures.iter().take(SHOWN_FIGURES) {
            writeln!(out, "{}", row(f)).ok();
        }
        if figures.len() > SHOWN_FIGURES {
            writeln!(
                out,
                "| … | {} more {} (`--format json` lists every column) | |",
                figures.len() - SHOWN_FIGURES,
                if figures.len() - SHOWN_FIGURES == 1 {
                    "figure"
                } else {
                    "figures"
                }
            )
            .ok();
        }
    }
    if !d.years.is_empty() {
        let years: Vec<&YearTotal> = d.years.iter().collect();
        writeln!(out, "\nPayments by year: {}", year_moves(&years)).ok();
    }
    writeln!(out).ok();
}

/// "2026 $11M → $22M (+100%), 2027 $12.4M → $24.7M (+100%)", by year.
fn year_moves(years: &[&YearTotal]) -> String {
    let mut years = years.to_vec();
    years.sort_by_key(|y| y.year);
    years
        .iter()
        .map(|y| {
            format!(
                "{} {} → {} ({})",
                y.year,
                fmt::usd(y.old),
                fmt::usd(y.new),
                relative(y.old, y.new)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "+100%", "-94.6%", "new" from nothing.
fn relative(old: f64, new: f64) -> String {
    if old == 0.0 {
        return "new".to_string();
    }
    let r = (new - old) / old.abs();
    match fmt::percent(r.abs()) {
        p if p == "0%" => "<0.1%".to_string(),
        p if r < 0.0 => format!("-{p}"),
        p => format!("+{p}"),
    }
}

fn total(e: &Entry) -> f64 {
    e.total_usd.unwrap_or(0.0)
}

/// `| total_usd | $45.0B (43.8–46.3) → $46.8B (45.5–48.1) | +$1.8B (+4%) |`.
fn row(f: &Figure) -> String {
    let unit = unit_of(&f.column);
    let show = |cell: &Cell, band: Option<(f64, f64)>| match (unit, cell.num()) {
        (Some(u), Some(x)) => folded(u, x, band),
        _ if *cell == Cell::Null => fmt::DASH.to_string(),
        _ => escape(&cell.text()),
    };
    // A figure listed for its band alone has no change of its own.
    let delta = match (unit, f.old.num(), f.new.num()) {
        (Some(u), Some(old), Some(new)) if super::cells_differ(&f.old, &f.new) => {
            change(u, old, new)
        }
        _ => fmt::DASH.to_string(),
    };
    format!(
        "| `{}` | {} → {} | {} |",
        f.column,
        show(&f.old, f.old_band),
        show(&f.new, f.new_band),
        delta
    )
}

/// A figure with its band in one cell: `$45.0B (43.8–46.3)`, the ends in
/// the figure's scale and to its number of decimals; the figure alone when
/// there is no band or the band is the figure.
fn folded(unit: Unit, x: f64, band: Option<(f64, f64)>) -> String {
    let Some((low, high)) = band.filter(|&(l, h)| l != x || h != x) else {
        return unit.text(x);
    };
    match unit {
        Unit::Usd | Unit::Compact if x != 0.0 => {
            let (power, suffix) = scale_of(x.abs());
            let divisor = 10f64.powi(power);
            let digits = (x.abs() / divisor).log10().floor() as i32;
            let decimals = (2 - digits).clamp(0, 2) as usize;
            let n = |v: f64| fixed(v / divisor, decimals);
            let dollar = if unit == Unit::Usd { "$" } else { "" };
            let (sign, base) = match n(x) {
                b if b.starts_with('-') => ("-", b[1..].to_string()),
                b => ("", b),
            };
            format!("{sign}{dollar}{base}{suffix} ({}–{})", n(low), n(high))
        }
        _ => {
            let end = |v: f64| {
                let t = unit.band_text(v);
                t.replace('$', "")
                    .trim_end_matches('%')
                    .trim_end_matches(" MW")
                    .to_string()
            };
            format!("{} ({}–{})", unit.text(x), end(low), end(high))
        }
    }
}

/// The scale of a magnitude: (power of ten, suffix).
fn scale_of(a: f64) -> (i32, &'static str) {
    [(12, "T"), (9, "B"), (6, "M"), (3, "K")]
        .into_iter()
        .find(|(p, _)| a >= 10f64.powi(*p))
        .unwrap_or((0, ""))
}

/// `v` with `decimals` decimals, never "-0".
fn fixed(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    if s.starts_with('-') && !s.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        s[1..].to_string()
    } else {
        s
    }
}

/// "+$250M (+20%)", "-1.5 pp" for percentages.
fn change(unit: Unit, old: f64, new: f64) -> String {
    let d = new - old;
    let amount = match unit {
        Unit::Percent => format!("{} pp", fmt::percent(d.abs()).trim_end_matches('%')),
        Unit::Rate(_) => unit.band_text(d.abs()),
        _ => unit.text(d.abs()),
    };
    // A move that rounds to nothing has no sign: never "-0".
    let shows_a_move = amount.bytes().any(|b| b.is_ascii_digit() && b != b'0');
    let sign = match (shows_a_move, d < 0.0) {
        (false, _) => "",
        (true, true) => "-",
        (true, false) => "+",
    };
    if unit == Unit::Percent {
        return format!("{sign}{amount}");
    }
    if old == 0.0 {
        return format!("{sign}{amount}");
    }
    // A move too small for one decimal still reads as a move.
    let relative = match fmt::percent((d / old).abs()) {
        p if p == "0%" => "<0.1%".to_string(),
        p => p,
    };
    format!("{sign}{amount} ({sign}{relative})")
}

fn deals(n: usize) -> String {
    count(n as u64, "deal")
}

/// Table cells are one line, and a `|` would end the cell.
fn escape(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_follow_the_export_names() {
        assert_eq!(unit_of("total_usd_high"), Some(Unit::Usd));
        assert_eq!(unit_of("firm_remaining_usd"), Some(Unit::Usd));
        assert_eq!(unit_of("usd_per_gpu_hour_low"), Some(Unit::Rate("GPU-hr")));
        assert_eq!(unit_of("utilization"), Some(Unit::Percent));
        assert_eq!(unit_of("title"), None);
        assert_eq!(
            unit_of("usd_per_h100e_hour_high"),
            Some(Unit::Rate("H100e-hr"))
        );
        assert_eq!(unit_of("h100e"), Some(Unit::Count));
        assert_eq!(unit_of("term_days"), Some(Unit::Count));
        assert_eq!(unit_of("end"), None);
    }

    #[test]
    fn a_band_folds_into_its_figure() {
        assert_eq!(
            folded(Unit::Usd, 45.0e9, Some((43.8e9, 46.3e9))),
            "$45.0B (43.8–46.3)"
        );
        assert_eq!(
            folded(Unit::Usd, 46.8e9, Some((45.5e9, 48.1e9))),
            "$46.8B (45.5–48.1)"
        );
        assert_eq!(folded(Unit::Usd, 1.25e9, Some((1.25e9, 1.25e9))), "$1.25B");
        assert_eq!(folded(Unit::Usd, 1.25e9, None), "$1.25B");
        assert_eq!(
            folded(Unit::Usd, 750e6, Some((600e6, 900e6))),
            "$750M (600–900)"
        );
        assert_eq!(
            folded(Unit::Usd, -2.0e6, Some((-2.5e6, -0.0004))),
            "-$2.00M (-2.50–0.00)"
        );
        assert_eq!(
            folded(Unit::Rate("GPU-hr"), 7.81, Some((7.5, 8.1))),
            "$7.81/GPU-hr (7.50–8.10)"
        );
        assert_eq!(
            folded(Unit::Percent, 0.934, Some((0.901, 0.95))),
            "93.4% (90.1–95)"
        );
        assert_eq!(
            folded(Unit::Mw, 300.0, Some((280.0, 320.0))),
            "300 MW (280–320)"
        );
        assert_eq!(relative(0.0, 5.0), "new");
        assert_eq!(relative(2.0, 1.0), "-50%");
    }

    #[test]
    fn changes_read_as_on_the_site() {
        assert_eq!(change(Unit::Usd, 1.0e9, 1.25e9), "+$250M (+25%)");
        assert_eq!(change(Unit::Usd, 0.0, 1.25e9), "+$1.25B");
        assert_eq!(change(Unit::Percent, 0.5, 0.45), "-5 pp");
        assert_eq!(change(Unit::Rate("GPU-hr"), 2.0, 1.5), "-$0.50 (-25%)");
        assert_eq!(change(Unit::Usd, 509e9, 509.125e9), "+$125M (+<0.1%)");
        // Moves too small to show carry no sign, never "-0".
        assert_eq!(change(Unit::Percent, 0.5, 0.499_999_9), "0 pp");
        assert_eq!(change(Unit::Count, 1000.0, 999.9), "0 (<0.1%)");
    }
}
