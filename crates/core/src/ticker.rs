//! The ticker (滚动字幕): short lines that scroll along the bottom of the screen,
//! from `ticker.ron` and from each running campaign. A line that states the law
//! cites its article like a panel does, and scrolls with the citation after it.

use std::path::Path;

use serde::Deserialize;

use super::citation::{self, Citation};
use super::diagnostics::Diagnostic;
use super::folder::{Folder, Parsed};
use super::law::Cite;
use super::law_library::LawLibrary;
use super::spans::Spans;

/// The file name of the folder's own ticker lines.
pub const FILE_NAME: &str = "ticker.ron";

/// `ticker.ron`: the lines that scroll whenever no campaign takes the screen over.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TickerFile {
    pub lines: Vec<LineFile>,
}

/// One line as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineFile {
    /// The words, on one line.
    pub text: String,
    /// Articles the words rest on.
    #[serde(default)]
    pub cites: Vec<Cite>,
    /// Where a line that states no law comes from (the bureau, a notice).
    #[serde(default)]
    pub source: Option<String>,
}

/// A line ready to scroll.
#[derive(Debug, Clone, PartialEq)]
pub struct TickerLine {
    pub text: String,
    pub citations: Vec<Citation>,
    pub source: Option<String>,
    /// What scrolls: the words with their citation (or source) after them.
    pub shown: String,
}

/// The folder's `ticker.ron`, if it has one. A line that breaks a rule is reported,
/// and keeps the folder from going live.
pub(crate) fn load(folder: &mut Folder, laws: &LawLibrary) -> Vec<TickerLine> {
    let Some(Parsed {
        value: file,
        spans,
        shown,
    }) = folder.read_if_present::<TickerFile>(FILE_NAME)
    else {
        return Vec::new();
    };
    lines(folder, laws, &file.lines, &shown, &spans, "lines")
}

/// Checks and resolves `written`, the list at `path` of a file shown as `shown`.
pub(crate) fn lines(
    folder: &mut Folder,
    laws: &LawLibrary,
    written: &[LineFile],
    shown: &Path,
    spans: &Spans,
    path: &str,
) -> Vec<TickerLine> {
    let mut out = Vec::new();
    for (i, line) in written.iter().enumerate() {
        let at = |field: &str| format!("{path}[{i}].{field}");
        let text = line.text.trim();
        let (l, c) = spans.value(&at("text"));
        if text.is_empty() || text.contains('\n') {
            folder.push(
                Diagnostic::error(
                    shown,
                    l,
                    c,
                    "滚动字幕的一行是空的或含有换行",
                    "a ticker line is empty or has a line break",
                )
                .help(
                    "每行写一句话，不要换行",
                    "write one sentence per line, without line breaks",
                ),
            );
            continue;
        }
        if line.cites.is_empty() && line.source.is_none() {
            folder.push(
                Diagnostic::error(
                    shown,
                    l,
                    c,
                    "滚动字幕没有注明依据的条文（cites）或来源（source）",
                    "the ticker line cites no article and names no source",
                )
                .help(
                    "讲法律的句子加上 cites: [(article: 20)]；通知类的句子写 source: Some(\"本局\")",
                    "a line about the law needs `cites: [(article: 20)]`; a notice needs `source: Some(\"…\")`",
                ),
            );
            continue;
        }
        let mut resolved = Vec::new();
        for (k, cite) in line.cites.iter().enumerate() {
            if let Some(r) = citation::resolve(
                laws,
                cite,
                shown,
                spans.field(&at(&format!("cites[{k}].article"))),
                &mut folder.diagnostics,
            ) {
                resolved.push(r);
            }
        }
        if line.source.is_none() {
            let place = spans.value(&at("text"));
            citation::check_numbers(&resolved, text, shown, place, &mut folder.diagnostics);
            citation::check_scope(&resolved, text, None, shown, place, &mut folder.diagnostics);
        }
        let citations: Vec<Citation> = resolved.into_iter().map(|(c, _)| c).collect();
        let after = match &line.source {
            _ if !citations.is_empty() => citation::line(laws, &citations),
            Some(source) => format!("来源：{source}"),
            None => String::new(),
        };
        out.push(TickerLine {
            text: text.to_owned(),
            shown: format!("{text}（{after}）"),
            citations,
            source: line.source.clone(),
        });
    }
    out
}
