//! The mappings of records: every key declared once, with its reader, by
//! [`read_fields!`]; keys not declared are reported as unknown, with the
//! declared ones listed in declaration order.

use super::Ctx;
use crate::error::{Diagnostic, KeyPath, Problem, did_you_mean};
use crate::load::yaml::{Key, Kind, Node};

/// Declares the keys of one mapping, each once, with how it is read:
///
/// ```ignore
/// read_fields!(cx, f = mapping(node, at);
///     months: req(v::count_at_least_one),
///     discount: may(fraction_range),
/// );
/// ```
///
/// expands to `let f = mapping(cx, node, at, &["months", "discount"])?;`
/// (the allowed keys, in this order) and one `let <key> = f.<mode>(cx,
/// "<key>", <reader>);` per line, in this order, so that a later reader may
/// use an earlier value. Modes: `req` (required: `Option<T>`), `opt` (absent
/// or invalid: `None`), `may` (absent: `Some(None)`, invalid: `None`). A key
/// declared and never used is an unused variable (a warning, an error in CI);
/// a key read by name without being declared fails the debug assertion in
/// [`Fields::get`].
macro_rules! read_fields {
    ($cx:expr, $f:ident = $($func:ident)::+ ($($arg:expr),* $(,)?);
     $( $key:ident : $mode:ident ( $read:expr ) ),+ $(,)?) => {
        let $f = $($func)::+($cx, $($arg,)* &[$(stringify!($key)),+])?;
        $( let $key = $f.$mode($cx, stringify!($key), $read); )+
    };
}
pub(crate) use read_fields;

/// The entries of a mapping whose keys have been checked against the allowed set.
pub struct Fields<'a> {
    pub node: &'a Node,
    entries: &'a [(Key, Node)],
    /// Where the mapping is; its keys are one step deeper.
    path: KeyPath,
    allowed: &'static [&'static str],
}

/// What holds the keys: a record file (named in its errors) or a value at a key.
enum Holder<'p> {
    Record(&'p str),
    Key(&'p KeyPath),
}

/// Reads the root of a record file (`deal`, `site.yaml`) as a mapping of `allowed` keys.
pub fn record<'a>(
    cx: &mut Ctx,
    node: &'a Node,
    name: &str,
    allowed: &'static [&'static str],
) -> Option<Fields<'a>> {
    fields(cx, node, Holder::Record(name), allowed)
}

/// Reads the value at `at` as a mapping that may hold only `allowed` keys.
pub fn mapping<'a>(
    cx: &mut Ctx,
    node: &'a Node,
    at: &KeyPath,
    allowed: &'static [&'static str],
) -> Option<Fields<'a>> {
    fields(cx, node, Holder::Key(at), allowed)
}

fn fields<'a>(
    cx: &mut Ctx,
    node: &'a Node,
    holder: Holder,
    allowed: &'static [&'static str],
) -> Option<Fields<'a>> {
    let path = match holder {
        Holder::Record(_) => KeyPath::root(),
        Holder::Key(at) => at.clone(),
    };
    let Kind::Map(entries) = &node.kind else {
        match holder {
            Holder::Record(name) => cx.expected_as(node, name.to_string(), &path, "a mapping"),
            Holder::Key(at) => cx.expected(node, at, "a mapping"),
        }
        return None;
    };
    // `price.currency`: expected a key of `price` (...); `currency`: ... of a deal (...).
    let container = match holder {
        Holder::Record(name) if name.ends_with(".yaml") => name.to_string(),
        Holder::Record(name) => format!("a {name}"),
        Holder::Key(at) => at.quoted(),
    };
    for (key, _) in entries {
        if !allowed.contains(&key.name.as_str()) {
            let at = path.key(&key.name);
            cx.errors.push(
                Diagnostic::place(
                    cx.file,
                    Some(key.line.max(1)),
                    Some(key.column.max(1)),
                    Problem::UnknownKey {
                        path: at.quoted(),
                        container: container.clone(),
                        allowed: allowed.iter().map(|a| a.to_string()).collect(),
                        key: key.name.clone(),
                        suggestion: did_you_mean(&key.name, allowed).map(str::to_string),
                    },
                )
                .with_key(at),
            );
        }
    }
    Some(Fields {
        node,
        entries,
        path,
        allowed,
    })
}

