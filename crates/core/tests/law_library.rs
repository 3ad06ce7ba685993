//! The default law library: the regulation (primary) and the laws a petitioner is
//! referred to, each read with its version and the day it took effect; adding
//! them changes nothing that was written before.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

mod common;
use common::{copy_dir, repo};

use std::path::Path;

use jiff::civil::Date;
use pufa_kiosk_core::content;
use pufa_kiosk_core::law;

fn shipped(id: &str) -> law::Law {
    let path = repo().join("content/laws").join(format!("{id}.md"));
    law::parse(id, &path, &std::fs::read_to_string(&path).unwrap()).unwrap()
}

#[test]
fn each_shipped_law_carries_its_title_version_and_the_day_it_took_effect() {
    // (file, title, articles, version, in force)
    let table = [
        (
            "xinfang-gongzuo-tiaoli-2022",
            "信访工作条例",
            50,
            "2022年2月25日发布",
            (2022, 5, 1),
        ),
        (
            "xianfa-2018",
            "中华人民共和国宪法",
            143,
            "2018年3月11日修正",
            (2018, 3, 11),
        ),
        (
            "xingzheng-fuyi-fa-2023",
            "中华人民共和国行政复议法",
            90,
            "2023年9月1日修订",
            (2024, 1, 1),
        ),
        (
            "falv-yuanzhu-fa-2021",
            "中华人民共和国法律援助法",
            71,
            "2021年8月20日通过",
            (2022, 1, 1),
        ),
        (
            "renmin-tiaojie-fa-2010",
            "中华人民共和国人民调解法",
            35,
            "2010年8月28日通过",
            (2011, 1, 1),
        ),
    ];
    for (id, title, articles, version, (y, m, d)) in table {
        let law = shipped(id);
        assert_eq!(law.title, title, "{id}");
        assert_eq!(law.articles.len(), articles, "{id}");
        assert_eq!(law.version.unwrap().label(), version, "{id}");
        assert_eq!(law.in_force, Date::new(y, m, d).ok(), "{id}");
    }
}

#[test]
fn the_constitution_keeps_its_preamble_sections_and_article_41() {
    let constitution = shipped("xianfa-2018");
    assert!(constitution.preamble[0].starts_with("中国是世界上历史最悠久的国家之一"));
    let state_organs = &constitution.chapters[2];
    assert_eq!(state_organs.title, "国家机构");
    assert_eq!(state_organs.sections.len(), 8);
    assert_eq!(state_organs.sections[6].title, "监察委员会");
    let a41 = constitution.article(41).unwrap();
    assert!(a41.paragraphs[0].text.contains("有提出批评和建议的权利"));
    assert!(a41.text().contains("任何人不得压制和打击报复"));
}

#[test]
fn the_review_law_reads_past_its_zero_width_blank_line() {
    let review = shipped("xingzheng-fuyi-fa-2023");
    assert_eq!(review.chapters[0].title, "总 则");
    assert!(
        review
            .article(1)
            .unwrap()
            .text()
            .starts_with("为了防止和纠正")
    );
}

#[test]
fn adding_laws_changes_no_citation_already_written() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), dir.path());
    let shipped = content::load(dir.path()).unwrap();
    assert_eq!(shipped.laws.len(), 5);
    assert!(
        shipped.warnings.iter().all(|d| !d.is_error()),
        "{:?}",
        shipped.warnings
    );
    // Staff add a law nothing cites yet.
    std::fs::copy(
        repo().join("content/laws/renmin-tiaojie-fa-2010.md"),
        dir.path().join("laws/tiaojie-copy.md"),
    )
    .unwrap();
    let added = content::load(dir.path()).unwrap();
    assert_eq!(added.laws.len(), 6);
    assert!(
        added.library == shipped.library,
        "every panel and comic reads the same"
    );
    assert_eq!(added.ticker, shipped.ticker);
    assert_eq!(added.roadmap, shipped.roadmap);
    assert_eq!(added.campaigns, shipped.campaigns);
    assert_eq!(added.main_law().unwrap().id, "xinfang-gongzuo-tiaoli-2022");
}

