//! Reading the RON files staff edit: size and encoding checks, and parse errors
//! turned into diagnostics that point at the line.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::diagnostics::Diagnostic;
use super::source::Source;

/// Largest text file accepted; anything bigger is a mistake (a video renamed .ron).
pub const MAX_TEXT_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a text file, naming it `shown` in diagnostics.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    read_text_in(Source::Disk, path, shown)
}

/// [`read_text`] from `source`: an oversized file is refused from its size alone,
/// before any of it is read.
pub(crate) fn read_text_in(
    source: Source,
    path: &Path,
    shown: &Path,
) -> Result<String, Diagnostic> {
    let metadata = source
        .metadata(path)
        .map_err(|e| io_diagnostic(shown, &e))?;
    if metadata.is_dir {
        return Err(not_a_file(shown));
    }
    if metadata.len > MAX_TEXT_BYTES {
        return Err(too_large(shown, metadata.len));
    }
    let bytes = source
        .read(path, MAX_TEXT_BYTES)
        .map_err(|e| io_diagnostic(shown, &e))?;
    text_of(bytes, shown)
}

fn too_large(shown: &Path, len: u64) -> Diagnostic {
    Diagnostic::error(
        shown,
        0,
        0,
        format!("文件太大（{len} 字节，最多 {MAX_TEXT_BYTES} 字节），不像是内容文件"),
        format!("file is too large ({len} bytes, at most {MAX_TEXT_BYTES}) to be a content file"),
    )
    .help(
        "检查是否放错了文件",
        "check that the right file was copied here",
    )
}

fn not_a_file(shown: &Path) -> Diagnostic {
    Diagnostic::error(
        shown,
        0,
        0,
        "这里应是一个文件，却是一个文件夹",
        "this should be a file but is a folder",
    )
    .help(
        "删除这个文件夹，把文件复制到这里",
        "remove the folder and copy the file here",
    )
}

