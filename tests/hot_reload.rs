//! The content watcher on real folders: edits are followed, broken files are
//! reported, a slow copy switches once and completely, and a folder replaced whole
//! (renamed over, or a symlink flipped) is followed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // a panic in a test is a failing test

mod common;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use pufa_kiosk::core::content::Content;
use pufa_kiosk::core::manifest;
use pufa_kiosk::core::settings::Settings;
use pufa_kiosk::core::watch::{self, ContentWatcher, Reloaded, Settle};

struct Watched {
    _watcher: ContentWatcher,
    results: mpsc::Receiver<Reloaded>,
}

fn watch(dir: &Path) -> Watched {
    watch_with(dir, Settings::defaults(dir.to_path_buf()))
}

fn watch_with(dir: &Path, settings: Settings) -> Watched {
    let config = dir.parent().unwrap().join("kiosk.ron");
    let (tx, results) = mpsc::channel();
    let watcher = watch::spawn(config, settings, Settle::default(), false, move |r| {
        let _ = tx.send(r);
    })
    .unwrap();
    // Let the watcher attach and warm its cache before the test changes anything.
    std::thread::sleep(Duration::from_millis(300));
    Watched {
        _watcher: watcher,
        results,
    }
}

impl Watched {
    /// The next reload whose content satisfies `want`, within `seconds`.
    fn wait_for(
        &self,
        seconds: u64,
        want: impl Fn(&Result<Content, Vec<pufa_kiosk::core::diagnostics::Diagnostic>>) -> bool,
    ) -> Reloaded {
        let end = Instant::now() + Duration::from_secs(seconds);
        while let Some(left) = end.checked_duration_since(Instant::now()) {
            match self.results.recv_timeout(left) {
                Ok(r) if want(&r.content) => return r,
                Ok(r) => eprintln!(
                    "skipped reload: {:?}",
                    r.content
                        .as_ref()
                        .map(|c| c
                            .library
                            .panels
                            .values()
                            .map(|p| p.title.clone())
                            .collect::<Vec<_>>())
                        .map_err(|d| d.iter().map(|d| d.to_string()).collect::<Vec<_>>())
                ),
                Err(_) => break,
            }
        }
        panic!("no matching reload within {seconds} s");
    }

    /// Every reload until `quiet` passes with none.
    fn drain(&self, quiet: Duration) -> Vec<Reloaded> {
        let mut all = Vec::new();
        while let Ok(r) = self.results.recv_timeout(quiet) {
            all.push(r);
        }
        all
    }
}

/// One whole-version copy at a time: these tests count reloads, and a second
/// copy (or two Syncthing instances) on the same two cores would slow the first
/// into bursts it was not written for.
static ONE_COPY_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn title(content: &Content, panel: &str) -> String {
    content.library.panels[panel].title.clone()
}

