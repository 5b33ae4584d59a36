//! Stacked vertical bars per category, with totals and a legend.

use super::legend::{Swatch, legend, series_items, x_labels};
use super::no_data::no_data;
use super::scale::{Plot, zero_line};
use super::svg::{hover, rect, series_class, svg, text, text_w};
use super::{Chart, Series, value};

/// Vertical bars per category with the series stacked (positive values
/// upward, negative values downward from zero), a total above each bar when
/// it fits, and a legend below. Zero and missing cells draw no bar.
pub fn stacked_bars(c: &Chart, categories: &[String], series: &[Series]) -> String {
    let n = categories.len();
    let has_value = series
        .iter()
        .any(|s| (0..n).any(|i| value(&s.values, i).is_some()));
    if n == 0 || !has_value {
        return no_data(c);
    }
    let cell = |s: &Series, i: usize| value(&s.values, i).unwrap_or(0.0);
    let mut pos = vec![0.0; n];
    let mut neg = vec![0.0; n];
    for s in series {
        for i in 0..n {
            let v = cell(s, i);
            if v > 0.0 {
                pos[i] += v;
            } else {
                neg[i] += v;
            }
        }
    }
    let max = pos.iter().copied().fold(0.0, f64::max);
    let min = neg.iter().copied().fold(0.0, f64::min);

    let Plot {
        left,
        right,
        bottom,
        ys,
        mut out,
    } = Plot::new(min, max, c.fmt);

    let band = (right - left) / n as f64;
    let bw = (band * 0.7).min(80.0);
    let mut up = vec![0.0; n];
    let mut down = vec![0.0; n];
    for (si, s) in series.iter().enumerate() {
        for (i, cat) in categories.iter().enumerate() {
            let v = cell(s, i);
            if v == 0.0 {
                continue;
            }
            let acc = if v > 0.0 { &mut up[i] } else { &mut down[i] };
            let from = *acc;
            *acc += v;
            let (y0, y1) = (ys.at(from), ys.at(*acc));
            let x = left + i as f64 * band + (band - bw) / 2.0;
            let title = hover(&[&s.name, cat], &(c.exact)(v));
            rect(
                &mut out,
                &format!("bar {}", series_class(si)),
                (x, y0.min(y1), bw, (y0 - y1).abs()),
                &title,
            );
        }
    }
    zero_line(&mut out, &ys, left, right);

    let totals: Vec<String> = (0..n).map(|i| (c.fmt)(pos[i] + neg[i])).collect();
    if n <= 24 && totals.iter().all(|t| text_w(t) <= band - 2.0) {
        for (i, t) in totals.iter().enumerate() {
            if pos[i] == 0.0 && neg[i] == 0.0 {
                continue;
            }
            let x = left + (i as f64 + 0.5) * band;
            let (y, dy) = if pos[i] + neg[i] >= 0.0 {
                (ys.at(pos[i]) - 6.0, None)
            } else {
                (ys.at(neg[i]) + 6.0, Some("0.71em"))
            };
            text(&mut out, "label total", x, y, "middle", dy, t);
        }
    }

    x_labels(&mut out, categories, left, band, bottom + 18.0);
    let mut height = bottom + 32.0;
    let named = series.len() > 1 || series.iter().any(|s| !s.name.is_empty());
    if named {
        let items = series_items(series, Swatch::Rect);
        height += legend(&mut out, &items, left, height, right - left);
    }
    svg(c, height, &out)
}

#[cfg(test)]
mod tests {
    use super::super::format;
    use super::super::scale::nice_ticks;
    use super::super::testing::*;
    use super::*;

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
        let doc = parse(&svg);
        assert_eq!(texts_of(&doc, "title")[0], "Commitments by year");
        assert_eq!(texts_of(&doc, "desc"), ["Stacked by buyer"]);

        // One bar per non-zero cell, coloured by series, each with its
        // exact value as hover text.
        assert_eq!(find(&doc, "rect", "bar").len(), 4);
        assert_eq!(
            titles(&doc, "rect", "bar series-0"),
            [
                "Anthropic, 2026: $1,000,000,000",
                "Anthropic, 2027: $15,000,000,000"
            ]
        );
        assert_eq!(
            titles(&doc, "rect", "bar series-1"),
            [
                "OpenAI, 2027: $2,000,000,000",
                "OpenAI, 2028: $3,000,000,000"
            ]
        );

