//! Small charts drawn on the server as SVG: no script, readable at 375 px (the drawing
//! scales to its box), and never the only way to the numbers — each chart comes with a
//! table of the same figures for screen readers and a legend in words.

use handlebars::html_escape as escape;
use std::fmt::Write;

/// One series of a stacked bar chart: its name (legend, in the reader's language) and its
/// CSS class (colour, a stable code).
pub struct Series<'a> {
    pub name: &'a str,
    pub class: &'a str,
}

/// One bar: its label under the axis, its full name (in the table) and one value per
/// series.
pub struct Bar {
    pub label: String,
    pub name: String,
    pub values: Vec<u32>,
}

const HEIGHT: u32 = 120;
const BAR: u32 = 22;
const GAP: u32 = 10;
const TOP: u32 = 14;
const AXIS: u32 = 18;

/// What a chart is: `id` makes its element ids unique on the page; `axis` names what the
/// bars are (the first column of its table); `empty` is the sentence shown instead of a
/// chart with nothing to draw. The caller gives every word (title, axis, sentence, series
/// and bar names) in the reader's language; the chart adds none of its own.
pub struct Chart<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub axis: &'a str,
    pub empty: &'a str,
    /// Whether the title is shown above the chart (when no heading of the page names it).
    pub caption: bool,
}

/// How much larger than its drawing units a chart is shown (its text then reads at the
/// size of the page's small print).
const SCALE: f32 = 1.5;

/// A stacked bar chart with its title, a legend and a table of its figures; a sentence
/// when every bar is empty.
pub fn stacked_bars(c: &Chart<'_>, series: &[Series<'_>], bars: &[Bar]) -> String {
    let (id, title) = (c.id, c.title);
    if bars.iter().all(|b| b.values.iter().all(|v| *v == 0)) {
        return format!(r#"<p class="chart-empty">{}</p>"#, escape(c.empty));
    }
    let max = bars
        .iter()
        .map(|b| b.values.iter().sum::<u32>())
        .max()
        .unwrap_or(0)
        .max(1);
    // Each bar stands in a slot wide enough for its label (about 6 units a character).
    let longest = bars
        .iter()
        .map(|b| b.label.chars().count() as u32)
        .max()
        .unwrap_or(0);
    let slot = (BAR + GAP).max(longest * 6 + 8);
    let width = bars.len() as u32 * slot + GAP + 24;
    let total_h = TOP + HEIGHT + AXIS;
    let mut svg = String::new();
    // Drawn at its own size (never enlarged), narrowed to fit a small screen.
    let _ = write!(
        svg,
        r#"<svg class="chart" width="{}" height="{}" viewBox="0 0 {width} {total_h}" role="img" aria-labelledby="{id}-t" preserveAspectRatio="xMinYMin meet"><title id="{id}-t">{}</title>"#,
        (width as f32 * SCALE).round(),
        (total_h as f32 * SCALE).round(),
        escape(title)
    );
    // The scale: a line at the top value.
    let _ = write!(
        svg,
        r#"<line class="chart-grid" x1="24" x2="{width}" y1="{TOP}" y2="{TOP}"/><text class="chart-axis" x="20" y="{}" text-anchor="end">{max}</text><line class="chart-base" x1="24" x2="{width}" y1="{}" y2="{}"/>"#,
        TOP + 4,
        TOP + HEIGHT,
        TOP + HEIGHT
    );
    for (i, b) in bars.iter().enumerate() {
        let x = 24 + GAP + i as u32 * slot + (slot - BAR - GAP) / 2;
        let mut y = TOP + HEIGHT;
        for (v, s) in b.values.iter().zip(series) {
            if *v == 0 {
                continue;
            }
            let h = (*v * HEIGHT).div_ceil(max);
            y -= h;
            let _ = write!(
                svg,
                r#"<rect class="{}" x="{x}" y="{y}" width="{BAR}" height="{h}"><title>{}: {v} {}</title></rect>"#,
                s.class,
                escape(&b.name),
                escape(s.name)
            );
        }
        let total: u32 = b.values.iter().sum();
        if total > 0 {
            let _ = write!(
                svg,
                r#"<text class="chart-value" x="{}" y="{}" text-anchor="middle">{total}</text>"#,
                x + BAR / 2,
                y.saturating_sub(3)
            );
        }
        let _ = write!(
            svg,
            r#"<text class="chart-axis" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            x + BAR / 2,
            TOP + HEIGHT + 13,
            escape(&b.label)
        );
    }
    svg.push_str("</svg>");
    let mut legend = String::from(r#"<ul class="chart-legend" aria-hidden="true">"#);
    for s in series {
        let _ = write!(
            legend,
            r#"<li><span class="swatch {}"></span>{}</li>"#,
            s.class,
            escape(s.name)
        );
    }
    legend.push_str("</ul>");
    let mut table = format!(
        r#"<table class="vh"><caption>{}</caption><thead><tr><th scope="col">{}</th>"#,
        escape(title),
        escape(c.axis)
    );
    for s in series {
        let _ = write!(table, r#"<th scope="col">{}</th>"#, escape(s.name));
    }
    table.push_str("</tr></thead><tbody>");
    for b in bars {
        let _ = write!(table, r#"<tr><th scope="row">{}</th>"#, escape(&b.name));
        for v in &b.values {
            let _ = write!(table, "<td>{v}</td>");
        }
        table.push_str("</tr>");
    }
    table.push_str("</tbody></table>");
    let caption = if c.caption {
        format!(
            r#"<figcaption class="chart-caption" aria-hidden="true">{}</figcaption>"#,
            escape(title)
        )
    } else {
        String::new()
    };
    format!(r#"<figure class="chart-box">{caption}{svg}{legend}{table}</figure>"#)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_stack_to_scale_with_their_figures_in_a_table() {
        let series = [
            Series {
                name: "held",
                class: "s1",
            },
            Series {
                name: "planned",
                class: "s2",
            },
        ];
        let bars = [
            Bar {
                label: "Nov".into(),
                name: "November 2026".into(),
                values: vec![2, 0],
            },
            Bar {
                label: "Dec".into(),
                name: "December <2026>".into(),
                values: vec![1, 3],
            },
        ];
        let chart = |id| Chart {
            id,
            title: "Audits per month",
            axis: "Month",
            empty: "No audits in these months.",
            caption: false,
        };
        let html = stacked_bars(&chart("load"), &series, &bars);
        // The tallest bar (4) fills the height; 2 of 4 is half of it.
        assert!(
            html.contains(r#"height="60"><title>November 2026: 2 held</title>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"height="30"><title>December &lt;2026&gt;: 1 held</title>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"height="90"><title>December &lt;2026&gt;: 3 planned</title>"#),
            "{html}"
        );
        assert!(!html.contains("0 planned"), "empty parts are not drawn");
        assert!(
            html.contains(r#"<tr><th scope="row">November 2026</th><td>2</td><td>0</td></tr>"#)
        );
        assert!(html.contains(r#"role="img" aria-labelledby="load-t""#));
        assert!(html.contains(r#"<th scope="col">Month</th>"#));
        // Nothing to draw: the sentence instead, no division by zero.
        for bars in [
            &[][..],
            &[Bar {
                label: "Jan".into(),
                name: "January".into(),
                values: vec![0, 0],
            }][..],
        ] {
            let empty = stacked_bars(&chart("e"), &series, bars);
            assert_eq!(
                empty,
                r#"<p class="chart-empty">No audits in these months.</p>"#
            );
        }
    }
}
