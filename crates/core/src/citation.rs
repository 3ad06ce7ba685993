//! Citations of the law: resolving what a content file cites against the laws of
//! the folder, the rule that every number a citizen reads appears in the articles
//! cited for it, and how a citation is written for a citizen.
//!
//! The style is the regulation's own (本条例第三十一条第六项): 条、款、项 in Chinese
//! numerals without brackets; 第一款 left out where the article has one paragraph;
//! lists joined with 、 and runs of three or more written with 至
//! (第三十一条第一项至第四项).

use std::path::Path;
use std::sync::Arc;

use super::diagnostics::Diagnostic;
use super::law::{Article, Cite, Law};
use super::law_library::LawLibrary;
use super::numerals;

/// A resolved citation: what it points at and how it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub cite: Cite,
    pub law_id: String,
    /// 《信访工作条例》第二十条第一款, see [`label`].
    pub label: String,
}

/// Words quoted verbatim from a law.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub lines: Vec<String>,
    pub citation: Citation,
}

/// A citation with the law it was found in, while the content is checked.
pub(crate) type Resolved = (Citation, Arc<Law>);

/// Resolves a citation written at `line:column` (its `article`), pushing a
/// diagnostic there when it fails.
pub(crate) fn resolve(
    laws: &LawLibrary,
    cite: &Cite,
    shown: &Path,
    (line, column): (usize, usize),
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Resolved> {
    let Some(law) = laws.cited(cite.law.as_deref()).cloned() else {
        // Without `law`, the primary law is meant; when there is none, the load
        // said so once (laws/laws.ron), not at every citation.
        if let Some(id) = &cite.law
            && !laws.is_empty()
        {
            let known: Vec<&str> = laws.ids().collect();
            diagnostics.push(
                Diagnostic::error(
                    shown,
                    line,
                    column,
                    format!("引用的法规 “{id}” 不在 laws/ 里，条文无从核对"),
                    format!("the cited law `{id}` is not in laws/, so the article cannot be checked"),
                )
                .help(
                    format!(
                        "把这部法规的全文放进 laws/，文件名为 {id}.md（来源和版本写进 laws/SOURCES.txt），或者改正 law 的写法；laws/ 里有：{}",
                        known.join("、")
                    ),
                    format!(
                        "put the law's full text into laws/ as {id}.md (its source and version in laws/SOURCES.txt), or correct `law`; laws/ holds: {}",
                        known.join(", ")
                    ),
                ),
            );
        }
        return None;
    };
    if let Err(e) = law.quote(cite) {
        let (zh, en) = e.messages();
        diagnostics.push(Diagnostic::error(shown, line, column, zh, en).help(
            "对照 laws/ 中的法规原文核对条、款、项的编号",
            "check the article, paragraph and item numbers against the law text in laws/",
        ));
        return None;
    }
    Some((
        Citation {
            cite: cite.clone(),
            law_id: law.id.clone(),
            label: label(&law, cite),
        },
        law,
    ))
}

/// Every number in `shown_text` must appear in one of the cited articles; each one
/// that does not is an error at `line:column`, where the text is written.
pub(crate) fn check_numbers(
    citations: &[Resolved],
    shown_text: &str,
    shown: &Path,
    (line, column): (usize, usize),
    diagnostics: &mut Vec<Diagnostic>,
) {
    let allowed: Vec<u32> = citations
        .iter()
        .filter_map(|(c, law)| law.article(c.cite.article))
        .flat_map(|a| a.numbers.iter().copied())
        .collect();
    for n in numerals::numbers_in(shown_text) {
        if !allowed.contains(&n) {
            let cited: Vec<String> = citations.iter().map(|(c, _)| c.label.clone()).collect();
            diagnostics.push(
                Diagnostic::error(
                    shown,
                    line,
                    column,
                    format!("数字 {n} 不见于所引条文（{}）", cited.join("、")),
                    format!("the number {n} does not appear in the cited articles"),
                )
                .help(
                    "法律上的天数、人数必须与条文一致：改正数字，或引用写有这个数字的条文",
                    "days and counts must match the law: fix the number or cite the article that states it",
                ),
            );
        }
    }
}

/// Words that name the matters an item covers, so a title that carries them is
/// not read as applying to every matter. Which words do is a legal judgement, kept
/// here in the open: (law title, article, item, words). An item not listed is named
/// only by its reference written out (第三十一条第六项).
const SCOPE_WORDS: &[(&str, u32, u32, &[&str])] = &[(
    "信访工作条例",
    31,
    6,
    &["信访程序", "信访处理意见书", "处理意见书"],
)];

/// A paragraph that opens "对本条例第X条第Y项规定的…" speaks only of those matters:
/// (X, Y) and the numbers it states.
fn restriction(text: &str) -> Option<(u32, u32, Vec<u32>)> {
    let rest = text.strip_prefix("对本条例第")?;
    let (article, rest) = rest.split_once('条')?;
    let (item, rest) = rest.strip_prefix('第')?.split_once('项')?;
    rest.starts_with("规定的").then(|| {
        (
            numerals::parse(article).unwrap_or(0),
            numerals::parse(item).unwrap_or(0),
            numerals::numbers_in(rest),
        )
    })
}

/// Day counts written in `text`: 60日, 三十天, 5个工作日.
fn day_counts(text: &str) -> Vec<u32> {
    let numeral = |c: char| c.is_ascii_digit() || numerals::is_numeral_char(c);
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(numeral) {
        let from_number = rest.get(start..).unwrap_or_default();
        let end = from_number
            .find(|c: char| !numeral(c))
            .unwrap_or(from_number.len());
        let (word, after) = from_number.split_at(end);
        let is_days =
            after.starts_with('日') || after.starts_with('天') || after.starts_with("个工作日");
        if is_days && let Some(n) = word.parse().ok().or_else(|| numerals::parse(word)) {
            out.push(n);
        }
        rest = after;
    }
    out
}

/// The rule against a "universal number": a title (with its subtitle, read
/// together) that shows a day count which its cited article gives only to the
/// matters of an item of another article (第三十四条: 对本条例第三十一条第六项规定的信访
/// 事项…60日) must name those matters, by the reference itself or by words listed in
/// [`SCOPE_WORDS`]; otherwise a passer-by reads the number as applying to every
/// matter. A warning at `line:column`, where the title is written.
pub(crate) fn check_scope(
    citations: &[Resolved],
    title: &str,
    subtitle: Option<&str>,
    shown: &Path,
    (line, column): (usize, usize),
    diagnostics: &mut Vec<Diagnostic>,
) {
    let days = day_counts(title);
    if days.is_empty() {
        return;
    }
    let heading = format!("{title}{}", subtitle.unwrap_or(""));
    let mut warned = Vec::new();
    for (citation, law) in citations {
        let Some(article) = law.article(citation.cite.article) else {
            continue;
        };
        for (p, restricted_article, item, numbers) in restrictions(article) {
            let covered =
                citation.cite.paragraphs.is_empty() || citation.cite.paragraphs.contains(&p);
            let Some(&n) = days.iter().find(|n| numbers.contains(n)) else {
                continue;
            };
            let scope = reference(
                law,
                &Cite {
                    law: None,
                    article: restricted_article,
                    paragraphs: vec![1],
                    items: vec![item],
                },
            );
            let words = SCOPE_WORDS
                .iter()
                .filter(|(title, a, i, _)| {
                    *title == law.title && *a == restricted_article && *i == item
                })
                .flat_map(|(_, _, _, words)| words.iter().copied());
            let named = heading.contains(&scope) || words.clone().any(|w| heading.contains(w));
            if !covered || named || warned.contains(&(n, scope.clone())) {
                continue;
            }
            let source = reference(
                law,
                &Cite {
                    paragraphs: vec![p],
                    items: vec![],
                    ..citation.cite.clone()
                },
            );
            let suggestion: Vec<&str> = words.collect();
            diagnostics.push(
                Diagnostic::error(
                    shown,
                    line,
                    column,
                    format!(
                        "标题里的 {n} 日只适用于{scope}规定的事项（见{source}），标题读起来却像所有事项都是 {n} 日"
                    ),
                    format!(
                        "the title's {n} days apply only to matters of {scope} ({source} says so), but the title reads as if they applied to every matter"
                    ),
                )
                .help(
                    format!(
                        "在标题或副标题里写明适用范围（写“{scope}”{}），或者把天数移到正文里",
                        if suggestion.is_empty() { String::new() } else { format!("或“{}”", suggestion.join("”“")) }
                    ),
                    format!(
                        "name the scope in the title or subtitle (`{scope}`{}), or move the number into the body",
                        if suggestion.is_empty() { String::new() } else { format!(" or `{}`", suggestion.join("`, `")) }
                    ),
                )
                .warning(),
            );
            warned.push((n, scope));
        }
    }
}

/// Every restricted paragraph of `article`: (paragraph number, article, item, numbers).
fn restrictions(article: &Article) -> Vec<(u32, u32, u32, Vec<u32>)> {
    article
        .paragraphs
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let (a, item, numbers) = restriction(&p.text)?;
            Some((i as u32 + 1, a, item, numbers))
        })
        .collect()
}

