//! Campaigns (`campaigns/<name>/campaign.ron`): panels, comic scenes and ticker
//! lines prepared ahead for a day such as 5·27 or 12·4, which start and stop by
//! themselves. A campaign's folder holds its own `panels/` and `comics/` (named
//! `<name>/<id>` in the library) and may also name the folder's items.
//!
//! Dates and times are civil (wall-clock) values in the kiosk's time zone; which
//! campaigns are on at a moment is worked out in [`crate::schedule`].

use std::path::{Path, PathBuf};

use jiff::civil::{Date, DateTime, Time, Weekday};
use serde::Deserialize;

use super::diagnostics::Diagnostic;
use super::folder::{Folder, Parsed};
use super::hidden;
use super::item::{Entry, Library};
use super::law_library::LawLibrary;
use super::playlist::{self, PlaylistItem};
use super::spans::Spans;
use super::ticker::{self, LineFile, TickerLine};

/// The folder campaigns live in, inside the content folder.
pub const FOLDER: &str = "campaigns";

/// `campaign.ron`, exactly as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignFile {
    /// Its name for staff (`pufa-kiosk schedule`, the log).
    pub title: String,
    /// First day, `"2026-05-20"` once, or `"05-20"` every year.
    pub from: String,
    /// Last day (included), written like `from`.
    pub to: String,
    /// Days of the week it runs on; empty: every day.
    #[serde(default)]
    pub weekdays: Vec<Day>,
    /// Daily windows `("08:30", "17:30")`; an end before the start runs past
    /// midnight into the next day. Empty: all day.
    #[serde(default)]
    pub hours: Vec<(String, String)>,
    /// Higher wins when two campaigns take the screen over at once.
    #[serde(default)]
    pub priority: i32,
    pub mode: Mode,
    /// Items it shows: its own (`panels/`, `comics/` in its folder) or the folder's.
    #[serde(default)]
    pub items: Vec<Entry>,
    /// Ticker lines while it runs.
    #[serde(default)]
    pub ticker: Vec<LineFile>,
}

/// A day of the week as written in `weekdays`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Day {
    fn weekday(self) -> Weekday {
        match self {
            Day::Mon => Weekday::Monday,
            Day::Tue => Weekday::Tuesday,
            Day::Wed => Weekday::Wednesday,
            Day::Thu => Weekday::Thursday,
            Day::Fri => Weekday::Friday,
            Day::Sat => Weekday::Saturday,
            Day::Sun => Weekday::Sunday,
        }
    }
}

/// How a campaign shares the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Mode {
    /// Its items join the normal rotation, spread among the folder's.
    Insert,
    /// Only its items play (and only its ticker lines scroll).
    Takeover,
}

/// The days a campaign runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dates {
    /// From one date to another, both included.
    Once { from: Date, to: Date },
    /// The same (month, day) span every year; it may wrap past New Year. 02-29
    /// stands for itself in leap years; in other years a span starting then
    /// starts on 03-01, one ending then ends on 02-28.
    EveryYear { from: (i8, i8), to: (i8, i8) },
}

impl Dates {
    fn contains(&self, day: Date) -> bool {
        match *self {
            Dates::Once { from, to } => from <= day && day <= to,
            Dates::EveryYear { from, to } => {
                let md = (day.month(), day.day());
                if from <= to {
                    from <= md && md <= to
                } else {
                    from <= md || md <= to
                }
            }
        }
    }
}

/// A daily window in minutes after midnight; `end` is at most 1440 (24:00), and
/// an `end` not after `start` ends on the next day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: u16,
    pub end: u16,
}

/// A campaign that passed its rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Campaign {
    /// Its folder's name.
    pub id: String,
    pub title: String,
    pub dates: Dates,
    /// Empty: every day.
    pub weekdays: Vec<Weekday>,
    /// Empty: all day.
    pub hours: Vec<Window>,
    pub priority: i32,
    pub mode: Mode,
    pub items: Vec<PlaylistItem>,
    pub ticker: Vec<TickerLine>,
    /// `campaign.ron` as diagnostics name it, and where its `priority` and its
    /// `from` are written.
    pub file: PathBuf,
    pub priority_at: (usize, usize),
    pub from_at: (usize, usize),
}

const MINUTES_PER_DAY: u16 = 24 * 60;

impl Campaign {
    /// Whether it runs on `day` at all (its dates and weekdays).
    pub fn runs_on(&self, day: Date) -> bool {
        self.dates.contains(day)
            && (self.weekdays.is_empty() || self.weekdays.contains(&day.weekday()))
    }

