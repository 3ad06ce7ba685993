//! The touch guide: the rotation gives way to it when someone touches the screen.
//! Each page is a state and a file; what a page spawns is tagged to be despawned
//! when the page is left, so nothing leaks between pages. Pages do not import
//! each other: they share this module and the widgets.

mod browser;
mod comic;
mod home;
mod idle_return;
mod online;
mod roadmap;
mod topics;

use bevy::ecs::system::{IntoObserverSystem, SystemParam};
use bevy::prelude::*;

use super::messages::Messages;
use super::metrics::Screen;
pub use super::state::Page;
use super::state::{LiveContent, LiveSettings, ReadAloud, ReadableHere, Shown, Visit, VoiceNow};
use super::theme::Palette;
use super::widgets::{self, PageParts, PageRoot, Tapped, button};
use crate::core::voice::Target;

/// Each frame, pages first respond to taps, then the page on screen is drawn again
/// if anything asked for it; the old drawing is cleared in between, in one place.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum PageSystems {
    /// Handle taps and other input; may ask for a redraw.
    Respond,
    /// Draw the page (only runs when a redraw was asked for).
    Draw,
}

/// Spawns a page of the guide titled `title`, with 返回 (doing `back`) and 首页.
pub fn guide_page<M>(
    commands: &mut Commands,
    page: Page,
    screen: &Screen,
    palette: &Palette,
    messages: &Messages,
    title: &str,
    back: impl IntoObserverSystem<Tapped, (), M>,
) -> PageParts {
    let parts = widgets::page(commands, page, screen, palette, title);
    commands.entity(parts.nav).with_children(|nav| {
        nav.spawn(button(&messages.back, back, screen, palette, false));
        nav.spawn(button(&messages.home, go_home, screen, palette, false));
    });
    parts
}

/// 首页: back to the home page.
pub fn go_home(_: On<Tapped>, mut next: ResMut<NextState<Page>>) {
    next.set(Page::Home);
}

/// 朗读 on a page: what the page reads aloud, and whether it may offer the button.
#[derive(SystemParam)]
pub struct Reading<'w> {
    live: Res<'w, LiveContent>,
    settings: Res<'w, LiveSettings>,
    now: Res<'w, VoiceNow>,
    here: ResMut<'w, ReadableHere>,
}

impl Reading<'_> {
    /// Says the page on screen reads `target`; `Some(playing)` where its recording
    /// matches the words, may play on this kiosk (drafts only where allowed) and
    /// there is a sound device: the page then shows [`read_aloud_button`].
    pub fn offer(&mut self, target: Target) -> Option<bool> {
        let audible = self.now.available
            && self
                .live
                .content
                .voices
                .get(&target)
                .is_some_and(|v| self.settings.voice.may_play(v));
        let playing = self.now.playing.as_ref() == Some(&target);
        self.here.set_if_neq(ReadableHere(Some(target)));
        audible.then_some(playing)
    }
}

/// The 朗读 button: plays `target`'s recording; 停止朗读 while it plays stops it. As
/// large as every control.
pub fn read_aloud_button(
    target: Target,
    playing: bool,
    messages: &Messages,
    screen: &Screen,
    palette: &Palette,
) -> impl Bundle {
    let label = if playing {
        &messages.stop_reading
    } else {
        &messages.read_aloud
    };
    (
        button(
            label,
            move |_: On<Tapped>, mut asks: MessageWriter<ReadAloud>| {
                asks.write(ReadAloud(target.clone()));
            },
            screen,
            palette,
            false,
        ),
        ReadAloudButton,
    )
}

/// Marks the 朗读 button, for the voice tests and the benchmark's visitor.
#[derive(Component)]
pub struct ReadAloudButton;

/// Asks the page on screen to draw itself again (its state, the screen size or the
/// palette changed).
#[derive(Resource, Default)]
pub struct Redraw(pub bool);

