//! `pufa-kiosk proof`: the proof sheet (审核稿) a legal officer signs before a
//! campaign goes live. One HTML page with every picture `render` draws (大字 off),
//! beside each the words on it, its citations and the full text of every article
//! cited; then every ticker line (the folder's and each campaign's, whether or not
//! this kiosk shows the ticker), each campaign by its title with when it runs, and
//! the version of every law; and `transcript.json`, the pictures' words as data.
//!
//! Plain Rust over what the offscreen walk recorded: no Bevy here.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::SystemTime;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde::Serialize;

use crate::core::audit::LayoutProblem;
use crate::core::campaign::{Campaign, Mode};
use crate::core::citation::Citation;
use crate::core::content::Content;
use crate::core::hidden;
use crate::core::law::{Law, date_label};
use crate::core::schedule;
use crate::core::ticker::TickerLine;
use crate::core::voice::{self, Target};
use crate::player::{ShotKind, Transcribed};

/// The page staff open and sign.
pub const INDEX: &str = "index.html";
/// The words of every picture, as data.
pub const TRANSCRIPT: &str = "transcript.json";

/// One picture in `transcript.json`.
#[derive(Debug, Serialize)]
pub struct Shot {
    /// The PNG's name, in the same folder.
    pub file: String,
    /// `slide` or `page`.
    pub kind: &'static str,
    pub name: String,
    /// What it shows, for people: the panel's or scene's title, the roadmap
    /// step's, the page's heading.
    pub title: String,
    /// Every text drawn on it, in reading order.
    pub words: Vec<String>,
    /// Each citation as the screen shows it.
    pub citations: Vec<String>,
    /// Every article cited, whole.
    pub articles: Vec<ArticleText>,
    /// Whether a recording reads it aloud (朗读) and whether it matches the words;
    /// none where nothing can be read aloud (a list of laws, the home page).
    pub voice: Option<String>,
    /// A roadmap step's line on the wall chart (`poster`): the legal officer
    /// approves it with the rest, though it is not on the screen.
    pub poster: Option<String>,
}

/// The full text of one article cited.
#[derive(Debug, Serialize)]
pub struct ArticleText {
    /// 《信访工作条例》第十八条
    pub citation: String,
    /// The version of the law the text is from: 2023年9月1日修订，2024年1月1日起施行.
    pub version: Option<String>,
    /// Its paragraphs and items, a line each.
    pub text: String,
    /// The lines the picture cites (a 款 or 项 of it), to mark on the sheet.
    #[serde(skip)]
    pub cited: Vec<bool>,
    /// The law's file name and the article's number, to list under the law.
    #[serde(skip)]
    pub at: (String, u32),
}

/// The transcript of `shots`, with the articles they cite taken from `content`.
pub fn transcript(content: &Content, shots: &[Transcribed]) -> Vec<Shot> {
    shots
        .iter()
        .map(|shot| Shot {
            file: shot
                .file
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default(),
            kind: match shot.kind {
                ShotKind::Slide => "slide",
                ShotKind::Page => "page",
            },
            name: shot.name.clone(),
            title: shot.title.clone(),
            words: shot.words.clone(),
            citations: shot.citations.iter().map(|c| c.label.clone()).collect(),
            articles: articles(content, &shot.citations),
            voice: voice_status(content, &shot.name),
            poster: poster_line(content, &shot.name),
        })
        .collect()
}

/// The wall chart's line for the roadmap page `name` (`roadmap-visit`).
fn poster_line(content: &Content, name: &str) -> Option<String> {
    let id = name.strip_prefix("roadmap-")?;
    let step = content
        .roadmap
        .as_ref()?
        .steps
        .iter()
        .find(|s| s.id == id)?;
    (!step.ask.is_empty()).then(|| step.ask.clone())
}

/// What the sheet says of the recording of the slide or page `name`
/// (`panel-channels-1`, `comic-zoufang-wuqu-3`, `roadmap-visit`, `home`).
fn voice_status(content: &Content, name: &str) -> Option<String> {
    let target = if voice::PAGES.contains(&name) {
        Target::Page(name.to_owned())
    } else if let Some(id) = name.strip_prefix("roadmap-") {
        Target::Step(id.to_owned())
    } else if let Some(rest) = name.strip_prefix("panel-") {
        Target::Panel(rest.rsplit_once('-').map_or(rest, |(id, _)| id).to_owned())
    } else {
        let (id, n) = name.strip_prefix("comic-")?.rsplit_once('-')?;
        Target::Scene(id.to_owned(), n.parse().ok()?)
    };
    Some(match content.voices.get(&target) {
        Some(v) if v.draft => format!(
            "有，与文字相符；语音合成的草稿（{:.0} 秒），待真人录制 / yes, matching its words; a draft by a speech program ({:.0} s), to be recorded",
            v.seconds, v.seconds
        ),
        Some(v) => format!(
            "有，与文字相符（{:.0} 秒）/ yes, matching its words ({:.0} s)",
            v.seconds, v.seconds
        ),
        None => {
            let stem = target.stem();
            let dir = content.root.join(voice::DIR);
            if voice::AUDIO
                .iter()
                .any(|ext| dir.join(format!("{stem}.{ext}")).exists())
            {
                format!(
                    "有录音但不播放：文字已改、无法解码或缺说明文件（见 pufa-kiosk check）/ a recording that does not play: stale, broken or without its sidecar (see check) — voice/{stem}"
                )
            } else {
                "无 / none".to_owned()
            }
        }
    })
}

