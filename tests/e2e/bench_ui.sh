#!/bin/sh
# `dlkiosk bench ui` runs on a real (virtual) display and reports every figure; the kiosk that
# waits for events must stay under 1% of a core while a pupil reads (a busy loop would not).
set -eu
bin="$1"
# Mesa's own allocations look like leaks to LeakSanitizer in the sanitizer build.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$bin" bench ui --runs 1 --idle-seconds 3 > "$out"
cat "$out"
for what in "first frame" "idle on" "resident memory" "dragging on"; do
    grep -q "$what" "$out" || { echo "FAIL: no '$what' figure"; exit 1; }
done
idle=$(sed -n 's/.*idle on [^:]*: \([0-9.]*\)% of one core.*/\1/p' "$out")
awk -v v="$idle" 'BEGIN { exit !(v < 1.0) }' || { echo "FAIL: idle CPU $idle% is not under 1%"; exit 1; }
echo "ok"
