//! Proof of play and use figures: what was shown, and how much the kiosk was used,
//! as append-only daily files with no personal data (counts per hour only; no
//! session is ever written on its own). The format is documented in
//! docs/statistics.md; this module writes it, reads it back (skipping a torn
//! line), and sums a folder of many kiosks' files for `pufa-kiosk report`.
//!
//! Every date and hour is the kiosk's local one, in the zone given as a parameter.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

/// The folder inside the data folder that holds the statistics files.
pub const STATS_DIR: &str = "stats";

/// Extension of a statistics file: one JSON object a line.
pub const EXTENSION: &str = "jsonl";

/// Right and wrong answers to one quiz question.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    pub right: u64,
    pub wrong: u64,
}

/// The use counts of one local hour. Only counts: nothing says which citizen did
/// what, or in which order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HourCounts {
    /// Local date.
    pub date: Date,
    /// Local hour, 0–23.
    pub hour: i8,
    /// Touch sessions begun (the rotation left for the guide).
    #[serde(default)]
    pub sessions: u64,
    /// Guide pages opened, by page name (home, roadmap, comic, browser, online).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pages: BTreeMap<String, u64>,
    /// Roadmap steps visited, by step ("id title").
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub steps: BTreeMap<String, u64>,
    /// Articles of the regulation opened, by article number.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub articles: BTreeMap<String, u64>,
    /// Quiz answers by scene ("comic #n title").
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub quiz: BTreeMap<String, Answers>,
}

impl HourCounts {
    fn new(date: Date, hour: i8) -> Self {
        Self {
            date,
            hour,
            ..Self::default()
        }
    }

    /// Whether nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.sessions == 0
            && self.pages.is_empty()
            && self.steps.is_empty()
            && self.articles.is_empty()
            && self.quiz.is_empty()
    }

    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: &HourCounts) {
        self.sessions += other.sessions;
        add_counts(&mut self.pages, &other.pages);
        add_counts(&mut self.steps, &other.steps);
        add_counts(&mut self.articles, &other.articles);
        for (scene, a) in &other.quiz {
            let mine = self.quiz.entry(scene.clone()).or_default();
            mine.right += a.right;
            mine.wrong += a.wrong;
        }
    }
}

fn add_counts(to: &mut BTreeMap<String, u64>, from: &BTreeMap<String, u64>) {
    for (k, n) in from {
        *to.entry(k.clone()).or_default() += n;
    }
}

/// One line of a statistics file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    /// An item of the rotation was on screen from `start` for `seconds`.
    Shown {
        /// "panel:ID", "comic:ID" or "bureau:ID".
        item: String,
        /// RFC 3339 with the local offset.
        start: String,
        seconds: f64,
    },
    /// The counts of one hour. A player restarted within an hour writes a second
    /// record for it; readers add them up.
    Hour(HourCounts),
}

/// What the player tells the recorder. None of these names a person.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A touch session began.
    Session,
    /// A guide page was opened.
    Page(String),
    /// A roadmap step was visited.
    Step(String),
    /// An article was opened.
    Article(String),
    /// A quiz question was answered.
    Quiz { scene: String, right: bool },
    /// An item was on screen from `start` for `seconds` (sent when it left).
    Shown {
        item: String,
        start: Timestamp,
        seconds: f64,
    },
}

/// Gathers events into hourly counts and records ready to append.
#[derive(Debug)]
pub struct Recorder {
    zone: TimeZone,
    hour: Option<HourCounts>,
    pending: Vec<(Date, Record)>,
    /// Touch sessions since the player started, for the health files.
    pub sessions_total: u64,
}

/// The local date and hour of `at`.
pub fn local_hour(at: Timestamp, zone: &TimeZone) -> (Date, i8) {
    let z = at.to_zoned_datetime(zone.clone());
    (z.date(), z.hour())
}