/// Run condition: the page must be drawn again.
pub fn redraw_when_asked(redraw: Res<Redraw>) -> bool {
    redraw.0
}

/// Requests are served in `Update`; clear them once the frame's pages have drawn.
fn clear_redraw(mut redraw: ResMut<Redraw>) {
    redraw.0 = false;
}

/// A page change happens on the next frame: make sure there is one, since the
/// reactive loop would otherwise sleep until the next timer. A page drawn again
/// gets one more frame too; the rotation has no guide page to draw (it rebuilds
/// its own slides in the frame that has the new content), so new content there
/// is one frame, not two.
fn stay_awake_for_page_changes(
    next: Res<NextState<Page>>,
    page: Res<State<Page>>,
    redraw: Res<Redraw>,
    mut deadline: ResMut<super::wake::Deadline>,
) {
    let page_redrawn = redraw.0 && *page.get() != Page::Attract;
    if matches!(*next, NextState::Pending(_) | NextState::PendingIfNeq(_)) || page_redrawn {
        deadline.animate();
    }
}

/// A new screen size, a new palette or new content means drawing again: new words
/// appear in place, on the page the citizen is reading.
fn redraw_on_change(
    screen: Res<Screen>,
    palette: Res<Palette>,
    live: Res<LiveContent>,
    voice: Res<VoiceNow>,
    mut redraw: ResMut<Redraw>,
) {
    let changed = |added: bool, changed: bool| changed && !added;
    if changed(screen.is_added(), screen.is_changed())
        || changed(palette.is_added(), palette.is_changed())
        || changed(live.is_added(), live.is_changed())
        // The 朗读 button's label follows the recording.
        || changed(voice.is_added(), voice.is_changed())
    {
        redraw.0 = true;
    }
}

/// Entering a page (again, too: a same-state transition despawns it) means drawing it.
fn request_redraw(mut redraw: ResMut<Redraw>) {
    redraw.0 = true;
}

/// A visit opens its page (the page itself puts its view where the visit says).
fn open_visited_page(
    mut visits: MessageReader<Visit>,
    mut next: ResMut<NextState<Page>>,
    mut redraw: ResMut<Redraw>,
) {
    if let Some(visit) = visits.read().last() {
        // Within the page it is on, a visit only moves the page's view.
        NextState::set_if_neq(&mut next, visit.page());
        redraw.0 = true;
    }
}

/// A page with nothing of its own to say about the law shows nothing cited.
fn nothing_shown(mut shown: ResMut<Shown>) {
    *shown = Shown::default();
}

/// Removes the page's old drawing before it is drawn again; the drawing says
/// anew what it reads aloud.
fn clear_page(
    mut commands: Commands,
    roots: Query<Entity, With<PageRoot>>,
    mut here: ResMut<ReadableHere>,
) {
    for e in &roots {
        commands.entity(e).despawn();
    }
    here.set_if_neq(ReadableHere(None));
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Redraw>();
    // What the pages announce (crate::player::state::Used).
    app.add_message::<super::state::Used>();
    app.add_message::<Visit>().init_resource::<Shown>();
    // 朗读: pages show the button and ask; the voice plugin (a window's) plays.
    app.add_message::<ReadAloud>()
        .init_resource::<VoiceNow>()
        .init_resource::<ReadableHere>();
    app.add_systems(Update, open_visited_page.in_set(PageSystems::Respond));
    for page in [Page::Attract, Page::Home, Page::Online] {
        app.add_systems(OnEnter(page), nothing_shown);
    }
    app.configure_sets(
        Update,
        (
            PageSystems::Respond,
            PageSystems::Draw.run_if(redraw_when_asked),
        )
            .chain(),
    );
    app.add_systems(
        Update,
        (redraw_on_change, clear_page.run_if(redraw_when_asked))
            .chain()
            .in_set(super::AppSystems::Draw)
            .before(PageSystems::Draw),
    );
    app.add_systems(
        PostUpdate,
        (stay_awake_for_page_changes, clear_redraw).chain(),
    );
    for page in [
        Page::Home,
        Page::Roadmap,
        Page::Comic,
        Page::Browser,
        Page::Topics,
        Page::Online,
    ] {
        app.add_systems(OnEnter(page), request_redraw);
    }
    app.add_plugins((
        idle_return::plugin,
        home::plugin,
        roadmap::plugin,
        comic::plugin,
        browser::plugin,
        topics::plugin,
        online::plugin,
    ));
}

