//! The commitments-by-year chart and table (compute::year_splits): series
//! ranked by their sum, the smallest past nine merged into "Other (n)", and
//! every total, band and firm part as compute added them.

use super::{between, build_site};
use crate::analytics::deal_yaml;
use crate::common::DataDir;

/// Eleven buyers B01..B11 of one provider; Bk pays k million a month through
/// 2026, and B11 also the first half of 2027. As of 2026-11-15, with
/// 90 days' notice from the start on every deal but B05's.
fn data() -> DataDir {
    let mut data = DataDir::new().site("2026-11-15");
    for k in 1..=11 {
        let end = if k == 11 { "2027-06-30" } else { "2026-12-31" };
        let mut yaml = deal_yaml(
            &format!("b{k:02}"),
            "2026-01-01",
            end,
            &format!("price:\n  monthly: \"{k}M\"\n"),
        )
        .replace("buyer: Buyer Co", &format!("buyer: B{k:02}"));
        if k != 5 {
            yaml += "termination:\n  by: either\n  notice_days: 90\n  from: 2026-01-01\n";
        }
        data = data.file(&format!("deals/b{k:02}.yaml"), &yaml);
    }
    data
}

/// The `data-sort` values of a table row, in order.
fn sorts(row: &str) -> Vec<&str> {
    row.split("data-sort=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect()
}

#[test]
fn home_ranks_buyers_and_merges_the_smallest_into_other() {
    let site = build_site(data().path(), &[]);
    let home = site.read("index.html");
    let table = between(
        &home,
        "<caption id=\"commitments-by-year-caption\"",
        "</table>",
    );
    // Ranked by the sum through the horizon: B11 198M (12 x 11M + 6 x 11M),
    // B10 120M, ... B03 36M; B02 (24M) and B01 (12M) become "Other (2)".
    let head = between(table, "<thead>", "</thead>");
    let names: Vec<&str> = head
        .split("</a>")
        .filter_map(|s| s.rsplit('>').next())
        .filter(|s| s.starts_with('B'))
        .collect();
    assert_eq!(
        names,
        [
            "B11", "B10", "B09", "B08", "B07", "B06", "B05", "B04", "B03"
        ]
    );
    assert!(head.contains("<th scope=\"col\" class=\"num\">Other (2)</th><th scope=\"col\" class=\"num\">Total</th>"), "{head}");

    let row = |label: &str| {
        let start = format!("<th scope=\"row\">{label}</th>");
        between(table, &start, "</tr>").to_string()
    };
    // 2026: k x 12M per buyer; Other 24M + 12M; total 66 x 12M = 792M. Firm:
    // each cancellable deal is firm for 90 days from 16 Nov, past the year's
    // end: 1.5 months of 2026 (15 days of November, all of December) at k M,
    // only B05 firm to its end (also 1.5 months). Sum of k = 66: 66 x 1.5M = 99M.
    assert_eq!(
        sorts(&row("2026")),
        [
            "132000000",
            "120000000",
            "108000000",
            "96000000",
            "84000000",
            "72000000",
            "60000000",
            "48000000",
            "36000000",
            "36000000",
            "792000000",
            "99000000"
        ]
    );
    // 2027: only B11, 6 x 11M; firm to 13 Feb (90 days from 15 Nov: the
    // notice runs to 2027-02-13): 31 + 13/28 months of 11M.
    let y2027 = row("2027");
    let y2027 = sorts(&y2027);
    assert_eq!(
        &y2027[..11],
        [
            "66000000", "0", "0", "0", "0", "0", "0", "0", "0", "0", "66000000"
        ]
    );
    let firm: f64 = y2027[11].parse().unwrap();
    crate::common::assert_close(firm, 11e6 + 11e6 * 13.0 / 28.0);
    // Through the horizon: each series' years added, and the totals.
    let foot = between(table, "<tfoot>", "</tfoot>");
    assert_eq!(
        &sorts(foot)[..11],
        [
            "198000000",
            "120000000",
            "108000000",
            "96000000",
            "84000000",
            "72000000",
            "60000000",
            "48000000",
            "36000000",
            "36000000",
            "858000000"
        ]
    );
    // The chart draws the same ten series.
    let chart = between(
        &home,
        "<figure class=\"chart\" id=\"commitments-by-year-figure\"",
        "</figure>",
    );
    assert!(chart.contains("Other (2)"), "{chart}");
    assert!(
        chart.contains("The largest year is 2026, at $792M."),
        "{chart}"
    );
}