impl Recorder {
    pub fn new(zone: TimeZone) -> Self {
        Self {
            zone,
            hour: None,
            pending: Vec::new(),
            sessions_total: 0,
        }
    }

    /// Counts `event`, which happened at `at`.
    pub fn record(&mut self, at: Timestamp, event: Event) {
        if let Event::Shown {
            item,
            start,
            seconds,
        } = event
        {
            // To the second: finer says nothing a report needs.
            let start = start.round(jiff::Unit::Second).unwrap_or(start);
            let z = start.to_zoned_datetime(self.zone.clone());
            let start = start.display_with_offset(z.offset()).to_string();
            self.pending.push((
                z.date(),
                Record::Shown {
                    item,
                    start,
                    seconds: (seconds * 10.0).round() / 10.0,
                },
            ));
            return;
        }
        self.roll(at);
        let (date, hour) = local_hour(at, &self.zone);
        let counts = self.hour.get_or_insert_with(|| HourCounts::new(date, hour));
        match event {
            Event::Session => {
                counts.sessions += 1;
                self.sessions_total += 1;
            }
            Event::Page(p) => *counts.pages.entry(p).or_default() += 1,
            Event::Step(s) => *counts.steps.entry(s).or_default() += 1,
            Event::Article(a) => *counts.articles.entry(a).or_default() += 1,
            Event::Quiz { scene, right } => {
                let a = counts.quiz.entry(scene).or_default();
                if right {
                    a.right += 1;
                } else {
                    a.wrong += 1;
                }
            }
            Event::Shown { .. } => {}
        }
    }

    /// Closes the hour being counted if `now` is past it.
    pub fn roll(&mut self, now: Timestamp) {
        let here = local_hour(now, &self.zone);
        if self.hour.as_ref().is_some_and(|h| (h.date, h.hour) != here) {
            self.finish();
        }
    }

    /// Closes the hour being counted now (the player is stopping).
    pub fn finish(&mut self) {
        if let Some(h) = self.hour.take()
            && !h.is_empty()
        {
            self.pending.push((h.date, Record::Hour(h)));
        }
    }

    /// Records ready to be appended, each with the local date of its file.
    pub fn take_pending(&mut self) -> Vec<(Date, Record)> {
        std::mem::take(&mut self.pending)
    }

    /// Puts records that could not be written back, to try again later; keeps at
    /// most `limit` so a disk that stays full cannot grow memory.
    pub fn put_back(&mut self, mut records: Vec<(Date, Record)>, limit: usize) {
        records.append(&mut self.pending);
        let excess = records.len().saturating_sub(limit);
        records.drain(..excess);
        self.pending = records;
    }
}

/// A kiosk id as it may stand in a file name: letters and digits (any script),
/// `-` and `_`; anything else becomes `-`. Never empty.
pub fn file_safe(kiosk: &str) -> String {
    let s: String = kiosk
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() { "kiosk".into() } else { s }
}

/// The file for `kiosk` on `date`: `KIOSK.YYYY-MM-DD.jsonl`.
pub fn file_name(kiosk: &str, date: Date) -> String {
    format!("{}.{date}.{EXTENSION}", file_safe(kiosk))
}

/// The kiosk and date a statistics file's name gives, if it is one.
pub fn parse_file_name(name: &str) -> Option<(String, Date)> {
    let stem = name.strip_suffix(EXTENSION)?.strip_suffix('.')?;
    let (kiosk, date) = stem.rsplit_once('.')?;
    let date: Date = date.parse().ok()?;
    (!kiosk.is_empty()).then(|| (kiosk.to_owned(), date))
}

/// Appends records to the day's file, one line each, synced to disk. Opening a
/// file whose last line was torn by a power cut first ends that line, so the torn
/// fragment stays a line of its own that readers skip.
#[derive(Debug)]
pub struct DailyFiles {
    dir: PathBuf,
    kiosk: String,
    open: Option<(Date, File)>,
}

