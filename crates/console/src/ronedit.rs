//! Edits a RON file where its values are written, instead of writing the file
//! anew: a value that changed is replaced at its span, an optional field emptied
//! is taken out with its line, a new one is put in after its struct's `(`.
//! Everything else (comments inside the file, spacing, the order of fields,
//! values the form does not show) stays as staff and the legal officer wrote it.
//!
//! Places come from the core's [`Spans`]; the end of a value is found here by a
//! small scanner that knows RON's strings, raw strings, comments and brackets.

use pufa_kiosk_core::spans::Spans;

/// One value to set at `path` (a [`Spans`] path such as `steps[2].title`).
#[derive(Debug, Clone)]
pub struct Edit {
    pub path: String,
    /// The value as it reads now, written the way [`Edit::new`] is; an edit
    /// whose new text equals it leaves the file alone there.
    pub old: Option<String>,
    /// The new value's RON text (the inside of `Some(…)` for an optional field);
    /// `None` takes an optional field out.
    pub new: Option<String>,
    /// Whether the field is an `Option` (a new one is written `Some(…)`).
    pub optional: bool,
}

impl Edit {
    /// A required field.
    pub fn set(path: impl Into<String>, old: String, new: String) -> Self {
        Self {
            path: path.into(),
            old: Some(old),
            new: Some(new),
            optional: false,
        }
    }

    /// An optional field, or a list left out when empty (`optional` false: a
    /// list with `#[serde(default)]` is written bare).
    pub fn maybe(
        path: impl Into<String>,
        old: Option<String>,
        new: Option<String>,
        optional: bool,
    ) -> Self {
        Self {
            path: path.into(),
            old,
            new,
            optional,
        }
    }
}

/// `text` with `edits` made. Edits must name different paths, none inside
/// another. A path whose struct is not written is skipped.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let spans = Spans::of(text);
    let mut splices: Vec<(usize, usize, usize, String)> = Vec::new();
    for (n, edit) in edits.iter().enumerate() {
        if edit.old == edit.new {
            continue;
        }
        let parent = parent_of(&edit.path);
        let present = spans.field(&edit.path) != spans.field(parent);
        match (&edit.new, present) {
            (Some(new), true) => {
                let Some(start) = offset(text, spans.value(&edit.path)) else {
                    continue;
                };
                splices.push((start, value_end(text, start), n, new.clone()));
            }
            (None, true) => {
                if let Some((start, end)) = entry(text, spans.field(&edit.path)) {
                    splices.push((start, end, n, String::new()));
                }
            }
            (Some(new), false) => {
                let name = &edit.path[edit.path.rfind('.').map_or(0, |i| i + 1)..];
                let Some(open) = offset(text, spans.value(parent)).and_then(|s| opening(text, s))
                else {
                    continue;
                };
                let indent = format!("{}    ", indent_of(text, open));
                let value = if edit.optional {
                    format!("Some({new})")
                } else {
                    new.clone()
                };
                splices.push((open, open, n, format!("\n{indent}{name}: {value},")));
            }
            (None, false) => {}
        }
    }
    // From the end, so earlier offsets hold; fields put in at one place are
    // written in the order of `edits`.
    splices.sort_by_key(|s| std::cmp::Reverse((s.0, s.1, s.2)));
    let mut out = text.to_owned();
    for (start, end, _, with) in splices {
        out.replace_range(start..end, &with);
    }
    out
}

/// The struct or list a path is in: `steps[2]` of `steps[2].title`, `` of `title`.
fn parent_of(path: &str) -> &str {
    match path.rfind(['.', '[']) {
        Some(i) if path[i..].starts_with('.') => &path[..i],
        Some(i) => &path[..i],
        None => "",
    }
}

