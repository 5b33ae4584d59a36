//! Typed key paths (`price.ramp[0].months`): where in a record a problem is,
//! as data, so that `check --format json` reads it instead of the message.

use std::fmt;

/// One step into a YAML tree: a mapping key or a list index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// The path from a record's root to a value; empty at the root itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct KeyPath(pub Vec<Segment>);

impl KeyPath {
    /// The root of a record (no key).
    pub fn root() -> KeyPath {
        KeyPath(Vec::new())
    }

    /// A path of one key (`date`, a column of a table).
    pub fn of(key: &str) -> KeyPath {
        KeyPath::root().key(key)
    }

    /// This path, one key deeper.
    pub fn key(&self, key: &str) -> KeyPath {
        let mut segments = self.0.clone();
        segments.push(Segment::Key(key.to_string()));
        KeyPath(segments)
    }

    /// This path, one list item deeper.
    pub fn index(&self, i: usize) -> KeyPath {
        let mut segments = self.0.clone();
        segments.push(Segment::Index(i));
        KeyPath(segments)
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The path as messages quote it: `` `price.ramp[0].months` ``.
    pub fn quoted(&self) -> String {
        format!("`{self}`")
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(k) if i == 0 => f.write_str(k)?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_keys_with_dots_and_indexes_in_brackets() {
        let ramp = KeyPath::of("price").key("ramp").index(0).key("months");
        assert_eq!(ramp.to_string(), "price.ramp[0].months");
        assert_eq!(ramp.quoted(), "`price.ramp[0].months`");
        let alias = KeyPath::of("parties").index(2).key("aliases").index(10);
        assert_eq!(alias.to_string(), "parties[2].aliases[10]");
        assert_eq!(KeyPath::of("end").to_string(), "end");
        assert_eq!(KeyPath::root().to_string(), "");
        assert!(KeyPath::root().is_root());
        assert_eq!(
            KeyPath::of("sources").index(1).0,
            vec![Segment::Key("sources".into()), Segment::Index(1)]
        );
    }
}
