//! Publishing metadata: where the site lives as a full URL (for the
//! sitemap, the feed, canonical links and the Open Graph tags), and what a
//! page says about itself to a crawler or a link preview.
//!
//! A site's absolute address comes from base_url when it is a full URL
//! (`https://host/path/`), else from `site_url` in site.yaml joined with
//! base_url's path; without either, links stay paths (all the site knows).

use crate::model::Site;
use crate::render::pages::view::Links;

/// Links that are full URLs when the site's address is known, else the
/// ordinary path links.
pub fn absolute_links(site: &Site) -> Links {
    let links = Links::new(&site.base_url);
    if links.is_absolute() {
        return links;
    }
    let Some(url) = site.site_url.as_deref().filter(|u| !u.trim().is_empty()) else {
        return links;
    };
    let url = url.trim().trim_end_matches('/');
    let path = links.base().trim_end_matches('/');
    // site_url may name the host only, or the whole address already.
    if path.is_empty() || url.ends_with(path) {
        Links::new(&format!("{url}/"))
    } else {
        Links::new(&format!("{url}{path}/"))
    }
}

/// The URL of the page at `rel` (a folder's index at the folder's URL).
pub fn page_url(links: &Links, rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some(dir) => links.to(dir),
        None => links.to(rel),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn site(base_url: &str, site_url: Option<&str>) -> Site {
        Site {
            title: "t".into(),
            description: None,
            base_url: base_url.into(),
            as_of: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            horizon: (2029, 12),
            discount_rate: 0.08,
            site_url: site_url.map(str::to_string),
            license: None,
        }
    }

    #[test]
    fn absolute_from_base_url_or_site_url() {
        let abs = |b, s| absolute_links(&site(b, s)).base().to_string();
        assert_eq!(
            abs("https://example.org/reports/", None),
            "https://example.org/reports/"
        );
        assert_eq!(abs("/", None), "/");
        assert_eq!(
            abs("/", Some("https://example.org")),
            "https://example.org/"
        );
        assert_eq!(
            abs("/r/", Some("https://example.org/")),
            "https://example.org/r/"
        );
        assert_eq!(
            abs("/r/", Some("https://example.org/r/")),
            "https://example.org/r/"
        );
        assert_eq!(page_url(&Links::new("/x/"), "index.html"), "/x/");
        assert_eq!(
            page_url(&Links::new("/x/"), "deals/a.html"),
            "/x/deals/a.html"
        );
    }
}
