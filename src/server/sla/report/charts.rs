//! Bar charts for the SLA dashboard, rendered on the server as inline SVG.
//!
//! Drawing on the server keeps a chart library out of the WASM bundle and lets the page show
//! the charts before (and without) hydration. The charts read right to left like the rest of
//! the desk: the first (oldest) category sits at the right, the value axis is on the right and
//! the legend flows from the right. Every number comes from the caller's formatter, so the
//! caller decides on Persian digits, percent signs and units.
//!
//! The SVG carries no colours of its own: the Content-Security-Policy allows no inline styles,
//! and the page's stylesheet (light, dark, print) should decide anyway. Shapes therefore carry
//! only classes, plus `currentColor` fallbacks so an unstyled chart is still legible:
//!
//! - `chart` on the `<svg>` (`chart chart-empty` when there is nothing to draw);
//! - `chart-bar chart-s0`, `chart-bar chart-s1`, … on the bars, `chart-swatch chart-sN` on
//!   the matching legend swatches (style `.chart-sN` to colour both);
//! - `chart-target` on the dashed target line and its legend swatch;
//! - `chart-grid` on the group of horizontal grid lines, `chart-axis` on the group of axis
//!   lines and tick marks;
//! - `chart-label chart-tick` on value-axis labels, `chart-label chart-category` on category
//!   labels, `chart-legend` on legend labels, `chart-label chart-empty-text` on the "no data"
//!   text.
//!
//! The drawing has a fixed `viewBox` and `width="100%"`, so it shrinks to a phone; its font
//! sizes are in viewBox units and grow with the width, so the stylesheet should cap the width
//! (about 36rem keeps the labels near body-text size on a desktop).

use std::fmt::Write;

/// One row of values, drawn as one bar per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    /// One value per category; `None` draws no bar (no requests that month, say).
    pub values: Vec<Option<f64>>,
}

/// Everything one chart needs; borrowed so a page can describe several charts cheaply.
pub struct BarChart<'a> {
    /// Prefix of the ids given to `<title>` and `<desc>`; must be unique on the page.
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// Oldest first; the first one is drawn at the right.
    pub categories: &'a [String],
    /// Bars of one category are grouped; series order is legend order, right to left.
    pub series: &'a [Series],
    /// A dashed horizontal line across the plot and its legend label.
    pub target: Option<(f64, &'a str)>,
    /// Fixed top of the value axis (100 for percentages); otherwise the axis grows to fit
    /// the data and the target.
    pub max: Option<f64>,
    /// Formats tick labels, tooltips and the target's tooltip.
    pub format: &'a dyn Fn(f64) -> String,
    pub empty_text: &'a str,
}

/// Width of the drawing in viewBox units: narrow enough that 12 months stay legible when
/// scaled down to a 360 px phone.
const WIDTH: f64 = 440.0;
const PAD: f64 = 8.0;
const PLOT_HEIGHT: f64 = 200.0;
// Font sizes in viewBox units: on a 360 px phone the drawing is ~310 px wide (scale 0.7), so
// 16 units draw at least 11 px there.
const FONT: f64 = 16.0;
const TICK_FONT: f64 = 16.0;
/// Average advance of a glyph in em: measured 0.40–0.47 for Vazirmatn month labels, rounded
/// up for the Tahoma fallback, since nothing measures text on the server.
const CHAR_EM: f64 = 0.5;
const LEGEND_ROW: f64 = 22.0;
const SWATCH: f64 = 12.0;
const TARGET_SWATCH: f64 = 20.0;
const MAX_BAR: f64 = 32.0;
/// Value-axis bounds for the arithmetic only (data outside them is still labelled as given),
/// so absurd inputs cannot overflow the scale into infinities.
const AXIS_FLOOR: f64 = 1e-9;
const AXIS_CEILING: f64 = 1e300;
const SIN45: f64 = std::f64::consts::FRAC_1_SQRT_2;

// Writing into a `String` cannot fail, so the `fmt::Result`s below are discarded.