/// The text of a file's bytes (a leading BOM dropped), or why they are not UTF-8
/// text, at the first place they stop being it.
pub fn text_of(bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        return Err(too_large(shown, bytes.len() as u64));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::error(
            shown,
            1,
            1,
            "文件是 UTF-16（Unicode）编码，请另存为 UTF-8",
            "the file is UTF-16 (\"Unicode\") text; save it as UTF-8",
        )
        .help(
            "用记事本打开，“另存为”，编码选 UTF-8",
            "open it in Notepad, Save As, and choose the encoding UTF-8",
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let good = bytes.get(..valid).unwrap_or_default();
            let good = std::str::from_utf8(good).unwrap_or_default();
            let (line, column) = super::diagnostics::line_column(good, good.len());
            let (zh, en) = if looks_like_gbk(&bytes) {
                (
                    "文件是 GBK 编码，请另存为 UTF-8",
                    "the file is GBK (Windows Chinese) text, not UTF-8; save it as UTF-8",
                )
            } else {
                ("文件不是 UTF-8 编码", "the file is not UTF-8 text")
            };
            return Err(Diagnostic::error(shown, line, column, zh, en).help(
                "用记事本“另存为”，编码选 UTF-8",
                "save it again as UTF-8 (e.g. Notepad → Save As → Encoding: UTF-8)",
            ));
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    if let Some(at) = text.find('\0') {
        let (line, column) = super::diagnostics::line_column(&text, at);
        return Err(Diagnostic::error(
            shown,
            line,
            column,
            "文件中有空字符（NUL），不是普通文本",
            "the file holds a NUL character: it is not plain text",
        )
        .help(
            "文件可能已损坏或没有复制完整，请重新复制",
            "the file may be damaged or half-copied; copy it again",
        ));
    }
    Ok(text)
}

/// Whether bytes that are not UTF-8 read as GBK, what Windows Notepad saves
/// Chinese text as: ASCII and pairs of a lead byte 81–FE and a trail byte 40–FE
/// (not 7F), at least one pair, and nothing else.
fn looks_like_gbk(bytes: &[u8]) -> bool {
    let mut pairs = 0;
    let mut rest = bytes.iter();
    while let Some(&b) = rest.next() {
        match b {
            0x00..=0x7F => {}
            0x81..=0xFE => match rest.next() {
                Some(0x40..=0x7E | 0x80..=0xFE) => pairs += 1,
                _ => return false,
            },
            _ => return false,
        }
    }
    pairs > 0
}

/// A diagnostic for a file that could not be read.
pub fn io_diagnostic(shown: &Path, error: &std::io::Error) -> Diagnostic {
    use std::io::ErrorKind;
    let (zh, help) = match error.kind() {
        ErrorKind::NotFound => (
            "找不到文件",
            ("检查文件名和位置", "check the file's name and place"),
        ),
        ErrorKind::PermissionDenied => (
            "没有读取权限",
            (
                "让信息技术人员给播放程序读权限",
                "give the player's user read permission",
            ),
        ),
        ErrorKind::IsADirectory => (
            "这里应是一个文件，却是一个文件夹",
            (
                "删除这个文件夹，把文件复制到这里",
                "remove the folder and copy the file here",
            ),
        ),
        // ELOOP: links that lead to each other; std has no stable kind for it.
        _ if cfg!(target_os = "linux") && error.raw_os_error() == Some(40) => (
            "链接循环指向自己，找不到真正的文件",
            (
                "删除这个链接，把文件本身复制进来",
                "remove the link and copy the file itself here",
            ),
        ),
        _ => ("无法读取文件", ("重新复制这个文件", "copy the file again")),
    };
    Diagnostic::error(shown, 0, 0, zh, format!("cannot read the file: {error}"))
        .help(help.0, help.1)
}

/// Parses RON text into `T`, turning a parse error into a diagnostic at its position.
pub fn parse<T: DeserializeOwned>(text: &str, shown: &Path) -> Result<T, Diagnostic> {
    use super::diagnostics::{line_column, offset_of};
    ron::Options::default().from_str(text).map_err(|e| {
        // Whatever the parser expected next, running out of text means the file
        // ends early: most often a copy that has not finished.
        let at = offset_of(text, e.span.end.line, e.span.end.col);
        let code = if text.get(at..).is_none_or(|rest| rest.trim().is_empty())
            && !matches!(e.code, ron::Error::TrailingCharacters)
        {
            ron::Error::Eof
        } else {
            e.code.clone()
        };
        // ron places an error where the token before it ends; the caret belongs on
        // what follows, the thing that is wrong.
        let start = offset_of(text, e.span.start.line, e.span.start.col);
        let start = start
            + text
                .get(start..)
                .map_or(0, |r| r.len() - r.trim_start().len());
        if let Some(d) = full_width(text, start, shown) {
            return d;
        }
        if is_syntax(&code)
            && let Some(d) = unclosed_quote(text, start, shown)
        {
            return d;
        }
        let (line, column) = line_column(text, start);
        let (zh, help) = explain(&code);
        Diagnostic::error(shown, line, column, zh, e.code.to_string()).help(help.0, help.1)
    })
}

/// A diagnostic for full-width punctuation (typed with a Chinese input method)
/// where RON needs its ASCII twin, when the error is at such a character.
fn full_width(text: &str, at: usize, shown: &Path) -> Option<Diagnostic> {
    let found = text.get(at..)?.chars().next()?;
    let ascii = match found {
        '，' => ',',
        '：' => ':',
        '（' => '(',
        '）' => ')',
        '“' | '”' | '＂' => '"',
        '‘' | '’' => '\'',
        '【' | '［' => '[',
        '】' | '］' => ']',
        '｛' => '{',
        '｝' => '}',
        '；' => ';',
        _ => return None,
    };
    let (line, column) = super::diagnostics::line_column(text, at);
    Some(
        Diagnostic::error(
            shown,
            line,
            column,
            format!("这里用了中文标点 “{found}”，文件的格式符号要用英文（半角）标点 “{ascii}”"),
            format!("full-width punctuation `{found}` here: use the ASCII `{ascii}` instead"),
        )
        .help(
            "把输入法切换到英文，改成英文标点 , : ( ) [ ] \"；只有引号里的文字可以用中文标点",
            "switch the input method to English and type ASCII punctuation , : ( ) [ ] \"; only text inside quotes may use Chinese punctuation",
        ),
    )
}

/// Whether `code` is a mistake in the file's syntax, not in what it says.
fn is_syntax(code: &ron::Error) -> bool {
    use ron::Error as E;
    !matches!(
        code,
        E::Message(_)
            | E::NoSuchStructField { .. }
            | E::MissingStructField { .. }
            | E::DuplicateStructField { .. }
            | E::NoSuchEnumVariant { .. }
            | E::InvalidValueForType { .. }
            | E::ExpectedDifferentLength { .. }
            | E::ExceededRecursionLimit
    )
}

/// A diagnostic for a text whose closing quote is missing, so that it ran on over
/// the lines after it until the next quote, when the error at `at` comes just
/// after such a text (or inside one that never ends). It points at the line the
/// text starts on, where the quote is missing.
fn unclosed_quote(text: &str, at: usize, shown: &Path) -> Option<Diagnostic> {
    // The string literal that ends last before `at`, or the one `at` is inside.
    let mut last: Option<(usize, usize)> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if i > at {
            break;
        }
        match c {
            '/' if chars.peek().is_some_and(|&(_, n)| n == '/') => {
                while chars.next_if(|&(_, n)| n != '\n').is_some() {}
            }
            '"' => {
                let mut end = text.len();
                while let Some((j, s)) = chars.next() {
                    if s == '\\' {
                        chars.next();
                    } else if s == '"' {
                        end = j;
                        break;
                    }
                }
                last = Some((i, end));
            }
            _ => {}
        }
    }
    let (open, close) = last?;
    let ends_here = close >= at
        || text
            .get(close..at)
            .is_some_and(|b| b.trim_start_matches('"').trim().is_empty());
    let runs_on = text.get(open..close.min(text.len()))?.contains('\n');
    if !(ends_here && runs_on) {
        return None;
    }
    let (line, column) = super::diagnostics::line_column(text, open);
    let (end_line, _) = super::diagnostics::line_column(text, close);
    Some(
        Diagnostic::error(
            shown,
            line,
            column,
            format!("这段文字缺少结尾的英文双引号 \"，一直延续到了第 {end_line} 行"),
            format!("the text that starts here has no closing `\"`: it runs on to line {end_line}"),
        )
        .help(
            "在这一行文字的末尾补上英文双引号 \"",
            "add the closing `\"` at the end of the text on this line",
        ),
    )
}

