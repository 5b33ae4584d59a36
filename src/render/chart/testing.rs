//! Test helpers: sample inputs, and the chart parsed as XML (a malformed
//! chart fails in `parse`) with queries by element and class, so that the
//! tests assert on elements and attributes rather than on substrings.

use roxmltree::{Document, Node};

use super::{
    Chart, RangeRow, Series, bars_line_band, lines, ranked_bars, stacked_bars, step_lines,
};

pub(super) fn plain(x: f64) -> String {
    format!("{x}")
}

pub(super) fn chart(id: &str) -> Chart<'_> {
    Chart::new(id, "Title", "Description", plain)
}

pub(super) fn cats(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

pub(super) fn series(name: &str, values: &[f64]) -> Series {
    Series {
        name: name.to_string(),
        values: values.to_vec(),
    }
}

/// Every chart kind drawn from the same input (`bars_line_band` uses the
/// first series for all four of its slices).
pub(super) fn all_charts(c: &Chart, x: &[String], s: &[Series], rows: &[RangeRow]) -> Vec<String> {
    let v = s.first().map(|s| s.values.clone()).unwrap_or_default();
    vec![
        stacked_bars(c, x, s),
        bars_line_band(c, x, &v, &v, &v, &v),
        lines(c, x, s),
        step_lines(c, x, s),
        ranked_bars(c, rows),
    ]
}

/// The chart as an XML tree.
#[track_caller]
pub(super) fn parse(svg: &str) -> Document<'_> {
    Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed XML ({e}): {svg}"))
}

/// True when the element's `class` has every class of the space-separated
/// `classes` (so `"bar"` matches `class="bar series-1"`).
pub(super) fn has_classes(n: Node, classes: &str) -> bool {
    let own: Vec<&str> = n.attribute("class").unwrap_or("").split(' ').collect();
    classes.split_whitespace().all(|c| own.contains(&c))
}

/// The `<tag>` elements having all of `classes`, in document order.
pub(super) fn find<'a, 'i>(doc: &'a Document<'i>, tag: &str, classes: &str) -> Vec<Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == tag && has_classes(*n, classes))
        .collect()
}

/// A numeric attribute.
#[track_caller]
pub(super) fn at(n: Node, name: &str) -> f64 {
    let v = n
        .attribute(name)
        .unwrap_or_else(|| panic!("no {name} on {n:?}"));
    v.parse()
        .unwrap_or_else(|_| panic!("{name}={v:?} is not a number"))
}

/// The text of the element's `<title>` child: its hover text.
pub(super) fn title<'a>(n: Node<'a, '_>) -> Option<&'a str> {
    let mut titles = n.children().filter(|c| c.has_tag_name("title"));
    let t = titles.next()?;
    assert!(titles.next().is_none(), "two titles on {n:?}");
    Some(t.text().unwrap_or(""))
}

/// The hover titles of the `<tag>` elements having all of `classes`; each
/// must have one.
#[track_caller]
pub(super) fn titles(doc: &Document, tag: &str, classes: &str) -> Vec<String> {
    find(doc, tag, classes)
        .into_iter()
        .map(|n| {
            title(n)
                .unwrap_or_else(|| panic!("no title on {n:?}"))
                .to_string()
        })
        .collect()
}

/// The element's own text: its text children, not its `<title>`'s.
pub(super) fn own_text(n: Node) -> String {
    n.children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect()
}

/// The own texts of all `<tag>` elements.
pub(super) fn texts_of(doc: &Document, tag: &str) -> Vec<String> {
    find(doc, tag, "").into_iter().map(own_text).collect()
}

/// The own texts of the `<text>` elements having all of `classes`.
pub(super) fn texts(doc: &Document, classes: &str) -> Vec<String> {
    find(doc, "text", classes)
        .into_iter()
        .map(own_text)
        .collect()
}

/// The names in the legend, in order.
pub(super) fn legend_names(doc: &Document) -> Vec<String> {
    find(doc, "g", "legend")
        .iter()
        .flat_map(|g| g.children().filter(|c| c.has_tag_name("text")))
        .map(own_text)
        .collect()
}

/// The x-axis labels: `<text class="label">` outside the legend.
pub(super) fn category_labels(doc: &Document) -> Vec<String> {
    find(doc, "text", "label")
        .into_iter()
        .filter(|n| n.attribute("class") == Some("label"))
        .filter(|n| !n.ancestors().any(|a| has_classes(a, "legend")))
        .map(own_text)
        .collect()
}

/// The y of the horizontal zero line (`<line class="axis">`).
#[track_caller]
pub(super) fn zero_y(doc: &Document) -> f64 {
    let axes = find(doc, "line", "axis");
    assert_eq!(axes.len(), 1, "one zero line");
    assert_eq!(at(axes[0], "y1"), at(axes[0], "y2"), "zero line is level");
    at(axes[0], "y1")
}

/// The tick labels of the axis whose labels have this `text-anchor`
/// (`end`: left axis, `start`: right axis, `middle`: bottom axis).
pub(super) fn ticks(doc: &Document, anchor: &str) -> Vec<String> {
    find(doc, "text", "label tick")
        .into_iter()
        .filter(|n| n.attribute("text-anchor") == Some(anchor))
        .map(own_text)
        .collect()
}

