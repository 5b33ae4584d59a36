//! The report site as a reader gets it: every page of the issue exists for
//! the shipped data, every internal link and anchor resolves (at the root and
//! under a sub-path), markdown cannot inject script, free-text names become
//! safe paths. Rendered fragments are snapshot-tested (tests/snapshots/);
//! determinism of the whole site is tests/determinism.rs.

mod a11y;
mod commitment;
mod crawl;
mod palette;
mod phone;
mod publish_meta;
mod shipped;
mod years;

use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::common::{DataDir, Dealbook, build};

/// The data/ folder shipped with the repository.
fn shipped_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// A built site, kept until dropped.
struct Site {
    out: PathBuf,
    _tmp: TempDir,
}

impl Site {
    #[track_caller]
    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }
}

/// `dealbook build --data <data> --out <tmp>/site <extra>`, asserting exit 0.
#[track_caller]
fn build_site(data: &Path, extra: &[&str]) -> Site {
    let tmp = tempfile::Builder::new()
        .prefix("dealbook-site-")
        .tempdir()
        .expect("temp dir");
    let out = tmp.path().join("site");
    let run = Dealbook::new()
        .arg("build")
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(&out)
        .args(extra)
        .run();
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    Site { out, _tmp: tmp }
}

/// The text from the first `start` to the end of the first `end` after it.
#[track_caller]
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let i = text
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not found"));
    let j = text[i..]
        .find(end)
        .unwrap_or_else(|| panic!("{end:?} not found after {start:?}"));
    &text[i..i + j + end.len()]
}

/// The file stems of `dir` with extension `ext`.
fn stems(dir: &Path, ext: &str) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

#[test]
fn every_page_of_the_report_exists_for_the_shipped_data() {
    let site = build_site(&shipped_data(), &[]);
    let mut expected: Vec<String> = [
        "index.html",
        "compare.html",
        "directory.html",
        "data.html",
        "methodology.html",
        "404.html",
        "feed.xml",
        "sitemap.xml",
        "style.css",
        "pages.css",
        "sort.js",
        "favicon.svg",
        // One page per party, buying and selling (SPEC.md 10.5).
        "parties/anthropic.html",
        "parties/openai.html",
        "parties/spacex.html",
        "parties/amazon-web-services.html",
        "data/deals.csv",
        "data/schedule.csv",
        "data/by_year.csv",
        "data/metrics.json",
        "data/portfolio_by_year.csv",
        "data/capacity_by_month.csv",
        "data/rankings.csv",
    ]
    .map(String::from)
    .to_vec();
    for id in stems(&shipped_data().join("deals"), "yaml") {
        expected.push(format!("deals/{id}.html"));
        expected.push(format!("data/schedule/{id}.csv"));
    }
    for id in stems(&shipped_data().join("facilities"), "yaml") {
        expected.push(format!("facilities/{id}.html"));
    }
    let missing: Vec<&String> = expected
        .iter()
        .filter(|f| !site.out.join(f).is_file())
        .collect();
    assert!(missing.is_empty(), "missing: {missing:?}");
}

