//! What `render` draws: every slide's file name, and every touch page a citizen
//! can reach, each reached as a citizen's taps would reach it.

use bevy::prelude::*;

use crate::core::content::Content;
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
/// `large_text`, on: every roadmap step, each phase of the quiz, the longest
/// chapter's list of articles and the longest article.
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
    if let Some(law) = content.main_law() {
        setups.push(("browser-chapters".to_owned(), Visit::Chapters));
        let longest_chapter = law
            .chapters
            .iter()
            .enumerate()
            .max_by_key(|(_, c)| c.last_article.saturating_sub(c.first_article))
            .map(|(i, _)| i);
        if let Some(c) = longest_chapter {
            setups.push(("browser-chapter".to_owned(), Visit::Chapter(c)));
        }
        let longest_article = law.articles.iter().max_by_key(|a| a.text().chars().count());
        if let Some(a) = longest_article {
            setups.push(("browser-article".to_owned(), Visit::Article(a.number)));
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