/// Every article `citations` point into, once each, in the order first cited;
/// the lines the citations name are marked.
fn articles(content: &Content, citations: &[Citation]) -> Vec<ArticleText> {
    let mut out = Vec::new();
    for (law, article) in content.cited_articles(citations) {
        let quoted: BTreeSet<String> = citations
            .iter()
            .filter(|o| o.law_id == law.id && o.cite.article == article.number)
            .filter_map(|o| law.quote(&o.cite).ok())
            .flatten()
            .collect();
        let lines = article.lines();
        out.push(ArticleText {
            citation: format!("《{}》{}", law.title, article.label()),
            version: version(law),
            text: lines.join("\n"),
            cited: lines.iter().map(|l| quoted.contains(l)).collect(),
            at: (law.id.clone(), article.number),
        });
    }
    out
}

/// One ticker line: the words as they scroll, and the law under them.
#[derive(Debug)]
pub struct Line {
    /// What scrolls: the words with their citation (or source) after them.
    pub shown: String,
    /// Each citation as the screen shows it.
    pub citations: Vec<String>,
    /// Where a line that states no law comes from.
    pub source: Option<String>,
    /// Every article cited, whole.
    pub articles: Vec<ArticleText>,
}

fn lines(content: &Content, ticker: &[TickerLine]) -> Vec<Line> {
    ticker
        .iter()
        .map(|line| Line {
            shown: line.shown.clone(),
            citations: line.citations.iter().map(|c| c.label.clone()).collect(),
            source: line.source.clone(),
            articles: articles(content, &line.citations),
        })
        .collect()
}

/// A campaign as the sheet names it: by its title, with when it runs.
#[derive(Debug)]
pub struct CampaignText {
    pub title: String,
    /// Its folder in `campaigns/`, for staff who look for the file.
    pub folder: String,
    /// Its dates, weekdays and daily windows, in Chinese and English.
    pub when: (String, String),
    pub takeover: bool,
    pub priority: i32,
    /// When it is next on from the sheet's moment (or the span it is in then).
    pub next: Option<String>,
    /// Whether it is on at the sheet's moment.
    pub on_now: bool,
    /// What it plays: each item's title, with its kind and name.
    pub items: Vec<(String, String)>,
    pub ticker: Vec<Line>,
    /// Where another campaign hides it all day: (the other's title, the days in
    /// Chinese, in English).
    pub hidden_by: Vec<(String, String, String)>,
}

/// A law of the library, with the version its text is.
#[derive(Debug)]
pub struct LawText {
    pub title: String,
    pub file: String,
    pub primary: bool,
    /// 2023年9月1日修订
    pub version: Option<String>,
    /// The dated header line the version is named from.
    pub version_line: Option<String>,
    /// 2024年1月1日
    pub in_force: Option<String>,
    pub articles: usize,
    /// The articles of it this sheet cites, in the law's order.
    pub cited: Vec<String>,
}

/// The urgent notice (`notice.ron`): its words as shown, when and where.
#[derive(Debug)]
pub struct NoticeText {
    /// The words with their citation or source, as every screen shows them.
    pub shown: String,
    pub citations: Vec<String>,
    pub articles: Vec<ArticleText>,
    /// From (none: as soon as it arrives) and until, on the kiosk's clock.
    pub from: Option<String>,
    pub until: String,
    /// Which screens: in Chinese, in English.
    pub screens: (&'static str, &'static str),
    /// Whether it is up at the sheet's moment.
    pub on_now: bool,
}

fn notice_text(content: &Content, tz: &TimeZone, at: Timestamp) -> Option<NoticeText> {
    use crate::core::notice::Screens;
    let n = content.notice.as_ref()?;
    let up = |mode| n.showing(at, at, tz, mode);
    let time = |t: jiff::civil::DateTime| t.strftime("%Y-%m-%d %H:%M").to_string();
    Some(NoticeText {
        shown: n.shown.clone(),
        citations: n.citations.iter().map(|c| c.label.clone()).collect(),
        articles: articles(content, &n.citations),
        from: n.from.map(time),
        until: time(n.until),
        screens: match n.screens {
            Screens::All => ("所有屏幕", "every screen"),
            Screens::Boards => ("只在户外显示屏", "outdoor boards only"),
            Screens::Touchscreens => ("只在触摸屏", "touchscreens only"),
        },
        on_now: up(crate::core::settings::ScreenMode::Touch)
            || up(crate::core::settings::ScreenMode::Board),
    })
}

/// What citizens read besides the pictures, and the laws the words rest on.
#[derive(Debug)]
pub struct Listing {
    /// The kiosk's time zone, which campaign times are written in.
    pub time_zone: String,
    /// Whether this kiosk shows the ticker (the sheet lists its lines anyway).
    pub ticker_runs: bool,
    /// The folder's own lines.
    pub ticker: Vec<Line>,
    /// The urgent notice, if the folder has one.
    pub notice: Option<NoticeText>,
    pub campaigns: Vec<CampaignText>,
    pub laws: Vec<LawText>,
}

