//! Law texts in the Markdown layout of LawRefBook, the source of the shipped laws:
//! a `# title` (and, for a book of a code, a second `# 合同编` line), dated header
//! lines up to `<!-- INFO END -->`, headings for 编, 章 and 节, `第X条` articles,
//! blank-line separated paragraphs (款) and `（一）` items (项).
//!
//! Real files are read as they come: blank lines made only of invisible
//! characters, items whose text runs on over several paragraphs, 节 within 章,
//! chapter numbers with a gap, and books or amendments that continue the
//! numbering of the text they belong to. What a law text may not do is lose or
//! repeat an article or an item: that is what a citation rests on, so it stays an
//! error wherever it happens.

use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;

use super::diagnostics::Diagnostic;
use super::numerals;

/// A reference to part of a law: the article and, optionally, which paragraphs
/// (款) and items (项) of it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cite {
    /// File stem of the law in `laws/`; left out, the primary law (`laws/laws.ron`).
    /// Staff write it as the comments show, `law: "xianfa-2018"`; `Some("…")` reads too.
    #[serde(default, deserialize_with = "law_name")]
    pub law: Option<String>,
    /// Article number (第N条), as an integer.
    pub article: u32,
    /// Paragraphs (款), counted from 1; empty means the whole article.
    #[serde(default)]
    pub paragraphs: Vec<u32>,
    /// Items (项) of the chosen paragraph, counted from 1; empty means all of them.
    #[serde(default)]
    pub items: Vec<u32>,
}

/// `law: "xianfa-2018"` or `law: Some("xianfa-2018")`: a plain name is what the
/// staff comments show, and RON reads it only when asked for any value.
fn law_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Name;
    impl<'de> serde::de::Visitor<'de> for Name {
        type Value = Option<String>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("the file name of a law in laws/, in double quotes")
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            String::deserialize(d).map(Some)
        }
    }
    d.deserialize_any(Name)
}

/// A whole law, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Law {
    /// File stem in `laws/`, used by citations.
    pub id: String,
    /// Title without book-title marks, e.g. 信访工作条例.
    pub title: String,
    /// The part of a larger law the file holds, from a second `#` line (合同编).
    pub part: Option<String>,
    /// Lines between the title and `<!-- INFO END -->`: the dated history.
    pub header: Vec<String>,
    /// Text before the first article that is no article (宪法's 序言).
    pub preamble: Vec<String>,
    /// Text under a heading after the articles, in no article (附件, a list).
    pub appendix: Vec<String>,
    /// The latest dated event of the header: the version this text is.
    pub version: Option<Event>,
    /// The day this version took effect, where the file says (see [`in_force`]).
    pub in_force: Option<Date>,
    pub chapters: Vec<Chapter>,
    /// All articles in order, numbered one after another from the first.
    pub articles: Vec<Article>,
}

/// A dated line of a law's header: 2023年9月1日 第十四届全国人民代表大会常务委员会第五次会议修订.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub date: Date,
    /// The words after the date.
    pub text: String,
}

/// A chapter (章) and the range of articles it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    pub number: u32,
    pub title: String,
    pub line: usize,
    /// Numbers of the first and last article in it.
    pub first_article: u32,
    pub last_article: u32,
    /// Its sections (节), if it has any.
    pub sections: Vec<Section>,
}

/// A section (节) of a chapter and the range of articles it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub number: u32,
    pub title: String,
    pub line: usize,
    pub first_article: u32,
    pub last_article: u32,
}

/// An article (条).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub number: u32,
    /// Index in [`Law::chapters`] of the chapter that holds it.
    pub chapter: Option<usize>,
    pub line: usize,
    pub paragraphs: Vec<Paragraph>,
    /// Every number the article states ([`numerals::numbers_in`] of its text),
    /// worked out once when the law is read: each reload checks the numbers
    /// content cites against it, and a law's parse is cached.
    pub numbers: Vec<u32>,
}

/// A paragraph (款) with the items (项) it introduces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    pub line: usize,
    pub items: Vec<Item>,
}

/// An item (项), text including its （一） marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub number: u32,
    pub text: String,
    pub line: usize,
    /// Further paragraphs of the item, as the law drafts a long one.
    pub more: Vec<String>,
}

impl Item {
    /// The item as display lines: its first paragraph and any that run on.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        std::iter::once(self.text.clone()).chain(self.more.iter().cloned())
    }
}

impl Article {
    /// 第二十条
    pub fn label(&self) -> String {
        format!("第{}条", numerals::format(self.number))
    }

    /// The whole article as display lines: paragraphs and items in order.
    pub fn lines(&self) -> Vec<String> {
        self.paragraphs
            .iter()
            .flat_map(|p| {
                std::iter::once(p.text.clone()).chain(p.items.iter().flat_map(Item::lines))
            })
            .collect()
    }

    /// All the article's words in one string, for searching.
    pub fn text(&self) -> String {
        self.lines().concat()
    }
}

impl Event {
    /// What happened, in one word, as a version is named: 修订, 修正, 通过, 发布….
    pub fn kind(&self) -> &'static str {
        const KINDS: [&str; 7] = ["修订", "修正", "修改", "通过", "发布", "公布", "批准"];
        KINDS
            .iter()
            .filter_map(|k| self.text.rfind(k).map(|at| (at, *k)))
            .max()
            .map_or("", |(_, k)| if k == "修改" { "修正" } else { k })
    }

    /// 2023年9月1日修订
    pub fn label(&self) -> String {
        format!("{}{}", date_label(self.date), self.kind())
    }
}