impl DailyFiles {
    /// Files in `dir` (created when first written) for `kiosk`.
    pub fn new(dir: PathBuf, kiosk: &str) -> Self {
        Self {
            dir,
            kiosk: file_safe(kiosk),
            open: None,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file_for(&mut self, date: Date) -> io::Result<&mut File> {
        if self.open.as_ref().is_none_or(|(d, _)| *d != date) {
            self.open = None;
            std::fs::create_dir_all(&self.dir)?;
            let path = self.dir.join(file_name(&self.kiosk, date));
            let mut file = OpenOptions::new()
                .read(true)
                .append(true)
                .create(true)
                .open(path)?;
            let len = file.seek(SeekFrom::End(0))?;
            if len > 0 {
                file.seek(SeekFrom::Start(len - 1))?;
                let mut last = [0u8; 1];
                file.read_exact(&mut last)?;
                if last != *b"\n" {
                    file.write_all(b"\n")?;
                }
            }
            self.open = Some((date, file));
        }
        match self.open.as_mut() {
            Some((_, file)) => Ok(file),
            None => Err(io::Error::other("no file open")),
        }
    }

    /// Appends `records` and syncs each file written. On error the records not
    /// written are returned with it, so the caller may try again later.
    pub fn append(
        &mut self,
        records: Vec<(Date, Record)>,
    ) -> Result<(), (io::Error, Vec<(Date, Record)>)> {
        let mut iter = records.into_iter();
        let mut synced: Option<Date> = None;
        while let Some((date, record)) = iter.next() {
            let line = match serde_json::to_string(&record) {
                Ok(l) => l + "\n",
                Err(_) => continue,
            };
            if synced.is_some_and(|d| d != date)
                && let Some((_, f)) = self.open.as_ref()
                && let Err(e) = f.sync_data()
            {
                let mut rest = vec![(date, record)];
                rest.extend(iter);
                return Err((e, rest));
            }
            let written = self
                .file_for(date)
                .and_then(|f| f.write_all(line.as_bytes()));
            if let Err(e) = written {
                // A failed write may leave half a line: start the next try afresh.
                self.open = None;
                let mut rest = vec![(date, record)];
                rest.extend(iter);
                return Err((e, rest));
            }
            synced = Some(date);
        }
        if synced.is_some()
            && let Some((_, f)) = self.open.as_ref()
            && let Err(e) = f.sync_data()
        {
            self.open = None;
            return Err((e, Vec::new()));
        }
        Ok(())
    }
}

/// The records of one file, and how many lines could not be read (a line torn by
/// a power cut, or one written by a later format).
#[derive(Debug, Default, PartialEq)]
pub struct FileRecords {
    pub records: Vec<Record>,
    pub skipped: usize,
}

/// Reads a statistics file's text.
pub fn parse(text: &str) -> FileRecords {
    let mut out = FileRecords::default();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<Record>(line) {
            Ok(r) => out.records.push(r),
            Err(_) => out.skipped += 1,
        }
    }
    out
}

/// One kiosk's file for one day, read.
#[derive(Debug)]
pub struct DayFile {
    pub kiosk: String,
    pub date: Date,
    pub path: PathBuf,
    pub records: FileRecords,
}

/// Every statistics file under `dir` (searched to any depth, so a folder of many
/// kiosks' data folders can be given as it is), with dates in `from..=to`.
pub fn read_folder(dir: &Path, from: Option<Date>, to: Option<Date>) -> io::Result<Vec<DayFile>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    let meta = std::fs::metadata(dir)?;
    if meta.is_file() {
        stack.clear();
        read_one(dir, from, to, &mut out);
    }
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(t) if t.is_file() => read_one(&path, from, to, &mut out),
                _ => {}
            }
        }
    }
    out.sort_by(|a, b| (&a.kiosk, a.date, &a.path).cmp(&(&b.kiosk, b.date, &b.path)));
    Ok(out)
}

