//! YAML text -> a tree of spanned nodes, with the YAML rules of SPEC.md section 1
//! (no duplicate keys, no merge keys, one document, bounded alias expansion).
//!
//! serde-saphyr reads the text; we keep a small untyped tree instead of deriving
//! the record structs directly, because a derived struct stops at the first bad
//! field, while SPEC.md asks for every error of a file, each with its own line.
//! The tree keeps each scalar's source text so that the typed readers in
//! `model::value` can tell `300` from `"300"` and reject `0x1F`.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{DuplicateKeyPolicy, MergeKeyPolicy, NonFiniteFloatPolicy, Spanned};
use std::fmt;

use crate::error::Diagnostic;

/// Alias expansion budget: a file whose aliases replay more nodes than this is rejected.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// A YAML node with its place in the file.
#[derive(Debug, Clone)]
pub struct Node {
    pub kind: Kind,
    pub line: u64,
    pub column: u64,
    /// The scalar as written (quotes included); empty for collections.
    pub raw: String,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its place.
#[derive(Debug, Clone)]
pub struct Key {
    pub name: String,
    pub line: u64,
    pub column: u64,
}

impl Node {
    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    /// What was found, for error messages: the scalar as written, or the kind of node.
    pub fn describe(&self) -> String {
        match &self.kind {
            Kind::Seq(_) => "a list".to_string(),
            Kind::Map(_) => "a mapping".to_string(),
            Kind::Null => "nothing (null)".to_string(),
            Kind::Str(s) if self.raw.starts_with(['"', '\'']) => format!("the quoted string {s:?}"),
            Kind::Str(s) => format!("{s:?}"),
            _ => format!("`{}`", self.raw.trim()),
        }
    }
}

/// Parses one YAML file. `file` is the name used in diagnostics.
pub fn parse(file: &str, text: &str) -> Result<Node, Diagnostic> {
    let mut options = serde_saphyr::Options::default();
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    options.merge_keys = MergeKeyPolicy::Error;
    options.alias_limits.max_total_replayed_events = MAX_ALIAS_NODES;
    // `1_000` and `0755` stay strings, so that a number field rejects them.
    options.underscored_numbers_as_strings = true;
    options.leading_zero_numbers_as_strings = true;
    options.strict_booleans = true;
    options.non_finite_float_policy = NonFiniteFloatPolicy::PassThrough;
    options.with_snippet = false;
    let parsed: Option<Spanned<RawNode>> = serde_saphyr::from_str_with_options(text, options)
        .map_err(|e| {
            let message = serde_saphyr::DefaultMessageFormatter
                .format_message(&e)
                .into_owned();
            let message = format!("invalid YAML: {}", message.replace(['\n', '\r'], " "));
            match e.location() {
                Some(loc) if loc.line() > 0 => {
                    Diagnostic::at(file, loc.line(), loc.column().max(1), message)
                }
                _ => Diagnostic::new(file, message),
            }
        })?;
    match parsed {
        None => Err(Diagnostic::line(
            file,
            1,
            "expected a mapping, found an empty document (the file is empty or holds only comments)",
        )),
        Some(node) => Ok(convert(node, text)),
    }
}

use serde_saphyr::MessageFormatter as _;

fn convert(node: Spanned<RawNode>, text: &str) -> Node {
    let loc = node.referenced;
    let kind = match node.value {
        RawNode::Null => Kind::Null,
        RawNode::Bool(b) => Kind::Bool(b),
        RawNode::Int(i) => Kind::Int(i),
        RawNode::Float(f) => Kind::Float(f),
        RawNode::Str(s) => Kind::Str(s),
        RawNode::Seq(items) => Kind::Seq(items.into_iter().map(|n| convert(n, text)).collect()),
        RawNode::Map(entries) => Kind::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key = Key {
                        name: k.value,
                        line: k.referenced.line(),
                        column: k.referenced.column(),
                    };
                    (key, convert(v, text))
                })
                .collect(),
        ),
    };
    let raw = match kind {
        Kind::Seq(_) | Kind::Map(_) => String::new(),
        // Through an alias, the text that decides the type is the anchored definition.
        _ => source_text(text, node.defined.span()),
    };
    Node {
        kind,
        line: loc.line(),
        column: loc.column(),
        raw,
    }
}

fn source_text(text: &str, span: serde_saphyr::Span) -> String {
    let (Some(start), Some(len)) = (span.byte_offset(), span.byte_len()) else {
        return String::new();
    };
    let (start, end) = (start as usize, (start + len) as usize);
    let raw = text.get(start..end).unwrap_or_default().trim();
    // A definition's span may include its anchor or tag (`&a 300`, `!!str 300`).
    let mut raw = raw;
    while raw.starts_with(['&', '!']) {
        raw = raw
            .split_once(char::is_whitespace)
            .map_or("", |(_, rest)| rest.trim_start());
    }
    raw.to_string()
}

/// The serde side of the tree: whatever serde-saphyr's `deserialize_any` reports.
enum RawNode {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawNode>>),
    Map(Vec<(Spanned<String>, Spanned<RawNode>)>),
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawNode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML node")
    }
    fn visit_unit<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_none<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawNode, D::Error> {
        RawNode::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<RawNode, E> {
        Ok(RawNode::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<RawNode, E> {
        Ok(RawNode::Int(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<RawNode, E> {
        Ok(RawNode::Int(v.into()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<RawNode, E> {
        Ok(RawNode::Int(v))
    }
    fn visit_u128<E>(self, v: u128) -> Result<RawNode, E> {
        Ok(RawNode::Int(i128::try_from(v).unwrap_or(i128::MAX)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<RawNode, E> {
        Ok(RawNode::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<RawNode, E> {
        Ok(RawNode::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<RawNode, E> {
        Ok(RawNode::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawNode::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(RawNode::Map(entries))
    }
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawNode, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(text: &str) -> Vec<(Key, Node)> {
        match parse("t.yaml", text).unwrap().kind {
            Kind::Map(m) => m,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn keeps_the_source_text_of_scalars() {
        let m = map("a: \"300\"\nb: 0x1F\nc: 1_000\nd: &x 5\ne: *x\n");
        let raws: Vec<&str> = m.iter().map(|(_, n)| n.raw.as_str()).collect();
        assert_eq!(raws, ["\"300\"", "0x1F", "1_000", "5", "5"]);
        assert!(matches!(m[2].1.kind, Kind::Str(_)));
        assert_eq!((m[4].1.line, m[4].1.column), (5, 4));
    }

    #[test]
    fn rejects_duplicates_merges_documents_and_empty_files() {
        let err = parse("t.yaml", "a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("duplicate"), "{}", err.message);
        let err = parse("t.yaml", "a: &x {k: 1}\nb:\n  <<: *x\n").unwrap_err();
        assert!(err.message.contains("merge"), "{}", err.message);
        let err = parse("t.yaml", "a: 1\n---\nb: 2\n").unwrap_err();
        assert!(
            err.message.contains("multiple YAML documents"),
            "{}",
            err.message
        );
        let err = parse("t.yaml", "# only a comment\n").unwrap_err();
        assert!(
            err.message.contains("expected a mapping"),
            "{}",
            err.message
        );
    }

    #[test]
    fn bounds_alias_expansion() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let err = parse("t.yaml", &text).unwrap_err();
        assert!(err.message.contains("alias"), "{}", err.message);
    }
}
