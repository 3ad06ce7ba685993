//! Every word citizens see, section by section (a slide, a page, a roadmap
//! step, a ticker line), each with its citations: what a legal officer approves
//! (`approve` keeps it beside the approval) and compares with the version
//! approved before ([`diff`]), so the difference is read, not the whole sheet.

use std::collections::BTreeMap;

use crate::citation;
use crate::content::Content;

/// The words of a comic scene's verdicts, as the screen writes them.
pub const VERDICTS: (&str, &str) = ("误区", "正确做法");

/// One section: where it is shown (stable across edits of its words), and what
/// it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub key: String,
    pub text: String,
}

/// The sections of `content`, in a fixed order.
pub fn sections(content: &Content) -> Vec<Section> {
    let laws = &content.laws;
    let mut out = Vec::new();
    let mut push = |key: String, text: String| {
        out.push(Section {
            key,
            text: text.trim().to_owned(),
        })
    };
    let lib = &content.library;
    let items = lib
        .panels
        .values()
        .map(|p| crate::item::Item::Panel(p.clone()))
        .chain(
            lib.comics
                .values()
                .map(|c| crate::item::Item::Comic(c.clone())),
        )
        .chain(
            lib.bureau
                .iter()
                .map(|b| crate::item::Item::Bureau(b.clone())),
        );
    for item in items {
        let key = item.key();
        let kind = match key.kind.name() {
            "panel" => "展板",
            "comic" => "漫画",
            _ => "本局简介",
        };
        // The key names the place only, so a new title is a change of words,
        // not a section removed and another added; the words begin with it.
        for (i, text) in item.reading(laws, VERDICTS).into_iter().enumerate() {
            push(format!("{kind} {} 第{}页", key.id, i + 1), text);
        }
    }
    if let Some(roadmap) = &content.roadmap {
        for step in &roadmap.steps {
            let cited = if step.citations.is_empty() {
                String::new()
            } else {
                format!("（{}）", citation::line(laws, &step.citations))
            };
            push(
                format!("路线图 {}", step.id),
                format!("{}：{}{cited}", step.title, step.body),
            );
        }
    }
    for (i, line) in content.ticker.iter().enumerate() {
        push(format!("滚动字幕 第{}条", i + 1), line.shown.clone());
    }
    for campaign in &content.campaigns {
        push(
            format!("活动 {} · 标题", campaign.id),
            campaign.title.clone(),
        );
        for (i, line) in campaign.ticker.iter().enumerate() {
            push(
                format!("活动 {} · 滚动字幕 第{}条", campaign.id, i + 1),
                line.shown.clone(),
            );
        }
    }
    for topic in &content.topics {
        let mut text = topic.note.clone().unwrap_or_default();
        if !topic.citations.is_empty() {
            text.push_str(&format!("（{}）", citation::line(laws, &topic.citations)));
        }
        push(format!("按问题找 · {}", topic.title), text);
    }
    if let Some(notice) = &content.notice {
        let from = notice
            .from
            .map_or_else(|| "到达即显示".to_owned(), |f| f.to_string());
        push(
            "紧急通知".to_owned(),
            format!("{}\n（{from} 至 {}）", notice.shown, notice.until),
        );
    }
    if let Some(online) = &content.online {
        let mut text = online.note.clone().unwrap_or_default();
        for link in &online.links {
            text.push_str(&format!("\n{}：{}", link.label, link.url));
        }
        push("网上信访".to_owned(), format!("{}\n{text}", online.title));
    }
    out
}

/// The sections as one document: a heading line (`## key`) and the words.
pub fn document(sections: &[Section]) -> String {
    let mut out = String::from("# pufa-kiosk 审核稿文字 / the words approved\n\n");
    for s in sections {
        out.push_str(&format!("## {}\n{}\n\n", s.key, s.text));
    }
    out
}

/// Reads a document back into its sections.
pub fn parse_document(text: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for line in text.lines() {
        if let Some(key) = line.strip_prefix("## ") {
            out.push(Section {
                key: key.to_owned(),
                text: String::new(),
            });
        } else if let Some(last) = out.last_mut() {
            if !last.text.is_empty() {
                last.text.push('\n');
            }
            last.text.push_str(line);
        }
    }
    for s in &mut out {
        s.text = s.text.trim().to_owned();
    }
    out
}

