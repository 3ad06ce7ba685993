//! Where each value of a RON file is written, by its path (`items[3].id`,
//! `steps[2].choices[1].next`, `quote.article`), so a diagnostic about a value
//! points at it however the file is spaced, ordered or commented.
//!
//! ron only tells positions of parse errors, so this is a small scanner of RON's
//! syntax of its own. It runs on files serde already accepted, and is lenient: on
//! anything it does not understand it skips a character and goes on.
//!
//! Paths follow serde's view of the file: a struct's or an enum variant's name
//! (`Panel(id: "x")`) is not part of the path, and `Some(x)` is `x`. Elements of a
//! list or tuple, and entries of a map, are counted from 0.

use std::collections::HashMap;

/// The positions of every value of one RON file.
#[derive(Debug)]
pub struct Spans {
    places: HashMap<String, Place>,
}

/// 1-based line and column, the column counted in characters.
type Position = (usize, usize);

#[derive(Debug, Clone, Copy)]
struct Place {
    /// Where the entry is written: its field name, or the value when it has none.
    written: Position,
    /// Where the value itself starts, inside any `Some(…)`.
    value: Position,
}

impl Spans {
    /// Scans `text`, a RON file that parsed.
    pub fn of(text: &str) -> Self {
        let mut scanner = Scanner {
            rest: text,
            line: 1,
            column: 1,
            places: HashMap::new(),
        };
        scanner.blank();
        // `#![enable(…)]` attributes come before the value.
        while scanner.peek() == Some('#') {
            while scanner.bump().is_some_and(|c| c != ']') {}
            scanner.blank();
        }
        scanner.value(Some(""), None);
        Self {
            places: scanner.places,
        }
    }

    /// Where the entry at `path` is written: the field's name (`id` of `id: "x"`),
    /// or an element's first character. A path that is not written (an optional
    /// field left out) falls back to its nearest written ancestor.
    pub fn field(&self, path: &str) -> Position {
        self.nearest(path).map_or((1, 1), |p| p.written)
    }

    /// Where the value at `path` starts (`"` of `id: "x"`, the text inside
    /// `Some("…")`); falls back like [`Spans::field`].
    pub fn value(&self, path: &str) -> Position {
        match self.places.get(path) {
            Some(place) => place.value,
            None => self.field(path),
        }
    }

    fn nearest(&self, mut path: &str) -> Option<&Place> {
        loop {
            if let Some(place) = self.places.get(path) {
                return Some(place);
            }
            if path.is_empty() {
                return None;
            }
            path = &path[..path.rfind(['.', '[']).unwrap_or(0)];
        }
    }
}