fn explain(code: &ron::Error) -> (String, (String, String)) {
    use ron::Error as E;
    let plain = |h: (&str, &str)| (h.0.to_owned(), h.1.to_owned());
    match code {
        E::NoSuchStructField {
            expected, found, ..
        } => (
            format!("未知字段 “{found}”"),
            (
                format!("可用的字段：{}", expected.join("、")),
                format!("fields allowed here: {}", expected.join(", ")),
            ),
        ),
        E::MissingStructField { field, .. } => (
            format!("缺少必填字段 “{field}”"),
            (format!("加上 {field}: …"), format!("add `{field}: …`")),
        ),
        E::DuplicateStructField { field, .. } => (
            format!("字段 “{field}” 写了两次"),
            plain(("删掉其中一个", "remove one of them")),
        ),
        E::NoSuchEnumVariant {
            expected, found, ..
        } => (
            format!("不认识的选项 “{found}”"),
            (
                format!("可选：{}", expected.join("、")),
                format!("choose one of: {}", expected.join(", ")),
            ),
        ),
        E::ExpectedComma => (
            "这里缺少逗号".into(),
            plain((
                "在上一项末尾加上英文逗号 ,",
                "add a comma `,` after the previous entry",
            )),
        ),
        E::ExpectedString | E::ExpectedStringEnd => (
            "这里应是一段用英文双引号括起来的文字".into(),
            plain((
                "文字两边都要有英文双引号 \"，不要用中文引号“”",
                "put text between straight double quotes \"…\", not “…”",
            )),
        ),
        E::ExpectedOption => (
            "可选字段要写成 Some(…)".into(),
            plain(("例如 seconds: Some(15)", "e.g. `seconds: Some(15)`")),
        ),
        E::Eof => (
            "文件提前结束，括号没有配对".into(),
            plain((
                "检查每个 ( [ 是否都有对应的 ) ]；文件可能没有复制完整",
                "check every ( and [ is closed; the file may be half-copied",
            )),
        ),
        E::TrailingCharacters => (
            "最外层括号之后还有多余内容".into(),
            plain(("删掉多余的内容", "remove what follows the closing bracket")),
        ),
        E::ExpectedFloat | E::ExpectedInteger | E::IntegerOutOfBounds => (
            "这里应是一个数字".into(),
            plain(("写数字，不加引号，例如 15", "write a plain number, e.g. 15")),
        ),
        E::ExpectedArray | E::ExpectedArrayEnd => (
            "这里应是一个用英文方括号 [ ] 括起来的列表".into(),
            plain((
                "例如 cites: [(article: 20)]；检查 [ 和 ] 是否配对",
                "e.g. `cites: [(article: 20)]`; check that every [ has its ]",
            )),
        ),
        E::ExpectedStructLike
        | E::ExpectedNamedStructLike(_)
        | E::ExpectedStructLikeEnd
        | E::ExpectedMapColon
        | E::ExpectedIdentifier => (
            "这里应是用英文圆括号 ( ) 括起来的一组 “名称: 值”".into(),
            plain((
                "例如 (article: 20)；名称后面是英文冒号 :，各项之间是英文逗号 ,",
                "e.g. `(article: 20)`: a name, an ASCII colon, the value, and commas between",
            )),
        ),
        E::ExceededRecursionLimit => (
            "括号嵌套太深".into(),
            plain((
                "内容文件只需要几层括号；检查是否有多余的 ( 或 [",
                "content files need only a few levels of brackets; look for stray ( or [",
            )),
        ),
        E::UnclosedBlockComment => (
            "注释 /* 没有结束".into(),
            plain(("在注释末尾加上 */", "close the comment with */")),
        ),
        _ => (
            "格式错误".into(),
            plain((
                "对照同一文件夹中的示例检查这一行",
                "compare this line with the commented example",
            )),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        seconds: f32,
    }

    #[test]
    fn unknown_field_points_at_its_line_and_lists_the_allowed_ones() {
        let text = "// 示例\n(\n    title: \"标题\",\n    secnds: 3,\n)";
        let d = parse::<Sample>(text, Path::new("a.ron")).unwrap_err();
        assert_eq!((d.line, d.column), (4, 5));
        assert!(d.zh.contains("secnds"));
        assert!(d.help.unwrap().1.contains("seconds"));
    }
}
