//! `pufa-kiosk proof` on the default content: the proof sheet a legal officer signs
//! holds every slide of the rotation and every touch page, and `transcript.json`
//! says what citizens read on each: the titles, every citation the content gives,
//! and the full text of every article cited.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

mod common;

use std::collections::BTreeSet;

use pufa_kiosk::core::citation::Citation;
use pufa_kiosk::core::content::Content;
use pufa_kiosk::core::item::Item;
use pufa_kiosk::core::layout::Metrics;
use pufa_kiosk::core::pacing::Transition;
use pufa_kiosk::core::settings::Settings;
use pufa_kiosk::core::{rotation, schedule};
use serde_json::Value;

const SIZE: (u32, u32) = (1280, 720);
/// A moment when no campaign of the default content runs: the folder's own rotation.
const AT: &str = "2026-03-02 10:00";

/// One shot of `transcript.json`.
struct Shot {
    file: String,
    kind: String,
    name: String,
    title: String,
    words: Vec<String>,
    citations: Vec<String>,
    /// (citation, text) of each article.
    articles: Vec<(String, String)>,
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("an array of strings: {v}"))
        .iter()
        .map(|s| s.as_str().expect("a string").to_owned())
        .collect()
}

fn read_transcript(text: &str) -> Vec<Shot> {
    let json: Value = serde_json::from_str(text).expect("transcript.json is JSON");
    json.as_array()
        .expect("an array of shots")
        .iter()
        .map(|s| Shot {
            file: s["file"].as_str().unwrap().to_owned(),
            kind: s["kind"].as_str().unwrap().to_owned(),
            name: s["name"].as_str().unwrap().to_owned(),
            title: s["title"].as_str().unwrap().to_owned(),
            words: strings(&s["words"]),
            citations: strings(&s["citations"]),
            articles: s["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| {
                    (
                        a["citation"].as_str().unwrap().to_owned(),
                        a["text"].as_str().unwrap().to_owned(),
                    )
                })
                .collect(),
        })
        .collect()
}

/// The words as a citizen reads them, the screen's line breaks taken out.
fn read(words: &[String]) -> String {
    words.concat().replace(char::is_whitespace, "")
}

fn unbroken(text: &str) -> String {
    text.replace(char::is_whitespace, "")
}

/// Each citation's label, and the full text of the article it points into.
fn expected(content: &Content, citations: &[Citation]) -> Vec<(String, String)> {
    citations
        .iter()
        .map(|c| {
            let article = content
                .laws
                .get(&c.law_id)
                .unwrap()
                .article(c.cite.article)
                .unwrap();
            (c.label.clone(), article.lines().join("\n"))
        })
        .collect()
}

/// Checks that `shot` shows `citations` and the whole of every article they cite.
fn cites_in_full(shot: &Shot, content: &Content, citations: &[Citation]) {
    for (label, text) in expected(content, citations) {
        assert!(
            shot.citations.contains(&label),
            "{}: citation {label} listed, got {:?}",
            shot.name,
            shot.citations
        );
        assert!(
            shot.articles.iter().any(|(_, t)| *t == text),
            "{}: full text of the article of {label} given",
            shot.name
        );
    }
}

