#!/bin/sh
# A test that cannot run shows as skipped, never as passed, and CI refuses skips it could avoid:
# the skip line a test prints, the ctest property that turns it into "Skipped", and the check
# that fails a CI run (tests/check_skips.sh).
set -u
core_tests="$1"
build="$2"
src="$3"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

DLK_IRT_REFERENCE="$tmp/nowhere" "$core_tests" "--test-case=irt reference: complete Rasch design n1000_i40 agrees with MML and eRm" > "$tmp/out.txt" 2>&1
grep -q '^DLK-SKIP: \[missing data\] no reference data at' "$tmp/out.txt" || fail "no skip line: $(cat "$tmp/out.txt")"

# Every doctest entry carries the skip regex (read from the files doctest_discover_tests writes:
# running ctest here would overwrite the log of the run this test is part of).
for suite in dlk_core_tests dlk_ui_tests; do
    file=$(ls "$build"/tests/${suite}_tests-*.cmake 2>/dev/null | head -n 1)
    [ -n "$file" ] || fail "no test list for $suite in $build/tests"
    tests=$(grep -c '^ *add_test(' "$file")
    marked=$(grep -c 'SKIP_REGULAR_EXPRESSION DLK-SKIP:' "$file")
    [ "$tests" -gt 0 ] || fail "$suite lists no tests"
    [ "$tests" -eq "$marked" ] || fail "$suite: $marked of $tests tests carry the skip regex"
done

mkdir -p "$tmp/b/Testing/Temporary"
printf '1/2 Testing: core: full disk on tmpfs\nOutput:\nDLK-SKIP: cannot mount a 1 MB tmpfs here\n2/2 Testing: core: irt reference\nDLK-SKIP: [missing data] no reference data\n' > "$tmp/b/Testing/Temporary/LastTest.log"
DLK_NO_SKIPS=1 "$src/tests/check_skips.sh" "$tmp/b" > "$tmp/check.txt" && fail "CI accepted a skip it could avoid"
grep -q 'core: full disk on tmpfs' "$tmp/check.txt" || fail "the refused skip is not named"
DLK_NO_SKIPS=0 "$src/tests/check_skips.sh" "$tmp/b" > /dev/null || fail "without DLK_NO_SKIPS a skip is only listed"
printf '1/1 Testing: core: irt reference\nDLK-SKIP: [missing data] no reference data\n' > "$tmp/b/Testing/Temporary/LastTest.log"
DLK_NO_SKIPS=1 "$src/tests/check_skips.sh" "$tmp/b" > /dev/null || fail "missing outside data failed CI"
echo "ok: skips show as skipped and CI refuses the avoidable ones"
