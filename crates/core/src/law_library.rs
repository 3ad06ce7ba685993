//! The laws of a content folder's `laws/`, and its primary law: the one a
//! citation without `law:` means, declared once in `laws/laws.ron` where staff
//! who add a law see it. Adding a law therefore changes the meaning of no
//! citation already written.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use super::diagnostics::Diagnostic;
use super::folder::{Folder, Parsed};
use super::law::Law;

/// The declaration's path, relative to the content folder.
pub const FILE_NAME: &str = "laws/laws.ron";

/// `laws/laws.ron` as written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LawsFile {
    /// File name (without `.md`) of the law a citation without `law:` means.
    pub primary: String,
}

/// Every law of `laws/`, by file stem, and which one is primary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LawLibrary {
    laws: BTreeMap<String, Arc<Law>>,
    primary: Option<String>,
}

impl LawLibrary {
    /// A library of `laws`; `primary` names one of them (or none, when unknown).
    pub fn new(laws: impl IntoIterator<Item = Arc<Law>>, primary: Option<&str>) -> Self {
        let laws: BTreeMap<String, Arc<Law>> =
            laws.into_iter().map(|l| (l.id.clone(), l)).collect();
        let primary = primary.filter(|p| laws.contains_key(*p)).map(str::to_owned);
        Self { laws, primary }
    }

    /// The law whose file stem is `id`.
    pub fn get(&self, id: &str) -> Option<&Arc<Law>> {
        self.laws.get(id)
    }

    /// The law a citation without `law:` means.
    pub fn primary(&self) -> Option<&Arc<Law>> {
        self.primary.as_ref().and_then(|id| self.laws.get(id))
    }

    /// Whether `id` is the primary law.
    pub fn is_primary(&self, id: &str) -> bool {
        self.primary.as_deref() == Some(id)
    }

    /// The law a citation's `law` field names; left out, the primary law.
    pub fn cited(&self, law: Option<&str>) -> Option<&Arc<Law>> {
        match law {
            Some(id) => self.get(id),
            None => self.primary(),
        }
    }

    /// Every law, the primary first, then the others by file name.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<Law>> {
        self.primary()
            .into_iter()
            .chain(self.laws.values().filter(|l| !self.is_primary(&l.id)))
    }

    /// The file stems of every law, in file-name order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.laws.keys().map(String::as_str)
    }

    /// Adds (or replaces) a law; the primary stays as it was, or becomes this law
    /// when the library had none.
    pub fn insert(&mut self, law: Arc<Law>) {
        if self.primary.is_none() {
            self.primary = Some(law.id.clone());
        }
        self.laws.insert(law.id.clone(), law);
    }

    pub fn len(&self) -> usize {
        self.laws.len()
    }

    pub fn is_empty(&self) -> bool {
        self.laws.is_empty()
    }
}

/// The law every kiosk folder was written against before the library held more:
/// without a declaration, the primary law when exactly one law of `laws/` has
/// this title.
pub const REGULATION_TITLE: &str = "信访工作条例";

/// The laws of `laws/` and the primary one. A folder of one law needs no
/// declaration: that law is primary, as it always was. A folder of several needs
/// `laws/laws.ron`, except that a folder holding one 《信访工作条例》 (every
/// folder made before the library) keeps it as its primary law, with a warning
/// to declare it: a law added to such a folder changes no citation. Any other
/// guess could let a new file change what old citations mean.
pub(crate) fn load(folder: &mut Folder) -> LawLibrary {
    let laws = folder.laws();
    let declared = folder.read_if_present::<LawsFile>(FILE_NAME);
    let primary = match declared {
        Some(Parsed {
            value,
            spans,
            shown,
            ..
        }) => {
            if !laws.contains_key(&value.primary) && !laws.is_empty() {
                folder.push(unknown_primary(
                    &value.primary,
                    &laws,
                    &shown,
                    spans.value("primary"),
                ));
            }
            Some(value.primary)
        }
        None if laws.len() == 1 => laws.keys().next().cloned(),
        None => {
            let declared_elsewhere = folder.exists(&folder.root().join(FILE_NAME));
            let mut regulations = laws.values().filter(|l| l.title == REGULATION_TITLE);
            match (regulations.next(), regulations.next()) {
                (Some(regulation), None) => {
                    let id = regulation.id.clone();
                    if laws.len() > 1 && !declared_elsewhere {
                        folder.push(regulation_assumed(&id));
                    }
                    Some(id)
                }
                _ => {
                    if laws.len() > 1 && !declared_elsewhere {
                        folder.push(no_primary(&laws));
                    }
                    None
                }
            }
        }
    };
    LawLibrary::new(laws.into_values(), primary.as_deref())
}