/// Equal up to the 0.01 rounding of coordinates.
#[track_caller]
pub(super) fn assert_close(a: f64, b: f64) {
    assert!((a - b).abs() <= 0.011, "{a} != {b}");
}

/// A path's `d` as its commands (`M`, `L`, `H`, `V`, `Z`) and their numbers.
pub(super) fn commands(d: &str) -> Vec<(char, Vec<f64>)> {
    let mut out: Vec<(char, Vec<f64>)> = Vec::new();
    let mut rest = d;
    while let Some(c) = rest.chars().next() {
        assert!("MLHVZ".contains(c), "command {c:?} in {d}");
        rest = &rest[1..];
        let end = rest
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let nums = path_numbers(&rest[..end])
            .iter()
            .map(|v| v.parse().unwrap())
            .collect();
        out.push((c, nums));
        rest = &rest[end..];
    }
    out
}

/// The numbers in a path's `d`.
pub(super) fn path_numbers(d: &str) -> Vec<&str> {
    d.split(|c: char| c.is_ascii_alphabetic() || c == ',')
        .filter(|s| !s.is_empty())
        .collect()
}

/// The SVG elements a chart may contain.
const TAGS: [&str; 9] = [
    "svg", "title", "desc", "g", "rect", "line", "path", "circle", "text",
];

/// The chart is one well-formed `<svg>` element, nothing around it, with
/// its accessible name and description, themed by classes only, and drawn
/// inside its viewBox.
#[track_caller]
pub(super) fn assert_well_formed(svg: &str, id: &str) {
    let doc = parse(svg);
    let root = doc.root_element();
    assert_eq!(root.range(), 0..svg.len(), "text around the <svg>: {svg}");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(find(&doc, "svg", "").len(), 1);
    assert_eq!(root.attribute("class"), Some("chart chart-wide"));
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(root.attribute("width"), Some("100%"));
    assert_eq!(root.attribute("preserveAspectRatio"), Some("xMidYMid meet"));
    let view: Vec<f64> = root
        .attribute("viewBox")
        .unwrap_or_default()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(
        view.len() == 4 && view[..3] == [0.0, 0.0, 720.0] && view[3] > 0.0,
        "{view:?}"
    );
    let (w, h) = (view[2], view[3]);

    // aria-labelledby names the title and the description, which are the
    // first two children, in that order, and the only elements with ids.
    let (tid, did) = (format!("{id}-title"), format!("{id}-desc"));
    assert_eq!(
        root.attribute("aria-labelledby"),
        Some(format!("{tid} {did}").as_str())
    );
    let first: Vec<Node> = root.children().filter(Node::is_element).take(2).collect();
    assert!(first[0].has_tag_name("title"), "{svg}");
    assert_eq!(first[0].attribute("id"), Some(tid.as_str()));
    assert!(first[1].has_tag_name("desc"), "{svg}");
    assert_eq!(first[1].attribute("id"), Some(did.as_str()));
    let with_id = doc.descendants().filter(|n| n.attribute("id").is_some());
    assert_eq!(with_id.count(), 2);

    for n in doc.descendants().filter(Node::is_element) {
        let tag = n.tag_name().name();
        assert!(TAGS.contains(&tag), "unexpected <{tag}> in {svg}");
        for a in n.attributes() {
            assert!(
                !["style", "fill", "stroke", "color"].contains(&a.name()),
                "inline {} on <{tag}>",
                a.name()
            );
            for bad in ["NaN", "inf", "#"] {
                assert!(!a.value().contains(bad), "{}={:?}", a.name(), a.value());
            }
        }
        // Every mark is inside the viewBox.
        for (x, y) in [("x", "y"), ("cx", "cy"), ("x1", "y1"), ("x2", "y2")] {
            if n.attribute(x).is_some() {
                let (x, y) = (at(n, x), at(n, y));
                assert!((0.0..=w).contains(&x) && (0.0..=h).contains(&y), "{n:?}");
            }
        }
        if tag == "rect" {
            assert!(at(n, "x") + at(n, "width") <= w, "{n:?}");
            assert!(at(n, "y") + at(n, "height") <= h, "{n:?}");
        }
    }
    for t in doc.descendants().filter(Node::is_text) {
        for bad in ["NaN", "inf"] {
            assert!(!t.text().unwrap_or("").contains(bad), "{t:?}");
        }
    }
}

/// Every number in a coordinate attribute or a path has at most two
/// decimals and no trailing zero.
#[track_caller]
pub(super) fn assert_short_numbers(svg: &str) {
    let doc = parse(svg);
    let short = |what: &str, v: &str| {
        assert!(v.parse::<f64>().is_ok(), "{what}={v}");
        if let Some((_, f)) = v.split_once('.') {
            assert!(f.len() <= 2 && !f.ends_with('0'), "{what}={v}");
        }
    };
    for n in doc.root_element().descendants().skip(1) {
        for attr in [
            "x", "y", "width", "height", "x1", "y1", "x2", "y2", "cx", "cy",
        ] {
            if let Some(v) = n.attribute(attr) {
                short(attr, v);
            }
        }
        for v in path_numbers(n.attribute("d").unwrap_or("")) {
            short("d", v);
        }
    }
}
