//! Invariants over generated deals (SPEC.md 7.1-7.5): random dates within
//! 2025-2031, monthly, annual or total prices, optional escalation, ramp,
//! termination, ranges and fleets, with a fixed usage and market file. Each
//! case runs the real pipeline through the library (`dealbook::pipeline::analyse`),
//! which is much faster than the binary.

use chrono::Duration;
use dealbook::model::Overrides;
use dealbook::render::table::{Cell, Table};
use proptest::prelude::*;

mod generate;

use generate::*;
struct Tables {
    deals: Table,
    schedule: Table,
    by_year: Table,
}

fn analyse(case: &Case, factor: u64) -> Tables {
    let data = data_dir(case, factor);
    let (_, figures) = dealbook::pipeline::analyse(data.path(), &Overrides::default())
        .unwrap_or_else(|e| panic!("analyse failed: {e}\n{case:#?}"));
    Tables {
        deals: Table::from_frame(&figures.deals).expect("deals table"),
        schedule: Table::from_frame(&figures.schedule).expect("schedule table"),
        by_year: Table::from_frame(&figures.by_year).expect("by_year table"),
    }
}

fn cell<'a>(t: &'a Table, row: &'a [Cell], name: &str) -> &'a Cell {
    &row[t.index(name).unwrap_or_else(|| panic!("no column {name}"))]
}

fn number(t: &Table, row: &[Cell], name: &str) -> Option<f64> {
    cell(t, row, name).num()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) + 1e-6
}

/// Every `<x>` of `t` that has `<x>_low` and `<x>_high` columns.
fn banded(t: &Table) -> Vec<String> {
    t.columns
        .iter()
        .filter(|c| {
            t.index(&format!("{c}_low")).is_some() && t.index(&format!("{c}_high")).is_some()
        })
        .cloned()
        .collect()
}

/// Money figures: they scale with the prices.
const DEAL_MONEY: &[&str] = &[
    "total_usd",
    "monthly_equiv_usd",
    "paid_to_date_usd",
    "remaining_usd",
    "remaining_pv_usd",
    "within_horizon_usd",
    "usd_per_gpu_hour",
    "usd_per_h100e_hour",
    "usd_per_mw_month",
    "usd_per_used_gpu_hour",
];
/// Every deal figure that a range can move: each has `_low` and `_high`.
const DEAL_BANDED: &[&str] = &[
    "total_usd",
    "monthly_equiv_usd",
    "paid_to_date_usd",
    "remaining_usd",
    "remaining_pv_usd",
    "within_horizon_usd",
    "power_mw",
    "gpus",
    "h100e",
    "usd_per_gpu_hour",
    "usd_per_h100e_hour",
    "usd_per_mw_month",
    "usd_per_used_gpu_hour",
    "utilization",
    "market_usd",
    "market_premium",
];
/// Every schedule figure that a range can move.
const SCHEDULE_BANDED: &[&str] = &[
    "payment_usd",
    "cumulative_usd",
    "contracted_gpu_hours",
    "usd_per_gpu_hour",
    "utilization",
    "usd_per_used_gpu_hour",
    "market_usd",
];
/// Figures the prices do not touch.
const DEAL_UNCHANGED: &[&str] = &[
    "term_months",
    "term_days",
    "power_mw",
    "gpus",
    "h100e",
    "utilization",
    "market_usd",
];
const SCHEDULE_MONEY: &[&str] = &[
    "payment_usd",
    "cumulative_usd",
    "usd_per_gpu_hour",
    "usd_per_used_gpu_hour",
];
const SCHEDULE_UNCHANGED: &[&str] = &[
    "active_days",
    "contracted_gpu_hours",
    "used_gpu_hours",
    "utilization",
    "market_usd",
];

/// `name` and its bands where the table has them.
fn with_bands(t: &Table, name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    for suffix in ["_low", "_high"] {
        let banded = format!("{name}{suffix}");
        if t.index(&banded).is_some() {
            out.push(banded);
        }
    }
    out
}