/// 2022年5月1日, as the laws write dates.
pub fn date_label(date: Date) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// Why a citation does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CiteError {
    NoSuchArticle {
        law: String,
        article: u32,
        first: u32,
        last: u32,
    },
    NoSuchParagraph {
        article: u32,
        paragraph: u32,
        count: u32,
    },
    NoSuchItem {
        article: u32,
        paragraph: u32,
        item: u32,
        count: u32,
    },
    ItemsNeedOneParagraph,
}

impl CiteError {
    /// The problem in Chinese and English.
    pub fn messages(&self) -> (String, String) {
        match self {
            Self::NoSuchArticle {
                law,
                article,
                first: 1,
                last,
            } => (
                format!(
                    "《{law}》没有第{}条（共{}条）",
                    numerals::format(*article),
                    last
                ),
                format!("the law `{law}` has no article {article} (it has {last})"),
            ),
            Self::NoSuchArticle {
                law,
                article,
                first,
                last,
            } => (
                format!(
                    "《{law}》没有第{}条（只有第{}条至第{}条）",
                    numerals::format(*article),
                    numerals::format(*first),
                    numerals::format(*last)
                ),
                format!(
                    "the law `{law}` has no article {article} (it has articles {first} to {last})"
                ),
            ),
            Self::NoSuchParagraph {
                article,
                paragraph,
                count,
            } => (
                format!(
                    "第{}条没有第{paragraph}款（只有{count}款）",
                    numerals::format(*article)
                ),
                format!("article {article} has no paragraph {paragraph} (it has {count})"),
            ),
            Self::NoSuchItem {
                article,
                paragraph,
                item,
                count,
            } => (
                format!(
                    "第{}条第{paragraph}款没有第{item}项（只有{count}项）",
                    numerals::format(*article)
                ),
                format!(
                    "article {article} paragraph {paragraph} has no item {item} (it has {count})"
                ),
            ),
            Self::ItemsNeedOneParagraph => (
                "引用“项”（items）时必须且只能写一个“款”（paragraphs）".into(),
                "`items` needs exactly one entry in `paragraphs`".into(),
            ),
        }
    }
}

impl Law {
    /// The article numbered `n`.
    pub fn article(&self, n: u32) -> Option<&Article> {
        let first = self.articles.first()?.number;
        n.checked_sub(first)
            .and_then(|i| self.articles.get(i as usize))
    }

    /// The title as a citation opens with it: 《中华人民共和国宪法》.
    pub fn cited_title(&self) -> String {
        format!("《{}》", self.title)
    }

    /// The words a citation points at, as display lines.
    pub fn quote(&self, cite: &Cite) -> Result<Vec<String>, CiteError> {
        let article = self.article(cite.article).ok_or(CiteError::NoSuchArticle {
            law: self.title.clone(),
            article: cite.article,
            first: self.articles.first().map_or(1, |a| a.number),
            last: self.articles.last().map_or(0, |a| a.number),
        })?;
        if cite.paragraphs.is_empty() {
            if !cite.items.is_empty() {
                return Err(CiteError::ItemsNeedOneParagraph);
            }
            return Ok(article.lines());
        }
        if !cite.items.is_empty() && cite.paragraphs.len() != 1 {
            return Err(CiteError::ItemsNeedOneParagraph);
        }
        let mut lines = Vec::new();
        for &p in &cite.paragraphs {
            let paragraph = p
                .checked_sub(1)
                .and_then(|i| article.paragraphs.get(i as usize))
                .ok_or(CiteError::NoSuchParagraph {
                    article: article.number,
                    paragraph: p,
                    count: article.paragraphs.len() as u32,
                })?;
            lines.push(paragraph.text.clone());
            if cite.items.is_empty() {
                lines.extend(paragraph.items.iter().flat_map(Item::lines));
            }
            for &n in &cite.items {
                let item = n
                    .checked_sub(1)
                    .and_then(|i| paragraph.items.get(i as usize))
                    .ok_or(CiteError::NoSuchItem {
                        article: article.number,
                        paragraph: p,
                        item: n,
                        count: paragraph.items.len() as u32,
                    })?;
                lines.extend(item.lines());
            }
        }
        Ok(lines)
    }
}

/// Whether `text` is divided into articles (`第X条` at the start of a line). A
/// decision, an amendment written as 一、二、 or an official reply is not: it
/// cannot be cited by article, and [`parse`] says so in one diagnostic.
pub fn is_article_structured(text: &str) -> bool {
    text.split('\n')
        .map(trim_line)
        .any(|line| strip_article_number(line).is_some())
}

/// Parses a law text; `file` is only used to name the file in diagnostics.
pub fn parse(id: &str, file: &Path, text: &str) -> Result<Law, Vec<Diagnostic>> {
    Parser::new(id, file).run(text)
}

/// Characters a copied text carries that show as nothing: spaces of every width,
/// zero-width spaces and joiners, byte-order marks, and the private-use code
/// points some sources leave at the end of a line.
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        )
        || ('\u{e000}'..='\u{f8ff}').contains(&c)
}

fn trim_line(raw: &str) -> &str {
    raw.trim_matches(invisible)
}

