//! Issue #20, publishing metadata: with a full base_url (or site_url) the
//! sitemap, the feed and every page's canonical link are absolute; every
//! page has a description and Open Graph / Twitter tags; feed entries are
//! updated on the deal's `reviewed` date; the data page has the licence and
//! a BibTeX entry, and metrics.json the licence.

use std::fs;

use super::{build_site, shipped_data};

const BASE: &str = "https://example.org/reports/";

#[test]
fn with_a_full_base_url_every_url_is_absolute_and_every_page_has_its_tags() {
    let site = build_site(&shipped_data(), &["--base-url", BASE]);
    let sitemap = site.read("sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|l| &l[..l.find('<').unwrap()])
        .collect();
    assert!(locs.len() > 50, "{} locations", locs.len());
    assert!(locs.iter().all(|l| l.starts_with(BASE)), "{locs:?}");
    assert!(locs.contains(&BASE), "the home page is at the folder's URL");
    let feed = site.read("feed.xml");
    for href in feed
        .split("href=\"")
        .skip(1)
        .map(|h| &h[..h.find('"').unwrap()])
    {
        assert!(href.starts_with(BASE), "feed link {href}");
    }
    let mut pages = 0;
    for entry in walk(&site.out) {
        let rel = entry
            .strip_prefix(&site.out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        pages += 1;
        let html = fs::read_to_string(&entry).unwrap();
        let url = match rel.strip_suffix("index.html") {
            Some(dir) => format!("{BASE}{dir}"),
            None => format!("{BASE}{rel}"),
        };
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")),
            "{rel}: canonical"
        );
        assert!(
            html.contains(&format!("<meta property=\"og:url\" content=\"{url}\">")),
            "{rel}: og:url"
        );
        assert!(
            html.contains("<meta name=\"description\" content=\""),
            "{rel}: description"
        );
        assert!(
            html.contains("<meta property=\"og:title\" content=\""),
            "{rel}: og:title"
        );
        assert!(
            html.contains("<meta property=\"og:description\" content=\""),
            "{rel}: og:description"
        );
        assert!(
            html.contains("<meta name=\"twitter:card\" content=\""),
            "{rel}: twitter:card"
        );
    }
    assert!(pages > 50, "{pages} pages");
    let deal = site.read("deals/anthropic-xai-colossus-1.html");
    assert!(deal.contains("<meta property=\"og:type\" content=\"article\">"));
}

#[test]
fn site_url_makes_a_path_base_url_absolute() {
    let data = tempfile::tempdir().unwrap();
    copy(&shipped_data(), data.path());
    let yaml = data.path().join("site.yaml");
    let text = fs::read_to_string(&yaml).unwrap();
    fs::write(&yaml, format!("{text}site_url: https://example.org\n")).unwrap();
    let site = build_site(data.path(), &["--base-url", "/reports/"]);
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://example.org/reports/compare.html</loc>")
    );
    let compare = site.read("compare.html");
    assert!(
        compare
            .contains("<link rel=\"canonical\" href=\"https://example.org/reports/compare.html\">")
    );
    // The page's own links stay paths.
    assert!(compare.contains("href=\"/reports/style.css\""));
}

#[test]
fn feed_entries_are_updated_on_the_reviewed_date() {
    let site = build_site(&shipped_data(), &[]);
    let feed = site.read("feed.xml");
    let entry = feed
        .split("<entry>")
        .find(|e| e.contains("anthropic-xai-colossus-1.html"))
        .unwrap();
    let published = &entry[entry.find("<published>").unwrap() + 11..][..10];
    let updated = &entry[entry.find("<updated>").unwrap() + 9..][..10];
    assert!(
        updated > published,
        "updated {updated}, published {published}"
    );
    let yaml =
        fs::read_to_string(shipped_data().join("deals/anthropic-xai-colossus-1.yaml")).unwrap();
    assert!(
        yaml.contains(&format!("reviewed: {updated}")),
        "updated {updated} is not the reviewed date"
    );
}

#[test]
fn the_data_page_has_the_licence_and_a_bibtex_entry() {
    let site = build_site(&shipped_data(), &["--base-url", BASE]);
    let data = site.read("data.html");
    assert!(data.contains("published under <strong>CC-BY-4.0</strong>"));
    assert!(data.contains("<h2 id=\"cite-heading\">How to cite</h2>"));
    let bib = &data[data.find("<pre id=\"bibtex\"").unwrap()..];
    let bib = &bib[..bib.find("</pre>").unwrap()];
    assert!(bib.contains("@misc{ai-compute-deals-2026-12-03,"), "{bib}");
    assert!(
        bib.contains("title        = {{AI compute deals}},"),
        "{bib}"
    );
    assert!(
        bib.contains("howpublished = {\\url{https://example.org/reports/}},"),
        "{bib}"
    );
    assert!(bib.contains("licence CC-BY-4.0"), "{bib}");
    let metrics = site.read("data/metrics.json");
    assert!(metrics.contains("\"discount_rate\":0.08,\"license\":\"CC-BY-4.0\",\"deals\""));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn copy(from: &std::path::Path, to: &std::path::Path) {
    for e in fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            fs::create_dir_all(&dest).unwrap();
            copy(&p, &dest);
        } else {
            fs::copy(&p, &dest).unwrap();
        }
    }
}
