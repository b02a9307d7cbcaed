#!/usr/bin/env python3
"""The kiosk session tried for real on a machine without a screen (CI, a VM), with the package
installed: `dlkiosk-kiosk setup`, then the unit's own ExecStart (cage with the installed dlkiosk,
as the unit's User) on wlroots' headless backend with the pixman renderer. A pupil logs in with
real X key and mouse events (xdotool through cage's Xwayland), answers an item and moves on;
dlkiosk is killed (SIGKILL); it must be back on the start screen within 5 s, and the same code
must bring the pupil back to the same item. grim photographs the session before and after, and
each picture must show the button the kiosk's accessibility tree places on screen.
Finally `dlkiosk-kiosk remove`.

What this cannot show here: systemd itself restarting the unit (no systemd as PID 1 in this
container: a small supervisor does what Restart=always and RestartSec= say, with the values read
from the installed unit), the logind session on tty1 (PAMName, TTYPath), and real keyboards: with
no input devices there is no Ctrl+Alt+F2 to press, so "no VT switching" rests on cage's own
default (no -s in ExecStart), which the script checks in the unit.

usage: try_session.py OUT_DIR   (root; dlkiosk, cage, xwayland, grim, xdotool installed)
"""
import os
import pwd
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "e2e"))
from kiosk_dump import confirm_and_wait_for_item, poll, read_tree  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from picture_canvas import write_png  # noqa: E402

UNIT = "/lib/systemd/system/dlkiosk-kiosk.service"
OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/dlk-kiosk-session"
RUNTIME = "/tmp/dlk-kiosk-runtime"
DUMP = os.path.join(RUNTIME, "a11y.tsv")
stop = threading.Event()
starts = []
user = None
data = None


def fail(message):
    print("FAIL: " + message)
    try:
        print("--- last accessibility tree ---\n" + open(DUMP).read())
    except OSError:
        pass
    sys.exit(1)


def unit_values():
    values = {}
    for line in open(UNIT, encoding="utf-8"):
        line = line.strip()
        if "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def as_user(argv):
    """argv run as the kiosk user (setpriv: no login shell needed, none exists)."""
    return ["setpriv", "--reuid", str(user.pw_uid), "--regid", str(user.pw_gid), "--init-groups", "--"] + argv


def session_env():
    return {"PATH": "/usr/bin:/bin", "HOME": user.pw_dir, "USER": user.pw_name, "XDG_RUNTIME_DIR": RUNTIME,
            "WLR_BACKENDS": "headless", "WLR_RENDERER": "pixman", "WLR_LIBINPUT_NO_DEVICES": "1",
            "DLK_A11Y_DUMP": DUMP}


def headless_trial(exec_start):
    """The unit's ExecStart with cage's output turned twice (-r -r: 180 degrees, the same size).

    On the headless backend cage 0.1.4 hands a client buffer that covers the whole output straight
    to the output (direct scan-out), and wlroots 0.15's screencopy of such a buffer is black: every
    grim picture of the full-screen kiosk was black, while a window one pixel smaller, or any
    program that does not cover the output, was photographed correctly. A turned output cannot show
    an unturned buffer directly, so cage composites the frame as it does on a real screen (where an
    Xwayland buffer in shared memory is never scanned out either), and grim turns the picture
    back. Nothing else changes: the same cage, the same kiosk full screen at the output's size."""
    end = exec_start.index("--")
    return exec_start[:end] + ["-r", "-r"] + exec_start[end:]


def supervise(exec_start, restart_sec):
    """What systemd does for Restart=always: start ExecStart again RestartSec after it ends."""
    while not stop.is_set():
        starts.append(time.time())
        proc = subprocess.Popen(as_user(exec_start), env=session_env(), stdout=subprocess.DEVNULL,
                                stderr=open(os.path.join(RUNTIME, "session.log"), "a"))
        while proc.poll() is None:
            if stop.is_set():
                proc.terminate()
                proc.wait()
                return
            time.sleep(0.05)
        stop.wait(restart_sec)


def gui_pid():
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if open("/proc/%s/comm" % pid).read().strip() == "dlkiosk-gui" and \
                        os.stat("/proc/" + pid).st_uid == user.pw_uid:
                    return int(pid)
            except OSError:
                pass
    return None


def gui_env(pid):
    raw = open("/proc/%d/environ" % pid, "rb").read().split(b"\0")
    return dict(kv.decode().split("=", 1) for kv in raw if b"=" in kv)


def read_ppm(path):
    """(width, height, RGB bytes) of grim's binary PPM (P6, maxval 255)."""
    raw = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:
        while raw[pos:pos + 1].isspace():
            pos += 1
        if raw[pos:pos + 1] == b"#":
            pos = raw.index(b"\n", pos)
            continue
        end = pos
        while not raw[end:end + 1].isspace():
            end += 1
        fields.append(raw[pos:end])
        pos = end
    if fields[0] != b"P6" or fields[3] != b"255":
        fail("%s is not an 8-bit binary PPM" % path)
    width, height = int(fields[1]), int(fields[2])
    return width, height, raw[pos + 1:pos + 1 + width * height * 3]


