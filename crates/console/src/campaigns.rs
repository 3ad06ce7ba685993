//! 活动: the campaign calendar (what plays each day of a month, worked out by the
//! core's `schedule`, the code the player runs), where one campaign hides
//! another, a form that writes `campaigns/<id>/campaign.ron` into the draft, and
//! a preview of any moment drawn by `pufa-kiosk render --at`.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Instant;

use axum::Router;
use axum::extract::{Path as UrlPath, Query, State};
use axum::routing::{get, post};
use jiff::Timestamp;
use jiff::civil::{Date, Time};
use maud::{Markup, html};
use pufa_kiosk_core::campaign::CampaignFile;
use pufa_kiosk_core::content::Content;
use pufa_kiosk_core::panel::PanelFile;
use pufa_kiosk_core::schedule;

use crate::checking;
use crate::content::{self, Laws, Pairs, problem, ron_cite, ron_string, value, values};
use crate::draft;
use crate::page::{self, Fail, Staff};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns", get(calendar))
        .route("/campaigns/new", get(new_form))
        .route("/campaigns/edit/{id}", get(edit_form).post(save))
        .route("/campaigns/preview", post(preview))
}

/// What plays during one part of a day.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// `HH:MM` on the kiosk's clock.
    pub from: String,
    /// Campaign titles on air, the one with the screen first.
    pub campaigns: Vec<String>,
    /// Campaigns on but hidden by a takeover, by title.
    pub hidden: Vec<String>,
    pub items: Vec<String>,
    pub ticker: Vec<String>,
}

/// One day of the calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    pub date: Date,
    pub parts: Vec<Part>,
    /// Campaigns hidden for every part of the day they are on, by title.
    pub hidden_all_day: Vec<String>,
    /// Campaigns hidden for some parts only.
    pub hidden_some: Vec<String>,
    /// Who hides them.
    pub hidden_by: Vec<String>,
}

impl Day {
    /// The campaigns that play some part of the day (not hidden), by title, once each.
    pub fn on_air(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in self.parts.iter().flat_map(|p| &p.campaigns) {
            if !out.contains(&c.as_str()) {
                out.push(c);
            }
        }
        out
    }
}

/// What plays on `date`, part by part, with the schedule's own code.
pub fn day(content: &Content, date: Date, tz: &jiff::tz::TimeZone) -> Day {
    let start = tz.to_timestamp(date.to_datetime(Time::midnight()));
    let end = date
        .tomorrow()
        .ok()
        .and_then(|d| tz.to_timestamp(d.to_datetime(Time::midnight())).ok());
    let mut out = Day {
        date,
        parts: Vec::new(),
        hidden_all_day: Vec::new(),
        hidden_some: Vec::new(),
        hidden_by: Vec::new(),
    };
    let (Ok(start), Some(end)) = (start, end) else {
        return out;
    };
    let title = |id: &str| schedule::title_of(content, id).to_owned();
    let mut shown: BTreeSet<String> = BTreeSet::new();
    let mut hidden: BTreeSet<String> = BTreeSet::new();
    for (at, on_air) in schedule::changes(content, start, end, tz) {
        let hid: Vec<String> = match &on_air.takeover {
            Some(top) => {
                if !out.hidden_by.contains(&title(top)) && on_air.campaigns.len() > 1 {
                    out.hidden_by.push(title(top));
                }
                on_air
                    .campaigns
                    .iter()
                    .filter(|c| *c != top)
                    .map(|c| title(c))
                    .collect()
            }
            None => Vec::new(),
        };
        for c in &on_air.campaigns {
            if hid.contains(&title(c)) {
                hidden.insert(title(c));
            } else {
                shown.insert(title(c));
            }
        }
        out.parts.push(Part {
            from: tz.to_datetime(at).strftime("%H:%M").to_string(),
            campaigns: on_air
                .campaigns
                .iter()
                .map(|c| title(c))
                .filter(|t| !hid.contains(t))
                .collect(),
            hidden: hid,
            items: on_air.playlist.iter().map(|e| e.item.title(0)).collect(),
            ticker: on_air.ticker.iter().map(|t| t.shown.clone()).collect(),
        });
    }
    for h in hidden {
        if shown.contains(&h) {
            out.hidden_some.push(h);
        } else {
            out.hidden_all_day.push(h);
        }
    }
    out
}

