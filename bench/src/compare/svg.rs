//! The comparison as an SVG bar chart, written by hand (a few dozen
//! elements; no plotting dependency): one group of horizontal bars per
//! program — each non-baseline interpreter's speedup — a last group for
//! the geometric means, and a dashed line at 1.0, the baseline.

use super::cli::Options;
use super::machine::Context;
use super::report::{geomeans, speedups};
use super::Row;

const COLORS: &[&str] = &["#d9480f", "#1c7ed6", "#2b8a3e", "#7048e8", "#e67700", "#0b7285"];
const LEFT: f64 = 150.0;
const RIGHT: f64 = 60.0;
const WIDTH: f64 = 900.0;
const BAR: f64 = 13.0;
const GAP: f64 = 9.0;
const TOP: f64 = 70.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A tick step giving about five to ten ticks up to `max`.
fn tick_step(max: f64) -> f64 {
    [0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0]
        .into_iter()
        .find(|s| max / s <= 10.0)
        .unwrap_or(100.0)
}

pub fn chart(opts: &Options, rows: &[Row], ctx: &Context) -> String {
    let others: Vec<usize> = (0..opts.interps.len()).filter(|&i| i != opts.baseline).collect();
    let mut groups: Vec<(String, Vec<f64>)> = rows
        .iter()
        .filter_map(|r| speedups(opts, r).map(|s| (r.program.clone(), others.iter().map(|&i| s[i]).collect())))
        .collect();
    let (g, k) = geomeans(opts, rows);
    if k > 0 {
        groups.push((format!("geomean ({k})"), others.iter().map(|&i| g[i].unwrap_or(0.0)).collect()));
    }
    let max = groups
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .fold(1.25f64, f64::max);
    let step = tick_step(max);
    let top_tick = (max / step).ceil() * step;
    let plot_w = WIDTH - LEFT - RIGHT;
    let x = |v: f64| LEFT + plot_w * (v / top_tick).clamp(0.0, 1.0);
    let group_h = BAR * others.len().max(1) as f64 + GAP;
    let plot_h = group_h * groups.len() as f64;
    let height = TOP + plot_h + 60.0 + 18.0 * others.len() as f64;
    let base = esc(&opts.interps[opts.baseline].name);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"{LEFT}\" y=\"24\" font-size=\"16\" font-weight=\"bold\">Speedup over {base} (higher is faster)</text>\n\
         <text x=\"{LEFT}\" y=\"44\" fill=\"#555\">{}</text>\n",
        esc(&ctx.describe())
    );
    // Grid and ticks.
    let mut t = 0.0;
    while t <= top_tick + 1e-9 {
        let xx = x(t);
        s.push_str(&format!(
            "<line x1=\"{xx:.1}\" y1=\"{TOP}\" x2=\"{xx:.1}\" y2=\"{:.1}\" stroke=\"#e9ecef\"/>\n<text x=\"{xx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#555\">{}</text>\n",
            TOP + plot_h,
            TOP + plot_h + 16.0,
            format!("{t:.2}").trim_end_matches('0').trim_end_matches('.')
        ));
        t += step;
    }
    for (gi, (name, vals)) in groups.iter().enumerate() {
        let y0 = TOP + gi as f64 * group_h;
        let bold = if gi + 1 == groups.len() && k > 0 { " font-weight=\"bold\"" } else { "" };
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\"{bold}>{}</text>\n",
            LEFT - 8.0,
            y0 + (group_h - GAP) / 2.0 + 4.0,
            esc(name)
        ));
        for (bi, v) in vals.iter().enumerate() {
            let y = y0 + bi as f64 * BAR;
            let color = COLORS[bi % COLORS.len()];
            s.push_str(&format!(
                "<rect class=\"bar\" x=\"{LEFT}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{color}\"><title>{}: {v:.2}x</title></rect>\n<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#333\">{v:.2}</text>\n",
                x(*v) - LEFT,
                BAR - 2.0,
                esc(&opts.interps[others[bi]].name),
                x(*v) + 3.0,
                y + BAR - 4.0
            ));
        }
    }
    // The baseline.
    let x1 = x(1.0);
    s.push_str(&format!(
        "<line x1=\"{x1:.1}\" y1=\"{:.1}\" x2=\"{x1:.1}\" y2=\"{:.1}\" stroke=\"#212529\" stroke-dasharray=\"4 3\"/>\n<text x=\"{x1:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#212529\">{base} = 1</text>\n",
        TOP - 6.0,
        TOP + plot_h,
        TOP - 10.0
    ));
    // Legend.
    for (li, &i) in others.iter().enumerate() {
        let y = TOP + plot_h + 34.0 + 18.0 * li as f64;
        s.push_str(&format!(
            "<rect x=\"{LEFT}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}: {}</text>\n",
            y - 10.0,
            COLORS[li % COLORS.len()],
            LEFT + 18.0,
            y,
            esc(&opts.interps[i].name),
            esc(&opts.interps[i].argv.join(" "))
        ));
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::cli::{Interp, Options};
    use crate::compare::{Cell, Status};

    fn cell(t: f64) -> Cell {
        Cell { status: Status::Ok, times: vec![t], rss_kib: vec![10240] }
    }

    #[test]
    fn the_chart_has_a_bar_per_program_and_interpreter_and_the_geomean() {
        let interp = |n: &str| Interp { name: n.into(), argv: vec![n.into()] };
        let opts = Options {
            interps: vec![interp("cpython"), interp("pyrite"), interp("pypy")],
            baseline: 0,
            programs: ".".into(),
            filter: None,
            runs: 1,
            warmup: 0,
            timeout: 1.0,
            markdown: None,
            json: None,
            svg: None,
            strict: false,
        };
        let rows = vec![
            Row { program: "fib<1>".into(), cells: vec![cell(2.0), cell(1.0), cell(0.5)] },
            Row { program: "nbody".into(), cells: vec![cell(1.0), cell(2.0), cell(0.25)] },
            Row {
                program: "broken".into(),
                cells: vec![cell(1.0), Cell { status: Status::Wrong, ..cell(1.0) }, cell(1.0)],
            },
        ];
        let ctx = crate::compare::machine::Context::now();
        let svg = chart(&opts, &rows, &ctx);
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        // Two programs plus the geomean, two interpreters each.
        assert_eq!(svg.matches("class=\"bar\"").count(), 6);
        assert!(svg.contains("fib&lt;1&gt;") && !svg.contains("broken"));
        assert!(svg.contains("geomean (2)"));
        // pyrite: 2x and 0.5x -> geomean 1.00; pypy: 4x and 4x.
        assert!(svg.contains("<title>pyrite: 1.00x</title>"));
        assert!(svg.contains("<title>pypy: 4.00x</title>"));
        let md = crate::compare::report::markdown(&opts, &rows, &ctx);
        assert!(md.contains("| broken | 1.000 | - | WRONG | - |"), "{md}");
        assert!(crate::compare::report::geomean_line(&opts, &rows)
            .ends_with("cpython=1.00 pyrite=1.00 pypy=4.00 (over 2 programs)"));
    }
}
