//! Data errors drawn as rustc and just draw them, for a reader at a terminal:
//! the message, the place, the source line and a caret under the value.
//! Piped or with `NO_COLOR` set, errors stay one plain line each (the form
//! the tests and scripts read), so only a person sees the drawing.

use std::collections::BTreeMap;
use std::io::IsTerminal;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use super::{Diagnostic, count_line};

/// The most characters of a source line drawn under an error.
const SOURCE_WIDTH: usize = 120;

/// Whether errors on stderr are drawn with snippets: stderr is a terminal
/// and `NO_COLOR` is not set.
pub fn wanted() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Every diagnostic with its source line where the file can be read again
/// (`source` gives a file's text by the name it was reported under), then
/// the count. `styled` adds the terminal's colours.
pub fn render(
    diags: &[Diagnostic],
    source: impl Fn(&str) -> Option<String>,
    styled: bool,
) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut texts: BTreeMap<&str, Option<String>> = BTreeMap::new();
    let mut out = String::new();
    for d in diags {
        let text = texts
            .entry(d.file.as_str())
            .or_insert_with(|| source(&d.file))
            .as_deref();
        let message = d.message();
        let drawn = match (text, d.line) {
            (Some(text), Some(line)) => text
                .lines()
                .nth(
                    usize::try_from(line)
                        .unwrap_or(usize::MAX)
                        .saturating_sub(1),
                )
                .map(|line_text| {
                    // One source line, cut to a bounded width: a minified or
                    // binary file must not flood the terminal.
                    let cut = super::excerpt(line_text, SOURCE_WIDTH);
                    let src = cut.as_str();
                    let span = caret(src, d.column);
                    let report = [Level::ERROR.primary_title(&message).element(
                        Snippet::source(src)
                            .line_start(usize::try_from(line).unwrap_or(1))
                            .path(&d.file)
                            .annotation(AnnotationKind::Primary.span(span)),
                    )];
                    renderer.render(&report)
                }),
            _ => None,
        };
        match drawn {
            Some(drawn) => out.push_str(&drawn),
            None => out.push_str(&format!("error: {d}")),
        }
        out.push('\n');
    }
    out.push_str(&count_line(diags.len()));
    out
}

/// The byte span of the caret: the token at `column` (1-based): a quoted
/// string to its closing quote, else up to white space, a flow-collection
/// delimiter or a key's colon; the whole line when the column is unknown (CSV
/// rows).
fn caret(src: &str, column: Option<u64>) -> std::ops::Range<usize> {
    let trimmed = src.trim_end().len();
    let Some(column) = column else {
        return 0..trimmed;
    };
    let start = src
        .char_indices()
        .nth(
            usize::try_from(column)
                .unwrap_or(usize::MAX)
                .saturating_sub(1),
        )
        .map_or(trimmed, |(i, _)| i);
    let rest = &src[start..];
    let len = match rest.chars().next() {
        None => 0,
        Some(q @ ('"' | '\'')) => rest[1..].find(q).map_or(rest.trim_end().len(), |n| n + 2),
        Some(_) => {
            let mut chars = rest.char_indices().peekable();
            let mut end = rest.trim_end().len();
            while let Some((i, c)) = chars.next() {
                let key_colon =
                    c == ':' && chars.peek().is_none_or(|(_, next)| next.is_whitespace());
                if c.is_whitespace() || matches!(c, ',' | '}' | ']') || key_colon {
                    end = i;
                    break;
                }
            }
            end.max(rest.chars().next().map_or(0, char::len_utf8))
        }
    };
    start..start + len
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Diagnostic, Problem};

    fn source(name: &str) -> Option<String> {
        (name == "data/deals/a.yaml")
            .then(|| "id: a\nbuyr: Acme\nprice:\n  monthly: \"1,250\"\n".to_string())
    }

    #[test]
    fn draws_the_line_and_a_caret_under_the_value() {
        let diags = [
            Diagnostic::place(
                "data/deals/a.yaml",
                Some(2),
                Some(1),
                Problem::UnknownKey {
                    path: "`buyr`".into(),
                    container: "a deal".into(),
                    allowed: vec!["id".into(), "buyer".into()],
                    key: "buyr".into(),
                    suggestion: Some("buyer".into()),
                },
            ),
            Diagnostic::place(
                "data/deals/a.yaml",
                Some(4),
                Some(12),
                Problem::Expected {
                    what: "`price.monthly`".into(),
                    expected: "an amount in USD".into(),
                    found: "\"1,250\"".into(),
                },
            ),
            Diagnostic::new("data/usage/u.csv", "no `deal` column"),
        ];
        let text = render(&diags, source, false);
        let expected = "\
error: `buyr`: expected a key of a deal (id, buyer), found the unknown key `buyr`; did you mean `buyer`?
 --> data/deals/a.yaml:2:1
  |
2 | buyr: Acme
  | ^^^^
error: `price.monthly`: expected an amount in USD, found \"1,250\"
 --> data/deals/a.yaml:4:12
  |
4 |   monthly: \"1,250\"
  |            ^^^^^^^
error: data/usage/u.csv: no `deal` column
3 errors in the data";
        assert_eq!(text, expected);
    }

    #[test]
    fn a_long_source_line_is_cut_with_an_ellipsis() {
        let long = format!("title: {}", "x".repeat(10_000));
        let diags = [Diagnostic::at("data/deals/a.yaml", 1, 8, "too long")];
        let text = render(&diags, |_| Some(long.clone()), false);
        let drawn = format!("1 | title: {}…", "x".repeat(SOURCE_WIDTH - 7));
        assert!(text.contains(&drawn), "{text}");
        assert!(text.len() < 600, "{}", text.len());
    }

    #[test]
    fn a_line_without_a_column_is_underlined_whole() {
        assert_eq!(caret("a,b,1  ", None), 0..5);
        assert_eq!(caret("key: välue x", Some(6)), 5..11);
        assert_eq!(caret("key: välue x", Some(1)), 0..3);
        assert_eq!(caret("url: https://a.b/c", Some(6)), 5..18);
        assert_eq!(caret("{low: 1, base: 2}", Some(7)), 6..7);
        assert_eq!(caret("", Some(3)), 0..0);
    }
}
