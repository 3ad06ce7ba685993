//! Touch mode: the attract loop gives way to a guide when someone touches the
//! screen. Each page is a state; what a page spawns is tagged to be despawned when
//! the page is left, so nothing leaks between pages.

pub mod browser;
pub mod comic;
mod home;
mod idle;
mod online;
pub mod roadmap;

use bevy::prelude::*;

use super::fonts::text_font;
use super::messages::Messages;
use super::screen::Screen;
use super::theme::Palette;
use super::touch::Action;

/// Which page is up.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Page {
    /// The rotation; a touch anywhere opens the home page.
    #[default]
    Attract,
    Home,
    Roadmap,
    Comic,
    Browser,
    Online,
}

/// The root node of the page on screen.
#[derive(Component)]
pub struct PageRoot;

/// Asks the page on screen to draw itself again (its state, the screen size or the
/// palette changed).
#[derive(Resource, Default)]
pub struct Redraw(pub bool);

/// Spawns an empty page: a header band with `title`, a body to fill, and a bar with
/// 返回 and 首页 at the bottom where a standing person's hand is. Returns the root
/// (for absolutely placed parts) and the body (for the flowing layout).
pub fn page(
    commands: &mut Commands,
    page: Page,
    screen: &Screen,
    palette: &Palette,
    messages: &Messages,
    title: &str,
    nav: bool,
) -> (Entity, Entity) {
    let m = screen.0;
    let band = (m.small * 2.6).round();
    let mut body = Entity::PLACEHOLDER;
    let root = commands
        .spawn((
            Name::new("page"),
            PageRoot,
            DespawnOnExit(page),
            Node {
                position_type: PositionType::Absolute,
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                ..default()
            },
            BackgroundColor(palette.page),
            GlobalZIndex(10),
        ))
        .with_children(|root| {
            root.spawn((
                Node {
                    height: px(band * 1.3),
                    padding: UiRect::horizontal(px(m.margin)),
                    align_items: AlignItems::Center,
                    flex_shrink: 0.0,
                    border: UiRect::bottom(px((m.small * 0.14).max(3.0))),
                    ..default()
                },
                BackgroundColor(palette.band),
                BorderColor::all(palette.accent),
                children![(
                    Text::new(title),
                    text_font(m.body, true),
                    TextColor(palette.band_text)
                )],
            ));
            body = root
                .spawn((
                    Name::new("page body"),
                    Node {
                        flex_grow: 1.0,
                        flex_direction: FlexDirection::Column,
                        padding: UiRect::axes(px(m.margin), px(m.margin * 0.5)),
                        row_gap: px(m.body * 0.6),
                        overflow: Overflow::clip(),
                        min_height: px(0.0),
                        ..default()
                    },
                ))
                .id();
            if nav {
                root.spawn((
                    Node {
                        padding: UiRect::axes(px(m.margin), px(m.body * 0.4)),
                        column_gap: px(m.body),
                        flex_shrink: 0.0,
                        ..default()
                    },
                    BackgroundColor(palette.card),
                ))
                .with_children(|bar| {
                    bar.spawn(button(&messages.back, Action::Back, screen, palette, false));
                    bar.spawn(button(&messages.home, Action::Home, screen, palette, false));
                });
            }
        })
        .id();
    (root, body)
}

/// A button at least the minimum touch size, with its label.
pub fn button(
    label: &str,
    action: Action,
    screen: &Screen,
    palette: &Palette,
    primary: bool,
) -> impl Bundle {
    let m = screen.0;
    let (bg, fg) = if primary {
        (palette.band, palette.band_text)
    } else {
        (palette.card, palette.title)
    };
    (
        Name::new(format!("button {label}")),
        action,
        Button,
        Node {
            min_width: px(m.touch * 2.0),
            min_height: px(m.touch),
            padding: UiRect::axes(px(m.body * 0.8), px(m.body * 0.3)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            border: UiRect::all(px((m.body * 0.08).max(2.0))),
            border_radius: BorderRadius::all(px(m.body * 0.4)),
            ..default()
        },
        BackgroundColor(bg),
        BorderColor::all(palette.title),
        children![(
            Text::new(label),
            text_font(m.body, true),
            TextColor(fg),
            Pickable::IGNORE
        )],
    )
}

/// A paragraph of text that wraps inside its parent.
pub fn paragraph(text: impl Into<String>, size: f32, bold: bool, color: Color) -> impl Bundle {
    (
        Text::new(text),
        text_font(size, bold),
        TextColor(color),
        TextLayout::new(Justify::Left, LineBreak::WordOrCharacter),
        bevy::text::LineHeight::RelativeToFont(1.45),
    )
}

/// Run condition: the page must be drawn again.
pub fn redraw_when_asked(redraw: Res<Redraw>) -> bool {
    redraw.0
}

/// Requests are served in `Update`; clear them once the frame's pages have drawn.
fn clear_redraw(mut redraw: ResMut<Redraw>) {
    redraw.0 = false;
}

fn redraw_on_change(screen: Res<Screen>, palette: Res<Palette>, mut redraw: ResMut<Redraw>) {
    if (screen.is_changed() && !screen.is_added()) || (palette.is_changed() && !palette.is_added())
    {
        redraw.0 = true;
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Redraw>();
    app.add_systems(Update, redraw_on_change.before(super::touch::TouchSystems));
    app.add_systems(PostUpdate, clear_redraw);
    app.add_plugins((
        idle::plugin,
        home::plugin,
        roadmap::plugin,
        comic::plugin,
        browser::plugin,
        online::plugin,
    ));
}
