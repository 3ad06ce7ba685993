//! The roadmap validator and a citizen's walk: any roadmap that parses is either
//! rejected with problems that point inside the file, or is a graph every walk
//! can go through (choose, back, home, carried over) without panicking.
#![no_main]

use std::collections::HashMap;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use pufa_kiosk_core::roadmap::{self, Roadmap, RoadmapFile, Walk};
use pufa_kiosk_core::ron_file;
use pufa_kiosk_core::spans::Spans;
use pufa_kiosk_fuzz::{check_rejection, inside};

fuzz_target!(|data: &[u8]| {
    let file = Path::new("roadmap.ron");
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed: RoadmapFile = match ron_file::parse(text, file) {
        Ok(parsed) => parsed,
        Err(d) => return check_rejection(&[d], file, text),
    };
    let problems = roadmap::validate(&parsed);
    if !problems.is_empty() {
        let spans = Spans::of(text);
        for p in &problems {
            let (line, column) = spans.field(&p.path(&parsed));
            assert!(inside(text, line, column), "{p:?} at {line}:{column}");
            let (zh, en, _) = p.messages();
            assert!(!zh.is_empty() && !en.is_empty());
        }
        return;
    }
    let roadmap = Roadmap::new(parsed, HashMap::new());
    let depths = roadmap.depths();
    assert_eq!(depths.len(), roadmap.steps.len());
    assert!(!roadmap.ends().is_empty() || roadmap.steps.iter().all(|s| !s.is_end()));
    for (i, step) in roadmap.steps.iter().enumerate() {
        let route = roadmap
            .route_to(i)
            .expect("validated: every step is reached");
        let mut walk = Walk::default();
        for choice in route {
            assert!(walk.choose(&roadmap, choice));
        }
        assert_eq!(roadmap.steps[walk.current()].id, step.id);
        let _ = walk.total_days(&roadmap);
        let _ = walk.timeline(&roadmap);
        let carried = walk.carried_over(&roadmap, &roadmap);
        assert_eq!(carried, walk);
        while walk.back() {}
        assert_eq!(walk.current(), 0);
    }
});
