//! `pufa-kiosk report` on a folder of several kiosks' files over several days,
//! laid out as a county would collect them (a folder per township), with a torn
//! line where a power cut struck.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

mod common;

use std::path::Path;

use pufa_kiosk::core::stats::{Answers, DailyFiles, HourCounts, Record};

const KIOSKS: [&str; 3] = ["城关镇", "河口乡", "新华镇"];

/// Three kiosks × four days (Monday 2026-11-23 to Thursday): kiosk k has k + 1
/// sessions at 09:00 and 2 at 15:00 each day, each walking steps s1 and s2, the
/// quiz's first scene right twice and wrong once, and 2 hours of playback.
fn fixture(root: &Path) {
    for (k, kiosk) in KIOSKS.iter().enumerate() {
        let mut files = DailyFiles::new(root.join(kiosk).join("stats"), kiosk);
        for day in 23..27 {
            let date = jiff::civil::date(2026, 11, day);
            let mut records = Vec::new();
            for (hour, sessions) in [(9, k as u64 + 1), (15, 2)] {
                let mut h = HourCounts {
                    date,
                    hour,
                    sessions,
                    ..HourCounts::default()
                };
                h.pages.insert("roadmap".into(), sessions);
                h.steps.insert("s1 到信访局".into(), sessions);
                h.steps.insert("s2 递交材料".into(), 1);
                h.quiz
                    .insert("c #1 场景".into(), Answers { right: 2, wrong: 1 });
                records.push((date, Record::Hour(h)));
            }
            for i in 0..2 {
                records.push((
                    date,
                    Record::Shown {
                        item: format!("panel:p{i}"),
                        start: format!("{date}T1{i}:00:00+08:00"),
                        seconds: 3600.0,
                    },
                ));
            }
            files.append(records).unwrap();
        }
    }
    // A power cut tore the last line of one file.
    let torn = root.join("河口乡/stats/河口乡.2026-11-24.jsonl");
    let mut text = std::fs::read_to_string(&torn).unwrap();
    text.push_str("{\"kind\":\"hour\",\"date\":\"2026-11-24\",\"hour\":16,\"sess");
    std::fs::write(&torn, text).unwrap();
}

#[test]
fn report_sums_kiosks_and_days() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let root = dir.path().to_str().unwrap();
    let (code, out, err) = common::run(&["report", root]);
    assert_eq!(code, 0, "{err}");
    // Sessions: 4 days × (1+2+3 at 09:00 + 3 × 2 at 15:00) = 48.
    assert!(out.contains("touch sessions: 48"), "{out}");
    assert!(out.contains("3 台 / kiosks, 12 个文件 / files"), "{out}");
    assert!(out.contains("2026-11-23 周一: 12"), "{out}");
    assert!(out.contains("09:00     24"), "{out}");
    assert!(out.contains("15:00     24"), "{out}");
    // Steps, most visited first.
    let s1 = out.find("s1 到信访局").unwrap();
    let s2 = out.find("s2 递交材料").unwrap();
    assert!(s1 < s2, "{out}");
    assert!(out.contains("    48  s1 到信访局"), "{out}");
    // 24 answers right, 12 wrong: 67 %.
    assert!(
        out.contains("67%  c #1 场景（对 right 48，错 wrong 24）"),
        "{out}"
    );
    assert!(out.contains("playback hours: 24.0"), "{out}");
    assert!(
        out.contains("unreadable (e.g. torn by a power cut): 1"),
        "{out}"
    );

    // A date range.
    let (code, out, _) =
        common::run(&["report", root, "--from", "2026-11-24", "--to", "2026-11-24"]);
    assert_eq!(code, 0);
    assert!(out.contains("touch sessions: 12"), "{out}");
    assert!(out.contains("2026-11-24 – 2026-11-24"), "{out}");
    let (code, _, err) = common::run(&["report", root, "--from", "2027-01-01"]);
    assert_eq!(code, 1);
    assert!(err.contains("no statistics files"), "{err}");
}

#[test]
fn report_csv_has_a_row_per_count() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let (code, out, err) = common::run(&["report", dir.path().to_str().unwrap(), "--csv"]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("kiosk,date,hour,measure,key,value"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 6), "{out}");
    let sum = |measure: &str| -> f64 {
        rows.iter()
            .filter(|r| r[3] == measure)
            .map(|r| r[5].parse::<f64>().unwrap())
            .sum()
    };
    assert_eq!(sum("sessions"), 48.0);
    assert_eq!(sum("quiz_right"), 48.0);
    assert_eq!(sum("shown_seconds"), 24.0 * 3600.0);
    assert!(
        rows.contains(&vec!["新华镇", "2026-11-26", "9", "sessions", "", "3"]),
        "{out}"
    );
}

#[test]
fn report_html_is_one_page_with_charts() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let page = dir.path().join("report.html");
    let (code, _, err) = common::run(&[
        "report",
        dir.path().to_str().unwrap(),
        "--html",
        page.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    // The heat map, sessions per day, steps, pages and quiz accuracy.
    assert_eq!(html.matches("<svg").count(), 5, "{html}");
    assert!(html.contains("sessions by weekday and hour"));
    assert!(html.contains("周一"));
    // Nothing is fetched from elsewhere.
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    // 7 × 24 heat map cells, and at least one of the darkest.
    assert!(
        html.contains("fill=\"#084594\""),
        "the busiest hour is darkest"
    );
}
