//! The ticker (滚动字幕): the lines on air scrolling right to left along the
//! bottom, on a layer of its own above the slides, so a transition does not fade
//! it and a reload does not make it jump. On a board too small for slides it is
//! the whole screen, carrying every item's words with their citations, and an
//! urgent notice first, while one is up.
//!
//! It moves by whole pixels: a fixed step each tick of the display's refresh
//! rate, so the letters do not shimmer, and its position follows speed × time
//! (a late frame catches up). It asks for frames only while it runs: with no
//! ticker the loop still sleeps between transitions.

use bevy::prelude::*;
use bevy::window::{Monitor, PrimaryMonitor};

use super::fonts::text_font;
use super::metrics::{NoticeArea, TickerArea};
use super::schedule::OnAirNow;
use super::state::NoticeUp;
use super::theme::Palette;
use super::wake::Deadline;
use super::widgets::placed;
use super::{LiveContent, LiveSettings, Mode};
use crate::core::notice::{Form, HEADING};
use crate::core::pages::Rect;

/// Between two lines of the ticker.
const SEPARATOR: &str = "　　◆　　";

/// The display's refresh rate when the monitor does not say.
const DEFAULT_HZ: f32 = 60.0;

/// The band (or the whole board) the ticker runs in.
#[derive(Component)]
struct TickerRoot;

/// The moving line.
#[derive(Component)]
pub struct TickerText;

/// Where the ticker is: what it shows, and how far it has moved.
#[derive(Resource, Debug, Default)]
pub struct Ticker {
    /// The words scrolling now.
    pub text: String,
    /// Where it is drawn and at what size.
    placed: Option<(Rect, f32)>,
    /// Clock reading the count of ticks starts from.
    epoch: f32,
    /// Pixels moved per tick of the display.
    step: f32,
    hz: f32,
    /// Pixels moved so far, a whole number; the line's left edge is
    /// `width - offset` (wrapping once it has passed).
    pub offset: f32,
    ticks: u64,
}

impl Ticker {
    /// The position the line should be at after `ticks` ticks, in whole pixels.
    fn offset_after(&self, ticks: u64) -> f32 {
        ticks as f32 * self.step
    }
}

/// The words that scroll now: the lines on air, or, on a board too small for
/// slides, every item's words first.
fn words(
    area: &TickerArea,
    on_air: &OnAirNow,
    live: &LiveContent,
    messages: &super::messages::Messages,
    notice: Option<&str>,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(shown) = notice {
        parts.push(format!("【{HEADING}】{shown}"));
    }
    if area.only {
        let verdicts = messages.verdict_words();
        for entry in &on_air.on_air.playlist {
            parts.extend(entry.item.reading(&live.content.laws, verdicts));
        }
    }
    parts.extend(on_air.on_air.ticker.iter().map(|l| l.shown.clone()));
    parts.join(SEPARATOR)
}

/// Type size of the line: the body size in a band; on a board that is all
/// ticker, as large as leaves at least eight characters in view.
fn type_size(area: &TickerArea, rect: Rect) -> f32 {
    let body = area.whole.map_or(rect.h * 0.6, |m| m.body);
    if area.only {
        (rect.h * 0.55).min(rect.w / 8.0).max(body).round()
    } else {
        body.min(rect.h * 0.7).round()
    }
}

