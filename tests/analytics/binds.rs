//! SPEC.md section 12: firm value only where something binds (12.1),
//! withdrawn deals (12.2), a deal on several facilities (12.3), and portfolio
//! series that count what the totals count (12.4). Every expected number is
//! worked by hand in the comment beside it.

use serde_json::Value;

use super::{assert_band, deal_yaml, with_deal};
use crate::common::{Built, DataDir, assert_num, build, build_with, text};

/// A binding deal every data set below has beside the case under test:
/// $1M a month through 2026, 50 MW, no termination right.
fn with_main(data: DataDir) -> DataDir {
    with_deal(
        data,
        "main",
        "2026-01-01",
        "2026-12-31",
        "price:\n  monthly: 1000000\ncapacity:\n  power_mw: 50\n",
    )
}

/// The firm part of every schedule month and by_year row of `id`.
fn firm_payments(built: &Built, id: &str) -> Vec<f64> {
    built
        .schedule(id)
        .iter()
        .chain(built.by_year(id).iter())
        .map(|r| r["firm_payment_usd"].as_f64().unwrap())
        .collect()
}

/// A letter of intent withdrawn on 2026-03-15, as of 2026-11-15: its own
/// figures are those announced, nothing of it is firm, and it is in no
/// portfolio figure.
#[test]
fn a_withdrawn_letter_of_intent_keeps_its_figures_and_counts_nowhere() {
    let data = with_main(DataDir::new().site("2026-11-15")).file(
        "deals/loi.yaml",
        &(deal_yaml(
            "loi",
            "2026-01-01",
            "2026-12-31",
            "price:\n  monthly: 1000000\ncapacity:\n  power_mw: 100\n",
        ) + "commitment: letter_of_intent\nwithdrawn: 2026-03-15\n"),
    );
    let built = build(&data);
    let loi = built.deal("loi");
    assert_eq!(text(loi, "status"), "withdrawn");
    assert_eq!(text(loi, "withdrawn"), "2026-03-15");
    // As announced: 12 months x 1M.
    assert_num(loi, "total_usd", 12_000_000.0);
    // Paid through 15 Nov: Jan..Oct (10M) + 15/30 of Nov (0.5M) = 10.5M.
    assert_num(loi, "paid_to_date_usd", 10_500_000.0);
    assert_num(loi, "remaining_usd", 1_500_000.0);
    // SPEC.md 12.1: nothing firm, the whole remaining cancellable.
    assert_band(loi, "firm_remaining_usd", 0.0, 0.0, 0.0);
    assert_num(loi, "cancellable_usd", 1_500_000.0);
    assert!(firm_payments(&built, "loi").iter().all(|f| *f == 0.0));
    // The binding deal has no withdrawn date.
    assert_eq!(built.deal("main")["withdrawn"], Value::Null);

    // In no portfolio figure: the year rows are main's alone (12M in 2026),
    // with no not_binding row, and the power each month is main's 50 MW.
    let portfolio = built.export("portfolio_by_year.csv");
    assert!(
        portfolio.contains("\nall,All deals,2026,12000000,12000000,12000000,"),
        "{portfolio}"
    );
    assert!(!portfolio.contains("not_binding"), "{portfolio}");
    let capacity = built.export("capacity_by_month.csv");
    assert!(capacity.contains("\n2026-06,1,50,50,50,"), "{capacity}");
    // Ranked nowhere.
    let rankings = built.export("rankings.csv");
    assert!(rankings.contains("\nloi,Deal loi,12000000,,"), "{rankings}");
    assert!(
        rankings.contains("\nmain,Deal main,12000000,1,"),
        "{rankings}"
    );

    // The home page lists it apart with its date, and counts it in no tile.
    let home = built.page("index.html");
    let tiles = home.split("<section class=\"tiles\"").nth(1).unwrap();
    let tiles = &tiles[..tiles.find("</section>").unwrap()];
    assert!(
        tiles.contains(
            "Binding commitments</div>\n<div class=\"value\" title=\"$12,000,000\">$12M</div>"
        ),
        "{tiles}"
    );
    assert!(
        tiles.contains("Not binding</div>\n<div class=\"value\" title=\"$0\">$0</div>"),
        "{tiles}"
    );
    let withdrawn = home.split("<section id=\"withdrawn\"").nth(1).unwrap();
    assert!(withdrawn.contains("<caption id=\"withdrawn-caption\">1 withdrawn deal: announced, then abandoned; in no portfolio figure.</caption>"), "{withdrawn}");
    assert!(withdrawn.contains("<td data-sort=\"2026-03-15\">15 Mar 2026</td>"));
    assert!(withdrawn.contains("<span class=\"kind\">(letter of intent)</span>"));
    let all_deals = home.split("<section id=\"deals\"").nth(1).unwrap();
    let all_deals = &all_deals[..all_deals.find("</section>").unwrap()];
    assert!(!all_deals.contains("/deals/loi.html"), "{all_deals}");
    // Its page says what was announced and what became of it.
    let page = built.page("deals/loi.html");
    assert!(page.contains("<strong>Withdrawn.</strong> Withdrawn on 15 Mar 2026: this letter of intent was announced on 1 Jan 2025 and then abandoned. The figures on this page describe the deal as announced; it is counted in no portfolio figure."), "{page}");
    assert!(
        page.contains("<dt>Withdrawn</dt><dd>15 Mar 2026: counted in no portfolio figure</dd>")
    );
    assert!(page.contains("class=\"badge status-withdrawn\""));
}

