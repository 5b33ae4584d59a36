//! The unit-cost figures of the headline deal page (realized $/GPU-hour,
//! utilization, at-market $/GPU-hour and premium, $/H100e-hour, the $/MW
//! band) as hand-computed literals, on the page and in deals.csv; the insta
//! snapshot of the same section (tests/site.rs) would pass a bad figure once
//! the snapshot is accepted.
//!
//! The inputs are a frozen copy of the headline deal as shipped on 2026-11-29
//! (`tests/fixtures/headline/`: the deal, the Colossus 1 facility, gpus.yaml,
//! the illustrative usage file and the market prices, as_of 2026-11-15), not
//! `data/`: the shipped record may be corrected, and these literals must not
//! move with it.
//!
//! Inputs: monthly 1.25B from 2026-05-01 to 2029-05-31 (37 months, N = 1127
//! days); the first 2 months at a discount of {low 0, base 0.5, high 0.5}.
//! Fleet: 150000 H100 + 50000 H200 + GB200 {20000, 30000, 30000}, so
//! G = 230000 (base and high), 220000 (low); power {150, 300, 300} MW.
//! Scenarios: the base and the 8 corners of (discount, GB200, power).

use super::assert_band;
use crate::common::{Built, DataDir, assert_within, build};

const ID: &str = "anthropic-xai-colossus-1";

fn headline() -> Built {
    build(&DataDir::fixture("headline"))
}

/// `row[name]` parsed as f64; panics if empty.
#[track_caller]
fn cell(row: &std::collections::BTreeMap<String, String>, name: &str) -> f64 {
    let text = row
        .get(name)
        .unwrap_or_else(|| panic!("deals.csv has no column {name}"));
    text.parse()
        .unwrap_or_else(|e| panic!("deals.csv {name} = {text:?}: {e}"))
}

// Totals: the ramp months pay 1.25B * (1 - discount) each, the other 35 the full fee:
//   base (discount 0.5): 2 * 0.625B + 35 * 1.25B = 45B
//   high (discount 0):   37 * 1.25B              = 46.25B
// G * 24 * N: 230000 * 24 * 1127 = 6,221,040,000; 220000 * 24 * 1127 = 5,950,560,000.
//
// Usage (the illustrative file, summed per month by hand from its daily rows):
//   May 89,838,000  Jun 129,030,000  Jul 156,196,766  Aug 155,410,128
//   Sep 150,896,556  Oct 156,082,622; U = 837,454,072 GPU-hours
// Payments in those months: 0.625B + 0.625B + 4 * 1.25B = 6.25B (high: 7.5B).
// Contracted hours in them: G * 24 * 184 = 1,015,680,000 (G = 220000: 971,520,000).
//
// Market (latest price on or before each month's last day): H100 2.95 in May
// 2026, 2.65 from June 2026; H200 3.50; GB200 10.50. Fleet cost per hour:
//   May: 150000 * 2.95 + 50000 * 3.50 + 30000 * 10.50 = 932,500 (GB200 20000: 827,500)
//   later: 150000 * 2.65 + 175,000 + 315,000 = 887,500 (GB200 20000: 782,500)
//   market_usd = 24 * (31 * 932,500 + 1096 * 887,500) = 24,038,580,000
//   low: 24 * (31 * 827,500 + 1096 * 782,500) = 21,198,540,000
//
// H100e: H100 and H200 are 989 TFLOPS (1 each), GB200 2500 / 989:
//   H = 200000 + 30000 * 2500 / 989 = 275,834.1759...; low 200000 + 20000 * 2500 / 989 = 250,556.1172...

