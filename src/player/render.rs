//! `pufa-kiosk render`: draws every slide of the rotation offscreen and saves each
//! as a PNG, for staff to approve a campaign and for tests to look at.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bevy::asset::RenderAssetUsages;
use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat, TextureUsages};
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::ui::IsDefaultUiCamera;

use super::attract::Attract;
use super::images::{ImageStore, PendingImage};
use super::screens::{self, Page, Redraw};
use super::slides::{self, SlideContext, SlideRoot};
use super::{Live, Mode, Problems, build_app};
use crate::core::playlist::ItemKind;

/// Progress through the slides.
#[derive(Resource)]
struct Job {
    target: Handle<Image>,
    out: PathBuf,
    next: usize,
    /// Frames drawn since the current slide was spawned.
    frames: u32,
    capturing: bool,
    saved: Arc<AtomicUsize>,
    files: Vec<PathBuf>,
    /// Next touch page to draw, once the slides are done.
    page: usize,
}

/// Frames to let layout and text settle before a capture.
const SETTLE_FRAMES: u32 = 4;

/// The touch pages drawn after the slides, each set up as a citizen would reach it.
const PAGES: [(&str, Page); 8] = [
    ("home", Page::Home),
    ("roadmap-start", Page::Roadmap),
    ("roadmap-step", Page::Roadmap),
    ("comic-reader", Page::Comic),
    ("comic-quiz", Page::Comic),
    ("browser-chapters", Page::Browser),
    ("browser-article", Page::Browser),
    ("online", Page::Online),
];

/// Puts the page's state where the shot `name` needs it.
fn set_up_page(world: &mut World, name: &str) {
    let live = world.resource::<Live>().clone();
    match name {
        "roadmap-step" => {
            if let Some(roadmap) = &live.content.roadmap {
                let mut view = world.resource_mut::<screens::roadmap::RoadmapView>();
                // Follow the first choice until a step with a time limit is reached.
                for _ in 0..roadmap.steps.len() {
                    if roadmap.steps[view.walk.current()].limit.is_some()
                        || !view.walk.choose(roadmap, 0)
                    {
                        break;
                    }
                }
            }
        }
        "comic-quiz" => {
            let verdicts = live
                .content
                .comics
                .values()
                .next()
                .map(|c| c.scenes.iter().map(|s| s.verdict).collect())
                .unwrap_or_default();
            world.resource_mut::<screens::comic::ComicView>().quiz =
                Some(crate::core::quiz::Quiz::new(verdicts));
        }
        "browser-article" => {
            world
                .resource_mut::<screens::browser::BrowserView>()
                .article = Some(20)
        }
        _ => {}
    }
    world.resource_mut::<Redraw>().0 = true;
}

/// Writes one line per button (its size in millimetres) and per text that leaves
/// its box, for the tests to read.
fn audit(world: &mut World, shot: &str, out: &std::path::Path) {
    let px_per_mm = world.resource::<super::screen::Screen>().0.px_per_mm;
    let (w, h) = {
        let m = world.resource::<super::screen::Screen>().0;
        (m.width, m.height)
    };
    let mut lines = String::new();
    let mut buttons = world.query_filtered::<(&ComputedNode, &Name), With<Button>>();
    for (node, name) in buttons.iter(world) {
        let size = node.size() / px_per_mm;
        lines.push_str(&format!(
            "{shot}\tbutton\t{name}\t{:.1}\t{:.1}\n",
            size.x, size.y
        ));
    }
    let mut texts = world.query::<(
        &Text,
        &ComputedNode,
        &bevy::ui::UiGlobalTransform,
        Option<&ChildOf>,
    )>();
    let boxes: Vec<(String, Vec2, Vec2, Option<Entity>)> = texts
        .iter(world)
        .map(|(t, n, g, p)| {
            (
                t.0.clone(),
                g.affine().translation,
                n.size(),
                p.map(ChildOf::parent),
            )
        })
        .collect();
    for (text, center, size, parent) in boxes {
        if text.is_empty() || size.x <= 0.0 {
            continue;
        }
        let (lo, hi) = (center - size / 2.0, center + size / 2.0);
        let mut outside = lo.x < -0.5 || lo.y < -0.5 || hi.x > w + 0.5 || hi.y > h + 0.5;
        if let Some(parent) = parent.and_then(|p| {
            world
                .get::<ComputedNode>(p)
                .zip(world.get::<bevy::ui::UiGlobalTransform>(p))
        }) {
            let (pc, ps) = (parent.1.affine().translation, parent.0.size());
            let (plo, phi) = (pc - ps / 2.0, pc + ps / 2.0);
            outside |= lo.x < plo.x - 1.0
                || lo.y < plo.y - 1.0
                || hi.x > phi.x + 1.0
                || hi.y > phi.y + 1.0;
        }
        if outside {
            lines.push_str(&format!("{shot}\toverflow\t{}\n", text.replace('\n', " ")));
        }
    }
    use std::io::Write;
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(out.join("layout-audit.tsv"))
    {
        let _ = f.write_all(lines.as_bytes());
    }
}

fn file_name(index: usize, key: &crate::core::rotation::SlideKey) -> String {
    let (kind, id) = match &key.item {
        ItemKind::Panel(id) => ("panel", id),
        ItemKind::Comic(id) => ("comic", id),
    };
    format!("{:03}-{kind}-{id}-{}.png", index + 1, key.page + 1)
}

