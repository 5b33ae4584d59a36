//! The markup that keyboard and screen-reader users rely on, on every page
//! of the shipped site: scroll containers are focusable regions named by
//! their table's caption (or, for a chart, by its figure), and every chart
//! is an image named by its own `<title>` and `<desc>`, with a table of its
//! numbers after it. The browser check
//! (`.ci/browser-check.mjs`, axe-core) and the keyboard check test the
//! behaviour; this test keeps the markup from regressing between CI runs.

use std::collections::BTreeMap;
use std::fs;

use super::crawl::{self, Page, Tag};
use super::{build_site, shipped_data};

fn pages() -> BTreeMap<String, Page> {
    let site = build_site(&shipped_data(), &[]);
    crawl::files(&site.out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| {
            let html = fs::read_to_string(site.out.join(&f)).expect("read page");
            (f, crawl::scan(&html))
        })
        .collect()
}

/// The tag with id `id` on the page.
fn by_id<'a>(page: &'a Page, id: &str) -> Option<&'a Tag> {
    page.tags.iter().find(|t| t.attr("id") == Some(id))
}

/// Problems with the scroll containers of one page.
fn scroll_container_problems(name: &str, page: &Page) -> Vec<String> {
    let mut problems = Vec::new();
    for tag in &page.tags {
        let wrap = tag.name == "div" && tag.has_class("table-wrap");
        let chart = tag.name == "figure" && tag.has_class("chart");
        if !wrap && !chart {
            continue;
        }
        let what = format!(
            "{name}: <{} class=\"{}\">",
            tag.name,
            tag.attr("class").unwrap_or("")
        );
        if tag.attr("tabindex") != Some("0") {
            problems.push(format!("{what} is not focusable (tabindex=\"0\")"));
        }
        if wrap {
            if tag.attr("role") != Some("region") {
                problems.push(format!("{what} has no role=\"region\""));
            }
            match tag.attr("aria-labelledby").map(|id| (id, by_id(page, id))) {
                Some((_, Some(t))) if t.name == "caption" => {}
                Some((id, _)) => {
                    problems.push(format!("{what}: aria-labelledby=\"{id}\" is not a caption"))
                }
                None => problems.push(format!("{what} has no aria-labelledby")),
            }
        }
    }
    problems
}

#[test]
fn every_scroll_container_is_a_focusable_region_named_by_its_caption() {
    let pages = pages();
    let mut problems = Vec::new();
    let (mut wraps, mut charts) = (0, 0);
    for (name, page) in &pages {
        problems.extend(scroll_container_problems(name, page));
        wraps += page
            .tags
            .iter()
            .filter(|t| t.has_class("table-wrap"))
            .count();
        charts += page
            .tags
            .iter()
            .filter(|t| t.name == "figure" && t.has_class("chart"))
            .count();
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The home page alone has three tables and two charts.
    assert!(
        wraps >= 3 && charts >= 2,
        "{wraps} table wraps, {charts} charts"
    );
    let index = &pages["index.html"];
    let region = index
        .tags
        .iter()
        .find(|t| t.attr("aria-labelledby") == Some("deals-caption"))
        .expect("the deals table's region");
    assert_eq!(region.attr("role"), Some("region"));
    assert_eq!(
        by_id(index, "deals-caption").map(|t| t.name.as_str()),
        Some("caption")
    );
}

/// The ids that appear on more than one element of the page.
fn repeated_ids(page: &Page) -> Vec<&str> {
    let mut seen = BTreeMap::new();
    for id in page.tags.iter().filter_map(|t| t.attr("id")) {
        *seen.entry(id).or_insert(0) += 1;
    }
    seen.into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(id, _)| id)
        .collect()
}

// A repeated id sends aria-labelledby and #fragments to the first element
// with it: a party page's two deals tables once shared "deals-caption", so
// both regions were named by the buying table's caption (vnu's error).
#[test]
fn no_page_repeats_an_id() {
    let pages = pages();
    let problems: Vec<String> = pages
        .iter()
        .filter_map(|(name, page)| {
            let ids = repeated_ids(page);
            (!ids.is_empty()).then(|| format!("{name}: {ids:?}"))
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Google buys (from SpaceX, backstops) and sells (Google Cloud): two tables.
    let party = &pages["parties/google.html"];
    assert_eq!(
        by_id(party, "selling-deals-caption").map(|t| t.name.as_str()),
        Some("caption")
    );
}

#[test]
fn a_repeated_id_is_reported() {
    let page = crawl::scan("<p id=a></p><caption id=b></caption><svg><g id=a></g></svg>");
    assert_eq!(repeated_ids(&page), ["a"]);
}

#[test]
fn a_table_wrap_without_its_region_markup_is_reported() {
    let page = crawl::scan(
        "<div class=\"table-wrap\"><table><caption id=c>x</caption></table></div>\
         <div class=\"table-wrap\" role=region tabindex=0 aria-labelledby=p><p id=p>y</p></div>\
         <figure class=\"chart\"><svg></svg></figure>",
    );
    let problems = scroll_container_problems("p.html", &page);
    assert_eq!(
        problems,
        [
            "p.html: <div class=\"table-wrap\"> is not focusable (tabindex=\"0\")",
            "p.html: <div class=\"table-wrap\"> has no role=\"region\"",
            "p.html: <div class=\"table-wrap\"> has no aria-labelledby",
            "p.html: <div class=\"table-wrap\">: aria-labelledby=\"p\" is not a caption",
            "p.html: <figure class=\"chart\"> is not focusable (tabindex=\"0\")",
        ]
    );
}

#[test]
fn every_chart_is_an_image_named_by_its_title_and_description_with_a_table_after_it() {
    let pages = pages();
    let mut problems = Vec::new();
    let mut charts = 0;
    for (name, page) in &pages {
        for (at, svg) in page.tags.iter().enumerate() {
            if !(svg.name == "svg" && svg.has_class("chart")) {
                continue;
            }
            charts += 1;
            // The numbers of a chart are also in a table after it.
            if !page.tags[at..].iter().any(|t| t.name == "table") {
                problems.push(format!("{name}: a chart with no table after it"));
            }
            // A compare chart's bars are links to their deals: a group of
            // links (an image's children are presentational).
            let linked = svg
                .attr("aria-labelledby")
                .is_some_and(|l| l.starts_with("rank-"));
            let role = if linked { "group" } else { "img" };
            if svg.attr("role") != Some(role) {
                problems.push(format!("{name}: a chart without role=\"{role}\""));
            }
            let ids: Vec<&str> = svg
                .attr("aria-labelledby")
                .unwrap_or("")
                .split_ascii_whitespace()
                .collect();
            let kinds: Vec<&str> = ids
                .iter()
                .map(|id| by_id(page, id).map_or("missing", |t| t.name.as_str()))
                .collect();
            if kinds != ["title", "desc"] {
                problems.push(format!(
                    "{name}: chart labelled by {ids:?} ({kinds:?}), not a <title> and a <desc>"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(charts >= 20, "only {charts} charts");
}