#[cfg(test)]
mod tests {
    //! A citizen's walk through the guide, driven the way picking drives it: pointer
    //! press and release messages, then the click picking reports on the button
    //! under the finger. Time is advanced by hand.

    use std::sync::Arc;

    use bevy::picking::backend::HitData;
    use bevy::picking::pointer::{Location, PointerAction, PointerButton, PointerId, PointerInput};

    use super::roadmap::RoadmapView;
    use super::*;

    use crate::core::settings::Settings;
    use crate::player::{LiveContent, LiveSettings, touch, wake};

    fn app() -> App {
        app_with(|_| {})
    }

    /// The guide on the default content, changed by `edit` first.
    fn app_with(edit: impl FnOnce(&mut crate::core::content::Content)) -> App {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut content = crate::core::content::load(&dir).unwrap();
        edit(&mut content);
        let mut settings = Settings::defaults(dir);
        settings.idle_timeout_seconds = 30.0;
        let mut app = crate::player::bare_app(settings, content, 0, 100);
        app.add_plugins((wake::plugin, touch::plugin, widgets::plugin, plugin));
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

    /// The button (or home tile) labelled `label` on screen.
    fn button_labelled(app: &mut App, label: &str) -> Option<Entity> {
        let names = [format!("button {label}"), format!("tile {label}")];
        app.world_mut()
            .query_filtered::<(Entity, &Name), With<Button>>()
            .iter(app.world())
            .find(|(_, name)| names.iter().any(|n| n == name.as_str()))
            .map(|(e, _)| e)
    }

    fn messages(app: &App) -> Messages {
        app.world().resource::<Messages>().clone()
    }

    /// The label of choice `i` of the roadmap step on screen.
    fn choice(app: &App, i: usize) -> String {
        let live = app.world().resource::<LiveContent>();
        let roadmap = live.content.roadmap.as_ref().unwrap();
        let step = app.world().resource::<RoadmapView>().walk.current();
        roadmap.steps[step].choices[i].label.clone()
    }

    /// A finger taps the button labelled `label`.
    fn tap(app: &mut App, label: &str) {
        let target = button_labelled(app, label)
            .unwrap_or_else(|| panic!("no button {label} on {:?}", page(app)));
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
    fn a_board_takes_no_touches_and_has_no_pages() {
        let mut app = app();
        app.world_mut()
            .resource_mut::<crate::player::LiveSettings>()
            .0
            .mode = crate::core::settings::ScreenMode::Board;
        app.update();
        app.world_mut()
            .resource_mut::<touch::TouchClock>()
            .advance(1.0);
        input(&mut app, PointerAction::Press(PointerButton::Primary));
        app.update();
        input(&mut app, PointerAction::Release(PointerButton::Primary));
        for _ in 0..6 {
            app.update();
        }
        assert_eq!(page(&app), Page::Attract, "a board ignores a touch");
        // A screen switched to a board while a page was open goes back to the rotation.
        app.world_mut()
            .resource_mut::<crate::player::LiveSettings>()
            .0
            .mode = crate::core::settings::ScreenMode::Touch;
        open_guide(&mut app);
        app.world_mut()
            .resource_mut::<crate::player::LiveSettings>()
            .0
            .mode = crate::core::settings::ScreenMode::Board;
        for _ in 0..3 {
            app.update();
        }
        assert_eq!(page(&app), Page::Attract);
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
        let words = messages(&app);
        for end in roadmap.ends() {
            tap(&mut app, &words.tile_roadmap);
            assert_eq!(page(&app), Page::Roadmap);
            for i in roadmap.route_to(end).expect("every end can be reached") {
                let label = choice(&app, i);
                tap(&mut app, &label);
            }
            assert_eq!(
                app.world().resource::<RoadmapView>().walk.current(),
                end,
                "reached {}",
                roadmap.steps[end].id
            );
            let way_back = [
                format!("button {}", words.back),
                format!("button {}", words.home),
            ];
            let choices = app
                .world_mut()
                .query_filtered::<&Name, With<Button>>()
                .iter(app.world())
                .filter(|name| !way_back.iter().any(|n| n == name.as_str()))
                .count();
            assert_eq!(choices, 0, "an end step offers no choices");
            tap(&mut app, &words.back);
            assert_ne!(
                app.world().resource::<RoadmapView>().walk.current(),
                end,
                "back goes one step back"
            );
            tap(&mut app, &words.home);
            assert_eq!(page(&app), Page::Home);
            app.world_mut().resource_mut::<RoadmapView>().walk.home();
        }
    }

    #[test]
    fn idle_time_returns_to_the_rotation_and_resets_every_page() {
        let mut app = app();
        open_guide(&mut app);
        let tile = messages(&app).tile_roadmap;
        tap(&mut app, &tile);
        let first = choice(&app, 0);
        tap(&mut app, &first);
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
        let tile = messages(app).tile_roadmap;
        tap(app, &tile);
        for _ in 0..2 {
            let first = choice(app, 0);
            tap(app, &first);
        }
        for _ in 0..150 {
            app.update();
        }
        app.world().resource::<RoadmapView>().walk.path().to_vec()
    }

    fn idle_left(app: &App) -> f32 {
        app.world().resource::<idle_return::Idle>().0.next_change()
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
    fn an_urgent_notice_comes_up_under_a_citizens_step_and_leaves_them_on_it() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let content = crate::core::content::load(&dir).unwrap();
        let mut settings = Settings::defaults(dir);
        settings.idle_timeout_seconds = 30.0;
        let data = tempfile::tempdir().unwrap();
        settings.data_dir = data.path().to_path_buf();
        let mut app = crate::player::bare_app(settings, content, 0, 100);
        app.add_plugins((
            wake::plugin,
            touch::plugin,
            widgets::plugin,
            plugin,
            crate::player::schedule::plugin,
            crate::player::metrics::plugin,
            crate::player::notice::plugin,
        ));
        app.update();
        let path = mid_walk(&mut app);
        let step_title = {
            let live = app.world().resource::<LiveContent>();
            live.content.roadmap.as_ref().unwrap().steps[path[2]]
                .title
                .clone()
        };
        let height = app
            .world()
            .resource::<crate::player::metrics::Screen>()
            .0
            .height;
        // The notice arrives with the next sync of the folder.
        {
            let mut live = app.world_mut().resource_mut::<LiveContent>();
            let mut content = (*live.content).clone();
            let text = "今天下午 16:00 起暂停接待，明天上午 8:30 恢复。".to_owned();
            content.notice = Some(crate::core::notice::Notice {
                shown: format!("{text}（来源：本局）"),
                text,
                from: None,
                until: crate::core::notice::parse_time("2099-12-31 18:00").unwrap(),
                screens: crate::core::notice::Screens::All,
                citations: Vec::new(),
            });
            live.content = Arc::new(content);
            live.generation += 1;
        }
        for _ in 0..3 {
            app.update();
        }
        assert_eq!(page(&app), Page::Roadmap, "not thrown out of the guide");
        assert_eq!(
            app.world().resource::<RoadmapView>().walk.path(),
            path.as_slice(),
            "the citizen stays on their step"
        );
        assert!(shown(&mut app, &step_title), "the step is still on screen");
        assert!(shown(&mut app, "暂停接待"), "the banner is up");
        let above = app
            .world()
            .resource::<crate::player::metrics::Screen>()
            .0
            .height;
        assert!(
            above < height,
            "the page is laid out above it: {above} < {height}"
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

    fn shown(app: &mut App, words: &str) -> bool {
        app.world_mut()
            .query::<&Text>()
            .iter(app.world())
            .any(|t| t.0.contains(words))
    }

    #[test]
    fn the_bureau_profile_shows_on_the_home_page_and_the_visit_step_once_filled_in() {
        // As shipped, bureau.ron holds placeholders: nothing of it is shown.
        let mut app = app();
        open_guide(&mut app);
        assert!(!shown(&mut app, "待填写"));
        let words = messages(&app);
        assert!(!shown(&mut app, &words.bureau_hours));

        let mut app = app_with(|content| {
            content.library.bureau = Some(Arc::new(crate::core::bureau::Bureau {
                name: "湖滨区信访局".into(),
                address: "人民路100号".into(),
                hours: "周一至周五 8:30—17:30".into(),
                phone: "0571-12345678".into(),
                online: None,
                map: None,
                placeholders: Vec::new(),
            }));
        });
        open_guide(&mut app);
        assert!(shown(&mut app, "人民路100号"), "on the home page");
        tap(&mut app, &words.tile_roadmap);
        assert!(
            !shown(&mut app, "人民路100号"),
            "not on a step that does not ask"
        );
        let roadmap = app
            .world()
            .resource::<LiveContent>()
            .content
            .roadmap
            .clone()
            .unwrap();
        let visit = roadmap
            .position("visit")
            .expect("the default roadmap has a visit step");
        for i in roadmap.route_to(visit).unwrap() {
            let label = choice(&app, i);
            tap(&mut app, &label);
        }
        assert!(shown(&mut app, "人民路100号"), "on the visit step");
        assert!(shown(&mut app, "0571-12345678"));
    }

    /// Every use a page announced, kept for the test to read.
    #[derive(Resource, Default)]
    struct Heard(Vec<super::super::state::Used>);

    fn hear(mut used: MessageReader<super::super::state::Used>, mut heard: ResMut<Heard>) {
        heard.0.extend(used.read().cloned());
    }

    /// The label of the button on screen whose label starts with `start`.
    fn label_starting(app: &mut App, start: &str) -> String {
        let prefix = format!("button {start}");
        app.world_mut()
            .query_filtered::<&Name, With<Button>>()
            .iter(app.world())
            .find(|name| name.as_str().starts_with(&prefix))
            .map(|name| name.as_str()["button ".len()..].to_owned())
            .unwrap_or_else(|| panic!("no button starting {start} on {:?}", page(app)))
    }

    fn shown_now(app: &App) -> Shown {
        app.world().resource::<Shown>().clone()
    }

    #[test]
    fn the_browser_lists_the_laws_with_their_versions_then_opens_another_laws_article() {
        let mut app = app();
        app.init_resource::<Heard>().add_systems(Update, hear);
        open_guide(&mut app);
        let words = messages(&app);
        tap(&mut app, &words.tile_browser);
        assert_eq!(page(&app), Page::Browser);
        assert!(shown(&mut app, &words.laws), "the list of laws first");
        let constitution = label_starting(&mut app, "《中华人民共和国宪法》");
        assert!(
            constitution.contains("2018年3月11日修正") && constitution.contains("起施行"),
            "its version and the day it took effect: {constitution}"
        );
        label_starting(&mut app, "《信访工作条例》");
        tap(&mut app, &constitution);
        let chapter = label_starting(&mut app, "第二章");
        tap(&mut app, &chapter);
        let article = label_starting(&mut app, "第四十一条");
        tap(&mut app, &article);
        assert!(shown(&mut app, "任何人不得压制和打击报复"));
        let on_screen = shown_now(&app);
        assert_eq!(on_screen.title.as_deref(), Some("第四十一条"));
        assert_eq!(on_screen.citations.len(), 1);
        assert_eq!(on_screen.citations[0].law_id, "xianfa-2018");
        assert_eq!(
            on_screen.citations[0].label,
            "《中华人民共和国宪法》第四十一条"
        );
        let read: Vec<_> = app
            .world()
            .resource::<Heard>()
            .0
            .iter()
            .filter_map(|u| match u {
                super::super::state::Used::ArticleRead(a) => Some(a.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            read,
            ["《中华人民共和国宪法》第四十一条"],
            "the right law named"
        );

        // 返回, one level at a time: the chapter, the law's chapters, the laws, home.
        tap(&mut app, &words.back);
        assert!(label_starting(&mut app, "第四十条").starts_with("第四十条"));
        tap(&mut app, &words.back);
        label_starting(&mut app, "第二章");
        tap(&mut app, &words.back);
        assert!(shown(&mut app, &words.laws));
        tap(&mut app, &words.back);
        assert_eq!(page(&app), Page::Home);

        // A visit goes straight to an article of another law, inside its chapter.
        app.world_mut()
            .write_message(Visit::Article("renmin-tiaojie-fa-2010".into(), 17));
        for _ in 0..3 {
            app.update();
        }
        assert_eq!(page(&app), Page::Browser);
        assert_eq!(
            shown_now(&app).citations[0].label,
            "《中华人民共和国人民调解法》第十七条"
        );
        tap(&mut app, &words.back);
        label_starting(&mut app, "第十八条");
    }

    #[test]
    fn a_question_of_the_topic_index_shows_its_articles_across_the_laws() {
        let mut app = app();
        app.init_resource::<Heard>().add_systems(Update, hear);
        open_guide(&mut app);
        let words = messages(&app);
        tap(&mut app, &words.tile_topics);
        assert_eq!(page(&app), Page::Topics);
        assert!(
            shown_now(&app).citations.is_empty(),
            "the list cites nothing"
        );
        let rights = label_starting(&mut app, "我的权利");
        label_starting(&mut app, "请律师/法律援助");
        tap(&mut app, &rights);
        let on_screen = shown_now(&app);
        assert_eq!(on_screen.title.as_deref(), Some("我的权利"));
        let labels: Vec<&str> = on_screen
            .citations
            .iter()
            .map(|c| c.label.as_str())
            .collect();
        assert!(
            labels.contains(&"《中华人民共和国宪法》第四十一条"),
            "{labels:?}"
        );
        assert!(
            labels.contains(&"《信访工作条例》第十八条第四款"),
            "{labels:?}"
        );
        for label in &labels {
            assert!(shown(&mut app, label), "{label} heads its words");
        }
        assert!(
            shown(&mut app, "任何人不得压制和打击报复"),
            "the Constitution quoted"
        );
        assert!(
            shown(&mut app, "任何组织和个人不得打击报复信访人"),
            "the regulation quoted"
        );
        let opened: Vec<_> = app
            .world()
            .resource::<Heard>()
            .0
            .iter()
            .filter_map(|u| match u {
                super::super::state::Used::TopicOpened(t) => Some(t.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(opened, ["我的权利"], "the question opened, once");
        tap(&mut app, &words.back);
        label_starting(&mut app, "我的权利");
        tap(&mut app, &words.back);
        assert_eq!(page(&app), Page::Home);

        app.world_mut().write_message(Visit::Topic(8));
        for _ in 0..3 {
            app.update();
        }
        assert_eq!(page(&app), Page::Topics);
        assert_eq!(shown_now(&app).title.as_deref(), Some("调解"));
    }

    #[test]
    fn a_drag_or_a_second_finger_presses_nothing() {
        let mut app = app();
        open_guide(&mut app);
        let words = messages(&app);
        let tile = button_labelled(&mut app, &words.tile_roadmap).unwrap();
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
        tap(&mut app, &words.tile_roadmap);
        assert_eq!(page(&app), Page::Roadmap);
    }
}