#[test]
fn headline_deal_unit_costs_in_deals_csv_are_the_hand_computed_figures() {
    let built = headline();
    let rows = built.export_rows("deals.csv");
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["id"], ID);
    // Far tighter than any rounding of the export: these are not exact
    // binary fractions, but the f64 arithmetic is within a few ulps of them.
    let check = |name: &str, want: f64| assert_within(cell(row, name), want, 1e-13);

    // contracted: 45e9 / 6,221,040,000 = 187500 / 25921 = 7.2335172254...
    //   high 46.25e9 / 5,950,560,000 = 7.7723777257...; low: 45e9 over 230000 again
    check("usd_per_gpu_hour", 7.233517225415686);
    check("usd_per_gpu_hour_low", 7.233517225415686);
    check("usd_per_gpu_hour_high", 7.772377725793874);
    // realized: 6.25e9 / 837,454,072 = 7.4630958388...; high 7.5e9 / U = 8.9557150066...
    check("usd_per_used_gpu_hour", 7.463095838884404);
    check("usd_per_used_gpu_hour_low", 7.463095838884404);
    check("usd_per_used_gpu_hour_high", 8.955715006661285);
    // utilization: 837,454,072 / 1,015,680,000 = 0.8245255119...;
    //   high / 971,520,000 = 0.8620039443...
    check("utilization", 0.8245255119722747);
    check("utilization_low", 0.8245255119722747);
    check("utilization_high", 0.8620039443346509);
    // market value and premium: 45e9 / 24,038,580,000 - 1 = 0.8719907748...
    //   high: 46.25e9 / 21,198,540,000 - 1 = 1.1817540264...
    check("market_usd", 24038580000.0);
    check("market_usd_low", 21198540000.0);
    check("market_usd_high", 24038580000.0);
    check("market_premium", 0.8719907748294616);
    check("market_premium_low", 0.8719907748294616);
    check("market_premium_high", 1.181754026456539);
    // $/H100e-hour: 45e9 / (275,834.1759 * 24 * 1127) = 6.0315548506...
    //   high: 46.25e9 / (250,556.1172 * 24 * 1127) = 6.8245114833...
    check("h100e", 275834.1759352882);
    check("usd_per_h100e_hour", 6.031554850679274);
    check("usd_per_h100e_hour_low", 6.031554850679274);
    check("usd_per_h100e_hour_high", 6.824511483366551);
    // $/MW-month: monthly_equiv = 45e9 * 365.25 / 12 / 1127 = 1,215,339,396.628...
    //   / 300 MW = 4,051,131.3220...; high 46.25e9 * 365.25 / 12 / 1127 / 150 = 8,327,325.4954...
    //   low: the lowest total over the most power, 45e9 over 300 MW, = base
    check("monthly_equiv_usd", 1215339396.6282165);
    check("usd_per_mw_month", 4051131.322094055);
    check("usd_per_mw_month_low", 4051131.322094055);
    check("usd_per_mw_month_high", 8327325.495415557);

    // metrics.json carries the same figures.
    let deal = built.deal(ID);
    assert_band(
        deal,
        "usd_per_used_gpu_hour",
        7.463095838884404,
        7.463095838884404,
        8.955715006661285,
    );
    assert_band(
        deal,
        "usd_per_mw_month",
        4051131.322094055,
        4051131.322094055,
        8327325.495415557,
    );
}

#[test]
fn headline_deal_page_shows_the_hand_computed_unit_costs() {
    let built = headline();
    let page = built.page(&format!("deals/{ID}.html"));
    let start = page
        .find("<section id=\"unit-costs\"")
        .expect("unit-costs section");
    let section = &page[start..start + page[start..].find("</section>").expect("its end")];
    // Each tile's exact figure is in its title, to 4 decimals ($/MW to the cent);
    // the figures are those of the test above, rounded.
    for want in [
        // contracted 7.23351..., band to 7.77237...
        "title=\"$7.2335/GPU-hr\"",
        "title=\"$7.2335/GPU-hr to $7.7724/GPU-hr\"",
        // realized 7.46309..., band to 8.95571...; utilization 0.82452... = 82.5%
        "title=\"$7.4631/GPU-hr\"",
        "title=\"$7.4631/GPU-hr to $8.9557/GPU-hr\"",
        "utilization 82.5%",
        // at market: market_usd / contracted GPU-hours over the 37 months with prices
        //   = 24,038,580,000 / 6,221,040,000 = 400643 / 103684 = 3.86407...
        "title=\"$3.8641/GPU-hr\"",
        "(37 months)",
        // premium 0.87199... = 87.2% above market
        "the contract is 87.2% above market",
        // $/H100e-hour 6.03155..., band to 6.82451...
        "title=\"$6.0316/H100e-hr\"",
        "title=\"$6.0316/H100e-hr to $6.8245/H100e-hr\"",
        // $/MW-month 4,051,131.322..., band to 8,327,325.495...
        "title=\"$4,051,131.32/MW-month\"",
        "title=\"$4,051,131.32/MW-month to $8,327,325.5/MW-month\"",
    ] {
        assert!(
            section.contains(want),
            "unit costs lack {want:?}:\n{section}"
        );
    }
}
