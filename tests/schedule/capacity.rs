//! Capacity unit costs (docs/figures.md): per GPU-hour and per MW-month from
//! the fleet and power, and a facility's inherited capacity.

use serde_json::Value;

use crate::common::{DataDir, assert_num, build, num, text};

// ---------------------------------------------------------------- 7.2 g

#[test]
fn capacity_unit_costs_from_gpu_fleet_and_power() {
    let data = DataDir::new().site("2026-01-01").gpus_h100().file(
        "deals/fleet.yaml",
        r#"id: fleet
title: Mixed fleet
buyer: Buyer Co
provider: Provider Co
announced: 2025-12-01
start: 2026-01-01
end: 2026-12-31
price:
  monthly: 10000000
capacity:
  power_mw: 100
  gpus:
    - model: H100
      count: 1000
    - model: GB200
      count: 500
sources:
  - title: Press release
    url: https://example.com/fleet
"#,
    );
    let built = build(&data);
    let deal = built.deal("fleet");
    // total = 12 * 10000000 = 120000000; N = 365
    assert_num(deal, "total_usd", 120000000.0);
    assert_eq!(num(deal, "term_days"), Some(365.0));
    assert_num(deal, "power_mw", 100.0);
    // G = 1000 + 500
    assert_num(deal, "gpus", 1500.0);
    // H = 1000 * 989/989 + 500 * 2500/989 = 1000 + 1263.9029... = 2263.9029...
    assert_num(deal, "h100e", 2263.9029322548026);
    // 120000000 / (1500 * 24 * 365) = 120000000 / 13140000 = 9.1324200913...
    assert_num(deal, "usd_per_gpu_hour", 9.132420091324201);
    // 120000000 / (2263.9029... * 24 * 365) = 6.0508911145...
    assert_num(deal, "usd_per_h100e_hour", 6.050891114550894);
    // monthly_equiv = 120000000 * 365.25 / 12 / 365 = 10006849.315068493
    assert_num(deal, "monthly_equiv_usd", 10006849.315068493);
    // / 100 MW = 100068.4931506849...
    assert_num(deal, "usd_per_mw_month", 100068.49315068492);

    let rows = built.schedule("fleet");
    assert_eq!(rows.len(), 12);
    // Jan: 1500 * 24 * 31 = 1116000 h; 10000000 / 1116000 = 8.9605734...
    assert_eq!(text(rows[0], "month"), "2026-01");
    assert_num(rows[0], "contracted_gpu_hours", 1116000.0);
    assert_num(rows[0], "usd_per_gpu_hour", 8.960573476702509);
    // Feb: 1500 * 24 * 28 = 1008000 h; 10000000 / 1008000 = 9.9206349...
    assert_eq!(text(rows[1], "month"), "2026-02");
    assert_num(rows[1], "contracted_gpu_hours", 1008000.0);
    assert_num(rows[1], "usd_per_gpu_hour", 9.920634920634921);
}

#[test]
fn deal_without_capacity_has_null_capacity_figures() {
    let data = DataDir::new().site("2026-01-01").file(
        "deals/no-capacity.yaml",
        r#"id: no-capacity
title: No capacity given
buyer: Buyer Co
provider: Provider Co
announced: 2025-12-01
start: 2026-01-01
end: 2026-06-30
price:
  monthly: 3000000
sources:
  - title: Press release
    url: https://example.com/no-capacity
"#,
    );
    let built = build(&data);
    let deal = built.deal("no-capacity");
    for key in [
        "power_mw",
        "gpus",
        "h100e",
        "usd_per_gpu_hour",
        "usd_per_gpu_hour_low",
        "usd_per_gpu_hour_high",
        "usd_per_h100e_hour",
        "usd_per_mw_month",
    ] {
        assert!(
            deal.get(key).is_some_and(Value::is_null),
            "{key} should be present and null, got {:?}",
            deal.get(key)
        );
    }
    for row in built.schedule("no-capacity") {
        for key in ["contracted_gpu_hours", "usd_per_gpu_hour"] {
            assert!(
                row.get(key).is_some_and(Value::is_null),
                "schedule {key} should be present and null, got {:?}",
                row.get(key)
            );
        }
    }
}

#[test]
fn same_model_twice_in_a_fleet_adds_and_missing_power_gives_null_per_mw() {
    let data = DataDir::new().site("2026-01-01").gpus_h100().file(
        "deals/twice.yaml",
        r#"id: twice
title: H100 listed twice
buyer: Buyer Co
provider: Provider Co
announced: 2025-12-01
start: 2026-01-01
end: 2026-06-30
price:
  monthly: 3000000
capacity:
  gpus:
    - model: H100
      count: 600
    - model: H100
      count: 400
sources:
  - title: Press release
    url: https://example.com/twice
"#,
    );
    let built = build(&data);
    let deal = built.deal("twice");
    // total 6 * 3000000 = 18000000; N = 31+28+31+30+31+30 = 181
    assert_num(deal, "total_usd", 18000000.0);
    // G = 600 + 400 = 1000, all H100: H = 1000
    assert_num(deal, "gpus", 1000.0);
    assert_num(deal, "h100e", 1000.0);
    // 18000000 / (1000 * 24 * 181) = 18000000 / 4344000 = 4.1436464...
    assert_num(deal, "usd_per_gpu_hour", 4.143646408839779);
    assert_num(deal, "usd_per_h100e_hour", 4.143646408839779);
    // no power_mw -> power and per-MW cost are null
    assert_eq!(num(deal, "power_mw"), None);
    assert_eq!(num(deal, "usd_per_mw_month"), None);
    // Jan: 1000 * 24 * 31 = 744000 h
    assert_num(built.schedule("twice")[0], "contracted_gpu_hours", 744000.0);
}

