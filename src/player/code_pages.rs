//! Keeping mapped only the code the player runs. Starting up touches a great
//! deal of code once (Bevy's plugins building the app, wgpu and the software
//! renderer's shader compiler, the content loader), and the kernel maps each
//! touched page of a file with its neighbours, 64 KiB at a time, so after the
//! first frame about 60 MiB of the binary and 36 MiB of libLLVM were mapped into
//! the process (PSS), most of it never run again.
//!
//! Once new content has gone live (the first load, then each reload) and no
//! other has followed for a while, the read-only file mappings (code, read-only data and the embedded fonts) are let
//! go with `MADV_DONTNEED`, and marked `MADV_RANDOM` so that a page touched later
//! comes back alone, without its neighbours. The pages stay in the page cache;
//! what runs again comes back on a minor fault (a microsecond or so a page).
//! A mapping holding pages of its own (relocated read-only data, written once at
//! load time) is left alone: letting go of those would lose the writes.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use bevy::prelude::*;

/// How long after the first content goes live its start-up code is let go: the
/// frame that shows it is done by then.
const AFTER_START: Duration = Duration::from_secs(1);

/// How long the content must have stood unchanged after a reload before the
/// pages are let go. Staff edit in bursts (and `scripts/bench` edits once a
/// second): letting go a second after each reload put the next reload back on
/// code to fault in again, and reading `/proc/self/smaps` (5 ms of CPU) beside
/// its frame.
const AFTER_RELOAD: Duration = Duration::from_secs(10);

/// When the pages are next let go, if a thread is waiting to: a burst of reloads
/// (500 edits in a row from scripts/bench) starts one thread, not one each, and
/// each reload moves its time on. The let-go after the first content keeps its
/// time: a reload straight after start does not put it off.
static DUE: Mutex<Due> = Mutex::new(Due {
    start: None,
    reload: None,
});

struct Due {
    start: Option<Instant>,
    reload: Option<Instant>,
}

