//! How long a reload's load and validation take, in the process: the content
//! folder loaded again and again with one cache, as the watcher does after each
//! change (the first load, which decodes recordings and pictures, is left out).
//!
//! ```text
//! cargo run --release -p pufa-kiosk-core --example load_time -- content 1000
//! ```

use std::time::Instant;

use pufa_kiosk_core::content;
use pufa_kiosk_core::folder::LoadCache;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "content".into()));
    let n: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(200);
    let mut cache = LoadCache::default();
    if let Err(d) = content::load_with_cache(&dir, &mut cache) {
        eprintln!("{} does not load: {} problems", dir.display(), d.len());
        std::process::exit(1);
    }
    let parses = cache.ron_parses();
    let started = Instant::now();
    for _ in 0..n {
        let _ = content::load_with_cache(&dir, &mut cache);
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0 / f64::from(n.max(1));
    println!(
        "{ms:.2} ms a load ({n} loads; {} RON files parsed again)",
        cache.ron_parses() - parses
    );
}
