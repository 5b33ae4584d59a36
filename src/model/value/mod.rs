//! Typed readers for the value types of docs/data-format.md section 4: each takes a YAML
//! node and its key path, returns the checked value, or records what was
//! expected and what was found. `scalar` reads single values, `range` the
//! `{low, base, high}` form, `fields` the mappings of records.

mod fields;
mod range;
mod scalar;

pub(crate) use fields::read_fields;
pub use fields::{mapping, record};
pub use range::{Range, range};
pub use scalar::*;

use crate::error::{Diagnostic, KeyPath, Problem};
use crate::load::yaml::{Key, Node};

/// Where errors of one file are collected.
pub struct Ctx<'a> {
    pub file: &'a str,
    pub errors: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn push(&mut self, line: u64, column: u64, key: &KeyPath, problem: Problem) {
        self.errors.push(
            Diagnostic::place(self.file, Some(line.max(1)), Some(column.max(1)), problem)
                .with_key(key.clone()),
        );
    }

    /// A rule of the whole record, about no one key ("deal: expected at most ...").
    pub fn error(&mut self, node: &Node, message: impl Into<String>) {
        self.push(
            node.line,
            node.column,
            &KeyPath::root(),
            Problem::Message(message.into()),
        );
    }

    /// A rule broken by the value at `at`: "`at`: rule", placed at the value.
    pub fn fail(&mut self, node: &Node, at: &KeyPath, rule: impl Into<String>) {
        self.labelled(node, at.quoted(), at, rule);
    }

    /// Like [`Ctx::fail`], placed at the key itself (the value may be absent).
    pub fn fail_at_key(&mut self, key: &Key, at: &KeyPath, rule: impl Into<String>) {
        let what = at.quoted();
        let rule = rule.into();
        self.push(key.line, key.column, at, Problem::Rule { what, rule });
    }

    /// Like [`Ctx::fail`] with another name for the place than the bare key
    /// ("`reference` (default H100)").
    pub fn labelled(&mut self, node: &Node, what: String, at: &KeyPath, rule: impl Into<String>) {
        let rule = rule.into();
        self.push(node.line, node.column, at, Problem::Rule { what, rule });
    }

    /// The value at `at` is not of the `expected` form.
    pub fn expected(&mut self, node: &Node, at: &KeyPath, expected: &str) {
        self.expected_as(node, at.quoted(), at, expected);
    }

    fn expected_as(&mut self, node: &Node, what: String, at: &KeyPath, expected: &str) {
        let problem = Problem::Expected {
            what,
            expected: expected.to_string(),
            found: node.describe(),
        };
        self.push(node.line, node.column, at, problem);
    }
}