/// The byte offset of a 1-based line and column (in characters).
fn offset(text: &str, (line, column): (usize, usize)) -> Option<usize> {
    let mut at = 0;
    for (n, l) in text.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            return l
                .char_indices()
                .nth(column.checked_sub(1)?)
                .map(|(i, _)| at + i)
                .or(Some(at + l.len()));
        }
        at += l.len();
    }
    None
}

/// The spaces before the first non-blank character of the line holding `at`.
fn indent_of(text: &str, at: usize) -> &str {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Just after the `(` that opens the struct whose value starts at `start`
/// (`(…)` or `Name(…)`).
fn opening(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start..];
    let i = rest.find('(')?;
    rest[..i]
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c.is_whitespace())
        .then_some(start + i + 1)
}

/// The whole entry `name: value,` whose name starts at `written`, with its line
/// when nothing else is on it (a comment after it on the line goes too).
fn entry(text: &str, written: (usize, usize)) -> Option<(usize, usize)> {
    let name = offset(text, written)?;
    let colon = name + text[name..].find(':')?;
    let value = skip_blank(text, colon + 1);
    let mut end = skip_blank_on_line(text, value_end(text, value));
    if text[end..].starts_with(',') {
        end += 1;
    }
    let after = skip_blank_on_line(text, end);
    let line_start = text[..name].rfind('\n').map_or(0, |i| i + 1);
    let alone_before = text[line_start..name].trim().is_empty();
    let rest_of_line = &text[after..];
    if alone_before && (rest_of_line.starts_with('\n') || rest_of_line.starts_with("//")) {
        let line_end = rest_of_line
            .find('\n')
            .map_or(text.len(), |i| after + i + 1);
        return Some((line_start, line_end));
    }
    Some((name, end))
}

fn skip_blank_on_line(text: &str, mut at: usize) -> usize {
    while text[at..].starts_with([' ', '\t', '\r']) {
        at += 1;
    }
    at
}

/// Past whitespace and comments.
fn skip_blank(text: &str, mut at: usize) -> usize {
    loop {
        let rest = &text[at..];
        if rest.starts_with("//") {
            at += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            at = block_comment_end(text, at);
        } else if let Some(c) = rest.chars().next().filter(|c| c.is_whitespace()) {
            at += c.len_utf8();
        } else {
            return at;
        }
    }
}

fn block_comment_end(text: &str, mut at: usize) -> usize {
    let mut depth = 0usize;
    while at < text.len() {
        let rest = &text[at..];
        if rest.starts_with("/*") {
            depth += 1;
            at += 2;
        } else if rest.starts_with("*/") {
            at += 2;
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return at;
            }
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    text.len()
}

/// Past a string starting at `at` (`"…"`, `'…'`, `r#"…"#`, `b"…"`).
fn string_end(text: &str, mut at: usize) -> usize {
    if text[at..].starts_with('b') {
        at += 1;
    }
    if text[at..].starts_with('r') {
        let hashes = text[at + 1..].len() - text[at + 1..].trim_start_matches('#').len();
        let body = at + 1 + hashes + 1;
        let close = format!("\"{}", "#".repeat(hashes));
        return text
            .get(body..)
            .and_then(|r| r.find(&close))
            .map_or(text.len(), |i| body + i + close.len());
    }
    let quote = text[at..].chars().next().unwrap_or('"');
    let mut chars = text[at + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if c == quote {
            return at + 1 + i + 1;
        }
    }
    text.len()
}

/// Past the value that starts at `at`.
pub fn value_end(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    let Some(first) = rest.chars().next() else {
        return at;
    };
    match first {
        '(' | '[' | '{' => group_end(text, at),
        '"' | '\'' => string_end(text, at),
        'r' | 'b'
            if rest[1..]
                .trim_start_matches(['#', 'r'])
                .starts_with(['"', '\'']) =>
        {
            string_end(text, at)
        }
        c if c.is_alphabetic() || c == '_' => {
            let word = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let after = skip_blank(text, at + word);
            if text[after..].starts_with('(') {
                group_end(text, after)
            } else {
                at + word
            }
        }
        _ => {
            at + rest
                .find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '+' | '-')))
                .unwrap_or(rest.len())
        }
    }
}