/// A date written at the start of `text` the way the laws write it (2022年5月1日),
/// and what follows it.
fn leading_date(text: &str) -> Option<(Date, &str)> {
    let number = |s: &str, unit: char| -> Option<(i16, usize)> {
        let end = s.find(unit)?;
        let digits = s.get(..end)?;
        (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| digits.parse().ok().map(|n| (n, end + unit.len_utf8())))
            .flatten()
    };
    let (year, a) = number(text, '年')?;
    let rest = text.get(a..)?;
    let (month, b) = number(rest, '月')?;
    let rest = rest.get(b..)?;
    let (day, c) = number(rest, '日')?;
    let date = Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()?;
    Some((date, rest.get(c..)?))
}

/// The day a version took effect. The header's own 施行 line, or the law's
/// closing words (本法自2024年1月1日起施行), count when they are not older than the
/// version: an amended law's last article often keeps the first version's date,
/// which is not when the amended text took effect. An amendment of the
/// Constitution takes effect when it is adopted and proclaimed, the same day.
/// Otherwise the file does not say, and nothing is guessed.
fn in_force(version: Option<&Event>, events: &[Event], articles: &[Article]) -> Option<Date> {
    let version = version?;
    let from_header = events
        .iter()
        .filter(|e| e.text.contains("施行"))
        .map(|e| e.date);
    let from_text = articles.iter().rev().take(3).flat_map(|a| {
        let text = a.text();
        let mut found = Vec::new();
        for (at, _) in text.match_indices('自') {
            let rest = text.get(at + '自'.len_utf8()..).unwrap_or_default();
            if let Some((date, after)) = leading_date(rest)
                && after.starts_with("起施行")
            {
                found.push(date);
            }
        }
        found
    });
    from_header
        .chain(from_text)
        .filter(|d| *d >= version.date)
        .max()
        .or_else(|| version.text.contains("宪法修正案").then_some(version.date))
}

fn strip_article_number(line: &str) -> Option<(u32, &str)> {
    // 笫 for 第 is a slip some sources carry.
    let rest = line
        .strip_prefix('第')
        .or_else(|| line.strip_prefix('笫'))?;
    let end = rest.find('条')?;
    let numeral = rest.get(..end)?;
    let number = numerals::parse(numeral.trim_end_matches(invisible))?;
    let after = rest.get(end + '条'.len_utf8()..)?;
    // An article starts with `第X条` and a space; a paragraph that merely begins by
    // naming another article (第三十一条规定的…) does not. A space misplaced before
    // 条 (第一百二十八 条侦查人员…) still marks an article start.
    let spaced = numeral.len() > numeral.trim_end_matches(invisible).len();
    let text = after.trim_start_matches(invisible);
    (text.len() < after.len() || after.is_empty() || spaced).then_some((number, text))
}

/// `line` cut where a source ran several articles together on one line
/// (…制定本规则。 第二条 凡…): before each `第X条` that follows the end of a
/// sentence and a space, when X is the next article's number.
fn split_run_together(line: &str, next: u32) -> Vec<&str> {
    let mut next = strip_article_number(line).map_or(next, |(n, _)| n + 1);
    let mut parts = Vec::new();
    let mut start = 0;
    let mut search = 0;
    while let Some(found) = line.get(search..).and_then(|rest| rest.find('第')) {
        let at = search + found;
        search = at + '第'.len_utf8();
        let before = line.get(start..at).unwrap_or_default();
        let trimmed = before.trim_end_matches(invisible);
        let after_sentence = trimmed.len() < before.len() && trimmed.ends_with(['。', '；']);
        let starts_next = line
            .get(at..)
            .and_then(strip_article_number)
            .is_some_and(|(n, _)| n == next);
        if after_sentence && starts_next {
            parts.push(trimmed);
            start = at;
            next += 1;
        }
    }
    parts.push(line.get(start..).unwrap_or_default());
    parts
}

fn strip_item_number(line: &str) -> Option<u32> {
    let rest = line.strip_prefix('（').or_else(|| line.strip_prefix('('))?;
    let end = rest.find(['）', ')'])?;
    numerals::parse(rest.get(..end)?)
}

/// What a `#` heading is.
enum Heading<'a> {
    /// 编 or 分编 of a code: chapters count again from 第一章 under it.
    Book,
    Chapter(u32, &'a str),
    Section(u32, &'a str),
    /// Anything else (序言, 附则 without a number): text under it before the first
    /// article is the preamble.
    Other,
}

fn heading(name: &str) -> Heading<'_> {
    let numbered = |unit: &str| -> Option<(u32, &str)> {
        let rest = name.strip_prefix('第')?;
        let end = rest.find(unit)?;
        let number = numerals::parse(rest.get(..end)?)?;
        Some((
            number,
            rest.get(end + unit.len()..)?.trim_matches(invisible),
        ))
    };
    if numbered("编").is_some() || numbered("分编").is_some() {
        Heading::Book
    } else if let Some((n, title)) = numbered("章") {
        Heading::Chapter(n, title)
    } else if let Some((n, title)) = numbered("节") {
        Heading::Section(n, title)
    } else {
        Heading::Other
    }
}

struct Parser {
    file: std::path::PathBuf,
    law: Law,
    errors: Vec<Diagnostic>,
    /// Lines of the block being read, with the line number of its first line.
    block: Option<(usize, String)>,
    /// Past `<!-- INFO END -->` or the first heading: no more header lines.
    header_done: bool,
    /// The number the next chapter should have (1 again under each 编).
    next_chapter: u32,
    /// Under a chapter heading that has no article yet.
    chapter_open: bool,
    /// Inside articles an amendment quotes (see [`Parser::quotes_an_article`]).
    quoting: bool,
    /// Under a heading after the articles, outside every article.
    in_appendix: bool,
}

