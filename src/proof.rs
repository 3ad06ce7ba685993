//! `pufa-kiosk proof`: the proof sheet (审核稿) a legal officer signs before a
//! campaign goes live. One HTML page with every picture `render` draws (大字 off),
//! beside each the words on it, its citations and the full text of every article
//! cited; and `transcript.json`, the same words as data.
//!
//! Plain Rust over what the offscreen walk recorded: no Bevy here.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::SystemTime;

use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde::Serialize;

use crate::core::audit::LayoutProblem;
use crate::core::citation::Citation;
use crate::core::content::Content;
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
}

/// The full text of one article cited.
#[derive(Debug, Serialize)]
pub struct ArticleText {
    /// 《信访工作条例》第十八条
    pub citation: String,
    /// Its paragraphs and items, a line each.
    pub text: String,
    /// The lines the picture cites (a 款 or 项 of it), to mark on the sheet.
    #[serde(skip)]
    pub cited: Vec<bool>,
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
        })
        .collect()
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
            text: lines.join("\n"),
            cited: lines.iter().map(|l| quoted.contains(l)).collect(),
        });
    }
    out
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
.article mark{background:#fff3a8}\
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
                            td { "数量 " small { "Counts" } }
                            td {
                                (slides) " 个轮播画面 " small { "slides" } "，"
                                (pages) " 个触摸页面 " small { "touch pages" } "，"
                                (citations.len()) " 条引用 " small { "citations" } "，"
                                (articles.len()) " 条所引条文 " small { "articles cited" }
                            }
                        }
                    }
                    p.note {
                        "每幅画面旁列出屏幕上的全部文字（按从上到下、从左到右的阅读顺序；\
                         滚动后才能看到的文字也列出）、画面所引的条文，以及所引条文的全文（所引款、项以底色标出）。\
                         触摸页面只列大字关闭时的版本；大字开启时文字相同，只是字号更大。"
                        br;
                        small {
                            "Beside each picture: every word on it in reading order (text reached by \
                             scrolling included), its citations, and the full text of each article cited (the \
                             paragraphs or items cited highlighted). Touch pages are shown with 大字 (large \
                             text) off only: with it on, the words are the same, larger."
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
                nav {
                    h2 { "目录 " small { "Contents" } }
                    ol {
                        @for (i, shot) in shots.iter().enumerate() {
                            li {
                                a href={ "#shot-" (i + 1) } { (flat(&shot.title)) }
                                " " small { (shot.name) }
                            }
                        }
                    }
                }
                @for (i, shot) in shots.iter().enumerate() {
                    (shot_html(i + 1, shot))
                }
            }
        }
    };
    page.into_string()
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
                    @for article in &shot.articles {
                        div.article {
                            h4 { (article.citation) }
                            @for (line, cited) in article.text.lines().zip(&article.cited) {
                                @if *cited { p { mark { (line) } } } @else { p { (line) } }
                            }
                        }
                    }
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
    use crate::core::law::Cite;
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

    fn cite(content: &Content, article: u32, paragraphs: &[u32], items: &[u32]) -> Citation {
        let law = content.main_law().unwrap();
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
        let sheet = Sheet {
            folder: Path::new("/media/usb/content"),
            generated: "2026-11-27 22:40 北京时间 (UTC+8)",
            size: (1920, 1080),
            problems: &[],
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
        let sheet = Sheet {
            folder: Path::new("/media/<b>usb</b>"),
            generated: "<i>now</i>",
            size: (1920, 1080),
            problems: &[],
        };
        let page = html(&sheet, &shots);
        for raw in ["<script", "<b>usb", "<i>now", "\" onerror"] {
            assert!(!page.contains(raw), "{raw} left unescaped");
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
    fn writes_beijing_time() {
        let at = |s| beijing_time(UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(at(0), "1970-01-01 08:00 北京时间 (UTC+8)");
        // 2024-02-29 16:30 UTC is past midnight in Beijing: the next day.
        assert_eq!(at(1_709_224_200), "2024-03-01 00:30 北京时间 (UTC+8)");
        assert_eq!(at(1_798_761_599), "2027-01-01 07:59 北京时间 (UTC+8)");
    }
}