fn read_one(path: &Path, from: Option<Date>, to: Option<Date>, out: &mut Vec<DayFile>) {
    let Some((kiosk, date)) = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(parse_file_name)
    else {
        return;
    };
    if from.is_some_and(|f| date < f) || to.is_some_and(|t| date > t) {
        return;
    }
    let Ok(bytes) = std::fs::read(path) else {
        return;
    };
    out.push(DayFile {
        kiosk,
        date,
        path: path.to_path_buf(),
        records: parse(&String::from_utf8_lossy(&bytes)),
    });
}

/// A count and its name, for the "most visited" lists.
pub type Ranked = Vec<(String, u64)>;

/// Everything `pufa-kiosk report` shows, summed over the files read.
#[derive(Debug, Default, PartialEq)]
pub struct Summary {
    /// Kiosks seen, with their days of files.
    pub kiosks: BTreeMap<String, usize>,
    pub first: Option<Date>,
    pub last: Option<Date>,
    /// Touch sessions per date (all kiosks).
    pub sessions_per_day: BTreeMap<Date, u64>,
    /// Touch sessions per kiosk.
    pub sessions_per_kiosk: BTreeMap<String, u64>,
    /// Touch sessions per local hour of the day, 0–23.
    pub sessions_per_hour: [u64; 24],
    /// Touch sessions by weekday (Monday first) and hour.
    pub weekday_hour: [[u64; 24]; 7],
    pub pages: Ranked,
    pub steps: Ranked,
    pub articles: Ranked,
    /// Quiz answers per scene.
    pub quiz: BTreeMap<String, Answers>,
    /// Seconds of playback per kiosk.
    pub playback_seconds: BTreeMap<String, f64>,
    /// Seconds on screen per item.
    pub items: Vec<(String, f64)>,
    /// Lines that could not be read (torn by a power cut, or unknown).
    pub skipped_lines: usize,
    /// Statistics files read.
    pub files: usize,
}

impl Summary {
    /// Sums `files`.
    pub fn of(files: &[DayFile]) -> Self {
        let mut s = Summary::default();
        let mut total = HourCounts::default();
        let mut items: BTreeMap<String, f64> = BTreeMap::new();
        for f in files {
            s.files += 1;
            s.skipped_lines += f.records.skipped;
            *s.kiosks.entry(f.kiosk.clone()).or_default() += 1;
            s.first = Some(s.first.map_or(f.date, |d| d.min(f.date)));
            s.last = Some(s.last.map_or(f.date, |d| d.max(f.date)));
            for r in &f.records.records {
                match r {
                    Record::Shown { item, seconds, .. } => {
                        let secs = if seconds.is_finite() {
                            seconds.max(0.0)
                        } else {
                            0.0
                        };
                        *s.playback_seconds.entry(f.kiosk.clone()).or_default() += secs;
                        *items.entry(item.clone()).or_default() += secs;
                    }
                    Record::Hour(h) => {
                        total.add(h);
                        *s.sessions_per_day.entry(h.date).or_default() += h.sessions;
                        *s.sessions_per_kiosk.entry(f.kiosk.clone()).or_default() += h.sessions;
                        let hour = usize::try_from(h.hour).unwrap_or(0).min(23);
                        if let Some(n) = s.sessions_per_hour.get_mut(hour) {
                            *n += h.sessions;
                        }
                        let day = weekday_index(h.date.weekday());
                        if let Some(n) = s.weekday_hour.get_mut(day).and_then(|r| r.get_mut(hour)) {
                            *n += h.sessions;
                        }
                    }
                }
            }
        }
        s.pages = ranked(total.pages);
        s.steps = ranked(total.steps);
        s.articles = ranked(total.articles);
        s.quiz = total.quiz;
        let mut items: Vec<(String, f64)> = items.into_iter().collect();
        items.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        s.items = items;
        s
    }

    /// All touch sessions.
    pub fn sessions(&self) -> u64 {
        self.sessions_per_day.values().sum()
    }

