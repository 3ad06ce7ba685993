//! Read aloud (朗读, issue 24): a citizen's tap on 朗读 plays the page's recording,
//! a second tap stops it; leaving the page, going idle or staff opening their
//! overlay stops it too.
//!
//! Sound goes through rodio (cpal, ALSA) on a thread of its own. The device is
//! opened only while a recording plays, so a kiosk that is not speaking spends
//! nothing on mixing silence, and the player's loop is never woken by the sound:
//! only the start and the end of a recording change the screen (the button's
//! label). A kiosk with no sound device, or a broken one, says so once in the log
//! and shows no 朗读 button; it never stops or blanks the screen.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bevy::prelude::*;

use crate::core::item::{ItemKey, Kind};
use crate::core::voice::{Target, Voice, VoiceSettings};

use super::rotation::Attract;

use super::state::{
    AppSystems, LiveContent, LiveSettings, Page, ReadAloud, ReadableHere, StaffAtScreen, VoiceNow,
};
use super::wake::Waker;

/// What the frame loop asks of the sound thread.
enum Cmd {
    Play {
        seq: u64,
        path: PathBuf,
        volume: f32,
        /// When the tap was answered, for the log of the first sample's delay.
        asked: Instant,
    },
    Stop,
}

/// What the sound thread tells the frame loop.
enum Heard {
    /// Whether a sound device could be opened at start.
    Available(bool),
    /// The recording `seq` ended (played out, stopped, or failed: the sound
    /// thread logs why).
    Ended(u64),
}

#[derive(Resource)]
struct Speaker {
    commands: Sender<Cmd>,
    heard: Mutex<Receiver<Heard>>,
    /// The play asked for last; an end reported for an older one changes nothing.
    seq: u64,
}

impl Speaker {
    /// Asks the sound thread to play `voice` (ending what plays); whether it was sent.
    fn play(&mut self, voice: &Voice, settings: &VoiceSettings) -> bool {
        self.seq += 1;
        self.commands
            .send(Cmd::Play {
                seq: self.seq,
                path: voice.audio.clone(),
                volume: settings.loudness(),
                asked: Instant::now(),
            })
            .is_ok()
    }
}

fn start(mut commands: Commands, waker: Option<Res<Waker>>) {
    let (to_thread, commands_rx) = mpsc::channel();
    let (heard_tx, heard) = mpsc::channel();
    let waker = waker.map(|w| w.clone());
    let spawned = std::thread::Builder::new()
        .name("voice".into())
        .spawn(move || {
            sound_thread(commands_rx, heard_tx, move || {
                if let Some(w) = &waker {
                    w.wake();
                }
            });
        });
    if let Err(e) = spawned {
        warn!(
            "朗读：无法启动声音线程，不显示朗读按钮 / read aloud: cannot start the sound thread ({e}); no 朗读 button"
        );
        return;
    }
    commands.insert_resource(Speaker {
        commands: to_thread,
        heard: Mutex::new(heard),
        seq: 0,
    });
}

/// Opens the default output device.
fn open() -> Result<rodio::MixerDeviceSink, String> {
    let mut sink = rodio::DeviceSinkBuilder::from_default_device()
        .and_then(rodio::DeviceSinkBuilder::open_stream)
        .map_err(|e| e.to_string())?;
    sink.log_on_drop(false);
    Ok(sink)
}

fn sound_thread(commands: Receiver<Cmd>, heard: Sender<Heard>, wake: impl Fn()) {
    let available = match open() {
        Ok(sink) => {
            drop(sink);
            true
        }
        Err(e) => {
            warn!(
                "朗读：没有可用的声音设备（{e}），不显示朗读按钮 / read aloud: no sound device ({e}); the 朗读 button is hidden"
            );
            false
        }
    };
    let _ = heard.send(Heard::Available(available));
    wake();
    let mut next = None;
    loop {
        let cmd = match next.take() {
            Some(c) => c,
            None => match commands.recv() {
                Ok(c) => c,
                Err(_) => return,
            },
        };
        let Cmd::Play {
            seq,
            path,
            volume,
            asked,
        } = cmd
        else {
            continue;
        };
        if let Err(e) = play(&path, volume, asked, &commands, &mut next) {
            warn!(
                "朗读：{} 无法播放（{e}）/ read aloud: cannot play {} ({e})",
                path.display(),
                path.display()
            );
        }
        let _ = heard.send(Heard::Ended(seq));
        wake();
    }
}

