//! SPEC.md 7.5: every range reaching a deal is a dimension; each band is the
//! min and max of a figure over the base scenario and every corner.

use super::{assert_band, assert_null, with_deal};
use crate::common::{DataDir, build, num, text};

/// banded: 2026-11-01 .. 2027-02-28 (d = 30, 31, 31, 28; N = 120), three dimensions:
///   monthly P in {low 80000, base 100000, high 120000}
///   ramp: the first 2 months at discount δ in {0.1, 0.2, 0.3}
///   H100 count G in {8, 10, 16}
/// payments: Nov, Dec = P * (1 - δ); Jan, Feb = P. total = 2P(1 - δ) + 2P.
/// Market: H100 at 1.0 per GPU-hour from 2026-01-01.
fn banded() -> DataDir {
    let data = DataDir::new().site("2026-01-01").gpus_h100().file(
        "market/h100.csv",
        "date,gpu_model,usd_per_gpu_hour\n2026-01-01,H100,1\n",
    );
    with_deal(
        data,
        "banded",
        "2026-11-01",
        "2027-02-28",
        "price:\n\
         \x20 monthly: {low: 80000, base: 100000, high: 120000}\n\
         \x20 ramp:\n\
         \x20   - months: 2\n\
         \x20     discount: {low: 0.1, base: 0.2, high: 0.3}\n\
         capacity:\n\
         \x20 gpus:\n\
         \x20   - model: H100\n\
         \x20     count: {low: 8, base: 10, high: 16}\n",
    )
}

#[test]
fn bands_of_a_deal_with_three_uncertain_inputs() {
    let built = build(&banded());
    let deal = built.deal("banded");
    // base: 2 * 100000 * 0.8 + 2 * 100000 = 360000
    // low:  P low, δ high: 2 * 80000 * 0.7 + 2 * 80000 = 272000
    // high: P high, δ low: 2 * 120000 * 0.9 + 2 * 120000 = 456000
    assert_band(deal, "total_usd", 360000.0, 272000.0, 456000.0);
    // total / (G * 24 * 120) = total / (2880 G); the lowest pairs the lowest
    // price with the HIGHEST count, the highest the highest price with the lowest:
    //   base 360000 / 28800 = 12.5
    //   low  272000 / (2880 * 16) = 272000 / 46080 = 5.902777...
    //   high 456000 / (2880 * 8)  = 456000 / 23040 = 19.791666...
    assert_band(
        deal,
        "usd_per_gpu_hour",
        12.5,
        5.902777777777778,
        19.791666666666668,
    );
    // extra bands: monthly_equiv = total * 365.25 / 12 / 120
    //   360000 -> 91312.5; 272000 -> 68991.666...; 456000 -> 115662.5
    assert_band(
        deal,
        "monthly_equiv_usd",
        91312.5,
        68991.66666666667,
        115662.5,
    );
    assert_band(deal, "gpus", 10.0, 8.0, 16.0);
    // market: G * 1.0 * 24 * 120 = 2880 G -> 28800, 23040, 46080
    assert_band(deal, "market_usd", 28800.0, 23040.0, 46080.0);
    // premium = total / (2880 G) - 1 = usd_per_gpu_hour - 1 here
    assert_band(
        deal,
        "market_premium",
        11.5,
        4.902777777777778,
        18.791666666666668,
    );

    let rows = built.schedule("banded");
    let months: Vec<&str> = rows.iter().map(|r| text(r, "month")).collect();
    assert_eq!(months, ["2026-11", "2026-12", "2027-01", "2027-02"]);
    // Nov, Dec: P(1 - δ): base 80000, low 80000 * 0.7 = 56000, high 120000 * 0.9 = 108000
    // Jan, Feb: P: 100000, 80000, 120000
    let payments = [
        (80000.0, 56000.0, 108000.0),
        (80000.0, 56000.0, 108000.0),
        (100000.0, 80000.0, 120000.0),
        (100000.0, 80000.0, 120000.0),
    ];
    // running sums of the above, per scenario
    let cumulative = [
        (80000.0, 56000.0, 108000.0),
        (160000.0, 112000.0, 216000.0),
        (260000.0, 192000.0, 336000.0),
        (360000.0, 272000.0, 456000.0),
    ];
    // payment / (G * 24 * d):
    //   Nov (720 G):  80000 / 7200 = 11.111..., 56000 / 11520 = 4.8611..., 108000 / 5760 = 18.75
    //   Dec (744 G):  80000 / 7440 = 10.752...,  56000 / 11904 = 4.7043..., 108000 / 5952 = 18.145...
    //   Jan (744 G): 100000 / 7440 = 13.440...,  80000 / 11904 = 6.7204..., 120000 / 5952 = 20.161...
    //   Feb (672 G): 100000 / 6720 = 14.880...,  80000 / 10752 = 7.4404..., 120000 / 5376 = 22.321...
    let per_gpu_hour = [
        (11.11111111111111, 4.861111111111111, 18.75),
        (10.75268817204301, 4.704301075268817, 18.14516129032258),
        (13.440860215053764, 6.720430107526882, 20.161290322580644),
        (14.880952380952381, 7.440476190476191, 22.321428571428573),
    ];
    for (i, row) in rows.iter().enumerate() {
        let (b, l, h) = payments[i];
        assert_band(row, "payment_usd", b, l, h);
        let (b, l, h) = cumulative[i];
        assert_band(row, "cumulative_usd", b, l, h);
        let (b, l, h) = per_gpu_hour[i];
        assert_band(row, "usd_per_gpu_hour", b, l, h);
    }
    // contracted_gpu_hours (Nov): 24 * 30 * G = 7200, 5760, 11520
    assert_band(rows[0], "contracted_gpu_hours", 7200.0, 5760.0, 11520.0);

    let years = built.by_year("banded");
    assert_eq!(years.len(), 2);
    // 2026 = Nov + Dec: 160000, 2 * 56000 = 112000, 2 * 108000 = 216000
    assert_eq!(num(years[0], "year"), Some(2026.0));
    assert_band(years[0], "payment_usd", 160000.0, 112000.0, 216000.0);
    // 2027 = Jan + Feb: 200000, 160000, 240000
    assert_eq!(num(years[1], "year"), Some(2027.0));
    assert_band(years[1], "payment_usd", 200000.0, 160000.0, 240000.0);
}

