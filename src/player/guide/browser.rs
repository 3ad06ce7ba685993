//! 法规查询: the laws of the library, each with its version and the day it took
//! effect, then a law's chapters, then its articles, in large type, scrolled by
//! dragging a finger. 返回 goes back one level.

use std::sync::Arc;

use bevy::prelude::*;

use super::{Page, PageSystems, Redraw, guide_page};
use crate::core::citation::{self, Citation};
use crate::core::law::{Cite, Law, date_label};
use crate::core::law_library::LawLibrary;
use crate::core::numerals;
use crate::player::LiveContent;
use crate::player::fonts::text_font;
use crate::player::messages::{Messages, fill};
use crate::player::metrics::Screen;
use crate::player::state::{Shown, Used, Visit};
use crate::player::theme::Palette;
use crate::player::widgets::{PageParts, Tapped, button, paragraph, scrolling_column};

/// Where the citizen is in the library.
#[derive(Resource, Default)]
struct BrowserView {
    /// The law open (its file stem); none, the list of laws.
    law: Option<String>,
    chapter: Option<usize>,
    article: Option<u32>,
}

/// The law on screen: the one opened or, in a library of one law, that law (a list
/// of one is a tap for nothing).
fn open_law<'a>(view: &BrowserView, laws: &'a LawLibrary) -> Option<&'a Arc<Law>> {
    match &view.law {
        Some(id) => laws.get(id),
        None if laws.len() == 1 => laws.primary(),
        None => None,
    }
}

/// 2023年9月1日修订　2024年1月1日起施行: what tells this text from a superseded one.
fn version_line(law: &Law, messages: &Messages) -> String {
    let version = law.version.as_ref().map(|v| v.label());
    let in_force = law
        .in_force
        .map(|d| fill(&messages.law_in_force, date_label(d), ""));
    version
        .into_iter()
        .chain(in_force)
        .collect::<Vec<_>>()
        .join("　")
}

/// A button opening article `n` of the law on screen, its first words after its number.
fn article_button(
    list: &mut ChildSpawnerCommands,
    law: &Law,
    n: u32,
    screen: &Screen,
    palette: &Palette,
) {
    let Some(article) = law.article(n) else {
        return;
    };
    let preview: String = article.text().chars().take(18).collect();
    list.spawn(button(
        &format!("{}　{preview}…", article.label()),
        move |_: On<Tapped>, mut view: ResMut<BrowserView>, mut redraw: ResMut<Redraw>| {
            view.article = Some(n);
            redraw.0 = true;
        },
        screen,
        palette,
        false,
    ));
}

fn draw(
    mut commands: Commands,
    live: Res<LiveContent>,
    view: Res<BrowserView>,
    screen: Res<Screen>,
    palette: Res<Palette>,
    messages: Res<Messages>,
) {
    let laws = &live.content.laws;
    if laws.is_empty() {
        return;
    }
    let law = open_law(&view, laws);
    let m = screen.0;
    let p = *palette;
    // A law's title can be longer than a low screen's title band: it heads the list,
    // where it wraps.
    let PageParts { body, .. } = guide_page(
        &mut commands,
        Page::Browser,
        &screen,
        &palette,
        &messages,
        &messages.tile_browser,
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
        let subheading = |text: String| paragraph(text, m.body, true, p.muted);
        b.commands_mut().entity(list).with_children(|list| {
            let Some(law) = law else {
                list.spawn(heading(messages.laws.clone()));
                for law in laws.iter() {
                    let id = law.id.clone();
                    list.spawn(button(
                        &format!("{}\n{}", law.cited_title(), version_line(law, &messages)),
                        move |_: On<Tapped>,
                              mut view: ResMut<BrowserView>,
                              mut redraw: ResMut<Redraw>| {
                            view.law = Some(id.clone());
                            redraw.0 = true;
                        },
                        &screen,
                        &palette,
                        false,
                    ));
                }
                return;
            };
            match (view.chapter, view.article) {
                (_, Some(n)) => {
                    let Some(article) = law.article(n) else {
                        return;
                    };
                    list.spawn(subheading(law.cited_title()));
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
                    list.spawn(subheading(law.cited_title()));
                    list.spawn(heading(format!(
                        "第{}章 {}",
                        numerals::format(chapter.number),
                        chapter.title
                    )));
                    for n in chapter.first_article..=chapter.last_article {
                        // A chapter of the Constitution is long: its 节 head their articles.
                        if let Some(section) =
                            chapter.sections.iter().find(|s| s.first_article == n)
                        {
                            list.spawn(subheading(format!(
                                "第{}节 {}",
                                numerals::format(section.number),
                                section.title
                            )));
                        }
                        article_button(list, law, n, &screen, &palette);
                    }
                }
                (None, None) => {
                    list.spawn(heading(law.cited_title()));
                    list.spawn(paragraph(
                        version_line(law, &messages),
                        m.body,
                        false,
                        p.muted,
                    ));
                    if law.chapters.is_empty() {
                        for article in &law.articles {
                            article_button(list, law, article.number, &screen, &palette);
                        }
                        return;
                    }
                    list.spawn(subheading(messages.chapters.clone()));
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
            }
        });
    });
}

