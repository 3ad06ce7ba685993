//! For staff only: a small, calm mark in a corner when the files on disk have
//! problems (the last good content keeps playing), and the staff overlay: content
//! version, the last reload and its diagnostics, what is scheduled, uptime,
//! today's counts, the data folder's free space, and buttons to reload, to show
//! the proof sheet's first page, and to quit. How staff get here (the key chord,
//! the hidden gesture and the PIN) is `access.rs`.
//!
//! Staff read this, not citizens: every line is in Chinese and English.

use std::path::Path;
use std::time::{Duration, SystemTime};

use bevy::picking::pointer::PointerButton;
use bevy::prelude::*;

use super::access::AskForStaff;
use super::{StaffPage, StaffView};
use crate::core::layout::text_width_em;
use crate::core::pages::Rect;
use crate::core::settings::Settings;
use crate::player::fonts::text_font;
use crate::player::messages::Messages;
use crate::player::metrics::Screen;
use crate::player::reload::{LastReload, ReloadNow};
use crate::player::schedule::OnAirNow;
use crate::player::state::{AppSystems, StaffAtScreen};
use crate::player::stats::{StatsLink, Today};
use crate::player::theme::Palette;
use crate::player::widgets::{Tapped, button, placed};
use crate::player::{LiveContent, LiveSettings, Problems};

/// The corner mark.
#[derive(Component)]
struct Indicator;

/// The staff overlay.
#[derive(Component)]
struct Overlay;

/// The overlay's buttons, to find them (tests tap them).
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffButton {
    Reload,
    Proof,
    Back,
    Quit,
    Close,
}

/// Tells the rest of the app whether the staff overlay or the PIN pad is up: a
/// touch then belongs to them, not to the pages behind.
fn publish_staff_at_screen(
    view: Res<StaffView>,
    pad: Option<Res<super::access::PinPad>>,
    mut at: ResMut<StaffAtScreen>,
) {
    let up = view.overlay_open || pad.is_some_and(|p| p.open);
    at.set_if_neq(StaffAtScreen(up));
}

/// Diagnostics the overlay lists, one line each; the rest are counted.
const DIAGNOSTICS_SHOWN: usize = 6;

/// Today's counts from the statistics (sessions, pages, items shown); `None`
/// (no statistics running, e.g. offscreen) shows "—": nothing is made up.
pub fn todays_counts(today: Option<Today>) -> Option<String> {
    let t = today?;
    Some(format!(
        "触摸使用 {} 次，打开页面 {} 次，播放 {} 项 / {} touch sessions, {} pages opened, {} items shown",
        t.sessions, t.pages, t.shown, t.sessions, t.pages, t.shown
    ))
}

/// Free and total bytes on the file system holding `dir` (or its nearest
/// existing parent).
pub fn disk_space(dir: &Path) -> Option<(u64, u64)> {
    use std::os::unix::ffi::OsStrExt;
    let mut at = dir;
    while !at.exists() {
        at = at.parent()?;
    }
    let path = std::ffi::CString::new(at.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs writes into the zeroed struct it is given and reads the
    // NUL-terminated path; both live across the call.
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(path.as_ptr(), &mut stat) } != 0 {
        return None;
    }
    let block = (stat.f_frsize as u64).max(1);
    Some((
        (stat.f_bavail as u64).saturating_mul(block),
        (stat.f_blocks as u64).saturating_mul(block),
    ))
}

fn gigabytes(bytes: u64) -> String {
    format!("{:.1} GB", bytes as f64 / 1e9)
}

/// `3 天 4 小时 / 3 d 4 h`, `12 分钟 / 12 min`.
pub fn duration_words(d: Duration) -> String {
    let s = d.as_secs();
    let (days, hours, minutes) = (s / 86_400, s / 3600 % 24, s / 60 % 60);
    if days > 0 {
        format!("{days} 天 {hours} 小时 / {days} d {hours} h")
    } else if hours > 0 {
        format!("{hours} 小时 {minutes} 分钟 / {hours} h {minutes} min")
    } else {
        format!("{minutes} 分钟 / {minutes} min")
    }
}