impl Parser {
    fn new(id: &str, file: &Path) -> Self {
        Self {
            file: file.to_path_buf(),
            law: Law {
                id: id.to_owned(),
                title: String::new(),
                part: None,
                header: Vec::new(),
                preamble: Vec::new(),
                appendix: Vec::new(),
                version: None,
                in_force: None,
                chapters: Vec::new(),
                articles: Vec::new(),
            },
            errors: Vec::new(),
            block: None,
            header_done: false,
            next_chapter: 1,
            chapter_open: false,
            quoting: false,
            in_appendix: false,
        }
    }

    fn error(&mut self, line: usize, zh: String, en: String, help: (&str, &str)) {
        self.errors
            .push(Diagnostic::error(&self.file, line, 1, zh, en).help(help.0, help.1));
    }

    fn run(mut self, text: &str) -> Result<Law, Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if !text.trim_matches(invisible).is_empty() && !is_article_structured(text) {
            self.error(
                1,
                "这份文件没有按“第X条”分条（例如决定、修正文件或答复），不是可以按条引用的法规文本".into(),
                "this document is not divided into articles (`第X条`): a decision, an amendment or a reply cannot be cited by article".into(),
                (
                    "只把分条的法规文本放进 laws/；这份文件请放在别处",
                    "put only law texts divided into articles into laws/; keep this document elsewhere",
                ),
            );
            return Err(self.errors);
        }
        for (index, raw) in text.split('\n').enumerate() {
            let line_no = index + 1;
            let line = trim_line(raw);
            if line.is_empty() {
                self.flush();
                continue;
            }
            if self.law.title.is_empty() {
                match line.strip_prefix('#').filter(|_| !line.starts_with("##")) {
                    Some(title) => {
                        self.law.title = heading_text(title).trim_matches(['《', '》']).to_owned();
                        continue;
                    }
                    None => {
                        self.error(
                            line_no,
                            "法规文本第一行应是标题，例如“# 信访工作条例”".into(),
                            "the first line of a law text must be its title, e.g. `# 信访工作条例`"
                                .into(),
                            (
                                "在文件开头加上 # 和法规名称",
                                "start the file with `#` and the law's name",
                            ),
                        );
                        return Err(self.errors);
                    }
                }
            }
            for part in split_run_together(line, self.next_article()) {
                self.read_line(line_no, part);
            }
        }
        self.flush();
        for article in &mut self.law.articles {
            article.numbers = numerals::numbers_in(&article.text());
        }
        if self.law.title.is_empty() {
            self.error(
                1,
                "文件是空的，没有法规标题".into(),
                "the file is empty: no law title".into(),
                ("复制完整的法规文本", "copy the complete law text"),
            );
        }
        self.close_ranges();
        let events: Vec<Event> = self
            .law
            .header
            .iter()
            .filter_map(|line| {
                let (date, text) = leading_date(line)?;
                Some(Event {
                    date,
                    text: text.trim_matches(invisible).to_owned(),
                })
            })
            .collect();
        self.law.version = events.iter().max_by_key(|e| e.date).cloned();
        self.law.in_force = in_force(self.law.version.as_ref(), &events, &self.law.articles);
        if self.errors.is_empty() {
            Ok(self.law)
        } else {
            Err(self.errors)
        }
    }

    /// One non-blank line after the title.
    fn read_line(&mut self, line_no: usize, line: &str) {
        if line.starts_with("<!--") {
            self.header_done = true;
            return;
        }
        if let Some(name) = line.strip_prefix('#') {
            let name = heading_text(name.trim_start_matches('#'));
            if !self.header_done && !line.starts_with("##") && self.law.part.is_none() {
                self.law.part = Some(name.to_owned());
                return;
            }
            self.flush();
            self.header_done = true;
            match heading(name) {
                Heading::Book => self.next_chapter = 1,
                Heading::Chapter(number, title) => self.start_chapter(line_no, number, title),
                Heading::Section(number, title) => self.start_section(line_no, number, title),
                Heading::Other => self.other_heading(),
            }
            return;
        }
        if let Some((number, rest)) = strip_article_number(line) {
            if self.quotes_an_article(number) {
                self.quoting = true;
            } else {
                self.flush();
                self.quoting = false;
                self.in_appendix = false;
                self.start_article(line_no, number);
                self.block = Some((line_no, rest.to_owned()));
                return;
            }
        }
        if self.law.articles.is_empty() {
            if !self.header_done {
                self.law.header.push(line.to_owned());
            } else if self.chapter_open {
                self.error(
                    line_no,
                    "章标题之后、第一条之前出现了正文".into(),
                    "text between a chapter heading and its first article".into(),
                    (
                        "检查这一行是否缺少“第X条”开头",
                        "check whether this line lacks its `第X条` start",
                    ),
                );
            } else {
                self.law.preamble.push(line.to_owned());
            }
            return;
        }
        if self.in_appendix {
            self.law.appendix.push(line.to_owned());
            return;
        }
        if self.block.is_none() && is_heading_line(line, self.fits_as_item(line)) {
            self.other_heading();
            return;
        }
        match &mut self.block {
            // A paragraph broken over several lines without a blank line continues.
            Some((_, block)) => block.push_str(line),
            None => self.block = Some((line_no, line.to_owned())),
        }
    }

    /// A heading that is no 编, 章 or 节: what follows it before the next article
    /// belongs to no article (an appendix after the last one, a 序言 before the first).
    fn other_heading(&mut self) {
        self.flush();
        self.chapter_open = false;
        self.in_appendix = !self.law.articles.is_empty();
    }

    /// Whether an article line numbered `number` is quoted inside the article being
    /// read rather than starting the next one: an amendment (修正案) that adds
    /// articles quotes them whole after a colon (…内容如下：) in their own numbering.
    fn quotes_an_article(&self, number: u32) -> bool {
        let amendment = self.law.title.contains("修正案");
        let Some(article) = self.law.articles.last() else {
            return false;
        };
        let introduced = self.quoting
            || self
                .block
                .as_ref()
                .is_some_and(|(_, text)| text.ends_with('：'))
            || article.paragraphs.iter().any(|p| p.text.ends_with('：'));
        amendment && introduced && number != self.next_article()
    }

    /// Whether a line marked （N） would continue the current article's items.
    fn fits_as_item(&self, line: &str) -> bool {
        let (Some(number), Some(article)) = (strip_item_number(line), self.law.articles.last())
        else {
            return false;
        };
        let expected = article
            .paragraphs
            .last()
            .map_or(1, |p| p.items.len() as u32 + 1);
        number == expected
            || run_on_list(&article.paragraphs, number).is_some()
            || lost_markers(&article.paragraphs, number).is_some()
    }

    /// The last chapter and section end with the last article.
    fn close_ranges(&mut self) {
        let Some(last) = self.law.articles.last().map(|a| a.number) else {
            return;
        };
        if let Some(chapter) = self.law.chapters.last_mut() {
            chapter.last_article = last;
            if let Some(section) = chapter.sections.last_mut() {
                section.last_article = last;
            }
        }
    }

    /// The number the next article will have.
    fn next_article(&self) -> u32 {
        self.law.articles.last().map_or(1, |a| a.number + 1)
    }

    fn start_chapter(&mut self, line_no: usize, number: u32, title: &str) {
        let expected = self.next_chapter;
        // A later chapter may follow a gap, as real texts have it (a chapter
        // repealed, a source's slip); none of it moves an article, which is what a
        // citation rests on; so may the first, where articles before it show that
        // only its heading was lost. A chapter that repeats, goes back, or opens
        // the text as anything but 第一章 is a mistake in the copy.
        let gap_after_the_first =
            number > expected && !(self.law.chapters.is_empty() && self.law.articles.is_empty());
        if number != expected && !gap_after_the_first {
            self.error(
                line_no,
                format!(
                    "章的编号应为第{}章，这里是第{}章",
                    numerals::format(expected),
                    numerals::format(number.max(1))
                ),
                format!("expected chapter {expected} here, found chapter {number}"),
                (
                    "检查是否漏掉或重复了一章",
                    "check for a missing or repeated chapter",
                ),
            );
        }
        self.next_chapter = number + 1;
        let next_article = self.next_article();
        if let Some(previous) = self.law.chapters.last_mut() {
            previous.last_article = next_article - 1;
            if let Some(section) = previous.sections.last_mut() {
                section.last_article = next_article - 1;
            }
        }
        self.chapter_open = true;
        self.law.chapters.push(Chapter {
            number,
            title: title.to_owned(),
            line: line_no,
            first_article: next_article,
            last_article: next_article - 1,
            sections: Vec::new(),
        });
    }

    fn start_section(&mut self, line_no: usize, number: u32, title: &str) {
        let next_article = self.next_article();
        let Some(chapter) = self.law.chapters.last_mut() else {
            return;
        };
        if let Some(previous) = chapter.sections.last_mut() {
            previous.last_article = next_article - 1;
        }
        chapter.sections.push(Section {
            number,
            title: title.to_owned(),
            line: line_no,
            first_article: next_article,
            last_article: next_article - 1,
        });
    }

    fn start_article(&mut self, line_no: usize, number: u32) {
        self.chapter_open = false;
        // The first article is 第一条, except in a part of a larger text: a book of a
        // code (a second `#` line) or an amendment, which continue the numbering
        // of the text they belong to.
        let continues = self.law.part.is_some() || self.law.title.contains("修正案");
        let first = match self.law.articles.first() {
            Some(a) => a.number,
            None if continues => number,
            None => 1,
        };
        let expected = first + self.law.articles.len() as u32;
        if number != expected {
            self.error(
                line_no,
                format!(
                    "条的编号应为第{}条，这里是第{}条",
                    numerals::format(expected),
                    numerals::format(number.clamp(1, 9999))
                ),
                format!("expected article {expected} here, found article {number}"),
                (
                    "检查是否漏掉或重复了一条",
                    "check for a missing or repeated article",
                ),
            );
        }
        let chapter = self.law.chapters.len().checked_sub(1);
        self.law.articles.push(Article {
            number: expected,
            chapter,
            line: line_no,
            paragraphs: Vec::new(),
            numbers: Vec::new(),
        });
    }

    fn flush(&mut self) {
        let Some((line_no, text)) = self.block.take() else {
            return;
        };
        let Some(article) = self.law.articles.last_mut() else {
            return;
        };
        let Some(number) = strip_item_number(&text) else {
            article.paragraphs.push(Paragraph {
                text,
                line: line_no,
                items: Vec::new(),
            });
            return;
        };
        let article_number = article.number;
        if article.paragraphs.is_empty() {
            self.error(
                line_no,
                "“第X条”之后直接出现了（一）项".into(),
                "an item directly after the article number".into(),
                (
                    "在项之前写出引导的句子",
                    "write the sentence that introduces the items first",
                ),
            );
            return;
        }
        let item = Item {
            number,
            text,
            line: line_no,
            more: Vec::new(),
        };
        let expected = article
            .paragraphs
            .last()
            .map_or(1, |p| p.items.len() as u32 + 1);
        if number == expected {
            if let Some(paragraph) = article.paragraphs.last_mut() {
                paragraph.items.push(item);
            }
            return;
        }
        if let Some(intro) = lost_markers(&article.paragraphs, number) {
            let items: Vec<Item> = article
                .paragraphs
                .drain(intro + 1..)
                .zip(1..)
                .map(|(p, number)| Item {
                    number,
                    text: p.text,
                    line: p.line,
                    more: Vec::new(),
                })
                .collect();
            if let Some(paragraph) = article.paragraphs.get_mut(intro) {
                paragraph.items.extend(items);
                paragraph.items.push(item);
            }
            return;
        }
        if let Some(list) = run_on_list(&article.paragraphs, number) {
            let more: Vec<String> = article
                .paragraphs
                .drain(list + 1..)
                .map(|p| p.text)
                .collect();
            if let Some(paragraph) = article.paragraphs.get_mut(list) {
                if let Some(last) = paragraph.items.last_mut() {
                    last.more.extend(more);
                }
                paragraph.items.push(item);
            }
            return;
        }
        self.error(
            line_no,
            format!(
                "第{}条中项的编号应为（{}），这里是（{}）",
                numerals::format(article_number),
                numerals::format(expected),
                numerals::format(number.clamp(1, 9999))
            ),
            format!("article {article_number}: expected item {expected}, found item {number}"),
            (
                "检查是否漏掉或重复了一项",
                "check for a missing or repeated item",
            ),
        );
    }
}