#[allow(clippy::too_many_arguments)]
fn follow(
    mut commands: Commands,
    area: Res<TickerArea>,
    on_air: Res<OnAirNow>,
    live: Res<LiveContent>,
    settings: Res<LiveSettings>,
    messages: Res<super::messages::Messages>,
    palette: Res<Palette>,
    time: Res<Time<Real>>,
    monitors: Query<&Monitor, With<PrimaryMonitor>>,
    monitor_changed: Query<(), (Changed<Monitor>, With<PrimaryMonitor>)>,
    roots: Query<Entity, With<TickerRoot>>,
    mut texts: Query<&mut Text, With<TickerText>>,
    mode: Res<Mode>,
    (up, notice_area): (Res<NoticeUp>, Res<NoticeArea>),
    mut ticker: ResMut<Ticker>,
) {
    // The words (on a board all ticker, every item's) are put together only when
    // something they come from changes, not each frame the line moves.
    let inputs_changed = area.is_changed()
        || on_air.is_changed()
        || live.is_changed()
        || settings.is_changed()
        || messages.is_changed()
        || up.is_changed()
        || notice_area.is_changed()
        || !monitor_changed.is_empty();
    if !inputs_changed {
        return;
    }
    // A board too small for slides carries the urgent notice in its ticker.
    let notice =
        up.0.as_ref()
            .filter(|_| notice_area.form == Some(Form::Ticker))
            .map(|n| n.shown.as_str());
    let text = match area.rect {
        Some(_) => words(&area, &on_air, &live, &messages, notice),
        None => String::new(),
    };
    let size = area.rect.map(|r| (r, type_size(&area, r)));
    if text.is_empty() || size.is_none() {
        for e in &roots {
            commands.entity(e).despawn();
        }
        ticker.text.clear();
        ticker.placed = None;
        return;
    }
    let Some((rect, font)) = size else { return };
    let hz = monitors
        .iter()
        .next()
        .and_then(|m| m.refresh_rate_millihertz)
        .map_or(DEFAULT_HZ, |mhz| mhz as f32 / 1000.0)
        .clamp(24.0, 240.0);
    let step = (settings.ticker.characters_per_second * font / hz)
        .round()
        .max(1.0);
    let now = time.elapsed_secs();
    if ticker.placed.is_none() {
        ticker.epoch = now;
        ticker.ticks = 0;
        // A picture shows the line from its start; a screen brings it in from the right.
        ticker.offset = if *mode == Mode::Window {
            0.0
        } else {
            (rect.w - font).max(0.0)
        };
    } else if (step, hz) != (ticker.step, ticker.hz) {
        // New speed: go on from where the line is now.
        let ticks = (ticker.offset / step).round();
        ticker.epoch = now - ticks / hz;
        ticker.ticks = ticks as u64;
    }
    ticker.step = step;
    ticker.hz = hz;
    let redraw = ticker.placed != Some((rect, font));
    if redraw || roots.is_empty() {
        for e in &roots {
            commands.entity(e).despawn();
        }
        spawn(&mut commands, rect, font, &text, &palette, ticker.offset);
    } else if ticker.text != text {
        // A reload or a campaign changed the words: the line goes on from where it
        // is, it does not start over.
        for mut t in &mut texts {
            t.0.clone_from(&text);
        }
    }
    ticker.placed = Some((rect, font));
    ticker.text = text;
}

fn spawn(
    commands: &mut Commands,
    rect: Rect,
    font: f32,
    text: &str,
    palette: &Palette,
    offset: f32,
) {
    let edge = (font * 0.08).round().max(2.0);
    commands
        .spawn((
            Name::new("ticker"),
            TickerRoot,
            Node {
                overflow: Overflow::clip(),
                ..placed(rect)
            },
            BackgroundColor(palette.band),
            // Above every slide and page, whatever their own order.
            GlobalZIndex(10),
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
                TickerText,
                Text::new(text),
                text_font(font, true),
                TextColor(palette.band_text),
                TextLayout::new(Justify::Left, LineBreak::NoWrap),
                Node {
                    position_type: PositionType::Absolute,
                    left: px(rect.w - offset),
                    top: px(((rect.h + edge - font * 1.3) / 2.0).round()),
                    ..default()
                },
            ));
        });
}

/// Moves the line: one step per tick of the display, catching up after a late
/// frame, and waits for the next tick when ahead.
fn scroll(
    time: Res<Time<Real>>,
    mut ticker: ResMut<Ticker>,
    mut lines: Query<(&mut Node, &ComputedNode), With<TickerText>>,
    mut deadline: ResMut<Deadline>,
) {
    let Some((rect, _)) = ticker.placed else {
        return;
    };
    let Ok((mut node, computed)) = lines.single_mut() else {
        return;
    };
    let now = time.elapsed_secs();
    let due = ((now - ticker.epoch).max(0.0) * ticker.hz).floor() as u64;
    let width = computed.size().x * computed.inverse_scale_factor();
    // Until the line is laid out its width is unknown; it has not moved yet.
    let cycle = rect.w + width.max(1.0);
    if due > ticker.ticks {
        ticker.ticks = due;
        let mut offset = ticker.offset_after(due);
        if offset >= cycle {
            // Past the left edge: start again from the right, and count from here.
            let laps = (offset / cycle).floor();
            offset -= laps * cycle;
            offset = offset.round();
            ticker.epoch = now - (offset / ticker.step).round() / ticker.hz;
            ticker.ticks = (offset / ticker.step).round() as u64;
        }
        ticker.offset = offset;
        let left = rect.w - ticker.offset;
        if node.left != Val::Px(left) {
            node.left = px(left);
        }
    }
    // The next tick: straight away if that is within a frame, else at its time.
    let next = ticker.epoch + (ticker.ticks + 1) as f32 / ticker.hz;
    let wait = next - now;
    if wait <= 0.5 / ticker.hz {
        deadline.animate();
    } else {
        deadline.within(wait);
    }
}