fn known(laws: &BTreeMap<String, Arc<Law>>) -> (String, String) {
    let ids: Vec<&str> = laws.keys().map(String::as_str).collect();
    (
        format!("laws/ 里有：{}", ids.join("、")),
        format!("laws/ holds: {}", ids.join(", ")),
    )
}

fn unknown_primary(
    primary: &str,
    laws: &BTreeMap<String, Arc<Law>>,
    shown: &Path,
    (line, column): (usize, usize),
) -> Diagnostic {
    let (zh, en) = known(laws);
    Diagnostic::error(
        shown,
        line,
        column,
        format!("主法规 “{primary}” 不在 laws/ 里"),
        format!("the primary law `{primary}` is not in laws/"),
    )
    .help(
        format!("primary 写 laws/ 里某个 .md 文件的名字（不带 .md）；{zh}"),
        format!("set `primary` to the name of a .md file in laws/ (without .md); {en}"),
    )
}

fn regulation_assumed(id: &str) -> Diagnostic {
    Diagnostic::error(
        FILE_NAME,
        0,
        0,
        format!(
            "laws/ 里有多部法规，没有 laws/laws.ron 写明主法规：不写 law 的引用按《{REGULATION_TITLE}》（{id}）处理"
        ),
        format!(
            "laws/ holds several laws and no laws/laws.ron names the primary one: citations without `law` are taken to mean 《{REGULATION_TITLE}》 (`{id}`)"
        ),
    )
    .help(
        format!("从默认内容复制 laws/laws.ron，写上 primary: \"{id}\""),
        format!("copy laws/laws.ron from the default content with primary: \"{id}\""),
    )
    .warning()
}

fn no_primary(laws: &BTreeMap<String, Arc<Law>>) -> Diagnostic {
    let (zh, en) = known(laws);
    Diagnostic::error(
        FILE_NAME,
        0,
        0,
        "laws/ 里有多部法规，但没有 laws/laws.ron 写明主法规：不写 law 的引用不知道指哪一部",
        "laws/ holds several laws but no laws/laws.ron names the primary one: a citation without `law` means no law",
    )
    .help(
        format!(
            "从默认内容复制 laws/laws.ron，primary 写原来那部法规的文件名；{zh}"
        ),
        format!(
            "copy laws/laws.ron from the default content and set `primary` to the file name of the law the folder had before; {en}"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn law(id: &str) -> Arc<Law> {
        let text = "# 示例\n\n第一条 甲。";
        Arc::new(crate::law::parse(id, Path::new("laws/x.md"), text).unwrap())
    }

    #[test]
    fn a_citation_without_law_means_the_primary_law_whatever_else_is_added() {
        let library = LawLibrary::new([law("b"), law("a"), law("c")], Some("b"));
        assert_eq!(library.cited(None).unwrap().id, "b");
        assert_eq!(library.cited(Some("a")).unwrap().id, "a");
        assert!(library.cited(Some("zzz")).is_none());
        let ids: Vec<&str> = library.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["b", "a", "c"], "the primary law first");
    }

    #[test]
    fn a_primary_law_that_is_not_there_means_no_law() {
        let library = LawLibrary::new([law("a")], Some("gone"));
        assert!(library.primary().is_none());
        assert!(library.cited(None).is_none());
    }
}
