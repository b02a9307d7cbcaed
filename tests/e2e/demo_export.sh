#!/bin/sh
# The command-line path end to end: demo school -> export -> no name or code in the export;
# errors give a clear message and a non-zero exit.
set -u
bin="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$bin" demo --data "$tmp/data" --pupils 8 --seed 7 > "$tmp/demo.txt" 2> "$tmp/demo.err" || fail "demo exited non-zero: $(cat "$tmp/demo.err")"
class=$(head -n 1 "$tmp/demo.txt")
[ "$class" = "Demo groep 8" ] || fail "first line is '$class', not the class name"
[ "$(tail -n +2 "$tmp/demo.txt" | wc -l)" -eq 8 ] || fail "expected 8 pupil lines"
tail -n +2 "$tmp/demo.txt" | grep -qvP '^[A-Z2-9]{4}-[A-Z2-9]{4}\t.+$' && fail "a pupil line is not code<TAB>name"

"$bin" demo --data "$tmp/data" --pupils 6 > "$tmp/demo2.txt" 2>/dev/null || fail "second demo failed"
[ "$(head -n 1 "$tmp/demo2.txt")" = "Demo groep 8 (2)" ] || fail "second demo class not named apart"

"$bin" export --data "$tmp/data" --out "$tmp/export" 2> "$tmp/export.err" || fail "export failed: $(cat "$tmp/export.err")"
for f in responses.csv scores.csv items.csv README.txt; do
    [ -s "$tmp/export/$f" ] || fail "export lacks $f"
done
[ "$(head -n 1 "$tmp/export/responses.csv")" = "pupil,module,item,domain,answered,response,score,max_score" ] || fail "responses.csv header"
rows=$(tail -n +2 "$tmp/export/responses.csv" | wc -l)
[ "$rows" -eq $((14 * 6)) ] || fail "responses.csv has $rows rows, expected 84 (14 pupils x 6 items)"
tail -n +2 "$tmp/demo.txt" > "$tmp/pupils.txt"
tail -n +2 "$tmp/demo2.txt" >> "$tmp/pupils.txt"
[ "$(wc -l < "$tmp/pupils.txt")" -eq 14 ] || fail "expected 14 pupils in all"
while IFS="$(printf '\t')" read -r code name; do
    if grep -rqF "$code" "$tmp/export"; then echo "pupil code $code found in the export" >> "$tmp/leaks"; fi
    if grep -rqF "$name" "$tmp/export"; then echo "pupil name '$name' found in the export" >> "$tmp/leaks"; fi
done < "$tmp/pupils.txt"
[ ! -s "$tmp/leaks" ] || fail "$(cat "$tmp/leaks")"
grep -rqF "Demo groep" "$tmp/export" && fail "class name found in the export"
grep -rqF "Demoschool" "$tmp/export" && fail "school name found in the export"
grep -rqF -e "$(tail -n +2 "$tmp/demo.txt" | head -n 1 | cut -f1)" "$tmp/data/dlkiosk.log" && fail "a pupil code is in the log"

# Errors: a clear message, exit 1.
"$bin" export --data "$tmp/data" > /dev/null 2> "$tmp/err.txt" && fail "export without --out succeeded"
grep -q -- "--out" "$tmp/err.txt" || fail "export without --out does not say so"
"$bin" demo --data "$tmp/data" --bogus 1 > /dev/null 2> "$tmp/err.txt" && fail "unknown option accepted"
grep -q "unknown option --bogus" "$tmp/err.txt" || fail "unknown option not named"
mkdir -p "$tmp/bad"
head -c 8192 /dev/urandom > "$tmp/bad/dlkiosk.db"
"$bin" demo --data "$tmp/bad" > /dev/null 2> "$tmp/err.txt" && fail "a damaged database was used"
grep -q "$tmp/bad/dlkiosk.db" "$tmp/err.txt" || fail "damaged database not named: $(cat "$tmp/err.txt")"
echo "ok"
