//! pages/*.md (docs/data-format.md section 1): extra pages, each named by a URL path segment.

use crate::error::Diagnostic;
use crate::load::RawPage;
use crate::model::Page;
use crate::model::value as v;

/// The extra pages: pages/<slug>.md, named as a URL path segment may be.
pub fn read(raw_pages: Vec<RawPage>, errors: &mut Vec<Diagnostic>) -> Vec<Page> {
    let mut pages = Vec::new();
    for p in raw_pages {
        // pages/index.md would render over the home page, index.html.
        if p.stem == "index" {
            errors.push(Diagnostic::new(
            p.display,
            "expected a page name other than index (the home page is index.html), found index.md",
        ));
        } else if v::is_id(&p.stem) {
            pages.push(Page {
                slug: p.stem,
                markdown: p.text,
            });
        } else {
            errors.push(Diagnostic::new(
            p.display,
            format!(
                "expected a page file name of lower-case letters, digits and '-' (e.g. methodology.md), found {}.md",
                p.stem
            ),
        ));
        }
    }
    pages
}