/// Where item `number` continues a list its previous item began: the index of
/// the paragraph whose items end at `number - 1`, when every paragraph after it
/// has no items of its own. Those paragraphs are the previous item running on, as
/// a law drafts an item of several paragraphs.
fn run_on_list(paragraphs: &[Paragraph], number: u32) -> Option<usize> {
    let list = paragraphs.iter().rposition(|p| !p.items.is_empty())?;
    let ends_before = paragraphs.get(list)?.items.len() as u32 + 1 == number;
    let only_text_after = list + 1 < paragraphs.len();
    (ends_before && only_text_after).then_some(list)
}

/// Where a source lost the markers of the first items of a list: the paragraph
/// introducing them ends with a colon and exactly `number - 1` paragraphs without
/// a marker follow it before （`number`）. The index of the introducing paragraph.
fn lost_markers(paragraphs: &[Paragraph], number: u32) -> Option<usize> {
    let missing = usize::try_from(number.checked_sub(1)?).ok()?;
    let intro = paragraphs.len().checked_sub(missing + 1)?;
    let introduces = paragraphs.get(intro)?.text.ends_with('：');
    let plain = paragraphs.get(intro..)?.iter().all(|p| p.items.is_empty());
    (missing > 0 && introduces && plain).then_some(intro)
}