fn setup(mut commands: Commands, mut images: ResMut<Assets<Image>>, mode: Res<Mode>) {
    let Mode::Render { size, out } = mode.into_inner() else {
        return;
    };
    let mut image = Image::new_fill(
        Extent3d {
            width: size.0,
            height: size.1,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        &[0, 0, 0, 255],
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::default(),
    );
    image.texture_descriptor.usage = TextureUsages::TEXTURE_BINDING
        | TextureUsages::COPY_SRC
        | TextureUsages::COPY_DST
        | TextureUsages::RENDER_ATTACHMENT;
    let target = images.add(image);
    commands.spawn((
        Name::new("offscreen camera"),
        Camera2d,
        bevy::render::view::Msaa::Off,
        RenderTarget::Image(target.clone().into()),
        IsDefaultUiCamera,
    ));
    commands.insert_resource(Job {
        target,
        out: out.clone(),
        next: 0,
        frames: 0,
        capturing: false,
        saved: Arc::new(AtomicUsize::new(0)),
        files: Vec::new(),
        page: 0,
    });
}

fn step(
    mut commands: Commands,
    job: Option<ResMut<Job>>,
    mut attract: ResMut<Attract>,
    ctx: SlideContext,
    roots: Query<Entity, With<SlideRoot>>,
    pending: Query<(), With<PendingImage>>,
    store: Res<ImageStore>,
) {
    let Some(mut job) = job else { return };
    let total = attract.rotation.slides().len();
    if job.next >= total {
        // The touch pages come next (see `step_pages`).
        return;
    }
    if job.capturing {
        if job.saved.load(Ordering::SeqCst) == job.files.len() {
            job.capturing = false;
            job.next += 1;
            job.frames = 0;
        } else {
            return;
        }
    }
    if job.next >= total {
        return;
    }
    let current = attract.rotation.index();
    if current != job.next {
        for e in &roots {
            commands.entity(e).despawn();
        }
        attract.rotation.go_to(job.next);
        let key = attract.rotation.slides()[job.next].key.clone();
        slides::spawn(&mut commands, &ctx, &key);
        job.frames = 1;
        return;
    }
    job.frames += 1;
    if job.frames < SETTLE_FRAMES || !pending.is_empty() || store.busy() {
        return;
    }
    let key = attract.rotation.slides()[job.next].key.clone();
    let path = job.out.join(file_name(job.next, &key));
    job.files.push(path.clone());
    job.capturing = true;
    let saved = job.saved.clone();
    commands
        .spawn(Screenshot::image(job.target.clone()))
        .observe(move |captured: On<ScreenshotCaptured>| {
            let result = captured
                .image
                .clone()
                .try_into_dynamic()
                .map_err(|e| e.to_string())
                .and_then(|img| img.to_rgb8().save(&path).map_err(|e| e.to_string()));
            if let Err(e) = result {
                error!("cannot save {}: {e}", path.display());
            }
            saved.fetch_add(1, Ordering::SeqCst);
        });
}

/// After the slides: each touch page, set up, audited and captured.
fn step_pages(world: &mut World) {
    let slides = world.resource::<Attract>().rotation.slides().len();
    let Some(job) = world.get_resource::<Job>() else {
        return;
    };
    if job.next < slides {
        return;
    }
    if job.capturing {
        if job.saved.load(Ordering::SeqCst) < job.files.len() {
            return;
        }
        let mut job = world.resource_mut::<Job>();
        job.capturing = false;
        job.page += 1;
        job.frames = 0;
    }
    let (page, frames) = (world.resource::<Job>().page, world.resource::<Job>().frames);
    let Some((name, target)) = PAGES.get(page).copied() else {
        let job = world.resource::<Job>();
        info!(
            "rendered {} pictures to {}",
            job.files.len(),
            job.out.display()
        );
        world.write_message(AppExit::Success);
        return;
    };
    if frames == 0 {
        set_up_page(world, name);
        world.resource_mut::<NextState<Page>>().set(target);
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
    if frames < SETTLE_FRAMES || waiting {
        return;
    }
    let out = world.resource::<Job>().out.clone();
    audit(world, name, &out);
    let path = out.join(format!("{:03}-page-{name}.png", slides + page + 1));
    let (target_image, saved) = {
        let mut job = world.resource_mut::<Job>();
        job.files.push(path.clone());
        job.capturing = true;
        (job.target.clone(), job.saved.clone())
    };
    world.spawn(Screenshot::image(target_image)).observe(
        move |captured: On<ScreenshotCaptured>| {
            if let Err(e) = captured
                .image
                .clone()
                .try_into_dynamic()
                .map_err(|e| e.to_string())
                .and_then(|img| img.to_rgb8().save(&path).map_err(|e| e.to_string()))
            {
                error!("cannot save {}: {e}", path.display());
            }
            saved.fetch_add(1, Ordering::SeqCst);
        },
    );
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, setup);
    app.add_systems(
        Update,
        (step.after(super::attract::AttractSystems::Sync), step_pages).chain(),
    );
}

/// Renders every slide of `live`'s rotation at `size` into `out`; returns the files.
pub fn render_to_png(live: Live, size: (u32, u32), out: PathBuf) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut app = build_app(
        live,
        Problems::default(),
        Mode::Render {
            size,
            out: out.clone(),
        },
    );
    match app.run() {
        AppExit::Success => {}
        AppExit::Error(code) => return Err(format!("renderer stopped with code {code}")),
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&out)
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    files.sort();
    Ok(files)
}