/// A facility with two ranges (power 10/20/40 MW, H100 count 500/1000/2000);
/// three one-month deals (2026-01, d = 31, N = 31) use it.
pub(super) fn facility_deals() -> DataDir {
    let data = DataDir::new().site("2025-12-01").gpus_h100().file(
        "facilities/shared.yaml",
        "id: shared\n\
             name: Shared cluster\n\
             operator: Provider Co\n\
             power_mw: {low: 10, base: 20, high: 40}\n\
             gpus:\n\
             \x20 - model: H100\n\
             \x20   count: {low: 500, base: 1000, high: 2000}\n",
    );
    let month = ("2026-01-01", "2026-01-31");
    let data = with_deal(
        data,
        "share-a",
        month.0,
        month.1,
        "facility: shared\nprice:\n  monthly: 720000\n",
    );
    let data = with_deal(
        data,
        "share-b",
        month.0,
        month.1,
        "facility: shared\nprice:\n  monthly: {low: 360000, base: 720000, high: 1440000}\n",
    );
    with_deal(
        data,
        "share-c",
        month.0,
        month.1,
        "facility: shared\nprice:\n  monthly: 720000\ncapacity:\n  gpus:\n    - model: H100\n      count: 100\n",
    )
}

#[test]
fn facility_ranges_reach_each_inheriting_deal_as_its_own_dimensions() {
    let built = build(&facility_deals());
    // share-a: fixed price, the facility's two dimensions.
    //   usd_per_gpu_hour = 720000 / (G * 24 * 31) = 720000 / (744 G)
    //     G = 1000: 0.967741...; G = 2000: 0.483870...; G = 500: 1.935483...
    //   monthly_equiv = 720000 * 365.25 / 12 / 31 = 706935.48...
    //   usd_per_mw_month = 706935.48 / MW: /20 = 35346.77..., /40 = 17673.38..., /10 = 70693.54...
    let a = built.deal("share-a");
    assert_band(a, "total_usd", 720000.0, 720000.0, 720000.0);
    assert_band(a, "gpus", 1000.0, 500.0, 2000.0);
    assert_band(a, "power_mw", 20.0, 10.0, 40.0);
    assert_band(
        a,
        "usd_per_gpu_hour",
        0.967741935483871,
        0.4838709677419355,
        1.935483870967742,
    );
    assert_band(
        a,
        "usd_per_mw_month",
        35346.77419354839,
        17673.387096774193,
        70693.54838709677,
    );
    // share-b: its own price range on top of the facility's (3 dimensions):
    //   low  360000 / (744 * 2000) = 0.241935...; high 1440000 / (744 * 500) = 3.870967...
    //   usd_per_mw_month low 353467.74 / 40 = 8836.69...; high 1413870.97 / 10 = 141387.09...
    // share-a's scenarios do not constrain share-b's: each spans the facility's full range.
    let b = built.deal("share-b");
    assert_band(b, "total_usd", 720000.0, 360000.0, 1440000.0);
    assert_band(b, "gpus", 1000.0, 500.0, 2000.0);
    assert_band(
        b,
        "usd_per_gpu_hour",
        0.967741935483871,
        0.24193548387096775,
        3.870967741935484,
    );
    assert_band(
        b,
        "usd_per_mw_month",
        35346.77419354839,
        8836.693548387097,
        141387.09677419355,
    );
    // share-c has its own capacity, which replaces the facility's entirely:
    // no range reaches it, and it has no power.
    //   720000 / (100 * 744) = 9.67741935483871
    let c = built.deal("share-c");
    assert_band(c, "gpus", 100.0, 100.0, 100.0);
    assert_band(
        c,
        "usd_per_gpu_hour",
        9.67741935483871,
        9.67741935483871,
        9.67741935483871,
    );
    assert_null(c, "power_mw");
    assert_null(c, "power_mw_low");
    assert_null(c, "power_mw_high");
    assert_null(c, "usd_per_mw_month_low");
}

