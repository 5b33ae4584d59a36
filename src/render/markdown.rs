//! Markdown from data files -> safe HTML. pulldown-cmark passes raw HTML
//! through, so its output goes through ammonia, which drops scripts, styles,
//! event handlers and `javascript:` links.

use pulldown_cmark::{Options, Parser, html};

pub fn to_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::to_html;

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
