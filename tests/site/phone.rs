//! Issue #20, the report on a phone and a compare page a reader can trust:
//! every chart has a narrow layout beside its wide one, the compare charts'
//! labels are unique and whole, each bar links to its deal, the deals a
//! chart leaves out are listed once, and the $/GPU-hour chart has a market
//! line.

use std::collections::BTreeSet;

use super::{build_site, shipped_data};

/// The row labels of the first `<svg>` after `start`, in order.
fn labels(page: &str, start: &str) -> Vec<String> {
    let at = page
        .find(start)
        .unwrap_or_else(|| panic!("{start} not found"));
    let svg = &page[at..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    svg.split("<text class=\"label\" ")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].to_string())
        })
        .filter(|l| !l.starts_with('$') && !l.contains("<title>"))
        .collect()
}

#[test]
fn every_chart_has_a_wide_and_a_narrow_layout_with_distinct_ids() {
    let site = build_site(&shipped_data(), &[]);
    for page in [
        "index.html",
        "compare.html",
        "deals/anthropic-xai-colossus-1.html",
    ] {
        let html = site.read(page);
        let wide = html.matches("class=\"chart chart-wide\"").count();
        let narrow = html.matches("class=\"chart chart-narrow\"").count();
        assert!(wide > 0, "{page}: no chart");
        assert_eq!(wide, narrow, "{page}: {wide} wide charts, {narrow} narrow");
        assert_eq!(
            html.matches("viewBox=\"0 0 360 ").count(),
            narrow,
            "{page}: a narrow chart not 360 units wide"
        );
    }
    let css = site.read("pages.css");
    assert!(
        !css.contains("min-width: 34rem"),
        "charts keep a minimum width"
    );
}

#[test]
fn compare_labels_are_unique_and_whole_and_each_bar_links_to_its_deal() {
    let site = build_site(&shipped_data(), &[]);
    let page = site.read("compare.html");
    for layout in ["chart chart-wide", "chart chart-narrow"] {
        let start = format!("class=\"{layout}\"");
        let shown = labels(&page, &start);
        assert!(shown.len() >= 40, "{layout}: {} labels", shown.len());
        let unique: BTreeSet<&String> = shown.iter().collect();
        assert_eq!(
            unique.len(),
            shown.len(),
            "{layout}: repeated labels in {shown:?}"
        );
        assert!(
            shown.iter().all(|l| !l.contains('…')),
            "{layout}: a label is cut"
        );
    }
    // The pair that had two deals in a month reads apart: the option names
    // its kind.
    let wide = labels(&page, "class=\"chart chart-wide\"");
    assert!(
        wide.contains(&"OpenAI · AMD, Oct 2025".to_string()),
        "{wide:?}"
    );
    assert!(
        wide.contains(&"OpenAI · AMD, Oct 2025 (option)".to_string()),
        "{wide:?}"
    );

    // Each bar is a link to its deal's page.
    let total = &page[page.find("id=\"rank-total-section\"").unwrap()..];
    let total = &total[..total.find("chart-narrow").unwrap()];
    let links = total.matches("<a href=\"/deals/").count();
    let bars = total.matches("<rect class=\"bar series-0").count();
    assert_eq!(links, bars);
    assert!(total.contains("<a href=\"/deals/anthropic-xai-colossus-1.html\">"));
}

#[test]
fn compare_lists_the_deals_left_out_once_and_draws_a_market_line() {
    let site = build_site(&shipped_data(), &[]);
    let page = site.read("compare.html");
    assert_eq!(page.matches("id=\"not-reported\"").count(), 1);
    assert_eq!(page.matches("Not shown (").count(), 0);
    let table = &page[page.find("id=\"not-reported\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(table.contains("<th scope=\"col\">$/MW-month</th>"));
    assert!(table.contains("no power reported"));
    let gpu = &page[page.find("id=\"rank-gpu-hour-section\"").unwrap()..];
    let gpu = &gpu[..gpu.find("</section>").unwrap()];
    assert!(gpu.contains("class=\"reference\""), "no market line");
    assert!(
        gpu.contains(">H100 market, Jun 2026: $2.65/GPU-hr<"),
        "the market line has no label"
    );
    assert!(gpu.contains("href=\"#not-reported\""));
}
