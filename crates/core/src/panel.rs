//! Regulation panels (`panels/<id>.ron`): one idea each, in plain words or quoted
//! from the law, with the articles it rests on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::citation::{self, Citation, Quote};
use super::diagnostics::{Diagnostic, Severity};
use super::folder::{Folder, ImageRef, Parsed};
use super::item::{Kind, Rotating, cited_words};
use super::law::Cite;
use super::law_library::LawLibrary;
use super::layout::Metrics;
use super::pacing;
use super::pages;
use super::spans::Spans;

/// One regulation panel (`panels/<id>.ron`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanelFile {
    /// Big headline, one idea.
    pub title: String,
    /// Optional line under the headline.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Plain-language text written for the panel.
    #[serde(default)]
    pub body: Option<String>,
    /// Words of the law shown verbatim, taken from the shipped law text.
    #[serde(default)]
    pub quote: Option<Cite>,
    /// Articles the body rests on (the quote's article is cited automatically).
    #[serde(default)]
    pub cites: Vec<Cite>,
    /// Phrases drawn in the accent colour wherever they appear.
    #[serde(default)]
    pub highlights: Vec<String>,
    /// Picture beside the text, relative to the content folder.
    #[serde(default)]
    pub image: Option<String>,
    /// Where non-legal figures come from (e.g. the bureau's report); panels without a
    /// citation must name a source.
    #[serde(default)]
    pub source: Option<String>,
    /// Seconds on screen per page; overrides the playlist and `kiosk.ron`.
    #[serde(default)]
    pub seconds: Option<f32>,
}

/// A regulation panel ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub body: Option<String>,
    pub quote: Option<Quote>,
    /// Every article the panel rests on, the quote's first.
    pub citations: Vec<Citation>,
    pub highlights: Vec<String>,
    pub image: Option<ImageRef>,
    pub source: Option<String>,
    pub seconds: Option<f32>,
}

/// Every panel in `base`'s `panels/` that passes its rules, by file stem after
/// `prefix` (a campaign's panels are `<campaign>/<stem>`). Pictures are found
/// relative to `base`.
pub(crate) fn load_in(
    folder: &mut Folder,
    laws: &LawLibrary,
    base: &Path,
    prefix: &str,
) -> BTreeMap<String, Panel> {
    let mut panels = BTreeMap::new();
    let dir = base.join(Kind::Panel.layout().folder().unwrap_or_default());
    for path in folder.list(&dir, "ron") {
        let Some(Parsed {
            value: file,
            spans,
            shown,
        }) = folder.read::<PanelFile>(&path)
        else {
            continue;
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let id = format!("{prefix}{stem}");
        let written = Written {
            base,
            spans: &spans,
            shown: &shown,
        };
        if let Some(panel) = panel(folder, laws, id.clone(), file, &written) {
            panels.insert(id, panel);
        }
    }
    panels
}

/// Where a panel file is and how it is written.
struct Written<'a> {
    /// The folder its picture path is relative to.
    base: &'a Path,
    spans: &'a Spans,
    shown: &'a Path,
}

/// The longest title, in characters, that the panel format's comment allows.
pub const TITLE_MAX: usize = 12;

/// Splits text laid out in `lines` into runs, in order, each highlighted or not,
/// with a newline between lines. A phrase is found across a line break (走/访 of
/// 信息网络、书信、电话、传真、走访 wrapped after 走 stays one highlighted
/// phrase); where two phrases start at once the longer wins.
pub fn highlight_runs(lines: &[String], highlights: &[String]) -> Vec<(String, bool)> {
    let joined = lines.concat();
    let mut hot = vec![false; joined.len()];
    let mut from = 0;
    while from < joined.len() {
        let rest = joined.get(from..).unwrap_or_default();
        let next = highlights
            .iter()
            .filter(|h| !h.is_empty())
            .filter_map(|h| rest.find(h.as_str()).map(|at| (at, h.len())))
            .min_by_key(|(at, len)| (*at, usize::MAX - len));
        let Some((at, len)) = next else { break };
        for flag in hot.iter_mut().skip(from + at).take(len) {
            *flag = true;
        }
        from += at + len;
    }
    let mut runs: Vec<(String, bool)> = Vec::new();
    let mut offset = 0;
    for (n, line) in lines.iter().enumerate() {
        if n > 0 {
            // The break goes with the run before it: a newline has no colour.
            match runs.last_mut() {
                Some(last) => last.0.push('\n'),
                None => runs.push(("\n".into(), false)),
            }
        }
        for (i, c) in line.char_indices() {
            let is_hot = hot.get(offset + i).copied().unwrap_or(false);
            match runs.last_mut() {
                Some(last) if last.1 == is_hot => last.0.push(c),
                _ => runs.push((c.to_string(), is_hot)),
            }
        }
        offset += line.len();
    }
    runs
}

