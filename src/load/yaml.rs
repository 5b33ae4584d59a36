//! YAML text -> a tree of spanned nodes, with the YAML rules of docs/data-format.md section 1
//! (no duplicate keys, no merge keys, one document, bounded alias expansion).
//!
//! serde-saphyr reads the text; we keep a small untyped tree instead of deriving
//! the record structs directly, because a derived struct stops at the first bad
//! field, while docs/data-format.md section 15 asks for every error of a file, each with its own line.
//! The tree keeps each scalar's source text so that the typed readers in
//! `model::value` can tell `300` from `"300"` and reject `0x1F`.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{DuplicateKeyPolicy, MergeKeyPolicy, NonFiniteFloatPolicy, Spanned};
use std::fmt;

use crate::error::{Diagnostic, KeyPath, MAX_EXCERPT_CHARS, Problem, excerpt};

/// Alias expansion budget: a file whose aliases replay more nodes than this is rejected.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// Deepest nesting of lists and mappings; the tree is built recursively.
const MAX_DEPTH: usize = 64;

/// Most nodes written in one file (aliases not expanded): far above any record.
const MAX_NODES: usize = 250_000;

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
            Kind::Str(s) if self.raw.starts_with(['"', '\'']) => {
                format!("the quoted string {:?}", excerpt(s, MAX_EXCERPT_CHARS))
            }
            Kind::Str(s) => format!("{:?}", excerpt(s, MAX_EXCERPT_CHARS)),
            _ => format!("`{}`", excerpt(self.raw.trim(), MAX_EXCERPT_CHARS)),
        }
    }
}

/// Parses one YAML file. `file` is the name used in diagnostics.
pub fn parse(file: &str, text: &str) -> Result<Node, Diagnostic> {
    let mut options = serde_saphyr::Options::default();
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    options.merge_keys = MergeKeyPolicy::Error;
    // serde-saphyr counts replayed events, and a collection replays two (start and
    // end): twice the node budget is the most that MAX_ALIAS_NODES nodes can replay.
    // It stops a "billion laughs" early; `convert` then counts the nodes exactly.
    options.alias_limits.max_total_replayed_events = 2 * MAX_ALIAS_NODES;
    // docs/data-format.md section 3 allows aliases up to that budget, however few anchors they share:
    // the parser's aliases-per-anchor heuristic would refuse `[*a, *a, ...]`.
    if let Some(budget) = options.budget.as_mut() {
        budget.enforce_alias_anchor_ratio = false;
        budget.max_depth = MAX_DEPTH;
        budget.max_nodes = MAX_NODES;
    }
    // `1_000` and `0755` stay strings, so that a number field rejects them.
    options.underscored_numbers_as_strings = true;
    options.leading_zero_numbers_as_strings = true;
    options.strict_booleans = true;
    options.non_finite_float_policy = NonFiniteFloatPolicy::PassThrough;
    options.with_snippet = false;
    let parsed: Option<Spanned<RawNode>> = serde_saphyr::from_str_with_options(text, options)
        .map_err(|e| syntax_error(file, text, &e))?;
    let Some(node) = parsed else {
        return Err(Diagnostic::at(
            file,
            1,
            1,
            "expected a mapping, found an empty document (the file is empty, null or holds only comments)",
        ));
    };
    let mut replayed = Replayed::default();
    let root = convert(node, text, &mut replayed);
    match replayed.over_budget {
        Some((line, column)) => Err(Diagnostic::at(file, line, column, alias_budget_message())),
        None => Ok(root),
    }
}

fn alias_budget_message() -> String {
    format!(
        "expected aliases to expand to at most {MAX_ALIAS_NODES} nodes, found more (nested aliases multiply: a \"billion laughs\")"
    )
}

/// A serde-saphyr error as a diagnostic that says what was expected and found.
/// The YAML rules of docs/data-format.md section 1 get their own wording; anything else is a
/// syntax error, reported with the parser's own message.
fn syntax_error(file: &str, text: &str, e: &serde_saphyr::Error) -> Diagnostic {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach;
    let e = e.without_snippet();
    let inner = match e {
        E::AliasError { error, .. } => error.as_ref(),
        other => other,
    };
    // The key the problem is about, when there is one; the message then reads "`key`: rule".
    let mut key = KeyPath::root();
    let message = match inner {
        E::DuplicateMappingKey { key: Some(k), .. } => {
            key = KeyPath::of(k);
            format!("expected each key at most once in a mapping, found `{k}` again")
        }
        E::DuplicateMappingKey { key: None, .. } => {
            "expected each key at most once in a mapping, found a key again".to_string()
        }
        E::MergeKeyNotAllowed { .. } => {
            key = KeyPath::of("<<");
            "expected no merge keys (write the keys out in full), found a merge key".to_string()
        }
        E::MultipleDocuments { .. } => {
            "expected one YAML document per file, found a second document".to_string()
        }
        E::AliasReplayLimitExceeded { .. } | E::AliasReplayCounterOverflow { .. } => {
            alias_budget_message()
        }
        E::Budget {
            breach: BudgetBreach::Depth { depth },
            ..
        } => format!(
            "expected lists and mappings nested at most {MAX_DEPTH} deep, found {depth} levels"
        ),
        E::Budget {
            breach: BudgetBreach::Nodes { nodes },
            ..
        } => format!("expected a file of at most {MAX_NODES} YAML nodes, found {nodes}"),
        _ => {
            let message = serde_saphyr::UserMessageFormatter.format_message(inner);
            format!("invalid YAML: {}", message.replace(['\n', '\r'], " "))
        }
    };
    match e.location() {
        Some(loc) if loc.line() > 0 => {
            let (line, column) = match inner {
                E::MultipleDocuments { .. } => document_start(text, loc.line(), loc.column()),
                _ => (loc.line(), loc.column().max(1)),
            };
            place(file, Some(line), Some(column), key, message)
        }
        _ => place(file, None, None, key, message),
    }
}

