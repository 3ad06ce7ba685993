//! Campaigns that never show on some of their days: on those days another
//! campaign takes the screen over for all the time this one runs, so none of its
//! items or ticker lines play. Nothing else would say so; the screen just shows
//! the other one. `check` warns, naming both and the days.

use jiff::civil::{Date, DateTime};

use super::campaign::{self, Campaign, Dates, Mode};
use super::diagnostics::Diagnostic;

/// Ranges of days listed in a warning before the rest are counted.
const LISTED: usize = 6;

/// `campaign` is hidden all day (all its windows) by `by` on `days`.
#[derive(Debug, Clone, PartialEq)]
pub struct Hidden<'a> {
    pub campaign: &'a Campaign,
    pub by: &'a Campaign,
    pub days: Days,
}

/// The days a campaign is hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Days {
    /// Dates, when either campaign is held once.
    Dates(Vec<Date>),
    /// (month, day) in the years both are held; `some_years` when a weekday rule
    /// makes them differ from year to year.
    EveryYear {
        days: Vec<(i8, i8)>,
        some_years: bool,
    },
}

/// Every campaign hidden by another on some of its days, in the campaigns' order.
pub fn hidden(campaigns: &[Campaign]) -> Vec<Hidden<'_>> {
    let mut out = Vec::new();
    for a in campaigns {
        for b in campaigns.iter().filter(|b| b.hides(a)) {
            if let Some(days) = hidden_days(a, b) {
                out.push(Hidden {
                    campaign: a,
                    by: b,
                    days,
                });
            }
        }
    }
    out
}

/// The days on which everything `a` runs lies inside the time `b` runs, if any.
fn hidden_days(a: &Campaign, b: &Campaign) -> Option<Days> {
    let (first, last) = campaign::days_to_compare(a, b);
    let mut dates = Vec::new();
    let mut day = first;
    // Ten years of days at most, as `first_overlap` compares them.
    for _ in 0..3660 {
        if day > last {
            break;
        }
        let ours = a.spans_from(day);
        if !ours.is_empty() {
            let mut theirs: Vec<(DateTime, DateTime)> =
                [day.yesterday().ok(), Some(day), day.tomorrow().ok()]
                    .into_iter()
                    .flatten()
                    .flat_map(|d| b.spans_from(d))
                    .collect();
            theirs.sort();
            if ours.iter().all(|span| covered(*span, &theirs)) {
                dates.push(day);
            }
        }
        let Ok(next) = day.tomorrow() else { break };
        day = next;
    }
    if dates.is_empty() {
        return None;
    }
    let every_year = |c: &Campaign| matches!(c.dates, Dates::EveryYear { .. });
    if !(every_year(a) && every_year(b)) {
        return Some(Days::Dates(dates));
    }
    let mut days: Vec<(i8, i8)> = dates.iter().map(|d| (d.month(), d.day())).collect();
    days.sort();
    days.dedup();
    Some(Days::EveryYear {
        days,
        some_years: !a.weekdays.is_empty() || !b.weekdays.is_empty(),
    })
}

/// Whether `span` lies inside the union of `spans`, which are sorted by start.
fn covered((start, end): (DateTime, DateTime), spans: &[(DateTime, DateTime)]) -> bool {
    let mut reached = start;
    for &(s, e) in spans {
        if s > reached {
            break;
        }
        reached = reached.max(e);
        if reached >= end {
            return true;
        }
    }
    reached >= end
}

impl Days {
    /// The days in runs of consecutive days, for people: 2026-12-04,
    /// 2026-12-01 至 2026-12-03; 每年 12月4日. Chinese and English.
    pub fn label(&self) -> (String, String) {
        match self {
            Days::Dates(dates) => {
                let runs = runs(dates, |a, b| a.tomorrow().ok() == Some(*b));
                listed(&runs, |d| d.to_string(), |d| d.to_string())
            }
            Days::EveryYear { days, some_years } => {
                // Consecutive in a leap year, where 02-29 comes between.
                let next = |a: &(i8, i8), b: &(i8, i8)| {
                    Date::new(2024, a.0, a.1)
                        .ok()
                        .and_then(|d| d.tomorrow().ok())
                        .is_some_and(|d| (d.month(), d.day()) == *b)
                };
                let runs = runs(days, next);
                let (zh, en) = listed(
                    &runs,
                    |d| campaign::month_day_zh(*d),
                    |d| campaign::month_day(*d),
                );
                if *some_years {
                    (
                        format!("{zh}（部分年份，视当年星期而定）"),
                        format!("{en} (in some years, as the weekdays fall)"),
                    )
                } else {
                    (format!("每年 {zh}"), format!("{en} every year"))
                }
            }
        }
    }
}