/// The small test folder inside a parent that has room for siblings.
fn folder() -> (tempfile::TempDir, PathBuf) {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("content");
    let base = common::broken_folder("base");
    common::copy_dir(base.path(), &dir);
    (parent, dir)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn an_edited_panel_is_reloaded_with_its_new_text() {
    let (_parent, dir) = folder();
    let watched = watch(&dir);
    edit(&dir.join("panels/five.ron"), "推选代表", "请推选代表");
    let r = watched.wait_for(5, |c| {
        c.as_ref().is_ok_and(|c| title(c, "five") == "请推选代表")
    });
    assert!(r.changed_at.elapsed() < Duration::from_secs(2));
}

#[test]
fn a_broken_file_is_reported_and_fixing_it_clears_the_report() {
    let (_parent, dir) = folder();
    let watched = watch(&dir);
    let panel = dir.join("panels/five.ron");
    edit(&panel, "title:", "titel:");
    let broken = watched.wait_for(5, Result::is_err);
    let diagnostics = broken.content.unwrap_err();
    assert!(
        diagnostics
            .iter()
            .any(|d| d.file == Path::new("panels/five.ron")
                && d.line == 2
                && d.zh.contains("titel")),
        "{diagnostics:?}"
    );
    edit(&panel, "titel:", "title:");
    watched.wait_for(5, Result::is_ok);
}

#[test]
fn temporary_files_of_editors_and_sync_tools_do_not_trigger_reloads() {
    let (_parent, dir) = folder();
    let watched = watch(&dir);
    for name in [
        ".five.ron.swp",
        "five.ron~",
        ".#five.ron",
        ".five.ron.a1B2c3",
        ".syncthing.five.ron.tmp",
        "~syncthing~five.ron.tmp",
        ".DS_Store",
        "Thumbs.db",
    ] {
        std::fs::write(dir.join("panels").join(name), "garbage (").unwrap();
    }
    assert!(
        watched.drain(Duration::from_millis(400)).is_empty(),
        "no reload for temporary files"
    );
}

#[test]
fn a_deleted_folder_is_reported_and_its_return_is_followed() {
    let (parent, dir) = folder();
    let watched = watch(&dir);
    let aside = parent.path().join("aside");
    std::fs::rename(&dir, &aside).unwrap();
    let gone = watched.wait_for(5, Result::is_err).content.unwrap_err();
    assert!(
        gone.iter().any(|d| d.en.contains("does not exist")),
        "{gone:?}"
    );
    std::fs::rename(&aside, &dir).unwrap();
    watched.wait_for(5, Result::is_ok);
}

#[test]
fn a_folder_renamed_over_the_old_one_is_followed() {
    let (parent, dir) = folder();
    let watched = watch(&dir);
    let next = parent.path().join("content.new");
    common::copy_dir(&dir, &next);
    edit(&next.join("panels/five.ron"), "推选代表", "新版本");
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::rename(&next, &dir).unwrap();
    watched.wait_for(5, |c| {
        c.as_ref().is_ok_and(|c| title(c, "five") == "新版本")
    });
    // Still watching the new folder after the swap.
    edit(&dir.join("panels/five.ron"), "新版本", "再改一次");
    watched.wait_for(5, |c| {
        c.as_ref().is_ok_and(|c| title(c, "five") == "再改一次")
    });
}

#[test]
fn a_flipped_symlink_to_a_new_version_folder_is_followed() {
    let parent = tempfile::tempdir().unwrap();
    let v1 = parent.path().join("v1");
    let v2 = parent.path().join("v2");
    common::copy_dir(common::broken_folder("base").path(), &v1);
    common::copy_dir(&v1, &v2);
    edit(&v2.join("panels/five.ron"), "推选代表", "新版");
    let link = parent.path().join("content");
    std::os::unix::fs::symlink(&v1, &link).unwrap();
    let watched = watch(&link);
    // The atomic way fleets flip versions: make a new link, rename it over the old.
    let tmp = parent.path().join("content.tmp");
    std::os::unix::fs::symlink(&v2, &tmp).unwrap();
    std::fs::rename(&tmp, &link).unwrap();
    watched.wait_for(5, |c| c.as_ref().is_ok_and(|c| title(c, "five") == "新版"));
    edit(&v2.join("panels/five.ron"), "新版", "新版修订");
    watched.wait_for(5, |c| {
        c.as_ref().is_ok_and(|c| title(c, "five") == "新版修订")
    });
}

/// Version B of the test folder: 50 files (48 panels, the playlist, the manifest).
fn version_b(dir: &Path) {
    let base = common::broken_folder("base");
    common::copy_dir(base.path(), dir);
    let mut items = String::new();
    for i in 0..46 {
        std::fs::write(
            dir.join(format!("panels/b{i:02}.ron")),
            format!(
                "(title: \"新展板{}{}\", body: Some(\"依法逐级走访。\"), cites: [(article: 20)])",
                char::from(b'A' + (i / 26) as u8),
                char::from(b'A' + (i % 26) as u8)
            ),
        )
        .unwrap();
        items.push_str(&format!("Panel(id: \"b{i:02}\"), "));
    }
    std::fs::write(
        dir.join("playlist.ron"),
        format!("(items: [Panel(id: \"where\"), {items}])"),
    )
    .unwrap();
    edit(&dir.join("panels/five.ron"), "推选代表", "新版推选代表");
    std::fs::write(
        dir.join(manifest::FILE_NAME),
        manifest::to_text(&manifest::generate(dir).unwrap()),
    )
    .unwrap();
}

#[test]
fn a_slow_copy_switches_once_to_the_complete_new_version() {
    let _turn = ONE_COPY_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (parent, dir) = folder();
    std::fs::write(
        dir.join(manifest::FILE_NAME),
        manifest::to_text(&manifest::generate(&dir).unwrap()),
    )
    .unwrap();
    let b = parent.path().join("b");
    version_b(&b);
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![b.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path())
            } else {
                files.push(e.path())
            }
        }
    }
    files.sort();
    let changed: Vec<&PathBuf> = files
        .iter()
        .filter(|f| {
            std::fs::read(f).ok() != std::fs::read(dir.join(f.strip_prefix(&b).unwrap())).ok()
        })
        .collect();
    assert!(
        changed.len() >= 49,
        "version B changes most of the 50 files: {}",
        changed.len()
    );
    // Put the manifest in the middle: neither first nor last must matter.
    let mut changed = changed;
    let m = changed
        .iter()
        .position(|f| f.ends_with(manifest::FILE_NAME))
        .unwrap();
    let manifest_file = changed.remove(m);
    changed.insert(changed.len() / 2, manifest_file);
    let watched = watch(&dir);
    // File by file, slower than the quiet period, the manifest somewhere in the middle.
    for (i, f) in changed.iter().enumerate() {
        let target = dir.join(f.strip_prefix(&b).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(f, &target).unwrap();
        if i % 10 == 0 {
            std::thread::sleep(Duration::from_millis(60));
        } else {
            std::thread::sleep(Duration::from_millis(15));
        }
    }
    let reloads = watched.drain(Duration::from_millis(1500));
    let good: Vec<&Content> = reloads
        .iter()
        .filter_map(|r| r.content.as_ref().ok())
        .collect();
    assert_eq!(
        good.len(),
        1,
        "switched exactly once ({} reloads in all)",
        reloads.len()
    );
    assert_eq!(
        good[0].library.panels.len(),
        48,
        "to the complete new version"
    );
    assert_eq!(title(good[0], "five"), "新版推选代表");
    for r in &reloads {
        if let Err(d) = &r.content {
            assert!(
                d.iter().all(|d| d.file == Path::new("manifest.ron")),
                "a copy in progress is only a manifest mismatch: {d:?}"
            );
        }
    }
}

