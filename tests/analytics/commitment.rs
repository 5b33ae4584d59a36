//! SPEC.md 10.2: earliest exit, firm remaining, cancellable value, the firm
//! part of each month and year, and `intermediary` through parties.yaml.
//! Every expected number is worked by hand in the comment beside it.

use serde_json::Value;

use super::{assert_band, assert_null, deal_yaml, with_deal};
use crate::common::{DataDir, assert_num, build, text};

/// The headline deal as the S-1 describes it: $1.25B a month from 2026-05-01
/// through 2029-05-31, a 50% discount for the first two months, either party
/// may terminate with 90 days' notice from 2026-05-01; as of 2026-11-15.
fn headline() -> DataDir {
    with_deal(
        DataDir::new().site("2026-11-15"),
        "colossus",
        "2026-05-01",
        "2029-05-31",
        "price:\n\
         \x20 monthly: \"1.25B\"\n\
         \x20 ramp:\n\
         \x20   - {months: 2, discount: 0.5}\n\
         termination:\n\
         \x20 by: either\n\
         \x20 notice_days: 90\n\
         \x20 from: 2026-05-01\n",
    )
}

#[test]
fn headline_deal_firm_remaining_at_15_november_2026() {
    let built = build(&headline());
    let deal = built.deal("colossus");
    // Notice on 2026-11-15 ends service 90 days later: 2027-02-13.
    assert_eq!(text(deal, "earliest_exit"), "2027-02-13");
    // Firm window 16 Nov .. 13 Feb: 15/30 of Nov + Dec + Jan + 13/28 of Feb
    //   = 0.5 + 1 + 1 + 0.4642857142857143 = 2.9642857142857144 months
    //   x 1.25e9 = 3,705,357,142.857143
    assert_band(
        deal,
        "firm_remaining_usd",
        3705357142.857143,
        3705357142.857143,
        3705357142.857143,
    );
    // remaining: 15/30 of Nov 2026, then Dec 2026 .. May 2029 (30 months): 30.5 x 1.25e9
    assert_num(deal, "remaining_usd", 38125000000.0);
    // 38.125e9 - 3.705357142857143e9
    assert_num(deal, "cancellable_usd", 34419642857.14286);
    assert_eq!(text(deal, "commitment"), "binding");
    assert_eq!(deal["intermediary"], Value::Bool(false));

    let firm: Vec<(String, f64)> = built
        .schedule("colossus")
        .iter()
        .map(|r| {
            (
                text(r, "month").to_string(),
                r["firm_payment_usd"].as_f64().unwrap(),
            )
        })
        .filter(|(m, _)| m.as_str() >= "2026-10" && m.as_str() <= "2027-03")
        .collect();
    // Oct is paid; Nov 15/30 x 1.25e9; Dec, Jan whole; Feb 13/28 x 1.25e9; Mar outside.
    let expected = [
        ("2026-10", 0.0),
        ("2026-11", 625000000.0),
        ("2026-12", 1250000000.0),
        ("2027-01", 1250000000.0),
        ("2027-02", 580357142.8571428),
        ("2027-03", 0.0),
    ];
    assert_eq!(firm.len(), expected.len());
    for ((m, f), (em, ef)) in firm.iter().zip(expected) {
        assert_eq!(m, em);
        crate::common::assert_close(*f, ef);
    }
    let years = built.by_year("colossus");
    // 2026: 625e6 + 1.25e9; 2027: 1.25e9 + 580357142.857; 2028: nothing firm.
    assert_num(years[0], "firm_payment_usd", 1875000000.0);
    assert_num(years[1], "firm_payment_usd", 1830357142.857143);
    assert_num(years[2], "firm_payment_usd", 0.0);
}

/// A lock-in: notice may be given only from 2026-07-01, after as_of (2026-03-10).
#[test]
fn lock_in_later_than_as_of() {
    let data = with_deal(
        DataDir::new().site("2026-03-10"),
        "locked",
        "2026-01-01",
        "2027-12-31",
        "price:\n  monthly: 310000\ntermination:\n  by: buyer\n  notice_days: 30\n  from: 2026-07-01\n",
    );
    let built = build(&data);
    let deal = built.deal("locked");
    // max(A, F) + 30 days = 2026-07-01 + 30 = 2026-07-31
    assert_eq!(text(deal, "earliest_exit"), "2026-07-31");
    // 11 Mar .. 31 Jul: 21/31 x 310000 = 210000, then Apr..Jul 4 x 310000 = 1240000
    assert_num(deal, "firm_remaining_usd", 1450000.0);
    // remaining: 21/31 of March + 21 months = 210000 + 6510000 = 6720000
    assert_num(deal, "remaining_usd", 6720000.0);
    assert_num(deal, "cancellable_usd", 5270000.0);
}

