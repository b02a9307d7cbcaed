#!/bin/sh
# A real export, signed and checked through the command line: dlkiosk key prints the fingerprint,
# sign writes manifest.json and manifest.sig, verify says OK and names a changed file; and the
# signature checks out with OpenSSL too, so a recipient without dlkiosk can verify it (and the
# format is plain Ed25519, not something of our own).
set -u
bin="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$bin" demo --data "$tmp/data" --pupils 6 --pin 975310 > /dev/null 2> "$tmp/demo.err" || fail "demo: $(cat "$tmp/demo.err")"
printf '975310\n' | "$bin" export --data "$tmp/data" --out "$tmp/export" --events 2> "$tmp/export.err" || fail "export: $(cat "$tmp/export.err")"

fp=$("$bin" key --data "$tmp/data" 2> "$tmp/key.err") || fail "key: $(cat "$tmp/key.err")"
echo "$fp" | grep -qE '^[0-9a-f]{4}(-[0-9a-f]{4}){7}$' || fail "key printed '$fp', not a fingerprint"

printf '975310\n' | "$bin" sign --data "$tmp/data" "$tmp/export" > "$tmp/sign.out" 2> "$tmp/sign.err" || fail "sign: $(cat "$tmp/sign.err")"
grep -q "with key $fp" "$tmp/sign.out" || fail "sign did not name the key: $(cat "$tmp/sign.out")"
[ -s "$tmp/export/manifest.json" ] && [ -s "$tmp/export/manifest.sig" ] || fail "sign wrote no manifest"
for f in responses.csv scores.csv items.csv events.csv README.txt; do
    grep -qF "\"name\": \"$f\"" "$tmp/export/manifest.json" || fail "manifest.json does not list $f"
done

"$bin" verify "$tmp/export" --key "$fp" > "$tmp/verify.out" 2> "$tmp/verify.err" || fail "verify of an intact export: $(cat "$tmp/verify.err")"
grep -q "^OK: $tmp/export: .* signed by key $fp" "$tmp/verify.out" || fail "verify said: $(cat "$tmp/verify.out")"

# Outside dlkiosk: the public key as a PEM (the fixed DER prefix of an Ed25519 public key), the
# signature as raw bytes, and OpenSSL checks it over manifest.json's exact bytes; sha256sum checks
# each file's hash.
command -v openssl > /dev/null || fail "openssl is not installed (make deps installs it)"
hexkey=$(sed -n 's/^public-key: //p' "$tmp/export/manifest.sig")
python3 -c "import sys; sys.stdout.buffer.write(bytes.fromhex('302a300506032b6570032100' + sys.argv[1]))" "$hexkey" > "$tmp/pub.der"
openssl pkey -pubin -inform DER -in "$tmp/pub.der" -out "$tmp/pub.pem" 2> "$tmp/openssl.err" || fail "openssl pkey: $(cat "$tmp/openssl.err")"
python3 -c "import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))" "$(sed -n 's/^signature: //p' "$tmp/export/manifest.sig")" > "$tmp/sig.bin"
openssl pkeyutl -verify -pubin -inkey "$tmp/pub.pem" -rawin -in "$tmp/export/manifest.json" -sigfile "$tmp/sig.bin" > "$tmp/openssl.out" 2>&1 || fail "OpenSSL refused the signature: $(cat "$tmp/openssl.out")"
python3 - "$tmp/export" <<'PY' || fail "sha256 of a file differs from manifest.json"
import hashlib, json, os, sys
folder = sys.argv[1]
m = json.load(open(os.path.join(folder, "manifest.json")))
for f in m["files"]:
    data = open(os.path.join(folder, f["name"]), "rb").read()
    assert len(data) == f["size"] and hashlib.sha256(data).hexdigest() == f["sha256"], f["name"]
PY

# One byte added to a file: refused, the file named, exit 1.
printf 'x' >> "$tmp/export/scores.csv"
"$bin" verify "$tmp/export" --key "$fp" > /dev/null 2> "$tmp/bad.err"
[ $? -eq 1 ] || fail "verify of a changed export did not exit 1"
grep -q "$tmp/export/scores.csv was changed" "$tmp/bad.err" || fail "the changed file is not named: $(cat "$tmp/bad.err")"
grep -q "NOT VERIFIED" "$tmp/bad.err" || fail "no NOT VERIFIED line: $(cat "$tmp/bad.err")"
# Another school's fingerprint: refused.
"$bin" verify "$tmp/export" --key 0000-0000-0000-0000-0000-0000-0000-0000 > /dev/null 2> "$tmp/other.err"
[ $? -eq 1 ] || fail "verify with another school's key did not exit 1"
grep -q "not the expected 0000-0000" "$tmp/other.err" || fail "$(cat "$tmp/other.err")"
echo "ok: an export signed, verified by dlkiosk and by OpenSSL, and a changed file named"