/// A diagnostic about `key` ("`key`: message"), or about no key at the root.
fn place(
    file: &str,
    line: Option<u64>,
    column: Option<u64>,
    key: KeyPath,
    message: String,
) -> Diagnostic {
    if key.is_root() {
        Diagnostic::place(file, line, column, Problem::Message(message))
    } else {
        Diagnostic::rule(file, line, column, key, message)
    }
}

/// The parser reports a second document where its content begins; point at its
/// `---` marker instead when there is one on that line or just above it.
fn document_start(text: &str, line: u64, column: u64) -> (u64, u64) {
    let lines: Vec<&str> = text.lines().collect();
    let mut n = line as usize;
    while n >= 1 {
        let l = lines.get(n - 1).map_or("", |l| l.trim_end());
        if l == "---" || l.starts_with("--- ") || l.starts_with("---\t") {
            return (n as u64, 1);
        }
        let skippable = l.trim().is_empty() || l.trim_start().starts_with('#');
        if n != line as usize && !skippable {
            break;
        }
        n -= 1;
    }
    (line, column.max(1))
}

use serde_saphyr::MessageFormatter as _;

/// Nodes replayed by aliases so far, and the place of the first one past the budget.
#[derive(Default)]
struct Replayed {
    nodes: usize,
    over_budget: Option<(u64, u64)>,
}

impl Replayed {
    /// A node whose use site differs from its definition came from an alias.
    fn count(&mut self, referenced: serde_saphyr::Location, defined: serde_saphyr::Location) {
        if referenced != defined {
            self.nodes += 1;
            if self.nodes > MAX_ALIAS_NODES && self.over_budget.is_none() {
                self.over_budget = Some((referenced.line().max(1), referenced.column().max(1)));
            }
        }
    }
}

fn convert(node: Spanned<RawNode>, text: &str, replayed: &mut Replayed) -> Node {
    let loc = node.referenced;
    replayed.count(node.referenced, node.defined);
    let kind = match node.value {
        RawNode::Null => Kind::Null,
        RawNode::Bool(b) => Kind::Bool(b),
        RawNode::Int(i) => Kind::Int(i),
        RawNode::Float(f) => Kind::Float(f),
        RawNode::Str(s) => Kind::Str(s),
        RawNode::Seq(items) => Kind::Seq(
            items
                .into_iter()
                .map(|n| convert(n, text, replayed))
                .collect(),
        ),
        RawNode::Map(entries) => Kind::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    replayed.count(k.referenced, k.defined);
                    let key = Key {
                        name: k.value,
                        line: k.referenced.line(),
                        column: k.referenced.column(),
                    };
                    (key, convert(v, text, replayed))
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
        assert_eq!((err.line, err.column), (Some(3), Some(1)));
        assert_eq!(
            err.message(),
            "`a`: expected each key at most once in a mapping, found `a` again"
        );
        let err = parse("t.yaml", "a: &x {k: 1}\nb:\n  <<: *x\n").unwrap_err();
        assert!(
            err.message().starts_with("`<<`: expected no merge keys"),
            "{}",
            err.message()
        );
        let err = parse("t.yaml", "a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(1)));
        assert_eq!(
            err.message(),
            "expected one YAML document per file, found a second document"
        );
        let err = parse("t.yaml", "# only a comment\n").unwrap_err();
        assert!(
            err.message()
                .starts_with("expected a mapping, found an empty document"),
            "{}",
            err.message()
        );
    }

    /// `n` copies of an alias to a list of 99 scalars: 100 replayed nodes each.
    fn replaying(n: usize, extra: &str) -> String {
        let items = vec!["x"; 99].join(", ");
        let refs = vec!["*a"; n].join(", ");
        format!("a: &a [{items}]\ns: &s y\nb: [{refs}]\n{extra}")
    }

    #[test]
    fn alias_budget_counts_nodes_exactly() {
        // 1000 x 100 = 100,000 replayed nodes: at the limit, accepted.
        assert!(parse("t.yaml", &replaying(1000, "")).is_ok());
        // One more replayed scalar is past it.
        let err = parse("t.yaml", &replaying(1000, "c: *s\n")).unwrap_err();
        assert_eq!((err.line, err.column), (Some(4), Some(4)));
        assert!(
            err.message()
                .starts_with("expected aliases to expand to at most 100000 nodes")
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
        assert!(err.message().contains("aliases"), "{}", err.message());
    }
}