/// What is on air now (the campaigns running, when that next changes) and the
/// slides the rotation plays, by title, in order.
fn scheduled(settings: &Settings, on_air: &OnAirNow, screen: &Screen) -> String {
    let campaigns = if on_air.on_air.campaigns.is_empty() {
        "无活动 / no campaign".to_owned()
    } else {
        format!("活动 / campaigns: {}", on_air.on_air.campaigns.join(", "))
    };
    let next = on_air.next_change().map_or_else(String::new, |t| {
        format!(
            "；下次变化 / next change {}",
            settings.time_zone.to_datetime(t).strftime("%Y-%m-%d %H:%M")
        )
    });
    let slides = crate::core::rotation::slides(
        &on_air.on_air.playlist,
        settings.seconds_per_item,
        settings.transition,
        &screen.0,
    );
    if slides.is_empty() {
        return format!("{campaigns}{next}\n（轮播无画面 / no slide）");
    }
    let titles: Vec<String> = slides
        .iter()
        .map(|s| format!("{} ({:.0} s)", s.item.title(s.key.page), s.seconds))
        .collect();
    format!(
        "{campaigns}{next}\n轮播 {} 页 / {} slides in rotation: {}",
        slides.len(),
        slides.len(),
        titles.join(" · ")
    )
}

/// The content version playing (`pufa-kiosk version` prints the same), who
/// approved it, and the load count. Hashed only while the overlay is drawn.
fn content_version(settings: &Settings, live: &LiveContent) -> String {
    let load = format!("第 {0} 次载入 / load {0}", live.generation);
    match &live.content.approved {
        Some(a) => format!(
            "{} · 已审核 / approved：{}（{}）{} · {load}",
            a.version.short(),
            a.approver,
            a.role,
            a.at
        ),
        None => {
            let v = settings
                .approval
                .version_of(&live.content.root)
                .map_or_else(|_| "—".to_owned(), |v| v.short());
            let approval = if settings.approval.required {
                "未审核 / not approved"
            } else {
                "不要求审核 / approval not required"
            };
            format!("{v} · {approval} · {load}")
        }
    }
}

/// The lines of the summary, label and value.
fn summary(
    settings: &Settings,
    live: &LiveContent,
    on_air: &OnAirNow,
    last: &LastReload,
    problems: &Problems,
    screen: &Screen,
    uptime: Duration,
    today: Option<Today>,
) -> Vec<(&'static str, String)> {
    let version = content_version(settings, live);
    let reload = match last.at {
        None => "尚未载入 / not loaded yet".to_owned(),
        Some(at) => {
            let ago = duration_words(SystemTime::now().duration_since(at).unwrap_or_default());
            if last.ok && !problems.any() {
                format!("成功 / OK · {ago} 前 / ago · {:.0} ms", last.load_ms)
            } else {
                format!(
                    "有问题，仍播放上一版 / problems, the last good version plays · {ago} 前 / ago"
                )
            }
        }
    };
    let data = &settings.data_dir;
    let disk = match disk_space(data) {
        Some((free, total)) => format!(
            "{} 可用，共 {} / {} free of {} ({})",
            gigabytes(free),
            gigabytes(total),
            gigabytes(free),
            gigabytes(total),
            data.display()
        ),
        None => format!("无法读取 / cannot read ({})", data.display()),
    };
    vec![
        ("内容版本 / Content version", version),
        ("上次载入 / Last reload", reload),
        ("排期 / Scheduled", scheduled(settings, on_air, screen)),
        ("运行时间 / Uptime", duration_words(uptime)),
        (
            "今日统计 / Today",
            todays_counts(today).unwrap_or_else(|| "—".into()),
        ),
        ("数据文件夹磁盘 / Data disk", disk),
    ]
}

