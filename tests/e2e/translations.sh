#!/bin/sh
# Every text the code marks with tr() or N_() has an English translation in assets/i18n/en.po.
set -eu
src="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
find "$src/app" -name '*.cpp' -o -name '*.h' | sort > "$tmp/files"
xgettext --from-code=UTF-8 --language=C++ --keyword=tr --keyword=N_ --no-location -f "$tmp/files" -o "$tmp/all.pot"
python3 "$src/packaging/tools/po_entries.py" "$tmp/all.pot" | sort -u > "$tmp/wanted"
python3 "$src/packaging/tools/po_entries.py" "$src/assets/i18n/en.po" | sort -u > "$tmp/have"
missing=$(comm -23 "$tmp/wanted" "$tmp/have")
if [ -n "$missing" ]; then
    echo "FAIL: no English translation for:"
    echo "$missing"
    exit 1
fi
echo "ok: $(wc -l < "$tmp/wanted") texts translated"
