//! SPEC.md 10.5 on the pages: the deal page's commitment section, the home
//! tiles that keep binding, firm, not binding and possibly double-counted
//! value apart, and markdown pages that quote site.yaml.

use super::{between, build_site};
use crate::analytics::deal_yaml;
use crate::common::DataDir;

/// colossus: the headline deal's terms (90 days' notice from 1 May 2026), as
/// of 15 Nov 2026, signed and reviewed; loi: a letter of intent by the same
/// buyer that expands it; resale: Buyer Co buys from Cloud, which sells
/// to Buyer Co as "Cloud Inc" (one party through parties.yaml).
fn data() -> DataDir {
    let colossus = deal_yaml(
        "colossus",
        "2026-05-01",
        "2029-05-31",
        "price:\n  monthly: \"1.25B\"\n  ramp:\n    - {months: 2, discount: 0.5}\n",
    ) + "signed: 2026-04-28\ntermination:\n  by: either\n  notice_days: 90\n  from: 2026-05-01\nreviewed: 2026-11-01\n";
    let loi = deal_yaml(
        "loi",
        "2027-01-01",
        "2027-12-31",
        "price:\n  total: \"10B\"\n",
    ) + "commitment: letter_of_intent\nrelated:\n  - {deal: colossus, relation: expands}\n";
    let resale = deal_yaml(
        "resale",
        "2026-01-01",
        "2026-12-31",
        "price:\n  monthly: \"1M\"\n",
    )
    .replace("buyer: Buyer Co", "buyer: Cloud")
    .replace("provider: Provider Co", "provider: Neo");
    let upstream = deal_yaml(
        "upstream",
        "2026-01-01",
        "2026-12-31",
        "price:\n  monthly: \"2M\"\n",
    )
    .replace("provider: Provider Co", "provider: Cloud Inc");
    DataDir::new()
        .site("2026-11-15")
        .file("deals/colossus.yaml", &colossus)
        .file("deals/loi.yaml", &loi)
        .file("deals/resale.yaml", &resale)
        .file("deals/upstream.yaml", &upstream)
        .file(
            "parties.yaml",
            "parties:\n  - name: Cloud\n    aliases: [Cloud Inc]\n",
        )
        .file(
            "pages/methodology.md",
            "# Methodology as of {{as_of_long}}\n\nAs of {{as_of}}, through {{horizon_long}} ({{horizon}}), at {{discount_rate}} a year; {{unknown}} stays.\n",
        )
}

#[test]
fn snapshot_deal_page_commitment_section() {
    let site = build_site(data().path(), &[]);
    let page = site.read("deals/colossus.html");
    let section = between(&page, "<section id=\"commitment\"", "</section>");
    // The Done criterion: the firm part of the remaining, and the 90-day clause.
    assert!(
        section.contains("$3.71B of $38.1B remaining as of 15 Nov 2026"),
        "{section}"
    );
    assert!(section.contains("either party, 90 days&#39; notice, any time from 1 May 2026"));
    insta::assert_snapshot!(section);
    // Related deals are linked both ways.
    let loi = site.read("deals/loi.html");
    let loi_section = between(&loi, "<section id=\"commitment\"", "</section>");
    assert!(
        loi_section
            .contains("This deal expands <a href=\"/deals/colossus.html\">Deal colossus</a>"),
        "{loi_section}"
    );
    assert!(section.contains("Expanded by <a href=\"/deals/loi.html\">Deal loi</a>"));
    // The intermediary is flagged on its page.
    let resale = site.read("deals/resale.html");
    assert!(resale.contains("<strong>May be counted twice.</strong> Cloud also sells compute"));
}

/// The home tiles: binding = colossus + resale + upstream full terms; firm and
/// cancellable of those; the letter of intent beside; resale may count twice.
#[test]
fn home_tiles_keep_binding_firm_not_binding_and_double_counted_apart() {
    let site = build_site(data().path(), &[]);
    let home = site.read("index.html");
    let tiles = between(&home, "<section class=\"tiles\"", "</section>");
    // colossus: 2 x 0.625B + 35 x 1.25B = 45B; resale 12M; upstream 24M -> 45.036B
    assert!(
        tiles.contains(
            "Binding commitments</div>\n<div class=\"value\" title=\"$45,036,000,000\">$45B</div>"
        ),
        "{tiles}"
    );
    // firm: colossus 3,705,357,142.86 + resale and upstream (no right, all of the
    // remaining: 15/30 of Nov and Dec = 1.5 months at 1M and 2M = 4.5M) -> 3,709,857,142.86
    assert!(
        tiles.contains(
            "Firm as of 15 Nov 2026</div>\n<div class=\"value\" title=\"$3,709,857,142.86\">"
        ),
        "{tiles}"
    );
    assert!(tiles.contains("full term of 3 binding deals between 2 buyers and 3 providers"));
    assert!(tiles.contains("of the remaining, cannot be cancelled; $34.4B can be on notice"));
    // loi: 10B, not added in
    assert!(
        tiles.contains(
            "Not binding</div>\n<div class=\"value\" title=\"$10,000,000,000\">$10B</div>"
        ),
        "{tiles}"
    );
    // resale's buyer Cloud sells as Cloud Inc: its 12M may be counted twice
    assert!(
        tiles.contains(
            "May be counted twice</div>\n<div class=\"value\" title=\"$12,000,000\">$12M</div>"
        ),
        "{tiles}"
    ); // portfolio_by_year.csv: the letter of intent only in its own rows. 2027:
    // colossus 12 x 1.25B, firm 1.25B + 13/28 x 1.25B; loi's 10B, nothing of it
    // firm: a letter of intent binds nothing (SPEC.md 12.1), though it has no
    // termination right (v2 made the whole of it firm).
    let portfolio = site.read("data/portfolio_by_year.csv");
    assert!(
        portfolio.contains(
            "\nall,All deals,2027,15000000000,15000000000,15000000000,1830357142.857143\n"
        ),
        "{portfolio}"
    );
    assert!(
        portfolio
            .contains("\nnot_binding,Not binding,2027,10000000000,10000000000,10000000000,0\n"),
        "{portfolio}"
    );
    // The deals table flags both kinds of deal.
    let table = between(&home, "<section id=\"deals\"", "</section>");
    let row = |id: &str| between(table, &format!("<a href=\"/deals/{id}.html\">"), "</tr>");
    assert!(
        row("loi").contains("<span class=\"badge badge-not-binding\""),
        "{table}"
    );
    assert!(row("loi").contains(">letter of intent</span>"));
    assert!(row("resale").contains(">may count twice</span>"));
    assert!(
        !row("colossus").contains("badge-not-binding")
            && !row("colossus").contains("may count twice")
    );
}

