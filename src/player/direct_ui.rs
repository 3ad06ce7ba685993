//! The window's UI drawn straight into the window's image.
//!
//! Bevy draws a camera's UI into a texture of its own (the "main texture") and
//! then copies that texture to the window's swap-chain image with a full-screen
//! pass ("upscaling"). The kiosk has no post-processing, no sprites and no 3D, so
//! the copy only doubles the work: with software rendering it shaded as many
//! fragments as the whole window (12–13 ms a frame at 1920×1080, as much as the
//! UI itself), on every frame of a transition and on the frame that shows a
//! reload. Here the UI pass of a camera that draws a whole window renders into
//! the swap-chain image itself, cleared to the camera's page colour, and the copy
//! is skipped. The main texture is then never written, so its memory is never
//! touched either.
//!
//! Other cameras (an offscreen picture for `render`, `proof` and `poster`; a
//! window camera with an output region, which must leave the rest of the window
//! black; the very first frame, before the window's format is known) take Bevy's
//! own way: the UI into the main texture, cleared first, then the copy.

use bevy::camera::{CameraOutputMode, ClearColorConfig, NormalizedRenderTarget};
use bevy::core_pipeline::Core2d;
use bevy::core_pipeline::core_2d::{main_opaque_pass_2d, main_transparent_pass_2d};
use bevy::ecs::schedule::ScheduleCleanupPolicy;
use bevy::prelude::*;
use bevy::render::camera::ExtractedCamera;
use bevy::render::diagnostic::RecordDiagnostics;
use bevy::render::render_phase::ViewSortedRenderPhases;
use bevy::render::render_resource::{RenderPassDescriptor, TextureFormat};
use bevy::render::renderer::{RenderContext, ViewQuery};
use bevy::render::view::{ExtractedView, ExtractedWindows, ViewTarget, prepare_windows};
use bevy::render::{Render, RenderApp, RenderSystems};
use bevy::ui_render::render_pass::{TransparentUi, ui_pass};
use bevy::ui_render::{UiCameraView, UiViewTarget};

/// Whether a camera draws straight into its window: a whole window, no HDR or
/// colour-space conversion, and a window whose image format is known.
fn direct_format(camera: &ExtractedCamera, windows: &ExtractedWindows) -> Option<TextureFormat> {
    let Some(NormalizedRenderTarget::Window(window)) = &camera.target else {
        return None;
    };
    if camera.viewport.is_some() || camera.hdr || camera.compositing_space.is_some() {
        return None;
    }
    windows
        .get(&window.entity())
        .and_then(|w| w.swap_chain_texture_view_format)
}

/// After the window's image is acquired and before the UI is queued: the UI view
/// of a camera that draws straight into its window takes the window's format (its
/// pipelines are made for it), and the camera's copy to the window is turned off.
fn choose_direct(
    windows: Res<ExtractedWindows>,
    mut cameras: Query<(&mut ExtractedCamera, &UiCameraView)>,
    mut views: Query<&mut ExtractedView, With<UiViewTarget>>,
) {
    for (mut camera, ui_view) in &mut cameras {
        let Some(format) = direct_format(&camera, &windows) else {
            continue;
        };
        let Ok(mut view) = views.get_mut(ui_view.0) else {
            continue;
        };
        view.target_format = format;
        camera.output_mode = CameraOutputMode::Skip;
    }
}

/// Bevy's UI pass, aimed at the window's image where [`choose_direct`] turned the
/// copy off, else at the main texture. It always begins its pass, so the target
/// is cleared even when there is no UI to draw.
fn ui_pass_direct(
    world: &World,
    view: ViewQuery<&UiCameraView>,
    ui_views: Query<(&ExtractedView, &UiViewTarget)>,
    targets: Query<(&ViewTarget, &ExtractedCamera)>,
    phases: Res<ViewSortedRenderPhases<TransparentUi>>,
    clear_color: Res<ClearColor>,
    mut ctx: RenderContext,
) {
    let ui_view = view.into_inner().0;
    let Ok((extracted_view, ui_target)) = ui_views.get(ui_view) else {
        return;
    };
    let Ok((target, camera)) = targets.get(ui_target.0) else {
        return;
    };
    let Some(phase) = phases.get(&extracted_view.retained_view_entity) else {
        return;
    };
    let attachment = if matches!(camera.output_mode, CameraOutputMode::Skip) {
        let clear = match camera.clear_color {
            ClearColorConfig::Custom(color) => Some(color),
            ClearColorConfig::Default => Some(clear_color.0),
            ClearColorConfig::None => None,
        };
        let Some(attachment) = target.out_texture_color_attachment(clear.map(Into::into)) else {
            return;
        };
        attachment
    } else {
        target.get_unsampled_color_attachment()
    };

    let diagnostics = ctx.diagnostic_recorder();
    let diagnostics = diagnostics.as_deref();
    let mut render_pass = ctx.begin_tracked_render_pass(RenderPassDescriptor {
        label: Some("ui"),
        color_attachments: &[Some(attachment)],
        depth_stencil_attachment: None,
        timestamp_writes: None,
        occlusion_query_set: None,
        multiview_mask: None,
    });
    let pass_span = diagnostics.pass_span(&mut render_pass, "ui");
    if let Some(viewport) = camera.viewport.as_ref() {
        render_pass.set_camera_viewport(viewport);
    }
    if !phase.items.is_empty()
        && let Err(err) = phase.render(&mut render_pass, world, ui_view)
    {
        error!("the UI pass failed: {err:?}");
    }
    pass_span.end(&mut render_pass);
}

pub(super) fn plugin(app: &mut App) {
    let Some(render_app) = app.get_sub_app_mut(RenderApp) else {
        return;
    };
    // The UI pass is replaced by one that can aim at the window; if Bevy's cannot
    // be taken out, it stays, and nothing changes.
    let policy = ScheduleCleanupPolicy::RemoveSystemsOnly;
    if let Err(e) = render_app.remove_systems_in_set(Core2d, ui_pass, policy) {
        warn!("the UI is drawn the usual way ({e})");
        return;
    }
    // The 2D passes only clear the main texture: the kiosk draws no sprites, and
    // the UI pass clears what it draws into.
    for pass in [
        render_app.remove_systems_in_set(Core2d, main_opaque_pass_2d, policy),
        render_app.remove_systems_in_set(Core2d, main_transparent_pass_2d, policy),
    ] {
        if let Err(e) = pass {
            debug!("a 2D pass stays ({e})");
        }
    }
    render_app
        .add_systems(
            Render,
            choose_direct
                .in_set(RenderSystems::PrepareViews)
                .after(prepare_windows),
        )
        .add_systems(
            Core2d,
            ui_pass_direct
                .after(bevy::core_pipeline::Core2dSystems::PostProcess)
                .before(bevy::core_pipeline::upscaling::upscaling),
        );
}