/// Every day of the month holding `first`.
pub fn month(content: &Content, first: Date, tz: &jiff::tz::TimeZone) -> Vec<Day> {
    let first = first.first_of_month();
    (0..first.days_in_month())
        .filter_map(|k| first.checked_add(jiff::Span::new().days(k)).ok())
        .map(|d| day(content, d, tz))
        .collect()
}

#[derive(serde::Deserialize, Default)]
struct MonthQuery {
    #[serde(default)]
    month: String,
}

async fn load_draft(
    state: &AppState,
) -> Result<Content, Vec<pufa_kiosk_core::diagnostics::Diagnostic>> {
    let root = state.paths.draft();
    let cache = state.load_cache.clone();
    tokio::task::spawn_blocking(move || {
        let mut cache = cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        pufa_kiosk_core::content::load_with_cache(&root, &mut cache)
    })
    .await
    .unwrap_or_else(|e| {
        Err(vec![pufa_kiosk_core::diagnostics::Diagnostic::error(
            Path::new("-"),
            0,
            0,
            e.to_string(),
            e.to_string(),
        )])
    })
}

const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

async fn calendar(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<MonthQuery>,
) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    let today = state.tz.to_datetime(Timestamp::now()).date();
    let first = format!("{}-01", q.month.trim())
        .parse::<Date>()
        .unwrap_or(today)
        .first_of_month();
    let loaded = load_draft(&state).await;
    let nav = |d: Option<Date>| {
        d.map(|d| d.strftime("%Y-%m").to_string())
            .unwrap_or_default()
    };
    let prev = nav(first.yesterday().ok());
    let next = nav(first.last_of_month().tomorrow().ok());
    let lead = first.weekday().to_monday_zero_offset();
    let body = html! {
        style { (maud::PreEscaped(CAL_STYLE)) }
        div style="display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-bottom:.5rem" {
            a.button.plain href={"/campaigns?month=" (prev)} { "‹ 上个月" }
            b style="font-size:1.2rem" { (first.strftime("%Y年%m月")) }
            a.button.plain href={"/campaigns?month=" (next)} { "下个月 ›" }
            a.button href="/campaigns/new" style="margin-left:auto" { "＋ 新建活动" }
        }
        @match &loaded {
            Err(problems) => {
                div.problem { (page::say("草稿有错误，排不出日历。请先改正：", "The draft has errors; the calendar cannot be worked out.")) }
                @for d in problems { (problem(d)) }
            }
            Ok(content) => {
                @let days = month(content, first, &state.tz);
                p.muted { "每天播放什么（草稿的内容，和播放器用同一套排期程序）。彩色的是活动；" span.hidden-tag { "被遮住" } " 表示那天的活动被另一个独占屏幕的活动挡住，整天或部分时段不会播放。点一天看全部节目和字幕。" }
                div.cal {
                    @for w in WEEKDAYS { div.wd { "周" (w) } }
                    @for _ in 0..lead { div.blank {} }
                    @for d in &days {
                        @let hidden = !d.hidden_all_day.is_empty() || !d.hidden_some.is_empty();
                        div class={"day" @if hidden { " hidden-day" } @if d.date == today { " today" }} data-date=(d.date) {
                            div.num { (d.date.day()) }
                            @for t in d.on_air() { div.camp { (t) } }
                            @for h in &d.hidden_all_day { div.hidden-tag { "被遮住（整天）：" (h) } }
                            @for h in &d.hidden_some { div.hidden-tag { "部分时段被遮住：" (h) } }
                            @if !d.hidden_by.is_empty() && hidden { div.muted { "被「" (d.hidden_by.join("、")) "」遮住" } }
                            details {
                                summary { (d.parts.iter().map(|p| p.items.len()).max().unwrap_or(0)) " 项节目" }
                                @for p in &d.parts {
                                    @if d.parts.len() > 1 { div.muted { (p.from) " 起" } }
                                    ol { @for i in &p.items { li { (i) } } }
                                    @if !p.ticker.is_empty() {
                                        div.muted { "字幕：" }
                                        ul.ticker { @for t in &p.ticker { li { (t) } } }
                                    }
                                }
                            }
                        }
                    }
                }
                h2 { "全部活动" }
                table {
                    tr { th { "活动" } th { "什么时候" } th { "方式" } th { "优先级" } th {} }
                    @for c in &content.campaigns {
                        tr {
                            td { b { (c.title) } br; span.muted { (c.id) } }
                            td { (c.when().0) }
                            td { @match c.mode { pufa_kiosk_core::campaign::Mode::Takeover => "独占屏幕", pufa_kiosk_core::campaign::Mode::Insert => "插入轮播" } }
                            td { (c.priority) }
                            td { a.button.plain href={"/campaigns/edit/" (c.id)} { "修改" } }
                        }
                    }
                }
            }
        }
        h2 { "预览某一时刻" }
        form hx-post="/campaigns/preview" hx-target="#moment" hx-indicator="#moment-wait" {
            div style="display:flex;flex-wrap:wrap;gap:.5rem;align-items:center" {
                "大厅在" input type="text" name="at" id="at" value=(format!("{} 09:30", today)) style="width:12rem" placeholder="2027-05-27 09:30";
                "显示什么？"
                button type="submit" { "预览" }
                span #moment-wait.htmx-indicator.muted { "正在绘制，约需几秒……" }
            }
        }
        div #moment {}
    };
    Ok(page::page(&staff, "/campaigns", "活动", body))
}

