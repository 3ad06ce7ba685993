//! Law texts in the Markdown layout of the shipped regulation: a `# title`, header
//! lines, `## 第X章` chapters, `第X条` articles, blank-line separated paragraphs (款)
//! and `（一）` items (项).

use std::path::Path;

use serde::Deserialize;

use super::diagnostics::Diagnostic;
use super::numerals;

/// A reference to part of a law: the article and, optionally, which paragraphs
/// (款) and items (项) of it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cite {
    /// File stem of the law in `laws/`; may be left out when the folder holds one law.
    #[serde(default)]
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

/// A whole law, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Law {
    /// File stem in `laws/`, used by citations.
    pub id: String,
    /// Title without book-title marks, e.g. 信访工作条例.
    pub title: String,
    /// Lines between the title and the first chapter (dates of issue).
    pub header: Vec<String>,
    pub chapters: Vec<Chapter>,
    /// All articles in order; `articles[i].number == i + 1`.
    pub articles: Vec<Article>,
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
}

/// An article (条).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub number: u32,
    /// Chapter number; 0 for laws without chapters.
    pub chapter: u32,
    pub line: usize,
    pub paragraphs: Vec<Paragraph>,
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
                std::iter::once(p.text.clone()).chain(p.items.iter().map(|i| i.text.clone()))
            })
            .collect()
    }

    /// All the article's words in one string, for searching.
    pub fn text(&self) -> String {
        self.lines().concat()
    }
}

/// Why a citation does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CiteError {
    NoSuchArticle {
        law: String,
        article: u32,
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
            Self::NoSuchArticle { law, article, last } => (
                format!(
                    "《{law}》没有第{}条（共{}条）",
                    numerals::format(*article),
                    last
                ),
                format!("the law `{law}` has no article {article} (it has {last})"),
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
        n.checked_sub(1).and_then(|i| self.articles.get(i as usize))
    }

    /// The words a citation points at, as display lines.
    pub fn quote(&self, cite: &Cite) -> Result<Vec<String>, CiteError> {
        let article = self.article(cite.article).ok_or(CiteError::NoSuchArticle {
            law: self.title.clone(),
            article: cite.article,
            last: self.articles.len() as u32,
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
                lines.extend(paragraph.items.iter().map(|i| i.text.clone()));
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
                lines.push(item.text.clone());
            }
        }
        Ok(lines)
    }
}

/// Parses a law text; `file` is only used to name the file in diagnostics.
pub fn parse(id: &str, file: &Path, text: &str) -> Result<Law, Vec<Diagnostic>> {
    Parser::new(id, file).run(text)
}

struct Parser {
    file: std::path::PathBuf,
    law: Law,
    errors: Vec<Diagnostic>,
    /// Lines of the block being read, with the line number of its first line.
    block: Option<(usize, String)>,
    seen_info_end: bool,
}

fn strip_article_number(line: &str) -> Option<(u32, &str)> {
    let rest = line.strip_prefix('第')?;
    let end = rest.find('条')?;
    let number = numerals::parse(&rest[..end])?;
    let after = &rest[end + '条'.len_utf8()..];
    // An article starts with `第X条` and a space; a paragraph that merely begins by
    // naming another article (第三十一条规定的…) does not.
    let text = after.trim_start_matches([' ', '\u{3000}', '\t']);
    (text.len() < after.len() || after.is_empty()).then_some((number, text))
}

fn strip_item_number(line: &str) -> Option<u32> {
    let rest = line.strip_prefix('（').or_else(|| line.strip_prefix('('))?;
    let end = rest.find(['）', ')'])?;
    numerals::parse(&rest[..end])
}

fn strip_chapter(line: &str) -> Option<(u32, &str)> {
    let rest = line.strip_prefix("##")?.trim_start().strip_prefix('第')?;
    let end = rest.find('章')?;
    let number = numerals::parse(&rest[..end])?;
    Some((
        number,
        rest[end + '章'.len_utf8()..].trim_matches([' ', '\u{3000}', '\t']),
    ))
}

