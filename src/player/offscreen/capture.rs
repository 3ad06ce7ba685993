//! Drawing each slide, then each touch page, into the offscreen camera's picture,
//! and saving each picture once it is drawn.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};

use super::audit::audit_page;
use super::shots::{file_name, set_up, shots, slide_name};
use super::transcript::ToTranscribe;
use super::{Job, OnlyPages, SETTLE_FRAMES, ShotKind, slide_count};
use crate::core::settings::ScreenMode;
use crate::player::camera::{image_camera, save_png};
use crate::player::images::{ImageStore, PendingImage};
use crate::player::metrics::TickerArea;
use crate::player::rotation::Attract;
use crate::player::rotation::slide::{self, SlideContext, SlideRoot};
use crate::player::state::Shown;
use crate::player::{LiveContent, Mode};

pub(super) fn setup(
    mut commands: Commands,
    mut images: ResMut<Assets<Image>>,
    mode: Res<Mode>,
    live: Res<LiveContent>,
    settings: Res<crate::player::LiveSettings>,
    only: Option<Res<OnlyPages>>,
) {
    let Mode::Render {
        size,
        out,
        large_text,
        touch_pages,
    } = mode.into_inner()
    else {
        return;
    };
    let target = image_camera(&mut commands, &mut images, *size, [0, 0, 0, 255]);
    commands.insert_resource(Job {
        target,
        size: *size,
        out: out.clone(),
        next: 0,
        frames: 0,
        capturing: false,
        saved: Arc::new(AtomicUsize::new(0)),
        files: Vec::new(),
        shots: if *touch_pages {
            shots(
                &live.content,
                *large_text,
                settings.mode == ScreenMode::Board,
            )
            .into_iter()
            .filter(|s| only.as_ref().is_none_or(|o| o.0.contains(&s.name)))
            .collect()
        } else {
            Vec::new()
        },
        pages_only: only.is_some(),
        shot: 0,
        transcribe: None,
        audit_slide: None,
        ticker_drawn: false,
    });
}

/// A screenshot of the camera's target, and what saves it to `path` once the
/// frame is drawn; counts the picture as awaited.
pub(super) fn capture(
    job: &mut Job,
    path: PathBuf,
) -> (Screenshot, impl FnMut(On<ScreenshotCaptured>) + use<>) {
    job.files.push(path.clone());
    job.capturing = true;
    let saved = job.saved.clone();
    let save = save_png(path, move || {
        saved.fetch_add(1, Ordering::SeqCst);
    });
    (Screenshot::image(job.target.clone()), save)
}

/// A board too small for slides shows only its ticker: that screen is drawn once,
/// as the board's one picture.
pub(super) fn step_ticker_only(
    mut commands: Commands,
    job: Option<ResMut<Job>>,
    attract: Res<Attract>,
    ticker: Res<TickerArea>,
) {
    let Some(mut job) = job else { return };
    if !ticker.only || !attract.rotation.slides().is_empty() || job.out.is_none() {
        return;
    }
    if job.capturing {
        if job.saved.load(Ordering::SeqCst) >= job.files.len() {
            job.capturing = false;
            job.ticker_drawn = true;
        }
        return;
    }
    if job.ticker_drawn {
        return;
    }
    job.frames += 1;
    let Some(out) = job.out.clone().filter(|_| job.frames >= SETTLE_FRAMES) else {
        return;
    };
    let path = out.join("001-ticker-only.png");
    job.audit_slide = Some("ticker-only".into());
    job.transcribe = Some(ToTranscribe {
        file: path.clone(),
        kind: ShotKind::Slide,
        name: "ticker-only".into(),
        title: None,
        citations: Vec::new(),
    });
    let (screenshot, save) = capture(&mut job, path);
    commands.spawn(screenshot).observe(save);
}