#[test]
fn a_range_with_low_equal_to_high_gives_equal_bands() {
    let data = with_deal(
        DataDir::new().site("2025-12-01").gpus_h100(),
        "flat",
        "2026-01-01",
        "2026-01-31",
        "price:\n\
         \x20 monthly: {low: 100000, base: 100000, high: 100000}\n\
         capacity:\n\
         \x20 gpus:\n\
         \x20   - model: H100\n\
         \x20     count: {low: 10, base: 10, high: 10}\n",
    );
    let built = build(&data);
    let deal = built.deal("flat");
    assert_band(deal, "total_usd", 100000.0, 100000.0, 100000.0);
    // 100000 / (10 * 24 * 31) = 13.440860215053764
    assert_band(
        deal,
        "usd_per_gpu_hour",
        13.440860215053764,
        13.440860215053764,
        13.440860215053764,
    );
    assert_band(
        built.schedule("flat")[0],
        "payment_usd",
        100000.0,
        100000.0,
        100000.0,
    );
}

/// A GPU count of {0, 10, 20} with a power range of {50, 100, 200} MW: every
/// per-GPU figure is null in the scenarios with 0 GPUs, and its band is taken
/// over the others only. January 2026 (d = N = 31), monthly 744000, so
/// G * 24 * 31 = 744 G; usage 3720 GPU-hours; H100 at 2 $/GPU-hour.
#[test]
fn a_figure_null_in_some_scenarios_takes_its_band_from_the_others() {
    let data = DataDir::new()
        .site("2025-12-01")
        .gpus_h100()
        .file(
            "usage/u.csv",
            "deal,month,gpu_hours\nsome-null,2026-01,3720\n",
        )
        .file(
            "market/m.csv",
            "date,gpu_model,usd_per_gpu_hour\n2025-01-01,H100,2\n",
        );
    let data = with_deal(
        data,
        "some-null",
        "2026-01-01",
        "2026-01-31",
        "price:\n\
         \x20 monthly: 744000\n\
         capacity:\n\
         \x20 power_mw: {low: 50, base: 100, high: 200}\n\
         \x20 gpus:\n\
         \x20   - model: H100\n\
         \x20     count: {low: 0, base: 10, high: 20}\n",
    );
    let built = build(&data);
    let deal = built.deal("some-null");
    // counts summing to 0 are "no GPUs" (SPEC.md 7.2): gpus and h100e are
    // themselves null there, so their bands come from G = 10 and G = 20
    assert_band(deal, "gpus", 10.0, 10.0, 20.0);
    assert_band(deal, "h100e", 10.0, 10.0, 20.0);
    // 744000 / (744 G) = 1000 / G: G = 10 -> 100, G = 20 -> 50, G = 0 -> null;
    // the band is over 100 and 50 (a null counted as 0 would give low 0)
    assert_band(deal, "usd_per_gpu_hour", 100.0, 50.0, 100.0);
    assert_band(deal, "usd_per_h100e_hour", 100.0, 50.0, 100.0);
    // utilization 3720 / (744 G): 0.5, 0.25, null
    assert_band(deal, "utilization", 0.5, 0.25, 0.5);
    // realized cost does not depend on G: 744000 / 3720 = 200 in every scenario
    assert_band(deal, "usd_per_used_gpu_hour", 200.0, 200.0, 200.0);
    // market 2 * 744 G = 1488 G: 14880, 29760, null (no GPUs, no market value)
    assert_band(deal, "market_usd", 14880.0, 14880.0, 29760.0);
    // premium 744000 / (1488 G) - 1: 49, 24, null
    assert_band(deal, "market_premium", 49.0, 24.0, 49.0);
    // power never null: monthly_equiv = 744000 * 365.25 / 12 / 31 = 730500,
    //   / 100 = 7305, / 200 = 3652.5, / 50 = 14610
    assert_band(deal, "usd_per_mw_month", 7305.0, 3652.5, 14610.0);

    let month = built.schedule("some-null")[0];
    // contracted 744 G: 7440, G = 20 -> 14880, G = 0 -> null (no GPUs)
    assert_band(month, "contracted_gpu_hours", 7440.0, 7440.0, 14880.0);
    assert_band(month, "usd_per_gpu_hour", 100.0, 50.0, 100.0);
    assert_band(month, "utilization", 0.5, 0.25, 0.5);
    assert_band(month, "market_usd", 14880.0, 14880.0, 29760.0);
}

