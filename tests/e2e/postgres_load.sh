#!/bin/sh
# Issue 14.7: the exports of three simulated schools, merged, load unchanged into a real PostgreSQL
# server (Debian's, started in a temporary folder on a private port of 127.0.0.1) through the
# package's own schema.sql and load.sql; then a query per table and the per-school score summary a
# school board asks for. The server runs as `nobody` when the test runs as root (PostgreSQL
# refuses root); psql, the client, reads the package as the caller.
# usage: postgres_load.sh DLKIOSK
set -u
bin="$1"
tmp=$(mktemp -d)
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
as_server() {
    if [ "$(id -u)" -eq 0 ]; then setpriv --reuid nobody --regid nogroup --clear-groups -- "$@"; else "$@"; fi
}
cleanup() {
    [ -f "$tmp/pg/data/postmaster.pid" ] && as_server "$pgbin/pg_ctl" -D "$tmp/pg/data" -m immediate stop > /dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$tmp/pg/log" ] && tail -n 20 "$tmp/pg/log"; exit 1; }
py=/usr/bin/python3
[ -x "$py" ] || py=python3
[ -n "$pgbin" ] && [ -x "$pgbin/initdb" ] || fail "PostgreSQL's server is missing (postgresql-15; make deps installs it)"
command -v psql > /dev/null || fail "psql is missing (postgresql-client-15)"

# Three schools of 8, 11 and 14 pupils, each exported with its SQL, then merged with it.
for s in 1 2 3; do
    "$bin" demo --data "$tmp/school$s" --pupils $((5 + 3 * s)) --seed "$s" --pin "24681$s" > /dev/null 2>&1 ||
        fail "demo for school $s"
    printf '24681%s\n' "$s" | "$bin" export --data "$tmp/school$s" --out "$tmp/export$s" --sql 2> "$tmp/export.err" ||
        fail "export of school $s: $(cat "$tmp/export.err")"
    [ -s "$tmp/export$s/schema.sql" ] && [ -s "$tmp/export$s/load.sql" ] || fail "export --sql wrote no SQL scripts"
    grep -q '"schema.sql"' "$tmp/export$s/manifest.json" || fail "the export's SQL scripts are not signed with it"
done
"$bin" merge "$tmp/export1" "$tmp/export2" "$tmp/export3" --out "$tmp/merged" --sql 2> "$tmp/merge.err" ||
    fail "merge: $(cat "$tmp/merge.err")"

# A private server: its own folder, no socket outside it, a free port on 127.0.0.1 only.
chmod 0755 "$tmp"
install -d -m 0700 "$tmp/pg"
[ "$(id -u)" -eq 0 ] && chown nobody:nogroup "$tmp/pg"
as_server "$pgbin/initdb" -D "$tmp/pg/data" -U dlk --auth=trust --encoding=UTF8 --locale=C.UTF-8 > "$tmp/initdb.log" 2>&1 ||
    fail "initdb: $(tail -n 5 "$tmp/initdb.log")"
port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_server "$pgbin/pg_ctl" -D "$tmp/pg/data" -l "$tmp/pg/log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp/pg" start > /dev/null || fail "the PostgreSQL server did not start"
sql() { psql -h 127.0.0.1 -p "$port" -U dlk -d postgres -X -q -v ON_ERROR_STOP=1 "$@"; }

(cd "$tmp/merged" && sql -f schema.sql -f load.sql) > "$tmp/load.log" 2>&1 || fail "loading the merged package: $(cat "$tmp/load.log")"

# Every table holds every row of its CSV (rows counted by Python's csv reader: quoted newlines).
for f in "$tmp"/merged/*.csv; do
    table=$(basename "$f" .csv)
    want=$("$py" -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))) - 1)' "$f")
    got=$(sql -A -t -c "SELECT count(*) FROM dlkiosk.\"$table\"") || fail "query on $table"
    [ "$got" = "$want" ] || fail "$table holds $got rows, its CSV $want"
done
# A board's question: per school, how many pupils took part and their mean share of points.
sql -A -t -F ' ' -c "SELECT p.school, count(DISTINCT s.pupil), round(avg(s.raw_score / s.max_score)::numeric, 3)
                     FROM dlkiosk.scores s JOIN dlkiosk.pupils p USING (pupil)
                     WHERE s.max_score > 0 GROUP BY p.school ORDER BY 2" > "$tmp/per_school.txt" || fail "per-school query"
[ "$(wc -l < "$tmp/per_school.txt")" -eq 3 ] || fail "expected 3 schools: $(cat "$tmp/per_school.txt")"
"$py" - "$tmp/per_school.txt" "$tmp/merged/scores.csv" "$tmp/merged/pupils.csv" <<'PY' || fail "the per-school summary does not match the CSVs"
import csv, sys
rows = [line.split() for line in open(sys.argv[1])]
school_of = {r["pupil"]: r["school"] for r in csv.DictReader(open(sys.argv[3], newline=""))}
pupils = {}
shares = {}
for r in csv.DictReader(open(sys.argv[2], newline="")):
    if float(r["max_score"]) > 0:
        s = school_of[r["pupil"]]
        pupils.setdefault(s, set()).add(r["pupil"])
        shares.setdefault(s, []).append(float(r["raw_score"]) / float(r["max_score"]))
for school, n, mean in rows:
    assert int(n) == len(pupils[school]), (school, n, len(pupils[school]))
    assert abs(float(mean) - sum(shares[school]) / len(shares[school])) < 0.0006, (school, mean)
assert sorted(int(r[1]) for r in rows) == sorted(len(v) for v in pupils.values())
PY
# The codebook came along: a column's description is its COMMENT.
sql -A -t -c "SELECT col_description('dlkiosk.responses'::regclass, 10)" | grep -q "not_yet_scored" ||
    fail "the columns carry no descriptions"
# The keys hold: the same package loaded twice is refused by the primary keys, and nothing changes.
(cd "$tmp/merged" && sql -f load.sql) > /dev/null 2>&1 && fail "loading the package twice was accepted"
got=$(sql -A -t -c "SELECT count(*) FROM dlkiosk.pupils")
[ "$got" -eq $((8 + 11 + 14)) ] || fail "pupils holds $got rows after a refused second load"
echo "ok: three schools merged and loaded into PostgreSQL on port $port; per school: $(tr '\n' ';' < "$tmp/per_school.txt")"
