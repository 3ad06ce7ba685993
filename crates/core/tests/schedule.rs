//! Campaigns over a year, with the clock given by the test: midnight boundaries,
//! a leap day, weekdays, windows past midnight, takeover against insert, and
//! priority ties.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::civil::{DateTime, date};
use jiff::tz::TimeZone;
use pufa_kiosk_core::content::{self, Content};
use pufa_kiosk_core::item::ItemKey;
use pufa_kiosk_core::schedule::{self, OnAir};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

const PANEL: &str = r#"(
    title: "推选代表",
    body: Some("多人反映同一件事，推选代表，代表人数不超过5人。"),
    cites: [(article: 20, paragraphs: [3])],
)"#;

/// The small valid folder (two panels: where, five) with `campaigns`, each
/// (name, the fields of its campaign.ron after `title`); each campaign has one
/// panel of its own, `own`.
fn folder(campaigns: &[(&str, &str)]) -> Content {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content/laws"), &dir.path().join("laws"));
    copy_dir(&repo().join("tests/broken/base"), dir.path());
    for (name, fields) in campaigns {
        let at = dir.path().join("campaigns").join(name);
        std::fs::create_dir_all(at.join("panels")).unwrap();
        std::fs::write(at.join("panels/own.ron"), PANEL).unwrap();
        let text = format!(
            "(\n    title: \"{name}\",\n    {fields}\n    ticker: [(text: \"{name} 的字幕\", source: Some(\"本局\"))],\n)\n"
        );
        std::fs::write(at.join("campaign.ron"), text).unwrap();
    }
    std::fs::write(
        dir.path().join("ticker.ron"),
        r#"(lines: [(text: "走访请到有权处理的本级或者上一级机关的接待场所。", cites: [(article: 20, paragraphs: [1])])])"#,
    )
    .unwrap();
    content::load(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"))
}

fn shanghai() -> TimeZone {
    TimeZone::get("Asia/Shanghai").unwrap()
}

/// `at` on the kiosk's wall clock.
fn local(at: DateTime) -> Timestamp {
    shanghai().to_timestamp(at).unwrap()
}

fn on_air(content: &Content, at: DateTime) -> OnAir {
    schedule::on_air(content, local(at), &shanghai())
}

fn ids(on_air: &OnAir) -> Vec<String> {
    on_air
        .playlist
        .iter()
        .map(|p| p.item.key().id.clone())
        .collect()
}

#[test]
fn a_campaign_starts_and_stops_at_local_midnight_over_a_year() {
    let c = folder(&[(
        "527",
        r#"from: "2026-05-20", to: "2026-05-31", mode: Insert, items: [Panel(id: "own")],"#,
    )]);
    let tz = shanghai();
    let start = local(date(2026, 1, 1).at(0, 0, 0, 0));
    let end = local(date(2027, 1, 1).at(0, 0, 0, 0));
    let changes = schedule::changes(&c, start, end, &tz);
    let moments: Vec<Timestamp> = changes.iter().map(|(t, _)| *t).collect();
    assert_eq!(
        moments,
        vec![
            start,
            local(date(2026, 5, 20).at(0, 0, 0, 0)),
            local(date(2026, 6, 1).at(0, 0, 0, 0)),
        ]
    );
    // Local midnight is 16:00 UTC the day before.
    assert_eq!(moments[1].to_string(), "2026-05-19T16:00:00Z");
    assert_eq!(changes[1].1.campaigns, vec!["527".to_owned()]);
    assert!(changes[2].1.campaigns.is_empty());
    // Hour by hour through the year, the campaign is on exactly on its days.
    let mut at = date(2026, 1, 1).at(0, 30, 0, 0);
    while at.year() == 2026 {
        let expected = (date(2026, 5, 20)..=date(2026, 5, 31)).contains(&at.date());
        assert_eq!(!on_air(&c, at).campaigns.is_empty(), expected, "{at}");
        at = at.checked_add(jiff::SignedDuration::from_hours(1)).unwrap();
    }
    // The moment before midnight is off, midnight itself on.
    let before = local(date(2026, 5, 19).at(23, 59, 59, 0));
    assert_eq!(
        schedule::next_change(&c, before, &tz),
        local(date(2026, 5, 20).at(0, 0, 0, 0))
    );
}

#[test]
fn a_leap_day_counts_in_leap_years_only() {
    let c = folder(&[
        (
            "leap",
            r#"from: "02-29", to: "02-29", mode: Insert, items: [Panel(id: "own")],"#,
        ),
        (
            "spring",
            r#"from: "02-29", to: "03-02", mode: Insert, items: [Panel(id: "own")],"#,
        ),
        (
            "once",
            r#"from: "2028-02-28", to: "2028-02-29", mode: Insert, items: [Panel(id: "own")],"#,
        ),
    ]);
    let on = |d: jiff::civil::Date| on_air(&c, d.at(12, 0, 0, 0)).campaigns;
    assert_eq!(on(date(2028, 2, 29)), vec!["leap", "once", "spring"]);
    assert_eq!(on(date(2028, 2, 28)), vec!["once"]);
    assert_eq!(on(date(2028, 3, 1)), vec!["spring"]);
    // 2027 has no 29 February: the span that starts then starts on 1 March.
    assert!(on(date(2027, 2, 28)).is_empty());
    assert_eq!(on(date(2027, 3, 1)), vec!["spring"]);
    assert_eq!(on(date(2027, 3, 2)), vec!["spring"]);
    assert!(on(date(2027, 3, 3)).is_empty());
}

#[test]
fn weekdays_and_windows_past_midnight() {
    let c = folder(&[(
        "night",
        r#"from: "01-01", to: "12-31", weekdays: [Fri], hours: [("22:00", "02:00")], mode: Insert, items: [Panel(id: "own")],"#,
    )]);
    // 2026-11-27 is a Friday.
    assert_eq!(date(2026, 11, 27).weekday(), jiff::civil::Weekday::Friday);
    let on = |d: DateTime| !on_air(&c, d).campaigns.is_empty();
    assert!(!on(date(2026, 11, 27).at(21, 59, 0, 0)));
    assert!(on(date(2026, 11, 27).at(22, 0, 0, 0)));
    assert!(on(date(2026, 11, 27).at(23, 59, 0, 0)));
    assert!(
        on(date(2026, 11, 28).at(1, 59, 0, 0)),
        "Saturday night is Friday's window"
    );
    assert!(!on(date(2026, 11, 28).at(2, 0, 0, 0)));
    assert!(
        !on(date(2026, 11, 28).at(22, 30, 0, 0)),
        "Saturday is not a Friday"
    );
    assert!(!on(date(2026, 11, 26).at(23, 0, 0, 0)), "nor is Thursday");
    let tz = shanghai();
    let next = |d: DateTime| schedule::next_change(&c, local(d), &tz);
    assert_eq!(
        next(date(2026, 11, 27).at(9, 0, 0, 0)),
        local(date(2026, 11, 27).at(22, 0, 0, 0))
    );
    assert_eq!(
        next(date(2026, 11, 27).at(22, 0, 0, 0)),
        local(date(2026, 11, 28).at(2, 0, 0, 0))
    );
    assert_eq!(
        next(date(2026, 11, 28).at(2, 0, 0, 0)),
        local(date(2026, 12, 4).at(22, 0, 0, 0))
    );
    // Over a year: 52 or 53 Friday nights, each one on and one off.
    let start = local(date(2026, 1, 1).at(0, 0, 0, 0));
    let changes = schedule::changes(&c, start, local(date(2027, 1, 1).at(0, 0, 0, 0)), &tz);
    let fridays = (0..365)
        .filter(|d| {
            date(2026, 1, 1)
                .checked_add(jiff::Span::new().days(*d))
                .unwrap()
                .weekday()
                == jiff::civil::Weekday::Friday
        })
        .count();
    // The first entry is the start, then each Friday's start and end.
    assert_eq!(fridays, 52);
    assert_eq!(changes.len(), 1 + 2 * fridays);
}

#[test]
fn an_insert_joins_the_rotation_and_a_takeover_replaces_it() {
    let c = folder(&[
        (
            "insert",
            r#"from: "2026-12-01", to: "2026-12-07", priority: 1, mode: Insert, items: [Panel(id: "own")],"#,
        ),
        (
            "takeover",
            r#"from: "2026-12-04", to: "2026-12-04", hours: [("09:00", "17:00")], priority: 2, mode: Takeover, items: [Panel(id: "own"), Panel(id: "where")],"#,
        ),
    ]);
    let ordinary = on_air(&c, date(2026, 11, 30).at(12, 0, 0, 0));
    assert_eq!(ids(&ordinary), vec!["where", "five"]);
    assert_eq!(ordinary.ticker.len(), 1);
    let week = on_air(&c, date(2026, 12, 2).at(12, 0, 0, 0));
    assert_eq!(ids(&week), vec!["insert/own", "where", "five"]);
    assert_eq!(week.ticker.len(), 2, "the campaign's line and the folder's");
    assert_eq!(week.ticker[0].shown, "insert 的字幕（来源：本局）");
    assert_eq!(week.takeover, None);
    let day = on_air(&c, date(2026, 12, 4).at(12, 0, 0, 0));
    assert_eq!(
        ids(&day),
        vec!["takeover/own", "where"],
        "its own items first, then the folder's it names"
    );
    assert_eq!(day.takeover.as_deref(), Some("takeover"));
    assert_eq!(day.campaigns, vec!["takeover", "insert"]);
    assert_eq!(day.ticker.len(), 1, "only the takeover's lines");
    let evening = on_air(&c, date(2026, 12, 4).at(17, 0, 0, 0));
    assert_eq!(evening.takeover, None);
    // Items keep their keys across the switch, so the rotation can keep its place.
    assert!(week.playlist.iter().any(|p| p.item.key()
        == ItemKey {
            kind: pufa_kiosk_core::item::Kind::Panel,
            id: "where".into()
        }));
}

#[test]
fn inserted_items_are_spread_through_the_rotation() {
    let c = folder(&[]);
    let base: Vec<_> = (0..6).map(|_| c.playlist[0].clone()).collect();
    let extra: Vec<_> = (0..2).map(|_| c.playlist[1].clone()).collect();
    let mixed = schedule::interleave(&base, extra);
    let shape: Vec<&str> = mixed
        .iter()
        .map(|p| if p.item.key().id == "five" { "E" } else { "b" })
        .collect();
    assert_eq!(shape.concat(), "EbbbEbbb");
}

#[test]
fn takeovers_tied_in_priority_are_an_error_only_where_they_overlap() {
    let load = |a: &str, b: &str| {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("content/laws"), &dir.path().join("laws"));
        copy_dir(&repo().join("tests/broken/base"), dir.path());
        for (name, fields) in [("a", a), ("b", b)] {
            let at = dir.path().join("campaigns").join(name);
            std::fs::create_dir_all(&at).unwrap();
            std::fs::write(
                at.join("campaign.ron"),
                format!(
                    "(title: \"{name}\", {fields} mode: Takeover, items: [Panel(id: \"where\")])"
                ),
            )
            .unwrap();
        }
        content::load(dir.path())
    };
    // Same day, windows apart: fine.
    assert!(
        load(
            r#"from: "12-04", to: "12-04", hours: [("08:00", "12:00")],"#,
            r#"from: "12-04", to: "12-04", hours: [("12:00", "18:00")],"#
        )
        .is_ok()
    );
    // A window past midnight meeting the next morning's: a tie.
    let tie = load(
        r#"from: "12-03", to: "12-03", hours: [("20:00", "02:00")],"#,
        r#"from: "12-04", to: "12-04", hours: [("01:00", "09:00")],"#,
    )
    .unwrap_err();
    assert!(
        tie.iter()
            .any(|d| d.en.contains("both take the screen over")),
        "{tie:#?}"
    );
    // Different priorities: the higher one shows.
    let ranked = load(
        r#"from: "12-01", to: "12-07", priority: 1,"#,
        r#"from: "12-04", to: "12-04", priority: 2,"#,
    )
    .unwrap();
    let day = schedule::on_air(
        &ranked,
        local(date(2026, 12, 4).at(10, 0, 0, 0)),
        &shanghai(),
    );
    assert_eq!(day.takeover.as_deref(), Some("b"));
}

