//! Showing diagnostics to staff the way rustc shows errors: the file and line, the
//! offending line with a caret, what is wrong and what to do, in Chinese and English.

use std::path::Path;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};

use super::audit::LayoutProblem;
use super::diagnostics::{Diagnostic, Severity, offset_of};

/// Writes every diagnostic, reading the files under `root` to quote their lines.
pub fn write(
    diagnostics: &[Diagnostic],
    root: &Path,
    out: &mut dyn WriteColor,
) -> std::io::Result<()> {
    let read = |file: &Path| {
        std::fs::read_to_string(root.join(file))
            .or_else(|_| std::fs::read_to_string(file))
            .ok()
    };
    write_from(diagnostics, &read, out)
}

/// [`write`], quoting the lines of the text `source` gives for each file.
pub fn write_from(
    diagnostics: &[Diagnostic],
    source: &dyn Fn(&Path) -> Option<String>,
    out: &mut dyn WriteColor,
) -> std::io::Result<()> {
    let mut files = SimpleFiles::new();
    let config = term::Config::default();
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Error => ReportSeverity::Error,
            Severity::Warning => ReportSeverity::Warning,
        };
        let mut report = Report::new(severity).with_message(&d.zh);
        let source = (d.line > 0).then(|| source(&d.file)).flatten();
        let mut notes = Vec::new();
        match source {
            Some(text) => {
                let start = offset_of(&text, d.line, d.column.max(1));
                let end = token_end(&text, start);
                let id = files.add(d.file.display().to_string(), text);
                report =
                    report.with_labels(vec![Label::primary(id, start..end).with_message(&d.en)]);
            }
            None => {
                notes.push(format!("{} — {}", d.location(), d.en));
            }
        }
        if let Some((zh, en)) = &d.help {
            notes.push(format!("处理办法: {zh}"));
            notes.push(format!("help: {en}"));
        }
        report = report.with_notes(notes);
        term::emit(out, &config, &files, &report).map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// Writes every layout problem `render` found, in the same form as content errors:
/// what is wrong in Chinese, then in English, then what to do.
pub fn write_layout(problems: &[LayoutProblem], out: &mut dyn WriteColor) -> std::io::Result<()> {
    let files = SimpleFiles::<String, String>::new();
    let config = term::Config::default();
    for p in problems {
        let (help_zh, help_en) = p.help();
        let report = Report::error().with_message(p.zh()).with_notes(vec![
            p.en(),
            format!("处理办法: {help_zh}"),
            format!("help: {help_en}"),
        ]);
        term::emit(out, &config, &files, &report).map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// Diagnostics as plain text, for logs and the staff overlay.
pub fn to_plain_text(diagnostics: &[Diagnostic], root: &Path) -> String {
    let mut out = term::termcolor::NoColor::new(Vec::new());
    if write(diagnostics, root, &mut out).is_err() {
        return diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n");
    }
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}

/// End of the word starting at `start`, so the caret underlines the whole token.
fn token_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let len: usize = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ':' | '(' | ')' | '[' | ']'))
        .take(40)
        .map(char::len_utf8)
        .sum();
    start + len.max(rest.chars().next().map_or(0, char::len_utf8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_the_offending_line_with_a_caret() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.ron"), "(\n    titel: \"x\",\n)\n").unwrap();
        let d = Diagnostic::error("a.ron", 2, 5, "未知字段 “titel”", "unknown field `titel`")
            .help("改成 title", "write `title`");
        let text = to_plain_text(&[d], dir.path());
        assert!(text.contains("error: 未知字段 “titel”"), "{text}");
        assert!(text.contains("a.ron:2:5"), "{text}");
        assert!(text.contains("titel: \"x\""), "{text}");
        assert!(text.contains("^^^^^ unknown field `titel`"), "{text}");
        assert!(text.contains("help: write `title`"), "{text}");
    }
}