/// Past the bracket group opening at `at`.
fn group_end(text: &str, mut at: usize) -> usize {
    let mut depth = 0usize;
    while at < text.len() {
        let rest = &text[at..];
        let Some(c) = rest.chars().next() else { break };
        if rest.starts_with("//") || rest.starts_with("/*") {
            at = skip_blank(text, at);
            continue;
        }
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                at += 1;
            }
            ')' | ']' | '}' => {
                at += 1;
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return at;
                }
            }
            '"' | '\'' => at = string_end(text, at),
            'r' if rest[1..].trim_start_matches('#').starts_with('"') => {
                at = string_end(text, at);
            }
            _ => at += c.len_utf8(),
        }
    }
    text.len()
}

/// `s` as a RON string.
pub fn string(s: &str) -> String {
    ron::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"// 头注释
(
    lines: [
        // 第一行：讲走访
        (
            text: "走访(一)",
            cites: [(article: 20)], // 第二十条
        ),
        (
            text: "通知",
            source: Some("本局"),
        ),
    ],
)
"#;

    #[test]
    fn changes_a_value_in_place_and_keeps_every_comment() {
        let out = apply(
            FILE,
            &[Edit::set(
                "lines[0].text",
                string("走访(一)"),
                string("改\"后\""),
            )],
        );
        assert!(out.contains("// 头注释") && out.contains("// 第一行：讲走访"));
        assert!(out.contains("// 第二十条"), "{out}");
        assert!(out.contains(r#"text: "改\"后\"","#), "{out}");
        let back: pufa_kiosk_core::ticker::TickerFile = ron::from_str(&out).unwrap();
        assert_eq!(back.lines[0].text, "改\"后\"");
        assert_eq!(back.lines[1].source.as_deref(), Some("本局"));
    }

    #[test]
    fn leaves_unchanged_values_alone_and_adds_and_removes_optional_fields() {
        let same = apply(
            FILE,
            &[Edit::set(
                "lines[0].text",
                string("走访(一)"),
                string("走访(一)"),
            )],
        );
        assert_eq!(same, FILE);
        let out = apply(
            FILE,
            &[
                Edit::maybe("lines[1].source", Some(string("本局")), None, true),
                Edit::maybe(
                    "lines[1].cites",
                    None,
                    Some("[(article: 17)]".into()),
                    false,
                ),
                Edit::maybe("lines[0].cites", Some("x".into()), None, false),
            ],
        );
        assert!(!out.contains("本局"), "{out}");
        assert!(!out.contains("第二十条"), "{out}");
        assert!(out.contains("// 第一行：讲走访"));
        let back: pufa_kiosk_core::ticker::TickerFile = ron::from_str(&out).unwrap();
        assert_eq!(back.lines[1].cites.len(), 1);
        assert_eq!(back.lines[1].cites[0].article, 17);
        assert!(back.lines[1].source.is_none());
        assert!(back.lines[0].cites.is_empty());
    }

    #[test]
    fn finds_the_end_of_every_kind_of_value() {
        let t = r##"Some((a: "x)", b: [1, /* ] */ 2])) r#"q"#, 12.5e3, "é\"", tail"##;
        assert_eq!(
            &t[..value_end(t, 0)],
            r#"Some((a: "x)", b: [1, /* ] */ 2]))"#
        );
        let r = t.find("r#").unwrap();
        assert_eq!(&t[r..value_end(t, r)], r##"r#"q"#"##);
        let n = t.find("12").unwrap();
        assert_eq!(&t[n..value_end(t, n)], "12.5e3");
        let s = t.find("\"é").unwrap();
        assert_eq!(&t[s..value_end(t, s)], "\"é\\\"\"");
    }
}