    /// The spans of time it is on that begin on `day`, as civil date-times
    /// `[start, end)`; a window past midnight ends on the next day.
    pub fn spans_from(&self, day: Date) -> Vec<(DateTime, DateTime)> {
        if !self.runs_on(day) {
            return Vec::new();
        }
        let whole = [Window {
            start: 0,
            end: MINUTES_PER_DAY,
        }];
        let windows = if self.hours.is_empty() {
            &whole[..]
        } else {
            &self.hours[..]
        };
        windows
            .iter()
            .filter_map(|w| {
                let end_day = u16::from(w.end <= w.start && w.end < MINUTES_PER_DAY);
                Some((
                    at_minute(day, w.start)?,
                    at_minute(day, end_day * MINUTES_PER_DAY + w.end)?,
                ))
            })
            .collect()
    }

    /// Whether it shows over `other` when both are on: a takeover outranks every
    /// insert, and another takeover by [`rank`]. Inserts hide nothing.
    pub fn hides(&self, other: &Campaign) -> bool {
        self.mode == Mode::Takeover
            && self.id != other.id
            && (other.mode == Mode::Insert || rank(self, other).is_lt())
    }

    /// When it runs, for people, in Chinese and in English: its dates, its
    /// weekdays and its daily windows, on the kiosk's wall clock.
    pub fn when(&self) -> (String, String) {
        let (mut zh, mut en) = match self.dates {
            Dates::Once { from, to } if from == to => (format!("{from}"), format!("{from}")),
            Dates::Once { from, to } => (format!("{from} 至 {to}"), format!("{from} to {to}")),
            Dates::EveryYear { from, to } if from == to => (
                format!("每年 {}", month_day_zh(from)),
                format!("every year on {}", month_day(from)),
            ),
            Dates::EveryYear { from, to } => (
                format!("每年 {} 至 {}", month_day_zh(from), month_day_zh(to)),
                format!("every year, {} to {}", month_day(from), month_day(to)),
            ),
        };
        if !self.weekdays.is_empty() {
            let zh_days: Vec<&str> = self.weekdays.iter().map(|d| weekday_zh(*d)).collect();
            let en_days: Vec<String> = self.weekdays.iter().map(|d| format!("{d:?}")).collect();
            zh.push_str(&format!("，仅{}", zh_days.join("、")));
            en.push_str(&format!(", on {} only", en_days.join(", ")));
        }
        if self.hours.is_empty() {
            zh.push_str("，全天");
            en.push_str(", all day");
        } else {
            let windows: Vec<(String, String)> = self.hours.iter().map(Window::label).collect();
            let zh_w: Vec<&str> = windows.iter().map(|w| w.0.as_str()).collect();
            let en_w: Vec<&str> = windows.iter().map(|w| w.1.as_str()).collect();
            zh.push_str(&format!("，每天 {}", zh_w.join("、")));
            en.push_str(&format!(", {} each day", en_w.join(", ")));
        }
        (zh, en)
    }

    /// The first span of time it is on that ends after `after`, looked for up to
    /// `days` days ahead: when to see it, or that it is on now.
    pub fn next_span(&self, after: DateTime, days: usize) -> Option<(DateTime, DateTime)> {
        let mut day = after.date().yesterday().ok()?;
        for _ in 0..days + 2 {
            if let Some(span) = self
                .spans_from(day)
                .into_iter()
                .find(|(_, end)| *end > after)
            {
                return Some(span);
            }
            day = day.tomorrow().ok()?;
        }
        None
    }

    /// Whether it is on at the civil moment `at`.
    pub fn is_on(&self, at: DateTime) -> bool {
        let day = at.date();
        [day.yesterday().ok(), Some(day)]
            .into_iter()
            .flatten()
            .flat_map(|d| self.spans_from(d))
            .any(|(start, end)| start <= at && at < end)
    }
}

/// Which of two campaigns on at once comes first: the higher priority, and on a
/// tie the name that sorts first (`check` reports ties between takeovers). The
/// first takeover in this order has the screen.
pub fn rank(a: &Campaign, b: &Campaign) -> std::cmp::Ordering {
    b.priority.cmp(&a.priority).then_with(|| a.id.cmp(&b.id))
}

impl Window {
    /// 08:30–12:00; a window past midnight says that it ends the next day.
    fn label(&self) -> (String, String) {
        let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        if self.end <= self.start {
            (
                format!("{}–次日{}", hm(self.start), hm(self.end)),
                format!("{}–{} the next day", hm(self.start), hm(self.end)),
            )
        } else {
            (
                format!("{}–{}", hm(self.start), hm(self.end)),
                format!("{}–{}", hm(self.start), hm(self.end)),
            )
        }
    }
}

