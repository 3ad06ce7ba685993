//! `pufa-kiosk report`: the use figures of one kiosk or a folder of many kiosks'
//! statistics files, for the bureau's annual report: a plain summary, every count
//! as CSV, or one self-contained HTML page with charts (SVG drawn by plotters).

use std::fmt::Write as _;

use maud::{DOCTYPE, Markup, PreEscaped, html};
use plotters::prelude::*;

use crate::core::stats::{DayFile, Record, Summary, accuracy};

const WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/// The period the files cover, as words.
fn period(s: &Summary) -> String {
    match (s.first, s.last) {
        (Some(a), Some(b)) => format!("{a} – {b}"),
        _ => "—".into(),
    }
}

/// The plain text summary, headings in Chinese and English.
pub fn text(s: &Summary) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "普法宣传屏使用统计 / kiosk use figures: {}\n{} 台 / kiosks, {} 个文件 / files",
        period(s),
        s.kiosks.len(),
        s.files
    );
    let _ = writeln!(o, "\n触摸使用次数 / touch sessions: {}", s.sessions());
    for (k, n) in &s.sessions_per_kiosk {
        let _ = writeln!(o, "  {k}: {n}");
    }
    let _ = writeln!(o, "\n每日使用次数 / sessions per day:");
    for (d, n) in &s.sessions_per_day {
        let _ = writeln!(
            o,
            "  {d} {}: {n}",
            WEEKDAYS
                .get(crate::core::stats::weekday_index(d.weekday()))
                .unwrap_or(&"")
        );
    }
    let _ = writeln!(o, "\n各时段使用次数 / sessions per hour of the day:");
    let most = s
        .sessions_per_hour
        .iter()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    for (h, n) in s.sessions_per_hour.iter().enumerate() {
        if *n > 0 {
            let bar = "█".repeat(((*n * 40).div_ceil(most)) as usize);
            let _ = writeln!(o, "  {h:02}:00 {n:>6} {bar}");
        }
    }
    let ranked = |o: &mut String, title: &str, list: &[(String, u64)]| {
        let _ = writeln!(o, "\n{title}:");
        if list.is_empty() {
            let _ = writeln!(o, "  —");
        }
        for (k, n) in list.iter().take(15) {
            let _ = writeln!(o, "  {n:>6}  {k}");
        }
    };
    ranked(
        &mut o,
        "最常查看的路线图步骤 / most visited roadmap steps",
        &s.steps,
    );
    ranked(&mut o, "打开的页面 / guide pages opened", &s.pages);
    ranked(&mut o, "查看的法规条文 / articles opened", &s.articles);
    let _ = writeln!(o, "\n答题正确率 / quiz accuracy per scene:");
    if s.quiz.is_empty() {
        let _ = writeln!(o, "  —");
    }
    for (scene, a) in &s.quiz {
        let pct = accuracy(a).map_or("—".into(), |p| format!("{:.0}%", p * 100.0));
        let _ = writeln!(
            o,
            "  {pct:>5}  {scene}（对 right {}，错 wrong {}）",
            a.right, a.wrong
        );
    }
    let _ = writeln!(o, "\n播放时长 / playback hours: {:.1}", s.playback_hours());
    for (k, secs) in &s.playback_seconds {
        let _ = writeln!(o, "  {k}: {:.1}", secs / 3600.0);
    }
    let _ = writeln!(o, "\n播放最多的内容 / items on screen longest (hours):");
    for (item, secs) in s.items.iter().take(15) {
        let _ = writeln!(o, "  {:>8.1}  {item}", secs / 3600.0);
    }
    if s.skipped_lines > 0 {
        let _ = writeln!(
            o,
            "\n跳过无法读取的行（如断电时写了一半）/ lines skipped as unreadable (e.g. torn by a power cut): {}",
            s.skipped_lines
        );
    }
    o
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Every count, one a row: `kiosk,date,hour,measure,key,value`, for a spreadsheet.
pub fn csv(files: &[DayFile]) -> String {
    let mut o = String::from("kiosk,date,hour,measure,key,value\n");
    let mut row = |kiosk: &str, date: &str, hour: &str, measure: &str, key: &str, value: String| {
        let _ = writeln!(
            o,
            "{},{date},{hour},{measure},{},{value}",
            csv_field(kiosk),
            csv_field(key)
        );
    };
    for f in files {
        for r in &f.records.records {
            match r {
                Record::Hour(h) => {
                    let (d, hr) = (h.date.to_string(), h.hour.to_string());
                    row(&f.kiosk, &d, &hr, "sessions", "", h.sessions.to_string());
                    for (k, n) in &h.pages {
                        row(&f.kiosk, &d, &hr, "page", k, n.to_string());
                    }
                    for (k, n) in &h.steps {
                        row(&f.kiosk, &d, &hr, "step", k, n.to_string());
                    }
                    for (k, n) in &h.articles {
                        row(&f.kiosk, &d, &hr, "article", k, n.to_string());
                    }
                    for (k, a) in &h.quiz {
                        row(&f.kiosk, &d, &hr, "quiz_right", k, a.right.to_string());
                        row(&f.kiosk, &d, &hr, "quiz_wrong", k, a.wrong.to_string());
                    }
                }
                Record::Shown {
                    item,
                    start,
                    seconds,
                } => {
                    let hour = start.get(11..13).unwrap_or("");
                    row(
                        &f.kiosk,
                        &f.date.to_string(),
                        hour,
                        "shown_seconds",
                        item,
                        format!("{seconds:.1}"),
                    );
                }
            }
        }
    }
    o
}

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

