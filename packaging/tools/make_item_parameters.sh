#!/bin/sh
# Makes items/irt/items.csv and its sidecar items/irt/items.json: provisional item parameters for
# every scored item and every rubric criterion a teacher scores, from a simulated calibration
# sample (items/README.md, "Item parameters").
#
#   packaging/tools/make_item_parameters.sh [DLKIOSK] [ITEMS_DIR]
#
# DLKIOSK: the dlkiosk binary (default build/release/app/dlkiosk, else build/test/app/dlkiosk);
# ITEMS_DIR: the bank (default items). PUPILS and SEED in the environment change the sample
# (defaults 5000 and 20261205). The same binary, bank, PUPILS and SEED give the same bytes.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-}
if [ -z "$bin" ]; then
    bin=$here/build/release/app/dlkiosk
    [ -x "$bin" ] || bin=$here/build/test/app/dlkiosk
fi
items=${2:-$here/items}
pupils=${PUPILS:-5000}
seed=${SEED:-20261205}
[ -x "$bin" ] || { echo "make_item_parameters: no dlkiosk binary at $bin (build it first)" >&2; exit 2; }
[ -d "$items" ] || { echo "make_item_parameters: no item bank at $items" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

start=$(date +%s.%N)
"$bin" simulate --items "$items" --pupils "$pupils" --seed "$seed" --out "$work/responses.csv"
simulated=$(date +%s.%N)
# Items a pupil saw and left empty score 0 (the kiosk's rule); a module not dealt is empty.
"$bin" calibrate "$work/responses.csv" --out "$work/items.csv" --seed "$seed"
done_at=$(date +%s.%N)

# The provenance goes into the sidecar, beside what calibrate wrote there; the CSV stays plain.
python3 - "$work/items.json" "$pupils" "$seed" <<'PY'
import json, sys
path, pupils, seed = sys.argv[1], sys.argv[2], sys.argv[3]
with open(path, encoding="utf-8") as f:
    j = json.load(f)
m = j["metadata"]
m["provisional"] = "1"
m["source"] = (
    f"simulated calibration sample, not real pupils: {pupils} pupils (seed {seed}) taking the session "
    "design's default design (icils: 2 of the 4 CIL modules, then both CT modules), answers from the demo's "
    "model (difficulty by the item's place in its module, -1.5..1.5 logits), rubric criteria from a simulated "
    "scorer; made by packaging/tools/make_item_parameters.sh. Replace after the first real baseline.")
m["calibration_sample"] = f"dlkiosk simulate --pupils {pupils} --seed {seed}"
with open(path, "w", encoding="utf-8") as f:
    json.dump(j, f, indent=2, ensure_ascii=False)
    f.write("\n")
PY

mkdir -p "$items/irt"
# The sidecar first, as dlkiosk writes them: a CSV is never beside a sidecar not its own.
mv "$work/items.json" "$items/irt/items.json"
mv "$work/items.csv" "$items/irt/items.csv"
awk -v a="$start" -v b="$simulated" -v c="$done_at" 'BEGIN {
    printf "make_item_parameters: simulate %.1f s, calibrate %.1f s, total %.1f s\n", b - a, c - b, c - a }' >&2