impl<'a> Fields<'a> {
    fn entry(&self, key: &str) -> Option<&'a (Key, Node)> {
        debug_assert!(
            self.allowed.contains(&key),
            "`{key}` is read but not declared (declared: {:?})",
            self.allowed
        );
        self.entries.iter().find(|(k, _)| k.name == key)
    }

    /// The value of `key`, or None when it is absent or null (the same by docs/data-format.md section 3).
    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.entry(key).map(|(_, v)| v).filter(|v| !v.is_null())
    }

    /// Whether `key` is written at all, even as null (for "even `0` or `[]`" rules).
    pub fn key(&self, key: &str) -> Option<&'a Key> {
        self.entry(key).map(|(k, _)| k)
    }

    /// The path of `key` in this mapping (`price.escalation`).
    pub fn path(&self, key: &str) -> KeyPath {
        self.path.key(key)
    }

    /// The value of a required key. Absent is reported at the enclosing mapping;
    /// an explicit null (the same as absent by docs/data-format.md section 3) at its key.
    pub fn require(&self, cx: &mut Ctx, key: &str) -> Option<&'a Node> {
        let at = self.path(key);
        let expected = "expected a value (the key is required)";
        match self.entry(key) {
            Some((_, value)) if !value.is_null() => Some(value),
            Some((k, _)) => {
                cx.fail_at_key(k, &at, format!("{expected}, found nothing (null)"));
                None
            }
            None => {
                cx.fail(self.node, &at, format!("{expected}, found no such key"));
                None
            }
        }
    }

    /// A required field read with `read`.
    pub fn req<T>(
        &self,
        cx: &mut Ctx,
        key: &str,
        read: impl FnOnce(&mut Ctx, &'a Node, &KeyPath) -> Option<T>,
    ) -> Option<T> {
        let node = self.require(cx, key)?;
        read(cx, node, &self.path(key))
    }

    /// An optional field read with `read`: None when absent or invalid.
    pub fn opt<T>(
        &self,
        cx: &mut Ctx,
        key: &str,
        read: impl FnOnce(&mut Ctx, &'a Node, &KeyPath) -> Option<T>,
    ) -> Option<T> {
        let node = self.get(key)?;
        read(cx, node, &self.path(key))
    }

    /// An optional field that must be valid when written: Some(None) when
    /// absent, Some(Some(v)) when valid, None when invalid.
    pub fn may<T>(
        &self,
        cx: &mut Ctx,
        key: &str,
        read: impl FnOnce(&mut Ctx, &'a Node, &KeyPath) -> Option<T>,
    ) -> Option<Option<T>> {
        match self.get(key) {
            None => Some(None),
            Some(node) => read(cx, node, &self.path(key)).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{count, string};
    use super::*;
    use crate::load::yaml::parse;

    /// Reads a two-key record with the macro, as the records do.
    fn read(yaml: &str) -> (Option<(String, Option<u64>)>, Vec<Diagnostic>) {
        let root = parse("t.yaml", yaml).unwrap();
        let mut errors = Vec::new();
        let cx = &mut Ctx {
            file: "t.yaml",
            errors: &mut errors,
        };
        let read = |cx: &mut Ctx| {
            read_fields!(cx, f = record(&root, "thing");
                name: req(string),
                count: may(count),
            );
            Some((name?, count?))
        };
        let out = read(cx);
        (out, errors)
    }

    #[test]
    fn declared_keys_are_read_and_listed_in_declaration_order() {
        let (out, errors) = read("name: a\ncount: 3\n");
        assert_eq!(out, Some(("a".to_string(), Some(3))));
        assert!(errors.is_empty());
        let (out, errors) = read("name: a\n");
        assert_eq!(out, Some(("a".to_string(), None)));
        assert!(errors.is_empty());

        let (out, errors) = read("name: a\ncont: 3\n");
        assert_eq!(out, Some(("a".to_string(), None)));
        let messages: Vec<String> = errors.iter().map(Diagnostic::message).collect();
        assert_eq!(
            messages,
            [
                "`cont`: expected a key of a thing (name, count), found the unknown key `cont`; did you mean `count`?"
            ]
        );
        assert_eq!(errors[0].key, Some(KeyPath::of("cont")));
    }

    #[test]
    fn readers_fill_the_key_path_of_their_errors() {
        let (out, errors) = read("count: -1\n");
        assert_eq!(out, None);
        let keyed: Vec<(String, Option<String>)> = errors
            .iter()
            .map(|d| (d.message(), d.key.as_ref().map(KeyPath::to_string)))
            .collect();
        assert_eq!(
            keyed,
            [
                (
                    "`name`: expected a value (the key is required), found no such key".to_string(),
                    Some("name".to_string())
                ),
                (
                    "`count`: expected a whole number >= 0 written as digits (e.g. 150000), found `-1`".to_string(),
                    Some("count".to_string())
                ),
            ]
        );
        assert_eq!(
            errors[1].key_and_message(),
            (
                Some("count".to_string()),
                "expected a whole number >= 0 written as digits (e.g. 150000), found `-1`"
                    .to_string()
            )
        );
    }

    #[test]
    #[should_panic(expected = "`other` is read but not declared")]
    fn a_key_read_but_not_declared_fails() {
        let root = parse("t.yaml", "name: a\n").unwrap();
        let mut errors = Vec::new();
        let cx = &mut Ctx {
            file: "t.yaml",
            errors: &mut errors,
        };
        let f = record(cx, &root, "thing", &["name"]).unwrap();
        let _ = f.get("other");
    }
}
