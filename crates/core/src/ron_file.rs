//! Reading the RON files staff edit: size and encoding checks, and parse errors
//! turned into diagnostics that point at the line.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::diagnostics::Diagnostic;

/// Largest text file accepted; anything bigger is a mistake (a video renamed .ron).
pub const MAX_TEXT_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a text file, naming it `shown` in diagnostics.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let metadata = std::fs::metadata(path).map_err(|e| io_diagnostic(shown, &e))?;
    if metadata.len() > MAX_TEXT_BYTES {
        return Err(Diagnostic::error(
            shown,
            0,
            0,
            format!("文件太大（{} 字节），不像是内容文件", metadata.len()),
            format!(
                "file is too large ({} bytes) to be a content file",
                metadata.len()
            ),
        )
        .help(
            "检查是否放错了文件",
            "check that the right file was copied here",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| io_diagnostic(shown, &e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let good = std::str::from_utf8(good).unwrap_or_default();
        let (line, column) = super::diagnostics::line_column(good, good.len());
        Diagnostic::error(
            shown,
            line,
            column,
            "文件不是 UTF-8 编码",
            "the file is not UTF-8 text",
        )
        .help(
            "用记事本“另存为”，编码选 UTF-8",
            "save it again as UTF-8 (e.g. Notepad → Save As → Encoding: UTF-8)",
        )
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
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
        _ => ("无法读取文件", ("重新复制这个文件", "copy the file again")),
    };
    Diagnostic::error(shown, 0, 0, zh, format!("cannot read the file: {error}"))
        .help(help.0, help.1)
}

/// Parses RON text into `T`, turning a parse error into a diagnostic at its position.
pub fn parse<T: DeserializeOwned>(text: &str, shown: &Path) -> Result<T, Diagnostic> {
    ron::Options::default().from_str(text).map_err(|e| {
        // Whatever the parser expected next, running out of text means the file
        // ends early: most often a copy that has not finished.
        let at = super::diagnostics::offset_of(text, e.span.end.line, e.span.end.col);
        let code = if text[at.min(text.len())..].trim().is_empty()
            && !matches!(e.code, ron::Error::TrailingCharacters)
        {
            ron::Error::Eof
        } else {
            e.code.clone()
        };
        let (zh, help) = explain(&code);
        Diagnostic::error(
            shown,
            e.span.start.line,
            e.span.start.col,
            zh,
            e.code.to_string(),
        )
        .help(help.0, help.1)
    })
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
        E::ExpectedFloat | E::ExpectedInteger => (
            "这里应是一个数字".into(),
            plain(("写数字，不加引号，例如 15", "write a plain number, e.g. 15")),
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
