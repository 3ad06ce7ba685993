//! The layout audit: every control and text on the page as Bevy laid it out,
//! handed to the core's rules (a control seen whole, a text in its box).

use bevy::prelude::*;
use bevy::ui::UiGlobalTransform;

use super::{Findings, Job};
use crate::core::audit::{self, Area, Clipper, Element, LayoutProblem, Role, SeenControl, Span};
use crate::player::notice::NoticeRoot;
use crate::player::ticker::TickerText;
use crate::player::widgets::{Cut, ScrollCue};

/// A node's rectangle in logical pixels.
pub(super) fn area_of(node: &ComputedNode, transform: &UiGlobalTransform) -> Area {
    let scale = node.inverse_scale_factor();
    let size = node.size() * scale;
    let corner = transform.affine().translation * scale - size / 2.0;
    Area::new(corner.x, corner.y, size.x, size.y)
}

/// The ancestors of `entity` that clip or scroll, innermost first.
fn clippers(world: &World, entity: Entity) -> Vec<Clipper> {
    let mut found = Vec::new();
    let mut at = world.get::<ChildOf>(entity).map(ChildOf::parent);
    while let Some(ancestor) = at {
        if let (Some(node), Some(computed), Some(transform)) = (
            world.get::<Node>(ancestor),
            world.get::<ComputedNode>(ancestor),
            world.get::<UiGlobalTransform>(ancestor),
        ) && !(node.overflow.x.is_visible() && node.overflow.y.is_visible())
        {
            let scale = computed.inverse_scale_factor();
            let rect = computed.resolve_clip_rect(node.overflow, node.overflow_clip_margin);
            let centre = transform.affine().translation;
            let span = |lo: f32, hi: f32, c: f32| {
                if lo.is_finite() {
                    Span {
                        start: (lo + c) * scale,
                        end: (hi + c) * scale,
                    }
                } else {
                    Span::ALL
                }
            };
            let cue = world.get::<ScrollCue>(ancestor).is_some_and(|cue| {
                world
                    .get::<InheritedVisibility>(cue.0)
                    .is_some_and(|v| v.get())
            });
            found.push(Clipper {
                area: Area {
                    x: span(rect.min.x, rect.max.x, centre.x),
                    y: span(rect.min.y, rect.max.y, centre.y),
                },
                scrolls: (
                    node.overflow.x == OverflowAxis::Scroll,
                    node.overflow.y == OverflowAxis::Scroll,
                ),
                cue,
            });
        }
        at = world.get::<ChildOf>(ancestor).map(ChildOf::parent);
    }
    found
}

/// The text on `entity` or, for a button, on its first child that has some.
fn label_of(world: &World, entity: Entity) -> String {
    if let Some(text) = world.get::<Text>(entity) {
        return text.0.clone();
    }
    world
        .get::<Children>(entity)
        .into_iter()
        .flatten()
        .map(|child| label_of(world, *child))
        .find(|l| !l.is_empty())
        .unwrap_or_default()
}

/// Whether `entity` is a control or lies on one.
fn on_control(world: &World, entity: Entity) -> bool {
    world.get::<Button>(entity).is_some()
        || world
            .get::<ChildOf>(entity)
            .is_some_and(|p| on_control(world, p.parent()))
}

/// The box a text is set in: its parent, unbounded along an axis the parent
/// scrolls on (the text may run on there, to be scrolled to).
fn container_of(world: &World, text: Entity) -> Option<Area> {
    let parent = world.get::<ChildOf>(text)?.parent();
    let mut area = area_of(
        world.get::<ComputedNode>(parent)?,
        world.get::<UiGlobalTransform>(parent)?,
    );
    if let Some(node) = world.get::<Node>(parent) {
        if node.overflow.x == OverflowAxis::Scroll {
            area.x = Span::ALL;
        }
        if node.overflow.y == OverflowAxis::Scroll {
            area.y = Span::ALL;
        }
    }
    Some(area)
}

