"""Measuring the player from outside its process, as an operator meets it: a private
X screen (Xvfb with Mesa's software Vulkan), frames counted from the X server's
damage reports, memory and CPU read from /proc. Used by scripts/bench and scripts/soak.
Needs python3-xlib and python3-pil (scripts/bench installs them when run as root)."""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
# The build with the dev probes, set by build().
PROBE_BIN = None
# PUFA_KIOSK_BIN measures a binary kept aside (a long run while builds go on).
BIN = os.environ.get("PUFA_KIOSK_BIN", os.path.join(TARGET, "release", "pufa-kiosk"))

# Present requests closer together than this are one frame (one frame may be
# several PutImage requests); software rendering needs 60+ ms a frame.
FRAME_GAP = 0.012


def build():
    """Builds what ships; also keeps a build with the dev probes aside (PROBE_BIN) for
    the player's own figures, which are printed only beside the outside ones."""
    global PROBE_BIN
    if "PUFA_KIOSK_BIN" in os.environ:
        return
    subprocess.run(["cargo", "build", "--release", "--quiet", "--features", "dev"], cwd=ROOT, check=True)
    PROBE_BIN = os.path.join(tempfile.mkdtemp(prefix="pufa-probe-"), "pufa-kiosk")
    shutil.copy(BIN, PROBE_BIN)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)


def shipped_copy():
    """A temporary folder holding the shipped kiosk.ron and content/, unchanged, so
    edits during a run do not touch the repository."""
    d = tempfile.mkdtemp(prefix="pufa-outside-")
    shutil.copy(os.path.join(ROOT, "kiosk.ron"), d)
    shutil.copytree(os.path.join(ROOT, "content"), os.path.join(d, "content"))
    return d


class Screen:
    """A private Xvfb screen of the given size. The shipped kiosk.ron plays
    fullscreen, so the screen's size is the window's."""

    def __init__(self, width, height):
        n = 90
        while os.path.exists(f"/tmp/.X{n}-lock"):
            n += 1
        self.display = f":{n}"
        self.proc = subprocess.Popen(
            ["Xvfb", self.display, "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if os.path.exists(f"/tmp/.X11-unix/X{n}"):
                break
            time.sleep(0.05)
        time.sleep(0.2)

    def close(self):
        self.proc.terminate()
        self.proc.wait()


class Frames:
    """Counts the frames drawn on a screen: every redraw of the window reaches the
    X server as image data, which the DAMAGE extension reports. Runs on a thread;
    `times` holds the monotonic time of each frame."""

    def __init__(self, display):
        from Xlib import display as xdisplay
        from Xlib.ext import damage
        self.times = []
        self._stop = False
        self._d = xdisplay.Display(display)
        # DAMAGE answers only clients that asked for its version first.
        self._d.damage_query_version()
        root = self._d.screen().root
        self._damage = root.damage_create(damage.DamageReportRawRectangles)
        self._d.flush()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        last = -1.0
        while not self._stop:
            if self._d.pending_events() == 0:
                time.sleep(0.002)
                continue
            self._d.next_event()
            now = time.monotonic()
            if now - last > FRAME_GAP:
                self.times.append(now)
            last = now

    def between(self, t0, t1):
        return sum(1 for t in self.times if t0 <= t < t1)

    def close(self):
        self._stop = True
        self._thread.join(1)
        self._d.close()


def start(config, display, log=None, binary=None, **env_vars):
    env = dict(os.environ, DISPLAY=display, **env_vars)
    env.setdefault("RUST_LOG", "warn")
    return subprocess.Popen([binary or BIN, "--config", config], env=env, stdout=subprocess.DEVNULL,
                            stderr=open(log, "w") if log else subprocess.DEVNULL,
                            start_new_session=True)


def stop(proc):
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _tree(pid):
    pids = [pid]
    try:
        for child in open(f"/proc/{pid}/task/{pid}/children").read().split():
            pids += _tree(int(child))
    except OSError:
        pass
    return pids


def cpu_seconds(pid):
    """User + system CPU seconds of the process tree."""
    total = 0
    for p in _tree(pid):
        try:
            fields = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def _kib(pid, path, key):
    total = 0
    for p in _tree(pid):
        try:
            m = re.search(rf"^{key}:\s+(\d+)", open(f"/proc/{p}/{path}").read(), re.M)
            total += int(m.group(1)) if m else 0
        except OSError:
            pass
    return total


def rss_mib(pid):
    return _kib(pid, "status", "VmRSS") / 1024


def rss_anon_mib(pid):
    """The anonymous part of RSS: the process's own memory, without mapped files."""
    return _kib(pid, "status", "RssAnon") / 1024


def rss_file_mib(pid):
    """The file-backed part of RSS: mapped code and data, shared with the page cache."""
    return _kib(pid, "status", "RssFile") / 1024


def pss_mib(pid):
    return _kib(pid, "smaps_rollup", "Pss") / 1024


def settings(config):
    """seconds_per_item and transition_seconds from a kiosk.ron."""
    text = open(config, encoding="utf-8").read()
    num = lambda key: float(re.search(rf"^\s*{key}:\s*([0-9.]+)", text, re.M).group(1))
    return num("seconds_per_item"), num("transition_seconds")


def bursts(times, gap=0.5):
    """Frames grouped into bursts: a transition is one burst of frames."""
    out = []
    for t in times:
        if out and t - out[-1][-1] <= gap:
            out[-1].append(t)
        else:
            out.append([t])
    return out


def transitions(times, seconds):
    """Bursts long enough to be a slide transition of `seconds` (a reload or a
    picture arriving is a single frame)."""
    return [b for b in bursts(times) if b[-1] - b[0] >= seconds * 0.5]


def pct(values, q):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def slides_in_a_pass(config, width, height):
    """How many slides one pass of the playlist shows on a screen of this size
    (long panels are paged), counted from the PNGs `pufa-kiosk render` writes."""
    out = tempfile.mkdtemp(prefix="pufa-pass-")
    subprocess.run([BIN, "render", "--config", config, "--size", f"{width}x{height}", "--out", out],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    n = sum(1 for f in os.listdir(out) if re.match(r"^\d{3}-(panel|comic)-", f))
    shutil.rmtree(out, ignore_errors=True)
    return n


def with_setting(config, key, value):
    """Rewrites one field of a kiosk.ron copy (the soak's faster rotation)."""
    text = open(config, encoding="utf-8").read()
    text = re.sub(rf"^(\s*{key}:\s*)[^,]+,", rf"\g<1>{value},", text, count=1, flags=re.M)
    open(config, "w", encoding="utf-8").write(text)
