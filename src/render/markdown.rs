//! Markdown from data files -> safe HTML. pulldown-cmark passes raw HTML
//! through, so its output goes through ammonia, which drops scripts, styles,
//! event handlers and `javascript:` links.

use std::borrow::Cow;

use ammonia::{UrlRelative, UrlRelativeEvaluate};
use pulldown_cmark::{Options, Parser, html};

/// Markdown -> HTML, not yet safe.
fn unsafe_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}

/// Markdown -> safe HTML, links as written (the tests; pages use
/// [`to_html_in_site`]).
#[cfg(test)]
pub fn to_html(markdown: &str) -> String {
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .clean(&unsafe_html(markdown))
        .to_string()
}

/// Resolves a relative URL of markdown against base_url.
struct UnderBase(String);

impl<'a> UrlRelativeEvaluate<'a> for UnderBase {
    fn evaluate<'url>(&self, url: &'url str) -> Option<Cow<'url, str>> {
        if url.starts_with('#') {
            Some(Cow::Borrowed(url))
        } else if url.starts_with("//") {
            // Another host without a scheme: not a link into the site.
            None
        } else {
            let path = url.trim_start_matches("./").trim_start_matches('/');
            Some(Cow::Owned(format!("{}{path}", self.0)))
        }
    }
}

/// As [`to_html`], for a page of a site served under `base` (base_url with
/// its trailing '/'). Relative links and images are resolved against
/// base_url (`data.html` and `/data.html` both become `<base>data.html`), so
/// they work from every page and under a sub-path; images from other hosts
/// are dropped, so that a page makes no request outside the site.
pub fn to_html_in_site(markdown: &str, base: &str) -> String {
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(|element, attribute, value| {
            let remote =
                value.starts_with("//") || value.split('/').next().is_some_and(|s| s.contains(':'));
            if element == "img" && attribute == "src" && remote {
                None
            } else {
                Some(value.into())
            }
        })
        .url_relative(UrlRelative::Custom(Box::new(UnderBase(base.to_string()))))
        .clean(&unsafe_html(markdown))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::{to_html, to_html_in_site};

    #[test]
    fn links_in_a_site_start_with_base_url_and_images_stay_local() {
        let html = to_html_in_site(
            "[a](data.html) [b](/compare.html#x) [c](#top) [d](https://example.com/) \
             [e](//evil.example/x) ![i](https://tracker.example/p.png) ![j](img/k.png)",
            "/reports/",
        );
        assert!(html.contains(r#"<a href="/reports/data.html""#), "{html}");
        assert!(
            html.contains(r#"<a href="/reports/compare.html#x""#),
            "{html}"
        );
        assert!(html.contains(r##"<a href="#top""##), "{html}");
        assert!(html.contains(r#"<a href="https://example.com/""#), "{html}");
        assert!(!html.contains("evil.example"), "{html}");
        assert!(!html.contains("tracker.example"), "{html}");
        assert!(
            html.contains(r#"<img src="/reports/img/k.png" alt="j">"#),
            "{html}"
        );
    }

    #[test]
    fn raw_html_cannot_inject_script_or_handlers() {
        let html = to_html(
            "Hi <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) <style>*{}</style>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<style"), "{html}");
    }

    #[test]
    fn keeps_ordinary_markdown() {
        assert_eq!(
            to_html("*a* [b](https://example.com)"),
            "<p><em>a</em> <a href=\"https://example.com\" rel=\"noopener noreferrer\">b</a></p>\n"
        );
    }
}