/// 12-04
pub(crate) fn month_day((month, day): (i8, i8)) -> String {
    format!("{month:02}-{day:02}")
}

/// 12月4日
pub(crate) fn month_day_zh((month, day): (i8, i8)) -> String {
    format!("{month}月{day}日")
}

fn weekday_zh(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "周一",
        Weekday::Tuesday => "周二",
        Weekday::Wednesday => "周三",
        Weekday::Thursday => "周四",
        Weekday::Friday => "周五",
        Weekday::Saturday => "周六",
        Weekday::Sunday => "周日",
    }
}

/// `minutes` after the midnight that starts `day` (1440 is the next midnight).
pub(crate) fn at_minute(day: Date, minutes: u16) -> Option<DateTime> {
    let mut day = day;
    for _ in 0..minutes / MINUTES_PER_DAY {
        day = day.tomorrow().ok()?;
    }
    let rest = minutes % MINUTES_PER_DAY;
    let time = Time::new(
        i8::try_from(rest / 60).ok()?,
        i8::try_from(rest % 60).ok()?,
        0,
        0,
    )
    .ok()?;
    Some(day.to_datetime(time))
}

/// Every campaign in `campaigns/` that passes its rules, in name order. Their own
/// panels and comics join `library`.
pub(crate) fn load(folder: &mut Folder, laws: &LawLibrary, library: &mut Library) -> Vec<Campaign> {
    let mut campaigns = Vec::new();
    let root = folder.root().join(FOLDER);
    for dir in folder.folders(&root) {
        let Some(path) = folder.item_file(&dir, "campaign.ron", ("活动", "campaign")) else {
            continue;
        };
        let name = dir
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let prefix = format!("{name}/");
        // Its own items, of every kind kept in a folder of its own, before the
        // file that names them is read.
        library.load_items(folder, laws, &dir, &prefix);
        let Some(Parsed {
            value: file,
            spans,
            shown,
        }) = folder.read::<CampaignFile>(&path)
        else {
            continue;
        };
        if let Some(campaign) = campaign(folder, laws, library, name, file, &spans, &shown) {
            campaigns.push(campaign);
        }
    }
    check_ties(folder, &campaigns);
    for hidden in hidden::hidden(&campaigns) {
        folder.push(hidden.diagnostic());
    }
    campaigns
}

fn campaign(
    folder: &mut Folder,
    laws: &LawLibrary,
    library: &Library,
    id: String,
    file: CampaignFile,
    spans: &Spans,
    shown: &Path,
) -> Option<Campaign> {
    let errors_before = folder.error_count();
    if file.title.trim().is_empty() {
        let (line, column) = spans.field("title");
        folder.push(
            Diagnostic::error(
                shown,
                line,
                column,
                "活动名称是空的",
                "the campaign's title is empty",
            )
            .help(
                "写一个简短的名称，如 “5·27 宣传日”",
                "write a short title, e.g. “5·27 宣传日”",
            ),
        );
    }
    let dates = dates(folder, &file, spans, shown);
    let mut hours = Vec::new();
    for (i, (start, end)) in file.hours.iter().enumerate() {
        let at = |k: usize| spans.value(&format!("hours[{i}][{k}]"));
        let start = minute_of_day(start, false).or_else(|| {
            folder.push(bad_time(start, shown, at(0)));
            None
        });
        let end = minute_of_day(end, true).or_else(|| {
            folder.push(bad_time(end, shown, at(1)));
            None
        });
        if let (Some(start), Some(end)) = (start, end) {
            if start == end || (start == 0 && end == MINUTES_PER_DAY) {
                let (line, column) = at(0);
                folder.push(
                    Diagnostic::error(
                        shown,
                        line,
                        column,
                        "时段的开始和结束相同",
                        "the window starts and ends at the same time",
                    )
                    .help(
                        "全天播放就不写 hours；跨午夜写成 (\"22:00\", \"06:00\")",
                        "leave `hours` out for all day; past midnight is (\"22:00\", \"06:00\")",
                    ),
                );
            } else {
                hours.push(Window { start, end });
            }
        }
    }
    let items = playlist::resolve(
        folder,
        library,
        &file.items,
        &playlist::Written {
            shown,
            spans,
            path: "items",
            own: Some(&id),
        },
    );
    let ticker = ticker::lines(folder, laws, &file.ticker, shown, spans, "ticker");
    if file.items.is_empty() && (file.ticker.is_empty() || file.mode == Mode::Takeover) {
        let (line, column) = spans.field("items");
        folder.push(
            Diagnostic::error(
                shown,
                line,
                column,
                "活动没有要播放的内容（items）",
                "the campaign has nothing to play (`items`)",
            )
            .help(
                "加上 items: [Panel(id: \"…\")]，展板放在活动文件夹的 panels/ 里",
                "add `items: [Panel(id: \"…\")]`, with the panels in the campaign's panels/",
            ),
        );
    }
    if folder.error_count() > errors_before {
        return None;
    }
    Some(Campaign {
        id,
        title: file.title,
        dates: dates?,
        weekdays: file.weekdays.iter().map(|d| d.weekday()).collect(),
        hours,
        priority: file.priority,
        mode: file.mode,
        items,
        ticker,
        file: shown.to_path_buf(),
        priority_at: spans.field("priority"),
        from_at: spans.value("from"),
    })
}