#[test]
fn a_clock_that_jumps_finds_what_is_on_air_where_it_lands() {
    let c = folder(&[(
        "527",
        r#"from: "05-20", to: "05-31", mode: Takeover, items: [Panel(id: "own")],"#,
    )]);
    let tz = shanghai();
    // Forward by a year and back by a day: on_air depends on the moment only, and
    // the next change is always after it.
    for at in [
        date(2026, 5, 25).at(8, 0, 0, 0),
        date(2027, 5, 25).at(8, 0, 0, 0),
        date(2027, 5, 19).at(8, 0, 0, 0),
        date(2025, 1, 1).at(0, 0, 0, 0),
    ] {
        let t = local(at);
        let next = schedule::next_change(&c, t, &tz);
        assert!(next > t);
        let on = on_air(&c, at).takeover.is_some();
        assert_eq!(
            on,
            (5..=5).contains(&at.month()) && (20..=31).contains(&at.day()),
            "{at}"
        );
    }
}

#[test]
fn the_schedule_report_names_each_change_on_the_kiosk_clock() {
    let c = folder(&[(
        "527",
        r#"from: "2026-05-20", to: "2026-05-31", mode: Takeover, items: [Panel(id: "own")],"#,
    )]);
    let tz = shanghai();
    let from = schedule::parse_local("2026-05-18 08:00", &tz).unwrap();
    let until = schedule::parse_local("2026-06-02", &tz).unwrap();
    let text = schedule::report(&c, from, until, &tz);
    // The changes, each followed by what plays by name (indented).
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(lines.len(), 4, "{text}");
    let takeover = text
        .split("2026-05-20 00:00 起")
        .nth(1)
        .and_then(|t| t.split("2026-06-01").next())
        .unwrap();
    let own = c
        .library
        .panels
        .values()
        .find(|p| p.id.ends_with("own"))
        .unwrap();
    assert!(
        takeover.contains(&format!(" 1. {}　panel {}\n", own.title, own.id)),
        "{text}"
    );
    assert!(
        takeover.contains("字幕 ticker: 527 的字幕（来源：本局）"),
        "{text}"
    );
    assert_eq!(takeover.matches("panel ").count(), 1, "{text}");
    assert!(lines[0].starts_with("2026-05-18 08:00 起"), "{text}");
    assert!(lines[0].contains("the playlist: 2 项"), "{text}");
    assert!(lines[1].starts_with("2026-05-20 00:00 起"), "{text}");
    assert!(lines[1].contains("takes the screen over: 1 项"), "{text}");
    assert!(lines[2].starts_with("2026-06-01 00:00 起"), "{text}");
    assert!(lines[3].starts_with("2026-06-02 00:00 止"), "{text}");
    assert_eq!(
        schedule::parse_local("2026-05-18T08:00:00", &tz),
        Some(from)
    );
    assert_eq!(schedule::parse_local("2026-13-01", &tz), None);
}
