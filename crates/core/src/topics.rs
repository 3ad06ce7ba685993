//! 按问题找 (`topics.ron`): questions a citizen brings, each answered by the
//! articles of the laws that bear on it. Staff curate the list; every article is
//! resolved against `laws/` when the folder loads, so a topic never points at an
//! article that is not there.

use std::path::Path;

use serde::Deserialize;

use super::citation::{self, Citation};
use super::diagnostics::Diagnostic;
use super::folder::{Folder, Parsed};
use super::law::Cite;
use super::law_library::LawLibrary;
use super::spans::Spans;

/// The file's path, relative to the content folder.
pub const FILE_NAME: &str = "topics.ron";

/// `topics.ron` as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicsFile {
    pub topics: Vec<TopicFile>,
}

/// One topic as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicFile {
    /// The question, as a citizen would put it: 我想反映问题.
    pub title: String,
    /// A line under the title saying what the articles answer; its numbers must
    /// appear in them.
    #[serde(default)]
    pub note: Option<String>,
    /// The articles that answer it, in the order shown.
    pub articles: Vec<Cite>,
}

/// A topic ready to show: every article resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    pub title: String,
    pub note: Option<String>,
    pub citations: Vec<Citation>,
}

/// The topics of `topics.ron`, if the folder has one. A topic that breaks a rule is
/// reported, and keeps the folder from going live.
pub(crate) fn load(folder: &mut Folder, laws: &LawLibrary) -> Vec<Topic> {
    let Some(Parsed {
        value: file,
        spans,
        shown,
        ..
    }) = folder.read_if_present::<TopicsFile>(FILE_NAME)
    else {
        return Vec::new();
    };
    let mut topics = Vec::new();
    for (i, written) in file.topics.iter().enumerate() {
        if let Some(topic) = topic(folder, laws, written, &shown, &spans, i) {
            topics.push(topic);
        }
    }
    topics
}

fn topic(
    folder: &mut Folder,
    laws: &LawLibrary,
    written: &TopicFile,
    shown: &Path,
    spans: &Spans,
    i: usize,
) -> Option<Topic> {
    let at = |field: &str| format!("topics[{i}].{field}");
    let title = written.title.trim();
    if title.is_empty() || title.contains('\n') {
        let (l, c) = spans.value(&at("title"));
        folder.push(
            Diagnostic::error(
                shown,
                l,
                c,
                "问题的标题是空的或含有换行",
                "a topic's title is empty or has a line break",
            )
            .help(
                "用群众的话写一个问题，一行，例如 “我想反映问题”",
                "write the question on one line, as a citizen would ask it",
            ),
        );
        return None;
    }
    if written.articles.is_empty() {
        let (l, c) = spans.field(&at("articles"));
        folder.push(
            Diagnostic::error(
                shown,
                l,
                c,
                format!("问题 “{title}” 没有列出条文"),
                format!("the topic `{title}` lists no article"),
            )
            .help(
                "在 articles 里至少写一条，例如 (article: 17)",
                "list at least one article in `articles`, e.g. `(article: 17)`",
            ),
        );
        return None;
    }
    let mut resolved = Vec::new();
    for (k, cite) in written.articles.iter().enumerate() {
        let place = spans.field(&at(&format!("articles[{k}].article")));
        if let Some(r) = citation::resolve(laws, cite, shown, place, &mut folder.diagnostics) {
            resolved.push(r);
        }
    }
    if resolved.len() != written.articles.len() {
        return None;
    }
    let note = written.note.as_deref().map(str::trim).map(str::to_owned);
    if let Some(note) = &note {
        let place = spans.value(&at("note"));
        citation::check_numbers(&resolved, note, shown, place, &mut folder.diagnostics);
    }
    Some(Topic {
        title: title.to_owned(),
        note,
        citations: resolved.into_iter().map(|(c, _)| c).collect(),
    })
}

#[cfg(test)]
mod tests {
    use crate::content::{self, Content};
    use crate::diagnostics::Diagnostic;
    use crate::source::MemoryFolder;

    const REGULATION: &str = "# 信访工作条例\n\n第一条 甲。\n\n第二条 信访人在15日内乙。\n";
    const CONSTITUTION: &str = "# 中华人民共和国宪法\n\n第一条 丙。\n\n第二条 丁。\n";
    const PLAYLIST: &str = "(items: [Panel(id: \"a\")])";
    const PANEL: &str = "(title: \"标题\", body: Some(\"甲\"), cites: [(article: 1)])";

    fn folder(topics: &str) -> Result<Content, Vec<Diagnostic>> {
        let files: MemoryFolder = [
            ("laws/tiaoli.md", REGULATION),
            ("laws/xianfa.md", CONSTITUTION),
            ("laws/laws.ron", "(primary: \"tiaoli\")"),
            ("playlist.ron", PLAYLIST),
            ("panels/a.ron", PANEL),
            ("topics.ron", topics),
        ]
        .into_iter()
        .collect();
        content::load_memory(&files)
    }

    fn errors(topics: &str) -> Vec<Diagnostic> {
        let diagnostics = folder(topics).expect_err("the folder is refused");
        diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect()
    }

    #[test]
    fn reads_topics_with_articles_across_laws_in_order() {
        let content = folder(
            "// 说明\n(\n    topics: [\n        (\n            title: \"我的权利\",\n            note: Some(\"15日\"),\n            articles: [(law: \"xianfa\", article: 2), (article: 2)],\n        ),\n    ],\n)\n",
        )
        .expect("the folder loads");
        let topic = &content.topics[0];
        assert_eq!(topic.title, "我的权利");
        assert_eq!(topic.note.as_deref(), Some("15日"));
        let labels: Vec<&str> = topic.citations.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels,
            ["《中华人民共和国宪法》第二条", "《信访工作条例》第二条"]
        );
        assert_eq!(topic.citations[0].law_id, "xianfa");
    }

    #[test]
    fn rejects_an_unknown_article_at_its_line_and_column() {
        let errors = errors(
            "(\n    topics: [\n        (\n            title: \"我的权利\",\n            articles: [\n                (law: \"xianfa\", article: 99),\n            ],\n        ),\n    ],\n)\n",
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = &errors[0];
        assert_eq!(e.file, std::path::Path::new("topics.ron"));
        assert_eq!((e.line, e.column), (6, 33), "{e:?}");
        assert!(
            e.zh.contains("《中华人民共和国宪法》没有第九十九条"),
            "{}",
            e.zh
        );
    }

    #[test]
    fn rejects_a_law_that_is_not_in_the_folder_naming_it() {
        let errors = errors(
            "(topics: [(title: \"调解\", articles: [(law: Some(\"tiaojie\"), article: 1)])])",
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].zh.contains("tiaojie"), "{}", errors[0].zh);
        assert_eq!(errors[0].line, 1);
    }

    #[test]
    fn rejects_a_number_in_the_note_that_the_articles_do_not_have() {
        let errors = errors(
            "(topics: [(title: \"时限\", note: Some(\"30日内\"), articles: [(article: 2)])])",
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].zh.contains("30"), "{}", errors[0].zh);
    }

    #[test]
    fn rejects_a_topic_without_articles() {
        let errors = errors("(topics: [(title: \"时限\", articles: [])])");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].zh.contains("时限"));
    }

    #[test]
    fn a_folder_without_topics_has_none() {
        let files: MemoryFolder = [
            ("laws/tiaoli.md", REGULATION),
            ("playlist.ron", PLAYLIST),
            ("panels/a.ron", PANEL),
        ]
        .into_iter()
        .collect();
        assert!(content::load_memory(&files).unwrap().topics.is_empty());
    }
}
