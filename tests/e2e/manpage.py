#!/usr/bin/env python3
"""dlkiosk(1) says what `dlkiosk --help` says: the words of the man page from its SYNOPSIS to its
SEE ALSO (roff requests dropped, escapes undone) are exactly the words of --help after "usage:",
and its NAME line carries --help's one-line summary. Both come from the same strings
(cli/manpage.cpp); this catches a generator that drops, reorders or mangles any of them.

usage: manpage.py DLKIOSK DLKIOSK.1
"""
import re
import subprocess
import sys


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def roff_text(line):
    line = re.sub(r"\\f[BIRP]", "", line)
    return line.replace("\\-", "-").replace("\\&", "").replace("\\e", "\\")


def main():
    if len(sys.argv) != 3:
        fail("usage: manpage.py DLKIOSK DLKIOSK.1")
    help_text = subprocess.run([sys.argv[1], "--help"], check=True, capture_output=True, text=True).stdout
    with open(sys.argv[2], encoding="utf-8") as f:
        roff = f.read().splitlines()

    first, _, rest = help_text.partition("\nusage:\n")
    if not rest:
        fail("--help has no 'usage:' line")
    summary = first.split(" - ", 1)[1].strip()

    sections = {}
    current = None
    for line in roff:
        if line.startswith(".SH "):
            current = line[4:].strip()
            sections[current] = []
        elif line.startswith("."):
            continue  # .TH, .TP, .nf, .fi, .BR: layout, no words of --help
        elif current:
            sections[current].append(roff_text(line))
    for name in ("NAME", "SYNOPSIS", "COMMANDS", "FILES"):
        if name not in sections:
            fail("the man page has no " + name + " section")
    name_line = " ".join(sections["NAME"])
    if name_line != "dlkiosk - " + summary:
        fail("NAME is '%s', --help's summary is '%s'" % (name_line, summary))

    man_words = " ".join(sections["SYNOPSIS"] + sections["COMMANDS"] + sections["FILES"]).split()
    help_words = rest.split()
    if man_words != help_words:
        for i, (m, h) in enumerate(zip(man_words, help_words)):
            if m != h:
                context = " ".join(help_words[max(0, i - 8) : i + 8])
                fail("word %d differs: man page '%s', --help '%s' (near: %s)" % (i, m, h, context))
        fail("the man page has %d words, --help %d" % (len(man_words), len(help_words)))

    commands = [l for l in roff if l.startswith(".TP")]
    listed = re.findall(r"^  dlkiosk ([a-z]+) ", help_text, re.M)
    if len(commands) != len(listed):
        fail("%d commands in --help, %d entries in the man page" % (len(listed), len(commands)))
    print("ok: dlkiosk.1 has the %d words of --help and its %d commands" % (len(help_words), len(listed)))


main()