def check_picture(name, width, height, rgb, button):
    """The picture shows the kiosk with `button` where its accessibility tree says: not black, the
    kiosk's background the most common colour, and the button's centre not background (a picture
    upside down, shifted or of another screen fails the last)."""
    if width * height * 3 != len(rgb):
        fail("grim's picture %s is cut short" % name)
    if not any(rgb):
        fail("grim's picture %s is black" % name)
    counts = {}
    for i in range(0, len(rgb), 3 * 97):  # a sample is enough to find the dominant colour
        counts[rgb[i:i + 3]] = counts.get(rgb[i:i + 3], 0) + 1
    background = max(counts, key=counts.get)
    x, y = int(button["x"]), int(button["y"])
    if not (0 <= x < width and 0 <= y < height):
        fail("'%s' at %d,%d lies outside grim's %dx%d picture %s" % (button["label"], x, y, width, height, name))
    at = (y * width + x) * 3
    if rgb[at:at + 3] == background:
        fail("grim's picture %s shows no '%s' button at %d,%d (background colour #%s there)"
             % (name, button["label"], x, y, background.hex()))
    return background


def tree():
    return read_tree(DUMP)


def wait_for(predicate, what, seconds=30):
    found = poll(tree, predicate, seconds)
    if not found:
        fail("waited %d s for %s" % (seconds, what))
    return found


def node(label, role=None, seconds=30):
    return wait_for(lambda t: next((n for n in t if n["label"] == label and (role is None or n["role"] == role)), None),
                    "'%s' on screen" % label, seconds)


class Session:
    """The X display of the running dlkiosk (cage's Xwayland) and its window."""

    def __init__(self):
        end = time.time() + 20
        while not gui_pid() and time.time() < end:
            time.sleep(0.05)
        pid = gui_pid()
        if not pid:
            fail("dlkiosk-gui did not start under cage (see %s/session.log)" % RUNTIME)
        self.env = dict(session_env(), **{k: v for k, v in gui_env(pid).items()
                                          if k in ("DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY")})
        if "DISPLAY" not in self.env:
            fail("dlkiosk runs without DISPLAY: cage started no Xwayland")
        self.window = subprocess.run(as_user(["xdotool", "search", "--sync", "--onlyvisible", "--name", "^dlkiosk$"]),
                                     env=self.env, check=True, capture_output=True, text=True,
                                     timeout=20).stdout.split()[0]

    def xdo(self, *args):
        subprocess.run(as_user(["xdotool"] + list(args)), env=self.env, check=True)

    def click(self, n):
        self.xdo("mousemove", "--window", self.window, str(int(n["x"])), str(int(n["y"])))
        time.sleep(0.3)  # ImGui sees the hover on one frame and the press on a later one
        self.xdo("click", "1")
        time.sleep(0.3)

    def click_until(self, n, done, what):
        """Clicks once and waits until `done()` holds. One click must do: a click whose press and
        release came between two frames was once lost, and a retry here hid it."""
        self.click(n)
        end = time.time() + 10
        while time.time() < end:
            if done():
                return
            time.sleep(0.1)
        fail("a click on '%s' did not give %s" % (n["label"], what))

    def grim(self, name, button):
        """grim's picture of the session, checked to show `button` (a node of the tree)."""
        shot = os.path.join(RUNTIME, name.replace(".png", ".ppm"))
        subprocess.run(as_user(["grim", "-t", "ppm", shot]), env=self.env, check=True, timeout=20)
        width, height, rgb = read_ppm(shot)
        write_png(os.path.join(OUT, name), width, height, rgb)
        background = check_picture(name, width, height, rgb, button)
        print("ok: grim's picture %s (%dx%d, background #%s) shows '%s' at %d,%d"
              % (name, width, height, background.hex(), button["label"], int(button["x"]), int(button["y"])))
        return os.path.join(OUT, name)

    def login(self, code):
        self.click(node("Jouw code", "textbox"))
        wait_for(lambda t: any(n["label"] == "Jouw code" and n["focused"] for n in t), "the code field's focus")
        time.sleep(1.0)
        self.xdo("key", "ctrl+a", "BackSpace")
        self.xdo("type", "--delay", "60", code)
        self.xdo("key", "Return")
        found = confirm_and_wait_for_item(tree, lambda: self.xdo("key", "Return"))
        if not found:
            fail("waited 15 s for 'Volgende →' after typing the code")
        return found


def position(code):
    # Codes are stored only sealed and hashed: the demo's other pupils were simulated before the
    # kiosk started, so this pupil's attempts are the newest.
    del code
    with sqlite3.connect("file:%s?mode=ro" % os.path.join(data, "dlkiosk.db"), uri=True) as c:
        row = c.execute("SELECT a.id, a.current_position FROM attempts a ORDER BY a.id DESC LIMIT 1").fetchone()
    return row or (None, None)