/// A line such as （二）不动产抵押 between the articles of a judicial
/// interpretation: a heading written without `#`. It is marked like an item but
/// continues no list, is short, and has no punctuation of a sentence.
fn is_heading_line(line: &str, fits_as_item: bool) -> bool {
    strip_item_number(line).is_some()
        && !fits_as_item
        && line.chars().count() <= 30
        && !line.contains(['。', '；', '，', '：'])
}

/// A heading's words without a comment after them (`# 标题 <!-- 说明 -->`).
fn heading_text(text: &str) -> &str {
    let text = text.split("<!--").next().unwrap_or(text);
    text.trim_matches(invisible)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Law, Vec<Diagnostic>> {
        parse("test", Path::new("laws/test.md"), text)
    }

    const SMALL: &str = "# 示例条例\n\n2022年 发布\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 目的。\n\n第二条 下列原则：\n\n（一）甲；\n\n（二）乙。\n\n第二款。\n\n## 第二章 附则\n\n第三条　本条例自公布之日起施行。";

    #[test]
    fn reads_chapters_articles_paragraphs_and_items() {
        let law = parse_str(SMALL).unwrap();
        assert_eq!(law.title, "示例条例");
        assert_eq!(law.header, vec!["2022年 发布"]);
        assert_eq!(law.chapters.len(), 2);
        assert_eq!(
            (law.chapters[0].first_article, law.chapters[0].last_article),
            (1, 2)
        );
        assert_eq!(
            (law.chapters[1].first_article, law.chapters[1].last_article),
            (3, 3)
        );
        let second = law.article(2).unwrap();
        assert_eq!(second.paragraphs.len(), 2);
        assert_eq!(second.paragraphs[0].items.len(), 2);
        assert_eq!(second.paragraphs[0].items[1].text, "（二）乙。");
        assert_eq!(
            law.article(3).unwrap().paragraphs[0].text,
            "本条例自公布之日起施行。"
        );
    }

    #[test]
    fn copes_with_crlf_bom_fullwidth_spaces_and_extra_blank_lines() {
        let messy = format!(
            "\u{feff}{}",
            SMALL
                .replace('\n', "\r\n\r\n")
                .replace("第一条 ", "\u{3000}第一条\u{3000}")
        );
        let (a, b) = (parse_str(&messy).unwrap(), parse_str(SMALL).unwrap());
        assert_eq!((&a.title, &a.header), (&b.title, &b.header));
        assert_eq!(
            a.chapters
                .iter()
                .map(|c| (&c.title, c.first_article, c.last_article))
                .collect::<Vec<_>>(),
            b.chapters
                .iter()
                .map(|c| (&c.title, c.first_article, c.last_article))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            a.articles.iter().map(|a| a.lines()).collect::<Vec<_>>(),
            b.articles.iter().map(|a| a.lines()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn reports_a_skipped_article_with_its_line() {
        let broken = SMALL.replace("第三条", "第五条");
        let errors = parse_str(&broken).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 21);
        assert!(errors[0].en.contains("expected article 3"), "{}", errors[0]);
    }

    /// A small law in LawRefBook's layout around `body`.
    fn law_with(body: &str) -> Result<Law, Vec<Diagnostic>> {
        parse_str(&format!(
            "# 示例法\n\n2020年1月1日 通过\n\n<!-- INFO END -->\n\n{body}"
        ))
    }

    #[test]
    fn a_blank_line_of_invisible_characters_is_blank() {
        for invisible in ["\u{200b}", "\u{feff}", "\u{3000}", "\u{200b}\u{3000} "] {
            let law = law_with(&format!(
                "## 第一章 总 则\n\n{invisible}\n第一条 甲。\n\n{invisible}\n\n第二条 乙。"
            ))
            .unwrap();
            assert_eq!(law.articles.len(), 2, "{invisible:?}");
            assert_eq!(law.chapters[0].title, "总 则");
        }
    }

    #[test]
    fn an_item_runs_on_over_paragraphs_as_the_law_drafts_it() {
        let law = law_with(
            "第一条 有下列情形之一的：\n\n（一）甲；\n\n甲的第二段。\n\n（二）乙。\n\n第二款。\n\n第二条 丙。",
        )
        .unwrap();
        let first = law.article(1).unwrap();
        assert_eq!(first.paragraphs.len(), 2, "the run-on paragraph is no 款");
        let items = &first.paragraphs[0].items;
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].more, ["甲的第二段。"]);
        let cite = Cite {
            law: None,
            article: 1,
            paragraphs: vec![1],
            items: vec![1],
        };
        assert_eq!(
            law.quote(&cite).unwrap(),
            ["有下列情形之一的：", "（一）甲；", "甲的第二段。"]
        );
    }

    #[test]
    fn sections_sit_within_chapters_and_a_chapter_gap_is_read() {
        let law = law_with(
            "## 第一章 总则\n\n第一条 甲。\n\n## 第二章 机构\n\n### 第一节 甲\n\n第二条 乙。\n\n### 第二节 乙\n\n第三条 丙。\n\n第四条 丁。\n\n## 第四章 附则\n\n第五条 戊。",
        )
        .unwrap();
        let numbers: Vec<u32> = law.chapters.iter().map(|c| c.number).collect();
        assert_eq!(numbers, [1, 2, 4]);
        let sections: Vec<(u32, u32)> = law.chapters[1]
            .sections
            .iter()
            .map(|s| (s.first_article, s.last_article))
            .collect();
        assert_eq!(sections, [(2, 2), (3, 4)]);
        assert_eq!(law.article(5).unwrap().chapter, Some(2));
    }

    #[test]
    fn a_first_chapter_whose_heading_was_lost_leaves_a_gap_that_is_read() {
        let law = law_with("第一条 甲。\n\n## 第二章 乙\n\n第二条 乙。").unwrap();
        assert_eq!(law.chapters.len(), 1);
    }

    #[test]
    fn a_book_of_a_code_starts_at_its_own_article_number_and_counts_chapters_again() {
        let law = parse_str(
            "# 中华人民共和国民法典\n\n# 合同编\n\n2020年5月28日 通过\n\n2021年1月1日 施行\n\n<!-- INFO END -->\n\n## 第一分编  通则\n\n### 第一章  一般规定\n\n第四百六十三条 本编调整因合同产生的民事关系。\n\n## 第二分编 典型合同\n\n### 第一章 买卖合同\n\n第四百六十四条 甲。",
        )
        .unwrap();
        assert_eq!(law.part.as_deref(), Some("合同编"));
        assert_eq!(law.articles[0].number, 463);
        assert!(law.article(464).is_some() && law.article(462).is_none());
        assert_eq!(law.chapters.len(), 2);
        assert_eq!(law.in_force, Date::new(2021, 1, 1).ok());
    }

    #[test]
    fn an_amendment_continues_the_numbering_and_quotes_the_articles_it_adds() {
        let law = parse_str(
            "# 中华人民共和国宪法修正案（2018年）\n\n2018年3月11日 通过\n\n<!-- INFO END -->\n\n第三十二条 甲。\n\n第三十三条 增加一节，内容如下：\n\n第七节 监察委员会\n\n第一百二十三条 引文。\n\n第一百二十四条 引文。\n\n第三十四条 乙。",
        )
        .unwrap();
        let numbers: Vec<u32> = law.articles.iter().map(|a| a.number).collect();
        assert_eq!(numbers, [32, 33, 34]);
        assert!(
            law.article(33)
                .unwrap()
                .text()
                .contains("第一百二十三条 引文。")
        );
    }

    #[test]
    fn a_whole_law_still_starts_at_article_one() {
        let errors = law_with("## 第一章 总则\n\n第二条 乙。").unwrap_err();
        assert!(errors[0].en.contains("expected article 1"), "{}", errors[0]);
    }

    #[test]
    fn slips_of_a_source_are_read_where_the_article_is_plain() {
        // 笫 for 第; a space before 条; articles run together on one line; the
        // markers of the first items lost; a section heading written as an item.
        let law = law_with(
            "第一条 甲。\n\n笫二条 乙。\n\n第三 条丙。 第四条 丁。\n\n第五条 有下列情形之一的：\n\n甲；\n\n（二）乙。\n\n（二）不动产抵押\n\n第六条 戊。",
        )
        .unwrap();
        assert_eq!(law.articles.len(), 6);
        assert_eq!(law.article(3).unwrap().text(), "丙。");
        let items = &law.article(5).unwrap().paragraphs[0].items;
        assert_eq!(
            items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(),
            ["甲；", "（二）乙。"]
        );
        assert_eq!(law.article(5).unwrap().paragraphs.len(), 1);
    }

    #[test]
    fn a_lost_or_repeated_item_is_still_an_error() {
        let missing = law_with("第一条 下列：\n\n（一）甲；\n\n（三）丙。").unwrap_err();
        assert!(missing[0].en.contains("expected item 2"), "{}", missing[0]);
        let first_missing = law_with("第一条 前文。\n\n下列：\n\n（二）乙。").unwrap_err();
        assert!(
            first_missing[0].en.contains("expected item 1"),
            "{}",
            first_missing[0]
        );
    }

    #[test]
    fn text_after_the_articles_under_a_heading_is_an_appendix() {
        let law = law_with("第一条 甲。\n\n## 一、前言\n\n（一）清单；\n\n1．细目").unwrap();
        assert_eq!(law.article(1).unwrap().lines(), ["甲。"]);
        assert_eq!(law.appendix, ["（一）清单；", "1．细目"]);
    }

    #[test]
    fn a_document_not_divided_into_articles_gets_one_diagnostic() {
        let text = "# 全国人民代表大会常务委员会关于某事的决定\n\n<!-- INFO END -->\n\n一、甲。\n\n（一）乙；\n\n二、丙。";
        assert!(!is_article_structured(text));
        let errors = parse_str(text).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].en.contains("not divided into articles"),
            "{}",
            errors[0]
        );
        assert!(errors[0].help.is_some());
        assert!(is_article_structured(SMALL));
    }

    #[test]
    fn the_version_and_the_day_it_took_effect_come_from_the_header_and_the_closing_article() {
        let law = parse_str(
            "# 中华人民共和国行政复议法\n\n1999年4月29日 第九届全国人民代表大会常务委员会第九次会议通过\n\n2023年9月1日 第十四届全国人民代表大会常务委员会第五次会议修订\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第二条 本法自2024年1月1日起施行。",
        )
        .unwrap();
        let version = law.version.as_ref().unwrap();
        assert_eq!(version.date, Date::new(2023, 9, 1).unwrap());
        assert_eq!(version.label(), "2023年9月1日修订");
        assert_eq!(law.in_force, Date::new(2024, 1, 1).ok());
        // An amended law whose closing article keeps the first version's date: the
        // file does not say when the amended text took effect.
        let amended = parse_str(
            "# 某法\n\n1999年4月29日 通过\n\n2017年9月1日 第二次修正\n\n<!-- INFO END -->\n\n第一条 本法自1999年10月1日起施行。",
        )
        .unwrap();
        assert_eq!(amended.version.as_ref().unwrap().kind(), "修正");
        assert_eq!(amended.in_force, None);
    }

    #[test]
    fn an_amendment_of_the_constitution_takes_effect_the_day_it_is_adopted() {
        let law = parse_str(
            "# 中华人民共和国宪法\n\n1982年12月4日 全国人民代表大会公告公布施行\n\n2018年3月11日 第十三届全国人民代表大会第一次会议通过的《中华人民共和国宪法修正案》\n\n<!-- INFO END -->\n\n## 序言\n\n序言甲。\n\n## 第一章 总纲\n\n第一条 甲。",
        )
        .unwrap();
        assert_eq!(law.version.as_ref().unwrap().label(), "2018年3月11日修正");
        assert_eq!(law.in_force, Date::new(2018, 3, 11).ok());
        assert_eq!(law.preamble, ["序言甲。"]);
        assert_eq!(law.header.len(), 2);
    }

    #[test]
    fn reports_text_before_the_title() {
        let errors = parse_str("第一条 没有标题").unwrap_err();
        assert_eq!(errors[0].line, 1);
    }

    #[test]
    fn quotes_paragraphs_and_items_and_labels_them() {
        let law = parse_str(SMALL).unwrap();
        let cite = Cite {
            law: None,
            article: 2,
            paragraphs: vec![1],
            items: vec![2],
        };
        assert_eq!(law.quote(&cite).unwrap(), vec!["下列原则：", "（二）乙。"]);
        let missing = Cite {
            article: 2,
            paragraphs: vec![3],
            ..cite.clone()
        };
        assert!(matches!(
            law.quote(&missing),
            Err(CiteError::NoSuchParagraph { count: 2, .. })
        ));
        let no_item = Cite {
            items: vec![3],
            ..cite
        };
        assert!(matches!(
            law.quote(&no_item),
            Err(CiteError::NoSuchItem { count: 2, .. })
        ));
    }
}