/// 返回: from an article to its chapter, from a chapter to the law's chapters,
/// from a law to the list of laws, then home.
fn back(
    _: On<Tapped>,
    live: Res<LiveContent>,
    mut view: ResMut<BrowserView>,
    mut next: ResMut<NextState<Page>>,
    mut redraw: ResMut<Redraw>,
) {
    let several = live.content.laws.len() > 1;
    if view.article.take().is_none()
        && view.chapter.take().is_none()
        && !(view.law.take().is_some() && several)
    {
        next.set(Page::Home);
    }
    redraw.0 = true;
}

fn reset(mut view: ResMut<BrowserView>) {
    *view = BrowserView::default();
}

/// Opens what a visit says: the laws, a law's chapters, a chapter, an article (in
/// its chapter, where 返回 then leads).
fn visit(mut visits: MessageReader<Visit>, live: Res<LiveContent>, mut view: ResMut<BrowserView>) {
    for v in visits.read() {
        *view = match v {
            Visit::Laws => BrowserView::default(),
            Visit::Chapters(law) => BrowserView {
                law: Some(law.clone()),
                ..default()
            },
            Visit::Chapter(law, c) => BrowserView {
                law: Some(law.clone()),
                chapter: Some(*c),
                article: None,
            },
            Visit::Article(law, n) => BrowserView {
                law: Some(law.clone()),
                chapter: live
                    .content
                    .laws
                    .get(law)
                    .and_then(|l| l.article(*n))
                    .and_then(|a| a.chapter),
                article: Some(*n),
            },
            _ => continue,
        };
    }
}

/// The article on screen as a citation of its law.
fn cited(law: &Law, n: u32) -> Citation {
    let cite = Cite {
        law: Some(law.id.clone()),
        article: n,
        paragraphs: Vec::new(),
        items: Vec::new(),
    };
    Citation {
        label: citation::label(law, &cite),
        law_id: law.id.clone(),
        cite,
    }
}

/// The article on screen is cited as itself; a chapter's title heads its list.
fn tell_shown(live: Res<LiveContent>, view: Res<BrowserView>, mut shown: ResMut<Shown>) {
    let law = open_law(&view, &live.content.laws);
    let title = law.and_then(|law| match (view.chapter, view.article) {
        (_, Some(n)) => law.article(n).map(|a| a.label()),
        (Some(c), None) => law.chapters.get(c).map(|c| c.title.clone()),
        (None, None) => None,
    });
    let citations = match (law, view.article) {
        (Some(law), Some(n)) if law.article(n).is_some() => vec![cited(law, n)],
        _ => Vec::new(),
    };
    shown.set_if_neq(Shown { title, citations });
}

/// Tells the app each article opened, as cited, its law named.
fn announce_articles(
    page: Res<State<Page>>,
    view: Res<BrowserView>,
    live: Res<LiveContent>,
    mut last: Local<Option<(String, u32)>>,
    mut used: MessageWriter<Used>,
) {
    let law = open_law(&view, &live.content.laws);
    let article = law
        .zip(view.article)
        .filter(|_| *page.get() == Page::Browser)
        .filter(|(law, n)| law.article(*n).is_some());
    let now = article.map(|(law, n)| (law.id.clone(), n));
    if now == *last {
        return;
    }
    if let Some((law, n)) = article {
        used.write(Used::ArticleRead(cited(law, n).label));
    }
    *last = now;
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
