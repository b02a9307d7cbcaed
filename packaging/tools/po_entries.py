#!/usr/bin/env python3
"""Lists the msgids of a .pot/.po file, one per line as JSON strings (for checking catalogues)."""
import json
import sys


def entries(path):
    ids, cur, mode = [], None, None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("msgid "):
            cur, mode = json.loads(line[6:]), "id"
        elif line.startswith("msgstr"):
            if cur is not None:
                ids.append(cur)
            cur, mode = None, "str"
        elif line.startswith('"') and mode == "id":
            cur += json.loads(line)
    return [i for i in ids if i]


if __name__ == "__main__":
    for i in entries(sys.argv[1]):
        print(json.dumps(i, ensure_ascii=False))