/// A citation as a citizen reads it, the law's title first:
/// 《信访工作条例》第三十一条第六项.
pub fn label(law: &Law, cite: &Cite) -> String {
    format!("《{}》{}", law.title, reference(law, cite))
}

/// A citation without the law's title, in the regulation's style: 第三十四条,
/// 第二十条第一款、第四款, 第三十一条第六项, 第二十二条第一款第一项至第三项.
pub fn reference(law: &Law, cite: &Cite) -> String {
    let paragraphs = law.article(cite.article).map_or(0, |a| a.paragraphs.len());
    reference_in(paragraphs, cite)
}

/// [`reference`] for an article of `paragraphs_in_article` paragraphs (0 when unknown,
/// which keeps every 款 written).
fn reference_in(paragraphs_in_article: usize, cite: &Cite) -> String {
    let mut out = format!("第{}条", numerals::format(cite.article));
    let only_the_first = cite.paragraphs.iter().all(|&p| p == 1);
    if !(paragraphs_in_article == 1 && only_the_first) {
        out.push_str(&list(&cite.paragraphs, '款'));
    }
    out.push_str(&list(&cite.items, '项'));
    out
}

/// 第一项至第四项、第六项: `numbers` sorted, each run of three or more as a range.
fn list(numbers: &[u32], unit: char) -> String {
    let mut numbers: Vec<u32> = numbers.iter().map(|&n| n.max(1)).collect();
    numbers.sort_unstable();
    numbers.dedup();
    let one = |n: u32| format!("第{}{unit}", numerals::format(n));
    // Runs of consecutive numbers, as (first, last).
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for n in numbers {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == n => *last = n,
            _ => runs.push((n, n)),
        }
    }
    let mut parts = Vec::new();
    for (first, last) in runs {
        if last - first >= 2 {
            parts.push(format!("{}至{}", one(first), one(last)));
        } else {
            parts.extend((first..=last).map(one));
        }
    }
    parts.join("、")
}

