//! Citations of the law: resolving what a content file cites against the laws of
//! the folder, the rule that every number a citizen reads appears in the articles
//! cited for it, and the one-line label shown under a slide.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::diagnostics::Diagnostic;
use super::law::{self, Cite, Law};
use super::numerals;

/// A resolved citation: what it points at and how it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub cite: Cite,
    pub law_id: String,
    /// 《信访工作条例》第二十条第一款
    pub label: String,
}

/// Words quoted verbatim from a law.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub lines: Vec<String>,
    pub citation: Citation,
}

/// A citation with the law it was found in, while the content is checked.
pub(crate) type Resolved = (Citation, Arc<Law>);

/// Resolves a citation written at `line:column` (its `article`), pushing a
/// diagnostic there when it fails.
pub(crate) fn resolve(
    laws: &BTreeMap<String, Arc<Law>>,
    cite: &Cite,
    shown: &Path,
    (line, column): (usize, usize),
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Resolved> {
    let law = match &cite.law {
        Some(id) => laws.get(id).cloned(),
        None if laws.len() == 1 => laws.values().next().cloned(),
        None => None,
    };
    let Some(law) = law else {
        if laws.is_empty() {
            return None;
        }
        let known: Vec<&str> = laws.keys().map(String::as_str).collect();
        let (zh, en) = match &cite.law {
            Some(id) => (
                format!("找不到法规 “{id}”"),
                format!("no law `{id}` in laws/"),
            ),
            None => (
                "有多部法规时必须写明 law".into(),
                "`law` is required when laws/ holds several laws".into(),
            ),
        };
        diagnostics.push(Diagnostic::error(shown, line, column, zh, en).help(
            format!("可用：{}", known.join("、")),
            format!("known laws: {}", known.join(", ")),
        ));
        return None;
    };
    if let Err(e) = law.quote(cite) {
        let (zh, en) = e.messages();
        diagnostics.push(Diagnostic::error(shown, line, column, zh, en).help(
            "对照 laws/ 中的法规原文核对条、款、项的编号",
            "check the article, paragraph and item numbers against the law text in laws/",
        ));
        return None;
    }
    Some((
        Citation {
            cite: cite.clone(),
            law_id: law.id.clone(),
            label: law.cite_label(cite),
        },
        law,
    ))
}

/// Every number in `shown_text` must appear in one of the cited articles; each one
/// that does not is an error at `line:column`, where the text is written.
pub(crate) fn check_numbers(
    citations: &[Resolved],
    shown_text: &str,
    shown: &Path,
    (line, column): (usize, usize),
    diagnostics: &mut Vec<Diagnostic>,
) {
    let allowed: Vec<u32> = citations
        .iter()
        .filter_map(|(c, law)| law.article(c.cite.article))
        .flat_map(|a| numerals::numbers_in(&a.text()))
        .collect();
    for n in numerals::numbers_in(shown_text) {
        if !allowed.contains(&n) {
            let cited: Vec<String> = citations.iter().map(|(c, _)| c.label.clone()).collect();
            diagnostics.push(
                Diagnostic::error(
                    shown,
                    line,
                    column,
                    format!("数字 {n} 不见于所引条文（{}）", cited.join("、")),
                    format!("the number {n} does not appear in the cited articles"),
                )
                .help(
                    "法律上的天数、人数必须与条文一致：改正数字，或引用写有这个数字的条文",
                    "days and counts must match the law: fix the number or cite the article that states it",
                ),
            );
        }
    }
}

/// The labels of `citations` on one line, each law's title written once:
/// 《信访工作条例》第二十条第一款、第二十二条.
// `cites[0]` is read only where `cites.len() == 1`.
#[allow(clippy::indexing_slicing)]
pub fn line(laws: &BTreeMap<String, Arc<Law>>, citations: &[Citation]) -> String {
    // Citations of the same article are merged (第二十条第一款、第四款), so a
    // panel that quotes and cites one article does not name it twice.
    let mut groups: Vec<(&str, u32, Vec<&Cite>)> = Vec::new();
    for c in citations {
        match groups
            .iter_mut()
            .find(|(law, article, _)| *law == c.law_id && *article == c.cite.article)
        {
            Some(group) => group.2.push(&c.cite),
            None => groups.push((&c.law_id, c.cite.article, vec![&c.cite])),
        }
    }
    let mut out = String::new();
    let mut last_law: Option<&str> = None;
    for (law_id, article, cites) in groups {
        let law = laws.get(law_id);
        let title = law.map_or(law_id, |l| l.title.as_str());
        let merged = if cites.len() == 1 {
            cites[0].clone()
        } else if cites.iter().any(|c| c.paragraphs.is_empty()) {
            Cite {
                law: None,
                article,
                paragraphs: Vec::new(),
                items: Vec::new(),
            }
        } else {
            let mut paragraphs: Vec<u32> = cites
                .iter()
                .flat_map(|c| c.paragraphs.iter().copied())
                .collect();
            paragraphs.sort_unstable();
            paragraphs.dedup();
            Cite {
                law: None,
                article,
                paragraphs,
                items: Vec::new(),
            }
        };
        if !out.is_empty() {
            out.push('、');
        }
        if last_law != Some(title) {
            out.push_str(&format!("《{title}》"));
        }
        out.push_str(&format!(
            "第{}条{}",
            numerals::format(article),
            law::part_label(&merged)
        ));
        last_law = Some(title);
    }
    out
}
