//! 法规查询: the shipped regulation by chapter and article, in large type, scrolled
//! by dragging a finger.

use bevy::prelude::*;

use super::{Page, PageSystems, Redraw, guide_page};
use crate::core::citation::{self, Citation};
use crate::core::law::Cite;
use crate::core::numerals;
use crate::player::LiveContent;
use crate::player::fonts::text_font;
use crate::player::messages::Messages;
use crate::player::metrics::Screen;
use crate::player::state::{Shown, Used, Visit};
use crate::player::theme::Palette;
use crate::player::widgets::{PageParts, Tapped, button, paragraph, scrolling_column};

/// Where the citizen is in the regulation.
#[derive(Resource, Default)]
struct BrowserView {
    chapter: Option<usize>,
    article: Option<u32>,
}

fn draw(
    mut commands: Commands,
    live: Res<LiveContent>,
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
    let PageParts { body, .. } = guide_page(
        &mut commands,
        Page::Browser,
        &screen,
        &palette,
        &messages,
        &title,
        back,
    );
    commands.entity(body).with_children(|b| {
        // The heading scrolls with the list: on a low screen every line counts.
        let list = scrolling_column(b, &screen, &palette, m.body * 0.4);
        let heading = |text: String| {
            (
                Text::new(text),
                text_font(m.title, true),
                TextColor(p.title),
            )
        };
        b.commands_mut()
            .entity(list)
            .with_children(|list| match (view.chapter, view.article) {
                (_, Some(n)) => {
                    let Some(article) = law.article(n) else {
                        return;
                    };
                    list.spawn(heading(article.label()));
                    for line in article.lines() {
                        list.spawn((
                            paragraph(line, m.body, false, p.text),
                            Pickable {
                                should_block_lower: false,
                                is_hoverable: true,
                            },
                        ));
                    }
                }
                (Some(c), None) => {
                    let Some(chapter) = law.chapters.get(c) else {
                        return;
                    };
                    list.spawn(heading(format!(
                        "第{}章 {}",
                        numerals::format(chapter.number),
                        chapter.title
                    )));
                    for n in chapter.first_article..=chapter.last_article {
                        if let Some(article) = law.article(n) {
                            let preview: String = article.text().chars().take(18).collect();
                            list.spawn(button(
                                &format!("{}　{preview}…", article.label()),
                                move |_: On<Tapped>,
                                      mut view: ResMut<BrowserView>,
                                      mut redraw: ResMut<Redraw>| {
                                    view.article = Some(n);
                                    redraw.0 = true;
                                },
                                &screen,
                                &palette,
                                false,
                            ));
                        }
                    }
                }
                (None, _) => {
                    list.spawn(heading(messages.chapters.clone()));
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
                            move |_: On<Tapped>,
                                  mut view: ResMut<BrowserView>,
                                  mut redraw: ResMut<Redraw>| {
                                view.chapter = Some(i);
                                redraw.0 = true;
                            },
                            &screen,
                            &palette,
                            false,
                        ));
                    }
                }
            });
    });
}

/// 返回: from an article to its chapter, from a chapter to the list, then home.
fn back(
    _: On<Tapped>,
    mut view: ResMut<BrowserView>,
    mut next: ResMut<NextState<Page>>,
    mut redraw: ResMut<Redraw>,
) {
    if view.article.take().is_none() && view.chapter.take().is_none() {
        next.set(Page::Home);
    }
    redraw.0 = true;
}

fn reset(mut view: ResMut<BrowserView>) {
    *view = BrowserView::default();
}

/// Opens what a visit says: the chapters, a chapter, an article.
fn visit(mut visits: MessageReader<Visit>, mut view: ResMut<BrowserView>) {
    for v in visits.read() {
        *view = match *v {
            Visit::Chapters => BrowserView::default(),
            Visit::Chapter(c) => BrowserView {
                chapter: Some(c),
                article: None,
            },
            Visit::Article(n) => BrowserView {
                chapter: None,
                article: Some(n),
            },
            _ => continue,
        };
    }
}

/// The article on screen is cited as itself; a chapter's title heads its list.
fn tell_shown(live: Res<LiveContent>, view: Res<BrowserView>, mut shown: ResMut<Shown>) {
    let law = live.content.main_law();
    let title = law.and_then(|law| match (view.chapter, view.article) {
        (_, Some(n)) => law.article(n).map(|a| a.label()),
        (Some(c), None) => law.chapters.get(c).map(|c| c.title.clone()),
        (None, None) => None,
    });
    let citations = match (law, view.article) {
        (Some(law), Some(n)) => {
            let cite = Cite {
                law: Some(law.id.clone()),
                article: n,
                paragraphs: Vec::new(),
                items: Vec::new(),
            };
            vec![Citation {
                label: citation::label(law, &cite),
                law_id: law.id.clone(),
                cite,
            }]
        }
        _ => Vec::new(),
    };
    shown.set_if_neq(Shown { title, citations });
}

/// Tells the app each article opened, as cited.
fn announce_articles(
    page: Res<State<Page>>,
    view: Res<BrowserView>,
    live: Res<LiveContent>,
    mut last: Local<Option<u32>>,
    mut used: MessageWriter<Used>,
) {
    let article = view.article.filter(|_| *page.get() == Page::Browser);
    if article == *last {
        return;
    }
    if let Some(n) = article {
        let law = live
            .content
            .main_law()
            .map_or(String::new(), |l| l.title.clone());
        used.write(Used::ArticleRead(format!("《{law}》第{n}条")));
    }
    *last = article;
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<BrowserView>();
    app.add_systems(
        Update,
        announce_articles
            .in_set(crate::player::AppSystems::Draw)
            .after(PageSystems::Draw),
    );
    app.add_systems(OnEnter(Page::Attract), reset);
    app.add_systems(Update, visit.in_set(PageSystems::Respond));
    app.add_systems(
        Update,
        (draw, tell_shown)
            .in_set(PageSystems::Draw)
            .run_if(in_state(Page::Browser)),
    );
}