/// Several citations of one article as one: the whole article if any cites it
/// whole; the items of one paragraph together; otherwise the paragraphs.
fn merge(article: u32, cites: &[&Cite]) -> Cite {
    let whole = Cite {
        law: None,
        article,
        paragraphs: Vec::new(),
        items: Vec::new(),
    };
    if let [only] = cites {
        return (*only).clone();
    }
    if cites.iter().any(|c| c.paragraphs.is_empty()) {
        return whole;
    }
    let mut paragraphs: Vec<u32> = cites
        .iter()
        .flat_map(|c| c.paragraphs.iter().copied())
        .collect();
    paragraphs.sort_unstable();
    paragraphs.dedup();
    let items = if paragraphs.len() == 1 && cites.iter().all(|c| !c.items.is_empty()) {
        let mut items: Vec<u32> = cites.iter().flat_map(|c| c.items.iter().copied()).collect();
        items.sort_unstable();
        items.dedup();
        items
    } else {
        Vec::new()
    };
    Cite {
        paragraphs,
        items,
        ..whole
    }
}

/// The citations on one line, each law's title written once and the same
/// article named once: 《信访工作条例》第二十条第一款、第四款、第二十二条.
pub fn line(laws: &LawLibrary, citations: &[Citation]) -> String {
    let mut groups: Vec<(&str, u32, Vec<&Cite>)> = Vec::new();
    for c in citations {
        match groups
            .iter_mut()
            .find(|(law, article, _)| *law == c.law_id && *article == c.cite.article)
        {
            Some(group) => group.2.push(&c.cite),
            None => groups.push((&c.law_id, c.cite.article, vec![&c.cite])),
        }
    }
    let mut out = String::new();
    let mut last_law: Option<&str> = None;
    for (law_id, article, cites) in groups {
        let law = laws.get(law_id);
        let title = law.map_or(law_id, |l| l.title.as_str());
        let merged = merge(article, &cites);
        if !out.is_empty() {
            out.push('、');
        }
        if last_law != Some(title) {
            out.push_str(&format!("《{title}》"));
        }
        out.push_str(&match law {
            Some(law) => reference(law, &merged),
            None => reference_in(0, &merged),
        });
        last_law = Some(title);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::law;

    fn cite(article: u32, paragraphs: &[u32], items: &[u32]) -> Cite {
        Cite {
            law: None,
            article,
            paragraphs: paragraphs.to_vec(),
            items: items.to_vec(),
        }
    }

    fn regulation() -> Arc<Law> {
        let text = include_str!("../../../content/laws/xinfang-gongzuo-tiaoli-2022.md");
        Arc::new(law::parse("xinfang-gongzuo-tiaoli-2022", Path::new("laws/x.md"), text).unwrap())
    }

    #[test]
    fn writes_citations_the_way_the_regulation_does() {
        let law = regulation();
        let table: &[(Cite, &str)] = &[
            // A whole article.
            (cite(34, &[], &[]), "第三十四条"),
            // One paragraph of several.
            (cite(20, &[3], &[]), "第二十条第三款"),
            // 第一款 of an article with one paragraph is the article: left out.
            (cite(35, &[1], &[]), "第三十五条"),
            // An item of an article with one paragraph: no 款, no brackets.
            (cite(31, &[1], &[6]), "第三十一条第六项"),
            // 第一款 kept where the article has more paragraphs.
            (cite(22, &[1], &[2]), "第二十二条第一款第二项"),
            (cite(36, &[1], &[]), "第三十六条第一款"),
            // Lists with 、, runs of three or more with 至.
            (cite(20, &[1, 4], &[]), "第二十条第一款、第四款"),
            (cite(36, &[1, 2], &[]), "第三十六条第一款、第二款"),
            (cite(36, &[1, 2, 3], &[]), "第三十六条第一款至第三款"),
            (cite(31, &[1], &[1, 2, 3, 4]), "第三十一条第一项至第四项"),
            (cite(26, &[1], &[3, 4]), "第二十六条第三项、第四项"),
            (
                cite(46, &[1], &[1, 2, 3, 6]),
                "第四十六条第一项至第三项、第六项",
            ),
            (
                cite(31, &[1], &[6, 1, 2, 3]),
                "第三十一条第一项至第三项、第六项",
            ),
            // Numerals past ten, as the regulation writes them.
            (cite(47, &[2], &[]), "第四十七条第二款"),
            (cite(44, &[1], &[3]), "第四十四条第三项"),
        ];
        for (c, expected) in table {
            assert_eq!(&reference(&law, c), expected, "{c:?}");
        }
        assert_eq!(
            label(&law, &cite(31, &[1], &[6])),
            "《信访工作条例》第三十一条第六项"
        );
    }

    #[test]
    fn a_line_names_the_law_once_and_each_article_once() {
        let law = regulation();
        let laws = LawLibrary::new([law.clone()], Some(&law.id));
        let citation = |c: Cite| Citation {
            label: label(&law, &c),
            cite: c,
            law_id: law.id.clone(),
        };
        let line_of =
            |cites: Vec<Cite>| line(&laws, &cites.into_iter().map(citation).collect::<Vec<_>>());
        assert_eq!(
            line_of(vec![
                cite(20, &[1], &[]),
                cite(20, &[4], &[]),
                cite(22, &[], &[])
            ]),
            "《信访工作条例》第二十条第一款、第四款、第二十二条"
        );
        assert_eq!(
            line_of(vec![cite(26, &[1], &[3, 4]), cite(26, &[1], &[5])]),
            "《信访工作条例》第二十六条第三项至第五项"
        );
        assert_eq!(
            line_of(vec![cite(31, &[1], &[6]), cite(34, &[], &[])]),
            "《信访工作条例》第三十一条第六项、第三十四条"
        );
        assert_eq!(
            line_of(vec![cite(36, &[3], &[]), cite(36, &[], &[])]),
            "《信访工作条例》第三十六条",
            "a whole article covers its parts"
        );
    }

    #[test]
    fn finds_day_counts_and_the_paragraphs_that_restrict_them() {
        assert_eq!(day_counts("信访程序：60日内办结"), [60]);
        assert_eq!(day_counts("三十天、5个工作日，共2人"), [30, 5]);
        assert_eq!(day_counts("推选代表，最多5人"), Vec::<u32>::new());
        let law = regulation();
        assert_eq!(
            restrictions(law.article(34).unwrap()),
            [(1, 31, 6, vec![60, 30])]
        );
        assert!(
            restrictions(law.article(36).unwrap()).is_empty(),
            "第三十六条第二款 names 第三十一条第六项 for hearings, not as the scope of its days"
        );
    }

    fn scope_warnings(title: &str, subtitle: Option<&str>, cites: &[Cite]) -> Vec<Diagnostic> {
        let law = regulation();
        let resolved: Vec<Resolved> = cites
            .iter()
            .map(|c| {
                (
                    Citation {
                        cite: c.clone(),
                        law_id: law.id.clone(),
                        label: label(&law, c),
                    },
                    law.clone(),
                )
            })
            .collect();
        let mut out = Vec::new();
        check_scope(
            &resolved,
            title,
            subtitle,
            Path::new("p.ron"),
            (2, 5),
            &mut out,
        );
        out
    }

    #[test]
    fn a_title_with_a_restricted_day_count_must_name_its_scope() {
        let warned = scope_warnings("60日内办结", None, &[cite(34, &[], &[])]);
        assert_eq!(warned.len(), 1, "{warned:?}");
        assert!(!warned[0].is_error(), "a warning, not an error");
        assert!(
            warned[0].zh.contains("第三十一条第六项"),
            "{}",
            warned[0].zh
        );
        assert!(warned[0].zh.contains("第三十四条"), "{}", warned[0].zh);
        assert_eq!((warned[0].line, warned[0].column), (2, 5));
        // The extension is restricted as well.
        assert_eq!(
            scope_warnings("最多延长30日", None, &[cite(34, &[], &[])]).len(),
            1
        );
        for (title, subtitle) in [
            ("信访程序：60日内办结", None),
            ("60日内办结", Some("出具信访处理意见书的事项")),
            ("第三十一条第六项事项60日办结", None),
        ] {
            assert!(
                scope_warnings(title, subtitle, &[cite(34, &[], &[])]).is_empty(),
                "{title} {subtitle:?}"
            );
        }
    }

    #[test]
    fn day_counts_an_article_gives_every_matter_are_not_restricted() {
        // 第三十五条 and 第二十三条 give their days to every matter they speak of.
        assert!(scope_warnings("复查：30日内请求", None, &[cite(35, &[], &[])]).is_empty());
        assert!(scope_warnings("15日内书面告知您", None, &[cite(23, &[3], &[])]).is_empty());
        // A number the restricted paragraph does not state is not its business.
        assert!(
            scope_warnings(
                "15日内转送",
                None,
                &[cite(34, &[], &[]), cite(22, &[1], &[])]
            )
            .is_empty()
        );
    }

    fn shipped(id: &str) -> Arc<Law> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../content/laws")
            .join(format!("{id}.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        Arc::new(law::parse(id, Path::new("laws/x.md"), &text).unwrap())
    }

    fn library() -> LawLibrary {
        LawLibrary::new(
            [
                regulation(),
                shipped("xianfa-2018"),
                shipped("xingzheng-fuyi-fa-2023"),
            ],
            Some("xinfang-gongzuo-tiaoli-2022"),
        )
    }

    fn other(law: &str, article: u32, paragraphs: &[u32], items: &[u32]) -> Cite {
        Cite {
            law: Some(law.into()),
            ..cite(article, paragraphs, items)
        }
    }

    #[test]
    fn another_law_is_cited_in_the_regulations_style_under_its_own_title() {
        let constitution = shipped("xianfa-2018");
        assert_eq!(
            label(&constitution, &other("xianfa-2018", 41, &[], &[])),
            "《中华人民共和国宪法》第四十一条"
        );
        assert_eq!(
            label(&constitution, &other("xianfa-2018", 41, &[1], &[])),
            "《中华人民共和国宪法》第四十一条第一款"
        );
        let review = shipped("xingzheng-fuyi-fa-2023");
        assert_eq!(
            label(
                &review,
                &other("xingzheng-fuyi-fa-2023", 11, &[1], &[1, 2, 3])
            ),
            "《中华人民共和国行政复议法》第十一条第一项至第三项"
        );
    }

    #[test]
    fn a_line_of_several_laws_names_each_law_where_it_begins() {
        let laws = library();
        let cited = |c: Cite| {
            let law = laws.cited(c.law.as_deref()).unwrap().clone();
            Citation {
                label: label(&law, &c),
                law_id: law.id.clone(),
                cite: c,
            }
        };
        let citations = [
            cited(cite(18, &[4], &[])),
            cited(other("xianfa-2018", 41, &[], &[])),
            cited(cite(20, &[1], &[])),
        ];
        assert_eq!(
            line(&laws, &citations),
            "《信访工作条例》第十八条第四款、《中华人民共和国宪法》第四十一条、《信访工作条例》第二十条第一款"
        );
    }

    #[test]
    fn a_citation_without_law_means_the_primary_law_among_several() {
        let laws = library();
        let mut diagnostics = Vec::new();
        let (citation, law) = resolve(
            &laws,
            &cite(20, &[3], &[]),
            Path::new("panels/a.ron"),
            (3, 9),
            &mut diagnostics,
        )
        .unwrap();
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(law.id, "xinfang-gongzuo-tiaoli-2022");
        assert_eq!(citation.label, "《信访工作条例》第二十条第三款");
        let (citation, _) = resolve(
            &laws,
            &other("xianfa-2018", 41, &[2], &[]),
            Path::new("panels/a.ron"),
            (3, 9),
            &mut diagnostics,
        )
        .unwrap();
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(citation.label, "《中华人民共和国宪法》第四十一条第二款");
    }

    #[test]
    fn a_citation_of_a_law_not_in_the_folder_is_an_error_that_names_it() {
        let mut diagnostics = Vec::new();
        let resolved = resolve(
            &library(),
            &other("zhian-guanli-chufa-fa", 23, &[], &[]),
            Path::new("campaigns/a/campaign.ron"),
            (7, 21),
            &mut diagnostics,
        );
        assert!(resolved.is_none());
        let [d] = diagnostics.as_slice() else {
            panic!("{diagnostics:?}")
        };
        assert!(d.is_error());
        assert_eq!(
            (d.file.as_path(), d.line, d.column),
            (Path::new("campaigns/a/campaign.ron"), 7, 21)
        );
        assert!(
            d.zh.contains("“zhian-guanli-chufa-fa” 不在 laws/ 里"),
            "{d}"
        );
        assert!(
            d.en.contains("`zhian-guanli-chufa-fa` is not in laws/"),
            "{d}"
        );
        let (zh, en) = d.help.clone().unwrap();
        assert!(
            zh.contains("zhian-guanli-chufa-fa.md") && zh.contains("xianfa-2018"),
            "{zh}"
        );
        assert!(en.contains("zhian-guanli-chufa-fa.md"), "{en}");
    }

    #[test]
    fn numbers_are_checked_against_the_cited_article_of_any_law() {
        let laws = library();
        let mut diagnostics = Vec::new();
        let resolved: Vec<Resolved> = [other("xingzheng-fuyi-fa-2023", 20, &[1], &[])]
            .iter()
            .filter_map(|c| resolve(&laws, c, Path::new("p.ron"), (1, 1), &mut diagnostics))
            .collect();
        check_numbers(
            &resolved,
            "知道行政行为之日起60日内申请复议",
            Path::new("p.ron"),
            (2, 1),
            &mut diagnostics,
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        check_numbers(
            &resolved,
            "90日内申请复议",
            Path::new("p.ron"),
            (2, 1),
            &mut diagnostics,
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(
            diagnostics[0]
                .zh
                .contains("《中华人民共和国行政复议法》第二十条第一款"),
            "{}",
            diagnostics[0]
        );
    }

    #[test]
    fn an_unknown_law_keeps_every_paragraph_written() {
        assert_eq!(reference_in(0, &cite(35, &[1], &[])), "第三十五条第一款");
    }
}
