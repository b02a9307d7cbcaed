#!/bin/sh
# Two kiosks of one school through the command line (docs/kiosks.md): the school's kiosk writes a
# join file, a new kiosk joins from it, pupils answer there, the kiosk writes a signed result
# bundle, the school imports it (a conflict reported, never overwritten), imports it again with
# the database byte for byte unchanged, and refuses a copy with one byte changed.
set -u
bin="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
pin=975310

"$bin" demo --data "$tmp/school" --pupils 8 --not-started 3 --pin $pin > "$tmp/demo.out" 2> "$tmp/demo.err" ||
    fail "demo: $(cat "$tmp/demo.err")"
mkdir -p "$tmp/stick"
printf '%s\n' $pin | "$bin" kiosk join-file --data "$tmp/school" --name "Laptop 1" --out "$tmp/stick/laptop1.dlkjoin" \
    > "$tmp/joinfile.out" 2> "$tmp/joinfile.err" || fail "kiosk join-file: $(cat "$tmp/joinfile.err")"
grep -q "for kiosk 1 'Laptop 1'" "$tmp/joinfile.out" || fail "join-file said: $(cat "$tmp/joinfile.out")"
# No pupil's code or name in the join file.
tail -n +2 "$tmp/demo.out" > "$tmp/pupils"
[ -s "$tmp/pupils" ] || fail "demo listed no pupils"
while IFS="$(printf '\t')" read -r code name; do
    if grep -qF "$code" "$tmp/stick/laptop1.dlkjoin"; then fail "the join file holds the code $code"; fi
    if [ -n "$name" ] && grep -qF "$name" "$tmp/stick/laptop1.dlkjoin"; then fail "the join file holds the name $name"; fi
done < "$tmp/pupils"

"$bin" kiosk join --data "$tmp/kiosk" "$tmp/stick/laptop1.dlkjoin" > "$tmp/join.out" 2> "$tmp/join.err" ||
    fail "kiosk join: $(cat "$tmp/join.err")"
grep -q "^joined .* as kiosk 1 'Laptop 1'" "$tmp/join.out" || fail "join said: $(cat "$tmp/join.out")"
# A tampered join file is refused on another new kiosk, which stays without a school.
sed 's/"extra_time_pct":0/"extra_time_pct":9/' "$tmp/stick/laptop1.dlkjoin" > "$tmp/bad.dlkjoin"
"$bin" kiosk join --data "$tmp/other" "$tmp/bad.dlkjoin" > /dev/null 2> "$tmp/badjoin.err" &&
    fail "a tampered join file was taken"
grep -q "the signature does not match" "$tmp/badjoin.err" || fail "tampered join file: $(cat "$tmp/badjoin.err")"
[ -e "$tmp/other" ] && fail "a refused join made a data folder"

# Answers on the kiosk: a pupil who had not started at the school (new there), and one who had,
# with other answers for the same module (a conflict). Written as the kiosk stores them.
python3 - "$tmp/school/dlkiosk.db" "$tmp/kiosk/dlkiosk.db" > "$tmp/picked" <<'PY' || fail "could not answer on the kiosk"
import sqlite3, sys
school = sqlite3.connect(sys.argv[1])
kiosk = sqlite3.connect(sys.argv[2])
fresh = school.execute("SELECT id FROM pupils WHERE id NOT IN (SELECT pupil_id FROM attempts) ORDER BY id").fetchone()[0]
busy, module = school.execute("SELECT pupil_id, module_id FROM attempts ORDER BY id").fetchone()
for pupil, value in ((fresh, '"kiosk"'), (busy, '"other"')):
    cur = kiosk.execute("INSERT INTO attempts(pupil_id, module_id, language, started_at) VALUES (?, ?, 'nl', 'x')",
                        (pupil, module))
    kiosk.execute("INSERT INTO responses VALUES (?, 'kiosk-item', 'RESPONSE', ?, 'x')", (cur.lastrowid, value))
