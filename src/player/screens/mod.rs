//! Touch mode: the attract loop gives way to a guide when someone touches the
//! screen. Each page is a state; what a page spawns is tagged to be despawned when
//! the page is left, so nothing leaks between pages.

pub mod browser;
pub mod comic;
mod home;
pub mod idle;
mod online;
pub mod roadmap;

use bevy::prelude::*;

use super::fonts::text_font;
use super::messages::Messages;
use super::screen::Screen;
use super::theme::Palette;
use super::touch::Action;
use crate::core::layout::{Metrics, Shape};

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

/// Each frame, pages first respond to taps, then the page on screen is drawn again
/// if anything asked for it; the old drawing is cleared in between, in one place.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageSystems {
    /// Handle taps and other input; may ask for a redraw.
    Respond,
    /// Draw the page (only runs when a redraw was asked for).
    Draw,
}

/// On an area that scrolls: the mark that shows a citizen there is more to see by
/// dragging, visible only while the content overflows.
#[derive(Component)]
pub struct ScrollCue(pub Entity);

/// Asks the page on screen to draw itself again (its state, the screen size or the
/// palette changed).
#[derive(Resource, Default)]
pub struct Redraw(pub bool);

/// How a page divides the screen: a band with the title at the top, the body, and
/// a bar with the page's buttons (返回, 首页…) at the bottom, where a standing
/// person's hand is. A low board has no height to spare for a second band: there
/// the buttons sit in the title band, to its right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Height of the title band, its accent line included.
    pub band: f32,
    /// Height of the bottom bar (0 when the buttons are in the band).
    pub bar: f32,
}

impl Frame {
    pub fn new(m: &Metrics) -> Self {
        let accent = (m.small * 0.14).max(3.0);
        if m.shape == Shape::Board {
            Frame {
                band: m.touch + m.body * 0.3 + accent,
                bar: 0.0,
            }
        } else {
            Frame {
                band: (m.small * 2.6).round() * 1.3 + accent,
                bar: m.touch + m.body * 0.8,
            }
        }
    }

    /// Whether the page's buttons share the title band.
    pub fn buttons_in_band(&self) -> bool {
        self.bar == 0.0
    }
}

/// The parts of a page that its drawing fills.
pub struct PageParts {
    /// The root, for absolutely placed parts.
    pub root: Entity,
    /// The body, for the flowing layout.
    pub body: Entity,
    /// Where the page's own buttons go, after 返回 and 首页.
    pub buttons: Entity,
}

/// Spawns an empty page: the title band, a body to fill, and the buttons' bar with
/// 返回 and 首页 when `nav` is set (see [`Frame`]).
pub fn page(
    commands: &mut Commands,
    page: Page,
    screen: &Screen,
    palette: &Palette,
    messages: &Messages,
    title: &str,
    nav: bool,
) -> PageParts {
    let m = screen.0;
    let frame = Frame::new(&m);
    let accent = (m.small * 0.14).max(3.0);
    let (mut body, mut buttons) = (Entity::PLACEHOLDER, Entity::PLACEHOLDER);
    // 返回 and 首页 first, then the page's own buttons, pushed to the far end.
    let fill_bar = |bar: &mut ChildSpawnerCommands, buttons: &mut Entity| {
        if nav {
            bar.spawn(button(&messages.back, Action::Back, screen, palette, false));
            bar.spawn(button(&messages.home, Action::Home, screen, palette, false));
        }
        *buttons = bar
            .spawn(Node {
                flex_grow: 1.0,
                justify_content: JustifyContent::FlexEnd,
                column_gap: px(m.body * 0.6),
                ..default()
            })
            .id();
    };
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
                Name::new("title band"),
                Node {
                    height: px(frame.band),
                    padding: UiRect::horizontal(px(m.margin)),
                    align_items: AlignItems::Center,
                    column_gap: px(m.body * 0.6),
                    flex_shrink: 0.0,
                    border: UiRect::bottom(px(accent)),
                    ..default()
                },
                BackgroundColor(palette.band),
                BorderColor::all(palette.accent),
            ))
            .with_children(|band| {
                band.spawn((
                    Text::new(title),
                    text_font(m.body, true),
                    TextColor(palette.band_text),
                    Node {
                        flex_shrink: 1.0,
                        ..default()
                    },
                ));
                if frame.buttons_in_band() {
                    band.spawn(Node {
                        flex_grow: 1.0,
                        ..default()
                    });
                    band.spawn(Node {
                        column_gap: px(m.body * 0.6),
                        ..default()
                    })
                    .with_children(|bar| fill_bar(bar, &mut buttons));
                }
            });
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
            if !frame.buttons_in_band() {
                root.spawn((
                    Name::new("button bar"),
                    Node {
                        height: px(frame.bar),
                        padding: UiRect::horizontal(px(m.margin)),
                        align_items: AlignItems::Center,
                        column_gap: px(m.body * 0.6),
                        flex_shrink: 0.0,
                        ..default()
                    },
                    BackgroundColor(palette.card),
                ))
                .with_children(|bar| fill_bar(bar, &mut buttons));
            }
        })
        .id();
    PageParts {
        root,
        body,
        buttons,
    }
}