/// The proof sheet's first page: the first slide's title, its words, its
/// citations and the full text of every article cited, as `proof` writes them.
fn proof_first_page(
    settings: &Settings,
    live: &LiveContent,
    on_air: &OnAirNow,
    screen: &Screen,
    messages: &Messages,
) -> String {
    let slides = crate::core::rotation::slides(
        &on_air.on_air.playlist,
        settings.seconds_per_item,
        settings.transition,
        &screen.0,
    );
    let Some(first) = slides.first() else {
        return "轮播中没有画面 / the rotation has no slide".into();
    };
    // What the slide says, as the kind itself reads it out: a panel's words, a
    // comic scene's with its verdict, the bureau's profile.
    let reading = first
        .item
        .reading(&live.content.laws, messages.verdict_words());
    let words: Vec<&String> = reading
        .get(first.key.page)
        .or(reading.first())
        .into_iter()
        .collect();
    let title = first.item.title(first.key.page);
    let citations = first.item.citations(first.key.page);
    let mut out = format!("{title}\n\n");
    for w in &words {
        out.push_str(w);
        out.push('\n');
    }
    out.push_str("\n引用 / Citations:\n");
    for c in &citations {
        out.push_str(&format!("  {}\n", c.label));
    }
    for (law, article) in live.content.cited_articles(&citations) {
        out.push_str(&format!(
            "\n《{}》{}\n{}\n",
            law.title,
            article.label(),
            article.lines().join("\n")
        ));
    }
    out
}

fn show_indicator(
    mut commands: Commands,
    problems: Res<Problems>,
    screen: Res<Screen>,
    messages: Res<Messages>,
    palette: Res<Palette>,
    indicators: Query<Entity, With<Indicator>>,
) {
    if !problems.is_changed() && !screen.is_changed() {
        return;
    }
    for e in &indicators {
        commands.entity(e).despawn();
    }
    if !problems.any() {
        return;
    }
    let m = screen.0;
    let size = (m.small * 0.7).round();
    let text = &messages.staff_problems;
    let w = text_width_em(text) * size + size * 2.2;
    let h = size * 1.8;
    // Bottom-right, over the footer band, where it does not cover any words.
    let rect = Rect {
        x: m.width - w - size * 0.5,
        y: m.height - h - size * 0.4,
        w,
        h,
    };
    commands
        .spawn((
            Name::new("staff indicator"),
            Indicator,
            Node {
                border_radius: BorderRadius::all(px(h / 2.0)),
                padding: UiRect::horizontal(px(size * 0.6)),
                align_items: AlignItems::Center,
                column_gap: px(size * 0.4),
                ..placed(rect)
            },
            BackgroundColor(Color::srgba(0.0, 0.0, 0.0, 0.55)),
            GlobalZIndex(50),
        ))
        .with_children(|mark| {
            mark.spawn((
                Node {
                    width: px(size * 0.6),
                    height: px(size * 0.6),
                    border_radius: BorderRadius::all(px(size)),
                    ..default()
                },
                BackgroundColor(palette.accent),
            ));
            mark.spawn((
                Text::new(text.clone()),
                text_font(size, false),
                TextColor(Color::WHITE),
            ));
        })
        // The report is for staff: the mark asks for access like the chord does
        // (at once in a preview window; with the PIN in a locked-down kiosk).
        .observe(
            |click: On<Pointer<Click>>, mut ask: MessageWriter<AskForStaff>| {
                if click.button == PointerButton::Primary {
                    ask.write(AskForStaff::Tapped);
                }
            },
        );
}

