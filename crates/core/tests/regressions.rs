//! Inputs the fuzz targets (fuzz/) found to crash or mislead the core, each kept
//! as the smallest folder that showed it, loaded from memory.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

use std::path::Path;

use pufa_kiosk_core::content;
use pufa_kiosk_core::diagnostics::Diagnostic;
use pufa_kiosk_core::law::Cite;
use pufa_kiosk_core::roadmap::{Choice, Roadmap, RoadmapFile, StepFile, TimeLimit, Walk, Who};
use pufa_kiosk_core::source::MemoryFolder;

fn repo() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shipped laws with the declaration of the primary one, and `files` beside them.
fn folder(files: &[(&str, &str)]) -> MemoryFolder {
    let mut folder = MemoryFolder::new();
    for entry in std::fs::read_dir(repo().join("content/laws")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md" || e == "ron") {
            folder.insert(
                Path::new("laws").join(path.file_name().unwrap()),
                std::fs::read(&path).unwrap(),
            );
        }
    }
    for (path, text) in files {
        folder.insert(path, *text);
    }
    folder
}

fn errors(files: &[(&str, &str)]) -> Vec<Diagnostic> {
    content::load_memory(&folder(files)).unwrap_err()
}

const PLAYLIST: (&str, &str) = ("playlist.ron", "(items: [Panel(id: \"a\")])");

#[test]
fn a_citation_of_article_zero_is_an_error_not_a_crash() {
    let errors = errors(&[
        PLAYLIST,
        (
            "panels/a.ron",
            "(title: \"标题\",\n quote: Some((article: 0)))",
        ),
    ]);
    let d = &errors[0];
    assert_eq!(
        (d.file.as_path(), d.line, d.column),
        (Path::new("panels/a.ron"), 2, 15)
    );
    assert!(d.zh.contains("没有第0条"), "{d}");
}

#[test]
fn a_citation_of_an_article_past_ten_thousand_is_an_error_not_a_crash() {
    let errors = errors(&[
        PLAYLIST,
        (
            "panels/a.ron",
            "(title: \"标题\", body: Some(\"x\"), cites: [(article: 4000000000)])",
        ),
    ]);
    assert!(errors[0].zh.contains("没有第4000000000条"), "{}", errors[0]);
}

#[test]
fn days_summed_along_a_walk_stop_at_the_largest_number_instead_of_overflowing() {
    // A law text may state any number, and a limit may cite it.
    let step = |id: &str, next: Option<&str>| StepFile {
        id: id.into(),
        title: "标题".into(),
        body: "说明".into(),
        ask: String::new(),
        cites: Vec::new(),
        limit: Some(TimeLimit {
            who: Who::Agency,
            days: 4_000_000_000,
            extension_days: Some(4_000_000_000),
            from: "受理之日".into(),
            label: "办理".into(),
            cite: Cite {
                law: None,
                article: 34,
                paragraphs: Vec::new(),
                items: Vec::new(),
            },
        }),
        links: Vec::new(),
        bureau: false,
        choices: next
            .map(|n| Choice {
                label: "下一步".into(),
                next: n.into(),
            })
            .into_iter()
            .collect(),
    };
    let roadmap = Roadmap::new(
        RoadmapFile {
            title: "路线图".into(),
            start: "a".into(),
            steps: vec![step("a", Some("b")), step("b", None)],
        },
        Default::default(),
    );
    let mut walk = Walk::default();
    assert!(walk.choose(&roadmap, 0));
    assert_eq!(walk.total_days(&roadmap), u32::MAX);
}
