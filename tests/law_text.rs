//! The shipped regulation text parses into the structure the kiosk relies on.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

mod common;

use pufa_kiosk::core::law::{self, Cite};

fn shipped() -> law::Law {
    let path = common::repo().join("content/laws/xinfang-gongzuo-tiaoli-2022.md");
    let text = std::fs::read_to_string(&path).unwrap();
    law::parse("xinfang-gongzuo-tiaoli-2022", &path, &text).unwrap()
}

#[test]
fn shipped_copy_is_the_unedited_source() {
    let bytes =
        std::fs::read(common::repo().join("content/laws/xinfang-gongzuo-tiaoli-2022.md")).unwrap();
    assert_eq!(
        bytes.len(),
        28_306,
        "SOURCES.md gives the size of the byte-for-byte copy"
    );
    assert!(
        !bytes.ends_with(b"\n"),
        "the source has no trailing newline"
    );
}

#[test]
fn has_six_chapters_and_fifty_articles() {
    let law = shipped();
    assert_eq!(law.title, "信访工作条例");
    assert_eq!(law.chapters.len(), 6);
    assert_eq!(law.articles.len(), 50);
    assert_eq!(law.chapters[0].title, "总则");
    assert_eq!(law.chapters[5].title, "附则");
    assert_eq!(law.chapters.last().unwrap().last_article, 50);
    let ranges: Vec<(u32, u32)> = law
        .chapters
        .iter()
        .map(|c| (c.first_article, c.last_article))
        .collect();
    for pair in ranges.windows(2) {
        assert_eq!(
            pair[0].1 + 1,
            pair[1].0,
            "chapters cover the articles without gaps: {ranges:?}"
        );
    }
}

#[test]
fn spot_checks_articles_paragraphs_and_items() {
    let law = shipped();
    let a20 = law.article(20).unwrap();
    assert_eq!(a20.paragraphs.len(), 4);
    assert!(a20.paragraphs[2].text.contains("不得超过5人"));
    let a26 = law.article(26).unwrap();
    assert_eq!(a26.paragraphs[0].items.len(), 6);
    assert!(
        a26.paragraphs[0].items[1]
            .text
            .starts_with("（二）携带危险物品")
    );
    let a34 = law.article(34).unwrap();
    assert!(a34.text().contains("60日内办结") && a34.text().contains("不得超过30日"));
    assert_eq!(law.article(47).unwrap().paragraphs.len(), 3);
    assert!(law.article(51).is_none());
    let cite = Cite {
        law: None,
        article: 36,
        paragraphs: vec![3],
        items: vec![],
    };
    assert!(law.quote(&cite).unwrap()[0].contains("不再受理"));
    assert_eq!(
        pufa_kiosk::core::citation::label(&law, &cite),
        "《信访工作条例》第三十六条第三款"
    );
}