/// Renders the chart as one `<svg>` element for inline HTML; never panics, and the same input
/// always gives the same bytes (the page may be cached or compared in tests).
pub fn bar_chart(c: &BarChart) -> String {
    let id = sanitize_id(c.id);
    let n = c.categories.len();
    let values: Vec<Vec<Option<f64>>> = c
        .series
        .iter()
        .map(|s| {
            (0..n)
                .map(|i| clean(s.values.get(i).copied().flatten()))
                .collect()
        })
        .collect();
    let data_max = values
        .iter()
        .flatten()
        .flatten()
        .fold(0.0, |a: f64, &v| a.max(v));
    if n == 0 || data_max <= 0.0 {
        return empty_chart(c, &id);
    }
    let target = c
        .target
        .and_then(|(v, label)| clean(Some(v)).map(|v| (v, label)));
    let fixed = c.max.filter(|m| m.is_finite() && *m > 0.0);
    let axis = Axis::new(fixed, data_max.max(target.map_or(0.0, |t| t.0)));
    let tick_labels: Vec<String> = axis.ticks.iter().map(|&t| (c.format)(t)).collect();

    // Horizontal layout: value axis and its labels at the right, groups to its left.
    let tick_w = tick_labels
        .iter()
        .map(|l| text_width(l, TICK_FONT))
        .fold(0.0, f64::max);
    // Absurdly long labels may overflow the edge rather than squeeze the plot to nothing.
    let max_right = WIDTH * 0.45;
    let mut right = (PAD + tick_w + 10.0).min(max_right);
    let mut group_w = (WIDTH - PAD - right) / n as f64;
    let labels = CategoryLabels::choose(c.categories, group_w);
    if let CategoryLabels::Rotated { width } = labels {
        // A rotated label hangs down and to the right of its group; the first group's label
        // must stay inside the drawing, so the plot may give up some width.
        let reach = SIN45 * width + 0.36 * FONT;
        let half = 1.0 / (2.0 * n as f64);
        let needed = (reach + PAD - (WIDTH - PAD) * half) / (1.0 - half);
        right = right.max(needed).min(max_right);
        group_w = (WIDTH - PAD - right) / n as f64;
    }
    let axis_x = WIDTH - right;
    let label_every = labels.every(group_w);

    // Vertical layout: legend, plot, category labels.
    let legend = Legend::layout(c.series, target, values.len() > 1 || target.is_some());
    let plot_top = PAD + legend.height + TICK_FONT * 0.5 + 4.0;
    let base_y = plot_top + PLOT_HEIGHT;
    let height = base_y + labels.height() + PAD;
    let y_of = |v: f64| base_y - (v.min(axis.top) / axis.top) * PLOT_HEIGHT;

    let mut out = String::with_capacity(4096 + 512 * n * values.len().max(1));
    open_svg(&mut out, c, &id, height, "chart");

    // Grid lines first so bars cover them.
    out.push_str(r#"<g class="chart-grid" stroke="currentColor" stroke-opacity="0.2">"#);
    for &t in axis.ticks.iter().filter(|&&t| t > 0.0) {
        let y = num(y_of(t));
        let _ = write!(
            out,
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}"/>"#,
            num(PAD),
            num(axis_x)
        );
    }
    out.push_str("</g>");

    // Bars, series 0 at the right of each group, as the eye meets it first.
    let series_n = values.len().max(1) as f64;
    let bar_w = (group_w * if series_n > 1.0 { 0.76 } else { 0.6 } / series_n).min(MAX_BAR);
    let gap = if series_n > 1.0 {
        (bar_w * 0.12).min(2.0)
    } else {
        0.0
    };
    out.push_str(r#"<g class="chart-bars">"#);
    for (i, cat) in c.categories.iter().enumerate() {
        let center = axis_x - (i as f64 + 0.5) * group_w;
        let group_right = center + bar_w * series_n / 2.0;
        for (j, (s, vals)) in c.series.iter().zip(&values).enumerate() {
            let Some(v) = vals[i] else { continue };
            // A zero still gets a hairline: it is a measured value, unlike a missing one, and
            // its tooltip must be reachable.
            let h = (base_y - y_of(v)).max(if v == 0.0 { 1.0 } else { 0.0 });
            let x = group_right - (j as f64 + 1.0) * bar_w + gap / 2.0;
            let _ = write!(
                out,
                r#"<rect class="chart-bar chart-s{j}" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>"#,
                num(x),
                num(base_y - h),
                num(bar_w - gap),
                num(h),
                escape(&crate::copy::chart_bar_title(cat, &s.label, &(c.format)(v))),
            );
        }
    }
    out.push_str("</g>");

    if let Some((t, label)) = target {
        let y = num(y_of(t));
        let _ = write!(
            out,
            r#"<line class="chart-target" x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="currentColor" stroke-width="2" stroke-dasharray="6 4"><title>{}: {}</title></line>"#,
            num(PAD),
            num(axis_x),
            escape(label),
            escape(&(c.format)(t)),
        );
    }

    // Axes over the bars so the baseline stays crisp.
    let _ = write!(
        out,
        r#"<g class="chart-axis" stroke="currentColor"><line x1="{}" y1="{b}" x2="{a}" y2="{b}"/><line x1="{a}" y1="{}" x2="{a}" y2="{b}"/>"#,
        num(PAD),
        num(plot_top),
        a = num(axis_x),
        b = num(base_y),
    );
    for &t in &axis.ticks {
        let y = num(y_of(t));
        let _ = write!(
            out,
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}"/>"#,
            num(axis_x),
            num(axis_x + 4.0)
        );
    }
    out.push_str("</g>");

    // Tick labels right of the axis; in RTL text "end" is the left edge.
    for (&t, label) in axis.ticks.iter().zip(&tick_labels) {
        let _ = write!(
            out,
            r#"<text class="chart-label chart-tick" x="{}" y="{}" font-size="{}" text-anchor="end">{}</text>"#,
            num(axis_x + 7.0),
            num(y_of(t) + TICK_FONT * 0.35),
            num(TICK_FONT),
            escape(label),
        );
    }

    for (i, cat) in c.categories.iter().enumerate() {
        if i % label_every != 0 {
            continue;
        }
        let center = axis_x - (i as f64 + 0.5) * group_w;
        labels.write(&mut out, cat, center, base_y);
    }

    legend.write(&mut out, c.series, target);
    out.push_str("</svg>");
    out
}