#[test]
fn markdown_pages_quote_site_settings() {
    let site = build_site(data().path(), &["--as-of", "2026-12-01"]);
    let page = site.read("methodology.html");
    assert!(
        page.contains("<h1>Methodology as of 1 Dec 2026</h1>"),
        "{page}"
    );
    assert!(
        page.contains(
            "As of 2026-12-01, through Dec 2029 (2029-12), at 8% a year; {{unknown}} stays."
        ),
        "{page}"
    );
}

/// parties.yaml joins "Cloud" (buying from Neo) and "Cloud Inc" (selling to
/// Buyer Co): one page, both sides, and the net position by year.
#[test]
fn one_page_per_party_with_buying_selling_and_net() {
    let site = build_site(data().path(), &[]);
    assert!(!site.out.join("parties/cloud-inc.html").exists());
    let page = site.read("parties/cloud.html");
    assert!(page.contains("<h1>Cloud</h1>"));
    assert!(page.contains("Also written as: Cloud Inc."), "{page}");
    let buying = between(&page, "<section id=\"buying\"", "</section>");
    assert!(buying.contains("<a href=\"/deals/resale.html\">Deal resale</a>"));
    let selling = between(&page, "<section id=\"selling\"", "</section>");
    assert!(selling.contains("<a href=\"/deals/upstream.html\">Deal upstream</a>"));
    // 2026: bought 12 x 1M, sold 12 x 2M, net -12M; firm from 16 Nov: 1.5 months
    // of each, 1.5M bought and 3M sold.
    let net = between(&page, "<section id=\"net\"", "</section>");
    assert!(
        net.contains(
            "<tr><th scope=\"row\">2026</th><td class=\"num\" data-sort=\"12000000\" title=\"$12,000,000\">$12M</td>\
             <td class=\"num\" data-sort=\"24000000\" title=\"$24,000,000\">$24M</td>\
             <td class=\"num\" data-sort=\"-12000000\" title=\"-$12,000,000\">-$12M</td>\
             <td class=\"num\" data-sort=\"1500000\" title=\"$1,500,000\">$1.5M</td>\
             <td class=\"num\" data-sort=\"3000000\" title=\"$3,000,000\">$3M</td></tr>"
        ),
        "{net}"
    );
    // Every link to either name leads to the one page.
    let upstream = site.read("deals/upstream.html");
    assert!(
        upstream.contains("<a href=\"/parties/cloud.html\">Cloud Inc</a>"),
        "{upstream}"
    );
}

/// Compare: firm remaining beside the full-term value; a letter of intent says so.
#[test]
fn compare_shows_firm_remaining_beside_full_term() {
    let site = build_site(data().path(), &[]);
    let page = site.read("compare.html");
    let page = between(&page, "id=\"compare-table\"", "</table>");
    let row = between(page, "<a href=\"/deals/colossus.html\">", "</tr>");
    assert!(
        row.contains("title=\"$45,000,000,000\">$45B</span></td><td class=\"num\" data-sort=\"3705357142.857143\"><span title=\"$3,705,357,142.86\">$3.71B</span>"),
        "{row}"
    );
    let loi = between(page, "<a href=\"/deals/loi.html\">", "</tr>");
    assert!(
        loi.contains("<small>(letter of intent, not binding)</small>"),
        "{loi}"
    );
}

/// The termination right in words: a notice range, a lock-in, one side only.
#[test]
fn termination_right_in_words() {
    let data = DataDir::new().site("2026-03-10").file(
        "deals/lock.yaml",
        &(deal_yaml("lock", "2026-01-01", "2027-12-31", "price:\n  monthly: 1000\n")
            + "termination:\n  by: buyer\n  notice_days: {low: 30, base: 60, high: 90}\n  from: 2026-07-01\n"),
    );
    let site = build_site(data.path(), &[]);
    let page = site.read("deals/lock.html");
    assert!(
        page.contains("<dt>Termination right</dt><dd>the buyer, 60 days&#39; notice (range 30 days to 90 days), any time from 1 Jul 2026 (locked in until then)</dd>"),
        "{page}"
    );
    // 1 Jul + 60 = 30 Aug; + 30 = 31 Jul; + 90 = 29 Sep
    assert!(page.contains(
        "<dt>Earliest exit</dt><dd>30 Aug 2026 (range 31 Jul 2026 to 29 Sep 2026), if notice were given on 10 Mar 2026 or as soon after as allowed</dd>"
    ), "{page}");
}