/// A list or text that scrolls when dragged.
#[derive(Component)]
pub struct Scrolls;

/// The moving part of a scroll cue: where the window is in the whole.
#[derive(Component)]
struct Thumb;

/// A [`scroll_area`] that fills the rest of its parent and stacks its children in
/// a column `gap` pixels apart: the usual body of a page.
pub fn scrolling_column(
    parent: &mut ChildSpawnerCommands,
    screen: &Screen,
    palette: &Palette,
    gap: f32,
) -> Entity {
    scroll_area(
        parent,
        screen,
        palette,
        Node {
            flex_grow: 1.0,
            ..default()
        },
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(gap),
            ..default()
        },
    )
}

/// Spawns, under `parent`, an area laid out as `frame` (its size and place in the
/// page) whose content, laid out as `content`, scrolls up and down when it does not
/// fit. Beside it a bar shows, while the content overflows, that there is more
/// and where the window is. Returns the area to fill.
pub fn scroll_area(
    parent: &mut ChildSpawnerCommands,
    screen: &Screen,
    palette: &Palette,
    frame: Node,
    content: Node,
) -> Entity {
    let m = screen.0;
    let width = (m.small * 0.45).max(2.0 * m.px_per_mm).round();
    let mut area = Entity::PLACEHOLDER;
    parent
        .spawn(Node {
            flex_direction: FlexDirection::Row,
            column_gap: px(width * 0.8),
            min_height: px(0.0),
            ..frame
        })
        .with_children(|frame| {
            area = frame
                .spawn((
                    Scrolls,
                    Node {
                        overflow: Overflow::scroll_y(),
                        flex_grow: 1.0,
                        flex_basis: px(0.0),
                        min_width: px(0.0),
                        min_height: px(0.0),
                        ..content
                    },
                    ScrollPosition::default(),
                ))
                .id();
            // The bar goes on the right, the side a right hand scrolls on.
            let track = frame
                .spawn((
                    Node {
                        width: px(width),
                        flex_shrink: 0.0,
                        border_radius: BorderRadius::all(px(width / 2.0)),
                        ..default()
                    },
                    BackgroundColor(palette.card_edge.with_alpha(0.35)),
                    Visibility::Hidden,
                    Pickable::IGNORE,
                    children![(
                        Thumb,
                        Node {
                            position_type: PositionType::Absolute,
                            width: percent(100),
                            border_radius: BorderRadius::all(px(width / 2.0)),
                            ..default()
                        },
                        // The title colour stands out on the card and the page in
                        // both palettes (the band's is black on black in 高对比).
                        BackgroundColor(palette.title),
                    )],
                ))
                .id();
            frame.commands().entity(area).insert(ScrollCue(track));
        });
    area
}

/// Marks what must be in view when its page is drawn: the area it scrolls in is
/// scrolled to it once laid out.
#[derive(Component)]
pub struct ScrollIntoView;

fn scroll_into_view(
    mut commands: Commands,
    marked: Query<(Entity, &ComputedNode, &UiGlobalTransform), With<ScrollIntoView>>,
    parents: Query<&ChildOf>,
    mut areas: Query<(&ComputedNode, &UiGlobalTransform, &mut ScrollPosition), With<Scrolls>>,
    mut deadline: ResMut<super::wake::Deadline>,
) {
    for (entity, node, transform) in &marked {
        let mut at = entity;
        while let Ok(parent) = parents.get(at) {
            at = parent.parent();
            let Ok((area, area_transform, mut scroll)) = areas.get_mut(at) else {
                continue;
            };
            let (top, bottom) = (
                transform.translation.y - node.size().y / 2.0,
                transform.translation.y + node.size().y / 2.0,
            );
            let (window_top, window_bottom) = (
                area_transform.translation.y - area.size().y / 2.0,
                area_transform.translation.y + area.size().y / 2.0,
            );
            // Centre it when it is out of the window; leave it where it is seen.
            if top < window_top || bottom > window_bottom {
                let by = (top + bottom - window_top - window_bottom) / 2.0;
                scroll.y = (scroll.y + by * area.inverse_scale_factor()).max(0.0);
                deadline.animate();
            }
            break;
        }
        commands.entity(entity).remove::<ScrollIntoView>();
    }
}