/// Escalation {0, 0.1, 0.2} on monthly 1000, from 2026-01-01 to 2028-01-31:
/// 2026 pays 1000 a month (k = 0), 2027 1000 (1 + e) (k = 1), January 2028
/// 1000 (1 + e)^2 (k = 2).
#[test]
fn an_escalation_range_is_a_dimension() {
    let data = with_deal(
        DataDir::new().site("2025-12-01"),
        "escalating",
        "2026-01-01",
        "2028-01-31",
        "price:\n  monthly: 1000\n  escalation: {low: 0, base: 0.1, high: 0.2}\n",
    );
    let built = build(&data);
    // total = 12 * 1000 + 12 * 1000 (1 + e) + 1000 (1 + e)^2
    //   base 12000 + 13200 + 1210 = 26410; low 12000 + 12000 + 1000 = 25000;
    //   high 12000 + 14400 + 1440 = 27840
    assert_band(
        built.deal("escalating"),
        "total_usd",
        26410.0,
        25000.0,
        27840.0,
    );
    let rows = built.schedule("escalating");
    assert_eq!(rows.len(), 25);
    assert_band(rows[11], "payment_usd", 1000.0, 1000.0, 1000.0);
    assert_band(rows[12], "payment_usd", 1100.0, 1000.0, 1200.0);
    assert_band(rows[24], "payment_usd", 1210.0, 1000.0, 1440.0);
    let years = built.by_year("escalating");
    assert_eq!(years.len(), 3);
    assert_band(years[0], "payment_usd", 12000.0, 12000.0, 12000.0);
    assert_band(years[1], "payment_usd", 13200.0, 12000.0, 14400.0);
    assert_band(years[2], "payment_usd", 1210.0, 1000.0, 1440.0);
}