fn panel(
    folder: &mut Folder,
    laws: &LawLibrary,
    id: String,
    file: PanelFile,
    written: &Written,
) -> Option<Panel> {
    let (spans, shown) = (written.spans, written.shown);
    let errors_before = folder.error_count();
    let (line, column) = spans.field("title");
    if file.title.trim().is_empty() {
        folder.push(
            Diagnostic::error(shown, line, column, "标题是空的", "the title is empty")
                .help("写一个简短的标题", "write a short title"),
        );
    }
    let mut resolved = Vec::new();
    let mut quote = None;
    if let Some(cite) = &file.quote
        && let Some((citation, law)) = citation::resolve(
            laws,
            cite,
            shown,
            spans.field("quote.article"),
            &mut folder.diagnostics,
        )
    {
        let lines = law.quote(cite).unwrap_or_default();
        quote = Some(Quote {
            lines,
            citation: citation.clone(),
        });
        resolved.push((citation, law));
    }
    for (i, cite) in file.cites.iter().enumerate() {
        if let Some(r) = citation::resolve(
            laws,
            cite,
            shown,
            spans.field(&format!("cites[{i}].article")),
            &mut folder.diagnostics,
        ) && !resolved.iter().any(|(c, _)| c.label == r.0.label)
        {
            resolved.push(r);
        }
    }
    if file.body.is_none() && file.quote.is_none() {
        folder.push(
            Diagnostic::error(
                shown,
                line,
                column,
                "展板既没有 body 也没有 quote",
                "the panel has neither `body` nor `quote`",
            )
            .help(
                "加上 body: Some(\"…\") 或 quote: Some((article: …))",
                "add `body: Some(\"…\")` or `quote: Some((article: …))`",
            ),
        );
    }
    if file.quote.is_none() && file.cites.is_empty() && file.source.is_none() {
        folder.push(
            Diagnostic::error(shown, line, column, "展板没有注明依据的条文（cites）或数据来源（source）", "the panel cites no article and names no source")
                .help(
                    "每一句法律表述都要注明条文：加上 cites: [(article: 20)]；统计数字则写 source",
                    "every legal statement needs its article: add `cites: [(article: 20)]`, or `source` for figures",
                ),
        );
    }
    if file.source.is_none() {
        citation::check_scope(
            &resolved,
            &file.title,
            file.subtitle.as_deref(),
            shown,
            spans.value("title"),
            &mut folder.diagnostics,
        );
        folder.diagnostics.extend(Diagnostic::too_long(
            shown,
            spans.value("title"),
            "title",
            &file.title,
            TITLE_MAX,
        ));
        // Each text on its own, so the report points at the one holding the number.
        let texts = [
            ("title", Some(&file.title)),
            ("subtitle", file.subtitle.as_ref()),
            ("body", file.body.as_ref()),
        ];
        for (field, words) in texts {
            if let Some(words) = words {
                citation::check_numbers(
                    &resolved,
                    words,
                    shown,
                    spans.value(field),
                    &mut folder.diagnostics,
                );
            }
        }
    }
    let displayed = [
        Some(file.title.clone()),
        file.subtitle.clone(),
        file.body.clone(),
        quote.as_ref().map(|q: &Quote| q.lines.concat()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .concat();
    for (i, h) in file.highlights.iter().enumerate() {
        if !displayed.contains(h.as_str()) {
            let (line, column) = spans.value(&format!("highlights[{i}]"));
            folder.push(
                Diagnostic::error(
                    shown,
                    line,
                    column,
                    format!("突出显示的词 “{h}” 没有出现在展板文字中"),
                    format!("highlight `{h}` does not occur in the panel's text"),
                )
                .help(
                    "改成展板中确实出现的词",
                    "use a phrase that appears in the panel",
                ),
            );
        }
    }
    folder.diagnostics.extend(pacing::check_seconds(
        file.seconds,
        shown,
        spans.field("seconds"),
    ));
    let image = file.image.as_ref().and_then(|path| {
        folder.image(
            written.base,
            path,
            shown,
            spans.value("image"),
            Severity::Error,
        )
    });
    if folder.error_count() > errors_before {
        return None;
    }
    Some(Panel {
        id,
        title: file.title,
        subtitle: file.subtitle,
        body: file.body,
        quote,
        citations: resolved.into_iter().map(|(c, _)| c).collect(),
        highlights: file.highlights,
        image,
        source: file.source,
        seconds: file.seconds,
    })
}

impl Rotating for Panel {
    fn slide_count(&self, m: &Metrics) -> usize {
        pages::panel_pages(self, m).len().max(1)
    }

    fn parts(&self, _: usize, _: &Metrics) -> usize {
        1
    }

    fn own_seconds(&self) -> Option<f32> {
        self.seconds
    }

    fn title(&self, _: usize) -> String {
        self.title.clone()
    }

    /// Every page's footer names them all.
    fn citations(&self, _: usize) -> Vec<Citation> {
        self.citations.clone()
    }

    fn reading(&self, laws: &LawLibrary, _: (&str, &str)) -> Vec<String> {
        let said = match (&self.body, &self.quote) {
            (Some(body), _) => body.clone(),
            (None, Some(q)) => format!("“{}”", q.lines.concat()),
            (None, None) => String::new(),
        };
        let head = match &self.subtitle {
            Some(sub) => format!("{}——{sub}", self.title),
            None => self.title.clone(),
        };
        vec![cited_words(
            laws,
            format!("{head}：{said}"),
            &self.citations,
            self.source.as_ref(),
        )]
    }

    fn pictures(&self, _: usize) -> Vec<PathBuf> {
        self.image.iter().map(|i| i.path.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|l| (*l).to_owned()).collect()
    }

    #[test]
    fn highlight_runs_cover_the_line_in_order() {
        let runs = highlight_runs(
            &strings(&["在15日内转送，最多5人"]),
            &["15日".into(), "5人".into()],
        );
        let want = [
            ("在", false),
            ("15日", true),
            ("内转送，最多", false),
            ("5人", true),
        ];
        assert_eq!(runs, want.map(|(t, h)| (t.to_owned(), h)).to_vec());
    }

    #[test]
    fn a_highlighted_phrase_wrapped_across_lines_stays_highlighted() {
        let lines = strings(&["可以通过信息网络、书信、电话、传真、走", "访等形式提出"]);
        let runs = highlight_runs(&lines, &["信息网络、书信、电话、传真、走访".into()]);
        let want = [
            ("可以通过", false),
            ("信息网络、书信、电话、传真、走\n访", true),
            ("等形式提出", false),
        ];
        assert_eq!(runs, want.map(|(t, h)| (t.to_owned(), h)).to_vec());
        // The runs put back together are the lines as laid out.
        let text: String = runs.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(text, lines.join("\n"));
    }

    #[test]
    fn a_phrase_broken_over_three_lines_and_one_that_ends_a_line() {
        let lines = strings(&["本级或", "者上一", "级机关。15日"]);
        let runs = highlight_runs(&lines, &["本级或者上一级".into(), "15日".into()]);
        let hot: Vec<&str> = runs.iter().filter(|r| r.1).map(|r| r.0.as_str()).collect();
        assert_eq!(hot, ["本级或\n者上一\n级", "15日"]);
    }
}
