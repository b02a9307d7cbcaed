#!/bin/sh
# Without a display the kiosk says so in one clear line, names Xvfb, and exits non-zero.
set -u
bin="$1"
out=$(timeout 20 "$bin" --windowed 2>&1)
code=$?
[ "$code" -ne 0 ] || { echo "FAIL: exit code 0 without a display"; exit 1; }
[ "$code" -ne 124 ] || { echo "FAIL: hung without a display"; exit 1; }
echo "$out" | grep -q "no display" || { echo "FAIL: message does not say 'no display': $out"; exit 1; }
echo "$out" | grep -q "xvfb-run" || { echo "FAIL: message does not say how to run under Xvfb: $out"; exit 1; }
[ "$(echo "$out" | wc -l)" -eq 1 ] || { echo "FAIL: more than one line: $out"; exit 1; }
echo "ok: $out"