/// `from` and `to`, both with a year (once) or both without (every year).
fn dates(folder: &mut Folder, file: &CampaignFile, spans: &Spans, shown: &Path) -> Option<Dates> {
    let from = day(folder, &file.from, shown, spans.value("from"));
    let to = day(folder, &file.to, shown, spans.value("to"));
    let (line, column) = spans.value("to");
    match (from?, to?) {
        (Written::Full(from), Written::Full(to)) if to < from => {
            folder.push(
                Diagnostic::error(
                    shown,
                    line,
                    column,
                    format!("结束日期 {to} 早于开始日期 {from}"),
                    format!("the end date {to} is before the start date {from}"),
                )
                .help("检查年份和月份", "check the year and the month"),
            );
            None
        }
        (Written::Full(from), Written::Full(to)) => Some(Dates::Once { from, to }),
        (Written::EveryYear(from), Written::EveryYear(to)) => Some(Dates::EveryYear { from, to }),
        _ => {
            folder.push(
                Diagnostic::error(
                    shown,
                    line,
                    column,
                    "开始和结束日期一个写了年份，一个没写",
                    "one of `from` and `to` has a year and the other has not",
                )
                .help(
                    "只办一次写 \"2026-05-27\"；每年都办写 \"05-27\"",
                    "once: \"2026-05-27\"; every year: \"05-27\"",
                ),
            );
            None
        }
    }
}

enum Written {
    Full(Date),
    EveryYear((i8, i8)),
}

fn day(
    folder: &mut Folder,
    text: &str,
    shown: &Path,
    (line, column): (usize, usize),
) -> Option<Written> {
    let text = text.trim();
    let parsed = match text.len() {
        10 => text.parse::<Date>().ok().map(Written::Full),
        5 => text.split_once('-').and_then(|(m, d)| {
            let (m, d) = (m.parse::<i8>().ok()?, d.parse::<i8>().ok()?);
            // Checked against a leap year, so 02-29 is a day.
            Date::new(2024, m, d)
                .ok()
                .map(|_| Written::EveryYear((m, d)))
        }),
        _ => None,
    };
    if parsed.is_none() {
        folder.push(
            Diagnostic::error(
                shown,
                line,
                column,
                format!("“{text}” 不是有效的日期"),
                format!("`{text}` is not a valid date"),
            )
            .help(
                "写成 \"2026-05-27\"（只办一次）或 \"05-27\"（每年）",
                "write \"2026-05-27\" (once) or \"05-27\" (every year)",
            ),
        );
    }
    parsed
}