fn show_overlay(
    mut commands: Commands,
    view: Res<StaffView>,
    problems: Res<Problems>,
    last: Res<LastReload>,
    live: Res<LiveContent>,
    on_air: Res<OnAirNow>,
    link: Option<Res<StatsLink>>,
    settings: Res<LiveSettings>,
    screen: Res<Screen>,
    palette: Res<Palette>,
    messages: Res<Messages>,
    time: Res<Time<Real>>,
    overlays: Query<Entity, With<Overlay>>,
) {
    if !view.is_changed()
        && !problems.is_changed()
        && !last.is_changed()
        && !live.is_changed()
        && !on_air.is_changed()
    {
        return;
    }
    for e in &overlays {
        commands.entity(e).despawn();
    }
    if !view.overlay_open {
        return;
    }
    let m = screen.0;
    let size = (m.small * 0.6).max(14.0).round();
    let root = commands
        .spawn((
            Name::new("staff overlay"),
            Overlay,
            Node {
                position_type: PositionType::Absolute,
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(m.margin * 0.5)),
                row_gap: px(size * 0.6),
                overflow: Overflow::clip(),
                ..default()
            },
            // Nearly opaque: the slides behind keep changing and would blur the words.
            BackgroundColor(Color::srgba(0.05, 0.05, 0.08, 0.99)),
            GlobalZIndex(100),
        ))
        .id();
    let heading = |text: String| {
        (
            Text::new(text),
            text_font(size * 1.3, true),
            TextColor(Color::WHITE),
        )
    };
    let body = |text: String| {
        (
            Text::new(text),
            text_font(size, false),
            TextColor(Color::srgb(0.92, 0.92, 0.92)),
        )
    };
    let staff_button = |label: &'static str, which: StaffButton| {
        (
            button(
                label,
                move |_: On<Tapped>,
                      mut view: ResMut<StaffView>,
                      mut reload: MessageWriter<ReloadNow>,
                      mut exit: MessageWriter<AppExit>| match which {
                    StaffButton::Reload => {
                        reload.write(ReloadNow);
                    }
                    StaffButton::Proof => view.page = StaffPage::Proof,
                    StaffButton::Back => view.page = StaffPage::Summary,
                    StaffButton::Quit => {
                        info!("quit from the staff overlay");
                        exit.write(AppExit::Success);
                    }
                    StaffButton::Close => *view = StaffView::default(),
                },
                &screen,
                &palette,
                which == StaffButton::Close,
            ),
            which,
        )
    };
    commands.entity(root).with_children(|o| {
        o.spawn(heading(format!(
            "工作人员面板 / Staff — {}",
            settings.content_dir.display()
        )));
        match view.page {
            StaffPage::Summary => {
                for (label, value) in summary(
                    &settings,
                    &live,
                    &on_air,
                    &last,
                    &problems,
                    &screen,
                    time.elapsed(),
                    link.as_ref().map(|l| l.today),
                ) {
                    o.spawn(body(format!("{label}：{value}")));
                }
                o.spawn(Node {
                    column_gap: px(size),
                    flex_wrap: FlexWrap::Wrap,
                    row_gap: px(size * 0.5),
                    ..default()
                })
                .with_children(|row| {
                    row.spawn(staff_button("重新载入 / Reload", StaffButton::Reload));
                    row.spawn(staff_button(
                        "审核稿首页 / Proof sheet, page 1",
                        StaffButton::Proof,
                    ));
                    row.spawn(staff_button("退出 / Quit", StaffButton::Quit));
                    row.spawn(staff_button("关闭 / Close", StaffButton::Close));
                });
                if problems.any() || !problems.diagnostics.is_empty() {
                    // One line each, as many as the screen holds below the buttons;
                    // `pufa-kiosk check` prints them in full with the lines they
                    // point at.
                    let shown = DIAGNOSTICS_SHOWN.min(problems.diagnostics.len());
                    let mut lines: Vec<String> = problems
                        .diagnostics
                        .iter()
                        .take(shown)
                        .map(ToString::to_string)
                        .collect();
                    let more = problems.diagnostics.len() - shown;
                    lines.push(if more > 0 {
                        format!(
                            "…另有 {more} 条，完整报告请运行 pufa-kiosk check / {more} more: run `pufa-kiosk check` for the full report"
                        )
                    } else {
                        "完整报告（含出错的行）请运行 pufa-kiosk check / `pufa-kiosk check` prints each with its line".into()
                    });
                    let report = lines.join("\n");
                    o.spawn(body(format!("检查结果 / Diagnostics:\n{report}")));
                }
            }
            StaffPage::Proof => {
                o.spawn(Node {
                    column_gap: px(size),
                    ..default()
                })
                .with_children(|row| {
                    row.spawn(staff_button("返回 / Back", StaffButton::Back));
                    row.spawn(staff_button("关闭 / Close", StaffButton::Close));
                });
                o.spawn(body(proof_first_page(
                    &settings, &live, &on_air, &screen, &messages,
                )));
            }
        }
    });
}

