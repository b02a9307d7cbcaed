#!/bin/sh
# The command-line path end to end: demo school -> export -> no name or code in the export;
# errors give a clear message and a non-zero exit.
set -u
bin="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$bin" demo --data "$tmp/data" --pupils 8 --not-started 2 --seed 7 > "$tmp/demo.txt" 2> "$tmp/demo.err" || fail "demo exited non-zero: $(cat "$tmp/demo.err")"
class=$(head -n 1 "$tmp/demo.txt")
[ "$class" = "Demo groep 8" ] || fail "first line is '$class', not the class name"
[ "$(tail -n +2 "$tmp/demo.txt" | wc -l)" -eq 10 ] || fail "expected 10 pupil lines (8 simulated, 2 not started)"
tail -n +2 "$tmp/demo.txt" | grep -qvP '^[A-Z2-9]{4}-[A-Z2-9]{4}\t.+$' && fail "a pupil line is not code<TAB>name"

"$bin" demo --data "$tmp/data" --pupils 6 > "$tmp/demo2.txt" 2>/dev/null || fail "second demo failed"
[ "$(head -n 1 "$tmp/demo2.txt")" = "Demo groep 8 (2)" ] || fail "second demo class not named apart"

printf '123456\n' | "$bin" export --data "$tmp/data" --out "$tmp/export" --xlsx --events 2> "$tmp/export.err" || fail "export failed: $(cat "$tmp/export.err")"
for f in pupils.csv responses.csv module_status.csv scores.csv items.csv events.csv datapackage.json README.txt; do
    [ -s "$tmp/export/$f" ] || fail "export lacks $f"
done
[ "$(head -n 1 "$tmp/export/responses.csv")" = "pupil,module,item,domain,answered,response,free_text_withheld,score,max_score,status,reason" ] || fail "responses.csv header"
# estimate takes the package where it takes RESPONSES.csv; the bank's parameters are per rubric
# criterion, the package's rubric tasks whole items: refused, naming them and the package, nothing written.
bank_items="$(dirname "$0")/../../items/irt/items.csv"
"$bin" estimate "$tmp/export" --items "$bank_items" --method wle --out "$tmp/persons.csv" 2> "$tmp/estimate.err" && fail "estimate took a package without parameters for its rubric tasks"
grep -q "has no parameters for item.* of $tmp/export" "$tmp/estimate.err" || fail "estimate PKG said: $(cat "$tmp/estimate.err")"
[ -e "$tmp/persons.csv" ] && fail "a refused estimate wrote PERSONS.csv"
# Each pupil took the tutorial and some of the modules (the session design): one row per item of
# every measured module a pupil was given, as many as items.csv lists for that module; the tutorial
# is practice and in no file; the 2 pupils who have not started have every module, not_shown.
tail -n +2 "$tmp/export/items.csv" | cut -d, -f1 | sort | uniq -c | awk '{print $2, $1}' > "$tmp/module_items.txt"
[ -s "$tmp/module_items.txt" ] || fail "items.csv lists no items"
tail -n +2 "$tmp/export/responses.csv" | cut -d, -f1,2 | sort | uniq -c | awk '{split($2, k, ","); print k[1], k[2], $1}' > "$tmp/groups.txt"
[ -s "$tmp/groups.txt" ] || fail "responses.csv has no rows"
while read -r pupil module count; do
    expected=$(awk -v m="$module" '$1 == m {print $2}' "$tmp/module_items.txt")
    [ -n "$expected" ] || fail "responses.csv has module $module, which items.csv does not list"
    [ "$count" -eq "$expected" ] || fail "pupil $pupil has $count rows for $module, expected $expected"
