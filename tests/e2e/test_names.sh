#!/bin/sh
# doctest_discover_tests runs each TEST_CASE as `--test-case=<name>`, where doctest reads ',' as
# a separator and '*' '?' as wildcards, and CMake splits lists at ';'. A name with one of those
# would make its ctest entry run no test at all and still pass; duplicates run twice. Refuse both.
set -eu
src="$1"
names=$(grep -rhoE 'TEST_CASE\("[^"]*"' "$src/tests" --include='*.cpp' | sed -E 's/^TEST_CASE\("(.*)"$/\1/')
bad=$(printf '%s\n' "$names" | grep -E '[,;*?]|\[|\]' || true)
[ -z "$bad" ] || { echo "FAIL: test names with , ; * ? [ ]:"; echo "$bad"; exit 1; }
dups=$(printf '%s\n' "$names" | sort | uniq -d)
[ -z "$dups" ] || { echo "FAIL: duplicate test names:"; echo "$dups"; exit 1; }
echo "ok: $(printf '%s\n' "$names" | wc -l) test names"