#[test]
fn a_folder_made_before_the_library_keeps_its_regulation_as_primary_when_laws_are_added() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), dir.path());
    let declared = content::load(dir.path()).unwrap();
    // The folder as a kiosk had it before the library, with the four laws added.
    std::fs::remove_file(dir.path().join("laws/laws.ron")).unwrap();
    let added = content::load(dir.path()).expect("adding a law breaks nothing");
    assert_eq!(added.main_law().unwrap().id, "xinfang-gongzuo-tiaoli-2022");
    assert!(
        added.library == declared.library,
        "every panel and comic reads the same"
    );
    assert_eq!(added.roadmap, declared.roadmap);
    let named: Vec<_> = added
        .warnings
        .iter()
        .filter(|d| d.file == Path::new("laws/laws.ron"))
        .collect();
    assert_eq!(named.len(), 1, "{:?}", added.warnings);
    assert!(!named[0].is_error());
    assert!(named[0].zh.contains("信访工作条例"), "{}", named[0]);
}

#[test]
fn several_laws_none_of_them_the_regulation_without_a_declared_primary_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("laws")).unwrap();
    for id in ["xianfa-2018", "renmin-tiaojie-fa-2010"] {
        let file = format!("laws/{id}.md");
        std::fs::copy(repo().join("content").join(&file), dir.path().join(&file)).unwrap();
    }
    let errors = content::load(dir.path()).unwrap_err();
    let named: Vec<_> = errors
        .iter()
        .filter(|d| d.file == Path::new("laws/laws.ron"))
        .collect();
    assert_eq!(named.len(), 1, "{errors:?}");
    assert!(named[0].is_error());
    assert!(named[0].zh.contains("主法规"), "{}", named[0]);
}

#[test]
fn a_primary_law_that_is_not_in_the_folder_is_named_where_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), dir.path());
    std::fs::write(
        dir.path().join("laws/laws.ron"),
        "(\n    primary: \"xinfang-tiaoli\",\n)\n",
    )
    .unwrap();
    let errors = content::load(dir.path()).unwrap_err();
    let d = errors
        .iter()
        .find(|d| d.file == Path::new("laws/laws.ron"))
        .unwrap();
    assert_eq!((d.line, d.column), (2, 14));
    assert!(d.zh.contains("“xinfang-tiaoli” 不在 laws/ 里"), "{d}");
}

/// The first `cites: [` after `after` in `file` gains a citation of 宪法第`article`条.
fn cite_the_constitution(dir: &Path, file: &str, after: &str, article: u32) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let from = text.find(after).expect(after);
    let at = from + text[from..].find("cites: [").expect("cites") + "cites: [".len();
    let mut edited = text.clone();
    edited.insert_str(at, &format!("(law: \"xianfa-2018\", article: {article}), "));
    std::fs::write(&path, edited).unwrap();
}

#[test]
fn a_comic_scene_and_a_roadmap_step_may_cite_another_law_and_are_checked_against_it() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), dir.path());
    cite_the_constitution(dir.path(), "comics/zoufang-wuqu/comic.ron", "scenes:", 41);
    cite_the_constitution(dir.path(), "roadmap.ron", "steps:", 41);
    let content = content::load(dir.path()).unwrap();
    let label = "《中华人民共和国宪法》第四十一条";
    let comic = content.guide_comic().unwrap();
    assert!(
        comic.scenes[0].citations.iter().any(|c| c.label == label),
        "{:?}",
        comic.scenes[0].citations
    );
    let step = &content.roadmap.as_ref().unwrap().steps[0];
    assert!(
        step.citations.iter().any(|c| c.label == label),
        "{:?}",
        step.citations
    );
    // An article the Constitution does not have is an error that names it.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), dir.path());
    cite_the_constitution(dir.path(), "roadmap.ron", "steps:", 999);
    let errors = content::load(dir.path()).unwrap_err();
    let wrong: Vec<_> = errors
        .iter()
        .filter(|d| d.file == Path::new("roadmap.ron"))
        .collect();
    assert_eq!(wrong.len(), 1, "{errors:?}");
    assert!(wrong[0].line > 0, "points at the line: {}", wrong[0]);
    assert!(
        wrong[0].to_string().contains("宪法") || wrong[0].to_string().contains("xianfa"),
        "{}",
        wrong[0]
    );
}
