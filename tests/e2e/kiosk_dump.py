"""What the real-window scripts share (tests/e2e/real_input.py, packaging/kiosk/try_session.py):
reading the kiosk's accessibility dump (DLK_A11Y_DUMP: one control a line, tab-separated) and the
pupil's login after the code is typed: "Ben jij dit?" confirmed with Return, then the first item."""
import time


def read_tree(dump_path):
    """The controls of the kiosk's last frame: role, label, centre x/y, rectangle x0/y0/x1/y1,
    selected, focused."""
    try:
        lines = open(dump_path, encoding="utf-8").read().splitlines()
    except OSError:
        return []
    nodes = []
    for line in lines:
        f = line.split("\t")
        if len(f) == 8:
            x0, y0, x1, y1 = (float(v) for v in f[2:6])
            nodes.append({"role": f[0], "label": f[1], "x": (x0 + x1) / 2, "y": (y0 + y1) / 2, "x0": x0, "y0": y0,
                          "x1": x1, "y1": y1, "selected": f[6] == "1", "focused": f[7] == "1"})
    return nodes


def settled_tree(dump_path, quiet=0.4, seconds=15):
    """The controls once the kiosk has stopped redrawing them: the dump unchanged for `quiet`
    seconds. ImGui settles a new layout over a few frames (a popup's first frame is measured, not
    placed), and on a loaded machine a script can read one of those frames before the next is
    drawn: a click at its positions can miss. The kiosk writes the dump only when it changes."""
    end = time.time() + seconds
    last = None
    since = time.time()
    while time.time() < end:
        try:
            text = open(dump_path, encoding="utf-8").read()
        except OSError:
            text = None
        if text != last:
            last, since = text, time.time()
        elif text is not None and time.time() - since >= quiet:
            break
        time.sleep(0.05)
    return read_tree(dump_path)


def confirm_and_wait_for_item(tree, press_return, seconds=15):
    """After the code and Return: confirms "Dit ben ik" with Return (once), then waits for the
    item's "Volgende →". Returns that button, or None when it did not come within `seconds`."""
    end = time.time() + seconds
    confirmed = False
    while time.time() < end:
        t = tree()
        found = next((n for n in t if n["label"] == "Volgende →" and n["role"] == "button"), None)
        if found:
            return found
        if not confirmed and any(n["label"] == "Dit ben ik" and n["role"] == "button" for n in t):
            time.sleep(0.5)  # the pupil reads their name
            press_return()
            confirmed = True
        time.sleep(0.1)
    return None


def poll(tree, predicate, seconds, interval=0.05):
    """What `predicate` finds in the kiosk's tree within `seconds`, or None (the caller says why)."""
    end = time.time() + seconds
    while time.time() < end:
        found = predicate(tree())
        if found:
            return found
        time.sleep(interval)
    return None