const FONT: &str = "sans-serif";

/// Touch sessions by weekday and hour, darker for more.
fn heat_map(s: &Summary) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, 340)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .caption(
                "每周各时段使用次数 / sessions by weekday and hour",
                (FONT, 20),
            )
            .x_label_area_size(28)
            .y_label_area_size(48)
            .build_cartesian_2d(0i32..24, (0i32..6).into_segmented())
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(24)
            .y_labels(7)
            .x_label_formatter(&|h| format!("{h}"))
            .y_label_formatter(&|d| match d {
                // Row d (from the bottom) is weekday 6 - d, so Monday is on top.
                SegmentValue::CenterOf(d) => usize::try_from(6 - *d)
                    .ok()
                    .and_then(|i| WEEKDAYS.get(i))
                    .map_or(String::new(), |w| (*w).to_owned()),
                _ => String::new(),
            })
            .label_style((FONT, 13))
            .draw()
            .map_err(err)?;
        let most = s
            .weekday_hour
            .iter()
            .flatten()
            .copied()
            .max()
            .unwrap_or(0)
            .max(1);
        let cells = s
            .weekday_hour
            .iter()
            .enumerate()
            .flat_map(|(d, row)| row.iter().enumerate().map(move |(h, n)| (d, h, *n)));
        chart
            .draw_series(cells.map(|(d, h, n)| {
                let t = n as f64 / most as f64;
                let shade = |full: u8| (255.0 - (255.0 - f64::from(full)) * t).round() as u8;
                let (x, y) = (h as i32, 6 - d as i32);
                Rectangle::new(
                    [
                        (x, SegmentValue::Exact(y)),
                        (x + 1, SegmentValue::Exact(y + 1)),
                    ],
                    RGBColor(shade(8), shade(69), shade(148)).filled(),
                )
            }))
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Sessions per day, a bar a day.
fn per_day(s: &Summary) -> Result<String, String> {
    let mut svg = String::new();
    {
        let days: Vec<(String, u64)> = s
            .sessions_per_day
            .iter()
            .map(|(d, n)| (d.strftime("%m-%d").to_string(), *n))
            .collect();
        let root = SVGBackend::with_string(&mut svg, (960, 300)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let top = days.iter().map(|d| d.1).max().unwrap_or(0).max(1) as f64 * 1.1;
        let n = days.len().max(1) as i32;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .caption("每日使用次数 / sessions per day", (FONT, 20))
            .x_label_area_size(28)
            .y_label_area_size(48)
            // A segmented range has a segment for its end value too.
            .build_cartesian_2d((0i32..n - 1).into_segmented(), 0f64..top)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(days.len().min(16))
            .x_label_formatter(&|i| match i {
                SegmentValue::CenterOf(i) => usize::try_from(*i)
                    .ok()
                    .and_then(|i| days.get(i))
                    .map_or(String::new(), |d| d.0.clone()),
                _ => String::new(),
            })
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style((FONT, 12))
            .draw()
            .map_err(err)?;
        chart
            .draw_series(days.iter().enumerate().map(|(i, (_, v))| {
                let i = i as i32;
                Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0.0),
                        (SegmentValue::Exact(i + 1), *v as f64),
                    ],
                    RGBColor(8, 69, 148).filled(),
                )
            }))
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Horizontal bars: `rows` (label, value) with values up to `max`.
fn bars(title: &str, rows: &[(String, f64)], max: f64, percent: bool) -> Result<String, String> {
    let mut svg = String::new();
    {
        let n = rows.len().max(1);
        let height = 70 + 26 * n as u32;
        let root = SVGBackend::with_string(&mut svg, (960, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .caption(title, (FONT, 20))
            .x_label_area_size(24)
            .y_label_area_size(330)
            .build_cartesian_2d(0f64..max.max(1e-9), (0i32..n as i32 - 1).into_segmented())
            .map_err(err)?;
        let labels: Vec<String> = rows.iter().rev().map(|r| r.0.clone()).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n + 1)
            .y_label_formatter(&|i| match i {
                SegmentValue::CenterOf(i) => usize::try_from(*i)
                    .ok()
                    .and_then(|i| labels.get(i))
                    .map_or(String::new(), |l| l.chars().take(24).collect()),
                _ => String::new(),
            })
            .x_label_formatter(&|v| {
                if percent {
                    format!("{:.0}%", v * 100.0)
                } else {
                    format!("{v:.0}")
                }
            })
            .label_style((FONT, 13))
            .draw()
            .map_err(err)?;
        chart
            .draw_series(rows.iter().rev().enumerate().map(|(i, (_, v))| {
                let i = i as i32;
                Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(i)),
                        (*v, SegmentValue::Exact(i + 1)),
                    ],
                    RGBColor(35, 139, 69).filled(),
                )
            }))
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

