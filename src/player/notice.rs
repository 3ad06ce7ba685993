//! The urgent notice (紧急通知, `notice.ron` in the content folder): up from its
//! start until its end on the screens it names, decided by the core
//! (`Notice::showing`, `notice::form`). It is looked at again when it is due to
//! start or end, after every reload and settings edit, and when the wall clock
//! jumps; between those moments it wakes nothing.
//!
//! A touchscreen shows it as a band along the bottom of whatever page is open
//! (the metrics lay the pages out above it, so a citizen keeps their page and
//! every button), and the rotation gives it a slide between items. A board gives
//! it the whole screen; a board too small for slides puts it first in its ticker.
//!
//! The latest time the kiosk has seen is kept in the data folder: a clock set
//! back, before or after a restart, never brings an ended notice back.

use std::path::PathBuf;

use bevy::prelude::*;
use jiff::Timestamp;

use super::fonts::text_font;
use super::metrics::NoticeArea;
use super::schedule::WallClock;
use super::state::{AppSystems, NoticeUp};
use super::theme::Palette;
use super::wake::Deadline;
use super::widgets::{lines, placed, whole_notice};
use super::{LiveContent, LiveSettings, Mode};
use crate::core::notice::{self, Form, HEADING};
use crate::core::pages::{LINE_HEIGHT, Rect};

/// What the notice's clock remembers between frames.
#[derive(Resource, Debug, Default)]
struct NoticeClock {
    /// The latest wall-clock time seen, this run or (from the file) before.
    latest: Option<Timestamp>,
    /// What the file in the data folder holds.
    kept: Option<Timestamp>,
    /// Where the latest time is kept; none offscreen (`render --at` shows the
    /// moment it is asked for, whatever the kiosk has seen).
    path: Option<PathBuf>,
    /// When the notice next starts or ends.
    next: Option<Timestamp>,
    looked_at: Option<Timestamp>,
    generation: Option<u64>,
}

/// The notice's own layer: the banner or the whole screen.
#[derive(Component)]
pub struct NoticeRoot;

/// Over the ticker (10) and every slide and page.
const BANNER_LAYER: i32 = 11;
const WHOLE_SCREEN_LAYER: i32 = 12;

fn start(mut clock: ResMut<NoticeClock>, settings: Res<LiveSettings>, mode: Res<Mode>) {
    if *mode == Mode::Window {
        let path = settings.data_dir.join(notice::LATEST_FILE);
        clock.latest = notice::read_latest(&path);
        clock.kept = clock.latest;
        clock.path = Some(path);
    }
}

/// Works out whether the notice is up now, and when to look again.
fn follow(
    wall: Res<WallClock>,
    time: Res<Time<Real>>,
    live: Res<LiveContent>,
    settings: Res<LiveSettings>,
    mut up: ResMut<NoticeUp>,
    mut clock: ResMut<NoticeClock>,
    mut deadline: ResMut<Deadline>,
) {
    let now = wall.now(&time);
    let latest = clock.latest.map_or(now, |l| l.max(now));
    clock.latest = Some(latest);
    let due = clock.next.is_some_and(|next| now >= next);
    let jumped_back = clock.looked_at.is_some_and(|then| now < then);
    let reloaded = clock.generation != Some(live.generation);
    if due || jumped_back || reloaded || settings.is_changed() {
        let tz = &settings.time_zone;
        let file = live.content.notice.as_ref();
        let showing = file
            .filter(|n| n.showing(now, latest, tz, settings.mode))
            .cloned();
        if up.0 != showing {
            match &showing {
                Some(n) => info!("urgent notice up: {}", n.text),
                None => info!("no urgent notice up"),
            }
            up.0 = showing;
        }
        clock.next = file.and_then(|n| n.next_change(now, tz));
        clock.generation = Some(live.generation);
        // Kept when a notice is there to be kept from coming back: at its start,
        // its end, and each reload while it is in the folder.
        if file.is_some()
            && clock.kept.is_none_or(|k| latest > k)
            && let Some(path) = clock.path.clone()
        {
            match notice::write_latest(&path, latest) {
                Ok(()) => clock.kept = Some(latest),
                Err(e) => warn!(
                    "无法保存紧急通知的时钟 / cannot keep the notice's clock: {}: {e}",
                    path.display()
                ),
            }
        }
    }
    clock.looked_at = Some(now);
    if let Some(next) = clock.next {
        deadline.within(now.duration_until(next).as_secs_f32().max(0.0));
    }
}

