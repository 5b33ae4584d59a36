//! Crawls a built site: every href and src of every HTML page must reach a
//! file of the site (and an id, for a #fragment), and start with base_url.
//!
//! Pages are read with html5ever's tokenizer rather than regexes, so quoting,
//! entities and attribute order cannot fool the crawl. The tokenizer is
//! switched into raw text for `<script>`, `<style>`, `<title>` and
//! `<textarea>`, as the HTML tree builder would do.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, states::RawKind,
};

/// A link on a page: the element, the attribute and its value.
#[derive(Debug, Clone)]
pub struct Link {
    pub tag: String,
    pub attr: String,
    pub value: String,
}

/// A start tag: its name and attributes, in document order.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: BTreeMap<String, String>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_ascii_whitespace().any(|c| c == class))
    }
}

/// What the crawl needs from one page.
#[derive(Debug, Default)]
pub struct Page {
    pub ids: BTreeSet<String>,
    pub links: Vec<Link>,
    pub tags: Vec<Tag>,
}

#[derive(Default)]
struct Sink(RefCell<Page>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let name = tag.name.to_string();
        let mut page = self.0.borrow_mut();
        page.tags.push(Tag {
            name: name.clone(),
            attrs: tag
                .attrs
                .iter()
                .map(|a| (a.name.local.to_string(), a.value.to_string()))
                .collect(),
        });
        for a in &tag.attrs {
            let attr = a.name.local.to_string();
            let value = a.value.to_string();
            match attr.as_str() {
                "id" => {
                    page.ids.insert(value);
                }
                "href" | "src" => page.links.push(Link {
                    tag: name.clone(),
                    attr,
                    value,
                }),
                _ => {}
            }
        }
        match name.as_str() {
            "script" if !tag.self_closing => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" => TokenSinkResult::RawData(RawKind::Rawtext),
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            _ => TokenSinkResult::Continue,
        }
    }
}

/// The ids and links of an HTML document.
pub fn scan(html: &str) -> Page {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(Sink::default(), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

/// Every file under `dir`, as paths relative to it with '/' separators.
pub fn files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let mut entries: Vec<PathBuf> = fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
            .map(|e| e.expect("dir entry").path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).expect("under root");
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

fn is_external(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "mailto:", "//"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Every problem with the links of the site in `out`, built with `base`
/// (a path such as "/" or "/reports/deals/"): a link that does not start
/// with base_url, reaches no file, or names an id its page lacks; and any
/// request (src, stylesheet, icon) to another host.
pub fn broken_links(out: &Path, base: &str) -> Vec<String> {
    let all: BTreeSet<String> = files(out).into_iter().collect();
    let pages: BTreeMap<&str, Page> = all
        .iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| {
            let html = fs::read_to_string(out.join(f)).expect("read page");
            (f.as_str(), scan(&html))
        })
        .collect();
    let mut problems = Vec::new();
    for (from, page) in &pages {
        for link in &page.links {
            let v = link.value.as_str();
            let mut problem = |what: &str| {
                problems.push(format!(
                    "{from}: <{} {}=\"{v}\">: {what}",
                    link.tag, link.attr
                ))
            };
            if v.starts_with("data:") {
                continue;
            }
            if is_external(v) {
                // Links out are fine; loading anything from elsewhere is not.
                if link.tag != "a" {
                    problem("loads from outside the site");
                }
                continue;
            }
            let (target, fragment) = match v.split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (v, None),
            };
            let target_page = if target.is_empty() {
                *from
            } else {
                let Some(rel) = target.strip_prefix(base) else {
                    problem(&format!("does not start with base_url {base}"));
                    continue;
                };
                let rel = rel.split('?').next().unwrap_or_default();
                let rel = if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel.to_string()
                };
                match all.get(&rel) {
                    Some(f) => f.as_str(),
                    None => {
                        problem("no such file in the site");
                        continue;
                    }
                }
            };
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                match pages.get(target_page) {
                    Some(p) if p.ids.contains(fragment) => {}
                    Some(_) => problem(&format!("no id \"{fragment}\" in {target_page}")),
                    None => problem("a fragment on a file that is not a page"),
                }
            }
        }
    }
    problems
}

#[test]
fn scan_reads_ids_and_links_through_quoting_and_raw_text() {
    let page = scan(
        "<p id=a>x</p><a href='/x.html#a' id=\"b\">y</a><script>var s = '<a href=\"/no\">';</script>\
         <svg><title>t <a href=/no2></title><rect id=\"r\"/></svg><img src=/i.png>",
    );
    assert_eq!(
        page.ids,
        BTreeSet::from(["a".into(), "b".into(), "r".into()])
    );
    let values: Vec<&str> = page.links.iter().map(|l| l.value.as_str()).collect();
    assert_eq!(values, ["/x.html#a", "/i.png"]);
}
