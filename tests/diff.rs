//! SPEC.md section 11: `dealbook diff OLD NEW` on hand-made pairs of data
//! directories (a price changed, a deal added and one removed, identical data
//! at two paths, bad data on either side), in both formats, with the exit
//! codes. Expected figures are worked out by hand from the valid fixture:
//! `alpha` pays 1M a month from 2026-01 through 2027-12 with the first two
//! months at half price and 3% escalation from its second year (2026: 11M,
//! 2027: 12.36M); `beta` pays 1.2B over 1,096 days from 2025-11-01 (2025: 61
//! days, 2026 and 2027: 365, 2028: 305).

use serde_json::Value;

use crate::common::{Dealbook, Output, assert_close};
use crate::validation::{Case, assert_output};

const BETA_PER_DAY: f64 = 1.2e9 / 1096.0;

fn diff(old: &Case, new: &Case, extra: &[&str]) -> Output {
    Dealbook::new()
        .arg("diff")
        .arg(old.path())
        .arg(new.path())
        .args(extra)
        .run()
}

#[track_caller]
fn json(old: &Case, new: &Case) -> Value {
    let run = diff(old, new, &["--format", "json"]);
    assert_eq!(run.code, 0, "diff failed:\n{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("diff --format json prints JSON")
}

/// The by_year entries as (year, old, new).
#[track_caller]
fn by_year(v: &Value) -> Vec<(i64, f64, f64)> {
    v["by_year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| {
            let keys: Vec<&str> = y.as_object().unwrap().keys().map(|k| k.as_str()).collect();
            assert_eq!(keys, ["year", "old", "new"]);
            (
                y["year"].as_i64().unwrap(),
                y["old"].as_f64().unwrap(),
                y["new"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[track_caller]
fn assert_years(actual: &[(i64, f64, f64)], expected: &[(i64, f64, f64)]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert_eq!(a.0, e.0);
        assert_close(a.1, e.1);
        assert_close(a.2, e.2);
    }
}

fn alpha_with_price(monthly: &str) -> Case {
    let text = std::fs::read_to_string(Case::base().path().join("deals/alpha.yaml")).unwrap();
    Case::base().with_file(
        "deals/alpha.yaml",
        &text.replace("monthly: 1000000", &format!("monthly: {monthly}")),
    )
}

#[test]
fn one_deals_price_changed() {
    let (old, new) = (Case::base(), alpha_with_price("2000000"));
    let v = json(&old, &new);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(keys, ["as_of", "added", "removed", "changed", "by_year"]);
    assert_eq!(v["as_of"], "2026-03-10");
    assert_eq!(v["added"], serde_json::json!([]));
    assert_eq!(v["removed"], serde_json::json!([]));
    let changed = v["changed"].as_array().unwrap();
    assert_eq!(changed.len(), 1, "only alpha changed: {changed:?}");
    assert_eq!(changed[0]["deal"], "alpha");
    let changes = changed[0]["changes"].as_array().unwrap();
    let columns: Vec<&str> = changes
        .iter()
        .map(|c| c["column"].as_str().unwrap())
        .collect();
    // Every money figure and unit cost of alpha doubles; the dates, terms,
    // capacity and the figures without usage or market data stay. Columns in
    // deals.csv order (SPEC.md columns, then the extra bands).
    assert_eq!(
        columns,
        [
            "total_usd",
            "total_usd_low",
            "total_usd_high",
            "monthly_equiv_usd",
            "paid_to_date_usd",
            "remaining_usd",
            "remaining_pv_usd",
            "within_horizon_usd",
            "usd_per_gpu_hour",
            "usd_per_gpu_hour_low",
            "usd_per_gpu_hour_high",
            "usd_per_h100e_hour",
            "usd_per_mw_month",
            "monthly_equiv_usd_low",
            "monthly_equiv_usd_high",
            "paid_to_date_usd_low",
            "paid_to_date_usd_high",
            "remaining_usd_low",
            "remaining_usd_high",
            "remaining_pv_usd_low",
            "remaining_pv_usd_high",
            "within_horizon_usd_low",
            "within_horizon_usd_high",
            "usd_per_h100e_hour_low",
            "usd_per_h100e_hour_high",
            "usd_per_mw_month_low",
            "usd_per_mw_month_high",
            // SPEC.md 10.4: without a termination right all of the remaining
            // is firm, so it doubles too; cancellable_usd stays exactly 0.
            "firm_remaining_usd",
            "firm_remaining_usd_low",
            "firm_remaining_usd_high",
        ]
    );
    let keys: Vec<&str> = changes[0]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(keys, ["column", "old", "new"]);
    assert_close(changes[0]["old"].as_f64().unwrap(), 23_360_000.0);
    assert_close(changes[0]["new"].as_f64().unwrap(), 46_720_000.0);
    // usd_per_gpu_hour = total / (4000 GPUs * 24 h * 730 days).
    let hours = 4000.0 * 24.0 * 730.0;
    assert_close(changes[8]["old"].as_f64().unwrap(), 23_360_000.0 / hours);
    assert_close(changes[8]["new"].as_f64().unwrap(), 46_720_000.0 / hours);

    // From beta's first year (2025) through the horizon's (2028).
    assert_years(
        &by_year(&v),
        &[
            (2025, 61.0 * BETA_PER_DAY, 61.0 * BETA_PER_DAY),
            (
                2026,
                11e6 + 365.0 * BETA_PER_DAY,
                22e6 + 365.0 * BETA_PER_DAY,
            ),
            (
                2027,
                12.36e6 + 365.0 * BETA_PER_DAY,
                24.72e6 + 365.0 * BETA_PER_DAY,
            ),
            (2028, 305.0 * BETA_PER_DAY, 305.0 * BETA_PER_DAY),
        ],
    );
}

#[test]
fn a_deal_added_and_a_deal_removed() {
    let alpha = std::fs::read_to_string(Case::base().path().join("deals/alpha.yaml")).unwrap();
    let new = Case::base()
        .without("deals/beta.yaml")
        .with_file("deals/gamma.yaml", &alpha.replace("id: alpha", "id: gamma"));
    let v = json(&Case::base(), &new);
    assert_eq!(v["added"], serde_json::json!(["gamma"]));
    assert_eq!(v["removed"], serde_json::json!(["beta"]));
    assert_eq!(v["changed"], serde_json::json!([]));
    assert_years(
        &by_year(&v),
        &[
            (2025, 61.0 * BETA_PER_DAY, 0.0),
            (2026, 11e6 + 365.0 * BETA_PER_DAY, 22e6),
            (2027, 12.36e6 + 365.0 * BETA_PER_DAY, 24.72e6),
            (2028, 305.0 * BETA_PER_DAY, 0.0),
        ],
    );

    let run = diff(&Case::base(), &new, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "## dealbook diff\n\
         As of 2026-03-10: 1 deal added, 1 deal removed, 0 deals changed; binding commitments changed in 4 years: \
         2025 $66.8M → $0 (-100%), 2026 $411M → $22M (-94.6%), 2027 $412M → $24.7M (-94%), 2028 $334M → $0 (-100%).\n\
         ### Added\n\
         \n\
         | Deal | Title | Total |\n\
         | --- | --- | ---: |\n\
         | `gamma` | Alpha leases GPUs | $23.4M |\n\
         \n\
         ### Removed\n\
         \n\
         | Deal | Title | Total |\n\
         | --- | --- | ---: |\n\
         | `beta` | Beta buys a total | $1.2B |\n"
    );
}

#[test]
fn markdown_of_a_changed_deal_reads_as_the_site() {
    let text = std::fs::read_to_string(Case::base().path().join("deals/alpha.yaml")).unwrap();
    let new = Case::base().with_file(
        "deals/alpha.yaml",
        &text
            .replace("title: Alpha leases GPUs", "title: Alpha | leases GPUs")
            .replace("power_mw: 10", "power_mw: 12.5"),
    );
    let run = diff(&Case::base(), &new, &["--exit-code"]);
    assert_output(&run, 3, "", "diff --exit-code with a change");
    // $974K a month (23.36M * 365.25 / 12 / 730 days) over 10 MW, then 12.5 MW.
    assert_eq!(
        run.stdout,
        "## dealbook diff\n\
         As of 2026-03-10: 0 deals added, 0 deals removed, 1 deal changed; binding commitments by year unchanged.\n\
         ### `alpha` Alpha \\| leases GPUs\n\
         - `capacity.power_mw`: 10 → 12.5\n\
         - `title`: Alpha leases GPUs → Alpha \\| leases GPUs\n\
         \n\
         | Figure | Old → New | Change |\n\
         | --- | --- | ---: |\n\
         | `power_mw` | 10 MW → 12.5 MW | +2.5 MW (+25%) |\n\
         | `usd_per_mw_month` | $97.4K/MW-month → $77.9K/MW-month | -$19.5K (-20%) |\n"
    );
}

/// Issue 22: a reviewer reads one price change in ten seconds: the input
/// that changed (its key path, old -> new), then the figures that moved (at
/// most five, each band folded into its cell), then the deal's years whose
/// payments changed; 15 lines of markdown in all.
#[test]
fn one_price_change_reads_in_fifteen_lines_inputs_first() {
    let run = diff(&Case::base(), &alpha_with_price("2000000"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // 2026: alpha 11M -> 22M beside beta's 365 days of 1.2B / 1096 (399.6M).
    assert_eq!(
        run.stdout,
        "## dealbook diff\n\
         As of 2026-03-10: 0 deals added, 0 deals removed, 1 deal changed; binding commitments changed in 2 years: \
         2026 $411M → $422M (+2.7%), 2027 $412M → $424M (+3%).\n\
         ### `alpha` Alpha leases GPUs\n\
         - `price.monthly`: 1000000 → 2000000\n\
         \n\
         | Figure | Old → New | Change |\n\
         | --- | --- | ---: |\n\
         | `total_usd` | $23.4M → $46.7M | +$23.4M (+100%) |\n\
         | `monthly_equiv_usd` | $974K → $1.95M | +$974K (+100%) |\n\
         | `paid_to_date_usd` | $1.32M → $2.65M | +$1.32M (+100%) |\n\
         | `remaining_usd` | $22M → $44.1M | +$22M (+100%) |\n\
         | `remaining_pv_usd` | $20.5M → $41M | +$20.5M (+100%) |\n\
         | … | 5 more figures (`--format json` lists every column) | |\n\
         \n\
         Payments by year: 2026 $11M → $22M (+100%), 2027 $12.4M → $24.7M (+100%)\n"
    );
    assert!(run.stdout.lines().count() <= 15);

    // The JSON keeps every column and adds the inputs and the years after
    // the keys SPEC.md section 11 lists.
    let v = json(&Case::base(), &alpha_with_price("2000000"));
    let changed = &v["changed"][0];
    let keys: Vec<&str> = changed
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(keys, ["deal", "changes", "inputs", "years"]);
    assert_eq!(changed["changes"].as_array().unwrap().len(), 30);
    assert_eq!(
        changed["inputs"],
        serde_json::json!([{"path": "price.monthly", "old": "1000000", "new": "2000000"}])
    );
    let years: Vec<(i64, f64, f64)> = changed["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| {
            (
                y["year"].as_i64().unwrap(),
                y["old"].as_f64().unwrap(),
                y["new"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_years(&years, &[(2026, 11e6, 22e6), (2027, 12.36e6, 24.72e6)]);
}

/// A banded figure reads as one cell per side: base (low–high).
#[test]
fn a_band_is_folded_into_its_figure() {
    let run = diff(
        &Case::base(),
        &alpha_with_price("{low: 900000, base: 1000000, high: 1200000}"),
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The base is unchanged; the band of total_usd (23.36M) widens to
    // 21.0M..28.0M (0.9x and 1.2x): the figure is listed for its band, and
    // the record's key became a range.
    assert!(
        run.stdout.contains(
            "### `alpha` Alpha leases GPUs\n\
             - `price.monthly`: 1000000 → (none)\n\
             - `price.monthly.base`: (none) → 1000000\n\
             - `price.monthly.high`: (none) → 1200000\n\
             - `price.monthly.low`: (none) → 900000\n\
             \n\
             | Figure | Old → New | Change |\n\
             | --- | --- | ---: |\n\
             | `total_usd` | $23.4M → $23.4M (21.0–28.0) | – |\n\
             | `usd_per_gpu_hour` | $0.33/GPU-hr → $0.33/GPU-hr (0.30–0.40) | – |\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn identical_directories_at_different_paths_have_no_changes() {
    let (old, new) = (Case::base(), Case::base());
    assert_ne!(old.path(), new.path());
    let run = diff(&old, &new, &["--exit-code"]);
    assert_output(&run, 0, "", "diff of identical data");
    assert_eq!(
        run.stdout,
        "## dealbook diff\n\nNo changes in the figures (as of 2026-03-10).\n"
    );
    let run = diff(&old, &new, &["--format", "json", "--exit-code"]);
    assert_output(&run, 0, "", "diff --format json of identical data");
    let b = |days: f64| days * BETA_PER_DAY;
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_years(
        &by_year(&v),
        &[
            (2025, b(61.0), b(61.0)),
            (2026, 11e6 + b(365.0), 11e6 + b(365.0)),
            (2027, 12.36e6 + b(365.0), 12.36e6 + b(365.0)),
            (2028, b(305.0), b(305.0)),
        ],
    );
    assert!(
        run.stdout.starts_with(
            "{\n  \"as_of\": \"2026-03-10\",\n  \"added\": [],\n  \"removed\": [],\n  \"changed\": [],\n  \"by_year\": [\n    {\n      \"year\": 2025,\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn without_exit_code_a_difference_exits_zero() {
    let run = diff(&Case::base(), &alpha_with_price("2000000"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = diff(
        &Case::base(),
        &alpha_with_price("2000000"),
        &["--exit-code"],
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
}

#[test]
fn both_sides_are_computed_at_news_as_of_or_the_given_one() {
    // OLD's site.yaml says 2026-03-10; NEW's says 2027-01-01: at NEW's date,
    // the same deals have the same figures.
    let site = "title: T\nas_of: 2027-01-01\nhorizon: 2028-12\ndiscount_rate: 0.08\n";
    let new = Case::base().with_file("site.yaml", site);
    let v = json(&Case::base(), &new);
    assert_eq!(v["as_of"], "2027-01-01");
    assert_eq!(v["changed"], serde_json::json!([]));

    let run = diff(
        &Case::base(),
        &new,
        &["--as-of", "2026-06-30", "--format", "json"],
    );
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["as_of"], "2026-06-30");
    assert_eq!(v["changed"], serde_json::json!([]));
}

#[test]
fn errors_name_the_side_the_file_and_the_line() {
    let old = Case::invalid("end-before-start");
    let new = Case::invalid("site-as-of-missing");
    let run = diff(&old, &new, &[]);
    let expected = format!(
        "error: OLD: {}/deals/alpha.yaml:7:6: `end`: expected a date on or after `start` (2026-01-01), found 2025-12-31\n\
         error: NEW: {}/site.yaml:1:1: `as_of`: expected a value (the key is required), found no such key\n\
         2 errors in the data\n",
        old.path().display(),
        new.path().display()
    );
    assert_output(&run, 1, &expected, "diff of two bad directories");
    assert_eq!(run.stdout, "");

    let run = diff(&Case::base(), &new, &["--exit-code"]);
    let expected = format!(
        "error: NEW: {}/site.yaml:1:1: `as_of`: expected a value (the key is required), found no such key\n\
         1 error in the data\n",
        new.path().display()
    );
    assert_output(&run, 1, &expected, "diff with a bad NEW");
}

#[test]
fn a_malformed_as_of_is_a_bad_argument() {
    let run = diff(&Case::base(), &Case::base(), &["--as-of", "2026-13-01"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: invalid value '2026-13-01' for '--as-of <DATE>': expected a date written YYYY-MM-DD"
        ),
        "{}",
        run.stderr
    );
}
