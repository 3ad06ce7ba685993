//! What is on air at a moment: the playlist with the campaigns that are running
//! mixed in (or one campaign that takes the screen over), and the ticker lines;
//! and when that next changes, so the player sleeps until then instead of asking
//! every second.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

use super::campaign::{self, Campaign, Mode};
use super::content::Content;
use super::playlist::PlaylistItem;
use super::ticker::TickerLine;

/// What plays at one moment.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OnAir {
    pub playlist: Vec<PlaylistItem>,
    pub ticker: Vec<TickerLine>,
    /// Names of the campaigns running, the one that took over (if any) first,
    /// then by priority.
    pub campaigns: Vec<String>,
    /// The campaign that has the screen to itself.
    pub takeover: Option<String>,
}

/// How far ahead a change is looked for; a campaign further away is found when the
/// player looks again at the horizon.
pub const HORIZON_DAYS: usize = 400;

/// What is on air at `at`, in the kiosk's time zone `tz`.
pub fn on_air(content: &Content, at: Timestamp, tz: &TimeZone) -> OnAir {
    let civil = tz.to_datetime(at);
    on_air_civil(content, civil)
}

fn on_air_civil(content: &Content, at: DateTime) -> OnAir {
    let mut running: Vec<&Campaign> = content.campaigns.iter().filter(|c| c.is_on(at)).collect();
    running.sort_by(|a, b| campaign::rank(a, b));
    if let Some(top) = running.iter().find(|c| c.mode == Mode::Takeover) {
        let mut campaigns = vec![top.id.clone()];
        campaigns.extend(
            running
                .iter()
                .filter(|c| c.id != top.id)
                .map(|c| c.id.clone()),
        );
        return OnAir {
            playlist: top.items.clone(),
            ticker: top.ticker.clone(),
            campaigns,
            takeover: Some(top.id.clone()),
        };
    }
    let inserted: Vec<PlaylistItem> = running
        .iter()
        .flat_map(|c| c.items.iter().cloned())
        .collect();
    let mut ticker: Vec<TickerLine> = running
        .iter()
        .flat_map(|c| c.ticker.iter().cloned())
        .collect();
    ticker.extend(content.ticker.iter().cloned());
    OnAir {
        playlist: interleave(&content.playlist, inserted),
        ticker,
        campaigns: running.iter().map(|c| c.id.clone()).collect(),
        takeover: None,
    }
}

/// Spreads `extra` evenly through `base`, the first of them first: with 6 base
/// items and 2 extra, an extra item comes before base items 1 and 4.
pub fn interleave(base: &[PlaylistItem], extra: Vec<PlaylistItem>) -> Vec<PlaylistItem> {
    if base.is_empty() || extra.is_empty() {
        return base.iter().cloned().chain(extra).collect();
    }
    let (n, m) = (base.len(), extra.len());
    let mut extra = extra.into_iter().enumerate().peekable();
    let mut out = Vec::with_capacity(n + m);
    for (i, item) in base.iter().enumerate() {
        while let Some((_, e)) = extra.next_if(|(k, _)| k * n / m == i) {
            out.push(e);
        }
        out.push(item.clone());
    }
    out.extend(extra.map(|(_, e)| e));
    out
}

/// The first moment after `after` at which a campaign starts or stops, or the
/// horizon if none does before it: the player looks again then.
pub fn next_change(content: &Content, after: Timestamp, tz: &TimeZone) -> Timestamp {
    let horizon = after
        .checked_add(jiff::SignedDuration::from_hours(24 * HORIZON_DAYS as i64))
        .unwrap_or(Timestamp::MAX);
    let civil = tz.to_datetime(after);
    let Ok(mut day) = civil.date().yesterday() else {
        return horizon;
    };
    let mut soonest = horizon;
    for _ in 0..HORIZON_DAYS + 2 {
        for campaign in &content.campaigns {
            for (start, end) in campaign.spans_from(day) {
                for edge in [start, end] {
                    if let Ok(t) = tz.to_timestamp(edge)
                        && t > after
                        && t < soonest
                    {
                        soonest = t;
                    }
                }
            }
        }
        // Days are scanned in order, so once a change is found on an earlier day
        // no later day can hold a sooner one (a window may end the next day).
        if soonest < horizon
            && tz
                .to_timestamp(day.to_datetime(jiff::civil::Time::midnight()))
                .is_ok_and(|t| t > soonest)
        {
            break;
        }
        let Ok(next) = day.tomorrow() else { break };
        day = next;
    }
    soonest
}