/// How one section differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added {
        key: String,
        text: String,
    },
    Removed {
        key: String,
        text: String,
    },
    Changed {
        key: String,
        old: String,
        new: String,
    },
}

impl Change {
    pub fn key(&self) -> &str {
        match self {
            Change::Added { key, .. }
            | Change::Removed { key, .. }
            | Change::Changed { key, .. } => key,
        }
    }
}

/// The sections added, removed and changed from `old` to `new`, in `new`'s
/// order with the removed ones last.
pub fn diff(old: &[Section], new: &[Section]) -> Vec<Change> {
    let before: BTreeMap<&str, &str> = old
        .iter()
        .map(|s| (s.key.as_str(), s.text.as_str()))
        .collect();
    let after: BTreeMap<&str, &str> = new
        .iter()
        .map(|s| (s.key.as_str(), s.text.as_str()))
        .collect();
    let mut out = Vec::new();
    for s in new {
        match before.get(s.key.as_str()) {
            None => out.push(Change::Added {
                key: s.key.clone(),
                text: s.text.clone(),
            }),
            Some(old) if *old != s.text => out.push(Change::Changed {
                key: s.key.clone(),
                old: (*old).to_owned(),
                new: s.text.clone(),
            }),
            Some(_) => {}
        }
    }
    for s in old {
        if !after.contains_key(s.key.as_str()) {
            out.push(Change::Removed {
                key: s.key.clone(),
                text: s.text.clone(),
            });
        }
    }
    out
}

/// A change as plain text for a terminal: `+` added, `-` removed, `~` changed
/// with the old words and the new.
pub fn describe(changes: &[Change]) -> String {
    let mut out = String::new();
    for c in changes {
        match c {
            Change::Added { key, text } => {
                out.push_str(&format!("+ 新增 added: {key}\n    {text}\n"))
            }
            Change::Removed { key, text } => {
                out.push_str(&format!("- 删除 removed: {key}\n    {text}\n"))
            }
            Change::Changed { key, old, new } => out.push_str(&format!(
                "~ 改动 changed: {key}\n    原 was: {old}\n    新 now: {new}\n"
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn shipped() -> Content {
        crate::content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content")).unwrap()
    }

    #[test]
    fn the_words_cover_every_panel_step_and_ticker_line_with_citations() {
        let content = shipped();
        let s = sections(&content);
        let doc = document(&s);
        for p in content.library.panels.values() {
            assert!(doc.contains(&format!("## 展板 {} 第1页", p.id)), "{}", p.id);
        }
        let roadmap = content.roadmap.as_ref().unwrap();
        for step in &roadmap.steps {
            assert!(doc.contains(&format!("## 路线图 {}\n{}：", step.id, step.title)));
        }
        assert!(
            doc.contains("《信访工作条例》第"),
            "citations are in the words"
        );
        assert!(s.iter().any(|s| s.key.starts_with("滚动字幕")));
        // The document reads back as it was written.
        assert_eq!(parse_document(&doc), s);
    }

    #[test]
    fn a_one_word_edit_is_one_changed_section_with_both_texts() {
        let content = shipped();
        let old = sections(&content);
        let mut new = old.clone();
        let first = new.iter_mut().find(|s| s.key.starts_with("展板")).unwrap();
        first.text = first.text.replacen("可以", "应当", 1);
        let key = first.key.clone();
        new.push(Section {
            key: "滚动字幕 第99条".into(),
            text: "新的一行".into(),
        });
        let gone = new.remove(0);
        let changes = diff(&old, &new);
        let changed: Vec<&Change> = changes
            .iter()
            .filter(|c| matches!(c, Change::Changed { .. }))
            .collect();
        if gone.key == key {
            assert!(changed.is_empty());
        } else {
            assert_eq!(changed.len(), 1, "{changes:?}");
            assert_eq!(changed[0].key(), key);
        }
        assert!(changes.contains(&Change::Added {
            key: "滚动字幕 第99条".into(),
            text: "新的一行".into()
        }));
        assert!(changes.contains(&Change::Removed {
            key: gone.key.clone(),
            text: gone.text.clone()
        }));
        assert!(diff(&old, &old).is_empty());
        assert!(describe(&changes).contains("+ 新增 added: 滚动字幕 第99条"));
    }
}