/// A binding deal withdrawn on 2026-12-01: as of 2026-11-15 it stands as it
/// did then; built `--as-of 2026-12-15` it is withdrawn and counts nowhere.
#[test]
fn a_binding_deal_withdrawn_after_as_of_counts_until_the_withdrawal() {
    let data = with_main(DataDir::new().site("2026-11-15")).file(
        "deals/late.yaml",
        &(deal_yaml(
            "late",
            "2026-01-01",
            "2027-12-31",
            "price:\n  monthly: 2000000\n",
        ) + "withdrawn: 2026-12-01\n"),
    );
    let before = build(&data);
    let late = before.deal("late");
    assert_eq!(text(late, "status"), "active");
    assert_eq!(text(late, "withdrawn"), "2026-12-01");
    // 24 months x 2M.
    assert_num(late, "total_usd", 48_000_000.0);
    // No termination right: all of the remaining is firm, 15/30 of Nov + Dec +
    // 12 months of 2027 = 13.5 x 2M = 27M.
    assert_band(late, "firm_remaining_usd", 27e6, 27e6, 27e6);
    assert_num(late, "cancellable_usd", 0.0);
    // In the binding sums: 2026 is main's 12M + late's 24M.
    let portfolio = before.export("portfolio_by_year.csv");
    assert!(
        portfolio.contains("\nall,All deals,2026,36000000,36000000,36000000,"),
        "{portfolio}"
    );

    let after = build_with(&data, &["--as-of", "2026-12-15"]);
    let late = after.deal("late");
    assert_eq!(text(late, "status"), "withdrawn");
    // The same deal as announced: 48M; paid through 15 Dec: 11 months + 15/31
    // of December = 22M + 0.967741935M; remaining 25,032,258.06.
    assert_num(late, "total_usd", 48_000_000.0);
    assert_num(late, "remaining_usd", 25_032_258.064516127);
    assert_band(late, "firm_remaining_usd", 0.0, 0.0, 0.0);
    assert_num(late, "cancellable_usd", 25_032_258.064516127);
    assert!(firm_payments(&after, "late").iter().all(|f| *f == 0.0));
    // The portfolio is main's alone now.
    let portfolio = after.export("portfolio_by_year.csv");
    assert!(
        portfolio.contains("\nall,All deals,2026,12000000,12000000,12000000,"),
        "{portfolio}"
    );
    assert!(!portfolio.contains(",2027,"), "{portfolio}");
}