struct Scanner<'a> {
    rest: &'a str,
    line: usize,
    column: usize,
    places: HashMap<String, Place>,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<char> {
        self.rest.chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        self.rest.chars().nth(1)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.rest = &self.rest[c.len_utf8()..];
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn here(&self) -> Position {
        (self.line, self.column)
    }

    /// Skips whitespace and comments; block comments nest, as in RON.
    fn blank(&mut self) {
        loop {
            if self.rest.starts_with("//") {
                while self.peek().is_some_and(|c| c != '\n') {
                    self.bump();
                }
            } else if self.rest.starts_with("/*") {
                let mut depth = 0;
                while !self.rest.is_empty() {
                    if self.rest.starts_with("/*") {
                        depth += 1;
                        self.bump();
                    } else if self.rest.starts_with("*/") {
                        depth -= 1;
                        self.bump();
                        if depth == 0 {
                            self.bump();
                            break;
                        }
                    }
                    self.bump();
                }
            } else if self.peek().is_some_and(char::is_whitespace) {
                self.bump();
            } else {
                return;
            }
        }
    }

    /// Scans one value, recording it at `path` (nothing is recorded under a map
    /// key, whose path is `None`); `written` is where its field name starts.
    fn value(&mut self, path: Option<&str>, written: Option<Position>) {
        self.blank();
        let start = self.here();
        let written = written.unwrap_or(start);
        match self.peek() {
            Some('(') => {
                self.record(path, written, start);
                self.group(path);
            }
            Some('[') => {
                self.record(path, written, start);
                self.bump();
                self.elements(path, ']', |scanner, path| scanner.value(path, None));
            }
            Some('{') => {
                self.record(path, written, start);
                self.bump();
                self.elements(path, '}', |scanner, path| {
                    scanner.value(None, None);
                    scanner.blank();
                    if scanner.peek() == Some(':') {
                        scanner.bump();
                    }
                    scanner.value(path, None);
                });
            }
            Some('"' | '\'') => {
                self.record(path, written, start);
                self.quoted();
            }
            Some('r') if self.rest[1..].trim_start_matches('#').starts_with('"') => {
                self.record(path, written, start);
                self.quoted();
            }
            Some('b') if matches!(self.peek_second(), Some('"' | '\'' | 'r')) => {
                self.record(path, written, start);
                self.bump();
                self.quoted();
            }
            Some(c) if c.is_alphabetic() || c == '_' => {
                let name = self.word();
                self.blank();
                if self.peek() != Some('(') {
                    self.record(path, written, start);
                } else if name == "Some" {
                    self.bump();
                    self.value(path, Some(written));
                    self.blank();
                    if self.peek() == Some(')') {
                        self.bump();
                    }
                } else {
                    self.record(path, written, start);
                    self.group(path);
                }
            }
            Some(_) => {
                self.record(path, written, start);
                // A number: digits, sign, point, exponent, `_`, a `0x` prefix.
                while self
                    .peek()
                    .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '+' | '-'))
                {
                    self.bump();
                }
            }
            None => {}
        }
    }

    fn record(&mut self, path: Option<&str>, written: Position, value: Position) {
        if let Some(path) = path {
            self.places
                .insert(path.to_owned(), Place { written, value });
        }
    }

    /// A struct `(name: value, …)` or a tuple `(value, …)`, at its `(`.
    fn group(&mut self, path: Option<&str>) {
        self.bump();
        if self.starts_struct() {
            self.elements(path, ')', |scanner, _| {
                let at = scanner.here();
                let name = scanner.word();
                let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
                scanner.blank();
                if scanner.peek() == Some(':') {
                    scanner.bump();
                }
                let field = path.map(|p| match p {
                    "" => name,
                    p => format!("{p}.{name}"),
                });
                scanner.value(field.as_deref(), Some(at));
            });
        } else {
            self.elements(path, ')', |scanner, path| scanner.value(path, None));
        }
    }

    /// Whether the group just opened has named fields: a name, then `:`.
    fn starts_struct(&mut self) -> bool {
        let (rest, line, column) = (self.rest, self.line, self.column);
        self.blank();
        let named = self.peek().is_some_and(|c| c.is_alphabetic() || c == '_') && {
            self.word();
            self.blank();
            self.peek() == Some(':')
        };
        (self.rest, self.line, self.column) = (rest, line, column);
        named
    }

    /// Entries up to `close`, separated by commas, each scanned by `entry` with
    /// its path (`path[i]`).
    fn elements(
        &mut self,
        path: Option<&str>,
        close: char,
        entry: impl Fn(&mut Self, Option<&str>),
    ) {
        for i in 0.. {
            self.blank();
            match self.peek() {
                None => return,
                Some(c) if c == close => {
                    self.bump();
                    return;
                }
                Some(_) => {}
            }
            let before = self.rest.len();
            let element = path.map(|p| format!("{p}[{i}]"));
            entry(self, element.as_deref());
            self.blank();
            if self.peek() == Some(',') {
                self.bump();
            } else if self.rest.len() == before {
                // Not RON this scanner knows: step over it rather than stall.
                self.bump();
            }
        }
    }

    /// An identifier, raw (`r#type`, which may also hold `.`, `+` and `-`) or not.
    fn word(&mut self) -> String {
        let mut word = String::new();
        let raw = self.rest.starts_with("r#");
        if raw {
            word.push_str("r#");
            self.bump();
            self.bump();
        }
        while let Some(c) = self
            .peek()
            .filter(|&c| c.is_alphanumeric() || c == '_' || (raw && matches!(c, '.' | '+' | '-')))
        {
            word.push(c);
            self.bump();
        }
        word
    }

    /// A string `"…"` with escapes, a raw string `r#"…"#`, or a char `'…'`, at its
    /// first character.
    fn quoted(&mut self) {
        if self.peek() == Some('r') {
            self.bump();
            let mut hashes = 0;
            while self.peek() == Some('#') {
                hashes += 1;
                self.bump();
            }
            self.bump();
            let end = format!("\"{}", "#".repeat(hashes));
            while !self.rest.is_empty() && !self.rest.starts_with(&end) {
                self.bump();
            }
            for _ in 0..end.len() {
                self.bump();
            }
            return;
        }
        let Some(quote) = self.bump() else { return };
        while let Some(c) = self.bump() {
            if c == '\\' {
                self.bump();
            } else if c == quote {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fields_and_elements_by_path() {
        let spans = Spans::of(
            "(\n    items: [\n        Panel(id: \"a\"),\n        Comic(id: \"b\", seconds: Some(9)),\n    ],\n)",
        );
        assert_eq!(spans.field("items"), (2, 5));
        assert_eq!(spans.field("items[1]"), (4, 9));
        assert_eq!(spans.field("items[1].id"), (4, 15));
        assert_eq!(spans.value("items[1].id"), (4, 19));
        assert_eq!(spans.field("items[1].seconds"), (4, 24));
        assert_eq!(spans.value("items[1].seconds"), (4, 38));
    }

    #[test]
    fn unusual_spacing_line_breaks_and_order_do_not_move_a_position() {
        let text = "(cites:[(paragraphs:[1],article:20)],id :\n    \"x\",\n  title\n  :\"t\")";
        let spans = Spans::of(text);
        assert_eq!(spans.field("cites[0].article"), (1, 25));
        assert_eq!(spans.value("cites[0].article"), (1, 33));
        assert_eq!(spans.field("id"), (1, 38));
        assert_eq!(spans.value("id"), (2, 5));
        assert_eq!(spans.field("title"), (3, 3));
        assert_eq!(spans.value("title"), (4, 4));
    }

    #[test]
    fn comments_holding_the_same_text_are_not_taken_for_it() {
        let text = "// id: \"x\"\n(\n    /* id: \"x\", /* nested */ article: 1 */\n    id: \"x\", // article: 1\n    article: 2,\n)";
        let spans = Spans::of(text);
        assert_eq!(spans.field("id"), (4, 5));
        assert_eq!(spans.field("article"), (5, 5));
    }

    #[test]
    fn strings_holding_brackets_quotes_and_comment_marks_are_skipped_whole() {
        let text =
            r####"(a: "x\"), // [", b: r#"say "(hi": "#, c: '\'', d: b"/*", e: ')', f: 1)"####;
        let spans = Spans::of(text);
        assert_eq!(spans.value("b"), (1, 22));
        assert_eq!(spans.value("c"), (1, 43));
        assert_eq!(spans.value("d"), (1, 52));
        assert_eq!(spans.value("e"), (1, 62));
        assert_eq!(spans.value("f"), (1, 70));
    }

    #[test]
    fn some_is_the_value_inside_it_however_deep() {
        let text = "(quote: Some((article: 20)), note: Some(Some(\"n\")), pair: Some((1, [2, 3])))";
        let spans = Spans::of(text);
        assert_eq!(spans.field("quote"), (1, 2));
        assert_eq!(spans.value("quote"), (1, 14));
        assert_eq!(spans.field("quote.article"), (1, 15));
        assert_eq!(spans.value("note"), (1, 46));
        assert_eq!(spans.value("pair[1][0]"), (1, 69));
    }

    #[test]
    fn counts_columns_in_characters_not_bytes() {
        let spans = Spans::of("(title: \"标题\", seconds: 3)");
        assert_eq!(spans.field("seconds"), (1, 15));
    }

    #[test]
    fn a_field_left_out_falls_back_to_where_its_parent_is_written() {
        let spans = Spans::of("#![enable(implicit_some)]\n(\n  steps: [(id: \"a\")],\n)");
        assert_eq!(spans.field("steps[0].limit.days"), (3, 11));
        assert_eq!(spans.value("body"), (2, 1));
    }

    #[test]
    fn map_entries_are_counted_like_elements() {
        let spans = Spans::of("{ \"a\": (x: 1), \"b\": (x: 2) }");
        assert_eq!(spans.field("[1].x"), (1, 22));
    }
}