/// Plays `path` until it ends, a stop comes, or another play (kept in `next`).
fn play(
    path: &PathBuf,
    volume: f32,
    asked: Instant,
    commands: &Receiver<Cmd>,
    next: &mut Option<Cmd>,
) -> Result<(), String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let decoder = rodio::Decoder::try_from(file).map_err(|e| e.to_string())?;
    let sink = open()?;
    let player = rodio::Player::connect_new(sink.mixer());
    player.set_volume(volume);
    // The first sample the device pulls: how long a citizen waited for the sound.
    let first: Arc<Mutex<Option<Instant>>> = Arc::default();
    let seen = Arc::clone(&first);
    player.append(rodio::Source::periodic_access(
        decoder,
        Duration::from_secs(3600),
        move |_| {
            if let Ok(mut f) = seen.lock() {
                f.get_or_insert_with(Instant::now);
            }
        },
    ));
    let mut logged = false;
    let result = loop {
        match commands.recv_timeout(Duration::from_millis(50)) {
            Ok(Cmd::Stop) => break Ok(()),
            Ok(c @ Cmd::Play { .. }) => {
                *next = Some(c);
                break Ok(());
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break Ok(()),
        }
        if !logged && let Some(at) = first.lock().ok().and_then(|f| *f) {
            logged = true;
            info!(
                "朗读：点击后 {:.0} ms 送出第一个声音样本 / read aloud: first sample {:.0} ms after the tap",
                (at - asked).as_secs_f64() * 1000.0,
                (at - asked).as_secs_f64() * 1000.0
            );
        }
        if player.empty() {
            break Ok(());
        }
    };
    player.stop();
    drop(player);
    drop(sink);
    result
}

/// Answers taps on 朗读: plays the page's recording, or stops it.
fn answer_taps(
    mut asks: MessageReader<ReadAloud>,
    speaker: Option<ResMut<Speaker>>,
    live: Res<LiveContent>,
    settings: Res<LiveSettings>,
    mut now: ResMut<VoiceNow>,
) {
    let Some(mut speaker) = speaker else {
        asks.clear();
        return;
    };
    for ReadAloud(target) in asks.read() {
        if now.playing.as_ref() == Some(target) {
            let _ = speaker.commands.send(Cmd::Stop);
            now.playing = None;
            continue;
        }
        let Some(voice) = live
            .content
            .voices
            .get(target)
            .filter(|v| settings.voice.may_play(v) && now.available)
        else {
            continue;
        };
        if speaker.play(voice, &settings.voice) {
            now.playing = Some(target.clone());
        }
    }
}

/// What the sound thread said: whether there is a device, and that a recording ended.
fn hear(speaker: Option<Res<Speaker>>, mut now: ResMut<VoiceNow>) {
    let Some(speaker) = speaker else {
        return;
    };
    let Ok(heard) = speaker.heard.lock() else {
        return;
    };
    while let Ok(h) = heard.try_recv() {
        match h {
            Heard::Available(yes) => {
                now.set_if_neq(VoiceNow {
                    available: yes,
                    playing: None,
                });
            }
            Heard::Ended(seq) if seq == speaker.seq && now.playing.is_some() => {
                now.playing = None;
            }
            Heard::Ended(..) => {}
        }
    }
}

/// With `voice: (rotation: true)`, each slide of the rotation reads itself aloud
/// as it comes (outside the quiet hours), the last one stopped.
fn speak_rotation(
    page: Res<State<Page>>,
    attract: Res<Attract>,
    live: Res<LiveContent>,
    settings: Res<LiveSettings>,
    speaker: Option<ResMut<Speaker>>,
    mut now: ResMut<VoiceNow>,
    mut last: Local<Option<(ItemKey, usize)>>,
) {
    let Some(mut speaker) = speaker else {
        return;
    };
    if *page.get() != Page::Attract || !settings.voice.rotation || !now.available {
        *last = None;
        return;
    }
    let Some(key) = attract.rotation.current().map(|s| s.key.clone()) else {
        return;
    };
    let here = (key.item.clone(), key.page);
    if last.as_ref() == Some(&here) {
        return;
    }
    *last = Some(here);
    if now.playing.take().is_some() {
        let _ = speaker.commands.send(Cmd::Stop);
    }
    let zoned = jiff::Timestamp::now().to_zoned_datetime(settings.time_zone.clone());
    let minute = zoned.hour() as u32 * 60 + zoned.minute() as u32;
    if !settings.voice.rotation_speaks_at(minute) {
        return;
    }
    let target = match key.item.kind {
        Kind::Panel if key.page == 0 => Target::Panel(key.item.id.clone()),
        Kind::Comic => Target::Scene(key.item.id.clone(), key.page + 1),
        _ => return,
    };
    let Some(voice) = live
        .content
        .voices
        .get(&target)
        .filter(|v| settings.voice.may_play(v))
    else {
        return;
    };
    if speaker.play(voice, &settings.voice) {
        now.playing = Some(target);
    }
}