#[test]
fn proof_sheet_shows_every_slide_and_page_with_its_words_citations_and_articles() {
    let out = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let (code, stdout, stderr) = common::run(&[
        "proof",
        "--config",
        common::repo().join("kiosk.ron").to_str().unwrap(),
        "--size",
        &format!("{}x{}", SIZE.0, SIZE.1),
        "--out",
        out.path().to_str().unwrap(),
        "--at",
        AT,
    ]);
    assert_eq!(code, 0, "proof failed:\n{stdout}\n{stderr}");
    eprintln!("proof at {SIZE:?} took {:?}", started.elapsed());
    assert!(stdout.contains("index.html"), "{stdout}");
    let shots = read_transcript(
        &std::fs::read_to_string(out.path().join("transcript.json"))
            .expect("transcript.json written"),
    );

    let settings = Settings::load(&common::repo().join("kiosk.ron")).unwrap();
    let content = pufa_kiosk::core::content::load(&settings.content_dir).unwrap();
    let m = Metrics::new(
        SIZE.0 as f32,
        SIZE.1 as f32,
        settings.screen_diagonal_inches,
        1.0,
    );
    let at = schedule::parse_local(AT, &settings.time_zone).unwrap();
    let on_air = schedule::on_air(&content, at, &settings.time_zone);
    let slides = rotation::slides(&on_air.playlist, 10.0, Transition::Cut, &m);

    // Every slide of the rotation, in its order, and each shows its title and
    // gives every citation of its panel or scene with the articles in full.
    let slide_shots: Vec<&Shot> = shots.iter().filter(|s| s.kind == "slide").collect();
    assert_eq!(
        slide_shots.len(),
        slides.len(),
        "one shot per slide of the rotation"
    );
    for (slide, shot) in slides.iter().zip(&slide_shots) {
        let key = &slide.key;
        assert_eq!(
            shot.name,
            match key.part {
                0 => format!("{}-{}-{}", key.item.kind.name(), key.item.id, key.page + 1),
                part => format!(
                    "{}-{}-{}.{}",
                    key.item.kind.name(),
                    key.item.id,
                    key.page + 1,
                    part + 1
                ),
            }
        );
        let (title, citations) = match &slide.item {
            Item::Panel(p) => (p.title.clone(), p.citations.clone()),
            Item::Comic(c) => {
                let scene = &c.scenes[key.page];
                (scene.title.clone(), scene.citations.clone())
            }
            Item::Bureau(b) => (b.name.clone(), Vec::new()),
        };
        assert_eq!(shot.title, title, "{}: named by its title", shot.name);
        assert!(
            read(&shot.words).contains(&unbroken(&title)),
            "{}: title “{title}” among the words {:?}",
            shot.name,
            shot.words
        );
        cites_in_full(shot, &content, &citations);
    }
    let panels: BTreeSet<&str> = slides
        .iter()
        .filter_map(|s| match &s.item {
            Item::Panel(p) => Some(p.id.as_str()),
            Item::Comic(_) | Item::Bureau(_) => None,
        })
        .collect();
    assert!(
        panels.len() > 10,
        "the default rotation's panels are all there"
    );

    // Every touch page, 大字 off only; every roadmap step cites as the content does.
    let pages: Vec<&Shot> = shots.iter().filter(|s| s.kind == "page").collect();
    let roadmap = content.roadmap.as_ref().unwrap();
    let mut names = vec![
        "home".to_owned(),
        "comic-reader".to_owned(),
        "comic-quiz".to_owned(),
        "comic-quiz-answer".to_owned(),
        "comic-quiz-score".to_owned(),
        "browser-chapters".to_owned(),
        "browser-chapter".to_owned(),
        "browser-article".to_owned(),
        "browser-laws".to_owned(),
        "topics".to_owned(),
        "online".to_owned(),
    ];
    // Each other law's chapters and longest article, the Constitution's longest
    // chapter (longer than any of the regulation's), and every question.
    for law in content
        .laws
        .iter()
        .filter(|l| !content.laws.is_primary(&l.id))
    {
        names.extend(["chapters", "article"].map(|page| format!("browser-{}-{page}", law.id)));
    }
    names.push("browser-xianfa-2018-chapter".to_owned());
    names.extend((1..=content.topics.len()).map(|i| format!("topic-{i}")));
    names.extend(roadmap.steps.iter().map(|s| format!("roadmap-{}", s.id)));
    let shown: BTreeSet<&str> = pages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        shown,
        names.iter().map(String::as_str).collect(),
        "every touch page once, without the 大字 variants"
    );
    for step in &roadmap.steps {
        let shot = pages
            .iter()
            .find(|p| p.name == format!("roadmap-{}", step.id))
            .unwrap();
        assert!(
            read(&shot.words).contains(&unbroken(&step.title)),
            "{}: step title among {:?}",
            shot.name,
            shot.words
        );
        assert_eq!(shot.title, step.title, "{}: named by the step", shot.name);
        // Read box by box: the step's explanation follows its title, not the
        // tags of the chart beside it.
        let title = shot
            .words
            .iter()
            .rposition(|w| unbroken(w) == unbroken(&step.title))
            .unwrap_or_else(|| panic!("{}: step title among {:?}", shot.name, shot.words));
        assert_eq!(
            shot.words.get(title + 1).map(|w| unbroken(w)),
            Some(unbroken(&step.body)),
            "{}: the explanation right after the title, in {:?}",
            shot.name,
            shot.words
        );
        cites_in_full(shot, &content, &step.citations);
        assert_eq!(shot.citations.len(), step.citations.len(), "{}", shot.name);
    }
    // The comic reader opens on the first scene, with its explanation and citation;
    // the quiz's question gives none until it is answered.
    let comic = content.library.comics.values().next().unwrap();
    let page = |name: &str| pages.iter().find(|p| p.name == name).unwrap();
    cites_in_full(page("comic-reader"), &content, &comic.scenes[0].citations);
    cites_in_full(
        page("comic-quiz-answer"),
        &content,
        &comic.scenes[0].citations,
    );
    assert!(page("comic-quiz").citations.is_empty());
    assert!(page("home").citations.is_empty());
    // The article shown in the browser is its own citation, in full.
    let article = page("browser-article");
    assert_eq!(article.citations.len(), 1);
    assert_eq!(article.articles.len(), 1);
    for line in article.articles[0].1.lines() {
        assert!(
            article.words.iter().any(|w| unbroken(w) == unbroken(line)),
            "the browser shows the article's line “{line}”"
        );
    }

    // The sheet: every picture exists and is referenced; the header counts them
    // and has room to sign.
    let html = std::fs::read_to_string(out.path().join("index.html")).expect("index.html");
    let pngs: BTreeSet<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".png"))
        .collect();
    assert_eq!(pngs.len(), shots.len(), "a picture per shot");
    for shot in &shots {
        assert!(pngs.contains(&shot.file), "{} drawn", shot.file);
    }
    for png in &pngs {
        assert!(
            html.contains(&format!("src=\"{png}\"")),
            "index.html shows {png}"
        );
    }
    for said in [
        "审核人签字",
        "日期",
        &format!("{} 个轮播画面", slides.len()),
        &format!("{} 个触摸页面", names.len()),
        "所引条文全文",
        "朗读录音",
    ] {
        assert!(html.contains(said), "index.html says {said}");
    }
    // 朗读: every roadmap step's page says its recording is a matching draft; a
    // panel without one says so.
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("transcript.json")).unwrap())
            .unwrap();
    let voice_of = |prefix: &str| -> Vec<String> {
        json.as_array()
            .unwrap()
            .iter()
            .filter(|s| s["name"].as_str().unwrap().starts_with(prefix))
            .map(|s| s["voice"].as_str().unwrap_or("(none)").to_owned())
            .collect()
    };
    let steps = voice_of("roadmap-");
    assert!(!steps.is_empty());
    for said in &steps {
        assert!(
            said.contains("与文字相符") && said.contains("草稿"),
            "{said}"
        );
    }
    for said in voice_of("panel-") {
        assert!(said.starts_with("无"), "{said}");
    }
    // The wall chart's line of each step is on the sheet the legal officer
    // signs, word for word, beside the step's page.
    let content = pufa_kiosk::core::content::load(&common::repo().join("content")).unwrap();
    let roadmap = content.roadmap.as_ref().unwrap();
    for step in &roadmap.steps {
        let shot = json
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == format!("roadmap-{}", step.id).as_str())
            .unwrap_or_else(|| panic!("roadmap-{} is on the sheet", step.id));
        assert_eq!(
            shot["poster"].as_str(),
            Some(step.ask.as_str()),
            "{}",
            step.id
        );
        assert!(html.contains(&step.ask), "index.html has {}", step.ask);
    }
    assert!(html.contains("挂图上的一句话"));
    // The touch pages read aloud (no recording shipped yet) say so too.
    for page in ["home", "topics", "online"] {
        let said = json
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == page)
            .unwrap_or_else(|| panic!("{page} is on the sheet"))["voice"]
            .as_str()
            .unwrap_or("(none)");
        assert!(said.starts_with("无"), "{page}: {said}");
    }
    // Self-contained: nothing fetched from elsewhere, nothing run.
    for outside in [
        "<script",
        "<link",
        "url(",
        "src=\"http",
        "src=\"/",
        "href=\"http",
    ] {
        assert!(!html.contains(outside), "index.html has {outside}");
    }
}