impl Due {
    fn next(&self) -> Option<Instant> {
        match (self.start, self.reload) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// Lets go of the unused code pages once the content has stood unchanged for a
/// while ([`AFTER_START`] after the first content, [`AFTER_RELOAD`] after a
/// reload), on a thread of its own.
pub fn let_go_soon(first: bool) {
    {
        let Ok(mut due) = DUE.lock() else { return };
        let already = due.next().is_some();
        if first {
            due.start = Some(Instant::now() + AFTER_START);
        } else {
            due.reload = Some(Instant::now() + AFTER_RELOAD);
        }
        if already {
            return;
        }
    }
    let spawned = std::thread::Builder::new()
        .name("code-pages".into())
        .spawn(|| {
            loop {
                let Some(next) = DUE.lock().ok().and_then(|d| d.next()) else {
                    return;
                };
                let now = Instant::now();
                if now < next {
                    std::thread::sleep(next - now);
                    continue;
                }
                if let Ok(mut due) = DUE.lock() {
                    due.start = due.start.filter(|&d| d > now);
                    due.reload = due.reload.filter(|&d| d > now);
                }
                let released = let_go();
                debug!("let go of {} KiB of mapped code", released / 1024);
            }
        });
    if let Err(e) = spawned {
        if let Ok(mut due) = DUE.lock() {
            *due = Due {
                start: None,
                reload: None,
            };
        }
        debug!("cannot start the code-page thread ({e})");
    }
}

/// One mapping of `/proc/self/smaps` that may be let go.
#[derive(Debug, PartialEq)]
struct Mapping {
    start: usize,
    len: usize,
    /// Resident bytes when read.
    rss: usize,
}

/// Whether `path` is code: the executable `exe` or a shared library. Files of
/// other kinds that something maps (a font, a picture) are left alone: one
/// changed on disk would come back changed.
fn is_code(path: &str, exe: &str) -> bool {
    path.starts_with('/') && (path == exe || path.contains(".so"))
}

/// The read-only mappings of code files with no pages of their own, from the
/// text of `/proc/self/smaps`; `exe` is the executable's path.
fn read_only_file_mappings(smaps: &str, exe: &str) -> Vec<Mapping> {
    let mut out = Vec::new();
    // The mapping being read: its range, whether it qualifies so far, its RSS.
    let mut current: Option<(usize, usize, bool, usize)> = None;
    let finish = |current: Option<(usize, usize, bool, usize)>, out: &mut Vec<Mapping>| {
        if let Some((start, end, true, rss)) = current {
            out.push(Mapping {
                start,
                len: end - start,
                rss,
            });
        }
    };
    for line in smaps.lines() {
        let mut fields = line.split_whitespace();
        let Some(first) = fields.next() else { continue };
        if let Some((a, b)) = first.split_once('-')
            && let (Ok(start), Ok(end)) =
                (usize::from_str_radix(a, 16), usize::from_str_radix(b, 16))
        {
            finish(current.take(), &mut out);
            let perms = fields.next().unwrap_or("");
            // Skip offset, device and inode to the path.
            let path = fields.nth(3).unwrap_or("");
            let read_only = perms.starts_with('r') && !perms.contains('w');
            current = Some((start, end, read_only && is_code(path, exe), 0));
            continue;
        }
        let kib = || {
            fields
                .clone()
                .next()
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0)
                * 1024
        };
        match (first, current.as_mut()) {
            ("Rss:", Some(c)) => c.3 = kib(),
            // Pages written after mapping (relocations) or locked: keep the mapping.
            ("Anonymous:" | "Private_Dirty:" | "Locked:", Some(c)) if kib() > 0 => c.2 = false,
            _ => {}
        }
    }
    finish(current, &mut out);
    out
}

/// Lets go of the read-only file mappings' pages now; returns the resident bytes
/// they held.
pub fn let_go() -> usize {
    let (Ok(smaps), Ok(exe)) = (
        std::fs::read_to_string("/proc/self/smaps"),
        std::fs::read_link("/proc/self/exe"),
    ) else {
        return 0;
    };
    let mut released = 0;
    for m in read_only_file_mappings(&smaps, &exe.to_string_lossy()) {
        let at = m.start as *mut libc::c_void;
        // SAFETY: the range is a whole mapping of this process, read-only and
        // backed by an unchanged file (no anonymous or dirty pages), so dropping
        // its pages loses nothing: each comes back from the file when touched.
        // Neither advice changes what the memory holds.
        let ok = unsafe {
            libc::madvise(at, m.len, libc::MADV_RANDOM) == 0
                && libc::madvise(at, m.len, libc::MADV_DONTNEED) == 0
        };
        if ok {
            released += m.rss;
        }
    }
    released
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_read_only_file_mappings_without_pages_of_their_own_are_chosen() {
        let smaps = "\
55d0c0000000-55d0c0100000 r--p 00000000 08:01 123 /usr/bin/pufa-kiosk
Rss:                 512 kB
Anonymous:             0 kB
Private_Dirty:         0 kB
Locked:                0 kB
55d0c0100000-55d0c0400000 r-xp 00100000 08:01 123 /usr/bin/pufa-kiosk
Rss:                2048 kB
Anonymous:             0 kB
55d0c0400000-55d0c0500000 r--p 00400000 08:01 123 /usr/bin/pufa-kiosk
Rss:                1024 kB
Anonymous:           128 kB
55d0c0500000-55d0c0600000 rw-p 00500000 08:01 123 /usr/bin/pufa-kiosk
Rss:                 256 kB
Anonymous:             0 kB
7f0000000000-7f0000100000 r--p 00000000 00:00 0 
Rss:                  64 kB
7f0000100000-7f0000200000 r-xp 00000000 00:00 0 [vdso]
Rss:                   4 kB
7f0000200000-7f0000300000 r--p 00000000 08:01 77 /usr/lib/x86_64-linux-gnu/libLLVM-15.so.1
Rss:                 128 kB
Anonymous:             0 kB
7f0000300000-7f0000400000 r--p 00000000 08:01 78 /usr/share/fonts/noto.ttc
Rss:                  32 kB
Anonymous:             0 kB
";
        assert_eq!(
            read_only_file_mappings(smaps, "/usr/bin/pufa-kiosk"),
            vec![
                Mapping {
                    start: 0x55d0c0000000,
                    len: 0x100000,
                    rss: 512 * 1024
                },
                Mapping {
                    start: 0x55d0c0100000,
                    len: 0x300000,
                    rss: 2048 * 1024
                },
                Mapping {
                    start: 0x7f0000200000,
                    len: 0x100000,
                    rss: 128 * 1024
                },
            ],
            "the relocated read-only data (anonymous pages), the writable data, \
             anonymous memory, the vdso and a mapped font are left alone"
        );
    }

    /// In this test process: the code's pages go, and the code still runs.
    #[test]
    fn letting_go_of_code_keeps_it_running() {
        let released = let_go();
        assert!(released > 0, "the test binary's code was mapped");
        let again: u64 = (1..=100u64).map(|n| n * n).sum();
        assert_eq!(again, 338_350);
        let text = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let exe = std::fs::read_link("/proc/self/exe").unwrap();
        let after: usize = read_only_file_mappings(&text, &exe.to_string_lossy())
            .iter()
            .map(|m| m.rss)
            .sum();
        assert!(
            after < released,
            "{after} bytes still mapped of the {released} let go"
        );
    }
}