/// A notice range is a band dimension: 30, 60 or 90 days from as_of 2026-03-10.
#[test]
fn notice_range_as_a_band() {
    let data = with_deal(
        DataDir::new().site("2026-03-10"),
        "notice",
        "2026-01-01",
        "2027-12-31",
        "price:\n  monthly: 930000\ntermination:\n  by: either\n  notice_days: {low: 30, base: 60, high: 90}\n",
    );
    let built = build(&data);
    let deal = built.deal("notice");
    // exits: +30 = 2026-04-09, +60 = 2026-05-09, +90 = 2026-06-08
    assert_eq!(text(deal, "earliest_exit"), "2026-05-09");
    assert_eq!(text(deal, "earliest_exit_low"), "2026-04-09");
    assert_eq!(text(deal, "earliest_exit_high"), "2026-06-08");
    // March 11..31: 21/31 x 930000 = 630000
    //   30 days: + 9/30 of April (279000)                      =   909000
    //   60 days: + April (930000) + 9/31 of May (270000)      =  1830000
    //   90 days: + April + May (1860000) + 8/30 of June (248000) = 2738000
    assert_band(deal, "firm_remaining_usd", 1830000.0, 909000.0, 2738000.0);
    // remaining: 24 x 930000 - (2 x 930000 + 10/31 x 930000) = 22320000 - 2160000
    assert_num(deal, "remaining_usd", 20160000.0);
    // 20160000 - firm: base 18330000, low (90 days) 17422000, high (30 days) 19251000
    assert_band(deal, "cancellable_usd", 18330000.0, 17422000.0, 19251000.0);
    let march = built.schedule("notice")[2];
    assert_band(march, "firm_payment_usd", 630000.0, 630000.0, 630000.0);
    let may = built.schedule("notice")[4];
    // 0 with 30 days; 9/31 x 930000 = 270000 with 60; the whole 930000 with 90
    assert_band(may, "firm_payment_usd", 270000.0, 0.0, 930000.0);
}

/// An upcoming deal: notice may be given from its start at the earliest.
#[test]
fn upcoming_deal() {
    let data = with_deal(
        DataDir::new().site("2026-03-10"),
        "upcoming",
        "2026-06-01",
        "2027-05-31",
        "price:\n  monthly: 310000\ntermination:\n  by: provider\n  notice_days: 45\n",
    );
    let built = build(&data);
    let deal = built.deal("upcoming");
    assert_eq!(text(deal, "status"), "upcoming");
    // max(A, F = start) + 45 = 2026-06-01 + 45 days = 2026-07-16
    assert_eq!(text(deal, "earliest_exit"), "2026-07-16");
    // June 310000 + 16/31 of July 160000
    assert_num(deal, "firm_remaining_usd", 470000.0);
    assert_num(deal, "remaining_usd", 3720000.0);
    assert_num(deal, "cancellable_usd", 3250000.0);
}

/// Terminated on 2026-04-15: 90 days' notice from as_of would run to
/// 2026-06-08, past the effective end, so the firm window stops at the end.
#[test]
fn terminated_deal_notice_past_its_effective_end() {
    let data = with_deal(
        DataDir::new().site("2026-03-10"),
        "cut",
        "2026-01-01",
        "2027-12-31",
        "price:\n  monthly: 930000\nterminated: 2026-04-15\ntermination:\n  by: either\n  notice_days: 90\n",
    );
    let built = build(&data);
    let deal = built.deal("cut");
    assert_eq!(text(deal, "earliest_exit"), "2026-04-15");
    // 21/31 of March (630000) + 15/30 of April (465000)
    assert_num(deal, "firm_remaining_usd", 1095000.0);
    assert_num(deal, "remaining_usd", 1095000.0);
    assert_num(deal, "cancellable_usd", 0.0);
}

/// A `total` price is spread by day over the contracted term: T x f / C.
#[test]
fn total_priced_deal() {
    let data = with_deal(
        DataDir::new().site("2026-03-10"),
        "lump",
        "2026-01-01",
        "2026-12-31",
        "price:\n  total: 365000000\ntermination:\n  by: either\n  notice_days: 30\n",
    );
    let built = build(&data);
    let deal = built.deal("lump");
    assert_eq!(text(deal, "earliest_exit"), "2026-04-09");
    // 11 Mar .. 9 Apr = 21 + 9 = 30 days of C = 365: 365e6 x 30 / 365
    assert_num(deal, "firm_remaining_usd", 30000000.0);
    // paid: Jan 31 + Feb 28 + Mar 10 = 69 days; remaining 296 days = 296e6
    assert_num(deal, "remaining_usd", 296000000.0);
    assert_num(deal, "cancellable_usd", 266000000.0);
}