impl Parser {
    fn new(id: &str, file: &Path) -> Self {
        Self {
            file: file.to_path_buf(),
            law: Law {
                id: id.to_owned(),
                title: String::new(),
                header: Vec::new(),
                chapters: Vec::new(),
                articles: Vec::new(),
            },
            errors: Vec::new(),
            block: None,
            seen_info_end: false,
        }
    }

    fn error(&mut self, line: usize, zh: String, en: String, help: (&str, &str)) {
        self.errors
            .push(Diagnostic::error(&self.file, line, 1, zh, en).help(help.0, help.1));
    }

    fn run(mut self, text: &str) -> Result<Law, Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (index, raw) in text.split('\n').enumerate() {
            let line_no = index + 1;
            let line = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
            if line.is_empty() {
                self.flush();
                continue;
            }
            if self.law.title.is_empty() {
                match line.strip_prefix('#').filter(|_| !line.starts_with("##")) {
                    Some(title) => {
                        self.law.title = title.trim().trim_matches(['《', '》']).to_owned();
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
            if line.starts_with("<!--") {
                self.seen_info_end = true;
                continue;
            }
            if let Some((number, title)) = strip_chapter(line) {
                self.flush();
                self.start_chapter(line_no, number, title);
                continue;
            }
            if let Some((number, rest)) = strip_article_number(line) {
                self.flush();
                self.start_article(line_no, number);
                self.block = Some((line_no, rest.to_owned()));
                continue;
            }
            if self.law.articles.is_empty() {
                if self.law.chapters.is_empty() {
                    self.law.header.push(line.to_owned());
                } else {
                    self.error(
                        line_no,
                        "章标题之后、第一条之前出现了正文".into(),
                        "text between a chapter heading and its first article".into(),
                        (
                            "检查这一行是否缺少“第X条”开头",
                            "check whether this line lacks its `第X条` start",
                        ),
                    );
                }
                continue;
            }
            match &mut self.block {
                // A paragraph broken over several lines without a blank line continues.
                Some((_, block)) => block.push_str(line),
                None => self.block = Some((line_no, line.to_owned())),
            }
        }
        self.flush();
        if self.law.title.is_empty() {
            self.error(
                1,
                "文件是空的，没有法规标题".into(),
                "the file is empty: no law title".into(),
                ("复制完整的法规文本", "copy the complete law text"),
            );
        } else if self.law.articles.is_empty() && self.errors.is_empty() {
            self.error(
                1,
                "没有找到任何“第X条”".into(),
                "no article (`第X条`) found".into(),
                (
                    "每条应单独成段，以“第X条”开头",
                    "start each article on its own line with `第X条`",
                ),
            );
        }
        if let Some(last) = self.law.articles.last().map(|a| a.number)
            && let Some(chapter) = self.law.chapters.last_mut()
        {
            chapter.last_article = last;
        }
        if self.errors.is_empty() {
            Ok(self.law)
        } else {
            Err(self.errors)
        }
    }

    fn start_chapter(&mut self, line_no: usize, number: u32, title: &str) {
        let expected = self.law.chapters.len() as u32 + 1;
        if number != expected {
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
        let next_article = self.law.articles.len() as u32 + 1;
        if let Some(previous) = self.law.chapters.last_mut() {
            previous.last_article = next_article - 1;
        }
        self.law.chapters.push(Chapter {
            number,
            title: title.to_owned(),
            line: line_no,
            first_article: next_article,
            last_article: next_article - 1,
        });
    }

    fn start_article(&mut self, line_no: usize, number: u32) {
        let expected = self.law.articles.len() as u32 + 1;
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
        self.law.articles.push(Article {
            number: expected,
            chapter: self.law.chapters.last().map_or(0, |c| c.number),
            line: line_no,
            paragraphs: Vec::new(),
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
        let Some(paragraph) = article.paragraphs.last_mut() else {
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
        };
        let expected = paragraph.items.len() as u32 + 1;
        if number == expected {
            paragraph.items.push(Item {
                number,
                text,
                line: line_no,
            });
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