/// Negative and non-finite values have no meaning on these charts; dropping them here means
/// nothing below can produce a NaN coordinate.
fn clean(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite() && *v >= 0.0)
}

/// Ids go into attributes and `aria-labelledby` lists, so only characters that are safe in
/// both (and in CSS selectors) survive; others become `_` rather than vanish so distinct
/// prefixes stay distinct.
fn sanitize_id(raw: &str) -> String {
    let mut id: String = raw
        .chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() || ch == '-' || ch == '_' {
                ch
            } else {
                '_'
            }
        })
        .collect();
    if !id.starts_with(|ch: char| ch.is_ascii_alphabetic()) {
        id.insert_str(0, "chart-");
    }
    id
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Coordinates to two decimals without trailing zeros: short, stable output.
fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 || !r.is_finite() {
        "0".to_owned()
    } else {
        format!("{r}")
    }
}

fn text_width(s: &str, font: f64) -> f64 {
    s.chars().count() as f64 * font * CHAR_EM
}

fn open_svg(out: &mut String, c: &BarChart, id: &str, height: f64, class: &str) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="{class}" viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="{id}-title {id}-desc" direction="rtl" font-size="{}" fill="currentColor"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        num(WIDTH),
        num(height),
        num(FONT),
        escape(c.title),
        escape(c.description),
    );
}

/// Still an accessible image with the caller's title, so the page layout and screen readers
/// see the same element whether or not there was data.
fn empty_chart(c: &BarChart, id: &str) -> String {
    let mut out = String::with_capacity(512);
    open_svg(&mut out, c, id, 64.0, "chart chart-empty");
    let _ = write!(
        out,
        r#"<text class="chart-label chart-empty-text" x="{}" y="36" text-anchor="middle">{}</text></svg>"#,
        num(WIDTH / 2.0),
        escape(c.empty_text),
    );
    out
}

/// The value scale: 0 at the baseline, `top` at the top of the plot.
#[derive(Debug, Clone, PartialEq)]
struct Axis {
    top: f64,
    ticks: Vec<f64>,
}

impl Axis {
    /// Round steps (1, 2, 2.5, 5 × 10^k) make gridlines easy to read off; 3 to 5 intervals
    /// are enough to read a value and few enough for a phone.
    fn new(fixed: Option<f64>, data_max: f64) -> Axis {
        let v = fixed.unwrap_or(data_max).clamp(AXIS_FLOOR, AXIS_CEILING);
        // A fixed top need not be a tick (ticks stop below it); a free top is the last tick.
        let max_intervals = |q: f64| match fixed {
            Some(_) => (q + 1e-9).floor() <= 5.0,
            None => q <= 5.0 + 1e-9,
        };
        let (tenths, exp) = nice_step(v, max_intervals);
        let tick = |i: u32| {
            let units = f64::from(i * tenths);
            // Dividing by an exact power of ten keeps 0.1 × 3 printing as 0.3.
            if exp >= 1 {
                units * 10f64.powi(exp - 1)
            } else {
                units / 10f64.powi(1 - exp)
            }
        };
        let step = tick(1);
        let intervals = match fixed {
            Some(_) => (v / step + 1e-9).floor(),
            None => (v / step - 1e-9).ceil(),
        }
        .clamp(1.0, 5.0) as u32;
        let ticks: Vec<f64> = (0..=intervals).map(tick).collect();
        let top = if fixed.is_some() { v } else { tick(intervals) };
        Axis { top, ticks }
    }
}

/// The smallest round step whose number of intervals over `v` passes `fits`, as tenths of
/// its mantissa (10, 20, 25, 50) and a power of ten.
fn nice_step(v: f64, fits: impl Fn(f64) -> bool) -> (u32, i32) {
    let k = (v / 5.0).log10().floor() as i32;
    for exp in (k - 1)..=(k + 1) {
        for tenths in [10u32, 20, 25, 50] {
            let step = f64::from(tenths) / 10.0 * 10f64.powi(exp);
            if fits(v / step) {
                return (tenths, exp);
            }
        }
    }
    (10, k + 2)
}

