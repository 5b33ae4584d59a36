//! sitemap.xml: every page of the site (not 404.html), in path order, dated
//! by the as-of date (the figures' date; never the clock).
//!
//! The sitemap protocol asks for absolute URLs. base_url is written as it is:
//! with a full URL (`https://host/path/`) the locations are absolute; with a
//! path (the default `/`) they are that path, which is all the site knows,
//! and the file says in a comment how to make them absolute.

use askama::Template;

use crate::error::Result;
use crate::render::pages::Ctx;
use std::collections::BTreeSet;

#[derive(Template)]
#[template(path = "sitemap.xml")]
struct Sitemap {
    absolute: bool,
    lastmod: String,
    urls: Vec<String>,
}

/// sitemap.xml of the pages among `paths` (call once every page is there).
pub fn render(ctx: &Ctx, paths: &BTreeSet<String>) -> Result<Vec<u8>> {
    // Full URLs where base_url or site_url gives the site's address.
    let links = crate::render::meta::absolute_links(&ctx.model.site);
    let urls = paths
        .iter()
        .filter(|p| p.ends_with(".html") && p.as_str() != "404.html")
        .map(|p| match p.strip_suffix("index.html") {
            // A folder's index is served at the folder's URL.
            Some(dir) => links.to(dir),
            None => links.to(p),
        })
        .collect();
    let sitemap = Sitemap {
        absolute: links.is_absolute(),
        lastmod: ctx.model.site.as_of.to_string(),
        urls,
    };
    Ok(sitemap.render()?.into_bytes())
}
