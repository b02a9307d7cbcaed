#!/bin/sh
# Makes items/irt/items.csv and its sidecar items/irt/items.json: provisional item parameters for
# every scored item and every rubric criterion a teacher scores, from a simulated calibration
# sample (items/README.md, "Item parameters"); and items/irt/dif.csv, the DIF of every unit by
# language version (nl reference, en focal) in the same sample (items/README.md, "Differential item
# functioning").
#
#   packaging/tools/make_item_parameters.sh [DLKIOSK] [ITEMS_DIR]
#   DIF_ONLY=1 packaging/tools/make_item_parameters.sh [DLKIOSK] [ITEMS_DIR]
#
# DLKIOSK: the dlkiosk binary (default build/release/app/dlkiosk, else build/test/app/dlkiosk);
# ITEMS_DIR: the bank (default items). PUPILS and SEED in the environment change the sample
# (defaults 5000 and 20261205). The same binary, bank, PUPILS and SEED give the same bytes.
# DIF_ONLY=1 keeps the bank's items.csv and items.json and makes dif.csv alone, against them.
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
"$bin" simulate --items "$items" --pupils "$pupils" --seed "$seed" --out "$work/responses.csv" \
    --background "$work/background.csv"
simulated=$(date +%s.%N)

# DIF by language version against the parameters of this sample (or, DIF_ONLY=1, the bank's), in
# dlkiosk dif's columns after group,reference,focal (app/core/bank/bank_dif.h).
make_dif() {
    "$bin" dif "$work/responses.csv" --items "$1" --background "$work/background.csv" --group language \
        --reference nl --focal en --out "$work/dif-language.csv" >"$work/dif-language.txt"
    awk 'NR == 1 { print "group,reference,focal," $0; next } { print "language,nl,en," $0 }' \
        "$work/dif-language.csv" >"$work/dif.csv"
    tail -n 1 "$work/dif-language.txt" >&2
}

if [ "${DIF_ONLY:-0}" = 1 ]; then
    [ -f "$items/irt/items.csv" ] || { echo "make_item_parameters: DIF_ONLY=1 needs $items/irt/items.csv" >&2; exit 2; }
    make_dif "$items/irt/items.csv"
    mv "$work/dif.csv" "$items/irt/dif.csv"
    done_at=$(date +%s.%N)
    awk -v a="$start" -v b="$simulated" -v c="$done_at" 'BEGIN {
        printf "make_item_parameters: simulate %.1f s, dif %.1f s, total %.1f s (items.csv kept)\n", b - a, c - b, c - a }' >&2
    exit 0
fi

# Items a pupil saw and left empty score 0 (the kiosk's rule); a module not dealt is empty.
"$bin" calibrate "$work/responses.csv" --out "$work/items.csv" --seed "$seed"
make_dif "$work/items.csv"
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
mv "$work/dif.csv" "$items/irt/dif.csv"
awk -v a="$start" -v b="$simulated" -v c="$done_at" 'BEGIN {
    printf "make_item_parameters: simulate %.1f s, calibrate and dif %.1f s, total %.1f s\n", b - a, c - b, c - a }' >&2