#[test]
fn every_internal_link_and_anchor_resolves_with_the_default_base_url() {
    let site = build_site(&shipped_data(), &[]);
    let problems = crawl::broken_links(&site.out, "/");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_internal_link_and_anchor_resolves_under_a_sub_path() {
    let site = build_site(&shipped_data(), &["--base-url", "/reports/deals/"]);
    let problems = crawl::broken_links(&site.out, "/reports/deals/");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // And no link escaped to the root: the crawl above would have said so,
    // but say it plainly for the page every visitor sees.
    let index = site.read("index.html");
    assert!(!index.contains("href=\"/deals/"), "root link in index.html");
}

#[test]
fn headline_deal_page_shows_the_reported_terms() {
    let site = build_site(&shipped_data(), &[]);
    let page = site.read("deals/anthropic-xai-colossus-1.html");
    let lede = between(&page, "<p class=\"lede\">", "</p>");
    assert_eq!(
        lede,
        // 2 x 0.625B + 35 x 1.25B = 45B over 325,000 GPUs x 24 h x 1,127 days (1 May
        // 2026 to 31 May 2029) = $5.1191; the ramp discount 0.99 gives 43.775B ->
        // $4.9798, none 46.25B -> $5.2613.
        "<p class=\"lede\">Anthropic pays SpaceX $1.25B a month, reduced for the first 2 months, \
         from May 2026 through May 2029, for about 300 MW and 325,000 GPUs. That is $5.12 per \
         GPU-hour contracted (range $4.98 to $5.26).</p>"
    );
    assert!(
        page.contains("<dt>Monthly price</dt><dd title=\"$1,250,000,000\">$1.25B a month</dd>")
    );
    assert!(page.contains("class=\"badge status-active\""));
    assert!(page.contains("class=\"badge badge-confirmed\""));
    // Sources are numbered, with publisher and date, and link out.
    let sources = between(&page, "<ol class=\"sources\">", "</ol>");
    assert_eq!(sources.matches("<li>").count(), 12);
    // The prospectus is cited first, with its date.
    assert!(sources.starts_with("<ol class=\"sources\">\n<li><a href=\"https://www.sec.gov/Archives/edgar/data/1181412/000162828026042639/"));
    assert!(sources.contains("SEC, 12 Jun 2026"));
    assert!(sources.contains("TechCrunch, 20 May 2026"));
    // The schedule downloads as CSV, with schedule.csv's header.
    assert!(page.contains(
        "href=\"/data/schedule/anthropic-xai-colossus-1.csv\" download=\"anthropic-xai-colossus-1.csv\""
    ));
    let csv = site.read("data/schedule/anthropic-xai-colossus-1.csv");
    let schedule = site.read("data/schedule.csv");
    assert_eq!(csv.lines().next(), schedule.lines().next());
    assert_eq!(csv.lines().count(), 1 + 37);
}

#[test]
fn the_data_page_explains_every_column_of_every_export() {
    let site = build_site(&shipped_data(), &[]);
    let page = site.read("data.html");
    assert!(!page.contains("undocumented"), "a column has no meaning");
    for file in [
        "deals.csv",
        "schedule.csv",
        "by_year.csv",
        "portfolio_by_year.csv",
        "capacity_by_month.csv",
        "rankings.csv",
    ] {
        let csv = site.read(&format!("data/{file}"));
        let id = file.replace(['.', '_'], "-");
        let section = between(&page, &format!("<section id=\"{id}\""), "</section>");
        for column in csv.lines().next().unwrap().split(',') {
            assert!(
                section.contains(&format!("<code>{column}</code>")),
                "{file}: column {column} not on the data page"
            );
        }
    }
    assert!(page.contains("metrics.json"));
    assert!(page.contains("href=\"/data/schedule/anthropic-xai-colossus-1.csv\""));
}

#[test]
fn feed_and_sitemap_are_dated_by_as_of_and_linked_under_base_url() {
    let site = build_site(&shipped_data(), &["--base-url", "/reports/deals/"]);
    let feed = site.read("feed.xml");
    assert!(feed.contains("<updated>2026-12-03T00:00:00Z</updated>"));
    assert!(feed.contains("href=\"/reports/deals/deals/anthropic-xai-colossus-1.html\""));
    assert_eq!(feed.matches("<entry>").count(), 50);
    // Newest announcement first.
    let dates: Vec<&str> = feed
        .split("<published>")
        .skip(1)
        .map(|s| &s[..10])
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>/reports/deals/</loc>"));
    assert!(sitemap.contains("<loc>/reports/deals/compare.html</loc>"));
    assert!(!sitemap.contains("404.html"));
    assert!(sitemap.contains("<lastmod>2026-12-03</lastmod>"));
}

/// Markdown that tries to run script, load styles and call another host.
const EVIL: &str = "<script>alert(1)</script>

<img src=x onerror=alert(2)>

[x](javascript:alert(3)) ![t](https://tracker.example/p.png)

<style>body{display:none}</style>

*ok* [data](data.html)";

/// Two deals whose names try to break out of their folder (path characters
/// and markup in names, two names with one slug), with `markdown` in every
/// markdown field: site description, deal and facility notes, a page.
fn hostile_data(markdown: &str) -> DataDir {
    // In YAML double quotes, a newline is written \n.
    let yaml = markdown.replace('\n', "\\n");
    let deal = |id: &str, buyer: &str, facility: &str| {
        format!(
            "id: {id}\ntitle: \"Deal <b>{id}</b>\"\nbuyer: \"{buyer}\"\nprovider: \"Ünïcode Cloud\"\n\
             announced: 2026-01-01\nstart: 2026-01-01\nend: 2026-03-31\n{facility}\
             price:\n  monthly: 1000000\nsources:\n  - title: S\n    url: https://example.com/s\n\
             notes: \"{yaml}\"\n"
        )
    };
    DataDir::new()
        .file(
            "site.yaml",
            &format!("title: Test\nas_of: 2026-02-15\ndescription: \"{yaml}\"\n"),
        )
        .file(
            "deals/a.yaml",
            &deal("a", "../../Evil <Corp>", "facility: f\n"),
        )
        .file("deals/b.yaml", &deal("b", "evil corp", ""))
        .file(
            "facilities/f.yaml",
            &format!("id: f\nname: F\noperator: O\nnotes: \"{yaml}\"\n"),
        )
        .file("pages/about.md", &format!("# About\n\n{markdown}\n"))
}

#[test]
fn markdown_from_data_files_cannot_inject_script_or_styles() {
    let data = hostile_data(EVIL);
    let built = build(&data);
    for f in crawl::files(&built.out) {
        if !f.ends_with(".html") {
            continue;
        }
        let html = fs::read_to_string(built.out.join(&f)).unwrap();
        // The only script is the site's own sort.js.
        assert_eq!(
            html.matches("<script").count(),
            1,
            "{f}: a script other than sort.js"
        );
        assert!(html.contains("<script src=\"/sort.js\" defer></script>"));
        for bad in [
            "onerror",
            "href=\"javascript:",
            "<style",
            "alert(1)",
            "tracker.example",
        ] {
            assert!(!html.contains(bad), "{f} contains {bad}");
        }
    }
    let index = fs::read_to_string(built.out.join("index.html")).unwrap();
    assert!(index.contains("<em>ok</em>"), "markdown still renders");
    // A relative link in markdown is resolved against base_url.
    assert!(index.contains("<a href=\"/data.html\" rel=\"noopener noreferrer\">data</a>"));
    let deal = fs::read_to_string(built.out.join("deals/a.html")).unwrap();
    assert!(
        deal.contains("<h1>Deal &#60;b&#62;a&#60;/b&#62;</h1>"),
        "title escaped"
    );
    let about = fs::read_to_string(built.out.join("about.html")).unwrap();
    assert!(about.contains("<h1>About</h1>"));
}

#[test]
fn free_text_names_become_safe_deduplicated_slugs() {
    let data = hostile_data("Fine *notes*, [data](data.html).");
    let built = build(&data);
    // Byte order: "../../Evil <Corp>" sorts before "evil corp".
    assert!(built.out.join("parties/evil-corp.html").is_file());
    assert!(built.out.join("parties/evil-corp-2.html").is_file());
    // Transliterated, not dropped: "Ünïcode Cloud" (the slug crate, via deunicode).
    assert!(built.out.join("parties/unicode-cloud.html").is_file());
    for f in crawl::files(&built.out) {
        assert!(
            f.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_./".contains(&b)),
            "unsafe path {f}"
        );
    }
    let problems = crawl::broken_links(&built.out, "/");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let page = fs::read_to_string(built.out.join("parties/evil-corp.html")).unwrap();
    assert!(
        page.contains("<h1>../../Evil &#60;Corp&#62;</h1>"),
        "name escaped"
    );
}

#[test]
fn a_figure_that_is_not_reported_shows_a_dash_that_says_so() {
    let data = hostile_data("Fine *notes*, [data](data.html).");
    let built = build(&data);
    let deal = fs::read_to_string(built.out.join("deals/b.html")).unwrap();
    let tiles = between(&deal, "<section id=\"unit-costs\"", "</section>");
    assert!(tiles.contains("<div class=\"value\" title=\"no GPU count reported\">–</div>"));
    assert!(tiles.contains("<div class=\"value\" title=\"no power reported\">–</div>"));
    assert!(deal.contains("No GPU fleet is reported for this deal"));
}

// ---- snapshots of rendered fragments ----

#[test]
fn snapshot_headline_deal_key_terms() {
    let site = build_site(&shipped_data(), &[]);
    let page = site.read("deals/anthropic-xai-colossus-1.html");
    insta::assert_snapshot!(between(&page, "<section id=\"terms\"", "</section>"));
}

#[test]
fn snapshot_headline_deal_unit_costs() {
    let site = build_site(&shipped_data(), &[]);
    let page = site.read("deals/anthropic-xai-colossus-1.html");
    insta::assert_snapshot!(between(&page, "<section id=\"unit-costs\"", "</section>"));
}

#[test]
fn snapshot_headline_deal_row_of_the_deals_table() {
    let site = build_site(&shipped_data(), &[]);
    let index = site.read("index.html");
    let link = "<th scope=\"row\"><a href=\"/deals/anthropic-xai-colossus-1.html\">";
    let at = index.find(link).expect("the headline deal's row");
    let start = index[..at].rfind("<tr>").expect("row start");
    let end = at + index[at..].find("</tr>").expect("row end") + "</tr>".len();
    insta::assert_snapshot!(&index[start..end]);
}

#[test]
fn snapshot_payments_chart_of_a_tiny_deal() {
    let data = DataDir::new().site("2026-02-15").gpus_h100().file(
        "deals/tiny.yaml",
        "id: tiny\ntitle: Tiny\nbuyer: B\nprovider: P\nannounced: 2026-01-01\n\
             start: 2026-01-16\nend: 2026-03-31\n\
             price:\n  monthly: {low: 900000, base: 1000000, high: 1200000}\n\
             capacity:\n  gpus:\n    - model: H100\n      count: 100\n\
             sources:\n  - title: S\n    url: https://example.com/s\n",
    );
    let built = build(&data);
    let page = fs::read_to_string(built.out.join("deals/tiny.html")).unwrap();
    let figure = between(
        &page,
        "<figure class=\"chart\" id=\"payments-figure\" tabindex=\"0\">",
        "</figure>",
    );
    // One element a line, so that a change reads as a small diff.
    insta::assert_snapshot!(between(figure, "<svg", "</svg>").replace("><", ">\n<"));
}