        // The axis ticks are the nice ticks of 0..$17B (the tallest stack),
        // in money, each on its gridline; 0..$20B maps to y 264..24.
        let want: Vec<String> = nice_ticks(0.0, 17e9, 5)
            .into_iter()
            .map(format::usd)
            .collect();
        assert_eq!(ticks(&doc, "end"), want);
        assert_eq!(want, ["$0", "$5B", "$10B", "$15B", "$20B"]);
        let grid: Vec<f64> = find(&doc, "line", "grid")
            .into_iter()
            .map(|n| at(n, "y1"))
            .collect();
        let tick_y: Vec<f64> = find(&doc, "text", "tick")
            .into_iter()
            .map(|n| at(n, "y"))
            .collect();
        assert_eq!(grid, [264.0, 204.0, 144.0, 84.0, 24.0]);
        assert_eq!(tick_y, grid);

        // 2027 stacks OpenAI's $2B on Anthropic's $15B, which stands on
        // the zero line: 15/20 of 240 is 180 tall, 2/20 is 24.
        let zero = zero_y(&doc);
        assert_eq!(zero, 264.0);
        let a = find(&doc, "rect", "bar series-0")[1];
        let o = find(&doc, "rect", "bar series-1")[0];
        assert_eq!((at(a, "y"), at(a, "height")), (84.0, 180.0));
        assert_eq!((at(o, "y"), at(o, "height")), (60.0, 24.0));
        assert_eq!(at(a, "x"), at(o, "x"));

        // Totals 6 above each stack, legend with both names and their
        // colour keys, one label per year.
        assert_eq!(texts(&doc, "label total"), ["$1B", "$17B", "$3B"]);
        let total_y: Vec<f64> = find(&doc, "text", "total")
            .into_iter()
            .map(|n| at(n, "y"))
            .collect();
        assert_eq!(total_y, [246.0, 54.0, 222.0]);
        assert_eq!(legend_names(&doc), ["Anthropic", "OpenAI"]);
        assert_eq!(find(&doc, "rect", "swatch series-0").len(), 1);
        assert_eq!(find(&doc, "rect", "swatch series-1").len(), 1);
        assert_eq!(category_labels(&doc), ["2026", "2027", "2028"]);
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
        assert_well_formed(&svg, "two");
        let doc = parse(&svg);
        let bars = find(&doc, "rect", "bar series-0");
        let geo = |n| ["x", "y", "width", "height"].map(|a| at(n, a));
        assert_eq!(bars.len(), 2);
        assert_eq!(geo(bars[0]), [172.0, 144.0, 80.0, 120.0]);
        assert_eq!(geo(bars[1]), [500.0, 24.0, 80.0, 240.0]);
        assert_eq!(titles(&doc, "rect", "bar"), ["A: 1", "B: 2"]);
        // Both stand on the zero line, the bottom of the plot.
        assert_eq!(zero_y(&doc), 264.0);
        for b in bars {
            assert_eq!(at(b, "y") + at(b, "height"), 264.0);
        }
        assert_eq!(ticks(&doc, "end"), ["0", "0.5", "1", "1.5", "2"]);
        // Labels centred under their slots: 48 + 164, 48 + 328 + 164.
        let labels = find(&doc, "text", "label")
            .into_iter()
            .filter(|n| n.attribute("class") == Some("label"));
        let at_x: Vec<(f64, String)> = labels.map(|n| (at(n, "x"), own_text(n))).collect();
        assert_eq!(at_x, [(212.0, "A".into()), (540.0, "B".into())]);
        // Unnamed single series: no legend.
        assert!(find(&doc, "g", "legend").is_empty());
        assert_eq!(doc.root_element().attribute("viewBox"), Some("0 0 720 296"));
    }

    #[test]
    fn many_series_cycle_ten_classes() {
        let x = cats(&["a"]);
        let s: Vec<Series> = (0..12).map(|i| series(&format!("s{i}"), &[1.0])).collect();
        let svg = stacked_bars(&chart("m"), &x, &s);
        let doc = parse(&svg);
        let classes: Vec<&str> = find(&doc, "rect", "bar")
            .into_iter()
            .filter_map(|n| n.attribute("class"))
            .collect();
        let want: Vec<String> = (0..12).map(|i| format!("bar series-{}", i % 10)).collect();
        assert_eq!(classes, want);
        for n in doc.descendants() {
            for class in n.attribute("class").unwrap_or("").split(' ') {
                if let Some(k) = class.strip_prefix("series-") {
                    assert!(k.parse::<usize>().unwrap() < 10, "{class}");
                }
            }
        }
        let names: Vec<String> = (0..12).map(|i| format!("s{i}")).collect();
        assert_eq!(legend_names(&doc), names);
    }
}