/// `days` (sorted) cut into runs of consecutive days.
fn runs<T: Copy>(days: &[T], next: impl Fn(&T, &T) -> bool) -> Vec<(T, T)> {
    let mut out: Vec<(T, T)> = Vec::new();
    for day in days {
        match out.last_mut() {
            Some(run) if next(&run.1, day) => run.1 = *day,
            _ => out.push((*day, *day)),
        }
    }
    out
}

/// The first runs written out, the rest counted.
fn listed<T: PartialEq>(
    runs: &[(T, T)],
    zh: impl Fn(&T) -> String,
    en: impl Fn(&T) -> String,
) -> (String, String) {
    let (mut zh_runs, mut en_runs) = (Vec::new(), Vec::new());
    for (first, last) in runs.iter().take(LISTED) {
        if first == last {
            zh_runs.push(zh(first));
            en_runs.push(en(first));
        } else {
            zh_runs.push(format!("{} 至 {}", zh(first), zh(last)));
            en_runs.push(format!("{} to {}", en(first), en(last)));
        }
    }
    let (mut zh_out, mut en_out) = (zh_runs.join("、"), en_runs.join(", "));
    if runs.len() > LISTED {
        let more = runs.len() - LISTED;
        zh_out.push_str(&format!(" 等（另有 {more} 段）"));
        en_out.push_str(&format!(" and {more} more"));
    }
    (zh_out, en_out)
}