/// Two deals share a facility's ranges (power {10, 20, 40} MW, H100
/// {500, 1000, 2000}). pair-a (January and February 2026, N = 59) adds its own
/// price range {360000, 720000, 1440000}; pair-b (February, N = 28, monthly
/// 672000) has none. Each deal's corners pair the facility's values with its
/// own freely, whatever the other deal's scenario; the portfolio's capacity
/// band is the sum of the deals' bands.
#[test]
fn two_deals_sharing_a_facility_vary_its_ranges_independently() {
    let data = DataDir::new().site("2025-12-01").gpus_h100().file(
        "facilities/pair.yaml",
        "id: pair\n\
         name: Pair\n\
         operator: Provider Co\n\
         power_mw: {low: 10, base: 20, high: 40}\n\
         gpus:\n\
         \x20 - model: H100\n\
         \x20   count: {low: 500, base: 1000, high: 2000}\n",
    );
    let data = with_deal(
        data,
        "pair-a",
        "2026-01-01",
        "2026-02-28",
        "facility: pair\nprice:\n  monthly: {low: 360000, base: 720000, high: 1440000}\n",
    );
    let data = with_deal(
        data,
        "pair-b",
        "2026-02-01",
        "2026-02-28",
        "facility: pair\nprice:\n  monthly: 672000\n",
    );
    let built = build(&data);
    let a = built.deal("pair-a");
    // total 2P; usd_per_gpu_hour = 2P / (G * 24 * 59) = 2P / (1416 G):
    //   base 1440000 / 1416000 = 60/59; low: low P with HIGH G,
    //   720000 / 2832000 = 15/59; high: high P with LOW G, 2880000 / 708000 = 240/59
    assert_band(a, "total_usd", 1440000.0, 720000.0, 2880000.0);
    assert_band(
        a,
        "usd_per_gpu_hour",
        1.0169491525423728,
        0.2542372881355932,
        4.067796610169491,
    );
    // usd_per_mw_month = 2P * 365.25 / 12 / 59 / MW: base 43830000/59 / 20 = 2191500/59;
    //   low: low P with HIGH power, 21915000/59 / 40 = 547875/59;
    //   high: high P with LOW power, 87660000/59 / 10 = 8766000/59
    assert_band(
        a,
        "usd_per_mw_month",
        37144.067796610165,
        9286.016949152541,
        148576.27118644066,
    );
    let b = built.deal("pair-b");
    // 672000 / (672 G) = 1000 / G over the facility's full range, although
    // pair-a's extreme corners pair its price with particular facility values
    assert_band(b, "usd_per_gpu_hour", 1.0, 0.5, 2.0);
    // 672000 * 365.25 / 12 / 28 = 730500; / 20, / 40, / 10
    assert_band(b, "usd_per_mw_month", 36525.0, 18262.5, 73050.0);

    // capacity_by_month: January has pair-a only, February both deals,
    // each at its own low and high.
    let rows = built.export_rows("capacity_by_month.csv");
    let month = |m: &str| {
        rows.iter()
            .find(|r| r["month"] == m)
            .unwrap_or_else(|| panic!("no month {m}"))
    };
    for (m, deals, power, h100e) in [
        ("2026-01", "1", [20.0, 10.0, 40.0], [1000.0, 500.0, 2000.0]),
        ("2026-02", "2", [40.0, 20.0, 80.0], [2000.0, 1000.0, 4000.0]),
    ] {
        let row = month(m);
        assert_eq!(row["deals"], deals, "{m}");
        for (i, suffix) in ["", "_low", "_high"].iter().enumerate() {
            for (name, want) in [("power_mw", power[i]), ("h100e", h100e[i])] {
                let got: f64 = row[&format!("{name}{suffix}")].parse().expect("a number");
                assert_eq!(got, want, "{m} {name}{suffix}");
            }
        }
    }
}