/// Whether `entity` is part of the urgent notice's banner or whole screen.
fn on_notice(world: &World, entity: Entity) -> bool {
    world.get::<NoticeRoot>(entity).is_some()
        || world
            .get::<ChildOf>(entity)
            .is_some_and(|p| on_notice(world, p.parent()))
}

/// Every control and every text on the page, as laid out, and whether it is the
/// notice's.
fn measure(world: &mut World) -> Vec<(Element, bool)> {
    let mut controls = world.query_filtered::<Entity, With<Button>>();
    let mut texts = world.query_filtered::<Entity, With<Text>>();
    let controls: Vec<Entity> = controls.iter(world).collect();
    let texts: Vec<Entity> = texts.iter(world).collect();
    let world = &*world;
    let mut elements = Vec::new();
    for (entity, control) in controls
        .into_iter()
        .map(|e| (e, true))
        .chain(texts.into_iter().map(|e| (e, false)))
    {
        let label = label_of(world, entity);
        let shown = world
            .get::<InheritedVisibility>(entity)
            .is_none_or(|v| v.get());
        let (Some(node), Some(transform)) = (
            world.get::<ComputedNode>(entity),
            world.get::<UiGlobalTransform>(entity),
        ) else {
            continue;
        };
        // The ticker's line is wider than the screen by design: it scrolls.
        if !shown || label.is_empty() || world.get::<TickerText>(entity).is_some() {
            continue;
        }
        let role = if control {
            Role::Control
        } else if on_control(world, entity) {
            Role::Label
        } else {
            Role::Text
        };
        elements.push((
            Element {
                role,
                label,
                area: area_of(node, transform),
                container: (!control).then(|| container_of(world, entity)).flatten(),
                clippers: clippers(world, entity),
                cut: world.get::<Cut>(entity).is_some_and(|c| c.0),
            },
            on_notice(world, entity),
        ));
    }
    elements
}

/// Audits the page on screen under `name`: every control seen whole, every text
/// in its box.
pub(super) fn audit_page(world: &mut World, name: &str, large_text: bool) {
    let m = world.resource::<crate::player::metrics::Screen>().0;
    let screen = Area::new(0.0, 0.0, m.width, m.height);
    // The urgent notice's banner lies below the pages, which end where it begins:
    // its words are audited on the whole drawing area, and the pages' on theirs,
    // so a button under the banner counts as out of sight.
    let whole = world
        .resource::<crate::player::metrics::NoticeArea>()
        .whole
        .map_or(screen, |w| Area::new(0.0, 0.0, w.width, w.height));
    let (elements, notice): (Vec<_>, Vec<_>) = measure(world).into_iter().partition(|e| !e.1);
    let elements: Vec<Element> = elements.into_iter().map(|e| e.0).collect();
    let notice: Vec<Element> = notice.into_iter().map(|e| e.0).collect();
    let size = world.resource::<Job>().size;
    let controls = elements
        .iter()
        .filter(|e| e.role == Role::Control)
        .map(|e| SeenControl {
            page: name.to_owned(),
            label: e.label.clone(),
            area: e.area,
            on_screen: audit::on_screen(screen, e),
        });
    let problems = audit::audit(screen, m.px_per_mm, &elements)
        .into_iter()
        .chain(audit::audit(whole, m.px_per_mm, &notice))
        .map(|finding| LayoutProblem {
            page: name.to_owned(),
            size,
            large_text,
            finding,
        });
    let findings = world.resource::<Findings>().clone();
    let mut findings = findings
        .0
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    findings.0.extend(controls);
    findings.1.extend(problems);
}

/// Audits the slide being captured, as a page is: a slide's words stay in their
/// boxes and are never cut short either.
pub(super) fn audit_slide(world: &mut World) {
    let Some(name) = world
        .get_resource_mut::<Job>()
        .and_then(|mut job| job.audit_slide.take())
    else {
        return;
    };
    audit_page(world, &name, false);
}