/// `scaled` = `factor` * `base` in every column of `money`, equal in `unchanged`.
fn check_scaling(
    what: &str,
    base: &Table,
    scaled: &Table,
    money: &[&str],
    unchanged: &[&str],
) -> Result<(), TestCaseError> {
    prop_assert_eq!(base.rows.len(), scaled.rows.len());
    for (r, (b, s)) in base.rows.iter().zip(&scaled.rows).enumerate() {
        for name in money.iter().flat_map(|n| with_bands(base, n)) {
            let (x, y) = (number(base, b, &name), number(scaled, s, &name));
            match (x, y) {
                (None, None) => {}
                (Some(x), Some(y)) => prop_assert!(
                    close(2.0 * x, y),
                    "{what} row {r} {name}: {x} doubled is not {y}"
                ),
                _ => prop_assert!(false, "{what} row {r} {name}: {x:?} vs {y:?}"),
            }
        }
        for name in unchanged.iter().flat_map(|n| with_bands(base, n)) {
            prop_assert_eq!(
                cell(base, b, &name),
                cell(scaled, s, &name),
                "{} row {} {}",
                what,
                r,
                name
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn invariants_of_generated_deals(case in case()) {
        let base = analyse(&case, 1);
        let (deals, schedule, by_year) = (&base.deals, &base.schedule, &base.by_year);
        prop_assert_eq!(deals.rows.len(), case.deals.len());

        for (i, row) in deals.rows.iter().enumerate() {
            let spec = &case.deals[i];
            let total = number(deals, row, "total_usd").expect("total_usd");
            let paid = number(deals, row, "paid_to_date_usd").expect("paid_to_date_usd");
            let remaining = number(deals, row, "remaining_usd").expect("remaining_usd");
            let pv = number(deals, row, "remaining_pv_usd").expect("remaining_pv_usd");
            // Sums of many payments: compared to within 1e-9 of the deal's total.
            let near = |a: f64, b: f64| (a - b).abs() <= 1e-9 * total.abs();

            // 7.1: `total` pricing spreads T over the contracted days: it sums to T
            // (and to T's low and high) unless a termination cuts it.
            if spec.basis == Basis::Total && spec.effective_end() == spec.end {
                for (name, t) in [
                    ("total_usd", spec.amount.base),
                    ("total_usd_low", spec.amount.low),
                    ("total_usd_high", spec.amount.high),
                ] {
                    let got = number(deals, row, name).expect("a total");
                    prop_assert!(close(got, t as f64), "deal {i}: {name} {got} != {t}");
                }
            }

            // 7.1: cumulative never decreases, and ends at the total.
            let id = format!("d{i}");
            let months: Vec<&Vec<Cell>> = schedule
                .rows
                .iter()
                .filter(|r| *cell(schedule, r, "deal") == Cell::Str(id.clone()))
                .collect();
            prop_assert_eq!(months.len(), spec.months().len());
            let mut previous = 0.0;
            for m in &months {
                let c = number(schedule, m, "cumulative_usd").expect("cumulative_usd");
                prop_assert!(c >= previous, "deal {i}: cumulative falls from {previous} to {c}");
                previous = c;
            }
            prop_assert!(close(previous, total), "deal {i}: cumulative ends at {previous}, total {total}");

            // 7.1: remaining is the unpaid day share of each month's payment,
            // worked out here from the dates (the as_of day counts as paid),
            // and paid_to_date the paid share.
            let (mut unpaid, mut paid_share) = (0.0, 0.0);
            for (m, first_of_month) in months.iter().zip(spec.months()) {
                let payment = number(schedule, m, "payment_usd").expect("payment_usd");
                let first = spec.start.max(first_of_month);
                let last = spec.effective_end().min(last_day(first_of_month));
                let days = (last - first).num_days() + 1;
                prop_assert_eq!(number(schedule, m, "active_days"), Some(days as f64));
                let unpaid_days = (last - first.max(case.as_of + Duration::days(1))).num_days() + 1;
                let unpaid_days = unpaid_days.clamp(0, days);
                unpaid += payment * unpaid_days as f64 / days as f64;
                paid_share += payment * (days - unpaid_days) as f64 / days as f64;
            }
            prop_assert!(near(remaining, unpaid), "deal {i}: remaining {remaining}, unpaid day shares {unpaid}");
            prop_assert!(near(paid, paid_share), "deal {i}: paid {paid}, paid day shares {paid_share}");

            // 7.1: at a positive rate (the default 0.08) a present value is at
            // most the amount; it equals it only if nothing is paid after as_of's month.
            prop_assert!(pv <= remaining + 1e-9 * total.abs(), "deal {i}: PV {pv} > remaining {remaining}");
            prop_assert!(pv >= -1e-9 * total.abs(), "deal {i}: PV {pv} < 0");
        }

        // 7.5: every figure that a range can move has bands, low <= base <= high,
        // and a base value implies bands.
        for (what, t, figures) in [
            ("deals", deals, DEAL_BANDED),
            ("schedule", schedule, SCHEDULE_BANDED),
            ("by_year", by_year, &["payment_usd"][..]),
        ] {
            let have = banded(t);
            for name in figures {
                prop_assert!(have.iter().any(|h| h == name), "{} has no bands for {}", what, name);
            }
            for name in have {
                for (r, row) in t.rows.iter().enumerate() {
                    let low = number(t, row, &format!("{name}_low"));
                    let high = number(t, row, &format!("{name}_high"));
                    if let (Some(l), Some(h)) = (low, high) {
                        prop_assert!(l <= h, "{what} row {r} {name}: low {l} > high {h}");
                    }
                    if let Some(x) = number(t, row, &name) {
                        let (l, h) = (low.expect("low"), high.expect("high"));
                        prop_assert!(
                            l <= x && x <= h,
                            "{} row {} {}: {} <= {} <= {} fails", what, r, name, l, x, h
                        );
                    }
                }
            }
        }

        // Doubling every price value doubles every money figure and leaves the rest.
        let doubled = analyse(&case, 2);
        check_scaling("deals", deals, &doubled.deals, DEAL_MONEY, DEAL_UNCHANGED)?;
        check_scaling("schedule", schedule, &doubled.schedule, SCHEDULE_MONEY, SCHEDULE_UNCHANGED)?;
        check_scaling("by_year", by_year, &doubled.by_year, &["payment_usd"], &[])?;
        // market_premium = payments / market - 1, so premium + 1 doubles.
        for (b, s) in deals.rows.iter().zip(&doubled.deals.rows) {
            for name in with_bands(deals, "market_premium") {
                let (x, y) = (number(deals, b, &name), number(&doubled.deals, s, &name));
                match (x, y) {
                    (None, None) => {}
                    (Some(x), Some(y)) => prop_assert!(
                        close(2.0 * (x + 1.0), y + 1.0),
                        "{name}: {x} -> {y}"
                    ),
                    _ => prop_assert!(false, "{name}: {x:?} vs {y:?}"),
                }
            }
        }
    }
}