kiosk.commit()
print(fresh, busy, module)
PY
read -r fresh busy module < "$tmp/picked"

printf '%s\n' $pin | "$bin" bundle write --data "$tmp/kiosk" --out "$tmp/stick" > "$tmp/write.out" 2> "$tmp/write.err" ||
    fail "bundle write: $(cat "$tmp/write.err")"
[ -f "$tmp/stick/kiosk-1-000001/bundle.jsonl" ] || fail "no bundle: $(cat "$tmp/write.out")"
"$bin" verify "$tmp/stick/kiosk-1-000001" > /dev/null 2>&1 || fail "the bundle does not verify"

dump() {
    python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
    print(t, sorted(repr(r) for r in db.execute('SELECT * FROM "%s"' % t)))
PY
}

printf '%s\n' $pin | "$bin" bundle import --data "$tmp/school" "$tmp/stick" > "$tmp/import.out" 2> "$tmp/import.err"
[ $? -eq 1 ] || fail "an import with a conflict did not exit 1: $(cat "$tmp/import.out" "$tmp/import.err")"
grep -q "^imported.*Laptop 1.*1 new.*1 conflicts" "$tmp/import.out" || fail "import said: $(cat "$tmp/import.out")"
grep -q "conflict: pupil [A-Z0-9-]*, module $module: answered on this kiosk and on Laptop 1" "$tmp/import.err" ||
    fail "the conflict was not reported: $(cat "$tmp/import.err")"
python3 - "$tmp/school/dlkiosk.db" "$fresh" "$busy" "$module" <<'PY' || fail "the imported answers are not as given"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
q = "SELECT r.value FROM responses r JOIN attempts a ON a.id=r.attempt_id WHERE a.pupil_id=? AND a.module_id=? AND r.item_id='kiosk-item'"
assert db.execute(q, (int(sys.argv[2]), sys.argv[4])).fetchall() == [('"kiosk"',)]
assert db.execute(q, (int(sys.argv[3]), sys.argv[4])).fetchall() == []  # the conflict is not overwritten
PY
dump "$tmp/school/dlkiosk.db" > "$tmp/dump1"

printf '%s\n' $pin | "$bin" bundle import --data "$tmp/school" "$tmp/stick/kiosk-1-000001" > "$tmp/again.out" 2> "$tmp/again.err" ||
    fail "the second import failed: $(cat "$tmp/again.err")"
grep -q "^already imported" "$tmp/again.out" || fail "second import said: $(cat "$tmp/again.out")"
dump "$tmp/school/dlkiosk.db" > "$tmp/dump2"
cmp -s "$tmp/dump1" "$tmp/dump2" || fail "importing the same bundle again changed the database"

mkdir -p "$tmp/bad"
cp -r "$tmp/stick/kiosk-1-000001" "$tmp/bad/"
sed -i 's/kiosk-item/kiosk-itex/' "$tmp/bad/kiosk-1-000001/bundle.jsonl"
printf '%s\n' $pin | "$bin" bundle import --data "$tmp/school" "$tmp/bad" > "$tmp/bad.out" 2> "$tmp/bad.err" &&
    fail "a tampered bundle was imported"
grep -q "refused .*bundle.jsonl was changed" "$tmp/bad.err" || fail "tampered bundle: $(cat "$tmp/bad.err")"
dump "$tmp/school/dlkiosk.db" > "$tmp/dump3"
cmp -s "$tmp/dump1" "$tmp/dump3" || fail "a refused bundle changed the database"

"$bin" kiosk list --data "$tmp/school" > "$tmp/list.out" || fail "kiosk list"
grep -q "^bundle	Laptop 1	1	" "$tmp/list.out" || fail "kiosk list said: $(cat "$tmp/list.out")"
echo "1 passed, 0 failed: two kiosks joined, bundled, imported twice, tampered"