const CAL_STYLE: &str = r#"
.cal{display:grid;grid-template-columns:repeat(7,minmax(0,1fr));gap:3px}
.cal .wd{font-weight:bold;text-align:center;background:#e8ecef;padding:.2rem}
.cal .day{background:#fff;border:1px solid #d5dbe1;border-radius:4px;padding:.25rem;min-height:5.5rem;font-size:.85rem;overflow:hidden}
.cal .day.today{border:2px solid #1d2733}
.cal .day.hidden-day{background:#fff6e0;border-color:#c98a00}
.cal .num{font-weight:bold;font-size:1rem}
.cal .camp{background:#8b1a1a;color:#fff;border-radius:3px;padding:0 .25rem;margin:.1rem 0;overflow-wrap:anywhere}
.hidden-tag{background:#c98a00;color:#fff;border-radius:3px;padding:0 .25rem;margin:.1rem 0;display:inline-block}
.cal details summary{cursor:pointer;color:#66717c;padding:.2rem 0}
.cal ol,.cal ul{padding-left:1.1rem;margin:.1rem 0}
.cal details[open]{position:relative}
.htmx-indicator{display:none}.htmx-request .htmx-indicator,.htmx-request.htmx-indicator{display:inline}
@media (max-width:700px){.cal{grid-template-columns:1fr}.cal .wd,.cal .blank{display:none}.cal .day{min-height:0}}
"#;

/// Items a campaign may pick: its own panels (`campaigns/<id>/panels`), then
/// the folder's panels and comics, as (entry kind, id, title).
fn choices(root: &Path, id: Option<&str>) -> Vec<(&'static str, String, String)> {
    let title = |path: &Path| {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|t| ron::from_str::<PanelFile>(&t).ok())
            .map(|p| p.title)
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    if let Some(id) = id {
        let dir = root.join("campaigns").join(id).join("panels");
        for p in content::stems(&dir, "ron") {
            let t = title(&dir.join(format!("{p}.ron")));
            out.push(("Panel", p, format!("{t}（本活动）")));
        }
    }
    for p in content::stems(&root.join("panels"), "ron") {
        if out.iter().any(|(_, i, _)| *i == p) {
            continue;
        }
        let t = title(&root.join("panels").join(format!("{p}.ron")));
        out.push(("Panel", p, t));
    }
    for c in content::stems(&root.join("comics"), "") {
        let t = std::fs::read_to_string(root.join("comics").join(&c).join("comic.ron"))
            .ok()
            .and_then(|t| ron::from_str::<pufa_kiosk_core::comic::ComicFile>(&t).ok())
            .map(|f| f.title)
            .unwrap_or_default();
        out.push(("Comic", c, format!("漫画：{t}")));
    }
    out
}

fn entry_of(e: &pufa_kiosk_core::item::Entry) -> Option<(&'static str, String)> {
    use pufa_kiosk_core::item::Entry;
    match e {
        Entry::Panel { id, .. } => Some(("Panel", id.clone())),
        Entry::Comic { id, .. } => Some(("Comic", id.clone())),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

const DAYS: [(&str, &str); 7] = [
    ("Mon", "周一"),
    ("Tue", "周二"),
    ("Wed", "周三"),
    ("Thu", "周四"),
    ("Fri", "周五"),
    ("Sat", "周六"),
    ("Sun", "周日"),
];

/// Citation rows a ticker line may have in the form.
const CITES_PER_LINE: usize = 6;

/// Blank ticker rows the form adds after the campaign's own lines.
const EXTRA_LINES: usize = 2;

fn campaign_file(id: &str) -> Result<String, Fail> {
    draft::safe_name(id)
        .filter(|n| !n.contains('.'))
        .map(|n| format!("campaigns/{n}/campaign.ron"))
        .ok_or(Fail::Missing)
}

async fn new_form(State(state): State<AppState>, staff: Staff) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    Ok(form_page(&state, &staff, None, None, None, None))
}

async fn edit_form(
    State(state): State<AppState>,
    staff: Staff,
    UrlPath(id): UrlPath<String>,
) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    let file = campaign_file(&id)?;
    let text =
        std::fs::read_to_string(state.paths.draft().join(&file)).map_err(|_| Fail::Missing)?;
    let parsed = ron::from_str::<CampaignFile>(&text).ok();
    let checked = checking::check_draft(&state).await;
    let problems: Vec<_> = checked.in_file(&file).cloned().collect();
    Ok(form_page(
        &state,
        &staff,
        Some(&id),
        parsed.as_ref(),
        None,
        Some(&problems),
    ))
}

fn form_page(
    state: &AppState,
    staff: &Staff,
    id: Option<&str>,
    file: Option<&CampaignFile>,
    flash: Option<Markup>,
    problems: Option<&[pufa_kiosk_core::diagnostics::Diagnostic]>,
) -> Markup {
    let root = state.paths.draft();
    let laws = Laws::load(&root);
    let picked: Vec<(&str, String)> = file
        .map(|f| f.items.iter().filter_map(entry_of).collect())
        .unwrap_or_default();
    let yearly = file.is_none_or(|f| f.from.len() == 5);
    let hours = file
        .map(|f| {
            f.hours
                .iter()
                .map(|(a, b)| format!("{a}-{b}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let lines = file.map(|f| f.ticker.clone()).unwrap_or_default();
    let action = match id {
        Some(i) => format!("/campaigns/edit/{i}"),
        None => "/campaigns/edit/_new".into(),
    };
    let body = html! {
        @if let Some(f) = flash { (f) }
        @if let Some(ps) = problems { @for d in ps { (problem(d)) } }
        form method="post" action=(action) {
            input type="hidden" name="csrf" value=(staff.csrf);
            div.card {
                @if id.is_none() {
                    label for="id" { "编号（文件夹名：字母、数字、- 或 _，例如 1201-week）" }
                    input type="text" id="id" name="id" required pattern="[A-Za-z0-9_-]+";
                }
                label for="title" { "活动名称" }
                input type="text" id="title" name="title" value=(file.map_or("", |f| f.title.as_str()));
                label { "日期" }
                div {
                    label style="display:inline;font-weight:normal" { input type="radio" name="dates" value="yearly" checked[yearly]; " 每年（写 12-01）" } "　"
                    label style="display:inline;font-weight:normal" { input type="radio" name="dates" value="once" checked[!yearly]; " 只办一次（写 2026-12-01）" }
                }
                div style="display:flex;gap:1rem;flex-wrap:wrap" {
                    div.grow { label for="from" { "从" } input type="text" id="from" name="from" value=(file.map_or("", |f| f.from.as_str())) placeholder="12-01"; }
                    div.grow { label for="to" { "到（包括这一天）" } input type="text" id="to" name="to" value=(file.map_or("", |f| f.to.as_str())) placeholder="12-10"; }
                }
                label { "星期（都不选表示每天）" }
                div {
                    @for (en, zh) in DAYS {
                        label style="display:inline-block;font-weight:normal;margin-right:.8rem;padding:.3rem 0" {
                            input type="checkbox" name="weekdays" value=(en) checked[file.is_some_and(|f| f.weekdays.iter().any(|d| format!("{d:?}") == en))]; " " (zh)
                        }
                    }
                }
                label for="hours" { "每天的时段（空着表示全天；例如 08:30-12:00, 14:00-17:30）" }
                input type="text" id="hours" name="hours" value=(hours);
                div style="display:flex;gap:1rem;flex-wrap:wrap" {
                    div.grow {
                        label for="mode" { "方式" }
                        select id="mode" name="mode" {
                            option value="Insert" selected[file.is_none_or(|f| f.mode == pufa_kiosk_core::campaign::Mode::Insert)] { "插入轮播（活动内容插在平时的节目中间）" }
                            option value="Takeover" selected[file.is_some_and(|f| f.mode == pufa_kiosk_core::campaign::Mode::Takeover)] { "独占屏幕（只播活动的内容和字幕）" }
                        }
                    }
                    div.grow { label for="priority" { "优先级（数字大的优先）" } input type="number" id="priority" name="priority" value=(file.map_or(0, |f| f.priority)); }
                }
            }
            div.card {
                h2 style="margin-top:0" { "播放的内容" }
                @for (kind, item, title) in choices(&root, id) {
                    @let key = format!("{kind}:{item}");
                    label style="font-weight:normal;padding:.25rem 0" {
                        input type="checkbox" name="items" value=(key) checked[picked.iter().any(|(k, i)| *k == kind && *i == item)];
                        " " (title) " " span.muted { (item) }
                    }
                }
            }
            div.card {
                h2 style="margin-top:0" { "活动期间的滚动字幕" }
                p.muted { "每行一句。讲法律的句子选依据的条文；不讲法律的写来源。空着的行不保存。" }
                @for k in 0..lines.len() + EXTRA_LINES {
                    @let line = lines.get(k);
                    @let row = format!("t{k}");
                    div.article style="margin:.5rem 0" {
                        label for={(row) ".text"} { "字幕 " (k + 1) }
                        input type="text" id={(row) ".text"} name={(row) ".text"} value=(line.map_or("", |l| l.text.as_str()));
                        label for={(row) ".source"} style="font-weight:normal" { "来源（不讲法律时）" }
                        input type="text" id={(row) ".source"} name={(row) ".source"} value=(line.and_then(|l| l.source.as_deref()).unwrap_or(""));
                        // Every article the line cites keeps its row, and one more.
                        @let cites = line.map_or(&[][..], |l| l.cites.as_slice());
                        @for j in 0..(cites.len() + 1).min(CITES_PER_LINE) {
                            (content::cite_row(&laws, &format!("{row}c{j}"), cites.get(j)))
                        }
                    }
                }
            }
            button type="submit" id="save-campaign" { "保存到草稿并检查" }
            " " a.button.plain href="/campaigns" { "返回日历" }
        }
    };
    let title = match (id, file) {
        (_, Some(f)) => format!("活动：{}", f.title),
        (Some(i), None) => format!("活动 {i}"),
        (None, None) => "新建活动".into(),
    };
    page::page(staff, "/campaigns", &title, body)
}

/// `campaign.ron` for a submitted form, keeping `old`'s comment lines at the top.
pub fn campaign_text(form: &Pairs, old: &str, primary: &str) -> Result<String, (String, String)> {
    let title = value(form, "title");
    if title.is_empty() {
        return Err(("请写活动名称。".into(), "Give the campaign a title.".into()));
    }
    let yearly = value(form, "dates") != "once";
    let day = |name: &str| -> Result<String, (String, String)> {
        let v = value(form, name);
        let ok = if yearly {
            v.len() == 5 && format!("2024-{v}").parse::<Date>().is_ok()
        } else {
            v.parse::<Date>().is_ok()
        };
        // A full date under 每年 keeps its month and day.
        if yearly && !ok && v.len() == 10 && v.parse::<Date>().is_ok() {
            return Ok(v[5..].to_owned());
        }
        if ok {
            Ok(v.to_owned())
        } else {
            let example = if yearly { "12-01" } else { "2026-12-01" };
            Err((
                format!("日期“{v}”看不懂，请写成 {example}。"),
                format!("The date `{v}` cannot be read; write {example}."),
            ))
        }
    };
    let (from, to) = (day("from")?, day("to")?);
    let weekdays: Vec<&str> = values(form, "weekdays")
        .filter(|d| DAYS.iter().any(|(en, _)| en == d))
        .collect();
    let mut hours = Vec::new();
    for part in value(form, "hours").split([',', '，', ';', '；']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let Some((a, b)) = part.split_once(['-', '–', '~', '至']) else {
            return Err((
                format!("时段“{part}”看不懂，请写成 08:30-12:00。"),
                format!("The window `{part}` cannot be read; write 08:30-12:00."),
            ));
        };
        hours.push(format!(
            "({}, {})",
            ron_string(a.trim()),
            ron_string(b.trim())
        ));
    }
    let priority: i32 = value(form, "priority").parse().unwrap_or(0);
    let mode = if value(form, "mode") == "Takeover" {
        "Takeover"
    } else {
        "Insert"
    };
    let mut items = Vec::new();
    for v in values(form, "items") {
        let Some((kind, id)) = v.split_once(':') else {
            continue;
        };
        if !matches!(kind, "Panel" | "Comic") || draft::safe_name(id).is_none() {
            continue;
        }
        items.push(format!("        {kind}(id: {}),\n", ron_string(id)));
    }
    let mut ticker = Vec::new();
    let rows = form
        .iter()
        .filter_map(|(k, _)| {
            k.strip_prefix('t')?
                .strip_suffix(".text")?
                .parse::<usize>()
                .ok()
        })
        .collect::<BTreeSet<_>>();
    for k in rows {
        let row = format!("t{k}");
        let text = value(form, &format!("{row}.text"));
        if text.is_empty() {
            continue;
        }
        let mut line = format!("        (\n            text: {},\n", ron_string(text));
        let cites: Vec<String> = (0..CITES_PER_LINE)
            .filter_map(|j| content::cite_of(form, &format!("{row}c{j}")))
            .map(|c| ron_cite(&c, primary))
            .collect();
        if !cites.is_empty() {
            line.push_str(&format!("            cites: [{}],\n", cites.join(", ")));
        }
        let source = value(form, &format!("{row}.source"));
        if !source.is_empty() {
            line.push_str(&format!(
                "            source: Some({}),\n",
                ron_string(source)
            ));
        }
        line.push_str("        ),\n");
        ticker.push(line);
    }
    let mut out: String = old
        .lines()
        .take_while(|l| l.trim_start().starts_with("//") || l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    if out.trim().is_empty() {
        out =
            "// 活动（campaign），由控制台写入 / written by the staff console; docs/content.md.\n"
                .into();
    }
    out.push_str("(\n");
    out.push_str(&format!("    title: {},\n", ron_string(title)));
    out.push_str(&format!(
        "    from: {},\n    to: {},\n",
        ron_string(&from),
        ron_string(&to)
    ));
    out.push_str(&format!("    weekdays: [{}],\n", weekdays.join(", ")));
    out.push_str(&format!("    hours: [{}],\n", hours.join(", ")));
    out.push_str(&format!("    priority: {priority},\n    mode: {mode},\n"));
    out.push_str(&format!("    items: [\n{}    ],\n", items.concat()));
    out.push_str(&format!("    ticker: [\n{}    ],\n", ticker.concat()));
    out.push_str(")\n");
    Ok(out)
}

async fn save(
    State(state): State<AppState>,
    staff: Staff,
    UrlPath(id): UrlPath<String>,
    axum::Form(form): axum::Form<Pairs>,
) -> Result<Markup, Fail> {
    crate::ensure_draft(&state)?;
    let root = state.paths.draft();
    let is_new = id == "_new";
    let id = if is_new {
        value(&form, "id").to_owned()
    } else {
        id
    };
    let bad_name = || {
        Fail::Bad(
            format!("活动编号“{id}”不行：只能用字母、数字、- 和 _。"),
            format!("The campaign name `{id}` may use letters, digits, - and _ only."),
        )
    };
    let file = campaign_file(&id).map_err(|_| bad_name())?;
    let path = draft::inside(&root, &file).ok_or_else(bad_name)?;
    if is_new && path.exists() {
        return Err(Fail::Bad(
            format!("已经有编号为“{id}”的活动，请换一个编号，或去修改它。"),
            format!("A campaign `{id}` exists already."),
        ));
    }
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let laws = Laws::load(&root);
    let text = match campaign_text(&form, &old, &laws.primary) {
        Ok(t) => t,
        Err((zh, en)) => {
            let parsed = ron::from_str::<CampaignFile>(&old).ok();
            let flash = html! { div.problem { (page::say(&zh, &en)) } };
            return Ok(form_page(
                &state,
                &staff,
                (!is_new).then_some(id.as_str()),
                parsed.as_ref(),
                Some(flash),
                None,
            ));
        }
    };
    let before = draft::version_of(&root);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    pufa_kiosk_core::health::write_atomically(&path, &text)?;
    let after = draft::version_of(&root);
    crate::record(
        &state,
        &staff.user,
        if is_new {
            "新建活动"
        } else {
            "修改活动"
        },
        &file,
        &before,
        &after,
    );
    let checked = checking::check_draft(&state).await;
    let problems: Vec<_> = checked.in_file(&file).cloned().collect();
    let parsed = ron::from_str::<CampaignFile>(&text).ok();
    let flash = if problems.iter().any(|d| d.is_error()) {
        html! { div.problem { "已保存到草稿，但检查发现下面的错误；改正前不能发布。" } }
    } else {
        html! { div.flash { "已保存到草稿并通过检查。" a href={"/campaigns?month=" (month_of(&text, &state.tz))} { "在日历上看" } "。发布后才会上屏。" } }
    };
    Ok(form_page(
        &state,
        &staff,
        Some(&id),
        parsed.as_ref(),
        Some(flash),
        Some(&problems),
    ))
}

/// The month a campaign file starts in, for the calendar link (`2026-12`).
fn month_of(text: &str, tz: &jiff::tz::TimeZone) -> String {
    let Ok(f) = ron::from_str::<CampaignFile>(text) else {
        return String::new();
    };
    let year = tz.to_datetime(Timestamp::now()).year();
    if f.from.len() == 5 {
        format!("{year}-{}", &f.from[..2])
    } else {
        f.from.get(..7).unwrap_or("").to_owned()
    }
}

/// How long a moment's preview may take before it is given up.
const PREVIEW_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(90);

async fn preview(
    State(state): State<AppState>,
    staff: Staff,
    axum::Form(form): axum::Form<Pairs>,
) -> Result<Markup, Fail> {
    let at_text = value(&form, "at").to_owned();
    let Some(at) = schedule::parse_local(&at_text, &state.tz) else {
        return Ok(html! { div.problem { (page::say(
        &format!("时间“{at_text}”看不懂，请写成 2027-05-27 09:30。"),
        "Write the moment as 2027-05-27 09:30.")) } });
    };
    let content = match load_draft(&state).await {
        Ok(c) => c,
        Err(problems) => {
            return Ok(html! {
                div.problem { "草稿里还有错误，改正后才能预览。" }
                @for d in &problems { (problem(d)) }
            });
        }
    };
    let on_air = schedule::on_air(&content, at, &state.tz);
    let dir = state.paths.console().join("preview");
    std::fs::create_dir_all(&dir)?;
    let work = dir.join(format!(".{}", crate::state::random_token(8)));
    std::fs::create_dir_all(&work)?;
    let (w, h) = state.preview.size;
    let started = Instant::now();
    let moment = state
        .tz
        .to_datetime(at)
        .strftime("%Y-%m-%d %H:%M")
        .to_string();
    let mut command = tokio::process::Command::new(&state.preview.program);
    command
        .arg("render")
        .arg("--config")
        .arg(&state.paths.config)
        .arg("--content")
        .arg(state.paths.draft())
        .arg("--size")
        .arg(format!("{w}x{h}"))
        .arg("--at")
        .arg(&moment)
        .arg("--only")
        .arg("on-air")
        .arg("--out")
        .arg(&work)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    let run = tokio::time::timeout(PREVIEW_TIMEOUT, command.output()).await;
    let elapsed = started.elapsed();
    let mut shots: Vec<_> = std::fs::read_dir(&work)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    shots.sort();
    let stamp = crate::state::random_token(6);
    let mut names = Vec::new();
    for (i, shot) in shots.iter().enumerate() {
        let label = shot
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = format!("moment-{stamp}-{i}.png");
        std::fs::rename(shot, dir.join(&name))?;
        names.push((name, label));
    }
    let _ = std::fs::remove_dir_all(&work);
    crate::record(&state, &staff.user, "预览某一时刻", &moment, "", "");
    let why = match &run {
        Err(_) => Some("绘制超时。".to_owned()),
        Ok(Err(e)) => Some(format!("无法运行绘制程序：{e}")),
        Ok(Ok(out)) if names.is_empty() => Some(String::from_utf8_lossy(&out.stderr).into_owned()),
        Ok(Ok(_)) => None,
    };
    let title = |id: &str| schedule::title_of(&content, id).to_owned();
    Ok(html! {
        div.card #moment-result data-at=(moment) {
            h2 style="margin-top:0" { (moment) " 大厅显示：" }
            p {
                @match &on_air.takeover {
                    Some(t) => { "活动「" (title(t)) "」独占屏幕。" }
                    None if on_air.campaigns.is_empty() => { "平时的播放列表，没有活动。" }
                    None => { "平时的播放列表，加上活动" @for c in &on_air.campaigns { "「" (title(c)) "」" } "。" }
                }
            }
            ol { @for e in &on_air.playlist { li { (e.item.title(0)) } } }
            @if !on_air.ticker.is_empty() {
                div.muted { "字幕：" }
                ul { @for t in &on_air.ticker { li { (t.shown) } } }
            }
            @if let Some(why) = why { div.problem { "画面没有画出来。" br; span.en { (why) } } }
            div style="display:flex;flex-wrap:wrap;gap:.5rem" {
                @for (n, label) in &names {
                    figure style="margin:0;width:min(100%,320px)" {
                        a href={"/content/preview/" (n)} target="_blank" { img.shot src={"/content/preview/" (n)} alt=(label); }
                        figcaption.muted { (label) }
                    }
                }
            }
            p.muted { (w) "×" (h) " 像素，pufa-kiosk render --at … --only on-air 画出，与播放器同一套绘制程序，用时 " (format!("{:.1}", elapsed.as_secs_f32())) " 秒。" }
        }
    })
}