fn table(head: [&str; 2], rows: impl IntoIterator<Item = (String, String)>) -> Markup {
    html! {
        table {
            tr { th { (head[0]) } th { (head[1]) } }
            @for (a, b) in rows {
                tr { td { (a) } td.n { (b) } }
            }
        }
    }
}

const STYLE: &str = "body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}\
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}\
td.n{text-align:right}figure{margin:1em 0}svg{max-width:100%;height:auto}";

/// One HTML page, charts inline, no file or network needed to open it.
pub fn html(s: &Summary) -> Result<String, String> {
    let top = |list: &[(String, u64)]| -> Vec<(String, f64)> {
        list.iter()
            .take(12)
            .map(|(k, n)| (k.clone(), *n as f64))
            .collect()
    };
    let most = |rows: &[(String, f64)]| rows.iter().map(|r| r.1).fold(0.0, f64::max) * 1.1;
    // The charts, drawn by plotters as SVG, go in as they are.
    let mut charts = vec![heat_map(s)?, per_day(s)?];
    let steps = top(&s.steps);
    if !steps.is_empty() {
        charts.push(bars(
            "最常查看的路线图步骤 / most visited roadmap steps",
            &steps,
            most(&steps),
            false,
        )?);
    }
    let pages = top(&s.pages);
    if !pages.is_empty() {
        charts.push(bars(
            "打开的页面 / guide pages opened",
            &pages,
            most(&pages),
            false,
        )?);
    }
    let quiz: Vec<(String, f64)> = s
        .quiz
        .iter()
        .filter_map(|(k, a)| accuracy(a).map(|p| (k.clone(), p)))
        .collect();
    if !quiz.is_empty() {
        charts.push(bars(
            "答题正确率 / quiz accuracy per scene",
            &quiz,
            1.0,
            true,
        )?);
    }
    let kiosks = table(
        [
            "屏 / kiosk",
            "触摸使用 / sessions · 播放小时 / playback hours",
        ],
        s.kiosks.keys().map(|k| {
            (
                k.clone(),
                format!(
                    "{} · {:.1}",
                    s.sessions_per_kiosk.get(k).copied().unwrap_or(0),
                    s.playback_seconds.get(k).copied().unwrap_or(0.0) / 3600.0
                ),
            )
        }),
    );
    let articles = table(
        ["条文 / article", "次数 / times"],
        s.articles
            .iter()
            .take(20)
            .map(|(k, n)| (k.clone(), n.to_string())),
    );
    let items = table(
        ["内容 / item", "小时 / hours"],
        s.items
            .iter()
            .take(20)
            .map(|(k, secs)| (k.clone(), format!("{:.1}", secs / 3600.0))),
    );
    let page = html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                title { "普法宣传屏使用统计 / kiosk use figures" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { "普法宣传屏使用统计 / kiosk use figures" }
                p {
                    (period(s)) " · " (s.kiosks.len()) " 台 / kiosks · " (s.files)
                    " 个文件 / files · 触摸使用 / touch sessions " b { (s.sessions()) }
                    " · 播放 / playback " b { (format!("{:.1}", s.playback_hours())) } " 小时 / hours"
                }
                @for svg in charts { figure { (PreEscaped(svg)) } }
                h2 { "各台使用与播放 / each kiosk" }
                (kiosks)
                h2 { "查看的法规条文 / articles opened" }
                (articles)
                h2 { "播放最多的内容 / items on screen longest" }
                (items)
                @if s.skipped_lines > 0 {
                    p {
                        "跳过无法读取的行（如断电时写了一半）/ lines skipped as unreadable: "
                        (s.skipped_lines)
                    }
                }
            }
        }
    };
    Ok(page.into_string())
}
