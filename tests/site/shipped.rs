//! The shipped data read against SPEC.md v3 and the 2026 filings (issue
//! #18): the headline deal across both Colossus sites, the withdrawn Nvidia
//! letter, the SpaceX tenants, and portfolio series that count what the
//! binding totals count.

use std::collections::BTreeMap;

use super::{build_site, shipped_data};
use crate::common::parse_csv;

/// deals.csv as one map per row, keyed by column.
fn rows(csv: &str) -> Vec<BTreeMap<String, String>> {
    let table = parse_csv(csv);
    let header = &table[0];
    table[1..]
        .iter()
        .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

fn num(row: &BTreeMap<String, String>, key: &str) -> f64 {
    row[key].parse().unwrap_or(0.0)
}

#[test]
fn the_shipped_data_follows_the_filings_and_section_12() {
    let site = build_site(&shipped_data(), &[]);
    let deals = rows(&site.read("data/deals.csv"));
    assert!(deals.len() >= 42, "{} deals", deals.len());
    let deal = |id: &str| {
        deals
            .iter()
            .find(|d| d["id"] == id)
            .unwrap_or_else(|| panic!("no deal {id}"))
    };

    // The headline deal: SpaceX, both Colossus sites, 325,000 GPUs.
    let h = deal("anthropic-xai-colossus-1");
    assert_eq!(h["provider"], "SpaceX");
    assert_eq!(h["facilities"], "colossus-1;colossus-2");
    assert_eq!(h["gpus"], "325000");
    assert_eq!(h["h100e"], "", "no H100e figure without the model mix");
    // 45B (two half fees + 35 full) over 325,000 x 24 h x 1,127 days.
    let per_hour = num(h, "usd_per_gpu_hour");
    assert!((per_hour - 45e9 / (325_000.0 * 24.0 * 1127.0)).abs() < 1e-12);
    assert!((5.0..5.3).contains(&per_hour), "{per_hour}");
    // Firm at as_of (3 Dec 2026): notice then ends service on 3 Mar 2027;
    // 28/31 of December + January + February + 3/31 of March = 3 fees.
    assert_eq!(h["earliest_exit"], "2027-03-03");
    assert!((num(h, "firm_remaining_usd") - 3.75e9).abs() < 1e-3);
    assert!(h["source_url"].starts_with("https://www.sec.gov/"));
    let page = site.read("deals/anthropic-xai-colossus-1.html");
    assert!(
        page.contains(
            "either party, 90 days&#39; notice, any time from 1 Aug 2026 (locked in until then)"
        ),
        "the termination right starts after the initial three months"
    );

    // The Nvidia letter of intent was abandoned: withdrawn, in no tile.
    let nvidia = deal("openai-nvidia");
    assert_eq!(nvidia["status"], "withdrawn");
    assert_eq!(nvidia["firm_remaining_usd"], "0");
    assert!(deal("google-spacex")["commitment"] == "binding");

    // Nothing that does not bind has a firm value.
    for d in &deals {
        if d["commitment"] != "binding" || d["status"] == "withdrawn" {
            assert_eq!(num(d, "firm_remaining_usd"), 0.0, "{}", d["id"]);
            assert_eq!(
                num(d, "cancellable_usd"),
                num(d, "remaining_usd"),
                "{}",
                d["id"]
            );
        }
    }

    // The tiles add the deals their words name; the withdrawn letter is in none.
    let live_sum = |binding: bool, key: &str| -> f64 {
        deals
            .iter()
            .filter(|d| d["status"] != "withdrawn" && (d["commitment"] == "binding") == binding)
            .map(|d| num(d, key))
            .sum()
    };
    let home = site.read("index.html");
    let tile = |label: &str| -> f64 {
        let at = home
            .find(&format!("<div class=\"label\">{label}</div>"))
            .unwrap();
        let rest = &home[at..];
        let title = &rest[rest.find("title=\"").unwrap() + 7..];
        let title = &title[..title.find('"').unwrap()];
        title
            .trim_start_matches('$')
            .trim_end_matches(" MW")
            .replace(',', "")
            .parse()
            .unwrap()
    };
    assert!((tile("Not binding") - live_sum(false, "total_usd")).abs() < 1.0);
    assert!((tile("Binding commitments") - live_sum(true, "total_usd")).abs() < 1.0);
    let power = tile("Contracted power");
    assert!((power - live_sum(true, "power_mw")).abs() < 1e-6);
    // The power chart's series never exceeds the binding tile.
    let capacity = rows(&site.read("data/capacity_by_month.csv"));
    let peak = capacity
        .iter()
        .map(|m| num(m, "power_mw"))
        .fold(0.0, f64::max);
    assert!(
        peak <= power + 1e-6,
        "peak {peak} MW above the tile's {power} MW"
    );
    assert!(peak > 0.0);
    let withdrawn = home.split("<section id=\"withdrawn\"").nth(1).unwrap();
    assert!(withdrawn.contains("href=\"/deals/openai-nvidia.html\""));
    assert!(withdrawn.contains("<td data-sort=\"2026-02-27\">27 Feb 2026</td>"));

    // Compare marks every deal that does not bind on its bar, and ranks no
    // withdrawn deal.
    let compare = site.read("compare.html");
    let total = compare
        .split("<section id=\"rank-total-section\"")
        .nth(1)
        .unwrap();
    let total = &total[..total.find("</section>").unwrap()];
    // The wide layout of the chart (the narrow one draws the same bars).
    let total = &total[..total.find("chart-narrow").unwrap()];
    let loose = deals
        .iter()
        .filter(|d| d["status"] != "withdrawn" && d["commitment"] != "binding")
        .count();
    assert_eq!(
        total.matches("class=\"bar series-0 marked\"").count(),
        loose
    );
    assert!(!compare.contains("deals/openai-nvidia.html"));
    assert!(!compare.contains("OpenAI · Nvidia"));
}
