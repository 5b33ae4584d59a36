//! The diff for people: a markdown report fit for a pull-request comment,
//! numbers formatted as on the site, the largest moves first.

use std::fmt::Write as _;

use super::{Change, Diff, Entry};
use crate::render::format as fmt;
use crate::render::pages::view::Unit;
use crate::render::table::Cell;

/// How a deals.csv column reads on the site: by the unit the figure
/// registry declares for it (a `_low`/`_high` band reads as its figure);
/// None for text, dates and ranks.
pub fn unit_of(column: &str) -> Option<Unit> {
    Unit::of_column(column)
}

pub fn text(diff: &Diff) -> String {
    let mut out = String::new();
    let as_of = diff.as_of.format("%Y-%m-%d");
    writeln!(out, "## dealbook diff\n").ok();
    if !diff.differs() {
        writeln!(out, "No changes in the figures (as of {as_of}).").ok();
        return out;
    }
    let years: Vec<_> = diff.by_year.iter().filter(|y| y.differs()).collect();
    writeln!(
        out,
        "As of {as_of}: {} added, {} removed, {} changed; commitments changed in {}.",
        deals(diff.added.len()),
        deals(diff.removed.len()),
        deals(diff.changed.len()),
        plural(years.len(), "year"),
    )
    .ok();

    if !years.is_empty() {
        let mut years = years;
        years.sort_by(|a, b| (b.new - b.old).abs().total_cmp(&(a.new - a.old).abs()));
        writeln!(out, "\n### Commitments by year (binding deals)\n").ok();
        writeln!(
            out,
            "| Year | Old | New | Change |\n| ---: | ---: | ---: | ---: |"
        )
        .ok();
        for y in years {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                y.year,
                fmt::usd(y.old),
                fmt::usd(y.new),
                change(Unit::Usd, y.old, y.new)
            )
            .ok();
        }
    }
    for (heading, entries) in [("Added", &diff.added), ("Removed", &diff.removed)] {
        if entries.is_empty() {
            continue;
        }
        let mut entries: Vec<&Entry> = entries.iter().collect();
        entries.sort_by(|a, b| total(b).total_cmp(&total(a)));
        writeln!(out, "\n### {heading}\n").ok();
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
    }
    if !diff.changed.is_empty() {
        let mut changed: Vec<_> = diff.changed.iter().collect();
        changed.sort_by(|a, b| b.total_move().total_cmp(&a.total_move()));
        writeln!(out, "\n### Changed").ok();
        for d in changed {
            writeln!(out, "\n**`{}`** {}\n", d.deal, escape(&d.title)).ok();
            writeln!(
                out,
                "| Column | Old | New | Change |\n| --- | ---: | ---: | ---: |"
            )
            .ok();
            for c in &d.changes {
                writeln!(out, "{}", row(c)).ok();
            }
        }
    }
    out
}

fn total(e: &Entry) -> f64 {
    e.total_usd.unwrap_or(0.0)
}

fn row(c: &Change) -> String {
    let unit = unit_of(&c.column);
    let show = |cell: &Cell| match (unit, cell.num()) {
        (Some(u), Some(x)) => u.text(x),
        _ if *cell == Cell::Null => fmt::DASH.to_string(),
        _ => escape(&cell.text()),
    };
    let delta = match (unit, c.old.num(), c.new.num()) {
        (Some(u), Some(old), Some(new)) => change(u, old, new),
        _ => fmt::DASH.to_string(),
    };
    format!(
        "| `{}` | {} | {} | {} |",
        c.column,
        show(&c.old),
        show(&c.new),
        delta
    )
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
    plural(n, "deal")
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
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