/// `rsync -a --delete` of version B over a running player's folder, slowed to a
/// crawl (`--bwlimit`) so the watcher sees it half done many times: the player
/// switches once, to the complete version B, and the file B dropped is gone.
/// This is how docs/deploy.md pushes one version to many kiosks.
#[test]
fn an_rsync_of_a_new_version_goes_live_once_and_complete() {
    let _turn = ONE_COPY_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (parent, dir) = folder();
    // Version A has a panel that version B no longer has.
    std::fs::copy(dir.join("panels/five.ron"), dir.join("panels/retired.ron")).unwrap();
    std::fs::write(
        dir.join(manifest::FILE_NAME),
        manifest::to_text(&manifest::generate(&dir).unwrap()),
    )
    .unwrap();
    let b = parent.path().join("b");
    version_b(&b);
    let watched = watch(&dir);
    let started = Instant::now();
    let status = std::process::Command::new("rsync")
        .args(["-a", "--delete", "--bwlimit=16"])
        .arg(format!("{}/", b.display()))
        .arg(format!("{}/", dir.display()))
        .status()
        .expect("rsync is needed for this test (scripts/test installs it)");
    assert!(status.success());
    let took = started.elapsed();
    let reloads = watched.drain(Duration::from_millis(1500));
    let good: Vec<&Content> = reloads
        .iter()
        .filter_map(|r| r.content.as_ref().ok())
        .collect();
    eprintln!(
        "rsync took {:.1} s; {} reloads, {} of them good",
        took.as_secs_f32(),
        reloads.len(),
        good.len()
    );
    assert!(
        reloads.len() >= 2,
        "the watcher saw the copy half done ({} reloads in {:.1} s)",
        reloads.len(),
        took.as_secs_f32()
    );
    assert_eq!(good.len(), 1, "switched exactly once");
    assert_eq!(
        good[0].library.panels.len(),
        48,
        "to the complete version B"
    );
    assert!(!good[0].library.panels.contains_key("retired"));
    assert_eq!(title(good[0], "five"), "新版推选代表");
    assert!(!dir.join("panels/retired.ron").exists());
    for r in &reloads {
        if let Err(d) = &r.content {
            assert!(
                d.iter().all(|d| d.file == Path::new("manifest.ron")),
                "a sync in progress is only a manifest mismatch: {d:?}"
            );
        }
    }
}

