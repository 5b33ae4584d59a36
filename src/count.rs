//! The one pluraliser (just's `Count`): "1 deal", "3 deals", "2 facilities".
//! The bottom floor: any stage that words a number for people uses it.

/// `n` and `noun`, the noun in the plural unless `n` is 1.
pub(crate) fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {}", plural(noun))
    }
}

/// "deal" -> "deals", "facility" -> "facilities", "day" -> "days".
fn plural(noun: &str) -> String {
    match noun.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) => format!("{stem}ies"),
        _ => format!("{noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_in_the_singular_only_for_one() {
        assert_eq!(count(1, "deal"), "1 deal");
        assert_eq!(count(0, "deal"), "0 deals");
        assert_eq!(count(3, "facility"), "3 facilities");
        assert_eq!(count(2, "day"), "2 days");
        assert_eq!(count(2, "usage row"), "2 usage rows");
    }
}
