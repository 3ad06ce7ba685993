//! The `ask` line of a roadmap step (one line of what the step asks of the
//! citizen, printed on the wall chart's card): each check the loader keeps on it
//! fails on a bad line, and says so at the line and column where it is written.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

mod common;
use common::{copy_dir, repo};

use std::path::Path;

use pufa_kiosk_core::content;
use pufa_kiosk_core::diagnostics::Diagnostic;
use pufa_kiosk_core::roadmap::ASK_MAX;

/// A copy of the shipped content whose ask line `old` reads `new`; the folder
/// and the (line, column) of the new line's opening quote.
fn with_ask(old: &str, new: &str) -> (tempfile::TempDir, (usize, usize)) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), dir.path());
    let path = dir.path().join("roadmap.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let from = format!("ask: \"{old}\"");
    let at = text.find(&from).unwrap_or_else(|| panic!("{from}"));
    assert_eq!(text.matches(&from).count(), 1, "{from}");
    std::fs::write(&path, text.replacen(&from, &format!("ask: \"{new}\""), 1)).unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    let column = text[line_start..at].chars().count() + "ask: ".chars().count() + 1;
    (dir, (line, column))
}

fn on_roadmap(all: &[Diagnostic]) -> Vec<&Diagnostic> {
    all.iter()
        .filter(|d| d.file == Path::new("roadmap.ron"))
        .collect()
}

#[test]
fn the_shipped_ask_lines_pass_every_check() {
    let content = content::load(&repo().join("content")).unwrap();
    assert!(
        on_roadmap(&content.warnings).is_empty(),
        "{:?}",
        content.warnings
    );
    let roadmap = content.roadmap.unwrap();
    let asks = roadmap.steps.iter().filter(|s| !s.ask.is_empty()).count();
    assert_eq!(asks, roadmap.steps.len(), "every step says what it asks");
}

#[test]
fn an_ask_line_longer_than_a_card_holds_is_named_where_it_is_written() {
    // 18.62 ems (a digit is 0.62 of a character): one over.
    let long = "为共同的事多人走访，推选代表不超过5人";
    assert_eq!(ASK_MAX, 18);
    let (dir, (line, column)) = with_ask("共同的事多人走访，推选代表至多5人", long);
    // Too long is a warning: the content still goes live, staff are told.
    let content = content::load(dir.path()).unwrap();
    let warned = on_roadmap(&content.warnings);
    assert_eq!(warned.len(), 1, "{warned:?}");
    let w = warned[0];
    assert_eq!((w.line, w.column), (line, column), "{w}");
    assert!(
        w.zh.contains("ask") && w.zh.contains(&ASK_MAX.to_string()),
        "{w}"
    );
    assert!(w.en.contains("more than"), "{w}");
    assert!(w.help.is_some(), "says what to do: {w}");
    // At the limit (17.62 ems, counted as 18) it passes.
    let (dir, _) = with_ask(
        "共同的事多人走访，推选代表至多5人",
        "为共同的事多人走访，推选代表至多5人",
    );
    let content = content::load(dir.path()).unwrap();
    assert!(on_roadmap(&content.warnings).is_empty());
}

#[test]
fn a_number_the_cited_articles_do_not_state_is_an_error_at_the_ask_line() {
    // Article 20 says 不超过5人; 6 is not the law.
    let (dir, (line, column)) = with_ask(
        "共同的事多人走访，推选代表至多5人",
        "共同的事多人走访，推选代表至多6人",
    );
    let errors = content::load(dir.path()).unwrap_err();
    let wrong = on_roadmap(&errors);
    assert_eq!(wrong.len(), 1, "{errors:?}");
    let e = wrong[0];
    assert!(e.is_error());
    assert_eq!((e.line, e.column), (line, column), "{e}");
    assert!(e.zh.contains('6') && e.zh.contains("第二十条"), "{e}");
    // A day count the step's article does not set, in Chinese numerals too.
    let (dir, (line, column)) = with_ask(
        "收到答复不服的，30日内请上一级复查",
        "收到答复不服的，十五日内请上一级复查",
    );
    let errors = content::load(dir.path()).unwrap_err();
    let wrong = on_roadmap(&errors);
    assert_eq!(wrong.len(), 1, "{errors:?}");
    assert_eq!(
        (wrong[0].line, wrong[0].column),
        (line, column),
        "{}",
        wrong[0]
    );
    assert!(wrong[0].zh.contains("15"), "{}", wrong[0]);
}
