#!/bin/sh
# Read-aloud works offline in both languages: `dlkiosk say --wav` synthesises Dutch and English
# speech through espeak-ng into real WAV files, and misuse is refused with a message.
set -eu
bin="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" say --lang nl --wav "$tmp/nl.wav" "Welk wachtwoord is het sterkst?" 2> "$tmp/nl.log"
"$bin" say --lang en --wav "$tmp/en.wav" "Which password is the strongest?" 2> "$tmp/en.log"
for f in nl en; do
    head -c 4 "$tmp/$f.wav" | grep -q RIFF || { echo "FAIL: $f.wav is not a WAV file"; exit 1; }
    size=$(wc -c < "$tmp/$f.wav")
    # At 22050 Hz, 16 bit: a second of speech is 44 kB; a sentence takes more than one.
    [ "$size" -gt 44144 ] || { echo "FAIL: $f.wav holds only $size bytes"; cat "$tmp/$f.log"; exit 1; }
done
cmp -s "$tmp/nl.wav" "$tmp/en.wav" && { echo "FAIL: Dutch and English speech are identical"; exit 1; }
if "$bin" say --lang fr --wav "$tmp/fr.wav" "Bonjour" 2> "$tmp/fr.log"; then
    echo "FAIL: an unsupported language was accepted"; exit 1
fi
grep -q "nl or en" "$tmp/fr.log" || { echo "FAIL: no clear message for --lang fr"; cat "$tmp/fr.log"; exit 1; }
if "$bin" say --lang nl --wav "$tmp/missing/dir/x.wav" "Hallo" 2> "$tmp/dir.log"; then
    echo "FAIL: writing into a missing folder succeeded"; exit 1
fi
grep -q "missing/dir/x.wav" "$tmp/dir.log" || { echo "FAIL: the error does not name the file"; cat "$tmp/dir.log"; exit 1; }
echo "ok: nl $(wc -c < "$tmp/nl.wav") bytes, en $(wc -c < "$tmp/en.wav") bytes"
