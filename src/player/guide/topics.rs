//! 按问题找: the questions of `topics.ron`; a question opens the articles that
//! answer it, each quoted as cited under its citation, whatever law it is in.
//! 返回 goes from a question to the list, then home.

use bevy::prelude::*;

use super::{Page, PageSystems, Reading, Redraw, guide_page, read_aloud_button};
use crate::core::layout::Shape;
use crate::core::voice::Target;
use crate::player::LiveContent;
use crate::player::fonts::text_font;
use crate::player::messages::Messages;
use crate::player::metrics::Screen;
use crate::player::state::{Shown, Used, Visit};
use crate::player::theme::Palette;
use crate::player::widgets::{PageParts, Tapped, button, paragraph, scrolling_column};

/// The question open, if any (counted from 0 in `topics.ron`).
#[derive(Resource, Default)]
struct TopicsView {
    topic: Option<usize>,
}

fn draw(
    mut commands: Commands,
    live: Res<LiveContent>,
    view: Res<TopicsView>,
    screen: Res<Screen>,
    palette: Res<Palette>,
    messages: Res<Messages>,
    mut reading: Reading,
) {
    let content = &live.content;
    let topic = view.topic.and_then(|i| content.topics.get(i));
    // The list of questions reads aloud; a question's articles do not (whole
    // articles, as in the law library, are too long for one recording).
    let target = Target::Page("topics".into());
    let read = if topic.is_none() {
        reading.offer(target.clone())
    } else {
        None
    };
    let m = screen.0;
    let p = *palette;
    let title = topic.map_or(&messages.tile_topics, |t| &t.title);
    let PageParts { body, buttons, .. } = guide_page(
        &mut commands,
        Page::Topics,
        &screen,
        &palette,
        &messages,
        title,
        back,
    );
    if let Some(playing) = read {
        commands.entity(buttons).with_children(|row| {
            row.spawn(read_aloud_button(
                target, playing, &messages, &screen, &palette,
            ));
        });
    }
    commands.entity(body).with_children(|b| {
        let list = scrolling_column(b, &screen, &palette, m.body * 0.4);
        b.commands_mut().entity(list).with_children(|list| {
            let Some(topic) = topic else {
                // A low screen has room for the questions only, as on the home page.
                let board = m.shape == Shape::Board;
                for (i, topic) in content.topics.iter().enumerate() {
                    let label = match &topic.note {
                        Some(note) if !board => format!("{}\n{note}", topic.title),
                        _ => topic.title.clone(),
                    };
                    list.spawn(button(
                        &label,
                        move |_: On<Tapped>,
                              mut view: ResMut<TopicsView>,
                              mut redraw: ResMut<Redraw>| {
                            view.topic = Some(i);
                            redraw.0 = true;
                        },
                        &screen,
                        &palette,
                        false,
                    ));
                }
                return;
            };
            if let Some(note) = &topic.note {
                list.spawn(paragraph(note.clone(), m.body, false, p.muted));
            }
            for citation in &topic.citations {
                let Some(law) = content.laws.get(&citation.law_id) else {
                    continue;
                };
                // Checked when the folder loaded: a topic holds only citations that quote.
                let Ok(lines) = law.quote(&citation.cite) else {
                    continue;
                };
                list.spawn((
                    Text::new(citation.label.clone()),
                    text_font(m.title, true),
                    TextColor(p.title),
                ));
                for line in lines {
                    list.spawn((
                        paragraph(line, m.body, false, p.text),
                        Pickable {
                            should_block_lower: false,
                            is_hoverable: true,
                        },
                    ));
                }
            }
        });
    });
}

/// 返回: from a question to the list, then home.
fn back(
    _: On<Tapped>,
    mut view: ResMut<TopicsView>,
    mut next: ResMut<NextState<Page>>,
    mut redraw: ResMut<Redraw>,
) {
    if view.topic.take().is_none() {
        next.set(Page::Home);
    }
    redraw.0 = true;
}

fn reset(mut view: ResMut<TopicsView>) {
    *view = TopicsView::default();
}

/// Opens what a visit says: the list, or a question.
fn visit(mut visits: MessageReader<Visit>, mut view: ResMut<TopicsView>) {
    for v in visits.read() {
        view.topic = match v {
            Visit::Topics => None,
            Visit::Topic(i) => Some(*i),
            _ => continue,
        };
    }
}

/// A question open shows its articles: it is named by its title and cites them.
fn tell_shown(live: Res<LiveContent>, view: Res<TopicsView>, mut shown: ResMut<Shown>) {
    let topic = view.topic.and_then(|i| live.content.topics.get(i));
    shown.set_if_neq(Shown {
        title: topic.map(|t| t.title.clone()),
        citations: topic.map_or_else(Vec::new, |t| t.citations.clone()),
    });
}

/// Tells the app each question opened, by its title.
fn announce_topics(
    page: Res<State<Page>>,
    view: Res<TopicsView>,
    live: Res<LiveContent>,
    mut last: Local<Option<usize>>,
    mut used: MessageWriter<Used>,
) {
    let topic = view.topic.filter(|_| *page.get() == Page::Topics);
    if topic == *last {
        return;
    }
    if let Some(t) = topic.and_then(|i| live.content.topics.get(i)) {
        used.write(Used::TopicOpened(t.title.clone()));
    }
    *last = topic;
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<TopicsView>();
    app.add_systems(
        Update,
        announce_topics
            .in_set(crate::player::AppSystems::Draw)
            .after(PageSystems::Draw),
    );
    app.add_systems(OnEnter(Page::Attract), reset);
    app.add_systems(Update, visit.in_set(PageSystems::Respond));
    app.add_systems(
        Update,
        (draw, tell_shown)
            .in_set(PageSystems::Draw)
            .run_if(in_state(Page::Topics)),
    );
}