pub(super) fn step(
    mut commands: Commands,
    job: Option<ResMut<Job>>,
    mut attract: ResMut<Attract>,
    ctx: SlideContext,
    roots: Query<Entity, With<SlideRoot>>,
    pending: Query<(), With<PendingImage>>,
    store: Res<ImageStore>,
) {
    let Some(mut job) = job else { return };
    // The touch pages come next (see `step_pages`).
    if job.next >= slide_count(&job, &attract) {
        return;
    }
    if job.capturing {
        if job.saved.load(Ordering::SeqCst) < job.files.len() {
            return;
        }
        job.capturing = false;
        job.next += 1;
        job.frames = 0;
    }
    let Some(out) = job
        .out
        .clone()
        .filter(|_| job.next < slide_count(&job, &attract))
    else {
        return;
    };
    if attract.rotation.index() != job.next {
        for e in &roots {
            commands.entity(e).despawn();
        }
        attract.rotation.go_to(job.next);
        if let Some(coming) = attract.rotation.slides().get(job.next).cloned() {
            slide::spawn(&mut commands, &ctx, &coming);
        }
        job.frames = 1;
        return;
    }
    job.frames += 1;
    if job.frames < SETTLE_FRAMES || !pending.is_empty() || store.busy() {
        return;
    }
    let Some(slide) = attract.rotation.slides().get(job.next) else {
        return;
    };
    let path = out.join(file_name(job.next, &slide.key));
    job.audit_slide = Some(format!("slide-{}", slide_name(slide)));
    job.transcribe = Some(ToTranscribe {
        file: path.clone(),
        kind: ShotKind::Slide,
        name: slide_name(slide),
        title: Some(slide.item.title(slide.key.page)),
        citations: slide.item.citations(slide.key.page),
    });
    let (screenshot, save) = capture(&mut job, path);
    commands.spawn(screenshot).observe(save);
}

/// After the slides: each touch page, set up, audited and captured.
pub(super) fn step_pages(world: &mut World) {
    let Some(job) = world.get_resource::<Job>() else {
        return;
    };
    let slides = slide_count(job, world.resource::<Attract>());
    if job.next < slides {
        return;
    }
    let ticker_only = world.resource::<TickerArea>().only
        && world.resource::<Attract>().rotation.slides().is_empty()
        && job.out.is_some();
    if ticker_only && !job.ticker_drawn {
        return;
    }
    if job.capturing {
        if job.saved.load(Ordering::SeqCst) < job.files.len() {
            return;
        }
        let mut job = world.resource_mut::<Job>();
        job.capturing = false;
        job.shot += 1;
        job.frames = 0;
    }
    let job = world.resource::<Job>();
    let (frames, number) = (job.frames, slides + job.shot + 1);
    let Some(shot) = job.shots.get(job.shot).cloned() else {
        if let Some(out) = &job.out {
            info!("rendered {} pictures to {}", job.files.len(), out.display());
        }
        world.write_message(AppExit::Success);
        return;
    };
    if frames == 0 {
        set_up(world, &shot);
        world.resource_mut::<Job>().frames = 1;
        return;
    }
    world.resource_mut::<Job>().frames += 1;
    let waiting = world
        .query_filtered::<(), With<PendingImage>>()
        .iter(world)
        .next()
        .is_some()
        || world.resource::<ImageStore>().busy();
    // The page answers the visit in the frame after it is sent.
    if frames < SETTLE_FRAMES + 1 || waiting {
        return;
    }
    audit_page(world, &shot.name, shot.large_text);
    let Some(out) = world.resource::<Job>().out.clone() else {
        let mut job = world.resource_mut::<Job>();
        job.shot += 1;
        job.frames = 0;
        return;
    };
    let path = out.join(format!("{number:03}-page-{}.png", shot.name));
    let Shown { title, citations } = world.resource::<Shown>().clone();
    world.resource_mut::<Job>().transcribe = Some(ToTranscribe {
        file: path.clone(),
        kind: ShotKind::Page,
        name: shot.name.clone(),
        title,
        citations,
    });
    let (screenshot, save) = capture(&mut world.resource_mut::<Job>(), path);
    world.spawn(screenshot).observe(save);
}