    /// Hours of playback, all kiosks.
    pub fn playback_hours(&self) -> f64 {
        self.playback_seconds.values().sum::<f64>() / 3600.0
    }
}

/// Monday 0 … Sunday 6.
pub fn weekday_index(w: Weekday) -> usize {
    usize::try_from(w.to_monday_zero_offset()).unwrap_or(0)
}

fn ranked(counts: BTreeMap<String, u64>) -> Ranked {
    let mut v: Ranked = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// Share of right answers, 0–1 (None without answers).
pub fn accuracy(a: &Answers) -> Option<f64> {
    let n = a.right + a.wrong;
    (n > 0).then(|| a.right as f64 / n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shanghai() -> TimeZone {
        TimeZone::get("Asia/Shanghai").unwrap()
    }

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn events_become_counts_per_local_hour() {
        let mut r = Recorder::new(shanghai());
        // 01:59 and 02:05 UTC are 09:59 and 10:05 in Shanghai.
        r.record(at("2026-11-27T01:59:00Z"), Event::Session);
        r.record(at("2026-11-27T01:59:10Z"), Event::Page("roadmap".into()));
        r.record(
            at("2026-11-27T01:59:20Z"),
            Event::Quiz {
                scene: "c #1".into(),
                right: false,
            },
        );
        assert!(r.take_pending().is_empty(), "the hour is still open");
        r.record(at("2026-11-27T02:05:00Z"), Event::Session);
        let done = r.take_pending();
        assert_eq!(done.len(), 1);
        let (date, Record::Hour(h)) = &done[0] else {
            panic!("{done:?}")
        };
        assert_eq!(date.to_string(), "2026-11-27");
        assert_eq!((h.hour, h.sessions), (9, 1));
        assert_eq!(h.pages["roadmap"], 1);
        assert_eq!(h.quiz["c #1"], Answers { right: 0, wrong: 1 });
        r.roll(at("2026-11-27T03:00:00Z"));
        let Record::Hour(h) = &r.take_pending()[0].1 else {
            panic!()
        };
        assert_eq!((h.hour, h.sessions), (10, 1));
        assert_eq!(r.sessions_total, 2);
        // An empty hour writes nothing.
        r.roll(at("2026-11-27T05:00:00Z"));
        r.finish();
        assert!(r.take_pending().is_empty());
    }

    #[test]
    fn a_shown_item_goes_to_the_file_of_its_local_start_date() {
        let mut r = Recorder::new(shanghai());
        r.record(
            at("2026-11-27T16:30:00Z"),
            Event::Shown {
                item: "panel:a".into(),
                start: at("2026-11-27T16:29:48Z"),
                seconds: 12.04,
            },
        );
        let p = r.take_pending();
        assert_eq!(p[0].0.to_string(), "2026-11-28");
        assert_eq!(
            serde_json::to_string(&p[0].1).unwrap(),
            r#"{"kind":"shown","item":"panel:a","start":"2026-11-28T00:29:48+08:00","seconds":12.0}"#
        );
    }

    #[test]
    fn file_names_carry_the_kiosk_and_date() {
        let d: Date = "2026-01-02".parse().unwrap();
        assert_eq!(
            file_name("城关镇 1/a.b", d),
            "城关镇-1-a-b.2026-01-02.jsonl"
        );
        assert_eq!(
            parse_file_name("城关镇-1.2026-01-02.jsonl"),
            Some(("城关镇-1".into(), d))
        );
        assert_eq!(parse_file_name("x.2026-13-02.jsonl"), None);
        assert_eq!(parse_file_name("notes.txt"), None);
        assert_eq!(file_safe("  "), "kiosk");
    }

    #[test]
    fn appended_lines_read_back_and_a_torn_line_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let d: Date = "2026-11-27".parse().unwrap();
        let rec = |s| {
            let mut h = HourCounts::new(d, 9);
            h.sessions = s;
            (d, Record::Hour(h))
        };
        let mut files = DailyFiles::new(dir.path().to_path_buf(), "k1");
        files.append(vec![rec(1), rec(2)]).unwrap();
        let path = dir.path().join("k1.2026-11-27.jsonl");
        // A power cut tears the last line.
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(r#"{"kind":"hour","date":"2026-11-27","ho"#);
        std::fs::write(&path, &text).unwrap();
        let read = parse(&std::fs::read_to_string(&path).unwrap());
        assert_eq!((read.records.len(), read.skipped), (2, 1));
        // The next player appends after the torn fragment, not onto it.
        let mut files = DailyFiles::new(dir.path().to_path_buf(), "k1");
        files.append(vec![rec(3)]).unwrap();
        let read = parse(&std::fs::read_to_string(&path).unwrap());
        assert_eq!((read.records.len(), read.skipped), (3, 1));
        assert_eq!(read.records[2], rec(3).1);
    }

    #[test]
    fn a_failed_append_returns_what_was_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("stats");
        std::fs::write(&blocker, "a file where the folder should be").unwrap();
        let d: Date = "2026-11-27".parse().unwrap();
        let mut files = DailyFiles::new(blocker, "k");
        let (_, rest) = files
            .append(vec![(d, Record::Hour(HourCounts::new(d, 1)))])
            .unwrap_err();
        assert_eq!(rest.len(), 1);
        let mut r = Recorder::new(shanghai());
        r.put_back(rest.clone(), 1);
        r.put_back(rest, 1);
        assert_eq!(r.take_pending().len(), 1, "kept to the limit");
    }

    #[test]
    fn a_summary_adds_up_kiosks_and_days() {
        let dir = tempfile::tempdir().unwrap();
        let text = |date: &str, hour: i8, sessions: u64| {
            let d: Date = date.parse().unwrap();
            let mut h = HourCounts::new(d, hour);
            h.sessions = sessions;
            h.steps.insert("s1 申请".into(), sessions);
            h.quiz.insert(
                "c #1".into(),
                Answers {
                    right: sessions,
                    wrong: 1,
                },
            );
            let shown = Record::Shown {
                item: "panel:a".into(),
                start: format!("{date}T10:00:00+08:00"),
                seconds: 1800.0,
            };
            format!(
                "{}\n{}\n",
                serde_json::to_string(&Record::Hour(h)).unwrap(),
                serde_json::to_string(&shown).unwrap()
            )
        };
        std::fs::create_dir_all(dir.path().join("a/stats")).unwrap();
        std::fs::create_dir_all(dir.path().join("b")).unwrap();
        // 2026-11-23 is a Monday.
        std::fs::write(
            dir.path().join("a/stats/a.2026-11-23.jsonl"),
            text("2026-11-23", 9, 2),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("b/b.2026-11-24.jsonl"),
            text("2026-11-24", 15, 3) + "{\"kind\":\"ho",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("b/b.2026-11-30.jsonl"),
            text("2026-11-30", 9, 7),
        )
        .unwrap();
        let files = read_folder(dir.path(), None, Some("2026-11-29".parse().unwrap())).unwrap();
        let s = Summary::of(&files);
        assert_eq!(s.files, 2);
        assert_eq!(s.sessions(), 5);
        assert_eq!(s.skipped_lines, 1);
        assert_eq!(s.sessions_per_hour[9], 2);
        assert_eq!(s.weekday_hour[0][9], 2);
        assert_eq!(s.weekday_hour[1][15], 3);
        assert_eq!(s.steps, vec![("s1 申请".to_string(), 5)]);
        assert_eq!(s.quiz["c #1"], Answers { right: 5, wrong: 2 });
        assert!((s.playback_hours() - 1.0).abs() < 1e-9);
        assert_eq!(s.kiosks.len(), 2);
        assert_eq!(accuracy(&s.quiz["c #1"]), Some(5.0 / 7.0));
    }
}
