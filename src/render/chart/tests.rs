//! Tests every chart kind shares: escaping, empty and degenerate input,
//! determinism.

use super::testing::*;
use super::*;

/// The chart says "No data" and draws nothing else.
#[track_caller]
fn assert_no_data(svg: &str) {
    let doc = parse(svg);
    assert_eq!(texts(&doc, "label no-data"), ["No data"], "{svg}");
    assert_eq!(find(&doc, "text", "").len(), 1, "{svg}");
    for mark in ["rect", "circle", "path", "line", "g"] {
        assert!(find(&doc, mark, "").is_empty(), "<{mark}> in {svg}");
    }
    assert_eq!(doc.root_element().attribute("viewBox"), Some("0 0 720 120"));
}

#[test]
fn escaping_of_hostile_labels() {
    let evil = r#"<script>&"'"#;
    let c = Chart::new(evil, evil, evil, plain);
    let rows = vec![RangeRow {
        label: evil.to_string(),
        base: Some(1.0),
        low: Some(0.5),
        high: Some(2.0),
        ..Default::default()
    }];
    let x = vec![evil.to_string()];
    let s = vec![series(evil, &[1.0]), series("b", &[2.0])];
    for svg in all_charts(&c, &x, &s, &rows) {
        assert!(!svg.contains("<script"), "{svg}");
        // Ids are sanitised; the chart parses, so no quote broke out of an
        // attribute, and the name is text, not an element.
        assert_well_formed(&svg, "-script----");
        let doc = parse(&svg);
        assert!(find(&doc, "script", "").is_empty());
        assert_eq!(texts_of(&doc, "title")[0], evil);
        assert_eq!(texts_of(&doc, "desc"), [evil]);
        // The category or row label reads the name back exactly, and so
        // does the start of a hover title.
        assert!(texts_of(&doc, "text").iter().any(|t| t == evil), "{svg}");
        let hovers = texts_of(&doc, "title");
        assert!(
            hovers[1..].iter().any(|t| t.starts_with(evil)),
            "{hovers:?}"
        );
    }
}

#[test]
fn empty_input_says_no_data() {
    let c = chart("empty");
    for svg in all_charts(&c, &[], &[], &[]) {
        assert_well_formed(&svg, "empty");
        assert_no_data(&svg);
    }
    // categories but no series, or only non-finite values
    let x = cats(&["a", "b"]);
    assert_no_data(&stacked_bars(&c, &x, &[]));
    let nan = vec![series("s", &[f64::NAN, f64::INFINITY])];
    for svg in all_charts(&c, &x, &nan, &[]) {
        assert_well_formed(&svg, "empty");
        assert_no_data(&svg);
    }
}

#[test]
fn all_zero_and_single_point_have_no_nan() {
    let c = chart("z");
    let rows_zero = vec![RangeRow {
        label: "zero".into(),
        base: Some(0.0),
        low: Some(0.0),
        high: Some(0.0),
        ..Default::default()
    }];
    let x1 = cats(&["only"]);
    for (x, s) in [
        (cats(&["a", "b", "c"]), vec![series("s", &[0.0, 0.0, 0.0])]),
        (x1.clone(), vec![series("s", &[5.0])]),
        (x1.clone(), vec![series("s", &[-5.0])]),
        (x1, vec![series("s", &[1e-300])]),
    ] {
        for svg in all_charts(&c, &x, &s, &rows_zero) {
            assert_well_formed(&svg, "z");
            assert_short_numbers(&svg);
            let doc = parse(&svg);
            assert!(find(&doc, "text", "no-data").is_empty(), "{svg}");
        }
        // A single series' bars reach from the zero line to their value.
        let v = s[0].values.clone();
        for svg in [
            stacked_bars(&c, &x, &s),
            bars_line_band(&c, &x, &v, &v, &v, &v),
        ] {
            let doc = parse(&svg);
            let zero = zero_y(&doc);
            let bars = find(&doc, "rect", "bar");
            assert_eq!(bars.len(), v.iter().filter(|&&v| v != 0.0).count());
            for (b, v) in bars.into_iter().zip(v.iter().filter(|&&v| v != 0.0)) {
                let edge = if *v > 0.0 {
                    at(b, "y") + at(b, "height")
                } else {
                    at(b, "y")
                };
                assert_close(edge, zero);
            }
        }
    }
    // Zero draws no bar, but the zero line is there.
    let zero = stacked_bars(&c, &cats(&["a"]), &[series("s", &[0.0])]);
    let doc = parse(&zero);
    assert!(find(&doc, "rect", "bar").is_empty());
    assert_eq!(zero_y(&doc), 264.0);
}

#[test]
fn deterministic_output() {
    let x = cats(&["a", "b"]);
    let s = vec![series("s", &[1.0, 2.0]), series("t", &[3.0, 4.0])];
    let rows = vec![RangeRow {
        label: "r".into(),
        base: Some(1.0),
        low: None,
        high: None,
        ..Default::default()
    }];
    let c = chart("d");
    assert_eq!(all_charts(&c, &x, &s, &rows), all_charts(&c, &x, &s, &rows));
}

#[test]
fn runs_split_at_gaps() {
    assert_eq!(runs(5, |i| i != 2), vec![0..2, 3..5]);
    assert!(runs(3, |_| false).is_empty());
    assert_eq!(runs(3, |_| true), vec![0..3]);
}