/// SPEC.md 12.1: a backstop and an option bind nothing, whether or not they
/// carry a termination right; earliest_exit still describes the right.
#[test]
fn a_backstop_and_an_option_have_no_firm_value() {
    let data = with_main(DataDir::new().site("2026-11-15"))
        .file(
            "deals/backstop.yaml",
            &(deal_yaml(
                "backstop",
                "2026-01-01",
                "2026-12-31",
                "price:\n  total: 3650000\n",
            ) + "commitment: backstop\n"),
        )
        .file(
            "deals/option.yaml",
            &(deal_yaml(
                "option",
                "2026-01-01",
                "2026-12-31",
                "price:\n  monthly: 1000000\n",
            ) + "commitment: option\ntermination:\n  by: buyer\n  notice_days: 30\n"),
        );
    let built = build(&data);
    let backstop = built.deal("backstop");
    // 3.65M over 365 days = 10,000 a day; paid 1 Jan .. 15 Nov = 319 days.
    assert_num(backstop, "paid_to_date_usd", 3_190_000.0);
    assert_num(backstop, "remaining_usd", 460_000.0);
    assert_band(backstop, "firm_remaining_usd", 0.0, 0.0, 0.0);
    assert_num(backstop, "cancellable_usd", 460_000.0);
    assert_eq!(backstop["earliest_exit"], Value::Null);
    assert!(firm_payments(&built, "backstop").iter().all(|f| *f == 0.0));

    let option = built.deal("option");
    // Notice on 15 Nov ends service 30 days later, 15 Dec: the right is
    // described, though nothing binds.
    assert_eq!(text(option, "earliest_exit"), "2026-12-15");
    assert_num(option, "remaining_usd", 1_500_000.0);
    assert_band(option, "firm_remaining_usd", 0.0, 0.0, 0.0);
    assert_num(option, "cancellable_usd", 1_500_000.0);
    assert!(firm_payments(&built, "option").iter().all(|f| *f == 0.0));
    // Both are not binding: 3.65M + 12M beside the binding 12M, firm 0.
    let portfolio = built.export("portfolio_by_year.csv");
    assert!(
        portfolio.contains("\nnot_binding,Not binding,2026,15650000,15650000,15650000,0\n"),
        "{portfolio}"
    );
}

/// SPEC.md 12.3: a deal on two facilities gives its own capacity, is listed on
/// both facilities' pages and charts, and exports both ids.
#[test]
fn a_deal_on_two_facilities() {
    let facility = |id: &str| {
        format!(
            "id: {id}\nname: Site {id}\noperator: Op\npower_mw: 100\ngpus:\n  - model: H100\n    count: 1000\n"
        )
    };
    let data = with_main(DataDir::new().site("2026-11-15").gpus_h100())
        .file("facilities/f1.yaml", &facility("f1"))
        .file("facilities/f2.yaml", &facility("f2"))
        .file(
            "deals/both.yaml",
            &deal_yaml(
                "both",
                "2026-01-01",
                "2026-12-31",
                "facility: [f1, f2]\nprice:\n  monthly: 2000000\ncapacity:\n  power_mw: 30\n  gpus:\n    - model: H100\n      count: 300\n",
            ),
        )
        .file(
            "deals/one.yaml",
            &deal_yaml(
                "one",
                "2026-01-01",
                "2026-12-31",
                "facility: [f2]\nprice:\n  monthly: 1000000\n",
            ),
        );
    let built = build(&data);
    let both = built.deal("both");
    assert_eq!(text(both, "facilities"), "f1;f2");
    // Its own capacity, not the facilities' 200 MW and 2,000 GPUs.
    assert_num(both, "power_mw", 30.0);
    assert_eq!(both["gpus"], Value::from(300));
    // A one-element list is the facility's id: capacity inherited.
    let one = built.deal("one");
    assert_eq!(text(one, "facilities"), "f2");
    assert_num(one, "power_mw", 100.0);
    assert_eq!(built.deal("main")["facilities"], Value::Null);
    for f in ["f1", "f2"] {
        let page = built.page(&format!("facilities/{f}.html"));
        assert!(page.contains("href=\"/deals/both.html\""), "{f}: {page}");
    }
    let f2 = built.page("facilities/f2.html");
    assert!(f2.contains("href=\"/deals/one.html\""));
    let f1 = built.page("facilities/f1.html");
    assert!(!f1.contains("href=\"/deals/one.html\""));
    // The deal's key terms name both.
    let page = built.page("deals/both.html");
    assert!(page.contains("<dt>Facility</dt><dd><a href=\"/facilities/f1.html\">Site f1</a></dd>"));
    assert!(page.contains("<dt>Facility</dt><dd><a href=\"/facilities/f2.html\">Site f2</a></dd>"));
    // The source to cite and the dates an analyst cites by.
    assert_eq!(text(both, "source_url"), "https://example.com/both");
    assert_eq!(text(both, "announced"), "2025-01-01");
    assert_eq!(text(both, "confidence"), "reported");
}