impl Hidden<'_> {
    /// A warning at the hidden campaign's `from`: the dates are what staff change.
    pub fn diagnostic(&self) -> Diagnostic {
        let (a, b) = (self.campaign, self.by);
        let (zh_days, en_days) = self.days.label();
        let (line, column) = a.from_at;
        let help = match a.mode {
            Mode::Insert => (
                format!(
                    "“{}” 独占屏幕时别的活动都不播放：要在这几天讲的话写进 “{}” 的 items 和 ticker，或改动 from、to 避开这几天",
                    b.title, b.title
                ),
                format!(
                    "while `{}` takes the screen over no other campaign plays: put what must be said on those days into its `items` and `ticker`, or change `from` and `to` to leave those days out",
                    b.id
                ),
            ),
            Mode::Takeover => (
                format!(
                    "要让本活动在这几天播放，给它比 “{}” 更高的 priority；不然改动 from、to 避开这几天",
                    b.title
                ),
                format!(
                    "to show it on those days give it a higher `priority` than `{}`; else change `from` and `to` to leave those days out",
                    b.id
                ),
            ),
        };
        Diagnostic::error(
            &a.file,
            line,
            column,
            format!(
                "活动 “{}” 在 {zh_days} 被活动 “{}” 完全遮住：那时 “{}” 独占屏幕，“{}” 的内容和字幕都不播放",
                a.title, b.title, b.title, a.title
            ),
            format!(
                "campaign `{}` (“{}”) is hidden all the time it runs on {en_days} by `{}` (“{}”), which takes the screen over: none of its items or ticker lines play",
                a.id, a.title, b.id, b.title
            ),
        )
        .warning()
        .help(help.0, help.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::Window;
    use jiff::civil::{Weekday, date};
    use std::path::PathBuf;

    fn campaign(id: &str, dates: Dates, mode: Mode, priority: i32) -> Campaign {
        Campaign {
            id: id.into(),
            title: format!("{id} 的名称"),
            dates,
            weekdays: Vec::new(),
            hours: Vec::new(),
            priority,
            mode,
            items: Vec::new(),
            ticker: Vec::new(),
            file: PathBuf::from(format!("campaigns/{id}/campaign.ron")),
            priority_at: (9, 5),
            from_at: (3, 11),
        }
    }

    fn every_year(from: (i8, i8), to: (i8, i8)) -> Dates {
        Dates::EveryYear { from, to }
    }

    /// 宪法宣传周 inserted over 12-01..12-07, the 12·4 takeover on 12-04.
    fn week_and_day() -> Vec<Campaign> {
        vec![
            campaign("1204", every_year((12, 4), (12, 4)), Mode::Takeover, 2),
            campaign("xianfa-zhou", every_year((12, 1), (12, 7)), Mode::Insert, 1),
        ]
    }

    #[test]
    fn an_insert_week_is_hidden_on_the_day_a_takeover_has_the_screen() {
        let campaigns = week_and_day();
        let found = hidden(&campaigns);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].campaign.id, "xianfa-zhou");
        assert_eq!(found[0].by.id, "1204");
        assert_eq!(
            found[0].days,
            Days::EveryYear {
                days: vec![(12, 4)],
                some_years: false
            }
        );
        let d = found[0].diagnostic();
        assert!(!d.is_error(), "a warning: the folder still goes live");
        assert_eq!(d.file, PathBuf::from("campaigns/xianfa-zhou/campaign.ron"));
        assert_eq!((d.line, d.column), (3, 11), "at its `from`");
        assert!(d.zh.contains("每年 12月4日"), "{}", d.zh);
        assert!(d.zh.contains("xianfa-zhou 的名称") && d.zh.contains("1204 的名称"));
        assert!(d.en.contains("`xianfa-zhou`") && d.en.contains("`1204`"));
        assert!(d.en.contains("12-04 every year"), "{}", d.en);
        assert!(d.help.is_some());
    }

    #[test]
    fn a_takeover_for_part_of_the_day_hides_nothing_all_day() {
        let mut campaigns = week_and_day();
        campaigns[0].hours = vec![Window {
            start: 9 * 60,
            end: 12 * 60,
        }];
        assert!(hidden(&campaigns).is_empty());
        // The insert's own window inside the takeover's is hidden whole.
        campaigns[1].hours = vec![Window {
            start: 10 * 60,
            end: 11 * 60,
        }];
        assert_eq!(hidden(&campaigns).len(), 1);
    }

    #[test]
    fn a_window_past_midnight_is_covered_by_two_days_of_takeover() {
        let mut campaigns = vec![
            campaign(
                "night",
                Dates::Once {
                    from: date(2026, 12, 3),
                    to: date(2026, 12, 4),
                },
                Mode::Insert,
                0,
            ),
            campaign(
                "takeover",
                Dates::Once {
                    from: date(2026, 12, 3),
                    to: date(2026, 12, 5),
                },
                Mode::Takeover,
                0,
            ),
        ];
        campaigns[0].hours = vec![Window {
            start: 22 * 60,
            end: 2 * 60,
        }];
        let found = hidden(&campaigns);
        assert_eq!(
            found[0].days,
            Days::Dates(vec![date(2026, 12, 3), date(2026, 12, 4)])
        );
        assert_eq!(found[0].days.label().0, "2026-12-03 至 2026-12-04");
        // The takeover's last day ends at midnight: a window from the 5th on would
        // run past it.
        campaigns[0].dates = Dates::Once {
            from: date(2026, 12, 5),
            to: date(2026, 12, 5),
        };
        assert!(hidden(&campaigns).is_empty());
    }

    #[test]
    fn only_a_takeover_that_outranks_hides() {
        let mut campaigns = week_and_day();
        campaigns[1].mode = Mode::Takeover;
        // A week-long takeover of higher priority hides the day instead.
        campaigns[1].priority = 3;
        let found = hidden(&campaigns);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].campaign.id.as_str(), found[0].by.id.as_str()),
            ("1204", "xianfa-zhou")
        );
        campaigns[1].priority = 1;
        let found = hidden(&campaigns);
        assert_eq!(found.len(), 1);
        assert!(found[0].diagnostic().help.unwrap().0.contains("priority"));
        // Two inserts share the screen.
        campaigns[0].mode = Mode::Insert;
        campaigns[1].mode = Mode::Insert;
        assert!(hidden(&campaigns).is_empty());
    }

    #[test]
    fn weekdays_make_the_hidden_days_differ_from_year_to_year() {
        let mut campaigns = week_and_day();
        campaigns[1].weekdays = vec![Weekday::Friday];
        let found = hidden(&campaigns);
        // 12-04 is a Friday in 2026.
        assert_eq!(
            found[0].days,
            Days::EveryYear {
                days: vec![(12, 4)],
                some_years: true
            }
        );
        assert!(found[0].days.label().0.contains("部分年份"));
    }

    #[test]
    fn many_hidden_days_are_listed_as_runs_and_counted() {
        let dates: Vec<Date> = (1..=20)
            .filter(|d| d % 3 != 0)
            .map(|d| date(2026, 1, d))
            .collect();
        let (zh, en) = Days::Dates(dates).label();
        assert!(zh.starts_with("2026-01-01 至 2026-01-02、2026-01-04 至 2026-01-05"));
        assert!(zh.ends_with("等（另有 1 段）"), "{zh}");
        assert!(en.ends_with("and 1 more"), "{en}");
    }
}