done < "$tmp/groups.txt"
[ "$(cut -d' ' -f1 "$tmp/groups.txt" | sort -u | wc -l)" -eq 16 ] || fail "expected rows of 16 pupils (8 + 6 simulated, 2 not started)"
# Rows in pseudonym order in every file with pupils, never in the order the pupils were entered;
# every status of README.txt's rules present; typed text left out by default (free_text_withheld).
cat > "$tmp/rows.py" <<'PY'
import csv, os, sys
folder, mode = sys.argv[1], sys.argv[2]
def rows(name):
    with open(os.path.join(folder, name), newline="") as f:
        return list(csv.DictReader(f))
for name in ["responses.csv", "module_status.csv", "scores.csv", "events.csv"]:
    pupils = [r["pupil"] for r in rows(name)]
    assert pupils == sorted(pupils), name + " is not sorted by pupil pseudonym"
responses = rows("responses.csv")
# Which pupils stop where depends on the rotation each database draws: the core tests check each
# status on purpose-made attempts; here every status is one of README.txt's, and the demo's
# answered, not-started and teacher-scored rows are there.
statuses = {r["status"] for r in responses}
valid = {"answered", "empty", "not_reached", "not_shown", "not_yet_scored", "cannot_be_scored"}
assert statuses <= valid, "unknown statuses: " + str(statuses - valid)
assert {"answered", "not_shown", "not_yet_scored"} <= statuses, "statuses: " + str(statuses)
modules = {r["status"] for r in rows("module_status.csv")}
assert modules <= {"finished", "stopped", "time_up", "not_started"}, "module statuses: " + str(modules)
assert {"finished", "not_started"} <= modules, "module statuses: " + str(modules)
withheld = [r for r in responses if r["free_text_withheld"] == "1"]
if mode == "withheld":
    assert withheld and all(r["response"] == "" for r in withheld), "typed text not withheld"
else:
    assert not withheld, "--free-text still withholds text"
PY
python3 "$tmp/rows.py" "$tmp/export" withheld || fail "export rows: see above"
printf '123456\n' | "$bin" export --data "$tmp/data" --out "$tmp/export-text" --free-text --events 2> "$tmp/export-text.err" ||
    fail "export --free-text failed: $(cat "$tmp/export-text.err")"
grep -q "warning: --free-text exports what pupils typed" "$tmp/export-text.err" || fail "--free-text gives no warning"
python3 "$tmp/rows.py" "$tmp/export-text" screened || fail "export --free-text rows: see above"
# The package as a researcher's tools read it: datapackage.json valid against the Frictionless
# profiles (tests/data/frictionless), keys that hold, and every CSV loaded by pandas.read_csv with
# its defaults. Debian's python3 with python3-jsonschema and python3-pandas (make deps installs them).
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
[ -x "$py" ] || py=python3
"$py" -c "import jsonschema, pandas" 2>/dev/null || fail "python3-jsonschema and python3-pandas are needed (make deps)"
for dir in "$tmp/export" "$tmp/export-text"; do
    "$py" "$here/check_data_package.py" "$dir" "$here/../data/frictionless" || fail "$dir is no valid data package"