/// The listing of `content` on a kiosk in `tz`, campaigns' next runs counted from
/// `at`; under each law, the articles `shots` and the ticker lines cite.
pub fn listing(
    content: &Content,
    tz: &TimeZone,
    at: Timestamp,
    ticker_runs: bool,
    shots: &[Shot],
) -> Listing {
    let now = tz.to_datetime(at);
    let hidden = hidden::hidden(&content.campaigns);
    let campaigns: Vec<CampaignText> = content
        .campaigns
        .iter()
        .map(|c| campaign_text(content, c, now, &hidden))
        .collect();
    let ticker = lines(content, &content.ticker);
    let notice = notice_text(content, tz, at);
    let cited: BTreeSet<&(String, u32)> = shots
        .iter()
        .flat_map(|s| &s.articles)
        .chain(notice.iter().flat_map(|n| &n.articles))
        .chain(
            ticker
                .iter()
                .chain(campaigns.iter().flat_map(|c| &c.ticker))
                .flat_map(|l| &l.articles),
        )
        .map(|a| &a.at)
        .collect();
    let laws = content
        .laws
        .iter()
        .map(|law| law_text(content, law, &cited))
        .collect();
    Listing {
        time_zone: tz.iana_name().unwrap_or("UTC").to_owned(),
        ticker_runs,
        ticker,
        notice,
        campaigns,
        laws,
    }
}

fn campaign_text(
    content: &Content,
    c: &Campaign,
    now: jiff::civil::DateTime,
    hidden: &[hidden::Hidden],
) -> CampaignText {
    let minute = |t: jiff::civil::DateTime| t.strftime("%Y-%m-%d %H:%M").to_string();
    let next = c.next_span(now, schedule::HORIZON_DAYS);
    CampaignText {
        title: c.title.clone(),
        folder: c.id.clone(),
        when: c.when(),
        takeover: c.mode == Mode::Takeover,
        priority: c.priority,
        next: next.map(|(start, end)| format!("{} – {}", minute(start), minute(end))),
        on_now: next.is_some_and(|(start, _)| start <= now),
        items: c
            .items
            .iter()
            .map(|p| {
                let key = p.item.key();
                (
                    p.item.title(0),
                    format!("{} {}", key.kind.name_zh(), key.id),
                )
            })
            .collect(),
        ticker: lines(content, &c.ticker),
        hidden_by: hidden
            .iter()
            .filter(|h| h.campaign.id == c.id)
            .map(|h| {
                let (zh, en) = h.days.label();
                (h.by.title.clone(), zh, en)
            })
            .collect(),
    }
}

fn law_text(content: &Content, law: &Law, cited: &BTreeSet<&(String, u32)>) -> LawText {
    LawText {
        title: law.cited_title(),
        file: law.id.clone(),
        primary: content.laws.is_primary(&law.id),
        version: law.version.as_ref().map(|v| v.label()),
        version_line: law
            .version
            .as_ref()
            .map(|v| format!("{} {}", date_label(v.date), v.text)),
        in_force: law.in_force.map(date_label),
        articles: law.articles.len(),
        cited: cited
            .iter()
            .filter(|(id, _)| *id == law.id)
            .filter_map(|(_, n)| law.article(*n).map(|a| a.label()))
            .collect(),
    }
}

/// The version a law's text is, and the day it took effect where the file says:
/// 2023年9月1日修订，2024年1月1日起施行.
fn version(law: &Law) -> Option<String> {
    let version = law.version.as_ref()?.label();
    Some(match law.in_force {
        Some(day) => format!("{version}，{}起施行", date_label(day)),
        None => version,
    })
}

/// What the sheet's header says besides the shots.
pub struct Sheet<'a> {
    /// The content folder, as given.
    pub folder: &'a Path,
    /// When it was made, as people read it.
    pub generated: &'a str,
    pub size: (u32, u32),
    /// What the layout audit found; the sheet lists it above the pictures.
    pub problems: &'a [LayoutProblem],
    /// The ticker, the campaigns and the laws.
    pub listing: &'a Listing,
    /// The content version shown, and whether (by whom) it is approved.
    pub approval: &'a ApprovalNote,
}

/// What the sheet says of approval (issue 23): the version it shows and the words
/// changed since the version approved last, so the officer reads the difference.
#[derive(Debug, Clone, Default)]
pub struct ApprovalNote {
    /// `sha256:…`, as `pufa-kiosk version` prints it.
    pub version: String,
    /// Who approved this very version, and when, if anyone did.
    pub approved_by: Option<String>,
    /// The last approved version (who, when) and the changes since, if one is known.
    pub since: Option<(String, Vec<crate::core::words::Change>)>,
}

/// Writes `index.html` and `transcript.json` into `out`, beside the pictures.
pub fn write(out: &Path, sheet: &Sheet, shots: &[Shot]) -> std::io::Result<()> {
    let json = serde_json::to_string_pretty(shots).map_err(std::io::Error::other)?;
    std::fs::write(out.join(TRANSCRIPT), json + "\n")?;
    std::fs::write(out.join(INDEX), html(sheet, shots))
}

