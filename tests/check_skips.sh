#!/bin/sh
# After ctest: lists the tests that were skipped and why (their "DLK-SKIP: reason" line in
# Testing/Temporary/LastTest.log). With DLK_NO_SKIPS=1 (CI) a skipped test fails the run, unless it
# was skipped because data kept outside the repository (../shared) is missing: CI can run every
# other test, so skipping one there hides a missing install step or a broken environment.
set -u
log="$1/Testing/Temporary/LastTest.log"
[ -f "$log" ] || { echo "check_skips: no $log"; exit 1; }
skips=$(awk '/^[0-9]+\/[0-9]+ Testing: /{sub(/^[0-9]+\/[0-9]+ Testing: /, ""); name=$0} /^DLK-SKIP: /{print name " -- " $0}' "$log")
[ -z "$skips" ] && exit 0
echo "skipped tests:"
echo "$skips"
if [ "${DLK_NO_SKIPS:-0}" = "1" ]; then
    blocking=$(echo "$skips" | grep -v 'DLK-SKIP: \[missing data\]' || true)
    if [ -n "$blocking" ]; then
        echo "FAIL: these tests can run here and were skipped (DLK_NO_SKIPS=1):"
        echo "$blocking"
        exit 1
    fi
fi
exit 0
