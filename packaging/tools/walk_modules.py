#!/usr/bin/env python3
"""Walks every module of the bundled bank in the real kiosk window with the keyboard alone, as a
pupil without a mouse would: on each item Tab goes round every control (each must come into sight
when it gets the focus, and "Volgende" must be among them), the first choice or text field is
answered with the first keys a pupil would try (Space, Down, Space on a choice; digits in a field;
Return, Down, Return on a drop-down; Right on a slider),
the item's progress dot tells whether that made a saved answer, and Tab + Return on "Volgende"
goes on, to the module's last item.

Real X key presses (xdotool, through the X server) into the kiosk's window under Xvfb; the
kiosk's accessibility dump (DLK_A11Y_DUMP) says what has the focus and where. Issue 16 asks to play
every module through on screen; this is that walk, repeatable. It prints a line per item, then
the problems (a control out of sight when focused, Tab not coming round, no way on) and exits 1
if there were any. An item the first keys do not answer (blocks, a drawing) is no problem: the
line says so.

    xvfb-run -a -s "-screen 0 1366x768x24" packaging/tools/walk_modules.py build/mdrel/app/dlkiosk \
        [--size 1366x768] [--lang nl] [--text-size 100] [--module m01-schoolreis]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "e2e"))
from kiosk_dump import read_tree, settled_tree  # noqa: E402

MODULES = ["m01-schoolreis", "m02-nepnieuws", "m03-robot", "m04-spreekbeurt", "m05-kas", "m06-rommelmarkt"]
NEXT = {"nl": ("Volgende →", "Klaar ✓"), "en": ("Next →", "Done ✓")}


def xdo(*args):
    subprocess.run(["xdotool"] + list(args), check=True)


def settled(dump):
    return settled_tree(dump, quiet=0.25, seconds=10)


def dot_of(n):
    """The item number of a progress dot ("Vraag 3: beantwoord"), or None."""
    if n["role"] != "button":
        return None
    head, _, state = n["label"].partition(": ")
    words = head.split(" ")
    if len(words) == 2 and words[0] in ("Vraag", "Question") and words[1].isdigit() and state:
        return int(words[1])
    return None


def dot_answered(nodes, item):
    return any(dot_of(n) == item and n["label"].split(": ")[1].startswith(("beantwoord", "answered")) for n in nodes)


def current(nodes):
    """The number of the item on screen: its progress dot is the selected one."""
    return next((dot_of(n) for n in nodes if dot_of(n) and n["selected"]), None)


def focused(nodes):
    return next((n for n in nodes if n["focused"]), None)


def walk(binary, module, size, lang, text_size, workdir, counts):
    width, height = (int(v) for v in size.split("x"))
    data = os.path.join(workdir, module + "-data")
    dump = os.path.join(workdir, module + "-a11y.tsv")
    subprocess.run([binary, "demo", "--data", data, "--pupils", "2", "--not-started", "1"], check=True,
                   stdout=subprocess.DEVNULL)
    env = dict(os.environ, DLK_A11Y_DUMP=dump)
    kiosk = subprocess.Popen([binary, "--windowed", "--size", size, "--data", data, "--screen", module + "/1",
                              "--lang", lang, "--text-size", str(text_size)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    problems = []
    try:
        end = time.time() + 30
        while time.time() < end and not read_tree(dump):
            time.sleep(0.2)
        window = subprocess.run(["xdotool", "search", "--sync", "--name", "^dlkiosk$"], capture_output=True,
                                text=True, timeout=20).stdout.split()[0]
        xdo("windowfocus", "--sync", window)
        settled(dump)
        item = current(read_tree(dump))
        if item != 1:
            problems.append("%s: the walk starts at item %s, not 1" % (module, item))
            return problems
        while True:
            settled(dump)
            # Tab round the item: every stop once, each in sight when it has the focus.
            stops, first = [], None
            for _ in range(120):
                xdo("key", "Tab")
                f = focused(settled(dump))
                if not f:
                    continue
                key = (f["role"], f["label"])
                if first is None:
                    first = key
                elif key == first:
                    break
                stops.append(f)
                if f["y1"] < 0 or f["y0"] > height or f["x1"] < 0 or f["x0"] > width:
                    problems.append("%s/%d: Tab reached %s '%s' but it stayed out of sight (y %.0f-%.0f)" %
                                    (module, item, f["role"], f["label"][:40], f["y0"], f["y1"]))
            else:
                problems.append("%s/%d: Tab did not come round in 120 presses" % (module, item))
            labels = [s["label"] for s in stops] + [first[1] if first else ""]
            if not any(l in NEXT[lang] for l in labels):
                problems.append("%s/%d: Tab never reached %s" % (module, item, " or ".join(NEXT[lang])))
            # Answer the first thing a pupil can answer with the keyboard alone: Space on a choice
            # (in an order list that picks it up: Down then moves it and Space puts it down), digits
            # in a text field. The item's progress dot says whether
            # that made an answer (it is saved before the dot says so).
            tried = ""
            for step in range(120):
                f = focused(settled(dump))
                answerable = ("choice", "textbox", "combobox", "slider")
                if f and f["role"] in answerable and not f["label"].startswith(("Zoek", "Search")):
                    tried = "%s '%s'" % (f["role"], f["label"][:30])
                    if f["role"] == "textbox":
                        xdo("type", "--delay", "40", "12")
                        xdo("key", "Tab")
                    elif f["role"] == "combobox":  # an inline choice: open, the next option, take it
                        for k in ("Return", "Down", "Return"):
                            xdo("key", k)
                            time.sleep(0.3)
                    elif f["role"] == "slider":
                        xdo("key", "Right")
                    else:
                        xdo("key", "space")
                    break
                xdo("key", "Tab")
            answered = False
            for more in ([], ["Down"], ["space"]) if tried else []:
                if more:
                    # Only a choice that was picked up gets more keys: on anything else (a button
                    # the arrows moved to) Space would press it.
                    f = focused(settled(dump))
                    if not f or f["role"] != "choice":
                        break
                for k in more:
                    xdo("key", k)
                end = time.time() + 3
                while time.time() < end and not answered:
                    answered = dot_answered(read_tree(dump), item)
                    time.sleep(0.2)
                if answered:
                    break
            dots = sum(1 for n in read_tree(dump) if dot_of(n))
            print("%s/%-2d of %d  %2d Tab stops  tried: %s -> %s" % (
                module, item, dots, len(stops) + 1, tried or "-", "answered and saved" if answered else "no answer"))
            sys.stdout.flush()
            counts["items"] += 1
            counts["answered"] += answered
            last = any(n["label"] == NEXT[lang][1] for n in read_tree(dump))
            if last:
                return problems
            # On: Tab to "Volgende" and press Return.
            for _ in range(120):
                f = focused(settled(dump))
                if f and f["label"] == NEXT[lang][0]:
                    break
                xdo("key", "Tab")
            xdo("key", "Return")
            end = time.time() + 8
            while time.time() < end and current(read_tree(dump)) != item + 1:
                time.sleep(0.2)
            if current(read_tree(dump)) != item + 1:
                problems.append("%s/%d: Return on %s did not go on to item %d" % (module, item, NEXT[lang][0], item + 1))
                return problems
            item += 1
            if item > 40:
                problems.append("%s: no last item after 40" % module)
                return problems
    finally:
        kiosk.terminate()
        kiosk.wait(10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dlkiosk")
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--lang", default="nl", choices=["nl", "en"])
    parser.add_argument("--text-size", type=int, default=100)
    parser.add_argument("--module", action="append")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="dlk-walk-")
    problems = []
    counts = {"items": 0, "answered": 0}
    for module in args.module or MODULES:
        problems += walk(os.path.abspath(args.dlkiosk), module, args.size, args.lang, args.text_size, workdir, counts)
    for p in problems:
        print("PROBLEM: " + p)
    print("%d module(s), %d items walked; %d answered by the first keys tried; %d problem(s)" % (
        len(args.module or MODULES), counts["items"], counts["answered"], len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