/// `text` on one line, as a heading.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const STYLE: &str = "\
.change p.del{background:#fde8e8;text-decoration:line-through;padding:.2em .5em}.change p.ins{background:#e6f4ea;padding:.2em .5em}\
td.version code{word-break:break-all}\
body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\",sans-serif;margin:2em;color:#111;line-height:1.5}\
h1{margin:0 0 .5em}small{color:#555;font-weight:normal;font-size:.75em}\
table.meta td{padding:.2em 1em .2em 0;vertical-align:top}\
.sign{display:flex;gap:4em;margin:1.5em 0;font-size:1.15em}\
.sign span{display:inline-block;min-width:14em;border-bottom:1px solid #000;margin-left:.5em}\
.note{color:#444;font-size:.9em}.problems{border:2px solid #b00;padding:.5em 1em;color:#600}\
nav ol{columns:3;font-size:.85em}\
section.shot{border-top:2px solid #333;padding-top:1em;margin-top:2em;page-break-inside:avoid;break-inside:avoid}\
.row{display:flex;gap:1.5em;align-items:flex-start}\
.row img{width:55%;border:1px solid #999;flex:none}\
.row .text{flex:1;min-width:0}\
h3{margin:.8em 0 .3em;font-size:1em}\
ol.words li,.article p{white-space:pre-wrap}\
.article{border-left:3px solid #999;padding-left:.8em;margin:.5em 0}\
.article h4{margin:.2em 0}.article p{margin:.2em 0}\
.article mark{background:#fff3a8}.article p.version{color:#555}\
table.laws{border-collapse:collapse;margin:.5em 0}table.laws td,table.laws th{border:1px solid #999;padding:.3em .6em;vertical-align:top;text-align:left}\
section.listing{border-top:2px solid #333;margin-top:2em}\
.campaign{border-left:4px solid #333;padding-left:1em;margin:1.5em 0;break-inside:avoid}\
ol.ticker>li{margin:.8em 0}p.scrolls{font-size:1.1em;font-weight:bold;margin:.2em 0}\
tr.hidden td{color:#600}\
@media print{body{margin:1cm}.row img{width:50%}}";

/// The proof sheet: a header to sign, an index, then each shot.
fn html(sheet: &Sheet, shots: &[Shot]) -> String {
    let folder = sheet.folder.display().to_string();
    let slides = shots.iter().filter(|s| s.kind == "slide").count();
    let pages = shots.len() - slides;
    let citations: BTreeSet<&str> = shots
        .iter()
        .flat_map(|s| s.citations.iter().map(String::as_str))
        .collect();
    let articles: BTreeSet<&str> = shots
        .iter()
        .flat_map(|s| s.articles.iter().map(|a| a.citation.as_str()))
        .collect();
    let (w, h) = sheet.size;
    let listing = sheet.listing;
    let ticker_lines = listing.ticker.len()
        + listing
            .campaigns
            .iter()
            .map(|c| c.ticker.len())
            .sum::<usize>();
    let page = html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                title { "审核稿 Proof sheet — " (folder) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { "普法宣传屏内容审核稿 " small { "Proof sheet for approval" } }
                    table.meta {
                        tr { td { "内容文件夹 " small { "Content folder" } } td { (folder) } }
                        tr { td { "生成时间 " small { "Generated" } } td { (sheet.generated) } }
                        tr { td { "屏幕尺寸 " small { "Screen size" } } td { (w) "×" (h) } }
                        tr {
                            td { "内容版本 " small { "Content version" } }
                            td.version {
                                code { (sheet.approval.version) }
                                @if let Some(by) = &sheet.approval.approved_by {
                                    br; "已审核 " small { "approved" } "：" (by)
                                } @else {
                                    br; "未审核 " small { "not approved yet" }
                                }
                            }
                        }
                        tr {
                            td { "数量 " small { "Counts" } }
                            td {
                                (slides) " 个轮播画面 " small { "slides" } "，"
                                (pages) " 个触摸页面 " small { "touch pages" } "，"
                                (citations.len()) " 条引用 " small { "citations" } "，"
                                (articles.len()) " 条所引条文 " small { "articles cited" } "；"
                                (ticker_lines) " 行滚动字幕 " small { "ticker lines" } "，"
                                (listing.campaigns.len()) " 个活动 " small { "campaigns" } "，"
                                (listing.laws.len()) " 部法规 " small { "laws" }
                            }
                        }
                    }
                    p.note {
                        "每幅画面旁列出屏幕上的全部文字（按从上到下、从左到右的阅读顺序；\
                         滚动后才能看到的文字也列出）、画面所引的条文，以及所引条文的全文（所引款、项以底色标出）。\
                         触摸页面只列大字关闭时的版本；大字开启时文字相同，只是字号更大。\
                         画面之后列出全部滚动字幕和每个活动（名称、播放时间、内容、字幕），\
                         画面只是生成时刻播放的内容，活动的画面请在它播放的日子用 --at 另行生成。"
                        br;
                        small {
                            "Beside each picture: every word on it in reading order (text reached by \
                             scrolling included), its citations, and the full text of each article cited (the \
                             paragraphs or items cited highlighted). Touch pages are shown with 大字 (large \
                             text) off only: with it on, the words are the same, larger. After the pictures: \
                             every ticker line and every campaign (title, when it runs, what it plays, its \
                             ticker lines). The pictures show what plays at the moment named; make a \
                             campaign's with --at on a day it runs."
                        }
                    }
                    @if !sheet.problems.is_empty() {
                        div.problems {
                            h3 { "版面问题 " small { "Layout problems" } }
                            ul {
                                @for p in sheet.problems {
                                    li { (p.zh()) br; small { (p.en()) } }
                                }
                            }
                        }
                    }
                    div.sign {
                        div { "审核人签字 " small { "Reviewer's signature" } span {} }
                        div { "日期 " small { "Date" } span {} }
                    }
                }
                (changes_html(sheet.approval))
                (laws_html(&listing.laws))
                nav {
                    h2 { "目录 " small { "Contents" } }
                    ol {
                        @for (i, shot) in shots.iter().enumerate() {
                            li {
                                a href={ "#shot-" (i + 1) } { (flat(&shot.title)) }
                                " " small { (shot.name) }
                            }
                        }
                        li { a href="#notice" { "紧急通知" } " " small { "Urgent notice" } }
                        li { a href="#ticker" { "滚动字幕" } " " small { "Ticker" } }
                        li { a href="#campaigns" { "活动" } " " small { "Campaigns" } }
                    }
                }
                @for (i, shot) in shots.iter().enumerate() {
                    (shot_html(i + 1, shot))
                }
                (notice_html(listing))
                (ticker_html(listing))
                (campaigns_html(listing))
            }
        }
    };
    page.into_string()
}

