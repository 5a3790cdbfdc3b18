//! The comparison as text: the terminal table, markdown for the README,
//! JSON for tools. Speedup is baseline time / time (above 1: faster than
//! the baseline); the geometric mean is over the programs on which every
//! interpreter printed the baseline's output.

use super::cli::Options;
use super::machine::Context;
use super::{stats, Row, Status};

/// Each interpreter's speedup on `row`, when all of the row is OK.
pub fn speedups(opts: &Options, row: &Row) -> Option<Vec<f64>> {
    if row.cells.iter().any(|c| c.status != Status::Ok) {
        return None;
    }
    let base = row.cells[opts.baseline].median_time()?;
    row.cells.iter().map(|c| c.median_time().map(|t| base / t)).collect()
}

/// The geometric mean speedup of each interpreter, and over how many
/// programs.
pub fn geomeans(opts: &Options, rows: &[Row]) -> (Vec<Option<f64>>, usize) {
    let all: Vec<Vec<f64>> = rows.iter().filter_map(|r| speedups(opts, r)).collect();
    let per = (0..opts.interps.len())
        .map(|i| stats::geomean(&all.iter().map(|s| s[i]).collect::<Vec<_>>()))
        .collect();
    (per, all.len())
}

fn status_note(row: &Row, opts: &Options) -> String {
    row.cells
        .iter()
        .zip(&opts.interps)
        .filter(|(c, _)| c.status != Status::Ok)
        .map(|(c, i)| match &c.status {
            Status::Fail(why) => format!("{} FAIL ({why})", i.name),
            s => format!("{} {}", i.name, s.label()),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn fmt_opt(v: Option<f64>, prec: usize) -> String {
    v.map_or("-".to_string(), |x| format!("{x:.prec$}"))
}

/// The last line: `geomean speedup vs BASE: a=1.00 b=0.75 (over K programs)`.
pub fn geomean_line(opts: &Options, rows: &[Row]) -> String {
    let (g, k) = geomeans(opts, rows);
    let parts: Vec<String> = opts
        .interps
        .iter()
        .zip(&g)
        .map(|(i, g)| format!("{}={}", i.name, fmt_opt(*g, 2)))
        .collect();
    format!(
        "geomean speedup vs {}: {} (over {} programs)",
        opts.interps[opts.baseline].name,
        parts.join(" "),
        k
    )
}

/// The table printed on stdout.
pub fn text_table(opts: &Options, rows: &[Row], ctx: &Context) -> String {
    let mut out = format!("{}\n", ctx.describe());
    let mut head = format!("{:<16}", "program");
    for i in &opts.interps {
        head.push_str(&format!(" {:>14} {:>7} {:>8}", format!("{} s", i.name), "x", "MiB"));
    }
    out.push_str(&head);
    out.push('\n');
    for row in rows {
        let sp = speedups(opts, row);
        let mut line = format!("{:<16}", row.program);
        for (k, c) in row.cells.iter().enumerate() {
            line.push_str(&format!(
                " {:>14} {:>7} {:>8}",
                fmt_opt(c.median_time(), 3),
                fmt_opt(sp.as_ref().map(|s| s[k]), 2),
                fmt_opt(c.median_rss_mib(), 1)
            ));
        }
        let note = status_note(row, opts);
        if !note.is_empty() {
            line.push_str("  ");
            line.push_str(&note);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&geomean_line(opts, rows));
    out.push('\n');
    out
}

/// The tables as markdown: times and speedups, then peak memory.
pub fn markdown(opts: &Options, rows: &[Row], ctx: &Context) -> String {
    let mut out = format!(
        "Measured {}; median of {} runs after {} warm-up, interpreters interleaved.\n\n",
        ctx.describe(),
        opts.runs,
        opts.warmup
    );
    out.push_str("| program |");
    for i in &opts.interps {
        out.push_str(&format!(" {} s | {} x |", i.name, i.name));
    }
    out.push_str("\n|:---|");
    out.push_str(&"---:|---:|".repeat(opts.interps.len()));
    out.push('\n');
    for row in rows {
        let sp = speedups(opts, row);
        out.push_str(&format!("| {} |", row.program));
        for (k, c) in row.cells.iter().enumerate() {
            let time = match c.status {
                Status::Ok => fmt_opt(c.median_time(), 3),
                ref s => s.label().to_string(),
            };
            out.push_str(&format!(" {} | {} |", time, fmt_opt(sp.as_ref().map(|s| s[k]), 2)));
        }
        out.push('\n');
    }
    let (g, k) = geomeans(opts, rows);
    out.push_str(&format!("| **geomean** ({k}) |"));
    for g in &g {
        out.push_str(&format!(" | **{}** |", fmt_opt(*g, 2)));
    }
    out.push_str("\n\nPeak resident memory (MiB, median of the measured runs):\n\n| program |");
    for i in &opts.interps {
        out.push_str(&format!(" {} |", i.name));
    }
    out.push_str("\n|:---|");
    out.push_str(&"---:|".repeat(opts.interps.len()));
    out.push('\n');
    for row in rows {
        out.push_str(&format!("| {} |", row.program));
        for c in &row.cells {
            out.push_str(&format!(" {} |", fmt_opt(c.median_rss_mib(), 1)));
        }
        out.push('\n');
    }
    out
}

fn json_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn json_nums(v: &[f64]) -> String {
    let items: Vec<String> = v.iter().map(|x| format!("{x:.6}")).collect();
    format!("[{}]", items.join(","))
}

/// Every measurement, as JSON.
pub fn json(opts: &Options, rows: &[Row], ctx: &Context) -> String {
    let interps: Vec<String> = opts
        .interps
        .iter()
        .map(|i| {
            let argv: Vec<String> = i.argv.iter().map(|a| json_str(a)).collect();
            format!("{{\"name\":{},\"argv\":[{}]}}", json_str(&i.name), argv.join(","))
        })
        .collect();
    let rows_json: Vec<String> = rows
        .iter()
        .map(|r| {
            let cells: Vec<String> = r
                .cells
                .iter()
                .zip(&opts.interps)
                .map(|(c, i)| {
                    let rss: Vec<String> = c.rss_kib.iter().map(|k| k.to_string()).collect();
                    let why = match &c.status {
                        Status::Fail(w) => json_str(w),
                        _ => "null".into(),
                    };
                    format!(
                        "{{\"interp\":{},\"status\":\"{}\",\"detail\":{},\"times\":{},\"rss_kib\":{}}}",
                        json_str(&i.name),
                        c.status.label(),
                        why,
                        json_nums(&c.times),
                        format!("[{}]", rss.join(","))
                    )
                })
                .collect();
            format!("{{\"program\":{},\"results\":[{}]}}", json_str(&r.program), cells.join(","))
        })
        .collect();
    let (g, k) = geomeans(opts, rows);
    let gm: Vec<String> = opts
        .interps
        .iter()
        .zip(&g)
        .map(|(i, g)| format!("{}:{}", json_str(&i.name), g.map_or("null".into(), |x| format!("{x:.4}"))))
        .collect();
    format!(
        "{{\"machine\":{},\"runs\":{},\"warmup\":{},\"baseline\":{},\"interpreters\":[{}],\"programs\":[{}],\"geomean\":{{{}}},\"geomean_over\":{}}}\n",
        json_str(&ctx.describe()),
        opts.runs,
        opts.warmup,
        json_str(&opts.interps[opts.baseline].name),
        interps.join(","),
        rows_json.join(","),
        gm.join(","),
        k
    )
}