/// "HH:MM" as minutes after midnight; "24:00" only as an end.
fn minute_of_day(text: &str, end: bool) -> Option<u16> {
    let (h, m) = text.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m) = (h.parse::<u16>().ok()?, m.parse::<u16>().ok()?);
    match (h, m) {
        (24, 0) if end => Some(MINUTES_PER_DAY),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

fn bad_time(text: &str, shown: &Path, (line, column): (usize, usize)) -> Diagnostic {
    Diagnostic::error(
        shown,
        line,
        column,
        format!("“{text}” 不是有效的时刻"),
        format!("`{text}` is not a valid time of day"),
    )
    .help(
        "写成 24 小时制的 \"08:30\"；结束可以写 \"24:00\"",
        "write a 24-hour \"08:30\"; an end may be \"24:00\"",
    )
}

/// Two takeovers of the same priority on at the same moment: which one shows is
/// a choice staff must make, so it is an error at the later one's `priority`.
fn check_ties(folder: &mut Folder, campaigns: &[Campaign]) {
    let takeovers: Vec<&Campaign> = campaigns
        .iter()
        .filter(|c| c.mode == Mode::Takeover)
        .collect();
    for (i, a) in takeovers.iter().enumerate() {
        for b in takeovers.iter().skip(i + 1) {
            if a.priority != b.priority {
                continue;
            }
            let Some(day) = first_overlap(a, b) else {
                continue;
            };
            let (line, column) = b.priority_at;
            folder.push(
                Diagnostic::error(
                    &b.file,
                    line,
                    column,
                    format!(
                        "活动 “{}” 和 “{}” 都要独占屏幕，优先级相同（{}），在 {day} 同时进行",
                        b.title, a.title, b.priority
                    ),
                    format!(
                        "campaigns `{}` and `{}` both take the screen over with priority {} and overlap on {day}",
                        b.id, a.id, b.priority
                    ),
                )
                .help(
                    "给应当优先显示的活动更高的 priority，或错开日期",
                    "give the one that should show a higher `priority`, or move the dates apart",
                ),
            );
        }
    }
}

/// The days over which two campaigns are compared: the days both can run when
/// either is held once, else four years with a leap year among them (so every
/// (month, day) and weekday meets every other).
pub(crate) fn days_to_compare(a: &Campaign, b: &Campaign) -> (Date, Date) {
    let bounds = |c: &Campaign| match c.dates {
        Dates::Once { from, to } => Some((from, to)),
        Dates::EveryYear { .. } => None,
    };
    match (bounds(a), bounds(b)) {
        (Some(x), Some(y)) => (x.0.max(y.0), x.1.min(y.1)),
        (Some(x), None) | (None, Some(x)) => x,
        (None, None) => (Date::constant(2024, 1, 1), Date::constant(2027, 12, 31)),
    }
}

/// The first day on which `a` and `b` are on at the same moment. Campaigns held
/// every year are compared over four years, a leap year among them.
pub(crate) fn first_overlap(a: &Campaign, b: &Campaign) -> Option<Date> {
    let (first, last) = days_to_compare(a, b);
    let mut day = first;
    // Ten years of days at most: a campaign is not meant to run for decades.
    for _ in 0..3660 {
        if day > last {
            return None;
        }
        let ours = a.spans_from(day);
        if !ours.is_empty() {
            let neighbours = [day.yesterday().ok(), Some(day), day.tomorrow().ok()];
            let theirs: Vec<(DateTime, DateTime)> = neighbours
                .into_iter()
                .flatten()
                .flat_map(|d| b.spans_from(d))
                .collect();
            let meets = ours
                .iter()
                .any(|(s1, e1)| theirs.iter().any(|(s2, e2)| s1 < e2 && s2 < e1));
            if meets {
                return Some(day);
            }
        }
        day = day.tomorrow().ok()?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn campaign(dates: Dates) -> Campaign {
        Campaign {
            id: "x".into(),
            title: "活动".into(),
            dates,
            weekdays: Vec::new(),
            hours: Vec::new(),
            priority: 0,
            mode: Mode::Insert,
            items: Vec::new(),
            ticker: Vec::new(),
            file: PathBuf::from("campaigns/x/campaign.ron"),
            priority_at: (0, 0),
            from_at: (0, 0),
        }
    }

    #[test]
    fn says_when_it_runs_as_the_file_describes_it() {
        let day = campaign(Dates::EveryYear {
            from: (12, 4),
            to: (12, 4),
        });
        assert_eq!(
            day.when(),
            (
                "每年 12月4日，全天".into(),
                "every year on 12-04, all day".into()
            )
        );
        let mut week = campaign(Dates::Once {
            from: date(2026, 12, 1),
            to: date(2026, 12, 7),
        });
        week.weekdays = vec![Weekday::Monday, Weekday::Friday];
        week.hours = vec![
            Window {
                start: 8 * 60 + 30,
                end: 12 * 60,
            },
            Window {
                start: 20 * 60,
                end: 2 * 60,
            },
        ];
        let (zh, en) = week.when();
        assert_eq!(
            zh,
            "2026-12-01 至 2026-12-07，仅周一、周五，每天 08:30–12:00、20:00–次日02:00"
        );
        assert_eq!(
            en,
            "2026-12-01 to 2026-12-07, on Monday, Friday only, 08:30–12:00, 20:00–02:00 the next day each day"
        );
    }

    #[test]
    fn finds_the_next_time_it_is_on() {
        let c = campaign(Dates::EveryYear {
            from: (12, 4),
            to: (12, 4),
        });
        let (start, end) = c.next_span(date(2026, 3, 2).at(10, 0, 0, 0), 400).unwrap();
        assert_eq!(start, date(2026, 12, 4).at(0, 0, 0, 0));
        assert_eq!(end, date(2026, 12, 5).at(0, 0, 0, 0));
        // On now: the span it is in.
        let now = date(2026, 12, 4).at(10, 0, 0, 0);
        assert_eq!(c.next_span(now, 400).unwrap().0, start);
    }
}
