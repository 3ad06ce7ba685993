//! What `render` draws: every slide's file name, and every touch page a citizen
//! can reach, each reached as a citizen's taps would reach it.

use bevy::prelude::*;

use crate::core::content::Content;
use crate::core::law::Law;
use crate::core::rotation::{Slide, SlideKey};
use crate::player::state::Visit;
use crate::player::theme::Accessibility;

/// One touch page to audit (and draw), under the name its picture gets.
#[derive(Debug, Clone)]
pub(super) struct Shot {
    pub(super) name: String,
    pub(super) visit: Visit,
    pub(super) large_text: bool,
}

/// Every touch page the content has, with the 大字 switch off and, if
/// `large_text`, on: every roadmap step, each phase of the quiz, the laws (see
/// [`browser`]) and every question of 按问题找.
pub(super) fn shots(content: &Content, large_text: bool, board: bool) -> Vec<Shot> {
    // A board has no touch pages.
    if board {
        return Vec::new();
    }
    let mut setups = vec![("home".to_owned(), Visit::Home)];
    if let Some(roadmap) = &content.roadmap {
        for (i, step) in roadmap.steps.iter().enumerate() {
            setups.push((format!("roadmap-{}", step.id), Visit::RoadmapStep(i)));
        }
    }
    if !content.library.comics.is_empty() {
        setups.extend([
            ("comic-reader".to_owned(), Visit::ComicReader),
            ("comic-quiz".to_owned(), Visit::Quiz(Vec::new())),
            ("comic-quiz-answer".to_owned(), Visit::Quiz(vec![true])),
            ("comic-quiz-score".to_owned(), Visit::QuizScore),
        ]);
    }
    setups.extend(browser(content));
    if !content.topics.is_empty() {
        setups.push(("topics".to_owned(), Visit::Topics));
        for (i, _) in content.topics.iter().enumerate() {
            setups.push((format!("topic-{}", i + 1), Visit::Topic(i)));
        }
    }
    if content.online.is_some() {
        setups.push(("online".to_owned(), Visit::Online));
    }
    [false, true]
        .into_iter()
        .filter(|on| large_text || !on)
        .flat_map(|large_text| {
            setups.iter().map(move |(name, visit)| Shot {
                name: if large_text {
                    format!("{name}-large-text")
                } else {
                    name.clone()
                },
                visit: visit.clone(),
                large_text,
            })
        })
        .collect()
}

/// 法规查询: the list of laws; each law's chapters and its longest article; the
/// longest chapter's list of articles in the primary law and, where longer, in the
/// library. The primary law's pages keep their names (`browser-chapters`,
/// `browser-chapter`, `browser-article`); another law's carry its id.
fn browser(content: &Content) -> Vec<(String, Visit)> {
    let laws = &content.laws;
    let mut setups = Vec::new();
    if laws.len() > 1 {
        setups.push(("browser-laws".to_owned(), Visit::Laws));
    }
    let name = |law: &Law, page: &str| {
        if laws.is_primary(&law.id) {
            format!("browser-{page}")
        } else {
            format!("browser-{}-{page}", law.id)
        }
    };
    let longest_chapter = |law: &Law| {
        law.chapters
            .iter()
            .enumerate()
            .max_by_key(|(_, c)| c.last_article.saturating_sub(c.first_article))
            .map(|(i, c)| (i, c.last_article.saturating_sub(c.first_article)))
    };
    for law in laws.iter() {
        setups.push((name(law, "chapters"), Visit::Chapters(law.id.clone())));
        let longest = law.articles.iter().max_by_key(|a| a.text().chars().count());
        if let Some(a) = longest {
            setups.push((
                name(law, "article"),
                Visit::Article(law.id.clone(), a.number),
            ));
        }
    }
    let primary = laws.primary().and_then(|l| Some((l, longest_chapter(l)?)));
    if let Some((law, (c, _))) = primary {
        setups.push((name(law, "chapter"), Visit::Chapter(law.id.clone(), c)));
    }
    let longest = laws
        .iter()
        .filter_map(|l| Some((l, longest_chapter(l)?)))
        .max_by_key(|(_, (_, length))| *length);
    if let Some((law, (c, length))) = longest
        && primary.is_none_or(|(_, (_, p))| length > p)
    {
        setups.push((name(law, "chapter"), Visit::Chapter(law.id.clone(), c)));
    }
    setups
}

/// Takes the guide to `shot`'s page, the way a citizen's taps would (the page
/// answers the visit itself), with the 大字 switch as the shot wants it.
pub(super) fn set_up(world: &mut World, shot: &Shot) {
    if world.resource::<Accessibility>().large_text != shot.large_text {
        world.resource_mut::<Accessibility>().large_text = shot.large_text;
    }
    world.write_message(shot.visit.clone());
}

pub(super) fn file_name(index: usize, key: &SlideKey) -> String {
    let (kind, id) = (key.item.kind.name(), key.item.id.replace('/', "-"));
    format!("{:03}-{kind}-{id}-{}.png", index + 1, page_number(key))
}

/// The page (or scene) from 1, with the part when it has several: `3`, `3.2`.
fn page_number(key: &SlideKey) -> String {
    if key.part == 0 {
        (key.page + 1).to_string()
    } else {
        format!("{}.{}", key.page + 1, key.part + 1)
    }
}

/// A slide by kind, item and page: `panel-channels-1`, `comic-zoufang-wuqu-3`.
pub(super) fn slide_name(slide: &Slide) -> String {
    let key = &slide.key;
    format!(
        "{}-{}-{}",
        key.item.kind.name(),
        key.item.id,
        page_number(key)
    )
}