/// Stops the recording when the page changes (idle return included), when the
/// touch page on screen no longer reads it (another step, another scene, a quiz
/// question) or staff come to the screen.
fn stop_when_leaving(
    page: Res<State<Page>>,
    here: Res<ReadableHere>,
    staff: Option<Res<StaffAtScreen>>,
    speaker: Option<Res<Speaker>>,
    mut now: ResMut<VoiceNow>,
) {
    if now.playing.is_none() {
        return;
    }
    let staff_came = staff.is_some_and(|s| s.is_changed() && s.0);
    // The rotation reads its slides itself (speak_rotation).
    let moved_on = *page.get() != Page::Attract && here.0 != now.playing;
    if (page.is_changed() && !page.is_added()) || staff_came || moved_on {
        if let Some(speaker) = speaker {
            let _ = speaker.commands.send(Cmd::Stop);
        }
        now.playing = None;
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, start);
    app.add_systems(
        Update,
        (hear, stop_when_leaving, answer_taps, speak_rotation)
            .chain()
            .in_set(AppSystems::Respond),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::path::Path;
    use std::process::{Command, Stdio};

    use bevy::time::TimeUpdateStrategy;

    use crate::player::guide::ReadAloudButton;
    use crate::player::headless::{FRAME, headless_player};
    use crate::player::state::Visit;
    use crate::player::touch::Tapped;

    fn repo() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    /// Runs the ignored test `name` of this binary in a child process with `env`.
    fn in_child(name: &str, env: &[(&str, &Path)]) -> (bool, String, String) {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.args([
            "--exact",
            name,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("PUFA_KIOSK_VOICE_CHILD", "1")
        .stdin(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn is_child() -> bool {
        std::env::var_os("PUFA_KIOSK_VOICE_CHILD").is_some()
    }

    fn wall() -> f64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs_f64()
    }

    /// A running player (no window) on the shipped content and kiosk.ron, drafts
    /// allowed, 10 s to the idle return; `edit` changes the content copy first.
    struct Running {
        app: App,
        clock: Instant,
        _dir: tempfile::TempDir,
    }

    impl Running {
        fn new(edit: impl FnOnce(&Path)) -> Self {
            Self::with(edit, |voice| voice)
        }

        /// With kiosk.ron's `voice: (…)` line changed by `voice` (drafts allowed).
        fn with(edit: impl FnOnce(&Path), voice: impl FnOnce(String) -> String) -> Self {
            let dir = tempfile::tempdir().unwrap();
            let content = dir.path().join("content");
            copy_dir(&repo().join("content"), &content);
            edit(&content);
            let text = std::fs::read_to_string(repo().join("kiosk.ron")).unwrap();
            let shipped = text
                .lines()
                .find(|l| l.trim_start().starts_with("voice: ("))
                .expect("kiosk.ron has a voice line")
                .to_owned();
            let text = text
                .replacen(
                    &shipped,
                    &voice(shipped.replacen("allow_drafts: false", "allow_drafts: true", 1)),
                    1,
                )
                .replacen(
                    "idle_timeout_seconds: 90.0",
                    "idle_timeout_seconds: 10.0",
                    1,
                );
            let config = dir.path().join("kiosk.ron");
            std::fs::write(&config, text).unwrap();
            let mut app = headless_player(&config);
            let clock = Instant::now();
            app.insert_resource(TimeUpdateStrategy::ManualInstant(clock));
            let mut running = Self {
                app,
                clock,
                _dir: dir,
            };
            let end = Instant::now() + Duration::from_secs(20);
            while running.app.world().resource::<LiveContent>().generation == 0 {
                assert!(Instant::now() < end, "no content in 20 s");
                running.frame(Duration::ZERO);
                std::thread::sleep(Duration::from_millis(10));
            }
            running
        }

        fn frame(&mut self, step: Duration) {
            self.clock += step;
            self.app
                .insert_resource(TimeUpdateStrategy::ManualInstant(self.clock));
            self.app.update();
        }

        /// Frames of [`FRAME`] for `seconds` of real time.
        fn run_for(&mut self, seconds: f32) {
            let end = Instant::now() + Duration::from_secs_f32(seconds);
            while Instant::now() < end {
                self.frame(FRAME);
                std::thread::sleep(FRAME);
            }
        }

        fn step_id(&self, i: usize) -> String {
            let live = self.app.world().resource::<LiveContent>();
            live.content.roadmap.as_ref().unwrap().steps[i].id.clone()
        }

        fn visit(&mut self, visit: Visit) {
            self.app.world_mut().write_message(visit);
            for _ in 0..3 {
                self.frame(FRAME);
            }
        }

        fn buttons(&mut self) -> Vec<Entity> {
            let world = self.app.world_mut();
            world
                .query_filtered::<Entity, With<ReadAloudButton>>()
                .iter(world)
                .collect()
        }

        fn tap_read_aloud(&mut self) {
            let buttons = self.buttons();
            assert_eq!(buttons.len(), 1, "one 朗读 button");
            self.app.world_mut().trigger(Tapped { entity: buttons[0] });
            self.frame(FRAME);
        }

        /// Taps the button labelled `label`.
        fn tap_labelled(&mut self, label: &str) {
            let name = format!("button {label}");
            let world = self.app.world_mut();
            let button = world
                .query_filtered::<(Entity, &Name), With<Button>>()
                .iter(world)
                .find(|(_, n)| n.as_str() == name)
                .map(|(e, _)| e)
                .unwrap_or_else(|| panic!("no {name}"));
            world.trigger(Tapped { entity: button });
            for _ in 0..3 {
                self.frame(FRAME);
            }
        }

        /// A loudspeaker the test listens to in place of the sound thread: what
        /// the player asks of it comes out of the receiver.
        fn listen(&mut self) -> Receiver<Cmd> {
            let (commands, asked) = mpsc::channel();
            let (said, heard) = mpsc::channel();
            self.app.insert_resource(Speaker {
                commands,
                heard: Mutex::new(heard),
                seq: 0,
            });
            said.send(Heard::Available(true)).unwrap();
            self.frame(FRAME);
            assert!(self.voice().available);
            asked
        }

        fn voice(&self) -> VoiceNow {
            self.app.world().resource::<VoiceNow>().clone()
        }

        fn page(&self) -> Page {
            *self.app.world().resource::<State<Page>>().get()
        }
    }

    /// The child's log on its standard error, as the kiosk's log would have it.
    fn log_to_stderr() {
        let _ = bevy::log::tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_ansi(false)
            .try_init();
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap().flatten() {
            let target = to.join(e.file_name());
            if e.path().is_dir() {
                copy_dir(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }

    /// An ALSA configuration whose default device cannot be opened.
    const NO_DEVICE: &str = "pcm.!default { type hw card 99 }\nctl.!default { type hw card 99 }\n";

    #[test]
    #[ignore = "run by without_a_sound_device_the_player_plays_on_and_shows_no_button"]
    fn child_without_a_sound_device() {
        if !is_child() {
            return;
        }
        log_to_stderr();
        let mut p = Running::new(|_| {});
        p.run_for(2.0);
        assert!(!p.voice().available, "no device, yet said available");
        p.visit(Visit::RoadmapStep(0));
        assert_eq!(p.page(), Page::Roadmap);
        assert!(p.buttons().is_empty(), "a 朗读 button with no device");
        // The guide goes on as before.
        p.visit(Visit::RoadmapStep(1));
        assert_eq!(p.page(), Page::Roadmap);
        println!("CHILD OK");
    }

    #[test]
    fn without_a_sound_device_the_player_plays_on_and_shows_no_button() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(home.path().join(".asoundrc"), NO_DEVICE).unwrap();
        let (ok, out, err) = in_child(
            "player::voice::tests::child_without_a_sound_device",
            &[("HOME", home.path())],
        );
        assert!(ok && out.contains("CHILD OK"), "{out}\n{err}");
        assert_eq!(
            err.matches("no sound device").count(),
            1,
            "said once in the log: {err}"
        );
    }

    /// A PulseAudio server with a null sink, paced like a sound card, in `dir`,
    /// and a recording of what reaches it (16 kHz mono), as a listener in the
    /// lobby would hear it.
    struct Lobby {
        server: std::process::Child,
        recorder: std::process::Child,
        recording: std::path::PathBuf,
        started: f64,
    }

    const RATE: f64 = 16_000.0;

    impl Lobby {
        fn open(dir: &Path) -> Self {
            std::fs::create_dir_all(dir.join("run")).unwrap();
            std::fs::write(
                dir.join(".asoundrc"),
                "pcm.!default { type pulse }\nctl.!default { type pulse }\n",
            )
            .unwrap();
            let env = |c: &mut Command| {
                c.env("HOME", dir)
                    .env("XDG_RUNTIME_DIR", dir.join("run"))
                    .env("PULSE_RUNTIME_PATH", dir.join("run/pulse"));
            };
            let mut server = Command::new("pulseaudio");
            env(&mut server);
            server
                .args([
                    "-n",
                    "--daemonize=no",
                    "--exit-idle-time=-1",
                    "--use-pid-file=no",
                    "-L",
                    "module-null-sink sink_name=lobby",
                    "-L",
                    "module-native-protocol-unix",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            let server = server
                .spawn()
                .expect("pulseaudio is needed for this test (scripts/test installs it)");
            let end = Instant::now() + Duration::from_secs(10);
            while !dir.join("run/pulse/native").exists() {
                assert!(Instant::now() < end, "pulseaudio did not start");
                std::thread::sleep(Duration::from_millis(50));
            }
            let recording = dir.join("lobby.raw");
            let mut recorder = Command::new("parec");
            env(&mut recorder);
            recorder
                .args([
                    "-d",
                    "lobby.monitor",
                    "--format=s16le",
                    "--channels=1",
                    "--rate=16000",
                    "--latency-msec=10",
                ])
                .stdout(std::fs::File::create(&recording).unwrap());
            let recorder = recorder.spawn().unwrap();
            // The recording's clock: once samples flow, the newest one is now.
            let end = Instant::now() + Duration::from_secs(10);
            let started = loop {
                let len = std::fs::metadata(&recording).map_or(0, |m| m.len());
                if len >= 16_000 {
                    break wall() - (len / 2) as f64 / RATE;
                }
                assert!(Instant::now() < end, "parec records nothing");
                std::thread::sleep(Duration::from_millis(5));
            };
            Self {
                server,
                recorder,
                recording,
                started,
            }
        }

        /// Seconds (wall clock) at which the lobby heard something between `from`
        /// and `to`.
        fn heard(&self, from: f64, to: f64) -> Vec<f64> {
            let bytes = std::fs::read(&self.recording).unwrap();
            bytes
                .chunks_exact(2)
                .enumerate()
                .filter(|(_, b)| i16::from_le_bytes([b[0], b[1]]).unsigned_abs() > 600)
                .map(|(i, _)| self.started + i as f64 / RATE)
                .filter(|t| (from..to).contains(t))
                .collect()
        }
    }

    impl Drop for Lobby {
        fn drop(&mut self) {
            let _ = self.recorder.kill();
            let _ = self.server.kill();
            let _ = self.recorder.wait();
            let _ = self.server.wait();
        }
    }

    #[test]
    #[ignore = "run by a_tap_reads_the_step_aloud_and_leaving_or_going_idle_stops_it"]
    fn child_in_the_lobby() {
        if !is_child() {
            return;
        }
        log_to_stderr();
        let mut stale = String::new();
        let mut broken = String::new();
        let mut p = Running::new(|content| {
            let roadmap = crate::core::content::load(content)
                .unwrap()
                .roadmap
                .unwrap();
            // Step 2's words changed by one character since it was recorded;
            // step 3's recording is not sound at all.
            stale = roadmap.steps[1].id.clone();
            broken = roadmap.steps[2].id.clone();
            let sidecar = content.join(format!("voice/step-{stale}.voice.ron"));
            let text = std::fs::read_to_string(&sidecar).unwrap();
            std::fs::write(&sidecar, text.replacen("reads: \"", "reads: \"请", 1)).unwrap();
            std::fs::write(
                content.join(format!("voice/step-{broken}.ogg")),
                b"OggS broken",
            )
            .unwrap();
        });
        let end = Instant::now() + Duration::from_secs(10);
        while !p.voice().available {
            assert!(
                Instant::now() < end,
                "the lobby's sound device was not found"
            );
            p.frame(FRAME);
            std::thread::sleep(FRAME);
        }
        // The button shows only where a matching, decodable recording is.
        p.visit(Visit::RoadmapStep(0));
        for (i, want) in [(1, 0), (2, 0), (0, 1)] {
            p.visit(Visit::RoadmapStep(i));
            let shown = p
                .app
                .world()
                .resource::<crate::player::state::Shown>()
                .title
                .clone();
            let live = p.app.world().resource::<LiveContent>();
            let title = live.content.roadmap.as_ref().unwrap().steps[i]
                .title
                .clone();
            assert_eq!(
                shown.as_deref(),
                Some(title.as_str()),
                "step {i} is on screen"
            );
            assert_eq!(p.buttons().len(), want, "step {i} ({})", p.step_id(i));
        }
        let first = p.step_id(0);
        println!("TAP {:.3}", wall());
        p.tap_read_aloud();
        assert_eq!(p.voice().playing, Some(Target::Step(first.clone())));
        p.run_for(2.5);
        assert!(p.voice().playing.is_some(), "still reading");
        // Leaving the page stops it.
        println!("LEFT {:.3}", wall());
        p.visit(Visit::Home);
        assert_eq!(p.voice().playing, None);
        p.run_for(1.5);
        // Again, then the visitor walks away: the idle return stops it.
        p.visit(Visit::RoadmapStep(0));
        println!("TAP2 {:.3}", wall());
        p.tap_read_aloud();
        p.run_for(1.0);
        // A second tap stops it; a third starts it again.
        println!("SECOND {:.3}", wall());
        p.tap_read_aloud();
        assert_eq!(p.voice().playing, None, "a second tap stops it");
        p.run_for(1.5);
        println!("THIRD {:.3}", wall());
        p.tap_read_aloud();
        p.run_for(1.0);
        for _ in 0..4 {
            p.frame(Duration::from_secs(4));
        }
        println!("IDLE {:.3}", wall());
        assert_eq!(p.page(), Page::Attract, "the idle return");
        assert_eq!(p.voice().playing, None, "going idle stops it");
        p.run_for(1.5);
        println!("CHILD OK");
    }

    /// A citizen's tap on 朗读, heard from outside the player: within moments the
    /// lobby hears the step; leaving the page, a second tap and the idle return
    /// each silence it. Prints the delay from the tap to the first sound.
    #[test]
    fn a_tap_reads_the_step_aloud_and_leaving_or_going_idle_stops_it() {
        let dir = tempfile::tempdir().unwrap();
        let lobby = Lobby::open(dir.path());
        let (ok, out, err) = in_child(
            "player::voice::tests::child_in_the_lobby",
            &[
                ("HOME", dir.path()),
                ("XDG_RUNTIME_DIR", &dir.path().join("run")),
                ("PULSE_RUNTIME_PATH", &dir.path().join("run/pulse")),
            ],
        );
        assert!(ok && out.contains("CHILD OK"), "{out}\n{err}");
        let at = |what: &str| -> f64 {
            // The test harness may print its own words before ours on a line.
            let words: Vec<&str> = out.split_whitespace().collect();
            words
                .windows(2)
                .find(|w| w[0] == what)
                .unwrap_or_else(|| panic!("no {what} in {out}"))[1]
                .parse()
                .unwrap()
        };
        let (tap, left, tap2, second, third, idle) = (
            at("TAP"),
            at("LEFT"),
            at("TAP2"),
            at("SECOND"),
            at("THIRD"),
            at("IDLE"),
        );
        let heard = lobby.heard(tap, tap + 2.5);
        let first = heard
            .first()
            .copied()
            .expect("the lobby heard nothing after the tap");
        let delay = (first - tap) * 1000.0;
        eprintln!("tap to first sound, heard in the lobby: {delay:.0} ms");
        assert!(delay < 600.0, "first sound {delay:.0} ms after the tap");
        // Quiet once the page is left, the second tap, the idle return: within a
        // second (what the sound server still holds drains), not the step's
        // whole recording (tens of seconds).
        let tail =
            |from: f64, to: f64| lobby.heard(from, to).last().map_or(0.0, |last| last - from);
        let (leaving, second_tap, idling) = (
            tail(left, tap2),
            tail(second, third),
            tail(idle, idle + 1.5),
        );
        eprintln!(
            "last sound after leaving the page {:.0} ms, after the second tap {:.0} ms, after the idle return {:.0} ms",
            leaving * 1000.0,
            second_tap * 1000.0,
            idling * 1000.0
        );
        for (what, t) in [
            ("leaving", leaving),
            ("the second tap", second_tap),
            ("the idle return", idling),
        ] {
            assert!(t < 1.0, "sound {t:.2} s after {what}");
        }
        assert!(
            !lobby.heard(tap2, second).is_empty(),
            "the second visit is heard"
        );
        assert!(
            !lobby.heard(third, idle).is_empty(),
            "the third tap is heard"
        );
        assert!(
            err.contains("first sample"),
            "the player logs the first sample's delay: {err}"
        );
    }

    /// What the player asked of the loudspeaker so far: the file names it was
    /// asked to play, and `STOP` for a stop.
    fn asked(asked: &Receiver<Cmd>) -> Vec<String> {
        asked
            .try_iter()
            .map(|c| match c {
                Cmd::Play { path, .. } => path.file_name().unwrap().to_string_lossy().into_owned(),
                Cmd::Stop => "STOP".to_owned(),
            })
            .collect()
    }

    /// Runs the ignored child test `name` with a sound device that cannot open
    /// (the test listens in place of the loudspeaker).
    fn run_child(name: &str) {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(home.path().join(".asoundrc"), NO_DEVICE).unwrap();
        let (ok, out, err) = in_child(name, &[("HOME", home.path())]);
        assert!(ok && out.contains("CHILD OK"), "{out}\n{err}");
    }

    #[test]
    #[ignore = "run by the_comic_reader_reads_a_scene_aloud_only_where_its_recording_matches"]
    fn child_on_the_comic_page() {
        if !is_child() {
            return;
        }
        log_to_stderr();
        let mut id = String::new();
        let mut p = Running::new(|content| {
            id = crate::core::content::load(content)
                .unwrap()
                .guide_comic()
                .unwrap()
                .id
                .clone();
            // Scene 2's words changed by one character since it was recorded;
            // scene 3's recording is not sound at all.
            let sidecar = content.join(format!("voice/comic-{id}-2.voice.ron"));
            let text = std::fs::read_to_string(&sidecar).unwrap();
            std::fs::write(&sidecar, text.replacen("reads: \"", "reads: \"请", 1)).unwrap();
            std::fs::write(
                content.join(format!("voice/comic-{id}-3.ogg")),
                b"OggS broken",
            )
            .unwrap();
        });
        let asked_for = p.listen();
        let words = p
            .app
            .world()
            .resource::<crate::player::messages::Messages>()
            .clone();
        let scene = |n: usize| Target::Scene(id.clone(), n);
        let here = |p: &Running| p.app.world().resource::<ReadableHere>().0.clone();
        p.visit(Visit::ComicReader);
        assert_eq!(p.page(), Page::Comic);
        assert_eq!(p.buttons().len(), 1, "scene 1 has its recording");
        assert_eq!(here(&p), Some(scene(1)));
        p.tap_read_aloud();
        assert_eq!(p.voice().playing, Some(scene(1)));
        assert_eq!(asked(&asked_for), [format!("comic-{id}-1.ogg")]);
        p.frame(FRAME);
        // The button now stops it.
        p.tap_labelled(&words.stop_reading);
        assert_eq!(p.voice().playing, None, "a second tap stops it");
        assert_eq!(asked(&asked_for), ["STOP"]);
        p.tap_read_aloud();
        assert_eq!(asked(&asked_for), [format!("comic-{id}-1.ogg")]);
        // Turning the scene silences the one before; scenes 2 (stale) and 3
        // (broken) have no button; scene 4 has.
        p.tap_labelled(&words.next);
        assert_eq!(here(&p), Some(scene(2)));
        assert_eq!(p.voice().playing, None, "turning the scene stops it");
        assert_eq!(asked(&asked_for), ["STOP"]);
        assert_eq!(p.buttons().len(), 0, "scene 2's recording is stale");
        p.tap_labelled(&words.next);
        assert_eq!(p.buttons().len(), 0, "scene 3's recording does not decode");
        p.tap_labelled(&words.next);
        assert_eq!(p.buttons().len(), 1, "scene 4 has its recording");
        // The quiz's question gives no answer away; the revealed answer reads aloud.
        p.visit(Visit::Quiz(Vec::new()));
        assert_eq!(p.buttons().len(), 0, "no 朗读 before the answer");
        assert_eq!(here(&p), None);
        p.visit(Visit::Quiz(vec![true]));
        assert_eq!(p.buttons().len(), 1, "the answer reads aloud");
        p.tap_read_aloud();
        assert_eq!(p.voice().playing, Some(scene(1)));
        assert_eq!(asked(&asked_for), [format!("comic-{id}-1.ogg")]);
        // Leaving the page stops it.
        p.visit(Visit::Home);
        assert_eq!(p.voice().playing, None);
        assert_eq!(asked(&asked_for), ["STOP"]);
        println!("CHILD OK");
    }

    /// 朗读 on the comic reader, as on the roadmap: the button where the scene's
    /// recording matches its words and decodes, none where it is stale or broken
    /// or the quiz has not yet answered; a tap plays the scene, a second tap,
    /// turning the scene or leaving the page stops it.
    #[test]
    fn the_comic_reader_reads_a_scene_aloud_only_where_its_recording_matches() {
        run_child("player::voice::tests::child_on_the_comic_page");
    }

    #[test]
    #[ignore = "run by the_touch_pages_read_aloud_only_where_their_recording_matches"]
    fn child_on_the_touch_pages() {
        if !is_child() {
            return;
        }
        log_to_stderr();
        let page = |name: &str| Target::Page(name.into());
        let mut p = Running::new(|content| {
            record(content, |t| {
                *t == Target::Page("home".into()) || *t == Target::Page("topics".into())
            });
            // The home page's words changed by one character since it was recorded.
            let sidecar = content.join("voice/page-home.voice.ron");
            let text = std::fs::read_to_string(&sidecar).unwrap();
            std::fs::write(&sidecar, text.replacen("reads: \"", "reads: \"请", 1)).unwrap();
        });
        let live = p.app.world().resource::<LiveContent>();
        assert!(
            live.content.online.is_some() && !live.content.topics.is_empty(),
            "the shipped content has 按问题找 and 网上信访"
        );
        assert!(live.content.voices.contains_key(&page("topics")));
        assert!(!live.content.voices.contains_key(&page("home")));
        let asked_for = p.listen();
        let here = |p: &Running| p.app.world().resource::<ReadableHere>().0.clone();
        p.visit(Visit::Home);
        assert_eq!(p.page(), Page::Home);
        assert_eq!(here(&p), Some(page("home")));
        assert_eq!(p.buttons().len(), 0, "the home page's recording is stale");
        p.visit(Visit::Topics);
        assert_eq!(p.page(), Page::Topics);
        assert_eq!(
            p.buttons().len(),
            1,
            "the list of questions has its recording"
        );
        p.tap_read_aloud();
        assert_eq!(p.voice().playing, Some(page("topics")));
        assert_eq!(asked(&asked_for), ["page-topics.wav"]);
        // A question's articles are not read aloud: opening one stops the list's.
        p.visit(Visit::Topic(0));
        assert_eq!(here(&p), None);
        assert_eq!(p.buttons().len(), 0, "no 朗读 for a question's articles");
        assert_eq!(p.voice().playing, None, "opening a question stops it");
        assert_eq!(asked(&asked_for), ["STOP"]);
        p.visit(Visit::Topics);
        p.tap_read_aloud();
        assert_eq!(asked(&asked_for), ["page-topics.wav"]);
        // 网上信访 has no recording: no button, and going there stops the list's.
        p.visit(Visit::Online);
        assert_eq!(p.page(), Page::Online);
        assert_eq!(here(&p), Some(page("online")));
        assert_eq!(p.buttons().len(), 0, "网上信访 has no recording");
        assert_eq!(p.voice().playing, None);
        assert_eq!(asked(&asked_for), ["STOP"]);
        println!("CHILD OK");
    }

    /// 朗读 on the touch pages (home, 按问题找, 网上信访): the button only where
    /// the page's recording matches what it shows (espeak-ng drafts; the home
    /// page's is stale), none on a question's articles; opening a question or
    /// another page stops it.
    #[test]
    fn the_touch_pages_read_aloud_only_where_their_recording_matches() {
        run_child("player::voice::tests::child_on_the_touch_pages");
    }

    /// espeak-ng drafts, with their sidecars, of every panel that has none.
    fn record_panels(content: &Path) {
        record(content, |t| matches!(t, Target::Panel(_)));
    }

    /// espeak-ng drafts, with their sidecars, of what `which` picks and has none.
    fn record(content: &Path, which: impl Fn(&Target) -> bool) {
        let c = crate::core::content::load(content).unwrap();
        for script in c.voice_scripts() {
            if !which(&script.target) || c.voices.contains_key(&script.target) {
                continue;
            }
            let stem = script.target.stem();
            let dir = content.join(crate::core::voice::DIR);
            let ok = Command::new("espeak-ng")
                .args(["-v", "cmn", "-s", "400", "-w"])
                .arg(dir.join(format!("{stem}.wav")))
                .arg(&script.words)
                .status()
                .expect("espeak-ng is needed for this test (scripts/test installs it)")
                .success();
            assert!(ok, "espeak-ng failed on {stem}");
            std::fs::write(
                dir.join(format!("{stem}{}", crate::core::voice::SIDECAR)),
                crate::cli::voice::sidecar_text(&script, true, Some("espeak-ng")),
            )
            .unwrap();
        }
    }

    /// What the rotation reads for the slide on screen, if it can read it at all.
    fn slide_target(p: &Running) -> Option<Target> {
        let attract = p.app.world().resource::<Attract>();
        let key = attract.rotation.current()?.key.clone();
        match key.item.kind {
            Kind::Panel if key.page == 0 => Some(Target::Panel(key.item.id.clone())),
            Kind::Comic => Some(Target::Scene(key.item.id.clone(), key.page + 1)),
            _ => None,
        }
    }

    /// Runs the rotation through `slides` slides (virtual time), and gives what the
    /// loudspeaker was asked and the recordings of the slides shown.
    fn watch_rotation(
        p: &mut Running,
        asked_for: &Receiver<Cmd>,
        slides: usize,
    ) -> (Vec<String>, Vec<String>) {
        let mut shown = Vec::new();
        let mut heard = Vec::new();
        let mut last = None;
        let mut changes = 0;
        for _ in 0..slides * 40 {
            p.frame(Duration::from_millis(500));
            let key = p
                .app
                .world()
                .resource::<Attract>()
                .rotation
                .current()
                .map(|s| s.key.clone());
            if key != last {
                changes += 1;
                if changes > slides {
                    break;
                }
                last = key;
                if let Some(t) = slide_target(p) {
                    shown.push(t.stem());
                }
            }
            heard.extend(asked(asked_for));
        }
        assert!(
            changes > slides,
            "the rotation moved through {changes} slides"
        );
        (heard, shown)
    }

    #[test]
    #[ignore = "run by the_rotation_reads_slides_aloud_only_where_kiosk_ron_says_and_not_in_quiet_hours"]
    fn child_rotation() {
        if !is_child() {
            return;
        }
        log_to_stderr();
        // Rotation audio on: each slide with a recording is read as it comes, the
        // one before stopped.
        let mut p = Running::with(record_panels, |v| {
            v.replacen("rotation: false", "rotation: true", 1)
        });
        assert_eq!(p.page(), Page::Attract);
        let asked_for = p.listen();
        let (heard, shown) = watch_rotation(&mut p, &asked_for, 4);
        let played: Vec<&str> = heard
            .iter()
            .filter(|h| *h != "STOP")
            .map(|h| h.rsplit_once('.').map_or(h.as_str(), |(stem, _)| stem))
            .collect();
        assert!(!shown.is_empty(), "no slide with a recording came");
        assert_eq!(played, shown, "{heard:?}");
        assert!(
            heard.iter().any(|h| h == "STOP"),
            "the slide before is stopped: {heard:?}"
        );
        // A citizen's touch opens the guide: silence. (The rotation is read a
        // frame after it moves: let it catch up first.)
        p.frame(FRAME);
        asked(&asked_for);
        if p.voice().playing.is_some() {
            p.visit(Visit::Home);
            assert_eq!(asked(&asked_for), ["STOP"]);
        }
        drop(p);
        // The same, in quiet hours (all day): silent.
        let mut p = Running::with(record_panels, |v| {
            v.replacen("rotation: false", "rotation: true", 1).replacen(
                "quiet_hours: []",
                "quiet_hours: [(\"00:00\", \"12:00\"), (\"12:00\", \"00:00\")]",
                1,
            )
        });
        let asked_for = p.listen();
        let (heard, shown) = watch_rotation(&mut p, &asked_for, 4);
        assert!(!shown.is_empty());
        assert!(heard.is_empty(), "quiet hours, yet {heard:?}");
        drop(p);
        // Rotation audio off, as shipped: silent.
        let mut p = Running::with(record_panels, |v| v);
        let asked_for = p.listen();
        let (heard, shown) = watch_rotation(&mut p, &asked_for, 4);
        assert!(!shown.is_empty());
        assert!(heard.is_empty(), "rotation off, yet {heard:?}");
        println!("CHILD OK");
    }

    /// kiosk.ron's `voice: (rotation: true)` reads each slide that has a recording
    /// as it comes; quiet hours and the shipped `rotation: false` keep it silent.
    #[test]
    fn the_rotation_reads_slides_aloud_only_where_kiosk_ron_says_and_not_in_quiet_hours() {
        run_child("player::voice::tests::child_rotation");
    }

    #[test]
    fn the_loop_hears_of_a_device_and_of_a_recording_ending() {
        let mut app = App::new();
        app.add_plugins(MinimalPlugins);
        app.init_resource::<VoiceNow>();
        let (commands, _rx) = mpsc::channel();
        let (tx, heard) = mpsc::channel();
        app.insert_resource(Speaker {
            commands,
            heard: Mutex::new(heard),
            seq: 3,
        });
        app.add_systems(Update, hear);
        tx.send(Heard::Available(true)).unwrap();
        app.update();
        assert!(app.world().resource::<VoiceNow>().available);
        app.world_mut().resource_mut::<VoiceNow>().playing = Some(Target::Step("visit".into()));
        // An older recording's end does not clear the one playing now.
        tx.send(Heard::Ended(2)).unwrap();
        app.update();
        assert!(app.world().resource::<VoiceNow>().playing.is_some());
        tx.send(Heard::Ended(3)).unwrap();
        app.update();
        assert_eq!(app.world().resource::<VoiceNow>().playing, None);
    }
}
