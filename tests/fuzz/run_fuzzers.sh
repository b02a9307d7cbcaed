#!/bin/sh
# Runs every fuzz target for SECONDS seconds each, from the seed corpus (the bundled bank, the
# test fixtures, the kept regressions). A crash, leak, timeout or out-of-memory fails the run
# and leaves the input in build/fuzz/findings/: copy it to tests/fuzz/regressions/<target>/.
set -eu
build="$1"
src="$2"
seconds="${3:-30}"
findings="$build/findings"
mkdir -p "$findings" "$build/package-seeds"
# Seed the package fuzzer with the bundled bank as a zip.
if command -v zip >/dev/null 2>&1; then
    (cd "$src/items" && zip -qr "$OLDPWD/$build/package-seeds/bank.zip" .) 2>/dev/null || true
fi
for target in item test json package blocks; do
    corpus="$build/corpus/$target"
    mkdir -p "$corpus"
    case $target in
        item) seeds="$src/items $src/tests/data" ;;
        test) seeds="$src/items" ;;
        json) seeds="" ;;
        package) seeds="$build/package-seeds" ;;
        blocks) seeds="" ;;
    esac
    echo "fuzz_$target: $seconds s"
    # shellcheck disable=SC2086
    "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$findings/$target-" "$corpus" "$src/tests/fuzz/regressions/$target" $seeds \
        2>&1 | tail -n 12
done
if [ -n "$(ls -A "$findings")" ]; then
    echo "fuzz: findings in $findings:"
    ls -l "$findings"
    exit 1
fi
echo "fuzz: no crashes, leaks or timeouts"