/// Each moment in `[from, until)` at which what is on air changes, with what is
/// on air from then; the first entry is `from` itself.
pub fn changes(
    content: &Content,
    from: Timestamp,
    until: Timestamp,
    tz: &TimeZone,
) -> Vec<(Timestamp, OnAir)> {
    let mut out = vec![(from, on_air(content, from, tz))];
    let mut at = from;
    loop {
        at = next_change(content, at, tz);
        if at >= until {
            return out;
        }
        let now = on_air(content, at, tz);
        if out
            .last()
            .is_some_and(|(_, last)| last.campaigns != now.campaigns)
        {
            out.push((at, now));
        }
    }
}

/// A moment written by staff on the command line, on the kiosk's wall clock:
/// `2026-05-27`, `2026-05-27 09:30` or `2026-05-27T09:30:00`.
pub fn parse_local(text: &str, tz: &TimeZone) -> Option<Timestamp> {
    let text = text.trim();
    let civil = if text.len() == 10 {
        text.parse::<jiff::civil::Date>()
            .ok()?
            .to_datetime(jiff::civil::Time::midnight())
    } else {
        text.replacen(' ', "T", 1).parse::<DateTime>().ok()?
    };
    tz.to_timestamp(civil).ok()
}

/// What plays when over `[from, until)`, for staff (`pufa-kiosk schedule`): each
/// change on its own line, in Chinese and English.
pub fn report(content: &Content, from: Timestamp, until: Timestamp, tz: &TimeZone) -> String {
    let mut out = String::new();
    let when = |t: Timestamp| tz.to_datetime(t).strftime("%Y-%m-%d %H:%M").to_string();
    let base = content.playlist.len();
    for (at, on_air) in changes(content, from, until, tz) {
        let what = match (&on_air.takeover, on_air.campaigns.is_empty()) {
            (Some(id), _) => {
                let title = title_of(content, id);
                format!(
                    "活动「{title}」独占屏幕 / campaign `{id}` takes the screen over: {} 项 items",
                    on_air.playlist.len()
                )
            }
            (None, true) => format!("播放列表 / the playlist: {base} 项 items"),
            (None, false) => {
                let names: Vec<String> = on_air
                    .campaigns
                    .iter()
                    .map(|id| format!("「{}」", title_of(content, id)))
                    .collect();
                format!(
                    "播放列表加活动{} / the playlist with {}: {} 项 items",
                    names.concat(),
                    on_air.campaigns.join(", "),
                    on_air.playlist.len()
                )
            }
        };
        out.push_str(&format!(
            "{} 起 / from  {what}；字幕 {} 行 / {} ticker lines\n",
            when(at),
            on_air.ticker.len(),
            on_air.ticker.len()
        )); // What plays, by name, as staff know it: each item's title, then the
        // ticker lines as they scroll.
        for (i, entry) in on_air.playlist.iter().enumerate() {
            let key = entry.item.key();
            out.push_str(&format!(
                "    {:>2}. {}　{} {}\n",
                i + 1,
                entry.item.title(0),
                key.kind.name(),
                key.id
            ));
        }
        for line in &on_air.ticker {
            out.push_str(&format!("    字幕 ticker: {}\n", line.shown));
        }
    }
    out.push_str(&format!("{} 止 / until\n", when(until)));
    out
}

/// The title of the campaign named `id`, as staff know it; its name if none is.
pub fn title_of<'a>(content: &'a Content, id: &'a str) -> &'a str {
    content
        .campaigns
        .iter()
        .find(|c| c.id == id)
        .map_or(id, |c| c.title.as_str())
}