/// The overlay closes by itself after this long without a touch or a key, so one
/// left open never greets the next visitor with a Quit button.
pub const OVERLAY_IDLE_SECONDS: f32 = 120.0;

/// `Time<Real>` seconds of the last input while the overlay is up.
#[derive(Resource, Default)]
struct OverlayIdle(f32);

fn close_when_left_alone(
    mut view: ResMut<StaffView>,
    mut idle: ResMut<OverlayIdle>,
    mut pointers: MessageReader<bevy::picking::pointer::PointerInput>,
    mut keys: MessageReader<bevy::input::keyboard::KeyboardInput>,
    time: Res<Time<Real>>,
    mut deadline: ResMut<crate::player::wake::Deadline>,
) {
    let now = time.elapsed_secs();
    let touched = pointers.read().count() + keys.read().count() > 0;
    if !view.overlay_open {
        return;
    }
    if touched || view.is_changed() {
        idle.0 = now;
    }
    let left = OVERLAY_IDLE_SECONDS - (now - idle.0);
    if left <= 0.0 {
        info!("staff overlay closed after {OVERLAY_IDLE_SECONDS} s without input");
        *view = StaffView::default();
    } else {
        deadline.within(left);
    }
}

/// F2 toggles the overlay in a preview window (a locked-down kiosk answers only
/// the chord, the gesture and the PIN: a visitor may find F2).
fn toggle_with_keyboard(
    keys: Res<ButtonInput<KeyCode>>,
    settings: Res<LiveSettings>,
    mut view: ResMut<StaffView>,
) {
    if keys.just_pressed(KeyCode::F2) && !settings.lockdown {
        view.overlay_open = !view.overlay_open;
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<StaffView>();
    app.init_resource::<StaffAtScreen>();
    app.init_resource::<LastReload>();
    app.init_resource::<OverlayIdle>();
    app.add_message::<ReloadNow>()
        .add_message::<bevy::picking::pointer::PointerInput>()
        .add_message::<bevy::input::keyboard::KeyboardInput>();
    app.add_systems(
        Update,
        (
            toggle_with_keyboard,
            close_when_left_alone,
            show_indicator,
            show_overlay,
            publish_staff_at_screen,
        )
            .chain()
            .after(super::access::StaffAccessSystems)
            .in_set(AppSystems::Respond),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn durations_read_in_both_languages() {
        assert_eq!(duration_words(Duration::from_secs(59)), "0 分钟 / 0 min");
        assert_eq!(
            duration_words(Duration::from_secs(3 * 3600 + 120)),
            "3 小时 2 分钟 / 3 h 2 min"
        );
        assert_eq!(
            duration_words(Duration::from_secs(2 * 86_400 + 5 * 3600)),
            "2 天 5 小时 / 2 d 5 h"
        );
    }

    #[test]
    fn the_data_folder_is_beside_the_content_and_its_disk_is_read() {
        let settings = Settings::defaults(PathBuf::from("/srv/kiosk/content"));
        assert_eq!(settings.data_dir, Path::new("data"));
        let dir = tempfile::tempdir().unwrap();
        let (free, total) = disk_space(&dir.path().join("not/yet/made")).unwrap();
        assert!(total > 0 && free <= total, "{free} of {total}");
    }
}