#[test]
fn zero_or_empty_fleet_gives_null_gpu_unit_costs() {
    let deal = |id: &str, gpus: &str| {
        format!(
            "id: {id}\ntitle: Fleet {id}\nbuyer: Buyer Co\nprovider: Provider Co\n\
             announced: 2025-12-01\nstart: 2026-01-01\nend: 2026-06-30\n\
             price:\n  monthly: 3000000\ncapacity:\n  power_mw: 50\n  gpus:{gpus}\n\
             sources:\n  - title: Press release\n    url: https://example.com/{id}\n"
        )
    };
    let data = DataDir::new()
        .site("2026-01-01")
        .gpus_h100()
        .file("deals/empty-fleet.yaml", &deal("empty-fleet", " []"))
        .file(
            "deals/zero-fleet.yaml",
            &deal("zero-fleet", "\n    - model: H100\n      count: 0"),
        );
    let built = build(&data);
    for id in ["empty-fleet", "zero-fleet"] {
        let d = built.deal(id);
        assert_eq!(num(d, "usd_per_gpu_hour"), None, "{id} usd_per_gpu_hour");
        assert_eq!(
            num(d, "usd_per_h100e_hour"),
            None,
            "{id} usd_per_h100e_hour"
        );
        for row in built.schedule(id) {
            assert_eq!(
                num(row, "usd_per_gpu_hour"),
                None,
                "{id} monthly usd_per_gpu_hour"
            );
        }
        // power is still there: 18000000 * 365.25 / 12 / 181 / 50 = 60538.674...
        assert_num(d, "usd_per_mw_month", 60538.674033149175);
    }
}

const COLOSSUS: &str = r#"id: colossus
name: Colossus 1
operator: xAI
location: Memphis, Tennessee, US
power_mw: 150
gpus:
  - model: H100
    count: 2000
"#;

#[test]
fn deal_without_capacity_inherits_the_facility_fleet_and_power() {
    let data = DataDir::new()
        .site("2026-01-01")
        .gpus_h100()
        .file("facilities/colossus.yaml", COLOSSUS)
        .file(
            "deals/inherits.yaml",
            r#"id: inherits
title: Capacity from the facility
buyer: Buyer Co
provider: Provider Co
announced: 2025-12-01
start: 2026-01-01
end: 2026-06-30
facility: colossus
price:
  monthly: 3000000
sources:
  - title: Press release
    url: https://example.com/inherits
"#,
        );
    let built = build(&data);
    let deal = built.deal("inherits");
    assert_num(deal, "power_mw", 150.0);
    assert_num(deal, "gpus", 2000.0);
    assert_num(deal, "h100e", 2000.0);
    // total 18000000, N = 181: 18000000 / (2000 * 24 * 181) = 18000000 / 8688000
    assert_num(deal, "usd_per_gpu_hour", 2.0718232044198897);
    // monthly_equiv = 18000000 * 365.25 / 12 / 181 = 3026933.7016574587; / 150 MW
    assert_num(deal, "monthly_equiv_usd", 3026933.7016574587);
    assert_num(deal, "usd_per_mw_month", 20179.558011049725);
    // Jan: 2000 * 24 * 31 = 1488000 h; 3000000 / 1488000 = 2.0161290...
    let jan = built.schedule("inherits")[0];
    assert_num(jan, "contracted_gpu_hours", 1488000.0);
    assert_num(jan, "usd_per_gpu_hour", 2.0161290322580645);
}

#[test]
fn present_capacity_replaces_the_facility_figures_entirely() {
    let data = DataDir::new()
        .site("2026-01-01")
        .gpus_h100()
        .file("facilities/colossus.yaml", COLOSSUS)
        .file(
            "deals/overrides.yaml",
            r#"id: overrides
title: Own capacity at a facility
buyer: Buyer Co
provider: Provider Co
announced: 2025-12-01
start: 2026-01-01
end: 2026-06-30
facility: colossus
price:
  monthly: 3000000
capacity:
  power_mw: 50
sources:
  - title: Press release
    url: https://example.com/overrides
"#,
        );
    let built = build(&data);
    let deal = built.deal("overrides");
    assert_num(deal, "power_mw", 50.0);
    // the facility's 2000 H100 are not used: no fleet -> null
    assert_eq!(num(deal, "gpus"), None);
    assert_eq!(num(deal, "usd_per_gpu_hour"), None);
    // 3026933.7016574587 / 50 = 60538.674033149175
    assert_num(deal, "usd_per_mw_month", 60538.674033149175);
}
