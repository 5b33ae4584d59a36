//! range(T) of docs/data-format.md section 4: a plain value, or `{low, base, high}` for an
//! uncertain one (each such mapping is one dimension of the bands).

use super::{Ctx, mapping, read_fields};
use crate::error::KeyPath;
use crate::load::yaml::{Kind, Node};

/// A value that may be uncertain: written plainly, or as `{low, base, high}`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range<T> {
    pub low: T,
    pub base: T,
    pub high: T,
    /// Written as a `{low, base, high}` mapping: one dimension of the bands (docs/figures.md, Bands).
    pub uncertain: bool,
}

impl<T: Copy> Range<T> {
    pub fn exact(v: T) -> Self {
        Self {
            low: v,
            base: v,
            high: v,
            uncertain: false,
        }
    }

    pub fn map<U>(self, f: impl Fn(T) -> U) -> Range<U> {
        Range {
            low: f(self.low),
            base: f(self.base),
            high: f(self.high),
            uncertain: self.uncertain,
        }
    }
}

/// range(T): a plain T, or a mapping of exactly low, base and high with low <= base <= high.
pub fn range<T: PartialOrd + Copy + std::fmt::Display>(
    cx: &mut Ctx,
    node: &Node,
    at: &KeyPath,
    read: impl Fn(&mut Ctx, &Node, &KeyPath) -> Option<T>,
) -> Option<Range<T>> {
    if !matches!(node.kind, Kind::Map(_)) {
        return read(cx, node, at).map(Range::exact);
    }
    read_fields!(cx, f = mapping(node, at);
        low: req(&read),
        base: req(&read),
        high: req(&read),
    );
    let (low, base, high) = (low?, base?, high?);
    if !(low <= base && base <= high) {
        cx.fail(
            node,
            at,
            format!("expected low <= base <= high, found low {low}, base {base}, high {high}"),
        );
        return None;
    }
    Some(Range {
        low,
        base,
        high,
        uncertain: true,
    })
}