/// How category labels fit under their groups, tried from most to least readable.
#[derive(Debug, Clone, Copy, PartialEq)]
enum CategoryLabels {
    Flat,
    /// Split at the last space ("مهر" over "۱۴۰۴"), which keeps month names horizontal.
    TwoLines,
    /// Rotated 45° so the label ends under its bar and reads upwards from the lower right,
    /// the mirror image of the usual left-to-right chart.
    Rotated {
        width: f64,
    },
}

impl CategoryLabels {
    fn choose(categories: &[String], group_w: f64) -> CategoryLabels {
        let room = group_w * 0.9;
        let widest = categories
            .iter()
            .map(|c| text_width(c, FONT))
            .fold(0.0, f64::max);
        if widest <= room {
            return CategoryLabels::Flat;
        }
        let split_fits = categories.iter().all(|c| {
            let (a, b) = split_label(c);
            text_width(a, FONT).max(text_width(b, FONT)) <= room
        });
        if split_fits {
            CategoryLabels::TwoLines
        } else {
            CategoryLabels::Rotated { width: widest }
        }
    }

    /// Shows every n-th label when even rotated labels would overlap (a month of days); the
    /// bars' tooltips still name every category.
    fn every(self, group_w: f64) -> usize {
        match self {
            CategoryLabels::Rotated { .. } => {
                let spacing = FONT * 1.5;
                if group_w >= spacing {
                    1
                } else {
                    (spacing / group_w.max(0.01)).ceil().min(1e6) as usize
                }
            }
            _ => 1,
        }
    }

    fn height(self) -> f64 {
        match self {
            CategoryLabels::Flat => FONT + 8.0,
            CategoryLabels::TwoLines => FONT * 2.5 + 6.0,
            CategoryLabels::Rotated { width } => 4.0 + 0.71 * FONT + SIN45 * width + 4.0,
        }
    }

    fn write(self, out: &mut String, label: &str, center: f64, base_y: f64) {
        let class = r#"class="chart-label chart-category""#;
        match self {
            CategoryLabels::Flat => {
                let _ = write!(
                    out,
                    r#"<text {class} x="{}" y="{}" text-anchor="middle">{}</text>"#,
                    num(center),
                    num(base_y + FONT + 3.0),
                    escape(label),
                );
            }
            CategoryLabels::TwoLines => {
                let (a, b) = split_label(label);
                let x = num(center);
                let _ = write!(
                    out,
                    r#"<text {class} x="{x}" y="{}" text-anchor="middle"><tspan x="{x}">{}</tspan><tspan x="{x}" dy="{}">{}</tspan></text>"#,
                    num(base_y + FONT + 3.0),
                    escape(a),
                    num(FONT * 1.25),
                    escape(b),
                );
            }
            CategoryLabels::Rotated { .. } => {
                // Shifted so the glyphs' centre line, not their baseline, meets the group's
                // centre, and the top corner clears the baseline.
                let x = num(center - 0.21 * FONT);
                let y = num(base_y + 4.0 + 0.57 * FONT);
                let _ = write!(
                    out,
                    r#"<text {class} x="{x}" y="{y}" text-anchor="end" transform="rotate(45 {x} {y})">{}</text>"#,
                    escape(label),
                );
            }
        }
    }
}

fn split_label(label: &str) -> (&str, &str) {
    let label = label.trim();
    label
        .rsplit_once(char::is_whitespace)
        .map(|(a, b)| (a.trim_end(), b))
        .unwrap_or((label, ""))
}

/// Legend entries flow right to left and wrap onto new rows when they run out of width.
struct Legend {
    height: f64,
    /// (right edge, row top) of each entry: series first, then the target.
    slots: Vec<(f64, f64)>,
}

impl Legend {
    fn layout(series: &[Series], target: Option<(f64, &str)>, shown: bool) -> Legend {
        if !shown {
            return Legend {
                height: 0.0,
                slots: Vec::new(),
            };
        }
        let widths = series
            .iter()
            .map(|s| SWATCH + 5.0 + text_width(&s.label, FONT))
            .chain(target.map(|(_, l)| TARGET_SWATCH + 5.0 + text_width(l, FONT)));
        let mut slots = Vec::new();
        let (mut x, mut row) = (WIDTH - PAD, PAD);
        for w in widths {
            if x - w < PAD && x < WIDTH - PAD {
                x = WIDTH - PAD;
                row += LEGEND_ROW;
            }
            slots.push((x, row));
            x -= w + 16.0;
        }
        Legend {
            height: row + LEGEND_ROW - PAD,
            slots,
        }
    }