/// Draws the banner or the whole screen when the notice, its place or the
/// colours change; nothing otherwise.
fn draw(
    mut commands: Commands,
    up: Res<NoticeUp>,
    area: Res<NoticeArea>,
    palette: Res<Palette>,
    roots: Query<Entity, With<NoticeRoot>>,
) {
    if !(up.is_changed() || area.is_changed() || palette.is_changed()) {
        return;
    }
    for e in &roots {
        commands.entity(e).despawn();
    }
    let (Some(n), Some(form), Some(m), Some(rect)) = (&up.0, area.form, area.whole, area.rect)
    else {
        return;
    };
    match form {
        Form::Banner => banner(&mut commands, &n.shown, rect, &m, &palette),
        Form::WholeScreen => {
            let root = commands
                .spawn((
                    Name::new("urgent notice"),
                    NoticeRoot,
                    placed(rect),
                    BackgroundColor(palette.page),
                    GlobalZIndex(WHOLE_SCREEN_LAYER),
                    Pickable::IGNORE,
                ))
                .id();
            whole_notice(&mut commands, root, &n.shown, &m, &palette);
        }
        // The ticker carries it.
        Form::Ticker => {}
    }
}

/// The band: an accent line on top, the badge 紧急通知, the words beside it.
fn banner(
    commands: &mut Commands,
    shown: &str,
    rect: Rect,
    m: &crate::core::layout::Metrics,
    palette: &Palette,
) {
    let b = notice::banner(shown, m);
    let edge = (b.size * 0.08).round().max(2.0);
    let text_h = b.lines.len() as f32 * b.size * LINE_HEIGHT;
    let badge = Rect {
        x: m.margin,
        y: ((rect.h - b.size * LINE_HEIGHT) / 2.0).round(),
        w: b.badge,
        h: b.size * LINE_HEIGHT,
    };
    commands
        .spawn((
            Name::new("urgent notice"),
            NoticeRoot,
            placed(rect),
            BackgroundColor(palette.band),
            GlobalZIndex(BANNER_LAYER),
            Pickable::IGNORE,
        ))
        .with_children(|band| {
            band.spawn((
                placed(Rect {
                    x: 0.0,
                    y: 0.0,
                    w: rect.w,
                    h: edge,
                }),
                BackgroundColor(palette.accent),
            ));
            band.spawn((
                Node {
                    justify_content: JustifyContent::Center,
                    align_items: AlignItems::Center,
                    border_radius: BorderRadius::all(px(b.size * 0.2)),
                    ..placed(badge)
                },
                BackgroundColor(palette.band_text),
                children![(
                    Text::new(HEADING),
                    text_font(b.size, true),
                    TextColor(palette.band),
                )],
            ));
            band.spawn((
                Name::new("notice words"),
                placed(Rect {
                    x: badge.right() + b.pad,
                    y: ((rect.h - text_h) / 2.0).round(),
                    w: rect.w - badge.right() - b.pad - m.margin,
                    h: text_h,
                }),
                lines(b.lines.join("\n"), b.size, false, palette.band_text),
            ));
        });
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<NoticeClock>();
    app.init_resource::<NoticeUp>();
    app.add_systems(Startup, start);
    app.add_systems(
        Update,
        (
            follow
                .in_set(AppSystems::Schedule)
                .before(super::metrics::MeasureSystems),
            draw.in_set(AppSystems::Draw),
        ),
    );
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::core::notice::{Notice, Screens, parse_time};
    use crate::core::settings::{ScreenMode, Settings, WindowMode};
    use crate::player::metrics::{Screen, TickerArea};
    use crate::player::{metrics, schedule, theme, wake};

    fn at(text: &str) -> Timestamp {
        let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
        crate::core::schedule::parse_local(text, &tz).unwrap()
    }

    fn notice(screens: Screens) -> Notice {
        let text = "今天下午 16:00 起暂停接待，明天上午 8:30 恢复。".to_owned();
        Notice {
            shown: format!("{text}（来源：本局）"),
            text,
            from: parse_time("2026-12-05 14:00"),
            until: parse_time("2026-12-05 18:00").unwrap(),
            screens,
            citations: Vec::new(),
        }
    }

    /// The default content with `notice`, on a `mode` screen of `size`, its data
    /// folder `data`, the wall clock at `now`.
    fn app(data: &std::path::Path, mode: ScreenMode, size: (u32, u32), now: &str) -> App {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut content = crate::core::content::load(&dir).unwrap();
        content.notice = Some(notice(Screens::All));
        let mut settings = Settings::defaults(dir);
        settings.data_dir = data.to_path_buf();
        settings.mode = mode;
        if mode == ScreenMode::Board {
            // The LED walls of tests/render.rs: 1920×540 at 3 mm pixels, 768×256
            // too small for slides.
            settings.screen_diagonal_inches = if size.0 >= 1920 { 235.0 } else { 160.0 };
        }
        settings.window = WindowMode::Windowed {
            width: size.0,
            height: size.1,
        };
        let mut app = crate::player::bare_app(settings, content, 0, 100);
        app.add_plugins((
            wake::plugin,
            schedule::plugin,
            theme::plugin,
            metrics::plugin,
            plugin,
        ));
        app.insert_resource(WallClock::Fixed(at(now)));
        app.init_resource::<wake::Asked>();
        app.add_systems(PostUpdate, wake::record_asked);
        app
    }

    fn up(app: &App) -> bool {
        app.world().resource::<NoticeUp>().0.is_some()
    }

    fn set_clock(app: &mut App, now: &str) {
        app.insert_resource(WallClock::Fixed(at(now)));
        app.update();
    }

    #[test]
    fn it_comes_up_at_its_start_stays_across_a_reload_ends_at_its_end_and_no_clock_revives_it() {
        let data = tempfile::tempdir().unwrap();
        let mut app = app(
            data.path(),
            ScreenMode::Touch,
            (1920, 1080),
            "2026-12-05 13:00",
        );
        app.update();
        assert!(!up(&app), "not before its start");
        // Asleep until its start, an hour on; not polling.
        let (wait, animating) = app.world().resource::<wake::Asked>().last();
        assert!(!animating);
        assert!((3599.0..=3601.0).contains(&wait.unwrap()), "{wait:?}");
        set_clock(&mut app, "2026-12-05 14:00");
        assert!(up(&app), "up at its start");
        // A reload (the same notice in new content) leaves it up, not redrawn.
        {
            let mut live = app.world_mut().resource_mut::<LiveContent>();
            live.content = Arc::new((*live.content).clone());
            live.generation += 1;
        }
        app.update();
        assert!(up(&app), "still up after a reload");
        assert!(
            !app.world().is_resource_changed::<NoticeUp>(),
            "a reload of the same notice changes nothing on screen"
        );
        // Its end: down, and the time is kept.
        set_clock(&mut app, "2026-12-05 18:00");
        assert!(!up(&app), "down at its end");
        let kept = notice::read_latest(&data.path().join(notice::LATEST_FILE)).unwrap();
        assert!(kept >= at("2026-12-05 18:00"), "{kept}");
        // The clock set back into its hours: it stays down.
        set_clock(&mut app, "2026-12-05 15:00");
        assert!(!up(&app), "a clock set back does not revive it");
        // A restart with the clock still wrong: the kept time keeps it down.
        let mut restarted = self::app(
            data.path(),
            ScreenMode::Touch,
            (1920, 1080),
            "2026-12-05 15:00",
        );
        restarted.update();
        assert!(!up(&restarted), "nor does a restart");
        // The same moment on a kiosk that never saw it end shows it: the kept time
        // is what keeps it down.
        let fresh = tempfile::tempdir().unwrap();
        let mut other = self::app(
            fresh.path(),
            ScreenMode::Touch,
            (1920, 1080),
            "2026-12-05 15:00",
        );
        other.update();
        assert!(up(&other));
        // A clock that jumps forward past its end takes it down at once.
        set_clock(&mut other, "2026-12-06 09:00");
        assert!(!up(&other), "a jump past its end");
    }

    #[test]
    fn a_touchscreen_lays_its_pages_out_above_the_banner_and_a_board_gives_it_the_screen() {
        let data = tempfile::tempdir().unwrap();
        let mut touch = app(
            data.path(),
            ScreenMode::Touch,
            (1920, 1080),
            "2026-12-05 15:00",
        );
        touch.update();
        touch.update();
        let screen = touch.world().resource::<Screen>().0;
        let area = touch.world().resource::<NoticeArea>().clone();
        assert_eq!(area.form, Some(Form::Banner));
        let rect = area.rect.unwrap();
        assert_eq!(rect.y + rect.h, 1080.0, "along the bottom");
        assert_eq!(screen.height, rect.y, "pages end where it begins");
        assert_eq!(
            touch
                .world_mut()
                .query_filtered::<(), With<NoticeRoot>>()
                .iter(touch.world())
                .count(),
            1,
            "the banner is drawn"
        );
        // It ends: the pages get the whole height back, the banner goes.
        set_clock(&mut touch, "2026-12-05 18:00");
        touch.update();
        assert_eq!(touch.world().resource::<Screen>().0.height, 1080.0);
        assert_eq!(
            touch
                .world_mut()
                .query_filtered::<(), With<NoticeRoot>>()
                .iter(touch.world())
                .count(),
            0
        );
        for (size, form) in [((1920, 540), Form::WholeScreen), ((768, 256), Form::Ticker)] {
            // A board that never saw it end.
            let data = tempfile::tempdir().unwrap();
            let mut board = app(data.path(), ScreenMode::Board, size, "2026-12-05 15:00");
            board.update();
            board.update();
            let area = board.world().resource::<NoticeArea>().clone();
            assert_eq!(area.form, Some(form), "{size:?}");
            let ticker = board.world().resource::<TickerArea>();
            assert_eq!(ticker.only, form == Form::Ticker, "{size:?}");
        }
    }
}