/// A fleet entry without a model (SPEC.md 12 reading: the source gives a
/// count, not the mix): the GPUs count, H100-equivalents and market value
/// are unknown.
#[test]
fn gpus_without_a_model_count_but_have_no_h100_equivalents() {
    let data = DataDir::new().site("2026-11-15").gpus_h100().file(
        "deals/mix.yaml",
        &deal_yaml(
            "mix",
            "2026-01-01",
            "2026-12-31",
            "price:\n  monthly: 730000\ncapacity:\n  gpus:\n    - count: 1000\n",
        ),
    );
    let built = build(&data);
    let mix = built.deal("mix");
    assert_eq!(mix["gpus"], Value::from(1000));
    // 12 x 730,000 over 1,000 GPUs x 24 h x 365 days = 8,760,000 / 8,760,000.
    assert_num(mix, "usd_per_gpu_hour", 1.0);
    assert_eq!(mix["h100e"], Value::Null);
    assert_eq!(mix["usd_per_h100e_hour"], Value::Null);
    let page = built.page("deals/mix.html");
    assert!(page.contains("<div class=\"value\" title=\"GPU models not disclosed\">–</div>"));
}

/// `related: replaces` is shown both ways: on the successor, on the
/// withdrawn deal's page, and in its row of the withdrawn deals.
#[test]
fn a_withdrawn_deal_links_its_successor_both_ways() {
    let data = DataDir::new()
        .site("2026-11-15")
        .file(
            "deals/old.yaml",
            &(deal_yaml("old", "2026-01-01", "2026-12-31", "price:\n  monthly: 1000000\n")
                + "commitment: letter_of_intent\nwithdrawn: 2025-06-30\n\
                   notes: |\n  Announced in January.\n\n  Abandoned in June for a smaller contract.\n"),
        )
        .file(
            "deals/new.yaml",
            &(deal_yaml("new", "2026-01-01", "2026-12-31", "price:\n  monthly: 500000\n")
                + "related:\n  - {deal: old, relation: replaces}\n"),
        );
    let built = build(&data);
    let home = built.page("index.html");
    let row = home.split("<section id=\"withdrawn\"").nth(1).unwrap();
    // The reason is the notes' paragraph that speaks of the withdrawal.
    assert!(
        row.contains("<td>Abandoned in June for a smaller contract. Replaced by <a href=\"/deals/new.html\">Deal new</a>.</td>"),
        "{row}"
    );
    let old = built.page("deals/old.html");
    assert!(old.contains("Replaced by <a href=\"/deals/new.html\">Deal new</a>"));
    let new = built.page("deals/new.html");
    assert!(new.contains("This deal replaces <a href=\"/deals/old.html\">Deal old</a>"));
    // Only the successor is in the binding total: 12 x 0.5M.
    assert_num(built.deal("new"), "total_usd", 6_000_000.0);
    let portfolio = built.export("portfolio_by_year.csv");
    assert!(
        portfolio.contains("\nall,All deals,2026,6000000,6000000,6000000,"),
        "{portfolio}"
    );
}