/// Without `termination`, firm remaining is the remaining value and nothing is cancellable.
#[test]
fn firm_equals_remaining_without_termination() {
    let data = with_deal(
        DataDir::new().site("2026-03-10"),
        "plain",
        "2025-11-15",
        "2028-10-31",
        "price:\n  monthly: {low: 900000, base: 1000000, high: 1100000}\n  escalation: 0.03\n  ramp:\n    - {months: 2, discount: 0.5}\n",
    );
    let built = build(&data);
    let deal = built.deal("plain");
    assert_null(deal, "earliest_exit");
    let remaining = deal["remaining_usd"].as_f64().unwrap();
    let low = deal["remaining_usd_low"].as_f64().unwrap();
    let high = deal["remaining_usd_high"].as_f64().unwrap();
    assert_band(deal, "firm_remaining_usd", remaining, low, high);
    assert_num(deal, "cancellable_usd", 0.0);
    for row in built.schedule("plain") {
        let unpaid = row["payment_usd"].as_f64().unwrap();
        if text(row, "month") > "2026-03" {
            assert_num(row, "firm_payment_usd", unpaid);
        }
    }
}

/// Microsoft buys from Nebius and, as "Microsoft Azure", sells to OpenAI:
/// parties.yaml makes them one party, so the Nebius deal is an intermediary's.
#[test]
fn intermediary_through_an_alias() {
    let deal = |id: &str, buyer: &str, provider: &str| {
        deal_yaml(id, "2026-01-01", "2026-12-31", "price:\n  monthly: 1000\n")
            .replace("buyer: Buyer Co", &format!("buyer: {buyer}"))
            .replace("provider: Provider Co", &format!("provider: {provider}"))
    };
    let data = DataDir::new()
        .site("2026-03-10")
        .file(
            "deals/msft-nebius.yaml",
            &deal("msft-nebius", "Microsoft", "Nebius"),
        )
        .file(
            "deals/openai-azure.yaml",
            &deal("openai-azure", "OpenAI", "Microsoft Azure"),
        );
    let without = build(&data);
    assert_eq!(
        without.deal("msft-nebius")["intermediary"],
        Value::Bool(false)
    );
    let data = data.file(
        "parties.yaml",
        "parties:\n  - name: Microsoft\n    aliases: [Microsoft Azure]\n",
    );
    let built = build(&data);
    assert_eq!(built.deal("msft-nebius")["intermediary"], Value::Bool(true));
    assert_eq!(
        built.deal("openai-azure")["intermediary"],
        Value::Bool(false)
    );
    // The deal keeps the names as written.
    assert_eq!(
        text(built.deal("openai-azure"), "provider"),
        "Microsoft Azure"
    );
    // A deal between two names of one party is not an intermediary by itself.
    let data = data.file(
        "deals/azure-internal.yaml",
        &deal("azure-internal", "Microsoft Azure", "Microsoft"),
    );
    let alone = build(&data);
    assert_eq!(
        alone.deal("azure-internal")["intermediary"],
        Value::Bool(true)
    );
    let data = data
        .file(
            "deals/openai-azure.yaml",
            &deal("openai-azure", "OpenAI", "Oracle"),
        )
        .file(
            "deals/msft-nebius.yaml",
            &deal("msft-nebius", "Nebius", "Oracle"),
        );
    let own = build(&data);
    assert_eq!(
        own.deal("azure-internal")["intermediary"],
        Value::Bool(false)
    );
    let csv = built.export("deals.csv");
    assert!(
        csv.lines()
            .any(|l| l.starts_with("msft-nebius,") && l.contains(",true,")),
        "{csv}"
    );
}

/// The v2 columns follow the v1 columns (and their extra bands) in every export.
#[test]
fn v2_export_columns_follow_the_v1_columns() {
    let data = headline().file(
        "deals/colossus.yaml",
        &(deal_yaml(
            "colossus",
            "2026-05-01",
            "2029-05-31",
            "price:\n  monthly: 1\n",
        ) + "signed: 2026-04-20\ncommitment: letter_of_intent\nreviewed: 2026-11-01\n"),
    );
    let built = build(&data);
    let header = |name: &str| built.export(name).lines().next().unwrap().to_string();
    assert!(header("deals.csv").ends_with(
        ",market_premium_low,market_premium_high,commitment,signed,earliest_exit,\
         firm_remaining_usd,firm_remaining_usd_low,firm_remaining_usd_high,cancellable_usd,\
         intermediary,reviewed,cancellable_usd_low,cancellable_usd_high,earliest_exit_low,earliest_exit_high,\
         withdrawn,announced,confidence,facilities,source_url"
    ));
    assert!(
        header("schedule.csv").ends_with(
            ",market_usd_high,firm_payment_usd,firm_payment_usd_low,firm_payment_usd_high"
        )
    );
    assert_eq!(
        header("by_year.csv"),
        "deal,year,payment_usd,payment_usd_low,payment_usd_high,firm_payment_usd,firm_payment_usd_low,firm_payment_usd_high"
    );
    let deal = built.deal("colossus");
    assert_eq!(text(deal, "commitment"), "letter_of_intent");
    assert_eq!(text(deal, "signed"), "2026-04-20");
    assert_eq!(text(deal, "reviewed"), "2026-11-01");
    assert_eq!(deal["earliest_exit"], Value::Null);
}