def main():
    global user, data
    if os.geteuid() != 0:
        fail("run as root (it sets up the kiosk user and unit)")
    os.makedirs(OUT, exist_ok=True)
    unit = unit_values()
    exec_start = shlex.split(unit["ExecStart"])
    restart_sec = float(unit.get("RestartSec", "0"))
    if unit.get("Restart") != "always" or restart_sec > 5:
        fail("the unit must say Restart=always and RestartSec<=5 (it says %s, %s)" % (unit.get("Restart"), restart_sec))
    if exec_start[0] != "/usr/bin/cage" or "-s" in exec_start[:exec_start.index("--")]:
        fail("ExecStart must run cage without -s (VT switching): " + unit["ExecStart"])

    try:
        pwd.getpwnam(unit["User"])
        fail("the user %s exists: this trial only runs where no kiosk was set up" % unit["User"])
    except KeyError:
        pass
    subprocess.run(["dlkiosk-kiosk", "setup"], check=True)
    user = pwd.getpwnam(unit["User"])
    if not user.pw_shell.endswith("nologin"):
        fail("the kiosk user has the login shell " + user.pw_shell)
    if subprocess.run(["systemctl", "is-enabled", "dlkiosk-kiosk.service"], capture_output=True).returncode != 0:
        fail("dlkiosk-kiosk setup did not enable the unit")
    data = os.path.join(user.pw_dir, ".local", "share", "dlkiosk")
    if os.path.exists(data):
        fail(data + " exists: this trial only runs on a machine whose kiosk holds no pupils' data")

    shutil.rmtree(RUNTIME, ignore_errors=True)
    os.mkdir(RUNTIME, 0o700)
    os.chown(RUNTIME, user.pw_uid, user.pw_gid)
    os.chmod(OUT, 0o755)
    # A demo class in the kiosk user's data folder; the last code is a pupil who has not started.
    out = subprocess.run(as_user(["dlkiosk", "demo", "--data", data, "--pupils", "2", "--not-started", "1"]),
                         env=session_env(), check=True, capture_output=True, text=True).stdout
    code = [line.split("\t")[0] for line in out.splitlines()[1:] if "\t" in line][-1]

    supervisor = threading.Thread(target=supervise, args=(headless_trial(exec_start), restart_sec), daemon=True)
    supervisor.start()
    try:
        s = Session()
        first = s.grim("start-screen.png", node("Start", "button"))
        s.login(code)
        choices = wait_for(lambda t: [n for n in t if n["role"] == "choice"] or None, "a choice")
        s.click_until(choices[0], lambda: any(n["label"] == choices[0]["label"] and n["selected"] for n in tree()),
                      "the choice selected")
        node("✓ Opgeslagen", "status")
        attempt, pos = position(code)
        s.click_until(node("Volgende →", "button"), lambda: position(code)[1] == pos + 1,
                      "the stored position after Volgende")
        wait_for(lambda t: any(n["label"].startswith("Vraag %d:" % (pos + 2)) and n["selected"] for n in t),
                 "item %d on screen" % (pos + 2))
        s.grim("item-before-kill.png", node("Volgende →", "button"))

        pid = gui_pid()
        os.remove(DUMP)
        killed = time.time()
        os.kill(pid, signal.SIGKILL)
        start_button = node("Start", "button", seconds=10)
        back = time.time() - killed
        if back > 5:
            fail("after the kill the start screen took %.1f s to come back (5 s at most)" % back)
        if len(starts) != 2:
            fail("expected one restart of the session, saw %d starts" % len(starts))
        s = Session()
        s.grim("start-screen-after-kill.png", start_button)
        s.login(code)
        if position(code) != (attempt, pos + 1):
            fail("after the restart the pupil is at %s, expected attempt %d position %d" % (position(code), attempt, pos + 1))
        wait_for(lambda t: any(n["label"].startswith("Vraag %d:" % (pos + 2)) and n["selected"] for n in t),
                 "item %d on screen after the restart" % (pos + 2))
        s.grim("item-after-kill.png", node("Volgende →", "button"))
        print("ok: session under cage (headless, pixman), start screen in %s; killed dlkiosk, start screen back "
              "in %.1f s (RestartSec=%g), the same code resumed at item %d" % (first, back, restart_sec, pos + 2))
    finally:
        stop.set()
        supervisor.join(timeout=10)
        subprocess.run(["dlkiosk-kiosk", "remove"], check=False)
        if subprocess.run(["systemctl", "is-enabled", "dlkiosk-kiosk.service"], capture_output=True).returncode == 0:
            fail("dlkiosk-kiosk remove left the unit enabled")
        # The user and its demo school were made by this trial (it refuses to run otherwise).
        subprocess.run(["userdel", "-r", user.pw_name], check=False, stderr=subprocess.DEVNULL)
        shutil.rmtree(RUNTIME, ignore_errors=True)


main()