    fn write(&self, out: &mut String, series: &[Series], target: Option<(f64, &str)>) {
        if self.slots.is_empty() {
            return;
        }
        let entries = series
            .iter()
            .enumerate()
            .map(|(j, s)| (Some(j), s.label.as_str()))
            .chain(target.map(|(_, l)| (None, l)));
        for ((j, label), &(x, row)) in entries.zip(&self.slots) {
            let mid = row + LEGEND_ROW / 2.0;
            let swatch_w = match j {
                Some(j) => {
                    let _ = write!(
                        out,
                        r#"<rect class="chart-swatch chart-s{j}" x="{}" y="{}" width="{}" height="{}" rx="2"/>"#,
                        num(x - SWATCH),
                        num(mid - SWATCH / 2.0),
                        num(SWATCH),
                        num(SWATCH),
                    );
                    SWATCH
                }
                None => {
                    let _ = write!(
                        out,
                        r#"<line class="chart-target" x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="currentColor" stroke-width="2" stroke-dasharray="6 4"/>"#,
                        num(x - TARGET_SWATCH),
                        num(x),
                        y = num(mid),
                    );
                    TARGET_SWATCH
                }
            };
            let _ = write!(
                out,
                r#"<text class="chart-legend" x="{}" y="{}">{}</text>"#,
                num(x - swatch_w - 5.0),
                num(mid + FONT * 0.35),
                escape(label),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::copy::digits::to_persian_digits;

    fn fa(v: f64) -> String {
        let rounded = (v * 10.0).round() / 10.0;
        to_persian_digits(&format!("{rounded}")).replace('.', "٫")
    }

    fn ascii(v: f64) -> String {
        format!("{v}")
    }

    fn months(n: usize) -> Vec<String> {
        (0..n as i64)
            .map(|i| crate::domain::sla::month_label_fa(1404 * 12 + i % 12))
            .collect()
    }

    fn chart<'a>(
        categories: &'a [String],
        series: &'a [Series],
        format: &'a dyn Fn(f64) -> String,
    ) -> BarChart<'a> {
        BarChart {
            id: "sla",
            title: "عنوان",
            description: "شرح",
            categories,
            series,
            target: None,
            max: None,
            format,
            empty_text: "داده‌ای نیست",
        }
    }

    fn series(label: &str, values: &[Option<f64>]) -> Series {
        Series {
            label: label.to_owned(),
            values: values.to_vec(),
        }
    }

    /// Start tags of the given element name, in document order.
    fn tags<'s>(svg: &'s str, name: &str) -> Vec<&'s str> {
        let open = format!("<{name} ");
        svg.match_indices(&open)
            .map(|(i, _)| {
                let end = svg[i..].find('>').expect("unterminated tag");
                &svg[i..i + end + 1]
            })
            .collect()
    }

    fn attr<'s>(tag: &'s str, name: &str) -> Option<&'s str> {
        let key = format!(" {name}=\"");
        let start = tag.find(&key)? + key.len();
        let len = tag[start..].find('"')?;
        Some(&tag[start..start + len])
    }

    fn num_attr(tag: &str, name: &str) -> f64 {
        attr(tag, name)
            .unwrap_or_else(|| panic!("no {name} in {tag}"))
            .parse()
            .expect("numeric attribute")
    }

    struct Bar {
        x: f64,
        y: f64,
        width: f64,
        height: f64,
        title: String,
    }

    fn bars(svg: &str) -> Vec<Bar> {
        svg.match_indices("<rect class=\"chart-bar")
            .map(|(i, _)| {
                let rest = &svg[i..];
                let tag = &rest[..rest.find('>').unwrap() + 1];
                let t0 = rest.find("<title>").unwrap() + "<title>".len();
                let t1 = rest.find("</title>").unwrap();
                Bar {
                    x: num_attr(tag, "x"),
                    y: num_attr(tag, "y"),
                    width: num_attr(tag, "width"),
                    height: num_attr(tag, "height"),
                    title: rest[t0..t1].to_owned(),
                }
            })
            .collect()
    }

    /// The character content of every `<text>` element, tspans flattened.
    fn texts(svg: &str) -> Vec<String> {
        svg.match_indices("<text ")
            .map(|(i, _)| {
                let rest = &svg[i..];
                let inner = &rest[rest.find('>').unwrap() + 1..rest.find("</text>").unwrap()];
                let mut plain = String::new();
                let mut in_tag = false;
                for ch in inner.chars() {
                    match ch {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        _ if !in_tag => plain.push(ch),
                        _ => {}
                    }
                }
                plain
            })
            .collect()
    }

    fn grid_ys(svg: &str) -> Vec<f64> {
        let start = svg.find(r#"<g class="chart-grid""#).unwrap();
        let end = start + svg[start..].find("</g>").unwrap();
        tags(&svg[start..end], "line")
            .iter()
            .map(|t| num_attr(t, "y1"))
            .collect()
    }

    #[test]
    fn first_category_is_drawn_rightmost() {
        let cats = months(12);
        let s = [
            series("پاسخ اولیه", &[Some(5.0); 12]),
            series("حل", &[Some(7.0); 12]),
        ];
        let svg = bar_chart(&chart(&cats, &s, &fa));
        let all = bars(&svg);
        assert_eq!(all.len(), 24);
        let x_of = |cat: &str, ser: &str| {
            all.iter()
                .find(|b| b.title.starts_with(cat) && b.title.contains(ser))
                .map(|b| b.x)
                .unwrap()
        };
        assert!(x_of(&cats[0], "پاسخ اولیه") > x_of(&cats[11], "پاسخ اولیه"));
        assert!(x_of(&cats[0], "حل") > x_of(&cats[1], "پاسخ اولیه"));
        // Each category's x decreases monotonically, and the first series leads its group.
        for i in 1..12 {
            assert!(x_of(&cats[i - 1], "حل") > x_of(&cats[i], "پاسخ اولیه"));
        }
        assert!(x_of(&cats[0], "پاسخ اولیه") > x_of(&cats[0], "حل"));
        // Every bar stays inside the viewBox.
        assert!(all.iter().all(|b| b.x >= 0.0 && b.x + b.width <= WIDTH));
    }

    #[test]
    fn bar_heights_follow_values_and_tallest_reaches_top() {
        let cats = months(4);
        let s = [series("الف", &[Some(10.0), Some(40.0), None, Some(25.0)])];
        let svg = bar_chart(&chart(&cats, &s, &ascii));
        let all = bars(&svg);
        assert_eq!(all.len(), 3, "None draws no bar");
        let unit = all[1].height / 40.0;
        assert!((all[0].height - 10.0 * unit).abs() < 0.02);
        assert!((all[2].height - 25.0 * unit).abs() < 0.02);
        let top = grid_ys(&svg).into_iter().fold(f64::INFINITY, f64::min);
        assert!(
            (all[1].y - top).abs() < 0.01,
            "tallest bar ends at the top grid line"
        );
        assert!(texts(&svg).contains(&"40".to_owned()));

        // Un-round data: the axis goes to the next round value, bars stay below it.
        let s = [series("الف", &[Some(87.0), Some(12.0)])];
        let svg = bar_chart(&chart(&cats[..2], &s, &ascii));
        let all = bars(&svg);
        let top = grid_ys(&svg).into_iter().fold(f64::INFINITY, f64::min);
        assert!(all[0].y > top);
        assert!(texts(&svg).contains(&"100".to_owned()));
    }

    #[test]
    fn target_line_sits_on_the_value_scale() {
        let cats = months(3);
        let s = [series("الف", &[Some(50.0), Some(80.0), Some(20.0)])];
        let mut c = chart(&cats, &s, &fa);
        c.target = Some((90.0, "هدف"));
        c.max = Some(100.0);
        let svg = bar_chart(&c);
        let b = &bars(&svg)[0];
        let base = b.y + b.height;
        let per_unit = b.height / 50.0;
        let line = tags(&svg, "line")
            .into_iter()
            .find(|t| t.contains("chart-target") && t.contains("x1=\"8\""))
            .expect("target line");
        let y = num_attr(line, "y1");
        assert!((y - (base - 90.0 * per_unit)).abs() < 0.02, "y {y}");
        // With a fixed max of 100 the top tick is 100 and the axis is exactly 100 high.
        let top = grid_ys(&svg).into_iter().fold(f64::INFINITY, f64::min);
        assert!((base - top - 100.0 * per_unit).abs() < 0.02);
        assert!(svg.contains("<title>هدف: ۹۰</title>"));
        assert!(
            svg.contains(r#"class="chart-legend""#),
            "target adds a legend"
        );
    }

    #[test]
    fn target_counts_towards_the_axis_and_fixed_max_clamps() {
        let cats = months(2);
        let s = [series("الف", &[Some(30.0), Some(120.0)])];
        let mut c = chart(&cats, &s, &ascii);
        c.target = Some((60.0, "هدف"));
        let svg = bar_chart(&c);
        assert!(texts(&svg).contains(&"125".to_owned()));
        c.max = Some(100.0);
        let svg = bar_chart(&c);
        let all = bars(&svg);
        let top = grid_ys(&svg).into_iter().fold(f64::INFINITY, f64::min);
        assert!(
            (all[1].y - top).abs() < 0.01,
            "over-range bar is clipped at the top"
        );
        assert!(
            all[1].title.ends_with(": 120"),
            "tooltip keeps the real value"
        );
    }

    #[test]
    fn caller_text_is_escaped() {
        let cats = vec!["<b>\"م\" & 'ن'</b>".to_owned()];
        let s = [series("<i>", &[Some(1.0)]), series("s&2", &[Some(2.0)])];
        let mut c = chart(&cats, &s, &ascii);
        c.title = "<script>alert(1)</script>";
        c.description = "a & b";
        c.empty_text = "<x>";
        c.target = Some((1.0, "\"t\""));
        let svg = bar_chart(&c);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(svg.contains("&lt;b&gt;&quot;م&quot; &amp; &#39;ن&#39;&lt;/b&gt;"));
        assert!(svg.contains("&lt;i&gt;") && svg.contains("s&amp;2") && svg.contains("a &amp; b"));
        assert!(svg.contains("&quot;t&quot;"));
        assert!(!svg.contains("<i>") && !svg.contains("<b>"));
        let empty = bar_chart(&BarChart {
            categories: &[],
            ..c
        });
        assert!(empty.contains("&lt;x&gt;") && !empty.contains("<x>"));
    }

    #[test]
    fn persian_formatter_leaves_no_ascii_digits_in_text() {
        let cats = months(12);
        let s = [
            series(
                "پاسخ اولیه",
                &(0..12).map(|i| Some(3.5 * i as f64)).collect::<Vec<_>>(),
            ),
            series(
                "حل",
                &(0..12).map(|i| Some(40.0 - i as f64)).collect::<Vec<_>>(),
            ),
        ];
        let mut c = chart(&cats, &s, &fa);
        c.target = Some((24.0, "هدف"));
        let svg = bar_chart(&c);
        let all = texts(&svg);
        assert!(all.contains(&"۴۰".to_owned()), "ticks {all:?}");
        assert!(all.contains(&"۱۰".to_owned()));
        for t in &all {
            assert!(
                !t.chars().any(|ch| ch.is_ascii_digit()),
                "ASCII digit in {t:?}"
            );
        }
        for b in bars(&svg) {
            assert!(
                !b.title.chars().any(|ch| ch.is_ascii_digit()),
                "{}",
                b.title
            );
        }
    }

    #[test]
    fn empty_input_gives_no_data_svg() {
        let cats = months(3);
        let nothing: [Series; 0] = [];
        let cases = [
            (Vec::new(), vec![series("الف", &[Some(1.0)])]),
            (cats.clone(), nothing.to_vec()),
            (cats.clone(), vec![series("الف", &[None, None, None])]),
            (
                cats.clone(),
                vec![series("الف", &[Some(0.0), Some(0.0)]), series("ب", &[])],
            ),
            (
                cats.clone(),
                vec![series(
                    "الف",
                    &[Some(-3.0), Some(f64::NAN), Some(f64::INFINITY)],
                )],
            ),
        ];
        for (cats, s) in &cases {
            let mut c = chart(cats, s, &ascii);
            c.target = Some((f64::NAN, "هدف"));
            c.max = Some(f64::NAN);
            let svg = bar_chart(&c);
            assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"), "{svg}");
            assert!(svg.contains(">داده‌ای نیست</text>"));
            assert!(svg.contains("chart-empty"));
            assert!(!svg.contains("NaN") && !svg.contains("inf"));
            assert!(bars(&svg).is_empty());
            assert!(svg.contains(r#"aria-labelledby="sla-title sla-desc""#));
        }
    }

    #[test]
    fn odd_values_never_leak_into_the_output() {
        let cats = months(3);
        for v in [1e-300, 5e-324, 1e-7, 0.3, 1e12, 1e300, f64::MAX] {
            let s = [series(
                "الف",
                &[Some(v), Some(-1.0), Some(f64::NEG_INFINITY)],
            )];
            let mut c = chart(&cats, &s, &ascii);
            c.target = Some((-5.0, "هدف"));
            let svg = bar_chart(&c);
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{v}: {svg}");
            assert_eq!(bars(&svg).len(), 1);
            assert!(!svg.contains("chart-target"), "negative target dropped");
        }
        // Labels far too long for the drawing still leave a plot with real bars.
        let long = vec!["ماه ".repeat(40); 12];
        let wide = |_: f64| "۱".repeat(200);
        let s = [series("الف", &[Some(1.0); 12])];
        let svg = bar_chart(&chart(&long, &s, &wide));
        let all = bars(&svg);
        assert_eq!(all.len(), 12);
        assert!(
            all.iter()
                .all(|b| b.x >= 0.0 && b.width > 1.0 && b.height > 1.0)
        );
    }

    #[test]
    fn ticks_are_round_and_four_to_six() {
        for v in [
            0.07, 0.3, 1.0, 3.0, 7.0, 10.0, 12.0, 26.0, 87.0, 100.0, 101.0, 250.0, 999.0,
        ] {
            for fixed in [None, Some(v)] {
                let axis = Axis::new(fixed, v);
                let n = axis.ticks.len();
                assert!((4..=6).contains(&n), "{v} {fixed:?}: {:?}", axis.ticks);
                assert_eq!(axis.ticks[0], 0.0);
                assert!(axis.top >= v && *axis.ticks.last().unwrap() <= axis.top);
                let step = axis.ticks[1];
                let mantissa = step / 10f64.powf(step.log10().floor());
                assert!(
                    [1.0, 2.0, 2.5, 5.0]
                        .iter()
                        .any(|m| (m - mantissa).abs() < 1e-9),
                    "{v}: step {step}"
                );
            }
        }
        assert_eq!(Axis::new(None, 0.3).ticks, vec![0.0, 0.1, 0.2, 0.3]);
        assert_eq!(Axis::new(Some(100.0), 87.0).ticks.len(), 6);
    }

    #[test]
    fn ids_are_sanitised_and_referenced() {
        let cats = months(2);
        let s = [series("الف", &[Some(1.0), Some(2.0)])];
        for (raw, want) in [
            ("sla-first_2", "sla-first_2"),
            ("a\"b c<d>", "a_b_c_d_"),
            ("نمودار", "chart-______"),
            ("", "chart-"),
            ("9x", "chart-9x"),
        ] {
            assert_eq!(sanitize_id(raw), want);
            for cats in [&cats[..], &[]] {
                let mut c = chart(cats, &s, &ascii);
                c.id = raw;
                let svg = bar_chart(&c);
                let root = tags(&svg, "svg")[0];
                let refs = attr(root, "aria-labelledby").unwrap();
                let ids: Vec<&str> = refs.split(' ').collect();
                assert_eq!(ids, [format!("{want}-title"), format!("{want}-desc")]);
                for id in ids {
                    assert!(
                        id.chars()
                            .all(|ch| ch.is_ascii_alphanumeric() || "-_".contains(ch))
                    );
                    assert_eq!(svg.matches(&format!(" id=\"{id}\"")).count(), 1);
                }
                assert!(svg.contains(&format!(r#"<title id="{want}-title">"#)));
                assert!(svg.contains(&format!(r#"<desc id="{want}-desc">"#)));
            }
        }
    }

    #[test]
    fn svg_scales_and_reads_right_to_left() {
        let cats = months(12);
        let s = [series("الف", &[Some(3.0); 12])];
        let svg = bar_chart(&chart(&cats, &s, &fa));
        let root = tags(&svg, "svg")[0];
        assert_eq!(attr(root, "width"), Some("100%"));
        assert_eq!(attr(root, "height"), None);
        assert_eq!(attr(root, "preserveAspectRatio"), Some("xMidYMid meet"));
        assert_eq!(attr(root, "role"), Some("img"));
        assert_eq!(attr(root, "direction"), Some("rtl"));
        assert!(attr(root, "viewBox").unwrap().starts_with("0 0 440 "));
        assert!(!svg.contains("style="), "CSP forbids inline styles");
        assert!(!svg.contains(" fill=\"#"), "colours come from CSS");
        assert!(!svg.contains("<?xml"));
        assert!(
            !svg.contains("chart-legend"),
            "one series, no target: no legend"
        );
        // The value axis is at the right: tick labels sit right of every bar.
        let tick_x = tags(&svg, "text")
            .into_iter()
            .find(|t| t.contains("chart-tick"))
            .map(|t| num_attr(t, "x"))
            .unwrap();
        assert!(bars(&svg).iter().all(|b| b.x + b.width < tick_x));
        assert_eq!(svg, bar_chart(&chart(&cats, &s, &fa)), "deterministic");
    }

    #[test]
    fn category_labels_adapt_to_the_room() {
        let s = [series("الف", &[Some(1.0); 31])];
        let short: Vec<String> = ["مهر", "آبان"].map(String::from).to_vec();
        let svg = bar_chart(&chart(&short, &s, &fa));
        assert!(!svg.contains("rotate(") && !svg.contains("<tspan"));
        let four = months(4);
        let svg = bar_chart(&chart(&four, &s, &fa));
        assert!(
            svg.contains("<tspan") && !svg.contains("rotate("),
            "month over year"
        );
        let twelve = months(12);
        let svg = bar_chart(&chart(&twelve, &s, &fa));
        assert_eq!(svg.matches("rotate(45").count(), 12);
        let days: Vec<String> = (1..=31)
            .map(|d| to_persian_digits(&format!("{d} مهر")))
            .collect();
        let svg = bar_chart(&chart(&days, &s, &fa));
        let shown = svg.matches("chart-category").count();
        assert!((8..31).contains(&shown), "{shown} day labels");
        assert_eq!(bars(&svg).len(), 31);
    }
}