/// A Syncthing instance on this machine, its own home, GUI and listening port,
/// talking to nobody but the other one (no discovery, relays or reporting).
struct Syncthing(std::process::Child);

impl Drop for Syncthing {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Generates a Syncthing home in `home`; returns its device id.
fn syncthing_home(home: &Path) -> String {
    let generated = std::process::Command::new("syncthing")
        .args(["generate", "--no-default-folder", "--skip-port-probing"])
        .arg(format!("--home={}", home.display()))
        .stdout(std::process::Stdio::null())
        .status()
        .expect("syncthing is needed for this test (scripts/test installs it)");
    assert!(generated.success());
    let id = std::process::Command::new("syncthing")
        .args(["serve", "--device-id"])
        .arg(format!("--home={}", home.display()))
        .output()
        .unwrap();
    String::from_utf8(id.stdout).unwrap().trim().to_owned()
}

/// Writes the instance's config: both devices on loopback, one folder shared.
fn syncthing_config(
    home: &Path,
    (me, my_port): (&str, u16),
    (other, other_port): (&str, u16),
    folder: &Path,
    kind: &str,
) {
    let device = |id: &str, port: u16| {
        format!(
            "<device id=\"{id}\" name=\"{port}\" compression=\"metadata\"><address>tcp://127.0.0.1:{port}</address><autoAcceptFolders>false</autoAcceptFolders></device>"
        )
    };
    let config = format!(
        r#"<configuration version="36">
    <folder id="pufa-content" label="pufa-content" path="{folder}" type="{kind}" rescanIntervalS="2" fsWatcherEnabled="true" fsWatcherDelayS="1">
        <device id="{me}"></device>
        <device id="{other}"></device>
        <order>random</order>
    </folder>
    {my_device}
    {other_device}
    <gui enabled="true" tls="false"><address>127.0.0.1:{gui}</address></gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{my_port}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <startBrowser>false</startBrowser>
        <urAccepted>-1</urAccepted>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <reconnectionIntervalS>1</reconnectionIntervalS>
    </options>
</configuration>
"#,
        folder = folder.display(),
        my_device = device(me, my_port),
        other_device = device(other, other_port),
        gui = common::free_port(),
    );
    std::fs::write(home.join("config.xml"), config).unwrap();
}

fn syncthing_serve(home: &Path) -> Syncthing {
    Syncthing(
        std::process::Command::new("syncthing")
            .args(["serve", "--no-browser", "--no-restart"])
            .arg(format!("--home={}", home.display()))
            .env("STNOUPGRADE", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    )
}

/// Two Syncthing instances: the office's Send Only folder, shared into a
/// kiosk's watched content folder (Receive Only). Version A arrives; then the
/// office replaces it with version B, manifest last, and the kiosk goes live
/// with B once, complete, however Syncthing orders the files.
#[test]
fn a_syncthing_folder_shared_into_the_content_goes_live_once_and_complete() {
    syncthing_case(false);
}

/// The same with approval required (issue 23): version A and B each carry the
/// legal officer's approval, and B's approval may reach the kiosk before or after
/// its files. Only A whole or B whole and approved ever goes live; then a version
/// C with one word nobody approved arrives complete and never goes live.
#[test]
fn with_approval_required_syncthing_never_brings_an_unapproved_or_half_synced_version() {
    syncthing_case(true);
}

/// Signs the version of `dir` as the test's legal officer.
fn approve_folder(dir: &Path, key: &pufa_kiosk::core::approval::SigningKey, at: &str) {
    use pufa_kiosk::core::approval::{self, Cover, Scope};
    let v = approval::version_of(dir, Cover::Whole).unwrap();
    let a = approval::sign(key, v, Scope::Content, "张三", "法制审核员", at, "sha256:0");
    approval::write(dir, &a, "").unwrap();
}

fn syncthing_case(approval_required: bool) {
    use pufa_kiosk::core::approval;
    let (pem, public) = approval::generate_key("审核人的口令 1234").unwrap();
    let officer = approval::open_key(&pem, "审核人的口令 1234").unwrap();
    let _turn = ONE_COPY_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let root = tempfile::tempdir().unwrap();
    let (office, kiosk) = (root.path().join("office"), root.path().join("kiosk"));
    let (home_o, home_k) = (root.path().join("st-office"), root.path().join("st-kiosk"));
    // Version A at the office, with a panel B drops.
    common::copy_dir(common::broken_folder("base").path(), &office);
    std::fs::copy(
        office.join("panels/five.ron"),
        office.join("panels/retired.ron"),
    )
    .unwrap();
    if approval_required {
        approve_folder(&office, &officer, "2026-12-05T09:00:00+08:00");
    }
    std::fs::write(
        office.join(manifest::FILE_NAME),
        manifest::to_text(&manifest::generate(&office).unwrap()),
    )
    .unwrap();
    std::fs::create_dir_all(office.join(".stfolder")).unwrap();
    std::fs::create_dir_all(kiosk.join(".stfolder")).unwrap();
    let (id_o, id_k) = (syncthing_home(&home_o), syncthing_home(&home_k));
    let (port_o, port_k) = (common::free_port(), common::free_port());
    syncthing_config(
        &home_o,
        (&id_o, port_o),
        (&id_k, port_k),
        &office,
        "sendonly",
    );
    syncthing_config(
        &home_k,
        (&id_k, port_k),
        (&id_o, port_o),
        &kiosk,
        "receiveonly",
    );
    let mut settings = Settings::defaults(kiosk.clone());
    settings.data_dir = root.path().join("data");
    if approval_required {
        settings.approval = approval::Policy {
            required: true,
            approvers: vec![approval::parse_public_key(&public).unwrap()],
            notice_signers: Vec::new(),
        };
    }
    let watched = watch_with(&kiosk, settings);
    let _office = syncthing_serve(&home_o);
    let _kiosk = syncthing_serve(&home_k);
    let a = watched.wait_for(90, |c| {
        c.as_ref()
            .is_ok_and(|c| c.library.panels.contains_key("retired"))
    });
    assert_eq!(a.content.unwrap().library.panels.len(), 3);
    // Syncthing settles (its own marker and index files) before the new version.
    let _ = watched.drain(Duration::from_secs(3));
    // Version B replaces A at the office: files first, the manifest last.
    let b = root.path().join("b");
    version_b(&b);
    if approval_required {
        approve_folder(&b, &officer, "2026-12-05T10:00:00+08:00");
        std::fs::write(
            b.join(manifest::FILE_NAME),
            manifest::to_text(&manifest::generate(&b).unwrap()),
        )
        .unwrap();
    }
    let status = std::process::Command::new("rsync")
        .args([
            "-a",
            "--delete",
            "--exclude=.stfolder",
            "--exclude=manifest.ron",
        ])
        .arg(format!("{}/", b.display()))
        .arg(format!("{}/", office.display()))
        .status()
        .unwrap();
    assert!(status.success());
    std::thread::sleep(Duration::from_secs(2));
    std::fs::copy(
        b.join(manifest::FILE_NAME),
        office.join(manifest::FILE_NAME),
    )
    .unwrap();
    let started = Instant::now();
    // Everything the kiosk loaded on the way: refused until it was all there.
    let mut on_the_way = Vec::new();
    let live = loop {
        let r = watched
            .results
            .recv_timeout(Duration::from_secs(90))
            .expect("version B never went live");
        if r.content
            .as_ref()
            .is_ok_and(|c| title(c, "five") == "新版推选代表")
        {
            break r;
        }
        on_the_way.push(r);
    };
    let took = started.elapsed();
    assert!(
        !on_the_way.is_empty(),
        "the kiosk saw version B half synced at least once"
    );
    for r in &on_the_way {
        match &r.content {
            // Syncthing touches its own files in the kiosk folder before B's
            // first file lands; a reload then finds version A whole, which is
            // no switch. Anything else that loads is a mixture going live.
            Ok(c) => assert!(
                c.library.panels.len() == 3
                    && c.library.panels.contains_key("retired")
                    && title(c, "five") != "新版推选代表",
                "a half-synced version went live: {:?}",
                c.library.panels.keys().collect::<Vec<_>>()
            ),
            Err(d) => assert!(
                d.iter().all(|d| d.file == Path::new("manifest.ron")
                    || (approval_required && d.en.contains("not approved"))
                    || (approval_required && d.en.contains("changed while it was read"))),
                "a sync in progress is only a manifest mismatch (or, with approval, a version not approved yet): {d:?}"
            ),
        }
    }
    let after = watched.drain(Duration::from_secs(5));
    let live = live.content.unwrap();
    eprintln!(
        "version B live {:.1} s after its manifest was written; {} refused on the way, {} reloads after",
        took.as_secs_f32(),
        on_the_way.len(),
        after.len()
    );
    assert_eq!(live.library.panels.len(), 48, "the complete version B");
    assert!(!live.library.panels.contains_key("retired"));
    assert!(
        after.iter().all(|r| r.content.is_err()),
        "went live once: no second switch"
    );
    if !approval_required {
        return;
    }
    assert_eq!(
        live.approved.as_ref().map(|a| a.approver.as_str()),
        Some("张三")
    );
    // Version C: one word nobody approved, complete with its manifest.
    edit(
        &office.join("panels/five.ron"),
        "新版推选代表",
        "新版请推选代表",
    );
    std::fs::write(
        office.join(manifest::FILE_NAME),
        manifest::to_text(&manifest::generate(&office).unwrap()),
    )
    .unwrap();
    let seen = watched.drain(Duration::from_secs(8));
    assert!(!seen.is_empty(), "version C never reached the kiosk");
    for r in &seen {
        match &r.content {
            Ok(c) => panic!(
                "an unapproved version went live: five is {:?}",
                title(c, "five")
            ),
            Err(d) => assert!(
                d.iter()
                    .any(|d| d.en.contains("not approved") || d.file == Path::new("manifest.ron")),
                "{d:?}"
            ),
        }
    }
    assert!(
        seen.last()
            .unwrap()
            .content
            .as_ref()
            .err()
            .is_some_and(|d| d
                .iter()
                .any(|d| d.en.starts_with("not approved: content version"))),
        "the kiosk says why C waits"
    );
}

/// With approval required (issue 23), a one-word change goes live only once a
/// listed approver has signed its version; an approval that arrives half
/// written, or one signed by a key the kiosk does not list, lets nothing through.
#[test]
fn with_approval_required_only_an_approved_version_goes_live() {
    use pufa_kiosk::core::approval::{self, Cover, Scope};
    let (_parent, dir) = folder();
    let (pem, public) = approval::generate_key("审核人的口令 1234").unwrap();
    let officer = approval::open_key(&pem, "审核人的口令 1234").unwrap();
    let stranger = approval::open_key(
        &approval::generate_key("另一个人的口令 99").unwrap().0,
        "另一个人的口令 99",
    )
    .unwrap();
    let sign = |key: &_, at: &str| {
        let v = approval::version_of(&dir, Cover::Whole).unwrap();
        let a = approval::sign(key, v, Scope::Content, "张三", "法制审核员", at, "sha256:0");
        (a.to_text(), approval::write(&dir, &a, "").unwrap())
    };
    sign(&officer, "2026-12-05T09:00:00+08:00");
    let config = dir.parent().unwrap().join("kiosk.ron");
    let mut settings = Settings::defaults(dir.clone());
    let data = dir.parent().unwrap().join("data");
    settings.data_dir = data.clone();
    settings.approval = approval::Policy {
        required: true,
        approvers: vec![approval::parse_public_key(&public).unwrap()],
        notice_signers: Vec::new(),
    };
    let (tx, results) = mpsc::channel();
    let _watcher = watch::spawn(
        config.clone(),
        settings.clone(),
        Settle::default(),
        true,
        move |r| {
            let _ = tx.send(r);
        },
    )
    .unwrap();
    let watched = Watched { _watcher, results };
    // The approved version goes live at start.
    watched.wait_for(5, |c| {
        c.as_ref().is_ok_and(|c| title(c, "five") == "推选代表")
    });
    let not_approved = |c: &Result<Content, Vec<pufa_kiosk::core::diagnostics::Diagnostic>>| {
        c.as_ref().err().is_some_and(|d| {
            d.iter()
                .any(|d| d.en.starts_with("not approved: content version"))
        })
    };
    // One word changed: refused, with the reason staff see.
    edit(&dir.join("panels/five.ron"), "推选代表", "请推选代表");
    watched.wait_for(5, not_approved);
    let refused_because = |why: &'static str| {
        move |c: &Result<Content, Vec<pufa_kiosk::core::diagnostics::Diagnostic>>| {
            not_approved(c)
                && c.as_ref()
                    .err()
                    .is_some_and(|d| d.iter().any(|d| d.en.contains(why)))
        }
    };
    // Signed by a key this kiosk does not list: still refused, and said why.
    sign(&stranger, "2026-12-05T09:05:00+08:00");
    watched.wait_for(5, refused_because("not listed in kiosk.ron's approvers"));
    // The officer's approval arrives half written (a sync in progress): refused.
    let (text, path) = sign(&officer, "2026-12-05T09:10:00+08:00");
    std::fs::write(&path, &text[..text.len() / 2]).unwrap();
    watched.wait_for(5, refused_because("incomplete or malformed"));
    // Whole: the change goes live.
    std::fs::write(&path, &text).unwrap();
    watched.wait_for(5, |c| {
        c.as_ref().is_ok_and(|c| title(c, "five") == "请推选代表")
    });
    // The kiosk keeps a copy of the approved version it plays, in its data folder.
    let approved = approval::version_of(&dir, Cover::Whole).unwrap();
    let started = Instant::now();
    while approval::kept(&data)
        .is_none_or(|k| approval::version_of(&k, Cover::Whole).ok() != Some(approved))
    {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "no copy of the approved version was kept"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(watched);
    // Restarted on a folder holding a version nobody approved: the copy plays, not
    // nothing, and the staff see why the folder's version does not.
    edit(&dir.join("panels/five.ron"), "请推选代表", "请您推选代表");
    let (tx, results) = mpsc::channel();
    let _watcher = watch::spawn(config, settings, Settle::default(), true, move |r| {
        let _ = tx.send(r);
    })
    .unwrap();
    let first = results.recv_timeout(Duration::from_secs(10)).unwrap();
    let playing = first.content.expect("the kept approved version plays");
    assert_eq!(title(&playing, "five"), "请推选代表");
    assert!(
        playing.root.starts_with(data.join(approval::KEPT_DIR)),
        "{}",
        playing.root.display()
    );
    assert_eq!(playing.approved.as_ref().map(|a| a.version), Some(approved));
    assert_eq!(playing.approved.as_ref().unwrap().approver, "张三");
    let second = results.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(
        not_approved(&second.content),
        "the folder's own version is refused, with its reason"
    );
}