/// "What changed since the approved version": each section added, removed or
/// changed, with its words (and so its citations), old and new.
fn changes_html(note: &ApprovalNote) -> Markup {
    use crate::core::words::Change;
    html! {
        section.changes #changes {
            h2 { "自上次审核以来的改动 " small { "Changed since the approved version" } }
            @match &note.since {
                None => p {
                    "还没有审核过的版本，请通读全部内容。"
                    br; small { "No version was approved before: read the whole sheet." }
                },
                Some((last, changes)) => {
                    p {
                        "上次审核：" (last) "。共 " (changes.len()) " 处改动。"
                        br; small { "Last approved: " (last) ". " (changes.len()) " changes." }
                    }
                    @if changes.is_empty() {
                        p { "文字没有改动。" br; small { "The words did not change." } }
                    }
                    @for c in changes {
                        div.change {
                            @match c {
                                Change::Added { key, text } => {
                                    h3 { "新增 " small { "added" } "：" (key) }
                                    p.ins { (text) }
                                }
                                Change::Removed { key, text } => {
                                    h3 { "删除 " small { "removed" } "：" (key) }
                                    p.del { (text) }
                                }
                                Change::Changed { key, old, new } => {
                                    h3 { "改动 " small { "changed" } "：" (key) }
                                    p.del { "原 " small { "was" } "：" (old) }
                                    p.ins { "新 " small { "now" } "：" (new) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn shot_html(n: usize, shot: &Shot) -> Markup {
    html! {
        section.shot id={ "shot-" (n) } {
            h2 {
                (n) ". " (flat(&shot.title)) " "
                small {
                    @if shot.kind == "slide" { "轮播画面 " small { "Slide" } }
                    @else { "触摸页面 " small { "Touch page" } }
                    " · " (shot.name) " · " (shot.file)
                }
            }
            div.row {
                img src=(shot.file) alt=(shot.name);
                div.text {
                    h3 { "屏幕上的文字 " small { "Words on screen" } }
                    ol.words { @for words in &shot.words { li { (words) } } }
                    h3 { "引用 " small { "Citations" } }
                    @if shot.citations.is_empty() {
                        p { "（无 " small { "none" } "）" }
                    } @else {
                        ul { @for c in &shot.citations { li { (c) } } }
                    }
                    @if !shot.articles.is_empty() {
                        h3 { "所引条文全文 " small { "Full text of the articles cited" } }
                    }
                    @for article in &shot.articles { (article_html(article)) }
                    @if let Some(line) = &shot.poster {
                        h3 { "挂图上的一句话 " small { "Its line on the wall chart (pufa-kiosk poster)" } }
                        p.poster { (line) }
                    }
                    @if let Some(voice) = &shot.voice {
                        h3 { "朗读录音 " small { "Recording read aloud" } }
                        p.voice { (voice) }
                    }
                }
            }
        }
    }
}

/// One article in full, the lines cited marked, under the version of its law.
fn article_html(article: &ArticleText) -> Markup {
    html! {
        div.article {
            h4 { (article.citation) }
            @if let Some(version) = &article.version {
                p.version { small { "版本 " small { "version" } "：" (version) } }
            }
            @for (line, cited) in article.text.lines().zip(&article.cited) {
                @if *cited { p { mark { (line) } } } @else { p { (line) } }
            }
        }
    }
}

/// Every law of the library with the version its text is, so nobody signs
/// words checked against a superseded text.
fn laws_html(laws: &[LawText]) -> Markup {
    html! {
        section.laws id="laws" {
            h2 { "法规及版本 " small { "Laws and their versions" } }
            table.laws {
                tr {
                    th { "法规 " small { "Law" } }
                    th { "版本 " small { "Version" } }
                    th { "施行日期 " small { "In force since" } }
                    th { "条数 " small { "Articles" } }
                    th { "本稿所引条文 " small { "Articles this sheet cites" } }
                }
                @for law in laws {
                    tr {
                        td {
                            (law.title)
                            @if law.primary { " " small { "（主法规 primary）" } }
                            br; small { "laws/" (law.file) ".md" }
                        }
                        td {
                            (law.version.as_deref().unwrap_or("（文件未写明 not stated）"))
                            @if let Some(line) = &law.version_line { br; small { (line) } }
                        }
                        td { (law.in_force.as_deref().unwrap_or("（文件未写明 not stated）")) }
                        td { (law.articles) }
                        td {
                            @if law.cited.is_empty() { "（无 " small { "none" } "）" }
                            @else { (law.cited.join("、")) }
                        }
                    }
                }
            }
        }
    }
}

/// Ticker lines, each as it scrolls, with its citations and the articles whole.
fn lines_html(lines: &[Line]) -> Markup {
    html! {
        ol.ticker {
            @for line in lines {
                li {
                    p.scrolls { (line.shown) }
                    @if !line.citations.is_empty() {
                        p { "引用 " small { "Citations" } "：" (line.citations.join("；")) }
                    }
                    @for article in &line.articles { (article_html(article)) }
                }
            }
        }
    }
}

fn notice_html(listing: &Listing) -> Markup {
    html! {
        section.listing id="notice" {
            h2 { "紧急通知 " small { "Urgent notice" } " · notice.ron" }
            @match &listing.notice {
                None => p { "（无 " small { "none" } "）" },
                Some(n) => {
                    p.scrolls { (n.shown) }
                    p {
                        "显示时间 " small { "Shown" } "："
                        (n.from.as_deref().unwrap_or("文件到达时 (on arrival)")) " — " (n.until)
                        "；" (n.screens.0) " " small { (n.screens.1) }
                        "；" @if n.on_now { "此刻显示中 " small { "up at this sheet's moment" } }
                        @else { "此刻不显示 " small { "not up at this sheet's moment" } }
                    }
                    @if !n.citations.is_empty() {
                        p { "引用 " small { "Citations" } "：" (n.citations.join("；")) }
                    }
                    @for article in &n.articles { (article_html(article)) }
                }
            }
        }
    }
}

fn ticker_html(listing: &Listing) -> Markup {
    html! {
        section.listing id="ticker" {
            h2 { "滚动字幕 " small { "Ticker lines" } }
            p.note {
                @if listing.ticker_runs {
                    "本机显示滚动字幕。"
                    small { "This kiosk shows the ticker." }
                } @else {
                    "本机设置不显示滚动字幕（kiosk.ron 的 ticker），但字幕内容照样列在这里审核：换到显示字幕的屏幕上就会滚动。"
                    small { "This kiosk's settings hide the ticker (`ticker` in kiosk.ron); its lines are listed for approval all the same, as a screen that shows it scrolls them." }
                }
                br;
                "平时滚动下面这些字幕；活动期间，活动的字幕排在前面，独占屏幕的活动只滚动它自己的字幕（见“活动”）。"
                small { "These scroll normally; while a campaign runs its lines come first, and a campaign that takes the screen over scrolls only its own (see Campaigns)." }
            }
            h3 { "本内容文件夹的字幕 " small { "The folder's lines" } " · ticker.ron" }
            @if listing.ticker.is_empty() { p { "（无 " small { "none" } "）" } }
            @else { (lines_html(&listing.ticker)) }
        }
    }
}

fn campaigns_html(listing: &Listing) -> Markup {
    html! {
        section.listing id="campaigns" {
            h2 { "活动 " small { "Campaigns" } }
            p.note {
                "时间均为本机时区（" (listing.time_zone) "）的时间。"
                small { "Times are on the kiosk's clock (" (listing.time_zone) ")." }
            }
            @if listing.campaigns.is_empty() { p { "（无 " small { "none" } "）" } }
            @for c in &listing.campaigns {
                div.campaign {
                    h3 { "「" (c.title) "」 " small { "campaigns/" (c.folder) } }
                    table.meta {
                        tr {
                            td { "播放时间 " small { "When it runs" } }
                            td { (c.when.0) br; small { (c.when.1) } }
                        }
                        tr {
                            td { "方式 " small { "Mode" } }
                            td {
                                @if c.takeover { "独占屏幕 " small { "takes the screen over" } }
                                @else { "插入轮播 " small { "inserted into the rotation" } }
                                "，优先级 " (c.priority) " " small { "priority" }
                            }
                        }
                        tr {
                            td { "下次播放 " small { "Next on" } }
                            td {
                                @match &c.next {
                                    Some(next) => (next),
                                    None => { "一年内不播放 " small { "not within a year" } },
                                }
                                @if c.on_now { "（画面所示时刻正在播放 " small { "on at the pictures' moment" } "）" }
                            }
                        }
                        @for (by, zh, en) in &c.hidden_by {
                            tr.hidden {
                                td { "被遮住 " small { "Hidden" } }
                                td {
                                    "在 " (zh) " 被「" (by) "」完全遮住，不播放"
                                    br; small { "hidden all day on " (en) " by “" (by) "”" }
                                }
                            }
                        }
                    }
                    h4 { "播放的内容 " small { "What it plays" } }
                    @if c.items.is_empty() { p { "（无 " small { "none" } "）" } }
                    @else {
                        ol { @for (title, key) in &c.items { li { (flat(title)) " " small { (key) } } } }
                    }
                    h4 { "活动期间的字幕 " small { "Its ticker lines, on the days it runs" } }
                    @if c.ticker.is_empty() { p { "（无 " small { "none" } "）" } }
                    @else { (lines_html(&c.ticker)) }
                }
            }
        }
    }
}

/// `time` in Beijing time (UTC+8, the whole country's, without summer time), as
/// 2026-11-27 22:40 北京时间 (UTC+8).
pub fn beijing_time(time: SystemTime) -> String {
    let at = jiff::Timestamp::try_from(time).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let beijing = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
    format!(
        "{} 北京时间 (UTC+8)",
        beijing.to_datetime(at).strftime("%Y-%m-%d %H:%M")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::campaign::{Campaign, Dates, Mode};
    use crate::core::law::Cite;
    use crate::core::ticker::TickerLine;
    use std::path::PathBuf;
    use std::time::{Duration, UNIX_EPOCH};

    /// A folder holding only the shipped regulation, which is never edited.
    fn shipped() -> Content {
        let id = "xinfang-gongzuo-tiaoli-2022";
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("content/laws/{id}.md"));
        let text = std::fs::read_to_string(&file).unwrap();
        let law = crate::core::law::parse(id, &file, &text).unwrap();
        let mut content = Content::empty(PathBuf::from("content"));
        content.laws.insert(std::sync::Arc::new(law));
        content
    }

    /// [`shipped`] with the Constitution beside the regulation.
    fn with_constitution() -> Content {
        let mut content = shipped();
        let id = "xianfa-2018";
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("content/laws/{id}.md"));
        let text = std::fs::read_to_string(&file).unwrap();
        let law = crate::core::law::parse(id, &file, &text).unwrap();
        content.laws.insert(std::sync::Arc::new(law));
        content
    }

    fn shanghai() -> TimeZone {
        TimeZone::get("Asia/Shanghai").unwrap()
    }

    /// 2026-03-02 10:00 in Shanghai.
    fn march() -> Timestamp {
        schedule::parse_local("2026-03-02 10:00", &shanghai()).unwrap()
    }

    fn line(content: &Content, text: &str, citations: Vec<Citation>) -> TickerLine {
        TickerLine {
            text: text.into(),
            shown: format!("{text}（{}）", content.citation_line(&citations)),
            citations,
            source: None,
        }
    }

    /// A campaign held every year on `from`..=`to`.
    fn campaign(id: &str, title: &str, from: (i8, i8), to: (i8, i8), mode: Mode) -> Campaign {
        Campaign {
            id: id.into(),
            title: title.into(),
            dates: Dates::EveryYear { from, to },
            weekdays: Vec::new(),
            hours: Vec::new(),
            priority: 1,
            mode,
            items: Vec::new(),
            ticker: Vec::new(),
            file: PathBuf::from(format!("campaigns/{id}/campaign.ron")),
            priority_at: (0, 0),
            from_at: (0, 0),
        }
    }

    fn cite(content: &Content, article: u32, paragraphs: &[u32], items: &[u32]) -> Citation {
        let law = content.main_law().unwrap();
        cite_in(law, article, paragraphs, items)
    }

    fn cite_in(law: &Law, article: u32, paragraphs: &[u32], items: &[u32]) -> Citation {
        let cite = Cite {
            law: None,
            article,
            paragraphs: paragraphs.to_vec(),
            items: items.to_vec(),
        };
        Citation {
            label: crate::core::citation::label(law, &cite),
            law_id: law.id.clone(),
            cite,
        }
    }

    #[test]
    fn gives_each_article_cited_once_whole_with_the_cited_lines_marked() {
        let content = shipped();
        let citations = [
            cite(&content, 19, &[2], &[]),
            cite(&content, 31, &[1], &[2]),
            cite(&content, 19, &[1], &[]),
        ];
        let found = articles(&content, &citations);
        let law = content.main_law().unwrap();
        assert_eq!(found.len(), 2, "第十九条 once, 第三十一条 once");
        assert_eq!(found[0].citation, "《信访工作条例》第十九条");
        assert_eq!(found[0].text, law.article(19).unwrap().lines().join("\n"));
        assert_eq!(found[0].cited, [true, true, false]);
        // 第三十一条第一款第（二）项: the paragraph that introduces the item, and it.
        let lines = law.article(31).unwrap().lines();
        let marked: Vec<&String> = lines
            .iter()
            .zip(&found[1].cited)
            .filter(|(_, c)| **c)
            .map(|(l, _)| l)
            .collect();
        assert_eq!(marked.len(), 2);
        assert!(marked[1].starts_with("（二）"), "{marked:?}");
    }

    #[test]
    fn the_sheet_shows_each_picture_beside_its_words_escaped() {
        let content = shipped();
        let shots = transcript(
            &content,
            &[Transcribed {
                file: PathBuf::from("/out/001-panel-x-1.png"),
                kind: ShotKind::Slide,
                name: "panel-x-1".into(),
                title: "标题".into(),
                words: vec!["<标题> & 正文".into()],
                citations: vec![cite(&content, 20, &[1], &[])],
            }],
        );
        assert_eq!(shots[0].file, "001-panel-x-1.png", "relative to the sheet");
        let listing = listing(&content, &shanghai(), march(), false, &shots);
        let sheet = Sheet {
            folder: Path::new("/media/usb/content"),
            generated: "2026-11-27 22:40 北京时间 (UTC+8)",
            size: (1920, 1080),
            problems: &[],
            listing: &listing,
            approval: &ApprovalNote::default(),
        };
        let page = html(&sheet, &shots);
        for said in [
            "<img src=\"001-panel-x-1.png\"",
            "<li>&lt;标题&gt; &amp; 正文</li>",
            "<li>《信访工作条例》第二十条第一款</li>",
            "<h4>《信访工作条例》第二十条</h4>",
            "1 个轮播画面",
            "0 个触摸页面",
            "/media/usb/content",
            "2026-11-27 22:40",
            "审核人签字",
        ] {
            assert!(page.contains(said), "{said}");
        }
        let json: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(&shots).unwrap()).unwrap();
        assert_eq!(json[0]["kind"], "slide");
        assert_eq!(
            json[0]["articles"][0]["citation"],
            "《信访工作条例》第二十条"
        );
        assert!(
            json[0]["articles"][0].get("cited").is_none(),
            "marks stay on the sheet"
        );
    }

    #[test]
    fn a_hostile_name_folder_or_problem_cannot_add_markup_to_the_sheet() {
        let content = shipped();
        let shots = transcript(
            &content,
            &[Transcribed {
                file: PathBuf::from("/out/a\"><script>x</script>.png"),
                kind: ShotKind::Page,
                name: "\" onerror=\"alert(1)".into(),
                title: "<script>alert('标题')</script>".into(),
                words: Vec::new(),
                citations: Vec::new(),
            }],
        );
        // A campaign and a ticker line written to break the page.
        let mut content = content;
        let mut hostile = campaign(
            "x\"><b>x</b>",
            "<script>alert('活动')</script>",
            (12, 1),
            (12, 7),
            Mode::Insert,
        );
        hostile.ticker = vec![TickerLine {
            text: "<img src=x onerror=alert(1)>".into(),
            shown: "<img src=x onerror=alert(1)>（来源：<u>本局</u>）".into(),
            citations: Vec::new(),
            source: Some("<u>本局</u>".into()),
        }];
        content.campaigns.push(hostile);
        content.ticker = vec![TickerLine {
            text: "<iframe>".into(),
            shown: "<iframe>（来源：本局）".into(),
            citations: Vec::new(),
            source: Some("本局".into()),
        }];
        let listing = listing(&content, &shanghai(), march(), false, &shots);
        let sheet = Sheet {
            folder: Path::new("/media/<b>usb</b>"),
            generated: "<i>now</i>",
            size: (1920, 1080),
            problems: &[],
            listing: &listing,
            approval: &ApprovalNote::default(),
        };
        let page = html(&sheet, &shots);
        for raw in [
            "<script",
            "<b>usb",
            "<i>now",
            "\" onerror",
            "<img src=x",
            "<u>本局",
            "<iframe",
            "<b>x</b>",
        ] {
            assert!(!page.contains(raw), "{raw} left unescaped");
        }
        for escaped in [
            "「&lt;script&gt;alert('活动')&lt;/script&gt;」",
            "&lt;img src=x onerror=alert(1)&gt;（来源：&lt;u&gt;本局&lt;/u&gt;）",
            "&lt;iframe&gt;（来源：本局）",
            "campaigns/x&quot;&gt;&lt;b&gt;x&lt;/b&gt;",
        ] {
            assert!(page.contains(escaped), "{escaped}");
        }
        for escaped in [
            "&lt;script&gt;alert('标题')&lt;/script&gt;",
            "/media/&lt;b&gt;usb&lt;/b&gt;",
            "&quot; onerror=&quot;alert(1)",
        ] {
            assert!(page.contains(escaped), "{escaped}");
        }
    }

    #[test]
    fn lists_every_ticker_line_and_campaign_by_title_with_when_it_runs() {
        let mut content = with_constitution();
        let constitution = content.laws.get("xianfa-2018").unwrap().clone();
        content.ticker = vec![line(
            &content,
            "任何组织和个人不得打击报复信访人。",
            vec![cite(&content, 18, &[4], &[])],
        )];
        let mut day = campaign("1204", "12·4 国家宪法日", (12, 4), (12, 4), Mode::Takeover);
        day.priority = 2;
        day.ticker = vec![line(
            &content,
            "公民对于任何国家机关和国家工作人员，有提出批评和建议的权利。",
            vec![cite_in(&constitution, 41, &[1], &[])],
        )];
        let week = campaign("xianfa-zhou", "宪法宣传周", (12, 1), (12, 7), Mode::Insert);
        content.campaigns = vec![day, week];
        // The ticker is off on this kiosk: the lines are listed all the same.
        let listing = listing(&content, &shanghai(), march(), false, &[]);
        assert_eq!(listing.ticker.len(), 1);
        assert_eq!(
            listing.ticker[0].citations,
            ["《信访工作条例》第十八条第四款"]
        );
        let day = &listing.campaigns[0];
        assert_eq!(day.title, "12·4 国家宪法日");
        assert_eq!(day.when.0, "每年 12月4日，全天");
        assert_eq!(
            day.next.as_deref(),
            Some("2026-12-04 00:00 – 2026-12-05 00:00")
        );
        let article = &day.ticker[0].articles[0];
        assert_eq!(article.citation, "《中华人民共和国宪法》第四十一条");
        assert_eq!(
            article.version.as_deref(),
            Some("2018年3月11日修正，2018年3月11日起施行")
        );
        assert!(article.cited[0], "the paragraph cited is marked");
        assert_eq!(
            listing.campaigns[1].hidden_by,
            [(
                "12·4 国家宪法日".to_owned(),
                "每年 12月4日".to_owned(),
                "12-04 every year".to_owned()
            )]
        );
        // Every law with its version, the articles cited under each.
        let laws: Vec<(&str, Option<&str>, &[String])> = listing
            .laws
            .iter()
            .map(|l| (l.title.as_str(), l.version.as_deref(), &l.cited[..]))
            .collect();
        assert_eq!(laws[0].0, "《信访工作条例》");
        assert!(listing.laws[0].primary);
        assert_eq!(laws[0].2, ["第十八条"]);
        assert_eq!(
            laws[1],
            (
                "《中华人民共和国宪法》",
                Some("2018年3月11日修正"),
                &["第四十一条".to_owned()][..]
            )
        );
        let sheet = Sheet {
            folder: Path::new("content"),
            generated: "now",
            size: (1920, 1080),
            problems: &[],
            listing: &listing,
            approval: &ApprovalNote::default(),
        };
        let page = html(&sheet, &[]);
        for said in [
            "2 行滚动字幕",
            "2 个活动",
            "2 部法规",
            "本机设置不显示滚动字幕",
            "任何组织和个人不得打击报复信访人。（《信访工作条例》第十八条第四款）",
            "「12·4 国家宪法日」",
            "「宪法宣传周」",
            "每年 12月1日 至 12月7日，全天",
            "时间均为本机时区（Asia/Shanghai）的时间",
            "在 每年 12月4日 被「12·4 国家宪法日」完全遮住",
            "<h4>《中华人民共和国宪法》第四十一条</h4>",
            "版本 <small>version</small>：2018年3月11日修正，2018年3月11日起施行",
        ] {
            assert!(page.contains(said), "{said}");
        }
    }

    #[test]
    fn writes_beijing_time() {
        let at = |s| beijing_time(UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(at(0), "1970-01-01 08:00 北京时间 (UTC+8)");
        // 2024-02-29 16:30 UTC is past midnight in Beijing: the next day.
        assert_eq!(at(1_709_224_200), "2024-03-01 00:30 北京时间 (UTC+8)");
        assert_eq!(at(1_798_761_599), "2027-01-01 07:59 北京时间 (UTC+8)");
    }
}