#[test]
fn proof_lists_what_the_layout_audit_finds_on_the_sheet_and_exits_1() {
    let content = common::broken_folder("roadmap-choice-too-long");
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = common::run(&[
        "proof",
        "--content",
        content.path().to_str().unwrap(),
        "--size",
        "1366x768",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(stderr.contains("✗ 1 layout problem(s)"), "{stderr}");
    // The sheet is still written, and says so above the pictures.
    let html = std::fs::read_to_string(out.path().join("index.html")).expect("index.html");
    assert!(html.contains("版面问题"), "the sheet lists the problem");
    assert!(
        html.contains(
            "1366×768 roadmap-channel：按钮“我已经在法院起诉并且案件正在审理当中还想同时来信…”"
        ),
        "the sheet names the page and the button"
    );
    assert!(out.path().join("transcript.json").exists());
}

/// `text` as the sheet writes it inside an element.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[test]
fn proof_sheet_lists_every_ticker_line_campaign_and_law_version_whatever_the_ticker_setting() {
    let out = tempfile::tempdir().unwrap();
    let at = "2026-12-04 10:00";
    let (code, stdout, stderr) = common::run(&[
        "proof",
        "--config",
        common::repo().join("kiosk.ron").to_str().unwrap(),
        "--size",
        &format!("{}x{}", SIZE.0, SIZE.1),
        "--out",
        out.path().to_str().unwrap(),
        "--at",
        at,
    ]);
    assert_eq!(code, 0, "proof failed:\n{stdout}\n{stderr}");
    let html = std::fs::read_to_string(out.path().join("index.html")).expect("index.html");
    let settings = Settings::load(&common::repo().join("kiosk.ron")).unwrap();
    let content = pufa_kiosk::core::content::load(&settings.content_dir).unwrap();
    assert!(
        !settings.ticker.runs(settings.mode),
        "the shipped touchscreen hides the ticker, which is why the sheet must list it"
    );
    assert!(
        html.contains("本机设置不显示滚动字幕"),
        "says the ticker is off here"
    );

    // Every ticker line, the folder's and each campaign's, as it scrolls, with its
    // citations and every article it cites in full.
    let lines: Vec<_> = content
        .ticker
        .iter()
        .chain(content.campaigns.iter().flat_map(|c| &c.ticker))
        .collect();
    assert!(
        lines.len() >= 5 + 4 + 2,
        "the shipped lines: {}",
        lines.len()
    );
    for line in &lines {
        assert!(
            html.contains(&escaped(&line.shown)),
            "ticker line “{}” listed",
            line.shown
        );
        for c in &line.citations {
            assert!(html.contains(&escaped(&c.label)), "{} listed", c.label);
        }
        for (law, article) in content.cited_articles(&line.citations) {
            assert!(
                html.contains(&format!("<h4>《{}》{}</h4>", law.title, article.label())),
                "the article of “{}” in full",
                line.text
            );
            for text in article.lines() {
                assert!(html.contains(&escaped(&text)), "{text}");
            }
        }
    }

    // Campaigns by title, with when each runs, never by folder alone; the header
    // names the one on air at that moment by its title.
    for campaign in &content.campaigns {
        let (zh, en) = campaign.when();
        for said in [format!("「{}」", campaign.title), zh, en] {
            assert!(html.contains(&escaped(&said)), "{said}");
        }
    }
    let takeover = content.campaigns.iter().find(|c| c.id == "1204").unwrap();
    assert!(
        html.contains(&format!("（活动 / campaigns: 「{}」）", takeover.title)),
        "the header names the campaign on air by its title"
    );
    assert!(!html.contains("campaigns: 1204"), "not by its folder");

    // Every law of the library with its version and the day it took effect.
    assert_eq!(content.laws.len(), 5);
    for law in content.laws.iter() {
        let version = law.version.as_ref().expect("a dated version").label();
        let in_force = pufa_kiosk::core::law::date_label(law.in_force.expect("in force"));
        for said in [law.cited_title(), version, in_force] {
            assert!(html.contains(&escaped(&said)), "{}: {said}", law.id);
        }
    }
    assert!(html.contains("法规及版本"));
}

/// The sheet carries the content version it shows and, once a version was
/// approved, the words changed since: the officer reads the difference.
#[test]
fn proof_sheet_carries_the_version_and_what_changed_since_the_approved_one() {
    use pufa_kiosk::core::approval::{self, Cover, Scope};
    use pufa_kiosk::core::words;
    let content = common::broken_folder("base");
    let dir = content.path();
    let key = approval::open_key(
        &approval::generate_key("口令 0123456789").unwrap().0,
        "口令 0123456789",
    )
    .unwrap();
    let loaded = pufa_kiosk::core::content::load(dir).unwrap();
    let doc = words::document(&words::sections(&loaded));
    let v = approval::version_of(dir, Cover::Whole).unwrap();
    let a = approval::sign(
        &key,
        v,
        Scope::Content,
        "张三",
        "法制审核员",
        "2026-12-05T09:00:00+08:00",
        &approval::digest(doc.as_bytes()),
    );
    approval::write(dir, &a, &doc).unwrap();
    let panel = dir.join("panels/five.ron");
    let text = std::fs::read_to_string(&panel).unwrap();
    std::fs::write(&panel, text.replacen("推选代表", "请推选代表", 1)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = common::run(&[
        "proof",
        "--config",
        "/nonexistent/kiosk.ron",
        "--content",
        dir.to_str().unwrap(),
        "--size",
        "1366x768",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(code == 0 || code == 1, "{stdout}\n{stderr}");
    let html = std::fs::read_to_string(out.path().join("index.html")).expect("index.html");
    let now = approval::version_of(dir, Cover::Whole).unwrap();
    assert!(html.contains(&now.to_string()), "the version shown");
    assert!(html.contains("未审核"), "this version is not approved");
    assert!(
        html.contains("上次审核：张三（法制审核员）2026-12-05T09:00:00+08:00。共 1 处改动。"),
        "{html}"
    );
    let changed = html.split("<div class=\"change\">").nth(1).unwrap();
    assert!(
        changed.contains("改动 <small>changed</small>：展板 five"),
        "{changed}"
    );
    assert!(changed.contains("<p class=\"del\">") && changed.contains("<p class=\"ins\">"));
    assert!(changed.contains("请推选代表"));
}
