//! Safe file names for free-text names (buyers, providers): lower-case ASCII
//! letters, digits and '-', never the raw name, so no name can reach outside
//! its folder or break a link. Two names that fold to the same slug get
//! `-2`, `-3`, ... in byte order of the names, so the result does not depend
//! on the order the deals were read in.

use std::collections::{BTreeMap, BTreeSet};

/// Longest slug before a dedup suffix: short enough for any file system.
const MAX_LEN: usize = 60;

/// The slug of one name: transliterated to ASCII by the `slug` crate
/// (deunicode: "Société Générale" is `societe-generale`), lower-case letters
/// and digits with every other run of characters one '-', no '-' at either
/// end; "name" if nothing is left (a name of only punctuation).
pub fn slugify(name: &str) -> String {
    let mut out = slug::slugify(name);
    // The slug is ASCII, so truncating at a byte count cannot split a character.
    out.truncate(MAX_LEN);
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "name".to_string()
    } else {
        out.to_string()
    }
}

/// Unique slugs for a set of names.
#[derive(Debug, Clone, Default)]
pub struct Slugs {
    by_name: BTreeMap<String, String>,
}

impl Slugs {
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Slugs {
        let names: BTreeSet<&str> = names.into_iter().collect();
        let mut taken = BTreeSet::new();
        let mut by_name = BTreeMap::new();
        for name in names {
            let base = slugify(name);
            let mut slug = base.clone();
            let mut n = 2;
            while taken.contains(&slug) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            taken.insert(slug.clone());
            by_name.insert(name.to_string(), slug);
        }
        Slugs { by_name }
    }

    /// The slug of a name given to [`Slugs::new`].
    pub fn get(&self, name: &str) -> &str {
        self.by_name
            .get(name)
            .unwrap_or_else(|| panic!("no slug for {name:?}"))
    }

    /// (name, slug) in byte order of the names.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.by_name.iter().map(|(n, s)| (n.as_str(), s.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_to_ascii_letters_digits_and_dashes() {
        assert_eq!(slugify("Amazon Web Services"), "amazon-web-services");
        assert_eq!(slugify("  xAI / SpaceX!! "), "xai-spacex");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("Nebius Group N.V."), "nebius-group-n-v");
        assert_eq!(slugify("Société Générale"), "societe-generale");
        assert_eq!(slugify("Ørsted Ærø"), "orsted-aero");
        assert_eq!(slugify("深度求索"), "shen-du-qiu-suo");
        assert_eq!(slugify("!!!"), "name");
        assert_eq!(slugify(""), "name");
        assert_eq!(slugify(&"a".repeat(100)).len(), MAX_LEN);
        assert_eq!(slugify(&format!("{}-b", "a".repeat(59))), "a".repeat(59));
    }

    #[test]
    fn collisions_are_numbered_in_name_order() {
        // Given in an order other than byte order: the result must not care.
        let s = Slugs::new(["x-ai", "XAI", "xAI", "x ai", "???", "!!!"]);
        assert_eq!(s.get("XAI"), "xai");
        assert_eq!(s.get("xAI"), "xai-2");
        assert_eq!(s.get("x ai"), "x-ai");
        assert_eq!(s.get("x-ai"), "x-ai-2");
        assert_eq!(s.get("!!!"), "name");
        assert_eq!(s.get("???"), "name-2");
    }

    #[test]
    fn a_numbered_slug_never_takes_a_natural_one() {
        let s = Slugs::new(["a", "A", "a-2"]);
        let all: BTreeSet<&str> = s.iter().map(|(_, slug)| slug).collect();
        assert_eq!(all.len(), 3);
        assert_eq!(s.get("A"), "a");
        assert_eq!(s.get("a"), "a-2");
        assert_eq!(s.get("a-2"), "a-2-2");
    }
}