/// Shows each scroll cue while its area's content overflows, its thumb sized and
/// placed as the window is in the whole.
fn show_scroll_cues(
    areas: Query<(&ComputedNode, &ScrollCue)>,
    mut tracks: Query<(&mut Visibility, &Children)>,
    mut thumbs: Query<&mut Node, With<Thumb>>,
    mut deadline: ResMut<super::wake::Deadline>,
) {
    for (area, cue) in &areas {
        let Ok((mut visibility, children)) = tracks.get_mut(cue.0) else {
            continue;
        };
        let (window, whole) = (area.size().y, area.content_size().y);
        let overflows = whole > window + 0.5;
        let wanted = if overflows {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        let mut changed = visibility.set_if_neq(wanted);
        if overflows {
            let (top, height) = (
                percent(area.scroll_position.y / whole * 100.0),
                percent(window / whole * 100.0),
            );
            for child in children {
                if let Ok(mut thumb) = thumbs.get_mut(*child)
                    && (thumb.top != top || thumb.height != height)
                {
                    thumb.top = top;
                    thumb.height = height;
                    changed = true;
                }
            }
        }
        // A cue changes after layout: draw once more to show it.
        if changed {
            deadline.animate();
        }
    }
}

/// Dragging a finger scrolls the list or text under it.
fn drag_to_scroll(
    mut drags: MessageReader<Pointer<Drag>>,
    taps: Res<super::touch::Taps>,
    parents: Query<&ChildOf>,
    mut areas: Query<(&mut ScrollPosition, &ComputedNode), With<Scrolls>>,
) {
    for drag in drags.read() {
        if !super::touch::dragging(&taps, drag.pointer_id) {
            continue;
        }
        let mut entity = drag.entity;
        loop {
            if let Ok((mut scroll, area)) = areas.get_mut(entity) {
                // Held at the ends, so dragging back moves at once.
                let end =
                    (area.content_size().y - area.size().y).max(0.0) * area.inverse_scale_factor();
                scroll.y = (scroll.y - drag.event.delta.y).clamp(0.0, end);
                break;
            }
            match parents.get(entity) {
                Ok(parent) => entity = parent.parent(),
                Err(_) => break,
            }
        }
    }
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
    // A primary button is ringed in its text colour, so it stands out on the
    // title band too, which has its fill colour.
    let (bg, fg, edge) = if primary {
        (palette.band, palette.band_text, palette.band_text)
    } else {
        (palette.card, palette.title, palette.title)
    };
    (
        Name::new(format!("button {label}")),
        action,
        Button,
        Node {
            min_width: px(m.touch * 2.0),
            min_height: px(m.touch),
            // Never wider than where it stands: a long label wraps instead. In a
            // list that scrolls, the button keeps the height its label needs.
            max_width: percent(100),
            flex_shrink: 0.0,
            padding: UiRect::axes(px(m.body * 0.8), px(m.body * 0.3)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            border: UiRect::all(px((m.body * 0.08).max(2.0))),
            border_radius: BorderRadius::all(px(m.body * 0.4)),
            ..default()
        },
        BackgroundColor(bg),
        BorderColor::all(edge),
        children![(
            Text::new(label),
            text_font(m.body, true),
            TextColor(fg),
            Pickable::IGNORE
        )],
    )
}

/// A QR code `side` pixels square (the image is drawn one texel per module and
/// sampled nearest, so it stays sharp at any size).
pub fn qr_code(image: Handle<Image>, side: f32) -> impl Bundle {
    (
        ImageNode::new(image),
        Node {
            width: px(side),
            height: px(side),
            ..default()
        },
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

/// A page change happens on the next frame: make sure there is one, since the
/// reactive loop would otherwise sleep until the next timer.
fn stay_awake_for_page_changes(
    next: Res<NextState<Page>>,
    redraw: Res<Redraw>,
    mut deadline: ResMut<super::wake::Deadline>,
) {
    if matches!(*next, NextState::Pending(_) | NextState::PendingIfNeq(_)) || redraw.0 {
        deadline.animate();
    }
}

/// A new screen size, a new palette or new content means drawing again: new words
/// appear in place, on the page the citizen is reading.
fn redraw_on_change(
    screen: Res<Screen>,
    palette: Res<Palette>,
    live: Res<super::LiveContent>,
    mut redraw: ResMut<Redraw>,
) {
    let changed = |added: bool, changed: bool| changed && !added;
    if changed(screen.is_added(), screen.is_changed())
        || changed(palette.is_added(), palette.is_changed())
        || changed(live.is_added(), live.is_changed())
    {
        redraw.0 = true;
    }
}

/// Entering a page (again, too: a same-state transition despawns it) means drawing it.
fn request_redraw(mut redraw: ResMut<Redraw>) {
    redraw.0 = true;
}

/// Removes the page's old drawing before it is drawn again.
fn clear_page(mut commands: Commands, roots: Query<Entity, With<PageRoot>>) {
    for e in &roots {
        commands.entity(e).despawn();
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Redraw>();
    app.configure_sets(
        Update,
        (
            PageSystems::Respond.after(super::touch::TouchSystems),
            PageSystems::Draw.run_if(redraw_when_asked),
        )
            .chain(),
    );
    app.add_systems(
        Update,
        (redraw_on_change, clear_page.run_if(redraw_when_asked))
            .chain()
            .after(PageSystems::Respond)
            .before(PageSystems::Draw),
    );
    app.add_systems(
        PostUpdate,
        (
            (stay_awake_for_page_changes, clear_redraw).chain(),
            (scroll_into_view, show_scroll_cues).after(bevy::ui::UiSystems::Layout),
        ),
    );
    app.add_systems(Update, drag_to_scroll.in_set(PageSystems::Respond));
    for page in [
        Page::Home,
        Page::Roadmap,
        Page::Comic,
        Page::Browser,
        Page::Online,
    ] {
        app.add_systems(OnEnter(page), request_redraw);
    }
    app.add_plugins((
        idle::plugin,
        home::plugin,
        roadmap::plugin,
        comic::plugin,
        browser::plugin,
        online::plugin,
    ));
}

#[cfg(test)]
mod tests {
    //! A citizen's walk through the guide, driven the way picking drives it: pointer
    //! press and release messages, then the click picking reports on the button
    //! under the finger. Time is advanced by hand.

    use std::sync::Arc;
    use std::time::Duration;

    use bevy::picking::backend::HitData;
    use bevy::picking::pointer::{Location, PointerAction, PointerButton, PointerId, PointerInput};
    use bevy::time::TimeUpdateStrategy;
    use bevy::window::RequestRedraw;

    use super::roadmap::RoadmapView;
    use super::*;
    use crate::core::layout::Metrics;
    use crate::core::settings::Settings;
    use crate::player::{Live, LiveContent, LiveSettings, Mode, Problems, theme, touch, wake};

    fn app() -> App {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let content = crate::core::content::load(&dir).unwrap();
        let mut settings = Settings::defaults(dir);
        settings.idle_timeout_seconds = 30.0;
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, bevy::state::app::StatesPlugin));
        app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
            100,
        )));
        app.init_resource::<Assets<Image>>();
        app.add_message::<RequestRedraw>()
            .add_message::<PointerInput>();
        app.add_message::<Pointer<Drag>>()
            .add_message::<Pointer<DragEnd>>();
        Live {
            settings,
            content: Arc::new(content),
            generation: 0,
        }
        .insert_into(app.world_mut());
        app.insert_resource(Problems::default())
            .insert_resource(Mode::Window);
        app.insert_resource(Screen(Metrics::new(1920.0, 1080.0, 55.0, 1.0)));
        app.insert_resource(crate::player::screen::TextScale(1.0));
        app.insert_resource(theme::STANDARD)
            .init_resource::<theme::Accessibility>();
        app.insert_resource(Messages::for_language("zh-CN"));
        app.init_state::<Page>();
        app.add_plugins((wake::plugin, touch::plugin, plugin));
        app.update();
        app
    }

    /// What picking reports under the finger: `target` is the top hit of `pointer`.
    fn hover(app: &mut App, pointer: PointerId, target: Entity) {
        let mut hits = bevy::ecs::entity::EntityHashMap::default();
        hits.insert(target, HitData::new(Entity::PLACEHOLDER, 0.0, None, None));
        app.world_mut()
            .resource_mut::<bevy::picking::hover::HoverMap>()
            .insert(pointer, hits);
    }

    fn page(app: &App) -> Page {
        *app.world().resource::<State<Page>>().get()
    }

    fn input(app: &mut App, action: PointerAction) {
        let location = Location {
            target: bevy::camera::NormalizedRenderTarget::None {
                width: 1920,
                height: 1080,
            },
            position: Vec2::new(500.0, 500.0),
        };
        app.world_mut()
            .write_message(PointerInput::new(PointerId::Touch(7), location, action));
    }

    /// A finger taps the button whose action is `action`.
    fn tap(app: &mut App, action: Action) {
        let target = app
            .world_mut()
            .query::<(Entity, &Action)>()
            .iter(app.world())
            .find(|(_, a)| **a == action)
            .map(|(e, _)| e)
            .unwrap_or_else(|| panic!("no button for {action:?} on {:?}", page(app)));
        // A citizen's taps are seconds apart, not the microseconds between test frames.
        app.world_mut()
            .resource_mut::<touch::TouchClock>()
            .advance(1.0);
        input(app, PointerAction::Press(PointerButton::Primary));
        app.update();
        input(app, PointerAction::Release(PointerButton::Primary));
        hover(app, PointerId::Touch(7), target);
        app.update();
        // Past the double-tap guard, and let the page redraw.
        for _ in 0..6 {
            app.update();
        }
    }

    fn open_guide(app: &mut App) {
        app.world_mut()
            .resource_mut::<touch::TouchClock>()
            .advance(1.0);
        input(app, PointerAction::Press(PointerButton::Primary));
        app.update();
        input(app, PointerAction::Release(PointerButton::Primary));
        for _ in 0..6 {
            app.update();
        }
        assert_eq!(
            page(app),
            Page::Home,
            "a touch on the rotation opens the guide"
        );
    }

    #[test]
    fn walks_from_the_start_to_every_end_of_the_roadmap() {
        let mut app = app();
        open_guide(&mut app);
        let roadmap = app
            .world()
            .resource::<LiveContent>()
            .content
            .roadmap
            .clone()
            .unwrap();
        for end in roadmap.ends() {
            tap(&mut app, Action::Open(Page::Roadmap));
            assert_eq!(page(&app), Page::Roadmap);
            for choice in roadmap.route_to(end).expect("every end can be reached") {
                tap(&mut app, Action::Choose(choice));
            }
            assert_eq!(
                app.world().resource::<RoadmapView>().walk.current(),
                end,
                "reached {}",
                roadmap.steps[end].id
            );
            let choices = app
                .world_mut()
                .query::<&Action>()
                .iter(app.world())
                .filter(|a| matches!(a, Action::Choose(_)))
                .count();
            assert_eq!(choices, 0, "an end step offers no choices");
            tap(&mut app, Action::Back);
            assert_ne!(
                app.world().resource::<RoadmapView>().walk.current(),
                end,
                "back goes one step back"
            );
            tap(&mut app, Action::Home);
            assert_eq!(page(&app), Page::Home);
            app.world_mut().resource_mut::<RoadmapView>().walk.home();
        }
    }

    #[test]
    fn idle_time_returns_to_the_rotation_and_resets_every_page() {
        let mut app = app();
        open_guide(&mut app);
        tap(&mut app, Action::Open(Page::Roadmap));
        tap(&mut app, Action::Choose(0));
        assert_eq!(app.world().resource::<RoadmapView>().walk.path().len(), 2);
        // 30 s timeout at 100 ms a frame: the countdown shows for the last 10 s.
        for _ in 0..250 {
            app.update();
        }
        assert_eq!(page(&app), Page::Roadmap);
        let countdown = app
            .world_mut()
            .query::<&Text>()
            .iter(app.world())
            .any(|t| t.0.starts_with("即将返回首页"));
        assert!(countdown, "a countdown warns before going back");
        for _ in 0..60 {
            app.update();
        }
        assert_eq!(page(&app), Page::Attract);
        assert_eq!(
            app.world().resource::<RoadmapView>().walk.path().len(),
            1,
            "the next citizen starts at the beginning"
        );
    }

    /// Taps into the roadmap two choices deep and lets 15 s of a 30 s timeout pass.
    fn mid_walk(app: &mut App) -> Vec<usize> {
        open_guide(app);
        tap(app, Action::Open(Page::Roadmap));
        tap(app, Action::Choose(0));
        tap(app, Action::Choose(0));
        for _ in 0..150 {
            app.update();
        }
        app.world().resource::<RoadmapView>().walk.path().to_vec()
    }

    fn idle_left(app: &App) -> f32 {
        app.world().resource::<idle::Idle>().0.next_change()
    }

    #[test]
    fn a_content_reload_keeps_the_citizens_walk_and_idle_countdown() {
        let mut app = app();
        let path = mid_walk(&mut app);
        assert_eq!(path.len(), 3);
        let before = idle_left(&app);
        // A sync brings a new version of the folder: same roadmap, new words.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut content = crate::core::content::load(&dir).unwrap();
        let roadmap = content.roadmap.as_mut().unwrap();
        let current = path[2];
        roadmap.steps[current].title = "新的标题".into();
        {
            let mut live = app.world_mut().resource_mut::<LiveContent>();
            live.content = Arc::new(content);
            live.generation += 1;
        }
        for _ in 0..3 {
            app.update();
        }
        assert_eq!(page(&app), Page::Roadmap);
        assert_eq!(
            app.world().resource::<RoadmapView>().walk.path(),
            path.as_slice(),
            "the citizen stays on their step"
        );
        let shown = app
            .world_mut()
            .query::<&Text>()
            .iter(app.world())
            .any(|t| t.0.contains("新的标题"));
        assert!(shown, "the new words appear in place");
        let after = idle_left(&app);
        assert!(
            (before - after - 0.3).abs() < 0.05,
            "the idle countdown goes on ({before} s then {after} s)"
        );
    }

    #[test]
    fn a_settings_edit_keeps_the_citizens_walk_and_idle_time() {
        let mut app = app();
        let path = mid_walk(&mut app);
        let before = idle_left(&app);
        {
            let mut settings = app.world_mut().resource_mut::<LiveSettings>();
            settings.0.idle_timeout_seconds = 40.0;
            settings.0.seconds_per_item = 20.0;
        }
        app.update();
        assert_eq!(page(&app), Page::Roadmap);
        assert_eq!(
            app.world().resource::<RoadmapView>().walk.path(),
            path.as_slice()
        );
        // 15 s already idle count against the new 40 s: 15 s to the countdown.
        let after = idle_left(&app);
        assert!(
            (after - (before + 10.0 - 0.1)).abs() < 0.05,
            "{before} s before, {after} s after"
        );
    }

    #[test]
    fn a_drag_or_a_second_finger_presses_nothing() {
        let mut app = app();
        open_guide(&mut app);
        let tile = app
            .world_mut()
            .query::<(Entity, &Action)>()
            .iter(app.world())
            .find(|(_, a)| **a == Action::Open(Page::Roadmap))
            .unwrap()
            .0;
        let at = |x: f32| Location {
            target: bevy::camera::NormalizedRenderTarget::None {
                width: 1920,
                height: 1080,
            },
            position: Vec2::new(x, 500.0),
        };
        app.world_mut()
            .resource_mut::<touch::TouchClock>()
            .advance(1.0);
        app.world_mut().write_message(PointerInput::new(
            PointerId::Touch(1),
            at(500.0),
            PointerAction::Press(PointerButton::Primary),
        ));
        app.update();
        app.world_mut().write_message(PointerInput::new(
            PointerId::Touch(1),
            at(700.0),
            PointerAction::Move {
                delta: Vec2::new(200.0, 0.0),
            },
        ));
        app.world_mut().write_message(PointerInput::new(
            PointerId::Touch(1),
            at(700.0),
            PointerAction::Release(PointerButton::Primary),
        ));
        hover(&mut app, PointerId::Touch(1), tile);
        app.update();
        app.update();
        assert_eq!(
            page(&app),
            Page::Home,
            "a drag that ends on a button does not press it"
        );
        // A second finger landing while the first is down: neither presses.
        app.world_mut()
            .resource_mut::<touch::TouchClock>()
            .advance(1.0);
        hover(&mut app, PointerId::Touch(2), tile);
        hover(&mut app, PointerId::Touch(3), tile);
        for (finger, action) in [
            (2, PointerAction::Press(PointerButton::Primary)),
            (3, PointerAction::Press(PointerButton::Primary)),
            (3, PointerAction::Release(PointerButton::Primary)),
            (2, PointerAction::Release(PointerButton::Primary)),
        ] {
            app.world_mut().write_message(PointerInput::new(
                PointerId::Touch(finger),
                at(500.0),
                action,
            ));
            app.update();
        }
        app.update();
        assert_eq!(page(&app), Page::Home, "two fingers press nothing");
        // The same button tapped properly does open the roadmap.
        tap(&mut app, Action::Open(Page::Roadmap));
        assert_eq!(page(&app), Page::Roadmap);
    }
}