done
# R's read.csv with its defaults sees what pandas sees, in every CSV of both exports.
"$py" "$here/r_reads.py" "$tmp"/export/*.csv "$tmp"/export-text/*.csv || fail "R's read.csv and pandas disagree (see above)"
# merge: the export with itself changes nothing; with the free-text export of the same school its
# typed answers conflict (same keys, other cells), which is refused with nothing written.
"$bin" merge "$tmp/export" "$tmp/export" --out "$tmp/merged" --xlsx 2> "$tmp/merge.err" || fail "merge failed: $(cat "$tmp/merge.err")"
for f in "$tmp"/export/*.csv; do
    cmp -s "$f" "$tmp/merged/$(basename "$f")" || fail "merging an export with itself changed $(basename "$f")"
done
"$py" "$here/check_data_package.py" "$tmp/merged" "$here/../data/frictionless" || fail "the merged package is no valid data package"
# The workbook beside the CSVs: the codebook and a sheet per table, numbers as numbers.
"$py" "$here/check_workbook.py" "$tmp/export" || fail "the export's workbook does not hold its CSVs (see above)"
"$py" "$here/check_workbook.py" "$tmp/merged" || fail "the merged package's workbook does not hold its CSVs (see above)"
grep -q '"dlkiosk-export.xlsx"' "$tmp/export/manifest.json" || fail "the workbook is not signed with the export"
"$bin" merge "$tmp/export" "$tmp/export-text" --out "$tmp/merged2" 2> "$tmp/merge2.err" && fail "conflicting exports merged"
grep -q "rows conflict" "$tmp/merge2.err" || fail "a conflict is not named: $(cat "$tmp/merge2.err")"
[ -e "$tmp/merged2" ] && fail "a refused merge wrote $tmp/merged2"
tail -n +2 "$tmp/demo.txt" > "$tmp/pupils.txt"
tail -n +2 "$tmp/demo2.txt" >> "$tmp/pupils.txt"
[ "$(wc -l < "$tmp/pupils.txt")" -eq 16 ] || fail "expected 16 pupils in all"
while IFS="$(printf '\t')" read -r code name; do
    for dir in "$tmp/export" "$tmp/export-text"; do
        if grep -rqF "$code" "$dir"; then echo "pupil code $code found in $dir" >> "$tmp/leaks"; fi
        if grep -rqF "$name" "$dir"; then echo "pupil name '$name' found in $dir" >> "$tmp/leaks"; fi
    done
done < "$tmp/pupils.txt"
[ ! -s "$tmp/leaks" ] || fail "$(cat "$tmp/leaks")"
grep -rqF "Demo groep" "$tmp/export" && fail "class name found in the export"
grep -rqF "Demoschool" "$tmp/export" && fail "school name found in the export"
grep -rqF -e "$(tail -n +2 "$tmp/demo.txt" | head -n 1 | cut -f1)" "$tmp/data/dlkiosk.log" && fail "a pupil code is in the log"
# A copy of the data folder (a lost stick, a stolen laptop) shows no code and no name: the
# database keeps them only sealed, and codes are found by an Argon2id hash.
while IFS="$(printf '\t')" read -r code name; do
    if grep -rqaF "$code" "$tmp/data"; then echo "pupil code $code readable in the data folder" >> "$tmp/leaks"; fi
    if grep -rqaF "${code%%-*}${code##*-}" "$tmp/data"; then echo "pupil code $code (no hyphen) readable" >> "$tmp/leaks"; fi
    if grep -rqaF "$name" "$tmp/data"; then echo "pupil name '$name' readable in the data folder" >> "$tmp/leaks"; fi
done < "$tmp/pupils.txt"
[ ! -s "$tmp/leaks" ] || fail "$(cat "$tmp/leaks")"

# Errors: a clear message, exit 1.
"$bin" export --data "$tmp/data" > /dev/null 2> "$tmp/err.txt" && fail "export without --out succeeded"
grep -q -- "--out" "$tmp/err.txt" || fail "export without --out does not say so"
"$bin" demo --data "$tmp/data" --bogus 1 > /dev/null 2> "$tmp/err.txt" && fail "unknown option accepted"
grep -q "unknown option --bogus" "$tmp/err.txt" || fail "unknown option not named"
"$bin" demo --data "$tmp/data" --not-started -1 > /dev/null 2> "$tmp/err.txt" && fail "--not-started -1 accepted"
grep -q -- "--not-started takes 0 to 500" "$tmp/err.txt" || fail "a bad --not-started not explained: $(cat "$tmp/err.txt")"
mkdir -p "$tmp/bad"
head -c 8192 /dev/urandom > "$tmp/bad/dlkiosk.db"
"$bin" demo --data "$tmp/bad" > /dev/null 2> "$tmp/err.txt" && fail "a damaged database was used"
grep -q "$tmp/bad/dlkiosk.db" "$tmp/err.txt" || fail "damaged database not named: $(cat "$tmp/err.txt")"
echo "ok"