/// Only a window scrolls the line; an offscreen picture shows it standing.
fn in_window(mode: Res<Mode>) -> bool {
    matches!(*mode, Mode::Window)
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Ticker>();
    app.add_systems(
        Update,
        (follow, scroll.run_if(in_window))
            .chain()
            .in_set(super::AppSystems::Draw),
    );
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::core::settings::Settings;
    use crate::player::schedule::WallClock;

    use crate::player::{metrics, schedule, wake};

    /// The ticker of the default content in a headless 1920×1080 window, 17 ms a
    /// frame (a little slower than the 60 Hz display it assumes).
    fn app() -> App {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let content = crate::core::content::load(&dir).unwrap();
        let mut settings = Settings::defaults(dir);
        settings.ticker.show = crate::core::settings::Show::On;
        let mut app = crate::player::bare_app(settings, content, 0, 17);
        // A day without a campaign: the folder's own lines.
        let tz = jiff::tz::TimeZone::get("Asia/Shanghai").unwrap();
        let at = crate::core::schedule::parse_local("2026-03-02 10:00", &tz).unwrap();
        app.insert_resource(WallClock::Fixed(at));
        app.add_plugins((wake::plugin, schedule::plugin, metrics::plugin, plugin));
        app.init_resource::<wake::Asked>();
        app.add_systems(PostUpdate, wake::record_asked);
        app
    }

    fn left(app: &mut App) -> Option<f32> {
        let mut q = app.world_mut().query_filtered::<&Node, With<TickerText>>();
        q.iter(app.world()).next().map(|n| match n.left {
            Val::Px(x) => x,
            _ => f32::NAN,
        })
    }

    #[test]
    fn the_line_moves_whole_steps_following_speed_times_time_and_a_reload_does_not_restart_it() {
        let mut app = app();
        app.update();
        let ticker = app.world().resource::<Ticker>();
        assert!(
            ticker.text.contains("第二十条第一款"),
            "lines scroll with their citations"
        );
        let (step, hz) = (ticker.step, ticker.hz);
        assert_eq!(hz, 60.0);
        assert_eq!(step.fract(), 0.0, "whole pixels");
        assert!(step >= 1.0);
        let width = 1920.0;
        let mut previous = left(&mut app).unwrap();
        for frame in 1..=240 {
            if frame == 120 {
                // A reload: new content of the same words, a new generation.
                let mut live = app.world_mut().resource_mut::<LiveContent>();
                live.content = Arc::new((*live.content).clone());
                live.generation += 1;
            }
            app.update();
            let ticker = app.world().resource::<Ticker>();
            let elapsed = app.world().resource::<Time<Real>>().elapsed_secs() - ticker.epoch;
            let due = (elapsed * hz).floor();
            let now = left(&mut app).unwrap();
            assert_eq!(
                now,
                width - due * step,
                "frame {frame}: position follows speed × time"
            );
            let moved = previous - now;
            assert!(
                moved == step || moved == 2.0 * step,
                "frame {frame}: moved {moved}"
            );
            previous = now;
            // It asks for the next tick, no sooner.
            let (wait, animating) = app.world().resource::<wake::Asked>().last();
            assert!(animating || wait.is_some_and(|w| w <= 1.0 / hz + 1e-3));
        }
    }

    #[test]
    fn switched_off_it_is_gone_and_asks_for_no_frames() {
        let mut app = app();
        app.update();
        assert!(left(&mut app).is_some());
        let mut settings = app.world_mut().resource_mut::<LiveSettings>();
        settings.0.ticker.show = crate::core::settings::Show::Off;
        for _ in 0..3 {
            app.update();
        }
        assert_eq!(left(&mut app), None, "no ticker");
        let (wait, animating) = app.world().resource::<wake::Asked>().last();
        assert!(!animating, "no animation frames");
        assert!(wait.is_none_or(|w| w > 1.0), "no tick wanted: {wait:?}");
    }
}
