//! Problems found in a content folder, said in Chinese and English, each pointing at
//! a file, a line and a column, with what to do about it.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop a folder from going live, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path of the file, relative to the content folder where it lies inside it.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, counted in characters; 0 when unknown.
    pub column: usize,
    /// What is wrong, in Chinese.
    pub zh: String,
    /// What is wrong, in English.
    pub en: String,
    /// What to do about it, in Chinese and English.
    pub help: Option<(String, String)>,
}

impl Diagnostic {
    /// An error in `file` at `line:column`.
    pub fn error(
        file: impl Into<PathBuf>,
        line: usize,
        column: usize,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            line,
            column,
            zh: zh.into(),
            en: en.into(),
            help: None,
        }
    }

    /// The same problem, demoted to a warning.
    pub fn warning(self) -> Self {
        Self {
            severity: Severity::Warning,
            ..self
        }
    }

    /// Adds what to do about it.
    pub fn help(mut self, zh: impl Into<String>, en: impl Into<String>) -> Self {
        self.help = Some((zh.into(), en.into()));
        self
    }

    /// A warning when `text` (the field `field` at `line:column` of `file`) runs past
    /// the `max` characters its format's comment documents: it still plays, but a
    /// long title squeezes the rest of its page. Characters are counted as wide as
    /// they are set (a Chinese character 1, a digit about 0.6), so 2022年 is not five.
    /// `None` when it fits.
    pub fn too_long(
        file: impl Into<PathBuf>,
        (line, column): (usize, usize),
        field: &str,
        text: &str,
        max: usize,
    ) -> Option<Self> {
        let count = crate::layout::text_width_em(text.trim()).ceil() as usize;
        (count > max).then(|| {
            Self::error(
                file,
                line,
                column,
                format!("{field} 有 {count} 个字，超过了 {max} 个字"),
                format!("`{field}` has {count} characters, more than {max}"),
            )
            .warning()
            .help(
                format!("缩短到 {max} 个字以内，详细的话写进正文"),
                format!("shorten it to {max} characters; put the detail in the body"),
            )
        })
    }

    /// Whether this stops the folder from going live.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, as editors and terminals link it.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column) {
            (0, _) => format!("{file}"),
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// One line per language, for logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (zh_kind, en_kind) = match self.severity {
            Severity::Error => ("错误", "error"),
            Severity::Warning => ("警告", "warning"),
        };
        write!(
            f,
            "{}: {zh_kind}: {} / {en_kind}: {}",
            self.location(),
            self.zh,
            self.en
        )?;
        if let Some((zh, en)) = &self.help {
            write!(f, " — 处理办法: {zh} / help: {en}")?;
        }
        Ok(())
    }
}

/// Path of `file` relative to `root` when it lies inside, else as given.
pub fn relative_to(root: &Path, file: &Path) -> PathBuf {
    file.strip_prefix(root).unwrap_or(file).to_path_buf()
}

/// 1-based line and column (in characters) of byte offset `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Byte offset of the 1-based `line`/`column` in `text`, clamped to the text.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let in_line: usize = l
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return offset + in_line.min(l.trim_end_matches(['\n', '\r']).len());
        }
        offset += l.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_columns_in_characters_not_bytes() {
        let text = "第一行\n标题: 错误";
        assert_eq!(line_column(text, text.find('错').unwrap()), (2, 5));
        assert_eq!(offset_of(text, 2, 5), text.find('错').unwrap());
    }

    #[test]
    fn prints_location_and_both_languages() {
        let d = Diagnostic::error("panels/a.ron", 3, 7, "缺少标题", "missing title")
            .help("加上 title", "add a title");
        let line = d.to_string();
        assert!(line.starts_with("panels/a.ron:3:7: 错误: 缺少标题 / error: missing title"));
        assert!(line.contains("help: add a title"));
    }
}
