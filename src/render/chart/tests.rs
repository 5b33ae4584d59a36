//! Tests of the charts: structure, coordinates, escaping and edge cases.

use super::svg::{esc, num, safe_id, shorten};
use super::*;

fn plain(x: f64) -> String {
    format!("{x}")
}

fn chart(id: &str) -> Chart<'_> {
    Chart::new(id, "Title", "Description", plain)
}

fn cats(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn series(name: &str, values: &[f64]) -> Series {
    Series {
        name: name.to_string(),
        values: values.to_vec(),
    }
}

fn all_charts(c: &Chart, x: &[String], s: &[Series], rows: &[RangeRow]) -> Vec<String> {
    let v = s.first().map(|s| s.values.clone()).unwrap_or_default();
    vec![
        stacked_bars(c, x, s),
        bars_line_band(c, x, &v, &v, &v, &v),
        lines(c, x, s),
        step_lines(c, x, s),
        ranked_bars(c, rows),
    ]
}

fn assert_well_formed(svg: &str, id: &str) {
    let head = format!(r#"aria-labelledby="{id}-title {id}-desc""#);
    assert!(svg.starts_with("<svg "), "{svg}");
    assert!(svg.ends_with("</svg>"));
    assert!(svg.contains(r#"role="img""#));
    assert!(svg.contains(&head), "{svg}");
    assert!(svg.contains(r#"width="100%""#));
    assert!(svg.contains("preserveAspectRatio="));
    assert!(svg.contains(r#"viewBox="0 0 720 "#));
    // title and desc are the first children, in that order
    let after_open = &svg[svg.find('>').unwrap() + 1..];
    assert!(
        after_open.starts_with(&format!(r#"<title id="{id}-title">"#)),
        "{after_open}"
    );
    let after_title = &after_open[after_open.find("</title>").unwrap() + 8..];
    assert!(after_title.starts_with(&format!(r#"<desc id="{id}-desc">"#)));
    for bad in ["NaN", "inf", "style=", "fill=", "stroke=", "#"] {
        assert!(!svg.contains(bad), "found {bad:?} in {svg}");
    }
    assert_eq!(svg.matches("<svg").count(), 1);
    // Every element opened is closed (self-closing or paired).
    for tag in ["title", "desc", "text", "rect", "circle", "path", "g"] {
        let opened =
            svg.matches(&format!("<{tag} ")).count() + svg.matches(&format!("<{tag}>")).count();
        let closed = svg.matches(&format!("</{tag}>")).count();
        let selfclosed = svg
            .match_indices(&format!("<{tag} "))
            .filter(|(i, _)| {
                let rest = &svg[*i..];
                let end = rest.find('>').unwrap();
                rest[..end].ends_with('/')
            })
            .count();
        assert_eq!(opened, closed + selfclosed, "unbalanced <{tag}> in {svg}");
    }
}

/// Every number in a coordinate attribute has at most two decimals.
fn assert_short_numbers(svg: &str) {
    let svg = &svg[svg.find('>').unwrap()..];
    for attr in [
        "x", "y", "width", "height", "x1", "y1", "x2", "y2", "cx", "cy",
    ] {
        let pat = format!(r#" {attr}=""#);
        for (i, _) in svg.match_indices(&pat) {
            let rest = &svg[i + pat.len()..];
            let v = &rest[..rest.find('"').unwrap()];
            let decimals = v.split_once('.').map_or(0, |(_, f)| f.len());
            assert!(
                decimals <= 2 && !v.ends_with('0') || !v.contains('.'),
                "{attr}={v}"
            );
            assert!(v.parse::<f64>().is_ok(), "{attr}={v}");
        }
    }
}

#[test]
fn nice_ticks_steps() {
    assert_eq!(nice_ticks(0.0, 2.0, 5), vec![0.0, 0.5, 1.0, 1.5, 2.0]);
    assert_eq!(
        nice_ticks(0.0, 10.0, 5),
        vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    );
    assert_eq!(
        nice_ticks(0.0, 46.3e9, 5),
        vec![0.0, 10e9, 20e9, 30e9, 40e9, 50e9]
    );
    assert_eq!(
        nice_ticks(0.0, 11.0, 5),
        vec![0.0, 2.5, 5.0, 7.5, 10.0, 12.5]
    );
    assert_eq!(
        nice_ticks(-3.0, 7.0, 5),
        vec![-4.0, -2.0, 0.0, 2.0, 4.0, 6.0, 8.0]
    );
    assert_eq!(
        nice_ticks(0.0, 0.0, 5),
        vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
    );
    assert_eq!(nice_ticks(5.0, 5.0, 5), vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
    assert_eq!(
        nice_ticks(-5.0, -5.0, 5),
        vec![-5.0, -4.0, -3.0, -2.0, -1.0, 0.0]
    );
    assert_eq!(
        nice_ticks(f64::NAN, f64::INFINITY, 5),
        vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
    );
    assert_eq!(nice_ticks(10.0, 0.0, 0).len(), 2);
    for (lo, hi) in [
        (0.0, 1e-300),
        (0.0, 1e300),
        (-1e-9, 3e-9),
        (0.0, 7.0),
        (0.0, 999.0),
    ] {
        let t = nice_ticks(lo, hi, 5);
        assert!(
            t.len() >= 2 && t.iter().all(|v| v.is_finite()),
            "{lo}..{hi}: {t:?}"
        );
        assert!(t[0] <= lo && t[t.len() - 1] >= hi, "{lo}..{hi}: {t:?}");
        assert!(t.windows(2).all(|w| w[0] < w[1]));
    }
}

#[test]
fn money_tick_labels() {
    let labels: Vec<String> = nice_ticks(0.0, 46.3e9, 5)
        .into_iter()
        .map(format::usd)
        .collect();
    assert_eq!(labels, ["$0", "$10B", "$20B", "$30B", "$40B", "$50B"]);
}

#[test]
fn stacked_bars_structure() {
    let x = cats(&["2026", "2027", "2028"]);
    let s = vec![
        series("Anthropic", &[1e9, 15e9, 0.0]),
        series("OpenAI", &[0.0, 2e9, 3e9]),
    ];
    let c = Chart::money("commit", "Commitments by year", "Stacked by buyer");
    let svg = stacked_bars(&c, &x, &s);
    assert_well_formed(&svg, "commit");
    assert_short_numbers(&svg);
    // one rect per non-zero cell
    assert_eq!(svg.matches(r#"<rect class="bar "#).count(), 4);
    assert_eq!(svg.matches(r#"class="bar series-0""#).count(), 2);
    assert_eq!(svg.matches(r#"class="bar series-1""#).count(), 2);
    assert!(
        svg.contains("<title>Anthropic, 2027: $15,000,000,000</title>"),
        "{svg}"
    );
    // legend with both names, tick labels in money
    assert!(svg.contains(r#"<g class="legend">"#));
    assert!(svg.contains(">Anthropic</text>") && svg.contains(">OpenAI</text>"));
    assert!(svg.contains(">$15B</text>") || svg.contains(">$20B</text>"));
    assert!(svg.contains(r#"class="label total""#));
}

#[test]
fn two_bar_known_coordinates() {
    // Ticks 0, 0.5, .., 2 → left margin 48; plot 48..704 split in two
    // slots of 328; bars 80 wide centred: x = 48 + (328 - 80) / 2 = 172.
    // Plot top 24, bottom 264: value 2 reaches y 24, value 1 is 120 tall.
    let svg = stacked_bars(
        &chart("two"),
        &cats(&["A", "B"]),
        &[series("", &[1.0, 2.0])],
    );
    assert!(
        svg.contains(r#"<rect class="bar series-0" x="172" y="144" width="80" height="120"><title>A: 1</title></rect>"#),
        "{svg}"
    );
    assert!(
        svg.contains(r#"<rect class="bar series-0" x="500" y="24" width="80" height="240"><title>B: 2</title></rect>"#),
        "{svg}"
    );
    // unnamed single series: no legend
    assert!(!svg.contains("legend"));
    assert!(svg.contains(r#"viewBox="0 0 720 296""#), "{svg}");
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
    }];
    let x = vec![evil.to_string()];
    let s = vec![series(evil, &[1.0]), series("b", &[2.0])];
    for svg in all_charts(&c, &x, &s, &rows) {
        assert!(!svg.contains("<script"), "{svg}");
        assert!(!svg.contains(r#"&""#), "{svg}");
        assert!(svg.contains("&lt;script&gt;&amp;&quot;&#39;"), "{svg}");
        // ids are sanitised
        assert!(svg.contains(r#"<title id="-script-----title">"#), "{svg}");
    }
}

#[test]
fn empty_input_says_no_data() {
    let c = chart("empty");
    for svg in all_charts(&c, &[], &[], &[]) {
        assert_well_formed(&svg, "empty");
        assert!(svg.contains(">No data</text>"), "{svg}");
    }
    // categories but no series, or only non-finite values
    let x = cats(&["a", "b"]);
    assert!(stacked_bars(&c, &x, &[]).contains("No data"));
    let nan = vec![series("s", &[f64::NAN, f64::INFINITY])];
    for svg in all_charts(&c, &x, &nan, &[]) {
        assert!(svg.contains("No data"), "{svg}");
        assert_well_formed(&svg, "empty");
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
            assert!(!svg.contains("No data"), "{svg}");
        }
    }
    let zero = stacked_bars(&c, &cats(&["a"]), &[series("s", &[0.0])]);
    assert_eq!(zero.matches(r#"class="bar "#).count(), 0);
}

#[test]
fn bars_line_band_structure() {
    let x: Vec<String> = (1..=24).map(|m| format!("M{m}")).collect();
    let bars: Vec<f64> = (1..=24).map(|m| if m == 5 { 0.0 } else { 1e8 }).collect();
    let mut line = Vec::new();
    let mut acc = 0.0;
    for b in &bars {
        acc += b;
        line.push(acc);
    }
    let low: Vec<f64> = line.iter().map(|v| v * 0.8).collect();
    let mut high: Vec<f64> = line.iter().map(|v| v * 1.2).collect();
    high[10] = f64::NAN; // splits the band in two
    let c = Chart {
        legend: &["Monthly payments", "", "Low–high"],
        ..Chart::money("pay", "Payments", "Monthly and cumulative")
    };
    let svg = bars_line_band(&c, &x, &bars, &line, &low, &high);
    assert_well_formed(&svg, "pay");
    assert_short_numbers(&svg);
    assert_eq!(svg.matches(r#"<rect class="bar "#).count(), 23);
    assert_eq!(svg.matches(r#"<circle class="point series-1""#).count(), 24);
    // many points are marked dense
    let x60: Vec<String> = (0..60).map(|i| format!("{i}")).collect();
    let v60 = vec![1.0; 60];
    let dense = bars_line_band(&c, &x60, &v60, &v60, &v60, &v60);
    assert_eq!(
        dense
            .matches(r#"<circle class="point dense series-1""#)
            .count(),
        60
    );
    assert_eq!(svg.matches(r#"<path class="band series-1""#).count(), 2);
    assert_eq!(svg.matches(r#"<path class="line series-1""#).count(), 1);
    assert!(
        svg.contains("<title>M1: $100,000,000 (range $80,000,000 to $120,000,000)</title>"),
        "{svg}"
    );
    assert!(svg.contains(">Monthly payments</text>"));
    assert!(svg.contains(">Cumulative (right axis)</text>"));
    assert!(svg.contains(">Low–high</text>"));
    // x labels thinned to at most 12
    let x_label_count = x
        .iter()
        .filter(|l| svg.contains(&format!(">{l}</text>")))
        .count();
    assert!((6..=12).contains(&x_label_count), "{x_label_count}");
}

#[test]
fn lines_structure_and_gaps() {
    let x: Vec<String> = (0..40).map(|i| format!("{i}")).collect();
    let a: Vec<f64> = (0..40)
        .map(|i| if i == 20 { f64::NAN } else { i as f64 * 10.0 })
        .collect();
    let b: Vec<f64> = (0..30).map(|i| 100.0 + i as f64).collect();
    let s = vec![series("Site A", &a), series("Site B", &b)];
    let c = Chart::new("mw", "Contracted MW", "By site", format::mw);
    let svg = lines(&c, &x, &s);
    assert_well_formed(&svg, "mw");
    assert_short_numbers(&svg);
    assert_eq!(svg.matches(r#"<path class="line series-0""#).count(), 2);
    assert_eq!(svg.matches(r#"<path class="line series-1""#).count(), 1);
    assert_eq!(svg.matches("<circle ").count(), 39 + 30);
    assert!(svg.contains("<title>Site B, 3: 103</title>"));
    assert!(svg.contains(">Site A</text>"));
    let st = step_lines(&c, &x, &s);
    assert!(st.contains('H') && st.contains('V'));
    assert_well_formed(&st, "mw");
}

#[test]
fn ranked_bars_structure() {
    let rows = vec![
        RangeRow {
            label: "Deal A".into(),
            base: Some(2.1),
            low: Some(1.8),
            high: Some(2.6),
        },
        RangeRow {
            label: "Deal B".into(),
            base: None,
            low: None,
            high: None,
        },
        RangeRow {
            label: "A very long deal name that will not fit in the label column".into(),
            base: Some(1.5),
            low: None,
            high: None,
        },
    ];
    let c = Chart::new("rank", "Price per GPU-hour", "Ranked", |x| {
        format::usd_rate(x, "GPU-hr")
    });
    let svg = ranked_bars(&c, &rows);
    assert_well_formed(&svg, "rank");
    assert_short_numbers(&svg);
    assert_eq!(svg.matches(r#"<rect class="bar "#).count(), 2);
    assert_eq!(svg.matches(r#"<path class="whisker""#).count(), 1);
    assert!(svg.contains(r#"class="label na""#) && svg.contains(">n/a</text>"));
    assert!(svg.contains(">$2.10/GPU-hr</text>"));
    assert!(
        svg.contains("<title>Deal A: 2.1 (range 1.8 to 2.6)</title>"),
        "{svg}"
    );
    assert!(svg.contains("…</text>"));
    assert!(
        svg.contains("<title>A very long deal name that will not fit in the label column</title>")
    );
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
    }];
    let c = chart("d");
    assert_eq!(all_charts(&c, &x, &s, &rows), all_charts(&c, &x, &s, &rows));
}

#[test]
fn many_series_cycle_ten_classes() {
    let x = cats(&["a"]);
    let s: Vec<Series> = (0..12).map(|i| series(&format!("s{i}"), &[1.0])).collect();
    let svg = stacked_bars(&chart("m"), &x, &s);
    assert_eq!(svg.matches(r#"class="bar series-0""#).count(), 2);
    assert_eq!(svg.matches(r#"class="bar series-1""#).count(), 2);
    assert!(!svg.contains("series-10"));
    assert!(svg.contains(">s11</text>"));
}

#[test]
fn helpers() {
    assert_eq!(num(1.0), "1");
    assert_eq!(num(1.005), "1"); // binary 1.00499..
    assert_eq!(num(2.50), "2.5");
    assert_eq!(num(-0.001), "0");
    assert_eq!(num(f64::NAN), "0");
    assert_eq!(esc("a\u{0}b<"), "ab&lt;");
    assert_eq!(shorten("abcdef", 4), "abc…");
    assert_eq!(shorten("abc", 4), "abc");
    assert_eq!(safe_id(""), "chart");
    assert_eq!(safe_id("ok_id-1"), "ok_id-1");
    assert_eq!(runs(5, |i| i != 2), vec![0..2, 3..5]);
}
