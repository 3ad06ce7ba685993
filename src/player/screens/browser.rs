//! 法规查询: the shipped regulation by chapter and article, in large type, scrolled
//! by dragging a finger.

use bevy::prelude::*;

use super::{Page, PageSystems, Redraw, button, page, paragraph};
use crate::core::numerals;
use crate::player::Live;
use crate::player::fonts::text_font;
use crate::player::messages::Messages;
use crate::player::screen::Screen;
use crate::player::theme::Palette;
use crate::player::touch::{Action, Activated, Taps, dragging};

/// Where the citizen is in the regulation.
#[derive(Resource, Default)]
pub struct BrowserView {
    pub chapter: Option<usize>,
    pub article: Option<u32>,
}

/// A list or text that scrolls when dragged.
#[derive(Component)]
pub struct Scrolls;

fn scroll_area() -> impl Bundle {
    (
        Scrolls,
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(8.0),
            overflow: Overflow::scroll_y(),
            flex_grow: 1.0,
            min_height: px(0.0),
            ..default()
        },
        ScrollPosition::default(),
    )
}

fn draw(
    mut commands: Commands,
    live: Res<Live>,
    view: Res<BrowserView>,
    screen: Res<Screen>,
    palette: Res<Palette>,
    messages: Res<Messages>,
) {
    let Some(law) = live.content.main_law() else {
        return;
    };
    let m = screen.0;
    let p = *palette;
    let title = format!("《{}》", law.title);
    let (_, body) = page(
        &mut commands,
        Page::Browser,
        &screen,
        &palette,
        &messages,
        &title,
        true,
    );
    commands
        .entity(body)
        .with_children(|b| match (view.chapter, view.article) {
            (_, Some(n)) => {
                let Some(article) = law.article(n) else {
                    return;
                };
                b.spawn((
                    Text::new(article.label()),
                    text_font(m.title, true),
                    TextColor(p.title),
                ));
                b.spawn(scroll_area()).with_children(|text| {
                    for line in article.lines() {
                        text.spawn((
                            paragraph(line, m.body, false, p.text),
                            Pickable {
                                should_block_lower: false,
                                is_hoverable: true,
                            },
                        ));
                    }
                });
            }
            (Some(c), None) => {
                let Some(chapter) = law.chapters.get(c) else {
                    return;
                };
                b.spawn((
                    Text::new(format!(
                        "第{}章 {}",
                        numerals::format(chapter.number),
                        chapter.title
                    )),
                    text_font(m.title, true),
                    TextColor(p.title),
                ));
                b.spawn(scroll_area()).with_children(|list| {
                    for n in chapter.first_article..=chapter.last_article {
                        if let Some(article) = law.article(n) {
                            let preview: String = article.text().chars().take(18).collect();
                            list.spawn(button(
                                &format!("{}　{preview}…", article.label()),
                                Action::OpenArticle(n),
                                &screen,
                                &palette,
                                false,
                            ));
                        }
                    }
                });
            }
            (None, _) => {
                b.spawn((
                    Text::new(messages.chapters.clone()),
                    text_font(m.title, true),
                    TextColor(p.title),
                ));
                b.spawn(scroll_area()).with_children(|list| {
                    for (i, chapter) in law.chapters.iter().enumerate() {
                        let label = format!(
                            "第{}章 {}（第{}—{}条）",
                            numerals::format(chapter.number),
                            chapter.title,
                            numerals::format(chapter.first_article),
                            numerals::format(chapter.last_article)
                        );
                        list.spawn(button(
                            &label,
                            Action::OpenChapter(i),
                            &screen,
                            &palette,
                            false,
                        ));
                    }
                });
            }
        });
}

fn handle(
    mut activated: MessageReader<Activated>,
    mut view: ResMut<BrowserView>,
    mut next: ResMut<NextState<Page>>,
    mut redraw: ResMut<Redraw>,
) {
    for a in activated.read() {
        let changed = match a.0 {
            Action::OpenChapter(c) => {
                view.chapter = Some(c);
                true
            }
            Action::OpenArticle(n) => {
                view.article = Some(n);
                true
            }
            Action::Back => {
                if view.article.take().is_none() && view.chapter.take().is_none() {
                    next.set(Page::Home);
                }
                true
            }
            _ => false,
        };
        if changed {
            redraw.0 = true;
        }
    }
}

/// Dragging a finger scrolls the list or text under it.
fn drag_to_scroll(
    mut drags: MessageReader<Pointer<Drag>>,
    taps: Res<Taps>,
    parents: Query<&ChildOf>,
    mut areas: Query<&mut ScrollPosition, With<Scrolls>>,
) {
    for drag in drags.read() {
        if !dragging(&taps, drag.pointer_id) {
            continue;
        }
        let mut entity = drag.entity;
        loop {
            if let Ok(mut scroll) = areas.get_mut(entity) {
                scroll.y = (scroll.y - drag.event.delta.y).max(0.0);
                break;
            }
            match parents.get(entity) {
                Ok(parent) => entity = parent.parent(),
                Err(_) => break,
            }
        }
    }
}

fn reset(mut view: ResMut<BrowserView>) {
    *view = BrowserView::default();
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<BrowserView>();
    app.add_systems(OnEnter(Page::Attract), reset);
    app.add_systems(
        Update,
        (
            (drag_to_scroll, handle)
                .chain()
                .in_set(PageSystems::Respond),
            draw.in_set(PageSystems::Draw),
        )
            .run_if(in_state(Page::Browser)),
    );
}
